/* SPDX-License-Identifier: ISC */
/*
 * probe_icmp.c - ICMP echo probes over one socket per family.
 *
 * The socket is a datagram ICMP socket where the OS allows it ("ping
 * sockets": macOS always; Linux when net.ipv4.ping_group_range covers our
 * group, a per-namespace knob that IPv6 ping sockets share), else a raw
 * one (root; FreeBSD has no ping sockets).  On a datagram socket the kernel picks the echo id (Linux: the
 * socket's "port"), so a probe is found by sequence number alone, then
 * checked against the replying address and the 64-bit token it carries.
 *
 * Packet: 8-byte ICMP header, then the token and the send time (16 bytes).
 */
#include <sys/types.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#ifdef __linux__
#include <linux/errqueue.h>
#include <linux/icmp.h>
#endif

#include "config.h"
#include "probe_int.h"
#include "vw_error.h"

/* ICMP and ICMPv6 types this file reads or writes. */
#define T4_ECHO_REPLY	0
#define T4_UNREACH	3
#define T4_ECHO		8
#define T4_TIME_EXC	11
#define T4_PARAM	12
#define T6_UNREACH	1
#define T6_TOO_BIG	2
#define T6_TIME_EXC	3
#define T6_PARAM	4
#define T6_ECHO		128
#define T6_ECHO_REPLY	129

#define IPV4_HDR_MIN	20
#define IPV6_HDR	40
#define NEXTHDR_ICMPV6	58
#define RECV_BUF	2048	/* ICMPv6 errors quote up to 1280 bytes */
#define DRAIN_MAX	256	/* datagrams per wake-up before yielding */

static void icmp_poll_cb(uv_poll_t *h, int status, int events);

static uint16_t
ld16(const uint8_t *b)
{
	return (uint16_t)(b[0] << 8 | b[1]);
}

