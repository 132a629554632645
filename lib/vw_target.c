/* SPDX-License-Identifier: ISC */
/*
 * vw_target.c - one target's probe state machine (see vw_target.h).
 *
 * The rules, exactly:
 *  - down: down_after lost probes in a row, from unknown, up or degraded.
 *    down_us is the send time of the first of them (first_bad_us).
 *  - up: up_after answered probes in a row, from unknown or down.  On that
 *    transition the window is cut to the answered run that proved it, so
 *    the losses of the outage (or of the boot) do not turn the fresh "up"
 *    into "degraded" one probe later; lifetime counters keep everything.
 *  - degraded / back to up: decided on ANSWERED probes only.  A lost probe
 *    may be the first of an outage, which is known only down_after probes
 *    later; judging it at once would report degraded and then down for
 *    one outage.  The next answered probe proves the loss intermittent and
 *    carries the verdict, one interval later at most.  Needs >= 5 probes in
 *    the window.  degraded when loss% >= degraded_loss_pct (if set) or the
 *    average RTT of the answered probes >= degraded_rtt_us (if set); up
 *    again when loss% < half that and the average RTT < 80% of that
 *    (hysteresis: a window sitting on the threshold does not flap).
 *  - since_us is the send time of the probe that caused the transition.
 *
 * Integer comparisons throughout, so a verdict never depends on rounding.
 */
#include <string.h>

#include "vw_target.h"

#define VW__DEGRADED_MIN_N	5

const char *
vw_tstate_name(int state)
{
	switch (state) {
	case VW_TS_UNKNOWN:
		return "unknown";
	case VW_TS_UP:
		return "up";
	case VW_TS_DEGRADED:
		return "degraded";
	case VW_TS_DOWN:
		return "down";
	default:
		return "invalid";
	}
}

void
vw_tsm_init(struct vw_tsm *s, const struct vw_tparams *p)
{
	memset(s, 0, sizeof(*s));
	s->p = *p;
	s->state = VW_TS_UNKNOWN;
}

/* Window slot of the i-th newest probe (i = 0: the newest). */
static uint32_t
win_idx(const struct vw_tsm *s, uint32_t i)
{
	return (s->wpos + VW_TWIN - 1 - i) % VW_TWIN;
}

struct wsum {
	uint32_t	n, lost, nans;
	uint64_t	rtt_sum;
};

static void
win_sum(const struct vw_tsm *s, struct wsum *w)
{
	uint32_t i, k;

	memset(w, 0, sizeof(*w));
	w->n = s->wn;
	for (i = 0; i < s->wn; i++) {
		k = win_idx(s, i);
		if (s->wok[k]) {
			w->nans++;
			w->rtt_sum += s->wrtt[k];
		} else
			w->lost++;
	}
}

static int
is_degraded(const struct vw_tsm *s, const struct wsum *w)
{
	const struct vw_tparams *p = &s->p;

	if (w->n < VW__DEGRADED_MIN_N)
		return 0;
	if (p->degraded_loss_pct != 0 &&
	    (uint64_t)w->lost * 100 >= (uint64_t)p->degraded_loss_pct * w->n)
		return 1;
	if (p->degraded_rtt_us != 0 && w->nans > 0 &&
	    w->rtt_sum >= (uint64_t)p->degraded_rtt_us * w->nans)
		return 1;
	return 0;
}

static int
is_recovered(const struct vw_tsm *s, const struct wsum *w)
{
	const struct vw_tparams *p = &s->p;

	/* loss% < pct / 2  <=>  lost * 200 < pct * n */
	if (p->degraded_loss_pct != 0 &&
	    (uint64_t)w->lost * 200 >= (uint64_t)p->degraded_loss_pct * w->n)
		return 0;
	/* avg < 0.8 * rtt  <=>  sum * 10 < rtt * 8 * nans */
	if (p->degraded_rtt_us != 0 && w->nans > 0 &&
	    w->rtt_sum * 10 >= (uint64_t)p->degraded_rtt_us * 8 * w->nans)
		return 0;
	return 1;
}

static int
enter(struct vw_tsm *s, int state, int64_t at_us)
{
	s->state = state;
	s->since_us = at_us;
	return state;
}

