/* SPDX-License-Identifier: ISC */
/*
 * test_config.c - lib/config: defaults, the embedded default file, every
 * kind of error with its exact one-line message, targets, durations,
 * --target, diff, and print -> parse round trips.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "vw_error.h"
#include "vw_test.h"

/* Parse a NUL-terminated text as "t.json". */
static int
parse(const char *text, struct vw_config *cfg, char *err, size_t errlen)
{
	return vw_config_parse(text, strlen(text), "t.json", cfg, err, errlen);
}

/* text must fail with exactly `want`. */
static void
expect_error(const char *text, int code, const char *want)
{
	struct vw_config cfg;
	char err[VW_CONFIG_ERRLEN];
	static const struct vw_config zero;

	memset(&cfg, 0x5a, sizeof(cfg));
	if (parse(text, &cfg, err, sizeof(err)) != code) {
		fprintf(stderr, "# input: %s\n# err: %s\n", text, err);
		ASSERT_EQ(parse(text, &cfg, err, sizeof(err)), code);
	}
	ASSERT_STR_EQ(err, want);
	/* A failed parse leaves nothing to free. */
	ASSERT_MEM_EQ(&cfg, &zero, sizeof(cfg));
}

VW_TEST(test_defaults)
{
	struct vw_config c;

	ASSERT_OK(vw_config_defaults(&c));
	ASSERT(c.socket == NULL);
	ASSERT_EQ(c.socket_mode, 0);
	ASSERT(c.socket_group == NULL);
	ASSERT(c.log.json == NULL);
	ASSERT_EQ(c.log.to_syslog, 1);
	ASSERT_EQ(c.log.to_stderr, 1);
	ASSERT_EQ(c.log.kernel_events, VW_KEVLOG_PATH);
	ASSERT_EQ(c.log.rate_limit_per_min, 30);
	ASSERT_EQ(c.kernel.rcvbuf, 8388608);
	ASSERT_EQ(c.kernel.resync_interval_ms, 30000);
	ASSERT_EQ(c.kernel.arp_poll_ms, 2000);
	ASSERT_EQ(c.ntargets, 0);
	ASSERT(c.targets == NULL);
	ASSERT_EQ(c.discovery.enabled, 1);
	ASSERT_EQ(c.discovery.ninterfaces, 3);
	ASSERT_STR_EQ(c.discovery.interfaces[0], "bridge*");
	ASSERT_STR_EQ(c.discovery.interfaces[1], "vmnet*");
	ASSERT_STR_EQ(c.discovery.interfaces[2], "virbr*");
	ASSERT_EQ(c.discovery.retire_after_ms, 600000);
	ASSERT_EQ(c.history.size, 4096);
	ASSERT_EQ(c.metrics.listen.enabled, 0);
	vw_config_free(&c);
	ASSERT(c.discovery.interfaces == NULL);
	vw_config_free(&c);	/* a zeroed config frees as a no-op */
}

/* config/vmwatch.json, as compiled in, is the defaults in normal form. */
VW_TEST(test_embedded_default)
{
	struct vw_config d, e;
	char err[VW_CONFIG_ERRLEN], *text;

	ASSERT_EQ(strlen(vw_default_config), vw_default_config_len);
	ASSERT_OK(vw_config_defaults(&d));
	if (vw_config_parse(vw_default_config, vw_default_config_len,
	    "vmwatch.json", &e, err, sizeof(err)) != 0)
		VW__FAIL("embedded default: %s", err);
	ASSERT(vw_config_equal(&d, &e));
	ASSERT_EQ(vw_config_diff(&d, &e, NULL, NULL), 0);
	/* Byte for byte: the shipped file is what `vmwatchd -n` prints. */
	ASSERT((text = vw_config_to_json(&d)) != NULL);
	ASSERT_STR_EQ(text, vw_default_config);
	free(text);
	vw_config_free(&d);
	vw_config_free(&e);
}

VW_TEST(test_empty_object_is_defaults)
{
	struct vw_config d, e;
	char err[VW_CONFIG_ERRLEN];

	ASSERT_OK(vw_config_defaults(&d));
	ASSERT_OK(parse(" {\n}\n", &e, err, sizeof(err)));
	ASSERT(vw_config_equal(&d, &e));
	vw_config_free(&e);
	/* Sections may be partial: the rest keeps its defaults. */
	ASSERT_OK(parse("{\"kernel\": {\"arp_poll\": \"500ms\"}, \"log\": {}}",
	    &e, err, sizeof(err)));
	ASSERT_EQ(e.kernel.arp_poll_ms, 500);
	ASSERT_EQ(e.kernel.rcvbuf, 8388608);
	ASSERT_EQ(e.kernel.resync_interval_ms, 30000);
	ASSERT_EQ(vw_config_diff(&d, &e, NULL, NULL), 1);
	vw_config_free(&e);
	vw_config_free(&d);
}

