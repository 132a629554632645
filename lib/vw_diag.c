/* SPDX-License-Identifier: ISC */
/*
 * vw_diag.c - the diagnosis rules of vw_diag.h, in precedence order, and
 * the cause's JSON.
 *
 * Each rule first asks the mirror (the path before vs now, the current
 * table) whether its cause is visible, and only then looks in the history
 * window for the change that made it so (evidence, the process, the
 * time).  A rule whose cause neither the mirror nor the window shows does
 * not fire; causes no table can show are marked inferred.
 *
 * Precedence matters where one change implies another: Linux takes a
 * downed interface's IPv4 routes with it and removes an address's
 * connected route with the address, so interface and address rules come
 * before the route rules.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "fmt_json.h"
#include "fmt_util.h"
#include "vw_diag.h"
#include "vw_error.h"
#include "vw_history.h"
#include "vw_path.h"
#include "vw_table.h"

static const char *const cause_names[VW_CAUSE__MAX] = {
	[VW_CAUSE_NONE] = NULL,
#define VW__CAUSE_STR(name, str) [VW_CAUSE_##name] = str,
	VW_CAUSE_MAP(VW__CAUSE_STR)
#undef VW__CAUSE_STR
};

const char *
vw_cause_name(int code)
{
	if (code <= VW_CAUSE_NONE || code >= VW_CAUSE__MAX)
		return "?";
	return cause_names[code];
}

int
vw_cause_parse(const char *s)
{
	int i;

	if (s == NULL)
		return VW_EINVAL;
	for (i = VW_CAUSE_NONE + 1; i < VW_CAUSE__MAX; i++)
		if (strcmp(s, cause_names[i]) == 0)
			return i;
	return VW_EINVAL;
}

/* ---- context and small helpers ------------------------------------------ */

struct dctx {
	const struct vw_diag_in	*in;
	const struct vw_path	*b;	/* never NULL: an empty path if none */
	const struct vw_path	*n;
	int			 hb;	/* the path before is known */
	struct vw_cause		*out;
	struct vw__sb		 sb;	/* the summary */
	char			 tgt[VW_IP_STRLEN];
};

static const struct vw_path empty_path;

static void
ip_text(const struct vw_ip *ip, char *buf, size_t len)
{
	if (vw_ip_str(ip, buf, len) < 0)
		snprintf(buf, len, "?");
}

static void
ll_text(const struct vw_lladdr *ll, char *buf, size_t len)
{
	if (ll->len == 0 || vw_ll_canon(ll, buf, len) < 0)
		snprintf(buf, len, "(none)");
}

/* "HH:MM:SS" UTC; "?" when unknown. */
static void
hms(int64_t us, char *buf, size_t len)
{
	int64_t sec;
	struct tm tm;
	time_t t;

	if (us == 0) {
		snprintf(buf, len, "?");
		return;
	}
	sec = us / 1000000 - (us % 1000000 < 0);
	t = (time_t)sec;
	if ((int64_t)t != sec || gmtime_r(&t, &tm) == NULL) {
		snprintf(buf, len, "?");
		return;
	}
	snprintf(buf, len, "%02d:%02d:%02d", tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
}

/* "30s", "47m", "5h03m", "2d04h". */
static void
duration(uint32_t s, char *buf, size_t len)
{
	if (s < 120)
		snprintf(buf, len, "%us", s);
	else if (s < 7200)
		snprintf(buf, len, "%um", s / 60);
	else if (s < 172800)
		snprintf(buf, len, "%uh%02um", s / 3600, s / 60 % 60);
	else
		snprintf(buf, len, "%ud%02uh", s / 86400, s / 3600 % 24);
}

static uint32_t
err_count(const struct vw_diag_in *in, int e)
{
	int i;

	for (i = 0; i < VW_DIAG_NERRNO; i++)
		if (in->errs[i].err == e)
			return in->errs[i].count;
	return 0;
}

/* The send error seen most often (0 none). */
static int
err_main(const struct vw_diag_in *in)
{
	uint32_t best = 0;
	int i, e = 0;

	for (i = 0; i < VW_DIAG_NERRNO; i++)
		if (in->errs[i].err != 0 && in->errs[i].count > best) {
			best = in->errs[i].count;
			e = in->errs[i].err;
		}
	return e;
}

static const char *
nd_proto(const struct vw_ip *ip)
{
	return ip->family == VW_AF_INET6 ? "NDP" : "ARP";
}

static const struct vw_hevent *
hist_at(const struct dctx *d, size_t i)
{
	return d->in->hist != NULL ? d->in->hist[i] : NULL;
}

/* After the last good probe (unknown times count as after). */
static int
after_good(const struct dctx *d, const struct vw_hevent *h)
{
	return d->in->last_good_us == 0 || h->ev.time_us == 0 ||
	    h->ev.time_us >= d->in->last_good_us;
}

static void
evidence_add(struct vw_cause *c, const struct vw_hevent *h)
{
	unsigned i;

	if (h == NULL)
		return;
	for (i = 0; i < c->nevidence; i++)
		if (c->evidence[i] == h->ev.seq)
			return;
	if (c->nevidence < VW_EVIDENCE_MAX)
		c->evidence[c->nevidence++] = h->ev.seq;
}

/* The event that made the change: first evidence, process and time. */
static void
decisive(struct dctx *d, const struct vw_hevent *h)
{
	struct vw_cause *c = d->out;

	if (h == NULL)
		return;
	evidence_add(c, h);
	c->pid = h->ev.origin.msg_pid;
	memcpy(c->proc, h->proc, sizeof(c->proc));
	c->proc[sizeof(c->proc) - 1] = '\0';
	c->change_us = h->ev.time_us;
}

/* " by pid 812 'tailscaled'", " by pid 812" or "". */
static void
by_text(const struct vw_hevent *h, char *buf, size_t len)
{
	char proc[sizeof(h->proc)];

	buf[0] = '\0';
	if (h == NULL || h->ev.origin.msg_pid <= 0)
		return;
	memcpy(proc, h->proc, sizeof(proc));
	proc[sizeof(proc) - 1] = '\0';
	if (proc[0] != '\0')
		snprintf(buf, len, " by pid %d '%s'",
		    (int)h->ev.origin.msg_pid, proc);
	else
		snprintf(buf, len, " by pid %d", (int)h->ev.origin.msg_pid);
}

/* The name of interface `index`: the paths, the table, the window. */
static const char *
ifname(const struct dctx *d, uint32_t index, char *buf, size_t len)
{
	const struct vw_hevent *h;
	const struct vw_link *l;
	const char *name = NULL;
	size_t i;

	if (d->n->ifindex == index && d->n->ifname[0] != '\0')
		name = d->n->ifname;
	else if (d->b->ifindex == index && d->b->ifname[0] != '\0')
		name = d->b->ifname;
	else if (d->in->table != NULL &&
	    (l = vw_table_link(d->in->table, index)) != NULL &&
	    l->name[0] != '\0')
		name = l->name;
	for (i = d->in->nhist; name == NULL && i-- > 0;) {
		if ((h = hist_at(d, i)) == NULL ||
		    vw_kind_obj(h->ev.kind) != VW_OBJ_LINK)
			continue;
		if (h->ev.u.link.index == index && h->ev.u.link.name[0])
			name = h->ev.u.link.name;
		else if (h->ev.old.link.index == index &&
		    h->ev.old.link.name[0])
			name = h->ev.old.link.name;
	}
	if (name != NULL)
		snprintf(buf, len, "%.*s", VW_IFNAMSIZ - 1, name);
	else
		snprintf(buf, len, "if#%u", index);
	return buf;
}

/* "matches default via 198.18.0.1 dev eth0" or "has no route". */
static void
now_text(const struct dctx *d, char *buf, size_t len)
{
	char r[160];

	if (!(d->n->have & VW_PH_ROUTE)) {
		snprintf(buf, len, "has no route");
		return;
	}
	vw_path_route_str(d->n, r, sizeof(r));
	snprintf(buf, len, "matches %s", r);
}

static void
prefix_text(const struct vw_path *p, char *buf, size_t len)
{
	char dst[VW_IP_STRLEN];

	ip_text(&p->dst, dst, sizeof(dst));
	snprintf(buf, len, "%s/%u", dst, p->plen);
}

/* Does route event r describe the route of path p (prefix, interface)? */
static int
route_is(const struct vw_route *r, const struct vw_path *p)
{
	if (!(p->have & VW_PH_ROUTE) || r->plen != p->plen ||
	    !vw_ip_same(&r->dst, &p->dst))
		return 0;
	return r->ifindex == 0 || p->ifindex == 0 || r->ifindex == p->ifindex;
}

static int
covers(const struct vw_route *r, const struct vw_ip *target)
{
	return r->dst.family == target->family &&
	    vw_ip_in_prefix(target, &r->dst, r->plen);
}

static int
link_is_tunnel(const struct vw_link *l)
{
	static const char *const kinds[] = { "tun", "wireguard", "ipsec",
	    "xfrm", "vti", "gre", "ipip", "sit" };
	static const char *const names[] = { "utun", "ipsec", "ppp", "tun",
	    "wg" };
	size_t i;

	if (l->type == VW_LT_TUNNEL || l->type == VW_LT_PPP)
		return 1;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(l->kind, kinds[i]) == 0)
			return 1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strncmp(l->name, names[i], strlen(names[i])) == 0)
			return 1;
	return 0;
}

