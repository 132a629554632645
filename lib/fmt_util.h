/* SPDX-License-Identifier: ISC */
/*
 * fmt_util.h - what every formatter shares: an interface-name resolver and
 * a bounded string builder.
 *
 * The formatters (fmt_netstat, fmt_ip, fmt_json, fmt_monitor) never ask the
 * system for interface names: a struct vw_names maps an ifindex to a name,
 * usually from the table's links (vw_names_table), in tests from a static
 * array.  A NULL resolver means "no names known".
 *
 * Ownership: vw_names holds borrowed pointers; the table (or whatever `arg`
 * points to) must outlive it.  Names returned by vw_names_get() belong to
 * the resolver's owner and stay valid as long as it does.
 */
#ifndef FMT_UTIL_H
#define FMT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "vw_addr.h"

struct vw_table;

struct vw_names {
	/* Name of interface `index`, or NULL (or "") when unknown. */
	const char	*(*name_cb)(uint32_t index, void *arg);
	void		*arg;
};

/* The name of `index`, or NULL when n is NULL or the name is unknown/empty. */
const char	*vw_names_get(const struct vw_names *n, uint32_t index);
/* A resolver that reads t's links; t must outlive n. */
void		 vw_names_table(struct vw_names *n, const struct vw_table *t);

/*
 * Numeric IP text; an IPv6 scope is appended as "%<name>" when the resolver
 * knows the interface, else "%<index>" (getnameinfo NI_NUMERICHOST style).
 * Returns the length (snprintf rules) or a negative VW_E* code.
 */
int	vw_fmt_ip_scoped(const struct vw_ip *ip, const struct vw_names *n,
	    char *buf, size_t len);
/* Numeric IP text without any scope (iproute2 never prints one). */
int	vw_fmt_ip_plain(const struct vw_ip *ip, char *buf, size_t len);

/*
 * Internal: append-only text into a caller buffer.  On overflow the text is
 * cut (always NUL-terminated) and vw__sb_done() reports VW_ENOSPC.
 */
struct vw__sb {
	char	*buf;
	size_t	 len;
	size_t	 off;
	int	 err;
};

void	vw__sb_init(struct vw__sb *sb, char *buf, size_t len);
void	vw__sb_printf(struct vw__sb *sb, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	vw__sb_vprintf(struct vw__sb *sb, const char *fmt, va_list ap)
	    __attribute__((format(printf, 2, 0)));
void	vw__sb_puts(struct vw__sb *sb, const char *s);
void	vw__sb_rtrim(struct vw__sb *sb);
/* Length written, or VW_ENOSPC if anything was cut. */
int	vw__sb_done(const struct vw__sb *sb);

#endif /* FMT_UTIL_H */
