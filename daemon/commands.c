/* SPDX-License-Identifier: ISC */
/*
 * commands.c - the control commands of DESIGN.md: status, routes,
 * neighbors, interfaces, addresses, lookup, ping.  Each builds a cJSON
 * result from the mirror; errors use the protocol's error codes:
 * unknown_command, bad_args, not_found, internal.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "fmt_ip.h"
#include "fmt_json.h"
#include "fmt_netstat.h"
#include "fmt_util.h"
#include "vmwatchd.h"
#include "vw_error.h"

typedef char *(*cmd_fn)(struct vw_daemon *, const struct vw_ctl_req *);

static void
json_opts(struct vw_daemon *d, struct vw_json_opts *jo, struct vw_names *n)
{
	memset(jo, 0, sizeof(*jo));
	vw_names_table(n, d->table);
	jo->os = vw_table_os(d->table);
	jo->names = n;
}

/* "inet" | "inet6" | absent → VW_AF_*, 0 for all; -1 when invalid. */
static int
arg_family(const struct vw_ctl_req *req)
{
	const char *f = vw_ctl_arg_str(req, "family", NULL);

	if (f == NULL || strcmp(f, "all") == 0)
		return 0;
	if (strcmp(f, "inet") == 0 || strcmp(f, "4") == 0)
		return VW_AF_INET;
	if (strcmp(f, "inet6") == 0 || strcmp(f, "6") == 0)
		return VW_AF_INET6;
	return -1;
}

static char *
bad_args(const struct vw_ctl_req *req, const char *msg)
{
	return vw_ctl_reply_err(req->id, "bad_args", msg);
}

/* args.format == "text": the OS's own tool's text instead of JSON. */
static int
want_text(const struct vw_ctl_req *req)
{
	const char *f = vw_ctl_arg_str(req, "format", "json");

	return strcmp(f, "text") == 0;
}

/* Collects text for a reply; NULL result on ENOMEM. */
struct textbuf {
	char	*s;
	size_t	 len;
	FILE	*fp;
};

static int
text_open(struct textbuf *tb)
{
	tb->s = NULL;
	tb->len = 0;
	return (tb->fp = open_memstream(&tb->s, &tb->len)) != NULL ? 0 : -1;
}

static char *
text_reply(struct textbuf *tb, const struct vw_ctl_req *req)
{
	cJSON *str;

	if (fclose(tb->fp) != 0) {
		free(tb->s);
		return NULL;
	}
	str = cJSON_CreateString(tb->s != NULL ? tb->s : "");
	free(tb->s);
	return str != NULL ? vw_ctl_reply_ok(req->id, str) : NULL;
}

static int
is_bsd(const struct vw_daemon *d)
{
	int os = vw_table_os(d->table);

	return os == VW_OS_DARWIN || os == VW_OS_FREEBSD;
}

static void
netstat_opts(struct vw_daemon *d, const struct vw_ctl_req *req,
    struct vw_netstat_opts *no, struct vw_names *n)
{
	memset(no, 0, sizeof(*no));
	vw_names_table(n, d->table);
	no->os = vw_table_os(d->table);
	no->now = vw_now_us() / 1000000;
	no->names = n;
	no->canon_mac = cJSON_IsTrue(req->args == NULL ? NULL :
	    cJSON_GetObjectItemCaseSensitive(req->args, "canon_mac"));
}

static char *
cmd_ping(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	(void)d;
	return vw_ctl_reply_ok(req->id, cJSON_CreateString("pong"));
}

/*
 * A counter as a raw JSON number: cJSON 1.7.15 prints every number with
 * "%1.15g" and checks it with sscanf("%lg"), about 3,000 instructions
 * each, which made that most of a status request's cost (callgrind,
 * tests/bench/ctl_load.sh).  The text is the same for any integer below
 * 10^15 in magnitude (uptime_s is negative if the wall clock stepped back).
 */
static void
add_count(cJSON *o, const char *key, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%lld", (long long)v);
	cJSON_AddRawToObject(o, key, num);
}

