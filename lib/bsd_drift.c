/* SPDX-License-Identifier: ISC */
/*
 * bsd_drift.c - differences a BSD re-dump finds that no routing message
 * announces (see bsd_drift.h).  Facts: reference bsd-route-socket.md 4
 * and 7 (xnu-11417 rtsock.c/route.c/in_arp.c, FreeBSD 13/14 rtsock.c,
 * nd6.c).
 */
#include "bsd_drift.h"
#include "bsd_wire.h"

/*
 * macOS: cloned host routes (ARP/ND entries and the per-destination
 * clones of RTF_PRCLONING parents) are created by lookups and expire
 * without a message; RTF_DYNAMIC routes come from redirects, whose
 * RTM_REDIRECT carries no table change for the decoder.
 */
#define DARWIN_SILENT_RTF	(VW_RTF_WASCLONED | VW_RTF_LLINFO |	\
	VW_RTF_DYNAMIC)

static int
darwin_link_silent(const struct vw_event *d)
{
	const struct vw_link *o = &d->old.link, *n = &d->u.link;

	switch (d->kind) {
	case VW_EV_LINK_ADD:
	case VW_EV_LINK_DELETE:
		return 1;	/* KEV_DL_IF_ATTACHED/DETACHED only */
	case VW_EV_LINK_UP:
	case VW_EV_LINK_DOWN:
		return 0;	/* IFF_UP: RTM_IFINFO from if_updown() */
	default:
		break;
	}
	/*
	 * RTM_IFINFO reports IFF_* changes other than IFF_RUNNING, and MTU
	 * changes; carrier (VW_LF_LOWER_UP, from KEV_DL_LINK_ON/OFF), the
	 * link-layer address and IFF_RUNNING alone produce none.
	 */
	return ((o->flags ^ n->flags) & ~(uint32_t)VW_IFF_BSD_RUNNING) == 0 &&
	    o->mtu == n->mtu;
}

int
vw_bsd_diff_unannounced(int os, const struct vw_event *d)
{
	uint32_t f;

	switch (vw_kind_obj(d->kind)) {
	case VW_OBJ_ROUTE:
		if (os != VW_OS_DARWIN)
			return 0;
		f = d->u.route.flags;
		if (d->kind == VW_EV_ROUTE_CHANGE)
			f |= d->old.route.flags;
		return (f & DARWIN_SILENT_RTF) != 0;
	case VW_OBJ_NEIGH:
		if (os == VW_OS_DARWIN)
			return 1;	/* in_arp.c and nd6 call no rt_*msg */
		/*
		 * FreeBSD: nd6_lle_event sends RTM_ADD/RTM_DELETE for ND;
		 * no IPv4 lle_event handler reports on the routing socket.
		 */
		return os == VW_OS_FREEBSD &&
		    d->u.neigh.addr.family == VW_AF_INET;
	case VW_OBJ_LINK:
		return os == VW_OS_DARWIN && darwin_link_silent(d);
	default:
		return 0;
	}
}
