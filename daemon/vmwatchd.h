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

#include <uv.h>

#include "control.h"
#include "ksrc.h"
#include "vw_table.h"

struct cJSON;
struct vw_config;
struct vw_follower;

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
	int			 log_kernel;	/* log every kernel diff as an event */
	struct vw_follower	*followers;	/* `follow` subscribers */
	struct vw_config	*cfg;		/* active config; SIGHUP swaps it */
};

/* events.c: number, log and fan out one event. */
void	vw_daemon_emit(struct vw_daemon *d, struct vw_event *ev);
int64_t	vw_now_us(void);

/* follow.c: event streams to control clients. */
int	vw_follow_add(struct vw_daemon *d, struct vw_ctl_client *c, int64_t id,
	    const char *prefix);
void	vw_follow_gone(struct vw_daemon *d, struct vw_ctl_client *c);
void	vw_follow_publish(struct vw_daemon *d, int kind,
	    const struct cJSON *event);

/* commands.c: the control commands. */
char	*vw_daemon_request(struct vw_ctl_client *c, const struct vw_ctl_req *req,
	    void *arg);
void	vw_daemon_client_gone(struct vw_ctl_client *c, void *arg);

#endif /* VMWATCHD_H */
