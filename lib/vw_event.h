/* SPDX-License-Identifier: ISC */
/*
 * vw_event.h - the OS-neutral model: routes, neighbours, links, interface
 * addresses, and the event that carries one change of any of them.
 *
 * Back ends (BSD routing messages, rtnetlink, recordings) translate kernel
 * messages into struct vw_event; the table applies them and reports diffs as
 * vw_event values too.  Nothing past the parsers sees rt_msghdr or nlmsghdr.
 *
 * Ownership: all structs here are plain values.  The one pointer,
 * vw_route.nh, points either into the enclosing vw_event's nh_store (events
 * from a parser) or into memory owned by the table (routes read from it);
 * a consumer that keeps a route past the callback must copy the next hops.
 */
#ifndef VW_EVENT_H
#define VW_EVENT_H

#include <stdint.h>

#include "vw_addr.h"

enum vw_os {
	VW_OS_NONE = 0,
	VW_OS_DARWIN = 1,
	VW_OS_FREEBSD = 2,
	VW_OS_LINUX = 3
};
const char	*vw_os_name(int os);		/* "darwin", "freebsd", "linux" */
int		 vw_os_parse(const char *s);	/* VW_OS_* or VW_EINVAL */

/* Event kinds: the contract of DESIGN.md, in its order. */
#define VW_KIND_MAP(XX)							\
	XX(ROUTE_ADD,		"route.add")				\
	XX(ROUTE_DELETE,	"route.delete")				\
	XX(ROUTE_CHANGE,	"route.change")				\
	XX(NEIGH_ADD,		"neigh.add")				\
	XX(NEIGH_DELETE,	"neigh.delete")				\
	XX(NEIGH_CHANGE,	"neigh.change")				\
	XX(LINK_ADD,		"link.add")				\
	XX(LINK_DELETE,		"link.delete")				\
	XX(LINK_UP,		"link.up")				\
	XX(LINK_DOWN,		"link.down")				\
	XX(LINK_CHANGE,		"link.change")				\
	XX(ADDR_ADD,		"addr.add")				\
	XX(ADDR_DELETE,		"addr.delete")				\
	XX(TARGET_UP,		"target.up")				\
	XX(TARGET_DOWN,		"target.down")				\
	XX(TARGET_DEGRADED,	"target.degraded")			\
	XX(HOST_WAKE,		"host.wake")				\
	XX(DAEMON_START,	"daemon.start")				\
	XX(DAEMON_STOP,		"daemon.stop")				\
	XX(DAEMON_RELOAD,	"daemon.reload")			\
	XX(DAEMON_RESYNC,	"daemon.resync")

enum vw_kind {
	VW_EV_NONE = 0,
#define VW__KIND_ENUM(name, str) VW_EV_##name,
	VW_KIND_MAP(VW__KIND_ENUM)
#undef VW__KIND_ENUM
	VW_EV__MAX
};
const char	*vw_kind_name(int kind);	/* "route.add"; "?" if unknown */
int		 vw_kind_parse(const char *s);	/* VW_EV_* or VW_EINVAL */

/* What kind of object a kind is about. */
enum vw_obj { VW_OBJ_NONE, VW_OBJ_ROUTE, VW_OBJ_NEIGH, VW_OBJ_LINK,
	VW_OBJ_ADDR, VW_OBJ_OTHER };
int		 vw_kind_obj(int kind);

/* ---- routes ---------------------------------------------------------- */

enum vw_rtype {
	VW_RT_UNICAST = 0, VW_RT_LOCAL, VW_RT_BROADCAST, VW_RT_ANYCAST,
	VW_RT_MULTICAST, VW_RT_BLACKHOLE, VW_RT_UNREACHABLE, VW_RT_PROHIBIT,
	VW_RT_THROW, VW_RT_OTHER
};
const char	*vw_rtype_name(int type);	/* iproute2's words: "unicast", "local" ... */

enum vw_gwkind {
	VW_GW_NONE = 0,		/* no gateway (directly connected, Linux "dev X") */
	VW_GW_IP,		/* gw is an IPv4/IPv6 next hop */
	VW_GW_LINK		/* BSD sockaddr_dl gateway: link#N, a MAC, or a name */
};

#define VW_IFNAMSIZ	16	/* IFNAMSIZ on all three kernels, NUL included */

/* A link-layer gateway exactly as the BSD kernel reported it. */
struct vw_linkgw {
	uint16_t	sdl_index;
	uint8_t		sdl_type;	/* IFT_*; picks netstat's ':' or '.' form */
	uint8_t		sdl_slen;
	char		name[VW_IFNAMSIZ];	/* sdl_data name part, "" if nlen 0 */
	struct vw_lladdr ll;		/* len 0: "link#N" when name is empty too */
};

