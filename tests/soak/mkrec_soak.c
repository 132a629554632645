/* SPDX-License-Identifier: ISC */
/*
 * mkrec_soak - write a long Linux (rtnetlink layout) recording for the
 * replay soak (tests/soak/replay_soak.sh), and print exactly which events
 * a replay of it must log.
 *
 *	mkrec_soak [-n CHANGES] [-b PER_KMSG] [-r PER_SECOND] [-i INCIDENTS]
 *	    [-w WINDOW] OUTFILE
 *
 * The recording, as vmwatchd on a busy Linux router would have made it:
 *
 *   NOTE, CONFIG (target 198.18.64.2 "vm1", interval 1s, timeout 500ms,
 *   down_after 3, up_after 2, discovery off; history size default),
 *   CLOCK, the startup dump (DUMP_BEGIN all, "start"; one KMSG(DUMP) each
 *   for links, addresses, routes and neighbours, each ending in
 *   NLMSG_DONE as the kernel's dump replies do; DUMP_END): lo 1 and
 *   bridge100 2, 198.18.64.1/24, the connected route 198.18.64.0/24 and
 *   the local-table routes, the guest 198.18.64.2 REACHABLE.
 *
 *   Then, each simulated second: a CLOCK record, a PROBE of the target
 *   (ok, rtt 300 us) and CHANGES/PER_SECOND kernel changes in KMSG records
 *   of PER_KMSG messages each (default 64, as one read of a busy socket):
 *     - routes: 198.19.a.b/32 via 198.18.64.254 dev bridge100, added by
 *       pid 777 (a routing daemon); route j is deleted when route
 *       j + WINDOW is added, so the mirror holds WINDOW (default 4096)
 *       of them in steady state.  Addresses cycle through 198.19.0.0/16;
 *       WINDOW < 65536 keeps every add new and every delete of a route
 *       that exists.
 *     - every 1000th change a neighbour message instead, for one of
 *       198.18.64.10 .. 198.18.64.209 on bridge100, each address going
 *       round add (REACHABLE, MAC A), change (STALE), change (REACHABLE,
 *       MAC B), delete.
 *   Each message is one table difference, so a replay logs exactly
 *   CHANGES kernel events for them.
 *
 *   INCIDENTS (default 10) times, spread evenly: route 198.18.64.0/24
 *   deleted by pid 4000+k ("ip"), as the live daemon records it: the
 *   KMSG, a PROC record naming the process, a fast re-probe failing with
 *   ENETUNREACH 5 ms later and the SETTLE verdict 100 ms after that (the
 *   daemon's own record types 8 and 9, daemon/record.h); the next three
 *   regular probes fail with ENETUNREACH; then the route is re-added, a
 *   fast re-probe and the next regular probe answer.  Each incident must
 *   give one target.down (route_removed) and one target.up.
 *
 * Output (stdout): key=value lines, the expected counts among them
 * (route_add, route_delete, neigh_add, neigh_change, neigh_delete,
 * kernel_events, target_down, target_up, ...), for the soak script.
 *
 * Exit 0, 1 on an I/O error, 2 on bad usage.  The file must stay under
 * 1 GiB, the most vmwatchd --replay reads: about 60 bytes per change, so
 * some 17 million changes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "nl_fix.h"
#include "nl_wire.h"
#include "vw_addr.h"
#include "vw_event.h"
#include "vw_rec.h"

/* daemon/record.h's own record types (not in lib/vw_rec.h). */
#define REC_SETTLE	8
#define REC_PROC	9
#define REC_ADDRLEN	24

#define MONO0		(86400LL * 1000000)	/* the host up for a day */
#define WALL0		1795687200000000LL	/* 2026-11-26T10:00:00Z */
#define S(x)		((int64_t)((x) * 1000000.0 + 0.5))

