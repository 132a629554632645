/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer target: the BSD routing-message decoder and its translation to
 * events, for both layouts, walking a whole buffer the way decode does;
 * the fast paths must agree with the general ones (abort otherwise), and
 * every accessor runs on whatever the walk accepted.
 * The first input byte picks the OS so one corpus covers both.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bsd_msg.h"
#include "bsd_wire.h"
#include "vw_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vw_bsd_msg m, g;
	struct vw_event ev[4], gev[4];
	struct vw_perr e;
	struct vw_table *t;
	size_t off = 0;
	int os, n, i, r;

	if (size < 1)
		return 0;
	os = (data[0] & 1) ? VW_OS_FREEBSD : VW_OS_DARWIN;
	data++;
	size--;
	if ((t = vw_table_new(os)) == NULL)
		return 0;
	while (off < size) {
		r = vw_bsd_parse(os, data + off, size - off, off, &m, &e);
		if (r == VW_ESKIP) {
			if (m.msglen == 0 || m.msglen > size - off)
				break;
			off += m.msglen;
			continue;
		}
		/* The fast path must agree with the general one. */
		if (vw__bsd_parse_general(os, data + off, size - off, off, &g,
		    NULL) != r)
			abort();
		if (r <= 0)
			break;
		n = vw_bsd_to_events(&m, 1700000000, ev, 4);
		if (vw__bsd_to_events_general(&m, 1700000000, gev, 4) != n)
			abort();
		for (i = 0; i < n; i++)
			if (memcmp(&ev[i], &gev[i],
			    offsetof(struct vw_event, old)) != 0)
				abort();
		/* Every accessor, on whatever the walk accepted. */
		vw_bsd_msg_decode(&m);
		for (i = 0; i < n; i++)
			(void)vw_table_apply(t, &ev[i], NULL, NULL);
		off += (size_t)r;
	}
	vw_table_free(t);
	return 0;
}
