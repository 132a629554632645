/* SPDX-License-Identifier: ISC */
/*
 * vwlog.c - stderr/syslog lines, rate-limited per template, and the
 * JSON-lines event file, written off the event loop (see vwlog.h).
 *
 * The JSON file has one job in flight at most, on the libuv thread pool:
 * either a write (uv_fs_write of the lines queued so far) or a check (stat
 * the path, compare with the open file, reopen if they differ).  While a
 * job runs, new lines go to the pending buffer; the next write takes all
 * of it.  Only the job touches the descriptor while it runs, so a reopen
 * never races a write and lines keep their order.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <uv.h>

#include "ratelimit.h"
#include "vwlog.h"

#define RATE_DEFAULT	30		/* config/vmwatch.json's default */
#define CHECK_MS	1000
#define MINUTE_US	60000000LL
#define SHRINK_OVER	(1u << 20)	/* free a buffer past a burst */
#define OPEN_FLAGS	(O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY)
#define OPEN_MODE	0640

struct lbuf {
	char	*p;
	size_t	 len, cap;
};

/*
 * The check job.  Its fields belong to the pool thread from
 * uv_queue_work() to the done callback; the loop thread copies them in
 * before and out after.
 */
struct vwlog_check {
	uv_work_t	 req;
	const char	*path;
	int		 fd;		/* in: current (-1 none); out: to use */
	int		 force;		/* in: reopen even if unchanged */
	int		 partial;	/* in/out: a line was cut short in pdev/pino */
	dev_t		 pdev, dev;	/* out: dev/ino of fd */
	ino_t		 pino, ino;
	int		 reopened;	/* out: fd is a new descriptor */
	int		 same;		/* out: the path names the open file */
	int		 err;		/* out: errno of a failed open, 0 */
};

enum { JOB_NONE, JOB_WRITE, JOB_CHECK };

static struct {
	int		 dest;
	int		 verbose;
	char		*path;		/* JSON file, NULL: none */
	int		 fd;
	dev_t		 dev;		/* of fd */
	ino_t		 ino;
	uv_loop_t	*loop;		/* for requests; set by attach */
	int		 attached;	/* async mode */
	uv_timer_t	 timer;
	uv_fs_t		 wreq;
	struct vwlog_check ck;
	int		 job;		/* JOB_* in flight */
	int		 check_wanted, check_force;
	struct lbuf	 pend, infl;
	size_t		 infl_off;
	int		 partial;	/* the file (pdev/pino) ends mid-line */
	dev_t		 pdev;
	ino_t		 pino;
	int		 fail_open, fail_write;	/* warned, not yet recovered */
	uint64_t	 fail_base;	/* json_failures when warned */
	uint64_t	 drop_warned;	/* json_dropped at the last warning */
	int64_t		 drop_warn_us;
	struct vw_log_stats st;
} vwlog = { .dest = VW_LOG_STDERR, .fd = -1 };

/* Kept apart so the large table sits in .bss. */
static struct vw_rlimit vwlog_rl;
static int	vwlog_rl_set;	/* vw_log_set_rate() was called */

static int64_t
mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- syslog ------------------------------------------------------------ */

#ifdef __linux__
/*
 * glibc's syslog(3) sends on a blocking socket: a syslog daemon that stops
 * reading (journald or rsyslogd stalled; the socket queue holds only
 * net.unix.max_dgram_qlen datagrams, 10 by default on Linux 5.x/6.x)
 * would freeze the event loop at the next line.  So send to /dev/log
 * ourselves, never waiting: a line that does not fit is dropped and
 * counted, a missing or refusing /dev/log is tried again at most once a
 * second, and stderr says so once per outage.  Same wire format as glibc:
 * "<PRI>Mmm dd hh:mm:ss vmwatchd[PID]: text", a stream socket's lines
 * ended by a NUL.
 */
#define SLOG_PATH	"/dev/log"

