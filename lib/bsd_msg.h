/* SPDX-License-Identifier: ISC */
/*
 * bsd_msg.h - decoder for macOS (xnu) and FreeBSD routing messages: the
 * bytes of a PF_ROUTE socket read or of a NET_RT_* sysctl buffer.
 *
 * The wire layouts are this project's own definitions (bsd_wire.h), taken
 * from ../shared/reference/bsd-route-socket.md, so this file compiles and is
 * tested on Linux.  Decoding is pure: no system calls, no globals.
 *
 * Two steps, so the hot path (every entry of every dump) pays only for
 * what it uses:
 *
 *   vw_bsd_parse()       framing and full validation: lengths, header,
 *                        the sockaddr walk (alignment, sa_len bounds,
 *                        sockaddr_dl name/address/selector fit), and per
 *                        sockaddr only kind, sa_len, sa_family, raw,
 *                        raw_len.  Nothing is copied out of the buffer.
 *   vw_bsd_sa_ip(), _link(), _mask()
 *                        decode one sockaddr on demand from its raw bytes;
 *   vw_bsd_msg_decode()  decodes everything into sa[].ip, .link,
 *                        .mask_plen, .mask_contig and the rt_metrics
 *                        fields marked "decode" below, for consumers that
 *                        want all of it (formatters, vmwatchctl decode).
 *
 * vw_bsd_to_events() reads the raw bytes itself and needs no decode step.
 *
 * Ownership: vw_bsd_msg holds the scalar header fields by value; the `buf`
 * and sa[].raw pointers point into the caller's buffer, which must outlive
 * every accessor call and vw_bsd_msg_decode() / vw_bsd_to_events().
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
 * One sockaddr slot.  vw_bsd_parse() sets the first group; for
 * VW_SA_ABSENT only `kind` and `sa_len` (0) are set, the rest is stale.
 * The second group is filled only by vw_bsd_msg_decode() (stale until
 * then); the accessors give the same values without it.  There, a
 * zero-length NETMASK/GENMASK is VW_SA_EMPTY with mask_plen 0, mask_contig
 * 1 and ip.family of the prefix (a /0).
 */
