/* SPDX-License-Identifier: ISC */
/*
 * vw_clock.h - notice that the host slept, or that the wall clock was
 * stepped, by comparing three clocks sampled together:
 *   wall   CLOCK_REALTIME (what logs print)
 *   mono   a clock that stops while the host sleeps (Linux
 *          CLOCK_MONOTONIC, macOS CLOCK_UPTIME_RAW)
 *   sleep  the time spent asleep so far (Linux CLOCK_BOOTTIME minus
 *          CLOCK_MONOTONIC; macOS CLOCK_MONOTONIC minus CLOCK_UPTIME_RAW);
 *          -1 where the OS has no such clock (then a forward wall jump
 *          larger than VW_CLOCK_SLEEP_MIN is taken as sleep).
 *
 * Pure: the caller samples the clocks (daemon/platform) or a recording
 * supplies them.  Ownership: plain values.
 */
#ifndef VW_CLOCK_H
#define VW_CLOCK_H

#include <stdint.h>

#define VW_CLOCK_SLEEP_MIN	(5 * 1000000LL)	/* shorter naps are noise (DarkWake) */
#define VW_CLOCK_STEP_MIN	(2 * 1000000LL)	/* smaller wall steps are NTP slew */

struct vw_clockwatch {
	int		init;
	int64_t		wall, mono, sleep;
};

enum vw_clock_what {
	VW_CLOCK_SLEPT = 0x1,	/* *slept_us holds how long */
	VW_CLOCK_STEPPED = 0x2	/* *step_us holds the wall clock step (+/-) */
};

/* Feed one sample; returns enum vw_clock_what bits (0: nothing). */
int	vw_clock_observe(struct vw_clockwatch *c, int64_t wall_us,
	    int64_t mono_us, int64_t sleep_us, int64_t *slept_us,
	    int64_t *step_us);

#endif /* VW_CLOCK_H */
