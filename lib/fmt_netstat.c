/* SPDX-License-Identifier: ISC */
/*
 * fmt_netstat.c - netstat -rn / arp -an text for macOS and FreeBSD.
 *
 * Every rule here is a fact from ../shared/reference/bsd-route-socket.md
 * (§2.3 flags, §5.1-§5.5 macOS network_cmds-741 netstat, §5.6 FreeBSD
 * 13/14 netstat) or from macOS/FreeBSD arp(8); the comments say which.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt_netstat.h"
#include "vw_error.h"
#include "vw_table.h"

/* RTF_* values used here (XNU/FreeBSD route.h, reference §2.3). */
#define F_UP		0x1u
#define F_GATEWAY	0x2u
#define F_HOST		0x4u
#define F_REJECT	0x8u
#define F_DYNAMIC	0x10u
#define F_MODIFIED	0x20u
#define F_DONE		0x40u
#define F_CLONING	0x100u
#define F_XRESOLVE	0x200u
#define F_LLINFO	0x400u
#define F_STATIC	0x800u
#define F_BLACKHOLE	0x1000u
#define F_PROTO2	0x4000u		/* = RTF_ANNOUNCE (published ARP) */
#define F_PROTO1	0x8000u
#define F_PRCLONING	0x10000u
#define F_WASCLONED	0x20000u
#define F_PROTO3	0x40000u
#define F_BROADCAST	0x400000u
#define F_MULTICAST	0x800000u
#define F_IFSCOPE	0x1000000u
#define F_IFREF		0x4000000u
#define F_PROXY		0x8000000u
#define F_ROUTER	0x10000000u
#define F_GLOBAL	0x40000000u

/* sdl_type values (if_types.h, reference §2.5). */
#define IFT_ETHER_	0x06
#define IFT_FDDI_	0x0f
#define IFT_ATM_	0x25
#define IFT_L2VLAN_	0x87
#define IFT_IEEE1394_	0x90
#define IFT_INFINIBAND_	0xc7
#define IFT_BRIDGE_	0xd1

struct flagbit {
	uint32_t	mask;
	char		letter;
};

/*
 * macOS netstat's bits[] table: letters in this order, not bit order
 * (reference §5.2).  DELCLONE, NOIFREF, PINNED, LOCAL, CONDEMNED and DEAD
 * have no letter.
 */
static const struct flagbit darwin_bits[] = {
	{ F_UP, 'U' }, { F_GATEWAY, 'G' }, { F_HOST, 'H' }, { F_REJECT, 'R' },
	{ F_DYNAMIC, 'D' }, { F_MODIFIED, 'M' }, { F_MULTICAST, 'm' },
	{ F_DONE, 'd' }, { F_CLONING, 'C' }, { F_XRESOLVE, 'X' },
	{ F_LLINFO, 'L' }, { F_STATIC, 'S' }, { F_PROTO1, '1' },
	{ F_PROTO2, '2' }, { F_WASCLONED, 'W' }, { F_PRCLONING, 'c' },
	{ F_PROTO3, '3' }, { F_BLACKHOLE, 'B' }, { F_BROADCAST, 'b' },
	{ F_IFSCOPE, 'I' }, { F_IFREF, 'i' }, { F_PROXY, 'Y' },
	{ F_ROUTER, 'r' }, { F_GLOBAL, 'g' },
};

/* FreeBSD netstat's rt_bits[] (reference §5.6). */
static const struct flagbit freebsd_bits[] = {
	{ F_UP, 'U' }, { F_GATEWAY, 'G' }, { F_HOST, 'H' }, { F_REJECT, 'R' },
	{ F_DYNAMIC, 'D' }, { F_MODIFIED, 'M' }, { F_DONE, 'd' },
	{ F_XRESOLVE, 'X' }, { F_STATIC, 'S' }, { F_PROTO1, '1' },
	{ F_PROTO2, '2' }, { F_PROTO3, '3' }, { F_BLACKHOLE, 'B' },
	{ F_BROADCAST, 'b' }, { F_LLINFO, 'L' },
};

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* Column widths (reference §5.1 macOS 14/15, §5.6 FreeBSD without -W). */
#define DARWIN_W4	18
#define DARWIN_W6	39
#define DARWIN_WFLAGS	10
#define DARWIN_WIF	14
#define FBSD_WDST4	18
#define FBSD_WGW4	18
#define FBSD_WDST6	33
#define FBSD_WGW6	29
#define FBSD_WFLAGS	6
#define FBSD_WIF	8
#define W_EXPIRE	6

