/* SPDX-License-Identifier: ISC */
/*
 * config_util.c - the config walker's small tools: growable text, JSON
 * string quoting, the JSON pointer of the value being read, one-line error
 * messages, and the "did you mean" suggestion.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "config_int.h"
#include "vw_error.h"

#define SUGGEST_MAXLEN	64	/* longer words get no suggestion */
#define SUGGEST_MAXDIST	2

static int
buf_reserve(struct vw__cfg_buf *b, size_t more)
{
	size_t cap;
	char *p;

	if (b->err != 0)
		return b->err;
	if (b->len + more < b->cap)
		return 0;
	cap = b->cap == 0 ? 256 : b->cap;
	while (cap <= b->len + more)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL)
		return b->err = VW_ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

void
vw__cfg_buf_printf(struct vw__cfg_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || buf_reserve(b, (size_t)n) < 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

static void
buf_putc(struct vw__cfg_buf *b, char c)
{
	if (buf_reserve(b, 1) < 0)
		return;
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

/* JSON escapes for one byte; bytes >= 0x80 pass (the input was UTF-8). */
static void
buf_escaped(struct vw__cfg_buf *b, unsigned char c)
{
	switch (c) {
	case '"':	vw__cfg_buf_printf(b, "\\\""); break;
	case '\\':	vw__cfg_buf_printf(b, "\\\\"); break;
	case '\n':	vw__cfg_buf_printf(b, "\\n"); break;
	case '\r':	vw__cfg_buf_printf(b, "\\r"); break;
	case '\t':	vw__cfg_buf_printf(b, "\\t"); break;
	case '\b':	vw__cfg_buf_printf(b, "\\b"); break;
	case '\f':	vw__cfg_buf_printf(b, "\\f"); break;
	default:
		if (c < 0x20 || c == 0x7f)
			vw__cfg_buf_printf(b, "\\u%04x", c);
		else
			buf_putc(b, (char)c);
	}
}

void
vw__cfg_buf_quote(struct vw__cfg_buf *b, const char *s, size_t max)
{
	size_t n = strlen(s), i, cut = n;

	if (max > 0 && n > max) {
		cut = max;
		/* Never split a UTF-8 sequence. */
		while (cut > 0 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	buf_putc(b, '"');
	for (i = 0; i < cut; i++)
		buf_escaped(b, (unsigned char)s[i]);
	if (cut < n)
		vw__cfg_buf_printf(b, "...");
	buf_putc(b, '"');
}

/* ---- the JSON pointer -------------------------------------------------- */

static void
ptr_append(struct vw__cfg_ctx *c, const char *s)
{
	size_t n = strlen(s);

	if (c->ptrlen + n >= sizeof(c->ptr))
		n = sizeof(c->ptr) - 1 - c->ptrlen;
	memcpy(c->ptr + c->ptrlen, s, n);
	c->ptrlen += n;
	c->ptr[c->ptrlen] = '\0';
}

size_t
vw__cfg_push(struct vw__cfg_ctx *c, const char *name)
{
	size_t saved = c->ptrlen, i;
	char one[8];

	ptr_append(c, "/");
	/* RFC 6901: "~" is "~0" and "/" is "~1"; control bytes stay visible. */
	for (i = 0; name[i] != '\0' && i < SUGGEST_MAXLEN; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (ch == '~')
			ptr_append(c, "~0");
		else if (ch == '/')
			ptr_append(c, "~1");
		else if (ch < 0x20 || ch == 0x7f) {
			snprintf(one, sizeof(one), "\\u%04x", ch);
			ptr_append(c, one);
		} else {
			one[0] = (char)ch;
			one[1] = '\0';
			ptr_append(c, one);
		}
	}
	if (name[i] != '\0')
		ptr_append(c, "...");
	return saved;
}

size_t
vw__cfg_push_index(struct vw__cfg_ctx *c, size_t i)
{
	size_t saved = c->ptrlen;
	char num[32];

	snprintf(num, sizeof(num), "/%zu", i);
	ptr_append(c, num);
	return saved;
}

void
vw__cfg_pop(struct vw__cfg_ctx *c, size_t saved)
{
	c->ptrlen = saved;
	c->ptr[saved] = '\0';
}

int
vw__cfg_fail(struct vw__cfg_ctx *c, const char *fmt, ...)
{
	char msg[VW_CONFIG_ERRLEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (c->errlen > 0)
		snprintf(c->err, c->errlen, "%s: %s%s%s", c->file, c->ptr,
		    c->ptrlen > 0 ? ": " : "", msg);
	return VW_EINVAL;
}

/* ---- describing what was found ----------------------------------------- */

const char *
vw__cfg_what(const cJSON *j)
{
	if (cJSON_IsString(j))
		return "a string";
	if (cJSON_IsNumber(j))
		return "a number";
	if (cJSON_IsBool(j))
		return "a boolean";
	if (cJSON_IsNull(j))
		return "null";
	if (cJSON_IsArray(j))
		return "an array";
	if (cJSON_IsObject(j))
		return "an object";
	return "an invalid value";
}

/* The shortest text that reads back as v (as JSON writes numbers). */
static void
fmt_number(double v, char *buf, size_t len)
{
	if (isfinite(v) && v > -1e18 && v < 1e18 &&
	    v == (double)(long long)v) {
		snprintf(buf, len, "%lld", (long long)v);
		return;
	}
	snprintf(buf, len, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, len, "%.17g", v);
}

void
vw__cfg_got(const cJSON *j, char *buf, size_t len)
{
	struct vw__cfg_buf b;

	if (len == 0)
		return;
	if (cJSON_IsString(j)) {
		memset(&b, 0, sizeof(b));
		vw__cfg_buf_quote(&b, j->valuestring, 60);
		snprintf(buf, len, "%s", b.err == 0 && b.p != NULL ? b.p :
		    "a string");
		free(b.p);
	} else if (cJSON_IsNumber(j))
		fmt_number(j->valuedouble, buf, len);
	else if (cJSON_IsTrue(j))
		snprintf(buf, len, "true");
	else if (cJSON_IsFalse(j))
		snprintf(buf, len, "false");
	else
		snprintf(buf, len, "%s", vw__cfg_what(j));
}

/* ---- "did you mean" ------------------------------------------------------ */

/* Levenshtein distance, ASCII case folded; both at most SUGGEST_MAXLEN. */
static size_t
edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
	size_t row[SUGGEST_MAXLEN + 1], i, j, diag, up, best;

	for (j = 0; j <= nb; j++)
		row[j] = j;
	for (i = 1; i <= na; i++) {
		diag = row[0];
		row[0] = i;
		for (j = 1; j <= nb; j++) {
			up = row[j];
			best = diag + (tolower((unsigned char)a[i - 1]) !=
			    tolower((unsigned char)b[j - 1]));
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[nb];
}

/* Is p (n bytes, n >= 3) a case-folded prefix of s? */
static int
is_prefix(const char *p, size_t n, const char *s)
{
	return n >= 3 && strlen(s) >= n && strncasecmp(p, s, n) == 0;
}

const char *
vw__cfg_suggest(const char *word, const char *const *cands, size_t n)
{
	const char *best = NULL, *prefix = NULL;
	size_t nw = strlen(word), nc, i, d, bestd = SUGGEST_MAXDIST + 1;

	if (nw == 0 || nw > SUGGEST_MAXLEN)
		return NULL;
	for (i = 0; i < n; i++) {
		if ((nc = strlen(cands[i])) > SUGGEST_MAXLEN)
			continue;
		d = edit_distance(word, nw, cands[i], nc);
		/* A distance as long as the word is no resemblance. */
		if (d < bestd && d < nw) {
			best = cands[i];
			bestd = d;
		}
		if (prefix == NULL && (is_prefix(word, nw, cands[i]) ||
		    is_prefix(cands[i], nc, word)))
			prefix = cands[i];
	}
	return best != NULL ? best : prefix;
}
