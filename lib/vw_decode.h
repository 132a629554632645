/* SPDX-License-Identifier: ISC */
/*
 * vw_decode.h - the offline decode engine behind `vmwatchctl decode` (and,
 * later, the replay of recordings): take a whole buffer of routing messages
 * (a PF_ROUTE capture or NET_RT_* sysctl dump from macOS or FreeBSD, or
 * rtnetlink messages from Linux), decode every message, apply it to a
 * fresh table and print what it saw to a FILE.
 *
 * Output (text):
 *   - each change message: one fmt_monitor line, in buffer order;
 *   - a message the decoder skips (unknown version or type):
 *     "# skipped byte OFF: REASON";
 *   - at the end, when the buffer held dump messages or opts.table is set:
 *     darwin/freebsd `netstat -rn` (-a with opts.all), linux `ip -4 route
 *     show table all`, `ip -6 route show table all` and `ip neigh` blocks.
 *     FreeBSD neighbours (lltable, not in netstat -rn) follow as `arp -an`
 *     lines after a blank line.
 * Output (opts.json): one compact object per event (json.md event shape,
 *   with "origin"); a message without a table change prints
 *   {"off":N,"msg":"RTM_MISS","ignored":"no table change"}, a skipped one
 *   {"off":N,"skipped":"REASON"}.  With opts.table and opts.json only the
 *   final table object is printed.
 *
 * Dump messages: macOS RTM_GET, RTM_GET2, RTM_IFINFO2, RTM_NEWMADDR2,
 * FreeBSD RTM_GET, and RTM_IFINFO/RTM_NEWADDR in a buffer that also holds
 * RTM_GET*; netlink messages with NLM_F_MULTI.  They are applied to the
 * table silently (text); every message is applied in order.
 *
 * Recordings (vw_rec.h; a buffer vw_rec_is() accepts) print, in text:
 *   "recording: darwin (xnu layout), started <RFC 3339>, base seq N", then
 *   one line per record starting with its time since the first record
 *   ("+5.200000"):
 *     KMSG        "KMSG 164 bytes" (" (dump)" for VW_RECF_DUMP), then the
 *                 lines above for those bytes (dump messages silent),
 *                 interface names from the table earlier records built;
 *     DUMP_BEGIN  "dump begin route,neigh,link,addr: REASON"; the table
 *                 is synced as a replay does (vw_table_sync_begin/end);
 *     DUMP_END    "dump end: N changes", then after the first re-read the
 *                 table (as after a dump above), after later ones each
 *                 change as "  <kind> <ip-style text>" as it happens;
 *     PROBE       "probe 198.18.64.2 icmp ok rtt 0.081 ms", "probe ...
 *                 lost EHOSTUNREACH", " (re-probe)" for a fast one;
 *     CLOCK       "clock wall <RFC 3339> sleep 0.000000 s";
 *     CONFIG      "config <its first line> (N bytes)";  NOTE "note TEXT";
 *     other       "record type T, N bytes: unknown, skipped".
 *   opts.json: a {"recording":{...}} object, then one object per record
 *   ({"off","t","mono_us","type","flags","len"} and "events" (KMSG),
 *   "objs"/"reason", "changes"/"diffs"/"table", "probe", "clock",
 *   "config", "note").  opts.table: the table after every re-read and at
 *   the end.  opts.now is not used: expiry is judged by the recorded
 *   clock (the last CLOCK record, else the header's start).  opts.os, if
 *   set, must be the recording's.  Offsets everywhere are file offsets;
 *   a damaged record stops the decode like a malformed message.
 *
 * Pure: no system calls beyond writing to `out` and memory; no globals.
 *
 * Ownership: nothing is retained after vw_decode_buf() returns; buf, opts,
 * out and err stay the caller's.  The engine never closes `out`.
 */
#ifndef VW_DECODE_H
#define VW_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vw_error.h"

/*
 * Something worth telling that is not an error in the input: today only
 * "table rejected <kind>: <reason>" when vw_table_apply() refuses an event
 * (w->off is the message's offset, w->code the table's VW_E*).  The
 * decode goes on.  w is valid during the call only.
 */
typedef void (*vw_decode_warn_cb)(const struct vw_perr *w, void *arg);

struct vw_decode_opts {
	int		 os;	/* VW_OS_*; 0: vw_decode_detect() picks it */
	int		 json;	/* JSON lines instead of text */
	int		 table;	/* print the table even without a dump */
	int		 all;	/* netstat -a: protocol-cloned rows (macOS) */
	int64_t		 now;	/* wall-clock seconds: ARP expiry, Expire */
	vw_decode_warn_cb warn_cb;	/* may be NULL: warnings are dropped */
	void		*warn_arg;
};

/*
 * Which kernel wrote buf: a recording's header OS (VW_OS_NONE if the
 * header is damaged); VW_OS_DARWIN / VW_OS_FREEBSD (byte 2 is
 * RTM_VERSION 5 and the u16 length fits; the two are told apart by which
 * decoder reads more of the first messages, ties going to darwin) or
 * VW_OS_LINUX (a u32 nlmsg_len that fits and a known rtnetlink type);
 * VW_OS_NONE (0) when neither.  Reads only buf[0..len).
 */
int	vw_decode_detect(const uint8_t *buf, size_t len);

/*
 * Decode buf[0..len) as o->os (detected when 0) and print to out as
 * described above.  Returns:
 *   0            everything decoded;
 *   VW_EIO       out has its error flag set after the final fflush (the
 *                text is incomplete; errno is the stream's);
 *   VW_ENOMEM    out of memory (the output stops where it happened, no
 *                table is printed);
 *   VW_EINVAL    o->os is not an OS, or it is 0 and the OS cannot be told
 *                (err says so, at offset 0; nothing is printed);
 *   other VW_E*  malformed input: everything before the bad message has
 *                been printed (and the table too, when one is printed),
 *                err->off is the bad message's offset, err->msg why.
 * In those two input cases err->code equals the return value; after 0,
 * VW_EIO or VW_ENOMEM it is 0 unless the input was malformed too (the
 * return value reports the more serious failure).  err may be NULL.
 */
int	vw_decode_buf(const uint8_t *buf, size_t len,
	    const struct vw_decode_opts *o, FILE *out, struct vw_perr *err);

#endif /* VW_DECODE_H */
