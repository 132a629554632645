/* SPDX-License-Identifier: ISC */
/*
 * test_bsd_events.c - BSD routing messages as OS-neutral events
 * (vw_bsd_to_events): routes, ARP/ND neighbours, links, addresses, and
 * what carries no change; whole-table walks; and the hand-written netstat
 * text of bsd_fix checked row by row against the bytes it describes.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsd_fix.h"
#include "bsd_wire.h"
#include "vw_test.h"

#define DARWIN	VW_OS_DARWIN
#define FREEBSD	VW_OS_FREEBSD

/* ---- helpers ------------------------------------------------------------ */

/* Decode the one message at the start of b; it must succeed. */
static int
parse_ok(const struct bsd_buf *b, size_t off, struct vw_bsd_msg *m)
{
	struct vw_perr e;
	int r;

	memset(&e, 0, sizeof(e));
	r = vw_bsd_parse(b->os, b->b + off, b->len - off, off, m, &e);
	if (r <= 0)
		fprintf(stderr, "# parse at %zu: %s: %s\n", off,
		    vw_err_name(r), e.msg);
	return r;
}

static int
ip_is(const struct vw_ip *ip, const char *text)
{
	struct vw_ip want;

	if (vw_ip_parse(text, &want) != 0)
		return 0;
	return vw_ip_cmp(ip, &want) == 0;
}

static int
ll_is(const struct vw_lladdr *ll, const char *text)
{
	char buf[VW_LL_STRLEN];

	if (vw_ll_canon(ll, buf, sizeof(buf)) < 0)
		return 0;
	return strcmp(buf, text) == 0;
}

/* ---- events ------------------------------------------------------------- */

/* Decode message `idx` of a named fixture into events. */
static int
fixture_events(const char *name, size_t idx, struct vw_bsd_msg *m,
    struct vw_event *ev, int max)
{
	struct bsd_buf b;
	size_t off[128], n;
	int r;

	if (bsd_fix_by_name(name, &b) != 0)
		return -100;
	n = bsd_fix_offsets(&b, off, 128);
	if (idx >= n) {
		bsd_buf_free(&b);
		return -101;
	}
	r = parse_ok(&b, off[idx], m);
	/* Events are read from the bytes: translate before freeing them. */
	r = r <= 0 ? -102 : vw_bsd_to_events(m, BSD_FIX_NOW, ev, max);
	bsd_buf_free(&b);
	return r;
}

/* The index of the first RTM_GET2 in macos-dump (after IFLIST2). */
static size_t
macos_route(size_t k)
{
	struct bsd_buf b;
	size_t off[128], n, i;

	bsd_buf_init(&b, DARWIN);
	bsd_fix_macos_iflist2(&b);
	n = bsd_fix_offsets(&b, off, 128);
	bsd_buf_free(&b);
	(void)i;
	return n + k;
}

VW_TEST(test_events_routes)
{
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	const struct vw_route *r;

	/* default 192.168.178.1 UGScg en0 */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(0), &m, ev, 2), 1);
	r = &ev[0].u.route;
	ASSERT_EQ(ev[0].kind, VW_EV_ROUTE_ADD);
	ASSERT_EQ(ev[0].origin.os, DARWIN);
	ASSERT_EQ(ev[0].origin.dump, 1);
	ASSERT_EQ(ev[0].origin.msg_type, VW_RTM_DARWIN_GET2);
	ASSERT_EQ(ev[0].origin.msg_off, m.off);
	ASSERT(ip_is(&r->dst, "0.0.0.0"));
	ASSERT_EQ(r->plen, 0);
	ASSERT_EQ(r->gwkind, VW_GW_IP);
	ASSERT(ip_is(&r->gw, "192.168.178.1"));
	ASSERT(ip_is(&r->prefsrc, "192.168.178.50"));
	ASSERT_EQ(r->ifindex, 4);
	ASSERT_EQ(r->ifscope, 0);
	ASSERT_EQ(r->flags, VW_RTF_UP | VW_RTF_GATEWAY | VW_RTF_STATIC |
	    VW_RTF_PRCLONING | VW_RTF_GLOBAL);
	ASSERT_EQ(r->refcnt, 25);
	ASSERT_EQ(r->use, 84121);
	ASSERT_EQ(r->mtu, 1500);
	ASSERT_EQ(r->type, VW_RT_UNICAST);
	ASSERT_EQ(r->nnh, 0);

	/* default link#24 UCSIg bridge100: scoped, link gateway */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(1), &m, ev, 2), 1);
	r = &ev[0].u.route;
	ASSERT_EQ(r->plen, 0);
	ASSERT_EQ(r->gwkind, VW_GW_LINK);
	ASSERT_EQ(r->lgw.sdl_index, 24);
	ASSERT_EQ(r->lgw.sdl_type, VW_IFT_BRIDGE);
	ASSERT_EQ(r->lgw.ll.len, 0);
	ASSERT_EQ(r->ifscope, 24);
	ASSERT_EQ(r->expire, BSD_FIX_PAST);

	/* 17.253.144.10: host route (no mask), parentflags */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(2), &m, ev, 2), 1);
	ASSERT_EQ(ev[0].u.route.plen, 32);
	ASSERT_EQ(ev[0].u.route.parentflags, VW_RTF_UP | VW_RTF_GATEWAY |
	    VW_RTF_STATIC | VW_RTF_PRCLONING | VW_RTF_GLOBAL);

	/* 127/8 */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(3), &m, ev, 2), 1);
	ASSERT(ip_is(&ev[0].u.route.dst, "127.0.0.0"));
	ASSERT_EQ(ev[0].u.route.plen, 8);

	/* 192.168.178.1/32 is a net route with an all-ones mask */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(11), &m, ev, 2), 1);
	ASSERT_EQ(ev[0].u.route.plen, 32);
	ASSERT_EQ(ev[0].u.route.flags & VW_RTF_HOST, 0);

	/* 224.0.0/4: multicast type, /4 */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(13), &m, ev, 2), 1);
	ASSERT(ip_is(&ev[0].u.route.dst, "224.0.0.0"));
	ASSERT_EQ(ev[0].u.route.plen, 4);
	ASSERT_EQ(ev[0].u.route.type, VW_RT_MULTICAST);

	/* IPv6 default via fe80::1%en0 (KAME) */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(16), &m, ev, 2), 1);
	r = &ev[0].u.route;
	ASSERT(ip_is(&r->dst, "::"));
	ASSERT_EQ(r->plen, 0);
	ASSERT(ip_is(&r->gw, "fe80::1%4"));
	ASSERT(ip_is(&r->prefsrc, "fe80::1c2b:3aff:fe4d:5e6f%4"));

	/* fe80::%bridge100/64 */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(20), &m, ev, 2), 1);
	ASSERT(ip_is(&ev[0].u.route.dst, "fe80::%24"));
	ASSERT_EQ(ev[0].u.route.plen, 64);
	ASSERT_EQ(ev[0].u.route.ifscope, 24);
}

