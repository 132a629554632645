/* SPDX-License-Identifier: ISC */
/*
 * fmt_ip.c - iproute2-style text for routes, neighbours, links, addresses.
 *
 * Token order follows iproute2 (ip/iproute.c print_route, ip/ipneigh.c
 * print_neigh, ip/ipaddress.c print_linkinfo/print_addrinfo) and what the
 * Linux kernel puts in its messages (which attributes exist decides which
 * tokens appear).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_ip.h"
#include "vw_error.h"
#include "vw_table.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

#define RT_TABLE_MAIN	254
#define RTPROT_BOOT	3
#define RTM_F_CLONED	0x200u

struct numname {
	unsigned	 num;
	const char	*name;
};

/* iproute2 lib/rt_names.c built-in rtnl_rtprot_tab. */
static const struct numname protos[] = {
	{ 0, "unspec" }, { 1, "redirect" }, { 2, "kernel" }, { 3, "boot" },
	{ 4, "static" }, { 8, "gated" }, { 9, "ra" }, { 10, "mrt" },
	{ 11, "zebra" }, { 12, "bird" }, { 13, "dnrouted" }, { 14, "xorp" },
	{ 15, "ntk" }, { 16, "dhcp" }, { 18, "keepalived" }, { 42, "babel" },
	{ 99, "openr" }, { 186, "bgp" }, { 187, "isis" }, { 188, "ospf" },
	{ 189, "rip" }, { 192, "eigrp" },
};

static const struct numname scopes[] = {
	{ 0, "global" }, { 200, "site" }, { 253, "link" }, { 254, "host" },
	{ 255, "nowhere" },
};

static const struct numname tables[] = {
	{ 253, "default" }, { 254, "main" }, { 255, "local" },
};

static const char *
numlookup(const struct numname *t, size_t n, unsigned v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].num == v)
			return t[i].name;
	return NULL;
}

static const char *
numname(const struct numname *t, size_t n, unsigned v, char *buf, size_t len)
{
	const char *s = numlookup(t, n, v);

	if (s != NULL)
		snprintf(buf, len, "%s", s);
	else
		snprintf(buf, len, "%u", v);
	return buf;
}

const char *
vw_ip_proto_name(unsigned proto, char *buf, size_t len)
{
	return numname(protos, NITEMS(protos), proto, buf, len);
}

const char *
vw_ip_scope_name(unsigned scope, char *buf, size_t len)
{
	return numname(scopes, NITEMS(scopes), scope, buf, len);
}

const char *
vw_ip_table_name(uint32_t table, char *buf, size_t len)
{
	return numname(tables, NITEMS(tables), table, buf, len);
}

/* print_rt_flags(): RTNH_F_* (low byte) and RTM_F_* words, in its order. */
static const struct numname rtflags[] = {
	{ 0x01, "dead" }, { 0x04, "onlink" }, { 0x02, "pervasive" },
	{ 0x08, "offload" }, { 0x40, "trap" }, { 0x100, "notify" },
	{ 0x10, "linkdown" }, { 0x20, "unresolved" }, { 0x4000, "rt_offload" },
	{ 0x8000, "rt_trap" }, { 0x20000000, "rt_offload_failed" },
};

static void
put_rtflags(struct vw__sb *sb, uint32_t flags, const char *sep, int trailing)
{
	size_t i;
	int first = 1;

	for (i = 0; i < NITEMS(rtflags); i++) {
		if ((flags & rtflags[i].num) == 0)
			continue;
		if (trailing)
			vw__sb_printf(sb, "%s%s", rtflags[i].name, sep);
		else
			vw__sb_printf(sb, "%s%s", first ? "" : sep,
			    rtflags[i].name);
		first = 0;
	}
}

int
vw_fmt_ip_rtflags(uint32_t flags, char sep, char *buf, size_t len)
{
	struct vw__sb sb;
	char s[2] = { sep, '\0' };

	vw__sb_init(&sb, buf, len);
	put_rtflags(&sb, flags, s, 0);
	return vw__sb_done(&sb);
}

