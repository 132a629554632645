/* SPDX-License-Identifier: ISC */
/*
 * vw_clock.c - sleep and wall-clock step detection from clock samples.
 */
#include "vw_clock.h"

int
vw_clock_observe(struct vw_clockwatch *c, int64_t wall_us, int64_t mono_us,
    int64_t sleep_us, int64_t *slept_us, int64_t *step_us)
{
	int64_t dwall, dmono, dsleep, step;
	int what = 0;

	*slept_us = 0;
	*step_us = 0;
	if (!c->init) {
		c->init = 1;
		c->wall = wall_us;
		c->mono = mono_us;
		c->sleep = sleep_us;
		return 0;
	}
	dwall = wall_us - c->wall;
	dmono = mono_us - c->mono;
	if (sleep_us >= 0 && c->sleep >= 0) {
		/* A short nap is not reported, but it is not a step either. */
		dsleep = sleep_us - c->sleep;
		if (dsleep >= VW_CLOCK_SLEEP_MIN) {
			what |= VW_CLOCK_SLEPT;
			*slept_us = dsleep;
		}
	} else {
		/* No sleep clock: a large forward jump is most likely sleep. */
		dsleep = 0;
		if (dwall - dmono >= VW_CLOCK_SLEEP_MIN) {
			what |= VW_CLOCK_SLEPT;
			*slept_us = dsleep = dwall - dmono;
		}
	}
	/* What the wall clock moved beyond the time that really passed. */
	step = dwall - dmono - dsleep;
	if (step >= VW_CLOCK_STEP_MIN || step <= -VW_CLOCK_STEP_MIN) {
		what |= VW_CLOCK_STEPPED;
		*step_us = step;
	}
	c->wall = wall_us;
	c->mono = mono_us;
	c->sleep = sleep_us;
	return what;
}
