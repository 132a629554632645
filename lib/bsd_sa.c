/* SPDX-License-Identifier: ISC */
/*
 * bsd_sa.c - decode the sockaddrs of a validated BSD routing message on
 * demand (vw_bsd_sa_ip, vw_bsd_sa_link, vw_bsd_sa_mask), or all of them at
 * once with the rt_metrics nobody reads in the hot path
 * (vw_bsd_msg_decode).
 *
 * vw_bsd_parse() (bsd_msg.c) has located every sockaddr and checked every
 * length, so these read the raw bytes without further bounds worries:
 * never past raw_len, which is what the message holds.  A sockaddr cut
 * short (raw_len < sa_len, the last one of an rt_msg1 notification) reads
 * zero-filled, as netstat does after copying sa_len bytes into a zeroed
 * sockaddr.  Netmasks are read with the family of RTA_DST (else RTA_IFA,
 * else their own family byte when it names one), never by their family
 * byte alone: macOS radix masks carry 0xff there (reference 3.3).
 */
#include <string.h>

#include "bsd_msg.h"
#include "bsd_wire.h"

static int
slot_ok(int rtax)
{
	return rtax >= 0 && rtax < VW_RTAX_MAX;
}

/* The VW_AF_* of an address slot's kind. */
static int
kind_family(unsigned kind)
{
	if (kind == VW_SA_INET)
		return VW_AF_INET;
	if (kind == VW_SA_INET6)
		return VW_AF_INET6;
	return VW_AF_NONE;
}

int
vw__bsd_mask_family(const struct vw_bsd_msg *m, const struct vw_bsd_sa *s)
{
	const struct vw_bsd_wire *w = vw_bsd_wire(m->os);
	int fam;

	if ((fam = kind_family(m->sa[VW_RTAX_DST].kind)) != VW_AF_NONE)
		return fam;
	if ((fam = kind_family(m->sa[VW_RTAX_IFA].kind)) != VW_AF_NONE)
		return fam;
	/* route(8) masks carry a real family byte. */
	if (w != NULL && s->sa_len >= 2 && s->raw_len >= 2) {
		if (s->sa_family == VW_BSD_AF_INET)
			return VW_AF_INET;
		if (s->sa_family == w->af_inet6)
			return VW_AF_INET6;
	}
	return VW_AF_NONE;
}

int
vw_bsd_sa_ip(const struct vw_bsd_msg *m, int rtax, struct vw_ip *out)
{
	const struct vw_bsd_sa *s;

	memset(out, 0, sizeof(*out));
	if (!slot_ok(rtax))
		return VW_EINVAL;
	s = &m->sa[rtax];
	if (s->kind == VW_SA_INET) {
		out->family = VW_AF_INET;
		vw__put_be32(out->a, vw__sa_word4(s->raw, s->raw_len));
		return 0;
	}
	if (s->kind == VW_SA_INET6) {
		out->family = VW_AF_INET6;
		vw__sa_in6(out, s->raw, s->raw_len);
		return 0;
	}
	return VW_EINVAL;
}

int
vw_bsd_sa_link(const struct vw_bsd_msg *m, int rtax, struct vw_linkgw *out)
{
	const struct vw_bsd_sa *s;
	const uint8_t *p, *d;
	unsigned nlen, alen, k;

	memset(out, 0, sizeof(*out));
	if (!slot_ok(rtax) || m->sa[rtax].kind != VW_SA_LINK)
		return VW_EINVAL;
	s = &m->sa[rtax];
	/* The walk checked sdl_len >= 8 and 8 + nlen + alen <= raw_len. */
	p = s->raw;
	nlen = p[VW_SDL_NLEN_OFF];
	alen = p[VW_SDL_ALEN_OFF];
	out->sdl_index = vw__le16(p + VW_SDL_INDEX_OFF);
	out->sdl_type = p[VW_SDL_TYPE_OFF];
	out->sdl_slen = p[VW_SDL_SLEN_OFF];
	d = p + VW_SDL_DATA_OFF;
	for (k = 0; k < nlen && k < VW_IFNAMSIZ - 1; k++)
		out->name[k] = (char)d[k];
	d += nlen;
	if (alen > VW_LLADDR_MAX)
		alen = VW_LLADDR_MAX;
	out->ll.len = (uint8_t)alen;
	memcpy(out->ll.a, d, alen);
	return 0;
}