VW_TEST(test_type_errors)
{
	expect_error("[]", VW_EINVAL, "t.json: expected a JSON object at the "
	    "top level, got an array");
	expect_error("\"x\"", VW_EINVAL, "t.json: expected a JSON object at "
	    "the top level, got a string");
	expect_error("{\"history\": {\"size\": \"4096\"}}", VW_EINVAL,
	    "t.json: /history/size: expected an integer, got a string");
	expect_error("{\"history\": {\"size\": 100.5}}", VW_EINVAL,
	    "t.json: /history/size: expected an integer, got 100.5");
	expect_error("{\"history\": {\"size\": null}}", VW_EINVAL,
	    "t.json: /history/size: expected an integer, got null");
	expect_error("{\"log\": {\"syslog\": \"yes\"}}", VW_EINVAL,
	    "t.json: /log/syslog: expected true or false, got a string");
	expect_error("{\"log\": {\"stderr\": 1}}", VW_EINVAL,
	    "t.json: /log/stderr: expected true or false, got a number");
	expect_error("{\"log\": []}", VW_EINVAL,
	    "t.json: /log: expected an object, got an array");
	expect_error("{\"socket\": 5}", VW_EINVAL,
	    "t.json: /socket: expected a string or null, got a number");
	expect_error("{\"socket\": \"\"}", VW_EINVAL,
	    "t.json: /socket: expected a non-empty string, got \"\"");
	expect_error("{\"socket\": \"run/vmwatchd.sock\"}", VW_EINVAL,
	    "t.json: /socket: expected an absolute path, got "
	    "\"run/vmwatchd.sock\"");
	expect_error("{\"log\": {\"json\": \"events.json\"}}", VW_EINVAL,
	    "t.json: /log/json: expected an absolute path, got \"events.json\"");
	expect_error("{\"socket_mode\": 432}", VW_EINVAL,
	    "t.json: /socket_mode: expected \"0660\", \"0600\" or null, got 432");
	expect_error("{\"socket_mode\": \"0666\"}", VW_EINVAL,
	    "t.json: /socket_mode: expected \"0660\", \"0600\" or null, got "
	    "\"0666\" (did you mean \"0660\"?)");
	expect_error("{\"socket_group\": \"staff group\"}", VW_EINVAL,
	    "t.json: /socket_group: expected a group name (letters, digits, "
	    "'_', '.', '-'), got \"staff group\"");
	expect_error("{\"log\": {\"kernel_events\": \"paths\"}}", VW_EINVAL,
	    "t.json: /log/kernel_events: expected \"none\", \"path\" or "
	    "\"all\", got \"paths\" (did you mean \"path\"?)");
	expect_error("{\"log\": {\"kernel_events\": \"verbose\"}}", VW_EINVAL,
	    "t.json: /log/kernel_events: expected \"none\", \"path\" or "
	    "\"all\", got \"verbose\"");
	expect_error("{\"discovery\": {\"interfaces\": \"bridge*\"}}",
	    VW_EINVAL, "t.json: /discovery/interfaces: expected an array of "
	    "strings, got a string");
	expect_error("{\"discovery\": {\"interfaces\": [\"br*\", 7]}}",
	    VW_EINVAL, "t.json: /discovery/interfaces/1: expected a string, "
	    "got a number");
	expect_error("{\"discovery\": {\"interfaces\": [\"br 0\"]}}",
	    VW_EINVAL, "t.json: /discovery/interfaces/0: expected an "
	    "interface name pattern (at most 63 characters, no spaces or "
	    "'/'), got \"br 0\"");
	expect_error("{\"metrics\": {\"listen\": 9469}}", VW_EINVAL,
	    "t.json: /metrics/listen: expected \"ADDRESS:PORT\" (such as "
	    "\"127.0.0.1:9469\") or null, got a number");
	expect_error("{\"metrics\": {\"listen\": \"localhost:9469\"}}",
	    VW_EINVAL, "t.json: /metrics/listen: expected \"ADDRESS:PORT\" "
	    "(such as \"127.0.0.1:9469\") or null, got \"localhost:9469\"");
	expect_error("{\"metrics\": {\"listen\": \"::1:9469\"}}",
	    VW_EINVAL, "t.json: /metrics/listen: expected \"ADDRESS:PORT\" "
	    "(such as \"127.0.0.1:9469\") or null, got \"::1:9469\"");
	expect_error("{\"targets\": {}}", VW_EINVAL, "t.json: /targets: "
	    "expected an array of objects, got an object");
	expect_error("{\"targets\": [\"198.18.0.1\"]}", VW_EINVAL,
	    "t.json: /targets/0: expected an object, got a string");
	/* The value shown is cut, and kept on one line. */
	expect_error("{\"socket\": \"rel\\npath-0123456789012345678901234567890"
	    "12345678901234567890123456789\"}", VW_EINVAL, "t.json: /socket: "
	    "expected an absolute path, got \"rel\\npath-012345678901234567890"
	    "123456789012345678901234567890...\"");
}