static int
link_ok_of(const struct vw_link *l)
{
	return vw_path_link_flags_ok(l->lflags, l->operstate);
}

/*
 * Is link l (the interface of the path before) unusable now?  On macOS
 * the carrier is VW_LF_LOWER_UP alone (the daemon keeps it from the
 * kernel-event socket) while IFF_RUNNING stays set on a bridge whose
 * carrier went: losing LOWER_UP that the path before had is "no carrier".
 */
static int
link_broken(const struct dctx *d, const struct vw_link *l)
{
	if (!link_ok_of(l))
		return 1;
	return d->in->os == VW_OS_DARWIN && (d->b->lflags & VW_LF_LOWER_UP) &&
	    !(l->lflags & VW_LF_LOWER_UP);
}

/* What differs between before and now, for people (rules 1 and 12). */
static void
describe_diff(const struct dctx *d, char *buf, size_t len)
{
	const struct vw_path *b = d->b, *n = d->n;
	char r1[160], r2[160], x[VW_IP_STRLEN], y[VW_LL_STRLEN];
	char z[VW_LL_STRLEN], name[VW_IFNAMSIZ + 12], st[80];
	struct vw__sb sb;
	unsigned diff;
	int parts = 0;

	vw__sb_init(&sb, buf, len);
	if (!d->hb) {
		vw_path_str(n, r1, sizeof(r1));
		vw__sb_printf(&sb, "path now %s", r1);
		return;
	}
	diff = vw_path_diff(b, n);
	if (diff == 0) {
		vw__sb_puts(&sb, "nothing on the path changed");
		return;
	}
	/* A new route implies the rest (interface, address, neighbour). */
	if (diff & (VW_PD_ROUTE | VW_PD_IFACE)) {
		vw_path_route_str(n, r1, sizeof(r1));
		vw_path_route_str(b, r2, sizeof(r2));
		vw__sb_printf(&sb, "route now %s (was %s)", r1, r2);
		return;
	}
	if (diff & VW_PD_LINK) {
		ifname(d, b->ifindex, name, sizeof(name));
		vw__sb_printf(&sb, "%s%s %s", parts++ ? "; " : "", name,
		    !(n->have & VW_PH_LINK) ? "gone" :
		    !(n->lflags & VW_LF_UP) ? "down" :
		    !vw_path_link_ok(n) ? "has no carrier" : "up");
	}
	if ((diff & VW_PD_SRC) && (n->have & VW_PH_SRC)) {
		ip_text(&n->src, x, sizeof(x));
		ip_text(&b->src, r1, sizeof(r1));
		vw__sb_printf(&sb, "%shost address now %s/%u (was %s/%u)",
		    parts++ ? "; " : "", x, n->src_plen,
		    (b->have & VW_PH_SRC) ? r1 : "none", b->src_plen);
	} else if (diff & VW_PD_SRC) {
		ip_text(&b->src, x, sizeof(x));
		vw__sb_printf(&sb, "%shost address %s/%u gone from the path",
		    parts++ ? "; " : "", x, b->src_plen);
	}
	if (diff & VW_PD_LLADDR) {
		ip_text(&n->nh, x, sizeof(x));
		ll_text(&n->ll, y, sizeof(y));
		ll_text(&b->ll, z, sizeof(z));
		vw__sb_printf(&sb, "%s%s now at %s (was %s)",
		    parts++ ? "; " : "", x, y, z);
	}
	if (diff & VW_PD_NUD) {
		ip_text(&n->nh, x, sizeof(x));
		if (!(n->have & VW_PH_NEIGH))
			snprintf(st, sizeof(st), "absent");
		else if (vw_nud_str(n->nud, st, sizeof(st)) < 0)
			snprintf(st, sizeof(st), "?");
		vw__sb_printf(&sb, "%s%s entry of %s now %s",
		    parts++ ? "; " : "", nd_proto(&n->nh), x, st);
	}
	if (parts == 0)
		vw__sb_puts(&sb, "the path changed");
}

/* The newest window event matching pred (NULL none). */
typedef int (*hpred_fn)(const struct dctx *d, const struct vw_hevent *h,
    const void *arg);

static const struct vw_hevent *
hist_newest(const struct dctx *d, hpred_fn pred, const void *arg)
{
	const struct vw_hevent *h;
	size_t i;

	for (i = d->in->nhist; i-- > 0;)
		if ((h = hist_at(d, i)) != NULL && pred(d, h, arg))
			return h;
	return NULL;
}

