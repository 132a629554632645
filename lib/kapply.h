/* SPDX-License-Identifier: ISC */
/*
 * kapply.h - bytes as a kernel gave them (a netlink datagram, a PF_ROUTE
 * read, a sysctl dump) decoded and applied to a table: the one path that
 * live sources, resyncs and recording replays share (OpenBSD kroute.c's
 * "one parser for dumps and messages").
 *
 * Pure: no logging; the first malformed message ends the buffer and is
 * reported in a->err so the caller can say so.
 *
 * Ownership: borrows the table; the diff events passed to cb live only for
 * the duration of the call.
 */
#ifndef KAPPLY_H
#define KAPPLY_H

#include <stddef.h>
#include <stdint.h>

#include "vw_error.h"
#include "vw_table.h"

struct vw_kapply {
	struct vw_table	*table;
	int		 os;		/* VW_OS_*: which decoder */
	unsigned	 objs;		/* 1 << VW_OBJ_* to apply; 0 = all */
	int		 keep_carrier;	/* macOS: vw_kev_keep_carrier() on links */
	int64_t		 now_s;		/* wall clock for BSD expiry ("!"); 0: time() */
	uint64_t	 base_off;	/* offset of buf in its file/stream, for errors */
	vw_diff_cb	 cb;		/* may be NULL */
	void		*arg;
	/*
	 * May be NULL: called with arg for each event the table rejects
	 * (code the negative VW_E*), so a caller can say which message it
	 * was (ev->origin.msg_type, msg_off) as it sees fit.
	 */
	void		(*apply_err_cb)(int code, const struct vw_event *ev,
			    void *arg);
	/* results: the counters add up over calls (zero them first) */
	long		 nmsg;		/* messages applied */
	long		 nskip;		/* messages skipped (unknown type/version) */
	int		 napply_err;	/* table rejections (logged by the caller) */
	struct vw_perr	 err;		/* the malformed message, when the return < len;
					   cleared by each call */
};

/*
 * Decode and apply every message of buf[0..len).  Returns the bytes
 * consumed: len, or the offset of the first malformed message (a->err
 * says why; the rest of the buffer is not applied because its length
 * fields cannot be trusted).  Each message is applied whole or not at all.
 */
size_t	vw_kapply_buf(struct vw_kapply *a, const uint8_t *buf, size_t len);

/*
 * Check the framing of a whole dump without applying it (a dump that is
 * cut short must not be swept into the table).  0 or a negative code
 * with err filled.  It fails exactly where vw_kapply_buf() would stop.
 * An os without a decoder is VW_EINVAL for both.
 */
int	vw_kapply_check(int os, const uint8_t *buf, size_t len,
	    uint64_t base_off, struct vw_perr *err);

#endif /* KAPPLY_H */
