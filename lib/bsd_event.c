/* SPDX-License-Identifier: ISC */
/*
 * bsd_event.c - a parsed BSD routing message as OS-neutral events
 * (vw_bsd_to_events): routes, ARP/ND neighbours, links and addresses,
 * decoded straight from the sockaddr bytes vw_bsd_parse() located.
 *
 * The mapping follows what the kernels actually send (reference 4 and 7):
 * macOS ARP entries are cloned host routes, so one RTM_GET2 can be both a
 * route and a neighbour; FreeBSD's are lltable entries and only neighbours.
 * Messages that change no table (RTM_MISS, RTM_RESOLVE, RTM_REDIRECT,
 * multicast membership, failed requests) give no event.
 *
 * Speed: a dump of a million routes is a million route events, so the
 * route path is inlined into vw_bsd_to_events(), zeroes the event with
 * straight vector stores, reads an IPv4 address or mask as one word, and
 * masks the destination in place; links and addresses, which are few, go
 * through the accessors of bsd_sa.c.
 */
#include <stddef.h>
#include <string.h>

#include "bsd_msg.h"
#include "bsd_wire.h"

#define VW__LIKELY(x)	__builtin_expect(!!(x), 1)
#define VW__UNLIKELY(x)	__builtin_expect(!!(x), 0)
#define VW__INLINE	static inline __attribute__((always_inline))

static int
sa_is_ip(const struct vw_bsd_sa *s)
{
	return s->kind == VW_SA_INET || s->kind == VW_SA_INET6;
}

/*
 * vw_event_init() for the hot path, with its contract (everything before
 * `old` is zeroed: the header, the origin and the union, of which the
 * route is the largest member), in 64-byte pieces that compilers turn
 * into straight vector stores; one memset of this size becomes a call or
 * a `rep stos`.
 */
_Static_assert(offsetof(struct vw_event, old) > 192 &&
    offsetof(struct vw_event, old) <= 256, "ev_clear()'s pieces");

VW__INLINE void
ev_clear(struct vw_event *ev, int kind)
{
	uint8_t *p = (uint8_t *)ev;

	memset(p, 0, 64);
	memset(p + 64, 0, 64);
	memset(p + 128, 0, 64);
	memset(p + 192, 0, offsetof(struct vw_event, old) - 192);
	ev->kind = (uint16_t)kind;
}

VW__INLINE void
origin_fill(const struct vw_bsd_msg *m, struct vw_event *ev)
{
	ev->origin.os = m->os;
	ev->origin.dump = m->type == VW_RTM_GET ||
	    (m->os == VW_OS_DARWIN && (m->type == VW_RTM_DARWIN_GET2 ||
	    m->type == VW_RTM_DARWIN_IFINFO2));
	ev->origin.msg_type = m->type;
	ev->origin.msg_pid = m->pid;
	ev->origin.msg_seq = (uint32_t)m->seq;
	ev->origin.msg_errno = m->err;
	ev->origin.msg_off = m->off;
}

/*
 * An address slot (VW_SA_INET/INET6) into ip, which is zeroed already.
 * A whole sockaddr_in is one 4-byte copy; a cut or "tiny" one reads
 * zero-filled.
 */
VW__INLINE void
ip_fill(const struct vw_bsd_sa *s, struct vw_ip *ip)
{
	if (VW__LIKELY(s->kind == VW_SA_INET)) {
		ip->family = VW_AF_INET;
		if (VW__LIKELY(s->raw_len >= VW_SIN_ADDR_OFF + 4))
			memcpy(ip->a, s->raw + VW_SIN_ADDR_OFF, 4);
		else
			vw__put_be32(ip->a, vw__sa_word4(s->raw, s->raw_len));
	} else {
		ip->family = VW_AF_INET6;
		vw__sa_in6(ip, s->raw, s->raw_len);
	}
}

