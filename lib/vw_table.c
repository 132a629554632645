/* SPDX-License-Identifier: ISC */
/*
 * vw_table.c - the table object: creation, apply dispatch, diff reporting
 * and mark-and-sweep resynchronisation.  Storage lives in table_route.c
 * (routes), table_lpm.c (prefix hashes, lookup), table_neigh.c,
 * table_link.c and table_addr.c; sorted snapshots in table_snap.c.
 *
 * Callbacks: a diff callback may read the table (it sees the state just
 * after the diff it is told about) but must not apply, sync or free it.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "table_int.h"
#include "vw_error.h"

void *
vw__grow(void *p, uint32_t *cap, uint32_t need, size_t elem, uint32_t max)
{
	uint64_t nc = *cap != 0 ? *cap : 16;
	void *np;

	while (nc < need)
		nc *= 2;
	if (nc > max)
		nc = max;
	if (nc < need || nc > SIZE_MAX / elem)
		return NULL;
	if ((np = realloc(p, (size_t)nc * elem)) == NULL)
		return NULL;
	*cap = (uint32_t)nc;
	return np;
}

void
vw__emit_init(struct vw__emit *e, const struct vw_table *t,
    const struct vw_event *in, vw_diff_cb cb, void *arg)
{
	e->in = in;
	e->cb = cb;
	e->arg = arg;
	e->os = t->os;
	e->n = 0;
	e->ready = 0;
	e->old_dirty = 0;
}

void
vw__emit_ready(struct vw__emit *e)
{
	const struct vw_event *in = e->in;

	/*
	 * ev.u is written by each diff (vw__diff_small() clears it first);
	 * ev.old must be zero unless a change fills it; nh_store stays
	 * unused: diff routes point into the table.
	 */
	memset(&e->ev, 0, offsetof(struct vw_event, u));
	memset(&e->ev.old, 0, sizeof(e->ev.old));
	if (in != NULL) {
		e->ev.seq = in->seq;
		e->ev.time_us = in->time_us;
		e->ev.origin = in->origin;
	} else
		e->ev.origin.os = (uint8_t)e->os;
	e->ready = 1;
}

void
vw__emit_call(struct vw__emit *e, int kind, int has_old)
{
	struct vw_event *ev;

	e->n++;
	ev = vw__diff(e);
	if (has_old)
		e->old_dirty = 1;
	else if (e->old_dirty) {
		memset(&ev->old, 0, sizeof(ev->old));
		e->old_dirty = 0;
	}
	ev->kind = (uint16_t)kind;
	e->cb(ev, e->arg);
}

struct vw_table *
vw_table_new(int os)
{
	struct vw_table *t;

	if (os != VW_OS_DARWIN && os != VW_OS_FREEBSD && os != VW_OS_LINUX)
		return NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return NULL;
	t->os = os;
	return t;
}

void
vw_table_free(struct vw_table *t)
{
	if (t == NULL)
		return;
	vw__route_free(t);
	vw__neigh_free(t);
	free(t->li);
	free(t->ad);
	free(t);
}

int
vw_table_os(const struct vw_table *t)
{
	return t->os;
}

