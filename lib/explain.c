/* SPDX-License-Identifier: ISC */
/*
 * explain.c - the driver of vw_explain_parse(): split the text into lines,
 * normalise each one (quote prefixes, HTML cells, spacing), hand it to the
 * first parser that recognises it, decide which OS printed the text, then
 * interpret every entry and derive the findings.
 *
 * Parsers are tried from the most specific shape to the least: a line
 * that two of them could take (a `route get` metrics row looks like
 * numbers, a prompt can contain "route") goes to the one whose shape is
 * unambiguous.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_int.h"
#include "vw_error.h"
#include "vw_event.h"

/* ---- line preparation ---------------------------------------------------- */

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t';
}

/*
 * HTML a user wrapped around a table (<table><tr><td>...): a tag among
 * these is replaced by blanks, so "<td>default</td>" reads as "default".
 * Returns the tag's length at s, or 0.
 */
static size_t
html_tag(const char *s)
{
	static const char *const tags[] = {
		"td", "/td", "tr", "/tr", "th", "/th", "table", "/table",
		"pre", "/pre", "code", "/code", "tbody", "/tbody",
	};
	size_t i, n;

	if (s[0] != '<')
		return 0;
	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++) {
		n = strlen(tags[i]);
		if (strncasecmp(s + 1, tags[i], n) == 0 && s[1 + n] == '>')
			return n + 2;
	}
	return 0;
}

void
vw__x_line_prepare(struct vw__xline *l, const char *raw, size_t len)
{
	size_t i, o = 0, n, start, end;
	char *p;

	memset(l, 0, sizeof(*l));
	n = len < VW__X_LINEMAX - 1 ? len : VW__X_LINEMAX - 1;
	l->cut = len > n;
	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)raw[i];
		size_t t;

		if (ch == '<' && (t = html_tag(raw + i)) > 0 && i + t <= n) {
			memset(l->norm + o, ' ', t);
			o += t;
			i += t - 1;
			l->html = 1;
			continue;
		}
		l->norm[o++] = (ch < 0x20 || ch == 0x7f) ? ' ' : (char)ch;
	}
	l->norm[o] = '\0';
	/* Trim, then drop markdown quote markers ("> " before every line). */
	start = 0;
	end = o;
	while (end > 0 && is_space(l->norm[end - 1]))
		end--;
	for (;;) {
		while (start < end && is_space(l->norm[start]))
			start++;
		if (start < end && l->norm[start] == '>' &&
		    (start + 1 == end || is_space(l->norm[start + 1]))) {
			start++;
			l->quoted = 1;
			continue;
		}
		break;
	}
	memmove(l->norm, l->norm + start, end - start);
	l->norm[end - start] = '\0';
	memcpy(l->buf, l->norm, end - start + 1);
	for (p = l->buf; *p != '\0' && l->ntok < VW__X_MAXTOK;) {
		while (is_space(*p))
			*p++ = '\0';
		if (*p == '\0')
			break;
		l->tok[l->ntok++] = p;
		while (*p != '\0' && !is_space(*p))
			p++;
	}
}

/* ---- small line kinds the driver recognises itself ----------------------- */

static int
line_markup(const struct vw__xline *l, struct vw_xentry *e)
{
	if (l->ntok == 0) {
		/* Only tags or quote markers: the table's wrapping. */
		snprintf(e->what, sizeof(e->what), "markup around the pasted "
		    "table (HTML tags or quote markers), no routing data");
	} else if (strncmp(l->tok[0], "```", 3) == 0 ||
	    strncmp(l->tok[0], "~~~", 3) == 0) {
		snprintf(e->what, sizeof(e->what), "markdown code fence "
		    "around the pasted output, no routing data");
	} else
		return 0;
	e->kind = VW_XK_MARKUP;
	return 1;
}

static int
line_elision(const struct vw__xline *l, struct vw_xentry *e)
{
	const char *s = l->norm;

	if (l->ntok != 1)
		return 0;
	if (strcmp(s, "\xe2\x80\xa6") != 0 &&	/* U+2026 "…" */
	    (strlen(s) < 2 || strspn(s, ".") != strlen(s)))
		return 0;
	e->kind = VW_XK_ELISION;
	snprintf(e->what, sizeof(e->what), "elision: the author left lines "
	    "out here, so the table is not complete");
	return 1;
}

