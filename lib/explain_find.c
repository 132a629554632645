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

/*
 * Bounds that keep the whole pass near-linear on any input: pairwise
 * comparisons run over candidate lists of at most FIND_CAND entries, and
 * one code gives at most FIND_PER_CODE findings.
 */
#define FIND_CAND	4096
#define FIND_PER_CODE	32
#define FIND_IFS	64	/* interfaces tracked per finding kind */

struct fctx {
	struct vw_explain	*x;
	size_t			 cap;
	int			 err;
	int			 partial;	/* filtered or elided text */
};

/*
 * Findings are referred to by index: x->findings moves when it grows, so
 * a pointer kept across fadd() would dangle.  -1 is "no finding" (cap
 * reached, or out of memory); every helper accepts it.
 */
static long
fadd(struct fctx *f, const char *code, int sev, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static long
fadd(struct fctx *f, const char *code, int sev, const char *fmt, ...)
{
	struct vw_explain *x = f->x;
	struct vw_xfinding *n;
	size_t i, same = 0;
	va_list ap;

	if (f->err)
		return -1;
	for (i = 0; i < x->nfindings; i++)
		same += strcmp(x->findings[i].code, code) == 0;
	if (same >= FIND_PER_CODE)
		return -1;
	if (x->nfindings == f->cap) {
		size_t cap = f->cap == 0 ? 8 : f->cap * 2;

		if ((n = realloc(x->findings, cap * sizeof(*n))) == NULL) {
			f->err = VW_ENOMEM;
			return -1;
		}
		x->findings = n;
		f->cap = cap;
	}
	n = &x->findings[x->nfindings];
	memset(n, 0, sizeof(*n));
	n->code = code;
	n->severity = sev;
	va_start(ap, fmt);
	vsnprintf(n->text, sizeof(n->text), fmt, ap);
	va_end(ap);
	return (long)x->nfindings++;
}

static struct vw_xfinding *
fget(struct fctx *f, long id)
{
	return id < 0 ? NULL : &f->x->findings[id];
}

/* Add a line number, keeping the list sorted and without repeats. */
static void
fline(struct fctx *f, long id, unsigned line)
{
	struct vw_xfinding *n = fget(f, id);
	unsigned *nl;
	size_t i;

	if (n == NULL)
		return;
	/* Lines mostly come in order: the common case is an append. */
	if (n->nlines > 0 && n->lines[n->nlines - 1] >= line) {
		for (i = 0; i < n->nlines; i++)
			if (n->lines[i] == line)
				return;
	}
	if (n->nlines == n->_cap) {
		size_t cap = n->_cap == 0 ? 4 : n->_cap * 2;

		if ((nl = realloc(n->lines, cap * sizeof(*nl))) == NULL) {
			f->err = VW_ENOMEM;
			return;
		}
		n->lines = nl;
		n->_cap = cap;
	}
	nl = n->lines;
	for (i = n->nlines; i > 0 && nl[i - 1] > line; i--)
		nl[i] = nl[i - 1];
	nl[i] = line;
	n->nlines++;
}

static size_t
fnlines(struct fctx *f, long id)
{
	return id < 0 ? 0 : f->x->findings[id].nlines;
}

static void
fappend(struct fctx *f, long id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
fappend(struct fctx *f, long id, const char *fmt, ...)
{
	struct vw_xfinding *n = fget(f, id);
	size_t len;
	va_list ap;

	if (n == NULL || (len = strlen(n->text)) + 1 >= sizeof(n->text))
		return;
	va_start(ap, fmt);
	vsnprintf(n->text + len, sizeof(n->text) - len, fmt, ap);
	va_end(ap);
}

/* Indices of the entries that pass `pred`, at most FIND_CAND of them. */
static size_t
candidates(const struct vw_explain *x, int (*pred)(const struct vw_xentry *),
    const struct vw_xentry **out)
{
	size_t i, n = 0;

	for (i = 0; i < x->nentries && n < FIND_CAND; i++)
		if (pred(&x->entries[i]))
			out[n++] = &x->entries[i];
	return n;
}

/* The slot of interface name s in ifs[] (added if new); -1 when full. */
static int
if_slot(const char *ifs[], int *nifs, const char *s)
{
	int i;

	for (i = 0; i < *nifs; i++)
		if (strcmp(ifs[i], s) == 0)
			return i;
	if (*nifs == FIND_IFS)
		return -1;
	ifs[*nifs] = s;
	return (*nifs)++;
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
find_vpn_vm(struct fctx *f, const struct vw_xentry **a,
    const struct vw_xentry **b)
{
	struct vw_explain *x = f->x;
	struct vw_xentry vm;
	size_t nb, nt, i, j;
	long n;

	nb = candidates(x, bridge_connected, a);
	nt = candidates(x, tunnel_route, b);
	for (i = 0; i < nb; i++) {
		const struct vw_xentry *br = a[i];
		int wins = 0, hits = 0;

		for (j = 0; j < nt; j++) {
			if (!overlap(b[j], br))
				continue;
			hits++;
			/* Longest prefix wins; equal: the unscoped one. */
			if (b[j]->plen > br->plen || (b[j]->plen == br->plen &&
			    scoped(br)))
				wins++;
		}
		if (hits == 0)
			continue;
		n = fadd(f, "vpn_covers_vm_subnet", wins ? VW_XS_WARNING :
		    VW_XS_INFO, "%s's VM network %s (line %u) is also routed "
		    "into a tunnel:", br->netif, br->prefix_text, br->line);
		fline(f, n, br->line);
		for (j = 0; j < nt; j++) {
			if (!overlap(b[j], br))
				continue;
			fline(f, n, b[j]->line);
			fappend(f, n, " %s via %s (line %u);", b[j]->prefix_text,
			    b[j]->netif, b[j]->line);
		}
		if (wins && x->os == VW_OS_LINUX)
			fappend(f, n, " the tunnel's route is at least as "
			    "specific as the connected one, so traffic to (part "
			    "of) the VM network enters the VPN instead of %s. "
			    "Host-to-VM connections fail until that route is "
			    "removed (ip route del ... dev <tunnel>).", br->netif);
		else if (wins)
			fappend(f, n, " the tunnel's route is at least as "
			    "specific as the connected one%s, so traffic to (part "
			    "of) the VM network enters the VPN instead of %s. "
			    "Host-to-VM connections fail until that route is "
			    "removed or %s's route is restored (route change -net "
			    "%s -interface %s).", scoped(br) ? " (which is "
			    "scoped, flag I)" : "", br->netif, br->netif,
			    br->prefix_text, br->netif);
		else
			fappend(f, n, " the connected route is more specific and "
			    "wins, so VMs stay reachable; if %s's route goes "
			    "away (VM stopped, bridge re-created) their traffic "
			    "would go into the VPN.", br->netif);
	}
	if (nb > 0)
		return;
	/* No bridge in the text: measure against vmnet's default subnet. */
	vmnet_default(&vm);
	n = -1;
	for (j = 0; j < nt; j++) {
		if (b[j]->plen < 2 || !overlap(b[j], &vm))
			continue;
		if (n < 0)
			n = fadd(f, "vpn_covers_vm_subnet", VW_XS_WARNING,
			    "a tunnel route overlaps 192.168.64.0/24, the "
			    "network macOS vmnet gives VMs by default "
			    "(bridge100):");
		fline(f, n, b[j]->line);
		fappend(f, n, " %s via %s (line %u);", b[j]->prefix_text,
		    b[j]->netif, b[j]->line);
	}
	fappend(f, n, " if the VMs use that network, traffic to those of "
	    "them that the tunnel's route covers goes into the VPN unless "
	    "bridge100's connected route is more specific.");
}

static void
find_vm_off_bridge(struct fctx *f)
{
	struct vw_explain *x = f->x;
	struct vw_xentry vm;
	size_t i;
	long n;

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
			    "192.168.64.0/24, or part of it - is routed via "
			    "%s%s%s, not on bridge100: traffic to VMs there "
			    "leaves the Mac. A VPN client (e.g. an exit node with "
			    "LAN access) or a `route change` may have replaced "
			    "the bridge's connected route; `route change -net %s "
			    "-interface bridge100` puts it back", e->prefix_text,
			    e->line, e->gwkind == VW_XG_IP ? e->gateway : "",
			    e->gwkind == VW_XG_IP ? " on " : "", e->netif,
			    e->prefix_text);
		fline(f, n, e->line);
	}
}

static int
dup_candidate(const struct vw_xentry *e)
{
	return e->kind == VW_XK_CONNECTED && e->have_prefix && !linklocal(e) &&
	    e->netif[0] != '\0' && !vw__x_is_tunnel(e->netif) &&
	    !(e->prefix.family == VW_AF_INET && e->plen == 32);
}

static void
find_duplicates(struct fctx *f, const struct vw_xentry **c)
{
	size_t nc = candidates(f->x, dup_candidate, c), i, j;
	long n;

	for (i = 0; i < nc; i++) {
		const struct vw_xentry *a = c[i];

		for (j = i + 1; j < nc; j++) {
			const struct vw_xentry *b = c[j], *used;

			if (strcmp(a->netif, b->netif) == 0 || !overlap(a, b))
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
			if (n < 0)
				return;
			if (vw__x_is_bridge(a->netif) || vw__x_is_bridge(b->netif))
				fappend(f, n, "; a VM bridge's network collides "
				    "with another network, so either the VMs or "
				    "the hosts on the other side are unreachable "
				    "for the overlapping addresses - give the VM "
				    "network another subnet");
			fline(f, n, a->line);
			fline(f, n, b->line);
		}
	}
}

static int
lan_tunnel(const struct vw_xentry *e)
{
	return tunnel_route(e) && e->kind != VW_XK_SPLIT_DEFAULT;
}

static void
find_vpn_lan(struct fctx *f, const struct vw_xentry **a,
    const struct vw_xentry **b)
{
	size_t nc = candidates(f->x, lan_connected, a), i, j;
	size_t nt = candidates(f->x, lan_tunnel, b);
	long n;

	for (i = 0; i < nc; i++) {
		const struct vw_xentry *c = a[i];

		n = -1;
		for (j = 0; j < nt; j++) {
			const struct vw_xentry *t = b[j];

			if (!covers(c, t))
				continue;
			if (n < 0) {
				n = fadd(f, "vpn_overlaps_connected",
				    VW_XS_WARNING, "%s's network %s (line %u%s) "
				    "is also routed into a tunnel:", c->netif,
				    c->prefix_text, c->line, scoped(c) ?
				    ", scoped: flag I" : "");
				if (n < 0)
					return;
				fline(f, n, c->line);
			}
			fline(f, n, t->line);
			fappend(f, n, " %s via %s (line %u);", t->prefix_text,
			    t->netif, t->line);
		}
		fappend(f, n, " those addresses are reached through the VPN, "
		    "not directly on %s%s.", c->netif, scoped(c) ? " (its own "
		    "copy is scoped, used only by traffic bound to it)" : "");
	}
}

static void
find_defaults(struct fctx *f)
{
	struct vw_explain *x = f->x;
	const struct vw_xentry *best[2] = { NULL, NULL };
	long n, split[2] = { -1, -1 }, sbr = -1, many[2] = { -1, -1 };
	unsigned ndef[2] = { 0, 0 };
	size_t i;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];
		int v6 = e->family == VW_AF_INET6;

		if (e->kind == VW_XK_SCOPED_DEFAULT && vw__x_is_bridge(e->netif)) {
			if (sbr < 0)
				sbr = fadd(f, "default_on_bridge", VW_XS_INFO,
				    "scoped default routes (flag I) on VM "
				    "bridges:");
			fappend(f, sbr, "%s %s (line %u)", fnlines(f, sbr) ?
			    "," : "", e->netif, e->line);
			fline(f, sbr, e->line);
		}
		if (e->kind == VW_XK_SPLIT_DEFAULT && vw__x_is_tunnel(e->netif)) {
			if (split[v6] < 0)
				split[v6] = fadd(f, "vpn_full_tunnel", VW_XS_INFO,
				    "%s split default into a tunnel:",
				    v6 ? "IPv6" : "IPv4");
			fline(f, split[v6], e->line);
			fappend(f, split[v6], " %s via %s (line %u);",
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
	fappend(f, sbr, ". macOS adds one per interface; the host's ordinary "
	    "traffic does not use them, so they are harmless for host-to-VM "
	    "traffic (tools that take the first \"default\" line may pick "
	    "one by mistake)");
	for (i = 0; i < 2; i++) {
		int both = fnlines(f, split[i]) > 1;

		fappend(f, split[i], " %s the default route without replacing "
		    "it, being more specific: %s enters the VPN. VM networks "
		    "keep working while their connected routes are in place; "
		    "a VPN that also enforces its policy (macOS "
		    "includeAllNetworks) can still block host-to-VM traffic "
		    "with no route change.", both ? "together these beat" :
		    "this half beats", both ? "everything without a more "
		    "specific route" : "half of all traffic");
	}
	for (i = 0; i < 2; i++) {
		if (ndef[i] < 2)
			continue;
		many[i] = fadd(f, "multiple_defaults", VW_XS_INFO, "%u global "
		    "%s default routes", ndef[i], i ? "IPv6" : "IPv4");
		if (best[i] != NULL && best[i]->metric >= 0)
			fappend(f, many[i], ": the one with the lowest metric "
			    "wins - %s (line %u, metric %lld)", best[i]->netif,
			    best[i]->line, best[i]->metric);
		else
			fappend(f, many[i], ": macOS uses the one of the primary "
			    "network service; the others stay unused until it "
			    "goes away");
	}
	for (i = 0; i < x->nentries; i++)
		if (x->entries[i].kind == VW_XK_DEFAULT)
			fline(f, many[x->entries[i].family == VW_AF_INET6],
			    x->entries[i].line);
}

/* A neighbour with no link address: not hidden, not an own address. */
static int
no_mac(const struct vw_xentry *e)
{
	return e->mac.len == 0 && e->mac_form != VW_XM_REDACTED &&
	    e->gwkind != VW_XG_REDACTED && strcmp(e->state, "permanent") != 0;
}

static int
arp_expired(const struct vw_xentry *e)
{
	return is_neigh(e) && e->expire_state == VW_XE_EXPIRED && e->mac.len > 0;
}

static int
arp_unanswered(const struct vw_xentry *e)
{
	return is_neigh(e) && no_mac(e);
}

/* One finding per interface, listing the neighbours in question. */
static void
find_arp(struct fctx *f, int expired)
{
	struct vw_explain *x = f->x;
	const char *ifs[FIND_IFS];
	long id[FIND_IFS];
	unsigned shown[FIND_IFS], more[FIND_IFS];
	size_t i;
	int nifs = 0, k, old;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];
		int br;

		if (expired ? !arp_expired(e) : !arp_unanswered(e))
			continue;
		old = nifs;
		if ((k = if_slot(ifs, &nifs, e->netif)) < 0)
			continue;
		br = vw__x_is_bridge(e->netif);
		if (nifs > old) {
			shown[k] = more[k] = 0;
			id[k] = fadd(f, expired ? "expired_arp" :
			    "incomplete_arp", br ? VW_XS_WARNING : VW_XS_INFO,
			    expired ? "expired neighbour entries ('!') on %s "
			    "for" : "no link-layer answer on %s from",
			    e->netif[0] ? e->netif : "an interface");
		}
		fline(f, id[k], e->line);
		if (shown[k] < 6) {
			fappend(f, id[k], "%s %s", shown[k] ? "," : "", e->dest);
			shown[k]++;
		} else
			more[k]++;
	}
	for (k = 0; k < nifs; k++) {
		int br = vw__x_is_bridge(ifs[k]);

		if (more[k])
			fappend(f, id[k], " and %u more", more[k]);
		if (expired)
			fappend(f, id[k], ": the MAC is no longer trusted and the "
			    "next packet sends a new request - normal if the "
			    "host answers, trouble if it is a VM that stopped "
			    "answering%s", br ? " (this is a VM network)" : "");
		else
			fappend(f, id[k], ": the request went unanswered (no "
			    "MAC, \"(incomplete)\", FAILED)%s%s", x->os ==
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

static int
addr_candidate(const struct vw_xentry *e)
{
	return e->have_prefix && (is_neigh(e) || own_addr(e));
}

/* By address, then line: equal addresses end up next to each other. */
static int
by_addr(const void *pa, const void *pb)
{
	const struct vw_xentry *a = *(const struct vw_xentry *const *)pa;
	const struct vw_xentry *b = *(const struct vw_xentry *const *)pb;
	int c = vw_ip_cmp(&a->prefix, &b->prefix);

	if (c != 0)
		return c;
	if (a->plen != b->plen)
		return a->plen < b->plen ? -1 : 1;
	return a->line < b->line ? -1 : a->line > b->line;
}

static void
pair_same_ip(struct fctx *f, const struct vw_xentry *a,
    const struct vw_xentry *b)
{
	long n;

	if (strcmp(a->netif, b->netif) == 0)
		return;
	if (own_addr(a) != own_addr(b)) {
		const struct vw_xentry *o = own_addr(a) ? a : b;
		const struct vw_xentry *p = own_addr(a) ? b : a;

		n = fadd(f, "address_conflict", VW_XS_WARNING, "%s is this "
		    "host's own address (line %u, on %s) and also a neighbour "
		    "on %s (line %u): another machine uses the same address - "
		    "the VM network's address collides with the LAN%s",
		    o->dest, o->line, o->netif, p->netif, p->line,
		    vw__x_is_bridge(o->netif) ? " (the bridge took an address "
		    "the LAN already has, often its router's)" : "");
	} else if (own_addr(a))
		return;
	else
		n = fadd(f, "ip_on_two_interfaces", VW_XS_WARNING, "%s has "
		    "neighbour entries on %s (line %u) and %s (line %u): the "
		    "same network is on both interfaces - a VM network that "
		    "overlaps the LAN", a->dest, a->netif, a->line, b->netif,
		    b->line);
	fline(f, n, a->line);
	fline(f, n, b->line);
}

static void
find_same_ip(struct fctx *f, const struct vw_xentry **c)
{
	struct vw_explain *x = f->x;
	size_t nc = candidates(x, addr_candidate, c), i, j, k, g;
	long n;

	qsort(c, nc, sizeof(*c), by_addr);
	for (i = 0; i < nc; i = j) {
		for (j = i + 1; j < nc && vw_ip_cmp(&c[i]->prefix,
		    &c[j]->prefix) == 0 && c[i]->plen == c[j]->plen; j++)
			;
		/* All pairs of a small group; the first against the rest else. */
		g = j - i;
		for (k = i; k < j && (k == i || g <= 16); k++) {
			size_t m;

			for (m = k + 1; m < j; m++)
				pair_same_ip(f, c[k], c[m]);
		}
	}
	/* An own address that is also the default gateway. */
	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *d = &x->entries[i];

		if ((d->kind != VW_XK_DEFAULT && d->kind !=
		    VW_XK_SCOPED_DEFAULT) || d->gwkind != VW_XG_IP)
			continue;
		for (k = 0; k < nc; k++) {
			const struct vw_xentry *o = c[k];

			if (!own_addr(o) || vw_ip_cmp(&o->prefix, &d->gw) != 0)
				continue;
			n = fadd(f, "address_conflict", VW_XS_WARNING, "the "
			    "default gateway %s (line %u) is this host's own "
			    "address (line %u): packets for the Internet are "
			    "sent to itself - an interface (often a VM bridge) "
			    "took the router's address", d->gateway, d->line,
			    o->line);
			if (n < 0)
				return;
			fline(f, n, d->line);
			fline(f, n, o->line);
		}
	}
}

static int
mac_candidate(const struct vw_xentry *e)
{
	return is_neigh(e) && e->mac.len > 0 && !own_addr(e) &&
	    !(e->mac.a[0] & 0x01) && e->family == VW_AF_INET;
}

static int
by_mac(const void *pa, const void *pb)
{
	const struct vw_xentry *a = *(const struct vw_xentry *const *)pa;
	const struct vw_xentry *b = *(const struct vw_xentry *const *)pb;
	int c = strcmp(a->netif, b->netif);

	if (c == 0)
		c = strcmp(a->mac_canon, b->mac_canon);
	if (c != 0)
		return c;
	return a->line < b->line ? -1 : a->line > b->line;
}

/* One MAC behind several addresses: a VM that changed address, or a router. */
static void
find_shared_mac(struct fctx *f, const struct vw_xentry **c)
{
	size_t nc = candidates(f->x, mac_candidate, c), i, j, k;
	long n;

	qsort(c, nc, sizeof(*c), by_mac);
	for (i = 0; i < nc; i = j) {
		for (j = i + 1; j < nc && strcmp(c[i]->netif, c[j]->netif) == 0 &&
		    strcmp(c[i]->mac_canon, c[j]->mac_canon) == 0; j++)
			;
		if (j - i < 2)
			continue;
		n = fadd(f, "mac_on_several_ips", vw__x_is_bridge(c[i]->netif) ?
		    VW_XS_WARNING : VW_XS_INFO, "%s answers for %zu addresses "
		    "on %s:", c[i]->mac_canon, j - i, c[i]->netif);
		if (n < 0)
			return;
		for (k = i; k < j; k++) {
			fappend(f, n, "%s %s (line %u)", k > i ? "," : "",
			    c[k]->dest, c[k]->line);
			fline(f, n, c[k]->line);
		}
		fappend(f, n, ". A router or proxy does this; on a VM network "
		    "it usually means a VM got a new address and the old entry "
		    "has not expired yet, so connections to the old address "
		    "reach the VM under its new one");
	}
}

static void
find_bridges(struct fctx *f)
{
	struct vw_explain *x = f->x;
	const char *ifs[FIND_IFS];
	unsigned first[FIND_IFS];
	int has_conn[FIND_IFS], nifs = 0, k, old;
	size_t i;
	int any_connected = 0;
	long n = -1;

	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];

		if (e->kind == VW_XK_CONNECTED)
			any_connected = 1;
		if (bridge_connected(e) && e->prefix.family == VW_AF_INET) {
			if (n < 0)
				n = fadd(f, "vm_network", VW_XS_INFO, "VM "
				    "networks with a connected route (host-to-VM "
				    "traffic leaves by that interface, each VM "
				    "gets an ARP entry there):");
			fappend(f, n, "%s %s on %s (line %u)", fnlines(f, n) ?
			    ";" : "", e->prefix_text, e->netif, e->line);
			fline(f, n, e->line);
		}
		if (!vw__x_is_bridge(e->netif) || e->kind == VW_XK_UNRECOGNISED)
			continue;
		old = nifs;
		if ((k = if_slot(ifs, &nifs, e->netif)) < 0)
			continue;
		if (nifs > old) {
			first[k] = e->line;
			has_conn[k] = 0;
		}
		if (e->kind == VW_XK_CONNECTED && e->family == VW_AF_INET)
			has_conn[k] = 1;
	}
	if (!x->from_daemon && (f->partial || !any_connected))
		return;
	for (k = 0; k < nifs; k++) {
		if (has_conn[k])
			continue;
		n = fadd(f, "bridge_without_connected_route", x->from_daemon ?
		    VW_XS_WARNING : VW_XS_INFO, "%s appears (line %u) but %s "
		    "no connected IPv4 route: the host has no address on it, "
		    "or it was torn down - VMs behind it cannot be reached from "
		    "the host", ifs[k], first[k], x->from_daemon ?
		    "the table has" : "this text has");
		if (n < 0)
			return;
		for (i = 0; i < x->nentries; i++)
			if (strcmp(x->entries[i].netif, ifs[k]) == 0)
				fline(f, n, x->entries[i].line);
	}
}

