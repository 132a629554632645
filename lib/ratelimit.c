/* SPDX-License-Identifier: ISC */
/*
 * ratelimit.c - per-template token buckets for human log lines (see
 * ratelimit.h).  Integer arithmetic only: a token is 60,000,000 units of
 * credit and a bucket earns per_min units a microsecond, so per_min tokens
 * a minute exactly, with no rounding drift.
 */
#include <string.h>

#include "ratelimit.h"

#define NONE		0xffff
#define MASK		(2 * VW_RLIMIT_SLOTS - 1)
#define MINUTE_US	60000000LL
#define TOKEN		((uint64_t)MINUTE_US)
/* Candidates looked at, from the LRU end, for one with nothing pending. */
#define EVICT_SCAN	16

/* FNV-1a, 64 bits: the keys are short and not chosen by an adversary
   able to aim at 512 slots (a collision chain only costs a probe). */
static uint64_t
key_hash(const char *key)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const unsigned char *p;

	for (p = (const unsigned char *)key; *p != '\0'; p++) {
		h ^= *p;
		h *= 0x100000001b3ULL;
	}
	return h;
}

void
vw_rlimit_reset(struct vw_rlimit *rl)
{
	uint32_t per_min = rl->per_min;

	memset(rl, 0, sizeof(*rl));
	rl->per_min = per_min;
	rl->head = rl->tail = NONE;
}

void
vw_rlimit_init(struct vw_rlimit *rl, uint32_t per_min)
{
	rl->per_min = per_min;
	vw_rlimit_reset(rl);
}

static void
lru_unlink(struct vw_rlimit *rl, uint16_t i)
{
	struct vw_rlimit_ent *e = &rl->ent[i];

	if (e->prev != NONE)
		rl->ent[e->prev].next = e->next;
	else
		rl->head = e->next;
	if (e->next != NONE)
		rl->ent[e->next].prev = e->prev;
	else
		rl->tail = e->prev;
	e->prev = e->next = NONE;
}

static void
lru_push_head(struct vw_rlimit *rl, uint16_t i)
{
	struct vw_rlimit_ent *e = &rl->ent[i];

	e->prev = NONE;
	e->next = rl->head;
	if (rl->head != NONE)
		rl->ent[rl->head].prev = i;
	rl->head = i;
	if (rl->tail == NONE)
		rl->tail = i;
}

/* Index slot holding entry i (it is there: the caller found it). */
static uint32_t
slot_of(const struct vw_rlimit *rl, uint16_t i)
{
	uint32_t s = (uint32_t)rl->ent[i].hash & MASK;

	while (rl->index[s] != (uint16_t)(i + 1))
		s = (s + 1) & MASK;
	return s;
}

/*
 * Linear probing removal by backward shift: move later members of the
 * cluster into the hole when their home slot does not lie in (hole, j].
 */
static void
index_remove(struct vw_rlimit *rl, uint32_t hole)
{
	uint32_t j = hole, home;

	for (;;) {
		j = (j + 1) & MASK;
		if (rl->index[j] == 0)
			break;
		home = (uint32_t)rl->ent[rl->index[j] - 1].hash & MASK;
		if (((j - home) & MASK) >= ((j - hole) & MASK)) {
			rl->index[hole] = rl->index[j];
			hole = j;
		}
	}
	rl->index[hole] = 0;
}

static int
find(const struct vw_rlimit *rl, const char *key, uint64_t h)
{
	uint32_t s = (uint32_t)h & MASK;
	const struct vw_rlimit_ent *e;

	while (rl->index[s] != 0) {
		e = &rl->ent[rl->index[s] - 1];
		if (e->hash == h &&
		    strncmp(e->key, key, VW_RLIMIT_KEYMAX - 1) == 0)
			return rl->index[s] - 1;
		s = (s + 1) & MASK;
	}
	return -1;
}

