/* SPDX-License-Identifier: ISC */
/*
 * ctl_record.c - `vmwatchctl record start FILE | stop | window FILE`, and
 * the helpers `report` shares (see ctl_report.h).
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "ctl/ctl.h"
#include "ctl/ctl_client.h"
#include "ctl/ctl_report.h"
#include "vw_b64.h"
#include "vw_rec.h"

static const char *
str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

int
ctl_call_result(const struct vw_client_opts *o, const char *cmd, cJSON *args,
    cJSON **reply, const cJSON **res, const cJSON **err)
{
	*res = *err = NULL;
	if (vw_client_call(o, cmd, args, reply) != 0)
		return 1;
	if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(*reply, "ok"))) {
		*res = cJSON_GetObjectItemCaseSensitive(*reply, "result");
		return 0;
	}
	*err = cJSON_GetObjectItemCaseSensitive(*reply, "error");
	return 1;
}

void
ctl_print_error(const char *what, const cJSON *err)
{
	ctl_errx("%s%s%s: %s", what ? what : "", what ? ": " : "",
	    str(err, "code") ? str(err, "code") : "error",
	    str(err, "message") ? str(err, "message") : "(no message)");
}

int
ctl_window_decode(const cJSON *win, uint8_t **buf, size_t *len,
    const char **why)
{
	const cJSON *b = cJSON_GetObjectItemCaseSensitive(win, "base64");
	const cJSON *n = cJSON_GetObjectItemCaseSensitive(win, "bytes");
	size_t sl;
	long got;

	*buf = NULL;
	*len = 0;
	if (!cJSON_IsString(b)) {
		*why = "no \"base64\" member";
		return -1;
	}
	sl = strlen(b->valuestring);
	if ((*buf = malloc(sl / 4 * 3 + 1)) == NULL) {
		*why = "out of memory";
		return -1;
	}
	if ((got = vw_b64_decode(b->valuestring, sl, *buf)) < 0) {
		*why = "\"base64\" is not valid base64";
		goto bad;
	}
	if (cJSON_IsNumber(n) && n->valuedouble != (double)got) {
		*why = "\"bytes\" does not match the decoded length";
		goto bad;
	}
	if (!vw_rec_is(*buf, (size_t)got)) {
		*why = "the decoded bytes are not a vmwatchd recording";
		goto bad;
	}
	*len = (size_t)got;
	return 0;
bad:
	free(*buf);
	*buf = NULL;
	return -1;
}

int
ctl_write_new(const char *path, const uint8_t *buf, size_t len,
    const char *what)
{
	ssize_t w;
	int fd, e;

	if (strcmp(path, "-") == 0)
		fd = STDOUT_FILENO;
	else if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0644)) == -1) {
		if (errno == EEXIST)
			ctl_errx("%s: already exists; %s is never written over "
			    "an existing file (choose a new name)", path, what);
		else
			ctl_errx("%s: %s", path, strerror(errno));
		return CTL_EXIT_FAIL;
	}
	while (len > 0) {
		if ((w = write(fd, buf, len)) == -1) {
			if (errno == EINTR)
				continue;
			e = errno;
			ctl_errx("%s: write: %s", path, strerror(e));
			if (fd != STDOUT_FILENO) {
				close(fd);
				unlink(path);
			}
			return CTL_EXIT_FAIL;
		}
		buf += w;
		len -= (size_t)w;
	}
	if (fd != STDOUT_FILENO && close(fd) == -1) {
		ctl_errx("%s: close: %s", path, strerror(errno));
		unlink(path);
		return CTL_EXIT_FAIL;
	}
	return CTL_EXIT_OK;
}

/*
 * FILE as an absolute path: the real path of its directory (the daemon
 * runs elsewhere, and refuses relative paths) and its last component.
 */
static int
abs_path(const char *file, char *out, size_t outlen)
{
	char dir[PATH_MAX], real[PATH_MAX];
	const char *slash = strrchr(file, '/'), *base;

	if (slash == NULL) {
		snprintf(dir, sizeof(dir), ".");
		base = file;
	} else {
		if ((size_t)(slash - file) >= sizeof(dir)) {
			ctl_errx("%s: path too long", file);
			return CTL_EXIT_USAGE;
		}
		memcpy(dir, file, (size_t)(slash - file));
		dir[slash - file] = '\0';
		if (dir[0] == '\0')
			snprintf(dir, sizeof(dir), "/");
		base = slash + 1;
	}
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
		ctl_errx("record start: %s: expected a file name, not a "
		    "directory", file);
		return CTL_EXIT_USAGE;
	}
	if (realpath(dir, real) == NULL) {
		ctl_errx("record start: %s: %s", dir, strerror(errno));
		return CTL_EXIT_FAIL;
	}
	if ((size_t)snprintf(out, outlen, "%s%s%s", real,
	    strcmp(real, "/") == 0 ? "" : "/", base) >= outlen) {
		ctl_errx("record start: %s: path too long", file);
		return CTL_EXIT_USAGE;
	}
	return CTL_EXIT_OK;
}

