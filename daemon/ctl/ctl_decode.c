/* SPDX-License-Identifier: ISC */
/*
 * ctl_decode.c - `vmwatchctl decode`: read a whole file of routing
 * messages, decode it with the library's parsers, apply it to a table and
 * print it (see ctl_decode.h for the output contract).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bsd_msg.h"
#include "bsd_wire.h"
#include "ctl.h"
#include "ctl_decode.h"
#include "fmt_ip.h"
#include "fmt_json.h"
#include "fmt_monitor.h"
#include "fmt_netstat.h"
#include "nl_msg.h"
#include "nl_wire.h"
#include "vw_error.h"
#include "vw_table.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

struct dec {
	const char	*path;		/* as given; "-" is stdin */
	const char	*name;		/* for messages */
	int		 os;
	int		 json, table, all;
	int64_t		 now;
	uint8_t		*buf;
	size_t		 len;
	struct vw_table	*t;
	struct vw_names	 names;
	uint64_t	 seq;
	int		 dump_seen;
	int		 has_get;	/* BSD: the file holds RTM_GET* */
	int		 bad;		/* perr describes malformed input */
	int		 fatal;		/* runtime failure (out of memory) */
	struct vw_perr	 perr;
	struct vw_event	 ev[2];
};

void
ctl_decode_usage(FILE *fp)
{
	fputs(
"usage: vmwatchctl decode [--os darwin|freebsd|linux] [--json] [--table]\n"
"                         [--all] [--now EPOCH] FILE|-\n"
"\n"
"Decode routing messages offline: a PF_ROUTE capture or NET_RT_* sysctl\n"
"dump from macOS or FreeBSD, or rtnetlink messages from Linux.  Each change\n"
"message prints as one line; after a dump the table prints as netstat -rn\n"
"(macOS, FreeBSD) or ip route / ip -6 route / ip neigh (Linux) print it.\n"
"\n"
"  --os OS      the kernel that wrote FILE (default: guessed from its bytes)\n"
"  --json       one JSON object per event instead of text\n"
"  --table      print the table even without dump messages; with --json,\n"
"               print only the table\n"
"  --all        like netstat -a: include protocol-cloned routes (macOS)\n"
"  --now EPOCH  the clock, in seconds since 1970, for Expire (default: now)\n"
"  FILE|-       the input, or - for standard input (at most 256 MiB)\n"
"\n"
"Exit status: 0 ok, 1 runtime failure, 2 bad usage or malformed input.\n",
	    fp);
}

/* ---- arguments ----------------------------------------------------------- */

enum { OPT_OS, OPT_JSON, OPT_TABLE, OPT_ALL, OPT_NOW, OPT_HELP };

static const struct {
	const char	*name;
	int		 id;
	int		 has_arg;
} options[] = {
	{ "--os", OPT_OS, 1 }, { "--json", OPT_JSON, 0 },
	{ "--table", OPT_TABLE, 0 }, { "--all", OPT_ALL, 0 },
	{ "--now", OPT_NOW, 1 }, { "--help", OPT_HELP, 0 },
	{ "-h", OPT_HELP, 0 },
};

static int
parse_now(const char *s, int64_t *out)
{
	char *end;
	long long v;

	errno = 0;
	v = strtoll(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno != 0)
		return -1;
	*out = v;
	return 0;
}

