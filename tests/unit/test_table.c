/* SPDX-License-Identifier: ISC */
/*
 * vw_table: keys per OS, diffs, links/neighbours/addresses, resync, sorted
 * snapshots, longest-prefix match, and a randomised check against a naive
 * model.  Events are built by hand; only the public API is used.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vw_addr.h"
#include "vw_error.h"
#include "vw_event.h"
#include "vw_table.h"
#include "vw_test.h"

#define RTF_GATEWAY	0x2
#define RTF_HOST	0x4
#define RTF_STATIC	0x800
#define RTF_IFSCOPE	0x1000000

/* ---- helpers ------------------------------------------------------------ */

#define REC_MAX	64

struct rec {
	int		n;
	struct vw_event	ev[REC_MAX];
};

static void
rec_cb(const struct vw_event *d, void *arg)
{
	struct rec *r = arg;

	if (r->n < REC_MAX)
		r->ev[r->n] = *d;
	r->n++;
}

static struct rec R;	/* one recorder, reset per apply */

static void
ip(struct vw_ip *out, const char *s)
{
	if (vw_ip_parse(s, out) != 0) {
		fprintf(stderr, "# bad address in test: %s\n", s);
		abort();
	}
}

/* "198.18.1.0/24" or "fe80::%4/64"; no "/": a host route. */
static void
prefix(struct vw_route *r, const char *s)
{
	char buf[80], *slash;

	snprintf(buf, sizeof(buf), "%s", s);
	if ((slash = strchr(buf, '/')) != NULL)
		*slash++ = '\0';
	ip(&r->dst, buf);
	if (slash != NULL)
		r->plen = (uint8_t)atoi(slash);
	else
		r->plen = r->dst.family == VW_AF_INET ? 32 : 128;
}

/* A route event: dst "a/plen", gateway (NULL: none), interface. */
static struct vw_event *
rt(struct vw_event *ev, int kind, const char *dst, const char *gw,
    uint32_t ifindex)
{
	vw_event_init(ev, kind);
	prefix(&ev->u.route, dst);
	if (gw != NULL) {
		ip(&ev->u.route.gw, gw);
		ev->u.route.gwkind = VW_GW_IP;
		ev->u.route.flags |= RTF_GATEWAY;
	}
	ev->u.route.ifindex = ifindex;
	ev->u.route.flags |= 0x1;	/* RTF_UP */
	return ev;
}

/* Linux flavour: table and metric. */
static struct vw_event *
lrt(struct vw_event *ev, int kind, const char *dst, const char *gw,
    uint32_t ifindex, uint32_t table, uint32_t metric)
{
	rt(ev, kind, dst, gw, ifindex);
	ev->u.route.flags = 0;
	ev->u.route.table = table;
	ev->u.route.metric = metric;
	return ev;
}

static int
apply(struct vw_table *t, const struct vw_event *ev)
{
	R.n = 0;
	return vw_table_apply(t, ev, rec_cb, &R);
}

static struct vw_event *
neigh(struct vw_event *ev, int kind, const char *addr, uint32_t ifindex,
    const char *ll, unsigned state)
{
	vw_event_init(ev, kind);
	ip(&ev->u.neigh.addr, addr);
	ev->u.neigh.ifindex = ifindex;
	if (ll != NULL && vw_ll_parse(ll, &ev->u.neigh.ll) != 0)
		abort();
	ev->u.neigh.state = (uint16_t)state;
	return ev;
}

static struct vw_event *
link_ev(struct vw_event *ev, int kind, uint32_t index, const char *name,
    uint32_t lflags, uint32_t mtu)
{
	vw_event_init(ev, kind);
	ev->u.link.index = index;
	ev->u.link.lflags = lflags;
	ev->u.link.mtu = mtu;
	ev->u.link.have = VW_LH_MTU | VW_LH_TYPE;
	ev->u.link.type = VW_LT_ETHER;
	if (name != NULL) {
		snprintf(ev->u.link.name, sizeof(ev->u.link.name), "%s", name);
		ev->u.link.have |= VW_LH_NAME;
	}
	return ev;
}

static struct vw_event *
addr_ev(struct vw_event *ev, int kind, const char *a, unsigned plen,
    uint32_t ifindex)
{
	vw_event_init(ev, kind);
	ip(&ev->u.addr.addr, a);
	ev->u.addr.plen = (uint8_t)plen;
	ev->u.addr.ifindex = ifindex;
	return ev;
}

static int
ip_is(const struct vw_ip *a, const char *s)
{
	struct vw_ip b;

	ip(&b, s);
	return a->family == b.family && a->scope == b.scope &&
	    memcmp(a->a, b.a, 16) == 0;
}

static const char *
route_str(const struct vw_route *r, char *buf, size_t len)
{
	char d[VW_IP_STRLEN];

	vw_ip_str(&r->dst, d, sizeof(d));
	snprintf(buf, len, "%s/%u%s@%u", d, r->plen,
	    (r->flags & RTF_HOST) ? "H" : "", r->ifscope);
	return buf;
}

static int	look(const struct vw_table *, const char *, uint32_t,
		    struct vw_route *);

/* ---- routes: keys and diffs -------------------------------------------- */

VW_TEST(test_route_bsd_keys)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	const struct vw_route **rs;
	struct vw_event ev;
	struct vw_route out;

	ASSERT(t != NULL);
	ASSERT_EQ(vw_table_os(t), VW_OS_DARWIN);
	rt(&ev, VW_EV_ROUTE_ADD, "198.18.1.0/24", "198.18.0.1", 4);
	ev.u.route.use = 10;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_ADD);
	ASSERT(ip_is(&R.ev[0].u.route.gw, "198.18.0.1"));

	/* Same route again, with the counters of a later dump: nothing. */
	ev.u.route.use = 99;
	ev.u.route.refcnt = 3;
	ev.u.route.expire = 1700000000;
	ASSERT_EQ(apply(t, &ev), 0);
	ASSERT_EQ(R.n, 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 1);
	ASSERT_EQ(vw_table_routes(t, 0, &rs), 1);
	ASSERT_EQ(rs[0]->use, 99);	/* stored silently */
	ASSERT_EQ(rs[0]->refcnt, 3);
	free(rs);

	/* route.change of the same key: a change carrying the old value. */
	rt(&ev, VW_EV_ROUTE_CHANGE, "198.18.1.0/24", "198.18.0.2", 4);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_CHANGE);
	ASSERT(ip_is(&R.ev[0].u.route.gw, "198.18.0.2"));
	ASSERT(ip_is(&R.ev[0].old.route.gw, "198.18.0.1"));
	ASSERT_EQ(R.ev[0].old.route.use, 99);

	/* Same dst scoped to another interface: a second macOS route. */
	rt(&ev, VW_EV_ROUTE_ADD, "198.18.1.0/24", "198.18.9.1", 9);
	ev.u.route.ifscope = 9;
	ev.u.route.flags |= RTF_IFSCOPE;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_ADD);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 2);

	/* Delete the unscoped one: the deleted value is reported. */
	rt(&ev, VW_EV_ROUTE_DELETE, "198.18.1.0/24", NULL, 4);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_DELETE);
	ASSERT(ip_is(&R.ev[0].u.route.gw, "198.18.0.2"));
	ASSERT_EQ(R.ev[0].u.route.ifscope, 0);
	ASSERT_EQ(R.ev[0].old.route.dst.family, 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 1);
	/* Delete it again: absent, nothing. */
	ASSERT_EQ(apply(t, &ev), 0);
	ASSERT_EQ(R.n, 0);
	/* The scoped one is still there. */
	ip(&out.dst, "198.18.1.7");
	ASSERT_OK(vw_table_lookup(t, &out.dst, 9, &out));
	ASSERT_EQ(out.ifscope, 9);
	vw_table_free(t);
}

VW_TEST(test_route_linux_keys)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct vw_event ev;

	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.2.0/24", "198.18.0.1", 2, 254, 100);
	ASSERT_EQ(apply(t, &ev), 1);
	/* Same dst, other metric: another route. */
	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.2.0/24", "198.18.0.9", 3, 254, 200);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_ADD);
	/* Same dst and metric, other table: another route. */
	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.2.0/24", NULL, 3, 100, 100);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 3);
	/* Same (table, dst, metric), other next hop: appended (a route on
	 * each device, as the kernel keeps for two addresses of a subnet). */
	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.2.0/24", "198.18.0.1", 5, 254, 100);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_ADD);
	ASSERT_EQ(apply(t, &ev), 0);
	/* Same next hop, another protocol: a change. */
	ev.u.route.proto = 4;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_CHANGE);
	ASSERT_EQ(R.ev[0].old.route.proto, 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 4);
	/* NLM_F_REPLACE (route.change): the first route of that metric now
	 * has this next hop; no delete comes for the old one. */
	lrt(&ev, VW_EV_ROUTE_CHANGE, "198.18.2.0/24", "198.18.0.7", 6, 254,
	    100);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_CHANGE);
	ASSERT_EQ(R.ev[0].old.route.ifindex, 2);
	ASSERT_EQ(R.ev[0].u.route.ifindex, 6);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 4);
	/* A delete naming no next hop takes the first of that metric. */
	lrt(&ev, VW_EV_ROUTE_DELETE, "198.18.2.0/24", NULL, 0, 254, 200);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].u.route.metric, 200);
	ASSERT(ip_is(&R.ev[0].u.route.gw, "198.18.0.9"));
	lrt(&ev, VW_EV_ROUTE_DELETE, "198.18.2.0/24", NULL, 0, 254, 300);
	ASSERT_EQ(apply(t, &ev), 0);
	/* A delete naming its next hop takes exactly that route. */
	lrt(&ev, VW_EV_ROUTE_DELETE, "198.18.2.0/24", "198.18.0.1", 5, 254,
	    100);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].u.route.ifindex, 5);
	ASSERT_EQ(apply(t, &ev), 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 2);
	vw_table_free(t);
}