/* Add every window event matching pred as evidence, newest first. */
static void
hist_evidence(const struct dctx *d, hpred_fn pred, const void *arg)
{
	const struct vw_hevent *h;
	size_t i;

	for (i = d->in->nhist; i-- > 0;)
		if ((h = hist_at(d, i)) != NULL && pred(d, h, arg))
			evidence_add(d->out, h);
}

/* ---- predicates over window events ------------------------------------ */

/* A route.delete (or a change away) of the path's route. */
static int
p_route_gone(const struct dctx *d, const struct vw_hevent *h,
    const void *arg)
{
	const struct vw_path *p = arg;

	(void)d;
	if (h->ev.kind == VW_EV_ROUTE_DELETE)
		return route_is(&h->ev.u.route, p);
	return h->ev.kind == VW_EV_ROUTE_CHANGE &&
	    route_is(&h->ev.old.route, p) && !route_is(&h->ev.u.route, p);
}

/* A route.add / route.change that made the path's route. */
static int
p_route_made_any(const struct dctx *d, const struct vw_hevent *h,
    const void *arg)
{
	(void)d;
	return (h->ev.kind == VW_EV_ROUTE_ADD ||
	    h->ev.kind == VW_EV_ROUTE_CHANGE) &&
	    route_is(&h->ev.u.route, (const struct vw_path *)arg);
}

/* ... after the last good probe (before it, the route did not win). */
static int
p_route_made(const struct dctx *d, const struct vw_hevent *h,
    const void *arg)
{
	return after_good(d, h) && p_route_made_any(d, h, arg);
}

/* A route on interface *arg covering the target went away. */
static int
p_route_del_on(const struct dctx *d, const struct vw_hevent *h,
    const void *arg)
{
	return h->ev.kind == VW_EV_ROUTE_DELETE &&
	    h->ev.u.route.ifindex == *(const uint32_t *)arg &&
	    covers(&h->ev.u.route, &d->in->target);
}

static int
p_link_delete(const struct dctx *d, const struct vw_hevent *h,
    const void *arg)
{
	(void)d;
	return h->ev.kind == VW_EV_LINK_DELETE &&
	    h->ev.u.link.index == *(const uint32_t *)arg;
}

/* A link.add / link.up / link.change of the interface named *arg. */
static int
p_link_named(const struct dctx *d, const struct vw_hevent *h,
    const void *arg)
{
	(void)d;
	return (h->ev.kind == VW_EV_LINK_ADD || h->ev.kind == VW_EV_LINK_UP ||
	    h->ev.kind == VW_EV_LINK_CHANGE) &&
	    strncmp(h->ev.u.link.name, (const char *)arg, VW_IFNAMSIZ) == 0;
}

static int
p_link_appeared(const struct dctx *d, const struct vw_hevent *h,
    const void *arg)
{
	(void)d;
	return (h->ev.kind == VW_EV_LINK_ADD || h->ev.kind == VW_EV_LINK_UP) &&
	    h->ev.u.link.index == *(const uint32_t *)arg;
}

/* The interface *arg stopped being usable (link.down / link.change). */
static int
p_link_broke(const struct dctx *d, const struct vw_hevent *h,
    const void *arg)
{
	return (h->ev.kind == VW_EV_LINK_DOWN ||
	    h->ev.kind == VW_EV_LINK_CHANGE) &&
	    h->ev.u.link.index == *(const uint32_t *)arg &&
	    link_broken(d, &h->ev.u.link);
}

static int
p_addr_ev(const struct vw_hevent *h, int kind, const struct vw_path *b)
{
	return h->ev.kind == kind && h->ev.u.addr.ifindex == b->ifindex &&
	    vw_ip_same(&h->ev.u.addr.addr, &b->src);
}

static int
p_addr_del(const struct dctx *d, const struct vw_hevent *h, const void *arg)
{
	(void)d;
	return p_addr_ev(h, VW_EV_ADDR_DELETE, arg);
}

static int
p_addr_add(const struct dctx *d, const struct vw_hevent *h, const void *arg)
{
	(void)d;
	return p_addr_ev(h, VW_EV_ADDR_ADD, arg);
}

/* A neighbour event of the next hop *arg. */
static int
p_neigh(const struct dctx *d, const struct vw_hevent *h, const void *arg)
{
	return vw_kind_obj(h->ev.kind) == VW_OBJ_NEIGH && after_good(d, h) &&
	    vw_ip_same(&h->ev.u.neigh.addr, (const struct vw_ip *)arg);
}

/* A neigh.change of the next hop between two real, different MACs. */
static int
p_neigh_mac(const struct dctx *d, const struct vw_hevent *h, const void *arg)
{
	const struct vw_neigh *o = &h->ev.old.neigh, *n = &h->ev.u.neigh;

	return h->ev.kind == VW_EV_NEIGH_CHANGE && after_good(d, h) &&
	    vw_ip_same(&n->addr, (const struct vw_ip *)arg) &&
	    vw_path_ll_known(&o->ll) && vw_path_ll_known(&n->ll) &&
	    (o->ll.len != n->ll.len || memcmp(o->ll.a, n->ll.a, n->ll.len));
}

/* The next hop answered ARP/NDP after the first lost probe. */
static int
p_neigh_confirmed(const struct dctx *d, const struct vw_hevent *h,
    const void *arg)
{
	return (h->ev.kind == VW_EV_NEIGH_ADD ||
	    h->ev.kind == VW_EV_NEIGH_CHANGE) &&
	    d->in->first_bad_us != 0 && h->ev.time_us >= d->in->first_bad_us &&
	    (h->ev.u.neigh.state & VW_NUD_REACHABLE) &&
	    h->ev.u.neigh.ll.len > 0 &&
	    vw_ip_same(&h->ev.u.neigh.addr, (const struct vw_ip *)arg);
}

static int
p_tunnel_up(const struct dctx *d, const struct vw_hevent *h, const void *arg)
{
	(void)arg;
	return (h->ev.kind == VW_EV_LINK_ADD || h->ev.kind == VW_EV_LINK_UP) &&
	    after_good(d, h) && link_is_tunnel(&h->ev.u.link) &&
	    h->ev.u.link.index != d->n->ifindex;
}

static int
p_wake(const struct dctx *d, const struct vw_hevent *h, const void *arg)
{
	(void)arg;
	return h->ev.kind == VW_EV_HOST_WAKE && after_good(d, h);
}

/* A kernel change on the path (before or now) after time *arg. */
static int
p_path_since(const struct dctx *d, const struct vw_hevent *h,
    const void *arg)
{
	int64_t since = *(const int64_t *)arg;

	if (vw_kind_obj(h->ev.kind) == VW_OBJ_OTHER ||
	    (h->ev.time_us != 0 && h->ev.time_us < since))
		return 0;
	return (d->hb && vw_path_touched(d->b, &d->in->target, &h->ev)) ||
	    vw_path_touched(d->n, &d->in->target, &h->ev);
}

