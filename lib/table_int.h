/* SPDX-License-Identifier: ISC */
/*
 * table_int.h - internals of vw_table: compact route nodes, the per-(family,
 * table) prefix hashes used by apply and longest-prefix match, and the
 * small stores for neighbours, links and interface addresses.
 *
 * Routes are the only object kind that grows to a million entries (a full
 * BGP feed on a Linux router), so they are stored compactly:
 *   - struct vw__rnode (80 bytes) holds the key and the common fields, in a
 *     growable array with a free list; indices are stable, nothing is
 *     malloc'ed per route;
 *   - struct vw__rside holds the rare bulk (BSD link gateway, prefsrc,
 *     IPv6 gateway scope, mtu, parentflags, refcnt, multipath next hops) in
 *     a second pool, referenced by index only when a route needs it;
 *   - every (family, table) pair has a struct vw__fib: an open-addressing
 *     hash of "prefix groups" (all routes with the same dst/plen, which
 *     differ in ifscope on macOS or in metric and next hop on Linux,
 *     chained through vw__rnode.next in arrival order; the head, in the
 *     hash, is flagged VW__RN_HEAD) and the list of prefix lengths
 *     present, longest first; the hot group operations are inline in
 *     table_group.h.
 * Readers get struct vw_route values materialised from a node and its side
 * record (vw__route_get).  Apply reads the event's route in place: the
 * node and side record mirror runs of struct vw_route so that they are
 * written and compared as blocks (table_route.c asserts the layouts).
 *
 * Ownership: everything here belongs to one struct vw_table and is freed by
 * vw_table_free().  Multipath next-hop arrays are separate allocations so
 * that the vw_route.nh pointers handed out stay valid until the route
 * itself changes, even when the side pool is reallocated.  Only lib/
 * table_*.c and lib/vw_table.c include this file.
 */
#ifndef VW_TABLE_INT_H
#define VW_TABLE_INT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "vw_event.h"
#include "vw_table.h"

/* ---- open-addressing index hash -------------------------------------- */

/*
 * A slot is one 32-bit word: the top 8 bits are a tag taken from the hash
 * (so most mismatches are rejected without touching the entry), the low
 * 24 bits are (index + 1); 0 is an empty slot.  Linear probing, load kept
 * at or below 3/4, deletion by backward shift (no tombstones).
 */
#define VW__SLOT_IDXMASK	0x00ffffffu
#define VW__IDX_MAX		(VW__SLOT_IDXMASK - 1u)	/* largest index */

struct vw__ihash {
	uint32_t	*slot;		/* NULL while empty */
	uint32_t	 mask;		/* capacity - 1 */
	uint32_t	 n;		/* occupied slots */
};

/* Recomputes the hash of entry idx (rehash, backward shift). */
typedef uint64_t (*vw__hash_fn)(const void *ctx, uint32_t idx);

static inline uint32_t
vw__slot_make(uint64_t h, uint32_t idx)
{
	return ((uint32_t)(h >> 56) << 24) | (idx + 1);
}

static inline uint32_t
vw__slot_idx(uint32_t s)
{
	return (s & VW__SLOT_IDXMASK) - 1;
}

static inline int
vw__slot_tag_eq(uint32_t s, uint64_t h)
{
	return (s >> 24) == (uint32_t)(h >> 56);
}

/* A 64-bit finaliser (xorshift-multiply); good avalanche, ~10 instructions. */
static inline uint64_t
vw__mix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

/*
 * Big-endian loads and stores of address bytes: memcpy (no alignment
 * assumption) plus a byte swap on little-endian hosts, which compilers
 * turn into one load and one bswap.
 */
static inline uint32_t
vw__be32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline uint64_t
vw__be64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline void
vw__put_be64(uint8_t *p, uint64_t v)
{
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	memcpy(p, &v, sizeof(v));
}

/* Make room for `more` further entries; may rehash.  0 or VW_ENOMEM. */
int	vw__ihash_reserve(struct vw__ihash *h, uint32_t more, vw__hash_fn fn,
	    const void *ctx);
