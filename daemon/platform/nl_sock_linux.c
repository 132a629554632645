/* SPDX-License-Identifier: ISC */
/* nl_sock_linux.c - NETLINK_ROUTE socket shim (see nl_sock_linux.h). */
#include <sys/socket.h>

#include <linux/netlink.h>
#include <linux/rtnetlink.h>

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "nl_sock_linux.h"

#define NLSOCK_TIMEOUT_MS	10000	/* a dump silent this long failed */

void
vw_nlbuf_free(struct vw_nlbuf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

static int
nlbuf_reserve(struct vw_nlbuf *b, size_t more)
{
	size_t ncap;
	uint8_t *nd;

	if (b->cap - b->len >= more)
		return 0;
	ncap = b->cap ? b->cap : 65536;
	while (ncap - b->len < more) {
		if (ncap > SIZE_MAX / 2)
			return -ENOMEM;
		ncap *= 2;
	}
	if ((nd = realloc(b->data, ncap)) == NULL)
		return -ENOMEM;
	b->data = nd;
	b->cap = ncap;
	return 0;
}

int
vw_nlsock_open(int groups, int rcvbuf)
{
	struct sockaddr_nl sa;
	int fd, rc;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd == -1)
		return -errno;
	if (rcvbuf > 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
	    sizeof(rcvbuf)) == -1 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
	    sizeof(rcvbuf)) == -1)
		goto fail;
	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	sa.nl_groups = (uint32_t)groups;	/* nl_pid 0: the kernel picks */
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		goto fail;
	return fd;
fail:
	rc = -errno;
	close(fd);
	return rc;
}

void
vw_nlsock_close(int fd)
{
	if (fd >= 0)
		close(fd);
}

ssize_t
vw_nlsock_recv(int fd, struct vw_nlbuf *buf, int flags)
{
	struct sockaddr_nl from;
	struct iovec iov;
	struct msghdr mh;
	ssize_t n;
	int rc;

	/*
	 * One recvmsg() into room for 64 KiB, no MSG_PEEK sizing first: that
	 * doubled the system calls per notification.  Dump datagrams are at
	 * most 32 KiB (Linux caps max_recvmsg_len there); a notification
	 * larger than 64 KiB (a link with very many VFs) comes back with
	 * MSG_TRUNC and -EMSGSIZE, which callers treat as a lost message
	 * (resynchronise), never as data.
	 */
	if ((rc = nlbuf_reserve(buf, 65536)) != 0)
		return rc;
	memset(&mh, 0, sizeof(mh));
	iov.iov_base = buf->data + buf->len;
	iov.iov_len = buf->cap - buf->len;
	mh.msg_name = &from;
	mh.msg_namelen = sizeof(from);
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	do
		n = recvmsg(fd, &mh, flags);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return -errno;
	if (mh.msg_flags & MSG_TRUNC)
		return -EMSGSIZE;
	/* Only the kernel (port 0) speaks for the routing tables. */
	if (mh.msg_namelen < sizeof(from) || from.nl_pid != 0)
		return 0;
	buf->len += (size_t)n;
	return n;
}

static int
nlsock_send_dump(int fd, int type, uint32_t seq)
{
	struct {
		struct nlmsghdr		nh;
		union {
			struct ifinfomsg	ifi;
			struct ifaddrmsg	ifa;
			struct rtmsg		rtm;
			struct ndmsg		ndm;
		} u;
	} req;
	struct sockaddr_nl to;
	size_t fam;
	ssize_t n;

	switch (type) {
	case RTM_GETLINK:	fam = sizeof(struct ifinfomsg); break;
	case RTM_GETADDR:	fam = sizeof(struct ifaddrmsg); break;
	case RTM_GETROUTE:	fam = sizeof(struct rtmsg); break;
	case RTM_GETNEIGH:	fam = sizeof(struct ndmsg); break;
	default:		return -EINVAL;
	}
	/*
	 * All zeros past the header: AF_UNSPEC (every family) and, for
	 * routes, rtm_table RT_TABLE_UNSPEC with no RTA_TABLE, which makes
	 * the kernel walk every table, not only main.
	 */
	memset(&req, 0, sizeof(req));
	req.nh.nlmsg_len = (uint32_t)NLMSG_LENGTH(fam);
	req.nh.nlmsg_type = (uint16_t)type;
	req.nh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	req.nh.nlmsg_seq = seq;
	memset(&to, 0, sizeof(to));
	to.nl_family = AF_NETLINK;
	do
		n = sendto(fd, &req, req.nh.nlmsg_len, 0,
		    (struct sockaddr *)&to, sizeof(to));
	while (n == -1 && errno == EINTR);
	if (n == -1)
		return -errno;
	return 0;
}

