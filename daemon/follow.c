/* SPDX-License-Identifier: ISC */
/*
 * follow.c - `follow` streams: a client that sent {"cmd":"follow"} gets
 * every later event as {"v":1,"id":N,"event":{...}} until it closes.
 * Each event is printed once and framed per subscriber; the control
 * socket's per-client output bound drops a subscriber that stops reading,
 * so a stuck `vmwatchctl follow | less` can never stall the daemon.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "fmt_json.h"
#include "fmt_util.h"
#include "vmwatchd.h"
#include "watch.h"

struct vw_follower {
	struct vw_ctl_client	*c;
	int64_t			 id;
	char			 prefix[16];	/* kind filter: "route", "" = all */
	char			 target[80];	/* target filter: address or name, "" */
	struct vw_follower	*next;
};

int
vw_follow_add(struct vw_daemon *d, struct vw_ctl_client *c, int64_t id,
    const char *prefix, const char *target)
{
	struct vw_follower *f;

	if ((f = calloc(1, sizeof(*f))) == NULL)
		return -1;
	f->c = c;
	f->id = id;
	snprintf(f->prefix, sizeof(f->prefix), "%s", prefix ? prefix : "");
	snprintf(f->target, sizeof(f->target), "%s", target ? target : "");
	f->next = d->followers;
	d->followers = f;
	*vw_ctl_client_data(c) = f;
	return 0;
}

void
vw_follow_gone(struct vw_daemon *d, struct vw_ctl_client *c)
{
	struct vw_follower **fp, *f;

	if (*vw_ctl_client_data(c) == NULL)
		return;
	for (fp = &d->followers; (f = *fp) != NULL; fp = &f->next) {
		if (f->c == c) {
			*fp = f->next;
			free(f);
			break;
		}
	}
	*vw_ctl_client_data(c) = NULL;
}

int
vw_event_filter(struct vw_daemon *d, const struct vw_hevent *he,
    const char *prefix, const char *target)
{
	const char *kname = vw_kind_name(he->ev.kind);

	if (prefix != NULL && prefix[0] != '\0' &&
	    strncmp(kname, prefix, strlen(prefix)) != 0)
		return 0;
	if (target != NULL && target[0] != '\0' &&
	    vw_watch_event_matches(d, target, he) != 1)
		return 0;
	return 1;
}

cJSON *
vw_event_json(struct vw_daemon *d, const struct vw_hevent *he)
{
	struct vw_json_opts jo;
	struct vw_names names;
	const struct vw_event *ev = &he->ev;

	if (he->json != NULL)
		return cJSON_Parse(he->json);
	vw_event_json_opts(d, ev, &jo, &names);
	return vw_json_event(ev, &jo);
}

void
vw_follow_publish(struct vw_daemon *d, const struct vw_event *ev,
    const struct vw_hevent *he, const cJSON *event)
{
	struct vw_follower *f, *next;
	char *body, *line;
	size_t n;

	if (d->followers == NULL || event == NULL)
		return;
	if ((body = cJSON_PrintUnformatted(event)) == NULL)
		return;
	n = strlen(body) + 64;
	if ((line = malloc(n)) == NULL) {
		cJSON_free(body);
		return;
	}
	for (f = d->followers; f != NULL; f = next) {
		/* vw_ctl_send may drop this client, which frees f. */
		next = f->next;
		if (f->prefix[0] != '\0' && strncmp(vw_kind_name(ev->kind),
		    f->prefix, strlen(f->prefix)) != 0)
			continue;
		if (f->target[0] != '\0' && (he == NULL ||
		    vw_watch_event_matches(d, f->target, he) != 1))
			continue;
		snprintf(line, n, "{\"v\":1,\"id\":%lld,\"event\":%s}\n",
		    (long long)f->id, body);
		vw_ctl_send(f->c, line);
	}
	free(line);
	cJSON_free(body);
}
