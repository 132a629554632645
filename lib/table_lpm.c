/* SPDX-License-Identifier: ISC */
/*
 * table_lpm.c - the fibs (one prefix-group hash per (family, table), see
 * table_group.h), their growth and removal of groups, and the
 * longest-prefix match behind vw_table_lookup().
 *
 * A lookup walks the prefix lengths present (listed per fib) from the
 * longest down, computing the masked address and its hash for each, and
 * stops at the first group with a member the OS's rules accept.  Slots are
 * prefetched several lengths ahead, so their cache misses overlap instead
 * of queueing one behind the other, and the slot tag confirms or rejects
 * most candidates without reading a node: the node of the matching group
 * is, in the common case, the only miss a lookup waits for after the slots.
 */
#include <stdlib.h>
#include <string.h>

#include "table_group.h"
#include "table_int.h"
#include "vw_error.h"

#define NONE		UINT32_MAX

enum { SEL_NONE = 0, SEL_FOUND = 1, SEL_THROW = 2 };

static uint64_t
node_hash_cb(const void *ctx, uint32_t idx)
{
	const struct vw_table *t = ctx;

	return vw__node_hash(&t->rn[idx], vw__lscope_on(t, t->rn[idx].family));
}

/* ---- fibs -------------------------------------------------------------- */

static int
fast_slot(uint32_t table)
{
	switch (table) {
	case 0:		return VW__FF_BSD;
	case 255:	return VW__FF_LOCAL;	/* RT_TABLE_LOCAL */
	case 254:	return VW__FF_MAIN;	/* RT_TABLE_MAIN */
	case 253:	return VW__FF_DEFAULT;	/* RT_TABLE_DEFAULT */
	default:	return -1;
	}
}

struct vw__fib *
vw__fib_find(const struct vw_table *t, int family, uint32_t table)
{
	uint32_t i;
	int k;

	if ((k = fast_slot(table)) >= 0)
		return t->ff[family == VW_AF_INET6][k];
	for (i = 0; i < t->nfib; i++)
		if (t->fib[i]->family == family && t->fib[i]->table == table)
			return t->fib[i];
	return NULL;
}

struct vw__fib *
vw__fib_get(struct vw_table *t, int family, uint32_t table)
{
	struct vw__fib *f, **nf;
	int k;

	if ((f = vw__fib_find(t, family, table)) != NULL)
		return f;
	if ((f = calloc(1, sizeof(*f))) == NULL)
		return NULL;
	nf = realloc(t->fib, (t->nfib + 1) * sizeof(*nf));
	if (nf == NULL) {
		free(f);
		return NULL;
	}
	t->fib = nf;
	f->family = (uint8_t)family;
	f->table = table;
	t->fib[t->nfib++] = f;
	if ((k = fast_slot(table)) >= 0)
		t->ff[family == VW_AF_INET6][k] = f;
	return f;
}

void
vw__fib_free_all(struct vw_table *t)
{
	uint32_t i;

	for (i = 0; i < t->nfib; i++) {
		vw__ihash_free(&t->fib[i]->h);
		free(t->fib[i]);
	}
	free(t->fib);
	t->fib = NULL;
	t->nfib = 0;
	memset(t->ff, 0, sizeof(t->ff));
}

/* ---- groups ------------------------------------------------------------ */

/*
 * Grow the group hash.  Slots keep only an 8-bit tag of the hash, so the
 * hashes are recomputed from the group heads.  When this fib holds most
 * of the nodes (a full table being loaded) the heads are found by walking
 * the node array in order (VW__RN_HEAD), which reads memory sequentially
 * and touches no empty slot; otherwise by walking the old slots, with the
 * nodes, read at random there, prefetched a few slots ahead.
 */
#define REHASH_AHEAD	8

static inline void
rehash_put(uint32_t *ns, uint32_t nmask, uint64_t h, uint32_t idx)
{
	uint32_t p;

	for (p = (uint32_t)h & nmask; ns[p] != 0; p = (p + 1) & nmask)
		;
	ns[p] = vw__slot_make(h, idx);
}

