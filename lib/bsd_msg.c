/* SPDX-License-Identifier: ISC */
/*
 * bsd_msg.c - validate one macOS (xnu) or FreeBSD routing message: the
 * framing, the header by type and kernel, and the walk over the sockaddrs
 * that follow it.  Decoding the sockaddrs is left to the accessors
 * (bsd_sa.c) and to vw_bsd_to_events() (bsd_event.c), which read the raw
 * bytes this walk located.
 *
 * Layouts are LP64 little-endian (x86_64, arm64), read with explicit
 * little-endian loads at the offsets of bsd_wire.h; the two kernels differ
 * only through struct vw_bsd_wire.
 *
 * Speed: this runs for every entry of every dump (a million-route table is
 * a million messages), so there are two paths that give the same result:
 * - the fast path (fast_os()) takes what dumps are made of: an rt_msghdr(2)
 *   with the sockaddr set of a dump entry (reference 4), every sockaddr
 *   padded, present in full and of nonzero length.  It is a leaf function
 *   that keeps everything in registers: constants per kernel, the walk
 *   unrolled with the absent slots known at compile time, per sockaddr two
 *   table lookups (padded size, family -> kind) and four stores.  On
 *   anything else -- another header or set, an unpadded, cut or empty
 *   sockaddr, a mask without a DST family, any error -- it jumps to
 * - the general path (parse_os()), which starts the message over and
 *   handles every shape and every error; the unit tests and the fuzz
 *   target check that both paths agree (vw__bsd_parse_general()).
 * Neither copies anything out of the buffer: only the scalar header part
 * of vw_bsd_msg is cleared (in fixed pieces, see msg_clear()), and of each
 * sockaddr slot only `kind`, `sa_len`, `sa_family`, `raw` and `raw_len`
 * are written.
 *
 * The walk is lenient exactly where real kernels are untidy and strict
 * everywhere else (reference 3.1-3.5):
 * - macOS notifications (rt_msg1) do not pad the last sockaddr, and leave a
 *   trailing zero-length one out altogether, so rtm_addrs may announce more
 *   than the bytes hold: the missing slots stay VW_SA_ABSENT and sa_short
 *   is set.  The last sockaddr may even be cut inside its sa_len; it is
 *   kept with raw_len < sa_len (the accessors read it zero-filled, as
 *   netstat does).
 * - A sockaddr that overruns the message while others are still announced
 *   is VW_EBADSA: what follows it cannot be located.
 * - A sockaddr_dl (outside the mask slots) must hold its name, address and
 *   selector within sdl_len, and its name and address within the bytes.
 * - Netmasks are typed with the family of RTA_DST (else RTA_IFA, else their
 *   own family byte), never by their family byte alone: macOS radix masks
 *   carry 0xff there (3.3).
 */
#include <stddef.h>
#include <string.h>

#include "bsd_msg.h"
#include "bsd_wire.h"

#define VW__LIKELY(x)	__builtin_expect(!!(x), 1)
#define VW__UNLIKELY(x)	__builtin_expect(!!(x), 0)
#define VW__INLINE	static inline __attribute__((always_inline))
#define VW__COLD	static __attribute__((noinline, cold))

/*
 * On a little-endian host (every LP64 host of these kernels), runs of
 * fields that vw_bsd_msg keeps in wire order are copied whole.
 */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define VW__LE_HOST	1
#else
#define VW__LE_HOST	0
#endif
_Static_assert(offsetof(struct vw_bsd_msg, msglen) == 0 &&
    offsetof(struct vw_bsd_msg, version) == VW_RTM_VERSION_OFF &&
    offsetof(struct vw_bsd_msg, type) == VW_RTM_TYPE_OFF,
    "vw_bsd_msg starts as the wire does");
#define VW__OFF(f)	offsetof(struct vw_bsd_msg, f)
_Static_assert(VW__OFF(addrs) == VW__OFF(flags) + 4 &&
    VW__OFF(seq) == VW__OFF(pid) + 4 && VW__OFF(err) == VW__OFF(pid) + 8 &&
    VW__OFF(parentflags) == VW__OFF(refcnt) + 4,
    "vw_bsd_msg keeps rt_msghdr runs in wire order");
#undef VW__OFF
/* The fast path's mask check: the two IP kinds differ in bit 0 only. */
_Static_assert(VW_SA_INET == 2 && VW_SA_INET6 == 3, "IP slot kinds");

static const struct vw_bsd_wire wire_darwin = {
	.os = VW_OS_DARWIN,
	.sa_align = 4,				/* ROUNDUP32, reference 3.1 */
	.af_inet6 = VW_BSD_AF_INET6_DARWIN,
	.rmx_word = 4,
	.inits_len = 4,
	.ift_gif = VW_IFT_GIF_DARWIN,
	.ift_stf = VW_IFT_STF_DARWIN,
	.ift_lagg = VW_IFT_LAGG_DARWIN,
	.rtm_hdrlen = VW_RTM_HDRLEN_DARWIN,
	.rtm2_hdrlen = VW_RTM_HDRLEN_DARWIN,
	.rtm_rmx_off = VW_RTM_RMX_OFF_DARWIN,
	.ifm_hdrlen = VW_IFM_HDRLEN_DARWIN,
	.ifm2_hdrlen = VW_IFM2_HDRLEN_DARWIN,
	.ifam_hdrlen = VW_IFAM_HDRLEN,
	.ifmam_hdrlen = VW_IFMAM_HDRLEN,
	.ifmam2_hdrlen = VW_IFMAM2_HDRLEN_DARWIN,
	.ifan_hdrlen = 0,
	.sdl_len = VW_SDL_LEN_DARWIN,
	.ifd = { VW_IFM_DATA_OFF, VW_IFI_TYPE_OFF, VW_IFI_ADDRLEN_OFF_DARWIN,
	    0xff, VW_IFI_MTU_OFF, VW_IFI_METRIC_OFF, VW_IFI_BAUDRATE_OFF, 4,
	    { 0 } },
	.ifd2 = { VW_IFM2_DATA_OFF, VW_IFI_TYPE_OFF, VW_IFI_ADDRLEN_OFF_DARWIN,
	    0xff, VW_IFI_MTU_OFF, VW_IFI_METRIC_OFF, VW_IFI_BAUDRATE_OFF, 8,
	    { 0 } },
};

