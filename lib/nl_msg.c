/* SPDX-License-Identifier: ISC */
/*
 * nl_msg.c - rtnetlink messages to vw_event values.
 *
 * One message per call; the caller steps by the returned length.  Every
 * length is checked before the bytes it covers are read, and integers are
 * read byte by byte as little-endian (netlink is host order, and every
 * Linux host we run on is little-endian; see nl_wire.h), so no pointer into
 * the buffer is ever dereferenced as a wider type.  Route messages, the bulk
 * of any dump, take a fast path; see nl_route_fam().
 *
 * Conventions of the events this file writes:
 *  - vw_route.nnh: 0 = a single path (gw/gwkind/ifindex), >= 2 = multipath
 *    with nnh entries in ev->nh_store (route.nh points there).  An
 *    RTA_MULTIPATH carrying exactly one next hop is folded into the single
 *    path form (its RTNH_F_* bits OR-ed into flags, as the kernel itself
 *    reports a one-path route), so one route always decodes the same way
 *    whichever form the sender chose.  More than VW_NH_MAX next hops are
 *    validated but only the first VW_NH_MAX kept.
 *  - IPv6 link-local addresses (fe80::/10) get scope = the interface index
 *    they belong to: a route's gateway and destination take the route's
 *    RTA_OIF (a next hop's gateway its rtnh_ifindex), a neighbour its
 *    ndm_ifindex, an interface address its ifa_index.  The BSD parser does
 *    the same when it undoes KAME embedding, and it keeps Linux's
 *    per-interface fe80::/64 routes apart.
 *  - Route attributes may come in any order.  Of a repeated one the last
 *    counts, as in the kernel's nla_parse().  The kernel never combines
 *    RTA_GATEWAY, RTA_VIA and RTA_MULTIPATH; should a sender do so,
 *    RTA_GATEWAY beats RTA_VIA and a non-empty RTA_MULTIPATH beats both
 *    (and RTA_OIF), whatever their order.
 *  - vw_route.expire is RTA_EXPIRES (seconds left) when present, else 0.
 *    The kernel reports remaining lifetimes only in RTA_CACHEINFO, which is
 *    deliberately ignored: it would make every dump of an RA route differ.
 *  - Cloned routes (RTM_F_CLONED: IPv6 exceptions, the IPv4 cache on old
 *    kernels), families other than inet/inet6 (IPMR, MPLS, bridge fdb), and
 *    RTM_NEW/DELLINK of a family other than AF_UNSPEC (AF_BRIDGE port
 *    notifications; AF_INET6 addrconf notifications, which carry no
 *    IFLA_LINKINFO or IFLA_MASTER) yield no event.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "nl_msg.h"
#include "nl_wire.h"

/* struct vw_nl_hdr begins as struct nlmsghdr does (vw_nl_parse copies it). */
_Static_assert(offsetof(struct vw_nl_hdr, len) == 0 &&
    offsetof(struct vw_nl_hdr, type) == 4 &&
    offsetof(struct vw_nl_hdr, flags) == 6 &&
    offsetof(struct vw_nl_hdr, seq) == 8 &&
    offsetof(struct vw_nl_hdr, pid) == 12, "vw_nl_hdr layout");

/* Where the message being decoded starts, for error reports. */
struct nl_ctx {
	const uint8_t		*msg;
	unsigned long long	 base_off;
	struct vw_perr		*e;
};

static inline uint16_t
ld16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static inline uint32_t
ld32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

/*
 * Error paths are out of line (and marked cold where the compiler knows
 * how) so that the per-attribute loop stays short: the decoder runs for
 * every message of every dump and of every live change.
 */
#if defined(__GNUC__) || defined(__clang__)
#define NL_COLD		__attribute__((cold, noinline))
#define NL_INLINE	inline __attribute__((always_inline))
#define NL_NOINLINE	__attribute__((noinline))
#else
#define NL_COLD
#define NL_INLINE	inline
#define NL_NOINLINE
#endif

/* An attribute that breaks the rules: name it by its absolute offset. */
NL_COLD static int
nl_badattr(const struct nl_ctx *c, const uint8_t *a, const char *what,
    unsigned type, unsigned alen, size_t want)
{
	unsigned long long rel = (unsigned long long)(a - c->msg);

	return vw_perr_set(c->e, c->base_off, VW_EBADATTR,
	    "%s: attribute type %u at offset %llu (+%llu in message): "
	    "length %u, want %zu", what, type, c->base_off + rel, rel, alen,
	    want);
}

/* The attribute at a (left bytes to the end of its container) is bad. */
NL_COLD static int
nl_attr_bad(const struct nl_ctx *c, const uint8_t *a, size_t left)
{
	size_t alen;

	if (left < VW_NL_RTA_HDRLEN)
		return nl_badattr(c, a, "attribute header truncated", 0,
		    (unsigned)left, VW_NL_RTA_HDRLEN);
	alen = ld16(a);
	return nl_badattr(c, a, alen < VW_NL_RTA_HDRLEN ?
	    "rta_len below the header size" :
	    "rta_len past the end of its container",
	    ld16(a + 2) & VW_NL_RTA_TYPE_MASK, (unsigned)alen, left);
}

/*
 * The length of the attribute at a (left bytes to the end of its
 * container), or 0 if it is malformed: the caller then reports it with
 * nl_attr_bad().
 */
static inline size_t
nl_attr_len(const uint8_t *a, size_t left)
{
	size_t alen;

	if (left < VW_NL_RTA_HDRLEN)
		return 0;
	alen = ld16(a);
	if (alen < VW_NL_RTA_HDRLEN || alen > left)
		return 0;
	return alen;
}

NL_COLD static int
nl_addr_bad(const struct nl_ctx *c, const uint8_t *a, size_t plen,
    size_t abytes)
{
	return nl_badattr(c, a, "address length does not match the family",
	    ld16(a + 2) & VW_NL_RTA_TYPE_MASK,
	    (unsigned)(plen + VW_NL_RTA_HDRLEN), abytes + VW_NL_RTA_HDRLEN);
}

/* Payload bytes of an attribute already checked by nl_attr_len(). */
static inline size_t
nl_plen(const uint8_t *a)
{
	return (size_t)ld16(a) - VW_NL_RTA_HDRLEN;
}

/* An address payload of exactly the family's size, else an error. */
static inline int
nl_addr(const struct nl_ctx *c, const uint8_t *a, unsigned fam,
    size_t abytes, struct vw_ip *ip)
{
	size_t plen = nl_plen(a);

	if (plen != abytes)
		return nl_addr_bad(c, a, plen, abytes);
	ip->family = (uint8_t)fam;
	/* Two constant sizes: inlined copies, no memcpy call. */
	if (abytes == 4)
		memcpy(ip->a, a + VW_NL_RTA_HDRLEN, 4);
	else
		memcpy(ip->a, a + VW_NL_RTA_HDRLEN, 16);
	return 0;
}

