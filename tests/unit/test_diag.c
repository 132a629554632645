/* SPDX-License-Identifier: ISC */
/*
 * test_diag.c - lib/vw_diag.c on Linux-shaped scenarios: the path at the
 * last good probe is taken from a table, the table is then changed by
 * applying events whose diffs are recorded as the history window (with
 * sequence numbers, times, pids and process names), the path now is
 * computed, and the diagnosis must name the cause, its evidence and the
 * process.  One test (at least) per cause code, the precedence cases
 * (an interface that goes down takes its routes, an address its
 * connected route), the negative cases (nothing changed, unrelated or
 * too old changes), and the JSON of a cause.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bsd_fix_diag.h"
#include "config.h"
#include "vw_diag.h"
#include "vw_error.h"
#include "vw_path.h"
#include "vw_table.h"
#include "vw_test.h"

#define SEC		1000000LL
#define PRE_GOOD	(DFX_T0 + 30 * SEC)	/* 22:13:50 */
#define LAST_GOOD	(DFX_T0 + 60 * SEC)	/* 22:14:20 */
#define T_CHANGE	(DFX_T0 + 61 * SEC)	/* 22:14:21 */
#define FIRST_BAD	(DFX_T0 + 62 * SEC)	/* 22:14:22 */
#define T_LATE		(DFX_T0 + 63 * SEC)	/* 22:14:23 */
#define T_NOW		(DFX_T0 + 65 * SEC)

#define G		"198.18.64.2"		/* the guest on br0 */
#define OFF		"198.19.1.1"		/* off-link: via eth0 */

struct sc {
	struct dfx		x;
	const char		*target;
	struct vw_path		b, n;
	struct vw_diag_in	in;
	struct vw_cause		c;
};

static struct sc S;
static struct vw_event EV;

/* The last good probe: the path before, then the clock moves on. */
static void
sc_good(struct sc *s)
{
	s->x.now_us = LAST_GOOD;
	dfx_path(&s->x, s->target, &s->b);
	s->x.now_us = T_CHANGE;
}

static void
sc_begin(struct sc *s, const char *target)
{
	dfx_free(&s->x);
	memset(s, 0, sizeof(*s));
	dfx_init(&s->x, VW_OS_LINUX);
	dfx_linux_host(&s->x);
	s->target = target;
	s->in.last_good_us = LAST_GOOD;
	s->in.first_bad_us = FIRST_BAD;
	s->in.now_us = T_NOW;
	s->in.nlost = 3;
	s->in.probe_kind = VW_PROBE_ICMP;
	sc_good(s);
}

/* Apply one change made by pid (0: the kernel) named proc. */
static void
sc_apply(struct sc *s, struct vw_event *ev, int32_t pid, const char *proc)
{
	ev->origin.msg_pid = pid;
	snprintf(s->x.proc, sizeof(s->x.proc), "%s", proc != NULL ? proc : "");
	ASSERT(dfx_apply(&s->x, ev) >= 0);
}

static int
sc_diag(struct sc *s)
{
	dfx_path(&s->x, s->target, &s->n);
	s->in.os = s->x.os;
	dfx_ip(&s->in.target, s->target);
	s->in.before = &s->b;
	s->in.now = &s->n;
	s->in.table = s->x.t;
	s->in.hist = s->x.hp;
	s->in.nhist = s->x.n;
	return vw_diagnose(&s->in, &s->c);
}

static int
has_ev(const struct vw_cause *c, uint64_t seq)
{
	unsigned i;

	for (i = 0; i < c->nevidence; i++)
		if (c->evidence[i] == seq)
			return 1;
	return 0;
}

/* Sequence number of the newest recorded route diff of kind for dst. */
static uint64_t
seq_route(int kind, const char *dst, unsigned plen)
{
	struct vw_ip ip;
	size_t i;

	dfx_ip(&ip, dst);
	for (i = S.x.n; i-- > 0;)
		if (S.x.h[i].ev.kind == kind &&
		    S.x.h[i].ev.u.route.plen == plen &&
		    vw_ip_cmp(&S.x.h[i].ev.u.route.dst, &ip) == 0)
			return S.x.h[i].ev.seq;
	return 0;
}

/* Sequence number of the newest recorded diff of kind (0 none). */
static uint64_t
seq_of(int kind)
{
	const struct vw_hevent *h = dfx_last(&S.x, kind);

	return h != NULL ? h->ev.seq : 0;
}

#define ASSERT_HAS(hay, needle) do {					\
	if (strstr((hay), (needle)) == NULL)				\
		VW__FAIL("\"%s\" lacks \"%s\"", (hay), (needle));	\
} while (0)

/* ---- names --------------------------------------------------------------- */