/* Linux keeps ff00::/8 and fe80::/64 once per device, same metric. */
VW_TEST(test_route_linux_per_device)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	const struct vw_route **rs;
	struct vw_event ev;
	struct vw_route out;
	uint32_t ifx;

	for (ifx = 3; ifx >= 1; ifx--) {
		lrt(&ev, VW_EV_ROUTE_ADD, "ff00::/8", NULL, ifx, 255, 256);
		ev.u.route.type = VW_RT_MULTICAST;
		ASSERT_EQ(apply(t, &ev), 1);
		lrt(&ev, VW_EV_ROUTE_ADD, "fe80::/64", NULL, ifx, 254, 256);
		ASSERT_EQ(apply(t, &ev), 1);
	}
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 6);
	ASSERT_EQ(vw_table_routes(t, VW_AF_INET6, &rs), 6);
	ASSERT_EQ(rs[0]->ifindex, 1);	/* fe80::/64 dev 1, 2, 3 */
	ASSERT_EQ(rs[2]->ifindex, 3);
	ASSERT_EQ(rs[3]->type, VW_RT_MULTICAST);
	free(rs);
	/* Equal routes: the oldest serves; a scoped address its device. */
	ASSERT_OK(look(t, "fe80::1", 0, &out));
	ASSERT_EQ(out.ifindex, 3);
	ASSERT_OK(look(t, "fe80::1%2", 0, &out));
	ASSERT_EQ(out.ifindex, 2);
	/* One device goes: the others' routes stay. */
	lrt(&ev, VW_EV_ROUTE_DELETE, "fe80::/64", NULL, 3, 254, 256);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].u.route.ifindex, 3);
	ASSERT_OK(look(t, "fe80::1", 0, &out));
	ASSERT_EQ(out.ifindex, 2);

	/* A re-dump after a missed NLM_F_REPLACE: the new next hop is
	 * added, the old one swept. */
	vw_table_sync_begin(t, 1u << VW_OBJ_ROUTE);
	for (ifx = 1; ifx <= 3; ifx++) {
		lrt(&ev, VW_EV_ROUTE_ADD, "ff00::/8", NULL, ifx, 255, 256);
		ev.u.route.type = VW_RT_MULTICAST;
		apply(t, &ev);
	}
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "fe80::/64", NULL, 1, 254, 256));
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "fe80::/64", NULL, 7, 254, 256));
	R.n = 0;
	ASSERT_EQ(vw_table_sync_end(t, rec_cb, &R), 2);
	ASSERT_EQ(R.n, 1);
	ASSERT_EQ(R.ev[0].u.route.ifindex, 2);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 5);
	vw_table_free(t);
}

VW_TEST(test_route_fields_roundtrip)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	const struct vw_route **rs;
	const struct vw_route *r;
	struct vw_event ev;

	rt(&ev, VW_EV_ROUTE_ADD, "192.168.64.0/24", NULL, 9);
	ev.u.route.dst.a[3] = 77;	/* not masked: the table masks it */
	ev.u.route.gwkind = VW_GW_LINK;
	ev.u.route.lgw.sdl_index = 9;
	ev.u.route.lgw.sdl_type = 6;
	ev.u.route.lgw.sdl_slen = 0;
	memcpy(ev.u.route.lgw.name, "bridge100", 10);
	ASSERT_OK(vw_ll_parse("52:54:00:12:34:56", &ev.u.route.lgw.ll));
	ip(&ev.u.route.prefsrc, "192.168.64.1");
	ev.u.route.type = VW_RT_UNICAST;
	ev.u.route.flags = 0x1 | 0x100 | 0x400000;
	ev.u.route.parentflags = 0x400;
	ev.u.route.mtu = 1500;
	ev.u.route.refcnt = 2;
	ev.u.route.use = 12345;
	ev.u.route.expire = 1750000000;
	ASSERT_EQ(apply(t, &ev), 1);
	/* An IPv6 route through a link-local gateway keeps the gw scope. */
	rt(&ev, VW_EV_ROUTE_ADD, "::/0", "fe80::1%4", 4);
	ev.u.route.proto = 3;
	ev.u.route.scope = 200;
	ASSERT_EQ(apply(t, &ev), 1);

	ASSERT_EQ(vw_table_routes(t, 0, &rs), 2);
	r = rs[0];
	ASSERT(ip_is(&r->dst, "192.168.64.0"));
	ASSERT_EQ(r->plen, 24);
	ASSERT_EQ(r->gwkind, VW_GW_LINK);
	ASSERT_EQ(r->lgw.sdl_index, 9);
	ASSERT_EQ(r->lgw.sdl_type, 6);
	ASSERT_STR_EQ(r->lgw.name, "bridge100");
	ASSERT_EQ(r->lgw.ll.len, 6);
	ASSERT_EQ(r->lgw.ll.a[5], 0x56);
	ASSERT(ip_is(&r->prefsrc, "192.168.64.1"));
	ASSERT_EQ(r->flags, 0x1 | 0x100 | 0x400000);
	ASSERT_EQ(r->parentflags, 0x400);
	ASSERT_EQ(r->mtu, 1500);
	ASSERT_EQ(r->refcnt, 2);
	ASSERT_EQ(r->use, 12345);
	ASSERT_EQ(r->expire, 1750000000);
	ASSERT_EQ(r->ifindex, 9);
	ASSERT_EQ(r->nnh, 0);
	ASSERT(r->nh == NULL);
	r = rs[1];
	ASSERT_EQ(r->dst.family, VW_AF_INET6);
	ASSERT_EQ(r->plen, 0);
	ASSERT(ip_is(&r->gw, "fe80::1%4"));
	ASSERT_EQ(r->proto, 3);
	ASSERT_EQ(r->scope, 200);
	free(rs);

	/* Only the gateway's scope differs: that is a change. */
	rt(&ev, VW_EV_ROUTE_ADD, "::/0", "fe80::1%5", 4);
	ev.u.route.proto = 3;
	ev.u.route.scope = 200;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_CHANGE);
	ASSERT_EQ(R.ev[0].old.route.gw.scope, 4);
	ASSERT_EQ(R.ev[0].u.route.gw.scope, 5);
	/* Side data dropped again: a change back to the plain route. */
	rt(&ev, VW_EV_ROUTE_ADD, "::/0", "fe80::1", 4);
	ev.u.route.proto = 3;
	ev.u.route.scope = 200;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].u.route.gw.scope, 0);
	vw_table_free(t);
}

VW_TEST(test_route_multipath)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct vw_event ev;
	struct vw_route out;
	struct vw_ip a;

	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.16.0/20", NULL, 0, 254, 0);
	ev.u.route.nnh = 3;
	ev.u.route.nh = ev.nh_store;
	memset(ev.nh_store, 0, sizeof(ev.nh_store));
	ip(&ev.nh_store[0].gw, "198.18.0.1");
	ev.nh_store[0].ifindex = 2;
	ev.nh_store[0].weight = 1;
	ip(&ev.nh_store[1].gw, "198.18.0.2");
	ev.nh_store[1].ifindex = 3;
	ev.nh_store[1].weight = 2;
	ip(&ev.nh_store[2].gw, "198.18.0.3");
	ev.nh_store[2].ifindex = 4;
	ev.nh_store[2].weight = 3;
	ev.nh_store[2].flags = 4;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].u.route.nnh, 3);

	ip(&a, "198.18.17.1");
	ASSERT_OK(vw_table_lookup(t, &a, 0, &out));
	ASSERT_EQ(out.nnh, 3);
	ASSERT(out.nh != NULL && out.nh != ev.nh_store);
	ASSERT(ip_is(&out.nh[1].gw, "198.18.0.2"));
	ASSERT_EQ(out.nh[1].ifindex, 3);
	ASSERT_EQ(out.nh[2].weight, 3);
	ASSERT_EQ(out.nh[2].flags, 4);

	/* Identical again: nothing.  Another weight: a change. */
	ASSERT_EQ(apply(t, &ev), 0);
	ev.nh_store[1].weight = 5;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_CHANGE);
	ASSERT_OK(vw_table_lookup(t, &a, 0, &out));
	ASSERT_EQ(out.nh[1].weight, 5);
	/* Replaced by a single next hop (NLM_F_REPLACE). */
	ev.kind = VW_EV_ROUTE_CHANGE;
	ev.u.route.nnh = 0;
	ev.u.route.nh = NULL;
	ip(&ev.u.route.gw, "198.18.0.1");
	ev.u.route.gwkind = VW_GW_IP;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ROUTE_CHANGE);
	ASSERT_EQ(R.ev[0].old.route.nnh, 3);
	ASSERT_OK(vw_table_lookup(t, &a, 0, &out));
	ASSERT_EQ(out.nnh, 0);
	ASSERT(out.nh == NULL);

	/* Malformed: next hops announced but missing, or too many. */
	ev.u.route.nnh = 2;
	ASSERT_EQ(apply(t, &ev), VW_EINVAL);
	ev.u.route.nnh = VW_NH_MAX + 1;
	ev.u.route.nh = ev.nh_store;
	ASSERT_EQ(apply(t, &ev), VW_EINVAL);
	vw_table_free(t);
}

