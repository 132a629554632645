/* SPDX-License-Identifier: ISC */
/*
 * test_explain - the routing-text explainer (lib/explain.h), line by line:
 * for realistic macOS (inet + inet6, the reference §5 table with the
 * vmnet bridge), FreeBSD, Linux ip route / ip neigh / route -n, arp -an,
 * route get and route monitor text it checks each entry's kind, expanded
 * prefix, gateway kind and meaning, flag meanings, canonical MAC and how
 * it was written, and expiry; then the findings with their line numbers;
 * then what messy pastes (prompts, lost alignment, redactions, HTML, NULs,
 * long lines) do: every non-blank line stays an entry, unknown ones as
 * "unrecognised".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "explain.h"
#include "vw_error.h"
#include "vw_event.h"
#include "vw_test.h"

/* ---- helpers ------------------------------------------------------------- */

static struct vw_explain *
explain(const char *text, int os)
{
	struct vw_explain *x = NULL;

	ASSERT_OK(vw_explain_parse(text, strlen(text), os, &x));
	ASSERT(x != NULL);
	return x;
}

/* The entry of input line `line` (1-based); fails the test if none. */
static const struct vw_xentry *
at(const struct vw_explain *x, unsigned line)
{
	size_t i;

	for (i = 0; i < x->nentries; i++)
		if (x->entries[i].line == line)
			return &x->entries[i];
	VW__FAIL("no entry for line %u", line);
	return NULL;
}

