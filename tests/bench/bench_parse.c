/* SPDX-License-Identifier: ISC */
/*
 * bench_parse - throughput of the two message decoders, alone and with the
 * table behind them, on 1,000,000 synthetic messages of each kind:
 *
 *   macOS  NET_RT_DUMP2 entries: RTM_GET2 + DST, GATEWAY, radix NETMASK, IFA
 *   Linux  RTM_NEWROUTE dump messages: dst/24, gateway, oif, priority
 *
 * Each figure is printed next to the named baseline of the same run, the
 * "floor": a loop that only steps from message to message by the length
 * field (what any reader of these buffers must do at least).
 *
 *   bench_parse [N]                 timings (messages/s, ratio to the floor)
 *   bench_parse --loop NAME [N]     run one loop only, for
 *       valgrind --tool=callgrind --toggle-collect=bench__NAME
 *   where NAME is bsd_floor, bsd_parse, bsd_apply, nl_floor, nl_parse,
 *   nl_apply; tests/bench/run.sh turns the counts into instructions per
 *   message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsd_fix.h"
#include "bsd_msg.h"
#include "bsd_wire.h"
#include "nl_fix.h"
#include "nl_msg.h"
#include "vw_table.h"

static volatile unsigned long long sink;

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
build_bsd(struct bsd_buf *b, long n)
{
	char dst[32], gw[32];
	long i;

	bsd_buf_init(b, VW_OS_DARWIN);
	for (i = 0; i < n; i++) {
		struct bsd_rt h;

		memset(&h, 0, sizeof(h));
		h.type = VW_RTM_DARWIN_GET2;
		h.index = 4;
		h.flags = VW_RTF_UP | VW_RTF_GATEWAY | VW_RTF_STATIC;
		h.addrs = VW_RTA_DST | VW_RTA_GATEWAY | VW_RTA_NETMASK |
		    VW_RTA_IFA;
		h.use = (int32_t)i;
		snprintf(dst, sizeof(dst), "%ld.%ld.%ld.0", 10 + (i >> 16) % 100,
		    (i >> 8) & 255, i & 255);
		snprintf(gw, sizeof(gw), "198.18.%ld.%ld", (i >> 8) & 255,
		    1 + (i & 127));
		bsd_rt2(b, &h);
		bsd_sa_in(b, dst);
		bsd_sa_in(b, gw);
		bsd_sa_mask4_radix(b, 24);
		bsd_sa_in(b, "198.18.0.2");
		bsd_end(b, BSD_END_PADDED);
	}
}

static void
build_nl(struct nl_fix_buf *b, long n)
{
	char dst[32], gw[32];
	long i;

	nl_fix_init(b);
	for (i = 0; i < n; i++) {
		struct nl_fix_route r;

		memset(&r, 0, sizeof(r));
		snprintf(dst, sizeof(dst), "%ld.%ld.%ld.0", 10 + (i >> 16) % 100,
		    (i >> 8) & 255, i & 255);
		snprintf(gw, sizeof(gw), "198.18.%ld.%ld", (i >> 8) & 255,
		    1 + (i & 127));
		r.nlflags = 0x2;	/* NLM_F_MULTI: a dump */
		r.seq = 1;
		r.dst = dst;
		r.plen = 24;
		r.proto = 4;		/* static */
		r.gw = gw;
		r.oif = 3;
		r.metric = 100;
		r.has_metric = 1;
		nl_fix_route(b, &r);
	}
}

/* ---- the loops (named so callgrind can count each alone) ------------- */

unsigned long long bench__bsd_floor(const uint8_t *p, size_t len);
unsigned long long bench__bsd_parse(const uint8_t *p, size_t len);
unsigned long long bench__bsd_apply(const uint8_t *p, size_t len,
    struct vw_table *t);
unsigned long long bench__nl_floor(const uint8_t *p, size_t len);
unsigned long long bench__nl_parse(const uint8_t *p, size_t len);
unsigned long long bench__nl_apply(const uint8_t *p, size_t len,
    struct vw_table *t);

