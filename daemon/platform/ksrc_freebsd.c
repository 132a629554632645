/* SPDX-License-Identifier: ISC */
/*
 * ksrc_freebsd.c - the FreeBSD kernel source: PF_ROUTE and the routing
 * sysctls.
 *
 * FreeBSD announces route and address changes, interface arrival and
 * departure (RTM_IFANNOUNCE) and IPv6 ND entries (RTM_ADD/RTM_DELETE from
 * nd6_lle_event), but no IPv4 ARP change (reference bsd-route-socket.md 7):
 * ARP lives in the lltable and is read with NET_RT_FLAGS + RTF_LLINFO, so
 * it is polled every few seconds, diffed into neigh.* events.
 *
 * Overflow (reference 8): messages are dropped at two points, the netisr
 * queue (net.route.netisr_maxqlen) and the socket buffer.  With SO_RERROR
 * (FreeBSD 14) a socket-buffer overflow makes the next recv() fail with
 * ENOBUFS: then drain, re-dump, diff.  Netisr drops stay silent, and older
 * kernels have no SO_RERROR, so a periodic re-dump (vw_ksrc_opts.resync_ms,
 * default 30 s) runs as on macOS; its differences that PF_ROUTE should
 * have announced are reported through resync_cb as lost messages.
 *
 * One FIB: the socket's.  FreeBSD delivers a route change only to routing
 * sockets of the change's FIB (rtsock.c RTS_FILTER_FIB), and the table has
 * no FIB in its route key, so NET_RT_DUMP is read for the process's FIB
 * (no 7th MIB element), the one whose changes this socket hears.
 *
 * SO_USELOOPBACK stays on (the default): we want the echoes of other
 * processes' requests, and this process never writes.
 */
#include "platform/bsd_sys.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsd_wire.h"
#include "ksrc.h"
#include "platform/bsd_common.h"
#include "vw_error.h"
#include "vwlog.h"

/* The system's numbers must be those lib/bsd_wire.h decodes with. */
_Static_assert(RTM_VERSION == VW_RTM_VERSION && RTM_MISS == VW_RTM_MISS,
    "RTM_* differ from lib/bsd_wire.h");
_Static_assert(RTF_LLINFO == VW_RTF_LLINFO, "RTF_LLINFO");
_Static_assert(AF_INET == VW_BSD_AF_INET &&
    AF_INET6 == VW_BSD_AF_INET6_FREEBSD, "AF_INET6 differs");
_Static_assert(CTL_NET == VW_CTL_NET && PF_ROUTE == VW_PF_ROUTE &&
    NET_RT_DUMP == VW_NET_RT_DUMP && NET_RT_FLAGS == VW_NET_RT_FLAGS &&
    NET_RT_IFLIST == VW_NET_RT_IFLIST, "NET_RT_* differ");

#define KSRC_RCVBUF_DEFAULT	(8 * 1024 * 1024)
#define KSRC_RESYNC_MS_DEFAULT	30000
#define KSRC_ARP_POLL_MS	5000
#define KSRC_RTBUF		4096	/* one message per read(); >= 2048 */
#define KSRC_BUDGET		256	/* reads per wake-up */
#define KSRC_DRAIN_MAX		1000000

/* Links first; the two ARP/ND dumps last (bsd_common.h). */
static const struct vw_bsd_dump dumps[] = {
	{ { CTL_NET, PF_ROUTE, 0, 0, NET_RT_IFLIST, 0 }, 6,
	    "NET_RT_IFLIST", NULL, 0, 0 },
	{ { CTL_NET, PF_ROUTE, 0, 0, NET_RT_DUMP, 0 }, 6,
	    "NET_RT_DUMP", NULL, 0, 0 },
	{ { CTL_NET, PF_ROUTE, 0, AF_INET, NET_RT_FLAGS, RTF_LLINFO }, 6,
	    "NET_RT_FLAGS inet", NULL, 0, 0 },
	{ { CTL_NET, PF_ROUTE, 0, AF_INET6, NET_RT_FLAGS, RTF_LLINFO }, 6,
	    "NET_RT_FLAGS inet6", NULL, 0, 0 },
};
#define NDUMP	(sizeof(dumps) / sizeof(dumps[0]))

struct vw_ksrc {
	struct vw_bsd_core	 c;
	uv_poll_t		 rt_poll;
	uv_timer_t		 arp_timer, resync_timer;
	struct vw_bsd_handles	 hs;		/* initialised, to close */
	uint64_t		 resync_ms;
	struct vw_bsd_dump	 dump[NDUMP];
	uint8_t			 rbuf[KSRC_RTBUF];
};

