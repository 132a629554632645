/* SPDX-License-Identifier: ISC */
/*
 * test_kev_msg.c - lib/kev_msg.c: macOS kernel events (kern_event_msg)
 * decoded into link changes, re-dump and ARP-poll requests.
 *
 * The fixtures are laid out here byte by byte with literal offsets and
 * codes from xnu-11417 (bsd/sys/kern_event.h, bsd/net/net_kev.h,
 * bsd/net/if_var.h net_event_data, bsd/netinet/in_var.h
 * kev_in_collision), independently of lib/kev_msg.h, so a wrong constant
 * there fails here instead of being copied into both sides.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "kev_msg.h"
#include "vw_table.h"
#include "vw_test.h"

/* ---- a tiny builder: little-endian u32s, as on arm64/x86_64 Macs ------- */

struct kbuf {
	uint8_t	b[512];
	size_t	len;
};

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/*
 * Append one kern_event_msg: total_size, vendor, class, subclass, id,
 * code, then `dlen` data bytes.  Returns the message's offset.
 */
static size_t
kev_put(struct kbuf *k, uint32_t vendor, uint32_t kclass, uint32_t subclass,
    uint32_t id, uint32_t code, const uint8_t *data, size_t dlen)
{
	size_t off = k->len;
	uint8_t *p = k->b + off;

	put32(p + 0, (uint32_t)(24 + dlen));
	put32(p + 4, vendor);
	put32(p + 8, kclass);
	put32(p + 12, subclass);
	put32(p + 16, id);
	put32(p + 20, code);
	if (dlen > 0)
		memcpy(p + 24, data, dlen);
	k->len += 24 + dlen;
	return off;
}

/* struct net_event_data: if_family, if_unit, if_name[16]. */
static void
ned(uint8_t d[24], uint32_t family, uint32_t unit, const char *name)
{
	memset(d, 0, 24);
	put32(d + 0, family);
	put32(d + 4, unit);
	memcpy(d + 8, name, strlen(name) < 16 ? strlen(name) : 16);
}

/* An Apple network DL event (vendor 1, class 1, subclass 2). */
static size_t
dl_event(struct kbuf *k, uint32_t id, uint32_t code, const char *drv,
    uint32_t unit)
{
	uint8_t d[24];

	ned(d, 2 /* APPLE_IF_FAM_ETHERNET: if_bridge.c */, unit, drv);
	return kev_put(k, 1, 1, 2, id, code, d, sizeof(d));
}

/* Parse from an exact-size heap copy, so ASan sees any over-read. */
static int
parse_exact(const uint8_t *p, size_t len, struct vw_kev *k,
    struct vw_perr *e)
{
	uint8_t *c = malloc(len > 0 ? len : 1);
	int r;

	ASSERT(c != NULL);
	memcpy(c, p, len);
	r = vw_kev_parse(c, len, 0, k, e);
	free(c);
	return r;
}

static struct vw_link
mklink(uint32_t index, const char *name, uint32_t lflags)
{
	struct vw_link l;

	memset(&l, 0, sizeof(l));
	l.index = index;
	snprintf(l.name, sizeof(l.name), "%s", name);
	l.lflags = lflags;
	l.flags = 0x8863;	/* UP BROADCAST RUNNING SIMPLEX MULTICAST */
	l.mtu = 1500;
	l.type = VW_LT_BRIDGE;
	l.os_type = 0xd1;
	l.have = VW_LH_NAME | VW_LH_MTU | VW_LH_TYPE;
	return l;
}

/* ---- decoding ------------------------------------------------------------ */

VW_TEST(test_attach_names_the_interface)
{
	struct kbuf k = { .len = 0 };
	struct vw_kev ev;
	struct vw_perr e;
	char name[64];

	dl_event(&k, 4242, 9 /* KEV_DL_IF_ATTACHED */, "bridge", 100);
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), 48);
	ASSERT_EQ(ev.total_size, 48);
	ASSERT_EQ(ev.vendor, 1);
	ASSERT_EQ(ev.kclass, 1);
	ASSERT_EQ(ev.subclass, 2);
	ASSERT_EQ(ev.id, 4242);
	ASSERT_EQ(ev.code, 9);
	ASSERT_EQ(ev.action, VW_KEV_ATTACH);
	ASSERT_EQ(ev.has_if, 1);
	ASSERT_EQ(ev.if_family, 2);
	ASSERT_EQ(ev.if_unit, 100);
	ASSERT_STR_EQ(ev.ifname, "bridge100");
	vw_kev_name(&ev, name, sizeof(name));
	ASSERT_STR_EQ(name, "KEV_DL_IF_ATTACHED");
}

