/* SPDX-License-Identifier: ISC */
/*
 * metrics.c - the daemon's state in the Prometheus text format, for
 * `vmwatchctl metrics` and for the optional HTTP listener
 * (metrics.listen, off by default): per target up, RTT, loss, probes and
 * target.down transitions by cause; mirror sizes, resyncs, events,
 * control clients, log lines and what the log dropped or suppressed.
 *
 * The listener speaks just enough HTTP/1.0 for a scraper: one GET per
 * connection, answered and closed.  A request is bounded (8 KiB) and a
 * client that sends nothing is closed after 5 s.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fmt_prom.h"
#include "vmwatchd.h"
#include "vw_diag.h"
#include "vw_error.h"
#include "vw_target.h"
#include "vwlog.h"
#include "watch.h"

#define HTTP_REQ_MAX	8192
#define HTTP_IDLE_MS	5000
#define HTTP_CLIENTS	16	/* scrapers are few; more is an attack */

struct tctx {
	FILE		*fp;
	const char	*metric;
	int		 which;
};

enum { M_UP, M_STATE, M_RTT_MIN, M_RTT_AVG, M_RTT_MAX, M_RTT_SD, M_LOSS,
	M_SENT, M_RECV, M_ERR, M_DOWNS, M_TRANS };

static void
target_sample_cb(const struct vw_watch_tinfo *ti, void *arg)
{
	struct tctx *c = arg;
	const struct vw_tstats *st = ti->stats;
	char addr[VW_IP_STRLEN];
	const char *l[9];
	int i, answered = st->n > st->lost;

	vw_ip_str(ti->addr, addr, sizeof(addr));
	l[0] = "target";
	l[1] = addr;
	l[2] = "name";
	l[3] = ti->name != NULL ? ti->name : "";
	l[4] = NULL;
	switch (c->which) {
	case M_UP:
		vw_prom_sample(c->fp, c->metric, l, ti->state == VW_TS_UP ||
		    ti->state == VW_TS_DEGRADED);
		break;
	case M_STATE:
		l[4] = "state";
		l[6] = NULL;
		for (i = VW_TS_UNKNOWN; i <= VW_TS_DOWN; i++) {
			l[5] = vw_tstate_name(i);
			vw_prom_sample(c->fp, c->metric, l, ti->state == i);
		}
		break;
	case M_RTT_MIN:
	case M_RTT_AVG:
	case M_RTT_MAX:
	case M_RTT_SD:
		/* No answer in the window: no sample (absent, not zero). */
		if (answered)
			vw_prom_sample(c->fp, c->metric, l, (c->which ==
			    M_RTT_MIN ? st->rtt_min_us : c->which == M_RTT_AVG ?
			    st->rtt_avg_us : c->which == M_RTT_MAX ?
			    st->rtt_max_us : st->rtt_sd_us) / 1e6);
		break;
	case M_LOSS:
		if (st->n > 0)
			vw_prom_sample(c->fp, c->metric, l, st->loss_pct / 100);
		break;
	case M_SENT:
		vw_prom_sample(c->fp, c->metric, l, (double)st->sent);
		break;
	case M_RECV:
		vw_prom_sample(c->fp, c->metric, l, (double)st->received);
		break;
	case M_ERR:
		l[4] = "errno";
		l[6] = NULL;
		for (i = 0; i < VW_WATCH_NERRNO; i++) {
			if (ti->errs[i].err == 0)
				continue;
			l[5] = vw_watch_errno_name(ti->errs[i].err);
			vw_prom_sample(c->fp, c->metric, l,
			    (double)ti->errs[i].count);
		}
		break;
	case M_DOWNS:
		l[4] = "cause";
		l[6] = NULL;
		for (i = 1; i < VW_CAUSE__MAX; i++) {
			l[5] = vw_cause_name(i);
			vw_prom_sample(c->fp, c->metric, l, (double)ti->downs[i]);
		}
		break;
	case M_TRANS:
		vw_prom_sample(c->fp, c->metric, l, (double)ti->transitions);
		break;
	}
}

static void
target_family(struct vw_daemon *d, FILE *fp, const char *name,
    const char *type, const char *help, int which)
{
	struct tctx c = { fp, name, which };

	vw_prom_family(fp, name, type, help);
	vw_watch_foreach(d, target_sample_cb, &c);
}

static void
one(FILE *fp, const char *name, const char *type, const char *help,
    double v)
{
	vw_prom_family(fp, name, type, help);
	vw_prom_sample(fp, name, NULL, v);
}

