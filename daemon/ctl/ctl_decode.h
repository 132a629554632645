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
 * The output (monitor lines, JSON events, the final netstat / ip table)
 * is the decode engine's: see lib/vw_decode.h.  A vmwatchd recording
 * (lib/vw_rec.h, docs/recording-format.md) is recognised by its magic.  --os, --json, --table,
 * --all and --now are its options; without --os the OS is guessed by
 * vw_decode_detect().  A table that rejects an event gets a warning line
 * "vmwatchctl: FILE: byte OFFSET: table rejected KIND: REASON" on stderr
 * and the decode goes on.
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

#endif /* CTL_DECODE_H */
