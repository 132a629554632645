/* SPDX-License-Identifier: ISC */
/*
 * watch.c - the watchdog.  Each target has a timer that starts one probe
 * per interval; each outcome feeds the target's state machine
 * (lib/vw_target.c).  A kernel change that touches a target's path makes
 * the target re-probe at once with a short timeout; if that probe fails
 * and the mirror shows a local cause, the target goes down right away
 * instead of after down_after intervals: hysteresis guards against a lost
 * packet, not against a deleted route.  At every down or degraded verdict
 * lib/vw_diag.c names the cause from the paths and the history window.
 *
 * Guests are also discovered: every usable neighbour on an interface
 * matching discovery.interfaces becomes a target, retired when it has
 * been gone for discovery.retire_after.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "host.h"
#include "probe.h"
#include "record.h"
#include "replay.h"
#include "vmwatchd.h"
#include "vw_clock.h"
#include "vw_diag.h"
#include "vw_error.h"
#include "vw_path.h"
#include "vw_target.h"
#include "vwlog.h"
#include "watch.h"
#include "fmt_json.h"
#include "fmt_target.h"

#define FAST_DELAY_MS	5	/* let a burst of kernel messages land first */
#define FAST_MIN_MS	50	/* shortest re-probe timeout */
/*
 * A failed re-probe with a local cause waits for the kernel to finish:
 * deleting a bridge sends link.down, route and address deletions at once
 * but RTM_DELLINK only after the RCU grace periods (tens of ms on Linux
 * 6.x), and the verdict must name the deletion, not the first symptom.
 * The verdict comes SETTLE_MS after the last change on the path, and at
 * most SETTLE_MAX_MS after the failed probe.
 */
#define SETTLE_MS	100
#define SETTLE_MAX_MS	1000
#define DIAG_WINDOW_MAX	64	/* history entries handed to the diagnosis */

struct vw_wtarget {
	struct vw_watch		*w;
	struct vw_wtarget	*next;
	struct vw_config_target	 cfg;		/* name owned */
	int			 discovered;
	int			 removed;	/* reconfigure: not in the new config */
	int64_t			 last_seen;	/* mono µs: answered or neighbour seen */
	struct vw_tsm		 sm;
	uv_timer_t		 timer;
	uint64_t		 probe_id;
	int			 in_flight;
	int			 fast;		/* the probe in flight is a re-probe */
	int			 want_fast;	/* the next tick is a re-probe */
	uint64_t		 fast_seq;	/* the change that asked for it */
	struct vw_path		 before;	/* at the last good probe */
	struct vw_path		 cur;		/* at the last outcome */
	int			 have_before;
	uint64_t		 before_gen;	/* d->kgen when `before` was computed */
	/* evidence since the last good probe */
	uint32_t		 nlost, nerr;
	struct vw_diag_errno	 errs[VW_DIAG_NERRNO];
	uint8_t			 icmp_type, icmp_code, l2_confirmed;
	int64_t			 last_good_wall, first_bad_wall;
	int64_t			 since_wall;	/* of the current state */
	struct vw_cause		 cause;		/* last verdict's */
	int			 have_cause;
	int64_t			 cause_wall;
	uint64_t		 downs[VW_CAUSE__MAX];
	uint64_t		 transitions;
	struct vw_watch_errno	 errtot[VW_WATCH_NERRNO];	/* lifetime, by errno */
	uv_timer_t		 settle;	/* a pending fast verdict */
	int			 settling;
	int64_t			 settle_start;	/* mono µs of the failed re-probe */
	int			 nclosed;	/* handles closed (2: free) */
};

struct vw_watch {
	struct vw_daemon	*d;
	struct vw_prober	*prober;
	struct vw_wtarget	*targets;
	uv_timer_t		 clock_timer;
	uv_timer_t		 retire_timer;
	struct vw_clockwatch	 clk;
	struct vw_watch_stats	 st;
	int			 privileged;
	int			 passive;	/* replay: outcomes come from the file */
	int			 nclosed;	/* of the two timers (2: free) */
	int			 nudge4, nudge6;	/* UDP sockets for neighbour probes */
	int64_t			 last_reread;	/* mono µs of the last verdict re-read */
};

static void	tick_cb(uv_timer_t *timer);
static void	settle_cb(uv_timer_t *timer);
static void	reprobe(struct vw_wtarget *t, uint64_t seq);

static const char *
probe_kind_name(int kind)
{
	switch (kind) {
	case VW_PROBE_TCP:
		return "tcp";
	case VW_PROBE_NEIGHBOR:
		return "neighbor";
	default:
		return "icmp";
	}
}

static void
target_params(const struct vw_config_target *c, struct vw_tparams *p)
{
	memset(p, 0, sizeof(*p));
	p->interval_ms = c->interval_ms;
	p->timeout_ms = c->timeout_ms;
	p->down_after = (uint32_t)c->down_after;
	p->up_after = (uint32_t)c->up_after;
	p->degraded_loss_pct = (uint32_t)c->degraded_loss_pct;
	p->degraded_rtt_us = c->degraded_rtt_ms * 1000u;
}