static const struct vw_bsd_wire wire_freebsd = {
	.os = VW_OS_FREEBSD,
	.sa_align = 8,				/* SA_SIZE = sizeof(long) */
	.af_inet6 = VW_BSD_AF_INET6_FREEBSD,
	.rmx_word = 8,
	.inits_len = 8,
	.ift_gif = VW_IFT_GIF_FREEBSD,
	.ift_stf = VW_IFT_STF_FREEBSD,
	.ift_lagg = VW_IFT_LAGG_FREEBSD,
	.rtm_hdrlen = VW_RTM_HDRLEN_FREEBSD,
	.rtm2_hdrlen = 0,
	.rtm_rmx_off = VW_RTM_RMX_OFF_FREEBSD,
	.ifm_hdrlen = VW_IFM_HDRLEN_FREEBSD,
	.ifm2_hdrlen = 0,
	.ifam_hdrlen = VW_IFAM_HDRLEN,
	.ifmam_hdrlen = VW_IFMAM_HDRLEN,
	.ifmam2_hdrlen = 0,
	.ifan_hdrlen = VW_IFAN_HDRLEN_FREEBSD,
	.sdl_len = VW_SDL_LEN_FREEBSD,
	.ifd = { VW_IFM_DATA_OFF, VW_IFI_TYPE_OFF, VW_IFI_ADDRLEN_OFF_FREEBSD,
	    VW_IFI_LINK_STATE_OFF_FREEBSD, VW_IFI_MTU_OFF, VW_IFI_METRIC_OFF,
	    VW_IFI_BAUDRATE_OFF, 8, { 0 } },
	.ifd2 = { 0, 0, 0, 0xff, 0, 0, 0, 0, { 0 } },
};

/* The header that follows each message type; VW_BH_NONE: skip it. */
#define VW__TYPES	32
static const uint8_t hdr_darwin[VW__TYPES] = {
	[VW_RTM_ADD] = VW_BH_RT, [VW_RTM_DELETE] = VW_BH_RT,
	[VW_RTM_CHANGE] = VW_BH_RT, [VW_RTM_GET] = VW_BH_RT,
	[VW_RTM_LOSING] = VW_BH_RT, [VW_RTM_REDIRECT] = VW_BH_RT,
	[VW_RTM_MISS] = VW_BH_RT, [VW_RTM_LOCK] = VW_BH_RT,
	[VW_RTM_RESOLVE] = VW_BH_RT,
	[VW_RTM_NEWADDR] = VW_BH_IFA, [VW_RTM_DELADDR] = VW_BH_IFA,
	[VW_RTM_IFINFO] = VW_BH_IF,
	[VW_RTM_NEWMADDR] = VW_BH_IFMA, [VW_RTM_DELMADDR] = VW_BH_IFMA,
	[VW_RTM_DARWIN_GET_SILENT] = VW_BH_RT,
	[VW_RTM_DARWIN_IFINFO2] = VW_BH_IF2,
	[VW_RTM_DARWIN_NEWMADDR2] = VW_BH_IFMA2,
	[VW_RTM_DARWIN_GET2] = VW_BH_RT2,
	/* RTM_GET_EXT (rt_msghdr_ext, private, size unverified): skipped. */
};
static const uint8_t hdr_freebsd[VW__TYPES] = {
	[VW_RTM_ADD] = VW_BH_RT, [VW_RTM_DELETE] = VW_BH_RT,
	[VW_RTM_CHANGE] = VW_BH_RT, [VW_RTM_GET] = VW_BH_RT,
	[VW_RTM_LOSING] = VW_BH_RT, [VW_RTM_REDIRECT] = VW_BH_RT,
	[VW_RTM_MISS] = VW_BH_RT, [VW_RTM_LOCK] = VW_BH_RT,
	[VW_RTM_RESOLVE] = VW_BH_RT,
	[VW_RTM_NEWADDR] = VW_BH_IFA, [VW_RTM_DELADDR] = VW_BH_IFA,
	[VW_RTM_IFINFO] = VW_BH_IF,
	[VW_RTM_NEWMADDR] = VW_BH_IFMA, [VW_RTM_DELMADDR] = VW_BH_IFMA,
	[VW_RTM_FREEBSD_IFANNOUNCE] = VW_BH_ANNOUNCE,
	[VW_RTM_FREEBSD_IEEE80211] = VW_BH_ANNOUNCE,
};

static const char *const hdr_names[] = {
	"?", "rt_msghdr", "rt_msghdr2", "if_msghdr", "if_msghdr2",
	"ifa_msghdr", "ifma_msghdr", "ifma_msghdr2", "if_announcemsghdr"
};

const struct vw_bsd_wire *
vw_bsd_wire(int os)
{
	if (os == VW_OS_DARWIN)
		return &wire_darwin;
	if (os == VW_OS_FREEBSD)
		return &wire_freebsd;
	return NULL;
}

