/* SPDX-License-Identifier: ISC */
/*
 * vw_decode_int.h - internals the decode engine (vw_decode.c) shares with
 * the recording decoder (vw_decode_rec.c): one run's state, the message
 * walk over d->buf[0..len) and the table printer.  Not installed; not an
 * API.
 *
 * Ownership: a struct vw__dec owns its table; buf, opts and out are the
 * caller's.  jarr, when set, is owned by whoever set it.
 */
#ifndef VW_DECODE_INT_H
#define VW_DECODE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "fmt_util.h"
#include "vw_decode.h"
#include "vw_event.h"
#include "vw_table.h"

/* One decode run; struct vw_event is large, so this lives on the heap. */
struct vw__dec {
	const struct vw_decode_opts *o;
	int		 os;
	FILE		*out;
	const uint8_t	*buf;		/* the messages being walked */
	size_t		 len;
	uint64_t	 base;		/* offset of buf in the input, for
					   every offset printed */
	int64_t		 now;		/* wall-clock seconds: expiry */
	int		 dump_force;	/* every message belongs to a dump */
	int		 jev;		/* JSON: emit events and notes */
	cJSON		*jarr;		/* JSON: collect them here, not print */
	vw_diff_cb	 diff_cb;	/* table diffs of each apply; may be NULL */
	void		*diff_arg;
	struct vw_table	*t;
	struct vw_names	 names;
	uint64_t	 seq;
	int		 dump_seen;
	int		 has_get;	/* BSD: the buffer holds RTM_GET* */
	int		 bad;		/* perr describes malformed input */
	int		 fatal;		/* out of memory */
	struct vw_perr	 perr;
	struct vw_event	 ev[2];
};

/*
 * Walk d->buf[0..len) as d->os: apply every message, print monitor lines
 * (text) or events (d->jev).  Stops at a malformed message with d->bad
 * and d->perr set, or out of memory with d->fatal.
 */
void	vw__dec_walk(struct vw__dec *d);
/* The table as text (netstat / ip / arp) or one JSON object. */
void	vw__dec_table(struct vw__dec *d);
/* A JSON object to d->jarr, or printed; takes o. */
void	vw__dec_json_emit(struct vw__dec *d, cJSON *o);

/* vw_decode_buf() for a buffer that vw_rec_is(): vw_decode_rec.c. */
int	vw__decode_rec(const uint8_t *buf, size_t len,
	    const struct vw_decode_opts *o, FILE *out, struct vw_perr *err);

#endif /* VW_DECODE_INT_H */
