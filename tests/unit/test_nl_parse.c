/* SPDX-License-Identifier: ISC */
/* Unit tests of the rtnetlink decoder (lib/nl_msg.c) on built messages. */
#include <arpa/inet.h>

#include <stdlib.h>
#include <string.h>

#include "nl_fix.h"
#include "nl_msg.h"
#include "nl_wire.h"
#include "vw_test.h"

/* ---- helpers ------------------------------------------------------------- */

static int
ip_is(const struct vw_ip *ip, const char *text, unsigned scope)
{
	uint8_t a[16];
	int fam = nl_fix_ip(text, a);

	if (ip->family != (fam == VW_NL_AF_INET ? VW_AF_INET : VW_AF_INET6))
		return 0;
	if (memcmp(ip->a, a, fam == VW_NL_AF_INET ? 4 : 16) != 0)
		return 0;
	return ip->scope == scope;
}

static int
ll_is(const struct vw_lladdr *ll, const char *text)
{
	unsigned v[VW_LLADDR_MAX];
	int n, i;

	n = sscanf(text, "%x:%x:%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2],
	    &v[3], &v[4], &v[5], &v[6], &v[7]);
	if (n != ll->len)
		return 0;
	for (i = 0; i < n; i++)
		if (ll->a[i] != v[i])
			return 0;
	return 1;
}

/* Parse the single message in b; it must decode into exactly nev events. */
static void
parse1(const struct nl_fix_buf *b, struct vw_nl_hdr *h, struct vw_event *ev,
    int want_nev)
{
	struct vw_perr e;
	int rc, nev = -1;

	ASSERT(!b->oom);
	memset(&e, 0, sizeof(e));
	rc = vw_nl_parse(b->data, b->len, 0, h, ev, &nev, &e);
	if (rc < 0)
		fprintf(stderr, "# parse error %s at %llu: %s\n",
		    vw_err_name(rc), e.off, e.msg);
	ASSERT_EQ(rc, b->len);
	ASSERT_EQ(nev, want_nev);
}

/* Expect vw_nl_parse to fail on b at base offset 0 with code. */
static void
parse_fail(const struct nl_fix_buf *b, int code, struct vw_perr *e)
{
	struct vw_nl_hdr h;
	struct vw_event ev;
	int rc, nev = -1;

	memset(e, 0, sizeof(*e));
	rc = vw_nl_parse(b->data, b->len, 0, &h, &ev, &nev, e);
	ASSERT_EQ(rc, code);
	ASSERT_EQ(e->code, code);
	ASSERT_EQ(nev, 0);
}

/*
 * Walk a whole buffer as the daemon will.  Returns the number of events (or
 * the first error, with *stop = its offset); kinds[] gets up to max kinds.
 */
static int
walk(const uint8_t *buf, size_t len, int *kinds, int max, size_t *stop,
    struct vw_perr *e)
{
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t off = 0;
	int rc, nev, n = 0;

	while (off < len) {
		rc = vw_nl_parse(buf + off, len - off, off, &h, &ev, &nev, e);
		if (rc < 0) {
			*stop = off;
			return rc;
		}
		if (rc == 0 || (size_t)rc > len - off)
			VW__FAIL("step %d at %zu of %zu", rc, off, len);
		if (nev > 0 && n < max)
			kinds[n] = ev.kind;
		n += nev;
		off += (size_t)rc;
	}
	*stop = off;
	return n;
}

/* ---- routes -------------------------------------------------------------- */

VW_TEST(test_route_v4_main)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_route *r = &ev.u.route;

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .seq = 7, .pid = 812,
	    .nlflags = VW_NL_NLM_F_CREATE | VW_NL_NLM_F_EXCL,
	    .dst = "198.19.0.0", .plen = 16, .proto = VW_NL_RTPROT_BOOT,
	    .metric = 20, .gw = "198.18.64.2", .oif = 2,
	    .prefsrc = "198.18.64.1" });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(h.type, VW_NL_RTM_NEWROUTE);
	ASSERT_EQ(h.len, b.len);
	ASSERT_EQ(h.seq, 7);
	ASSERT_EQ(h.pid, 812);
	ASSERT_EQ(ev.kind, VW_EV_ROUTE_ADD);
	ASSERT(ip_is(&r->dst, "198.19.0.0", 0));
	ASSERT_EQ(r->plen, 16);
	ASSERT_EQ(r->gwkind, VW_GW_IP);
	ASSERT(ip_is(&r->gw, "198.18.64.2", 0));
	ASSERT(ip_is(&r->prefsrc, "198.18.64.1", 0));
	ASSERT_EQ(r->ifindex, 2);
	ASSERT_EQ(r->table, VW_NL_RT_TABLE_MAIN);
	ASSERT_EQ(r->metric, 20);
	ASSERT_EQ(r->type, VW_RT_UNICAST);
	ASSERT_EQ(r->proto, VW_NL_RTPROT_BOOT);
	ASSERT_EQ(r->scope, VW_NL_RT_SCOPE_UNIVERSE);
	ASSERT_EQ(r->nnh, 0);
	ASSERT(r->nh == NULL);
	ASSERT_EQ(r->mtu, 0);
	ASSERT_EQ(r->expire, 0);
	ASSERT_EQ(ev.origin.os, VW_OS_LINUX);
	ASSERT_EQ(ev.origin.msg_type, VW_NL_RTM_NEWROUTE);
	ASSERT_EQ(ev.origin.msg_pid, 812);
	ASSERT_EQ(ev.origin.msg_seq, 7);
	ASSERT_EQ(ev.origin.msg_flags, VW_NL_NLM_F_CREATE | VW_NL_NLM_F_EXCL);
	ASSERT_EQ(ev.origin.dump, 0);
	ASSERT_EQ(ev.origin.msg_off, 0);
	nl_fix_free(&b);
}

VW_TEST(test_route_v6)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_route *r = &ev.u.route;

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "2001:db8:99::",
	    .plen = 48, .metric = 1024, .gw = "2001:db8:64::2", .oif = 2,
	    .proto = VW_NL_RTPROT_BOOT });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&r->dst, "2001:db8:99::", 0));
	ASSERT_EQ(r->plen, 48);
	ASSERT(ip_is(&r->gw, "2001:db8:64::2", 0));
	ASSERT_EQ(r->metric, 1024);
	ASSERT_EQ(r->ifindex, 2);
	nl_fix_free(&b);

	/* A link-local gateway takes the route's interface as its scope. */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "2001:db8:98::",
	    .plen = 48, .metric = 1024, .gw = "fe80::2", .oif = 5 });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&r->gw, "fe80::2", 5));
	ASSERT(ip_is(&r->dst, "2001:db8:98::", 0));
	nl_fix_free(&b);

	/* So does a link-local destination (per-interface fe80::/64). */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "fe80::", .plen = 64,
	    .metric = 256, .oif = 3, .proto = VW_NL_RTPROT_KERNEL });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&r->dst, "fe80::", 3));
	ASSERT_EQ(r->gwkind, VW_GW_NONE);
	ASSERT_EQ(r->gw.family, VW_AF_NONE);
	nl_fix_free(&b);

	/* The IPv6 default route: no RTA_DST. */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .family = VW_NL_AF_INET6,
	    .metric = 1024, .gw = "fe80::1", .oif = 2,
	    .proto = VW_NL_RTPROT_RA, .expires = 1800 });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&r->dst, "::", 0));
	ASSERT_EQ(r->plen, 0);
	ASSERT(ip_is(&r->gw, "fe80::1", 2));
	ASSERT_EQ(r->proto, VW_NL_RTPROT_RA);
	ASSERT_EQ(r->expire, 1800);
	nl_fix_free(&b);
}

VW_TEST(test_route_default_v4_and_mask)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_route *r = &ev.u.route;

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .gw = "198.18.64.2",
	    .oif = 2 });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&r->dst, "0.0.0.0", 0));
	ASSERT_EQ(r->plen, 0);
	nl_fix_free(&b);

	/* Host bits past plen are cleared (the model keeps dst masked). */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.19.0.255",
	    .plen = 25, .oif = 2 });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&r->dst, "198.19.0.128", 0));
	nl_fix_free(&b);

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "2001:db8:ffff::1",
	    .plen = 36, .oif = 2 });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&r->dst, "2001:db8:f000::", 0));
	nl_fix_free(&b);
}

VW_TEST(test_route_tables)
{
	static const uint32_t tables[] = { 254, 255, 100, 253, 1000, 70000 };
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t i, m;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		nl_fix_init(&b);
		nl_fix_route(&b, &(struct nl_fix_route){ .table = tables[i],
		    .dst = "198.19.0.0", .plen = 16, .oif = 2 });
		parse1(&b, &h, &ev, 1);
		ASSERT_EQ(ev.u.route.table, tables[i]);
		nl_fix_free(&b);
	}
	/* Without RTA_TABLE, rtm_table is the table. */
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWROUTE, 0, 0, 0);
	nl_fix_rtmsg(&b, VW_NL_AF_INET, 32, VW_NL_RT_TABLE_LOCAL,
	    VW_NL_RTPROT_KERNEL, VW_NL_RT_SCOPE_HOST, VW_NL_RTN_LOCAL, 0);
	nl_fix_attr_ip(&b, VW_NL_RTA_DST, "198.18.64.1");
	nl_fix_attr_u32(&b, VW_NL_RTA_OIF, 2);
	nl_fix_end(&b, m);
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.u.route.table, VW_NL_RT_TABLE_LOCAL);
	ASSERT_EQ(ev.u.route.type, VW_RT_LOCAL);
	ASSERT_EQ(ev.u.route.scope, VW_NL_RT_SCOPE_HOST);
	ASSERT_EQ(ev.u.route.plen, 32);
	nl_fix_free(&b);
}

