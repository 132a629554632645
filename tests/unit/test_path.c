/* SPDX-License-Identifier: ISC */
/*
 * test_path.c - lib/vw_path.c and vw_table_neigh(): the path to a target
 * on Linux-shaped tables built from events, on the macOS and FreeBSD
 * fixture tables decoded through the BSD decoder (ARP clones), what
 * vw_path_diff() reports, and which table diffs vw_path_touched() says
 * concern a path.
 */
#include <stdint.h>
#include <string.h>

#include "bsd_fix_diag.h"
#include "vw_path.h"
#include "vw_table.h"
#include "vw_test.h"

static struct vw_event EV;

static int
ip_is(const struct vw_ip *ip, const char *text)
{
	struct vw_ip want;

	dfx_ip(&want, text);
	return ip->family == want.family &&
	    memcmp(ip->a, want.a, 16) == 0;
}

static int
ll_is(const struct vw_lladdr *ll, const char *text)
{
	char buf[VW_LL_STRLEN];

	if (vw_ll_canon(ll, buf, sizeof(buf)) < 0)
		return 0;
	return strcmp(buf, text) == 0;
}

/* ---- Linux ------------------------------------------------------------- */

VW_TEST(test_linux_path_direct)
{
	struct dfx x;
	struct vw_path p;
	char buf[256];
	const char *full = "198.18.64.0/24 dev br0 src 198.18.64.1, "
	    "neighbour 198.18.64.2 52:54:00:11:22:33 REACHABLE";

	dfx_init(&x, VW_OS_LINUX);
	dfx_linux_host(&x);
	dfx_path(&x, "198.18.64.2", &p);
	ASSERT_EQ(p.have, VW_PH_ROUTE | VW_PH_LINK | VW_PH_SRC | VW_PH_NEIGH);
	ASSERT(ip_is(&p.dst, "198.18.64.0"));
	ASSERT_EQ(p.plen, 24);
	ASSERT_EQ(p.gwkind, VW_GW_NONE);
	ASSERT_EQ(p.ifindex, 5);
	ASSERT_EQ(p.table, 254);
	ASSERT_STR_EQ(p.ifname, "br0");
	ASSERT_STR_EQ(p.lkind, "bridge");
	ASSERT_EQ(p.ltype, VW_LT_BRIDGE);
	ASSERT_EQ(p.operstate, DFX_OPER_UP);
	ASSERT(ip_is(&p.src, "198.18.64.1"));
	ASSERT_EQ(p.src_plen, 24);
	ASSERT(ip_is(&p.nh, "198.18.64.2"));
	ASSERT(ll_is(&p.ll, "52:54:00:11:22:33"));
	ASSERT_EQ(p.nud, VW_NUD_REACHABLE);
	ASSERT(vw_path_link_ok(&p));
	ASSERT(vw_path_l2_ok(&p));
	ASSERT_EQ(vw_path_str(&p, buf, sizeof(buf)), (long long)strlen(full));
	ASSERT_STR_EQ(buf, full);
	vw_path_route_str(&p, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "198.18.64.0/24 dev br0");
	/* snprintf rules: the length it would have had. */
	ASSERT_EQ(vw_path_str(&p, buf, 8), (long long)strlen(full));
	ASSERT_STR_EQ(buf, "198.18.");
	dfx_free(&x);
}