static unsigned
hdr_len(const struct vw_bsd_wire *w, unsigned hdr)
{
	switch (hdr) {
	case VW_BH_RT:		return w->rtm_hdrlen;
	case VW_BH_RT2:		return w->rtm2_hdrlen;
	case VW_BH_IF:		return w->ifm_hdrlen;
	case VW_BH_IF2:		return w->ifm2_hdrlen;
	case VW_BH_IFA:		return w->ifam_hdrlen;
	case VW_BH_IFMA:	return w->ifmam_hdrlen;
	case VW_BH_IFMA2:	return w->ifmam2_hdrlen;
	case VW_BH_ANNOUNCE:	return w->ifan_hdrlen;
	default:		return 0;
	}
}

/*
 * Per-kernel lookup tables, built by the preprocessor, for the sockaddr
 * walks and the fast path's framing.
 */
struct sa_tab {
	/*
	 * Padded size by sa_len (ROUNDUP); sa_len 0, which takes one
	 * alignment unit, maps past any message instead, so the fast path
	 * leaves it to the general one.
	 */
	uint16_t	take[256];
	uint8_t		kind[256];	/* VW_SA_* by sa_family */
	uint8_t		hdr[256];	/* VW_BH_RT(2) by type; 0: not fast */
};

#define VW__X16(F, b)							\
	F((b) + 0), F((b) + 1), F((b) + 2), F((b) + 3), F((b) + 4),	\
	F((b) + 5), F((b) + 6), F((b) + 7), F((b) + 8), F((b) + 9),	\
	F((b) + 10), F((b) + 11), F((b) + 12), F((b) + 13), F((b) + 14),\
	F((b) + 15)
#define VW__X256(F)							\
	VW__X16(F, 0), VW__X16(F, 16), VW__X16(F, 32), VW__X16(F, 48),	\
	VW__X16(F, 64), VW__X16(F, 80), VW__X16(F, 96), VW__X16(F, 112),\
	VW__X16(F, 128), VW__X16(F, 144), VW__X16(F, 160),		\
	VW__X16(F, 176), VW__X16(F, 192), VW__X16(F, 208),		\
	VW__X16(F, 224), VW__X16(F, 240)
#define VW__FTAKE4(n)	((n) == 0 ? 0xffff : ((n) + 3) & ~3)
#define VW__FTAKE8(n)	((n) == 0 ? 0xffff : ((n) + 7) & ~7)
#define VW__KIND(n, af6)						\
	((n) == VW_BSD_AF_INET ? VW_SA_INET :				\
	 (n) == (af6) ? VW_SA_INET6 :					\
	 (n) == VW_BSD_AF_LINK ? VW_SA_LINK : VW_SA_OTHER)
#define VW__KIND_D(n)	VW__KIND(n, VW_BSD_AF_INET6_DARWIN)
#define VW__KIND_F(n)	VW__KIND(n, VW_BSD_AF_INET6_FREEBSD)
#define VW__FHDR_D(n)							\
	((n) == VW_RTM_DARWIN_GET2 ? VW_BH_RT2 :			\
	 (n) >= VW_RTM_ADD && (n) <= VW_RTM_LOCK ? VW_BH_RT :		\
	 (n) == VW_RTM_RESOLVE || (n) == VW_RTM_DARWIN_GET_SILENT ?	\
	 VW_BH_RT : 0)
#define VW__FHDR_F(n)							\
	((n) >= VW_RTM_ADD && (n) <= VW_RTM_LOCK ? VW_BH_RT :		\
	 (n) == VW_RTM_RESOLVE ? VW_BH_RT : 0)

static const struct sa_tab tab_darwin = {
	{ VW__X256(VW__FTAKE4) }, { VW__X256(VW__KIND_D) },
	{ VW__X256(VW__FHDR_D) }
};
static const struct sa_tab tab_freebsd = {
	{ VW__X256(VW__FTAKE8) }, { VW__X256(VW__KIND_F) },
	{ VW__X256(VW__FHDR_F) }
};

#undef VW__FHDR_F
#undef VW__FHDR_D
#undef VW__KIND_F
#undef VW__KIND_D
#undef VW__KIND
#undef VW__FTAKE8
#undef VW__FTAKE4
#undef VW__X256
#undef VW__X16

static const char *const rtax_names[VW_RTAX_MAX] = {
	"DST", "GATEWAY", "NETMASK", "GENMASK", "IFP", "IFA", "AUTHOR", "BRD"
};

/*
 * Zero the scalar part of m that depends on the message (everything before
 * `off`, 96 bytes) in pieces of at most 64 bytes, which compilers turn
 * into straight vector stores; one memset of the whole part becomes a
 * `rep stos`, several times slower per message.
 */
VW__INLINE void
msg_clear(struct vw_bsd_msg *m)
{
	uint8_t *p = (uint8_t *)m;
	const size_t n = offsetof(struct vw_bsd_msg, off);

	memset(p, 0, n > 64 ? 64 : n);
	if (n > 64)
		memset(p + 64, 0, n - 64);
}

/*
 * rt_msghdr (both kernels) and macOS rt_msghdr2: what events and
 * formatters read.  The other rt_metrics are vw_bsd_msg_decode()'s.
 */