struct vw_nexthop {
	struct vw_ip	gw;		/* family VW_AF_NONE: on-link */
	uint32_t	ifindex;
	uint8_t		weight;		/* rtnh_hops + 1 */
	uint8_t		flags;		/* RTNH_F_* */
	uint8_t		_pad[2];
};
#define VW_NH_MAX	16

struct vw_route {
	struct vw_ip	dst;		/* masked to plen */
	uint8_t		plen;
	uint8_t		gwkind;		/* enum vw_gwkind */
	uint8_t		type;		/* enum vw_rtype */
	uint8_t		proto;		/* Linux rtm_protocol; 0 on BSD */
	uint8_t		scope;		/* Linux rtm_scope; 0 on BSD */
	uint8_t		nnh;		/* >1: multipath, next hops in nh[] */
	uint8_t		_pad[2];
	struct vw_ip	gw;		/* VW_GW_IP */
	struct vw_linkgw lgw;		/* VW_GW_LINK */
	struct vw_ip	prefsrc;	/* Linux RTA_PREFSRC; BSD RTA_IFA */
	uint32_t	ifindex;	/* outgoing interface (rtm_index / RTA_OIF) */
	uint32_t	ifscope;	/* macOS: scope of an RTF_IFSCOPE route, part of the key */
	uint32_t	table;		/* Linux table (254 main); 0 on BSD */
	uint32_t	metric;		/* Linux priority; 0 on BSD */
	uint32_t	flags;		/* the kernel's own flag word: RTF_* (BSD) or rtm_flags (Linux) */
	uint32_t	parentflags;	/* macOS rt_msghdr2 rtm_parentflags */
	uint32_t	mtu;
	uint32_t	refcnt;		/* macOS rt_msghdr2 */
	uint32_t	use;		/* packets sent (macOS rtm_use) */
	int64_t		expire;		/* wall-clock seconds; 0 = never */
	struct vw_nexthop *nh;		/* nnh entries when nnh > 1; see ownership above */
};

/* ---- neighbours (ARP / NDP) ------------------------------------------ */

/* Neighbour states: Linux NUD_* bit values, which the BSD parser maps onto. */
enum vw_nud {
	VW_NUD_INCOMPLETE = 0x01, VW_NUD_REACHABLE = 0x02, VW_NUD_STALE = 0x04,
	VW_NUD_DELAY = 0x08, VW_NUD_PROBE = 0x10, VW_NUD_FAILED = 0x20,
	VW_NUD_NOARP = 0x40, VW_NUD_PERMANENT = 0x80, VW_NUD_NONE = 0x00
};
/* "REACHABLE", "STALE|..." as ip-neigh prints; writes into buf. */
int		 vw_nud_str(unsigned state, char *buf, unsigned long len);

enum vw_neigh_flag {
	VW_NF_ROUTER = 0x01,	/* NTF_ROUTER / RTF_ROUTER */
	VW_NF_PROXY = 0x02,
	VW_NF_EXPIRED = 0x04	/* BSD: rmx_expire in the past at decode time */
};

struct vw_neigh {
	struct vw_ip	addr;
	struct vw_lladdr ll;
	uint8_t		nflags;		/* enum vw_neigh_flag */
	uint8_t		sdl_type;	/* BSD gateway sdl_type (IFT_*), 0 on Linux */
	uint16_t	state;		/* enum vw_nud bits */
	uint32_t	ifindex;
	uint32_t	flags;		/* native: BSD RTF_*, Linux ndm_flags */
	int64_t		expire;		/* BSD wall-clock seconds; 0 = never */
};

/* ---- links (interfaces) ---------------------------------------------- */

enum vw_link_flag {			/* neutral; BSD and Linux IFF_* differ */
	VW_LF_UP = 0x01, VW_LF_RUNNING = 0x02, VW_LF_LOOPBACK = 0x04,
	VW_LF_P2P = 0x08, VW_LF_BROADCAST = 0x10, VW_LF_MULTICAST = 0x20,
	VW_LF_NOARP = 0x40, VW_LF_PROMISC = 0x80, VW_LF_LOWER_UP = 0x100
};

enum vw_link_type {
	VW_LT_OTHER = 0, VW_LT_ETHER, VW_LT_LOOPBACK, VW_LT_BRIDGE,
	VW_LT_TUNNEL, VW_LT_PPP, VW_LT_VLAN
};
const char	*vw_link_type_name(int type);	/* "ether", "loopback", ... */