VW_TEST(test_cause_names)
{
	int i;

	for (i = VW_CAUSE_NONE + 1; i < VW_CAUSE__MAX; i++)
		ASSERT_EQ(vw_cause_parse(vw_cause_name(i)), i);
	ASSERT_STR_EQ(vw_cause_name(VW_CAUSE_ROUTE_HIJACKED),
	    "route_hijacked");
	ASSERT_STR_EQ(vw_cause_name(VW_CAUSE_LOCAL_NETWORK_DENIED),
	    "local_network_denied");
	ASSERT_STR_EQ(vw_cause_name(0), "?");
	ASSERT_STR_EQ(vw_cause_name(VW_CAUSE__MAX), "?");
	ASSERT_EQ(vw_cause_parse("route"), VW_EINVAL);
	ASSERT_EQ(vw_cause_parse(NULL), VW_EINVAL);
}

/* ---- 1. host_slept ------------------------------------------------------- */

VW_TEST(test_host_slept)
{
	const struct vw_hevent *w;

	sc_begin(&S, G);
	w = dfx_wake(&S.x, 47 * 60 + 5, NULL);
	S.x.now_us = T_LATE;
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_DELETE, "198.18.64.0/24",
	    NULL, 5, 254), 0, NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_HOST_SLEPT);
	ASSERT_EQ(S.c.inferred, 0);
	ASSERT_EQ(S.c.evidence[0], w->ev.seq);
	ASSERT(has_ev(&S.c, seq_of(VW_EV_ROUTE_DELETE)));
	ASSERT_EQ(S.c.nevidence, 2);
	ASSERT_EQ(S.c.pid, 0);
	ASSERT_EQ(S.c.change_us, T_CHANGE);
	ASSERT_STR_EQ(S.c.summary, "host slept 47m (woke 22:14:21); since "
	    "then: route now default via 198.18.0.1 dev eth0 (was "
	    "198.18.64.0/24 dev br0)");

	/* Nothing else changed, and the wake says more. */
	sc_begin(&S, G);
	dfx_wake(&S.x, 3 * 3600 + 60, "DarkWake");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_HOST_SLEPT);
	ASSERT_STR_EQ(S.c.summary, "host slept 3h01m (woke 22:14:21, "
	    "DarkWake); since then: nothing on the path changed");
	ASSERT_EQ(S.c.nevidence, 1);

	/* A wake before the last good probe explains nothing. */
	sc_begin(&S, G);
	S.x.now_us = PRE_GOOD;
	dfx_wake(&S.x, 600, NULL);
	sc_good(&S);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
}

/* ---- 2. interface_gone --------------------------------------------------- */

VW_TEST(test_interface_gone)
{
	sc_begin(&S, G);
	/* `ip link del br0`: the table drops what lived on it first. */
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_DELETE, 5, "br0", 0,
	    VW_LT_BRIDGE, "bridge", 0), 2001, "ip");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_INTERFACE_GONE);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_LINK_DELETE));
	ASSERT_NE(seq_route(VW_EV_ROUTE_DELETE, "198.18.64.0", 24), 0);
	ASSERT_EQ(S.c.evidence[1], seq_route(VW_EV_ROUTE_DELETE,
	    "198.18.64.0", 24));
	ASSERT_EQ(S.c.nevidence, 2);
	ASSERT_EQ(S.c.pid, 2001);
	ASSERT_STR_EQ(S.c.proc, "ip");
	ASSERT_EQ(S.c.change_us, T_CHANGE);
	ASSERT_STR_EQ(S.c.summary, "br0 was deleted (ifindex 5) by pid 2001 "
	    "'ip' at 22:14:21; 198.18.64.2 now matches default via "
	    "198.18.0.1 dev eth0");
	/* The address and route deletions in the window are not blamed. */
	ASSERT(dfx_last(&S.x, VW_EV_ADDR_DELETE) != NULL);
}

VW_TEST(test_interface_recreated)
{
	uint64_t del, add;

	sc_begin(&S, G);
	/* br0 comes back as index 9: the old index goes with it. */
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_ADD, 9, "br0", DFX_LF_OK,
	    VW_LT_BRIDGE, "bridge", DFX_OPER_UP), 0, NULL);
	del = seq_of(VW_EV_LINK_DELETE);
	add = seq_of(VW_EV_LINK_ADD);
	ASSERT(del != 0 && add > del);
	S.x.now_us = T_LATE;
	sc_apply(&S, dfx_addr(&EV, VW_EV_ADDR_ADD, "198.18.64.1", 24, 9), 0,
	    NULL);
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_ADD, "198.18.64.0/24", NULL,
	    9, 254), 0, NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_INTERFACE_GONE);
	ASSERT_EQ(S.c.evidence[0], del);
	ASSERT(has_ev(&S.c, add));
	ASSERT_STR_EQ(S.c.summary, "br0 re-created: ifindex 5 -> 9 at "
	    "22:14:21; 198.18.64.2 now matches 198.18.64.0/24 dev br0");
}