VW_TEST(test_linux_path_gateway_v6_local_none)
{
	struct dfx x;
	struct vw_path p;
	char buf[256];

	dfx_init(&x, VW_OS_LINUX);
	dfx_linux_host(&x);

	/* Off-link: the default route; the neighbour is the gateway. */
	dfx_path(&x, "198.19.1.1", &p);
	ASSERT_EQ(p.plen, 0);
	ASSERT_EQ(p.gwkind, VW_GW_IP);
	ASSERT(ip_is(&p.nh, "198.18.0.1"));
	ASSERT_STR_EQ(p.ifname, "eth0");
	ASSERT(ip_is(&p.src, "198.18.0.10"));
	ASSERT(ll_is(&p.ll, "52:54:00:00:00:01"));
	vw_path_str(&p, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "default via 198.18.0.1 dev eth0 src 198.18.0.10, "
	    "neighbour 198.18.0.1 52:54:00:00:00:01 REACHABLE");

	/* IPv6 on the bridge. */
	dfx_path(&x, "2001:db8:64::2", &p);
	ASSERT_EQ(p.have, VW_PH_ROUTE | VW_PH_LINK | VW_PH_SRC | VW_PH_NEIGH);
	ASSERT_EQ(p.plen, 64);
	ASSERT(ip_is(&p.src, "2001:db8:64::1"));
	ASSERT(ll_is(&p.ll, "52:54:00:11:22:44"));

	/* The host's own address: table local wins. */
	dfx_path(&x, "198.18.64.1", &p);
	ASSERT_EQ(p.rtype, VW_RT_LOCAL);
	ASSERT_EQ(p.table, 255);
	ASSERT_EQ(p.plen, 32);

	/* No IPv6 default: nothing matches. */
	dfx_path(&x, "2001:db8:99::1", &p);
	ASSERT_EQ(p.have, 0);
	vw_path_str(&p, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "no route");
	ASSERT(!vw_path_link_ok(&p));
	ASSERT(!vw_path_l2_ok(&p));

	/* A neighbour entry the next hop lacks; an interface gone. */
	ASSERT(dfx_apply(&x, dfx_neigh(&EV, VW_EV_NEIGH_DELETE, "198.18.64.2",
	    5, NULL, 0)) == 1);
	dfx_path(&x, "198.18.64.2", &p);
	ASSERT_EQ(p.have, VW_PH_ROUTE | VW_PH_LINK | VW_PH_SRC);
	vw_path_str(&p, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "198.18.64.0/24 dev br0 src 198.18.64.1, "
	    "no neighbour entry for 198.18.64.2");
	dfx_free(&x);
}

VW_TEST(test_link_and_l2_predicates)
{
	struct vw_path p;

	memset(&p, 0, sizeof(p));
	p.have = VW_PH_ROUTE | VW_PH_LINK | VW_PH_NEIGH;
	p.lflags = VW_LF_UP | VW_LF_RUNNING;
	ASSERT(vw_path_link_ok(&p));
	p.lflags = VW_LF_UP | VW_LF_LOWER_UP;
	ASSERT(vw_path_link_ok(&p));
	p.lflags = VW_LF_UP;			/* no carrier */
	ASSERT(!vw_path_link_ok(&p));
	p.lflags = VW_LF_RUNNING | VW_LF_LOWER_UP;	/* admin down */
	ASSERT(!vw_path_link_ok(&p));
	p.lflags = VW_LF_UP | VW_LF_RUNNING;
	p.operstate = DFX_OPER_DOWN;		/* Linux IF_OPER_DOWN */
	ASSERT(!vw_path_link_ok(&p));
	p.operstate = 3;			/* IF_OPER_LOWERLAYERDOWN */
	ASSERT(!vw_path_link_ok(&p));
	p.operstate = 0;			/* unknown: flags decide */
	ASSERT(vw_path_link_ok(&p));
	p.have &= ~(uint32_t)VW_PH_LINK;
	ASSERT(!vw_path_link_ok(&p));

	ASSERT_OK(vw_ll_parse("52:54:00:11:22:33", &p.ll));
	p.nud = VW_NUD_STALE;
	ASSERT(vw_path_l2_ok(&p));
	p.nud = VW_NUD_PROBE;
	ASSERT(vw_path_l2_ok(&p));
	p.nud = VW_NUD_FAILED;
	ASSERT(!vw_path_l2_ok(&p));
	p.nud = VW_NUD_INCOMPLETE;
	ASSERT(!vw_path_l2_ok(&p));
	p.nud = VW_NUD_REACHABLE;
	p.ll.len = 0;
	ASSERT(!vw_path_l2_ok(&p));

	ASSERT_OK(vw_ll_parse("02:00:00:00:00:00", &p.ll));
	ASSERT(!vw_path_ll_known(&p.ll));
	ASSERT_OK(vw_ll_parse("02:00:00:00:00:01", &p.ll));
	ASSERT(vw_path_ll_known(&p.ll));
	p.ll.len = 0;
	ASSERT(!vw_path_ll_known(&p.ll));
}

