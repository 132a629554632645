/* SPDX-License-Identifier: ISC */
/*
 * fmt_netstat.h - `netstat -rn` and `arp -an` text, byte for byte as macOS
 * (14/15 layout) and FreeBSD (13/14, sysctl path) print them, from the
 * OS-neutral table.  Facts: ../shared/reference/bsd-route-socket.md §2.3,
 * §5 (macOS) and §5.6 (FreeBSD).
 *
 * Layout (macOS):   "Routing tables", "", "Internet:", header, rows,
 *                   "", "Internet6:", header, rows.  A section is printed
 *                   only when it has rows.  Rows end in blanks (the Expire
 *                   column is always printed, blank when 0).
 *   header  "%-18.18s %-18.18s %-10.10s %14.14s %6s" (IPv6: 39/39)
 *   row     dest "%-18s ", gateway "%-18s " (not truncated: -n), flags
 *           "%-10.10s ", netif "%14.14s", expire " %6d" | " %6s" "!" |
 *           " %6s" "".
 * Layout (FreeBSD): same framing; widths dest 18 / gateway 18 (IPv6 33/29),
 *           flags 6, netif "%8.8s", Expire only when > 0; an address wider
 *           than its column shifts the next columns left by the excess
 *           ("protrusion"), as netstat does.
 *
 * Deviations, all documented and deliberate:
 *   - Netif is the table's name for rtm_index; when the table does not know
 *     the interface the column shows "#<index>" (netstat would print a stale
 *     or empty name).
 *   - Routes come in the table's sorted order, which matches the radix walk
 *     for ordinary tables (netstat prints kernel order).
 *   - A destination mask is known only as a prefix length (vw_route.plen),
 *     so the "&0x..." form of a non-contiguous mask can only appear through
 *     vw_fmt_netname4(), which takes the mask itself.
 *   - opts.canon_mac appends "  [aa:bb:cc:dd:ee:ff]" (the canonical MAC) to
 *     rows whose gateway is a link address with a MAC; off by default, so
 *     the default text equals netstat's.
 *
 * Ownership: every function writes into caller memory or a caller FILE;
 * nothing is retained.  Functions return the length written (snprintf
 * rules) or a negative VW_E* code (VW_ENOSPC: the text was cut).
 */
#ifndef FMT_NETSTAT_H
#define FMT_NETSTAT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "fmt_util.h"
#include "vw_event.h"

struct vw_table;

/* A row never needs more (two 64-byte addresses, flags, name, legend). */
#define VW_NETSTAT_ROWMAX	320

struct vw_netstat_opts {
	int		 os;		/* VW_OS_DARWIN or VW_OS_FREEBSD */
	int64_t		 now;		/* wall-clock seconds Expire counts from */
	int		 all;		/* netstat -a: show protocol-cloned rows (macOS) */
	int		 family;	/* 0 both, VW_AF_INET or VW_AF_INET6 */
	int		 canon_mac;	/* append "  [aa:bb:...]" to MAC-gateway rows */
	/* ifindex -> name; NULL: the table's links (or none for a row) */
	const struct vw_names *names;
};

/*
 * The whole `netstat -rn` listing of t (routes of o->family) to fp.
 * Returns the number of rows printed or a negative VW_E* code.
 */
int	vw_fmt_netstat(FILE *fp, const struct vw_table *t,
	    const struct vw_netstat_opts *o);

/* The column header line of a section (no newline). */
int	vw_fmt_netstat_header(int os, int family, char *buf, size_t len);

/* One row (no newline), exactly as netstat prints route r. */
int	vw_fmt_netstat_row(const struct vw_route *r,
	    const struct vw_netstat_opts *o, char *buf, size_t len);

/* 1 if macOS netstat without -a hides r (WASCLONED from a PRCLONING parent). */
int	vw_netstat_hidden(const struct vw_route *r,
	    const struct vw_netstat_opts *o);

/* The Flags column letters of an RTF_* word, in the OS's table order. */
int	vw_fmt_netstat_flags(int os, uint32_t flags, char *buf, size_t len);

/* The Destination and Gateway columns of r (unpadded). */
int	vw_fmt_netstat_dst(int os, const struct vw_route *r,
	    const struct vw_names *n, char *buf, size_t len);
int	vw_fmt_netstat_gw(int os, const struct vw_route *r,
	    const struct vw_names *n, char *buf, size_t len);

/*
 * A sockaddr_dl gateway as netstat prints it: macOS "link#N", "%x" joined by
 * ':' when sdl_type is IFT_ETHER, else link_ntoa ("name:8a.c3.94.a.86.e2",
 * "utun4", ""); FreeBSD "link#N", the name, or "%02x" joined by ':'.
 */
int	vw_fmt_netstat_linkgw(int os, const struct vw_linkgw *g, char *buf,
	    size_t len);

/*
 * An IPv4 network as netstat prints a non-host destination: addr and mask
 * in host byte order.  macOS: classful abbreviation ("192.168.64", "10.9")
 * plus domask ("", "/N", "&0x..." cut to 7 characters as netstat cuts it);
 * FreeBSD: masked dotted quad plus "/N" or "&0x...".  "default" for 0/0.
 */
int	vw_fmt_netname4(int os, uint32_t addr, uint32_t mask, char *buf,
	    size_t len);

/*
 * The OS's own text of a link-layer address (JSON "lladdr_os"): macOS
 * "%x:" when sdl_type is IFT_ETHER, else link_ntoa dots; FreeBSD and Linux
 * "%02x:".  An empty address gives "".
 */
int	vw_fmt_lladdr_os(int os, unsigned sdl_type, const struct vw_lladdr *ll,
	    char *buf, size_t len);

/*
 * `arp -an` for the IPv4 neighbours of t, and one line of it (no newline):
 *   macOS:   "? (192.168.64.2) at 8a:c3:94:a:86:e2 on bridge100 ifscope
 *            [bridge]" (one line)
 *            MAC always "%x:" (arp's print_lladdr), "(incomplete)" without
 *            one, " ifscope" for RTF_IFSCOPE, " permanent" when expire is 0;
 *            macOS arp prints no countdown.
 *   FreeBSD: "? (10.0.2.2) at 52:54:00:12:35:02 on em0 expires in 1189
 *            seconds [ethernet]" (one line)
 *            " permanent" | " expires in N seconds" | " expired".
 * An interface the table does not know prints as "on #<index>".
 */
int	vw_fmt_arp(FILE *fp, const struct vw_table *t,
	    const struct vw_netstat_opts *o);
int	vw_fmt_arp_line(const struct vw_neigh *nb,
	    const struct vw_netstat_opts *o, char *buf, size_t len);

#endif /* FMT_NETSTAT_H */