static int
has(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

static int
finding_has_line(const struct vw_xfinding *f, unsigned line)
{
	size_t i;

	for (i = 0; f != NULL && i < f->nlines; i++)
		if (f->lines[i] == line)
			return 1;
	return 0;
}

static size_t
count_code(const struct vw_explain *x, const char *code)
{
	size_t i, n = 0;

	for (i = 0; i < x->nfindings; i++)
		n += strcmp(x->findings[i].code, code) == 0;
	return n;
}

static size_t
count_kind(const struct vw_explain *x, int kind)
{
	size_t i, n = 0;

	for (i = 0; i < x->nentries; i++)
		n += x->entries[i].kind == kind;
	return n;
}

/* ---- macOS: the reference §5 table with vmnet's bridge100 ------------------ */

static const char macos_vmnet[] =
"Routing tables\n"						/* 1 */
"\n"
"Internet:\n"
"Destination        Gateway            Flags               Netif Expire\n"
"default            192.168.178.1      UGScg                 en0       \n"	/* 5 */
"default            link#24            UCSIg           bridge100      !\n"
"127                127.0.0.1          UCS                   lo0       \n"
"127.0.0.1          127.0.0.1          UH                    lo0       \n"
"169.254            link#11            UCS                   en0      !\n"
"192.168.64         link#24            UC              bridge100      !\n"	/* 10 */
"192.168.64.1       62.3e.5f.73.14.64  UHLWI                 lo0       \n"
"192.168.64.2       8a.c3.94.a.86.e2   UHLWIi          bridge100   1088\n"
"192.168.64.255     ff.ff.ff.ff.ff.ff  UHLWbI          bridge100      !\n"
"192.168.178        link#11            UCS                   en0      !\n"
"192.168.178.1/32   link#11            UCS                   en0      !\n"	/* 15 */
"192.168.178.1      dc:15:c8:ef:b8:1d  UHLWIir               en0   1187\n"
"224.0.0/4          link#11            UmCS                  en0      !\n"
"224.0.0.251        1:0:5e:0:0:fb      UHmLWI          bridge100       \n"
"255.255.255.255/32 link#11            UCS                   en0      !\n"
"\n"								/* 20 */
"Internet6:\n"
"Destination                             Gateway                                 Flags               Netif Expire\n"
"default                                 fe80::%utun0                            UGcIg               utun0       \n"
"::1                                     ::1                                     UHL                   lo0       \n"
"fe80::%lo0/64                           fe80::1%lo0                             UcI                   lo0       \n"	/* 25 */
"fe80::%bridge100/64                     link#24                                 UCI             bridge100       \n"
"fe80::1c1d:8ff:fe3a:5b64%bridge100      62.3e.5f.73.14.64                       UHLI                  lo0       \n"
"fe80::5054:ff:fe12:3456%bridge100       52.54.0.12.34.56                        UHLWIi          bridge100     12\n"
"ff02::%bridge100/32                     link#24                                 UmCI            bridge100       \n";

VW_TEST(test_macos_routes)
{
	struct vw_explain *x = explain(macos_vmnet, 0);
	const struct vw_xentry *e;

	ASSERT_EQ(x->os, VW_OS_DARWIN);
	ASSERT_EQ(x->os_forced, 0);
	/* 29 lines, 2 of them blank: 27 entries, none unrecognised. */
	ASSERT_EQ(x->nentries, 27);
	ASSERT_EQ(count_kind(x, VW_XK_UNRECOGNISED), 0);
	ASSERT_EQ(at(x, 1)->kind, VW_XK_TITLE);
	ASSERT_EQ(at(x, 3)->kind, VW_XK_TITLE);
	ASSERT_EQ(at(x, 4)->kind, VW_XK_HEADER);

	e = at(x, 5);
	ASSERT_EQ(e->kind, VW_XK_DEFAULT);
	ASSERT_STR_EQ(e->prefix_text, "0.0.0.0/0");
	ASSERT_EQ(e->gwkind, VW_XG_IP);
	ASSERT(has(e->gw_meaning, "router"));
	ASSERT(has(e->gw_meaning, "ARPs for 192.168.178.1"));
	ASSERT_STR_EQ(e->netif, "en0");
	ASSERT_EQ(e->expire_state, VW_XE_NONE);

	e = at(x, 6);
	ASSERT_EQ(e->kind, VW_XK_SCOPED_DEFAULT);
	ASSERT_EQ(e->gwkind, VW_XG_LINK);
	ASSERT_EQ(e->link_index, 24);
	ASSERT_EQ(e->expire_state, VW_XE_EXPIRED);
	/* "!" on a cloning route is how macOS makes it, not a fault. */
	ASSERT(has(e->expire_text, "normal"));

	e = at(x, 7);
	ASSERT_EQ(e->kind, VW_XK_LOOPBACK);
	ASSERT_STR_EQ(e->prefix_text, "127.0.0.0/8");

	e = at(x, 9);
	ASSERT_EQ(e->kind, VW_XK_CONNECTED);
	ASSERT_STR_EQ(e->prefix_text, "169.254.0.0/16");
	ASSERT(has(e->what, "link-local"));

	e = at(x, 10);
	ASSERT_EQ(e->kind, VW_XK_CONNECTED);
	ASSERT_STR_EQ(e->prefix_text, "192.168.64.0/24");
	ASSERT_STR_EQ(e->netif, "bridge100");
	ASSERT(has(e->gw_meaning, "link#24 = interface number 24"));
	ASSERT(has(e->gw_meaning, "ARPs for the destination address itself"));

	/* The bridge's own address, moved to lo0: a MAC in dots. */
	e = at(x, 11);
	ASSERT_EQ(e->kind, VW_XK_LOCAL);
	ASSERT_EQ(e->gwkind, VW_XG_MAC);
	ASSERT_EQ(e->mac_form, VW_XM_DOTS);
	ASSERT_STR_EQ(e->mac_canon, "62:3e:5f:73:14:64");
	ASSERT(has(e->gw_meaning, "dots"));
	ASSERT(has(e->gw_meaning, "lo0 keeps the bridge's type"));

	/* §5: 192.168.64.2 8a.c3.94.a.86.e2 UHLWIi bridge100 1088 */
	e = at(x, 12);
	ASSERT_EQ(e->kind, VW_XK_ARP);
	ASSERT_EQ(e->family, VW_AF_INET);
	ASSERT_STR_EQ(e->prefix_text, "192.168.64.2/32");
	ASSERT_EQ(e->mac_form, VW_XM_DOTS);
	ASSERT_STR_EQ(e->mac_canon, "8a:c3:94:0a:86:e2");
	ASSERT_EQ(e->mac.len, 6);
	ASSERT_EQ(e->mac.a[4], 0x86);
	ASSERT_EQ(e->expire_state, VW_XE_SECONDS);
	ASSERT_EQ(e->expire_secs, 1088);
	ASSERT(has(e->expire_text, "1088 s"));
	ASSERT(has(e->what, "VM network"));
	ASSERT(has(vw_explain_entry_flag(x, e, 'I'), "belongs to its interface"));

	e = at(x, 13);
	ASSERT_EQ(e->kind, VW_XK_BROADCAST);
	ASSERT_STR_EQ(e->mac_canon, "ff:ff:ff:ff:ff:ff");

	e = at(x, 16);
	ASSERT_EQ(e->kind, VW_XK_ARP);
	ASSERT_EQ(e->mac_form, VW_XM_COLONS);
	ASSERT_STR_EQ(e->mac_canon, "dc:15:c8:ef:b8:1d");
	ASSERT(has(e->what, "router"));
	ASSERT(has(vw_explain_entry_flag(x, e, 'r'), "router"));

	e = at(x, 15);
	ASSERT_EQ(e->kind, VW_XK_CONNECTED);
	ASSERT_STR_EQ(e->prefix_text, "192.168.178.1/32");

	e = at(x, 17);
	ASSERT_EQ(e->kind, VW_XK_MULTICAST);
	ASSERT_STR_EQ(e->prefix_text, "224.0.0.0/4");

	/* Multicast on a bridge: colons, because the entry is IFT_ETHER. */
	e = at(x, 18);
	ASSERT_EQ(e->kind, VW_XK_MULTICAST);
	ASSERT_EQ(e->mac_form, VW_XM_COLONS);
	ASSERT_STR_EQ(e->mac_canon, "01:00:5e:00:00:fb");
	ASSERT(has(e->gw_meaning, "without zero padding"));
	ASSERT(has(e->gw_meaning, "IPv4 multicast MAC"));

	e = at(x, 19);
	ASSERT_EQ(e->kind, VW_XK_BROADCAST);

	/* inet6 */
	e = at(x, 23);
	ASSERT_EQ(e->kind, VW_XK_SCOPED_DEFAULT);
	ASSERT_EQ(e->family, VW_AF_INET6);
	ASSERT_STR_EQ(e->prefix_text, "::/0");
	ASSERT(has(e->gw_meaning, "nothing to resolve"));
	ASSERT_EQ(at(x, 24)->kind, VW_XK_LOOPBACK);
	ASSERT_EQ(at(x, 25)->kind, VW_XK_LOOPBACK);
	e = at(x, 26);
	ASSERT_EQ(e->kind, VW_XK_CONNECTED);
	ASSERT_STR_EQ(e->prefix_text, "fe80::%bridge100/64");
	ASSERT(has(e->gw_meaning, "neighbour solicitation"));
	e = at(x, 27);
	ASSERT_EQ(e->kind, VW_XK_LOCAL);
	ASSERT_STR_EQ(e->prefix_text, "fe80::1c1d:8ff:fe3a:5b64%bridge100/128");
	e = at(x, 28);
	ASSERT_EQ(e->kind, VW_XK_NDP);
	ASSERT_STR_EQ(e->mac_canon, "52:54:00:12:34:56");
	ASSERT(has(e->gw_meaning, "QEMU"));
	ASSERT_EQ(e->expire_secs, 12);
	ASSERT_EQ(at(x, 29)->kind, VW_XK_MULTICAST);

	/* Findings: the scoped default on the bridge is harmless. */
	ASSERT(vw_explain_finding(x, "default_on_bridge") != NULL);
	ASSERT_EQ(vw_explain_finding(x, "default_on_bridge")->severity,
	    VW_XS_INFO);
	ASSERT(finding_has_line(vw_explain_finding(x, "default_on_bridge"), 6));
	ASSERT(finding_has_line(vw_explain_finding(x, "vm_network"), 10));
	ASSERT(vw_explain_finding(x, "vpn_covers_vm_subnet") == NULL);
	ASSERT(vw_explain_finding(x, "duplicate_connected") == NULL);
	ASSERT(vw_explain_finding(x, "bridge_without_connected_route") == NULL);
	ASSERT(vw_explain_finding(x, "unrecognised_lines") == NULL);
	/* Expired multicast/broadcast rows are not expired ARP entries. */
	ASSERT(vw_explain_finding(x, "expired_arp") == NULL);
	vw_explain_free(x);
}

/* ---- flag letters ---------------------------------------------------------- */

VW_TEST(test_flag_letters)
{
	ASSERT(has(vw_explain_flag(VW_OS_DARWIN, VW_XF_NETSTAT, 'I'), "IFSCOPE"));
	ASSERT(has(vw_explain_flag(VW_OS_DARWIN, VW_XF_NETSTAT, 'W'), "cloned"));
	ASSERT(has(vw_explain_flag(VW_OS_DARWIN, VW_XF_NETSTAT, 'c'),
	    "protocol cloning"));
	ASSERT(has(vw_explain_flag(VW_OS_DARWIN, VW_XF_NETSTAT, 'g'), "global"));
	/* FreeBSD netstat prints no C, W, c, I, i, Y, r, g or m. */
	ASSERT(vw_explain_flag(VW_OS_FREEBSD, VW_XF_NETSTAT, 'I') == NULL);
	ASSERT(vw_explain_flag(VW_OS_FREEBSD, VW_XF_NETSTAT, 'W') == NULL);
	ASSERT(has(vw_explain_flag(VW_OS_FREEBSD, VW_XF_NETSTAT, '1'), "proto1"));
	ASSERT(has(vw_explain_flag(VW_OS_FREEBSD, VW_XF_NETSTAT, 'L'),
	    "ARP/NDP"));
	/* Linux route -n has its own letters. */
	ASSERT(has(vw_explain_flag(VW_OS_LINUX, VW_XF_ROUTE_N, '!'), "reject"));
	ASSERT(has(vw_explain_flag(VW_OS_LINUX, VW_XF_ROUTE_N, 'R'), "reinstate"));
	ASSERT(vw_explain_flag(VW_OS_DARWIN, VW_XF_NETSTAT, 'n') == NULL);
}

/* ---- classful destinations ------------------------------------------------------- */

VW_TEST(test_classful)
{
	static const struct {
		const char	*dest;
		const char	*prefix;
	} t[] = {
		{ "10", "10.0.0.0/8" }, { "127", "127.0.0.0/8" },
		{ "169.254", "169.254.0.0/16" }, { "10/24", "10.0.0.0/24" },
		{ "10.128/9", "10.128.0.0/9" }, { "0/1", "0.0.0.0/1" },
		{ "128.0/1", "128.0.0.0/1" }, { "172.16.24/21", "172.16.24.0/21" },
		{ "192.168.64", "192.168.64.0/24" }, { "224.0.0/4", "224.0.0.0/4" },
		{ "192.168.1.1/32", "192.168.1.1/32" },
		{ "192.168.52/23", "192.168.52.0/23" },
		/* class B by the first octet: 172.16 with no suffix is /16 */
		{ "172.16", "172.16.0.0/16" },
		/* macOS cuts "&0xffff00ff" to 7 characters: a leading /16 */
		{ "10.1&0xffff", "10.1.0.0/16" },
	};
	char line[128];
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct vw_explain *x;

		snprintf(line, sizeof(line), "%-18s link#4             UCS "
		    "           en0      !\n", t[i].dest);
		x = explain(line, VW_OS_DARWIN);
		ASSERT_EQ(x->nentries, 1);
		ASSERT(x->entries[0].have_prefix);
		ASSERT_STR_EQ(x->entries[0].prefix_text, t[i].prefix);
		vw_explain_free(x);
	}
}