/* ---- 3. interface_down --------------------------------------------------- */

VW_TEST(test_interface_down_wins_over_route_removed)
{
	uint64_t down, rdel;

	sc_begin(&S, G);
	/* `ip link set br0 down`: Linux flushes its IPv4 routes silently. */
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_CHANGE, 5, "br0",
	    VW_LF_BROADCAST | VW_LF_MULTICAST, VW_LT_BRIDGE, "bridge",
	    DFX_OPER_DOWN), 2002, "ip");
	down = seq_of(VW_EV_LINK_DOWN);
	rdel = seq_route(VW_EV_ROUTE_DELETE, "198.18.64.0", 24);
	ASSERT(down != 0 && rdel != 0 && rdel < down);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_INTERFACE_DOWN);
	ASSERT_EQ(S.c.evidence[0], down);
	ASSERT(has_ev(&S.c, rdel));
	ASSERT_EQ(S.c.pid, 2002);
	ASSERT_STR_EQ(S.c.summary, "br0 is administratively down (set down at "
	    "22:14:21 by pid 2002 'ip'); its routes went with it, "
	    "198.18.64.2 now matches default via 198.18.0.1 dev eth0");
}

VW_TEST(test_interface_no_carrier)
{
	sc_begin(&S, G);
	/* The bridge's last port left: NO-CARRIER, routes stay. */
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_CHANGE, 5, "br0", VW_LF_UP |
	    VW_LF_BROADCAST | VW_LF_MULTICAST, VW_LT_BRIDGE, "bridge",
	    DFX_OPER_DOWN), 0, NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_INTERFACE_DOWN);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_LINK_CHANGE));
	ASSERT_EQ(S.c.nevidence, 1);
	ASSERT_STR_EQ(S.c.summary, "br0 has no carrier (lower layer down "
	    "since 22:14:21)");
}

/* ---- 4. address_removed -------------------------------------------------- */

VW_TEST(test_address_removed_wins_over_route_removed)
{
	uint64_t adel, rdel;

	sc_begin(&S, G);
	/* `ip addr del 198.18.64.1/24 dev br0`: its routes go too. */
	sc_apply(&S, dfx_addr(&EV, VW_EV_ADDR_DELETE, "198.18.64.1", 24, 5),
	    2003, "ip");
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_DELETE, "198.18.64.1/32",
	    NULL, 5, 255), 0, NULL);
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_DELETE, "198.18.64.0/24",
	    NULL, 5, 254), 0, NULL);
	adel = seq_of(VW_EV_ADDR_DELETE);
	rdel = seq_of(VW_EV_ROUTE_DELETE);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ADDRESS_REMOVED);
	ASSERT_EQ(S.c.evidence[0], adel);
	ASSERT_EQ(S.c.evidence[1], rdel);
	ASSERT_EQ(S.c.nevidence, 2);	/* not the local /32 */
	ASSERT_EQ(S.c.pid, 2003);
	ASSERT_STR_EQ(S.c.proc, "ip");
	ASSERT_STR_EQ(S.c.summary, "host address 198.18.64.1/24 removed from "
	    "br0 by pid 2003 'ip' at 22:14:21; the connected route "
	    "198.18.64.0/24 went with it; 198.18.64.2 now matches default "
	    "via 198.18.0.1 dev eth0");

	/* Removed and put back: not the cause. */
	sc_begin(&S, G);
	sc_apply(&S, dfx_addr(&EV, VW_EV_ADDR_DELETE, "198.18.64.1", 24, 5),
	    2003, "ip");
	sc_apply(&S, dfx_addr(&EV, VW_EV_ADDR_ADD, "198.18.64.1", 24, 5),
	    2003, "ip");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
}

/* ---- 5. route_hijacked --------------------------------------------------- */

VW_TEST(test_route_hijacked_more_specific)
{
	uint64_t ladd, radd;

	sc_begin(&S, G);
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_ADD, 9, "tun0", VW_LF_UP |
	    VW_LF_RUNNING | VW_LF_LOWER_UP | VW_LF_P2P, VW_LT_TUNNEL, "tun",
	    0), 812, "tailscaled");
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_ADD, "198.18.64.0/25", NULL,
	    9, 254), 812, "tailscaled");
	ladd = seq_of(VW_EV_LINK_ADD);
	radd = seq_of(VW_EV_ROUTE_ADD);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ROUTE_HIJACKED);
	ASSERT_EQ(S.c.inferred, 0);
	ASSERT_EQ(S.c.evidence[0], radd);
	ASSERT_EQ(S.c.evidence[1], ladd);
	ASSERT_EQ(S.c.nevidence, 2);
	ASSERT_EQ(S.c.pid, 812);
	ASSERT_STR_EQ(S.c.proc, "tailscaled");
	ASSERT_EQ(S.c.change_us, T_CHANGE);
	ASSERT_STR_EQ(S.c.summary, "route to 198.18.64.2 moved: br0 -> tun0 "
	    "(198.18.64.0/25 added by pid 812 'tailscaled' at 22:14:21); "
	    "traffic for 198.18.64.2 now enters tun0");

	/* With a target name. */
	S.in.name = "vm1";
	sc_diag(&S);
	ASSERT_HAS(S.c.summary, "traffic for vm1 now enters tun0");
}

