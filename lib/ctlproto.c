/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctlproto.h"
#include "vw_error.h"

static int
req_fail(const char **code, const char *c, char *msg, size_t msglen,
    const char *text)
{
	*code = c;
	snprintf(msg, msglen, "%s", text);
	return VW_EINVAL;
}

int
vw_ctl_req_parse(const char *line, size_t len, struct vw_ctl_req *req,
    const char **code, char *msg, size_t msglen)
{
	const cJSON *v, *id, *cmd, *args;

	memset(req, 0, sizeof(*req));
	req->id = -1;
	if (len > VW_CTL_MAX_REQUEST)
		return req_fail(code, "too_large", msg, msglen,
		    "request longer than 65536 bytes");
	req->root = cJSON_ParseWithLength(line, len);
	if (req->root == NULL)
		return req_fail(code, "bad_json", msg, msglen,
		    "request is not valid JSON");
	if (!cJSON_IsObject(req->root))
		return req_fail(code, "bad_request", msg, msglen,
		    "request must be a JSON object");
	id = cJSON_GetObjectItemCaseSensitive(req->root, "id");
	if (cJSON_IsNumber(id) && id->valuedouble >= 0 &&
	    id->valuedouble <= 9007199254740991.0)
		req->id = (int64_t)id->valuedouble;
	else if (id != NULL)
		return req_fail(code, "bad_request", msg, msglen,
		    "\"id\" must be a non-negative integer");
	v = cJSON_GetObjectItemCaseSensitive(req->root, "v");
	if (!cJSON_IsNumber(v))
		return req_fail(code, "bad_request", msg, msglen,
		    "missing protocol version \"v\"");
	if (v->valuedouble != VW_CTL_VERSION) {
		*code = "bad_version";
		snprintf(msg, msglen, "protocol version %g not supported "
		    "(this daemon speaks %d)", v->valuedouble, VW_CTL_VERSION);
		return VW_EINVAL;
	}
	cmd = cJSON_GetObjectItemCaseSensitive(req->root, "cmd");
	if (!cJSON_IsString(cmd) || cmd->valuestring[0] == '\0' ||
	    strlen(cmd->valuestring) >= sizeof(req->cmd))
		return req_fail(code, "bad_request", msg, msglen,
		    "missing or invalid \"cmd\"");
	snprintf(req->cmd, sizeof(req->cmd), "%s", cmd->valuestring);
	args = cJSON_GetObjectItemCaseSensitive(req->root, "args");
	if (args != NULL && !cJSON_IsObject(args) && !cJSON_IsNull(args))
		return req_fail(code, "bad_request", msg, msglen,
		    "\"args\" must be an object");
	req->args = cJSON_IsObject(args) ? args : NULL;
	return 0;
}

void
vw_ctl_req_free(struct vw_ctl_req *req)
{
	cJSON_Delete(req->root);
	req->root = NULL;
	req->args = NULL;
}

const char *
vw_ctl_arg_str(const struct vw_ctl_req *req, const char *key, const char *def)
{
	const cJSON *a;

	if (req->args == NULL)
		return def;
	a = cJSON_GetObjectItemCaseSensitive(req->args, key);
	return cJSON_IsString(a) ? a->valuestring : def;
}

int64_t
vw_ctl_arg_int(const struct vw_ctl_req *req, const char *key, int64_t def)
{
	const cJSON *a;

	if (req->args == NULL)
		return def;
	a = cJSON_GetObjectItemCaseSensitive(req->args, key);
	/* Out of int64 range (or NaN) is mistyped: the cast would be UB. */
	if (!cJSON_IsNumber(a) || !(a->valuedouble >= -9.2e18 &&
	    a->valuedouble <= 9.2e18))
		return def;
	return (int64_t)a->valuedouble;
}

/* Print obj as one line + '\n'; frees obj.  NULL on ENOMEM. */
static char *
line_of(cJSON *obj)
{
	char *s, *line;
	size_t n;

	if (obj == NULL)
		return NULL;
	s = cJSON_PrintUnformatted(obj);
	cJSON_Delete(obj);
	if (s == NULL)
		return NULL;
	n = strlen(s);
	if ((line = malloc(n + 2)) != NULL) {
		memcpy(line, s, n);
		line[n] = '\n';
		line[n + 1] = '\0';
	}
	cJSON_free(s);
	return line;
}

