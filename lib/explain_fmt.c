/* SPDX-License-Identifier: ISC */
/*
 * explain_fmt.c - printing an explanation: text for people, JSON for
 * programs.  Nothing here interprets; it only lays out what
 * explain_rules.c and explain_find.c decided.
 *
 * Text:
 *     12  192.168.64.2       8a.c3.94.a.86.e2   UHLWIi      bridge100   1088
 *         → cloned ARP entry: 192.168.64.2 is at 8a:c3:94:0a:86:e2 on ...
 *           destination  192.168.64.2/32
 *           gateway      8a.c3.94.a.86.e2 is a resolved link-layer ...
 *           flags        U  up: the route can be used
 *                        H  host: ...
 *           ...
 *     Summary:
 *       warning  vpn_covers_vm_subnet (lines 4, 9): ...
 *
 * JSON:
 *   {"os": "darwin", "os_detected": true, "os_reason": "...",
 *    "entries": [{"line": N, "text": raw, "kind": "...", "format": "...",
 *      "family": 4|6|null, "destination": "..."|null, "prefix": "..."|null,
 *      "gateway": "..."|null, "gateway_kind": "...", "gateway_meaning": ...,
 *      "flags": [{"letter": "U", "meaning": "..."}], "interface": ...,
 *      "mac": canonical|null, "mac_form": "dots"|"colons"|"redacted"|null,
 *      "expires": null|seconds|"expired", "expires_text": ...,
 *      "metric", "proto", "scope", "src", "table", "state" (ip only, when
 *      present), "what": "...", "notes": [...]}],
 *    "findings": [{"code", "severity", "text", "lines": [...]}]}
 * Text fields are made valid UTF-8 (a bad byte becomes '?').
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_int.h"
#include "vw_error.h"
#include "vw_event.h"

static const char *const kind_names[VW_XK__MAX] = {
	[VW_XK_UNRECOGNISED] = "unrecognised",
	[VW_XK_COMMAND] = "command",
	[VW_XK_TITLE] = "title",
	[VW_XK_HEADER] = "header",
	[VW_XK_ELISION] = "elision",
	[VW_XK_MARKUP] = "markup",
	[VW_XK_COMMENT] = "comment",
	[VW_XK_DEFAULT] = "default_route",
	[VW_XK_SCOPED_DEFAULT] = "scoped_default",
	[VW_XK_SPLIT_DEFAULT] = "split_default",
	[VW_XK_CONNECTED] = "connected",
	[VW_XK_IFACE_ROUTE] = "interface_route",
	[VW_XK_GATEWAY_ROUTE] = "gateway_route",
	[VW_XK_HOST_ROUTE] = "host_route",
	[VW_XK_CLONED_ROUTE] = "cloned_route",
	[VW_XK_ARP] = "arp_entry",
	[VW_XK_NDP] = "ndp_entry",
	[VW_XK_LOCAL] = "local_address",
	[VW_XK_LOOPBACK] = "loopback",
	[VW_XK_MULTICAST] = "multicast",
	[VW_XK_BROADCAST] = "broadcast",
	[VW_XK_REJECT] = "reject",
	[VW_XK_NEXTHOP] = "nexthop",
	[VW_XK_ROUTE_GET] = "route_get",
	[VW_XK_MONITOR] = "monitor",
};

const char *
vw_explain_kind_name(int kind)
{
	if (kind < 0 || kind >= VW_XK__MAX || kind_names[kind] == NULL)
		return "unrecognised";
	return kind_names[kind];
}

const char *
vw_explain_format_name(int format)
{
	switch (format) {
	case VW_XF_NETSTAT:	return "netstat";
	case VW_XF_ARP:		return "arp";
	case VW_XF_IPROUTE:	return "ip_route";
	case VW_XF_IPNEIGH:	return "ip_neigh";
	case VW_XF_ROUTE_N:	return "route_n";
	case VW_XF_ROUTEGET:	return "route_get";
	case VW_XF_MONITOR:	return "route_monitor";
	default:		return NULL;
	}
}

const char *
vw_explain_mac_form_name(int form)
{
	switch (form) {
	case VW_XM_COLONS:	return "colons";
	case VW_XM_DOTS:	return "dots";
	case VW_XM_REDACTED:	return "redacted";
	default:		return NULL;
	}
}

const char *
vw_explain_severity_name(int sev)
{
	return sev == VW_XS_WARNING ? "warning" : "info";
}

static const char *
gwkind_name(int k)
{
	switch (k) {
	case VW_XG_IP:		return "address";
	case VW_XG_LINK:	return "link";
	case VW_XG_MAC:		return "mac";
	case VW_XG_IFNAME:	return "interface";
	case VW_XG_NAME:	return "name";
	case VW_XG_REDACTED:	return "redacted";
	case VW_XG_UNREADABLE:	return "unreadable";
	default:		return NULL;
	}
}

static const char *
os_label(int os)
{
	switch (os) {
	case VW_OS_DARWIN:	return "macOS";
	case VW_OS_FREEBSD:	return "FreeBSD";
	case VW_OS_LINUX:	return "Linux";
	default:		return "?";
	}
}

/* ---- text ---------------------------------------------------------------------- */

