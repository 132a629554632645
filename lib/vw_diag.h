/* SPDX-License-Identifier: ISC */
/*
 * vw_diag.h - why a target stopped answering: rules over the path before
 * (last good probe) and now, the kernel changes in between (the history
 * window), the probe errors and the clocks choose one cause code of
 * DESIGN.md, a one-line summary a person understands, and the evidence
 * (event sequence numbers).
 *
 * The rules never invent a local cause: a route/interface/address/
 * neighbour cause needs the mirror to show it (the path now differs from
 * the path before, or a change in the window says so).  Causes that no
 * table shows (Local Network privacy, a filter, a VPN's policy, a silent
 * guest) are marked "inferred".
 *
 * Pure: reads its inputs, allocates nothing except in vw_json_cause().
 */
#ifndef VW_DIAG_H
#define VW_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "vw_event.h"
#include "vw_path.h"

struct vw_table;
struct vw_hevent;

#define VW_CAUSE_MAP(XX)						\
	XX(ROUTE_HIJACKED,	"route_hijacked")			\
	XX(ROUTE_REMOVED,	"route_removed")			\
	XX(INTERFACE_DOWN,	"interface_down")			\
	XX(INTERFACE_GONE,	"interface_gone")			\
	XX(ADDRESS_REMOVED,	"address_removed")			\
	XX(NEIGHBOR_UNRESOLVED,	"neighbor_unresolved")			\
	XX(NEIGHBOR_CHANGED,	"neighbor_changed")			\
	XX(HOST_SLEPT,		"host_slept")				\
	XX(LOCAL_NETWORK_DENIED, "local_network_denied")		\
	XX(FILTERED,		"filtered")				\
	XX(TARGET_SILENT,	"target_silent")			\
	XX(UNKNOWN,		"unknown")

enum vw_cause_code {
	VW_CAUSE_NONE = 0,
#define VW__CAUSE_ENUM(name, str) VW_CAUSE_##name,
	VW_CAUSE_MAP(VW__CAUSE_ENUM)
#undef VW__CAUSE_ENUM
	VW_CAUSE__MAX
};
const char	*vw_cause_name(int code);	/* "route_hijacked"; "?" */
int		 vw_cause_parse(const char *s);	/* VW_CAUSE_* or VW_EINVAL */

/* Send errors seen since the last good probe, by errno (positive). */
#define VW_DIAG_NERRNO	4
struct vw_diag_errno {
	int		err;		/* EHOSTUNREACH, ... ; 0 = unused slot */
	uint32_t	count;
};

struct vw_diag_in {
	int			 os;		/* VW_OS_* of the mirror */
	struct vw_ip		 target;
	const char		*name;		/* target name or NULL */
	const struct vw_path	*before;	/* last good; have == 0: never good */
	const struct vw_path	*now;		/* at the verdict */
	const struct vw_table	*table;		/* current mirror (names, links) */
	/* kernel diffs, host.wake and daemon.resync events of the window,
	   oldest first (the window starts before the last good probe) */
	const struct vw_hevent	*const *hist;
	size_t			 nhist;
	int64_t			 last_good_us;	/* wall clock; 0: never */
	int64_t			 first_bad_us;	/* wall clock of the first lost probe */
	int64_t			 now_us;
	uint32_t		 nlost;		/* probes unanswered since last good */
	uint32_t		 nerr;		/* probes whose send failed */
	struct vw_diag_errno	 errs[VW_DIAG_NERRNO];
	uint8_t			 icmp_type;	/* an ICMP error about our probes; 0 none */
	uint8_t			 icmp_code;
	uint8_t			 l2_confirmed;	/* neighbour answered after the first loss */
	uint8_t			 privileged;	/* running as root (exempt from macOS LNP) */
	int			 probe_kind;	/* enum vw_probe_kind */
};

#define VW_EVIDENCE_MAX	8
#define VW_SUMMARY_MAX	384

struct vw_cause {
	int		code;		/* enum vw_cause_code */
	uint8_t		inferred;	/* 1: no kernel change shows it */
	uint8_t		_pad[3];
	char		summary[VW_SUMMARY_MAX];
	uint64_t	evidence[VW_EVIDENCE_MAX];	/* event seq numbers */
	unsigned	nevidence;
	int32_t		pid;		/* process that made the decisive change; 0 */
	char		proc[32];	/* its name, "" when unknown */
	int64_t		change_us;	/* wall clock of the decisive change; 0 */
};

/* Choose the cause.  Always fills *out (UNKNOWN at worst); returns its code. */
int	vw_diagnose(const struct vw_diag_in *in, struct vw_cause *out);

/*
 * {"code","summary","inferred","evidence":[seq...],"pid","process",
 *  "changed_at","path_before":{...}|null,"path_now":{...}}; pid/process
 * only when known.  Caller owns the tree; NULL on out of memory.
 */
cJSON	*vw_json_cause(const struct vw_cause *c, const struct vw_path *before,
	    const struct vw_path *now);
/* {"route","dev","ifindex","via","src","neighbor","lladdr","state",...} or null. */
cJSON	*vw_json_path(const struct vw_path *p);

#endif /* VW_DIAG_H */
