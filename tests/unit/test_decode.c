/* SPDX-License-Identifier: ISC */
/*
 * test_decode - the decode engine (lib/vw_decode.h) through an
 * open_memstream FILE: netstat text of the macOS and FreeBSD dumps byte for
 * byte, one monitor line per stream message, JSON lines that parse back,
 * malformed input (code, offset, and everything before it printed), OS
 * detection, the netlink dump's ip blocks, and the edge cases of the API.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "bsd_fix.h"
#include "bsd_msg.h"
#include "nl_fix.h"
#include "vw_decode.h"
#include "vw_event.h"
#include "vw_test.h"

/* ---- helpers ------------------------------------------------------------- */

struct run {
	char		*text;
	size_t		 len;
	int		 rc;
	struct vw_perr	 err;
};

static void
run_free(struct run *r)
{
	free(r->text);
	memset(r, 0, sizeof(*r));
}

static void
decode(const uint8_t *buf, size_t len, const struct vw_decode_opts *o,
    struct run *r)
{
	FILE *fp;

	memset(r, 0, sizeof(*r));
	fp = open_memstream(&r->text, &r->len);
	ASSERT(fp != NULL);
	r->rc = vw_decode_buf(buf, len, o, fp, &r->err);
	ASSERT_OK(fclose(fp));
	ASSERT(r->text != NULL);
}

static struct vw_decode_opts
opts(int os, int json, int table, int all)
{
	struct vw_decode_opts o;

	memset(&o, 0, sizeof(o));
	o.os = os;
	o.json = json;
	o.table = table;
	o.all = all;
	o.now = BSD_FIX_NOW;
	return o;
}

static void
bsd_named(const char *name, struct bsd_buf *b)
{
	ASSERT_OK(bsd_fix_by_name(name, b));
}

/* The lines of a NULL-terminated list, each followed by '\n'. */
static char *
join_lines(const char *const *lines)
{
	size_t n = 1, i;
	char *s;

	for (i = 0; lines[i] != NULL; i++)
		n += strlen(lines[i]) + 1;
	s = malloc(n);
	ASSERT(s != NULL);
	*s = '\0';
	for (i = 0; lines[i] != NULL; i++) {
		strcat(s, lines[i]);
		strcat(s, "\n");
	}
	return s;
}

static size_t
count_lines(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		if (*s == '\n')
			n++;
	return n;
}

/* The start of line i (0-based) of s, or NULL. */
static const char *
line_at(const char *s, size_t i)
{
	while (i-- > 0) {
		if ((s = strchr(s, '\n')) == NULL)
			return NULL;
		s++;
	}
	return *s != '\0' ? s : NULL;
}

static int
starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Parse every line of r as JSON; returns the parsed objects (count in *n). */
static cJSON **
json_lines(const struct run *r, size_t *n)
{
	cJSON **v;
	char *copy, *line, *save = NULL;
	size_t i = 0;

	*n = count_lines(r->text);
	v = calloc(*n + 1, sizeof(*v));
	copy = strdup(r->text);
	ASSERT(v != NULL && copy != NULL);
	for (line = strtok_r(copy, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		ASSERT(i < *n);
		v[i] = cJSON_Parse(line);
		if (v[i] == NULL)
			VW__FAIL("line %zu is not JSON: %s", i + 1, line);
		ASSERT(cJSON_IsObject(v[i]));
		i++;
	}
	ASSERT_EQ(i, *n);
	free(copy);
	return v;
}

static void
json_free(cJSON **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cJSON_Delete(v[i]);
	free(v);
}

static const char *
jstr(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(it) ? it->valuestring : NULL;
}

static double
jnum(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsNumber(it))
		VW__FAIL("\"%s\" is not a number", key);
	return it->valuedouble;
}

static int
jarray_size(const cJSON *o, const char *key)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, key);

	if (!cJSON_IsArray(it))
		VW__FAIL("\"%s\" is not an array", key);
	return cJSON_GetArraySize(it);
}

/* ---- netstat text -------------------------------------------------------- */

