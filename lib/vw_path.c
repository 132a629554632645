/* SPDX-License-Identifier: ISC */
/*
 * vw_path.c - the path to one target as the mirror says the kernel would
 * send a packet: longest-prefix match, the interface, the host's address
 * on it and the next hop's neighbour entry; what differs between two
 * paths; whether one table diff concerns a path.
 *
 * macOS keeps ARP entries as cloned host routes (RTF_LLINFO) in the
 * routing table, so a lookup may land on the target's own ARP entry.
 * That entry is the neighbour; the route that matters (the one a VPN
 * replaces or a user deletes) is the covering non-clone route.  FreeBSD
 * keeps ARP in the lltable, which the BSD decoder turns into neighbours
 * only, so the clone case does not arise there, but the rule is the same.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsd_wire.h"
#include "vw_error.h"
#include "vw_path.h"
#include "vw_table.h"

static unsigned
ip_bits(int family)
{
	return family == VW_AF_INET6 ? 128 : 32;
}

/*
 * A BSD ARP/ND entry living in the routing table (macOS): a host route
 * with RTF_LLINFO and a link-layer gateway.  Linux rtm_flags give 0x400
 * another meaning (RTM_F_EQUALIZE), hence the OS test.
 */
static int
is_clone(int os, const struct vw_route *r)
{
	return (os == VW_OS_DARWIN || os == VW_OS_FREEBSD) &&
	    (r->flags & VW_RTF_LLINFO) != 0 && r->gwkind == VW_GW_LINK &&
	    r->plen == ip_bits(r->dst.family);
}

/*
 * The best non-clone route covering target: unscoped first (the host's
 * unscoped view that lookup ifscope 0 takes), then the longest prefix,
 * then the clone's own interface.  A linear scan of the sorted snapshot:
 * fine for macOS tables (hundreds of routes) and only reached when the
 * lookup landed on an unscoped ARP clone, which is rare (IPv4 link-local
 * entries); scoped clones are skipped by the lookup itself.
 * Returns 1 found, 0 none, VW_ENOMEM.
 */
static int
covering_route(const struct vw_table *t, const struct vw_ip *target,
    const struct vw_route *clone, struct vw_route *out)
{
	const struct vw_route **rs, *r;
	long n, i, best = -1;
	unsigned key, bestkey = 0;
	int os = vw_table_os(t);

	if ((n = vw_table_routes(t, target->family, &rs)) < 0)
		return VW_ENOMEM;
	for (i = 0; i < n; i++) {
		r = rs[i];
		if (is_clone(os, r) ||
		    !vw_ip_in_prefix(target, &r->dst, r->plen))
			continue;
		key = (r->ifscope == 0 ? 1u << 10 : 0) |
		    (unsigned)r->plen << 1 | (r->ifindex == clone->ifindex);
		if (best < 0 || key > bestkey) {
			best = i;
			bestkey = key;
		}
	}
	if (best >= 0)
		*out = *rs[best];
	free(rs);
	return best >= 0;
}

/*
 * The host's address on ifindex for next hop nh: one whose prefix covers
 * it (longest), or the point-to-point address whose peer it is, else the
 * route's preferred source if the interface has it.
 */
static int
find_src(const struct vw_table *t, uint32_t ifindex, const struct vw_ip *nh,
    const struct vw_ip *prefsrc, struct vw_path *p)
{
	const struct vw_ifaddr **as, *a, *best = NULL, *pref = NULL;
	long n, i;

	if ((n = vw_table_addrs(t, nh->family, &as)) < 0)
		return VW_ENOMEM;
	for (i = 0; i < n; i++) {
		a = as[i];
		if (a->ifindex != ifindex)
			continue;
		if (vw_ip_in_prefix(nh, &a->addr, a->plen) ||
		    (!a->peer_is_brd && vw_ip_same(&a->peer, nh))) {
			if (best == NULL || a->plen > best->plen)
				best = a;
		} else if (prefsrc->family != VW_AF_NONE &&
		    vw_ip_same(&a->addr, prefsrc))
			pref = a;
	}
	if (best == NULL)
		best = pref;
	if (best != NULL) {
		p->have |= VW_PH_SRC;
		p->src = best->addr;
		p->src_plen = best->plen;
	}
	free(as);
	return 0;
}