static void
put_addr(struct vw__sb *sb, const struct vw_ip *ip)
{
	char tmp[VW_IP_STRLEN];

	vw__sb_puts(sb, vw_fmt_ip_plain(ip, tmp, sizeof(tmp)) < 0 ? "?" : tmp);
}

static void
put_dev(struct vw__sb *sb, const char *word, uint32_t index,
    const struct vw_names *n)
{
	const char *name = vw_names_get(n, index);

	if (name != NULL)
		vw__sb_printf(sb, "%s %s ", word, name);
	else	/* ll_index_to_name() of an unknown index */
		vw__sb_printf(sb, "%s if%u ", word, (unsigned)index);
}

/*
 * "via X "; a gateway of the other family (RTA_VIA, an IPv4 route through
 * an IPv6 next hop) is named "via inet6 X " as print_rta_via() does.
 */
static void
put_via(struct vw__sb *sb, const struct vw_ip *gw, int rtfamily)
{
	vw__sb_puts(sb, "via ");
	if (gw->family != rtfamily)
		vw__sb_puts(sb, gw->family == VW_AF_INET6 ? "inet6 " : "inet ");
	put_addr(sb, gw);
	vw__sb_puts(sb, " ");
}

int
vw_fmt_ip_route(const struct vw_route *r, const struct vw_names *n,
    unsigned flags, char *buf, size_t len)
{
	struct vw__sb sb;
	char tmp[32];
	int v6 = r->dst.family == VW_AF_INET6;
	int multi = r->nnh > 1 && r->nh != NULL;
	unsigned i, hostlen = v6 ? 128 : 32;

	vw__sb_init(&sb, buf, len);
	if (r->type != VW_RT_UNICAST)
		vw__sb_printf(&sb, "%s ", vw_rtype_name(r->type));
	/* The kernel sends RTA_DST only for a nonzero prefix length. */
	if (r->plen == 0)
		vw__sb_puts(&sb, "default ");
	else {
		put_addr(&sb, &r->dst);
		if (r->plen != hostlen)
			vw__sb_printf(&sb, "/%u", (unsigned)r->plen);
		vw__sb_puts(&sb, " ");
	}
	if (!multi) {
		if (r->gwkind == VW_GW_IP && r->gw.family != VW_AF_NONE)
			put_via(&sb, &r->gw, r->dst.family);
		if (r->ifindex != 0)
			put_dev(&sb, "dev", r->ifindex, n);
	}
	if (r->table != RT_TABLE_MAIN)
		vw__sb_printf(&sb, "table %s ",
		    vw_ip_table_name(r->table, tmp, sizeof(tmp)));
	if ((r->flags & RTM_F_CLONED) == 0) {
		if (r->proto != RTPROT_BOOT)
			vw__sb_printf(&sb, "proto %s ",
			    vw_ip_proto_name(r->proto, tmp, sizeof(tmp)));
		if (r->scope != 0)
			vw__sb_printf(&sb, "scope %s ",
			    vw_ip_scope_name(r->scope, tmp, sizeof(tmp)));
	}
	if (r->prefsrc.family != VW_AF_NONE) {
		vw__sb_puts(&sb, "src ");
		put_addr(&sb, &r->prefsrc);
		vw__sb_puts(&sb, " ");
	}
	/* IPv4 omits RTA_PRIORITY when 0; IPv6 always sends it. */
	if (v6 || r->metric != 0)
		vw__sb_printf(&sb, "metric %u ", (unsigned)r->metric);
	put_rtflags(&sb, r->flags, " ", 1);
	if (r->mtu != 0)
		vw__sb_printf(&sb, "mtu %u ", (unsigned)r->mtu);
	/* print_rt_pref() is the one token without a blank after it. */
	if (v6)
		vw__sb_puts(&sb, "pref medium");
	for (i = 0; multi && i < r->nnh && i < VW_NH_MAX; i++) {
		const struct vw_nexthop *h = &r->nh[i];

		if (!(flags & VW_IPF_ONELINE))
			vw__sb_puts(&sb, "\n\t");
		else if (sb.off > 0 && buf[sb.off - 1] != ' ')
			vw__sb_puts(&sb, " ");
		vw__sb_puts(&sb, "nexthop ");
		if (h->gw.family != VW_AF_NONE)
			put_via(&sb, &h->gw, r->dst.family);
		put_dev(&sb, "dev", h->ifindex, n);
		vw__sb_printf(&sb, "weight %u ", (unsigned)h->weight);
		put_rtflags(&sb, h->flags, " ", 1);
	}
	return vw__sb_done(&sb);
}