VW_TEST(test_route_types)
{
	static const struct { uint8_t rtn; int vw; } t[] = {
		{ VW_NL_RTN_UNICAST, VW_RT_UNICAST },
		{ VW_NL_RTN_LOCAL, VW_RT_LOCAL },
		{ VW_NL_RTN_BROADCAST, VW_RT_BROADCAST },
		{ VW_NL_RTN_ANYCAST, VW_RT_ANYCAST },
		{ VW_NL_RTN_MULTICAST, VW_RT_MULTICAST },
		{ VW_NL_RTN_BLACKHOLE, VW_RT_BLACKHOLE },
		{ VW_NL_RTN_UNREACHABLE, VW_RT_UNREACHABLE },
		{ VW_NL_RTN_PROHIBIT, VW_RT_PROHIBIT },
		{ VW_NL_RTN_THROW, VW_RT_THROW },
		{ VW_NL_RTN_NAT, VW_RT_OTHER },
		{ VW_NL_RTN_XRESOLVE, VW_RT_OTHER },
		{ 200, VW_RT_OTHER },
	};
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		nl_fix_init(&b);
		nl_fix_route(&b, &(struct nl_fix_route){ .rtype = t[i].rtn,
		    .dst = "198.21.0.0", .plen = 16 });
		parse1(&b, &h, &ev, 1);
		ASSERT_EQ(ev.u.route.type, t[i].vw);
		ASSERT_EQ(ev.u.route.ifindex, 0);
		nl_fix_free(&b);
	}
	/* "unspec" (0) is not unicast. */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.21.0.0",
	    .plen = 16 });
	b.data[VW_NL_NLMSG_HDRLEN + VW_NL_RTM_TYPE_OFF] = VW_NL_RTN_UNSPEC;
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.u.route.type, VW_RT_OTHER);
	nl_fix_free(&b);
}

VW_TEST(test_route_metrics_and_flags)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t m, mx;

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.19.0.0",
	    .plen = 25, .gw = "198.18.64.3", .oif = 2, .mtu = 1400,
	    .rtm_flags = VW_NL_RTNH_F_ONLINK });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.u.route.mtu, 1400);
	ASSERT_EQ(ev.u.route.flags, VW_NL_RTNH_F_ONLINK);
	nl_fix_free(&b);

	/* Other RTAX_* members around the MTU are skipped. */
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWROUTE, 0, 0, 0);
	nl_fix_rtmsg(&b, VW_NL_AF_INET6, 64, 254, 3, 0, 1, 0);
	nl_fix_attr_ip(&b, VW_NL_RTA_DST, "2001:db8:1::");
	mx = nl_fix_nest_begin(&b, VW_NL_RTA_METRICS | VW_NL_NLA_F_NESTED);
	nl_fix_attr_u32(&b, VW_NL_RTAX_LOCK, 1 << VW_NL_RTAX_MTU);
	nl_fix_attr_u32(&b, VW_NL_RTAX_HOPLIMIT, 64);
	nl_fix_attr_u32(&b, VW_NL_RTAX_MTU, 1280);
	nl_fix_attr_u32(&b, VW_NL_RTAX_ADVMSS, 1220);
	nl_fix_nest_end(&b, mx);
	nl_fix_end(&b, m);
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.u.route.mtu, 1280);
	ASSERT_EQ(ev.u.route.plen, 64);
	nl_fix_free(&b);
}

VW_TEST(test_route_replace_delete_dump)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .nlflags = VW_NL_NLM_F_REPLACE,
	    .dst = "198.19.0.0", .plen = 16, .gw = "198.18.64.3", .oif = 2 });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.kind, VW_EV_ROUTE_CHANGE);
	nl_fix_free(&b);

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .msg = VW_NL_RTM_DELROUTE,
	    .dst = "198.19.0.0", .plen = 16, .gw = "198.18.64.3", .oif = 2 });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.kind, VW_EV_ROUTE_DELETE);
	ASSERT_EQ(ev.origin.msg_type, VW_NL_RTM_DELROUTE);
	nl_fix_free(&b);

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .nlflags = VW_NL_NLM_F_MULTI,
	    .dst = "198.19.0.0", .plen = 16, .oif = 2, .seq = 3, .pid = 99 });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.kind, VW_EV_ROUTE_ADD);
	ASSERT_EQ(ev.origin.dump, 1);
	nl_fix_free(&b);
}

VW_TEST(test_route_cloned_and_other_families_skipped)
{
	static const uint8_t fams[] = { 28 /* AF_MPLS */, 128 /* IPMR */,
	    VW_NL_AF_BRIDGE, VW_NL_AF_UNSPEC };
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t i;

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "2001:db8:99::7",
	    .plen = 128, .rtm_flags = VW_NL_RTM_F_CLONED, .gw = "2001:db8::1",
	    .oif = 2, .mtu = 1280 });
	parse1(&b, &h, &ev, 0);
	ASSERT_EQ(h.type, VW_NL_RTM_NEWROUTE);
	nl_fix_free(&b);

	for (i = 0; i < sizeof(fams); i++) {
		nl_fix_init(&b);
		nl_fix_route(&b, &(struct nl_fix_route){ .oif = 2 });
		b.data[VW_NL_NLMSG_HDRLEN + VW_NL_RTM_FAMILY_OFF] = fams[i];
		parse1(&b, &h, &ev, 0);
		nl_fix_free(&b);
	}
}

static void
check_nh(const struct vw_nexthop *nh, const char *gw, unsigned scope,
    uint32_t ifindex, int weight, int flags)
{
	ASSERT(ip_is(&nh->gw, gw, scope));
	ASSERT_EQ(nh->ifindex, ifindex);
	ASSERT_EQ(nh->weight, weight);
	ASSERT_EQ(nh->flags, flags);
}

VW_TEST(test_route_multipath_2_and_3)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_route *r = &ev.u.route;

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.20.0.0",
	    .plen = 16, .nnh = 2, .nh = { { .gw = "198.18.64.2", .oif = 2 },
	    { .gw = "198.18.64.3", .oif = 3, .hops = 1 } } });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(r->nnh, 2);
	ASSERT(r->nh == ev.nh_store);
	ASSERT_EQ(r->gwkind, VW_GW_NONE);
	check_nh(&r->nh[0], "198.18.64.2", 0, 2, 1, 0);
	check_nh(&r->nh[1], "198.18.64.3", 0, 3, 2, 0);
	nl_fix_free(&b);

	ASSERT_OK(nl_fix_by_name("nl-multipath", &b));
	parse1(&(struct nl_fix_buf){ .data = b.data,
	    .len = (size_t)(b.data[0] | b.data[1] << 8) }, &h, &ev, 1);
	ASSERT_EQ(r->nnh, 3);
	check_nh(&r->nh[0], "198.18.64.2", 0, 2, 1, 0);
	check_nh(&r->nh[1], "198.18.64.3", 0, 2, 3, 0);
	check_nh(&r->nh[2], "198.18.65.1", 0, 3, 1, VW_NL_RTNH_F_ONLINK);
	nl_fix_free(&b);

	/* IPv6: link-local next hops are scoped to their own interface. */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "2001:db8:97::",
	    .plen = 48, .metric = 1024, .nnh = 3,
	    .nh = { { .gw = "fe80::2", .oif = 2 }, { .gw = "fe80::3",
	    .oif = 3 }, { .gw = "2001:db8:64::9", .oif = 2,
	    .flags = VW_NL_RTNH_F_LINKDOWN | VW_NL_RTNH_F_DEAD } } });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(r->nnh, 3);
	check_nh(&r->nh[0], "fe80::2", 2, 2, 1, 0);
	check_nh(&r->nh[1], "fe80::3", 3, 3, 1, 0);
	check_nh(&r->nh[2], "2001:db8:64::9", 0, 2, 1,
	    VW_NL_RTNH_F_LINKDOWN | VW_NL_RTNH_F_DEAD);
	ASSERT_EQ(r->metric, 1024);
	nl_fix_free(&b);
}

VW_TEST(test_route_multipath_edge_cases)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_route *r = &ev.u.route;
	struct nl_fix_route big;
	int i;

	/* One next hop in RTA_MULTIPATH is the single-path form. */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.20.0.0",
	    .plen = 16, .nnh = 1, .nh = { { .gw = "198.18.64.2", .oif = 4,
	    .flags = VW_NL_RTNH_F_ONLINK } } });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(r->nnh, 0);
	ASSERT(r->nh == NULL);
	ASSERT_EQ(r->gwkind, VW_GW_IP);
	ASSERT(ip_is(&r->gw, "198.18.64.2", 0));
	ASSERT_EQ(r->ifindex, 4);
	ASSERT_EQ(r->flags, VW_NL_RTNH_F_ONLINK);
	nl_fix_free(&b);

	/* More next hops than VW_NH_MAX: the first VW_NH_MAX are kept. */
	memset(&big, 0, sizeof(big));
	big.dst = "198.20.0.0";
	big.plen = 16;
	big.nnh = VW_NH_MAX + 4;
	for (i = 0; i < big.nnh; i++) {
		big.nh[i].gw = i % 2 ? "198.18.64.3" : "198.18.64.2";
		big.nh[i].oif = (uint32_t)(i + 1);
		big.nh[i].hops = (uint8_t)(i == 0 ? 255 : 0);
	}
	nl_fix_init(&b);
	nl_fix_route(&b, &big);
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(r->nnh, VW_NH_MAX);
	ASSERT_EQ(r->nh[VW_NH_MAX - 1].ifindex, VW_NH_MAX);
	ASSERT_EQ(r->nh[0].weight, 255);	/* 256 saturates */
	nl_fix_free(&b);

	/* An empty RTA_MULTIPATH leaves a route without next hop. */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.20.0.0",
	    .plen = 16, .oif = 2, .nnh = 0 });
	{
		struct nl_fix_buf c;
		size_t m;

		nl_fix_init(&c);
		m = nl_fix_begin(&c, VW_NL_RTM_NEWROUTE, 0, 0, 0);
		nl_fix_rtmsg(&c, VW_NL_AF_INET, 16, 254, 3, 0, 1, 0);
		nl_fix_attr_ip(&c, VW_NL_RTA_DST, "198.20.0.0");
		nl_fix_attr(&c, VW_NL_RTA_MULTIPATH, NULL, 0);
		nl_fix_end(&c, m);
		parse1(&c, &h, &ev, 1);
		ASSERT_EQ(r->nnh, 0);
		ASSERT_EQ(r->gwkind, VW_GW_NONE);
		nl_fix_free(&c);
	}
	nl_fix_free(&b);

	/* A next hop without a gateway is on-link. */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.20.0.0",
	    .plen = 16, .nnh = 2, .nh = { { .oif = 2 }, { .gw = "198.18.64.3",
	    .oif = 3 } } });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(r->nnh, 2);
	ASSERT_EQ(r->nh[0].gw.family, VW_AF_NONE);
	ASSERT_EQ(r->nh[0].ifindex, 2);
	nl_fix_free(&b);
}