VW_TEST(test_range_errors)
{
	expect_error("{\"kernel\": {\"rcvbuf\": 12}}", VW_EINVAL,
	    "t.json: /kernel/rcvbuf: expected an integer between 65536 and "
	    "268435456, got 12");
	expect_error("{\"kernel\": {\"rcvbuf\": 1e300}}", VW_EINVAL,
	    "t.json: /kernel/rcvbuf: expected an integer between 65536 and "
	    "268435456, got 1e+300");
	expect_error("{\"kernel\": {\"rcvbuf\": -65536}}", VW_EINVAL,
	    "t.json: /kernel/rcvbuf: expected an integer between 65536 and "
	    "268435456, got -65536");
	expect_error("{\"log\": {\"rate_limit_per_min\": 0}}", VW_EINVAL,
	    "t.json: /log/rate_limit_per_min: expected an integer between 1 "
	    "and 10000, got 0");
	expect_error("{\"history\": {\"size\": 1000001}}", VW_EINVAL,
	    "t.json: /history/size: expected an integer between 16 and "
	    "1000000, got 1000001");
	expect_error("{\"kernel\": {\"resync_interval\": \"2h\"}}", VW_EINVAL,
	    "t.json: /kernel/resync_interval: expected a duration between 1s "
	    "and 1h, got \"2h\"");
	expect_error("{\"kernel\": {\"arp_poll\": \"99ms\"}}", VW_EINVAL,
	    "t.json: /kernel/arp_poll: expected a duration between 100ms and "
	    "1m, got \"99ms\"");
	expect_error("{\"kernel\": {\"arp_poll\": \"99999999999999ms\"}}",
	    VW_EINVAL, "t.json: /kernel/arp_poll: expected a duration between "
	    "100ms and 1m, got \"99999999999999ms\"");
	expect_error("{\"discovery\": {\"retire_after\": \"25h\"}}", VW_EINVAL,
	    "t.json: /discovery/retire_after: expected a duration between 10s "
	    "and 24h, got \"25h\"");
	expect_error("{\"targets\": [{\"address\": \"198.18.0.1\", "
	    "\"down_after\": 101}]}", VW_EINVAL, "t.json: /targets/0/down_after:"
	    " expected an integer between 1 and 100, got 101");
	expect_error("{\"targets\": [{\"address\": \"198.18.0.1\", "
	    "\"probe\": \"tcp:65536\"}]}", VW_EINVAL, "t.json: /targets/0/probe:"
	    " expected \"tcp:PORT\" with a port between 1 and 65535, got "
	    "\"tcp:65536\"");
}

VW_TEST(test_unknown_keys)
{
	expect_error("{\"log\": {\"kernel_event\": \"all\"}}", VW_EINVAL,
	    "t.json: /log/kernel_event: unknown key (did you mean "
	    "\"kernel_events\"?)");
	expect_error("{\"sockte\": null}", VW_EINVAL,
	    "t.json: /sockte: unknown key (did you mean \"socket\"?)");
	expect_error("{\"Targets\": []}", VW_EINVAL,
	    "t.json: /Targets: unknown key (did you mean \"targets\"?)");
	/* A prefix match, too far for an edit distance of 2. */
	expect_error("{\"log\": {\"rate_limit\": 5}}", VW_EINVAL,
	    "t.json: /log/rate_limit: unknown key (did you mean "
	    "\"rate_limit_per_min\"?)");
	expect_error("{\"kernel\": {\"resync\": \"1m\"}}", VW_EINVAL,
	    "t.json: /kernel/resync: unknown key (did you mean "
	    "\"resync_interval\"?)");
	/* Nothing close: list what there is. */
	expect_error("{\"history\": {\"depth\": 5}}", VW_EINVAL,
	    "t.json: /history/depth: unknown key (known keys: \"size\")");
	expect_error("{\"metrics\": {\"xy\": 1}}", VW_EINVAL,
	    "t.json: /metrics/xy: unknown key (known keys: \"listen\")");
	/* RFC 6901 escapes in the pointer. */
	expect_error("{\"log\": {\"a/b~c\": 1}}", VW_EINVAL,
	    "t.json: /log/a~1b~0c: unknown key (known keys: \"json\", "
	    "\"syslog\", \"stderr\", \"kernel_events\", "
	    "\"rate_limit_per_min\")");
	expect_error("{\"targets\": [{\"address\": \"198.18.0.1\", "
	    "\"intervall\": \"2s\"}]}", VW_EINVAL, "t.json: /targets/0/"
	    "intervall: unknown key (did you mean \"interval\"?)");
	expect_error("{\"log\": {\"syslog\": true, \"syslog\": false}}",
	    VW_EINVAL, "t.json: /log/syslog: duplicate key");
}

