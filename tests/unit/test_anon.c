/* SPDX-License-Identifier: ISC */
/*
 * test_anon.c - SipHash-2-4 against the reference vectors, MAC pseudonyms,
 * and the anonymization of JSON trees and recordings (lib/anon.h).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "anon.h"
#include "bsd_fix.h"
#include "bsd_msg.h"
#include "nl_fix.h"
#include "nl_msg.h"
#include "nl_wire.h"
#include "vw_addr.h"
#include "vw_event.h"
#include "vw_rec.h"
#include "vw_test.h"

static const uint8_t key_a[16] = { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
	0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f };
static const uint8_t key_b[16] = { 0x42, 0x13, 0x37, 0x99 };

static const uint8_t guest[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t bridge[6] = { 0x5a, 0xc3, 0x6f, 0x8d, 0x4a, 0xec };

/*
 * The SipHash paper's reference vectors (its appendix A and the reference
 * implementation's table): key 00..0f, message 00..(n-1).  n = 15 is the
 * paper's worked example; 8 and 16 cover a whole final block.
 */
VW_TEST(test_siphash_vectors)
{
	static const uint64_t want[17] = {
		0x726fdb47dd0e0e31ULL, 0x74f839c593dc67fdULL,
		0x0d6c8009d9a94f5aULL, 0x85676696d7fb7e2dULL,
		0xcf2794e0277187b7ULL, 0x18765564cd99a68dULL,
		0xcbc9466e58fee3ceULL, 0xab0200f58b01d137ULL,
		0x93f5f5799a932462ULL, 0x9e0082df0ba9e4b0ULL,
		0x7a5dbbc594ddb9f3ULL, 0xf4b32f46226bada7ULL,
		0x751e8fbc860ee5fbULL, 0x14ea5627c0843d90ULL,
		0xf723ca908e7af2eeULL, 0xa129ca6149be45e5ULL,
		0x3f2acc7f57c29bdbULL,
	};
	uint8_t msg[17];
	size_t n;

	for (n = 0; n < sizeof(msg); n++)
		msg[n] = (uint8_t)n;
	for (n = 0; n <= 16; n++) {
		uint64_t h = vw_siphash24(key_a, msg, n);

		if (h != want[n])
			VW__FAIL("n=%zu: got %016llx, want %016llx", n,
			    (unsigned long long)h, (unsigned long long)want[n]);
	}
}

VW_TEST(test_pseudonym)
{
	struct vw_anon *a, *b;
	uint8_t p1[6], p2[6], p3[6], other[6], q[6];
	uint64_t h;
	int i;

	ASSERT_OK(vw_anon_new(key_a, &a));
	ASSERT_OK(vw_anon_new(key_b, &b));
	ASSERT_EQ(vw_anon_mac(a, guest, p1), 1);
	ASSERT_EQ(vw_anon_mac(a, guest, p2), 1);
	ASSERT_MEM_EQ(p1, p2, 6);		/* stable */
	ASSERT((p1[0] & 0x02) != 0);		/* locally administered */
	ASSERT((p1[0] & 0x01) == 0);		/* unicast */
	ASSERT(memcmp(p1, guest, 6) != 0);
	/* It is the keyed hash of the bytes, first byte adjusted. */
	h = vw_siphash24(key_a, guest, 6);
	for (i = 1; i < 6; i++)
		ASSERT_EQ(p1[i], (uint8_t)(h >> (8 * i)));
	ASSERT_EQ(p1[0], (uint8_t)(((uint8_t)h & 0xfc) | 0x02));
	/* Another MAC, another pseudonym; another key, another pseudonym. */
	ASSERT_EQ(vw_anon_mac(a, bridge, other), 1);
	ASSERT(memcmp(other, p1, 6) != 0);
	ASSERT_EQ(vw_anon_mac(b, guest, p3), 1);
	ASSERT(memcmp(p3, p1, 6) != 0);
	/* In place. */
	memcpy(q, guest, 6);
	vw_anon_mac(a, q, q);
	ASSERT_MEM_EQ(q, p1, 6);
	vw_anon_free(a);
	vw_anon_free(b);
}

