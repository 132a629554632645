/* SPDX-License-Identifier: ISC */
/*
 * ksrc_linux.c - the Linux kernel source: rtnetlink.
 *
 * Two sockets: one joined to the link, address, route and neighbour groups
 * (live changes), one without groups for dumps, so a dump's replies never
 * interleave with notifications.  The initial state and every resync come
 * from dumps applied inside a table sync (mark, apply, sweep), so a resync
 * reports exactly the differences it repaired.
 *
 * Overflow: when the kernel cannot queue a notification it drops it and the
 * next recv() fails with ENOBUFS (Linux, all versions).  Then: drain what
 * is queued, re-dump everything, diff, log daemon.resync.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kapply.h"
#include "ksrc.h"
#include "nl_msg.h"
#include "nl_wire.h"
#include "platform/nl_sock_linux.h"
#include "vw_error.h"
#include "vwlog.h"

/* A receive buffer that holds a burst of a VPN installing routes. */
#define KSRC_RCVBUF_DEFAULT	(8 * 1024 * 1024)

struct vw_ksrc {
	uv_loop_t		*loop;
	struct vw_table		*table;
	uv_poll_t		 poll;
	int			 evfd;		/* joined to the groups */
	int			 dumpfd;	/* dumps only */
	uint32_t		 seq;
	struct vw_nlbuf		 rbuf;
	vw_ksrc_diff_cb		 diff_cb;
	vw_ksrc_resync_cb	 resync_cb;
	void			*arg;
	vw_ksrc_raw_cb		 raw_cb;	/* the recorder; may be NULL */
	void			*raw_arg;
	uint64_t		 nmsgs;		/* notifications decoded */
};

/* Hand raw bytes to the recorder before they are applied. */
static void
raw(struct vw_ksrc *ks, int what, unsigned objs, const uint8_t *buf,
    size_t len, const char *why)
{
	if (ks->raw_cb != NULL)
		ks->raw_cb(what, objs, buf, len, why, ks->raw_arg);
}

int
vw_ksrc_os(void)
{
	return VW_OS_LINUX;
}

/* A table rejection: name the message and the event (lib/kapply.h). */
static void
apply_err_cb(int code, const struct vw_event *ev, void *arg)
{
	(void)arg;
	vw_log_warnx("netlink: %s %s: %s",
	    vw_nl_type_name(ev->origin.msg_type), vw_kind_name(ev->kind),
	    vw_strerror(code));
}

/*
 * Decode and apply every message in buf[0..len).  A malformed message is
 * logged and ends this buffer (its length fields cannot be trusted); the
 * mirror stays consistent because each message is applied whole or not.
 */
static void
apply_buf(struct vw_ksrc *ks, const uint8_t *buf, size_t len, vw_diff_cb cb)
{
	struct vw_kapply a;

	memset(&a, 0, sizeof(a));
	a.table = ks->table;
	a.os = VW_OS_LINUX;
	a.cb = cb;
	a.arg = ks;
	a.apply_err_cb = apply_err_cb;
	if (vw_kapply_buf(&a, buf, len) < len)
		vw_log_warnx("netlink: byte %llu: %s; rest of the "
		    "datagram dropped", a.err.off, a.err.msg);
}

/*
 * Dump every kind of object into bufs[] (retried when the kernel flags a
 * dump as interrupted).  Nothing is applied here, so a failed dump never
 * touches the table.
 */
#define KSRC_NDUMPS	4

static int
dump_all(struct vw_ksrc *ks, struct vw_nlbuf bufs[KSRC_NDUMPS], char *err,
    size_t errlen)
{
	static const int types[KSRC_NDUMPS] = { VW_NL_RTM_GETLINK,
	    VW_NL_RTM_GETADDR, VW_NL_RTM_GETROUTE, VW_NL_RTM_GETNEIGH };
	ssize_t n = 0;
	int i, tries;

	for (i = 0; i < KSRC_NDUMPS; i++) {
		for (tries = 0; tries < 5; tries++) {
			bufs[i].len = 0;
			n = vw_nlsock_dump(ks->dumpfd, types[i], ++ks->seq,
			    &bufs[i]);
			if (n != -EAGAIN)	/* NLM_F_DUMP_INTR: dump again */
				break;
		}
		if (n < 0) {
			snprintf(err, errlen, "netlink dump (%s): %s",
			    vw_nl_type_name(types[i]), vw_strerror((int)n));
			return (int)n;
		}
	}
	return 0;
}