static char *
cmd_status(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	char started[VW_TIME_STRLEN];
	cJSON *r, *c;

	if ((r = cJSON_CreateObject()) == NULL)
		return NULL;
	vw_fmt_time(d->started_us, started, sizeof(started));
	cJSON_AddStringToObject(r, "version", VW_VERSION);
	cJSON_AddStringToObject(r, "os", vw_os_name(vw_table_os(d->table)));
	add_count(r, "pid", (int64_t)getpid());
	cJSON_AddStringToObject(r, "started", started);
	add_count(r, "uptime_s", (vw_now_us() - d->started_us) / 1000000);
	cJSON_AddStringToObject(r, "socket", d->sock_path);
	if ((c = cJSON_AddObjectToObject(r, "mirror")) != NULL) {
		add_count(c, "routes",
		    (int64_t)vw_table_count(d->table, VW_OBJ_ROUTE));
		add_count(c, "neighbors",
		    (int64_t)vw_table_count(d->table, VW_OBJ_NEIGH));
		add_count(c, "links",
		    (int64_t)vw_table_count(d->table, VW_OBJ_LINK));
		add_count(c, "addresses",
		    (int64_t)vw_table_count(d->table, VW_OBJ_ADDR));
	}
	add_count(r, "events", (int64_t)d->nevents);
	add_count(r, "last_seq", (int64_t)d->seq);
	add_count(r, "resyncs", (int64_t)d->nresync);
	add_count(r, "repaired", (int64_t)d->nrepaired);
	add_count(r, "clients", (int64_t)vw_ctl_nclients(d->ctl));
	add_count(r, "clients_dropped", (int64_t)vw_ctl_ndropped(d->ctl));
	cJSON_AddItemToObject(r, d->replay != NULL ? "replay" : "record",
	    vw_record_status(d));
	return vw_ctl_reply_ok(req->id, r);
}

/* The prefix filter keeps routes inside it (as or more specific). */
static int
in_filter(const struct vw_route *r, const struct vw_ip *p, unsigned plen)
{
	return r->plen >= plen && vw_ip_in_prefix(&r->dst, p, plen);
}

/*
 * netstat -rn (BSD) or ip route (Linux) text for the routes of family fam
 * inside prefix p/plen (p NULL: all).
 */
static char *
routes_text(struct vw_daemon *d, const struct vw_ctl_req *req, int fam,
    const struct vw_ip *p, unsigned plen)
{
	static const int fams[] = { VW_AF_INET, VW_AF_INET6 };
	const struct vw_route **rt = NULL;
	struct vw_netstat_opts no;
	struct vw_names names;
	struct textbuf tb;
	char row[VW_IP_LINEMAX];
	long n, i;
	size_t k;

	netstat_opts(d, req, &no, &names);
	if (text_open(&tb) < 0)
		return NULL;
	if (is_bsd(d))
		fprintf(tb.fp, "Routing tables\n");
	for (k = 0; k < 2; k++) {
		if (fam != 0 && fam != fams[k])
			continue;
		if ((n = vw_table_routes(d->table, fams[k], &rt)) < 0)
			break;
		if (is_bsd(d)) {
			vw_fmt_netstat_header(no.os, fams[k], row, sizeof(row));
			/* netstat: a blank line before each section. */
			fprintf(tb.fp, "\n%s:\n%s\n",
			    fams[k] == VW_AF_INET ? "Internet" : "Internet6",
			    row);
		}
		for (i = 0; i < n; i++) {
			if (p != NULL && !in_filter(rt[i], p, plen))
				continue;
			if (is_bsd(d)) {
				if (vw_netstat_hidden(rt[i], &no))
					continue;
				vw_fmt_netstat_row(rt[i], &no, row, sizeof(row));
			} else
				vw_fmt_ip_route(rt[i], &names, VW_IPF_ONELINE,
				    row, sizeof(row));
			fprintf(tb.fp, "%s\n", row);
		}
		free(rt);
		rt = NULL;
	}
	return text_reply(&tb, req);
}