char *
vw_metrics_text(struct vw_daemon *d)
{
	static const struct { int obj; const char *kind; } mirror[] = {
		{ VW_OBJ_ROUTE, "routes" }, { VW_OBJ_NEIGH, "neighbors" },
		{ VW_OBJ_LINK, "links" }, { VW_OBJ_ADDR, "addresses" },
	};
	struct vw_watch_stats ws;
	struct vw_log_stats ls;
	const char *l[3];
	char *text = NULL;
	size_t len = 0, i;
	FILE *fp;

	if ((fp = open_memstream(&text, &len)) == NULL)
		return NULL;
	vw_watch_stats(d, &ws);
	vw_log_stats(&ls);
	l[0] = "version";
	l[1] = VW_VERSION;
	l[2] = NULL;
	vw_prom_family(fp, "vmwatch_build_info", "gauge",
	    "vmwatchd's version (always 1)");
	vw_prom_sample(fp, "vmwatch_build_info", l, 1);
	one(fp, "vmwatch_start_time_seconds", "gauge",
	    "When vmwatchd started, seconds since the epoch",
	    (double)(d->started_us / 1000000));

	target_family(d, fp, "vmwatch_target_up", "gauge",
	    "1 when the target answers (up or degraded), else 0", M_UP);
	target_family(d, fp, "vmwatch_target_state", "gauge",
	    "1 for the target's current state", M_STATE);
	target_family(d, fp, "vmwatch_target_rtt_min_seconds", "gauge",
	    "Shortest round trip in the last 20 probes", M_RTT_MIN);
	target_family(d, fp, "vmwatch_target_rtt_avg_seconds", "gauge",
	    "Mean round trip in the last 20 probes", M_RTT_AVG);
	target_family(d, fp, "vmwatch_target_rtt_max_seconds", "gauge",
	    "Longest round trip in the last 20 probes", M_RTT_MAX);
	target_family(d, fp, "vmwatch_target_rtt_stddev_seconds", "gauge",
	    "Standard deviation of the round trip in the last 20 probes",
	    M_RTT_SD);
	target_family(d, fp, "vmwatch_target_loss_ratio", "gauge",
	    "Share of the last 20 probes that got no answer", M_LOSS);
	target_family(d, fp, "vmwatch_target_probes_sent_total", "counter",
	    "Probes sent", M_SENT);
	target_family(d, fp, "vmwatch_target_probes_answered_total",
	    "counter", "Probes answered", M_RECV);
	target_family(d, fp, "vmwatch_target_probe_errors_total", "counter",
	    "Probes whose send failed, by errno (EHOSTUNREACH, ENETUNREACH, "
	    "...)", M_ERR);
	target_family(d, fp, "vmwatch_target_down_total", "counter",
	    "target.down verdicts by cause", M_DOWNS);
	target_family(d, fp, "vmwatch_target_transitions_total", "counter",
	    "State changes (target.up, target.down, target.degraded)",
	    M_TRANS);

	vw_prom_family(fp, "vmwatch_mirror_entries", "gauge",
	    "Entries in the kernel mirror");
	for (i = 0; i < sizeof(mirror) / sizeof(mirror[0]); i++) {
		l[0] = "kind";
		l[1] = mirror[i].kind;
		vw_prom_sample(fp, "vmwatch_mirror_entries", l,
		    (double)vw_table_count(d->table, mirror[i].obj));
	}
	one(fp, "vmwatch_kernel_resyncs_total", "counter",
	    "Full re-reads of the kernel tables (overflow, timer, wake)",
	    (double)d->nresync);
	one(fp, "vmwatch_kernel_repaired_total", "counter",
	    "Differences resyncs found: kernel messages that were missed",
	    (double)d->nrepaired);
	one(fp, "vmwatch_events_total", "counter", "Events numbered and logged",
	    (double)d->nevents);
	one(fp, "vmwatch_probes_total", "counter", "Probes started",
	    (double)ws.probes);
	one(fp, "vmwatch_reprobes_total", "counter",
	    "Immediate re-probes after a kernel change on a target's path",
	    (double)ws.reprobes);
	one(fp, "vmwatch_guests_discovered_total", "counter",
	    "Guests found on bridge interfaces", (double)ws.discovered);
	one(fp, "vmwatch_guests_retired_total", "counter",
	    "Discovered guests dropped after discovery.retire_after",
	    (double)ws.retired);
	one(fp, "vmwatch_host_wakes_total", "counter",
	    "Times the host was seen waking from sleep", (double)ws.wakes);
	one(fp, "vmwatch_control_clients", "gauge",
	    "Connected control clients", (double)vw_ctl_nclients(d->ctl));
	one(fp, "vmwatch_control_clients_dropped_total", "counter",
	    "Control clients dropped for not reading their replies",
	    (double)vw_ctl_ndropped(d->ctl));
	one(fp, "vmwatch_log_lines_total", "counter",
	    "Human log lines written (stderr/syslog)", (double)ls.lines);
	one(fp, "vmwatch_log_suppressed_total", "counter",
	    "Human log lines the per-template rate limit suppressed",
	    (double)ls.suppressed);
	one(fp, "vmwatch_log_json_lines_total", "counter",
	    "Lines written to the JSON log", (double)ls.json_lines);
	one(fp, "vmwatch_log_json_dropped_total", "counter",
	    "JSON log lines dropped because the disk did not keep up",
	    (double)ls.json_dropped);
	one(fp, "vmwatch_log_json_failures_total", "counter",
	    "Failed writes or opens of the JSON log", (double)ls.json_failures);
	one(fp, "vmwatch_log_syslog_dropped_total", "counter",
	    "syslog lines dropped because syslog was missing or not reading",
	    (double)ls.syslog_dropped);
	one(fp, "vmwatch_log_json_reopens_total", "counter",
	    "Times the JSON log was opened again (moved away, SIGUSR1)",
	    (double)ls.reopens);
	if (fclose(fp) != 0) {
		free(text);
		return NULL;
	}
	return text;
}

