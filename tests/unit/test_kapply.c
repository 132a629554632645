/* SPDX-License-Identifier: ISC */
/*
 * test_kapply.c - lib/kapply.c: every named BSD and netlink fixture
 * applied through vw_kapply_buf() gives the table, the diffs and the
 * counts of the walk the daemon's sources did before (parse, events,
 * filter, apply: re-done here as the reference), stops a malformed buffer
 * at the fixture's bad message with the table holding exactly the
 * messages before it, and agrees with vw_kapply_check() on where a buffer
 * breaks.  Plus the options: objs, keep_carrier, base_off, the
 * rejection callback, and counters that add up across calls.
 */
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bsd_fix.h"
#include "bsd_msg.h"
#include "fmt_json.h"
#include "kapply.h"
#include "nl_fix.h"
#include "nl_msg.h"
#include "nl_wire.h"
#include "vw_table.h"
#include "vw_test.h"

#define ALL_OBJS	((1u << VW_OBJ_ROUTE) | (1u << VW_OBJ_NEIGH) | \
			    (1u << VW_OBJ_LINK) | (1u << VW_OBJ_ADDR))

/* ---- helpers ------------------------------------------------------------- */

struct counts {
	long	ndiff;
	long	bykind[VW_EV__MAX];
};

static void
count_cb(const struct vw_event *d, void *arg)
{
	struct counts *c = arg;

	c->ndiff++;
	if (d->kind < VW_EV__MAX)
		c->bykind[d->kind]++;
}

/* The whole table as one JSON text, for equality. */
static char *
table_text(const struct vw_table *t)
{
	cJSON *o = vw_json_table(t);
	char *s;

	if (o == NULL || (s = cJSON_PrintUnformatted(o)) == NULL)
		abort();
	cJSON_Delete(o);
	return s;
}

static void
assert_tables_equal(const struct vw_table *a, const struct vw_table *b)
{
	char *sa = table_text(a), *sb = table_text(b);

	ASSERT_STR_EQ(sa, sb);
	cJSON_free(sa);
	cJSON_free(sb);
}

/*
 * The reference: the walk of daemon/platform bsd_common.c and
 * ksrc_linux.c before it moved to lib/, decoding at `now`.  Returns the
 * messages decoded; *stop gets where it stopped.
 */
static long
ref_apply(struct vw_table *t, int os, const uint8_t *buf, size_t len,
    unsigned objs, int64_t now, struct counts *c, size_t *stop)
{
	static struct vw_bsd_msg m;
	static struct vw_event ev[2];
	struct vw_nl_hdr h;
	struct vw_perr e;
	size_t off = 0;
	long nmsg = 0;
	int step, nev, i;

	while (off < len) {
		if (os == VW_OS_LINUX) {
			step = vw_nl_parse(buf + off, len - off, off, &h,
			    &ev[0], &nev, &e);
			if (step <= 0)
				break;
		} else {
			step = vw_bsd_parse(os, buf + off, len - off, off, &m,
			    &e);
			if (step == VW_ESKIP) {
				off += m.msglen;
				continue;
			}
			if (step <= 0)
				break;
			nev = vw_bsd_to_events(&m, now, ev, 2);
		}
		nmsg++;
		for (i = 0; i < nev; i++)
			if (objs == 0 ||
			    (objs & (1u << vw_kind_obj(ev[i].kind))))
				vw_table_apply(t, &ev[i], count_cb, c);
		off += (size_t)step;
		if (off > len)
			off = len;
	}
	*stop = off;
	return nmsg;
}

static void
ka_init(struct vw_kapply *a, struct vw_table *t, int os, struct counts *c)
{
	memset(a, 0, sizeof(*a));
	a->table = t;
	a->os = os;
	a->now_s = BSD_FIX_NOW;
	a->cb = count_cb;
	a->arg = c;
}

/*
 * One fixture: kapply against the reference, the stop point, the check,
 * and (malformed) the table against the prefix before the bad message.
 */