int
vw_fmt_netstat_flags(int os, uint32_t flags, char *buf, size_t len)
{
	const struct flagbit *bits;
	size_t n, i, off = 0;

	if (len == 0)
		return VW_ENOSPC;
	if (os == VW_OS_FREEBSD) {
		bits = freebsd_bits;
		n = NITEMS(freebsd_bits);
	} else {
		bits = darwin_bits;
		n = NITEMS(darwin_bits);
	}
	for (i = 0; i < n; i++) {
		if ((flags & bits[i].mask) == 0)
			continue;
		if (off + 1 >= len) {
			buf[off] = '\0';
			return VW_ENOSPC;
		}
		buf[off++] = bits[i].letter;
	}
	buf[off] = '\0';
	return (int)off;
}

static uint32_t
plen_mask4(unsigned plen)
{
	if (plen == 0)
		return 0;
	if (plen >= 32)
		return 0xffffffffu;
	return 0xffffffffu << (32 - plen);
}

static uint32_t
ip4_host(const struct vw_ip *ip)
{
	return (uint32_t)ip->a[0] << 24 | (uint32_t)ip->a[1] << 16 |
	    (uint32_t)ip->a[2] << 8 | ip->a[3];
}

/*
 * netstat's domask(): "" for no mask (and, on macOS, for the address's
 * classful mask), "/N" when contiguous, "&0x%x" otherwise.  macOS writes it
 * with snprintf(dst, sizeof(dst)) on a char *, so at most 7 characters
 * survive ("&0xff00" for 0xff00ff00); FreeBSD passes the real size.
 */
static void
domask(struct vw__sb *sb, int os, uint32_t mask, uint32_t classmask)
{
	char tmp[16];
	int b, low = -1;

	if (mask == 0 || (os != VW_OS_FREEBSD && mask == classmask))
		return;
	for (b = 0; b < 32; b++) {
		if (mask & (1u << b)) {
			low = b;
			break;
		}
	}
	for (b = low + 1; b < 32; b++) {
		if ((mask & (1u << b)) == 0) {
			low = -1;	/* not contiguous */
			break;
		}
	}
	if (low == -1) {
		snprintf(tmp, sizeof(tmp), "&0x%x", (unsigned)mask);
		/* macOS domask() writes into sizeof(char *) = 8 bytes. */
		if (os != VW_OS_FREEBSD)
			tmp[7] = '\0';
	} else
		snprintf(tmp, sizeof(tmp), "/%d", 32 - low);
	vw__sb_puts(sb, tmp);
}

/*
 * Seconds from now until expire, saturated: both come from outside (a
 * decoded rmx_expire, a --now given by the user), so the difference must
 * not overflow (found by fuzz_decode with now = INT64_MIN).
 */
static int64_t
expire_left(int64_t expire, int64_t now)
{
	int64_t d;

	if (__builtin_sub_overflow(expire, now, &d))
		return expire > now ? INT64_MAX : INT64_MIN;
	return d;
}

static void
quad(struct vw__sb *sb, uint32_t i)
{
	vw__sb_printf(sb, "%u.%u.%u.%u", i >> 24, (i >> 16) & 0xff,
	    (i >> 8) & 0xff, i & 0xff);
}

static void
netname4(struct vw__sb *sb, int os, uint32_t i, uint32_t mask)
{
	uint32_t dmask;

	if (i == 0 && mask == 0) {
		vw__sb_puts(sb, "default");
		return;
	}
	if (os == VW_OS_FREEBSD) {
		/* netname4(): mask the address, dotted quad, always a suffix. */
		quad(sb, i & mask);
		domask(sb, os, mask, 0);
		return;
	}
	/*
	 * macOS netname(): classful abbreviation by the address's class
	 * (A < 128, B < 192, everything else C), trailing zero octets cut.
	 */
	if ((i & 0x80000000u) == 0)
		dmask = 0xff000000u;
	else if ((i & 0xc0000000u) == 0x80000000u)
		dmask = 0xffff0000u;
	else
		dmask = 0xffffff00u;
	if (dmask == 0xff000000u && (i & 0x00ffffffu) == 0)
		vw__sb_printf(sb, "%u", i >> 24);
	else if (dmask != 0xffffff00u && (i & 0x0000ffffu) == 0)
		vw__sb_printf(sb, "%u.%u", i >> 24, (i >> 16) & 0xff);
	else if ((i & 0x000000ffu) == 0)
		vw__sb_printf(sb, "%u.%u.%u", i >> 24, (i >> 16) & 0xff,
		    (i >> 8) & 0xff);
	else
		quad(sb, i);
	domask(sb, os, mask, dmask);
}

