/* SPDX-License-Identifier: ISC */
/*
 * watch.h - the watchdog: the targets (configured and discovered), their
 * probes and state machines, the immediate re-probe when a kernel change
 * touches a target's path, the diagnosis at a verdict, and the host
 * clock watch (sleep/wake).
 *
 * Ownership: struct vw_watch belongs to the daemon context (d->watch);
 * vw_watch_stop() closes its handles and frees it through the loop.
 */
#ifndef WATCH_H
#define WATCH_H

#include <stdint.h>

#include <cjson/cJSON.h>

#include "vw_event.h"
#include "vw_history.h"

struct vw_daemon;
struct vw_watch;

int	vw_watch_start(struct vw_daemon *d);
void	vw_watch_stop(struct vw_daemon *d);
/* After a reload: reconcile targets and discovery with d->cfg. */
void	vw_watch_reconfigure(struct vw_daemon *d);

/* Does this kernel diff touch any target's path (decides its logging)? */
int	vw_watch_touches(struct vw_daemon *d, const struct vw_event *ev);
/* A kernel diff was emitted (numbered, in the history as he). */
void	vw_watch_kernel(struct vw_daemon *d, const struct vw_event *ev,
	    struct vw_hevent *he);

/* The `targets` reply (an array). */
cJSON	*vw_watch_targets_json(struct vw_daemon *d);
/* Does history entry he concern the target named by `which` (address or
   name)?  -1 when no such target. */
int	vw_watch_event_matches(struct vw_daemon *d, const char *which,
	    const struct vw_hevent *he);

#define VW_WATCH_NERRNO	8
struct vw_watch_errno {
	int		err;		/* positive errno; 0: unused slot */
	uint64_t	count;
};
/* "EHOSTUNREACH", ... (a static buffer for unknown ones). */
const char	*vw_watch_errno_name(int err);

/* One target, as metrics and reports see it (pointers valid during the call). */
struct vw_watch_tinfo {
	const struct vw_ip	*addr;
	const char		*name;		/* NULL: none */
	int			 discovered;
	int			 state;		/* enum vw_tstate */
	const struct vw_tstats	*stats;
	const uint64_t		*downs;		/* [VW_CAUSE__MAX]: target.down by cause */
	uint64_t		 transitions;	/* state changes */
	int			 last_cause;	/* enum vw_cause_code; 0 none */
	const struct vw_watch_errno *errs;	/* [VW_WATCH_NERRNO], lifetime */
};
typedef void (*vw_watch_target_cb)(const struct vw_watch_tinfo *ti, void *arg);
void	vw_watch_foreach(struct vw_daemon *d, vw_watch_target_cb cb, void *arg);

/* Replay (daemon/replay.c) hands over what the recording says. */
struct vw_probe_res;
void	vw_watch_replay_probe(struct vw_daemon *d, const struct vw_ip *addr,
	    const struct vw_probe_res *res, int fast);
void	vw_watch_replay_clock(struct vw_daemon *d, int64_t wall, int64_t mono,
	    int64_t sleep);
void	vw_watch_replay_settle(struct vw_daemon *d, const struct vw_ip *addr);
void	vw_watch_replay_retire(struct vw_daemon *d, const struct vw_ip *addr);

/* For metrics. */
struct vw_watch_stats {
	uint64_t	probes, reprobes, discovered, retired, wakes;
};
void	vw_watch_stats(struct vw_daemon *d, struct vw_watch_stats *st);

#endif /* WATCH_H */