VW_TEST(test_syntax_errors)
{
	expect_error("{\n  \"socket\": null,\n  \"log\": {\"json\": null\n"
	    "  \"kernel\": {}\n}\n", VW_ESYNTAX,
	    "t.json:4:3: syntax error: expected ',' or '}'");
	expect_error("{\n\t\"targets\": [1 2]\n}", VW_ESYNTAX,
	    "t.json:2:16: syntax error: expected ',' or ']'");
	expect_error("", VW_ESYNTAX,
	    "t.json:1:1: syntax error: expected a value, got end of file");
	expect_error("{\"log\": {", VW_ESYNTAX, "t.json:1:10: syntax error: "
	    "expected a key in double quotes or '}', got end of file");
	expect_error("{\"log\": {}", VW_ESYNTAX, "t.json:1:11: syntax error: "
	    "expected ',' or '}', got end of file");
	expect_error("{\"a\": 1,}", VW_ESYNTAX,
	    "t.json:1:9: syntax error: trailing comma before '}'");
	expect_error("{\"a\": [1,]}", VW_ESYNTAX,
	    "t.json:1:10: syntax error: trailing comma before ']'");
	expect_error("{socket: null}", VW_ESYNTAX,
	    "t.json:1:2: syntax error: expected a key in double quotes or '}'");
	expect_error("{\"socket\" null}", VW_ESYNTAX,
	    "t.json:1:11: syntax error: expected ':'");
	expect_error("{\"socket\": '/tmp/s'}", VW_ESYNTAX, "t.json:1:12: "
	    "syntax error: expected a value (strings need double quotes)");
	expect_error("{\"log\": {\"syslog\": ture}}", VW_ESYNTAX, "t.json:1:20:"
	    " syntax error: expected a value (strings need double quotes)");
	expect_error("{\"socket_mode\": 0660}", VW_ESYNTAX,
	    "t.json:1:17: syntax error: leading zero in a number");
	expect_error("{\"history\": {\"size\": -}}", VW_ESYNTAX,
	    "t.json:1:23: syntax error: invalid number: expected a digit");
	expect_error("{\"history\": {\"size\": 1.}}", VW_ESYNTAX,
	    "t.json:1:24: syntax error: invalid number: expected a digit");
	expect_error("{\"socket\": \"/tmp/s}\n", VW_ESYNTAX,
	    "t.json:1:20: syntax error: unterminated string (missing '\"' "
	    "before the end of the line)");
	expect_error("{\"socket\": \"/tmp/s", VW_ESYNTAX,
	    "t.json:1:12: syntax error: unterminated string");
	expect_error("{\"socket\": \"/tmp\\q\"}", VW_ESYNTAX,
	    "t.json:1:17: syntax error: invalid escape in a string");
	expect_error("{\"socket\": \"/tmp\\u00zz\"}", VW_ESYNTAX,
	    "t.json:1:21: syntax error: invalid \\u escape: expected 4 hex "
	    "digits");
	expect_error("{\"socket\": \"/tmp/\\u0000x\"}", VW_ESYNTAX,
	    "t.json:1:18: syntax error: \\u0000 is not allowed in a string");
	expect_error("{\"socket\": \"/tmp/\\ud800x\"}", VW_ESYNTAX,
	    "t.json:1:18: syntax error: unpaired UTF-16 surrogate in a \\u "
	    "escape");
	expect_error("{\"socket\": \"/t\tab\"}", VW_ESYNTAX,
	    "t.json:1:15: syntax error: unescaped control character in a "
	    "string");
	expect_error("{\"socket\": \"/\xc3\x28\"}", VW_ESYNTAX,
	    "t.json:1:14: syntax error: invalid UTF-8 in a string");
	expect_error("{} {}", VW_ESYNTAX,
	    "t.json:1:4: syntax error: unexpected data after the top-level "
	    "value");
	/* Columns count characters: "é" is one. */
	expect_error("{\"name\u00e9\": 1 2}", VW_ESYNTAX,
	    "t.json:1:13: syntax error: expected ',' or '}'");
	/* CRLF line ends. */
	expect_error("{\r\n\"a\": 1\r\n\"b\": 2}", VW_ESYNTAX,
	    "t.json:3:1: syntax error: expected ',' or '}'");
}

