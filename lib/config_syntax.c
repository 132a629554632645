/* SPDX-License-Identifier: ISC */
/*
 * config_syntax.c - a strict JSON syntax check that says where and what.
 *
 * cJSON reports only the offset where it gave up, and it accepts some
 * input that is not JSON (leading zeros, "+1", trailing garbage) or reads
 * it differently from what was written ("\u0000" cuts a string short).  A
 * person editing a config file deserves "3:14: expected ',' or '}'", so
 * the text is checked here first, byte by byte, and handed to cJSON only
 * once it is known to be RFC 8259 JSON that cJSON reads faithfully.
 */
#include <stdio.h>
#include <string.h>

#include "config_int.h"
#include "vw_error.h"

#define JSON_MAX_DEPTH	64
#define JSON_MAX_NUMBER	63	/* cJSON copies numbers into a 64-byte buffer */

struct scan {
	const unsigned char	*p;
	size_t			 len;
	size_t			 off;
	int			 depth;
	struct vw__json_err	*e;
};

static int	scan_value(struct scan *s);

static int
scan_fail(struct scan *s, size_t off, const char *msg)
{
	s->e->off = off;
	snprintf(s->e->msg, sizeof(s->e->msg), "%s%s", msg,
	    off >= s->len ? ", got end of file" : "");
	return VW_ESYNTAX;
}

static void
scan_ws(struct scan *s)
{
	while (s->off < s->len && (s->p[s->off] == ' ' ||
	    s->p[s->off] == '\t' || s->p[s->off] == '\n' ||
	    s->p[s->off] == '\r'))
		s->off++;
}

static int
peek(const struct scan *s)
{
	return s->off < s->len ? s->p[s->off] : -1;
}

static int
is_word(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_';
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Four hex digits after "\u" at s->off; the code unit, or -1 (s->e set). */
static long
scan_u4(struct scan *s)
{
	long v = 0;
	int i, h;

	for (i = 0; i < 4; i++) {
		if (s->off >= s->len)
			return -1;
		if ((h = hexval(s->p[s->off])) < 0) {
			scan_fail(s, s->off, "invalid \\u escape: expected 4 "
			    "hex digits");
			return -1;
		}
		v = v * 16 + h;
		s->off++;
	}
	return v;
}

/* Length of the valid UTF-8 sequence at p[0..n), or 0 (RFC 3629 table). */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		need = 2;
	else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		need = 3;
		if (p[0] == 0xe0)
			lo = 0xa0;
		else if (p[0] == 0xed)
			hi = 0x9f;	/* no UTF-16 surrogates */
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		need = 4;
		if (p[0] == 0xf0)
			lo = 0x90;
		else if (p[0] == 0xf4)
			hi = 0x8f;	/* nothing past U+10FFFF */
	} else
		return 0;
	if (n < need || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < need; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return need;
}

static int
scan_string(struct scan *s)
{
	size_t start = s->off, esc, n;
	long u, lo;
	int c;

	s->off++;
	for (;;) {
		if (s->off >= s->len)
			return scan_fail(s, start, "unterminated string");
		c = s->p[s->off];
		if (c == '"') {
			s->off++;
			return 0;
		}
		if (c == '\\') {
			esc = s->off++;
			if (s->off >= s->len)
				return scan_fail(s, start, "unterminated string");
			c = s->p[s->off++];
			if (strchr("\"\\/bfnrt", c) != NULL && c != '\0')
				continue;
			if (c != 'u')
				return scan_fail(s, esc, "invalid escape in a "
				    "string");
			if ((u = scan_u4(s)) < 0)
				return s->off >= s->len ? scan_fail(s, start,
				    "unterminated string") : VW_ESYNTAX;
			if (u == 0)
				return scan_fail(s, esc, "\\u0000 is not "
				    "allowed in a string");
			if (u >= 0xdc00 && u <= 0xdfff)
				return scan_fail(s, esc, "unpaired UTF-16 "
				    "surrogate in a \\u escape");
			if (u < 0xd800 || u > 0xdbff)
				continue;
			/* A high surrogate must be followed by a low one. */
			if (s->len - s->off < 2 || s->p[s->off] != '\\' ||
			    s->p[s->off + 1] != 'u')
				return scan_fail(s, esc, "unpaired UTF-16 "
				    "surrogate in a \\u escape");
			s->off += 2;
			if ((lo = scan_u4(s)) < 0)
				return s->off >= s->len ? scan_fail(s, start,
				    "unterminated string") : VW_ESYNTAX;
			if (lo < 0xdc00 || lo > 0xdfff)
				return scan_fail(s, esc, "unpaired UTF-16 "
				    "surrogate in a \\u escape");
			continue;
		}
		if (c == '\n' || c == '\r')
			return scan_fail(s, s->off, "unterminated string "
			    "(missing '\"' before the end of the line)");
		if (c < 0x20)
			return scan_fail(s, s->off, "unescaped control "
			    "character in a string");
		if (c < 0x80) {
			s->off++;
			continue;
		}
		if ((n = utf8_seq(s->p + s->off, s->len - s->off)) == 0)
			return scan_fail(s, s->off, "invalid UTF-8 in a string");
		s->off += n;
	}
}