static char *
cmd_routes(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	const struct vw_route **rt = NULL;
	const char *pfx = vw_ctl_arg_str(req, "prefix", NULL);
	struct vw_json_opts jo;
	struct vw_names names;
	struct vw_ip p = { 0 };
	unsigned plen = 0;
	long n, i;
	int fam;
	cJSON *arr;

	if ((fam = arg_family(req)) < 0)
		return bad_args(req, "family must be \"inet\" or \"inet6\"");
	if (pfx != NULL) {
		char buf[VW_IP_STRLEN], *slash, *end;

		snprintf(buf, sizeof(buf), "%s", pfx);
		if ((slash = strchr(buf, '/')) != NULL)
			*slash++ = '\0';
		if (vw_ip_parse(buf, &p) < 0)
			return bad_args(req, "prefix: not an address/len");
		plen = (unsigned)vw_ip_bytes(p.family) * 8;
		if (slash != NULL) {
			unsigned long v = strtoul(slash, &end, 10);

			if (*slash == '\0' || *end != '\0' || v > plen)
				return bad_args(req, "prefix: bad length");
			plen = (unsigned)v;
		}
		vw_ip_mask(&p, plen);
	}
	if ((n = vw_table_routes(d->table, fam, &rt)) < 0)
		return vw_ctl_reply_err(req->id, "internal", vw_strerror((int)n));
	if (want_text(req)) {
		free(rt);
		return routes_text(d, req, fam, pfx != NULL ? &p : NULL, plen);
	}
	json_opts(d, &jo, &names);
	arr = cJSON_CreateArray();
	for (i = 0; arr != NULL && i < n; i++) {
		if (pfx != NULL && !in_filter(rt[i], &p, plen))
			continue;
		cJSON_AddItemToArray(arr, vw_json_route(rt[i], &jo));
	}
	free(rt);
	return vw_ctl_reply_ok(req->id, arr);
}

/*
 * Neighbours, interfaces and addresses are all "a sorted snapshot, each
 * entry as a JSON object or one line of the OS's own tool": one reply
 * builder, and per kind a JSON and a text function.
 */
struct list_fmt {
	cJSON	*(*json)(const void *e, const struct vw_json_opts *jo);
	void	 (*text)(const struct vw_daemon *d, const void *e,
		    const struct vw_netstat_opts *no, char *buf, size_t len);
};

static char *
list_reply(struct vw_daemon *d, const struct vw_ctl_req *req,
    const void *const *e, long n, const struct list_fmt *f)
{
	struct vw_netstat_opts no;
	struct vw_json_opts jo;
	struct vw_names names;
	struct textbuf tb;
	char row[VW_IP_LINEMAX];
	cJSON *arr;
	long i;

	if (want_text(req)) {
		netstat_opts(d, req, &no, &names);
		if (text_open(&tb) < 0)
			return NULL;
		for (i = 0; i < n; i++) {
			f->text(d, e[i], &no, row, sizeof(row));
			fprintf(tb.fp, "%s\n", row);
		}
		return text_reply(&tb, req);
	}
	json_opts(d, &jo, &names);
	arr = cJSON_CreateArray();
	for (i = 0; arr != NULL && i < n; i++)
		cJSON_AddItemToArray(arr, f->json(e[i], &jo));
	return vw_ctl_reply_ok(req->id, arr);
}

static cJSON *
neigh_json(const void *e, const struct vw_json_opts *jo)
{
	return vw_json_neigh(e, jo);
}

/* arp -an on macOS/FreeBSD for IPv4, ip neigh otherwise. */
static void
neigh_text(const struct vw_daemon *d, const void *e,
    const struct vw_netstat_opts *no, char *buf, size_t len)
{
	const struct vw_neigh *nb = e;

	if (is_bsd(d) && nb->addr.family == VW_AF_INET)
		vw_fmt_arp_line(nb, no, buf, len);
	else
		vw_fmt_ip_neigh(nb, no->names, VW_IPF_ONELINE, buf, len);
}

static cJSON *
link_json(const void *e, const struct vw_json_opts *jo)
{
	return vw_json_link(e, jo);
}

static void
link_text(const struct vw_daemon *d, const void *e,
    const struct vw_netstat_opts *no, char *buf, size_t len)
{
	(void)d;
	vw_fmt_ip_link(e, no->os, no->names, VW_IPF_ONELINE, buf, len);
}

