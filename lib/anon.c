/* SPDX-License-Identifier: ISC */
/*
 * anon.c - MAC pseudonyms, target-name labels and home-directory folding
 * for anonymized reports (see anon.h for what is and is not replaced).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anon.h"
#include "bsd_msg.h"
#include "nl_msg.h"
#include "vw_addr.h"
#include "vw_event.h"
#include "vw_rec.h"

/* ---- SipHash-2-4 ------------------------------------------------------- */

static uint64_t
rotl64(uint64_t x, unsigned b)
{
	return (x << b) | (x >> (64 - b));
}

static uint64_t
le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

#define SIPROUND(v0, v1, v2, v3) do {					\
	v0 += v1; v1 = rotl64(v1, 13); v1 ^= v0; v0 = rotl64(v0, 32);	\
	v2 += v3; v3 = rotl64(v3, 16); v3 ^= v2;			\
	v0 += v3; v3 = rotl64(v3, 21); v3 ^= v0;			\
	v2 += v1; v1 = rotl64(v1, 17); v1 ^= v2; v2 = rotl64(v2, 32);	\
} while (0)

uint64_t
vw_siphash24(const uint8_t key[VW_ANON_KEYLEN], const void *msg, size_t len)
{
	const uint8_t *p = msg;
	uint64_t k0 = le64(key), k1 = le64(key + 8), m, b;
	uint64_t v0 = k0 ^ 0x736f6d6570736575ULL;
	uint64_t v1 = k1 ^ 0x646f72616e646f6dULL;
	uint64_t v2 = k0 ^ 0x6c7967656e657261ULL;
	uint64_t v3 = k1 ^ 0x7465646279746573ULL;
	size_t i, left = len % 8;

	/* Compression: two rounds per 8-byte little-endian word. */
	for (i = 0; i + 8 <= len; i += 8) {
		m = le64(p + i);
		v3 ^= m;
		SIPROUND(v0, v1, v2, v3);
		SIPROUND(v0, v1, v2, v3);
		v0 ^= m;
	}
	/* The last word: the leftover bytes, the length mod 256 on top. */
	b = (uint64_t)(len & 0xff) << 56;
	while (left > 0) {
		left--;
		b |= (uint64_t)p[i + left] << (8 * left);
	}
	v3 ^= b;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	v0 ^= b;
	/* Finalization: four rounds. */
	v2 ^= 0xff;
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	SIPROUND(v0, v1, v2, v3);
	return v0 ^ v1 ^ v2 ^ v3;
}

/* ---- the state ---------------------------------------------------------- */

struct anon_mac {
	uint8_t		mac[6];
	uint8_t		ps[6];		/* its pseudonym */
};

struct vw_anon {
	uint8_t		 key[VW_ANON_KEYLEN];
	struct anon_mac	*macs;		/* sorted by mac */
	size_t		 nmacs, capmacs;
	uint8_t		 first[32];	/* bitmap: first bytes of macs[] */
	char		**names;	/* names[i] is labelled "target-<i+1>" */
	size_t		 nnames, capnames;
};

/* A memset the compiler may not drop (the key must not outlive us). */
static void
wipe(void *p, size_t n)
{
	volatile uint8_t *v = p;

	while (n-- > 0)
		*v++ = 0;
}

int
vw_anon_new(const uint8_t key[VW_ANON_KEYLEN], struct vw_anon **out)
{
	struct vw_anon *a;

	if ((a = calloc(1, sizeof(*a))) == NULL)
		return VW_ENOMEM;
	memcpy(a->key, key, VW_ANON_KEYLEN);
	*out = a;
	return 0;
}

void
vw_anon_free(struct vw_anon *a)
{
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < a->nnames; i++)
		free(a->names[i]);
	free(a->names);
	free(a->macs);
	wipe(a, sizeof(*a));
	free(a);
}

size_t
vw_anon_nmacs(const struct vw_anon *a)
{
	return a->nmacs;
}

size_t
vw_anon_nnames(const struct vw_anon *a)
{
	return a->nnames;
}

/* Multicast and broadcast (I/G bit) and all-zero MACs identify nothing. */
static int
mac_kept(const uint8_t mac[6])
{
	static const uint8_t zero[6];

	return (mac[0] & 0x01) != 0 || memcmp(mac, zero, 6) == 0;
}

