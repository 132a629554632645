/* SPDX-License-Identifier: ISC */
/*
 * explain_find.c - what the whole table says about reaching VMs, derived
 * from the interpreted entries only (never from the raw text):
 *
 *   vpn_covers_vm_subnet       a tunnel route overlaps a VM bridge's network
 *                              (or vmnet's default 192.168.64.0/24)
 *   vm_subnet_off_bridge       vmnet's default subnet routed elsewhere
 *   duplicate_connected        one network connected on two interfaces
 *   vpn_overlaps_connected     a tunnel route takes a LAN's network
 *   default_on_bridge          a default route on a VM bridge (global or scoped)
 *   vpn_full_tunnel            default or 0/1 + 128.0/1 into a tunnel
 *   default_via_loopback, link_local_default, multiple_defaults
 *   expired_arp, incomplete_arp, ip_on_two_interfaces, address_conflict
 *   bridge_without_connected_route, vm_network
 *   linkdown, policy_table, unrecognised_lines
 *
 * Facts behind them: reference §4-§5 (IFSCOPE copies, cloning routes,
 * "!" expiry), field-notes Part B (#1 VPN exit node, #2 VPN collision,
 * #6 unresolved ARP, #12 overlapping subnets, #13 default on the bridge).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_int.h"
#include "vw_error.h"
#include "vw_event.h"

struct fctx {
	struct vw_explain	*x;
	size_t			 cap;
	int			 err;
	int			 partial;	/* filtered or elided text */
};

static struct vw_xfinding *
fadd(struct fctx *f, const char *code, int sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static struct vw_xfinding *
fadd(struct fctx *f, const char *code, int sev, const char *fmt, ...)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n;
	va_list ap;

	if (f->err)
		return NULL;
	if (x->nfindings == f->cap) {
		size_t cap = f->cap == 0 ? 8 : f->cap * 2;

		if ((n = realloc(x->findings, cap * sizeof(*n))) == NULL) {
			f->err = VW_ENOMEM;
			return NULL;
		}
		x->findings = n;
		f->cap = cap;
	}
	n = &x->findings[x->nfindings++];
	memset(n, 0, sizeof(*n));
	n->code = code;
	n->severity = sev;
	va_start(ap, fmt);
	vsnprintf(n->text, sizeof(n->text), fmt, ap);
	va_end(ap);
	return n;
}

static void
fline(struct fctx *f, struct vw_xfinding *n, unsigned line)
{
	unsigned *nl;
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nlines; i++)
		if (n->lines[i] == line)
			return;
	if ((nl = realloc(n->lines, (n->nlines + 1) * sizeof(*nl))) == NULL) {
		f->err = VW_ENOMEM;
		return;
	}
	n->lines = nl;
	for (i = n->nlines; i > 0 && nl[i - 1] > line; i--)
		nl[i] = nl[i - 1];
	nl[i] = line;
	n->nlines++;
}

