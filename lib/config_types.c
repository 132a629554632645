/* SPDX-License-Identifier: ISC */
/*
 * config_types.c - one set of operations per config value type: read it
 * from JSON (with the "expected X, got Y" message), set its default, print
 * it in normal form, compare and free it.  The tables in config.c say
 * which key has which type and bounds.
 *
 * A parse function leaves its field untouched on failure, and frees the
 * old value (a default) only once the new one is ready.
 */
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "vw_error.h"

#define GOTLEN	96

static int
nomem(struct vw__cfg_ctx *c)
{
	if (c->errlen > 0)
		snprintf(c->err, c->errlen, "%s: out of memory", c->file);
	return VW_ENOMEM;
}

static void
indent_to(struct vw__cfg_buf *b, int n)
{
	vw__cfg_buf_printf(b, "%*s", n, "");
}

static int
no_default(const struct vw__cfg_key *k, void *field)
{
	(void)k;
	(void)field;
	return 0;
}

static void
no_release(const struct vw__cfg_key *k, void *field)
{
	(void)k;
	(void)field;
}

static int
int_equal(const struct vw__cfg_key *k, const void *a, const void *b)
{
	(void)k;
	return *(const int *)a == *(const int *)b;
}

/* ---- bool ------------------------------------------------------------ */

static int
bool_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	(void)k;
	if (!cJSON_IsBool(j))
		return vw__cfg_fail(c, "expected true or false, got %s",
		    vw__cfg_what(j));
	*(int *)field = cJSON_IsTrue(j) ? 1 : 0;
	return 0;
}

static int
int_default(const struct vw__cfg_key *k, void *field)
{
	*(int *)field = (int)k->def;
	return 0;
}

static void
bool_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	(void)k;
	(void)indent;
	vw__cfg_buf_printf(b, "%s", *(const int *)field ? "true" : "false");
}

const struct vw__cfg_type vw__cfg_bool = {
	bool_parse, int_default, bool_print, int_equal, no_release
};

/* ---- integer ----------------------------------------------------------- */

static int
int_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	char got[GOTLEN];
	double v;

	if (!cJSON_IsNumber(j))
		return vw__cfg_fail(c, "expected an integer, got %s",
		    vw__cfg_what(j));
	v = j->valuedouble;
	vw__cfg_got(j, got, sizeof(got));
	/* The range test first keeps the cast below defined. */
	if (!(v >= (double)k->min && v <= (double)k->max)) {
		if (v == v && v > -1e18 && v < 1e18 && v != (double)(long long)v)
			return vw__cfg_fail(c, "expected an integer, got %s",
			    got);
		return vw__cfg_fail(c, "expected an integer between %lld and "
		    "%lld, got %s", k->min, k->max, got);
	}
	if (v != (double)(long long)v)
		return vw__cfg_fail(c, "expected an integer, got %s", got);
	*(int *)field = (int)v;
	return 0;
}

static void
int_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	(void)k;
	(void)indent;
	vw__cfg_buf_printf(b, "%d", *(const int *)field);
}

const struct vw__cfg_type vw__cfg_int = {
	int_parse, int_default, int_print, int_equal, no_release
};

/* ---- duration ("500ms", "30s", "10m", "1h"), kept in ms ----------------- */

static const struct {
	const char	*unit;
	uint32_t	 ms;
} units[] = {
	{ "h", 3600000 }, { "m", 60000 }, { "s", 1000 }, { "ms", 1 }
};

int
vw_config_parse_duration(const char *s, uint32_t *ms)
{
	unsigned long long v = 0;
	size_t ndig = 0, i;

	while (s[ndig] >= '0' && s[ndig] <= '9') {
		/* 12 digits times an hour still fits in 64 bits. */
		if (ndig == 12)
			return VW_ERANGE;
		v = v * 10 + (unsigned)(s[ndig] - '0');
		ndig++;
	}
	if (ndig == 0)
		return VW_EINVAL;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		if (strcmp(s + ndig, units[i].unit) != 0)
			continue;
		v *= units[i].ms;
		if (v > UINT32_MAX)
			return VW_ERANGE;
		*ms = (uint32_t)v;
		return 0;
	}
	return VW_EINVAL;
}