/* The macOS dump prints exactly netstat -rn (and -rna with all). */
VW_TEST(test_macos_dump_netstat)
{
	struct vw_decode_opts o;
	struct bsd_buf b;
	struct run r;
	char *want;

	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_table(&b);

	o = opts(VW_OS_DARWIN, 0, 0, 0);
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT_OK(r.err.code);
	want = join_lines(bsd_fix_macos_netstat_expected);
	/* A dump prints no monitor lines, only the table. */
	ASSERT_STR_EQ(r.text, want);
	free(want);
	run_free(&r);

	/* Auto-detection gives the same text. */
	o.os = VW_OS_NONE;
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	want = join_lines(bsd_fix_macos_netstat_expected);
	ASSERT_STR_EQ(r.text, want);
	free(want);
	run_free(&r);

	o = opts(VW_OS_DARWIN, 0, 0, 1);
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	want = join_lines(bsd_fix_macos_netstat_a_expected);
	ASSERT_STR_EQ(r.text, want);
	free(want);
	run_free(&r);
	bsd_buf_free(&b);
}

VW_TEST(test_freebsd_dump_netstat)
{
	struct vw_decode_opts o = opts(VW_OS_FREEBSD, 0, 0, 0);
	struct bsd_buf b;
	struct run r;
	char *want;

	bsd_buf_init(&b, VW_OS_FREEBSD);
	bsd_fix_freebsd_table(&b);
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	want = join_lines(bsd_fix_freebsd_netstat_expected);
	/* No neighbours in this dump, so no arp -an block follows. */
	ASSERT_STR_EQ(r.text, want);
	free(want);
	run_free(&r);
	bsd_buf_free(&b);
}

/* FreeBSD lltable entries are not netstat rows: arp -an after a blank. */
VW_TEST(test_freebsd_arp_block)
{
	struct vw_decode_opts o = opts(VW_OS_FREEBSD, 0, 0, 0);
	struct bsd_buf b;
	struct run r;
	const char *l;
	size_t i, narp = 0, blank = 0;

	bsd_named("freebsd-arp", &b);
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT(starts_with(r.text, "Routing tables\n"));
	for (i = 0; (l = line_at(r.text, i)) != NULL; i++) {
		if (*l == '\n')
			blank = i;
		if (starts_with(l, "? ("))
			narp++;
	}
	/* Four lltable entries (bsd_fix.h), all after the last blank line. */
	ASSERT_EQ(narp, 4);
	ASSERT(starts_with(line_at(r.text, blank + 1), "? ("));
	run_free(&r);
	bsd_buf_free(&b);
}

/* ---- streams ------------------------------------------------------------- */

/*
 * A change message prints one line: its type name and length, read here
 * from the bytes themselves; no table follows unless asked for.
 */
static void
check_stream(const char *name, size_t want_lines)
{
	const struct bsd_fix *f = bsd_fix_find(name);
	struct vw_decode_opts o;
	struct bsd_buf b;
	struct run r;
	size_t off[16], n, i;
	char prefix[64];

	ASSERT(f != NULL);
	bsd_named(name, &b);
	n = bsd_fix_offsets(&b, off, 16);
	ASSERT_EQ(n, want_lines);
	o = opts(f->os, 0, 0, 0);
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT_EQ(count_lines(r.text), n);
	for (i = 0; i < n; i++) {
		snprintf(prefix, sizeof(prefix), "%s len %u ",
		    vw_bsd_type_name(f->os, b.b[off[i] + 3]),
		    (unsigned)(b.b[off[i]] | b.b[off[i] + 1] << 8));
		if (!starts_with(line_at(r.text, i), prefix))
			VW__FAIL("%s line %zu does not start with \"%s\": %s",
			    name, i + 1, prefix, line_at(r.text, i));
	}
	run_free(&r);

	/* With table: the same lines, then netstat. */
	o.table = 1;
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT(count_lines(r.text) > n);
	ASSERT(starts_with(line_at(r.text, n), "Routing tables\n"));
	run_free(&r);
	bsd_buf_free(&b);
}

VW_TEST(test_stream_lines)
{
	check_stream("macos-addr-gone", 2);
	check_stream("macos-hijack", 1);
	check_stream("macos-miss", 1);
	check_stream("freebsd-ifannounce", 2);
	check_stream("freebsd-nd", 2);
}