__attribute__((noinline)) unsigned long long
bench__bsd_floor(const uint8_t *p, size_t len)
{
	unsigned long long n = 0;
	size_t off = 0;
	uint16_t ml;

	while (off + 4 <= len) {
		memcpy(&ml, p + off, 2);
		if (ml == 0 || ml > len - off)
			break;
		n += p[off + 3];	/* touch the type byte, as a reader must */
		off += ml;
	}
	return n;
}

__attribute__((noinline)) unsigned long long
bench__bsd_parse(const uint8_t *p, size_t len)
{
	static struct vw_bsd_msg m;
	unsigned long long n = 0;
	size_t off = 0;
	int r;

	while (off < len) {
		if ((r = vw_bsd_parse(VW_OS_DARWIN, p + off, len - off, off, &m,
		    NULL)) <= 0)
			break;
		n += m.sa[0].ip.a[1];
		off += (size_t)r;
	}
	return n;
}

__attribute__((noinline)) unsigned long long
bench__bsd_apply(const uint8_t *p, size_t len, struct vw_table *t)
{
	static struct vw_bsd_msg m;
	static struct vw_event ev[2];
	unsigned long long n = 0;
	size_t off = 0;
	int r, k, i;

	while (off < len) {
		if ((r = vw_bsd_parse(VW_OS_DARWIN, p + off, len - off, off, &m,
		    NULL)) <= 0)
			break;
		k = vw_bsd_to_events(&m, BSD_FIX_NOW, ev, 2);
		for (i = 0; i < k; i++)
			n += (unsigned long long)vw_table_apply(t, &ev[i], NULL,
			    NULL);
		off += (size_t)r;
	}
	return n;
}

__attribute__((noinline)) unsigned long long
bench__nl_floor(const uint8_t *p, size_t len)
{
	unsigned long long n = 0;
	size_t off = 0;
	uint32_t ml;

	while (off + 16 <= len) {
		memcpy(&ml, p + off, 4);
		if (ml < 16 || ml > len - off)
			break;
		n += p[off + 4];
		off += (ml + 3u) & ~3u;
	}
	return n;
}

__attribute__((noinline)) unsigned long long
bench__nl_parse(const uint8_t *p, size_t len)
{
	static struct vw_event ev;
	struct vw_nl_hdr h;
	unsigned long long n = 0;
	size_t off = 0;
	int r, nev;

	while (off < len) {
		if ((r = vw_nl_parse(p + off, len - off, off, &h, &ev, &nev,
		    NULL)) <= 0)
			break;
		n += (unsigned long long)nev + ev.u.route.dst.a[1];
		off += (size_t)r;
	}
	return n;
}

__attribute__((noinline)) unsigned long long
bench__nl_apply(const uint8_t *p, size_t len, struct vw_table *t)
{
	static struct vw_event ev;
	struct vw_nl_hdr h;
	unsigned long long n = 0;
	size_t off = 0;
	int r, nev;

	while (off < len) {
		if ((r = vw_nl_parse(p + off, len - off, off, &h, &ev, &nev,
		    NULL)) <= 0)
			break;
		if (nev == 1)
			n += (unsigned long long)vw_table_apply(t, &ev, NULL,
			    NULL);
		off += (size_t)r;
	}
	return n;
}

static void
report(const char *what, long n, double secs, double floor_secs)
{
	printf("  %-34s %10.0f msg/s  %7.1f ns/msg  %6.1fx the floor\n", what,
	    (double)n / secs, secs * 1e9 / (double)n,
	    floor_secs > 0 ? secs / floor_secs : 1.0);
}

