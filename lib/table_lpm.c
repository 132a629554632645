/* SPDX-License-Identifier: ISC */
/*
 * table_lpm.c - per-(family, table) prefix hashes and the longest-prefix
 * match behind vw_table_lookup().
 *
 * A fib hashes "prefix groups": all routes of one (dst, plen), which on
 * macOS differ in ifscope and on Linux in metric and next hop.  The slot
 * points at the group's head node (the oldest); the others hang off
 * vw__rnode.next in arrival order.  A lookup
 * walks the prefix lengths present (a 129-bit map) from the longest down,
 * computing the masked address and its hash for each, and stops at the
 * first group with a member the OS's rules accept.  The slots of a batch
 * of lengths are prefetched together, so their cache misses overlap
 * instead of queueing one behind the other.
 *
 * IPv6 scope: macOS and FreeBSD embed the scope (interface index) of a
 * link-local address in bytes 2-3 inside the kernel (KAME), so fe80::/64 on
 * en0 and on en1 are different radix keys and a prefix of 16 bits or less
 * ignores the scope.  We keep the scope out of the bytes but give it the
 * same meaning: the "lookup scope" of a prefix is its dst scope when plen
 * > 16, else 0.  Linux keeps link-local routes per device instead and
 * ignores the scope of the destination, so there the lookup scope is 0.
 */
#include <stdlib.h>
#include <string.h>

#include "table_int.h"
#include "vw_error.h"

#define NONE		UINT32_MAX

enum { SEL_NONE = 0, SEL_FOUND = 1, SEL_THROW = 2 };

static int
lscope_on(const struct vw_table *t, int family)
{
	return t->os != VW_OS_LINUX && family == VW_AF_INET6;
}

static inline uint32_t
lscope(int on, unsigned plen, uint32_t scope)
{
	return on && plen > 16 ? scope : 0;
}

/*
 * Multiplicative hashes: a lookup computes one per prefix length probed,
 * so they must be cheap.  The top byte (the slot tag) and the low bits
 * (folded with the high half: the slot position) both depend on every
 * key bit.
 */
static inline uint64_t
fold(uint64_t h)
{
	return h ^ (h >> 32);
}

static inline uint64_t
hash4(uint32_t k, unsigned plen)
{
	return fold(((uint64_t)k << 8 | plen) * 0x9e3779b97f4a7c15ULL);
}

static inline uint64_t
hash6(uint64_t hi, uint64_t lo, unsigned plen, uint32_t ls)
{
	return fold(hi * 0x9e3779b97f4a7c15ULL ^
	    (lo ^ ((uint64_t)ls << 8 | plen)) * 0xc2b2ae3d27d4eb4fULL ^
	    ((lo >> 32) + hi) * 0x165667b19e3779f9ULL);
}

static inline uint64_t
group_hash(int family, const uint8_t *dst, unsigned plen, uint32_t ls)
{
	if (family == VW_AF_INET)
		return hash4(vw__be32(dst), plen);
	return hash6(vw__be64(dst), vw__be64(dst + 8), plen, ls);
}

static uint64_t
node_hash(const struct vw_table *t, const struct vw__rnode *n)
{
	return group_hash(n->family, n->dst, n->plen,
	    lscope(lscope_on(t, n->family), n->plen, n->dscope));
}

