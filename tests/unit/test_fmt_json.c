/* SPDX-License-Identifier: ISC */
/*
 * test_fmt_json - the JSON shapes of notes/json.md: every object is printed,
 * parsed back with cJSON and checked key by key (presence, type, value),
 * with the canonical "lladdr" next to the OS's "lladdr_os".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsd_fix.h"
#include "fmt_json.h"
#include "vw_error.h"
#include "vw_table.h"
#include "vw_test.h"

static const char *
tnames_cb(uint32_t index, void *arg)
{
	(void)arg;
	switch (index) {
	case 3:		return "br0";
	case 24:	return "bridge100";
	default:	return NULL;
	}
}

static const struct vw_names tnames = { tnames_cb, NULL };

/* Print compactly, parse back: what a consumer of the line sees. */
static cJSON *
roundtrip(cJSON *obj)
{
	char *s;
	cJSON *back;

	ASSERT(obj != NULL);
	s = cJSON_PrintUnformatted(obj);
	ASSERT(s != NULL);
	ASSERT(strchr(s, '\n') == NULL);
	back = cJSON_Parse(s);
	ASSERT(back != NULL);
	cJSON_free(s);
	cJSON_Delete(obj);
	return back;
}

static const cJSON *
key(const cJSON *o, const char *k)
{
	const cJSON *it = cJSON_GetObjectItemCaseSensitive(o, k);

	if (it == NULL)
		VW__FAIL("key \"%s\" missing", k);
	return it;
}

static const char *
str(const cJSON *o, const char *k)
{
	const cJSON *it = key(o, k);

	if (!cJSON_IsString(it))
		VW__FAIL("key \"%s\" is not a string", k);
	return it->valuestring;
}

static double
num(const cJSON *o, const char *k)
{
	const cJSON *it = key(o, k);

	if (!cJSON_IsNumber(it))
		VW__FAIL("key \"%s\" is not a number", k);
	return it->valuedouble;
}

static int
is_null(const cJSON *o, const char *k)
{
	return cJSON_IsNull(key(o, k));
}

static int
nkeys(const cJSON *o)
{
	const cJSON *it;
	int n = 0;

	cJSON_ArrayForEach(it, o)
		n++;
	return n;
}

static void
has_keys(const cJSON *o, const char *const *keys)
{
	int n = 0;

	for (; *keys != NULL; keys++, n++)
		(void)key(o, *keys);
	ASSERT_EQ(nkeys(o), n);
}

static const char *const route_keys[] = {
	"family", "dst", "plen", "type", "gateway", "gateway_link", "ifindex",
	"ifname", "table", "metric", "protocol", "scope", "prefsrc", "flags",
	"flags_text", "ifscope", "mtu", "expire", "nexthops", NULL
};

