/* SPDX-License-Identifier: ISC */
/*
 * bsd_drift.h - which differences a re-dump of a BSD kernel's tables may
 * find without any routing message having been lost.
 *
 * macOS drops routing messages silently when a socket's buffer is full
 * (reference 8), so the daemon re-dumps periodically and reports the
 * differences it repairs as drift.  But some changes never produce a
 * routing message at all (reference 7): ARP/ND entries and cloned host
 * routes come and go silently on macOS, interfaces attach and detach on
 * the kernel-event socket only, IFF_RUNNING and link-layer address changes
 * are not announced; FreeBSD announces no IPv4 ARP change.  Finding those
 * in a re-dump is expected; counting them as drift would cry wolf on
 * every busy network.
 *
 * Ownership: pure predicate over a table diff; nothing is kept.
 */
#ifndef BSD_DRIFT_H
#define BSD_DRIFT_H

#include "vw_event.h"

/*
 * 1 when the kernel of `os` (VW_OS_DARWIN, VW_OS_FREEBSD) sends no
 * routing-socket message for the change a table diff describes, so a
 * re-dump finding it is no evidence of a lost message; 0 otherwise
 * (always 0 for other systems and non-table events).
 */
int	vw_bsd_diff_unannounced(int os, const struct vw_event *diff);

#endif /* BSD_DRIFT_H */