/* A neighbour state from a BSD clone's own bits, when no entry exists. */
static unsigned
clone_state(const struct vw_route *c)
{
	if (c->lgw.ll.len == 0)
		return (c->flags & VW_RTF_REJECT) ? VW_NUD_FAILED :
		    VW_NUD_INCOMPLETE;
	if (c->flags & VW_RTF_STATIC)
		return VW_NUD_PERMANENT;
	return VW_NUD_REACHABLE;
}

int
vw_path_compute(const struct vw_table *t, const struct vw_ip *target,
    struct vw_path *p)
{
	const struct vw_neigh *nb;
	const struct vw_link *l;
	struct vw_route r, clone;
	int have_clone = 0, rc = 0, frc;

	if (p != NULL)
		memset(p, 0, sizeof(*p));
	if (t == NULL || target == NULL || p == NULL)
		return VW_EINVAL;
	if (vw_table_lookup(t, target, 0, &r) != 0)
		return 0;
	if (is_clone(vw_table_os(t), &r)) {
		clone = r;
		have_clone = 1;
		if ((frc = covering_route(t, target, &clone, &r)) < 0)
			rc = frc;
		if (frc <= 0)
			r = clone;
	}
	p->have = VW_PH_ROUTE;
	p->dst = r.dst;
	p->plen = r.plen;
	p->rtype = r.type;
	p->gwkind = r.gwkind;
	if (r.gwkind == VW_GW_IP)
		p->gw = r.gw;
	p->rflags = r.flags;
	p->ifindex = r.ifindex;
	p->table = r.table;
	/* Linux multipath: the first next hop stands for the route. */
	if (r.nnh > 1 && r.nh != NULL) {
		if (p->ifindex == 0)
			p->ifindex = r.nh[0].ifindex;
		if (p->gwkind != VW_GW_IP && r.nh[0].gw.family != VW_AF_NONE) {
			p->gwkind = VW_GW_IP;
			p->gw = r.nh[0].gw;
		}
	}
	p->nh = p->gwkind == VW_GW_IP ? p->gw : *target;

	if ((l = vw_table_link(t, p->ifindex)) != NULL) {
		p->have |= VW_PH_LINK;
		memcpy(p->ifname, l->name, sizeof(p->ifname));
		p->ifname[sizeof(p->ifname) - 1] = '\0';
		p->lflags = l->lflags;
		p->ltype = l->type;
		p->operstate = l->operstate;
		memcpy(p->lkind, l->kind, sizeof(p->lkind));
		p->lkind[sizeof(p->lkind) - 1] = '\0';
	} else if (r.gwkind == VW_GW_LINK && r.lgw.name[0] != '\0') {
		/* A gone interface still has the name its route carried. */
		memcpy(p->ifname, r.lgw.name, sizeof(p->ifname));
		p->ifname[sizeof(p->ifname) - 1] = '\0';
	}
	if (p->ifindex != 0 &&
	    (frc = find_src(t, p->ifindex, &p->nh, &r.prefsrc, p)) < 0)
		rc = frc;

	if ((nb = vw_table_neigh(t, &p->nh, p->ifindex)) != NULL) {
		p->have |= VW_PH_NEIGH;
		p->ll = nb->ll;
		p->nud = nb->state;
		p->nflags = nb->nflags;
	} else if (have_clone && vw_ip_same(&clone.dst, &p->nh)) {
		p->have |= VW_PH_NEIGH;
		p->ll = clone.lgw.ll;
		p->nud = (uint16_t)clone_state(&clone);
	}
	return rc;
}

int
vw_path_ll_known(const struct vw_lladdr *ll)
{
	static const uint8_t masked[6] = { 0x02, 0, 0, 0, 0, 0 };

	if (ll->len == 0 || ll->len > VW_LLADDR_MAX)
		return 0;
	return !(ll->len == 6 && memcmp(ll->a, masked, 6) == 0);
}

