/* SPDX-License-Identifier: ISC */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "control.h"
#include "platform/peercred.h"
#include "vw_error.h"
#include "vwlog.h"

struct vw_ctl_client {
	uv_pipe_t		 pipe;		/* first: handle->data is unused */
	struct vw_ctl		*ctl;
	struct vw_ctl_client	*next, *prev;
	struct vw_linebuf	 lb;
	size_t			 queued;	/* bytes written but not completed */
	int			 closing;
	void			*data;
	int			 owner;		/* peer is root or the daemon's user */
};

struct vw_ctl {
	uv_pipe_t		 server;
	uv_loop_t		*loop;
	struct vw_ctl_opts	 opts;
	char			*path;
	vw_ctl_request_cb	 req_cb;
	vw_ctl_gone_cb		 gone_cb;
	void			*arg;
	struct vw_ctl_client	*clients;
	unsigned		 nclients;
	uint64_t		 ndropped;
	int			 closing;
	int			 pending_closes;
};

struct vw__write {
	uv_write_t		 req;
	struct vw_ctl_client	*c;
	size_t			 len;
	char			 data[];
};

static void client_close(struct vw_ctl_client *c, const char *why);
static void server_closed_cb(uv_handle_t *h);

/* Is something already answering on path?  1 yes, 0 no (stale or absent). */
static int
ctl_live(const char *path)
{
	struct sockaddr_un sun;
	int fd, r;

	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return 0;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	r = connect(fd, (struct sockaddr *)&sun, sizeof(sun));
	close(fd);
	return r == 0;
}

/*
 * Why a socket cannot be made at path, in words: its directory is
 * missing, not a directory, or not writable (read-only file system,
 * immutable, permissions), or else the bind error itself.  libuv reports
 * a missing directory as EACCES (its Windows-compatible mapping), which
 * would send the reader looking at permissions.
 */
