/* SPDX-License-Identifier: ISC */
/*
 * kapply.c - kernel bytes to table changes, for every OS (kapply.h).
 *
 * One walk per family of decoders:
 *  - rtnetlink (Linux): one message per vw_nl_parse() step, at most one
 *    event each; NLMSG_DONE/ERROR/NOOP and cache routes carry none.
 *  - routing messages (macOS, FreeBSD): vw_bsd_parse() frames and checks a
 *    message, or says VW_ESKIP for an unknown version or type, which is
 *    stepped over by its own length (the parser has checked it fits);
 *    vw_bsd_to_events() gives up to two events (an ARP clone is a route
 *    and a neighbour on macOS).
 * The event buffers are locals: struct vw_event is about 1 KiB and
 * struct vw_bsd_msg about as large, well within any thread's stack.
 */
#include <string.h>
#include <time.h>

#include "bsd_msg.h"
#include "kapply.h"
#include "kev_msg.h"
#include "nl_msg.h"

static void
apply_ev(struct vw_kapply *a, struct vw_event *ev)
{
	int obj = vw_kind_obj(ev->kind), r;

	if (a->objs != 0 && !(a->objs & (1u << obj)))
		return;
	/*
	 * macOS routing messages and NET_RT_IFLIST2 say nothing of the
	 * carrier (kev_msg.h): keep what the kernel-event socket said.
	 */
	if (a->keep_carrier && obj == VW_OBJ_LINK)
		vw_kev_keep_carrier(ev, vw_table_link(a->table,
		    ev->u.link.index));
	if ((r = vw_table_apply(a->table, ev, a->cb, a->arg)) < 0) {
		a->napply_err++;
		if (a->apply_err_cb != NULL)
			a->apply_err_cb(r, ev, a->arg);
	}
}

/* ---- rtnetlink ----------------------------------------------------------- */

static size_t
walk_nl(struct vw_kapply *a, const uint8_t *buf, size_t len, int apply)
{
	struct vw_event ev;
	struct vw_nl_hdr h;
	size_t off = 0;
	int step, nev;

	while (off < len) {
		nev = 0;
		step = vw_nl_parse(buf + off, len - off, a->base_off + off, &h,
		    &ev, &nev, &a->err);
		if (step <= 0) {
			if (step == 0)	/* a parser bug: say something */
				vw_perr_set(&a->err, a->base_off + off,
				    VW_EBADLEN, "%s", "message of length 0");
			return off;
		}
		a->nmsg++;
		if (apply && nev == 1)
			apply_ev(a, &ev);
		/* The last message's padding may be missing. */
		if ((size_t)step > len - off)
			step = (int)(len - off);
		off += (size_t)step;
	}
	return off;
}

/* ---- BSD routing messages ------------------------------------------------ */

static size_t
walk_bsd(struct vw_kapply *a, const uint8_t *buf, size_t len, int apply)
{
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	size_t off = 0;
	int64_t now = a->now_s != 0 ? a->now_s : (int64_t)time(NULL);
	int step, nev, i;

	while (off < len) {
		step = vw_bsd_parse(a->os, buf + off, len - off,
		    a->base_off + off, &m, &a->err);
		if (step == VW_ESKIP) {
			a->nskip++;
			off += m.msglen;	/* 4 <= msglen <= len - off */
			continue;
		}
		if (step <= 0) {
			if (step == 0)
				vw_perr_set(&a->err, a->base_off + off,
				    VW_EBADLEN, "%s", "message of length 0");
			return off;
		}
		a->nmsg++;
		if (apply) {
			nev = vw_bsd_to_events(&m, now, ev, 2);
			for (i = 0; i < nev; i++)
				apply_ev(a, &ev[i]);
		}
		off += (size_t)step;
	}
	return off;
}

/* ---- entry points -------------------------------------------------------- */

static size_t
walk(struct vw_kapply *a, const uint8_t *buf, size_t len, int apply)
{
	size_t off;

	memset(&a->err, 0, sizeof(a->err));
	if (len > 0 && buf == NULL) {
		vw_perr_set(&a->err, a->base_off, VW_EINVAL, "%s",
		    "no buffer");
		return 0;
	}
	switch (a->os) {
	case VW_OS_LINUX:
		off = walk_nl(a, buf, len, apply);
		break;
	case VW_OS_DARWIN:
	case VW_OS_FREEBSD:
		off = walk_bsd(a, buf, len, apply);
		break;
	default:
		vw_perr_set(&a->err, a->base_off, VW_EINVAL,
		    "no decoder for OS %d", a->os);
		return 0;
	}
	if (off == len)
		memset(&a->err, 0, sizeof(a->err));
	return off;
}

size_t
vw_kapply_buf(struct vw_kapply *a, const uint8_t *buf, size_t len)
{
	if (a->table == NULL && len > 0) {
		vw_perr_set(&a->err, a->base_off, VW_EINVAL, "%s",
		    "no table");
		return 0;
	}
	return walk(a, buf, len, 1);
}

int
vw_kapply_check(int os, const uint8_t *buf, size_t len, uint64_t base_off,
    struct vw_perr *err)
{
	struct vw_kapply a;

	memset(&a, 0, sizeof(a));
	a.os = os;
	a.base_off = base_off;
	a.now_s = 1;		/* no events are made: no clock needed */
	if (walk(&a, buf, len, 0) == len && (os == VW_OS_LINUX ||
	    os == VW_OS_DARWIN || os == VW_OS_FREEBSD))
		return 0;
	/* Cannot happen (every walk that stops says why); be safe. */
	if (a.err.code == 0)
		vw_perr_set(&a.err, base_off, VW_EINVAL, "%s",
		    "malformed buffer");
	if (err != NULL)
		*err = a.err;
	return a.err.code;
}
