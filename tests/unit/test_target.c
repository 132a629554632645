/* SPDX-License-Identifier: ISC */
/*
 * test_target.c - the target state machine: every transition, the
 * hysteresis on both edges, degraded by loss and by RTT and back, the
 * window statistics against numbers computed by hand, force_down, and the
 * window ring wrapping past VW_TWIN.
 */
#include <string.h>

#include "vw_target.h"
#include "vw_test.h"

/* Probes are 1 s apart; the n-th probe is sent at n seconds. */
static int64_t	clk;

static void
params(struct vw_tparams *p)
{
	memset(p, 0, sizeof(*p));
	p->interval_ms = 1000;
	p->timeout_ms = 500;
	p->down_after = 3;
	p->up_after = 2;
}

static int
good(struct vw_tsm *s, uint32_t rtt)
{
	struct vw_probe_res r;

	memset(&r, 0, sizeof(r));
	clk += 1000000;
	r.sent_us = clk;
	r.ok = 1;
	r.rtt_us = rtt;
	return vw_tsm_feed(s, &r);
}

static int
lost(struct vw_tsm *s, int err)
{
	struct vw_probe_res r;

	memset(&r, 0, sizeof(r));
	clk += 1000000;
	r.sent_us = clk;
	r.err = err;
	return vw_tsm_feed(s, &r);
}

static void
start_up(struct vw_tsm *s, const struct vw_tparams *p)
{
	clk = 0;
	vw_tsm_init(s, p);
	ASSERT_EQ(good(s, 1000), 0);
	ASSERT_EQ(good(s, 1000), VW_TS_UP);
}

VW_TEST(test_names)
{
	ASSERT_STR_EQ(vw_tstate_name(VW_TS_UNKNOWN), "unknown");
	ASSERT_STR_EQ(vw_tstate_name(VW_TS_UP), "up");
	ASSERT_STR_EQ(vw_tstate_name(VW_TS_DEGRADED), "degraded");
	ASSERT_STR_EQ(vw_tstate_name(VW_TS_DOWN), "down");
	ASSERT_STR_EQ(vw_tstate_name(42), "invalid");
}

VW_TEST(test_unknown_to_up)
{
	struct vw_tparams p;
	struct vw_tsm s;

	params(&p);
	clk = 0;
	vw_tsm_init(&s, &p);
	ASSERT_EQ(s.state, VW_TS_UNKNOWN);
	ASSERT_EQ(good(&s, 500), 0);
	ASSERT_EQ(s.state, VW_TS_UNKNOWN);
	ASSERT_EQ(s.ok_run, 1);
	ASSERT_EQ(good(&s, 500), VW_TS_UP);
	ASSERT_EQ(s.state, VW_TS_UP);
	ASSERT_EQ(s.since_us, 2000000);
	ASSERT_EQ(s.last_ok_us, 2000000);
	ASSERT_EQ(good(&s, 500), 0);
	ASSERT_EQ(s.since_us, 2000000);
}

VW_TEST(test_unknown_to_down)
{
	struct vw_tparams p;
	struct vw_tsm s;

	params(&p);
	clk = 0;
	vw_tsm_init(&s, &p);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(s.first_bad_us, 1000000);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(lost(&s, 0), VW_TS_DOWN);
	ASSERT_EQ(s.state, VW_TS_DOWN);
	ASSERT_EQ(s.down_us, 1000000);
	ASSERT_EQ(s.since_us, 3000000);
	ASSERT_EQ(s.last_ok_us, 0);
	/* More losses do not re-report. */
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(s.since_us, 3000000);
}