/* ---- forcing the OS changes the reading --------------------------------------- */

VW_TEST(test_os_forced)
{
	static const char row[] =
	    "192.168.64         link#24            UC              bridge100      !\n";
	struct vw_explain *x;

	x = explain(row, VW_OS_DARWIN);
	ASSERT_EQ(x->os_forced, 1);
	ASSERT_STR_EQ(x->entries[0].prefix_text, "192.168.64.0/24");
	ASSERT_EQ(x->entries[0].bad_flags, 0);
	vw_explain_free(x);
	/* FreeBSD prints no suffix only for hosts, and has no 'C' letter. */
	x = explain(row, VW_OS_FREEBSD);
	ASSERT_STR_EQ(x->entries[0].prefix_text, "192.168.64.0/32");
	ASSERT_EQ(x->entries[0].bad_flags, 1);
	ASSERT(has(x->entries[0].notes[0], "flag 'C'"));
	vw_explain_free(x);
	ASSERT_EQ(vw_explain_parse(row, strlen(row), 7, &x), VW_EINVAL);
	ASSERT_EQ(vw_explain_parse(row, strlen(row), 0, NULL), VW_EINVAL);
	ASSERT_EQ(vw_explain_parse(row, (size_t)VW_EXPLAIN_MAX + 1, 0, &x),
	    VW_ERANGE);
}

/* ---- FreeBSD -------------------------------------------------------------------------- */

static const char freebsd_tab[] =
"$ netstat -rn\n"						/* 1 */
"Routing tables\n"
"\n"
"Internet:\n"
"Destination        Gateway            Flags     Netif Expire\n"	/* 5 */
"default            192.168.122.1      UGS      vtnet0\n"
"4.5.6.7/32         127.0.0.1          UG1B        lo0\n"
"127.0.0.1          link#2             UH          lo0\n"
"192.168.122.0/24   link#1             U        vtnet0\n"
"192.168.122.40     link#1             UHS         lo0\n"		/* 10 */
"10.0.11.1          link#20            UHS         wg2\n"
"\n"
"Internet6:\n"
"Destination                       Gateway                       Flags     Netif Expire\n"
"::/96                             ::1                           UGRS        lo0\n"	/* 15 */
"default                           fe80::2d0:f6ff:fe2d:7f88%vtnet0 UG     vtnet0\n"
"2600:1700:210:b180::/64           link#1                        U        vtnet0\n"
"2600:1700:210:b180:242:43ff:feac:29c link#1                     UHS         lo0\n"
"fe80::%vtnet0/64                  link#1                        U        vtnet0\n"
"? (192.168.122.1) at 52:54:00:12:35:02 on vtnet0 expires in 1189 seconds [ethernet]\n";	/* 20 */

VW_TEST(test_freebsd)
{
	struct vw_explain *x = explain(freebsd_tab, 0);
	const struct vw_xentry *e;

	ASSERT_EQ(x->os, VW_OS_FREEBSD);
	ASSERT(has(x->os_reason, "Flags     Netif"));
	ASSERT_EQ(count_kind(x, VW_XK_UNRECOGNISED), 0);
	ASSERT_EQ(at(x, 1)->kind, VW_XK_COMMAND);
	e = at(x, 6);
	ASSERT_EQ(e->kind, VW_XK_DEFAULT);
	ASSERT_STR_EQ(e->gateway, "192.168.122.1");
	e = at(x, 7);
	ASSERT_EQ(e->kind, VW_XK_REJECT);
	ASSERT(has(e->what, "blackhole"));
	ASSERT(has(vw_explain_entry_flag(x, e, '1'), "zebra"));
	ASSERT_EQ(e->bad_flags, 0);
	ASSERT_EQ(at(x, 8)->kind, VW_XK_LOOPBACK);
	e = at(x, 9);
	ASSERT_EQ(e->kind, VW_XK_CONNECTED);
	ASSERT_STR_EQ(e->prefix_text, "192.168.122.0/24");
	/* FreeBSD: own address as link#N on lo0. */
	e = at(x, 10);
	ASSERT_EQ(e->kind, VW_XK_LOCAL);
	ASSERT_EQ(e->gwkind, VW_XG_LINK);
	ASSERT(has(e->gw_meaning, "this own address belongs to"));
	e = at(x, 11);
	ASSERT_EQ(e->kind, VW_XK_HOST_ROUTE);
	ASSERT_STR_EQ(e->prefix_text, "10.0.11.1/32");
	e = at(x, 15);
	ASSERT_EQ(e->kind, VW_XK_REJECT);
	ASSERT_EQ(e->family, VW_AF_INET6);
	ASSERT(has(e->notes[0], "FreeBSD installs this at boot"));
	/* The gateway overflows its column; the row still reads. */
	e = at(x, 16);
	ASSERT_EQ(e->kind, VW_XK_DEFAULT);
	ASSERT_STR_EQ(e->netif, "vtnet0");
	ASSERT_STR_EQ(e->prefix_text, "::/0");
	e = at(x, 18);
	ASSERT_EQ(e->kind, VW_XK_LOCAL);
	ASSERT_STR_EQ(e->prefix_text, "2600:1700:210:b180:242:43ff:feac:29c/128");
	e = at(x, 20);
	ASSERT_EQ(e->kind, VW_XK_ARP);
	ASSERT_EQ(e->format, VW_XF_ARP);
	ASSERT_EQ(e->expire_state, VW_XE_SECONDS);
	ASSERT_EQ(e->expire_secs, 1189);
	ASSERT_STR_EQ(e->mac_canon, "52:54:00:12:35:02");
	vw_explain_free(x);
}

