/* SPDX-License-Identifier: ISC */
/*
 * test_bsd_parse.c - the BSD routing-message decoder (bsd_msg.h) against
 * byte-exact fixtures (bsd_fix.h): headers of every type on both kernels,
 * the sockaddr walk and its quirks, rejection of malformed input with the
 * right code and offset, translation to events, and reads that never
 * leave the buffer.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsd_fix.h"
#include "bsd_wire.h"
#include "vw_test.h"

#define DARWIN	VW_OS_DARWIN
#define FREEBSD	VW_OS_FREEBSD

/* ---- helpers ------------------------------------------------------------ */

/*
 * vw_bsd_parse() has two paths, a fast one for dump entries and the
 * general one; both must leave the same message behind.  Compares what
 * the parser sets (the scalar part, and kind, sa_len, sa_family, raw and
 * raw_len of each present slot).
 */
static void
same_parse(const struct vw_bsd_msg *a, const struct vw_bsd_msg *b)
{
	int i;

	ASSERT_MEM_EQ(a, b, offsetof(struct vw_bsd_msg, off));
	ASSERT_EQ(a->off, b->off);
	ASSERT(a->buf == b->buf);
	for (i = 0; i < VW_RTAX_MAX; i++) {
		ASSERT_EQ(a->sa[i].kind, b->sa[i].kind);
		ASSERT_EQ(a->sa[i].sa_len, b->sa[i].sa_len);
		if (a->sa[i].kind == VW_SA_ABSENT)
			continue;
		ASSERT_EQ(a->sa[i].sa_family, b->sa[i].sa_family);
		ASSERT(a->sa[i].raw == b->sa[i].raw);
		ASSERT_EQ(a->sa[i].raw_len, b->sa[i].raw_len);
	}
}

/*
 * vw_bsd_msg_decode() must fill each slot with what the accessors give
 * for it (and zeros where they give nothing).
 */
static void
decode_matches_accessors(const struct vw_bsd_msg *m)
{
	struct vw_bsd_msg d;
	struct vw_ip ip, zip;
	struct vw_linkgw l, zl;
	unsigned plen;
	int i, contig, fam;

	memset(&zip, 0, sizeof(zip));
	memset(&zl, 0, sizeof(zl));
	memcpy(&d, m, sizeof(d));
	ASSERT_EQ(d.decoded, 0);
	vw_bsd_msg_decode(&d);
	ASSERT_EQ(d.decoded, 1);
	ASSERT_MEM_EQ(&d, m, offsetof(struct vw_bsd_msg, decoded));
	for (i = 0; i < VW_RTAX_MAX; i++) {
		const struct vw_bsd_sa *s = &d.sa[i];

		if (vw_bsd_sa_ip(m, i, &ip) == 0) {
			ASSERT(s->kind == VW_SA_INET || s->kind == VW_SA_INET6);
			ASSERT_MEM_EQ(&s->ip, &ip, sizeof(ip));
		} else {
			ASSERT_MEM_EQ(&ip, &zip, sizeof(ip));
			ASSERT(s->kind != VW_SA_INET && s->kind != VW_SA_INET6);
		}
		if (vw_bsd_sa_link(m, i, &l) == 0) {
			ASSERT_EQ(s->kind, VW_SA_LINK);
			ASSERT_MEM_EQ(&s->link, &l, sizeof(l));
		} else {
			ASSERT_MEM_EQ(&l, &zl, sizeof(l));
			ASSERT_MEM_EQ(&s->link, &zl, sizeof(l));
		}
		fam = vw_bsd_sa_mask(m, i, &plen, &contig, &ip);
		if (fam >= 0) {
			ASSERT(i == VW_RTAX_NETMASK || i == VW_RTAX_GENMASK);
			ASSERT(s->kind == VW_SA_MASK ||
			    s->kind == VW_SA_EMPTY || s->kind == VW_SA_OTHER);
			ASSERT_EQ(ip.family, fam);
			/* A typed mask has a family; OTHER has none. */
			if (s->kind == VW_SA_MASK)
				ASSERT(fam != VW_AF_NONE);
			if (s->kind == VW_SA_OTHER)
				ASSERT_EQ(fam, VW_AF_NONE);
			ASSERT_EQ(s->mask_plen, plen);
			ASSERT_EQ(s->mask_contig, contig);
			ASSERT_MEM_EQ(&s->ip, &ip, sizeof(ip));
		} else {
			ASSERT_EQ(fam, VW_EINVAL);
			ASSERT_EQ(s->mask_plen, 0);
			ASSERT_EQ(s->mask_contig, 1);
			if (s->kind != VW_SA_INET && s->kind != VW_SA_INET6)
				ASSERT_MEM_EQ(&s->ip, &zip, sizeof(zip));
		}
	}
}

/*
 * Decode the one message at the start of b; it must succeed, the same
 * way on both parser paths, and decode as its accessors say.
 */
static int
parse_ok(const struct bsd_buf *b, size_t off, struct vw_bsd_msg *m)
{
	static struct vw_bsd_msg g;
	struct vw_perr e;
	int r;

	memset(&e, 0, sizeof(e));
	r = vw_bsd_parse(b->os, b->b + off, b->len - off, off, m, &e);
	if (r <= 0)
		fprintf(stderr, "# parse at %zu: %s: %s\n", off,
		    vw_err_name(r), e.msg);
	if (r > 0) {
		ASSERT_EQ(vw__bsd_parse_general(b->os, b->b + off,
		    b->len - off, off, &g, &e), r);
		same_parse(m, &g);
		decode_matches_accessors(m);
	}
	return r;
}

/*
 * Both parser paths and both translation paths on len bytes at p: the
 * same result, message, error and events; a parsed message decodes as its
 * accessors say.  Returns vw_bsd_parse()'s result.
 */
static int
both_paths(int os, const uint8_t *p, size_t len, size_t off)
{
	static struct vw_bsd_msg a, g;
	struct vw_event eva[2], evg[2];
	struct vw_perr ea, eg;
	int r, n, i;

	memset(&ea, 0, sizeof(ea));
	memset(&eg, 0, sizeof(eg));
	r = vw_bsd_parse(os, p, len, off, &a, &ea);
	ASSERT_EQ(vw__bsd_parse_general(os, p, len, off, &g, &eg), r);
	if (r > 0) {
		same_parse(&a, &g);
		decode_matches_accessors(&a);
		n = vw_bsd_to_events(&a, BSD_FIX_NOW, eva, 2);
		ASSERT_EQ(vw__bsd_to_events_general(&a, BSD_FIX_NOW, evg, 2),
		    n);
		for (i = 0; i < n; i++)
			ASSERT_MEM_EQ(&eva[i], &evg[i],
			    offsetof(struct vw_event, old));
		return r;
	}
	ASSERT_EQ(ea.code, eg.code);
	ASSERT_EQ(ea.off, eg.off);
	ASSERT_STR_EQ(ea.msg, eg.msg);
	if (r == VW_ESKIP)
		same_parse(&a, &g);
	return r;
}

/* Slot rtax decoded by the accessors, which must succeed. */
static const struct vw_ip *
sa_ip(const struct vw_bsd_msg *m, int rtax)
{
	static struct vw_ip ring[4];
	static unsigned k;
	struct vw_ip *ip = &ring[k++ % 4];

	ASSERT_OK(vw_bsd_sa_ip(m, rtax, ip));
	return ip;
}

static const struct vw_linkgw *
sa_link(const struct vw_bsd_msg *m, int rtax)
{
	static struct vw_linkgw ring[4];
	static unsigned k;
	struct vw_linkgw *l = &ring[k++ % 4];

	ASSERT_OK(vw_bsd_sa_link(m, rtax, l));
	return l;
}

struct mask_view {
	int		family;
	unsigned	plen;
	int		contig;
	struct vw_ip	ip;
};

static const struct mask_view *
sa_mask(const struct vw_bsd_msg *m, int rtax)
{
	static struct mask_view ring[4];
	static unsigned k;
	struct mask_view *v = &ring[k++ % 4];

	v->family = vw_bsd_sa_mask(m, rtax, &v->plen, &v->contig, &v->ip);
	ASSERT_GE(v->family, 0);
	return v;
}

static int
ip_is(const struct vw_ip *ip, const char *text)
{
	struct vw_ip want;

	if (vw_ip_parse(text, &want) != 0)
		return 0;
	return vw_ip_cmp(ip, &want) == 0;
}

static int
ll_is(const struct vw_lladdr *ll, const char *text)
{
	char buf[VW_LL_STRLEN];

	if (vw_ll_canon(ll, buf, sizeof(buf)) < 0)
		return 0;
	return strcmp(buf, text) == 0;
}

/* ---- the wire constants against the reference's numbers ----------------- */

