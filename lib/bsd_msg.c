/* SPDX-License-Identifier: ISC */
/*
 * bsd_msg.c - decode one macOS (xnu) or FreeBSD routing message: the header
 * by type and kernel, then the sockaddrs (bsd_sa.c).
 *
 * Layouts are LP64 little-endian (x86_64, arm64), read with explicit
 * little-endian loads at the offsets of bsd_wire.h; the two kernels differ
 * only through struct vw_bsd_wire.  Translation into OS-neutral events is
 * in bsd_event.c.
 *
 * The decoder runs for every entry of every dump, so the hot path does no
 * formatting and no memset of the whole vw_bsd_msg: it zeroes the scalar
 * part (a fixed, small prefix) and only the `kind` of each sockaddr slot.
 */
#include <stddef.h>
#include <string.h>

#include "bsd_msg.h"
#include "bsd_wire.h"

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
 * Zero the scalar part of m (everything before sa[]) in fixed 32-byte
 * pieces, which compilers turn into a few vector stores; one memset of the
 * whole part becomes a `rep stos`, several times slower per message.
 */
static void
msg_clear(struct vw_bsd_msg *m)
{
	uint8_t *p = (uint8_t *)m;
	size_t n = offsetof(struct vw_bsd_msg, sa), k;

	for (k = 0; k + 32 <= n; k += 32)
		memset(p + k, 0, 32);
	if (n % 32 >= 16) {
		memset(p + k, 0, 16);
		k += 16;
	}
	if (n % 16 >= 8) {
		memset(p + k, 0, 8);
		k += 8;
	}
	memset(p + k, 0, n - k);
}

/* rt_msghdr (both kernels) and macOS rt_msghdr2. */
static void
parse_rt(const struct vw_bsd_wire *w, const uint8_t *b, struct vw_bsd_msg *m)
{
	const uint8_t *rmx = b + w->rtm_rmx_off;
	unsigned wd = w->rmx_word;

	m->index = vw__le16(b + VW_RTM_INDEX_OFF);
	m->flags = (int32_t)vw__le32(b + VW_RTM_FLAGS_OFF);
	m->addrs = (int32_t)vw__le32(b + VW_RTM_ADDRS_OFF);
	if (m->hdr == VW_BH_RT2) {
		m->refcnt = (int32_t)vw__le32(b + VW_RTM2_REFCNT_OFF);
		m->parentflags = (int32_t)vw__le32(b + VW_RTM2_PARENTFLAGS_OFF);
	} else {
		m->pid = (int32_t)vw__le32(b + VW_RTM_PID_OFF);
		m->seq = (int32_t)vw__le32(b + VW_RTM_SEQ_OFF);
		m->err = (int32_t)vw__le32(b + VW_RTM_ERRNO_OFF);
	}
	if (w->os == VW_OS_DARWIN)
		m->use = (int32_t)vw__le32(b + VW_RTM_USE_OFF);
	else
		m->fmask = (int32_t)vw__le32(b + VW_RTM_FMASK_OFF);
	/* FreeBSD's u_long fields: the low half comes first (little-endian). */
	m->inits = vw__le32(b + VW_RTM_INITS_OFF);
	m->locks = vw__le32(rmx + VW_RMX_LOCKS * wd);
	m->mtu = vw__le32(rmx + VW_RMX_MTU * wd);
	m->hopcount = vw__le32(rmx + VW_RMX_HOPCOUNT * wd);
	m->rtt = vw__le32(rmx + VW_RMX_RTT * wd);
	m->rttvar = vw__le32(rmx + VW_RMX_RTTVAR * wd);
	m->pksent = vw__le32(rmx + VW_RMX_PKSENT * wd);
	if (wd == 4) {
		/* macOS rmx_expire is a signed 32-bit time. */
		m->expire = (int32_t)vw__le32(rmx + VW_RMX_EXPIRE * 4);
	} else {
		m->expire = (int64_t)vw__le64(rmx + VW_RMX_EXPIRE * 8);
		m->weight = vw__le32(rmx + VW_RMX_WEIGHT * 8);
	}
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

int
vw_bsd_parse(int os, const uint8_t *buf, size_t len,
    unsigned long long base_off, struct vw_bsd_msg *m, struct vw_perr *e)
{
	const struct vw_bsd_wire *w;
	const uint8_t *hdrs;
	unsigned msglen, type, hdr, hdrlen;
	int r;

	if (os == VW_OS_DARWIN) {
		w = &wire_darwin;
		hdrs = hdr_darwin;
	} else if (os == VW_OS_FREEBSD) {
		w = &wire_freebsd;
		hdrs = hdr_freebsd;
	} else
		return vw_perr_set(e, base_off, VW_EINVAL,
		    "not a BSD system: os %d", os);
	if (len < 4)
		return vw_perr_set(e, base_off, VW_ETRUNC,
		    "truncated header: %zu bytes left, need 4", len);
	msg_clear(m);
	msglen = vw__le16(buf + VW_RTM_MSGLEN_OFF);
	m->os = (uint8_t)os;
	m->msglen = (uint16_t)msglen;
	m->version = buf[VW_RTM_VERSION_OFF];
	m->type = type = buf[VW_RTM_TYPE_OFF];
	m->off = base_off;
	if (msglen == 0)
		return vw_perr_set(e, base_off, VW_EBADLEN,
		    "message length 0 (type %u)", type);
	if (msglen > len)
		return vw_perr_set(e, base_off, VW_ETRUNC,
		    "message claims %u bytes, %zu left", msglen, len);
	if (msglen < 4)
		return vw_perr_set(e, base_off, VW_EBADLEN,
		    "message length %u is shorter than 4", msglen);
	if (m->version != VW_RTM_VERSION)
		return vw_perr_set(e, base_off, VW_ESKIP,
		    "version %u, not %u: %u bytes skipped", m->version,
		    VW_RTM_VERSION, msglen);
	hdr = type < VW__TYPES ? hdrs[type] : VW_BH_NONE;
	if (hdr == VW_BH_NONE)
		return vw_perr_set(e, base_off, VW_ESKIP,
		    "%s: unknown type, %u bytes skipped",
		    vw_bsd_type_name(os, (int)type), msglen);
	m->hdr = (uint8_t)hdr;
	hdrlen = hdr_len(w, hdr);
	if (msglen < hdrlen)
		return vw_perr_set(e, base_off, VW_EBADLEN,
		    "%s of %u bytes is shorter than its %u-byte %s",
		    vw_bsd_type_name(os, (int)type), msglen, hdrlen,
		    hdr_names[hdr]);
	switch (hdr) {
	case VW_BH_RT:
	case VW_BH_RT2:
		parse_rt(w, buf, m);
		break;
	case VW_BH_IF:
	case VW_BH_IF2:
		parse_if(w, buf, m);
		break;
	case VW_BH_ANNOUNCE:
		parse_announce(buf, m);
		break;
	default:
		parse_ifa(buf, m);
		break;
	}
	if ((r = vw__bsd_sa_walk(w, buf, hdrlen, m, e)) < 0)
		return r;
	return (int)msglen;
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