#define TARGET		"198.18.64.2"
#define BR		2			/* bridge100's ifindex */
#define CHURN_PID	777
#define NEIGH_EVERY	1000
#define NEIGH_N		200
#define ENETUNREACH_LINUX 101
#define FILE_MAX	(1024ull << 20)		/* replay.c's MAX_FILE */

#define NLF_NEW		(VW_NL_NLM_F_CREATE | VW_NL_NLM_F_EXCL)

struct gen {
	FILE		*fp;
	uint64_t	 bytes;
	uint64_t	 nrec, nkmsg, nprobe;
	int		 io_err;
	uint32_t	 nlseq;
	/* what a replay must log */
	uint64_t	 route_add, route_del;
	uint64_t	 neigh_add, neigh_chg, neigh_del;
	uint64_t	 downs, ups;
	/* the route churn */
	uint64_t	 next_add;	/* routes added so far */
	uint64_t	 next_del;	/* routes deleted so far */
	uint64_t	 window;
	/* the neighbour churn: visits per address */
	uint32_t	 nvisit[NEIGH_N];
	uint64_t	 nneigh;
};

static void
out(struct gen *g, const void *p, size_t n)
{
	if (n > 0 && fwrite(p, 1, n, g->fp) != n)
		g->io_err = 1;
	g->bytes += n;
}

static void
rec(struct gen *g, int type, int flags, int64_t mono, const void *p,
    size_t n)
{
	uint8_t h[VW_REC_RECHDRLEN];

	vw_rec_encode_rechdr(h, type, flags, p, (uint32_t)n, mono);
	out(g, h, sizeof(h));
	out(g, p, n);
	g->nrec++;
	if (type == VW_REC_KMSG)
		g->nkmsg++;
}

static void
rec_text(struct gen *g, int type, int64_t mono, const char *s)
{
	rec(g, type, 0, mono, s, strlen(s));
}

static void
rec_clock(struct gen *g, int64_t mono)
{
	struct vw_rec_clock c = { WALL0 + (mono - MONO0), mono, 0 };
	uint8_t b[VW_REC_CLOCKLEN];

	vw_rec_encode_clock(b, &c);
	rec(g, VW_REC_CLOCK, 0, mono, b, sizeof(b));
}

static void
rec_probe(struct gen *g, int64_t sent, int64_t at, int ok, int fast,
    int err)
{
	struct vw_rec_probe p;
	uint8_t b[VW_REC_PROBELEN];

	memset(&p, 0, sizeof(p));
	if (vw_ip_parse(TARGET, &p.addr) != 0)
		abort();
	p.kind = VW_PROBE_ICMP;
	p.ok = (uint8_t)ok;
	p.fast = (uint8_t)fast;
	p.rtt_us = ok ? (uint32_t)(at - sent) : 0;
	p.err = err;
	p.sent_us = sent;
	vw_rec_encode_probe(b, &p);
	rec(g, VW_REC_PROBE, 0, at, b, sizeof(b));
	g->nprobe++;
}

/* SETTLE: the target's address as daemon/record.c lays it out. */
static void
rec_settle(struct gen *g, int64_t mono)
{
	struct vw_ip ip;
	uint8_t b[REC_ADDRLEN];

	if (vw_ip_parse(TARGET, &ip) != 0)
		abort();
	memset(b, 0, sizeof(b));
	b[0] = ip.family;
	memcpy(b + 8, ip.a, 16);
	rec(g, REC_SETTLE, 0, mono, b, sizeof(b));
}

/* PROC: i32 pid (little-endian), then the process name. */
static void
rec_proc(struct gen *g, int64_t mono, uint32_t pid, const char *name)
{
	uint8_t b[4 + 64];
	size_t n = strlen(name);

	b[0] = (uint8_t)pid;
	b[1] = (uint8_t)(pid >> 8);
	b[2] = (uint8_t)(pid >> 16);
	b[3] = (uint8_t)(pid >> 24);
	memcpy(b + 4, name, n);
	rec(g, REC_PROC, 0, mono, b, 4 + n);
}