#define WRAP	100
#define IND	9	/* explanation lines start under the arrow */

/*
 * prefix (display width pw) then text wrapped at WRAP columns, the
 * continuation lines indented by cont.  Bytes count as columns past the
 * prefix: a UTF-8 character may make a line a little short, never long.
 */
static void
wrap(FILE *fp, const char *prefix, int pw, int cont, const char *text)
{
	const char *p = text;
	int col = pw;

	fputs(prefix, fp);
	while (*p == ' ')
		p++;
	while (*p != '\0') {
		size_t w = strcspn(p, " ");

		/* The blank before a word is written only if the word fits. */
		if (col > cont && col + 1 + (int)w > WRAP) {
			fprintf(fp, "\n%*s", cont, "");
			col = cont;
		} else if (col > pw) {
			fputc(' ', fp);
			col++;
		}
		fwrite(p, 1, w, fp);
		col += (int)w;
		p += w;
		while (*p == ' ')
			p++;
	}
	fputc('\n', fp);
}

/* "          label        text..." */
static void
wrapped(FILE *fp, int indent, const char *label, const char *text)
{
	char prefix[64];
	int n;

	n = snprintf(prefix, sizeof(prefix), "%*s%-12s ", indent, "", label);
	if (n < 0 || (size_t)n >= sizeof(prefix))
		n = 0;
	wrap(fp, prefix, n, indent + 13, text);
}

static int
route_like(const struct vw_xentry *e)
{
	return e->format == VW_XF_NETSTAT || e->format == VW_XF_ARP ||
	    e->format == VW_XF_IPROUTE || e->format == VW_XF_IPNEIGH ||
	    e->format == VW_XF_ROUTE_N;
}

static void
print_entry(FILE *fp, const struct vw_explain *x, const struct vw_xentry *e)
{
	char buf[160];
	const char *f, *m;
	unsigned i;
	int first = 1;

	fprintf(fp, "%5u  %s\n", e->line, e->text);
	{
		/* The arrow line: kind, then the sentence, wrapped. */
		char what[sizeof(e->what) + 40];

		snprintf(what, sizeof(what), "[%s] %s",
		    vw_explain_kind_name(e->kind), e->what);
		wrap(fp, "       \xe2\x86\x92 ", 9, IND, what);
	}
	if (route_like(e) && e->kind != VW_XK_TITLE && e->kind != VW_XK_HEADER) {
		if (e->have_prefix)
			wrapped(fp, IND, "destination", e->prefix_text);
		if (e->gw_meaning[0] != '\0')
			wrapped(fp, IND, e->format == VW_XF_ARP ||
			    e->format == VW_XF_IPNEIGH ? "lladdr" : "gateway",
			    e->gw_meaning);
	}
	for (f = e->flags; route_like(e) && *f != '\0'; f++) {
		m = vw_explain_entry_flag(x, e, *f);
		snprintf(buf, sizeof(buf), "%c  %s", *f, m != NULL ? m :
		    "(not a letter this OS prints)");
		wrapped(fp, IND, first ? "flags" : "", buf);
		first = 0;
	}
	if (!route_like(e) && e->flags[0] != '\0')
		wrapped(fp, IND, "flags", e->flags);
	if (route_like(e) && e->netif[0] != '\0')
		wrapped(fp, IND, "interface", e->netif);
	if (e->mac_canon[0] != '\0') {
		snprintf(buf, sizeof(buf), "%s (written as %s)", e->mac_canon,
		    vw_explain_mac_form_name(e->mac_form));
		wrapped(fp, IND, "MAC", buf);
	}
	if (e->expire_text[0] != '\0')
		wrapped(fp, IND, "expires", e->expire_text);
	for (i = 0; i < e->nnotes; i++)
		wrapped(fp, IND, "note", e->notes[i]);
}