static cJSON *
addr_json(const void *e, const struct vw_json_opts *jo)
{
	return vw_json_addr(e, jo);
}

static void
addr_text(const struct vw_daemon *d, const void *e,
    const struct vw_netstat_opts *no, char *buf, size_t len)
{
	(void)d;
	vw_fmt_ip_addr(e, no->names, VW_IPF_ONELINE, buf, len);
}

static char *
cmd_neighbors(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	static const struct list_fmt f = { neigh_json, neigh_text };
	const struct vw_neigh **nb = NULL;
	char *reply;
	long n;
	int fam;

	if ((fam = arg_family(req)) < 0)
		return bad_args(req, "family must be \"inet\" or \"inet6\"");
	if ((n = vw_table_neighs(d->table, fam, &nb)) < 0)
		return vw_ctl_reply_err(req->id, "internal", vw_strerror((int)n));
	reply = list_reply(d, req, (const void *const *)nb, n, &f);
	free(nb);
	return reply;
}

static char *
cmd_interfaces(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	static const struct list_fmt f = { link_json, link_text };
	const struct vw_link **l = NULL;
	char *reply;
	long n;

	if ((n = vw_table_links(d->table, &l)) < 0)
		return vw_ctl_reply_err(req->id, "internal", vw_strerror((int)n));
	reply = list_reply(d, req, (const void *const *)l, n, &f);
	free(l);
	return reply;
}

static char *
cmd_addresses(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	static const struct list_fmt f = { addr_json, addr_text };
	const struct vw_ifaddr **a = NULL;
	char *reply;
	long n;
	int fam;

	if ((fam = arg_family(req)) < 0)
		return bad_args(req, "family must be \"inet\" or \"inet6\"");
	if ((n = vw_table_addrs(d->table, fam, &a)) < 0)
		return vw_ctl_reply_err(req->id, "internal", vw_strerror((int)n));
	reply = list_reply(d, req, (const void *const *)a, n, &f);
	free(a);
	return reply;
}