VW_TEST(test_route_via)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_route *r = &ev.u.route;
	size_t m;

	/* IPv4 route via an IPv6 next hop. */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.23.0.0",
	    .plen = 16, .via = "fe80::2", .oif = 2 });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(r->dst.family, VW_AF_INET);
	ASSERT_EQ(r->gwkind, VW_GW_IP);
	ASSERT(ip_is(&r->gw, "fe80::2", 2));
	nl_fix_free(&b);

	ASSERT_OK(nl_fix_by_name("nl-multipath", &b));
	{
		int kinds[4];
		size_t stop, off = 0;
		struct vw_perr e;
		int i, nev;

		ASSERT_EQ(walk(b.data, b.len, kinds, 4, &stop, &e), 3);
		/* The third route: via inet6 and via inet next hops. */
		for (i = 0; i < 3; i++) {
			int rc = vw_nl_parse(b.data + off, b.len - off, off,
			    &h, &ev, &nev, &e);
			ASSERT_GE(rc, 1);
			off += (size_t)rc;
		}
		ASSERT_EQ(r->nnh, 2);
		ASSERT(ip_is(&r->nh[0].gw, "fe80::2", 2));
		ASSERT(ip_is(&r->nh[1].gw, "198.18.64.2", 0));
	}
	nl_fix_free(&b);

	/* A via of another family (MPLS AF_PACKET) is no IP gateway. */
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWROUTE, 0, 0, 0);
	nl_fix_rtmsg(&b, VW_NL_AF_INET, 16, 254, 3, 0, 1, 0);
	nl_fix_attr_ip(&b, VW_NL_RTA_DST, "198.23.0.0");
	nl_fix_attr(&b, VW_NL_RTA_VIA, "\x11\x00\x02\x00\x5e\x00\x00\x02", 8);
	nl_fix_end(&b, m);
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(r->gwkind, VW_GW_NONE);
	nl_fix_free(&b);
}

/*
 * Attribute order.  The decoder takes attributes in the kernel's own order
 * at once and sends the rest through a general pass (lib/nl_msg.c,
 * nl_route_fam); both must give the same route whatever the order.  One
 * attribute of a test route per letter: T table, D dst, P priority,
 * S prefsrc, G gateway, O oif, C cacheinfo, R pref, M metrics (mtu),
 * V via, U an unknown type (RTA_MARK, ignored); a digit after D or G picks
 * another address.
 */
static void
order_route(struct nl_fix_buf *b, int v6, const char *order)
{
	static const char *const dst4[] = { "198.19.5.7", "198.20.0.0" };
	static const char *const dst6[] = { "2001:db8:99:ff::1",
	    "2001:db8:98::" };
	static const char *const gw4[] = { "198.18.64.2", "198.18.64.9" };
	static const char *const gw6[] = { "fe80::2", "2001:db8:64::9" };
	uint8_t cacheinfo[32];
	size_t m, mx;
	const char *c;
	int k;

	memset(cacheinfo, 0, sizeof(cacheinfo));
	nl_fix_init(b);
	m = nl_fix_begin(b, VW_NL_RTM_NEWROUTE, VW_NL_NLM_F_MULTI, 5, 0);
	nl_fix_rtmsg(b, v6 ? VW_NL_AF_INET6 : VW_NL_AF_INET, v6 ? 48 : 16, 252,
	    VW_NL_RTPROT_BOOT, 0, VW_NL_RTN_UNICAST, 0);
	for (c = order; *c != '\0'; c++) {
		k = c[1] >= '0' && c[1] <= '9' ? c[1] - '0' : 0;
		switch (*c) {
		case 'T':
			nl_fix_attr_u32(b, VW_NL_RTA_TABLE, 1000);
			break;
		case 'D':
			nl_fix_attr_ip(b, VW_NL_RTA_DST,
			    v6 ? dst6[k] : dst4[k]);
			break;
		case 'P':
			nl_fix_attr_u32(b, VW_NL_RTA_PRIORITY, 20);
			break;
		case 'S':
			nl_fix_attr_ip(b, VW_NL_RTA_PREFSRC,
			    v6 ? "2001:db8:64::1" : "198.18.64.1");
			break;
		case 'G':
			nl_fix_attr_ip(b, VW_NL_RTA_GATEWAY,
			    v6 ? gw6[k] : gw4[k]);
			break;
		case 'O':
			nl_fix_attr_u32(b, VW_NL_RTA_OIF, 5);
			break;
		case 'C':
			nl_fix_attr(b, VW_NL_RTA_CACHEINFO, cacheinfo,
			    sizeof(cacheinfo));
			break;
		case 'R':
			nl_fix_attr_u8(b, VW_NL_RTA_PREF, 0);
			break;
		case 'M':
			mx = nl_fix_nest_begin(b, VW_NL_RTA_METRICS);
			nl_fix_attr_u32(b, VW_NL_RTAX_MTU, 1400);
			nl_fix_nest_end(b, mx);
			break;
		case 'V':
			nl_fix_attr_via(b, "fe80::7");
			break;
		case 'U':
			nl_fix_attr_u32(b, VW_NL_RTA_MARK, 7);
			break;
		default:
			break;
		}
	}
	nl_fix_end(b, m);
}

/* Decode order_route(order) into ev, which starts as stale junk. */
static void
order_parse(int v6, const char *order, struct vw_event *ev)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;

	memset(ev, 0xa5, sizeof(*ev));
	order_route(&b, v6, order);
	parse1(&b, &h, ev, 1);
	nl_fix_free(&b);
}

/* The event decoded from each order equals the one from want_order. */
static void
order_same(int v6, const char *want_order, const char *const *orders)
{
	struct vw_event want, got;

	order_parse(v6, want_order, &want);
	for (; *orders != NULL; orders++) {
		order_parse(v6, *orders, &got);
		if (memcmp(&want, &got, offsetof(struct vw_event, old)) != 0)
			VW__FAIL("%s %s decodes unlike %s", v6 ? "v6" : "v4",
			    *orders, want_order);
	}
}

VW_TEST(test_route_attr_order_and_repeats)
{
	static const char *const any4[] = { "OGSPDT", "UTDPSGO", "TDPSGOU",
	    "TDGOPS", "DTPSGO", "TDPSG0O", NULL };
	static const char *const any6[] = { "RCOGPSDT", "UTDSPGOCR",
	    "TDSPGOCRU", "TDPSGOCR", "TDSPGO", "TDSPGOU", NULL };
	static const char *const metrics4[] = { "MTDPSGO", "TDPSGOM",
	    "TDMPSGO", NULL };
	static const char *const repeat4[] = { "TD0D1O", "UD0D1TO", "TDOD1",
	    NULL };
	static const char *const gw_over_via[] = { "TDVGO", "TDGVO", "UTDVGO",
	    NULL };
	struct vw_event ev;
	struct vw_route *r = &ev.u.route;

	/* The kernel's order: every field, masked, nothing stale. */
	order_parse(0, "TDPSGO", &ev);
	ASSERT_EQ(ev.kind, VW_EV_ROUTE_ADD);
	ASSERT(ip_is(&r->dst, "198.19.0.0", 0));
	ASSERT_EQ(r->table, 1000);
	ASSERT_EQ(r->metric, 20);
	ASSERT(ip_is(&r->prefsrc, "198.18.64.1", 0));
	ASSERT(ip_is(&r->gw, "198.18.64.2", 0));
	ASSERT_EQ(r->gwkind, VW_GW_IP);
	ASSERT_EQ(r->ifindex, 5);
	ASSERT_EQ(r->mtu, 0);
	ASSERT_EQ(r->expire, 0);
	ASSERT_EQ(r->lgw.sdl_index, 0);
	ASSERT_EQ(ev.origin.dump, 1);
	ASSERT_EQ(ev.origin.msg_seq, 5);
	ASSERT_EQ(ev.origin.msg_errno, 0);
	ASSERT_EQ(ev.time_us, 0);
	order_same(0, "TDPSGO", any4);

	order_parse(1, "TDSPGOCR", &ev);
	ASSERT(ip_is(&r->dst, "2001:db8:99::", 0));
	ASSERT(ip_is(&r->gw, "fe80::2", 5));	/* link-local: oif scope */
	ASSERT(ip_is(&r->prefsrc, "2001:db8:64::1", 0));
	ASSERT_EQ(r->metric, 20);
	ASSERT_EQ(r->table, 1000);
	order_same(1, "TDSPGOCR", any6);

	/* RTA_METRICS anywhere: the same route with its MTU. */
	order_parse(0, "TDPMSGO", &ev);
	ASSERT_EQ(r->mtu, 1400);
	ASSERT(ip_is(&r->gw, "198.18.64.2", 0));
	order_same(0, "TDPMSGO", metrics4);

	/* A repeated attribute: the last one counts. */
	order_parse(0, "TD1O", &ev);
	ASSERT(ip_is(&r->dst, "198.20.0.0", 0));
	order_same(0, "TD1O", repeat4);
	order_parse(0, "TDG0OG1", &ev);
	ASSERT(ip_is(&r->gw, "198.18.64.9", 0));

	/* RTA_GATEWAY beats RTA_VIA, in either order. */
	order_parse(0, "TDGO", &ev);
	ASSERT(ip_is(&r->gw, "198.18.64.2", 0));
	order_same(0, "TDGO", gw_over_via);
	order_parse(0, "TDVO", &ev);
	ASSERT(ip_is(&r->gw, "fe80::7", 5));
	ASSERT_EQ(r->gwkind, VW_GW_IP);
}