VW_TEST(test_dl_codes_map_to_actions)
{
	static const struct { uint32_t code; int action; const char *name; }
	    cases[] = {
		{ 9, VW_KEV_ATTACH, "KEV_DL_IF_ATTACHED" },
		{ 10, VW_KEV_NONE, "KEV_DL_IF_DETACHING" },
		{ 11, VW_KEV_DETACH, "KEV_DL_IF_DETACHED" },
		{ 12, VW_KEV_CARRIER_OFF, "KEV_DL_LINK_OFF" },
		{ 13, VW_KEV_CARRIER_ON, "KEV_DL_LINK_ON" },
		{ 16, VW_KEV_LLADDR, "KEV_DL_LINK_ADDRESS_CHANGED" },
		{ 3, VW_KEV_NONE, "KEV_DL_SIFMTU" },	/* in RTM_IFINFO */
		{ 1, VW_KEV_NONE, "KEV_DL_SIFFLAGS" },
		{ 99, VW_KEV_NONE, "KEV_1.2.99" },
	};
	struct vw_kev ev;
	struct vw_perr e;
	char name[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct kbuf k = { .len = 0 };

		dl_event(&k, (uint32_t)i, cases[i].code, "en", 0);
		ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), 48);
		ASSERT_EQ(ev.action, cases[i].action);
		vw_kev_name(&ev, name, sizeof(name));
		ASSERT_STR_EQ(name, cases[i].name);
		/* The name is decoded only for events the mirror acts on. */
		if (cases[i].action != VW_KEV_NONE)
			ASSERT_STR_EQ(ev.ifname, "en0");
	}
}

VW_TEST(test_other_vendors_and_classes_are_stepped_over)
{
	struct kbuf k = { .len = 0 };
	uint8_t d[24];
	struct vw_kev ev;
	struct vw_perr e;
	char name[64];

	ned(d, 2, 100, "bridge");
	/* A third-party vendor posting code 9 in class 1 subclass 2. */
	kev_put(&k, 1000, 1, 2, 1, 9, d, sizeof(d));
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), 48);
	ASSERT_EQ(ev.action, VW_KEV_NONE);
	ASSERT_EQ(ev.has_if, 0);
	/* KEV_SYSTEM_CLASS (3), any payload, even none. */
	k.len = 0;
	kev_put(&k, 1, 3, 2, 2, 9, NULL, 0);
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), 24);
	ASSERT_EQ(ev.action, VW_KEV_NONE);
	vw_kev_name(&ev, name, sizeof(name));
	ASSERT_STR_EQ(name, "KEV_3.2.9");
	/* KEV_INET6_SUBCLASS (6) new address: PF_ROUTE reports it. */
	k.len = 0;
	kev_put(&k, 1, 1, 6, 3, 1, d, sizeof(d));
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), 48);
	ASSERT_EQ(ev.action, VW_KEV_NONE);
}

