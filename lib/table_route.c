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
 * "Differs" ignores the counters that churn between two dumps of the same
 * route: use (macOS rtm_use grows with every packet), refcnt (macOS
 * rt_msghdr2) and expire (ARP/ND expiry counts down).  They are still
 * stored, silently.
 */
#include <stdlib.h>
#include <string.h>

#include "table_int.h"
#include "vw_error.h"

#define NONE	UINT32_MAX

/* A route encoded for comparison and storage. */
struct stage {
	struct vw__rnode n;
	struct vw__rside s;	/* set only if need_side; nh: the event's */
	int		 need_side;
};

static const struct vw__rside zero_side;

/* Zero the bits of a 16-byte address past plen. */
static void
mask_bytes(uint8_t *a, unsigned plen)
{
	uint64_t hi = vw__be64(a), lo = vw__be64(a + 8);

	hi &= plen >= 64 ? ~0ULL : plen == 0 ? 0 : ~0ULL << (64 - plen);
	lo &= plen <= 64 ? 0 : plen == 128 ? ~0ULL : ~0ULL << (128 - plen);
	vw__put_be64(a, hi);
	vw__put_be64(a + 8, lo);
}

static int
zero16(const void *p)
{
	uint64_t a, b;

	memcpy(&a, p, 8);
	memcpy(&b, (const uint8_t *)p + 8, 8);
	return (a | b) == 0;
}

static int
ip_zero(const struct vw_ip *ip)
{
	return ip->family == 0 && ip->scope == 0 && zero16(ip->a);
}

static int
lgw_zero(const struct vw_linkgw *l)
{
	return l->sdl_index == 0 && l->sdl_type == 0 && l->sdl_slen == 0 &&
	    l->ll.len == 0 && zero16(l->name) && zero16(l->ll.a);
}

static void
ip_norm(struct vw_ip *dst, const struct vw_ip *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->family = src->family;
	dst->scope = src->scope;
	memcpy(dst->a, src->a, sizeof(dst->a));
}

