/* SPDX-License-Identifier: ISC */
/*
 * ctl_report.h - vmwatchctl's recording commands and the bug report:
 *
 *   record start FILE    the daemon records to FILE (made absolute here;
 *                        it must not exist: recordings never overwrite)
 *   record stop          close that file
 *   record window FILE   the flight recorder's window (the last full
 *                        kernel dump and everything since) into FILE
 *   report [-o FILE|-] [--anonymize]
 *                        one JSON document for a bug report: status,
 *                        targets, events, the last incident, the four
 *                        tables, metrics and the flight window
 *   report --extract-recording REPORT FILE
 *                        the window of a report, as a recording file
 *
 * Both are daemon subcommands (ctl_daemon_main parses -s, -j, --timeout).
 * Ownership: no state kept between calls.
 */
#ifndef CTL_REPORT_H
#define CTL_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "ctl/ctl_client.h"

int	vw_cmd_record(const struct vw_client_opts *o, int argc, char **argv);
int	vw_cmd_report(const struct vw_client_opts *o, int argc, char **argv);

/*
 * Shared by both (ctl_record.c).
 *
 * ctl_call_result: vw_client_call, then the reply's result (*res points
 * into *reply, which the caller frees) when ok; otherwise *err points to
 * the reply's error object and 1 is returned.  A call that failed to
 * happen returns 1 with *reply NULL (the line is already on stderr).
 */
int	ctl_call_result(const struct vw_client_opts *o, const char *cmd,
	    cJSON *args, cJSON **reply, const cJSON **res, const cJSON **err);
/* "vmwatchctl: CODE: MESSAGE" for an error object. */
void	ctl_print_error(const char *what, const cJSON *err);

/* A {"bytes":N,"base64":"..."} object decoded (malloc'ed); 0 or -1 (why). */
int	ctl_window_decode(const cJSON *win, uint8_t **buf, size_t *len,
	    const char **why);

/*
 * Write buf to a new file (O_EXCL: never replaces one), or to stdout for
 * "-".  0, or 1 with one line on stderr.
 */
int	ctl_write_new(const char *path, const uint8_t *buf, size_t len,
	    const char *what);

#endif /* CTL_REPORT_H */
