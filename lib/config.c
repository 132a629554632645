/* SPDX-License-Identifier: ISC */
/*
 * config.c - the config descriptor tables and the walker that applies
 * them: parse + validate, defaults, print, compare, free.  Adding a key is
 * one line in a table below (and its field in config.h, its line in
 * config/vmwatch.json and config/README.md).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "config_int.h"
#include "vw_error.h"

#define SEC	1000LL
#define MIN	(60 * SEC)
#define HOUR	(60 * MIN)

/* sockaddr_un.sun_path is 104 bytes on macOS and FreeBSD (108 on Linux). */
#define SOCKET_PATH_MAX	103

/*
 * Fail with "expected WHAT, got <s, quoted and cut>"; `other` stands in for
 * the value when quoting it runs out of memory.
 */
static int
fail_got(struct vw__cfg_ctx *c, const char *what, const char *s,
    const char *other)
{
	struct vw__cfg_buf b;
	int r;

	memset(&b, 0, sizeof(b));
	vw__cfg_buf_quote(&b, s, 60);
	r = vw__cfg_fail(c, "expected %s, got %s", what,
	    b.p != NULL ? b.p : other);
	free(b.p);
	return r;
}

/* ---- validators ---------------------------------------------------------- */

static int
check_abs_path(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const void *field)
{
	const char *s = *(char *const *)field;

	(void)k;
	if (s == NULL || s[0] == '/')
		return 0;
	return fail_got(c, "an absolute path", s, "a relative one");
}

/* POSIX portable user/group names, plus the '$' Samba accounts end with. */
static int
check_group(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const void *field)
{
	const char *s = *(char *const *)field;
	size_t i;

	(void)k;
	if (s == NULL)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' ||
		    (ch == '-' && i > 0) || (ch == '$' && s[i + 1] == '\0'))
			continue;
		return fail_got(c, "a group name (letters, digits, '_', "
		    "'.', '-')", s, "another");
	}
	return 0;
}

/* Names go into log lines: no control characters. */
static int
check_name(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const void *field)
{
	const char *s = *(char *const *)field;
	size_t i;

	(void)k;
	for (i = 0; s != NULL && s[i] != '\0'; i++) {
		if ((unsigned char)s[i] >= 0x20 && s[i] != 0x7f)
			continue;
		return fail_got(c, "a name without control characters", s,
		    "another");
	}
	return 0;
}

/* An fnmatch(3) pattern for interface names (IFNAMSIZ is 16). */
static int
check_ifglob(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const void *field)
{
	const char *s = *(char *const *)field;
	size_t i;
	int bad = strlen(s) > 63;

	(void)k;
	for (i = 0; !bad && s[i] != '\0'; i++)
		bad = (unsigned char)s[i] <= 0x20 || s[i] == 0x7f ||
		    s[i] == '/';
	if (!bad)
		return 0;
	return fail_got(c, "an interface name pattern (at most 63 "
	    "characters, no spaces or '/')", s, "another");
}

static int
check_unicast(struct vw__cfg_ctx *c, const struct vw__cfg_key *k,
    const void *field)
{
	static const uint8_t bcast[4] = { 255, 255, 255, 255 };
	const struct vw_ip *ip = field;
	char s[VW_IP_STRLEN];
	int bad;

	(void)k;
	if (ip->family == VW_AF_INET)
		bad = vw_ip_is_zero(ip) || (ip->a[0] & 0xf0) == 0xe0 ||
		    memcmp(ip->a, bcast, 4) == 0;
	else
		bad = vw_ip_is_zero(ip) || ip->a[0] == 0xff;
	if (!bad)
		return 0;
	vw_ip_str(ip, s, sizeof(s));
	return vw__cfg_fail(c, "expected a unicast address, got \"%s\"", s);
}

/* A probe that outlives its interval would overlap the next one. */
static int
check_target(struct vw__cfg_ctx *c, void *obj)
{
	const struct vw_config_target *t = obj;
	char iv[32], to[32];

	if (t->timeout_ms <= t->interval_ms)
		return 0;
	vw_config_fmt_duration(t->interval_ms, iv, sizeof(iv));
	vw_config_fmt_duration(t->timeout_ms, to, sizeof(to));
	vw__cfg_push(c, "timeout");
	return vw__cfg_fail(c, "expected a duration no longer than the "
	    "interval (%s), got \"%s\"", iv, to);
}

