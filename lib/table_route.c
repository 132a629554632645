/* SPDX-License-Identifier: ISC */
/*
 * table_route.c - compact route storage: encoding a struct vw_route into a
 * node (+ side record), materialising it back, and insert / replace /
 * delete with diff reporting.
 *
 * Every mutation first acquires what it may need (node slot, side slot,
 * next-hop copy, hash capacity) and only then changes the table, so a
 * VW_ENOMEM leaves the table as it was.
 *
 * Cost: a dump of a million routes goes through vw__route_set() once per
 * route, so the route is never staged or copied whole (a vw_route is 176
 * bytes): it is validated, its key hashed and probed, and the node
 * written or compared field run by field run; no diff event is built
 * without a callback; no side record without a nonzero rare field.
 *
 * "Differs" ignores the counters that churn between two dumps of the same
 * route: use (macOS rtm_use grows with every packet), refcnt (macOS
 * rt_msghdr2) and expire (ARP/ND expiry counts down).  They are still
 * stored, silently.
 */
#include <stdlib.h>
#include <string.h>

#include "table_group.h"
#include "table_int.h"
#include "vw_error.h"

#define NONE	UINT32_MAX

static const struct vw__rside zero_side;


/*
 * The destination of r masked to its prefix length, as the 16 bytes a node
 * stores; 0, or VW_EINVAL for a bad family or length.
 */
static int
mask_dst(const struct vw_route *r, uint8_t *dst)
{
	uint64_t hi, lo;
	unsigned plen = r->plen;

	if (r->dst.family == VW_AF_INET) {
		if (plen > 32)
			return VW_EINVAL;
		hi = (uint64_t)(vw__be32(r->dst.a) & vw__mask4(plen)) << 32;
		lo = 0;
	} else if (r->dst.family == VW_AF_INET6) {
		if (plen > 128)
			return VW_EINVAL;
		hi = vw__be64(r->dst.a);
		lo = vw__be64(r->dst.a + 8);
		hi &= plen >= 64 ? ~0ULL : plen == 0 ? 0 : ~0ULL << (64 - plen);
		lo &= plen <= 64 ? 0 : plen == 128 ? ~0ULL :
		    ~0ULL << (128 - plen);
	} else
		return VW_EINVAL;
	vw__put_be64(dst, hi);
	vw__put_be64(dst + 8, lo);
	return 0;
}

static uint64_t
load64(const void *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Does r carry anything a side record holds?  Most routes do not (a
 * Linux route without prefsrc, a BSD route without link gateway, mtu or
 * source address), and then none is allocated.  One OR of the fields,
 * so that the common "no" costs no branches.
 */
static int
needs_side(const struct vw_route *r)
{
	const struct vw_linkgw *l = &r->lgw;

	/* BSD routes carry RTA_IFA, nearly always: answer that at once. */
	if (r->prefsrc.family != 0)
		return 1;
	return (r->gw.scope | r->mtu | r->parentflags | r->refcnt |
	    r->prefsrc.scope | l->sdl_index | l->sdl_type |
	    l->sdl_slen | l->ll.len | (r->nnh > 1)) != 0 ||
	    (load64(r->prefsrc.a) | load64(r->prefsrc.a + 8) |
	    load64(l->name) | load64(l->name + 8) | load64(l->ll.a) |
	    load64(l->ll.a + 8)) != 0;
}

static uint32_t
clamp_expire(int64_t x)
{
	return x <= 0 ? 0 : x > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)x;
}

static void
ip_norm(struct vw_ip *dst, const struct vw_ip *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->family = src->family;
	dst->scope = src->scope;
	memcpy(dst->a, src->a, sizeof(dst->a));
}

static int
nh_same(const struct vw_nexthop *a, const struct vw_nexthop *b, unsigned n)
{
	unsigned i;

	for (i = 0; i < n; i++) {
		if (a[i].gw.family != b[i].gw.family ||
		    a[i].gw.scope != b[i].gw.scope ||
		    memcmp(a[i].gw.a, b[i].gw.a, 16) != 0 ||
		    a[i].ifindex != b[i].ifindex ||
		    a[i].weight != b[i].weight || a[i].flags != b[i].flags)
			return 0;
	}
	return 1;
}