static char *
cmd_lookup(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	const char *addr = vw_ctl_arg_str(req, "address", NULL);
	const char *scope = vw_ctl_arg_str(req, "ifscope", NULL);
	const struct vw_link *l;
	struct vw_json_opts jo;
	struct vw_names names;
	struct vw_route rt;
	struct vw_ip ip;
	uint32_t ifscope = 0;
	cJSON *r;

	if (addr == NULL || vw_ip_parse(addr, &ip) < 0)
		return bad_args(req, "lookup needs \"address\": an IPv4 or "
		    "IPv6 address");
	if (scope != NULL) {
		if ((l = vw_table_link_byname(d->table, scope)) == NULL)
			return vw_ctl_reply_err(req->id, "not_found",
			    "ifscope: no such interface");
		ifscope = l->index;
	}
	if (vw_table_lookup(d->table, &ip, ifscope, &rt) < 0)
		return vw_ctl_reply_err(req->id, "not_found",
		    "no route to that address in the mirror");
	json_opts(d, &jo, &names);
	if (want_text(req)) {
		struct vw_netstat_opts no;
		struct textbuf tb;
		char row[VW_IP_LINEMAX];

		netstat_opts(d, req, &no, &names);
		if (text_open(&tb) < 0)
			return NULL;
		/* The matched entry, as the OS's own table lists it. */
		if (is_bsd(d))
			vw_fmt_netstat_row(&rt, &no, row, sizeof(row));
		else
			vw_fmt_ip_route(&rt, &names, VW_IPF_ONELINE, row,
			    sizeof(row));
		fprintf(tb.fp, "%s -> %s\n", addr, row);
		return text_reply(&tb, req);
	}
	if ((r = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(r, "address", addr);
	cJSON_AddItemToObject(r, "route", vw_json_route(&rt, &jo));
	if ((l = vw_table_link(d->table, rt.ifindex)) != NULL)
		cJSON_AddItemToObject(r, "interface", vw_json_link(l, &jo));
	return vw_ctl_reply_ok(req->id, r);
}

/*
 * follow: acknowledge, then stream every later event (optionally only the
 * kinds starting with args.kind, e.g. "route" or "link.") until the client
 * closes.  Handled before the table below because it needs the client.
 */
static char *
cmd_follow(struct vw_daemon *d, struct vw_ctl_client *c,
    const struct vw_ctl_req *req)
{
	struct vw_evfilter f;
	char msg[160], *ack, *text = NULL, *out;
	size_t len = 0;
	FILE *fp;
	cJSON *r;
	int replay, r_ok;

	if (vw_events_filters(req, &f, msg, sizeof(msg)) < 0)
		return bad_args(req, msg);
	replay = cJSON_IsTrue(req->args == NULL ? NULL :
	    cJSON_GetObjectItemCaseSensitive(req->args, "replay"));
	if (*vw_ctl_client_data(c) != NULL)
		return vw_ctl_reply_err(req->id, "bad_request",
		    "this connection already follows the event stream");
	if ((r = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddTrueToObject(r, "following");
	cJSON_AddNumberToObject(r, "last_seq", (double)d->seq);
	if ((ack = vw_ctl_reply_ok(req->id, r)) == NULL)
		return NULL;
	if (vw_follow_add(d, c, req->id, f.kind, f.target) < 0) {
		free(ack);
		return NULL;
	}
	if (!replay)
		return ack;
	/*
	 * `events -f`: the history first, in the same reply write, so no
	 * event can fall between what was remembered and what streams.
	 */
	if ((fp = open_memstream(&text, &len)) == NULL) {
		free(ack);
		return NULL;
	}
	fputs(ack, fp);
	free(ack);
	r_ok = vw_events_backlog(d, &f, req->id, fp);
	if (fclose(fp) != 0 || r_ok < 0) {
		free(text);
		return NULL;
	}
	out = text;
	return out;
}

static const struct {
	const char	*name;
	cmd_fn		 fn;
} commands[] = {
	{ "addresses",	cmd_addresses },
	{ "events",	vw_cmd_events },
	{ "interfaces",	cmd_interfaces },
	{ "lookup",	cmd_lookup },
	{ "metrics",	vw_cmd_metrics },
	{ "neighbors",	cmd_neighbors },
	{ "ping",	cmd_ping },
	{ "routes",	cmd_routes },
	{ "status",	cmd_status },
	{ "targets",	vw_cmd_targets },
};

char *
vw_daemon_request(struct vw_ctl_client *c, const struct vw_ctl_req *req,
    void *arg)
{
	struct vw_daemon *d = arg;
	char msg[96], *reply;
	size_t i;

	if (strcmp(req->cmd, "record") == 0) {
		/*
		 * `record start` makes the daemon (maybe root) create a file
		 * where it is told: only root or the daemon's own user may;
		 * members of the socket's group may read, not write.
		 */
		if (!vw_ctl_client_owner(c) && strcmp(vw_ctl_arg_str(req,
		    "action", ""), "window") != 0)
			return vw_ctl_reply_err(req->id, "denied",
			    "record start and stop need root or the daemon's "
			    "own user");
		if ((reply = vw_cmd_record(d, req)) == NULL)
			reply = vw_ctl_reply_err(req->id, "internal",
			    "out of memory");
		return reply;
	}
	if (strcmp(req->cmd, "follow") == 0) {
		if ((reply = cmd_follow(d, c, req)) == NULL)
			reply = vw_ctl_reply_err(req->id, "internal",
			    "out of memory");
		return reply;
	}
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(req->cmd, commands[i].name) != 0)
			continue;
		if ((reply = commands[i].fn(d, req)) == NULL)
			reply = vw_ctl_reply_err(req->id, "internal",
			    "out of memory");
		return reply;
	}
	snprintf(msg, sizeof(msg), "unknown command \"%s\"", req->cmd);
	return vw_ctl_reply_err(req->id, "unknown_command", msg);
}

void
vw_daemon_client_gone(struct vw_ctl_client *c, void *arg)
{
	vw_follow_gone(arg, c);
}
