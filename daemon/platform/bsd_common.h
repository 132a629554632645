/* SPDX-License-Identifier: ISC */
/*
 * bsd_common.h - what the macOS and FreeBSD kernel sources share: socket
 * set-up, NET_RT_* sysctl dumps into growing buffers, the walk that
 * decodes a buffer of routing messages (a dump or one socket read) and
 * applies it to the table, and on top of them the core both sources run:
 * the initial load, the resync with its drift count, the ARP/ND poll and
 * the routing-socket read.  Only system calls and hand-offs to lib/; the
 * event loop's handles stay in ksrc_darwin.c and ksrc_freebsd.c.
 *
 * Ownership: a vw_bsd_dump owns its buffer (vw_bsd_dump_free()); the
 * apply walk borrows the table and the bytes for the duration of the
 * call; a vw_bsd_core borrows the table and its dump array, and owns the
 * routing socket once rtfd is set (vw_bsd_core_free() closes it).
 */
#ifndef BSD_COMMON_H
#define BSD_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "ksrc.h"
#include "vw_table.h"

/* One sysctl dump: its MIB, a name for messages, and the last bytes read. */
struct vw_bsd_dump {
	int		 mib[7];
	unsigned	 miblen;
	const char	*what;		/* "NET_RT_DUMP2" ... */
	uint8_t		*data;
	size_t		 len, cap;
};

/* How a buffer is applied. */
struct vw_bsd_apply {
	struct vw_table	*table;
	int		 os;		/* VW_OS_DARWIN / VW_OS_FREEBSD */
	unsigned	 objs;		/* 1 << VW_OBJ_* to apply; 0 = all */
	int		 keep_carrier;	/* macOS: vw_kev_keep_carrier() on links */
	vw_diff_cb	 cb;		/* may be NULL */
	void		*arg;
	const char	*what;		/* for log lines: "NET_RT_DUMP2", "PF_ROUTE" */
	vw_ksrc_raw_cb	 raw_cb;	/* the recorder (ksrc.h); may be NULL */
	void		*raw_arg;
	const char	*why;		/* a re-read's reason, for the recorder */
	unsigned	 report;	/* VW_KRAW_REPORT_*: how the re-read is reported */
};

/*
 * A raw socket of `domain` and `proto`, non-blocking and close-on-exec
 * (macOS has no SOCK_NONBLOCK/SOCK_CLOEXEC).  With rcvbuf > 0, ask for a
 * receive buffer that large, halving while the kernel says ENOBUFS (above
 * kern.ipc.maxsockbuf, on both systems) down to 64 KiB.  Returns the
 * descriptor, or -errno with a sentence naming `what` in err.
 */
int	vw_bsd_socket(int domain, int proto, int rcvbuf, const char *what,
	    char *err, size_t errlen);

/*
 * One datagram from a non-blocking socket: the byte count (> 0), 0 when
 * nothing is queued, or -errno (EINTR is retried).
 */
long	vw_bsd_recv(int fd, uint8_t *buf, size_t len);

/*
 * Read the sysctl into d->data (d->len bytes), growing the buffer and
 * retrying while the table grows between the size query and the read.
 * Returns 0 or -errno.
 */
int	vw_bsd_dump_read(struct vw_bsd_dump *d);
void	vw_bsd_dump_free(struct vw_bsd_dump *d);

/*
 * Decode every routing message in buf[0..len) and apply its events.  A
 * message of an unknown type or version is stepped over; a malformed one
 * is logged and ends the buffer (its length cannot be trusted).  Returns
 * the number of messages decoded.
 */
long	vw_bsd_apply_buf(const struct vw_bsd_apply *a, const uint8_t *buf,
	    size_t len);

/*
 * Read every dump of d[0..n) and check its framing first, and only when
 * all succeeded mark the kinds in `objs` stale, apply the dumps and sweep,
 * so a failed read or a malformed buffer never deletes live entries.
 * a->cb sees every diff, the sweep's too.  Returns the diff count of
 * vw_table_sync_end(), or -errno / VW_E* with a sentence in err (the
 * table untouched).
 */
