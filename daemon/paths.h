/* SPDX-License-Identifier: ISC */
/*
 * paths.h - default locations shared by vmwatchd and vmwatchctl.
 *
 * Root (LaunchDaemon / systemd service): /var/run/vmwatchd.sock.
 * A user (LaunchAgent, or a developer's shell): $XDG_RUNTIME_DIR if set,
 * else $TMPDIR, else /tmp, with the uid in the name so users never collide.
 * VMWATCH_SOCKET overrides both.
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
	if ((dir = getenv("XDG_RUNTIME_DIR")) == NULL || *dir == '\0')
		if ((dir = getenv("TMPDIR")) == NULL || *dir == '\0')
			dir = "/tmp";
	snprintf(buf, sizeof(buf), "%s/vmwatchd-%u.sock", dir,
	    (unsigned)geteuid());
	return buf;
}

#endif /* PATHS_H */