VW__INLINE void
parse_rt(const struct vw_bsd_wire *w, const uint8_t *b, struct vw_bsd_msg *m)
{
	const uint8_t *rmx = b + w->rtm_rmx_off;
	unsigned wd = w->rmx_word;

	m->index = vw__le16(b + VW_RTM_INDEX_OFF);
	if (VW__LE_HOST) {
		/* Same order and byte order on the wire and in m. */
		memcpy(&m->flags, b + VW_RTM_FLAGS_OFF, 8);
		if (m->hdr == VW_BH_RT2)
			memcpy(&m->refcnt, b + VW_RTM2_REFCNT_OFF, 8);
		else
			memcpy(&m->pid, b + VW_RTM_PID_OFF, 12);
	} else {
		m->flags = (int32_t)vw__le32(b + VW_RTM_FLAGS_OFF);
		m->addrs = (int32_t)vw__le32(b + VW_RTM_ADDRS_OFF);
		if (m->hdr == VW_BH_RT2) {
			m->refcnt = (int32_t)vw__le32(b + VW_RTM2_REFCNT_OFF);
			m->parentflags =
			    (int32_t)vw__le32(b + VW_RTM2_PARENTFLAGS_OFF);
		} else {
			m->pid = (int32_t)vw__le32(b + VW_RTM_PID_OFF);
			m->seq = (int32_t)vw__le32(b + VW_RTM_SEQ_OFF);
			m->err = (int32_t)vw__le32(b + VW_RTM_ERRNO_OFF);
		}
	}
	if (w->os == VW_OS_DARWIN)
		m->use = (int32_t)vw__le32(b + VW_RTM_USE_OFF);
	else
		m->fmask = (int32_t)vw__le32(b + VW_RTM_FMASK_OFF);
	/* FreeBSD's u_long fields: the low half comes first (little-endian). */
	m->mtu = vw__le32(rmx + VW_RMX_MTU * wd);
	if (wd == 4) {
		/* macOS rmx_expire is a signed 32-bit time. */
		m->expire = (int32_t)vw__le32(rmx + VW_RMX_EXPIRE * 4);
	} else
		m->expire = (int64_t)vw__le64(rmx + VW_RMX_EXPIRE * 8);
}

/* if_msghdr (both) and macOS if_msghdr2: flags, index, struct if_data. */
static void
parse_if(const struct vw_bsd_wire *w, const uint8_t *b, struct vw_bsd_msg *m)
{
	const struct vw_bsd_ifdata_wire *d =
	    m->hdr == VW_BH_IF2 ? &w->ifd2 : &w->ifd;
	const uint8_t *ifd = b + d->off;

	m->addrs = (int32_t)vw__le32(b + VW_IFM_ADDRS_OFF);
	m->flags = (int32_t)vw__le32(b + VW_IFM_FLAGS_OFF);
	m->index = vw__le16(b + VW_IFM_INDEX_OFF);
	m->ifi_type = ifd[d->type];
	m->ifi_addrlen = ifd[d->addrlen];
	if (d->link_state != 0xff)
		m->ifi_link_state = ifd[d->link_state];
	m->ifi_mtu = vw__le32(ifd + d->mtu);
	m->mtu = m->ifi_mtu;
	m->metric = (int32_t)vw__le32(ifd + d->metric);
	m->ifi_baudrate = d->baudrate_len == 8 ? vw__le64(ifd + d->baudrate) :
	    vw__le32(ifd + d->baudrate);
}

/* ifa_msghdr, ifma_msghdr and macOS ifma_msghdr2 share their first 16 bytes. */
static void
parse_ifa(const uint8_t *b, struct vw_bsd_msg *m)
{
	m->addrs = (int32_t)vw__le32(b + VW_IFAM_ADDRS_OFF);
	m->flags = (int32_t)vw__le32(b + VW_IFAM_FLAGS_OFF);
	m->index = vw__le16(b + VW_IFAM_INDEX_OFF);
	if (m->hdr == VW_BH_IFA)
		m->metric = (int32_t)vw__le32(b + VW_IFAM_METRIC_OFF);
	else if (m->hdr == VW_BH_IFMA2)
		m->refcnt = (int32_t)vw__le32(b + VW_IFMAM2_REFCOUNT_OFF);
}

/* FreeBSD if_announcemsghdr: no sockaddrs follow. */
static void
parse_announce(const uint8_t *b, struct vw_bsd_msg *m)
{
	m->index = vw__le16(b + VW_IFAN_INDEX_OFF);
	memcpy(m->ifan_name, b + VW_IFAN_NAME_OFF, VW_IFNAMSIZ);
	m->ifan_name[VW_IFNAMSIZ - 1] = '\0';
	m->ifan_what = vw__le16(b + VW_IFAN_WHAT_OFF);
}

/* ---- the sockaddr walk ------------------------------------------------- */

VW__COLD int
sdl_error(const struct vw_bsd_msg *m, unsigned i, const uint8_t *p,
    unsigned n, struct vw_perr *e)
{
	unsigned sa_len = p[VW_SA_LEN_OFF], off = (unsigned)(p - m->buf);
	unsigned nlen, alen, slen;

	if (sa_len < VW_SDL_DATA_OFF || n < VW_SDL_DATA_OFF)
		return vw_perr_set(e, m->off, VW_EBADSA,
		    "%s sockaddr_dl at +%u: sdl_len %u, %u bytes present, "
		    "need %u", rtax_names[i], off, sa_len, n, VW_SDL_DATA_OFF);
	nlen = p[VW_SDL_NLEN_OFF];
	alen = p[VW_SDL_ALEN_OFF];
	slen = p[VW_SDL_SLEN_OFF];
	if (nlen + alen + slen > sa_len - VW_SDL_DATA_OFF)
		return vw_perr_set(e, m->off, VW_EBADSA,
		    "%s sockaddr_dl at +%u: nlen %u + alen %u + slen %u "
		    "exceed sdl_len %u - 8", rtax_names[i], off, nlen, alen,
		    slen, sa_len);
	return vw_perr_set(e, m->off, VW_EBADSA,
	    "%s sockaddr_dl at +%u: name and address need %u bytes, "
	    "message has %u", rtax_names[i], off,
	    VW_SDL_DATA_OFF + nlen + alen, n);
}

/*
 * sockaddr_dl in any of its shapes (reference 3.5): 20-byte link#N or
 * MAC, the 14-byte multicast form, FreeBSD's 16-byte sockaddr_dl_short
 * and 54-byte full one, name-only (utun4) and name+MAC (RTA_IFP).  Its
 * name, address and selector must fit in sdl_len, and the name and address
 * in the n bytes present.  Returns 0 or VW_EBADSA.
 */