int
vw_config_fmt_duration(uint32_t ms, char *buf, size_t len)
{
	size_t i;

	if (ms == 0)
		return snprintf(buf, len, "0s");
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (ms % units[i].ms == 0)
			break;
	return snprintf(buf, len, "%u%s", (unsigned)(ms / units[i].ms),
	    units[i].unit);
}

static int
dur_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	char got[GOTLEN], lo[32], hi[32];
	uint32_t ms = 0;
	int r;

	if (!cJSON_IsString(j))
		return vw__cfg_fail(c, "expected a duration (a string such as "
		    "\"30s\"), got %s", vw__cfg_what(j));
	vw__cfg_got(j, got, sizeof(got));
	r = vw_config_parse_duration(j->valuestring, &ms);
	if (r == VW_EINVAL)
		return vw__cfg_fail(c, "expected a duration such as \"500ms\", "
		    "\"30s\", \"10m\" or \"1h\", got %s", got);
	if (r < 0 || ms < k->min || ms > k->max) {
		vw_config_fmt_duration((uint32_t)k->min, lo, sizeof(lo));
		vw_config_fmt_duration((uint32_t)k->max, hi, sizeof(hi));
		return vw__cfg_fail(c, "expected a duration between %s and "
		    "%s, got %s", lo, hi, got);
	}
	*(uint32_t *)field = ms;
	return 0;
}

static int
dur_default(const struct vw__cfg_key *k, void *field)
{
	*(uint32_t *)field = (uint32_t)k->def;
	return 0;
}

static void
dur_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	char s[32];

	(void)k;
	(void)indent;
	vw_config_fmt_duration(*(const uint32_t *)field, s, sizeof(s));
	vw__cfg_buf_quote(b, s, 0);
}

static int
dur_equal(const struct vw__cfg_key *k, const void *a, const void *b)
{
	(void)k;
	return *(const uint32_t *)a == *(const uint32_t *)b;
}

const struct vw__cfg_type vw__cfg_dur = {
	dur_parse, dur_default, dur_print, dur_equal, no_release
};

/* ---- string (min/max: length in bytes) ----------------------------------- */

static int
str_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	char **sp = field, *s;
	size_t n;

	if (cJSON_IsNull(j) && (k->flags & VW__CFG_NULL)) {
		free(*sp);
		*sp = NULL;
		return 0;
	}
	if (!cJSON_IsString(j))
		return vw__cfg_fail(c, "expected a string%s, got %s",
		    k->flags & VW__CFG_NULL ? " or null" : "", vw__cfg_what(j));
	n = strlen(j->valuestring);
	if (n < (size_t)k->min)
		return vw__cfg_fail(c, "expected a non-empty string, got \"\"");
	if (k->max > 0 && n > (size_t)k->max)
		return vw__cfg_fail(c, "expected a string of at most %lld "
		    "bytes, got %zu bytes", k->max, n);
	if ((s = strdup(j->valuestring)) == NULL)
		return nomem(c);
	free(*sp);
	*sp = s;
	return 0;
}

static int
str_default(const struct vw__cfg_key *k, void *field)
{
	char **sp = field;

	*sp = NULL;
	if (k->def_ptr != NULL && (*sp = strdup(k->def_ptr)) == NULL)
		return VW_ENOMEM;
	return 0;
}

static void
str_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	const char *s = *(char *const *)field;

	(void)k;
	(void)indent;
	if (s == NULL)
		vw__cfg_buf_printf(b, "null");
	else
		vw__cfg_buf_quote(b, s, 0);
}

static int
str_equal(const struct vw__cfg_key *k, const void *a, const void *b)
{
	const char *sa = *(char *const *)a, *sb = *(char *const *)b;

	(void)k;
	if (sa == NULL || sb == NULL)
		return sa == sb;
	return strcmp(sa, sb) == 0;
}

static void
str_release(const struct vw__cfg_key *k, void *field)
{
	char **sp = field;

	(void)k;
	free(*sp);
	*sp = NULL;
}

const struct vw__cfg_type vw__cfg_str = {
	str_parse, str_default, str_print, str_equal, str_release
};

/* ---- enumeration (null = 0 when nullable) --------------------------------- */

