/* SPDX-License-Identifier: ISC */
#include <sys/socket.h>
#include <sys/un.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ctl/ctl.h"
#include "ctl/ctl_client.h"
#include "ctl/ctl_report.h"
#include "paths.h"
#include "ctlproto.h"

static int
client_connect(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path) + 1);
	if ((fd = socket(AF_UNIX, SOCK_STREAM, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int
write_all(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		/* MSG_NOSIGNAL: a daemon that refused us must not kill us. */
		if ((w = send(fd, s, n, MSG_NOSIGNAL)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
vw_client_call(const struct vw_client_opts *o, const char *cmd, cJSON *args,
    cJSON **reply)
{
	struct vw_linebuf lb;
	struct pollfd pfd;
	const char *line;
	const cJSON *id;
	char buf[65536], *req;
	size_t len;
	ssize_t n;
	long long myid = (long long)getpid();
	int fd, r, status = 1;

	*reply = NULL;
	if ((fd = client_connect(o->sock)) == -1) {
		if (errno == ENOENT || errno == ECONNREFUSED)
			fprintf(stderr, "vmwatchctl: vmwatchd is not running on "
			    "%s; start it with `vmwatchd -s %s` (or "
			    "`./setup.sh run` from the source tree)\n",
			    o->sock, o->sock);
		else
			fprintf(stderr, "vmwatchctl: %s: %s\n", o->sock,
			    strerror(errno));
		cJSON_Delete(args);
		return 1;
	}
	if ((req = vw_ctl_request(myid, cmd, args)) == NULL) {
		close(fd);
		return 1;
	}
	/*
	 * A daemon that refuses a peer (credentials, too many clients) says
	 * why and closes; the reason is then waiting to be read even though
	 * the send failed, so read on and report it.
	 */
	if (write_all(fd, req, strlen(req)) == -1 && errno != EPIPE &&
	    errno != ECONNRESET) {
		fprintf(stderr, "vmwatchctl: %s: cannot send the request: %s\n",
		    o->sock, strerror(errno));
		free(req);
		close(fd);
		return 1;
	}
	free(req);
	vw_linebuf_init(&lb, 256u << 20);
	for (;;) {
		pfd.fd = fd;
		pfd.events = POLLIN;
		if ((r = poll(&pfd, 1, o->timeout_ms)) == 0) {
			fprintf(stderr, "vmwatchctl: %s: no reply within %d ms\n",
			    o->sock, o->timeout_ms);
			break;
		}
		if (r == -1) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "vmwatchctl: poll: %s\n", strerror(errno));
			break;
		}
		if ((n = read(fd, buf, sizeof(buf))) <= 0) {
			fprintf(stderr, "vmwatchctl: %s: the daemon closed the "
			    "connection\n", o->sock);
			break;
		}
		if (vw_linebuf_feed(&lb, buf, (size_t)n) < 0)
			break;
		while ((r = vw_linebuf_next(&lb, &line, &len)) == 1) {
			cJSON *obj = cJSON_ParseWithLength(line, len);

			id = cJSON_GetObjectItemCaseSensitive(obj, "id");
			/* Refusals sent before a request was read carry id null. */
			if (cJSON_IsNumber(id) && id->valuedouble !=
			    (double)myid) {
				cJSON_Delete(obj);
				continue;
			}
			*reply = obj;
			status = obj != NULL ? 0 : 1;
			if (obj == NULL)
				fprintf(stderr, "vmwatchctl: %s: unreadable "
				    "reply\n", o->sock);
			goto done;
		}
	}
done:
	vw_linebuf_free(&lb);
	close(fd);
	return status;
}

/*
 * Run one command and print its reply: the raw JSON with --json, else the
 * result string as is (text tables rendered by the daemon) or the result
 * pretty-printed.  Error replies print "vmwatchctl: CODE: MESSAGE", exit 1.
 */
int
vw_client_run(const struct vw_client_opts *o, const char *cmd, cJSON *args)
{
	const cJSON *ok, *res, *err;
	cJSON *reply;
	char *s;
	int status;

	if ((status = vw_client_call(o, cmd, args, &reply)) != 0)
		return status;
	ok = cJSON_GetObjectItemCaseSensitive(reply, "ok");
	res = cJSON_GetObjectItemCaseSensitive(reply, "result");
	if (o->json) {
		if ((s = cJSON_PrintUnformatted(reply)) != NULL)
			printf("%s\n", s);
		cJSON_free(s);
	} else if (cJSON_IsTrue(ok) && cJSON_IsString(res)) {
		fputs(res->valuestring, stdout);
	} else if (cJSON_IsTrue(ok)) {
		if ((s = cJSON_Print(res)) != NULL)
			printf("%s\n", s);
		cJSON_free(s);
	}
	if (!cJSON_IsTrue(ok)) {
		const cJSON *code, *msg;

		err = cJSON_GetObjectItemCaseSensitive(reply, "error");
		code = cJSON_GetObjectItemCaseSensitive(err, "code");
		msg = cJSON_GetObjectItemCaseSensitive(err, "message");
		fprintf(stderr, "vmwatchctl: %s: %s\n",
		    cJSON_IsString(code) ? code->valuestring : "error",
		    cJSON_IsString(msg) ? msg->valuestring : "(no message)");
		status = 1;
	}
	cJSON_Delete(reply);
	return status;
}

int
ctl_usage_err(const char *msg, const char *arg)
{
	fprintf(stderr, "vmwatchctl: %s%s%s\n", msg, arg ? ": " : "",
	    arg ? arg : "");
	return 2;
}

/* Parse [-4|-6] [--canon] [PREFIX] into args; returns 0 or 2. */
static int
family_args(int argc, char **argv, cJSON *args, int allow_prefix,
    const struct vw_client_opts *o)
{
	int i, have_prefix = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "-4") == 0)
			cJSON_AddStringToObject(args, "family", "inet");
		else if (strcmp(argv[i], "-6") == 0)
			cJSON_AddStringToObject(args, "family", "inet6");
		else if (strcmp(argv[i], "--canon") == 0)
			cJSON_AddTrueToObject(args, "canon_mac");
		else if (argv[i][0] != '-' && allow_prefix && !have_prefix) {
			cJSON_AddStringToObject(args, "prefix", argv[i]);
			have_prefix = 1;
		} else
			return ctl_usage_err("unexpected argument", argv[i]);
	}
	if (!o->json)
		cJSON_AddStringToObject(args, "format", "text");
	return 0;
}

static int
simple(const struct vw_client_opts *o, const char *cmd, int argc, char **argv,
    int allow_family, int allow_prefix)
{
	cJSON *args = cJSON_CreateObject();

	if (args == NULL)
		return 1;
	if (!allow_family && argc > 0) {
		cJSON_Delete(args);
		return ctl_usage_err("unexpected argument", argv[0]);
	}
	if (family_args(argc, argv, args, allow_prefix, o) != 0) {
		cJSON_Delete(args);
		return 2;
	}
	return vw_client_run(o, cmd, args);
}

int
vw_cmd_status(const struct vw_client_opts *o, int argc, char **argv)
{
	return simple(o, "status", argc, argv, 0, 0);
}

int
vw_cmd_ping(const struct vw_client_opts *o, int argc, char **argv)
{
	return simple(o, "ping", argc, argv, 0, 0);
}

int
vw_cmd_routes(const struct vw_client_opts *o, int argc, char **argv)
{
	return simple(o, "routes", argc, argv, 1, 1);
}

int
vw_cmd_neighbors(const struct vw_client_opts *o, int argc, char **argv)
{
	return simple(o, "neighbors", argc, argv, 1, 0);
}

int
vw_cmd_metrics(const struct vw_client_opts *o, int argc, char **argv)
{
	cJSON *args;

	if (argc > 0)
		return ctl_usage_err("unexpected argument", argv[0]);
	if ((args = cJSON_CreateObject()) == NULL)
		return 1;
	return vw_client_run(o, "metrics", args);
}

int
vw_cmd_interfaces(const struct vw_client_opts *o, int argc, char **argv)
{
	return simple(o, "interfaces", argc, argv, 0, 0);
}

int
vw_cmd_addresses(const struct vw_client_opts *o, int argc, char **argv)
{
	return simple(o, "addresses", argc, argv, 1, 0);
}

int
vw_cmd_lookup(const struct vw_client_opts *o, int argc, char **argv)
{
	cJSON *args;
	int i;

	if ((args = cJSON_CreateObject()) == NULL)
		return 1;
	for (i = 0; i < argc; i++) {
		if ((strcmp(argv[i], "-i") == 0 ||
		    strcmp(argv[i], "--ifscope") == 0) && i + 1 < argc)
			cJSON_AddStringToObject(args, "ifscope", argv[++i]);
		else if (argv[i][0] != '-' &&
		    !cJSON_HasObjectItem(args, "address"))
			cJSON_AddStringToObject(args, "address", argv[i]);
		else {
			cJSON_Delete(args);
			return ctl_usage_err("unexpected argument", argv[i]);
		}
	}
	if (!cJSON_HasObjectItem(args, "address")) {
		cJSON_Delete(args);
		return ctl_usage_err("lookup needs an address", NULL);
	}
	if (!o->json)
		cJSON_AddStringToObject(args, "format", "text");
	return vw_client_run(o, "lookup", args);
}

/*
 * Subscribe with `follow` and args (owned), then print each event until
 * the daemon goes away or the user interrupts: the JSON object with
 * --json (one per line, as the JSON log has them), else one line for
 * people (ctl_print_event).
 */
int
vw_client_follow(const struct vw_client_opts *o, cJSON *args)
{
	struct vw_linebuf lb;
	const char *line;
	char buf[65536], *req;
	size_t len;
	ssize_t n;
	int fd, r, acked = 0;

	if ((fd = client_connect(o->sock)) == -1) {
		cJSON_Delete(args);
		fprintf(stderr, "vmwatchctl: vmwatchd is not running on %s; "
		    "start it with `vmwatchd -s %s`\n", o->sock, o->sock);
		return 1;
	}
	req = vw_ctl_request(1, "follow", args);
	if (req == NULL || write_all(fd, req, strlen(req)) == -1) {
		free(req);
		close(fd);
		return 1;
	}
	free(req);
	setvbuf(stdout, NULL, _IOLBF, 0);
	vw_linebuf_init(&lb, 16u << 20);
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		if (vw_linebuf_feed(&lb, buf, (size_t)n) < 0)
			break;
		while ((r = vw_linebuf_next(&lb, &line, &len)) == 1) {
			cJSON *obj = cJSON_ParseWithLength(line, len);

			if (!acked) {
				acked = 1;
				if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
				    obj, "ok"))) {
					fprintf(stderr, "vmwatchctl: follow "
					    "refused: %.*s\n", (int)len, line);
					cJSON_Delete(obj);
					vw_linebuf_free(&lb);
					close(fd);
					return 1;
				}
			} else
				ctl_print_event(cJSON_GetObjectItemCaseSensitive(
				    obj, "event"), o->json);
			cJSON_Delete(obj);
		}
	}
	vw_linebuf_free(&lb);
	close(fd);
	return 0;
}