static cJSON *
envelope(int64_t id)
{
	cJSON *o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddNumberToObject(o, "v", VW_CTL_VERSION);
	if (id >= 0)
		cJSON_AddNumberToObject(o, "id", (double)id);
	else
		cJSON_AddNullToObject(o, "id");
	return o;
}

char *
vw_ctl_reply_ok(int64_t id, cJSON *result)
{
	cJSON *o;

	if ((o = envelope(id)) == NULL) {
		cJSON_Delete(result);
		return NULL;
	}
	cJSON_AddTrueToObject(o, "ok");
	cJSON_AddItemToObject(o, "result",
	    result != NULL ? result : cJSON_CreateNull());
	return line_of(o);
}

char *
vw_ctl_reply_err(int64_t id, const char *code, const char *msg)
{
	cJSON *o, *e;

	if ((o = envelope(id)) == NULL)
		return NULL;
	cJSON_AddFalseToObject(o, "ok");
	if ((e = cJSON_AddObjectToObject(o, "error")) != NULL) {
		cJSON_AddStringToObject(e, "code", code);
		cJSON_AddStringToObject(e, "message", msg);
	}
	return line_of(o);
}

char *
vw_ctl_stream(int64_t id, cJSON *event)
{
	cJSON *o;

	if ((o = envelope(id)) == NULL) {
		cJSON_Delete(event);
		return NULL;
	}
	cJSON_AddItemToObject(o, "event", event);
	return line_of(o);
}

char *
vw_ctl_request(int64_t id, const char *cmd, cJSON *args)
{
	cJSON *o;

	if ((o = envelope(id)) == NULL) {
		cJSON_Delete(args);
		return NULL;
	}
	cJSON_AddStringToObject(o, "cmd", cmd);
	if (args != NULL)
		cJSON_AddItemToObject(o, "args", args);
	return line_of(o);
}

void
vw_linebuf_init(struct vw_linebuf *lb, size_t max)
{
	memset(lb, 0, sizeof(*lb));
	lb->max = max;
}

void
vw_linebuf_free(struct vw_linebuf *lb)
{
	free(lb->buf);
	memset(lb, 0, sizeof(*lb));
}

int
vw_linebuf_feed(struct vw_linebuf *lb, const char *data, size_t n)
{
	size_t i, need;
	char *nb;

	/* Drop consumed bytes first so the buffer never exceeds max + n. */
	if (lb->start > 0) {
		memmove(lb->buf, lb->buf + lb->start, lb->len - lb->start);
		lb->len -= lb->start;
		lb->start = 0;
	}
	while (n > 0 && lb->discarding) {
		for (i = 0; i < n && data[i] != '\n'; i++)
			;
		if (i == n)
			return 0;
		lb->discarding = 0;
		data += i + 1;
		n -= i + 1;
	}
	need = lb->len + n;
	if (need > lb->cap) {
		size_t cap = lb->cap ? lb->cap : 512;

		while (cap < need)
			cap *= 2;
		if ((nb = realloc(lb->buf, cap)) == NULL)
			return VW_ENOMEM;
		lb->buf = nb;
		lb->cap = cap;
	}
	if (n > 0)
		memcpy(lb->buf + lb->len, data, n);
	lb->len += n;
	return 0;
}

int
vw_linebuf_next(struct vw_linebuf *lb, const char **line, size_t *len)
{
	char *nl;
	size_t avail, i;

	avail = lb->len - lb->start;
	nl = avail ? memchr(lb->buf + lb->start, '\n', avail) : NULL;
	if (nl == NULL) {
		if (avail > lb->max) {
			/* Oversized and unfinished: forget it, skip to '\n'. */
			lb->len = lb->start = 0;
			lb->discarding = 1;
			return VW_ENOSPC;
		}
		return 0;
	}
	i = (size_t)(nl - (lb->buf + lb->start));
	*line = lb->buf + lb->start;
	*len = i;
	lb->start += i + 1;
	if (i > lb->max)
		return VW_ENOSPC;
	if (i > 0 && (*line)[i - 1] == '\r')
		(*len)--;
	return 1;
}
