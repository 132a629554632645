/* SPDX-License-Identifier: ISC */
/*
 * explain_ip.c - Linux iproute2 text: `ip route` / `ip -6 route` (any
 * table, with the route type in front when it is not unicast, and the
 * "nexthop" lines of a multipath route) and `ip neigh` (plain and -s
 * "used a/b/c probes N ref N" forms).
 *
 * Grammar (iproute2 ip/iproute.c print_route, ip/ipneigh.c print_neigh):
 *   [TYPE] PREFIX|default [via [FAMILY] ADDR] [dev IF] [table T]
 *          [proto P] [scope S] [src ADDR] [metric N] [FLAGS...] [...]
 *   ADDR dev IF [lladdr MAC] [router] [proxy] [used a/b/c] [probes N]
 *          [ref N] STATE...
 * Only the columns are taken apart here; explain_rules.c reads them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_int.h"
#include "vw_event.h"

static const char *const nud_states[] = {
	"REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "INCOMPLETE",
	"PERMANENT", "NOARP", "NONE",
};

static int
is_nud(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(nud_states) / sizeof(nud_states[0]); i++)
		if (strcmp(s, nud_states[i]) == 0)
			return 1;
	return 0;
}

/* An address as iproute2 prints it: no scope, maybe "/len". */
static int
ip_shape(const char *s, struct vw_ip *ip, int *plen)
{
	char scope[8];

	if (vw__x_parse_ip(s, ip, scope, sizeof(scope), plen) < 0)
		return 0;
	return scope[0] == '\0';
}

int
vw__x_ip_neigh(struct vw__xctx *c, const struct vw__xline *l,
    struct vw_xentry *e)
{
	struct vw_ip ip;
	size_t off = 0;
	int i, plen, lladdr = 0;

	(void)c;
	if (l->ntok < 2 || !ip_shape(l->tok[0], &ip, &plen) || plen >= 0)
		return 0;
	for (i = 1; i < l->ntok; i++)
		if (strcmp(l->tok[i], "lladdr") == 0)
			lladdr = 1;
	if (!lladdr && !is_nud(l->tok[l->ntok - 1]))
		return 0;
	e->format = VW_XF_IPNEIGH;
	e->family = ip.family;
	vw__x_copy(e->dest, sizeof(e->dest), l->tok[0]);
	for (i = 1; i < l->ntok; i++) {
		const char *t = l->tok[i];

		if (strcmp(t, "dev") == 0 && i + 1 < l->ntok)
			vw__x_copy(e->netif, sizeof(e->netif), l->tok[++i]);
		else if (strcmp(t, "lladdr") == 0 && i + 1 < l->ntok)
			vw__x_copy(e->gateway, sizeof(e->gateway), l->tok[++i]);
		else if (strcmp(t, "router") == 0)
			vw__x_note(e, "router: the neighbour said it is a router "
			    "(IPv6 router advertisement flag)");
		else if (strcmp(t, "proxy") == 0)
			vw__x_note(e, "proxy: this host answers for %s (proxy "
			    "ARP/NDP)", e->dest);
		else if ((strcmp(t, "used") == 0 || strcmp(t, "probes") == 0 ||
		    strcmp(t, "ref") == 0) && i + 1 < l->ntok) {
			if (strcmp(t, "probes") == 0)
				vw__x_note(e, "probes %s: address-resolution "
				    "probes sent for this entry", l->tok[i + 1]);
			i++;
		} else if (is_nud(t)) {
			int w = snprintf(e->state + off, sizeof(e->state) - off,
			    "%s%s", off > 0 ? " " : "", t);

			if (w > 0 && (size_t)w < sizeof(e->state) - off)
				off += (size_t)w;
		} else
			vw__x_note(e, "word ip neigh does not print here: "
			    "\"%.60s\"", t);
	}
	return 1;
}

static const char *const route_types[] = {
	"unicast", "local", "broadcast", "multicast", "unreachable",
	"blackhole", "prohibit", "throw", "anycast", "nat",
};

static int
is_rtype(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(route_types) / sizeof(route_types[0]); i++)
		if (strcmp(s, route_types[i]) == 0)
			return 1;
	return 0;
}

/* Keywords followed by one value that the explanation does not use. */
static int
skip_kw(const char *s)
{
	static const char *const kws[] = {
		"pref", "hoplimit", "weight", "realm", "realms", "advmss",
		"rtt", "rttvar", "reordering", "window", "cwnd", "initcwnd",
		"initrwnd", "ssthresh", "quickack", "congctl", "features",
		"fastopen_no_cookie", "uid", "error", "tos", "dsfield",
		"nhid", "ttl-propagate", "rto_min", "mtu", "from",
	};
	size_t i;

	for (i = 0; i < sizeof(kws) / sizeof(kws[0]); i++)
		if (strcmp(s, kws[i]) == 0)
			return 1;
	return 0;
}

