/* SPDX-License-Identifier: ISC */
/*
 * table_hash.c - the open-addressing index hash behind the route prefix
 * groups and the neighbour table (see table_int.h for the slot format).
 *
 * Entries are indices into the owner's array; the owner recomputes an
 * entry's hash through a callback when the table is resized or a run is
 * shifted back after a deletion, so slots need not store full hashes.
 */
#include <stdlib.h>
#include <string.h>

#include "table_int.h"
#include "vw_error.h"

#define IHASH_MIN	16u

int
vw__ihash_reserve(struct vw__ihash *h, uint32_t more, vw__hash_fn fn,
    const void *ctx)
{
	struct vw__ihash nh;
	uint64_t need, cap;
	uint32_t i, s;

	need = (uint64_t)h->n + more;
	cap = h->slot != NULL ? (uint64_t)h->mask + 1 : 0;
	if (need * 4 <= cap * 3)
		return 0;
	if (cap == 0)
		cap = IHASH_MIN;
	while (need * 4 > cap * 3)
		cap *= 2;
	if (cap > ((uint64_t)1 << 31))
		return VW_ENOMEM;
	nh.slot = calloc((size_t)cap, sizeof(*nh.slot));
	if (nh.slot == NULL)
		return VW_ENOMEM;
	nh.mask = (uint32_t)(cap - 1);
	nh.n = 0;
	if (h->slot != NULL) {
		for (i = 0; i <= h->mask; i++) {
			if ((s = h->slot[i]) == 0)
				continue;
			vw__ihash_insert(&nh, fn(ctx, vw__slot_idx(s)),
			    vw__slot_idx(s));
		}
		free(h->slot);
	}
	*h = nh;
	return 0;
}

long
vw__ihash_pos(const struct vw__ihash *h, uint64_t hash, uint32_t idx)
{
	uint32_t pos, s;

	if (h->slot == NULL)
		return -1;
	pos = (uint32_t)hash & h->mask;
	while ((s = h->slot[pos]) != 0) {
		if (vw__slot_idx(s) == idx)
			return (long)pos;
		pos = (pos + 1) & h->mask;
	}
	return -1;
}

void
vw__ihash_remove_at(struct vw__ihash *h, uint32_t pos, vw__hash_fn fn,
    const void *ctx)
{
	uint32_t gap = pos, j = pos, home, s;

	/*
	 * Backward shift: an entry further along the run may move into the
	 * gap unless its home position lies cyclically in (gap, j].
	 */
	for (;;) {
		j = (j + 1) & h->mask;
		if ((s = h->slot[j]) == 0)
			break;
		home = (uint32_t)fn(ctx, vw__slot_idx(s)) & h->mask;
		if (((j - home) & h->mask) >= ((j - gap) & h->mask)) {
			h->slot[gap] = s;
			gap = j;
		}
	}
	h->slot[gap] = 0;
	h->n--;
}

void
vw__ihash_free(struct vw__ihash *h)
{
	free(h->slot);
	memset(h, 0, sizeof(*h));
}