/* "\"a\", \"b\" or \"c\"" (", or null" style when nullable). */
static void
enum_list(const struct vw__cfg_key *k, struct vw__cfg_buf *b)
{
	size_t i, n = 0;

	while (k->enums[n].name != NULL)
		n++;
	for (i = 0; i < n; i++) {
		if (i > 0)
			vw__cfg_buf_printf(b, "%s", i + 1 == n &&
			    !(k->flags & VW__CFG_NULL) ? " or " : ", ");
		vw__cfg_buf_quote(b, k->enums[i].name, 0);
	}
	if (k->flags & VW__CFG_NULL)
		vw__cfg_buf_printf(b, " or null");
}

static int
enum_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	struct vw__cfg_buf list;
	const char *names[16], *hint = NULL;
	char got[GOTLEN];
	size_t i;
	int r;

	if (cJSON_IsNull(j) && (k->flags & VW__CFG_NULL)) {
		*(int *)field = 0;
		return 0;
	}
	for (i = 0; cJSON_IsString(j) && k->enums[i].name != NULL; i++)
		if (strcmp(j->valuestring, k->enums[i].name) == 0) {
			*(int *)field = k->enums[i].value;
			return 0;
		}
	for (i = 0; k->enums[i].name != NULL && i < 16; i++)
		names[i] = k->enums[i].name;
	if (cJSON_IsString(j))
		hint = vw__cfg_suggest(j->valuestring, names, i);
	vw__cfg_got(j, got, sizeof(got));
	memset(&list, 0, sizeof(list));
	enum_list(k, &list);
	if (list.err != 0) {
		free(list.p);
		return nomem(c);
	}
	if (hint != NULL)
		r = vw__cfg_fail(c, "expected %s, got %s (did you mean "
		    "\"%s\"?)", list.p, got, hint);
	else
		r = vw__cfg_fail(c, "expected %s, got %s", list.p, got);
	free(list.p);
	return r;
}

static void
enum_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	int v = *(const int *)field;
	size_t i;

	(void)indent;
	for (i = 0; k->enums[i].name != NULL; i++)
		if (k->enums[i].value == v) {
			vw__cfg_buf_quote(b, k->enums[i].name, 0);
			return;
		}
	vw__cfg_buf_printf(b, "null");
}

const struct vw__cfg_type vw__cfg_enum_type = {
	enum_parse, int_default, enum_print, int_equal, no_release
};

/* ---- IP address ------------------------------------------------------------ */

static int
ip_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	char got[GOTLEN];

	(void)k;
	if (!cJSON_IsString(j))
		return vw__cfg_fail(c, "expected an IPv4 or IPv6 address, got "
		    "%s", vw__cfg_what(j));
	if (vw_ip_parse(j->valuestring, field) < 0) {
		vw__cfg_got(j, got, sizeof(got));
		return vw__cfg_fail(c, "expected an IPv4 or IPv6 address, got "
		    "%s", got);
	}
	return 0;
}

static void
ip_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	char s[VW_IP_STRLEN];

	(void)k;
	(void)indent;
	if (vw_ip_str(field, s, sizeof(s)) < 0)
		vw__cfg_buf_printf(b, "null");
	else
		vw__cfg_buf_quote(b, s, 0);
}

static int
ip_equal(const struct vw__cfg_key *k, const void *a, const void *b)
{
	(void)k;
	return vw_ip_cmp(a, b) == 0;
}

const struct vw__cfg_type vw__cfg_ip = {
	ip_parse, no_default, ip_print, ip_equal, no_release
};

/* ---- probe: "icmp", "neighbor" or "tcp:PORT" -------------------------------- */

/* Decimal 1..65535 and nothing else; -1 if not. */
static int
port_parse(const char *s)
{
	long v = 0;
	size_t i;

	for (i = 0; s[i] >= '0' && s[i] <= '9' && i < 5; i++)
		v = v * 10 + (s[i] - '0');
	if (i == 0 || s[i] != '\0' || s[0] == '0' || v > 65535)
		return -1;
	return (int)v;
}

