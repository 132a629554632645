/* SPDX-License-Identifier: ISC */
/*
 * vw_history.c - the ring of recent events.  It starts empty and doubles
 * up to its size, so memory follows what happened, not the configured
 * bound.
 */
#include <stdlib.h>
#include <string.h>

#include "vw_error.h"
#include "vw_history.h"

void
vw_history_init(struct vw_history *h, size_t size)
{
	memset(h, 0, sizeof(*h));
	h->size = size > 0 ? size : 1;
}

static void
hent_clear(struct vw_hevent *e)
{
	free(e->json);
	e->json = NULL;
}

void
vw_history_free(struct vw_history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		hent_clear(&h->ring[(h->head + i) % h->cap]);
	free(h->ring);
	memset(h, 0, sizeof(*h));
}

/* Re-lay the ring into a new array of `cap`, keeping the newest `keep`. */
static int
relayout(struct vw_history *h, size_t cap, size_t keep)
{
	struct vw_hevent *nr;
	size_t i, drop;

	if ((nr = calloc(cap, sizeof(*nr))) == NULL)
		return VW_ENOMEM;
	drop = h->n > keep ? h->n - keep : 0;
	for (i = 0; i < drop; i++)
		hent_clear(&h->ring[(h->head + i) % h->cap]);
	for (i = drop; i < h->n; i++)
		nr[i - drop] = h->ring[(h->head + i) % h->cap];
	free(h->ring);
	h->ring = nr;
	h->cap = cap;
	h->head = 0;
	h->n -= drop;
	return 0;
}

int
vw_history_resize(struct vw_history *h, size_t size)
{
	size_t cap;

	if (size == 0)
		size = 1;
	h->size = size;
	if (h->n <= size && h->cap <= size)
		return 0;
	cap = h->n < size ? h->n : size;
	if (cap == 0)
		cap = 1;
	return relayout(h, cap, size);
}

struct vw_hevent *
vw_history_push(struct vw_history *h, const struct vw_event *ev,
    int64_t mono_us, const char *json)
{
	struct vw_hevent *e;
	char *copy = NULL;
	size_t cap;

	if (json != NULL && (copy = strdup(json)) == NULL)
		return NULL;
	if (h->n == h->cap && h->cap < h->size) {
		cap = h->cap == 0 ? 16 : h->cap * 2;
		if (cap > h->size)
			cap = h->size;
		if (relayout(h, cap, h->n) != 0) {
			free(copy);
			return NULL;
		}
	}
	if (h->n == h->cap) {		/* full: the oldest goes */
		e = &h->ring[h->head];
		hent_clear(e);
		h->head = (h->head + 1) % h->cap;
		h->n--;
	}
	e = &h->ring[(h->head + h->n) % h->cap];
	h->n++;
	memset(e, 0, sizeof(*e));
	e->ev = *ev;
	/* Pointers into the emitter's memory must not outlive the call. */
	if (vw_kind_obj(ev->kind) == VW_OBJ_ROUTE) {
		e->ev.u.route.nh = NULL;
		e->ev.old.route.nh = NULL;
	} else if (ev->kind == VW_EV_TARGET_UP || ev->kind == VW_EV_TARGET_DOWN ||
	    ev->kind == VW_EV_TARGET_DEGRADED) {
		e->ev.u.target.name = NULL;
		e->ev.u.target.cause = NULL;
		e->ev.u.target.before = NULL;
		e->ev.u.target.now = NULL;
		e->ev.u.target.stats = NULL;
	}
	e->mono_us = mono_us;
	e->json = copy;
	return e;
}

size_t
vw_history_count(const struct vw_history *h)
{
	return h->n;
}

const struct vw_hevent *
vw_history_at(const struct vw_history *h, size_t i)
{
	if (i >= h->n)
		return NULL;
	return &h->ring[(h->head + i) % h->cap];
}

struct vw_hevent *
vw_history_get(struct vw_history *h, size_t i)
{
	if (i >= h->n)
		return NULL;
	return &h->ring[(h->head + i) % h->cap];
}

/* Entries are pushed in seq and time order: binary search. */
size_t
vw_history_find_seq(const struct vw_history *h, uint64_t seq)
{
	size_t lo = 0, hi = h->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (vw_history_at(h, mid)->ev.seq < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t
vw_history_find_mono(const struct vw_history *h, int64_t t)
{
	size_t lo = 0, hi = h->n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (vw_history_at(h, mid)->mono_us < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}