/* Returns -1 to go on, or an exit code. */
static int
parse_args(struct dec *d, int argc, char **argv)
{
	int i, nopt = 0;
	size_t k, nlen;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq;

		if (nopt || a[0] != '-' || strcmp(a, "-") == 0) {
			if (d->path != NULL) {
				ctl_errx("decode: more than one input file "
				    "('%s', '%s')", d->path, a);
				return CTL_EXIT_USAGE;
			}
			d->path = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			nopt = 1;
			continue;
		}
		eq = strchr(a, '=');
		nlen = eq != NULL ? (size_t)(eq - a) : strlen(a);
		for (k = 0; k < NITEMS(options); k++)
			if (strlen(options[k].name) == nlen &&
			    strncmp(options[k].name, a, nlen) == 0)
				break;
		if (k == NITEMS(options)) {
			ctl_errx("decode: unknown option '%s' (try '"
			    CTL_PROGNAME " help decode')", a);
			return CTL_EXIT_USAGE;
		}
		if (options[k].has_arg) {
			if (eq != NULL)
				val = eq + 1;
			else if (i + 1 < argc)
				val = argv[++i];
			else {
				ctl_errx("decode: option %s needs a value",
				    options[k].name);
				return CTL_EXIT_USAGE;
			}
		} else if (eq != NULL) {
			ctl_errx("decode: option %s takes no value",
			    options[k].name);
			return CTL_EXIT_USAGE;
		}
		switch (options[k].id) {
		case OPT_OS:
			if ((d->os = vw_os_parse(val)) < 0) {
				ctl_errx("decode: --os: unknown OS '%s' "
				    "(darwin, freebsd or linux)", val);
				return CTL_EXIT_USAGE;
			}
			break;
		case OPT_JSON:
			d->json = 1;
			break;
		case OPT_TABLE:
			d->table = 1;
			break;
		case OPT_ALL:
			d->all = 1;
			break;
		case OPT_NOW:
			if (parse_now(val, &d->now) < 0) {
				ctl_errx("decode: --now: not a number of "
				    "seconds: '%s'", val);
				return CTL_EXIT_USAGE;
			}
			break;
		case OPT_HELP:
			ctl_decode_usage(stdout);
			return CTL_EXIT_OK;
		}
	}
	if (d->path == NULL) {
		ctl_errx("decode: no input file (give FILE, or - for stdin)");
		return CTL_EXIT_USAGE;
	}
	d->name = strcmp(d->path, "-") == 0 ? "stdin" : d->path;
	return -1;
}

/* ---- input --------------------------------------------------------------- */

