/* SPDX-License-Identifier: ISC */
/*
 * ctlproto.h - the control-socket protocol codec (pure; DESIGN.md
 * "Control socket"): newline-delimited JSON, one object per line.
 *
 *   request  {"v":1,"id":N,"cmd":"routes","args":{...}}
 *   reply    {"v":1,"id":N,"ok":true,"result":...}
 *            {"v":1,"id":N,"ok":false,"error":{"code":"...","message":"..."}}
 *   stream   {"v":1,"id":N,"event":{...}}
 *
 * Ownership: vw_ctl_req owns its cJSON tree (freed by vw_ctl_req_free);
 * `args` points into it.  Reply builders take ownership of `result` and
 * return a malloc'ed, '\n'-terminated line the caller frees with free().
 * vw_linebuf owns its storage (vw_linebuf_free).
 */
#ifndef CTLPROTO_H
#define CTLPROTO_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#define VW_CTL_VERSION		1
#define VW_CTL_MAX_REQUEST	(64 * 1024)	/* bytes per request line */

struct vw_ctl_req {
	int64_t		 id;		/* -1 when the request had none */
	char		 cmd[32];
	const cJSON	*args;		/* object or NULL */
	cJSON		*root;
};

/*
 * Decode one request line (without its '\n').  On failure returns a
 * negative VW_E* and sets *code to a protocol error code ("bad_json",
 * "bad_request", "bad_version") and msg to a sentence; req->id is set
 * whenever the line had a usable id, so the error reply can carry it.
 */
int	vw_ctl_req_parse(const char *line, size_t len, struct vw_ctl_req *req,
	    const char **code, char *msg, size_t msglen);
void	vw_ctl_req_free(struct vw_ctl_req *req);

/* Helpers to read typed arguments; return `def` when absent or mistyped. */
const char *vw_ctl_arg_str(const struct vw_ctl_req *req, const char *key,
	    const char *def);
int64_t	vw_ctl_arg_int(const struct vw_ctl_req *req, const char *key,
	    int64_t def);

char	*vw_ctl_reply_ok(int64_t id, cJSON *result);
char	*vw_ctl_reply_err(int64_t id, const char *code, const char *msg);
char	*vw_ctl_stream(int64_t id, cJSON *event);
/* A request line, as the client sends it (args may be NULL; taken over). */
char	*vw_ctl_request(int64_t id, const char *cmd, cJSON *args);

/*
 * Line framing with a hard bound.  Feed bytes with vw_linebuf_feed(); take
 * complete lines with vw_linebuf_next() until it returns 0.  A line longer
 * than `max` is reported once as VW_ENOSPC (the caller answers with an
 * error) and its bytes are discarded up to the next '\n', so an oversized
 * request can never grow memory.
 */
struct vw_linebuf {
	char	*buf;
	size_t	 len, cap, max;
	size_t	 start;		/* first unconsumed byte */
	int	 discarding;	/* inside an oversized line */
};

void	vw_linebuf_init(struct vw_linebuf *lb, size_t max);
void	vw_linebuf_free(struct vw_linebuf *lb);
int	vw_linebuf_feed(struct vw_linebuf *lb, const char *data, size_t n);
/*
 * Returns 1 and sets *line and *len (valid until the next feed) for a complete
 * line, 0 when none is complete, VW_ENOSPC once per oversized line.
 */
int	vw_linebuf_next(struct vw_linebuf *lb, const char **line, size_t *len);

#endif /* CTLPROTO_H */
