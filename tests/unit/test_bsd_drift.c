/* SPDX-License-Identifier: ISC */
/*
 * test_bsd_drift.c - lib/bsd_drift.c: which differences a BSD re-dump may
 * find without a routing message having been lost.
 *
 * The end-to-end cases load a fixture dump (tests/fixtures/bsd_fix*.c) into
 * a table, re-dump it inside a table sync with some entries gone, and
 * count the sweep's diffs the way the daemon's resync does.
 */
#include <stdint.h>
#include <string.h>

#include "bsd_drift.h"
#include "bsd_fix.h"
#include "bsd_msg.h"
#include "bsd_wire.h"
#include "vw_table.h"
#include "vw_test.h"

#define OBJS_ALL	((1u << VW_OBJ_ROUTE) | (1u << VW_OBJ_NEIGH) |	\
	(1u << VW_OBJ_LINK) | (1u << VW_OBJ_ADDR))

struct count {
	int	os;
	int	announced, silent;
	int	kinds[VW_EV__MAX];
};

static void
count_cb(const struct vw_event *d, void *arg)
{
	struct count *c = arg;

	if (vw_bsd_diff_unannounced(c->os, d))
		c->silent++;
	else
		c->announced++;
	c->kinds[d->kind]++;
}

/* Skip a decoded message when it returns 1 (the kernel no longer has it). */
typedef int (*skip_fn)(const struct vw_bsd_msg *m);

/* Apply every message of b, as the daemon's walk does. */
static void
load(struct vw_table *t, const struct bsd_buf *b, skip_fn skip,
    vw_diff_cb cb, void *arg)
{
	static struct vw_bsd_msg m;
	static struct vw_event ev[2];
	struct vw_perr e;
	size_t off = 0;
	int step, n, i;

	while (off < b->len) {
		step = vw_bsd_parse(b->os, b->b + off, b->len - off, off, &m,
		    &e);
		if (step == VW_ESKIP) {
			off += m.msglen;
			continue;
		}
		ASSERT(step > 0);
		off += (size_t)step;
		if (skip != NULL && skip(&m))
			continue;
		n = vw_bsd_to_events(&m, BSD_FIX_NOW, ev, 2);
		for (i = 0; i < n; i++)
			ASSERT(vw_table_apply(t, &ev[i], cb, arg) >= 0);
	}
}

static int
skip_cloned(const struct vw_bsd_msg *m)
{
	return m->hdr == VW_BH_RT2 &&
	    (m->flags & (VW_RTF_WASCLONED | VW_RTF_LLINFO)) != 0;
}

static int
skip_bridge_net(const struct vw_bsd_msg *m)
{
	static const uint8_t net[4] = { 192, 168, 64, 0 };
	struct vw_ip dst;

	return m->hdr == VW_BH_RT2 && !(m->flags & VW_RTF_HOST) &&
	    vw_bsd_sa_ip(m, VW_RTAX_DST, &dst) == 0 &&
	    dst.family == VW_AF_INET && memcmp(dst.a, net, 4) == 0;
}

static int
skip_second_arp(const struct vw_bsd_msg *m)
{
	static int seen;

	(void)m;
	return ++seen % 4 == 2;
}

VW_TEST(test_macos_clone_churn_is_not_drift)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct bsd_buf b;
	struct count c;

	ASSERT(t != NULL);
	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_table(&b);
	load(t, &b, NULL, NULL, NULL);
	/* The ARP entries and protocol clones expired silently. */
	memset(&c, 0, sizeof(c));
	c.os = VW_OS_DARWIN;
	vw_table_sync_begin(t, OBJS_ALL);
	load(t, &b, skip_cloned, count_cb, &c);
	ASSERT_EQ(vw_table_sync_end(t, count_cb, &c),
	    c.announced + c.silent);
	ASSERT_EQ(c.announced, 0);
	/* 6 neighbours and their cloned routes, and 17.253.144.10 (W). */
	ASSERT_EQ(c.kinds[VW_EV_NEIGH_DELETE], 6);
	ASSERT_GE(c.kinds[VW_EV_ROUTE_DELETE], 7);
	ASSERT_EQ(c.silent, c.kinds[VW_EV_NEIGH_DELETE] +
	    c.kinds[VW_EV_ROUTE_DELETE]);

	/* The same dump again brings them back: still no drift. */
	memset(&c, 0, sizeof(c));
	c.os = VW_OS_DARWIN;
	vw_table_sync_begin(t, OBJS_ALL);
	load(t, &b, NULL, count_cb, &c);
	vw_table_sync_end(t, count_cb, &c);
	ASSERT_EQ(c.announced, 0);
	ASSERT_EQ(c.kinds[VW_EV_NEIGH_ADD], 6);
	bsd_buf_free(&b);
	vw_table_free(t);
}

