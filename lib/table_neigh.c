/* SPDX-License-Identifier: ISC */
/*
 * table_neigh.c - the ARP/NDP mirror: neighbours keyed by (family, ifindex,
 * addr), in a dense array indexed by an open-addressing hash.
 *
 * A LAN can hold thousands of neighbours and Linux reports every NUD state
 * move (REACHABLE -> STALE -> DELAY ...), so lookups are hashed; removal
 * moves the last entry into the hole and re-points its slot.
 *
 * "Differs" compares the link-layer address, state and flags but not
 * expire: macOS and FreeBSD ARP expiry times move on every poll.
 */
#include <stdlib.h>
#include <string.h>

#include "table_int.h"
#include "vw_error.h"

static unsigned
addr_len(int family)
{
	return family == VW_AF_INET ? 4 : 16;
}

static uint64_t
neigh_hash(const struct vw_neigh *n)
{
	uint64_t k = (uint64_t)n->ifindex << 8 | n->addr.family;

	if (n->addr.family == VW_AF_INET)
		return vw__mix64(k << 32 ^ vw__be32(n->addr.a));
	return vw__mix64(vw__be64(n->addr.a) ^
	    vw__mix64(vw__be64(n->addr.a + 8) ^ k));
}

static uint64_t
neigh_hash_cb(const void *ctx, uint32_t idx)
{
	const struct vw_table *t = ctx;

	return neigh_hash(&t->ne[idx].v);
}

static int
key_eq(const struct vw_neigh *a, const struct vw_neigh *b)
{
	return a->addr.family == b->addr.family && a->ifindex == b->ifindex &&
	    memcmp(a->addr.a, b->addr.a, addr_len(a->addr.family)) == 0;
}

static int
neigh_same(const struct vw_neigh *a, const struct vw_neigh *b)
{
	return a->addr.scope == b->addr.scope && a->ll.len == b->ll.len &&
	    memcmp(a->ll.a, b->ll.a, a->ll.len) == 0 &&
	    a->nflags == b->nflags && a->sdl_type == b->sdl_type &&
	    a->state == b->state && a->flags == b->flags;
}

static long
neigh_find(const struct vw_table *t, const struct vw_neigh *n, uint64_t h)
{
	uint32_t pos, s;

	if (t->ne_h.slot == NULL)
		return -1;
	pos = (uint32_t)h & t->ne_h.mask;
	while ((s = t->ne_h.slot[pos]) != 0) {
		if (vw__slot_tag_eq(s, h) && key_eq(&t->ne[vw__slot_idx(s)].v, n))
			return (long)vw__slot_idx(s);
		pos = (pos + 1) & t->ne_h.mask;
	}
	return -1;
}

static int
valid(const struct vw_neigh *n)
{
	return (n->addr.family == VW_AF_INET ||
	    n->addr.family == VW_AF_INET6) && n->ll.len <= VW_LLADDR_MAX;
}

int
vw__neigh_set(struct vw_table *t, const struct vw_neigh *n,
    struct vw__emit *e)
{
	struct vw__nent *p;
	uint64_t h;
	long i;
	int rc;

	if (!valid(n))
		return VW_EINVAL;
	h = neigh_hash(n);
	if ((i = neigh_find(t, n, h)) >= 0) {
		t->ne[i].stale = 0;
		if (neigh_same(&t->ne[i].v, n)) {
			t->ne[i].v.expire = n->expire;
			return 0;
		}
		vw__diff(e)->old.neigh = t->ne[i].v;
		t->ne[i].v = *n;
		vw__diff_small(e)->u.neigh = *n;
		vw__emit(e, VW_EV_NEIGH_CHANGE, 1);
		return 1;
	}
	if (t->ne_len == t->ne_cap) {
		if ((p = vw__grow(t->ne, &t->ne_cap, t->ne_len + 1, sizeof(*p),
		    VW__IDX_MAX + 1)) == NULL)
			return VW_ENOMEM;
		t->ne = p;
	}
	if ((rc = vw__ihash_reserve(&t->ne_h, 1, neigh_hash_cb, t)) != 0)
		return rc;
	t->ne[t->ne_len].v = *n;
	t->ne[t->ne_len].stale = 0;
	vw__ihash_insert(&t->ne_h, h, t->ne_len);
	t->ne_len++;
	vw__diff_small(e)->u.neigh = *n;
	vw__emit(e, VW_EV_NEIGH_ADD, 0);
	return 1;
}

static void
neigh_remove(struct vw_table *t, uint32_t i, struct vw__emit *e)
{
	uint32_t last = t->ne_len - 1;
	uint64_t h;

	vw__diff_small(e)->u.neigh = t->ne[i].v;
	vw__ihash_remove_at(&t->ne_h,
	    (uint32_t)vw__ihash_pos(&t->ne_h, neigh_hash(&t->ne[i].v), i),
	    neigh_hash_cb, t);
	if (i != last) {
		h = neigh_hash(&t->ne[last].v);
		t->ne_h.slot[vw__ihash_pos(&t->ne_h, h, last)] =
		    vw__slot_make(h, i);
		t->ne[i] = t->ne[last];
	}
	t->ne_len--;
	vw__emit(e, VW_EV_NEIGH_DELETE, 0);
}

int
vw__neigh_del(struct vw_table *t, const struct vw_neigh *n,
    struct vw__emit *e)
{
	long i;

	if (!valid(n))
		return VW_EINVAL;
	if ((i = neigh_find(t, n, neigh_hash(n))) < 0)
		return 0;
	neigh_remove(t, (uint32_t)i, e);
	return 1;
}

const struct vw_neigh *
vw_table_neigh(const struct vw_table *t, const struct vw_ip *addr,
    uint32_t ifindex)
{
	struct vw_neigh key;
	uint32_t i;
	long pos;

	if (t == NULL || addr == NULL || (addr->family != VW_AF_INET &&
	    addr->family != VW_AF_INET6))
		return NULL;
	memset(&key, 0, sizeof(key));
	key.addr = *addr;
	key.ifindex = ifindex;
	if (ifindex != 0) {
		pos = neigh_find(t, &key, neigh_hash(&key));
		return pos >= 0 ? &t->ne[pos].v : NULL;
	}
	/* Any interface: not the key, so a scan (per path, not per message). */
	for (i = 0; i < t->ne_len; i++)
		if (t->ne[i].v.addr.family == addr->family &&
		    memcmp(t->ne[i].v.addr.a, addr->a,
		    addr_len(addr->family)) == 0)
			return &t->ne[i].v;
	return NULL;
}

void
vw__neigh_purge_if(struct vw_table *t, uint32_t ifindex, struct vw__emit *e)
{
	uint32_t i;

	/* Backwards: removal moves the last entry, already visited, here. */
	for (i = t->ne_len; i-- > 0;)
		if (t->ne[i].v.ifindex == ifindex)
			neigh_remove(t, i, e);
}

void
vw__neigh_sweep(struct vw_table *t, struct vw__emit *e)
{
	uint32_t i;

	for (i = t->ne_len; i-- > 0;)
		if (t->ne[i].stale)
			neigh_remove(t, i, e);
}

void
vw__neigh_free(struct vw_table *t)
{
	free(t->ne);
	t->ne = NULL;
	t->ne_len = t->ne_cap = 0;
	vw__ihash_free(&t->ne_h);
}
