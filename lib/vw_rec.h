/* SPDX-License-Identifier: ISC */
/*
 * vw_rec.h - the recording format (docs/recording-format.md is its prose
 * description): everything vmwatchd saw, in the order it saw it, so an
 * incident recorded on a Mac can be replayed and diagnosed on Linux.
 *
 * All integers little-endian.  A file is a 32-byte header and records:
 *
 *   header   0  magic  "VWREC\r\n\x1a" (8; the CR LF and ^Z catch
 *                      text-mode and truncating transfers, as PNG's do)
 *            8  u16    version (VW_REC_VERSION)
 *           10  u8     os      (VW_OS_*: whose kernel messages follow)
 *           11  u8     layout  (VW_REC_LAYOUT_*: their wire layout)
 *           12  u32    flags   (0)
 *           16  i64    start_wall_us  (wall clock at the first record)
 *           24  u64    base_seq       (event seq before the first record)
 *
 *   record   0  u8     type    (VW_REC_*)
 *            1  u8     flags   (VW_RECF_*)
 *            2  u16    zero
 *            4  u32    len     (payload bytes, <= VW_REC_MAX_PAYLOAD)
 *            8  i64    mono_us (monotonic clock when it happened)
 *           16  u32    crc32   (IEEE 802.3, of bytes 0-15 of this
 *                              header, then of the payload)
 *           20  payload
 *
 * The CRC covers the record header too, so a damaged type, length or
 * time is caught like a damaged payload.  The file header has no CRC:
 * magic, version, os and layout are checked (os and layout must agree),
 * flags, start_wall_us and base_seq are not.
 *
 * Unknown record types are skipped by length (newer writers may add some);
 * a wrong magic/version, a length past the end, a non-zero reserved field
 * or a CRC mismatch is an error naming the byte offset, and everything
 * before it is still usable.
 *
 * Pure: encoders write into caller buffers, the iterator reads a caller
 * buffer.  Ownership: records point into the caller's buffer.
 */
#ifndef VW_REC_H
#define VW_REC_H

#include <stddef.h>
#include <stdint.h>

#include "vw_addr.h"
#include "vw_error.h"

#define VW_REC_MAGIC		"VWREC\r\n\x1a"
#define VW_REC_VERSION		1
#define VW_REC_HDRLEN		32
#define VW_REC_RECHDRLEN	20
#define VW_REC_MAX_PAYLOAD	(16u << 20)

enum vw_rec_layout {
	VW_REC_LAYOUT_XNU = 1,		/* macOS rt_msghdr(2)/if_msghdr2, LP64 */
	VW_REC_LAYOUT_FREEBSD = 2,	/* FreeBSD rt_msghdr/if_msghdr, LP64 */
	VW_REC_LAYOUT_RTNETLINK = 3	/* Linux rtnetlink, little-endian */
};

enum vw_rec_type {
	VW_REC_CONFIG = 1,	/* the daemon's normalized config (JSON text) */
	VW_REC_DUMP_BEGIN = 2,	/* a full re-read starts: u32 objs (1 << VW_OBJ_*),
				   then the reason as text */
	VW_REC_KMSG = 3,	/* raw kernel bytes as read (one read) */
	VW_REC_DUMP_END = 4,	/* the re-read is complete (empty) */
	VW_REC_PROBE = 5,	/* one probe outcome: struct vw_rec_probe */
	VW_REC_CLOCK = 6,	/* clock sample: i64 wall, i64 mono, i64 sleep */
	VW_REC_NOTE = 7		/* free text for people ("recording started") */
};
const char	*vw_rec_type_name(int type);	/* "KMSG"; "?" */

enum vw_rec_flag {
	VW_RECF_DUMP = 0x01	/* KMSG: part of the dump between BEGIN and END */
};

struct vw_rec_hdr {
	int		version;
	int		os;		/* VW_OS_* */
	int		layout;		/* VW_REC_LAYOUT_* */
	uint32_t	flags;
	int64_t		start_wall_us;
	uint64_t	base_seq;
};

struct vw_rec {
	uint8_t		 type;
	uint8_t		 flags;
	uint32_t	 len;
	int64_t		 mono_us;
	const uint8_t	*data;		/* len bytes, inside the caller's buffer */
	uint64_t	 off;		/* byte offset of the record header */
};

/*
 * Payload of VW_REC_PROBE (48 bytes on the wire; a longer payload is read,
 * its extra bytes ignored):
 *    0 u8 family (4, 6)  1 u8 kind  2 u8 ok  3 u8 fast  4 u8 icmp_type
 *    5 u8 icmp_code  6 u16 zero  8 u32 scope  12 addr[16] (IPv4 in 12-15)
 *   28 u32 rtt_us  32 i32 err  36 u32 zero  40 i64 sent_us
 * err is numbered as the recording's OS numbers errno (macOS and FreeBSD
 * share the 4.4BSD numbers, Linux differs): see vw_rec_errno_name().
 */