static void
lgw_norm(struct vw_linkgw *dst, const struct vw_linkgw *src)
{
	memset(dst, 0, sizeof(*dst));
	dst->sdl_index = src->sdl_index;
	dst->sdl_type = src->sdl_type;
	dst->sdl_slen = src->sdl_slen;
	memcpy(dst->name, src->name, sizeof(dst->name));
	dst->ll = src->ll;
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

/* Validate r and encode it; dst is masked to plen. */
static int
stage_route(const struct vw_route *r, struct stage *st, int key_only)
{
	struct vw__rnode *n = &st->n;
	unsigned bits;

	if (r->dst.family == VW_AF_INET)
		bits = 32;
	else if (r->dst.family == VW_AF_INET6)
		bits = 128;
	else
		return VW_EINVAL;
	if (r->plen > bits)
		return VW_EINVAL;
	memset(n, 0, sizeof(*n));
	memcpy(n->dst, r->dst.a, 16);
	mask_bytes(n->dst, r->plen);
	n->family = r->dst.family;
	n->plen = r->plen;
	n->dscope = r->dst.scope;
	n->ifscope = r->ifscope;
	n->table = r->table;
	n->metric = r->metric;
	/* The next hop is part of a Linux key. */
	n->ifindex = r->ifindex;
	n->gwfam = r->gw.family;
	memcpy(n->gw, r->gw.a, 16);
	n->bits = r->nnh > VW_NH_MAX ? VW_NH_MAX : r->nnh;
	if (key_only)
		return 0;
	if (r->nnh > VW_NH_MAX || (r->nnh > 1 && r->nh == NULL))
		return VW_EINVAL;
	n->gwkind = r->gwkind;
	n->type = r->type;
	n->proto = r->proto;
	n->scope = r->scope;
	n->flags = r->flags;
	n->use = r->use;
	n->expire = r->expire <= 0 ? 0 :
	    r->expire > (int64_t)UINT32_MAX ? UINT32_MAX : (uint32_t)r->expire;

	/* Most routes need no side record: then st->s stays unset. */
	st->need_side = r->gw.scope != 0 || r->mtu != 0 ||
	    r->parentflags != 0 || r->refcnt != 0 || r->nnh > 1 ||
	    !ip_zero(&r->prefsrc) || !lgw_zero(&r->lgw);
	if (st->need_side) {
		memset(&st->s, 0, sizeof(st->s));
		lgw_norm(&st->s.lgw, &r->lgw);
		ip_norm(&st->s.prefsrc, &r->prefsrc);
		st->s.gwscope = r->gw.scope;
		st->s.mtu = r->mtu;
		st->s.parentflags = r->parentflags;
		st->s.refcnt = r->refcnt;
		st->s.nh = r->nnh > 1 ? r->nh : NULL;
	}
	return 0;
}

static const struct vw__rside *
side_of(const struct vw_table *t, const struct vw__rnode *n)
{
	return n->side != 0 ? &t->rs[n->side - 1] : &zero_side;
}

/* Equal but for use, expire, refcnt and bookkeeping. */
static int
route_same(const struct vw_table *t, const struct vw__rnode *a,
    const struct stage *st)
{
	const struct vw__rnode *b = &st->n;
	const struct vw__rside *sa = side_of(t, a);
	const struct vw__rside *sb = st->need_side ? &st->s : &zero_side;

	if (memcmp(a, b, offsetof(struct vw__rnode, bits)) != 0 ||
	    (a->bits & VW__RN_NNH) != (b->bits & VW__RN_NNH) ||
	    a->dscope != b->dscope || a->ifindex != b->ifindex ||
	    a->ifscope != b->ifscope || a->table != b->table ||
	    a->metric != b->metric || a->flags != b->flags ||
	    memcmp(a->gw, b->gw, 16) != 0)
		return 0;
	if (sa == sb)
		return 1;	/* neither has side data */
	if (memcmp(&sa->lgw, &sb->lgw, sizeof(sa->lgw)) != 0 ||
	    memcmp(&sa->prefsrc, &sb->prefsrc, sizeof(sa->prefsrc)) != 0 ||
	    sa->gwscope != sb->gwscope || sa->mtu != sb->mtu ||
	    sa->parentflags != sb->parentflags)
		return 0;
	if ((b->bits & VW__RN_NNH) > 1)
		return nh_same(sa->nh, sb->nh, b->bits & VW__RN_NNH);
	return 1;
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
	out->plen = n->plen;
	out->gwkind = n->gwkind;
	out->type = n->type;
	out->proto = n->proto;
	out->scope = n->scope;
	out->nnh = n->bits & VW__RN_NNH;
	out->gw.family = n->gwfam;
	memcpy(out->gw.a, n->gw, 16);
	out->ifindex = n->ifindex;
	out->ifscope = n->ifscope;
	out->table = n->table;
	out->metric = n->metric;
	out->flags = n->flags;
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

static uint32_t
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

static uint32_t
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

/* An owned, normalised copy of the staged next hops (NULL if none). */
static int
nh_copy(const struct stage *st, struct vw_nexthop **out)
{
	unsigned i, n = st->n.bits & VW__RN_NNH;
	struct vw_nexthop *nh;

	*out = NULL;
	if (n <= 1)
		return 0;
	if ((nh = calloc(n, sizeof(*nh))) == NULL)
		return VW_ENOMEM;
	for (i = 0; i < n; i++) {
		ip_norm(&nh[i].gw, &st->s.nh[i].gw);
		nh[i].ifindex = st->s.nh[i].ifindex;
		nh[i].weight = st->s.nh[i].weight;
		nh[i].flags = st->s.nh[i].flags;
	}
	*out = nh;
	return 0;
}

/* ---- apply ------------------------------------------------------------- */

static void
write_side(struct vw_table *t, struct vw__rnode *n, const struct stage *st,
    struct vw_nexthop *nh)
{
	uint32_t sidx;

	sidx = n->side != 0 ? n->side - 1 : side_take(t);
	t->rs[sidx] = st->s;
	t->rs[sidx].nh = nh;
	t->rs[sidx].next_free = 0;
	n->side = sidx + 1;
}

static int
route_replace(struct vw_table *t, uint32_t idx, const struct stage *st,
    struct vw__emit *e)
{
	struct vw__rnode *n = &t->rn[idx];
	struct vw_nexthop *nh, *oldnh;
	uint32_t next, side, refcnt;
	int rc;

	if (route_same(t, n, st)) {
		/* Only counters moved: store them, report nothing. */
		refcnt = st->need_side ? st->s.refcnt : 0;
		if (n->side == 0 && refcnt != 0) {
			if ((rc = side_reserve(t)) != 0)
				return rc;
			write_side(t, n, st, NULL);
		} else if (n->side != 0)
			t->rs[n->side - 1].refcnt = refcnt;
		n->use = st->n.use;
		n->expire = st->n.expire;
		n->bits &= (uint8_t)~VW__RN_STALE;
		return 0;
	}
	if (st->need_side && n->side == 0 && (rc = side_reserve(t)) != 0)
		return rc;
	if ((rc = nh_copy(st, &nh)) != 0)
		return rc;
	if (e->cb != NULL)
		vw__route_get(t, idx, &vw__diff(e)->old.route);
	oldnh = side_of(t, n)->nh;
	if (st->need_side) {
		write_side(t, n, st, nh);
	} else if (n->side != 0) {
		side_release(t, n->side - 1);
		n->side = 0;
	}
	/* The key is unchanged, so the node keeps its place in its group. */
	next = n->next;
	side = n->side;
	*n = st->n;
	n->next = next;
	n->side = side;
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
 */
int
vw__route_set(struct vw_table *t, const struct vw_route *r, int replace,
    struct vw__emit *e)
{
	struct vw_nexthop *nh = NULL;
	const uint32_t *slots;
	struct vw__rpos pos;
	struct vw__fib *f;
	struct stage st;
	uint32_t idx;
	int rc;

	if ((rc = stage_route(r, &st, 0)) != 0)
		return rc;
	if ((f = vw__fib_get_fast(t, st.n.family, st.n.table)) == NULL)
		return VW_ENOMEM;
	vw__fib_find_key(t, f, &st.n, &pos);
	if (pos.node != NONE)
		return route_replace(t, pos.node, &st, e);
	if (replace && t->os == VW_OS_LINUX && pos.first != NONE)
		return route_replace(t, pos.first, &st, e);

	if ((rc = node_reserve(t)) != 0)
		return rc;
	if (st.need_side && (rc = side_reserve(t)) != 0)
		return rc;
	if (pos.slot < 0) {
		/* A new prefix group; if that rehashed, look again. */
		slots = f->h.slot;
		if ((rc = vw__fib_reserve_group(t, f)) != 0)
			return rc;
		if (f->h.slot != slots)
			vw__fib_find_key(t, f, &st.n, &pos);
	}
	if (st.need_side && (rc = nh_copy(&st, &nh)) != 0)
		return rc;

	idx = node_take(t);
	t->rn[idx] = st.n;
	if (st.need_side)
		write_side(t, &t->rn[idx], &st, nh);
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
	struct stage st;
	int rc;

	if ((rc = stage_route(r, &st, 1)) != 0)
		return rc;
	if ((f = vw__fib_find(t, st.n.family, st.n.table)) == NULL)
		return 0;
	vw__fib_find_key(t, f, &st.n, &pos);
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