static uint64_t
node_hash_cb(const void *ctx, uint32_t idx)
{
	const struct vw_table *t = ctx;

	return node_hash(t, &t->rn[idx]);
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

/* Does node n hold route r's key (n in r's fib and prefix group)? */
static int
same_key(const struct vw_table *t, const struct vw__rnode *n,
    const struct vw_route *r)
{
	if (n->dscope != r->dst.scope)
		return 0;
	if (t->os != VW_OS_LINUX)
		return n->ifscope == r->ifscope;
	if (n->metric != r->metric)
		return 0;
	/*
	 * Same next hop, as Linux tells apart routes of one (table, dst,
	 * plen, metric): `ip route append`, and the kernel itself for an
	 * address's prefix route on each device (fib_magic() uses
	 * NLM_F_APPEND) or IPv6's per-device fe80::/64 and ff00::/8
	 * (fib6_add_rt2node() keeps routes whose next hops differ).  A
	 * multipath route is one entry.
	 */
	if ((n->bits & VW__RN_NNH) > 1 || r->nnh > 1)
		return (n->bits & VW__RN_NNH) > 1 && r->nnh > 1;
	return n->ifindex == r->ifindex && n->gwfam == r->gw.family &&
	    memcmp(n->gw, r->gw.a, 16) == 0;
}

/*
 * The slot of the prefix group (dst, plen, lookup scope ls) whose hash is
 * h, or -1; *head is its first node.
 */
static long
group_slot(const struct vw_table *t, const struct vw__fib *f, uint64_t h,
    const uint8_t *dst, unsigned plen, uint32_t ls, uint32_t *head)
{
	const struct vw__rnode *n;
	uint32_t p, s;
	int on = lscope_on(t, f->family);

	if (f->h.slot == NULL)
		return -1;
	for (p = (uint32_t)h & f->h.mask; (s = f->h.slot[p]) != 0;
	    p = (p + 1) & f->h.mask) {
		if (!vw__slot_tag_eq(s, h))
			continue;
		n = &t->rn[vw__slot_idx(s)];
		if (n->plen == plen && memcmp(n->dst, dst, 16) == 0 &&
		    lscope(on, n->plen, n->dscope) == ls) {
			*head = vw__slot_idx(s);
			return (long)p;
		}
	}
	return -1;
}

void
vw__fib_find_route(const struct vw_table *t, struct vw__fib *f,
    const struct vw_route *r, const uint8_t *dst, struct vw__rpos *pos)
{
	const struct vw__rnode *n;
	uint32_t idx, prev, ls;

	ls = lscope(lscope_on(t, f->family), r->plen, r->dst.scope);
	pos->fib = f;
	pos->hash = group_hash(f->family, dst, r->plen, ls);
	pos->head = pos->node = pos->prev = pos->first = NONE;
	pos->slot = group_slot(t, f, pos->hash, dst, r->plen, ls, &pos->head);
	if (pos->slot < 0)
		return;
	prev = NONE;
	for (idx = pos->head; idx != NONE; idx = n->next - 1) {
		n = &t->rn[idx];
		if (pos->first == NONE && n->metric == r->metric &&
		    n->dscope == r->dst.scope)
			pos->first = idx;
		if (same_key(t, n, r)) {
			pos->node = idx;
			pos->prev = prev;
			return;
		}
		prev = idx;
	}
}

/*
 * Grow the group hash.  The hashes are recomputed from the nodes (slots
 * keep only an 8-bit tag); doing it here rather than through the generic
 * vw__ihash_reserve() callback keeps it to a few instructions per group,
 * and the nodes are prefetched a few slots ahead since they are read in
 * hash order, that is at random.
 */
#define REHASH_AHEAD	8

int
vw__fib_reserve_group_slow(struct vw_table *t, struct vw__fib *f)
{
	const struct vw__rnode *n;
	uint32_t *ns, *os = f->h.slot, nmask, i, s, p, idx, omask = f->h.mask;
	uint64_t need = (uint64_t)f->h.n + 1, cap, h;
	int on = lscope_on(t, f->family);

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
	for (i = 0; os != NULL && i <= omask; i++) {
		if (i + REHASH_AHEAD <= omask &&
		    (s = os[i + REHASH_AHEAD]) != 0)
			__builtin_prefetch(&t->rn[vw__slot_idx(s)]);
		if ((s = os[i]) == 0)
			continue;
		idx = vw__slot_idx(s);
		n = &t->rn[idx];
		if (f->family == VW_AF_INET)
			h = hash4(vw__be32(n->dst), n->plen);
		else
			h = hash6(vw__be64(n->dst), vw__be64(n->dst + 8),
			    n->plen, lscope(on, n->plen, n->dscope));
		for (p = (uint32_t)h & nmask; ns[p] != 0; p = (p + 1) & nmask)
			;
		ns[p] = vw__slot_make(h, idx);
	}
	free(os);
	f->h.slot = ns;
	f->h.mask = nmask;
	return 0;
}

void
vw__fib_link(struct vw_table *t, struct vw__rpos *pos, uint32_t idx)
{
	struct vw__fib *f = pos->fib;
	struct vw__rnode *n = &t->rn[idx];
	uint32_t tail;

	if (pos->slot < 0) {
		/* A new prefix group; capacity was reserved by the caller. */
		vw__ihash_insert(&f->h, pos->hash, idx);
		n->next = 0;
		if (f->plcnt[n->plen]++ == 0)
			f->plmap[n->plen >> 6] |= 1ULL << (n->plen & 63);
	} else {
		/* At the tail: Linux prefers the oldest of equal routes. */
		for (tail = pos->head; t->rn[tail].next != 0;
		    tail = t->rn[tail].next - 1)
			;
		t->rn[tail].next = idx + 1;
		n->next = 0;
	}
	f->nroutes++;
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
	} else {
		vw__ihash_remove_at(&f->h, (uint32_t)pos->slot, node_hash_cb, t);
		if (--f->plcnt[n->plen] == 0)
			f->plmap[n->plen >> 6] &= ~(1ULL << (n->plen & 63));
	}
	n->next = 0;
	f->nroutes--;
}