static int
run_one(const char *name, const uint8_t *bp, size_t blen, const uint8_t *np,
    size_t nlen, long n)
{
	struct vw_table *t = NULL;
	unsigned long long v;

	if (strcmp(name, "bsd_floor") == 0)
		v = bench__bsd_floor(bp, blen);
	else if (strcmp(name, "bsd_parse") == 0)
		v = bench__bsd_parse(bp, blen);
	else if (strcmp(name, "bsd_apply") == 0) {
		t = vw_table_new(VW_OS_DARWIN);
		v = bench__bsd_apply(bp, blen, t);
		if (vw_table_count(t, VW_OBJ_ROUTE) != (size_t)n) {
			fprintf(stderr, "bench_parse: table has %zu routes, "
			    "expected %ld\n", vw_table_count(t, VW_OBJ_ROUTE), n);
			return 1;
		}
	} else if (strcmp(name, "nl_floor") == 0)
		v = bench__nl_floor(np, nlen);
	else if (strcmp(name, "nl_parse") == 0)
		v = bench__nl_parse(np, nlen);
	else if (strcmp(name, "nl_apply") == 0) {
		t = vw_table_new(VW_OS_LINUX);
		v = bench__nl_apply(np, nlen, t);
		if (vw_table_count(t, VW_OBJ_ROUTE) != (size_t)n) {
			fprintf(stderr, "bench_parse: table has %zu routes, "
			    "expected %ld\n", vw_table_count(t, VW_OBJ_ROUTE), n);
			return 1;
		}
	} else {
		fprintf(stderr, "bench_parse: unknown loop %s\n", name);
		return 2;
	}
	sink = v;
	vw_table_free(t);
	return 0;
}

int
main(int argc, char **argv)
{
	struct bsd_buf bb;
	struct nl_fix_buf nb;
	struct vw_table *t;
	const char *loop = NULL;
	double t0, fb, fn, s;
	long n = 1000000;
	int r;

	if (argc > 2 && strcmp(argv[1], "--loop") == 0) {
		loop = argv[2];
		argc -= 2;
		argv += 2;
	}
	if (argc > 1)
		n = atol(argv[1]);
	if (n <= 0 || n > 5000000) {
		fprintf(stderr, "usage: bench_parse [--loop NAME] [N]\n");
		return 2;
	}
	build_bsd(&bb, n);
	build_nl(&nb, n);
	if (loop != NULL) {
		r = run_one(loop, bb.b, bb.len, nb.data, nb.len, n);
		bsd_buf_free(&bb);
		nl_fix_free(&nb);
		return r;
	}
	printf("bench_parse: %ld messages each; macOS dump %zu bytes, "
	    "netlink dump %zu bytes\n", n, bb.len, nb.len);

	printf("macOS RTM_GET2 (DST, GATEWAY, NETMASK, IFA):\n");
	t0 = now_s(); sink = bench__bsd_floor(bb.b, bb.len); fb = now_s() - t0;
	report("floor (step by rtm_msglen)", n, fb, fb);
	t0 = now_s(); sink = bench__bsd_parse(bb.b, bb.len); s = now_s() - t0;
	report("parse", n, s, fb);
	t = vw_table_new(VW_OS_DARWIN);
	t0 = now_s(); sink = bench__bsd_apply(bb.b, bb.len, t); s = now_s() - t0;
	report("parse + events + apply (to 1M)", n, s, fb);
	vw_table_free(t);

	printf("Linux RTM_NEWROUTE (DST, GATEWAY, OIF, PRIORITY, TABLE):\n");
	t0 = now_s(); sink = bench__nl_floor(nb.data, nb.len); fn = now_s() - t0;
	report("floor (step by nlmsg_len)", n, fn, fn);
	t0 = now_s(); sink = bench__nl_parse(nb.data, nb.len); s = now_s() - t0;
	report("parse", n, s, fn);
	t = vw_table_new(VW_OS_LINUX);
	t0 = now_s(); sink = bench__nl_apply(nb.data, nb.len, t); s = now_s() - t0;
	report("parse + apply (to 1M)", n, s, fn);
	vw_table_free(t);

	bsd_buf_free(&bb);
	nl_fix_free(&nb);
	return 0;
}
