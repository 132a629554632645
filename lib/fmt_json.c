/* SPDX-License-Identifier: ISC */
/*
 * fmt_json.c - the JSON shapes of /work/notes/json.md.
 *
 * Builders add every key (null where json.md says so) and give up cleanly
 * when cJSON runs out of memory: a failed add marks the build bad and the
 * half-built tree is deleted.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsd_msg.h"
#include "fmt_ip.h"
#include "fmt_json.h"
#include "fmt_netstat.h"
#include "nl_msg.h"
#include "vw_error.h"
#include "vw_table.h"

int
vw_fmt_time(int64_t us, char *buf, size_t len)
{
	int64_t sec = us / 1000000, frac = us % 1000000;
	struct tm tm;
	time_t t;
	int n;

	if (frac < 0) {
		frac += 1000000;
		sec -= 1;
	}
	t = (time_t)sec;
	if ((int64_t)t != sec || gmtime_r(&t, &tm) == NULL)
		return VW_ERANGE;
	n = snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec, (int)frac);
	if (n < 0 || (size_t)n >= len)
		return VW_ENOSPC;
	return n;
}

/* A builder: the object plus "something failed". */
struct jb {
	cJSON	*o;
	int	 bad;
};

static void
jb_begin(struct jb *b)
{
	b->o = cJSON_CreateObject();
	b->bad = b->o == NULL;
}

static cJSON *
jb_end(struct jb *b)
{
	if (b->bad) {
		cJSON_Delete(b->o);
		return NULL;
	}
	return b->o;
}

static void
jb_str(struct jb *b, const char *k, const char *v)
{
	if (b->bad)
		return;
	if ((v != NULL ? cJSON_AddStringToObject(b->o, k, v) :
	    cJSON_AddNullToObject(b->o, k)) == NULL)
		b->bad = 1;
}

static void
jb_num(struct jb *b, const char *k, double v)
{
	if (!b->bad && cJSON_AddNumberToObject(b->o, k, v) == NULL)
		b->bad = 1;
}

static void
jb_bool(struct jb *b, const char *k, int v)
{
	if (!b->bad && cJSON_AddBoolToObject(b->o, k, v) == NULL)
		b->bad = 1;
}

/* Adds item (NULL -> JSON null when `nullable`, else the build fails). */
static void
jb_item(struct jb *b, const char *k, cJSON *item, int nullable)
{
	if (b->bad) {
		cJSON_Delete(item);
		return;
	}
	if (item == NULL) {
		if (!nullable || cJSON_AddNullToObject(b->o, k) == NULL)
			b->bad = 1;
		return;
	}
	if (!cJSON_AddItemToObject(b->o, k, item)) {
		cJSON_Delete(item);
		b->bad = 1;
	}
}

static const char *
family_name(int family)
{
	switch (family) {
	case VW_AF_INET:	return "inet";
	case VW_AF_INET6:	return "inet6";
	default:		return NULL;
	}
}

/* The scoped address text, or NULL (JSON null) when there is none. */
static const char *
ip_text(const struct vw_ip *ip, const struct vw_names *n, char *buf,
    size_t len)
{
	if (ip->family == VW_AF_NONE)
		return NULL;
	if (vw_fmt_ip_scoped(ip, n, buf, len) < 0)
		return NULL;
	return buf;
}

static const char *
ll_canon(const struct vw_lladdr *ll, char *buf, size_t len)
{
	if (ll->len == 0 || vw_ll_canon(ll, buf, len) < 0)
		return NULL;
	return buf;
}

static const char *
ll_os(int os, unsigned sdl_type, const struct vw_lladdr *ll, char *buf,
    size_t len)
{
	if (ll->len == 0 || vw_fmt_lladdr_os(os, sdl_type, ll, buf, len) < 0)
		return NULL;
	return buf;
}

