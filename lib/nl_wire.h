/* SPDX-License-Identifier: ISC */
/*
 * nl_wire.h - the netlink / rtnetlink wire format, as this project's own
 * definitions.
 *
 * The values are those of the Linux UAPI (<linux/netlink.h>,
 * <linux/rtnetlink.h>, <linux/neighbour.h>, <linux/if_link.h>,
 * <linux/if_addr.h>, <linux/if_arp.h>, <linux/if.h>), written out here so
 * that lib/ never includes a linux/ header: the rtnetlink decoder then
 * compiles, and its tests run, on macOS and FreeBSD too.  Every name is the
 * kernel's with a VW_NL_ prefix (RTM_NEWROUTE is VW_NL_RTM_NEWROUTE,
 * NLM_F_MULTI is VW_NL_NLM_F_MULTI; struct rtmsg is struct vw_rtmsg),
 * because the BSD headers (and bsd_wire.h) use the same names (RTM_*,
 * RTA_*, IFF_*, AF_INET6) with different values.
 *
 * Byte order: netlink is host order.  Every Linux host we target (x86-64,
 * arm64) is little-endian, so the decoder reads header integers as
 * little-endian explicitly; a buffer recorded on one machine decodes the
 * same on any other.  Addresses inside attributes are network order.
 *
 * The structs below document the layouts and give sizeof() checks; the
 * decoder never casts a buffer pointer to them (the bytes may be unaligned),
 * it reads fields at the VW_NL_*_OFF offsets.
 *
 * Ownership: declarations only.
 */
#ifndef NL_WIRE_H
#define NL_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* ---- netlink --------------------------------------------------------- */

struct vw_nlmsghdr {			/* 16 bytes */
	uint32_t	nlmsg_len;	/* whole message, header included */
	uint16_t	nlmsg_type;
	uint16_t	nlmsg_flags;
	uint32_t	nlmsg_seq;
	uint32_t	nlmsg_pid;	/* sender port id; 0 = the kernel */
};
#define VW_NL_NLMSG_HDRLEN	16
#define VW_NL_NLMSG_ALIGNTO	4
#define VW_NL_NLMSG_ALIGN(len)	(((len) + 3) & ~(size_t)3)

#define VW_NL_NLMSG_NOOP	1
/* NLMSG_ERROR: int error, then the request's nlmsghdr (ACK: error 0). */
#define VW_NL_NLMSG_ERROR	2
/* NLMSG_DONE: int, 0 or the dump's negative errno. */
#define VW_NL_NLMSG_DONE	3
#define VW_NL_NLMSG_OVERRUN	4
#define VW_NL_NLMSG_MIN_TYPE	16	/* below: control messages */
#define VW_NL_NLMSG_ERRLEN	(VW_NL_NLMSG_HDRLEN + 4) /* + int error */

/* nlmsg_flags */
#define VW_NL_NLM_F_REQUEST	0x0001
#define VW_NL_NLM_F_MULTI	0x0002	/* part of a multipart (dump) reply */
#define VW_NL_NLM_F_ACK		0x0004
#define VW_NL_NLM_F_ECHO	0x0008
#define VW_NL_NLM_F_DUMP_INTR	0x0010	/* tables changed meanwhile: redo */
#define VW_NL_NLM_F_DUMP_FILTERED	0x0020
/* modifiers of GET requests */
#define VW_NL_NLM_F_ROOT	0x0100
#define VW_NL_NLM_F_MATCH	0x0200
#define VW_NL_NLM_F_ATOMIC	0x0400
#define VW_NL_NLM_F_DUMP	(VW_NL_NLM_F_ROOT | VW_NL_NLM_F_MATCH)
/* modifiers of NEW requests (and of the notifications they cause) */
#define VW_NL_NLM_F_REPLACE	0x0100
#define VW_NL_NLM_F_EXCL	0x0200
#define VW_NL_NLM_F_CREATE	0x0400
#define VW_NL_NLM_F_APPEND	0x0800

/* ---- rtnetlink message types ----------------------------------------- */

