/* SPDX-License-Identifier: ISC */
/*
 * test_history.c - the event ring: growth, wrap-around, search, resize,
 * and that borrowed pointers never survive into a copy.
 */
#include <stdlib.h>
#include <string.h>

#include "vw_history.h"
#include "vw_test.h"

static void
push_n(struct vw_history *h, uint64_t from, uint64_t to)
{
	struct vw_event ev;
	char json[32];
	uint64_t s;

	for (s = from; s <= to; s++) {
		vw_event_init(&ev, VW_EV_LINK_ADD);
		ev.seq = s;
		ev.time_us = (int64_t)s * 1000;
		snprintf(json, sizeof(json), "{\"seq\":%llu}",
		    (unsigned long long)s);
		ASSERT(vw_history_push(h, &ev, (int64_t)s * 10, json) != NULL);
	}
}

VW_TEST(test_grows_and_wraps)
{
	struct vw_history h;
	size_t i;

	vw_history_init(&h, 100);
	ASSERT_EQ(vw_history_count(&h), 0);
	ASSERT(vw_history_at(&h, 0) == NULL);
	push_n(&h, 1, 10);
	ASSERT_EQ(vw_history_count(&h), 10);
	ASSERT(h.cap < 100);			/* grown on demand only */
	push_n(&h, 11, 250);
	ASSERT_EQ(vw_history_count(&h), 100);
	ASSERT_EQ(h.cap, 100);
	/* The newest 100, oldest first, with their JSON. */
	for (i = 0; i < 100; i++) {
		const struct vw_hevent *e = vw_history_at(&h, i);
		char want[32];

		ASSERT_EQ(e->ev.seq, 151 + i);
		ASSERT_EQ(e->mono_us, (int64_t)(151 + i) * 10);
		snprintf(want, sizeof(want), "{\"seq\":%zu}", 151 + i);
		ASSERT_STR_EQ(e->json, want);
	}
	vw_history_free(&h);
}

VW_TEST(test_find)
{
	struct vw_history h;

	vw_history_init(&h, 64);
	push_n(&h, 1, 100);			/* keeps 37..100 */
	ASSERT_EQ(vw_history_find_seq(&h, 0), 0);
	ASSERT_EQ(vw_history_find_seq(&h, 37), 0);
	ASSERT_EQ(vw_history_find_seq(&h, 50), 13);
	ASSERT_EQ(vw_history_find_seq(&h, 100), 63);
	ASSERT_EQ(vw_history_find_seq(&h, 101), 64);
	ASSERT_EQ(vw_history_find_mono(&h, 505), 14);	/* first >= 505: seq 51 */
	ASSERT_EQ(vw_history_find_mono(&h, 1 << 30), 64);
	vw_history_free(&h);
}

VW_TEST(test_resize_keeps_newest)
{
	struct vw_history h;

	vw_history_init(&h, 50);
	push_n(&h, 1, 50);
	ASSERT_OK(vw_history_resize(&h, 10));
	ASSERT_EQ(vw_history_count(&h), 10);
	ASSERT_EQ(vw_history_at(&h, 0)->ev.seq, 41);
	ASSERT_EQ(vw_history_at(&h, 9)->ev.seq, 50);
	push_n(&h, 51, 55);
	ASSERT_EQ(vw_history_count(&h), 10);
	ASSERT_EQ(vw_history_at(&h, 0)->ev.seq, 46);
	ASSERT_OK(vw_history_resize(&h, 1000));
	push_n(&h, 56, 100);
	ASSERT_EQ(vw_history_count(&h), 55);
	ASSERT_EQ(vw_history_at(&h, 0)->ev.seq, 46);
	vw_history_free(&h);
	/* Freeing twice (a zeroed struct) is harmless. */
	vw_history_free(&h);
}

VW_TEST(test_borrowed_pointers_cleared)
{
	struct vw_history h;
	struct vw_event ev;
	struct vw_nexthop nh[2];
	const struct vw_hevent *e;
	const char *name = "vm1";

	vw_history_init(&h, 4);
	vw_event_init(&ev, VW_EV_ROUTE_ADD);
	ev.u.route.nnh = 2;
	ev.u.route.nh = nh;
	ASSERT(vw_history_push(&h, &ev, 1, NULL) != NULL);
	e = vw_history_at(&h, 0);
	ASSERT(e->ev.u.route.nh == NULL);
	ASSERT_EQ(e->ev.u.route.nnh, 2);
	ASSERT(e->json == NULL);

	vw_event_init(&ev, VW_EV_TARGET_DOWN);
	ev.u.target.name = name;
	ev.u.target.cause = (const struct vw_cause *)name;
	ev.u.target.stats = (const struct vw_tstats *)name;
	ev.u.target.outage_us = 7;
	ASSERT(vw_history_push(&h, &ev, 2, "{}") != NULL);
	e = vw_history_at(&h, 1);
	ASSERT(e->ev.u.target.name == NULL);
	ASSERT(e->ev.u.target.cause == NULL);
	ASSERT(e->ev.u.target.stats == NULL);
	ASSERT_EQ(e->ev.u.target.outage_us, 7);
	vw_history_free(&h);
}

VW_TEST_MAIN(test_grows_and_wraps, test_find, test_resize_keeps_newest,
    test_borrowed_pointers_cleared)