VW__INLINE int
route_type(uint32_t f)
{
	if (VW__LIKELY((f & (VW_RTF_BLACKHOLE | VW_RTF_REJECT |
	    VW_RTF_BROADCAST | VW_RTF_MULTICAST | VW_RTF_LOCAL)) == 0))
		return VW_RT_UNICAST;
	if (f & VW_RTF_BLACKHOLE)
		return VW_RT_BLACKHOLE;
	if (f & VW_RTF_REJECT)
		return VW_RT_UNREACHABLE;
	if (f & VW_RTF_BROADCAST)
		return VW_RT_BROADCAST;
	if (f & VW_RTF_MULTICAST)
		return VW_RT_MULTICAST;
	return VW_RT_LOCAL;
}

/*
 * The prefix length of a route (max: 32 or 128, DST's).  Host routes
 * carry no mask (rtrequest drops it); a net route without one is a host
 * route to the radix tree too.  A mask that rtm_addrs announces but the
 * bytes lack is the zero-length one rt_msg1 leaves out at the end
 * (reference 3.2): /0.  The mask is read with DST's family: vw_bsd_parse()
 * typed it VW_SA_MASK because DST has one.
 */
VW__INLINE unsigned
route_plen(const struct vw_bsd_msg *m, unsigned max)
{
	const struct vw_bsd_sa *mask = &m->sa[VW_RTAX_NETMASK];
	unsigned plen;

	if ((uint32_t)m->flags & VW_RTF_HOST)
		return max;
	if (VW__LIKELY(mask->kind == VW_SA_MASK)) {
		if (VW__LIKELY(max == 32))
			return vw__mask4_plen(vw__sa_word4(mask->raw,
			    mask->raw_len));
		(void)vw_bsd_sa_mask(m, VW_RTAX_NETMASK, &plen, NULL, NULL);
		return plen < max ? plen : max;
	}
	if (mask->kind == VW_SA_EMPTY)
		return 0;
	if (mask->kind == VW_SA_ABSENT && m->sa_short &&
	    (m->addrs & VW_RTA_NETMASK))
		return 0;
	return max;
}

static __attribute__((noinline)) void
route_dst6(const struct vw_bsd_msg *m, struct vw_route *r)
{
	const struct vw_bsd_sa *dst = &m->sa[VW_RTAX_DST];
	unsigned plen = route_plen(m, 128);

	r->dst.family = VW_AF_INET6;
	vw__sa_in6(&r->dst, dst->raw, dst->raw_len);
	vw_ip_mask(&r->dst, plen);
	r->plen = (uint8_t)plen;
}

static void
ev_route(const struct vw_bsd_msg *m, int kind, struct vw_event *ev)
{
	const struct vw_bsd_sa *dst = &m->sa[VW_RTAX_DST];
	const struct vw_bsd_sa *gw = &m->sa[VW_RTAX_GATEWAY];
	const struct vw_bsd_sa *ifa = &m->sa[VW_RTAX_IFA];
	struct vw_route *r = &ev->u.route;
	uint32_t f = (uint32_t)m->flags;
	unsigned plen;

	ev_clear(ev, kind);
	origin_fill(m, ev);
	if (VW__LIKELY(dst->kind == VW_SA_INET)) {
		plen = route_plen(m, 32);
		r->dst.family = VW_AF_INET;
		vw__put_be32(r->dst.a, vw__sa_word4(dst->raw, dst->raw_len) &
		    vw__plen_mask4(plen));
		r->plen = (uint8_t)plen;
	} else
		route_dst6(m, r);
	if (sa_is_ip(gw)) {
		r->gwkind = VW_GW_IP;
		ip_fill(gw, &r->gw);
	} else if (gw->kind == VW_SA_LINK) {
		r->gwkind = VW_GW_LINK;
		(void)vw_bsd_sa_link(m, VW_RTAX_GATEWAY, &r->lgw);
	}
	r->type = (uint8_t)route_type(f);
	r->ifindex = m->index;
	/* RTF_IFSCOPE is macOS's; FreeBSD has no scoped routes. */
	if (m->os == VW_OS_DARWIN && (f & VW_RTF_IFSCOPE))
		r->ifscope = m->index;
	r->flags = f;
	r->parentflags = (uint32_t)m->parentflags;
	r->refcnt = (uint32_t)m->refcnt;
	r->use = (uint32_t)m->use;
	r->mtu = m->mtu;
	r->expire = m->expire;
	if (sa_is_ip(ifa))
		ip_fill(ifa, &r->prefsrc);
}

