/* SPDX-License-Identifier: ISC */
/*
 * cmd_watch.c - the watchdog's control commands: `targets` (state and
 * statistics of every target) and `events` (the history ring, filtered by
 * age, kind and target).  `follow` (commands.c) uses the same filters and
 * vw_events_backlog() to replay history before streaming.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "record.h"
#include "replay.h"
#include "vmwatchd.h"
#include "vw_b64.h"
#include "vw_error.h"
#include "watch.h"

/* Parse the shared filters: 0, or VW_EINVAL with a message. */
int
vw_events_filters(const struct vw_ctl_req *req, struct vw_evfilter *f,
    char *msg, size_t msglen)
{
	const char *since;
	uint32_t ms;
	const cJSON *lim;

	memset(f, 0, sizeof(*f));
	f->kind = vw_ctl_arg_str(req, "kind", NULL);
	f->target = vw_ctl_arg_str(req, "target", NULL);
	if (f->kind != NULL && strlen(f->kind) >= 16) {
		snprintf(msg, msglen, "kind: too long");
		return VW_EINVAL;
	}
	if (f->target != NULL && strlen(f->target) >= 80) {
		snprintf(msg, msglen, "target: too long");
		return VW_EINVAL;
	}
	if ((since = vw_ctl_arg_str(req, "since", NULL)) != NULL) {
		if (vw_config_parse_duration(since, &ms) < 0) {
			snprintf(msg, msglen, "since: expected a duration such "
			    "as 90s, 10m or 2h, got \"%.32s\"", since);
			return VW_EINVAL;
		}
		/* On the monotonic clock: the wall clock may step. */
		f->since_mono = vw_mono_us() - (int64_t)ms * 1000;
		f->since_us = 1;
	}
	lim = req->args != NULL ?
	    cJSON_GetObjectItemCaseSensitive(req->args, "limit") : NULL;
	if (lim != NULL) {
		if (!cJSON_IsNumber(lim) || !(lim->valuedouble >= 1 &&
		    lim->valuedouble <= 1e9)) {
			snprintf(msg, msglen, "limit: expected a positive "
			    "integer");
			return VW_EINVAL;
		}
		f->limit = (size_t)lim->valuedouble;
	}
	return 0;
}

/* Index of the first history entry the filters' age allows. */
static size_t
first_index(struct vw_daemon *d, const struct vw_evfilter *f)
{
	if (f->since_us == 0)
		return 0;
	return vw_history_find_mono(&d->hist, f->since_mono);
}

int
vw_events_backlog(struct vw_daemon *d, const struct vw_evfilter *f,
    int64_t stream_id, FILE *fp)
{
	const struct vw_hevent *he;
	size_t n = vw_history_count(&d->hist), i, first, count = 0, skip = 0;
	cJSON *obj;
	char *s;

	first = first_index(d, f);
	if (f->limit > 0) {
		/* The newest `limit` matching entries. */
		for (i = n; i > first; i--)
			if (vw_event_filter(d, vw_history_at(&d->hist, i - 1),
			    f->kind, f->target) && ++count > f->limit)
				break;
		skip = i;
		first = skip > first ? skip : first;
	}
	for (i = first; i < n; i++) {
		he = vw_history_at(&d->hist, i);
		if (!vw_event_filter(d, he, f->kind, f->target))
			continue;
		if ((obj = vw_event_json(d, he)) == NULL)
			return VW_ENOMEM;
		s = cJSON_PrintUnformatted(obj);
		cJSON_Delete(obj);
		if (s == NULL)
			return VW_ENOMEM;
		if (stream_id >= 0)
			fprintf(fp, "{\"v\":1,\"id\":%lld,\"event\":%s}\n",
			    (long long)stream_id, s);
		else
			fprintf(fp, "%s%s", ftell(fp) > 1 ? "," : "", s);
		cJSON_free(s);
	}
	return 0;
}

