/* SPDX-License-Identifier: ISC */
/* ctlproto: request decoding, reply encoding, bounded line framing. */
#include <stdlib.h>

#include "ctlproto.h"
#include "vw_error.h"
#include "vw_test.h"

static int
parse(const char *s, struct vw_ctl_req *r, const char **code)
{
	char msg[128];

	*code = NULL;
	return vw_ctl_req_parse(s, strlen(s), r, code, msg, sizeof(msg));
}

VW_TEST(test_request_ok)
{
	struct vw_ctl_req r;
	const char *code;

	ASSERT_OK(parse("{\"v\":1,\"id\":7,\"cmd\":\"routes\","
	    "\"args\":{\"family\":\"inet\",\"limit\":3}}", &r, &code));
	ASSERT_EQ(r.id, 7);
	ASSERT_STR_EQ(r.cmd, "routes");
	ASSERT_STR_EQ(vw_ctl_arg_str(&r, "family", NULL), "inet");
	ASSERT_EQ(vw_ctl_arg_int(&r, "limit", 0), 3);
	ASSERT_EQ(vw_ctl_arg_int(&r, "family", 42), 42);	/* mistyped */
	ASSERT(vw_ctl_arg_str(&r, "missing", NULL) == NULL);
	vw_ctl_req_free(&r);
}

VW_TEST(test_request_errors)
{
	struct vw_ctl_req r;
	const char *code;

	ASSERT_EQ(parse("garbage", &r, &code), VW_EINVAL);
	ASSERT_STR_EQ(code, "bad_json");
	vw_ctl_req_free(&r);
	ASSERT_EQ(parse("[1,2]", &r, &code), VW_EINVAL);
	ASSERT_STR_EQ(code, "bad_request");
	vw_ctl_req_free(&r);
	ASSERT_EQ(parse("{\"v\":2,\"id\":5,\"cmd\":\"status\"}", &r, &code),
	    VW_EINVAL);
	ASSERT_STR_EQ(code, "bad_version");
	ASSERT_EQ(r.id, 5);		/* the error reply can carry the id */
	vw_ctl_req_free(&r);
	ASSERT_EQ(parse("{\"v\":1,\"id\":5}", &r, &code), VW_EINVAL);
	ASSERT_STR_EQ(code, "bad_request");
	vw_ctl_req_free(&r);
	ASSERT_EQ(parse("{\"v\":1,\"id\":-3,\"cmd\":\"x\"}", &r, &code),
	    VW_EINVAL);
	vw_ctl_req_free(&r);
	ASSERT_EQ(parse("{\"v\":1,\"cmd\":\"x\",\"args\":[1]}", &r, &code),
	    VW_EINVAL);
	vw_ctl_req_free(&r);
}

VW_TEST(test_replies)
{
	char *s;

	s = vw_ctl_reply_ok(3, cJSON_CreateString("pong"));
	ASSERT_STR_EQ(s, "{\"v\":1,\"id\":3,\"ok\":true,\"result\":\"pong\"}\n");
	free(s);
	s = vw_ctl_reply_err(-1, "bad_json", "request is not valid JSON");
	ASSERT_STR_EQ(s, "{\"v\":1,\"id\":null,\"ok\":false,\"error\":"
	    "{\"code\":\"bad_json\",\"message\":\"request is not valid JSON\"}}\n");
	free(s);
	s = vw_ctl_request(9, "ping", NULL);
	ASSERT_STR_EQ(s, "{\"v\":1,\"id\":9,\"cmd\":\"ping\"}\n");
	free(s);
}

VW_TEST(test_linebuf)
{
	struct vw_linebuf lb;
	const char *line;
	size_t len;
	char big[300];

	vw_linebuf_init(&lb, 100);
	ASSERT_OK(vw_linebuf_feed(&lb, "ab", 2));
	ASSERT_EQ(vw_linebuf_next(&lb, &line, &len), 0);
	ASSERT_OK(vw_linebuf_feed(&lb, "c\r\nde\nf", 7));
	ASSERT_EQ(vw_linebuf_next(&lb, &line, &len), 1);
	ASSERT_EQ(len, 3);
	ASSERT_MEM_EQ(line, "abc", 3);
	ASSERT_EQ(vw_linebuf_next(&lb, &line, &len), 1);
	ASSERT_MEM_EQ(line, "de", 2);
	ASSERT_EQ(vw_linebuf_next(&lb, &line, &len), 0);

	/* An oversized line is reported once and skipped, memory stays bounded. */
	memset(big, 'x', sizeof(big));
	ASSERT_OK(vw_linebuf_feed(&lb, big, sizeof(big)));
	ASSERT_EQ(vw_linebuf_next(&lb, &line, &len), VW_ENOSPC);
	ASSERT_EQ(vw_linebuf_next(&lb, &line, &len), 0);
	ASSERT_OK(vw_linebuf_feed(&lb, big, sizeof(big)));
	ASSERT(lb.len <= lb.max);
	ASSERT_OK(vw_linebuf_feed(&lb, "yy\nok\n", 6));
	ASSERT_EQ(vw_linebuf_next(&lb, &line, &len), 1);
	ASSERT_EQ(len, 2);
	ASSERT_MEM_EQ(line, "ok", 2);
	vw_linebuf_free(&lb);
}

VW_TEST_MAIN(test_request_ok, test_request_errors, test_replies, test_linebuf)