static const char *const route_words[] = {
	"onlink", "linkdown", "dead", "pervasive", "offload", "trap",
	"rt_offload", "rt_trap", "rt_offload_failed", "notify", "cache",
	"lock",
};

static int
is_route_word(const char *s)
{
	size_t i;

	for (i = 0; i < sizeof(route_words) / sizeof(route_words[0]); i++)
		if (strcmp(s, route_words[i]) == 0)
			return 1;
	return 0;
}

int
vw__x_ip_route(struct vw__xctx *c, const struct vw__xline *l,
    struct vw_xentry *e)
{
	struct vw_ip ip;
	int i = 0, k, plen, nexthop = 0;

	(void)c;
	if (l->ntok < 2)
		return 0;
	if (is_rtype(l->tok[0]))
		i = 1;
	if (strcmp(l->tok[i], "nexthop") == 0) {
		nexthop = 1;
		i++;
	} else if (strcmp(l->tok[i], "default") == 0) {
		ip.family = 0;
		i++;
	} else if (ip_shape(l->tok[i], &ip, &plen)) {
		i++;
	} else
		return 0;
	if (i >= l->ntok)
		return 0;
	/* The keyword right after the prefix must be one ip route prints. */
	if (strcmp(l->tok[i], "via") != 0 && strcmp(l->tok[i], "dev") != 0 &&
	    strcmp(l->tok[i], "table") != 0 && strcmp(l->tok[i], "proto") != 0 &&
	    strcmp(l->tok[i], "metric") != 0 && strcmp(l->tok[i], "from") != 0 &&
	    !is_rtype(l->tok[0]))
		return 0;
	/* Something must say where packets go, or it is not a route. */
	for (k = i; k < l->ntok; k++)
		if (strcmp(l->tok[k], "dev") == 0 ||
		    strcmp(l->tok[k], "via") == 0 ||
		    strcmp(l->tok[k], "table") == 0)
			break;
	if (k == l->ntok && !is_rtype(l->tok[0]))
		return 0;
	e->format = VW_XF_IPROUTE;
	if (is_rtype(l->tok[0]))
		vw__x_copy(e->rtype, sizeof(e->rtype), l->tok[0]);
	if (nexthop) {
		e->kind = VW_XK_NEXTHOP;
		vw__x_copy(e->dest, sizeof(e->dest), "nexthop");
	} else {
		vw__x_copy(e->dest, sizeof(e->dest), l->tok[i - 1]);
		e->family = ip.family;
	}
	for (; i < l->ntok; i++) {
		const char *t = l->tok[i], *v = i + 1 < l->ntok ?
		    l->tok[i + 1] : NULL;

		if (strcmp(t, "via") == 0 && v != NULL) {
			if ((strcmp(v, "inet") == 0 || strcmp(v, "inet6") == 0) &&
			    i + 2 < l->ntok)
				v = l->tok[++i + 1];
			vw__x_copy(e->gateway, sizeof(e->gateway), v);
			i++;
		} else if (strcmp(t, "dev") == 0 && v != NULL) {
			vw__x_copy(e->netif, sizeof(e->netif), v);
			i++;
		} else if (strcmp(t, "proto") == 0 && v != NULL) {
			vw__x_copy(e->proto, sizeof(e->proto), v);
			i++;
		} else if (strcmp(t, "scope") == 0 && v != NULL) {
			vw__x_copy(e->scope, sizeof(e->scope), v);
			i++;
		} else if (strcmp(t, "src") == 0 && v != NULL) {
			vw__x_copy(e->src, sizeof(e->src), v);
			i++;
		} else if (strcmp(t, "metric") == 0 && v != NULL &&
		    vw__x_is_number(v)) {
			e->metric = strtoll(v, NULL, 10);
			i++;
		} else if (strcmp(t, "table") == 0 && v != NULL) {
			vw__x_copy(e->table, sizeof(e->table), v);
			i++;
		} else if (strcmp(t, "expires") == 0 && v != NULL) {
			vw__x_copy(e->expire, sizeof(e->expire), v);
			i++;
		} else if (skip_kw(t) && v != NULL) {
			if (strcmp(v, "lock") == 0 && i + 2 < l->ntok)
				i++;
			i++;
		} else if (strcmp(t, "linkdown") == 0 || strcmp(t, "dead") == 0) {
			vw__x_copy(e->state, sizeof(e->state), t);
		} else if (strcmp(t, "onlink") == 0) {
			vw__x_note(e, "onlink: the gateway is taken to be on "
			    "the link even though no connected route covers it");
		} else if (!is_route_word(t))
			vw__x_note(e, "word ip route does not print here: "
			    "\"%.60s\"", t);
	}
	return 1;
}