/* Validate what an insert needs beyond the key. */
static int
check_route(const struct vw_route *r)
{
	if (r->nnh > VW_NH_MAX || (r->nnh > 1 && r->nh == NULL))
		return VW_EINVAL;
	return 0;
}

static const struct vw__rside *
side_of(const struct vw_table *t, const struct vw__rnode *n)
{
	return n->side != 0 ? &t->rs[n->side - 1] : &zero_side;
}

/*
 * The runs of fields that a node lays out as struct vw_route does: six
 * bytes plen .. nnh (the node's `bits` holds nnh, plus VW__RN_* flags),
 * five words ifindex .. flags.
 */
#define SMALL_LEN	6
#define WORDS_LEN	20
#define R_OFF(f)	offsetof(struct vw_route, f)
#define N_OFF(f)	offsetof(struct vw__rnode, f)
_Static_assert(R_OFF(gwkind) == R_OFF(plen) + 1 &&
    R_OFF(type) == R_OFF(plen) + 2 && R_OFF(proto) == R_OFF(plen) + 3 &&
    R_OFF(scope) == R_OFF(plen) + 4 && R_OFF(nnh) == R_OFF(plen) + 5 &&
    N_OFF(gwkind) == N_OFF(plen) + 1 && N_OFF(type) == N_OFF(plen) + 2 &&
    N_OFF(proto) == N_OFF(plen) + 3 && N_OFF(scope) == N_OFF(plen) + 4 &&
    N_OFF(bits) == N_OFF(plen) + 5, "plen .. nnh runs differ");
_Static_assert(R_OFF(ifscope) == R_OFF(ifindex) + 4 &&
    R_OFF(table) == R_OFF(ifindex) + 8 &&
    R_OFF(metric) == R_OFF(ifindex) + 12 &&
    R_OFF(flags) == R_OFF(ifindex) + 16 &&
    N_OFF(ifscope) == N_OFF(ifindex) + 4 &&
    N_OFF(table) == N_OFF(ifindex) + 8 &&
    N_OFF(metric) == N_OFF(ifindex) + 12 &&
    N_OFF(flags) == N_OFF(ifindex) + 16, "ifindex .. flags runs differ");

_Static_assert(R_OFF(mtu) == R_OFF(parentflags) + 4 &&
    R_OFF(refcnt) == R_OFF(parentflags) + 8 &&
    offsetof(struct vw__rside, mtu) ==
    offsetof(struct vw__rside, parentflags) + 4 &&
    offsetof(struct vw__rside, refcnt) ==
    offsetof(struct vw__rside, parentflags) + 8,
    "parentflags .. refcnt runs differ");

/* lgw, padding, prefsrc: one run in both (copied as one block). */
#define LGW_PREFSRC_LEN \
	(R_OFF(prefsrc) + sizeof(struct vw_ip) - R_OFF(lgw))
_Static_assert(offsetof(struct vw__rside, prefsrc) -
    offsetof(struct vw__rside, lgw) == R_OFF(prefsrc) - R_OFF(lgw),
    "lgw .. prefsrc runs differ");

#define R_AT(r, f)	((const uint8_t *)(r) + R_OFF(f))
#define N_AT(n, f)	((uint8_t *)(n) + N_OFF(f))
#define NC_AT(n, f)	((const uint8_t *)(n) + N_OFF(f))

/*
 * Node n (same fib, dst, plen and dst scope as r) equals r but for use,
 * expire, refcnt and bookkeeping.  Compares the compact fields with the
 * route's directly; the side record only when either has one.
 */