static void
fappend(struct vw_xfinding *n, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
fappend(struct vw_xfinding *n, const char *fmt, ...)
{
	size_t len;
	va_list ap;

	if (n == NULL || (len = strlen(n->text)) + 1 >= sizeof(n->text))
		return;
	va_start(ap, fmt);
	vsnprintf(n->text + len, sizeof(n->text) - len, fmt, ap);
	va_end(ap);
}

/* ---- entry predicates --------------------------------------------------------- */

static int
is_route(const struct vw_xentry *e)
{
	switch (e->kind) {
	case VW_XK_DEFAULT:
	case VW_XK_SCOPED_DEFAULT:
	case VW_XK_SPLIT_DEFAULT:
	case VW_XK_CONNECTED:
	case VW_XK_IFACE_ROUTE:
	case VW_XK_GATEWAY_ROUTE:
	case VW_XK_HOST_ROUTE:
		return e->have_prefix;
	default:
		return 0;
	}
}

static int
linklocal(const struct vw_xentry *e)
{
	if (e->prefix.family == VW_AF_INET)
		return e->prefix.a[0] == 169 && e->prefix.a[1] == 254;
	return e->prefix.a[0] == 0xfe && (e->prefix.a[1] & 0xc0) == 0x80;
}

static int
is_neigh(const struct vw_xentry *e)
{
	return e->kind == VW_XK_ARP || e->kind == VW_XK_NDP;
}

static int
scoped(const struct vw_xentry *e)
{
	return (e->format == VW_XF_NETSTAT || e->format == VW_XF_ARP) &&
	    strchr(e->flags, 'I') != NULL;
}

/* b inside a (a covers b)? */
static int
covers(const struct vw_xentry *a, const struct vw_xentry *b)
{
	return a->prefix.family == b->prefix.family && a->plen <= b->plen &&
	    vw_ip_in_prefix(&b->prefix, &a->prefix, a->plen);
}

static int
overlap(const struct vw_xentry *a, const struct vw_xentry *b)
{
	return covers(a, b) || covers(b, a);
}

static int
tunnel_route(const struct vw_xentry *e)
{
	return is_route(e) && e->plen > 0 && vw__x_is_tunnel(e->netif) &&
	    !linklocal(e) && e->kind != VW_XK_SCOPED_DEFAULT;
}

static int
bridge_connected(const struct vw_xentry *e)
{
	return e->kind == VW_XK_CONNECTED && e->have_prefix &&
	    vw__x_is_bridge(e->netif) && !linklocal(e) &&
	    !(e->prefix.family == VW_AF_INET && e->plen == 32);
}

static int
lan_connected(const struct vw_xentry *e)
{
	return e->kind == VW_XK_CONNECTED && e->have_prefix && !linklocal(e) &&
	    !vw__x_is_bridge(e->netif) && !vw__x_is_tunnel(e->netif) &&
	    strcmp(e->netif, "lo0") != 0 && strcmp(e->netif, "lo") != 0 &&
	    !(e->prefix.family == VW_AF_INET && e->plen == 32);
}

static int
ip_loopback(const struct vw_ip *ip)
{
	static const uint8_t one[16] = { [15] = 1 };

	if (ip->family == VW_AF_INET)
		return ip->a[0] == 127;
	return ip->family == VW_AF_INET6 && memcmp(ip->a, one, 16) == 0;
}

/* 192.168.64.0/24: the subnet macOS vmnet (shared mode) gives VMs by default. */
static void
vmnet_default(struct vw_xentry *v)
{
	memset(v, 0, sizeof(*v));
	vw_ip_parse("192.168.64.0", &v->prefix);
	v->plen = 24;
	v->have_prefix = 1;
}

/* ---- the findings --------------------------------------------------------------- */

static void
find_vpn_vm(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n;
	struct vw_xentry vm;
	size_t i, j;
	int any_bridge = 0;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *b = &x->entries[i];
		int wins = 0, hits = 0;

		if (!bridge_connected(b))
			continue;
		any_bridge = 1;
		for (j = 0; j < x->nentries; j++) {
			const struct vw_xentry *t = &x->entries[j];

			if (!tunnel_route(t) || !overlap(t, b))
				continue;
			hits++;
			/* Longest prefix wins; equal: the unscoped one. */
			if (t->plen > b->plen || (t->plen == b->plen && scoped(b)))
				wins++;
		}
		if (hits == 0)
			continue;
		n = fadd(f, "vpn_covers_vm_subnet", wins ? VW_XS_WARNING :
		    VW_XS_INFO, "%s's VM network %s (line %u) is also routed "
		    "into a tunnel:", b->netif, b->prefix_text, b->line);
		fline(f, n, b->line);
		for (j = 0; j < x->nentries; j++) {
			const struct vw_xentry *t = &x->entries[j];

			if (!tunnel_route(t) || !overlap(t, b))
				continue;
			fline(f, n, t->line);
			fappend(n, " %s via %s (line %u);", t->prefix_text,
			    t->netif, t->line);
		}
		if (wins && x->os == VW_OS_LINUX)
			fappend(n, " the tunnel's route is at least as specific "
			    "as the connected one, so traffic to (part of) the "
			    "VM network enters the VPN instead of %s. Host-to-VM "
			    "connections fail until that route is removed (ip "
			    "route del ... dev <tunnel>).", b->netif);
		else if (wins)
			fappend(n, " the tunnel's route is at least as specific "
			    "as the connected one%s, so traffic to (part of) the "
			    "VM network enters the VPN instead of %s. Host-to-VM "
			    "connections fail until that route is removed or "
			    "%s's route is restored (route change -net %s "
			    "-interface %s).", scoped(b) ? " (which is scoped, "
			    "flag I)" : "", b->netif, b->netif, b->prefix_text,
			    b->netif);
		else
			fappend(n, " the connected route is more specific and "
			    "wins, so VMs stay reachable; if %s's route goes "
			    "away (VM stopped, bridge re-created) their traffic "
			    "would go into the VPN.", b->netif);
	}
	if (any_bridge)
		return;
	/* No bridge in the text: measure against vmnet's default subnet. */
	vmnet_default(&vm);
	n = NULL;
	for (j = 0; j < x->nentries; j++) {
		const struct vw_xentry *t = &x->entries[j];

		if (!tunnel_route(t) || t->plen < 2 || !overlap(t, &vm))
			continue;
		if (n == NULL)
			n = fadd(f, "vpn_covers_vm_subnet", VW_XS_WARNING,
			    "a tunnel route overlaps 192.168.64.0/24, the "
			    "network macOS vmnet gives VMs by default "
			    "(bridge100):");
		fline(f, n, t->line);
		fappend(n, " %s via %s (line %u);", t->prefix_text, t->netif,
		    t->line);
	}
	fappend(n, " if the VMs use that network, traffic to those of them "
	    "that the tunnel's route covers goes into the VPN unless "
	    "bridge100's connected route is more specific.");
}

