/* SPDX-License-Identifier: ISC */
/*
 * table_snap.c - sorted snapshots of the table, in the order the OS's own
 * tools print them.
 *
 * Routes are stored compactly (table_route.c), so vw_table_routes()
 * materialises them: it allocates ONE block holding the pointer array
 * followed by the struct vw_route values it points to, so the caller's
 * free(*out) releases both.  Their next-hop pointers point into the
 * table (valid until the next apply/sync/free).  Neighbours, links and
 * addresses are stored as plain structs; their snapshots point into the
 * table directly.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "table_int.h"
#include "vw_error.h"

#define BSD_RTF_HOST	0x4	/* RTF_HOST, same bit on macOS and FreeBSD */

static int
cmp_u32(uint32_t a, uint32_t b)
{
	return a < b ? -1 : a > b;
}

/*
 * XNU and FreeBSD keep an IPv6 link-local address's scope in bytes 2-3 of
 * the radix key (KAME embedded scope), so `netstat -rn` lists
 * fe80::%en0/64, fe80::1%en0, then fe80::%en1/64 ...: sort on those bytes.
 */
static void
radix_bytes(const struct vw_ip *ip, uint8_t out[16])
{
	memcpy(out, ip->a, 16);
	if (ip->family == VW_AF_INET6 && ip->scope != 0 && out[2] == 0 &&
	    out[3] == 0) {
		out[2] = (uint8_t)(ip->scope >> 8);
		out[3] = (uint8_t)ip->scope;
	}
}

static int
route_tail(const struct vw_route *a, const struct vw_route *b)
{
	int c;

	if ((c = cmp_u32(a->ifscope, b->ifscope)) != 0 ||
	    (c = cmp_u32(a->table, b->table)) != 0 ||
	    (c = cmp_u32(a->metric, b->metric)) != 0 ||
	    (c = cmp_u32(a->dst.scope, b->dst.scope)) != 0)
		return c;
	/* Linux routes of one key but another next hop: a stable order. */
	if ((c = cmp_u32(a->ifindex, b->ifindex)) != 0 ||
	    (c = cmp_u32(a->gw.family, b->gw.family)) != 0)
		return c;
	return memcmp(a->gw.a, b->gw.a, 16);
}

/* macOS/FreeBSD radix order: dst, plen, network before host, ifscope. */
static int
cmp_route_bsd(const void *pa, const void *pb)
{
	const struct vw_route *a = *(const struct vw_route *const *)pa;
	const struct vw_route *b = *(const struct vw_route *const *)pb;
	uint8_t ka[16], kb[16];
	int c;

	if ((c = cmp_u32(a->dst.family, b->dst.family)) != 0)
		return c;
	radix_bytes(&a->dst, ka);
	radix_bytes(&b->dst, kb);
	if ((c = memcmp(ka, kb, 16)) != 0 ||
	    (c = cmp_u32(a->plen, b->plen)) != 0 ||
	    (c = cmp_u32((a->flags & BSD_RTF_HOST) != 0,
	    (b->flags & BSD_RTF_HOST) != 0)) != 0)
		return c;
	return route_tail(a, b);
}

/* Linux: rtm_flags has no host bit (0x4 is RTNH_F_ONLINK there). */
static int
cmp_route_linux(const void *pa, const void *pb)
{
	const struct vw_route *a = *(const struct vw_route *const *)pa;
	const struct vw_route *b = *(const struct vw_route *const *)pb;
	int c;

	if ((c = cmp_u32(a->dst.family, b->dst.family)) != 0 ||
	    (c = memcmp(a->dst.a, b->dst.a, 16)) != 0 ||
	    (c = cmp_u32(a->plen, b->plen)) != 0)
		return c;
	return route_tail(a, b);
}

