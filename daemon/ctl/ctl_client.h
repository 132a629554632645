/* SPDX-License-Identifier: ISC */
/*
 * ctl_client.h - vmwatchctl's side of the control socket: one blocking
 * request/reply exchange per command, and the subcommands built on it.
 *
 * Ownership: replies are cJSON trees the caller frees with cJSON_Delete.
 */
#ifndef CTL_CLIENT_H
#define CTL_CLIENT_H

#include <cjson/cJSON.h>

struct vw_client_opts {
	const char	*sock;		/* control socket path */
	int		 json;		/* print the raw reply */
	int		 timeout_ms;
};

/*
 * Connect, send {"cmd": cmd, "args": args} (args taken over), wait for the
 * reply with the same id.  Returns 0 and *reply, or exits-style codes:
 * 1 (runtime: daemon absent, I/O), with one line on stderr.
 */
int	vw_client_call(const struct vw_client_opts *o, const char *cmd,
	    cJSON *args, cJSON **reply);

/*
 * The entry point of every daemon subcommand (ctl.h convention: argv[0] is
 * the subcommand: status, ping, routes, neighbors, interfaces, addresses,
 * lookup, follow).  Takes -s/--socket PATH, -j/--json and --timeout MS anywhere in
 * its arguments, then runs the subcommand below.
 */
int	ctl_daemon_main(int argc, char **argv);

/* Subcommands: argc/argv are the subcommand's own arguments, options removed. */
int	vw_cmd_status(const struct vw_client_opts *o, int argc, char **argv);
int	vw_cmd_ping(const struct vw_client_opts *o, int argc, char **argv);
int	vw_cmd_routes(const struct vw_client_opts *o, int argc, char **argv);
int	vw_cmd_neighbors(const struct vw_client_opts *o, int argc, char **argv);
int	vw_cmd_interfaces(const struct vw_client_opts *o, int argc, char **argv);
int	vw_cmd_addresses(const struct vw_client_opts *o, int argc, char **argv);
int	vw_cmd_lookup(const struct vw_client_opts *o, int argc, char **argv);
int	vw_cmd_follow(const struct vw_client_opts *o, int argc, char **argv);
int	vw_cmd_metrics(const struct vw_client_opts *o, int argc, char **argv);

/* Run one command and print its reply (see ctl_client.c); args owned. */
int	vw_client_run(const struct vw_client_opts *o, const char *cmd,
	    cJSON *args);
/* `follow` with args (owned), printing events until the stream ends. */
int	vw_client_follow(const struct vw_client_opts *o, cJSON *args);
/* "vmwatchctl: MSG: ARG" on stderr; returns 2 (usage). */
int	ctl_usage_err(const char *msg, const char *arg);

/* ctl_watch.c: the watchdog's commands and the event printer. */
int	vw_cmd_events(const struct vw_client_opts *o, int argc, char **argv);
int	vw_cmd_targets(const struct vw_client_opts *o, int argc, char **argv);
/* One event: its JSON on one line (json), else a line for people. */
void	ctl_print_event(const cJSON *ev, int json);

#endif /* CTL_CLIENT_H */
