/* SPDX-License-Identifier: ISC */
/*
 * ctl.h - what vmwatchctl's subcommands share: exit codes (DESIGN.md
 * contract), the error line, and the subcommand entry point type.
 *
 * A subcommand is `int name_main(int argc, char **argv)` with argv[0] the
 * subcommand's own name; it prints its own errors (one line on stderr,
 * through ctl_errx) and returns one of the CTL_EXIT_* codes.
 *
 * Ownership: no state; ctl_errx writes to stderr only.
 */
#ifndef CTL_H
#define CTL_H

enum ctl_exit {
	CTL_EXIT_OK = 0,	/* success */
	CTL_EXIT_FAIL = 1,	/* runtime failure: I/O, memory, daemon */
	CTL_EXIT_USAGE = 2	/* bad usage or bad input */
};

#define CTL_PROGNAME	"vmwatchctl"

/* "vmwatchctl: <message>\n" on stderr (stdout is flushed first). */
void	ctl_errx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* CTL_H */
