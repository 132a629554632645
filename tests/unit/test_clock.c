/* SPDX-License-Identifier: ISC */
/*
 * test_clock.c - sleep and wall-clock step detection (lib/vw_clock.c).
 */
#include "vw_clock.h"
#include "vw_test.h"

#define S	1000000LL

VW_TEST(test_steady_and_slew)
{
	struct vw_clockwatch c = { 0 };
	int64_t slept, step;

	ASSERT_EQ(vw_clock_observe(&c, 1000 * S, 50 * S, 0, &slept, &step), 0);
	/* One second passes on every clock. */
	ASSERT_EQ(vw_clock_observe(&c, 1001 * S, 51 * S, 0, &slept, &step), 0);
	/* NTP slews half a second: noise, not a step. */
	ASSERT_EQ(vw_clock_observe(&c, 1002 * S + S / 2, 52 * S, 0, &slept,
	    &step), 0);
}

VW_TEST(test_sleep_with_sleep_clock)
{
	struct vw_clockwatch c = { 0 };
	int64_t slept, step;

	vw_clock_observe(&c, 1000 * S, 50 * S, 3 * S, &slept, &step);
	/* 47 minutes asleep: wall +2821 s, mono +1 s, sleep clock +2820 s. */
	ASSERT_EQ(vw_clock_observe(&c, 3821 * S, 51 * S, 2823 * S, &slept,
	    &step), VW_CLOCK_SLEPT);
	ASSERT_EQ(slept, 2820 * S);
	ASSERT_EQ(step, 0);
	/* A 2 s DarkWake-style nap is below the threshold. */
	ASSERT_EQ(vw_clock_observe(&c, 3824 * S, 52 * S, 2825 * S, &slept,
	    &step), 0);
}

VW_TEST(test_steps_both_ways)
{
	struct vw_clockwatch c = { 0 };
	int64_t slept, step;

	vw_clock_observe(&c, 1000 * S, 50 * S, 0, &slept, &step);
	/* Wall clock set back an hour: a step, never sleep. */
	ASSERT_EQ(vw_clock_observe(&c, -2599 * S, 51 * S, 0, &slept, &step),
	    VW_CLOCK_STEPPED);
	ASSERT_EQ(step, -3600 * S);
	ASSERT_EQ(slept, 0);
	/* Set forward 10 s with a sleep clock that did not move: a step. */
	ASSERT_EQ(vw_clock_observe(&c, -2588 * S, 52 * S, 0, &slept, &step),
	    VW_CLOCK_STEPPED);
	ASSERT_EQ(step, 10 * S);
}

VW_TEST(test_sleep_and_step_together)
{
	struct vw_clockwatch c = { 0 };
	int64_t slept, step;

	vw_clock_observe(&c, 1000 * S, 50 * S, 0, &slept, &step);
	/* Slept 600 s and NTP then corrected the wall clock by -30 s. */
	ASSERT_EQ(vw_clock_observe(&c, 1571 * S, 51 * S, 600 * S, &slept,
	    &step), VW_CLOCK_SLEPT | VW_CLOCK_STEPPED);
	ASSERT_EQ(slept, 600 * S);
	ASSERT_EQ(step, -30 * S);
}

VW_TEST(test_no_sleep_clock)
{
	struct vw_clockwatch c = { 0 };
	int64_t slept, step;

	/* FreeBSD: no sleep clock; a big forward jump is taken as sleep. */
	vw_clock_observe(&c, 1000 * S, 50 * S, -1, &slept, &step);
	ASSERT_EQ(vw_clock_observe(&c, 1601 * S, 51 * S, -1, &slept, &step),
	    VW_CLOCK_SLEPT);
	ASSERT_EQ(slept, 600 * S);
	/* A backwards jump stays a step. */
	ASSERT_EQ(vw_clock_observe(&c, 1500 * S, 52 * S, -1, &slept, &step),
	    VW_CLOCK_STEPPED);
	ASSERT_EQ(step, -102 * S);
}

VW_TEST_MAIN(test_steady_and_slew, test_sleep_with_sleep_clock,
    test_steps_both_ways, test_sleep_and_step_together, test_no_sleep_clock)