VW_TEST(test_stream_hijack_text)
{
	struct vw_decode_opts o = opts(VW_OS_NONE, 0, 0, 0);
	struct bsd_buf b;
	struct run r;

	bsd_named("macos-hijack", &b);
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT(starts_with(r.text, "RTM_ADD "));
	ASSERT(strstr(r.text, " pid 812 ") != NULL);
	ASSERT(strstr(r.text, " dst 192.168.64.0/24 gateway utun4") != NULL);
	run_free(&r);
	bsd_buf_free(&b);
}

/* Unknown types are stepped over with a note, text and JSON. */
VW_TEST(test_skipped_messages)
{
	const struct bsd_fix *f = bsd_fix_find("macos-skip-type");
	struct vw_decode_opts o;
	struct bsd_buf b;
	struct run r;
	cJSON **v;
	size_t n, i, nskip = 0;
	const char *l;

	ASSERT(f != NULL && f->nskip > 0);
	bsd_named(f->name, &b);
	o = opts(f->os, 0, 0, 0);
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	for (i = 0; (l = line_at(r.text, i)) != NULL; i++)
		if (starts_with(l, "# skipped byte "))
			nskip++;
	ASSERT_EQ(nskip, f->nskip);
	run_free(&r);

	o.json = 1;
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	v = json_lines(&r, &n);
	for (i = 0, nskip = 0; i < n; i++)
		if (jstr(v[i], "skipped") != NULL) {
			nskip++;
			ASSERT(jnum(v[i], "off") > 0);
		}
	ASSERT_EQ(nskip, f->nskip);
	json_free(v, n);
	run_free(&r);

	/* table + json: the table object only. */
	o.table = 1;
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT_EQ(count_lines(r.text), 1);
	ASSERT(starts_with(r.text, "{\"os\":\"darwin\","));
	run_free(&r);
	bsd_buf_free(&b);
}

/* ---- JSON ------------------------------------------------------------------ */

VW_TEST(test_json_stream)
{
	struct vw_decode_opts o = opts(VW_OS_DARWIN, 1, 0, 0);
	struct bsd_buf b;
	struct run r;
	cJSON **v;
	const cJSON *org;
	size_t off[4], n, nmsg, i;

	bsd_named("macos-addr-gone", &b);
	nmsg = bsd_fix_offsets(&b, off, 4);
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	v = json_lines(&r, &n);
	/* One event per message here (a delete each), numbered from 1. */
	ASSERT_EQ(n, nmsg);
	ASSERT_STR_EQ(jstr(v[0], "kind"), "route.delete");
	ASSERT_STR_EQ(jstr(v[1], "kind"), "addr.delete");
	for (i = 0; i < n; i++) {
		ASSERT_EQ(jnum(v[i], "seq"), i + 1);
		org = cJSON_GetObjectItemCaseSensitive(v[i], "origin");
		ASSERT(cJSON_IsObject(org));
		ASSERT_STR_EQ(jstr(org, "os"), "darwin");
		ASSERT_EQ(jnum(org, "off"), off[i]);
		ASSERT(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(org,
		    "dump")));
	}
	json_free(v, n);
	run_free(&r);
	bsd_buf_free(&b);

	/* A message without a table change: the "ignored" note. */
	bsd_named("macos-miss", &b);
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT_STR_EQ(r.text,
	    "{\"off\":0,\"msg\":\"RTM_MISS\",\"ignored\":\"no table change\"}\n");
	run_free(&r);
	bsd_buf_free(&b);
}