/* ---- Linux ------------------------------------------------------------------------------- */

static const char linux_ip[] =
"default via 192.168.106.1 dev col0 proto dhcp src 192.168.106.24 metric 100\n"	/* 1 */
"default via 192.168.5.2 dev eth0 proto dhcp src 192.168.5.6 metric 200 \n"
"172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown\n"
"192.168.5.2 dev eth0 proto dhcp scope link src 192.168.5.6 metric 200\n"
"198.18.64.0/24 dev br0 proto kernel scope link src 198.18.64.1\n"		/* 5 */
"unreachable 198.19.0.0/16 metric 1024\n"
"fe80::/64 dev eth0 proto kernel metric 256 pref medium\n"
"default via fe80::1 dev eth0 proto ra metric 1024 expires 1798sec hoplimit 64 pref medium\n"
"198.18.64.2 dev br0 lladdr 52:54:00:12:34:56 REACHABLE\n"
"198.18.64.3 dev br0  FAILED\n"							/* 10 */
"fe80::5054:ff:fe12:3456 dev br0 lladdr 52:54:00:12:34:56 router STALE\n"
"100.66.21.18 dev tailscale0 table 52 \n"
"10.0.1.45 dev br-lan  used 0/0/0 probes 3 FAILED\n"
"147.232.1.2/31 dev tunsnx src 147.232.165.234 \n"
"local 198.18.64.1 dev br0 table local proto kernel scope host src 198.18.64.1\n";	/* 15 */

VW_TEST(test_linux_ip)
{
	struct vw_explain *x = explain(linux_ip, 0);
	const struct vw_xentry *e;
	const struct vw_xfinding *f;

	ASSERT_EQ(x->os, VW_OS_LINUX);
	ASSERT_EQ(x->nentries, 15);
	ASSERT_EQ(count_kind(x, VW_XK_UNRECOGNISED), 0);
	e = at(x, 1);
	ASSERT_EQ(e->kind, VW_XK_DEFAULT);
	ASSERT_EQ(e->format, VW_XF_IPROUTE);
	ASSERT_EQ(e->metric, 100);
	ASSERT_STR_EQ(e->proto, "dhcp");
	ASSERT_STR_EQ(e->src, "192.168.106.24");
	ASSERT_STR_EQ(e->netif, "col0");
	e = at(x, 3);
	ASSERT_EQ(e->kind, VW_XK_CONNECTED);
	ASSERT_STR_EQ(e->state, "linkdown");
	/* A host route without via: on-link, ARP for the address itself. */
	e = at(x, 4);
	ASSERT_EQ(e->kind, VW_XK_HOST_ROUTE);
	ASSERT_EQ(e->gwkind, VW_XG_NONE);
	ASSERT_STR_EQ(e->prefix_text, "192.168.5.2/32");
	ASSERT(has(e->gw_meaning, "on-link"));
	e = at(x, 5);
	ASSERT_EQ(e->kind, VW_XK_CONNECTED);
	ASSERT_STR_EQ(e->prefix_text, "198.18.64.0/24");
	ASSERT_EQ(at(x, 6)->kind, VW_XK_REJECT);
	e = at(x, 7);
	ASSERT_EQ(e->kind, VW_XK_CONNECTED);
	ASSERT_EQ(e->family, VW_AF_INET6);
	e = at(x, 8);
	ASSERT_EQ(e->kind, VW_XK_DEFAULT);
	ASSERT_EQ(e->family, VW_AF_INET6);
	ASSERT_EQ(e->expire_state, VW_XE_SECONDS);
	ASSERT_EQ(e->expire_secs, 1798);
	e = at(x, 9);
	ASSERT_EQ(e->kind, VW_XK_ARP);
	ASSERT_EQ(e->format, VW_XF_IPNEIGH);
	ASSERT_STR_EQ(e->mac_canon, "52:54:00:12:34:56");
	ASSERT_STR_EQ(e->state, "REACHABLE");
	ASSERT_STR_EQ(e->netif, "br0");
	e = at(x, 10);
	ASSERT_EQ(e->kind, VW_XK_ARP);
	ASSERT_EQ(e->mac.len, 0);
	ASSERT_STR_EQ(e->state, "FAILED");
	e = at(x, 11);
	ASSERT_EQ(e->kind, VW_XK_NDP);
	ASSERT(has(e->notes[0], "router"));
	e = at(x, 12);
	ASSERT_EQ(e->kind, VW_XK_HOST_ROUTE);
	ASSERT_STR_EQ(e->table, "52");
	ASSERT_STR_EQ(at(x, 13)->state, "FAILED");
	ASSERT_EQ(at(x, 14)->kind, VW_XK_IFACE_ROUTE);
	ASSERT_EQ(at(x, 15)->kind, VW_XK_LOCAL);

	f = vw_explain_finding(x, "multiple_defaults");
	ASSERT(f != NULL && f->nlines == 2);
	ASSERT(has(f->text, "col0 (line 1, metric 100)"));
	ASSERT(finding_has_line(vw_explain_finding(x, "linkdown"), 3));
	f = vw_explain_finding(x, "incomplete_arp");
	ASSERT(f != NULL && f->nlines == 1 && f->lines[0] == 10);
	ASSERT_EQ(count_code(x, "incomplete_arp"), 2);	/* br0 and br-lan */
	ASSERT(finding_has_line(vw_explain_finding(x, "policy_table"), 12));
	vw_explain_free(x);
}

VW_TEST(test_linux_route_n)
{
	static const char t[] =
	    "Kernel IP routing table\n"
	    "Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n"
	    "0.0.0.0         192.168.105.1   0.0.0.0         UG    100    0        0 lima0\n"
	    "192.168.5.0     0.0.0.0         255.255.255.0   U     200    0        0 eth0\n"
	    "192.168.5.2     0.0.0.0         255.255.255.255 UH    200    0        0 eth0\n";
	struct vw_explain *x = explain(t, 0);
	const struct vw_xentry *e;

	ASSERT_EQ(x->os, VW_OS_LINUX);
	ASSERT_EQ(at(x, 1)->kind, VW_XK_TITLE);
	ASSERT_EQ(at(x, 2)->kind, VW_XK_HEADER);
	e = at(x, 3);
	ASSERT_EQ(e->kind, VW_XK_DEFAULT);
	ASSERT_EQ(e->metric, 100);
	ASSERT(has(vw_explain_entry_flag(x, e, 'G'), "gateway"));
	e = at(x, 4);
	ASSERT_EQ(e->kind, VW_XK_CONNECTED);
	ASSERT_STR_EQ(e->prefix_text, "192.168.5.0/24");
	ASSERT_EQ(e->gwkind, VW_XG_NONE);
	e = at(x, 5);
	ASSERT_EQ(e->kind, VW_XK_HOST_ROUTE);
	ASSERT_STR_EQ(e->prefix_text, "192.168.5.2/32");
	vw_explain_free(x);
}

