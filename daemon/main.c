/* SPDX-License-Identifier: ISC */
/*
 * vmwatchd - mirror the kernel's routes, neighbours, links and addresses,
 * and answer questions about them on a Unix control socket.
 *
 * Runs in the foreground: launchd (and systemd) supervise it, and
 * launchd.plist(5) forbids daemon(3) and forking.
 */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "ksrc.h"
#include "vmwatchd.h"
#include "vw_error.h"
#include "vwlog.h"

#include "paths.h"
#include "record.h"
#include "replay.h"
#include "watch.h"

/*
 * The command line, kept for SIGHUP: a reload re-reads the -c file and
 * merges the --target options again, and the other options keep
 * overriding the file's values.
 */
struct vw_cmdline {
	const char	*cfg_path;	/* -c; NULL: the built-in default */
	const char	*sock_path;	/* -s, or NULL */
	int		 sock_mode;	/* --socket-mode; 0: not given */
	const char	*sock_group;	/* --socket-group, or NULL */
	const char	*json_path;	/* --log-json, or NULL */
	const char	*record;	/* --record FILE */
	const char	*replay;	/* --replay FILE */
	double		 speed;		/* --speed; 0: max */
	int		 rcvbuf;	/* --rcvbuf; -1: not given */
	int		 no_syslog;
	int		 verbose;
	const char	**targets;	/* --target ADDRESS[=NAME] */
	size_t		 ntargets;
};

struct vw_main {
	struct vw_daemon	 d;
	struct vw_cmdline	 cl;
	uv_signal_t		 sig_usr1;	/* reopen the JSON log */
};

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: vmwatchd [-nv] [-c file] [-s socket] [--target address[=name]]\n"
	    "                [--log-json file] [--rcvbuf bytes] [--no-syslog]\n"
	    "                [--socket-mode 0600|0660] [--socket-group group]\n"
	    "       vmwatchd --help | --version\n"
	    "\n"
	    "  -c, --config FILE    read the configuration from FILE (JSON; default:\n"
	    "                       the built-in copy of config/vmwatch.json)\n"
	    "  -n, --check          check the configuration, print it normalized\n"
	    "                       (with --target merged) and exit\n"
	    "      --target ADDRESS[=NAME]\n"
	    "                       watch ADDRESS too (repeatable)\n"
	    "  -s, --socket PATH    control socket (default %s)\n"
	    "      --socket-mode 0600|0660\n"
	    "                       its permissions (default: 0660 as root, else 0600)\n"
	    "      --socket-group GROUP\n"
	    "                       its group (members may use vmwatchctl)\n"
	    "      --log-json FILE  append one JSON object per event to FILE\n"
	    "      --rcvbuf BYTES   kernel socket receive buffer (testing overflow)\n"
	    "      --no-syslog      log to stderr only\n"
	    "      --record FILE    record kernel messages, probe results and\n"
	    "                       clocks to FILE (must not exist)\n"
	    "      --replay FILE    run from a recording instead of the kernel\n"
	    "      --speed N|max    replay pace (default max; 1 = as recorded)\n"
	    "  -v, --verbose        also log every kernel change on stderr\n"
	    "  -h, --help           this text\n"
	    "  -V, --version        print the version\n"
	    "\n"
	    "Options override the file.  SIGHUP re-reads the file; an invalid one is\n"
	    "logged and the running configuration kept.  SIGUSR1 reopens the\n"
	    "--log-json file (after log rotation; a moved file is noticed anyway).\n",
	    vw_default_socket());
}

