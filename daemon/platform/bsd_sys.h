/* SPDX-License-Identifier: ISC */
/*
 * bsd_sys.h - the system headers of the macOS and FreeBSD platform files.
 *
 * On a Mac or a FreeBSD box these are the real headers.  On Linux, the
 * CTest targets build/standin_darwin and build/standin_freebsd compile the
 * same platform files against minimal stand-ins (tests/standin/<os>/) that
 * declare exactly what the files use, with the OS's types and values, so
 * type and syntax errors show up without a BSD machine.  This is the one
 * place that chooses; no platform file has an #ifdef of its own.
 *
 * Ownership: declarations only.
 */
#ifndef BSD_SYS_H
#define BSD_SYS_H

#if defined(VW_STANDIN_DARWIN)
#include "vw_standin_darwin.h"
#elif defined(VW_STANDIN_FREEBSD)
#include "vw_standin_freebsd.h"
#else
#include <sys/types.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/sysctl.h>
#include <net/route.h>
#if defined(__APPLE__)
#include <sys/kern_event.h>	/* PF_SYSTEM event socket; macOS only */
#include <libproc.h>		/* proc_name(): host_darwin.c */
#endif
#if defined(__FreeBSD__)
#include <sys/user.h>		/* struct kinfo_proc: host_freebsd.c */
#endif
#if defined(__FreeBSD__) && !defined(SO_RERROR)
#define SO_RERROR	0x00020000	/* FreeBSD 14; older kernels refuse it */
#endif
#endif

#endif /* BSD_SYS_H */