VW_TEST(test_events_route_details)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	static const struct { uint32_t f; int type; } types[] = {
		{ VW_RTF_BLACKHOLE | VW_RTF_REJECT, VW_RT_BLACKHOLE },
		{ VW_RTF_REJECT, VW_RT_UNREACHABLE },
		{ VW_RTF_BROADCAST, VW_RT_BROADCAST },
		{ VW_RTF_MULTICAST, VW_RT_MULTICAST },
		{ VW_RTF_LOCAL, VW_RT_LOCAL },
		{ VW_RTF_STATIC, VW_RT_UNICAST },
	};
	size_t i;

	/* dst masked to the prefix; RTM_CHANGE; FreeBSD: IFSCOPE ignored. */
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		bsd_buf_init(&b, FREEBSD);
		bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_CHANGE,
		    .index = 2, .flags = VW_RTF_UP | types[i].f |
		    VW_RTF_IFSCOPE, .addrs = VW_RTA_DST | VW_RTA_GATEWAY |
		    VW_RTA_NETMASK, .pid = 99, .seq = 4 });
		bsd_sa_in(&b, "198.18.77.77");
		bsd_sa_in(&b, "198.18.0.1");
		bsd_sa_mask4_full(&b, 23);
		bsd_end(&b, BSD_END_PADDED);
		ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
		ASSERT_EQ(vw_bsd_to_events(&m, BSD_FIX_NOW, ev, 2), 1);
		ASSERT_EQ(ev[0].kind, VW_EV_ROUTE_CHANGE);
		ASSERT(ip_is(&ev[0].u.route.dst, "198.18.76.0"));
		ASSERT_EQ(ev[0].u.route.plen, 23);
		ASSERT_EQ(ev[0].u.route.type, types[i].type);
		ASSERT_EQ(ev[0].u.route.ifscope, 0);
		ASSERT_EQ(ev[0].origin.dump, 0);
		ASSERT_EQ(ev[0].origin.msg_pid, 99);
		ASSERT_EQ(ev[0].origin.msg_seq, 4);
		/* The same message as a failed request: nothing. */
		bsd_set32(&b, 24, 17);		/* rtm_errno EEXIST */
		ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
		ASSERT_EQ(m.err, 17);
		ASSERT_EQ(vw_bsd_to_events(&m, BSD_FIX_NOW, ev, 2), 0);
		bsd_buf_free(&b);
	}

	/* The hijack: RTM_ADD by pid 812 via utun4, not a dump. */
	ASSERT_EQ(fixture_events("macos-hijack", 0, &m, ev, 2), 1);
	ASSERT_EQ(ev[0].kind, VW_EV_ROUTE_ADD);
	ASSERT_EQ(ev[0].origin.dump, 0);
	ASSERT_EQ(ev[0].origin.msg_pid, 812);
	ASSERT_EQ(ev[0].origin.msg_seq, 1);
	ASSERT(ip_is(&ev[0].u.route.dst, "192.168.64.0"));
	ASSERT_EQ(ev[0].u.route.plen, 24);
	ASSERT_EQ(ev[0].u.route.gwkind, VW_GW_LINK);
	ASSERT_STR_EQ(ev[0].u.route.lgw.name, "utun4");
	ASSERT_EQ(ev[0].u.route.ifindex, 19);

	/* Address removal: route.delete (msglen 135), then addr.delete. */
	ASSERT_EQ(fixture_events("macos-addr-gone", 0, &m, ev, 2), 1);
	ASSERT_EQ(ev[0].kind, VW_EV_ROUTE_DELETE);
	ASSERT_EQ(ev[0].u.route.plen, 24);
	ASSERT_EQ(ev[0].origin.msg_pid, 0);

	/* IPv6 flush: scoped ::/0 with a 28-byte 0xff mask. */
	ASSERT_EQ(fixture_events("macos-v6-flush", 0, &m, ev, 2), 1);
	ASSERT_EQ(ev[0].kind, VW_EV_ROUTE_DELETE);
	ASSERT(ip_is(&ev[0].u.route.dst, "::"));
	ASSERT_EQ(ev[0].u.route.plen, 0);
	ASSERT(ip_is(&ev[0].u.route.gw, "fe80::%13"));
	ASSERT_EQ(ev[0].u.route.ifscope, 13);
	ASSERT_EQ(ev[0].origin.msg_pid, 4334);

	/* No table change. */
	ASSERT_EQ(fixture_events("macos-miss", 0, &m, ev, 2), 0);
	ASSERT_EQ(fixture_events("macos-delmaddr-50", 0, &m, ev, 2), 0);
	ASSERT_EQ(fixture_events("macos-iflist2", 13, &m, ev, 2), 0);
	ASSERT_EQ(m.type, VW_RTM_DARWIN_NEWMADDR2);
}