/* The link-layer address of a VW_SA_LINK slot (length capped). */
static void
sdl_lladdr(const struct vw_bsd_sa *s, struct vw_lladdr *ll)
{
	const uint8_t *p = s->raw;
	unsigned alen = p[VW_SDL_ALEN_OFF];

	/* The walk checked 8 + nlen + alen <= raw_len. */
	if (alen > VW_LLADDR_MAX)
		alen = VW_LLADDR_MAX;
	ll->len = (uint8_t)alen;
	memcpy(ll->a, p + VW_SDL_DATA_OFF + p[VW_SDL_NLEN_OFF], alen);
}

/*
 * An ARP/ND entry: macOS keeps them as cloned host routes (RTF_LLINFO),
 * FreeBSD reports lltable entries with RTF_LLDATA (the same bit).  The
 * state is what rmx_expire and the flags say at `now`.  The gateway is a
 * sockaddr_dl (route_events() checked).
 */
static __attribute__((noinline)) void
ev_neigh(const struct vw_bsd_msg *m, int kind, int64_t now,
    struct vw_event *ev)
{
	const struct vw_bsd_sa *gw = &m->sa[VW_RTAX_GATEWAY];
	struct vw_neigh *n = &ev->u.neigh;
	uint32_t f = (uint32_t)m->flags;

	ev_clear(ev, kind);
	origin_fill(m, ev);
	ip_fill(&m->sa[VW_RTAX_DST], &n->addr);
	sdl_lladdr(gw, &n->ll);
	n->sdl_type = gw->raw[VW_SDL_TYPE_OFF];
	n->ifindex = m->index;
	n->flags = f;
	n->expire = m->expire;
	if (m->expire != 0 && m->expire <= now)
		n->nflags |= VW_NF_EXPIRED;
	if (m->os == VW_OS_DARWIN && (f & VW_RTF_ROUTER))
		n->nflags |= VW_NF_ROUTER;
	if (n->ll.len == 0)
		n->state = (f & VW_RTF_REJECT) ? VW_NUD_FAILED :
		    VW_NUD_INCOMPLETE;
	else if (f & VW_RTF_STATIC)
		n->state = VW_NUD_PERMANENT;
	else if (n->nflags & VW_NF_EXPIRED)
		n->state = VW_NUD_STALE;
	else
		n->state = VW_NUD_REACHABLE;
}

VW__INLINE int
route_events(const struct vw_bsd_msg *m, int64_t now, struct vw_event *ev,
    int max)
{
	const struct vw_bsd_sa *gw = &m->sa[VW_RTAX_GATEWAY];
	uint32_t f = (uint32_t)m->flags;
	int rkind, nkind, neigh, n = 0;

	/* A failed request echoed back changed nothing. */
	if (m->err != 0 || !sa_is_ip(&m->sa[VW_RTAX_DST]))
		return 0;
	switch (m->type) {
	case VW_RTM_ADD:
	case VW_RTM_GET:
		rkind = VW_EV_ROUTE_ADD;
		nkind = VW_EV_NEIGH_ADD;
		break;
	case VW_RTM_CHANGE:
		rkind = VW_EV_ROUTE_CHANGE;
		nkind = VW_EV_NEIGH_ADD;
		break;
	case VW_RTM_DELETE:
		rkind = VW_EV_ROUTE_DELETE;
		nkind = VW_EV_NEIGH_DELETE;
		break;
	case VW_RTM_DARWIN_GET2:
		if (m->hdr == VW_BH_RT2) {
			rkind = VW_EV_ROUTE_ADD;
			nkind = VW_EV_NEIGH_ADD;
			break;
		}
		return 0;
	default:
		return 0;	/* MISS, REDIRECT, LOSING, RESOLVE, LOCK ... */
	}
	/*
	 * macOS arp -d: the RTM_DELETE reply describes the entry after
	 * arp_rtrequest cleared RTF_LLINFO (reference 7), so a deleted host
	 * route whose gateway still holds a MAC is a neighbour too; so is
	 * the echo of arp -s, an RTM_ADD of such a route without RTF_LLINFO.
	 */
	neigh = gw->kind == VW_SA_LINK && ((f & VW_RTF_LLINFO) ||
	    ((m->type == VW_RTM_DELETE || m->type == VW_RTM_ADD) &&
	    (f & VW_RTF_HOST) && gw->raw[VW_SDL_ALEN_OFF] > 0));
	/*
	 * FreeBSD ARP/ND entries live in the lltable, not in the FIB: they
	 * are neighbours only (its netstat -rn does not list them either).
	 */
	if (!(neigh && m->os == VW_OS_FREEBSD) && n < max)
		ev_route(m, rkind, &ev[n++]);
	if (VW__UNLIKELY(neigh) && n < max)
		ev_neigh(m, nkind, now, &ev[n++]);
	return n;
}

