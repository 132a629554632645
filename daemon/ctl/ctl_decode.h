/* SPDX-License-Identifier: ISC */
/*
 * ctl_decode.h - `vmwatchctl decode`: decode a file of routing messages (a
 * PF_ROUTE capture or a NET_RT_* sysctl dump from macOS or FreeBSD, or a
 * netlink dump or stream from Linux) offline, print one line per change
 * message and, after a dump, the table as the OS's own tool prints it.
 *
 *   vmwatchctl decode [--os darwin|freebsd|linux] [--json] [--table]
 *                     [--all] [--now EPOCH] FILE|-
 *
 * Output (text):
 *   - each change message: one fmt_monitor line, in file order;
 *   - a message the decoder skips (unknown version or type):
 *     "# skipped byte OFF: REASON";
 *   - at the end, when the file held dump messages or --table was given:
 *     darwin/freebsd `netstat -rn` (-a with --all), linux `ip -4 route show
 *     table all`, `ip -6 route show table all` and `ip neigh` blocks.
 *     FreeBSD neighbours (lltable, not in netstat -rn) follow as `arp -an`
 *     lines after a blank line.
 * Output (--json): one compact object per event (json.md event shape, with
 *   "origin"); a message without a table change prints
 *   {"off":N,"msg":"RTM_MISS","ignored":"no table change"}, a skipped one
 *   {"off":N,"skipped":"REASON"}.  With --table --json only the final table
 *   object is printed.
 *
 * Dump messages: macOS RTM_GET, RTM_GET2, RTM_IFINFO2, RTM_NEWMADDR2,
 * FreeBSD RTM_GET, and RTM_IFINFO/RTM_NEWADDR in a file that also holds
 * RTM_GET*; netlink messages with NLM_F_MULTI.  They are applied to the
 * table silently (text) and every message is applied in order.
 *
 * Exit: 0 ok; 1 the file cannot be read, out of memory, or stdout fails;
 * 2 bad usage, empty input, input over 256 MiB, unknown OS, or malformed
 * input.  For malformed input everything decoded before it is printed
 * (the table too, when one is printed), then stderr gets
 * "vmwatchctl: FILE: byte OFFSET: REASON".
 */
#ifndef CTL_DECODE_H
#define CTL_DECODE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Largest input accepted (the whole file is read into memory). */
#define CTL_DECODE_MAX	(256u * 1024 * 1024)

int	ctl_decode_main(int argc, char **argv);
void	ctl_decode_usage(FILE *fp);

/*
 * Which kernel wrote buf: VW_OS_DARWIN / VW_OS_FREEBSD (byte 2 is
 * RTM_VERSION 5 and the u16 length fits; the two are told apart by which
 * decoder reads more of the first messages, ties going to darwin) or
 * VW_OS_LINUX (a u32 nlmsg_len that fits and a known rtnetlink type);
 * 0 when neither.
 */
int	ctl_decode_detect(const uint8_t *buf, size_t len);

#endif /* CTL_DECODE_H */