static void
one_fixture(const char *name, int os, const uint8_t *buf, size_t len,
    long long bad_off, int bad_code, int nskip)
{
	struct vw_table *t = vw_table_new(os), *r = vw_table_new(os),
	    *p = vw_table_new(os);
	struct counts ck, cr, cp;
	struct vw_kapply a;
	struct vw_perr e;
	size_t got, stop;
	long nref;

	ASSERT(t != NULL && r != NULL && p != NULL);
	memset(&ck, 0, sizeof(ck));
	memset(&cr, 0, sizeof(cr));
	memset(&cp, 0, sizeof(cp));
	ka_init(&a, t, os, &ck);
	got = vw_kapply_buf(&a, buf, len);
	nref = ref_apply(r, os, buf, len, 0, BSD_FIX_NOW, &cr, &stop);
	fprintf(stderr, "# %s: %zu of %zu bytes, %ld messages, %ld skipped, "
	    "%ld diffs\n", name, got, len, a.nmsg, a.nskip, ck.ndiff);
	ASSERT_EQ(got, stop);
	ASSERT_EQ(a.nmsg, nref);
	ASSERT_EQ(a.nskip, nskip);
	ASSERT_EQ(ck.ndiff, cr.ndiff);
	ASSERT_MEM_EQ(ck.bykind, cr.bykind, sizeof(ck.bykind));
	assert_tables_equal(t, r);
	ASSERT_EQ(a.napply_err, 0);
	if (bad_off < 0) {
		ASSERT_EQ(got, len);
		ASSERT_EQ(a.err.code, 0);
		ASSERT_OK(vw_kapply_check(os, buf, len, 0, &e));
	} else {
		ASSERT_EQ(got, (size_t)bad_off);
		ASSERT_EQ(a.err.code, bad_code);
		ASSERT_EQ(a.err.off, (unsigned long long)bad_off);
		ASSERT(a.err.msg[0] != '\0');
		ASSERT_EQ(vw_kapply_check(os, buf, len, 0, &e), bad_code);
		ASSERT_EQ(e.off, (unsigned long long)bad_off);
		ASSERT_STR_EQ(e.msg, a.err.msg);
		/* The table holds exactly the messages before the bad one. */
		ka_init(&a, p, os, &cp);
		ASSERT_EQ(vw_kapply_buf(&a, buf, (size_t)bad_off),
		    (size_t)bad_off);
		ASSERT_EQ(cp.ndiff, ck.ndiff);
		assert_tables_equal(t, p);
	}
	vw_table_free(t);
	vw_table_free(r);
	vw_table_free(p);
}

/* ---- every fixture ------------------------------------------------------- */

VW_TEST(test_bsd_fixtures)
{
	const struct bsd_fix *f;
	struct bsd_buf b;
	size_t i, n;

	f = bsd_fix_all(&n);
	ASSERT(n > 10);
	for (i = 0; i < n; i++) {
		bsd_buf_init(&b, f[i].os);
		f[i].build(&b);
		one_fixture(f[i].name, f[i].os, b.b, b.len,
		    f[i].err != 0 ? (long long)b.mark : -1, f[i].err,
		    f[i].nskip);
		bsd_buf_free(&b);
	}
}

VW_TEST(test_nl_fixtures)
{
	struct nl_fix_buf b;
	size_t i;

	for (i = 0; nl_fix_names[i] != NULL; i++) {
		ASSERT_OK(nl_fix_by_name(nl_fix_names[i], &b));
		one_fixture(nl_fix_names[i], VW_OS_LINUX, b.data, b.len,
		    b.bad_off, b.bad_code, 0);
		nl_fix_free(&b);
	}
}

/* What the fixtures' own documentation says they hold. */
VW_TEST(test_known_counts)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct counts c;
	struct vw_kapply a;
	struct bsd_buf b;

	memset(&c, 0, sizeof(c));
	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_table(&b);
	ka_init(&a, t, VW_OS_DARWIN, &c);
	ASSERT_EQ(vw_kapply_buf(&a, b.b, b.len), b.len);
	/* bsd_fix.h: 35 messages, RTM_NEWMADDR2 without an event. */
	ASSERT_EQ(a.nmsg, 35);
	ASSERT_EQ(c.bykind[VW_EV_ROUTE_ADD], 21);
	ASSERT_EQ(c.bykind[VW_EV_NEIGH_ADD], 6);
	ASSERT_EQ(c.bykind[VW_EV_ADDR_ADD], 9);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 21);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_NEIGH), 6);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_LINK), 4);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ADDR), 9);
	/* Again: the same state, so no diff, but the counters add up. */
	memset(&c, 0, sizeof(c));
	ASSERT_EQ(vw_kapply_buf(&a, b.b, b.len), b.len);
	ASSERT_EQ(a.nmsg, 70);
	ASSERT_EQ(c.ndiff, 0);
	bsd_buf_free(&b);
	vw_table_free(t);
}

