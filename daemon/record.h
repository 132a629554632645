/* SPDX-License-Identifier: ISC */
/*
 * record.h - the recorder (lib/vw_rec.h format).  Two sinks take the
 * same records:
 *   the file   `vmwatchd --record FILE`, or `vmwatchctl record start FILE`
 *              until `record stop`;
 *   the flight recorder   always on, in memory: the last full kernel
 *              dump and everything since, at most VW_FLIGHT_MAX bytes
 *              (when full, a fresh dump starts a new window).  It is
 *              what `vmwatchctl report` attaches: a replayable window
 *              around the last incident.
 *
 * Records come from the kernel source's raw hook, the prober's results,
 * the clock watch and the watchdog's settle verdicts, in the order the
 * daemon handled them, which is the order replay re-enacts.
 *
 * Ownership: the recorder belongs to the daemon context (d->rec);
 * vw_recorder_free() flushes and closes the file.
 */
#ifndef RECORD_H
#define RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "vw_addr.h"
#include "vw_target.h"

struct vw_daemon;
struct vw_recorder;

#define VW_FLIGHT_MAX	(1u << 20)

/*
 * VW_REC_SETTLE: the watchdog's settled verdict for one target (payload:
 * the address, VW_REC_ADDRLEN bytes).  Not in lib/vw_rec.h's list because
 * only this daemon's replay needs it; other readers skip unknown types.
 */
#define VW_REC_SETTLE	8
#define VW_REC_ADDRLEN	24	/* u8 family, 3 zero, u32 scope, 16 bytes */
/*
 * VW_REC_PROC: the name of a process that changed a target's path, as
 * read from the live system when its message arrived (i32 pid, then the
 * name): a replay elsewhere must not look up its own processes.
 */
#define VW_REC_PROC	9
/* VW_REC_RETIRE: a discovered guest retired (payload: the address). */
#define VW_REC_RETIRE	10
/* Header flags (vw_rec_hdr.flags). */
#define VW_REC_HF_PRIVILEGED	0x1	/* the recorder ran as root */

size_t	vw_rec_encode_addr(uint8_t out[VW_REC_ADDRLEN], const struct vw_ip *a);
int	vw_rec_decode_addr(const uint8_t *p, size_t len, struct vw_ip *a);

int	vw_recorder_new(struct vw_daemon *d, struct vw_recorder **out);
void	vw_recorder_free(struct vw_recorder *r);

/* Start writing to path (created, must not exist).  0 or -errno. */
int	vw_recorder_start(struct vw_recorder *r, const char *path, char *err,
	    size_t errlen);
/* Stop the file (flush, close).  0, or VW_ENOENT when none was open. */
int	vw_recorder_stop(struct vw_recorder *r);
const char *vw_recorder_path(const struct vw_recorder *r);	/* NULL: none */
uint64_t vw_recorder_bytes(const struct vw_recorder *r);	/* file bytes */

/* The flight recorder's window as a complete recording (malloc'ed). */
uint8_t	*vw_recorder_window(struct vw_recorder *r, size_t *len);

/* The sources. */
void	vw_record_kraw(int what, unsigned objs, const uint8_t *buf,
	    size_t len, const char *why, void *arg);	/* a vw_ksrc_raw_cb */
void	vw_record_probe(struct vw_recorder *r, const struct vw_ip *addr,
	    int kind, const struct vw_probe_res *res, int fast);
void	vw_record_clock(struct vw_recorder *r, int64_t wall, int64_t mono,
	    int64_t sleep);
void	vw_record_settle(struct vw_recorder *r, const struct vw_ip *addr);
void	vw_record_note(struct vw_recorder *r, const char *text);
void	vw_record_proc(struct vw_recorder *r, int pid, const char *name);
void	vw_record_retire(struct vw_recorder *r, const struct vw_ip *addr);
/* The running config (after a reload), so a replay follows it. */
void	vw_record_config(struct vw_recorder *r);

#endif /* RECORD_H */