int
vw_anon_mac(const struct vw_anon *a, const uint8_t mac[6], uint8_t out[6])
{
	uint64_t h;
	int i;

	if (mac_kept(mac)) {
		memmove(out, mac, 6);
		return 0;
	}
	h = vw_siphash24(a->key, mac, 6);
	for (i = 0; i < 6; i++)
		out[i] = (uint8_t)(h >> (8 * i));
	/* Locally administered (bit 1), unicast (bit 0 clear). */
	out[0] = (uint8_t)((out[0] & 0xfc) | 0x02);
	return 1;
}

/* Index of mac in a->macs, or -(insertion point) - 1. */
static long
mac_find(const struct vw_anon *a, const uint8_t *mac)
{
	size_t lo = 0, hi = a->nmacs, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = memcmp(a->macs[mid].mac, mac, 6)) == 0)
			return (long)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -(long)lo - 1;
}

static int
mac_learn(struct vw_anon *a, const uint8_t *mac)
{
	struct anon_mac *m;
	long at;
	size_t i, cap;

	if (mac_kept(mac) || (at = mac_find(a, mac)) >= 0)
		return 0;
	i = (size_t)(-at - 1);
	if (a->nmacs == a->capmacs) {
		cap = a->capmacs ? a->capmacs * 2 : 16;
		if ((m = realloc(a->macs, cap * sizeof(*m))) == NULL)
			return VW_ENOMEM;
		a->macs = m;
		a->capmacs = cap;
	}
	memmove(&a->macs[i + 1], &a->macs[i], (a->nmacs - i) * sizeof(*m));
	memcpy(a->macs[i].mac, mac, 6);
	vw_anon_mac(a, mac, a->macs[i].ps);
	a->nmacs++;
	a->first[mac[0] >> 3] |= (uint8_t)(1u << (mac[0] & 7));
	return 0;
}

/* The label of a known name (1-based), or 0. */
static size_t
name_find(const struct vw_anon *a, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < a->nnames; i++)
		if (strlen(a->names[i]) == n && memcmp(a->names[i], s, n) == 0)
			return i + 1;
	return 0;
}

static int
name_learn(struct vw_anon *a, const char *s)
{
	char **v;
	size_t cap;

	if (*s == '\0' || name_find(a, s, strlen(s)) != 0)
		return 0;
	if (a->nnames == a->capnames) {
		cap = a->capnames ? a->capnames * 2 : 8;
		if ((v = realloc(a->names, cap * sizeof(*v))) == NULL)
			return VW_ENOMEM;
		a->names = v;
		a->capnames = cap;
	}
	if ((a->names[a->nnames] = strdup(s)) == NULL)
		return VW_ENOMEM;
	a->nnames++;
	return 0;
}

/* ---- text ---------------------------------------------------------------- */

struct sbuf {
	char	*p;
	size_t	 len, cap;
	int	 oom;
};