int
vw_fmt_ip_neigh(const struct vw_neigh *nb, const struct vw_names *n,
    unsigned flags, char *buf, size_t len)
{
	static const struct numname nud[] = {
		{ VW_NUD_INCOMPLETE, "INCOMPLETE" },
		{ VW_NUD_REACHABLE, "REACHABLE" }, { VW_NUD_STALE, "STALE" },
		{ VW_NUD_DELAY, "DELAY" }, { VW_NUD_PROBE, "PROBE" },
		{ VW_NUD_FAILED, "FAILED" }, { VW_NUD_NOARP, "NOARP" },
		{ VW_NUD_PERMANENT, "PERMANENT" },
	};
	char tmp[VW_LL_STRLEN];
	struct vw__sb sb;
	size_t i;

	/*
	 * iproute2 5.16 made every token end in one blank; before, the
	 * tokens after lladdr began with one ("dev br0  FAILED").
	 */
	const char *pre = (flags & VW_IPF_OLD_NEIGH) ? " " : "";
	const char *post = (flags & VW_IPF_OLD_NEIGH) ? "" : " ";

	vw__sb_init(&sb, buf, len);
	put_addr(&sb, &nb->addr);
	vw__sb_puts(&sb, " ");
	if (nb->ifindex != 0)
		put_dev(&sb, "dev", nb->ifindex, n);
	if (nb->ll.len > 0 && vw_ll_canon(&nb->ll, tmp, sizeof(tmp)) >= 0)
		vw__sb_printf(&sb, "lladdr %s%s", tmp, post);
	if (nb->nflags & VW_NF_ROUTER)
		vw__sb_printf(&sb, "%srouter%s", pre, post);
	if (nb->nflags & VW_NF_PROXY)
		vw__sb_printf(&sb, "%sproxy%s", pre, post);
	for (i = 0; i < NITEMS(nud); i++)
		if (nb->state & nud[i].num)
			vw__sb_printf(&sb, "%s%s%s", pre, nud[i].name, post);
	return vw__sb_done(&sb);
}

/* Linux IFF_* in iproute2 print_link_flags() order. */
static const struct numname iff_linux[] = {
	{ 0x8, "LOOPBACK" }, { 0x2, "BROADCAST" }, { 0x10, "POINTOPOINT" },
	{ 0x1000, "MULTICAST" }, { 0x80, "NOARP" }, { 0x200, "ALLMULTI" },
	{ 0x100, "PROMISC" }, { 0x400, "MASTER" }, { 0x800, "SLAVE" },
	{ 0x4, "DEBUG" }, { 0x8000, "DYNAMIC" }, { 0x4000, "AUTOMEDIA" },
	{ 0x2000, "PORTSEL" }, { 0x20, "NOTRAILERS" }, { 0x1, "UP" },
	{ 0x10000, "LOWER_UP" }, { 0x20000, "DORMANT" }, { 0x40000, "ECHO" },
};