VW_TEST(test_events_no_change_types)
{
	static const unsigned types[] = { VW_RTM_LOSING, VW_RTM_REDIRECT,
	    VW_RTM_MISS, VW_RTM_LOCK, VW_RTM_RESOLVE, 0x11 };
	struct bsd_buf b;
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	size_t i;

	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		bsd_buf_init(&b, DARWIN);
		bsd_rt(&b, &(struct bsd_rt){ .type = types[i],
		    .flags = VW_RTF_UP | VW_RTF_HOST | VW_RTF_LLINFO,
		    .addrs = VW_RTA_DST | VW_RTA_GATEWAY });
		bsd_sa_in(&b, "198.18.0.7");
		bsd_sa_dl_mac(&b, 4, VW_IFT_ETHER, "02:00:00:00:00:07");
		bsd_end(&b, BSD_END_RT_MSG1);
		ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
		ASSERT_EQ(vw_bsd_to_events(&m, BSD_FIX_NOW, ev, 2), 0);
		bsd_buf_free(&b);
	}
	/* max 0: nothing written. */
	ASSERT_EQ(fixture_events("macos-hijack", 0, &m, ev, 0), 0);
}

VW_TEST(test_events_arp_macos)
{
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	const struct vw_neigh *n;

	/* 192.168.64.1: own address moved to lo0 */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(7), &m, ev, 2), 2);
	ASSERT_EQ(ev[0].kind, VW_EV_ROUTE_ADD);
	ASSERT_EQ(ev[1].kind, VW_EV_NEIGH_ADD);
	n = &ev[1].u.neigh;
	ASSERT(ip_is(&n->addr, "192.168.64.1"));
	ASSERT(ll_is(&n->ll, "62:3e:5f:73:14:64"));
	ASSERT_EQ(n->sdl_type, VW_IFT_BRIDGE);
	ASSERT_EQ(n->ifindex, 1);
	ASSERT_EQ(n->expire, 0);
	ASSERT_EQ(n->state, VW_NUD_REACHABLE);
	ASSERT_EQ(n->nflags, 0);
	ASSERT_EQ(ev[1].origin.dump, 1);

	/* 192.168.64.2: the VM, 1088 s to go */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(8), &m, ev, 2), 2);
	n = &ev[1].u.neigh;
	ASSERT(ll_is(&n->ll, "8a:c3:94:0a:86:e2"));
	ASSERT_EQ(n->ifindex, 24);
	ASSERT_EQ(n->expire, BSD_FIX_NOW + 1088);
	ASSERT_EQ(n->state, VW_NUD_REACHABLE);
	ASSERT_EQ(n->flags & VW_RTF_LLINFO, VW_RTF_LLINFO);
	ASSERT_EQ(ev[0].u.route.plen, 32);
	ASSERT_EQ(ev[0].u.route.gwkind, VW_GW_LINK);

	/* 192.168.64.255: expired broadcast entry */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(9), &m, ev, 2), 2);
	ASSERT_EQ(ev[0].u.route.type, VW_RT_BROADCAST);
	ASSERT_EQ(ev[1].u.neigh.state, VW_NUD_STALE);
	ASSERT_EQ(ev[1].u.neigh.nflags, VW_NF_EXPIRED);

	/* 192.168.178.1: the router */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(12), &m, ev, 2), 2);
	ASSERT_EQ(ev[1].u.neigh.nflags, VW_NF_ROUTER);
	ASSERT_EQ(ev[1].u.neigh.sdl_type, VW_IFT_ETHER);

	/* 224.0.0.251: 14-byte multicast sockaddr_dl */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(14), &m, ev, 2), 2);
	ASSERT(ll_is(&ev[1].u.neigh.ll, "01:00:5e:00:00:fb"));
	ASSERT_EQ(ev[1].u.neigh.sdl_type, VW_IFT_ETHER);

	/* ::1 ::1 UHL: LLINFO but no link-layer gateway: a route only */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(17), &m, ev, 2), 1);
	/* fe80::1%lo0 link#1 UHLI: incomplete neighbour */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(19), &m, ev, 2), 2);
	ASSERT_EQ(ev[1].u.neigh.state, VW_NUD_INCOMPLETE);
	ASSERT(ip_is(&ev[1].u.neigh.addr, "fe80::1%1"));

	/* max 1: the route only */
	ASSERT_EQ(fixture_events("macos-dump", macos_route(8), &m, ev, 1), 1);
	ASSERT_EQ(ev[0].kind, VW_EV_ROUTE_ADD);

	/* arp -d: RTF_LLINFO cleared, still a neighbour delete */
	ASSERT_EQ(fixture_events("macos-arp-delete", 0, &m, ev, 2), 2);
	ASSERT_EQ(m.flags & VW_RTF_LLINFO, 0);
	ASSERT_EQ(ev[0].kind, VW_EV_ROUTE_DELETE);
	ASSERT_EQ(ev[1].kind, VW_EV_NEIGH_DELETE);
	ASSERT(ip_is(&ev[1].u.neigh.addr, "192.168.64.2"));
	ASSERT(ll_is(&ev[1].u.neigh.ll, "8a:c3:94:0a:86:e2"));
	ASSERT_EQ(ev[1].origin.msg_pid, 4242);

	/* arp -s: the RTM_ADD echo, a static neighbour */
	ASSERT_EQ(fixture_events("macos-arp-set", 0, &m, ev, 2), 2);
	ASSERT_EQ(ev[0].kind, VW_EV_ROUTE_ADD);
	ASSERT_EQ(ev[0].u.route.ifscope, 24);
	ASSERT_EQ(ev[1].kind, VW_EV_NEIGH_ADD);
	ASSERT(ip_is(&ev[1].u.neigh.addr, "192.168.64.9"));
	ASSERT_EQ(ev[1].u.neigh.state, VW_NUD_PERMANENT);
	ASSERT_EQ(ev[1].origin.msg_pid, 4243);

	/* A host route via a MAC-less sockaddr_dl (utun4): no neighbour */
	ASSERT_EQ(fixture_events("macos-hijack", 0, &m, ev, 2), 1);
}