static struct vw_wtarget *
target_find(struct vw_watch *w, const struct vw_ip *addr)
{
	struct vw_wtarget *t;

	for (t = w->targets; t != NULL; t = t->next)
		if (vw_ip_cmp(&t->cfg.address, addr) == 0)
			return t;
	return NULL;
}

static void
evidence_reset(struct vw_wtarget *t)
{
	t->nlost = t->nerr = 0;
	memset(t->errs, 0, sizeof(t->errs));
	t->icmp_type = t->icmp_code = 0;
	t->l2_confirmed = 0;
	t->first_bad_wall = 0;
}

static void
errno_tally(struct vw_wtarget *t, int err)
{
	size_t i, least = 0;

	for (i = 0; i < VW_DIAG_NERRNO; i++) {
		if (t->errs[i].err == err || t->errs[i].err == 0) {
			t->errs[i].err = err;
			t->errs[i].count++;
			return;
		}
		if (t->errs[i].count < t->errs[least].count)
			least = i;
	}
	t->errs[least].err = err;
	t->errs[least].count = 1;
}

/* Lifetime send errors by errno; the rarest slot gives way when full. */
static void
errno_total(struct vw_wtarget *t, int err)
{
	size_t i, least = 0;

	for (i = 0; i < VW_WATCH_NERRNO; i++) {
		if (t->errtot[i].err == err || t->errtot[i].err == 0) {
			t->errtot[i].err = err;
			t->errtot[i].count++;
			return;
		}
		if (t->errtot[i].count < t->errtot[least].count)
			least = i;
	}
	t->errtot[least].err = err;
	t->errtot[least].count = 1;
}

/* ---- the verdict --------------------------------------------------- */

static int
hist_relevant(const struct vw_wtarget *t, const struct vw_hevent *he)
{
	const struct vw_event *ev = &he->ev;

	switch (ev->kind) {
	case VW_EV_DAEMON_RESYNC:
		/* Only a re-read that found lost messages says something. */
		return ev->u.info.count > 0;
	case VW_EV_HOST_WAKE:
	case VW_EV_LINK_ADD:
	case VW_EV_LINK_UP:
	case VW_EV_LINK_DELETE:
		return 1;
	default:
		break;
	}
	if (vw_kind_obj(ev->kind) == VW_OBJ_OTHER)
		return 0;
	return (t->have_before &&
	    vw_path_touched(&t->before, &t->cfg.address, ev)) ||
	    vw_path_touched(&t->cur, &t->cfg.address, ev);
}

/*
 * Run the diagnosis for t now.  On macOS the ARP table and routing table
 * are re-read first: xnu announces no ARP changes and drops routing
 * messages silently when the socket buffer is full (DESIGN.md), so the
 * mirror may be behind exactly when it matters.
 */
static void
diagnose(struct vw_wtarget *t)
{
	struct vw_watch *w = t->w;
	struct vw_daemon *d = w->d;
	const struct vw_hevent *win[DIAG_WINDOW_MAX], *he;
	struct vw_diag_in in;
	size_t i, n, nwin = 0, first;
	int64_t start;

	/*
	 * One re-read serves every verdict of a burst (a bridge deleted with
	 * 30 guests behind it): none again within 100 ms of the last.
	 */
	if (vw_table_os(d->table) == VW_OS_DARWIN) {
		if (d->replay != NULL)
			vw_replay_dump_now(d->replay);
		else if (d->ksrc != NULL && (w->last_reread == 0 ||
		    vw_mono_us() - w->last_reread >= 100000)) {
			w->last_reread = vw_mono_us();
			vw_ksrc_resync(d->ksrc, "lost probe");
		}
	}
	vw_path_compute(d->table, &t->cfg.address, &t->cur);
	/* From two intervals before the last good probe (or the start). */
	start = t->sm.last_ok_us > 0 ? t->sm.last_ok_us -
	    2 * (int64_t)t->cfg.interval_ms * 1000 : 0;
	n = vw_history_count(&d->hist);
	first = vw_history_find_mono(&d->hist, start);
	for (i = first; i < n; i++) {
		he = vw_history_at(&d->hist, i);
		if (!hist_relevant(t, he))
			continue;
		if (nwin == DIAG_WINDOW_MAX) {	/* keep the newest */
			memmove(win, win + 1, sizeof(win[0]) * (nwin - 1));
			nwin--;
		}
		win[nwin++] = he;
	}
	memset(&in, 0, sizeof(in));
	in.os = vw_table_os(d->table);
	in.target = t->cfg.address;
	in.name = t->cfg.name;
	in.before = t->have_before ? &t->before : NULL;
	in.now = &t->cur;
	in.table = d->table;
	in.hist = win;
	in.nhist = nwin;
	in.last_good_us = t->last_good_wall;
	in.first_bad_us = t->first_bad_wall;
	in.now_us = vw_now_us();
	in.nlost = t->nlost;
	in.nerr = t->nerr;
	memcpy(in.errs, t->errs, sizeof(in.errs));
	in.icmp_type = t->icmp_type;
	in.icmp_code = t->icmp_code;
	in.l2_confirmed = t->l2_confirmed;
	in.privileged = (uint8_t)w->privileged;
	in.probe_kind = t->cfg.probe.kind;
	vw_diagnose(&in, &t->cause);
	t->have_cause = 1;
	t->cause_wall = in.now_us;
}