static void
st16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* RFC 1071 Internet checksum. */
static uint16_t
cksum(const uint8_t *b, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += (uint32_t)ld16(b + i);
	if (len & 1)
		sum += (uint32_t)b[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static int
sa_to_ip(const struct sockaddr_storage *ss, socklen_t len, struct vw_ip *ip)
{
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;

	memset(ip, 0, sizeof(*ip));
	if (ss->ss_family == AF_INET && len >= (socklen_t)sizeof(sin)) {
		memcpy(&sin, ss, sizeof(sin));
		ip->family = VW_AF_INET;
		memcpy(ip->a, &sin.sin_addr, 4);
		return 0;
	}
	if (ss->ss_family == AF_INET6 && len >= (socklen_t)sizeof(sin6)) {
		memcpy(&sin6, ss, sizeof(sin6));
		ip->family = VW_AF_INET6;
		memcpy(ip->a, &sin6.sin6_addr, 16);
		ip->scope = sin6.sin6_scope_id;
		return 0;
	}
	return VW_EBADFAM;
}

/* Same host?  A missing scope on either side matches any. */
static int
addr_eq(const struct vw_ip *want, const struct vw_ip *got)
{
	if (want->family != got->family ||
	    memcmp(want->a, got->a, (size_t)vw_ip_bytes(want->family)) != 0)
		return 0;
	return want->scope == 0 || got->scope == 0 || want->scope == got->scope;
}

/*
 * ICMP error -> errno, as Linux maps them (net/ipv4/icmp.c
 * icmp_err_convert, net/ipv6/icmp.c icmpv6_err_convert), so a result read
 * off a raw socket says what the Linux error queue would have said.
 */
int
vw__icmp_errno(int family, int type, int code)
{
	static const int unreach4[16] = {
		ENETUNREACH,	/* net unreachable */
		EHOSTUNREACH,	/* host unreachable */
		ENOPROTOOPT,	/* protocol unreachable */
		ECONNREFUSED,	/* port unreachable */
		EMSGSIZE,	/* fragmentation needed */
		EOPNOTSUPP,	/* source route failed */
		ENETUNREACH,	/* net unknown */
		EHOSTDOWN,	/* host unknown */
#ifdef ENONET
		ENONET,		/* host isolated */
#else
		EHOSTUNREACH,
#endif
		ENETUNREACH,	/* net administratively prohibited */
		EHOSTUNREACH,	/* host administratively prohibited */
		ENETUNREACH,	/* net unreachable for TOS */
		EHOSTUNREACH,	/* host unreachable for TOS */
		EHOSTUNREACH,	/* communication administratively prohibited */
		EHOSTUNREACH,	/* host precedence violation */
		EHOSTUNREACH,	/* precedence cutoff */
	};
	static const int unreach6[7] = {
		ENETUNREACH,	/* no route */
		EACCES,		/* administratively prohibited */
		EHOSTUNREACH,	/* beyond scope of source address */
		EHOSTUNREACH,	/* address unreachable */
		ECONNREFUSED,	/* port unreachable */
		EACCES,		/* source address failed policy */
		EACCES,		/* reject route */
	};

	if (family == VW_AF_INET) {
		switch (type) {
		case T4_UNREACH:
			return code >= 0 && code < 16 ? unreach4[code] :
			    EHOSTUNREACH;
		case T4_TIME_EXC:
			return EHOSTUNREACH;
		case T4_PARAM:
			return EPROTO;
		}
		return EHOSTUNREACH;
	}
	switch (type) {
	case T6_UNREACH:
		return code >= 0 && code < 7 ? unreach6[code] : EPROTO;
	case T6_TOO_BIG:
		return EMSGSIZE;
	case T6_TIME_EXC:
		return EHOSTUNREACH;
	}
	return EPROTO;
}

/* ---- opening and closing --------------------------------------------- */

static void
icmp_closed_cb(uv_handle_t *h)
{
	struct vw__icmp *ic = h->data;

	vw__prober_handle_closed(ic->p);
}

static int
icmp_watch(struct vw__icmp *ic)
{
	int events = UV_READABLE;

#ifdef __linux__
	/*
	 * Linux flags a queued ICMP error as POLLERR, and libuv stops a poll
	 * handle that sees POLLERR without POLLPRI; SO_SELECT_ERR_QUEUE adds
	 * POLLPRI, which we ask for, so the handle stays up.
	 */
	if (!ic->p->no_recverr)
		events |= UV_PRIORITIZED;
#endif
	return uv_poll_start(&ic->poll, events, icmp_poll_cb);
}

/* Options on a fresh socket; failures only cost precision, not function. */
static void
icmp_sockopts(struct vw__icmp *ic, int fd, int mode)
{
	int v6 = ic->family == VW_AF_INET6;

	if (v6 && mode == VW_ICMP_RAW) {
		struct icmp6_filter f;

		/* A raw ICMPv6 socket gets all of ICMPv6, NDP included. */
		ICMP6_FILTER_SETBLOCKALL(&f);
		ICMP6_FILTER_SETPASS(T6_ECHO_REPLY, &f);
		ICMP6_FILTER_SETPASS(T6_UNREACH, &f);
		ICMP6_FILTER_SETPASS(T6_TOO_BIG, &f);
		ICMP6_FILTER_SETPASS(T6_TIME_EXC, &f);
		ICMP6_FILTER_SETPASS(T6_PARAM, &f);
		(void)setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &f,
		    sizeof(f));
	}
#ifdef __linux__
	if (!v6 && mode == VW_ICMP_RAW) {
		/* Linux ICMP_FILTER: a set bit blocks that type. */
		struct icmp_filter f4;

		f4.data = ~((1U << T4_ECHO_REPLY) | (1U << T4_UNREACH) |
		    (1U << T4_TIME_EXC) | (1U << T4_PARAM));
		(void)setsockopt(fd, SOL_RAW,
		    ICMP_FILTER, &f4, sizeof(f4));
	}
	if (!ic->p->no_recverr) {
		int on = 1;

		/*
		 * Linux: ICMP errors about our echoes (and a failed
		 * neighbour resolution, which the kernel reports as an ICMP
		 * unreachable from itself) go to the socket's error queue.
		 * Datagram ICMP sockets get them nowhere else.
		 */
		if (v6)
			(void)setsockopt(fd, IPPROTO_IPV6, IPV6_RECVERR, &on,
			    sizeof(on));
		else
			(void)setsockopt(fd, IPPROTO_IP, IP_RECVERR, &on,
			    sizeof(on));
		(void)setsockopt(fd, SOL_SOCKET, SO_SELECT_ERR_QUEUE, &on,
		    sizeof(on));
	}
#endif
}

/* Open the family's socket; 0 or a positive errno (a probe result). */
static int
icmp_open(struct vw__icmp *ic)
{
	struct vw_prober *p = ic->p;
	int v6 = ic->family == VW_AF_INET6;
	int af = v6 ? AF_INET6 : AF_INET;
	int proto = v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;
	int fd, fl, mode = VW_ICMP_DGRAM, r;

	fd = socket(af, SOCK_DGRAM, proto);
	if (fd == -1 && (errno == EACCES || errno == EPERM ||
	    errno == EPROTONOSUPPORT)) {
		mode = VW_ICMP_RAW;
		fd = socket(af, SOCK_RAW, proto);
	}
	if (fd == -1)
		return errno;
	if ((fl = fcntl(fd, F_GETFL)) == -1 ||
	    fcntl(fd, F_SETFL, fl | O_NONBLOCK) == -1 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) == -1) {
		r = errno;
		close(fd);
		return r;
	}
	icmp_sockopts(ic, fd, mode);
	if ((r = uv_poll_init_socket(p->loop, &ic->poll, fd)) < 0) {
		close(fd);
		return -r;
	}
	ic->poll.data = ic;
	ic->fd = fd;
	ic->mode = mode;
	p->nhandles++;
	if ((r = icmp_watch(ic)) < 0) {
		vw__icmp_close(ic);
		return -r;
	}
	return 0;
}