/* The neutral flags for other kernels, in the same order. */
static const struct numname iff_neutral[] = {
	{ VW_LF_LOOPBACK, "LOOPBACK" }, { VW_LF_BROADCAST, "BROADCAST" },
	{ VW_LF_P2P, "POINTOPOINT" }, { VW_LF_MULTICAST, "MULTICAST" },
	{ VW_LF_NOARP, "NOARP" }, { VW_LF_PROMISC, "PROMISC" },
	{ VW_LF_UP, "UP" }, { VW_LF_LOWER_UP, "LOWER_UP" },
};

static const struct numname arphrd[] = {
	{ 1, "ether" }, { 24, "ieee1394" }, { 32, "infiniband" },
	{ 256, "slip" }, { 512, "ppp" }, { 768, "ipip" }, { 769, "tunnel6" },
	{ 772, "loopback" }, { 776, "sit" }, { 778, "gre" },
	{ 801, "ieee802.11" }, { 823, "ip6gre" }, { 65534, "none" },
	{ 65535, "void" },
};

static const char *const operstates[] = {
	"UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING",
	"DORMANT", "UP"
};

static void
put_link_flags(struct vw__sb *sb, const struct vw_link *l, int os)
{
	const struct numname *t;
	size_t i, n;
	uint32_t f;
	int first = 1;

	if (os == VW_OS_LINUX) {
		t = iff_linux;
		n = NITEMS(iff_linux);
		f = l->flags;
		/* IFF_UP without IFF_RUNNING: no carrier. */
		if ((f & 0x1) && !(f & 0x40)) {
			vw__sb_puts(sb, "NO-CARRIER");
			first = 0;
		}
	} else {
		t = iff_neutral;
		n = NITEMS(iff_neutral);
		f = l->lflags;
		if ((f & VW_LF_UP) && !(f & VW_LF_RUNNING)) {
			vw__sb_puts(sb, "NO-CARRIER");
			first = 0;
		}
	}
	for (i = 0; i < n; i++) {
		if ((f & t[i].num) == 0)
			continue;
		vw__sb_printf(sb, "%s%s", first ? "" : ",", t[i].name);
		first = 0;
	}
}

int
vw_fmt_ip_link(const struct vw_link *l, int os, const struct vw_names *n,
    unsigned flags, char *buf, size_t len)
{
	char tmp[VW_LL_STRLEN];
	const char *type = "none";
	struct vw__sb sb;

	vw__sb_init(&sb, buf, len);
	if (l->name[0] != '\0')
		vw__sb_printf(&sb, "%u: %.*s: <", (unsigned)l->index,
		    (int)sizeof(l->name), l->name);
	else
		vw__sb_printf(&sb, "%u: if%u: <", (unsigned)l->index,
		    (unsigned)l->index);
	put_link_flags(&sb, l, os);
	vw__sb_puts(&sb, ">");
	if (l->mtu != 0)
		vw__sb_printf(&sb, " mtu %u", (unsigned)l->mtu);
	if (l->master != 0) {
		const char *m = vw_names_get(n, l->master);

		if (m != NULL)
			vw__sb_printf(&sb, " master %s", m);
		else
			vw__sb_printf(&sb, " master if%u", (unsigned)l->master);
	}
	if (os == VW_OS_LINUX) {
		if (l->operstate < NITEMS(operstates))
			vw__sb_printf(&sb, " state %s",
			    operstates[l->operstate]);
		else
			vw__sb_printf(&sb, " state %u", (unsigned)l->operstate);
		type = numlookup(arphrd, NITEMS(arphrd), l->os_type);
		if (type == NULL)	/* iproute2 prints it as "[N]" */
			vw__sb_printf(&sb, "%slink/[%u]",
			    (flags & VW_IPF_ONELINE) ? " " : "\n    ",
			    (unsigned)l->os_type);
	} else {
		switch (l->type) {
		case VW_LT_ETHER: case VW_LT_BRIDGE: case VW_LT_VLAN:
			type = "ether";
			break;
		case VW_LT_LOOPBACK:
			type = "loopback";
			break;
		default:
			type = "none";
			break;
		}
	}
	if (type != NULL)
		vw__sb_printf(&sb, "%slink/%s",
		    (flags & VW_IPF_ONELINE) ? " " : "\n    ", type);
	if (l->ll.len > 0 && vw_ll_canon(&l->ll, tmp, sizeof(tmp)) >= 0)
		vw__sb_printf(&sb, " %s", tmp);
	return vw__sb_done(&sb);
}