VW_TEST(test_wire_constants)
{
	const struct vw_bsd_wire *d = vw_bsd_wire(DARWIN);
	const struct vw_bsd_wire *f = vw_bsd_wire(FREEBSD);

	ASSERT(d != NULL && f != NULL);
	ASSERT(vw_bsd_wire(VW_OS_LINUX) == NULL);
	ASSERT_EQ(d->sa_align, 4);
	ASSERT_EQ(f->sa_align, 8);
	ASSERT_EQ(d->af_inet6, 30);
	ASSERT_EQ(f->af_inet6, 28);
	ASSERT_EQ(d->rtm_hdrlen, 92);
	ASSERT_EQ(d->rtm2_hdrlen, 92);
	ASSERT_EQ(f->rtm_hdrlen, 152);
	ASSERT_EQ(f->rtm2_hdrlen, 0);
	ASSERT_EQ(d->rtm_rmx_off + 14 * d->rmx_word, 92);
	ASSERT_EQ(f->rtm_rmx_off + 14 * f->rmx_word, 152);
	ASSERT_EQ(d->ifm_hdrlen, 112);
	ASSERT_EQ(d->ifm2_hdrlen, 160);
	ASSERT_EQ(f->ifm_hdrlen, 168);
	ASSERT_EQ(d->ifam_hdrlen, 20);
	ASSERT_EQ(d->ifmam_hdrlen, 16);
	ASSERT_EQ(d->ifmam2_hdrlen, 20);
	ASSERT_EQ(f->ifan_hdrlen, 24);
	ASSERT_EQ(d->sdl_len, 20);
	ASSERT_EQ(f->sdl_len, 54);
	ASSERT_EQ(d->ift_gif, 0x37);
	ASSERT_EQ(f->ift_gif, 0xf0);
	ASSERT_EQ(VW_RMX_LEN_DARWIN, 56);
	ASSERT_EQ(VW_RMX_LEN_FREEBSD, 112);
	ASSERT_EQ(VW_RTM_DARWIN_IFINFO2, 0x12);
	ASSERT_EQ(VW_RTM_DARWIN_NEWMADDR2, 0x13);
	ASSERT_EQ(VW_RTM_DARWIN_GET2, 0x14);
	ASSERT_EQ(VW_RTM_DARWIN_GET_EXT, 0x15);
	ASSERT_EQ(VW_RTM_FREEBSD_IFANNOUNCE, 0x11);
	ASSERT_EQ(VW_RTF_LLINFO, 0x400);
	ASSERT_EQ(VW_RTF_PRCLONING, 0x10000);
	ASSERT_EQ(VW_RTF_WASCLONED, 0x20000);
	ASSERT_EQ(VW_RTF_IFSCOPE, 0x1000000);
	ASSERT_EQ(VW_RTF_ROUTER, 0x10000000);
	ASSERT_EQ(VW_RTF_GLOBAL, 0x40000000);
	ASSERT_EQ(VW_RTF_MULTICAST, 0x800000);
	ASSERT_EQ(VW_IFF_BSD_MULTICAST, 0x8000);
	ASSERT_EQ(VW_IFT_BRIDGE, 0xd1);
	ASSERT_EQ(VW_BSD_SA_ROUNDUP(0, 4), 4);
	ASSERT_EQ(VW_BSD_SA_ROUNDUP(14, 4), 16);
	ASSERT_EQ(VW_BSD_SA_ROUNDUP(28, 4), 28);
	ASSERT_EQ(VW_BSD_SA_ROUNDUP(0, 8), 8);
	ASSERT_EQ(VW_BSD_SA_ROUNDUP(28, 8), 32);
	ASSERT_EQ(VW_BSD_SA_ROUNDUP(54, 8), 56);
}

VW_TEST(test_type_names)
{
	ASSERT_STR_EQ(vw_bsd_type_name(DARWIN, 0x01), "RTM_ADD");
	ASSERT_STR_EQ(vw_bsd_type_name(FREEBSD, 0x0e), "RTM_IFINFO");
	ASSERT_STR_EQ(vw_bsd_type_name(DARWIN, 0x10), "RTM_DELMADDR");
	ASSERT_STR_EQ(vw_bsd_type_name(DARWIN, 0x11), "RTM_GET_SILENT");
	ASSERT_STR_EQ(vw_bsd_type_name(DARWIN, 0x12), "RTM_IFINFO2");
	ASSERT_STR_EQ(vw_bsd_type_name(DARWIN, 0x14), "RTM_GET2");
	ASSERT_STR_EQ(vw_bsd_type_name(DARWIN, 0x15), "RTM_GET_EXT");
	ASSERT_STR_EQ(vw_bsd_type_name(FREEBSD, 0x11), "RTM_IFANNOUNCE");
	ASSERT_STR_EQ(vw_bsd_type_name(FREEBSD, 0x12), "RTM_IEEE80211");
	ASSERT_STR_EQ(vw_bsd_type_name(FREEBSD, 0x14), "RTM_#20");
	ASSERT_STR_EQ(vw_bsd_type_name(FREEBSD, 0x09), "RTM_#9");
	ASSERT_STR_EQ(vw_bsd_type_name(DARWIN, 0x09), "RTM_OLDADD");
	ASSERT_STR_EQ(vw_bsd_type_name(DARWIN, 0), "RTM_#0");
	ASSERT_STR_EQ(vw_bsd_type_name(DARWIN, 0x1f), "RTM_#31");
	ASSERT_STR_EQ(vw_bsd_type_name(DARWIN, 255), "RTM_#255");
	ASSERT_STR_EQ(vw_bsd_type_name(VW_OS_LINUX, 1), "RTM_#1");
}

/* ---- headers ------------------------------------------------------------ */

VW_TEST(test_rt_msghdr_darwin)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;

	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_ADD, .index = 0x1234,
	    .flags = 0x40000843, .addrs = VW_RTA_DST, .pid = 812, .seq = 77,
	    .err = 0, .use = 5150, .inits = VW_RTV_EXPIRE, .locks = 0x80,
	    .mtu = 1380, .hopcount = 3, .rtt = 2000, .rttvar = 900,
	    .pksent = 5151, .expire = -2 });
	bsd_sa_in(&b, "198.18.0.1");
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(b.len, 92 + 16);
	ASSERT_EQ(parse_ok(&b, 0, &m), 108);
	ASSERT_EQ(m.os, DARWIN);
	ASSERT_EQ(m.hdr, VW_BH_RT);
	ASSERT_EQ(m.version, 5);
	ASSERT_EQ(m.type, VW_RTM_ADD);
	ASSERT_EQ(m.msglen, 108);
	ASSERT_EQ(m.index, 0x1234);
	ASSERT_EQ(m.flags, 0x40000843);
	ASSERT_EQ(m.addrs, VW_RTA_DST);
	ASSERT_EQ(m.pid, 812);
	ASSERT_EQ(m.seq, 77);
	ASSERT_EQ(m.err, 0);
	ASSERT_EQ(m.use, 5150);
	ASSERT_EQ(m.fmask, 0);
	/* The metrics no event carries are vw_bsd_msg_decode()'s. */
	vw_bsd_msg_decode(&m);
	ASSERT_EQ(m.inits, VW_RTV_EXPIRE);
	ASSERT_EQ(m.locks, 0x80);
	ASSERT_EQ(m.mtu, 1380);
	ASSERT_EQ(m.hopcount, 3);
	ASSERT_EQ(m.rtt, 2000);
	ASSERT_EQ(m.rttvar, 900);
	ASSERT_EQ(m.pksent, 5151);
	ASSERT_EQ(m.expire, -2);		/* macOS rmx_expire is int32 */
	ASSERT_EQ(m.refcnt, 0);
	ASSERT_EQ(m.sa[VW_RTAX_DST].kind, VW_SA_INET);
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_DST), "198.18.0.1"));
	ASSERT_EQ(m.sa[VW_RTAX_GATEWAY].kind, VW_SA_ABSENT);
	bsd_buf_free(&b);
}

VW_TEST(test_rt_msghdr2_darwin)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;

	bsd_buf_init(&b, DARWIN);
	bsd_rt2(&b, &(struct bsd_rt){ .type = VW_RTM_DARWIN_GET2, .index = 24,
	    .flags = 0x101, .addrs = 0, .refcnt = 9, .parentflags = 0x10843,
	    .use = 44, .mtu = 1500, .expire = BSD_FIX_NOW + 60 });
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), 92);
	ASSERT_EQ(m.hdr, VW_BH_RT2);
	ASSERT_EQ(m.refcnt, 9);
	ASSERT_EQ(m.parentflags, 0x10843);
	ASSERT_EQ(m.pid, 0);
	ASSERT_EQ(m.seq, 0);
	ASSERT_EQ(m.err, 0);
	ASSERT_EQ(m.use, 44);
	ASSERT_EQ(m.expire, BSD_FIX_NOW + 60);
	bsd_buf_free(&b);
}