/* ---- the rules ---------------------------------------------------------- */

static void
set(struct dctx *d, int code, int inferred)
{
	d->out->code = code;
	d->out->inferred = (uint8_t)inferred;
}

/* 1. The host slept after the last good probe. */
static int
r_host_slept(struct dctx *d)
{
	const struct vw_hevent *w;
	char dur[32], at[16], text[sizeof(w->ev.u.info.text) + 2] = "";
	char since[256];
	int64_t t;

	if ((w = hist_newest(d, p_wake, NULL)) == NULL)
		return 0;
	set(d, VW_CAUSE_HOST_SLEPT, 0);
	decisive(d, w);
	d->out->pid = 0;
	d->out->proc[0] = '\0';
	t = w->ev.time_us;
	hist_evidence(d, p_path_since, &t);
	duration(w->ev.u.info.count, dur, sizeof(dur));
	hms(w->ev.time_us, at, sizeof(at));
	if (w->ev.u.info.text[0] != '\0')
		snprintf(text, sizeof(text), ", %.*s",
		    (int)sizeof(w->ev.u.info.text) - 1, w->ev.u.info.text);
	describe_diff(d, since, sizeof(since));
	vw__sb_printf(&d->sb, "host slept %s (woke %s%s); since then: %s",
	    dur, at, text, since);
	return 1;
}

/* 2. The path's interface was destroyed (or re-created). */
static int
r_interface_gone(struct dctx *d)
{
	const struct vw_path *b = d->b;
	const struct vw_link *now = NULL, *same = NULL;
	const struct vw_hevent *del, *add = NULL;
	char at[16], by[64], tail[200], name[VW_IFNAMSIZ];
	uint32_t idx = b->ifindex;

	if (!d->hb || !(b->have & VW_PH_LINK) || idx == 0)
		return 0;
	del = hist_newest(d, p_link_delete, &idx);
	if (d->in->table != NULL) {
		now = vw_table_link(d->in->table, idx);
		if (b->ifname[0] != '\0')
			same = vw_table_link_byname(d->in->table, b->ifname);
		if (same != NULL && same->index == idx)
			same = NULL;
		if (now != NULL && same == NULL)
			return 0;
	} else if (del == NULL)
		return 0;
	set(d, VW_CAUSE_INTERFACE_GONE, 0);
	snprintf(name, sizeof(name), "%s", b->ifname[0] ? b->ifname : "?");
	if (same != NULL)
		add = hist_newest(d, p_link_named, name);
	decisive(d, del != NULL ? del : add);
	if (add != NULL)
		evidence_add(d->out, add);
	hist_evidence(d, p_route_del_on, &idx);
	now_text(d, tail, sizeof(tail));
	if (same != NULL) {
		hms(add != NULL ? add->ev.time_us :
		    del != NULL ? del->ev.time_us : 0, at, sizeof(at));
		if (d->out->change_us == 0 && add != NULL)
			d->out->change_us = add->ev.time_us;
		vw__sb_printf(&d->sb, "%s re-created: ifindex %u -> %u at %s; "
		    "%s now %s", name, idx, same->index, at, d->tgt, tail);
	} else if (del != NULL) {
		hms(del->ev.time_us, at, sizeof(at));
		by_text(del, by, sizeof(by));
		vw__sb_printf(&d->sb, "%s was deleted (ifindex %u)%s at %s; "
		    "%s now %s", name, idx, by, at, d->tgt, tail);
	} else
		vw__sb_printf(&d->sb, "%s (ifindex %u) no longer exists; "
		    "%s now %s", name, idx, d->tgt, tail);
	return 1;
}

/* 3. The path's interface is still there but down or without carrier. */
static int
r_interface_down(struct dctx *d)
{
	const struct vw_path *b = d->b;
	const struct vw_hevent *ev;
	const struct vw_link *l = NULL;
	struct vw_link tmp;
	char at[16], by[64], name[VW_IFNAMSIZ + 12], tail[200];
	uint32_t idx = b->ifindex;

	/*
	 * Before must have been administratively up; its carrier may be
	 * stale: Linux reports a bridge's carrier through linkwatch up to a
	 * second after the bridge answers again, so a good probe can see
	 * "no carrier" in the mirror.
	 */
	if (!d->hb || !(b->have & VW_PH_LINK) || !(b->lflags & VW_LF_UP) ||
	    idx == 0)
		return 0;
	if (d->in->table != NULL)
		l = vw_table_link(d->in->table, idx);
	else if ((d->n->have & VW_PH_LINK) && d->n->ifindex == idx) {
		memset(&tmp, 0, sizeof(tmp));
		tmp.lflags = d->n->lflags;
		tmp.operstate = d->n->operstate;
		l = &tmp;
	}
	if (l == NULL || !link_broken(d, l))
		return 0;
	set(d, VW_CAUSE_INTERFACE_DOWN, 0);
	ev = hist_newest(d, p_link_broke, &idx);
	decisive(d, ev);
	hist_evidence(d, p_route_del_on, &idx);
	ifname(d, idx, name, sizeof(name));
	if (!(l->lflags & VW_LF_UP)) {
		if (ev != NULL) {
			hms(ev->ev.time_us, at, sizeof(at));
			by_text(ev, by, sizeof(by));
			vw__sb_printf(&d->sb, "%s is administratively down "
			    "(set down at %s%s)", name, at, by);
		} else
			vw__sb_printf(&d->sb, "%s is administratively down",
			    name);
	} else if (ev != NULL) {
		hms(ev->ev.time_us, at, sizeof(at));
		vw__sb_printf(&d->sb, "%s has no carrier (lower layer down "
		    "since %s)", name, at);
	} else
		vw__sb_printf(&d->sb, "%s has no carrier (lower layer down)",
		    name);
	if (!(d->n->have & VW_PH_ROUTE) || d->n->ifindex != idx) {
		now_text(d, tail, sizeof(tail));
		vw__sb_printf(&d->sb, "; its routes went with it, %s now %s",
		    d->tgt, tail);
	}
	return 1;
}

/*
 * 3b. Every port of the path's bridge lost carrier: the bridge itself
 * still says up for a while (Linux 6.x recomputes a bridge's carrier
 * through linkwatch, up to a second later), but nothing behind it can
 * answer.  A bridge without ports (macOS vmnet's bridge100 before a VM
 * starts) is not judged here.
 */
