/* SPDX-License-Identifier: ISC */
/*
 * ctl_explain.h - `vmwatchctl explain` and `vmwatchctl routes --explain`:
 * the command-line edge of lib/explain.h.
 *
 *   vmwatchctl explain [--os darwin|freebsd|linux] [--json] [FILE|-]
 *
 * reads the text of netstat -rn, arp -an, ip route / ip neigh, route -n,
 * route get or route monitor (FILE, or stdin when FILE is "-" or absent)
 * and prints every non-blank line followed by its explanation, then a
 * "Summary:" of the findings (lib/explain_fmt.c has the layout); --json
 * prints one JSON document instead.  --os forces how flags are read
 * (default: detected from the text).
 *
 *   vmwatchctl routes --explain [-s SOCKET] [-j|--json] [--timeout MS]
 *                     [-4|-6] [PREFIX]
 *
 * asks the daemon for `routes` as text (the OS's own netstat -rn / ip
 * route lines) and explains that text the same way; the daemon needs no
 * change.  Without --explain, `routes` is the plain daemon command.
 *
 * Exit (explain): 0 ok; 2 bad usage, an unreadable file or input over
 * VW_EXPLAIN_MAX; 1 out of memory or stdout failing.  (routes --explain):
 * 0 ok, 1 the daemon is absent or answers an error, 2 bad usage.
 *
 * Ownership: no state; output to stdout, one error line to stderr.
 */
#ifndef CTL_EXPLAIN_H
#define CTL_EXPLAIN_H

#include <stdio.h>

int	ctl_explain_main(int argc, char **argv);
void	ctl_explain_usage(FILE *fp);

/* `routes`: --explain here, everything else to ctl_daemon_main(). */
int	ctl_routes_main(int argc, char **argv);

#endif /* CTL_EXPLAIN_H */
