/* SPDX-License-Identifier: ISC */
/*
 * ksrc_darwin.c - the macOS kernel source: PF_ROUTE, the routing sysctls
 * and the kernel-event socket.
 *
 * What xnu does and does not say (reference bsd-route-socket.md 7 and 8,
 * xnu-11417):
 *  - PF_ROUTE carries route and address changes and RTM_IFINFO for
 *    IFF_UP/MTU changes, but no ARP/ND change, no interface attach or
 *    detach, no carrier change, and no overflow signal: a message that
 *    does not fit the socket buffer is dropped silently.
 *  - Interface attach/detach, carrier and link-layer address changes come
 *    on the PF_SYSTEM/SYSPROTO_EVENT socket (KEV_NETWORK_CLASS), decoded
 *    by lib/kev_msg.c.
 * So: a large receive buffer; an ARP/ND poll (NET_RT_FLAGS + RTF_LLINFO)
 * every few seconds, diffed into neigh.* events; and a periodic re-dump of
 * everything (vw_ksrc_opts.resync_ms, default 30 s) diffed into the table.
 * A re-dump's differences that PF_ROUTE should have announced are lost
 * messages: they are counted and reported through resync_cb.  Those it
 * never announces (cloned routes, ARP entries, attach/detach: see
 * lib/bsd_drift.h) are applied and reported as diffs but are not drift.
 *
 * SO_USELOOPBACK stays on (xnu's default): we want the echoes of other
 * processes' route(8) and arp(8) requests, and this process never writes.
 */
#include "platform/bsd_sys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsd_wire.h"
#include "kev_msg.h"
#include "ksrc.h"
#include "platform/bsd_common.h"
#include "vw_error.h"
#include "vwlog.h"

/* The SDK's numbers must be those lib/ decodes with (bsd_wire.h, kev_msg.h). */
_Static_assert(RTM_VERSION == VW_RTM_VERSION && RTM_MISS == VW_RTM_MISS,
    "RTM_* differ from lib/bsd_wire.h");
_Static_assert(RTF_LLINFO == VW_RTF_LLINFO, "RTF_LLINFO");
_Static_assert(AF_INET == VW_BSD_AF_INET &&
    AF_INET6 == VW_BSD_AF_INET6_DARWIN, "AF_INET6 differs");
_Static_assert(CTL_NET == VW_CTL_NET && PF_ROUTE == VW_PF_ROUTE &&
    NET_RT_FLAGS == VW_NET_RT_FLAGS &&
    NET_RT_IFLIST2 == VW_NET_RT_DARWIN_IFLIST2 &&
    NET_RT_DUMP2 == VW_NET_RT_DARWIN_DUMP2, "NET_RT_* differ");
_Static_assert(KEV_VENDOR_APPLE == VW_KEV_VENDOR_APPLE &&
    KEV_NETWORK_CLASS == VW_KEV_NETWORK_CLASS, "KEV_* differ");

/* xnu's default RAWRCVQ is 8 KiB; a VPN installing routes needs more. */
#define KSRC_RCVBUF_DEFAULT	(8 * 1024 * 1024)
#define KSRC_RESYNC_MS_DEFAULT	30000
#define KSRC_ARP_POLL_MS	5000
#define KSRC_KICK_MS		200	/* a burst of events makes one re-dump */
#define KSRC_RTBUF		4096	/* one message per read(); >= 2048 */
#define KSRC_KEVBUF		2048
#define KSRC_BUDGET		256	/* reads per wake-up */

/* Links first; the two ARP/ND dumps last (bsd_common.h). */
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

struct vw_ksrc {
	struct vw_bsd_core	 c;
	uv_poll_t		 rt_poll, kev_poll;
	uv_timer_t		 arp_timer, resync_timer;
	struct vw_bsd_handles	 hs;		/* initialised, to close */
	int			 kevfd;
	uint64_t		 resync_ms;
	char			 why[64];	/* reason for a scheduled re-dump */
	struct vw_bsd_dump	 dump[NDUMP];
	uint8_t			 rbuf[KSRC_RTBUF];
	uint8_t			 kbuf[KSRC_KEVBUF];
};

int
vw_ksrc_os(void)
{
	return VW_OS_DARWIN;
}

int
vw_ksrc_resync(struct vw_ksrc *ks, const char *why)
{
	return vw_bsd_core_resync(&ks->c, why, 1);
}

static void
arp_timer_cb(uv_timer_t *t)
{
	struct vw_ksrc *ks = t->data;

	vw_bsd_core_arp_poll(&ks->c);
}

