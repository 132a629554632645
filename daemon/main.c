/* SPDX-License-Identifier: ISC */
/*
 * vmwatchd - mirror the kernel's routes, neighbours, links and addresses,
 * and answer questions about them on a Unix control socket.
 *
 * Runs in the foreground: launchd (and systemd) supervise it, and
 * launchd.plist(5) forbids daemon(3) and forking.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ksrc.h"
#include "vmwatchd.h"
#include "vw_error.h"
#include "vwlog.h"

#include "paths.h"

static void
usage(FILE *fp)
{
	fprintf(fp,
	    "usage: vmwatchd [-v] [-s socket] [--log-json file] [--rcvbuf bytes]\n"
	    "       vmwatchd --help | --version\n"
	    "\n"
	    "  -s, --socket PATH    control socket (default %s)\n"
	    "      --log-json FILE  append one JSON object per event to FILE\n"
	    "      --rcvbuf BYTES   kernel socket receive buffer (testing overflow)\n"
	    "      --no-syslog      log to stderr only\n"
	    "  -v, --verbose        also log every kernel change on stderr\n"
	    "  -h, --help           this text\n"
	    "  -V, --version        print the version\n",
	    vw_default_socket());
}

static void
shutdown_cb(uv_signal_t *s, int signum)
{
	struct vw_daemon *d = s->data;
	struct vw_event ev;

	vw_log_info("caught signal %d, shutting down", signum);
	vw_event_init(&ev, VW_EV_DAEMON_STOP);
	vw_daemon_emit(d, &ev);
	uv_stop(d->loop);
}

static void
hup_cb(uv_signal_t *s, int signum)
{
	struct vw_daemon *d = s->data;

	(void)signum;
	/* No configuration file yet: a reload re-reads the kernel state. */
	vw_log_info("SIGHUP: resynchronising the mirror");
	if (d->ksrc != NULL)
		vw_ksrc_resync(d->ksrc, "SIGHUP");
}

static void
diff_cb(const struct vw_event *diff, void *arg)
{
	struct vw_daemon *d = arg;
	struct vw_event ev = *diff;

	vw_daemon_emit(d, &ev);
}

static void
resync_cb(int repaired, const char *why, void *arg)
{
	struct vw_daemon *d = arg;
	struct vw_event ev;

	d->nresync++;
	d->nrepaired += (uint64_t)repaired;
	vw_event_init(&ev, VW_EV_DAEMON_RESYNC);
	ev.u.info.count = (uint32_t)repaired;
	snprintf(ev.u.info.text, sizeof(ev.u.info.text), "%s", why);
	vw_log_info("resync (%s): %d difference%s repaired", why, repaired,
	    repaired == 1 ? "" : "s");
	vw_daemon_emit(d, &ev);
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
		{ "socket",	required_argument, NULL, 's' },
		{ "log-json",	required_argument, NULL, 'j' },
		{ "rcvbuf",	required_argument, NULL, 'r' },
		{ "no-syslog",	no_argument,	   NULL, 'S' },
		{ "verbose",	no_argument,	   NULL, 'v' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ "version",	no_argument,	   NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct vw_daemon d;
	struct vw_ksrc_opts kopts = { 0, 0 };
	struct vw_ctl_opts copts;
	struct vw_event ev;
	uv_loop_t loop;
	char err[256], *end;
	int ch, verbose = 0, logdest = VW_LOG_STDERR | VW_LOG_SYSLOG, r;
	int status = 1;

	memset(&d, 0, sizeof(d));
	d.sock_path = vw_default_socket();
	while ((ch = getopt_long(argc, argv, "s:vhV", longopts, NULL)) != -1) {
		switch (ch) {
		case 's':
			d.sock_path = optarg;
			break;
		case 'j':
			d.json_path = optarg;
			break;
		case 'r':
			errno = 0;
			kopts.rcvbuf = (int)strtol(optarg, &end, 10);
			if (errno != 0 || *end != '\0' || kopts.rcvbuf < 0) {
				fprintf(stderr, "vmwatchd: --rcvbuf: not a byte "
				    "count: %s\n", optarg);
				return 2;
			}
			break;
		case 'S':
			logdest = VW_LOG_STDERR;
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("vmwatchd %s\n", VW_VERSION);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "vmwatchd: unexpected argument: %s\n", argv[optind]);
		usage(stderr);
		return 2;
	}
	d.log_kernel = verbose > 0;
	if ((r = vw_log_open(logdest, verbose, d.json_path)) < 0) {
		fprintf(stderr, "vmwatchd: %s: %s\n", d.json_path, vw_strerror(r));
		return 1;
	}
	signal(SIGPIPE, SIG_IGN);
	if (uv_loop_init(&loop) != 0) {
		vw_log_warnx("cannot create the event loop");
		goto fail_loop;
	}
	d.loop = &loop;
	d.started_us = vw_now_us();
	if ((d.table = vw_table_new(vw_ksrc_os())) == NULL) {
		vw_log_warnx("out of memory");
		goto fail_table;
	}
	if ((r = vw_ksrc_open(&loop, d.table, &kopts, diff_cb, resync_cb, &d,
	    &d.ksrc, err, sizeof(err))) < 0) {
		vw_log_warnx("kernel: %s", err);
		goto fail_ksrc;
	}
	memset(&copts, 0, sizeof(copts));
	copts.path = d.sock_path;
	copts.mode = geteuid() == 0 ? 0660 : 0600;
	copts.group = (gid_t)-1;
	copts.max_clients = 256;
	copts.max_queue = 4u << 20;
	if ((r = vw_ctl_open(&loop, &copts, vw_daemon_request,
	    vw_daemon_client_gone, &d, &d.ctl, err, sizeof(err))) < 0) {
		vw_log_warnx("control socket: %s", err);
		goto fail_ctl;
	}
	uv_signal_init(&loop, &d.sig_term);
	uv_signal_init(&loop, &d.sig_int);
	uv_signal_init(&loop, &d.sig_hup);
	d.sig_term.data = d.sig_int.data = d.sig_hup.data = &d;
	uv_signal_start(&d.sig_term, shutdown_cb, SIGTERM);
	uv_signal_start(&d.sig_int, shutdown_cb, SIGINT);
	uv_signal_start(&d.sig_hup, hup_cb, SIGHUP);

	vw_event_init(&ev, VW_EV_DAEMON_START);
	snprintf(ev.u.info.text, sizeof(ev.u.info.text), "%s", VW_VERSION);
	vw_daemon_emit(&d, &ev);
	vw_log_info("ready: %zu routes, %zu neighbours, %zu links, %zu "
	    "addresses mirrored; listening on %s",
	    vw_table_count(d.table, VW_OBJ_ROUTE),
	    vw_table_count(d.table, VW_OBJ_NEIGH),
	    vw_table_count(d.table, VW_OBJ_LINK),
	    vw_table_count(d.table, VW_OBJ_ADDR), d.sock_path);
	vw_log_flush();

	uv_run(&loop, UV_RUN_DEFAULT);
	status = 0;

	vw_ctl_close(d.ctl);
fail_ctl:
	vw_ksrc_close(d.ksrc);
fail_ksrc:
	/* Close whatever is left (signals) and let the close callbacks run. */
	uv_walk(&loop, close_walk_cb, NULL);
	uv_run(&loop, UV_RUN_DEFAULT);
	vw_table_free(d.table);
fail_table:
	if (uv_loop_close(&loop) != 0)
		vw_log_warnx("event loop closed with live handles");
fail_loop:
	vw_log_flush();
	vw_log_close();
	return status;
}
