/* SPDX-License-Identifier: ISC */
/*
 * ctl_explain.c - `vmwatchctl explain` and `vmwatchctl routes --explain`
 * (contract in ctl_explain.h): arguments, reading the text, running the
 * explainer of lib/explain.h, and the exit code.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ctl.h"
#include "ctl_client.h"
#include "ctl_explain.h"
#include "explain.h"
#include "paths.h"
#include "vw_error.h"
#include "vw_event.h"

void
ctl_explain_usage(FILE *fp)
{
	fputs(
"usage: vmwatchctl explain [--os darwin|freebsd|linux] [--json] [FILE|-]\n"
"\n"
"Explain routing-table text line by line: netstat -rn (macOS, FreeBSD;\n"
"inet and inet6, with or without -l/-a/-W columns), arp -an, Linux\n"
"ip route / ip -6 route / ip neigh / route -n, and route get / route\n"
"monitor output, as pasted (prompts, lost alignment and redactions are\n"
"fine).  Each line is printed with what it is, what its flags and Gateway\n"
"mean, the MAC in canonical form and when it expires; a summary of what\n"
"matters for reaching VMs follows.  Lines that cannot be read are shown\n"
"as such.\n"
"\n"
"  --os OS   read flags as this OS prints them (default: detected)\n"
"  --json    one JSON document instead of text\n"
"  FILE|-    the text (default and -: standard input)\n"
"\n"
"vmwatchctl routes --explain [-4|-6] [PREFIX] explains the daemon's live\n"
"routing table the same way.\n"
"\n"
"Exit status: 0 ok, 1 runtime failure, 2 bad usage or unreadable input.\n",
	    fp);
}

/* ---- reading ------------------------------------------------------------------ */

/* The whole of path ("-": stdin) into *buf; an exit code on failure. */
static int
read_text(const char *path, const char *name, char **buf, size_t *len)
{
	FILE *fp = stdin;
	size_t cap = 0, n;
	char *nb;
	int rc = -1;

	*buf = NULL;
	*len = 0;
	if (strcmp(path, "-") != 0 && (fp = fopen(path, "rb")) == NULL) {
		ctl_errx("explain: %s: %s", name, strerror(errno));
		return CTL_EXIT_USAGE;
	}
	for (;;) {
		if (*len == cap) {
			if (cap > VW_EXPLAIN_MAX)
				break;
			cap = cap == 0 ? 65536 : cap * 2;
			if (cap > (size_t)VW_EXPLAIN_MAX + 1)
				cap = (size_t)VW_EXPLAIN_MAX + 1;
			if ((nb = realloc(*buf, cap)) == NULL) {
				ctl_errx("explain: %s: out of memory", name);
				rc = CTL_EXIT_FAIL;
				goto out;
			}
			*buf = nb;
		}
		n = fread(*buf + *len, 1, cap - *len, fp);
		*len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		ctl_errx("explain: %s: read error: %s", name, strerror(errno));
		rc = CTL_EXIT_USAGE;
	} else if (*len > VW_EXPLAIN_MAX) {
		ctl_errx("explain: %s: input larger than %u MiB", name,
		    VW_EXPLAIN_MAX >> 20);
		rc = CTL_EXIT_USAGE;
	}
out:
	if (fp != stdin)
		fclose(fp);
	return rc;
}

/* ---- output ------------------------------------------------------------------- */

static int
emit(const struct vw_explain *x, int json, const char *title)
{
	cJSON *j;
	char *s;

	if (json) {
		if ((j = vw_explain_json(x)) == NULL ||
		    (s = cJSON_PrintUnformatted(j)) == NULL) {
			cJSON_Delete(j);
			ctl_errx("explain: out of memory");
			return CTL_EXIT_FAIL;
		}
		printf("%s\n", s);
		cJSON_free(s);
		cJSON_Delete(j);
	} else
		vw_explain_print(stdout, x, title);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		ctl_errx("stdout: %s", strerror(errno));
		return CTL_EXIT_FAIL;
	}
	return CTL_EXIT_OK;
}

/* ---- explain -------------------------------------------------------------------- */