#define VW_NL_RTM_NEWLINK	16
#define VW_NL_RTM_DELLINK	17
#define VW_NL_RTM_GETLINK	18
#define VW_NL_RTM_SETLINK	19
#define VW_NL_RTM_NEWADDR	20
#define VW_NL_RTM_DELADDR	21
#define VW_NL_RTM_GETADDR	22
#define VW_NL_RTM_NEWROUTE	24
#define VW_NL_RTM_DELROUTE	25
#define VW_NL_RTM_GETROUTE	26
#define VW_NL_RTM_NEWNEIGH	28
#define VW_NL_RTM_DELNEIGH	29
#define VW_NL_RTM_GETNEIGH	30
#define VW_NL_RTM_NEWRULE	32
#define VW_NL_RTM_DELRULE	33
#define VW_NL_RTM_GETRULE	34
#define VW_NL_RTM_NEWNETCONF	80
#define VW_NL_RTM_DELNETCONF	81
#define VW_NL_RTM_NEWNEXTHOP	104
#define VW_NL_RTM_DELNEXTHOP	105
#define VW_NL_RTM_GETNEXTHOP	106

/* Multicast groups, legacy bitmask form (sockaddr_nl.nl_groups). */
#define VW_NL_RTMGRP_LINK	0x0001
#define VW_NL_RTMGRP_NEIGH	0x0004
#define VW_NL_RTMGRP_IPV4_IFADDR	0x0010
#define VW_NL_RTMGRP_IPV4_ROUTE	0x0040
#define VW_NL_RTMGRP_IPV6_IFADDR	0x0100
#define VW_NL_RTMGRP_IPV6_ROUTE	0x0400

/* Address families (Linux numbering; BSD's AF_INET6 differs). */
#define VW_NL_AF_UNSPEC		0
#define VW_NL_AF_INET		2
#define VW_NL_AF_BRIDGE		7
#define VW_NL_AF_INET6		10

/* ---- attributes ------------------------------------------------------ */

struct vw_rtattr {			/* 4 bytes, then the payload */
	uint16_t	rta_len;	/* header included, padding excluded */
	uint16_t	rta_type;
};
#define VW_NL_RTA_HDRLEN	4
#define VW_NL_RTA_ALIGN(len)	(((len) + 3) & ~(size_t)3)
/* rta_type's high bits are flags (NLA_F_NESTED, NLA_F_NET_BYTEORDER). */
#define VW_NL_RTA_TYPE_MASK	0x3fff
#define VW_NL_NLA_F_NESTED	0x8000

/* ---- routes: struct rtmsg and RTA_* ---------------------------------- */

struct vw_rtmsg {			/* 12 bytes */
	uint8_t		rtm_family;
	uint8_t		rtm_dst_len;
	uint8_t		rtm_src_len;
	uint8_t		rtm_tos;
	uint8_t		rtm_table;	/* RT_TABLE_*; ids > 255: RTA_TABLE */
	uint8_t		rtm_protocol;	/* RTPROT_* */
	uint8_t		rtm_scope;	/* RT_SCOPE_* */
	uint8_t		rtm_type;	/* RTN_* */
	uint32_t	rtm_flags;	/* RTM_F_* | RTNH_F_* (single path) */
};
#define VW_NL_RTMSG_LEN		12
#define VW_NL_RTM_FAMILY_OFF	0
#define VW_NL_RTM_DST_LEN_OFF	1
#define VW_NL_RTM_TABLE_OFF	4
#define VW_NL_RTM_PROTOCOL_OFF	5
#define VW_NL_RTM_SCOPE_OFF	6
#define VW_NL_RTM_TYPE_OFF	7
#define VW_NL_RTM_FLAGS_OFF	8

#define VW_NL_RTA_DST		1
#define VW_NL_RTA_SRC		2
#define VW_NL_RTA_IIF		3
#define VW_NL_RTA_OIF		4
#define VW_NL_RTA_GATEWAY	5
#define VW_NL_RTA_PRIORITY	6
#define VW_NL_RTA_PREFSRC	7
#define VW_NL_RTA_METRICS	8	/* nested RTAX_* */
#define VW_NL_RTA_MULTIPATH	9	/* struct rtnexthop ... */
#define VW_NL_RTA_FLOW		11
#define VW_NL_RTA_CACHEINFO	12
#define VW_NL_RTA_TABLE		15
#define VW_NL_RTA_MARK		16
#define VW_NL_RTA_VIA		18	/* struct rtvia: u16 family, address */
#define VW_NL_RTA_PREF		20	/* IPv6 router preference, u8 */
#define VW_NL_RTA_ENCAP_TYPE	21
#define VW_NL_RTA_ENCAP		22
#define VW_NL_RTA_EXPIRES	23	/* u32 seconds */
#define VW_NL_RTA_NH_ID		30

