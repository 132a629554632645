/* SPDX-License-Identifier: ISC */
/*
 * host_linux.c - process names from /proc/PID/comm; sleep time as
 * CLOCK_BOOTTIME - CLOCK_MONOTONIC (Linux 2.6.39+: BOOTTIME counts
 * suspend, MONOTONIC does not).
 *
 * TEST ONLY: if the environment variable VMWATCH_TEST_CLOCK_FILE names a
 * file, vw_host_clocks() adds the two integers it holds, "WALL_OFFSET_US
 * SLEEP_OFFSET_US\n", to the wall and sleep clocks, so an integration
 * test can step the wall clock or fake a sleep without touching the
 * machine's clock (tests/integration/hostile.py).  The file is read once
 * per call; a missing one means no offset, and one without a complete
 * second number (a test writing it meanwhile) keeps the last offsets read.
 * Never set it in production.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The test hook's offsets (see the top of this file). */
static void
test_offsets(int64_t *wall_off, int64_t *sleep_off)
{
	static int64_t last_wall, last_sleep;
	static const char *path;
	static int looked;
	char buf[64], *p, *end;
	long long w, sl;
	ssize_t n;
	int fd;

	if (!looked) {
		looked = 1;
		if ((path = getenv("VMWATCH_TEST_CLOCK_FILE")) != NULL &&
		    *path == '\0')
			path = NULL;
	}
	*wall_off = *sleep_off = 0;
	if (path == NULL)
		return;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		last_wall = last_sleep = 0;
		return;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n > 0) {
		buf[n] = '\0';
		errno = 0;
		w = strtoll(buf, &p, 10);
		sl = strtoll(p, &end, 10);
		/* Both numbers, the second one ended by whitespace. */
		if (errno == 0 && p != buf && end != p &&
		    (*end == '\n' || *end == ' ' || *end == '\t')) {
			last_wall = w;
			last_sleep = sl;
		}
	}
	*wall_off = last_wall;
	*sleep_off = last_sleep;
}

void
vw_host_clocks(int64_t *wall, int64_t *mono, int64_t *sleep)
{
	int64_t m1 = us(CLOCK_MONOTONIC), b = us(CLOCK_BOOTTIME);
	int64_t wo, so;

	test_offsets(&wo, &so);
	*wall = us(CLOCK_REALTIME) + wo;
	*mono = m1;
	*sleep = b - m1 + so;
}