/* ---- options ------------------------------------------------------------- */

VW_TEST(test_objs_filter)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN),
	    *r = vw_table_new(VW_OS_DARWIN);
	struct counts c, cr;
	struct vw_kapply a;
	struct bsd_buf b;
	size_t stop;

	memset(&c, 0, sizeof(c));
	memset(&cr, 0, sizeof(cr));
	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_table(&b);
	ka_init(&a, t, VW_OS_DARWIN, &c);
	a.objs = 1u << VW_OBJ_NEIGH;
	ASSERT_EQ(vw_kapply_buf(&a, b.b, b.len), b.len);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_NEIGH), 6);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ROUTE), 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_LINK), 0);
	ASSERT_EQ(vw_table_count(t, VW_OBJ_ADDR), 0);
	ASSERT_EQ(c.ndiff, 6);
	ASSERT_EQ(a.nmsg, 35);	/* every message is still decoded */
	ref_apply(r, VW_OS_DARWIN, b.b, b.len, a.objs, BSD_FIX_NOW, &cr,
	    &stop);
	assert_tables_equal(t, r);
	bsd_buf_free(&b);
	vw_table_free(t);
	vw_table_free(r);
}

/*
 * macOS routing messages say nothing of the carrier: with keep_carrier
 * a new running link is presumed to have one and an RTM_IFINFO keeps
 * what the table has; without, LOWER_UP is never set.
 */
VW_TEST(test_keep_carrier)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	const struct vw_link *l;
	struct counts c;
	struct vw_kapply a;
	struct bsd_buf b;
	int k;

	for (k = 0; k <= 1; k++) {
		memset(&c, 0, sizeof(c));
		bsd_buf_init(&b, VW_OS_DARWIN);
		bsd_fix_macos_iflist2(&b);
		ka_init(&a, t, VW_OS_DARWIN, &c);
		a.keep_carrier = k;
		ASSERT_EQ(vw_kapply_buf(&a, b.b, b.len), b.len);
		bsd_buf_free(&b);
		ASSERT((l = vw_table_link(t, 24)) != NULL);
		ASSERT(l->lflags & VW_LF_RUNNING);
		ASSERT_EQ((l->lflags & VW_LF_LOWER_UP) != 0, k);
		bsd_buf_init(&b, VW_OS_DARWIN);
		bsd_fix_macos_ifdown(&b);
		ASSERT_EQ(vw_kapply_buf(&a, b.b, b.len), b.len);
		bsd_buf_free(&b);
		ASSERT((l = vw_table_link(t, 24)) != NULL);
		ASSERT(!(l->lflags & VW_LF_UP));
		ASSERT_EQ((l->lflags & VW_LF_LOWER_UP) != 0, k);
		vw_table_free(t);
		t = vw_table_new(VW_OS_DARWIN);
	}
	vw_table_free(t);
}

VW_TEST(test_base_off)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct vw_kapply a;
	struct vw_perr e;
	struct bsd_buf b;
	struct counts c;

	memset(&c, 0, sizeof(c));
	ASSERT_OK(bsd_fix_by_name("macos-bad-msglen-over", &b));
	ka_init(&a, t, VW_OS_DARWIN, &c);
	a.base_off = 1000000;
	ASSERT_EQ(vw_kapply_buf(&a, b.b, b.len), b.mark);
	ASSERT_EQ(a.err.off, 1000000 + b.mark);
	ASSERT_EQ(vw_kapply_check(VW_OS_DARWIN, b.b, b.len, 77, &e),
	    VW_ETRUNC);
	ASSERT_EQ(e.off, 77 + b.mark);
	/* A good call clears the last error. */
	ASSERT_EQ(vw_kapply_buf(&a, b.b, b.mark), b.mark);
	ASSERT_EQ(a.err.code, 0);
	bsd_buf_free(&b);
	vw_table_free(t);
}

/* a->arg is &ctx.c, the first member: count_cb and reject_cb share it. */
struct reject_ctx {
	struct counts	c;
	struct {
		int	n, code, kind, msg_type;
	} r;
};

static void
reject_cb(int code, const struct vw_event *ev, void *arg)
{
	struct reject_ctx *x = arg;

	x->r.n++;
	x->r.code = code;
	x->r.kind = ev->kind;
	x->r.msg_type = ev->origin.msg_type;
}

