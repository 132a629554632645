/* SPDX-License-Identifier: ISC */
/*
 * record.c - write what the daemon sees as lib/vw_rec.h records, to a file
 * and to the in-memory flight recorder.
 *
 * The file is written with stdio and flushed every second: recording is
 * something a person turns on to catch an incident, and a slow disk then
 * slows the daemon rather than losing the very records asked for.  The
 * flight recorder costs a memcpy per record and at most VW_FLIGHT_MAX
 * bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "host.h"
#include "ksrc.h"
#include "record.h"
#include "vmwatchd.h"
#include "vw_error.h"
#include "vw_rec.h"
#include "vwlog.h"

struct vw_recorder {
	struct vw_daemon	*d;
	FILE			*fp;
	char			*path;
	uint64_t		 fbytes;
	uv_timer_t		 flush;
	uv_idle_t		 redump;	/* a new flight window, off the stack */
	int			 redump_on;
	uint8_t			*mem;		/* the flight recorder */
	size_t			 mlen, mcap;
	int			 restart;	/* next DUMP_BEGIN starts a window */
	int			 in_dump;
	size_t			 dump_end;	/* window bytes up to its dump's end */
	int64_t			 last_redump;	/* mono µs of the last new window */
	int			 nclosed;
};

static int
layout_of(int os)
{
	switch (os) {
	case VW_OS_DARWIN:
		return VW_REC_LAYOUT_XNU;
	case VW_OS_FREEBSD:
		return VW_REC_LAYOUT_FREEBSD;
	default:
		return VW_REC_LAYOUT_RTNETLINK;
	}
}

static int
mem_put(struct vw_recorder *r, const void *p, size_t n)
{
	uint8_t *nm;
	size_t cap;

	if (n == 0)
		return 0;
	if (r->mlen + n > r->mcap) {
		cap = r->mcap ? r->mcap : 16384;
		while (cap < r->mlen + n)
			cap *= 2;
		if ((nm = realloc(r->mem, cap)) == NULL)
			return VW_ENOMEM;
		r->mem = nm;
		r->mcap = cap;
	}
	memcpy(r->mem + r->mlen, p, n);
	r->mlen += n;
	return 0;
}

static void
file_put(struct vw_recorder *r, const void *p, size_t n)
{
	if (r->fp == NULL || n == 0)
		return;
	if (fwrite(p, 1, n, r->fp) != n) {
		vw_log_warn("recording %s: write failed; recording stopped",
		    r->path);
		vw_recorder_stop(r);
		return;
	}
	r->fbytes += n;
}

/* Where a record goes: 1 file, 2 flight recorder. */
#define TO_FILE		1
#define TO_FLIGHT	2

static void
put(struct vw_recorder *r, int to, int type, int flags, const void *payload,
    size_t len)
{
	uint8_t h[VW_REC_RECHDRLEN];

	if (len > VW_REC_MAX_PAYLOAD)
		return;
	vw_rec_encode_rechdr(h, type, flags, payload, (uint32_t)len,
	    vw_mono_us());
	if (to & TO_FILE) {
		file_put(r, h, sizeof(h));
		file_put(r, payload, len);
	}
	if (to & TO_FLIGHT) {
		mem_put(r, h, sizeof(h));
		mem_put(r, payload, len);
	}
}

/* The file header, the config and a clock sample: what a replay needs
   before the first dump. */
