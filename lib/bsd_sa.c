/* SPDX-License-Identifier: ISC */
/*
 * bsd_sa.c - the sockaddrs after a BSD routing-message header.
 *
 * One sockaddr per bit of rtm_addrs, in RTAX order, each padded to the
 * kernel's alignment (reference 3.1-3.5).  The walk is lenient exactly where
 * real kernels are untidy and strict everywhere else:
 *
 * - macOS notifications (rt_msg1) do not pad the last sockaddr, and leave a
 *   trailing zero-length one out altogether, so rtm_addrs may announce more
 *   than the bytes hold: the missing slots stay VW_SA_ABSENT and sa_short
 *   is set.  The last sockaddr may even be cut inside its sa_len; it is
 *   kept with raw_len < sa_len and read zero-filled, as netstat does.
 * - A sockaddr that overruns the message while others are still announced
 *   is VW_EBADSA: what follows it cannot be located.
 * - Netmasks are read with the family of RTA_DST (else RTA_IFA), never
 *   their own family byte: macOS radix masks carry 0xff there (3.3).
 *
 * For VW_SA_ABSENT slots only `kind` and `sa_len` (0) are written; the
 * other fields are stale.  A zero-length NETMASK/GENMASK is VW_SA_EMPTY
 * with mask_plen 0, mask_contig 1 and ip.family of the prefix (/0).
 *
 * Speed: this runs for every sockaddr of every dump entry.  The common
 * case, a sockaddr whose padded size is present in full, takes a fast
 * path with word loads and no variable-length copies; everything else
 * (unpadded or cut last sockaddrs, overruns) goes through slot_slow().
 */
#include <string.h>

#include "bsd_msg.h"
#include "bsd_wire.h"

#define VW__LIKELY(x)	__builtin_expect(!!(x), 1)
#define VW__UNLIKELY(x)	__builtin_expect(!!(x), 0)
#define VW__INLINE	static inline __attribute__((always_inline))

static const char *const rtax_names[VW_RTAX_MAX] = {
	"DST", "GATEWAY", "NETMASK", "GENMASK", "IFP", "IFA", "AUTHOR", "BRD"
};

static uint32_t
be32(const uint8_t *a)
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 |
	    (uint32_t)a[2] << 8 | a[3];
}

static uint64_t
be64(const uint8_t *a)
{
	return (uint64_t)be32(a) << 32 | be32(a + 4);
}

/*
 * The first `n` bytes of p (n <= 16) into out[16], zero-filled: what
 * netstat gets by copying sa_len bytes into a zeroed sockaddr.
 */
static void
copy_zf(uint8_t out[16], const uint8_t *p, unsigned n)
{
	unsigned k;

	memset(out, 0, 16);
	for (k = 0; k < n && k < 16; k++)
		out[k] = p[k];
}

/* AF_INET: the address is bytes 4..7; "tiny" sockaddrs read zero-filled. */
VW__INLINE void
sa_inet(struct vw_bsd_sa *s, const uint8_t *p, unsigned n)
{
	memset(&s->ip, 0, sizeof(s->ip));
	s->kind = VW_SA_INET;
	s->ip.family = VW_AF_INET;
	if (VW__LIKELY(n >= VW_SIN_ADDR_OFF + 4))
		memcpy(s->ip.a, p + VW_SIN_ADDR_OFF, 4);
	else if (n > VW_SIN_ADDR_OFF)
		copy_zf(s->ip.a, p + VW_SIN_ADDR_OFF, n - VW_SIN_ADDR_OFF);
}

/*
 * KAME embedded scope (macOS keeps it in routing messages; reference 3.4):
 * for link-local unicast (fe80::/10) and interface- or link-local
 * multicast (scope nibble 1 or 2: ff01::/16, ff02::/16 ...) a nonzero
 * big-endian word in bytes 2-3 is the interface index.  Move it to scope
 * and clear it, as netstat and route do.  FreeBSD has already recovered
 * the scope into sin6_scope_id (sa6_recoverscope), so nothing is embedded.
 */
static void
ip6_unembed(struct vw_ip *ip)
{
	uint8_t *a = ip->a;
	unsigned emb;

	if (!((a[0] == 0xfe && (a[1] & 0xc0) == 0x80) ||
	    (a[0] == 0xff && ((a[1] & 0x0f) == 1 || (a[1] & 0x0f) == 2))))
		return;
	emb = (unsigned)a[2] << 8 | a[3];
	if (emb == 0)
		return;
	ip->scope = emb;
	a[2] = a[3] = 0;
}