int	vw_bsd_sync_dumps(const struct vw_bsd_apply *a, unsigned objs,
	    struct vw_bsd_dump *d, size_t n, char *err, size_t errlen);

/* ---- the part of a kernel source both BSD files share ----------------- */

#define VW_BSD_OBJS_ALL	((1u << VW_OBJ_ROUTE) | (1u << VW_OBJ_NEIGH) | \
	(1u << VW_OBJ_LINK) | (1u << VW_OBJ_ADDR))

/*
 * The table, the routing socket, the dumps and the callbacks of ksrc.h.
 * dump[0..ndump) is everything a resync reads, links first (addresses and
 * routes name interfaces by index); its last two entries must be the
 * NET_RT_FLAGS + RTF_LLINFO dumps of AF_INET and AF_INET6, which the ARP
 * poll reads alone.
 */
struct vw_bsd_core {
	struct vw_table		*table;
	int			 os;		/* VW_OS_DARWIN / VW_OS_FREEBSD */
	int			 keep_carrier;	/* macOS: see vw_kev_keep_carrier() */
	int			 rtfd;		/* PF_ROUTE, -1 if not open */
	int			 drift;		/* lost messages in this resync */
	struct vw_bsd_dump	*dump;
	size_t			 ndump;
	vw_ksrc_diff_cb		 diff_cb;
	vw_ksrc_resync_cb	 resync_cb;
	void			*arg;
	vw_ksrc_raw_cb		 raw_cb;	/* the recorder; may be NULL */
	void			*raw_arg;
};

/* An apply of the core's table; cb forwards each diff to core->diff_cb. */
void	vw_bsd_core_apply(struct vw_bsd_core *c, struct vw_bsd_apply *a,
	    unsigned objs, const char *what);

/*
 * The initial load: every dump, diffs not reported.  Returns 0, or a
 * negative code (-errno, VW_E*) with a sentence in err.
 */
int	vw_bsd_core_load(struct vw_bsd_core *c, char *err, size_t errlen);

/*
 * Re-dump everything and diff it into the table.  Differences that the
 * routing socket should have announced (not vw_bsd_diff_unannounced())
 * are lost messages: their count is returned, and passed to resync_cb
 * when `always` or when it is nonzero.  A failed or malformed dump is
 * logged and its negative code returned; the table is then untouched.
 */
int	vw_bsd_core_resync(struct vw_bsd_core *c, const char *why,
	    int always);

/*
 * The ARP/ND poll: the two NET_RT_FLAGS dumps, in a sync of neighbours
 * only, so ARP changes the kernel does not announce become neigh.* diffs.
 */
void	vw_bsd_core_arp_poll(struct vw_bsd_core *c);

/*
 * Apply one routing-socket read of n bytes; RTM_MISS, which the kernel
 * sends on every failed lookup, is skipped unparsed.
 */
void	vw_bsd_core_read(struct vw_bsd_core *c, const uint8_t *buf,
	    size_t n);

/* Close the socket and free the dumps' buffers. */
void	vw_bsd_core_free(struct vw_bsd_core *c);

/*
 * The libuv handles a BSD source has initialised, closed together: the
 * last close callback calls done(arg), which frees the source.  With no
 * handle added, vw_bsd_handles_close() calls done(arg) at once.
 */
#define VW_BSD_MAXHANDLES	4
struct vw_bsd_handles {
	uv_handle_t	*h[VW_BSD_MAXHANDLES];
	int		 n, nclosing;
	void		(*done)(void *arg);
	void		*arg;
};
/* Remember handle (already uv_*_init'ed) and set its data to `data`. */
void	vw_bsd_handles_add(struct vw_bsd_handles *hs, void *handle, void *data);
void	vw_bsd_handles_close(struct vw_bsd_handles *hs);

#endif /* BSD_COMMON_H */
