/* SPDX-License-Identifier: ISC */
/*
 * test_fmt_ip - iproute2-style lines: each expected string is what
 * iproute2 prints for the same kernel message (trailing blank included).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_ip.h"
#include "vw_error.h"
#include "vw_table.h"
#include "vw_test.h"

static const char *
names_cb(uint32_t index, void *arg)
{
	(void)arg;
	switch (index) {
	case 1:	return "lo";
	case 3:	return "br0";
	case 4:	return "veth0";
	case 5:	return "veth1";
	case 6:	return "docker0";
	case 8:	return "tailscale0";
	default:
		return NULL;
	}
}

static const struct vw_names tnames = { names_cb, NULL };

static struct vw_route
rt(const char *dst, unsigned plen, uint32_t table, unsigned proto,
    unsigned scope, uint32_t oif)
{
	struct vw_route r;

	memset(&r, 0, sizeof(r));
	ASSERT_OK(vw_ip_parse(dst, &r.dst));
	r.plen = (uint8_t)plen;
	r.table = table;
	r.proto = (uint8_t)proto;
	r.scope = (uint8_t)scope;
	r.ifindex = oif;
	return r;
}

static void
via(struct vw_route *r, const char *gw)
{
	r->gwkind = VW_GW_IP;
	ASSERT_OK(vw_ip_parse(gw, &r->gw));
}

static void
src(struct vw_route *r, const char *s)
{
	ASSERT_OK(vw_ip_parse(s, &r->prefsrc));
}

static const char *
route_text(const struct vw_route *r, unsigned flags)
{
	static char buf[VW_IP_LINEMAX];

	ASSERT(vw_fmt_ip_route(r, &tnames, flags, buf, sizeof(buf)) > 0);
	return buf;
}

VW_TEST(test_route_unicast)
{
	struct vw_route r;

	r = rt("0.0.0.0", 0, 254, 4, 0, 3);
	via(&r, "198.18.0.1");
	r.metric = 100;
	ASSERT_STR_EQ(route_text(&r, 0),
	    "default via 198.18.0.1 dev br0 proto static metric 100 ");

	r = rt("198.18.64.0", 24, 254, 2, 253, 3);
	src(&r, "198.18.64.1");
	ASSERT_STR_EQ(route_text(&r, 0),
	    "198.18.64.0/24 dev br0 proto kernel scope link src 198.18.64.1 ");

	/* A host route has no "/32"; table 52 printed, proto boot not. */
	r = rt("100.66.21.18", 32, 52, 3, 0, 8);
	ASSERT_STR_EQ(route_text(&r, 0),
	    "100.66.21.18 dev tailscale0 table 52 ");

	/* RTNH_F_LINKDOWN after src and metric (linux-001.txt). */
	r = rt("172.17.0.0", 16, 254, 2, 253, 6);
	src(&r, "172.17.0.1");
	r.flags = 0x10;
	ASSERT_STR_EQ(route_text(&r, 0), "172.17.0.0/16 dev docker0 proto "
	    "kernel scope link src 172.17.0.1 linkdown ");

	/* Names iproute2 does not know print as numbers; "if<N>" devices. */
	r = rt("198.19.1.0", 24, 254, 77, 100, 7);
	r.flags = 0x04;
	r.mtu = 1400;
	ASSERT_STR_EQ(route_text(&r, 0),
	    "198.19.1.0/24 dev if7 proto 77 scope 100 onlink mtu 1400 ");
	r.proto = 16;
	r.scope = 200;
	r.flags = 0;
	r.mtu = 0;
	ASSERT_STR_EQ(route_text(&r, 0),
	    "198.19.1.0/24 dev if7 proto dhcp scope site ");

	/* Cloned (cache) routes print no proto/scope. */
	r.flags = 0x200;
	ASSERT_STR_EQ(route_text(&r, 0), "198.19.1.0/24 dev if7 ");
}

