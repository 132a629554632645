/* SPDX-License-Identifier: ISC */
/*
 * bsd_common.c - socket set-up, routing sysctl dumps and the apply walk
 * shared by ksrc_darwin.c and ksrc_freebsd.c (see bsd_common.h).
 *
 * One decoder for dumps and live messages: a NET_RT_* buffer is a run of
 * routing messages, a PF_ROUTE read is one, and both go through
 * vw_bsd_apply_buf() (OpenBSD kroute.c's rtmsg_process() pattern).
 */
#include "platform/bsd_sys.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bsd_drift.h"
#include "bsd_msg.h"
#include "bsd_wire.h"
#include "kapply.h"
#include "platform/bsd_common.h"
#include "vw_error.h"
#include "vwlog.h"

#define RCVBUF_MIN	(64 * 1024)
#define DUMP_TRIES	8

static int
fd_setup(int fd)
{
	int fl;

	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1)
		return -errno;
	return 0;
}

static int
rcvbuf_set(int fd, int want)
{
	int sz;

	for (sz = want; sz >= RCVBUF_MIN; sz /= 2) {
		if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz,
		    (socklen_t)sizeof(sz)) == 0)
			return sz;
		if (errno != ENOBUFS)
			return -errno;
	}
	return -ENOBUFS;
}

int
vw_bsd_socket(int domain, int proto, int rcvbuf, const char *what,
    char *err, size_t errlen)
{
	int fd, r;

	if ((fd = socket(domain, SOCK_RAW, proto)) == -1) {
		r = -errno;
		snprintf(err, errlen, "%s socket: %s", what, vw_strerror(r));
		return r;
	}
	if ((r = fd_setup(fd)) < 0) {
		snprintf(err, errlen, "%s socket: fcntl: %s", what,
		    vw_strerror(r));
		goto fail;
	}
	if (rcvbuf > 0) {
		if ((r = rcvbuf_set(fd, rcvbuf)) < 0) {
			snprintf(err, errlen, "%s socket: SO_RCVBUF: %s", what,
			    vw_strerror(r));
			goto fail;
		}
		vw_log_debug("%s socket: receive buffer %d bytes", what, r);
	}
	return fd;

fail:
	close(fd);
	return r;
}

long
vw_bsd_recv(int fd, uint8_t *buf, size_t len)
{
	ssize_t n;

	do
		n = recv(fd, buf, len, 0);
	while (n == -1 && errno == EINTR);
	if (n >= 0)
		return (long)n;
	if (errno == EAGAIN || errno == EWOULDBLOCK)
		return 0;
	return -errno;
}

int
vw_bsd_dump_read(struct vw_bsd_dump *d)
{
	size_t need, len;
	uint8_t *p;
	int tries;

	for (tries = 0; tries < DUMP_TRIES; tries++) {
		need = 0;
		if (sysctl(d->mib, d->miblen, NULL, &need, NULL, 0) == -1)
			return -errno;
		/* Room for what appears between the two calls. */
		need += need / 4 + 4096;
		if (need > d->cap) {
			if ((p = realloc(d->data, need)) == NULL)
				return -ENOMEM;
			d->data = p;
			d->cap = need;
		}
		len = d->cap;
		if (sysctl(d->mib, d->miblen, d->data, &len, NULL, 0) == 0) {
			d->len = len;
			return 0;
		}
		if (errno != ENOMEM)	/* ENOMEM: it grew past our room */
			return -errno;
	}
	return -ENOMEM;
}

void
vw_bsd_dump_free(struct vw_bsd_dump *d)
{
	free(d->data);
	d->data = NULL;
	d->len = d->cap = 0;
}

/* The walk is lib/kapply.c's; these keep the log lines naming `what`. */
static void
apply_diff_cb(const struct vw_event *diff, void *arg)
{
	const struct vw_bsd_apply *a = arg;

	a->cb(diff, a->arg);
}

static void
apply_err_cb(int code, const struct vw_event *ev, void *arg)
{
	const struct vw_bsd_apply *a = arg;

	vw_log_warnx("%s: %s %s: %s", a->what,
	    vw_bsd_type_name(a->os, ev->origin.msg_type),
	    vw_kind_name(ev->kind), vw_strerror(code));
}

long
vw_bsd_apply_buf(const struct vw_bsd_apply *a, const uint8_t *buf,
    size_t len)
{
	struct vw_bsd_apply ac = *a;
	struct vw_kapply k;

	memset(&k, 0, sizeof(k));
	k.table = a->table;
	k.os = a->os;
	k.objs = a->objs;
	k.keep_carrier = a->keep_carrier;
	k.cb = a->cb != NULL ? apply_diff_cb : NULL;
	k.arg = &ac;
	k.apply_err_cb = apply_err_cb;
	if (vw_kapply_buf(&k, buf, len) < len)
		vw_log_warnx("%s: byte %llu: %s; rest of the buffer "
		    "dropped", a->what, k.err.off, k.err.msg);
	return k.nmsg;
}

/* Framing only, before a sync: a cut-short walk would sweep live entries. */
static int
dump_check(int os, const struct vw_bsd_dump *d, char *err, size_t errlen)
{
	struct vw_perr e;
	int r;

	if ((r = vw_kapply_check(os, d->data, d->len, 0, &e)) < 0)
		snprintf(err, errlen, "sysctl %s: byte %llu: %s", d->what,
		    e.off, e.msg);
	return r;
}

int
vw_bsd_sync_dumps(const struct vw_bsd_apply *a, unsigned objs,
    struct vw_bsd_dump *d, size_t n, char *err, size_t errlen)
{
	struct vw_bsd_apply da = *a;
	size_t i;
	int r;