/* Causes the host's own tables show: enough for a verdict without waiting. */
static int
local_cause(int code)
{
	switch (code) {
	case VW_CAUSE_ROUTE_HIJACKED:
	case VW_CAUSE_ROUTE_REMOVED:
	case VW_CAUSE_INTERFACE_DOWN:
	case VW_CAUSE_INTERFACE_GONE:
	case VW_CAUSE_ADDRESS_REMOVED:
	case VW_CAUSE_NEIGHBOR_CHANGED:
	case VW_CAUSE_HOST_SLEPT:
		return 1;
	default:
		return 0;
	}
}

static void
emit_transition(struct vw_wtarget *t, int prev, int state, int64_t outage_us)
{
	struct vw_daemon *d = t->w->d;
	struct vw_tstats st;
	struct vw_event ev;
	struct vw_hevent *he;
	int kind;

	kind = state == VW_TS_UP ? VW_EV_TARGET_UP :
	    state == VW_TS_DOWN ? VW_EV_TARGET_DOWN : VW_EV_TARGET_DEGRADED;
	vw_tsm_stats(&t->sm, &st);
	vw_event_init(&ev, kind);
	ev.u.target.addr = t->cfg.address;
	ev.u.target.name = t->cfg.name;
	ev.u.target.state = (uint8_t)state;
	ev.u.target.prev = (uint8_t)prev;
	ev.u.target.discovered = (uint8_t)t->discovered;
	ev.u.target.outage_us = outage_us;
	ev.u.target.stats = &st;
	if (kind != VW_EV_TARGET_UP && t->have_cause) {
		ev.u.target.cause = &t->cause;
		ev.u.target.before = t->have_before ? &t->before : NULL;
		ev.u.target.now = &t->cur;
		if (kind == VW_EV_TARGET_DOWN)
			t->downs[t->cause.code]++;
	} else if (kind == VW_EV_TARGET_UP && t->have_before)
		ev.u.target.now = &t->before;
	t->since_wall = vw_now_us();
	t->transitions++;
	he = vw_daemon_emit(d, &ev, 0);
	if (he != NULL && ev.u.target.cause != NULL)
		he->cause = (uint8_t)t->cause.code;
}

static void
outcome(struct vw_wtarget *t, const struct vw_probe_res *res, int fast)
{
	struct vw_daemon *d = t->w->d;
	int64_t now = vw_now_us(), down_at = t->sm.down_us;
	int prev = t->sm.state, tr;

	if (res->ok) {
		/* The path only changes with the table: most answers reuse it. */
		if (!t->have_before || t->before_gen != d->kgen) {
			vw_path_compute(d->table, &t->cfg.address, &t->before);
			t->before_gen = d->kgen;
		}
		t->cur = t->before;
		t->have_before = 1;
		t->last_good_wall = now;
		t->last_seen = vw_mono_us();
		evidence_reset(t);
	} else {
		if (t->first_bad_wall == 0)
			t->first_bad_wall = now;
		if (res->err != 0) {
			t->nerr++;
			errno_tally(t, res->err);
			errno_total(t, res->err);
		} else
			t->nlost++;
		if (res->icmp_type != 0) {
			t->icmp_type = res->icmp_type;
			t->icmp_code = res->icmp_code;
		}
		vw_path_compute(d->table, &t->cfg.address, &t->cur);
	}
	tr = vw_tsm_feed(&t->sm, res);
	if (!res->ok && tr == 0 && fast && t->sm.state != VW_TS_DOWN) {
		/* A change on the path and a failed re-probe: verdict soon? */
		diagnose(t);
		if (local_cause(t->cause.code) && !t->settling) {
			t->settling = 1;
			t->settle_start = res->sent_us;
			/* In a replay the recorded SETTLE record decides when. */
			if (!t->w->passive)
				uv_timer_start(&t->settle, settle_cb,
				    SETTLE_MS, 0);
		}
	} else if (tr == VW_TS_DOWN || tr == VW_TS_DEGRADED)
		diagnose(t);
	if (tr == 0)
		return;
	emit_transition(t, prev, tr, tr == VW_TS_UP && prev == VW_TS_DOWN &&
	    down_at > 0 ? res->sent_us - down_at : 0);
}

/* The kernel has been quiet on the path for SETTLE_MS: the verdict. */
static void
settle_verdict(struct vw_wtarget *t)
{
	int prev = t->sm.state;

	t->settling = 0;
	/* Answered meanwhile, or already judged by the hysteresis. */
	if (t->sm.state == VW_TS_DOWN || t->sm.last_ok_us > t->settle_start)
		return;
	diagnose(t);
	if (!local_cause(t->cause.code)) {
		reprobe(t, 0);	/* repaired already? look again */
		return;
	}
	if (vw_tsm_force_down(&t->sm, t->settle_start) != 0)
		emit_transition(t, prev, VW_TS_DOWN, 0);
}