int
vw__fib_reserve_group_slow(struct vw_table *t, struct vw__fib *f)
{
	const struct vw__rnode *n;
	uint32_t *ns, *os = f->h.slot, nmask, i, s, omask = f->h.mask;
	uint64_t need = (uint64_t)f->h.n + 1, cap;
	int on = vw__lscope_on(t, f->family);

	cap = os != NULL ? (uint64_t)omask + 1 : 0;
	if (need * 4 <= cap * 3)
		return 0;
	if (cap == 0)
		cap = 16;
	while (need * 4 > cap * 3)
		cap *= 2;
	if (cap > ((uint64_t)1 << 31))
		return VW_ENOMEM;
	if ((ns = calloc((size_t)cap, sizeof(*ns))) == NULL)
		return VW_ENOMEM;
	nmask = (uint32_t)(cap - 1);
	if (os == NULL) {
		/* Nothing to move. */
	} else if ((uint64_t)f->nroutes * 2 >= t->rn_len) {
		for (i = 0; i < t->rn_len; i++) {
			n = &t->rn[i];
			if (!(n->bits & VW__RN_HEAD) ||
			    n->family != f->family || n->table != f->table)
				continue;
			rehash_put(ns, nmask, f->family == VW_AF_INET ?
			    vw__hash4(vw__be32(n->dst), n->plen) :
			    vw__node_hash(n, on), i);
		}
	} else {
		for (i = 0; i <= omask; i++) {
			if (i + REHASH_AHEAD <= omask &&
			    (s = os[i + REHASH_AHEAD]) != 0)
				__builtin_prefetch(&t->rn[vw__slot_idx(s)]);
			if ((s = os[i]) != 0)
				rehash_put(ns, nmask,
				    vw__node_hash(&t->rn[vw__slot_idx(s)], on),
				    vw__slot_idx(s));
		}
	}
	free(os);
	f->h.slot = ns;
	f->h.mask = nmask;
	return 0;
}

void
vw__fib_unlink(struct vw_table *t, const struct vw__rpos *pos)
{
	struct vw__fib *f = pos->fib;
	struct vw__rnode *n = &t->rn[pos->node];

	if (pos->node != pos->head) {
		t->rn[pos->prev].next = n->next;
	} else if (n->next != 0) {
		/* The next member heads the group; same group, same hash. */
		f->h.slot[pos->slot] = vw__slot_make(pos->hash, n->next - 1);
		t->rn[n->next - 1].bits |= VW__RN_HEAD;
	} else {
		vw__ihash_remove_at(&f->h, (uint32_t)pos->slot, node_hash_cb, t);
		if (--f->plcnt[n->plen] == 0)
			vw__fib_plens(f);
	}
	n->next = 0;
	n->bits &= (uint8_t)~VW__RN_HEAD;
	f->nroutes--;
}

void
vw__fib_plens(struct vw__fib *f)
{
	int p;

	/* Rare (a length appears or goes), and lookups walk the result. */
	f->npl = 0;
	for (p = 128; p >= 0; p--)
		if (f->plcnt[p] != 0)
			f->pl[f->npl++] = (uint8_t)p;
}

void
vw__fib_locate(struct vw_table *t, uint32_t idx, struct vw__rpos *pos)
{
	const struct vw__rnode *n = &t->rn[idx];
	struct vw__fib *f = vw__fib_find(t, n->family, n->table);
	uint32_t i, prev = NONE;
	int on = vw__lscope_on(t, n->family);

	pos->fib = f;
	pos->hash = vw__node_hash(n, on);
	pos->node = idx;
	pos->first = NONE;
	pos->slot = vw__group_slot(t, f, pos->hash, n->dst, n->plen,
	    vw__lscope(on, n->plen, n->dscope), &pos->head, &pos->empty);
	/* The node is in the table, so its group is found and holds it. */
	for (i = pos->head; i != idx; i = t->rn[i].next - 1)
		prev = i;
	pos->prev = prev;
}

/* ---- lookup ------------------------------------------------------------ */

/*
 * Pick the member of a prefix group the kernel would use (see vw_table.h).
 * Returns SEL_FOUND with *out set, SEL_NONE to try shorter prefixes, or
 * SEL_THROW (Linux "throw" route: leave this table).
 */
