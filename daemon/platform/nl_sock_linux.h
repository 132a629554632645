/* SPDX-License-Identifier: ISC */
/*
 * nl_sock_linux.h - the NETLINK_ROUTE socket shim (Linux only): open,
 * dump, receive, close.  System calls and nothing else: the bytes go to
 * lib/nl_msg.c for decoding.  The only place in the tree with a netlink
 * socket; used by the helper programs in tests/integration and by the
 * daemon's Linux kernel source.
 *
 * Every function returns a negative errno (-ENOBUFS ...; vw_strerror()
 * names them) on failure.
 *
 * Ownership: struct vw_nlbuf owns its bytes (malloc); the functions here
 * only append to it and vw_nlbuf_free() releases it.  The fd belongs to
 * the caller until vw_nlsock_close().
 */
#ifndef NL_SOCK_LINUX_H
#define NL_SOCK_LINUX_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* A growable byte buffer that receives raw netlink datagrams. */
struct vw_nlbuf {
	uint8_t		*data;
	size_t		 len;
	size_t		 cap;
};

void	vw_nlbuf_free(struct vw_nlbuf *b);

/*
 * Open a NETLINK_ROUTE socket (close-on-exec) joined to `groups`, a mask of
 * legacy RTMGRP_* bits (VW_NL_RTMGRP_* in lib/nl_wire.h; 0: none, for a
 * socket that only dumps).  rcvbuf > 0 sets the receive buffer in bytes,
 * with SO_RCVBUFFORCE when privileged and SO_RCVBUF (capped by
 * net.core.rmem_max) otherwise.  Returns the fd.
 */
int	vw_nlsock_open(int groups, int rcvbuf);

/*
 * Dump one kind of object: `type` is RTM_GETLINK, RTM_GETADDR,
 * RTM_GETROUTE (every table) or RTM_GETNEIGH, asked for AF_UNSPEC (all
 * families) with sequence number seq.  Appends every datagram that arrives
 * until the NLMSG_DONE (included) of seq to buf, and returns the number of
 * bytes appended.  Messages of other sequences (multicast notifications,
 * on a socket that joined groups) are appended too, in arrival order.
 * Failures leave buf as it was: the dump's own error (NLMSG_ERROR or a
 * negative NLMSG_DONE status), -EAGAIN if the kernel flagged the dump
 * inconsistent (NLM_F_DUMP_INTR: the table changed under it; dump again),
 * -ENOBUFS if the socket overflowed, -ETIMEDOUT after 10 s of silence,
 * -EBADMSG for a reply that is not netlink.  Works on blocking and
 * non-blocking sockets alike.
 */
ssize_t	vw_nlsock_dump(int fd, int type, uint32_t seq, struct vw_nlbuf *buf);

/*
 * Receive one datagram and append it to buf; flags as recv(2) (MSG_DONTWAIT).
 * Returns its length, 0 for a datagram dropped because it did not come from
 * the kernel, -EAGAIN when none is waiting (non-blocking), -ENOBUFS when the
 * kernel dropped messages for want of buffer space (then re-dump).
 */
ssize_t	vw_nlsock_recv(int fd, struct vw_nlbuf *buf, int flags);

void	vw_nlsock_close(int fd);

#endif /* NL_SOCK_LINUX_H */