void
vw__icmp_close(struct vw__icmp *ic)
{
	if (ic->fd == -1)
		return;
	/* uv_close stops watching at once, so the fd may go now. */
	uv_close((uv_handle_t *)&ic->poll, icmp_closed_cb);
	close(ic->fd);
	ic->fd = -1;
}

/* ---- sending ---------------------------------------------------------- */

int
vw__icmp_start(struct vw_prober *p, struct vw__probe *pr)
{
	struct vw__icmp *ic = pr->addr.family == VW_AF_INET ? &p->icmp4 :
	    &p->icmp6;
	uint8_t pkt[VW__ICMP_HDR + VW__ICMP_PAYLOAD];
	struct sockaddr_storage ss;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	socklen_t sl;
	ssize_t n = -1;
	int r, tries;

	if ((r = vw__probe_seq_alloc(p, pr)) < 0)
		return r;
	pr->token = vw__prober_rand(p);
	/* Retried on every probe while it fails: a later fix of the
	   permissions (ping_group_range, root) takes effect at once. */
	if (ic->fd == -1 && (r = icmp_open(ic)) != 0) {
		vw__probe_defer(pr, r);
		return 0;
	}
	memset(&ss, 0, sizeof(ss));
	if (ic->family == VW_AF_INET) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, pr->addr.a, 4);
		memcpy(&ss, &sin, sizeof(sin));
		sl = sizeof(sin);
	} else {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, pr->addr.a, 16);
		sin6.sin6_scope_id = pr->addr.scope;
		memcpy(&ss, &sin6, sizeof(sin6));
		sl = sizeof(sin6);
	}
	pr->sent_ns = uv_hrtime();
	memset(pkt, 0, sizeof(pkt));
	pkt[0] = ic->family == VW_AF_INET ? T4_ECHO : T6_ECHO;
	/* The id is ignored on datagram sockets: Linux writes its own. */
	st16(pkt + 4, p->ident);
	st16(pkt + 6, pr->seq);
	memcpy(pkt + VW__ICMP_HDR, &pr->token, 8);
	memcpy(pkt + VW__ICMP_HDR + 8, &pr->sent_ns, 8);
	/* ICMPv6 checksums cover a pseudo-header: the kernel computes them.
	   ICMPv4 ones are ours on raw sockets (Linux redoes it on ping ones). */
	if (ic->family == VW_AF_INET)
		st16(pkt + 2, cksum(pkt, sizeof(pkt)));
	/*
	 * Linux: an ICMP error about an earlier probe also sets the socket's
	 * pending error (ping_err(), raw_err() with IP_RECVERR), and the next
	 * send returns that error instead of sending (sock_alloc_send_pskb()
	 * -> sock_error(), which clears it).  So a failed send is tried
	 * once more: only a second failure is this probe's own.  The error
	 * itself still reaches its probe through the error queue.
	 */
	for (tries = 0; tries < 2; tries++) {
		do
			n = sendto(ic->fd, pkt, sizeof(pkt), 0,
			    (const struct sockaddr *)&ss, sl);
		while (n == -1 && errno == EINTR);
		if (n != -1 || errno == EAGAIN || errno == EWOULDBLOCK)
			break;
	}
	if (n == -1) {
		vw__probe_defer(pr, errno);
		return 0;
	}
	p->st.sent++;
	return 0;
}