/* A link of index 0 is refused by the table; the walk goes on. */
VW_TEST(test_apply_err_cb)
{
	struct reject_ctx ctx;
	struct vw_table *t;
	struct vw_kapply a;
	struct nl_fix_buf nb;
	struct bsd_buf b;

	/* netlink */
	memset(&ctx, 0, sizeof(ctx));
	t = vw_table_new(VW_OS_LINUX);
	nl_fix_init(&nb);
	nl_fix_link(&nb, &(struct nl_fix_link){ .index = 0, .name = "bad0",
	    .mtu = 1500 });
	nl_fix_link(&nb, &(struct nl_fix_link){ .index = 7, .name = "ok7",
	    .mtu = 1500 });
	ASSERT(!nb.oom);
	ka_init(&a, t, VW_OS_LINUX, &ctx.c);
	a.apply_err_cb = reject_cb;
	ASSERT_EQ(vw_kapply_buf(&a, nb.data, nb.len), nb.len);
	ASSERT_EQ(a.napply_err, 1);
	ASSERT_EQ(ctx.r.n, 1);
	ASSERT_EQ(ctx.r.code, VW_EINVAL);
	ASSERT_EQ(ctx.r.msg_type, VW_NL_RTM_NEWLINK);
	ASSERT(vw_table_link(t, 7) != NULL);
	ASSERT_EQ(a.nmsg, 2);
	nl_fix_free(&nb);
	vw_table_free(t);

	/* BSD: an RTM_IFINFO of index 0, then a good one */
	memset(&ctx, 0, sizeof(ctx));
	t = vw_table_new(VW_OS_FREEBSD);
	bsd_buf_init(&b, VW_OS_FREEBSD);
	bsd_if(&b, &(struct bsd_if){ .index = 0, .flags = 0x1,
	    .ifi_type = VW_IFT_ETHER, .mtu = 1500 });
	bsd_end(&b, BSD_END_PADDED);
	bsd_if(&b, &(struct bsd_if){ .index = 3, .flags = 0x1,
	    .ifi_type = VW_IFT_ETHER, .mtu = 1500 });
	bsd_end(&b, BSD_END_PADDED);
	ka_init(&a, t, VW_OS_FREEBSD, &ctx.c);
	ASSERT_EQ(vw_kapply_buf(&a, b.b, b.len), b.len);
	ASSERT_EQ(a.napply_err, 1);	/* counted without a callback too */
	a.apply_err_cb = reject_cb;
	ASSERT_EQ(vw_kapply_buf(&a, b.b, b.len), b.len);
	ASSERT_EQ(a.napply_err, 2);
	ASSERT_EQ(ctx.r.n, 1);
	ASSERT_EQ(ctx.r.code, VW_EINVAL);
	ASSERT_EQ(ctx.r.msg_type, VW_RTM_IFINFO);
	ASSERT(vw_table_link(t, 3) != NULL);
	bsd_buf_free(&b);
	vw_table_free(t);
}

VW_TEST(test_bad_args)
{
	struct vw_table *t = vw_table_new(VW_OS_LINUX);
	struct vw_kapply a;
	struct vw_perr e;
	struct counts c;
	static const uint8_t junk[8] = { 8 };

	memset(&c, 0, sizeof(c));
	ka_init(&a, t, VW_OS_NONE, &c);
	ASSERT_EQ(vw_kapply_buf(&a, junk, sizeof(junk)), 0);
	ASSERT_EQ(a.err.code, VW_EINVAL);
	ASSERT_EQ(vw_kapply_check(VW_OS_NONE, junk, sizeof(junk), 0, &e),
	    VW_EINVAL);
	ASSERT_EQ(vw_kapply_check(42, NULL, 0, 0, &e), VW_EINVAL);
	/* Nothing to do is no error. */
	a.os = VW_OS_LINUX;
	ASSERT_EQ(vw_kapply_buf(&a, NULL, 0), 0);
	ASSERT_EQ(a.err.code, 0);
	ASSERT_OK(vw_kapply_check(VW_OS_DARWIN, NULL, 0, 0, &e));
	vw_table_free(t);
}

VW_TEST_MAIN(test_bsd_fixtures, test_nl_fixtures, test_known_counts,
    test_objs_filter, test_keep_carrier, test_base_off, test_apply_err_cb,
    test_bad_args)