VW_TEST(test_time)
{
	char buf[VW_TIME_STRLEN];

	ASSERT_EQ(vw_fmt_time(0, buf, sizeof(buf)), 27);
	ASSERT_STR_EQ(buf, "1970-01-01T00:00:00.000000Z");
	ASSERT(vw_fmt_time(1700000000123456LL, buf, sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "2023-11-14T22:13:20.123456Z");
	ASSERT(vw_fmt_time(1795710091000001LL, buf, sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "2026-11-26T16:21:31.000001Z");
	/* Before 1970 the microseconds still count forward. */
	ASSERT(vw_fmt_time(-1, buf, sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "1969-12-31T23:59:59.999999Z");
	ASSERT_EQ(vw_fmt_time(0, buf, 10), VW_ENOSPC);
}

VW_TEST(test_route_link_gateway)
{
	struct vw_json_opts o = { VW_OS_DARWIN, &tnames, 0 };
	const cJSON *gl;
	struct vw_route r;
	cJSON *j;

	memset(&r, 0, sizeof(r));
	ASSERT_OK(vw_ip_parse("192.168.64.2", &r.dst));
	r.plen = 32;
	r.gwkind = VW_GW_LINK;
	r.lgw.sdl_index = 24;
	r.lgw.sdl_type = 0xd1;			/* IFT_BRIDGE */
	ASSERT_OK(vw_ll_parse("8a:c3:94:0a:86:e2", &r.lgw.ll));
	r.ifindex = 24;
	r.ifscope = 24;
	r.flags = 0x1 | 0x4 | 0x400 | 0x20000 | 0x1000000;
	r.expire = 1700001088;
	j = roundtrip(vw_json_route(&r, &o));
	has_keys(j, route_keys);
	ASSERT_STR_EQ(str(j, "family"), "inet");
	ASSERT_STR_EQ(str(j, "dst"), "192.168.64.2");
	ASSERT_EQ(num(j, "plen"), 32);
	ASSERT_STR_EQ(str(j, "type"), "unicast");
	ASSERT(is_null(j, "gateway"));
	ASSERT_STR_EQ(str(j, "ifname"), "bridge100");
	ASSERT_STR_EQ(str(j, "flags_text"), "UHLWI");
	ASSERT_EQ(num(j, "flags"), 0x1020405);
	ASSERT_EQ(num(j, "expire"), 1700001088);
	ASSERT(is_null(j, "prefsrc"));
	ASSERT(cJSON_IsArray(key(j, "nexthops")));
	ASSERT_EQ(cJSON_GetArraySize(key(j, "nexthops")), 0);
	gl = key(j, "gateway_link");
	ASSERT_EQ(num(gl, "index"), 24);
	ASSERT_EQ(num(gl, "type"), 0xd1);
	ASSERT_STR_EQ(str(gl, "name"), "");
	/* Canonical and the OS's own form, side by side. */
	ASSERT_STR_EQ(str(gl, "lladdr"), "8a:c3:94:0a:86:e2");
	ASSERT_STR_EQ(str(gl, "lladdr_os"), "8a.c3.94.a.86.e2");
	ASSERT_STR_EQ(str(gl, "text"), "8a.c3.94.a.86.e2");
	cJSON_Delete(j);

	/* IFT_ETHER: colon form, unpadded. */
	r.lgw.sdl_type = 0x06;
	ASSERT_OK(vw_ll_parse("01:00:5e:00:00:fb", &r.lgw.ll));
	j = roundtrip(vw_json_route(&r, &o));
	gl = key(j, "gateway_link");
	ASSERT_STR_EQ(str(gl, "lladdr"), "01:00:5e:00:00:fb");
	ASSERT_STR_EQ(str(gl, "lladdr_os"), "1:0:5e:0:0:fb");
	cJSON_Delete(j);

	/* FreeBSD: zero padded OS form; its flag letters. */
	o.os = VW_OS_FREEBSD;
	j = roundtrip(vw_json_route(&r, &o));
	gl = key(j, "gateway_link");
	ASSERT_STR_EQ(str(gl, "lladdr_os"), "01:00:5e:00:00:fb");
	ASSERT_STR_EQ(str(j, "flags_text"), "UHL");
	cJSON_Delete(j);

	/* link#N: no MAC at all. */
	o.os = VW_OS_DARWIN;
	r.lgw.ll.len = 0;
	j = roundtrip(vw_json_route(&r, &o));
	gl = key(j, "gateway_link");
	ASSERT(is_null(gl, "lladdr"));
	ASSERT(is_null(gl, "lladdr_os"));
	ASSERT_STR_EQ(str(gl, "text"), "link#24");
	cJSON_Delete(j);
}

VW_TEST(test_route_linux)
{
	struct vw_json_opts o = { VW_OS_LINUX, &tnames, 0 };
	struct vw_nexthop nh[2];
	const cJSON *arr, *h;
	struct vw_route r;
	cJSON *j;

	memset(&r, 0, sizeof(r));
	memset(nh, 0, sizeof(nh));
	ASSERT_OK(vw_ip_parse("fe80::", &r.dst));
	r.dst.scope = 3;
	r.plen = 64;
	r.table = 254;
	r.metric = 256;
	r.proto = 2;
	r.flags = 0x04 | 0x10;
	r.ifindex = 3;
	ASSERT_OK(vw_ip_parse("fe80::1", &r.prefsrc));
	r.prefsrc.scope = 9;
	ASSERT_OK(vw_ip_parse("198.18.0.2", &nh[0].gw));
	nh[0].ifindex = 3;
	nh[0].weight = 1;
	nh[1].ifindex = 9;
	nh[1].weight = 3;
	r.nnh = 2;
	r.nh = nh;
	j = roundtrip(vw_json_route(&r, &o));
	has_keys(j, route_keys);
	ASSERT_STR_EQ(str(j, "family"), "inet6");
	/* Scope by name when known, else by index. */
	ASSERT_STR_EQ(str(j, "dst"), "fe80::%br0");
	ASSERT_STR_EQ(str(j, "prefsrc"), "fe80::1%9");
	ASSERT_STR_EQ(str(j, "flags_text"), "onlink,linkdown");
	ASSERT(is_null(j, "gateway_link"));
	ASSERT_EQ(num(j, "table"), 254);
	ASSERT_EQ(num(j, "metric"), 256);
	ASSERT_EQ(num(j, "protocol"), 2);
	arr = key(j, "nexthops");
	ASSERT_EQ(cJSON_GetArraySize(arr), 2);
	h = cJSON_GetArrayItem(arr, 0);
	ASSERT_EQ(nkeys(h), 5);
	ASSERT_STR_EQ(str(h, "gateway"), "198.18.0.2");
	ASSERT_STR_EQ(str(h, "ifname"), "br0");
	ASSERT_EQ(num(h, "weight"), 1);
	h = cJSON_GetArrayItem(arr, 1);
	ASSERT(is_null(h, "gateway"));
	ASSERT(is_null(h, "ifname"));
	ASSERT_EQ(num(h, "ifindex"), 9);
	ASSERT_EQ(num(h, "weight"), 3);
	cJSON_Delete(j);
}

VW_TEST(test_neigh)
{
	static const char *const keys[] = {
		"family", "addr", "ifindex", "ifname", "lladdr", "lladdr_os",
		"state", "router", "expire", "flags", NULL
	};
	struct vw_json_opts o = { VW_OS_DARWIN, &tnames, 0 };
	struct vw_neigh nb;
	const cJSON *st;
	cJSON *j;

	memset(&nb, 0, sizeof(nb));
	ASSERT_OK(vw_ip_parse("192.168.64.2", &nb.addr));
	ASSERT_OK(vw_ll_parse("8a:c3:94:0a:86:e2", &nb.ll));
	nb.sdl_type = 0xd1;
	nb.ifindex = 24;
	nb.state = VW_NUD_REACHABLE;
	nb.nflags = VW_NF_ROUTER;
	nb.expire = 1700001088;
	nb.flags = 0x10000405;
	j = roundtrip(vw_json_neigh(&nb, &o));
	has_keys(j, keys);
	ASSERT_STR_EQ(str(j, "lladdr"), "8a:c3:94:0a:86:e2");
	ASSERT_STR_EQ(str(j, "lladdr_os"), "8a.c3.94.a.86.e2");
	st = key(j, "state");
	ASSERT_EQ(cJSON_GetArraySize(st), 1);
	ASSERT_STR_EQ(cJSON_GetArrayItem(st, 0)->valuestring, "REACHABLE");
	ASSERT(cJSON_IsTrue(key(j, "router")));
	ASSERT_EQ(num(j, "flags"), 0x10000405);
	cJSON_Delete(j);

	/* Incomplete: null addresses, state NONE for 0, several states. */
	nb.ll.len = 0;
	nb.state = 0;
	nb.nflags = 0;
	o.os = VW_OS_LINUX;
	j = roundtrip(vw_json_neigh(&nb, &o));
	ASSERT(is_null(j, "lladdr"));
	ASSERT(is_null(j, "lladdr_os"));
	ASSERT(cJSON_IsFalse(key(j, "router")));
	st = key(j, "state");
	ASSERT_EQ(cJSON_GetArraySize(st), 1);
	ASSERT_STR_EQ(cJSON_GetArrayItem(st, 0)->valuestring, "NONE");
	cJSON_Delete(j);
	nb.state = VW_NUD_STALE | VW_NUD_NOARP;
	j = roundtrip(vw_json_neigh(&nb, &o));
	st = key(j, "state");
	ASSERT_EQ(cJSON_GetArraySize(st), 2);
	ASSERT_STR_EQ(cJSON_GetArrayItem(st, 1)->valuestring, "NOARP");
	cJSON_Delete(j);
}

VW_TEST(test_link)
{
	static const char *const keys[] = {
		"index", "name", "type", "os_type", "flags", "mtu", "lladdr",
		"operstate", "master", "kind", NULL
	};
	struct vw_json_opts o = { VW_OS_LINUX, &tnames, 0 };
	const cJSON *fl;
	struct vw_link l;
	cJSON *j;

	memset(&l, 0, sizeof(l));
	l.index = 3;
	snprintf(l.name, sizeof(l.name), "br0");
	l.type = VW_LT_BRIDGE;
	l.os_type = 1;
	l.lflags = VW_LF_UP | VW_LF_BROADCAST | VW_LF_LOWER_UP;
	l.mtu = 1500;
	l.operstate = 6;
	ASSERT_OK(vw_ll_parse("02:00:00:00:00:01", &l.ll));
	snprintf(l.kind, sizeof(l.kind), "bridge");
	j = roundtrip(vw_json_link(&l, &o));
	has_keys(j, keys);
	ASSERT_STR_EQ(str(j, "type"), "bridge");
	ASSERT_STR_EQ(str(j, "operstate"), "UP");
	ASSERT_STR_EQ(str(j, "kind"), "bridge");
	ASSERT_STR_EQ(str(j, "lladdr"), "02:00:00:00:00:01");
	fl = key(j, "flags");
	ASSERT_EQ(cJSON_GetArraySize(fl), 3);
	ASSERT_STR_EQ(cJSON_GetArrayItem(fl, 0)->valuestring, "UP");
	ASSERT_STR_EQ(cJSON_GetArrayItem(fl, 1)->valuestring, "BROADCAST");
	ASSERT_STR_EQ(cJSON_GetArrayItem(fl, 2)->valuestring, "LOWER_UP");
	cJSON_Delete(j);
	/* BSD: no operstate; no kind; no lladdr. */
	o.os = VW_OS_DARWIN;
	l.kind[0] = '\0';
	l.ll.len = 0;
	j = roundtrip(vw_json_link(&l, &o));
	ASSERT(is_null(j, "operstate"));
	ASSERT(is_null(j, "kind"));
	ASSERT(is_null(j, "lladdr"));
	cJSON_Delete(j);
}

VW_TEST(test_addr)
{
	static const char *const keys[] = {
		"family", "addr", "plen", "ifindex", "ifname", "broadcast",
		"peer", "scope", "flags", "label", NULL
	};
	struct vw_json_opts o = { VW_OS_LINUX, &tnames, 0 };
	struct vw_ifaddr a;
	cJSON *j;

	memset(&a, 0, sizeof(a));
	ASSERT_OK(vw_ip_parse("198.18.64.1", &a.addr));
	ASSERT_OK(vw_ip_parse("198.18.64.255", &a.peer));
	a.peer_is_brd = 1;
	a.plen = 24;
	a.ifindex = 3;
	a.flags = 128;
	snprintf(a.label, sizeof(a.label), "br0");
	j = roundtrip(vw_json_addr(&a, &o));
	has_keys(j, keys);
	ASSERT_STR_EQ(str(j, "broadcast"), "198.18.64.255");
	ASSERT(is_null(j, "peer"));
	ASSERT_STR_EQ(str(j, "label"), "br0");
	ASSERT_EQ(num(j, "flags"), 128);
	cJSON_Delete(j);
	a.peer_is_brd = 0;
	a.label[0] = '\0';
	j = roundtrip(vw_json_addr(&a, &o));
	ASSERT(is_null(j, "broadcast"));
	ASSERT_STR_EQ(str(j, "peer"), "198.18.64.255");
	ASSERT(is_null(j, "label"));
	cJSON_Delete(j);
}

VW_TEST(test_event)
{
	struct vw_json_opts o = { VW_OS_NONE, &tnames, 0 };
	const cJSON *org;
	struct vw_event ev;
	cJSON *j;

	memset(&ev, 0, sizeof(ev));
	vw_event_init(&ev, VW_EV_ROUTE_CHANGE);
	ev.seq = 42;
	ev.time_us = 1700000000123456LL;
	ev.origin.os = VW_OS_DARWIN;
	ev.origin.msg_type = 1;		/* RTM_ADD */
	ev.origin.msg_pid = 812;
	ev.origin.msg_seq = 3;
	ev.origin.msg_off = 1234;
	ASSERT_OK(vw_ip_parse("192.168.64.0", &ev.u.route.dst));
	ev.u.route.plen = 24;
	ev.u.route.flags = 0x803;
	ev.old.route = ev.u.route;
	ev.old.route.flags = 0x101;
	j = roundtrip(vw_json_event(&ev, &o));
	ASSERT_EQ(num(j, "seq"), 42);
	ASSERT_STR_EQ(str(j, "time"), "2023-11-14T22:13:20.123456Z");
	ASSERT_STR_EQ(str(j, "kind"), "route.change");
	org = key(j, "origin");
	ASSERT_EQ(nkeys(org), 7);
	ASSERT_STR_EQ(str(org, "os"), "darwin");
	ASSERT_STR_EQ(str(org, "msg"), "RTM_ADD");
	ASSERT_EQ(num(org, "off"), 1234);
	ASSERT_EQ(num(org, "pid"), 812);
	ASSERT_EQ(num(org, "seq"), 3);
	ASSERT_EQ(num(org, "errno"), 0);
	ASSERT(cJSON_IsFalse(key(org, "dump")));
	/* The OS came from the origin: netstat letters. */
	ASSERT_STR_EQ(str(key(j, "route"), "flags_text"), "UGS");
	/* "old" only when the caller says it is valid. */
	ASSERT(cJSON_GetObjectItemCaseSensitive(j, "old") == NULL);
	ASSERT_EQ(nkeys(j), 5);
	cJSON_Delete(j);
	o.flags = VW_JSONF_OLD;
	j = roundtrip(vw_json_event(&ev, &o));
	ASSERT_STR_EQ(str(key(j, "old"), "flags_text"), "UC");
	cJSON_Delete(j);
	/* Not a change: never "old"; no origin or time: null. */
	ev.kind = VW_EV_NEIGH_ADD;
	memset(&ev.u, 0, sizeof(ev.u));
	ev.origin.os = VW_OS_NONE;
	ev.time_us = 0;
	j = roundtrip(vw_json_event(&ev, &o));
	ASSERT(is_null(j, "origin"));
	ASSERT(is_null(j, "time"));
	ASSERT(cJSON_GetObjectItemCaseSensitive(j, "old") == NULL);
	ASSERT(cJSON_IsObject(key(j, "neighbor")));
	cJSON_Delete(j);
	/* An event about no object (daemon.start): no object key. */
	vw_event_init(&ev, VW_EV_DAEMON_START);
	j = roundtrip(vw_json_event(&ev, &o));
	ASSERT_EQ(nkeys(j), 4);
	cJSON_Delete(j);
}

static struct vw_table *
macos_table(void)
{
	struct bsd_buf b;
	struct vw_bsd_msg m;
	struct vw_event ev[2];
	struct vw_perr e;
	struct vw_table *t;
	size_t off = 0;
	int rc, n, i;

	bsd_buf_init(&b, VW_OS_DARWIN);
	bsd_fix_macos_table(&b);
	ASSERT((t = vw_table_new(VW_OS_DARWIN)) != NULL);
	while (off < b.len) {
		rc = vw_bsd_parse(VW_OS_DARWIN, b.b + off, b.len - off, off,
		    &m, &e);
		ASSERT(rc > 0);
		n = vw_bsd_to_events(&m, BSD_FIX_NOW, ev, 2);
		for (i = 0; i < n; i++)
			ASSERT(vw_table_apply(t, &ev[i], NULL, NULL) >= 0);
		off += (size_t)rc;
	}
	bsd_buf_free(&b);
	return t;
}

VW_TEST(test_table)
{
	struct vw_table *t = macos_table();
	const cJSON *routes, *it;
	char *text = NULL;
	size_t len = 0;
	int found = 0;
	cJSON *j;
	FILE *fp;

	j = vw_json_table(t);
	ASSERT(j != NULL);
	/* Through the one-line printer, as decode --table --json does. */
	fp = open_memstream(&text, &len);
	ASSERT_OK(vw_json_fprint(fp, j));
	fclose(fp);
	cJSON_Delete(j);
	ASSERT(len > 2 && text[len - 1] == '\n');
	ASSERT(memchr(text, '\n', len - 1) == NULL);
	j = cJSON_Parse(text);
	ASSERT(j != NULL);
	ASSERT_EQ(nkeys(j), 5);
	ASSERT_STR_EQ(str(j, "os"), "darwin");
	routes = key(j, "routes");
	ASSERT_EQ(cJSON_GetArraySize(routes),
	    (long long)vw_table_count(t, VW_OBJ_ROUTE));
	ASSERT_EQ(cJSON_GetArraySize(key(j, "links")),
	    (long long)vw_table_count(t, VW_OBJ_LINK));
	ASSERT_EQ(cJSON_GetArraySize(key(j, "neighbors")),
	    (long long)vw_table_count(t, VW_OBJ_NEIGH));
	ASSERT_EQ(cJSON_GetArraySize(key(j, "addresses")),
	    (long long)vw_table_count(t, VW_OBJ_ADDR));
	cJSON_ArrayForEach(it, routes) {
		const cJSON *gl;

		has_keys(it, route_keys);
		if (strcmp(str(it, "dst"), "192.168.64.2") != 0)
			continue;
		/* The netstat row "8a.c3.94.a.86.e2 ... bridge100". */
		gl = key(it, "gateway_link");
		ASSERT_STR_EQ(str(gl, "lladdr"), "8a:c3:94:0a:86:e2");
		ASSERT_STR_EQ(str(gl, "lladdr_os"), "8a.c3.94.a.86.e2");
		ASSERT_STR_EQ(str(it, "ifname"), "bridge100");
		ASSERT_STR_EQ(str(it, "flags_text"), "UHLWIi");
		found++;
	}
	ASSERT_EQ(found, 1);
	cJSON_Delete(j);
	free(text);
	vw_table_free(t);
}

VW_TEST_MAIN(test_time, test_route_link_gateway, test_route_linux,
    test_neigh, test_link, test_addr, test_event, test_table)
