/* SPDX-License-Identifier: ISC */
/*
 * vw_decode_rec.c - `vmwatchctl decode` of a recording (vw_rec.h): a
 * header line, then one line per record with its time offset, and under
 * each KMSG record what the decode engine prints for those bytes (the
 * same walk, vw_decode_int.h), so a KMSG record reads exactly as `decode`
 * of its bytes would, given the table the records before it built.
 *
 * The table is kept as a replay keeps it: a DUMP_BEGIN .. DUMP_END
 * re-read is a table sync (vw_table_sync_begin/end), so what the re-read
 * no longer mentions is deleted.  The first re-read of a recording loads
 * the initial state and prints the table after it (netstat -rn / ip
 * route, as `decode` prints a dump); later ones print their changes.
 * Expiry is judged by the recorded clock (the last CLOCK record, else the
 * header's start), not by the reader's.
 *
 * Pure: writes to the caller's FILE only.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "config.h"
#include "fmt_ip.h"
#include "fmt_json.h"
#include "fmt_netstat.h"
#include "vw_decode.h"
#include "vw_decode_int.h"
#include "vw_error.h"
#include "vw_rec.h"
#include "vw_table.h"

#define NOTE_MAX	512	/* bytes of a NOTE/CONFIG line printed */

struct rdec {
	struct vw__dec		 d;
	struct vw_rec_hdr	 h;
	int			 have_mono0;
	int64_t			 mono0;		/* the first record's */
	int64_t			 last_mono;	/* the last record's */
	int			 have_clock;
	struct vw_rec_clock	 clk;		/* the last CLOCK record */
	int			 in_dump;
	int			 ndumps;	/* DUMP_ENDs seen */
	int			 show_diffs;	/* print the re-read's changes */
	cJSON			*jdiffs;	/* ... as JSON, for DUMP_END */
};

/* ---- small helpers ------------------------------------------------------- */

/* Two's-complement arithmetic without signed overflow (any record value). */
static int64_t
add_wrap(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a + (uint64_t)b);
}

static int64_t
sub_wrap(int64_t a, int64_t b)
{
	return (int64_t)((uint64_t)a - (uint64_t)b);
}

/* "+12.345678" / "-0.000100" seconds. */
static void
fmt_secs(int64_t us, char *buf, size_t len)
{
	uint64_t a = us < 0 ? 0 - (uint64_t)us : (uint64_t)us;

	snprintf(buf, len, "%c%" PRIu64 ".%06" PRIu64, us < 0 ? '-' : '+',
	    a / 1000000, a % 1000000);
}

static void
fmt_wall(int64_t us, char *buf, size_t len)
{
	if (vw_fmt_time(us, buf, len) < 0)
		snprintf(buf, len, "@%" PRId64 "us", us);
}

/*
 * An exact 64-bit integer: cJSON keeps numbers as doubles and would print
 * a microsecond wall clock as 1.700000007e+15.
 */
static cJSON *
add_i64(cJSON *o, const char *key, int64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRId64, v);
	return cJSON_AddRawToObject(o, key, num);
}

static cJSON *
add_u64(cJSON *o, const char *key, uint64_t v)
{
	char num[24];

	snprintf(num, sizeof(num), "%" PRIu64, v);
	return cJSON_AddRawToObject(o, key, num);
}

/*
 * Text of a NOTE or CONFIG payload, up to the first line end: printable
 * ASCII kept, any other byte as '?' (a recording is input, not trusted to
 * be UTF-8 or free of terminal escapes).  Returns the bytes used.
 */
static size_t
safe_text(const uint8_t *p, size_t n, int first_line, char *buf, size_t len)
{
	size_t i, o = 0;

	for (i = 0; i < n && o + 1 < len; i++) {
		if (first_line && (p[i] == '\n' || p[i] == '\r'))
			break;
		buf[o++] = p[i] >= 0x20 && p[i] < 0x7f ? (char)p[i] : '?';
	}
	buf[o] = '\0';
	return i;
}

static const char *
probe_kind_name(unsigned kind)
{
	switch (kind) {
	case VW_PROBE_ICMP:	return "icmp";
	case VW_PROBE_TCP:	return "tcp";
	case VW_PROBE_NEIGHBOR:	return "neighbor";
	default:		return NULL;
	}
}

