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

#include "fmt_ip.h"
#include "fmt_json.h"
#include "fmt_util.h"
#include "vmwatchd.h"
#include "vwlog.h"

int64_t
vw_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
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
vw_daemon_emit(struct vw_daemon *d, struct vw_event *ev)
{
	struct vw_json_opts jo;
	struct vw_names names;
	char what[VW_IP_LINEMAX], line[VW_IP_LINEMAX + 64];
	cJSON *obj;
	int obj_kind = vw_kind_obj(ev->kind), human;

	ev->seq = ++d->seq;
	if (ev->time_us == 0)
		ev->time_us = vw_now_us();
	d->nevents++;
	vw_names_table(&names, d->table);
	memset(&jo, 0, sizeof(jo));
	jo.os = vw_table_os(d->table);
	jo.names = &names;
	if (ev->kind == VW_EV_ROUTE_CHANGE || ev->kind == VW_EV_NEIGH_CHANGE ||
	    ev->kind == VW_EV_LINK_CHANGE || ev->kind == VW_EV_LINK_UP ||
	    ev->kind == VW_EV_LINK_DOWN)
		jo.flags |= VW_JSONF_OLD;
	/*
	 * Kernel changes are many; their human line is for -v.  Interface
	 * arrivals and departures and the daemon's own events always show.
	 * Build only what someone will read: with no JSON log, no follower
	 * and no human line, an event costs nothing past the table (a VPN
	 * installing 100,000 routes must not cost 100,000 JSON objects).
	 */
	human = obj_kind == VW_OBJ_OTHER || d->log_kernel ||
	    ev->kind == VW_EV_LINK_ADD || ev->kind == VW_EV_LINK_DELETE;
	obj = NULL;
	if (vw_log_json_on() || d->followers != NULL) {
		obj = vw_json_event(ev, &jo);
		if (obj != NULL && obj_kind == VW_OBJ_OTHER) {
			if (ev->kind == VW_EV_DAEMON_RESYNC) {
				cJSON_AddNumberToObject(obj, "repaired",
				    ev->u.info.count);
				cJSON_AddStringToObject(obj, "why",
				    ev->u.info.text);
			} else if (ev->u.info.text[0] != '\0')
				cJSON_AddStringToObject(obj, "detail",
				    ev->u.info.text);
		}
	}
	if (human) {
		describe(ev, &names, what, sizeof(what));
		snprintf(line, sizeof(line), "#%llu %s%s%s",
		    (unsigned long long)ev->seq, vw_kind_name(ev->kind),
		    what[0] ? " " : "", what);
	}
	vw_log_event(human ? line : NULL, obj);
	vw_follow_publish(d, ev->kind, obj);
	cJSON_Delete(obj);
}