VW_TEST(test_table_neigh_lookup)
{
	struct dfx x;
	struct vw_ip a;
	const struct vw_neigh *n;

	dfx_init(&x, VW_OS_LINUX);
	dfx_linux_host(&x);
	dfx_ip(&a, "198.18.64.2");
	ASSERT((n = vw_table_neigh(x.t, &a, 5)) != NULL);
	ASSERT(ll_is(&n->ll, "52:54:00:11:22:33"));
	ASSERT(vw_table_neigh(x.t, &a, 2) == NULL);	/* other interface */
	ASSERT((n = vw_table_neigh(x.t, &a, 0)) != NULL);	/* any */
	ASSERT_EQ(n->ifindex, 5);
	dfx_ip(&a, "198.18.64.3");
	ASSERT(vw_table_neigh(x.t, &a, 5) == NULL);
	ASSERT(vw_table_neigh(x.t, &a, 0) == NULL);
	dfx_ip(&a, "2001:db8:64::2");
	ASSERT(vw_table_neigh(x.t, &a, 5) != NULL);
	a.family = VW_AF_NONE;
	ASSERT(vw_table_neigh(x.t, &a, 5) == NULL);
	dfx_free(&x);
}

/* Apply ev to the host and return the diff of the path to 198.18.64.2. */
static unsigned
diff_after(struct vw_event *ev, const char *target)
{
	struct dfx x;
	struct vw_path b, n;
	unsigned d;

	dfx_init(&x, VW_OS_LINUX);
	dfx_linux_host(&x);
	dfx_path(&x, target, &b);
	ASSERT(dfx_apply(&x, ev) >= 0);
	dfx_path(&x, target, &n);
	d = vw_path_diff(&b, &n);
	ASSERT_EQ(vw_path_diff(&n, &b), d);	/* symmetric */
	ASSERT_EQ(vw_path_diff(&b, &b), 0);
	dfx_free(&x);
	return d;
}

VW_TEST(test_path_diff_bits)
{
	const char *g = "198.18.64.2";
	struct vw_event ev;

	/* Nothing: an unrelated neighbour. */
	ASSERT_EQ(diff_after(dfx_neigh(&ev, VW_EV_NEIGH_ADD, "198.18.64.3", 5,
	    "52:54:00:00:00:03", VW_NUD_REACHABLE), g), 0);
	/* REACHABLE -> STALE: still usable, no difference. */
	ASSERT_EQ(diff_after(dfx_neigh(&ev, VW_EV_NEIGH_ADD, g, 5,
	    "52:54:00:11:22:33", VW_NUD_STALE), g), 0);
	/* New MAC. */
	ASSERT_EQ(diff_after(dfx_neigh(&ev, VW_EV_NEIGH_ADD, g, 5,
	    "52:54:00:aa:bb:cc", VW_NUD_REACHABLE), g), VW_PD_LLADDR);
	/* The masked MAC is no change. */
	ASSERT_EQ(diff_after(dfx_neigh(&ev, VW_EV_NEIGH_ADD, g, 5,
	    "02:00:00:00:00:00", VW_NUD_REACHABLE), g), 0);
	/* Unresolved. */
	ASSERT_EQ(diff_after(dfx_neigh(&ev, VW_EV_NEIGH_ADD, g, 5, NULL,
	    VW_NUD_FAILED), g), VW_PD_NUD);
	/* Carrier lost, still admin up: no route purge. */
	ASSERT_EQ(diff_after(dfx_link(&ev, VW_EV_LINK_CHANGE, 5, "br0",
	    VW_LF_UP | VW_LF_BROADCAST | VW_LF_MULTICAST, VW_LT_BRIDGE,
	    "bridge", DFX_OPER_DOWN), g), VW_PD_LINK);
	/* Address gone (the connected route stays until deleted). */
	ASSERT_EQ(diff_after(dfx_addr(&ev, VW_EV_ADDR_DELETE, "198.18.64.1",
	    24, 5), g), VW_PD_SRC);
	/* A more specific route on another interface (no link: LINK too). */
	ASSERT_EQ(diff_after(dfx_route(&ev, VW_EV_ROUTE_ADD,
	    "198.18.64.0/25", NULL, 9, 254), g) & (VW_PD_ROUTE | VW_PD_IFACE |
	    VW_PD_LINK | VW_PD_SRC | VW_PD_NUD), VW_PD_ROUTE | VW_PD_IFACE |
	    VW_PD_LINK | VW_PD_SRC | VW_PD_NUD);
	/* The default's gateway moves on the same interface. */
	ASSERT_EQ(diff_after(dfx_route(&ev, VW_EV_ROUTE_CHANGE, "0.0.0.0/0",
	    "198.18.0.2", 2, 254), "198.19.1.1"), VW_PD_ROUTE | VW_PD_NUD);
}