VW_TEST(test_events_neigh_states)
{
	static const struct {
		uint32_t flags;
		const char *mac;
		int64_t expire;
		int state, nflags;
	} c[] = {
		{ 0, NULL, 0, VW_NUD_INCOMPLETE, 0 },
		{ VW_RTF_REJECT, NULL, BSD_FIX_NOW + 20, VW_NUD_FAILED, 0 },
		{ VW_RTF_STATIC, "02:00:00:00:00:01", 0, VW_NUD_PERMANENT, 0 },
		{ VW_RTF_STATIC, "02:00:00:00:00:01", BSD_FIX_NOW - 1,
		    VW_NUD_PERMANENT, VW_NF_EXPIRED },
		{ 0, "02:00:00:00:00:01", BSD_FIX_NOW, VW_NUD_STALE,
		    VW_NF_EXPIRED },
		{ 0, "02:00:00:00:00:01", BSD_FIX_NOW + 1, VW_NUD_REACHABLE,
		    0 },
		{ VW_RTF_ROUTER, "02:00:00:00:00:01", 0, VW_NUD_REACHABLE,
		    VW_NF_ROUTER },
	};
	struct bsd_buf b;
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		bsd_buf_init(&b, DARWIN);
		bsd_rt2(&b, &(struct bsd_rt){ .type = VW_RTM_DARWIN_GET2,
		    .index = 4, .flags = VW_RTF_UP | VW_RTF_HOST |
		    VW_RTF_LLINFO | c[i].flags, .expire = c[i].expire,
		    .addrs = VW_RTA_DST | VW_RTA_GATEWAY });
		bsd_sa_in(&b, "198.18.0.33");
		bsd_sa_dl_mac(&b, 4, VW_IFT_ETHER, c[i].mac);
		bsd_end(&b, BSD_END_PADDED);
		ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
		ASSERT_EQ(vw_bsd_to_events(&m, BSD_FIX_NOW, ev, 2), 2);
		ASSERT_EQ(ev[1].u.neigh.state, c[i].state);
		ASSERT_EQ(ev[1].u.neigh.nflags, c[i].nflags);
		bsd_buf_free(&b);
	}
}

VW_TEST(test_events_freebsd_neigh)
{
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	static const struct { const char *ip, *mac; int state; } arp[] = {
		{ "10.0.2.2", "52:54:00:12:35:02", VW_NUD_REACHABLE },
		{ "10.0.2.15", "08:00:27:aa:bb:cc", VW_NUD_PERMANENT },
		{ "192.168.64.5", "", VW_NUD_INCOMPLETE },
		{ "192.168.64.7", "58:9c:fc:00:00:07", VW_NUD_STALE },
	};
	struct bsd_buf b;
	size_t i;

	/* The lltable dump: 224-byte entries, neighbours only. */
	ASSERT_OK(bsd_fix_by_name("freebsd-arp", &b));
	ASSERT_EQ(b.len, 4 * 224);
	bsd_buf_free(&b);
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(fixture_events("freebsd-arp", i, &m, ev, 2), 1);
		ASSERT_EQ(m.msglen, 224);
		ASSERT_EQ(ev[0].kind, VW_EV_NEIGH_ADD);
		ASSERT(ip_is(&ev[0].u.neigh.addr, arp[i].ip));
		if (arp[i].mac[0] != '\0')
			ASSERT(ll_is(&ev[0].u.neigh.ll, arp[i].mac));
		else
			ASSERT_EQ(ev[0].u.neigh.ll.len, 0);
		ASSERT_EQ(ev[0].u.neigh.state, arp[i].state);
		ASSERT_EQ(ev[0].u.neigh.nflags & VW_NF_ROUTER, 0);
	}
	/* ND: RTM_ADD / RTM_DELETE with HOST|LLDATA */
	ASSERT_EQ(fixture_events("freebsd-nd", 0, &m, ev, 2), 1);
	ASSERT_EQ(ev[0].kind, VW_EV_NEIGH_ADD);
	ASSERT(ip_is(&ev[0].u.neigh.addr, "fe80::5054:ff:fe12:3456%1"));
	ASSERT_EQ(ev[0].origin.dump, 0);
	ASSERT_EQ(fixture_events("freebsd-nd", 1, &m, ev, 2), 1);
	ASSERT_EQ(ev[0].kind, VW_EV_NEIGH_DELETE);
	ASSERT(ll_is(&ev[0].u.neigh.ll, "52:54:00:12:34:56"));
}