/* ip/ipaddress.c ifa_flag_names[], IFA_F_* in its order. */
static const struct numname ifaflags[] = {
	{ 0x01, "secondary" }, { 0x02, "nodad" }, { 0x04, "optimistic" },
	{ 0x08, "dadfailed" }, { 0x10, "home" }, { 0x20, "deprecated" },
	{ 0x40, "tentative" }, { 0x80, "permanent" }, { 0x100, "mngtmpaddr" },
	{ 0x200, "noprefixroute" }, { 0x400, "autojoin" },
	{ 0x800, "stable-privacy" },
};

int
vw_fmt_ip_addr(const struct vw_ifaddr *a, const struct vw_names *n,
    unsigned flags, char *buf, size_t len)
{
	const char *name = vw_names_get(n, a->ifindex);
	char tmp[32];
	struct vw__sb sb;
	uint32_t f = a->flags;
	size_t i;

	(void)flags;
	vw__sb_init(&sb, buf, len);
	if (name != NULL)
		vw__sb_printf(&sb, "%u: %s", (unsigned)a->ifindex, name);
	else
		vw__sb_printf(&sb, "%u: if%u", (unsigned)a->ifindex,
		    (unsigned)a->ifindex);
	vw__sb_printf(&sb, "    %s ",
	    a->addr.family == VW_AF_INET6 ? "inet6" : "inet");
	put_addr(&sb, &a->addr);
	if (!a->peer_is_brd && a->peer.family != VW_AF_NONE &&
	    vw_ip_cmp(&a->peer, &a->addr) != 0) {
		vw__sb_puts(&sb, " peer ");
		put_addr(&sb, &a->peer);
	}
	vw__sb_printf(&sb, "/%u ", (unsigned)a->plen);
	if (a->peer_is_brd && a->peer.family != VW_AF_NONE) {
		vw__sb_puts(&sb, "brd ");
		put_addr(&sb, &a->peer);
		vw__sb_puts(&sb, " ");
	}
	vw__sb_printf(&sb, "scope %s ",
	    vw_ip_scope_name(a->scope, tmp, sizeof(tmp)));
	/* print_ifa_flags(): "dynamic" means IFA_F_PERMANENT is clear. */
	for (i = 0; i < NITEMS(ifaflags); i++) {
		if (ifaflags[i].num == 0x80) {
			if ((f & 0x80) == 0)
				vw__sb_puts(&sb, "dynamic ");
		} else if (f & ifaflags[i].num) {
			if (ifaflags[i].num == 0x01 &&
			    a->addr.family == VW_AF_INET6)
				vw__sb_puts(&sb, "temporary ");
			else
				vw__sb_printf(&sb, "%s ", ifaflags[i].name);
		}
		f &= ~ifaflags[i].num;
	}
	if (f != 0)
		vw__sb_printf(&sb, "flags %02x ", (unsigned)f);
	if (a->label[0] != '\0')
		vw__sb_printf(&sb, "%.*s", (int)sizeof(a->label), a->label);
	return vw__sb_done(&sb);
}

/*
 * Length of the common leading bits of a and b, up to `max`.
 */
static unsigned
common_bits(const uint8_t *a, const uint8_t *b, unsigned max)
{
	unsigned i;

	for (i = 0; i < max; i++) {
		uint8_t m = (uint8_t)(0x80u >> (i % 8));

		if ((a[i / 8] & m) != (b[i / 8] & m))
			break;
	}
	return i;
}

