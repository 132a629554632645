/* SPDX-License-Identifier: ISC */
/*
 * fmt_json.h - cJSON objects for routes, neighbours, links, addresses,
 * events and whole tables, in the shapes of /work/notes/json.md (the
 * contract; tests parse the output back and check it).
 *
 * Addresses are numeric strings; an IPv6 scope prints as "%<ifname>" when
 * the resolver knows the interface, else "%<index>".  "lladdr" is always
 * the canonical "aa:bb:cc:dd:ee:ff"; "lladdr_os" next to it is the OS's own
 * form (macOS netstat "1:0:5e:0:0:fb" for IFT_ETHER, "8a.c3.94.a.86.e2"
 * otherwise; FreeBSD and Linux zero-padded).  Route "flags_text" is the
 * netstat letter string on macOS/FreeBSD and iproute2's flag words joined
 * by "," on Linux.
 *
 * Ownership: every vw_json_* builder returns a new tree the caller owns
 * (free with cJSON_Delete), or NULL when out of memory.  Nothing inside it
 * points into the inputs.
 */
#ifndef FMT_JSON_H
#define FMT_JSON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "fmt_util.h"
#include "vw_event.h"

struct vw_table;

enum vw_json_flag {
	/* The event's `old` union holds the value before (table diffs). */
	VW_JSONF_OLD = 0x01
};

struct vw_json_opts {
	int		 os;	/* VW_OS_*; 0 in vw_json_event: take origin.os */
	const struct vw_names *names;	/* ifindex -> name, may be NULL */
	unsigned	 flags;		/* enum vw_json_flag */
};

/* "2026-11-26T16:21:31.123456Z" fits. */
#define VW_TIME_STRLEN	40

/*
 * RFC 3339 UTC with microseconds for `us` microseconds since the epoch
 * (negative values are before 1970).  Returns the length or VW_ERANGE /
 * VW_ENOSPC.  Pure: gmtime_r only.
 */
int	vw_fmt_time(int64_t us, char *buf, size_t len);

cJSON	*vw_json_route(const struct vw_route *r, const struct vw_json_opts *o);
cJSON	*vw_json_neigh(const struct vw_neigh *nb, const struct vw_json_opts *o);
cJSON	*vw_json_link(const struct vw_link *l, const struct vw_json_opts *o);
cJSON	*vw_json_addr(const struct vw_ifaddr *a, const struct vw_json_opts *o);
/* {"os","msg","off","pid","seq","errno","dump"}. */
cJSON	*vw_json_origin(const struct vw_origin *org);
/*
 * The event: {"seq","time"(null when unset),"kind","origin"(null when
 * origin.os is 0), "route"|"neighbor"|"link"|"address": {...}, "old"
 * (only with VW_JSONF_OLD, for *.change and link.up/down)}.
 */
cJSON	*vw_json_event(const struct vw_event *ev, const struct vw_json_opts *o);
/* {"os","routes","neighbors","links","addresses"}, names from t's links. */
cJSON	*vw_json_table(const struct vw_table *t);

/* Print item as one compact line plus "\n".  0, VW_ENOMEM or VW_EIO. */
int	vw_json_fprint(FILE *fp, const cJSON *item);

#endif /* FMT_JSON_H */
