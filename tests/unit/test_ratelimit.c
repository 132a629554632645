/* SPDX-License-Identifier: ISC */
/*
 * test_ratelimit.c - the per-template log limiter: burst and refill to the
 * microsecond, counts returned with the next line and by flush, a flood's
 * exact totals, LRU replacement (and its "other" total), long keys, reset,
 * drain, and the open-addressing index surviving heavy churn.
 */
#include <stdio.h>
#include <string.h>

#include "ratelimit.h"
#include "vw_test.h"

#define S	1000000LL	/* one second in µs */

static struct vw_rlimit	rl;

struct rep {
	int		n;
	uint64_t	total;
	char		key[VW_RLIMIT_KEYMAX];
	uint32_t	last;
	int64_t		since;
	int		nulls;
};

static void
rep_cb(const char *key, uint32_t n, int64_t since, void *arg)
{
	struct rep *r = arg;

	r->n++;
	r->total += n;
	r->last = n;
	r->since = since;
	if (key == NULL)
		r->nulls++;
	else
		snprintf(r->key, sizeof(r->key), "%s", key);
}

VW_TEST(test_unlimited)
{
	uint32_t sup = 99;
	int64_t since = 99;
	int i;

	vw_rlimit_init(&rl, 0);
	for (i = 0; i < 10000; i++) {
		ASSERT_EQ(vw_rlimit_check(&rl, "k", 0, &sup, &since), 1);
		ASSERT_EQ(sup, 0);
		ASSERT_EQ(since, 0);
	}
	ASSERT_EQ(rl.total_suppressed, 0);
}

VW_TEST(test_burst_and_refill)
{
	uint32_t sup;
	int64_t since;
	int i;

	vw_rlimit_init(&rl, 10);
	/* The bucket starts full: ten lines at once. */
	for (i = 0; i < 10; i++)
		ASSERT_EQ(vw_rlimit_check(&rl, "a", 0, &sup, NULL), 1);
	for (i = 0; i < 5; i++)
		ASSERT_EQ(vw_rlimit_check(&rl, "a", 1 * S, &sup, &since), 0);
	/* Another template has its own bucket. */
	ASSERT_EQ(vw_rlimit_check(&rl, "b", 1 * S, &sup, NULL), 1);
	ASSERT_EQ(sup, 0);
	/* 10 a minute: one token every 6 s, not a microsecond earlier. */
	ASSERT_EQ(vw_rlimit_check(&rl, "a", 6 * S - 1, &sup, &since), 0);
	ASSERT_EQ(vw_rlimit_check(&rl, "a", 6 * S, &sup, &since), 1);
	ASSERT_EQ(sup, 6);
	ASSERT_EQ(since, 1 * S);
	/* The count was handed over: the next one starts from zero. */
	ASSERT_EQ(vw_rlimit_check(&rl, "a", 6 * S, &sup, &since), 0);
	ASSERT_EQ(vw_rlimit_check(&rl, "a", 12 * S, &sup, &since), 1);
	ASSERT_EQ(sup, 1);
	ASSERT_EQ(since, 6 * S);
	ASSERT_EQ(rl.total_suppressed, 7);
	/* A quiet minute refills the whole burst, no more. */
	for (i = 0; i < 10; i++)
		ASSERT_EQ(vw_rlimit_check(&rl, "a", 200 * S, &sup, NULL), 1);
	ASSERT_EQ(vw_rlimit_check(&rl, "a", 200 * S, &sup, NULL), 0);
	/* A clock that steps back earns nothing (and breaks nothing). */
	ASSERT_EQ(vw_rlimit_check(&rl, "a", 100 * S, &sup, NULL), 0);
	/* NULL out-pointers are fine. */
	ASSERT_EQ(vw_rlimit_check(&rl, "c", 0, NULL, NULL), 1);
}