int
vw_explain_print(FILE *fp, const struct vw_explain *x, const char *title)
{
	char buf[64];
	size_t i, k;

	fprintf(fp, "Explaining %s: %zu line%s, read as %s (%s)\n\n",
	    title != NULL ? title : "the input", x->nentries,
	    x->nentries == 1 ? "" : "s", os_label(x->os), x->os_reason);
	for (i = 0; i < x->nentries; i++) {
		print_entry(fp, x, &x->entries[i]);
		fputc('\n', fp);
	}
	fputs("Summary:\n", fp);
	if (x->nfindings == 0)
		fputs("  nothing that affects reaching VMs was found\n", fp);
	for (i = 0; i < x->nfindings; i++) {
		const struct vw_xfinding *f = &x->findings[i];
		char head[96];
		size_t off;

		off = (size_t)snprintf(head, sizeof(head), "%s", f->code);
		for (k = 0; k < f->nlines && k < 8 && off < sizeof(head); k++)
			off += (size_t)snprintf(head + off, sizeof(head) - off,
			    "%s%u", k ? ", " : f->nlines > 1 ? " (lines " :
			    " (line ", f->lines[k]);
		if (f->nlines > 8 && off < sizeof(head))
			off += (size_t)snprintf(head + off, sizeof(head) - off,
			    ",...");
		if (f->nlines > 0 && off < sizeof(head))
			snprintf(head + off, sizeof(head) - off, ")");
		snprintf(buf, sizeof(buf), "%s", vw_explain_severity_name(
		    f->severity));
		fprintf(fp, "  %-8s %s\n", buf, head);
		wrapped(fp, 2, "", f->text);
	}
	fflush(fp);
	return ferror(fp) ? VW_EIO : 0;
}

/* ---- JSON ----------------------------------------------------------------------- */

/* s as valid UTF-8: a byte that does not start a well-formed sequence is '?'. */
static char *
utf8_clean(const char *s)
{
	size_t n = strlen(s), i = 0, o = 0;
	char *d = malloc(n + 1);

	if (d == NULL)
		return NULL;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k, len = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 :
		    (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
		int ok = len > 0 && i + len <= n && !(len == 2 && c < 0xc2);

		for (k = 1; ok && k < len; k++)
			if (((unsigned char)s[i + k] & 0xc0) != 0x80)
				ok = 0;
		if (!ok) {
			d[o++] = '?';
			i++;
			continue;
		}
		memcpy(d + o, s + i, len);
		o += len;
		i += len;
	}
	d[o] = '\0';
	return d;
}

static int
add_str(cJSON *o, const char *k, const char *v)
{
	char *c;
	cJSON *it;

	if (v == NULL || v[0] == '\0')
		return cJSON_AddNullToObject(o, k) != NULL ? 0 : -1;
	if ((c = utf8_clean(v)) == NULL)
		return -1;
	it = cJSON_AddStringToObject(o, k, c);
	free(c);
	return it != NULL ? 0 : -1;
}