static void
bind_reason(const char *path, int uverr, char *err, size_t errlen)
{
	struct stat sb;
	const char *slash = strrchr(path, '/');
	char dir[sizeof(((struct sockaddr_un *)0)->sun_path)];

	if (slash == NULL)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	if (stat(dir, &sb) == -1)
		snprintf(err, errlen, "%s: cannot create the socket: directory "
		    "%s: %s", path, dir, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		snprintf(err, errlen, "%s: cannot create the socket: %s is not "
		    "a directory", path, dir);
	else if (access(dir, W_OK | X_OK) == -1)
		snprintf(err, errlen, "%s: cannot create the socket in "
		    "directory %s: %s", path, dir, strerror(errno));
	else
		snprintf(err, errlen, "%s: bind: %s", path, uv_strerror(uverr));
}

static void
ctl_freed(struct vw_ctl *ctl)
{
	if (ctl->closing && ctl->pending_closes == 0) {
		free(ctl->path);
		free(ctl);
	}
}

static void
client_closed_cb(uv_handle_t *h)
{
	struct vw_ctl_client *c = (struct vw_ctl_client *)h;
	struct vw_ctl *ctl = c->ctl;

	vw_linebuf_free(&c->lb);
	free(c);
	ctl->pending_closes--;
	ctl_freed(ctl);
}

static void
client_close(struct vw_ctl_client *c, const char *why)
{
	struct vw_ctl *ctl = c->ctl;

	if (c->closing)
		return;
	c->closing = 1;
	if (why != NULL)
		vw_log_debug("control: closing client: %s", why);
	if (ctl->gone_cb != NULL)
		ctl->gone_cb(c, ctl->arg);
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		ctl->clients = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	ctl->nclients--;
	ctl->pending_closes++;
	uv_close((uv_handle_t *)&c->pipe, client_closed_cb);
}

static void
write_cb(uv_write_t *req, int status)
{
	struct vw__write *w = (struct vw__write *)req;

	w->c->queued -= w->len;
	if (status < 0 && status != UV_ECANCELED)
		client_close(w->c, uv_strerror(status));
	free(w);
}

int
vw_ctl_send(struct vw_ctl_client *c, const char *line)
{
	struct vw__write *w;
	size_t n = strlen(line);
	uv_buf_t b;
	int r;

	if (c->closing)
		return VW_EINVAL;
	/*
	 * A client that does not read is dropped, not waited for.  One reply
	 * may exceed the bound on its own (a 100,000-route table is tens of
	 * MiB); what is bounded is the backlog a client leaves unread.
	 */
	if (c->queued > 0 && c->queued + n > c->ctl->opts.max_queue) {
		c->ctl->ndropped++;
		vw_log_info("control: dropping a client with %zu bytes unread",
		    c->queued);
		client_close(c, NULL);
		return VW_ENOSPC;
	}
	if ((w = malloc(sizeof(*w) + n)) == NULL)
		return VW_ENOMEM;
	memcpy(w->data, line, n);
	w->c = c;
	w->len = n;
	b = uv_buf_init(w->data, (unsigned)n);
	if ((r = uv_write(&w->req, (uv_stream_t *)&c->pipe, &b, 1,
	    write_cb)) < 0) {
		free(w);
		client_close(c, uv_strerror(r));
		return r;
	}
	c->queued += n;
	return 0;
}

static void
send_owned(struct vw_ctl_client *c, char *line)
{
	if (line != NULL) {
		vw_ctl_send(c, line);
		free(line);
	}
}

static void
alloc_cb(uv_handle_t *h, size_t hint, uv_buf_t *buf)
{
	static char slab[65536];	/* one loop thread: reads never overlap */

	(void)h;
	(void)hint;
	*buf = uv_buf_init(slab, sizeof(slab));
}

static void
read_cb(uv_stream_t *s, ssize_t nread, const uv_buf_t *buf)
{
	struct vw_ctl_client *c = (struct vw_ctl_client *)s;
	struct vw_ctl_req req;
	const char *line, *code;
	char msg[160];
	size_t len;
	int r;

	if (nread < 0) {
		client_close(c, nread == UV_EOF ? NULL : uv_strerror((int)nread));
		return;
	}
	if (nread == 0)
		return;
	if (vw_linebuf_feed(&c->lb, buf->base, (size_t)nread) < 0) {
		client_close(c, "out of memory");
		return;
	}
	while (!c->closing && (r = vw_linebuf_next(&c->lb, &line, &len)) != 0) {
		if (r == VW_ENOSPC) {
			send_owned(c, vw_ctl_reply_err(-1, "too_large",
			    "request longer than 65536 bytes"));
			continue;
		}
		if (len == 0)
			continue;
		if (vw_ctl_req_parse(line, len, &req, &code, msg,
		    sizeof(msg)) < 0) {
			send_owned(c, vw_ctl_reply_err(req.id, code, msg));
			vw_ctl_req_free(&req);
			continue;
		}
		send_owned(c, c->ctl->req_cb(c, &req, c->ctl->arg));
		vw_ctl_req_free(&req);
	}
}

/*
 * Is the peer in the socket's group, as its primary group or one of its
 * supplementary groups?  macOS admins have "staff" as their primary group
 * and "admin" as a supplementary one, and the LaunchDaemon's socket is
 * group admin.  The credentials carry only the primary group, so ask the
 * user database (getgrouplist) for the rest.
 */
static int
peer_in_group(uid_t uid, gid_t gid, gid_t group)
{
	struct passwd pw, *pwp = NULL;
	char pwbuf[2048];
	gid_t groups[256];
	int n = (int)(sizeof(groups) / sizeof(groups[0])), i;

	if (gid == group)
		return 1;
	if (getpwuid_r(uid, &pw, pwbuf, sizeof(pwbuf), &pwp) != 0 ||
	    pwp == NULL)
		return 0;
#ifdef __APPLE__
	/* macOS declares getgrouplist() with int group lists. */
	if (getgrouplist(pw.pw_name, (int)gid, (int *)groups, &n) == -1)
		return 0;
#else
	if (getgrouplist(pw.pw_name, gid, groups, &n) == -1)
		return 0;
#endif
	for (i = 0; i < n; i++)
		if (groups[i] == group)
			return 1;
	return 0;
}

static void
connection_cb(uv_stream_t *server, int status)
{
	struct vw_ctl *ctl = (struct vw_ctl *)server->data;
	struct vw_ctl_client *c;
	uv_os_fd_t fd;
	uid_t uid;
	gid_t gid;

	if (status < 0) {
		vw_log_warnx("control: accept: %s", uv_strerror(status));
		return;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return;
	c->ctl = ctl;
	vw_linebuf_init(&c->lb, VW_CTL_MAX_REQUEST);
	uv_pipe_init(ctl->loop, &c->pipe, 0);
	c->next = ctl->clients;
	if (ctl->clients != NULL)
		ctl->clients->prev = c;
	ctl->clients = c;
	ctl->nclients++;
	if (uv_accept(server, (uv_stream_t *)&c->pipe) != 0) {
		client_close(c, "accept failed");
		return;
	}
	/* Root, our own user, or the configured group may talk to us. */
	if (uv_fileno((uv_handle_t *)&c->pipe, &fd) != 0 ||
	    vw_peer_cred(fd, &uid, &gid) != 0 ||
	    !(uid == 0 || uid == geteuid() ||
	    (ctl->opts.group != (gid_t)-1 &&
	    peer_in_group(uid, gid, ctl->opts.group)))) {
		send_owned(c, vw_ctl_reply_err(-1, "denied",
		    "peer credentials not allowed"));
		client_close(c, "credentials refused");
		return;
	}
	c->owner = uid == 0 || uid == geteuid();
	if (ctl->nclients > ctl->opts.max_clients) {
		send_owned(c, vw_ctl_reply_err(-1, "busy",
		    "too many control clients"));
		client_close(c, "too many clients");
		return;
	}
	uv_read_start((uv_stream_t *)&c->pipe, alloc_cb, read_cb);
}

int
vw_ctl_open(uv_loop_t *loop, const struct vw_ctl_opts *opts,
    vw_ctl_request_cb req_cb, vw_ctl_gone_cb gone_cb, void *arg,
    struct vw_ctl **out, char *err, size_t errlen)
{
	struct vw_ctl *ctl;
	struct sockaddr_un sun;
	struct stat sb;
	mode_t old;
	int r;

	if (strlen(opts->path) >= sizeof(sun.sun_path)) {
		snprintf(err, errlen, "%s: socket path longer than %zu bytes",
		    opts->path, sizeof(sun.sun_path) - 1);
		return VW_EINVAL;
	}
	if (ctl_live(opts->path)) {
		snprintf(err, errlen, "%s: another vmwatchd is already "
		    "listening there", opts->path);
		return VW_EEXIST;
	}
	/* Only what is there: unlink() on a read-only file system says
	   EROFS even when nothing is, which would read as a stale socket. */
	if (lstat(opts->path, &sb) == 0 && unlink(opts->path) == -1 &&
	    errno != ENOENT) {
		r = -errno;
		snprintf(err, errlen, "%s: cannot remove stale socket: %s",
		    opts->path, strerror(errno));
		return r;
	}
	if ((ctl = calloc(1, sizeof(*ctl))) == NULL)
		return VW_ENOMEM;
	if ((ctl->path = strdup(opts->path)) == NULL) {
		r = VW_ENOMEM;
		goto fail_path;
	}
	ctl->loop = loop;
	ctl->opts = *opts;
	ctl->req_cb = req_cb;
	ctl->gone_cb = gone_cb;
	ctl->arg = arg;
	uv_pipe_init(loop, &ctl->server, 0);
	ctl->server.data = ctl;
	/* Bind under a umask so the socket is never briefly world-writable. */
	old = umask(0177);
	r = uv_pipe_bind(&ctl->server, opts->path);
	umask(old);
	if (r < 0) {
		bind_reason(opts->path, r, err, errlen);
		goto fail_bind;
	}
	if (chmod(opts->path, (mode_t)opts->mode) == -1 ||
	    (opts->group != (gid_t)-1 &&
	    chown(opts->path, (uid_t)-1, opts->group) == -1)) {
		r = -errno;
		snprintf(err, errlen, "%s: %s", opts->path, strerror(errno));
		goto fail_listen;
	}
	if ((r = uv_listen((uv_stream_t *)&ctl->server, 511, connection_cb)) < 0) {
		snprintf(err, errlen, "%s: listen: %s", opts->path,
		    uv_strerror(r));
		goto fail_listen;
	}
	*out = ctl;
	return 0;

fail_listen:
	unlink(opts->path);
fail_bind:
	/* The handle must be closed through the loop; free it from there. */
	ctl->closing = 1;
	ctl->pending_closes = 1;
	uv_close((uv_handle_t *)&ctl->server, server_closed_cb);
	return r;
fail_path:
	free(ctl);
	return r;
}

static void
server_closed_cb(uv_handle_t *h)
{
	struct vw_ctl *ctl = (struct vw_ctl *)h->data;

	ctl->pending_closes--;
	ctl_freed(ctl);
}

void
vw_ctl_close(struct vw_ctl *ctl)
{
	if (ctl == NULL || ctl->closing)
		return;
	while (ctl->clients != NULL)
		client_close(ctl->clients, NULL);
	ctl->closing = 1;
	ctl->pending_closes++;
	unlink(ctl->path);
	uv_close((uv_handle_t *)&ctl->server, server_closed_cb);
}

unsigned
vw_ctl_nclients(const struct vw_ctl *ctl)
{
	return ctl->nclients;
}

uint64_t
vw_ctl_ndropped(const struct vw_ctl *ctl)
{
	return ctl->ndropped;
}

int
vw_ctl_client_owner(const struct vw_ctl_client *c)
{
	return c->owner;
}

void **
vw_ctl_client_data(struct vw_ctl_client *c)
{
	return &c->data;
}