static void
preamble(struct vw_recorder *r, int to)
{
	struct vw_rec_hdr hdr;
	struct vw_rec_clock c;
	uint8_t buf[VW_REC_HDRLEN > VW_REC_CLOCKLEN ? VW_REC_HDRLEN :
	    VW_REC_CLOCKLEN];
	char *cfg;

	memset(&hdr, 0, sizeof(hdr));
	hdr.version = VW_REC_VERSION;
	hdr.os = vw_table_os(r->d->table);
	hdr.layout = layout_of(hdr.os);
	hdr.start_wall_us = vw_now_us();
	hdr.base_seq = r->d->seq;
	if (geteuid() == 0)
		hdr.flags |= VW_REC_HF_PRIVILEGED;
	vw_rec_encode_hdr(buf, &hdr);
	if (to & TO_FILE)
		file_put(r, buf, VW_REC_HDRLEN);
	if (to & TO_FLIGHT) {
		r->mlen = 0;
		mem_put(r, buf, VW_REC_HDRLEN);
	}
	if ((cfg = vw_config_to_json(r->d->cfg)) != NULL) {
		put(r, to, VW_REC_CONFIG, 0, cfg, strlen(cfg));
		free(cfg);
	}
	vw_host_clocks(&c.wall_us, &c.mono_us, &c.sleep_us);
	/* The record's mono and the sample's must agree for replay. */
	c.mono_us = vw_mono_us();
	c.wall_us = vw_now_us();
	vw_rec_encode_clock(buf, &c);
	put(r, to, VW_REC_CLOCK, 0, buf, VW_REC_CLOCKLEN);
}

static void
flush_cb(uv_timer_t *t)
{
	struct vw_recorder *r = t->data;

	if (r->fp != NULL && fflush(r->fp) != 0) {
		vw_log_warn("recording %s: write failed; recording stopped",
		    r->path);
		vw_recorder_stop(r);
	}
}

/* Start a new flight window with a fresh dump (outside any kernel read). */
static void
redump_cb(uv_idle_t *h)
{
	struct vw_recorder *r = h->data;

	uv_idle_stop(h);
	r->redump_on = 0;
	if (r->d->ksrc == NULL)
		return;
	r->restart = 1;
	r->last_redump = vw_mono_us();
	vw_ksrc_resync(r->d->ksrc, "flight recorder window");
}

/*
 * A new window when what came after the window's dump outgrows the
 * bound, at most once a minute: a table whose dump alone is over the
 * bound (20,000 routes) must not make every window start a new one.
 */
#define REDUMP_MIN_US	(60 * 1000000LL)

static void
flight_check(struct vw_recorder *r)
{
	if (r->mlen - r->dump_end > VW_FLIGHT_MAX && !r->redump_on &&
	    !r->in_dump && r->d->ksrc != NULL &&
	    vw_mono_us() - r->last_redump >= REDUMP_MIN_US) {
		r->redump_on = 1;
		uv_idle_start(&r->redump, redump_cb);
	}
}

int
vw_recorder_new(struct vw_daemon *d, struct vw_recorder **out)
{
	struct vw_recorder *r;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return VW_ENOMEM;
	r->d = d;
	r->restart = 1;
	uv_timer_init(d->loop, &r->flush);
	uv_idle_init(d->loop, &r->redump);
	r->flush.data = r->redump.data = r;
	*out = r;
	return 0;
}

static void
rec_free_cb(uv_handle_t *h)
{
	struct vw_recorder *r = h->data;

	if (++r->nclosed < 2)
		return;
	free(r->mem);
	free(r);
}

void
vw_recorder_free(struct vw_recorder *r)
{
	if (r == NULL)
		return;
	if (r->fp != NULL)
		vw_recorder_stop(r);
	uv_close((uv_handle_t *)&r->flush, rec_free_cb);
	uv_close((uv_handle_t *)&r->redump, rec_free_cb);
}