static void
rec_nl(struct gen *g, int flags, int64_t mono, struct nl_fix_buf *b)
{
	if (b->oom) {
		fprintf(stderr, "mkrec_soak: out of memory\n");
		exit(1);
	}
	rec(g, VW_REC_KMSG, flags, mono, b->data, b->len);
	b->len = 0;
}

/* ---- the startup dump -------------------------------------------------- */

#define MULTI		VW_NL_NLM_F_MULTI
#define DUMP_PID	4242
#define IFF_ETH		(VW_NL_IFF_UP | VW_NL_IFF_BROADCAST | \
			 VW_NL_IFF_RUNNING | VW_NL_IFF_MULTICAST | \
			 VW_NL_IFF_LOWER_UP)

static void
put_dump(struct gen *g, int64_t t, struct nl_fix_buf *b)
{
	const uint8_t K = VW_NL_RTPROT_KERNEL;
	const uint8_t L = VW_NL_RT_TABLE_LOCAL;
	uint8_t p[64];
	size_t n;

	n = vw_rec_encode_dump_begin(p, sizeof(p), (1u << VW_OBJ_ROUTE) |
	    (1u << VW_OBJ_NEIGH) | (1u << VW_OBJ_LINK) | (1u << VW_OBJ_ADDR),
	    "start");
	rec(g, VW_REC_DUMP_BEGIN, 0, t, p, n);

	nl_fix_link(b, &(struct nl_fix_link){ .nlflags = MULTI, .seq = 1,
	    .pid = DUMP_PID, .arphrd = VW_NL_ARPHRD_LOOPBACK, .index = 1,
	    .flags = VW_NL_IFF_UP | VW_NL_IFF_LOOPBACK | VW_NL_IFF_RUNNING |
	    VW_NL_IFF_LOWER_UP, .name = "lo", .mtu = 65536, .oper = "UNKNOWN",
	    .lladdr = "00:00:00:00:00:00", .broadcast = "00:00:00:00:00:00" });
	nl_fix_link(b, &(struct nl_fix_link){ .nlflags = MULTI, .seq = 1,
	    .pid = DUMP_PID, .index = BR, .flags = IFF_ETH,
	    .name = "bridge100", .mtu = 1500, .oper = "UP", .kind = "bridge",
	    .lladdr = "02:00:5e:00:64:01", .broadcast = "ff:ff:ff:ff:ff:ff" });
	nl_fix_done(b, 1, DUMP_PID);
	rec_nl(g, VW_RECF_DUMP, t, b);

	nl_fix_addr(b, &(struct nl_fix_addr){ .nlflags = MULTI, .seq = 2,
	    .pid = DUMP_PID, .addr = "127.0.0.1", .plen = 8, .index = 1,
	    .scope = VW_NL_RT_SCOPE_HOST, .ifa_flags = VW_NL_IFA_F_PERMANENT,
	    .label = "lo", .flags_attr = VW_NL_IFA_F_PERMANENT });
	nl_fix_addr(b, &(struct nl_fix_addr){ .nlflags = MULTI, .seq = 2,
	    .pid = DUMP_PID, .addr = "198.18.64.1", .plen = 24, .index = BR,
	    .ifa_flags = VW_NL_IFA_F_PERMANENT, .broadcast = "198.18.64.255",
	    .label = "bridge100", .flags_attr = VW_NL_IFA_F_PERMANENT });
	nl_fix_done(b, 2, DUMP_PID);
	rec_nl(g, VW_RECF_DUMP, t, b);

	nl_fix_route(b, &(struct nl_fix_route){ .nlflags = MULTI, .seq = 3,
	    .pid = DUMP_PID, .dst = "198.18.64.0", .plen = 24, .proto = K,
	    .scope = VW_NL_RT_SCOPE_LINK, .prefsrc = "198.18.64.1",
	    .oif = BR });
	nl_fix_route(b, &(struct nl_fix_route){ .nlflags = MULTI, .seq = 3,
	    .pid = DUMP_PID, .table = L, .dst = "127.0.0.0", .plen = 8,
	    .proto = K, .scope = VW_NL_RT_SCOPE_HOST,
	    .rtype = VW_NL_RTN_LOCAL, .prefsrc = "127.0.0.1", .oif = 1 });
	nl_fix_route(b, &(struct nl_fix_route){ .nlflags = MULTI, .seq = 3,
	    .pid = DUMP_PID, .table = L, .dst = "198.18.64.1", .plen = 32,
	    .proto = K, .scope = VW_NL_RT_SCOPE_HOST,
	    .rtype = VW_NL_RTN_LOCAL, .prefsrc = "198.18.64.1", .oif = BR });
	nl_fix_route(b, &(struct nl_fix_route){ .nlflags = MULTI, .seq = 3,
	    .pid = DUMP_PID, .table = L, .dst = "198.18.64.255", .plen = 32,
	    .proto = K, .scope = VW_NL_RT_SCOPE_LINK,
	    .rtype = VW_NL_RTN_BROADCAST, .prefsrc = "198.18.64.1",
	    .oif = BR });
	nl_fix_done(b, 3, DUMP_PID);
	rec_nl(g, VW_RECF_DUMP, t, b);

	nl_fix_neigh(b, &(struct nl_fix_neigh){ .nlflags = MULTI, .seq = 4,
	    .pid = DUMP_PID, .dst = TARGET, .ifindex = BR,
	    .lladdr = "52:54:00:00:64:02", .state = VW_NL_NUD_REACHABLE });
	nl_fix_done(b, 4, DUMP_PID);
	rec_nl(g, VW_RECF_DUMP, t, b);

	rec(g, VW_REC_DUMP_END, 0, t, NULL, 0);
}