static int
link_type(const struct vw_bsd_wire *w, unsigned ift)
{
	switch (ift) {
	case VW_IFT_ETHER:	return VW_LT_ETHER;
	case VW_IFT_LOOP:	return VW_LT_LOOPBACK;
	case VW_IFT_BRIDGE:	return VW_LT_BRIDGE;
	case VW_IFT_OTHER:	return VW_LT_TUNNEL;	/* macOS utun */
	case VW_IFT_PPP:	return VW_LT_PPP;
	case VW_IFT_L2VLAN:	return VW_LT_VLAN;
	default:
		if (ift == w->ift_gif || ift == w->ift_stf)
			return VW_LT_TUNNEL;
		return VW_LT_OTHER;
	}
}

static uint32_t
link_flags(uint32_t iff)
{
	static const struct { uint32_t bsd, lf; } map[] = {
		{ VW_IFF_BSD_UP, VW_LF_UP },
		{ VW_IFF_BSD_RUNNING, VW_LF_RUNNING },
		{ VW_IFF_BSD_LOOPBACK, VW_LF_LOOPBACK },
		{ VW_IFF_BSD_POINTOPOINT, VW_LF_P2P },
		{ VW_IFF_BSD_BROADCAST, VW_LF_BROADCAST },
		{ VW_IFF_BSD_MULTICAST, VW_LF_MULTICAST },
		{ VW_IFF_BSD_NOARP, VW_LF_NOARP },
		{ VW_IFF_BSD_PROMISC, VW_LF_PROMISC },
	};
	uint32_t lf = 0;
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (iff & map[i].bsd)
			lf |= map[i].lf;
	return lf;
}

/* The interface's sockaddr_dl (RTA_IFP) names it and gives its address. */
static void
link_ifp(const struct vw_bsd_msg *m, struct vw_link *l)
{
	struct vw_linkgw ifp;

	if (vw_bsd_sa_link(m, VW_RTAX_IFP, &ifp) != 0)
		return;
	if (ifp.name[0] != '\0') {
		memcpy(l->name, ifp.name, VW_IFNAMSIZ);
		l->have |= VW_LH_NAME;
	}
	if (ifp.ll.len > 0) {
		l->ll = ifp.ll;
		l->have |= VW_LH_LL;
	}
}

static __attribute__((noinline)) int
link_event(const struct vw_bsd_msg *m, struct vw_event *ev)
{
	const struct vw_bsd_wire *w = vw_bsd_wire(m->os);
	struct vw_link *l = &ev->u.link;

	vw_event_init(ev, VW_EV_LINK_CHANGE);
	origin_fill(m, ev);
	l->index = m->index;
	l->flags = (uint32_t)m->flags;
	l->lflags = link_flags((uint32_t)m->flags);
	if (m->os == VW_OS_FREEBSD && m->ifi_link_state == VW_LINK_STATE_UP)
		l->lflags |= VW_LF_LOWER_UP;
	l->mtu = m->ifi_mtu;
	l->os_type = m->ifi_type;
	l->type = (uint8_t)link_type(w, m->ifi_type);
	l->have = VW_LH_MTU | VW_LH_TYPE;
	link_ifp(m, l);
	return 1;
}