VW_TEST(test_syntax_deep_and_long)
{
	char buf[256], err[VW_CONFIG_ERRLEN];
	struct vw_config c;
	size_t i;

	/* 65 nested arrays: the 65th opening bracket is refused. */
	for (i = 0; i < 65; i++)
		buf[i] = '[';
	buf[i] = '\0';
	ASSERT_EQ(parse(buf, &c, err, sizeof(err)), VW_ESYNTAX);
	ASSERT_STR_EQ(err, "t.json:1:65: syntax error: nested too deeply "
	    "(more than 64 levels)");
	/* Numbers longer than cJSON's buffer. */
	snprintf(buf, sizeof(buf), "{\"history\": {\"size\": 1%064d}}", 0);
	ASSERT_EQ(parse(buf, &c, err, sizeof(err)), VW_ESYNTAX);
	ASSERT_STR_EQ(err, "t.json:1:22: syntax error: number too long (over "
	    "63 characters)");
	/* Text past `len` is not read: the same prefix parses alone. */
	ASSERT_OK(vw_config_parse("{}garbage", 2, "t.json", &c, err,
	    sizeof(err)));
	vw_config_free(&c);
	/* A UTF-8 byte order mark is allowed and not counted as a column. */
	ASSERT_EQ(parse("\xef\xbb\xbf{,}", &c, err, sizeof(err)), VW_ESYNTAX);
	ASSERT_STR_EQ(err, "t.json:1:2: syntax error: expected a key in double "
	    "quotes or '}'");
	ASSERT_OK(parse("\xef\xbb\xbf{}", &c, err, sizeof(err)));
	vw_config_free(&c);
	/* No file name given. */
	ASSERT_EQ(vw_config_parse("[", 1, NULL, &c, err, sizeof(err)),
	    VW_ESYNTAX);
	ASSERT_STR_EQ(err, "config:1:2: syntax error: expected a value or ']',"
	    " got end of file");
}

VW_TEST(test_targets)
{
	static const char text[] =
	    "{\"targets\": [\n"
	    "  {\"address\": \"198.18.64.2\", \"name\": \"alpine\"},\n"
	    "  {\"address\": \"2001:db8:0:0::2\", \"probe\": \"tcp:22\",\n"
	    "   \"interval\": \"5s\", \"timeout\": \"500ms\", \"down_after\": 1,\n"
	    "   \"up_after\": 100, \"name\": null},\n"
	    "  {\"address\": \"198.18.64.3\", \"probe\": \"neighbor\"}\n"
	    "]}";
	struct vw_config c;
	char err[VW_CONFIG_ERRLEN], s[VW_IP_STRLEN];

	if (parse(text, &c, err, sizeof(err)) != 0)
		VW__FAIL("%s", err);
	ASSERT_EQ(c.ntargets, 3);
	vw_ip_str(&c.targets[0].address, s, sizeof(s));
	ASSERT_STR_EQ(s, "198.18.64.2");
	ASSERT_STR_EQ(c.targets[0].name, "alpine");
	ASSERT_EQ(c.targets[0].probe.kind, VW_PROBE_ICMP);
	ASSERT_EQ(c.targets[0].interval_ms, 1000);
	ASSERT_EQ(c.targets[0].timeout_ms, 1000);
	ASSERT_EQ(c.targets[0].down_after, 3);
	ASSERT_EQ(c.targets[0].up_after, 2);
	vw_ip_str(&c.targets[1].address, s, sizeof(s));
	ASSERT_STR_EQ(s, "2001:db8::2");
	ASSERT(c.targets[1].name == NULL);
	ASSERT_EQ(c.targets[1].probe.kind, VW_PROBE_TCP);
	ASSERT_EQ(c.targets[1].probe.port, 22);
	ASSERT_EQ(c.targets[1].interval_ms, 5000);
	ASSERT_EQ(c.targets[1].timeout_ms, 500);
	ASSERT_EQ(c.targets[1].down_after, 1);
	ASSERT_EQ(c.targets[1].up_after, 100);
	ASSERT_EQ(c.targets[2].probe.kind, VW_PROBE_NEIGHBOR);
	vw_config_free(&c);

	expect_error("{\"targets\": [{\"name\": \"x\"}]}", VW_EINVAL,
	    "t.json: /targets/0: missing required key \"address\"");
	expect_error("{\"targets\": [{\"address\": \"198.18.0.1\"}, "
	    "{\"address\": \"300.1.1.1\"}]}", VW_EINVAL,
	    "t.json: /targets/1/address: expected an IPv4 or IPv6 address, "
	    "got \"300.1.1.1\"");
	expect_error("{\"targets\": [{\"address\": 3323068417}]}", VW_EINVAL,
	    "t.json: /targets/0/address: expected an IPv4 or IPv6 address, "
	    "got a number");
	expect_error("{\"targets\": [{\"address\": \"224.0.0.1\"}]}", VW_EINVAL,
	    "t.json: /targets/0/address: expected a unicast address, got "
	    "\"224.0.0.1\"");
	expect_error("{\"targets\": [{\"address\": \"::\"}]}", VW_EINVAL,
	    "t.json: /targets/0/address: expected a unicast address, got "
	    "\"::\"");
	/* Duplicates are found by value, not by spelling. */
	expect_error("{\"targets\": [{\"address\": \"2001:db8::2\"}, "
	    "{\"address\": \"198.18.0.9\"}, {\"address\": \"2001:DB8:0::2\"}]}",
	    VW_EINVAL, "t.json: /targets/2/address: \"2001:db8::2\" is "
	    "already the address of /targets/0");
	expect_error("{\"targets\": [{\"address\": \"198.18.0.1\", "
	    "\"interval\": \"1s\", \"timeout\": \"5s\"}]}", VW_EINVAL,
	    "t.json: /targets/0/timeout: expected a duration no longer than "
	    "the interval (1s), got \"5s\"");
	expect_error("{\"targets\": [{\"address\": \"198.18.0.1\", "
	    "\"probe\": \"neighbour\"}]}", VW_EINVAL, "t.json: /targets/0/"
	    "probe: expected \"icmp\", \"neighbor\" or \"tcp:PORT\", got "
	    "\"neighbour\" (did you mean \"neighbor\"?)");
	expect_error("{\"targets\": [{\"address\": \"198.18.0.1\", "
	    "\"probe\": \"tcp\"}]}", VW_EINVAL, "t.json: /targets/0/"
	    "probe: expected \"icmp\", \"neighbor\" or \"tcp:PORT\", got "
	    "\"tcp\" (did you mean \"tcp:PORT\"?)");
	expect_error("{\"targets\": [{\"address\": \"198.18.0.1\", "
	    "\"probe\": \"tcp:022\"}]}", VW_EINVAL, "t.json: /targets/0/probe:"
	    " expected \"tcp:PORT\" with a port between 1 and 65535, got "
	    "\"tcp:022\"");
	expect_error("{\"targets\": [{\"address\": \"198.18.0.1\", "
	    "\"name\": \"a\\u0007b\"}]}", VW_EINVAL, "t.json: /targets/0/name:"
	    " expected a name without control characters, got \"a\\u0007b\"");
	expect_error("{\"targets\": [{\"address\": \"198.18.0.1\", "
	    "\"name\": \"01234567890123456789012345678901234567890123456789"
	    "01234567890123456789\"}]}", VW_EINVAL, "t.json: /targets/0/name:"
	    " expected a string of at most 64 bytes, got 70 bytes");
}