int
vw_fmt_netname4(int os, uint32_t addr, uint32_t mask, char *buf, size_t len)
{
	struct vw__sb sb;

	vw__sb_init(&sb, buf, len);
	netname4(&sb, os, addr, mask);
	return vw__sb_done(&sb);
}

static void
put_ip(struct vw__sb *sb, const struct vw_ip *ip, const struct vw_names *n)
{
	char tmp[VW_IP_STRLEN + VW_IFNAMSIZ];

	if (vw_fmt_ip_scoped(ip, n, tmp, sizeof(tmp)) < 0)
		vw__sb_puts(sb, "?");
	else
		vw__sb_puts(sb, tmp);
}

int
vw_fmt_netstat_dst(int os, const struct vw_route *r, const struct vw_names *n,
    char *buf, size_t len)
{
	struct vw__sb sb;
	int host = (r->flags & F_HOST) != 0;

	vw__sb_init(&sb, buf, len);
	if (r->dst.family == VW_AF_INET) {
		uint32_t a = ip4_host(&r->dst);

		/*
		 * macOS p_sockaddr(): a zero address whose mask is zero or
		 * absent is "default", even for RTF_HOST (the mask union is
		 * zero-filled when RTA_NETMASK is missing).
		 */
		if (os != VW_OS_FREEBSD && a == 0 && (r->plen == 0 || host))
			vw__sb_puts(&sb, "default");
		else if (host)
			quad(&sb, a);
		else
			netname4(&sb, os, a, plen_mask4(r->plen));
	} else if (r->dst.family == VW_AF_INET6) {
		/* netname6(): numeric with %scope, "/plen"; "default" for ::/0. */
		if (host)
			put_ip(&sb, &r->dst, n);
		else if (r->plen == 0 && vw_ip_is_zero(&r->dst))
			vw__sb_puts(&sb, "default");
		else {
			put_ip(&sb, &r->dst, n);
			vw__sb_printf(&sb, "/%u", (unsigned)r->plen);
		}
	} else
		vw__sb_puts(&sb, "?");
	return vw__sb_done(&sb);
}

int
vw_fmt_netstat_linkgw(int os, const struct vw_linkgw *g, char *buf, size_t len)
{
	struct vw__sb sb;
	char tmp[VW_LL_STRLEN];
	size_t nlen = strnlen(g->name, sizeof(g->name));
	unsigned alen = g->ll.len > VW_LLADDR_MAX ? VW_LLADDR_MAX : g->ll.len;

	vw__sb_init(&sb, buf, len);
	if (nlen == 0 && alen == 0 && g->sdl_slen == 0) {
		vw__sb_printf(&sb, "link#%u", (unsigned)g->sdl_index);
		return vw__sb_done(&sb);
	}
	if (os == VW_OS_FREEBSD) {
		/* libc getnameinfo_link(): the name alone, else hexname(). */
		if (nlen > 0 && alen == 0)
			vw__sb_printf(&sb, "%.*s", (int)nlen, g->name);
		else if (vw_ll_canon(&g->ll, tmp, sizeof(tmp)) >= 0)
			vw__sb_puts(&sb, tmp);
		return vw__sb_done(&sb);
	}
	/*
	 * macOS: only sdl_type picks the form (reference §5.4).  IFT_ETHER
	 * prints the MAC bytes "%x" joined by ':' and ignores any name.
	 */
	if (g->sdl_type == IFT_ETHER_) {
		if (vw_ll_colon_nopad(&g->ll, tmp, sizeof(tmp)) >= 0)
			vw__sb_puts(&sb, tmp);
		return vw__sb_done(&sb);
	}
	/* link_ntoa(3) gives up (returns "") past its 64-byte buffer. */
	if (nlen + 3 * (size_t)alen >= 64)
		return vw__sb_done(&sb);
	vw__sb_printf(&sb, "%.*s", (int)nlen, g->name);
	if (nlen > 0 && alen > 0)
		vw__sb_puts(&sb, ":");
	if (alen > 0 && vw_ll_dots(&g->ll, tmp, sizeof(tmp)) >= 0)
		vw__sb_puts(&sb, tmp);
	return vw__sb_done(&sb);
}

