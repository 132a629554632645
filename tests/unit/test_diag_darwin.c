/* SPDX-License-Identifier: ISC */
/*
 * test_diag_darwin.c - the diagnosis on macOS-shaped sequences: the
 * fixture host (bsd_fix_macos_table: the VM 192.168.64.2 on bridge100 as
 * an ARP clone) is loaded through the real BSD decoder, then the messages
 * of the outage causes (tests/fixtures/bsd_fix_diag.c: a VPN's route, a
 * route deletion, an interface set down, an address removed, ARP polls
 * with the guest unresolved or at a new MAC) are decoded and applied as
 * the daemon applies them, their diffs recorded as the history window,
 * and the diagnosis must name the cause, the evidence and the process.
 * Interface attach/detach, which macOS reports on the kernel-event
 * socket only, is applied as the event that socket's decoder makes.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "bsd_fix_diag.h"
#include "config.h"
#include "vw_diag.h"
#include "vw_path.h"
#include "vw_table.h"
#include "vw_test.h"

#define SEC		1000000LL
#define LAST_GOOD	(DFX_T0 + 60 * SEC)	/* 22:14:20 */
#define T_CHANGE	(DFX_T0 + 61 * SEC)	/* 22:14:21 */
#define FIRST_BAD	(DFX_T0 + 62 * SEC)
#define T_NOW		(DFX_T0 + 65 * SEC)

#define VM		"192.168.64.2"

struct sc {
	struct dfx		x;
	struct vw_path		b, n;
	struct vw_diag_in	in;
	struct vw_cause		c;
};

/* Static: what a failed test leaves stays reachable (no leak reports). */
static struct sc S;

static void
sc_begin(struct sc *s)
{
	dfx_free(&s->x);
	memset(s, 0, sizeof(*s));
	dfx_init(&s->x, VW_OS_DARWIN);
	dfx_macos_host(&s->x);
	s->in.last_good_us = LAST_GOOD;
	s->in.first_bad_us = FIRST_BAD;
	s->in.now_us = T_NOW;
	s->in.nlost = 3;
	s->in.probe_kind = VW_PROBE_ICMP;
	s->x.now_us = LAST_GOOD;
	dfx_path(&s->x, VM, &s->b);
	s->x.now_us = T_CHANGE;
}

/* Decode and apply the messages `build` makes; proc names their pid. */
static void
sc_msgs(struct sc *s, void (*build)(struct bsd_buf *), const char *proc)
{
	struct bsd_buf b;

	bsd_buf_init(&b, VW_OS_DARWIN);
	build(&b);
	snprintf(s->x.proc, sizeof(s->x.proc), "%s", proc != NULL ? proc : "");
	ASSERT(dfx_bsd_apply(&s->x, &b, 0) > 0);
	bsd_buf_free(&b);
}

/* The daemon's ARP poll over the dumps `build` makes. */
static void
sc_arp_poll(struct sc *s, void (*build)(struct bsd_buf *))
{
	struct bsd_buf b;

	bsd_buf_init(&b, VW_OS_DARWIN);
	build(&b);
	ASSERT(dfx_bsd_arp_poll(&s->x, &b) > 0);
	bsd_buf_free(&b);
}

static int
sc_diag(struct sc *s)
{
	dfx_path(&s->x, VM, &s->n);
	s->in.os = VW_OS_DARWIN;
	dfx_ip(&s->in.target, VM);
	s->in.before = &s->b;
	s->in.now = &s->n;
	s->in.table = s->x.t;
	s->in.hist = s->x.hp;
	s->in.nhist = s->x.n;
	return vw_diagnose(&s->in, &s->c);
}

static uint64_t
seq_of(int kind)
{
	const struct vw_hevent *h = dfx_last(&S.x, kind);

	return h != NULL ? h->ev.seq : 0;
}

static void
sc_errs(struct sc *s, int err, uint32_t n)
{
	s->in.nerr = n;
	s->in.errs[0].err = err;
	s->in.errs[0].count = n;
}