VW_TEST(test_durations)
{
	static const struct {
		const char	*in;
		int		 r;
		uint32_t	 ms;
		const char	*out;
	} cases[] = {
		{ "500ms", 0, 500, "500ms" },
		{ "1000ms", 0, 1000, "1s" },
		{ "30s", 0, 30000, "30s" },
		{ "90s", 0, 90000, "90s" },
		{ "120s", 0, 120000, "2m" },
		{ "10m", 0, 600000, "10m" },
		{ "60m", 0, 3600000, "1h" },
		{ "1h", 0, 3600000, "1h" },
		{ "0s", 0, 0, "0s" },
		{ "1193h", 0, 4294800000u, "1193h" },
		{ "1194h", VW_ERANGE, 0, NULL },
		{ "4294967296ms", VW_ERANGE, 0, NULL },
		{ "1234567890123h", VW_ERANGE, 0, NULL },
		{ "30", VW_EINVAL, 0, NULL },
		{ "s", VW_EINVAL, 0, NULL },
		{ "", VW_EINVAL, 0, NULL },
		{ "1.5s", VW_EINVAL, 0, NULL },
		{ "30 s", VW_EINVAL, 0, NULL },
		{ "-1s", VW_EINVAL, 0, NULL },
		{ "1d", VW_EINVAL, 0, NULL },
		{ "30S", VW_EINVAL, 0, NULL },
		{ "5us", VW_EINVAL, 0, NULL },
		{ "1sm", VW_EINVAL, 0, NULL },
	};
	char buf[32];
	uint32_t ms;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		ms = 7;
		if (vw_config_parse_duration(cases[i].in, &ms) != cases[i].r)
			VW__FAIL("\"%s\": wrong result", cases[i].in);
		if (cases[i].r != 0) {
			ASSERT_EQ(ms, 7);	/* untouched on failure */
			continue;
		}
		ASSERT_EQ(ms, cases[i].ms);
		vw_config_fmt_duration(ms, buf, sizeof(buf));
		ASSERT_STR_EQ(buf, cases[i].out);
	}
	expect_error("{\"kernel\": {\"arp_poll\": \"2 s\"}}", VW_EINVAL,
	    "t.json: /kernel/arp_poll: expected a duration such as \"500ms\", "
	    "\"30s\", \"10m\" or \"1h\", got \"2 s\"");
	expect_error("{\"kernel\": {\"arp_poll\": \"2sec\"}}", VW_EINVAL,
	    "t.json: /kernel/arp_poll: expected a duration such as \"500ms\", "
	    "\"30s\", \"10m\" or \"1h\", got \"2sec\"");
	expect_error("{\"kernel\": {\"arp_poll\": 2}}", VW_EINVAL,
	    "t.json: /kernel/arp_poll: expected a duration (a string such as "
	    "\"30s\"), got a number");
	/* Beyond 32 bits of ms is a range error, not a form error. */
	expect_error("{\"kernel\": {\"arp_poll\": \"5000h\"}}", VW_EINVAL,
	    "t.json: /kernel/arp_poll: expected a duration between 100ms and "
	    "1m, got \"5000h\"");
}