VW_TEST(test_multicast_kept)
{
	static const uint8_t keep[][6] = {
		{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb },	/* IPv4 multicast */
		{ 0x33, 0x33, 0x00, 0x00, 0x00, 0x16 },	/* IPv6 multicast */
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },	/* broadcast */
		{ 0, 0, 0, 0, 0, 0 },
	};
	struct vw_anon *a;
	uint8_t out[6];
	char *s;
	size_t i;

	ASSERT_OK(vw_anon_new(key_a, &a));
	for (i = 0; i < sizeof(keep) / sizeof(keep[0]); i++) {
		ASSERT_EQ(vw_anon_mac(a, keep[i], out), 0);
		ASSERT_MEM_EQ(out, keep[i], 6);
	}
	s = vw_anon_str(a, "ff02::16 at 33:33:00:00:00:16, mdns 1:0:5e:0:0:fb, "
	    "bcast ff:ff:ff:ff:ff:ff, lo 00:00:00:00:00:00");
	ASSERT_STR_EQ(s, "ff02::16 at 33:33:00:00:00:16, mdns 1:0:5e:0:0:fb, "
	    "bcast ff:ff:ff:ff:ff:ff, lo 00:00:00:00:00:00");
	free(s);
	ASSERT_EQ(vw_anon_nmacs(a), 0);
	vw_anon_free(a);
}

/* The pseudonym of mac as vw_addr's own printers write it. */
static void
ps_text(struct vw_anon *a, const uint8_t mac[6],
    int (*pr)(const struct vw_lladdr *, char *, size_t), char *buf,
    size_t len)
{
	struct vw_lladdr ll;

	memset(&ll, 0, sizeof(ll));
	ll.len = 6;
	vw_anon_mac(a, mac, ll.a);
	ASSERT(pr(&ll, buf, len) > 0);
}

static const char *
jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