int
vw_cmd_follow(const struct vw_client_opts *o, int argc, char **argv)
{
	cJSON *args;

	if (argc > 1)
		return ctl_usage_err("unexpected argument", argv[1]);
	if ((args = cJSON_CreateObject()) == NULL)
		return 1;
	if (argc == 1)
		cJSON_AddStringToObject(args, "kind", argv[0]);
	return vw_client_follow(o, args);
}

int
ctl_daemon_main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*fn)(const struct vw_client_opts *, int, char **);
	} subs[] = {
		{ "status", vw_cmd_status }, { "ping", vw_cmd_ping },
		{ "routes", vw_cmd_routes }, { "neighbors", vw_cmd_neighbors },
		{ "interfaces", vw_cmd_interfaces },
		{ "addresses", vw_cmd_addresses }, { "lookup", vw_cmd_lookup },
		{ "follow", vw_cmd_follow }, { "events", vw_cmd_events },
		{ "targets", vw_cmd_targets }, { "metrics", vw_cmd_metrics },
		{ "record", vw_cmd_record }, { "report", vw_cmd_report },
	};
	struct vw_client_opts o;
	char **rest, *end;
	int i, n = 0, r;
	size_t k;

	memset(&o, 0, sizeof(o));
	o.sock = vw_default_socket();
	o.timeout_ms = 10000;
	if ((rest = calloc((size_t)argc + 1, sizeof(*rest))) == NULL)
		return CTL_EXIT_FAIL;
	for (i = 1; i < argc; i++) {
		if ((strcmp(argv[i], "-s") == 0 ||
		    strcmp(argv[i], "--socket") == 0) && i + 1 < argc)
			o.sock = argv[++i];
		else if (strcmp(argv[i], "-j") == 0 ||
		    strcmp(argv[i], "--json") == 0)
			o.json = 1;
		else if (strcmp(argv[i], "--timeout") == 0 && i + 1 < argc) {
			o.timeout_ms = (int)strtol(argv[++i], &end, 10);
			if (*end != '\0' || o.timeout_ms <= 0) {
				free(rest);
				return ctl_usage_err("--timeout: not a number of "
				    "milliseconds", argv[i]);
			}
		} else
			rest[n++] = argv[i];
	}
	for (k = 0; k < sizeof(subs) / sizeof(subs[0]); k++)
		if (strcmp(argv[0], subs[k].name) == 0)
			break;
	if (k < sizeof(subs) / sizeof(subs[0]))
		r = subs[k].fn(&o, n, rest);
	else
		r = ctl_usage_err("unknown subcommand", argv[0]);
	free(rest);
	return r;
}
