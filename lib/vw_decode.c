/* SPDX-License-Identifier: ISC */
/*
 * vw_decode.c - the offline decode engine: walk a buffer of BSD routing
 * messages or rtnetlink messages, apply them to a table and print monitor
 * lines, JSON events and the final table (see vw_decode.h for the output
 * contract).  The walk and the table printer are shared with the
 * recording decoder (vw_decode_rec.c, through vw_decode_int.h), which runs
 * them on each KMSG record.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bsd_msg.h"
#include "bsd_wire.h"
#include "fmt_ip.h"
#include "fmt_json.h"
#include "fmt_monitor.h"
#include "fmt_netstat.h"
#include "nl_msg.h"
#include "nl_wire.h"
#include "vw_decode.h"
#include "vw_decode_int.h"
#include "vw_error.h"
#include "vw_rec.h"
#include "vw_table.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- OS detection -------------------------------------------------------- */

/*
 * How well the first messages decode as `os`.  A message that carries the
 * address it exists for (a route's DST, an address message's IFA) scores
 * 3, an interface message with an interface type 2, any other decoded
 * message 0; short sockaddrs cost 1 and an error costs 1 and ends the
 * walk.  A darwin dump read as FreeBSD fails on RTM_GET2 (unknown there)
 * or on the header sizes; FreeBSD's 152-byte headers read as darwin put
 * the sockaddrs in the metrics, which are zeros, so no DST parses.
 * Only sockaddr kinds and header fields are looked at, so the addresses
 * are not decoded here (no vw_bsd_msg_decode()).
 */
static int
bsd_score(int os, const uint8_t *buf, size_t len)
{
	struct vw_bsd_msg m;
	struct vw_perr e;
	size_t off = 0;
	int i, rc, score = 0;

	for (i = 0; i < 16 && off < len; i++) {
		memset(&m, 0, sizeof(m));
		rc = vw_bsd_parse(os, buf + off, len - off, off, &m, &e);
		if (rc == VW_ESKIP) {
			if (m.msglen < 4 || m.msglen > len - off)
				break;
			off += m.msglen;
			continue;
		}
		if (rc <= 0) {
			score--;
			break;
		}
		switch (m.hdr) {
		case VW_BH_RT:
		case VW_BH_RT2:
			if (m.sa[VW_RTAX_DST].kind == VW_SA_INET ||
			    m.sa[VW_RTAX_DST].kind == VW_SA_INET6)
				score += 3;
			break;
		case VW_BH_IFA:
			if (m.sa[VW_RTAX_IFA].kind == VW_SA_INET ||
			    m.sa[VW_RTAX_IFA].kind == VW_SA_INET6)
				score += 3;
			break;
		case VW_BH_IF:
		case VW_BH_IF2:
		case VW_BH_ANNOUNCE:
			if (m.ifi_type != 0 || m.hdr == VW_BH_ANNOUNCE)
				score += 2;
			break;
		default:
			break;
		}
		if (m.sa_short)
			score--;
		off += (size_t)rc;
	}
	return score;
}

static int
nl_known_type(unsigned type)
{
	static const uint16_t known[] = {
		VW_NL_NLMSG_NOOP, VW_NL_NLMSG_ERROR, VW_NL_NLMSG_DONE,
		VW_NL_RTM_NEWLINK, VW_NL_RTM_DELLINK, VW_NL_RTM_GETLINK,
		VW_NL_RTM_SETLINK, VW_NL_RTM_NEWADDR, VW_NL_RTM_DELADDR,
		VW_NL_RTM_GETADDR, VW_NL_RTM_NEWROUTE, VW_NL_RTM_DELROUTE,
		VW_NL_RTM_GETROUTE, VW_NL_RTM_NEWNEIGH, VW_NL_RTM_DELNEIGH,
		VW_NL_RTM_GETNEIGH, VW_NL_RTM_NEWRULE, VW_NL_RTM_DELRULE,
		VW_NL_RTM_GETRULE, VW_NL_RTM_NEWNETCONF,
		VW_NL_RTM_DELNETCONF, VW_NL_RTM_NEWNEXTHOP,
		VW_NL_RTM_DELNEXTHOP, VW_NL_RTM_GETNEXTHOP,
	};
	size_t i;

	for (i = 0; i < NITEMS(known); i++)
		if (known[i] == type)
			return 1;
	return 0;
}

