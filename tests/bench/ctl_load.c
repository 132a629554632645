/* SPDX-License-Identifier: ISC */
/*
 * ctl_load - control-socket load: N clients (threads, one connection each)
 * send requests back to back (one outstanding per client) for D seconds;
 * every round trip is timed with CLOCK_MONOTONIC.  Prints requests/s and
 * p50/p99/max latency.
 *
 * The baseline, measured in the same run with the same client code: an
 * echo server this program starts in a thread of its own (one thread,
 * epoll, like the daemon's single loop) that answers every request line
 * with one fixed line.  With -s, that line is a copy of the daemon's own
 * reply to the first request, so both servers move the same bytes and the
 * difference is the daemon's work per request.
 *
 *   ctl_load [-c clients] [-d seconds] [-w seconds] [-C command] [-s socket]
 *     -c  clients (default 8)
 *     -d  measured seconds per server (default 5)
 *     -w  warm-up seconds before measuring (default 0.5; not counted)
 *     -C  the command sent (default "status")
 *     -s  vmwatchd's control socket; without it only the baseline runs
 *
 * A benchmark, not a test: it prints figures and exits 0 whatever they
 * are (1 only when it could not run: connection refused, bad reply ...).
 */
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define LOAD_BUFSZ	(256 * 1024)	/* bigger than any reply we expect */

/* What the clients share for one run. */
struct run {
	const char		*path;
	const char		*cmd;
	int			 check_id;	/* reply must carry our id */
	int			 nclients;
	double			 warmup, secs;
	int64_t			 t_start, t_end;	/* ns, CLOCK_MONOTONIC */
	pthread_barrier_t	 go;
};

struct client {
	struct run		*run;
	int			 idx;
	int			 fd;
	uint64_t		*lat;		/* ns, measured requests only */
	size_t			 nlat, caplat;
	uint64_t		 errors;
	uint64_t		 done;		/* every reply, warm-up too */
	char			 err[160];
	pthread_t		 tid;
};

struct result {
	uint64_t		 n, errors, done;
	double			 secs;
	double			 rps, p50_us, p99_us, max_us;
};

static int64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int
unix_connect(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sun.sun_path)) {
		close(fd);
		errno = ENAMETOOLONG;
		return -1;
	}
	memcpy(sun.sun_path, path, strlen(path));
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) == -1) {
		close(fd);
		return -1;
	}
	return fd;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/*
 * A line reader over one connection: buf[start..len) is unread.  Returns
 * the line's length (without '\n', NUL-terminated in place), 0 at EOF, -1
 * on error or a line that does not fit.
 */
struct lreader {
	char	buf[LOAD_BUFSZ];
	size_t	start, len;
};