int
vw_recorder_start(struct vw_recorder *r, const char *path, char *err,
    size_t errlen)
{
	int fd;

	if (r->fp != NULL) {
		snprintf(err, errlen, "already recording to %s", r->path);
		return -EBUSY;
	}
	/* O_EXCL: a recording never overwrites a file. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0640)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if ((r->fp = fdopen(fd, "wb")) == NULL ||
	    (r->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		if (r->fp != NULL)
			fclose(r->fp);
		else
			close(fd);
		r->fp = NULL;
		unlink(path);
		return VW_ENOMEM;
	}
	r->fbytes = 0;
	preamble(r, TO_FILE);
	vw_record_note(r, "recording started");
	uv_timer_start(&r->flush, flush_cb, 1000, 1000);
	/* A running daemon records a fresh dump: the file must replay alone. */
	if (r->d->ksrc != NULL)
		vw_ksrc_resync(r->d->ksrc, "recording started");
	vw_log_info("recording to %s", path);
	return 0;
}

int
vw_recorder_stop(struct vw_recorder *r)
{
	FILE *fp = r->fp;

	if (fp == NULL)
		return VW_ENOENT;
	r->fp = NULL;
	uv_timer_stop(&r->flush);
	if (fclose(fp) != 0)
		vw_log_warn("recording %s: close failed", r->path);
	else
		vw_log_info("recording to %s stopped: %llu bytes", r->path,
		    (unsigned long long)r->fbytes);
	free(r->path);
	r->path = NULL;
	return 0;
}

const char *
vw_recorder_path(const struct vw_recorder *r)
{
	return r != NULL ? r->path : NULL;
}

uint64_t
vw_recorder_bytes(const struct vw_recorder *r)
{
	return r != NULL ? r->fbytes : 0;
}

uint8_t *
vw_recorder_window(struct vw_recorder *r, size_t *len)
{
	uint8_t *p;

	*len = 0;
	if (r == NULL || r->mlen == 0 || (p = malloc(r->mlen)) == NULL)
		return NULL;
	memcpy(p, r->mem, r->mlen);
	*len = r->mlen;
	return p;
}

void
vw_record_kraw(int what, unsigned objs, const uint8_t *buf, size_t len,
    const char *why, void *arg)
{
	struct vw_daemon *d = arg;
	struct vw_recorder *r = d->rec;
	uint8_t *p;
	size_t wl = why != NULL ? strlen(why) : 0;
	int to = TO_FILE | TO_FLIGHT;

	if (r == NULL)
		return;
	switch (what) {
	case VW_KRAW_DUMP_BEGIN:
		r->in_dump = 1;
		if (r->restart) {
			/* A new flight window starts with this dump. */
			r->restart = 0;
			r->dump_end = 0;
			preamble(r, TO_FLIGHT);
		}
		if ((p = malloc(4 + wl)) == NULL)
			return;
		p[0] = (uint8_t)objs;
		p[1] = (uint8_t)(objs >> 8);
		p[2] = (uint8_t)(objs >> 16);
		p[3] = (uint8_t)(objs >> 24);
		memcpy(p + 4, why, wl);
		put(r, to, VW_REC_DUMP_BEGIN, 0, p, 4 + wl);
		free(p);
		break;
	case VW_KRAW_DUMP:
		put(r, to, VW_REC_KMSG, VW_RECF_DUMP, buf, len);
		break;
	case VW_KRAW_DUMP_END:
		put(r, to, VW_REC_DUMP_END, 0, NULL, 0);
		r->in_dump = 0;
		/* The first dump of a window is its base, not its growth. */
		if (r->dump_end == 0)
			r->dump_end = r->mlen;
		break;
	default:
		put(r, to, VW_REC_KMSG, 0, buf, len);
		break;
	}
	flight_check(r);
}

void
vw_record_probe(struct vw_recorder *r, const struct vw_ip *addr, int kind,
    const struct vw_probe_res *res, int fast)
{
	struct vw_rec_probe p;
	uint8_t buf[VW_REC_PROBELEN];

	if (r == NULL)
		return;
	memset(&p, 0, sizeof(p));
	p.addr = *addr;
	p.kind = (uint8_t)kind;
	p.ok = res->ok;
	p.fast = (uint8_t)fast;
	p.icmp_type = res->icmp_type;
	p.icmp_code = res->icmp_code;
	p.rtt_us = res->rtt_us;
	p.err = res->err;
	p.sent_us = res->sent_us;
	vw_rec_encode_probe(buf, &p);
	put(r, TO_FILE | TO_FLIGHT, VW_REC_PROBE, 0, buf, sizeof(buf));
	flight_check(r);
}