	for (i = 0; i < n; i++) {
		if ((r = vw_bsd_dump_read(&d[i])) < 0) {
			snprintf(err, errlen, "sysctl %s: %s", d[i].what,
			    vw_strerror(r));
			return r;
		}
		if ((r = dump_check(a->os, &d[i], err, errlen)) < 0)
			return r;
	}
	/* The recorder sees the dumps before they are applied (ksrc.h). */
	if (a->raw_cb != NULL)
		a->raw_cb(VW_KRAW_DUMP_BEGIN, objs | a->report, NULL, 0,
		    a->why, a->raw_arg);
	vw_table_sync_begin(a->table, objs);
	for (i = 0; i < n; i++) {
		da.what = d[i].what;
		if (a->raw_cb != NULL)
			a->raw_cb(VW_KRAW_DUMP, objs, d[i].data, d[i].len,
			    a->why, a->raw_arg);
		vw_bsd_apply_buf(&da, d[i].data, d[i].len);
	}
	r = vw_table_sync_end(a->table, a->cb, a->arg);
	if (a->raw_cb != NULL)
		a->raw_cb(VW_KRAW_DUMP_END, objs, NULL, 0, a->why, a->raw_arg);
	return r;
}

static void
core_diff_cb(const struct vw_event *diff, void *arg)
{
	struct vw_bsd_core *c = arg;

	c->diff_cb(diff, c->arg);
}

static void
core_drift_cb(const struct vw_event *diff, void *arg)
{
	struct vw_bsd_core *c = arg;

	if (!vw_bsd_diff_unannounced(c->os, diff))
		c->drift++;
	c->diff_cb(diff, c->arg);
}

void
vw_bsd_core_apply(struct vw_bsd_core *c, struct vw_bsd_apply *a,
    unsigned objs, const char *what)
{
	a->table = c->table;
	a->os = c->os;
	a->objs = objs;
	a->keep_carrier = c->keep_carrier;
	a->cb = core_diff_cb;
	a->arg = c;
	a->what = what;
	a->raw_cb = c->raw_cb;
	a->raw_arg = c->raw_arg;
	a->why = what;
	a->report = 0;		/* the initial load and ARP polls: no report */
}

int
vw_bsd_core_load(struct vw_bsd_core *c, char *err, size_t errlen)
{
	struct vw_bsd_apply a;
	int r;

	vw_bsd_core_apply(c, &a, 0, "initial load");
	a.why = "start";
	a.cb = NULL;
	r = vw_bsd_sync_dumps(&a, VW_BSD_OBJS_ALL, c->dump, c->ndump, err,
	    errlen);
	return r < 0 ? r : 0;
}

int
vw_bsd_core_resync(struct vw_bsd_core *c, const char *why, int always)
{
	struct vw_bsd_apply a;
	char err[256];
	int r;

	vw_bsd_core_apply(c, &a, 0, "resync");
	a.why = why;
	a.report = always ? VW_KRAW_REPORT_ALWAYS : VW_KRAW_REPORT_DRIFT;
	a.cb = core_drift_cb;
	c->drift = 0;
	if ((r = vw_bsd_sync_dumps(&a, VW_BSD_OBJS_ALL, c->dump, c->ndump,
	    err, sizeof(err))) < 0) {
		vw_log_warnx("resync (%s): %s", why, err);
		return r;
	}
	if (c->resync_cb != NULL && (always || c->drift > 0))
		c->resync_cb(c->drift, why, c->arg);
	return c->drift;
}

void
vw_bsd_core_arp_poll(struct vw_bsd_core *c)
{
	struct vw_bsd_apply a;
	unsigned neigh = 1u << VW_OBJ_NEIGH;
	char err[256];

	/*
	 * On macOS an ARP entry is also a cloned host route; those routes
	 * are left to the full resync, whose sync covers routes.
	 */
	vw_bsd_core_apply(c, &a, neigh, "ARP poll");
	if (vw_bsd_sync_dumps(&a, neigh, c->dump + c->ndump - 2, 2, err,
	    sizeof(err)) < 0)
		vw_log_warnx("ARP poll: %s", err);
}

void
vw_bsd_core_read(struct vw_bsd_core *c, const uint8_t *buf, size_t n)
{
	struct vw_bsd_apply a;

	if (n >= 4 && buf[VW_RTM_VERSION_OFF] == VW_RTM_VERSION &&
	    buf[VW_RTM_TYPE_OFF] == VW_RTM_MISS)
		return;
	vw_bsd_core_apply(c, &a, 0, "PF_ROUTE");
	if (c->raw_cb != NULL)
		c->raw_cb(VW_KRAW_LIVE, 0, buf, n, NULL, c->raw_arg);
	vw_bsd_apply_buf(&a, buf, n);
}

void
vw_bsd_core_free(struct vw_bsd_core *c)
{
	size_t i;

	if (c->rtfd >= 0)
		close(c->rtfd);
	c->rtfd = -1;
	for (i = 0; i < c->ndump; i++)
		vw_bsd_dump_free(&c->dump[i]);
}

void
vw_bsd_handles_add(struct vw_bsd_handles *hs, void *handle, void *data)
{
	((uv_handle_t *)handle)->data = data;
	hs->h[hs->n++] = handle;
}

static void
handles_closed_cb(uv_handle_t *h)
{
	struct vw_bsd_handles *hs = h->data;

	if (--hs->nclosing == 0)
		hs->done(hs->arg);
}

void
vw_bsd_handles_close(struct vw_bsd_handles *hs)
{
	int i;

	if (hs->n == 0) {
		hs->done(hs->arg);
		return;
	}
	hs->nclosing = hs->n;
	/* No callback of the source runs after uv_close: data can change. */
	for (i = 0; i < hs->n; i++) {
		hs->h[i]->data = hs;
		uv_close(hs->h[i], handles_closed_cb);
	}
}