VW_TEST(test_up_down_up)
{
	struct vw_tparams p;
	struct vw_tsm s;

	params(&p);
	start_up(&s, &p);		/* probes 1, 2 */
	ASSERT_EQ(lost(&s, 0), 0);	/* 3: first lost after a good one */
	ASSERT_EQ(s.first_bad_us, 3000000);
	ASSERT_EQ(s.state, VW_TS_UP);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(lost(&s, 0), VW_TS_DOWN);	/* 5 */
	ASSERT_EQ(s.down_us, 3000000);
	ASSERT_EQ(s.since_us, 5000000);
	ASSERT_EQ(s.last_ok_us, 2000000);
	ASSERT_EQ(s.bad_run, 3);
	/* One answer is not enough to come back. */
	ASSERT_EQ(good(&s, 800), 0);	/* 6 */
	ASSERT_EQ(s.state, VW_TS_DOWN);
	ASSERT_EQ(s.first_bad_us, 0);
	ASSERT_EQ(lost(&s, 0), 0);	/* 7: resets the good run */
	ASSERT_EQ(s.first_bad_us, 7000000);
	ASSERT_EQ(good(&s, 800), 0);	/* 8 */
	ASSERT_EQ(good(&s, 800), VW_TS_UP);	/* 9 */
	ASSERT_EQ(s.since_us, 9000000);
	/* The outage began with the first lost probe (3). */
	ASSERT_EQ(s.down_us, 3000000);
}

VW_TEST(test_single_loss_is_not_down)
{
	struct vw_tparams p;
	struct vw_tsm s;
	int i;

	params(&p);
	start_up(&s, &p);
	for (i = 0; i < 10; i++) {
		ASSERT_EQ(lost(&s, 0), 0);
		ASSERT_EQ(good(&s, 1000), 0);
		ASSERT_EQ(s.state, VW_TS_UP);
	}
	/* down_after - 1 lost, then an answer: the run starts over. */
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(s.bad_run, 2);
	ASSERT_EQ(good(&s, 1000), 0);
	ASSERT_EQ(s.bad_run, 0);
	ASSERT_EQ(s.first_bad_us, 0);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(s.state, VW_TS_UP);
	ASSERT_EQ(lost(&s, 0), VW_TS_DOWN);
}

VW_TEST(test_degraded_by_loss)
{
	struct vw_tparams p;
	struct vw_tsm s;
	int i;

	params(&p);
	p.degraded_loss_pct = 20;
	start_up(&s, &p);		/* window: G G */
	ASSERT_EQ(good(&s, 1000), 0);
	ASSERT_EQ(good(&s, 1000), 0);	/* G G G G */
	/* A lost probe never decides degraded by itself: 1/5 = 20%. */
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(s.state, VW_TS_UP);
	/* The next answer does: 1/6 = 16.7% < 20%: still up. */
	ASSERT_EQ(good(&s, 1000), 0);
	ASSERT_EQ(lost(&s, 0), 0);	/* 2/7 */
	ASSERT_EQ(s.state, VW_TS_UP);
	ASSERT_EQ(good(&s, 1000), VW_TS_DEGRADED);	/* 2/8 = 25% */
	ASSERT_EQ(s.since_us, 8000000);
	/* Recovery needs loss < 10%; a full window with both losses is
	   2/20 = 10%, not below. */
	for (i = 0; i < 12; i++)
		ASSERT_EQ(good(&s, 1000), 0);	/* 2/20 = 10% */
	ASSERT_EQ(s.state, VW_TS_DEGRADED);
	ASSERT_EQ(s.wn, VW_TWIN);
	/* Window slides past the first loss (probe 5): 1/20 = 5%. */
	ASSERT_EQ(good(&s, 1000), 0);	/* drops probe 1 */
	ASSERT_EQ(good(&s, 1000), 0);	/* 2 */
	ASSERT_EQ(good(&s, 1000), 0);	/* 3 */
	ASSERT_EQ(good(&s, 1000), 0);	/* 4 */
	ASSERT_EQ(s.state, VW_TS_DEGRADED);
	ASSERT_EQ(good(&s, 1000), VW_TS_UP);	/* drops 5 */
	ASSERT_EQ(s.since_us, 25000000);
}

