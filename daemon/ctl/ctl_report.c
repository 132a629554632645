/* SPDX-License-Identifier: ISC */
/*
 * ctl_report.c - `vmwatchctl report [-o FILE|-] [--anonymize]`: one
 * pretty-printed JSON document to attach to a bug report, and
 * `report --extract-recording REPORT FILE` to get its recording back.
 *
 *   {"vmwatch_report":1, "generated":RFC3339, "vmwatchctl_version",
 *    "anonymized":bool, "status", "targets", "events" (all remembered),
 *    "last_incident" (the newest target.down/target.degraded or null),
 *    "tables":{"routes","neighbors","interfaces","addresses"},
 *    "metrics" (Prometheus text),
 *    "recording":{"bytes","base64","note"} or null}
 *
 * A section the daemon refused holds {"error":{"code","message"}}: a
 * report is most wanted when something is wrong, so it takes what it
 * can get.  With --anonymize, lib/anon.h rewrites the document and the
 * recording under a key drawn here from /dev/urandom and wiped after use.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "anon.h"
#include "ctl/ctl.h"
#include "ctl/ctl_client.h"
#include "ctl/ctl_report.h"
#include "vw_b64.h"
#include "vw_rec.h"

#ifndef VW_VERSION
#define VW_VERSION	"0.0.0"
#endif

#define REPORT_NOTE	"the window starts at the last full kernel dump; " \
	"replay it with vmwatchd --replay FILE after base64-decoding, or " \
	"`vmwatchctl report --extract-recording REPORT FILE`"

/* The reply's result (detached) or {"error":...}; NULL: no daemon. */
static cJSON *
section(const struct vw_client_opts *o, const char *cmd, cJSON *args,
    int *reached)
{
	const cJSON *res, *err;
	cJSON *reply, *out, *e;

	ctl_call_result(o, cmd, args, &reply, &res, &err);
	if (reply == NULL) {
		*reached = 0;
		return cJSON_CreateNull();
	}
	if (res != NULL)
		out = cJSON_Duplicate(res, 1);
	else {
		ctl_print_error(cmd, err);
		out = cJSON_CreateObject();
		e = err != NULL ? cJSON_Duplicate(err, 1) : cJSON_CreateNull();
		if (out != NULL && e != NULL)
			cJSON_AddItemToObject(out, "error", e);
		else
			cJSON_Delete(e);
	}
	cJSON_Delete(reply);
	return out;
}

/* The newest target.down or target.degraded event, copied; or null. */
static cJSON *
last_incident(const cJSON *events)
{
	const cJSON *e, *kind, *hit = NULL;

	cJSON_ArrayForEach(e, events) {
		kind = cJSON_GetObjectItemCaseSensitive(e, "kind");
		if (cJSON_IsString(kind) &&
		    (strcmp(kind->valuestring, "target.down") == 0 ||
		    strcmp(kind->valuestring, "target.degraded") == 0))
			hit = e;
	}
	return hit != NULL ? cJSON_Duplicate(hit, 1) : cJSON_CreateNull();
}

static int
random_key(uint8_t key[VW_ANON_KEYLEN])
{
	size_t got = 0;
	ssize_t n;
	int fd;

	if ((fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC)) == -1) {
		ctl_errx("/dev/urandom: %s", strerror(errno));
		return -1;
	}
	while (got < VW_ANON_KEYLEN) {
		if ((n = read(fd, key + got, VW_ANON_KEYLEN - got)) <= 0) {
			if (n == -1 && errno == EINTR)
				continue;
			ctl_errx("/dev/urandom: %s", n == 0 ? "end of file" :
			    strerror(errno));
			close(fd);
			return -1;
		}
		got += (size_t)n;
	}
	close(fd);
	return 0;
}

static void
wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;

	while (n-- > 0)
		*v++ = 0;
}

/*
 * The recording member from the window reply: anonymized (learning the
 * MACs of its kernel messages first, so the document's pass knows them
 * too) when a is set.  NULL on out-of-memory; null when there is none.
 */