NL_COLD static int
nl_u32_bad(const struct nl_ctx *c, const uint8_t *a, size_t plen)
{
	return nl_badattr(c, a, "u32 attribute of the wrong size",
	    ld16(a + 2) & VW_NL_RTA_TYPE_MASK,
	    (unsigned)(plen + VW_NL_RTA_HDRLEN), 8);
}

/* A u32 payload, else an error. */
static inline int
nl_u32(const struct nl_ctx *c, const uint8_t *a, uint32_t *v)
{
	size_t plen = nl_plen(a);

	if (plen != 4)
		return nl_u32_bad(c, a, plen);
	*v = ld32(a + VW_NL_RTA_HDRLEN);
	return 0;
}

/* Copy a (maybe unterminated) string attribute into a VW_IFNAMSIZ field. */
static inline void
nl_str(const uint8_t *p, size_t plen, char *dst)
{
	size_t n = 0;

	while (n < plen && n < VW_IFNAMSIZ - 1 && p[n] != '\0')
		n++;
	memcpy(dst, p, n);
	dst[n] = '\0';
}

static inline int
nl_is_ll6(const struct vw_ip *ip)
{
	return ip->family == VW_AF_INET6 && ip->a[0] == 0xfe &&
	    (ip->a[1] & 0xc0) == 0x80;
}

/*
 * Prefix masks: row p holds the first 8 bytes (network order) of a p-bit
 * mask, p = 0..64.  An IPv4 destination is masked with the first 4 bytes of
 * row plen, an IPv6 one with rows min(plen, 64) and max(plen - 64, 0).  The
 * rows are ANDed as words loaded with memcpy, which is byte-wise and so the
 * same on any host byte order; a table lookup costs less than building
 * the mask with shifts and byte swaps, and this runs for every route.
 */
/* (The & 7 only keeps the shift of the branch not taken non-negative.) */
#define NL_MB(p, i)	((p) >= 8 * (i) + 8 ? 0xff : (p) <= 8 * (i) ? 0 : \
    (0xff00 >> ((unsigned)((p) - 8 * (i)) & 7)) & 0xff)
#define NL_MROW(p)	{ NL_MB(p, 0), NL_MB(p, 1), NL_MB(p, 2), \
    NL_MB(p, 3), NL_MB(p, 4), NL_MB(p, 5), NL_MB(p, 6), NL_MB(p, 7) }
#define NL_MROW8(p)	NL_MROW(p), NL_MROW(p + 1), NL_MROW(p + 2), \
    NL_MROW(p + 3), NL_MROW(p + 4), NL_MROW(p + 5), NL_MROW(p + 6), \
    NL_MROW(p + 7)
static const uint8_t nl_pmask[65][8] = {
	NL_MROW8(0), NL_MROW8(8), NL_MROW8(16), NL_MROW8(24), NL_MROW8(32),
	NL_MROW8(40), NL_MROW8(48), NL_MROW8(56), NL_MROW(64)
};
#undef NL_MROW8
#undef NL_MROW
#undef NL_MB

/* Copy an address of abytes (4 or 16) from p into a, masked to plen bits. */
static inline void
nl_copy_masked(uint8_t *a, const uint8_t *p, unsigned plen, size_t abytes)
{
	uint64_t hi, lo, mhi, mlo;
	uint32_t w, m;

	if (abytes == 4) {
		memcpy(&w, p, 4);
		memcpy(&m, nl_pmask[plen], 4);
		w &= m;
		memcpy(a, &w, 4);
		return;
	}
	memcpy(&hi, p, 8);
	memcpy(&lo, p + 8, 8);
	memcpy(&mhi, nl_pmask[plen < 64 ? plen : 64], 8);
	memcpy(&mlo, nl_pmask[plen > 64 ? plen - 64 : 0], 8);
	hi &= mhi;
	lo &= mlo;
	memcpy(a, &hi, 8);
	memcpy(a + 8, &lo, 8);
}

/* Copy an address of abytes (4 or 16): constant sizes, no memcpy call. */
static inline void
nl_copy_addr(uint8_t *a, const uint8_t *p, size_t abytes)
{
	if (abytes == 4)
		memcpy(a, p, 4);
	else
		memcpy(a, p, 16);
}

static inline void
nl_origin(struct vw_event *ev, const struct vw_nl_hdr *h,
    unsigned long long base_off)
{
	struct vw_origin *o = &ev->origin;

	o->os = VW_OS_LINUX;
	o->dump = (h->flags & VW_NL_NLM_F_MULTI) != 0;
	o->msg_type = h->type;
	o->msg_pid = (int32_t)h->pid;
	o->msg_seq = h->seq;
	o->msg_flags = h->flags;
	o->msg_off = base_off;
}

static int
nl_famhdr_short(const struct nl_ctx *c, const char *what, size_t mlen,
    size_t need)
{
	return vw_perr_set(c->e, c->base_off, VW_ETRUNC,
	    "%s header does not fit: nlmsg_len %zu, need %zu", what, mlen,
	    need);
}

/* ---- routes ----------------------------------------------------------- */

/* RTA_VIA: struct rtvia {u16 family (host order); address}. */
/*
 * A netlink address family as vmwatch's, with its address size; 0 for
 * families that carry no IP address (AF_BRIDGE fdb, MPLS ...).
 */
static unsigned
nl_family(unsigned af, size_t *abytes)
{
	if (af == VW_NL_AF_INET) {
		*abytes = 4;
		return VW_AF_INET;
	}
	if (af == VW_NL_AF_INET6) {
		*abytes = 16;
		return VW_AF_INET6;
	}
	return 0;
}

static int
nl_via(const struct nl_ctx *c, const uint8_t *a, struct vw_ip *gw)
{
	const uint8_t *p = a + VW_NL_RTA_HDRLEN;
	size_t plen = nl_plen(a), need;
	unsigned fam;

	if (plen < VW_NL_RTVIA_HDRLEN)
		return nl_badattr(c, a, "RTA_VIA shorter than its family",
		    VW_NL_RTA_VIA, (unsigned)(plen + VW_NL_RTA_HDRLEN),
		    VW_NL_RTA_HDRLEN + VW_NL_RTVIA_HDRLEN);
	if ((fam = nl_family(ld16(p), &need)) == 0)
		return 0;	/* MPLS/AF_PACKET vias: not an IP gateway */
	if (plen != VW_NL_RTVIA_HDRLEN + need)
		return nl_badattr(c, a, "RTA_VIA address length does not "
		    "match its family", VW_NL_RTA_VIA,
		    (unsigned)(plen + VW_NL_RTA_HDRLEN),
		    VW_NL_RTA_HDRLEN + VW_NL_RTVIA_HDRLEN + need);
	gw->family = (uint8_t)fam;
	memcpy(gw->a, p + VW_NL_RTVIA_HDRLEN, need);
	return 0;
}