long
vw_table_routes(const struct vw_table *t, int family,
    const struct vw_route ***out)
{
	const struct vw_route **ptr;
	struct vw_route *rt;
	size_t n = 0, i = 0;
	uint32_t idx;

	*out = NULL;
	for (idx = 0; idx < t->rn_len; idx++)
		if (t->rn[idx].family != 0 &&
		    (family == 0 || t->rn[idx].family == family))
			n++;
	if (n > (SIZE_MAX - sizeof(*ptr)) / (sizeof(*ptr) + sizeof(*rt)))
		return VW_ENOMEM;
	/* One block: n pointers, then the n routes (8-byte aligned). */
	if ((ptr = malloc(sizeof(*ptr) + n * (sizeof(*ptr) + sizeof(*rt)))) ==
	    NULL)
		return VW_ENOMEM;
	rt = (struct vw_route *)(void *)((char *)ptr + n * sizeof(*ptr));
	for (idx = 0; idx < t->rn_len; idx++) {
		if (t->rn[idx].family == 0 ||
		    (family != 0 && t->rn[idx].family != family))
			continue;
		vw__route_get(t, idx, &rt[i]);
		ptr[i] = &rt[i];
		i++;
	}
	qsort(ptr, n, sizeof(*ptr),
	    t->os == VW_OS_LINUX ? cmp_route_linux : cmp_route_bsd);
	*out = ptr;
	return (long)n;
}

static int
cmp_neigh(const void *pa, const void *pb)
{
	const struct vw_neigh *a = *(const struct vw_neigh *const *)pa;
	const struct vw_neigh *b = *(const struct vw_neigh *const *)pb;
	int c;

	if ((c = cmp_u32(a->addr.family, b->addr.family)) != 0 ||
	    (c = memcmp(a->addr.a, b->addr.a, 16)) != 0)
		return c;
	return cmp_u32(a->ifindex, b->ifindex);
}

long
vw_table_neighs(const struct vw_table *t, int family,
    const struct vw_neigh ***out)
{
	const struct vw_neigh **ptr;
	uint32_t i;
	size_t n = 0;

	*out = NULL;
	if ((ptr = malloc((t->ne_len + 1) * sizeof(*ptr))) == NULL)
		return VW_ENOMEM;
	for (i = 0; i < t->ne_len; i++)
		if (family == 0 || t->ne[i].v.addr.family == family)
			ptr[n++] = &t->ne[i].v;
	qsort(ptr, n, sizeof(*ptr), cmp_neigh);
	*out = ptr;
	return (long)n;
}

static int
cmp_link(const void *pa, const void *pb)
{
	const struct vw_link *a = *(const struct vw_link *const *)pa;
	const struct vw_link *b = *(const struct vw_link *const *)pb;

	return cmp_u32(a->index, b->index);
}

long
vw_table_links(const struct vw_table *t, const struct vw_link ***out)
{
	const struct vw_link **ptr;
	uint32_t i;

	*out = NULL;
	if ((ptr = malloc((t->li_len + 1) * sizeof(*ptr))) == NULL)
		return VW_ENOMEM;
	for (i = 0; i < t->li_len; i++)
		ptr[i] = &t->li[i].v;
	qsort(ptr, t->li_len, sizeof(*ptr), cmp_link);
	*out = ptr;
	return (long)t->li_len;
}

static int
cmp_addr(const void *pa, const void *pb)
{
	const struct vw_ifaddr *a = *(const struct vw_ifaddr *const *)pa;
	const struct vw_ifaddr *b = *(const struct vw_ifaddr *const *)pb;
	int c;

	if ((c = cmp_u32(a->ifindex, b->ifindex)) != 0 ||
	    (c = cmp_u32(a->addr.family, b->addr.family)) != 0 ||
	    (c = memcmp(a->addr.a, b->addr.a, 16)) != 0)
		return c;
	return cmp_u32(a->plen, b->plen);
}

long
vw_table_addrs(const struct vw_table *t, int family,
    const struct vw_ifaddr ***out)
{
	const struct vw_ifaddr **ptr;
	uint32_t i;
	size_t n = 0;

	*out = NULL;
	if ((ptr = malloc((t->ad_len + 1) * sizeof(*ptr))) == NULL)
		return VW_ENOMEM;
	for (i = 0; i < t->ad_len; i++)
		if (family == 0 || t->ad[i].v.addr.family == family)
			ptr[n++] = &t->ad[i].v;
	qsort(ptr, n, sizeof(*ptr), cmp_addr);
	*out = ptr;
	return (long)n;
}