static int
probe_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	static const char *const kinds[] = { "icmp", "neighbor", "tcp" };
	struct vw_config_probe *p = field;
	const char *s, *hint;
	char got[GOTLEN];
	int port;

	(void)k;
	if (!cJSON_IsString(j))
		return vw__cfg_fail(c, "expected \"icmp\", \"neighbor\" or "
		    "\"tcp:PORT\", got %s", vw__cfg_what(j));
	s = j->valuestring;
	vw__cfg_got(j, got, sizeof(got));
	if (strcmp(s, "icmp") == 0 || strcmp(s, "neighbor") == 0) {
		p->kind = s[0] == 'i' ? VW_PROBE_ICMP : VW_PROBE_NEIGHBOR;
		p->port = 0;
		return 0;
	}
	if (strncmp(s, "tcp:", 4) == 0) {
		if ((port = port_parse(s + 4)) < 0)
			return vw__cfg_fail(c, "expected \"tcp:PORT\" with a "
			    "port between 1 and 65535, got %s", got);
		p->kind = VW_PROBE_TCP;
		p->port = port;
		return 0;
	}
	if ((hint = vw__cfg_suggest(s, kinds, 3)) != NULL)
		return vw__cfg_fail(c, "expected \"icmp\", \"neighbor\" or "
		    "\"tcp:PORT\", got %s (did you mean \"%s%s\"?)", got, hint,
		    strcmp(hint, "tcp") == 0 ? ":PORT" : "");
	return vw__cfg_fail(c, "expected \"icmp\", \"neighbor\" or "
	    "\"tcp:PORT\", got %s", got);
}

static int
probe_default(const struct vw__cfg_key *k, void *field)
{
	struct vw_config_probe *p = field;

	p->kind = (int)k->def;
	p->port = 0;
	return 0;
}

static void
probe_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	const struct vw_config_probe *p = field;

	(void)k;
	(void)indent;
	if (p->kind == VW_PROBE_TCP)
		vw__cfg_buf_printf(b, "\"tcp:%d\"", p->port);
	else
		vw__cfg_buf_printf(b, "\"%s\"", p->kind == VW_PROBE_NEIGHBOR ?
		    "neighbor" : "icmp");
}

static int
probe_equal(const struct vw__cfg_key *k, const void *a, const void *b)
{
	const struct vw_config_probe *pa = a, *pb = b;

	(void)k;
	return pa->kind == pb->kind && pa->port == pb->port;
}

const struct vw__cfg_type vw__cfg_probe = {
	probe_parse, probe_default, probe_print, probe_equal, no_release
};

/* ---- listener: "ADDRESS:PORT", "[IPV6]:PORT", or null ----------------------- */

static int
listen_split(const char *s, struct vw_config_listen *l)
{
	char host[VW_IP_STRLEN];
	const char *colon, *h = s;
	size_t n;

	if (s[0] == '[') {
		if ((colon = strstr(s, "]:")) == NULL)
			return -1;
		h = s + 1;
		n = (size_t)(colon - h);
		colon++;
	} else {
		if ((colon = strchr(s, ':')) == NULL || strchr(colon + 1,
		    ':') != NULL)
			return -1;
		n = (size_t)(colon - s);
	}
	if (n == 0 || n >= sizeof(host))
		return -1;
	memcpy(host, h, n);
	host[n] = '\0';
	if (vw_ip_parse(host, &l->ip) < 0 ||
	    (s[0] == '[') != (l->ip.family == VW_AF_INET6))
		return -1;
	if ((l->port = port_parse(colon + 1)) < 0)
		return -1;
	l->enabled = 1;
	return 0;
}

static int
listen_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	struct vw_config_listen l;
	char got[GOTLEN];

	(void)k;
	memset(&l, 0, sizeof(l));
	if (cJSON_IsNull(j)) {
		*(struct vw_config_listen *)field = l;
		return 0;
	}
	if (!cJSON_IsString(j))
		return vw__cfg_fail(c, "expected \"ADDRESS:PORT\" (such as "
		    "\"127.0.0.1:9469\") or null, got %s", vw__cfg_what(j));
	if (listen_split(j->valuestring, &l) < 0) {
		vw__cfg_got(j, got, sizeof(got));
		return vw__cfg_fail(c, "expected \"ADDRESS:PORT\" (such as "
		    "\"127.0.0.1:9469\") or null, got %s", got);
	}
	*(struct vw_config_listen *)field = l;
	return 0;
}

static void
listen_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	const struct vw_config_listen *l = field;
	char s[VW_IP_STRLEN];

	(void)k;
	(void)indent;
	if (!l->enabled || vw_ip_str(&l->ip, s, sizeof(s)) < 0) {
		vw__cfg_buf_printf(b, "null");
		return;
	}
	if (l->ip.family == VW_AF_INET6)
		vw__cfg_buf_printf(b, "\"[%s]:%d\"", s, l->port);
	else
		vw__cfg_buf_printf(b, "\"%s:%d\"", s, l->port);
}