/* ---- the churn --------------------------------------------------------- */

static void
churn_route(struct gen *g, struct nl_fix_buf *b, uint64_t j, int add)
{
	char dst[32];
	uint32_t a = (uint32_t)(j & 0xffff);

	snprintf(dst, sizeof(dst), "198.19.%u.%u", a >> 8, a & 0xff);
	nl_fix_route(b, &(struct nl_fix_route){
	    .msg = add ? VW_NL_RTM_NEWROUTE : VW_NL_RTM_DELROUTE,
	    .nlflags = add ? NLF_NEW : 0, .seq = ++g->nlseq, .pid = CHURN_PID,
	    .dst = dst, .plen = 32, .proto = VW_NL_RTPROT_BOOT,
	    .gw = "198.18.64.254", .oif = BR });
	if (add)
		g->route_add++;
	else
		g->route_del++;
}

/* One neighbour message; each address goes add, change, change, delete. */
static void
churn_neigh(struct gen *g, struct nl_fix_buf *b)
{
	static const char *const mac[2] = { "52:54:00:aa:00:01",
	    "52:54:00:bb:00:02" };
	uint32_t k = (uint32_t)(g->nneigh++ % NEIGH_N);
	uint32_t v = g->nvisit[k]++ % 4;
	char dst[32];

	snprintf(dst, sizeof(dst), "198.18.64.%u", 10 + k);
	switch (v) {
	case 0:
		nl_fix_neigh(b, &(struct nl_fix_neigh){ .dst = dst,
		    .ifindex = BR, .lladdr = mac[0],
		    .state = VW_NL_NUD_REACHABLE });
		g->neigh_add++;
		break;
	case 1:
		nl_fix_neigh(b, &(struct nl_fix_neigh){ .dst = dst,
		    .ifindex = BR, .lladdr = mac[0],
		    .state = VW_NL_NUD_STALE });
		g->neigh_chg++;
		break;
	case 2:
		nl_fix_neigh(b, &(struct nl_fix_neigh){ .dst = dst,
		    .ifindex = BR, .lladdr = mac[1],
		    .state = VW_NL_NUD_REACHABLE });
		g->neigh_chg++;
		break;
	default:
		nl_fix_neigh(b, &(struct nl_fix_neigh){
		    .msg = VW_NL_RTM_DELNEIGH, .dst = dst, .ifindex = BR,
		    .lladdr = mac[1], .state = VW_NL_NUD_STALE });
		g->neigh_del++;
		break;
	}
}

