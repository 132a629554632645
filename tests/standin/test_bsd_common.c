/* SPDX-License-Identifier: ISC */
/*
 * test_bsd_common.c - daemon/platform/bsd_common.c run on Linux: the
 * shared core of the macOS and FreeBSD kernel sources (sysctl dumps into
 * a table sync, the ARP poll, drift counting, the routing-socket read),
 * compiled against the macOS stand-in headers with a fake sysctl() that
 * serves fixture buffers (tests/fixtures/bsd_fix*.c).
 *
 * The counts a table should hold come from loading the same fixtures with
 * a plain walk of lib/ calls here, not from numbers written down.
 */
#include "platform/bsd_sys.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "bsd_fix.h"
#include "bsd_msg.h"
#include "bsd_wire.h"
#include "platform/bsd_common.h"
#include "vw_table.h"
#include "vw_test.h"
#include "vwlog.h"

/* ---- fakes: sysctl() and the daemon's log ------------------------------- */

static struct fake {
	struct bsd_buf	iflist2, dump2, ll4, ll6;
	int		enomem_once;	/* next read: the table "grew" */
	int		fail_errno;	/* every call fails with this */
	int		calls;
} fk;

static int nwarn;

static struct bsd_buf *
fake_buf(const int *mib, u_int n)
{
	if (n != 6 || mib[0] != CTL_NET || mib[1] != PF_ROUTE)
		return NULL;
	switch (mib[4]) {
	case NET_RT_IFLIST2:
		return &fk.iflist2;
	case NET_RT_DUMP2:
		return &fk.dump2;
	case NET_RT_FLAGS:
		if (mib[5] != RTF_LLINFO)
			return NULL;
		return mib[3] == AF_INET ? &fk.ll4 : mib[3] == AF_INET6 ?
		    &fk.ll6 : NULL;
	default:
		return NULL;
	}
}

int
sysctl(int *mib, u_int n, void *old, size_t *oldlen, void *new,
    size_t newlen)
{
	struct bsd_buf *b = fake_buf(mib, n);

	fk.calls++;
	if (fk.fail_errno != 0) {
		errno = fk.fail_errno;
		return -1;
	}
	if (b == NULL || new != NULL || newlen != 0) {
		errno = EINVAL;
		return -1;
	}
	if (old == NULL) {
		*oldlen = b->len;
		return 0;
	}
	if (fk.enomem_once || *oldlen < b->len) {
		fk.enomem_once = 0;
		errno = ENOMEM;
		return -1;
	}
	if (b->len > 0)
		memcpy(old, b->b, b->len);
	*oldlen = b->len;
	return 0;
}

void
vw_log_warnx(const char *fmt, ...)
{
	(void)fmt;
	nwarn++;
}

void
vw_log_warn(const char *fmt, ...)
{
	(void)fmt;
	nwarn++;
}

void
vw_log_info(const char *fmt, ...)
{
	(void)fmt;
}

void
vw_log_debug(const char *fmt, ...)
{
	(void)fmt;
}

/* ---- the callbacks of ksrc.h ---------------------------------------------- */

static struct seen {
	int	kinds[VW_EV__MAX];
	int	ndiff;
	int	nresync, repaired;
	char	why[64];
} sn;

static void
diff_cb(const struct vw_event *d, void *arg)
{
	(void)arg;
	sn.kinds[d->kind]++;
	sn.ndiff++;
}

static void
resync_cb(int repaired, const char *why, void *arg)
{
	(void)arg;
	sn.nresync++;
	sn.repaired = repaired;
	snprintf(sn.why, sizeof(sn.why), "%s", why);
}

/* ---- set-up -------------------------------------------------------------- */

static const struct vw_bsd_dump dumps[] = {
	{ { CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST2, 0 }, 6,
	    "NET_RT_IFLIST2", NULL, 0, 0 },
	{ { CTL_NET, PF_ROUTE, 0, 0, NET_RT_DUMP2, 0 }, 6,
	    "NET_RT_DUMP2", NULL, 0, 0 },
	{ { CTL_NET, PF_ROUTE, 0, AF_INET, NET_RT_FLAGS, RTF_LLINFO }, 6,
	    "NET_RT_FLAGS inet", NULL, 0, 0 },
	{ { CTL_NET, PF_ROUTE, 0, AF_INET6, NET_RT_FLAGS, RTF_LLINFO }, 6,
	    "NET_RT_FLAGS inet6", NULL, 0, 0 },
};
#define NDUMP	(sizeof(dumps) / sizeof(dumps[0]))

struct env {
	struct vw_table		*t;
	struct vw_bsd_dump	 d[NDUMP];
	struct vw_bsd_core	 c;
};