VW_TEST(test_macos_lost_delete_is_drift)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct bsd_buf b;
	struct count c;

	ASSERT(t != NULL);
	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_table(&b);
	load(t, &b, NULL, NULL, NULL);
	/* 192.168.64.0/24 is gone, and its RTM_DELETE never arrived. */
	memset(&c, 0, sizeof(c));
	c.os = VW_OS_DARWIN;
	vw_table_sync_begin(t, OBJS_ALL);
	load(t, &b, skip_bridge_net, count_cb, &c);
	ASSERT_EQ(vw_table_sync_end(t, count_cb, &c), 1);
	ASSERT_EQ(c.announced, 1);
	ASSERT_EQ(c.silent, 0);
	ASSERT_EQ(c.kinds[VW_EV_ROUTE_DELETE], 1);
	bsd_buf_free(&b);
	vw_table_free(t);
}

VW_TEST(test_freebsd_ipv4_arp_is_silent)
{
	struct vw_table *t = vw_table_new(VW_OS_FREEBSD);
	struct bsd_buf b;
	struct count c;

	ASSERT(t != NULL);
	bsd_buf_init(&b, VW_OS_FREEBSD);
	bsd_fix_freebsd_arp(&b);
	load(t, &b, NULL, NULL, NULL);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_NEIGH), 4);
	/* The ARP poll's sync: one entry expired. */
	memset(&c, 0, sizeof(c));
	c.os = VW_OS_FREEBSD;
	vw_table_sync_begin(t, 1u << VW_OBJ_NEIGH);
	load(t, &b, skip_second_arp, count_cb, &c);
	ASSERT_EQ(vw_table_sync_end(t, count_cb, &c), 1);
	ASSERT_EQ(c.kinds[VW_EV_NEIGH_DELETE], 1);
	ASSERT_EQ(c.silent, 1);
	ASSERT_EQ(c.announced, 0);
	bsd_buf_free(&b);
	vw_table_free(t);
}

/* ---- single diffs -------------------------------------------------------- */

static struct vw_event diffs[8];
static int ndiffs;

static void
keep_cb(const struct vw_event *d, void *arg)
{
	(void)arg;
	if (ndiffs < 8)
		diffs[ndiffs++] = *d;
}

static struct vw_event
link_ev(int kind, uint32_t flags, uint32_t mtu)
{
	struct vw_event ev;

	vw_event_init(&ev, kind);
	ev.u.link.index = 24;
	snprintf(ev.u.link.name, sizeof(ev.u.link.name), "bridge100");
	ev.u.link.flags = flags;
	ev.u.link.lflags = (flags & VW_IFF_BSD_UP ? VW_LF_UP : 0) |
	    (flags & VW_IFF_BSD_RUNNING ? VW_LF_RUNNING : 0);
	ev.u.link.mtu = mtu;
	ev.u.link.have = VW_LH_NAME | VW_LH_MTU;
	return ev;
}

/* Apply a to an empty table, then b; the last diff b gave. */
static struct vw_event
link_diff(int os, struct vw_event a, struct vw_event b)
{
	struct vw_table *t = vw_table_new(os);

	ASSERT(t != NULL);
	ASSERT_EQ(vw_table_apply(t, &a, NULL, NULL), 1);
	ndiffs = 0;
	ASSERT_EQ(vw_table_apply(t, &b, keep_cb, NULL), 1);
	vw_table_free(t);
	return diffs[ndiffs - 1];
}