/*
 * The next change: a neighbour every NEIGH_EVERY, else a route add, or
 * (once WINDOW routes are in) alternately a delete of the oldest.
 */
static void
churn_one(struct gen *g, struct nl_fix_buf *b, uint64_t i)
{
	if (i % NEIGH_EVERY == NEIGH_EVERY - 1)
		churn_neigh(g, b);
	else if (g->next_add - g->next_del >= g->window)
		churn_route(g, b, g->next_del++, 0);
	else
		churn_route(g, b, g->next_add++, 1);
}

/* ---- the incidents ----------------------------------------------------- */

static void
incident_route(struct gen *g, struct nl_fix_buf *b, int64_t t, int add,
    uint32_t pid)
{
	nl_fix_route(b, &(struct nl_fix_route){
	    .msg = add ? VW_NL_RTM_NEWROUTE : VW_NL_RTM_DELROUTE,
	    .nlflags = add ? NLF_NEW : 0, .seq = ++g->nlseq, .pid = pid,
	    .dst = "198.18.64.0", .plen = 24, .proto = VW_NL_RTPROT_KERNEL,
	    .scope = VW_NL_RT_SCOPE_LINK, .prefsrc = "198.18.64.1",
	    .oif = BR });
	rec_nl(g, 0, t, b);
	rec_proc(g, t + 100, pid, "ip");
	if (add)
		g->route_add++;
	else
		g->route_del++;
}

/*
 * An incident's records, each at its own time so that they interleave
 * with the churn in time order as the live daemon would have written
 * them.  Phase 0: the route is deleted (KMSG and PROC), the fast re-probe
 * fails with ENETUNREACH, the settle timer gives the verdict
 * (target.down).  Phase 3: the route is re-added and the fast re-probe
 * answers (target.up with the next regular probe, up_after 2).
 */
enum { SP_DEL, SP_LOST, SP_SETTLE, SP_ADD, SP_OK };

struct special {
	int64_t		t;
	int		what;
};

static size_t
incident_plan(struct special *sp, int64_t t0, int phase)
{
	if (phase == 0) {
		sp[0] = (struct special){ t0 + S(0.2), SP_DEL };
		sp[1] = (struct special){ t0 + S(0.205) + 40, SP_LOST };
		sp[2] = (struct special){ t0 + S(0.305), SP_SETTLE };
		return 3;
	}
	if (phase == 3) {
		sp[0] = (struct special){ t0 + S(0.6), SP_ADD };
		sp[1] = (struct special){ t0 + S(0.605) + 300, SP_OK };
		return 2;
	}
	return 0;
}

static void
incident_step(struct gen *g, struct nl_fix_buf *b, const struct special *sp,
    uint32_t k)
{
	switch (sp->what) {
	case SP_DEL:
		incident_route(g, b, sp->t, 0, 4000 + k);
		break;
	case SP_LOST:
		rec_probe(g, sp->t - 40, sp->t, 0, 1, ENETUNREACH_LINUX);
		break;
	case SP_SETTLE:
		rec_settle(g, sp->t);
		g->downs++;
		break;
	case SP_ADD:
		incident_route(g, b, sp->t, 1, 5000 + k);
		break;
	default:
		rec_probe(g, sp->t - 300, sp->t, 1, 1, 0);
		g->ups++;	/* with the next regular probe */
		break;
	}
}

/* ---- main ---------------------------------------------------------------- */

static void
usage(void)
{
	fprintf(stderr, "usage: mkrec_soak [-n CHANGES] [-b PER_KMSG] "
	    "[-r PER_SECOND] [-i INCIDENTS] [-w WINDOW] OUTFILE\n");
	exit(2);
}