/* ---- neighbours ---------------------------------------------------------- */

VW_TEST(test_neigh_states_v4)
{
	static const uint16_t states[] = { VW_NL_NUD_INCOMPLETE,
	    VW_NL_NUD_REACHABLE, VW_NL_NUD_STALE, VW_NL_NUD_DELAY,
	    VW_NL_NUD_PROBE, VW_NL_NUD_FAILED, VW_NL_NUD_NOARP,
	    VW_NL_NUD_PERMANENT, VW_NL_NUD_NONE };
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_neigh *n = &ev.u.neigh;
	size_t i;

	for (i = 0; i < sizeof(states) / sizeof(states[0]); i++) {
		nl_fix_init(&b);
		nl_fix_neigh(&b, &(struct nl_fix_neigh){ .dst = "198.18.64.2",
		    .ifindex = 2, .lladdr = "02:00:5e:00:00:02",
		    .state = states[i], .seq = 9, .pid = 0 });
		parse1(&b, &h, &ev, 1);
		ASSERT_EQ(ev.kind, VW_EV_NEIGH_ADD);
		ASSERT_EQ(n->state, states[i]);
		ASSERT(ip_is(&n->addr, "198.18.64.2", 0));
		ASSERT(ll_is(&n->ll, "02:00:5e:00:00:02"));
		ASSERT_EQ(n->ifindex, 2);
		ASSERT_EQ(n->nflags, 0);
		ASSERT_EQ(ev.origin.msg_type, VW_NL_RTM_NEWNEIGH);
		nl_fix_free(&b);
	}
	/* Incomplete: no NDA_LLADDR. */
	nl_fix_init(&b);
	nl_fix_neigh(&b, &(struct nl_fix_neigh){ .dst = "198.18.64.9",
	    .ifindex = 2, .state = VW_NL_NUD_INCOMPLETE });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(n->ll.len, 0);
	nl_fix_free(&b);

	nl_fix_init(&b);
	nl_fix_neigh(&b, &(struct nl_fix_neigh){ .msg = VW_NL_RTM_DELNEIGH,
	    .dst = "198.18.64.2", .ifindex = 2, .lladdr = "02:00:5e:00:00:02",
	    .state = VW_NL_NUD_FAILED });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.kind, VW_EV_NEIGH_DELETE);
	nl_fix_free(&b);
}

VW_TEST(test_neigh_v6_router_proxy)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_neigh *n = &ev.u.neigh;

	nl_fix_init(&b);
	nl_fix_neigh(&b, &(struct nl_fix_neigh){ .dst = "2001:db8:64::2",
	    .ifindex = 2, .lladdr = "02:00:5e:00:00:12",
	    .state = VW_NL_NUD_REACHABLE, .flags = VW_NL_NTF_ROUTER });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&n->addr, "2001:db8:64::2", 0));
	ASSERT_EQ(n->nflags, VW_NF_ROUTER);
	ASSERT_EQ(n->flags, VW_NL_NTF_ROUTER);
	nl_fix_free(&b);

	nl_fix_init(&b);
	nl_fix_neigh(&b, &(struct nl_fix_neigh){ .dst = "fe80::2",
	    .ifindex = 3, .lladdr = "02:00:5e:00:00:02",
	    .state = VW_NL_NUD_STALE, .flags = VW_NL_NTF_PROXY });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&n->addr, "fe80::2", 3));
	ASSERT_EQ(n->nflags, VW_NF_PROXY);
	nl_fix_free(&b);

	/* A 20-byte InfiniBand address does not fit: no lladdr, no error. */
	nl_fix_init(&b);
	nl_fix_neigh(&b, &(struct nl_fix_neigh){ .dst = "198.18.64.7",
	    .ifindex = 2, .state = VW_NL_NUD_REACHABLE, .lladdr =
	    "80:00:00:48:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:0b:0c" });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(n->ll.len, 0);
	nl_fix_free(&b);
}

VW_TEST(test_neigh_skipped)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;

	/* Bridge fdb entries. */
	nl_fix_init(&b);
	nl_fix_neigh(&b, &(struct nl_fix_neigh){ .family = VW_NL_AF_BRIDGE,
	    .ifindex = 3, .lladdr = "02:00:5e:00:64:04",
	    .state = VW_NL_NUD_REACHABLE, .flags = VW_NL_NTF_MASTER });
	parse1(&b, &h, &ev, 0);
	nl_fix_free(&b);

	/* No NDA_DST: nothing to key on. */
	nl_fix_init(&b);
	nl_fix_neigh(&b, &(struct nl_fix_neigh){ .family = VW_NL_AF_INET,
	    .ifindex = 3, .lladdr = "02:00:5e:00:64:04",
	    .state = VW_NL_NUD_REACHABLE });
	parse1(&b, &h, &ev, 0);
	nl_fix_free(&b);
}

/* ---- links --------------------------------------------------------------- */

VW_TEST(test_link_fields)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_link *l = &ev.u.link;
	const uint32_t f = VW_NL_IFF_UP | VW_NL_IFF_BROADCAST |
	    VW_NL_IFF_RUNNING | VW_NL_IFF_MULTICAST | VW_NL_IFF_LOWER_UP;

	nl_fix_init(&b);
	nl_fix_link(&b, &(struct nl_fix_link){ .index = 3, .flags = f,
	    .name = "vwbr0", .mtu = 1500, .master = 2, .oper = "UP",
	    .kind = "veth", .lladdr = "02:00:5e:00:64:03",
	    .broadcast = "ff:ff:ff:ff:ff:ff", .seq = 4, .pid = 77 });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.kind, VW_EV_LINK_CHANGE);
	ASSERT_EQ(l->index, 3);
	ASSERT_STR_EQ(l->name, "vwbr0");
	ASSERT_EQ(l->type, VW_LT_ETHER);
	ASSERT_EQ(l->os_type, VW_NL_ARPHRD_ETHER);
	ASSERT_EQ(l->operstate, VW_NL_IF_OPER_UP);
	ASSERT_EQ(l->flags, f);
	ASSERT_EQ(l->lflags, VW_LF_UP | VW_LF_BROADCAST | VW_LF_RUNNING |
	    VW_LF_MULTICAST | VW_LF_LOWER_UP);
	ASSERT_EQ(l->mtu, 1500);
	ASSERT_EQ(l->master, 2);
	ASSERT(ll_is(&l->ll, "02:00:5e:00:64:03"));
	ASSERT_STR_EQ(l->kind, "veth");
	ASSERT_EQ(l->have, VW_LH_NAME | VW_LH_LL | VW_LH_MTU | VW_LH_TYPE);
	ASSERT_EQ(ev.origin.msg_pid, 77);
	nl_fix_free(&b);

	/* Every Linux IFF_* bit we map, one at a time. */
	{
		static const struct { uint32_t iff, lf; } m[] = {
			{ VW_NL_IFF_UP, VW_LF_UP },
			{ VW_NL_IFF_BROADCAST, VW_LF_BROADCAST },
			{ VW_NL_IFF_LOOPBACK, VW_LF_LOOPBACK },
			{ VW_NL_IFF_POINTOPOINT, VW_LF_P2P },
			{ VW_NL_IFF_RUNNING, VW_LF_RUNNING },
			{ VW_NL_IFF_NOARP, VW_LF_NOARP },
			{ VW_NL_IFF_PROMISC, VW_LF_PROMISC },
			{ VW_NL_IFF_MULTICAST, VW_LF_MULTICAST },
			{ VW_NL_IFF_LOWER_UP, VW_LF_LOWER_UP },
			{ VW_NL_IFF_DORMANT, 0 },
			{ VW_NL_IFF_ALLMULTI, 0 },
		};
		size_t i;

		for (i = 0; i < sizeof(m) / sizeof(m[0]); i++) {
			nl_fix_init(&b);
			nl_fix_link(&b, &(struct nl_fix_link){ .index = 9,
			    .flags = m[i].iff });
			parse1(&b, &h, &ev, 1);
			ASSERT_EQ(l->lflags, m[i].lf);
			ASSERT_EQ(l->flags, m[i].iff);
			nl_fix_free(&b);
		}
	}

	/* A bare message: only the type is known; the name field is empty. */
	nl_fix_init(&b);
	nl_fix_link(&b, &(struct nl_fix_link){ .msg = VW_NL_RTM_DELLINK,
	    .index = 5, .arphrd = VW_NL_ARPHRD_NONE });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.kind, VW_EV_LINK_DELETE);
	ASSERT_EQ(l->have, VW_LH_TYPE);
	ASSERT_STR_EQ(l->name, "");
	ASSERT_STR_EQ(l->kind, "");
	ASSERT_EQ(l->ll.len, 0);
	ASSERT_EQ(l->type, VW_LT_TUNNEL);
	nl_fix_free(&b);

	/* A name of 15 characters fills the field; a longer one is cut. */
	nl_fix_init(&b);
	nl_fix_link(&b, &(struct nl_fix_link){ .index = 9,
	    .name = "abcdefghijklmnopqrstuvwxyz" });
	parse1(&b, &h, &ev, 1);
	ASSERT_STR_EQ(l->name, "abcdefghijklmno");
	nl_fix_free(&b);
}