static int
r_ports_down(struct dctx *d)
{
	const struct vw_path *b = d->b;
	const struct vw_link **v;
	const struct vw_hevent *ev = NULL, *h;
	char name[VW_IFNAMSIZ + 12], ports[96], at[16];
	uint32_t idx = b->ifindex;
	long n, i;
	int nports = 0, ndown = 0;
	size_t k;

	if (!d->hb || idx == 0 || d->in->table == NULL ||
	    (n = vw_table_links(d->in->table, &v)) < 0)
		return 0;
	ports[0] = '\0';
	for (i = 0; i < n; i++) {
		if (v[i]->master != idx)
			continue;
		nports++;
		if ((v[i]->lflags & VW_LF_UP) && (v[i]->lflags &
		    (VW_LF_LOWER_UP | VW_LF_RUNNING)))
			continue;
		ndown++;
		k = strlen(ports);
		snprintf(ports + k, sizeof(ports) - k, "%s%s", k ? ", " : "",
		    v[i]->name);
	}
	free(v);
	if (nports == 0 || ndown < nports)
		return 0;
	/* The newest link event of a port in the window. */
	for (k = d->in->nhist; k-- > 0;) {
		h = hist_at(d, k);
		if (h != NULL && vw_kind_obj(h->ev.kind) == VW_OBJ_LINK &&
		    h->ev.u.link.master == idx && after_good(d, h)) {
			ev = h;
			break;
		}
	}
	set(d, VW_CAUSE_INTERFACE_DOWN, 0);
	decisive(d, ev);
	for (k = 0; k < d->in->nhist; k++) {
		h = hist_at(d, k);
		if (h != NULL && vw_kind_obj(h->ev.kind) == VW_OBJ_LINK &&
		    (h->ev.u.link.master == idx || h->ev.u.link.index == idx) &&
		    after_good(d, h))
			evidence_add(d->out, h);
	}
	ifname(d, idx, name, sizeof(name));
	if (ev != NULL) {
		hms(ev->ev.time_us, at, sizeof(at));
		vw__sb_printf(&d->sb, "%s has no carrier: its only port%s "
		    "(%s) lost link at %s; the guest's side of the link is "
		    "down (VM stopped, or its interface down)", name,
		    nports > 1 ? "s" : "", ports, at);
	} else
		vw__sb_printf(&d->sb, "%s has no carrier: no port with link "
		    "(%s)", name, ports);
	return 1;
}

/* 4. The host's address on the path's interface was removed. */
static int
r_address_removed(struct dctx *d)
{
	const struct vw_path *b = d->b, *n = d->n;
	const struct vw_hevent *del, *add, *rdel;
	char src[VW_IP_STRLEN], at[16], by[64], name[VW_IFNAMSIZ + 12];
	char tail[200];
	uint32_t idx = b->ifindex;

	if (!d->hb || !(b->have & VW_PH_SRC))
		return 0;
	if ((n->have & VW_PH_SRC) && n->ifindex == idx &&
	    vw_ip_same(&n->src, &b->src))
		return 0;
	if ((del = hist_newest(d, p_addr_del, b)) == NULL)
		return 0;
	/* Put back since: not the cause. */
	if ((add = hist_newest(d, p_addr_add, b)) != NULL &&
	    add->ev.seq > del->ev.seq)
		return 0;
	set(d, VW_CAUSE_ADDRESS_REMOVED, 0);
	decisive(d, del);
	rdel = hist_newest(d, p_route_del_on, &idx);
	hist_evidence(d, p_route_del_on, &idx);
	ip_text(&b->src, src, sizeof(src));
	hms(del->ev.time_us, at, sizeof(at));
	by_text(del, by, sizeof(by));
	ifname(d, idx, name, sizeof(name));
	vw__sb_printf(&d->sb, "host address %s/%u removed from %s%s at %s",
	    src, del->ev.u.addr.plen ? del->ev.u.addr.plen : b->src_plen,
	    name, by, at);
	if (rdel != NULL) {
		ip_text(&rdel->ev.u.route.dst, src, sizeof(src));
		vw__sb_printf(&d->sb, "; the connected route %s/%u went with "
		    "it", src, rdel->ev.u.route.plen);
	}
	if (vw_path_diff(b, n) & (VW_PD_ROUTE | VW_PD_IFACE)) {
		now_text(d, tail, sizeof(tail));
		vw__sb_printf(&d->sb, "; %s now %s", d->tgt, tail);
	}
	return 1;
}

/* "is now dropped" for routes that drop, else "now enters X". */
static void
route_effect(const struct dctx *d, char *buf, size_t len)
{
	const struct vw_path *n = d->n;
	char name[VW_IFNAMSIZ + 12];
	const char *who = d->in->name != NULL ? d->in->name : d->tgt;

	switch (n->rtype) {
	case VW_RT_BLACKHOLE:
	case VW_RT_UNREACHABLE:
	case VW_RT_PROHIBIT:
		snprintf(buf, len, "traffic for %s is now refused (%s route)",
		    who, vw_rtype_name(n->rtype));
		return;
	default:
		break;
	}
	if (n->ifindex == d->b->ifindex && n->gwkind == VW_GW_IP) {
		ip_text(&n->gw, name, sizeof(name));
		snprintf(buf, len, "traffic for %s now goes via %s", who, name);
		return;
	}
	snprintf(buf, len, "traffic for %s now enters %s", who,
	    ifname(d, n->ifindex, name, sizeof(name)));
}

/* 5. Another route now wins for the target. */
static int
r_route_hijacked(struct dctx *d, const struct vw_hevent *made,
    const struct vw_hevent *gone)
{
	const struct vw_path *b = d->b, *n = d->n;
	char from[80], to[80], pfx[VW_IP_STRLEN + 8], at[16], by[64];
	char eff[160], x[VW_IP_STRLEN], rs[160];
	uint32_t idx = n->ifindex;

	set(d, VW_CAUSE_ROUTE_HIJACKED, 0);
	decisive(d, made);
	hist_evidence(d, p_link_appeared, &idx);
	evidence_add(d->out, gone);
	if (n->ifindex != b->ifindex || n->rtype != b->rtype) {
		ifname(d, b->ifindex, from, sizeof(from));
		if (n->rtype == VW_RT_UNICAST || n->ifindex != 0)
			ifname(d, n->ifindex, to, sizeof(to));
		else
			snprintf(to, sizeof(to), "%s",
			    vw_rtype_name(n->rtype));
	} else {
		if (b->gwkind == VW_GW_IP) {
			ip_text(&b->gw, x, sizeof(x));
			snprintf(from, sizeof(from), "via %s", x);
		} else
			snprintf(from, sizeof(from), "direct");
		if (n->gwkind == VW_GW_IP) {
			ip_text(&n->gw, x, sizeof(x));
			snprintf(to, sizeof(to), "via %s", x);
		} else
			snprintf(to, sizeof(to), "direct");
	}
	prefix_text(n, pfx, sizeof(pfx));
	if (n->plen == 0)
		snprintf(pfx, sizeof(pfx), "default route");
	route_effect(d, eff, sizeof(eff));
	if (made != NULL) {
		hms(made->ev.time_us, at, sizeof(at));
		by_text(made, by, sizeof(by));
		vw__sb_printf(&d->sb, "route to %s moved: %s -> %s (%s %s%s "
		    "at %s); %s", d->tgt, from, to, pfx,
		    made->ev.kind == VW_EV_ROUTE_ADD ? "added" : "changed",
		    by, at, eff);
	} else {
		vw_path_route_str(n, rs, sizeof(rs));
		vw__sb_printf(&d->sb, "route to %s moved: %s -> %s (%s now "
		    "preferred); %s", d->tgt, from, to, rs, eff);
	}
	return 1;
}