int
ctl_explain_main(int argc, char **argv)
{
	struct vw_explain *x = NULL;
	const char *path = NULL, *val;
	char *buf = NULL;
	size_t len;
	int i, os = 0, json = 0, nopt = 0, rc;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (nopt || a[0] != '-' || strcmp(a, "-") == 0) {
			if (path != NULL) {
				ctl_errx("explain: more than one input file "
				    "('%s', '%s')", path, a);
				return CTL_EXIT_USAGE;
			}
			path = a;
		} else if (strcmp(a, "--") == 0) {
			nopt = 1;
		} else if (strcmp(a, "--json") == 0 || strcmp(a, "-j") == 0) {
			json = 1;
		} else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			ctl_explain_usage(stdout);
			return CTL_EXIT_OK;
		} else if (strcmp(a, "--os") == 0 || strncmp(a, "--os=", 5) == 0) {
			if (a[4] == '=')
				val = a + 5;
			else if (i + 1 < argc)
				val = argv[++i];
			else {
				ctl_errx("explain: option --os needs a value");
				return CTL_EXIT_USAGE;
			}
			if ((os = vw_os_parse(val)) <= 0) {
				ctl_errx("explain: --os: unknown OS '%s' "
				    "(darwin, freebsd or linux)", val);
				return CTL_EXIT_USAGE;
			}
		} else {
			ctl_errx("explain: unknown option '%s' (try '"
			    CTL_PROGNAME " help explain')", a);
			return CTL_EXIT_USAGE;
		}
	}
	if (path == NULL)
		path = "-";
	if ((rc = read_text(path, strcmp(path, "-") == 0 ? "stdin" : path,
	    &buf, &len)) >= 0)
		goto out;
	if ((rc = vw_explain_parse(buf, len, os, &x)) < 0) {
		if (rc == VW_ERANGE)
			ctl_errx("explain: %s: more than %u non-blank lines",
			    strcmp(path, "-") == 0 ? "stdin" : path,
			    VW_EXPLAIN_MAXLINES);
		else
			ctl_errx("explain: %s", vw_strerror(rc));
		rc = rc == VW_ENOMEM ? CTL_EXIT_FAIL : CTL_EXIT_USAGE;
		goto out;
	}
	rc = emit(x, json, strcmp(path, "-") == 0 ? "stdin" : path);
out:
	vw_explain_free(x);
	free(buf);
	return rc;
}

/* ---- routes --explain ---------------------------------------------------------- */

static int
routes_explain(int argc, char **argv)
{
	struct vw_client_opts o;
	struct vw_explain *x = NULL;
	const cJSON *ok, *res, *err, *code, *msg;
	cJSON *args, *reply = NULL;
	char *end;
	int i, rc, have_prefix = 0;

	memset(&o, 0, sizeof(o));
	o.sock = vw_default_socket();
	o.timeout_ms = 10000;
	if ((args = cJSON_CreateObject()) == NULL)
		return CTL_EXIT_FAIL;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--explain") == 0)
			continue;
		if ((strcmp(a, "-s") == 0 || strcmp(a, "--socket") == 0) &&
		    i + 1 < argc)
			o.sock = argv[++i];
		else if (strcmp(a, "-j") == 0 || strcmp(a, "--json") == 0)
			o.json = 1;
		else if (strcmp(a, "--timeout") == 0 && i + 1 < argc) {
			o.timeout_ms = (int)strtol(argv[++i], &end, 10);
			if (*end != '\0' || o.timeout_ms <= 0) {
				ctl_errx("--timeout: not a number of "
				    "milliseconds: %s", argv[i]);
				cJSON_Delete(args);
				return CTL_EXIT_USAGE;
			}
		} else if (strcmp(a, "-4") == 0)
			cJSON_AddStringToObject(args, "family", "inet");
		else if (strcmp(a, "-6") == 0)
			cJSON_AddStringToObject(args, "family", "inet6");
		else if (a[0] != '-' && !have_prefix) {
			cJSON_AddStringToObject(args, "prefix", a);
			have_prefix = 1;
		} else {
			ctl_errx("routes --explain: unexpected argument: %s", a);
			cJSON_Delete(args);
			return CTL_EXIT_USAGE;
		}
	}
	/* The daemon's text is the OS's own tool's: that is what we explain. */
	cJSON_AddStringToObject(args, "format", "text");
	if (vw_client_call(&o, "routes", args, &reply) != 0)
		return CTL_EXIT_FAIL;
	ok = cJSON_GetObjectItemCaseSensitive(reply, "ok");
	res = cJSON_GetObjectItemCaseSensitive(reply, "result");
	if (!cJSON_IsTrue(ok) || !cJSON_IsString(res)) {
		err = cJSON_GetObjectItemCaseSensitive(reply, "error");
		code = cJSON_GetObjectItemCaseSensitive(err, "code");
		msg = cJSON_GetObjectItemCaseSensitive(err, "message");
		ctl_errx("%s: %s", cJSON_IsString(code) ? code->valuestring :
		    "error", cJSON_IsString(msg) ? msg->valuestring :
		    "the daemon sent no routing text");
		cJSON_Delete(reply);
		return CTL_EXIT_FAIL;
	}
	if ((rc = vw_explain_daemon_routes(res->valuestring,
	    strlen(res->valuestring), 0, &x)) < 0) {
		ctl_errx("routes --explain: %s", vw_strerror(rc));
		cJSON_Delete(reply);
		return CTL_EXIT_FAIL;
	}
	rc = emit(x, o.json, "the daemon's routing table");
	vw_explain_free(x);
	cJSON_Delete(reply);
	return rc;
}

int
ctl_routes_main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--explain") == 0)
			return routes_explain(argc, argv);
	return ctl_daemon_main(argc, argv);
}