static void
find_vm_off_bridge(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n;
	struct vw_xentry vm;
	size_t i;

	vmnet_default(&vm);
	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];

		if (!is_route(e) || e->prefix.family != VW_AF_INET ||
		    e->plen < 24 || !covers(&vm, e) ||
		    vw__x_is_bridge(e->netif) || vw__x_is_tunnel(e->netif) ||
		    e->netif[0] == '\0')
			continue;
		if (e->kind == VW_XK_CONNECTED)
			n = fadd(f, "vm_subnet_off_bridge", VW_XS_WARNING,
			    "%s is connected to %s (line %u), inside "
			    "192.168.64.0/24 - the network macOS vmnet gives "
			    "VMs by default: VMs in vmnet shared mode would "
			    "collide with this network", e->netif,
			    e->prefix_text, e->line);
		else
			n = fadd(f, "vm_subnet_off_bridge", VW_XS_WARNING,
			    "%s (line %u) - vmnet's default VM network "
			    "192.168.64.0/24, or part of it - is routed via %s%s%s, "
			    "not on bridge100: traffic to VMs there leaves the "
			    "Mac. A VPN client (e.g. an exit node with LAN "
			    "access) or a `route change` may have replaced the "
			    "bridge's connected route; `route change -net %s "
			    "-interface bridge100` puts it back", e->prefix_text,
			    e->line, e->gwkind == VW_XG_IP ? e->gateway : "",
			    e->gwkind == VW_XG_IP ? " on " : "", e->netif,
			    e->prefix_text);
		fline(f, n, e->line);
	}
}

