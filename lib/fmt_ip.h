/* SPDX-License-Identifier: ISC */
/*
 * fmt_ip.h - iproute2-style text (`ip route`, `ip -6 route`, `ip neigh`,
 * `ip -o link`, `ip -o addr`) for the table's entries.
 *
 * Routes and neighbours are printed token for token as iproute2 6.x prints
 * them (checked against iproute2 6.1 by tests/integration/decode_iproute2),
 * including its habits: every route token is followed by one blank, so a
 * route line ends in a blank ("default via 198.18.0.1 dev br0 proto static
 * metric 100 "); "proto boot" and "scope global" and "table main" are left
 * out; an IPv6 route ends in "pref medium" with no blank after it (the
 * kernel always sends RTA_PREF; the model does not keep it, and medium is
 * what it is unless a router advertised otherwise).  Neighbour tokens also
 * end in a blank since iproute2 5.16 ("198.18.64.9 dev br0 FAILED ");
 * VW_IPF_OLD_NEIGH gives the older spacing, where tokens after lladdr
 * start with a blank ("198.18.64.9 dev br0  FAILED", "... lladdr
 * 02:00:5e:00:00:02 PERMANENT").  Unknown interface indexes print as
 * "if<N>", as ll_index_to_name() does.
 *
 * A multipath route prints its next hops on following lines
 * ("\n\tnexthop via X dev Y weight 1 "); with VW_IPF_ONELINE they follow on
 * the same line, separated by one blank (for one-line logs).
 *
 * `ip -o link` and `ip -o addr` lines are abbreviated: the model has no
 * qdisc, group, qlen, broadcast lladdr or address lifetimes, so those
 * fields are left out ("3: br0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500
 * state UP link/ether 02:00:00:00:00:01", "3: br0    inet 198.18.64.1/24
 * brd 198.18.64.255 scope global br0").
 *
 * Ownership: text goes into caller buffers or a caller FILE; nothing is
 * retained.  Functions return the length (snprintf rules) or a negative
 * VW_E* code (VW_ENOSPC: the text was cut).
 */
#ifndef FMT_IP_H
#define FMT_IP_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fmt_util.h"
#include "vw_event.h"

struct vw_table;

enum vw_ip_fmt_flag {
	VW_IPF_ONELINE = 0x01,	/* next hops / link line on the same line */
	VW_IPF_OLD_NEIGH = 0x02	/* neighbours as iproute2 < 5.16 spaced them */
};

/* A multipath route of VW_NH_MAX hops fits; so does any neighbour/link. */
#define VW_IP_LINEMAX	1024

int	vw_fmt_ip_route(const struct vw_route *r, const struct vw_names *n,
	    unsigned flags, char *buf, size_t len);
int	vw_fmt_ip_neigh(const struct vw_neigh *nb, const struct vw_names *n,
	    unsigned flags, char *buf, size_t len);
/* os picks how os_type and operstate are read (ARPHRD_* on Linux). */
int	vw_fmt_ip_link(const struct vw_link *l, int os,
	    const struct vw_names *n, unsigned flags, char *buf, size_t len);
int	vw_fmt_ip_addr(const struct vw_ifaddr *a, const struct vw_names *n,
	    unsigned flags, char *buf, size_t len);

/* iproute2's names, or the number as text; always NUL-terminated in buf. */
const char	*vw_ip_proto_name(unsigned proto, char *buf, size_t len);
const char	*vw_ip_scope_name(unsigned scope, char *buf, size_t len);
const char	*vw_ip_table_name(uint32_t table, char *buf, size_t len);

/*
 * rtm_flags / rtnh_flags as iproute2's words ("onlink", "linkdown" ...)
 * joined by `sep`; "" when none.
 */
int	vw_fmt_ip_rtflags(uint32_t flags, char sep, char *buf, size_t len);

/*
 * `ip -4 route show table all`, `ip -6 route show table all` and `ip neigh`
 * for t, each block under a "# ip ..." comment line.  Routes are ordered as
 * the kernel dumps them: by table id, then IPv4 by prefix key with longer
 * prefixes of the same key first (fib_trie), IPv6 with more specific
 * prefixes before the prefix that covers them (fib6 walk, so default is
 * last), then by metric.  Neighbours in NOARP-only or NONE state are left
 * out, as `ip neigh` leaves them out.  Returns lines printed or VW_E*.
 */
int	vw_fmt_ip_table(FILE *fp, const struct vw_table *t, unsigned flags);

/* The comparator behind that order (exposed for tests). */
int	vw_ip_route_cmp(const struct vw_route *a, const struct vw_route *b);

#endif /* FMT_IP_H */