static int
nlsock_portid(int fd, uint32_t *pid)
{
	struct sockaddr_nl sa;
	socklen_t sl = sizeof(sa);

	if (getsockname(fd, (struct sockaddr *)&sa, &sl) == -1)
		return -errno;
	*pid = sa.nl_pid;
	return 0;
}

/*
 * Look through the datagram at p for the end of our dump.  Only the
 * headers are read (with memcpy: the bytes are not guaranteed aligned
 * for struct nlmsghdr); decoding is lib/'s job.  Returns 1 at the end,
 * 0 to keep reading, or a negative code.
 */
static int
nlsock_scan(const uint8_t *p, size_t n, uint32_t seq, uint32_t pid,
    int *status, int *intr)
{
	struct nlmsghdr nh;
	size_t off = 0, step;
	int32_t err;

	while (n - off >= sizeof(nh)) {
		memcpy(&nh, p + off, sizeof(nh));
		if (nh.nlmsg_len < sizeof(nh) || nh.nlmsg_len > n - off)
			return -EBADMSG;
		if (nh.nlmsg_seq == seq && nh.nlmsg_pid == pid) {
			if (nh.nlmsg_flags & NLM_F_DUMP_INTR)
				*intr = 1;
			if (nh.nlmsg_type == NLMSG_DONE ||
			    nh.nlmsg_type == NLMSG_ERROR) {
				err = 0;
				if (nh.nlmsg_len >= NLMSG_LENGTH(sizeof(err)))
					memcpy(&err, p + off + NLMSG_HDRLEN,
					    sizeof(err));
				*status = err < 0 ? err : 0;
				return 1;
			}
		}
		step = NLMSG_ALIGN(nh.nlmsg_len);
		if (step >= n - off)
			break;
		off += step;
	}
	return 0;
}

ssize_t
vw_nlsock_dump(int fd, int type, uint32_t seq, struct vw_nlbuf *buf)
{
	struct pollfd pfd;
	size_t start = buf->len, at;
	uint32_t pid = 0;
	ssize_t n;
	int rc, status = 0, intr = 0;

	if ((rc = nlsock_portid(fd, &pid)) != 0 ||
	    (rc = nlsock_send_dump(fd, type, seq)) != 0)
		return rc;
	for (;;) {
		/* poll first: a blocking socket must not hang us either. */
		pfd.fd = fd;
		pfd.events = POLLIN;
		do
			rc = poll(&pfd, 1, NLSOCK_TIMEOUT_MS);
		while (rc == -1 && errno == EINTR);
		if (rc == 0) {
			rc = -ETIMEDOUT;
			goto fail;
		}
		if (rc == -1) {
			rc = -errno;
			goto fail;
		}
		at = buf->len;
		n = vw_nlsock_recv(fd, buf, MSG_DONTWAIT);
		/* A spurious wakeup, or a datagram not from the kernel. */
		if (n == -EAGAIN || n == 0)
			continue;
		if (n < 0) {
			rc = (int)n;
			goto fail;
		}
		rc = nlsock_scan(buf->data + at, (size_t)n, seq, pid, &status,
		    &intr);
		if (rc < 0)
			goto fail;
		if (rc == 1)
			break;
	}
	if (status != 0) {
		rc = status;
		goto fail;
	}
	if (intr) {
		rc = -EAGAIN;
		goto fail;
	}
	return (ssize_t)(buf->len - start);
fail:
	buf->len = start;
	return rc;
}
