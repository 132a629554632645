/* SPDX-License-Identifier: ISC */
/*
 * kev_msg.h - decoder for macOS kernel events (the PF_SYSTEM/SYSPROTO_EVENT
 * socket, class KEV_NETWORK_CLASS) and what each asks of the mirror.
 *
 * macOS announces interface attach/detach, carrier (link on/off) and
 * link-layer address changes only here, never on PF_ROUTE (reference
 * field-notes.md, "Kernel facts").  The layouts and codes below are this
 * project's own definitions, like bsd_wire.h, so the decoder builds and is
 * tested on Linux.  They were read from xnu-11417.101.15:
 * bsd/sys/kern_event.h (struct kern_event_msg, KEV_VENDOR_APPLE,
 * KEV_NETWORK_CLASS), bsd/net/net_kev.h (subclasses and codes),
 * bsd/net/if_var.h (struct net_event_data), bsd/netinet/in_var.h
 * (struct kev_in_collision) and bsd/net/dlil.c dlil_post_msg(), which
 * starts every network event with a net_event_data naming the interface
 * by driver name and unit ("bridge" + 100), not by index.
 *
 * Integers are host order; the LP64 Macs are little-endian, so they are
 * read as little-endian (vw__le32), as for routing messages.
 *
 * Ownership: struct vw_kev is a plain value that copies what it needs;
 * nothing here allocates or keeps a pointer into the caller's buffer.
 */
#ifndef KEV_MSG_H
#define KEV_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "vw_addr.h"
#include "vw_error.h"
#include "vw_event.h"

/* struct kern_event_msg: six u32, then event_data[]. */
#define VW_KEV_TOTAL_SIZE_OFF	0	/* the whole message */
#define VW_KEV_VENDOR_OFF	4
#define VW_KEV_CLASS_OFF	8
#define VW_KEV_SUBCLASS_OFF	12
#define VW_KEV_ID_OFF		16	/* monotonically increasing */
#define VW_KEV_CODE_OFF		20
#define VW_KEV_HDRLEN		24	/* KEV_MSG_HEADER_SIZE */

/* struct net_event_data, first in every KEV_NETWORK_CLASS event's data. */
#define VW_KEV_NED_FAMILY_OFF	0	/* u32 APPLE_IF_FAM_* */
#define VW_KEV_NED_UNIT_OFF	4	/* u32 if_unit */
#define VW_KEV_NED_NAME_OFF	8	/* char[16] if_name, driver name */
#define VW_KEV_NED_LEN		24
/* struct kev_in_collision: net_event_data, in_addr, hw_len, hw_addr[]. */
#define VW_KEV_COLL_IP_OFF	24	/* 4 bytes, network order */
#define VW_KEV_COLL_HWLEN_OFF	28	/* u8 */
#define VW_KEV_COLL_HW_OFF	29

#define VW_KEV_VENDOR_APPLE	1
#define VW_KEV_NETWORK_CLASS	1
#define VW_KEV_ANY_SUBCLASS	0

#define VW_KEV_INET_SUBCLASS	1
#define VW_KEV_INET_NEW_ADDR		1
#define VW_KEV_INET_CHANGED_ADDR	2
#define VW_KEV_INET_ADDR_DELETED	3
#define VW_KEV_INET_ARPCOLLISION	7
#define VW_KEV_INET_ARPRTRFAILURE	9
#define VW_KEV_INET_ARPRTRALIVE		10

#define VW_KEV_DL_SUBCLASS	2
#define VW_KEV_DL_SIFFLAGS		1
#define VW_KEV_DL_SIFMTU		3
#define VW_KEV_DL_IF_ATTACHED		9
#define VW_KEV_DL_IF_DETACHING		10
#define VW_KEV_DL_IF_DETACHED		11
#define VW_KEV_DL_LINK_OFF		12
#define VW_KEV_DL_LINK_ON		13
#define VW_KEV_DL_LINK_ADDRESS_CHANGED	16

#define VW_KEV_INET6_SUBCLASS	6

/* What an event asks of the mirror. */
enum vw_kev_action {
	VW_KEV_NONE = 0,	/* nothing: PF_ROUTE has it, or not ours */
	VW_KEV_ATTACH,		/* re-dump: the event carries no index */
	VW_KEV_DETACH,		/* link.delete of the interface by name */
	VW_KEV_CARRIER_ON,	/* link.change: VW_LF_LOWER_UP set */
	VW_KEV_CARRIER_OFF,	/* link.change: VW_LF_LOWER_UP cleared */
	VW_KEV_LLADDR,		/* re-dump: the event lacks the address */
	VW_KEV_ARP_COLLISION,	/* re-poll ARP; ip and ll name the node */
	VW_KEV_ARP_ROUTER	/* re-poll ARP: the router stopped or
				   started answering */
};

struct vw_kev {
	uint32_t	total_size;
	uint32_t	vendor, kclass, subclass, id, code;
	uint8_t		action;		/* enum vw_kev_action */
	uint8_t		has_if;		/* net_event_data decoded */
	uint8_t		_pad[2];
	uint32_t	if_family, if_unit;
	char		ifname[VW_IFNAMSIZ];	/* "bridge" + 100 */
	struct vw_ip	ip;		/* ARP collision: our address... */
	struct vw_lladdr ll;		/* ...and the other node's */
};

/*
 * Decode the event at buf (len bytes left; base_off its offset, for error
 * reports).  Returns the event's total_size to step by (> 0) with k filled
 * (action VW_KEV_NONE for events of other vendors, classes or codes), or a
 * negative code with e filled: VW_ETRUNC when fewer bytes are left than the
 * header or total_size says, or when an event the mirror acts on is too
 * short for its data; VW_EBADLEN when total_size is shorter than the
 * header; VW_ERANGE when name and unit do not fit an interface name.
 * Never reads past buf + len.
 */
int	vw_kev_parse(const uint8_t *buf, size_t len,
	    unsigned long long base_off, struct vw_kev *k, struct vw_perr *e);

/* "KEV_DL_IF_ATTACHED", or "KEV_<class>.<subclass>.<code>"; snprintf rules. */
int	vw_kev_name(const struct vw_kev *k, char *buf, size_t len);

/*
 * The table change a decoded event asks for, given the link the table
 * holds under k->ifname (cur; NULL if none).  VW_KEV_DETACH gives a
 * link.delete of cur's index; VW_KEV_CARRIER_ON/OFF a link.change of cur
 * with VW_LF_LOWER_UP set or cleared.  Returns 1 with ev filled (origin
 * os darwin, msg_seq the event id), or 0 when there is nothing to apply:
 * another action, no such link, or the carrier already as reported.
 */
int	vw_kev_to_event(const struct vw_kev *k, const struct vw_link *cur,
	    struct vw_event *ev);

/*
 * macOS routing messages and NET_RT_IFLIST2 dumps say nothing about the
 * carrier, so a link event decoded from them would clear VW_LF_LOWER_UP.
 * For a link.add/link.change in ev: keep cur's VW_LF_LOWER_UP (what the
 * kernel-event socket last said), or, for a link the table does not hold
 * yet (cur NULL), presume the carrier on when the link is running.  Other
 * events are left alone.
 */
void	vw_kev_keep_carrier(struct vw_event *ev, const struct vw_link *cur);

#endif /* KEV_MSG_H */