VW_TEST(test_degraded_hysteresis)
{
	struct vw_tparams p;
	struct vw_tsm s;
	int i;

	params(&p);
	p.degraded_loss_pct = 20;
	start_up(&s, &p);
	for (i = 0; i < 18; i++)
		ASSERT_EQ(good(&s, 1000), 0);
	ASSERT_EQ(s.wn, VW_TWIN);
	/* One loss in every other probe: 5%, 10%, 15% stay up ... */
	for (i = 1; i <= 3; i++) {
		ASSERT_EQ(lost(&s, 0), 0);
		ASSERT_EQ(good(&s, 1000), 0);
	}
	ASSERT_EQ(s.state, VW_TS_UP);
	/* ... 4/20 = 20% is degraded. */
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(good(&s, 1000), VW_TS_DEGRADED);
	/*
	 * The losses are now 1, 3, 5 and 7 probes old; each leaves the
	 * window at age 20.  15% and 10% stay degraded (up needs < 10%);
	 * 5% is up again, on the 17th answer.
	 */
	for (i = 1; i <= 17; i++)
		ASSERT_EQ(good(&s, 1000), i == 17 ? VW_TS_UP : 0);
}

VW_TEST(test_degraded_by_rtt)
{
	struct vw_tparams p;
	struct vw_tsm s;
	int i;

	params(&p);
	p.degraded_rtt_us = 10000;
	start_up(&s, &p);		/* 1000, 1000 */
	ASSERT_EQ(good(&s, 1000), 0);
	ASSERT_EQ(good(&s, 1000), 0);
	/* Four probes only: even a huge RTT waits for the fifth. */
	ASSERT_EQ(s.wn, 4);
	ASSERT_EQ(good(&s, 46000), VW_TS_DEGRADED);	/* avg 50000/5 = 10000 */
	/* Recovery: avg < 8000.  Sum now 50000 over 5. */
	ASSERT_EQ(good(&s, 1000), 0);	/* 51000/6 = 8500 */
	ASSERT_EQ(good(&s, 1000), VW_TS_UP);	/* 52000/7 = 7429 < 8000 */
	/* Around the threshold: 9000 average is neither. */
	params(&p);
	p.degraded_rtt_us = 10000;
	clk = 0;
	vw_tsm_init(&s, &p);
	ASSERT_EQ(good(&s, 9000), 0);
	ASSERT_EQ(good(&s, 9000), VW_TS_UP);
	for (i = 0; i < 30; i++)
		ASSERT_EQ(good(&s, 9000), 0);
	ASSERT_EQ(s.state, VW_TS_UP);
	/* 11000 replacing 9000: the average reaches 10000 at the 10th. */
	for (i = 1; i <= 30; i++)
		ASSERT_EQ(good(&s, 11000), i == 10 ? VW_TS_DEGRADED : 0);
	/* 9000 again: below the threshold but not below 80% of it. */
	for (i = 0; i < 30; i++)
		ASSERT_EQ(good(&s, 9000), 0);
	ASSERT_EQ(s.state, VW_TS_DEGRADED);
	/* 7000 replacing 9000: below 8000 from the 11th (10 gives 8000). */
	for (i = 1; i <= 11; i++)
		ASSERT_EQ(good(&s, 7000), i == 11 ? VW_TS_UP : 0);
}

VW_TEST(test_rtt_ignores_lost)
{
	struct vw_tparams p;
	struct vw_tsm s;

	/* Lost probes carry no RTT: only the answers are averaged (were
	   they zeros, 30000 / 5 = 6000 would not be degraded). */
	params(&p);
	p.degraded_rtt_us = 10000;
	clk = 0;
	vw_tsm_init(&s, &p);
	ASSERT_EQ(good(&s, 10000), 0);
	ASSERT_EQ(good(&s, 10000), VW_TS_UP);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(good(&s, 10000), VW_TS_DEGRADED);
}

VW_TEST(test_degraded_to_down_and_back)
{
	struct vw_tparams p;
	struct vw_tsm s;
	int i;

	params(&p);
	p.degraded_loss_pct = 20;
	start_up(&s, &p);
	for (i = 0; i < 3; i++)
		ASSERT_EQ(good(&s, 1000), 0);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(good(&s, 1000), VW_TS_DEGRADED);	/* 2/8 */
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(lost(&s, 0), VW_TS_DOWN);
	ASSERT_EQ(s.down_us, 9000000);
	ASSERT_EQ(good(&s, 1000), 0);
	ASSERT_EQ(good(&s, 1000), VW_TS_UP);
	/* The window now holds the proof only, not the outage's losses. */
	ASSERT_EQ(s.wn, 2);
	for (i = 0; i < 10; i++)
		ASSERT_EQ(good(&s, 1000), 0);
	ASSERT_EQ(s.state, VW_TS_UP);
}