static cJSON *
recording(const cJSON *win, struct vw_anon *a, cJSON *root)
{
	struct vw_perr pe;
	const char *why;
	uint8_t *buf, *anon = NULL;
	size_t len, alen;
	char *b64;
	cJSON *r;

	if (win == NULL || cJSON_GetObjectItemCaseSensitive(win, "error"))
		return cJSON_CreateNull();
	if (ctl_window_decode(win, &buf, &len, &why) < 0) {
		ctl_errx("report: the flight window: %s; left out", why);
		return cJSON_CreateNull();
	}
	if (a != NULL) {
		if (vw_anon_learn_json(a, root) < 0 ||
		    vw_anon_learn_recording(a, buf, len) < 0) {
			free(buf);
			return NULL;
		}
		if (vw_anon_recording(a, buf, len, &anon, &alen, &pe) < 0) {
			/* Never attach bytes that were not anonymized. */
			ctl_errx("report: the flight window cannot be "
			    "anonymized (%s); left out", pe.msg);
			free(buf);
			return cJSON_CreateNull();
		}
		free(buf);
		buf = anon;
		len = alen;
	}
	if ((b64 = malloc(VW_B64_ENCLEN(len))) == NULL) {
		free(buf);
		return NULL;
	}
	vw_b64_encode(buf, len, b64);
	free(buf);
	if ((r = cJSON_CreateObject()) != NULL) {
		cJSON_AddNumberToObject(r, "bytes", (double)len);
		cJSON_AddStringToObject(r, "base64", b64);
		cJSON_AddStringToObject(r, "note", REPORT_NOTE);
	}
	free(b64);
	return r;
}

/* Build the whole document; NULL with a line on stderr. */
static cJSON *
build(const struct vw_client_opts *o, int anonymize, const char *generated)
{
	static const char *const tables[] = { "routes", "neighbors",
	    "interfaces", "addresses" };
	struct vw_anon *a = NULL;
	uint8_t key[VW_ANON_KEYLEN];
	cJSON *root, *t, *ev, *win, *args, *rec;
	int reached = 1;
	size_t i;

	if ((root = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddNumberToObject(root, "vmwatch_report", 1);
	cJSON_AddStringToObject(root, "generated", generated);
	cJSON_AddStringToObject(root, "vmwatchctl_version", VW_VERSION);
	cJSON_AddBoolToObject(root, "anonymized", anonymize);
	cJSON_AddItemToObject(root, "status",
	    section(o, "status", cJSON_CreateObject(), &reached));
	if (!reached)
		goto fail;		/* no daemon: nothing to report */
	cJSON_AddItemToObject(root, "targets",
	    section(o, "targets", cJSON_CreateObject(), &reached));
	ev = section(o, "events", cJSON_CreateObject(), &reached);
	cJSON_AddItemToObject(root, "events", ev);
	cJSON_AddItemToObject(root, "last_incident", last_incident(ev));
	if ((t = cJSON_AddObjectToObject(root, "tables")) == NULL)
		goto fail;
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
		cJSON_AddItemToObject(t, tables[i],
		    section(o, tables[i], cJSON_CreateObject(), &reached));
	cJSON_AddItemToObject(root, "metrics",
	    section(o, "metrics", cJSON_CreateObject(), &reached));
	if ((args = cJSON_CreateObject()) == NULL)
		goto fail;
	cJSON_AddStringToObject(args, "action", "window");
	win = section(o, "record", args, &reached);
	if (!reached) {
		cJSON_Delete(win);
		goto fail;
	}
	if (anonymize) {
		if (random_key(key) < 0)
			goto fail_win;
		if (vw_anon_new(key, &a) < 0) {
			wipe(key, sizeof(key));
			goto fail_win;
		}
		wipe(key, sizeof(key));
	}
	/* The recording first: its MACs must be known to the document's pass. */
	rec = recording(win, a, root);
	cJSON_Delete(win);
	if (rec == NULL)
		goto fail_oom;
	if (a != NULL && vw_anon_json(a, root) < 0) {
		cJSON_Delete(rec);
		goto fail_oom;
	}
	/* Added after the rewrite: base64 text is not for the text rules. */
	cJSON_AddItemToObject(root, "recording", rec);
	vw_anon_free(a);
	return root;

fail_win:
	cJSON_Delete(win);
	goto fail;
fail_oom:
	ctl_errx("report: out of memory");
fail:
	vw_anon_free(a);
	cJSON_Delete(root);
	return NULL;
}

/* Read a whole file ("-": stdin), NUL-terminated; NULL with a message. */
static char *
read_all(const char *path, size_t *len)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char *buf = NULL, *p;
	size_t cap = 0, n;

	*len = 0;
	if (fp == NULL) {
		ctl_errx("%s: %s", path, strerror(errno));
		return NULL;
	}
	for (;;) {
		if (*len + 65536 + 1 > cap) {
			cap = cap ? cap * 2 : 131072;
			if ((p = realloc(buf, cap)) == NULL) {
				ctl_errx("%s: out of memory", path);
				goto fail;
			}
			buf = p;
		}
		n = fread(buf + *len, 1, cap - *len - 1, fp);
		*len += n;
		if (n == 0)
			break;
	}
	if (ferror(fp)) {
		ctl_errx("%s: read error", path);
		goto fail;
	}
	buf[*len] = '\0';
	if (fp != stdin)
		fclose(fp);
	return buf;
fail:
	free(buf);
	if (fp != stdin)
		fclose(fp);
	return NULL;
}

static int
extract(const char *report, const char *file)
{
	const cJSON *v, *rec;
	const char *why;
	cJSON *root;
	uint8_t *buf;
	size_t len;
	char *text;
	int r;

	if (strcmp(file, "-") != 0 && access(file, F_OK) == 0) {
		ctl_errx("%s: already exists; the recording is never written "
		    "over an existing file (choose a new name)", file);
		return CTL_EXIT_FAIL;
	}
	if ((text = read_all(report, &len)) == NULL)
		return CTL_EXIT_FAIL;
	root = cJSON_ParseWithLength(text, len);
	free(text);
	v = cJSON_GetObjectItemCaseSensitive(root, "vmwatch_report");
	if (!cJSON_IsNumber(v) || v->valuedouble != 1) {
		ctl_errx("%s: not a vmwatch report (no \"vmwatch_report\": 1)",
		    report);
		cJSON_Delete(root);
		return CTL_EXIT_USAGE;
	}
	rec = cJSON_GetObjectItemCaseSensitive(root, "recording");
	if (!cJSON_IsObject(rec)) {
		ctl_errx("%s: the report has no recording (the daemon's flight "
		    "recorder was empty or unavailable)", report);
		cJSON_Delete(root);
		return CTL_EXIT_FAIL;
	}
	if (ctl_window_decode(rec, &buf, &len, &why) < 0) {
		ctl_errx("%s: \"recording\": %s", report, why);
		cJSON_Delete(root);
		return CTL_EXIT_USAGE;
	}
	cJSON_Delete(root);
	r = ctl_write_new(file, buf, len, "the recording");
	free(buf);
	if (r == CTL_EXIT_OK && strcmp(file, "-") != 0)
		printf("wrote %zu bytes to %s; replay it with vmwatchd "
		    "--replay %s\n", len, file, file);
	return r;
}

static int
write_report(const char *path, const char *text)
{
	FILE *fp;
	int fd;

	if (strcmp(path, "-") == 0) {
		printf("%s\n", text);
		return fflush(stdout) == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
	}
	/* 0600: the document describes the host's network in detail. */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
	    0600)) == -1 || (fp = fdopen(fd, "w")) == NULL) {
		ctl_errx("%s: %s", path, strerror(errno));
		if (fd != -1)
			close(fd);
		return CTL_EXIT_FAIL;
	}
	fprintf(fp, "%s\n", text);
	if (fclose(fp) != 0) {
		ctl_errx("%s: write: %s", path, strerror(errno));
		return CTL_EXIT_FAIL;
	}
	return CTL_EXIT_OK;
}