static struct {
	int	fd;		/* -1: not connected */
	int	stream;		/* SOCK_STREAM (some syslog-ng setups) */
	int64_t	retry_us;	/* no connect before this */
	int	failing;	/* warned, not yet recovered */
	uint64_t fail_base;	/* syslog_dropped when warned */
} slog = { .fd = -1 };

static void
slog_close(void)
{
	if (slog.fd >= 0)
		close(slog.fd);
	slog.fd = -1;
}

static int
slog_connect(void)
{
	struct sockaddr_un sun;
	int type, fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, SLOG_PATH, sizeof(SLOG_PATH));
	for (type = SOCK_DGRAM;; type = SOCK_STREAM) {
		if ((fd = socket(AF_UNIX, type | SOCK_CLOEXEC | SOCK_NONBLOCK,
		    0)) == -1)
			return -errno;
		if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == 0) {
			slog.fd = fd;
			slog.stream = type == SOCK_STREAM;
			return 0;
		}
		close(fd);
		if (errno != EPROTOTYPE || type == SOCK_STREAM)
			return -errno;
	}
}

/* A line (lost) or a connect (nothing lost yet) failed with err. */
static void
slog_failed(int err, int lost)
{
	vwlog.st.syslog_dropped += (uint64_t)lost;
	if (slog.failing)
		return;
	slog.failing = 1;
	slog.fail_base = vwlog.st.syslog_dropped - (uint64_t)lost;
	if (vwlog.dest & VW_LOG_STDERR) {
		fprintf(stderr, "vmwatchd: syslog %s: %s; lines it cannot take "
		    "are dropped and counted, stderr%s go on\n", SLOG_PATH,
		    strerror(err), vwlog.path != NULL ? " and the JSON log" : "");
		fflush(stderr);
	}
}

static void
slog_send(int pri, const char *msg)
{
	char buf[1200], ts[32];
	struct tm tm;
	time_t now = time(NULL);
	int64_t mnow;
	ssize_t w;
	int n, r;

	if (slog.fd < 0) {
		mnow = mono_us();
		if (mnow < slog.retry_us) {
			vwlog.st.syslog_dropped++;
			return;
		}
		if ((r = slog_connect()) < 0) {
			slog.retry_us = mnow + 1000000;
			slog_failed(-r, 1);
			return;
		}
	}
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(ts, sizeof(ts), "%b %e %H:%M:%S", &tm) == 0)
		snprintf(ts, sizeof(ts), "Jan  1 00:00:00");
	n = snprintf(buf, sizeof(buf), "<%d>%s vmwatchd[%d]: %s",
	    LOG_DAEMON | pri, ts, (int)getpid(), msg);
	if (n < 0)
		return;
	if ((size_t)n >= sizeof(buf))
		n = (int)sizeof(buf) - 1;
	/* A stream's lines end with their NUL (syslogd's framing). */
	w = send(slog.fd, buf, (size_t)n + (slog.stream ? 1 : 0),
	    MSG_DONTWAIT | MSG_NOSIGNAL);
	if (w == n + (slog.stream ? 1 : 0)) {
		if (slog.failing) {
			slog.failing = 0;
			if (vwlog.dest & VW_LOG_STDERR) {
				fprintf(stderr, "vmwatchd: syslog %s: taking "
				    "lines again after %llu dropped\n",
				    SLOG_PATH, (unsigned long long)
				    (vwlog.st.syslog_dropped - slog.fail_base));
				fflush(stderr);
			}
		}
		return;
	}
	r = w == -1 ? errno : EAGAIN;
	/* A full queue: drop the line, keep the socket (a stream that took
	   part of a line has lost its framing: start over). */
	if (w == -1 && (r == EAGAIN || r == EWOULDBLOCK || r == ENOBUFS) &&
	    !slog.stream) {
		slog_failed(r, 1);
		return;
	}
	/* Gone (syslogd restarted) or cut short: reconnect next second. */
	slog_close();
	slog.retry_us = mono_us() + 1000000;
	slog_failed(r, 1);
}