/* What the kernel-event decoder makes of KEV_DL_IF_ATTACHED/DETACHED. */
static void
sc_kev_link(struct sc *s, int kind, uint32_t index, const char *name,
    int type, uint32_t lflags)
{
	struct vw_event ev;

	vw_event_init(&ev, kind);
	ev.origin.os = VW_OS_DARWIN;
	ev.u.link.index = index;
	snprintf(ev.u.link.name, sizeof(ev.u.link.name), "%s", name);
	ev.u.link.type = (uint8_t)type;
	ev.u.link.lflags = lflags;
	ev.u.link.have = VW_LH_NAME | VW_LH_TYPE;
	ASSERT(dfx_apply(&s->x, &ev) >= 0);
}

#define ASSERT_HAS(hay, needle) do {					\
	if (strstr((hay), (needle)) == NULL)				\
		VW__FAIL("\"%s\" lacks \"%s\"", (hay), (needle));	\
} while (0)

VW_TEST(test_darwin_before)
{
	sc_begin(&S);
	ASSERT_EQ(S.b.have, VW_PH_ROUTE | VW_PH_LINK | VW_PH_SRC |
	    VW_PH_NEIGH);
	ASSERT_STR_EQ(S.b.ifname, "bridge100");
	ASSERT_EQ(S.b.plen, 24);
	ASSERT(vw_path_link_ok(&S.b) && vw_path_l2_ok(&S.b));
	/* Nothing happened: the guest went quiet (REACHABLE is no proof). */
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
	ASSERT_EQ(S.c.nevidence, 0);
}

VW_TEST(test_darwin_hijack_more_specific)
{
	sc_begin(&S);
	sc_msgs(&S, bsd_fix_diag_hijack25, "tailscaled");
	ASSERT_EQ(S.x.n, 1);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ROUTE_HIJACKED);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_ROUTE_ADD));
	ASSERT_EQ(S.c.nevidence, 1);
	ASSERT_EQ(S.c.pid, 812);
	ASSERT_STR_EQ(S.c.proc, "tailscaled");
	ASSERT_EQ(S.c.change_us, T_CHANGE);
	ASSERT_EQ(S.n.ifindex, 19);
	ASSERT_STR_EQ(S.c.summary, "route to 192.168.64.2 moved: bridge100 -> "
	    "utun4 (192.168.64.0/25 added by pid 812 'tailscaled' at "
	    "22:14:21); traffic for 192.168.64.2 now enters utun4");
}

VW_TEST(test_darwin_hijack_same_prefix)
{
	/* route add of the same /24 on utun4: the unscoped key is replaced. */
	sc_begin(&S);
	sc_msgs(&S, bsd_fix_macos_hijack, "tailscaled");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ROUTE_HIJACKED);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_ROUTE_CHANGE));
	ASSERT_EQ(S.c.pid, 812);
	ASSERT_HAS(S.c.summary, "moved: bridge100 -> utun4 (192.168.64.0/24 "
	    "changed by pid 812 'tailscaled' at 22:14:21)");
}

VW_TEST(test_darwin_route_removed)
{
	sc_begin(&S);
	sc_msgs(&S, bsd_fix_diag_route_delete, "route");
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ROUTE_REMOVED);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_ROUTE_DELETE));
	ASSERT_EQ(S.c.pid, 4321);
	ASSERT_STR_EQ(S.c.proc, "route");
	/* The VM's scoped ARP clone and bridge100's scoped default do not
	   serve the unscoped lookup: the global default does. */
	ASSERT_STR_EQ(S.c.summary, "route 192.168.64.0/24 dev bridge100 "
	    "deleted by pid 4321 'route' at 22:14:21; 192.168.64.2 now "
	    "matches default via 192.168.178.1 dev en0");
}

VW_TEST(test_darwin_interface_down)
{
	sc_begin(&S);
	sc_msgs(&S, bsd_fix_diag_ifdown, NULL);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_INTERFACE_DOWN);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_LINK_DOWN));
	ASSERT_EQ(S.c.nevidence, 1);
	ASSERT_EQ(S.c.pid, 0);
	/* macOS keeps the routes of a downed interface. */
	ASSERT_EQ(S.n.ifindex, 24);
	ASSERT_STR_EQ(S.c.summary, "bridge100 is administratively down (set "
	    "down at 22:14:21)");
}