static cJSON *
entry_json(const struct vw_explain *x, const struct vw_xentry *e)
{
	cJSON *o = cJSON_CreateObject(), *a, *it;
	const char *f, *m;
	unsigned i;
	int bad = 0;

	if (o == NULL)
		return NULL;
	bad |= cJSON_AddNumberToObject(o, "line", e->line) == NULL;
	bad |= add_str(o, "text", e->text);
	bad |= add_str(o, "kind", vw_explain_kind_name(e->kind));
	bad |= add_str(o, "format", vw_explain_format_name(e->format));
	if (e->family != 0)
		bad |= cJSON_AddNumberToObject(o, "family", e->family) == NULL;
	else
		bad |= cJSON_AddNullToObject(o, "family") == NULL;
	bad |= add_str(o, "destination", e->dest);
	bad |= add_str(o, "prefix", e->have_prefix ? e->prefix_text : NULL);
	bad |= add_str(o, "gateway", e->gateway);
	bad |= add_str(o, "gateway_kind", gwkind_name(e->gwkind));
	bad |= add_str(o, "gateway_meaning", e->gw_meaning);
	if ((a = cJSON_AddArrayToObject(o, "flags")) == NULL)
		bad = 1;
	for (f = e->flags; a != NULL && *f != '\0'; f++) {
		char l[2] = { *f, '\0' };

		if ((it = cJSON_CreateObject()) == NULL) {
			bad = 1;
			break;
		}
		cJSON_AddItemToArray(a, it);
		m = vw_explain_entry_flag(x, e, *f);
		bad |= add_str(it, "letter", l);
		bad |= add_str(it, "meaning", route_like(e) ? m : NULL);
	}
	bad |= add_str(o, "interface", e->netif);
	bad |= add_str(o, "mac", e->mac_canon);
	bad |= add_str(o, "mac_form", vw_explain_mac_form_name(e->mac_form));
	if (e->expire_state == VW_XE_SECONDS)
		bad |= cJSON_AddNumberToObject(o, "expires",
		    (double)e->expire_secs) == NULL;
	else if (e->expire_state == VW_XE_EXPIRED)
		bad |= add_str(o, "expires", "expired");
	else
		bad |= cJSON_AddNullToObject(o, "expires") == NULL;
	bad |= add_str(o, "expires_text", e->expire_text);
	if (e->format == VW_XF_IPROUTE || e->format == VW_XF_IPNEIGH ||
	    e->format == VW_XF_ROUTE_N) {
		if (e->metric >= 0)
			bad |= cJSON_AddNumberToObject(o, "metric",
			    (double)e->metric) == NULL;
		if (e->proto[0])
			bad |= add_str(o, "proto", e->proto);
		if (e->scope[0])
			bad |= add_str(o, "scope", e->scope);
		if (e->src[0])
			bad |= add_str(o, "src", e->src);
		if (e->table[0])
			bad |= add_str(o, "table", e->table);
	}
	if (e->state[0])
		bad |= add_str(o, "state", e->state);
	bad |= add_str(o, "what", e->what);
	if ((a = cJSON_AddArrayToObject(o, "notes")) == NULL)
		bad = 1;
	for (i = 0; a != NULL && i < e->nnotes; i++) {
		char *c = utf8_clean(e->notes[i]);

		if (c == NULL || (it = cJSON_CreateString(c)) == NULL)
			bad = 1;
		else
			cJSON_AddItemToArray(a, it);
		free(c);
	}
	if (bad) {
		cJSON_Delete(o);
		return NULL;
	}
	return o;
}

cJSON *
vw_explain_json(const struct vw_explain *x)
{
	cJSON *root = cJSON_CreateObject(), *ents, *fnds, *o, *l;
	size_t i, k;
	int bad = 0;

	if (root == NULL)
		return NULL;
	bad |= add_str(root, "os", vw_os_name(x->os));
	bad |= cJSON_AddBoolToObject(root, "os_detected", !x->os_forced) ==
	    NULL;
	bad |= add_str(root, "os_reason", x->os_reason);
	if ((ents = cJSON_AddArrayToObject(root, "entries")) == NULL ||
	    (fnds = cJSON_AddArrayToObject(root, "findings")) == NULL)
		goto fail;
	for (i = 0; i < x->nentries && !bad; i++) {
		if ((o = entry_json(x, &x->entries[i])) == NULL)
			goto fail;
		cJSON_AddItemToArray(ents, o);
	}
	for (i = 0; i < x->nfindings && !bad; i++) {
		const struct vw_xfinding *f = &x->findings[i];

		if ((o = cJSON_CreateObject()) == NULL)
			goto fail;
		cJSON_AddItemToArray(fnds, o);
		bad |= add_str(o, "code", f->code);
		bad |= add_str(o, "severity", vw_explain_severity_name(
		    f->severity));
		bad |= add_str(o, "text", f->text);
		if ((l = cJSON_AddArrayToObject(o, "lines")) == NULL)
			goto fail;
		for (k = 0; k < f->nlines; k++) {
			cJSON *n = cJSON_CreateNumber(f->lines[k]);

			if (n == NULL)
				goto fail;
			cJSON_AddItemToArray(l, n);
		}
	}
	if (!bad)
		return root;
fail:
	cJSON_Delete(root);
	return NULL;
}