static int
listen_equal(const struct vw__cfg_key *k, const void *a, const void *b)
{
	const struct vw_config_listen *la = a, *lb = b;

	(void)k;
	if (!la->enabled || !lb->enabled)
		return la->enabled == lb->enabled;
	return vw_ip_cmp(&la->ip, &lb->ip) == 0 && la->port == lb->port;
}

const struct vw__cfg_type vw__cfg_listen = {
	listen_parse, no_default, listen_print, listen_equal, no_release
};

/* ---- list of strings (min/max: count; check: each element) ------------------ */

#define COUNT(k, field)	((size_t *)((char *)(field) + (k)->count_off))
#define CCOUNT(k, field) (*(const size_t *)((const char *)(field) + \
			    (k)->count_off))

static void
strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static int
strlist_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	const cJSON *e;
	char **v = NULL;
	size_t n, i = 0, saved;
	int r = 0;

	if (!cJSON_IsArray(j))
		return vw__cfg_fail(c, "expected an array of strings, got %s",
		    vw__cfg_what(j));
	n = (size_t)cJSON_GetArraySize(j);
	if ((long long)n < k->min || (long long)n > k->max)
		return vw__cfg_fail(c, "expected %lld to %lld strings, got %zu",
		    k->min, k->max, n);
	if (n > 0 && (v = calloc(n, sizeof(*v))) == NULL)
		return nomem(c);
	cJSON_ArrayForEach(e, j) {
		saved = vw__cfg_push_index(c, i);
		if (!cJSON_IsString(e))
			r = vw__cfg_fail(c, "expected a string, got %s",
			    vw__cfg_what(e));
		else if (e->valuestring[0] == '\0')
			r = vw__cfg_fail(c, "expected a non-empty string, got "
			    "\"\"");
		else if ((v[i] = strdup(e->valuestring)) == NULL)
			r = nomem(c);
		else if (k->check != NULL)
			r = k->check(c, k, &v[i]);
		if (r < 0) {
			strv_free(v, n);
			return r;
		}
		vw__cfg_pop(c, saved);
		i++;
	}
	strv_free(*(char ***)field, *COUNT(k, field));
	*(char ***)field = v;
	*COUNT(k, field) = n;
	return 0;
}

static int
strlist_default(const struct vw__cfg_key *k, void *field)
{
	const char *const *def = k->def_ptr;
	char **v = NULL;
	size_t n = 0, i;

	while (def != NULL && def[n] != NULL)
		n++;
	if (n > 0 && (v = calloc(n, sizeof(*v))) == NULL)
		return VW_ENOMEM;
	for (i = 0; i < n; i++)
		if ((v[i] = strdup(def[i])) == NULL) {
			strv_free(v, n);
			return VW_ENOMEM;
		}
	*(char ***)field = v;
	*COUNT(k, field) = n;
	return 0;
}

static void
strlist_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	char *const *v = *(char **const *)field;
	size_t n = CCOUNT(k, field), i;

	(void)indent;
	vw__cfg_buf_printf(b, "[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			vw__cfg_buf_printf(b, ", ");
		vw__cfg_buf_quote(b, v[i], 0);
	}
	vw__cfg_buf_printf(b, "]");
}

static int
strlist_equal(const struct vw__cfg_key *k, const void *a, const void *b)
{
	char *const *va = *(char **const *)a, *const *vb = *(char **const *)b;
	size_t n = CCOUNT(k, a), i;

	if (n != CCOUNT(k, b))
		return 0;
	for (i = 0; i < n; i++)
		if (strcmp(va[i], vb[i]) != 0)
			return 0;
	return 1;
}

static void
strlist_release(const struct vw__cfg_key *k, void *field)
{
	strv_free(*(char ***)field, *COUNT(k, field));
	*(char ***)field = NULL;
	*COUNT(k, field) = 0;
}

const struct vw__cfg_type vw__cfg_strlist = {
	strlist_parse, strlist_default, strlist_print, strlist_equal,
	strlist_release
};

/* ---- a section: an object of its own keys ------------------------------------ */