/* An outage from "up" is reported as down, never degraded first. */
VW_TEST(test_outage_not_degraded_first)
{
	struct vw_tparams p;
	struct vw_tsm s;
	int i;

	params(&p);
	p.degraded_loss_pct = 5;
	p.down_after = 5;
	start_up(&s, &p);
	for (i = 0; i < 10; i++)
		ASSERT_EQ(good(&s, 1000), 0);
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(lost(&s, 0), 0);
		ASSERT_EQ(s.state, VW_TS_UP);
	}
	ASSERT_EQ(lost(&s, 0), VW_TS_DOWN);
}

VW_TEST(test_stats_by_hand)
{
	struct vw_tparams p;
	struct vw_tsm s;
	struct vw_tstats st;

	params(&p);
	clk = 0;
	vw_tsm_init(&s, &p);
	vw_tsm_stats(&s, &st);
	ASSERT_EQ(st.n, 0);
	ASSERT_EQ(st.rtt_min_us, 0);
	ASSERT_EQ(st.rtt_max_us, 0);
	ASSERT(st.loss_pct == 0);

	good(&s, 1000);
	good(&s, 2000);
	lost(&s, 101);	/* a failed send: EHOSTUNREACH-like, counts as error */
	good(&s, 3000);
	good(&s, 4000);
	lost(&s, 0);	/* a timeout: not an error */
	vw_tsm_stats(&s, &st);
	ASSERT_EQ(st.n, 6);
	ASSERT_EQ(st.lost, 2);
	/* 2/6 = 33.33...% */
	ASSERT(st.loss_pct > 33.3333 && st.loss_pct < 33.3334);
	ASSERT_EQ(st.rtt_min_us, 1000);
	ASSERT_EQ(st.rtt_max_us, 4000);
	ASSERT(st.rtt_avg_us == 2500.0);
	/* Population: deviations -1500 -500 500 1500 -> mean square
	   (2.25e6 + 0.25e6) * 2 / 4 = 1.25e6 -> 1118.0339887... */
	ASSERT(st.rtt_sd_us > 1118.0339 && st.rtt_sd_us < 1118.0340);
	ASSERT_EQ(st.sent, 6);
	ASSERT_EQ(st.received, 4);
	ASSERT_EQ(st.errors, 1);

	/* One answer: deviation 0. */
	vw_tsm_init(&s, &p);
	good(&s, 777);
	vw_tsm_stats(&s, &st);
	ASSERT_EQ(st.rtt_min_us, 777);
	ASSERT_EQ(st.rtt_max_us, 777);
	ASSERT(st.rtt_avg_us == 777.0);
	ASSERT(st.rtt_sd_us == 0.0);

	/* Only losses: no RTT at all. */
	vw_tsm_init(&s, &p);
	lost(&s, 0);
	lost(&s, 0);
	vw_tsm_stats(&s, &st);
	ASSERT_EQ(st.n, 2);
	ASSERT_EQ(st.lost, 2);
	ASSERT(st.loss_pct == 100.0);
	ASSERT_EQ(st.rtt_min_us, 0);
	ASSERT_EQ(st.rtt_max_us, 0);
	ASSERT(st.rtt_avg_us == 0 && st.rtt_sd_us == 0);
}