int
vw_decode_detect(const uint8_t *buf, size_t len)
{
	struct vw_rec_hdr h;
	int bsd = 0, sd = 0, sf = 0;

	/* A recording says which kernel wrote it. */
	if (vw_rec_is(buf, len))
		return vw_rec_decode_hdr(buf, len, &h, NULL) == 0 ? h.os :
		    VW_OS_NONE;

	if (len >= 4 && buf[VW_RTM_VERSION_OFF] == VW_RTM_VERSION) {
		size_t msglen = vw__le16(buf + VW_RTM_MSGLEN_OFF);

		if (msglen >= 4 && msglen <= len) {
			bsd = 1;
			sd = bsd_score(VW_OS_DARWIN, buf, len);
			sf = bsd_score(VW_OS_FREEBSD, buf, len);
			if (sd > 0 || sf > 0)
				return sf > sd ? VW_OS_FREEBSD : VW_OS_DARWIN;
		}
	}
	if (len >= VW_NL_NLMSG_HDRLEN) {
		uint32_t nlen = vw__le32(buf);
		unsigned type = vw__le16(buf + 4);

		if (nlen >= VW_NL_NLMSG_HDRLEN && nlen <= len &&
		    nl_known_type(type))
			return VW_OS_LINUX;
	}
	/*
	 * It looks like a BSD message that neither decoder reads: pick the
	 * one that got further, so the error names the right bytes.
	 */
	if (bsd)
		return sf > sd ? VW_OS_FREEBSD : VW_OS_DARWIN;
	return VW_OS_NONE;
}

/* ---- output helpers ------------------------------------------------------ */

static void
json_note(struct vw__dec *d, uint64_t off, const char *key, const char *msg,
    const char *val)
{
	cJSON *o;

	if ((o = cJSON_CreateObject()) == NULL ||
	    cJSON_AddNumberToObject(o, "off", (double)off) == NULL ||
	    (msg != NULL && cJSON_AddStringToObject(o, "msg", msg) == NULL) ||
	    cJSON_AddStringToObject(o, key, val) == NULL) {
		d->fatal = 1;
		cJSON_Delete(o);
		return;
	}
	vw__dec_json_emit(d, o);
}

void
vw__dec_json_emit(struct vw__dec *d, cJSON *o)
{
	if (d->jarr != NULL) {
		if (!cJSON_AddItemToArray(d->jarr, o)) {
			cJSON_Delete(o);
			d->fatal = 1;
		}
		return;
	}
	if (vw_json_fprint(d->out, o) == VW_ENOMEM)
		d->fatal = 1;
	cJSON_Delete(o);
}

static void
note_skip(struct vw__dec *d, uint64_t off, const char *reason)
{
	if (d->o->json) {
		if (d->jev)
			json_note(d, off, "skipped", NULL, reason);
	} else
		fprintf(d->out, "# skipped byte %" PRIu64 ": %s\n", off,
		    reason);
}

static void
warn_reject(struct vw__dec *d, uint64_t off, const struct vw_event *ev,
    int rc)
{
	struct vw_perr w;

	if (d->o->warn_cb == NULL)
		return;
	memset(&w, 0, sizeof(w));
	vw_perr_set(&w, off, rc, "table rejected %s: %s",
	    vw_kind_name(ev->kind), vw_strerror(rc));
	d->o->warn_cb(&w, d->o->warn_arg);
}

/* Apply, number and (with json) print the events of one message. */
static void
handle_events(struct vw__dec *d, int nev, int dump, uint64_t off,
    const char *msgname)
{
	struct vw_json_opts jo = { d->os, &d->names, 0 };
	int i, rc;
	cJSON *o;

	for (i = 0; i < nev; i++) {
		d->ev[i].origin.dump = (uint8_t)dump;
		d->ev[i].seq = ++d->seq;
		rc = vw_table_apply(d->t, &d->ev[i], d->diff_cb, d->diff_arg);
		if (rc == VW_ENOMEM) {
			d->fatal = 1;
			return;
		}
		if (rc < 0)
			warn_reject(d, off, &d->ev[i], rc);
	}
	if (!d->jev)
		return;
	if (nev == 0) {
		json_note(d, off, "ignored", msgname, "no table change");
		return;
	}
	for (i = 0; i < nev && !d->fatal; i++) {
		if ((o = vw_json_event(&d->ev[i], &jo)) == NULL)
			d->fatal = 1;
		else
			vw__dec_json_emit(d, o);
	}
}

