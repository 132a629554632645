/* SPDX-License-Identifier: ISC */
/*
 * vw_standin_darwin.h - the macOS declarations daemon/platform/ksrc_darwin.c,
 * bsd_common.c and peercred_bsd.c use, for a syntax-and-type check on Linux
 * (CTest build/standin_darwin).  Never linked, never run.
 *
 * Linux's own headers provide everything POSIX (sys/types.h, sys/socket.h,
 * sys/ioctl.h, fcntl.h, unistd.h); this file adds only what macOS has and
 * Linux lacks, with the macOS prototypes and values of xnu-11417.101.15
 * (bsd/sys/socket.h, sys/sysctl.h, sys/sys_domain.h, sys/kern_event.h,
 * net/route.h, unistd.h).  Names Linux defines with another value (PF_ROUTE
 * is Linux's PF_NETLINK, AF_INET6 is 10, SOL_SOCKET 1, SO_RCVBUF 8) are
 * redefined to the macOS value, so the platform file's _Static_asserts
 * against lib/bsd_wire.h check the same numbers a Mac build sees.
 *
 * Ownership: declarations only.
 */
#ifndef VW_STANDIN_DARWIN_H
#define VW_STANDIN_DARWIN_H

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
#undef	AF_INET6
#define	AF_INET6	30
#undef	PF_ROUTE
#define	PF_ROUTE	17
#define	AF_SYSTEM	32
#define	PF_SYSTEM	AF_SYSTEM

/* ---- unistd.h ---------------------------------------------------------- */
int	getpeereid(int, uid_t *, gid_t *);

/* ---- sys/sysctl.h ------------------------------------------------------ */
#define	CTL_NET		4
int	sysctl(int *, u_int, void *, size_t *, void *, size_t);

/* ---- net/route.h ------------------------------------------------------- */
#define	RTM_VERSION	5
#define	RTM_MISS	0x7
#define	RTF_LLINFO	0x400
#define	NET_RT_FLAGS	2
#define	NET_RT_IFLIST2	6
#define	NET_RT_DUMP2	7

/* ---- sys/sys_domain.h, sys/kern_event.h -------------------------------- */
#define	SYSPROTO_EVENT		1
#define	KEV_VENDOR_APPLE	1
#define	KEV_NETWORK_CLASS	1
#define	KEV_ANY_SUBCLASS	0

struct kev_request {
	u_int32_t	vendor_code;
	u_int32_t	kev_class;
	u_int32_t	kev_subclass;
};

/*
 * _IOW('e', 2, struct kev_request) in the BSD encoding (IOC_IN 0x80000000
 * | sizeof 12 << 16 | 'e' << 8 | 2); Linux's _IOW encodes differently.
 */
#define	SIOCSKEVFILT	((uint32_t)0x800c6502)

/* ---- libproc.h, time.h (host_darwin.c) --------------------------------- */
int	proc_name(int, void *, uint32_t);
#define	CLOCK_UPTIME_RAW	8	/* _CLOCK_UPTIME_RAW, macOS 10.12 */

#endif /* VW_STANDIN_DARWIN_H */