/* events: the history as an array of event objects, oldest first. */
char *
vw_cmd_events(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	struct vw_evfilter f;
	char msg[160], *text = NULL, *line;
	size_t len = 0;
	FILE *fp;
	cJSON *arr;

	if (vw_events_filters(req, &f, msg, sizeof(msg)) < 0)
		return vw_ctl_reply_err(req->id, "bad_args", msg);
	if (f.target != NULL && d->watch != NULL) {
		/*
		 * An unknown name is an error, not an empty list; an address
		 * is always accepted (a retired guest's events remain).
		 */
		struct vw_hevent probe;
		struct vw_ip ip;

		memset(&probe, 0, sizeof(probe));
		if (vw_ip_parse(f.target, &ip) != 0 &&
		    vw_watch_event_matches(d, f.target, &probe) < 0) {
			snprintf(msg, sizeof(msg), "no target \"%s\"",
			    f.target);
			return vw_ctl_reply_err(req->id, "not_found", msg);
		}
	}
	if ((fp = open_memstream(&text, &len)) == NULL)
		return NULL;
	fputc('[', fp);
	if (vw_events_backlog(d, &f, -1, fp) < 0) {
		fclose(fp);
		free(text);
		return NULL;
	}
	fputc(']', fp);
	if (fclose(fp) != 0) {
		free(text);
		return NULL;
	}
	arr = cJSON_Parse(text);
	free(text);
	if (arr == NULL)
		return NULL;
	line = vw_ctl_reply_ok(req->id, arr);
	return line;
}

char *
vw_cmd_targets(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	cJSON *arr;

	if ((arr = vw_watch_targets_json(d)) == NULL)
		return NULL;
	return vw_ctl_reply_ok(req->id, arr);
}

/*
 * record: {"action":"start","path":ABSOLUTE} | {"action":"stop"} |
 * {"action":"window"} (the flight recorder's window, base64).  Paths
 * must be absolute and new: the daemon may run as root, and the control
 * socket's group must not be able to overwrite files through it.
 */
char *
vw_cmd_record(struct vw_daemon *d, const struct vw_ctl_req *req)
{
	const char *action = vw_ctl_arg_str(req, "action", NULL);
	const char *path = vw_ctl_arg_str(req, "path", NULL);
	char err[256], *b64;
	uint8_t *win;
	size_t len;
	cJSON *r;

	if (d->rec == NULL)
		return vw_ctl_reply_err(req->id, "unavailable",
		    "no recorder (replaying a recording)");
	if (action == NULL)
		return vw_ctl_reply_err(req->id, "bad_args",
		    "action: expected \"start\", \"stop\" or \"window\"");
	if (strcmp(action, "start") == 0) {
		if (path == NULL || path[0] != '/')
			return vw_ctl_reply_err(req->id, "bad_args",
			    "path: expected an absolute path");
		if (vw_recorder_start(d->rec, path, err, sizeof(err)) < 0)
			return vw_ctl_reply_err(req->id, "failed", err);
	} else if (strcmp(action, "stop") == 0) {
		if (vw_recorder_stop(d->rec) < 0)
			return vw_ctl_reply_err(req->id, "not_found",
			    "not recording");
	} else if (strcmp(action, "window") == 0) {
		if ((win = vw_recorder_window(d->rec, &len)) == NULL)
			return vw_ctl_reply_err(req->id, "not_found",
			    "the flight recorder is empty");
		if ((b64 = malloc(VW_B64_ENCLEN(len))) == NULL) {
			free(win);
			return NULL;
		}
		vw_b64_encode(win, len, b64);
		free(win);
		r = cJSON_CreateObject();
		if (r != NULL) {
			cJSON_AddNumberToObject(r, "bytes", (double)len);
			cJSON_AddStringToObject(r, "base64", b64);
		}
		free(b64);
		return r != NULL ? vw_ctl_reply_ok(req->id, r) : NULL;
	} else
		return vw_ctl_reply_err(req->id, "bad_args",
		    "action: expected \"start\", \"stop\" or \"window\"");
	return vw_ctl_reply_ok(req->id, vw_record_status(d));
}

cJSON *
vw_record_status(struct vw_daemon *d)
{
	cJSON *o;

	if (d->replay != NULL)
		return vw_replay_status(d->replay);
	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (vw_recorder_path(d->rec) != NULL) {
		cJSON_AddStringToObject(o, "recording", vw_recorder_path(d->rec));
		cJSON_AddNumberToObject(o, "bytes",
		    (double)vw_recorder_bytes(d->rec));
	} else
		cJSON_AddNullToObject(o, "recording");
	return o;
}