/* Record a parser failure at off (rc 0 would be a parser bug: a length). */
static void
set_bad(struct vw__dec *d, uint64_t off, int rc)
{
	if (rc == 0)
		rc = VW_EBADLEN;
	if (d->perr.msg[0] == '\0')
		vw_perr_set(&d->perr, off, rc, "%s", vw_strerror(rc));
	/* The caller is told one code: the one returned. */
	d->perr.code = rc;
	d->bad = 1;
}

/* ---- BSD ----------------------------------------------------------------- */

/* Does the buffer hold RTM_GET/RTM_GET2 (a dump)?  Header bytes only. */
static int
bsd_has_get(int os, const uint8_t *buf, size_t len)
{
	size_t off = 0, msglen;

	while (len - off >= 4) {
		msglen = vw__le16(buf + off + VW_RTM_MSGLEN_OFF);
		if (msglen < 4 || msglen > len - off)
			break;
		if (buf[off + VW_RTM_VERSION_OFF] == VW_RTM_VERSION &&
		    (buf[off + VW_RTM_TYPE_OFF] == VW_RTM_GET ||
		    (os == VW_OS_DARWIN &&
		    buf[off + VW_RTM_TYPE_OFF] == VW_RTM_DARWIN_GET2)))
			return 1;
		off += msglen;
	}
	return 0;
}

static int
bsd_is_dump(const struct vw__dec *d, unsigned type)
{
	if (d->dump_force || type == VW_RTM_GET)
		return 1;
	if (d->os == VW_OS_DARWIN && (type == VW_RTM_DARWIN_GET2 ||
	    type == VW_RTM_DARWIN_IFINFO2 || type == VW_RTM_DARWIN_NEWMADDR2))
		return 1;
	/* NET_RT_IFLIST entries next to a route dump are part of it. */
	return d->has_get && (type == VW_RTM_IFINFO || type == VW_RTM_NEWADDR);
}

static void
walk_bsd(struct vw__dec *d)
{
	struct vw_bsd_msg m;
	char line[VW_MONITOR_LINEMAX], why[64];
	size_t off = 0;
	int rc, nev, dump;

	d->has_get = bsd_has_get(d->os, d->buf, d->len);
	while (off < d->len && !d->fatal) {
		memset(&m, 0, sizeof(m));
		memset(&d->perr, 0, sizeof(d->perr));
		rc = vw_bsd_parse(d->os, d->buf + off, d->len - off,
		    d->base + off, &m, &d->perr);
		if (rc == VW_ESKIP) {
			if (m.msglen < 4 || m.msglen > d->len - off) {
				vw_perr_set(&d->perr, d->base + off, VW_EBADLEN,
				    "skipped message length %u does not fit "
				    "in the %zu bytes left", (unsigned)m.msglen,
				    d->len - off);
				d->bad = 1;
				return;
			}
			if (m.version != VW_RTM_VERSION)
				snprintf(why, sizeof(why), "unknown version %u",
				    (unsigned)m.version);
			else
				snprintf(why, sizeof(why), "unknown type %u",
				    (unsigned)m.type);
			note_skip(d, d->base + off, d->perr.msg[0] != '\0' ?
			    d->perr.msg : why);
			off += m.msglen;
			continue;
		}
		if (rc <= 0) {
			set_bad(d, d->base + off, rc);
			return;
		}
		/*
		 * vw_bsd_parse() only validates and classifies the sockaddrs;
		 * the monitor line and JSON read sa[].ip/link/mask, which only
		 * vw_bsd_msg_decode() fills.  (Detection needs only kinds.)
		 */
		vw_bsd_msg_decode(&m);
		dump = bsd_is_dump(d, m.type);
		d->dump_seen |= dump;
		nev = vw_bsd_to_events(&m, d->now, d->ev, 2);
		handle_events(d, nev, dump, d->base + off,
		    vw_bsd_type_name(d->os, m.type));
		if (!d->o->json && !dump) {
			vw_fmt_monitor_bsd(&m, &d->names, line, sizeof(line));
			fprintf(d->out, "%s\n", line);
		}
		off += (size_t)rc;
	}
}

/* ---- netlink ------------------------------------------------------------- */