VW_TEST(test_events_links)
{
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	const struct vw_link *l;

	/* RTM_IFINFO with IFF_UP cleared, RUNNING still set */
	ASSERT_EQ(fixture_events("macos-ifdown", 0, &m, ev, 2), 1);
	l = &ev[0].u.link;
	ASSERT_EQ(ev[0].kind, VW_EV_LINK_CHANGE);
	ASSERT_EQ(l->index, 24);
	ASSERT_EQ(l->lflags & VW_LF_UP, 0);
	ASSERT_EQ(l->lflags, VW_LF_RUNNING | VW_LF_BROADCAST |
	    VW_LF_MULTICAST);
	ASSERT_EQ(l->flags, 0x8862);
	ASSERT_EQ(l->type, VW_LT_BRIDGE);
	ASSERT_EQ(l->os_type, VW_IFT_BRIDGE);
	ASSERT_EQ(l->mtu, 1500);
	ASSERT_STR_EQ(l->name, "");
	ASSERT_EQ(l->have, VW_LH_MTU | VW_LH_TYPE);
	ASSERT_EQ(ev[0].origin.dump, 0);

	/* IFINFO2 entries with their IFP: lo0, en0, utun4, bridge100 */
	ASSERT_EQ(fixture_events("macos-iflist2", 0, &m, ev, 2), 1);
	l = &ev[0].u.link;
	ASSERT_STR_EQ(l->name, "lo0");
	ASSERT_EQ(l->type, VW_LT_LOOPBACK);
	ASSERT_EQ(l->lflags, VW_LF_UP | VW_LF_LOOPBACK | VW_LF_RUNNING |
	    VW_LF_MULTICAST);
	ASSERT_EQ(l->have, VW_LH_MTU | VW_LH_TYPE | VW_LH_NAME);
	ASSERT_EQ(ev[0].origin.dump, 1);
	ASSERT_EQ(fixture_events("macos-iflist2", 4, &m, ev, 2), 1);
	l = &ev[0].u.link;
	ASSERT_STR_EQ(l->name, "en0");
	ASSERT_EQ(l->index, 4);
	ASSERT_EQ(l->type, VW_LT_ETHER);
	ASSERT(ll_is(&l->ll, "f0:18:98:12:34:56"));
	ASSERT_EQ(l->have, VW_LH_MTU | VW_LH_TYPE | VW_LH_NAME | VW_LH_LL);
	ASSERT_EQ(fixture_events("macos-iflist2", 8, &m, ev, 2), 1);
	ASSERT_STR_EQ(ev[0].u.link.name, "utun4");
	ASSERT_EQ(ev[0].u.link.type, VW_LT_TUNNEL);
	ASSERT_EQ(ev[0].u.link.lflags & VW_LF_P2P, VW_LF_P2P);
	ASSERT_EQ(ev[0].u.link.mtu, 1380);
	ASSERT_EQ(fixture_events("macos-iflist2", 10, &m, ev, 2), 1);
	ASSERT_STR_EQ(ev[0].u.link.name, "bridge100");
	ASSERT_EQ(ev[0].u.link.index, 24);

	/* FreeBSD: link state UP is LOWER_UP; lo0 state unknown */
	ASSERT_EQ(fixture_events("freebsd-iflist", 0, &m, ev, 2), 1);
	ASSERT_EQ(ev[0].u.link.lflags & VW_LF_LOWER_UP, VW_LF_LOWER_UP);
	ASSERT_STR_EQ(ev[0].u.link.name, "em0");
	ASSERT_EQ(fixture_events("freebsd-iflist", 4, &m, ev, 2), 1);
	ASSERT_STR_EQ(ev[0].u.link.name, "lo0");
	ASSERT_EQ(ev[0].u.link.lflags & VW_LF_LOWER_UP, 0);

	/* RTM_IFANNOUNCE */
	ASSERT_EQ(fixture_events("freebsd-ifannounce", 0, &m, ev, 2), 1);
	ASSERT_EQ(ev[0].kind, VW_EV_LINK_ADD);
	ASSERT_EQ(ev[0].u.link.index, 5);
	ASSERT_STR_EQ(ev[0].u.link.name, "tap0");
	ASSERT_EQ(ev[0].u.link.have, VW_LH_NAME);
	ASSERT_EQ(fixture_events("freebsd-ifannounce", 1, &m, ev, 2), 1);
	ASSERT_EQ(ev[0].kind, VW_EV_LINK_DELETE);
	ASSERT_STR_EQ(ev[0].u.link.name, "tap0");
}

