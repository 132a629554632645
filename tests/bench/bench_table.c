/* SPDX-License-Identifier: ISC */
/*
 * bench_table - figures for the kernel-table mirror at a million routes:
 * apply throughput (and instructions per apply where the CPU lets us count
 * them), resident bytes per route, and longest-prefix-match cost against
 * two baselines measured in the same run: the memory baseline (one
 * dependent random read over as many bytes as the table occupies: what a
 * single cache miss costs here, the floor for any lookup whose route is
 * not in cache) and a naive structure (one sorted array per prefix length,
 * binary search from the longest length down).  A program, not a test: it
 * prints numbers and enforces nothing.
 *
 *   bench_table [N]		N routes (default 1000000)
 *
 * The synthetic table is a Linux main table shaped like a large FIB: mostly
 * /24 and /32, some /20, /16 and /8, one default, 2% of prefixes also
 * present with a second (backup) metric; gateways in 198.18.0.0/15; plus a
 * small local table, which every lookup consults first.
 */
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vw_error.h"
#include "vw_event.h"
#include "vw_table.h"

#define NLOOKUP	10000000L
#define NCHASE	4000000L
#define ROUNDS	5

struct pfx {
	uint32_t	addr;		/* host order */
	uint8_t		plen;
	uint8_t		backup;		/* also present with metric 100 */
};

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long
rss_bytes(void)
{
	long size = 0, res = 0;
	FILE *f = fopen("/proc/self/statm", "r");

	if (f == NULL)
		return -1;
	if (fscanf(f, "%ld %ld", &size, &res) != 2)
		res = -1;
	fclose(f);
	return res < 0 ? -1 : res * sysconf(_SC_PAGESIZE);
}

/* Instructions retired by this thread, if the (virtual) CPU exposes a PMU. */
static int
icount_open(void)
{
	struct perf_event_attr pa;

	memset(&pa, 0, sizeof(pa));
	pa.type = PERF_TYPE_HARDWARE;
	pa.size = sizeof(pa);
	pa.config = PERF_COUNT_HW_INSTRUCTIONS;
	pa.disabled = 1;
	pa.exclude_kernel = 1;
	pa.exclude_hv = 1;
	return (int)syscall(SYS_perf_event_open, &pa, 0, -1, -1, 0);
}

static void
icount_start(int fd)
{
	if (fd >= 0) {
		ioctl(fd, PERF_EVENT_IOC_RESET, 0);
		ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
	}
}

static long long
icount_stop(int fd)
{
	long long v = -1;

	if (fd < 0)
		return -1;
	ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
	if (read(fd, &v, sizeof(v)) != (ssize_t)sizeof(v))
		return -1;
	return v;
}

static uint64_t
mix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

/* Bijections on the low `bits` bits: distinct counters, distinct prefixes. */
static uint32_t
perm(uint32_t c, unsigned bits)
{
	uint32_t m = bits == 32 ? 0xffffffffu : (1u << bits) - 1;

	c = (c * 0x9e3779b1u) & m;
	c ^= c >> (bits / 2);
	c = (c * 0x85ebca6bu) & m;
	c ^= c >> (bits / 3);
	return c & m;
}

static void
gen_prefixes(struct pfx *p, size_t n)
{
	uint32_t c32 = 0, c24 = 0, c20 = 0, c16 = 0, c8 = 0;
	uint64_t h;
	size_t i;

	for (i = 0; i < n; i++) {
		h = mix(i + 1);
		p[i].backup = h % 50 == 0;
		if (i == 0) {
			p[i].addr = 0;		/* the default route */
			p[i].plen = 0;
			continue;
		}
		h = (h >> 8) % 1000;
		if (h < 350 || (h >= 850 && c16 >= 65536 && c8 >= 256)) {
			p[i].addr = perm(c32++, 32);
			p[i].plen = 32;
		} else if (h < 850 || (h >= 950 && c20 >= (1u << 20))) {
			p[i].addr = perm(c24++, 24) << 8;
			p[i].plen = 24;
		} else if (h < 950 && c16 < 65536) {
			p[i].addr = perm(c16++, 16) << 16;
			p[i].plen = 16;
		} else if (h < 997 || c8 >= 256) {
			p[i].addr = perm(c20++, 20) << 12;
			p[i].plen = 20;
		} else {
			p[i].addr = (c8++) << 24;
			p[i].plen = 8;
		}
	}
}