static int
check_targets(struct vw__cfg_ctx *c, const void *arr, size_t n)
{
	const struct vw_config_target *t = arr;
	char s[VW_IP_STRLEN];
	size_t i, j;

	/* Quadratic, but bounded by VW_CONFIG_MAX_TARGETS and run once. */
	for (i = 1; i < n; i++)
		for (j = 0; j < i; j++) {
			if (vw_ip_cmp(&t[i].address, &t[j].address) != 0)
				continue;
			vw_ip_str(&t[i].address, s, sizeof(s));
			vw__cfg_push_index(c, i);
			vw__cfg_push(c, "address");
			return vw__cfg_fail(c, "\"%s\" is already the address "
			    "of /targets/%zu", s, j);
		}
	return 0;
}

/* ---- the tables ------------------------------------------------------------ */

static const struct vw__cfg_enum mode_enums[] = {
	{ "0660", 0660 }, { "0600", 0600 }, { NULL, 0 }
};
static const struct vw__cfg_enum kev_enums[] = {
	{ "none", VW_KEVLOG_NONE }, { "path", VW_KEVLOG_PATH },
	{ "all", VW_KEVLOG_ALL }, { NULL, 0 }
};
static const char *const def_ifglobs[] = {
	"bridge*", "vmnet*", "virbr*", NULL
};

#define O(type, member)	offsetof(type, member)
#define DIST(type, a, b) (offsetof(type, b) - offsetof(type, a))

static const struct vw__cfg_key log_keys[] = {
	{ .name = "json", .type = &vw__cfg_str,
	  .off = O(struct vw_config_log, json),
	  .flags = VW__CFG_NULL | VW__CFG_RESTART, .min = 1, .max = 1023,
	  .check = check_abs_path },
	{ .name = "syslog", .type = &vw__cfg_bool,
	  .off = O(struct vw_config_log, to_syslog),
	  .flags = VW__CFG_RESTART, .def = 1 },
	{ .name = "stderr", .type = &vw__cfg_bool,
	  .off = O(struct vw_config_log, to_stderr),
	  .flags = VW__CFG_RESTART, .def = 1 },
	{ .name = "kernel_events", .type = &vw__cfg_enum_type,
	  .off = O(struct vw_config_log, kernel_events),
	  .def = VW_KEVLOG_PATH, .enums = kev_enums },
	{ .name = "rate_limit_per_min", .type = &vw__cfg_int,
	  .off = O(struct vw_config_log, rate_limit_per_min),
	  .def = 30, .min = 1, .max = 10000 },
	{ .name = NULL }
};

static const struct vw__cfg_key kernel_keys[] = {
	{ .name = "rcvbuf", .type = &vw__cfg_int,
	  .off = O(struct vw_config_kernel, rcvbuf), .flags = VW__CFG_RESTART,
	  .def = 8388608, .min = 65536, .max = 268435456 },
	{ .name = "resync_interval", .type = &vw__cfg_dur,
	  .off = O(struct vw_config_kernel, resync_interval_ms),
	  .flags = VW__CFG_RESTART, .def = 30 * SEC, .min = SEC, .max = HOUR },
	{ .name = "arp_poll", .type = &vw__cfg_dur,
	  .off = O(struct vw_config_kernel, arp_poll_ms),
	  .flags = VW__CFG_RESTART, .def = 2 * SEC, .min = 100, .max = MIN },
	{ .name = NULL }
};