/* Periodic, or kicked by a kernel event: report only lost messages. */
static void
resync_timer_cb(uv_timer_t *t)
{
	struct vw_ksrc *ks = t->data;
	char why[sizeof(ks->why)];

	snprintf(why, sizeof(why), "%s", ks->why[0] != '\0' ? ks->why :
	    "periodic");
	ks->why[0] = '\0';
	vw_bsd_core_resync(&ks->c, why, 0);
}

/* Run a timer's work soon, unless it is due sooner anyway. */
static void
kick(struct vw_ksrc *ks, uv_timer_t *t, uv_timer_cb cb, uint64_t repeat,
    const char *why)
{
	if (why != NULL && ks->why[0] == '\0')
		snprintf(ks->why, sizeof(ks->why), "%s", why);
	if (!uv_is_active((uv_handle_t *)t) ||
	    uv_timer_get_due_in(t) > KSRC_KICK_MS)
		uv_timer_start(t, cb, KSRC_KICK_MS, repeat);
}

static void
rt_poll_cb(uv_poll_t *p, int status, int events)
{
	struct vw_ksrc *ks = p->data;
	long n;
	int budget;

	(void)events;
	if (status < 0) {
		vw_log_warnx("PF_ROUTE: poll: %s", uv_strerror(status));
		return;
	}
	for (budget = 0; budget < KSRC_BUDGET; budget++) {
		n = vw_bsd_recv(ks->c.rtfd, ks->rbuf, sizeof(ks->rbuf));
		if (n <= 0) {
			if (n < 0)
				vw_log_warnx("PF_ROUTE: recv: %s",
				    vw_strerror((int)n));
			return;
		}
		vw_bsd_core_read(&ks->c, ks->rbuf, (size_t)n);
	}
}

static void
kev_handle(struct vw_ksrc *ks, const struct vw_kev *k)
{
	static struct vw_event ev;	/* large; one loop thread */
	struct vw_bsd_apply a;
	char name[48], why[64], ip[VW_IP_STRLEN], ll[VW_LL_STRLEN];
	int r;

	vw_kev_name(k, name, sizeof(name));
	switch (k->action) {
	case VW_KEV_DETACH:
	case VW_KEV_CARRIER_ON:
	case VW_KEV_CARRIER_OFF:
		vw_bsd_core_apply(&ks->c, &a, 0, name);
		if (vw_kev_to_event(k, vw_table_link_byname(ks->c.table,
		    k->ifname), &ev) == 1 && (r = vw_table_apply(ks->c.table,
		    &ev, a.cb, a.arg)) < 0)
			vw_log_warnx("%s %s: %s", name, k->ifname,
			    vw_strerror(r));
		break;
	case VW_KEV_ATTACH:
	case VW_KEV_LLADDR:
		snprintf(why, sizeof(why), "%s %s", name, k->ifname);
		kick(ks, &ks->resync_timer, resync_timer_cb, ks->resync_ms,
		    why);
		break;
	case VW_KEV_ARP_COLLISION:
		vw_ip_str(&k->ip, ip, sizeof(ip));
		vw_ll_canon(&k->ll, ll, sizeof(ll));
		vw_log_warnx("%s: %s on %s is also claimed by %s", name, ip,
		    k->ifname, ll);
		/* FALLTHROUGH */
	case VW_KEV_ARP_ROUTER:
		kick(ks, &ks->arp_timer, arp_timer_cb, KSRC_ARP_POLL_MS, NULL);
		break;
	default:
		break;
	}
}

static void
kev_poll_cb(uv_poll_t *p, int status, int events)
{
	struct vw_ksrc *ks = p->data;
	struct vw_kev k;
	struct vw_perr e;
	long n;
	size_t off;
	int budget, step;

	(void)events;
	if (status < 0) {
		vw_log_warnx("kernel events: poll: %s", uv_strerror(status));
		return;
	}
	for (budget = 0; budget < KSRC_BUDGET; budget++) {
		n = vw_bsd_recv(ks->kevfd, ks->kbuf, sizeof(ks->kbuf));
		if (n <= 0) {
			if (n < 0)
				vw_log_warnx("kernel events: recv: %s",
				    vw_strerror((int)n));
			return;
		}
		for (off = 0; off < (size_t)n; off += (size_t)step) {
			step = vw_kev_parse(ks->kbuf + off, (size_t)n - off,
			    off, &k, &e);
			if (step <= 0) {
				vw_log_warnx("kernel events: byte %llu: %s",
				    e.off, e.msg);
				break;
			}
			kev_handle(ks, &k);
		}
	}
}