VW__INLINE int
sdl_check(const struct vw_bsd_msg *m, unsigned i, const uint8_t *p,
    unsigned sa_len, unsigned n, struct vw_perr *e)
{
	unsigned nlen, alen, slen;

	if (VW__UNLIKELY(sa_len < VW_SDL_DATA_OFF || n < VW_SDL_DATA_OFF))
		return sdl_error(m, i, p, n, e);
	nlen = p[VW_SDL_NLEN_OFF];
	alen = p[VW_SDL_ALEN_OFF];
	slen = p[VW_SDL_SLEN_OFF];
	if (VW__UNLIKELY(nlen + alen + slen > sa_len - VW_SDL_DATA_OFF ||
	    VW_SDL_DATA_OFF + nlen + alen > n))
		return sdl_error(m, i, p, n, e);
	return 0;
}

/*
 * The kind of slot i, whose sa_len, family byte and n valid bytes are
 * known.  A mask is typed with DST's family; when DST has none it waits
 * (bit i in *late) for RTA_IFA, which comes later.  Returns 0 or
 * VW_EBADSA.
 */
VW__INLINE int
classify(const struct sa_tab *t, struct vw_bsd_msg *m, unsigned i,
    const uint8_t *p, unsigned sa_len, unsigned fam, unsigned n,
    unsigned *late, struct vw_perr *e)
{
	struct vw_bsd_sa *s = &m->sa[i];
	unsigned kind, dk;
	int r;

	if (i == VW_RTAX_NETMASK || i == VW_RTAX_GENMASK) {
		dk = m->sa[VW_RTAX_DST].kind;
		if (sa_len == 0)
			kind = VW_SA_EMPTY;
		else if (dk == VW_SA_INET || dk == VW_SA_INET6)
			kind = VW_SA_MASK;
		else {
			*late |= 1u << i;
			kind = VW_SA_OTHER;
		}
		s->kind = (uint8_t)kind;
		return 0;
	}
	kind = t->kind[fam];
	if (VW__UNLIKELY(sa_len == 0))
		kind = VW_SA_EMPTY;
	else if (kind == VW_SA_LINK &&
	    (r = sdl_check(m, i, p, sa_len, n, e)) < 0)
		return r;
	s->kind = (uint8_t)kind;
	return 0;
}

/*
 * The sockaddr at p does not have its padded size left: the unpadded or
 * cut last one of an rt_msg1 notification, an overrun, or nothing at all
 * (the bytes ended before rtm_addrs did).
 */
static __attribute__((noinline)) int
slot_slow(const struct vw_bsd_wire *w, struct vw_bsd_msg *m, unsigned i,
    const uint8_t **pp, unsigned *leftp, uint32_t rest, unsigned *late,
    struct vw_perr *e)
{
	struct vw_bsd_sa *s = &m->sa[i];
	const uint8_t *p = *pp;
	unsigned left = *leftp, sa_len, n;

	if (left == 0) {
		/* Announced but not there: rt_msg1 left trailing ones out. */
		s->kind = VW_SA_ABSENT;
		s->sa_len = 0;
		m->sa_short = 1;
		return 0;
	}
	sa_len = n = p[VW_SA_LEN_OFF];
	if (sa_len > left) {
		if (rest != 0)
			return vw_perr_set(e, m->off, VW_EBADSA,
			    "%s sockaddr at +%u: sa_len %u exceeds the %u "
			    "bytes left in the message", rtax_names[i],
			    (unsigned)(p - m->buf), sa_len, left);
		n = left;
		m->sa_short = 1;
	}
	s->sa_len = (uint8_t)sa_len;
	s->sa_family = left >= 2 ? p[VW_SA_FAMILY_OFF] : 0;
	s->raw = p;
	s->raw_len = n;
	*pp = p + left;
	*leftp = 0;
	return classify(w->os == VW_OS_DARWIN ? &tab_darwin : &tab_freebsd, m,
	    i, p, sa_len, s->sa_family, n, late, e);
}

/*
 * Slot i (a constant after inlining, so each slot gets its own code):
 * absent, or located and classified.  Returns 0 or VW_EBADSA.
 */
VW__INLINE int
slot(const struct vw_bsd_wire *w, const struct sa_tab *t,
    struct vw_bsd_msg *m, unsigned i, uint32_t addrs, const uint8_t **pp,
    unsigned *leftp, unsigned *late, struct vw_perr *e)
{
	struct vw_bsd_sa *s = &m->sa[i];
	const uint8_t *p = *pp;
	unsigned left = *leftp, sa_len, take;

	if ((addrs & (1u << i)) == 0) {
		s->kind = VW_SA_ABSENT;
		s->sa_len = 0;
		return 0;
	}
	/* Fewer bytes than one alignment unit: not a padded sockaddr. */
	if (VW__UNLIKELY(left < w->sa_align))
		return slot_slow(w, m, i, pp, leftp, addrs >> i >> 1, late, e);
	sa_len = p[VW_SA_LEN_OFF];
	/* ROUNDUP: sa_len 0 still takes one alignment unit. */
	take = sa_len == 0 ? w->sa_align : t->take[sa_len];
	if (VW__UNLIKELY(take > left))
		return slot_slow(w, m, i, pp, leftp, addrs >> i >> 1, late, e);
	*pp = p + take;
	*leftp = left - take;
	/* sa_len and sa_family are adjacent bytes here and on the wire. */
	memcpy(&s->sa_len, p, 2);
	s->raw = p;
	s->raw_len = sa_len;
	return classify(t, m, i, p, sa_len, p[VW_SA_FAMILY_OFF], sa_len, late,
	    e);
}