static int
route_same(const struct vw_table *t, const struct vw__rnode *n,
    const struct vw_route *r, int side)
{
	const struct vw__rside *s;
	const struct vw_linkgw *l;

	if (memcmp(NC_AT(n, plen), R_AT(r, plen), SMALL_LEN - 1) != 0 ||
	    (n->bits & VW__RN_NNH) != r->nnh || n->gwfam != r->gw.family ||
	    memcmp(NC_AT(n, ifindex), R_AT(r, ifindex), WORDS_LEN) != 0 ||
	    memcmp(n->gw, r->gw.a, 16) != 0)
		return 0;
	if (n->side == 0 && !side)
		return 1;
	/* Either may hold only a refcnt, which does not count. */
	s = side_of(t, n);
	l = &s->lgw;
	if (l->sdl_index != r->lgw.sdl_index ||
	    l->sdl_type != r->lgw.sdl_type ||
	    l->sdl_slen != r->lgw.sdl_slen ||
	    memcmp(l->name, r->lgw.name, sizeof(l->name)) != 0 ||
	    l->ll.len != r->lgw.ll.len ||
	    memcmp(l->ll.a, r->lgw.ll.a, sizeof(l->ll.a)) != 0 ||
	    s->prefsrc.family != r->prefsrc.family ||
	    s->prefsrc.scope != r->prefsrc.scope ||
	    memcmp(s->prefsrc.a, r->prefsrc.a, 16) != 0 ||
	    s->gwscope != r->gw.scope || s->mtu != r->mtu ||
	    s->parentflags != r->parentflags)
		return 0;
	if (r->nnh > 1)
		return nh_same(s->nh, r->nh, r->nnh);
	return 1;
}

/*
 * Write r's fields into node n; next and side are left alone, bits is
 * r's nnh and the caller's `keep` (VW__RN_HEAD of a node in place).
 */
static void
node_fill(struct vw__rnode *n, const struct vw_route *r, const uint8_t *dst,
    uint8_t keep)
{
	memcpy(n->dst, dst, 16);
	memcpy(N_AT(n, plen), R_AT(r, plen), SMALL_LEN);
	n->bits |= keep;
	n->family = r->dst.family;
	n->gwfam = r->gw.family;
	memcpy(N_AT(n, ifindex), R_AT(r, ifindex), WORDS_LEN);
	n->dscope = r->dst.scope;
	n->use = r->use;
	n->expire = clamp_expire(r->expire);
	memcpy(n->gw, r->gw.a, 16);
}

void
vw__route_get(const struct vw_table *t, uint32_t idx, struct vw_route *out)
{
	const struct vw__rnode *n = &t->rn[idx];
	const struct vw__rside *s;

	memset(out, 0, sizeof(*out));
	out->dst.family = n->family;
	out->dst.scope = n->dscope;
	memcpy(out->dst.a, n->dst, 16);
	memcpy((uint8_t *)out + R_OFF(plen), NC_AT(n, plen), SMALL_LEN);
	out->nnh = n->bits & VW__RN_NNH;
	out->gw.family = n->gwfam;
	memcpy(out->gw.a, n->gw, 16);
	memcpy((uint8_t *)out + R_OFF(ifindex), NC_AT(n, ifindex), WORDS_LEN);
	out->use = n->use;
	out->expire = n->expire;
	if (n->side == 0)
		return;
	s = &t->rs[n->side - 1];
	out->gw.scope = s->gwscope;
	out->lgw = s->lgw;
	out->prefsrc = s->prefsrc;
	out->mtu = s->mtu;
	out->parentflags = s->parentflags;
	out->refcnt = s->refcnt;
	if (out->nnh > 1)
		out->nh = s->nh;
}

/* ---- pools ------------------------------------------------------------- */

static int
node_reserve(struct vw_table *t)
{
	struct vw__rnode *p;

	if (t->rn_free != 0 || t->rn_len < t->rn_cap)
		return 0;
	if ((p = vw__grow(t->rn, &t->rn_cap, t->rn_len + 1, sizeof(*p),
	    VW__IDX_MAX + 1)) == NULL)
		return VW_ENOMEM;
	t->rn = p;
	return 0;
}

static inline uint32_t
node_take(struct vw_table *t)
{
	uint32_t idx;

	if (t->rn_free != 0) {
		idx = t->rn_free - 1;
		t->rn_free = t->rn[idx].next;
	} else
		idx = t->rn_len++;
	return idx;
}

static void
node_release(struct vw_table *t, uint32_t idx)
{
	t->rn[idx].family = 0;
	t->rn[idx].bits = 0;
	t->rn[idx].next = t->rn_free;
	t->rn_free = idx + 1;
}

static int
side_reserve(struct vw_table *t)
{
	struct vw__rside *p;

	if (t->rs_free != 0 || t->rs_len < t->rs_cap)
		return 0;
	if ((p = vw__grow(t->rs, &t->rs_cap, t->rs_len + 1, sizeof(*p),
	    VW__IDX_MAX + 1)) == NULL)
		return VW_ENOMEM;
	t->rs = p;
	return 0;
}

