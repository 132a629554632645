/* SPDX-License-Identifier: ISC */
/*
 * explain_netstat.c - the BSD-style tables as text: netstat -rn rows
 * (macOS, FreeBSD, and OpenBSD's look-alike), their titles and column
 * header, Linux net-tools `route -n` rows, and `arp -an` lines.
 *
 * Columns are found by field shape, not by character position: pasted
 * tables lose their alignment, and netstat itself lets a wide address
 * push the rest of the row right (reference §5.1, §5.6; freebsd-004).  A
 * row is: Destination, Gateway, Flags, then as many counters as the
 * header announced (Refs, Use, Mtu, Prio; any run of numbers without a
 * header), the interface, and an optional Expire ("!" or seconds).
 * Anything after that is the author's annotation and becomes a note.
 *
 * These functions only take the columns apart; explain_rules.c says what
 * they mean.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_int.h"
#include "vw_event.h"

/* ---- titles and headers --------------------------------------------------- */

int
vw__x_title(struct vw__xctx *c, const struct vw__xline *l, struct vw_xentry *e)
{
	const char *s = l->norm;

	if (strcmp(s, "Routing tables") == 0 || strcmp(s, "Routing table") == 0) {
		snprintf(e->what, sizeof(e->what), "title printed by netstat -r "
		    "(and route show): the routing tables follow");
		c->family = 0;
	} else if (strcmp(s, "Internet:") == 0) {
		snprintf(e->what, sizeof(e->what), "section title: the IPv4 "
		    "routes (with ARP entries cloned from them) follow");
		c->family = VW_AF_INET;
	} else if (strcmp(s, "Internet6:") == 0) {
		snprintf(e->what, sizeof(e->what), "section title: the IPv6 "
		    "routes (with NDP neighbour entries) follow");
		c->family = VW_AF_INET6;
	} else if (strcmp(s, "Kernel IP routing table") == 0) {
		snprintf(e->what, sizeof(e->what), "title printed by Linux "
		    "net-tools route -n: the IPv4 routing table follows");
		c->family = VW_AF_INET;
		e->format = VW_XF_ROUTE_N;
		e->kind = VW_XK_TITLE;
		return 1;
	} else
		return 0;
	e->kind = VW_XK_TITLE;
	e->format = VW_XF_NETSTAT;
	return 1;
}

static int
tok_is(const struct vw__xline *l, int i, const char *s)
{
	return i < l->ntok && strcmp(l->tok[i], s) == 0;
}

int
vw__x_header(struct vw__xctx *c, const struct vw__xline *l, struct vw_xentry *e)
{
	const char *g;
	int i, flags = -1, netif = -1, genmask = 0;

	if (!tok_is(l, 0, "Destination") || l->ntok < 3 ||
	    (g = strstr(l->norm, "Gateway")) == NULL)
		return 0;
	for (i = 1; i < l->ntok; i++) {
		if (strcmp(l->tok[i], "Flags") == 0)
			flags = i;
		else if (strcmp(l->tok[i], "Netif") == 0 ||
		    strcmp(l->tok[i], "Iface") == 0)
			netif = i;
		else if (strcmp(l->tok[i], "Genmask") == 0)
			genmask = 1;
	}
	e->kind = VW_XK_HEADER;
	c->hdr_gw_col = (int)(g - l->norm);
	if (genmask) {
		e->format = VW_XF_ROUTE_N;
		c->hdr_format = VW_XF_ROUTE_N;
		c->hdr_counters = 0;
		snprintf(e->what, sizeof(e->what), "column header of Linux "
		    "net-tools route -n: Destination and Genmask give the "
		    "prefix, Gateway 0.0.0.0 means on-link, Metric picks "
		    "between equal prefixes (lower wins), Iface is the "
		    "interface");
		return 1;
	}
	e->format = VW_XF_NETSTAT;
	c->hdr_format = VW_XF_NETSTAT;
	c->hdr_counters = flags > 0 && netif > flags ? netif - flags - 1 : 0;
	/*
	 * FreeBSD netstat prints "%-6.6s %8.8s" for Flags and Netif, so its
	 * header has exactly five blanks between them; macOS has ten or more
	 * (reference §5.1, §5.6).
	 */
	if (strstr(l->norm, "Flags     Netif") != NULL)
		c->hdr_freebsd++;
	snprintf(e->what, sizeof(e->what), "column header of netstat -r%s: "
	    "the rows below are read by these columns", c->hdr_counters > 0 ?
	    " with extra counter columns" : "");
	for (i = flags + 1; flags > 0 && i < netif; i++) {
		if (strcmp(l->tok[i], "Refs") == 0)
			vw__x_note(e, "Refs = how many routes and sockets hold "
			    "the entry");
		else if (strcmp(l->tok[i], "Use") == 0)
			vw__x_note(e, "Use = packets sent through the entry");
		else if (strcmp(l->tok[i], "Mtu") == 0)
			vw__x_note(e, "Mtu = the largest packet the route takes "
			    "(netstat -l)");
		else if (strcmp(l->tok[i], "Prio") == 0)
			vw__x_note(e, "Prio = route priority: OpenBSD's netstat "
			    "prints it - this table is not from macOS or "
			    "FreeBSD");
	}
	vw__x_note(e, "Netif = the interface packets leave by; Expire = "
	    "seconds until the entry times out (\"!\" = already expired)");
	return 1;
}