VW_TEST(test_rt_msghdr_freebsd)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;

	bsd_buf_init(&b, FREEBSD);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_CHANGE, .index = 3,
	    .flags = 0x803, .addrs = VW_RTA_DST, .pid = 41, .seq = -5,
	    .err = 0, .fmask = 0x800, .inits = VW_RTV_MTU | VW_RTV_WEIGHT,
	    .mtu = 9000, .rtt = 1, .weight = 7, .nhidx = 12,
	    .expire = 0x100000005LL });
	bsd_sa_in(&b, "198.18.1.0");
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(b.len, 152 + 16);
	ASSERT_EQ(parse_ok(&b, 0, &m), 168);
	ASSERT_EQ(m.os, FREEBSD);
	ASSERT_EQ(m.hdr, VW_BH_RT);
	ASSERT_EQ(m.type, VW_RTM_CHANGE);
	ASSERT_EQ(m.index, 3);
	ASSERT_EQ(m.flags, 0x803);
	ASSERT_EQ(m.pid, 41);
	ASSERT_EQ(m.seq, -5);
	ASSERT_EQ(m.fmask, 0x800);
	ASSERT_EQ(m.use, 0);
	vw_bsd_msg_decode(&m);
	ASSERT_EQ(m.inits, VW_RTV_MTU | VW_RTV_WEIGHT);
	ASSERT_EQ(m.mtu, 9000);
	ASSERT_EQ(m.rtt, 1);
	ASSERT_EQ(m.weight, 7);
	ASSERT_EQ(m.expire, 0x100000005LL);	/* u_long: all 8 bytes */
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_DST), "198.18.1.0"));
	bsd_buf_free(&b);
}

VW_TEST(test_if_msghdr_both)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	int r;

	bsd_buf_init(&b, DARWIN);
	bsd_if(&b, &(struct bsd_if){ .index = 24, .flags = 0x8862,
	    .ifi_type = VW_IFT_BRIDGE, .ifi_addrlen = 6, .mtu = 1500,
	    .metric = 3, .baudrate = 10000000 });
	bsd_end(&b, BSD_END_RT_MSG1);
	ASSERT_EQ(parse_ok(&b, 0, &m), 112);
	ASSERT_EQ(m.hdr, VW_BH_IF);
	ASSERT_EQ(m.index, 24);
	ASSERT_EQ(m.flags, 0x8862);
	ASSERT_EQ(m.addrs, 0);
	ASSERT_EQ(m.ifi_type, VW_IFT_BRIDGE);
	ASSERT_EQ(m.ifi_addrlen, 6);
	ASSERT_EQ(m.ifi_mtu, 1500);
	ASSERT_EQ(m.metric, 3);
	ASSERT_EQ(m.ifi_baudrate, 10000000);
	ASSERT_EQ(m.ifi_link_state, 0);
	bsd_buf_free(&b);

	/* macOS if_msghdr2: if_data64 at 32, 64-bit baudrate. */
	bsd_buf_init(&b, DARWIN);
	bsd_if2(&b, &(struct bsd_if){ .index = 4, .flags = 0x8863,
	    .addrs = VW_RTA_IFP, .ifi_type = VW_IFT_ETHER, .ifi_addrlen = 6,
	    .mtu = 9000, .metric = 1, .baudrate = 10000000000ULL });
	bsd_sa_dl_ifp(&b, 4, VW_IFT_ETHER, "en0", "f0:18:98:12:34:56");
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), 180);
	ASSERT_EQ(m.hdr, VW_BH_IF2);
	ASSERT_EQ(m.type, VW_RTM_DARWIN_IFINFO2);
	ASSERT_EQ(m.ifi_mtu, 9000);
	ASSERT_EQ(m.metric, 1);
	ASSERT_EQ(m.ifi_baudrate, 10000000000ULL);
	ASSERT_EQ(m.sa[VW_RTAX_IFP].kind, VW_SA_LINK);
	ASSERT_STR_EQ(sa_link(&m, VW_RTAX_IFP)->name, "en0");
	bsd_buf_free(&b);

	/* FreeBSD if_msghdr: addrlen at +2, link state at +4, 168 bytes. */
	bsd_buf_init(&b, FREEBSD);
	bsd_if(&b, &(struct bsd_if){ .index = 1, .flags = 0x8863,
	    .ifi_type = VW_IFT_ETHER, .ifi_addrlen = 6, .link_state = 2,
	    .mtu = 1500, .baudrate = 25000000000ULL });
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), 168);
	ASSERT_EQ(m.ifi_addrlen, 6);
	ASSERT_EQ(m.ifi_link_state, VW_LINK_STATE_UP);
	ASSERT_EQ(m.ifi_baudrate, 25000000000ULL);
	bsd_buf_free(&b);

	/* macOS has no if_msghdr2 on FreeBSD: 0x12 there is RTM_IEEE80211. */
	bsd_buf_init(&b, FREEBSD);
	bsd_announce(&b, 2, "wlan0", 0);
	bsd_end(&b, BSD_END_PADDED);
	bsd_set8(&b, 3, 0x12);
	r = parse_ok(&b, 0, &m);
	ASSERT_EQ(r, 24);
	ASSERT_EQ(m.hdr, VW_BH_ANNOUNCE);
	bsd_buf_free(&b);
}

VW_TEST(test_ifa_ifma_announce)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	int os;

	for (os = DARWIN; os <= FREEBSD; os++) {
		bsd_buf_init(&b, os);
		bsd_ifa(&b, &(struct bsd_ifa){ .type = VW_RTM_NEWADDR,
		    .index = 7, .flags = 0x1, .metric = 5,
		    .addrs = VW_RTA_IFA });
		bsd_sa_in(&b, "198.18.7.1");
		bsd_end(&b, BSD_END_PADDED);
		/* FreeBSD dumps ALIGN() the total to 8: 20 + 16 -> 40. */
		ASSERT_EQ(parse_ok(&b, 0, &m), os == DARWIN ? 36 : 40);
		ASSERT_EQ(m.hdr, VW_BH_IFA);
		ASSERT_EQ(m.index, 7);
		ASSERT_EQ(m.flags, 1);
		ASSERT_EQ(m.metric, 5);
		ASSERT(ip_is(sa_ip(&m, VW_RTAX_IFA), "198.18.7.1"));
		bsd_buf_free(&b);

		bsd_buf_init(&b, os);
		bsd_ifma(&b, &(struct bsd_ifa){ .type = VW_RTM_NEWMADDR,
		    .index = 9, .addrs = VW_RTA_IFA });
		bsd_sa_in(&b, "224.0.0.251");
		bsd_end(&b, BSD_END_PADDED);
		ASSERT_EQ(parse_ok(&b, 0, &m), 32);
		ASSERT_EQ(m.hdr, VW_BH_IFMA);
		ASSERT_EQ(m.index, 9);
		bsd_buf_free(&b);
	}

	bsd_buf_init(&b, DARWIN);
	bsd_ifma2(&b, &(struct bsd_ifa){ .index = 24, .refcount = 3,
	    .addrs = VW_RTA_IFA });
	bsd_sa_in(&b, "224.0.0.251");
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), 36);
	ASSERT_EQ(m.hdr, VW_BH_IFMA2);
	ASSERT_EQ(m.refcnt, 3);
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_IFA), "224.0.0.251"));
	bsd_buf_free(&b);

	bsd_buf_init(&b, FREEBSD);
	bsd_fix_freebsd_ifannounce(&b);
	ASSERT_EQ(parse_ok(&b, 0, &m), 24);
	ASSERT_EQ(m.hdr, VW_BH_ANNOUNCE);
	ASSERT_EQ(m.index, 5);
	ASSERT_STR_EQ(m.ifan_name, "tap0");
	ASSERT_EQ(m.ifan_what, VW_IFAN_ARRIVAL);
	ASSERT_EQ(parse_ok(&b, 24, &m), 24);
	ASSERT_EQ(m.ifan_what, VW_IFAN_DEPARTURE);
	bsd_buf_free(&b);

	/* 0x11 on macOS is RTM_GET_SILENT: an rt_msghdr. */
	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = 0x11, .pid = 3 });
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), 92);
	ASSERT_EQ(m.hdr, VW_BH_RT);
	ASSERT_EQ(m.pid, 3);
	bsd_buf_free(&b);
}

/* ---- the sockaddr walk -------------------------------------------------- */

VW_TEST(test_walk_alignment)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	const struct vw_bsd_sa *s;
	static const unsigned off[2][3] = {
		{ 92, 92 + 28, 92 + 28 + 16 },		/* macOS: 4 */
		{ 152, 152 + 32, 152 + 32 + 16 }	/* FreeBSD: 8 */
	};
	int os, k;

	for (os = DARWIN; os <= FREEBSD; os++) {
		k = os - DARWIN;
		bsd_buf_init(&b, os);
		bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_ADD,
		    .addrs = VW_RTA_DST | VW_RTA_GATEWAY | VW_RTA_IFA });
		bsd_sa_in6(&b, "2001:db8::1", 0, 0);	/* 28 */
		bsd_sa_dl_mcast(&b, 4, "01:00:5e:00:00:fb"); /* 14 */
		bsd_sa_in(&b, "198.18.0.9");
		bsd_end(&b, BSD_END_PADDED);
		ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
		s = m.sa;
		ASSERT_EQ(s[VW_RTAX_DST].raw - b.b, off[k][0]);
		ASSERT_EQ(s[VW_RTAX_GATEWAY].raw - b.b, off[k][1]);
		ASSERT_EQ(s[VW_RTAX_IFA].raw - b.b, off[k][2]);
		ASSERT_EQ(s[VW_RTAX_DST].kind, VW_SA_INET6);
		ASSERT_EQ(s[VW_RTAX_DST].sa_family, os == DARWIN ? 30 : 28);
		ASSERT(ip_is(sa_ip(&m, VW_RTAX_DST), "2001:db8::1"));
		ASSERT_EQ(s[VW_RTAX_GATEWAY].kind, VW_SA_LINK);
		ASSERT_EQ(s[VW_RTAX_GATEWAY].sa_len, 14);
		ASSERT_EQ(s[VW_RTAX_GATEWAY].raw_len, 14);
		ASSERT(ll_is(&sa_link(&m, VW_RTAX_GATEWAY)->ll,
		    "01:00:5e:00:00:fb"));
		ASSERT(ip_is(sa_ip(&m, VW_RTAX_IFA), "198.18.0.9"));
		ASSERT_EQ(m.sa_short, 0);
		bsd_buf_free(&b);
	}
}

