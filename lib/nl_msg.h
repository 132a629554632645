/* SPDX-License-Identifier: ISC */
/*
 * nl_msg.h - decoder for rtnetlink messages (a NETLINK_ROUTE dump or a
 * multicast message stream): RTM_NEW/DELROUTE (multipath, tables),
 * RTM_NEW/DELNEIGH (NUD states), RTM_NEW/DELLINK, RTM_NEW/DELADDR, for IPv4
 * and IPv6.  Pure: no sockets, no globals; the netlink constants are the
 * project's own definitions (nl_wire.h), identical to the kernel UAPI.
 *
 * Ownership: nothing is allocated; events are written into caller storage.
 */
#ifndef NL_MSG_H
#define NL_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "vw_error.h"
#include "vw_event.h"

/* The netlink header of one message, as decoded. */
struct vw_nl_hdr {
	uint32_t	len;
	uint16_t	type;		/* RTM_* or NLMSG_DONE/ERROR/NOOP */
	uint16_t	flags;		/* NLM_F_* */
	uint32_t	seq;
	uint32_t	pid;
	int32_t		error;		/* NLMSG_ERROR: the (negative) errno */
};

/*
 * Decode the message at buf (len = bytes left; base_off = its offset for
 * error reports).  On success returns the aligned message length to step by
 * (> 0) and sets *nev to 0 or 1: the event written to *ev (a multipath
 * route is one event with nnh > 1).  Messages of other types (NLMSG_NOOP,
 * DONE, ERROR, RTM_NEWRULE ...) and cloned cache routes yield no event.
 * A truncated or inconsistent message returns a negative code with e
 * filled.  Never reads past buf + len.
 */
int	vw_nl_parse(const uint8_t *buf, size_t len, unsigned long long base_off,
	    struct vw_nl_hdr *h, struct vw_event *ev, int *nev,
	    struct vw_perr *e);

/* "RTM_NEWROUTE", "NLMSG_DONE" ...; "RTM_#<n>" otherwise. */
const char	*vw_nl_type_name(int type);

#endif /* NL_MSG_H */
