/* SPDX-License-Identifier: ISC */
/*
 * vw_rec.c - the recording format of vw_rec.h: header and record
 * encoders, the checked iterator, the PROBE / CLOCK / DUMP_BEGIN payloads,
 * and CRC-32.
 *
 * Every read is bounds-checked against the caller's length before it is
 * made, and integers are assembled byte by byte (little-endian on every
 * host), so a recording made on an arm64 Mac reads the same on x86_64.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "vw_event.h"
#include "vw_rec.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- little-endian stores and loads -------------------------------------- */

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void
put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (unsigned)p[1] << 8);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint64_t
get64(const uint8_t *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

/* ---- CRC-32 -------------------------------------------------------------- */

/*
 * IEEE 802.3 CRC-32 as zlib's crc32() computes it: reflected polynomial
 * 0xEDB88320, initial value and final XOR 0xFFFFFFFF.  crc_table[n] is the
 * CRC register after shifting the byte n through eight rounds (generated
 * by that loop; tests/unit/test_rec.c recomputes it bit by bit).
 */
static const uint32_t crc_table[256] = {
	0x00000000, 0x77073096, 0xee0e612c, 0x990951ba,
	0x076dc419, 0x706af48f, 0xe963a535, 0x9e6495a3,
	0x0edb8832, 0x79dcb8a4, 0xe0d5e91e, 0x97d2d988,
	0x09b64c2b, 0x7eb17cbd, 0xe7b82d07, 0x90bf1d91,
	0x1db71064, 0x6ab020f2, 0xf3b97148, 0x84be41de,
	0x1adad47d, 0x6ddde4eb, 0xf4d4b551, 0x83d385c7,
	0x136c9856, 0x646ba8c0, 0xfd62f97a, 0x8a65c9ec,
	0x14015c4f, 0x63066cd9, 0xfa0f3d63, 0x8d080df5,
	0x3b6e20c8, 0x4c69105e, 0xd56041e4, 0xa2677172,
	0x3c03e4d1, 0x4b04d447, 0xd20d85fd, 0xa50ab56b,
	0x35b5a8fa, 0x42b2986c, 0xdbbbc9d6, 0xacbcf940,
	0x32d86ce3, 0x45df5c75, 0xdcd60dcf, 0xabd13d59,
	0x26d930ac, 0x51de003a, 0xc8d75180, 0xbfd06116,
	0x21b4f4b5, 0x56b3c423, 0xcfba9599, 0xb8bda50f,
	0x2802b89e, 0x5f058808, 0xc60cd9b2, 0xb10be924,
	0x2f6f7c87, 0x58684c11, 0xc1611dab, 0xb6662d3d,
	0x76dc4190, 0x01db7106, 0x98d220bc, 0xefd5102a,
	0x71b18589, 0x06b6b51f, 0x9fbfe4a5, 0xe8b8d433,
	0x7807c9a2, 0x0f00f934, 0x9609a88e, 0xe10e9818,
	0x7f6a0dbb, 0x086d3d2d, 0x91646c97, 0xe6635c01,
	0x6b6b51f4, 0x1c6c6162, 0x856530d8, 0xf262004e,
	0x6c0695ed, 0x1b01a57b, 0x8208f4c1, 0xf50fc457,
	0x65b0d9c6, 0x12b7e950, 0x8bbeb8ea, 0xfcb9887c,
	0x62dd1ddf, 0x15da2d49, 0x8cd37cf3, 0xfbd44c65,
	0x4db26158, 0x3ab551ce, 0xa3bc0074, 0xd4bb30e2,
	0x4adfa541, 0x3dd895d7, 0xa4d1c46d, 0xd3d6f4fb,
	0x4369e96a, 0x346ed9fc, 0xad678846, 0xda60b8d0,
	0x44042d73, 0x33031de5, 0xaa0a4c5f, 0xdd0d7cc9,
	0x5005713c, 0x270241aa, 0xbe0b1010, 0xc90c2086,
	0x5768b525, 0x206f85b3, 0xb966d409, 0xce61e49f,
	0x5edef90e, 0x29d9c998, 0xb0d09822, 0xc7d7a8b4,
	0x59b33d17, 0x2eb40d81, 0xb7bd5c3b, 0xc0ba6cad,
	0xedb88320, 0x9abfb3b6, 0x03b6e20c, 0x74b1d29a,
	0xead54739, 0x9dd277af, 0x04db2615, 0x73dc1683,
	0xe3630b12, 0x94643b84, 0x0d6d6a3e, 0x7a6a5aa8,
	0xe40ecf0b, 0x9309ff9d, 0x0a00ae27, 0x7d079eb1,
	0xf00f9344, 0x8708a3d2, 0x1e01f268, 0x6906c2fe,
	0xf762575d, 0x806567cb, 0x196c3671, 0x6e6b06e7,
	0xfed41b76, 0x89d32be0, 0x10da7a5a, 0x67dd4acc,
	0xf9b9df6f, 0x8ebeeff9, 0x17b7be43, 0x60b08ed5,
	0xd6d6a3e8, 0xa1d1937e, 0x38d8c2c4, 0x4fdff252,
	0xd1bb67f1, 0xa6bc5767, 0x3fb506dd, 0x48b2364b,
	0xd80d2bda, 0xaf0a1b4c, 0x36034af6, 0x41047a60,
	0xdf60efc3, 0xa867df55, 0x316e8eef, 0x4669be79,
	0xcb61b38c, 0xbc66831a, 0x256fd2a0, 0x5268e236,
	0xcc0c7795, 0xbb0b4703, 0x220216b9, 0x5505262f,
	0xc5ba3bbe, 0xb2bd0b28, 0x2bb45a92, 0x5cb36a04,
	0xc2d7ffa7, 0xb5d0cf31, 0x2cd99e8b, 0x5bdeae1d,
	0x9b64c2b0, 0xec63f226, 0x756aa39c, 0x026d930a,
	0x9c0906a9, 0xeb0e363f, 0x72076785, 0x05005713,
	0x95bf4a82, 0xe2b87a14, 0x7bb12bae, 0x0cb61b38,
	0x92d28e9b, 0xe5d5be0d, 0x7cdcefb7, 0x0bdbdf21,
	0x86d3d2d4, 0xf1d4e242, 0x68ddb3f8, 0x1fda836e,
	0x81be16cd, 0xf6b9265b, 0x6fb077e1, 0x18b74777,
	0x88085ae6, 0xff0f6a70, 0x66063bca, 0x11010b5c,
	0x8f659eff, 0xf862ae69, 0x616bffd3, 0x166ccf45,
	0xa00ae278, 0xd70dd2ee, 0x4e048354, 0x3903b3c2,
	0xa7672661, 0xd06016f7, 0x4969474d, 0x3e6e77db,
	0xaed16a4a, 0xd9d65adc, 0x40df0b66, 0x37d83bf0,
	0xa9bcae53, 0xdebb9ec5, 0x47b2cf7f, 0x30b5ffe9,
	0xbdbdf21c, 0xcabac28a, 0x53b39330, 0x24b4a3a6,
	0xbad03605, 0xcdd70693, 0x54de5729, 0x23d967bf,
	0xb3667a2e, 0xc4614ab8, 0x5d681b02, 0x2a6f2b94,
	0xb40bbe37, 0xc30c8ea1, 0x5a05df1b, 0x2d02ef8d,
};

static uint32_t
crc32_update(uint32_t crc, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		crc = crc_table[(crc ^ p[i]) & 0xff] ^ (crc >> 8);
	return crc;
}

uint32_t
vw_crc32(const uint8_t *p, size_t n)
{
	return crc32_update(0xffffffffu, p, n) ^ 0xffffffffu;
}

/* The record CRC: header bytes 0-15 (up to the CRC field), then payload. */
static uint32_t
rec_crc(const uint8_t *hdr, const uint8_t *payload, size_t len)
{
	uint32_t crc;

	crc = crc32_update(0xffffffffu, hdr, 16);
	if (len > 0)
		crc = crc32_update(crc, payload, len);
	return crc ^ 0xffffffffu;
}

/* ---- names --------------------------------------------------------------- */

const char *
vw_rec_type_name(int type)
{
	static const char *const names[] = {
		NULL, "CONFIG", "DUMP_BEGIN", "KMSG", "DUMP_END", "PROBE",
		"CLOCK", "NOTE"
	};

	if (type > 0 && (size_t)type < NITEMS(names))
		return names[type];
	return "?";
}

int
vw_rec_layout_of(int os)
{
	switch (os) {
	case VW_OS_DARWIN:	return VW_REC_LAYOUT_XNU;
	case VW_OS_FREEBSD:	return VW_REC_LAYOUT_FREEBSD;
	case VW_OS_LINUX:	return VW_REC_LAYOUT_RTNETLINK;
	default:		return 0;
	}
}

const char *
vw_rec_layout_name(int layout)
{
	switch (layout) {
	case VW_REC_LAYOUT_XNU:		return "xnu";
	case VW_REC_LAYOUT_FREEBSD:	return "freebsd";
	case VW_REC_LAYOUT_RTNETLINK:	return "rtnetlink";
	default:			return "?";
	}
}

/* ---- header -------------------------------------------------------------- */

int
vw_rec_is(const uint8_t *buf, size_t len)
{
	size_t n = len < 8 ? len : 8;

	return buf != NULL && n >= 5 && memcmp(buf, VW_REC_MAGIC, n) == 0;
}

size_t
vw_rec_encode_hdr(uint8_t out[VW_REC_HDRLEN], const struct vw_rec_hdr *h)
{
	memcpy(out, VW_REC_MAGIC, 8);
	put16(out + 8, (uint16_t)h->version);
	out[10] = (uint8_t)h->os;
	out[11] = (uint8_t)h->layout;
	put32(out + 12, h->flags);
	put64(out + 16, (uint64_t)h->start_wall_us);
	put64(out + 24, h->base_seq);
	return VW_REC_HDRLEN;
}

int
vw_rec_decode_hdr(const uint8_t *buf, size_t len, struct vw_rec_hdr *h,
    struct vw_perr *e)
{
	size_t n = len < 8 ? len : 8;
	int os, layout;

	memset(h, 0, sizeof(*h));
	if (buf == NULL || memcmp(buf, VW_REC_MAGIC, n) != 0)
		return vw_perr_set(e, 0, VW_EINVAL, "%s",
		    "not a recording (bad magic)");
	if (len < VW_REC_HDRLEN)
		return vw_perr_set(e, 0, VW_ETRUNC,
		    "recording header truncated: %zu of %d bytes", len,
		    VW_REC_HDRLEN);
	h->version = get16(buf + 8);
	if (h->version != VW_REC_VERSION)
		return vw_perr_set(e, 0, VW_EBADVER,
		    "recording version %d, this reader knows %d", h->version,
		    VW_REC_VERSION);
	os = buf[10];
	layout = buf[11];
	if (vw_rec_layout_of(os) == 0)
		return vw_perr_set(e, 0, VW_EINVAL,
		    "recording header: unknown OS %d", os);
	/* One layout per OS in version 1: a mismatch is a damaged byte. */
	if (layout != vw_rec_layout_of(os))
		return vw_perr_set(e, 0, VW_EINVAL,
		    "recording header: layout %d is not %s's (%d)", layout,
		    vw_os_name(os), vw_rec_layout_of(os));
	h->os = os;
	h->layout = layout;
	h->flags = get32(buf + 12);
	h->start_wall_us = (int64_t)get64(buf + 16);
	h->base_seq = get64(buf + 24);
	return 0;
}

/* ---- records ------------------------------------------------------------- */

size_t
vw_rec_encode_rechdr(uint8_t out[VW_REC_RECHDRLEN], int type, int flags,
    const uint8_t *payload, uint32_t len, int64_t mono_us)
{
	out[0] = (uint8_t)type;
	out[1] = (uint8_t)flags;
	put16(out + 2, 0);
	put32(out + 4, len);
	put64(out + 8, (uint64_t)mono_us);
	put32(out + 16, rec_crc(out, payload, len));
	return VW_REC_RECHDRLEN;
}

/*
 * "record 17 (KMSG)": the number of the record at `at`, counted by walking
 * the (already checked) headers from `from`; "record at byte N" when the
 * walk does not land on it (the caller started elsewhere).
 */
static void
rec_label(const uint8_t *buf, size_t from, size_t at, int type, char *out,
    size_t outlen)
{
	unsigned long long n = 1;
	size_t p = from;

	while (p < at && at - p >= VW_REC_RECHDRLEN) {
		p += VW_REC_RECHDRLEN + (size_t)get32(buf + p + 4);
		n++;
	}
	if (p == at && type >= 0)
		snprintf(out, outlen, "record %llu (%s)", n,
		    vw_rec_type_name(type));
	else if (p == at)
		snprintf(out, outlen, "record %llu", n);
	else
		snprintf(out, outlen, "record at byte %zu", at);
}

int
vw_rec_next(const uint8_t *buf, size_t len, size_t *pos, struct vw_rec *r,
    struct vw_perr *e)
{
	const uint8_t *h;
	size_t at = *pos, left;
	uint32_t plen, stored, computed;
	char what[64];

	memset(r, 0, sizeof(*r));
	if (at == len)
		return 0;
	if (buf == NULL || at < VW_REC_HDRLEN || at > len)
		return vw_perr_set(e, at, VW_EINVAL,
		    "position %zu is outside the records (%zu bytes)", at, len);
	h = buf + at;
	left = len - at;
	if (left < VW_REC_RECHDRLEN) {
		rec_label(buf, VW_REC_HDRLEN, at, -1, what, sizeof(what));
		return vw_perr_set(e, at, VW_ETRUNC,
		    "%s: header truncated: %zu of %d bytes", what, left,
		    VW_REC_RECHDRLEN);
	}
	rec_label(buf, VW_REC_HDRLEN, at, h[0], what, sizeof(what));
	if (get16(h + 2) != 0)
		return vw_perr_set(e, at, VW_EINVAL,
		    "%s: reserved bytes 2-3 are 0x%04x, not zero", what,
		    (unsigned)get16(h + 2));
	plen = get32(h + 4);
	if (plen > VW_REC_MAX_PAYLOAD)
		return vw_perr_set(e, at, VW_EBADLEN,
		    "%s: length %lu over the limit of %lu bytes", what,
		    (unsigned long)plen, (unsigned long)VW_REC_MAX_PAYLOAD);
	if (plen > left - VW_REC_RECHDRLEN)
		return vw_perr_set(e, at, VW_ETRUNC,
		    "%s: payload truncated: %zu of %lu bytes", what,
		    left - VW_REC_RECHDRLEN, (unsigned long)plen);
	stored = get32(h + 16);
	computed = rec_crc(h, h + VW_REC_RECHDRLEN, plen);
	if (stored != computed)
		return vw_perr_set(e, at, VW_EINVAL,
		    "%s: crc32 mismatch (stored 0x%08lx, computed 0x%08lx)",
		    what, (unsigned long)stored, (unsigned long)computed);
	r->type = h[0];
	r->flags = h[1];
	r->len = plen;
	r->mono_us = (int64_t)get64(h + 8);
	r->data = h + VW_REC_RECHDRLEN;
	r->off = at;
	*pos = at + VW_REC_RECHDRLEN + plen;
	return 1;
}

/* ---- payloads ------------------------------------------------------------ */

size_t
vw_rec_encode_probe(uint8_t out[VW_REC_PROBELEN], const struct vw_rec_probe *p)
{
	int n = vw_ip_bytes(p->addr.family);

	memset(out, 0, VW_REC_PROBELEN);
	out[0] = p->addr.family;
	out[1] = p->kind;
	out[2] = p->ok;
	out[3] = p->fast;
	out[4] = p->icmp_type;
	out[5] = p->icmp_code;
	put32(out + 8, p->addr.scope);
	if (n > 0)
		memcpy(out + 12, p->addr.a, (size_t)n);
	put32(out + 28, p->rtt_us);
	put32(out + 32, (uint32_t)p->err);
	put64(out + 40, (uint64_t)p->sent_us);
	return VW_REC_PROBELEN;
}

int
vw_rec_decode_probe(const struct vw_rec *r, struct vw_rec_probe *p,
    struct vw_perr *e)
{
	const uint8_t *d = r->data;
	int n;

	memset(p, 0, sizeof(*p));
	if (r->len < VW_REC_PROBELEN || d == NULL)
		return vw_perr_set(e, r->off, VW_EBADLEN,
		    "PROBE payload of %lu bytes, need %d",
		    (unsigned long)r->len, VW_REC_PROBELEN);
	if ((n = vw_ip_bytes(d[0])) == 0)
		return vw_perr_set(e, r->off, VW_EINVAL,
		    "PROBE: address family %u is neither 4 nor 6", d[0]);
	if (d[2] > 1 || d[3] > 1)
		return vw_perr_set(e, r->off, VW_EINVAL,
		    "PROBE: ok %u / fast %u is not 0 or 1", d[2], d[3]);
	p->addr.family = d[0];
	p->addr.scope = get32(d + 8);
	memcpy(p->addr.a, d + 12, (size_t)n);
	p->kind = d[1];
	p->ok = d[2];
	p->fast = d[3];
	p->icmp_type = d[4];
	p->icmp_code = d[5];
	p->rtt_us = get32(d + 28);
	p->err = (int32_t)get32(d + 32);
	p->sent_us = (int64_t)get64(d + 40);
	return 0;
}

size_t
vw_rec_encode_clock(uint8_t out[VW_REC_CLOCKLEN], const struct vw_rec_clock *c)
{
	put64(out, (uint64_t)c->wall_us);
	put64(out + 8, (uint64_t)c->mono_us);
	put64(out + 16, (uint64_t)c->sleep_us);
	return VW_REC_CLOCKLEN;
}

int
vw_rec_decode_clock(const struct vw_rec *r, struct vw_rec_clock *c,
    struct vw_perr *e)
{
	memset(c, 0, sizeof(*c));
	if (r->len < VW_REC_CLOCKLEN || r->data == NULL)
		return vw_perr_set(e, r->off, VW_EBADLEN,
		    "CLOCK payload of %lu bytes, need %d",
		    (unsigned long)r->len, VW_REC_CLOCKLEN);
	c->wall_us = (int64_t)get64(r->data);
	c->mono_us = (int64_t)get64(r->data + 8);
	c->sleep_us = (int64_t)get64(r->data + 16);
	return 0;
}

size_t
vw_rec_encode_dump_begin(uint8_t *out, size_t cap, unsigned objs,
    const char *why)
{
	size_t n = why != NULL ? strlen(why) : 0;

	if (cap < 4 || cap - 4 < n)
		return 0;
	put32(out, objs);
	if (n > 0)
		memcpy(out + 4, why, n);
	return 4 + n;
}

int
vw_rec_decode_dump_begin(const struct vw_rec *r, unsigned *objs,
    const char **why, size_t *whylen, struct vw_perr *e)
{
	*objs = 0;
	*why = "";
	*whylen = 0;
	if (r->len < 4 || r->data == NULL)
		return vw_perr_set(e, r->off, VW_EBADLEN,
		    "DUMP_BEGIN payload of %lu bytes, need 4",
		    (unsigned long)r->len);
	*objs = get32(r->data);
	*why = (const char *)r->data + 4;
	*whylen = r->len - 4;
	return 0;
}

/* ---- errno across systems ------------------------------------------------ */

/*
 * The errno values a probe can end with, as Linux (asm-generic/errno.h)
 * and 4.4BSD (macOS and FreeBSD sys/errno.h share them up to 65) number
 * them, and as this host does.
 */
static const struct {
	const char	*name;
	int		 linux_no, bsd_no, host_no;
} errnos[] = {
	{ "EPERM", 1, 1, EPERM },
	{ "ENOENT", 2, 2, ENOENT },
	{ "EINTR", 4, 4, EINTR },
	{ "EIO", 5, 5, EIO },
	{ "EAGAIN", 11, 35, EAGAIN },
	{ "ENOMEM", 12, 12, ENOMEM },
	{ "EACCES", 13, 13, EACCES },
	{ "EINVAL", 22, 22, EINVAL },
	{ "EMSGSIZE", 90, 40, EMSGSIZE },
	{ "ENOPROTOOPT", 92, 42, ENOPROTOOPT },
	{ "EPROTONOSUPPORT", 93, 43, EPROTONOSUPPORT },
	{ "EAFNOSUPPORT", 97, 47, EAFNOSUPPORT },
	{ "EADDRINUSE", 98, 48, EADDRINUSE },
	{ "EADDRNOTAVAIL", 99, 49, EADDRNOTAVAIL },
	{ "ENETDOWN", 100, 50, ENETDOWN },
	{ "ENETUNREACH", 101, 51, ENETUNREACH },
	{ "ENETRESET", 102, 52, ENETRESET },
	{ "ECONNABORTED", 103, 53, ECONNABORTED },
	{ "ECONNRESET", 104, 54, ECONNRESET },
	{ "ENOBUFS", 105, 55, ENOBUFS },
	{ "ENOTCONN", 107, 57, ENOTCONN },
	{ "ETIMEDOUT", 110, 60, ETIMEDOUT },
	{ "ECONNREFUSED", 111, 61, ECONNREFUSED },
	{ "EHOSTDOWN", 112, 64, EHOSTDOWN },
	{ "EHOSTUNREACH", 113, 65, EHOSTUNREACH },
};

static int
errno_find(int os, int err)
{
	size_t i;

	if (err <= 0 || (os != VW_OS_LINUX && os != VW_OS_DARWIN &&
	    os != VW_OS_FREEBSD))
		return -1;
	for (i = 0; i < NITEMS(errnos); i++)
		if ((os == VW_OS_LINUX ? errnos[i].linux_no :
		    errnos[i].bsd_no) == err)
			return (int)i;
	return -1;
}

const char *
vw_rec_errno_name(int os, int err)
{
	int i = errno_find(os, err);

	return i < 0 ? NULL : errnos[i].name;
}

int
vw_rec_errno_to_host(int os, int err)
{
	int i = errno_find(os, err);

	return i < 0 ? 0 : errnos[i].host_no;
}
