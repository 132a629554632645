/* SPDX-License-Identifier: ISC */
/*
 * explain.h - `vmwatchctl explain`: read routing-table TEXT as people paste
 * it and say, line by line, what each entry is and what it means for
 * reaching VMs.
 *
 * Inputs understood (any mix, one per line):
 *   - `netstat -rn` from macOS and FreeBSD, inet and inet6, with or without
 *     the Refs/Use/Mtu columns (-l, old releases), with lost alignment;
 *   - `arp -an` (macOS, FreeBSD);
 *   - Linux `ip route`, `ip -6 route`, `ip neigh`, and net-tools `route -n`;
 *   - `route get` fields and `route monitor` / `route -nv` message lines.
 * Around them: shell prompts and command lines, section titles ("Routing
 * tables", "Internet:"), column headers, "..." elisions, markdown fences,
 * "> " quote prefixes, HTML <td> cells, redacted MACs ("xx:xx", "<redacted>",
 * "***").  Columns are taken from the header when one was seen, else from
 * field count and shape.  A line that fits none of these is kept as
 * VW_XK_UNRECOGNISED with its raw text: no non-blank line is ever dropped.
 *
 * Design: vw_explain_parse() splits and parses the lines (explain_netstat.c,
 * explain_ip.c, explain_tools.c), detects the OS, interprets every entry
 * (explain_rules.c: kind, expanded prefix, gateway meaning, canonical MAC,
 * expiry) and derives the table-wide findings (explain_find.c).  Printing
 * is separate (explain_fmt.c): vw_explain_print() for people,
 * vw_explain_json() for programs.
 *
 * Pure: no system calls, no globals; works on the caller's bytes.
 *
 * Ownership: vw_explain_parse() returns a struct vw_explain the caller
 * releases with vw_explain_free(); it holds its own copy of the text, and
 * every pointer inside it (entry text, finding lines) lives as long as it.
 * Strings returned by vw_explain_*_name() and vw_explain_flag() are static.
 */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cjson/cJSON.h>

#include "vw_addr.h"

/*
 * Largest input accepted: bytes, and non-blank lines (each entry takes a
 * few KiB; a table larger than this is no paste).  More is refused with
 * VW_ERANGE rather than explained in part.
 */
#define VW_EXPLAIN_MAX		(16u * 1024 * 1024)
#define VW_EXPLAIN_MAXLINES	20000u

/* What a line is.  Names (vw_explain_kind_name) are the JSON "kind". */
enum vw_xkind {
	VW_XK_UNRECOGNISED = 0,	/* "unrecognised": kept as is */
	VW_XK_COMMAND,		/* "command": shell prompt / command line */
	VW_XK_TITLE,		/* "title": Routing tables, Internet:, ... */
	VW_XK_HEADER,		/* "header": Destination Gateway Flags ... */
	VW_XK_ELISION,		/* "elision": "..." left by the author */
	VW_XK_MARKUP,		/* "markup": ``` fences, bare HTML tags */
	VW_XK_COMMENT,		/* "comment": "# ..." without a command */
	VW_XK_DEFAULT,		/* "default_route": the global default */
	VW_XK_SCOPED_DEFAULT,	/* "scoped_default": macOS IFSCOPE default */
	VW_XK_SPLIT_DEFAULT,	/* "split_default": 0/1, 128.0/1, ::/1 ... */
	VW_XK_CONNECTED,	/* "connected": directly attached network */
	VW_XK_IFACE_ROUTE,	/* "interface_route": bound to an interface by name */
	VW_XK_GATEWAY_ROUTE,	/* "gateway_route": network via a router */
	VW_XK_HOST_ROUTE,	/* "host_route": one address (router, p2p peer) */
	VW_XK_CLONED_ROUTE,	/* "cloned_route": W without L (macOS -a) */
	VW_XK_ARP,		/* "arp_entry": IPv4 neighbour */
	VW_XK_NDP,		/* "ndp_entry": IPv6 neighbour */
	VW_XK_LOCAL,		/* "local_address": this host's own address */
	VW_XK_LOOPBACK,		/* "loopback" */
	VW_XK_MULTICAST,	/* "multicast" */
	VW_XK_BROADCAST,	/* "broadcast" */
	VW_XK_REJECT,		/* "reject": reject / blackhole / unreachable */
	VW_XK_NEXTHOP,		/* "nexthop": one path of a Linux multipath route */
	VW_XK_ROUTE_GET,	/* "route_get": a field of `route get` */
	VW_XK_MONITOR,		/* "monitor": a `route monitor` / `route -v` line */
	VW_XK__MAX
};