int
vw_fmt_netstat_gw(int os, const struct vw_route *r, const struct vw_names *n,
    char *buf, size_t len)
{
	struct vw__sb sb;

	switch (r->gwkind) {
	case VW_GW_IP:
		vw__sb_init(&sb, buf, len);
		put_ip(&sb, &r->gw, n);
		return vw__sb_done(&sb);
	case VW_GW_LINK:
		return vw_fmt_netstat_linkgw(os, &r->lgw, buf, len);
	default:
		/* FreeBSD fmt_sockaddr() prints a missing sockaddr as "null". */
		return snprintf(buf, len, "null");
	}
}

int
vw_fmt_lladdr_os(int os, unsigned sdl_type, const struct vw_lladdr *ll,
    char *buf, size_t len)
{
	if (os == VW_OS_DARWIN) {
		if (sdl_type == IFT_ETHER_)
			return vw_ll_colon_nopad(ll, buf, len);
		return vw_ll_dots(ll, buf, len);
	}
	return vw_ll_canon(ll, buf, len);
}

int
vw_netstat_hidden(const struct vw_route *r, const struct vw_netstat_opts *o)
{
	/* macOS np_rtentry(): protocol-cloned entries need -a (§5.1). */
	if (o->all || o->os == VW_OS_FREEBSD)
		return 0;
	return (r->flags & F_WASCLONED) && (r->parentflags & F_PRCLONING);
}

int
vw_fmt_netstat_header(int os, int family, char *buf, size_t len)
{
	int v6 = family == VW_AF_INET6;

	if (os == VW_OS_FREEBSD) {
		int wd = v6 ? FBSD_WDST6 : FBSD_WDST4;
		int wg = v6 ? FBSD_WGW6 : FBSD_WGW4;

		return snprintf(buf, len, "%-*.*s %-*.*s %-*.*s %*.*s %*s",
		    wd, wd, "Destination", wg, wg, "Gateway",
		    FBSD_WFLAGS, FBSD_WFLAGS, "Flags", FBSD_WIF, FBSD_WIF,
		    "Netif", W_EXPIRE, "Expire");
	}
	{
		int w = v6 ? DARWIN_W6 : DARWIN_W4;

		return snprintf(buf, len, "%-*.*s %-*.*s %-*.*s %*.*s %*s",
		    w, w, "Destination", w, w, "Gateway",
		    DARWIN_WFLAGS, DARWIN_WFLAGS, "Flags", DARWIN_WIF,
		    DARWIN_WIF, "Netif", W_EXPIRE, "Expire");
	}
}

static void
put_netif(struct vw__sb *sb, const struct vw_route *r,
    const struct vw_netstat_opts *o, int width)
{
	const char *name = vw_names_get(o->names, r->ifindex);
	char tmp[24];

	if (name == NULL) {
		snprintf(tmp, sizeof(tmp), "#%u", (unsigned)r->ifindex);
		name = tmp;
	}
	vw__sb_printf(sb, "%*.*s", width, width, name);
}

static void
put_canon(struct vw__sb *sb, const struct vw_route *r,
    const struct vw_netstat_opts *o)
{
	char tmp[VW_LL_STRLEN];

	if (!o->canon_mac || r->gwkind != VW_GW_LINK || r->lgw.ll.len == 0)
		return;
	if (vw_ll_canon(&r->lgw.ll, tmp, sizeof(tmp)) >= 0)
		vw__sb_printf(sb, "  [%s]", tmp);
}

static void
row_darwin(struct vw__sb *sb, const struct vw_route *r,
    const struct vw_netstat_opts *o, const char *dst, const char *gw,
    const char *flags)
{
	int w = r->dst.family == VW_AF_INET6 ? DARWIN_W6 : DARWIN_W4;

	vw__sb_printf(sb, "%-*s %-*s %-*.*s ", w, dst, w, gw,
	    DARWIN_WFLAGS, DARWIN_WFLAGS, flags);
	put_netif(sb, r, o, DARWIN_WIF);
	/* §5.5: blank when 0, countdown while in the future, else "!". */
	if (r->expire == 0)
		vw__sb_printf(sb, " %*s", W_EXPIRE, "");
	else if (expire_left(r->expire, o->now) > 0)
		vw__sb_printf(sb, " %*lld", W_EXPIRE,
		    (long long)expire_left(r->expire, o->now));
	else
		vw__sb_printf(sb, " %*s", W_EXPIRE, "!");
}