int
vw_cmd_report(const struct vw_client_opts *o, int argc, char **argv)
{
	const char *out = NULL, *xr = NULL, *xf = NULL;
	char generated[32], defname[64], *text;
	cJSON *root;
	struct tm tm;
	time_t now;
	int i, anonymize = 0, r, with_rec;

	for (i = 0; i < argc; i++) {
		if ((strcmp(argv[i], "-o") == 0 ||
		    strcmp(argv[i], "--output") == 0) && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "--anonymize") == 0 ||
		    strcmp(argv[i], "--anonymise") == 0)
			anonymize = 1;
		else if (strcmp(argv[i], "--extract-recording") == 0 &&
		    i + 2 < argc) {
			xr = argv[++i];
			xf = argv[++i];
		} else if (strcmp(argv[i], "--extract-recording") == 0)
			return ctl_usage_err("--extract-recording: expected "
			    "REPORT FILE", NULL);
		else if (strcmp(argv[i], "-o") == 0)
			return ctl_usage_err("-o: expected a FILE (- for "
			    "standard output)", NULL);
		else
			return ctl_usage_err("unexpected argument", argv[i]);
	}
	if (xr != NULL) {
		if (out != NULL || anonymize)
			return ctl_usage_err("--extract-recording takes no "
			    "other option", NULL);
		return extract(xr, xf);
	}
	now = time(NULL);
	gmtime_r(&now, &tm);
	strftime(generated, sizeof(generated), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (out == NULL) {
		strftime(defname, sizeof(defname),
		    "vmwatch-report-%Y%m%dT%H%M%SZ.json", &tm);
		out = defname;
	}
	if ((root = build(o, anonymize, generated)) == NULL)
		return CTL_EXIT_FAIL;
	with_rec = cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root,
	    "recording"));
	text = cJSON_Print(root);
	cJSON_Delete(root);
	if (text == NULL) {
		ctl_errx("report: out of memory");
		return CTL_EXIT_FAIL;
	}
	r = write_report(out, text);
	if (r == CTL_EXIT_OK && strcmp(out, "-") != 0)
		printf("wrote %s (%zu bytes%s%s)\n", out, strlen(text) + 1,
		    with_rec ? ", with the flight recording" :
		    ", no recording", anonymize ? ", anonymized" : "");
	cJSON_free(text);
	return r;
}
