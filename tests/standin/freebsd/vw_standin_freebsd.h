/* SPDX-License-Identifier: ISC */
/*
 * vw_standin_freebsd.h - the FreeBSD declarations daemon/platform/
 * ksrc_freebsd.c, bsd_common.c and peercred_bsd.c use, for a syntax-and-
 * type check on Linux (CTest build/standin_freebsd).  Never linked, never
 * run.
 *
 * Linux's own headers provide everything POSIX; this file adds only what
 * FreeBSD has and Linux lacks, with FreeBSD 14's prototypes and values
 * (sys/socket.h, sys/sysctl.h, net/route.h, unistd.h).  Names Linux
 * defines with another value (PF_ROUTE is Linux's PF_NETLINK, AF_INET6 is
 * 10, SOL_SOCKET 1, SO_RCVBUF 8) are redefined to FreeBSD's, so the
 * platform file's _Static_asserts against lib/bsd_wire.h check the same
 * numbers a FreeBSD build sees.
 *
 * Ownership: declarations only.
 */
#ifndef VW_STANDIN_FREEBSD_H
#define VW_STANDIN_FREEBSD_H

#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <stdint.h>
#include <unistd.h>

/* ---- sys/socket.h ------------------------------------------------------ */
#undef	SOL_SOCKET
#define	SOL_SOCKET	0xffff
#undef	SO_RCVBUF
#define	SO_RCVBUF	0x1002
#define	SO_RERROR	0x00020000	/* FreeBSD 14; absent before */
#undef	AF_INET6
#define	AF_INET6	28
#undef	PF_ROUTE
#define	PF_ROUTE	17

/* ---- unistd.h ---------------------------------------------------------- */
int	getpeereid(int, uid_t *, gid_t *);

/* ---- sys/sysctl.h ------------------------------------------------------ */
#define	CTL_NET		4
int	sysctl(const int *, u_int, void *, size_t *, const void *, size_t);

/* ---- net/route.h ------------------------------------------------------- */
#define	RTM_VERSION	5
#define	RTM_MISS	0x7
#define	RTF_LLINFO	0x400
#define	NET_RT_DUMP	1
#define	NET_RT_FLAGS	2
#define	NET_RT_IFLIST	3

/* ---- sys/sysctl.h, sys/user.h, string.h (host_freebsd.c) --------------- */
#define	CTL_KERN	1
#define	KERN_PROC	14
#define	KERN_PROC_PID	1
#define	COMMLEN		19
struct kinfo_proc {		/* only the field host_freebsd.c reads */
	char	ki_comm[COMMLEN + 1];
};
size_t	strlcpy(char *, const char *, size_t);

#endif /* VW_STANDIN_FREEBSD_H */