static void
find_duplicates(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n;
	size_t i, j;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *a = &x->entries[i];

		if (a->kind != VW_XK_CONNECTED || !a->have_prefix ||
		    linklocal(a) || a->netif[0] == '\0' ||
		    (a->prefix.family == VW_AF_INET && a->plen == 32))
			continue;
		for (j = i + 1; j < x->nentries; j++) {
			const struct vw_xentry *b = &x->entries[j];
			const struct vw_xentry *used;

			if (b->kind != VW_XK_CONNECTED || !b->have_prefix ||
			    linklocal(b) || b->netif[0] == '\0' ||
			    strcmp(a->netif, b->netif) == 0 ||
			    (b->prefix.family == VW_AF_INET && b->plen == 32) ||
			    !overlap(a, b) || vw__x_is_tunnel(a->netif) ||
			    vw__x_is_tunnel(b->netif))
				continue;
			used = a->plen != b->plen ? (a->plen > b->plen ? a : b) :
			    scoped(a) && !scoped(b) ? b : a;
			n = fadd(f, "duplicate_connected", VW_XS_WARNING,
			    "%s (line %u) on %s%s and %s (line %u) on %s%s are "
			    "connected routes for the same or overlapping "
			    "networks: two interfaces claim these addresses. "
			    "Ordinary traffic uses %s's route",
			    a->prefix_text, a->line, a->netif, scoped(a) ?
			    " (scoped, flag I)" : "", b->prefix_text, b->line,
			    b->netif, scoped(b) ? " (scoped, flag I)" : "",
			    used->netif);
			if (vw__x_is_bridge(a->netif) || vw__x_is_bridge(b->netif))
				fappend(n, "; a VM bridge's network collides with "
				    "another network, so either the VMs or the "
				    "hosts on the other side are unreachable for "
				    "the overlapping addresses - give the VM "
				    "network another subnet");
			fline(f, n, a->line);
			fline(f, n, b->line);
		}
	}
}

static void
find_vpn_lan(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n;
	size_t i, j;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *c = &x->entries[i];

		if (!lan_connected(c))
			continue;
		n = NULL;
		for (j = 0; j < x->nentries; j++) {
			const struct vw_xentry *t = &x->entries[j];

			if (!tunnel_route(t) || t->kind == VW_XK_SPLIT_DEFAULT ||
			    !covers(c, t))
				continue;
			if (n == NULL) {
				n = fadd(f, "vpn_overlaps_connected",
				    VW_XS_WARNING, "%s's network %s (line %u%s) "
				    "is also routed into a tunnel:", c->netif,
				    c->prefix_text, c->line, scoped(c) ?
				    ", scoped: flag I" : "");
				fline(f, n, c->line);
			}
			fline(f, n, t->line);
			fappend(n, " %s via %s (line %u);", t->prefix_text,
			    t->netif, t->line);
		}
		fappend(n, " those addresses are reached through the VPN, not "
		    "directly on %s%s.", c->netif, scoped(c) ? " (its own copy "
		    "is scoped, used only by traffic bound to it)" : "");
	}
}