VW_TEST(test_darwin_carrier_lost)
{
	struct vw_event ev;
	const struct vw_link *l;

	sc_begin(&S);
	/* The daemon keeps the carrier in LOWER_UP (kernel-event socket). */
	l = vw_table_link(S.x.t, 24);
	ASSERT(l != NULL);
	vw_event_init(&ev, VW_EV_LINK_CHANGE);
	ev.u.link = *l;
	ev.u.link.lflags |= VW_LF_LOWER_UP;
	ASSERT(dfx_apply(&S.x, &ev) >= 0);
	S.x.now_us = LAST_GOOD;
	dfx_path(&S.x, VM, &S.b);
	S.x.now_us = T_CHANGE;
	/* KEV_DL_LINK_OFF: LOWER_UP cleared, IFF_RUNNING still set. */
	ev.u.link.lflags &= ~(uint32_t)VW_LF_LOWER_UP;
	ASSERT(dfx_apply(&S.x, &ev) >= 0);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_INTERFACE_DOWN);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_LINK_CHANGE));
	ASSERT_STR_EQ(S.c.summary, "bridge100 has no carrier (lower layer "
	    "down since 22:14:21)");
}

VW_TEST(test_darwin_address_removed)
{
	uint64_t adel, rdel;

	sc_begin(&S);
	sc_msgs(&S, bsd_fix_diag_deladdr, NULL);
	adel = seq_of(VW_EV_ADDR_DELETE);
	rdel = seq_of(VW_EV_ROUTE_DELETE);
	ASSERT(rdel != 0 && adel > rdel);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_ADDRESS_REMOVED);
	ASSERT_EQ(S.c.evidence[0], adel);
	ASSERT_EQ(S.c.evidence[1], rdel);
	ASSERT_STR_EQ(S.c.summary, "host address 192.168.64.1/24 removed from "
	    "bridge100 at 22:14:21; the connected route 192.168.64.0/24 went "
	    "with it; 192.168.64.2 now matches default via 192.168.178.1 dev "
	    "en0");
}

VW_TEST(test_darwin_arp_unresolved)
{
	sc_begin(&S);
	sc_arp_poll(&S, bsd_fix_diag_arp_reject);
	/* The poll found exactly the guest's entry changed. */
	ASSERT_EQ(S.x.n, 1);
	ASSERT_EQ(S.x.h[0].ev.kind, VW_EV_NEIGH_CHANGE);
	sc_errs(&S, EHOSTDOWN, 2);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_NEIGHBOR_UNRESOLVED);
	ASSERT_EQ(S.n.nud, VW_NUD_FAILED);
	ASSERT_EQ(S.c.evidence[0], 1);
	ASSERT_EQ(S.c.inferred, 0);
	ASSERT_STR_EQ(S.c.summary, "ARP for 192.168.64.2 on bridge100 "
	    "unanswered (FAILED); the guest does not answer at L2 (VM "
	    "paused/crashed, its link down or the vmnet helper stuck); macOS "
	    "rejects sends to it for 20 s");
	/* EHOSTUNREACH with ARP unresolved is L2, not Local Network. */
	sc_errs(&S, EHOSTUNREACH, 3);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_NEIGHBOR_UNRESOLVED);
}

VW_TEST(test_darwin_arp_new_mac)
{
	sc_begin(&S);
	sc_arp_poll(&S, bsd_fix_diag_arp_newmac);
	ASSERT_EQ(S.x.n, 1);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_NEIGHBOR_CHANGED);
	ASSERT_EQ(S.c.evidence[0], 1);
	ASSERT_STR_EQ(S.c.summary, "192.168.64.2 now at 52:54:00:aa:bb:cc (was "
	    "8a:c3:94:0a:86:e2, changed at 22:14:21); macOS can keep an old "
	    "MAC in its ARP cache up to 20 min (`arp -d 192.168.64.2` clears "
	    "it)");
}

VW_TEST(test_darwin_masked_mac_ignored)
{
	sc_begin(&S);
	sc_arp_poll(&S, bsd_fix_diag_arp_masked);
	ASSERT_EQ(S.x.n, 1);		/* the table did see a difference */
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_TARGET_SILENT);
	ASSERT_EQ(S.c.nevidence, 0);
}