/* The macOS dump's events are what bsd_fix.h says vw_bsd_to_events makes. */
VW_TEST(test_json_dump_events)
{
	struct vw_decode_opts o = opts(VW_OS_DARWIN, 1, 0, 0);
	struct bsd_buf b;
	struct run r;
	cJSON **v;
	const char *k;
	size_t n, i, nroute = 0, nneigh = 0, nlink = 0, naddr = 0, nign = 0;

	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_table(&b);
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	v = json_lines(&r, &n);
	for (i = 0; i < n; i++) {
		if ((k = jstr(v[i], "kind")) == NULL) {
			ASSERT_STR_EQ(jstr(v[i], "ignored"), "no table change");
			nign++;
			continue;
		}
		ASSERT(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(v[i], "origin"), "dump")));
		if (strcmp(k, "route.add") == 0)
			nroute++;
		else if (strcmp(k, "neigh.add") == 0)
			nneigh++;
		else if (strcmp(k, "link.change") == 0)
			nlink++;
		else if (strcmp(k, "addr.add") == 0)
			naddr++;
		else
			VW__FAIL("unexpected kind %s", k);
	}
	ASSERT_EQ(nroute, 21);
	ASSERT_EQ(nneigh, 6);
	ASSERT_EQ(nlink, 4);
	ASSERT_EQ(naddr, 9);
	ASSERT_EQ(nign, 1);		/* RTM_NEWMADDR2 */
	json_free(v, n);
	run_free(&r);

	/* table + json: one object holding all of it. */
	o.table = 1;
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	v = json_lines(&r, &n);
	ASSERT_EQ(n, 1);
	ASSERT_STR_EQ(jstr(v[0], "os"), "darwin");
	ASSERT_EQ(jarray_size(v[0], "routes"), 21);
	ASSERT_EQ(jarray_size(v[0], "neighbors"), 6);
	ASSERT_EQ(jarray_size(v[0], "links"), 4);
	ASSERT_EQ(jarray_size(v[0], "addresses"), 9);
	json_free(v, n);
	run_free(&r);
	bsd_buf_free(&b);
}

/* ---- malformed input ------------------------------------------------------- */

/*
 * Everything before the bad message is printed: the output equals that of
 * the good prefix alone (table included), and the error names the offset.
 */
static void
check_bad(const char *name, int os, const uint8_t *buf, size_t len,
    size_t bad_off, int bad_code, int json)
{
	struct vw_decode_opts o = opts(os, json, 0, 0);
	struct run r, pre;

	decode(buf, len, &o, &r);
	if (r.rc != bad_code)
		VW__FAIL("%s: rc %d (%s), want %d", name, r.rc,
		    r.err.msg, bad_code);
	ASSERT_EQ(r.err.code, bad_code);
	ASSERT_EQ(r.err.off, bad_off);
	ASSERT(r.err.msg[0] != '\0');
	decode(buf, bad_off, &o, &pre);
	ASSERT_OK(pre.rc);
	if (strcmp(r.text, pre.text) != 0)
		VW__FAIL("%s: output differs from the good prefix's:\n%s\n--\n%s",
		    name, r.text, pre.text);
	run_free(&pre);
	run_free(&r);
}

VW_TEST(test_bad_bsd_fixtures)
{
	const struct bsd_fix *all;
	struct bsd_buf b;
	size_t n, i, nbad = 0;

	all = bsd_fix_all(&n);
	for (i = 0; i < n; i++) {
		if (all[i].err == 0)
			continue;
		bsd_named(all[i].name, &b);
		ASSERT(b.mark > 0);
		check_bad(all[i].name, all[i].os, b.b, b.len, b.mark,
		    all[i].err, 0);
		check_bad(all[i].name, all[i].os, b.b, b.len, b.mark,
		    all[i].err, 1);
		/* Auto-detection reads them as the OS that wrote them. */
		check_bad(all[i].name, VW_OS_NONE, b.b, b.len, b.mark,
		    all[i].err, 0);
		bsd_buf_free(&b);
		nbad++;
	}
	ASSERT(nbad > 0);
}

/* A stream that breaks: the lines before, then the error. */
VW_TEST(test_bad_stream)
{
	struct vw_decode_opts o = opts(VW_OS_DARWIN, 0, 0, 0);
	struct bsd_buf b;
	struct run r;
	size_t good;

	bsd_named("macos-addr-gone", &b);
	good = b.len;
	bsd_put_zero(&b, 3);		/* 3 bytes: not even a header */
	decode(b.b, b.len, &o, &r);
	ASSERT_EQ(r.rc, VW_ETRUNC);
	ASSERT_EQ(r.err.code, VW_ETRUNC);
	ASSERT_EQ(r.err.off, good);
	ASSERT_EQ(count_lines(r.text), 2);
	ASSERT(starts_with(line_at(r.text, 0), "RTM_DELETE "));
	ASSERT(starts_with(line_at(r.text, 1), "RTM_DELADDR "));
	run_free(&r);
	bsd_buf_free(&b);
}