/* Which tool printed the line (JSON "format"). */
enum vw_xformat {
	VW_XF_NONE = 0,
	VW_XF_NETSTAT,		/* "netstat" */
	VW_XF_ARP,		/* "arp" (arp -an) */
	VW_XF_IPROUTE,		/* "ip_route" */
	VW_XF_IPNEIGH,		/* "ip_neigh" */
	VW_XF_ROUTE_N,		/* "route_n" (Linux net-tools) */
	VW_XF_ROUTEGET,		/* "route_get" */
	VW_XF_MONITOR		/* "route_monitor" */
};

/* What the Gateway column (or via / lladdr) holds. */
enum vw_xgw {
	VW_XG_NONE = 0,		/* no gateway column / on-link */
	VW_XG_IP,		/* an address: a router, or the own address */
	VW_XG_LINK,		/* link#N: "ARP for the destination itself" */
	VW_XG_MAC,		/* a resolved link-layer address */
	VW_XG_IFNAME,		/* an interface name (route add -interface) */
	VW_XG_NAME,		/* a host name (netstat without -n) */
	VW_XG_REDACTED,		/* hidden by the author: xx, <redacted>, *** */
	VW_XG_UNREADABLE	/* cut by the column width or garbled */
};

/* How a MAC was written (JSON "mac_form"). */
enum vw_xmac {
	VW_XM_NONE = 0,		/* null */
	VW_XM_COLONS,		/* "colons": 1:0:5e:0:0:fb or 52:54:00:12:34:56 */
	VW_XM_DOTS,		/* "dots": link_ntoa, 8a.c3.94.a.86.e2 */
	VW_XM_REDACTED		/* "redacted": xx:xx:..., 0:c:XX:X:XX:XX */
};

enum vw_xexpire {
	VW_XE_NONE = 0,		/* blank: never expires (or not shown) */
	VW_XE_SECONDS,		/* counts down: expire_secs left */
	VW_XE_EXPIRED		/* "!" (macOS), "expired", FAILED ... */
};

enum vw_xsev {
	VW_XS_INFO = 0,
	VW_XS_WARNING = 1
};

#define VW_X_NOTES	6
#define VW_X_NOTELEN	200

/*
 * One non-blank input line and its interpretation.  Column strings are as
 * printed (empty when absent); the rest is derived.
 */
struct vw_xentry {
	unsigned	 line;		/* 1-based line number in the input */
	const char	*text;		/* the raw line, without its newline */
	int		 kind;		/* enum vw_xkind */
	int		 format;	/* enum vw_xformat */
	int		 family;	/* VW_AF_INET, VW_AF_INET6, 0 unknown */

	/* Columns as printed. */
	char		 dest[72];
	char		 gateway[72];
	char		 flags[24];	/* netstat / route -n letters */
	char		 netif[24];	/* Netif, dev, "on IF" */
	char		 expire[24];	/* Expire column / "expires in N" */

	/* The destination as a real prefix ("192.168.64" -> 192.168.64.0/24). */
	int		 have_prefix;
	struct vw_ip	 prefix;	/* masked; scope in prefix_text only */
	unsigned	 plen;
	char		 prefix_text[96];	/* "192.168.64.0/24", "fe80::%en0/64" */

	/* The gateway. */
	int		 gwkind;	/* enum vw_xgw */
	struct vw_ip	 gw;		/* VW_XG_IP */
	unsigned	 link_index;	/* VW_XG_LINK: N of link#N */
	struct vw_lladdr mac;		/* VW_XG_MAC, arp, ip neigh */
	int		 mac_form;	/* enum vw_xmac */
	char		 mac_canon[VW_LL_STRLEN];	/* "" when none */

	/* Expiry. */
	int		 expire_state;	/* enum vw_xexpire */
	long long	 expire_secs;

	/* Linux ip fields ("" / -1 when absent). */
	long long	 metric;
	char		 proto[16];
	char		 scope[16];
	char		 src[48];
	char		 table[16];
	char		 state[24];	/* ip neigh NUD state, arp (incomplete) */
	char		 rtype[16];	/* ip route type: local, broadcast ... */