VW_TEST(test_flush)
{
	struct rep r;
	int i;

	memset(&r, 0, sizeof(r));
	vw_rlimit_init(&rl, 10);
	for (i = 0; i < 30; i++)
		vw_rlimit_check(&rl, "burst", 0, NULL, NULL);
	/* Nothing ready before the first token. */
	vw_rlimit_flush(&rl, 6 * S - 1, rep_cb, &r);
	ASSERT_EQ(r.n, 0);
	vw_rlimit_flush(&rl, 6 * S, rep_cb, &r);
	ASSERT_EQ(r.n, 1);
	ASSERT_EQ(r.last, 20);
	ASSERT_EQ(r.since, 0);
	ASSERT_STR_EQ(r.key, "burst");
	/* Reported once, and the report took the token. */
	vw_rlimit_flush(&rl, 7 * S, rep_cb, &r);
	ASSERT_EQ(r.n, 1);
	ASSERT_EQ(vw_rlimit_check(&rl, "burst", 7 * S, NULL, NULL), 0);
	/* A template with nothing suppressed is never reported. */
	vw_rlimit_check(&rl, "quiet", 7 * S, NULL, NULL);
	vw_rlimit_flush(&rl, 13 * S, rep_cb, &r);
	ASSERT_EQ(r.n, 2);
	ASSERT_STR_EQ(r.key, "burst");
	ASSERT_EQ(r.last, 1);
	ASSERT_EQ(r.since, 7 * S);
}

/*
 * A line every 100 ms for 10 minutes at 10 a minute.  By hand: lines 0-9
 * (0.0-0.9 s) take the burst while 0.9 s earns 9e6 of the 60e6 units of a
 * token; the next token is complete at 6.0 s, then every 6 s: 6, 12, ...
 * 594 s is 99 tokens.  A flush just before the line at 6, 18, 30 ... s
 * takes those (50 reports), lines take the other 49: 10 + 49 lines pass,
 * 5941 are suppressed, and each is reported exactly once (with a line, by
 * flush, or by the final drain).
 */
VW_TEST(test_flood_totals)
{
	struct rep r, fin;
	uint64_t allowed = 0, with_line = 0;
	uint32_t sup;
	int64_t since, t;
	int i;

	memset(&r, 0, sizeof(r));
	memset(&fin, 0, sizeof(fin));
	vw_rlimit_init(&rl, 10);
	for (i = 0; i < 6000; i++) {
		t = (int64_t)i * 100000;
		if (i % 120 == 60)
			vw_rlimit_flush(&rl, t, rep_cb, &r);
		if (vw_rlimit_check(&rl, "flood", t, &sup, &since)) {
			allowed++;
			with_line += sup;
			if (i == 120) {
				/* 12.0 s: lines 60-119 since the report. */
				ASSERT_EQ(sup, 60);
				ASSERT_EQ(since, 6 * S);
			}
		}
		if (i == 60) {
			/* 6.0 s: the flush reported lines 10-59. */
			ASSERT_EQ(r.n, 1);
			ASSERT_EQ(r.last, 50);
			ASSERT_EQ(r.since, 1 * S);
		}
	}
	ASSERT_EQ(r.n, 50);
	ASSERT_EQ(allowed, 59);
	vw_rlimit_drain(&rl, rep_cb, &fin);
	ASSERT_EQ(fin.n, 1);
	ASSERT_EQ(rl.total_suppressed, 6000 - allowed);
	ASSERT_EQ(with_line + r.total + fin.total, rl.total_suppressed);
	ASSERT_EQ(r.nulls + fin.nulls, 0);
}

VW_TEST(test_flush_takes_the_token)
{
	struct rep r;
	int i;

	/* A report is a line of its template: it spends a token, so lines
	   and reports together never exceed the rate.  Flushing just before
	   each line takes every token after the burst: 99 reports. */
	memset(&r, 0, sizeof(r));
	vw_rlimit_init(&rl, 10);
	for (i = 0; i < 6000; i++) {
		vw_rlimit_flush(&rl, (int64_t)i * 100000, rep_cb, &r);
		vw_rlimit_check(&rl, "f", (int64_t)i * 100000, NULL, NULL);
	}
	ASSERT_EQ(r.n, 99);
	ASSERT_EQ(rl.total_suppressed, 6000 - 10);
}

static void
key_of(char *buf, size_t len, int i)
{
	snprintf(buf, len, "template %d", i);
}

