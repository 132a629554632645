/* SPDX-License-Identifier: ISC */
/*
 * vw_addr.h - OS-neutral IP and link-layer addresses, and their text forms.
 *
 * Addresses are plain values (no pointers) and are copied freely.  IPv6
 * link-local scope is always kept in `scope` as an interface index, never
 * embedded in the address bytes: the BSD parser undoes KAME embedding.
 *
 * Ownership: every *_str/format function writes into a caller buffer and
 * returns the number of characters written (snprintf rules) or a negative
 * VW_E* code; nothing here allocates.
 */
#ifndef VW_ADDR_H
#define VW_ADDR_H

#include <stddef.h>
#include <stdint.h>

enum vw_family {
	VW_AF_NONE = 0,
	VW_AF_INET = 4,
	VW_AF_INET6 = 6
};

struct vw_ip {
	uint8_t		family;		/* enum vw_family */
	uint8_t		_pad[3];
	uint32_t	scope;		/* IPv6 scope (ifindex), 0 if none */
	uint8_t		a[16];		/* network byte order; IPv4 uses a[0..3] */
};

#define VW_LLADDR_MAX	16

struct vw_lladdr {
	uint8_t		len;		/* 0 = none (incomplete) */
	uint8_t		a[VW_LLADDR_MAX];
};

/* Text buffer sizes that always suffice. */
#define VW_IP_STRLEN	64	/* IPv6 + "%" + 10-digit scope */
#define VW_LL_STRLEN	(VW_LLADDR_MAX * 3 + 1)

/* Bytes of address for a family: 4, 16, or 0. */
int	vw_ip_bytes(int family);
/* Parse "192.0.2.1", "2001:db8::1", "fe80::1%5"; returns 0 or VW_EINVAL. */
int	vw_ip_parse(const char *s, struct vw_ip *ip);
/* Numeric text; IPv6 scope appended as "%<index>" when nonzero. */
int	vw_ip_str(const struct vw_ip *ip, char *buf, size_t len);
/* Zero the bits past plen. */
void	vw_ip_mask(struct vw_ip *ip, unsigned plen);
/* Does `addr` fall inside prefix/plen?  Families must match. */
int	vw_ip_in_prefix(const struct vw_ip *addr, const struct vw_ip *prefix,
	    unsigned plen);
/* memcmp-like ordering: family, then bytes, then scope. */
int	vw_ip_cmp(const struct vw_ip *a, const struct vw_ip *b);
/* Same family and address bytes; the IPv6 scope only when both have one. */
int	vw_ip_same(const struct vw_ip *a, const struct vw_ip *b);
int	vw_ip_is_zero(const struct vw_ip *ip);
/*
 * Prefix length of a mask given as `n` leading bytes (missing bytes are
 * zero, as BSD radix masks are trimmed).  Returns the length, or -1 if the
 * mask is not contiguous.
 */
int	vw_mask_plen(const uint8_t *mask, size_t n, unsigned maxbits);

/* The canonical form every output carries: "aa:bb:cc:dd:ee:ff". */
int	vw_ll_canon(const struct vw_lladdr *ll, char *buf, size_t len);
/* macOS netstat IFT_ETHER form: "%x" joined by ':' ("1:0:5e:0:0:fb"). */
int	vw_ll_colon_nopad(const struct vw_lladdr *ll, char *buf, size_t len);
/* link_ntoa(3) byte form: one or two hex digits joined by '.' ("8a.c3.94.a.86.e2"). */
int	vw_ll_dots(const struct vw_lladdr *ll, char *buf, size_t len);
/* Parse any of the forms above, or "aabb.ccdd.eeff"; returns 0 or VW_EINVAL. */
int	vw_ll_parse(const char *s, struct vw_lladdr *ll);

#endif /* VW_ADDR_H */