char *
vw_cmd_metrics(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	cJSON *s;
	char *text;

	if ((text = vw_metrics_text(d)) == NULL)
		return NULL;
	s = cJSON_CreateString(text);
	free(text);
	return s != NULL ? vw_ctl_reply_ok(req->id, s) : NULL;
}

/* ---- the HTTP listener ------------------------------------------------- */

struct vw_metrics_http {
	struct vw_daemon	*d;
	uv_tcp_t		 server;
	uint64_t		 served;
	int			 nclients;
	int			 closed;	/* the listener is closed: free with
						   the last client */
};

struct hclient {
	uv_tcp_t		 tcp;
	uv_timer_t		 idle;
	struct vw_metrics_http	*h;
	char			 req[HTTP_REQ_MAX];
	size_t			 len;
	int			 answered;
	int			 closing;
};

static void
hclient_free_cb(uv_handle_t *handle)
{
	struct hclient *c = handle->data;

	/* Two handles: free after the second closes. */
	if (++c->closing == 3) {
		struct vw_metrics_http *h = c->h;

		free(c);
		if (--h->nclients == 0 && h->closed)
			free(h);
	}
}

static void
hclient_close(struct hclient *c)
{
	if (c->closing)
		return;
	c->closing = 1;
	uv_close((uv_handle_t *)&c->tcp, hclient_free_cb);
	uv_close((uv_handle_t *)&c->idle, hclient_free_cb);
}

static void
write_cb(uv_write_t *w, int status)
{
	struct hclient *c = w->data;

	free(w);
	/* Cancelled: the handle is being closed already (shutdown). */
	if (status == UV_ECANCELED || uv_is_closing((uv_handle_t *)&c->tcp))
		return;
	hclient_close(c);
}

static void
respond(struct hclient *c, const char *status, const char *ctype,
    const char *body)
{
	uv_write_t *w;
	uv_buf_t b;
	size_t n = strlen(body) + 256;
	char *p;

	if ((w = malloc(sizeof(*w) + n)) == NULL) {
		hclient_close(c);
		return;
	}
	p = (char *)(w + 1);
	n = (size_t)snprintf(p, n, "HTTP/1.0 %s\r\nContent-Type: %s\r\n"
	    "Content-Length: %zu\r\nConnection: close\r\n\r\n%s", status,
	    ctype, strlen(body), body);
	w->data = c;
	b = uv_buf_init(p, (unsigned)n);
	c->answered = 1;
	if (uv_write(w, (uv_stream_t *)&c->tcp, &b, 1, write_cb) != 0) {
		free(w);
		hclient_close(c);
	}
}

static void
hclient_alloc_cb(uv_handle_t *handle, size_t hint, uv_buf_t *buf)
{
	struct hclient *c = handle->data;

	(void)hint;
	*buf = uv_buf_init(c->req + c->len, (unsigned)(sizeof(c->req) - 1 -
	    c->len));
}