static inline uint32_t
side_take(struct vw_table *t)
{
	uint32_t idx;

	if (t->rs_free != 0) {
		idx = t->rs_free - 1;
		t->rs_free = t->rs[idx].next_free;
	} else
		idx = t->rs_len++;
	return idx;
}

static void
side_release(struct vw_table *t, uint32_t idx)
{
	memset(&t->rs[idx], 0, sizeof(t->rs[idx]));
	t->rs[idx].next_free = t->rs_free;
	t->rs_free = idx + 1;
}

/* An owned, normalised copy of r's next hops (NULL if not multipath). */
static int
nh_copy(const struct vw_route *r, struct vw_nexthop **out)
{
	unsigned i, n = r->nnh;
	struct vw_nexthop *nh;

	*out = NULL;
	if (n <= 1)
		return 0;
	if ((nh = calloc(n, sizeof(*nh))) == NULL)
		return VW_ENOMEM;
	for (i = 0; i < n; i++) {
		ip_norm(&nh[i].gw, &r->nh[i].gw);
		nh[i].ifindex = r->nh[i].ifindex;
		nh[i].weight = r->nh[i].weight;
		nh[i].flags = r->nh[i].flags;
	}
	*out = nh;
	return 0;
}

/* ---- apply ------------------------------------------------------------- */

/* Side record s holds r's rare fields and next hops nh (owned). */
static inline void
side_fill(struct vw__rside *s, const struct vw_route *r,
    struct vw_nexthop *nh)
{
	/* Compared field by field, so copied whole (pad bytes and all). */
	memcpy((uint8_t *)s + offsetof(struct vw__rside, lgw), R_AT(r, lgw),
	    LGW_PREFSRC_LEN);
	memset(s->prefsrc._pad, 0, sizeof(s->prefsrc._pad));
	memcpy((uint8_t *)s + offsetof(struct vw__rside, parentflags),
	    R_AT(r, parentflags), 12);
	s->gwscope = r->gw.scope;
	s->nh = nh;
	s->next_free = 0;
}

/* Give node n a side record holding r's rare fields (capacity reserved). */
static void
write_side(struct vw_table *t, struct vw__rnode *n, const struct vw_route *r,
    struct vw_nexthop *nh)
{
	uint32_t sidx;

	sidx = n->side != 0 ? n->side - 1 : side_take(t);
	side_fill(&t->rs[sidx], r, nh);
	n->side = sidx + 1;
}

/*
 * Route r (validated, side: needs_side(r)) goes into existing node idx,
 * which has the same key or, for a Linux NLM_F_REPLACE, the same
 * (dst, plen, dst scope, metric): the node keeps its place in its group.
 * The common case of a re-dump, nothing but counters moved, is inline.
 */
static int	route_change(struct vw_table *, uint32_t,
		    const struct vw_route *, const uint8_t *, int,
		    struct vw__emit *) __attribute__((noinline));

static inline __attribute__((always_inline)) int
route_replace(struct vw_table *t, uint32_t idx, const struct vw_route *r,
    const uint8_t *dst, int side, struct vw__emit *e)
{
	struct vw__rnode *n = &t->rn[idx];
	int rc;

	if (!route_same(t, n, r, side))
		return route_change(t, idx, r, dst, side, e);
	/* Only counters moved: store them, report nothing. */
	if (n->side != 0)
		t->rs[n->side - 1].refcnt = r->refcnt;
	else if (r->refcnt != 0) {
		if ((rc = side_reserve(t)) != 0)
			return rc;
		write_side(t, n, r, NULL);
	}
	n->use = r->use;
	n->expire = clamp_expire(r->expire);
	n->bits &= (uint8_t)~VW__RN_STALE;
	return 0;
}