static void
slog_open(void)
{
	int r;

	if (slog.fd < 0 && (r = slog_connect()) < 0) {
		slog.retry_us = mono_us() + 1000000;
		slog_failed(-r, 0);
	}
}
#else
/* macOS: syslog(3) is os_log underneath and does not wait for a reader. */
static void
slog_send(int pri, const char *msg)
{
	syslog(pri, "%s", msg);
}

static void
slog_open(void)
{
	openlog("vmwatchd", LOG_PID | LOG_NDELAY, LOG_DAEMON);
}

static void
slog_close(void)
{
	closelog();
}
#endif

/* ---- human lines ------------------------------------------------------ */

static void
emit(int pri, const char *msg)
{
	if (vwlog.dest & VW_LOG_STDERR) {
		fprintf(stderr, "vmwatchd: %s\n", msg);
		fflush(stderr);
	}
	if (vwlog.dest & VW_LOG_SYSLOG)
		slog_send(pri, msg);
	vwlog.st.lines++;
}

static void
emit_suppressed(const char *key, uint32_t n, int64_t since_us, int64_t now_us)
{
	char buf[256], dur[32];
	int64_t s = (now_us - since_us + 999999) / 1000000;

	if (s < 1)
		s = 1;
	if (s < 120)
		snprintf(dur, sizeof(dur), "%lld s", (long long)s);
	else
		snprintf(dur, sizeof(dur), "%lld min", (long long)(s / 60));
	snprintf(buf, sizeof(buf), "suppressed %u similar line%s (%s) in the "
	    "last %s", n, n == 1 ? "" : "s",
	    key != NULL ? key : "other templates", dur);
	emit(LOG_NOTICE, buf);
}

static void
suppressed_cb(const char *key, uint32_t n, int64_t since_us, void *arg)
{
	emit_suppressed(key, n, since_us, *(const int64_t *)arg);
}

