/* SPDX-License-Identifier: ISC */
/*
 * vwlog.h - vmwatchd's log sinks: stderr (foreground), syslog(3) with ident
 * "vmwatchd", and the JSON-lines event file.  OpenBSD log.c conventions:
 * *_warn appends strerror(errno), *_warnx does not; errno is preserved.
 *
 * Human lines (stderr/syslog) are rate-limited per template (lib/
 * ratelimit.h): the printf functions use their format string as the
 * template, vw_log_event() the key it is given.  What is held back is
 * reported as "suppressed N similar lines (KEY) in the last T".  The JSON
 * file is the complete record and is never rate-limited.
 *
 * The JSON file: written synchronously until vw_log_attach_loop(), then
 * by the libuv thread pool, one write in flight and the lines meanwhile
 * queued in memory (at most VW_LOG_PENDING_MAX bytes; past that lines are
 * dropped and counted), so a slow or stuck disk never stalls the loop.  A
 * 1 s timer reopens the file when its path names another file or none
 * (moved by newsyslog/logrotate, deleted), and retries an open that
 * failed; vw_log_reopen() (SIGUSR1) reopens at once.  A failing file is
 * counted and warned about once, and never stops the daemon.
 *
 * syslog on Linux is sent by this file, non-blocking, to /dev/log (see
 * vwlog.c: glibc's syslog(3) blocks when the syslog daemon stops
 * reading): a missing, refusing or full /dev/log costs the lines it does
 * not take (counted in syslog_dropped, said once on stderr), never a
 * stall; it is tried again every second.  Elsewhere syslog(3).
 *
 * Ownership: one static sink state for the daemon process (the library
 * never logs); vw_log_close() releases the file, buffers and syslog.
 */
#ifndef VWLOG_H
#define VWLOG_H

#include <stdarg.h>
#include <stdint.h>

struct cJSON;
struct uv_loop_s;

#define VW_LOG_STDERR	0x1
#define VW_LOG_SYSLOG	0x2

#define VW_LOG_PENDING_MAX	(8u << 20)	/* JSON bytes queued at most */

/*
 * JSON bytes queued or being written.  A replay at max speed waits while
 * this is high: it can make events faster than any disk takes them, and
 * unlike the kernel it can be paused, so nothing needs to be dropped.
 */
size_t	vw_log_backlog(void);

struct vw_log_stats {
	uint64_t	lines;		/* human lines written */
	uint64_t	json_lines;	/* JSON lines written to the file */
	uint64_t	json_dropped;	/* JSON lines lost (queue full, failed
					   write, no file at exit) */
	uint64_t	json_failures;	/* failed writes and opens */
	uint64_t	suppressed;	/* human lines held back by the limiter */
	uint64_t	reopens;	/* JSON file opened again */
	uint64_t	syslog_dropped;	/* syslog lines not taken (no /dev/log,
					   or its reader stalled; Linux) */
};

/*
 * Open the sinks.  The JSON file (if json_path is not NULL; the path is
 * copied) is opened O_APPEND|O_CREAT, mode 0640.  A file that cannot be
 * opened (no such directory, read-only, full, permission) is not an
 * error: the failure is counted in json_failures, warned about once on
 * stderr/syslog, events are queued in memory (up to VW_LOG_PENDING_MAX
 * bytes, then counted in json_dropped) and the open is retried every
 * second once attached (before that, at each synchronous flush); the
 * queue is written, in order, when it succeeds.  Returns 0, or -ENOMEM
 * (nothing open).
 */
int	vw_log_open(int dest, int verbose, const char *json_path);
/* Write what is queued (synchronously), report suppressed counts, close. */
void	vw_log_close(void);
int	vw_log_verbose(void);

/*
 * Asynchronous JSON writes and the 1 s timer on loop.  Detach before
 * tearing the loop down; the loop must then run until its handles are
 * closed (a write in flight completes there), and later lines are
 * written synchronously again.
 */
int	vw_log_attach_loop(struct uv_loop_s *loop);
void	vw_log_detach_loop(void);
/* Reopen the JSON file (SIGUSR1); between writes, never during one. */
void	vw_log_reopen(void);
/* Human lines per minute per template (config log.rate_limit_per_min);
   0 or less: no limit.  Pending counts are reported first. */
void	vw_log_set_rate(int per_min);

void	vw_log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	vw_log_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	vw_log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void	vw_log_debug(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * One event: human (if not NULL) to stderr/syslog, rate-limited under
 * template_key; and obj (if not NULL) as one JSON line to the file.  A
 * NULL template_key uses the human line itself, less a leading "#SEQ ",
 * so only lines identical but for the sequence number are "similar".
 */
void	vw_log_event(const char *human, const char *template_key,
	    const struct cJSON *obj);
/* stderr now; the JSON queue is written as soon as no write is running. */
void	vw_log_flush(void);
/* Is a JSON-lines file configured (so building event objects is worth
   it)?  True also while the file is being reopened. */
int	vw_log_json_on(void);
void	vw_log_stats(struct vw_log_stats *out);

#endif /* VWLOG_H */