static int
section_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	int r;

	if ((r = vw__cfg_parse_object(c, k->sub, j, field)) < 0)
		return r;
	return k->check_obj != NULL ? k->check_obj(c, field) : 0;
}

static int
section_default(const struct vw__cfg_key *k, void *field)
{
	return vw__cfg_default_object(k->sub, field);
}

static void
section_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	vw__cfg_print_object(b, k->sub, field, indent);
}

static int
section_equal(const struct vw__cfg_key *k, const void *a, const void *b)
{
	return vw__cfg_equal_object(k->sub, a, b);
}

static void
section_release(const struct vw__cfg_key *k, void *field)
{
	vw__cfg_release_object(k->sub, field);
}

const struct vw__cfg_type vw__cfg_section = {
	section_parse, section_default, section_print, section_equal,
	section_release
};

/* ---- an array of objects (max: count) ----------------------------------------- */

static void
objv_free(const struct vw__cfg_key *k, char *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		vw__cfg_release_object(k->sub, v + i * k->elem_size);
	free(v);
}

static int
objarray_parse(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const cJSON *j, void *field)
{
	const cJSON *e;
	char *v = NULL, *elem;
	size_t n, i = 0, saved;
	int r = 0;

	if (!cJSON_IsArray(j))
		return vw__cfg_fail(c, "expected an array of objects, got %s",
		    vw__cfg_what(j));
	n = (size_t)cJSON_GetArraySize(j);
	if ((long long)n > k->max)
		return vw__cfg_fail(c, "expected at most %lld entries, got %zu",
		    k->max, n);
	if (n > 0 && (v = calloc(n, k->elem_size)) == NULL)
		return nomem(c);
	cJSON_ArrayForEach(e, j) {
		elem = v + i * k->elem_size;
		saved = vw__cfg_push_index(c, i);
		if ((r = vw__cfg_default_object(k->sub, elem)) < 0)
			r = nomem(c);
		else if ((r = vw__cfg_parse_object(c, k->sub, e, elem)) == 0 &&
		    k->check_obj != NULL)
			r = k->check_obj(c, elem);
		if (r < 0) {
			/* Elements past i are still zero: releasing is a no-op. */
			objv_free(k, v, n);
			return r;
		}
		vw__cfg_pop(c, saved);
		i++;
	}
	if (k->check_all != NULL && (r = k->check_all(c, v, n)) < 0) {
		objv_free(k, v, n);
		return r;
	}
	objv_free(k, *(char **)field, *COUNT(k, field));
	*(char **)field = v;
	*COUNT(k, field) = n;
	return 0;
}

static int
objarray_default(const struct vw__cfg_key *k, void *field)
{
	*(char **)field = NULL;
	*COUNT(k, field) = 0;
	return 0;
}

static void
objarray_print(struct vw__cfg_buf *b, const struct vw__cfg_key *k,
    const void *field, int indent)
{
	const char *v = *(char *const *)field;
	size_t n = CCOUNT(k, field), i;

	if (n == 0) {
		vw__cfg_buf_printf(b, "[]");
		return;
	}
	vw__cfg_buf_printf(b, "[\n");
	for (i = 0; i < n; i++) {
		indent_to(b, indent + 2);
		vw__cfg_print_object(b, k->sub, v + i * k->elem_size,
		    indent + 2);
		vw__cfg_buf_printf(b, "%s\n", i + 1 < n ? "," : "");
	}
	indent_to(b, indent);
	vw__cfg_buf_printf(b, "]");
}

static int
objarray_equal(const struct vw__cfg_key *k, const void *a, const void *b)
{
	const char *va = *(char *const *)a, *vb = *(char *const *)b;
	size_t n = CCOUNT(k, a), i;

	if (n != CCOUNT(k, b))
		return 0;
	for (i = 0; i < n; i++)
		if (!vw__cfg_equal_object(k->sub, va + i * k->elem_size,
		    vb + i * k->elem_size))
			return 0;
	return 1;
}

static void
objarray_release(const struct vw__cfg_key *k, void *field)
{
	objv_free(k, *(char **)field, *COUNT(k, field));
	*(char **)field = NULL;
	*COUNT(k, field) = 0;
}

const struct vw__cfg_type vw__cfg_objarray = {
	objarray_parse, objarray_default, objarray_print, objarray_equal,
	objarray_release
};