/* "route,neigh,link,addr" for DUMP_BEGIN's object bits. */
static void
objs_text(unsigned objs, char *buf, size_t len)
{
	static const struct { int obj; const char *name; } names[] = {
		{ VW_OBJ_ROUTE, "route" }, { VW_OBJ_NEIGH, "neigh" },
		{ VW_OBJ_LINK, "link" }, { VW_OBJ_ADDR, "addr" },
	};
	size_t i, o = 0;
	unsigned known = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		known |= 1u << names[i].obj;
		if ((objs & (1u << names[i].obj)) && o < len)
			o += (size_t)snprintf(buf + o, len - o, "%s%s",
			    o > 0 ? "," : "", names[i].name);
	}
	if ((objs & ~known) && o < len)
		snprintf(buf + o, len - o, "%s0x%x", o > 0 ? "," : "",
		    objs & ~known);
	else if (objs == 0)
		snprintf(buf, len, "(none)");
}

/* The wall clock at monotonic time mono, from the last CLOCK sample. */
static int64_t
rec_wall_us(const struct rdec *rd, int64_t mono)
{
	if (rd->have_clock)
		return add_wrap(rd->clk.wall_us, sub_wrap(mono,
		    rd->clk.mono_us));
	return add_wrap(rd->h.start_wall_us, sub_wrap(mono, rd->mono0));
}

/* ---- text of the record kinds -------------------------------------------- */

static void
probe_text(int os, const struct vw_rec_probe *p, char *buf, size_t len)
{
	char ip[VW_IP_STRLEN], kind[16];
	const char *k = probe_kind_name(p->kind), *en;
	size_t o;

	vw_ip_str(&p->addr, ip, sizeof(ip));
	if (k == NULL) {
		snprintf(kind, sizeof(kind), "kind%u", p->kind);
		k = kind;
	}
	if (p->ok)
		o = (size_t)snprintf(buf, len, "probe %s %s ok rtt %u.%03u ms",
		    ip, k, p->rtt_us / 1000, p->rtt_us % 1000);
	else {
		o = (size_t)snprintf(buf, len, "probe %s %s lost", ip, k);
		if (p->err != 0 && o < len) {
			if ((en = vw_rec_errno_name(os, p->err)) != NULL)
				o += (size_t)snprintf(buf + o, len - o, " %s",
				    en);
			else
				o += (size_t)snprintf(buf + o, len - o,
				    " errno %d", (int)p->err);
		}
	}
	if (p->icmp_type != 0 && o < len)
		o += (size_t)snprintf(buf + o, len - o, " icmp type %u code %u",
		    p->icmp_type, p->icmp_code);
	if (p->fast && o < len)
		snprintf(buf + o, len - o, " (re-probe)");
}