VW_TEST(test_arp_collision_names_the_other_node)
{
	struct kbuf k = { .len = 0 };
	uint8_t d[40];
	struct vw_kev ev;
	struct vw_perr e;
	char ip[VW_IP_STRLEN], ll[VW_LL_STRLEN], name[64];
	static const uint8_t mac[6] = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 };

	/* kev_in_collision: net_event_data, in_addr, hw_len, hw_addr[]. */
	memset(d, 0, sizeof(d));
	ned(d, 2, 100, "bridge");
	d[24] = 192; d[25] = 168; d[26] = 64; d[27] = 1;
	d[28] = 6;
	memcpy(d + 29, mac, 6);
	/* The kernel sends sizeof(kev_in_collision) (32) + hw_len bytes. */
	kev_put(&k, 1, 1, 1 /* INET */, 77, 7 /* ARPCOLLISION */, d, 38);
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), 62);
	ASSERT_EQ(ev.action, VW_KEV_ARP_COLLISION);
	ASSERT_STR_EQ(ev.ifname, "bridge100");
	vw_ip_str(&ev.ip, ip, sizeof(ip));
	ASSERT_STR_EQ(ip, "192.168.64.1");
	vw_ll_canon(&ev.ll, ll, sizeof(ll));
	ASSERT_STR_EQ(ll, "02:11:22:33:44:55");
	vw_kev_name(&ev, name, sizeof(name));
	ASSERT_STR_EQ(name, "KEV_INET_ARPCOLLISION");

	/* hw_len past the event's end. */
	k.len = 0;
	d[28] = 16;
	kev_put(&k, 1, 1, 1, 78, 7, d, 38);
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), VW_ETRUNC);
	ASSERT_EQ(ev.action, VW_KEV_NONE);
	/* Too short for the address. */
	k.len = 0;
	kev_put(&k, 1, 1, 1, 79, 7, d, 26);
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), VW_ETRUNC);
}

VW_TEST(test_router_arp_events_ask_for_a_poll)
{
	struct kbuf k = { .len = 0 };
	uint8_t d[24];
	struct vw_kev ev;
	struct vw_perr e;

	ned(d, 2 /* ETHERNET */, 0, "en");
	kev_put(&k, 1, 1, 1, 5, 9 /* ARPRTRFAILURE */, d, sizeof(d));
	kev_put(&k, 1, 1, 1, 6, 10 /* ARPRTRALIVE */, d, sizeof(d));
	ASSERT_EQ(parse_exact(k.b, 48, &ev, &e), 48);
	ASSERT_EQ(ev.action, VW_KEV_ARP_ROUTER);
	ASSERT_STR_EQ(ev.ifname, "en0");
	ASSERT_EQ(parse_exact(k.b + 48, 48, &ev, &e), 48);
	ASSERT_EQ(ev.action, VW_KEV_ARP_ROUTER);
	ASSERT_EQ(ev.id, 6);
}

VW_TEST(test_a_buffer_of_events_steps_by_total_size)
{
	struct kbuf k = { .len = 0 };
	struct vw_kev ev;
	struct vw_perr e;
	size_t off = 0;
	int step, n = 0;
	static const int want[] = { VW_KEV_DETACH, VW_KEV_NONE,
	    VW_KEV_ATTACH, VW_KEV_CARRIER_ON };

	dl_event(&k, 1, 11, "bridge", 100);
	kev_put(&k, 1, 3, 1, 2, 1, (const uint8_t *)"12345678", 8);
	dl_event(&k, 3, 9, "bridge", 101);
	dl_event(&k, 4, 13, "bridge", 101);
	while (off < k.len) {
		step = vw_kev_parse(k.b + off, k.len - off, off, &ev, &e);
		ASSERT(step > 0);
		ASSERT(n < 4);
		ASSERT_EQ(ev.action, want[n]);
		n++;
		off += (size_t)step;
	}
	ASSERT_EQ(n, 4);
	ASSERT_EQ(off, 48 + 32 + 48 + 48);
	ASSERT_STR_EQ(ev.ifname, "bridge101");
}

/* ---- malformed input ----------------------------------------------------- */

VW_TEST(test_every_truncation_is_an_error)
{
	struct kbuf k = { .len = 0 };
	struct vw_kev ev;
	struct vw_perr e;
	size_t len;
	int r;

	dl_event(&k, 1, 9, "bridge", 100);
	for (len = 0; len < k.len; len++) {
		r = parse_exact(k.b, len, &ev, &e);
		ASSERT_EQ(r, VW_ETRUNC);
		ASSERT_EQ(e.code, VW_ETRUNC);
	}
	/* The header claims more than the read returned. */
	put32(k.b, 200);
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), VW_ETRUNC);
	ASSERT(strstr(e.msg, "200") != NULL);
}