static int
select_member(const struct vw_table *t, uint32_t head, uint32_t ascope,
    uint32_t ifscope, uint32_t *out)
{
	const struct vw__rnode *n, *b;
	uint32_t idx, best = NONE;

	switch (t->os) {
	case VW_OS_LINUX:
		for (idx = head; idx != NONE; idx = n->next - 1) {
			n = &t->rn[idx];
			if (best == NONE) {
				best = idx;
				continue;
			}
			b = &t->rn[best];
			/* Same prefix: lowest metric; a scoped destination
			 * prefers its own device on a tie. */
			if (n->metric < b->metric || (n->metric == b->metric &&
			    ascope != 0 && n->ifindex == ascope &&
			    b->ifindex != ascope))
				best = idx;
		}
		*out = best;
		/* RTN_THROW ends the lookup in this table (fib_semantics.c). */
		return t->rn[best].type == VW_RT_THROW ? SEL_THROW : SEL_FOUND;
	case VW_OS_DARWIN:
		/*
		 * XNU scoped routing (route.c rt_lookup): an unscoped lookup
		 * sees only unscoped routes; a lookup scoped to N takes the
		 * route scoped to N, else an unscoped one through N.
		 */
		for (idx = head; idx != NONE; idx = n->next - 1) {
			n = &t->rn[idx];
			if (n->ifscope == ifscope) {
				*out = idx;
				return SEL_FOUND;
			}
			if (ifscope != 0 && n->ifscope == 0 &&
			    n->ifindex == ifscope)
				best = idx;
		}
		*out = best;
		return best != NONE ? SEL_FOUND : SEL_NONE;
	default:
		/* FreeBSD: one route per prefix in a fib. */
		for (idx = head; idx != NONE; idx = n->next - 1) {
			n = &t->rn[idx];
			if (best == NONE || n->ifscope == 0)
				best = idx;
		}
		*out = best;
		return SEL_FOUND;
	}
}

/*
 * The prefix lengths present in a fib are probed longest first.  The
 * candidate for each (masked address, hash) is computed PROBE_AHEAD
 * lengths before it is probed and its slot prefetched then, so the slot
 * misses of several lengths overlap and, when a length hits, the node is
 * the only miss left to wait for.  The slot tag rejects almost every
 * other group without reading its node.
 *
 * PROBE_AHEAD 4: with bench_table's six lengths a deeper window only adds
 * TLB walks and line fills for lengths rarely reached (measured: 8 was
 * ~10% slower than 2..4 at 1M routes), while a BGP table's ~25 lengths
 * want several slots in flight.
 */
#define PROBE_AHEAD	4

/* The route will be copied out: its second cache line is wanted too. */
static inline void
prefetch_node_tail(const struct vw__rnode *n)
{
	__builtin_prefetch((const char *)(n + 1) - 1);
}

/*
 * IPv4 candidates of one fib: the masked address and hash for each length
 * present, computed (and the slot prefetched) ahead of the probe.  Linux
 * starts those of all its rule tables before probing the first, so the
 * misses on the main table's slots overlap the walk of the local table.
 */
struct cand4 {
	const struct vw__fib *f;	/* NULL: nothing to probe */
	uint32_t	a;
	int		c;		/* candidates computed */
	uint32_t	k[33];
	uint64_t	h[33];
};

static inline void
cand4_next(struct cand4 *cd)
{
	const struct vw__fib *f = cd->f;
	unsigned p = f->pl[cd->c];

	cd->k[cd->c] = cd->a & vw__mask4(p);
	cd->h[cd->c] = vw__hash4(cd->k[cd->c], p);
	__builtin_prefetch(&f->h.slot[cd->h[cd->c] & f->h.mask]);
	cd->c++;
}

static inline void
cand4_start(struct cand4 *cd, const struct vw__fib *f, uint32_t a)
{
	int n;

	cd->f = f != NULL && f->nroutes != 0 ? f : NULL;
	cd->a = a;
	cd->c = 0;
	if (cd->f == NULL)
		return;
	n = f->npl < PROBE_AHEAD ? f->npl : PROBE_AHEAD;
	while (cd->c < n)
		cand4_next(cd);
}

static int
lpm4(const struct vw_table *t, struct cand4 *cd, uint32_t ifscope,
    uint32_t *out)
{
	const struct vw__fib *f = cd->f;
	const struct vw__rnode *n;
	const uint32_t *slot;
	uint32_t mask, pos, s;
	int cnt, i, r;

	if (f == NULL)
		return SEL_NONE;
	slot = f->h.slot;
	mask = f->h.mask;
	cnt = f->npl;
	for (i = 0; i < cnt; i++) {
		if (cd->c < cnt)
			cand4_next(cd);
		for (pos = (uint32_t)cd->h[i] & mask; (s = slot[pos]) != 0;
		    pos = (pos + 1) & mask) {
			if (!vw__slot_tag_eq(s, cd->h[i]))
				continue;
			n = &t->rn[vw__slot_idx(s)];
			if (n->plen != f->pl[i] || vw__be32(n->dst) != cd->k[i])
				continue;
			prefetch_node_tail(n);
			r = select_member(t, vw__slot_idx(s), 0, ifscope, out);
			if (r != SEL_NONE)
				return r;
			break;
		}
	}
	return SEL_NONE;
}

/* IPv6: the same, over up to 129 lengths, with a ring of candidates. */
#define PROBE_RING	16	/* > PROBE_AHEAD, a power of two */