static void
hclient_read_cb(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct hclient *c = s->data;
	char *text;

	(void)buf;
	if (nread < 0) {
		hclient_close(c);
		return;
	}
	if (c->answered)
		return;
	c->len += (size_t)nread;
	c->req[c->len] = '\0';
	if (strstr(c->req, "\r\n\r\n") == NULL &&
	    strstr(c->req, "\n\n") == NULL) {
		if (c->len >= sizeof(c->req) - 1)
			respond(c, "431 Request Header Fields Too Large",
			    "text/plain", "request too large\n");
		return;
	}
	uv_read_stop(s);
	if (strncmp(c->req, "GET /metrics ", 13) != 0 &&
	    strncmp(c->req, "GET /metrics?", 13) != 0) {
		respond(c, strncmp(c->req, "GET ", 4) == 0 ? "404 Not Found" :
		    "405 Method Not Allowed", "text/plain",
		    "vmwatchd serves GET /metrics only\n");
		return;
	}
	if ((text = vw_metrics_text(c->h->d)) == NULL) {
		respond(c, "500 Internal Server Error", "text/plain",
		    "out of memory\n");
		return;
	}
	c->h->served++;
	respond(c, "200 OK", "text/plain; version=0.0.4; charset=utf-8", text);
	free(text);
}

static void
hclient_idle_cb(uv_timer_t *t)
{
	hclient_close(t->data);
}

static void
refused_cb(uv_handle_t *t)
{
	free(t);
}

/* Take a connection we will not serve, so libuv keeps accepting. */
static void
refuse(struct vw_metrics_http *h)
{
	uv_tcp_t *t;

	if ((t = malloc(sizeof(*t))) == NULL)
		return;
	uv_tcp_init(h->d->loop, t);
	(void)uv_accept((uv_stream_t *)&h->server, (uv_stream_t *)t);
	uv_close((uv_handle_t *)t, refused_cb);
}

static void
http_conn_cb(uv_stream_t *server, int status)
{
	struct vw_metrics_http *h = server->data;
	struct hclient *c;

	if (status < 0)
		return;
	if (h->nclients >= HTTP_CLIENTS || (c = calloc(1, sizeof(*c))) ==
	    NULL) {
		refuse(h);
		return;
	}
	h->nclients++;
	c->h = h;
	uv_tcp_init(h->d->loop, &c->tcp);
	uv_timer_init(h->d->loop, &c->idle);
	c->tcp.data = c->idle.data = c;
	if (uv_accept(server, (uv_stream_t *)&c->tcp) != 0 ||
	    uv_read_start((uv_stream_t *)&c->tcp, hclient_alloc_cb,
	    hclient_read_cb) != 0) {
		hclient_close(c);
		return;
	}
	uv_timer_start(&c->idle, hclient_idle_cb, HTTP_IDLE_MS, 0);
}

static void
http_free_cb(uv_handle_t *handle)
{
	struct vw_metrics_http *h = handle->data;

	h->closed = 1;
	if (h->nclients == 0)
		free(h);
}

int
vw_metrics_http_start(struct vw_daemon *d, const struct vw_ip *ip, int port,
    struct vw_metrics_http **out, char *err, size_t errlen)
{
	struct vw_metrics_http *h;
	struct sockaddr_storage ss;
	char a[VW_IP_STRLEN];
	int r;

	*out = NULL;
	vw_ip_str(ip, a, sizeof(a));
	memset(&ss, 0, sizeof(ss));
	if (ip->family == VW_AF_INET6)
		r = uv_ip6_addr(a, port, (struct sockaddr_in6 *)&ss);
	else
		r = uv_ip4_addr(a, port, (struct sockaddr_in *)&ss);
	if (r != 0) {
		snprintf(err, errlen, "metrics.listen %s:%d: %s", a, port,
		    uv_strerror(r));
		return VW_EINVAL;
	}
	if ((h = calloc(1, sizeof(*h))) == NULL)
		return VW_ENOMEM;
	h->d = d;
	uv_tcp_init(d->loop, &h->server);
	h->server.data = h;
	if ((r = uv_tcp_bind(&h->server, (struct sockaddr *)&ss, 0)) != 0 ||
	    (r = uv_listen((uv_stream_t *)&h->server, 64, http_conn_cb)) != 0) {
		snprintf(err, errlen, "metrics.listen %s:%d: %s", a, port,
		    uv_strerror(r));
		uv_close((uv_handle_t *)&h->server, http_free_cb);
		return VW_EIO;
	}
	*out = h;
	return 0;
}

void
vw_metrics_http_stop(struct vw_metrics_http *h)
{
	if (h != NULL)
		uv_close((uv_handle_t *)&h->server, http_free_cb);
}