/* ---- netstat -rn rows ------------------------------------------------------- */

/* macOS ∪ FreeBSD flag letters (reference §5.2, §5.6). */
#define BSD_FLAG_LETTERS	"UGHRDMmdCXLS123WcBbIiYrg"

static int
flags_shape(const char *s)
{
	size_t n = strlen(s), i, known = 0;

	if (n == 0 || n > 20)
		return 0;
	for (i = 0; i < n; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9')))
			return 0;
		if (strchr(BSD_FLAG_LETTERS, ch) != NULL)
			known++;
	}
	/*
	 * Real rows always carry U (or OpenBSD's extra letters after it);
	 * a word of only known letters (e.g. "UGRS", "GS") is accepted too.
	 */
	return s[0] == 'U' || known == n;
}

/* Destination / gateway columns: printable, no parentheses or quotes. */
static int
col_shape(const char *s)
{
	for (; *s != '\0'; s++)
		if (*s == '(' || *s == ')' || *s == '"' || *s == '\'' ||
		    *s == ',' || *s == ';' || *s == '=')
			return 0;
	return 1;
}

static int
counter_shape(const char *s)
{
	return vw__x_is_number(s) || strcmp(s, "-") == 0;
}

static int
netif_shape(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n >= 24)
		return 0;
	/* vmwatchd prints "#<index>" for an interface it has no name for. */
	if (s[0] == '#')
		return n > 1 && vw__x_is_number(s + 1);
	return vw__x_is_ifname(s);
}

static int
looks_v6(const char *s)
{
	int colons = 0;

	if (strstr(s, "::") != NULL)
		return 1;
	for (; *s != '\0'; s++)
		colons += *s == ':';
	return colons >= 6;
}

int
vw__x_netstat_row(struct vw__xctx *c, const struct vw__xline *l,
    struct vw_xentry *e)
{
	char trail[VW_X_NOTELEN];
	size_t off = 0;
	int i, nc = 0, maxc;

	if (l->ntok < 3 || !flags_shape(l->tok[2]) || !col_shape(l->tok[0]) ||
	    !col_shape(l->tok[1]) || strcmp(l->tok[0], "Destination") == 0)
		return 0;
	/* Counters: as many as the header announced, else any run of them. */
	maxc = c->hdr_format == VW_XF_NETSTAT && c->hdr_counters > 0 ?
	    c->hdr_counters : 4;
	for (i = 3; i < l->ntok && nc < maxc && counter_shape(l->tok[i]); i++)
		nc++;
	if (i < l->ntok && !netif_shape(l->tok[i]))
		return 0;
	e->kind = VW_XK_UNRECOGNISED;	/* explain_rules.c decides */
	e->format = VW_XF_NETSTAT;
	vw__x_copy(e->dest, sizeof(e->dest), l->tok[0]);
	vw__x_copy(e->gateway, sizeof(e->gateway), l->tok[1]);
	vw__x_copy(e->flags, sizeof(e->flags), l->tok[2]);
	if (i < l->ntok)
		vw__x_copy(e->netif, sizeof(e->netif), l->tok[i++]);
	else
		vw__x_note(e, "the row has no interface column (cut short)");
	if (i < l->ntok && (strcmp(l->tok[i], "!") == 0 ||
	    vw__x_is_number(l->tok[i])))
		vw__x_copy(e->expire, sizeof(e->expire), l->tok[i++]);
	trail[0] = '\0';
	for (; i < l->ntok && off < sizeof(trail) - 1; i++) {
		int w = snprintf(trail + off, sizeof(trail) - off, "%s%s",
		    off > 0 ? " " : "", l->tok[i]);

		if (w < 0)
			break;
		off += (size_t)w;
	}
	if (trail[0] != '\0')
		vw__x_note(e, "text after the columns, not netstat's: \"%.120s\"",
		    trail);
	/* The section title decides the family; the text shape otherwise. */
	if (strchr(e->dest, ':') != NULL)
		e->family = VW_AF_INET6;
	else if (c->family != 0)
		e->family = c->family;
	else if (strcmp(e->dest, "default") == 0 && looks_v6(e->gateway))
		e->family = VW_AF_INET6;
	else
		e->family = VW_AF_INET;
	if (e->family == VW_AF_INET6 && c->hdr_gw_col == 19 &&
	    (strlen(e->dest) == 18 || strlen(e->gateway) == 18))
		vw__x_note(e, "an IPv6 column exactly 18 characters wide: "
		    "netstat without -n cuts addresses to that width, so this "
		    "one may be cut short");
	return 1;
}

/* ---- Linux net-tools route -n ----------------------------------------------- */

static int
quad_shape(const char *s)
{
	int dots = 0;

	for (; *s != '\0'; s++) {
		if (*s == '.')
			dots++;
		else if (*s < '0' || *s > '9')
			return 0;
	}
	return dots == 3;
}

