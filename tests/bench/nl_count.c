/* SPDX-License-Identifier: ISC */
/*
 * nl_count - the floor for tests/bench/daemon_cpu.sh: the least a program
 * can do to keep up with rtnetlink.  It joins the groups vmwatchd joins
 * (link, neigh, IPv4/IPv6 ifaddr, IPv4/IPv6 route) with the same receive
 * buffer (8 MiB, SO_RCVBUFFORCE, through the same shim), receives every
 * datagram and counts the messages in it by stepping over nlmsghdr
 * lengths; nothing is decoded.  On SIGTERM or SIGINT it prints
 *
 *   messages N datagrams N bytes N enobufs N
 *
 * on stdout and exits 0.
 *
 *   nl_count [-p] [-b bytes]
 *     -p        receive with vw_nlsock_recv() (a MSG_PEEK|MSG_TRUNC to size
 *               the datagram, then recvmsg: the daemon's receive call, and
 *               iproute2's pattern too) instead of one plain recv() into a
 *               fixed 64 KiB buffer
 *     -b bytes  receive buffer (default 8388608, the daemon's)
 *
 * The socket is blocking: one system call per datagram, the least there
 * is.  SIGTERM (installed without SA_RESTART) interrupts a waiting recv;
 * a 100 ms SO_RCVTIMEO bounds the wait should the signal land between the
 * test of the flag and the call.
 */
#include <sys/socket.h>
#include <sys/time.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/netlink.h>

#include "nl_wire.h"
#include "platform/nl_sock_linux.h"

static volatile sig_atomic_t stop;

static void
stop_cb(int sig)
{
	(void)sig;
	stop = 1;
}

/* Messages in one datagram: step over the headers, nothing else. */
static uint64_t
count_msgs(const uint8_t *p, size_t n)
{
	struct nlmsghdr nh;
	uint64_t k = 0;
	size_t off = 0;

	while (n - off >= sizeof(nh)) {
		memcpy(&nh, p + off, sizeof(nh));
		if (nh.nlmsg_len < sizeof(nh) || nh.nlmsg_len > n - off)
			break;
		k++;
		if (NLMSG_ALIGN(nh.nlmsg_len) >= n - off)
			break;
		off += NLMSG_ALIGN(nh.nlmsg_len);
	}
	return k;
}

static void
usage(void)
{
	fprintf(stderr, "usage: nl_count [-p] [-b bytes]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	static uint8_t buf[65536];
	struct vw_nlbuf nb = { NULL, 0, 0 };
	struct sigaction sa;
	struct timeval tv = { 0, 100000 };
	uint64_t msgs = 0, dgrams = 0, bytes = 0, enobufs = 0;
	const uint8_t *data;
	ssize_t n;
	char *end;
	long v;
	int fd, ch, peek = 0, rcvbuf = 8 * 1024 * 1024;
	int groups = VW_NL_RTMGRP_LINK | VW_NL_RTMGRP_NEIGH |
	    VW_NL_RTMGRP_IPV4_IFADDR | VW_NL_RTMGRP_IPV4_ROUTE |
	    VW_NL_RTMGRP_IPV6_IFADDR | VW_NL_RTMGRP_IPV6_ROUTE;

	while ((ch = getopt(argc, argv, "pb:")) != -1) {
		switch (ch) {
		case 'p':
			peek = 1;
			break;
		case 'b':
			v = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || v <= 0 ||
			    v > INT32_MAX)
				usage();
			rcvbuf = (int)v;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = stop_cb;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	if ((fd = vw_nlsock_open(groups, rcvbuf)) < 0) {
		fprintf(stderr, "nl_count: netlink socket: %s\n",
		    strerror(-fd));
		return 1;
	}
	if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)) == -1) {
		perror("nl_count: SO_RCVTIMEO");
		return 1;
	}
	fprintf(stderr, "nl_count: ready\n");
	while (!stop) {
		if (peek) {
			nb.len = 0;
			n = vw_nlsock_recv(fd, &nb, 0);
			data = nb.data;
		} else {
			n = recv(fd, buf, sizeof(buf), 0);
			if (n == -1)
				n = -errno;
			data = buf;
		}
		if (n == -ENOBUFS) {
			enobufs++;
			continue;
		}
		/* Interrupted, timed out, or not from the kernel (-p). */
		if (n == -EINTR || n == -EAGAIN || n == -EWOULDBLOCK || n == 0)
			continue;
		if (n < 0) {
			fprintf(stderr, "nl_count: recv: %s\n", strerror((int)-n));
			return 1;
		}
		dgrams++;
		bytes += (uint64_t)n;
		msgs += count_msgs(data, (size_t)n);
	}
	printf("messages %llu datagrams %llu bytes %llu enobufs %llu\n",
	    (unsigned long long)msgs, (unsigned long long)dgrams,
	    (unsigned long long)bytes, (unsigned long long)enobufs);
	vw_nlbuf_free(&nb);
	vw_nlsock_close(fd);
	return 0;
}
