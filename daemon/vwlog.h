/* SPDX-License-Identifier: ISC */
/*
 * vwlog.h - vmwatchd's log sinks: stderr (foreground), syslog(3) with ident
 * "vmwatchd", and the JSON-lines event file.  OpenBSD log.c conventions:
 * *_warn appends strerror(errno), *_warnx does not; errno is preserved.
 *
 * Ownership: one static sink state for the daemon process (the library
 * never logs); vw_log_close() releases the file and syslog.
 */
#ifndef VWLOG_H
#define VWLOG_H

#include <stdarg.h>

struct cJSON;

#define VW_LOG_STDERR	0x1
#define VW_LOG_SYSLOG	0x2

int	vw_log_open(int dest, int verbose, const char *json_path);
void	vw_log_close(void);
int	vw_log_verbose(void);

void	vw_log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	vw_log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	vw_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	vw_log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* One event: a human line to stderr/syslog, and obj as one JSON line to the file. */
void	vw_log_event(const char *human, const struct cJSON *obj);
void	vw_log_flush(void);
/* Is a JSON-lines file open (so building event objects is worth it)? */
int	vw_log_json_on(void);

#endif /* VWLOG_H */