static void
mk_route(struct vw_event *ev, const struct pfx *p, size_t i, uint32_t metric)
{
	uint64_t h = mix(i ^ 0x5bd1e995);
	uint32_t gw = 0xc6120000u | (uint32_t)(h & 0x1ffff);	/* 198.18/15 */

	vw_event_init(ev, VW_EV_ROUTE_ADD);
	ev->origin.os = VW_OS_LINUX;
	ev->origin.msg_type = 24;	/* RTM_NEWROUTE */
	ev->origin.dump = 1;
	ev->u.route.dst.family = VW_AF_INET;
	ev->u.route.dst.a[0] = (uint8_t)(p->addr >> 24);
	ev->u.route.dst.a[1] = (uint8_t)(p->addr >> 16);
	ev->u.route.dst.a[2] = (uint8_t)(p->addr >> 8);
	ev->u.route.dst.a[3] = (uint8_t)p->addr;
	ev->u.route.plen = p->plen;
	ev->u.route.gwkind = VW_GW_IP;
	ev->u.route.gw.family = VW_AF_INET;
	ev->u.route.gw.a[0] = (uint8_t)(gw >> 24);
	ev->u.route.gw.a[1] = (uint8_t)(gw >> 16);
	ev->u.route.gw.a[2] = (uint8_t)(gw >> 8);
	ev->u.route.gw.a[3] = (uint8_t)gw;
	ev->u.route.ifindex = 2 + (uint32_t)(h >> 32) % 4;
	ev->u.route.table = 254;
	ev->u.route.metric = metric;
	ev->u.route.proto = h % 4 == 0 ? 4 : 186;	/* static / bgp */
	ev->u.route.type = VW_RT_UNICAST;
}

static void
count_cb(const struct vw_event *d, void *arg)
{
	(void)d;
	(*(long *)arg)++;
}

/* ---- the naive baseline: sorted array per prefix length ---------------- */

struct naive {
	uint64_t	*v[33];		/* key << 32 | index into routes */
	size_t		 n[33];
	struct vw_route	*routes;	/* full routes, for the "copy" variant */
};

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int
naive_build(struct naive *nv, const struct pfx *p, size_t n)
{
	size_t i, l;

	memset(nv, 0, sizeof(*nv));
	if ((nv->routes = calloc(n, sizeof(*nv->routes))) == NULL)
		return -1;
	for (i = 0; i < n; i++)
		nv->n[p[i].plen]++;
	for (l = 0; l <= 32; l++) {
		if (nv->n[l] == 0)
			continue;
		if ((nv->v[l] = malloc(nv->n[l] * sizeof(uint64_t))) == NULL)
			return -1;
		nv->n[l] = 0;
	}
	for (i = 0; i < n; i++) {
		nv->v[p[i].plen][nv->n[p[i].plen]++] =
		    (uint64_t)p[i].addr << 32 | i;
		nv->routes[i].dst.family = VW_AF_INET;
		nv->routes[i].dst.a[0] = (uint8_t)(p[i].addr >> 24);
		nv->routes[i].plen = p[i].plen;
		nv->routes[i].table = 254;
		nv->routes[i].ifindex = 2 + (uint32_t)(i % 4);
	}
	for (l = 0; l <= 32; l++)
		if (nv->n[l] != 0)
			qsort(nv->v[l], nv->n[l], sizeof(uint64_t), cmp_u64);
	return 0;
}