VW_TEST(test_route_hijacked_default_and_gateway)
{
	/* A VPN's two halves beat the default for an off-link target. */
	sc_begin(&S, OFF);
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_ADD, 9, "wg0", VW_LF_UP |
	    VW_LF_RUNNING | VW_LF_P2P, VW_LT_TUNNEL, "wireguard", 0), 0, NULL);
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_ADD, "0.0.0.0/1", NULL, 9,
	    254), 900, "wg-quick");
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_ADD, "128.0.0.0/1", NULL, 9,
	    254), 900, "wg-quick");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ROUTE_HIJACKED);
	ASSERT_EQ(S.c.pid, 900);
	ASSERT_EQ(S.c.evidence[0], seq_route(VW_EV_ROUTE_ADD, "128.0.0.0",
	    1));
	ASSERT_EQ(S.c.evidence[1], seq_of(VW_EV_LINK_ADD));
	ASSERT_EQ(S.c.nevidence, 2);
	ASSERT_HAS(S.c.summary, "moved: eth0 -> wg0 (128.0.0.0/1 added by "
	    "pid 900 'wg-quick'");

	/* The default's gateway replaced on the same interface. */
	sc_begin(&S, OFF);
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_CHANGE, "0.0.0.0/0",
	    "198.18.0.2", 2, 254), 2005, "ip");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ROUTE_HIJACKED);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_ROUTE_CHANGE));
	ASSERT_STR_EQ(S.c.summary, "route to 198.19.1.1 moved: via 198.18.0.1 "
	    "-> via 198.18.0.2 (default route changed by pid 2005 'ip' at "
	    "22:14:21); traffic for 198.19.1.1 now goes via 198.18.0.2");
}

/* ---- 6. route_removed ---------------------------------------------------- */

VW_TEST(test_route_removed)
{
	sc_begin(&S, G);
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_DELETE, "198.18.64.0/24",
	    NULL, 5, 254), 2004, "ip");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ROUTE_REMOVED);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_ROUTE_DELETE));
	ASSERT_EQ(S.c.nevidence, 1);
	ASSERT_EQ(S.c.pid, 2004);
	ASSERT_STR_EQ(S.c.summary, "route 198.18.64.0/24 dev br0 deleted by "
	    "pid 2004 'ip' at 22:14:21; 198.18.64.2 now matches default via "
	    "198.18.0.1 dev eth0");

	/* Nothing left at all. */
	sc_begin(&S, OFF);
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_DELETE, "0.0.0.0/0",
	    "198.18.0.1", 2, 254), 0, NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ROUTE_REMOVED);
	ASSERT_STR_EQ(S.c.summary, "route default via 198.18.0.1 dev eth0 "
	    "deleted at 22:14:21; 198.19.1.1 now has no route");
}

VW_TEST(test_route_removed_backup_takes_over)
{
	sc_begin(&S, G);
	/* A backup route of equal length, there long before the window. */
	S.x.now_us = PRE_GOOD;
	dfx_route(&EV, VW_EV_ROUTE_ADD, "198.18.64.0/24", "198.18.0.1", 2,
	    254);
	EV.u.route.metric = 100;
	sc_apply(&S, &EV, 0, NULL);
	sc_good(&S);
	ASSERT_EQ(S.b.ifindex, 5);
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_DELETE, "198.18.64.0/24",
	    NULL, 5, 254), 2004, "ip");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ROUTE_REMOVED);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_ROUTE_DELETE));
	ASSERT_HAS(S.c.summary, "now matches 198.18.64.0/24 via 198.18.0.1 "
	    "dev eth0");
}

/* ---- 7. neighbor_changed ------------------------------------------------- */

VW_TEST(test_neighbor_changed)
{
	sc_begin(&S, G);
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_ADD, G, 5, "52:54:00:aa:bb:cc",
	    VW_NUD_REACHABLE), 0, NULL);
	ASSERT_EQ(seq_of(VW_EV_NEIGH_CHANGE), 1);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_NEIGHBOR_CHANGED);
	ASSERT_EQ(S.c.evidence[0], 1);
	ASSERT_EQ(S.c.nevidence, 1);
	ASSERT_STR_EQ(S.c.summary, "198.18.64.2 now at 52:54:00:aa:bb:cc (was "
	    "52:54:00:11:22:33, changed at 22:14:21)");
	/* No macOS advice on Linux. */
	ASSERT(strstr(S.c.summary, "arp -d") == NULL);

	/* The masked MAC is no change. */
	sc_begin(&S, G);
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_ADD, G, 5, "02:00:00:00:00:00",
	    VW_NUD_REACHABLE), 0, NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);

	/* A change before the last good probe is no cause either. */
	sc_begin(&S, G);
	S.x.now_us = PRE_GOOD;
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_ADD, G, 5, "52:54:00:aa:bb:cc",
	    VW_NUD_REACHABLE), 0, NULL);
	sc_good(&S);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
}