/* A config with every key away from its default. */
static const char full_text[] =
    "{\"socket\": \"/var/run/vw test.sock\", \"socket_mode\": \"0600\",\n"
    " \"socket_group\": \"_vmwatch\",\n"
    " \"log\": {\"json\": \"/var/log/vmwatch/\\\"events\\\".json\","
    " \"syslog\": false, \"stderr\": false, \"kernel_events\": \"all\","
    " \"rate_limit_per_min\": 10000},\n"
    " \"kernel\": {\"rcvbuf\": 65536, \"resync_interval\": \"3600s\","
    " \"arp_poll\": \"100ms\"},\n"
    " \"targets\": [{\"address\": \"198.18.64.2\", \"name\": \"d\\u00e9bian \\\"1\\\"\","
    "   \"probe\": \"tcp:8080\", \"interval\": \"90000ms\", \"timeout\": \"1m\","
    "   \"down_after\": 100, \"up_after\": 1},"
    "  {\"address\": \"fe80::1%7\", \"probe\": \"neighbor\"}],\n"
    " \"discovery\": {\"enabled\": false, \"interfaces\": [], "
    "  \"retire_after\": \"86400s\"},\n"
    " \"history\": {\"size\": 16},\n"
    " \"metrics\": {\"listen\": \"[::1]:9469\"}}\n";

VW_TEST(test_roundtrip)
{
	static const char *const inputs[] = { full_text, "{}",
	    "{\"metrics\": {\"listen\": \"127.0.0.1:9469\"}, "
	    "\"discovery\": {\"interfaces\": [\"a\", \"b*\"]}}" };
	struct vw_config a, b, d;
	char err[VW_CONFIG_ERRLEN], *t1, *t2;
	size_t i;

	ASSERT_OK(vw_config_defaults(&d));
	for (i = 0; i < sizeof(inputs) / sizeof(inputs[0]); i++) {
		if (parse(inputs[i], &a, err, sizeof(err)) != 0)
			VW__FAIL("input %zu: %s", i, err);
		ASSERT((t1 = vw_config_to_json(&a)) != NULL);
		if (vw_config_parse(t1, strlen(t1), "printed", &b, err,
		    sizeof(err)) != 0)
			VW__FAIL("printed %zu: %s\n%s", i, err, t1);
		ASSERT(vw_config_equal(&a, &b));
		ASSERT((t2 = vw_config_to_json(&b)) != NULL);
		ASSERT_STR_EQ(t1, t2);
		if (i == 0) {
			/* All 17 leaf keys differ (the targets list is one). */
			ASSERT(!vw_config_equal(&a, &d));
			ASSERT_EQ(vw_config_diff(&a, &d, NULL, NULL), 17);
			ASSERT(strstr(t1, "\"socket_mode\": \"0600\"") != NULL);
			ASSERT(strstr(t1, "\"resync_interval\": \"1h\"") != NULL);
			ASSERT(strstr(t1, "\"retire_after\": \"24h\"") != NULL);
			ASSERT(strstr(t1, "\"interval\": \"90s\"") != NULL);
			ASSERT(strstr(t1, "\"name\": \"d\xc3\xa9" "bian \\\"1\\\"\"")
			    != NULL);
			ASSERT(strstr(t1, "\"json\": \"/var/log/vmwatch/"
			    "\\\"events\\\".json\"") != NULL);
			ASSERT(strstr(t1, "\"address\": \"fe80::1%7\"") != NULL);
			ASSERT(strstr(t1, "\"listen\": \"[::1]:9469\"") != NULL);
			ASSERT(strstr(t1, "\"interfaces\": []") != NULL);
		}
		free(t1);
		free(t2);
		vw_config_free(&a);
		vw_config_free(&b);
	}
	vw_config_free(&d);
}

