/* SPDX-License-Identifier: ISC */
/*
 * test_fmt_monitor - the one-line message format (fmt_monitor.h), for BSD
 * messages built by bsd_fix and netlink messages built by nl_fix, decoded
 * by the real parsers first.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bsd_fix.h"
#include "fmt_monitor.h"
#include "nl_fix.h"
#include "nl_wire.h"
#include "vw_error.h"
#include "vw_test.h"

static const char *
tnames_cb(uint32_t index, void *arg)
{
	(void)arg;
	switch (index) {
	case 3:		return "br0";
	case 19:	return "utun4";
	default:	return NULL;
	}
}

static const struct vw_names tnames = { tnames_cb, NULL };

/* The line of message `which` (0-based) of a BSD fixture. */
static const char *
bsd_line(void (*build)(struct bsd_buf *), int os, int which,
    const struct vw_names *n)
{
	static char line[VW_MONITOR_LINEMAX];
	struct vw_bsd_msg m;
	struct vw_perr e;
	struct bsd_buf b;
	size_t off = 0;
	int rc, i = 0;

	bsd_buf_init(&b, os);
	build(&b);
	line[0] = '\0';
	while (off < b.len) {
		rc = vw_bsd_parse(os, b.b + off, b.len - off, off, &m, &e);
		ASSERT(rc > 0);
		if (i++ == which) {
			ASSERT(vw_fmt_monitor_bsd(&m, n, line,
			    sizeof(line)) > 0);
			break;
		}
		off += (size_t)rc;
	}
	bsd_buf_free(&b);
	ASSERT(line[0] != '\0');
	return line;
}

VW_TEST(test_bsd_route_add)
{
	ASSERT_STR_EQ(bsd_line(bsd_fix_macos_hijack, VW_OS_DARWIN, 0, NULL),
	    "RTM_ADD len 136 pid 812 seq 1 errno 0 flags <UP,DONE,STATIC> "
	    "index 19 dst 192.168.64.0/24 gateway utun4");
	/* With names: the interface is named next to its index. */
	ASSERT_STR_EQ(bsd_line(bsd_fix_macos_hijack, VW_OS_DARWIN, 0,
	    &tnames),
	    "RTM_ADD len 136 pid 812 seq 1 errno 0 flags <UP,DONE,STATIC> "
	    "index 19 ifname utun4 dst 192.168.64.0/24 gateway utun4");
}

VW_TEST(test_bsd_scoped_v6_delete)
{
	const char *s = bsd_line(bsd_fix_macos_v6_flush, VW_OS_DARWIN, 0,
	    NULL);

	/*
	 * route(8)'s "ifscope N"; the 28-byte all-zero-after-0xff mask folds
	 * to "default"; the scope is named from the message's own IFP.
	 */
	ASSERT(strstr(s, " flags <GATEWAY,DONE,PRCLONING,IFSCOPE,CONDEMNED,"
	    "GLOBAL> index 13 ifname utun0 ifscope 13 ") != NULL);
	ASSERT(strstr(s, " dst default gateway fe80::%utun0 ifp utun0 ifa "
	    "fe80::d4fa:100c:1905:b9d8%utun0") != NULL);
	ASSERT(strstr(s, "netmask") == NULL);
}

VW_TEST(test_bsd_addr_and_link)
{
	/* ifa_msghdr: the mask folds into the IFA; MAC in brackets. */
	ASSERT_STR_EQ(bsd_line(bsd_fix_macos_addr_gone, VW_OS_DARWIN, 1, NULL),
	    "RTM_DELADDR len 84 index 24 ifname bridge100 metric 0 flags <UP> ifp "
	    "bridge100:62.3e.5f.73.14.64 [62:3e:5f:73:14:64] ifa "
	    "192.168.64.1/24 brd 192.168.64.255");
	/* The unpadded 50-byte RTM_DELMADDR: both sockaddr_dl forms. */
	ASSERT_STR_EQ(bsd_line(bsd_fix_macos_delmaddr50, VW_OS_DARWIN, 0,
	    NULL), "RTM_DELMADDR len 50 index 4 ifname en0 ifp en0:f0.18.98.12.34.56 "
	    "[f0:18:98:12:34:56] ifa 1.0.5e.0.0.fb [01:00:5e:00:00:fb]");
	/* RTM_IFINFO: IFF names, IFF_UP gone, RUNNING still set. */
	ASSERT_STR_EQ(bsd_line(bsd_fix_macos_ifdown, VW_OS_DARWIN, 0, NULL),
	    "RTM_IFINFO len 112 index 24 flags <BROADCAST,b6,RUNNING,SIMPLEX,"
	    "MULTICAST> iftype 0xd1 mtu 1500");
	ASSERT_STR_EQ(bsd_line(bsd_fix_freebsd_ifannounce, VW_OS_FREEBSD, 1,
	    NULL), "RTM_IFANNOUNCE len 24 index 5 name tap0 what departure");
}

static void
build_short(struct bsd_buf *b)
{
	/* rtm_addrs announces four sockaddrs; only DST follows. */
	bsd_rt(b, &(struct bsd_rt){ .type = VW_RTM_ADD, .index = 3,
	    .flags = 0x1, .addrs = VW_RTA_DST | VW_RTA_GATEWAY |
	    VW_RTA_NETMASK | VW_RTA_IFA });
	bsd_sa_in(b, "198.18.7.0");
	bsd_end(b, BSD_END_RT_MSG1);
}