VW_TEST(test_link_kinds)
{
	static const struct {
		uint16_t arphrd;
		const char *kind;
		int type;
	} t[] = {
		{ VW_NL_ARPHRD_ETHER, "bridge", VW_LT_BRIDGE },
		{ VW_NL_ARPHRD_ETHER, "vlan", VW_LT_VLAN },
		{ VW_NL_ARPHRD_ETHER, "veth", VW_LT_ETHER },
		{ VW_NL_ARPHRD_ETHER, NULL, VW_LT_ETHER },
		{ VW_NL_ARPHRD_ETHER, "tun", VW_LT_TUNNEL },	/* tap */
		{ VW_NL_ARPHRD_NONE, "tun", VW_LT_TUNNEL },
		{ VW_NL_ARPHRD_NONE, "wireguard", VW_LT_TUNNEL },
		{ VW_NL_ARPHRD_NONE, NULL, VW_LT_TUNNEL },
		{ VW_NL_ARPHRD_IPIP, "ipip", VW_LT_TUNNEL },
		{ VW_NL_ARPHRD_SIT, "sit", VW_LT_TUNNEL },
		{ VW_NL_ARPHRD_TUNNEL6, "ip6tnl", VW_LT_TUNNEL },
		{ VW_NL_ARPHRD_IPGRE, "gre", VW_LT_TUNNEL },
		{ VW_NL_ARPHRD_LOOPBACK, NULL, VW_LT_LOOPBACK },
		{ VW_NL_ARPHRD_PPP, NULL, VW_LT_PPP },
		{ 801 /* IEEE80211 */, NULL, VW_LT_OTHER },
		{ VW_NL_ARPHRD_INFINIBAND, NULL, VW_LT_OTHER },
	};
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		nl_fix_init(&b);
		nl_fix_link(&b, &(struct nl_fix_link){ .index = 4,
		    .arphrd = t[i].arphrd, .kind = t[i].kind, .name = "x" });
		parse1(&b, &h, &ev, 1);
		if (ev.u.link.type != t[i].type)
			VW__FAIL("arphrd %u kind %s: type %d, want %d",
			    t[i].arphrd, t[i].kind ? t[i].kind : "-",
			    ev.u.link.type, t[i].type);
		ASSERT_STR_EQ(ev.u.link.kind, t[i].kind ? t[i].kind : "");
		ASSERT_EQ(ev.u.link.os_type, t[i].arphrd);
		nl_fix_free(&b);
	}
}

VW_TEST(test_link_family_facets_skipped)
{
	static const uint8_t fams[] = { VW_NL_AF_BRIDGE, VW_NL_AF_INET6 };
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t i;

	for (i = 0; i < sizeof(fams); i++) {
		nl_fix_init(&b);
		nl_fix_link(&b, &(struct nl_fix_link){ .family = fams[i],
		    .index = 3, .name = "vwbr0", .master = 2, .mtu = 1500 });
		nl_fix_link(&b, &(struct nl_fix_link){ .family = fams[i],
		    .msg = VW_NL_RTM_DELLINK, .index = 3, .name = "vwbr0" });
		{
			int kinds[2];
			size_t stop;
			struct vw_perr e;

			ASSERT_EQ(walk(b.data, b.len, kinds, 2, &stop, &e), 0);
			ASSERT_EQ(stop, b.len);
		}
		nl_fix_free(&b);
	}
	(void)h;
	(void)ev;
}

/* ---- interface addresses ------------------------------------------------- */

VW_TEST(test_addr_v4)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_ifaddr *a = &ev.u.addr;

	nl_fix_init(&b);
	nl_fix_addr(&b, &(struct nl_fix_addr){ .addr = "198.18.64.1",
	    .plen = 24, .index = 2, .broadcast = "198.18.64.255",
	    .label = "br100", .ifa_flags = VW_NL_IFA_F_PERMANENT,
	    .flags_attr = VW_NL_IFA_F_PERMANENT | VW_NL_IFA_F_NOPREFIXROUTE });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.kind, VW_EV_ADDR_ADD);
	ASSERT(ip_is(&a->addr, "198.18.64.1", 0));
	ASSERT_EQ(a->plen, 24);
	ASSERT_EQ(a->ifindex, 2);
	ASSERT(ip_is(&a->peer, "198.18.64.255", 0));
	ASSERT_EQ(a->peer_is_brd, 1);
	ASSERT_STR_EQ(a->label, "br100");
	/* IFA_FLAGS wins over the 8-bit ifa_flags. */
	ASSERT_EQ(a->flags, VW_NL_IFA_F_PERMANENT | VW_NL_IFA_F_NOPREFIXROUTE);
	ASSERT_EQ(a->scope, 0);
	nl_fix_free(&b);

	/* Point-to-point: IFA_LOCAL is ours, IFA_ADDRESS the peer. */
	nl_fix_init(&b);
	nl_fix_addr(&b, &(struct nl_fix_addr){ .msg = VW_NL_RTM_DELADDR,
	    .addr = "198.18.100.1", .peer = "198.18.100.2", .plen = 32,
	    .index = 5, .label = "vwtun0", .ifa_flags = 0x80 });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(ev.kind, VW_EV_ADDR_DELETE);
	ASSERT(ip_is(&a->addr, "198.18.100.1", 0));
	ASSERT(ip_is(&a->peer, "198.18.100.2", 0));
	ASSERT_EQ(a->peer_is_brd, 0);
	ASSERT_EQ(a->flags, 0x80);
	nl_fix_free(&b);

	/* Host scope, no broadcast. */
	nl_fix_init(&b);
	nl_fix_addr(&b, &(struct nl_fix_addr){ .addr = "127.0.0.1",
	    .plen = 8, .index = 1, .scope = VW_NL_RT_SCOPE_HOST,
	    .label = "lo" });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(a->scope, VW_NL_RT_SCOPE_HOST);
	ASSERT_EQ(a->peer.family, VW_AF_NONE);
	nl_fix_free(&b);
}

VW_TEST(test_addr_v6)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_ifaddr *a = &ev.u.addr;

	nl_fix_init(&b);
	nl_fix_addr(&b, &(struct nl_fix_addr){ .addr = "2001:db8:64::1",
	    .plen = 64, .index = 2, .ifa_flags = VW_NL_IFA_F_PERMANENT });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&a->addr, "2001:db8:64::1", 0));
	ASSERT_EQ(a->plen, 64);
	ASSERT_EQ(a->peer.family, VW_AF_NONE);
	ASSERT_EQ(a->flags, VW_NL_IFA_F_PERMANENT);
	ASSERT_STR_EQ(a->label, "");
	nl_fix_free(&b);

	nl_fix_init(&b);
	nl_fix_addr(&b, &(struct nl_fix_addr){ .addr = "fe80::ff:fe00:6401",
	    .plen = 64, .index = 2, .scope = VW_NL_RT_SCOPE_LINK });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&a->addr, "fe80::ff:fe00:6401", 2));
	ASSERT_EQ(a->scope, VW_NL_RT_SCOPE_LINK);
	nl_fix_free(&b);

	nl_fix_init(&b);
	nl_fix_addr(&b, &(struct nl_fix_addr){ .addr = "2001:db8:100::1",
	    .peer = "2001:db8:100::2", .plen = 128, .index = 5 });
	parse1(&b, &h, &ev, 1);
	ASSERT(ip_is(&a->addr, "2001:db8:100::1", 0));
	ASSERT(ip_is(&a->peer, "2001:db8:100::2", 0));
	ASSERT_EQ(a->peer_is_brd, 0);
	nl_fix_free(&b);

	/* Same IFA_LOCAL and IFA_ADDRESS: no peer. */
	nl_fix_init(&b);
	nl_fix_addr(&b, &(struct nl_fix_addr){ .addr = "2001:db8:100::1",
	    .peer = "2001:db8:100::1", .plen = 64, .index = 5 });
	parse1(&b, &h, &ev, 1);
	ASSERT_EQ(a->peer.family, VW_AF_NONE);
	nl_fix_free(&b);
}

/* ---- control messages, names, streams ------------------------------------ */