/* The sockaddrs after a header of hdrlen bytes, as m->addrs announces. */
VW__INLINE int
walk(const struct vw_bsd_wire *w, const struct sa_tab *t,
    const uint8_t *msg, unsigned hdrlen, struct vw_bsd_msg *m,
    struct vw_perr *e)
{
	const uint8_t *p = msg + hdrlen;
	uint32_t addrs = (uint32_t)m->addrs & 0xff;
	unsigned left = m->msglen - hdrlen, late = 0, i;
	int r;

#define VW__SLOT(i) do {						\
	r = slot(w, t, m, (i), addrs, &p, &left, &late, e);		\
	if (VW__UNLIKELY(r != 0))					\
		return r;						\
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
	/* Masks without a DST family: RTA_IFA's (RTM_NEWADDR), else own. */
	for (; VW__UNLIKELY(late != 0); late &= late - 1) {
		i = (unsigned)__builtin_ctz(late);
		m->sa[i].kind = vw__bsd_mask_family(m, &m->sa[i]) !=
		    VW_AF_NONE ? VW_SA_MASK : VW_SA_OTHER;
	}
	return 0;
}

/* ---- one message -------------------------------------------------------- */

VW__COLD int
short_header(int os, unsigned type, unsigned msglen, unsigned hdrlen,
    unsigned hdr, unsigned long long base_off, struct vw_perr *e)
{
	return vw_perr_set(e, base_off, VW_EBADLEN,
	    "%s of %u bytes is shorter than its %u-byte %s",
	    vw_bsd_type_name(os, (int)type), msglen, hdrlen, hdr_names[hdr]);
}

VW__COLD int
bad_framing(int os, unsigned version, unsigned type, unsigned msglen,
    size_t len, unsigned long long base_off, struct vw_perr *e)
{
	if (msglen == 0)
		return vw_perr_set(e, base_off, VW_EBADLEN,
		    "message length 0 (type %u)", type);
	if (msglen > len)
		return vw_perr_set(e, base_off, VW_ETRUNC,
		    "message claims %u bytes, %zu left", msglen, len);
	if (msglen < 4)
		return vw_perr_set(e, base_off, VW_EBADLEN,
		    "message length %u is shorter than 4", msglen);
	if (version != VW_RTM_VERSION)
		return vw_perr_set(e, base_off, VW_ESKIP,
		    "version %u, not %u: %u bytes skipped", version,
		    VW_RTM_VERSION, msglen);
	return vw_perr_set(e, base_off, VW_ESKIP,
	    "%s: unknown type, %u bytes skipped",
	    vw_bsd_type_name(os, (int)type), msglen);
}

/*
 * One message for one kernel (w, hdrs and t are its constants):
 * the general path, for every shape and every error.
 */
VW__INLINE int
parse_os(const struct vw_bsd_wire *w, const uint8_t *hdrs,
    const struct sa_tab *t, const uint8_t *buf,
    size_t len, unsigned long long base_off, struct vw_bsd_msg *m,
    struct vw_perr *e)
{
	unsigned msglen, version, type, hdr, hdrlen;
	int r;

	if (VW__UNLIKELY(len < 4))
		return vw_perr_set(e, base_off, VW_ETRUNC,
		    "truncated header: %zu bytes left, need 4", len);
	msg_clear(m);
	msglen = vw__le16(buf + VW_RTM_MSGLEN_OFF);
	version = buf[VW_RTM_VERSION_OFF];
	type = buf[VW_RTM_TYPE_OFF];
	m->os = w->os;
	m->msglen = (uint16_t)msglen;
	m->version = (uint8_t)version;
	m->type = (uint8_t)type;
	m->off = base_off;
	m->buf = buf;
	hdr = type < VW__TYPES ? hdrs[type] : VW_BH_NONE;
	if (VW__UNLIKELY((size_t)msglen - 4 > len - 4 ||
	    version != VW_RTM_VERSION ||
	    hdr == VW_BH_NONE))
		return bad_framing(w->os, version, type, msglen, len, base_off,
		    e);
	m->hdr = (uint8_t)hdr;
	hdrlen = hdr_len(w, hdr);
	if (VW__UNLIKELY(msglen < hdrlen))
		return short_header(w->os, type, msglen, hdrlen, hdr, base_off,
		    e);
	if (hdr == VW_BH_RT || hdr == VW_BH_RT2)
		parse_rt(w, buf, m);
	else if (hdr == VW_BH_IF || hdr == VW_BH_IF2)
		parse_if(w, buf, m);
	else if (hdr == VW_BH_ANNOUNCE)
		parse_announce(buf, m);
	else
		parse_ifa(buf, m);
	if ((r = walk(w, t, buf, hdrlen, m, e)) < 0)
		return r;
	return (int)msglen;
}

/*
 * The general path per kernel, with vw_bsd_parse()'s own signature so the
 * fast path reaches it by a plain jump (os is known, hence unused).
 */
static __attribute__((noinline)) int
parse_darwin(int os, const uint8_t *buf, size_t len,
    unsigned long long base_off, struct vw_bsd_msg *m, struct vw_perr *e)
{
	(void)os;
	return parse_os(&wire_darwin, hdr_darwin, &tab_darwin, buf, len,
	    base_off, m, e);
}

static __attribute__((noinline)) int
parse_freebsd(int os, const uint8_t *buf, size_t len,
    unsigned long long base_off, struct vw_bsd_msg *m, struct vw_perr *e)
{
	(void)os;
	return parse_os(&wire_freebsd, hdr_freebsd, &tab_freebsd, buf, len,
	    base_off, m, e);
}

/* ---- the fast path ------------------------------------------------------ */

/*
 * Every entry of a route dump is an rt_msghdr(2) whose sockaddrs are all
 * padded and present in full.  fast_os() handles exactly that, as a leaf
 * function that keeps everything in registers, and hands anything else --
 * another header, a zero-length, unpadded or cut sockaddr, a mask without
 * a DST family, any error -- to the general path above, which starts the
 * message over and gives the same result it would have given alone.
 */