VW_TEST(test_bad_nl_fixtures)
{
	struct nl_fix_buf b;
	struct run r;
	struct vw_decode_opts o = opts(VW_OS_LINUX, 0, 0, 0);
	size_t i, nbad = 0;

	for (i = 0; nl_fix_names[i] != NULL; i++) {
		ASSERT_OK(nl_fix_by_name(nl_fix_names[i], &b));
		if (b.bad_off < 0) {
			nl_fix_free(&b);
			continue;
		}
		check_bad(nl_fix_names[i], VW_OS_LINUX, b.data, b.len,
		    (size_t)b.bad_off, b.bad_code, 0);
		check_bad(nl_fix_names[i], VW_OS_LINUX, b.data, b.len,
		    (size_t)b.bad_off, b.bad_code, 1);
		/* The lead message is a change: exactly its line first. */
		decode(b.data, b.len, &o, &r);
		ASSERT_EQ(count_lines(r.text), 1);
		ASSERT(starts_with(r.text, "RTM_NEWLINK "));
		run_free(&r);
		nl_fix_free(&b);
		nbad++;
	}
	ASSERT(nbad > 0);
}

/* ---- detection ------------------------------------------------------------- */

VW_TEST(test_detect)
{
	static const uint8_t text[] = "this is not a routing message\n";
	static const uint8_t zeros[64];
	const struct bsd_fix *all;
	struct bsd_buf b;
	struct nl_fix_buf nb;
	size_t n, i;

	/* Every well-formed BSD fixture is detected as its OS. */
	all = bsd_fix_all(&n);
	for (i = 0; i < n; i++) {
		if (all[i].err != 0)
			continue;
		bsd_named(all[i].name, &b);
		if (vw_decode_detect(b.b, b.len) != all[i].os)
			VW__FAIL("%s detected as %d, want %d", all[i].name,
			    vw_decode_detect(b.b, b.len), all[i].os);
		bsd_buf_free(&b);
	}
	bsd_named("macos-dump", &b);
	ASSERT_EQ(vw_decode_detect(b.b, b.len), VW_OS_DARWIN);
	bsd_buf_free(&b);
	bsd_named("freebsd-dump", &b);
	ASSERT_EQ(vw_decode_detect(b.b, b.len), VW_OS_FREEBSD);
	bsd_buf_free(&b);

	for (i = 0; nl_fix_names[i] != NULL; i++) {
		ASSERT_OK(nl_fix_by_name(nl_fix_names[i], &nb));
		if (nb.bad_off < 0 &&
		    vw_decode_detect(nb.data, nb.len) != VW_OS_LINUX)
			VW__FAIL("%s not detected as linux", nl_fix_names[i]);
		nl_fix_free(&nb);
	}

	ASSERT_EQ(vw_decode_detect(text, sizeof(text) - 1), VW_OS_NONE);
	ASSERT_EQ(vw_decode_detect(zeros, sizeof(zeros)), VW_OS_NONE);
	ASSERT_EQ(vw_decode_detect(zeros, 3), VW_OS_NONE);
	ASSERT_EQ(vw_decode_detect(NULL, 0), VW_OS_NONE);
}

/* Undetectable input: VW_EINVAL, nothing printed. */
VW_TEST(test_undetectable)
{
	static const uint8_t text[] = "this is not a routing message\n";
	struct vw_decode_opts o = opts(VW_OS_NONE, 0, 1, 0);
	struct run r;

	decode(text, sizeof(text) - 1, &o, &r);
	ASSERT_EQ(r.rc, VW_EINVAL);
	ASSERT_EQ(r.err.code, VW_EINVAL);
	ASSERT_EQ(r.err.off, 0);
	ASSERT_EQ(r.len, 0);
	run_free(&r);

	o.os = 42;
	decode(text, sizeof(text) - 1, &o, &r);
	ASSERT_EQ(r.rc, VW_EINVAL);
	ASSERT_EQ(r.len, 0);
	run_free(&r);
}