/* RTA_METRICS: nested RTAX_*; only the MTU is kept. */
static int
nl_metrics(const struct nl_ctx *c, const uint8_t *p, size_t n,
    struct vw_route *r)
{
	size_t off = 0, alen;

	while (off < n) {
		if ((alen = nl_attr_len(p + off, n - off)) == 0)
			return nl_attr_bad(c, p + off, n - off);
		if ((ld16(p + off + 2) & VW_NL_RTA_TYPE_MASK) ==
		    VW_NL_RTAX_MTU &&
		    nl_u32(c, p + off, &r->mtu) != 0)
			return VW_EBADATTR;
		off += VW_NL_RTA_ALIGN(alen);
	}
	return 0;
}

/* RTA_MULTIPATH: a run of struct rtnexthop, each with nested RTA_*. */
static int
nl_multipath(const struct nl_ctx *c, const uint8_t *p, size_t n,
    unsigned fam, size_t abytes, struct vw_event *ev)
{
	struct vw_route *r = &ev->u.route;
	struct vw_nexthop *nh;
	size_t off = 0, nlen, aoff, alen;
	unsigned count = 0, type;

	while (off < n) {
		if (n - off < VW_NL_RTNH_LEN) {
			nl_badattr(c, p + off, "rtnexthop truncated",
			    VW_NL_RTA_MULTIPATH, (unsigned)(n - off),
			    VW_NL_RTNH_LEN);
			return VW_EBADATTR;
		}
		nlen = ld16(p + off);
		if (nlen < VW_NL_RTNH_LEN || nlen > n - off) {
			nl_badattr(c, p + off, nlen < VW_NL_RTNH_LEN ?
			    "rtnh_len below the rtnexthop size" :
			    "rtnh_len past the end of RTA_MULTIPATH",
			    VW_NL_RTA_MULTIPATH, (unsigned)nlen, n - off);
			return VW_EBADATTR;
		}
		/* Past VW_NH_MAX: still validated, not stored. */
		nh = count < VW_NH_MAX ? &ev->nh_store[count] : NULL;
		if (nh != NULL) {
			memset(nh, 0, sizeof(*nh));
			nh->flags = p[off + 2];
			/* rtnh_hops is weight - 1; weight 256 saturates. */
			nh->weight = p[off + 3] == 255 ? 255 :
			    (uint8_t)(p[off + 3] + 1);
			nh->ifindex = ld32(p + off + 4);
		}
		for (aoff = VW_NL_RTNH_LEN; aoff < nlen;
		    aoff += VW_NL_RTA_ALIGN(alen)) {
			const uint8_t *a = p + off + aoff;
			struct vw_ip tmp;

			if ((alen = nl_attr_len(a, nlen - aoff)) == 0)
				return nl_attr_bad(c, a, nlen - aoff);
			type = ld16(a + 2) & VW_NL_RTA_TYPE_MASK;
			memset(&tmp, 0, sizeof(tmp));
			if (type == VW_NL_RTA_GATEWAY) {
				if (nl_addr(c, a, fam, abytes, &tmp) != 0)
					return VW_EBADATTR;
			} else if (type == VW_NL_RTA_VIA) {
				if (nl_via(c, a, &tmp) != 0)
					return VW_EBADATTR;
			} else
				continue;
			if (nh != NULL && tmp.family != VW_AF_NONE) {
				nh->gw = tmp;
				if (nl_is_ll6(&nh->gw))
					nh->gw.scope = nh->ifindex;
			}
		}
		count++;
		off += VW_NL_RTNH_ALIGN(nlen);
	}
	if (count == 1) {
		/* One path: the single-path form (see the top comment). */
		nh = &ev->nh_store[0];
		r->gw = nh->gw;
		r->gwkind = nh->gw.family != VW_AF_NONE ? VW_GW_IP : VW_GW_NONE;
		r->ifindex = nh->ifindex;
		r->flags |= nh->flags;
		r->nnh = 0;
		r->nh = NULL;
	} else if (count >= 2) {
		r->nnh = (uint8_t)(count < VW_NH_MAX ? count : VW_NH_MAX);
		r->nh = ev->nh_store;
		r->gwkind = VW_GW_NONE;
	}
	return 0;
}

/*
 * The attribute table of one route message (nl_route_rest): slot t holds
 * the RTA_* type t (all that the decoder uses are below 32); every other
 * type goes to slot 0, RTA_UNSPEC, which nothing reads.  A bit in `seen`
 * says a slot is filled, so the table needs no clearing.
 */
#define NL_RT_SLOTS	32
#define NL_BIT(t)	((uint32_t)1 << (t))
/* nl_route_fam() clears the whole union, as vw_event_init() does. */
_Static_assert(offsetof(struct vw_event, old) - offsetof(struct vw_event, u) ==
    sizeof(struct vw_route), "the route is the largest member of vw_event.u");
/* Error reports rebuild the context; the hot path never stores it. */
#define NL_CTX(m, base_off, e)	(&(struct nl_ctx){ (m), (base_off), (e) })

/*
 * The attribute at *p (*rem bytes left, >= 0) if its header is exactly
 * hdr (rta_len | rta_type << 16, a payload of a fixed size) and it fits
 * whole, padding included; NULL otherwise.  Steps past it when taken.
 */
#define NL_HDR(plen, type)	((uint32_t)(VW_NL_RTA_HDRLEN + (plen)) | \
    (uint32_t)(type) << 16)
static NL_INLINE const uint8_t *
nl_take(const uint8_t **p, ptrdiff_t *rem, uint32_t hdr)
{
	ptrdiff_t step = (ptrdiff_t)VW_NL_RTA_ALIGN(hdr & 0xffff);
	const uint8_t *a = *p;

	if (*rem < step || ld32(a) != hdr)
		return NULL;
	*p += step;
	*rem -= step;
	return a + VW_NL_RTA_HDRLEN;
}

/*
 * Steps 2 and 3 of nl_route_fam() below, from p (rem > 0 bytes left) on:
 * out of line, so that the common path keeps its registers.
 */