VW_TEST(test_json_mac_forms)
{
	static const uint8_t mac3[6] = { 0x02, 0x0a, 0x0b, 0x00, 0x0c, 0x0d };
	static const char doc[] =
	    "{\"interfaces\":[{\"name\":\"bridge100\","
	    "\"lladdr\":\"5a:c3:6f:8d:4a:ec\"}],"
	    "\"neighbors\":[{\"addr\":\"198.18.64.2\","
	    "\"lladdr\":\"52:54:00:12:34:56\",\"lladdr_os\":\"52:54:0:12:34:56\"},"
	    "{\"addr\":\"198.18.64.3\",\"lladdr\":\"2:a:b:0:c:d\"}],"
	    "\"routes\":[{\"gateway_link\":\"5a.c3.6f.8d.4a.ec\"}],"
	    "\"events\":[{\"kind\":\"target.down\",\"cause\":{\"summary\":"
	    "\"198.18.64.2 is now at 52:54:00:12:34:56 (was 02:0a:0b:00:0c:0d).\"},"
	    "\"path\":[\"via bridge100 lladdr 52:54:00:12:34:56\","
	    "[\"deep 5A:C3:6F:8D:4A:EC\"]]}],"
	    "\"cisco\":\"5254.0012.3456\",\"dash\":\"52-54-00-12-34-56\","
	    "\"mcast\":\"01:00:5e:00:00:fb\",\"v6\":\"2001:db8::1\","
	    "\"v6full\":\"1:2:3:4:5:6:7:8\",\"v6b\":\"1:2:3:4:5:6::\","
	    "\"eui64\":\"0:2:3:4:5:6:7\",\"time\":\"2026-11-26T19:22:28.503637Z\","
	    "\"v4\":\"198.18.64.2\",\"word\":\"x52:54:00:12:34:56\"}";
	struct vw_anon *a;
	cJSON *t, *n, *r, *ev, *path;
	char canon[32], nopad[32], dots[32], canon3[32], nopad3[32], want[160];
	char *s, *u;

	ASSERT_OK(vw_anon_new(key_a, &a));
	ASSERT((t = cJSON_Parse(doc)) != NULL);
	ASSERT_OK(vw_anon_json(a, t));
	ASSERT_EQ(vw_anon_nmacs(a), 3);
	s = cJSON_PrintUnformatted(t);
	ASSERT(s != NULL);
	/* No original unicast MAC is left, in any form. */
	ASSERT(strstr(s, "\"52:54:00:12:34:56") == NULL);
	ASSERT(strstr(s, " 52:54:00:12:34:56") == NULL);
	ASSERT(strstr(s, "52:54:0:12:34:56") == NULL);
	ASSERT(strstr(s, "5a:c3:6f:8d:4a:ec") == NULL);
	ASSERT(strstr(s, "5A:C3:6F:8D:4A:EC") == NULL);
	ASSERT(strstr(s, "5a.c3.6f.8d.4a.ec") == NULL);
	ASSERT(strstr(s, "02:0a:0b:00:0c:0d") == NULL);
	ASSERT(strstr(s, "2:a:b:0:c:d") == NULL);
	ASSERT(strstr(s, "5254.0012.3456") == NULL);
	ASSERT(strstr(s, "52-54-00-12-34-56") == NULL);
	cJSON_free(s);

	ps_text(a, guest, vw_ll_canon, canon, sizeof(canon));
	ps_text(a, guest, vw_ll_colon_nopad, nopad, sizeof(nopad));
	ps_text(a, bridge, vw_ll_dots, dots, sizeof(dots));
	ps_text(a, mac3, vw_ll_canon, canon3, sizeof(canon3));
	ps_text(a, mac3, vw_ll_colon_nopad, nopad3, sizeof(nopad3));
	n = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "neighbors"), 0);
	ASSERT_STR_EQ(jstr(n, "lladdr"), canon);
	ASSERT_STR_EQ(jstr(n, "lladdr_os"), nopad);
	n = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "neighbors"), 1);
	ASSERT_STR_EQ(jstr(n, "lladdr"), nopad3);
	ASSERT_STR_EQ(jstr(n, "addr"), "198.18.64.3");
	r = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "routes"), 0);
	ASSERT_STR_EQ(jstr(r, "gateway_link"), dots);
	r = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "interfaces"), 0);
	ps_text(a, bridge, vw_ll_canon, want, sizeof(want));
	ASSERT_STR_EQ(jstr(r, "lladdr"), want);
	/* Inside sentences and nested arrays, the end-of-sentence dot kept. */
	ev = cJSON_GetArrayItem(cJSON_GetObjectItem(t, "events"), 0);
	snprintf(want, sizeof(want), "198.18.64.2 is now at %s (was %s).",
	    canon, canon3);
	ASSERT_STR_EQ(jstr(cJSON_GetObjectItem(ev, "cause"), "summary"), want);
	path = cJSON_GetObjectItem(ev, "path");
	snprintf(want, sizeof(want), "via bridge100 lladdr %s", canon);
	ASSERT_STR_EQ(cJSON_GetArrayItem(path, 0)->valuestring, want);
	ps_text(a, bridge, vw_ll_canon, want, sizeof(want));
	for (u = want; *u; u++)
		if (*u >= 'a' && *u <= 'f')
			*u = (char)(*u - 'a' + 'A');
	{
		char deep[200];

		snprintf(deep, sizeof(deep), "deep %s", want);
		ASSERT_STR_EQ(cJSON_GetArrayItem(cJSON_GetArrayItem(path, 1),
		    0)->valuestring, deep);
	}
	/* Other forms: same bytes, same separator. */
	{
		struct vw_lladdr ll;
		uint8_t ps[6];

		vw_anon_mac(a, guest, ps);
		ASSERT_OK(vw_ll_parse(jstr(t, "cisco"), &ll));
		ASSERT_EQ(ll.len, 6);
		ASSERT_MEM_EQ(ll.a, ps, 6);
		ASSERT_EQ(jstr(t, "cisco")[4], '.');
		ASSERT_OK(vw_ll_parse(jstr(t, "dash"), &ll));
		ASSERT_MEM_EQ(ll.a, ps, 6);
		ASSERT_EQ(jstr(t, "dash")[2], '-');
	}
	/* Not MACs, or not to be replaced. */
	ASSERT_STR_EQ(jstr(t, "mcast"), "01:00:5e:00:00:fb");
	ASSERT_STR_EQ(jstr(t, "v6"), "2001:db8::1");
	ASSERT_STR_EQ(jstr(t, "v6full"), "1:2:3:4:5:6:7:8");
	ASSERT_STR_EQ(jstr(t, "v6b"), "1:2:3:4:5:6::");
	ASSERT_STR_EQ(jstr(t, "eui64"), "0:2:3:4:5:6:7");
	ASSERT_STR_EQ(jstr(t, "time"), "2026-11-26T19:22:28.503637Z");
	ASSERT_STR_EQ(jstr(t, "v4"), "198.18.64.2");
	ASSERT_STR_EQ(jstr(t, "word"), "x52:54:00:12:34:56");
	cJSON_Delete(t);
	vw_anon_free(a);
}