VW_TEST(test_route_types_and_tables)
{
	struct vw_route r;

	r = rt("198.18.64.1", 32, 255, 2, 254, 3);
	r.type = VW_RT_LOCAL;
	src(&r, "198.18.64.1");
	ASSERT_STR_EQ(route_text(&r, 0), "local 198.18.64.1 dev br0 table "
	    "local proto kernel scope host src 198.18.64.1 ");

	r = rt("198.18.64.255", 32, 255, 2, 253, 3);
	r.type = VW_RT_BROADCAST;
	src(&r, "198.18.64.1");
	ASSERT_STR_EQ(route_text(&r, 0), "broadcast 198.18.64.255 dev br0 "
	    "table local proto kernel scope link src 198.18.64.1 ");

	r = rt("198.19.9.0", 24, 254, 3, 0, 0);
	r.type = VW_RT_BLACKHOLE;
	ASSERT_STR_EQ(route_text(&r, 0), "blackhole 198.19.9.0/24 ");

	/* An IPv4 route through an IPv6 next hop (RTA_VIA). */
	r = rt("198.23.0.0", 16, 254, 3, 0, 3);
	via(&r, "fe80::2");
	ASSERT_STR_EQ(route_text(&r, 0),
	    "198.23.0.0/16 via inet6 fe80::2 dev br0 ");

	r = rt("198.19.10.0", 24, 253, 4, 0, 0);
	r.type = VW_RT_UNREACHABLE;
	r.metric = 5;
	ASSERT_STR_EQ(route_text(&r, 0), "unreachable 198.19.10.0/24 table "
	    "default proto static metric 5 ");
}

VW_TEST(test_route_ipv6)
{
	struct vw_route r;

	r = rt("2001:db8::", 64, 254, 2, 0, 3);
	r.metric = 256;
	ASSERT_STR_EQ(route_text(&r, 0),
	    "2001:db8::/64 dev br0 proto kernel metric 256 pref medium");

	/* IPv6 always carries RTA_PRIORITY (metric 0 too); no %scope. */
	r = rt("::", 0, 254, 9, 0, 3);
	via(&r, "fe80::1");
	r.gw.scope = 3;
	r.metric = 1024;
	ASSERT_STR_EQ(route_text(&r, 0),
	    "default via fe80::1 dev br0 proto ra metric 1024 pref medium");

	r = rt("::1", 128, 255, 2, 0, 1);
	r.type = VW_RT_LOCAL;
	ASSERT_STR_EQ(route_text(&r, 0),
	    "local ::1 dev lo table local proto kernel metric 0 pref medium");
}

VW_TEST(test_route_multipath)
{
	struct vw_nexthop nh[2];
	struct vw_route r;

	memset(nh, 0, sizeof(nh));
	ASSERT_OK(vw_ip_parse("198.18.0.2", &nh[0].gw));
	nh[0].ifindex = 4;
	nh[0].weight = 1;
	ASSERT_OK(vw_ip_parse("198.18.1.2", &nh[1].gw));
	nh[1].ifindex = 5;
	nh[1].weight = 2;
	nh[1].flags = 0x10;
	r = rt("198.19.0.0", 24, 254, 4, 0, 0);
	r.metric = 20;
	r.nnh = 2;
	r.nh = nh;
	ASSERT_STR_EQ(route_text(&r, 0), "198.19.0.0/24 proto static metric 20 "
	    "\n\tnexthop via 198.18.0.2 dev veth0 weight 1 "
	    "\n\tnexthop via 198.18.1.2 dev veth1 weight 2 linkdown ");
	ASSERT_STR_EQ(route_text(&r, VW_IPF_ONELINE), "198.19.0.0/24 proto "
	    "static metric 20 nexthop via 198.18.0.2 dev veth0 weight 1 "
	    "nexthop via 198.18.1.2 dev veth1 weight 2 linkdown ");
	/* IPv6: "pref medium" has no blank after it; the hops follow. */
	ASSERT_OK(vw_ip_parse("2001:db8::2", &nh[0].gw));
	ASSERT_OK(vw_ip_parse("2001:db8::3", &nh[1].gw));
	nh[1].flags = 0;
	r = rt("2001:db8:97::", 48, 254, 3, 0, 0);
	r.metric = 1024;
	r.nnh = 2;
	r.nh = nh;
	ASSERT_STR_EQ(route_text(&r, 0), "2001:db8:97::/48 metric 1024 pref "
	    "medium\n\tnexthop via 2001:db8::2 dev veth0 weight 1 "
	    "\n\tnexthop via 2001:db8::3 dev veth1 weight 2 ");
	ASSERT_STR_EQ(route_text(&r, VW_IPF_ONELINE), "2001:db8:97::/48 "
	    "metric 1024 pref medium nexthop via 2001:db8::2 dev veth0 weight "
	    "1 nexthop via 2001:db8::3 dev veth1 weight 2 ");
}