int
vw_path_link_flags_ok(uint32_t lflags, unsigned operstate)
{
	/* Linux IF_OPER_DOWN (2), IF_OPER_LOWERLAYERDOWN (3); 0 is unknown. */
	if (operstate == 2 || operstate == 3)
		return 0;
	return (lflags & VW_LF_UP) != 0 &&
	    (lflags & (VW_LF_RUNNING | VW_LF_LOWER_UP)) != 0;
}

int
vw_path_link_ok(const struct vw_path *p)
{
	return p != NULL && (p->have & VW_PH_LINK) &&
	    vw_path_link_flags_ok(p->lflags, p->operstate);
}

int
vw_path_l2_ok(const struct vw_path *p)
{
	const unsigned ok = VW_NUD_REACHABLE | VW_NUD_STALE | VW_NUD_DELAY |
	    VW_NUD_PROBE | VW_NUD_PERMANENT | VW_NUD_NOARP;

	return p != NULL && (p->have & VW_PH_NEIGH) && p->ll.len > 0 &&
	    (p->nud & ok) != 0;
}

static int
route_same(const struct vw_path *a, const struct vw_path *b)
{
	if ((a->have & VW_PH_ROUTE) != (b->have & VW_PH_ROUTE))
		return 0;
	if (!(a->have & VW_PH_ROUTE))
		return 1;
	if (a->plen != b->plen || !vw_ip_same(&a->dst, &b->dst) ||
	    a->rtype != b->rtype || a->table != b->table ||
	    a->gwkind != b->gwkind)
		return 0;
	return a->gwkind != VW_GW_IP || vw_ip_same(&a->gw, &b->gw);
}

unsigned
vw_path_diff(const struct vw_path *a, const struct vw_path *b)
{
	const uint32_t lf = VW_LF_UP | VW_LF_RUNNING | VW_LF_LOWER_UP;
	unsigned d = 0;

	if (!route_same(a, b))
		d |= VW_PD_ROUTE;
	if (a->ifindex != b->ifindex)
		d |= VW_PD_IFACE;
	if ((a->have & VW_PH_LINK) != (b->have & VW_PH_LINK) ||
	    ((a->lflags ^ b->lflags) & lf) != 0 ||
	    vw_path_link_ok(a) != vw_path_link_ok(b))
		d |= VW_PD_LINK;
	if ((a->have & VW_PH_SRC) != (b->have & VW_PH_SRC) ||
	    ((a->have & VW_PH_SRC) && (a->src_plen != b->src_plen ||
	    !vw_ip_same(&a->src, &b->src))))
		d |= VW_PD_SRC;
	if ((a->have & b->have & VW_PH_NEIGH) && vw_ip_same(&a->nh, &b->nh) &&
	    vw_path_ll_known(&a->ll) &&
	    vw_path_ll_known(&b->ll) && (a->ll.len != b->ll.len ||
	    memcmp(a->ll.a, b->ll.a, a->ll.len) != 0))
		d |= VW_PD_LLADDR;
	if (vw_path_l2_ok(a) != vw_path_l2_ok(b))
		d |= VW_PD_NUD;
	return d;
}

static int
route_covers(const struct vw_route *r, const struct vw_ip *target)
{
	return r->dst.family == target->family &&
	    vw_ip_in_prefix(target, &r->dst, r->plen);
}