static void
find_defaults(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n, *split[2] = { NULL, NULL };
	const struct vw_xentry *best[2] = { NULL, NULL };
	unsigned ndef[2] = { 0, 0 };
	size_t i;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];
		int v6 = e->family == VW_AF_INET6;

		if (e->kind == VW_XK_SCOPED_DEFAULT && vw__x_is_bridge(e->netif)) {
			n = fadd(f, "default_on_bridge", VW_XS_INFO, "scoped "
			    "default route on the VM bridge %s (line %u, flag I): "
			    "macOS adds one per interface; the host's ordinary "
			    "traffic does not use it, so it is harmless for "
			    "host-to-VM traffic (tools that take the first "
			    "\"default\" line may pick it by mistake)",
			    e->netif, e->line);
			fline(f, n, e->line);
		}
		if (e->kind == VW_XK_SPLIT_DEFAULT && vw__x_is_tunnel(e->netif)) {
			if (split[v6] == NULL) {
				split[v6] = fadd(f, "vpn_full_tunnel", VW_XS_INFO,
				    "%s split default into a tunnel:",
				    v6 ? "IPv6" : "IPv4");
			}
			fline(f, split[v6], e->line);
			fappend(split[v6], " %s via %s (line %u);",
			    e->prefix_text, e->netif, e->line);
		}
		if (e->kind != VW_XK_DEFAULT)
			continue;
		ndef[v6]++;
		if (best[v6] == NULL || (e->metric >= 0 && best[v6]->metric >= 0 &&
		    e->metric < best[v6]->metric))
			best[v6] = e;
		if (vw__x_is_bridge(e->netif)) {
			n = fadd(f, "default_on_bridge", VW_XS_WARNING, "the "
			    "global default route goes to the VM bridge %s (line "
			    "%u): the host's Internet traffic is sent to the VM "
			    "network (a hijacked default; it usually appears "
			    "when a VM tool starts)", e->netif, e->line);
			fline(f, n, e->line);
		}
		if (vw__x_is_tunnel(e->netif) && !(e->gwkind == VW_XG_IP &&
		    ip_loopback(&e->gw))) {
			n = fadd(f, "vpn_full_tunnel", VW_XS_INFO, "the default "
			    "route goes into the tunnel %s (line %u): all traffic "
			    "without a more specific route enters the VPN. VM "
			    "networks keep working while their connected routes "
			    "are in place (more specific wins)", e->netif, e->line);
			fline(f, n, e->line);
		}
		if (e->gwkind == VW_XG_IP && ip_loopback(&e->gw)) {
			n = fadd(f, "default_via_loopback", VW_XS_WARNING, "the "
			    "default route points at the loopback address %s on "
			    "%s (line %u): nothing leaves the host by it - "
			    "usually left behind by a VPN or ZeroTier that did "
			    "not clean up", e->gateway, e->netif, e->line);
			fline(f, n, e->line);
		}
		if (e->gwkind == VW_XG_IP && e->gw.family == VW_AF_INET &&
		    e->gw.a[0] == 169 && e->gw.a[1] == 254) {
			n = fadd(f, "link_local_default", VW_XS_WARNING, "the "
			    "default gateway %s (line %u) is a link-local "
			    "address: the interface probably got no DHCP lease",
			    e->gateway, e->line);
			fline(f, n, e->line);
		}
	}
	for (i = 0; i < 2; i++)
		fappend(split[i], " %s the default route without replacing "
		    "it, being more specific: %s enters the VPN. VM networks "
		    "keep working while their connected routes are in place; "
		    "a VPN that also enforces its policy (macOS "
		    "includeAllNetworks) can still block host-to-VM traffic "
		    "with no route change.", split[i] != NULL &&
		    split[i]->nlines > 1 ? "together these beat" : "this half "
		    "beats", split[i] != NULL && split[i]->nlines > 1 ?
		    "everything without a more specific route" : "half of "
		    "all traffic");
	for (i = 0; i < 2; i++) {
		size_t k;

		if (ndef[i] < 2)
			continue;
		n = fadd(f, "multiple_defaults", VW_XS_INFO, "%u global %s "
		    "default routes", ndef[i], i ? "IPv6" : "IPv4");
		for (k = 0; k < x->nentries; k++)
			if (x->entries[k].kind == VW_XK_DEFAULT &&
			    (x->entries[k].family == VW_AF_INET6) == (int)i)
				fline(f, n, x->entries[k].line);
		if (best[i] != NULL && best[i]->metric >= 0)
			fappend(n, ": the one with the lowest metric wins - %s "
			    "(line %u, metric %lld)", best[i]->netif,
			    best[i]->line, best[i]->metric);
		else
			fappend(n, ": macOS uses the one of the primary network "
			    "service; the others stay unused until it goes away");
	}
}

/* A neighbour with no link address: not hidden, not an own address. */
static int
no_mac(const struct vw_xentry *e)
{
	return e->mac.len == 0 && e->mac_form != VW_XM_REDACTED &&
	    e->gwkind != VW_XG_REDACTED && strcmp(e->state, "permanent") != 0;
}