static void
build_noncontig(struct bsd_buf *b)
{
	static const uint8_t mask[] = { 8, 0xff, 0, 0, 0xff, 0, 0xff, 0 };

	bsd_rt(b, &(struct bsd_rt){ .type = VW_RTM_ADD, .index = 3,
	    .flags = 0x1, .addrs = VW_RTA_DST | VW_RTA_GATEWAY |
	    VW_RTA_NETMASK });
	bsd_sa_in(b, "10.0.7.0");
	bsd_sa_in(b, "198.18.0.1");
	bsd_sa_raw(b, mask, sizeof(mask));
	bsd_end(b, BSD_END_PADDED);
}

VW_TEST(test_bsd_short_and_masks)
{
	const char *s = bsd_line(build_short, VW_OS_DARWIN, 0, NULL);

	ASSERT(strstr(s, " dst 198.18.7.0 missing <GATEWAY,NETMASK,IFA>") !=
	    NULL);
	s = bsd_line(build_noncontig, VW_OS_DARWIN, 0, NULL);
	ASSERT(strstr(s, " dst 10.0.7.0 gateway 198.18.0.1 netmask "
	    "&0xff00ff00") != NULL);
}

VW_TEST(test_flag_names)
{
	char buf[512];

	ASSERT(vw_fmt_rtf_names(VW_OS_DARWIN, 0, buf, sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "<>");
	ASSERT(vw_fmt_rtf_names(VW_OS_DARWIN, 0xffffffffu, buf,
	    sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "<UP,GATEWAY,HOST,REJECT,DYNAMIC,MODIFIED,DONE,"
	    "DELCLONE,CLONING,XRESOLVE,LLINFO,STATIC,BLACKHOLE,b016,PROTO2,"
	    "PROTO1,PRCLONING,WASCLONED,PROTO3,b024,PINNED,LOCAL,BROADCAST,"
	    "MULTICAST,IFSCOPE,CONDEMNED,IFREF,PROXY,ROUTER,0x20000000,GLOBAL,"
	    "0x80000000>");
	ASSERT(vw_fmt_rtf_names(VW_OS_FREEBSD, 0x10080000u, buf,
	    sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "<FIXEDMTU,STICKY>");
	ASSERT(vw_fmt_iff_names(0x18863u, buf, sizeof(buf)) > 0);
	ASSERT_STR_EQ(buf, "<UP,BROADCAST,b6,RUNNING,SIMPLEX,MULTICAST,"
	    "0x10000>");
	ASSERT_EQ(vw_fmt_rtf_names(VW_OS_DARWIN, 0xffffffffu, buf, 8),
	    VW_ENOSPC);
	ASSERT_EQ(strlen(buf), 7);
}

/* Decode the one message in b and format it. */
static const char *
nl_line(struct nl_fix_buf *b)
{
	static char line[VW_MONITOR_LINEMAX];
	struct vw_event ev;
	struct vw_nl_hdr h;
	struct vw_perr e;
	int nev = 0;

	ASSERT(!b->oom);
	ASSERT(vw_nl_parse(b->data, b->len, 0, &h, &ev, &nev, &e) > 0);
	ASSERT(vw_fmt_monitor_nl(&h, nev ? &ev : NULL, &tnames, line,
	    sizeof(line)) > 0);
	nl_fix_free(b);
	return line;
}

VW_TEST(test_nl_route)
{
	struct nl_fix_buf b;

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .msg = VW_NL_RTM_DELROUTE,
	    .seq = 7, .pid = 812, .dst = "198.18.64.0", .plen = 24,
	    .proto = 2, .scope = 253, .oif = 3, .prefsrc = "198.18.64.1" });
	ASSERT_STR_EQ(nl_line(&b), "RTM_DELROUTE len 60 flags <> seq 7 pid 812"
	    " | Deleted 198.18.64.0/24 dev br0 proto kernel scope link src "
	    "198.18.64.1");

	nl_fix_init(&b);
	nl_fix_route(&b, &(struct nl_fix_route){ .nlflags = 0x600,
	    .dst = "198.19.0.0", .plen = 16, .gw = "198.18.64.2", .oif = 3,
	    .proto = 4, .metric = 100 });
	ASSERT_STR_EQ(nl_line(&b), "RTM_NEWROUTE len 68 flags <EXCL,CREATE> "
	    "seq 0 pid 0 | 198.19.0.0/16 via 198.18.64.2 dev br0 proto static "
	    "metric 100");
}

VW_TEST(test_nl_neigh_error)
{
	struct nl_fix_buf b;
	char want[128];

	nl_fix_init(&b);
	nl_fix_neigh(&b, &(struct nl_fix_neigh){ .nlflags = 0x2,
	    .dst = "198.18.64.9", .ifindex = 3, .state = 0x20 });
	snprintf(want, sizeof(want), "RTM_NEWNEIGH len %zu flags <MULTI> seq 0 "
	    "pid 0 | 198.18.64.9 dev br0 FAILED", b.len);
	ASSERT_STR_EQ(nl_line(&b), want);

	nl_fix_init(&b);
	nl_fix_error(&b, -17, 9, 812);
	ASSERT(strncmp(nl_line(&b), "NLMSG_ERROR len 36 flags <> seq 9 pid 812 "
	    "error -17 (", 42) == 0);
}

VW_TEST_MAIN(test_bsd_route_add, test_bsd_scoped_v6_delete,
    test_bsd_addr_and_link, test_bsd_short_and_masks, test_flag_names,
    test_nl_route, test_nl_neigh_error)