/* ---- netlink --------------------------------------------------------------- */

VW_TEST(test_nl_dump_ip_blocks)
{
	struct vw_decode_opts o = opts(VW_OS_NONE, 0, 0, 0);
	struct nl_fix_buf b;
	struct run r;
	const char *l, *b4, *b6, *bn;

	ASSERT_OK(nl_fix_by_name("nl-dump", &b));
	decode(b.data, b.len, &o, &r);
	ASSERT_OK(r.rc);
	/* All NLM_F_MULTI: no monitor lines, the three blocks in order. */
	ASSERT(starts_with(r.text, "# ip -4 route show table all\n"));
	b4 = r.text;
	b6 = strstr(r.text, "\n# ip -6 route show table all\n");
	bn = strstr(r.text, "\n# ip neigh\n");
	ASSERT(b6 != NULL && bn != NULL && b4 < b6 && b6 < bn);
	/* iproute2 forms of a few of nl_fix.c's dump entries. */
	l = strstr(r.text, "\n198.19.0.0/16 via 198.18.64.2 dev br100 \n");
	ASSERT(l != NULL && l < b6);
	l = strstr(r.text, "\ndefault via 198.18.64.2 dev br100 table 100 \n");
	ASSERT(l != NULL && l < b6);
	l = strstr(r.text, "\nblackhole 198.21.0.0/16 \n");
	ASSERT(l != NULL && l < b6);
	l = strstr(r.text, "\n2001:db8:99::/48 via 2001:db8:64::2 dev br100 "
	    "metric 1024 pref medium\n");
	ASSERT(l != NULL && l > b6 && l < bn);
	l = strstr(r.text, "\n198.18.64.9 dev br100 INCOMPLETE \n");
	ASSERT(l != NULL && l > bn);
	l = strstr(r.text, "\n2001:db8:64::2 dev br100 lladdr "
	    "02:00:5e:00:00:12 router REACHABLE \n");
	ASSERT(l != NULL && l > bn);
	ASSERT(strstr(r.text, "RTM_") == NULL);
	run_free(&r);
	nl_fix_free(&b);
}