/* The macOS fixture tables; the ARP dumps are empty unless a test fills. */
static void
env_init(struct env *e)
{
	size_t i;

	memset(&fk, 0, sizeof(fk));
	memset(&sn, 0, sizeof(sn));
	nwarn = 0;
	bsd_buf_init(&fk.iflist2, VW_OS_DARWIN);
	bsd_buf_init(&fk.dump2, VW_OS_DARWIN);
	bsd_buf_init(&fk.ll4, VW_OS_DARWIN);
	bsd_buf_init(&fk.ll6, VW_OS_DARWIN);
	bsd_fix_macos_iflist2(&fk.iflist2);
	bsd_fix_macos_routes(&fk.dump2);
	e->t = vw_table_new(VW_OS_DARWIN);
	ASSERT(e->t != NULL);
	for (i = 0; i < NDUMP; i++)
		e->d[i] = dumps[i];
	e->c = (struct vw_bsd_core){ .table = e->t, .os = VW_OS_DARWIN,
	    .keep_carrier = 1, .rtfd = -1, .dump = e->d, .ndump = NDUMP,
	    .diff_cb = diff_cb, .resync_cb = resync_cb, .arg = NULL };
}

static void
env_free(struct env *e)
{
	vw_bsd_core_free(&e->c);
	vw_table_free(e->t);
	bsd_buf_free(&fk.iflist2);
	bsd_buf_free(&fk.dump2);
	bsd_buf_free(&fk.ll4);
	bsd_buf_free(&fk.ll6);
}

/* The reference: every message of every buffer applied by lib/ alone. */
static struct vw_table *
reference(const struct bsd_buf *const *bufs, size_t n)
{
	static struct vw_bsd_msg m;
	static struct vw_event ev[2];
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct vw_perr e;
	size_t i, off;
	int step, nev, k;

	ASSERT(t != NULL);
	for (i = 0; i < n; i++)
		for (off = 0; off < bufs[i]->len; off += (size_t)step) {
			step = vw_bsd_parse(VW_OS_DARWIN, bufs[i]->b + off,
			    bufs[i]->len - off, off, &m, &e);
			if (step == VW_ESKIP)
				step = m.msglen;
			ASSERT(step > 0);
			nev = vw_bsd_to_events(&m, (int64_t)time(NULL), ev, 2);
			for (k = 0; k < nev; k++)
				ASSERT(vw_table_apply(t, &ev[k], NULL,
				    NULL) >= 0);
		}
	return t;
}

static void
assert_counts(const struct vw_table *got, const struct vw_table *want)
{
	int obj;

	for (obj = VW_OBJ_ROUTE; obj <= VW_OBJ_ADDR; obj++)
		ASSERT_EQ(vw_table_count(got, obj), vw_table_count(want, obj));
}

/* ---- tests --------------------------------------------------------------- */

VW_TEST(test_load_applies_every_dump)
{
	const struct bsd_buf *bufs[] = { &fk.iflist2, &fk.dump2 };
	struct vw_table *ref;
	struct env e;
	char err[200];
	long i, n;
	const struct vw_link **links;

	env_init(&e);
	ASSERT_OK(vw_bsd_core_load(&e.c, err, sizeof(err)));
	ASSERT_EQ(sn.ndiff, 0);		/* the initial load reports nothing */
	ASSERT_EQ(sn.nresync, 0);
	ASSERT_EQ(fk.calls, 8);		/* size query + read, per dump */
	ref = reference(bufs, 2);
	assert_counts(e.t, ref);
	ASSERT(vw_table_count(e.t, VW_OBJ_ROUTE) > 0);
	ASSERT(vw_table_count(e.t, VW_OBJ_NEIGH) > 0);
	/* A running link's carrier is presumed on, others' off. */
	n = vw_table_links(e.t, &links);
	ASSERT(n > 0);
	for (i = 0; i < n; i++)
		ASSERT_EQ(!!(links[i]->lflags & VW_LF_LOWER_UP),
		    !!(links[i]->lflags & VW_LF_RUNNING));
	free(links);
	vw_table_free(ref);
	env_free(&e);
}

VW_TEST(test_resync_without_change_reports_no_drift)
{
	struct env e;
	char err[200];

	env_init(&e);
	ASSERT_OK(vw_bsd_core_load(&e.c, err, sizeof(err)));
	/* Periodic: nothing lost, nothing said. */
	ASSERT_EQ(vw_bsd_core_resync(&e.c, "periodic", 0), 0);
	ASSERT_EQ(sn.ndiff, 0);
	ASSERT_EQ(sn.nresync, 0);
	/* Asked for (SIGHUP, a failed probe): always reported. */
	ASSERT_EQ(vw_bsd_core_resync(&e.c, "SIGHUP", 1), 0);
	ASSERT_EQ(sn.nresync, 1);
	ASSERT_EQ(sn.repaired, 0);
	ASSERT_STR_EQ(sn.why, "SIGHUP");
	env_free(&e);
}