VW_TEST(test_path_touched)
{
	struct dfx x;
	struct vw_path p, pd;
	struct vw_ip g, off;
	struct vw_event ev, old;

	dfx_init(&x, VW_OS_LINUX);
	dfx_linux_host(&x);
	dfx_ip(&g, "198.18.64.2");
	dfx_ip(&off, "198.19.1.1");
	dfx_path(&x, "198.18.64.2", &p);
	dfx_path(&x, "198.19.1.1", &pd);

	/* Routes: covering (more specific, the path's own, a default). */
	ASSERT(vw_path_touched(&p, &g, dfx_route(&ev, VW_EV_ROUTE_ADD,
	    "198.18.64.0/25", NULL, 9, 254)));
	ASSERT(vw_path_touched(&p, &g, dfx_route(&ev, VW_EV_ROUTE_DELETE,
	    "198.18.64.0/24", NULL, 5, 254)));
	ASSERT(vw_path_touched(&p, &g, dfx_route(&ev, VW_EV_ROUTE_ADD,
	    "0.0.0.0/0", "198.18.0.2", 2, 100)));
	ASSERT(vw_path_touched(&p, &g, dfx_route(&ev, VW_EV_ROUTE_ADD,
	    "198.18.64.2/32", NULL, 1, 255)));
	/* ... and not: elsewhere, the sibling half of the /24. */
	ASSERT(!vw_path_touched(&p, &g, dfx_route(&ev, VW_EV_ROUTE_ADD,
	    "198.19.0.0/16", NULL, 2, 254)));
	ASSERT(!vw_path_touched(&p, &g, dfx_route(&ev, VW_EV_ROUTE_ADD,
	    "198.18.64.128/25", NULL, 9, 254)));
	/* A change that moves a covering route away. */
	dfx_route(&old, VW_EV_ROUTE_ADD, "198.18.64.0/24", NULL, 5, 254);
	dfx_route(&ev, VW_EV_ROUTE_CHANGE, "198.18.65.0/24", NULL, 5, 254);
	ev.old.route = old.u.route;
	ASSERT(vw_path_touched(&p, &g, &ev));
	ev.kind = VW_EV_ROUTE_ADD;
	ASSERT(!vw_path_touched(&p, &g, &ev));

	/* Links: by index, by name (re-created), not others. */
	ASSERT(vw_path_touched(&p, &g, dfx_link(&ev, VW_EV_LINK_DOWN, 5,
	    "br0", 0, VW_LT_BRIDGE, "bridge", 2)));
	ASSERT(vw_path_touched(&p, &g, dfx_link(&ev, VW_EV_LINK_ADD, 9,
	    "br0", DFX_LF_OK, VW_LT_BRIDGE, "bridge", 6)));
	ASSERT(!vw_path_touched(&p, &g, dfx_link(&ev, VW_EV_LINK_ADD, 9,
	    "br1", DFX_LF_OK, VW_LT_BRIDGE, "bridge", 6)));
	ASSERT(!vw_path_touched(&p, &g, dfx_link(&ev, VW_EV_LINK_DOWN, 2,
	    "eth0", 0, VW_LT_ETHER, "veth", 2)));
	ASSERT(vw_path_touched(&pd, &off, dfx_link(&ev, VW_EV_LINK_DOWN, 2,
	    "eth0", 0, VW_LT_ETHER, "veth", 2)));

	/* Neighbours: the target, the next hop (a gateway), not others. */
	ASSERT(vw_path_touched(&p, &g, dfx_neigh(&ev, VW_EV_NEIGH_CHANGE,
	    "198.18.64.2", 5, NULL, VW_NUD_FAILED)));
	ASSERT(!vw_path_touched(&p, &g, dfx_neigh(&ev, VW_EV_NEIGH_CHANGE,
	    "198.18.64.3", 5, NULL, VW_NUD_FAILED)));
	ASSERT(vw_path_touched(&pd, &off, dfx_neigh(&ev, VW_EV_NEIGH_CHANGE,
	    "198.18.0.1", 2, NULL, VW_NUD_FAILED)));
	ASSERT(!vw_path_touched(&p, &g, dfx_neigh(&ev, VW_EV_NEIGH_CHANGE,
	    "198.18.0.1", 2, NULL, VW_NUD_FAILED)));

	/* Addresses: on the interface, or covering the target. */
	ASSERT(vw_path_touched(&p, &g, dfx_addr(&ev, VW_EV_ADDR_DELETE,
	    "198.18.64.1", 24, 5)));
	ASSERT(vw_path_touched(&p, &g, dfx_addr(&ev, VW_EV_ADDR_ADD,
	    "198.18.64.9", 24, 9)));
	ASSERT(!vw_path_touched(&p, &g, dfx_addr(&ev, VW_EV_ADDR_ADD,
	    "198.18.0.20", 24, 2)));

	/* Not a table diff. */
	vw_event_init(&ev, VW_EV_HOST_WAKE);
	ASSERT(!vw_path_touched(&p, &g, &ev));
	dfx_free(&x);
}