static const struct vw__cfg_key target_keys[] = {
	{ .name = "address", .type = &vw__cfg_ip,
	  .off = O(struct vw_config_target, address), .flags = VW__CFG_REQ,
	  .check = check_unicast },
	{ .name = "name", .type = &vw__cfg_str,
	  .off = O(struct vw_config_target, name), .flags = VW__CFG_NULL,
	  .min = 1, .max = VW_CONFIG_NAME_MAX, .check = check_name },
	{ .name = "probe", .type = &vw__cfg_probe,
	  .off = O(struct vw_config_target, probe), .def = VW_PROBE_ICMP },
	{ .name = "interval", .type = &vw__cfg_dur,
	  .off = O(struct vw_config_target, interval_ms),
	  .def = SEC, .min = 100, .max = HOUR },
	{ .name = "timeout", .type = &vw__cfg_dur,
	  .off = O(struct vw_config_target, timeout_ms),
	  .def = SEC, .min = 100, .max = MIN },
	{ .name = "down_after", .type = &vw__cfg_int,
	  .off = O(struct vw_config_target, down_after),
	  .def = 3, .min = 1, .max = 100 },
	{ .name = "up_after", .type = &vw__cfg_int,
	  .off = O(struct vw_config_target, up_after),
	  .def = 2, .min = 1, .max = 100 },
	{ .name = "degraded_loss", .type = &vw__cfg_int,
	  .off = O(struct vw_config_target, degraded_loss_pct),
	  .def = 20, .min = 0, .max = 100 },
	{ .name = "degraded_rtt", .type = &vw__cfg_dur,
	  .off = O(struct vw_config_target, degraded_rtt_ms),
	  .def = 500, .min = 1, .max = MIN },
	{ .name = NULL }
};

static const struct vw__cfg_key discovery_keys[] = {
	{ .name = "enabled", .type = &vw__cfg_bool,
	  .off = O(struct vw_config_discovery, enabled), .def = 1 },
	{ .name = "interfaces", .type = &vw__cfg_strlist,
	  .off = O(struct vw_config_discovery, interfaces),
	  .def_ptr = def_ifglobs, .min = 0, .max = VW_CONFIG_MAX_IFGLOBS,
	  .count_off = DIST(struct vw_config_discovery, interfaces,
	      ninterfaces),
	  .check = check_ifglob },
	{ .name = "retire_after", .type = &vw__cfg_dur,
	  .off = O(struct vw_config_discovery, retire_after_ms),
	  .def = 10 * MIN, .min = 10 * SEC, .max = 24 * HOUR },
	{ .name = NULL }
};

static const struct vw__cfg_key history_keys[] = {
	{ .name = "size", .type = &vw__cfg_int,
	  .off = O(struct vw_config_history, size),
	  .def = 4096, .min = 16, .max = 1000000 },
	{ .name = NULL }
};

static const struct vw__cfg_key metrics_keys[] = {
	{ .name = "listen", .type = &vw__cfg_listen,
	  .off = O(struct vw_config_metrics, listen),
	  .flags = VW__CFG_NULL | VW__CFG_RESTART },
	{ .name = NULL }
};

static const struct vw__cfg_key top_keys[] = {
	{ .name = "socket", .type = &vw__cfg_str,
	  .off = O(struct vw_config, socket),
	  .flags = VW__CFG_NULL | VW__CFG_RESTART, .min = 1,
	  .max = SOCKET_PATH_MAX, .check = check_abs_path },
	{ .name = "socket_mode", .type = &vw__cfg_enum_type,
	  .off = O(struct vw_config, socket_mode),
	  .flags = VW__CFG_NULL | VW__CFG_RESTART, .enums = mode_enums },
	{ .name = "socket_group", .type = &vw__cfg_str,
	  .off = O(struct vw_config, socket_group),
	  .flags = VW__CFG_NULL | VW__CFG_RESTART, .min = 1, .max = 32,
	  .check = check_group },
	{ .name = "log", .type = &vw__cfg_section,
	  .off = O(struct vw_config, log), .sub = log_keys },
	{ .name = "kernel", .type = &vw__cfg_section,
	  .off = O(struct vw_config, kernel), .sub = kernel_keys },
	{ .name = "targets", .type = &vw__cfg_objarray,
	  .off = O(struct vw_config, targets), .sub = target_keys,
	  .max = VW_CONFIG_MAX_TARGETS,
	  .elem_size = sizeof(struct vw_config_target),
	  .count_off = DIST(struct vw_config, targets, ntargets),
	  .check_obj = check_target, .check_all = check_targets },
	{ .name = "discovery", .type = &vw__cfg_section,
	  .off = O(struct vw_config, discovery), .sub = discovery_keys },
	{ .name = "history", .type = &vw__cfg_section,
	  .off = O(struct vw_config, history), .sub = history_keys },
	{ .name = "metrics", .type = &vw__cfg_section,
	  .off = O(struct vw_config, metrics), .sub = metrics_keys },
	{ .name = NULL }
};