static int
scan_digits(struct scan *s)
{
	int c = peek(s);

	if (c < '0' || c > '9')
		return scan_fail(s, s->off, "invalid number: expected a digit");
	while ((c = peek(s)) >= '0' && c <= '9')
		s->off++;
	return 0;
}

static int
scan_number(struct scan *s)
{
	size_t start = s->off;
	int c, r;

	if (peek(s) == '-')
		s->off++;
	if (peek(s) == '0') {
		s->off++;
		if ((c = peek(s)) >= '0' && c <= '9')
			return scan_fail(s, s->off - 1, "leading zero in a "
			    "number");
	} else if ((r = scan_digits(s)) < 0)
		return r;
	if (peek(s) == '.') {
		s->off++;
		if ((r = scan_digits(s)) < 0)
			return r;
	}
	if ((c = peek(s)) == 'e' || c == 'E') {
		s->off++;
		if ((c = peek(s)) == '+' || c == '-')
			s->off++;
		if ((r = scan_digits(s)) < 0)
			return r;
	}
	if (s->off - start > JSON_MAX_NUMBER)
		return scan_fail(s, start, "number too long (over 63 "
		    "characters)");
	return 0;
}

static int
scan_word(struct scan *s)
{
	static const char *const lits[] = { "true", "false", "null" };
	size_t start = s->off, n, i;

	while (s->off < s->len && is_word(s->p[s->off]))
		s->off++;
	n = s->off - start;
	for (i = 0; i < sizeof(lits) / sizeof(lits[0]); i++)
		if (strlen(lits[i]) == n &&
		    memcmp(s->p + start, lits[i], n) == 0)
			return 0;
	return scan_fail(s, start, "expected a value (strings need double "
	    "quotes)");
}

static int
scan_enter(struct scan *s)
{
	if (++s->depth > JSON_MAX_DEPTH)
		return scan_fail(s, s->off, "nested too deeply (more than 64 "
		    "levels)");
	s->off++;
	return 0;
}

static int
scan_object(struct scan *s)
{
	int r, first = 1;

	if ((r = scan_enter(s)) < 0)
		return r;
	for (;;) {
		scan_ws(s);
		if (peek(s) == '}') {
			if (!first)
				return scan_fail(s, s->off, "trailing comma "
				    "before '}'");
			break;
		}
		if (peek(s) != '"')
			return scan_fail(s, s->off, first ? "expected a key "
			    "in double quotes or '}'" : "expected a key in "
			    "double quotes");
		if ((r = scan_string(s)) < 0)
			return r;
		scan_ws(s);
		if (peek(s) != ':')
			return scan_fail(s, s->off, "expected ':'");
		s->off++;
		if ((r = scan_value(s)) < 0)
			return r;
		scan_ws(s);
		if (peek(s) == '}')
			break;
		if (peek(s) != ',')
			return scan_fail(s, s->off, "expected ',' or '}'");
		s->off++;
		first = 0;
	}
	s->off++;
	s->depth--;
	return 0;
}

static int
scan_array(struct scan *s)
{
	int r, first = 1;

	if ((r = scan_enter(s)) < 0)
		return r;
	for (;;) {
		scan_ws(s);
		if (peek(s) == ']') {
			if (!first)
				return scan_fail(s, s->off, "trailing comma "
				    "before ']'");
			break;
		}
		if (first && s->off >= s->len)
			return scan_fail(s, s->off, "expected a value or ']'");
		if ((r = scan_value(s)) < 0)
			return r;
		scan_ws(s);
		if (peek(s) == ']')
			break;
		if (peek(s) != ',')
			return scan_fail(s, s->off, "expected ',' or ']'");
		s->off++;
		first = 0;
	}
	s->off++;
	s->depth--;
	return 0;
}

static int
scan_value(struct scan *s)
{
	int c;

	scan_ws(s);
	c = peek(s);
	if (c == '{')
		return scan_object(s);
	if (c == '[')
		return scan_array(s);
	if (c == '"')
		return scan_string(s);
	if (c == '-' || (c >= '0' && c <= '9'))
		return scan_number(s);
	if (c >= 0 && (is_word(c) || c == '\''))
		return c == '\'' ? scan_fail(s, s->off, "expected a value "
		    "(strings need double quotes)") : scan_word(s);
	return scan_fail(s, s->off, "expected a value");
}

static size_t
bom_len(const char *text, size_t len)
{
	return len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
}

int
vw__json_check(const char *text, size_t len, struct vw__json_err *e)
{
	struct scan s;
	int r;

	memset(&s, 0, sizeof(s));
	s.p = (const unsigned char *)text;
	s.len = len;
	s.off = bom_len(text, len);
	s.e = e;
	if ((r = scan_value(&s)) < 0)
		return r;
	scan_ws(&s);
	if (s.off != s.len)
		return scan_fail(&s, s.off, "unexpected data after the "
		    "top-level value");
	return 0;
}

void
vw__json_linecol(const char *text, size_t len, size_t off, unsigned *line,
    unsigned *col)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t i;

	*line = 1;
	*col = 1;
	if (off > len)
		off = len;
	/* Editors do not count the BOM as a column. */
	for (i = bom_len(text, len); i < off; i++) {
		if (p[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if ((p[i] & 0xc0) != 0x80)
			(*col)++;
	}
}