static int
route_change(struct vw_table *t, uint32_t idx, const struct vw_route *r,
    const uint8_t *dst, int side, struct vw__emit *e)
{
	struct vw__rnode *n = &t->rn[idx];
	struct vw_nexthop *nh, *oldnh;
	int rc;

	if (side && n->side == 0 && (rc = side_reserve(t)) != 0)
		return rc;
	if ((rc = nh_copy(r, &nh)) != 0)
		return rc;
	if (e->cb != NULL)
		vw__route_get(t, idx, &vw__diff(e)->old.route);
	oldnh = side_of(t, n)->nh;
	if (side) {
		write_side(t, n, r, nh);
	} else if (n->side != 0) {
		side_release(t, n->side - 1);
		n->side = 0;
	}
	node_fill(n, r, dst, n->bits & VW__RN_HEAD);
	if (e->cb != NULL)
		vw__route_get(t, idx, &vw__diff(e)->u.route);
	vw__emit(e, VW_EV_ROUTE_CHANGE, 1);
	free(oldnh);
	return 1;
}

/*
 * Insert or replace.  On Linux a route's key includes its next hop (see
 * same_key() in table_lpm.c): route.add of another next hop is another
 * route (NLM_F_APPEND, or the kernel's own per-device routes), while
 * route.change is what the kernel sends for NLM_F_REPLACE: the first
 * route of that (table, dst, plen, metric) now looks like this, and no
 * RTM_DELROUTE comes for its old next hop.
 *
 * The route is read in place: no staged copy, and the node is written
 * once, field by field.
 */
int
vw__route_set(struct vw_table *t, const struct vw_route *r, int replace,
    struct vw__emit *e)
{
	struct vw_nexthop *nh = NULL;
	const uint32_t *slots;
	struct vw__rpos pos;
	struct vw__fib *f;
	uint8_t dst[16];
	uint32_t idx, sidx;
	int rc, side;

	if ((rc = mask_dst(r, dst)) != 0 || (rc = check_route(r)) != 0)
		return rc;
	if ((f = vw__fib_get_fast(t, r->dst.family, r->table)) == NULL)
		return VW_ENOMEM;
	side = needs_side(r);
	vw__fib_find_route(t, f, r, dst, &pos);
	if (pos.node != NONE)
		return route_replace(t, pos.node, r, dst, side, e);
	if (replace && t->os == VW_OS_LINUX && pos.first != NONE)
		return route_replace(t, pos.first, r, dst, side, e);

	if ((rc = node_reserve(t)) != 0)
		return rc;
	if (side && (rc = side_reserve(t)) != 0)
		return rc;
	if (pos.slot < 0) {
		/* A new prefix group; if that rehashed, look again. */
		slots = f->h.slot;
		if ((rc = vw__fib_reserve_group(t, f)) != 0)
			return rc;
		if (f->h.slot != slots)
			vw__fib_find_route(t, f, r, dst, &pos);
	}
	if (side && (rc = nh_copy(r, &nh)) != 0)
		return rc;

	idx = node_take(t);
	node_fill(&t->rn[idx], r, dst, 0);
	t->rn[idx].side = 0;
	if (side) {
		sidx = side_take(t);
		side_fill(&t->rs[sidx], r, nh);
		t->rn[idx].side = sidx + 1;
	}
	vw__fib_link(t, &pos, idx);
	t->nroutes++;
	if (e->cb != NULL)
		vw__route_get(t, idx, &vw__diff(e)->u.route);
	vw__emit(e, VW_EV_ROUTE_ADD, 0);
	return 1;
}

static void
remove_at(struct vw_table *t, const struct vw__rpos *pos, struct vw__emit *e)
{
	uint32_t idx = pos->node, side;
	struct vw_nexthop *nh;

	if (e->cb != NULL)
		vw__route_get(t, idx, &vw__diff(e)->u.route);
	vw__fib_unlink(t, pos);
	side = t->rn[idx].side;
	nh = side_of(t, &t->rn[idx])->nh;
	t->rn[idx].family = 0;	/* gone for readers called back below */
	t->nroutes--;
	vw__emit(e, VW_EV_ROUTE_DELETE, 0);
	/* Only now: the callback's route still pointed at nh. */
	free(nh);
	if (side != 0)
		side_release(t, side - 1);
	node_release(t, idx);
}

static void
route_remove(struct vw_table *t, uint32_t idx, struct vw__emit *e)
{
	struct vw__rpos pos;

	vw__fib_locate(t, idx, &pos);
	remove_at(t, &pos, e);
}

int
vw__route_del(struct vw_table *t, const struct vw_route *r,
    struct vw__emit *e)
{
	struct vw__rpos pos;
	struct vw__fib *f;
	uint8_t dst[16];
	int rc;