/* Index of the longest matching prefix, -1 if none; *plen its length. */
static long
naive_lookup(const struct naive *nv, uint32_t a, int *plen)
{
	size_t lo, hi, mid;
	uint64_t k;
	int l;

	for (l = 32; l >= 0; l--) {
		if (nv->n[l] == 0)
			continue;
		k = (uint64_t)(l == 0 ? 0 : a & (0xffffffffu << (32 - l))) << 32;
		lo = 0;
		hi = nv->n[l];
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if (nv->v[l][mid] < k)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < nv->n[l] && (nv->v[l][lo] >> 32) == (k >> 32)) {
			*plen = l;
			return (long)(nv->v[l][lo] & 0xffffffffu);
		}
	}
	*plen = -1;
	return -1;
}

/* ---- the memory baseline: a dependent random read ---------------------- */

/*
 * A pointer chase over `bytes` of memory: each step is one random 8-byte
 * read whose address depends on the previous read, i.e. the cost of one
 * cache (and usually TLB) miss with nothing to overlap it.  The cells are
 * 64-byte lines visited in one random cycle (Sattolo's shuffle), so every
 * step touches a new line.  Any lookup in a structure this large that
 * needs its route from memory pays at least this once.
 */
struct chase {
	uint64_t	*buf;
	uint64_t	 x;
};

static int
chase_build(struct chase *c, size_t bytes)
{
	size_t n = bytes / 64, i, j;
	uint64_t s = 0x9e3779b97f4a7c15ULL;
	uint32_t *order, tmp;

	c->buf = NULL;
	c->x = 0;
	if (n < 2 || (c->buf = malloc(n * 64)) == NULL)
		return -1;
	if ((order = malloc(n * sizeof(*order))) == NULL) {
		free(c->buf);
		c->buf = NULL;
		return -1;
	}
	for (i = 0; i < n; i++)
		order[i] = (uint32_t)i;
	for (i = n - 1; i > 0; i--) {	/* Sattolo: one cycle through all */
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		j = (size_t)(s % i);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	/* A word of each line holds the index of a word of the next line. */
	memset(c->buf, 0, n * 64);
	for (i = 0; i < n; i++) {
		size_t from = order[i], to = order[(i + 1) % n];

		c->buf[from * 8 + (from & 7)] = to * 8 + (to & 7);
	}
	free(order);
	return 0;
}

/* ns per step over `steps` steps. */
static double
chase_run(struct chase *c, long steps)
{
	uint64_t x = c->x;
	double t0;
	long k;

	t0 = now();
	for (k = 0; k < steps; k++)
		x = c->buf[x];
	c->x = x;
	return (now() - t0) * 1e9 / (double)steps;
}

static int
cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double
median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_dbl);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- address generation (the named baseline of the lookup loop) -------- */

static inline uint64_t
xs(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* A random address inside a random prefix of the table. */
static inline uint32_t
gen_addr(const struct pfx *p, size_t n, uint64_t *s)
{
	uint64_t r = xs(s);
	const struct pfx *q = &p[((r & 0xffffffffu) * n) >> 32];
	uint32_t host = q->plen == 0 ? 0xffffffffu :
	    q->plen == 32 ? 0 : 0xffffffffu >> q->plen;

	return q->addr | ((uint32_t)(r >> 32) & host);
}

static void
put_be32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 24);
	b[1] = (uint8_t)(v >> 16);
	b[2] = (uint8_t)(v >> 8);
	b[3] = (uint8_t)v;
}

