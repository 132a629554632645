/* SPDX-License-Identifier: ISC */
/*
 * fmt_monitor.h - one line of text per kernel message, like `route -n
 * monitor` and `ip monitor`, but always on one line so logs stay greppable.
 *
 * BSD (struct vw_bsd_msg), fields separated by one blank:
 *
 *   <TYPE> len <msglen> <header fields> <addresses> [missing <RTA,...>]
 *
 *   TYPE            vw_bsd_type_name(): RTM_ADD, RTM_GET2, RTM_IFINFO ...
 *   header fields   by header kind:
 *     rt_msghdr     pid P seq S errno E flags <UP,GATEWAY,STATIC>
 *                   index I [ifname NAME] [ifscope I] [expire T] [mtu M]
 *     rt_msghdr2    refcnt R parentflags <...> flags <...> index I ...
 *     if_msghdr(2)  index I [ifname NAME] flags <UP,BROADCAST,...>
 *                   iftype 0xTT mtu M [link_state S]
 *     ifa_msghdr    index I [ifname NAME] metric M flags <...>
 *     ifma_msghdr   index I [ifname NAME]
 *     announce      index I name NAME what arrival|departure|N
 *   Flag lists are <NAME,NAME> in bit order: RTF names as route(8)
 *   prints them (UP GATEWAY HOST ... ROUTER GLOBAL; FreeBSD's 0x80000 is
 *   FIXEDMTU, 0x10000000 STICKY), IFF names for interface messages (UP
 *   BROADCAST DEBUG LOOPBACK PTP b6 RUNNING NOARP PPROMISC ...); a bit
 *   without a name prints as 0x%x; no flags print as "<>".  `expire` is
 *   rmx_expire as sent (wall-clock seconds).
 *   addresses       label and text for each sockaddr present, in RTAX
 *                   order: dst gateway netmask genmask ifp ifa author brd.
 *     IPv4/IPv6     numeric, IPv6 scope as %name (or %index);
 *     masks         folded into dst (ifa for address messages) as "/N"
 *                   when contiguous ("dst 192.168.64.0/24", "dst default"
 *                   for 0/0); otherwise "netmask &0x<hex>";
 *     AF_LINK       link_ntoa's dot form with the canonical MAC in
 *                   brackets ("gateway 8a.c3.94.a.86.e2 [8a:c3:94:0a:86:e2]",
 *                   "ifp en0:dc.15.c8.ef.b8.1d [dc:15:c8:ef:b8:1d]"),
 *                   "link#N" when it has no name and no address, the name
 *                   alone ("gateway utun4") when it has no address;
 *     sa_len 0      "default";
 *     other         "(family) <hex bytes after the family byte>".
 *   missing         sockaddrs rtm_addrs announced but the bytes lacked.
 *
 *   RTM_ADD len 164 pid 812 seq 3 errno 0 flags <UP,GATEWAY,STATIC>
 *     index 19 ifname utun4 dst 192.168.64.0/24 gateway utun4 ifa 10.77.0.2
 *   (one line; wrapped here)
 *
 * Netlink (struct vw_nl_hdr + the decoded event, if any):
 *
 *   <TYPE> len L flags <MULTI,CREATE,EXCL> seq S pid P [error E (text)]
 *     [| <ip-style text of the object>]
 *
 *   The object text is fmt_ip's one-line form, prefixed "Deleted " for
 *   RTM_DEL* like `ip monitor`; trailing blanks are dropped:
 *   "RTM_DELROUTE len 60 flags <> seq 0 pid 0 | Deleted 198.18.64.0/24 dev
 *   br0 proto kernel scope link src 198.18.64.1"
 *
 * Ownership: text goes into the caller's buffer; functions return the
 * length or VW_ENOSPC (text cut, still NUL-terminated).
 */
#ifndef FMT_MONITOR_H
#define FMT_MONITOR_H

#include <stddef.h>

#include "bsd_msg.h"
#include "fmt_util.h"
#include "nl_msg.h"
#include "vw_event.h"

/* Always enough for one message. */
#define VW_MONITOR_LINEMAX	2048

/*
 * m as vw_bsd_parse() left it (its buffer still there); when the caller
 * has not run vw_bsd_msg_decode() on it, a copy is decoded here.
 */
int	vw_fmt_monitor_bsd(const struct vw_bsd_msg *m, const struct vw_names *n,
	    char *buf, size_t len);
/* ev may be NULL (messages without an object: NLMSG_DONE, errors ...). */
int	vw_fmt_monitor_nl(const struct vw_nl_hdr *h, const struct vw_event *ev,
	    const struct vw_names *n, char *buf, size_t len);

/* "<UP,GATEWAY,STATIC>": RTF_* (os picks the few names that differ). */
int	vw_fmt_rtf_names(int os, uint32_t flags, char *buf, size_t len);
/* "<UP,BROADCAST,RUNNING>": BSD IFF_* as route(8) names them. */
int	vw_fmt_iff_names(uint32_t flags, char *buf, size_t len);

#endif /* FMT_MONITOR_H */
