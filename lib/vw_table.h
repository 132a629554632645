/* SPDX-License-Identifier: ISC */
/*
 * vw_table.h - the in-memory mirror of the kernel's routes, neighbours,
 * links and interface addresses, and the longest-prefix-match lookup.
 *
 * Keys, as each kernel keys its entries:
 *   route  (family, dst, plen, ifscope)            on macOS/FreeBSD
 *          (family, table, dst, plen, metric, next hop) on Linux, which
 *          keeps same-metric routes apart by next hop (IPv6 ff00::/8 and
 *          fe80::/64 on every device, `ip route append`); route.change
 *          (NLM_F_REPLACE) replaces the first route of that metric, and a
 *          delete that names no next hop removes the first of that metric
 *   neigh  (family, ifindex, addr)
 *   link   index; a name that comes back with a new index is a new link
 *          (the old index is deleted)
 *   addr   (family, ifindex, addr, plen)
 *
 * vw_table_apply() takes one event from a parser and reports what really
 * changed as diff events (route.add / route.change / route.delete ...):
 * an add of an existing identical entry reports nothing, an add of an
 * existing different entry reports a change carrying the old value, a
 * delete of an unknown entry reports nothing.
 *
 * Ownership: the table owns every entry.  Pointers and routes returned by
 * the read functions stay valid until the next apply/sync/free on the table.
 * Diff events passed to a callback live only for the duration of the call.
 */
#ifndef VW_TABLE_H
#define VW_TABLE_H

#include <stddef.h>
#include <stdint.h>

#include "vw_event.h"

struct vw_table;

typedef void (*vw_diff_cb)(const struct vw_event *diff, void *arg);

/* A new empty table for the given OS (keys and lookup rules follow it). */
struct vw_table	*vw_table_new(int os);
void		 vw_table_free(struct vw_table *t);
int		 vw_table_os(const struct vw_table *t);

/*
 * Apply one parsed event.  cb (may be NULL) is called once per diff.
 * Returns the number of diffs (>= 0) or a negative VW_E* code, in which
 * case the table is unchanged.
 */
int	vw_table_apply(struct vw_table *t, const struct vw_event *ev,
	    vw_diff_cb cb, void *arg);

/*
 * Resynchronisation: sync_begin() marks every entry of the object kinds in
 * `objs` (bit (1 << VW_OBJ_*)) stale; apply a full dump; sync_end() deletes
 * what the dump did not mention, reporting each as a diff, and returns the
 * number of diffs reported since sync_begin() (adds, changes and deletes).
 */
void	vw_table_sync_begin(struct vw_table *t, unsigned objs);
int	vw_table_sync_end(struct vw_table *t, vw_diff_cb cb, void *arg);

size_t	vw_table_count(const struct vw_table *t, int obj);	/* VW_OBJ_* */

/*
 * Sorted snapshots, in the order the OS's own tools print them:
 * routes by (family, dst bytes, plen, host-after-net, ifscope, table,
 * metric); neighbours by (family, addr, ifindex); links by index; addresses
 * by (ifindex, family, addr).  family 0 = all.  *out is a malloc'ed array of
 * pointers into the table; the caller frees the array (not the entries).
 * Returns the count or VW_ENOMEM.
 */
long	vw_table_routes(const struct vw_table *t, int family,
	    const struct vw_route ***out);
long	vw_table_neighs(const struct vw_table *t, int family,
	    const struct vw_neigh ***out);
long	vw_table_links(const struct vw_table *t, const struct vw_link ***out);
long	vw_table_addrs(const struct vw_table *t, int family,
	    const struct vw_ifaddr ***out);

const struct vw_link *vw_table_link(const struct vw_table *t, uint32_t index);
const struct vw_link *vw_table_link_byname(const struct vw_table *t,
	    const char *name);
/*
 * The neighbour entry of addr on interface ifindex (the key; scope is not
 * part of it), or with ifindex 0 the first entry for addr on any
 * interface.  NULL when there is none.
 */
const struct vw_neigh *vw_table_neigh(const struct vw_table *t,
	    const struct vw_ip *addr, uint32_t ifindex);

/*
 * Which route would the kernel use for `addr` (route -n get / ip route get):
 *   Linux: table local (255) first, then main (254); longest prefix, then
 *          lowest metric.
 *   macOS: ifscope 0 considers unscoped routes only; ifscope N considers
 *          routes scoped to N and unscoped routes whose interface is N,
 *          preferring the scoped one on an equal prefix.  Cloned host
 *          entries (ARP) take part, as in the kernel's radix tree.
 *   FreeBSD: longest prefix.
 * Copies the route into *out (next hops point into the table).
 * Returns 0 or VW_ENOENT.
 */
int	vw_table_lookup(const struct vw_table *t, const struct vw_ip *addr,
	    uint32_t ifscope, struct vw_route *out);

#endif /* VW_TABLE_H */
