/* SPDX-License-Identifier: ISC */
/*
 * fmt_target.c - target events and statistics as JSON and text.
 */
#include <stdio.h>
#include <string.h>

#include "fmt_target.h"
#include "vw_diag.h"
#include "vw_error.h"

/* Milliseconds with microsecond precision, as a raw JSON number. */
static void
add_ms(cJSON *o, const char *key, double us)
{
	char num[32];

	snprintf(num, sizeof(num), "%.3f", us / 1000.0);
	cJSON_AddRawToObject(o, key, num);
}

cJSON *
vw_json_tstats(const struct vw_tstats *st)
{
	cJSON *o, *r;
	char num[32];

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddNumberToObject(o, "n", st->n);
	cJSON_AddNumberToObject(o, "lost", st->lost);
	snprintf(num, sizeof(num), "%.1f", st->loss_pct);
	cJSON_AddRawToObject(o, "loss_pct", num);
	if (st->n > st->lost) {
		if ((r = cJSON_AddObjectToObject(o, "rtt_ms")) != NULL) {
			add_ms(r, "min", st->rtt_min_us);
			add_ms(r, "avg", st->rtt_avg_us);
			add_ms(r, "max", st->rtt_max_us);
			add_ms(r, "stddev", st->rtt_sd_us);
		}
	} else
		cJSON_AddNullToObject(o, "rtt_ms");
	cJSON_AddNumberToObject(o, "sent", (double)st->sent);
	cJSON_AddNumberToObject(o, "received", (double)st->received);
	cJSON_AddNumberToObject(o, "errors", (double)st->errors);
	return o;
}

int
vw_json_target_event(cJSON *obj, const struct vw_target_info *ti)
{
	char addr[VW_IP_STRLEN], num[32];
	cJSON *t, *c;

	vw_ip_str(&ti->addr, addr, sizeof(addr));
	if ((t = cJSON_AddObjectToObject(obj, "target")) == NULL)
		return VW_ENOMEM;
	cJSON_AddStringToObject(t, "address", addr);
	if (ti->name != NULL)
		cJSON_AddStringToObject(t, "name", ti->name);
	else
		cJSON_AddNullToObject(t, "name");
	cJSON_AddBoolToObject(t, "discovered", ti->discovered);
	cJSON_AddStringToObject(obj, "state", vw_tstate_name(ti->state));
	cJSON_AddStringToObject(obj, "previous", vw_tstate_name(ti->prev));
	if (ti->outage_us > 0) {
		snprintf(num, sizeof(num), "%.3f", ti->outage_us / 1e6);
		cJSON_AddRawToObject(obj, "outage_s", num);
	}
	if (ti->cause != NULL) {
		if ((c = vw_json_cause(ti->cause, ti->before, ti->now)) == NULL)
			return VW_ENOMEM;
		cJSON_AddItemToObject(obj, "cause", c);
	} else if (ti->now != NULL) {
		/* target.up: the path it answers on (e.g. a new ifindex). */
		if ((c = vw_json_path(ti->now)) == NULL)
			return VW_ENOMEM;
		cJSON_AddItemToObject(obj, "path", c);
	}
	if (ti->stats != NULL) {
		if ((c = vw_json_tstats(ti->stats)) == NULL)
			return VW_ENOMEM;
		cJSON_AddItemToObject(obj, "stats", c);
	}
	return 0;
}

int
vw_fmt_target_event(int kind, const struct vw_target_info *ti, char *buf,
    size_t len)
{
	char addr[VW_IP_STRLEN], who[VW_IP_STRLEN + 80];

	vw_ip_str(&ti->addr, addr, sizeof(addr));
	if (ti->name != NULL)
		snprintf(who, sizeof(who), "%s (%s)", addr, ti->name);
	else
		snprintf(who, sizeof(who), "%s", addr);
	if (ti->cause != NULL && (kind == VW_EV_TARGET_DOWN ||
	    kind == VW_EV_TARGET_DEGRADED))
		return snprintf(buf, len, "%s: %s: %s", who,
		    vw_cause_name(ti->cause->code), ti->cause->summary);
	if (kind == VW_EV_TARGET_UP && ti->outage_us > 0)
		return snprintf(buf, len, "%s answers again after %.1f s %s",
		    who, ti->outage_us / 1e6, vw_tstate_name(ti->prev));
	if (kind == VW_EV_TARGET_UP && ti->stats != NULL &&
	    ti->stats->n > ti->stats->lost)
		return snprintf(buf, len, "%s answers (rtt %.3f ms)", who,
		    ti->stats->rtt_avg_us / 1000.0);
	return snprintf(buf, len, "%s is %s", who, vw_tstate_name(ti->state));
}
