/* SPDX-License-Identifier: ISC */
/*
 * vw_probe - run the daemon's prober on a libuv loop and print one JSON
 * line per result: the driver of tests/integration/prober.sh.
 *
 *   vw_probe [-c COUNT] [-i INTERVAL_MS] [-t TIMEOUT_MS] [--tcp PORT]
 *            [--cancel] [--close-after MS] [--no-recverr] ADDRESS...
 *
 * Every INTERVAL_MS one probe of each ADDRESS starts, COUNT rounds.
 * --cancel cancels every second probe at once (those print nothing);
 * --close-after closes the prober MS after the start, pending probes and
 * all; --no-recverr turns the Linux error queue off (white-box hook, so
 * the raw-socket ICMP error path is what answers).  A final line of
 * prober counters goes to stderr.  Exits 0 once every probe ended.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "probe.h"
#include "probe_int.h"
#include "vw_error.h"

struct run;

struct target {
	struct vw_ip	 ip;
	char		 text[VW_IP_STRLEN];
};

struct run {
	uv_loop_t		 loop;
	uv_timer_t		 tick, stop;
	struct vw_prober	*p;
	struct target		*t;
	struct job		*jobs;		/* count * nt, one per probe */
	int			 nt;
	int			 count, rounds;
	int			 kind, port, cancel;
	uint32_t		 timeout_ms;
	unsigned		 outstanding, started;
	int			 closed;
};

struct job {
	struct run	*r;
	struct target	*t;
};