static NL_NOINLINE int
nl_route_rest(const uint8_t *m, const uint8_t *p, ptrdiff_t rem,
    unsigned long long base_off, struct vw_perr *e, struct vw_event *ev,
    unsigned fam, size_t abytes, unsigned dst_len)
{
	const uint8_t *at[NL_RT_SLOTS], *a;
	struct vw_route *r = &ev->u.route;
	uint32_t seen;
	size_t off, alen;
	unsigned t;

	/*
	 * Step 2.  rem is now the bytes from the attribute at off to the end
	 * of the message, less an attribute header; signed, because the step
	 * past the last attribute may overshoot the end by its missing
	 * padding.
	 */
	seen = 0;
	off = (size_t)(p - m);
	for (rem -= VW_NL_RTA_HDRLEN; rem >= 0;
	    off += alen, rem -= (ptrdiff_t)alen) {
		a = m + off;
		alen = ld16(a);
		/* 4 <= alen <= rem + 4 in one unsigned compare. */
		if (alen - VW_NL_RTA_HDRLEN > (size_t)rem)
			return nl_attr_bad(NL_CTX(m, base_off, e), a,
			    (size_t)rem + VW_NL_RTA_HDRLEN);
		t = ld16(a + 2) & VW_NL_RTA_TYPE_MASK;
		t = t < NL_RT_SLOTS ? t : 0;
		at[t] = a;
		seen |= NL_BIT(t);
		alen = VW_NL_RTA_ALIGN(alen);
	}
	/*
	 * Exactly at the end, or past it by the last attribute's missing
	 * padding (rem -7..-4); 1 to 3 stray bytes (rem -3..-1) are an error.
	 */
	if (rem > -VW_NL_RTA_HDRLEN)
		return nl_attr_bad(NL_CTX(m, base_off, e), m + off,
		    (size_t)(rem + VW_NL_RTA_HDRLEN));

	/* Step 3. */
	if (seen & NL_BIT(VW_NL_RTA_TABLE)) {
		a = at[VW_NL_RTA_TABLE];
		if (nl_plen(a) != 4)
			goto bad_u32;
		r->table = ld32(a + VW_NL_RTA_HDRLEN);
	}
	if (seen & NL_BIT(VW_NL_RTA_DST)) {
		a = at[VW_NL_RTA_DST];
		if (nl_plen(a) != abytes)
			goto bad_addr;
		nl_copy_masked(r->dst.a, a + VW_NL_RTA_HDRLEN, dst_len,
		    abytes);
	}
	if (seen & NL_BIT(VW_NL_RTA_SRC)) {
		/* Checked, not kept: source routes are rare. */
		a = at[VW_NL_RTA_SRC];
		if (nl_plen(a) != abytes)
			goto bad_addr;
	}
	if (seen & NL_BIT(VW_NL_RTA_OIF)) {
		a = at[VW_NL_RTA_OIF];
		if (nl_plen(a) != 4)
			goto bad_u32;
		r->ifindex = ld32(a + VW_NL_RTA_HDRLEN);
	}
	if (seen & NL_BIT(VW_NL_RTA_PRIORITY)) {
		a = at[VW_NL_RTA_PRIORITY];
		if (nl_plen(a) != 4)
			goto bad_u32;
		r->metric = ld32(a + VW_NL_RTA_HDRLEN);
	}
	if (seen & NL_BIT(VW_NL_RTA_PREFSRC)) {
		a = at[VW_NL_RTA_PREFSRC];
		if (nl_plen(a) != abytes)
			goto bad_addr;
		r->prefsrc.family = (uint8_t)fam;
		nl_copy_addr(r->prefsrc.a, a + VW_NL_RTA_HDRLEN, abytes);
	}
	if (seen & NL_BIT(VW_NL_RTA_EXPIRES)) {
		a = at[VW_NL_RTA_EXPIRES];
		if (nl_plen(a) != 4)
			goto bad_u32;
		r->expire = ld32(a + VW_NL_RTA_HDRLEN);
	}
	if (seen & NL_BIT(VW_NL_RTA_METRICS)) {
		a = at[VW_NL_RTA_METRICS];
		if (nl_metrics(NL_CTX(m, base_off, e), a + VW_NL_RTA_HDRLEN,
		    nl_plen(a), r) != 0)
			return VW_EBADATTR;
	}
	if (seen & NL_BIT(VW_NL_RTA_GATEWAY)) {
		a = at[VW_NL_RTA_GATEWAY];
		if (nl_plen(a) != abytes)
			goto bad_addr;
		r->gw.family = (uint8_t)fam;
		nl_copy_addr(r->gw.a, a + VW_NL_RTA_HDRLEN, abytes);
		r->gwkind = VW_GW_IP;
	}
	if (seen & NL_BIT(VW_NL_RTA_VIA)) {
		/* An IPv4 route via an IPv6 next hop (Linux 5.2+). */
		struct vw_ip via;

		memset(&via, 0, sizeof(via));
		if (nl_via(NL_CTX(m, base_off, e), at[VW_NL_RTA_VIA], &via) !=
		    0)
			return VW_EBADATTR;
		/* Step 1 or this one took a GATEWAY: it wins. */
		if (via.family != VW_AF_NONE && r->gwkind == VW_GW_NONE) {
			r->gw = via;
			r->gwkind = VW_GW_IP;
		}
	}
	if (seen & NL_BIT(VW_NL_RTA_MULTIPATH)) {
		a = at[VW_NL_RTA_MULTIPATH];
		if (nl_multipath(NL_CTX(m, base_off, e), a + VW_NL_RTA_HDRLEN,
		    nl_plen(a), fam, abytes, ev) != 0)
			return VW_EBADATTR;
	}
	/* RTA_VIA can give an IPv4 route an IPv6 link-local gateway. */
	if (fam == VW_AF_INET && nl_is_ll6(&r->gw))
		r->gw.scope = r->ifindex;
	return 0;

bad_addr:
	return nl_addr_bad(NL_CTX(m, base_off, e), a, nl_plen(a), abytes);
bad_u32:
	return nl_u32_bad(NL_CTX(m, base_off, e), a, nl_plen(a));
}

/*
 * RTM_NEWROUTE / RTM_DELROUTE of one family (fam and abytes are constants
 * at each of the two call sites, so each family gets code with fixed-size
 * address copies).  Returns 1 (an event), 0 (none: a cloned route) or a
 * negative VW_E* code.  The attributes are read in up to three steps:
 *  1. The kernel writes them in one order (seen on Linux 6.18, from
 *     fib_dump_info() and rt6_fill_node(): TABLE, DST, then PRIORITY,
 *     PREFSRC (IPv6: PREFSRC, PRIORITY; METRICS sits between the two in
 *     both), GATEWAY, OIF, then IPv6 CACHEINFO, PREF).  While the message
 *     follows that order, each attribute is taken with one compare of its
 *     whole header (type and exact size) and its payload stored at once,
 *     the cost of a switch per attribute avoided.  Most routes (all but
 *     those with METRICS, MULTIPATH, NH_ID ...) are decoded by it alone.
 *  2. From the first attribute out of that order on (nl_route_rest), one
 *     pass checks the framing of each (rta_len within the message) and
 *     records where it is in a table indexed by type, without a
 *     per-attribute switch; the last of repeated attributes counts, the
 *     earlier ones are checked for framing only.
 *  3. The fields are taken from that table in a fixed order, each payload
 *     checked for its exact size; the order gives the precedence the top
 *     comment states, and lets these override what step 1 took (they come
 *     later in the message).
 */