/* 6. The route the target used is gone. */
static int
r_route_removed(struct dctx *d, const struct vw_hevent *gone)
{
	char r[160], at[16], by[64], tail[200];

	set(d, VW_CAUSE_ROUTE_REMOVED, 0);
	decisive(d, gone);
	vw_path_route_str(d->b, r, sizeof(r));
	now_text(d, tail, sizeof(tail));
	if (gone != NULL) {
		hms(gone->ev.time_us, at, sizeof(at));
		by_text(gone, by, sizeof(by));
		vw__sb_printf(&d->sb, "route %s %s%s at %s; %s now %s", r,
		    gone->ev.kind == VW_EV_ROUTE_DELETE ? "deleted" :
		    "changed away", by, at, d->tgt, tail);
	} else
		vw__sb_printf(&d->sb, "route %s no longer applies; %s now %s",
		    r, d->tgt, tail);
	return 1;
}

/* Rules 5 and 6: which, when the route now differs from the route before. */
static int
r_route(struct dctx *d)
{
	const struct vw_path *b = d->b, *n = d->n;
	const struct vw_hevent *made = NULL, *gone;

	if (!d->hb || !(b->have & VW_PH_ROUTE) ||
	    !(vw_path_diff(b, n) & (VW_PD_ROUTE | VW_PD_IFACE)))
		return 0;
	gone = hist_newest(d, p_route_gone, b);
	if (!(n->have & VW_PH_ROUTE))
		return r_route_removed(d, gone);
	made = hist_newest(d, p_route_made, n);
	/*
	 * A more specific route wins whether or not the old one is still
	 * there.  At equal length, a route made in the window took over; one
	 * that was there all along only matters because ours went.  A less
	 * specific route matches only because ours is gone, unless the
	 * window shows it made and ours not deleted (macOS: ours re-scoped).
	 */
	if (n->plen > b->plen) {
		if (made == NULL)
			made = hist_newest(d, p_route_made_any, n);
		return r_route_hijacked(d, made, gone);
	}
	if (n->plen == b->plen)
		return made != NULL || gone == NULL ?
		    r_route_hijacked(d, made, gone) : r_route_removed(d, gone);
	if (gone == NULL && made != NULL)
		return r_route_hijacked(d, made, gone);
	return r_route_removed(d, gone);
}

/* 7. The next hop's MAC changed. */
static int
r_neighbor_changed(struct dctx *d)
{
	const struct vw_path *b = d->b, *n = d->n;
	const struct vw_hevent *ev;
	const struct vw_lladdr *was = NULL, *now = NULL;
	char nh[VW_IP_STRLEN], a[VW_LL_STRLEN], o[VW_LL_STRLEN], at[32] = "";
	const struct vw_ip *who;

	who = (n->have & VW_PH_ROUTE) ? &n->nh : &b->nh;
	if (!(n->have & VW_PH_ROUTE) && !d->hb)
		return 0;
	ev = hist_newest(d, p_neigh_mac, who);
	if (d->hb && (b->have & n->have & VW_PH_NEIGH) &&
	    vw_ip_same(&b->nh, &n->nh) && (vw_path_diff(b, n) & VW_PD_LLADDR)) {
		was = &b->ll;
		now = &n->ll;
	} else if (ev != NULL) {
		was = &ev->ev.old.neigh.ll;
		now = &ev->ev.u.neigh.ll;
	} else
		return 0;
	set(d, VW_CAUSE_NEIGHBOR_CHANGED, 0);
	decisive(d, ev);
	ip_text(who, nh, sizeof(nh));
	ll_text(now, a, sizeof(a));
	ll_text(was, o, sizeof(o));
	if (ev != NULL) {
		snprintf(at, sizeof(at), ", changed at ");
		hms(ev->ev.time_us, at + strlen(at), sizeof(at) - strlen(at));
	}
	vw__sb_printf(&d->sb, "%s%s now at %s (was %s%s)",
	    vw_ip_same(who, &d->in->target) ? "" : "gateway ", nh, a, o, at);
	if (d->in->os == VW_OS_DARWIN)
		vw__sb_printf(&d->sb, "; macOS can keep an old MAC in its "
		    "ARP cache up to 20 min (`arp -d %s` clears it)", nh);
	return 1;
}

/* The path's link resolves neighbours at all (not p2p/NOARP/loopback). */
static int
link_resolves(const struct vw_path *p)
{
	return !(p->have & VW_PH_LINK) || !(p->lflags &
	    (VW_LF_NOARP | VW_LF_P2P | VW_LF_LOOPBACK));
}

/* 8. The next hop does not answer ARP/NDP. */
static int
r_neighbor_unresolved(struct dctx *d)
{
	const struct vw_path *n = d->n;
	const struct vw_hevent *ev;
	char nh[VW_IP_STRLEN], st[80], name[VW_IFNAMSIZ + 12];
	const char *who, *why;
	int e;

	if (d->in->l2_confirmed || !(n->have & VW_PH_ROUTE) ||
	    !link_resolves(n))
		return 0;
	ip_text(&n->nh, nh, sizeof(nh));
	ifname(d, n->ifindex, name, sizeof(name));
	if (vw_ip_same(&n->nh, &d->in->target)) {
		who = "";
		why = "the guest does not answer at L2 (VM paused/crashed, "
		    "its link down or the vmnet helper stuck)";
	} else {
		who = "gateway ";
		why = "the next hop does not answer at L2";
	}
	if ((n->have & VW_PH_NEIGH) &&
	    (n->nud & (VW_NUD_INCOMPLETE | VW_NUD_FAILED))) {
		set(d, VW_CAUSE_NEIGHBOR_UNRESOLVED, 0);
		if (vw_nud_str(n->nud, st, sizeof(st)) < 0)
			snprintf(st, sizeof(st), "?");
		vw__sb_printf(&d->sb, "%s for %s%s on %s unanswered (%s); %s",
		    nd_proto(&n->nh), who, nh, name, st, why);
		if (d->in->os == VW_OS_DARWIN && (n->nud & VW_NUD_FAILED))
			vw__sb_puts(&d->sb, "; macOS rejects sends to it "
			    "for 20 s");
	} else if (!(n->have & VW_PH_NEIGH) &&
	    (err_count(d->in, EHOSTUNREACH) > 0 ||
	    err_count(d->in, EHOSTDOWN) > 0)) {
		e = err_count(d->in, EHOSTUNREACH) > 0 ? EHOSTUNREACH :
		    EHOSTDOWN;
		set(d, VW_CAUSE_NEIGHBOR_UNRESOLVED, 1);
		vw__sb_printf(&d->sb, "no %s entry for %s%s on %s and sends "
		    "fail with %s; %s", nd_proto(&n->nh), who, nh, name,
		    vw_errno_name(e), why);
	} else if (!(n->have & VW_PH_NEIGH) && d->in->nlost + d->in->nerr >=
	    2 && (ev = hist_newest(d, p_neigh, &n->nh)) != NULL &&
	    ev->ev.kind == VW_EV_NEIGH_DELETE) {
		/*
		 * The entry was removed and is still absent although probes
		 * keep asking the kernel to resolve it: Linux reports an
		 * entry again once ARP/NDP is answered (a bridge answers in
		 * well under a millisecond), so its absence across several
		 * probes means no answer.  The deletion is shown; the silence
		 * is read from the absence.
		 */
		set(d, VW_CAUSE_NEIGHBOR_UNRESOLVED, 0);
		vw__sb_printf(&d->sb, "%s entry of %s%s on %s removed at ",
		    nd_proto(&n->nh), who, nh, name);
		hms(ev->ev.time_us, st, sizeof(st));
		vw__sb_printf(&d->sb, "%s and not resolved again over %u "
		    "probes; %s", st, d->in->nlost + d->in->nerr, why);
	} else
		return 0;
	ev = hist_newest(d, p_neigh, &n->nh);
	decisive(d, ev);
	hist_evidence(d, p_neigh, &n->nh);
	return 1;
}