VW__INLINE void
sa_inet6(struct vw_bsd_sa *s, const uint8_t *p, unsigned n)
{
	s->kind = VW_SA_INET6;
	s->ip.family = VW_AF_INET6;
	s->ip._pad[0] = s->ip._pad[1] = s->ip._pad[2] = 0;
	if (VW__LIKELY(n >= VW_SIN6_ADDR_OFF + 16))
		memcpy(s->ip.a, p + VW_SIN6_ADDR_OFF, 16);
	else
		copy_zf(s->ip.a, p + VW_SIN6_ADDR_OFF,
		    n > VW_SIN6_ADDR_OFF ? n - VW_SIN6_ADDR_OFF : 0);
	s->ip.scope = n >= VW_SIN6_LEN ?
	    vw__le32(p + VW_SIN6_SCOPE_ID_OFF) : 0;
	ip6_unembed(&s->ip);
}

/*
 * sockaddr_dl in any of its shapes (reference 3.5): 20-byte link#N or
 * MAC, the 14-byte multicast form, FreeBSD's 16-byte sockaddr_dl_short
 * and 54-byte full one, name-only (utun4) and name+MAC (RTA_IFP).  The
 * lengths must fit in sdl_len; a name longer than 15 characters and an
 * address longer than VW_LLADDR_MAX are truncated.
 */
VW__INLINE int
sa_link(struct vw_bsd_sa *s, const uint8_t *p, unsigned n, unsigned i,
    const struct vw_bsd_msg *m, const uint8_t *msg, struct vw_perr *e)
{
	unsigned nlen, alen, slen, sa_len = s->sa_len, k;
	struct vw_linkgw *l = &s->link;
	const uint8_t *d;

	if (VW__UNLIKELY(sa_len < VW_SDL_DATA_OFF || n < VW_SDL_DATA_OFF))
		return vw_perr_set(e, m->off, VW_EBADSA,
		    "%s sockaddr_dl at +%u: sdl_len %u, %u bytes present, "
		    "need %u", rtax_names[i], (unsigned)(p - msg), sa_len, n,
		    VW_SDL_DATA_OFF);
	nlen = p[VW_SDL_NLEN_OFF];
	alen = p[VW_SDL_ALEN_OFF];
	slen = p[VW_SDL_SLEN_OFF];
	if (VW__UNLIKELY(nlen + alen + slen > sa_len - VW_SDL_DATA_OFF))
		return vw_perr_set(e, m->off, VW_EBADSA,
		    "%s sockaddr_dl at +%u: nlen %u + alen %u + slen %u "
		    "exceed sdl_len %u - 8", rtax_names[i],
		    (unsigned)(p - msg), nlen, alen, slen, sa_len);
	if (VW__UNLIKELY(VW_SDL_DATA_OFF + nlen + alen > n))
		return vw_perr_set(e, m->off, VW_EBADSA,
		    "%s sockaddr_dl at +%u: name and address need %u bytes, "
		    "message has %u", rtax_names[i], (unsigned)(p - msg),
		    VW_SDL_DATA_OFF + nlen + alen, n);
	s->kind = VW_SA_LINK;
	memset(l, 0, sizeof(*l));
	l->sdl_index = vw__le16(p + VW_SDL_INDEX_OFF);
	l->sdl_type = p[VW_SDL_TYPE_OFF];
	l->sdl_slen = (uint8_t)slen;
	if ((nlen | alen) == 0)
		return 0;		/* link#N, the commonest shape */
	d = p + VW_SDL_DATA_OFF;
	for (k = 0; k < nlen && k < VW_IFNAMSIZ - 1; k++)
		l->name[k] = (char)d[k];
	d += nlen;
	if (alen > VW_LLADDR_MAX)
		alen = VW_LLADDR_MAX;
	l->ll.len = (uint8_t)alen;
	for (k = 0; k < alen; k++)
		l->ll.a[k] = d[k];
	return 0;
}

VW__INLINE void
mask_fill4(struct vw_bsd_sa *s, uint32_t v)
{
	/* Leading ones; the low 32 set bits keep clzll's argument nonzero. */
	unsigned ones = (unsigned)__builtin_clzll(~((uint64_t)v << 32));

	memset(&s->ip, 0, sizeof(s->ip));
	s->ip.family = VW_AF_INET;
	s->ip.a[0] = (uint8_t)(v >> 24);
	s->ip.a[1] = (uint8_t)(v >> 16);
	s->ip.a[2] = (uint8_t)(v >> 8);
	s->ip.a[3] = (uint8_t)v;
	s->mask_plen = (uint8_t)ones;
	/* Contiguous: the zero bits of v are one run at the bottom. */
	s->mask_contig = (~v & (~v + 1)) == 0;
	s->kind = s->sa_len == 0 ? VW_SA_EMPTY : VW_SA_MASK;
}