struct vw_link {
	uint32_t	index;
	char		name[VW_IFNAMSIZ];	/* "" if the message did not carry it */
	uint8_t		type;		/* enum vw_link_type */
	uint8_t		operstate;	/* Linux IF_OPER_*; 0 on BSD */
	uint16_t	os_type;	/* IFT_* (BSD) or ARPHRD_* (Linux) */
	uint32_t	lflags;		/* enum vw_link_flag */
	uint32_t	flags;		/* the kernel's IFF_* word */
	uint32_t	mtu;
	uint32_t	master;		/* Linux IFLA_MASTER (bridge port of), 0 if none */
	struct vw_lladdr ll;
	char		kind[VW_IFNAMSIZ];	/* Linux IFLA_INFO_KIND ("bridge", "veth", "tun") */
	uint8_t		have;		/* VW_LH_* : which fields the message carried */
	uint8_t		_pad[3];
};
enum { VW_LH_NAME = 0x01, VW_LH_LL = 0x02, VW_LH_MTU = 0x04, VW_LH_TYPE = 0x08 };

/* ---- interface addresses --------------------------------------------- */

struct vw_ifaddr {
	struct vw_ip	addr;
	struct vw_ip	peer;		/* broadcast (BSD RTA_BRD / IFA_BROADCAST) or p2p peer */
	uint8_t		plen;
	uint8_t		scope;		/* Linux ifa_scope */
	uint8_t		peer_is_brd;	/* 1: peer is a broadcast address */
	uint8_t		_pad;
	uint32_t	ifindex;
	uint32_t	flags;		/* IFA_F_* (Linux), ifa flags (BSD) */
	char		label[VW_IFNAMSIZ];
};

/* ---- daemon events ------------------------------------------------- */

struct vw_daemon_info {
	uint32_t	count;		/* daemon.resync: differences repaired */
	char		text[60];	/* why (resync), version (start) */
};

/* ---- target events (target.up|down|degraded) --------------------------- */

struct vw_cause;
struct vw_path;
struct vw_tstats;

/*
 * Borrowed pointers: valid only while the event is being emitted.  A copy
 * kept past that (the history ring) must clear them (vw_history does).
 */
struct vw_target_info {
	struct vw_ip	 addr;
	const char	*name;		/* NULL: none */
	uint8_t		 state;		/* enum vw_tstate, after */
	uint8_t		 prev;		/* enum vw_tstate, before */
	uint8_t		 discovered;	/* 1: found on a bridge, not configured */
	uint8_t		 _pad;
	int64_t		 outage_us;	/* target.up: how long it was down; 0 */
	const struct vw_cause	*cause;		/* down/degraded: why; else NULL */
	const struct vw_path	*before;	/* path at the last good probe */
	const struct vw_path	*now;		/* path when the verdict was made */
	const struct vw_tstats	*stats;		/* RTT/loss over the window */
};

/* ---- the event ------------------------------------------------------- */

/*
 * Where a change came from: the raw message, so logs and `decode` can name
 * it.  msg_type is the kernel's own type number (RTM_*), msg_pid the process
 * that asked for the change when the kernel says (BSD rtm_pid, netlink
 * nlmsg_pid), 0 for the kernel itself.
 */
struct vw_origin {
	uint8_t		os;		/* enum vw_os */
	uint8_t		dump;		/* 1: from a dump (RTM_GET/NLM_F_MULTI), not a live change */
	uint16_t	msg_type;
	int32_t		msg_pid;
	uint32_t	msg_seq;
	int32_t		msg_errno;
	uint32_t	msg_flags;	/* nlmsg_flags on Linux */
	uint64_t	msg_off;	/* byte offset of the message in its buffer */
};

struct vw_event {
	uint64_t	seq;		/* monotonic, set by whoever logs it */
	int64_t		time_us;	/* wall clock, µs since the epoch; 0 = unset */
	uint16_t	kind;		/* enum vw_kind */
	uint16_t	_pad[3];
	struct vw_origin origin;
	union {
		struct vw_route	route;
		struct vw_neigh	neigh;
		struct vw_link	link;
		struct vw_ifaddr addr;
		struct vw_daemon_info info;	/* daemon.*, host.wake events */
		struct vw_target_info target;	/* target.* events */
	} u;
	/* For *.change (and link.up/down) diffs from the table: the value before. */
	union {
		struct vw_route	route;
		struct vw_neigh	neigh;
		struct vw_link	link;
		struct vw_ifaddr addr;
	} old;
	struct vw_nexthop nh_store[VW_NH_MAX];
};

/* Reset ev to an empty event of `kind` (zeroes only what matters). */
void	vw_event_init(struct vw_event *ev, int kind);

#endif /* VW_EVENT_H */