int
vw_ip_route_cmp(const struct vw_route *a, const struct vw_route *b)
{
	unsigned minp, c;
	int d;

	if (a->table != b->table)
		return a->table < b->table ? -1 : 1;
	if (a->dst.family != b->dst.family)
		return a->dst.family < b->dst.family ? -1 : 1;
	if (a->dst.family == VW_AF_INET6) {
		/*
		 * fib6 walks its tree children first (0-bit side, then 1),
		 * the node itself last: a prefix covering another comes
		 * after it, disjoint prefixes go by their first differing bit.
		 */
		minp = a->plen < b->plen ? a->plen : b->plen;
		c = common_bits(a->dst.a, b->dst.a, minp);
		if (c < minp) {
			uint8_t m = (uint8_t)(0x80u >> (c % 8));

			return (a->dst.a[c / 8] & m) ? 1 : -1;
		}
		if (a->plen != b->plen)
			return a->plen > b->plen ? -1 : 1;
	} else {
		/* fib_trie: leaves in key order, longest prefix first in one. */
		if ((d = memcmp(a->dst.a, b->dst.a, 4)) != 0)
			return d < 0 ? -1 : 1;
		if (a->plen != b->plen)
			return a->plen > b->plen ? -1 : 1;
	}
	if (a->metric != b->metric)
		return a->metric < b->metric ? -1 : 1;
	if (a->ifindex != b->ifindex)
		return a->ifindex < b->ifindex ? -1 : 1;
	return vw_ip_cmp(&a->gw, &b->gw);
}

static int
route_qcmp(const void *pa, const void *pb)
{
	const struct vw_route *const *a = pa, *const *b = pb;

	return vw_ip_route_cmp(*a, *b);
}

static long
print_routes(FILE *fp, const struct vw_table *t, int family,
    const struct vw_names *n, unsigned flags)
{
	const struct vw_route **rt = NULL;
	char line[VW_IP_LINEMAX];
	long cnt, i, out = 0;

	if ((cnt = vw_table_routes(t, family, &rt)) < 0)
		return cnt;
	if (cnt > 1)
		qsort(rt, (size_t)cnt, sizeof(*rt), route_qcmp);
	for (i = 0; i < cnt; i++) {
		if (rt[i]->dst.family != family)
			continue;
		vw_fmt_ip_route(rt[i], n, flags, line, sizeof(line));
		fprintf(fp, "%s\n", line);
		out++;
	}
	free(rt);
	return out;
}

int
vw_fmt_ip_table(FILE *fp, const struct vw_table *t, unsigned flags)
{
	const struct vw_neigh **nb = NULL;
	char line[VW_IP_LINEMAX];
	struct vw_names n;
	long cnt, i, rc, out = 0;

	vw_names_table(&n, t);
	fputs("# ip -4 route show table all\n", fp);
	if ((rc = print_routes(fp, t, VW_AF_INET, &n, flags)) < 0)
		return (int)rc;
	out += rc;
	fputs("# ip -6 route show table all\n", fp);
	if ((rc = print_routes(fp, t, VW_AF_INET6, &n, flags)) < 0)
		return (int)rc;
	out += rc;
	fputs("# ip neigh\n", fp);
	if ((cnt = vw_table_neighs(t, 0, &nb)) < 0)
		return (int)cnt;
	for (i = 0; i < cnt; i++) {
		/* ip neigh's default filter: state & ~NOARP, NONE hidden. */
		if ((nb[i]->state & (0xff & ~VW_NUD_NOARP)) == 0 &&
		    (nb[i]->nflags & VW_NF_PROXY) == 0)
			continue;
		vw_fmt_ip_neigh(nb[i], &n, flags, line, sizeof(line));
		fprintf(fp, "%s\n", line);
		out++;
	}
	free(nb);
	if (ferror(fp))
		return VW_EIO;
	return out > 0x7fffffffL ? 0x7fffffff : (int)out;
}