/* ---- receiving -------------------------------------------------------- */

/* An echo reply from src with this sequence number and payload. */
static void
icmp_reply(struct vw__icmp *ic, const struct vw_ip *src, uint16_t seq,
    const uint8_t *pl, size_t plen, uint64_t now)
{
	struct vw_prober *p = ic->p;
	struct vw__probe *pr;
	struct vw_probe_res res;
	uint64_t rtt;

	pr = vw__probe_by_seq(p, ic->family, seq);
	if (pr == NULL || pr->state != VW__PS_PENDING ||
	    !addr_eq(&pr->addr, src) || plen < VW__ICMP_PAYLOAD ||
	    memcmp(pl, &pr->token, 8) != 0) {
		p->st.stray++;
		return;
	}
	memset(&res, 0, sizeof(res));
	res.ok = 1;
	res.sent_us = (int64_t)(pr->sent_ns / 1000);
	rtt = now > pr->sent_ns ? (now - pr->sent_ns + 999) / 1000 : 1;
	res.rtt_us = rtt > UINT32_MAX ? UINT32_MAX : (uint32_t)rtt;
	vw__probe_finish(pr, &res);
}

/*
 * An ICMP error about our echo `seq` to `dst` (NULL: not known).  pl is
 * what follows our quoted echo header: RFC 792 promises only 8 bytes of
 * the original datagram, so the token is checked only when it is there.
 */
static void
icmp_fail(struct vw__icmp *ic, const struct vw_ip *dst, uint16_t seq,
    const uint8_t *pl, size_t plen, int type, int code, int err)
{
	struct vw__probe *pr;
	struct vw_probe_res res;

	pr = vw__probe_by_seq(ic->p, ic->family, seq);
	if (pr == NULL || pr->state != VW__PS_PENDING)
		return;
	if (dst != NULL && !addr_eq(&pr->addr, dst))
		return;
	if (plen >= 8 && memcmp(pl, &pr->token, 8) != 0)
		return;
	memset(&res, 0, sizeof(res));
	res.sent_us = (int64_t)(pr->sent_ns / 1000);
	res.icmp_type = (uint8_t)type;
	res.icmp_code = (uint8_t)code;
	res.err = err;
	vw__probe_finish(pr, &res);
}

static int
is_error_type(int family, int type)
{
	if (family == VW_AF_INET)
		return type == T4_UNREACH || type == T4_TIME_EXC ||
		    type == T4_PARAM;
	return type == T6_UNREACH || type == T6_TOO_BIG ||
	    type == T6_TIME_EXC || type == T6_PARAM;
}