static void
settle_cb(uv_timer_t *timer)
{
	struct vw_wtarget *t = timer->data;

	if (!t->settling)
		return;
	vw_record_settle(t->w->d->rec, &t->cfg.address);
	settle_verdict(t);
}

static void
probe_cb(const struct vw_probe_res *res, void *arg)
{
	struct vw_wtarget *t = arg;
	int fast = t->fast;

	t->in_flight = 0;
	t->fast = 0;
	vw_record_probe(t->w->d->rec, &t->cfg.address, t->cfg.probe.kind, res,
	    fast);
	outcome(t, res, fast);
}

/* ---- probing --------------------------------------------------------- */

/*
 * A neighbour probe reads the mirror, but an entry only stays fresh with
 * traffic: without it Linux leaves it STALE and macOS lets it expire.  So
 * each probe also sends one empty UDP datagram to the discard port, which
 * makes the kernel resolve (or re-verify) the address; the guest at most
 * answers with an ICMP port unreachable.  The next probe reads the result.
 */
static void
nudge(struct vw_watch *w, const struct vw_ip *a)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int *fd = a->family == VW_AF_INET6 ? &w->nudge6 : &w->nudge4;

	if (*fd <= 0) {
		/* fcntl, not SOCK_NONBLOCK: macOS's socket() lacks the flags. */
		if ((*fd = socket(a->family == VW_AF_INET6 ? AF_INET6 :
		    AF_INET, SOCK_DGRAM, 0)) < 0) {
			*fd = 0;
			return;
		}
		(void)fcntl(*fd, F_SETFL, fcntl(*fd, F_GETFL) | O_NONBLOCK);
		(void)fcntl(*fd, F_SETFD, FD_CLOEXEC);
	}
	memset(&ss, 0, sizeof(ss));
	if (a->family == VW_AF_INET6) {
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(9);
		memcpy(&s6->sin6_addr, a->a, 16);
		s6->sin6_scope_id = a->scope;
		len = sizeof(*s6);
	} else {
		s4->sin_family = AF_INET;
		s4->sin_port = htons(9);
		memcpy(&s4->sin_addr, a->a, 4);
		len = sizeof(*s4);
	}
	/* Errors (no route, unresolved) are the mirror's to report. */
	(void)sendto(*fd, "", 0, 0, (struct sockaddr *)&ss, len);
}

static void
start_probe(struct vw_wtarget *t, int fast)
{
	struct vw_watch *w = t->w;
	struct vw_probe_res res;
	struct vw_tstats st;
	uint32_t timeout = t->cfg.timeout_ms;

	if (t->in_flight) {
		if (!fast)
			return;
		/* A re-probe replaces a probe sent before the change. */
		vw_probe_cancel(w->prober, t->probe_id);
		t->in_flight = 0;
	}
	w->st.probes++;
	if (t->cfg.probe.kind == VW_PROBE_NEIGHBOR) {
		/* The mirror is the probe: is the neighbour entry usable? */
		memset(&res, 0, sizeof(res));
		res.sent_us = vw_mono_us();
		vw_path_compute(w->d->table, &t->cfg.address, &t->cur);
		res.ok = (uint8_t)vw_path_l2_ok(&t->cur);
		nudge(w, &t->cfg.address);
		vw_record_probe(w->d->rec, &t->cfg.address, t->cfg.probe.kind,
		    &res, fast);
		outcome(t, &res, fast);
		return;
	}
	if (fast) {
		/* A few round trips, not the full timeout: the change is news. */
		vw_tsm_stats(&t->sm, &st);
		if (st.rtt_max_us > 0 && st.rtt_max_us * 4 / 1000 + 1 > FAST_MIN_MS)
			timeout = st.rtt_max_us * 4 / 1000 + 1;
		else
			timeout = FAST_MIN_MS;
		if (timeout > t->cfg.timeout_ms)
			timeout = t->cfg.timeout_ms;
	}
	if (vw_probe_start(w->prober, &t->cfg.address, t->cfg.probe.kind,
	    t->cfg.probe.port, timeout, probe_cb, t, &t->probe_id) < 0)
		return;
	t->in_flight = 1;
	t->fast = fast;
}

static void
tick_cb(uv_timer_t *timer)
{
	struct vw_wtarget *t = timer->data;
	int fast = t->want_fast;

	t->want_fast = 0;
	start_probe(t, fast);
}

static void
reprobe(struct vw_wtarget *t, uint64_t seq)
{
	if (t->want_fast || t->w->passive)
		return;
	t->want_fast = 1;
	t->fast_seq = seq;
	t->w->st.reprobes++;
	uv_timer_start(&t->timer, tick_cb, FAST_DELAY_MS, t->cfg.interval_ms);
}

/* ---- targets --------------------------------------------------------- */

