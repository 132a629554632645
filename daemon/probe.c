/* SPDX-License-Identifier: ISC */
/*
 * probe.c - the prober's bookkeeping: probe ids, the sequence-number table
 * for ICMP, one uv_timer_t over a min-heap of deadlines, and the idle
 * handle that delivers results known at send time on the next iteration.
 */
#include <sys/socket.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "probe_int.h"
#include "vw_error.h"

#define NS_PER_MS	1000000ULL

/* ---- small helpers ---------------------------------------------------- */

uint64_t
vw__prober_rand(struct vw_prober *p)
{
	uint64_t z;

	/* splitmix64: tokens only need to differ, not to be secret. */
	z = (p->rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static size_t
id_bucket(uint64_t id)
{
	return (size_t)(id % VW__PROBE_BUCKETS);
}

static size_t
seq_bucket(uint16_t seq)
{
	/* Sequence numbers are handed out in order: the low byte spreads. */
	return (size_t)(seq % VW__PROBE_BUCKETS);
}

static void
id_link(struct vw_prober *p, struct vw__probe *pr)
{
	struct vw__probe **head = &p->ids[id_bucket(pr->id)];

	if ((pr->id_next = *head) != NULL)
		(*head)->id_pprev = &pr->id_next;
	*head = pr;
	pr->id_pprev = head;
}

static void
seq_link(struct vw_prober *p, struct vw__probe *pr)
{
	struct vw__probe **head = &p->seqs[seq_bucket(pr->seq)];

	if ((pr->seq_next = *head) != NULL)
		(*head)->seq_pprev = &pr->seq_next;
	*head = pr;
	pr->seq_pprev = head;
	pr->in_seq = 1;
	p->nicmp++;
}

/* ---- the deadline heap ------------------------------------------------ */

static void
heap_set(struct vw_prober *p, size_t i, struct vw__probe *pr)
{
	p->heap[i] = pr;
	pr->heap_idx = i;
}

static void
heap_up(struct vw_prober *p, size_t i)
{
	struct vw__probe *pr = p->heap[i];

	while (i > 0) {
		size_t up = (i - 1) / 2;

		if (p->heap[up]->deadline_ns <= pr->deadline_ns)
			break;
		heap_set(p, i, p->heap[up]);
		i = up;
	}
	heap_set(p, i, pr);
}

static void
heap_down(struct vw_prober *p, size_t i)
{
	struct vw__probe *pr = p->heap[i];

	for (;;) {
		size_t c = 2 * i + 1;

		if (c >= p->nheap)
			break;
		if (c + 1 < p->nheap &&
		    p->heap[c + 1]->deadline_ns < p->heap[c]->deadline_ns)
			c++;
		if (pr->deadline_ns <= p->heap[c]->deadline_ns)
			break;
		heap_set(p, i, p->heap[c]);
		i = c;
	}
	heap_set(p, i, pr);
}

static int
heap_reserve(struct vw_prober *p)
{
	struct vw__probe **h;
	size_t cap;

	if (p->nheap < p->heapcap)
		return 0;
	cap = p->heapcap ? p->heapcap * 2 : 16;
	if ((h = realloc(p->heap, cap * sizeof(*h))) == NULL)
		return VW_ENOMEM;
	p->heap = h;
	p->heapcap = cap;
	return 0;
}

static void
heap_remove(struct vw_prober *p, struct vw__probe *pr)
{
	size_t i = pr->heap_idx;
	struct vw__probe *last;

	if (i == SIZE_MAX)
		return;
	pr->heap_idx = SIZE_MAX;
	last = p->heap[--p->nheap];
	if (i == p->nheap)
		return;
	heap_set(p, i, last);
	if (i > 0 && p->heap[(i - 1) / 2]->deadline_ns > last->deadline_ns)
		heap_up(p, i);
	else
		heap_down(p, i);
}

static void timer_cb(uv_timer_t *t);

/*
 * Arm the timer for the earliest deadline.  Deadlines are uv_hrtime()
 * values but libuv timers run on the loop's cached clock (Linux:
 * CLOCK_MONOTONIC_COARSE), which may lag; timer_cb re-checks against
 * uv_hrtime() and re-arms, so a timeout never fires early.
 */
static void
timer_arm(struct vw_prober *p)
{
	uint64_t now, due, ms;

	if (p->nheap == 0) {
		uv_timer_stop(&p->timer);
		p->armed_ns = 0;
		return;
	}
	due = p->heap[0]->deadline_ns;
	if (p->armed_ns != 0 && p->armed_ns <= due)
		return;		/* already due earlier: it re-arms then */
	now = uv_hrtime();
	ms = due > now ? (due - now + NS_PER_MS - 1) / NS_PER_MS : 0;
	p->armed_ns = due;
	uv_timer_start(&p->timer, timer_cb, ms, 0);
}

/* ---- linking and unlinking probes ------------------------------------ */

static void
seq_unlink(struct vw_prober *p, struct vw__probe *pr)
{
	if (!pr->in_seq)
		return;
	*pr->seq_pprev = pr->seq_next;
	if (pr->seq_next != NULL)
		pr->seq_next->seq_pprev = pr->seq_pprev;
	pr->in_seq = 0;
	p->nicmp--;
}

static void
def_unlink(struct vw_prober *p, struct vw__probe *pr)
{
	if (pr->state != VW__PS_DEFERRED)
		return;
	*pr->def_pprev = pr->def_next;
	if (pr->def_next != NULL)
		pr->def_next->def_pprev = pr->def_pprev;
	else
		p->def_tail = pr->def_pprev;
	if (p->def_head == NULL)
		uv_idle_stop(&p->idle);
}

/* Take pr out of every table and drop its socket; the memory stays. */
static void
probe_unlink(struct vw__probe *pr)
{
	struct vw_prober *p = pr->p;

	*pr->id_pprev = pr->id_next;
	if (pr->id_next != NULL)
		pr->id_next->id_pprev = pr->id_pprev;
	heap_remove(p, pr);
	if (p->nheap == 0 && p->armed_ns != 0) {
		/* Nothing left to time out: let an idle loop exit. */
		uv_timer_stop(&p->timer);
		p->armed_ns = 0;
	}
	seq_unlink(p, pr);
	def_unlink(p, pr);
	pr->state = 0;
	if (pr->tcp != NULL)
		vw__tcp_release(pr);
}

void
vw__probe_finish(struct vw__probe *pr, const struct vw_probe_res *res)
{
	struct vw_prober *p = pr->p;
	struct vw_probe_res r = *res;
	vw_probe_cb cb = pr->cb;
	void *arg = pr->arg;

	if (r.ok)
		p->st.received++;
	else if (r.icmp_type != 0)
		p->st.icmp_errors++;
	else if (r.err == 0)
		p->st.timeouts++;
	else
		p->st.send_errors++;
	/* Free first: the callback may start, cancel, or close anything. */
	probe_unlink(pr);
	free(pr);
	cb(&r, arg);
}

static void idle_cb(uv_idle_t *h);

void
vw__probe_defer(struct vw__probe *pr, int err)
{
	struct vw_prober *p = pr->p;

	heap_remove(p, pr);
	seq_unlink(p, pr);
	memset(&pr->res, 0, sizeof(pr->res));
	pr->res.sent_us = (int64_t)(pr->sent_ns / 1000);
	pr->res.err = err;
	pr->state = VW__PS_DEFERRED;
	pr->def_gen = p->def_gen;
	pr->def_next = NULL;
	pr->def_pprev = p->def_tail;
	*p->def_tail = pr;
	p->def_tail = &pr->def_next;
	uv_idle_start(&p->idle, idle_cb);
}

struct vw__probe *
vw__probe_by_seq(struct vw_prober *p, int family, uint16_t seq)
{
	struct vw__probe *pr;

	for (pr = p->seqs[seq_bucket(seq)]; pr != NULL; pr = pr->seq_next)
		if (pr->seq == seq && pr->addr.family == family)
			return pr;
	return NULL;
}

int
vw__probe_seq_alloc(struct vw_prober *p, struct vw__probe *pr)
{
	uint16_t seq;
	size_t tries;

	/* One number space for both families keeps lookups simple. */
	if (p->nicmp >= 0xffff)
		return VW_ENOSPC;
	for (tries = 0; tries <= 0xffff; tries++) {
		seq = p->next_seq++;
		if (vw__probe_by_seq(p, VW_AF_INET, seq) == NULL &&
		    vw__probe_by_seq(p, VW_AF_INET6, seq) == NULL)
			break;
	}
	pr->seq = seq;
	seq_link(p, pr);
	return 0;
}

/* ---- loop callbacks --------------------------------------------------- */

static void
timer_cb(uv_timer_t *t)
{
	struct vw_prober *p = t->data;
	struct vw_probe_res res;
	struct vw__probe *pr;
	uint64_t now;
	int drained = 0;

	p->armed_ns = 0;
	for (;;) {
		if (p->closing || p->nheap == 0)
			break;
		pr = p->heap[0];
		now = uv_hrtime();
		if (pr->deadline_ns > now)
			break;
		/*
		 * Timers run before I/O in a loop iteration: read what the
		 * sockets already hold so a reply that beat its deadline is
		 * not reported as lost.
		 */
		if (!drained && pr->kind == VW_PROBE_ICMP) {
			drained = 1;
			vw__icmp_drain_all(p);
			continue;
		}
		memset(&res, 0, sizeof(res));
		res.sent_us = (int64_t)(pr->sent_ns / 1000);
		vw__probe_finish(pr, &res);
	}
	if (!p->closing)
		timer_arm(p);
}

static void
idle_cb(uv_idle_t *h)
{
	struct vw_prober *p = h->data;
	struct vw__probe *pr;
	struct vw_probe_res res;
	uint64_t gen;

	/* Results deferred by the callbacks below wait for the next round. */
	gen = p->def_gen++;
	while (!p->closing && (pr = p->def_head) != NULL &&
	    pr->def_gen <= gen) {
		res = pr->res;
		vw__probe_finish(pr, &res);
	}
	if (!p->closing && p->def_head == NULL)
		uv_idle_stop(&p->idle);
}

void
vw__prober_handle_closed(struct vw_prober *p)
{
	if (--p->nhandles == 0 && p->closing) {
		free(p->heap);
		free(p);
	}
}

static void
prober_handle_closed_cb(uv_handle_t *h)
{
	vw__prober_handle_closed(h->data);
}

/* ---- public API ------------------------------------------------------- */

int
vw_prober_new(uv_loop_t *loop, struct vw_prober **out)
{
	struct vw_prober *p;
	int pid;

	if (loop == NULL || out == NULL)
		return VW_EINVAL;
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return VW_ENOMEM;
	p->loop = loop;
	p->rng = uv_hrtime() ^ ((uint64_t)getpid() << 32) ^
	    (uint64_t)(uintptr_t)p;
	p->next_id = 1;
	/* A random first sequence number: a restarted daemon's replies to
	   its predecessor's probes do not match new ones. */
	p->next_seq = (uint16_t)vw__prober_rand(p);
	/* Raw sockets see every echo reply on the host: the pid tells ours
	   apart, except pid 1 (containers, launchd), which is too common. */
	pid = (int)getpid() & 0xffff;
	while (pid == 1 || pid == 0)
		pid = (int)(vw__prober_rand(p) & 0xffff);
	p->ident = (uint16_t)pid;
	p->icmp4.p = p;
	p->icmp4.family = VW_AF_INET;
	p->icmp4.fd = -1;
	p->icmp6.p = p;
	p->icmp6.family = VW_AF_INET6;
	p->icmp6.fd = -1;
	p->def_tail = &p->def_head;
	uv_timer_init(loop, &p->timer);
	uv_idle_init(loop, &p->idle);
	p->timer.data = p;
	p->idle.data = p;
	p->nhandles = 2;
	*out = p;
	return 0;
}

void
vw_prober_close(struct vw_prober *p)
{
	struct vw__probe *pr;
	size_t i;

	if (p == NULL || p->closing)
		return;
	p->closing = 1;
	for (i = 0; i < VW__PROBE_BUCKETS; i++) {
		while ((pr = p->ids[i]) != NULL) {
			probe_unlink(pr);
			free(pr);
		}
	}
	vw__icmp_close(&p->icmp4);
	vw__icmp_close(&p->icmp6);
	uv_close((uv_handle_t *)&p->timer, prober_handle_closed_cb);
	uv_close((uv_handle_t *)&p->idle, prober_handle_closed_cb);
}

int
vw_prober_icmp_mode(const struct vw_prober *p, int family)
{
	/* Both spellings of the family are accepted: AF_INET (2) and
	   AF_INET6 (10 Linux, 28 FreeBSD, 30 macOS) never equal 4 or 6. */
	if (family == VW_AF_INET || family == AF_INET)
		return p->icmp4.mode;
	if (family == VW_AF_INET6 || family == AF_INET6)
		return p->icmp6.mode;
	return VW_ICMP_NONE;
}

void
vw_prober_stats(const struct vw_prober *p, struct vw_prober_stats *st)
{
	*st = p->st;
}

int
vw_probe_start(struct vw_prober *p, const struct vw_ip *addr, int kind,
    int port, uint32_t timeout_ms, vw_probe_cb cb, void *arg, uint64_t *id)
{
	struct vw__probe *pr;
	int r;

	if (p == NULL || addr == NULL || cb == NULL || p->closing ||
	    timeout_ms == 0)
		return VW_EINVAL;
	if (addr->family != VW_AF_INET && addr->family != VW_AF_INET6)
		return VW_EINVAL;
	if (kind == VW_PROBE_TCP) {
		if (port < 1 || port > 65535)
			return VW_EINVAL;
	} else if (kind != VW_PROBE_ICMP)
		return VW_EINVAL;
	if ((r = heap_reserve(p)) < 0)
		return r;
	if ((pr = calloc(1, sizeof(*pr))) == NULL)
		return VW_ENOMEM;
	pr->p = p;
	pr->id = p->next_id++;
	pr->kind = kind;
	pr->addr = *addr;
	pr->port = kind == VW_PROBE_TCP ? port : 0;
	pr->cb = cb;
	pr->arg = arg;
	pr->sent_ns = uv_hrtime();
	pr->deadline_ns = pr->sent_ns + (uint64_t)timeout_ms * NS_PER_MS;
	pr->state = VW__PS_PENDING;
	id_link(p, pr);
	p->heap[p->nheap] = pr;
	pr->heap_idx = p->nheap++;
	heap_up(p, pr->heap_idx);

	r = kind == VW_PROBE_ICMP ? vw__icmp_start(p, pr) :
	    vw__tcp_start(p, pr);
	if (r < 0) {
		probe_unlink(pr);
		free(pr);
		return r;
	}
	if (pr->state == VW__PS_PENDING)
		timer_arm(p);
	if (id != NULL)
		*id = pr->id;
	return 0;
}

void
vw_probe_cancel(struct vw_prober *p, uint64_t id)
{
	struct vw__probe *pr;

	if (p == NULL || p->closing)
		return;
	for (pr = p->ids[id_bucket(id)]; pr != NULL; pr = pr->id_next) {
		if (pr->id == id) {
			probe_unlink(pr);
			free(pr);
			return;
		}
	}
}