static void
sb_put(struct sbuf *b, const void *s, size_t n)
{
	size_t cap;
	char *p;

	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		cap = b->cap ? b->cap : 64;
		while (cap < b->len + n + 1)
			cap *= 2;
		if ((p = realloc(b->p, cap)) == NULL) {
			b->oom = 1;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

static int
is_hex(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

static int
is_alnum(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z');
}

/* Characters a target name is a word of, for its boundaries. */
static int
is_word(int c)
{
	return is_alnum(c) || c == '_' || c == '-';
}

static int
is_sep(int c)
{
	return c == ':' || c == '.' || c == '-';
}

/* How a MAC was written, to write its pseudonym the same way. */
struct macform {
	char	sep;		/* ':', '.', '-'; 'c' for "aabb.ccdd.eeff" */
	int	padded;		/* bytes under 0x10 take two digits */
	int	upper;		/* a hex letter was upper case */
};

/*
 * Is there a MAC token at s[i]?  Returns its length (and mac, f) or 0.  A
 * token must stand alone: no letter, digit or separator right before it,
 * and nothing after it that would make it part of a longer address
 * ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6::" are IPv6).
 */
static size_t
mac_at(const char *s, size_t i, size_t n, uint8_t mac[6], struct macform *f)
{
	struct vw_lladdr ll;
	char tok[24];
	size_t j = i, end, k;
	int g, c;

	if (i > 0 && (is_alnum((unsigned char)s[i - 1]) || s[i - 1] == '_' ||
	    is_sep((unsigned char)s[i - 1])))
		return 0;
	memset(f, 0, sizeof(*f));
	if (i + 14 <= n && s[i + 4] == '.' && s[i + 9] == '.') {
		f->sep = 'c';
		f->padded = 1;
		for (k = 0; k < 14; k++)
			if (k != 4 && k != 9 && !is_hex((unsigned char)s[i + k]))
				f->sep = 0;
	}
	if (f->sep == 'c')
		end = i + 14;
	else {
		/*
		 * Padding: a "0a" group proves it, a "a" group disproves it;
		 * otherwise (every byte >= 0x10) the printer's habit decides:
		 * the ':' and '-' forms pad, link_ntoa's '.' form does not.
		 */
		f->padded = -1;
		for (g = 0; g < 6; g++) {
			for (k = 0; j < n && k < 3 && is_hex((unsigned char)s[j]);
			    k++)
				j++;
			if (k == 0 || k > 2)
				return 0;
			if (k == 1)
				f->padded = 0;
			else if (s[j - 2] == '0' && f->padded < 0)
				f->padded = 1;
			if (g == 5)
				break;
			if (j >= n || !is_sep((unsigned char)s[j]))
				return 0;
			if (f->sep == 0)
				f->sep = s[j];
			else if (s[j] != f->sep)
				return 0;
			j++;
		}
		end = j;
		if (f->padded < 0)
			f->padded = f->sep != '.';
	}
	if (end < n) {
		c = (unsigned char)s[end];
		if (is_alnum(c) || c == '_')
			return 0;
		if (is_sep(c) && end + 1 < n &&
		    (is_alnum((unsigned char)s[end + 1]) ||
		    (c == ':' && s[end + 1] == ':')))
			return 0;
	}
	if (end - i >= sizeof(tok))
		return 0;
	memcpy(tok, s + i, end - i);
	tok[end - i] = '\0';
	if (vw_ll_parse(tok, &ll) < 0 || ll.len != 6)
		return 0;
	memcpy(mac, ll.a, 6);
	for (k = 0; tok[k] != '\0'; k++)
		if (tok[k] >= 'A' && tok[k] <= 'F')
			f->upper = 1;
	return end - i;
}

static void
mac_print(const uint8_t mac[6], const struct macform *f, char *out,
    size_t len)
{
	size_t k, n = 0;
	int g;

	if (f->sep == 'c')
		snprintf(out, len, "%02x%02x.%02x%02x.%02x%02x", mac[0],
		    mac[1], mac[2], mac[3], mac[4], mac[5]);
	else
		for (g = 0; g < 6; g++)
			n += (size_t)snprintf(out + n, len - n,
			    f->padded ? "%s%02x" : "%s%x",
			    g == 0 ? "" : (f->sep == ':' ? ":" : f->sep == '.' ?
			    "." : "-"), mac[g]);
	if (f->upper)
		for (k = 0; out[k] != '\0'; k++)
			if (out[k] >= 'a' && out[k] <= 'f')
				out[k] = (char)(out[k] - 'a' + 'A');
}

/*
 * A home directory at s[i]: "/Users/NAME" or "/home/NAME" starting a path
 * (nothing path-like right before it).  Returns its length or 0.
 */
static size_t
home_at(const char *s, size_t i, size_t n)
{
	static const char *const pfx[] = { "/Users/", "/home/" };
	size_t k, p, j;
	int c;

	if (i > 0 && (is_word((unsigned char)s[i - 1]) || s[i - 1] == '.' ||
	    s[i - 1] == '/' || s[i - 1] == '~'))
		return 0;
	for (k = 0; k < sizeof(pfx) / sizeof(pfx[0]); k++) {
		p = strlen(pfx[k]);
		if (n - i <= p || memcmp(s + i, pfx[k], p) != 0)
			continue;
		for (j = i + p; j < n; j++) {
			c = (unsigned char)s[j];
			if (c == '/' || c == '"' || c == '\'' || c == ' ' ||
			    c == '\t' || c == '\n' || c == ',' || c == ')')
				break;
		}
		if (j > i + p)
			return j - i;
	}
	return 0;
}

/*
 * A target name at s[i] standing as a word.  Returns its length and *label
 * (1-based), or 0.  The longest name wins when several start here.
 */
static size_t
name_at(const struct vw_anon *a, const char *s, size_t i, size_t n,
    size_t *label)
{
	size_t k, l, best = 0;

	for (k = 0; k < a->nnames; k++) {
		l = strlen(a->names[k]);
		if (l <= best || n - i < l || memcmp(s + i, a->names[k], l) != 0)
			continue;
		if (is_word((unsigned char)a->names[k][0]) && i > 0 &&
		    (is_word((unsigned char)s[i - 1]) || s[i - 1] == '.'))
			continue;
		if (is_word((unsigned char)a->names[k][l - 1]) && i + l < n &&
		    is_word((unsigned char)s[i + l]))
			continue;
		best = l;
		*label = k + 1;
	}
	return best;
}

/*
 * Rewrite s[0..n) into b.  learn: remember each unicast MAC seen.  A
 * string that is exactly a name is not a name in free text (see anon.h).
 */
static int
anon_text(struct vw_anon *a, const char *s, size_t n, struct sbuf *b)
{
	struct macform f;
	uint8_t mac[6], ps[6];
	char text[48];
	size_t i = 0, from = 0, l, label;
	int whole = name_find(a, s, n) != 0;

	while (i < n) {
		label = 0;
		if ((l = mac_at(s, i, n, mac, &f)) > 0) {
			if (mac_learn(a, mac) < 0)
				return VW_ENOMEM;
			vw_anon_mac(a, mac, ps);
			mac_print(ps, &f, text, sizeof(text));
		} else if ((l = home_at(s, i, n)) > 0)
			snprintf(text, sizeof(text), "~");
		else if (!whole && (l = name_at(a, s, i, n, &label)) > 0)
			snprintf(text, sizeof(text), "target-%zu", label);
		if (l == 0) {
			i++;
			continue;
		}
		sb_put(b, s + from, i - from);
		sb_put(b, text, strlen(text));
		i += l;
		from = i;
	}
	sb_put(b, s + from, n - from);
	if (b->p == NULL)
		sb_put(b, "", 0);
	return b->oom ? VW_ENOMEM : 0;
}

char *
vw_anon_str(struct vw_anon *a, const char *s)
{
	struct sbuf b;

	memset(&b, 0, sizeof(b));
	if (anon_text(a, s, strlen(s), &b) < 0) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

/* ---- JSON ---------------------------------------------------------------- */

/* An object with string "address" and "name" members is a target. */
static const cJSON *
target_name(const cJSON *o)
{
	const cJSON *n;

	if (!cJSON_IsObject(o) ||
	    !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "address")))
		return NULL;
	n = cJSON_GetObjectItemCaseSensitive(o, "name");
	return cJSON_IsString(n) ? n : NULL;
}

static int
learn_str(struct vw_anon *a, const char *s)
{
	struct macform f;
	uint8_t mac[6];
	size_t i, n = strlen(s), l;

	for (i = 0; i < n; i += l > 0 ? l : 1)
		if ((l = mac_at(s, i, n, mac, &f)) > 0 && mac_learn(a, mac) < 0)
			return VW_ENOMEM;
	return 0;
}

int
vw_anon_learn_json(struct vw_anon *a, const cJSON *tree)
{
	const cJSON *c, *n;
	int r;

	if (tree == NULL)
		return 0;
	if ((n = target_name(tree)) != NULL &&
	    (r = name_learn(a, n->valuestring)) < 0)
		return r;
	if (cJSON_IsString(tree) && tree->valuestring != NULL)
		return learn_str(a, tree->valuestring);
	cJSON_ArrayForEach(c, tree)
		if ((r = vw_anon_learn_json(a, c)) < 0)
			return r;
	return 0;
}

static int
rewrite_json(struct vw_anon *a, cJSON *tree)
{
	cJSON *c;
	const cJSON *n = target_name(tree);
	char *s, label[32];
	int r;

	if (cJSON_IsString(tree) && tree->valuestring != NULL) {
		if ((s = vw_anon_str(a, tree->valuestring)) == NULL)
			return VW_ENOMEM;
		r = 0;
		if (strcmp(s, tree->valuestring) != 0 &&
		    cJSON_SetValuestring(tree, s) == NULL)
			r = VW_ENOMEM;
		free(s);
		return r;
	}
	cJSON_ArrayForEach(c, tree) {
		if (c == n && n->valuestring[0] != '\0') {
			snprintf(label, sizeof(label), "target-%zu",
			    name_find(a, n->valuestring, strlen(n->valuestring)));
			if (cJSON_SetValuestring(c, label) == NULL)
				return VW_ENOMEM;
			continue;
		}
		if ((r = rewrite_json(a, c)) < 0)
			return r;
	}
	return 0;
}

int
vw_anon_json(struct vw_anon *a, cJSON *tree)
{
	int r;

	/* Names first: a summary may come before its target's object. */
	if ((r = vw_anon_learn_json(a, tree)) < 0)
		return r;
	return rewrite_json(a, tree);
}

/* ---- recordings ---------------------------------------------------------- */

static int
learn_ll(struct vw_anon *a, const struct vw_lladdr *ll)
{
	return ll->len == 6 ? mac_learn(a, ll->a) : 0;
}

/* Every link-layer address the netlink decoder reads from one read. */
static int
learn_nl(struct vw_anon *a, const uint8_t *p, size_t len)
{
	struct vw_nl_hdr h;
	struct vw_event ev;
	struct vw_perr e;
	size_t off = 0;
	int n, nev, r;

	while (off < len) {
		if ((n = vw_nl_parse(p + off, len - off, off, &h, &ev, &nev,
		    &e)) <= 0)
			break;
		off += (size_t)n;
		if (nev == 0)
			continue;
		switch (vw_kind_obj(ev.kind)) {
		case VW_OBJ_NEIGH:
			r = learn_ll(a, &ev.u.neigh.ll);
			break;
		case VW_OBJ_LINK:
			r = learn_ll(a, &ev.u.link.ll);
			break;
		default:
			r = 0;
		}
		if (r < 0)
			return r;
	}
	return 0;
}

/* Every sockaddr_dl address of the routing messages of one BSD read. */
static int
learn_bsd(struct vw_anon *a, int os, const uint8_t *p, size_t len)
{
	struct vw_bsd_msg m;
	struct vw_linkgw lg;
	struct vw_perr e;
	size_t off = 0;
	int n, k, r;

	while (off < len) {
		n = vw_bsd_parse(os, p + off, len - off, off, &m, &e);
		if (n == VW_ESKIP && m.msglen > 0) {
			off += m.msglen;
			continue;
		}
		if (n <= 0)
			break;
		off += (size_t)n;
		for (k = 0; k < VW_RTAX_MAX; k++)
			if (m.sa[k].kind == VW_SA_LINK &&
			    vw_bsd_sa_link(&m, k, &lg) == 0 &&
			    (r = learn_ll(a, &lg.ll)) < 0)
				return r;
	}
	return 0;
}

int
vw_anon_learn_recording(struct vw_anon *a, const uint8_t *buf, size_t len)
{
	struct vw_rec_hdr h;
	struct vw_rec rec;
	struct vw_perr e;
	size_t pos = VW_REC_HDRLEN;
	cJSON *cfg;
	int r = 0;

	if (vw_rec_decode_hdr(buf, len, &h, &e) < 0)
		return 0;
	while (r == 0 && vw_rec_next(buf, len, &pos, &rec, &e) == 1) {
		if (rec.type == VW_REC_CONFIG) {
			cfg = cJSON_ParseWithLength((const char *)rec.data,
			    rec.len);
			r = vw_anon_learn_json(a, cfg);
			cJSON_Delete(cfg);
		} else if (rec.type == VW_REC_KMSG) {
			if (h.os == VW_OS_LINUX)
				r = learn_nl(a, rec.data, rec.len);
			else if (h.os == VW_OS_DARWIN || h.os == VW_OS_FREEBSD)
				r = learn_bsd(a, h.os, rec.data, rec.len);
		}
	}
	return r;
}

/* Replace every learned MAC's bytes in p[0..n) by its pseudonym's. */
static void
kmsg_rewrite(const struct vw_anon *a, uint8_t *p, size_t n)
{
	size_t i = 0;
	long at;

	while (i + 6 <= n) {
		if ((a->first[p[i] >> 3] & (1u << (p[i] & 7))) != 0 &&
		    (at = mac_find(a, p + i)) >= 0) {
			memcpy(p + i, a->macs[at].ps, 6);
			i += 6;
		} else
			i++;
	}
}

/* A record's text (not NUL-terminated) rewritten into b. */
static int
text_rewrite(struct vw_anon *a, const uint8_t *p, size_t n, struct sbuf *b)
{
	return anon_text(a, (const char *)p, n, b);
}

/* The CONFIG record: as a JSON tree when it parses, else as text. */
static int
config_rewrite(struct vw_anon *a, const struct vw_rec *rec, struct sbuf *b)
{
	cJSON *cfg;
	char *s;
	int r;

	if ((cfg = cJSON_ParseWithLength((const char *)rec->data,
	    rec->len)) == NULL)
		return text_rewrite(a, rec->data, rec->len, b);
	if ((r = vw_anon_json(a, cfg)) == 0) {
		if ((s = cJSON_Print(cfg)) == NULL)
			r = VW_ENOMEM;
		else {
			sb_put(b, s, strlen(s));
			sb_put(b, "\n", 1);
			cJSON_free(s);
			r = b->oom ? VW_ENOMEM : 0;
		}
	}
	cJSON_Delete(cfg);
	return r;
}

/* One record's new payload into pl (pl->len bytes). */
static int
record_rewrite(struct vw_anon *a, const struct vw_rec *rec, struct sbuf *pl)
{
	switch (rec->type) {
	case VW_REC_KMSG:
		sb_put(pl, rec->data, rec->len);
		if (pl->oom)
			return VW_ENOMEM;
		kmsg_rewrite(a, (uint8_t *)pl->p, pl->len);
		return 0;
	case VW_REC_CONFIG:
		return config_rewrite(a, rec, pl);
	case VW_REC_NOTE:
		return text_rewrite(a, rec->data, rec->len, pl);
	case VW_REC_DUMP_BEGIN:
		if (rec->len < 4)
			break;
		sb_put(pl, rec->data, 4);
		return text_rewrite(a, rec->data + 4, rec->len - 4, pl);
	default:
		break;
	}
	sb_put(pl, rec->data, rec->len);
	return pl->oom ? VW_ENOMEM : 0;
}

int
vw_anon_recording(struct vw_anon *a, const uint8_t *buf, size_t len,
    uint8_t **out, size_t *outlen, struct vw_perr *e)
{
	struct vw_rec_hdr h;
	struct vw_rec rec;
	struct sbuf b, pl;
	uint8_t rh[VW_REC_RECHDRLEN];
	size_t pos = VW_REC_HDRLEN;
	int r;

	*out = NULL;
	*outlen = 0;
	if ((r = vw_rec_decode_hdr(buf, len, &h, e)) < 0)
		return r;
	memset(&b, 0, sizeof(b));
	memset(&pl, 0, sizeof(pl));
	sb_put(&b, buf, VW_REC_HDRLEN);
	while ((r = vw_rec_next(buf, len, &pos, &rec, e)) == 1) {
		pl.len = 0;
		if ((r = record_rewrite(a, &rec, &pl)) < 0)
			break;
		if (pl.len > VW_REC_MAX_PAYLOAD) {
			r = vw_perr_set(e, rec.off, VW_ENOSPC, "record at byte "
			    "%llu: %zu bytes once anonymized, over the format's "
			    "limit", (unsigned long long)rec.off, pl.len);
			break;
		}
		vw_rec_encode_rechdr(rh, rec.type, rec.flags,
		    (const uint8_t *)pl.p, (uint32_t)pl.len, rec.mono_us);
		sb_put(&b, rh, sizeof(rh));
		sb_put(&b, pl.p, pl.len);
		if (b.oom) {
			r = VW_ENOMEM;
			break;
		}
	}
	free(pl.p);
	if (r < 0) {
		free(b.p);
		return r;
	}
	*out = (uint8_t *)b.p;
	*outlen = b.len;
	return 0;
}
