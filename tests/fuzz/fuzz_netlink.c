/* SPDX-License-Identifier: ISC */
/* libFuzzer target: the rtnetlink decoder walking a buffer, applying to a table. */
#include <stddef.h>
#include <stdint.h>

#include "nl_msg.h"
#include "vw_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct vw_event ev;
	struct vw_nl_hdr h;
	struct vw_perr e;
	struct vw_table *t;
	size_t off = 0;
	int nev, r;

	if ((t = vw_table_new(VW_OS_LINUX)) == NULL)
		return 0;
	while (off < size) {
		r = vw_nl_parse(data + off, size - off, off, &h, &ev, &nev, &e);
		if (r <= 0)
			break;
		if (nev == 1)
			(void)vw_table_apply(t, &ev, NULL, NULL);
		off += (size_t)r;
	}
	vw_table_free(t);
	return 0;
}