static void
find_linux(struct fctx *f)
{
	struct vw_explain *x = f->x;
	size_t i;
	unsigned nt = 0, first = 0;
	long n, t = -1;
	int tailscale = 0;

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
			if (t < 0) {
				t = fadd(f, "policy_table", VW_XS_INFO, "routes "
				    "in table %s", e->table);
				first = e->line;
				tailscale = strcmp(e->table, "52") == 0;
			}
			fline(f, t, e->line);
			nt++;
		}
	}
	fappend(f, t, " (%u lines, e.g. line %u): used only when an ip rule "
	    "selects the table%s; `ip route` without `table all` does not "
	    "show them", nt, first, tailscale ? " (52 is Tailscale's)" : "");
}

static void
find_unrecognised(struct fctx *f)
{
	struct vw_explain *x = f->x;
	size_t i;
	unsigned k = 0;
	long n = -1;

	for (i = 0; i < x->nentries; i++) {
		if (x->entries[i].kind != VW_XK_UNRECOGNISED)
			continue;
		if (n < 0)
			n = fadd(f, "unrecognised_lines", VW_XS_INFO, "lines "
			    "not understood (shown as they are):");
		fline(f, n, x->entries[i].line);
		k++;
	}
	fappend(f, n, " %u line%s", k, k == 1 ? "" : "s");
}

int
vw__x_findings(struct vw_explain *x, const struct vw__xctx *c)
{
	const struct vw_xentry **a, **b;
	struct fctx f;
	struct vw_xfinding tmp;
	size_t i, j;

	memset(&f, 0, sizeof(f));
	f.x = x;
	f.partial = c->filtered;
	for (i = 0; i < x->nentries; i++)
		if (x->entries[i].kind == VW_XK_ELISION)
			f.partial = 1;
	a = calloc(FIND_CAND, sizeof(*a));
	b = calloc(FIND_CAND, sizeof(*b));
	if (a == NULL || b == NULL) {
		free(a);
		free(b);
		return VW_ENOMEM;
	}
	find_vpn_vm(&f, a, b);
	find_vm_off_bridge(&f);
	find_duplicates(&f, a);
	find_vpn_lan(&f, a, b);
	find_defaults(&f);
	find_arp(&f, 1);
	find_arp(&f, 0);
	find_same_ip(&f, a);
	find_shared_mac(&f, a);
	find_bridges(&f);
	find_linux(&f);
	find_unrecognised(&f);
	free(a);
	free(b);
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