/* ---- 8. neighbor_unresolved ---------------------------------------------- */

VW_TEST(test_neighbor_unresolved)
{
	sc_begin(&S, G);
	S.x.now_us = T_LATE;
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_ADD, G, 5, NULL,
	    VW_NUD_FAILED), 0, NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_NEIGHBOR_UNRESOLVED);
	ASSERT_EQ(S.c.inferred, 0);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_NEIGH_CHANGE));
	ASSERT_EQ(S.c.change_us, T_LATE);
	ASSERT_STR_EQ(S.c.summary, "ARP for 198.18.64.2 on br0 unanswered "
	    "(FAILED); the guest does not answer at L2 (VM paused/crashed, "
	    "its link down or the vmnet helper stuck)");

	/* The neighbour answered after all: not unresolved. */
	S.in.l2_confirmed = 1;
	ASSERT_NE(sc_diag(&S), VW_CAUSE_NEIGHBOR_UNRESOLVED);

	/* IPv6: NDP. */
	sc_begin(&S, "2001:db8:64::2");
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_ADD, "2001:db8:64::2", 5, NULL,
	    VW_NUD_INCOMPLETE), 0, NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_NEIGHBOR_UNRESOLVED);
	ASSERT_HAS(S.c.summary, "NDP for 2001:db8:64::2 on br0 unanswered "
	    "(INCOMPLETE)");

	/* The gateway of an off-link target. */
	sc_begin(&S, OFF);
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_ADD, "198.18.0.1", 2, NULL,
	    VW_NUD_FAILED), 0, NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_NEIGHBOR_UNRESOLVED);
	ASSERT_HAS(S.c.summary, "ARP for gateway 198.18.0.1 on eth0 "
	    "unanswered (FAILED); the next hop does not answer at L2");
}

VW_TEST(test_neighbor_absent_with_ehostunreach)
{
	sc_begin(&S, G);
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_DELETE, G, 5, NULL, 0), 0,
	    NULL);
	S.in.nerr = 2;
	S.in.errs[0].err = EHOSTUNREACH;
	S.in.errs[0].count = 2;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_NEIGHBOR_UNRESOLVED);
	ASSERT_EQ(S.c.inferred, 1);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_NEIGH_DELETE));
	ASSERT_HAS(S.c.summary, "no ARP entry for 198.18.64.2 on br0 and "
	    "sends fail with EHOSTUNREACH");

	/*
	 * Without errors: a deleted entry that stays absent across several
	 * lost probes was not re-resolved (Linux reports it again as soon as
	 * ARP is answered).  One lost probe proves nothing: unknown.
	 */
	memset(S.in.errs, 0, sizeof(S.in.errs));
	S.in.nerr = 0;
	S.in.nlost = 3;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_NEIGHBOR_UNRESOLVED);
	ASSERT_EQ(S.c.inferred, 0);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_NEIGH_DELETE));
	ASSERT_HAS(S.c.summary, "ARP entry of 198.18.64.2 on br0 removed at ");
	ASSERT_HAS(S.c.summary, "and not resolved again over 3 probes");
	S.in.nlost = 1;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_UNKNOWN);
	ASSERT_STR_EQ(S.c.summary, "198.18.64.2 stopped answering; ARP entry "
	    "of 198.18.64.2 now absent");
}

/* ---- 9. local_network_denied (Linux: never) ------------------------------ */

VW_TEST(test_local_network_denied_not_on_linux)
{
	sc_begin(&S, G);
	S.in.nerr = 3;
	S.in.errs[0].err = EHOSTUNREACH;
	S.in.errs[0].count = 3;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_UNKNOWN);
	ASSERT_STR_EQ(S.c.summary, "sends to 198.18.64.2 fail with "
	    "EHOSTUNREACH (3 times); nothing on the path changed");
	/* The same inputs from a macOS mirror do name it. */
	S.x.os = VW_OS_DARWIN;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_LOCAL_NETWORK_DENIED);
	ASSERT_EQ(S.c.inferred, 1);

	/* EPERM from the socket itself: named, not guessed. */
	sc_begin(&S, G);
	S.in.nerr = 1;
	S.in.errs[1].err = EPERM;
	S.in.errs[1].count = 1;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_UNKNOWN);
	ASSERT_HAS(S.c.summary, "fail with EPERM (1 times)");
}