static int
line_comment(const struct vw__xline *l, struct vw_xentry *e)
{
	if (l->tok[0][0] != '#')
		return 0;
	e->kind = VW_XK_COMMENT;
	snprintf(e->what, sizeof(e->what), "a comment line (shell prompt "
	    "decoration or the author's note), no routing data");
	return 1;
}

/* ---- OS detection ----------------------------------------------------------- */

struct det {
	int	 score[4];
	char	 why[4][96];
	int	 n[4];
};

static void
det_add(struct det *d, int os, int w, const char *fmt, ...)
{
	va_list ap;

	if (d->n[os]++ == 0) {
		va_start(ap, fmt);
		vsnprintf(d->why[os], sizeof(d->why[os]), fmt, ap);
		va_end(ap);
	}
	d->score[os] += w;
}

static int
count_char(const char *s, char ch)
{
	int n = 0;

	for (; *s != '\0'; s++)
		n += *s == ch;
	return n;
}

/* A dotted IPv4 destination with fewer than four numbers ("192.168.64"). */
static int
classful_abbrev(const char *d)
{
	size_t n = strcspn(d, "/&");
	size_t k;

	if (n == 0 || d[0] < '0' || d[0] > '9')
		return 0;
	for (k = 0; k < n; k++)
		if (!(d[k] == '.' || (d[k] >= '0' && d[k] <= '9')))
			return 0;
	return count_char(d, '.') < 3 && strcmp(d, "0") != 0;
}

/* "10.0.2.0/24": a full quad ending in .0 that macOS would abbreviate. */
static int
full_quad_net(const char *d)
{
	const char *slash = strchr(d, '/');
	size_t n;

	if (slash == NULL || count_char(d, '.') != 3 || strchr(d, ':'))
		return 0;
	n = (size_t)(slash - d);
	return n >= 2 && d[n - 1] == '0' && d[n - 2] == '.' &&
	    atoi(slash + 1) <= 24;
}

static void
det_entry(struct det *d, const struct vw_xentry *e)
{
	switch (e->format) {
	case VW_XF_IPROUTE:
	case VW_XF_IPNEIGH:
		det_add(d, VW_OS_LINUX, 3, "iproute2 lines (ip route / ip "
		    "neigh)");
		return;
	case VW_XF_ROUTE_N:
		det_add(d, VW_OS_LINUX, 3, "net-tools route -n rows (Genmask "
		    "column)");
		return;
	case VW_XF_ARP:
		if (strstr(e->text, " ifscope") || strstr(e->text, "[bridge]"))
			det_add(d, VW_OS_DARWIN, 2, "arp -an lines with "
			    "\"ifscope\" (macOS)");
		else if (strstr(e->text, "expires in") ||
		    strstr(e->text, " expired"))
			det_add(d, VW_OS_FREEBSD, 2, "arp -an lines with "
			    "\"expires in\" (FreeBSD)");
		return;
	case VW_XF_NETSTAT:
		break;
	default:
		return;
	}
	if (e->flags[strcspn(e->flags, "mCWcIiYrg")] != '\0')
		det_add(d, VW_OS_DARWIN, 2, "flag letters only macOS prints "
		    "(%s)", e->flags);
	if (classful_abbrev(e->dest))
		det_add(d, VW_OS_DARWIN, 2, "classful abbreviated destinations "
		    "(%s)", e->dest);
	if (full_quad_net(e->dest))
		det_add(d, VW_OS_FREEBSD, 2, "destinations printed as full "
		    "quads with /len (%s)", e->dest);
	if (count_char(e->gateway, '.') == 5 && strchr(e->gateway, ':') == NULL)
		det_add(d, VW_OS_DARWIN, 2, "MACs written with dots "
		    "(link_ntoa, macOS)");
	if (strncmp(e->gateway, "link#", 5) == 0 && strcmp(e->netif, "lo0") == 0 &&
	    strchr(e->flags, 'S') != NULL && strchr(e->flags, 'H') != NULL)
		det_add(d, VW_OS_FREEBSD, 1, "own addresses as link#N UHS on "
		    "lo0");
}

