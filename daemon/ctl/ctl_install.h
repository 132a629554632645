/* SPDX-License-Identifier: ISC */
/*
 * ctl_install.h - `vmwatchctl install` and `vmwatchctl uninstall`: put
 * vmwatchd under the system's service manager and take it away again.
 *
 *   macOS, default   LaunchAgent ~/Library/LaunchAgents/LABEL.plist,
 *                    launchctl bootstrap/bootout gui/UID
 *   macOS, --system  LaunchDaemon /Library/LaunchDaemons/LABEL.plist and
 *                    /etc/newsyslog.d/vmwatch.conf, launchctl ... system
 *   Linux, default   ~/.config/systemd/user/vmwatchd.service,
 *                    systemctl --user
 *   Linux, --system  /etc/systemd/system/vmwatchd.service, systemctl
 *
 * The file texts are the templates under launchd/ and systemd/, filled in
 * by CMake (cmake/vw_install.cmake) and compiled in.  Both commands first
 * make a plan (directories, files with their contents, commands, in
 * order); --dry-run prints the plan as a shell script, a real run carries
 * it out: files are written atomically (temporary file, then rename) and
 * commands run with posix_spawnp(), never through a shell.
 *
 * Ownership: no state survives a call; output goes to stdout, errors to
 * stderr (ctl_errx).
 */
#ifndef CTL_INSTALL_H
#define CTL_INSTALL_H

#include <stdio.h>

/* argv[0] is "install" or "uninstall" (ctl.h convention). */
int	ctl_install_main(int argc, char **argv);
void	ctl_install_usage(FILE *fp);
void	ctl_uninstall_usage(FILE *fp);

#endif /* CTL_INSTALL_H */
