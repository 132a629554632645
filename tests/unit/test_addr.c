/* SPDX-License-Identifier: ISC */
/* vw_addr: parsing, text forms, masks and the three MAC spellings. */
#include "vw_addr.h"
#include "vw_error.h"
#include "vw_event.h"
#include "vw_test.h"

VW_TEST(test_ip_parse_and_print)
{
	struct vw_ip ip;
	char buf[VW_IP_STRLEN];

	ASSERT_OK(vw_ip_parse("198.18.64.2", &ip));
	ASSERT_EQ(ip.family, VW_AF_INET);
	ASSERT_EQ(ip.a[0], 198);
	ASSERT_EQ(ip.a[3], 2);
	ASSERT_GE(vw_ip_str(&ip, buf, sizeof(buf)), 0);
	ASSERT_STR_EQ(buf, "198.18.64.2");

	ASSERT_OK(vw_ip_parse("fe80::1%24", &ip));
	ASSERT_EQ(ip.family, VW_AF_INET6);
	ASSERT_EQ(ip.scope, 24);
	ASSERT_GE(vw_ip_str(&ip, buf, sizeof(buf)), 0);
	ASSERT_STR_EQ(buf, "fe80::1%24");

	ASSERT_EQ(vw_ip_parse("198.18.0.1%3", &ip), VW_EINVAL);
	ASSERT_EQ(vw_ip_parse("", &ip), VW_EINVAL);
	ASSERT_EQ(vw_ip_parse("300.1.1.1", &ip), VW_EINVAL);
	ASSERT_EQ(vw_ip_parse("fe80::1%", &ip), VW_EINVAL);
	ASSERT_EQ(vw_ip_parse("fe80::1%eth0", &ip), VW_EINVAL);
}

VW_TEST(test_ip_mask_and_prefix)
{
	struct vw_ip a, p;
	char buf[VW_IP_STRLEN];

	ASSERT_OK(vw_ip_parse("198.18.64.77", &a));
	p = a;
	vw_ip_mask(&p, 20);
	vw_ip_str(&p, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "198.18.64.0");
	ASSERT(vw_ip_in_prefix(&a, &p, 20));
	ASSERT_OK(vw_ip_parse("198.18.80.1", &a));
	ASSERT(!vw_ip_in_prefix(&a, &p, 20));
	ASSERT(vw_ip_in_prefix(&a, &p, 0));

	ASSERT_OK(vw_ip_parse("2001:db8:64::5", &a));
	p = a;
	vw_ip_mask(&p, 64);
	vw_ip_str(&p, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "2001:db8:64::");
	ASSERT(vw_ip_in_prefix(&a, &p, 64));
	ASSERT(!vw_ip_in_prefix(&a, &p, 129));
}

VW_TEST(test_mask_plen)
{
	static const uint8_t m24[] = { 0xff, 0xff, 0xff };
	static const uint8_t m4[] = { 0xf0 };
	static const uint8_t holes[] = { 0xff, 0x00, 0xff };

	ASSERT_EQ(vw_mask_plen(m24, 3, 32), 24);
	ASSERT_EQ(vw_mask_plen(m4, 1, 32), 4);
	ASSERT_EQ(vw_mask_plen(m24, 0, 32), 0);
	ASSERT_EQ(vw_mask_plen(holes, 3, 32), -1);
}

VW_TEST(test_mac_forms)
{
	struct vw_lladdr ll;
	char buf[VW_LL_STRLEN];

	ASSERT_OK(vw_ll_parse("8a.c3.94.a.86.e2", &ll));
	ASSERT_EQ(ll.len, 6);
	ASSERT_EQ(ll.a[3], 0x0a);
	vw_ll_canon(&ll, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "8a:c3:94:0a:86:e2");
	vw_ll_dots(&ll, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "8a.c3.94.a.86.e2");

	ASSERT_OK(vw_ll_parse("1:0:5e:0:0:fb", &ll));
	vw_ll_colon_nopad(&ll, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "1:0:5e:0:0:fb");
	vw_ll_canon(&ll, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "01:00:5e:00:00:fb");

	ASSERT_OK(vw_ll_parse("aabb.ccdd.eeff", &ll));
	vw_ll_canon(&ll, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "aa:bb:cc:dd:ee:ff");

	ASSERT_EQ(vw_ll_parse("8a:c3.94", &ll), VW_EINVAL);
	ASSERT_EQ(vw_ll_parse("8a::c3", &ll), VW_EINVAL);
	ASSERT_EQ(vw_ll_parse("xx:xx:xx", &ll), VW_EINVAL);
	ASSERT_EQ(vw_ll_parse("123:4", &ll), VW_EINVAL);

	/* A too-small buffer is an error, never an overrun. */
	ASSERT_OK(vw_ll_parse("8a:c3:94:0a:86:e2", &ll));
	ASSERT_EQ(vw_ll_canon(&ll, buf, 5), VW_ENOSPC);
}

VW_TEST(test_names)
{
	char buf[64];

	ASSERT_STR_EQ(vw_kind_name(VW_EV_ROUTE_ADD), "route.add");
	ASSERT_STR_EQ(vw_kind_name(VW_EV_DAEMON_RESYNC), "daemon.resync");
	ASSERT_EQ(vw_kind_parse("target.down"), VW_EV_TARGET_DOWN);
	ASSERT_EQ(vw_kind_parse("nope"), VW_EINVAL);
	ASSERT_STR_EQ(vw_kind_name(9999), "?");
	ASSERT_EQ(vw_kind_obj(VW_EV_LINK_UP), VW_OBJ_LINK);
	ASSERT_EQ(vw_os_parse("freebsd"), VW_OS_FREEBSD);
	ASSERT_STR_EQ(vw_err_name(VW_ETRUNC), "VW_ETRUNC");
	ASSERT_STR_EQ(vw_strerror(VW_ENOMEM), "out of memory");
	vw_nud_str(VW_NUD_STALE | VW_NUD_PROBE, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "STALE,PROBE");
	vw_nud_str(0, buf, sizeof(buf));
	ASSERT_STR_EQ(buf, "NONE");
}

VW_TEST_MAIN(test_ip_parse_and_print, test_ip_mask_and_prefix, test_mask_plen,
    test_mac_forms, test_names)