	/* Interpretation, in plain words. */
	char		 what[320];	/* one line: what this entry is */
	char		 gw_meaning[400];	/* what the Gateway column means */
	char		 expire_text[200];	/* when it expires, and why */
	unsigned	 nnotes;
	char		 notes[VW_X_NOTES][VW_X_NOTELEN];
	unsigned	 bad_flags;	/* flag letters the OS does not print */
};

/* A table-wide observation, derived from the entries. */
struct vw_xfinding {
	const char	*code;		/* "duplicate_connected", ... (static) */
	int		 severity;	/* enum vw_xsev */
	char		 text[600];
	unsigned	*lines;		/* input line numbers, ascending */
	size_t		 nlines;
	size_t		 _cap;		/* private: room in lines */
};

struct vw_explain {
	int		 os;		/* VW_OS_* the flags were read as */
	int		 os_forced;	/* 1: given by the caller, 0: detected */
	char		 os_reason[160];	/* why that OS was picked */
	int		 from_daemon;	/* text came from vmwatchd `routes` */
	struct vw_xentry *entries;	/* non-blank lines, in input order */
	size_t		 nentries;
	struct vw_xfinding *findings;	/* warnings first, then info */
	size_t		 nfindings;
	char		*buf;		/* private: the copy entries point into */
};

/*
 * Explain text[0..len) (any bytes; NULs and invalid UTF-8 are tolerated).
 * os: VW_OS_DARWIN/FREEBSD/LINUX forces how flag letters and destinations
 * are read; 0 detects it (vw_explain_detect).  Returns 0 and *out, or
 * VW_EINVAL (bad os or NULL out), VW_ERANGE (len > VW_EXPLAIN_MAX or
 * more than VW_EXPLAIN_MAXLINES non-blank lines), VW_ENOMEM.  Empty text gives an explanation with no entries.
 */
int	vw_explain_parse(const char *text, size_t len, int os,
	    struct vw_explain **out);

/*
 * The same for the text the daemon returns for `routes` with format
 * "text" (netstat -rn from a macOS/FreeBSD daemon, `ip route` lines from a
 * Linux one).  The table is known to be whole and unfiltered, so findings
 * about what is missing (a bridge without a connected route) are stated
 * as facts, not as "in the text given".  daemon_os as in vw_explain_parse.
 */
int	vw_explain_daemon_routes(const char *text, size_t len, int daemon_os,
	    struct vw_explain **out);

void	vw_explain_free(struct vw_explain *x);

/*
 * Which OS printed text: VW_OS_LINUX for ip/route -n output, VW_OS_FREEBSD
 * or VW_OS_DARWIN for netstat/arp/route text (darwin when nothing tells
 * them apart).  why (may be NULL) gets a short reason.
 */
int	vw_explain_detect(const char *text, size_t len, char *why,
	    size_t whylen);

/* Static names: the JSON "kind", "format", "mac_form", severity. */
const char	*vw_explain_kind_name(int kind);
const char	*vw_explain_format_name(int format);
const char	*vw_explain_mac_form_name(int form);
const char	*vw_explain_severity_name(int sev);

/*
 * What flag `letter` means in the Flags column of `format` (netstat or
 * route -n) as printed by `os`; NULL when that OS's tool never prints it.
 */
const char	*vw_explain_flag(int os, int format, char letter);

/*
 * The same, for one entry of x: a few letters read differently by kind
 * (I on a cloned ARP entry is not I on a network route).
 */
const char	*vw_explain_entry_flag(const struct vw_explain *x,
	    const struct vw_xentry *e, char letter);

/* The finding with this code, or NULL. */
const struct vw_xfinding *vw_explain_finding(const struct vw_explain *x,
	    const char *code);

/*
 * Text for people: every entry as its raw line followed by indented
 * explanation lines, then "Summary:" with the findings.  title (may be
 * NULL) names the input in the first line.  Returns 0 or VW_EIO.
 */
int	vw_explain_print(FILE *fp, const struct vw_explain *x,
	    const char *title);

/*
 * JSON: {"os", "os_detected", "entries": [...], "findings": [...]} (the
 * shape is documented in explain_fmt.c).  NULL on ENOMEM; the caller
 * frees it with cJSON_Delete().
 */
cJSON	*vw_explain_json(const struct vw_explain *x);

#endif /* EXPLAIN_H */