static uint64_t
num(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || end == s || *end != '\0')
		usage();
	return v;
}

static const char config_text[] =
    "{\"log\": {\"syslog\": false},"
    " \"targets\": [{\"address\": \"" TARGET "\", \"name\": \"vm1\","
    " \"interval\": \"1s\", \"timeout\": \"500ms\", \"down_after\": 3,"
    " \"up_after\": 2}],"
    " \"discovery\": {\"enabled\": false}}";

int
main(int argc, char **argv)
{
	struct gen g;
	struct nl_fix_buf b;
	struct vw_config cfg;
	struct vw_rec_hdr h = { VW_REC_VERSION, VW_OS_LINUX,
	    VW_REC_LAYOUT_RTNETLINK, 0, WALL0, 0 };
	uint8_t hb[VW_REC_HDRLEN];
	char err[VW_CONFIG_ERRLEN], *json;
	uint64_t changes = 10000000, per_kmsg = 64, rate = 1000, ninc = 10;
	uint64_t done = 0, sec, nsec, nrec_s, r, m, k, inc_every;
	int64_t t0 = MONO0, tr;
	struct special sp[4];
	size_t nsp, isp;
	uint32_t inc;
	int c, phase;

	memset(&g, 0, sizeof(g));
	g.window = 4096;
	while ((c = getopt(argc, argv, "n:b:r:i:w:")) != -1) {
		switch (c) {
		case 'n':
			changes = num(optarg);
			break;
		case 'b':
			per_kmsg = num(optarg);
			break;
		case 'r':
			rate = num(optarg);
			break;
		case 'i':
			ninc = num(optarg);
			break;
		case 'w':
			g.window = num(optarg);
			break;
		default:
			usage();
		}
	}
	if (optind + 1 != argc || per_kmsg == 0 || rate == 0 ||
	    g.window == 0 || g.window >= 65536)
		usage();
	nsec = (changes + rate - 1) / rate;
	/* Room for each incident's 5 s, away from the start and the end. */
	if (ninc > 0 && nsec < 20 + ninc * 10) {
		fprintf(stderr, "mkrec_soak: %llu s of changes is too short for "
		    "%llu incidents (need %llu)\n", (unsigned long long)nsec,
		    (unsigned long long)ninc,
		    (unsigned long long)(20 + ninc * 10));
		return 2;
	}
	inc_every = ninc > 0 ? (nsec - 10) / ninc : 0;
	if ((g.fp = fopen(argv[optind], "wb")) == NULL) {
		fprintf(stderr, "mkrec_soak: %s: %s\n", argv[optind],
		    strerror(errno));
		return 1;
	}
	setvbuf(g.fp, NULL, _IOFBF, 1 << 20);
	nl_fix_init(&b);

	vw_rec_encode_hdr(hb, &h);
	out(&g, hb, sizeof(hb));
	rec_text(&g, VW_REC_NOTE, MONO0, "soak recording (mkrec_soak)");
	/* The daemon records its config normalized (vw_config_to_json). */
	if (vw_config_parse(config_text, strlen(config_text), "mkrec_soak",
	    &cfg, err, sizeof(err)) != 0) {
		fprintf(stderr, "mkrec_soak: %s\n", err);
		return 1;
	}
	if ((json = vw_config_to_json(&cfg)) == NULL)
		abort();
	rec_text(&g, VW_REC_CONFIG, MONO0, json);
	free(json);
	vw_config_free(&cfg);
	rec_clock(&g, MONO0);
	put_dump(&g, MONO0 + 200, &b);

	for (sec = 0; sec < nsec || done < changes; sec++) {
		t0 = MONO0 + S(sec) + 1000;
		/*
		 * Where second `sec` is in an incident: 0 the delete at +0.2 s,
		 * 1-3 the regular probe lost, 3 also the re-add at +0.6 s, 4
		 * the regular probe that brings the target up; -1 none.
		 */
		phase = -1;
		if (inc_every > 0 && sec >= 10 &&
		    (sec - 10) / inc_every < ninc &&
		    (sec - 10) % inc_every <= 4)
			phase = (int)((sec - 10) % inc_every);
		inc = inc_every > 0 ? (uint32_t)((sec - 10) / inc_every) : 0;
		nsp = incident_plan(sp, t0, phase);
		isp = 0;
		rec_clock(&g, t0);
		if (phase >= 1 && phase <= 3)
			rec_probe(&g, t0 + S(0.1), t0 + S(0.1) + 40, 0, 0,
			    ENETUNREACH_LINUX);
		else
			rec_probe(&g, t0 + S(0.1), t0 + S(0.1) + 300, 1, 0, 0);
		/* This second's share of the changes, PER_KMSG per record. */
		m = rate;
		if (m > changes - done)
			m = changes - done;
		nrec_s = (m + per_kmsg - 1) / per_kmsg;
		for (r = 0; r < nrec_s && !g.io_err; r++) {
			tr = t0 + S(0.15) + (int64_t)(r * 800000 / nrec_s);
			while (isp < nsp && sp[isp].t <= tr)
				incident_step(&g, &b, &sp[isp++], inc);
			for (k = 0; k < per_kmsg && done < changes; k++)
				churn_one(&g, &b, done++);
			rec_nl(&g, 0, tr, &b);
		}
		while (isp < nsp)
			incident_step(&g, &b, &sp[isp++], inc);
		if (g.io_err)
			break;
	}
	/* Two more good probes: the last incident's up, and a clean end. */
	for (k = 0; k < 2; k++, sec++) {
		t0 = MONO0 + S(sec) + 1000;
		rec_clock(&g, t0);
		rec_probe(&g, t0 + S(0.1), t0 + S(0.1) + 300, 1, 0, 0);
	}
	rec_text(&g, VW_REC_NOTE, t0 + S(0.5), "soak recording ends");
	if (fclose(g.fp) != 0)
		g.io_err = 1;
	nl_fix_free(&b);
	if (g.io_err) {
		fprintf(stderr, "mkrec_soak: %s: write failed\n", argv[optind]);
		return 1;
	}
	/* The initial target.up (two good probes at +0 s and +1 s). */
	g.ups++;
	printf("file=%s\n", argv[optind]);
	printf("bytes=%llu\n", (unsigned long long)g.bytes);
	printf("records=%llu\n", (unsigned long long)g.nrec);
	printf("kmsg_records=%llu\n", (unsigned long long)g.nkmsg);
	printf("probe_records=%llu\n", (unsigned long long)g.nprobe);
	printf("sim_seconds=%llu\n", (unsigned long long)sec);
	printf("per_kmsg=%llu\n", (unsigned long long)per_kmsg);
	printf("changes=%llu\n", (unsigned long long)done);
	printf("incidents=%llu\n", (unsigned long long)g.downs);
	printf("route_add=%llu\n", (unsigned long long)g.route_add);
	printf("route_delete=%llu\n", (unsigned long long)g.route_del);
	printf("neigh_add=%llu\n", (unsigned long long)g.neigh_add);
	printf("neigh_change=%llu\n", (unsigned long long)g.neigh_chg);
	printf("neigh_delete=%llu\n", (unsigned long long)g.neigh_del);
	printf("kernel_events=%llu\n", (unsigned long long)(g.route_add +
	    g.route_del + g.neigh_add + g.neigh_chg + g.neigh_del));
	printf("target_down=%llu\n", (unsigned long long)g.downs);
	printf("target_up=%llu\n", (unsigned long long)g.ups);
	if (g.bytes > FILE_MAX)
		fprintf(stderr, "mkrec_soak: warning: %llu bytes: over the "
		    "1 GiB vmwatchd --replay reads\n",
		    (unsigned long long)g.bytes);
	return 0;
}