struct vw_bsd_sa {
	/* vw_bsd_parse() */
	uint8_t		kind;		/* enum vw_sa_kind */
	uint8_t		sa_len;
	uint8_t		sa_family;	/* as on the wire (unreliable for masks) */
	uint8_t		mask_plen;	/* decode: VW_SA_MASK prefix length */
	uint32_t	raw_len;	/* bytes available (min(sa_len, left)) */
	const uint8_t	*raw;		/* the sockaddr's bytes in the caller's buffer */
	/* vw_bsd_msg_decode() */
	int8_t		mask_contig;	/* VW_SA_MASK: 1 contiguous, 0 not */
	uint8_t		_pad[3];
	struct vw_ip	ip;		/* INET/INET6 (KAME scope undone), MASK bytes */
	struct vw_linkgw link;		/* LINK */
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

/*
 * Header fields a message does not carry are 0, except those marked
 * "decode", which vw_bsd_parse() leaves stale and vw_bsd_msg_decode()
 * fills (0 when the message has none).
 */
struct vw_bsd_msg {
	/* In wire order where the wire has them (bytes 0-3, 8-15, 16-31). */
	uint16_t	msglen;
	uint8_t		version;
	uint8_t		type;		/* RTM_* */
	uint8_t		os;		/* VW_OS_DARWIN or VW_OS_FREEBSD */
	uint8_t		hdr;		/* enum vw_bsd_hdr */
	uint16_t	index;		/* rtm_index / ifm_index / ifam_index / ifan_index */
	int32_t		flags;		/* rtm_flags / ifm_flags / ifam_flags */
	int32_t		addrs;		/* RTA_* bits announced */
	int32_t		pid, seq, err;	/* rt_msghdr only */
	int32_t		use;		/* macOS rtm_use */
	int32_t		refcnt, parentflags;	/* rt_msghdr2; refcnt ifma_msghdr2 */
	int32_t		fmask;		/* FreeBSD rtm_fmask */
	uint32_t	mtu;		/* rmx_mtu; ifi_mtu for if_msghdr */
	int64_t		expire;		/* rmx_expire, wall-clock seconds */
	int32_t		metric;		/* ifam_metric / ifi_metric */
	/* if_msghdr(2) */
	uint8_t		ifi_type, ifi_addrlen, ifi_link_state;
	uint8_t		sa_short;	/* 1: rtm_addrs announced sockaddrs the bytes lacked */
	uint32_t	ifi_mtu;
	uint16_t	ifan_what;	/* 0 arrival, 1 departure */
	uint8_t		decoded;	/* 1 after vw_bsd_msg_decode() */
	uint8_t		_pad1;
	uint64_t	ifi_baudrate;
	/* if_announcemsghdr */
	char		ifan_name[VW_IFNAMSIZ];
	/* Set for every message (no need to clear them). */
	uint64_t	off;		/* base_off given to vw_bsd_parse (origin.msg_off) */
	const uint8_t	*buf;		/* the message in the caller's buffer */
	/* decode: rt_msghdr metrics no event carries */
	uint32_t	inits, locks;
	uint32_t	hopcount, rtt, rttvar, pksent, weight;
	uint32_t	_pad2;
	struct vw_bsd_sa sa[VW_RTAX_MAX];
};

/*
 * Validate the message at buf (len = bytes left in the buffer; base_off =
 * its offset, for error reports).  Returns the message length to step by
 * (> 0) on success; VW_ESKIP with m->msglen set for a message of an
 * unknown version or type, which the caller steps over; or a negative code
 * with e filled for a truncated or inconsistent message, after which the
 * rest of the buffer cannot be trusted.  Never reads past buf + len.
 */
int	vw_bsd_parse(int os, const uint8_t *buf, size_t len,
	    unsigned long long base_off, struct vw_bsd_msg *m, struct vw_perr *e);

/*
 * Decode slot rtax (VW_RTAX_*) of a parsed message from its raw bytes.
 *
 * vw_bsd_sa_ip: a VW_SA_INET/INET6 slot into *out (a cut sockaddr reads
 * zero-filled, as netstat does; macOS KAME scope moved to out->scope).
 * vw_bsd_sa_link: a VW_SA_LINK slot (sockaddr_dl) into *out; a name longer
 * than 15 characters and an address longer than VW_LLADDR_MAX are cut.
 * Both return 0, or VW_EINVAL (and *out zeroed) for a slot of another kind.
 *
 * vw_bsd_sa_mask: a NETMASK/GENMASK slot (VW_SA_MASK, EMPTY or OTHER), read
 * with the family of RTA_DST, else RTA_IFA, else its own family byte when
 * that names one.  Returns that family (VW_AF_INET, VW_AF_INET6, or
 * VW_AF_NONE when there is none: plen 0, contig 1); *plen is the number of
 * leading one bits, *contig 1 if no one bit follows a zero bit; bytes (may
 * be NULL) gets the mask as an address of that family.  VW_EINVAL for an
 * absent slot or another rtax.
 */
int	vw_bsd_sa_ip(const struct vw_bsd_msg *m, int rtax, struct vw_ip *out);
int	vw_bsd_sa_link(const struct vw_bsd_msg *m, int rtax,
	    struct vw_linkgw *out);
int	vw_bsd_sa_mask(const struct vw_bsd_msg *m, int rtax, unsigned *plen,
	    int *contig, struct vw_ip *bytes);

/*
 * Fill every "decode" field of m: sa[].ip, .link, .mask_plen, .mask_contig
 * (zeroed for slots that have none) and the rt_metrics fields; sets
 * m->decoded.  Idempotent.
 */
void	vw_bsd_msg_decode(struct vw_bsd_msg *m);

/*
 * Translate a parsed message into OS-neutral events (at most `max`;
 * 2 suffice), straight from its bytes (no vw_bsd_msg_decode() needed).
 * `now` (wall-clock seconds) decides whether an ARP entry has expired.
 * Returns the number of events written (0 for messages that carry no
 * table change, e.g. RTM_MISS or RTM_NEWMADDR).
 */
int	vw_bsd_to_events(const struct vw_bsd_msg *m, int64_t now,
	    struct vw_event *ev, int max);

/* "RTM_ADD", "RTM_IFINFO2" ... for the message's OS; "RTM_#<n>" otherwise. */
const char	*vw_bsd_type_name(int os, int type);

#endif /* BSD_MSG_H */