static void
row_freebsd(struct vw__sb *sb, const struct vw_route *r,
    const struct vw_netstat_opts *o, const char *dst, const char *gw,
    const char *flags)
{
	int v6 = r->dst.family == VW_AF_INET6;
	int wd = v6 ? FBSD_WDST6 : FBSD_WDST4;
	int wg = v6 ? FBSD_WGW6 : FBSD_WGW4;
	int prot, width;

	/*
	 * FreeBSD p_sockaddr() with -n: a string wider than its column
	 * "protrudes", and the next column is narrowed by as much, so the
	 * columns after it realign (real output: freebsd-004.txt).
	 */
	vw__sb_printf(sb, "%-*s ", wd, dst);
	prot = (int)strlen(dst) - wd;
	if (prot < 0)
		prot = 0;
	width = wg - prot;
	if (width < 0) {
		vw__sb_printf(sb, "%s ", gw);
		prot = 0;
	} else {
		vw__sb_printf(sb, "%-*s ", width, gw);
		prot = (int)strlen(gw) - width;
		if (prot < 0)
			prot = 0;
	}
	width = FBSD_WFLAGS - prot;
	vw__sb_printf(sb, "%-*s ", width < 0 ? 0 : width, flags);
	put_netif(sb, r, o, FBSD_WIF);
	if (r->expire != 0 && expire_left(r->expire, o->now) > 0)
		vw__sb_printf(sb, " %*lld", W_EXPIRE,
		    (long long)expire_left(r->expire, o->now));
}

int
vw_fmt_netstat_row(const struct vw_route *r, const struct vw_netstat_opts *o,
    char *buf, size_t len)
{
	char dst[VW_IP_STRLEN + VW_IFNAMSIZ + 8];
	char gw[VW_IP_STRLEN + VW_IFNAMSIZ + 8];
	char flags[40];
	struct vw__sb sb;

	vw_fmt_netstat_dst(o->os, r, o->names, dst, sizeof(dst));
	vw_fmt_netstat_gw(o->os, r, o->names, gw, sizeof(gw));
	vw_fmt_netstat_flags(o->os, r->flags, flags, sizeof(flags));
	vw__sb_init(&sb, buf, len);
	if (o->os == VW_OS_FREEBSD)
		row_freebsd(&sb, r, o, dst, gw, flags);
	else
		row_darwin(&sb, r, o, dst, gw, flags);
	put_canon(&sb, r, o);
	return vw__sb_done(&sb);
}

static int
section(FILE *fp, const struct vw_table *t, const struct vw_netstat_opts *o,
    int family)
{
	const struct vw_route **rt = NULL;
	char line[VW_NETSTAT_ROWMAX];
	long n, i;
	int rows = 0;

	if ((n = vw_table_routes(t, family, &rt)) < 0)
		return (int)n;
	for (i = 0; i < n; i++) {
		if (rt[i]->dst.family != family || vw_netstat_hidden(rt[i], o))
			continue;
		if (rows == 0) {
			vw_fmt_netstat_header(o->os, family, line,
			    sizeof(line));
			fprintf(fp, "\n%s:\n%s\n",
			    family == VW_AF_INET6 ? "Internet6" : "Internet",
			    line);
		}
		/* A cut row (cannot happen at ROWMAX) is still printed. */
		vw_fmt_netstat_row(rt[i], o, line, sizeof(line));
		fprintf(fp, "%s\n", line);
		rows++;
	}
	free(rt);
	return rows;
}

int
vw_fmt_netstat(FILE *fp, const struct vw_table *t,
    const struct vw_netstat_opts *o)
{
	static const int fams[] = { VW_AF_INET, VW_AF_INET6 };
	struct vw_netstat_opts oo = *o;
	struct vw_names tn;
	size_t i;
	int rc, rows = 0;

	if (oo.names == NULL) {
		vw_names_table(&tn, t);
		oo.names = &tn;
	}
	fputs("Routing tables\n", fp);
	for (i = 0; i < NITEMS(fams); i++) {
		if (o->family != 0 && o->family != fams[i])
			continue;
		if ((rc = section(fp, t, &oo, fams[i])) < 0)
			return rc;
		rows += rc;
	}
	return ferror(fp) ? VW_EIO : rows;
}

