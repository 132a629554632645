/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: a recording (lib/vw_rec.h) read the way a replay
 * reads it: the header, every record through vw_rec_next(), PROBE, CLOCK
 * and DUMP_BEGIN payloads decoded, KMSG payloads applied through
 * vw_kapply_buf() to a table of the header's OS, re-reads as table syncs.
 *
 * The input is the whole file (seeds: mkfixture's rec-* recordings).  A
 * valid CRC is hard to reach by mutation, so when the header's flags word
 * (bytes 12-15, which no reader checks) is 0x46555a5a ("ZZUF"), every
 * record's CRC is recomputed first: the fuzzer can then explore payloads
 * as well as framing.
 *
 * Checked contracts (abort on violation):
 *   - vw_rec_next: 1 advances *pos past the record inside the buffer; an
 *     error leaves *pos at e->off, names it, and carries its code;
 *   - vw_kapply_buf returns at most len, and less only with err filled at
 *     an offset inside the record; vw_kapply_check stops at the same
 *     place with the same code.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kapply.h"
#include "vw_event.h"
#include "vw_rec.h"
#include "vw_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_FLAGS	0x46555a5au	/* "ZZUF" little-endian */

static void
diff_cb(const struct vw_event *d, void *arg)
{
	size_t *n = arg;

	if (d->kind != VW_EV_NONE)
		(*n)++;
}

/*
 * Rewrite every record's CRC (bytes 0-15, then the payload, as stored,
 * reserved bytes too) so that mutated payloads get through.
 */
static void
fix_crcs(uint8_t *b, size_t len)
{
	size_t pos = VW_REC_HDRLEN, plen;
	uint8_t *tmp;
	uint32_t crc;

	while (len - pos >= VW_REC_RECHDRLEN) {
		plen = (size_t)b[pos + 4] | (size_t)b[pos + 5] << 8 |
		    (size_t)b[pos + 6] << 16 | (size_t)b[pos + 7] << 24;
		if (plen > len - pos - VW_REC_RECHDRLEN ||
		    (tmp = malloc(16 + plen)) == NULL)
			break;
		memcpy(tmp, b + pos, 16);
		memcpy(tmp + 16, b + pos + VW_REC_RECHDRLEN, plen);
		crc = vw_crc32(tmp, 16 + plen);
		free(tmp);
		b[pos + 16] = (uint8_t)crc;
		b[pos + 17] = (uint8_t)(crc >> 8);
		b[pos + 18] = (uint8_t)(crc >> 16);
		b[pos + 19] = (uint8_t)(crc >> 24);
		pos += VW_REC_RECHDRLEN + plen;
	}
}

static void
check_kmsg(struct vw_kapply *a, const struct vw_rec *r)
{
	struct vw_perr ce;
	size_t got;
	int crc;

	a->base_off = r->off + VW_REC_RECHDRLEN;
	got = vw_kapply_buf(a, r->data, r->len);
	crc = vw_kapply_check(a->os, r->data, r->len, a->base_off, &ce);
	if (got > r->len)
		abort();
	if (got == r->len) {
		if (crc != 0 || a->err.code != 0)
			abort();
		return;
	}
	if (a->err.code >= 0 || a->err.msg[0] == '\0' ||
	    a->err.off != a->base_off + got || crc != a->err.code ||
	    ce.off != a->err.off)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vw_rec_hdr h;
	struct vw_rec_probe p;
	struct vw_rec_clock c;
	struct vw_kapply a;
	struct vw_perr e;
	struct vw_rec r;
	struct vw_table *t;
	uint8_t *buf;
	const char *why;
	size_t pos = VW_REC_HDRLEN, before, wlen, ndiff = 0;
	unsigned objs;
	int rc;

	if (vw_rec_decode_hdr(data, size, &h, &e) < 0) {
		if (e.code >= 0 || e.msg[0] == '\0' || e.off != 0)
			abort();
		return 0;
	}
	if ((buf = malloc(size)) == NULL)
		return 0;
	memcpy(buf, data, size);
	if (h.flags == FUZZ_FLAGS)
		fix_crcs(buf, size);
	if ((t = vw_table_new(h.os)) == NULL) {
		free(buf);
		return 0;
	}
	memset(&a, 0, sizeof(a));
	a.table = t;
	a.os = h.os;
	a.keep_carrier = h.os == VW_OS_DARWIN;
	/* The recorded clock, never time(): runs must be reproducible. */
	a.now_s = h.start_wall_us / 1000000 != 0 ? h.start_wall_us / 1000000 :
	    1;
	a.cb = diff_cb;
	a.arg = &ndiff;
	for (;;) {
		before = pos;
		memset(&e, 0, sizeof(e));
		rc = vw_rec_next(buf, size, &pos, &r, &e);
		if (rc == 0)
			break;
		if (rc < 0) {
			if (pos != before || e.off != before || e.code != rc ||
			    e.msg[0] == '\0')
				abort();
			break;
		}
		if (rc != 1 || r.off != before || pos <= before ||
		    pos > size || r.data + r.len != buf + pos)
			abort();
		switch (r.type) {
		case VW_REC_KMSG:
			check_kmsg(&a, &r);
			break;
		case VW_REC_DUMP_BEGIN:
			if (vw_rec_decode_dump_begin(&r, &objs, &why, &wlen,
			    &e) == 0) {
				if (why + wlen != (const char *)r.data + r.len)
					abort();
				vw_table_sync_begin(t, objs);
			}
			break;
		case VW_REC_DUMP_END:
			vw_table_sync_end(t, diff_cb, &ndiff);
			break;
		case VW_REC_PROBE:
			if (vw_rec_decode_probe(&r, &p, &e) == 0) {
				(void)vw_rec_errno_name(h.os, p.err);
				(void)vw_rec_errno_to_host(h.os, p.err);
			} else if (e.off != r.off)
				abort();
			break;
		case VW_REC_CLOCK:
			if (vw_rec_decode_clock(&r, &c, &e) == 0)
				a.now_s = c.wall_us / 1000000 != 0 ?
				    c.wall_us / 1000000 : 1;
			break;
		default:
			break;	/* unknown types: skipped by length */
		}
	}
	vw_table_free(t);
	free(buf);
	return 0;
}