/* Insert idx (capacity reserved, idx not present). */
static inline void
vw__ihash_insert(struct vw__ihash *h, uint64_t hash, uint32_t idx)
{
	uint32_t pos = (uint32_t)hash & h->mask;

	while (h->slot[pos] != 0)
		pos = (pos + 1) & h->mask;
	h->slot[pos] = vw__slot_make(hash, idx);
	h->n++;
}
/* Slot position holding idx, found by probing from hash; -1 if absent. */
long	vw__ihash_pos(const struct vw__ihash *h, uint64_t hash, uint32_t idx);
/* Empty slot pos and shift the following run back. */
void	vw__ihash_remove_at(struct vw__ihash *h, uint32_t pos, vw__hash_fn fn,
	    const void *ctx);
void	vw__ihash_free(struct vw__ihash *h);

/* ---- routes ------------------------------------------------------------ */

#define VW__RN_NNH	0x1f	/* bits: vw_route.nnh (0..VW_NH_MAX) */
#define VW__RN_HEAD	0x40	/* bits: heads its prefix group (in a slot) */
#define VW__RN_STALE	0x80	/* bits: marked by sync_begin */

/*
 * The compact route.  The first 32 bytes are what a lookup probe reads
 * (dst, plen, group link); a free node has family 0 and `next` links the
 * free list.  Index links are stored + 1 so that 0 means none.
 *
 * Two runs of fields are laid out as in struct vw_route (plen .. nnh,
 * ifindex .. flags), so that apply copies and compares them as blocks
 * (table_route.c checks the layouts).
 */
struct vw__rnode {
	uint8_t		dst[16];	/* masked to plen; IPv4 in dst[0..3] */
	uint8_t		plen;
	uint8_t		gwkind;
	uint8_t		type;
	uint8_t		proto;
	uint8_t		scope;
	uint8_t		bits;		/* VW__RN_*: nnh where vw_route has it */
	uint8_t		family;		/* VW_AF_*; 0 = free */
	uint8_t		gwfam;		/* gw.family (Linux RTA_VIA: may differ) */
	uint32_t	next;		/* prefix group or free list, idx + 1 */
	uint32_t	ifindex;
	uint32_t	ifscope;
	uint32_t	table;
	uint32_t	metric;
	uint32_t	flags;
	uint32_t	dscope;		/* dst.scope (IPv6 link-local) */
	uint32_t	use;
	uint32_t	expire;		/* clamped to 0..UINT32_MAX */
	uint32_t	side;		/* side record index + 1; 0 = none */
	uint8_t		gw[16];
};
_Static_assert(sizeof(struct vw__rnode) == 80,
    "route node grew: check the 96 bytes per IPv4 route budget");

struct vw__rside {
	struct vw_linkgw lgw;
	struct vw_ip	prefsrc;	/* _pad zeroed */
	uint32_t	parentflags;	/* parentflags .. refcnt: as in vw_route */
	uint32_t	mtu;
	uint32_t	refcnt;
	uint32_t	gwscope;
	struct vw_nexthop *nh;		/* nnh > 1: malloc'ed, owned */
	uint32_t	next_free;	/* free list, index + 1 */
};

struct vw__fib {
	uint8_t		family;
	uint32_t	table;
	uint32_t	nroutes;
	struct vw__ihash h;		/* prefix groups, slot -> group head node */
	uint32_t	plcnt[129];	/* groups per prefix length */
	uint8_t		npl;		/* prefix lengths present ... */
	uint8_t		pl[129];	/* ... longest first */
};

/* Length plen got its first group or lost its last: rebuild f->pl. */
void	vw__fib_plens(struct vw__fib *f);

/* Where a route key is, or would go. */
struct vw__rpos {
	struct vw__fib	*fib;
	uint64_t	 hash;		/* of the prefix group */
	long		 slot;		/* group's slot, -1: no such group */
	uint32_t	 empty;		/* slot < 0: the free slot that ended the
					   probe, where a new group goes */
	uint32_t	 head;		/* group head node (slot >= 0) */
	uint32_t	 node;		/* node with this key, or UINT32_MAX */
	uint32_t	 prev;		/* member before it, or UINT32_MAX */
	uint32_t	 first;		/* first member of the same metric */
};