VW_TEST(test_nlmsg_error_done_noop)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t m;

	nl_fix_init(&b);
	nl_fix_error(&b, -17, 5, 4242);
	parse1(&b, &h, &ev, 0);
	ASSERT_EQ(h.type, VW_NL_NLMSG_ERROR);
	ASSERT_EQ(h.error, -17);
	ASSERT_EQ(h.seq, 5);
	nl_fix_free(&b);

	nl_fix_init(&b);
	nl_fix_error(&b, 0, 6, 4242);
	parse1(&b, &h, &ev, 0);
	ASSERT_EQ(h.error, 0);
	nl_fix_free(&b);

	nl_fix_init(&b);
	nl_fix_done(&b, 3, 4242);
	parse1(&b, &h, &ev, 0);
	ASSERT_EQ(h.type, VW_NL_NLMSG_DONE);
	ASSERT_EQ(h.flags, VW_NL_NLM_F_MULTI);
	ASSERT_EQ(h.error, 0);
	nl_fix_free(&b);

	/* A DONE that reports the dump failed; and one without payload. */
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_NLMSG_DONE, VW_NL_NLM_F_MULTI, 3, 1);
	nl_fix_put(&b, "\xfc\xff\xff\xff", 4);	/* -4: EINTR */
	nl_fix_end(&b, m);
	m = nl_fix_begin(&b, VW_NL_NLMSG_DONE, VW_NL_NLM_F_MULTI, 3, 1);
	nl_fix_end(&b, m);
	m = nl_fix_begin(&b, VW_NL_NLMSG_NOOP, 0, 0, 0);
	nl_fix_end(&b, m);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWRULE, 0, 0, 0);
	nl_fix_put(&b, NULL, 12);
	nl_fix_end(&b, m);
	{
		int rc, nev;
		struct vw_perr e;

		rc = vw_nl_parse(b.data, b.len, 0, &h, &ev, &nev, &e);
		ASSERT_EQ(rc, 20);
		ASSERT_EQ(h.error, -4);
		rc = vw_nl_parse(b.data + 20, b.len - 20, 20, &h, &ev, &nev,
		    &e);
		ASSERT_EQ(rc, 16);
		ASSERT_EQ(h.error, 0);
		ASSERT_EQ(nev, 0);
		rc = vw_nl_parse(b.data + 36, b.len - 36, 36, &h, &ev, &nev,
		    &e);
		ASSERT_EQ(rc, 16);
		ASSERT_EQ(h.type, VW_NL_NLMSG_NOOP);
		ASSERT_EQ(nev, 0);
		rc = vw_nl_parse(b.data + 52, b.len - 52, 52, &h, &ev, &nev,
		    &e);
		ASSERT_EQ(rc, 28);
		ASSERT_EQ(h.type, VW_NL_RTM_NEWRULE);
		ASSERT_EQ(nev, 0);
		ASSERT_EQ(52 + 28, b.len);
	}
	nl_fix_free(&b);
}

VW_TEST(test_type_names)
{
	ASSERT_STR_EQ(vw_nl_type_name(VW_NL_RTM_NEWROUTE), "RTM_NEWROUTE");
	ASSERT_STR_EQ(vw_nl_type_name(VW_NL_RTM_DELNEIGH), "RTM_DELNEIGH");
	ASSERT_STR_EQ(vw_nl_type_name(VW_NL_RTM_NEWLINK), "RTM_NEWLINK");
	ASSERT_STR_EQ(vw_nl_type_name(VW_NL_RTM_DELADDR), "RTM_DELADDR");
	ASSERT_STR_EQ(vw_nl_type_name(VW_NL_NLMSG_DONE), "NLMSG_DONE");
	ASSERT_STR_EQ(vw_nl_type_name(VW_NL_NLMSG_ERROR), "NLMSG_ERROR");
	ASSERT_STR_EQ(vw_nl_type_name(77), "RTM_#77");
	ASSERT_STR_EQ(vw_nl_type_name(65535), "RTM_#65535");
}

VW_TEST(test_dump_fixture)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_perr e;
	size_t off = 0;
	int rc, nev, counts[VW_EV__MAX] = { 0 }, dones = 0;
	uint32_t seq_of_kind[VW_EV__MAX] = { 0 };

	ASSERT_OK(nl_fix_by_name("nl-dump", &b));
	ASSERT_EQ(b.bad_off, -1);
	while (off < b.len) {
		rc = vw_nl_parse(b.data + off, b.len - off, off, &h, &ev,
		    &nev, &e);
		ASSERT_GE(rc, 1);
		if (h.type == VW_NL_NLMSG_DONE)
			dones++;
		if (nev == 1) {
			counts[ev.kind]++;
			seq_of_kind[ev.kind] = ev.origin.msg_seq;
			ASSERT_EQ(ev.origin.dump, 1);
			ASSERT_EQ(ev.origin.msg_off, off);
			ASSERT_EQ(ev.origin.msg_pid, 4242);
		}
		off += (size_t)rc;
	}
	ASSERT_EQ(off, b.len);
	ASSERT_EQ(dones, 4);
	ASSERT_EQ(counts[VW_EV_LINK_CHANGE], 5);
	ASSERT_EQ(counts[VW_EV_ADDR_ADD], 6);
	ASSERT_EQ(counts[VW_EV_ROUTE_ADD], 19);
	ASSERT_EQ(counts[VW_EV_NEIGH_ADD], 5);
	ASSERT_EQ(seq_of_kind[VW_EV_LINK_CHANGE], 1);
	ASSERT_EQ(seq_of_kind[VW_EV_ADDR_ADD], 2);
	ASSERT_EQ(seq_of_kind[VW_EV_ROUTE_ADD], 3);
	ASSERT_EQ(seq_of_kind[VW_EV_NEIGH_ADD], 4);
	nl_fix_free(&b);
}

VW_TEST(test_monitor_fixture)
{
	static const int want[] = { VW_EV_ROUTE_ADD, VW_EV_ROUTE_CHANGE,
	    VW_EV_ROUTE_DELETE, VW_EV_NEIGH_ADD, VW_EV_NEIGH_DELETE,
	    VW_EV_LINK_CHANGE, VW_EV_ADDR_DELETE, VW_EV_LINK_DELETE };
	struct nl_fix_buf b;
	struct vw_perr e;
	int kinds[16], n;
	size_t i, stop;

	ASSERT_OK(nl_fix_by_name("nl-monitor", &b));
	n = walk(b.data, b.len, kinds, 16, &stop, &e);
	ASSERT_EQ(n, (int)(sizeof(want) / sizeof(want[0])));
	ASSERT_EQ(stop, b.len);
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ASSERT_STR_EQ(vw_kind_name(kinds[i]), vw_kind_name(want[i]));
	nl_fix_free(&b);
	ASSERT_EQ(nl_fix_by_name("no-such-fixture", &b), VW_ENOENT);
}

VW_TEST(test_event_reuse_no_stale_fields)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t first;
	int rc, nev;
	struct vw_perr e;

	memset(&ev, 0xa5, sizeof(ev));
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.20.0.0",
	    .plen = 16, .mtu = 1400, .metric = 5, .prefsrc = "198.18.64.1",
	    .nnh = 2, .nh = { { .gw = "198.18.64.2", .oif = 2 },
	    { .gw = "198.18.64.3", .oif = 2 } } });
	first = b.len;
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.21.0.0",
	    .plen = 16, .rtype = VW_NL_RTN_BLACKHOLE });
	rc = vw_nl_parse(b.data, b.len, 0, &h, &ev, &nev, &e);
	ASSERT_EQ(rc, first);
	ASSERT_EQ(ev.u.route.nnh, 2);
	rc = vw_nl_parse(b.data + first, b.len - first, first, &h, &ev, &nev,
	    &e);
	ASSERT_EQ(nev, 1);
	ASSERT_EQ(ev.u.route.nnh, 0);
	ASSERT(ev.u.route.nh == NULL);
	ASSERT_EQ(ev.u.route.mtu, 0);
	ASSERT_EQ(ev.u.route.metric, 0);
	ASSERT_EQ(ev.u.route.prefsrc.family, VW_AF_NONE);
	ASSERT_EQ(ev.u.route.gw.family, VW_AF_NONE);
	ASSERT_EQ(ev.u.route.lgw.sdl_index, 0);
	ASSERT_EQ(ev.u.route.ifscope, 0);
	ASSERT_EQ(ev.origin.msg_errno, 0);
	ASSERT_EQ(ev.seq, 0);
	ASSERT_EQ(ev.time_us, 0);
	ASSERT_EQ(ev.origin.msg_off, first);
	nl_fix_free(&b);
}

/* ---- malformed input ----------------------------------------------------- */

VW_TEST(test_bad_named_fixtures)
{
	const char *const *name;
	struct nl_fix_buf b;
	struct vw_perr e;
	int kinds[4], rc, nbad = 0;
	size_t stop;

	for (name = nl_fix_names; *name != NULL; name++) {
		ASSERT_OK(nl_fix_by_name(*name, &b));
		memset(&e, 0, sizeof(e));
		rc = walk(b.data, b.len, kinds, 4, &stop, &e);
		if (strncmp(*name, "nl-bad-", 7) != 0) {
			ASSERT_EQ(b.bad_off, -1);
			ASSERT_GE(rc, 1);
			ASSERT_EQ(stop, b.len);
			nl_fix_free(&b);
			continue;
		}
		nbad++;
		if (rc != b.bad_code || (long long)stop != b.bad_off ||
		    e.off != (unsigned long long)b.bad_off ||
		    e.code != b.bad_code || e.msg[0] == '\0')
			VW__FAIL("%s: rc %s stop %zu e.off %llu (%s); want %s "
			    "at %lld", *name, vw_err_name(rc), stop, e.off,
			    e.msg, vw_err_name(b.bad_code), b.bad_off);
		ASSERT_GE(b.bad_off, 1);
		nl_fix_free(&b);
	}
	ASSERT_GE(nbad, 12);
}

/* A route built by nl_fix_route: TABLE at 28, DST at 36, then GATEWAY, OIF. */
static size_t
victim(struct nl_fix_buf *b, const char *dst, unsigned plen, const char *gw)
{
	nl_fix_init(b);
	return nl_fix_route(b, &(struct nl_fix_route){ .dst = dst,
	    .plen = (uint8_t)plen, .gw = gw, .oif = 2 });
}

