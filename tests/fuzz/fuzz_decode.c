/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the whole decode engine (lib/vw_decode.h), as
 * `vmwatchctl decode` runs it: detection, the BSD or netlink walk, the
 * table, monitor lines, JSON and the final netstat / ip / arp text.
 *
 * The first input byte is a selector, the rest is the buffer:
 *   bits 0-1  OS: 0 auto-detect, 1 darwin, 2 freebsd, 3 linux (VW_OS_*)
 *   bit 2     json
 *   bit 3     table
 *   bit 4     all
 *   bits 5-6  now: BSD_FIX_NOW, 0, INT64_MAX, INT64_MIN (--now takes any
 *             64-bit number, so the Expire arithmetic must survive them)
 * Output goes to /dev/null, opened once: the formatters run in full, but
 * nothing is kept.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "vw_decode.h"
#include "vw_event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Exercises the warning path; says nothing. */
static void
fuzz_warn_cb(const struct vw_perr *w, void *arg)
{
	size_t *n = arg;

	if (w->msg[0] != '\0')
		(*n)++;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int64_t nows[4] = {
		1700000000, 0, INT64_MAX, INT64_MIN
	};
	static FILE *out;
	struct vw_decode_opts o = { 0 };
	struct vw_perr err;
	size_t nwarn = 0;
	int rc;

	if (size < 1)
		return 0;
	if (out == NULL && (out = fopen("/dev/null", "w")) == NULL)
		abort();
	o.os = data[0] & 3;
	o.json = (data[0] >> 2) & 1;
	o.table = (data[0] >> 3) & 1;
	o.all = (data[0] >> 4) & 1;
	o.now = nows[(data[0] >> 5) & 3];
	o.warn_cb = fuzz_warn_cb;
	o.warn_arg = &nwarn;
	rc = vw_decode_buf(data + 1, size - 1, &o, out, &err);
	/* The contract: a malformed-input code comes with its reason. */
	if (rc < 0 && rc != VW_ENOMEM && rc != VW_EIO &&
	    (err.code != rc || err.msg[0] == '\0' || err.off > size - 1))
		abort();
	clearerr(out);
	return 0;
}