VW_TEST(test_resync_repairs_and_reports_a_lost_delete)
{
	struct env e;
	struct vw_event ev;
	char err[200];
	size_t routes;

	env_init(&e);
	ASSERT_OK(vw_bsd_core_load(&e.c, err, sizeof(err)));
	routes = vw_table_count(e.t, VW_OBJ_ROUTE);
	/* A route the kernel no longer has: its RTM_DELETE was dropped. */
	vw_event_init(&ev, VW_EV_ROUTE_ADD);
	ASSERT_OK(vw_ip_parse("198.18.0.0", &ev.u.route.dst));
	ev.u.route.plen = 15;
	ev.u.route.gwkind = VW_GW_IP;
	ASSERT_OK(vw_ip_parse("192.168.64.2", &ev.u.route.gw));
	ev.u.route.ifindex = 24;
	ev.u.route.flags = VW_RTF_UP | VW_RTF_GATEWAY | VW_RTF_STATIC;
	ASSERT_EQ(vw_table_apply(e.t, &ev, NULL, NULL), 1);
	ASSERT_EQ(vw_bsd_core_resync(&e.c, "periodic", 0), 1);
	ASSERT_EQ(sn.kinds[VW_EV_ROUTE_DELETE], 1);
	ASSERT_EQ(sn.nresync, 1);
	ASSERT_EQ(sn.repaired, 1);
	ASSERT_STR_EQ(sn.why, "periodic");
	ASSERT_EQ(vw_table_count(e.t, VW_OBJ_ROUTE), routes);
	env_free(&e);
}

VW_TEST(test_arp_poll_touches_neighbours_only)
{
	const struct bsd_buf *bufs[] = { &fk.iflist2, &fk.dump2 };
	const struct vw_route **routes;
	struct vw_table *ref;
	struct vw_event ev;
	struct env e;
	char err[200];
	size_t neigh;
	long n;

	env_init(&e);
	ASSERT_OK(vw_bsd_core_load(&e.c, err, sizeof(err)));
	neigh = vw_table_count(e.t, VW_OBJ_NEIGH);
	ASSERT(neigh > 0);
	/* The ARP table emptied (the ll dumps are empty). */
	fk.calls = 0;
	vw_bsd_core_arp_poll(&e.c);
	ASSERT_EQ(fk.calls, 4);		/* only the two NET_RT_FLAGS dumps */
	ASSERT_EQ(sn.kinds[VW_EV_NEIGH_DELETE], (int)neigh);
	ASSERT_EQ(sn.ndiff, (int)neigh);
	ASSERT_EQ(sn.nresync, 0);	/* neigh.* events, not drift */
	ASSERT_EQ(vw_table_count(e.t, VW_OBJ_NEIGH), 0);
	/* Routes, the cloned ones too, wait for the full resync. */
	ref = reference(bufs, 2);
	ASSERT_EQ(vw_table_count(e.t, VW_OBJ_ROUTE),
	    vw_table_count(ref, VW_OBJ_ROUTE));
	/*
	 * It lists them again (with every other route: NET_RT_FLAGS on
	 * macOS is a route dump): they come back as neigh.add, and a route
	 * the mirror lacks is not the poll's business.
	 */
	n = vw_table_routes(e.t, 0, &routes);
	ASSERT(n > 0);
	vw_event_init(&ev, VW_EV_ROUTE_DELETE);
	ev.u.route = *routes[0];
	free(routes);
	ASSERT_EQ(vw_table_apply(e.t, &ev, NULL, NULL), 1);
	bsd_fix_macos_routes(&fk.ll4);
	memset(&sn, 0, sizeof(sn));
	vw_bsd_core_arp_poll(&e.c);
	ASSERT_EQ(sn.kinds[VW_EV_NEIGH_ADD], (int)neigh);
	ASSERT_EQ(sn.ndiff, (int)neigh);
	ASSERT_EQ(vw_table_count(e.t, VW_OBJ_NEIGH), neigh);
	ASSERT_EQ(vw_table_count(e.t, VW_OBJ_ROUTE),
	    vw_table_count(ref, VW_OBJ_ROUTE) - 1);
	vw_table_free(ref);
	env_free(&e);
}

