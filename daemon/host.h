/* SPDX-License-Identifier: ISC */
/*
 * host.h - the two facts about the host the watchdog asks the OS for,
 * one implementation per OS in daemon/platform/host_<os>.c: the name of a
 * process (the pid a routing message carried) and a sample of the clocks
 * lib/vw_clock.h compares.  Thin by design: no logic here.
 *
 * Ownership: nothing kept.
 */
#ifndef HOST_H
#define HOST_H

#include <stddef.h>
#include <stdint.h>

/* The command name of pid into buf ("" when gone or unknown). */
void	vw_host_proc_name(int pid, char *buf, size_t len);

/*
 * wall: CLOCK_REALTIME; mono: a clock that stops during sleep; sleep: time
 * slept since boot, or -1 when the OS cannot tell (see lib/vw_clock.h).
 * All in microseconds.
 */
void	vw_host_clocks(int64_t *wall, int64_t *mono, int64_t *sleep);

#endif /* HOST_H */
