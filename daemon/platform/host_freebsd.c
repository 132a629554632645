/* SPDX-License-Identifier: ISC */
/*
 * host_freebsd.c - process names from kern.proc.pid (kinfo_proc.ki_comm);
 * FreeBSD's CLOCK_MONOTONIC and CLOCK_UPTIME both keep counting across
 * suspend on common configurations, so there is no sleep clock: report -1
 * and let lib/vw_clock.c infer sleep from a forward wall-clock jump.
 */
#include <string.h>
#include <time.h>

#include "bsd_sys.h"

#include "host.h"

void
vw_host_proc_name(int pid, char *buf, size_t len)
{
	struct kinfo_proc kp;
	size_t sz = sizeof(kp);
	int mib[4] = { CTL_KERN, KERN_PROC, KERN_PROC_PID, pid };

	if (len == 0)
		return;
	buf[0] = '\0';
	if (pid <= 0 || sysctl(mib, 4, &kp, &sz, NULL, 0) == -1 ||
	    sz != sizeof(kp))
		return;
	strlcpy(buf, kp.ki_comm, len);
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
	*wall = us(CLOCK_REALTIME);
	*mono = us(CLOCK_MONOTONIC);
	*sleep = -1;
}
