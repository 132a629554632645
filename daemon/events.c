/* SPDX-License-Identifier: ISC */
/*
 * events.c - every event the daemon reports goes through vw_daemon_emit():
 * it gets the next sequence number and a wall-clock time, then a human line
 * (stderr/syslog) and one JSON object (the --log-json file).
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "fmt_ip.h"
#include "fmt_json.h"
#include "fmt_target.h"
#include "fmt_util.h"
#include "host.h"
#include "vmwatchd.h"
#include "vwlog.h"
#include "watch.h"

/*
 * The replay clock: while a recording is replayed, "now" is the time the
 * record being handled was made, so events, history windows and summaries
 * carry the incident's times, not the replay's.
 */
static struct {
	int	on;
	int64_t	wall, mono;	/* an anchor pair (a CLOCK record) */
	int64_t	now;		/* mono of the current record */
} vclock;

void
vw_vclock_set(int64_t wall_us, int64_t mono_us)
{
	vclock.on = 1;
	vclock.wall = wall_us;
	vclock.mono = vclock.now = mono_us;
}

void
vw_vclock_advance(int64_t mono_us)
{
	if (mono_us > vclock.now)
		vclock.now = mono_us;
}

int64_t
vw_mono_us(void)
{
	if (vclock.on)
		return vclock.now;
	return (int64_t)(uv_hrtime() / 1000);
}

int64_t
vw_now_us(void)
{
	int64_t wall, mono, sleep;

	if (vclock.on)
		return vclock.wall + (vclock.now - vclock.mono);
	/* The wall clock the watchdog's clock samples read (host.h). */
	vw_host_clocks(&wall, &mono, &sleep);
	return wall;
}

/* The object part of a human line: "198.18.1.0/24 via 198.18.64.2 dev br0". */
static void
describe(const struct vw_event *ev, const struct vw_names *n, char *buf,
    size_t len)
{
	buf[0] = '\0';
	switch (vw_kind_obj(ev->kind)) {
	case VW_OBJ_ROUTE:
		vw_fmt_ip_route(&ev->u.route, n, VW_IPF_ONELINE, buf, len);
		break;
	case VW_OBJ_NEIGH:
		vw_fmt_ip_neigh(&ev->u.neigh, n, VW_IPF_ONELINE, buf, len);
		break;
	case VW_OBJ_LINK:
		vw_fmt_ip_link(&ev->u.link, ev->origin.os, n, VW_IPF_ONELINE,
		    buf, len);
		break;
	case VW_OBJ_ADDR:
		vw_fmt_ip_addr(&ev->u.addr, n, VW_IPF_ONELINE, buf, len);
		break;
	default:
		break;
	}
}

void
vw_event_json_opts(struct vw_daemon *d, const struct vw_event *ev,
    struct vw_json_opts *jo, struct vw_names *names)
{
	vw_names_table(names, d->table);
	memset(jo, 0, sizeof(*jo));
	jo->os = vw_table_os(d->table);
	jo->names = names;
	/* Changes carry the value before (table diffs fill ev->old). */
	if (ev->kind == VW_EV_ROUTE_CHANGE || ev->kind == VW_EV_NEIGH_CHANGE ||
	    ev->kind == VW_EV_LINK_CHANGE || ev->kind == VW_EV_LINK_UP ||
	    ev->kind == VW_EV_LINK_DOWN)
		jo->flags |= VW_JSONF_OLD;
}

/* The rate limiter's template: the kind and which object it is about. */
static void
template_key(const struct vw_event *ev, char *buf, size_t len)
{
	char a[VW_IP_STRLEN];

	a[0] = '\0';
	switch (vw_kind_obj(ev->kind)) {
	case VW_OBJ_ROUTE:
		vw_ip_str(&ev->u.route.dst, a, sizeof(a));
		snprintf(buf, len, "%s %s/%u", vw_kind_name(ev->kind), a,
		    ev->u.route.plen);
		return;
	case VW_OBJ_NEIGH:
		vw_ip_str(&ev->u.neigh.addr, a, sizeof(a));
		break;
	case VW_OBJ_LINK:
		snprintf(a, sizeof(a), "if%u", ev->u.link.index);
		break;
	case VW_OBJ_ADDR:
		vw_ip_str(&ev->u.addr.addr, a, sizeof(a));
		break;
	default:
		if (ev->kind == VW_EV_TARGET_UP || ev->kind == VW_EV_TARGET_DOWN ||
		    ev->kind == VW_EV_TARGET_DEGRADED)
			vw_ip_str(&ev->u.target.addr, a, sizeof(a));
		break;
	}
	snprintf(buf, len, "%s %s", vw_kind_name(ev->kind), a);
}

static int
is_target_kind(int kind)
{
	return kind == VW_EV_TARGET_UP || kind == VW_EV_TARGET_DOWN ||
	    kind == VW_EV_TARGET_DEGRADED;
}