VW_TEST(test_inconsistent_sizes_are_errors)
{
	struct kbuf k = { .len = 0 };
	struct vw_kev ev;
	struct vw_perr e;
	uint8_t d[24];

	/* total_size below the header: a walk could not step. */
	dl_event(&k, 1, 9, "bridge", 100);
	put32(k.b, 23);
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), VW_EBADLEN);
	put32(k.b, 0);
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), VW_EBADLEN);
	/* An attach without its net_event_data. */
	k.len = 0;
	kev_put(&k, 1, 1, 2, 1, 9, (const uint8_t *)"bridge", 6);
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), VW_ETRUNC);
	ASSERT_EQ(e.off, 0);
	/* Name + unit longer than an interface name can be. */
	k.len = 0;
	ned(d, 2, 4000000000u, "abcdefghijklmno");
	kev_put(&k, 1, 1, 2, 1, 9, d, sizeof(d));
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), VW_ERANGE);
	ASSERT_EQ(ev.action, VW_KEV_NONE);
	/* No name at all. */
	k.len = 0;
	ned(d, 2, 3, "");
	kev_put(&k, 1, 1, 2, 1, 11, d, sizeof(d));
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), VW_ERANGE);
}

VW_TEST(test_unterminated_name_is_bounded)
{
	struct kbuf k = { .len = 0 };
	struct vw_kev ev;
	struct vw_perr e;
	uint8_t d[24];

	/* 16 name bytes without a NUL; with unit 0 it cannot fit 15 + NUL. */
	ned(d, 2, 0, "0123456789abcdef");
	kev_put(&k, 1, 1, 2, 1, 13, d, sizeof(d));
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), VW_ERANGE);
	/* 14 characters and unit 5: exactly 15, fits. */
	k.len = 0;
	ned(d, 2, 5, "abcdefghijklmn");
	kev_put(&k, 1, 1, 2, 1, 13, d, sizeof(d));
	ASSERT_EQ(parse_exact(k.b, k.len, &ev, &e), 48);
	ASSERT_STR_EQ(ev.ifname, "abcdefghijklmn5");
}

/* ---- the table change an event asks for --------------------------------- */

static int ndiff, last_kind;
static struct vw_link last_link, last_old;

static void
diff_cb(const struct vw_event *d, void *arg)
{
	(void)arg;
	ndiff++;
	last_kind = d->kind;
	last_link = d->u.link;
	last_old = d->old.link;
}

VW_TEST(test_carrier_off_and_on_change_the_table)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct kbuf k = { .len = 0 };
	struct vw_event ev;
	struct vw_kev kev;
	struct vw_perr e;
	struct vw_link l;
	const struct vw_link *cur;

	ASSERT(t != NULL);
	l = mklink(24, "bridge100", VW_LF_UP | VW_LF_RUNNING |
	    VW_LF_LOWER_UP);
	vw_event_init(&ev, VW_EV_LINK_ADD);
	ev.u.link = l;
	ASSERT_EQ(vw_table_apply(t, &ev, NULL, NULL), 1);

	dl_event(&k, 50, 12 /* LINK_OFF */, "bridge", 100);
	ASSERT_EQ(vw_kev_parse(k.b, k.len, 0, &kev, &e), 48);
	cur = vw_table_link_byname(t, kev.ifname);
	ASSERT(cur != NULL);
	ASSERT_EQ(vw_kev_to_event(&kev, cur, &ev), 1);
	ASSERT_EQ(ev.kind, VW_EV_LINK_CHANGE);
	ASSERT_EQ(ev.origin.os, VW_OS_DARWIN);
	ASSERT_EQ(ev.origin.msg_seq, 50);
	ndiff = 0;
	ASSERT_EQ(vw_table_apply(t, &ev, diff_cb, NULL), 1);
	ASSERT_EQ(ndiff, 1);
	ASSERT_EQ(last_kind, VW_EV_LINK_CHANGE);
	ASSERT_EQ(last_link.lflags, VW_LF_UP | VW_LF_RUNNING);
	ASSERT_EQ(last_old.lflags, VW_LF_UP | VW_LF_RUNNING | VW_LF_LOWER_UP);
	/* Everything else of the link is kept. */
	cur = vw_table_link(t, 24);
	ASSERT(cur != NULL);
	ASSERT_STR_EQ(cur->name, "bridge100");
	ASSERT_EQ(cur->mtu, 1500);
	ASSERT_EQ(cur->flags, 0x8863);
	/* A second LINK_OFF changes nothing. */
	ASSERT_EQ(vw_kev_to_event(&kev, cur, &ev), 0);

	k.len = 0;
	dl_event(&k, 51, 13 /* LINK_ON */, "bridge", 100);
	ASSERT_EQ(vw_kev_parse(k.b, k.len, 0, &kev, &e), 48);
	ASSERT_EQ(vw_kev_to_event(&kev, cur, &ev), 1);
	ndiff = 0;
	ASSERT_EQ(vw_table_apply(t, &ev, diff_cb, NULL), 1);
	ASSERT_EQ(last_link.lflags, VW_LF_UP | VW_LF_RUNNING |
	    VW_LF_LOWER_UP);
	vw_table_free(t);
}