static cJSON *
probe_json(int os, const struct vw_rec_probe *p)
{
	char ip[VW_IP_STRLEN];
	const char *k = probe_kind_name(p->kind), *en;
	cJSON *o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	vw_ip_str(&p->addr, ip, sizeof(ip));
	en = p->err != 0 ? vw_rec_errno_name(os, p->err) : NULL;
	if (cJSON_AddStringToObject(o, "addr", ip) == NULL ||
	    (k != NULL ? cJSON_AddStringToObject(o, "kind", k) :
	    cJSON_AddNumberToObject(o, "kind", p->kind)) == NULL ||
	    cJSON_AddBoolToObject(o, "ok", p->ok) == NULL ||
	    cJSON_AddBoolToObject(o, "fast", p->fast) == NULL ||
	    cJSON_AddNumberToObject(o, "rtt_us", p->rtt_us) == NULL ||
	    cJSON_AddNumberToObject(o, "errno", p->err) == NULL ||
	    (en != NULL ? cJSON_AddStringToObject(o, "error", en) :
	    cJSON_AddNullToObject(o, "error")) == NULL ||
	    cJSON_AddNumberToObject(o, "icmp_type", p->icmp_type) == NULL ||
	    cJSON_AddNumberToObject(o, "icmp_code", p->icmp_code) == NULL ||
	    add_i64(o, "sent_us", p->sent_us) == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

/* Runs of blanks to one, none at the ends: a table row as a log line. */
static void
squeeze(char *s)
{
	char *w = s, *r = s;

	for (; *r != '\0'; r++) {
		if ((*r == ' ' || *r == '\n' || *r == '\t') &&
		    (w == s || w[-1] == ' '))
			continue;
		*w++ = *r == '\n' || *r == '\t' ? ' ' : *r;
	}
	if (w > s && w[-1] == ' ')
		w--;
	*w = '\0';
}

/*
 * A change found by a later re-read, in the OS's own words: a netstat row
 * or an arp -an line on macOS/FreeBSD ("  neigh.change ? (192.168.64.2) at
 * (incomplete) on bridge100 ifscope [bridge]"), ip's on Linux.
 */
static void
diff_cb(const struct vw_event *ev, void *arg)
{
	struct rdec *rd = arg;
	struct vw__dec *d = &rd->d;
	struct vw_json_opts jo = { d->os, &d->names, VW_JSONF_OLD };
	struct vw_netstat_opts no;
	char line[VW_IP_LINEMAX];
	int bsd = d->os != VW_OS_LINUX, r = 0;
	cJSON *o;

	if (!rd->show_diffs)
		return;
	if (d->o->json) {
		if (rd->jdiffs == NULL)
			return;
		if ((o = vw_json_event(ev, &jo)) == NULL ||
		    !cJSON_AddItemToArray(rd->jdiffs, o)) {
			cJSON_Delete(o);
			d->fatal = 1;
		}
		return;
	}
	line[0] = '\0';
	memset(&no, 0, sizeof(no));
	no.os = d->os;
	no.now = d->now;
	no.all = 1;
	no.names = &d->names;
	switch (vw_kind_obj(ev->kind)) {
	case VW_OBJ_ROUTE:
		r = bsd ? vw_fmt_netstat_row(&ev->u.route, &no, line,
		    sizeof(line)) : vw_fmt_ip_route(&ev->u.route, &d->names,
		    VW_IPF_ONELINE, line, sizeof(line));
		break;
	case VW_OBJ_NEIGH:
		r = bsd ? vw_fmt_arp_line(&ev->u.neigh, &no, line,
		    sizeof(line)) : vw_fmt_ip_neigh(&ev->u.neigh, &d->names, 0,
		    line, sizeof(line));
		break;
	case VW_OBJ_LINK:
		r = vw_fmt_ip_link(&ev->u.link, d->os, &d->names,
		    VW_IPF_ONELINE, line, sizeof(line));
		break;
	case VW_OBJ_ADDR:
		r = vw_fmt_ip_addr(&ev->u.addr, &d->names, 0, line,
		    sizeof(line));
		break;
	default:
		break;
	}
	(void)r;	/* a cut line is still worth printing */
	squeeze(line);
	fprintf(d->out, "  %s %s\n", vw_kind_name(ev->kind), line);
}

/* ---- records ------------------------------------------------------------- */

/* The record object every JSON line starts with. */
static cJSON *
rec_json(const struct rdec *rd, const struct vw_rec *r)
{
	cJSON *o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	if (add_u64(o, "off", r->off) == NULL ||
	    cJSON_AddNumberToObject(o, "t",
	    (double)sub_wrap(r->mono_us, rd->mono0) / 1e6) == NULL ||
	    add_i64(o, "mono_us", r->mono_us) == NULL ||
	    cJSON_AddStringToObject(o, "type", vw_rec_type_name(r->type)) ==
	    NULL ||
	    cJSON_AddNumberToObject(o, "flags", r->flags) == NULL ||
	    cJSON_AddNumberToObject(o, "len", r->len) == NULL) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

static int
add_text(cJSON *o, const char *key, const uint8_t *p, size_t n)
{
	char *s;
	cJSON *it;

	if ((s = malloc(n + 1)) == NULL)
		return -1;
	safe_text(p, n, 0, s, n + 1);
	it = cJSON_AddStringToObject(o, key, s);
	free(s);
	return it == NULL ? -1 : 0;
}

static void
do_kmsg(struct rdec *rd, const struct vw_rec *r, cJSON *jo)
{
	struct vw__dec *d = &rd->d;

	d->buf = r->data;
	d->len = r->len;
	d->base = r->off + VW_REC_RECHDRLEN;
	d->dump_force = (r->flags & VW_RECF_DUMP) != 0;
	d->has_get = 0;
	if (jo != NULL) {
		if ((d->jarr = cJSON_AddArrayToObject(jo, "events")) == NULL) {
			d->fatal = 1;
			return;
		}
	} else
		fprintf(d->out, " %" PRIu32 " bytes%s\n", r->len,
		    d->dump_force ? " (dump)" : "");
	vw__dec_walk(d);
	d->jarr = NULL;
}

static void
do_dump_begin(struct rdec *rd, const struct vw_rec *r, cJSON *jo)
{
	struct vw__dec *d = &rd->d;
	const char *why;
	size_t wlen;
	unsigned objs;
	char on[64], wt[NOTE_MAX];

	if (vw_rec_decode_dump_begin(r, &objs, &why, &wlen, &d->perr) < 0) {
		d->bad = 1;
		return;
	}
	safe_text((const uint8_t *)why, wlen, 1, wt, sizeof(wt));
	objs_text(objs, on, sizeof(on));
	if (jo != NULL) {
		cJSON *a;
		int i;

		if ((a = cJSON_AddArrayToObject(jo, "objs")) == NULL ||
		    add_text(jo, "reason", (const uint8_t *)why, wlen) < 0) {
			d->fatal = 1;
			return;
		}
		for (i = VW_OBJ_ROUTE; i <= VW_OBJ_ADDR; i++)
			if (objs & (1u << i))
				cJSON_AddItemToArray(a, cJSON_CreateString(
				    i == VW_OBJ_ROUTE ? "route" :
				    i == VW_OBJ_NEIGH ? "neigh" :
				    i == VW_OBJ_LINK ? "link" : "addr"));
	} else
		fprintf(d->out, " dump begin %s%s%s\n", on,
		    wt[0] != '\0' ? ": " : "", wt);
	vw_table_sync_begin(d->t, objs);
	rd->in_dump = 1;
	/* The first re-read loads the table: its table is printed instead. */
	rd->show_diffs = rd->ndumps > 0;
	if (jo != NULL && rd->show_diffs && rd->jdiffs == NULL &&
	    (rd->jdiffs = cJSON_CreateArray()) == NULL)
		d->fatal = 1;
	d->diff_cb = diff_cb;
	d->diff_arg = rd;
}

static void
do_dump_end(struct rdec *rd, cJSON *jo)
{
	struct vw__dec *d = &rd->d;
	int n = 0, first = rd->ndumps == 0;

	if (rd->in_dump && (n = vw_table_sync_end(d->t, diff_cb, rd)) < 0) {
		d->fatal = 1;
		n = 0;
	}
	if (jo != NULL) {
		if (cJSON_AddNumberToObject(jo, "changes", n) == NULL)
			d->fatal = 1;
		if (rd->jdiffs != NULL) {
			cJSON_AddItemToObject(jo, "diffs", rd->jdiffs);
			rd->jdiffs = NULL;
		}
		if ((first || d->o->table) && !cJSON_AddItemToObject(jo,
		    "table", vw_json_table(d->t)))
			d->fatal = 1;
	} else {
		fprintf(d->out, " dump end: %d change%s%s\n", n,
		    n == 1 ? "" : "s", rd->in_dump ? "" : " (no dump begun)");
		if (first || d->o->table)
			vw__dec_table(d);
	}
	cJSON_Delete(rd->jdiffs);
	rd->jdiffs = NULL;
	rd->in_dump = 0;
	rd->show_diffs = 0;
	rd->ndumps++;
	d->diff_cb = NULL;
	d->diff_arg = NULL;
}

static void
do_probe(struct rdec *rd, const struct vw_rec *r, cJSON *jo)
{
	struct vw__dec *d = &rd->d;
	struct vw_rec_probe p;
	char line[256];
	cJSON *po;

	if (vw_rec_decode_probe(r, &p, &d->perr) < 0) {
		d->bad = 1;
		return;
	}
	if (jo != NULL) {
		if ((po = probe_json(d->os, &p)) == NULL ||
		    !cJSON_AddItemToObject(jo, "probe", po)) {
			cJSON_Delete(po);
			d->fatal = 1;
		}
		return;
	}
	probe_text(d->os, &p, line, sizeof(line));
	fprintf(d->out, " %s\n", line);
}

static void
do_clock(struct rdec *rd, const struct vw_rec *r, cJSON *jo)
{
	struct vw__dec *d = &rd->d;
	struct vw_rec_clock c;
	char wall[VW_TIME_STRLEN], sl[48];
	cJSON *co;

	if (vw_rec_decode_clock(r, &c, &d->perr) < 0) {
		d->bad = 1;
		return;
	}
	rd->clk = c;
	rd->have_clock = 1;
	fmt_wall(c.wall_us, wall, sizeof(wall));
	if (jo != NULL) {
		if ((co = cJSON_AddObjectToObject(jo, "clock")) == NULL ||
		    cJSON_AddStringToObject(co, "wall", wall) == NULL ||
		    add_i64(co, "wall_us", c.wall_us) ==
		    NULL ||
		    add_i64(co, "mono_us", c.mono_us) ==
		    NULL ||
		    add_i64(co, "sleep_us", c.sleep_us) == NULL)
			d->fatal = 1;
		return;
	}
	/* sleep -1: the OS has no such clock (vw_clock.h). */
	if (c.sleep_us < 0)
		snprintf(sl, sizeof(sl), "n/a");
	else
		snprintf(sl, sizeof(sl), "%" PRId64 ".%06" PRId64 " s",
		    c.sleep_us / 1000000, c.sleep_us % 1000000);
	fprintf(d->out, " clock wall %s sleep %s\n", wall, sl);
}

static void
do_text(struct rdec *rd, const struct vw_rec *r, cJSON *jo)
{
	struct vw__dec *d = &rd->d;
	char line[NOTE_MAX];
	cJSON *cfg;

	if (jo != NULL) {
		if (r->type == VW_REC_CONFIG &&
		    (cfg = cJSON_ParseWithLength((const char *)r->data,
		    r->len)) != NULL) {
			if (!cJSON_AddItemToObject(jo, "config", cfg)) {
				cJSON_Delete(cfg);
				d->fatal = 1;
			}
			return;
		}
		if (add_text(jo, r->type == VW_REC_CONFIG ? "config_text" :
		    "note", r->data, r->len) < 0)
			d->fatal = 1;
		return;
	}
	safe_text(r->data, r->len, r->type == VW_REC_CONFIG, line,
	    sizeof(line));
	if (r->type == VW_REC_CONFIG)
		fprintf(d->out, " config %s (%" PRIu32 " bytes)\n", line,
		    r->len);
	else
		fprintf(d->out, " note %s\n", line);
}

static void
do_record(struct rdec *rd, const struct vw_rec *r)
{
	struct vw__dec *d = &rd->d;
	char t[40];
	cJSON *jo = NULL;

	if (!rd->have_mono0) {
		rd->mono0 = r->mono_us;
		rd->have_mono0 = 1;
	}
	rd->last_mono = r->mono_us;
	/* BSD expiry at the time the record was made (integer seconds). */
	d->now = rec_wall_us(rd, r->mono_us) / 1000000;
	if (d->o->json) {
		if ((jo = rec_json(rd, r)) == NULL) {
			d->fatal = 1;
			return;
		}
	} else {
		fmt_secs(sub_wrap(r->mono_us, rd->mono0), t, sizeof(t));
		fputs(t, d->out);
		if (r->type == VW_REC_KMSG)
			fputs(" KMSG", d->out);
	}
	switch (r->type) {
	case VW_REC_KMSG:
		do_kmsg(rd, r, jo);
		break;
	case VW_REC_DUMP_BEGIN:
		do_dump_begin(rd, r, jo);
		break;
	case VW_REC_DUMP_END:
		do_dump_end(rd, jo);
		break;
	case VW_REC_PROBE:
		do_probe(rd, r, jo);
		break;
	case VW_REC_CLOCK:
		do_clock(rd, r, jo);
		break;
	case VW_REC_CONFIG:
	case VW_REC_NOTE:
		do_text(rd, r, jo);
		break;
	default:
		/* A newer writer's record: skipped by its length. */
		if (jo != NULL) {
			if (cJSON_AddStringToObject(jo, "skipped",
			    "unknown record type") == NULL)
				d->fatal = 1;
		} else
			fprintf(d->out, " record type %u, %" PRIu32
			    " bytes: unknown, skipped\n", r->type, r->len);
		break;
	}
	if (jo != NULL) {
		if (!d->fatal && vw_json_fprint(d->out, jo) == VW_ENOMEM)
			d->fatal = 1;
		cJSON_Delete(jo);
	}
}

/* ---- the header ---------------------------------------------------------- */

static void
print_header(struct rdec *rd)
{
	struct vw__dec *d = &rd->d;
	char start[VW_TIME_STRLEN];
	cJSON *o, *h;

	fmt_wall(rd->h.start_wall_us, start, sizeof(start));
	if (!d->o->json) {
		fprintf(d->out, "recording: %s (%s layout), started %s, "
		    "base seq %" PRIu64 "\n", vw_os_name(rd->h.os),
		    vw_rec_layout_name(rd->h.layout), start, rd->h.base_seq);
		return;
	}
	if ((o = cJSON_CreateObject()) == NULL ||
	    (h = cJSON_AddObjectToObject(o, "recording")) == NULL ||
	    cJSON_AddNumberToObject(h, "version", rd->h.version) == NULL ||
	    cJSON_AddStringToObject(h, "os", vw_os_name(rd->h.os)) == NULL ||
	    cJSON_AddStringToObject(h, "layout",
	    vw_rec_layout_name(rd->h.layout)) == NULL ||
	    cJSON_AddNumberToObject(h, "flags", rd->h.flags) == NULL ||
	    cJSON_AddStringToObject(h, "start", start) == NULL ||
	    add_i64(h, "start_wall_us", rd->h.start_wall_us) == NULL ||
	    add_u64(h, "base_seq", rd->h.base_seq) ==
	    NULL ||
	    vw_json_fprint(d->out, o) == VW_ENOMEM)
		d->fatal = 1;
	cJSON_Delete(o);
}

/* ---- entry point --------------------------------------------------------- */

int
vw__decode_rec(const uint8_t *buf, size_t len, const struct vw_decode_opts *o,
    FILE *out, struct vw_perr *err)
{
	struct rdec *rd;
	struct vw__dec *d;
	struct vw_rec r;
	size_t pos = VW_REC_HDRLEN;
	int rc;

	if ((rd = calloc(1, sizeof(*rd))) == NULL)
		return VW_ENOMEM;
	d = &rd->d;
	if ((rc = vw_rec_decode_hdr(buf, len, &rd->h, &d->perr)) < 0)
		goto out_bad;
	if (o->os != VW_OS_NONE && o->os != rd->h.os) {
		rc = vw_perr_set(&d->perr, 10, VW_EINVAL, "the recording "
		    "holds %s messages, not %s", vw_os_name(rd->h.os),
		    vw_os_name(o->os));
		goto out_bad;
	}
	d->o = o;
	d->os = rd->h.os;
	d->out = out;
	d->jev = o->json;
	if ((d->t = vw_table_new(d->os)) == NULL) {
		rc = VW_ENOMEM;
		goto out_free;
	}
	vw_names_table(&d->names, d->t);
	print_header(rd);
	while (!d->fatal && !d->bad) {
		memset(&d->perr, 0, sizeof(d->perr));
		if ((rc = vw_rec_next(buf, len, &pos, &r, &d->perr)) == 0)
			break;
		if (rc < 0) {
			d->bad = 1;
			break;
		}
		do_record(rd, &r);
	}
	if (!d->fatal && o->table) {
		d->now = rec_wall_us(rd, rd->last_mono) / 1000000;
		if (o->json) {
			cJSON *t = cJSON_CreateObject();

			if (t == NULL || !cJSON_AddItemToObject(t, "table",
			    vw_json_table(d->t)) ||
			    vw_json_fprint(out, t) == VW_ENOMEM)
				d->fatal = 1;
			cJSON_Delete(t);
		} else
			vw__dec_table(d);
	}
	if (d->bad && d->perr.code == 0)	/* every path sets one */
		vw_perr_set(&d->perr, pos, VW_EINVAL, "%s", "malformed");
	if (d->bad && err != NULL)
		*err = d->perr;
	rc = d->fatal ? VW_ENOMEM : d->bad ? d->perr.code : 0;
	cJSON_Delete(rd->jdiffs);
	vw_table_free(d->t);
	goto out_free;

out_bad:
	if (err != NULL)
		*err = d->perr;
out_free:
	free(rd);
	/* Last, so that errno still tells why the stream failed. */
	if (fflush(out) == EOF || ferror(out))
		rc = VW_EIO;
	return rc;
}
