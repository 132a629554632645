/* SPDX-License-Identifier: ISC */
/*
 * paths.h - default locations shared by vmwatchd and vmwatchctl.
 *
 * Root (LaunchDaemon / systemd service): /var/run/vmwatchd.sock.
 * A user on macOS: where `vmwatchctl install` puts the LaunchAgent's
 * socket, ~/Library/Application Support/vmwatch/vmwatchd.sock.
 * A user elsewhere (systemd --user, or a developer's shell):
 * $XDG_RUNTIME_DIR if set, else $TMPDIR, else /tmp, with the uid in the
 * name so users never collide.  VMWATCH_SOCKET overrides all of them.
 */
#ifndef PATHS_H
#define PATHS_H

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static inline const char *
vw_default_socket(void)
{
	static char buf[512];
	const char *dir;

	if ((dir = getenv("VMWATCH_SOCKET")) != NULL && *dir != '\0')
		return dir;
	if (geteuid() == 0)
		return "/var/run/vmwatchd.sock";
#ifdef __APPLE__
	if ((dir = getenv("HOME")) != NULL && *dir == '/') {
		snprintf(buf, sizeof(buf), "%s/Library/Application Support/"
		    "vmwatch/vmwatchd.sock", dir);
		return buf;
	}
#endif
	if ((dir = getenv("XDG_RUNTIME_DIR")) == NULL || *dir == '\0')
		if ((dir = getenv("TMPDIR")) == NULL || *dir == '\0')
			dir = "/tmp";
	snprintf(buf, sizeof(buf), "%s/vmwatchd-%u.sock", dir,
	    (unsigned)geteuid());
	return buf;
}

#endif /* PATHS_H */