/* ---- the walker -------------------------------------------------------------- */

#define FIELD(base, k)	((void *)((char *)(base) + (k)->off))
#define CFIELD(base, k)	((const void *)((const char *)(base) + (k)->off))

static int
unknown_key(struct vw__cfg_ctx *c, const struct vw__cfg_key *keys,
    const char *name)
{
	struct vw__cfg_buf b;
	const char *names[32], *hint;
	size_t n;
	int r;

	for (n = 0; keys[n].name != NULL && n < 32; n++)
		names[n] = keys[n].name;
	if ((hint = vw__cfg_suggest(name, names, n)) != NULL)
		return vw__cfg_fail(c, "unknown key (did you mean \"%s\"?)",
		    hint);
	memset(&b, 0, sizeof(b));
	for (n = 0; keys[n].name != NULL; n++)
		vw__cfg_buf_printf(&b, "%s\"%s\"", n > 0 ? ", " : "",
		    keys[n].name);
	r = vw__cfg_fail(c, "unknown key (known keys: %s)",
	    b.p != NULL ? b.p : "none");
	free(b.p);
	return r;
}

int
vw__cfg_parse_object(struct vw__cfg_ctx *c, const struct vw__cfg_key *keys,
    const cJSON *j, void *base)
{
	const struct vw__cfg_key *k;
	const cJSON *item;
	uint32_t seen = 0;	/* a bit per key: no table has 32 keys */
	size_t saved, i;
	int r;

	if (!cJSON_IsObject(j))
		return vw__cfg_fail(c, "expected an object, got %s",
		    vw__cfg_what(j));
	cJSON_ArrayForEach(item, j) {
		saved = vw__cfg_push(c, item->string);
		for (i = 0; keys[i].name != NULL; i++)
			if (strcmp(keys[i].name, item->string) == 0)
				break;
		k = &keys[i];
		if (k->name == NULL)
			return unknown_key(c, keys, item->string);
		/* cJSON keeps both copies; the later one would be ignored. */
		if (seen & (1u << i))
			return vw__cfg_fail(c, "duplicate key");
		seen |= 1u << i;
		if ((r = k->type->parse(c, k, item, FIELD(base, k))) < 0)
			return r;
		if (k->check != NULL && k->type != &vw__cfg_strlist &&
		    (r = k->check(c, k, FIELD(base, k))) < 0)
			return r;
		vw__cfg_pop(c, saved);
	}
	for (i = 0; keys[i].name != NULL; i++)
		if ((keys[i].flags & VW__CFG_REQ) && !(seen & (1u << i)))
			return vw__cfg_fail(c, "missing required key \"%s\"",
			    keys[i].name);
	return 0;
}

int
vw__cfg_default_object(const struct vw__cfg_key *keys, void *base)
{
	const struct vw__cfg_key *k;
	int r;

	for (k = keys; k->name != NULL; k++)
		if ((r = k->type->dflt(k, FIELD(base, k))) < 0)
			return r;
	return 0;
}

void
vw__cfg_print_object(struct vw__cfg_buf *b, const struct vw__cfg_key *keys,
    const void *base, int indent)
{
	const struct vw__cfg_key *k;

	vw__cfg_buf_printf(b, "{\n");
	for (k = keys; k->name != NULL; k++) {
		vw__cfg_buf_printf(b, "%*s\"%s\": ", indent + 2, "", k->name);
		k->type->print(b, k, CFIELD(base, k), indent + 2);
		vw__cfg_buf_printf(b, "%s\n", k[1].name != NULL ? "," : "");
	}
	vw__cfg_buf_printf(b, "%*s}", indent, "");
}