static cJSON *
json_linkgw(const struct vw_linkgw *g, int os)
{
	char a[VW_LL_STRLEN], b[VW_LL_STRLEN], text[96], name[VW_IFNAMSIZ];
	struct jb j;

	snprintf(name, sizeof(name), "%.*s", (int)sizeof(g->name) - 1,
	    g->name);
	jb_begin(&j);
	jb_num(&j, "index", g->sdl_index);
	jb_num(&j, "type", g->sdl_type);
	jb_str(&j, "name", name);
	jb_str(&j, "lladdr", ll_canon(&g->ll, a, sizeof(a)));
	jb_str(&j, "lladdr_os", ll_os(os, g->sdl_type, &g->ll, b, sizeof(b)));
	vw_fmt_netstat_linkgw(os == VW_OS_FREEBSD ? VW_OS_FREEBSD :
	    VW_OS_DARWIN, g, text, sizeof(text));
	jb_str(&j, "text", text);
	return jb_end(&j);
}

static cJSON *
json_nexthops(const struct vw_route *r, const struct vw_json_opts *o)
{
	char buf[VW_IP_STRLEN + VW_IFNAMSIZ];
	cJSON *arr;
	unsigned i;

	if ((arr = cJSON_CreateArray()) == NULL)
		return NULL;
	if (r->nnh <= 1 || r->nh == NULL)
		return arr;
	for (i = 0; i < r->nnh && i < VW_NH_MAX; i++) {
		const struct vw_nexthop *h = &r->nh[i];
		struct jb j;
		cJSON *it;

		jb_begin(&j);
		jb_str(&j, "gateway", ip_text(&h->gw, o->names, buf,
		    sizeof(buf)));
		jb_num(&j, "ifindex", h->ifindex);
		jb_str(&j, "ifname", vw_names_get(o->names, h->ifindex));
		jb_num(&j, "weight", h->weight);
		jb_num(&j, "flags", h->flags);
		if ((it = jb_end(&j)) == NULL ||
		    !cJSON_AddItemToArray(arr, it)) {
			cJSON_Delete(it);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

cJSON *
vw_json_route(const struct vw_route *r, const struct vw_json_opts *o)
{
	char buf[VW_IP_STRLEN + VW_IFNAMSIZ], flags[160];
	struct jb j;

	jb_begin(&j);
	jb_str(&j, "family", family_name(r->dst.family));
	jb_str(&j, "dst", ip_text(&r->dst, o->names, buf, sizeof(buf)));
	jb_num(&j, "plen", r->plen);
	jb_str(&j, "type", vw_rtype_name(r->type));
	jb_str(&j, "gateway", r->gwkind == VW_GW_IP ?
	    ip_text(&r->gw, o->names, buf, sizeof(buf)) : NULL);
	jb_item(&j, "gateway_link", r->gwkind == VW_GW_LINK ?
	    json_linkgw(&r->lgw, o->os) : NULL, r->gwkind != VW_GW_LINK);
	jb_num(&j, "ifindex", r->ifindex);
	jb_str(&j, "ifname", vw_names_get(o->names, r->ifindex));
	jb_num(&j, "table", r->table);
	jb_num(&j, "metric", r->metric);
	jb_num(&j, "protocol", r->proto);
	jb_num(&j, "scope", r->scope);
	jb_str(&j, "prefsrc", ip_text(&r->prefsrc, o->names, buf,
	    sizeof(buf)));
	jb_num(&j, "flags", r->flags);
	if (o->os == VW_OS_LINUX)
		vw_fmt_ip_rtflags(r->flags, ',', flags, sizeof(flags));
	else
		vw_fmt_netstat_flags(o->os, r->flags, flags, sizeof(flags));
	jb_str(&j, "flags_text", flags);
	jb_num(&j, "ifscope", r->ifscope);
	jb_num(&j, "mtu", r->mtu);
	jb_num(&j, "expire", (double)r->expire);
	jb_item(&j, "nexthops", json_nexthops(r, o), 0);
	return jb_end(&j);
}

static cJSON *
nud_array(unsigned state)
{
	static const struct { unsigned bit; const char *name; } nud[] = {
		{ VW_NUD_INCOMPLETE, "INCOMPLETE" },
		{ VW_NUD_REACHABLE, "REACHABLE" }, { VW_NUD_STALE, "STALE" },
		{ VW_NUD_DELAY, "DELAY" }, { VW_NUD_PROBE, "PROBE" },
		{ VW_NUD_FAILED, "FAILED" }, { VW_NUD_NOARP, "NOARP" },
		{ VW_NUD_PERMANENT, "PERMANENT" },
	};
	cJSON *arr, *s;
	size_t i;

	if ((arr = cJSON_CreateArray()) == NULL)
		return NULL;
	for (i = 0; i < sizeof(nud) / sizeof(nud[0]); i++) {
		if (state != 0 && (state & nud[i].bit) == 0)
			continue;
		s = cJSON_CreateString(state == 0 ? "NONE" : nud[i].name);
		if (s == NULL || !cJSON_AddItemToArray(arr, s)) {
			cJSON_Delete(s);
			cJSON_Delete(arr);
			return NULL;
		}
		if (state == 0)
			break;
	}
	return arr;
}

cJSON *
vw_json_neigh(const struct vw_neigh *nb, const struct vw_json_opts *o)
{
	char buf[VW_IP_STRLEN + VW_IFNAMSIZ];
	char a[VW_LL_STRLEN], b[VW_LL_STRLEN];
	struct jb j;

	jb_begin(&j);
	jb_str(&j, "family", family_name(nb->addr.family));
	jb_str(&j, "addr", ip_text(&nb->addr, o->names, buf, sizeof(buf)));
	jb_num(&j, "ifindex", nb->ifindex);
	jb_str(&j, "ifname", vw_names_get(o->names, nb->ifindex));
	jb_str(&j, "lladdr", ll_canon(&nb->ll, a, sizeof(a)));
	jb_str(&j, "lladdr_os", ll_os(o->os, nb->sdl_type, &nb->ll, b,
	    sizeof(b)));
	jb_item(&j, "state", nud_array(nb->state), 0);
	jb_bool(&j, "router", (nb->nflags & VW_NF_ROUTER) != 0);
	jb_num(&j, "expire", (double)nb->expire);
	jb_num(&j, "flags", nb->flags);
	return jb_end(&j);
}

static cJSON *
lflags_array(uint32_t f)
{
	static const struct { uint32_t bit; const char *name; } names[] = {
		{ VW_LF_UP, "UP" }, { VW_LF_RUNNING, "RUNNING" },
		{ VW_LF_LOOPBACK, "LOOPBACK" }, { VW_LF_P2P, "POINTOPOINT" },
		{ VW_LF_BROADCAST, "BROADCAST" },
		{ VW_LF_MULTICAST, "MULTICAST" }, { VW_LF_NOARP, "NOARP" },
		{ VW_LF_PROMISC, "PROMISC" }, { VW_LF_LOWER_UP, "LOWER_UP" },
	};
	cJSON *arr, *s;
	size_t i;

	if ((arr = cJSON_CreateArray()) == NULL)
		return NULL;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if ((f & names[i].bit) == 0)
			continue;
		s = cJSON_CreateString(names[i].name);
		if (s == NULL || !cJSON_AddItemToArray(arr, s)) {
			cJSON_Delete(s);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

cJSON *
vw_json_link(const struct vw_link *l, const struct vw_json_opts *o)
{
	static const char *const oper[] = {
		"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING",
		"DORMANT", "UP"
	};
	char a[VW_LL_STRLEN], name[VW_IFNAMSIZ], kind[VW_IFNAMSIZ];
	const char *os_state = NULL;
	struct jb j;

	/* The fixed arrays need not be NUL-terminated by the parser. */
	snprintf(name, sizeof(name), "%.*s", (int)sizeof(l->name) - 1,
	    l->name);
	snprintf(kind, sizeof(kind), "%.*s", (int)sizeof(l->kind) - 1,
	    l->kind);
	/* IF_OPER_* exists only on Linux; BSD links carry 0 meaning nothing. */
	if (o->os == VW_OS_LINUX)
		os_state = l->operstate < sizeof(oper) / sizeof(oper[0]) ?
		    oper[l->operstate] : "UNKNOWN";
	jb_begin(&j);
	jb_num(&j, "index", l->index);
	jb_str(&j, "name", name);
	jb_str(&j, "type", vw_link_type_name(l->type));
	jb_num(&j, "os_type", l->os_type);
	jb_item(&j, "flags", lflags_array(l->lflags), 0);
	jb_num(&j, "mtu", l->mtu);
	jb_str(&j, "lladdr", ll_canon(&l->ll, a, sizeof(a)));
	jb_str(&j, "operstate", os_state);
	jb_num(&j, "master", l->master);
	jb_str(&j, "kind", kind[0] != '\0' ? kind : NULL);
	return jb_end(&j);
}

cJSON *
vw_json_addr(const struct vw_ifaddr *a, const struct vw_json_opts *o)
{
	char buf[VW_IP_STRLEN + VW_IFNAMSIZ], label[VW_IFNAMSIZ];
	int has_peer = a->peer.family != VW_AF_NONE;
	struct jb j;

	snprintf(label, sizeof(label), "%.*s", (int)sizeof(a->label) - 1,
	    a->label);
	jb_begin(&j);
	jb_str(&j, "family", family_name(a->addr.family));
	jb_str(&j, "addr", ip_text(&a->addr, o->names, buf, sizeof(buf)));
	jb_num(&j, "plen", a->plen);
	jb_num(&j, "ifindex", a->ifindex);
	jb_str(&j, "ifname", vw_names_get(o->names, a->ifindex));
	jb_str(&j, "broadcast", has_peer && a->peer_is_brd ?
	    ip_text(&a->peer, o->names, buf, sizeof(buf)) : NULL);
	jb_str(&j, "peer", has_peer && !a->peer_is_brd ?
	    ip_text(&a->peer, o->names, buf, sizeof(buf)) : NULL);
	jb_num(&j, "scope", a->scope);
	jb_num(&j, "flags", a->flags);
	jb_str(&j, "label", label[0] != '\0' ? label : NULL);
	return jb_end(&j);
}

static const char *
msg_name(const struct vw_origin *org)
{
	if (org->os == VW_OS_LINUX)
		return vw_nl_type_name(org->msg_type);
	return vw_bsd_type_name(org->os, org->msg_type);
}

cJSON *
vw_json_origin(const struct vw_origin *org)
{
	struct jb j;

	jb_begin(&j);
	jb_str(&j, "os", vw_os_name(org->os));
	jb_str(&j, "msg", msg_name(org));
	jb_num(&j, "off", (double)org->msg_off);
	jb_num(&j, "pid", org->msg_pid);
	jb_num(&j, "seq", org->msg_seq);
	jb_num(&j, "errno", org->msg_errno);
	jb_bool(&j, "dump", org->dump != 0);
	return jb_end(&j);
}

static int
has_old(int kind)
{
	switch (kind) {
	case VW_EV_ROUTE_CHANGE: case VW_EV_NEIGH_CHANGE:
	case VW_EV_LINK_CHANGE: case VW_EV_LINK_UP: case VW_EV_LINK_DOWN:
		return 1;
	default:
		return 0;
	}
}

/* The object of an event's union (u or old) under its json.md key. */
static void
add_obj(struct jb *j, const char *key, int kind, const void *u,
    const struct vw_json_opts *o)
{
	cJSON *it;

	switch (vw_kind_obj(kind)) {
	case VW_OBJ_ROUTE:
		it = vw_json_route(u, o);
		break;
	case VW_OBJ_NEIGH:
		it = vw_json_neigh(u, o);
		break;
	case VW_OBJ_LINK:
		it = vw_json_link(u, o);
		break;
	case VW_OBJ_ADDR:
		it = vw_json_addr(u, o);
		break;
	default:
		return;
	}
	jb_item(j, key, it, 0);
}

static const char *
obj_key(int kind)
{
	switch (vw_kind_obj(kind)) {
	case VW_OBJ_ROUTE:	return "route";
	case VW_OBJ_NEIGH:	return "neighbor";
	case VW_OBJ_LINK:	return "link";
	case VW_OBJ_ADDR:	return "address";
	default:		return NULL;
	}
}

cJSON *
vw_json_event(const struct vw_event *ev, const struct vw_json_opts *o)
{
	struct vw_json_opts oo = *o;
	char t[VW_TIME_STRLEN];
	const char *key;
	struct jb j;

	if (oo.os == VW_OS_NONE)
		oo.os = ev->origin.os;
	jb_begin(&j);
	jb_num(&j, "seq", (double)ev->seq);
	jb_str(&j, "time", ev->time_us != 0 &&
	    vw_fmt_time(ev->time_us, t, sizeof(t)) > 0 ? t : NULL);
	jb_str(&j, "kind", vw_kind_name(ev->kind));
	jb_item(&j, "origin", ev->origin.os != VW_OS_NONE ?
	    vw_json_origin(&ev->origin) : NULL, ev->origin.os == VW_OS_NONE);
	if ((key = obj_key(ev->kind)) != NULL) {
		add_obj(&j, key, ev->kind, &ev->u, &oo);
		if ((o->flags & VW_JSONF_OLD) && has_old(ev->kind))
			add_obj(&j, "old", ev->kind, &ev->old, &oo);
	}
	return jb_end(&j);
}

/* Appends one built item per entry; `build` gets each entry pointer. */
static cJSON *
json_list(const void *const *ents, long n,
    cJSON *(*build)(const void *, const struct vw_json_opts *),
    const struct vw_json_opts *o)
{
	cJSON *arr, *it;
	long i;

	if ((arr = cJSON_CreateArray()) == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if ((it = build(ents[i], o)) == NULL ||
		    !cJSON_AddItemToArray(arr, it)) {
			cJSON_Delete(it);
			cJSON_Delete(arr);
			return NULL;
		}
	}
	return arr;
}

static cJSON *
b_route(const void *p, const struct vw_json_opts *o)
{
	return vw_json_route(p, o);
}

static cJSON *
b_neigh(const void *p, const struct vw_json_opts *o)
{
	return vw_json_neigh(p, o);
}

static cJSON *
b_link(const void *p, const struct vw_json_opts *o)
{
	return vw_json_link(p, o);
}

static cJSON *
b_addr(const void *p, const struct vw_json_opts *o)
{
	return vw_json_addr(p, o);
}

cJSON *
vw_json_table(const struct vw_table *t)
{
	const struct vw_route **rt = NULL;
	const struct vw_neigh **nb = NULL;
	const struct vw_link **ln = NULL;
	const struct vw_ifaddr **ad = NULL;
	struct vw_json_opts o;
	struct vw_names names;
	long nrt, nnb, nln, nad;
	cJSON *out = NULL;
	struct jb j;

	vw_names_table(&names, t);
	o.os = vw_table_os(t);
	o.names = &names;
	o.flags = 0;
	if ((nrt = vw_table_routes(t, 0, &rt)) < 0 ||
	    (nnb = vw_table_neighs(t, 0, &nb)) < 0 ||
	    (nln = vw_table_links(t, &ln)) < 0 ||
	    (nad = vw_table_addrs(t, 0, &ad)) < 0)
		goto out;
	jb_begin(&j);
	jb_str(&j, "os", vw_os_name(o.os));
	jb_item(&j, "routes", json_list((const void *const *)rt, nrt, b_route,
	    &o), 0);
	jb_item(&j, "neighbors", json_list((const void *const *)nb, nnb,
	    b_neigh, &o), 0);
	jb_item(&j, "links", json_list((const void *const *)ln, nln, b_link,
	    &o), 0);
	jb_item(&j, "addresses", json_list((const void *const *)ad, nad,
	    b_addr, &o), 0);
	out = jb_end(&j);
out:
	free(ad);
	free(ln);
	free(nb);
	free(rt);
	return out;
}

int
vw_json_fprint(FILE *fp, const cJSON *item)
{
	char *s;
	int rc = 0;

	if ((s = cJSON_PrintUnformatted(item)) == NULL)
		return VW_ENOMEM;
	if (fputs(s, fp) == EOF || fputc('\n', fp) == EOF)
		rc = VW_EIO;
	cJSON_free(s);
	return rc;
}