int
main(int argc, char **argv)
{
	static const char *const local[] = { "127.0.0.0/8", "127.0.0.1/32",
	    "198.18.0.1/32", "198.18.0.0/32", "198.19.255.255/32" };
	struct vw_event *ev = calloc(1, sizeof(*ev));
	const struct vw_route **snap;
	struct vw_route out;
	struct vw_table *t;
	struct naive nv;
	struct pfx *p;
	struct vw_ip a;
	uint32_t *addrs;
	long rss0, rss1, diffs = 0, nfound = 0, mism = 0, snapn;
	long long ins_apply, ins_gen, ins_look, ins_lbase, ic;
	size_t n = 1000000, i, nroutes;
	double t0, t_gen, t_apply, t_same, t_base, t_look, t_hot, t_naive, t_snap,
	    t_sweep;
	uint64_t s, csink = 0;
	uint32_t sink = 0;
	double v_chase[ROUNDS], v_look[ROUNDS], v_ratio[ROUNDS];
	struct chase ch;
	int r;
	int fd, pl;

	if (argc > 1 && (n = strtoul(argv[1], NULL, 10)) < 2) {
		fprintf(stderr, "usage: bench_table [N >= 2]\n");
		return 2;
	}
	if (ev == NULL || (p = calloc(n, sizeof(*p))) == NULL) {
		fprintf(stderr, "bench_table: out of memory\n");
		return 1;
	}
	gen_prefixes(p, n);
	fd = icount_open();

	/* Event construction alone: what the apply loop spends besides apply. */
	icount_start(fd);
	t0 = now();
	for (i = 0; i < n; i++) {
		mk_route(ev, &p[i], i, 0);
		sink ^= ev->u.route.gw.a[3];
		__asm__ volatile("" ::: "memory");
	}
	t_gen = now() - t0;
	ins_gen = icount_stop(fd);

	rss0 = rss_bytes();
	if ((t = vw_table_new(VW_OS_LINUX)) == NULL)
		return 1;
	icount_start(fd);
	t0 = now();
	for (i = 0; i < n; i++) {
		mk_route(ev, &p[i], i, 0);
		if (vw_table_apply(t, ev, count_cb, &diffs) < 0) {
			fprintf(stderr, "bench_table: apply failed\n");
			return 1;
		}
	}
	t_apply = now() - t0;
	ins_apply = icount_stop(fd);
	for (i = 0; i < n; i++) {
		if (!p[i].backup)
			continue;
		mk_route(ev, &p[i], i, 100);
		vw_table_apply(t, ev, count_cb, &diffs);
	}
	for (i = 0; i < sizeof(local) / sizeof(local[0]); i++) {
		char buf[32], *slash;

		snprintf(buf, sizeof(buf), "%s", local[i]);
		slash = strchr(buf, '/');
		*slash++ = '\0';
		vw_event_init(ev, VW_EV_ROUTE_ADD);
		vw_ip_parse(buf, &ev->u.route.dst);
		ev->u.route.plen = (uint8_t)atoi(slash);
		ev->u.route.table = 255;
		ev->u.route.type = i < 3 ? VW_RT_LOCAL : VW_RT_BROADCAST;
		ev->u.route.ifindex = i < 2 ? 1 : 2;
		vw_table_apply(t, ev, count_cb, &diffs);
	}
	rss1 = rss_bytes();
	nroutes = vw_table_count(t, VW_OBJ_ROUTE);

	/* A re-dump that finds nothing new (macOS periodic resync). */
	vw_table_sync_begin(t, 1u << VW_OBJ_ROUTE);
	t0 = now();
	for (i = 0; i < n; i++) {
		mk_route(ev, &p[i], i, 0);
		vw_table_apply(t, ev, count_cb, &diffs);
	}
	t_same = now() - t0;
	for (i = 0; i < n; i++)
		if (p[i].backup) {
			mk_route(ev, &p[i], i, 100);
			vw_table_apply(t, ev, count_cb, &diffs);
		}

	printf("routes: %zu (main %zu + backup metric + %zu local)\n",
	    nroutes, n, sizeof(local) / sizeof(local[0]));
	printf("apply (insert, with diff callback): %.0f routes/s, "
	    "%.0f ns/route (event construction %.0f ns excluded)\n",
	    n / (t_apply - t_gen), (t_apply - t_gen) * 1e9 / n,
	    t_gen * 1e9 / n);
	if (ins_apply >= 0 && ins_gen >= 0)
		printf("apply instructions: %.0f per route "
		    "(%.0f with event construction)\n",
		    (double)(ins_apply - ins_gen) / n, (double)ins_apply / n);
	else
		printf("apply instructions: n/a (no PMU access)\n");
	printf("apply (identical re-dump, no diff): %.0f routes/s, "
	    "%.0f ns/route\n", n / (t_same - t_gen),
	    (t_same - t_gen) * 1e9 / n);
	printf("memory: %.1f bytes/route (RSS %ld -> %ld KiB; "
	    "sizeof(struct vw_route) = %zu)\n",
	    (double)(rss1 - rss0) / nroutes, rss0 / 1024, rss1 / 1024,
	    sizeof(struct vw_route));

	/*
	 * Lookups.  The addresses are drawn beforehand and read in order, so
	 * that the loops measure the lookup, not a cache miss on the prefix
	 * array; the baseline is the same loop without the lookup.
	 */
	if ((addrs = malloc(NLOOKUP * sizeof(*addrs))) == NULL)
		return 1;
	s = 0x243f6a8885a308d3ULL;
	for (i = 0; i < (size_t)NLOOKUP; i++)
		addrs[i] = gen_addr(p, n, &s);
	memset(&a, 0, sizeof(a));
	a.family = VW_AF_INET;
	icount_start(fd);
	t0 = now();
	for (i = 0; i < (size_t)NLOOKUP; i++) {
		put_be32(a.a, addrs[i]);
		sink ^= a.a[3];
		__asm__ volatile("" ::: "memory");
	}
	t_base = now() - t0;
	ins_lbase = icount_stop(fd);
	/*
	 * The memory baseline is measured in the same run, interleaved with
	 * the lookups in ROUNDS rounds (the machine may be shared, and both
	 * figures move with its load); the medians are the figures, and the
	 * ratio is the median of the per-round ratios.
	 */
	if (chase_build(&ch, (size_t)(rss1 - rss0)) != 0)
		return 1;
	chase_run(&ch, NCHASE / 4);	/* warm the TLB and page tables */
	ins_look = 0;
	for (r = 0; r < ROUNDS; r++) {
		size_t lo = (size_t)NLOOKUP / ROUNDS * (size_t)r;
		size_t hi = lo + (size_t)NLOOKUP / ROUNDS;

		v_chase[r] = chase_run(&ch, NCHASE / ROUNDS);
		icount_start(fd);
		t0 = now();
		for (i = lo; i < hi; i++) {
			put_be32(a.a, addrs[i]);
			if (vw_table_lookup(t, &a, 0, &out) == 0) {
				nfound++;
				sink ^= out.ifindex;
			}
		}
		t_look = now() - t0;
		ic = icount_stop(fd);
		ins_look = ins_look < 0 || ic < 0 ? -1 : ins_look + ic;
		v_look[r] = t_look * 1e9 / (double)(hi - lo) -
		    t_base * 1e9 / NLOOKUP;
		v_ratio[r] = v_look[r] / v_chase[r];
	}
	csink ^= ch.x;
	free(ch.buf);
	printf("lookup rounds (ns, lookup / memory baseline):");
	for (r = 0; r < ROUNDS; r++)
		printf(" %.0f/%.0f", v_look[r], v_chase[r]);
	printf("\n");
	printf("memory baseline: dependent random 8-byte read over %.1f MiB "
	    "(the table's RSS growth): %.1f ns (median)\n",
	    (double)(rss1 - rss0) / 1048576.0, median(v_chase, ROUNDS));
	printf("lookup: %.1f ns/lookup (median) over %ld random addresses "
	    "(address-loop baseline %.1f ns subtracted); %ld found\n",
	    median(v_look, ROUNDS), NLOOKUP, t_base * 1e9 / NLOOKUP, nfound);
	printf("lookup / memory baseline: %.2f (median of rounds; 1.00 = one "
	    "dependent miss)\n", median(v_ratio, ROUNDS));
	if (ins_look >= 0 && ins_lbase >= 0)
		printf("lookup instructions: %.0f per lookup\n",
		    (double)(ins_look - ins_lbase) / NLOOKUP);
	/* The same code with everything in cache: 1024 distinct addresses. */
	t0 = now();
	for (i = 0; i < (size_t)NLOOKUP; i++) {
		put_be32(a.a, addrs[i & 1023]);
		if (vw_table_lookup(t, &a, 0, &out) == 0)
			sink ^= out.ifindex;
	}
	t_hot = now() - t0;
	printf("lookup, cache-hot (1024 distinct addresses): %.1f ns/lookup\n",
	    (t_hot - t_base) * 1e9 / NLOOKUP);

	/* The naive baseline over the same prefixes. */
	if (naive_build(&nv, p, n) != 0)
		return 1;
	t0 = now();
	for (i = 0; i < (size_t)NLOOKUP; i++) {
		naive_lookup(&nv, addrs[i], &pl);
		sink ^= (uint32_t)pl;
	}
	t_naive = now() - t0;
	printf("naive (sorted array per length, binary search, length only): "
	    "%.1f ns/lookup (loop %.1f ns, ratio %.2f), 8 bytes/prefix\n",
	    (t_naive - t_base) * 1e9 / NLOOKUP, t_naive * 1e9 / NLOOKUP,
	    t_naive / t_base);
	t0 = now();
	for (i = 0; i < (size_t)NLOOKUP; i++) {
		long ix = naive_lookup(&nv, addrs[i], &pl);

		if (ix >= 0) {
			out = nv.routes[ix];
			sink ^= out.ifindex;
		}
	}
	t_naive = now() - t0;
	printf("naive + copying the route out (a flat struct vw_route array): "
	    "%.1f ns/lookup (ratio %.2f), %zu bytes/prefix\n",
	    (t_naive - t_base) * 1e9 / NLOOKUP, t_naive / t_base,
	    8 + sizeof(struct vw_route));
	/* Both must agree on the matching prefix length (local routes aside). */
	s = 0x1234567ULL;
	for (i = 0; i < 200000; i++) {
		uint32_t x = gen_addr(p, n, &s);

		put_be32(a.a, x);
		naive_lookup(&nv, x, &pl);
		if (vw_table_lookup(t, &a, 0, &out) != 0 ||
		    (out.table == 254 && out.plen != pl))
			mism++;
	}
	printf("cross-check against naive: %ld mismatches in 200000\n", mism);

	t0 = now();
	snapn = vw_table_routes(t, 0, &snap);
	t_snap = now() - t0;
	printf("sorted snapshot: %ld routes in %.0f ms\n", snapn,
	    t_snap * 1e3);
	free(snap);

	/* Resync end: nothing is stale after the identical re-dump. */
	diffs = 0;
	t0 = now();
	vw_table_sync_end(t, count_cb, &diffs);
	vw_table_sync_begin(t, 1u << VW_OBJ_ROUTE);
	vw_table_sync_end(t, count_cb, &diffs);
	t_sweep = now() - t0;
	printf("delete (sweep of a dump that mentions nothing): %ld routes in "
	    "%.0f ms, %.0f routes/s\n", diffs, t_sweep * 1e3,
	    diffs / t_sweep);

	for (i = 0; i <= 32; i++)
		free(nv.v[i]);
	free(nv.routes);
	vw_table_free(t);
	free(addrs);
	free(p);
	free(ev);
	if (fd >= 0)
		close(fd);
	return (sink ^ csink) == 0xdeadbeef;	/* keep the sinks alive */
}