/* ---- macOS and FreeBSD ------------------------------------------------- */

VW_TEST(test_macos_path_vm)
{
	struct dfx x;
	struct vw_path p;
	char buf[256];

	dfx_init(&x, VW_OS_DARWIN);
	dfx_macos_host(&x);
	/* The ARP clone 192.168.64.2 is the neighbour, the /24 the route. */
	dfx_path(&x, "192.168.64.2", &p);
	ASSERT_EQ(p.have, VW_PH_ROUTE | VW_PH_LINK | VW_PH_SRC | VW_PH_NEIGH);
	ASSERT(ip_is(&p.dst, "192.168.64.0"));
	ASSERT_EQ(p.plen, 24);
	ASSERT_EQ(p.gwkind, VW_GW_LINK);
	ASSERT_EQ(p.rflags, VW_RTF_UP | VW_RTF_CLONING);
	ASSERT_EQ(p.ifindex, 24);
	ASSERT_STR_EQ(p.ifname, "bridge100");
	ASSERT_EQ(p.ltype, VW_LT_BRIDGE);
	ASSERT_STR_EQ(p.lkind, "");
	ASSERT(vw_path_link_ok(&p));
	ASSERT(ip_is(&p.src, "192.168.64.1"));
	ASSERT_EQ(p.src_plen, 24);
	ASSERT(ip_is(&p.nh, "192.168.64.2"));
	ASSERT(ll_is(&p.ll, "8a:c3:94:0a:86:e2"));
	ASSERT_EQ(p.nud, VW_NUD_REACHABLE);
	ASSERT(vw_path_l2_ok(&p));
	vw_path_str(&p, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "192.168.64.0/24 dev bridge100 src 192.168.64.1, "
	    "neighbour 192.168.64.2 8a:c3:94:0a:86:e2 REACHABLE");

	/* The router: a /32 net route (UCS), its clone scoped (skipped). */
	dfx_path(&x, "192.168.178.1", &p);
	ASSERT_EQ(p.plen, 32);
	ASSERT_EQ(p.rflags & VW_RTF_LLINFO, 0);
	ASSERT_STR_EQ(p.ifname, "en0");
	ASSERT(ll_is(&p.ll, "dc:15:c8:ef:b8:1d"));
	ASSERT(p.nflags & VW_NF_ROUTER);

	/* Off-link: the unscoped default, not bridge100's scoped one. */
	dfx_path(&x, "198.18.1.1", &p);
	ASSERT_EQ(p.plen, 0);
	ASSERT(ip_is(&p.nh, "192.168.178.1"));
	ASSERT_STR_EQ(p.ifname, "en0");
	ASSERT(ip_is(&p.src, "192.168.178.50"));
	ASSERT(ll_is(&p.ll, "dc:15:c8:ef:b8:1d"));
	dfx_free(&x);
}

/* An unscoped ARP clone (IPv4 link-local: RTF_NOIFREF, no IFSCOPE). */
static struct vw_event *
ll_clone(struct vw_event *ev, const char *dst, const char *mac,
    uint32_t extra)
{
	struct vw_route *r = &ev->u.route;

	vw_event_init(ev, VW_EV_ROUTE_ADD);
	ev->origin.os = VW_OS_DARWIN;
	dfx_ip(&r->dst, dst);
	r->plen = 32;
	r->gwkind = VW_GW_LINK;
	r->lgw.sdl_index = 4;
	r->lgw.sdl_type = 6;		/* IFT_ETHER */
	if (mac != NULL && vw_ll_parse(mac, &r->lgw.ll) != 0)
		abort();
	r->ifindex = 4;
	r->flags = VW_RTF_UP | VW_RTF_HOST | VW_RTF_LLINFO | VW_RTF_WASCLONED |
	    VW_RTF_STATIC | VW_RTF_NOIFREF | extra;
	return ev;
}