/* A macOS RTM_GET2 for 198.18.0.0 with the given mask sockaddr. */
static void
mask_msg(struct bsd_buf *b, int os, void (*mask)(struct bsd_buf *, unsigned),
    unsigned plen, const char *dst)
{
	bsd_buf_init(b, os);
	bsd_rt(b, &(struct bsd_rt){ .type = VW_RTM_GET,
	    .addrs = VW_RTA_DST | VW_RTA_GATEWAY | VW_RTA_NETMASK |
	    VW_RTA_IFA });
	if (strchr(dst, ':') != NULL)
		bsd_sa_in6(b, dst, 0, 0);
	else
		bsd_sa_in(b, dst);
	bsd_sa_link(b, 4, VW_IFT_ETHER);
	mask(b, plen);
	bsd_sa_in(b, "198.18.0.1");
	bsd_end(b, BSD_END_PADDED);
}

static void
mask6_short(struct bsd_buf *b, unsigned plen)
{
	bsd_sa_mask6_radix(b, plen, 0);
}

static void
mask6_note(struct bsd_buf *b, unsigned plen)
{
	bsd_sa_mask6_radix(b, plen, 28);
}

VW_TEST(test_masks_radix)
{
	static const struct {
		unsigned plen, sa_len;
		uint8_t a0, a3;
	} v4[] = {
		{ 0, 0, 0x00, 0x00 }, { 4, 5, 0xf0, 0x00 },
		{ 8, 5, 0xff, 0x00 }, { 16, 6, 0xff, 0x00 },
		{ 24, 7, 0xff, 0x00 }, { 32, 8, 0xff, 0xff },
	};
	struct bsd_buf b;
	struct vw_bsd_msg m;
	const struct vw_bsd_sa *s;
	size_t i;

	for (i = 0; i < sizeof(v4) / sizeof(v4[0]); i++) {
		mask_msg(&b, DARWIN, bsd_sa_mask4_radix, v4[i].plen,
		    "198.18.0.0");
		ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
		s = &m.sa[VW_RTAX_NETMASK];
		ASSERT_EQ(s->sa_len, v4[i].sa_len);
		if (v4[i].plen == 0) {
			ASSERT_EQ(s->kind, VW_SA_EMPTY);
		} else {
			ASSERT_EQ(s->kind, VW_SA_MASK);
			ASSERT_EQ(s->sa_family, 0xff);	/* not a family */
		}
		ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, v4[i].plen);
		ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->contig, 1);
		ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.family, VW_AF_INET);
		ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.a[0], v4[i].a0);
		ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.a[3], v4[i].a3);
		/* IFA still found after the short mask and its padding. */
		ASSERT(ip_is(sa_ip(&m, VW_RTAX_IFA), "198.18.0.1"));
		bsd_buf_free(&b);
	}

	/* IPv6 /64 radix mask: 16 bytes, 0xff in family, port, flowinfo. */
	mask_msg(&b, DARWIN, mask6_short, 64, "2001:db8::");
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	s = &m.sa[VW_RTAX_NETMASK];
	ASSERT_EQ(s->sa_len, 16);
	ASSERT_EQ(s->kind, VW_SA_MASK);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 64);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->contig, 1);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.family, VW_AF_INET6);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.a[7], 0xff);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.a[8], 0x00);
	/* masks are never unembedded */
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.scope, 0);
	bsd_buf_free(&b);

	/* Notification form: sa_len forced to 28, /0 and /64. */
	mask_msg(&b, DARWIN, mask6_note, 0, "::");
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	s = &m.sa[VW_RTAX_NETMASK];
	ASSERT_EQ(s->sa_len, 28);
	ASSERT_EQ(s->kind, VW_SA_MASK);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 0);
	bsd_buf_free(&b);
	mask_msg(&b, DARWIN, mask6_note, 64, "2001:db8::");
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 64);
	/* ff ff in bytes 2-3 of the mask are not a KAME scope. */
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.a[2], 0xff);
	bsd_buf_free(&b);
}

static void
mask4_8(struct bsd_buf *b, unsigned plen)
{
	bsd_sa_mask4_len(b, plen, 8, 0);
}

VW_TEST(test_masks_other_shapes)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	const struct vw_bsd_sa *s;

	/* route(8): 07 02 00 00 ff ff ff. */
	mask_msg(&b, DARWIN, bsd_sa_mask4_user, 24, "198.18.0.0");
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	s = &m.sa[VW_RTAX_NETMASK];
	ASSERT_EQ(s->sa_len, 7);
	ASSERT_EQ(s->sa_family, 2);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 24);
	bsd_buf_free(&b);

	/* arp(8) / ia_sockmask: sin_len 8. */
	mask_msg(&b, DARWIN, mask4_8, 20, "198.18.0.0");
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 20);
	bsd_buf_free(&b);

	/* FreeBSD 13/14 full-length masks, both families. */
	mask_msg(&b, FREEBSD, bsd_sa_mask4_full, 24, "198.18.0.0");
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	s = &m.sa[VW_RTAX_NETMASK];
	ASSERT_EQ(s->sa_len, 16);
	ASSERT_EQ(s->kind, VW_SA_MASK);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 24);
	bsd_buf_free(&b);
	mask_msg(&b, FREEBSD, bsd_sa_mask6_full, 56, "2001:db8::");
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 56);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.family, VW_AF_INET6);
	bsd_buf_free(&b);
	mask_msg(&b, FREEBSD, bsd_sa_mask4_full, 0, "0.0.0.0");
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(m.sa[VW_RTAX_NETMASK].kind, VW_SA_MASK);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 0);
	bsd_buf_free(&b);
}

VW_TEST(test_mask_noncontiguous)
{
	static const uint8_t odd[] = { 0x08, 0xff, 0xff, 0xff, 0xff, 0x00,
	    0xff, 0x00 };			/* 255.0.255.0 */
	struct bsd_buf b;
	struct vw_bsd_msg m;

	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
	    .addrs = VW_RTA_DST | VW_RTA_NETMASK });
	bsd_sa_in(&b, "198.0.18.0");
	bsd_sa_raw(&b, odd, sizeof(odd));
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 8);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->contig, 0);
	bsd_buf_free(&b);
}

/* Only sa_len bytes count: padding after a short mask is not mask. */
VW_TEST(test_mask_ignores_padding)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	size_t pad;

	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
	    .addrs = VW_RTA_DST | VW_RTA_NETMASK | VW_RTA_IFA });
	bsd_sa_in(&b, "198.18.0.0");
	bsd_sa_mask4_radix(&b, 16);		/* 6 bytes + 2 padding */
	pad = b.sa_start + 6;
	bsd_sa_in(&b, "198.18.0.1");
	bsd_end(&b, BSD_END_PADDED);
	bsd_set8(&b, pad, 0xff);
	bsd_set8(&b, pad + 1, 0xaa);
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 16);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->contig, 1);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.a[2], 0);
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_IFA), "198.18.0.1"));
	bsd_buf_free(&b);
}

/* No RTA_DST: masks take RTA_IFA's family (RTM_NEWADDR). */
VW_TEST(test_mask_family_from_ifa)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;

	bsd_buf_init(&b, DARWIN);
	bsd_ifa(&b, &(struct bsd_ifa){ .type = VW_RTM_NEWADDR, .index = 4,
	    .addrs = VW_RTA_NETMASK | VW_RTA_IFA });
	bsd_sa_mask6_radix(&b, 64, 0);	/* family byte 0xff, 16 bytes */
	bsd_sa_in6(&b, "fe80::1c2b:3aff:fe4d:5e6f", 4, 1);
	bsd_end(&b, BSD_END_RT_MSG1);
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(m.sa[VW_RTAX_NETMASK].kind, VW_SA_MASK);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.family, VW_AF_INET6);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 64);
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_IFA), "fe80::1c2b:3aff:fe4d:5e6f%4"));
	bsd_buf_free(&b);

	bsd_buf_init(&b, DARWIN);
	bsd_ifa(&b, &(struct bsd_ifa){ .type = VW_RTM_NEWADDR, .index = 4,
	    .addrs = VW_RTA_NETMASK | VW_RTA_IFA });
	bsd_sa_mask4_len(&b, 22, 8, 0);	/* family byte 0 */
	bsd_sa_in(&b, "198.18.4.1");
	bsd_end(&b, BSD_END_RT_MSG1);
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->ip.family, VW_AF_INET);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 22);
	bsd_buf_free(&b);
}