/* ---- arp -an (arp-001's collision of bridge100 with the LAN) --------------- */

VW_TEST(test_arp_collision)
{
	static const char t[] =
	    "arp -an\n"
	    "? (192.168.2.1) at 18:58:80:a:4a:1c on en0 ifscope [ethernet]\n"
	    "? (192.168.2.1) at be:d0:74:27:1c:64 on bridge100 ifscope permanent [bridge]\n"
	    "? (192.168.2.2) at (incomplete) on en0 ifscope [ethernet]\n"
	    "? (192.168.2.2) at 52:54:0:55:1a:c8 on bridge100 ifscope [bridge]\n";
	struct vw_explain *x = explain(t, 0);
	const struct vw_xentry *e;
	const struct vw_xfinding *f;

	ASSERT_EQ(x->os, VW_OS_DARWIN);
	e = at(x, 2);
	ASSERT_EQ(e->kind, VW_XK_ARP);
	ASSERT_STR_EQ(e->mac_canon, "18:58:80:0a:4a:1c");
	ASSERT_STR_EQ(e->flags, "I");
	e = at(x, 3);
	ASSERT_STR_EQ(e->state, "permanent");
	ASSERT(has(e->what, "own address"));
	e = at(x, 4);
	ASSERT_STR_EQ(e->state, "incomplete");
	ASSERT_EQ(e->mac.len, 0);
	e = at(x, 5);
	ASSERT_STR_EQ(e->mac_canon, "52:54:00:55:1a:c8");
	ASSERT(has(e->gw_meaning, "QEMU"));
	f = vw_explain_finding(x, "address_conflict");
	ASSERT(f != NULL && f->severity == VW_XS_WARNING);
	ASSERT(f->nlines == 2 && f->lines[0] == 2 && f->lines[1] == 3);
	f = vw_explain_finding(x, "ip_on_two_interfaces");
	ASSERT(f != NULL && f->nlines == 2 && f->lines[0] == 4 && f->lines[1] == 5);
	f = vw_explain_finding(x, "incomplete_arp");
	ASSERT(f != NULL && f->severity == VW_XS_INFO && f->lines[0] == 4);
	/* Warnings come first. */
	ASSERT_EQ(x->findings[0].severity, VW_XS_WARNING);
	ASSERT_EQ(x->findings[x->nfindings - 1].severity, VW_XS_INFO);
	vw_explain_free(x);
}

/* ---- findings that matter for VMs ----------------------------------------------- */

/* The Tailscale exit-node hijack (field notes B#1): utun6 takes 192.168.64/24. */
VW_TEST(test_find_vpn_hijack)
{
	static const char t[] =
	    "Internet:\n"
	    "Destination        Gateway            Flags               Netif Expire\n"
	    "0/1                10.77.0.1          UGScg               utun6       \n"
	    "default            192.168.178.1      UGScg                 en0       \n"
	    "128.0/1            10.77.0.1          UGSc                utun6       \n"	/* 5 */
	    "192.168.64         link#24            UCSI            bridge100      !\n"
	    "192.168.64         link#31            UCS                 utun6       \n"
	    "192.168.178        link#11            UCS                   en0      !\n";
	struct vw_explain *x = explain(t, 0);
	const struct vw_xfinding *f;

	ASSERT_EQ(at(x, 3)->kind, VW_XK_SPLIT_DEFAULT);
	ASSERT_EQ(at(x, 5)->kind, VW_XK_SPLIT_DEFAULT);
	ASSERT_STR_EQ(at(x, 5)->prefix_text, "128.0.0.0/1");
	f = vw_explain_finding(x, "vpn_covers_vm_subnet");
	ASSERT(f != NULL);
	ASSERT_EQ(f->severity, VW_XS_WARNING);
	ASSERT(finding_has_line(f, 6) && finding_has_line(f, 7));
	ASSERT(has(f->text, "bridge100"));
	ASSERT(has(f->text, "route change -net 192.168.64.0/24 -interface bridge100"));
	f = vw_explain_finding(x, "vpn_full_tunnel");
	ASSERT(f != NULL && f->nlines == 2 && f->lines[0] == 3 && f->lines[1] == 5);
	/* A tunnel's route is not a second connected network. */
	ASSERT(vw_explain_finding(x, "duplicate_connected") == NULL);
	vw_explain_free(x);
}

/* A VPN route less specific than the bridge's: VMs stay reachable (info). */
VW_TEST(test_find_vpn_wider)
{
	static const char t[] =
	    "192.168.64         link#24            UC              bridge100      !\n"
	    "192.168.0/16       10.8.0.1           UGSc                utun3       \n";
	struct vw_explain *x = explain(t, 0);
	const struct vw_xfinding *f;

	f = vw_explain_finding(x, "vpn_covers_vm_subnet");
	ASSERT(f != NULL);
	ASSERT_EQ(f->severity, VW_XS_INFO);
	ASSERT(has(f->text, "more specific and wins"));
	vw_explain_free(x);
}

/* macos-021: vmnet's subnet routed via a gateway on en0 (grep'd paste). */
VW_TEST(test_find_vm_off_bridge)
{
	static const char t[] =
	    "\xe2\x9e\x9c  ~ netstat -rn | grep 192.168.64\n"
	    "192.168.64         10.77.0.1          UGSc                  en0 \n";
	struct vw_explain *x = explain(t, 0);
	const struct vw_xfinding *f;

	ASSERT_EQ(at(x, 1)->kind, VW_XK_COMMAND);
	ASSERT_EQ(at(x, 2)->kind, VW_XK_GATEWAY_ROUTE);
	f = vw_explain_finding(x, "vm_subnet_off_bridge");
	ASSERT(f != NULL && f->severity == VW_XS_WARNING);
	ASSERT(f->nlines == 1 && f->lines[0] == 2);
	/* A grep'd paste says nothing about what is missing. */
	ASSERT(vw_explain_finding(x, "bridge_without_connected_route") == NULL);
	vw_explain_free(x);
}

static const char macos_broken[] =
"Internet:\n"
"Destination        Gateway            Flags               Netif Expire\n"
"default            link#24            UCSg            bridge100      !\n"	/* 3 */
"default            192.168.2.1        UGScIg                en0       \n"
"default            link#27            UCSIg           bridge101      !\n"	/* 5 */
"192.168.2          link#6             UCS                   en0      !\n"
"192.168.2          link#24            UCSI            bridge100      !\n"
"192.168.2.1        18:58:80:a:4a:1c   UHLWIir               en0   1190\n"
"192.168.2.1        be.d0.74.27.1c.64  UHLWIi                lo0       \n"
"192.168.2.9        52.54.0.aa.bb.cc   UHLWIi          bridge100      !\n"	/* 10 */
"192.168.2.10       link#24            UHLWIi          bridge100      !\n"
"192.168.2.11       52.54.0.aa.bb.cc   UHLWIi          bridge100    900\n";