/* RTA_METRICS members */
#define VW_NL_RTAX_LOCK		1
#define VW_NL_RTAX_MTU		2
#define VW_NL_RTAX_ADVMSS	8
#define VW_NL_RTAX_HOPLIMIT	10

/* struct rtvia (RTA_VIA): 2-byte family in host order, then the address. */
#define VW_NL_RTVIA_HDRLEN	2

struct vw_rtnexthop {			/* 8 bytes, then nested RTA_* */
	uint16_t	rtnh_len;	/* header and attributes */
	uint8_t		rtnh_flags;	/* RTNH_F_* */
	uint8_t		rtnh_hops;	/* weight - 1 */
	int32_t		rtnh_ifindex;
};
#define VW_NL_RTNH_LEN		8
#define VW_NL_RTNH_ALIGN(len)	(((len) + 3) & ~(size_t)3)
#define VW_NL_RTNH_F_DEAD	0x01
#define VW_NL_RTNH_F_PERVASIVE	0x02
#define VW_NL_RTNH_F_ONLINK	0x04
#define VW_NL_RTNH_F_OFFLOAD	0x08
#define VW_NL_RTNH_F_LINKDOWN	0x10
#define VW_NL_RTNH_F_UNRESOLVED	0x20
#define VW_NL_RTNH_F_TRAP	0x40

/* rtm_type */
#define VW_NL_RTN_UNSPEC	0
#define VW_NL_RTN_UNICAST	1
#define VW_NL_RTN_LOCAL		2
#define VW_NL_RTN_BROADCAST	3
#define VW_NL_RTN_ANYCAST	4
#define VW_NL_RTN_MULTICAST	5
#define VW_NL_RTN_BLACKHOLE	6
#define VW_NL_RTN_UNREACHABLE	7
#define VW_NL_RTN_PROHIBIT	8
#define VW_NL_RTN_THROW		9
#define VW_NL_RTN_NAT		10
#define VW_NL_RTN_XRESOLVE	11

/* rtm_protocol */
#define VW_NL_RTPROT_UNSPEC	0
#define VW_NL_RTPROT_REDIRECT	1
#define VW_NL_RTPROT_KERNEL	2
#define VW_NL_RTPROT_BOOT	3	/* what `ip route add` uses */
#define VW_NL_RTPROT_STATIC	4
#define VW_NL_RTPROT_RA		9
#define VW_NL_RTPROT_DHCP	16

/* rtm_scope */
#define VW_NL_RT_SCOPE_UNIVERSE	0
#define VW_NL_RT_SCOPE_SITE	200
#define VW_NL_RT_SCOPE_LINK	253
#define VW_NL_RT_SCOPE_HOST	254
#define VW_NL_RT_SCOPE_NOWHERE	255

/* rtm_table */
#define VW_NL_RT_TABLE_UNSPEC	0
#define VW_NL_RT_TABLE_DEFAULT	253
#define VW_NL_RT_TABLE_MAIN	254
#define VW_NL_RT_TABLE_LOCAL	255

/* rtm_flags */
#define VW_NL_RTM_F_NOTIFY	0x0100
#define VW_NL_RTM_F_CLONED	0x0200	/* a cache entry (IPv6 exception) */
#define VW_NL_RTM_F_EQUALIZE	0x0400
#define VW_NL_RTM_F_PREFIX	0x0800
#define VW_NL_RTM_F_OFFLOAD	0x4000
#define VW_NL_RTM_F_TRAP	0x8000

/* ---- neighbours: struct ndmsg and NDA_* ------------------------------ */

struct vw_ndmsg {			/* 12 bytes */
	uint8_t		ndm_family;
	uint8_t		ndm_pad1;
	uint16_t	ndm_pad2;
	int32_t		ndm_ifindex;
	uint16_t	ndm_state;	/* NUD_* (= enum vw_nud bits) */
	uint8_t		ndm_flags;	/* NTF_* */
	uint8_t		ndm_type;	/* RTN_* */
};
#define VW_NL_NDMSG_LEN		12
#define VW_NL_NDM_FAMILY_OFF	0
#define VW_NL_NDM_IFINDEX_OFF	4
#define VW_NL_NDM_STATE_OFF	8
#define VW_NL_NDM_FLAGS_OFF	10
#define VW_NL_NDM_TYPE_OFF	11