VW_TEST(test_a_malformed_dump_leaves_the_table_alone)
{
	struct env e;
	char err[200];
	size_t off[64], n;

	env_init(&e);
	ASSERT_OK(vw_bsd_core_load(&e.c, err, sizeof(err)));
	/* The fifth route's length now points past the buffer. */
	n = bsd_fix_offsets(&fk.dump2, off, 64);
	ASSERT(n > 5);
	bsd_set16(&fk.dump2, off[4], 0xfff0);
	ASSERT(vw_bsd_core_resync(&e.c, "periodic", 1) < 0);
	ASSERT_EQ(sn.ndiff, 0);		/* nothing swept */
	ASSERT_EQ(sn.nresync, 0);
	ASSERT_EQ(nwarn, 1);
	/* The same for a failing sysctl. */
	fk.fail_errno = EPERM;
	ASSERT_EQ(vw_bsd_core_resync(&e.c, "periodic", 1), -EPERM);
	ASSERT_EQ(vw_bsd_core_load(&e.c, err, sizeof(err)), -EPERM);
	ASSERT(strstr(err, "NET_RT_IFLIST2") != NULL);
	ASSERT_EQ(sn.ndiff, 0);
	ASSERT(vw_table_count(e.t, VW_OBJ_ROUTE) > 0);
	env_free(&e);
}

VW_TEST(test_a_growing_table_is_read_again)
{
	struct env e;
	char err[200];

	env_init(&e);
	fk.enomem_once = 1;
	ASSERT_OK(vw_bsd_core_load(&e.c, err, sizeof(err)));
	ASSERT_EQ(fk.calls, 10);	/* IFLIST2 twice */
	ASSERT(vw_table_count(e.t, VW_OBJ_LINK) > 0);
	env_free(&e);
}

VW_TEST(test_socket_reads)
{
	struct env e;
	struct bsd_buf b;
	char err[200];

	env_init(&e);
	ASSERT_OK(vw_bsd_core_load(&e.c, err, sizeof(err)));
	/* RTM_MISS: skipped unparsed, even when malformed past its header. */
	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_miss(&b);
	bsd_set16(&b, 0, 0xffff);
	vw_bsd_core_read(&e.c, b.b, b.len);
	ASSERT_EQ(sn.ndiff, 0);
	ASSERT_EQ(nwarn, 0);
	bsd_buf_free(&b);
	/* route add -net 192.168.64/24 -interface utun4, echoed. */
	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_hijack(&b);
	vw_bsd_core_read(&e.c, b.b, b.len);
	ASSERT(sn.ndiff > 0);
	ASSERT_EQ(nwarn, 0);
	bsd_buf_free(&b);
	/* A truncated message is logged, not applied. */
	memset(&sn, 0, sizeof(sn));
	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_ifdown(&b);
	vw_bsd_core_read(&e.c, b.b, b.len - 1);
	ASSERT_EQ(sn.ndiff, 0);
	ASSERT_EQ(nwarn, 1);
	/* Whole, it takes bridge100 down. */
	vw_bsd_core_read(&e.c, b.b, b.len);
	ASSERT_EQ(sn.kinds[VW_EV_LINK_DOWN], 1);
	bsd_buf_free(&b);
	env_free(&e);
}

VW_TEST(test_resync_keeps_the_kev_carrier)
{
	struct env e;
	struct vw_event ev;
	char err[200];
	const struct vw_link *l;

	env_init(&e);
	ASSERT_OK(vw_bsd_core_load(&e.c, err, sizeof(err)));
	l = vw_table_link_byname(e.t, "bridge100");
	ASSERT(l != NULL);
	ASSERT(l->lflags & VW_LF_LOWER_UP);
	/* KEV_DL_LINK_OFF, as ksrc_darwin.c applies it. */
	vw_event_init(&ev, VW_EV_LINK_CHANGE);
	ev.u.link = *l;
	ev.u.link.lflags &= ~(uint32_t)VW_LF_LOWER_UP;
	ASSERT_EQ(vw_table_apply(e.t, &ev, NULL, NULL), 1);
	/* The dump knows no carrier: the resync changes nothing. */
	ASSERT_EQ(vw_bsd_core_resync(&e.c, "periodic", 1), 0);
	ASSERT_EQ(sn.ndiff, 0);
	l = vw_table_link_byname(e.t, "bridge100");
	ASSERT(l != NULL);
	ASSERT_EQ(l->lflags & VW_LF_LOWER_UP, 0);
	env_free(&e);
}

VW_TEST_MAIN(test_load_applies_every_dump,
    test_resync_without_change_reports_no_drift,
    test_resync_repairs_and_reports_a_lost_delete,
    test_arp_poll_touches_neighbours_only,
    test_a_malformed_dump_leaves_the_table_alone,
    test_a_growing_table_is_read_again, test_socket_reads,
    test_resync_keeps_the_kev_carrier)