static NL_INLINE int
nl_route_fam(const uint8_t *m, size_t mlen, unsigned long long base_off,
    struct vw_event *ev, struct vw_perr *e, unsigned fam, size_t abytes)
{
	const uint8_t *rt = m + VW_NL_NLMSG_HDRLEN, *a, *p;
	struct vw_route *r = &ev->u.route;
	struct vw_origin *o = &ev->origin;
	unsigned type = ld16(m + 4), flags = ld16(m + 6);
	unsigned dst_len, rtype;
	uint32_t rflags;
	ptrdiff_t rem;
	int rc;

	rflags = ld32(rt + VW_NL_RTM_FLAGS_OFF);
	if (rflags & VW_NL_RTM_F_CLONED)
		return 0;
	dst_len = rt[VW_NL_RTM_DST_LEN_OFF];
	if (dst_len > abytes * 8)
		return vw_perr_set(e, base_off, VW_EBADLEN,
		    "rtm_dst_len %u exceeds %zu bits", dst_len, abytes * 8);

	/*
	 * What vw_event_init() clears (the header, the origin, the union),
	 * inline and in pieces of at most 64 bytes: GCC expands those into a
	 * few vector stores, a larger memset into `rep stos` (x86-64, generic
	 * tuning), which costs several times more on this path.
	 */
	memset(ev, 0, offsetof(struct vw_event, u));
	memset(r, 0, offsetof(struct vw_route, lgw));
	memset(&r->lgw, 0, offsetof(struct vw_route, ifindex) -
	    offsetof(struct vw_route, lgw));
	memset(&r->ifindex, 0, sizeof(*r) - offsetof(struct vw_route, ifindex));
	/* route.add, or route.change (asserted add + 2) with NLM_F_REPLACE. */
	ev->kind = (uint16_t)(type == VW_NL_RTM_DELROUTE ? VW_EV_ROUTE_DELETE :
	    VW_EV_ROUTE_ADD + ((flags & VW_NL_NLM_F_REPLACE) >> 7));
	r->dst.family = (uint8_t)fam;
	r->plen = (uint8_t)dst_len;
	/* RTN_UNICAST..RTN_THROW are 1..9, enum vw_rtype lists them from 0. */
	rtype = rt[VW_NL_RTM_TYPE_OFF] - 1u;
	if (rtype > VW_RT_OTHER)
		rtype = VW_RT_OTHER;
	r->type = (uint8_t)rtype;
	/* rtm_protocol, rtm_scope: adjacent in both (asserted below). */
	memcpy(&r->proto, rt + VW_NL_RTM_PROTOCOL_OFF, 2);
	r->flags = rflags;

	/* Step 1: the kernel's order (mlen <= 0x7ffffff0: rem fits). */
	p = rt + VW_NL_RTMSG_LEN;
	rem = (ptrdiff_t)(mlen - VW_NL_NLMSG_HDRLEN - VW_NL_RTMSG_LEN);
	if ((a = nl_take(&p, &rem, NL_HDR(4, VW_NL_RTA_TABLE))) != NULL)
		r->table = ld32(a);
	else
		r->table = rt[VW_NL_RTM_TABLE_OFF];	/* ids < 256 only */
	if ((a = nl_take(&p, &rem, NL_HDR(abytes, VW_NL_RTA_DST))) != NULL)
		nl_copy_masked(r->dst.a, a, dst_len, abytes);
	if (fam == VW_AF_INET &&
	    (a = nl_take(&p, &rem, NL_HDR(4, VW_NL_RTA_PRIORITY))) != NULL)
		r->metric = ld32(a);
	if ((a = nl_take(&p, &rem, NL_HDR(abytes, VW_NL_RTA_PREFSRC))) !=
	    NULL) {
		r->prefsrc.family = (uint8_t)fam;
		nl_copy_addr(r->prefsrc.a, a, abytes);
	}
	if (fam == VW_AF_INET6 &&
	    (a = nl_take(&p, &rem, NL_HDR(4, VW_NL_RTA_PRIORITY))) != NULL)
		r->metric = ld32(a);
	if ((a = nl_take(&p, &rem, NL_HDR(abytes, VW_NL_RTA_GATEWAY))) !=
	    NULL) {
		r->gw.family = (uint8_t)fam;
		nl_copy_addr(r->gw.a, a, abytes);
		r->gwkind = VW_GW_IP;
	}
	if ((a = nl_take(&p, &rem, NL_HDR(4, VW_NL_RTA_OIF))) != NULL)
		r->ifindex = ld32(a);
	if (fam == VW_AF_INET6) {
		/* Not kept (see the top comment), only stepped over. */
		nl_take(&p, &rem, NL_HDR(32, VW_NL_RTA_CACHEINFO));
		nl_take(&p, &rem, NL_HDR(1, VW_NL_RTA_PREF));
	}
	if (rem != 0 && (rc = nl_route_rest(m, p, rem, base_off, e, ev, fam,
	    abytes, dst_len)) < 0)
		return rc;

	if (fam == VW_AF_INET6) {
		if (nl_is_ll6(&r->gw))
			r->gw.scope = r->ifindex;
		if (nl_is_ll6(&r->dst))
			r->dst.scope = r->ifindex;
	}
	o->os = VW_OS_LINUX;
	o->dump = (flags & VW_NL_NLM_F_MULTI) != 0;
	o->msg_type = (uint16_t)type;
	o->msg_pid = (int32_t)ld32(m + 12);
	o->msg_seq = ld32(m + 8);
	o->msg_flags = flags;
	o->msg_off = base_off;
	return 1;
}
_Static_assert(VW_EV_ROUTE_CHANGE == VW_EV_ROUTE_ADD + 2 &&
    VW_NL_NLM_F_REPLACE >> 7 == 2, "route kinds");
_Static_assert(offsetof(struct vw_route, scope) ==
    offsetof(struct vw_route, proto) + 1 &&
    VW_NL_RTM_SCOPE_OFF == VW_NL_RTM_PROTOCOL_OFF + 1, "proto, scope");

static NL_INLINE int
nl_route(const uint8_t *m, size_t mlen, unsigned long long base_off,
    struct vw_event *ev, struct vw_perr *e)
{
	if (mlen < VW_NL_NLMSG_HDRLEN + VW_NL_RTMSG_LEN)
		return nl_famhdr_short(NL_CTX(m, base_off, e), "rtmsg", mlen,
		    VW_NL_NLMSG_HDRLEN + VW_NL_RTMSG_LEN);
	switch (m[VW_NL_NLMSG_HDRLEN + VW_NL_RTM_FAMILY_OFF]) {
	case VW_NL_AF_INET:
		return nl_route_fam(m, mlen, base_off, ev, e, VW_AF_INET, 4);
	case VW_NL_AF_INET6:
		return nl_route_fam(m, mlen, base_off, ev, e, VW_AF_INET6, 16);
	default:
		return 0;	/* IPMR, MPLS, bridge: not IP routes */
	}
}