VW_TEST(test_bad_header_and_lengths)
{
	struct nl_fix_buf b;
	struct vw_perr e;
	struct vw_nl_hdr h;
	struct vw_event ev;
	int rc, nev;

	/* Fewer than 16 bytes left. */
	nl_fix_init(&b);
	nl_fix_put(&b, "\x20\0\0\0\x18\0", 6);
	parse_fail(&b, VW_ETRUNC, &e);
	ASSERT(strstr(e.msg, "6 bytes") != NULL);
	nl_fix_free(&b);

	/* nlmsg_len below the header, reported at the caller's offset. */
	victim(&b, "198.19.0.0", 16, "198.18.64.2");
	nl_fix_set32(&b, 0, 12);
	memset(&e, 0, sizeof(e));
	rc = vw_nl_parse(b.data, b.len, 4096, &h, &ev, &nev, &e);
	ASSERT_EQ(rc, VW_EBADLEN);
	ASSERT_EQ(e.off, 4096);
	ASSERT(strstr(e.msg, "nlmsg_len 12") != NULL);
	nl_fix_set32(&b, 0, 0);
	parse_fail(&b, VW_EBADLEN, &e);

	/* nlmsg_len past the bytes left. */
	nl_fix_set32(&b, 0, (uint32_t)b.len + 4);
	parse_fail(&b, VW_ETRUNC, &e);
	nl_fix_set32(&b, 0, 0xffffffffu);
	parse_fail(&b, VW_ETRUNC, &e);
	nl_fix_free(&b);

	/* rtm_dst_len and ifa_prefixlen beyond the address size. */
	victim(&b, "198.19.0.0", 33, "198.18.64.2");
	parse_fail(&b, VW_EBADLEN, &e);
	nl_fix_free(&b);
	nl_fix_init(&b);
	nl_fix_addr(&b, &(struct nl_fix_addr){ .addr = "2001:db8::1",
	    .plen = 129, .index = 2 });
	parse_fail(&b, VW_EBADLEN, &e);
	nl_fix_free(&b);

	/* NLMSG_ERROR needs its 4-byte error code. */
	nl_fix_init(&b);
	nl_fix_end(&b, nl_fix_begin(&b, VW_NL_NLMSG_ERROR, 0, 1, 2));
	parse_fail(&b, VW_ETRUNC, &e);
	nl_fix_free(&b);
}

VW_TEST(test_bad_family_headers)
{
	static const struct { uint16_t type; size_t need; } t[] = {
		{ VW_NL_RTM_NEWROUTE, VW_NL_RTMSG_LEN },
		{ VW_NL_RTM_DELROUTE, VW_NL_RTMSG_LEN },
		{ VW_NL_RTM_NEWNEIGH, VW_NL_NDMSG_LEN },
		{ VW_NL_RTM_DELNEIGH, VW_NL_NDMSG_LEN },
		{ VW_NL_RTM_NEWLINK, VW_NL_IFINFOMSG_LEN },
		{ VW_NL_RTM_DELLINK, VW_NL_IFINFOMSG_LEN },
		{ VW_NL_RTM_NEWADDR, VW_NL_IFADDRMSG_LEN },
		{ VW_NL_RTM_DELADDR, VW_NL_IFADDRMSG_LEN },
	};
	struct nl_fix_buf b;
	struct vw_perr e;
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t i, m;
	int rc, nev;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		/* One 4-byte word short: rejected. */
		nl_fix_init(&b);
		m = nl_fix_begin(&b, t[i].type, 0, 0, 0);
		nl_fix_put(&b, NULL, t[i].need - 4);
		nl_fix_end(&b, m);
		nl_fix_put(&b, NULL, 64);	/* more bytes in the buffer */
		parse_fail(&b, VW_ETRUNC, &e);
		ASSERT(strstr(e.msg, "header does not fit") != NULL);
		nl_fix_free(&b);
		/* Exactly the header: accepted. */
		nl_fix_init(&b);
		m = nl_fix_begin(&b, t[i].type, 0, 0, 0);
		nl_fix_put(&b, NULL, t[i].need);
		nl_fix_end(&b, m);
		rc = vw_nl_parse(b.data, b.len, 0, &h, &ev, &nev, &e);
		ASSERT_EQ(rc, VW_NL_NLMSG_HDRLEN + t[i].need);
		nl_fix_free(&b);
	}
}

VW_TEST(test_bad_attributes)
{
	struct nl_fix_buf b;
	struct vw_perr e;
	struct vw_nl_hdr h;
	struct vw_event ev;
	size_t m, a;
	int rc, nev;

	/* rta_len below 4, named by its absolute offset. */
	victim(&b, "198.19.0.0", 16, "198.18.64.2");
	nl_fix_set16(&b, 36, 3);
	memset(&e, 0, sizeof(e));
	rc = vw_nl_parse(b.data, b.len, 1000, &h, &ev, &nev, &e);
	ASSERT_EQ(rc, VW_EBADATTR);
	ASSERT_EQ(e.off, 1000);
	if (strstr(e.msg, "offset 1036 (+36") == NULL)
		VW__FAIL("reason: %s", e.msg);
	nl_fix_set16(&b, 36, 0);
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);

	/* rta_len past the end of the message (the last attribute, OIF). */
	victim(&b, "198.19.0.0", 16, "198.18.64.2");
	nl_fix_set16(&b, 52, 12);
	parse_fail(&b, VW_EBADATTR, &e);
	ASSERT(strstr(e.msg, "offset 52") != NULL);
	nl_fix_free(&b);

	/* Bytes after the last attribute too few for a header. */
	victim(&b, "198.19.0.0", 16, "198.18.64.2");
	nl_fix_put(&b, NULL, 4);
	nl_fix_set32(&b, 0, (uint32_t)b.len - 2);
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);

	/* Address attributes whose size does not match the family. */
	victim(&b, "198.19.0.0", 16, "2001:db8::1");	/* 16-byte gw on v4 */
	parse_fail(&b, VW_EBADATTR, &e);
	ASSERT(strstr(e.msg, "offset 44") != NULL);
	nl_fix_free(&b);
	victim(&b, "2001:db8::", 32, "198.18.64.2");	/* 4-byte gw on v6 */
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .family = VW_NL_AF_INET,
	    .dst = "2001:db8::", .plen = 16 });		/* 16-byte dst on v4 */
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.19.0.0",
	    .plen = 16, .prefsrc = "2001:db8::1" });
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);
	nl_fix_init(&b);
	nl_fix_neigh(&b, &(struct nl_fix_neigh){ .family = VW_NL_AF_INET6,
	    .dst = "198.18.64.2", .ifindex = 2 });
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);
	nl_fix_init(&b);
	nl_fix_addr(&b, &(struct nl_fix_addr){ .family = VW_NL_AF_INET,
	    .addr = "2001:db8::1", .plen = 24, .index = 2 });
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);
	nl_fix_init(&b);
	nl_fix_addr(&b, &(struct nl_fix_addr){ .addr = "198.18.64.1",
	    .plen = 24, .index = 2, .broadcast = "2001:db8::ff" });
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);

	/* RTA_VIA: inet6 family with 4 address bytes; shorter than family. */
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWROUTE, 0, 0, 0);
	nl_fix_rtmsg(&b, VW_NL_AF_INET, 0, 254, 3, 0, 1, 0);
	nl_fix_attr(&b, VW_NL_RTA_VIA, "\x0a\x00\xc6\x12\x40\x02", 6);
	nl_fix_end(&b, m);
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWROUTE, 0, 0, 0);
	nl_fix_rtmsg(&b, VW_NL_AF_INET, 0, 254, 3, 0, 1, 0);
	nl_fix_attr(&b, VW_NL_RTA_VIA, "\x0a", 1);
	nl_fix_end(&b, m);
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);

	/* u32 attributes of the wrong size. */
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWROUTE, 0, 0, 0);
	nl_fix_rtmsg(&b, VW_NL_AF_INET, 0, 254, 3, 0, 1, 0);
	nl_fix_attr(&b, VW_NL_RTA_OIF, "\x02\x00", 2);
	nl_fix_end(&b, m);
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWLINK, 0, 0, 0);
	nl_fix_ifinfomsg(&b, 0, 1, 3, 0, 0);
	nl_fix_attr(&b, VW_NL_IFLA_MTU, "\xdc\x05\0\0\0\0\0\0", 8);
	nl_fix_end(&b, m);
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);

	/* Nested: RTA_METRICS member and IFLA_LINKINFO member too long. */
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWROUTE, 0, 0, 0);
	nl_fix_rtmsg(&b, VW_NL_AF_INET, 0, 254, 3, 0, 1, 0);
	a = nl_fix_nest_begin(&b, VW_NL_RTA_METRICS);
	nl_fix_attr_u32(&b, VW_NL_RTAX_MTU, 1400);
	nl_fix_nest_end(&b, a);
	nl_fix_attr_u32(&b, VW_NL_RTA_OIF, 2);
	nl_fix_end(&b, m);
	nl_fix_set16(&b, a + 4, 12);
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_set16(&b, a + 4, 6);		/* RTAX_MTU of 2 bytes */
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);
	ASSERT_OK(nl_fix_by_name("nl-bad-nested", &b));
	rc = walk(b.data, b.len, &nev, 1, &m, &e);
	ASSERT_EQ(rc, VW_EBADATTR);
	ASSERT_EQ(m, (size_t)b.bad_off);
	nl_fix_free(&b);
}