VW_TEST(test_invalid_input)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct vw_event ev;
	struct vw_route out;
	struct vw_ip a;

	ASSERT(vw_table_new(VW_OS_NONE) == NULL);
	ASSERT(vw_table_new(42) == NULL);
	vw_event_init(&ev, VW_EV_TARGET_UP);
	ASSERT_EQ(apply(t, &ev), VW_EINVAL);
	vw_event_init(&ev, VW_EV_LINK_UP);
	ASSERT_EQ(apply(t, &ev), VW_EINVAL);
	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.0.0/15", NULL, 1, 254, 0);
	ev.u.route.plen = 33;
	ASSERT_EQ(apply(t, &ev), VW_EINVAL);
	ev.u.route.dst.family = 0;
	ASSERT_EQ(apply(t, &ev), VW_EINVAL);
	link_ev(&ev, VW_EV_LINK_ADD, 0, "x", 0, 0);
	ASSERT_EQ(apply(t, &ev), VW_EINVAL);
	addr_ev(&ev, VW_EV_ADDR_ADD, "198.18.0.1", 33, 1);
	ASSERT_EQ(apply(t, &ev), VW_EINVAL);
	ASSERT_EQ(R.n, 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_LINK), 0);
	memset(&a, 0, sizeof(a));
	ASSERT_EQ(vw_table_lookup(t, &a, 0, &out), VW_EINVAL);
	vw_table_free(t);
	vw_table_free(NULL);
}

VW_TEST(test_diff_origin)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct vw_event ev;

	rt(&ev, VW_EV_ROUTE_ADD, "0.0.0.0/0", "192.168.1.1", 4);
	ev.seq = 77;
	ev.time_us = 1234567;
	ev.origin.os = VW_OS_DARWIN;
	ev.origin.msg_type = 1;
	ev.origin.msg_pid = 812;
	ev.origin.msg_seq = 5;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].seq, 77);
	ASSERT_EQ(R.ev[0].time_us, 1234567);
	ASSERT_EQ(R.ev[0].origin.os, VW_OS_DARWIN);
	ASSERT_EQ(R.ev[0].origin.msg_type, 1);
	ASSERT_EQ(R.ev[0].origin.msg_pid, 812);
	ASSERT_EQ(R.ev[0].origin.msg_seq, 5);
	/* A refused request (rtm_errno EEXIST) changed nothing. */
	rt(&ev, VW_EV_ROUTE_ADD, "0.0.0.0/0", "192.168.1.99", 4);
	ev.origin.msg_errno = 17;
	ASSERT_EQ(apply(t, &ev), 0);
	rt(&ev, VW_EV_ROUTE_DELETE, "0.0.0.0/0", NULL, 4);
	ev.origin.msg_errno = 3;
	ASSERT_EQ(apply(t, &ev), 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 1);
	/* Without a callback the diffs are still counted. */
	rt(&ev, VW_EV_ROUTE_DELETE, "0.0.0.0/0", NULL, 4);
	ASSERT_EQ(vw_table_apply(t, &ev, NULL, NULL), 1);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 0);
	vw_table_free(t);
}

/* What a callback sees: the table after the diff, next hops still valid. */
struct peek {
	struct vw_table	*t;
	int		 calls;
	long		 routes_seen;
	int		 old_w1, new_w1;
	int		 found_deleted;
};

static void
peek_cb(const struct vw_event *d, void *arg)
{
	struct peek *p = arg;
	struct vw_route out;

	p->calls++;
	p->routes_seen = (long)vw_table_count(p->t, VW_OBJ_ROUTE);
	if (d->kind == VW_EV_ROUTE_CHANGE && d->old.route.nnh > 1 &&
	    d->u.route.nnh > 1) {
		p->old_w1 = d->old.route.nh[1].weight;
		p->new_w1 = d->u.route.nh[1].weight;
	}
	if (d->kind == VW_EV_ROUTE_DELETE)
		p->found_deleted = vw_table_lookup(p->t, &d->u.route.dst, 0,
		    &out) == 0;
}

VW_TEST(test_callback_view)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct peek pk = { t, 0, 0, 0, 0, 0 };
	struct vw_event ev;

	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.32.0/20", NULL, 0, 254, 0);
	memset(ev.nh_store, 0, sizeof(ev.nh_store));
	ev.u.route.nnh = 2;
	ev.u.route.nh = ev.nh_store;
	ip(&ev.nh_store[0].gw, "198.18.0.1");
	ev.nh_store[0].weight = 1;
	ip(&ev.nh_store[1].gw, "198.18.0.2");
	ev.nh_store[1].weight = 7;
	ASSERT_EQ(vw_table_apply(t, &ev, peek_cb, &pk), 1);
	ASSERT_EQ(pk.routes_seen, 1);
	ev.nh_store[1].weight = 9;
	ASSERT_EQ(vw_table_apply(t, &ev, peek_cb, &pk), 1);
	/* The old next hops were still readable inside the callback. */
	ASSERT_EQ(pk.old_w1, 7);
	ASSERT_EQ(pk.new_w1, 9);
	ev.kind = VW_EV_ROUTE_DELETE;
	pk.found_deleted = -1;
	ASSERT_EQ(vw_table_apply(t, &ev, peek_cb, &pk), 1);
	ASSERT_EQ(pk.routes_seen, 0);
	ASSERT_EQ(pk.found_deleted, 0);
	ASSERT_EQ(pk.calls, 3);
	vw_table_free(t);
}

/* ---- neighbours, links, addresses -------------------------------------- */

VW_TEST(test_neigh)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	const struct vw_neigh **ns;
	struct vw_event ev;

	neigh(&ev, VW_EV_NEIGH_ADD, "198.18.0.5", 2, "52:54:00:00:00:05",
	    VW_NUD_REACHABLE);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_NEIGH_ADD);
	/* Same, other expiry: nothing. */
	ev.u.neigh.expire = 1700000100;
	ASSERT_EQ(apply(t, &ev), 0);
	/* State moves: a change with the old state. */
	ev.kind = VW_EV_NEIGH_CHANGE;
	ev.u.neigh.state = VW_NUD_STALE;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_NEIGH_CHANGE);
	ASSERT_EQ(R.ev[0].old.neigh.state, VW_NUD_REACHABLE);
	ASSERT_EQ(R.ev[0].u.neigh.state, VW_NUD_STALE);
	/* MAC moves. */
	ASSERT_OK(vw_ll_parse("52:54:00:00:00:99", &ev.u.neigh.ll));
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].old.neigh.ll.a[5], 0x05);
	ASSERT_EQ(R.ev[0].u.neigh.ll.a[5], 0x99);
	/* Flags count too. */
	ev.u.neigh.nflags = VW_NF_ROUTER;
	ASSERT_EQ(apply(t, &ev), 1);
	/* Same address on another interface, and an IPv6 neighbour. */
	neigh(&ev, VW_EV_NEIGH_ADD, "198.18.0.5", 3, NULL, VW_NUD_INCOMPLETE);
	ASSERT_EQ(apply(t, &ev), 1);
	neigh(&ev, VW_EV_NEIGH_ADD, "fe80::5%2", 2, "52:54:00:00:00:05",
	    VW_NUD_REACHABLE);
	ASSERT_EQ(apply(t, &ev), 1);
	neigh(&ev, VW_EV_NEIGH_ADD, "198.18.0.4", 2, "52:54:00:00:00:04",
	    VW_NUD_PERMANENT);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_NEIGH), 4);

	ASSERT_EQ(vw_table_neighs(t, VW_AF_INET, &ns), 3);
	ASSERT(ip_is(&ns[0]->addr, "198.18.0.4"));
	ASSERT(ip_is(&ns[1]->addr, "198.18.0.5"));
	ASSERT_EQ(ns[1]->ifindex, 2);
	ASSERT_EQ(ns[2]->ifindex, 3);
	free(ns);
	ASSERT_EQ(vw_table_neighs(t, 0, &ns), 4);
	ASSERT_EQ(ns[3]->addr.family, VW_AF_INET6);
	free(ns);

	neigh(&ev, VW_EV_NEIGH_DELETE, "198.18.0.5", 2, NULL, 0);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_NEIGH_DELETE);
	ASSERT_EQ(R.ev[0].u.neigh.ll.a[5], 0x99);	/* the deleted value */
	ASSERT_EQ(R.ev[0].u.neigh.nflags, VW_NF_ROUTER);
	ASSERT_EQ(apply(t, &ev), 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_NEIGH), 3);
	/* The others are still found (the array was compacted). */
	neigh(&ev, VW_EV_NEIGH_ADD, "198.18.0.4", 2, "52:54:00:00:00:04",
	    VW_NUD_PERMANENT);
	ASSERT_EQ(apply(t, &ev), 0);
	neigh(&ev, VW_EV_NEIGH_ADD, "fe80::5%2", 2, "52:54:00:00:00:05",
	    VW_NUD_REACHABLE);
	ASSERT_EQ(apply(t, &ev), 0);
	vw_table_free(t);
}

VW_TEST(test_neigh_many)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct vw_event ev;
	char a[32];
	int i;

	/* Enough to rehash several times, then delete every other one. */
	for (i = 0; i < 3000; i++) {
		snprintf(a, sizeof(a), "198.18.%d.%d", i / 250, i % 250 + 1);
		neigh(&ev, VW_EV_NEIGH_ADD, a, 2 + i % 3, NULL, VW_NUD_STALE);
		ASSERT_EQ(vw_table_apply(t, &ev, NULL, NULL), 1);
	}
	for (i = 0; i < 3000; i += 2) {
		snprintf(a, sizeof(a), "198.18.%d.%d", i / 250, i % 250 + 1);
		neigh(&ev, VW_EV_NEIGH_DELETE, a, 2 + i % 3, NULL, 0);
		ASSERT_EQ(vw_table_apply(t, &ev, NULL, NULL), 1);
	}
	ASSERT_EQ(vw_table_count(t, VW_OBJ_NEIGH), 1500);
	for (i = 0; i < 3000; i++) {
		snprintf(a, sizeof(a), "198.18.%d.%d", i / 250, i % 250 + 1);
		neigh(&ev, VW_EV_NEIGH_ADD, a, 2 + i % 3, NULL, VW_NUD_STALE);
		ASSERT_EQ(vw_table_apply(t, &ev, NULL, NULL), i % 2 == 0);
	}
	vw_table_free(t);
}