/* ---- neighbours ------------------------------------------------------- */

static NL_NOINLINE int
nl_neigh(const struct nl_ctx *c, const struct vw_nl_hdr *h, size_t mlen,
    struct vw_event *ev, int *nev)
{
	const uint8_t *m = c->msg, *nd = m + VW_NL_NLMSG_HDRLEN, *a;
	struct vw_neigh *n;
	size_t off, alen, plen, abytes;
	unsigned fam;
	int have_dst = 0;

	if (mlen < VW_NL_NLMSG_HDRLEN + VW_NL_NDMSG_LEN)
		return nl_famhdr_short(c, "ndmsg", mlen,
		    VW_NL_NLMSG_HDRLEN + VW_NL_NDMSG_LEN);
	if ((fam = nl_family(nd[VW_NL_NDM_FAMILY_OFF], &abytes)) == 0)
		return 0;	/* AF_BRIDGE fdb entries and the like */

	vw_event_init(ev, h->type == VW_NL_RTM_DELNEIGH ?
	    VW_EV_NEIGH_DELETE : VW_EV_NEIGH_ADD);
	n = &ev->u.neigh;
	n->ifindex = ld32(nd + VW_NL_NDM_IFINDEX_OFF);
	n->state = ld16(nd + VW_NL_NDM_STATE_OFF);
	n->flags = nd[VW_NL_NDM_FLAGS_OFF];
	n->nflags = (uint8_t)(((n->flags & VW_NL_NTF_ROUTER) ?
	    VW_NF_ROUTER : 0) | ((n->flags & VW_NL_NTF_PROXY) ?
	    VW_NF_PROXY : 0));

	for (off = VW_NL_NLMSG_HDRLEN + VW_NL_NDMSG_LEN; off < mlen;
	    off += VW_NL_RTA_ALIGN(alen)) {
		a = m + off;
		if ((alen = nl_attr_len(a, mlen - off)) == 0)
			return nl_attr_bad(c, a, mlen - off);
		plen = alen - VW_NL_RTA_HDRLEN;
		switch (ld16(a + 2) & VW_NL_RTA_TYPE_MASK) {
		case VW_NL_NDA_DST:
			if (nl_addr(c, a, fam, abytes, &n->addr) != 0)
				return VW_EBADATTR;
			have_dst = 1;
			break;
		case VW_NL_NDA_LLADDR:
			/* Longer than we can hold (InfiniBand: 20): none. */
			if (plen <= VW_LLADDR_MAX) {
				n->ll.len = (uint8_t)plen;
				memcpy(n->ll.a, a + VW_NL_RTA_HDRLEN, plen);
			}
			break;
		default:
			break;
		}
	}
	if (!have_dst)
		return 0;	/* nothing to key it on (kernels send it) */
	if (nl_is_ll6(&n->addr))
		n->addr.scope = n->ifindex;
	nl_origin(ev, h, c->base_off);
	*nev = 1;
	return 0;
}

/* ---- links ------------------------------------------------------------ */

static uint8_t
nl_link_type(unsigned arphrd, const char *kind)
{
	if (kind[0] != '\0') {
		if (strcmp(kind, "bridge") == 0)
			return VW_LT_BRIDGE;
		if (strcmp(kind, "vlan") == 0)
			return VW_LT_VLAN;
		if (strcmp(kind, "tun") == 0 || strcmp(kind, "wireguard") == 0)
			return VW_LT_TUNNEL;
	}
	switch (arphrd) {
	case VW_NL_ARPHRD_ETHER:
		return VW_LT_ETHER;
	case VW_NL_ARPHRD_LOOPBACK:
		return VW_LT_LOOPBACK;
	case VW_NL_ARPHRD_PPP:
		return VW_LT_PPP;
	case VW_NL_ARPHRD_NONE:
	case VW_NL_ARPHRD_TUNNEL:
	case VW_NL_ARPHRD_TUNNEL6:
	case VW_NL_ARPHRD_SIT:
	case VW_NL_ARPHRD_IPGRE:
	case VW_NL_ARPHRD_IP6GRE:
		return VW_LT_TUNNEL;
	default:
		return VW_LT_OTHER;
	}
}

static uint32_t
nl_link_flags(uint32_t f)
{
	uint32_t lf = 0;

	if (f & VW_NL_IFF_UP)		lf |= VW_LF_UP;
	if (f & VW_NL_IFF_RUNNING)	lf |= VW_LF_RUNNING;
	if (f & VW_NL_IFF_LOOPBACK)	lf |= VW_LF_LOOPBACK;
	if (f & VW_NL_IFF_POINTOPOINT)	lf |= VW_LF_P2P;
	if (f & VW_NL_IFF_BROADCAST)	lf |= VW_LF_BROADCAST;
	if (f & VW_NL_IFF_MULTICAST)	lf |= VW_LF_MULTICAST;
	if (f & VW_NL_IFF_NOARP)	lf |= VW_LF_NOARP;
	if (f & VW_NL_IFF_PROMISC)	lf |= VW_LF_PROMISC;
	if (f & VW_NL_IFF_LOWER_UP)	lf |= VW_LF_LOWER_UP;
	return lf;
}

/* IFLA_LINKINFO: nested IFLA_INFO_*; only the kind is kept. */
static int
nl_linkinfo(const struct nl_ctx *c, const uint8_t *p, size_t n,
    struct vw_link *l)
{
	size_t off = 0, alen;

	while (off < n) {
		if ((alen = nl_attr_len(p + off, n - off)) == 0)
			return nl_attr_bad(c, p + off, n - off);
		if ((ld16(p + off + 2) & VW_NL_RTA_TYPE_MASK) ==
		    VW_NL_IFLA_INFO_KIND)
			nl_str(p + off + VW_NL_RTA_HDRLEN,
			    alen - VW_NL_RTA_HDRLEN, l->kind);
		off += VW_NL_RTA_ALIGN(alen);
	}
	return 0;
}

static NL_NOINLINE int
nl_link(const struct nl_ctx *c, const struct vw_nl_hdr *h, size_t mlen,
    struct vw_event *ev, int *nev)
{
	const uint8_t *m = c->msg, *ifi = m + VW_NL_NLMSG_HDRLEN, *a;
	struct vw_link *l;
	size_t off, alen, plen;

	if (mlen < VW_NL_NLMSG_HDRLEN + VW_NL_IFINFOMSG_LEN)
		return nl_famhdr_short(c, "ifinfomsg", mlen,
		    VW_NL_NLMSG_HDRLEN + VW_NL_IFINFOMSG_LEN);
	/*
	 * Linux sends per-family link messages besides the real one:
	 * AF_BRIDGE for bridge ports (also an RTM_DELLINK when a port merely
	 * leaves its bridge), AF_INET6 from addrconf.  They describe a facet
	 * of a link, not the link, so they are not link events.
	 */
	if (ifi[VW_NL_IFI_FAMILY_OFF] != VW_NL_AF_UNSPEC)
		return 0;