VW_TEST(test_detach_deletes_the_link_by_name)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct kbuf k = { .len = 0 };
	struct vw_event ev;
	struct vw_kev kev;
	struct vw_perr e;

	ASSERT(t != NULL);
	vw_event_init(&ev, VW_EV_LINK_ADD);
	ev.u.link = mklink(24, "bridge100", VW_LF_UP);
	ASSERT_EQ(vw_table_apply(t, &ev, NULL, NULL), 1);
	ev.u.link = mklink(4, "en0", VW_LF_UP);
	ASSERT_EQ(vw_table_apply(t, &ev, NULL, NULL), 1);

	dl_event(&k, 60, 11 /* IF_DETACHED */, "bridge", 100);
	ASSERT_EQ(vw_kev_parse(k.b, k.len, 0, &kev, &e), 48);
	ASSERT_EQ(vw_kev_to_event(&kev, vw_table_link_byname(t, kev.ifname),
	    &ev), 1);
	ASSERT_EQ(ev.kind, VW_EV_LINK_DELETE);
	ASSERT_EQ(ev.u.link.index, 24);
	ndiff = 0;
	ASSERT_EQ(vw_table_apply(t, &ev, diff_cb, NULL), 1);
	ASSERT_EQ(last_kind, VW_EV_LINK_DELETE);
	ASSERT(vw_table_link(t, 24) == NULL);
	ASSERT(vw_table_link(t, 4) != NULL);
	/* Gone already: nothing more to apply. */
	ASSERT_EQ(vw_kev_to_event(&kev, vw_table_link_byname(t, kev.ifname),
	    &ev), 0);
	vw_table_free(t);
}

VW_TEST(test_only_link_actions_make_events)
{
	struct vw_link l = mklink(24, "bridge100", VW_LF_UP);
	struct vw_event ev;
	struct vw_kev kev;

	memset(&kev, 0, sizeof(kev));
	kev.action = VW_KEV_ATTACH;
	ASSERT_EQ(vw_kev_to_event(&kev, &l, &ev), 0);
	kev.action = VW_KEV_LLADDR;
	ASSERT_EQ(vw_kev_to_event(&kev, &l, &ev), 0);
	kev.action = VW_KEV_ARP_COLLISION;
	ASSERT_EQ(vw_kev_to_event(&kev, &l, &ev), 0);
	kev.action = VW_KEV_NONE;
	ASSERT_EQ(vw_kev_to_event(&kev, &l, &ev), 0);
	/* An interface the table does not know. */
	kev.action = VW_KEV_CARRIER_ON;
	ASSERT_EQ(vw_kev_to_event(&kev, NULL, &ev), 0);
	kev.action = VW_KEV_DETACH;
	ASSERT_EQ(vw_kev_to_event(&kev, NULL, &ev), 0);
}

/* ---- carrier across routing messages and dumps -------------------------- */