VW_TEST(test_find_broken_bridge)
{
	struct vw_explain *x = explain(macos_broken, 0);
	const struct vw_xfinding *f;

	/* A global default on the bridge is a hijack. */
	f = vw_explain_finding(x, "default_on_bridge");
	ASSERT(f != NULL && f->severity == VW_XS_WARNING && f->lines[0] == 3);
	ASSERT_EQ(count_code(x, "default_on_bridge"), 2);	/* + scoped 101 */
	f = vw_explain_finding(x, "duplicate_connected");
	ASSERT(f != NULL && f->nlines == 2 && f->lines[0] == 6 && f->lines[1] == 7);
	ASSERT(has(f->text, "Ordinary traffic uses en0's route"));
	ASSERT(has(f->text, "VM bridge"));
	f = vw_explain_finding(x, "address_conflict");
	ASSERT(f != NULL && finding_has_line(f, 8) && finding_has_line(f, 9));
	f = vw_explain_finding(x, "expired_arp");
	ASSERT(f != NULL && f->severity == VW_XS_WARNING);
	ASSERT(f->nlines == 1 && f->lines[0] == 10);
	f = vw_explain_finding(x, "incomplete_arp");
	ASSERT(f != NULL && f->severity == VW_XS_WARNING);
	ASSERT(f->nlines == 1 && f->lines[0] == 11);
	f = vw_explain_finding(x, "mac_on_several_ips");
	ASSERT(f != NULL && f->nlines == 2 && f->lines[0] == 10 && f->lines[1] == 12);
	/* bridge101 has a scoped default and no connected route. */
	f = vw_explain_finding(x, "bridge_without_connected_route");
	ASSERT(f != NULL && f->severity == VW_XS_INFO && f->lines[0] == 5);
	ASSERT(has(f->text, "bridge101"));
	ASSERT_EQ(count_code(x, "bridge_without_connected_route"), 1);
	vw_explain_free(x);
}

VW_TEST(test_find_defaults)
{
	static const char t[] =
	    "Internet:\n"
	    "Destination        Gateway            Flags               Netif Expire\n"
	    "default            127.0.0.1          UGScg            feth4868 \n"
	    "default            169.254.1.1        UGSc                  en5 \n";
	struct vw_explain *x = explain(t, 0);
	const struct vw_xfinding *f;

	f = vw_explain_finding(x, "default_via_loopback");
	ASSERT(f != NULL && f->nlines == 1 && f->lines[0] == 3);
	ASSERT(has(at(x, 3)->what, "loopback"));
	f = vw_explain_finding(x, "link_local_default");
	ASSERT(f != NULL && f->lines[0] == 4);
	f = vw_explain_finding(x, "multiple_defaults");
	ASSERT(f != NULL && f->nlines == 2);
	/* A default to 127.0.0.1 is broken, not a VPN's full tunnel. */
	ASSERT(vw_explain_finding(x, "vpn_full_tunnel") == NULL);
	vw_explain_free(x);
}

/* ---- the daemon's text (routes --explain) ------------------------------------ */

VW_TEST(test_daemon_routes)
{
	/* What vmwatchd's `routes` with format text prints on macOS. */
	static const char t[] =
	    "Routing tables\n"
	    "\n"
	    "Internet:\n"
	    "Destination        Gateway            Flags               Netif Expire\n"
	    "default            192.168.178.1      UGScg                 en0       \n"
	    "default            link#24            UCSIg           bridge100      !\n"
	    "192.168.178        link#11            UCS                   en0      !\n"
	    "10.1.2/24          link#12            UC                    #12      !\n";
	struct vw_explain *x = NULL;
	const struct vw_xfinding *f;

	ASSERT_OK(vw_explain_daemon_routes(t, strlen(t), 0, &x));
	ASSERT_EQ(x->from_daemon, 1);
	/* The daemon's table is whole: a bridge without its route is a fault. */
	f = vw_explain_finding(x, "bridge_without_connected_route");
	ASSERT(f != NULL && f->severity == VW_XS_WARNING);
	ASSERT(has(f->text, "the table has no connected"));
	/* "#12": an interface the daemon has no name for. */
	ASSERT(has(at(x, 8)->what, "interface index 12"));
	vw_explain_free(x);
	/* The same text as a paste: only "in this text". */
	x = explain(t, 0);
	f = vw_explain_finding(x, "bridge_without_connected_route");
	ASSERT(f != NULL && f->severity == VW_XS_INFO);
	vw_explain_free(x);
}

/* ---- messy pastes --------------------------------------------------------------- */

static const char messy[] =
"user@mac ~ % netstat -rn | grep bridge\n"			/* 1 */
"    > 192.168.64 link#24 UC bridge100 !\n"
"<td>192.168.64.5</td> <td>xx:xx:xx:xx:xx:xx</td> <td>UHLWIi</td> <td>bridge100</td> <td>1195</td>\n"
"172.16.1.200       xx    UHLWIi     vboxnet   1198\n"
"192.168.64.7 <redacted> UHLWIi bridge100 300\r\n"		/* 5 */
"this line means nothing\n"
"...\n"
"```\n"
"<tr>\n"
"\n"								/* 10 */
"# htc at htc-mbp in ~ [21:19:59]\n"
"default 2002::1 UGS em0 <<<< not returned by netifaces\n"
"192.168.64.8 *** UHLWIi bridge100 !\n";