int
vw__cfg_equal_object(const struct vw__cfg_key *keys, const void *a,
    const void *b)
{
	const struct vw__cfg_key *k;

	for (k = keys; k->name != NULL; k++)
		if (!k->type->equal(k, CFIELD(a, k), CFIELD(b, k)))
			return 0;
	return 1;
}

void
vw__cfg_release_object(const struct vw__cfg_key *keys, void *base)
{
	const struct vw__cfg_key *k;

	for (k = keys; k->name != NULL; k++)
		k->type->release(k, FIELD(base, k));
}

static size_t
diff_object(struct vw__cfg_ctx *c, const struct vw__cfg_key *keys,
    const void *a, const void *b, vw_config_diff_cb cb, void *arg)
{
	const struct vw__cfg_key *k;
	size_t n = 0, saved;

	for (k = keys; k->name != NULL; k++) {
		saved = vw__cfg_push(c, k->name);
		if (k->type == &vw__cfg_section)
			n += diff_object(c, k->sub, CFIELD(a, k), CFIELD(b, k),
			    cb, arg);
		else if (!k->type->equal(k, CFIELD(a, k), CFIELD(b, k))) {
			n++;
			if (cb != NULL)
				cb(c->ptr, (k->flags & VW__CFG_RESTART) != 0,
				    arg);
		}
		vw__cfg_pop(c, saved);
	}
	return n;
}

/* ---- the API --------------------------------------------------------------------- */

int
vw_config_defaults(struct vw_config *cfg)
{
	int r;

	memset(cfg, 0, sizeof(*cfg));
	if ((r = vw__cfg_default_object(top_keys, cfg)) < 0)
		vw_config_free(cfg);
	return r;
}

void
vw_config_free(struct vw_config *cfg)
{
	if (cfg == NULL)
		return;
	vw__cfg_release_object(top_keys, cfg);
	memset(cfg, 0, sizeof(*cfg));
}

int
vw_config_parse(const char *text, size_t len, const char *filename,
    struct vw_config *out, char *err, size_t errlen)
{
	struct vw__cfg_ctx c;
	struct vw__json_err je;
	struct vw_config cfg;
	unsigned line, col;
	cJSON *root;
	int r;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.file = filename != NULL ? filename : "config";
	c.err = err;
	c.errlen = errlen;
	if (errlen > 0)
		err[0] = '\0';
	if (len > VW_CONFIG_MAX_TEXT) {
		if (errlen > 0)
			snprintf(err, errlen, "%s: too large (%zu bytes; at most "
			    "%d)", c.file, len, VW_CONFIG_MAX_TEXT);
		return VW_ERANGE;
	}
	if (vw__json_check(text, len, &je) < 0) {
		vw__json_linecol(text, len, je.off, &line, &col);
		if (errlen > 0)
			snprintf(err, errlen, "%s:%u:%u: syntax error: %s",
			    c.file, line, col, je.msg);
		return VW_ESYNTAX;
	}
	/* Checked above: only memory can make cJSON fail now. */
	if ((root = cJSON_ParseWithLength(text, len)) == NULL) {
		if (errlen > 0)
			snprintf(err, errlen, "%s: out of memory", c.file);
		return VW_ENOMEM;
	}
	if (!cJSON_IsObject(root)) {
		r = vw__cfg_fail(&c, "expected a JSON object at the top level, "
		    "got %s", vw__cfg_what(root));
		cJSON_Delete(root);
		return r;
	}
	if ((r = vw_config_defaults(&cfg)) < 0) {
		if (errlen > 0)
			snprintf(err, errlen, "%s: out of memory", c.file);
	} else if ((r = vw__cfg_parse_object(&c, top_keys, root, &cfg)) < 0)
		vw_config_free(&cfg);
	else
		*out = cfg;
	cJSON_Delete(root);
	return r;
}

int
vw_config_target_defaults(struct vw_config_target *t)
{
	memset(t, 0, sizeof(*t));
	return vw__cfg_default_object(target_keys, t);
}