static struct vw_wtarget *
target_add(struct vw_watch *w, const struct vw_config_target *c,
    int discovered)
{
	struct vw_wtarget *t, **tp;
	struct vw_tparams p;
	uint64_t jitter;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->w = w;
	t->cfg = *c;
	t->cfg.name = NULL;
	if (c->name != NULL && (t->cfg.name = strdup(c->name)) == NULL) {
		free(t);
		return NULL;
	}
	t->discovered = discovered;
	t->last_seen = vw_mono_us();
	t->since_wall = vw_now_us();
	target_params(&t->cfg, &p);
	vw_tsm_init(&t->sm, &p);
	uv_timer_init(w->d->loop, &t->timer);
	uv_timer_init(w->d->loop, &t->settle);
	t->timer.data = t->settle.data = t;
	/* Spread the first probes so 100 targets do not fire together. */
	jitter = (uint64_t)(((uintptr_t)t >> 4) % (t->cfg.interval_ms / 4 + 1));
	if (!w->passive)
		uv_timer_start(&t->timer, tick_cb, jitter, t->cfg.interval_ms);
	for (tp = &w->targets; *tp != NULL; tp = &(*tp)->next)
		;
	*tp = t;
	vw_path_compute(w->d->table, &t->cfg.address, &t->cur);
	return t;
}

static void
target_free_cb(uv_handle_t *h)
{
	struct vw_wtarget *t = h->data;

	if (++t->nclosed < 2)
		return;
	free(t->cfg.name);
	free(t);
}

static void
target_remove(struct vw_watch *w, struct vw_wtarget *t)
{
	struct vw_wtarget **tp;

	for (tp = &w->targets; *tp != NULL; tp = &(*tp)->next)
		if (*tp == t) {
			*tp = t->next;
			break;
		}
	if (t->in_flight && w->prober != NULL)
		vw_probe_cancel(w->prober, t->probe_id);
	uv_close((uv_handle_t *)&t->timer, target_free_cb);
	uv_close((uv_handle_t *)&t->settle, target_free_cb);
}

/* ---- discovery ------------------------------------------------------- */

static int
disc_iface(struct vw_watch *w, uint32_t ifindex)
{
	const struct vw_config_discovery *dc = &w->d->cfg->discovery;
	const struct vw_link *l;
	size_t i;

	if (!dc->enabled ||
	    (l = vw_table_link(w->d->table, ifindex)) == NULL || !l->name[0])
		return 0;
	for (i = 0; i < dc->ninterfaces; i++)
		if (fnmatch(dc->interfaces[i], l->name, 0) == 0)
			return 1;
	return 0;
}

/* A neighbour that is a guest: resolved, unicast, not link-local IPv6. */
static int
guest_neigh(const struct vw_neigh *n)
{
	if (n->ll.len == 0 ||
	    (n->state & (VW_NUD_INCOMPLETE | VW_NUD_FAILED | VW_NUD_NOARP)))
		return 0;
	if (n->addr.family == VW_AF_INET6)
		return n->addr.a[0] != 0xfe && n->addr.a[0] != 0xff;
	if (n->addr.family == VW_AF_INET)
		return n->addr.a[0] < 224;
	return 0;
}

static void
discover(struct vw_watch *w, const struct vw_neigh *n)
{
	struct vw_config_target c;
	struct vw_wtarget *t;
	char a[VW_IP_STRLEN];
	const struct vw_link *l;

	if (!guest_neigh(n))
		return;
	if ((t = target_find(w, &n->addr)) != NULL) {
		t->last_seen = vw_mono_us();
		return;
	}
	if (!disc_iface(w, n->ifindex))
		return;
	if (vw_config_target_defaults(&c) < 0)
		return;
	c.address = n->addr;
	c.address.scope = 0;
	if (target_add(w, &c, 1) == NULL)
		return;
	w->st.discovered++;
	vw_ip_str(&n->addr, a, sizeof(a));
	l = vw_table_link(w->d->table, n->ifindex);
	vw_log_info("discovered guest %s on %s", a, l ? l->name : "?");
}

static void
discover_all(struct vw_watch *w)
{
	const struct vw_neigh **v;
	long n, i;

	if (!w->d->cfg->discovery.enabled)
		return;
	if ((n = vw_table_neighs(w->d->table, 0, &v)) < 0)
		return;
	for (i = 0; i < n; i++)
		discover(w, v[i]);
	free(v);
}

static void
retire_cb(uv_timer_t *timer)
{
	struct vw_watch *w = timer->data;
	struct vw_wtarget *t, *next;
	int64_t now = vw_mono_us(), limit;
	char a[VW_IP_STRLEN];

	limit = (int64_t)w->d->cfg->discovery.retire_after_ms * 1000;
	for (t = w->targets; t != NULL; t = next) {
		next = t->next;
		if (!t->discovered || now - t->last_seen < limit)
			continue;
		vw_ip_str(&t->cfg.address, a, sizeof(a));
		vw_log_info("retired guest %s: not seen for %lld s", a,
		    (long long)((now - t->last_seen) / 1000000));
		w->st.retired++;
		vw_record_retire(w->d->rec, &t->cfg.address);
		target_remove(w, t);
	}
}

/* ---- the clocks ------------------------------------------------------ */