/*
 * Slot i of the fast walk (i and addrs are constants after inlining when
 * the shape is known).  o is the sockaddr's offset in the message, which
 * fast_walk() keeps below msglen while any is announced, so buf[o] and
 * buf[o + 1] are readable.  Returns 0, or 1 to hand the message over.
 */
VW__INLINE int
fast_slot(const struct sa_tab *t, const uint8_t *buf, size_t msglen,
    struct vw_bsd_msg *m, unsigned i, uint32_t addrs, size_t *op)
{
	struct vw_bsd_sa *s = &m->sa[i];
	size_t o = *op, no;
	unsigned sa_len, kind, dk;
	const uint8_t *p;

	if ((addrs & (1u << i)) == 0) {
		s->kind = VW_SA_ABSENT;
		s->sa_len = 0;
		return 0;
	}
	p = buf + o;
	sa_len = p[VW_SA_LEN_OFF];
	no = o + t->take[sa_len];
	/*
	 * The next sockaddr must start inside the message; only the last
	 * announced one may end exactly at its end.
	 */
	if (VW__UNLIKELY(no >= msglen) && (no > msglen || (addrs >> i >> 1)))
		return 1;
	*op = no;
	memcpy(&s->sa_len, p, 2);	/* sa_len, sa_family: adjacent */
	s->raw = p;
	s->raw_len = sa_len;
	if (i == VW_RTAX_NETMASK || i == VW_RTAX_GENMASK) {
		/* VW_SA_INET and VW_SA_INET6 differ in bit 0 only. */
		dk = m->sa[VW_RTAX_DST].kind;
		if (VW__UNLIKELY((dk | 1) != VW_SA_INET6))
			return 1;	/* typed later, from RTA_IFA */
		s->kind = VW_SA_MASK;
		return 0;
	}
	kind = t->kind[p[VW_SA_FAMILY_OFF]];
	if (kind == VW_SA_LINK && (sa_len < VW_SDL_DATA_OFF ||
	    (unsigned)p[VW_SDL_NLEN_OFF] + p[VW_SDL_ALEN_OFF] +
	    p[VW_SDL_SLEN_OFF] > sa_len - VW_SDL_DATA_OFF))
		return 1;
	s->kind = (uint8_t)kind;
	return 0;
}

VW__INLINE int
fast_walk_k(const struct sa_tab *t, const uint8_t *buf, size_t msglen,
    size_t hdrlen, struct vw_bsd_msg *m, uint32_t addrs)
{
	/* fast_os() checked msglen > hdrlen: buf[hdrlen] is readable. */
	size_t o = hdrlen;

#define VW__FSLOT(i) do {						\
	if (fast_slot(t, buf, msglen, m, (i), addrs, &o) != 0)		\
		return 1;						\
} while (0)
	VW__FSLOT(VW_RTAX_DST);
	VW__FSLOT(VW_RTAX_GATEWAY);
	VW__FSLOT(VW_RTAX_NETMASK);
	VW__FSLOT(VW_RTAX_GENMASK);
	VW__FSLOT(VW_RTAX_IFP);
	VW__FSLOT(VW_RTAX_IFA);
	VW__FSLOT(VW_RTAX_AUTHOR);
	VW__FSLOT(VW_RTAX_BRD);
#undef VW__FSLOT
	return 0;
}

/*
 * The sockaddrs of a dump entry: the shapes every entry of a dump has
 * (reference 4) get code of their own, with the order and the absent
 * slots known at compile time: macOS DST, GATEWAY, NETMASK, IFA (net) or
 * DST, GATEWAY, IFA (host); FreeBSD the same with IFP, and DST, GATEWAY
 * for ARP entries.  Any other set (live notifications, requests) returns
 * 1, for the general path.
 */
#define VW__DARWIN_NET	(VW_RTA_DST | VW_RTA_GATEWAY | VW_RTA_NETMASK | \
			 VW_RTA_IFA)
#define VW__DARWIN_HOST	(VW_RTA_DST | VW_RTA_GATEWAY | VW_RTA_IFA)
#define VW__FREEBSD_NET	(VW__DARWIN_NET | VW_RTA_IFP)
#define VW__FREEBSD_HOST (VW__DARWIN_HOST | VW_RTA_IFP)
#define VW__ARP		(VW_RTA_DST | VW_RTA_GATEWAY)

VW__INLINE int
fast_walk(const struct vw_bsd_wire *w, const struct sa_tab *t,
    const uint8_t *buf, size_t msglen, size_t hdrlen, struct vw_bsd_msg *m,
    uint32_t addrs)
{
	if (w->os == VW_OS_DARWIN) {
		if (VW__LIKELY(addrs == VW__DARWIN_NET))
			return fast_walk_k(t, buf, msglen, hdrlen, m,
			    VW__DARWIN_NET);
		if (addrs == VW__DARWIN_HOST)
			return fast_walk_k(t, buf, msglen, hdrlen, m,
			    VW__DARWIN_HOST);
	} else {
		if (VW__LIKELY(addrs == VW__FREEBSD_NET))
			return fast_walk_k(t, buf, msglen, hdrlen, m,
			    VW__FREEBSD_NET);
		if (addrs == VW__FREEBSD_HOST)
			return fast_walk_k(t, buf, msglen, hdrlen, m,
			    VW__FREEBSD_HOST);
		if (addrs == VW__ARP)
			return fast_walk_k(t, buf, msglen, hdrlen, m, VW__ARP);
	}
	return 1;
}

#undef VW__ARP
#undef VW__FREEBSD_HOST
#undef VW__FREEBSD_NET
#undef VW__DARWIN_HOST
#undef VW__DARWIN_NET