/* A human line under template key (NULL: never limited). */
static void
human(int pri, const char *key, const char *msg)
{
	uint32_t n;
	int64_t since, now;

	if (key != NULL) {
		now = mono_us();
		if (!vw_rlimit_check(&vwlog_rl, key, now, &n, &since)) {
			vwlog.st.suppressed++;
			return;
		}
		if (n != 0)
			emit_suppressed(key, n, since, now);
	}
	emit(pri, msg);
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
	/* The format is the template: "netlink: %s %s: %s" is one kind. */
	human(pri, fmt, buf);
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

/* The logger's own news about the JSON file: rare, never limited. */
static void
note(int pri, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void
note(int pri, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int saved = errno;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	emit(pri, buf);
	errno = saved;
}

void
vw_log_set_rate(int per_min)
{
	uint32_t r = per_min > 0 ? (uint32_t)per_min : 0;
	int64_t now = mono_us();

	if (vwlog_rl_set && r == vwlog_rl.per_min)
		return;
	vwlog_rl_set = 1;
	vw_rlimit_drain(&vwlog_rl, suppressed_cb, &now);
	vw_rlimit_init(&vwlog_rl, r);
}

/* ---- the JSON file: buffers and synchronous writes -------------------- */

static int
lbuf_reserve(struct lbuf *b, size_t need)
{
	size_t cap;
	char *p;

	if (b->cap - b->len >= need)
		return 0;
	cap = b->cap != 0 ? b->cap : 4096;
	while (cap - b->len < need)
		cap *= 2;
	if ((p = realloc(b->p, cap)) == NULL)
		return -1;
	b->p = p;
	b->cap = cap;
	return 0;
}

static void
lbuf_release(struct lbuf *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* JSON lines hold no raw newline (cJSON escapes them): '\n' ends a line. */
static uint64_t
count_lines(const char *p, size_t n)
{
	const char *end, *q;
	uint64_t c = 0;

	if (n == 0)
		return 0;
	end = p + n;
	while (p < end && (q = memchr(p, '\n', (size_t)(end - p))) != NULL) {
		c++;
		p = q + 1;
	}
	return c;
}

static void
warn_failure(int *flag, const char *what, int err)
{
	if (*flag)
		return;
	*flag = 1;
	vwlog.fail_base = vwlog.st.json_failures - 1;
	note(LOG_WARNING, "JSON log %s: %s: %s; the daemon goes on, events "
	    "are kept in memory (up to %u MiB) and the file is retried every "
	    "second", vwlog.path, what, strerror(err),
	    VW_LOG_PENDING_MAX >> 20);
}

static void
recovered(int *flag, const char *how)
{
	if (!*flag)
		return;
	*flag = 0;
	note(LOG_NOTICE, "JSON log %s: %s after %llu failure%s", vwlog.path,
	    how, (unsigned long long)(vwlog.st.json_failures - vwlog.fail_base),
	    vwlog.st.json_failures - vwlog.fail_base == 1 ? "" : "s");
}

static int
write_all(int fd, const char *p, size_t n, size_t *done)
{
	ssize_t w;

	*done = 0;
	while (*done < n) {
		w = write(fd, p + *done, n - *done);
		if (w == -1 && errno == EINTR)
			continue;
		if (w == -1)
			return -errno;
		if (w == 0)
			return -EIO;
		*done += (size_t)w;
	}
	return 0;
}

static void
set_fd_id(int fd)
{
	struct stat sb;

	if (fd >= 0 && fstat(fd, &sb) == 0) {
		vwlog.dev = sb.st_dev;
		vwlog.ino = sb.st_ino;
	}
}

/*
 * Synchronous mode (before attach, after detach): write the queue now.
 * Without a file, one open is tried; failing that the lines stay queued
 * (bounded) for the timer, or are counted lost by vw_log_close().
 */
static void
sync_flush(void)
{
	size_t done;
	int r;

	if (vwlog.pend.len == 0 || vwlog.job != JOB_NONE)
		return;
	if (vwlog.fd < 0) {
		if ((vwlog.fd = open(vwlog.path, OPEN_FLAGS, OPEN_MODE)) < 0) {
			vwlog.st.json_failures++;
			warn_failure(&vwlog.fail_open, "open", errno);
			return;
		}
		set_fd_id(vwlog.fd);
		vwlog.st.reopens++;
		recovered(&vwlog.fail_open, "open again");
	}
	r = write_all(vwlog.fd, vwlog.pend.p, vwlog.pend.len, &done);
	vwlog.st.json_lines += count_lines(vwlog.pend.p, done);
	if (r < 0) {
		vwlog.st.json_failures++;
		vwlog.st.json_dropped += count_lines(vwlog.pend.p + done,
		    vwlog.pend.len - done);
		warn_failure(&vwlog.fail_write, "write", -r);
	} else
		recovered(&vwlog.fail_write, "writing again");
	vwlog.pend.len = 0;
}

/* ---- the JSON file: jobs on the thread pool ---------------------------- */

static void	kick(void);

/* The check, on a pool thread (or inline when not attached). */
static void
check_run(struct vwlog_check *c)
{
	struct stat ps, os;
	int have_old = 0, need, nfd;

	c->reopened = 0;
	c->same = 0;
	c->err = 0;
	if (c->fd >= 0 && fstat(c->fd, &os) == 0)
		have_old = 1;
	need = c->force || !have_old || stat(c->path, &ps) == -1 ||
	    ps.st_dev != os.st_dev || ps.st_ino != os.st_ino;
	if (!need)
		c->same = 1;
	else if ((nfd = open(c->path, OPEN_FLAGS, OPEN_MODE)) >= 0) {
		if (c->fd >= 0)
			close(c->fd);
		c->fd = nfd;
		c->reopened = 1;
		c->same = 1;
	} else {
		c->err = errno;
		/*
		 * Keep writing to a file that still has a name (moved, or a
		 * reopen refused): the lines land somewhere readable.  One
		 * deleted would swallow them: hold them in memory instead.
		 */
		if (c->fd >= 0 && !(have_old && os.st_nlink > 0)) {
			close(c->fd);
			c->fd = -1;
		}
	}
	if (c->fd >= 0 && fstat(c->fd, &os) == 0) {
		c->dev = os.st_dev;
		c->ino = os.st_ino;
	}
	/* A write cut short left half a line: end it, in that file only. */
	if (c->partial) {
		if (c->fd < 0 || c->dev != c->pdev || c->ino != c->pino)
			c->partial = 0;
		else if (write(c->fd, "\n", 1) == 1)
			c->partial = 0;
	}
}

static void
check_apply(struct vwlog_check *c)
{
	vwlog.fd = c->fd;
	vwlog.dev = c->dev;
	vwlog.ino = c->ino;
	vwlog.partial = c->partial;
	if (c->reopened)
		vwlog.st.reopens++;
	if (c->err != 0) {
		vwlog.st.json_failures++;
		warn_failure(&vwlog.fail_open, "open", c->err);
	} else if (c->same)
		recovered(&vwlog.fail_open, "open again");
}

static void
check_prepare(struct vwlog_check *c)
{
	c->path = vwlog.path;
	c->fd = vwlog.fd;
	c->force = vwlog.check_force;
	c->partial = vwlog.partial;
	c->pdev = vwlog.pdev;
	c->pino = vwlog.pino;
	c->dev = vwlog.dev;
	c->ino = vwlog.ino;
	vwlog.check_wanted = vwlog.check_force = 0;
}

static void
check_work_cb(uv_work_t *req)
{
	check_run(req->data);
}

/* A job ended: go on with the next, or finish synchronously if detached. */
static void
job_done(void)
{
	vwlog.job = JOB_NONE;
	if (!vwlog.attached)
		sync_flush();
	else
		kick();
}

static void
check_done_cb(uv_work_t *req, int status)
{
	(void)status;	/* never cancelled */
	check_apply(req->data);
	job_done();
}

static void	write_cb(uv_fs_t *req);

static void
write_issue(void)
{
	uv_buf_t b;
	int r;

	b = uv_buf_init(vwlog.infl.p + vwlog.infl_off,
	    (unsigned int)(vwlog.infl.len - vwlog.infl_off));
	r = uv_fs_write(vwlog.loop, &vwlog.wreq, vwlog.fd, &b, 1, -1, write_cb);
	if (r < 0) {
		/* Not queued (bad arguments): as a failed write. */
		vwlog.wreq.result = r;
		write_cb(&vwlog.wreq);
	}
}

static void
write_cb(uv_fs_t *req)
{
	struct lbuf *b = &vwlog.infl;
	ssize_t res = req->result;

	uv_fs_req_cleanup(req);
	if (res > 0) {
		vwlog.st.json_lines += count_lines(b->p + vwlog.infl_off,
		    (size_t)res);
		vwlog.infl_off += (size_t)res;
		if (vwlog.infl_off < b->len) {
			write_issue();	/* short write: the rest */
			return;
		}
		recovered(&vwlog.fail_write, "writing again");
	} else {
		vwlog.st.json_failures++;
		vwlog.st.json_dropped += count_lines(b->p + vwlog.infl_off,
		    b->len - vwlog.infl_off);
		if (vwlog.infl_off > 0 && b->p[vwlog.infl_off - 1] != '\n') {
			vwlog.partial = 1;
			vwlog.pdev = vwlog.dev;
			vwlog.pino = vwlog.ino;
		}
		warn_failure(&vwlog.fail_write, "write",
		    res == 0 ? EIO : (int)-res);
		/* The descriptor may be what failed: reopen before more. */
		vwlog.check_wanted = vwlog.check_force = 1;
	}
	b->len = 0;
	vwlog.infl_off = 0;
	if (b->cap > SHRINK_OVER)
		lbuf_release(b);
	job_done();
}

static void
start_write(void)
{
	struct lbuf t = vwlog.infl;

	/* The queue becomes the write; the spare buffer the new queue. */
	vwlog.infl = vwlog.pend;
	vwlog.pend = t;
	vwlog.pend.len = 0;
	vwlog.infl_off = 0;
	vwlog.job = JOB_WRITE;
	write_issue();
}

static void
start_check(void)
{
	check_prepare(&vwlog.ck);
	vwlog.ck.req.data = &vwlog.ck;
	vwlog.job = JOB_CHECK;
	if (uv_queue_work(vwlog.loop, &vwlog.ck.req, check_work_cb,
	    check_done_cb) != 0) {
		vwlog.job = JOB_NONE;
		check_run(&vwlog.ck);
		check_apply(&vwlog.ck);
	}
}

/* Start the next job if none runs: a wanted check first, then a write. */
static void
kick(void)
{
	if (!vwlog.attached || vwlog.job != JOB_NONE)
		return;
	if (vwlog.check_wanted)
		start_check();
	else if (vwlog.fd >= 0 && vwlog.pend.len > 0)
		start_write();
}

static void
timer_cb(uv_timer_t *t)
{
	int64_t now = mono_us();
	uint64_t lost;

	(void)t;
	vw_rlimit_flush(&vwlog_rl, now, suppressed_cb, &now);
	lost = vwlog.st.json_dropped - vwlog.drop_warned;
	if (lost != 0 && (vwlog.drop_warn_us == 0 ||
	    now - vwlog.drop_warn_us >= MINUTE_US)) {
		note(LOG_WARNING, "JSON log %s: %llu event line%s lost (%llu "
		    "in all): the file failed or was slower than the events",
		    vwlog.path, (unsigned long long)lost, lost == 1 ? "" : "s",
		    (unsigned long long)vwlog.st.json_dropped);
		vwlog.drop_warned = vwlog.st.json_dropped;
		vwlog.drop_warn_us = now;
	}
	if (vwlog.path != NULL) {
		vwlog.check_wanted = 1;
		kick();
	}
}

static void
json_line(const char *s, size_t n)
{
	struct lbuf *b = &vwlog.pend;

	if (b->len + n + 1 > VW_LOG_PENDING_MAX || lbuf_reserve(b, n + 1) < 0) {
		vwlog.st.json_dropped++;
		return;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len++] = '\n';
	if (vwlog.attached)
		kick();
	else
		sync_flush();
}

/* ---- public ------------------------------------------------------------ */

int
vw_log_open(int dest, int verbose, const char *json_path)
{
	int r;

	vwlog.dest = dest;
	vwlog.verbose = verbose;
	if (!vwlog_rl_set)
		vw_rlimit_init(&vwlog_rl, RATE_DEFAULT);
	if (json_path != NULL && (vwlog.path = strdup(json_path)) == NULL)
		return -ENOMEM;
	/* Before the file: its warning must reach syslog too. */
	if (dest & VW_LOG_SYSLOG)
		slog_open();
	if (vwlog.path == NULL)
		return 0;
	/*
	 * A file that cannot be opened yet (its directory not mounted or
	 * not created, a read-only or full file system) is no reason to
	 * stop watching: count it, warn once, and let the timer (or the
	 * next synchronous flush) try again.
	 */
	if ((vwlog.fd = open(vwlog.path, OPEN_FLAGS, OPEN_MODE)) < 0) {
		r = errno;
		vwlog.st.json_failures++;
		warn_failure(&vwlog.fail_open, "open", r);
		return 0;
	}
	set_fd_id(vwlog.fd);
	return 0;
}

int
vw_log_attach_loop(uv_loop_t *loop)
{
	int r;

	if (vwlog.attached)
		return 0;
	if ((r = uv_timer_init(loop, &vwlog.timer)) != 0)
		return r;
	/* The log never keeps the loop alive by itself. */
	uv_unref((uv_handle_t *)&vwlog.timer);
	uv_timer_start(&vwlog.timer, timer_cb, CHECK_MS, CHECK_MS);
	vwlog.loop = loop;
	vwlog.attached = 1;
	kick();
	return 0;
}

void
vw_log_detach_loop(void)
{
	if (!vwlog.attached)
		return;
	uv_timer_stop(&vwlog.timer);
	uv_close((uv_handle_t *)&vwlog.timer, NULL);
	vwlog.attached = 0;
	/* A job in flight finishes in the loop's last run, then flushes. */
	sync_flush();
}

void
vw_log_reopen(void)
{
	if (vwlog.path == NULL)
		return;
	if (vwlog.attached) {
		vwlog.check_wanted = vwlog.check_force = 1;
		kick();
	} else if (vwlog.job == JOB_NONE) {
		vwlog.check_force = 1;
		check_prepare(&vwlog.ck);
		check_run(&vwlog.ck);
		check_apply(&vwlog.ck);
		sync_flush();
	}
}

void
vw_log_close(void)
{
	int64_t now = mono_us();

	if (vwlog.attached) {
		/* Torn down without a detach: the timer is the loop's now. */
		vwlog.attached = 0;
	}
	vw_rlimit_drain(&vwlog_rl, suppressed_cb, &now);
	if (vwlog.job != JOB_NONE) {
		/* The loop is gone with a job on a pool thread: its buffer
		   and descriptor are the thread's; leave them. */
		note(LOG_WARNING, "JSON log %s: a write was still running at "
		    "exit; %llu queued line(s) lost", vwlog.path,
		    (unsigned long long)count_lines(vwlog.pend.p,
		    vwlog.pend.len));
		vwlog.st.json_dropped += count_lines(vwlog.pend.p,
		    vwlog.pend.len);
		lbuf_release(&vwlog.pend);
	} else {
		sync_flush();
		vwlog.st.json_dropped += count_lines(vwlog.pend.p,
		    vwlog.pend.len);
		if (vwlog.fd >= 0)
			close(vwlog.fd);
		vwlog.fd = -1;
		lbuf_release(&vwlog.pend);
		lbuf_release(&vwlog.infl);
		free(vwlog.path);
		vwlog.path = NULL;
	}
	if (vwlog.dest & VW_LOG_SYSLOG)
		slog_close();
}

int
vw_log_verbose(void)
{
	return vwlog.verbose;
}

void
vw_log_event(const char *human_line, const char *template_key,
    const cJSON *obj)
{
	const char *k;
	char *s;

	if (human_line != NULL) {
		if ((k = template_key) == NULL) {
			/* "#123 link.up ..." and "#124 link.up ..." are alike. */
			k = human_line;
			if (*k == '#') {
				k++;
				while (*k >= '0' && *k <= '9')
					k++;
				if (*k == ' ')
					k++;
			}
		}
		human(LOG_INFO, k, human_line);
	}
	if (vwlog.path == NULL || obj == NULL)
		return;
	if ((s = cJSON_PrintUnformatted(obj)) == NULL) {
		vwlog.st.json_dropped++;
		return;
	}
	json_line(s, strlen(s));
	cJSON_free(s);
}

void
vw_log_flush(void)
{
	fflush(stderr);
	if (vwlog.attached)
		kick();
	else
		sync_flush();
}

int
vw_log_json_on(void)
{
	return vwlog.path != NULL;
}

void
vw_log_stats(struct vw_log_stats *out)
{
	*out = vwlog.st;
}

size_t
vw_log_backlog(void)
{
	/* The pending buffer only: the one in flight is the pool thread's. */
	return vwlog.pend.len;
}
