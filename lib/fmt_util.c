/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <string.h>

#include "fmt_util.h"
#include "vw_error.h"
#include "vw_table.h"

const char *
vw_names_get(const struct vw_names *n, uint32_t index)
{
	const char *s;

	if (n == NULL || n->name_cb == NULL)
		return NULL;
	s = n->name_cb(index, n->arg);
	if (s == NULL || *s == '\0')
		return NULL;
	return s;
}

static const char *
table_name_cb(uint32_t index, void *arg)
{
	const struct vw_link *l;

	l = vw_table_link((const struct vw_table *)arg, index);
	return l != NULL ? l->name : NULL;
}

void
vw_names_table(struct vw_names *n, const struct vw_table *t)
{
	n->name_cb = t != NULL ? table_name_cb : NULL;
	/* The callback only reads; the cast drops const for the void *arg. */
	n->arg = (void *)(uintptr_t)t;
}

int
vw_fmt_ip_plain(const struct vw_ip *ip, char *buf, size_t len)
{
	struct vw_ip tmp = *ip;

	tmp.scope = 0;
	return vw_ip_str(&tmp, buf, len);
}

int
vw_fmt_ip_scoped(const struct vw_ip *ip, const struct vw_names *n,
    char *buf, size_t len)
{
	char tmp[VW_IP_STRLEN];
	const char *name;
	int rc;

	if ((rc = vw_fmt_ip_plain(ip, tmp, sizeof(tmp))) < 0) {
		if (len > 0)
			buf[0] = '\0';
		return rc;
	}
	if (ip->family != VW_AF_INET6 || ip->scope == 0)
		return snprintf(buf, len, "%s", tmp);
	if ((name = vw_names_get(n, ip->scope)) != NULL)
		return snprintf(buf, len, "%s%%%s", tmp, name);
	return snprintf(buf, len, "%s%%%u", tmp, (unsigned)ip->scope);
}

void
vw__sb_init(struct vw__sb *sb, char *buf, size_t len)
{
	sb->buf = buf;
	sb->len = len;
	sb->off = 0;
	sb->err = len == 0;
	if (len > 0)
		buf[0] = '\0';
}

void
vw__sb_vprintf(struct vw__sb *sb, const char *fmt, va_list ap)
{
	int n;

	if (sb->len == 0 || sb->off >= sb->len - 1) {
		sb->err = 1;
		return;
	}
	n = vsnprintf(sb->buf + sb->off, sb->len - sb->off, fmt, ap);
	if (n < 0) {
		sb->err = 1;
		sb->buf[sb->off] = '\0';
		return;
	}
	if ((size_t)n >= sb->len - sb->off) {
		/* vsnprintf left a cut, NUL-terminated string. */
		sb->err = 1;
		sb->off = sb->len - 1;
		return;
	}
	sb->off += (size_t)n;
}

void
vw__sb_printf(struct vw__sb *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vw__sb_vprintf(sb, fmt, ap);
	va_end(ap);
}

void
vw__sb_puts(struct vw__sb *sb, const char *s)
{
	vw__sb_printf(sb, "%s", s);
}

void
vw__sb_rtrim(struct vw__sb *sb)
{
	while (sb->off > 0 && sb->buf[sb->off - 1] == ' ')
		sb->buf[--sb->off] = '\0';
}

int
vw__sb_done(const struct vw__sb *sb)
{
	return sb->err ? VW_ENOSPC : (int)sb->off;
}
