/* SPDX-License-Identifier: ISC */
/*
 * vmwatchd.h - the daemon's one context, passed to every part of it
 * (dhcpcd's dhcpcd_ctx): loop, mirror, kernel source, control socket.
 *
 * Ownership: main() owns the context and everything hanging off it, and
 * tears it down in reverse order of construction.
 */
#ifndef VMWATCHD_H
#define VMWATCHD_H

#include <stdint.h>
#include <stdio.h>

#include <uv.h>

#include "control.h"
#include "ksrc.h"
#include "vw_history.h"
#include "vw_table.h"

struct cJSON;
struct vw_config;
struct vw_follower;
struct vw_watch;
struct vw_hevent;
struct vw_metrics_http;
struct vw_recorder;
struct vw_replay;

struct vw_daemon {
	uv_loop_t		*loop;
	struct vw_table		*table;
	struct vw_ksrc		*ksrc;
	struct vw_ctl		*ctl;
	uv_signal_t		 sig_term, sig_int, sig_hup;
	const char		*sock_path;
	const char		*json_path;
	int64_t			 started_us;	/* wall clock */
	uint64_t		 seq;		/* last event sequence number */
	uint64_t		 nresync;	/* resyncs run */
	uint64_t		 nrepaired;	/* differences they repaired */
	uint64_t		 nevents;
	uint64_t		 kgen;		/* kernel diffs applied so far */
	int			 log_kernel;	/* log every kernel diff as an event */
	struct vw_follower	*followers;	/* `follow` subscribers */
	struct vw_config	*cfg;		/* active config; SIGHUP swaps it */
	struct vw_history	 hist;		/* recent events (history.size) */
	struct vw_watch		*watch;		/* targets and probes (watch.c) */
	struct vw_metrics_http	*mhttp;		/* metrics.listen; NULL: off */
	struct vw_recorder	*rec;		/* recording + flight recorder */
	struct vw_replay	*replay;	/* --replay; NULL: live */
};

/*
 * events.c: number, log, remember and fan out one event.  Returns its
 * history entry (NULL when memory ran out) so the caller can add to it.
 */
#define VW_EMIT_PATH	0x1	/* a kernel diff on a target's path */
struct vw_hevent *vw_daemon_emit(struct vw_daemon *d, struct vw_event *ev,
	    unsigned flags);
/* The kernel source's callbacks (arg: the daemon); replay uses them too. */
void	vw_daemon_diff_cb(const struct vw_event *diff, void *arg);
void	vw_daemon_resync_cb(int repaired, const char *why, void *arg);
int64_t	vw_now_us(void);	/* wall clock, µs */
int64_t	vw_mono_us(void);	/* uv_hrtime, µs: what probes and history use */
/* Replay: from now on the clocks follow the recording (see events.c). */
void	vw_vclock_set(int64_t wall_us, int64_t mono_us);
void	vw_vclock_advance(int64_t mono_us);

/* follow.c: event streams to control clients. */
int	vw_follow_add(struct vw_daemon *d, struct vw_ctl_client *c, int64_t id,
	    const char *prefix, const char *target);
void	vw_follow_gone(struct vw_daemon *d, struct vw_ctl_client *c);
void	vw_follow_publish(struct vw_daemon *d, const struct vw_event *ev,
	    const struct vw_hevent *he, const struct cJSON *event);
/* Does a history entry pass a follower's/query's filters? */
int	vw_event_filter(struct vw_daemon *d, const struct vw_hevent *he,
	    const char *prefix, const char *target);
/* How an event's JSON is built: names from the mirror, "old" on changes. */
struct vw_json_opts;
struct vw_names;
void	vw_event_json_opts(struct vw_daemon *d, const struct vw_event *ev,
	    struct vw_json_opts *jo, struct vw_names *names);
/* A history entry's JSON (kernel diffs are printed on demand); caller owns. */
struct cJSON *vw_event_json(struct vw_daemon *d, const struct vw_hevent *he);

/* cmd_watch.c: targets, events, and the filters follow shares. */
struct vw_evfilter {
	const char	*kind;		/* kind prefix or NULL */
	const char	*target;	/* address or name or NULL */
	int64_t		 since_us;	/* nonzero: since_mono applies */
	int64_t		 since_mono;	/* mono µs; events from then on */
	size_t		 limit;		/* newest N; 0: all */
};
int	vw_events_filters(const struct vw_ctl_req *req, struct vw_evfilter *f,
	    char *msg, size_t msglen);
/* Print matching history: event lines of stream_id, or (stream_id < 0)
   comma-separated objects. */
int	vw_events_backlog(struct vw_daemon *d, const struct vw_evfilter *f,
	    int64_t stream_id, FILE *fp);
char	*vw_cmd_events(struct vw_daemon *d, const struct vw_ctl_req *req);
char	*vw_cmd_targets(struct vw_daemon *d, const struct vw_ctl_req *req);
char	*vw_cmd_record(struct vw_daemon *d, const struct vw_ctl_req *req);
/* {"recording":PATH|null,"bytes"} live; the replay's status in a replay. */
struct cJSON *vw_record_status(struct vw_daemon *d);

/* metrics.c: Prometheus text (malloc'ed), the `metrics` command, and the
   optional loopback HTTP listener. */
char	*vw_metrics_text(struct vw_daemon *d);
char	*vw_cmd_metrics(struct vw_daemon *d, const struct vw_ctl_req *req);
int	vw_metrics_http_start(struct vw_daemon *d, const struct vw_ip *ip,
	    int port, struct vw_metrics_http **out, char *err, size_t errlen);
void	vw_metrics_http_stop(struct vw_metrics_http *h);

/* commands.c: the control commands. */
char	*vw_daemon_request(struct vw_ctl_client *c, const struct vw_ctl_req *req,
	    void *arg);
void	vw_daemon_client_gone(struct vw_ctl_client *c, void *arg);

#endif /* VMWATCHD_H */