#define VW_NL_NDA_DST		1
#define VW_NL_NDA_LLADDR	2
#define VW_NL_NDA_CACHEINFO	3
#define VW_NL_NDA_PROBES	4

#define VW_NL_NUD_INCOMPLETE	0x01
#define VW_NL_NUD_REACHABLE	0x02
#define VW_NL_NUD_STALE		0x04
#define VW_NL_NUD_DELAY		0x08
#define VW_NL_NUD_PROBE		0x10
#define VW_NL_NUD_FAILED	0x20
#define VW_NL_NUD_NOARP		0x40
#define VW_NL_NUD_PERMANENT	0x80
#define VW_NL_NUD_NONE		0x00

#define VW_NL_NTF_USE		0x01
#define VW_NL_NTF_SELF		0x02
#define VW_NL_NTF_MASTER	0x04
#define VW_NL_NTF_PROXY		0x08
#define VW_NL_NTF_EXT_LEARNED	0x10
#define VW_NL_NTF_ROUTER	0x80

/* ---- links: struct ifinfomsg and IFLA_* ------------------------------ */

struct vw_ifinfomsg {			/* 16 bytes */
	uint8_t		ifi_family;
	uint8_t		ifi_pad;
	uint16_t	ifi_type;	/* ARPHRD_* */
	int32_t		ifi_index;
	uint32_t	ifi_flags;	/* IFF_* */
	uint32_t	ifi_change;
};
#define VW_NL_IFINFOMSG_LEN	16
#define VW_NL_IFI_FAMILY_OFF	0
#define VW_NL_IFI_TYPE_OFF	2
#define VW_NL_IFI_INDEX_OFF	4
#define VW_NL_IFI_FLAGS_OFF	8
#define VW_NL_IFI_CHANGE_OFF	12

#define VW_NL_IFLA_ADDRESS	1
#define VW_NL_IFLA_BROADCAST	2
#define VW_NL_IFLA_IFNAME	3
#define VW_NL_IFLA_MTU		4
#define VW_NL_IFLA_LINK		5
#define VW_NL_IFLA_MASTER	10
#define VW_NL_IFLA_TXQLEN	13
#define VW_NL_IFLA_OPERSTATE	16	/* u8, IF_OPER_* */
#define VW_NL_IFLA_LINKMODE	17
#define VW_NL_IFLA_LINKINFO	18	/* nested IFLA_INFO_* */
#define VW_NL_IFLA_IFALIAS	20

#define VW_NL_IFLA_INFO_KIND	1	/* "bridge", "veth", "tun" ... */
#define VW_NL_IFLA_INFO_DATA	2
#define VW_NL_IFLA_INFO_SLAVE_KIND	4

/* IFLA_OPERSTATE values (RFC 2863) */
#define VW_NL_IF_OPER_UNKNOWN	0
#define VW_NL_IF_OPER_NOTPRESENT	1
#define VW_NL_IF_OPER_DOWN	2
#define VW_NL_IF_OPER_LOWERLAYERDOWN	3
#define VW_NL_IF_OPER_TESTING	4
#define VW_NL_IF_OPER_DORMANT	5
#define VW_NL_IF_OPER_UP	6

/* ifi_flags: Linux values (several differ from BSD's IFF_*). */
#define VW_NL_IFF_UP		0x00001
#define VW_NL_IFF_BROADCAST	0x00002
#define VW_NL_IFF_DEBUG		0x00004
#define VW_NL_IFF_LOOPBACK	0x00008
#define VW_NL_IFF_POINTOPOINT	0x00010
#define VW_NL_IFF_NOTRAILERS	0x00020
#define VW_NL_IFF_RUNNING	0x00040
#define VW_NL_IFF_NOARP		0x00080
#define VW_NL_IFF_PROMISC	0x00100
#define VW_NL_IFF_ALLMULTI	0x00200
#define VW_NL_IFF_MASTER	0x00400
#define VW_NL_IFF_SLAVE		0x00800
#define VW_NL_IFF_MULTICAST	0x01000
#define VW_NL_IFF_PORTSEL	0x02000
#define VW_NL_IFF_AUTOMEDIA	0x04000
#define VW_NL_IFF_DYNAMIC	0x08000
#define VW_NL_IFF_LOWER_UP	0x10000
#define VW_NL_IFF_DORMANT	0x20000
#define VW_NL_IFF_ECHO		0x40000