VW_TEST(test_keep_carrier_on_link_events)
{
	struct vw_link cur = mklink(24, "bridge100", VW_LF_UP |
	    VW_LF_RUNNING | VW_LF_LOWER_UP);
	struct vw_event ev;

	/* RTM_IFINFO2 of a known link: no carrier in it, the table's kept. */
	vw_event_init(&ev, VW_EV_LINK_CHANGE);
	ev.u.link = mklink(24, "bridge100", VW_LF_UP | VW_LF_RUNNING);
	vw_kev_keep_carrier(&ev, &cur);
	ASSERT_EQ(ev.u.link.lflags, VW_LF_UP | VW_LF_RUNNING |
	    VW_LF_LOWER_UP);
	/* The table says the carrier is off: a message cannot turn it on. */
	cur.lflags = VW_LF_UP | VW_LF_RUNNING;
	ev.u.link.lflags = VW_LF_UP | VW_LF_RUNNING | VW_LF_LOWER_UP;
	vw_kev_keep_carrier(&ev, &cur);
	ASSERT_EQ(ev.u.link.lflags, VW_LF_UP | VW_LF_RUNNING);
	/* A new running link: presumed on until KEV_DL_LINK_OFF. */
	ev.u.link.lflags = VW_LF_UP | VW_LF_RUNNING;
	vw_kev_keep_carrier(&ev, NULL);
	ASSERT_EQ(ev.u.link.lflags, VW_LF_UP | VW_LF_RUNNING |
	    VW_LF_LOWER_UP);
	/* A new link that is not running: off. */
	ev.kind = VW_EV_LINK_ADD;
	ev.u.link.lflags = VW_LF_UP;
	vw_kev_keep_carrier(&ev, NULL);
	ASSERT_EQ(ev.u.link.lflags, VW_LF_UP);
	/* Other kinds are not touched (the union is not a link). */
	vw_event_init(&ev, VW_EV_ROUTE_ADD);
	ev.u.route.flags = 0xffffffffu;
	ev.u.route.plen = 24;
	vw_kev_keep_carrier(&ev, &cur);
	ASSERT_EQ(ev.u.route.flags, 0xffffffffu);
	ASSERT_EQ(ev.u.route.plen, 24);
}

VW_TEST(test_a_redump_keeps_the_kev_carrier)
{
	struct vw_table *t = vw_table_new(VW_OS_DARWIN);
	struct vw_event ev, dump;

	ASSERT(t != NULL);
	/* Loaded from a dump: running, so presumed on. */
	vw_event_init(&dump, VW_EV_LINK_CHANGE);
	dump.u.link = mklink(24, "bridge100", VW_LF_UP | VW_LF_RUNNING);
	ev = dump;
	vw_kev_keep_carrier(&ev, vw_table_link(t, 24));
	ASSERT_EQ(vw_table_apply(t, &ev, NULL, NULL), 1);
	ASSERT_EQ(vw_table_link(t, 24)->lflags, VW_LF_UP | VW_LF_RUNNING |
	    VW_LF_LOWER_UP);
	/* KEV_DL_LINK_OFF. */
	{
		struct vw_kev kev;

		memset(&kev, 0, sizeof(kev));
		kev.action = VW_KEV_CARRIER_OFF;
		ASSERT_EQ(vw_kev_to_event(&kev, vw_table_link(t, 24), &ev), 1);
		ASSERT_EQ(vw_table_apply(t, &ev, NULL, NULL), 1);
	}
	/* The same dump again: no difference, the carrier stays off. */
	ev = dump;
	vw_kev_keep_carrier(&ev, vw_table_link(t, 24));
	ndiff = 0;
	ASSERT_EQ(vw_table_apply(t, &ev, diff_cb, NULL), 0);
	ASSERT_EQ(ndiff, 0);
	ASSERT_EQ(vw_table_link(t, 24)->lflags, VW_LF_UP | VW_LF_RUNNING);
	vw_table_free(t);
}

VW_TEST_MAIN(test_attach_names_the_interface, test_dl_codes_map_to_actions,
    test_other_vendors_and_classes_are_stepped_over,
    test_arp_collision_names_the_other_node,
    test_router_arp_events_ask_for_a_poll,
    test_a_buffer_of_events_steps_by_total_size,
    test_every_truncation_is_an_error, test_inconsistent_sizes_are_errors,
    test_unterminated_name_is_bounded,
    test_carrier_off_and_on_change_the_table,
    test_detach_deletes_the_link_by_name, test_only_link_actions_make_events,
    test_keep_carrier_on_link_events, test_a_redump_keeps_the_kev_carrier)
