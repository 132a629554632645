/* SPDX-License-Identifier: ISC */
/*
 * vw_target.h - one target's probe state machine with hysteresis, and its
 * RTT/loss statistics.
 *
 *   unknown --up_after good--> up --loss/RTT over thresholds--> degraded
 *   unknown/up/degraded --down_after lost in a row--> down
 *   degraded --window clean again--> up
 *   down --up_after good in a row--> up (reports the outage length)
 *
 * "Lost" is a probe that timed out or whose send failed.  The window for
 * loss % and RTT min/avg/max/stddev is the last VW_TWIN probes.  A verdict
 * can also be forced (vw_tsm_force_down) when a kernel change on the path
 * plus a failed re-probe already proves the outage: hysteresis protects
 * against a lost packet, not against a deleted route.
 *
 * Pure: all times are passed in (monotonic µs).  Ownership: plain values.
 */
#ifndef VW_TARGET_H
#define VW_TARGET_H

#include <stdint.h>

enum vw_tstate {
	VW_TS_UNKNOWN = 0,
	VW_TS_UP = 1,
	VW_TS_DEGRADED = 2,
	VW_TS_DOWN = 3
};
const char	*vw_tstate_name(int state);	/* "unknown", "up", ... */

#define VW_TWIN		20	/* probes in the statistics window */

struct vw_tparams {
	uint32_t	interval_ms;
	uint32_t	timeout_ms;
	uint32_t	down_after;	/* consecutive lost probes -> down */
	uint32_t	up_after;	/* consecutive good probes -> up */
	uint32_t	degraded_loss_pct;	/* window loss >= this -> degraded; 0 off */
	uint32_t	degraded_rtt_us;	/* window avg RTT >= this -> degraded; 0 off */
};

/* One probe's outcome. */
struct vw_probe_res {
	int64_t		sent_us;	/* monotonic send time */
	uint8_t		ok;		/* 1: answered */
	uint8_t		icmp_type;	/* an ICMP error came back instead; 0 none */
	uint8_t		icmp_code;
	uint8_t		_pad;
	uint32_t	rtt_us;		/* when ok */
	int		err;		/* !ok: positive errno of a failed send or
					   connect, 0 for a plain timeout */
};

struct vw_tstats {
	uint32_t	n;		/* probes in the window */
	uint32_t	lost;		/* of which lost */
	double		loss_pct;
	uint32_t	rtt_min_us, rtt_max_us;	/* 0 when no answer */
	double		rtt_avg_us, rtt_sd_us;
	uint64_t	sent, received;	/* lifetime */
	uint64_t	errors;		/* lifetime failed sends */
};

struct vw_tsm {
	struct vw_tparams p;
	int		state;		/* enum vw_tstate */
	int64_t		since_us;	/* monotonic time of the last transition */
	int64_t		down_us;	/* monotonic time of the first lost probe of the
					   current outage (set while down) */
	int64_t		last_ok_us;	/* monotonic send time of the last good probe; 0 */
	int64_t		first_bad_us;	/* first lost probe since the last good; 0 */
	uint32_t	ok_run, bad_run;
	uint32_t	wpos, wn;
	uint8_t		wok[VW_TWIN];
	uint32_t	wrtt[VW_TWIN];
	uint64_t	sent, received, errors;
	struct vw_probe_res last;
};

/* Zeroed machine in state unknown with these parameters. */
void	vw_tsm_init(struct vw_tsm *s, const struct vw_tparams *p);

/*
 * Feed one probe outcome.  Returns the new state when it changed
 * (VW_TS_UP / VW_TS_DEGRADED / VW_TS_DOWN), else 0.
 */
int	vw_tsm_feed(struct vw_tsm *s, const struct vw_probe_res *r);

/* Go down now (kernel evidence plus a failed probe).  Returns VW_TS_DOWN,
   or 0 when already down. */
int	vw_tsm_force_down(struct vw_tsm *s, int64_t now_us);

void	vw_tsm_stats(const struct vw_tsm *s, struct vw_tstats *out);

#endif /* VW_TARGET_H */