#define VW_REC_PROBELEN	48
struct vw_rec_probe {
	struct vw_ip	addr;		/* the target (family, scope, bytes) */
	uint8_t		kind;		/* enum vw_probe_kind */
	uint8_t		ok;
	uint8_t		fast;		/* a re-probe after a kernel change */
	uint8_t		icmp_type, icmp_code;
	uint32_t	rtt_us;
	int32_t		err;		/* positive errno, 0 */
	int64_t		sent_us;	/* monotonic */
};

/* Payload of VW_REC_CLOCK (24 bytes). */
#define VW_REC_CLOCKLEN	24
struct vw_rec_clock {
	int64_t		wall_us, mono_us, sleep_us;
};

/* Encoders: return the bytes written (fixed sizes above). */
size_t	vw_rec_encode_hdr(uint8_t out[VW_REC_HDRLEN],
	    const struct vw_rec_hdr *h);
size_t	vw_rec_encode_rechdr(uint8_t out[VW_REC_RECHDRLEN], int type,
	    int flags, const uint8_t *payload, uint32_t len, int64_t mono_us);
size_t	vw_rec_encode_probe(uint8_t out[VW_REC_PROBELEN],
	    const struct vw_rec_probe *p);
size_t	vw_rec_encode_clock(uint8_t out[VW_REC_CLOCKLEN],
	    const struct vw_rec_clock *c);

/*
 * Decoders: 0 or VW_EBADLEN / VW_EBADVER / VW_EINVAL with e filled;
 * vw_rec_decode_hdr() also VW_ETRUNC for fewer than 32 bytes that start
 * like the magic.  Payload decoders report e->off = r->off.
 */
int	vw_rec_decode_hdr(const uint8_t *buf, size_t len, struct vw_rec_hdr *h,
	    struct vw_perr *e);
int	vw_rec_decode_probe(const struct vw_rec *r, struct vw_rec_probe *p,
	    struct vw_perr *e);
int	vw_rec_decode_clock(const struct vw_rec *r, struct vw_rec_clock *c,
	    struct vw_perr *e);

/*
 * Iterate: *pos starts at VW_REC_HDRLEN.  Returns 1 and fills r (advancing
 * *pos), 0 at a clean end, or a negative VW_E* code (VW_ETRUNC for a record
 * cut short, VW_EBADLEN / VW_EINVAL for corruption) with e->off the byte
 * offset of the bad record; *pos is then left at that record.  Records of
 * every type are returned, unknown ones too (the caller skips them).
 * e->msg names the record by its number, counted from 1 when *pos started
 * at VW_REC_HDRLEN: "record 17 (KMSG): crc32 mismatch (stored 0x..,
 * computed 0x..)".
 */
int	vw_rec_next(const uint8_t *buf, size_t len, size_t *pos,
	    struct vw_rec *r, struct vw_perr *e);

uint32_t	vw_crc32(const uint8_t *p, size_t n);

/*
 * Does buf start like a recording?  The magic, or (len < 8) a prefix of it
 * at least 5 bytes long, so a cut-short file is still told a recording.
 */
int	vw_rec_is(const uint8_t *buf, size_t len);

/* ---- additions for readers (tools, replay) ----------------------------- */

/* The layout an OS's kernel messages are recorded in; 0 for none. */
int		 vw_rec_layout_of(int os);
const char	*vw_rec_layout_name(int layout);	/* "xnu"; "?" */

/*
 * VW_REC_DUMP_BEGIN's payload: *objs (1 << VW_OBJ_*) and the reason, not
 * NUL-terminated (*why points into the record, *whylen bytes).  0 or
 * VW_EBADLEN (payload under 4 bytes) with e filled.
 */
int	vw_rec_decode_dump_begin(const struct vw_rec *r, unsigned *objs,
	    const char **why, size_t *whylen, struct vw_perr *e);
/* Its encoder: 4 + strlen(why) bytes into out (cap bytes); 0 if no room. */
size_t	vw_rec_encode_dump_begin(uint8_t *out, size_t cap, unsigned objs,
	    const char *why);

/*
 * A probe's err as the recording's OS numbers it: its symbolic name
 * ("EHOSTUNREACH") or NULL for a number this table does not know, and the
 * same errno as this host numbers it (0 when unknown), for a replay that
 * feeds recorded outcomes to code that compares with E* constants.
 */
const char	*vw_rec_errno_name(int os, int err);
int		 vw_rec_errno_to_host(int os, int err);

#endif /* VW_REC_H */