	/* Only the key is read: a delete may carry any number of next hops. */
	if ((rc = mask_dst(r, dst)) != 0)
		return rc;
	if ((f = vw__fib_find(t, r->dst.family, r->table)) == NULL)
		return 0;
	vw__fib_find_route(t, f, r, dst, &pos);
	if (pos.node != NONE) {
		remove_at(t, &pos, e);
		return 1;
	}
	/*
	 * Linux: a delete that names no next hop (`ip route del PREFIX
	 * metric M` as a recording or a test would give it) removes the
	 * first route of that metric, as fib_table_delete() does.
	 */
	if (t->os == VW_OS_LINUX && pos.first != NONE && r->ifindex == 0 &&
	    r->gw.family == 0 && r->nnh <= 1) {
		route_remove(t, pos.first, e);
		return 1;
	}
	return 0;
}

static int
uses_if(const struct vw_table *t, const struct vw__rnode *n, uint32_t ifx)
{
	const struct vw__rside *s;
	unsigned i;

	if (n->ifindex == ifx || n->ifscope == ifx)
		return 1;
	if ((n->bits & VW__RN_NNH) <= 1)
		return 0;
	s = side_of(t, n);
	for (i = 0; i < (n->bits & VW__RN_NNH); i++)
		if (s->nh[i].ifindex == ifx)
			return 1;
	return 0;
}

void
vw__route_purge_if(struct vw_table *t, uint32_t ifindex, struct vw__emit *e)
{
	uint32_t i;

	/*
	 * Linux flushes a vanished device's IPv4 routes without sending
	 * RTM_DELROUTE for them (fib_sync_down_dev / fib_flush), and a
	 * multipath route dies with any of its devices.
	 */
	for (i = 0; i < t->rn_len; i++)
		if (t->rn[i].family != 0 && uses_if(t, &t->rn[i], ifindex))
			route_remove(t, i, e);
}

/* Every next hop of an IPv4 route is on ifindex, and it is no local route. */
static int
dies_on_down(const struct vw_table *t, const struct vw__rnode *n,
    uint32_t ifx)
{
	const struct vw__rside *s;
	unsigned i;

	if (n->family != VW_AF_INET || n->scope == 254)	/* RT_SCOPE_HOST */
		return 0;
	if ((n->bits & VW__RN_NNH) <= 1)
		return n->ifindex == ifx;
	s = side_of(t, n);
	for (i = 0; i < (n->bits & VW__RN_NNH); i++)
		if (s->nh[i].ifindex != ifx)
			return 0;
	return 1;
}

void
vw__route_purge_down(struct vw_table *t, uint32_t ifindex,
    struct vw__emit *e)
{
	uint32_t i;

	/*
	 * Linux, NETDEV_DOWN: fib_sync_down_dev() marks dead every IPv4
	 * next hop on the device except those of host-scope (local) routes,
	 * and fib_flush() drops routes left with no live next hop, without
	 * an RTM_DELROUTE.  IPv6 announces its deletions.
	 */
	for (i = 0; i < t->rn_len; i++)
		if (t->rn[i].family != 0 && dies_on_down(t, &t->rn[i], ifindex))
			route_remove(t, i, e);
}

void
vw__route_mark(struct vw_table *t)
{
	uint32_t i;

	for (i = 0; i < t->rn_len; i++)
		if (t->rn[i].family != 0)
			t->rn[i].bits |= VW__RN_STALE;
}

void
vw__route_sweep(struct vw_table *t, struct vw__emit *e)
{
	uint32_t i;

	for (i = 0; i < t->rn_len; i++)
		if (t->rn[i].family != 0 && (t->rn[i].bits & VW__RN_STALE))
			route_remove(t, i, e);
}

void
vw__route_free(struct vw_table *t)
{
	uint32_t i;

	for (i = 0; i < t->rs_len; i++)
		free(t->rs[i].nh);
	free(t->rs);
	free(t->rn);
	vw__fib_free_all(t);
	t->rs = NULL;
	t->rn = NULL;
	t->rn_len = t->rn_cap = t->rn_free = t->nroutes = 0;
	t->rs_len = t->rs_cap = t->rs_free = 0;
}
