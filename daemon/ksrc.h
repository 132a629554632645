/* SPDX-License-Identifier: ISC */
/*
 * ksrc.h - the kernel source contract: one implementation per OS in
 * daemon/platform/ksrc_<os>.c, chosen by CMake.  A source loads the
 * kernel's routes, neighbours, links and addresses into a vw_table, then
 * keeps it equal to the kernel, reporting every change as a table diff.
 * All decoding and diffing is lib/'s; a source only makes system calls.
 *
 * Ownership: the source borrows the loop and the table (both must outlive
 * it); vw_ksrc_close() closes its handles and frees it through the loop.
 */
#ifndef KSRC_H
#define KSRC_H

#include <uv.h>

#include "vw_table.h"

struct vw_ksrc;

/*
 * The raw bytes, for the recorder: every live read (VW_KRAW_LIVE), and
 * every full re-read as BEGIN (objs, why), the dump buffers, END.  Called
 * before the bytes are applied, so a recording replays in the same order.
 */
enum vw_kraw { VW_KRAW_LIVE, VW_KRAW_DUMP_BEGIN, VW_KRAW_DUMP,
	VW_KRAW_DUMP_END };
/*
 * Or'ed into a DUMP_BEGIN's objs: whether the source reports the re-read
 * (daemon.resync) always, only when it found lost messages (the BSDs'
 * periodic re-read), or never (an ARP poll, the initial load).  A replay
 * needs it to report exactly what the live daemon did.
 */
#define VW_KRAW_REPORT_ALWAYS	0x80000000u
#define VW_KRAW_REPORT_DRIFT	0x40000000u
#define VW_KRAW_OBJS_MASK	0x0000ffffu
typedef void (*vw_ksrc_raw_cb)(int what, unsigned objs, const uint8_t *buf,
    size_t len, const char *why, void *arg);

struct vw_ksrc_opts {
	int		rcvbuf;		/* receive buffer bytes; 0 = the source's default */
	int		resync_ms;	/* periodic re-dump (macOS); 0 = default */
	vw_ksrc_raw_cb	raw_cb;		/* may be NULL */
	void		*raw_arg;
};

/* Every diff the table reports, live or from a resync. */
typedef void (*vw_ksrc_diff_cb)(const struct vw_event *diff, void *arg);
/* After a resync: how many differences it repaired and why it ran. */
typedef void (*vw_ksrc_resync_cb)(int repaired, const char *why, void *arg);

/*
 * Open the kernel sockets and load the initial state synchronously (diffs
 * of the initial load are not reported).  Returns 0, or a negative code
 * with a sentence in err.
 */
int	vw_ksrc_open(uv_loop_t *loop, struct vw_table *t,
	    const struct vw_ksrc_opts *opts, vw_ksrc_diff_cb diff_cb,
	    vw_ksrc_resync_cb resync_cb, void *arg, struct vw_ksrc **out,
	    char *err, size_t errlen);
/* Re-dump everything and diff it into the table now. */
int	vw_ksrc_resync(struct vw_ksrc *ks, const char *why);
void	vw_ksrc_close(struct vw_ksrc *ks);
/* The OS whose messages this source decodes (VW_OS_*). */
int	vw_ksrc_os(void);

#endif /* KSRC_H */