/* arp(8)'s type tag after the entry ([ethernet], [bridge] ...). */
static const char *
arp_tag(int os, unsigned sdl_type)
{
	switch (sdl_type) {
	case IFT_ETHER_:	return "ethernet";
	case IFT_FDDI_:		return "fddi";
	case IFT_ATM_:		return "atm";
	case IFT_L2VLAN_:	return "vlan";
	case IFT_IEEE1394_:	return "firewire";
	case IFT_BRIDGE_:	return os == VW_OS_DARWIN ? "bridge" : NULL;
	case IFT_INFINIBAND_:	return os == VW_OS_FREEBSD ? "infiniband" : NULL;
	default:		return NULL;
	}
}

int
vw_fmt_arp_line(const struct vw_neigh *nb, const struct vw_netstat_opts *o,
    char *buf, size_t len)
{
	char tmp[VW_LL_STRLEN];
	const char *name, *tag;
	struct vw__sb sb;
	int rc;

	vw__sb_init(&sb, buf, len);
	vw__sb_puts(&sb, "? (");
	put_ip(&sb, &nb->addr, o->names);
	vw__sb_puts(&sb, ") at ");
	if (nb->ll.len == 0)
		vw__sb_puts(&sb, "(incomplete)");
	else {
		if (o->os == VW_OS_FREEBSD) {
			/* ether_ntoa() for 6-byte Ethernet-like, else link_ntoa. */
			if (nb->ll.len == 6 && (nb->sdl_type == IFT_ETHER_ ||
			    nb->sdl_type == IFT_L2VLAN_ ||
			    nb->sdl_type == IFT_BRIDGE_))
				rc = vw_ll_canon(&nb->ll, tmp, sizeof(tmp));
			else
				rc = vw_ll_dots(&nb->ll, tmp, sizeof(tmp));
		} else {
			/* macOS arp print_lladdr(): "%x" joined by ':' always. */
			rc = vw_ll_colon_nopad(&nb->ll, tmp, sizeof(tmp));
		}
		vw__sb_puts(&sb, rc >= 0 ? tmp : "?");
	}
	if ((name = vw_names_get(o->names, nb->ifindex)) != NULL)
		vw__sb_printf(&sb, " on %s", name);
	else
		vw__sb_printf(&sb, " on #%u", (unsigned)nb->ifindex);
	if (o->os == VW_OS_FREEBSD) {
		if (nb->expire == 0)
			vw__sb_puts(&sb, " permanent");
		else if (expire_left(nb->expire, o->now) > 0)
			vw__sb_printf(&sb, " expires in %lld seconds",
			    (long long)expire_left(nb->expire, o->now));
		else
			vw__sb_puts(&sb, " expired");
		if (nb->flags & F_PROTO2)	/* RTF_ANNOUNCE */
			vw__sb_puts(&sb, " published");
	} else {
		if (nb->flags & F_IFSCOPE)
			vw__sb_puts(&sb, " ifscope");
		if (nb->expire == 0)
			vw__sb_puts(&sb, " permanent");
		if (nb->nflags & VW_NF_PROXY)
			vw__sb_puts(&sb, " published");
	}
	if ((tag = arp_tag(o->os, nb->sdl_type)) != NULL)
		vw__sb_printf(&sb, " [%s]", tag);
	return vw__sb_done(&sb);
}

int
vw_fmt_arp(FILE *fp, const struct vw_table *t, const struct vw_netstat_opts *o)
{
	const struct vw_neigh **nb = NULL;
	struct vw_netstat_opts oo = *o;
	char line[VW_NETSTAT_ROWMAX];
	struct vw_names tn;
	long n, i;
	int rows = 0;

	if (oo.names == NULL) {
		vw_names_table(&tn, t);
		oo.names = &tn;
	}
	if ((n = vw_table_neighs(t, VW_AF_INET, &nb)) < 0)
		return (int)n;
	for (i = 0; i < n; i++) {
		if (nb[i]->addr.family != VW_AF_INET)
			continue;
		vw_fmt_arp_line(nb[i], &oo, line, sizeof(line));
		fprintf(fp, "%s\n", line);
		rows++;
	}
	free(nb);
	return ferror(fp) ? VW_EIO : rows;
}
