/* SPDX-License-Identifier: ISC */
/*
 * vw_addr.c - IP and link-layer address helpers.
 *
 * inet_pton/inet_ntop are pure functions in every libc we build on, so lib/
 * may use them; scope ids are handled here rather than through
 * getnameinfo(), which would need interface names (a system call).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vw_addr.h"
#include "vw_error.h"

int
vw_ip_bytes(int family)
{
	switch (family) {
	case VW_AF_INET:	return 4;
	case VW_AF_INET6:	return 16;
	default:		return 0;
	}
}

int
vw_ip_parse(const char *s, struct vw_ip *ip)
{
	char buf[VW_IP_STRLEN], *pct, *end;
	unsigned long scope = 0;
	size_t n;

	memset(ip, 0, sizeof(*ip));
	if (s == NULL || (n = strlen(s)) == 0 || n >= sizeof(buf))
		return VW_EINVAL;
	memcpy(buf, s, n + 1);
	if ((pct = strchr(buf, '%')) != NULL) {
		*pct++ = '\0';
		if (*pct == '\0' || !isdigit((unsigned char)*pct))
			return VW_EINVAL;
		scope = strtoul(pct, &end, 10);
		if (*end != '\0' || scope > UINT32_MAX)
			return VW_EINVAL;
	}
	if (inet_pton(AF_INET, buf, ip->a) == 1 && pct == NULL) {
		ip->family = VW_AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, buf, ip->a) == 1) {
		ip->family = VW_AF_INET6;
		ip->scope = (uint32_t)scope;
		return 0;
	}
	memset(ip, 0, sizeof(*ip));
	return VW_EINVAL;
}

int
vw_ip_str(const struct vw_ip *ip, char *buf, size_t len)
{
	char tmp[INET6_ADDRSTRLEN];

	switch (ip->family) {
	case VW_AF_INET:
		if (inet_ntop(AF_INET, ip->a, tmp, sizeof(tmp)) == NULL)
			return VW_EINVAL;
		return snprintf(buf, len, "%s", tmp);
	case VW_AF_INET6:
		if (inet_ntop(AF_INET6, ip->a, tmp, sizeof(tmp)) == NULL)
			return VW_EINVAL;
		if (ip->scope != 0)
			return snprintf(buf, len, "%s%%%u", tmp,
			    (unsigned)ip->scope);
		return snprintf(buf, len, "%s", tmp);
	default:
		if (len > 0)
			buf[0] = '\0';
		return VW_EINVAL;
	}
}

void
vw_ip_mask(struct vw_ip *ip, unsigned plen)
{
	unsigned nbytes = (unsigned)vw_ip_bytes(ip->family), i;

	if (plen >= nbytes * 8)
		return;
	i = plen / 8;
	if (plen % 8 != 0) {
		ip->a[i] &= (uint8_t)(0xff << (8 - plen % 8));
		i++;
	}
	for (; i < 16; i++)
		ip->a[i] = 0;
}

int
vw_ip_in_prefix(const struct vw_ip *addr, const struct vw_ip *prefix,
    unsigned plen)
{
	unsigned full, rem;

	if (addr->family != prefix->family)
		return 0;
	if (plen > (unsigned)vw_ip_bytes(addr->family) * 8)
		return 0;
	full = plen / 8;
	rem = plen % 8;
	if (memcmp(addr->a, prefix->a, full) != 0)
		return 0;
	if (rem != 0) {
		uint8_t m = (uint8_t)(0xff << (8 - rem));
		if ((addr->a[full] & m) != (prefix->a[full] & m))
			return 0;
	}
	return 1;
}

int
vw_ip_cmp(const struct vw_ip *a, const struct vw_ip *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	if ((c = memcmp(a->a, b->a, 16)) != 0)
		return c;
	if (a->scope != b->scope)
		return a->scope < b->scope ? -1 : 1;
	return 0;
}

int
vw_ip_is_zero(const struct vw_ip *ip)
{
	static const uint8_t zero[16];

	return memcmp(ip->a, zero, 16) == 0;
}

int
vw_mask_plen(const uint8_t *mask, size_t n, unsigned maxbits)
{
	unsigned plen = 0;
	size_t i;
	int seen_zero = 0;

	if (n * 8 > maxbits)
		n = maxbits / 8;
	for (i = 0; i < n; i++) {
		uint8_t b = mask[i];
		int bit;

		for (bit = 7; bit >= 0; bit--) {
			if (b & (1u << bit)) {
				if (seen_zero)
					return -1;
				plen++;
			} else
				seen_zero = 1;
		}
	}
	return (int)plen;
}

static int
ll_join(const struct vw_lladdr *ll, char *buf, size_t len, const char *fmt,
    char sep)
{
	size_t off = 0, i;
	int n;

	if (len == 0)
		return VW_ENOSPC;
	buf[0] = '\0';
	for (i = 0; i < ll->len && i < VW_LLADDR_MAX; i++) {
		if (i > 0) {
			if (off + 1 >= len)
				return VW_ENOSPC;
			buf[off++] = sep;
			buf[off] = '\0';
		}
		n = snprintf(buf + off, len - off, fmt, ll->a[i]);
		if (n < 0 || (size_t)n >= len - off)
			return VW_ENOSPC;
		off += (size_t)n;
	}
	return (int)off;
}

int
vw_ll_canon(const struct vw_lladdr *ll, char *buf, size_t len)
{
	return ll_join(ll, buf, len, "%02x", ':');
}

int
vw_ll_colon_nopad(const struct vw_lladdr *ll, char *buf, size_t len)
{
	return ll_join(ll, buf, len, "%x", ':');
}

int
vw_ll_dots(const struct vw_lladdr *ll, char *buf, size_t len)
{
	return ll_join(ll, buf, len, "%x", '.');
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
vw_ll_parse(const char *s, struct vw_lladdr *ll)
{
	const char *p = s;
	int ndig = 0, cur = 0, v;
	char sep = 0;

	memset(ll, 0, sizeof(*ll));
	if (s == NULL || *s == '\0')
		return VW_EINVAL;
	/* Cisco style "aabb.ccdd.eeff": groups of four digits. */
	if (strlen(s) == 14 && s[4] == '.' && s[9] == '.') {
		for (; *p != '\0'; p++) {
			if (*p == '.')
				continue;
			if ((v = hexval((unsigned char)*p)) < 0)
				return VW_EINVAL;
			cur = cur * 16 + v;
			if (++ndig == 2) {
				ll->a[ll->len++] = (uint8_t)cur;
				cur = ndig = 0;
			}
		}
		return ll->len == 6 ? 0 : VW_EINVAL;
	}
	for (;; p++) {
		if (*p == ':' || *p == '.' || *p == '-' || *p == '\0') {
			if (ndig == 0 || ll->len >= VW_LLADDR_MAX)
				goto bad;
			if (*p != '\0') {
				if (sep == 0)
					sep = *p;
				else if (sep != *p)
					goto bad;
			}
			ll->a[ll->len++] = (uint8_t)cur;
			cur = ndig = 0;
			if (*p == '\0')
				break;
			continue;
		}
		if ((v = hexval((unsigned char)*p)) < 0 || ndig == 2)
			goto bad;
		cur = cur * 16 + v;
		ndig++;
	}
	return 0;
bad:
	memset(ll, 0, sizeof(*ll));
	return VW_EINVAL;
}

int
vw_ip_same(const struct vw_ip *a, const struct vw_ip *b)
{
	int n = vw_ip_bytes(a->family);

	if (a->family != b->family || n <= 0)
		return 0;
	if (a->scope != 0 && b->scope != 0 && a->scope != b->scope)
		return 0;
	return memcmp(a->a, b->a, (size_t)n) == 0;
}