	vw_event_init(ev, h->type == VW_NL_RTM_DELLINK ? VW_EV_LINK_DELETE :
	    VW_EV_LINK_CHANGE);
	l = &ev->u.link;
	l->os_type = ld16(ifi + VW_NL_IFI_TYPE_OFF);
	l->index = ld32(ifi + VW_NL_IFI_INDEX_OFF);
	l->flags = ld32(ifi + VW_NL_IFI_FLAGS_OFF);
	l->lflags = nl_link_flags(l->flags);
	l->have = VW_LH_TYPE;

	for (off = VW_NL_NLMSG_HDRLEN + VW_NL_IFINFOMSG_LEN; off < mlen;
	    off += VW_NL_RTA_ALIGN(alen)) {
		a = m + off;
		if ((alen = nl_attr_len(a, mlen - off)) == 0)
			return nl_attr_bad(c, a, mlen - off);
		plen = alen - VW_NL_RTA_HDRLEN;
		switch (ld16(a + 2) & VW_NL_RTA_TYPE_MASK) {
		case VW_NL_IFLA_IFNAME:
			nl_str(a + VW_NL_RTA_HDRLEN, plen, l->name);
			l->have |= VW_LH_NAME;
			break;
		case VW_NL_IFLA_ADDRESS:
			/* Longer than we can hold (InfiniBand: 20): none. */
			if (plen <= VW_LLADDR_MAX) {
				l->ll.len = (uint8_t)plen;
				memcpy(l->ll.a, a + VW_NL_RTA_HDRLEN, plen);
				l->have |= VW_LH_LL;
			}
			break;
		case VW_NL_IFLA_MTU:
			if (nl_u32(c, a, &l->mtu) != 0)
				return VW_EBADATTR;
			l->have |= VW_LH_MTU;
			break;
		case VW_NL_IFLA_MASTER:
			if (nl_u32(c, a, &l->master) != 0)
				return VW_EBADATTR;
			break;
		case VW_NL_IFLA_OPERSTATE:
			if (plen < 1)
				return nl_badattr(c, a, "IFLA_OPERSTATE empty",
				    VW_NL_IFLA_OPERSTATE, (unsigned)alen,
				    VW_NL_RTA_HDRLEN + 1);
			l->operstate = a[VW_NL_RTA_HDRLEN];
			break;
		case VW_NL_IFLA_LINKINFO:
			if (nl_linkinfo(c, a + VW_NL_RTA_HDRLEN, plen, l) != 0)
				return VW_EBADATTR;
			break;
		default:
			break;
		}
	}
	l->type = nl_link_type(l->os_type, l->kind);
	nl_origin(ev, h, c->base_off);
	*nev = 1;
	return 0;
}

/* ---- interface addresses ---------------------------------------------- */

static NL_NOINLINE int
nl_ifaddr(const struct nl_ctx *c, const struct vw_nl_hdr *h, size_t mlen,
    struct vw_event *ev, int *nev)
{
	const uint8_t *m = c->msg, *ifa = m + VW_NL_NLMSG_HDRLEN, *a;
	struct vw_ifaddr *ia;
	struct vw_ip address, local, brd;
	size_t off, alen, plen, abytes;
	unsigned fam, prefixlen;
	uint32_t fl = 0;
	int have_flags = 0;

	if (mlen < VW_NL_NLMSG_HDRLEN + VW_NL_IFADDRMSG_LEN)
		return nl_famhdr_short(c, "ifaddrmsg", mlen,
		    VW_NL_NLMSG_HDRLEN + VW_NL_IFADDRMSG_LEN);
	if ((fam = nl_family(ifa[VW_NL_IFA_FAMILY_OFF], &abytes)) == 0)
		return 0;
	prefixlen = ifa[VW_NL_IFA_PREFIXLEN_OFF];
	if (prefixlen > abytes * 8)
		return vw_perr_set(c->e, c->base_off, VW_EBADLEN,
		    "ifa_prefixlen %u exceeds %zu bits", prefixlen,
		    abytes * 8);

	vw_event_init(ev, h->type == VW_NL_RTM_DELADDR ? VW_EV_ADDR_DELETE :
	    VW_EV_ADDR_ADD);
	ia = &ev->u.addr;
	ia->plen = (uint8_t)prefixlen;
	ia->scope = ifa[VW_NL_IFA_SCOPE_OFF];
	ia->ifindex = ld32(ifa + VW_NL_IFA_INDEX_OFF);
	ia->flags = ifa[VW_NL_IFA_FLAGS_OFF];
	address.family = local.family = brd.family = VW_AF_NONE;

	for (off = VW_NL_NLMSG_HDRLEN + VW_NL_IFADDRMSG_LEN; off < mlen;
	    off += VW_NL_RTA_ALIGN(alen)) {
		a = m + off;
		if ((alen = nl_attr_len(a, mlen - off)) == 0)
			return nl_attr_bad(c, a, mlen - off);
		plen = alen - VW_NL_RTA_HDRLEN;
		switch (ld16(a + 2) & VW_NL_RTA_TYPE_MASK) {
		case VW_NL_IFA_ADDRESS:
			memset(&address, 0, sizeof(address));
			if (nl_addr(c, a, fam, abytes, &address) != 0)
				return VW_EBADATTR;
			break;
		case VW_NL_IFA_LOCAL:
			memset(&local, 0, sizeof(local));
			if (nl_addr(c, a, fam, abytes, &local) != 0)
				return VW_EBADATTR;
			break;
		case VW_NL_IFA_BROADCAST:
			memset(&brd, 0, sizeof(brd));
			if (nl_addr(c, a, fam, abytes, &brd) != 0)
				return VW_EBADATTR;
			break;
		case VW_NL_IFA_LABEL:
			nl_str(a + VW_NL_RTA_HDRLEN, plen, ia->label);
			break;
		case VW_NL_IFA_FLAGS:
			if (nl_u32(c, a, &fl) != 0)
				return VW_EBADATTR;
			have_flags = 1;
			break;
		default:
			break;
		}
	}
	if (have_flags)
		ia->flags = fl;
	/*
	 * IFA_LOCAL is the interface's own address whenever present (IPv4
	 * always, IPv6 on p2p links); IFA_ADDRESS is then the peer, equal to
	 * the local address unless the link is point-to-point.
	 */
	if (local.family != VW_AF_NONE) {
		ia->addr = local;
		if (address.family != VW_AF_NONE &&
		    memcmp(address.a, local.a, abytes) != 0)
			ia->peer = address;
	} else if (address.family != VW_AF_NONE)
		ia->addr = address;
	else
		return 0;	/* no address at all: nothing to report */
	if (ia->peer.family == VW_AF_NONE && brd.family != VW_AF_NONE) {
		ia->peer = brd;
		ia->peer_is_brd = 1;
	}
	if (nl_is_ll6(&ia->addr))
		ia->addr.scope = ia->ifindex;
	if (nl_is_ll6(&ia->peer))
		ia->peer.scope = ia->ifindex;
	nl_origin(ev, h, c->base_off);
	*nev = 1;
	return 0;
}