VW_TEST(test_bad_multipath)
{
	struct nl_fix_buf b;
	struct vw_perr e;
	size_t m, mp, nh;

	/* rtnh_len below 8, past RTA_MULTIPATH, and a 4-byte tail. */
	static const uint16_t lens[] = { 0, 7, 4, 17, 200 };
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		nl_fix_init(&b);
		m = nl_fix_begin(&b, VW_NL_RTM_NEWROUTE, 0, 0, 0);
		nl_fix_rtmsg(&b, VW_NL_AF_INET, 16, 254, 3, 0, 1, 0);
		nl_fix_attr_ip(&b, VW_NL_RTA_DST, "198.20.0.0");
		mp = nl_fix_nest_begin(&b, VW_NL_RTA_MULTIPATH);
		nh = nl_fix_rtnh_begin(&b, 0, 0, 2);
		nl_fix_attr_ip(&b, VW_NL_RTA_GATEWAY, "198.18.64.2");
		nl_fix_rtnh_end(&b, nh);
		nl_fix_nest_end(&b, mp);
		nl_fix_attr_u32(&b, VW_NL_RTA_PRIORITY, 1);
		nl_fix_end(&b, m);
		nl_fix_set16(&b, nh, lens[i]);
		parse_fail(&b, VW_EBADATTR, &e);
		ASSERT(strstr(e.msg, "rtnh_len") != NULL ||
		    strstr(e.msg, "RTA_MULTIPATH") != NULL);
		nl_fix_free(&b);
	}

	/* 4 stray bytes after the last next hop. */
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWROUTE, 0, 0, 0);
	nl_fix_rtmsg(&b, VW_NL_AF_INET, 16, 254, 3, 0, 1, 0);
	mp = nl_fix_nest_begin(&b, VW_NL_RTA_MULTIPATH);
	nh = nl_fix_rtnh_begin(&b, 0, 0, 2);
	nl_fix_rtnh_end(&b, nh);
	nl_fix_put(&b, "\x08\0\0\0", 4);
	nl_fix_nest_end(&b, mp);
	nl_fix_end(&b, m);
	parse_fail(&b, VW_EBADATTR, &e);
	ASSERT(strstr(e.msg, "rtnexthop truncated") != NULL);
	nl_fix_free(&b);

	/* A next hop's gateway of the wrong size; its nested rta_len bad. */
	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .dst = "198.20.0.0",
	    .plen = 16, .nnh = 2, .nh = { { .gw = "2001:db8::2", .oif = 2 },
	    { .gw = "198.18.64.3", .oif = 3 } } });
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWROUTE, 0, 0, 0);
	nl_fix_rtmsg(&b, VW_NL_AF_INET, 16, 254, 3, 0, 1, 0);
	mp = nl_fix_nest_begin(&b, VW_NL_RTA_MULTIPATH);
	nh = nl_fix_rtnh_begin(&b, 0, 0, 2);
	nl_fix_attr_ip(&b, VW_NL_RTA_GATEWAY, "198.18.64.2");
	nl_fix_rtnh_end(&b, nh);
	nl_fix_nest_end(&b, mp);
	nl_fix_end(&b, m);
	nl_fix_set16(&b, nh + 8, 9);
	parse_fail(&b, VW_EBADATTR, &e);
	nl_fix_free(&b);
}

VW_TEST(test_unaligned_lengths_and_pointers)
{
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_perr e;
	size_t m, m2, len;
	uint8_t *p;
	int rc, nev, kinds[64];

	/* The last message lacks its padding: step by what is there. */
	nl_fix_init(&b);
	m = nl_fix_begin(&b, VW_NL_RTM_NEWLINK, 0, 0, 0);
	nl_fix_ifinfomsg(&b, 0, 1, 3, VW_NL_IFF_UP, 0);
	nl_fix_attr_str(&b, VW_NL_IFLA_IFNAME, "vwbr0");
	nl_fix_attr_u8(&b, VW_NL_IFLA_OPERSTATE, VW_NL_IF_OPER_UP);
	nl_fix_end(&b, m);
	nl_fix_set32(&b, m, (uint32_t)b.len - 3);
	len = b.len - 3;
	p = malloc(len);
	ASSERT(p != NULL);
	memcpy(p, b.data, len);
	rc = vw_nl_parse(p, len, 0, &h, &ev, &nev, &e);
	ASSERT_EQ(rc, len);
	ASSERT_EQ(nev, 1);
	ASSERT_EQ(ev.u.link.operstate, VW_NL_IF_OPER_UP);
	ASSERT_STR_EQ(ev.u.link.name, "vwbr0");
	free(p);

	/* An unaligned nlmsg_len inside a buffer: the next one is aligned. */
	m2 = nl_fix_link(&b, &(struct nl_fix_link){ .index = 4,
	    .name = "vwpeer0" });
	ASSERT_EQ(m2 % 4, 0);
	ASSERT_EQ(walk(b.data, b.len, kinds, 64, &m, &e), 2);
	nl_fix_free(&b);

	/* Decoding from an odd address (no unaligned loads). */
	ASSERT_OK(nl_fix_by_name("nl-dump", &b));
	p = malloc(b.len + 1);
	ASSERT(p != NULL);
	memcpy(p + 1, b.data, b.len);
	ASSERT_EQ(walk(p + 1, b.len, kinds, 64, &m, &e), 35);
	free(p);
	nl_fix_free(&b);
}

/*
 * Every prefix of every fixture, in a malloc block of exactly that size
 * (ASan reports any read past it): a valid buffer cut at a message boundary
 * decodes cleanly up to the cut, cut anywhere else it stops at the start of
 * the cut message with VW_ETRUNC.
 */
VW_TEST(test_prefix_truncation_sweep)
{
	const char *const *name;
	struct nl_fix_buf b;
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_perr e;
	size_t *bounds, nb, off, L, stop, last;
	uint8_t *p;
	int rc, nev, kinds[1];

	for (name = nl_fix_names; *name != NULL; name++) {
		ASSERT_OK(nl_fix_by_name(*name, &b));
		bounds = calloc(b.len + 1, sizeof(*bounds));
		ASSERT(bounds != NULL);
		nb = 0;
		bounds[nb++] = 0;
		for (off = 0; off < b.len; ) {
			rc = vw_nl_parse(b.data + off, b.len - off, off, &h,
			    &ev, &nev, &e);
			if (rc < 0)
				break;
			off += (size_t)rc;
			bounds[nb++] = off;
		}
		for (L = 0; L <= b.len; L++) {
			p = malloc(L ? L : 1);
			ASSERT(p != NULL);
			memcpy(p, b.data, L);
			memset(&e, 0, sizeof(e));
			rc = walk(p, L, kinds, 1, &stop, &e);
			free(p);
			if (b.bad_off >= 0) {
				/* Broken fixtures: any clean refusal. */
				if (rc < 0)
					ASSERT(rc == VW_ETRUNC ||
					    rc == VW_EBADLEN ||
					    rc == VW_EBADATTR);
				continue;
			}
			for (last = 0, off = 0; off < nb; off++)
				if (bounds[off] <= L)
					last = bounds[off];
			if (last == L) {
				if (rc < 0)
					VW__FAIL("%s cut at %zu: %s (%s)",
					    *name, L, vw_err_name(rc), e.msg);
				ASSERT_EQ(stop, L);
			} else {
				if (rc != VW_ETRUNC || stop != last)
					VW__FAIL("%s cut at %zu: rc %s stop "
					    "%zu, want VW_ETRUNC at %zu",
					    *name, L, vw_err_name(rc), stop,
					    last);
			}
		}
		free(bounds);
		nl_fix_free(&b);
	}
}

/* Single-byte corruptions anywhere: a clean result or a clean refusal. */
VW_TEST(test_mutation_sweep)
{
	static const char *const names[] = { "nl-dump", "nl-monitor",
	    "nl-multipath" };
	struct nl_fix_buf b;
	struct vw_perr e;
	size_t i, n, stop;
	uint8_t *p, orig;
	int rc, v, kinds[1];

	for (n = 0; n < sizeof(names) / sizeof(names[0]); n++) {
		ASSERT_OK(nl_fix_by_name(names[n], &b));
		p = malloc(b.len);
		ASSERT(p != NULL);
		memcpy(p, b.data, b.len);
		for (i = 0; i < b.len; i++) {
			orig = p[i];
			for (v = 0; v < 3; v++) {
				p[i] = v == 0 ? 0x00 : v == 1 ? 0xff :
				    (uint8_t)(orig ^ 0x04);
				e.msg[0] = '\0';
				rc = walk(p, b.len, kinds, 1, &stop, &e);
				if (rc < 0) {
					ASSERT(rc == VW_ETRUNC ||
					    rc == VW_EBADLEN ||
					    rc == VW_EBADATTR);
					ASSERT(e.msg[0] != '\0');
					ASSERT(stop < b.len);
				}
			}
			p[i] = orig;
		}
		free(p);
		nl_fix_free(&b);
	}
}

VW_TEST_MAIN(test_route_v4_main, test_route_v6, test_route_default_v4_and_mask,
    test_route_tables, test_route_types, test_route_metrics_and_flags,
    test_route_replace_delete_dump,
    test_route_cloned_and_other_families_skipped,
    test_route_multipath_2_and_3, test_route_multipath_edge_cases,
    test_route_via, test_route_attr_order_and_repeats, test_neigh_states_v4,
    test_neigh_v6_router_proxy,
    test_neigh_skipped, test_link_fields, test_link_kinds,
    test_link_family_facets_skipped, test_addr_v4, test_addr_v6,
    test_nlmsg_error_done_noop, test_type_names, test_dump_fixture,
    test_monitor_fixture, test_event_reuse_no_stale_fields,
    test_bad_named_fixtures, test_bad_header_and_lengths,
    test_bad_family_headers, test_bad_attributes, test_bad_multipath,
    test_unaligned_lengths_and_pointers, test_prefix_truncation_sweep,
    test_mutation_sweep)