/* One finding per interface, listing the neighbours in question. */
static void
find_arp(struct fctx *f, int expired)
{
	struct vw_explain *x = f->x;
	size_t i, j;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];
		struct vw_xfinding *n;
		unsigned shown = 0, more = 0;
		int br;

		if (!is_neigh(e))
			continue;
		/* Only the first entry of each interface opens a finding. */
		for (j = 0; j < i; j++) {
			const struct vw_xentry *p = &x->entries[j];

			if (is_neigh(p) && strcmp(p->netif, e->netif) == 0 &&
			    (expired ? p->expire_state == VW_XE_EXPIRED &&
			    p->mac.len > 0 : no_mac(p)))
				break;
		}
		if (j < i)
			continue;
		if (expired ? !(e->expire_state == VW_XE_EXPIRED &&
		    e->mac.len > 0) : !no_mac(e))
			continue;
		br = vw__x_is_bridge(e->netif);
		n = fadd(f, expired ? "expired_arp" : "incomplete_arp",
		    br ? VW_XS_WARNING : VW_XS_INFO, expired ? "expired "
		    "neighbour entries ('!') on %s for" : "no link-layer "
		    "answer on %s from", e->netif[0] ? e->netif : "an "
		    "interface");
		for (j = i; j < x->nentries; j++) {
			const struct vw_xentry *p = &x->entries[j];

			if (!is_neigh(p) || strcmp(p->netif, e->netif) != 0 ||
			    (expired ? !(p->expire_state == VW_XE_EXPIRED &&
			    p->mac.len > 0) : !no_mac(p)))
				continue;
			fline(f, n, p->line);
			if (shown < 6) {
				fappend(n, "%s %s", shown ? "," : "", p->dest);
				shown++;
			} else
				more++;
		}
		if (more)
			fappend(n, " and %u more", more);
		if (expired)
			fappend(n, ": the MAC is no longer trusted and the next "
			    "packet sends a new request - normal if the host "
			    "answers, trouble if it is a VM that stopped "
			    "answering%s", br ? " (this is a VM network)" : "");
		else
			fappend(n, ": the request went unanswered (no MAC, "
			    "\"(incomplete)\", FAILED)%s%s", x->os ==
			    VW_OS_DARWIN ? ". After 5 tries macOS refuses sends "
			    "for 20 s (\"host is down\")" : x->os == VW_OS_LINUX ?
			    ". Linux answers sends with \"host unreachable\" "
			    "while the entry is FAILED" : "", br ?
			    "; on a VM network this means the VM does not "
			    "answer at layer 2 (paused, crashed, or its "
			    "network helper is stuck)" : "");
	}
}

static int
own_addr(const struct vw_xentry *e)
{
	return e->kind == VW_XK_LOCAL || (is_neigh(e) &&
	    strcmp(e->state, "permanent") == 0);
}

static void
find_same_ip(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n;
	size_t i, j;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *a = &x->entries[i];

		if (!a->have_prefix || !(is_neigh(a) || own_addr(a)))
			continue;
		for (j = i + 1; j < x->nentries; j++) {
			const struct vw_xentry *b = &x->entries[j];

			if (!b->have_prefix || !(is_neigh(b) || own_addr(b)) ||
			    vw_ip_cmp(&a->prefix, &b->prefix) != 0 ||
			    a->plen != b->plen || strcmp(a->netif, b->netif) == 0)
				continue;
			if (own_addr(a) != own_addr(b)) {
				const struct vw_xentry *o = own_addr(a) ? a : b;
				const struct vw_xentry *p = own_addr(a) ? b : a;

				n = fadd(f, "address_conflict", VW_XS_WARNING,
				    "%s is this host's own address (line %u, "
				    "on %s) and also a neighbour on %s (line "
				    "%u): another machine uses the same address "
				    "- the VM network's address collides with "
				    "the LAN%s", o->dest, o->line, o->netif,
				    p->netif, p->line, vw__x_is_bridge(o->netif) ?
				    " (the bridge took an address the LAN already "
				    "has, often its router's)" : "");
			} else if (own_addr(a))
				continue;
			else
				n = fadd(f, "ip_on_two_interfaces",
				    VW_XS_WARNING, "%s has neighbour entries on "
				    "%s (line %u) and %s (line %u): the same "
				    "network is on both interfaces - a VM network "
				    "that overlaps the LAN", a->dest, a->netif,
				    a->line, b->netif, b->line);
			fline(f, n, a->line);
			fline(f, n, b->line);
		}
	}
	/* An own address that is also the default gateway. */
	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *d = &x->entries[i];

		if ((d->kind != VW_XK_DEFAULT && d->kind !=
		    VW_XK_SCOPED_DEFAULT) || d->gwkind != VW_XG_IP)
			continue;
		for (j = 0; j < x->nentries; j++) {
			const struct vw_xentry *o = &x->entries[j];

			if (!own_addr(o) || !o->have_prefix ||
			    vw_ip_cmp(&o->prefix, &d->gw) != 0)
				continue;
			n = fadd(f, "address_conflict", VW_XS_WARNING, "the "
			    "default gateway %s (line %u) is this host's own "
			    "address (line %u): packets for the Internet are "
			    "sent to itself - an interface (often a VM bridge) "
			    "took the router's address", d->gateway, d->line,
			    o->line);
			fline(f, n, d->line);
			fline(f, n, o->line);
		}
	}
}