/* The whole of a regular file, NUL-terminated, at most VW_CONFIG_MAX_TEXT. */
static int
read_file(const char *path, char **out, size_t *outlen, char *err,
    size_t errlen)
{
	struct stat st;
	char *buf = NULL;
	size_t len = 0;
	ssize_t n;
	int fd, r = 0;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		r = -errno;
		goto fail_open;
	}
	if (fstat(fd, &st) == -1) {
		r = -errno;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, errlen, "%s: not a regular file", path);
		r = VW_EINVAL;
		goto fail;
	}
	if (st.st_size > VW_CONFIG_MAX_TEXT) {
		snprintf(err, errlen, "%s: too large (%lld bytes; at most %d)",
		    path, (long long)st.st_size, VW_CONFIG_MAX_TEXT);
		r = VW_ERANGE;
		goto fail;
	}
	/* One byte more than allowed tells a file that grew meanwhile. */
	if ((buf = malloc(VW_CONFIG_MAX_TEXT + 2)) == NULL) {
		r = VW_ENOMEM;
		goto fail;
	}
	while (len <= VW_CONFIG_MAX_TEXT) {
		n = read(fd, buf + len, VW_CONFIG_MAX_TEXT + 1 - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			r = -errno;
			goto fail;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	if (len > VW_CONFIG_MAX_TEXT) {
		snprintf(err, errlen, "%s: too large (over %d bytes)", path,
		    VW_CONFIG_MAX_TEXT);
		r = VW_ERANGE;
		goto fail;
	}
	buf[len] = '\0';
	close(fd);
	*out = buf;
	*outlen = len;
	return 0;

fail:
	free(buf);
	close(fd);
fail_open:
	/* Here r is -errno (ENOMEM included): the system's words. */
	if (r != VW_EINVAL && r != VW_ERANGE)
		snprintf(err, errlen, "%s: %s", path, strerror(-r));
	return r;
}

/* The -c file (or the built-in default) with the --target options merged. */
static int
load_config(const struct vw_cmdline *cl, struct vw_config *cfg, char *err,
    size_t errlen)
{
	char *text = NULL;
	size_t len = 0, i;
	int r;

	if (cl->cfg_path == NULL)
		r = vw_config_parse(vw_default_config, vw_default_config_len,
		    "(built-in config)", cfg, err, errlen);
	else {
		if ((r = read_file(cl->cfg_path, &text, &len, err,
		    errlen)) < 0)
			return r;
		r = vw_config_parse(text, len, cl->cfg_path, cfg, err, errlen);
		free(text);
	}
	if (r < 0)
		return r;
	for (i = 0; i < cl->ntargets; i++)
		if ((r = vw_config_add_target(cfg, cl->targets[i], err,
		    errlen)) < 0) {
			vw_config_free(cfg);
			return r;
		}
	return 0;
}

static int
kernel_events_all(const struct vw_cmdline *cl, const struct vw_config *cfg)
{
	return cl->verbose > 0 || cfg->log.kernel_events == VW_KEVLOG_ALL;
}

/* A reload changed a key that only a restart applies: say so. */
static void
restart_note_cb(const char *pointer, int restart, void *arg)
{
	const struct vw_cmdline *cl = arg;

	if (!restart ||
	    (cl->sock_path != NULL && strcmp(pointer, "/socket") == 0) ||
	    (cl->sock_mode != 0 && strcmp(pointer, "/socket_mode") == 0) ||
	    (cl->sock_group != NULL && strcmp(pointer, "/socket_group") == 0) ||
	    (cl->json_path != NULL && strcmp(pointer, "/log/json") == 0) ||
	    (cl->rcvbuf >= 0 && strcmp(pointer, "/kernel/rcvbuf") == 0) ||
	    (cl->no_syslog && strncmp(pointer, "/log/s", 6) == 0))
		return;
	vw_log_info("%s: %s changed; it takes effect when vmwatchd restarts",
	    cl->cfg_path, pointer);
}

static void
shutdown_cb(uv_signal_t *s, int signum)
{
	struct vw_daemon *d = s->data;
	struct vw_event ev;

	vw_log_info("caught signal %d, shutting down", signum);
	vw_event_init(&ev, VW_EV_DAEMON_STOP);
	vw_daemon_emit(d, &ev, 0);
	uv_stop(d->loop);
}

/*
 * SIGHUP: re-read the -c file.  A valid one replaces the running config
 * (daemon.reload) and the mirror is resynchronised; an invalid one is
 * logged with its reason and changes nothing.
 */
static void
hup_cb(uv_signal_t *s, int signum)
{
	struct vw_main *m = s->data;
	struct vw_daemon *d = &m->d;
	const char *path = m->cl.cfg_path;
	struct vw_config *cfg;
	struct vw_event ev;
	char err[VW_CONFIG_ERRLEN];

	(void)signum;
	if (path == NULL) {
		vw_log_info("SIGHUP: no configuration file (-c); "
		    "resynchronising the mirror");
		goto resync;
	}
	if ((cfg = calloc(1, sizeof(*cfg))) == NULL) {
		vw_log_warnx("reload of %s failed: out of memory; keeping the "
		    "running config", path);
		return;
	}
	if (load_config(&m->cl, cfg, err, sizeof(err)) < 0) {
		vw_log_warnx("reload of %s failed: %s; keeping the running "
		    "config", path, err);
		free(cfg);
		return;
	}
	vw_config_diff(d->cfg, cfg, restart_note_cb, &m->cl);
	vw_config_free(d->cfg);
	free(d->cfg);
	d->cfg = cfg;
	d->log_kernel = kernel_events_all(&m->cl, cfg);
	vw_log_set_rate(cfg->log.rate_limit_per_min);
	vw_watch_reconfigure(d);
	vw_log_info("reloaded %s", path);
	vw_event_init(&ev, VW_EV_DAEMON_RELOAD);
	snprintf(ev.u.info.text, sizeof(ev.u.info.text), "%s", path);
	vw_daemon_emit(d, &ev, 0);
resync:
	if (d->ksrc != NULL)
		vw_ksrc_resync(d->ksrc, "SIGHUP");
}

/* SIGUSR1: reopen the JSON log (newsyslog/logrotate without copytruncate). */
static void
usr1_cb(uv_signal_t *s, int signum)
{
	(void)s;
	(void)signum;
	vw_log_info("SIGUSR1: reopening the JSON log");
	vw_log_reopen();
}

static void
close_walk_cb(uv_handle_t *h, void *arg)
{
	(void)arg;
	if (!uv_is_closing(h))
		uv_close(h, NULL);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "config",	required_argument, NULL, 'c' },
		{ "check",	no_argument,	   NULL, 'n' },
		{ "target",	required_argument, NULL, 't' },
		{ "socket",	required_argument, NULL, 's' },
		{ "log-json",	required_argument, NULL, 'j' },
		{ "rcvbuf",	required_argument, NULL, 'r' },
		{ "no-syslog",	no_argument,	   NULL, 'S' },
		{ "record",	required_argument, NULL, 'R' },
		{ "replay",	required_argument, NULL, 'P' },
		{ "speed",	required_argument, NULL, 'X' },
		{ "socket-mode", required_argument, NULL, 'M' },
		{ "socket-group", required_argument, NULL, 'G' },
		{ "verbose",	no_argument,	   NULL, 'v' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ "version",	no_argument,	   NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct vw_main m;
	struct vw_daemon *d = &m.d;
	struct vw_cmdline *cl = &m.cl;
	struct vw_ksrc_opts kopts;
	struct vw_config *rcfg = NULL;
	struct vw_ctl_opts copts;
	struct vw_event ev;
	struct group *gr;
	uv_loop_t loop;
	char err[VW_CONFIG_ERRLEN], *end, *sock_copy = NULL, *json_copy = NULL;
	long v;
	int ch, check = 0, logdest = 0, r;
	int status = 2;

	memset(&m, 0, sizeof(m));
	cl->rcvbuf = -1;
	/* At most one --target per argument. */
	if ((cl->targets = calloc((size_t)argc, sizeof(*cl->targets))) == NULL) {
		fprintf(stderr, "vmwatchd: out of memory\n");
		return 1;
	}
	while ((ch = getopt_long(argc, argv, "c:ns:vhV", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'c':
			cl->cfg_path = optarg;
			break;
		case 'n':
			check = 1;
			break;
		case 't':
			cl->targets[cl->ntargets++] = optarg;
			break;
		case 's':
			cl->sock_path = optarg;
			break;
		case 'j':
			cl->json_path = optarg;
			break;
		case 'r':
			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || end == optarg ||
			    v < 0 || v > 0x7fffffff) {
				fprintf(stderr, "vmwatchd: --rcvbuf: not a byte "
				    "count: %s\n", optarg);
				goto fail_args;
			}
			cl->rcvbuf = (int)v;
			break;
		case 'R':
			cl->record = optarg;
			break;
		case 'P':
			cl->replay = optarg;
			break;
		case 'X':
			errno = 0;
			if (strcmp(optarg, "max") == 0)
				cl->speed = 0;
			else if ((cl->speed = strtod(optarg, &end)) <= 0 ||
			    *end != '\0' || errno != 0 || cl->speed > 1e6) {
				fprintf(stderr, "vmwatchd: --speed: expected a "
				    "factor such as 1 or 10, or max, got %s\n",
				    optarg);
				goto fail_args;
			}
			break;
		case 'S':
			cl->no_syslog = 1;
			break;
		case 'M':
			/* The values of the socket_mode key, nothing else. */
			if (strcmp(optarg, "0600") == 0)
				cl->sock_mode = 0600;
			else if (strcmp(optarg, "0660") == 0)
				cl->sock_mode = 0660;
			else {
				fprintf(stderr, "vmwatchd: --socket-mode: "
				    "expected 0600 or 0660, got %s\n", optarg);
				goto fail_args;
			}
			break;
		case 'G':
			cl->sock_group = optarg;
			break;
		case 'v':
			cl->verbose++;
			break;
		case 'h':
			usage(stdout);
			status = 0;
			goto fail_args;
		case 'V':
			printf("vmwatchd %s\n", VW_VERSION);
			status = 0;
			goto fail_args;
		default:
			usage(stderr);
			goto fail_args;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "vmwatchd: unexpected argument: %s\n", argv[optind]);
		usage(stderr);
		goto fail_args;
	}

	/* Configuration: the file (or built-in default), then the options. */
	if ((d->cfg = calloc(1, sizeof(*d->cfg))) == NULL) {
		fprintf(stderr, "vmwatchd: out of memory\n");
		status = 1;
		goto fail_args;
	}
	if ((r = load_config(cl, d->cfg, err, sizeof(err))) < 0) {
		fprintf(stderr, "vmwatchd: %s\n", err);
		status = r == VW_ENOMEM ? 1 : 2;
		goto fail_cfg;
	}
	if (check) {
		status = vw_config_print(d->cfg, stdout) < 0 ? 1 : 0;
		goto fail_cfg;
	}
	status = 1;
	if (cl->sock_path != NULL)
		d->sock_path = cl->sock_path;
	else if (d->cfg->socket != NULL) {
		/* Copies: a reload frees the config they came from. */
		if ((d->sock_path = sock_copy = strdup(d->cfg->socket)) ==
		    NULL) {
			fprintf(stderr, "vmwatchd: out of memory\n");
			goto fail_paths;
		}
	} else
		d->sock_path = vw_default_socket();
	if (cl->json_path != NULL)
		d->json_path = cl->json_path;
	else if (d->cfg->log.json != NULL &&
	    (d->json_path = json_copy = strdup(d->cfg->log.json)) == NULL) {
		fprintf(stderr, "vmwatchd: out of memory\n");
		goto fail_paths;
	}
	if (cl->record != NULL && cl->replay != NULL) {
		fprintf(stderr, "vmwatchd: --record and --replay exclude each "
		    "other\n");
		goto fail_cfg;
	}
	memset(&kopts, 0, sizeof(kopts));
	kopts.raw_cb = vw_record_kraw;
	kopts.raw_arg = d;
	kopts.rcvbuf = cl->rcvbuf >= 0 ? cl->rcvbuf : d->cfg->kernel.rcvbuf;
	kopts.resync_ms = (int)d->cfg->kernel.resync_interval_ms;
	if (cl->no_syslog)
		logdest = VW_LOG_STDERR;
	else
		logdest = (d->cfg->log.to_stderr ? VW_LOG_STDERR : 0) |
		    (d->cfg->log.to_syslog ? VW_LOG_SYSLOG : 0);
	memset(&copts, 0, sizeof(copts));
	copts.path = d->sock_path;
	copts.mode = cl->sock_mode != 0 ? cl->sock_mode :
	    d->cfg->socket_mode != 0 ? d->cfg->socket_mode :
	    geteuid() == 0 ? 0660 : 0600;
	copts.group = (gid_t)-1;
	if (cl->sock_group != NULL || d->cfg->socket_group != NULL) {
		if ((gr = getgrnam(cl->sock_group != NULL ? cl->sock_group :
		    d->cfg->socket_group)) == NULL) {
			fprintf(stderr, "vmwatchd: %s: no such group: %s\n",
			    cl->sock_group != NULL ? "--socket-group" :
			    "socket_group", cl->sock_group != NULL ?
			    cl->sock_group : d->cfg->socket_group);
			goto fail_paths;
		}
		copts.group = gr->gr_gid;
	}
	copts.max_clients = 256;
	copts.max_queue = 4u << 20;
	d->log_kernel = kernel_events_all(cl, d->cfg);

	/* Only out of memory fails: a JSON file that cannot be opened yet
	   is retried while the daemon runs (vwlog.h). */
	if ((r = vw_log_open(logdest, cl->verbose, d->json_path)) < 0) {
		fprintf(stderr, "vmwatchd: %s\n", vw_strerror(r));
		goto fail_paths;
	}
	vw_log_set_rate(d->cfg->log.rate_limit_per_min);
	signal(SIGPIPE, SIG_IGN);
	if (uv_loop_init(&loop) != 0) {
		vw_log_warnx("cannot create the event loop");
		goto fail_loop;
	}
	d->loop = &loop;
	d->started_us = vw_now_us();
	vw_history_init(&d->hist, (size_t)d->cfg->history.size);
	if (cl->replay != NULL) {
		if ((r = vw_replay_open(cl->replay, cl->speed, &d->replay, err,
		    sizeof(err))) < 0) {
			vw_log_warnx("replay: %s", err);
			status = 2;
			goto fail_table;
		}
	}
	if ((d->table = vw_table_new(d->replay != NULL ?
	    vw_replay_os(d->replay) : vw_ksrc_os())) == NULL) {
		vw_log_warnx("out of memory");
		goto fail_table;
	}
	if (d->replay != NULL) {
		/* The recorded targets and discovery, our sockets and logs. */
		if ((r = vw_replay_preload(d->replay, d, &rcfg, err,
		    sizeof(err))) < 0) {
			vw_log_warnx("replay: %s", err);
			status = 2;
			goto fail_ksrc;
		}
		if (rcfg != NULL)
			vw_replay_adopt_config(d->cfg, rcfg);
		vw_history_resize(&d->hist, (size_t)d->cfg->history.size);
	} else {
		/* The flight recorder always runs; the file when asked. */
		if ((r = vw_recorder_new(d, &d->rec)) < 0) {
			vw_log_warnx("out of memory");
			goto fail_ksrc;
		}
		if (cl->record != NULL && (r = vw_recorder_start(d->rec,
		    cl->record, err, sizeof(err))) < 0) {
			vw_log_warnx("record: %s", err);
			goto fail_ksrc;
		}
		if ((r = vw_ksrc_open(&loop, d->table, &kopts,
		    vw_daemon_diff_cb, vw_daemon_resync_cb, d, &d->ksrc, err,
		    sizeof(err))) < 0) {
			vw_log_warnx("kernel: %s", err);
			goto fail_ksrc;
		}
	}
	if ((r = vw_ctl_open(&loop, &copts, vw_daemon_request,
	    vw_daemon_client_gone, d, &d->ctl, err, sizeof(err))) < 0) {
		vw_log_warnx("control socket: %s", err);
		goto fail_ctl;
	}
	if ((r = vw_watch_start(d)) < 0) {
		vw_log_warnx("watchdog: %s", vw_strerror(r));
		goto fail_watch;
	}
	if (d->cfg->metrics.listen.enabled) {
		const struct vw_config_listen *ml = &d->cfg->metrics.listen;
		const uint8_t *a = ml->ip.a;

		if ((r = vw_metrics_http_start(d, &ml->ip, ml->port,
		    &d->mhttp, err, sizeof(err))) < 0) {
			vw_log_warnx("%s", err);
			goto fail_http;
		}
		/* Metrics name the guests and their state: say when exposed. */
		if (!(ml->ip.family == VW_AF_INET ? a[0] == 127 :
		    (memcmp(a, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 15) == 0 &&
		    a[15] == 1)))
			vw_log_info("metrics.listen is not a loopback "
			    "address: anyone who can reach it can read "
			    "the targets' state");
	}
	uv_signal_init(&loop, &d->sig_term);
	uv_signal_init(&loop, &d->sig_int);
	uv_signal_init(&loop, &d->sig_hup);
	d->sig_term.data = d->sig_int.data = d;
	d->sig_hup.data = &m;
	uv_signal_start(&d->sig_term, shutdown_cb, SIGTERM);
	uv_signal_start(&d->sig_int, shutdown_cb, SIGINT);
	uv_signal_start(&d->sig_hup, hup_cb, SIGHUP);
	uv_signal_init(&loop, &m.sig_usr1);
	uv_signal_start(&m.sig_usr1, usr1_cb, SIGUSR1);
	/* From here the JSON log is written off the loop thread. */
	if ((r = vw_log_attach_loop(&loop)) < 0)
		vw_log_warnx("JSON log: %s; writing synchronously",
		    uv_strerror(r));

	/* A recording made mid-run continues its numbering. */
	if (d->replay != NULL && vw_replay_base_seq(d->replay) > 0)
		d->seq = vw_replay_base_seq(d->replay);
	else {
		vw_event_init(&ev, VW_EV_DAEMON_START);
		snprintf(ev.u.info.text, sizeof(ev.u.info.text), "%s",
		    VW_VERSION);
		vw_daemon_emit(d, &ev, 0);
	}
	if (d->replay != NULL)
		vw_replay_start(d->replay);
	vw_log_info("configuration: %s, %zu target%s",
	    cl->cfg_path != NULL ? cl->cfg_path : "built-in default",
	    d->cfg->ntargets, d->cfg->ntargets == 1 ? "" : "s");
	vw_log_info("ready: %zu routes, %zu neighbours, %zu links, %zu "
	    "addresses mirrored; listening on %s",
	    vw_table_count(d->table, VW_OBJ_ROUTE),
	    vw_table_count(d->table, VW_OBJ_NEIGH),
	    vw_table_count(d->table, VW_OBJ_LINK),
	    vw_table_count(d->table, VW_OBJ_ADDR), d->sock_path);
	vw_log_flush();

	uv_run(&loop, UV_RUN_DEFAULT);
	status = 0;
	/* Back to synchronous writes; the loop's last run below completes
	   a write in flight, vw_log_close() writes the rest. */
	vw_log_detach_loop();

	vw_metrics_http_stop(d->mhttp);
fail_http:
	vw_watch_stop(d);
fail_watch:
	vw_ctl_close(d->ctl);
fail_ctl:
	if (d->ksrc != NULL)
		vw_ksrc_close(d->ksrc);
fail_ksrc:
	vw_recorder_free(d->rec);
	vw_replay_free(d->replay);
	/* Close whatever is left (signals) and let the close callbacks run. */
	uv_walk(&loop, close_walk_cb, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	vw_table_free(d->table);
fail_table:
	vw_history_free(&d->hist);
	if (uv_loop_close(&loop) != 0)
		vw_log_warnx("event loop closed with live handles");
fail_loop:
	vw_log_flush();
	vw_log_close();
fail_paths:
	free(json_copy);
	free(sock_copy);
fail_cfg:
	vw_config_free(d->cfg);
	free(d->cfg);
fail_args:
	free(cl->targets);
	return status;
}