VW_TEST(test_events_addrs)
{
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	const struct vw_ifaddr *a;

	/* RTM_DELADDR after the route: IFP names it */
	ASSERT_EQ(fixture_events("macos-addr-gone", 1, &m, ev, 2), 1);
	a = &ev[0].u.addr;
	ASSERT_EQ(ev[0].kind, VW_EV_ADDR_DELETE);
	ASSERT(ip_is(&a->addr, "192.168.64.1"));
	ASSERT_EQ(a->plen, 24);
	ASSERT(ip_is(&a->peer, "192.168.64.255"));
	ASSERT_EQ(a->peer_is_brd, 1);
	ASSERT_EQ(a->ifindex, 24);
	ASSERT_STR_EQ(a->label, "bridge100");

	ASSERT_EQ(fixture_events("macos-addr-add", 0, &m, ev, 2), 1);
	ASSERT_EQ(ev[0].kind, VW_EV_ADDR_ADD);
	ASSERT_EQ(fixture_events("macos-addr-add", 1, &m, ev, 2), 1);
	ASSERT_EQ(ev[0].kind, VW_EV_ROUTE_ADD);

	/* utun4: RTA_BRD is the point-to-point peer */
	ASSERT_EQ(fixture_events("macos-iflist2", 9, &m, ev, 2), 1);
	a = &ev[0].u.addr;
	ASSERT(ip_is(&a->addr, "10.9.0.2"));
	ASSERT(ip_is(&a->peer, "10.9.0.1"));
	ASSERT_EQ(a->peer_is_brd, 0);
	ASSERT_EQ(a->ifindex, 19);

	/* IPv6 link-local with KAME scope, /64 from a full in6 mask */
	ASSERT_EQ(fixture_events("macos-iflist2", 3, &m, ev, 2), 1);
	a = &ev[0].u.addr;
	ASSERT(ip_is(&a->addr, "fe80::1%1"));
	ASSERT_EQ(a->plen, 64);
	ASSERT_EQ(a->peer.family, VW_AF_NONE);

	/* FreeBSD full masks */
	ASSERT_EQ(fixture_events("freebsd-iflist", 1, &m, ev, 2), 1);
	ASSERT(ip_is(&ev[0].u.addr.addr, "10.0.2.15"));
	ASSERT_EQ(ev[0].u.addr.plen, 24);
	ASSERT_EQ(ev[0].u.addr.peer_is_brd, 1);
}

/* ---- whole buffers ------------------------------------------------------ */

struct walk_count {
	int msgs, routes, neighs, links, addrs, none;
	int by_type[32];
};

static void
walk_all(const struct bsd_buf *b, struct walk_count *c)
{
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	size_t off = 0;
	int r, n, i;

	memset(c, 0, sizeof(*c));
	while (off < b->len) {
		r = parse_ok(b, off, &m);
		ASSERT_GE(r, 1);
		ASSERT_EQ(m.sa_short, 0);
		c->msgs++;
		c->by_type[m.type & 31]++;
		n = vw_bsd_to_events(&m, BSD_FIX_NOW, ev, 2);
		if (n == 0)
			c->none++;
		for (i = 0; i < n; i++) {
			ASSERT_EQ(ev[i].origin.msg_off, off);
			switch (vw_kind_obj(ev[i].kind)) {
			case VW_OBJ_ROUTE: c->routes++; break;
			case VW_OBJ_NEIGH: c->neighs++; break;
			case VW_OBJ_LINK: c->links++; break;
			case VW_OBJ_ADDR: c->addrs++; break;
			default: ASSERT(0);
			}
		}
		off += (size_t)r;
	}
	ASSERT_EQ(off, b->len);
}

VW_TEST(test_table_walk_macos)
{
	struct bsd_buf b;
	struct walk_count c;

	bsd_buf_init(&b, DARWIN);
	bsd_fix_macos_table(&b);
	walk_all(&b, &c);
	ASSERT_EQ(c.by_type[VW_RTM_DARWIN_IFINFO2], 4);
	ASSERT_EQ(c.by_type[VW_RTM_NEWADDR], 9);
	ASSERT_EQ(c.by_type[VW_RTM_DARWIN_NEWMADDR2], 1);
	ASSERT_EQ(c.by_type[VW_RTM_DARWIN_GET2], 21);
	ASSERT_EQ(c.msgs, 35);
	ASSERT_EQ(c.routes, 21);
	ASSERT_EQ(c.neighs, 6);	/* .1 .2 .255 178.1 224.0.0.251 fe80::1 */
	ASSERT_EQ(c.links, 4);
	ASSERT_EQ(c.addrs, 9);
	ASSERT_EQ(c.none, 1);
	bsd_buf_free(&b);
}

VW_TEST(test_table_walk_freebsd)
{
	struct bsd_buf b;
	struct walk_count c;

	bsd_buf_init(&b, FREEBSD);
	bsd_fix_freebsd_table(&b);
	bsd_fix_freebsd_arp(&b);
	walk_all(&b, &c);
	ASSERT_EQ(c.by_type[VW_RTM_IFINFO], 3);
	ASSERT_EQ(c.by_type[VW_RTM_NEWADDR], 7);
	ASSERT_EQ(c.by_type[VW_RTM_GET], 13 + 4);
	ASSERT_EQ(c.routes, 13);
	ASSERT_EQ(c.neighs, 4);
	ASSERT_EQ(c.links, 3);
	ASSERT_EQ(c.addrs, 7);
	ASSERT_EQ(b.len % 8, 0);	/* every FreeBSD message 8-aligned */
	bsd_buf_free(&b);
}