VW_TEST(test_salen_zero_middle_and_end)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	int os;

	for (os = DARWIN; os <= FREEBSD; os++) {
		/* GATEWAY sa_len 0 in the middle takes one alignment unit. */
		bsd_buf_init(&b, os);
		bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
		    .addrs = VW_RTA_DST | VW_RTA_GATEWAY | VW_RTA_NETMASK });
		bsd_sa_in(&b, "0.0.0.0");
		bsd_sa_empty(&b, 30);
		bsd_sa_empty(&b, 0);		/* last, padded */
		bsd_end(&b, BSD_END_PADDED);
		ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
		ASSERT_EQ(m.sa[VW_RTAX_GATEWAY].kind, VW_SA_EMPTY);
		ASSERT_EQ(m.sa[VW_RTAX_GATEWAY].sa_family, 30);
		ASSERT_EQ(m.sa[VW_RTAX_NETMASK].kind, VW_SA_EMPTY);
		ASSERT_EQ(m.sa[VW_RTAX_NETMASK].raw -
		    m.sa[VW_RTAX_GATEWAY].raw, os == DARWIN ? 4 : 8);
		ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 0);
		ASSERT_EQ(m.sa_short, 0);
		bsd_buf_free(&b);
	}
}

/* Reference 3.2: rt_msg1 does not pad the last sockaddr. */
VW_TEST(test_unpadded_last)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;

	bsd_buf_init(&b, DARWIN);
	bsd_fix_macos_addr_gone(&b);
	ASSERT_EQ(b.b[0] | b.b[1] << 8, 135);	/* 92 + 16 + 20 + 7 */
	ASSERT_EQ(parse_ok(&b, 0, &m), 135);
	ASSERT_EQ(m.type, VW_RTM_DELETE);
	ASSERT_EQ(m.sa[VW_RTAX_NETMASK].kind, VW_SA_MASK);
	ASSERT_EQ(m.sa[VW_RTAX_NETMASK].sa_len, 7);
	ASSERT_EQ(m.sa[VW_RTAX_NETMASK].raw_len, 7);
	ASSERT_EQ(sa_mask(&m, VW_RTAX_NETMASK)->plen, 24);
	ASSERT_EQ(m.sa_short, 0);
	/* The next message starts right after, unaligned. */
	ASSERT_EQ(parse_ok(&b, 135, &m), 84);
	ASSERT_EQ(m.type, VW_RTM_DELADDR);
	ASSERT_EQ(b.len, 135 + 84);
	bsd_buf_free(&b);

	/* The 50-byte RTM_DELMADDR: the IFA sockaddr_dl is 14 bytes, last. */
	bsd_buf_init(&b, DARWIN);
	bsd_fix_macos_delmaddr50(&b);
	ASSERT_EQ(b.len, 50);
	ASSERT_EQ(parse_ok(&b, 0, &m), 50);
	ASSERT_EQ(m.hdr, VW_BH_IFMA);
	ASSERT_EQ(m.sa[VW_RTAX_IFP].kind, VW_SA_LINK);
	ASSERT_STR_EQ(sa_link(&m, VW_RTAX_IFP)->name, "en0");
	ASSERT_EQ(m.sa[VW_RTAX_IFA].kind, VW_SA_LINK);
	ASSERT_EQ(m.sa[VW_RTAX_IFA].raw_len, 14);
	ASSERT(ll_is(&sa_link(&m, VW_RTAX_IFA)->ll, "01:00:5e:00:00:fb"));
	bsd_buf_free(&b);
}

/* A trailing sa_len 0 sockaddr left out of an rt_msg1 message. */
VW_TEST(test_missing_trailing_empty)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	struct vw_event ev[2];

	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_ADD, .index = 24,
	    .flags = VW_RTF_UP | VW_RTF_GATEWAY | VW_RTF_STATIC,
	    .addrs = VW_RTA_DST | VW_RTA_GATEWAY | VW_RTA_NETMASK });
	bsd_sa_in(&b, "0.0.0.0");
	bsd_sa_in(&b, "198.18.64.2");
	bsd_sa_mask4_radix(&b, 0);		/* sa_len 0, last */
	bsd_end(&b, BSD_END_RT_MSG1);
	ASSERT_EQ(b.len, 92 + 16 + 16);
	ASSERT_EQ(parse_ok(&b, 0, &m), 124);
	ASSERT_EQ(m.addrs, 7);
	ASSERT_EQ(m.sa[VW_RTAX_NETMASK].kind, VW_SA_ABSENT);
	ASSERT_EQ(m.sa_short, 1);
	/* ... and it is still the default route, not a host route. */
	ASSERT_EQ(vw_bsd_to_events(&m, BSD_FIX_NOW, ev, 2), 1);
	ASSERT_EQ(ev[0].u.route.plen, 0);
	ASSERT(ip_is(&ev[0].u.route.gw, "198.18.64.2"));
	bsd_buf_free(&b);

	/* Two missing at the end: IFP and IFA announced, bytes stop. */
	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_MISS,
	    .addrs = VW_RTA_DST | VW_RTA_IFP | VW_RTA_IFA });
	bsd_sa_in(&b, "198.18.3.3");
	bsd_end(&b, BSD_END_RT_MSG1);
	ASSERT_EQ(parse_ok(&b, 0, &m), 108);
	ASSERT_EQ(m.sa[VW_RTAX_DST].kind, VW_SA_INET);
	ASSERT_EQ(m.sa[VW_RTAX_IFP].kind, VW_SA_ABSENT);
	ASSERT_EQ(m.sa[VW_RTAX_IFA].kind, VW_SA_ABSENT);
	ASSERT_EQ(m.sa_short, 1);
	bsd_buf_free(&b);
}

/* The last sockaddr may be cut inside its sa_len: kept, zero-filled. */
VW_TEST(test_cut_last_sockaddr)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;

	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_MISS,
	    .addrs = VW_RTA_DST | VW_RTA_IFA });
	bsd_sa_in(&b, "198.18.9.9");
	bsd_sa_in(&b, "198.18.250.251");
	bsd_end(&b, BSD_END_PADDED);
	b.len -= 10;				/* IFA keeps 6 of 16 bytes */
	bsd_set16(&b, 0, (unsigned)b.len);
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(m.sa[VW_RTAX_IFA].kind, VW_SA_INET);
	ASSERT_EQ(m.sa[VW_RTAX_IFA].sa_len, 16);
	ASSERT_EQ(m.sa[VW_RTAX_IFA].raw_len, 6);
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_IFA), "198.18.0.0"));
	ASSERT_EQ(m.sa_short, 1);
	bsd_buf_free(&b);
}

/* "Tiny" sockaddrs (macOS accepts 2 <= sa_len < 16) read zero-filled. */
VW_TEST(test_tiny_inet)
{
	static const uint8_t tiny[] = { 0x06, 0x02, 0x00, 0x00, 0xc6, 0x12 };
	struct bsd_buf b;
	struct vw_bsd_msg m;

	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
	    .addrs = VW_RTA_DST | VW_RTA_GATEWAY });
	bsd_sa_raw(&b, tiny, sizeof(tiny));
	bsd_sa_in(&b, "198.18.0.1");
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), 92 + 8 + 16);
	ASSERT_EQ(m.sa[VW_RTAX_DST].kind, VW_SA_INET);
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_DST), "198.18.0.0"));
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_GATEWAY), "198.18.0.1"));
	bsd_buf_free(&b);
}

VW_TEST(test_kame_scope)
{
	/* golang/net capture: fe80:0021::f22f:4bff:fe09:3bff, scope_id 0. */
	static const uint8_t gw[28] = { 28, 30, 0, 0, 0, 0, 0, 0,
	    0xfe, 0x80, 0x00, 0x21, 0, 0, 0, 0,
	    0xf2, 0x2f, 0x4b, 0xff, 0xfe, 0x09, 0x3b, 0xff, 0, 0, 0, 0 };
	struct bsd_buf b;
	struct vw_bsd_msg m;

	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
	    .addrs = VW_RTA_DST | VW_RTA_GATEWAY | VW_RTA_IFA |
	    VW_RTA_BRD });
	bsd_sa_in6(&b, "fe80::1", 33, 1);
	bsd_sa_raw(&b, gw, sizeof(gw));
	bsd_sa_in6(&b, "2001:db8:21::1", 0, 0);	/* global: untouched */
	bsd_sa_in6(&b, "ff02::fb", 4, 1);	/* link-local multicast */
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_DST), "fe80::1%33"));
	ASSERT_EQ(sa_ip(&m, VW_RTAX_DST)->a[2], 0);
	ASSERT_EQ(sa_ip(&m, VW_RTAX_DST)->a[3], 0);
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_GATEWAY),
	    "fe80::f22f:4bff:fe09:3bff%33"));
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_IFA), "2001:db8:21::1"));
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_BRD), "ff02::fb%4"));
	/* The bytes in the caller's buffer are not modified. */
	ASSERT_EQ(m.sa[VW_RTAX_GATEWAY].raw[11], 0x21);
	bsd_buf_free(&b);

	/* FreeBSD: scope in sin6_scope_id, nothing embedded. */
	bsd_buf_init(&b, FREEBSD);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
	    .addrs = VW_RTA_DST | VW_RTA_GATEWAY });
	bsd_sa_in6(&b, "fe80::", 5, 0);
	bsd_sa_in6(&b, "fe80::2", 5, 0);
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_DST), "fe80::%5"));
	ASSERT(ip_is(sa_ip(&m, VW_RTAX_GATEWAY), "fe80::2%5"));
	bsd_buf_free(&b);
}