/* ---- 10. filtered -------------------------------------------------------- */

VW_TEST(test_filtered_l2_confirmed)
{
	sc_begin(&S, G);
	S.in.l2_confirmed = 1;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_FILTERED);
	ASSERT_EQ(S.c.inferred, 1);
	ASSERT_EQ(S.c.nevidence, 0);
	ASSERT_STR_EQ(S.c.summary, "198.18.64.2 answers ARP "
	    "(52:54:00:11:22:33) but ICMP echo requests get no answer: a "
	    "packet filter on the host or in the guest drops them");
	S.in.probe_kind = VW_PROBE_TCP;
	sc_diag(&S);
	ASSERT_HAS(S.c.summary, "but TCP connects get no answer");
}

VW_TEST(test_filtered_neighbour_reconfirmed)
{
	uint64_t conf;

	sc_begin(&S, G);
	/* REACHABLE -> STALE -> DELAY -> REACHABLE after the first loss. */
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_ADD, G, 5, "52:54:00:11:22:33",
	    VW_NUD_STALE), 0, NULL);
	S.x.now_us = FIRST_BAD;
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_ADD, G, 5, "52:54:00:11:22:33",
	    VW_NUD_DELAY), 0, NULL);
	S.x.now_us = T_LATE;
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_ADD, G, 5, "52:54:00:11:22:33",
	    VW_NUD_REACHABLE), 0, NULL);
	conf = seq_of(VW_EV_NEIGH_CHANGE);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_FILTERED);
	ASSERT_EQ(S.c.nevidence, 1);
	ASSERT_EQ(S.c.evidence[0], conf);

	/* Merely still REACHABLE (no answer seen since the loss): silent. */
	sc_begin(&S, G);
	ASSERT_EQ(S.b.nud, VW_NUD_REACHABLE);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
}

VW_TEST(test_filtered_icmp_prohibited)
{
	sc_begin(&S, G);
	S.in.icmp_type = 3;
	S.in.icmp_code = 13;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_FILTERED);
	ASSERT_HAS(S.c.summary, "administratively-prohibited error (type 3 "
	    "code 13)");
	/* Host unreachable is not a filter's answer. */
	S.in.icmp_code = 1;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);

	sc_begin(&S, "2001:db8:64::2");
	S.in.icmp_type = 1;
	S.in.icmp_code = 1;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_FILTERED);
	/* ICMPv4 numbers mean nothing for an IPv6 target. */
	S.in.icmp_type = 3;
	S.in.icmp_code = 13;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
}

VW_TEST(test_filtered_vpn_appeared)
{
	sc_begin(&S, G);
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_ADD, 9, "wg0", VW_LF_UP |
	    VW_LF_RUNNING | VW_LF_P2P, VW_LT_OTHER, "wireguard", 0), 900,
	    "wg-quick");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_FILTERED);
	ASSERT_EQ(S.c.inferred, 1);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_LINK_ADD));
	ASSERT_EQ(S.c.pid, 900);
	ASSERT_STR_EQ(S.c.summary, "probes silent since wg0 appeared at "
	    "22:14:21: a VPN may enforce full-tunnel policy (route and ARP "
	    "intact)");

	/* A tunnel that was already there at the last good probe: silent. */
	sc_begin(&S, G);
	S.x.now_us = PRE_GOOD;
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_ADD, 9, "wg0", VW_LF_UP |
	    VW_LF_RUNNING | VW_LF_P2P, VW_LT_OTHER, "wireguard", 0), 900,
	    "wg-quick");
	sc_good(&S);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);

	/* A plain interface appearing is no VPN. */
	sc_begin(&S, G);
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_ADD, 9, "veth1", DFX_LF_OK,
	    VW_LT_ETHER, "veth", DFX_OPER_UP), 0, NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
}

/* ---- 11. target_silent --------------------------------------------------- */

VW_TEST(test_target_silent_ignores_unrelated_changes)
{
	sc_begin(&S, G);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
	ASSERT_EQ(S.c.inferred, 1);
	ASSERT_EQ(S.c.nevidence, 0);
	ASSERT_EQ(S.c.pid, 0);
	ASSERT_EQ(S.c.change_us, 0);
	ASSERT_STR_EQ(S.c.summary, "198.18.64.2 stopped answering; nothing on "
	    "the host changed (route, interface, address and neighbour as "
	    "before)");

	/* Busy elsewhere: other routes, neighbours, interfaces. */
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_ADD, "198.19.0.0/16",
	    "198.18.0.1", 2, 254), 812, "tailscaled");
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_ADD, "198.18.64.128/25", NULL,
	    2, 254), 812, "tailscaled");
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_DELETE, "198.18.0.0/24", NULL,
	    2, 254), 2004, "ip");
	sc_apply(&S, dfx_neigh(&EV, VW_EV_NEIGH_ADD, "198.18.64.3", 5, NULL,
	    VW_NUD_FAILED), 0, NULL);
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_ADD, 9, "veth9", DFX_LF_OK,
	    VW_LT_ETHER, "veth", DFX_OPER_UP), 0, NULL);
	ASSERT_EQ(S.x.n, 5);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
	ASSERT_EQ(S.c.nevidence, 0);
	ASSERT_EQ(S.c.pid, 0);

	/* A route deleted and re-added before the last good probe. */
	sc_begin(&S, G);
	S.x.now_us = PRE_GOOD;
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_DELETE, "198.18.64.0/24",
	    NULL, 5, 254), 2004, "ip");
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_ADD, "198.18.64.0/24", NULL,
	    5, 254), 2004, "ip");
	sc_good(&S);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
}