/*
 * An IPv4 netmask of n bytes (its sa_len, or fewer if cut): bytes 4..7 of
 * a zeroed sockaddr_in it is copied into.  `room` bytes are readable at p
 * (the padding included), which allows one word load for the usual
 * 5..8-byte radix masks ("07 ff ff ff ff ff ff" = /24).
 */
VW__INLINE void
mask4(struct vw_bsd_sa *s, const uint8_t *p, unsigned n, unsigned room)
{
	static const uint32_t keep[VW_SIN_ADDR_OFF + 4] = {
		0, 0, 0, 0, 0, 0xff000000u, 0xffff0000u, 0xffffff00u
	};
	uint8_t a[16];
	uint32_t v;

	if (VW__LIKELY(room >= VW_SIN_ADDR_OFF + 4)) {
		v = be32(p + VW_SIN_ADDR_OFF);
		if (n < VW_SIN_ADDR_OFF + 4)
			v &= keep[n];
	} else {
		copy_zf(a, p + VW_SIN_ADDR_OFF,
		    n > VW_SIN_ADDR_OFF ? n - VW_SIN_ADDR_OFF : 0);
		v = be32(a);
	}
	mask_fill4(s, v);
}

/* An IPv6 netmask: bytes 8..23 of a zeroed sockaddr_in6. */
static void
mask6(struct vw_bsd_sa *s, const uint8_t *p, unsigned n)
{
	uint64_t hi, lo;
	unsigned ones;

	memset(&s->ip, 0, sizeof(s->ip));
	s->ip.family = VW_AF_INET6;
	copy_zf(s->ip.a, p + VW_SIN6_ADDR_OFF,
	    n > VW_SIN6_ADDR_OFF ? n - VW_SIN6_ADDR_OFF : 0);
	hi = be64(s->ip.a);
	lo = be64(s->ip.a + 8);
	if (~hi != 0) {
		ones = (unsigned)__builtin_clzll(~hi);
		s->mask_contig = (hi << ones) == 0 && lo == 0;
	} else if (~lo != 0) {
		ones = 64 + (unsigned)__builtin_clzll(~lo);
		s->mask_contig = (lo << (ones - 64)) == 0;
	} else {
		ones = 128;
		s->mask_contig = 1;
	}
	s->mask_plen = (uint8_t)ones;
	s->kind = s->sa_len == 0 ? VW_SA_EMPTY : VW_SA_MASK;
}

/* The family of an address slot, as a mask family (VW_AF_*). */
static int
slot_family(const struct vw_bsd_sa *s)
{
	if (s->kind == VW_SA_INET)
		return VW_AF_INET;
	if (s->kind == VW_SA_INET6)
		return VW_AF_INET6;
	return VW_AF_NONE;
}

/*
 * A mask whose family DST did not give: IFA's (RTM_NEWADDR), else the
 * mask's own family byte if it names one (route(8) masks), else none.
 */
static void
mask_late(const struct vw_bsd_wire *w, struct vw_bsd_msg *m,
    struct vw_bsd_sa *s)
{
	int fam = slot_family(&m->sa[VW_RTAX_IFA]);

	if (fam == VW_AF_NONE && s->sa_len >= 2 && s->raw_len >= 2) {
		if (s->sa_family == VW_BSD_AF_INET)
			fam = VW_AF_INET;
		else if (s->sa_family == w->af_inet6)
			fam = VW_AF_INET6;
	}
	if (fam == VW_AF_INET)
		mask4(s, s->raw, s->raw_len, s->raw_len);
	else if (fam == VW_AF_INET6)
		mask6(s, s->raw, s->raw_len);
	else {
		memset(&s->ip, 0, sizeof(s->ip));
		s->mask_plen = 0;
		s->mask_contig = 1;
		s->kind = s->sa_len == 0 ? VW_SA_EMPTY : VW_SA_OTHER;
	}
}

/*
 * Decode slot i from n valid bytes at p (room readable).  Returns 0,
 * VW_EBADSA, or 1 when a mask must wait for RTA_IFA.
 */
VW__INLINE int
decode(unsigned af6, struct vw_bsd_msg *m, unsigned i, const uint8_t *p,
    unsigned n, unsigned room, const uint8_t *msg, struct vw_perr *e)
{
	struct vw_bsd_sa *s = &m->sa[i];
	unsigned fam = s->sa_family;

	if (i == VW_RTAX_NETMASK || i == VW_RTAX_GENMASK) {
		switch (slot_family(&m->sa[VW_RTAX_DST])) {
		case VW_AF_INET:
			mask4(s, p, n, room);
			return 0;
		case VW_AF_INET6:
			mask6(s, p, n);
			return 0;
		default:
			return 1;
		}
	}
	if (VW__UNLIKELY(s->sa_len == 0)) {
		memset(&s->ip, 0, sizeof(s->ip));
		s->mask_plen = 0;
		s->mask_contig = 1;
		s->kind = VW_SA_EMPTY;
		return 0;
	}
	if (fam == VW_BSD_AF_INET)
		sa_inet(s, p, n);
	else if (fam == VW_BSD_AF_LINK)
		return sa_link(s, p, n, i, m, msg, e);
	else if (fam == af6)
		sa_inet6(s, p, n);
	else
		s->kind = VW_SA_OTHER;
	return 0;
}