VW_TEST(test_darwin_local_network_denied)
{
	sc_begin(&S);
	sc_arp_poll(&S, bsd_fix_diag_arp_same);
	ASSERT_EQ(S.x.n, 0);		/* the dump matches the table */
	sc_errs(&S, EHOSTUNREACH, 3);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_LOCAL_NETWORK_DENIED);
	ASSERT_EQ(S.c.inferred, 1);
	ASSERT_EQ(S.c.nevidence, 0);
	ASSERT_STR_EQ(S.c.summary, "EHOSTUNREACH to 192.168.64.2 with a valid "
	    "route (bridge100) and ARP (8a:c3:94:0a:86:e2): macOS Local "
	    "Network privacy likely denies vmwatchd; allow it in System "
	    "Settings > Privacy & Security > Local Network, or reinstall with "
	    "`vmwatchctl install --system`");
	sc_errs(&S, EPERM, 1);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_LOCAL_NETWORK_DENIED);
	ASSERT_HAS(S.c.summary, "EPERM to 192.168.64.2");

	/* Root (a LaunchDaemon) is exempt: not this cause. */
	sc_errs(&S, EHOSTUNREACH, 3);
	S.in.privileged = 1;
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_UNKNOWN);
	ASSERT_HAS(S.c.summary, "fail with EHOSTUNREACH (3 times)");
}

VW_TEST(test_darwin_vpn_policy)
{
	sc_begin(&S);
	/* A utun appears (KEV_DL_IF_ATTACHED); routes and ARP untouched. */
	S.x.record = 1;
	sc_kev_link(&S, VW_EV_LINK_ADD, 25, "utun5", VW_LT_TUNNEL, VW_LF_UP |
	    VW_LF_RUNNING | VW_LF_P2P | VW_LF_MULTICAST);
	ASSERT_EQ(seq_of(VW_EV_LINK_ADD), 1);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_FILTERED);
	ASSERT_EQ(S.c.inferred, 1);
	ASSERT_EQ(S.c.evidence[0], 1);
	ASSERT_STR_EQ(S.c.summary, "probes silent since utun5 appeared at "
	    "22:14:21: a VPN may enforce full-tunnel policy (route and ARP "
	    "intact)");
}

VW_TEST(test_darwin_bridge_gone_and_recreated)
{
	sc_begin(&S);
	sc_kev_link(&S, VW_EV_LINK_DELETE, 24, "bridge100", VW_LT_BRIDGE, 0);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_INTERFACE_GONE);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_LINK_DELETE));
	ASSERT_STR_EQ(S.c.summary, "bridge100 was deleted (ifindex 24) at "
	    "22:14:21; 192.168.64.2 now matches default via 192.168.178.1 dev "
	    "en0");

	/* vmnet re-creates it under a new index. */
	sc_begin(&S);
	sc_kev_link(&S, VW_EV_LINK_ADD, 27, "bridge100", VW_LT_BRIDGE,
	    VW_LF_UP | VW_LF_RUNNING | VW_LF_BROADCAST | VW_LF_MULTICAST);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_INTERFACE_GONE);
	ASSERT_EQ(S.c.evidence[0], seq_of(VW_EV_LINK_DELETE));
	ASSERT_EQ(S.c.evidence[1], seq_of(VW_EV_LINK_ADD));
	ASSERT_HAS(S.c.summary, "bridge100 re-created: ifindex 24 -> 27 at "
	    "22:14:21");
}

VW_TEST(test_darwin_host_slept)
{
	sc_begin(&S);
	dfx_wake(&S.x, 2820, NULL);
	/* After wake the address and its route went and came back. */
	sc_msgs(&S, bsd_fix_macos_addr_gone, NULL);
	sc_msgs(&S, bsd_fix_macos_addr_add, NULL);
	ASSERT_EQ(S.x.n, 5);
	ASSERT_EQ(sc_diag(&S), VW_CAUSE_HOST_SLEPT);
	ASSERT_EQ(S.c.evidence[0], 1);
	ASSERT_EQ(S.c.nevidence, 5);
	ASSERT_STR_EQ(S.c.summary, "host slept 47m (woke 22:14:21); since "
	    "then: nothing on the path changed");
}

VW_TEST_MAIN(test_darwin_before, test_darwin_hijack_more_specific,
    test_darwin_hijack_same_prefix, test_darwin_route_removed,
    test_darwin_interface_down, test_darwin_carrier_lost,
    test_darwin_address_removed, test_darwin_arp_unresolved,
    test_darwin_arp_new_mac, test_darwin_masked_mac_ignored,
    test_darwin_local_network_denied, test_darwin_vpn_policy,
    test_darwin_bridge_gone_and_recreated, test_darwin_host_slept)