/* netlink stream: one line per message, even those without an event. */
VW_TEST(test_nl_monitor_lines)
{
	struct vw_decode_opts o = opts(VW_OS_LINUX, 0, 0, 0);
	struct nl_fix_buf b;
	struct run r;
	size_t off = 0, nmsg = 0;

	ASSERT_OK(nl_fix_by_name("nl-monitor", &b));
	while (off + 4 <= b.len) {
		uint32_t mlen = (uint32_t)b.data[off] |
		    (uint32_t)b.data[off + 1] << 8 |
		    (uint32_t)b.data[off + 2] << 16 |
		    (uint32_t)b.data[off + 3] << 24;

		ASSERT(mlen >= 16);
		off += (mlen + 3u) & ~3u;
		nmsg++;
	}
	decode(b.data, b.len, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT_EQ(count_lines(r.text), nmsg);
	ASSERT(starts_with(r.text, "RTM_NEWROUTE "));
	ASSERT(strstr(r.text, "\nRTM_DELROUTE ") != NULL);
	ASSERT(strstr(r.text, "| Deleted 198.19.0.0/16 via 198.18.64.3") !=
	    NULL);
	ASSERT(strstr(r.text, "\nNLMSG_ERROR ") != NULL);
	ASSERT(strstr(r.text, "# ip") == NULL);
	run_free(&r);

	o.json = 1;
	decode(b.data, b.len, &o, &r);
	ASSERT_OK(r.rc);
	{
		cJSON **v;
		size_t n, i;

		v = json_lines(&r, &n);
		/* An object per message, events or notes. */
		ASSERT_EQ(n, nmsg);
		for (i = 0; i < n; i++)
			ASSERT(jstr(v[i], "kind") != NULL ||
			    jstr(v[i], "ignored") != NULL);
		json_free(v, n);
	}
	run_free(&r);
	nl_fix_free(&b);
}

/* ---- warnings -------------------------------------------------------------- */

struct warns {
	size_t		 n;
	struct vw_perr	 last;
};

static void
test_warn_cb(const struct vw_perr *w, void *arg)
{
	struct warns *ws = arg;

	ws->n++;
	ws->last = *w;
}

/*
 * An event the table refuses (a FreeBSD interface arrival for index 0,
 * found by fuzz_decode) is a warning through warn_cb, not an error: the
 * decode goes on and every message still prints its line.
 */
VW_TEST(test_table_reject_warns)
{
	struct vw_decode_opts o = opts(VW_OS_FREEBSD, 0, 0, 0);
	struct warns ws;
	struct bsd_buf b;
	struct run r, quiet;
	char want[160];

	bsd_buf_init(&b, VW_OS_FREEBSD);
	bsd_announce(&b, 0, "", 0);
	bsd_end(&b, BSD_END_PADDED);
	bsd_announce(&b, 5, "tap0", 0);
	bsd_end(&b, BSD_END_PADDED);
	memset(&ws, 0, sizeof(ws));
	o.warn_cb = test_warn_cb;
	o.warn_arg = &ws;
	decode(b.b, b.len, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT_OK(r.err.code);
	ASSERT_EQ(ws.n, 1);
	ASSERT_EQ(ws.last.off, 0);
	ASSERT(ws.last.code < 0);
	snprintf(want, sizeof(want), "table rejected link.add: %s",
	    vw_strerror(ws.last.code));
	ASSERT_STR_EQ(ws.last.msg, want);
	ASSERT_EQ(count_lines(r.text), 2);
	ASSERT(starts_with(line_at(r.text, 0), "RTM_IFANNOUNCE "));
	ASSERT(strstr(line_at(r.text, 1), " name tap0 what arrival") != NULL);

	/* Without a callback the warning is dropped; the text is the same. */
	o.warn_cb = NULL;
	decode(b.b, b.len, &o, &quiet);
	ASSERT_OK(quiet.rc);
	ASSERT_STR_EQ(quiet.text, r.text);
	run_free(&quiet);
	run_free(&r);
	bsd_buf_free(&b);
}

/* ---- API edges ------------------------------------------------------------- */

/* An output stream that fails is VW_EIO. */
VW_TEST(test_output_error)
{
	struct vw_decode_opts o = opts(VW_OS_DARWIN, 0, 0, 0);
	struct bsd_buf b;
	FILE *fp;

	fp = fopen("/dev/null", "r");
	ASSERT(fp != NULL);
	bsd_named("macos-addr-gone", &b);
	ASSERT_EQ(vw_decode_buf(b.b, b.len, &o, fp, NULL), VW_EIO);
	fclose(fp);
	bsd_buf_free(&b);
}

VW_TEST(test_args)
{
	struct vw_decode_opts o = opts(VW_OS_DARWIN, 0, 0, 0);
	struct vw_perr e;
	struct run r;
	FILE *fp;

	fp = fopen("/dev/null", "w");
	ASSERT(fp != NULL);
	ASSERT_EQ(vw_decode_buf(NULL, 4, &o, fp, &e), VW_EINVAL);
	ASSERT_EQ(vw_decode_buf(NULL, 0, NULL, fp, &e), VW_EINVAL);
	fclose(fp);

	/* Nothing at all, OS given: nothing printed, no table asked for. */
	decode(NULL, 0, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT_EQ(r.len, 0);
	run_free(&r);
	/* ... and with table: the empty table's framing only. */
	o.os = VW_OS_LINUX;
	o.table = 1;
	decode(NULL, 0, &o, &r);
	ASSERT_OK(r.rc);
	ASSERT_STR_EQ(r.text, "# ip -4 route show table all\n"
	    "# ip -6 route show table all\n# ip neigh\n");
	run_free(&r);
}

VW_TEST_MAIN(test_macos_dump_netstat, test_freebsd_dump_netstat,
    test_freebsd_arp_block, test_stream_lines, test_stream_hijack_text,
    test_skipped_messages, test_json_stream, test_json_dump_events,
    test_bad_bsd_fixtures, test_bad_stream, test_bad_nl_fixtures,
    test_detect, test_undetectable, test_nl_dump_ip_blocks,
    test_nl_monitor_lines, test_table_reject_warns, test_output_error,
    test_args)