typedef int vw__parse_fn(int, const uint8_t *, size_t, unsigned long long,
    struct vw_bsd_msg *, struct vw_perr *);

VW__INLINE int
fast_os(const struct vw_bsd_wire *w, const struct sa_tab *t,
    vw__parse_fn *general, int os, const uint8_t *buf, size_t len,
    unsigned long long base_off, struct vw_bsd_msg *m, struct vw_perr *e)
{
	unsigned msglen, version, type, hdr, hdrlen = w->rtm_hdrlen;
	uint32_t addrs;

	if (VW__UNLIKELY(len < 4))
		return general(os, buf, len, base_off, m, e);
	msglen = vw__le16(buf + VW_RTM_MSGLEN_OFF);
	version = buf[VW_RTM_VERSION_OFF];
	type = buf[VW_RTM_TYPE_OFF];
	hdr = t->hdr[type];
	/* At least one byte of sockaddrs: every shape fast_walk() takes. */
	if (VW__UNLIKELY(hdr == 0 || version != VW_RTM_VERSION ||
	    msglen > len || msglen <= hdrlen))
		return general(os, buf, len, base_off, m, e);
	msg_clear(m);
	if (VW__LE_HOST)
		memcpy(m, buf, 4);	/* msglen, version, type */
	else {
		m->msglen = (uint16_t)msglen;
		m->version = (uint8_t)version;
		m->type = (uint8_t)type;
	}
	m->os = w->os;
	m->hdr = (uint8_t)hdr;
	m->off = base_off;
	m->buf = buf;
	parse_rt(w, buf, m);
	addrs = (uint32_t)m->addrs & 0xff;
	/*
	 * Start over on the general path, from what m holds so that nothing
	 * else stays live in registers; msglen (<= len) is as good a length
	 * as len there, since the framing is checked already.
	 */
	if (VW__UNLIKELY(fast_walk(w, t, buf, msglen, hdrlen, m, addrs) != 0))
		return general(w->os, m->buf, m->msglen, m->off, m, e);
	return (int)msglen;
}

int
vw_bsd_parse(int os, const uint8_t *buf, size_t len,
    unsigned long long base_off, struct vw_bsd_msg *m, struct vw_perr *e)
{
	if (os == VW_OS_DARWIN)
		return fast_os(&wire_darwin, &tab_darwin, parse_darwin, os,
		    buf, len, base_off, m, e);
	if (os == VW_OS_FREEBSD)
		return fast_os(&wire_freebsd, &tab_freebsd, parse_freebsd, os,
		    buf, len, base_off, m, e);
	return vw_perr_set(e, base_off, VW_EINVAL, "not a BSD system: os %d",
	    os);
}

int
vw__bsd_parse_general(int os, const uint8_t *buf, size_t len,
    unsigned long long base_off, struct vw_bsd_msg *m, struct vw_perr *e)
{
	if (os == VW_OS_DARWIN)
		return parse_darwin(os, buf, len, base_off, m, e);
	if (os == VW_OS_FREEBSD)
		return parse_freebsd(os, buf, len, base_off, m, e);
	return vw_perr_set(e, base_off, VW_EINVAL, "not a BSD system: os %d",
	    os);
}

/* ---- type names -------------------------------------------------------- */

static const char *const names_common[VW_RTM_DELMADDR + 1] = {
	NULL, "RTM_ADD", "RTM_DELETE", "RTM_CHANGE", "RTM_GET", "RTM_LOSING",
	"RTM_REDIRECT", "RTM_MISS", "RTM_LOCK", "RTM_OLDADD", "RTM_OLDDEL",
	"RTM_RESOLVE", "RTM_NEWADDR", "RTM_DELADDR", "RTM_IFINFO",
	"RTM_NEWMADDR", "RTM_DELMADDR"
};
static const char *const names_darwin[] = {	/* from 0x11 */
	"RTM_GET_SILENT", "RTM_IFINFO2", "RTM_NEWMADDR2", "RTM_GET2",
	"RTM_GET_EXT"
};
static const char *const names_freebsd[] = {	/* from 0x11 */
	"RTM_IFANNOUNCE", "RTM_IEEE80211"
};

/* "RTM_#<n>" for every byte value, as constants (lib/ keeps no buffers). */
#define U1(n)	"RTM_#" #n
#define U10(t)	U1(t##0), U1(t##1), U1(t##2), U1(t##3), U1(t##4),	\
		U1(t##5), U1(t##6), U1(t##7), U1(t##8), U1(t##9)
static const char *const names_unknown[256] = {
	U10(), U10(1), U10(2), U10(3), U10(4), U10(5), U10(6), U10(7), U10(8),
	U10(9), U10(10), U10(11), U10(12), U10(13), U10(14), U10(15), U10(16),
	U10(17), U10(18), U10(19), U10(20), U10(21), U10(22), U10(23), U10(24),
	U1(250), U1(251), U1(252), U1(253), U1(254), U1(255)
};
#undef U10
#undef U1

const char *
vw_bsd_type_name(int os, int type)
{
	if (type < 0 || type > 255)
		return "RTM_#?";
	if (os == VW_OS_FREEBSD &&
	    (type == VW_RTM_OLDADD || type == VW_RTM_OLDDEL))
		return names_unknown[type];	/* unused on FreeBSD */
	if ((os == VW_OS_DARWIN || os == VW_OS_FREEBSD) && type >= 1 &&
	    type <= VW_RTM_DELMADDR)
		return names_common[type];
	if (os == VW_OS_DARWIN && type >= 0x11 && type <= 0x15)
		return names_darwin[type - 0x11];
	if (os == VW_OS_FREEBSD && type >= 0x11 && type <= 0x12)
		return names_freebsd[type - 0x11];
	return names_unknown[type];
}