VW_TEST(test_never_answered)
{
	sc_begin(&S, G);
	memset(&S.b, 0, sizeof(S.b));
	S.in.last_good_us = 0;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
	ASSERT_HAS(S.c.summary, "198.18.64.2 has not answered yet; the host's "
	    "path to it looks usable (198.18.64.0/24 dev br0");
	/* before == NULL is the same as an empty path. */
	sc_diag(&S);
	S.in.before = NULL;
	ASSERT_EQ(vw_diagnose(&S.in, &S.c), VW_CAUSE_TARGET_SILENT);

	/* No route and never answered: no local cause can be claimed. */
	sc_begin(&S, "2001:db8:99::1");
	memset(&S.b, 0, sizeof(S.b));
	S.in.last_good_us = 0;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_UNKNOWN);
	ASSERT_STR_EQ(S.c.summary, "2001:db8:99::1 has not answered; path now "
	    "no route");
}

/* ---- 12. unknown --------------------------------------------------------- */

VW_TEST(test_unknown_says_what_differs)
{
	sc_begin(&S, G);
	/* The host's address changes its prefix: a change no rule names. */
	sc_apply(&S, dfx_addr(&EV, VW_EV_ADDR_DELETE, "198.18.64.1", 24, 5), 0,
	    NULL);
	sc_apply(&S, dfx_addr(&EV, VW_EV_ADDR_ADD, "198.18.64.1", 16, 5), 0,
	    NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_UNKNOWN);
	ASSERT_EQ(S.c.inferred, 0);
	ASSERT_EQ(S.c.nevidence, 0);
	ASSERT_STR_EQ(S.c.summary, "198.18.64.2 stopped answering; host "
	    "address now 198.18.64.1/16 (was 198.18.64.1/24)");
}

/* ---- JSON ---------------------------------------------------------------- */

static const char *
jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
jnull(const cJSON *o, const char *k)
{
	return cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(o, k));
}