static void
fmt_span(int64_t us, char *buf, size_t len)
{
	long long s = (long long)(us / 1000000);

	if (s >= 3600)
		snprintf(buf, len, "%lldh%02lldm", s / 3600, s / 60 % 60);
	else if (s >= 60)
		snprintf(buf, len, "%lldm%02llds", s / 60, s % 60);
	else
		snprintf(buf, len, "%llds", s);
}

static void
clock_sample(struct vw_watch *w, int64_t wall, int64_t mono, int64_t sleep)
{
	struct vw_wtarget *t;
	struct vw_event ev;
	int64_t slept, step;
	char span[32];
	int what;

	what = vw_clock_observe(&w->clk, wall, mono, sleep, &slept, &step);
	if (what & VW_CLOCK_STEPPED)
		vw_log_info("wall clock stepped by %+.1f s", step / 1e6);
	if (!(what & VW_CLOCK_SLEPT))
		return;
	w->st.wakes++;
	fmt_span(slept, span, sizeof(span));
	vw_event_init(&ev, VW_EV_HOST_WAKE);
	ev.u.info.count = (uint32_t)(slept / 1000000);
	snprintf(ev.u.info.text, sizeof(ev.u.info.text), "host slept %s",
	    span);
	vw_daemon_emit(w->d, &ev, 0);
	/* Everything may have changed while asleep: look again now. */
	if (w->d->ksrc != NULL && vw_table_os(w->d->table) != VW_OS_LINUX)
		vw_ksrc_resync(w->d->ksrc, "wake");
	for (t = w->targets; t != NULL; t = t->next)
		reprobe(t, ev.seq);
}

static void
clock_cb(uv_timer_t *timer)
{
	struct vw_watch *w = timer->data;
	int64_t wall, mono, sleep;

	vw_host_clocks(&wall, &mono, &sleep);
	vw_record_clock(w->d->rec, wall, mono, sleep);
	clock_sample(w, wall, mono, sleep);
}

/* ---- the contract ----------------------------------------------------- */

static void
add_configured(struct vw_watch *w)
{
	const struct vw_config *cfg = w->d->cfg;
	struct vw_wtarget *t;
	struct vw_tparams p;
	size_t i;

	for (t = w->targets; t != NULL; t = t->next)
		t->removed = !t->discovered;
	for (i = 0; i < cfg->ntargets; i++) {
		if ((t = target_find(w, &cfg->targets[i].address)) == NULL) {
			target_add(w, &cfg->targets[i], 0);
			continue;
		}
		/* Keep the state and history; take the new parameters. */
		t->removed = 0;
		t->discovered = 0;
		free(t->cfg.name);
		t->cfg = cfg->targets[i];
		t->cfg.name = cfg->targets[i].name != NULL ?
		    strdup(cfg->targets[i].name) : NULL;
		target_params(&t->cfg, &p);
		t->sm.p = p;
		if (!w->passive)
			uv_timer_start(&t->timer, tick_cb, 0,
			    t->cfg.interval_ms);
	}
}

int
vw_watch_start(struct vw_daemon *d)
{
	struct vw_watch *w;
	int r;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return VW_ENOMEM;
	w->d = d;
	w->passive = d->replay != NULL;
	/* A replay judges Local Network privacy as the recorder ran. */
	w->privileged = w->passive ? vw_replay_privileged(d->replay) :
	    geteuid() == 0;
	if (!w->passive && (r = vw_prober_new(d->loop, &w->prober)) < 0) {
		free(w);
		return r;
	}
	d->watch = w;
	uv_timer_init(d->loop, &w->clock_timer);
	w->clock_timer.data = w;
	uv_timer_init(d->loop, &w->retire_timer);
	w->retire_timer.data = w;
	if (!w->passive) {
		uv_timer_start(&w->clock_timer, clock_cb, 0, 1000);
		uv_timer_start(&w->retire_timer, retire_cb, 1000, 1000);
	}
	add_configured(w);
	discover_all(w);
	return 0;
}

void
vw_watch_reconfigure(struct vw_daemon *d)
{
	struct vw_watch *w = d->watch;
	struct vw_wtarget *t, *next;

	if (w == NULL)
		return;
	add_configured(w);
	for (t = w->targets; t != NULL; t = next) {
		next = t->next;
		/* A guest that is down has no current interface: use the
		   one it was last reached on. */
		if (t->removed || (t->discovered &&
		    (!d->cfg->discovery.enabled ||
		    !disc_iface(w, t->cur.ifindex != 0 ? t->cur.ifindex :
		    t->before.ifindex))))
			target_remove(w, t);
	}
	vw_history_resize(&d->hist, (size_t)d->cfg->history.size);
	discover_all(w);
}

/* libuv runs close callbacks in no promised order: free after both. */
static void
watch_free_cb(uv_handle_t *h)
{
	struct vw_watch *w = h->data;

	if (++w->nclosed == 2)
		free(w);
}