struct probe6 {
	uint64_t	h;
	uint64_t	hi, lo;		/* masked address */
	uint32_t	ls;		/* lookup scope */
	uint32_t	plen;
};

static int
lpm6(const struct vw_table *t, const struct vw__fib *f,
    const struct vw_ip *addr, uint32_t ifscope, uint32_t *out)
{
	struct probe6 pr[PROBE_RING], *q;
	const struct vw__rnode *n;
	const uint32_t *slot = f->h.slot;
	const uint8_t *pl = f->pl;
	uint64_t hi, lo;
	uint32_t mask = f->h.mask, pos, s;
	int cnt = f->npl, c = 0, i, r, on = vw__lscope_on(t, VW_AF_INET6);
	unsigned p;

	hi = vw__be64(addr->a);
	lo = vw__be64(addr->a + 8);
	for (i = 0; i < cnt; i++) {
		for (; c < cnt && c <= i + PROBE_AHEAD; c++) {
			q = &pr[c % PROBE_RING];
			p = pl[c];
			q->plen = p;
			q->hi = hi & (p >= 64 ? ~0ULL : p == 0 ? 0 :
			    ~0ULL << (64 - p));
			q->lo = lo & (p <= 64 ? 0 : p == 128 ? ~0ULL :
			    ~0ULL << (128 - p));
			q->ls = vw__lscope(on, p, addr->scope);
			q->h = vw__hash6(q->hi, q->lo, p, q->ls);
			__builtin_prefetch(&slot[q->h & mask]);
		}
		q = &pr[i % PROBE_RING];
		for (pos = (uint32_t)q->h & mask; (s = slot[pos]) != 0;
		    pos = (pos + 1) & mask) {
			if (!vw__slot_tag_eq(s, q->h))
				continue;
			n = &t->rn[vw__slot_idx(s)];
			if (n->plen != q->plen || vw__be64(n->dst) != q->hi ||
			    vw__be64(n->dst + 8) != q->lo ||
			    vw__lscope(on, n->plen, n->dscope) != q->ls)
				continue;
			prefetch_node_tail(n);
			r = select_member(t, vw__slot_idx(s), addr->scope,
			    ifscope, out);
			if (r != SEL_NONE)
				return r;
			break;
		}
	}
	return SEL_NONE;
}

int
vw_table_lookup(const struct vw_table *t, const struct vw_ip *addr,
    uint32_t ifscope, struct vw_route *out)
{
	/* Linux's default rules: local (255), main (254), default (253). */
	static const int linux_order[] = { VW__FF_LOCAL, VW__FF_MAIN,
	    VW__FF_DEFAULT };
	struct cand4 cd[3];
	const struct vw__fib *f;
	uint32_t idx, a;
	int i, n;

	if (t == NULL || addr == NULL || out == NULL ||
	    (addr->family != VW_AF_INET && addr->family != VW_AF_INET6))
		return VW_EINVAL;
	if (t->os != VW_OS_LINUX) {
		/* FreeBSD: no scoped routing. */
		if (t->os == VW_OS_FREEBSD)
			ifscope = 0;
		n = 1;
		if (addr->family == VW_AF_INET6) {
			f = t->ff[1][VW__FF_BSD];
			if (f == NULL || f->nroutes == 0 ||
			    lpm6(t, f, addr, ifscope, &idx) != SEL_FOUND)
				return VW_ENOENT;
			vw__route_get(t, idx, out);
			return 0;
		}
		cand4_start(&cd[0], t->ff[0][VW__FF_BSD], vw__be32(addr->a));
	} else if (addr->family == VW_AF_INET6) {
		for (i = 0; i < 3; i++) {
			/* SEL_THROW: continue with the next rule's table. */
			f = t->ff[1][linux_order[i]];
			if (f != NULL && f->nroutes != 0 &&
			    lpm6(t, f, addr, 0, &idx) == SEL_FOUND) {
				vw__route_get(t, idx, out);
				return 0;
			}
		}
		return VW_ENOENT;
	} else {
		a = vw__be32(addr->a);
		n = 3;
		for (i = 0; i < n; i++)
			cand4_start(&cd[i], t->ff[0][linux_order[i]], a);
		ifscope = 0;
	}
	for (i = 0; i < n; i++) {
		/* Linux SEL_THROW: continue with the next rule's table. */
		if (lpm4(t, &cd[i], ifscope, &idx) == SEL_FOUND) {
			vw__route_get(t, idx, out);
			return 0;
		}
	}
	return VW_ENOENT;
}