VW_TEST(test_window_wraps)
{
	struct vw_tparams p;
	struct vw_tsm s;
	struct vw_tstats st;
	uint32_t i;

	params(&p);
	p.down_after = 1000;
	clk = 0;
	vw_tsm_init(&s, &p);
	/* 3 lost, then 2 * VW_TWIN + 5 answers with RTT 1, 2, 3, ... */
	for (i = 0; i < 3; i++)
		lost(&s, 0);
	for (i = 1; i <= 2 * VW_TWIN + 5; i++)
		good(&s, i);
	vw_tsm_stats(&s, &st);
	ASSERT_EQ(st.n, VW_TWIN);
	ASSERT_EQ(st.lost, 0);
	/* The last VW_TWIN answers: 26 .. 45. */
	ASSERT_EQ(st.rtt_min_us, VW_TWIN + 6);
	ASSERT_EQ(st.rtt_max_us, 2 * VW_TWIN + 5);
	ASSERT(st.rtt_avg_us == (VW_TWIN + 6 + 2 * VW_TWIN + 5) / 2.0);
	ASSERT_EQ(st.sent, 3 + 2 * VW_TWIN + 5);
	ASSERT_EQ(st.received, 2 * VW_TWIN + 5);

	/* Losses wrap in too: the last 7 lost, the 13 before answered. */
	for (i = 0; i < 7; i++)
		lost(&s, 0);
	vw_tsm_stats(&s, &st);
	ASSERT_EQ(st.n, VW_TWIN);
	ASSERT_EQ(st.lost, 7);
	ASSERT(st.loss_pct == 35.0);
	ASSERT_EQ(st.rtt_min_us, 2 * VW_TWIN + 5 - 12);
	ASSERT_EQ(st.rtt_max_us, 2 * VW_TWIN + 5);
}

VW_TEST(test_force_down)
{
	struct vw_tparams p;
	struct vw_tsm s;

	params(&p);
	start_up(&s, &p);
	/* No lost probe yet: the outage starts now. */
	ASSERT_EQ(vw_tsm_force_down(&s, 2500000), VW_TS_DOWN);
	ASSERT_EQ(s.state, VW_TS_DOWN);
	ASSERT_EQ(s.down_us, 2500000);
	ASSERT_EQ(s.since_us, 2500000);
	ASSERT_EQ(vw_tsm_force_down(&s, 2600000), 0);
	ASSERT_EQ(s.since_us, 2500000);
	/* Back up needs up_after fresh answers. */
	ASSERT_EQ(good(&s, 1000), 0);
	ASSERT_EQ(good(&s, 1000), VW_TS_UP);

	/* After a lost probe: the outage starts at that probe. */
	ASSERT_EQ(lost(&s, 0), 0);	/* at 5 s */
	ASSERT_EQ(vw_tsm_force_down(&s, 5100000), VW_TS_DOWN);
	ASSERT_EQ(s.down_us, 5000000);
	ASSERT_EQ(s.since_us, 5100000);
	/* Losses while down change nothing. */
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(lost(&s, 0), 0);
	ASSERT_EQ(s.down_us, 5000000);
	ASSERT_EQ(s.since_us, 5100000);

	/* From unknown, and from degraded. */
	clk = 0;
	vw_tsm_init(&s, &p);
	ASSERT_EQ(vw_tsm_force_down(&s, 42), VW_TS_DOWN);
	ASSERT_EQ(s.down_us, 42);
	p.degraded_rtt_us = 100;
	start_up(&s, &p);
	good(&s, 1000);
	good(&s, 1000);
	ASSERT_EQ(good(&s, 1000), VW_TS_DEGRADED);
	ASSERT_EQ(vw_tsm_force_down(&s, 9000000), VW_TS_DOWN);
}

VW_TEST(test_zero_thresholds)
{
	struct vw_tparams p;
	struct vw_tsm s;
	int i;

	/* up_after/down_after 0 behave as 1; degraded checks off. */
	memset(&p, 0, sizeof(p));
	clk = 0;
	vw_tsm_init(&s, &p);
	ASSERT_EQ(good(&s, 1000000), VW_TS_UP);
	for (i = 0; i < 30; i++)
		ASSERT_EQ(good(&s, 1000000), 0);
	ASSERT_EQ(lost(&s, 0), VW_TS_DOWN);
	ASSERT_EQ(good(&s, 1), VW_TS_UP);
}

VW_TEST_MAIN(test_names, test_unknown_to_up, test_unknown_to_down,
    test_up_down_up, test_single_loss_is_not_down, test_degraded_by_loss,
    test_degraded_hysteresis, test_degraded_by_rtt, test_rtt_ignores_lost,
    test_degraded_to_down_and_back, test_outage_not_degraded_first,
    test_stats_by_hand, test_window_wraps, test_force_down,
    test_zero_thresholds)