static void
diff_cb(const char *ptr, int restart, void *arg)
{
	char *acc = arg;
	size_t n = strlen(acc);

	snprintf(acc + n, 512 - n, "%s%s%s", n > 0 ? " " : "", ptr,
	    restart ? "(restart)" : "");
}

VW_TEST(test_diff)
{
	struct vw_config a, b;
	char err[VW_CONFIG_ERRLEN], acc[512] = "";

	ASSERT_OK(vw_config_defaults(&a));
	ASSERT_OK(parse("{\"socket\": \"/tmp/x.sock\", \"log\": "
	    "{\"kernel_events\": \"all\"}, \"history\": {\"size\": 100}, "
	    "\"targets\": [{\"address\": \"198.18.0.1\"}]}", &b, err,
	    sizeof(err)));
	ASSERT_EQ(vw_config_diff(&a, &b, diff_cb, acc), 4);
	ASSERT_STR_EQ(acc, "/socket(restart) /log/kernel_events /targets "
	    "/history/size");
	vw_config_free(&a);
	vw_config_free(&b);
}

VW_TEST(test_add_target)
{
	struct vw_config c;
	char err[VW_CONFIG_ERRLEN], s[VW_IP_STRLEN];

	ASSERT_OK(vw_config_defaults(&c));
	ASSERT_OK(vw_config_add_target(&c, "198.18.64.2=alpine vm", err,
	    sizeof(err)));
	ASSERT_OK(vw_config_add_target(&c, "2001:db8::64", err, sizeof(err)));
	ASSERT_EQ(c.ntargets, 2);
	ASSERT_STR_EQ(c.targets[0].name, "alpine vm");
	ASSERT(c.targets[1].name == NULL);
	vw_ip_str(&c.targets[1].address, s, sizeof(s));
	ASSERT_STR_EQ(s, "2001:db8::64");
	ASSERT_EQ(c.targets[1].probe.kind, VW_PROBE_ICMP);
	ASSERT_EQ(c.targets[1].down_after, 3);

	ASSERT_EQ(vw_config_add_target(&c, "300.1.1.1=x", err, sizeof(err)),
	    VW_EINVAL);
	ASSERT_STR_EQ(err, "--target: expected ADDRESS[=NAME] with an IPv4 or "
	    "IPv6 address, got \"300.1.1.1=x\"");
	ASSERT_EQ(vw_config_add_target(&c, "=x", err, sizeof(err)), VW_EINVAL);
	ASSERT_STR_EQ(err, "--target: expected ADDRESS[=NAME] with an IPv4 or "
	    "IPv6 address, got \"=x\"");
	ASSERT_EQ(vw_config_add_target(&c, "198.18.0.5=", err, sizeof(err)),
	    VW_EINVAL);
	ASSERT_STR_EQ(err, "--target: expected a non-empty NAME after '=', got "
	    "\"198.18.0.5=\"");
	ASSERT_EQ(vw_config_add_target(&c, "2001:db8:0::64=again", err,
	    sizeof(err)), VW_EINVAL);
	ASSERT_STR_EQ(err, "--target: \"2001:db8::64\" is already the address "
	    "of /targets/1");
	ASSERT_EQ(vw_config_add_target(&c, "255.255.255.255", err,
	    sizeof(err)), VW_EINVAL);
	ASSERT_STR_EQ(err, "--target: expected a unicast address, got "
	    "\"255.255.255.255\"");
	ASSERT_EQ(vw_config_add_target(&c, "198.18.0.5=a\nb", err,
	    sizeof(err)), VW_EINVAL);
	ASSERT_STR_EQ(err, "--target: expected a name without control "
	    "characters, got \"a\\nb\"");
	/* Failures changed nothing. */
	ASSERT_EQ(c.ntargets, 2);
	vw_config_free(&c);
}

/* Small error buffers cut the message but never overflow. */
VW_TEST(test_small_err_buffer)
{
	struct vw_config c;
	char err[16];

	memset(err, 'x', sizeof(err));
	ASSERT_EQ(vw_config_parse("{\"kernel\": {\"rcvbuf\": 1}}", 25,
	    "vmwatch.json", &c, err, 12), VW_EINVAL);
	ASSERT_STR_EQ(err, "vmwatch.jso");
	ASSERT_EQ(err[12], 'x');
	ASSERT_EQ(vw_config_parse("[", 1, "f", &c, NULL, 0), VW_ESYNTAX);
}

VW_TEST_MAIN(test_defaults, test_embedded_default,
    test_empty_object_is_defaults, test_type_errors, test_range_errors,
    test_unknown_keys, test_syntax_errors, test_syntax_deep_and_long,
    test_targets, test_durations, test_roundtrip, test_diff, test_add_target,
    test_small_err_buffer)
