/* SPDX-License-Identifier: ISC */
/*
 * vmwatchctl.c - the command-line client: a table of subcommands, global
 * --help / --version, and `vmwatchctl help [COMMAND]`.
 *
 * Exit codes (DESIGN.md): 0 ok, 1 runtime failure, 2 bad usage or bad
 * input, with one line on stderr naming what was wrong.  A subcommand may
 * be abbreviated to any unique prefix ("dec" for "decode"); its main gets
 * the full name in argv[0] (ctl.h), whatever was typed.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_client.h"
#include "ctl_decode.h"
#include "ctl_explain.h"
#include "ctl_install.h"

#ifndef VW_VERSION
#define VW_VERSION	"0.0.0"
#endif

struct ctl_cmd {
	const char	*name;
	int		(*main)(int argc, char **argv);
	const char	*synopsis;	/* after "vmwatchctl " */
	const char	*summary;
	void		(*usage)(FILE *fp);	/* NULL: synopsis + options */
};

static int	help_main(int argc, char **argv);

#define DAEMON_OPTS	"[-s SOCKET] [-j|--json] [--timeout MS]"

/* Offline tools first, then the daemon's commands (ctl_client.c). */
static const struct ctl_cmd cmds[] = {
	{ "decode", ctl_decode_main, "decode [--os OS] [--json] [--table] "
	  "[--all] [--now EPOCH] FILE|-",
	  "decode a routing-message capture or dump offline",
	  ctl_decode_usage },
	{ "explain", ctl_explain_main, "explain [--os OS] [--json] [FILE|-]",
	  "explain netstat -rn / arp / ip route text line by line",
	  ctl_explain_usage },
	{ "status", ctl_daemon_main, "status " DAEMON_OPTS,
	  "the daemon's state: mirror sizes, events, resyncs, clients", NULL },
	{ "ping", ctl_daemon_main, "ping " DAEMON_OPTS,
	  "check that the daemon answers", NULL },
	{ "routes", ctl_routes_main, "routes " DAEMON_OPTS
	  " [-4|-6] [--canon] [--explain] [PREFIX]",
	  "the daemon's mirror of the routing table", NULL },
	{ "neighbors", ctl_daemon_main, "neighbors " DAEMON_OPTS " [-4|-6]",
	  "the daemon's mirror of the ARP/NDP cache", NULL },
	{ "interfaces", ctl_daemon_main, "interfaces " DAEMON_OPTS,
	  "the daemon's interface list", NULL },
	{ "addresses", ctl_daemon_main, "addresses " DAEMON_OPTS " [-4|-6]",
	  "the daemon's interface addresses", NULL },
	{ "lookup", ctl_daemon_main, "lookup " DAEMON_OPTS
	  " ADDRESS [--ifscope IF]",
	  "which route the kernel uses for ADDRESS", NULL },
	{ "follow", ctl_daemon_main, "follow " DAEMON_OPTS " [KIND]",
	  "print every event as it happens (KIND: route, neigh, link. ...)",
	  NULL },
	{ "targets", ctl_daemon_main, "targets " DAEMON_OPTS,
	  "every target: state, RTT, loss, last cause", NULL },
	{ "events", ctl_daemon_main, "events " DAEMON_OPTS " [-f] "
	  "[--since DURATION] [--kind KIND] [--target ADDRESS|NAME] [-n N]",
	  "the remembered events; -f keeps following (tail -f with meaning)",
	  NULL },
	{ "install", ctl_install_main, "install [--system] [--dry-run] "
	  "[--os OS] [--prefix DIR] [--root DIR]",
	  "run vmwatchd as a launchd or systemd service", ctl_install_usage },
	{ "uninstall", ctl_install_main, "uninstall [--system] [--dry-run] "
	  "[--os OS] [--root DIR]",
	  "stop and remove that service", ctl_uninstall_usage },
	{ "metrics", ctl_daemon_main, "metrics " DAEMON_OPTS,
	  "the daemon's state in the Prometheus text format", NULL },
	{ "record", ctl_daemon_main, "record " DAEMON_OPTS
	  " start FILE | stop | window FILE",
	  "record to FILE, stop, or save the flight recorder's window",
	  NULL },
	{ "report", ctl_daemon_main, "report " DAEMON_OPTS
	  " [-o FILE|-] [--anonymize] | --extract-recording REPORT FILE",
	  "one JSON file for a bug report: state, tables, history, recording",
	  NULL },
	{ "help", help_main, "help [COMMAND]",
	  "show help for vmwatchctl or one command", NULL },
};

#define NCMDS	(sizeof(cmds) / sizeof(cmds[0]))