VW_TEST(test_messy_paste)
{
	struct vw_explain *x = explain(messy, 0);
	const struct vw_xentry *e;
	const struct vw_xfinding *f;
	size_t i;

	/* 13 lines, one blank: every other one is an entry, in order. */
	ASSERT_EQ(x->nentries, 12);
	for (i = 1; i < x->nentries; i++)
		ASSERT(x->entries[i].line > x->entries[i - 1].line);
	e = at(x, 1);
	ASSERT_EQ(e->kind, VW_XK_COMMAND);
	ASSERT(has(e->what, "netstat -rn | grep bridge"));
	/* Quote marker and indentation stripped; single spaces are enough. */
	e = at(x, 2);
	ASSERT_EQ(e->kind, VW_XK_CONNECTED);
	ASSERT_STR_EQ(e->prefix_text, "192.168.64.0/24");
	ASSERT_EQ(e->expire_state, VW_XE_EXPIRED);
	/* HTML cells and a redacted MAC. */
	e = at(x, 3);
	ASSERT_EQ(e->kind, VW_XK_ARP);
	ASSERT_EQ(e->gwkind, VW_XG_REDACTED);
	ASSERT_EQ(e->mac_form, VW_XM_REDACTED);
	ASSERT_STR_EQ(e->mac_canon, "");
	ASSERT_EQ(e->expire_secs, 1195);
	e = at(x, 4);
	ASSERT_EQ(e->kind, VW_XK_ARP);
	ASSERT_EQ(e->gwkind, VW_XG_REDACTED);
	ASSERT(has(e->notes[0], "vboxnet0, vboxnet1"));
	e = at(x, 5);
	ASSERT_EQ(e->gwkind, VW_XG_REDACTED);
	ASSERT_STR_EQ(e->text, "192.168.64.7 <redacted> UHLWIi bridge100 300");
	e = at(x, 6);
	ASSERT_EQ(e->kind, VW_XK_UNRECOGNISED);
	ASSERT_STR_EQ(e->text, "this line means nothing");
	ASSERT_EQ(at(x, 7)->kind, VW_XK_ELISION);
	ASSERT_EQ(at(x, 8)->kind, VW_XK_MARKUP);
	ASSERT_EQ(at(x, 9)->kind, VW_XK_MARKUP);
	ASSERT_EQ(at(x, 11)->kind, VW_XK_COMMENT);
	e = at(x, 12);
	ASSERT_EQ(e->kind, VW_XK_DEFAULT);
	ASSERT_EQ(e->family, VW_AF_INET6);
	ASSERT(has(e->notes[0], "<<<< not returned by netifaces"));
	ASSERT_EQ(at(x, 13)->gwkind, VW_XG_REDACTED);
	f = vw_explain_finding(x, "unrecognised_lines");
	ASSERT(f != NULL && f->nlines == 1 && f->lines[0] == 6);
	/* Redacted MACs are neither expired nor incomplete. */
	ASSERT(vw_explain_finding(x, "expired_arp") == NULL);
	ASSERT(vw_explain_finding(x, "incomplete_arp") == NULL);
	vw_explain_free(x);
}

VW_TEST(test_edge_input)
{
	struct vw_explain *x;
	char *big;
	size_t n = 5000;
	static const char nul[] = "default 10.0.0.1 UGSc en0\n\0junk\0\nx";

	/* Empty and blank-only text: no entries, no findings. */
	ASSERT_OK(vw_explain_parse("", 0, 0, &x));
	ASSERT_EQ(x->nentries, 0);
	ASSERT_EQ(x->nfindings, 0);
	vw_explain_free(x);
	ASSERT_OK(vw_explain_parse(NULL, 0, 0, &x));
	vw_explain_free(x);
	x = explain("\n \n\t\r\n", 0);
	ASSERT_EQ(x->nentries, 0);
	vw_explain_free(x);
	/* NUL bytes inside a line: kept (as '?'), never end the text. */
	ASSERT_OK(vw_explain_parse(nul, sizeof(nul) - 1, 0, &x));
	ASSERT_EQ(x->nentries, 3);
	ASSERT_EQ(at(x, 1)->kind, VW_XK_DEFAULT);
	ASSERT_STR_EQ(at(x, 2)->text, "?junk?");
	ASSERT_EQ(at(x, 2)->kind, VW_XK_UNRECOGNISED);
	ASSERT_STR_EQ(at(x, 3)->text, "x");
	vw_explain_free(x);
	/* A line longer than the parser's buffer: one entry, with a note. */
	big = malloc(n + 1);
	ASSERT(big != NULL);
	memset(big, 'a', n);
	big[n] = '\0';
	ASSERT_OK(vw_explain_parse(big, n, 0, &x));
	ASSERT_EQ(x->nentries, 1);
	ASSERT_EQ(strlen(x->entries[0].text), n);
	ASSERT(has(x->entries[0].notes[0], "longer than"));
	vw_explain_free(x);
	free(big);
	/* More non-blank lines than allowed: refused, not cut. */
	n = (size_t)VW_EXPLAIN_MAXLINES * 2 + 2;
	big = malloc(n);
	ASSERT(big != NULL);
	memset(big, '\n', n);
	ASSERT_OK(vw_explain_parse(big, n, 0, &x));	/* blank lines are free */
	ASSERT_EQ(x->nentries, 0);
	vw_explain_free(x);
	for (size_t i = 0; i + 1 < n; i += 2)
		big[i] = 'x';
	ASSERT_EQ(vw_explain_parse(big, n, 0, &x), VW_ERANGE);
	ASSERT_OK(vw_explain_parse(big, n - 4, 0, &x));
	ASSERT_EQ(x->nentries, VW_EXPLAIN_MAXLINES - 1);
	vw_explain_free(x);
	free(big);
}

/* ---- route get / route monitor ----------------------------------------------------- */

VW_TEST(test_route_get_monitor)
{
	static const char t[] =
	    "bash-5.2$ route get 1\n"
	    "   route to: 0.0.0.1\n"
	    "destination: default\n"
	    "       mask: 128.0.0.0\n"
	    "    gateway: 192.168.12.1\n"			/* 5 */
	    "  interface: utun3\n"
	    "      flags: <UP,GATEWAY,DONE,STATIC,PRCLONING,GLOBAL>\n"
	    " recvpipe  sendpipe  ssthresh  rtt,msec    rttvar  hopcount      mtu     expire\n"
	    "       0         0         0         0         0         0      1500         0\n"
	    "got message of size 164 on Tue Dec 12 08:46:54 2023\n"	/* 10 */
	    "RTM_DELETE: Delete Route: len 164, pid: 94, seq 249, errno 0, flags:<GATEWAY,DONE,STATIC,PRCLONING,CONDEMNED,GLOBAL>\n"
	    "locks:  inits:\n"
	    "sockaddrs: <DST,GATEWAY,NETMASK,IFP,IFA>\n"
	    " default 192.168.66.1 default en1:14.98.77.xx.xx.xx 192.168.66.80\n"
	    "RTM_IFINFO: iface status change: len 112, if# 9, flags:< BROADCAST,RUNNING,SIMPLEX,MULTICAST>\n";	/* 15 */
	struct vw_explain *x = explain(t, 0);
	const struct vw_xentry *e;

	ASSERT_EQ(count_kind(x, VW_XK_UNRECOGNISED), 0);
	ASSERT_EQ(at(x, 2)->kind, VW_XK_ROUTE_GET);
	ASSERT(has(at(x, 4)->what, "0.0.0.0/1"));
	e = at(x, 7);
	ASSERT_EQ(e->kind, VW_XK_ROUTE_GET);
	ASSERT_STR_EQ(e->flags, "UGdScg");
	e = at(x, 9);
	ASSERT_EQ(e->kind, VW_XK_ROUTE_GET);
	ASSERT(has(e->what, "mtu 1500"));
	e = at(x, 11);
	ASSERT_EQ(e->kind, VW_XK_MONITOR);
	ASSERT(has(e->what, "RTM_DELETE"));
	ASSERT_STR_EQ(e->flags, "GdScg");
	ASSERT(has(e->notes[0], "process 94"));
	ASSERT(has(e->notes[1], "CONDEMNED"));
	e = at(x, 14);
	ASSERT_EQ(e->kind, VW_XK_MONITOR);
	ASSERT_STR_EQ(e->gateway, "192.168.66.1");
	ASSERT(has(e->what, "interface = en1:14.98.77.xx.xx.xx"));
	e = at(x, 15);
	ASSERT(has(e->notes[1], "UP is missing"));
	vw_explain_free(x);
}