int
vw_table_apply(struct vw_table *t, const struct vw_event *ev,
    vw_diff_cb cb, void *arg)
{
	struct vw__emit e;
	int rc;

	if (t == NULL || ev == NULL)
		return VW_EINVAL;
	/*
	 * A request the kernel refused is still echoed to every routing
	 * socket (BSD route_output() sets rtm_errno); it changed nothing.
	 */
	if (ev->origin.msg_errno != 0 && ev->kind > VW_EV_NONE &&
	    ev->kind <= VW_EV_ADDR_DELETE && ev->kind != VW_EV_LINK_UP &&
	    ev->kind != VW_EV_LINK_DOWN)
		return 0;
	vw__emit_init(&e, t, ev, cb, arg);
	switch (ev->kind) {
	case VW_EV_ROUTE_ADD:
	case VW_EV_ROUTE_CHANGE:
		rc = vw__route_set(t, &ev->u.route,
		    ev->kind == VW_EV_ROUTE_CHANGE, &e);
		break;
	case VW_EV_ROUTE_DELETE:
		rc = vw__route_del(t, &ev->u.route, &e);
		break;
	case VW_EV_NEIGH_ADD:
	case VW_EV_NEIGH_CHANGE:
		rc = vw__neigh_set(t, &ev->u.neigh, &e);
		break;
	case VW_EV_NEIGH_DELETE:
		rc = vw__neigh_del(t, &ev->u.neigh, &e);
		break;
	case VW_EV_LINK_ADD:
	case VW_EV_LINK_CHANGE:
		rc = vw__link_set(t, &ev->u.link, &e);
		break;
	case VW_EV_LINK_DELETE:
		rc = vw__link_del(t, ev->u.link.index, &e);
		break;
	case VW_EV_ADDR_ADD:
		rc = vw__addr_set(t, &ev->u.addr, &e);
		break;
	case VW_EV_ADDR_DELETE:
		rc = vw__addr_del(t, &ev->u.addr, &e);
		break;
	default:
		return VW_EINVAL;
	}
	if (rc < 0)
		return rc;
	if (t->syncing)
		t->sync_diffs += e.n;
	return e.n;
}

void
vw_table_sync_begin(struct vw_table *t, unsigned objs)
{
	uint32_t i;

	t->syncing = 1;
	t->sync_objs = objs;
	t->sync_diffs = 0;
	if (objs & (1u << VW_OBJ_ROUTE))
		vw__route_mark(t);
	if (objs & (1u << VW_OBJ_NEIGH))
		for (i = 0; i < t->ne_len; i++)
			t->ne[i].stale = 1;
	if (objs & (1u << VW_OBJ_LINK))
		for (i = 0; i < t->li_len; i++)
			t->li[i].stale = 1;
	if (objs & (1u << VW_OBJ_ADDR))
		for (i = 0; i < t->ad_len; i++)
			t->ad[i].stale = 1;
}

int
vw_table_sync_end(struct vw_table *t, vw_diff_cb cb, void *arg)
{
	struct vw__emit e;
	long total;

	if (!t->syncing)
		return 0;
	vw__emit_init(&e, t, NULL, cb, arg);
	/* Links last: their cascade must not re-report swept entries. */
	if (t->sync_objs & (1u << VW_OBJ_ROUTE))
		vw__route_sweep(t, &e);
	if (t->sync_objs & (1u << VW_OBJ_NEIGH))
		vw__neigh_sweep(t, &e);
	if (t->sync_objs & (1u << VW_OBJ_ADDR))
		vw__addr_sweep(t, &e);
	if (t->sync_objs & (1u << VW_OBJ_LINK))
		vw__link_sweep(t, &e);
	total = t->sync_diffs + e.n;
	t->syncing = 0;
	t->sync_objs = 0;
	t->sync_diffs = 0;
	return total > INT32_MAX ? INT32_MAX : (int)total;
}

size_t
vw_table_count(const struct vw_table *t, int obj)
{
	switch (obj) {
	case VW_OBJ_ROUTE:	return t->nroutes;
	case VW_OBJ_NEIGH:	return t->ne_len;
	case VW_OBJ_LINK:	return t->li_len;
	case VW_OBJ_ADDR:	return t->ad_len;
	default:		return 0;
	}
}

const struct vw_link *
vw_table_link(const struct vw_table *t, uint32_t index)
{
	long i = vw__link_pos(t, index);

	return i >= 0 ? &t->li[i].v : NULL;
}

const struct vw_link *
vw_table_link_byname(const struct vw_table *t, const char *name)
{
	uint32_t i;

	if (name == NULL || name[0] == '\0')
		return NULL;
	for (i = 0; i < t->li_len; i++)
		if (strncmp(t->li[i].v.name, name, VW_IFNAMSIZ) == 0)
			return &t->li[i].v;
	return NULL;
}