VW_TEST(test_lru_replacement)
{
	char k[32];
	uint32_t sup;
	int i;

	vw_rlimit_init(&rl, 1);
	for (i = 0; i < VW_RLIMIT_SLOTS; i++) {
		key_of(k, sizeof(k), i);
		ASSERT_EQ(vw_rlimit_check(&rl, k, 0, NULL, NULL), 1);
	}
	ASSERT_EQ(rl.n, VW_RLIMIT_SLOTS);
	/* Template 0 is used again (suppressed: its token is spent). */
	ASSERT_EQ(vw_rlimit_check(&rl, "template 0", 1, &sup, NULL), 0);
	/* A new one replaces the least recently used: template 1. */
	ASSERT_EQ(vw_rlimit_check(&rl, "new", 2, NULL, NULL), 1);
	ASSERT_EQ(rl.n, VW_RLIMIT_SLOTS);
	/* Template 2 is still known (no token), 1 is new (full bucket). */
	ASSERT_EQ(vw_rlimit_check(&rl, "template 2", 3, NULL, NULL), 0);
	ASSERT_EQ(vw_rlimit_check(&rl, "template 1", 4, NULL, NULL), 1);
	/* And 0 kept its pending count. */
	ASSERT_EQ(vw_rlimit_check(&rl, "template 0", 60 * S + 1, &sup, NULL),
	    1);
	ASSERT_EQ(sup, 1);
	ASSERT_EQ(rl.other, 0);
}

VW_TEST(test_replaced_counts_go_to_other)
{
	struct rep r;
	char k[32];
	int i;

	memset(&r, 0, sizeof(r));
	vw_rlimit_init(&rl, 1);
	/* Every template has a line pending: nothing to replace cleanly. */
	for (i = 0; i < VW_RLIMIT_SLOTS; i++) {
		key_of(k, sizeof(k), i);
		ASSERT_EQ(vw_rlimit_check(&rl, k, 0, NULL, NULL), 1);
		ASSERT_EQ(vw_rlimit_check(&rl, k, 5 * S, NULL, NULL), 0);
		ASSERT_EQ(vw_rlimit_check(&rl, k, 5 * S, NULL, NULL), 0);
	}
	ASSERT_EQ(vw_rlimit_check(&rl, "new", 10 * S, NULL, NULL), 1);
	ASSERT_EQ(rl.other, 2);
	ASSERT_EQ(rl.other_since_us, 5 * S);
	/* Templates earn a token at 60 s; "other" is due a minute after
	   its first line (65 s). */
	vw_rlimit_flush(&rl, 59 * S, rep_cb, &r);
	ASSERT_EQ(r.n, 0);
	vw_rlimit_flush(&rl, 64 * S, rep_cb, &r);
	ASSERT_EQ(r.n, VW_RLIMIT_SLOTS - 1);
	ASSERT_EQ(r.total, 2 * (VW_RLIMIT_SLOTS - 1));
	ASSERT_EQ(r.nulls, 0);
	vw_rlimit_flush(&rl, 65 * S, rep_cb, &r);
	ASSERT_EQ(r.nulls, 1);
	ASSERT_EQ(r.last, 2);
	ASSERT_EQ(r.since, 5 * S);
	ASSERT_EQ(rl.other, 0);
}

VW_TEST(test_long_keys)
{
	char a[300], b[300];
	struct rep r;

	memset(&r, 0, sizeof(r));
	memset(a, 'x', sizeof(a) - 1);
	a[sizeof(a) - 1] = '\0';
	memcpy(b, a, sizeof(b));
	b[250] = 'y';
	vw_rlimit_init(&rl, 1);
	ASSERT_EQ(vw_rlimit_check(&rl, a, 0, NULL, NULL), 1);
	/* Same long prefix, another key: another bucket. */
	ASSERT_EQ(vw_rlimit_check(&rl, b, 0, NULL, NULL), 1);
	ASSERT_EQ(vw_rlimit_check(&rl, a, 0, NULL, NULL), 0);
	ASSERT_EQ(vw_rlimit_check(&rl, b, 0, NULL, NULL), 0);
	ASSERT_EQ(rl.n, 2);
	vw_rlimit_drain(&rl, rep_cb, &r);
	ASSERT_EQ(r.n, 2);
	/* Reported by the stored prefix. */
	ASSERT_EQ(strlen(r.key), VW_RLIMIT_KEYMAX - 1);
	ASSERT(strncmp(r.key, a, VW_RLIMIT_KEYMAX - 1) == 0);
	/* NULL key is the empty template. */
	ASSERT_EQ(vw_rlimit_check(&rl, NULL, 0, NULL, NULL), 1);
	ASSERT_EQ(vw_rlimit_check(&rl, "", 0, NULL, NULL), 0);
}