VW_TEST(test_link_partial_and_updown)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	const struct vw_link *l;
	struct vw_event ev;

	link_ev(&ev, VW_EV_LINK_ADD, 4, "en0", VW_LF_UP | VW_LF_RUNNING, 1500);
	ev.u.link.have |= VW_LH_LL;
	ASSERT_OK(vw_ll_parse("a4:83:e7:00:00:01", &ev.u.link.ll));
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_LINK_ADD);

	/* RTM_IFINFO: no name, no MAC; same state: nothing. */
	link_ev(&ev, VW_EV_LINK_CHANGE, 4, NULL, VW_LF_UP | VW_LF_RUNNING,
	    1500);
	ASSERT_EQ(apply(t, &ev), 0);
	l = vw_table_link(t, 4);
	ASSERT(l != NULL);
	ASSERT_STR_EQ(l->name, "en0");
	ASSERT_EQ(l->ll.len, 6);
	ASSERT_EQ(l->ll.a[0], 0xa4);

	/* Goes down: link.down with the old value. */
	link_ev(&ev, VW_EV_LINK_CHANGE, 4, NULL, 0, 1500);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_LINK_DOWN);
	ASSERT_EQ(R.ev[0].old.link.lflags, VW_LF_UP | VW_LF_RUNNING);
	ASSERT_STR_EQ(R.ev[0].u.link.name, "en0");
	ASSERT_EQ(R.ev[0].u.link.ll.len, 6);
	/* Back up. */
	link_ev(&ev, VW_EV_LINK_CHANGE, 4, NULL, VW_LF_UP, 1500);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_LINK_UP);
	/* MTU only: link.change. */
	link_ev(&ev, VW_EV_LINK_CHANGE, 4, NULL, VW_LF_UP, 9000);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_LINK_CHANGE);
	ASSERT_EQ(R.ev[0].old.link.mtu, 1500);
	ASSERT_EQ(R.ev[0].u.link.mtu, 9000);
	/* A message without MTU keeps it. */
	link_ev(&ev, VW_EV_LINK_CHANGE, 4, NULL, VW_LF_UP, 0);
	ev.u.link.have = VW_LH_TYPE;
	ASSERT_EQ(apply(t, &ev), 0);
	ASSERT_EQ(vw_table_link(t, 4)->mtu, 9000);
	/* A rename under the same index is a change. */
	link_ev(&ev, VW_EV_LINK_CHANGE, 4, "en7", VW_LF_UP, 9000);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_LINK_CHANGE);
	ASSERT_STR_EQ(R.ev[0].old.link.name, "en0");
	ASSERT(vw_table_link_byname(t, "en0") == NULL);
	ASSERT(vw_table_link_byname(t, "en7") == vw_table_link(t, 4));

	/* An index first seen without a name (RTM_IFINFO) is still a link. */
	link_ev(&ev, VW_EV_LINK_CHANGE, 12, NULL, VW_LF_UP, 1400);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_LINK_ADD);
	ASSERT_STR_EQ(vw_table_link(t, 12)->name, "");
	ASSERT(vw_table_link_byname(t, "") == NULL);
	vw_table_free(t);
}

/* Something of everything on interface ifx. */
static void
populate_if(struct vw_table *t, uint32_t ifx, const char *name,
    const char *net, const char *host, const char *nb)
{
	struct vw_event ev;

	ASSERT_EQ(apply(t, link_ev(&ev, VW_EV_LINK_ADD, ifx, name, VW_LF_UP,
	    1500)), 1);
	ASSERT_EQ(apply(t, addr_ev(&ev, VW_EV_ADDR_ADD, host, 24, ifx)), 1);
	ASSERT_EQ(apply(t, neigh(&ev, VW_EV_NEIGH_ADD, nb, ifx,
	    "52:54:00:aa:bb:cc", VW_NUD_REACHABLE)), 1);
	ASSERT_EQ(apply(t, rt(&ev, VW_EV_ROUTE_ADD, net, NULL, ifx)), 1);
}

VW_TEST(test_link_returns_with_new_index)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct vw_event ev;
	struct vw_ip a;
	struct vw_route out;
	int i, kinds[8] = { 0 };

	populate_if(t, 4, "en0", "198.18.0.0/24", "198.18.0.2", "198.18.0.1");
	populate_if(t, 10, "bridge100", "192.168.64.0/24", "192.168.64.1",
	    "192.168.64.5");
	/* A scoped default through bridge100 goes with it. */
	rt(&ev, VW_EV_ROUTE_ADD, "0.0.0.0/0", "192.168.64.254", 10);
	ev.u.route.ifscope = 10;
	ASSERT_EQ(apply(t, &ev), 1);

	/* bridge100 is recreated as index 11. */
	ASSERT_EQ(apply(t, link_ev(&ev, VW_EV_LINK_ADD, 11, "bridge100",
	    VW_LF_UP, 1500)), 6);
	for (i = 0; i < 6; i++)
		kinds[i] = R.ev[i].kind;
	ASSERT_EQ(kinds[0], VW_EV_ROUTE_DELETE);
	ASSERT_EQ(kinds[1], VW_EV_ROUTE_DELETE);
	ASSERT_EQ(kinds[2], VW_EV_NEIGH_DELETE);
	ASSERT(ip_is(&R.ev[2].u.neigh.addr, "192.168.64.5"));
	ASSERT_EQ(kinds[3], VW_EV_ADDR_DELETE);
	ASSERT(ip_is(&R.ev[3].u.addr.addr, "192.168.64.1"));
	ASSERT_EQ(kinds[4], VW_EV_LINK_DELETE);
	ASSERT_EQ(R.ev[4].u.link.index, 10);
	ASSERT_EQ(R.ev[4].old.link.index, 0);
	ASSERT_EQ(kinds[5], VW_EV_LINK_ADD);
	ASSERT_EQ(R.ev[5].u.link.index, 11);
	/* The stale old value of an earlier diff is not carried along. */
	ASSERT_EQ(R.ev[5].old.link.index, 0);

	ASSERT(vw_table_link(t, 10) == NULL);
	ASSERT_EQ(vw_table_link_byname(t, "bridge100")->index, 11);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_LINK), 2);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 1);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ADDR), 1);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_NEIGH), 1);
	ip(&a, "192.168.64.5");
	ASSERT_EQ(vw_table_lookup(t, &a, 0, &out), VW_ENOENT);
	ip(&a, "198.18.0.9");
	ASSERT_OK(vw_table_lookup(t, &a, 0, &out));
	ASSERT_EQ(out.ifindex, 4);
	vw_table_free(t);
}

VW_TEST(test_link_delete_cascade)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct vw_event ev;
	int i, nroute = 0, nneigh = 0, naddr = 0, nlink = 0;

	populate_if(t, 2, "eth0", "198.18.0.0/24", "198.18.0.2", "198.18.0.1");
	populate_if(t, 3, "veth1", "198.18.1.0/24", "198.18.1.2", "198.18.1.1");
	/* populate_if's routes are table 0 metric 0 here; add a multipath
	 * route with one next hop on veth1 and an IPv6 address. */
	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.128.0/17", NULL, 0, 254, 0);
	ev.u.route.nnh = 2;
	ev.u.route.nh = ev.nh_store;
	memset(ev.nh_store, 0, sizeof(ev.nh_store));
	ip(&ev.nh_store[0].gw, "198.18.0.1");
	ev.nh_store[0].ifindex = 2;
	ip(&ev.nh_store[1].gw, "198.18.1.1");
	ev.nh_store[1].ifindex = 3;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(apply(t, addr_ev(&ev, VW_EV_ADDR_ADD, "2001:db8::2", 64, 3)),
	    1);

	link_ev(&ev, VW_EV_LINK_DELETE, 3, NULL, 0, 0);
	ASSERT_EQ(apply(t, &ev), 6);
	for (i = 0; i < R.n; i++) {
		switch (R.ev[i].kind) {
		case VW_EV_ROUTE_DELETE:	nroute++; break;
		case VW_EV_NEIGH_DELETE:	nneigh++; break;
		case VW_EV_ADDR_DELETE:		naddr++; break;
		case VW_EV_LINK_DELETE:		nlink++; break;
		}
	}
	ASSERT_EQ(nroute, 2);
	ASSERT_EQ(nneigh, 1);
	ASSERT_EQ(naddr, 2);
	ASSERT_EQ(nlink, 1);
	ASSERT_EQ(R.ev[R.n - 1].kind, VW_EV_LINK_DELETE);
	ASSERT_STR_EQ(R.ev[R.n - 1].u.link.name, "veth1");
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 1);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_NEIGH), 1);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ADDR), 1);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_LINK), 1);
	/* Unknown index: nothing. */
	ASSERT_EQ(apply(t, &ev), 0);
	vw_table_free(t);
}

