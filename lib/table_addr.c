/* SPDX-License-Identifier: ISC */
/*
 * table_addr.c - interface addresses keyed by (family, ifindex, addr, plen),
 * in a small array searched linearly (a host has tens of addresses).
 *
 * The event contract has no addr.change: an address that is announced
 * again with other attributes (Linux RTM_NEWADDR when IFA_F_TENTATIVE
 * clears or DAD fails, a new broadcast or label) is reported as addr.add
 * with ev.old set to the previous value; a plain new address has ev.old
 * zeroed (old.addr.family == 0).
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

static int
valid(const struct vw_ifaddr *a)
{
	return (a->addr.family == VW_AF_INET && a->plen <= 32) ||
	    (a->addr.family == VW_AF_INET6 && a->plen <= 128);
}

static long
addr_find(const struct vw_table *t, const struct vw_ifaddr *a)
{
	const struct vw_ifaddr *b;
	uint32_t i;

	for (i = 0; i < t->ad_len; i++) {
		b = &t->ad[i].v;
		if (b->addr.family == a->addr.family &&
		    b->ifindex == a->ifindex && b->plen == a->plen &&
		    memcmp(b->addr.a, a->addr.a, addr_len(a->addr.family)) == 0)
			return (long)i;
	}
	return -1;
}

static int
addr_same(const struct vw_ifaddr *a, const struct vw_ifaddr *b)
{
	return a->addr.scope == b->addr.scope &&
	    a->peer.family == b->peer.family &&
	    a->peer.scope == b->peer.scope &&
	    memcmp(a->peer.a, b->peer.a, sizeof(a->peer.a)) == 0 &&
	    a->scope == b->scope && a->peer_is_brd == b->peer_is_brd &&
	    a->flags == b->flags &&
	    strncmp(a->label, b->label, VW_IFNAMSIZ) == 0;
}

int
vw__addr_set(struct vw_table *t, const struct vw_ifaddr *a,
    struct vw__emit *e)
{
	struct vw__aent *p;
	long i;

	if (!valid(a))
		return VW_EINVAL;
	if ((i = addr_find(t, a)) >= 0) {
		t->ad[i].stale = 0;
		if (addr_same(&t->ad[i].v, a))
			return 0;
		vw__diff(e)->old.addr = t->ad[i].v;
		t->ad[i].v = *a;
		vw__diff_small(e)->u.addr = *a;
		vw__emit(e, VW_EV_ADDR_ADD, 1);
		return 0;
	}
	if (t->ad_len == t->ad_cap) {
		if ((p = vw__grow(t->ad, &t->ad_cap, t->ad_len + 1, sizeof(*p),
		    UINT32_MAX)) == NULL)
			return VW_ENOMEM;
		t->ad = p;
	}
	t->ad[t->ad_len].v = *a;
	t->ad[t->ad_len].stale = 0;
	t->ad_len++;
	vw__diff_small(e)->u.addr = *a;
	vw__emit(e, VW_EV_ADDR_ADD, 0);
	return 0;
}

static void
addr_remove(struct vw_table *t, uint32_t i, struct vw__emit *e)
{
	vw__diff_small(e)->u.addr = t->ad[i].v;
	t->ad[i] = t->ad[--t->ad_len];
	vw__emit(e, VW_EV_ADDR_DELETE, 0);
}

int
vw__addr_del(struct vw_table *t, const struct vw_ifaddr *a,
    struct vw__emit *e)
{
	long i;

	if (!valid(a))
		return VW_EINVAL;
	if ((i = addr_find(t, a)) >= 0)
		addr_remove(t, (uint32_t)i, e);
	return 0;
}

void
vw__addr_purge_if(struct vw_table *t, uint32_t ifindex, struct vw__emit *e)
{
	uint32_t i;

	for (i = t->ad_len; i-- > 0;)
		if (t->ad[i].v.ifindex == ifindex)
			addr_remove(t, i, e);
}

void
vw__addr_sweep(struct vw_table *t, struct vw__emit *e)
{
	uint32_t i;

	for (i = t->ad_len; i-- > 0;)
		if (t->ad[i].stale)
			addr_remove(t, i, e);
}