VW_TEST(test_json_names_paths)
{
	static const char doc[] =
	    "{\"status\":{\"socket\":\"/Users/alice/Library/vmwatch/vmwatchd.sock\","
	    "\"log\":\"/home/bob/vm.log\",\"tmp\":\"/tmp/vmwatchd.sock\","
	    "\"note\":\"see /Users/alice and ~/x\"},"
	    "\"summary\":\"198.18.64.3 (bob): bob is down; alice-vm2 and "
	    "bobcat are not targets\","
	    "\"targets\":[{\"address\":\"198.18.64.2\",\"name\":\"alice-vm\"},"
	    "{\"address\":\"198.18.64.3\",\"name\":\"bob\"},"
	    "{\"address\":\"198.18.64.4\",\"name\":null}],"
	    "\"events\":[{\"kind\":\"target.down\",\"target\":{\"address\":"
	    "\"198.18.64.2\",\"name\":\"alice-vm\",\"discovered\":false},"
	    "\"line\":\"198.18.64.2 (alice-vm): route_hijacked: x\"}],"
	    "\"state\":\"bob\","
	    "\"metrics\":\"vw_target_up{address=\\\"198.18.64.2\\\",name="
	    "\\\"alice-vm\\\"} 1\\nvw_target_up{address=\\\"198.18.64.3\\\","
	    "name=\\\"bob\\\"} 0\\n\"}";
	struct vw_anon *a;
	cJSON *t, *tg, *st;
	char *s;

	ASSERT_OK(vw_anon_new(key_a, &a));
	ASSERT((t = cJSON_Parse(doc)) != NULL);
	ASSERT_OK(vw_anon_json(a, t));
	ASSERT_EQ(vw_anon_nnames(a), 2);
	tg = cJSON_GetObjectItem(t, "targets");
	/* Numbered in order of appearance. */
	ASSERT_STR_EQ(jstr(cJSON_GetArrayItem(tg, 0), "name"), "target-1");
	ASSERT_STR_EQ(jstr(cJSON_GetArrayItem(tg, 1), "name"), "target-2");
	ASSERT(cJSON_IsNull(cJSON_GetObjectItem(cJSON_GetArrayItem(tg, 2),
	    "name")));
	ASSERT_STR_EQ(jstr(cJSON_GetObjectItem(cJSON_GetArrayItem(
	    cJSON_GetObjectItem(t, "events"), 0), "target"), "name"),
	    "target-1");
	/* A summary before the targets still uses their labels. */
	ASSERT_STR_EQ(jstr(t, "summary"), "198.18.64.3 (target-2): target-2 is "
	    "down; alice-vm2 and bobcat are not targets");
	ASSERT_STR_EQ(jstr(cJSON_GetArrayItem(cJSON_GetObjectItem(t, "events"),
	    0), "line"), "198.18.64.2 (target-1): route_hijacked: x");
	ASSERT_STR_EQ(jstr(t, "metrics"), "vw_target_up{address=\"198.18.64.2\","
	    "name=\"target-1\"} 1\nvw_target_up{address=\"198.18.64.3\","
	    "name=\"target-2\"} 0\n");
	/* A whole value that only equals a name is not a name. */
	ASSERT_STR_EQ(jstr(t, "state"), "bob");
	st = cJSON_GetObjectItem(t, "status");
	ASSERT_STR_EQ(jstr(st, "socket"), "~/Library/vmwatch/vmwatchd.sock");
	ASSERT_STR_EQ(jstr(st, "log"), "~/vm.log");
	ASSERT_STR_EQ(jstr(st, "tmp"), "/tmp/vmwatchd.sock");
	ASSERT_STR_EQ(jstr(st, "note"), "see ~ and ~/x");
	s = cJSON_PrintUnformatted(t);
	ASSERT(strstr(s, "alice-vm\"") == NULL && strstr(s, "alice-vm)") == NULL);
	ASSERT(strstr(s, "/Users/alice") == NULL);
	cJSON_free(s);
	/* The same names keep their labels in the next tree of the report. */
	ASSERT((s = vw_anon_str(a, "vm alice-vm then bob")) != NULL);
	ASSERT_STR_EQ(s, "vm target-1 then target-2");
	free(s);
	cJSON_Delete(t);
	vw_anon_free(a);
}