VW_TEST(test_reset_and_drain)
{
	struct rep r;
	uint32_t sup;

	memset(&r, 0, sizeof(r));
	vw_rlimit_init(&rl, 2);
	vw_rlimit_check(&rl, "k", 0, NULL, NULL);
	vw_rlimit_check(&rl, "k", 0, NULL, NULL);
	ASSERT_EQ(vw_rlimit_check(&rl, "k", 0, NULL, NULL), 0);
	ASSERT_EQ(vw_rlimit_check(&rl, "k", 1, NULL, NULL), 0);
	/* drain reports without waiting for a token ... */
	vw_rlimit_drain(&rl, rep_cb, &r);
	ASSERT_EQ(r.n, 1);
	ASSERT_EQ(r.last, 2);
	ASSERT_EQ(r.since, 0);
	vw_rlimit_drain(&rl, rep_cb, &r);
	ASSERT_EQ(r.n, 1);
	/* ... and does not refill. */
	ASSERT_EQ(vw_rlimit_check(&rl, "k", 2, &sup, NULL), 0);
	/* reset forgets everything but the rate. */
	vw_rlimit_reset(&rl);
	ASSERT_EQ(rl.n, 0);
	ASSERT_EQ(rl.per_min, 2);
	ASSERT_EQ(vw_rlimit_check(&rl, "k", 3, &sup, NULL), 1);
	ASSERT_EQ(sup, 0);
	ASSERT_EQ(vw_rlimit_check(&rl, "k", 3, &sup, NULL), 1);
	ASSERT_EQ(vw_rlimit_check(&rl, "k", 3, &sup, NULL), 0);
}

/*
 * 20,000 distinct templates through 256 entries, some used again to mix
 * the LRU order.  Then the index must be whole: each entry in exactly one
 * slot, reachable from its home slot without crossing an empty one (what
 * a broken backward-shift removal breaks), and the 100 newest templates
 * found by lookup (a miss would create a full bucket and let a line out).
 */
VW_TEST(test_index_churn)
{
	char k[32];
	uint32_t s, home, seen[VW_RLIMIT_SLOTS];
	int i, j;

	vw_rlimit_init(&rl, 1);
	for (i = 0; i < 20000; i++) {
		key_of(k, sizeof(k), i);
		vw_rlimit_check(&rl, k, i, NULL, NULL);
		if (i % 97 == 0)
			for (j = i - 13; j > i - 200 && j >= 0; j -= 13) {
				key_of(k, sizeof(k), j);
				vw_rlimit_check(&rl, k, i, NULL, NULL);
			}
	}
	ASSERT_EQ(rl.n, VW_RLIMIT_SLOTS);
	memset(seen, 0, sizeof(seen));
	for (s = 0, j = 0; s < 2 * VW_RLIMIT_SLOTS; s++) {
		if (rl.index[s] == 0)
			continue;
		j++;
		ASSERT(rl.index[s] <= VW_RLIMIT_SLOTS);
		seen[rl.index[s] - 1]++;
		home = (uint32_t)rl.ent[rl.index[s] - 1].hash &
		    (2 * VW_RLIMIT_SLOTS - 1);
		for (; home != s; home = (home + 1) & (2 * VW_RLIMIT_SLOTS - 1))
			ASSERT_NE(rl.index[home], 0);
	}
	ASSERT_EQ(j, VW_RLIMIT_SLOTS);
	for (i = 0; i < VW_RLIMIT_SLOTS; i++)
		ASSERT_EQ(seen[i], 1);
	for (i = 20000 - 100; i < 20000; i++) {
		key_of(k, sizeof(k), i);
		ASSERT_EQ(vw_rlimit_check(&rl, k, 20000, NULL, NULL), 0);
	}
}

VW_TEST_MAIN(test_unlimited, test_burst_and_refill, test_flush,
    test_flood_totals, test_flush_takes_the_token, test_lru_replacement,
    test_replaced_counts_go_to_other, test_long_keys, test_reset_and_drain,
    test_index_churn)