/* ifi_type */
#define VW_NL_ARPHRD_ETHER	1
#define VW_NL_ARPHRD_INFINIBAND	32
#define VW_NL_ARPHRD_PPP	512
#define VW_NL_ARPHRD_TUNNEL	768	/* ipip */
#define VW_NL_ARPHRD_TUNNEL6	769	/* ip6tnl */
#define VW_NL_ARPHRD_LOOPBACK	772
#define VW_NL_ARPHRD_SIT	776
#define VW_NL_ARPHRD_IPGRE	778
#define VW_NL_ARPHRD_IP6GRE	823
#define VW_NL_ARPHRD_NONE	0xfffe	/* tun in "tun" mode, wireguard */
#define VW_NL_ARPHRD_IPIP	VW_NL_ARPHRD_TUNNEL

/* ---- interface addresses: struct ifaddrmsg and IFA_* ------------------ */

struct vw_ifaddrmsg {			/* 8 bytes */
	uint8_t		ifa_family;
	uint8_t		ifa_prefixlen;
	uint8_t		ifa_flags;	/* IFA_F_* low byte; all: IFA_FLAGS */
	uint8_t		ifa_scope;
	uint32_t	ifa_index;
};
#define VW_NL_IFADDRMSG_LEN	8
#define VW_NL_IFA_FAMILY_OFF	0
#define VW_NL_IFA_PREFIXLEN_OFF	1
#define VW_NL_IFA_FLAGS_OFF	2
#define VW_NL_IFA_SCOPE_OFF	3
#define VW_NL_IFA_INDEX_OFF	4

#define VW_NL_IFA_ADDRESS	1	/* p2p: the peer; else the address */
#define VW_NL_IFA_LOCAL		2	/* local address (IPv4; IPv6 p2p) */
#define VW_NL_IFA_LABEL		3
#define VW_NL_IFA_BROADCAST	4
#define VW_NL_IFA_ANYCAST	5
#define VW_NL_IFA_CACHEINFO	6
#define VW_NL_IFA_MULTICAST	7
#define VW_NL_IFA_FLAGS		8	/* u32, all IFA_F_* bits */

#define VW_NL_IFA_F_SECONDARY	0x001
#define VW_NL_IFA_F_NODAD	0x002
#define VW_NL_IFA_F_OPTIMISTIC	0x004
#define VW_NL_IFA_F_DADFAILED	0x008
#define VW_NL_IFA_F_HOMEADDRESS	0x010
#define VW_NL_IFA_F_DEPRECATED	0x020
#define VW_NL_IFA_F_TENTATIVE	0x040
#define VW_NL_IFA_F_PERMANENT	0x080
#define VW_NL_IFA_F_MANAGETEMPADDR	0x100
#define VW_NL_IFA_F_NOPREFIXROUTE	0x200

/* The layouts above must match the kernel's byte for byte. */
_Static_assert(sizeof(struct vw_nlmsghdr) == VW_NL_NLMSG_HDRLEN, "nlmsghdr");
_Static_assert(sizeof(struct vw_rtattr) == VW_NL_RTA_HDRLEN, "rtattr");
_Static_assert(sizeof(struct vw_rtmsg) == VW_NL_RTMSG_LEN, "rtmsg");
_Static_assert(offsetof(struct vw_rtmsg, rtm_flags) == VW_NL_RTM_FLAGS_OFF,
    "rtm_flags");
_Static_assert(sizeof(struct vw_ndmsg) == VW_NL_NDMSG_LEN, "ndmsg");
_Static_assert(offsetof(struct vw_ndmsg, ndm_state) == VW_NL_NDM_STATE_OFF,
    "ndm_state");
_Static_assert(sizeof(struct vw_ifinfomsg) == VW_NL_IFINFOMSG_LEN, "ifinfomsg");
_Static_assert(offsetof(struct vw_ifinfomsg, ifi_flags) ==
    VW_NL_IFI_FLAGS_OFF, "ifi_flags");
_Static_assert(sizeof(struct vw_ifaddrmsg) == VW_NL_IFADDRMSG_LEN, "ifaddrmsg");
_Static_assert(offsetof(struct vw_ifaddrmsg, ifa_index) ==
    VW_NL_IFA_INDEX_OFF, "ifa_index");
_Static_assert(sizeof(struct vw_rtnexthop) == VW_NL_RTNH_LEN, "rtnexthop");

#endif /* NL_WIRE_H */