static void
detect(struct vw_explain *x, const struct vw__xctx *c)
{
	struct det d;
	size_t i;
	int os, best = VW_OS_DARWIN;

	memset(&d, 0, sizeof(d));
	if (c->hdr_freebsd)
		det_add(&d, VW_OS_FREEBSD, 3 * c->hdr_freebsd, "FreeBSD column "
		    "widths in the header (\"Flags     Netif\")");
	for (i = 0; i < x->nentries; i++) {
		const struct vw_xentry *e = &x->entries[i];

		det_entry(&d, e);
		if (e->format == VW_XF_ROUTEGET && (strstr(e->text, "fib:") ||
		    strstr(e->text, "weight")))
			det_add(&d, VW_OS_FREEBSD, 2, "route get prints fib: "
			    "and a weight metric (FreeBSD)");
		if (strstr(e->text, "RTM_IFANNOUNCE") != NULL)
			det_add(&d, VW_OS_FREEBSD, 2, "RTM_IFANNOUNCE messages "
			    "(FreeBSD)");
		if (e->format == VW_XF_MONITOR && (strstr(e->text, "IFSCOPE") ||
		    strstr(e->text, "PRCLONING") || strstr(e->text, "GLOBAL")))
			det_add(&d, VW_OS_DARWIN, 1, "macOS-only RTF names in "
			    "route messages");
		if (e->format == VW_XF_ROUTEGET && (strstr(e->text, "PRCLONING") ||
		    strstr(e->text, "hopcount")))
			det_add(&d, VW_OS_DARWIN, 1, "macOS route get layout");
	}
	for (os = VW_OS_DARWIN; os <= VW_OS_LINUX; os++)
		if (d.score[os] > d.score[best])
			best = os;
	x->os = best;
	if (d.score[best] == 0)
		snprintf(x->os_reason, sizeof(x->os_reason), "nothing tells the "
		    "OS apart; read as macOS");
	else
		snprintf(x->os_reason, sizeof(x->os_reason), "%s%s",
		    d.why[best], d.n[best] > 1 ? ", and more" : "");
}

/* ---- the driver ------------------------------------------------------------- */

static int
line_blank(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!is_space(s[i]) && s[i] != '\r' && s[i] != '\v' &&
		    s[i] != '\f')
			return 0;
	return 1;
}

static void
classify(struct vw__xctx *c, const struct vw__xline *l, struct vw_xentry *e)
{
	int was_addrs = c->addrs_next, was_metrics = c->metrics_next;

	if (line_markup(l, e) || vw__x_title(c, l, e) || vw__x_header(c, l, e) ||
	    line_elision(l, e) || vw__x_route_get(c, l, e) ||
	    vw__x_monitor(c, l, e) || vw__x_arp_line(c, l, e) ||
	    vw__x_ip_neigh(c, l, e) || vw__x_ip_route(c, l, e) ||
	    vw__x_route_n_row(c, l, e) || vw__x_netstat_row(c, l, e) ||
	    vw__x_command(c, l, e) || line_comment(l, e)) {
		/* These announce only the very next line. */
		if (was_addrs)
			c->addrs_next = 0;
		if (was_metrics)
			c->metrics_next = 0;
	} else {
		e->kind = VW_XK_UNRECOGNISED;
		c->addrs_next = c->metrics_next = 0;
	}
	if (l->cut)
		vw__x_note(e, "line longer than %d characters: only the first "
		    "%d were read", VW__X_LINEMAX - 1, VW__X_LINEMAX - 1);
}

static int
add_entry(struct vw_explain *x, size_t *cap)
{
	struct vw_xentry *ne;

	if (x->nentries == *cap) {
		size_t n = *cap == 0 ? 64 : *cap * 2;

		if ((ne = realloc(x->entries, n * sizeof(*ne))) == NULL)
			return VW_ENOMEM;
		x->entries = ne;
		*cap = n;
	}
	memset(&x->entries[x->nentries], 0, sizeof(x->entries[0]));
	x->entries[x->nentries].metric = -1;
	x->nentries++;
	return 0;
}