VW_TEST(test_sdl_shapes)
{
	/* tailscale capture: en0 RTA_IFP with name and MAC, 20 bytes. */
	static const uint8_t ifp[20] = { 0x14, 0x12, 0x04, 0x00, 0x06, 0x03,
	    0x06, 0x00, 'e', 'n', '0', 0xf0, 0x18, 0x98, 0x12, 0x34, 0x56,
	    0, 0, 0 };
	/* A name longer than IFNAMSIZ - 1 and a 20-byte address. */
	static const uint8_t big[48] = { 48, 0x12, 0x09, 0x00, 0xff, 18, 20,
	    0, 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l',
	    'm', 'n', 'o', 'p', 'q', 'r', 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
	    12, 13, 14, 15, 16, 17, 18, 19, 20, 0, 0 };
	struct bsd_buf b;
	struct vw_bsd_msg m;
	const struct vw_linkgw *l;
	struct vw_linkgw lk;

	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET, .addrs = 0xff });
	bsd_sa_link(&b, 24, VW_IFT_BRIDGE);			/* DST */
	bsd_sa_dl_mac(&b, 24, VW_IFT_BRIDGE, "8a:c3:94:0a:86:e2"); /* GW */
	bsd_sa_dl_mcast(&b, 24, "01:00:5e:00:00:fb");		/* NETMASK */
	bsd_sa_dl_ifp(&b, 19, VW_IFT_OTHER, "utun4", NULL);	/* GENMASK */
	bsd_sa_raw(&b, ifp, sizeof(ifp));			/* IFP */
	bsd_sa_raw(&b, big, sizeof(big));			/* IFA */
	bsd_sa_empty(&b, 0);
	bsd_sa_empty(&b, 0);
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);

	l = sa_link(&m, VW_RTAX_DST);
	ASSERT_EQ(m.sa[VW_RTAX_DST].kind, VW_SA_LINK);
	ASSERT_EQ(m.sa[VW_RTAX_DST].sa_len, 20);
	ASSERT_EQ(l->sdl_index, 24);
	ASSERT_EQ(l->sdl_type, VW_IFT_BRIDGE);
	ASSERT_STR_EQ(l->name, "");
	ASSERT_EQ(l->ll.len, 0);

	l = sa_link(&m, VW_RTAX_GATEWAY);
	ASSERT_EQ(m.sa[VW_RTAX_GATEWAY].sa_len, 20);
	ASSERT(ll_is(&l->ll, "8a:c3:94:0a:86:e2"));

	/* A mask slot, but DST is AF_LINK: no prefix family, raw only. */
	ASSERT_EQ(m.sa[VW_RTAX_NETMASK].kind, VW_SA_OTHER);
	ASSERT_EQ(m.sa[VW_RTAX_NETMASK].sa_len, 14);

	ASSERT_EQ(m.sa[VW_RTAX_GENMASK].kind, VW_SA_OTHER);
	ASSERT_EQ(vw_bsd_sa_link(&m, VW_RTAX_GENMASK, &lk), VW_EINVAL);

	l = sa_link(&m, VW_RTAX_IFP);
	ASSERT_EQ(m.sa[VW_RTAX_IFP].kind, VW_SA_LINK);
	ASSERT_EQ(l->sdl_index, 4);
	ASSERT_EQ(l->sdl_type, VW_IFT_ETHER);
	ASSERT_STR_EQ(l->name, "en0");
	ASSERT(ll_is(&l->ll, "f0:18:98:12:34:56"));

	l = sa_link(&m, VW_RTAX_IFA);
	ASSERT_EQ(m.sa[VW_RTAX_IFA].kind, VW_SA_LINK);
	ASSERT_STR_EQ(l->name, "abcdefghijklmno");	/* 15 + NUL */
	ASSERT_EQ(l->ll.len, VW_LLADDR_MAX);
	ASSERT_EQ(l->ll.a[0], 1);
	ASSERT_EQ(l->ll.a[15], 16);
	bsd_buf_free(&b);

	/* Name-only utun4 as a gateway, and FreeBSD's two shapes. */
	bsd_buf_init(&b, DARWIN);
	bsd_fix_macos_hijack(&b);
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	l = sa_link(&m, VW_RTAX_GATEWAY);
	ASSERT_STR_EQ(l->name, "utun4");
	ASSERT_EQ(l->sdl_index, 19);
	ASSERT_EQ(l->sdl_type, VW_IFT_OTHER);
	ASSERT_EQ(l->ll.len, 0);
	bsd_buf_free(&b);

	bsd_buf_init(&b, FREEBSD);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
	    .addrs = VW_RTA_DST | VW_RTA_GATEWAY | VW_RTA_IFP });
	bsd_sa_in(&b, "198.18.0.5");
	bsd_sa_link(&b, 1, VW_IFT_ETHER);		/* sockaddr_dl_short */
	bsd_sa_dl_ifp(&b, 1, VW_IFT_ETHER, "em0", "08:00:27:aa:bb:cc");
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(m.sa[VW_RTAX_GATEWAY].sa_len, 16);
	ASSERT_EQ(sa_link(&m, VW_RTAX_GATEWAY)->sdl_index, 1);
	ASSERT_EQ(m.sa[VW_RTAX_IFP].sa_len, 54);
	ASSERT_EQ(m.sa[VW_RTAX_IFP].raw - m.sa[VW_RTAX_GATEWAY].raw, 16);
	ASSERT_STR_EQ(sa_link(&m, VW_RTAX_IFP)->name, "em0");
	ASSERT(ll_is(&sa_link(&m, VW_RTAX_IFP)->ll, "08:00:27:aa:bb:cc"));
	bsd_buf_free(&b);
}

/* ---- skipping and rejecting --------------------------------------------- */

VW_TEST(test_skip_by_length)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	struct vw_perr e;
	int r;

	/* Version 4, then type 0x1f, then RTM_GET_EXT: each stepped over. */
	ASSERT_OK(bsd_fix_by_name("macos-skip-type", &b));
	ASSERT_EQ(parse_ok(&b, 0, &m), 140);
	r = vw_bsd_parse(b.os, b.b + 140, b.len - 140, 140, &m, &e);
	ASSERT_EQ(r, VW_ESKIP);
	ASSERT_EQ(m.msglen, 140);
	ASSERT_EQ(m.type, 0x1f);
	r = vw_bsd_parse(b.os, b.b + 280, b.len - 280, 280, &m, &e);
	ASSERT_EQ(r, VW_ESKIP);
	ASSERT_EQ(m.type, VW_RTM_DARWIN_GET_EXT);
	ASSERT_EQ(m.msglen, 136);
	ASSERT_EQ(parse_ok(&b, 416, &m), 140);
	ASSERT_EQ(m.type, VW_RTM_DARWIN_GET2);
	bsd_buf_free(&b);

	ASSERT_OK(bsd_fix_by_name("macos-skip-version", &b));
	r = vw_bsd_parse(b.os, b.b + 140, b.len - 140, 140, &m, &e);
	ASSERT_EQ(r, VW_ESKIP);
	ASSERT_EQ(m.version, 4);
	ASSERT_EQ(m.msglen, 140);
	ASSERT(strstr(e.msg, "version 4") != NULL);
	ASSERT_EQ(parse_ok(&b, 280, &m), 140);
	bsd_buf_free(&b);
}

/* Every named fixture, walked as a reader would. */
VW_TEST(test_named_fixtures_walk)
{
	static const struct { const char *name, *why; } why[] = {
		{ "macos-bad-trunc-header", "truncated header: 3 bytes left" },
		{ "freebsd-bad-trunc-header", "truncated header" },
		{ "macos-bad-msglen-over",
		    "message claims 180 bytes, 140 left" },
		{ "macos-bad-msglen-short", "shorter than its 92-byte" },
		{ "macos-bad-msglen-zero", "message length 0" },
		{ "macos-bad-sa-overrun", "DST sockaddr at +92: sa_len 200" },
		{ "freebsd-bad-sa-overrun",
		    "DST sockaddr at +152: sa_len 200" },
		{ "macos-bad-sdl-lengths", "nlen 9 + alen 6" },
	};
	const struct bsd_fix *f;
	struct bsd_buf b;
	struct vw_bsd_msg m;
	struct vw_perr e;
	size_t n, i, k, off;
	int r, skips, good;

	f = bsd_fix_all(&n);
	ASSERT_GE(n, 25);
	for (i = 0; i < n; i++) {
		ASSERT_OK(bsd_fix_by_name(f[i].name, &b));
		ASSERT_EQ(b.os, f[i].os);
		ASSERT(strncmp(f[i].name, f[i].os == DARWIN ? "macos-" :
		    "freebsd-", f[i].os == DARWIN ? 6 : 8) == 0);
		off = 0;
		skips = good = 0;
		r = 0;
		while (off < b.len) {
			memset(&e, 0, sizeof(e));
			r = vw_bsd_parse(b.os, b.b + off, b.len - off, off,
			    &m, &e);
			if (r == VW_ESKIP) {
				skips++;
				off += m.msglen;
				continue;
			}
			if (r < 0)
				break;
			good++;
			off += (size_t)r;
		}
		if (f[i].err == 0) {
			if (r < 0 && r != VW_ESKIP)
				fprintf(stderr, "# %s: %s\n", f[i].name, e.msg);
			ASSERT(r >= 0 || r == VW_ESKIP);
			ASSERT_EQ(off, b.len);
			ASSERT_GE(good, 1);
		} else {
			ASSERT_EQ(r, f[i].err);
			ASSERT_EQ(e.code, f[i].err);
			ASSERT_EQ(e.off, b.mark);
			ASSERT_EQ(off, b.mark);
			ASSERT(e.msg[0] != '\0');
			for (k = 0; k < sizeof(why) / sizeof(why[0]); k++)
				if (strcmp(why[k].name, f[i].name) == 0 &&
				    strstr(e.msg, why[k].why) == NULL)
					VW__FAIL("%s: \"%s\" lacks \"%s\"",
					    f[i].name, e.msg, why[k].why);
		}
		ASSERT_EQ(skips, f[i].nskip);
		bsd_buf_free(&b);
	}
	ASSERT(bsd_fix_find("macos-dump") != NULL);
	ASSERT(bsd_fix_find("no-such") == NULL);
	ASSERT_EQ(bsd_fix_by_name("no-such", &b), -1);
}

