/* SPDX-License-Identifier: ISC */
/*
 * host_darwin.c - process names with proc_name(3) (libproc); sleep time as
 * CLOCK_MONOTONIC - CLOCK_UPTIME_RAW (macOS 10.12+: MONOTONIC counts
 * sleep, UPTIME_RAW does not).
 */
#include <string.h>
#include <time.h>

#include "bsd_sys.h"

#include "host.h"

void
vw_host_proc_name(int pid, char *buf, size_t len)
{
	if (len == 0)
		return;
	buf[0] = '\0';
	if (pid <= 0 || proc_name(pid, buf, (uint32_t)len) <= 0)
		buf[0] = '\0';
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
	int64_t up = us(CLOCK_UPTIME_RAW), m = us(CLOCK_MONOTONIC);

	*wall = us(CLOCK_REALTIME);
	*mono = up;
	*sleep = m - up;
}