void
ctl_errx(const char *fmt, ...)
{
	va_list ap;

	/* Keep "everything before the error" ahead of the error line. */
	fflush(stdout);
	fputs(CTL_PROGNAME ": ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void
usage(FILE *fp)
{
	size_t i;

	fputs("usage: " CTL_PROGNAME " [--help] [--version] [-s SOCKET] "
	    "[-j|--json] [--timeout MS]\n                  COMMAND [ARGS...]\n"
	    "\ncommands:\n", fp);
	for (i = 0; i < NCMDS; i++)
		fprintf(fp, "  %-11s %s\n", cmds[i].name, cmds[i].summary);
	fputs("\nRun '" CTL_PROGNAME " help COMMAND' for a command's "
	    "options.\n", fp);
}

/*
 * The command named `s`, exact or a unique prefix; NULL (with *ambiguous
 * set) otherwise.
 */
static const struct ctl_cmd *
find_cmd(const char *s, int *ambiguous)
{
	const struct ctl_cmd *hit = NULL;
	size_t i, n = strlen(s);

	*ambiguous = 0;
	if (n == 0)
		return NULL;
	for (i = 0; i < NCMDS; i++) {
		if (strcmp(cmds[i].name, s) == 0)
			return &cmds[i];
		if (strncmp(cmds[i].name, s, n) == 0) {
			if (hit != NULL)
				*ambiguous = 1;
			hit = &cmds[i];
		}
	}
	return *ambiguous ? NULL : hit;
}

static void
cmd_usage(const struct ctl_cmd *c, FILE *fp)
{
	if (c->usage != NULL)
		c->usage(fp);
	else
		fprintf(fp, "usage: " CTL_PROGNAME " %s\n\n%s.\n",
		    c->synopsis, c->summary);
}

static int
help_main(int argc, char **argv)
{
	const struct ctl_cmd *c;
	int amb;

	if (argc < 2) {
		usage(stdout);
		return CTL_EXIT_OK;
	}
	if (argc > 2) {
		ctl_errx("help: too many arguments ('%s')", argv[2]);
		return CTL_EXIT_USAGE;
	}
	if ((c = find_cmd(argv[1], &amb)) == NULL) {
		ctl_errx("help: %s command '%s' (try '" CTL_PROGNAME
		    " help')", amb ? "ambiguous" : "unknown", argv[1]);
		return CTL_EXIT_USAGE;
	}
	cmd_usage(c, stdout);
	return CTL_EXIT_OK;
}

/*
 * Options that may come before the command ("vmwatchctl -s SOCK --json
 * routes"): they are moved after the command name, where the subcommand
 * parses them.  Returns how many argv slots they take (0 if argv[i] is
 * not one), -1 if its value is missing.
 */
static int
global_opt(int argc, char **argv, int i)
{
	static const struct {
		const char	*name;
		int		 has_arg;
	} opts[] = {
		{ "-s", 1 }, { "--socket", 1 }, { "--timeout", 1 },
		{ "-j", 0 }, { "--json", 0 },
	};
	size_t k;

	for (k = 0; k < sizeof(opts) / sizeof(opts[0]); k++) {
		if (strcmp(argv[i], opts[k].name) != 0)
			continue;
		if (opts[k].has_arg && i + 1 >= argc)
			return -1;
		return opts[k].has_arg ? 2 : 1;
	}
	return 0;
}

int
main(int argc, char **argv)
{
	const struct ctl_cmd *c;
	char **nargv;
	int amb, i = 1, k, n, rc;

	if (argc < 2) {
		ctl_errx("no command given (try '" CTL_PROGNAME " help')");
		return CTL_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		usage(stdout);
		return CTL_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("%s %s\n", CTL_PROGNAME, VW_VERSION);
		return CTL_EXIT_OK;
	}
	while (i < argc && argv[i][0] == '-') {
		if ((n = global_opt(argc, argv, i)) == 0) {
			ctl_errx("unknown option '%s' (try '" CTL_PROGNAME
			    " help')", argv[i]);
			return CTL_EXIT_USAGE;
		}
		if (n < 0) {
			ctl_errx("option %s needs a value", argv[i]);
			return CTL_EXIT_USAGE;
		}
		i += n;
	}
	if (i == argc) {
		ctl_errx("no command given (try '" CTL_PROGNAME " help')");
		return CTL_EXIT_USAGE;
	}
	if ((c = find_cmd(argv[i], &amb)) == NULL) {
		ctl_errx("%s command '%s' (try '" CTL_PROGNAME " help')",
		    amb ? "ambiguous" : "unknown", argv[i]);
		return CTL_EXIT_USAGE;
	}
	/*
	 * The subcommand gets [full name, leading options, the rest]; it
	 * dispatches on argv[0], so that is the full name whatever prefix
	 * was typed.
	 */
	if ((nargv = calloc((size_t)argc, sizeof(*nargv))) == NULL) {
		ctl_errx("out of memory");
		return CTL_EXIT_FAIL;
	}
	n = 0;
	nargv[n++] = (char *)(uintptr_t)c->name;
	for (k = 1; k < i; k++)
		nargv[n++] = argv[k];
	for (k = i + 1; k < argc; k++)
		nargv[n++] = argv[k];
	rc = c->main(n, nargv);
	free(nargv);
	return rc;
}