int
vw__x_route_n_row(struct vw__xctx *c, const struct vw__xline *l,
    struct vw_xentry *e)
{
	const char *f;

	/* Destination Gateway Genmask Flags Metric Ref Use Iface */
	if (l->ntok != 8 || !quad_shape(l->tok[2]) ||
	    !(quad_shape(l->tok[0]) || strcmp(l->tok[0], "default") == 0) ||
	    !vw__x_is_number(l->tok[4]) || !vw__x_is_number(l->tok[5]) ||
	    !vw__x_is_number(l->tok[6]) || !netif_shape(l->tok[7]))
		return 0;
	for (f = l->tok[3]; *f != '\0'; f++)
		if (strchr("UGHRDMAC!", *f) == NULL)
			return 0;
	(void)c;
	e->format = VW_XF_ROUTE_N;
	e->family = VW_AF_INET;
	vw__x_copy(e->dest, sizeof(e->dest), l->tok[0]);
	vw__x_copy(e->gateway, sizeof(e->gateway), l->tok[1]);
	vw__x_copy(e->flags, sizeof(e->flags), l->tok[3]);
	vw__x_copy(e->netif, sizeof(e->netif), l->tok[7]);
	e->metric = strtoll(l->tok[4], NULL, 10);
	/* The mask rides in the scope field until explain_rules.c reads it. */
	vw__x_copy(e->scope, sizeof(e->scope), l->tok[2]);
	return 1;
}

/* ---- arp -an ------------------------------------------------------------------ */

/*
 * macOS:   ? (192.168.64.2) at 8a:c3:94:a:86:e2 on bridge100 ifscope [bridge]
 *          ? (192.168.2.2) at (incomplete) on en0 ifscope [ethernet]
 * FreeBSD: ? (10.0.2.2) at 52:54:00:12:35:02 on em0 expires in 1189 seconds
 *          [ethernet]
 * Linux:   ? (192.168.1.1) at 00:11:22:33:44:55 [ether] on eth0
 */
int
vw__x_arp_line(struct vw__xctx *c, const struct vw__xline *l,
    struct vw_xentry *e)
{
	const char *ip;
	size_t n;
	int i;

	(void)c;
	if (l->ntok < 4 || strcmp(l->tok[2], "at") != 0)
		return 0;
	ip = l->tok[1];
	n = strlen(ip);
	if (n < 3 || ip[0] != '(' || ip[n - 1] != ')' || n - 2 >= sizeof(e->dest))
		return 0;
	e->format = VW_XF_ARP;
	memcpy(e->dest, ip + 1, n - 2);
	e->dest[n - 2] = '\0';
	e->family = strchr(e->dest, ':') != NULL ? VW_AF_INET6 : VW_AF_INET;
	if (strcmp(l->tok[3], "(incomplete)") == 0 ||
	    strcmp(l->tok[3], "<incomplete>") == 0)
		vw__x_copy(e->state, sizeof(e->state), "incomplete");
	else
		vw__x_copy(e->gateway, sizeof(e->gateway), l->tok[3]);
	for (i = 4; i < l->ntok; i++) {
		const char *t = l->tok[i];

		if (strcmp(t, "on") == 0 && i + 1 < l->ntok)
			vw__x_copy(e->netif, sizeof(e->netif), l->tok[++i]);
		else if (strcmp(t, "ifscope") == 0)
			vw__x_copy(e->flags, sizeof(e->flags), "I");
		else if (strcmp(t, "permanent") == 0 || strcmp(t, "PERM") == 0)
			vw__x_copy(e->state, sizeof(e->state), "permanent");
		else if (strcmp(t, "published") == 0 || strcmp(t, "PUB") == 0)
			vw__x_note(e, "published: this host answers ARP for "
			    "%s on behalf of another (proxy ARP)", e->dest);
		else if (strcmp(t, "expired") == 0)
			vw__x_copy(e->expire, sizeof(e->expire), "!");
		else if (strcmp(t, "expires") == 0 && i + 2 < l->ntok &&
		    strcmp(l->tok[i + 1], "in") == 0 &&
		    vw__x_is_number(l->tok[i + 2])) {
			vw__x_copy(e->expire, sizeof(e->expire), l->tok[i + 2]);
			i += 2;
			if (i + 1 < l->ntok && strcmp(l->tok[i + 1], "seconds") == 0)
				i++;
		} else if (t[0] == '[') {
			/* [ethernet] says nothing new; other types do. */
			if (strcmp(t, "[ethernet]") != 0 &&
			    strcmp(t, "[ether]") != 0)
				vw__x_note(e, "%s = the interface type arp "
				    "reports%s", t, strcmp(t, "[bridge]") == 0 ?
				    " (IFT_BRIDGE: a bridge such as vmnet's)" :
				    "");
		}
		else
			vw__x_note(e, "word arp does not print: \"%.60s\"", t);
	}
	if (strcmp(l->tok[0], "?") != 0)
		vw__x_note(e, "%s = the name of %s (arp run without -n)",
		    l->tok[0], e->dest);
	return 1;
}
