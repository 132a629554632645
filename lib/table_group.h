/* SPDX-License-Identifier: ISC */
/*
 * table_group.h - the prefix-group hash of a fib, inline: the hashes, the
 * probe for a group, and finding or linking a route in its group.  apply
 * (table_route.c) runs these once per route and lookup (table_lpm.c) once
 * per prefix length, so both get them inlined rather than called.
 *
 * A fib hashes "prefix groups": all routes of one (dst, plen, lookup
 * scope), which on macOS differ in ifscope and on Linux in metric and next
 * hop.  The slot points at the group's head node (the oldest, flagged
 * VW__RN_HEAD); the others hang off vw__rnode.next in arrival order.
 *
 * IPv6 scope: macOS and FreeBSD embed the scope (interface index) of a
 * link-local address in bytes 2-3 inside the kernel (KAME), so fe80::/64 on
 * en0 and on en1 are different radix keys and a prefix of 16 bits or less
 * ignores the scope.  We keep the scope out of the bytes but give it the
 * same meaning: the "lookup scope" of a prefix is its dst scope when plen
 * > 16, else 0.  Linux keeps link-local routes per device instead and
 * ignores the scope of the destination, so there the lookup scope is 0.
 *
 * Ownership: as table_int.h; only lib/table_*.c include this file.
 */
#ifndef VW_TABLE_GROUP_H
#define VW_TABLE_GROUP_H

#include <stdint.h>
#include <string.h>

#include "table_int.h"

static inline int
vw__lscope_on(const struct vw_table *t, int family)
{
	return t->os != VW_OS_LINUX && family == VW_AF_INET6;
}

static inline uint32_t
vw__lscope(int on, unsigned plen, uint32_t scope)
{
	return on && plen > 16 ? scope : 0;
}

/* The IPv4 netmask of a prefix length 0..32, in host order. */
static inline uint32_t
vw__mask4(unsigned plen)
{
	return (uint32_t)(~0ULL << (32 - plen));
}

/*
 * Multiplicative hashes: a lookup computes one per prefix length probed,
 * so they must be cheap.  The top byte (the slot tag) and the low bits
 * (folded with the high half: the slot position) both depend on every
 * key bit.
 */
static inline uint64_t
vw__fold(uint64_t h)
{
	return h ^ (h >> 32);
}

static inline uint64_t
vw__hash4(uint32_t k, unsigned plen)
{
	return vw__fold(((uint64_t)k << 8 | plen) * 0x9e3779b97f4a7c15ULL);
}

static inline uint64_t
vw__hash6(uint64_t hi, uint64_t lo, unsigned plen, uint32_t ls)
{
	return vw__fold(hi * 0x9e3779b97f4a7c15ULL ^
	    (lo ^ ((uint64_t)ls << 8 | plen)) * 0xc2b2ae3d27d4eb4fULL ^
	    ((lo >> 32) + hi) * 0x165667b19e3779f9ULL);
}

static inline uint64_t
vw__group_hash(int family, const uint8_t *dst, unsigned plen, uint32_t ls)
{
	if (family == VW_AF_INET)
		return vw__hash4(vw__be32(dst), plen);
	return vw__hash6(vw__be64(dst), vw__be64(dst + 8), plen, ls);
}

static inline uint64_t
vw__node_hash(const struct vw__rnode *n, int on)
{
	return vw__group_hash(n->family, n->dst, n->plen,
	    vw__lscope(on, n->plen, n->dscope));
}

/*
 * The slot of the prefix group (dst, plen, lookup scope ls) whose hash is
 * h, with *head its first node; else -1 with *empty the free slot that
 * ended the probe (where the group would be inserted).
 */
static inline long
vw__group_slot(const struct vw_table *t, const struct vw__fib *f, uint64_t h,
    const uint8_t *dst, unsigned plen, uint32_t ls, uint32_t *head,
    uint32_t *empty)
{
	const struct vw__rnode *n;
	const uint32_t *slot = f->h.slot;
	uint32_t p, s, mask = f->h.mask;

	*empty = 0;		/* no slots yet: the caller reserves first */
	if (slot == NULL)
		return -1;
	for (p = (uint32_t)h & mask; (s = slot[p]) != 0; p = (p + 1) & mask) {
		if (!vw__slot_tag_eq(s, h))
			continue;
		n = &t->rn[vw__slot_idx(s)];
		if (n->plen == plen && memcmp(n->dst, dst, 16) == 0 &&
		    (f->family == VW_AF_INET ||
		    vw__lscope(vw__lscope_on(t, f->family), n->plen,
		    n->dscope) == ls)) {
			*head = vw__slot_idx(s);
			return (long)p;
		}
	}
	*empty = p;
	return -1;
}

/* Does node n (in r's fib and prefix group) hold route r's key? */
static inline int
vw__same_key(const struct vw_table *t, const struct vw__rnode *n,
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
 * Where route r (dst: its destination masked to r->plen, 16 bytes) is in
 * fib f, or would go.  Reads r's key fields only.
 */
static inline void
vw__fib_find_route(const struct vw_table *t, struct vw__fib *f,
    const struct vw_route *r, const uint8_t *dst, struct vw__rpos *pos)
{
	const struct vw__rnode *n;
	uint32_t idx, prev, ls;

	if (f->family == VW_AF_INET) {
		ls = 0;
		pos->hash = vw__hash4(vw__be32(dst), r->plen);
	} else {
		ls = vw__lscope(vw__lscope_on(t, f->family), r->plen,
		    r->dst.scope);
		pos->hash = vw__hash6(vw__be64(dst), vw__be64(dst + 8),
		    r->plen, ls);
	}
	pos->fib = f;
	pos->node = pos->prev = pos->first = UINT32_MAX;
	pos->slot = vw__group_slot(t, f, pos->hash, dst, r->plen, ls,
	    &pos->head, &pos->empty);
	if (pos->slot < 0)
		return;
	prev = UINT32_MAX;
	for (idx = pos->head; idx != UINT32_MAX; idx = n->next - 1) {
		n = &t->rn[idx];
		if (pos->first == UINT32_MAX && n->metric == r->metric &&
		    n->dscope == r->dst.scope)
			pos->first = idx;
		if (vw__same_key(t, n, r)) {
			pos->node = idx;
			pos->prev = prev;
			return;
		}
		prev = idx;
	}
}

/*
 * Link node idx into the place pos found for it: a new group (hash
 * capacity reserved by the caller) or the tail of its group.
 */
static inline void
vw__fib_link(struct vw_table *t, struct vw__rpos *pos, uint32_t idx)
{
	struct vw__fib *f = pos->fib;
	struct vw__rnode *n = &t->rn[idx];
	uint32_t tail;

	n->next = 0;
	if (pos->slot < 0) {
		/* The probe that found no group ended on its slot. */
		f->h.slot[pos->empty] = vw__slot_make(pos->hash, idx);
		f->h.n++;
		n->bits |= VW__RN_HEAD;
		if (f->plcnt[n->plen]++ == 0)
			vw__fib_plens(f);
	} else {
		/* At the tail: Linux prefers the oldest of equal routes. */
		for (tail = pos->head; t->rn[tail].next != 0;
		    tail = t->rn[tail].next - 1)
			;
		t->rn[tail].next = idx + 1;
	}
	f->nroutes++;
}

#endif /* VW_TABLE_GROUP_H */
