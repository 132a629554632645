/* SPDX-License-Identifier: ISC */
/*
 * ctl_decode.c - `vmwatchctl decode`: the command-line edge of the decode
 * engine (lib/vw_decode.h): parse the arguments, read the whole file,
 * run the engine on stdout and turn its result into an exit code and one
 * stderr line (see ctl_decode.h for the contract).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ctl.h"
#include "ctl_decode.h"
#include "vw_decode.h"
#include "vw_error.h"
#include "vw_event.h"
#include "vw_rec.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

struct dec {
	const char	*path;		/* as given; "-" is stdin */
	const char	*name;		/* for messages */
	struct vw_decode_opts o;
	uint8_t		*buf;
	size_t		 len;
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
"A vmwatchd recording prints one line per record with its time offset,\n"
"its kernel messages decoded as above, in the recorded clock.\n"
"\n"
"  --os OS      the kernel that wrote FILE (default: guessed from its bytes)\n"
"  --json       one JSON object per event instead of text\n"
"  --table      print the table even without dump messages; with --json,\n"
"               print only the table\n"
"  --all        like netstat -a: include protocol-cloned routes (macOS)\n"
"  --now EPOCH  the clock, in seconds since 1970, for Expire (default: now;\n"
"               a recording uses its own)\n"
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
			if ((d->o.os = vw_os_parse(val)) < 0) {
				ctl_errx("decode: --os: unknown OS '%s' "
				    "(darwin, freebsd or linux)", val);
				return CTL_EXIT_USAGE;
			}
			break;
		case OPT_JSON:
			d->o.json = 1;
			break;
		case OPT_TABLE:
			d->o.table = 1;
			break;
		case OPT_ALL:
			d->o.all = 1;
			break;
		case OPT_NOW:
			if (parse_now(val, &d->o.now) < 0) {
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

/* ---- engine callbacks ---------------------------------------------------- */

/* "vmwatchctl: FILE: byte OFF: table rejected KIND: REASON", in order. */
static void
decode_warn_cb(const struct vw_perr *w, void *arg)
{
	const struct dec *d = arg;

	fflush(stdout);
	fprintf(stderr, "%s: %s: byte %llu: %s\n", CTL_PROGNAME, d->name,
	    w->off, w->msg);
}

int
ctl_decode_main(int argc, char **argv)
{
	struct vw_perr perr;
	struct dec *d;
	int rc;

	if ((d = calloc(1, sizeof(*d))) == NULL) {
		ctl_errx("decode: out of memory");
		return CTL_EXIT_FAIL;
	}
	d->o.now = (int64_t)time(NULL);
	d->o.warn_cb = decode_warn_cb;
	d->o.warn_arg = d;
	if ((rc = parse_args(d, argc, argv)) >= 0)
		goto out;
	if ((rc = read_input(d)) >= 0)
		goto out;
	/* A recording names its OS; a damaged header is the engine's error. */
	if (d->o.os == VW_OS_NONE && !vw_rec_is(d->buf, d->len) &&
	    (d->o.os = vw_decode_detect(d->buf, d->len)) == VW_OS_NONE) {
		ctl_errx("cannot tell the OS of %s; use --os", d->name);
		rc = CTL_EXIT_USAGE;
		goto out;
	}
	rc = vw_decode_buf(d->buf, d->len, &d->o, stdout, &perr);
	/* The engine's final fflush left errno for a failed stdout. */
	if (rc == VW_EIO || fflush(stdout) == EOF || ferror(stdout)) {
		ctl_errx("stdout: %s", strerror(errno));
		rc = CTL_EXIT_FAIL;
	} else if (rc == VW_ENOMEM) {
		ctl_errx("%s: out of memory", d->name);
		rc = CTL_EXIT_FAIL;
	} else if (rc < 0) {
		ctl_errx("%s: byte %llu: %s", d->name, perr.off, perr.msg);
		rc = CTL_EXIT_USAGE;
	} else
		rc = CTL_EXIT_OK;
out:
	free(d->buf);
	free(d);
	return rc;
}
