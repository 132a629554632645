/* SPDX-License-Identifier: ISC */
/*
 * vw_history.h - the daemon's memory of recent events: a ring of the last
 * `size` events (kernel diffs, target transitions, daemon events), each
 * with its logged JSON text, for `vmwatchctl events` and for the window
 * the diagnosis reads.
 *
 * The ring grows on demand up to its size, so an idle daemon holds only
 * what happened.  Ownership: the history owns its entries and their JSON
 * strings; pointers returned stay valid until the next push, resize or
 * free.  The borrowed pointers of a target event (cause, paths, stats,
 * name) are cleared in the copy.
 */
#ifndef VW_HISTORY_H
#define VW_HISTORY_H

#include <stddef.h>
#include <stdint.h>

#include "vw_event.h"

struct vw_hevent {
	struct vw_event	 ev;		/* route.nh cleared (nnh kept) */
	int64_t		 mono_us;	/* monotonic arrival time */
	char		 proc[32];	/* name of origin.msg_pid when it arrived; "" */
	uint8_t		 cause;		/* target events: enum vw_cause_code */
	uint8_t		 _pad[7];
	char		*json;		/* the event's JSON line, no newline; NULL */
};

struct vw_history {
	struct vw_hevent *ring;
	size_t		 cap;		/* allocated */
	size_t		 size;		/* most kept */
	size_t		 head;		/* index of the oldest */
	size_t		 n;
};

void	vw_history_init(struct vw_history *h, size_t size);
void	vw_history_free(struct vw_history *h);
/* Change the size; the newest entries are kept.  0 or VW_ENOMEM. */
int	vw_history_resize(struct vw_history *h, size_t size);

/*
 * Append a copy of ev; json (may be NULL) is copied.  When full, the
 * oldest entry goes.  Returns the stored entry (so the caller may fill
 * proc/cause) or NULL when out of memory (the event is then not kept).
 */
struct vw_hevent *vw_history_push(struct vw_history *h,
	    const struct vw_event *ev, int64_t mono_us, const char *json);

size_t	vw_history_count(const struct vw_history *h);
/* i = 0 is the oldest kept. */
const struct vw_hevent *vw_history_at(const struct vw_history *h, size_t i);
/* The same, for the owner to complete an entry (e.g. a process name). */
struct vw_hevent *vw_history_get(struct vw_history *h, size_t i);
/* Index of the first entry with seq >= seq (count when none). */
size_t	vw_history_find_seq(const struct vw_history *h, uint64_t seq);
/* Index of the first entry with mono_us >= t (count when none). */
size_t	vw_history_find_mono(const struct vw_history *h, int64_t t);

#endif /* VW_HISTORY_H */