int
vw_path_touched(const struct vw_path *p, const struct vw_ip *target,
    const struct vw_event *ev)
{
	const struct vw_link *l;
	const struct vw_ifaddr *a;

	if (p == NULL || target == NULL || ev == NULL)
		return 0;
	switch (vw_kind_obj(ev->kind)) {
	case VW_OBJ_ROUTE:
		/* Any table: a new more-specific route is a hijack. */
		if (route_covers(&ev->u.route, target))
			return 1;
		/* A route.change may move a covering route away. */
		return ev->kind == VW_EV_ROUTE_CHANGE &&
		    route_covers(&ev->old.route, target);
	case VW_OBJ_NEIGH:
		return vw_ip_same(&ev->u.neigh.addr, target) ||
		    ((p->have & VW_PH_ROUTE) &&
		    vw_ip_same(&ev->u.neigh.addr, &p->nh));
	case VW_OBJ_LINK:
		l = &ev->u.link;
		if (p->ifindex != 0 && l->index == p->ifindex)
			return 1;
		/* A port of the path's bridge: the guest may sit behind it. */
		if (p->ifindex != 0 && l->master == p->ifindex)
			return 1;
		/* Recreated under a new index: the name gives it away. */
		return p->ifname[0] != '\0' && l->name[0] != '\0' &&
		    strncmp(l->name, p->ifname, VW_IFNAMSIZ) == 0;
	case VW_OBJ_ADDR:
		a = &ev->u.addr;
		if (p->ifindex != 0 && a->ifindex == p->ifindex)
			return 1;
		return a->addr.family == target->family &&
		    vw_ip_in_prefix(target, &a->addr, a->plen);
	default:
		return 0;
	}
}

/* ---- text ------------------------------------------------------------- */

static void
ip_text(const struct vw_ip *ip, char *buf, size_t len)
{
	if (vw_ip_str(ip, buf, len) < 0)
		snprintf(buf, len, "?");
}

int
vw_path_route_str(const struct vw_path *p, char *buf, size_t len)
{
	char dst[VW_IP_STRLEN], gw[VW_IP_STRLEN], pre[32] = "", via[80] = "";
	char dev[VW_IFNAMSIZ + 24] = "";

	if (p == NULL || !(p->have & VW_PH_ROUTE))
		return snprintf(buf, len, "no route");
	if (p->rtype != VW_RT_UNICAST)
		snprintf(pre, sizeof(pre), "%s ", vw_rtype_name(p->rtype));
	ip_text(&p->dst, dst, sizeof(dst));
	if (p->gwkind == VW_GW_IP) {
		ip_text(&p->gw, gw, sizeof(gw));
		snprintf(via, sizeof(via), " via %s", gw);
	}
	if (p->ifname[0] != '\0')
		snprintf(dev, sizeof(dev), " dev %s", p->ifname);
	else if (p->ifindex != 0)
		snprintf(dev, sizeof(dev), " dev if#%u", p->ifindex);
	if (p->plen == 0)
		return snprintf(buf, len, "%sdefault%s%s", pre, via, dev);
	return snprintf(buf, len, "%s%s/%u%s%s", pre, dst, p->plen, via, dev);
}

int
vw_path_str(const struct vw_path *p, char *buf, size_t len)
{
	char route[160], src[VW_IP_STRLEN], nh[VW_IP_STRLEN];
	char ll[VW_LL_STRLEN + 1] = "", state[80], link[24] = "";
	char srcpart[VW_IP_STRLEN + 16] = "";

	if (p == NULL || !(p->have & VW_PH_ROUTE))
		return snprintf(buf, len, "no route");
	vw_path_route_str(p, route, sizeof(route));
	if (!(p->have & VW_PH_LINK)) {
		if (p->ifindex != 0)
			snprintf(link, sizeof(link), " (gone)");
	} else if (!(p->lflags & VW_LF_UP))
		snprintf(link, sizeof(link), " (down)");
	else if (!vw_path_link_ok(p))
		snprintf(link, sizeof(link), " (no carrier)");
	if (p->have & VW_PH_SRC) {
		ip_text(&p->src, src, sizeof(src));
		snprintf(srcpart, sizeof(srcpart), " src %s", src);
	}
	ip_text(&p->nh, nh, sizeof(nh));
	if (!(p->have & VW_PH_NEIGH))
		return snprintf(buf, len, "%s%s%s, no neighbour entry for %s",
		    route, link, srcpart, nh);
	if (p->ll.len > 0) {
		ll[0] = ' ';
		if (vw_ll_canon(&p->ll, ll + 1, sizeof(ll) - 1) < 0)
			ll[0] = '\0';
	}
	if (vw_nud_str(p->nud, state, sizeof(state)) < 0)
		snprintf(state, sizeof(state), "?");
	return snprintf(buf, len, "%s%s%s, neighbour %s%s %s", route, link,
	    srcpart, nh, ll, state);
}
