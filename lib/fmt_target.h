/* SPDX-License-Identifier: ISC */
/*
 * fmt_target.h - JSON and one-line text for target events and target
 * statistics (the `targets` command and target.* events).
 *
 * Ownership: builders return a new cJSON tree the caller owns, or NULL
 * when out of memory.  Pure.
 */
#ifndef FMT_TARGET_H
#define FMT_TARGET_H

#include <stddef.h>

#include <cjson/cJSON.h>

#include "vw_event.h"
#include "vw_target.h"

/* {"n","lost","loss_pct","rtt_ms":{"min","avg","max","stddev"}|null,
    "sent","received","errors"} */
cJSON	*vw_json_tstats(const struct vw_tstats *st);

/*
 * Add the target part of a target.* event to obj: "target":{"address",
 * "name","discovered"}, "state", "previous", "outage_s" (target.up after
 * an outage), "cause" (down/degraded), "stats".  0 or VW_ENOMEM.
 */
int	vw_json_target_event(cJSON *obj, const struct vw_target_info *ti);

/*
 * The human line's object part: "198.18.64.2 (vm1): route_hijacked: <the
 * summary>" / "198.18.64.2 (vm1) after 4.2 s down".  snprintf rules.
 */
int	vw_fmt_target_event(int kind, const struct vw_target_info *ti,
	    char *buf, size_t len);

#endif /* FMT_TARGET_H */