VW_TEST(test_reject_short_buffers)
{
	static const uint8_t hdr[4] = { 0x5c, 0x00, 0x05, 0x14 };
	struct vw_bsd_msg m;
	struct vw_perr e;
	size_t len;

	for (len = 0; len < 4; len++) {
		memset(&e, 0, sizeof(e));
		ASSERT_EQ(vw_bsd_parse(DARWIN, hdr, len, 1000, &m, &e),
		    VW_ETRUNC);
		ASSERT_EQ(e.off, 1000);
		ASSERT(strstr(e.msg, "truncated header") != NULL);
	}
	/* 4 bytes of a 92-byte RTM_GET2. */
	ASSERT_EQ(vw_bsd_parse(DARWIN, hdr, 4, 7, &m, &e), VW_ETRUNC);
	ASSERT_STR_EQ(e.msg, "message claims 92 bytes, 4 left");
	ASSERT_EQ(e.off, 7);
	/* Not a BSD os. */
	ASSERT_EQ(vw_bsd_parse(VW_OS_LINUX, hdr, 4, 0, &m, &e), VW_EINVAL);
	/* e may be NULL. */
	ASSERT_EQ(vw_bsd_parse(DARWIN, hdr, 2, 0, &m, NULL), VW_ETRUNC);
}

VW_TEST(test_reject_header_lengths)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	struct vw_perr e;

	/* An RTM_IFINFO of 100 bytes (if_msghdr is 112). */
	bsd_buf_init(&b, DARWIN);
	bsd_if(&b, &(struct bsd_if){ .index = 1 });
	bsd_end(&b, BSD_END_PADDED);
	bsd_set16(&b, 0, 100);
	ASSERT_EQ(vw_bsd_parse(DARWIN, b.b, b.len, 0, &m, &e), VW_EBADLEN);
	ASSERT(strstr(e.msg, "112-byte if_msghdr") != NULL);
	/* The same bytes are a fine 100-byte... nothing on FreeBSD (168). */
	bsd_buf_free(&b);

	/* msglen 2 < 4. */
	bsd_buf_init(&b, FREEBSD);
	bsd_announce(&b, 1, "x", 0);
	bsd_end(&b, BSD_END_PADDED);
	bsd_set16(&b, 0, 2);
	ASSERT_EQ(vw_bsd_parse(FREEBSD, b.b, b.len, 0, &m, &e), VW_EBADLEN);
	/* An IFANNOUNCE of 20 bytes. */
	bsd_set16(&b, 0, 20);
	ASSERT_EQ(vw_bsd_parse(FREEBSD, b.b, b.len, 0, &m, &e), VW_EBADLEN);
	bsd_buf_free(&b);

	/* sockaddr_dl with sdl_len 6 (< 8). */
	bsd_buf_init(&b, DARWIN);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
	    .addrs = VW_RTA_DST | VW_RTA_GATEWAY | VW_RTA_IFA });
	bsd_sa_in(&b, "198.18.0.1");
	bsd_sa_raw(&b, (const uint8_t []){ 6, 18, 1, 0, 6, 0 }, 6);
	bsd_sa_in(&b, "198.18.0.2");
	bsd_end(&b, BSD_END_PADDED);
	ASSERT_EQ(vw_bsd_parse(DARWIN, b.b, b.len, 40, &m, &e), VW_EBADSA);
	ASSERT_EQ(e.off, 40);
	ASSERT(strstr(e.msg, "GATEWAY sockaddr_dl at +108: sdl_len 6") != NULL);
	bsd_buf_free(&b);
}

/* ---- never reads past the buffer ---------------------------------------- */

/*
 * Every prefix of every message, in a buffer of exactly that size (ASan
 * reports any read past it), once as is (msglen then exceeds the bytes)
 * and once with msglen patched to the prefix, so the sockaddr walk meets
 * every cut.  Each call must return an error or the prefix length.
 */
static void
prefixes(const struct bsd_buf *b)
{
	size_t off = 0, len, msglen;
	uint8_t *p;
	int r, patch;

	while (off < b->len) {
		msglen = b->b[off] | b->b[off + 1] << 8;
		for (len = 0; len <= msglen; len++) {
			for (patch = 0; patch < 2; patch++) {
				p = malloc(len ? len : 1);
				ASSERT(p != NULL);
				memcpy(p, b->b + off, len);
				if (patch && len >= 2) {
					p[0] = (uint8_t)(len & 0xff);
					p[1] = (uint8_t)(len >> 8);
				}
				/* Also every event, decode and accessor. */
				r = both_paths(b->os, p, len, off);
				if (r >= 0)
					ASSERT_EQ(r, (int)len);
				else
					ASSERT(r == VW_ETRUNC ||
					    r == VW_EBADLEN || r == VW_EBADSA ||
					    r == VW_ESKIP);
				free(p);
			}
		}
		off += msglen;
	}
}

VW_TEST(test_never_reads_past_buffer)
{
	static const char *const names[] = {
		"macos-dump", "freebsd-dump", "freebsd-arp", "macos-addr-gone",
		"macos-delmaddr-50", "macos-v6-flush", "freebsd-ifannounce",
		"macos-hijack",
	};
	struct bsd_buf b;
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		ASSERT_OK(bsd_fix_by_name(names[i], &b));
		prefixes(&b);
		bsd_buf_free(&b);
	}
}

/* Deterministic byte flips over the tables: errors, never crashes. */
VW_TEST(test_mutations)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	struct vw_perr e;
	struct vw_event ev[2];
	uint32_t x = 0x2545f491;
	uint8_t *copy;
	size_t off, k, round;
	int os, r;

	for (os = DARWIN; os <= FREEBSD; os++) {
		bsd_buf_init(&b, os);
		if (os == DARWIN)
			bsd_fix_macos_table(&b);
		else
			bsd_fix_freebsd_table(&b);
		copy = malloc(b.len);
		ASSERT(copy != NULL);
		for (round = 0; round < 400; round++) {
			memcpy(copy, b.b, b.len);
			for (k = 0; k < 6; k++) {
				x ^= x << 13;
				x ^= x >> 17;
				x ^= x << 5;
				copy[x % b.len] = (uint8_t)(x >> 24);
			}
			off = 0;
			while (off < b.len) {
				r = vw_bsd_parse(os, copy + off, b.len - off,
				    off, &m, &e);
				/* Fast and general paths, events, decode. */
				ASSERT_EQ(both_paths(os, copy + off,
				    b.len - off, off), r);
				if (r == VW_ESKIP && m.msglen >= 4) {
					off += m.msglen;
					continue;
				}
				if (r <= 0)
					break;
				(void)vw_bsd_to_events(&m, BSD_FIX_NOW, ev, 2);
				off += (size_t)r;
			}
		}
		free(copy);
		bsd_buf_free(&b);
	}
}

/*
 * Every message type, under the sockaddr sets the fast path takes and a
 * few it does not, with sockaddr shapes it takes and some it leaves to the
 * general path: both paths agree on all of them.
 */