VW_TEST(test_macos_link_changes)
{
	const uint32_t up = VW_IFF_BSD_UP | VW_IFF_BSD_BROADCAST |
	    VW_IFF_BSD_MULTICAST, run = VW_IFF_BSD_RUNNING;
	struct vw_event d;

	/* IFF_RUNNING alone: RTM_IFINFO is not sent for it. */
	d = link_diff(VW_OS_DARWIN, link_ev(VW_EV_LINK_ADD, up | run, 1500),
	    link_ev(VW_EV_LINK_CHANGE, up, 1500));
	ASSERT_EQ(d.kind, VW_EV_LINK_CHANGE);
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 1);
	/* MTU: SIOCSIFMTU sends RTM_IFINFO. */
	d = link_diff(VW_OS_DARWIN, link_ev(VW_EV_LINK_ADD, up | run, 1500),
	    link_ev(VW_EV_LINK_CHANGE, up | run, 1400));
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 0);
	/* Promiscuous mode: announced too. */
	d = link_diff(VW_OS_DARWIN, link_ev(VW_EV_LINK_ADD, up | run, 1500),
	    link_ev(VW_EV_LINK_CHANGE, up | run | VW_IFF_BSD_PROMISC, 1500));
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 0);
	/* IFF_UP: if_updown() sends RTM_IFINFO. */
	d = link_diff(VW_OS_DARWIN, link_ev(VW_EV_LINK_ADD, up | run, 1500),
	    link_ev(VW_EV_LINK_CHANGE, run, 1500));
	ASSERT_EQ(d.kind, VW_EV_LINK_DOWN);
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 0);
	/* Carrier only (KEV_DL_LINK_OFF): flags and MTU equal. */
	{
		struct vw_event a = link_ev(VW_EV_LINK_ADD, up | run, 1500),
		    b = a;

		a.u.link.lflags |= VW_LF_LOWER_UP;
		b.kind = VW_EV_LINK_CHANGE;
		d = link_diff(VW_OS_DARWIN, a, b);
		ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 1);
	}
	/* Attach and detach come on the kernel-event socket only... */
	d = link_ev(VW_EV_LINK_ADD, up, 1500);
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 1);
	d.kind = VW_EV_LINK_DELETE;
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 1);
	/* ...while FreeBSD sends RTM_IFANNOUNCE. */
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_FREEBSD, &d), 0);
	d = link_diff(VW_OS_FREEBSD, link_ev(VW_EV_LINK_ADD, up | run, 1500),
	    link_ev(VW_EV_LINK_CHANGE, up, 1500));
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_FREEBSD, &d), 0);
}

VW_TEST(test_route_flags)
{
	struct vw_event d;

	vw_event_init(&d, VW_EV_ROUTE_ADD);
	d.u.route.dst.family = VW_AF_INET;
	d.u.route.flags = VW_RTF_UP | VW_RTF_GATEWAY | VW_RTF_STATIC;
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 0);
	d.u.route.flags |= VW_RTF_WASCLONED;
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 1);
	/* FreeBSD has no cloning: that bit means nothing there. */
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_FREEBSD, &d), 0);
	/* A redirect-made route (RTM_REDIRECT carries no table event). */
	d.u.route.flags = VW_RTF_UP | VW_RTF_HOST | VW_RTF_DYNAMIC;
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 1);
	/* A change from a clone counts by either side's flags. */
	d.kind = VW_EV_ROUTE_CHANGE;
	d.u.route.flags = VW_RTF_UP | VW_RTF_HOST;
	d.old.route.flags = VW_RTF_UP | VW_RTF_HOST | VW_RTF_WASCLONED;
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 1);
	d.old.route.flags = VW_RTF_UP | VW_RTF_HOST;
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 0);
}

VW_TEST(test_neighbours_addresses_and_others)
{
	struct vw_event d;

	vw_event_init(&d, VW_EV_NEIGH_ADD);
	d.u.neigh.addr.family = VW_AF_INET;
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 1);
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_FREEBSD, &d), 1);
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_LINUX, &d), 0);
	/* FreeBSD nd6_lle_event announces IPv6 neighbours. */
	d.u.neigh.addr.family = VW_AF_INET6;
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 1);
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_FREEBSD, &d), 0);
	/* Addresses: RTM_NEWADDR/RTM_DELADDR on both. */
	vw_event_init(&d, VW_EV_ADDR_DELETE);
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 0);
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_FREEBSD, &d), 0);
	/* Not a table event. */
	vw_event_init(&d, VW_EV_DAEMON_RESYNC);
	ASSERT_EQ(vw_bsd_diff_unannounced(VW_OS_DARWIN, &d), 0);
}

VW_TEST_MAIN(test_macos_clone_churn_is_not_drift,
    test_macos_lost_delete_is_drift, test_freebsd_ipv4_arp_is_silent,
    test_macos_link_changes, test_route_flags,
    test_neighbours_addresses_and_others)