static void
walk_nl(struct vw__dec *d)
{
	char line[VW_MONITOR_LINEMAX];
	struct vw_nl_hdr h;
	size_t off = 0;
	int rc, nev, dump;

	while (off < d->len && !d->fatal) {
		memset(&h, 0, sizeof(h));
		memset(&d->perr, 0, sizeof(d->perr));
		nev = 0;
		rc = vw_nl_parse(d->buf + off, d->len - off, d->base + off, &h,
		    &d->ev[0], &nev, &d->perr);
		if (rc <= 0) {
			set_bad(d, d->base + off, rc);
			return;
		}
		if (nev < 0 || nev > 1)
			nev = 0;
		dump = d->dump_force || (h.flags & VW_NL_NLM_F_MULTI) != 0;
		d->dump_seen |= dump;
		handle_events(d, nev, dump, d->base + off,
		    vw_nl_type_name(h.type));
		if (!d->o->json && !dump) {
			vw_fmt_monitor_nl(&h, nev ? &d->ev[0] : NULL, &d->names,
			    line, sizeof(line));
			fprintf(d->out, "%s\n", line);
		}
		off += (size_t)rc;
	}
}

/* ---- the table ----------------------------------------------------------- */

void
vw__dec_table(struct vw__dec *d)
{
	struct vw_netstat_opts no;
	cJSON *o;
	int rc;

	if (d->o->json) {
		if ((o = vw_json_table(d->t)) == NULL ||
		    vw_json_fprint(d->out, o) == VW_ENOMEM)
			d->fatal = 1;
		cJSON_Delete(o);
		return;
	}
	if (d->os == VW_OS_LINUX)
		rc = vw_fmt_ip_table(d->out, d->t, 0);
	else {
		memset(&no, 0, sizeof(no));
		no.os = d->os;
		no.now = d->now;
		no.all = d->o->all;
		rc = vw_fmt_netstat(d->out, d->t, &no);
		/*
		 * FreeBSD keeps ARP/ND in the lltable, which netstat -rn does
		 * not show (macOS ARP entries are rows of it): print them as
		 * arp -an does, after a blank line.
		 */
		if (rc >= 0 && d->os == VW_OS_FREEBSD &&
		    vw_table_count(d->t, VW_OBJ_NEIGH) > 0) {
			fputc('\n', d->out);
			rc = vw_fmt_arp(d->out, d->t, &no);
		}
	}
	if (rc == VW_ENOMEM)
		d->fatal = 1;
}

static void
print_table(struct vw__dec *d)
{
	if (d->o->json ? !d->o->table : !d->o->table && !d->dump_seen)
		return;
	vw__dec_table(d);
}

void
vw__dec_walk(struct vw__dec *d)
{
	if (d->os == VW_OS_LINUX)
		walk_nl(d);
	else
		walk_bsd(d);
}

/* ---- entry point --------------------------------------------------------- */

int
vw_decode_buf(const uint8_t *buf, size_t len, const struct vw_decode_opts *o,
    FILE *out, struct vw_perr *err)
{
	struct vw__dec *d;
	int os, rc;

	if (err != NULL)
		memset(err, 0, sizeof(*err));
	if (o == NULL || out == NULL || (buf == NULL && len > 0))
		return vw_perr_set(err, 0, VW_EINVAL, "%s",
		    "no options, output or buffer");
	if (vw_rec_is(buf, len))
		return vw__decode_rec(buf, len, o, out, err);
	os = o->os;
	if (os == VW_OS_NONE && (os = vw_decode_detect(buf, len)) ==
	    VW_OS_NONE)
		return vw_perr_set(err, 0, VW_EINVAL, "%s",
		    "cannot tell which OS wrote the buffer");
	if (os != VW_OS_DARWIN && os != VW_OS_FREEBSD && os != VW_OS_LINUX)
		return vw_perr_set(err, 0, VW_EINVAL, "unknown OS %d", os);

	if ((d = calloc(1, sizeof(*d))) == NULL)
		return VW_ENOMEM;
	d->o = o;
	d->os = os;
	d->out = out;
	d->buf = buf;
	d->len = len;
	d->now = o->now;
	d->jev = o->json && !o->table;
	if ((d->t = vw_table_new(os)) == NULL) {
		rc = VW_ENOMEM;
		goto out;
	}
	vw_names_table(&d->names, d->t);
	vw__dec_walk(d);
	if (!d->fatal)
		print_table(d);
	if (d->bad && err != NULL)
		*err = d->perr;
	if (d->fatal)
		rc = VW_ENOMEM;
	else if (d->bad)
		rc = d->perr.code;
	else
		rc = 0;
	vw_table_free(d->t);
out:
	free(d);
	/* Last, so that errno still tells why the stream failed. */
	if (fflush(out) == EOF || ferror(out))
		rc = VW_EIO;
	return rc;
}
