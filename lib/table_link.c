/* SPDX-License-Identifier: ISC */
/*
 * table_link.c - the interface mirror: links by index, partial updates,
 * up/down detection, and interfaces that come back under a new index.
 *
 * A message need not carry every field: BSD RTM_IFINFO has no name and no
 * link-layer address, so fields whose VW_LH_* bit is clear keep their
 * previous values.  When an interface is destroyed and recreated (macOS
 * bridge100 when the last VM stops and a new one starts, a Linux veth or
 * tun) it gets a new index under the same name; the table treats the old
 * index as deleted, with everything on it.
 *
 * Links are few (tens; a container host may have a few thousand), so they
 * live in a small array searched linearly.
 */
#include <stdlib.h>
#include <string.h>

#include "table_int.h"
#include "vw_error.h"

long
vw__link_pos(const struct vw_table *t, uint32_t index)
{
	uint32_t i;

	for (i = 0; i < t->li_len; i++)
		if (t->li[i].v.index == index)
			return (long)i;
	return -1;
}

static long
link_byname(const struct vw_table *t, const char *name, uint32_t except)
{
	uint32_t i;

	for (i = 0; i < t->li_len; i++)
		if (t->li[i].v.index != except &&
		    strncmp(t->li[i].v.name, name, VW_IFNAMSIZ) == 0)
			return (long)i;
	return -1;
}

/* Equal in everything but `have`. */
static int
link_same(const struct vw_link *a, const struct vw_link *b)
{
	return a->index == b->index &&
	    strncmp(a->name, b->name, VW_IFNAMSIZ) == 0 &&
	    a->type == b->type && a->operstate == b->operstate &&
	    a->os_type == b->os_type && a->lflags == b->lflags &&
	    a->flags == b->flags && a->mtu == b->mtu &&
	    a->master == b->master && a->ll.len == b->ll.len &&
	    memcmp(a->ll.a, b->ll.a, a->ll.len) == 0 &&
	    strncmp(a->kind, b->kind, VW_IFNAMSIZ) == 0;
}

int
vw__link_set(struct vw_table *t, const struct vw_link *l, struct vw__emit *e)
{
	struct vw_link m, old;
	struct vw__lent *p;
	long i, j;
	int kind;

	if (l->index == 0 || l->ll.len > VW_LLADDR_MAX)
		return VW_EINVAL;
	i = vw__link_pos(t, l->index);
	/* Room for the insert first: the rename below deletes for good. */
	if (i < 0 && t->li_len == t->li_cap) {
		if ((p = vw__grow(t->li, &t->li_cap, t->li_len + 1, sizeof(*p),
		    UINT32_MAX)) == NULL)
			return VW_ENOMEM;
		t->li = p;
	}
	if ((l->have & VW_LH_NAME) && l->name[0] != '\0' &&
	    (j = link_byname(t, l->name, l->index)) >= 0) {
		vw__link_del(t, t->li[j].v.index, e);
		i = vw__link_pos(t, l->index);
	}

	m = *l;
	if (i < 0) {
		t->li[t->li_len].v = m;
		t->li[t->li_len].stale = 0;
		t->li_len++;
		vw__diff_small(e)->u.link = m;
		vw__emit(e, VW_EV_LINK_ADD, 0);
		return 0;
	}
	old = t->li[i].v;
	if (!(l->have & VW_LH_NAME))
		memcpy(m.name, old.name, sizeof(m.name));
	if (!(l->have & VW_LH_LL))
		m.ll = old.ll;
	if (!(l->have & VW_LH_MTU))
		m.mtu = old.mtu;
	if (!(l->have & VW_LH_TYPE)) {
		m.type = old.type;
		m.os_type = old.os_type;
		memcpy(m.kind, old.kind, sizeof(m.kind));
	}
	m.have = old.have | l->have;
	t->li[i].v = m;
	t->li[i].stale = 0;
	if (link_same(&old, &m))
		return 0;
	if ((old.lflags ^ m.lflags) & VW_LF_UP)
		kind = (m.lflags & VW_LF_UP) ? VW_EV_LINK_UP : VW_EV_LINK_DOWN;
	else
		kind = VW_EV_LINK_CHANGE;
	/* What the kernel dropped silently goes first, as with a delete. */
	if (kind == VW_EV_LINK_DOWN && t->os == VW_OS_LINUX)
		vw__route_purge_down(t, m.index, e);
	vw__diff(e)->old.link = old;
	vw__diff_small(e)->u.link = m;
	vw__emit(e, kind, 1);
	return 0;
}

int
vw__link_del(struct vw_table *t, uint32_t index, struct vw__emit *e)
{
	long i;

	if (index == 0)
		return VW_EINVAL;
	if (vw__link_pos(t, index) < 0)
		return 0;
	/*
	 * What lived on the interface goes first, as the kernels announce
	 * it (Linux sends RTM_DELADDR before RTM_DELLINK but not always a
	 * RTM_DELROUTE or RTM_DELNEIGH for what the device took with it).
	 */
	vw__route_purge_if(t, index, e);
	vw__neigh_purge_if(t, index, e);
	vw__addr_purge_if(t, index, e);
	i = vw__link_pos(t, index);
	vw__diff_small(e)->u.link = t->li[i].v;
	t->li[i] = t->li[--t->li_len];
	vw__emit(e, VW_EV_LINK_DELETE, 0);
	return 0;
}

void
vw__link_sweep(struct vw_table *t, struct vw__emit *e)
{
	uint32_t i;

	/* Backwards: a removal moves the last (visited) entry here. */
	for (i = t->li_len; i-- > 0;)
		if (i < t->li_len && t->li[i].stale)
			vw__link_del(t, t->li[i].v.index, e);
}