VW_TEST(test_macos_unscoped_clone)
{
	struct dfx x;
	struct vw_path p;
	struct vw_event ev;

	dfx_init(&x, VW_OS_DARWIN);
	dfx_macos_host(&x);
	/* Only the route, no neighbour event: the clone gives the MAC. */
	ASSERT_EQ(dfx_apply(&x, ll_clone(&ev, "169.254.10.20",
	    "52:54:00:01:02:03", 0)), 1);
	dfx_path(&x, "169.254.10.20", &p);
	ASSERT(ip_is(&p.dst, "169.254.0.0"));
	ASSERT_EQ(p.plen, 16);
	ASSERT_STR_EQ(p.ifname, "en0");
	ASSERT(p.have & VW_PH_NEIGH);
	ASSERT(ll_is(&p.ll, "52:54:00:01:02:03"));
	ASSERT_EQ(p.nud, VW_NUD_PERMANENT);	/* 169.254 entries are STATIC */

	ASSERT_EQ(dfx_apply(&x, ll_clone(&ev, "169.254.10.21", NULL,
	    VW_RTF_REJECT)), 1);
	dfx_path(&x, "169.254.10.21", &p);
	ASSERT_EQ(p.plen, 16);
	ASSERT_EQ(p.nud, VW_NUD_FAILED);
	ASSERT(!vw_path_l2_ok(&p));
	dfx_free(&x);
}

VW_TEST(test_freebsd_path_lltable)
{
	struct dfx x;
	struct bsd_buf b;
	struct vw_path p;

	dfx_init(&x, VW_OS_FREEBSD);
	bsd_buf_init(&b, VW_OS_FREEBSD);
	bsd_fix_freebsd_table(&b);
	bsd_fix_freebsd_arp(&b);
	dfx_bsd_apply(&x, &b, 0);
	bsd_buf_free(&b);

	dfx_path(&x, "192.168.64.5", &p);
	ASSERT_EQ(p.plen, 24);
	ASSERT_STR_EQ(p.ifname, "bridge0");
	ASSERT(p.lflags & VW_LF_LOWER_UP);
	ASSERT(vw_path_link_ok(&p));
	ASSERT(p.have & VW_PH_NEIGH);
	ASSERT_EQ(p.nud, VW_NUD_INCOMPLETE);
	ASSERT(!vw_path_l2_ok(&p));
	dfx_path(&x, "192.168.64.7", &p);
	ASSERT(p.nud & VW_NUD_STALE);
	ASSERT(vw_path_l2_ok(&p));
	dfx_free(&x);
}

VW_TEST(test_macos_touched_by_decoded_messages)
{
	struct dfx x;
	struct bsd_buf b;
	struct vw_path p;
	struct vw_ip g;
	const struct vw_hevent *h;

	dfx_init(&x, VW_OS_DARWIN);
	dfx_macos_host(&x);
	dfx_ip(&g, "192.168.64.2");
	dfx_path(&x, "192.168.64.2", &p);
	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_diag_hijack25(&b);
	bsd_fix_diag_ifdown(&b);
	bsd_fix_macos_v6_flush(&b);
	ASSERT_EQ(dfx_bsd_apply(&x, &b, 0), 3);
	bsd_buf_free(&b);
	ASSERT_EQ(x.n, 2);	/* the IPv6 route deleted was never there */
	ASSERT((h = dfx_last(&x, VW_EV_ROUTE_ADD)) != NULL);
	ASSERT_EQ(h->ev.u.route.plen, 25);
	ASSERT(vw_path_touched(&p, &g, &h->ev));
	ASSERT((h = dfx_last(&x, VW_EV_LINK_DOWN)) != NULL);
	ASSERT(vw_path_touched(&p, &g, &h->ev));
	dfx_free(&x);
}

VW_TEST_MAIN(test_linux_path_direct, test_linux_path_gateway_v6_local_none,
    test_link_and_l2_predicates, test_table_neigh_lookup,
    test_path_diff_bits, test_path_touched, test_macos_path_vm,
    test_macos_unscoped_clone, test_freebsd_path_lltable,
    test_macos_touched_by_decoded_messages)
