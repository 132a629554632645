/* SPDX-License-Identifier: ISC */
/*
 * control.h - vmwatchd's control socket: a Unix stream socket on libuv pipes
 * speaking the NDJSON protocol of lib/ctlproto.h.
 *
 * Bounds: a request line is at most VW_CTL_MAX_REQUEST bytes (longer ones
 * get an error reply and are skipped), at most `max_clients` connections
 * (the next is told "busy" and closed), and at most `max_queue` bytes of
 * unsent output per client beyond the reply being written — a client that
 * stops reading is dropped, never waited for, so it cannot stall the loop
 * or grow memory.
 *
 * Ownership: the server owns its clients; vw_ctl_close() closes every
 * handle, unlinks the socket path and frees the server from the loop's
 * close callbacks (run the loop once more after it).
 */
#ifndef CONTROL_H
#define CONTROL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <uv.h>

#include "ctlproto.h"

struct vw_ctl;
struct vw_ctl_client;

/*
 * Handle one decoded request.  Return a reply line (malloc'ed, from
 * vw_ctl_reply_*) to send, or NULL after having taken care of the client
 * some other way (e.g. subscribed it to a stream).
 */
typedef char *(*vw_ctl_request_cb)(struct vw_ctl_client *c,
	    const struct vw_ctl_req *req, void *arg);
/* Called when a client goes away (to drop subscriptions). */
typedef void (*vw_ctl_gone_cb)(struct vw_ctl_client *c, void *arg);

struct vw_ctl_opts {
	const char	*path;
	int		 mode;		/* 0660 daemon, 0600 agent */
	gid_t		 group;		/* (gid_t)-1: none */
	unsigned	 max_clients;
	size_t		 max_queue;	/* bytes of pending output per client */
};

/*
 * Refuse a live socket (connect() answers), unlink a stale one, bind under a
 * umask, chmod, listen.  Returns 0 or a negative VW_E* (or libuv UV_E*) code with a
 * sentence in err.
 */
int	vw_ctl_open(uv_loop_t *loop, const struct vw_ctl_opts *opts,
	    vw_ctl_request_cb req_cb, vw_ctl_gone_cb gone_cb, void *arg,
	    struct vw_ctl **out, char *err, size_t errlen);
void	vw_ctl_close(struct vw_ctl *ctl);

/* Queue a line (copied) to one client; drops the client if over its bound. */
int	vw_ctl_send(struct vw_ctl_client *c, const char *line);
unsigned vw_ctl_nclients(const struct vw_ctl *ctl);
uint64_t vw_ctl_ndropped(const struct vw_ctl *ctl);
/* Per-client slot for the caller (e.g. a follow subscription id). */
void	**vw_ctl_client_data(struct vw_ctl_client *c);
/*
 * Is the peer root or the daemon's own user (not merely in the socket's
 * group)?  Commands that make the daemon write files ask this.
 */
int	vw_ctl_client_owner(const struct vw_ctl_client *c);

#endif /* CONTROL_H */