/* Linux flushes a downed device's IPv4 routes without telling. */
VW_TEST(test_link_down_linux)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct vw_event ev;
	int i, n = 0;

	ASSERT_EQ(apply(t, link_ev(&ev, VW_EV_LINK_ADD, 2, "br100", VW_LF_UP,
	    1500)), 1);
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.64.0/24", NULL, 2,
	    254, 0)), 1);
	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.64.1/32", NULL, 2, 255, 0);
	ev.u.route.type = VW_RT_LOCAL;
	ev.u.route.scope = 254;		/* host: survives */
	ASSERT_EQ(apply(t, &ev), 1);
	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.64.255/32", NULL, 2, 255, 0);
	ev.u.route.type = VW_RT_BROADCAST;
	ev.u.route.scope = 253;		/* link: goes */
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "2001:db8:64::/64", NULL,
	    2, 254, 256)), 1);		/* IPv6: the kernel says so itself */
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.9.0/24", NULL, 3,
	    254, 0)), 1);		/* another device */
	lrt(&ev, VW_EV_ROUTE_ADD, "198.20.0.0/16", NULL, 0, 254, 0);
	memset(ev.nh_store, 0, sizeof(ev.nh_store));
	ev.u.route.nnh = 2;
	ev.u.route.nh = ev.nh_store;
	ip(&ev.nh_store[0].gw, "198.18.64.2");
	ev.nh_store[0].ifindex = 2;
	ip(&ev.nh_store[1].gw, "198.18.9.2");
	ev.nh_store[1].ifindex = 3;	/* one next hop lives on: stays */
	ASSERT_EQ(apply(t, &ev), 1);

	ASSERT_EQ(apply(t, link_ev(&ev, VW_EV_LINK_CHANGE, 2, "br100", 0,
	    1500)), 3);
	for (i = 0; i < R.n; i++)
		n += R.ev[i].kind == VW_EV_ROUTE_DELETE;
	ASSERT_EQ(n, 2);
	ASSERT_EQ(R.ev[2].kind, VW_EV_LINK_DOWN);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 4);
	/* Up again: nothing comes back by itself (the kernel re-adds). */
	ASSERT_EQ(apply(t, link_ev(&ev, VW_EV_LINK_CHANGE, 2, "br100",
	    VW_LF_UP, 1500)), 1);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 4);
	vw_table_free(t);

	/* macOS keeps routes through a downed interface. */
	t = vw_table_new(VW_OS_DARWIN);
	ASSERT_EQ(apply(t, link_ev(&ev, VW_EV_LINK_ADD, 9, "bridge100",
	    VW_LF_UP, 1500)), 1);
	ASSERT_EQ(apply(t, rt(&ev, VW_EV_ROUTE_ADD, "192.168.64.0/24", NULL,
	    9)), 1);
	ASSERT_EQ(apply(t, link_ev(&ev, VW_EV_LINK_CHANGE, 9, NULL, 0, 1500)),
	    1);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 1);
	vw_table_free(t);
}

VW_TEST(test_addr)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	const struct vw_ifaddr **as;
	struct vw_event ev;

	addr_ev(&ev, VW_EV_ADDR_ADD, "198.18.0.2", 24, 2);
	ip(&ev.u.addr.peer, "198.18.0.255");
	ev.u.addr.peer_is_brd = 1;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ADDR_ADD);
	ASSERT_EQ(R.ev[0].old.addr.addr.family, 0);
	ASSERT_EQ(apply(t, &ev), 0);
	/* Flags change (IFA_F_TENTATIVE cleared ...): addr.add with old. */
	ev.u.addr.flags = 0x80;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ADDR_ADD);
	ASSERT_EQ(R.ev[0].old.addr.flags, 0);
	ASSERT_EQ(R.ev[0].u.addr.flags, 0x80);
	/* Same address, other prefix length: another address. */
	addr_ev(&ev, VW_EV_ADDR_ADD, "198.18.0.2", 16, 2);
	ASSERT_EQ(apply(t, &ev), 1);
	addr_ev(&ev, VW_EV_ADDR_ADD, "2001:db8::2", 64, 2);
	ASSERT_EQ(apply(t, &ev), 1);
	addr_ev(&ev, VW_EV_ADDR_ADD, "198.18.1.2", 24, 1);
	ASSERT_EQ(apply(t, &ev), 1);

	ASSERT_EQ(vw_table_addrs(t, 0, &as), 4);
	ASSERT_EQ(as[0]->ifindex, 1);
	ASSERT_EQ(as[1]->plen, 16);
	ASSERT_EQ(as[2]->plen, 24);
	ASSERT_EQ(as[2]->flags, 0x80);
	ASSERT_EQ(as[3]->addr.family, VW_AF_INET6);
	free(as);
	ASSERT_EQ(vw_table_addrs(t, VW_AF_INET6, &as), 1);
	free(as);

	addr_ev(&ev, VW_EV_ADDR_DELETE, "198.18.0.2", 24, 2);
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_EQ(R.ev[0].kind, VW_EV_ADDR_DELETE);
	ASSERT(ip_is(&R.ev[0].u.addr.peer, "198.18.0.255"));
	ASSERT_EQ(apply(t, &ev), 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ADDR), 3);
	vw_table_free(t);
}

VW_TEST(test_links_sorted)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	const struct vw_link **ls;
	struct vw_event ev;
	static const uint32_t idx[] = { 7, 1, 12, 3 };
	size_t i;

	for (i = 0; i < 4; i++) {
		char name[16];

		snprintf(name, sizeof(name), "if%u", idx[i]);
		ASSERT_EQ(apply(t, link_ev(&ev, VW_EV_LINK_ADD, idx[i], name,
		    VW_LF_UP, 1500)), 1);
	}
	ASSERT_EQ(vw_table_links(t, &ls), 4);
	ASSERT_EQ(ls[0]->index, 1);
	ASSERT_EQ(ls[1]->index, 3);
	ASSERT_EQ(ls[2]->index, 7);
	ASSERT_EQ(ls[3]->index, 12);
	ASSERT_STR_EQ(ls[3]->name, "if12");
	free(ls);
	vw_table_free(t);
}

/* ---- resync ------------------------------------------------------------ */

VW_TEST(test_sync)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	const struct vw_route **rs;
	struct vw_event ev;
	struct rec *r = &R;

	populate_if(t, 4, "en0", "198.18.0.0/24", "198.18.0.2", "198.18.0.1");
	ASSERT_EQ(apply(t, rt(&ev, VW_EV_ROUTE_ADD, "198.18.5.0/24",
	    "198.18.0.1", 4)), 1);
	ASSERT_EQ(apply(t, rt(&ev, VW_EV_ROUTE_ADD, "198.18.6.0/24",
	    "198.18.0.1", 4)), 1);

	/* Re-dump routes only: .0/24 same, .5/24 changed, .7/24 new. */
	vw_table_sync_begin(t, 1u << VW_OBJ_ROUTE);
	ASSERT_EQ(apply(t, rt(&ev, VW_EV_ROUTE_ADD, "198.18.0.0/24", NULL,
	    4)), 0);
	ASSERT_EQ(apply(t, rt(&ev, VW_EV_ROUTE_ADD, "198.18.5.0/24",
	    "198.18.0.9", 4)), 1);
	ASSERT_EQ(apply(t, rt(&ev, VW_EV_ROUTE_ADD, "198.18.7.0/24",
	    "198.18.0.1", 4)), 1);
	r->n = 0;
	ASSERT_EQ(vw_table_sync_end(t, rec_cb, r), 3);
	ASSERT_EQ(r->n, 1);
	ASSERT_EQ(r->ev[0].kind, VW_EV_ROUTE_DELETE);
	ASSERT(ip_is(&r->ev[0].u.route.dst, "198.18.6.0"));
	ASSERT_EQ(r->ev[0].origin.os, VW_OS_DARWIN);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 3);
	/* Neighbours were not part of the sync. */
	ASSERT_EQ(vw_table_count(t, VW_OBJ_NEIGH), 1);
	ASSERT_EQ(vw_table_routes(t, VW_AF_INET, &rs), 3);
	ASSERT(ip_is(&rs[2]->dst, "198.18.7.0"));
	free(rs);

	/* Everything, and the dump mentions nothing: all goes. */
	vw_table_sync_begin(t, (1u << VW_OBJ_ROUTE) | (1u << VW_OBJ_NEIGH) |
	    (1u << VW_OBJ_LINK) | (1u << VW_OBJ_ADDR));
	r->n = 0;
	ASSERT_EQ(vw_table_sync_end(t, rec_cb, r), 6);
	ASSERT_EQ(r->ev[r->n - 1].kind, VW_EV_LINK_DELETE);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_LINK), 0);
	/* No sync running: nothing. */
	ASSERT_EQ(vw_table_sync_end(t, rec_cb, r), 0);

	/* A neighbour re-dump that confirms everything: 0 diffs. */
	ASSERT_EQ(apply(t, neigh(&ev, VW_EV_NEIGH_ADD, "198.18.0.1", 4,
	    "52:54:00:aa:bb:cc", VW_NUD_REACHABLE)), 1);
	vw_table_sync_begin(t, 1u << VW_OBJ_NEIGH);
	ASSERT_EQ(apply(t, &ev), 0);
	ASSERT_EQ(vw_table_sync_end(t, NULL, NULL), 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_NEIGH), 1);
	vw_table_free(t);
}

/* ---- sorted snapshot (netstat -rn order) ------------------------------- */