int
vw_tsm_feed(struct vw_tsm *s, const struct vw_probe_res *r)
{
	uint32_t up_after = s->p.up_after ? s->p.up_after : 1;
	uint32_t down_after = s->p.down_after ? s->p.down_after : 1;
	struct wsum w;

	s->last = *r;
	s->sent++;
	s->wok[s->wpos] = r->ok ? 1 : 0;
	s->wrtt[s->wpos] = r->ok ? r->rtt_us : 0;
	s->wpos = (s->wpos + 1) % VW_TWIN;
	if (s->wn < VW_TWIN)
		s->wn++;
	if (r->ok) {
		s->received++;
		if (s->ok_run < UINT32_MAX)
			s->ok_run++;
		s->bad_run = 0;
		s->last_ok_us = r->sent_us;
		s->first_bad_us = 0;
	} else {
		if (r->err != 0)
			s->errors++;
		if (s->bad_run < UINT32_MAX)
			s->bad_run++;
		s->ok_run = 0;
		if (s->bad_run == 1)
			s->first_bad_us = r->sent_us;
	}

	if (!r->ok) {
		if (s->state != VW_TS_DOWN && s->bad_run >= down_after) {
			s->down_us = s->first_bad_us;
			return enter(s, VW_TS_DOWN, r->sent_us);
		}
		return 0;
	}

	switch (s->state) {
	case VW_TS_UNKNOWN:
	case VW_TS_DOWN:
		if (s->ok_run < up_after)
			return 0;
		/* Forget the losses that preceded the proof (see the top). */
		s->wn = s->ok_run < VW_TWIN ? s->ok_run : VW_TWIN;
		return enter(s, VW_TS_UP, r->sent_us);
	case VW_TS_UP:
		win_sum(s, &w);
		if (is_degraded(s, &w))
			return enter(s, VW_TS_DEGRADED, r->sent_us);
		return 0;
	case VW_TS_DEGRADED:
		win_sum(s, &w);
		if (is_recovered(s, &w))
			return enter(s, VW_TS_UP, r->sent_us);
		return 0;
	default:
		return 0;
	}
}

int
vw_tsm_force_down(struct vw_tsm *s, int64_t now_us)
{
	if (s->state == VW_TS_DOWN)
		return 0;
	s->down_us = s->first_bad_us != 0 ? s->first_bad_us : now_us;
	/* Coming back needs up_after fresh answers, not the old run. */
	s->ok_run = 0;
	return enter(s, VW_TS_DOWN, now_us);
}

/* Newton's iteration: libvmwatch does not link libm for one square root. */
static double
vw__sqrt(double x)
{
	double g, n;
	int i;

	if (!(x > 0))
		return 0;
	/* From above, the iteration decreases monotonically to the root. */
	g = x > 1 ? x : 1;
	for (i = 0; i < 200; i++) {
		n = 0.5 * (g + x / g);
		if (!(n < g))
			break;
		g = n;
	}
	return g;
}

void
vw_tsm_stats(const struct vw_tsm *s, struct vw_tstats *out)
{
	struct wsum w;
	uint32_t i, k, v;
	double avg, d, var = 0;

	memset(out, 0, sizeof(*out));
	win_sum(s, &w);
	out->n = w.n;
	out->lost = w.lost;
	out->loss_pct = w.n ? 100.0 * w.lost / w.n : 0;
	out->sent = s->sent;
	out->received = s->received;
	out->errors = s->errors;
	if (w.nans == 0)
		return;
	avg = (double)w.rtt_sum / w.nans;
	out->rtt_min_us = UINT32_MAX;
	for (i = 0; i < s->wn; i++) {
		k = win_idx(s, i);
		if (!s->wok[k])
			continue;
		v = s->wrtt[k];
		if (v < out->rtt_min_us)
			out->rtt_min_us = v;
		if (v > out->rtt_max_us)
			out->rtt_max_us = v;
		/* Two passes: sum of squares minus square of sums cancels. */
		d = v - avg;
		var += d * d;
	}
	out->rtt_avg_us = avg;
	out->rtt_sd_us = vw__sqrt(var / w.nans);
}
