/* SPDX-License-Identifier: ISC */
/*
 * test_rec.c - the recording format (lib/vw_rec.h): CRC-32 against known
 * vectors and a bitwise reference, the byte layout of the header, record
 * header and payloads, round trips, the iterator's answers for every kind
 * of damage (cut at every byte, every byte flipped), and `decode` of a
 * recording (lib/vw_decode_rec.c) stopping after what it printed.
 *
 * What no check covers, by design: the file header's flags (bytes 12-15),
 * start_wall_us (16-23) and base_seq (24-31).  A damaged value there reads
 * as a different start time or sequence base; test_flip_every_byte
 * asserts that flips there go unnoticed and that every other flip is
 * caught.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsd_fix.h"
#include "config.h"
#include "rec_fix.h"
#include "vw_decode.h"
#include "vw_event.h"
#include "vw_rec.h"
#include "vw_test.h"

/* ---- helpers ------------------------------------------------------------- */

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
le64(const uint8_t *p)
{
	return (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
}

/* CRC-32 bit by bit, straight from the polynomial: the table's referee. */
static uint32_t
crc_bitwise(const uint8_t *p, size_t n)
{
	uint32_t c = 0xffffffffu;
	size_t i;
	int k;

	for (i = 0; i < n; i++) {
		c ^= p[i];
		for (k = 0; k < 8; k++)
			c = (c & 1) ? (c >> 1) ^ 0xedb88320u : c >> 1;
	}
	return ~c;
}

static void
hdr_init(struct vw_rec_hdr *h, int os)
{
	memset(h, 0, sizeof(*h));
	h->version = VW_REC_VERSION;
	h->os = os;
	h->layout = vw_rec_layout_of(os);
	h->start_wall_us = 1700000000LL * 1000000 + 123456;
	h->base_seq = 77;
}

static void
probe_init(struct vw_rec_probe *p, const char *ip)
{
	memset(p, 0, sizeof(p[0]));
	if (vw_ip_parse(ip, &p->addr) != 0)
		abort();
}

/*
 * A small recording with one record of every kind, and one of a type
 * this reader does not know (99), between known ones.
 */
static void
small_rec(struct rec_buf *r)
{
	struct vw_rec_hdr h;
	struct vw_rec_probe p;
	struct bsd_buf b;

	rec_buf_init(r);
	hdr_init(&h, VW_OS_DARWIN);
	rec_put_hdr(r, &h);
	rec_put_text(r, VW_REC_NOTE, 1000, "hi");
	rec_put_dump_begin(r, 1000, 1u << VW_OBJ_ROUTE, "startup");
	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_miss(&b);
	rec_put(r, VW_REC_KMSG, VW_RECF_DUMP, 1001, b.b, b.len);
	bsd_buf_free(&b);
	rec_put(r, VW_REC_DUMP_END, 0, 1001, NULL, 0);
	rec_put(r, 99, 0, 1002, "xyz", 3);
	probe_init(&p, "192.168.64.2");
	p.kind = VW_PROBE_ICMP;
	p.ok = 1;
	p.rtt_us = 81;
	p.sent_us = 1003;
	rec_put_probe(r, 1084, &p);
	rec_put_clock(r, 2000, 1700000001LL * 1000000, 0);
}

/* Index of the record holding byte `off` (off >= VW_REC_HDRLEN). */
static size_t
rec_of(const struct rec_buf *r, size_t off)
{
	size_t i;

	for (i = 0; i + 1 < r->nrec && r->off[i + 1] <= off; i++)
		;
	return i;
}

/* Run the iterator over buf; returns its last code, records in *n. */
static int
walk(const uint8_t *buf, size_t len, size_t *n, size_t *offs, size_t max,
    struct vw_perr *e)
{
	struct vw_rec r;
	size_t pos = VW_REC_HDRLEN, before;
	int rc;

	*n = 0;
	memset(e, 0, sizeof(*e));
	for (;;) {
		before = pos;
		rc = vw_rec_next(buf, len, &pos, &r, e);
		if (rc != 1) {
			/* A failure leaves *pos at the bad record. */
			if (rc < 0 && (pos != before || e->off != before))
				return 1000;
			return rc;
		}
		if (r.off != before || pos != before + VW_REC_RECHDRLEN + r.len)
			return 1001;
		if (*n < max)
			offs[*n] = r.off;
		(*n)++;
	}
}

/* ---- CRC ----------------------------------------------------------------- */

VW_TEST(test_crc_vectors)
{
	static const struct { const char *s; uint32_t crc; } v[] = {
		{ "", 0x00000000u },
		{ "a", 0xe8b7be43u },
		{ "abc", 0x352441c2u },
		{ "123456789", 0xcbf43926u },
		{ "The quick brown fox jumps over the lazy dog", 0x414fa339u },
	};
	uint8_t buf[1024];
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		ASSERT_EQ(vw_crc32((const uint8_t *)v[i].s, strlen(v[i].s)),
		    v[i].crc);
	/* Every table entry, through bytes of every value and length. */
	for (i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 131 + 7);
	for (i = 0; i <= 300; i++)
		ASSERT_EQ(vw_crc32(buf, i), crc_bitwise(buf, i));
	for (i = 0; i < 256; i++) {
		buf[0] = (uint8_t)i;
		ASSERT_EQ(vw_crc32(buf, 1), crc_bitwise(buf, 1));
	}
	/* 32 zero bytes: the register must not stick at zero. */
	memset(buf, 0, 32);
	ASSERT_EQ(vw_crc32(buf, 32), 0x190a55adu);
}

/* ---- the byte layout ----------------------------------------------------- */

VW_TEST(test_hdr_layout_roundtrip)
{
	struct vw_rec_hdr h, g;
	struct vw_perr e;
	uint8_t b[VW_REC_HDRLEN];

	hdr_init(&h, VW_OS_LINUX);
	h.flags = 0xa5a5;
	ASSERT_EQ(vw_rec_encode_hdr(b, &h), 32);
	ASSERT_MEM_EQ(b, "VWREC\r\n\x1a", 8);
	ASSERT_EQ(b[8], 1);
	ASSERT_EQ(b[9], 0);
	ASSERT_EQ(b[10], VW_OS_LINUX);
	ASSERT_EQ(b[11], VW_REC_LAYOUT_RTNETLINK);
	ASSERT_EQ(le32(b + 12), 0xa5a5);
	ASSERT_EQ(le64(b + 16), (uint64_t)h.start_wall_us);
	ASSERT_EQ(le64(b + 24), 77);
	ASSERT_OK(vw_rec_decode_hdr(b, sizeof(b), &g, &e));
	ASSERT_EQ(g.version, 1);
	ASSERT_EQ(g.os, VW_OS_LINUX);
	ASSERT_EQ(g.layout, VW_REC_LAYOUT_RTNETLINK);
	ASSERT_EQ(g.flags, 0xa5a5);
	ASSERT_EQ(g.start_wall_us, h.start_wall_us);
	ASSERT_EQ(g.base_seq, 77);
	/* A start before 1970 and a huge base survive. */
	h.start_wall_us = -5;
	h.base_seq = UINT64_MAX;
	vw_rec_encode_hdr(b, &h);
	ASSERT_OK(vw_rec_decode_hdr(b, sizeof(b), &g, &e));
	ASSERT_EQ(g.start_wall_us, -5);
	ASSERT(g.base_seq == UINT64_MAX);
	ASSERT(vw_rec_is(b, sizeof(b)));
	ASSERT(vw_rec_is(b, 5));
	ASSERT(!vw_rec_is(b, 4));
	ASSERT_STR_EQ(vw_rec_layout_name(VW_REC_LAYOUT_XNU), "xnu");
	ASSERT_EQ(vw_rec_layout_of(VW_OS_FREEBSD), VW_REC_LAYOUT_FREEBSD);
	ASSERT_EQ(vw_rec_layout_of(VW_OS_NONE), 0);
}

VW_TEST(test_rechdr_layout)
{
	static const uint8_t payload[] = { 1, 2, 3, 4, 5 };
	uint8_t b[VW_REC_RECHDRLEN], all[VW_REC_RECHDRLEN + 5];
	int64_t mono = -2;	/* any value goes into the 8 bytes */

	ASSERT_EQ(vw_rec_encode_rechdr(b, VW_REC_KMSG, VW_RECF_DUMP, payload,
	    sizeof(payload), mono), 20);
	ASSERT_EQ(b[0], 3);
	ASSERT_EQ(b[1], 1);
	ASSERT_EQ(b[2], 0);
	ASSERT_EQ(b[3], 0);
	ASSERT_EQ(le32(b + 4), 5);
	ASSERT(le64(b + 8) == UINT64_MAX - 1);
	/* The CRC covers bytes 0-15, then the payload. */
	memcpy(all, b, 16);
	memcpy(all + 16, payload, sizeof(payload));
	ASSERT_EQ(le32(b + 16), vw_crc32(all, 16 + sizeof(payload)));
	ASSERT_STR_EQ(vw_rec_type_name(VW_REC_KMSG), "KMSG");
	ASSERT_STR_EQ(vw_rec_type_name(VW_REC_DUMP_BEGIN), "DUMP_BEGIN");
	ASSERT_STR_EQ(vw_rec_type_name(0), "?");
	ASSERT_STR_EQ(vw_rec_type_name(99), "?");
}

VW_TEST(test_probe_roundtrip)
{
	struct vw_rec_probe p, q;
	struct vw_rec r;
	struct vw_perr e;
	uint8_t b[VW_REC_PROBELEN + 8];

	probe_init(&p, "192.168.64.2");
	p.kind = VW_PROBE_TCP;
	p.ok = 0;
	p.fast = 1;
	p.icmp_type = 3;
	p.icmp_code = 1;
	p.rtt_us = 0xdeadbeef;
	p.err = EHOSTUNREACH;
	p.sent_us = -1234567;
	ASSERT_EQ(vw_rec_encode_probe(b, &p), 48);
	ASSERT_EQ(b[0], 4);
	ASSERT_EQ(b[1], VW_PROBE_TCP);
	ASSERT_EQ(b[2], 0);
	ASSERT_EQ(b[3], 1);
	ASSERT_EQ(b[4], 3);
	ASSERT_EQ(b[5], 1);
	ASSERT_EQ(b[6] | b[7], 0);
	ASSERT_EQ(le32(b + 8), 0);
	ASSERT_MEM_EQ(b + 12, "\xc0\xa8\x40\x02", 4);
	ASSERT_EQ(le32(b + 16) | le32(b + 20) | le32(b + 24), 0);
	ASSERT_EQ(le32(b + 28), 0xdeadbeef);
	ASSERT_EQ(le32(b + 32), EHOSTUNREACH);
	ASSERT_EQ(le32(b + 36), 0);
	ASSERT_EQ((int64_t)le64(b + 40), -1234567);
	memset(&r, 0, sizeof(r));
	r.type = VW_REC_PROBE;
	r.data = b;
	r.len = 48;
	ASSERT_OK(vw_rec_decode_probe(&r, &q, &e));
	ASSERT_MEM_EQ(&q, &p, sizeof(p));
	/* IPv6 with a scope; a longer payload (a newer writer) still reads. */
	probe_init(&p, "fe80::1%24");
	p.kind = VW_PROBE_NEIGHBOR;
	p.ok = 1;
	p.rtt_us = 81;
	vw_rec_encode_probe(b, &p);
	memset(b + 48, 0xee, 8);
	ASSERT_EQ(b[0], 6);
	ASSERT_EQ(le32(b + 8), 24);
	r.len = 56;
	ASSERT_OK(vw_rec_decode_probe(&r, &q, &e));
	ASSERT_MEM_EQ(&q, &p, sizeof(p));
	/* Damage a decoder must refuse. */
	r.len = 47;
	r.off = 1234;
	ASSERT_EQ(vw_rec_decode_probe(&r, &q, &e), VW_EBADLEN);
	ASSERT_EQ(e.off, 1234);
	ASSERT(strstr(e.msg, "PROBE") != NULL);
	r.len = 48;
	b[0] = 5;
	ASSERT_EQ(vw_rec_decode_probe(&r, &q, &e), VW_EINVAL);
	b[0] = 6;
	b[2] = 2;
	ASSERT_EQ(vw_rec_decode_probe(&r, &q, &e), VW_EINVAL);
}

VW_TEST(test_clock_dump_begin_roundtrip)
{
	struct vw_rec_clock c = { 1700000000LL * 1000000, 86400LL * 1000000,
	    -1 }, d;
	struct vw_rec r;
	struct vw_perr e;
	uint8_t b[64];
	const char *why;
	size_t wlen;
	unsigned objs;

	ASSERT_EQ(vw_rec_encode_clock(b, &c), 24);
	ASSERT_EQ(le64(b), (uint64_t)c.wall_us);
	ASSERT_EQ(le64(b + 8), (uint64_t)c.mono_us);
	ASSERT(le64(b + 16) == UINT64_MAX);
	memset(&r, 0, sizeof(r));
	r.data = b;
	r.len = 24;
	ASSERT_OK(vw_rec_decode_clock(&r, &d, &e));
	ASSERT_EQ(d.wall_us, c.wall_us);
	ASSERT_EQ(d.mono_us, c.mono_us);
	ASSERT_EQ(d.sleep_us, -1);
	r.len = 23;
	ASSERT_EQ(vw_rec_decode_clock(&r, &d, &e), VW_EBADLEN);

	ASSERT_EQ(vw_rec_encode_dump_begin(b, sizeof(b), 0x14, "lost probe"),
	    14);
	ASSERT_EQ(le32(b), 0x14);
	ASSERT_MEM_EQ(b + 4, "lost probe", 10);
	r.len = 14;
	ASSERT_OK(vw_rec_decode_dump_begin(&r, &objs, &why, &wlen, &e));
	ASSERT_EQ(objs, 0x14);
	ASSERT_EQ(wlen, 10);
	ASSERT_MEM_EQ(why, "lost probe", 10);
	r.len = 3;
	ASSERT_EQ(vw_rec_decode_dump_begin(&r, &objs, &why, &wlen, &e),
	    VW_EBADLEN);
	/* No room: nothing written. */
	ASSERT_EQ(vw_rec_encode_dump_begin(b, 13, 1, "lost probe"), 0);
}

VW_TEST(test_errno_names)
{
	ASSERT_STR_EQ(vw_rec_errno_name(VW_OS_DARWIN, 65), "EHOSTUNREACH");
	ASSERT_STR_EQ(vw_rec_errno_name(VW_OS_FREEBSD, 64), "EHOSTDOWN");
	ASSERT_STR_EQ(vw_rec_errno_name(VW_OS_LINUX, 113), "EHOSTUNREACH");
	ASSERT_STR_EQ(vw_rec_errno_name(VW_OS_LINUX, 101), "ENETUNREACH");
	ASSERT_STR_EQ(vw_rec_errno_name(VW_OS_DARWIN, 51), "ENETUNREACH");
	/* 65 on Linux is ENOPKG: not a BSD EHOSTUNREACH. */
	ASSERT(vw_rec_errno_name(VW_OS_LINUX, 65) == NULL);
	ASSERT(vw_rec_errno_name(VW_OS_DARWIN, 0) == NULL);
	ASSERT(vw_rec_errno_name(VW_OS_NONE, 1) == NULL);
	ASSERT_EQ(vw_rec_errno_to_host(VW_OS_DARWIN, 65), EHOSTUNREACH);
	ASSERT_EQ(vw_rec_errno_to_host(VW_OS_LINUX, 113), EHOSTUNREACH);
	ASSERT_EQ(vw_rec_errno_to_host(VW_OS_DARWIN, 35), EAGAIN);
	ASSERT_EQ(vw_rec_errno_to_host(VW_OS_DARWIN, 9999), 0);
}

/* ---- the iterator -------------------------------------------------------- */

VW_TEST(test_iterate_small)
{
	static const int types[] = { VW_REC_NOTE, VW_REC_DUMP_BEGIN,
	    VW_REC_KMSG, VW_REC_DUMP_END, 99, VW_REC_PROBE, VW_REC_CLOCK };
	struct rec_buf rb;
	struct vw_rec r;
	struct vw_rec_probe p;
	struct vw_perr e;
	size_t pos = VW_REC_HDRLEN, i = 0;
	int rc;

	small_rec(&rb);
	ASSERT_EQ(rb.nrec, 7);
	while ((rc = vw_rec_next(rb.b, rb.len, &pos, &r, &e)) == 1) {
		ASSERT(i < 7);
		ASSERT_EQ(r.type, types[i]);
		ASSERT_EQ(r.off, rb.off[i]);
		ASSERT(r.data == rb.b + rb.off[i] + 20);
		i++;
		if (r.type == VW_REC_KMSG) {
			ASSERT_EQ(r.flags, VW_RECF_DUMP);
			ASSERT_EQ(r.mono_us, 1001);
		}
		/* The unknown type is returned, to be skipped by length. */
		if (r.type == 99) {
			ASSERT_EQ(r.len, 3);
			ASSERT_MEM_EQ(r.data, "xyz", 3);
			ASSERT_STR_EQ(vw_rec_type_name(r.type), "?");
		}
		if (r.type == VW_REC_PROBE) {
			ASSERT_OK(vw_rec_decode_probe(&r, &p, &e));
			ASSERT_EQ(p.rtt_us, 81);
			ASSERT_EQ(r.mono_us, 1084);
		}
		if (r.type == VW_REC_DUMP_END)
			ASSERT_EQ(r.len, 0);
	}
	ASSERT_EQ(rc, 0);
	ASSERT_EQ(i, 7);
	ASSERT_EQ(pos, rb.len);
	/* At the end it stays at the end. */
	ASSERT_EQ(vw_rec_next(rb.b, rb.len, &pos, &r, &e), 0);
	/* A position outside the records is the caller's mistake. */
	pos = rb.len + 1;
	ASSERT_EQ(vw_rec_next(rb.b, rb.len, &pos, &r, &e), VW_EINVAL);
	pos = 3;
	ASSERT_EQ(vw_rec_next(rb.b, rb.len, &pos, &r, &e), VW_EINVAL);
	/* A header alone is an empty recording. */
	pos = VW_REC_HDRLEN;
	ASSERT_EQ(vw_rec_next(rb.b, VW_REC_HDRLEN, &pos, &r, &e), 0);
	rec_buf_free(&rb);
}

VW_TEST(test_bad_header)
{
	struct rec_buf rb;
	struct vw_rec_hdr h;
	struct vw_perr e;
	uint8_t b[VW_REC_HDRLEN];
	size_t i;

	small_rec(&rb);
	/* Bad magic, byte by byte. */
	for (i = 0; i < 8; i++) {
		memcpy(b, rb.b, sizeof(b));
		b[i] ^= 0x20;
		ASSERT(!vw_rec_is(b, sizeof(b)));
		ASSERT_EQ(vw_rec_decode_hdr(b, sizeof(b), &h, &e), VW_EINVAL);
		ASSERT_EQ(e.off, 0);
		ASSERT(strstr(e.msg, "magic") != NULL);
	}
	/* Versions this reader does not know. */
	memcpy(b, rb.b, sizeof(b));
	b[8] = 2;
	ASSERT_EQ(vw_rec_decode_hdr(b, sizeof(b), &h, &e), VW_EBADVER);
	ASSERT(strstr(e.msg, "version 2") != NULL);
	b[8] = 0;
	ASSERT_EQ(vw_rec_decode_hdr(b, sizeof(b), &h, &e), VW_EBADVER);
	b[8] = 1;
	b[9] = 1;	/* 257 */
	ASSERT_EQ(vw_rec_decode_hdr(b, sizeof(b), &h, &e), VW_EBADVER);
	/* OS and layout: unknown, or not each other's. */
	memcpy(b, rb.b, sizeof(b));
	b[10] = 9;
	ASSERT_EQ(vw_rec_decode_hdr(b, sizeof(b), &h, &e), VW_EINVAL);
	b[10] = VW_OS_LINUX;	/* layout still xnu */
	ASSERT_EQ(vw_rec_decode_hdr(b, sizeof(b), &h, &e), VW_EINVAL);
	ASSERT(strstr(e.msg, "layout") != NULL);
	memcpy(b, rb.b, sizeof(b));
	b[11] = 0;
	ASSERT_EQ(vw_rec_decode_hdr(b, sizeof(b), &h, &e), VW_EINVAL);
	/* Cut short: every length before 32 (the magic's prefix fits). */
	for (i = 0; i < VW_REC_HDRLEN; i++) {
		ASSERT_EQ(vw_rec_decode_hdr(rb.b, i, &h, &e), VW_ETRUNC);
		ASSERT_EQ(e.off, 0);
	}
	ASSERT_OK(vw_rec_decode_hdr(rb.b, VW_REC_HDRLEN, &h, &e));
	rec_buf_free(&rb);
}

/*
 * Cut the file at every length: the records wholly inside are returned,
 * then a clean end at a record boundary or VW_ETRUNC naming the record the
 * cut falls in (its header or its payload).
 */
VW_TEST(test_truncate_every_offset)
{
	struct rec_buf rb;
	struct vw_perr e;
	size_t L, n, k, offs[16];
	int rc;

	small_rec(&rb);
	for (L = VW_REC_HDRLEN; L <= rb.len; L++) {
		rc = walk(rb.b, L, &n, offs, 16, &e);
		k = L == rb.len ? rb.nrec : rec_of(&rb, L);
		if (L == rb.len || rb.off[k] == L) {
			ASSERT_EQ(rc, 0);
			ASSERT_EQ(n, k);
			continue;
		}
		ASSERT_EQ(rc, VW_ETRUNC);
		ASSERT_EQ(n, k);
		ASSERT_EQ(e.off, rb.off[k]);
		ASSERT_EQ(e.code, VW_ETRUNC);
		if (L - rb.off[k] < VW_REC_RECHDRLEN)
			ASSERT(strstr(e.msg, "header truncated") != NULL);
		else
			ASSERT(strstr(e.msg, "payload truncated") != NULL);
		/* The record is named by its number, from 1. */
		{
			char want[32];

			snprintf(want, sizeof(want), "record %zu", k + 1);
			ASSERT(strncmp(e.msg, want, strlen(want)) == 0);
		}
	}
	rec_buf_free(&rb);
}

VW_TEST(test_len_over_max)
{
	struct rec_buf rb;
	struct vw_perr e;
	size_t n, offs[16];
	uint8_t *b;
	long k;

	small_rec(&rb);
	k = rec_find(&rb, VW_REC_PROBE, 0);
	ASSERT(k > 0);
	b = rb.b + rb.off[k];
	/* The limit itself is not over it: a cut-short record. */
	b[4] = 0; b[5] = 0; b[6] = 0; b[7] = 1;	/* 16 MiB */
	ASSERT_EQ(walk(rb.b, rb.len, &n, offs, 16, &e), VW_ETRUNC);
	ASSERT_EQ(e.off, rb.off[k]);
	b[4] = 1;				/* 16 MiB + 1 */
	ASSERT_EQ(walk(rb.b, rb.len, &n, offs, 16, &e), VW_EBADLEN);
	ASSERT_EQ(e.off, rb.off[k]);
	ASSERT_EQ(n, (size_t)k);
	ASSERT(strstr(e.msg, "PROBE") != NULL);
	b[4] = b[5] = b[6] = b[7] = 0xff;
	ASSERT_EQ(walk(rb.b, rb.len, &n, offs, 16, &e), VW_EBADLEN);
	rec_buf_free(&rb);
}

VW_TEST(test_reserved_and_crc)
{
	struct rec_buf rb;
	struct vw_perr e;
	size_t n, offs[16];
	unsigned long stored, computed;
	char want[64];
	uint8_t *b, saved;
	long k;

	small_rec(&rb);
	k = rec_find(&rb, VW_REC_KMSG, 0);
	ASSERT(k > 0);
	b = rb.b + rb.off[k];
	b[3] = 0x80;
	ASSERT_EQ(walk(rb.b, rb.len, &n, offs, 16, &e), VW_EINVAL);
	ASSERT_EQ(e.off, rb.off[k]);
	ASSERT(strstr(e.msg, "reserved") != NULL);
	b[3] = 0;
	/* One payload byte: the CRC names both values. */
	saved = b[20 + 7];
	b[20 + 7] ^= 0x10;
	ASSERT_EQ(walk(rb.b, rb.len, &n, offs, 16, &e), VW_EINVAL);
	ASSERT_EQ(e.off, rb.off[k]);
	ASSERT_EQ(n, (size_t)k);
	snprintf(want, sizeof(want), "record %ld (KMSG): crc32 mismatch "
	    "(stored 0x", k + 1);
	ASSERT(strncmp(e.msg, want, strlen(want)) == 0);
	ASSERT_EQ(sscanf(e.msg + strlen(want) - 2, "0x%lx, computed 0x%lx",
	    &stored, &computed), 2);
	ASSERT_EQ(stored, le32(b + 16));
	{
		uint8_t tmp[512];
		uint32_t plen = le32(b + 4);

		ASSERT(plen + 16 <= sizeof(tmp));
		memcpy(tmp, b, 16);
		memcpy(tmp + 16, b + 20, plen);
		ASSERT_EQ(computed, vw_crc32(tmp, 16 + plen));
	}
	b[20 + 7] = saved;
	ASSERT_EQ(walk(rb.b, rb.len, &n, offs, 16, &e), 0);
	ASSERT_EQ(n, rb.nrec);
	rec_buf_free(&rb);
}

/*
 * Damage every byte of a small file, one at a time, eight single-bit
 * flips and a whole-byte flip each: inside the header, a check fails
 * except in the unchecked fields (flags, start_wall_us, base_seq: bytes
 * 12-31), where the records still read exactly as before; inside a
 * record, the iterator must stop with an error at (or before) that
 * record, after returning the records before it unchanged.
 */
VW_TEST(test_flip_every_byte)
{
	static const uint8_t masks[] = { 0x01, 0x02, 0x04, 0x08, 0x10, 0x20,
	    0x40, 0x80, 0xff };
	struct rec_buf rb;
	struct vw_rec_hdr h;
	struct vw_perr e;
	size_t i, m, n, k, offs[16], unnoticed = 0;
	uint8_t *copy;
	int rc;

	small_rec(&rb);
	ASSERT((copy = malloc(rb.len)) != NULL);
	for (i = 0; i < rb.len; i++) {
		for (m = 0; m < sizeof(masks); m++) {
			memcpy(copy, rb.b, rb.len);
			copy[i] ^= masks[m];
			rc = vw_rec_decode_hdr(copy, rb.len, &h, &e);
			if (i < 12) {
				ASSERT(rc < 0);
				continue;
			}
			ASSERT_OK(rc);
			rc = walk(copy, rb.len, &n, offs, 16, &e);
			if (i < VW_REC_HDRLEN) {
				/* Unchecked: the records are untouched. */
				ASSERT_EQ(rc, 0);
				ASSERT_EQ(n, rb.nrec);
				unnoticed++;
				continue;
			}
			k = rec_of(&rb, i);
			if (rc >= 0)
				fprintf(stderr, "# flip 0x%02x at byte %zu "
				    "(record %zu) went unnoticed\n", masks[m],
				    i, k + 1);
			ASSERT(rc < 0 && rc != 1000 && rc != 1001);
			ASSERT(e.off <= rb.off[k]);
			ASSERT(n <= k);
			ASSERT_MEM_EQ(offs, rb.off, n * sizeof(offs[0]));
		}
	}
	ASSERT_EQ(unnoticed, 20 * sizeof(masks));
	free(copy);
	rec_buf_free(&rb);
}

/* ---- the named recordings ------------------------------------------------ */

VW_TEST(test_fixture_recordings)
{
	struct rec_buf rb;
	struct vw_rec_hdr h;
	struct vw_rec r;
	struct vw_rec_probe p;
	struct vw_perr e;
	size_t pos, i;
	int rc, nprobe, nlost, nkmsg, nfast;

	for (i = 0; rec_fix_names[i] != NULL; i++) {
		ASSERT_OK(rec_fix_by_name(rec_fix_names[i], &rb));
		ASSERT(rec_fix_what(rec_fix_names[i]) != NULL);
		ASSERT_OK(vw_rec_decode_hdr(rb.b, rb.len, &h, &e));
		ASSERT_EQ(h.os, VW_OS_DARWIN);
		ASSERT_EQ(h.layout, VW_REC_LAYOUT_XNU);
		ASSERT_EQ(h.start_wall_us, BSD_FIX_NOW * 1000000);
		pos = VW_REC_HDRLEN;
		nprobe = nlost = nkmsg = nfast = 0;
		while ((rc = vw_rec_next(rb.b, rb.len, &pos, &r, &e)) == 1) {
			if (r.type == VW_REC_KMSG)
				nkmsg++;
			if (r.type != VW_REC_PROBE)
				continue;
			ASSERT_OK(vw_rec_decode_probe(&r, &p, &e));
			nprobe++;
			nlost += !p.ok;
			nfast += p.fast;
			if (p.ok)
				ASSERT(p.rtt_us >= 290 && p.rtt_us <= 320);
		}
		ASSERT_EQ(rc, 0);
		if (strcmp(rec_fix_names[i], "rec-darwin-hijack") == 0) {
			ASSERT_EQ(nprobe, 10);
			ASSERT_EQ(nlost, 4);
			ASSERT_EQ(nfast, 1);
			ASSERT_EQ(nkmsg, 5);
		} else {
			ASSERT_EQ(nprobe, 9);
			ASSERT_EQ(nlost, 3);
			ASSERT_EQ(nkmsg, 6);
		}
		rec_buf_free(&rb);
	}
	ASSERT_EQ(rec_fix_by_name("rec-nonesuch", &rb), -1);
	rec_buf_free(&rb);
}

/* ---- decode of a recording ----------------------------------------------- */

static int
decode_mem(const uint8_t *buf, size_t len, int json, char **text,
    struct vw_perr *err)
{
	struct vw_decode_opts o;
	size_t tlen;
	FILE *fp;
	int rc;

	memset(&o, 0, sizeof(o));
	o.json = json;
	o.now = 1;	/* must not matter: a recording has its clock */
	if ((fp = open_memstream(text, &tlen)) == NULL)
		abort();
	rc = vw_decode_buf(buf, len, &o, fp, err);
	fclose(fp);
	return rc;
}

VW_TEST(test_decode_lines)
{
	struct rec_buf rb;
	struct vw_perr e;
	char *out = NULL;

	ASSERT_OK(rec_fix_by_name("rec-darwin-hijack", &rb));
	ASSERT_EQ(vw_decode_detect(rb.b, rb.len), VW_OS_DARWIN);
	ASSERT_OK(decode_mem(rb.b, rb.len, 0, &out, &e));
	{
		static const char h[] = "recording: darwin (xnu layout), "
		    "started 2023-11-14T22:13:20.000000Z, base seq 41\n";

		ASSERT(strncmp(out, h, strlen(h)) == 0);
	}
	ASSERT(strstr(out, "\n+0.000000 note recording started\n") != NULL);
	ASSERT(strstr(out, "\n+0.000000 config { (") != NULL);
	ASSERT(strstr(out, "\n+0.000000 dump begin route,neigh,link,addr: "
	    "startup\n") != NULL);
	ASSERT(strstr(out, "\n+0.000000 KMSG 1380 bytes (dump)\n") != NULL);
	ASSERT(strstr(out, "\nRouting tables\n") != NULL);
	ASSERT(strstr(out, "\n+0.000298 probe 192.168.64.2 icmp ok rtt "
	    "0.298 ms\n") != NULL);
	ASSERT(strstr(out, "\n+5.200000 KMSG 136 bytes\nRTM_ADD len 136 pid "
	    "812 ") != NULL);
	ASSERT(strstr(out, "\n+5.210000 probe 192.168.64.2 icmp lost "
	    "(re-probe)\n") != NULL);
	ASSERT(strstr(out, "\n+8.000000 clock wall 2023-11-14T22:13:28."
	    "000000Z sleep 0.000000 s\n") != NULL);
	free(out);
	out = NULL;
	/* The ARP re-read prints its changes, expiry by the recorded clock. */
	rec_buf_free(&rb);
	ASSERT_OK(rec_fix_by_name("rec-darwin-arp", &rb));
	ASSERT_OK(decode_mem(rb.b, rb.len, 0, &out, &e));
	ASSERT(strstr(out, "\n+6.010000 dump begin neigh: lost probe\n") !=
	    NULL);
	ASSERT(strstr(out, "\n  neigh.change ? (192.168.64.2) at "
	    "(incomplete) on bridge100 ifscope [bridge]\n") != NULL);
	ASSERT(strstr(out, "UHRLWI bridge100 14\n") != NULL);
	ASSERT(strstr(out, "\n+6.010000 dump end: 2 changes\n") != NULL);
	ASSERT(strstr(out, "\n+7.000100 probe 192.168.64.2 icmp lost "
	    "EHOSTDOWN\n") != NULL);
	free(out);
	rec_buf_free(&rb);
}

/* An unknown record type is skipped by length; the next one is read. */
VW_TEST(test_decode_unknown_type)
{
	struct rec_buf rb;
	struct vw_perr e;
	char *out = NULL;

	small_rec(&rb);
	ASSERT_OK(decode_mem(rb.b, rb.len, 0, &out, &e));
	ASSERT(strstr(out, "\n+0.000002 record type 99, 3 bytes: unknown, "
	    "skipped\n+0.000084 probe 192.168.64.2 icmp ok rtt 0.081 ms\n") !=
	    NULL);
	free(out);
	out = NULL;
	ASSERT_OK(decode_mem(rb.b, rb.len, 1, &out, &e));
	ASSERT(strstr(out, "\"type\":\"?\"") != NULL);
	ASSERT(strstr(out, "\"skipped\":\"unknown record type\"") != NULL);
	free(out);
	rec_buf_free(&rb);
}

/*
 * Cut inside every record, or damage one: the output is what the whole
 * file prints up to that record (a prefix), the code is the iterator's
 * and the offset is the record's.
 */
VW_TEST(test_decode_stops_after_printing)
{
	struct rec_buf rb;
	struct vw_perr e;
	char *full = NULL, *part = NULL;
	size_t i, k, cut;
	int rc;

	ASSERT_OK(rec_fix_by_name("rec-darwin-hijack", &rb));
	ASSERT_OK(decode_mem(rb.b, rb.len, 0, &full, &e));
	for (i = 0; i < rb.nrec; i++) {
		cut = rb.off[i] + (i % 3 == 0 ? 7 : 25);
		if (cut >= rb.len)
			continue;
		k = rec_of(&rb, cut);	/* a DUMP_END is only 20 bytes */
		rc = decode_mem(rb.b, cut, 0, &part, &e);
		ASSERT_EQ(rc, VW_ETRUNC);
		ASSERT_EQ(e.code, VW_ETRUNC);
		ASSERT_EQ(e.off, rb.off[k]);
		ASSERT(strncmp(full, part, strlen(part)) == 0);
		ASSERT(strlen(part) < strlen(full));
		free(part);
		part = NULL;
	}
	/* A damaged payload byte in the hijack KMSG: the CRC says so. */
	k = (size_t)rec_find(&rb, VW_REC_KMSG, (size_t)rec_find(&rb,
	    VW_REC_DUMP_END, 0));
	rb.b[rb.off[k] + 30] ^= 1;
	rc = decode_mem(rb.b, rb.len, 0, &part, &e);
	ASSERT_EQ(rc, VW_EINVAL);
	ASSERT_EQ(e.off, rb.off[k]);
	ASSERT(strstr(e.msg, "(KMSG): crc32 mismatch") != NULL);
	ASSERT(strstr(part, "+5.000302 probe") != NULL);
	ASSERT(strstr(part, "RTM_ADD") == NULL);
	ASSERT(strncmp(full, part, strlen(part)) == 0);
	free(part);
	part = NULL;
	/* A damaged header: nothing printed. */
	rb.b[8] = 7;
	rc = decode_mem(rb.b, rb.len, 0, &part, &e);
	ASSERT_EQ(rc, VW_EBADVER);
	ASSERT_EQ(e.off, 0);
	ASSERT_STR_EQ(part, "");
	free(part);
	free(full);
	rec_buf_free(&rb);
}

VW_TEST(test_decode_os_mismatch)
{
	struct rec_buf rb;
	struct vw_decode_opts o;
	struct vw_perr e;
	FILE *fp;

	ASSERT_OK(rec_fix_by_name("rec-darwin-hijack", &rb));
	memset(&o, 0, sizeof(o));
	o.os = VW_OS_LINUX;
	ASSERT((fp = fopen("/dev/null", "w")) != NULL);
	ASSERT_EQ(vw_decode_buf(rb.b, rb.len, &o, fp, &e), VW_EINVAL);
	ASSERT(strstr(e.msg, "darwin") != NULL);
	o.os = VW_OS_DARWIN;
	ASSERT_OK(vw_decode_buf(rb.b, rb.len, &o, fp, &e));
	fclose(fp);
	rec_buf_free(&rb);
}

VW_TEST_MAIN(test_crc_vectors, test_hdr_layout_roundtrip, test_rechdr_layout,
    test_probe_roundtrip, test_clock_dump_begin_roundtrip, test_errno_names,
    test_iterate_small, test_bad_header, test_truncate_every_offset,
    test_len_over_max, test_reserved_and_crc, test_flip_every_byte,
    test_fixture_recordings, test_decode_lines, test_decode_unknown_type,
    test_decode_stops_after_printing, test_decode_os_mismatch)