int
vw_config_add_target(struct vw_config *cfg, const char *spec, char *err,
    size_t errlen)
{
	struct vw_config_target t, *v;
	struct vw__cfg_ctx c;
	const char *eq = strchr(spec, '=');
	char addr[VW_IP_STRLEN];
	size_t n = eq != NULL ? (size_t)(eq - spec) : strlen(spec), i;
	int r, ok = 0;

	memset(&c, 0, sizeof(c));
	c.file = "--target";
	c.err = err;
	c.errlen = errlen;
	memset(&t, 0, sizeof(t));
	if ((r = vw__cfg_default_object(target_keys, &t)) < 0)
		goto fail;
	if (n > 0 && n < sizeof(addr)) {
		memcpy(addr, spec, n);
		addr[n] = '\0';
		ok = vw_ip_parse(addr, &t.address) == 0;
	}
	if (!ok || (eq != NULL && eq[1] == '\0')) {
		r = fail_got(&c, !ok ? "ADDRESS[=NAME] with an IPv4 or IPv6 "
		    "address" : "a non-empty NAME after '='", spec, "another");
		goto fail;
	}
	/* The validators of "address" and "name" (they ignore their key). */
	if ((r = check_unicast(&c, NULL, &t.address)) < 0)
		goto fail;
	if (eq != NULL) {
		if (strlen(eq + 1) > VW_CONFIG_NAME_MAX) {
			r = vw__cfg_fail(&c, "expected a name of at most %d "
			    "bytes, got %zu bytes", VW_CONFIG_NAME_MAX,
			    strlen(eq + 1));
			goto fail;
		}
		if ((t.name = strdup(eq + 1)) == NULL) {
			r = VW_ENOMEM;
			goto fail;
		}
		if ((r = check_name(&c, NULL, &t.name)) < 0)
			goto fail;
	}
	for (i = 0; i < cfg->ntargets; i++)
		if (vw_ip_cmp(&cfg->targets[i].address, &t.address) == 0) {
			vw_ip_str(&t.address, addr, sizeof(addr));
			r = vw__cfg_fail(&c, "\"%s\" is already the address of "
			    "/targets/%zu", addr, i);
			goto fail;
		}
	if (cfg->ntargets >= VW_CONFIG_MAX_TARGETS) {
		r = vw__cfg_fail(&c, "more than %d targets",
		    VW_CONFIG_MAX_TARGETS);
		goto fail;
	}
	if ((v = realloc(cfg->targets, (cfg->ntargets + 1) *
	    sizeof(*v))) == NULL) {
		r = VW_ENOMEM;
		goto fail;
	}
	v[cfg->ntargets] = t;
	cfg->targets = v;
	cfg->ntargets++;
	return 0;

fail:
	if (r == VW_ENOMEM && errlen > 0)
		snprintf(err, errlen, "--target: out of memory");
	vw__cfg_release_object(target_keys, &t);
	return r;
}

char *
vw_config_to_json(const struct vw_config *cfg)
{
	struct vw__cfg_buf b;

	memset(&b, 0, sizeof(b));
	vw__cfg_print_object(&b, top_keys, cfg, 0);
	vw__cfg_buf_printf(&b, "\n");
	if (b.err != 0) {
		free(b.p);
		return NULL;
	}
	return b.p;
}

int
vw_config_print(const struct vw_config *cfg, FILE *fp)
{
	char *s;
	int r = 0;

	if ((s = vw_config_to_json(cfg)) == NULL)
		return VW_ENOMEM;
	if (fputs(s, fp) == EOF || fflush(fp) == EOF)
		r = VW_EIO;
	free(s);
	return r;
}

size_t
vw_config_diff(const struct vw_config *a, const struct vw_config *b,
    vw_config_diff_cb cb, void *arg)
{
	struct vw__cfg_ctx c;

	memset(&c, 0, sizeof(c));
	c.file = "";
	return diff_object(&c, top_keys, a, b, cb, arg);
}

int
vw_config_equal(const struct vw_config *a, const struct vw_config *b)
{
	return vw__cfg_equal_object(top_keys, a, b);
}