/* ---- the entry points --------------------------------------------------- */

/* Every message but a route's: out of line, it is rare in a big dump. */
static NL_NOINLINE int
nl_other(const uint8_t *buf, size_t mlen, unsigned long long base_off,
    struct vw_nl_hdr *h, struct vw_event *ev, int *nev, struct vw_perr *e)
{
	struct nl_ctx c = { buf, base_off, e };

	switch (h->type) {
	case VW_NL_RTM_NEWNEIGH:
	case VW_NL_RTM_DELNEIGH:
		return nl_neigh(&c, h, mlen, ev, nev);
	case VW_NL_RTM_NEWLINK:
	case VW_NL_RTM_DELLINK:
		return nl_link(&c, h, mlen, ev, nev);
	case VW_NL_RTM_NEWADDR:
	case VW_NL_RTM_DELADDR:
		return nl_ifaddr(&c, h, mlen, ev, nev);
	case VW_NL_NLMSG_ERROR:
		if (mlen < VW_NL_NLMSG_ERRLEN)
			return vw_perr_set(e, base_off, VW_ETRUNC,
			    "NLMSG_ERROR without its error code: nlmsg_len "
			    "%zu, need %d", mlen, VW_NL_NLMSG_ERRLEN);
		h->error = (int32_t)ld32(buf + VW_NL_NLMSG_HDRLEN);
		return 0;
	case VW_NL_NLMSG_DONE:
		/* The dump's own status (0, or -EINTR ...) when present. */
		if (mlen >= VW_NL_NLMSG_ERRLEN)
			h->error = (int32_t)ld32(buf + VW_NL_NLMSG_HDRLEN);
		return 0;
	default:
		return 0;
	}
}

int
vw_nl_parse(const uint8_t *buf, size_t len, unsigned long long base_off,
    struct vw_nl_hdr *h, struct vw_event *ev, int *nev, struct vw_perr *e)
{
	size_t mlen, step;
	int rc;

	*nev = 0;
	if (len < VW_NL_NLMSG_HDRLEN)
		return vw_perr_set(e, base_off, VW_ETRUNC,
		    "netlink header truncated: %zu bytes left, need %d", len,
		    VW_NL_NLMSG_HDRLEN);
	mlen = ld32(buf);
	if (mlen < VW_NL_NLMSG_HDRLEN)
		return vw_perr_set(e, base_off, VW_EBADLEN,
		    "nlmsg_len %zu below the header size %d", mlen,
		    VW_NL_NLMSG_HDRLEN);
	if (mlen > len)
		return vw_perr_set(e, base_off, VW_ETRUNC,
		    "nlmsg_len %zu past the end: %zu bytes left", mlen, len);
	if (mlen > 0x7ffffff0u)
		return vw_perr_set(e, base_off, VW_EBADLEN,
		    "nlmsg_len %zu too large", mlen);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* Same layout as the wire's first 16 bytes (asserted at the top). */
	memcpy(h, buf, VW_NL_NLMSG_HDRLEN);
#else
	h->len = (uint32_t)mlen;
	h->type = ld16(buf + 4);
	h->flags = ld16(buf + 6);
	h->seq = ld32(buf + 8);
	h->pid = ld32(buf + 12);
#endif
	h->error = 0;
	/* The last message of a buffer may lack its alignment padding. */
	step = VW_NL_NLMSG_ALIGN(mlen);
	if (step > len)
		step = len;

	/* Routes first: a dump of a big table is almost nothing else. */
	if (h->type == VW_NL_RTM_NEWROUTE || h->type == VW_NL_RTM_DELROUTE) {
		if ((rc = nl_route(buf, mlen, base_off, ev, e)) < 0)
			goto fail;
		*nev = rc;
		return (int)step;
	}
	if ((rc = nl_other(buf, mlen, base_off, h, ev, nev, e)) < 0)
		goto fail;
	return (int)step;
fail:
	*nev = 0;
	return rc;
}

const char *
vw_nl_type_name(int type)
{
	/* The one mutable static: per thread, only for unknown numbers. */
	static _Thread_local char unknown[24];

	switch (type) {
	case VW_NL_NLMSG_NOOP:		return "NLMSG_NOOP";
	case VW_NL_NLMSG_ERROR:		return "NLMSG_ERROR";
	case VW_NL_NLMSG_DONE:		return "NLMSG_DONE";
	case VW_NL_NLMSG_OVERRUN:	return "NLMSG_OVERRUN";
	case VW_NL_RTM_NEWLINK:		return "RTM_NEWLINK";
	case VW_NL_RTM_DELLINK:		return "RTM_DELLINK";
	case VW_NL_RTM_GETLINK:		return "RTM_GETLINK";
	case VW_NL_RTM_SETLINK:		return "RTM_SETLINK";
	case VW_NL_RTM_NEWADDR:		return "RTM_NEWADDR";
	case VW_NL_RTM_DELADDR:		return "RTM_DELADDR";
	case VW_NL_RTM_GETADDR:		return "RTM_GETADDR";
	case VW_NL_RTM_NEWROUTE:	return "RTM_NEWROUTE";
	case VW_NL_RTM_DELROUTE:	return "RTM_DELROUTE";
	case VW_NL_RTM_GETROUTE:	return "RTM_GETROUTE";
	case VW_NL_RTM_NEWNEIGH:	return "RTM_NEWNEIGH";
	case VW_NL_RTM_DELNEIGH:	return "RTM_DELNEIGH";
	case VW_NL_RTM_GETNEIGH:	return "RTM_GETNEIGH";
	case VW_NL_RTM_NEWRULE:		return "RTM_NEWRULE";
	case VW_NL_RTM_DELRULE:		return "RTM_DELRULE";
	case VW_NL_RTM_GETRULE:		return "RTM_GETRULE";
	case VW_NL_RTM_NEWNETCONF:	return "RTM_NEWNETCONF";
	case VW_NL_RTM_DELNETCONF:	return "RTM_DELNETCONF";
	case VW_NL_RTM_NEWNEXTHOP:	return "RTM_NEWNEXTHOP";
	case VW_NL_RTM_DELNEXTHOP:	return "RTM_DELNEXTHOP";
	case VW_NL_RTM_GETNEXTHOP:	return "RTM_GETNEXTHOP";
	default:
		snprintf(unknown, sizeof(unknown), "RTM_#%d", type);
		return unknown;
	}
}