VW_TEST(test_routes_sorted_darwin)
{
	/* Applied out of order; expected in radix (netstat -rn) order. */
	static const struct {
		const char *dst, *gw;
		uint32_t ifx, ifscope, flags;
	} in[] = {
		{ "192.168.64.255", NULL, 10, 10, RTF_HOST },
		{ "0.0.0.0/0", "192.168.64.1", 10, 10, RTF_GATEWAY },
		{ "192.168.64.1", NULL, 1, 0, RTF_HOST },
		{ "127.0.0.1", NULL, 1, 0, RTF_HOST },
		{ "224.0.0.0/4", NULL, 4, 0, 0 },
		{ "192.168.64.0/24", NULL, 10, 0, 0 },
		{ "0.0.0.0/0", "192.168.1.1", 4, 0, RTF_GATEWAY },
		{ "192.168.64.1/32", NULL, 10, 10, 0 },
		{ "127.0.0.0/8", "127.0.0.1", 1, 0, RTF_GATEWAY },
		{ "0.0.0.0/0", "192.168.1.1", 4, 4, RTF_GATEWAY },
		{ "fe80::%10/64", NULL, 10, 10, 0 },
		{ "fe80::1%1", NULL, 1, 1, RTF_HOST },
		{ "fe80::%1/64", "fe80::1%1", 1, 1, RTF_GATEWAY },
		{ "::1", NULL, 1, 0, RTF_HOST },
		{ "fe80::aede:48ff:fe00:1122%10", NULL, 1, 10, RTF_HOST },
		{ "ff00::/8", NULL, 10, 10, 0 },
		{ "ff00::/8", NULL, 1, 1, 0 },
	};
	static const char *const want[] = {
		"0.0.0.0/0@0", "0.0.0.0/0@4", "0.0.0.0/0@10",
		"127.0.0.0/8@0", "127.0.0.1/32H@0",
		"192.168.64.0/24@0", "192.168.64.1/32@10",
		"192.168.64.1/32H@0", "192.168.64.255/32H@10",
		"224.0.0.0/4@0",
		"::1/128H@0",
		"fe80::%1/64@1", "fe80::1%1/128H@1",
		"fe80::%10/64@10", "fe80::aede:48ff:fe00:1122%10/128H@10",
		"ff00::/8@1", "ff00::/8@10",
	};
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	const struct vw_route **rs;
	struct vw_event ev;
	char buf[128];
	size_t i;

	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++) {
		rt(&ev, VW_EV_ROUTE_ADD, in[i].dst, in[i].gw, in[i].ifx);
		ev.u.route.ifscope = in[i].ifscope;
		ev.u.route.flags |= in[i].flags |
		    (in[i].ifscope ? RTF_IFSCOPE : 0);
		ASSERT_EQ(apply(t, &ev), 1);
	}
	ASSERT_EQ(vw_table_routes(t, 0, &rs), (long)(sizeof(want) /
	    sizeof(want[0])));
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		ASSERT_STR_EQ(route_str(rs[i], buf, sizeof(buf)), want[i]);
	free(rs);
	ASSERT_EQ(vw_table_routes(t, VW_AF_INET6, &rs), 7);
	ASSERT_EQ(rs[0]->dst.family, VW_AF_INET6);
	free(rs);
	vw_table_free(t);
	/* An empty table gives an empty, freeable array. */
	t = vw_table_new(VW_OS_FREEBSD);
	ASSERT_EQ(vw_table_routes(t, 0, &rs), 0);
	free(rs);
	vw_table_free(t);
}

VW_TEST(test_routes_sorted_linux)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	const struct vw_route **rs;
	struct vw_event ev;

	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.0.0/24", NULL, 2,
	    254, 600)), 1);
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.0.0/24", NULL, 3,
	    254, 100)), 1);
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.0.0/24", NULL, 2,
	    255, 0)), 1);
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "0.0.0.0/0", "198.18.0.1",
	    2, 254, 0)), 1);
	ASSERT_EQ(vw_table_routes(t, 0, &rs), 4);
	ASSERT_EQ(rs[0]->plen, 0);
	ASSERT_EQ(rs[1]->table, 254);
	ASSERT_EQ(rs[1]->metric, 100);
	ASSERT_EQ(rs[2]->metric, 600);
	ASSERT_EQ(rs[3]->table, 255);
	free(rs);
	vw_table_free(t);
}

/* ---- longest-prefix match ---------------------------------------------- */

static int
look(const struct vw_table *t, const char *a, uint32_t ifscope,
    struct vw_route *out)
{
	struct vw_ip ipa;

	ip(&ipa, a);
	return vw_table_lookup(t, &ipa, ifscope, out);
}

VW_TEST(test_lpm_linux)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct vw_event ev;
	struct vw_route out;

	ASSERT_EQ(look(t, "198.18.0.1", 0, &out), VW_ENOENT);
	/* main */
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "0.0.0.0/0", "198.18.0.1", 2, 254,
	    600));
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "0.0.0.0/0", "198.18.0.2", 3, 254,
	    100));
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.0.0/15", NULL, 2, 254, 0));
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.0.1/32", NULL, 9, 254, 0));
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.5.0/24", NULL, 0, 254, 0));
	ev.u.route.type = VW_RT_UNREACHABLE;
	ASSERT_EQ(apply(t, &ev), 1);
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.6.0/24", NULL, 0, 254, 0));
	ev.u.route.type = VW_RT_THROW;
	ASSERT_EQ(apply(t, &ev), 1);
	/* local */
	lrt(&ev, VW_EV_ROUTE_ADD, "198.18.0.1/32", NULL, 2, 255, 0);
	ev.u.route.type = VW_RT_LOCAL;
	ASSERT_EQ(apply(t, &ev), 1);
	lrt(&ev, VW_EV_ROUTE_ADD, "127.0.0.0/8", NULL, 1, 255, 0);
	ev.u.route.type = VW_RT_LOCAL;
	ASSERT_EQ(apply(t, &ev), 1);
	/* default (253), consulted after main */
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.6.0/23", NULL, 7, 253, 0));
	/* another table: not consulted without rules */
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "203.0.113.0/24", NULL, 8, 100, 0));

	/* Local table first, even with a main route of the same length. */
	ASSERT_OK(look(t, "198.18.0.1", 0, &out));
	ASSERT_EQ(out.table, 255);
	ASSERT_EQ(out.type, VW_RT_LOCAL);
	ASSERT_OK(look(t, "127.1.2.3", 0, &out));
	ASSERT_EQ(out.ifindex, 1);
	/* Longest prefix in main. */
	ASSERT_OK(look(t, "198.19.200.1", 0, &out));
	ASSERT_EQ(out.plen, 15);
	ASSERT_EQ(out.ifindex, 2);
	/* Unreachable is an answer. */
	ASSERT_OK(look(t, "198.18.5.9", 0, &out));
	ASSERT_EQ(out.type, VW_RT_UNREACHABLE);
	ASSERT_EQ(out.plen, 24);
	/* Throw: on to the default table. */
	ASSERT_OK(look(t, "198.18.6.9", 0, &out));
	ASSERT_EQ(out.table, 253);
	ASSERT_EQ(out.ifindex, 7);
	/* Default route: lowest metric. */
	ASSERT_OK(look(t, "203.0.113.5", 0, &out));
	ASSERT_EQ(out.plen, 0);
	ASSERT_EQ(out.metric, 100);
	ASSERT_EQ(out.ifindex, 3);
	/* Metric 100 gone: metric 600 takes over. */
	apply(t, lrt(&ev, VW_EV_ROUTE_DELETE, "0.0.0.0/0", NULL, 0, 254, 100));
	ASSERT_OK(look(t, "203.0.113.5", 0, &out));
	ASSERT_EQ(out.metric, 600);
	apply(t, lrt(&ev, VW_EV_ROUTE_DELETE, "0.0.0.0/0", NULL, 0, 254, 600));
	ASSERT_EQ(look(t, "203.0.113.5", 0, &out), VW_ENOENT);

	/* IPv6. */
	ASSERT_EQ(look(t, "2001:db8::1", 0, &out), VW_ENOENT);
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "2001:db8::/32", NULL, 2, 254, 256));
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "2001:db8:1::/48", "fe80::1", 3,
	    254, 1024));
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "2001:db8:1:2:3:4:5:6/128", NULL, 4,
	    254, 0));
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "2001:db8:1:2::/65", NULL, 5, 254,
	    0));
	ASSERT_OK(look(t, "2001:db8:ffff::1", 0, &out));
	ASSERT_EQ(out.plen, 32);
	ASSERT_OK(look(t, "2001:db8:1:ffff::1", 0, &out));
	ASSERT_EQ(out.plen, 48);
	ASSERT(ip_is(&out.gw, "fe80::1"));
	ASSERT_OK(look(t, "2001:db8:1:2:3:4:5:6", 0, &out));
	ASSERT_EQ(out.plen, 128);
	ASSERT_OK(look(t, "2001:db8:1:2:3:4:5:7", 0, &out));
	ASSERT_EQ(out.plen, 65);
	ASSERT_OK(look(t, "2001:db8:1:2:8000::1", 0, &out));
	ASSERT_EQ(out.plen, 48);
	ASSERT_EQ(look(t, "2001:db9::1", 0, &out), VW_ENOENT);
	apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "::/0", "fe80::1", 3, 254, 1024));
	ASSERT_OK(look(t, "2001:db9::1", 0, &out));
	ASSERT_EQ(out.plen, 0);
	/* Linux ignores a destination's scope for the prefix. */
	ASSERT_OK(look(t, "2001:db8:1:2:3:4:5:6%9", 0, &out));
	ASSERT_EQ(out.plen, 128);
	vw_table_free(t);
}

