/* SPDX-License-Identifier: ISC */
/*
 * bsd_msg.h - decoder for macOS (xnu) and FreeBSD routing messages: the
 * bytes of a PF_ROUTE socket read or of a NET_RT_* sysctl buffer.
 *
 * The wire layouts are this project's own definitions (bsd_wire.h), taken
 * from ../shared/reference/bsd-route-socket.md, so this file compiles and is
 * tested on Linux.  Decoding is pure: no system calls, no globals.
 *
 * Ownership: vw_bsd_msg holds copies of everything it needs except `raw`
 * pointers inside vw_bsd_sa, which point into the caller's buffer and are
 * valid only as long as that buffer is.
 */
#ifndef BSD_MSG_H
#define BSD_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "vw_error.h"
#include "vw_event.h"

#define VW_RTAX_MAX	8

enum vw_sa_kind {
	VW_SA_ABSENT = 0,	/* bit not set in rtm_addrs, or bytes ran out */
	VW_SA_EMPTY,		/* sa_len 0 (e.g. the default route's mask) */
	VW_SA_INET,
	VW_SA_INET6,
	VW_SA_LINK,
	VW_SA_MASK,		/* RTAX_NETMASK/GENMASK, read with DST's family */
	VW_SA_OTHER		/* unknown family: raw bytes only */
};

/*
 * For VW_SA_ABSENT only `kind` (and sa_len 0) is set; the other fields
 * are stale.  A zero-length NETMASK/GENMASK is VW_SA_EMPTY with
 * mask_plen 0, mask_contig 1 and ip.family of the prefix (a /0).
 */
struct vw_bsd_sa {
	uint8_t		kind;		/* enum vw_sa_kind */
	uint8_t		sa_len;
	uint8_t		sa_family;	/* as on the wire (unreliable for masks) */
	uint8_t		mask_plen;	/* VW_SA_MASK: prefix length */
	int8_t		mask_contig;	/* VW_SA_MASK: 1 contiguous, 0 not */
	struct vw_ip	ip;		/* INET/INET6 (KAME scope undone), MASK bytes */
	struct vw_linkgw link;		/* LINK */
	const uint8_t	*raw;		/* the sockaddr's bytes in the caller's buffer */
	uint32_t	raw_len;	/* bytes available (min(sa_len, left)) */
};

enum vw_bsd_hdr {
	VW_BH_NONE = 0,
	VW_BH_RT,		/* rt_msghdr */
	VW_BH_RT2,		/* macOS rt_msghdr2 (RTM_GET2) */
	VW_BH_IF,		/* if_msghdr (RTM_IFINFO) */
	VW_BH_IF2,		/* macOS if_msghdr2 (RTM_IFINFO2) */
	VW_BH_IFA,		/* ifa_msghdr (RTM_NEWADDR/DELADDR) */
	VW_BH_IFMA,		/* ifma_msghdr (RTM_NEWMADDR/DELMADDR) */
	VW_BH_IFMA2,		/* macOS ifma_msghdr2 (RTM_NEWMADDR2) */
	VW_BH_ANNOUNCE		/* FreeBSD if_announcemsghdr (RTM_IFANNOUNCE) */
};

struct vw_bsd_msg {
	uint8_t		os;		/* VW_OS_DARWIN or VW_OS_FREEBSD */
	uint8_t		hdr;		/* enum vw_bsd_hdr */
	uint8_t		version;
	uint8_t		type;		/* RTM_* */
	uint16_t	msglen;
	uint16_t	index;		/* rtm_index / ifm_index / ifam_index / ifan_index */
	int32_t		flags;		/* rtm_flags / ifm_flags / ifam_flags */
	int32_t		addrs;		/* RTA_* bits announced */
	int32_t		pid, seq, err;	/* rt_msghdr only */
	int32_t		use;		/* macOS rtm_use */
	int32_t		fmask;		/* FreeBSD rtm_fmask */
	uint32_t	inits, locks;
	int32_t		refcnt, parentflags;	/* rt_msghdr2 */
	uint32_t	mtu, hopcount, rtt, rttvar, pksent, weight;
	int64_t		expire;		/* rmx_expire, wall-clock seconds */
	int32_t		metric;		/* ifam_metric / ifi_metric */
	/* if_msghdr(2) */
	uint8_t		ifi_type, ifi_addrlen, ifi_link_state, _pad1;
	uint32_t	ifi_mtu;
	uint64_t	ifi_baudrate;
	/* if_announcemsghdr */
	char		ifan_name[VW_IFNAMSIZ];
	uint16_t	ifan_what;	/* 0 arrival, 1 departure */
	uint8_t		sa_short;	/* 1: rtm_addrs announced sockaddrs the bytes lacked */
	uint8_t		_pad2;
	uint64_t	off;		/* base_off given to vw_bsd_parse (origin.msg_off) */
	struct vw_bsd_sa sa[VW_RTAX_MAX];
};

/*
 * Decode the message at buf (len = bytes left in the buffer; base_off = its
 * offset, for error reports).  Returns the message length to step by (> 0)
 * on success; VW_ESKIP with m->msglen set for a message of an unknown
 * version or type, which the caller steps over; or a negative code with e
 * filled for a truncated or inconsistent message, after which the rest of
 * the buffer cannot be trusted.  Never reads past buf + len.
 */
int	vw_bsd_parse(int os, const uint8_t *buf, size_t len,
	    unsigned long long base_off, struct vw_bsd_msg *m, struct vw_perr *e);

/*
 * Translate a decoded message into OS-neutral events (at most `max`;
 * 2 suffice).  `now` (wall-clock seconds) decides whether an ARP entry has
 * expired.  Returns the number of events written (0 for messages that
 * carry no table change, e.g. RTM_MISS or RTM_NEWMADDR).
 */
int	vw_bsd_to_events(const struct vw_bsd_msg *m, int64_t now,
	    struct vw_event *ev, int max);

/* "RTM_ADD", "RTM_IFINFO2" ... for the message's OS; "RTM_#<n>" otherwise. */
const char	*vw_bsd_type_name(int os, int type);

#endif /* BSD_MSG_H */