/* An ICMP error packet read off the socket: q is the quoted datagram. */
static void
icmp_error_pkt(struct vw__icmp *ic, int type, int code, const uint8_t *q,
    size_t qlen)
{
	struct vw_ip dst;
	size_t hl;

	memset(&dst, 0, sizeof(dst));
	dst.family = (uint8_t)ic->family;
	if (ic->family == VW_AF_INET) {
		if (qlen < IPV4_HDR_MIN || (q[0] >> 4) != 4)
			return;
		hl = (size_t)(q[0] & 0x0f) * 4;
		if (hl < IPV4_HDR_MIN || qlen < hl + VW__ICMP_HDR ||
		    q[9] != IPPROTO_ICMP)
			return;
		memcpy(dst.a, q + 16, 4);
	} else {
		/* We send no extension headers: ICMPv6 follows at once. */
		hl = IPV6_HDR;
		if (qlen < hl + VW__ICMP_HDR || (q[0] >> 4) != 6 ||
		    q[6] != NEXTHDR_ICMPV6)
			return;
		memcpy(dst.a, q + 24, 16);
	}
	q += hl;
	qlen -= hl;
	if (q[0] != (ic->family == VW_AF_INET ? T4_ECHO : T6_ECHO))
		return;
	if (ic->mode == VW_ICMP_RAW && ld16(q + 4) != ic->p->ident)
		return;		/* another program's echo */
	icmp_fail(ic, &dst, ld16(q + 6), q + VW__ICMP_HDR,
	    qlen - VW__ICMP_HDR, type, code,
	    vw__icmp_errno(ic->family, type, code));
}

static void
icmp_input(struct vw__icmp *ic, const uint8_t *b, size_t len,
    const struct vw_ip *src, uint64_t now)
{
	size_t hl;
	int type;

	/*
	 * Raw IPv4 sockets deliver the IP header (so do macOS datagram ones
	 * unless IP_STRIPHDR is set); raw IPv6 ones never do.  ICMP types
	 * are all below 64, so a first byte 0x4X is an IPv4 header.
	 */
	if (ic->family == VW_AF_INET && len > 0 && (b[0] >> 4) == 4) {
		if (len < IPV4_HDR_MIN)
			return;
		hl = (size_t)(b[0] & 0x0f) * 4;
		if (hl < IPV4_HDR_MIN || hl > len || b[9] != IPPROTO_ICMP)
			return;
		b += hl;
		len -= hl;
	}
	if (len < VW__ICMP_HDR)
		return;
	type = b[0];
	if (type == (ic->family == VW_AF_INET ? T4_ECHO_REPLY : T6_ECHO_REPLY)) {
		if (ic->mode == VW_ICMP_RAW && ld16(b + 4) != ic->p->ident)
			return;		/* another program's echo */
		icmp_reply(ic, src, ld16(b + 6), b + VW__ICMP_HDR,
		    len - VW__ICMP_HDR, now);
	} else if (is_error_type(ic->family, type))
		icmp_error_pkt(ic, type, b[1], b + VW__ICMP_HDR,
		    len - VW__ICMP_HDR);
}

/* One datagram; 1 if something was read (or an error consumed), else 0. */
static int
icmp_read_one(struct vw__icmp *ic)
{
	uint8_t buf[RECV_BUF];
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct vw_ip src;
	ssize_t n;
	uint64_t now;

	n = recvfrom(ic->fd, buf, sizeof(buf), 0, (struct sockaddr *)&ss,
	    &sl);
	if (n == -1)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : 1;
	now = uv_hrtime();
	if (sa_to_ip(&ss, sl, &src) < 0)
		return 1;
	icmp_input(ic, buf, (size_t)n, &src, now);
	return 1;
}

#ifdef __linux__
/* The pending probe to dst sent first: for errors that quote nothing. */
static struct vw__probe *
oldest_to(struct vw_prober *p, const struct vw_ip *dst)
{
	struct vw__probe *pr, *best = NULL;
	size_t i;

	for (i = 0; i < VW__PROBE_BUCKETS; i++)
		for (pr = p->seqs[i]; pr != NULL; pr = pr->seq_next)
			if (pr->state == VW__PS_PENDING &&
			    addr_eq(&pr->addr, dst) &&
			    (best == NULL || pr->sent_ns < best->sent_ns))
				best = pr;
	return best;
}

/*
 * One entry of the Linux error queue.  msg_name is the original
 * destination; the data is our own echo as sent, from its ICMP header on
 * (Linux ping_err()/raw_err()/rawv6_err() queue it so, for datagram and
 * raw sockets alike, IPv4 and IPv6), cut to what the ICMP error quoted.
 * Local errors (SO_EE_ORIGIN_LOCAL) quote nothing.
 */