/* One MAC behind several addresses: a VM that changed address, or a router. */
static void
find_shared_mac(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n;
	size_t i, j;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *a = &x->entries[i];
		unsigned cnt = 0;

		if (!is_neigh(a) || a->mac.len == 0 || own_addr(a) ||
		    (a->mac.a[0] & 0x01) || a->family != VW_AF_INET)
			continue;
		for (j = 0; j < x->nentries; j++) {
			const struct vw_xentry *b = &x->entries[j];

			if (!is_neigh(b) || own_addr(b) || b->family != VW_AF_INET ||
			    strcmp(a->mac_canon, b->mac_canon) != 0 ||
			    strcmp(a->netif, b->netif) != 0)
				continue;
			if (j < i)
				break;		/* reported with an earlier line */
			cnt++;
		}
		if (j < x->nentries || cnt < 2)
			continue;
		n = fadd(f, "mac_on_several_ips", vw__x_is_bridge(a->netif) ?
		    VW_XS_WARNING : VW_XS_INFO, "%s answers for %u addresses "
		    "on %s:", a->mac_canon, cnt, a->netif);
		for (j = i; j < x->nentries; j++) {
			const struct vw_xentry *b = &x->entries[j];

			if (!is_neigh(b) || own_addr(b) || b->family !=
			    VW_AF_INET || strcmp(a->mac_canon, b->mac_canon) != 0 ||
			    strcmp(a->netif, b->netif) != 0)
				continue;
			fappend(n, "%s %s (line %u)", n->nlines ? "," : "",
			    b->dest, b->line);
			fline(f, n, b->line);
		}
		fappend(n, ". A router or proxy does this; on a VM network it "
		    "usually means a VM got a new address and the old entry "
		    "has not expired yet, so connections to the old address "
		    "reach the VM under its new one");
	}
}

static void
find_bridges(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n;
	size_t i, j;
	int any_connected = 0;

	for (i = 0; i < x->nentries; i++)
		if (x->entries[i].kind == VW_XK_CONNECTED)
			any_connected = 1;
	n = NULL;
	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];

		if (!bridge_connected(e) || e->prefix.family != VW_AF_INET)
			continue;
		if (n == NULL)
			n = fadd(f, "vm_network", VW_XS_INFO, "VM networks "
			    "with a connected route (host-to-VM traffic leaves "
			    "by that interface, each VM gets an ARP entry "
			    "there):");
		fappend(n, "%s %s on %s (line %u)", n->nlines ? ";" : "",
		    e->prefix_text, e->netif, e->line);
		fline(f, n, e->line);
	}
	if (!x->from_daemon && (f->partial || !any_connected))
		return;
	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];

		if (!vw__x_is_bridge(e->netif) || e->kind == VW_XK_UNRECOGNISED)
			continue;
		for (j = 0; j < x->nentries; j++) {
			const struct vw_xentry *c = &x->entries[j];

			/* Already reported for an earlier line of this bridge? */
			if (j < i && vw__x_is_bridge(c->netif) &&
			    strcmp(c->netif, e->netif) == 0 &&
			    c->kind != VW_XK_UNRECOGNISED)
				break;
			if (c->kind == VW_XK_CONNECTED &&
			    strcmp(c->netif, e->netif) == 0 &&
			    c->family == VW_AF_INET)
				break;
		}
		if (j < x->nentries)
			continue;
		n = fadd(f, "bridge_without_connected_route", x->from_daemon ?
		    VW_XS_WARNING : VW_XS_INFO, "%s appears (line %u) but %s "
		    "no connected IPv4 route: the host has no address on it, "
		    "or it was torn down - VMs behind it cannot be reached from "
		    "the host", e->netif, e->line, x->from_daemon ?
		    "the table has" : "this text has");
		for (j = 0; j < x->nentries; j++)
			if (strcmp(x->entries[j].netif, e->netif) == 0)
				fline(f, n, x->entries[j].line);
	}
}