static ssize_t
read_line(int fd, struct lreader *r, char **line)
{
	char *nl;
	ssize_t n;

	for (;;) {
		nl = memchr(r->buf + r->start, '\n', r->len - r->start);
		if (nl != NULL) {
			*nl = '\0';
			*line = r->buf + r->start;
			n = nl - (r->buf + r->start);
			r->start = (size_t)(nl - r->buf) + 1;
			return n;
		}
		if (r->start > 0) {
			memmove(r->buf, r->buf + r->start, r->len - r->start);
			r->len -= r->start;
			r->start = 0;
		}
		if (r->len >= sizeof(r->buf) - 1)
			return -1;
		n = read(fd, r->buf + r->len, sizeof(r->buf) - 1 - r->len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return n == 0 ? 0 : -1;
		r->len += (size_t)n;
	}
}

static int
lat_push(struct client *c, uint64_t ns)
{
	uint64_t *nl;
	size_t ncap;

	if (c->nlat == c->caplat) {
		ncap = c->caplat ? c->caplat * 2 : 65536;
		if ((nl = realloc(c->lat, ncap * sizeof(*nl))) == NULL)
			return -1;
		c->lat = nl;
		c->caplat = ncap;
	}
	c->lat[c->nlat++] = ns;
	return 0;
}

static void *
client_main(void *arg)
{
	struct client *c = arg;
	struct run *run = c->run;
	struct lreader *rd;
	char req[256], want[64], *line;
	int64_t id, t0, t1, warm_end;
	size_t reqlen, wantlen;
	ssize_t n;

	rd = calloc(1, sizeof(*rd));
	pthread_barrier_wait(&run->go);
	if (rd == NULL) {
		snprintf(c->err, sizeof(c->err), "out of memory");
		return NULL;
	}
	warm_end = run->t_start + (int64_t)(run->warmup * 1e9);
	/*
	 * Ids unique across clients and small, as real clients use them
	 * (cJSON prints a number above INT_MAX through "%1.15g" and sscanf,
	 * ten times the cost of "%d": huge ids would measure that instead).
	 */
	for (id = c->idx + 1;; id += run->nclients) {
		reqlen = (size_t)snprintf(req, sizeof(req),
		    "{\"v\":1,\"id\":%lld,\"cmd\":\"%s\"}\n", (long long)id,
		    run->cmd);
		t0 = now_ns();
		if (t0 >= run->t_end)
			break;
		if (write_all(c->fd, req, reqlen) < 0) {
			snprintf(c->err, sizeof(c->err), "write: %s",
			    strerror(errno));
			break;
		}
		if ((n = read_line(c->fd, rd, &line)) <= 0) {
			snprintf(c->err, sizeof(c->err), "read: %s", n == 0 ?
			    "connection closed by the server" : strerror(errno));
			break;
		}
		t1 = now_ns();
		c->done++;
		if (run->check_id) {
			wantlen = (size_t)snprintf(want, sizeof(want),
			    "{\"v\":1,\"id\":%lld,\"ok\":true,", (long long)id);
			if ((size_t)n < wantlen ||
			    memcmp(line, want, wantlen) != 0) {
				if (c->errors++ == 0)
					snprintf(c->err, sizeof(c->err),
					    "unexpected reply: %.100s", line);
			}
		}
		if (t0 >= warm_end && lat_push(c, (uint64_t)(t1 - t0)) < 0) {
			snprintf(c->err, sizeof(c->err), "out of memory");
			break;
		}
	}
	free(rd);
	return NULL;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Run the clients against one server; fills res.  -1 if it could not run. */
static int
run_load(struct run *run, int nclients, struct result *res)
{
	struct client *cl;
	uint64_t *all = NULL;
	size_t total = 0, k;
	int i, rc = -1, started = 0;

	memset(res, 0, sizeof(*res));
	run->nclients = nclients;
	if ((cl = calloc((size_t)nclients, sizeof(*cl))) == NULL)
		return -1;
	for (i = 0; i < nclients; i++)
		cl[i].fd = -1;
	for (i = 0; i < nclients; i++) {
		cl[i].run = run;
		cl[i].idx = i;
		if ((cl[i].fd = unix_connect(run->path)) == -1) {
			fprintf(stderr, "ctl_load: %s: %s\n", run->path,
			    strerror(errno));
			goto out;
		}
	}
	pthread_barrier_init(&run->go, NULL, (unsigned)nclients + 1);
	/* Deadlines are set before the barrier opens: one clock for all. */
	run->t_start = now_ns();
	run->t_end = run->t_start + (int64_t)((run->warmup + run->secs) * 1e9);
	for (i = 0; i < nclients; i++) {
		if (pthread_create(&cl[i].tid, NULL, client_main, &cl[i]) != 0) {
			fprintf(stderr, "ctl_load: pthread_create failed\n");
			exit(1);	/* the barrier would never open */
		}
		started++;
	}
	pthread_barrier_wait(&run->go);
	for (i = 0; i < started; i++)
		pthread_join(cl[i].tid, NULL);
	pthread_barrier_destroy(&run->go);
	for (i = 0; i < nclients; i++) {
		if (cl[i].err[0] != '\0') {
			fprintf(stderr, "ctl_load: %s: client %d: %s\n",
			    run->path, i, cl[i].err);
			if (cl[i].errors == 0)
				goto out;	/* it stopped early */
		}
		total += cl[i].nlat;
		res->errors += cl[i].errors;
		res->done += cl[i].done;
	}
	if (total == 0) {
		fprintf(stderr, "ctl_load: %s: no request completed\n",
		    run->path);
		goto out;
	}
	if ((all = malloc(total * sizeof(*all))) == NULL)
		goto out;
	for (i = 0, k = 0; i < nclients; i++) {
		memcpy(all + k, cl[i].lat, cl[i].nlat * sizeof(*all));
		k += cl[i].nlat;
	}
	qsort(all, total, sizeof(*all), cmp_u64);
	res->n = total;
	res->secs = run->secs;
	res->rps = (double)total / run->secs;
	res->p50_us = (double)all[(total - 1) / 2] / 1e3;
	/* Nearest rank: the smallest value with >= 99% at or below it. */
	res->p99_us = (double)all[(total * 99 + 99) / 100 - 1] / 1e3;
	res->max_us = (double)all[total - 1] / 1e3;
	rc = 0;
out:
	for (i = 0; i < nclients; i++) {
		if (cl[i].fd != -1)
			close(cl[i].fd);
		free(cl[i].lat);
	}
	free(all);
	free(cl);
	return rc;
}

/* ---- the baseline: a one-thread epoll echo server ------------------- */

struct echo {
	char		 dir[64];
	char		 path[128];
	int		 lfd, efd, stopfd;
	const char	*reply;
	size_t		 replylen;
	pthread_t	 tid;
};

static void *
echo_main(void *arg)
{
	struct echo *e = arg;
	struct epoll_event ev, evs[64];
	static char in[65536];
	char *out = NULL;
	size_t outcap = 0, need;
	ssize_t n, i, lines;
	int k, nev, fd;

	for (;;) {
		nev = epoll_wait(e->efd, evs, 64, -1);
		if (nev == -1 && errno == EINTR)
			continue;
		if (nev == -1)
			break;
		for (k = 0; k < nev; k++) {
			fd = evs[k].data.fd;
			if (fd == e->stopfd)
				goto done;
			if (fd == e->lfd) {
				if ((fd = accept4(e->lfd, NULL, NULL,
				    SOCK_CLOEXEC)) == -1)
					continue;
				ev.events = EPOLLIN;
				ev.data.fd = fd;
				epoll_ctl(e->efd, EPOLL_CTL_ADD, fd, &ev);
				continue;
			}
			n = read(fd, in, sizeof(in));
			if (n <= 0) {
				epoll_ctl(e->efd, EPOLL_CTL_DEL, fd, NULL);
				close(fd);
				continue;
			}
			/* One fixed line per request line. */
			for (i = 0, lines = 0; i < n; i++)
				lines += in[i] == '\n';
			need = (size_t)lines * e->replylen;
			if (need > outcap) {
				free(out);
				if ((out = malloc(need)) == NULL)
					goto done;
				outcap = need;
			}
			for (i = 0; i < lines; i++)
				memcpy(out + (size_t)i * e->replylen, e->reply,
				    e->replylen);
			if (need > 0 && write_all(fd, out, need) < 0) {
				epoll_ctl(e->efd, EPOLL_CTL_DEL, fd, NULL);
				close(fd);
			}
		}
	}
done:
	free(out);
	return NULL;
}

static int
echo_start(struct echo *e, const char *reply)
{
	struct sockaddr_un sun;
	struct epoll_event ev;

	snprintf(e->dir, sizeof(e->dir), "/tmp/ctl_load.XXXXXX");
	if (mkdtemp(e->dir) == NULL)
		return -1;
	snprintf(e->path, sizeof(e->path), "%s/echo.sock", e->dir);
	e->reply = reply;
	e->replylen = strlen(reply);
	if ((e->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, e->path, strlen(e->path));
	if (bind(e->lfd, (struct sockaddr *)&sun, sizeof(sun)) == -1 ||
	    listen(e->lfd, 64) == -1)
		return -1;
	if ((e->efd = epoll_create1(EPOLL_CLOEXEC)) == -1 ||
	    (e->stopfd = eventfd(0, EFD_CLOEXEC)) == -1)
		return -1;
	ev.events = EPOLLIN;
	ev.data.fd = e->lfd;
	epoll_ctl(e->efd, EPOLL_CTL_ADD, e->lfd, &ev);
	ev.data.fd = e->stopfd;
	epoll_ctl(e->efd, EPOLL_CTL_ADD, e->stopfd, &ev);
	if (pthread_create(&e->tid, NULL, echo_main, e) != 0)
		return -1;
	return 0;
}

static void
echo_stop(struct echo *e)
{
	uint64_t one = 1;

	if (write(e->stopfd, &one, sizeof(one)) != sizeof(one))
		perror("ctl_load: eventfd");
	pthread_join(e->tid, NULL);
	close(e->stopfd);
	close(e->efd);
	close(e->lfd);
	unlink(e->path);
	rmdir(e->dir);
}

/* The daemon's reply to one request, as the baseline's fixed line. */
static char *
sample_reply(const char *path, const char *cmd)
{
	struct lreader *rd;
	char req[256], *line, *copy = NULL;
	ssize_t n;
	int fd;

	if ((fd = unix_connect(path)) == -1) {
		fprintf(stderr, "ctl_load: %s: %s\n", path, strerror(errno));
		return NULL;
	}
	if ((rd = calloc(1, sizeof(*rd))) == NULL)
		goto out;
	n = snprintf(req, sizeof(req), "{\"v\":1,\"id\":1,\"cmd\":\"%s\"}\n",
	    cmd);
	if (write_all(fd, req, (size_t)n) < 0 ||
	    (n = read_line(fd, rd, &line)) <= 0) {
		fprintf(stderr, "ctl_load: %s: no reply\n", path);
		goto out;
	}
	if (strstr(line, "\"ok\":true") == NULL) {
		fprintf(stderr, "ctl_load: %s: %s failed: %s\n", path, cmd,
		    line);
		goto out;
	}
	if ((copy = malloc((size_t)n + 2)) != NULL) {
		memcpy(copy, line, (size_t)n);
		copy[n] = '\n';
		copy[n + 1] = '\0';
	}
out:
	free(rd);
	close(fd);
	return copy;
}

static void
print_row(const char *name, const struct result *r)
{
	printf("  %-18s %10llu %11.0f %9.1f %9.1f %10.1f %7llu\n", name,
	    (unsigned long long)r->n, r->rps, r->p50_us, r->p99_us,
	    r->max_us, (unsigned long long)r->errors);
}

static void
usage(void)
{
	fprintf(stderr, "usage: ctl_load [-c clients] [-d seconds] "
	    "[-w seconds] [-C command] [-s socket]\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *sock = NULL, *cmd = "status";
	struct run run;
	struct result base, dmn;
	struct echo e;
	char *reply = NULL, *end;
	double secs = 5, warmup = 0.5;
	long v;
	int ch, nclients = 8;

	while ((ch = getopt(argc, argv, "c:d:w:C:s:")) != -1) {
		switch (ch) {
		case 'c':
			v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 1 || v > 1024)
				usage();
			nclients = (int)v;
			break;
		case 'd':
			secs = strtod(optarg, &end);
			if (*end != '\0' || !(secs > 0 && secs <= 3600))
				usage();
			break;
		case 'w':
			warmup = strtod(optarg, &end);
			if (*end != '\0' || !(warmup >= 0 && warmup <= 60))
				usage();
			break;
		case 'C':
			if (strlen(optarg) > 64 || strpbrk(optarg, "\"\\\n"))
				usage();
			cmd = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();

	if (sock != NULL && (reply = sample_reply(sock, cmd)) == NULL)
		return 1;
	if (reply == NULL &&
	    (reply = strdup("{\"v\":1,\"id\":1,\"ok\":true,\"result\":"
	    "\"pong\"}\n")) == NULL)
		return 1;

	printf("ctl_load: %d clients, one connection and one request in "
	    "flight each, %.1f s measured after %.1f s warm-up\n", nclients,
	    secs, warmup);
	printf("  request {\"v\":1,\"id\":N,\"cmd\":\"%s\"}; reply %zu bytes "
	    "(the baseline sends a copy of it)\n", cmd, strlen(reply));
	printf("  %-18s %10s %11s %9s %9s %10s %7s\n", "server", "requests",
	    "req/s", "p50 us", "p99 us", "max us", "errors");

	memset(&e, 0, sizeof(e));
	if (echo_start(&e, reply) < 0) {
		perror("ctl_load: echo server");
		return 1;
	}
	memset(&run, 0, sizeof(run));
	run.path = e.path;
	run.cmd = cmd;
	run.secs = secs;
	run.warmup = warmup;
	if (run_load(&run, nclients, &base) < 0) {
		echo_stop(&e);
		return 1;
	}
	echo_stop(&e);
	print_row("echo (baseline)", &base);
	if (sock == NULL) {
		free(reply);
		return 0;
	}

	memset(&run, 0, sizeof(run));
	run.path = sock;
	run.cmd = cmd;
	run.check_id = 1;
	run.secs = secs;
	run.warmup = warmup;
	if (run_load(&run, nclients, &dmn) < 0)
		return 1;
	print_row("vmwatchd", &dmn);
	/* For per-request costs (ctl_load.sh under callgrind). */
	printf("  vmwatchd answered %llu requests in %.2f s (warm-up and the "
	    "sampled reply included)\n", (unsigned long long)dmn.done + 1,
	    secs + warmup);
	printf("  ratio vmwatchd/echo: req/s %.2fx, p50 %.2fx, p99 %.2fx\n",
	    dmn.rps / base.rps, dmn.p50_us / base.p50_us,
	    dmn.p99_us / base.p99_us);
	printf("  issue 3 targets, for reference: >= 20000 req/s (%.0f), "
	    "p99 <= 2000 us (%.1f)\n", dmn.rps, dmn.p99_us);
	free(reply);
	return dmn.errors != 0;
}