static int
icmp_read_errqueue(struct vw__icmp *ic)
{
	uint8_t buf[RECV_BUF];
	union {
		struct cmsghdr	h;
		uint8_t		b[256];
	} cb;
	struct sockaddr_storage ss;
	struct sock_extended_err ee;
	struct iovec iov;
	struct msghdr msg;
	struct cmsghdr *c;
	struct vw_ip dst, *dstp = NULL;
	struct vw__probe *pr;
	ssize_t n;
	size_t len;
	int have = 0, type = 0, code = 0;

	memset(&msg, 0, sizeof(msg));
	memset(&ss, 0, sizeof(ss));
	iov.iov_base = buf;
	iov.iov_len = sizeof(buf);
	msg.msg_name = &ss;
	msg.msg_namelen = sizeof(ss);
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = cb.b;
	msg.msg_controllen = sizeof(cb.b);
	n = recvmsg(ic->fd, &msg, MSG_ERRQUEUE | MSG_DONTWAIT);
	if (n == -1)
		return 0;
	for (c = CMSG_FIRSTHDR(&msg); c != NULL; c = CMSG_NXTHDR(&msg, c)) {
		if (!(c->cmsg_level == IPPROTO_IP &&
		    c->cmsg_type == IP_RECVERR) &&
		    !(c->cmsg_level == IPPROTO_IPV6 &&
		    c->cmsg_type == IPV6_RECVERR))
			continue;
		if (c->cmsg_len < CMSG_LEN(sizeof(ee)))
			continue;
		memcpy(&ee, CMSG_DATA(c), sizeof(ee));
		have = 1;
	}
	if (!have || ee.ee_errno == 0)
		return 1;
	if (ee.ee_origin == SO_EE_ORIGIN_ICMP ||
	    ee.ee_origin == SO_EE_ORIGIN_ICMP6) {
		type = ee.ee_type;
		code = ee.ee_code;
	} else if (ee.ee_origin != SO_EE_ORIGIN_LOCAL)
		return 1;
	if (msg.msg_namelen > 0 && sa_to_ip(&ss, msg.msg_namelen, &dst) == 0)
		dstp = &dst;
	len = (size_t)n;
	if (len >= VW__ICMP_HDR &&
	    buf[0] == (ic->family == VW_AF_INET ? T4_ECHO : T6_ECHO)) {
		icmp_fail(ic, dstp, ld16(buf + 6), buf + VW__ICMP_HDR,
		    len - VW__ICMP_HDR, type, code, (int)ee.ee_errno);
	} else if (dstp != NULL && (pr = oldest_to(ic->p, dstp)) != NULL) {
		icmp_fail(ic, dstp, pr->seq, NULL, 0, type, code,
		    (int)ee.ee_errno);
	}
	return 1;
}
#endif

static void
icmp_drain(struct vw__icmp *ic)
{
	struct vw_prober *p = ic->p;
	int i, got;

	for (i = 0; i < DRAIN_MAX; i++) {
		got = 0;
#ifdef __linux__
		if (!p->no_recverr)
			got = icmp_read_errqueue(ic);
		/* A callback may have closed the prober (and the socket). */
		if (p->closing || ic->fd == -1)
			return;
#endif
		got |= icmp_read_one(ic);
		if (p->closing || ic->fd == -1 || !got)
			return;
	}
}

void
vw__icmp_drain_all(struct vw_prober *p)
{
	if (p->icmp4.fd != -1)
		icmp_drain(&p->icmp4);
	if (!p->closing && p->icmp6.fd != -1)
		icmp_drain(&p->icmp6);
}

static void
icmp_poll_cb(uv_poll_t *h, int status, int events)
{
	struct vw__icmp *ic = h->data;
	int e;
	socklen_t l = sizeof(e);

	(void)events;
	if (status < 0) {
		/* libuv stopped the handle on POLLERR: take the socket
		   error, read the queues, and watch again. */
		(void)getsockopt(ic->fd, SOL_SOCKET, SO_ERROR, &e, &l);
		icmp_drain(ic);
		if (!ic->p->closing && ic->fd != -1)
			(void)icmp_watch(ic);
		return;
	}
	icmp_drain(ic);
}