/* ---- the expected netstat text against the fixture bytes ---------------- */

/* netstat's flag letters (reference 5.2 macOS, 5.6 FreeBSD). */
static void
flag_letters(int os, uint32_t f, char *out)
{
	static const struct { uint32_t bit; char c; } mac[] = {
		{ 0x1, 'U' }, { 0x2, 'G' }, { 0x4, 'H' }, { 0x8, 'R' },
		{ 0x10, 'D' }, { 0x20, 'M' }, { 0x800000, 'm' }, { 0x40, 'd' },
		{ 0x100, 'C' }, { 0x200, 'X' }, { 0x400, 'L' }, { 0x800, 'S' },
		{ 0x8000, '1' }, { 0x4000, '2' }, { 0x20000, 'W' },
		{ 0x10000, 'c' }, { 0x40000, '3' }, { 0x1000, 'B' },
		{ 0x400000, 'b' }, { 0x1000000, 'I' }, { 0x4000000, 'i' },
		{ 0x8000000, 'Y' }, { 0x10000000, 'r' }, { 0x40000000, 'g' },
	}, fbsd[] = {
		{ 0x1, 'U' }, { 0x2, 'G' }, { 0x4, 'H' }, { 0x8, 'R' },
		{ 0x10, 'D' }, { 0x20, 'M' }, { 0x40, 'd' }, { 0x200, 'X' },
		{ 0x800, 'S' }, { 0x8000, '1' }, { 0x4000, '2' },
		{ 0x40000, '3' }, { 0x1000, 'B' }, { 0x400000, 'b' },
		{ 0x400, 'L' },
	};
	size_t i, n = os == DARWIN ? sizeof(mac) / sizeof(mac[0]) :
	    sizeof(fbsd) / sizeof(fbsd[0]);

	for (i = 0; i < n; i++)
		if (f & (os == DARWIN ? mac[i].bit : fbsd[i].bit))
			*out++ = os == DARWIN ? mac[i].c : fbsd[i].c;
	*out = '\0';
}

/* Column k (0-based) of a row split on runs of blanks. */
static int
column(const char *row, int k, char *out, size_t len)
{
	const char *p = row, *s;
	int i = 0;

	for (;;) {
		while (*p == ' ')
			p++;
		if (*p == '\0')
			return -1;
		s = p;
		while (*p != ' ' && *p != '\0')
			p++;
		if (i++ == k) {
			if ((size_t)(p - s) >= len)
				return -1;
			memcpy(out, s, (size_t)(p - s));
			out[p - s] = '\0';
			return 0;
		}
	}
}

/* Not a route row: "", "Internet6:", the column header. */
static int
is_row(const char *s)
{
	size_t n = strlen(s);

	return n > 0 && s[n - 1] != ':' && strncmp(s, "Destination", 11) != 0;
}

/*
 * vw_bsd_to_events() has a fast path for IPv4 dump entries; on every
 * message of every fixture (and the two tables) it must write exactly what
 * the general path writes.
 */
static void
same_events_all(const struct bsd_buf *b)
{
	struct vw_event fast[2], gen[2];
	struct vw_bsd_msg m;
	struct vw_perr e;
	size_t off = 0;
	int r, n, i, max;

	while (off < b->len) {
		r = vw_bsd_parse(b->os, b->b + off, b->len - off, off, &m, &e);
		if (r == VW_ESKIP) {
			off += m.msglen;
			continue;
		}
		if (r <= 0)
			break;
		for (max = 0; max <= 2; max++) {
			memset(fast, 0x77, sizeof(fast));
			memset(gen, 0x11, sizeof(gen));
			n = vw_bsd_to_events(&m, BSD_FIX_NOW, fast, max);
			ASSERT_EQ(vw__bsd_to_events_general(&m, BSD_FIX_NOW,
			    gen, max), n);
			ASSERT(n <= max);
			for (i = 0; i < n; i++)
				ASSERT_MEM_EQ(&fast[i], &gen[i],
				    offsetof(struct vw_event, old));
		}
		off += (size_t)r;
	}
}

VW_TEST(test_fast_path_events)
{
	const struct bsd_fix *f;
	struct bsd_buf b;
	size_t n, i;

	f = bsd_fix_all(&n);
	for (i = 0; i < n; i++) {
		ASSERT_OK(bsd_fix_by_name(f[i].name, &b));
		same_events_all(&b);
		bsd_buf_free(&b);
	}
	bsd_buf_init(&b, DARWIN);
	bsd_fix_macos_table(&b);
	same_events_all(&b);
	bsd_buf_free(&b);
	bsd_buf_init(&b, FREEBSD);
	bsd_fix_freebsd_table(&b);
	bsd_fix_freebsd_arp(&b);
	same_events_all(&b);
	bsd_buf_free(&b);
}

/*
 * Each row of an expected table against its route entry: flags, Netif,
 * Expire and (for link gateways and host destinations) the gateway and
 * destination columns; rows hidden without -a must be the cloned ones.
 */