static int
record_start(const struct vw_client_opts *o, const char *file)
{
	const cJSON *res, *err;
	struct stat st;
	cJSON *args, *reply;
	char path[PATH_MAX];
	int r;

	if ((r = abs_path(file, path, sizeof(path))) != CTL_EXIT_OK)
		return r;
	/* The daemon refuses too (O_EXCL); this says it before asking. */
	if (lstat(path, &st) == 0) {
		ctl_errx("record start: %s already exists; a recording is never "
		    "written over an existing file (choose a new name)", path);
		return CTL_EXIT_FAIL;
	}
	if ((args = cJSON_CreateObject()) == NULL)
		return CTL_EXIT_FAIL;
	cJSON_AddStringToObject(args, "action", "start");
	cJSON_AddStringToObject(args, "path", path);
	r = ctl_call_result(o, "record", args, &reply, &res, &err);
	if (reply == NULL)
		return CTL_EXIT_FAIL;
	if (r != 0)
		ctl_print_error("record start", err);
	else if (o->json) {
		char *s = cJSON_PrintUnformatted(reply);

		if (s != NULL)
			printf("%s\n", s);
		cJSON_free(s);
	} else
		printf("recording to %s\n", str(res, "recording") ?
		    str(res, "recording") : path);
	cJSON_Delete(reply);
	return r == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
}

static int
record_stop(const struct vw_client_opts *o)
{
	const cJSON *res, *err, *st;
	cJSON *args, *reply, *sreply;
	char *path = NULL;
	double bytes = -1;
	int r;

	/* Which file it was, to say so afterwards. */
	if (ctl_call_result(o, "status", cJSON_CreateObject(), &sreply, &res,
	    &err) == 0) {
		st = cJSON_GetObjectItemCaseSensitive(res, "record");
		if (str(st, "recording") != NULL)
			path = strdup(str(st, "recording"));
	}
	cJSON_Delete(sreply);
	if ((args = cJSON_CreateObject()) == NULL) {
		free(path);
		return CTL_EXIT_FAIL;
	}
	cJSON_AddStringToObject(args, "action", "stop");
	r = ctl_call_result(o, "record", args, &reply, &res, &err);
	if (reply == NULL) {
		free(path);
		return CTL_EXIT_FAIL;
	}
	if (r != 0)
		ctl_print_error("record stop", err);
	else if (o->json) {
		char *s = cJSON_PrintUnformatted(reply);

		if (s != NULL)
			printf("%s\n", s);
		cJSON_free(s);
	} else {
		if (path != NULL) {
			struct stat sb;

			if (stat(path, &sb) == 0)
				bytes = (double)sb.st_size;
		}
		if (path != NULL && bytes >= 0)
			printf("recording stopped: %s (%.0f bytes)\n", path, bytes);
		else
			printf("recording stopped%s%s\n", path ? ": " : "",
			    path ? path : "");
	}
	free(path);
	cJSON_Delete(reply);
	return r == 0 ? CTL_EXIT_OK : CTL_EXIT_FAIL;
}

static int
record_window(const struct vw_client_opts *o, const char *file)
{
	const cJSON *res, *err;
	cJSON *args, *reply;
	const char *why;
	uint8_t *buf;
	size_t len;
	int r;

	if (strcmp(file, "-") != 0 && access(file, F_OK) == 0) {
		ctl_errx("%s: already exists; the window is never written over "
		    "an existing file (choose a new name)", file);
		return CTL_EXIT_FAIL;
	}
	if ((args = cJSON_CreateObject()) == NULL)
		return CTL_EXIT_FAIL;
	cJSON_AddStringToObject(args, "action", "window");
	r = ctl_call_result(o, "record", args, &reply, &res, &err);
	if (reply == NULL)
		return CTL_EXIT_FAIL;
	if (r != 0) {
		ctl_print_error("record window", err);
		cJSON_Delete(reply);
		return CTL_EXIT_FAIL;
	}
	if (ctl_window_decode(res, &buf, &len, &why) < 0) {
		ctl_errx("record window: the daemon's reply: %s", why);
		cJSON_Delete(reply);
		return CTL_EXIT_FAIL;
	}
	cJSON_Delete(reply);
	r = ctl_write_new(file, buf, len, "the window");
	free(buf);
	if (r == CTL_EXIT_OK && strcmp(file, "-") != 0)
		printf("wrote %zu bytes to %s (the flight recorder's window: "
		    "the last full kernel dump and everything since; replay "
		    "it with vmwatchd --replay %s)\n", len, file, file);
	return r;
}

int
vw_cmd_record(const struct vw_client_opts *o, int argc, char **argv)
{
	if (argc < 1)
		return ctl_usage_err("record: expected start FILE, stop or "
		    "window FILE", NULL);
	if (strcmp(argv[0], "start") == 0 || strcmp(argv[0], "window") == 0) {
		if (argc != 2)
			return ctl_usage_err(argc < 2 ? "record: expected a "
			    "FILE after" : "unexpected argument",
			    argc < 2 ? argv[0] : argv[2]);
		return argv[0][0] == 's' ? record_start(o, argv[1]) :
		    record_window(o, argv[1]);
	}
	if (strcmp(argv[0], "stop") == 0) {
		if (argc != 1)
			return ctl_usage_err("unexpected argument", argv[1]);
		return record_stop(o);
	}
	return ctl_usage_err("record: expected start FILE, stop or window "
	    "FILE, got", argv[0]);
}