int
vw_ksrc_os(void)
{
	return VW_OS_FREEBSD;
}

int
vw_ksrc_resync(struct vw_ksrc *ks, const char *why)
{
	return vw_bsd_core_resync(&ks->c, why, 1);
}

/* IPv4 ARP is silent; IPv6 ND is read too, as the sync marks both. */
static void
arp_timer_cb(uv_timer_t *t)
{
	struct vw_ksrc *ks = t->data;

	vw_bsd_core_arp_poll(&ks->c);
}

/* Netisr drops and pre-14 kernels are silent: report lost messages. */
static void
resync_timer_cb(uv_timer_t *t)
{
	struct vw_ksrc *ks = t->data;

	vw_bsd_core_resync(&ks->c, "periodic", 0);
}

/* SO_RERROR reported a socket-buffer overflow: drop the queue, re-dump. */
static void
overflow(struct vw_ksrc *ks)
{
	long n, drained = 0;

	/* Bounded: a kernel refilling the queue as fast cannot hold us. */
	while (((n = vw_bsd_recv(ks->c.rtfd, ks->rbuf,
	    sizeof(ks->rbuf))) > 0 || n == -ENOBUFS) &&
	    drained < KSRC_DRAIN_MAX)
		if (n > 0)
			drained++;
	vw_log_warnx("PF_ROUTE socket overflowed (ENOBUFS); drained %ld "
	    "messages, relearning the kernel's tables", drained);
	vw_bsd_core_resync(&ks->c, "PF_ROUTE overflow (ENOBUFS)", 1);
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
		if (n == -ENOBUFS) {
			overflow(ks);
			return;
		}
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
ksrc_free(struct vw_ksrc *ks)
{
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
	if ((r = uv_poll_init(loop, &ks->rt_poll, ks->c.rtfd)) < 0) {
		snprintf(err, errlen, "uv_poll_init: %s", uv_strerror(r));
		return r;
	}
	vw_bsd_handles_add(&ks->hs, &ks->rt_poll, ks);
	uv_timer_start(&ks->arp_timer, arp_timer_cb, KSRC_ARP_POLL_MS,
	    KSRC_ARP_POLL_MS);
	uv_timer_start(&ks->resync_timer, resync_timer_cb, ks->resync_ms,
	    ks->resync_ms);
	uv_poll_start(&ks->rt_poll, UV_READABLE, rt_poll_cb);
	return 0;
}

int
vw_ksrc_open(uv_loop_t *loop, struct vw_table *t,
    const struct vw_ksrc_opts *opts, vw_ksrc_diff_cb diff_cb,
    vw_ksrc_resync_cb resync_cb, void *arg, struct vw_ksrc **out,
    char *err, size_t errlen)
{
	struct vw_ksrc *ks;
	size_t i;
	int r, one = 1;

	if ((ks = calloc(1, sizeof(*ks))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return VW_ENOMEM;
	}
	ks->hs.done = ksrc_free_cb;
	ks->hs.arg = ks;
	for (i = 0; i < NDUMP; i++)
		ks->dump[i] = dumps[i];
	ks->c = (struct vw_bsd_core){ .table = t, .os = VW_OS_FREEBSD,
	    .keep_carrier = 0, .rtfd = -1, .dump = ks->dump, .ndump = NDUMP,
	    .diff_cb = diff_cb, .resync_cb = resync_cb, .arg = arg,
	    .raw_cb = opts->raw_cb, .raw_arg = opts->raw_arg };
	ks->resync_ms = opts->resync_ms > 0 ? (uint64_t)opts->resync_ms :
	    KSRC_RESYNC_MS_DEFAULT;
	/* The socket before the dump, so no change falls in between. */
	if ((r = vw_bsd_socket(PF_ROUTE, 0, opts->rcvbuf > 0 ? opts->rcvbuf :
	    KSRC_RCVBUF_DEFAULT, "PF_ROUTE", err, errlen)) < 0)
		goto fail;
	ks->c.rtfd = r;
	if (setsockopt(ks->c.rtfd, SOL_SOCKET, SO_RERROR, &one,
	    (socklen_t)sizeof(one)) == -1)
		vw_log_debug("PF_ROUTE: SO_RERROR: %s; overflows are found "
		    "by the periodic resync only", strerror(errno));
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