static void
dumps_free(struct vw_nlbuf bufs[KSRC_NDUMPS])
{
	int i;

	for (i = 0; i < KSRC_NDUMPS; i++)
		vw_nlbuf_free(&bufs[i]);
}

static void
diff_fwd_cb(const struct vw_event *diff, void *arg)
{
	struct vw_ksrc *ks = arg;

	ks->diff_cb(diff, ks->arg);
}

/*
 * Load the kernel's state: dump everything, then, only if every dump
 * succeeded, apply it inside a table sync so entries the dumps no longer
 * mention are deleted.  cb NULL: no diffs reported (the initial load).
 * Returns the number of differences, or a negative code (table untouched).
 */
static int
load(struct vw_ksrc *ks, vw_diff_cb cb, const char *why, char *err,
    size_t errlen)
{
	const unsigned objs = (1u << VW_OBJ_ROUTE) | (1u << VW_OBJ_NEIGH) |
	    (1u << VW_OBJ_LINK) | (1u << VW_OBJ_ADDR);
	struct vw_nlbuf bufs[KSRC_NDUMPS];
	int i, r;

	memset(bufs, 0, sizeof(bufs));
	if ((r = dump_all(ks, bufs, err, errlen)) < 0) {
		dumps_free(bufs);
		return r;
	}
	raw(ks, VW_KRAW_DUMP_BEGIN, objs | (cb != NULL ? VW_KRAW_REPORT_ALWAYS :
	    0), NULL, 0, why);
	vw_table_sync_begin(ks->table, objs);
	for (i = 0; i < KSRC_NDUMPS; i++) {
		raw(ks, VW_KRAW_DUMP, objs, bufs[i].data, bufs[i].len, why);
		apply_buf(ks, bufs[i].data, bufs[i].len, cb);
	}
	r = vw_table_sync_end(ks->table, cb, ks);
	raw(ks, VW_KRAW_DUMP_END, objs, NULL, 0, why);
	dumps_free(bufs);
	return r;
}

int
vw_ksrc_resync(struct vw_ksrc *ks, const char *why)
{
	char err[160];
	int repaired;

	if ((repaired = load(ks, diff_fwd_cb, why, err, sizeof(err))) < 0) {
		vw_log_warnx("resync (%s): %s; the mirror is unchanged", why,
		    err);
		return repaired;
	}
	if (ks->resync_cb != NULL)
		ks->resync_cb(repaired, why, ks->arg);
	return repaired;
}

static void
overflow(struct vw_ksrc *ks)
{
	ssize_t n;
	long drained = 0;

	/* Drop what is still queued: the re-dump supersedes it. */
	do {
		ks->rbuf.len = 0;
		n = vw_nlsock_recv(ks->evfd, &ks->rbuf, MSG_DONTWAIT);
		if (n > 0)
			drained++;
	} while (n >= 0 || n == -ENOBUFS);
	vw_log_warnx("netlink socket overflowed (ENOBUFS); drained %ld "
	    "datagrams, relearning the kernel's tables", drained);
	vw_ksrc_resync(ks, "netlink overflow (ENOBUFS)");
}