VW_TEST(test_json_cause_and_paths)
{
	const cJSON *ev, *pb, *pn;
	cJSON *j, *back;
	char *text;

	sc_begin(&S, G);
	/* Two more specific routes: the one used now is the evidence. */
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_ADD, "198.18.64.0/25", NULL,
	    5, 254), 812, "tailscaled");
	sc_apply(&S, dfx_link(&EV, VW_EV_LINK_ADD, 9, "tun0", VW_LF_UP |
	    VW_LF_RUNNING | VW_LF_P2P, VW_LT_TUNNEL, "tun", 0), 812,
	    "tailscaled");
	sc_apply(&S, dfx_route(&EV, VW_EV_ROUTE_ADD, "198.18.64.0/26", NULL,
	    9, 254), 812, "tailscaled");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ROUTE_HIJACKED);
	ASSERT_EQ(S.c.evidence[0], seq_route(VW_EV_ROUTE_ADD, "198.18.64.0",
	    26));
	ASSERT(!has_ev(&S.c, seq_route(VW_EV_ROUTE_ADD, "198.18.64.0", 25)));
	ASSERT((j = vw_json_cause(&S.c, &S.b, &S.n)) != NULL);
	ASSERT((text = cJSON_PrintUnformatted(j)) != NULL);
	cJSON_Delete(j);
	back = cJSON_Parse(text);
	free(text);
	ASSERT(back != NULL);
	ASSERT_STR_EQ(jstr(back, "code"), "route_hijacked");
	ASSERT_STR_EQ(jstr(back, "summary"), S.c.summary);
	ASSERT(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(back,
	    "inferred")));
	ev = cJSON_GetObjectItemCaseSensitive(back, "evidence");
	ASSERT(cJSON_IsArray(ev));
	ASSERT_EQ(cJSON_GetArraySize(ev), S.c.nevidence);
	ASSERT_EQ(cJSON_GetArrayItem(ev, 0)->valuedouble, S.c.evidence[0]);
	ASSERT_EQ(cJSON_GetObjectItemCaseSensitive(back, "pid")->valuedouble,
	    812);
	ASSERT_STR_EQ(jstr(back, "process"), "tailscaled");
	ASSERT_STR_EQ(jstr(back, "changed_at"), "2023-11-14T22:14:21.000000Z");
	pb = cJSON_GetObjectItemCaseSensitive(back, "path_before");
	ASSERT_STR_EQ(jstr(pb, "route"), "198.18.64.0/24");
	ASSERT_STR_EQ(jstr(pb, "type"), "unicast");
	ASSERT(jnull(pb, "via"));
	ASSERT_STR_EQ(jstr(pb, "dev"), "br0");
	ASSERT_EQ(cJSON_GetObjectItemCaseSensitive(pb, "ifindex")->valuedouble,
	    5);
	ASSERT_STR_EQ(jstr(pb, "link"), "up");
	ASSERT_STR_EQ(jstr(pb, "src"), "198.18.64.1");
	ASSERT_STR_EQ(jstr(pb, "neighbor"), "198.18.64.2");
	ASSERT_STR_EQ(jstr(pb, "lladdr"), "52:54:00:11:22:33");
	ASSERT_STR_EQ(jstr(pb, "state"), "REACHABLE");
	pn = cJSON_GetObjectItemCaseSensitive(back, "path_now");
	ASSERT_STR_EQ(jstr(pn, "route"), "198.18.64.0/26");
	ASSERT_STR_EQ(jstr(pn, "dev"), "tun0");
	ASSERT(jnull(pn, "src"));
	ASSERT(jnull(pn, "lladdr"));
	ASSERT(jnull(pn, "state"));
	cJSON_Delete(back);

	/* Inferred, no process, no time, no path before. */
	sc_begin(&S, G);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
	ASSERT((j = vw_json_cause(&S.c, NULL, &S.n)) != NULL);
	ASSERT(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(j, "inferred")));
	ASSERT(cJSON_GetObjectItemCaseSensitive(j, "pid") == NULL);
	ASSERT(cJSON_GetObjectItemCaseSensitive(j, "process") == NULL);
	ASSERT(jnull(j, "changed_at"));
	ASSERT(jnull(j, "path_before"));
	ASSERT_EQ(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j,
	    "evidence")), 0);
	cJSON_Delete(j);

	/* Paths: none, no route, a gateway, a downed and a gone link. */
	ASSERT((j = vw_json_path(NULL)) != NULL);
	ASSERT(cJSON_IsNull(j));
	cJSON_Delete(j);
	memset(&S.b, 0, sizeof(S.b));
	ASSERT((j = vw_json_path(&S.b)) != NULL);
	ASSERT(jnull(j, "route") && jnull(j, "link") && jnull(j, "neighbor") &&
	    jnull(j, "ifindex"));
	cJSON_Delete(j);
	dfx_path(&S.x, OFF, &S.b);
	ASSERT((j = vw_json_path(&S.b)) != NULL);
	ASSERT_STR_EQ(jstr(j, "route"), "0.0.0.0/0");
	ASSERT_STR_EQ(jstr(j, "via"), "198.18.0.1");
	ASSERT_STR_EQ(jstr(j, "neighbor"), "198.18.0.1");
	cJSON_Delete(j);
	S.b.lflags &= ~(uint32_t)VW_LF_UP;
	ASSERT((j = vw_json_path(&S.b)) != NULL);
	ASSERT_STR_EQ(jstr(j, "link"), "down");
	cJSON_Delete(j);
	S.b.lflags = VW_LF_UP;
	ASSERT((j = vw_json_path(&S.b)) != NULL);
	ASSERT_STR_EQ(jstr(j, "link"), "no-carrier");
	cJSON_Delete(j);
	S.b.have &= ~(uint32_t)VW_PH_LINK;
	ASSERT((j = vw_json_path(&S.b)) != NULL);
	ASSERT_STR_EQ(jstr(j, "link"), "gone");
	cJSON_Delete(j);
	dfx_free(&S.x);
}

VW_TEST_MAIN(test_cause_names, test_host_slept, test_interface_gone,
    test_interface_recreated, test_interface_down_wins_over_route_removed,
    test_interface_no_carrier, test_address_removed_wins_over_route_removed,
    test_route_hijacked_more_specific, test_route_hijacked_default_and_gateway,
    test_route_removed, test_route_removed_backup_takes_over,
    test_neighbor_changed, test_neighbor_unresolved,
    test_neighbor_absent_with_ehostunreach,
    test_local_network_denied_not_on_linux, test_filtered_l2_confirmed,
    test_filtered_neighbour_reconfirmed, test_filtered_icmp_prohibited,
    test_filtered_vpn_appeared, test_target_silent_ignores_unrelated_changes,
    test_never_answered, test_unknown_says_what_differs,
    test_json_cause_and_paths)