/* Only Apple's network events: attach/detach, carrier, ARP. */
static int
kev_open(char *err, size_t errlen)
{
	struct kev_request req;
	int fd, r;

	if ((fd = vw_bsd_socket(PF_SYSTEM, SYSPROTO_EVENT, 0,
	    "kernel-event", err, errlen)) < 0)
		return fd;
	memset(&req, 0, sizeof(req));
	req.vendor_code = KEV_VENDOR_APPLE;
	req.kev_class = KEV_NETWORK_CLASS;
	req.kev_subclass = KEV_ANY_SUBCLASS;
	if (ioctl(fd, SIOCSKEVFILT, &req) == -1) {
		r = -errno;
		snprintf(err, errlen, "kernel-event socket: SIOCSKEVFILT: %s",
		    vw_strerror(r));
		close(fd);
		return r;
	}
	return fd;
}

static void
ksrc_free(struct vw_ksrc *ks)
{
	if (ks->kevfd >= 0)
		close(ks->kevfd);
	vw_bsd_core_free(&ks->c);
	free(ks);
}

static void
ksrc_free_cb(void *arg)
{
	ksrc_free(arg);
}

static int
handles_init(struct vw_ksrc *ks, uv_loop_t *loop, char *err, size_t errlen)
{
	int r;

	uv_timer_init(loop, &ks->arp_timer);
	vw_bsd_handles_add(&ks->hs, &ks->arp_timer, ks);
	uv_timer_init(loop, &ks->resync_timer);
	vw_bsd_handles_add(&ks->hs, &ks->resync_timer, ks);
	if ((r = uv_poll_init(loop, &ks->rt_poll, ks->c.rtfd)) < 0)
		goto fail;
	vw_bsd_handles_add(&ks->hs, &ks->rt_poll, ks);
	if (ks->kevfd >= 0) {
		if ((r = uv_poll_init(loop, &ks->kev_poll, ks->kevfd)) < 0)
			goto fail;
		vw_bsd_handles_add(&ks->hs, &ks->kev_poll, ks);
	}
	uv_timer_start(&ks->arp_timer, arp_timer_cb, KSRC_ARP_POLL_MS,
	    KSRC_ARP_POLL_MS);
	uv_timer_start(&ks->resync_timer, resync_timer_cb, ks->resync_ms,
	    ks->resync_ms);
	uv_poll_start(&ks->rt_poll, UV_READABLE, rt_poll_cb);
	if (ks->kevfd >= 0)
		uv_poll_start(&ks->kev_poll, UV_READABLE, kev_poll_cb);
	return 0;

fail:
	snprintf(err, errlen, "uv_poll_init: %s", uv_strerror(r));
	return r;
}

int
vw_ksrc_open(uv_loop_t *loop, struct vw_table *t,
    const struct vw_ksrc_opts *opts, vw_ksrc_diff_cb diff_cb,
    vw_ksrc_resync_cb resync_cb, void *arg, struct vw_ksrc **out,
    char *err, size_t errlen)
{
	struct vw_ksrc *ks;
	char kerr[160];
	size_t i;
	int r;

	if ((ks = calloc(1, sizeof(*ks))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return VW_ENOMEM;
	}
	ks->hs.done = ksrc_free_cb;
	ks->hs.arg = ks;
	for (i = 0; i < NDUMP; i++)
		ks->dump[i] = dumps[i];
	ks->c = (struct vw_bsd_core){ .table = t, .os = VW_OS_DARWIN,
	    .keep_carrier = 1, .rtfd = -1, .dump = ks->dump, .ndump = NDUMP,
	    .diff_cb = diff_cb, .resync_cb = resync_cb, .arg = arg,
	    .raw_cb = opts->raw_cb, .raw_arg = opts->raw_arg };
	ks->kevfd = -1;
	ks->resync_ms = opts->resync_ms > 0 ? (uint64_t)opts->resync_ms :
	    KSRC_RESYNC_MS_DEFAULT;
	/*
	 * Sockets before the dump, so no change falls in between.  Protocol
	 * 0: xnu sends RTM_IFINFO with protocol 0, which an AF_INET socket
	 * would never see (reference 8).
	 */
	if ((r = vw_bsd_socket(PF_ROUTE, 0, opts->rcvbuf > 0 ? opts->rcvbuf :
	    KSRC_RCVBUF_DEFAULT, "PF_ROUTE", err, errlen)) < 0)
		goto fail;
	ks->c.rtfd = r;
	/* Without it the mirror still converges, at the next resync. */
	if ((ks->kevfd = kev_open(kerr, sizeof(kerr))) < 0)
		vw_log_warnx("%s; interface attach/detach and carrier "
		    "changes will show at the next resync only", kerr);
	if ((r = vw_bsd_core_load(&ks->c, err, errlen)) < 0 ||
	    (r = handles_init(ks, loop, err, errlen)) < 0)
		goto fail;
	*out = ks;
	return 0;

fail:
	vw_bsd_handles_close(&ks->hs);
	return r;
}

void
vw_ksrc_close(struct vw_ksrc *ks)
{
	if (ks != NULL)
		vw_bsd_handles_close(&ks->hs);
}
