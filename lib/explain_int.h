/* SPDX-License-Identifier: ISC */
/*
 * explain_int.h - what the explain_*.c files share: one normalised,
 * tokenised input line, the parse state that carries from line to line,
 * the per-format line parsers, and small shape tests.
 *
 * Ownership: a vw__xline owns its scratch copy; tokens point into it and
 * die with it.  The context is a plain value owned by vw_explain_parse().
 */
#ifndef EXPLAIN_INT_H
#define EXPLAIN_INT_H

#include <stddef.h>

#include "explain.h"

#define VW__X_LINEMAX	1024	/* longer lines are cut (a note says so) */
#define VW__X_MAXTOK	64

struct vw__xline {
	char	 buf[VW__X_LINEMAX];	/* normalised copy, tokens NUL-split */
	char	 norm[VW__X_LINEMAX];	/* normalised copy, spaces kept */
	char	*tok[VW__X_MAXTOK];
	int	 ntok;
	int	 cut;			/* the raw line was longer than buf */
	int	 html;			/* <td> cells were taken apart */
	int	 quoted;		/* a "> " quote prefix was removed */
};

/* Parse state that one line leaves for the next ones. */
struct vw__xctx {
	int	 family;		/* from "Internet:" / "Internet6:", 0 */
	/* The last column header seen. */
	int	 hdr_format;		/* VW_XF_NETSTAT, VW_XF_ROUTE_N, 0 */
	int	 hdr_counters;		/* Refs/Use/Mtu/Prio columns before Netif */
	int	 hdr_gw_col;		/* offset of "Gateway" in the header */
	int	 hdr_freebsd;		/* "Flags     Netif": FreeBSD's widths */
	int	 metrics_next;		/* route get: the metrics row is next */
	char	 sockaddrs[8][10];	/* route monitor: "sockaddrs: <...>" */
	int	 nsockaddrs;
	int	 addrs_next;		/* route monitor: the address line is next */
	int	 filtered;		/* a command filtered the output (grep) */
	int	 rg_default;		/* route get: "destination: default" seen */
	int	 rg_metrics;		/* route get: columns in the metrics header */
	int	 cmd_format;		/* format named by the last command line */
};

/* ---- explain.c: line preparation ------------------------------------- */

void	vw__x_line_prepare(struct vw__xline *l, const char *raw, size_t len);

/* ---- parsers: return 1 when the line was theirs (e filled), else 0 ---- */

/* explain_netstat.c */
int	vw__x_title(struct vw__xctx *c, const struct vw__xline *l,
	    struct vw_xentry *e);
int	vw__x_header(struct vw__xctx *c, const struct vw__xline *l,
	    struct vw_xentry *e);
int	vw__x_netstat_row(struct vw__xctx *c, const struct vw__xline *l,
	    struct vw_xentry *e);
int	vw__x_route_n_row(struct vw__xctx *c, const struct vw__xline *l,
	    struct vw_xentry *e);
int	vw__x_arp_line(struct vw__xctx *c, const struct vw__xline *l,
	    struct vw_xentry *e);

/* explain_ip.c */
int	vw__x_ip_neigh(struct vw__xctx *c, const struct vw__xline *l,
	    struct vw_xentry *e);
int	vw__x_ip_route(struct vw__xctx *c, const struct vw__xline *l,
	    struct vw_xentry *e);

/* explain_tools.c: route get, route monitor, prompts, comments */
int	vw__x_route_get(struct vw__xctx *c, const struct vw__xline *l,
	    struct vw_xentry *e);
int	vw__x_monitor(struct vw__xctx *c, const struct vw__xline *l,
	    struct vw_xentry *e);
int	vw__x_command(struct vw__xctx *c, const struct vw__xline *l,
	    struct vw_xentry *e);
/*
 * "<UP,GATEWAY,...>" (route get, route monitor) into netstat letters in
 * e->flags; names without a letter become notes.  iff: interface flags.
 */
void	vw__x_flag_names(struct vw_xentry *e, const char *list, int iff);

/* ---- explain_rules.c: per-entry interpretation ------------------------ */

void	vw__x_interpret(const struct vw_explain *x, struct vw_xentry *e);

/* ---- explain_find.c: table-wide findings ------------------------------ */

int	vw__x_findings(struct vw_explain *x, const struct vw__xctx *c);

/* ---- helpers (explain_rules.c) ---------------------------------------- */

void	vw__x_note(struct vw_xentry *e, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	vw__x_copy(char *dst, size_t len, const char *src);
int	vw__x_is_tunnel(const char *ifname);
int	vw__x_is_bridge(const char *ifname);
int	vw__x_is_ifname(const char *s);
int	vw__x_is_number(const char *s);
/* An IP with an optional "%scope" (name or number) and "/plen". */
int	vw__x_parse_ip(const char *s, struct vw_ip *ip, char *scope,
	    size_t scopelen, int *plen);

#endif /* EXPLAIN_INT_H */