VW_TEST(test_route_small_buffer)
{
	struct vw_route r = rt("198.18.64.0", 24, 254, 2, 253, 3);
	char buf[10];

	ASSERT_EQ(vw_fmt_ip_route(&r, &tnames, 0, buf, sizeof(buf)),
	    VW_ENOSPC);
	ASSERT_EQ(strlen(buf), sizeof(buf) - 1);
}

VW_TEST(test_names)
{
	char buf[16];

	ASSERT_STR_EQ(vw_ip_proto_name(2, buf, sizeof(buf)), "kernel");
	ASSERT_STR_EQ(vw_ip_proto_name(3, buf, sizeof(buf)), "boot");
	ASSERT_STR_EQ(vw_ip_proto_name(4, buf, sizeof(buf)), "static");
	ASSERT_STR_EQ(vw_ip_proto_name(9, buf, sizeof(buf)), "ra");
	ASSERT_STR_EQ(vw_ip_proto_name(1, buf, sizeof(buf)), "redirect");
	ASSERT_STR_EQ(vw_ip_proto_name(16, buf, sizeof(buf)), "dhcp");
	ASSERT_STR_EQ(vw_ip_proto_name(250, buf, sizeof(buf)), "250");
	ASSERT_STR_EQ(vw_ip_scope_name(254, buf, sizeof(buf)), "host");
	ASSERT_STR_EQ(vw_ip_scope_name(253, buf, sizeof(buf)), "link");
	ASSERT_STR_EQ(vw_ip_scope_name(0, buf, sizeof(buf)), "global");
	ASSERT_STR_EQ(vw_ip_scope_name(17, buf, sizeof(buf)), "17");
	ASSERT_STR_EQ(vw_ip_table_name(255, buf, sizeof(buf)), "local");
	ASSERT_STR_EQ(vw_ip_table_name(254, buf, sizeof(buf)), "main");
	ASSERT_STR_EQ(vw_ip_table_name(52, buf, sizeof(buf)), "52");
	ASSERT(vw_fmt_ip_rtflags(0x04 | 0x10, ',', buf, sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "onlink,linkdown");
	ASSERT_EQ(vw_fmt_ip_rtflags(0, ',', buf, sizeof(buf)), 0);
	ASSERT_STR_EQ(buf, "");
}

static const char *
neigh_text(const char *addr, uint32_t ifindex, const char *mac,
    unsigned state, unsigned nflags, unsigned flags)
{
	static char buf[VW_IP_LINEMAX];
	struct vw_neigh nb;

	memset(&nb, 0, sizeof(nb));
	ASSERT_OK(vw_ip_parse(addr, &nb.addr));
	if (mac != NULL)
		ASSERT_OK(vw_ll_parse(mac, &nb.ll));
	nb.ifindex = ifindex;
	nb.state = (uint16_t)state;
	nb.nflags = (uint8_t)nflags;
	ASSERT(vw_fmt_ip_neigh(&nb, &tnames, flags, buf, sizeof(buf)) > 0);
	return buf;
}

VW_TEST(test_neigh)
{
	/* iproute2 >= 5.16: every token ends in one blank. */
	ASSERT_STR_EQ(neigh_text("198.18.64.2", 3, "02:00:5e:00:00:02",
	    VW_NUD_PERMANENT, 0, 0),
	    "198.18.64.2 dev br0 lladdr 02:00:5e:00:00:02 PERMANENT ");
	ASSERT_STR_EQ(neigh_text("198.18.64.9", 3, NULL, VW_NUD_FAILED, 0, 0),
	    "198.18.64.9 dev br0 FAILED ");
	ASSERT_STR_EQ(neigh_text("2001:db8::1", 3, "2:0:0:0:0:1",
	    VW_NUD_REACHABLE, VW_NF_ROUTER, 0),
	    "2001:db8::1 dev br0 lladdr 02:00:00:00:00:01 router REACHABLE ");
	ASSERT_STR_EQ(neigh_text("198.18.64.3", 9, "02:00:00:00:00:03", 0, 0,
	    0), "198.18.64.3 dev if9 lladdr 02:00:00:00:00:03 ");
	ASSERT_STR_EQ(neigh_text("198.18.64.4", 3, NULL,
	    VW_NUD_STALE | VW_NUD_NOARP, VW_NF_PROXY, 0),
	    "198.18.64.4 dev br0 proxy STALE NOARP ");
	/* Older iproute2: the blank comes first (linux-005.txt). */
	ASSERT_STR_EQ(neigh_text("198.18.64.2", 3, "02:00:5e:00:00:02",
	    VW_NUD_PERMANENT, 0, VW_IPF_OLD_NEIGH),
	    "198.18.64.2 dev br0 lladdr 02:00:5e:00:00:02 PERMANENT");
	ASSERT_STR_EQ(neigh_text("198.18.64.9", 3, NULL, VW_NUD_FAILED, 0,
	    VW_IPF_OLD_NEIGH), "198.18.64.9 dev br0  FAILED");
	ASSERT_STR_EQ(neigh_text("2001:db8::1", 3, "2:0:0:0:0:1",
	    VW_NUD_REACHABLE, VW_NF_ROUTER, VW_IPF_OLD_NEIGH),
	    "2001:db8::1 dev br0 lladdr 02:00:00:00:00:01 router REACHABLE");
}

VW_TEST(test_link)
{
	char buf[VW_IP_LINEMAX];
	struct vw_link l;

	memset(&l, 0, sizeof(l));
	l.index = 3;
	snprintf(l.name, sizeof(l.name), "br0");
	l.flags = 0x1 | 0x2 | 0x40 | 0x1000 | 0x10000;	/* Linux IFF_* */
	l.operstate = 6;
	l.os_type = 1;
	l.mtu = 1500;
	ASSERT_OK(vw_ll_parse("02:00:00:00:00:01", &l.ll));
	ASSERT(vw_fmt_ip_link(&l, VW_OS_LINUX, &tnames, 0, buf,
	    sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu "
	    "1500 state UP\n    link/ether 02:00:00:00:00:01");
	/* Up without RUNNING: no carrier; a master; an unknown ARPHRD. */
	l.index = 4;
	snprintf(l.name, sizeof(l.name), "veth0");
	l.flags = 0x1 | 0x2 | 0x1000;
	l.operstate = 7;
	l.master = 3;
	l.os_type = 9999;
	ASSERT(vw_fmt_ip_link(&l, VW_OS_LINUX, &tnames, VW_IPF_ONELINE, buf,
	    sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "4: veth0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu "
	    "1500 master br0 state 7 link/[9999] 02:00:00:00:00:01");
	/* Another kernel: neutral flags, no operstate. */
	memset(&l, 0, sizeof(l));
	l.index = 1;
	snprintf(l.name, sizeof(l.name), "lo0");
	l.lflags = VW_LF_UP | VW_LF_RUNNING | VW_LF_LOOPBACK |
	    VW_LF_MULTICAST;
	l.type = VW_LT_LOOPBACK;
	l.mtu = 16384;
	ASSERT(vw_fmt_ip_link(&l, VW_OS_DARWIN, &tnames, VW_IPF_ONELINE, buf,
	    sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "1: lo0: <LOOPBACK,MULTICAST,UP> mtu 16384 "
	    "link/loopback");
}

VW_TEST(test_addr)
{
	char buf[VW_IP_LINEMAX];
	struct vw_ifaddr a;

	memset(&a, 0, sizeof(a));
	ASSERT_OK(vw_ip_parse("198.18.64.1", &a.addr));
	ASSERT_OK(vw_ip_parse("198.18.64.255", &a.peer));
	a.peer_is_brd = 1;
	a.plen = 24;
	a.ifindex = 3;
	a.flags = 0x80;
	snprintf(a.label, sizeof(a.label), "br0");
	ASSERT(vw_fmt_ip_addr(&a, &tnames, 0, buf, sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "3: br0    inet 198.18.64.1/24 brd 198.18.64.255 "
	    "scope global br0");
	/* Not permanent: "dynamic"; unknown bits as "flags %02x". */
	a.flags = 0x200 | 0x1000;
	ASSERT(vw_fmt_ip_addr(&a, &tnames, 0, buf, sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "3: br0    inet 198.18.64.1/24 brd 198.18.64.255 "
	    "scope global dynamic noprefixroute flags 1000 br0");
	/* Point-to-point peer; IPv6 secondary is "temporary". */
	memset(&a, 0, sizeof(a));
	ASSERT_OK(vw_ip_parse("198.18.2.1", &a.addr));
	ASSERT_OK(vw_ip_parse("198.18.2.2", &a.peer));
	a.plen = 32;
	a.ifindex = 4;
	a.flags = 0x80;
	snprintf(a.label, sizeof(a.label), "veth0");
	ASSERT(vw_fmt_ip_addr(&a, &tnames, 0, buf, sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "4: veth0    inet 198.18.2.1 peer 198.18.2.2/32 "
	    "scope global veth0");
	memset(&a, 0, sizeof(a));
	ASSERT_OK(vw_ip_parse("2001:db8::5", &a.addr));
	a.plen = 64;
	a.ifindex = 11;
	a.flags = 0x01;
	ASSERT(vw_fmt_ip_addr(&a, &tnames, 0, buf, sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "11: if11    inet6 2001:db8::5/64 scope global "
	    "temporary dynamic ");
}

VW_TEST(test_route_order)
{
	struct vw_route a, b;

	/* Tables ascending: 52 before main before local. */
	a = rt("198.18.64.1", 32, 255, 2, 254, 3);
	b = rt("100.66.21.18", 32, 52, 3, 0, 8);
	ASSERT(vw_ip_route_cmp(&b, &a) < 0);
	/* IPv4: by key; the longer prefix first within one key. */
	a = rt("10.0.0.0", 8, 254, 4, 0, 3);
	b = rt("10.0.0.0", 24, 254, 4, 0, 3);
	ASSERT(vw_ip_route_cmp(&b, &a) < 0);
	b = rt("9.255.0.0", 16, 254, 4, 0, 3);
	ASSERT(vw_ip_route_cmp(&b, &a) < 0);
	/* Same prefix: lower metric first. */
	a = rt("0.0.0.0", 0, 254, 4, 0, 3);
	b = a;
	a.metric = 200;
	b.metric = 100;
	ASSERT(vw_ip_route_cmp(&b, &a) < 0);
	/* IPv6: a covering prefix after what it covers; default last. */
	a = rt("::", 0, 254, 9, 0, 3);
	b = rt("fe80::", 64, 254, 2, 0, 3);
	ASSERT(vw_ip_route_cmp(&b, &a) < 0);
	a = rt("2001:db8::", 32, 254, 4, 0, 3);
	b = rt("2001:db8:1::", 64, 254, 2, 0, 3);
	ASSERT(vw_ip_route_cmp(&b, &a) < 0);
	/* Disjoint: the first differing bit, 0 before 1. */
	a = rt("fe80::", 64, 254, 2, 0, 3);
	b = rt("2001:db8::", 64, 254, 2, 0, 3);
	ASSERT(vw_ip_route_cmp(&b, &a) < 0);
	ASSERT(vw_ip_route_cmp(&a, &b) > 0);
	ASSERT_EQ(vw_ip_route_cmp(&a, &a), 0);
}

static void
add_route(struct vw_table *t, const struct vw_route *r)
{
	struct vw_event ev;

	vw_event_init(&ev, VW_EV_ROUTE_ADD);
	ev.origin.os = VW_OS_LINUX;
	ev.u.route = *r;
	ASSERT_GE(vw_table_apply(t, &ev, NULL, NULL), 0);
}

static void
add_neigh(struct vw_table *t, const char *addr, const char *mac,
    unsigned state)
{
	struct vw_event ev;

	vw_event_init(&ev, VW_EV_NEIGH_ADD);
	ev.origin.os = VW_OS_LINUX;
	ASSERT_OK(vw_ip_parse(addr, &ev.u.neigh.addr));
	if (mac != NULL)
		ASSERT_OK(vw_ll_parse(mac, &ev.u.neigh.ll));
	ev.u.neigh.ifindex = 3;
	ev.u.neigh.state = (uint16_t)state;
	ASSERT_GE(vw_table_apply(t, &ev, NULL, NULL), 0);
}

static void
add_link(struct vw_table *t, uint32_t index, const char *name)
{
	struct vw_event ev;

	vw_event_init(&ev, VW_EV_LINK_ADD);
	ev.origin.os = VW_OS_LINUX;
	ev.u.link.index = index;
	snprintf(ev.u.link.name, sizeof(ev.u.link.name), "%s", name);
	ev.u.link.have = VW_LH_NAME;
	ASSERT_GE(vw_table_apply(t, &ev, NULL, NULL), 0);
}

VW_TEST(test_table_listing)
{
	static const char expected[] =
	    "# ip -4 route show table all\n"
	    "100.66.21.18 dev if8 table 52 \n"
	    "default via 198.18.0.1 dev br0 proto static metric 100 \n"
	    "default via 198.18.0.9 dev br0 proto dhcp metric 200 \n"
	    "10.0.0.0/24 dev br0 proto static \n"
	    "10.0.0.0/8 dev br0 proto static \n"
	    "198.18.64.0/24 dev br0 proto kernel scope link src 198.18.64.1 \n"
	    "local 198.18.64.1 dev br0 table local proto kernel scope host "
	    "src 198.18.64.1 \n"
	    "# ip -6 route show table all\n"
	    "::1 dev lo proto kernel metric 256 pref medium\n"
	    "2001:db8::/64 dev br0 proto kernel metric 256 pref medium\n"
	    "fe80::/64 dev br0 proto kernel metric 256 pref medium\n"
	    "default via fe80::1 dev br0 proto ra metric 1024 pref medium\n"
	    "# ip neigh\n"
	    "198.18.64.2 dev br0 lladdr 02:00:5e:00:00:02 REACHABLE \n"
	    "198.18.64.9 dev br0 FAILED \n";
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct vw_route r;
	char *text = NULL;
	size_t len = 0;
	FILE *fp;

	ASSERT(t != NULL);
	add_link(t, 1, "lo");
	add_link(t, 3, "br0");
	/* Inserted out of order on purpose. */
	r = rt("::", 0, 254, 9, 0, 3);
	via(&r, "fe80::1");
	r.metric = 1024;
	add_route(t, &r);
	r = rt("198.18.64.1", 32, 255, 2, 254, 3);
	r.type = VW_RT_LOCAL;
	src(&r, "198.18.64.1");
	add_route(t, &r);
	r = rt("10.0.0.0", 8, 254, 4, 0, 3);
	add_route(t, &r);
	r = rt("0.0.0.0", 0, 254, 16, 0, 3);
	via(&r, "198.18.0.9");
	r.metric = 200;
	add_route(t, &r);
	r = rt("fe80::", 64, 254, 2, 0, 3);
	r.metric = 256;
	add_route(t, &r);
	r = rt("198.18.64.0", 24, 254, 2, 253, 3);
	src(&r, "198.18.64.1");
	add_route(t, &r);
	r = rt("0.0.0.0", 0, 254, 4, 0, 3);
	via(&r, "198.18.0.1");
	r.metric = 100;
	add_route(t, &r);
	r = rt("::1", 128, 254, 2, 0, 1);
	r.metric = 256;
	add_route(t, &r);
	r = rt("10.0.0.0", 24, 254, 4, 0, 3);
	add_route(t, &r);
	r = rt("2001:db8::", 64, 254, 2, 0, 3);
	r.metric = 256;
	add_route(t, &r);
	r = rt("100.66.21.18", 32, 52, 3, 0, 8);
	add_route(t, &r);
	add_neigh(t, "198.18.64.9", NULL, VW_NUD_FAILED);
	add_neigh(t, "198.18.64.2", "02:00:5e:00:00:02", VW_NUD_REACHABLE);
	add_neigh(t, "198.18.64.3", NULL, VW_NUD_NOARP);	/* hidden */
	add_neigh(t, "198.18.64.4", NULL, 0);			/* hidden */

	fp = open_memstream(&text, &len);
	ASSERT(fp != NULL);
	ASSERT_EQ(vw_fmt_ip_table(fp, t, 0), 13);
	fclose(fp);
	ASSERT_STR_EQ(text, expected);
	free(text);
	vw_table_free(t);
}

VW_TEST_MAIN(test_route_unicast, test_route_types_and_tables,
    test_route_ipv6, test_route_multipath, test_route_small_buffer,
    test_names, test_neigh, test_link, test_addr, test_route_order,
    test_table_listing)