VW_TEST(test_lpm_darwin_scoped)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct vw_event ev;
	struct vw_route out;

	/* en0 = 4 (primary), bridge100 = 9. */
	apply(t, rt(&ev, VW_EV_ROUTE_ADD, "0.0.0.0/0", "192.168.1.1", 4));
	rt(&ev, VW_EV_ROUTE_ADD, "0.0.0.0/0", "192.168.64.254", 9);
	ev.u.route.ifscope = 9;
	ASSERT_EQ(apply(t, &ev), 1);
	apply(t, rt(&ev, VW_EV_ROUTE_ADD, "192.168.64.0/24", NULL, 9));
	apply(t, rt(&ev, VW_EV_ROUTE_ADD, "10.0.0.0/8", "192.168.1.2", 4));
	/* A cloned, scoped ARP host entry (UHLWIi). */
	rt(&ev, VW_EV_ROUTE_ADD, "192.168.64.5", NULL, 9);
	ev.u.route.ifscope = 9;
	ev.u.route.flags |= RTF_HOST;
	ASSERT_EQ(apply(t, &ev), 1);

	/* Unscoped lookups see unscoped routes only. */
	ASSERT_OK(look(t, "8.8.8.8", 0, &out));
	ASSERT_EQ(out.ifindex, 4);
	ASSERT_EQ(out.ifscope, 0);
	ASSERT_OK(look(t, "192.168.64.5", 0, &out));
	ASSERT_EQ(out.plen, 24);
	/* Scoped to bridge100: the scoped default, the host entry. */
	ASSERT_OK(look(t, "8.8.8.8", 9, &out));
	ASSERT_EQ(out.ifscope, 9);
	ASSERT(ip_is(&out.gw, "192.168.64.254"));
	ASSERT_OK(look(t, "192.168.64.5", 9, &out));
	ASSERT_EQ(out.plen, 32);
	/* Falls back to the unscoped route through bridge100. */
	ASSERT_OK(look(t, "192.168.64.6", 9, &out));
	ASSERT_EQ(out.plen, 24);
	ASSERT_EQ(out.ifscope, 0);
	/* 10/8 is unscoped through en0: not usable scoped to 9. */
	ASSERT_OK(look(t, "10.1.1.1", 9, &out));
	ASSERT_EQ(out.plen, 0);
	ASSERT_EQ(out.ifscope, 9);
	/* Nothing scoped to 7, nothing unscoped through 7. */
	ASSERT_EQ(look(t, "8.8.8.8", 7, &out), VW_ENOENT);
	/* Equal prefix: the scoped route wins for its scope. */
	rt(&ev, VW_EV_ROUTE_ADD, "192.168.64.0/24", "192.168.64.253", 9);
	ev.u.route.ifscope = 9;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_OK(look(t, "192.168.64.6", 9, &out));
	ASSERT_EQ(out.ifscope, 9);
	ASSERT_OK(look(t, "192.168.64.6", 0, &out));
	ASSERT_EQ(out.ifscope, 0);

	/* IPv6 link-local prefixes are per scope (KAME embedded scope). */
	rt(&ev, VW_EV_ROUTE_ADD, "fe80::%9/64", NULL, 9);
	ev.u.route.ifscope = 9;
	ASSERT_EQ(apply(t, &ev), 1);
	rt(&ev, VW_EV_ROUTE_ADD, "fe80::%4/64", NULL, 4);
	ev.u.route.ifscope = 4;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_OK(look(t, "fe80::5%9", 9, &out));
	ASSERT_EQ(out.ifindex, 9);
	ASSERT_OK(look(t, "fe80::5%4", 4, &out));
	ASSERT_EQ(out.ifindex, 4);
	ASSERT_EQ(look(t, "fe80::5%7", 7, &out), VW_ENOENT);
	ASSERT_EQ(look(t, "fe80::5", 0, &out), VW_ENOENT);
	/* A prefix of 16 bits or less ignores the scope. */
	rt(&ev, VW_EV_ROUTE_ADD, "fe80::/10", NULL, 1);
	ev.u.route.type = VW_RT_BLACKHOLE;
	ASSERT_EQ(apply(t, &ev), 1);
	ASSERT_OK(look(t, "fe80::5%7", 0, &out));
	ASSERT_EQ(out.plen, 10);
	vw_table_free(t);
}

VW_TEST(test_lpm_freebsd)
{
	struct vw_table *t = vw_table_new(VW_OS_FREEBSD);
	struct vw_event ev;
	struct vw_route out;

	apply(t, rt(&ev, VW_EV_ROUTE_ADD, "0.0.0.0/0", "198.18.0.1", 1));
	apply(t, rt(&ev, VW_EV_ROUTE_ADD, "198.18.0.0/24", NULL, 1));
	apply(t, rt(&ev, VW_EV_ROUTE_ADD, "198.18.0.0/25", NULL, 2));
	ASSERT_OK(look(t, "198.18.0.1", 5, &out));	/* ifscope ignored */
	ASSERT_EQ(out.plen, 25);
	ASSERT_OK(look(t, "198.18.0.129", 0, &out));
	ASSERT_EQ(out.plen, 24);
	ASSERT_OK(look(t, "9.9.9.9", 0, &out));
	ASSERT_EQ(out.plen, 0);
	ASSERT_EQ(look(t, "2001:db8::1", 0, &out), VW_ENOENT);
	vw_table_free(t);
}

/*
 * A prefix group whose oldest member (its head in the hash) was deleted,
 * then both ways the group hash grows: walking the node array (the main
 * table holds most routes) and walking the old slots (the default table,
 * a minority).  Every group must still be found, by delete and lookup.
 */
VW_TEST(test_group_heads_across_growth)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct vw_event ev;
	struct vw_route out;
	char buf[64];
	int i;

	for (i = 1; i <= 3; i++) {
		ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.7.0/24",
		    "198.18.0.1", 2, 254, (uint32_t)i * 10)), 1);
		ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.19.7.0/24",
		    "198.18.0.1", 2, 253, (uint32_t)i * 10)), 1);
		ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "2001:db8:7::/48",
		    "2001:db8::1", 2, 254, (uint32_t)i * 10)), 1);
	}
	/* The heads go; the metric-20 routes head their groups now. */
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_DELETE, "198.18.7.0/24",
	    "198.18.0.1", 2, 254, 10)), 1);
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_DELETE, "198.19.7.0/24",
	    "198.18.0.1", 2, 253, 10)), 1);
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_DELETE, "2001:db8:7::/48",
	    "2001:db8::1", 2, 254, 10)), 1);
	/* Grow every group hash several times over. */
	for (i = 0; i < 20000; i++) {
		snprintf(buf, sizeof(buf), "198.18.%d.%d/32", 8 + i / 250,
		    i % 250);
		ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, buf, NULL, 3, 254,
		    0)), 1);
		if (i % 20 == 0) {
			snprintf(buf, sizeof(buf), "198.19.%d.%d/32",
			    8 + i / 250, i % 250);
			ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, buf, NULL,
			    3, 253, 0)), 1);
			snprintf(buf, sizeof(buf), "2001:db8:8::%x/128", i);
			ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, buf, NULL,
			    3, 254, 0)), 1);
		}
	}
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 6 + 20000 + 2 * 1000);
	ASSERT_OK(look(t, "198.18.7.9", 0, &out));
	ASSERT_EQ(out.plen, 24);
	ASSERT_EQ(out.metric, 20);
	ASSERT_OK(look(t, "198.19.7.9", 0, &out));
	ASSERT_EQ(out.table, 253);
	ASSERT_EQ(out.metric, 20);
	ASSERT_OK(look(t, "2001:db8:7::9", 0, &out));
	ASSERT_EQ(out.plen, 48);
	ASSERT_EQ(out.metric, 20);
	ASSERT_OK(look(t, "198.19.87.230", 0, &out));
	ASSERT_EQ(out.plen, 32);
	/* An identical re-add finds each route: no diff. */
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.19.7.0/24",
	    "198.18.0.1", 2, 253, 30)), 0);
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_ADD, "198.18.8.0/32", NULL, 3,
	    254, 0)), 0);
	/* Deleting the new heads leaves the metric-30 routes. */
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_DELETE, "198.18.7.0/24",
	    "198.18.0.1", 2, 254, 20)), 1);
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_DELETE, "198.19.7.0/24",
	    "198.18.0.1", 2, 253, 20)), 1);
	ASSERT_EQ(apply(t, lrt(&ev, VW_EV_ROUTE_DELETE, "2001:db8:7::/48",
	    "2001:db8::1", 2, 254, 20)), 1);
	ASSERT_OK(look(t, "198.18.7.9", 0, &out));
	ASSERT_EQ(out.metric, 30);
	ASSERT_OK(look(t, "198.19.7.9", 0, &out));
	ASSERT_EQ(out.metric, 30);
	ASSERT_OK(look(t, "2001:db8:7::9", 0, &out));
	ASSERT_EQ(out.metric, 30);
	vw_table_free(t);
}

/* ---- randomised: growth, deletions, LPM against a naive model ---------- */

#define POOL	400000
#define NOPS	800000
#define NLOOK	10000

struct mkey {
	uint8_t		fam;
	uint8_t		plen;
	uint8_t		present;
	uint8_t		type;
	uint32_t	table, metric, ifindex;
	uint8_t		a[16];
};

static uint64_t rng_s = 0x9e3779b97f4a7c15ULL;

static uint64_t
rnd(void)
{
	rng_s ^= rng_s << 13;
	rng_s ^= rng_s >> 7;
	rng_s ^= rng_s << 17;
	return rng_s;
}