static void
check_rows(const struct bsd_buf *b, const char *const *rows, int all)
{
	char names[64][VW_IFNAMSIZ], col[64], want[64];
	struct vw_bsd_msg m;
	struct vw_linkgw l;
	struct vw_ip ip;
	size_t off = 0;
	int r, row = 0, hidden;

	memset(names, 0, sizeof(names));
	for (; rows[row] != NULL; row++)
		if (strncmp(rows[row], "Destination", 11) == 0)
			break;
	ASSERT(rows[row] != NULL);
	row++;
	while (off < b->len) {
		r = parse_ok(b, off, &m);
		ASSERT_GE(r, 1);
		off += (size_t)r;
		if ((m.hdr == VW_BH_IF || m.hdr == VW_BH_IF2) &&
		    vw_bsd_sa_link(&m, VW_RTAX_IFP, &l) == 0 && m.index < 64)
			memcpy(names[m.index], l.name, VW_IFNAMSIZ);
		if (m.hdr != VW_BH_RT && m.hdr != VW_BH_RT2)
			continue;
		hidden = m.os == DARWIN && (m.flags & VW_RTF_WASCLONED) &&
		    (m.parentflags & VW_RTF_PRCLONING);
		if (hidden && !all)
			continue;
		/* Skip section breaks: "", "Internet6:", the header. */
		while (rows[row] != NULL && !is_row(rows[row]))
			row++;
		ASSERT(rows[row] != NULL);
		flag_letters(m.os, (uint32_t)m.flags, want);
		ASSERT_OK(column(rows[row], 2, col, sizeof(col)));
		if (strcmp(col, want) != 0)
			VW__FAIL("row \"%s\": flags %s, bytes say %s",
			    rows[row], col, want);
		ASSERT_OK(column(rows[row], 3, col, sizeof(col)));
		ASSERT(m.index < 64);
		if (strcmp(col, names[m.index]) != 0)
			VW__FAIL("row \"%s\": netif %s, index %u is %s",
			    rows[row], col, m.index, names[m.index]);
		if (m.expire == 0 || (m.os == FREEBSD &&
		    m.expire <= BSD_FIX_NOW))
			want[0] = '\0';
		else if (m.expire <= BSD_FIX_NOW)
			snprintf(want, sizeof(want), "!");
		else
			snprintf(want, sizeof(want), "%lld",
			    (long long)(m.expire - BSD_FIX_NOW));
		if (column(rows[row], 4, col, sizeof(col)) != 0)
			col[0] = '\0';
		ASSERT_STR_EQ(col, want);
		ASSERT_OK(column(rows[row], 1, col, sizeof(col)));
		if (m.sa[VW_RTAX_GATEWAY].kind == VW_SA_LINK) {
			ASSERT_OK(vw_bsd_sa_link(&m, VW_RTAX_GATEWAY, &l));
			if (l.ll.len == 0 && l.name[0] == '\0')
				snprintf(want, sizeof(want), "link#%u",
				    l.sdl_index);
			else if (l.ll.len == 0)
				snprintf(want, sizeof(want), "%s", l.name);
			else if (m.os == FREEBSD)
				vw_ll_canon(&l.ll, want, sizeof(want));
			else if (l.sdl_type == VW_IFT_ETHER)
				vw_ll_colon_nopad(&l.ll, want, sizeof(want));
			else
				vw_ll_dots(&l.ll, want, sizeof(want));
			ASSERT_STR_EQ(col, want);
		} else {
			ASSERT_OK(vw_bsd_sa_ip(&m, VW_RTAX_GATEWAY, &ip));
			if (ip.scope == 0) {
				vw_ip_str(&ip, want, sizeof(want));
				ASSERT_STR_EQ(col, want);
			}
		}
		ASSERT_OK(vw_bsd_sa_ip(&m, VW_RTAX_DST, &ip));
		if ((m.flags & VW_RTF_HOST) && ip.scope == 0) {
			ASSERT_OK(column(rows[row], 0, col, sizeof(col)));
			vw_ip_str(&ip, want, sizeof(want));
			ASSERT_STR_EQ(col, want);
		}
		row++;
	}
	ASSERT(rows[row] == NULL);
}

VW_TEST(test_expected_text_matches_bytes)
{
	struct bsd_buf b;
	size_t n, na;

	for (n = 0; bsd_fix_macos_netstat_expected[n] != NULL; n++)
		;
	for (na = 0; bsd_fix_macos_netstat_a_expected[na] != NULL; na++)
		;
	ASSERT_EQ(na, n + 1);
	ASSERT_STR_EQ(bsd_fix_macos_netstat_expected[0], "Routing tables");
	/* Every macOS row is exactly as wide as its header plus nothing. */
	ASSERT_EQ(strlen(bsd_fix_macos_netstat_expected[3]), 70);
	ASSERT_EQ(strlen(bsd_fix_macos_netstat_expected[4]), 70);

	bsd_buf_init(&b, DARWIN);
	bsd_fix_macos_table(&b);
	check_rows(&b, bsd_fix_macos_netstat_expected, 0);
	check_rows(&b, bsd_fix_macos_netstat_a_expected, 1);
	bsd_buf_free(&b);

	bsd_buf_init(&b, FREEBSD);
	bsd_fix_freebsd_table(&b);
	check_rows(&b, bsd_fix_freebsd_netstat_expected, 1);
	bsd_buf_free(&b);
}

VW_TEST_MAIN(test_events_routes, test_events_route_details,
    test_events_no_change_types, test_events_arp_macos,
    test_events_neigh_states, test_events_freebsd_neigh, test_events_links,
    test_events_addrs, test_table_walk_macos, test_table_walk_freebsd,
    test_fast_path_events, test_expected_text_matches_bytes)
