/* SPDX-License-Identifier: ISC */
/*
 * vw_path.h - the path from this host to one target, as the mirror says
 * the kernel would send a packet: the route (longest prefix match), its
 * interface and that interface's state, the host's own address on it, and
 * the neighbour entry (ARP/NDP) of the next hop.
 *
 * The watchdog snapshots the path at every good probe ("before") and again
 * at the verdict ("now"); the diagnosis compares the two and reads the
 * history between them.  vw_path_touched() says whether one kernel change
 * concerns a path, which decides an immediate re-probe and which kernel
 * events are logged by default.
 *
 * Pure: reads the table; nothing allocated outlives a call (computing a
 * path reads the table's address snapshot).  Ownership: plain values.
 */
#ifndef VW_PATH_H
#define VW_PATH_H

#include <stddef.h>
#include <stdint.h>

#include "vw_event.h"

struct vw_table;
struct vw_names;

enum vw_path_have {
	VW_PH_ROUTE = 0x01,	/* a route matched */
	VW_PH_LINK = 0x02,	/* its interface exists in the mirror */
	VW_PH_SRC = 0x04,	/* the host has an address on it covering the next hop */
	VW_PH_NEIGH = 0x08	/* a neighbour entry for the next hop exists */
};

struct vw_path {
	uint32_t	have;		/* enum vw_path_have */
	/* route */
	struct vw_ip	dst;		/* the matching route's prefix */
	uint8_t		plen;
	uint8_t		rtype;		/* enum vw_rtype */
	uint8_t		gwkind;		/* enum vw_gwkind */
	uint8_t		_pad;
	struct vw_ip	gw;		/* VW_GW_IP: the next hop */
	uint32_t	rflags;		/* native route flags */
	uint32_t	ifindex;	/* outgoing interface (0: none) */
	uint32_t	table;		/* Linux table; 0 on BSD */
	/* interface */
	char		ifname[VW_IFNAMSIZ];
	uint32_t	lflags;		/* enum vw_link_flag */
	uint8_t		ltype;		/* enum vw_link_type */
	uint8_t		operstate;	/* Linux IF_OPER_* */
	uint8_t		_pad2[2];
	char		lkind[VW_IFNAMSIZ];	/* Linux "bridge", "tun"; "" on BSD */
	/* the host's address on that interface */
	struct vw_ip	src;
	uint8_t		src_plen;
	uint8_t		_pad3[3];
	/* neighbour of the next hop (the gateway, or the target itself) */
	struct vw_ip	nh;		/* always set when VW_PH_ROUTE */
	struct vw_lladdr ll;		/* len 0: incomplete */
	uint16_t	nud;		/* enum vw_nud */
	uint8_t		nflags;		/* enum vw_neigh_flag */
	uint8_t		_pad4;
};

/*
 * Fill *p for `target` from the table (ifscope 0: the host's unscoped
 * view, what a plain sendto() uses).  On macOS an ARP clone (RTF_LLINFO
 * host route) for the target is the neighbour, not the route: the route
 * reported is the covering non-clone route, whose change is what matters.
 * Returns 0 (also when nothing matched: have == 0), VW_EINVAL, or
 * VW_ENOMEM when a table snapshot could not be made (*p then lacks what
 * needed it: the source address, a macOS clone's covering route).
 */
int	vw_path_compute(const struct vw_table *t, const struct vw_ip *target,
	    struct vw_path *p);

/* What differs between two paths (enum vw_path_diff bits; 0 = same). */
enum vw_path_diff {
	VW_PD_ROUTE = 0x01,	/* prefix, gateway, type or table */
	VW_PD_IFACE = 0x02,	/* outgoing interface index */
	VW_PD_LINK = 0x04,	/* interface up/running/lower-up flags */
	VW_PD_SRC = 0x08,	/* host address */
	VW_PD_LLADDR = 0x10,	/* same next hop, both MACs known, different */
	VW_PD_NUD = 0x20	/* neighbour state class (usable vs not) */
};
unsigned	vw_path_diff(const struct vw_path *a, const struct vw_path *b);

/* Does the neighbour entry say the next hop answers at L2 right now? */
int	vw_path_l2_ok(const struct vw_path *p);
/* Is the interface administratively up and with carrier? */
int	vw_path_link_ok(const struct vw_path *p);

/*
 * Does this kernel change (a table diff) concern the path to `target`?
 * Route events: the route covers the target (a new more-specific route is
 * a hijack) or is the path's route; link events: the path's interface
 * (by index, or by name for a recreated interface); address events: on
 * the path's interface or covering the target; neighbour events: the
 * path's next hop or the target.  Other kinds (host.wake, daemon.*,
 * target.*) are no table change: 0.
 */
int	vw_path_touched(const struct vw_path *p, const struct vw_ip *target,
	    const struct vw_event *ev);

/*
 * Helpers the diagnosis shares.  vw_path_ll_known: a real MAC (non-empty
 * and not the 02:00:00:00:00:00 that macOS shows sandboxed callers
 * instead of the real one).  vw_path_link_flags_ok: vw_path_link_ok() for
 * raw link flags and Linux operstate (0 on BSD).
 */
int	vw_path_ll_known(const struct vw_lladdr *ll);
int	vw_path_link_flags_ok(uint32_t lflags, unsigned operstate);

/*
 * The route alone, as people read it: "198.18.64.0/24 dev br0", "default
 * via 192.168.178.1 dev en0", "blackhole 198.18.64.0/24"; "no route".
 * Returns the length (snprintf rules).
 */
int	vw_path_route_str(const struct vw_path *p, char *buf, size_t len);

/*
 * One line for people: "198.18.64.0/24 dev br0 src 198.18.64.1, neighbour
 * 198.18.64.2 aa:bb:cc:dd:ee:ff REACHABLE", or "no route".  Returns the
 * length (snprintf rules).
 */
int	vw_path_str(const struct vw_path *p, char *buf, size_t len);

#endif /* VW_PATH_H */