static void
poll_cb(uv_poll_t *p, int status, int events)
{
	struct vw_ksrc *ks = p->data;
	ssize_t n;
	int budget;

	(void)events;
	if (status < 0) {
		/*
		 * A pending socket error (ENOBUFS after an overflow) shows up
		 * as EPOLLERR, and libuv (1.44) then stops the watcher and
		 * reports UV_EBADF.  Read the error, recover, and re-arm.
		 */
		ks->rbuf.len = 0;
		n = vw_nlsock_recv(ks->evfd, &ks->rbuf, MSG_DONTWAIT);
		if (n == -ENOBUFS)
			overflow(ks);
		else if (n > 0) {
			raw(ks, VW_KRAW_LIVE, 0, ks->rbuf.data, ks->rbuf.len,
			    NULL);
			apply_buf(ks, ks->rbuf.data, ks->rbuf.len, diff_fwd_cb);
		}
		else
			vw_log_warnx("netlink: poll: %s", uv_strerror(status));
		uv_poll_start(&ks->poll, UV_READABLE, poll_cb);
		return;
	}
	/* A bounded batch per wake-up keeps the loop responsive. */
	for (budget = 0; budget < 256; budget++) {
		ks->rbuf.len = 0;
		n = vw_nlsock_recv(ks->evfd, &ks->rbuf, MSG_DONTWAIT);
		if (n == -EAGAIN || n == -EWOULDBLOCK)
			return;
		if (n == -ENOBUFS) {
			overflow(ks);
			return;
		}
		if (n == -EMSGSIZE) {
			vw_log_warnx("netlink: a notification over 64 KiB was "
			    "cut; relearning the kernel's tables");
			vw_ksrc_resync(ks, "netlink message too large");
			continue;
		}
		if (n < 0) {
			vw_log_warnx("netlink: recv: %s", vw_strerror((int)n));
			return;
		}
		ks->nmsgs++;
		raw(ks, VW_KRAW_LIVE, 0, ks->rbuf.data, ks->rbuf.len, NULL);
		apply_buf(ks, ks->rbuf.data, ks->rbuf.len, diff_fwd_cb);
	}
}

int
vw_ksrc_open(uv_loop_t *loop, struct vw_table *t,
    const struct vw_ksrc_opts *opts, vw_ksrc_diff_cb diff_cb,
    vw_ksrc_resync_cb resync_cb, void *arg, struct vw_ksrc **out,
    char *err, size_t errlen)
{
	struct vw_ksrc *ks;
	int r, groups = VW_NL_RTMGRP_LINK | VW_NL_RTMGRP_NEIGH |
	    VW_NL_RTMGRP_IPV4_IFADDR | VW_NL_RTMGRP_IPV4_ROUTE |
	    VW_NL_RTMGRP_IPV6_IFADDR | VW_NL_RTMGRP_IPV6_ROUTE;

	if ((ks = calloc(1, sizeof(*ks))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return VW_ENOMEM;
	}
	ks->loop = loop;
	ks->table = t;
	ks->diff_cb = diff_cb;
	ks->resync_cb = resync_cb;
	ks->arg = arg;
	ks->raw_cb = opts->raw_cb;
	ks->raw_arg = opts->raw_arg;
	/* Join the groups before dumping, so no change falls in between. */
	if ((ks->evfd = vw_nlsock_open(groups, opts->rcvbuf > 0 ?
	    opts->rcvbuf : KSRC_RCVBUF_DEFAULT)) < 0) {
		r = ks->evfd;
		snprintf(err, errlen, "netlink socket: %s", vw_strerror(r));
		goto fail_ev;
	}
	if ((ks->dumpfd = vw_nlsock_open(0, 0)) < 0) {
		r = ks->dumpfd;
		snprintf(err, errlen, "netlink socket: %s", vw_strerror(r));
		goto fail_dump;
	}
	if ((r = load(ks, NULL, "start", err, errlen)) < 0)
		goto fail_load;
	if ((r = uv_poll_init(loop, &ks->poll, ks->evfd)) < 0) {
		snprintf(err, errlen, "uv_poll_init: %s", uv_strerror(r));
		goto fail_load;
	}
	ks->poll.data = ks;
	uv_poll_start(&ks->poll, UV_READABLE, poll_cb);
	*out = ks;
	return 0;

fail_load:
	vw_nlsock_close(ks->dumpfd);
fail_dump:
	vw_nlsock_close(ks->evfd);
fail_ev:
	free(ks);
	return r;
}

static void
closed_cb(uv_handle_t *h)
{
	struct vw_ksrc *ks = h->data;

	vw_nlsock_close(ks->evfd);
	vw_nlsock_close(ks->dumpfd);
	vw_nlbuf_free(&ks->rbuf);
	free(ks);
}

void
vw_ksrc_close(struct vw_ksrc *ks)
{
	if (ks == NULL)
		return;
	uv_poll_stop(&ks->poll);
	uv_close((uv_handle_t *)&ks->poll, closed_cb);
}
