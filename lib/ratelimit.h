/* SPDX-License-Identifier: ISC */
/*
 * ratelimit.h - a per-template limiter for human log lines (stderr,
 * syslog), after tailscale's "[RATELIMIT] format(...)": lines are grouped
 * by a template key (a format string, or "kind + object"), each template
 * gets a token bucket, and what a bucket refuses is counted so the caller
 * can say "suppressed N similar lines" once the template may speak again.
 *
 *   bucket:  per_min tokens a minute, refilled continuously; it holds at
 *            most per_min tokens (the burst), and starts full.  A line
 *            takes one token; with none left it is suppressed and counted.
 *   report:  vw_rlimit_check() returns the count with the first line let
 *            through afterwards; vw_rlimit_flush(), run from a timer,
 *            reports a template whose bucket has a token again even if no
 *            line came (and takes that token: the report is a line of that
 *            template), so the tail of a burst is always reported.
 *   table:   at most VW_RLIMIT_SLOTS templates, open addressing; a new
 *            template replaces the least recently used one, preferring
 *            one with nothing pending; the counts of one replaced with
 *            lines pending go to an "other templates" total, reported by
 *            flush (key NULL) a minute after its first such line.
 *
 * Pure: no clock, no allocation; every call takes a monotonic time in µs.
 * Ownership: the caller owns struct vw_rlimit (about 38 KiB, plain
 * values); keys are copied (truncated to VW_RLIMIT_KEYMAX - 1 bytes; two
 * keys equal in that prefix and in their 64-bit hash share a bucket).
 */
#ifndef VW_RATELIMIT_H
#define VW_RATELIMIT_H

#include <stdint.h>

#define VW_RLIMIT_SLOTS		256
#define VW_RLIMIT_KEYMAX	96

struct vw_rlimit_ent {
	uint64_t	hash;
	uint64_t	credit;		/* tokens * 60e6 (one token a minute
					   per per_min unit of rate) */
	int64_t		last_us;	/* last refill */
	int64_t		since_us;	/* first suppressed line pending */
	uint32_t	suppressed;	/* lines suppressed, not yet reported */
	uint16_t	prev, next;	/* LRU list; 0xffff ends it */
	char		key[VW_RLIMIT_KEYMAX];
};

struct vw_rlimit {
	uint32_t	per_min;	/* 0: unlimited */
	uint32_t	n;		/* templates in use */
	uint16_t	head, tail;	/* most / least recently used */
	uint32_t	other;		/* pending counts of replaced templates */
	int64_t		other_since_us;
	uint64_t	total_suppressed;	/* lifetime */
	uint16_t	index[2 * VW_RLIMIT_SLOTS];	/* 0 empty, else ent + 1 */
	struct vw_rlimit_ent ent[VW_RLIMIT_SLOTS];
};

/* A suppressed count to report: key NULL for replaced templates. */
typedef void	(*vw_rlimit_cb)(const char *key, uint32_t suppressed,
		    int64_t since_us, void *arg);

/* Empty table; per_min lines a minute per template, 0 for no limit. */
void	vw_rlimit_init(struct vw_rlimit *rl, uint32_t per_min);

/* Forget every template and count (keeps per_min; drain first to report). */
void	vw_rlimit_reset(struct vw_rlimit *rl);

/*
 * May a line of template key go out at now_us?  1 yes, 0 suppressed (and
 * counted).  On 1, *suppressed (and *since_us, the time of the first of
 * them) tell what this template lost since its last report: when nonzero
 * the caller logs "suppressed N similar lines" with this line.  Either
 * pointer may be NULL.
 */
int	vw_rlimit_check(struct vw_rlimit *rl, const char *key, int64_t now_us,
	    uint32_t *suppressed, int64_t *since_us);

/*
 * Report (cb) and clear the counts whose template may speak again.  cb
 * must not call back into the same table.
 */
void	vw_rlimit_flush(struct vw_rlimit *rl, int64_t now_us, vw_rlimit_cb cb,
	    void *arg);

/* Report and clear every pending count now (shutdown, rate change). */
void	vw_rlimit_drain(struct vw_rlimit *rl, vw_rlimit_cb cb, void *arg);

#endif /* VW_RATELIMIT_H */