static __attribute__((noinline)) int
announce_event(const struct vw_bsd_msg *m, struct vw_event *ev)
{
	struct vw_link *l = &ev->u.link;
	int kind;

	if (m->type != VW_RTM_FREEBSD_IFANNOUNCE)
		return 0;	/* RTM_IEEE80211 */
	if (m->ifan_what == VW_IFAN_ARRIVAL)
		kind = VW_EV_LINK_ADD;
	else if (m->ifan_what == VW_IFAN_DEPARTURE)
		kind = VW_EV_LINK_DELETE;
	else
		return 0;
	vw_event_init(ev, kind);
	origin_fill(m, ev);
	l->index = m->index;
	memcpy(l->name, m->ifan_name, VW_IFNAMSIZ);
	l->have = VW_LH_NAME;
	return 1;
}

/*
 * RTA_BRD is the broadcast address on broadcast interfaces and the peer on
 * point-to-point ones; ifa_msghdr does not say which.  Call it broadcast
 * when it is the directed broadcast of addr/plen (IPv4 only).
 */
static int
is_directed_broadcast(const struct vw_ip *addr, const struct vw_ip *peer,
    unsigned plen)
{
	struct vw_ip net;
	unsigned i;

	if (addr->family != VW_AF_INET || peer->family != VW_AF_INET ||
	    plen > 30)
		return 0;
	net = *addr;
	vw_ip_mask(&net, plen);
	for (i = 0; i < 4; i++) {
		unsigned bits = plen >= 8 * (i + 1) ? 8 :
		    plen > 8 * i ? plen - 8 * i : 0;
		uint8_t host = (uint8_t)(0xff >> bits);

		if (peer->a[i] != (net.a[i] | host))
			return 0;
	}
	return 1;
}

static __attribute__((noinline)) int
addr_event(const struct vw_bsd_msg *m, struct vw_event *ev)
{
	const struct vw_bsd_sa *ifa = &m->sa[VW_RTAX_IFA];
	const struct vw_bsd_sa *mask = &m->sa[VW_RTAX_NETMASK];
	struct vw_ifaddr *a = &ev->u.addr;
	struct vw_linkgw ifp;
	unsigned max, plen;

	if (!sa_is_ip(ifa))
		return 0;
	vw_event_init(ev, m->type == VW_RTM_NEWADDR ? VW_EV_ADDR_ADD :
	    VW_EV_ADDR_DELETE);
	origin_fill(m, ev);
	(void)vw_bsd_sa_ip(m, VW_RTAX_IFA, &a->addr);
	max = ifa->kind == VW_SA_INET ? 32 : 128;
	/* The mask was read with the IFA's family (no DST here). */
	if ((mask->kind == VW_SA_MASK || mask->kind == VW_SA_EMPTY) &&
	    vw_bsd_sa_mask(m, VW_RTAX_NETMASK, &plen, NULL, NULL) ==
	    a->addr.family)
		a->plen = (uint8_t)(plen < max ? plen : max);
	else
		a->plen = (uint8_t)max;
	if (vw_bsd_sa_ip(m, VW_RTAX_BRD, &a->peer) == 0)
		a->peer_is_brd = (uint8_t)is_directed_broadcast(&a->addr,
		    &a->peer, a->plen);
	a->ifindex = m->index;
	a->flags = (uint32_t)m->flags;
	if (vw_bsd_sa_link(m, VW_RTAX_IFP, &ifp) == 0)
		memcpy(a->label, ifp.name, VW_IFNAMSIZ);
	return 1;
}

/*
 * The general translation: every message type and sockaddr shape
 * (internal, bsd_wire.h; tests compare it with the fast path).
 */
__attribute__((noinline)) int
vw__bsd_to_events_general(const struct vw_bsd_msg *m, int64_t now,
    struct vw_event *ev, int max)
{
	if (max <= 0)
		return 0;
	switch (m->hdr) {
	case VW_BH_RT:
	case VW_BH_RT2:
		return route_events(m, now, ev, max);
	case VW_BH_IF:
	case VW_BH_IF2:
		return link_event(m, ev);
	case VW_BH_ANNOUNCE:
		return announce_event(m, ev);
	case VW_BH_IFA:
		return addr_event(m, ev);
	default:
		return 0;	/* multicast membership */
	}
}