static const char *
errno_name(int e)
{
	static const struct {
		int		 e;
		const char	*name;
	} tab[] = {
		{ EHOSTUNREACH, "EHOSTUNREACH" }, { ENETUNREACH, "ENETUNREACH" },
		{ EHOSTDOWN, "EHOSTDOWN" }, { EPERM, "EPERM" },
		{ EACCES, "EACCES" }, { ECONNREFUSED, "ECONNREFUSED" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { EMSGSIZE, "EMSGSIZE" },
		{ ENOPROTOOPT, "ENOPROTOOPT" }, { EOPNOTSUPP, "EOPNOTSUPP" },
		{ EPROTO, "EPROTO" }, { ENETDOWN, "ENETDOWN" },
		{ ECONNRESET, "ECONNRESET" }, { EADDRNOTAVAIL, "EADDRNOTAVAIL" },
		{ ENOBUFS, "ENOBUFS" }, { EAFNOSUPPORT, "EAFNOSUPPORT" },
		{ EINVAL, "EINVAL" }, { EAGAIN, "EAGAIN" },
#ifdef ENONET
		{ ENONET, "ENONET" },
#endif
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (tab[i].e == e)
			return tab[i].name;
	return "E?";
}

static const char *
mode_name(const struct run *r, const struct vw_ip *ip)
{
	if (r->kind == VW_PROBE_TCP)
		return "tcp";
	switch (vw_prober_icmp_mode(r->p, ip->family)) {
	case VW_ICMP_DGRAM:
		return "dgram";
	case VW_ICMP_RAW:
		return "raw";
	}
	return "none";
}

static void
finish_if_done(struct run *r)
{
	struct vw_prober_stats st;

	if (r->closed || r->rounds < r->count || r->outstanding > 0)
		return;
	vw_prober_stats(r->p, &st);
	fprintf(stderr, "{\"sent\":%llu,\"received\":%llu,\"timeouts\":%llu,"
	    "\"send_errors\":%llu,\"icmp_errors\":%llu,\"stray\":%llu}\n",
	    (unsigned long long)st.sent, (unsigned long long)st.received,
	    (unsigned long long)st.timeouts,
	    (unsigned long long)st.send_errors,
	    (unsigned long long)st.icmp_errors, (unsigned long long)st.stray);
	r->closed = 1;
	vw_prober_close(r->p);
	uv_close((uv_handle_t *)&r->tick, NULL);
	uv_close((uv_handle_t *)&r->stop, NULL);
}

static void
result_cb(const struct vw_probe_res *res, void *arg)
{
	struct job *j = arg;
	struct run *r = j->r;

	if (res->ok)
		printf("{\"addr\":\"%s\",\"ok\":1,\"rtt_us\":%u,\"err\":null,"
		    "\"errno\":0,", j->t->text, res->rtt_us);
	else if (res->err != 0)
		printf("{\"addr\":\"%s\",\"ok\":0,\"rtt_us\":0,\"err\":\"%s\","
		    "\"errno\":%d,", j->t->text, errno_name(res->err),
		    res->err);
	else
		printf("{\"addr\":\"%s\",\"ok\":0,\"rtt_us\":0,\"err\":null,"
		    "\"errno\":0,", j->t->text);
	printf("\"icmp_type\":%u,\"icmp_code\":%u,\"mode\":\"%s\"}\n",
	    res->icmp_type, res->icmp_code, mode_name(r, &j->t->ip));
	fflush(stdout);
	r->outstanding--;
	finish_if_done(r);
}

static void
tick_cb(uv_timer_t *h)
{
	struct run *r = h->data;
	struct job *j;
	uint64_t id;
	int i, e;

	if (r->closed)
		return;
	for (i = 0; i < r->nt; i++) {
		j = &r->jobs[(size_t)r->rounds * (size_t)r->nt + (size_t)i];
		j->r = r;
		j->t = &r->t[i];
		e = vw_probe_start(r->p, &r->t[i].ip, r->kind, r->port,
		    r->timeout_ms, result_cb, j, &id);
		if (e < 0) {
			fprintf(stderr, "vw_probe: %s: %s\n", r->t[i].text,
			    vw_strerror(e));
			exit(1);
		}
		if (r->cancel && (r->started++ & 1)) {
			vw_probe_cancel(r->p, id);
			continue;
		}
		r->outstanding++;
	}
	if (++r->rounds >= r->count)
		uv_timer_stop(&r->tick);
	finish_if_done(r);
}

static void
stop_cb(uv_timer_t *h)
{
	struct run *r = h->data;

	fprintf(stderr, "vw_probe: closing with %u probes pending\n",
	    r->outstanding);
	r->outstanding = 0;
	r->rounds = r->count;
	uv_timer_stop(&r->tick);
	finish_if_done(r);
}

static void
usage(void)
{
	fprintf(stderr, "usage: vw_probe [-c COUNT] [-i INTERVAL_MS] "
	    "[-t TIMEOUT_MS] [--tcp PORT] [--cancel] [--close-after MS] "
	    "[--no-recverr] ADDRESS...\n");
	exit(2);
}

static long
num(const char *s, long lo, long hi)
{
	char *end;
	long v;

	if (s == NULL)
		usage();
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < lo || v > hi)
		usage();
	return v;
}

int
main(int argc, char **argv)
{
	struct run r;
	long interval = 200, close_after = 0;
	int i, no_recverr = 0, e;

	memset(&r, 0, sizeof(r));
	r.count = 1;
	r.timeout_ms = 1000;
	r.kind = VW_PROBE_ICMP;
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-c") == 0)
			r.count = (int)num(argv[++i], 1, 100000);
		else if (strcmp(argv[i], "-i") == 0)
			interval = num(argv[++i], 1, 3600000);
		else if (strcmp(argv[i], "-t") == 0)
			r.timeout_ms = (uint32_t)num(argv[++i], 1, 3600000);
		else if (strcmp(argv[i], "--tcp") == 0) {
			r.kind = VW_PROBE_TCP;
			r.port = (int)num(argv[++i], 1, 65535);
		} else if (strcmp(argv[i], "--cancel") == 0)
			r.cancel = 1;
		else if (strcmp(argv[i], "--close-after") == 0)
			close_after = num(argv[++i], 1, 3600000);
		else if (strcmp(argv[i], "--no-recverr") == 0)
			no_recverr = 1;
		else
			usage();
	}
	if (i >= argc)
		usage();
	r.nt = argc - i;
	if ((r.t = calloc((size_t)r.nt, sizeof(*r.t))) == NULL ||
	    (r.jobs = calloc((size_t)r.nt * (size_t)r.count,
	    sizeof(*r.jobs))) == NULL)
		return 1;
	for (e = 0; e < r.nt; e++) {
		if (vw_ip_parse(argv[i + e], &r.t[e].ip) < 0) {
			fprintf(stderr, "vw_probe: bad address %s\n",
			    argv[i + e]);
			return 2;
		}
		snprintf(r.t[e].text, sizeof(r.t[e].text), "%s", argv[i + e]);
	}
	uv_loop_init(&r.loop);
	if ((e = vw_prober_new(&r.loop, &r.p)) < 0) {
		fprintf(stderr, "vw_probe: %s\n", vw_strerror(e));
		return 1;
	}
	r.p->no_recverr = no_recverr;
	uv_timer_init(&r.loop, &r.tick);
	uv_timer_init(&r.loop, &r.stop);
	r.tick.data = &r;
	r.stop.data = &r;
	uv_timer_start(&r.tick, tick_cb, 0, (uint64_t)interval);
	if (close_after > 0)
		uv_timer_start(&r.stop, stop_cb, (uint64_t)close_after, 0);
	uv_run(&r.loop, UV_RUN_DEFAULT);
	if (uv_loop_close(&r.loop) != 0) {
		fprintf(stderr, "vw_probe: handles left open on the loop\n");
		return 1;
	}
	free(r.jobs);
	free(r.t);
	return 0;
}