static int
read_input(struct dec *d)
{
	FILE *fp = stdin;
	size_t cap = 0, n;
	uint8_t *nb;
	int rc = -1;

	if (strcmp(d->path, "-") != 0 && (fp = fopen(d->path, "rb")) == NULL) {
		ctl_errx("%s: %s", d->name, strerror(errno));
		return CTL_EXIT_FAIL;
	}
	for (;;) {
		if (d->len == cap) {
			/* One byte past the limit tells "too large" apart. */
			if (cap > CTL_DECODE_MAX)
				break;
			cap = cap == 0 ? 65536 : cap * 2;
			if (cap > (size_t)CTL_DECODE_MAX + 1)
				cap = (size_t)CTL_DECODE_MAX + 1;
			if ((nb = realloc(d->buf, cap)) == NULL) {
				ctl_errx("%s: out of memory", d->name);
				rc = CTL_EXIT_FAIL;
				goto out;
			}
			d->buf = nb;
		}
		n = fread(d->buf + d->len, 1, cap - d->len, fp);
		d->len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		ctl_errx("%s: read error: %s", d->name, strerror(errno));
		rc = CTL_EXIT_FAIL;
	} else if (d->len > CTL_DECODE_MAX) {
		ctl_errx("%s: input larger than %u MiB", d->name,
		    CTL_DECODE_MAX >> 20);
		rc = CTL_EXIT_USAGE;
	} else if (d->len == 0) {
		ctl_errx("%s: empty input", d->name);
		rc = CTL_EXIT_USAGE;
	}
out:
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* ---- OS detection -------------------------------------------------------- */

/*
 * How well the first messages decode as `os`.  A message that carries the
 * address it exists for (a route's DST, an address message's IFA) scores
 * 3, an interface message with an interface type 2, any other decoded
 * message 0; short sockaddrs cost 1 and an error costs 1 and ends the
 * walk.  A darwin dump read as FreeBSD fails on RTM_GET2 (unknown there)
 * or on the header sizes; FreeBSD's 152-byte headers read as darwin put
 * the sockaddrs in the metrics, which are zeros, so no DST parses.
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
ctl_decode_detect(const uint8_t *buf, size_t len)
{
	int bsd = 0, sd = 0, sf = 0;

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
	return 0;
}

/* ---- output helpers ------------------------------------------------------ */

static void
json_note(struct dec *d, uint64_t off, const char *key, const char *msg,
    const char *val)
{
	cJSON *o;

	if ((o = cJSON_CreateObject()) == NULL ||
	    cJSON_AddNumberToObject(o, "off", (double)off) == NULL ||
	    (msg != NULL && cJSON_AddStringToObject(o, "msg", msg) == NULL) ||
	    cJSON_AddStringToObject(o, key, val) == NULL ||
	    vw_json_fprint(stdout, o) == VW_ENOMEM)
		d->fatal = 1;
	cJSON_Delete(o);
}

static void
note_skip(struct dec *d, uint64_t off, const char *reason)
{
	if (d->json) {
		if (!d->table)
			json_note(d, off, "skipped", NULL, reason);
	} else
		printf("# skipped byte %" PRIu64 ": %s\n", off, reason);
}

/* Apply, number and (with --json) print the events of one message. */
static void
handle_events(struct dec *d, int nev, int dump, uint64_t off,
    const char *msgname)
{
	struct vw_json_opts jo = { d->os, &d->names, 0 };
	int i, rc;
	cJSON *o;

	for (i = 0; i < nev; i++) {
		d->ev[i].origin.dump = (uint8_t)dump;
		d->ev[i].seq = ++d->seq;
		rc = vw_table_apply(d->t, &d->ev[i], NULL, NULL);
		if (rc == VW_ENOMEM) {
			d->fatal = 1;
			return;
		}
		if (rc < 0) {
			fflush(stdout);
			fprintf(stderr, "%s: %s: byte %" PRIu64 ": table "
			    "rejected %s: %s\n", CTL_PROGNAME, d->name, off,
			    vw_kind_name(d->ev[i].kind), vw_strerror(rc));
		}
	}
	if (!d->json || d->table)
		return;
	if (nev == 0) {
		json_note(d, off, "ignored", msgname, "no table change");
		return;
	}
	for (i = 0; i < nev; i++) {
		if ((o = vw_json_event(&d->ev[i], &jo)) == NULL ||
		    vw_json_fprint(stdout, o) == VW_ENOMEM)
			d->fatal = 1;
		cJSON_Delete(o);
	}
}

/* ---- BSD ----------------------------------------------------------------- */

/* Does the file hold RTM_GET/RTM_GET2 (a dump)?  Header bytes only. */
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
bsd_is_dump(const struct dec *d, unsigned type)
{
	if (type == VW_RTM_GET)
		return 1;
	if (d->os == VW_OS_DARWIN && (type == VW_RTM_DARWIN_GET2 ||
	    type == VW_RTM_DARWIN_IFINFO2 || type == VW_RTM_DARWIN_NEWMADDR2))
		return 1;
	/* NET_RT_IFLIST entries next to a route dump are part of it. */
	return d->has_get && (type == VW_RTM_IFINFO || type == VW_RTM_NEWADDR);
}

static void
walk_bsd(struct dec *d)
{
	struct vw_bsd_msg m;
	char line[VW_MONITOR_LINEMAX], why[64];
	size_t off = 0;
	int rc, nev, dump;

	d->has_get = bsd_has_get(d->os, d->buf, d->len);
	while (off < d->len && !d->fatal) {
		memset(&m, 0, sizeof(m));
		memset(&d->perr, 0, sizeof(d->perr));
		rc = vw_bsd_parse(d->os, d->buf + off, d->len - off, off, &m,
		    &d->perr);
		if (rc == VW_ESKIP) {
			if (m.msglen < 4 || m.msglen > d->len - off) {
				vw_perr_set(&d->perr, off, VW_EBADLEN,
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
			note_skip(d, off, d->perr.msg[0] != '\0' ?
			    d->perr.msg : why);
			off += m.msglen;
			continue;
		}
		if (rc <= 0) {
			if (d->perr.msg[0] == '\0')
				vw_perr_set(&d->perr, off, rc ? rc : VW_EBADLEN,
				    "%s", vw_strerror(rc ? rc : VW_EBADLEN));
			d->bad = 1;
			return;
		}
		dump = bsd_is_dump(d, m.type);
		d->dump_seen |= dump;
		nev = vw_bsd_to_events(&m, d->now, d->ev, 2);
		handle_events(d, nev, dump, off,
		    vw_bsd_type_name(d->os, m.type));
		if (!d->json && !dump) {
			vw_fmt_monitor_bsd(&m, &d->names, line, sizeof(line));
			printf("%s\n", line);
		}
		off += (size_t)rc;
	}
}

/* ---- netlink ------------------------------------------------------------- */

static void
walk_nl(struct dec *d)
{
	char line[VW_MONITOR_LINEMAX];
	struct vw_nl_hdr h;
	size_t off = 0;
	int rc, nev, dump;

	while (off < d->len && !d->fatal) {
		memset(&h, 0, sizeof(h));
		memset(&d->perr, 0, sizeof(d->perr));
		nev = 0;
		rc = vw_nl_parse(d->buf + off, d->len - off, off, &h, &d->ev[0],
		    &nev, &d->perr);
		if (rc <= 0) {
			if (d->perr.msg[0] == '\0')
				vw_perr_set(&d->perr, off, rc ? rc : VW_EBADLEN,
				    "%s", vw_strerror(rc ? rc : VW_EBADLEN));
			d->bad = 1;
			return;
		}
		if (nev < 0 || nev > 1)
			nev = 0;
		dump = (h.flags & VW_NL_NLM_F_MULTI) != 0;
		d->dump_seen |= dump;
		handle_events(d, nev, dump, off, vw_nl_type_name(h.type));
		if (!d->json && !dump) {
			vw_fmt_monitor_nl(&h, nev ? &d->ev[0] : NULL, &d->names,
			    line, sizeof(line));
			printf("%s\n", line);
		}
		off += (size_t)rc;
	}
}

/* ---- the table ----------------------------------------------------------- */

static void
print_table(struct dec *d)
{
	struct vw_netstat_opts no;
	cJSON *o;
	int rc;

	if (d->json) {
		if (!d->table)
			return;
		if ((o = vw_json_table(d->t)) == NULL ||
		    vw_json_fprint(stdout, o) == VW_ENOMEM)
			d->fatal = 1;
		cJSON_Delete(o);
		return;
	}
	if (!d->table && !d->dump_seen)
		return;
	if (d->os == VW_OS_LINUX)
		rc = vw_fmt_ip_table(stdout, d->t, 0);
	else {
		memset(&no, 0, sizeof(no));
		no.os = d->os;
		no.now = d->now;
		no.all = d->all;
		rc = vw_fmt_netstat(stdout, d->t, &no);
		/*
		 * FreeBSD keeps ARP/ND in the lltable, which netstat -rn does
		 * not show (macOS ARP entries are rows of it): print them as
		 * arp -an does, after a blank line.
		 */
		if (rc >= 0 && d->os == VW_OS_FREEBSD &&
		    vw_table_count(d->t, VW_OBJ_NEIGH) > 0) {
			putchar('\n');
			rc = vw_fmt_arp(stdout, d->t, &no);
		}
	}
	if (rc == VW_ENOMEM)
		d->fatal = 1;
}

int
ctl_decode_main(int argc, char **argv)
{
	struct dec *d;
	int rc;

	/* struct vw_event is large; keep it off the stack. */
	if ((d = calloc(1, sizeof(*d))) == NULL) {
		ctl_errx("decode: out of memory");
		return CTL_EXIT_FAIL;
	}
	d->now = (int64_t)time(NULL);
	if ((rc = parse_args(d, argc, argv)) >= 0)
		goto out;
	if ((rc = read_input(d)) >= 0)
		goto out;
	if (d->os == VW_OS_NONE &&
	    (d->os = ctl_decode_detect(d->buf, d->len)) == VW_OS_NONE) {
		ctl_errx("cannot tell the OS of %s; use --os", d->name);
		rc = CTL_EXIT_USAGE;
		goto out;
	}
	if ((d->t = vw_table_new(d->os)) == NULL) {
		ctl_errx("decode: out of memory");
		rc = CTL_EXIT_FAIL;
		goto out;
	}
	vw_names_table(&d->names, d->t);
	if (d->os == VW_OS_LINUX)
		walk_nl(d);
	else
		walk_bsd(d);
	if (!d->fatal)
		print_table(d);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		ctl_errx("stdout: %s", strerror(errno));
		rc = CTL_EXIT_FAIL;
	} else if (d->fatal) {
		ctl_errx("%s: out of memory", d->name);
		rc = CTL_EXIT_FAIL;
	} else if (d->bad) {
		ctl_errx("%s: byte %llu: %s", d->name, d->perr.off,
		    d->perr.msg);
		rc = CTL_EXIT_USAGE;
	} else
		rc = CTL_EXIT_OK;
out:
	vw_table_free(d->t);
	free(d->buf);
	free(d);
	return rc;
}