static int
explain_run(const char *text, size_t len, int os, int daemon,
    struct vw_explain **out)
{
	struct vw_explain *x;
	struct vw__xline *l = NULL;
	struct vw__xctx c;
	size_t i, start, cap = 0;
	unsigned lineno = 0;
	int rc = VW_ENOMEM;

	if (out == NULL || (os != 0 && os != VW_OS_DARWIN &&
	    os != VW_OS_FREEBSD && os != VW_OS_LINUX))
		return VW_EINVAL;
	*out = NULL;
	if (len > VW_EXPLAIN_MAX)
		return VW_ERANGE;
	if (text == NULL)
		len = 0;
	if ((x = calloc(1, sizeof(*x))) == NULL)
		return VW_ENOMEM;
	x->from_daemon = daemon;
	if ((x->buf = malloc(len + 1)) == NULL ||
	    (l = malloc(sizeof(*l))) == NULL)
		goto fail;
	/*
	 * The private copy: lines are NUL-terminated in place; control
	 * bytes (a NUL inside a line included) print as '?'.
	 */
	if (len > 0)
		memcpy(x->buf, text, len);
	x->buf[len] = '\0';
	memset(&c, 0, sizeof(c));
	for (start = 0; start <= len; start = i + 1) {
		size_t n, k;

		for (i = start; i < len && x->buf[i] != '\n'; i++)
			;
		if (i == len && start == len)
			break;
		lineno++;
		n = i - start;
		if (n > 0 && x->buf[start + n - 1] == '\r')
			n--;
		for (k = start; k < start + n; k++)
			if ((unsigned char)x->buf[k] < 0x20 && x->buf[k] != '\t')
				x->buf[k] = '?';
		x->buf[start + n] = '\0';
		if (line_blank(x->buf + start, n))
			continue;
		if (x->nentries == VW_EXPLAIN_MAXLINES) {
			rc = VW_ERANGE;
			goto fail;
		}
		if (add_entry(x, &cap) < 0)
			goto fail;
		vw__x_line_prepare(l, x->buf + start, n);
		x->entries[x->nentries - 1].line = lineno;
		x->entries[x->nentries - 1].text = x->buf + start;
		classify(&c, l, &x->entries[x->nentries - 1]);
	}
	if (os != 0) {
		x->os = os;
		x->os_forced = 1;
		snprintf(x->os_reason, sizeof(x->os_reason), "given by the "
		    "caller");
	} else
		detect(x, &c);
	for (i = 0; i < x->nentries; i++)
		vw__x_interpret(x, &x->entries[i]);
	if ((rc = vw__x_findings(x, &c)) < 0)
		goto fail;
	free(l);
	*out = x;
	return 0;
fail:
	free(l);
	vw_explain_free(x);
	return rc;
}

int
vw_explain_parse(const char *text, size_t len, int os, struct vw_explain **out)
{
	return explain_run(text, len, os, 0, out);
}

int
vw_explain_daemon_routes(const char *text, size_t len, int daemon_os,
    struct vw_explain **out)
{
	return explain_run(text, len, daemon_os, 1, out);
}

void
vw_explain_free(struct vw_explain *x)
{
	size_t i;

	if (x == NULL)
		return;
	for (i = 0; i < x->nfindings; i++)
		free(x->findings[i].lines);
	free(x->findings);
	free(x->entries);
	free(x->buf);
	free(x);
}

int
vw_explain_detect(const char *text, size_t len, char *why, size_t whylen)
{
	struct vw_explain *x;
	int os;

	if (vw_explain_parse(text, len, 0, &x) < 0) {
		if (why != NULL && whylen > 0)
			snprintf(why, whylen, "cannot read the text");
		return VW_OS_DARWIN;
	}
	os = x->os;
	if (why != NULL && whylen > 0)
		snprintf(why, whylen, "%s", x->os_reason);
	vw_explain_free(x);
	return os;
}