static void
mask16(uint8_t *a, unsigned plen)
{
	unsigned i;

	for (i = 0; i < 16; i++) {
		if (i * 8 >= plen)
			a[i] = 0;
		else if (i * 8 + 8 > plen)
			a[i] &= (uint8_t)(0xff00u >> (plen - i * 8));
	}
}

static int
mkey_cmp(const void *pa, const void *pb)
{
	const struct mkey *a = pa, *b = pb;
	int c;

	if (a->fam != b->fam)
		return a->fam - b->fam;
	if ((c = memcmp(a->a, b->a, 16)) != 0)
		return c;
	if (a->plen != b->plen)
		return a->plen - b->plen;
	if (a->table != b->table)
		return a->table < b->table ? -1 : 1;
	return a->metric < b->metric ? -1 : a->metric > b->metric;
}

static void
mkey_event(const struct mkey *k, int kind, struct vw_event *ev)
{
	vw_event_init(ev, kind);
	ev->u.route.dst.family = k->fam;
	memcpy(ev->u.route.dst.a, k->a, 16);
	ev->u.route.plen = k->plen;
	ev->u.route.table = k->table;
	ev->u.route.metric = k->metric;
	ev->u.route.ifindex = k->ifindex;
	ev->u.route.type = k->type;
}

/*
 * The naive model: every present key of a (family, table) in a flat array,
 * each checked against the address; best = longest, then lowest metric.
 */
struct mref {
	uint64_t	hi, lo, mhi, mlo;	/* prefix and mask, host order */
	uint32_t	metric;
	uint32_t	idx;			/* into the pool */
	uint8_t		plen;
};

struct model {
	struct mref	*e[2][3];		/* [v6][table 255, 254, 253] */
	size_t		 n[2][3];
};

static const uint32_t model_tables[] = { 255, 254, 253 };

static uint64_t
be64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void
model_build(struct model *m, const struct mkey *pool, size_t n)
{
	size_t i, f, ti;

	for (f = 0; f < 2; f++)
		for (ti = 0; ti < 3; ti++) {
			m->e[f][ti] = calloc(n, sizeof(struct mref));
			m->n[f][ti] = 0;
		}
	for (i = 0; i < n; i++) {
		const struct mkey *k = &pool[i];
		uint8_t mk[16];
		struct mref *r;

		if (!k->present)
			continue;
		f = k->fam == VW_AF_INET6;
		for (ti = 0; model_tables[ti] != k->table; ti++)
			;
		r = &m->e[f][ti][m->n[f][ti]++];
		memset(mk, 0xff, 16);
		mask16(mk, k->plen);
		r->hi = be64(k->a);
		r->lo = be64(k->a + 8);
		r->mhi = be64(mk);
		r->mlo = be64(mk + 8);
		r->metric = k->metric;
		r->plen = k->plen;
		r->idx = (uint32_t)i;
	}
}

static void
model_free(struct model *m)
{
	size_t f, ti;

	for (f = 0; f < 2; f++)
		for (ti = 0; ti < 3; ti++)
			free(m->e[f][ti]);
}

static long
model_lookup(const struct model *m, const struct mkey *pool,
    const uint8_t *a, int fam)
{
	const struct mref *best, *r;
	uint64_t hi = be64(a), lo = be64(a + 8);
	size_t i, ti, f = fam == VW_AF_INET6;

	for (ti = 0; ti < 3; ti++) {
		best = NULL;
		for (i = 0; i < m->n[f][ti]; i++) {
			r = &m->e[f][ti][i];
			if ((hi & r->mhi) != r->hi || (lo & r->mlo) != r->lo)
				continue;
			if (best == NULL || r->plen > best->plen ||
			    (r->plen == best->plen && r->metric < best->metric))
				best = r;
		}
		if (best != NULL && pool[best->idx].type != VW_RT_THROW)
			return (long)best->idx;
	}
	return -1;
}

VW_TEST(test_random_against_model)
{
	static const uint8_t plen4[] = { 0, 8, 12, 16, 20, 22, 24, 24, 24, 26,
	    28, 28, 30, 30, 32, 32, 32, 32, 32 };
	static const uint8_t plen6[] = { 0, 16, 32, 40, 48, 56, 64, 64, 96,
	    127, 128, 128 };
	static const uint32_t tables[] = { 254, 254, 254, 254, 254, 255, 253 };
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct mkey *pool = calloc(POOL, sizeof(*pool));
	struct vw_event *ev = malloc(sizeof(*ev));
	struct vw_route out;
	struct model model;
	struct vw_ip a;
	size_t n, i, j, present = 0, peak = 0;
	long want;
	int expect, rc;

	ASSERT(pool != NULL && ev != NULL);
	/* A pool of distinct keys, clustered so that prefixes nest. */
	for (i = 0; i < POOL; i++) {
		struct mkey *k = &pool[i];
		uint64_t r = rnd();

		if (r % 16 == 0) {
			k->fam = VW_AF_INET6;
			k->plen = plen6[(r >> 8) % sizeof(plen6)];
			k->a[0] = 0x20;
			k->a[1] = 0x01;
			k->a[2] = 0x0d;
			k->a[3] = 0xb8;
			r = rnd();
			k->a[4] = (uint8_t)(r & 3);
			for (j = 5; j < 16; j++)
				k->a[j] = (uint8_t)(r >> (j * 4));
		} else {
			k->fam = VW_AF_INET;
			k->plen = plen4[(r >> 8) % sizeof(plen4)];
			k->a[0] = 198;
			k->a[1] = (uint8_t)(r >> 16);
			k->a[2] = (uint8_t)(r >> 24);
			k->a[3] = (uint8_t)(r >> 32);
		}
		mask16(k->a, k->plen);
		k->table = tables[(r >> 40) % 7];
		k->metric = (uint32_t)((r >> 44) % 3) * 100;
	}
	qsort(pool, POOL, sizeof(*pool), mkey_cmp);
	for (i = n = 0; i < POOL; i++)
		if (n == 0 || mkey_cmp(&pool[n - 1], &pool[i]) != 0)
			pool[n++] = pool[i];
	/* Shuffle, so that adds do not come in sorted order. */
	for (i = n; i > 1; i--) {
		struct mkey tmp;

		j = rnd() % i;
		tmp = pool[i - 1];
		pool[i - 1] = pool[j];
		pool[j] = tmp;
	}

	for (i = 0; i < NOPS; i++) {
		/* Grow first; then churn with as many deletes as adds. */
		int add = i < NOPS * 2 / 3 ? rnd() % 8 != 0 : rnd() % 2 == 0;
		struct mkey *k = &pool[rnd() % n];

		if (add) {
			uint32_t ifx = 1 + (uint32_t)(rnd() % 4);
			uint8_t type = rnd() % 50 == 0 ? VW_RT_THROW :
			    rnd() % 50 == 0 ? VW_RT_UNREACHABLE : VW_RT_UNICAST;

			expect = !k->present || k->ifindex != ifx ||
			    k->type != type;
			k->ifindex = ifx;
			k->type = type;
			/* Replace semantics: one route per model key. */
			mkey_event(k, VW_EV_ROUTE_CHANGE, ev);
			present += !k->present;
			k->present = 1;
		} else {
			expect = k->present;
			mkey_event(k, VW_EV_ROUTE_DELETE, ev);
			present -= k->present;
			k->present = 0;
		}
		rc = vw_table_apply(t, ev, NULL, NULL);
		ASSERT_EQ(rc, expect);
		if (present > peak)
			peak = present;
	}
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), present);
	fprintf(stderr, "# %zu keys, peak %zu routes, %zu at the end\n", n, peak,
	    present);
	ASSERT_GE(peak, 200000);

	model_build(&model, pool, n);
	for (i = 0; i < NLOOK; i++) {
		const struct mkey *k = &pool[rnd() % n];
		uint64_t r = rnd();

		memset(&a, 0, sizeof(a));
		a.family = k->fam;
		memcpy(a.a, k->a, 16);
		/* Random host bits below the prefix, sometimes anywhere. */
		for (j = k->plen / 8; j < 16; j++)
			a.a[j] |= (uint8_t)(rnd() & (j * 8 >= k->plen ? 0xff :
			    0xffu >> (k->plen - j * 8)));
		if (k->fam == VW_AF_INET)
			memset(a.a + 4, 0, 12);
		if (r % 10 == 0)
			a.a[1] ^= (uint8_t)(r >> 8);
		want = model_lookup(&model, pool, a.a, a.family);
		rc = vw_table_lookup(t, &a, 0, &out);
		if (want < 0) {
			ASSERT_EQ(rc, VW_ENOENT);
			continue;
		}
		ASSERT_EQ(rc, 0);
		ASSERT_EQ(out.plen, pool[want].plen);
		ASSERT_EQ(out.table, pool[want].table);
		ASSERT_EQ(out.metric, pool[want].metric);
		ASSERT_EQ(out.ifindex, pool[want].ifindex);
		ASSERT_MEM_EQ(out.dst.a, pool[want].a, 16);
	}
	model_free(&model);
	free(ev);
	free(pool);
	vw_table_free(t);
}

VW_TEST_MAIN(test_route_bsd_keys, test_route_linux_keys,
    test_route_linux_per_device,
    test_route_fields_roundtrip, test_route_multipath, test_invalid_input,
    test_diff_origin, test_callback_view, test_neigh, test_neigh_many,
    test_link_partial_and_updown, test_link_returns_with_new_index,
    test_link_delete_cascade, test_link_down_linux, test_addr, test_links_sorted, test_sync,
    test_routes_sorted_darwin, test_routes_sorted_linux, test_lpm_linux,
    test_lpm_darwin_scoped, test_lpm_freebsd, test_group_heads_across_growth,
    test_random_against_model)