static void
find_linux(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n = NULL, *t = NULL;
	size_t i;
	unsigned nt = 0;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];

		if (strcmp(e->state, "linkdown") == 0 &&
		    e->format == VW_XF_IPROUTE) {
			n = fadd(f, "linkdown", VW_XS_INFO, "%s has no carrier "
			    "(line %u, linkdown): its routes are kept but carry "
			    "no traffic", e->netif, e->line);
			fline(f, n, e->line);
		}
		if (e->format == VW_XF_IPROUTE && e->table[0] != '\0' &&
		    strcmp(e->table, "main") != 0 && strcmp(e->table, "local") != 0) {
			if (t == NULL)
				t = fadd(f, "policy_table", VW_XS_INFO, "routes "
				    "in table %s", e->table);
			fline(f, t, e->line);
			nt++;
		}
	}
	fappend(t, " (%u lines, e.g. line %u): used only when an ip rule "
	    "selects the table%s; `ip route` without `table all` does not "
	    "show them", nt, t != NULL && t->nlines ? t->lines[0] : 0,
	    t != NULL && strstr(t->text, "table 52") ? " (52 is Tailscale's)" :
	    "");
}

static void
find_unrecognised(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n = NULL;
	size_t i;
	unsigned k = 0;

	for (i = 0; i < x->nentries; i++) {
		if (x->entries[i].kind != VW_XK_UNRECOGNISED)
			continue;
		if (n == NULL)
			n = fadd(f, "unrecognised_lines", VW_XS_INFO, "lines "
			    "not understood (shown as they are):");
		fline(f, n, x->entries[i].line);
		k++;
	}
	fappend(n, " %u line%s", k, k == 1 ? "" : "s");
}

int
vw__x_findings(struct vw_explain *x, const struct vw__xctx *c)
{
	struct fctx f;
	struct vw_xfinding tmp;
	size_t i, j;

	memset(&f, 0, sizeof(f));
	f.x = x;
	f.partial = c->filtered;
	for (i = 0; i < x->nentries; i++)
		if (x->entries[i].kind == VW_XK_ELISION)
			f.partial = 1;
	find_vpn_vm(&f);
	find_vm_off_bridge(&f);
	find_duplicates(&f);
	find_vpn_lan(&f);
	find_defaults(&f);
	find_arp(&f, 1);
	find_arp(&f, 0);
	find_same_ip(&f);
	find_shared_mac(&f);
	find_bridges(&f);
	find_linux(&f);
	find_unrecognised(&f);
	if (f.err)
		return f.err;
	/* Warnings first; a stable insertion sort keeps the order within. */
	for (i = 1; i < x->nfindings; i++) {
		tmp = x->findings[i];
		for (j = i; j > 0 && x->findings[j - 1].severity < tmp.severity;
		    j--)
			x->findings[j] = x->findings[j - 1];
		x->findings[j] = tmp;
	}
	return 0;
}

const struct vw_xfinding *
vw_explain_finding(const struct vw_explain *x, const char *code)
{
	size_t i;

	for (i = 0; i < x->nfindings; i++)
		if (strcmp(x->findings[i].code, code) == 0)
			return &x->findings[i];
	return NULL;
}