/* The JSON of a daemon, host or target event (kernel diffs need none). */
static void
add_other(cJSON *obj, const struct vw_event *ev)
{
	if (is_target_kind(ev->kind))
		vw_json_target_event(obj, &ev->u.target);
	else if (ev->kind == VW_EV_DAEMON_RESYNC) {
		cJSON_AddNumberToObject(obj, "repaired", ev->u.info.count);
		cJSON_AddStringToObject(obj, "why", ev->u.info.text);
	} else if (ev->kind == VW_EV_HOST_WAKE) {
		cJSON_AddNumberToObject(obj, "slept_s", ev->u.info.count);
		cJSON_AddStringToObject(obj, "detail", ev->u.info.text);
	} else if (ev->u.info.text[0] != '\0')
		cJSON_AddStringToObject(obj, "detail", ev->u.info.text);
}

struct vw_hevent *
vw_daemon_emit(struct vw_daemon *d, struct vw_event *ev, unsigned flags)
{
	struct vw_json_opts jo;
	struct vw_names names;
	struct vw_hevent *he;
	char what[VW_IP_LINEMAX + 512], line[VW_IP_LINEMAX + 600], key[128];
	char *text = NULL;
	cJSON *obj;
	int obj_kind = vw_kind_obj(ev->kind), human;

	ev->seq = ++d->seq;
	if (ev->time_us == 0)
		ev->time_us = vw_now_us();
	d->nevents++;
	vw_event_json_opts(d, ev, &jo, &names);
	/*
	 * Kernel changes are many: their human line shows with
	 * log.kernel_events "all" (or -v), or "path" (the default) when they
	 * touch a target's path.  Interface arrivals and departures and the
	 * daemon's own events always show.  Build only what someone will
	 * read: with no JSON log and no follower a kernel diff costs no JSON
	 * (a VPN installing 100,000 routes must not cost 100,000 objects);
	 * the history keeps the struct and prints it when asked.
	 */
	human = obj_kind == VW_OBJ_OTHER || d->log_kernel ||
	    ((flags & VW_EMIT_PATH) && d->cfg->log.kernel_events ==
	    VW_KEVLOG_PATH) ||
	    ev->kind == VW_EV_LINK_ADD || ev->kind == VW_EV_LINK_DELETE;
	obj = NULL;
	if (vw_log_json_on() || d->followers != NULL ||
	    obj_kind == VW_OBJ_OTHER) {
		obj = vw_json_event(ev, &jo);
		if (obj != NULL && obj_kind == VW_OBJ_OTHER)
			add_other(obj, ev);
	}
	if (obj_kind == VW_OBJ_OTHER && obj != NULL)
		text = cJSON_PrintUnformatted(obj);
	he = vw_history_push(&d->hist, ev, vw_mono_us(), text);
	cJSON_free(text);
	if (human) {
		if (is_target_kind(ev->kind))
			vw_fmt_target_event(ev->kind, &ev->u.target, what,
			    sizeof(what));
		else if (ev->kind == VW_EV_HOST_WAKE ||
		    obj_kind == VW_OBJ_OTHER)
			snprintf(what, sizeof(what), "%s", ev->u.info.text);
		else
			describe(ev, &names, what, sizeof(what));
		snprintf(line, sizeof(line), "#%llu %s%s%s",
		    (unsigned long long)ev->seq, vw_kind_name(ev->kind),
		    what[0] ? " " : "", what);
	}
	template_key(ev, key, sizeof(key));
	vw_log_event(human ? line : NULL, key, obj);
	vw_follow_publish(d, ev, he, obj);
	cJSON_Delete(obj);
	return he;
}

/*
 * A kernel change: log it (by default only when it touches a target's
 * path), then let the watchdog re-probe the targets it touches.
 */
void
vw_daemon_diff_cb(const struct vw_event *diff, void *arg)
{
	struct vw_daemon *d = arg;
	struct vw_event ev = *diff;
	struct vw_hevent *he;
	unsigned flags;

	d->kgen++;
	flags = vw_watch_touches(d, &ev) ? VW_EMIT_PATH : 0;
	he = vw_daemon_emit(d, &ev, flags);
	vw_watch_kernel(d, &ev, he);
}

void
vw_daemon_resync_cb(int repaired, const char *why, void *arg)
{
	struct vw_daemon *d = arg;
	struct vw_event ev;

	d->nresync++;
	d->nrepaired += (uint64_t)repaired;
	vw_event_init(&ev, VW_EV_DAEMON_RESYNC);
	ev.u.info.count = (uint32_t)repaired;
	snprintf(ev.u.info.text, sizeof(ev.u.info.text), "%s", why);
	vw_log_info("resync (%s): %d difference%s repaired", why, repaired,
	    repaired == 1 ? "" : "s");
	vw_daemon_emit(d, &ev, 0);
}