/* 9. macOS Local Network privacy denies the (unprivileged) daemon. */
static int
r_local_network(struct dctx *d)
{
	const struct vw_path *n = d->n;
	char name[VW_IFNAMSIZ + 12], ll[VW_LL_STRLEN];
	int e;

	if (d->in->os != VW_OS_DARWIN || d->in->privileged ||
	    !(n->have & VW_PH_ROUTE) || !vw_path_link_ok(n) ||
	    !vw_path_l2_ok(n))
		return 0;
	if (err_count(d->in, EHOSTUNREACH) > 0)
		e = EHOSTUNREACH;
	else if (err_count(d->in, EPERM) > 0)
		e = EPERM;
	else
		return 0;
	set(d, VW_CAUSE_LOCAL_NETWORK_DENIED, 1);
	ll_text(&n->ll, ll, sizeof(ll));
	vw__sb_printf(&d->sb, "%s to %s with a valid route (%s) and %s (%s): "
	    "macOS Local Network privacy likely denies vmwatchd; allow it in "
	    "System Settings > Privacy & Security > Local Network, or "
	    "reinstall with `vmwatchctl install --system`", vw_errno_name(e),
	    d->tgt, ifname(d, n->ifindex, name, sizeof(name)),
	    nd_proto(&n->nh), ll);
	return 1;
}

static int
icmp_prohibited(const struct vw_diag_in *in)
{
	if (in->icmp_type == 0 && in->icmp_code == 0)
		return 0;
	if (in->target.family == VW_AF_INET6)
		return in->icmp_type == 1 && in->icmp_code == 1;
	return in->icmp_type == 3 && (in->icmp_code == 9 ||
	    in->icmp_code == 10 || in->icmp_code == 13);
}

static const char *
probe_words(int kind)
{
	switch (kind) {
	case VW_PROBE_ICMP:	return "ICMP echo requests";
	case VW_PROBE_TCP:	return "TCP connects";
	default:		return "probes";
	}
}

/*
 * 10. L2 answers, L3/L4 is silent.  The evidence that L2 answers: the
 * daemon saw the neighbour answer after the first loss, the window shows
 * the entry confirmed (REACHABLE) after it, or an ICMP "administratively
 * prohibited" came back.  A neighbour entry that merely still says
 * REACHABLE is no such evidence: Linux keeps it so for up to 45 s after
 * the last confirmation, and the BSD decoder calls every complete ARP
 * entry REACHABLE for the 20 minutes macOS keeps it.  A tunnel interface
 * that appeared in the window with route and ARP intact is the VPN
 * full-tunnel case (field notes B3).
 */
static int
r_filtered(struct dctx *d)
{
	const struct vw_path *n = d->n;
	const struct vw_hevent *tun, *conf = NULL;
	char at[16], name[VW_IFNAMSIZ + 12], ll[VW_LL_STRLEN];
	int icmp = icmp_prohibited(d->in);

	tun = (n->have & VW_PH_ROUTE) && vw_path_link_ok(n) &&
	    vw_path_l2_ok(n) ? hist_newest(d, p_tunnel_up, NULL) : NULL;
	if (!d->in->l2_confirmed && !icmp && tun == NULL &&
	    (!(n->have & VW_PH_ROUTE) ||
	    (conf = hist_newest(d, p_neigh_confirmed, &n->nh)) == NULL))
		return 0;
	set(d, VW_CAUSE_FILTERED, 1);
	if (tun != NULL) {
		decisive(d, tun);
		hms(tun->ev.time_us, at, sizeof(at));
		vw__sb_printf(&d->sb, "probes silent since %s appeared at %s: "
		    "a VPN may enforce full-tunnel policy (route and %s "
		    "intact)", ifname(d, tun->ev.u.link.index, name,
		    sizeof(name)), at, nd_proto(&n->nh));
		return 1;
	}
	if (icmp) {
		vw__sb_printf(&d->sb, "an ICMP administratively-prohibited "
		    "error (type %u code %u) answers the probes to %s: a "
		    "packet filter rejects them", d->in->icmp_type,
		    d->in->icmp_code, d->tgt);
		return 1;
	}
	evidence_add(d->out, conf);
	if (conf != NULL)
		ll_text(&conf->ev.u.neigh.ll, ll, sizeof(ll));
	else
		ll_text(&n->ll, ll, sizeof(ll));
	vw__sb_printf(&d->sb, "%s answers %s (%s) but %s get no answer: a "
	    "packet filter on the host or in the guest drops them", d->tgt,
	    nd_proto(&d->in->target), ll, probe_words(d->in->probe_kind));
	return 1;
}

/* 11. Nothing on the host changed: the target itself went quiet. */
static int
r_target_silent(struct dctx *d)
{
	const struct vw_path *n = d->n;
	char p[256];

	if (d->in->l2_confirmed || d->in->nerr > 0)
		return 0;
	if (d->hb) {
		if (vw_path_diff(d->b, n) != 0)
			return 0;
		set(d, VW_CAUSE_TARGET_SILENT, 1);
		vw__sb_printf(&d->sb, "%s stopped answering; nothing on the "
		    "host changed (route, interface, address and neighbour as "
		    "before)", d->tgt);
		return 1;
	}
	/* Never answered: only if the path now is usable. */
	if (!(n->have & VW_PH_ROUTE) || n->rtype != VW_RT_UNICAST ||
	    !vw_path_link_ok(n))
		return 0;
	set(d, VW_CAUSE_TARGET_SILENT, 1);
	vw_path_str(n, p, sizeof(p));
	vw__sb_printf(&d->sb, "%s has not answered yet; the host's path to it "
	    "looks usable (%s)", d->tgt, p);
	return 1;
}