/* ---- output ----------------------------------------------------------------------------- */

VW_TEST(test_print_text)
{
	struct vw_explain *x = explain(macos_vmnet, 0);
	char *out = NULL;
	size_t len = 0, i;
	FILE *fp = open_memstream(&out, &len);

	ASSERT(fp != NULL);
	ASSERT_OK(vw_explain_print(fp, x, "table"));
	ASSERT_OK(fclose(fp));
	/* Every non-blank input line is printed as it was. */
	for (i = 0; i < x->nentries; i++)
		ASSERT(has(out, x->entries[i].text));
	ASSERT(has(out, "Explaining table: 27 lines, read as macOS"));
	ASSERT(has(out, "\xe2\x86\x92 [arp_entry]"));
	ASSERT(has(out, "8a:c3:94:0a:86:e2 (written as dots)"));
	ASSERT(has(out, "Summary:\n"));
	ASSERT(has(out, "info     default_on_bridge (line 6)"));
	/* No line is wider than the wrap width plus one long word. */
	{
		const char *p = out, *nl;

		while ((nl = strchr(p, '\n')) != NULL) {
			ASSERT((size_t)(nl - p) < 160);
			p = nl + 1;
		}
	}
	free(out);
	vw_explain_free(x);
}

VW_TEST(test_json)
{
	struct vw_explain *x = explain(macos_vmnet, 0);
	cJSON *j = vw_explain_json(x), *ents, *e, *f, *fl;
	char *s;

	ASSERT(j != NULL);
	ASSERT_STR_EQ(cJSON_GetObjectItem(j, "os")->valuestring, "darwin");
	ASSERT(cJSON_IsTrue(cJSON_GetObjectItem(j, "os_detected")));
	ents = cJSON_GetObjectItem(j, "entries");
	ASSERT_EQ(cJSON_GetArraySize(ents), 27);
	/* Line 12 is the 11th entry (line 2 is blank). */
	e = cJSON_GetArrayItem(ents, 10);
	ASSERT_EQ(cJSON_GetObjectItem(e, "line")->valuedouble, 12);
	ASSERT_STR_EQ(cJSON_GetObjectItem(e, "kind")->valuestring, "arp_entry");
	ASSERT_STR_EQ(cJSON_GetObjectItem(e, "mac")->valuestring,
	    "8a:c3:94:0a:86:e2");
	ASSERT_STR_EQ(cJSON_GetObjectItem(e, "mac_form")->valuestring, "dots");
	ASSERT_EQ(cJSON_GetObjectItem(e, "expires")->valuedouble, 1088);
	ASSERT_STR_EQ(cJSON_GetObjectItem(e, "destination")->valuestring,
	    "192.168.64.2");
	ASSERT_STR_EQ(cJSON_GetObjectItem(e, "interface")->valuestring,
	    "bridge100");
	fl = cJSON_GetObjectItem(e, "flags");
	ASSERT_EQ(cJSON_GetArraySize(fl), 6);
	f = cJSON_GetArrayItem(fl, 0);
	ASSERT_STR_EQ(cJSON_GetObjectItem(f, "letter")->valuestring, "U");
	ASSERT(has(cJSON_GetObjectItem(f, "meaning")->valuestring, "up"));
	/* "!" is "expired"; a title has null fields. */
	e = cJSON_GetArrayItem(ents, 4);	/* line 6 */
	ASSERT_STR_EQ(cJSON_GetObjectItem(e, "expires")->valuestring, "expired");
	ASSERT(cJSON_IsNull(cJSON_GetObjectItem(e, "mac")));
	e = cJSON_GetArrayItem(ents, 0);
	ASSERT_STR_EQ(cJSON_GetObjectItem(e, "kind")->valuestring, "title");
	ASSERT(cJSON_IsNull(cJSON_GetObjectItem(e, "gateway")));
	f = cJSON_GetArrayItem(cJSON_GetObjectItem(j, "findings"), 0);
	ASSERT(cJSON_IsString(cJSON_GetObjectItem(f, "code")));
	ASSERT(cJSON_GetArraySize(cJSON_GetObjectItem(f, "lines")) > 0);
	/* Printed and parsed back. */
	s = cJSON_PrintUnformatted(j);
	ASSERT(s != NULL);
	cJSON_Delete(j);
	j = cJSON_Parse(s);
	ASSERT(j != NULL);
	cJSON_free(s);
	cJSON_Delete(j);
	vw_explain_free(x);
}

VW_TEST(test_json_utf8)
{
	/* Invalid UTF-8 in a pasted line must still give valid JSON text. */
	static const char t[] = "bad \xff\xfe bytes \xe2\x9e\x9c ok\n";
	struct vw_explain *x = explain(t, 0);
	cJSON *j = vw_explain_json(x);
	const char *s;

	ASSERT(j != NULL);
	s = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(j,
	    "entries"), 0), "text")->valuestring;
	ASSERT_STR_EQ(s, "bad ?? bytes \xe2\x9e\x9c ok");
	cJSON_Delete(j);
	vw_explain_free(x);
}

VW_TEST(test_names)
{
	ASSERT_STR_EQ(vw_explain_kind_name(VW_XK_SCOPED_DEFAULT), "scoped_default");
	ASSERT_STR_EQ(vw_explain_kind_name(VW_XK_UNRECOGNISED), "unrecognised");
	ASSERT_STR_EQ(vw_explain_kind_name(-1), "unrecognised");
	ASSERT_STR_EQ(vw_explain_kind_name(VW_XK__MAX), "unrecognised");
	ASSERT_STR_EQ(vw_explain_format_name(VW_XF_IPNEIGH), "ip_neigh");
	ASSERT(vw_explain_format_name(VW_XF_NONE) == NULL);
	ASSERT_STR_EQ(vw_explain_mac_form_name(VW_XM_DOTS), "dots");
	ASSERT_STR_EQ(vw_explain_severity_name(VW_XS_WARNING), "warning");
	{
		char why[160];

		ASSERT_EQ(vw_explain_detect(linux_ip, strlen(linux_ip), why,
		    sizeof(why)), VW_OS_LINUX);
		ASSERT(has(why, "iproute2"));
		ASSERT_EQ(vw_explain_detect(freebsd_tab, strlen(freebsd_tab),
		    NULL, 0), VW_OS_FREEBSD);
	}
}

VW_TEST_MAIN(test_macos_routes, test_flag_letters, test_classful,
    test_os_forced, test_freebsd, test_linux_ip, test_linux_route_n,
    test_arp_collision, test_find_vpn_hijack, test_find_vpn_wider,
    test_find_vm_off_bridge, test_find_broken_bridge, test_find_defaults,
    test_daemon_routes, test_messy_paste, test_edge_input,
    test_route_get_monitor, test_print_text, test_json, test_json_utf8,
    test_names)