/* An entry for a new template: a free one, else the least recently used. */
static uint16_t
take_entry(struct vw_rlimit *rl, int64_t now_us)
{
	struct vw_rlimit_ent *e;
	uint16_t i, victim;
	int k;

	if (rl->n < VW_RLIMIT_SLOTS)
		return (uint16_t)rl->n++;
	victim = rl->tail;
	for (i = rl->tail, k = 0; i != NONE && k < EVICT_SCAN;
	    i = rl->ent[i].prev, k++)
		if (rl->ent[i].suppressed == 0) {
			victim = i;
			break;
		}
	e = &rl->ent[victim];
	if (e->suppressed != 0) {
		if (rl->other == 0)
			rl->other_since_us = e->since_us < now_us ?
			    e->since_us : now_us;
		rl->other = rl->other > UINT32_MAX - e->suppressed ?
		    UINT32_MAX : rl->other + e->suppressed;
	}
	index_remove(rl, slot_of(rl, victim));
	lru_unlink(rl, victim);
	return victim;
}

static void
refill(const struct vw_rlimit *rl, struct vw_rlimit_ent *e, int64_t now_us)
{
	uint64_t cap = (uint64_t)rl->per_min * TOKEN;
	int64_t d;

	if (now_us <= e->last_us)
		return;		/* same instant, or a clock that stepped back */
	d = now_us - e->last_us;
	e->last_us = now_us;
	if (d >= MINUTE_US)
		e->credit = cap;
	else {
		e->credit += (uint64_t)d * rl->per_min;
		if (e->credit > cap)
			e->credit = cap;
	}
}

int
vw_rlimit_check(struct vw_rlimit *rl, const char *key, int64_t now_us,
    uint32_t *suppressed, int64_t *since_us)
{
	struct vw_rlimit_ent *e;
	uint64_t h;
	uint32_t s;
	int i;

	if (suppressed != NULL)
		*suppressed = 0;
	if (since_us != NULL)
		*since_us = 0;
	if (rl->per_min == 0)
		return 1;
	if (key == NULL)
		key = "";
	h = key_hash(key);
	if ((i = find(rl, key, h)) < 0) {
		i = take_entry(rl, now_us);
		e = &rl->ent[i];
		memset(e, 0, sizeof(*e));
		e->hash = h;
		memcpy(e->key, key, strnlen(key, VW_RLIMIT_KEYMAX - 1));
		e->credit = (uint64_t)rl->per_min * TOKEN;
		e->last_us = now_us;
		s = (uint32_t)h & MASK;
		while (rl->index[s] != 0)
			s = (s + 1) & MASK;
		rl->index[s] = (uint16_t)(i + 1);
	} else {
		e = &rl->ent[i];
		lru_unlink(rl, (uint16_t)i);
		refill(rl, e, now_us);
	}
	lru_push_head(rl, (uint16_t)i);

	if (e->credit < TOKEN) {
		if (e->suppressed == 0)
			e->since_us = now_us;
		if (e->suppressed < UINT32_MAX)
			e->suppressed++;
		rl->total_suppressed++;
		return 0;
	}
	e->credit -= TOKEN;
	if (suppressed != NULL)
		*suppressed = e->suppressed;
	if (since_us != NULL)
		*since_us = e->suppressed ? e->since_us : 0;
	e->suppressed = 0;
	e->since_us = 0;
	return 1;
}

void
vw_rlimit_flush(struct vw_rlimit *rl, int64_t now_us, vw_rlimit_cb cb,
    void *arg)
{
	struct vw_rlimit_ent *e;
	uint32_t i, n;

	for (i = 0; i < rl->n; i++) {
		e = &rl->ent[i];
		if (e->suppressed == 0)
			continue;
		refill(rl, e, now_us);
		if (e->credit < TOKEN)
			continue;
		e->credit -= TOKEN;
		n = e->suppressed;
		e->suppressed = 0;
		cb(e->key, n, e->since_us, arg);
		e->since_us = 0;
	}
	if (rl->other != 0 && now_us - rl->other_since_us >= MINUTE_US) {
		n = rl->other;
		rl->other = 0;
		cb(NULL, n, rl->other_since_us, arg);
	}
}

void
vw_rlimit_drain(struct vw_rlimit *rl, vw_rlimit_cb cb, void *arg)
{
	struct vw_rlimit_ent *e;
	uint32_t i, n;

	for (i = 0; i < rl->n; i++) {
		e = &rl->ent[i];
		if (e->suppressed == 0)
			continue;
		n = e->suppressed;
		e->suppressed = 0;
		cb(e->key, n, e->since_us, arg);
		e->since_us = 0;
	}
	if (rl->other != 0) {
		n = rl->other;
		rl->other = 0;
		cb(NULL, n, rl->other_since_us, arg);
	}
}