int
vw_bsd_sa_mask(const struct vw_bsd_msg *m, int rtax, unsigned *plen,
    int *contig, struct vw_ip *bytes)
{
	const struct vw_bsd_sa *s;
	struct vw_ip ip;
	uint64_t hi, lo;
	uint32_t v;
	unsigned ones = 0;
	int fam, c = 1;

	memset(&ip, 0, sizeof(ip));
	if ((rtax != VW_RTAX_NETMASK && rtax != VW_RTAX_GENMASK) ||
	    m->sa[rtax].kind == VW_SA_ABSENT) {
		fam = VW_EINVAL;
		goto out;
	}
	s = &m->sa[rtax];
	fam = vw__bsd_mask_family(m, s);
	ip.family = (uint8_t)fam;
	if (fam == VW_AF_INET) {
		v = vw__sa_word4(s->raw, s->raw_len);
		vw__put_be32(ip.a, v);
		ones = vw__mask4_plen(v);
		/* Contiguous: the zero bits of v are one run at the bottom. */
		c = (~v & (~v + 1)) == 0;
	} else if (fam == VW_AF_INET6) {
		vw__sa_bytes16(ip.a, s->raw, s->raw_len);
		hi = (uint64_t)vw__be32(ip.a) << 32 | vw__be32(ip.a + 4);
		lo = (uint64_t)vw__be32(ip.a + 8) << 32 | vw__be32(ip.a + 12);
		if (~hi != 0) {
			ones = (unsigned)__builtin_clzll(~hi);
			c = (hi << ones) == 0 && lo == 0;
		} else if (~lo != 0) {
			ones = 64 + (unsigned)__builtin_clzll(~lo);
			c = (lo << (ones - 64)) == 0;
		} else
			ones = 128;
	} else
		ip.family = VW_AF_NONE;
out:
	if (plen != NULL)
		*plen = ones;
	if (contig != NULL)
		*contig = c;
	if (bytes != NULL)
		*bytes = ip;
	return fam;
}

/* The rt_metrics fields vw_bsd_parse() leaves to us (rt_msghdr(2) only). */
static void
decode_rmx(struct vw_bsd_msg *m)
{
	const struct vw_bsd_wire *w = vw_bsd_wire(m->os);
	const uint8_t *rmx;
	unsigned wd;

	m->inits = m->locks = m->hopcount = 0;
	m->rtt = m->rttvar = m->pksent = m->weight = 0;
	if (w == NULL || m->buf == NULL ||
	    (m->hdr != VW_BH_RT && m->hdr != VW_BH_RT2))
		return;
	rmx = m->buf + w->rtm_rmx_off;
	wd = w->rmx_word;
	/* FreeBSD's u_long fields: the low half comes first (little-endian). */
	m->inits = vw__le32(m->buf + VW_RTM_INITS_OFF);
	m->locks = vw__le32(rmx + VW_RMX_LOCKS * wd);
	m->hopcount = vw__le32(rmx + VW_RMX_HOPCOUNT * wd);
	m->rtt = vw__le32(rmx + VW_RMX_RTT * wd);
	m->rttvar = vw__le32(rmx + VW_RMX_RTTVAR * wd);
	m->pksent = vw__le32(rmx + VW_RMX_PKSENT * wd);
	if (wd == 8)
		m->weight = vw__le32(rmx + VW_RMX_WEIGHT * 8);
}

void
vw_bsd_msg_decode(struct vw_bsd_msg *m)
{
	struct vw_bsd_sa *s;
	unsigned plen;
	int i, contig;

	decode_rmx(m);
	for (i = 0; i < VW_RTAX_MAX; i++) {
		s = &m->sa[i];
		memset(&s->link, 0, sizeof(s->link));
		s->mask_plen = 0;
		s->mask_contig = 1;
		switch (s->kind) {
		case VW_SA_INET:
		case VW_SA_INET6:
			(void)vw_bsd_sa_ip(m, i, &s->ip);
			break;
		case VW_SA_LINK:
			memset(&s->ip, 0, sizeof(s->ip));
			(void)vw_bsd_sa_link(m, i, &s->link);
			break;
		default:
			if (i == VW_RTAX_NETMASK || i == VW_RTAX_GENMASK) {
				if (vw_bsd_sa_mask(m, i, &plen, &contig,
				    &s->ip) >= 0) {
					s->mask_plen = (uint8_t)plen;
					s->mask_contig = (int8_t)contig;
					break;
				}
			}
			memset(&s->ip, 0, sizeof(s->ip));
			break;
		}
	}
	m->decoded = 1;
}