/* 12. Anything else: say what differs. */
static void
r_unknown(struct dctx *d)
{
	char what[300];
	const char *en;
	int e;

	set(d, VW_CAUSE_UNKNOWN, 0);
	if (d->in->nerr > 0 && (e = err_main(d->in)) != 0) {
		en = vw_errno_name(e);
		if (en != NULL)
			vw__sb_printf(&d->sb, "sends to %s fail with %s (%u "
			    "times); ", d->tgt, en, err_count(d->in, e));
		else
			vw__sb_printf(&d->sb, "sends to %s fail with errno %d "
			    "(%u times); ", d->tgt, e, err_count(d->in, e));
	} else
		vw__sb_printf(&d->sb, d->hb ? "%s stopped answering; " :
		    "%s has not answered; ", d->tgt);
	describe_diff(d, what, sizeof(what));
	vw__sb_puts(&d->sb, what);
}

int
vw_diagnose(const struct vw_diag_in *in, struct vw_cause *out)
{
	struct dctx d;

	memset(out, 0, sizeof(*out));
	memset(&d, 0, sizeof(d));
	d.in = in;
	d.out = out;
	d.b = in->before != NULL ? in->before : &empty_path;
	d.n = in->now != NULL ? in->now : &empty_path;
	d.hb = d.b->have != 0;
	vw__sb_init(&d.sb, out->summary, sizeof(out->summary));
	ip_text(&in->target, d.tgt, sizeof(d.tgt));

	if (r_host_slept(&d) || r_interface_gone(&d) ||
	    r_interface_down(&d) || r_ports_down(&d) || r_address_removed(&d) ||
	    r_route(&d) ||
	    r_neighbor_changed(&d) || r_neighbor_unresolved(&d) ||
	    r_local_network(&d) || r_filtered(&d) || r_target_silent(&d))
		return out->code;
	r_unknown(&d);
	return out->code;
}

/* ---- JSON --------------------------------------------------------------- */

struct jb {
	cJSON	*o;
	int	 bad;
};

static void
jb_str(struct jb *b, const char *k, const char *v)
{
	if (!b->bad && (v != NULL ? cJSON_AddStringToObject(b->o, k, v) :
	    cJSON_AddNullToObject(b->o, k)) == NULL)
		b->bad = 1;
}

static void
jb_num(struct jb *b, const char *k, double v, int null)
{
	if (!b->bad && (null ? cJSON_AddNullToObject(b->o, k) :
	    cJSON_AddNumberToObject(b->o, k, v)) == NULL)
		b->bad = 1;
}

static void
jb_item(struct jb *b, const char *k, cJSON *item)
{
	if (b->bad || item == NULL) {
		cJSON_Delete(item);
		b->bad = 1;
		return;
	}
	if (!cJSON_AddItemToObject(b->o, k, item)) {
		cJSON_Delete(item);
		b->bad = 1;
	}
}

static cJSON *
jb_end(struct jb *b)
{
	if (b->bad) {
		cJSON_Delete(b->o);
		return NULL;
	}
	return b->o;
}

cJSON *
vw_json_path(const struct vw_path *p)
{
	char buf[VW_IP_STRLEN + 8], ip[VW_IP_STRLEN], st[80];
	const char *link = NULL;
	int route = 0;
	struct jb b;

	if (p == NULL)
		return cJSON_CreateNull();
	b.o = cJSON_CreateObject();
	b.bad = b.o == NULL;
	route = (p->have & VW_PH_ROUTE) != 0;
	if (route) {
		ip_text(&p->dst, ip, sizeof(ip));
		snprintf(buf, sizeof(buf), "%s/%u", ip, p->plen);
	}
	jb_str(&b, "route", route ? buf : NULL);
	jb_str(&b, "type", route ? vw_rtype_name(p->rtype) : NULL);
	if (route && p->gwkind == VW_GW_IP)
		ip_text(&p->gw, ip, sizeof(ip));
	jb_str(&b, "via", route && p->gwkind == VW_GW_IP ? ip : NULL);
	jb_str(&b, "dev", p->ifname[0] != '\0' ? p->ifname : NULL);
	jb_num(&b, "ifindex", p->ifindex, p->ifindex == 0);
	if (p->have & VW_PH_LINK)
		link = !(p->lflags & VW_LF_UP) ? "down" :
		    !vw_path_link_ok(p) ? "no-carrier" : "up";
	else if (route && p->ifindex != 0)
		link = "gone";
	jb_str(&b, "link", link);
	if (p->have & VW_PH_SRC)
		ip_text(&p->src, ip, sizeof(ip));
	jb_str(&b, "src", (p->have & VW_PH_SRC) ? ip : NULL);
	if (route)
		ip_text(&p->nh, ip, sizeof(ip));
	jb_str(&b, "neighbor", route ? ip : NULL);
	if ((p->have & VW_PH_NEIGH) && p->ll.len > 0 &&
	    vw_ll_canon(&p->ll, buf, sizeof(buf)) >= 0)
		jb_str(&b, "lladdr", buf);
	else
		jb_str(&b, "lladdr", NULL);
	if ((p->have & VW_PH_NEIGH) && vw_nud_str(p->nud, st, sizeof(st)) >= 0)
		jb_str(&b, "state", st);
	else
		jb_str(&b, "state", NULL);
	return jb_end(&b);
}

cJSON *
vw_json_cause(const struct vw_cause *c, const struct vw_path *before,
    const struct vw_path *now)
{
	char t[VW_TIME_STRLEN];
	cJSON *arr, *num;
	unsigned i;
	struct jb b;

	b.o = cJSON_CreateObject();
	b.bad = b.o == NULL;
	jb_str(&b, "code", vw_cause_name(c->code));
	jb_str(&b, "summary", c->summary);
	if (!b.bad && cJSON_AddBoolToObject(b.o, "inferred",
	    c->inferred != 0) == NULL)
		b.bad = 1;
	arr = cJSON_CreateArray();
	for (i = 0; arr != NULL && i < c->nevidence && i < VW_EVIDENCE_MAX;
	    i++) {
		num = cJSON_CreateNumber((double)c->evidence[i]);
		if (num == NULL || !cJSON_AddItemToArray(arr, num)) {
			cJSON_Delete(num);
			cJSON_Delete(arr);
			arr = NULL;
		}
	}
	jb_item(&b, "evidence", arr);
	if (c->pid > 0)
		jb_num(&b, "pid", c->pid, 0);
	if (c->proc[0] != '\0' && memchr(c->proc, '\0', sizeof(c->proc)))
		jb_str(&b, "process", c->proc);
	if (c->change_us != 0 && vw_fmt_time(c->change_us, t, sizeof(t)) > 0)
		jb_str(&b, "changed_at", t);
	else
		jb_str(&b, "changed_at", NULL);
	jb_item(&b, "path_before", vw_json_path(before));
	jb_item(&b, "path_now", vw_json_path(now));
	return jb_end(&b);
}