void
vw_watch_stop(struct vw_daemon *d)
{
	struct vw_watch *w = d->watch;

	if (w == NULL)
		return;
	while (w->targets != NULL)
		target_remove(w, w->targets);
	if (w->prober != NULL)
		vw_prober_close(w->prober);
	if (w->nudge4 > 0)
		close(w->nudge4);
	if (w->nudge6 > 0)
		close(w->nudge6);
	uv_close((uv_handle_t *)&w->clock_timer, watch_free_cb);
	uv_close((uv_handle_t *)&w->retire_timer, watch_free_cb);
	d->watch = NULL;
}

int
vw_watch_touches(struct vw_daemon *d, const struct vw_event *ev)
{
	struct vw_wtarget *t;

	if (d->watch == NULL)
		return 0;
	for (t = d->watch->targets; t != NULL; t = t->next)
		if ((t->have_before &&
		    vw_path_touched(&t->before, &t->cfg.address, ev)) ||
		    vw_path_touched(&t->cur, &t->cfg.address, ev))
			return 1;
	return 0;
}

void
vw_watch_kernel(struct vw_daemon *d, const struct vw_event *ev,
    struct vw_hevent *he)
{
	struct vw_watch *w = d->watch;
	struct vw_wtarget *t;
	int named = 0;

	if (w == NULL)
		return;
	if (ev->kind == VW_EV_NEIGH_ADD || ev->kind == VW_EV_NEIGH_CHANGE)
		discover(w, &ev->u.neigh);
	for (t = w->targets; t != NULL; t = t->next) {
		if (!(t->have_before &&
		    vw_path_touched(&t->before, &t->cfg.address, ev)) &&
		    !vw_path_touched(&t->cur, &t->cfg.address, ev))
			continue;
		/* Name the process while it may still exist (ip(8) exits). */
		if (!named && he != NULL && ev->origin.msg_pid > 0 &&
		    !w->passive) {
			/* A replay gets the name from the recording. */
			vw_host_proc_name(ev->origin.msg_pid, he->proc,
			    sizeof(he->proc));
			if (he->proc[0] != '\0')
				vw_record_proc(d->rec, ev->origin.msg_pid,
				    he->proc);
			named = 1;
		}
		/* The guest answered ARP/NDP after our probes went unanswered. */
		if (vw_kind_obj(ev->kind) == VW_OBJ_NEIGH &&
		    ev->kind != VW_EV_NEIGH_DELETE && t->first_bad_wall != 0 &&
		    ev->u.neigh.ll.len > 0 &&
		    (ev->u.neigh.state & VW_NUD_REACHABLE))
			t->l2_confirmed = 1;
		if (t->settling) {
			/* Still changing: push the verdict back (bounded). */
			if (!w->passive && vw_mono_us() - t->settle_start <
			    SETTLE_MAX_MS * 1000 - SETTLE_MS * 1000)
				uv_timer_start(&t->settle, settle_cb,
				    SETTLE_MS, 0);
			continue;
		}
		reprobe(t, ev->seq);
	}
}

int
vw_watch_event_matches(struct vw_daemon *d, const char *which,
    const struct vw_hevent *he)
{
	struct vw_wtarget *t;
	struct vw_ip ip;
	const struct vw_event *ev = &he->ev;
	int byaddr;

	if (d->watch == NULL)
		return -1;
	byaddr = vw_ip_parse(which, &ip) == 0;
	for (t = d->watch->targets; t != NULL; t = t->next)
		if (byaddr ? vw_ip_cmp(&ip, &t->cfg.address) == 0 :
		    (t->cfg.name != NULL && strcmp(t->cfg.name, which) == 0))
			break;
	if (t == NULL) {
		/* A retired or renamed target still matches its own events. */
		if (byaddr && (ev->kind == VW_EV_TARGET_UP ||
		    ev->kind == VW_EV_TARGET_DOWN ||
		    ev->kind == VW_EV_TARGET_DEGRADED))
			return vw_ip_cmp(&ip, &ev->u.target.addr) == 0;
		return -1;
	}
	switch (ev->kind) {
	case VW_EV_TARGET_UP:
	case VW_EV_TARGET_DOWN:
	case VW_EV_TARGET_DEGRADED:
		return vw_ip_cmp(&t->cfg.address, &ev->u.target.addr) == 0;
	default:
		if (vw_kind_obj(ev->kind) == VW_OBJ_OTHER)
			return ev->kind == VW_EV_HOST_WAKE;
		return (t->have_before &&
		    vw_path_touched(&t->before, &t->cfg.address, ev)) ||
		    vw_path_touched(&t->cur, &t->cfg.address, ev);
	}
}