/* ---- neighbours, links, addresses -------------------------------------- */

struct vw__nent {
	struct vw_neigh	v;
	uint8_t		stale;
};

struct vw__lent {
	struct vw_link	v;
	uint8_t		stale;
};

struct vw__aent {
	struct vw_ifaddr v;
	uint8_t		stale;
};

/* Fast pointers to the fibs that lookup consults, per family (0 v4, 1 v6). */
enum { VW__FF_BSD, VW__FF_LOCAL, VW__FF_MAIN, VW__FF_DEFAULT, VW__FF_N };

struct vw_table {
	int		 os;

	/* routes */
	struct vw__rnode *rn;
	uint32_t	 rn_len;	/* high-water mark */
	uint32_t	 rn_cap;
	uint32_t	 rn_free;	/* free list head, index + 1 */
	uint32_t	 nroutes;
	struct vw__rside *rs;
	uint32_t	 rs_len, rs_cap, rs_free;
	struct vw__fib	**fib;
	uint32_t	 nfib;
	struct vw__fib	*ff[2][VW__FF_N];

	/* neighbours: dense array + hash on (family, ifindex, addr) */
	struct vw__nent	*ne;
	uint32_t	 ne_len, ne_cap;
	struct vw__ihash ne_h;

	/* links and addresses: small dense arrays, linear search */
	struct vw__lent	*li;
	uint32_t	 li_len, li_cap;
	struct vw__aent	*ad;
	uint32_t	 ad_len, ad_cap;

	/* resync */
	unsigned	 sync_objs;
	int		 syncing;
	long		 sync_diffs;
};

/*
 * The diff being reported: one event reused for every diff of one apply,
 * set up on first use (an apply that changes nothing never touches it).
 */
struct vw__emit {
	struct vw_event	 ev;
	const struct vw_event *in;	/* NULL: from sync_end */
	vw_diff_cb	 cb;
	void		*arg;
	int		 os;
	int		 n;		/* diffs reported */
	int		 ready;		/* ev's header is set, ev.old zeroed */
	int		 old_dirty;	/* ev.old holds a previous diff's value */
};

/* vw_table.c */
void	vw__emit_init(struct vw__emit *e, const struct vw_table *t,
	    const struct vw_event *in, vw_diff_cb cb, void *arg);
void	vw__emit_ready(struct vw__emit *e);
/*
 * Report one diff: count it and, with a callback, set ev.kind and call
 * it.  The caller filled ev.u (and ev.old when has_old) through
 * vw__diff() if e->cb is set; ev.old is cleared otherwise, so that an add
 * or delete never carries the old value of an earlier diff.
 */
void	vw__emit_call(struct vw__emit *e, int kind, int has_old);

static inline void
vw__emit(struct vw__emit *e, int kind, int has_old)
{
	/* Without a callback a diff is only counted: no event is built. */
	if (e->cb == NULL)
		e->n++;
	else
		vw__emit_call(e, kind, has_old);
}

/* The diff event to fill in. */
static inline struct vw_event *
vw__diff(struct vw__emit *e)
{
	if (!e->ready)
		vw__emit_ready(e);
	return &e->ev;
}

/* The same for a neighbour, link or address: no stale route bytes in u. */
static inline struct vw_event *
vw__diff_small(struct vw__emit *e)
{
	struct vw_event *ev = vw__diff(e);

	memset(&ev->u, 0, sizeof(ev->u));
	return ev;
}
/*
 * realloc array p (elements of elem bytes, capacity *cap) to hold at least
 * need, doubling, at most max elements.  Returns the new array and updates
 * *cap, or NULL (p and *cap untouched).
 */
void	*vw__grow(void *p, uint32_t *cap, uint32_t need, size_t elem,
	    uint32_t max);