/*
 * The sockaddr at p does not have its padded size left: the unpadded or
 * cut last one of an rt_msg1 notification, or an overrun.
 */
static __attribute__((noinline)) int
slot_slow(const struct vw_bsd_wire *w, struct vw_bsd_msg *m, unsigned i,
    const uint8_t *p, unsigned left, uint32_t rest, const uint8_t *msg,
    struct vw_perr *e)
{
	struct vw_bsd_sa *s = &m->sa[i];
	unsigned sa_len = p[VW_SA_LEN_OFF], n = sa_len;

	if (sa_len > left) {
		if (rest != 0)
			return vw_perr_set(e, m->off, VW_EBADSA,
			    "%s sockaddr at +%u: sa_len %u exceeds the %u bytes "
			    "left in the message", rtax_names[i],
			    (unsigned)(p - msg), sa_len, left);
		n = left;
		m->sa_short = 1;
	}
	s->sa_len = (uint8_t)sa_len;
	s->sa_family = left >= 2 ? p[VW_SA_FAMILY_OFF] : 0;
	s->raw = p;
	s->raw_len = n;
	return decode(w->af_inet6, m, i, p, n, n, msg, e);
}

/*
 * Slot i (a constant after inlining, so each slot gets its own code):
 * absent, missing at the end of the bytes, or decoded.  Returns 0, 1 for
 * a mask that waits for RTA_IFA, or VW_EBADSA.
 */
VW__INLINE int
slot(const struct vw_bsd_wire *w, struct vw_bsd_msg *m, unsigned i,
    uint32_t addrs, unsigned amask, unsigned af6, const uint8_t **pp,
    unsigned *leftp, const uint8_t *msg, struct vw_perr *e)
{
	struct vw_bsd_sa *s = &m->sa[i];
	const uint8_t *p = *pp;
	unsigned left = *leftp, sa_len, take;

	if ((addrs & (1u << i)) == 0 || VW__UNLIKELY(left == 0)) {
		s->kind = VW_SA_ABSENT;
		s->sa_len = 0;
		/* Announced but not there: rt_msg1 left trailing ones out. */
		if (addrs & (1u << i))
			m->sa_short = 1;
		return 0;
	}
	sa_len = p[VW_SA_LEN_OFF];
	/* ROUNDUP: sa_len 0 still takes one alignment unit. */
	take = (sa_len + (sa_len == 0) + amask) & ~amask;
	if (VW__UNLIKELY(take > left)) {
		*pp = p + left;
		*leftp = 0;
		return slot_slow(w, m, i, p, left, addrs >> i >> 1, msg, e);
	}
	s->sa_len = (uint8_t)sa_len;
	s->sa_family = p[VW_SA_FAMILY_OFF];
	s->raw = p;
	s->raw_len = sa_len;
	*pp = p + take;
	*leftp = left - take;
	return decode(af6, m, i, p, sa_len, take, msg, e);
}

int
vw__bsd_sa_walk(const struct vw_bsd_wire *w, const uint8_t *msg,
    unsigned hdrlen, struct vw_bsd_msg *m, struct vw_perr *e)
{
	const uint8_t *p = msg + hdrlen;
	uint32_t addrs = (uint32_t)m->addrs & 0xff, late = 0;
	unsigned left = m->msglen - hdrlen, amask = w->sa_align - 1u;
	unsigned af6 = w->af_inet6;
	int r;

#define VW__SLOT(i) do {						\
	r = slot(w, m, (i), addrs, amask, af6, &p, &left, msg, e);	\
	if (VW__UNLIKELY(r != 0)) {					\
		if (r < 0)						\
			return r;					\
		late |= 1u << (i);					\
	}								\
} while (0)
	VW__SLOT(VW_RTAX_DST);
	VW__SLOT(VW_RTAX_GATEWAY);
	VW__SLOT(VW_RTAX_NETMASK);
	VW__SLOT(VW_RTAX_GENMASK);
	VW__SLOT(VW_RTAX_IFP);
	VW__SLOT(VW_RTAX_IFA);
	VW__SLOT(VW_RTAX_AUTHOR);
	VW__SLOT(VW_RTAX_BRD);
#undef VW__SLOT
	for (; late != 0; late &= late - 1)
		mask_late(w, m, &m->sa[__builtin_ctz(late)]);
	return 0;
}