cJSON *
vw_watch_targets_json(struct vw_daemon *d)
{
	struct vw_wtarget *t;
	struct vw_tstats st;
	char a[VW_IP_STRLEN], tm[VW_TIME_STRLEN], path[512], kind[24];
	cJSON *arr, *o, *c, *downs;
	int i;

	if ((arr = cJSON_CreateArray()) == NULL)
		return NULL;
	for (t = d->watch != NULL ? d->watch->targets : NULL; t != NULL;
	    t = t->next) {
		if ((o = cJSON_CreateObject()) == NULL)
			goto fail;
		cJSON_AddItemToArray(arr, o);
		vw_ip_str(&t->cfg.address, a, sizeof(a));
		cJSON_AddStringToObject(o, "address", a);
		if (t->cfg.name != NULL)
			cJSON_AddStringToObject(o, "name", t->cfg.name);
		else
			cJSON_AddNullToObject(o, "name");
		cJSON_AddBoolToObject(o, "discovered", t->discovered);
		if (t->cfg.probe.kind == VW_PROBE_TCP)
			snprintf(kind, sizeof(kind), "tcp:%d",
			    t->cfg.probe.port);
		else
			snprintf(kind, sizeof(kind), "%s",
			    probe_kind_name(t->cfg.probe.kind));
		cJSON_AddStringToObject(o, "probe", kind);
		cJSON_AddNumberToObject(o, "interval_ms", t->cfg.interval_ms);
		cJSON_AddStringToObject(o, "state",
		    vw_tstate_name(t->sm.state));
		vw_fmt_time(t->since_wall, tm, sizeof(tm));
		cJSON_AddStringToObject(o, "since", tm);
		vw_tsm_stats(&t->sm, &st);
		cJSON_AddItemToObject(o, "stats", vw_json_tstats(&st));
		if (t->have_cause) {
			c = cJSON_AddObjectToObject(o, "last_cause");
			if (c != NULL) {
				cJSON_AddStringToObject(c, "code",
				    vw_cause_name(t->cause.code));
				cJSON_AddStringToObject(c, "summary",
				    t->cause.summary);
				vw_fmt_time(t->cause_wall, tm, sizeof(tm));
				cJSON_AddStringToObject(c, "at", tm);
			}
		} else
			cJSON_AddNullToObject(o, "last_cause");
		if ((downs = cJSON_AddObjectToObject(o, "downs")) != NULL)
			for (i = 1; i < VW_CAUSE__MAX; i++)
				if (t->downs[i] > 0)
					cJSON_AddNumberToObject(downs,
					    vw_cause_name(i),
					    (double)t->downs[i]);
		if ((c = cJSON_AddObjectToObject(o, "send_errors")) != NULL)
			for (i = 0; i < VW_WATCH_NERRNO; i++)
				if (t->errtot[i].err != 0)
					cJSON_AddNumberToObject(c,
					    vw_watch_errno_name(t->errtot[i].err),
					    (double)t->errtot[i].count);
		vw_path_str(&t->cur, path, sizeof(path));
		cJSON_AddStringToObject(o, "path", path);
	}
	return arr;
fail:
	cJSON_Delete(arr);
	return NULL;
}

void
vw_watch_stats(struct vw_daemon *d, struct vw_watch_stats *st)
{
	if (d->watch == NULL)
		memset(st, 0, sizeof(*st));
	else
		*st = d->watch->st;
}

void
vw_watch_foreach(struct vw_daemon *d, vw_watch_target_cb cb, void *arg)
{
	struct vw_watch_tinfo ti;
	struct vw_wtarget *t;
	struct vw_tstats st;

	for (t = d->watch != NULL ? d->watch->targets : NULL; t != NULL;
	    t = t->next) {
		vw_tsm_stats(&t->sm, &st);
		memset(&ti, 0, sizeof(ti));
		ti.addr = &t->cfg.address;
		ti.name = t->cfg.name;
		ti.discovered = t->discovered;
		ti.state = t->sm.state;
		ti.stats = &st;
		ti.downs = t->downs;
		ti.transitions = t->transitions;
		ti.last_cause = t->have_cause ? t->cause.code : 0;
		ti.errs = t->errtot;
		cb(&ti, arg);
	}
}

/* ---- replay: what the recording says happened ------------------------- */

void
vw_watch_replay_probe(struct vw_daemon *d, const struct vw_ip *addr,
    const struct vw_probe_res *res, int fast)
{
	struct vw_wtarget *t;

	if (d->watch == NULL || (t = target_find(d->watch, addr)) == NULL)
		return;
	t->in_flight = 0;
	outcome(t, res, fast);
}

void
vw_watch_replay_clock(struct vw_daemon *d, int64_t wall, int64_t mono,
    int64_t sleep)
{
	if (d->watch != NULL)
		clock_sample(d->watch, wall, mono, sleep);
}

void
vw_watch_replay_retire(struct vw_daemon *d, const struct vw_ip *addr)
{
	struct vw_wtarget *t;

	if (d->watch == NULL || (t = target_find(d->watch, addr)) == NULL ||
	    !t->discovered)
		return;
	d->watch->st.retired++;
	target_remove(d->watch, t);
}

void
vw_watch_replay_settle(struct vw_daemon *d, const struct vw_ip *addr)
{
	struct vw_wtarget *t;

	if (d->watch == NULL || (t = target_find(d->watch, addr)) == NULL ||
	    !t->settling)
		return;
	settle_verdict(t);
}

/* The lib's name for the errnos a probe meets; "E<n>" otherwise. */
const char *
vw_watch_errno_name(int err)
{
	static char buf[16];
	const char *n = vw_errno_name(err);

	if (n != NULL)
		return n;
	snprintf(buf, sizeof(buf), "E%d", err);
	return buf;
}