/*
 * The fast path's view of a route message type: the event kind (0: for
 * the general path to decide) and whether it is a dump entry
 * (origin.dump).  RTM_GET2 (0x14) is an rt_msghdr2 whenever vw_bsd_parse()
 * accepts it: only macOS has it.
 */
#define VW__FDUMP	0x80
static const uint8_t fast_rkind[256] = {
	[VW_RTM_ADD] = VW_EV_ROUTE_ADD,
	[VW_RTM_GET] = VW_EV_ROUTE_ADD | VW__FDUMP,
	[VW_RTM_CHANGE] = VW_EV_ROUTE_CHANGE,
	[VW_RTM_DELETE] = VW_EV_ROUTE_DELETE,
	[VW_RTM_DARWIN_GET2] = VW_EV_ROUTE_ADD | VW__FDUMP,
};
_Static_assert(VW_EV__MAX < VW__FDUMP, "event kinds fit in 7 bits");

/*
 * vw_bsd_to_events() for what a route dump is made of: an IPv4 route
 * whose gateway is an IPv4 address or absent, hence no neighbour, with an
 * IPv4 RTA_IFA or none.  A leaf function that writes the one route event
 * exactly as the general path would; anything else goes to the general
 * path by a plain jump (same signature).
 */
int
vw_bsd_to_events(const struct vw_bsd_msg *m, int64_t now,
    struct vw_event *ev, int max)
{
	const struct vw_bsd_sa *dst = &m->sa[VW_RTAX_DST];
	const struct vw_bsd_sa *gw = &m->sa[VW_RTAX_GATEWAY];
	const struct vw_bsd_sa *ifa = &m->sa[VW_RTAX_IFA];
	struct vw_route *r = &ev->u.route;
	uint32_t f = (uint32_t)m->flags;
	unsigned v, plen;

	v = fast_rkind[m->type];
	/* VW_SA_INET6 and VW_SA_LINK are 3 and 4: the general path's. */
	if (VW__UNLIKELY(v == 0 || max <= 0 ||
	    (m->hdr != VW_BH_RT && m->hdr != VW_BH_RT2) || m->err != 0 ||
	    dst->kind != VW_SA_INET || gw->kind - 3u <= 1 ||
	    ifa->kind == VW_SA_INET6))
		return vw__bsd_to_events_general(m, now, ev, max);
	ev_clear(ev, (int)(v & ~VW__FDUMP));
	ev->origin.os = m->os;
	ev->origin.dump = (uint8_t)(v >> 7);
	ev->origin.msg_type = m->type;
	ev->origin.msg_pid = m->pid;
	ev->origin.msg_seq = (uint32_t)m->seq;
	ev->origin.msg_errno = m->err;
	ev->origin.msg_off = m->off;
	plen = route_plen(m, 32);
	r->dst.family = VW_AF_INET;
	vw__put_be32(r->dst.a, vw__sa_word4(dst->raw, dst->raw_len) &
	    vw__plen_mask4(plen));
	r->plen = (uint8_t)plen;
	if (gw->kind == VW_SA_INET) {
		r->gwkind = VW_GW_IP;
		ip_fill(gw, &r->gw);
	}
	r->type = (uint8_t)route_type(f);
	r->ifindex = m->index;
	/* RTF_IFSCOPE is macOS's; FreeBSD has no scoped routes. */
	if (m->os == VW_OS_DARWIN && (f & VW_RTF_IFSCOPE))
		r->ifscope = m->index;
	r->flags = f;
	r->parentflags = (uint32_t)m->parentflags;
	r->refcnt = (uint32_t)m->refcnt;
	r->use = (uint32_t)m->use;
	r->mtu = m->mtu;
	r->expire = m->expire;
	if (ifa->kind == VW_SA_INET)
		ip_fill(ifa, &r->prefsrc);
	return 1;
}