void
vw_record_clock(struct vw_recorder *r, int64_t wall, int64_t mono,
    int64_t sleep)
{
	struct vw_rec_clock c = { wall, mono, sleep };
	uint8_t buf[VW_REC_CLOCKLEN];

	if (r == NULL)
		return;
	vw_rec_encode_clock(buf, &c);
	put(r, TO_FILE | TO_FLIGHT, VW_REC_CLOCK, 0, buf, sizeof(buf));
}

void
vw_record_settle(struct vw_recorder *r, const struct vw_ip *addr)
{
	uint8_t buf[VW_REC_ADDRLEN];

	if (r == NULL)
		return;
	vw_rec_encode_addr(buf, addr);
	put(r, TO_FILE | TO_FLIGHT, VW_REC_SETTLE, 0, buf, sizeof(buf));
}

void
vw_record_note(struct vw_recorder *r, const char *text)
{
	if (r == NULL)
		return;
	put(r, TO_FILE | TO_FLIGHT, VW_REC_NOTE, 0, text, strlen(text));
}

void
vw_record_retire(struct vw_recorder *r, const struct vw_ip *addr)
{
	uint8_t buf[VW_REC_ADDRLEN];

	if (r == NULL)
		return;
	vw_rec_encode_addr(buf, addr);
	put(r, TO_FILE | TO_FLIGHT, VW_REC_RETIRE, 0, buf, sizeof(buf));
}

void
vw_record_config(struct vw_recorder *r)
{
	char *cfg;

	if (r == NULL || (cfg = vw_config_to_json(r->d->cfg)) == NULL)
		return;
	put(r, TO_FILE | TO_FLIGHT, VW_REC_CONFIG, 0, cfg, strlen(cfg));
	free(cfg);
}

void
vw_record_proc(struct vw_recorder *r, int pid, const char *name)
{
	uint8_t buf[4 + 64];
	size_t n = strlen(name);

	if (r == NULL)
		return;
	if (n > 64)
		n = 64;
	buf[0] = (uint8_t)pid;
	buf[1] = (uint8_t)((uint32_t)pid >> 8);
	buf[2] = (uint8_t)((uint32_t)pid >> 16);
	buf[3] = (uint8_t)((uint32_t)pid >> 24);
	memcpy(buf + 4, name, n);
	put(r, TO_FILE | TO_FLIGHT, VW_REC_PROC, 0, buf, 4 + n);
}

size_t
vw_rec_encode_addr(uint8_t out[VW_REC_ADDRLEN], const struct vw_ip *a)
{
	memset(out, 0, VW_REC_ADDRLEN);
	out[0] = a->family;
	out[4] = (uint8_t)a->scope;
	out[5] = (uint8_t)(a->scope >> 8);
	out[6] = (uint8_t)(a->scope >> 16);
	out[7] = (uint8_t)(a->scope >> 24);
	memcpy(out + 8, a->a, 16);
	return VW_REC_ADDRLEN;
}

int
vw_rec_decode_addr(const uint8_t *p, size_t len, struct vw_ip *a)
{
	if (len != VW_REC_ADDRLEN || (p[0] != VW_AF_INET &&
	    p[0] != VW_AF_INET6) || p[1] || p[2] || p[3])
		return VW_EINVAL;
	memset(a, 0, sizeof(*a));
	a->family = p[0];
	a->scope = (uint32_t)p[4] | (uint32_t)p[5] << 8 |
	    (uint32_t)p[6] << 16 | (uint32_t)p[7] << 24;
	memcpy(a->a, p + 8, 16);
	return 0;
}