VW_TEST(test_fast_path_agrees)
{
	static const uint32_t sets[] = { 0x27, 0x23, 0x37, 0x33, 0x03, 0x07,
	    0x01, 0x25, 0x2f };
	struct bsd_buf b;
	size_t si;
	int os, type, shape, r, fast = 0;

	for (os = DARWIN; os <= FREEBSD; os++)
	for (si = 0; si < sizeof(sets) / sizeof(sets[0]); si++)
	for (shape = 0; shape < 6; shape++)
	for (type = 0; type < 256; type++) {
		uint32_t a = sets[si];

		bsd_buf_init(&b, os);
		if (type == VW_RTM_DARWIN_GET2)
			bsd_rt2(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
			    .addrs = a, .flags = VW_RTF_UP });
		else
			bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
			    .addrs = a, .flags = VW_RTF_UP });
		/* DST: IPv4, IPv6 or a sockaddr_dl (a mask then waits). */
		if (shape == 3)
			bsd_sa_in6(&b, "2001:db8::", 0, 0);
		else if (shape == 4)
			bsd_sa_link(&b, 4, VW_IFT_ETHER);
		else
			bsd_sa_in(&b, "198.18.0.0");
		if (a & VW_RTA_GATEWAY) {
			if (shape == 1)
				bsd_sa_dl_mac(&b, 4, VW_IFT_ETHER,
				    "8a:c3:94:0a:86:e2");
			else
				bsd_sa_in(&b, "198.18.0.1");
		}
		if (a & VW_RTA_NETMASK) {
			if (shape == 2)
				bsd_sa_mask4_radix(&b, 0);	/* sa_len 0 */
			else
				bsd_sa_mask4_radix(&b, 24);
		}
		if (a & VW_RTA_GENMASK)
			bsd_sa_mask4_radix(&b, 16);
		if (a & VW_RTA_IFP)
			bsd_sa_dl_ifp(&b, 4, VW_IFT_ETHER, "en0",
			    "f0:18:98:12:34:56");
		if (a & VW_RTA_IFA)
			bsd_sa_in(&b, "198.18.0.2");
		/* shape 5: the last sockaddr unpadded, as rt_msg1 sends. */
		bsd_end(&b, shape == 5 ? BSD_END_RT_MSG1 : BSD_END_PADDED);
		bsd_set8(&b, 3, (unsigned)type);
		r = both_paths(os, b.b, b.len, 0);
		fast += r > 0 && shape == 0 && (a == 0x27 || a == 0x23);
		bsd_buf_free(&b);
	}
	/* The dump shapes parse, on both kernels, for the route types. */
	ASSERT_GE(fast, 2 * 2 * 8);
}

/* The accessors refuse slots of another kind, and any other rtax. */
VW_TEST(test_accessor_refusals)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	struct vw_ip ip;
	struct vw_linkgw l;
	unsigned plen = 99;
	int contig = 99;

	mask_msg(&b, DARWIN, bsd_sa_mask4_radix, 24, "198.18.0.0");
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	/* DST INET, GATEWAY LINK, NETMASK MASK, IFA INET, others absent. */
	memset(&ip, 0xaa, sizeof(ip));
	ASSERT_EQ(vw_bsd_sa_ip(&m, VW_RTAX_GATEWAY, &ip), VW_EINVAL);
	ASSERT_EQ(ip.family, 0);
	ASSERT_EQ(ip.a[0], 0);
	ASSERT_EQ(vw_bsd_sa_ip(&m, VW_RTAX_NETMASK, &ip), VW_EINVAL);
	ASSERT_EQ(vw_bsd_sa_ip(&m, VW_RTAX_BRD, &ip), VW_EINVAL);
	ASSERT_EQ(vw_bsd_sa_ip(&m, -1, &ip), VW_EINVAL);
	ASSERT_EQ(vw_bsd_sa_ip(&m, VW_RTAX_MAX, &ip), VW_EINVAL);
	memset(&l, 0xaa, sizeof(l));
	ASSERT_EQ(vw_bsd_sa_link(&m, VW_RTAX_DST, &l), VW_EINVAL);
	ASSERT_EQ(l.sdl_index, 0);
	ASSERT_EQ(l.ll.len, 0);
	ASSERT_EQ(vw_bsd_sa_link(&m, VW_RTAX_MAX, &l), VW_EINVAL);
	ASSERT_OK(vw_bsd_sa_link(&m, VW_RTAX_GATEWAY, &l));
	ASSERT_EQ(l.sdl_index, 4);
	ASSERT_EQ(l.sdl_type, VW_IFT_ETHER);
	/* Masks: only the two mask slots, and only when present. */
	ASSERT_EQ(vw_bsd_sa_mask(&m, VW_RTAX_DST, &plen, &contig, &ip),
	    VW_EINVAL);
	ASSERT_EQ(plen, 0);
	ASSERT_EQ(contig, 1);
	ASSERT_EQ(vw_bsd_sa_mask(&m, VW_RTAX_GENMASK, &plen, &contig, NULL),
	    VW_EINVAL);
	ASSERT_EQ(vw_bsd_sa_mask(&m, VW_RTAX_NETMASK, NULL, NULL, NULL),
	    VW_AF_INET);
	ASSERT_EQ(vw_bsd_sa_mask(&m, VW_RTAX_NETMASK, &plen, NULL, NULL),
	    VW_AF_INET);
	ASSERT_EQ(plen, 24);
	bsd_buf_free(&b);
}

/*
 * vw_bsd_parse() leaves the decoded fields alone; vw_bsd_msg_decode()
 * fills them (metrics included), says so, and is idempotent.
 */
VW_TEST(test_decode_on_demand)
{
	struct bsd_buf b;
	struct vw_bsd_msg m, d;

	bsd_buf_init(&b, FREEBSD);
	bsd_rt(&b, &(struct bsd_rt){ .type = VW_RTM_GET,
	    .addrs = VW_RTA_DST | VW_RTA_GATEWAY, .hopcount = 3,
	    .rtt = 44, .rttvar = 5, .pksent = 6, .locks = 7, .weight = 9,
	    .inits = VW_RTV_RTT });
	bsd_sa_in(&b, "198.18.0.7");
	bsd_sa_in(&b, "198.18.0.1");
	bsd_end(&b, BSD_END_PADDED);
	memset(&m, 0x5a, sizeof(m));
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	ASSERT_EQ(m.decoded, 0);
	/* Not decoded: the slots' decode fields and metrics are untouched. */
	ASSERT_EQ(m.sa[VW_RTAX_DST].ip.family, 0x5a);
	ASSERT_EQ(m.rtt, 0x5a5a5a5a);
	ASSERT(m.buf == b.b);
	vw_bsd_msg_decode(&m);
	ASSERT_EQ(m.decoded, 1);
	ASSERT(ip_is(&m.sa[VW_RTAX_DST].ip, "198.18.0.7"));
	ASSERT(ip_is(&m.sa[VW_RTAX_GATEWAY].ip, "198.18.0.1"));
	ASSERT_EQ(m.sa[VW_RTAX_NETMASK].ip.family, 0);	/* absent: zeroed */
	ASSERT_EQ(m.hopcount, 3);
	ASSERT_EQ(m.rtt, 44);
	ASSERT_EQ(m.rttvar, 5);
	ASSERT_EQ(m.pksent, 6);
	ASSERT_EQ(m.locks, 7);
	ASSERT_EQ(m.weight, 9);
	ASSERT_EQ(m.inits, VW_RTV_RTT);
	memcpy(&d, &m, sizeof(d));
	vw_bsd_msg_decode(&d);
	ASSERT_MEM_EQ(&d, &m, sizeof(d));
	bsd_buf_free(&b);

	/* Messages without rt_metrics decode them as 0. */
	bsd_buf_init(&b, DARWIN);
	bsd_if(&b, &(struct bsd_if){ .index = 2, .mtu = 1500 });
	bsd_end(&b, BSD_END_PADDED);
	memset(&m, 0x5a, sizeof(m));
	ASSERT_EQ(parse_ok(&b, 0, &m), (int)b.len);
	vw_bsd_msg_decode(&m);
	ASSERT_EQ(m.rtt, 0);
	ASSERT_EQ(m.locks, 0);
	ASSERT_EQ(m.mtu, 1500);
	bsd_buf_free(&b);
}

VW_TEST(test_fixture_write)
{
	struct bsd_buf b;
	char path[] = "/tmp/bsdfixXXXXXX";
	uint8_t buf[64];
	FILE *fp;
	int fd;
	size_t n;

	fd = mkstemp(path);
	ASSERT(fd >= 0);
	ASSERT_OK(bsd_fix_write("macos-delmaddr-50", path));
	fp = fdopen(fd, "rb");
	ASSERT(fp != NULL);
	n = fread(buf, 1, sizeof(buf), fp);
	fclose(fp);
	ASSERT_OK(bsd_fix_by_name("macos-delmaddr-50", &b));
	ASSERT_EQ(n, b.len);
	ASSERT_MEM_EQ(buf, b.b, n);
	bsd_buf_free(&b);
	ASSERT_EQ(bsd_fix_write("no-such", path), -1);
	ASSERT_EQ(bsd_fix_write("macos-miss", "/nonexistent/dir/x"), -2);
	remove(path);
}

VW_TEST_MAIN(test_wire_constants, test_type_names, test_rt_msghdr_darwin,
    test_rt_msghdr2_darwin, test_rt_msghdr_freebsd, test_if_msghdr_both,
    test_ifa_ifma_announce, test_walk_alignment, test_masks_radix,
    test_masks_other_shapes, test_mask_noncontiguous,
    test_mask_ignores_padding, test_mask_family_from_ifa,
    test_salen_zero_middle_and_end, test_unpadded_last,
    test_missing_trailing_empty, test_cut_last_sockaddr, test_tiny_inet,
    test_kame_scope, test_sdl_shapes, test_skip_by_length,
    test_named_fixtures_walk, test_reject_short_buffers,
    test_reject_header_lengths, test_never_reads_past_buffer, test_mutations,
    test_fast_path_agrees, test_accessor_refusals, test_decode_on_demand,
    test_fixture_write)
