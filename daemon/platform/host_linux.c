/* SPDX-License-Identifier: ISC */
/*
 * host_linux.c - process names from /proc/PID/comm; sleep time as
 * CLOCK_BOOTTIME - CLOCK_MONOTONIC (Linux 2.6.39+: BOOTTIME counts
 * suspend, MONOTONIC does not).
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host.h"

void
vw_host_proc_name(int pid, char *buf, size_t len)
{
	char path[48];
	ssize_t n;
	int fd;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (pid <= 0)
		return;
	snprintf(path, sizeof(path), "/proc/%d/comm", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n <= 0) {
		buf[0] = '\0';
		return;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static int64_t
us(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
vw_host_clocks(int64_t *wall, int64_t *mono, int64_t *sleep)
{
	int64_t m1 = us(CLOCK_MONOTONIC), b = us(CLOCK_BOOTTIME);

	*wall = us(CLOCK_REALTIME);
	*mono = m1;
	*sleep = b - m1;
}