void
vw__fib_locate(struct vw_table *t, uint32_t idx, struct vw__rpos *pos)
{
	const struct vw__rnode *n = &t->rn[idx];
	struct vw__fib *f = vw__fib_find(t, n->family, n->table);
	uint32_t i, prev = NONE;

	pos->fib = f;
	pos->hash = node_hash(t, n);
	pos->node = idx;
	pos->first = NONE;
	pos->slot = group_slot(t, f, pos->hash, n->dst, n->plen,
	    lscope(lscope_on(t, n->family), n->plen, n->dscope), &pos->head);
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
 * The prefix lengths present in a fib, longest first.  The candidate for
 * each (masked address, hash) is computed PROBE_AHEAD lengths before it
 * is probed and its slot prefetched then, so the slot misses of several
 * lengths overlap and, when a length hits, the node is the only miss
 * left to wait for.
 */
#define PROBE_AHEAD	8
#define PROBE_RING	16	/* > PROBE_AHEAD, a power of two */

struct plen_iter {
	const uint64_t	*map;
	uint64_t	 m;
	int		 w;
};

static inline int
plen_next(struct plen_iter *it)
{
	unsigned p;

	while (it->m == 0) {
		if (it->w == 0)
			return -1;
		it->m = it->map[--it->w];
	}
	p = 63u - (unsigned)__builtin_clzll(it->m);
	it->m ^= 1ULL << p;
	return (int)p + it->w * 64;
}

struct probe {
	uint64_t	h;
	uint64_t	hi, lo;		/* masked address (IPv4: hi only) */
	uint32_t	ls;		/* lookup scope */
	uint32_t	plen;
};

/*
 * The group head for candidate pr, if its slot run holds one; the slot
 * tag rejects almost every other group without reading its node.
 */
static inline uint32_t
probe_slot(const struct vw_table *t, const struct vw__fib *f,
    const struct probe *pr, int v6, int on)
{
	const struct vw__rnode *n;
	uint32_t pos, s;

	for (pos = (uint32_t)pr->h & f->h.mask; (s = f->h.slot[pos]) != 0;
	    pos = (pos + 1) & f->h.mask) {
		if (!vw__slot_tag_eq(s, pr->h))
			continue;
		n = &t->rn[vw__slot_idx(s)];
		if (n->plen != pr->plen)
			continue;
		if (!v6 ? vw__be32(n->dst) == (uint32_t)pr->hi :
		    vw__be64(n->dst) == pr->hi &&
		    vw__be64(n->dst + 8) == pr->lo &&
		    lscope(on, n->plen, n->dscope) == pr->ls) {
			/* The route will be copied out: its second line too. */
			__builtin_prefetch((const char *)(n + 1) - 1);
			return vw__slot_idx(s);
		}
	}
	return NONE;
}

static inline void
probe_make(const struct vw__fib *f, struct probe *pr, unsigned p,
    uint64_t hi, uint64_t lo, uint32_t scope, int v6, int on)
{
	pr->plen = p;
	if (!v6) {
		pr->hi = p != 0 ? (uint32_t)hi & (0xffffffffu << (32 - p)) : 0;
		pr->h = hash4((uint32_t)pr->hi, p);
	} else {
		pr->hi = hi & (p >= 64 ? ~0ULL : p == 0 ? 0 :
		    ~0ULL << (64 - p));
		pr->lo = lo & (p <= 64 ? 0 : p == 128 ? ~0ULL :
		    ~0ULL << (128 - p));
		pr->ls = lscope(on, p, scope);
		pr->h = hash6(pr->hi, pr->lo, p, pr->ls);
	}
	__builtin_prefetch(&f->h.slot[pr->h & f->h.mask]);
}

static int
lpm(const struct vw_table *t, const struct vw__fib *f,
    const struct vw_ip *addr, uint32_t ifscope, uint32_t *out)
{
	struct probe pr[PROBE_RING];
	struct plen_iter it;
	uint64_t hi, lo;
	uint32_t head;
	int v6 = addr->family == VW_AF_INET6, on = lscope_on(t, addr->family);
	int i, n, p, r;

	if (!v6) {
		hi = vw__be32(addr->a);
		lo = 0;
		it.w = 0;
	} else {
		hi = vw__be64(addr->a);
		lo = vw__be64(addr->a + 8);
		it.w = 2;
	}
	it.map = f->plmap;
	it.m = f->plmap[it.w];
	for (n = 0; n < PROBE_AHEAD && (p = plen_next(&it)) >= 0; n++)
		probe_make(f, &pr[n], (unsigned)p, hi, lo, addr->scope, v6,
		    on);
	for (i = 0; i < n; i++) {
		/* Keep the window full: the slot PROBE_AHEAD lengths on. */
		if ((p = plen_next(&it)) >= 0) {
			probe_make(f, &pr[n % PROBE_RING], (unsigned)p, hi,
			    lo, addr->scope, v6, on);
			n++;
		}
		head = probe_slot(t, f, &pr[i % PROBE_RING], v6, on);
		if (head != NONE) {
			r = select_member(t, head, v6 ? addr->scope : 0,
			    ifscope, out);
			if (r != SEL_NONE)
				return r;
		}
	}
	return SEL_NONE;
}

static int
fib_lookup(const struct vw_table *t, const struct vw__fib *f,
    const struct vw_ip *addr, uint32_t ifscope, uint32_t *out)
{
	if (f == NULL || f->nroutes == 0)
		return SEL_NONE;
	return lpm(t, f, addr, ifscope, out);
}

int
vw_table_lookup(const struct vw_table *t, const struct vw_ip *addr,
    uint32_t ifscope, struct vw_route *out)
{
	/* Linux's default rules: local (255), main (254), default (253). */
	static const int linux_order[] = { VW__FF_LOCAL, VW__FF_MAIN,
	    VW__FF_DEFAULT };
	uint32_t idx;
	size_t i;
	int fi;

	if (t == NULL || addr == NULL || out == NULL ||
	    (addr->family != VW_AF_INET && addr->family != VW_AF_INET6))
		return VW_EINVAL;
	fi = addr->family == VW_AF_INET6;
	if (t->os == VW_OS_LINUX) {
		for (i = 0; i < sizeof(linux_order) / sizeof(linux_order[0]);
		    i++) {
			/* SEL_THROW: continue with the next rule's table. */
			if (fib_lookup(t, t->ff[fi][linux_order[i]], addr, 0,
			    &idx) == SEL_FOUND) {
				vw__route_get(t, idx, out);
				return 0;
			}
		}
		return VW_ENOENT;
	}
	if (t->os == VW_OS_FREEBSD)
		ifscope = 0;
	if (fib_lookup(t, t->ff[fi][VW__FF_BSD], addr, ifscope, &idx) ==
	    SEL_FOUND) {
		vw__route_get(t, idx, out);
		return 0;
	}
	return VW_ENOENT;
}
