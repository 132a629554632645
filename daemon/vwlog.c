/* SPDX-License-Identifier: ISC */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "vwlog.h"

static struct {
	int	 dest;
	int	 verbose;
	FILE	*json;
} vwlog = { VW_LOG_STDERR, 0, NULL };

int
vw_log_open(int dest, int verbose, const char *json_path)
{
	vwlog.dest = dest;
	vwlog.verbose = verbose;
	if (dest & VW_LOG_SYSLOG)
		openlog("vmwatchd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
	if (json_path != NULL) {
		if ((vwlog.json = fopen(json_path, "a")) == NULL)
			return -errno;
		setvbuf(vwlog.json, NULL, _IOLBF, 0);
	}
	return 0;
}

void
vw_log_close(void)
{
	if (vwlog.json != NULL)
		fclose(vwlog.json);
	vwlog.json = NULL;
	if (vwlog.dest & VW_LOG_SYSLOG)
		closelog();
}

int
vw_log_verbose(void)
{
	return vwlog.verbose;
}

static void
vlog(int pri, const char *fmt, va_list ap, int with_errno)
{
	char buf[1024];
	int saved = errno;

	vsnprintf(buf, sizeof(buf), fmt, ap);
	if (with_errno) {
		size_t n = strlen(buf);
		snprintf(buf + n, sizeof(buf) - n, ": %s", strerror(saved));
	}
	if (vwlog.dest & VW_LOG_STDERR) {
		fprintf(stderr, "vmwatchd: %s\n", buf);
		fflush(stderr);
	}
	if (vwlog.dest & VW_LOG_SYSLOG)
		syslog(pri, "%s", buf);
	errno = saved;
}

#define VW__LOGFN(fn, pri, err, cond)					\
void fn(const char *fmt, ...) {						\
	va_list ap;							\
	if (!(cond)) return;						\
	va_start(ap, fmt);						\
	vlog(pri, fmt, ap, err);					\
	va_end(ap);							\
}
VW__LOGFN(vw_log_warn, LOG_WARNING, 1, 1)
VW__LOGFN(vw_log_warnx, LOG_WARNING, 0, 1)
VW__LOGFN(vw_log_info, LOG_INFO, 0, 1)
VW__LOGFN(vw_log_debug, LOG_DEBUG, 0, vwlog.verbose > 0)

void
vw_log_event(const char *human, const cJSON *obj)
{
	char *s;

	if (human != NULL)
		vw_log_info("%s", human);
	if (vwlog.json == NULL || obj == NULL)
		return;
	if ((s = cJSON_PrintUnformatted(obj)) == NULL)
		return;
	fprintf(vwlog.json, "%s\n", s);
	cJSON_free(s);
}

void
vw_log_flush(void)
{
	if (vwlog.json != NULL)
		fflush(vwlog.json);
	fflush(stderr);
}

int
vw_log_json_on(void)
{
	return vwlog.json != NULL;
}
