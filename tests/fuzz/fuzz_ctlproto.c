/* SPDX-License-Identifier: ISC */
/*
 * fuzz_ctlproto.c - libFuzzer target for what a control client can send:
 * the bytes go through the line framing (vw_linebuf, with a small bound
 * so oversized lines are exercised) in chunks whose sizes come from the
 * input, and every complete line through vw_ctl_req_parse().  A request
 * either parses (command name NUL-terminated and short, args an object
 * or NULL) or fails with a protocol error code and a one-line message;
 * the error reply built from it must itself be one JSON line.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "ctlproto.h"
#include "vw_error.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_line(const char *line, size_t len)
{
	struct vw_ctl_req req;
	const char *code = NULL;
	char msg[160], *reply;
	cJSON *back;

	memset(&req, 0, sizeof(req));
	if (vw_ctl_req_parse(line, len, &req, &code, msg, sizeof(msg)) < 0) {
		if (code == NULL || msg[0] == '\0' || strchr(msg, '\n'))
			abort();
		reply = vw_ctl_reply_err(req.id, code, msg);
	} else {
		if (strnlen(req.cmd, sizeof(req.cmd)) >= sizeof(req.cmd) ||
		    (req.args != NULL && !cJSON_IsObject(req.args)))
			abort();
		(void)vw_ctl_arg_str(&req, "kind", NULL);
		(void)vw_ctl_arg_int(&req, "limit", 0);
		reply = vw_ctl_reply_ok(req.id, cJSON_CreateString(req.cmd));
	}
	vw_ctl_req_free(&req);
	if (reply == NULL)
		return;
	/* A reply is exactly one line of JSON. */
	if (strchr(reply, '\n') != reply + strlen(reply) - 1 ||
	    (back = cJSON_Parse(reply)) == NULL)
		abort();
	cJSON_Delete(back);
	free(reply);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vw_linebuf lb;
	const char *line;
	size_t off, chunk, len;
	int r;

	if (size < 1)
		return 0;
	vw_linebuf_init(&lb, 256);
	/* The first byte picks the chunk size: reads split lines anywhere. */
	chunk = (size_t)data[0] % 64 + 1;
	for (off = 1; off < size; off += chunk) {
		if (vw_linebuf_feed(&lb, (const char *)data + off,
		    size - off < chunk ? size - off : chunk) < 0)
			break;
		while ((r = vw_linebuf_next(&lb, &line, &len)) != 0) {
			if (r == VW_ENOSPC)
				continue;
			if (len > 256)
				abort();	/* the bound held */
			check_line(line, len);
		}
	}
	vw_linebuf_free(&lb);
	return 0;
}