/* table_route.c */
/* replace: Linux NLM_F_REPLACE (route.change), see table_route.c. */
int	vw__route_set(struct vw_table *t, const struct vw_route *r,
	    int replace, struct vw__emit *e);
int	vw__route_del(struct vw_table *t, const struct vw_route *r,
	    struct vw__emit *e);
void	vw__route_get(const struct vw_table *t, uint32_t idx,
	    struct vw_route *out);
/* Remove every route using interface ifindex. */
void	vw__route_purge_if(struct vw_table *t, uint32_t ifindex,
	    struct vw__emit *e);
/* Remove the IPv4 routes a Linux device takes with it when it goes down. */
void	vw__route_purge_down(struct vw_table *t, uint32_t ifindex,
	    struct vw__emit *e);
void	vw__route_mark(struct vw_table *t);
void	vw__route_sweep(struct vw_table *t, struct vw__emit *e);
void	vw__route_free(struct vw_table *t);

/* table_lpm.c */
struct vw__fib *vw__fib_find(const struct vw_table *t, int family,
	    uint32_t table);
struct vw__fib *vw__fib_get(struct vw_table *t, int family, uint32_t table);

/* vw__fib_get() for the tables every OS uses, without a call. */
static inline struct vw__fib *
vw__fib_get_fast(struct vw_table *t, int family, uint32_t table)
{
	struct vw__fib *f = NULL;

	if (table == 254)
		f = t->ff[family == VW_AF_INET6][VW__FF_MAIN];
	else if (table == 0)
		f = t->ff[family == VW_AF_INET6][VW__FF_BSD];
	return f != NULL ? f : vw__fib_get(t, family, table);
}
/* Room for one more prefix group; may rehash (then find again). */
int	vw__fib_reserve_group_slow(struct vw_table *t, struct vw__fib *f);

static inline int
vw__fib_reserve_group(struct vw_table *t, struct vw__fib *f)
{
	/* The common case inline: room left below 3/4 load. */
	if (f->h.slot != NULL && ((uint64_t)f->h.n + 1) * 4 <=
	    ((uint64_t)f->h.mask + 1) * 3)
		return 0;
	return vw__fib_reserve_group_slow(t, f);
}
/* vw__fib_find_route(), vw__fib_link(): table_group.h. */
void	vw__fib_unlink(struct vw_table *t, const struct vw__rpos *pos);
/* Where node idx (which is in the table) is: pos->node = idx. */
void	vw__fib_locate(struct vw_table *t, uint32_t idx, struct vw__rpos *pos);
void	vw__fib_free_all(struct vw_table *t);

/* table_neigh.c */
int	vw__neigh_set(struct vw_table *t, const struct vw_neigh *n,
	    struct vw__emit *e);
int	vw__neigh_del(struct vw_table *t, const struct vw_neigh *n,
	    struct vw__emit *e);
void	vw__neigh_purge_if(struct vw_table *t, uint32_t ifindex,
	    struct vw__emit *e);
void	vw__neigh_sweep(struct vw_table *t, struct vw__emit *e);
void	vw__neigh_free(struct vw_table *t);

/* table_link.c */
int	vw__link_set(struct vw_table *t, const struct vw_link *l,
	    struct vw__emit *e);
int	vw__link_del(struct vw_table *t, uint32_t index, struct vw__emit *e);
void	vw__link_sweep(struct vw_table *t, struct vw__emit *e);
long	vw__link_pos(const struct vw_table *t, uint32_t index);

/* table_addr.c */
int	vw__addr_set(struct vw_table *t, const struct vw_ifaddr *a,
	    struct vw__emit *e);
int	vw__addr_del(struct vw_table *t, const struct vw_ifaddr *a,
	    struct vw__emit *e);
void	vw__addr_purge_if(struct vw_table *t, uint32_t ifindex,
	    struct vw__emit *e);
void	vw__addr_sweep(struct vw_table *t, struct vw__emit *e);

#endif /* VW_TABLE_INT_H */