/* ---- recordings ---------------------------------------------------------- */

struct rbuf {
	uint8_t	*p;
	size_t	 len;
};

static void
rb_put(struct rbuf *b, const void *p, size_t n)
{
	b->p = realloc(b->p, b->len + n);
	ASSERT(b->p != NULL);
	if (n > 0)
		memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void
rb_rec(struct rbuf *b, int type, int flags, const void *p, size_t n,
    int64_t mono)
{
	uint8_t h[VW_REC_RECHDRLEN];

	vw_rec_encode_rechdr(h, type, flags, p, (uint32_t)n, mono);
	rb_put(b, h, sizeof(h));
	rb_put(b, p, n);
}

static void
rb_hdr(struct rbuf *b, int os)
{
	struct vw_rec_hdr h;
	uint8_t out[VW_REC_HDRLEN];

	memset(&h, 0, sizeof(h));
	h.version = VW_REC_VERSION;
	h.os = os;
	h.layout = vw_rec_layout_of(os);
	h.start_wall_us = 1700000000000000LL;
	h.base_seq = 7;
	vw_rec_encode_hdr(out, &h);
	rb_put(b, out, sizeof(out));
}

static int
has_bytes(const uint8_t *p, size_t n, const uint8_t *m, size_t mn)
{
	return memmem(p, n, m, mn) != NULL;
}

static const char cfg_text[] =
    "{\n  \"log\": {\"file\": \"/home/alice/vmwatch.log\"},\n"
    "  \"targets\": [{\"address\": \"198.18.64.2\", \"name\": \"alice-vm\"}]\n}\n";

/* A Linux recording: config, a dump with the guest's ARP entry and the
   bridge's link, a note, a probe. */
static void
linux_recording(struct rbuf *b)
{
	struct nl_fix_buf nl;
	struct vw_rec_probe pr;
	uint8_t d[VW_REC_PROBELEN], db[64];
	size_t n;

	rb_hdr(b, VW_OS_LINUX);
	rb_rec(b, VW_REC_CONFIG, 0, cfg_text, strlen(cfg_text), 1000);
	n = vw_rec_encode_dump_begin(db, sizeof(db), 0xf, "start (alice-vm)");
	ASSERT(n > 0);
	rb_rec(b, VW_REC_DUMP_BEGIN, 0, db, n, 1001);
	nl_fix_init(&nl);
	nl_fix_link(&nl, &(struct nl_fix_link){ .nlflags = VW_NL_NLM_F_MULTI,
	    .index = 2, .name = "bridge100", .lladdr = "5a:c3:6f:8d:4a:ec",
	    .broadcast = "ff:ff:ff:ff:ff:ff", .mtu = 1500, .kind = "bridge" });
	nl_fix_neigh(&nl, &(struct nl_fix_neigh){ .nlflags = VW_NL_NLM_F_MULTI,
	    .dst = "198.18.64.2", .lladdr = "52:54:00:12:34:56", .ifindex = 2,
	    .state = VW_NUD_REACHABLE });
	ASSERT(!nl.oom);
	rb_rec(b, VW_REC_KMSG, VW_RECF_DUMP, nl.data, nl.len, 1002);
	nl_fix_free(&nl);
	rb_rec(b, VW_REC_DUMP_END, 0, NULL, 0, 1003);
	rb_rec(b, VW_REC_NOTE, 0, "alice-vm moved to 52:54:00:12:34:56", 35,
	    1004);
	memset(&pr, 0, sizeof(pr));
	ASSERT_OK(vw_ip_parse("198.18.64.2", &pr.addr));
	pr.ok = 1;
	pr.rtt_us = 250;
	vw_rec_encode_probe(d, &pr);
	rb_rec(b, VW_REC_PROBE, 0, d, sizeof(d), 1005);
}

VW_TEST(test_recording_linux)
{
	struct vw_anon *a;
	struct vw_rec ri, ro;
	struct vw_perr e;
	struct rbuf in = { NULL, 0 };
	uint8_t *out, psg[6], psb[6];
	size_t outlen, pi = VW_REC_HDRLEN, po = VW_REC_HDRLEN;
	int ri_ok, ro_ok, nrec = 0;

	linux_recording(&in);
	ASSERT_OK(vw_anon_new(key_b, &a));
	/* The kernel messages are enough to learn both MACs. */
	ASSERT_OK(vw_anon_learn_recording(a, in.p, in.len));
	ASSERT_EQ(vw_anon_nmacs(a), 2);
	ASSERT_EQ(vw_anon_nnames(a), 1);
	ASSERT_OK(vw_anon_recording(a, in.p, in.len, &out, &outlen, &e));
	vw_anon_mac(a, guest, psg);
	vw_anon_mac(a, bridge, psb);
	ASSERT_MEM_EQ(out, in.p, VW_REC_HDRLEN);
	ASSERT(!has_bytes(out, outlen, guest, 6));
	ASSERT(!has_bytes(out, outlen, bridge, 6));
	ASSERT(has_bytes(out, outlen, psg, 6));
	ASSERT(has_bytes(out, outlen, psb, 6));
	ASSERT(!has_bytes(out, outlen, (const uint8_t *)"alice", 5));
	/* Every record is accepted (CRCs valid), in the same order. */
	for (;;) {
		ri_ok = vw_rec_next(in.p, in.len, &pi, &ri, &e);
		ro_ok = vw_rec_next(out, outlen, &po, &ro, &e);
		if (ro_ok < 0)
			VW__FAIL("record: %s", e.msg);
		ASSERT_EQ(ro_ok, ri_ok);
		if (ri_ok == 0)
			break;
		nrec++;
		ASSERT_EQ(ro.type, ri.type);
		ASSERT_EQ(ro.flags, ri.flags);
		ASSERT_EQ(ro.mono_us, ri.mono_us);
		if (ro.type == VW_REC_KMSG) {
			struct vw_nl_hdr h;
			struct vw_event ev;
			size_t off = 0;
			int n, nev, seen = 0;

			ASSERT_EQ(ro.len, ri.len);
			while (off < ro.len) {
				n = vw_nl_parse(ro.data + off, ro.len - off, off,
				    &h, &ev, &nev, &e);
				ASSERT(n > 0);
				off += (size_t)n;
				if (nev && vw_kind_obj(ev.kind) == VW_OBJ_NEIGH) {
					ASSERT_MEM_EQ(ev.u.neigh.ll.a, psg, 6);
					seen++;
				} else if (nev &&
				    vw_kind_obj(ev.kind) == VW_OBJ_LINK) {
					ASSERT_MEM_EQ(ev.u.link.ll.a, psb, 6);
					ASSERT_STR_EQ(ev.u.link.name, "bridge100");
					seen++;
				}
			}
			ASSERT_EQ(seen, 2);
		} else if (ro.type == VW_REC_CONFIG) {
			cJSON *c = cJSON_ParseWithLength((const char *)ro.data,
			    ro.len);
			cJSON *t0 = cJSON_GetArrayItem(cJSON_GetObjectItem(c,
			    "targets"), 0);

			ASSERT(c != NULL);
			ASSERT_STR_EQ(jstr(t0, "name"), "target-1");
			ASSERT_STR_EQ(jstr(t0, "address"), "198.18.64.2");
			ASSERT_STR_EQ(jstr(cJSON_GetObjectItem(c, "log"), "file"),
			    "~/vmwatch.log");
			cJSON_Delete(c);
		} else if (ro.type == VW_REC_DUMP_BEGIN) {
			unsigned objs;
			const char *why;
			size_t wl;

			ASSERT_OK(vw_rec_decode_dump_begin(&ro, &objs, &why, &wl,
			    &e));
			ASSERT_EQ(objs, 0xf);
			ASSERT_EQ(wl, strlen("start (target-1)"));
			ASSERT(memcmp(why, "start (target-1)", wl) == 0);
		} else if (ro.type == VW_REC_NOTE) {
			char want[96];
			char ps[VW_LL_STRLEN];
			struct vw_lladdr ll = { 6, { 0 } };

			memcpy(ll.a, psg, 6);
			vw_ll_canon(&ll, ps, sizeof(ps));
			snprintf(want, sizeof(want), "target-1 moved to %s", ps);
			ASSERT_EQ(ro.len, strlen(want));
			ASSERT(memcmp(ro.data, want, ro.len) == 0);
		} else {
			ASSERT_EQ(ro.len, ri.len);
			ASSERT(ro.len == 0 || memcmp(ro.data, ri.data, ro.len) == 0);
		}
	}
	ASSERT_EQ(nrec, 6);
	free(out);
	free(in.p);
	vw_anon_free(a);
}

/* MACs learned only from a report's JSON are replaced in the recording. */
VW_TEST(test_recording_learned_from_json)
{
	static const uint8_t other[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };
	struct vw_anon *a;
	struct vw_rec r;
	struct vw_perr e;
	struct rbuf in = { NULL, 0 };
	uint8_t payload[40], *out, ps[6];
	size_t outlen, pos = VW_REC_HDRLEN;
	cJSON *t;

	/* Not a netlink message: only the learned bytes can be found. */
	memset(payload, 0xee, sizeof(payload));
	memcpy(payload + 3, other, 6);		/* unaligned on purpose */
	memcpy(payload + 30, other, 6);
	rb_hdr(&in, VW_OS_LINUX);
	rb_rec(&in, VW_REC_KMSG, 0, payload, sizeof(payload), 5);
	ASSERT_OK(vw_anon_new(key_a, &a));
	ASSERT((t = cJSON_Parse("{\"lladdr\":\"02:11:22:33:44:55\"}")) != NULL);
	ASSERT_OK(vw_anon_learn_json(a, t));
	ASSERT_OK(vw_anon_learn_recording(a, in.p, in.len));
	ASSERT_EQ(vw_anon_nmacs(a), 1);
	ASSERT_OK(vw_anon_recording(a, in.p, in.len, &out, &outlen, &e));
	ASSERT_EQ(outlen, in.len);
	ASSERT_EQ(vw_rec_next(out, outlen, &pos, &r, &e), 1);
	vw_anon_mac(a, other, ps);
	ASSERT_MEM_EQ(r.data + 3, ps, 6);
	ASSERT_MEM_EQ(r.data + 30, ps, 6);
	ASSERT_EQ(r.data[2], 0xee);
	ASSERT_EQ(r.data[9], 0xee);
	ASSERT_EQ(vw_rec_next(out, outlen, &pos, &r, &e), 0);
	cJSON_Delete(t);
	free(out);
	free(in.p);
	vw_anon_free(a);
}

/* A macOS dump: every unicast sockaddr_dl address is replaced. */
VW_TEST(test_recording_macos)
{
	struct vw_anon *a;
	struct vw_bsd_msg m;
	struct vw_linkgw lg;
	struct vw_perr e;
	struct bsd_buf bb;
	struct rbuf in = { NULL, 0 };
	uint8_t *out, macs[64][6];
	size_t outlen, off = 0, nmacs = 0, i, pos = VW_REC_HDRLEN;
	struct vw_rec r;
	int n, k;

	bsd_buf_init(&bb, VW_OS_DARWIN);
	bsd_fix_macos_table(&bb);
	/* The unicast MACs the decoder reads, to look for afterwards. */
	while (off < bb.len) {
		n = vw_bsd_parse(VW_OS_DARWIN, bb.b + off, bb.len - off, off,
		    &m, &e);
		if (n == VW_ESKIP) {
			off += m.msglen;
			continue;
		}
		ASSERT(n > 0);
		off += (size_t)n;
		for (k = 0; k < VW_RTAX_MAX; k++)
			if (m.sa[k].kind == VW_SA_LINK &&
			    vw_bsd_sa_link(&m, k, &lg) == 0 && lg.ll.len == 6 &&
			    (lg.ll.a[0] & 1) == 0 && nmacs < 64)
				memcpy(macs[nmacs++], lg.ll.a, 6);
	}
	ASSERT(nmacs > 0);
	rb_hdr(&in, VW_OS_DARWIN);
	rb_rec(&in, VW_REC_KMSG, VW_RECF_DUMP, bb.b, bb.len, 9);
	ASSERT_OK(vw_anon_new(key_a, &a));
	ASSERT_OK(vw_anon_learn_recording(a, in.p, in.len));
	ASSERT(vw_anon_nmacs(a) > 0);
	ASSERT_OK(vw_anon_recording(a, in.p, in.len, &out, &outlen, &e));
	ASSERT_EQ(vw_rec_next(out, outlen, &pos, &r, &e), 1);
	for (i = 0; i < nmacs; i++)
		ASSERT(!has_bytes(r.data, r.len, macs[i], 6));
	/* Still the same messages: they parse to the end. */
	off = 0;
	while (off < r.len) {
		n = vw_bsd_parse(VW_OS_DARWIN, r.data + off, r.len - off, off,
		    &m, &e);
		if (n == VW_ESKIP) {
			off += m.msglen;
			continue;
		}
		ASSERT(n > 0);
		off += (size_t)n;
	}
	free(out);
	free(in.p);
	bsd_buf_free(&bb);
	vw_anon_free(a);
}

VW_TEST(test_recording_damaged)
{
	struct vw_anon *a;
	struct vw_perr e;
	struct rbuf in = { NULL, 0 };
	uint8_t *out = (uint8_t *)&e;
	size_t outlen = 1;

	linux_recording(&in);
	in.p[in.len - 3] ^= 0x40;		/* the probe's payload */
	ASSERT_OK(vw_anon_new(key_a, &a));
	ASSERT(vw_anon_recording(a, in.p, in.len, &out, &outlen, &e) < 0);
	ASSERT(out == NULL);
	ASSERT_EQ(outlen, 0);
	ASSERT(e.msg[0] != '\0');
	/* Not a recording at all. */
	ASSERT(vw_anon_recording(a, (const uint8_t *)"hello", 5, &out, &outlen,
	    &e) < 0);
	free(in.p);
	vw_anon_free(a);
}

VW_TEST_MAIN(test_siphash_vectors, test_pseudonym, test_multicast_kept,
    test_json_mac_forms, test_json_names_paths, test_recording_linux,
    test_recording_learned_from_json, test_recording_macos,
    test_recording_damaged)
