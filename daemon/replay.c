/* SPDX-License-Identifier: ISC */
/*
 * replay.c - drive the daemon from a recording (see replay.h).
 *
 * "max" speed handles a batch of records per loop iteration (an idle
 * handle), so the control socket keeps answering while a long recording
 * replays; a factor N sleeps between records for (Δmono / N).  A bad
 * record ends the replay with a clear error naming its byte offset;
 * everything before it has been replayed, and the daemon keeps running
 * so its state can still be queried.
 */
#include <sys/stat.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <uv.h>

#include "config.h"
#include "bsd_drift.h"
#include "kapply.h"
#include "ksrc.h"
#include "record.h"
#include "replay.h"
#include "vmwatchd.h"
#include "vw_error.h"
#include "vw_rec.h"
#include "vw_target.h"
#include "vwlog.h"
#include "watch.h"

#define BATCH		512
#define MAX_FILE	(1024ull << 20)

struct vw_replay {
	struct vw_daemon	*d;
	char			*path;
	uint8_t			*buf;
	size_t			 len, pos;
	struct vw_rec_hdr	 hdr;
	double			 speed;		/* 0: max */
	uv_idle_t		 idle;
	uv_timer_t		 timer;
	int			 started;
	uint64_t		 nrec;
	int			 done;
	int			 in_dump;
	int			 initial;	/* the first dump: no diffs */
	unsigned		 dump_report;	/* VW_KRAW_REPORT_* of this dump */
	int			 drift;		/* BSD: announced-kind diffs in it */
	int			 config_seen;	/* CONFIG records handled */
	int			 host_os;	/* VW_OS_* of this build */
	int			 nested;	/* inside vw_replay_dump_now() */
	char			*dump_why;
	int64_t			 mono0;		/* first record's mono */
	uint64_t		 real0;		/* uv_hrtime at the start (paced) */
	char			 error[256];
	int			 nclosed;
};

int
vw_replay_open(const char *path, double speed, struct vw_replay **out,
    char *err, size_t errlen)
{
	struct vw_replay *rp;
	struct vw_perr pe;
	struct stat st;
	ssize_t n;
	size_t got = 0;
	int fd, r;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -errno;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (uint64_t)st.st_size > MAX_FILE) {
		snprintf(err, errlen, "%s: not a regular file of at most "
		    "1 GiB", path);
		close(fd);
		return VW_EINVAL;
	}
	if ((rp = calloc(1, sizeof(*rp))) == NULL ||
	    (rp->buf = malloc((size_t)st.st_size + 1)) == NULL ||
	    (rp->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		if (rp != NULL) {
			free(rp->buf);
			free(rp);
		}
		close(fd);
		return VW_ENOMEM;
	}
	while (got < (size_t)st.st_size) {
		n = read(fd, rp->buf + got, (size_t)st.st_size - got);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	rp->len = got;
	rp->speed = speed;
	rp->initial = 1;
	rp->host_os = vw_ksrc_os();
	if ((r = vw_rec_decode_hdr(rp->buf, rp->len, &rp->hdr, &pe)) < 0) {
		snprintf(err, errlen, "%s: byte %llu: %s", path, pe.off,
		    pe.msg);
		vw_replay_free(rp);
		return r;
	}
	if (rp->hdr.os != VW_OS_DARWIN && rp->hdr.os != VW_OS_FREEBSD &&
	    rp->hdr.os != VW_OS_LINUX) {
		snprintf(err, errlen, "%s: recorded on an unknown OS (%d)",
		    path, rp->hdr.os);
		vw_replay_free(rp);
		return VW_EINVAL;
	}
	rp->pos = VW_REC_HDRLEN;
	*out = rp;
	return 0;
}

int
vw_replay_os(const struct vw_replay *rp)
{
	return rp->hdr.os;
}

uint64_t
vw_replay_base_seq(const struct vw_replay *rp)
{
	return rp->hdr.base_seq;
}

int
vw_replay_privileged(const struct vw_replay *rp)
{
	return (rp->hdr.flags & VW_REC_HF_PRIVILEGED) != 0;
}

void
vw_replay_adopt_config(struct vw_config *cfg, struct vw_config *rec)
{
	struct vw_config_target *tv = cfg->targets;
	struct vw_config_discovery dv = cfg->discovery;
	size_t nt = cfg->ntargets;

	cfg->targets = rec->targets;
	cfg->ntargets = rec->ntargets;
	cfg->discovery = rec->discovery;
	cfg->history = rec->history;
	rec->targets = tv;
	rec->ntargets = nt;
	rec->discovery = dv;
	vw_config_free(rec);
	free(rec);
}

/* A config recorded after a reload: apply it as the live daemon did. */
static void
reload(struct vw_replay *rp, const struct vw_rec *rec)
{
	struct vw_daemon *d = rp->d;
	struct vw_config *c;
	struct vw_event ev;
	char err[VW_CONFIG_ERRLEN];

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return;
	if (vw_config_parse((const char *)rec->data, rec->len,
	    "recorded config", c, err, sizeof(err)) < 0) {
		vw_log_warnx("replay: %s", err);
		free(c);
		return;
	}
	vw_replay_adopt_config(d->cfg, c);
	vw_watch_reconfigure(d);
	vw_event_init(&ev, VW_EV_DAEMON_RELOAD);
	snprintf(ev.u.info.text, sizeof(ev.u.info.text), "recorded config");
	vw_daemon_emit(d, &ev, 0);
}

static void
fail(struct vw_replay *rp, const struct vw_perr *pe)
{
	snprintf(rp->error, sizeof(rp->error), "%s: byte %llu: %s", rp->path,
	    pe->off, pe->msg);
	vw_log_warnx("replay stopped: %s; the %llu records before it were "
	    "replayed", rp->error, (unsigned long long)rp->nrec);
	rp->done = 1;
}

/* A dump's diffs: the daemon's handler, and the BSD drift count. */
static void
dump_diff_cb(const struct vw_event *diff, void *arg)
{
	struct vw_replay *rp = arg;

	if (rp->hdr.os != VW_OS_LINUX &&
	    !vw_bsd_diff_unannounced(rp->hdr.os, diff))
		rp->drift++;
	vw_daemon_diff_cb(diff, rp->d);
}

static void
kbytes(struct vw_replay *rp, const struct vw_rec *rec, int diffs)
{
	struct vw_daemon *d = rp->d;
	struct vw_kapply a;
	size_t used;

	memset(&a, 0, sizeof(a));
	a.table = d->table;
	a.os = rp->hdr.os;
	a.keep_carrier = rp->hdr.os == VW_OS_DARWIN;
	a.now_s = vw_now_us() / 1000000;
	a.base_off = rec->off + VW_REC_RECHDRLEN;
	if (!diffs)
		a.cb = NULL;
	else if (rp->in_dump) {
		a.cb = dump_diff_cb;
		a.arg = rp;
	} else {
		a.cb = vw_daemon_diff_cb;
		a.arg = d;
	}
	used = vw_kapply_buf(&a, rec->data, rec->len);
	if (used < rec->len)
		vw_log_warnx("replay: %s: byte %llu: %s; rest of the record "
		    "dropped", rp->path, a.err.off, a.err.msg);
}

/*
 * A recorded process name belongs to the newest events of that pid that
 * have none yet (the live daemon named them just after emitting them).
 */
static void
name_process(struct vw_replay *rp, const struct vw_rec *rec)
{
	struct vw_history *h = &rp->d->hist;
	struct vw_hevent *he;
	size_t n = vw_history_count(h), i, k, len = rec->len - 4;
	int32_t pid = (int32_t)((uint32_t)rec->data[0] |
	    (uint32_t)rec->data[1] << 8 | (uint32_t)rec->data[2] << 16 |
	    (uint32_t)rec->data[3] << 24);

	if (len >= sizeof(he->proc))
		len = sizeof(he->proc) - 1;
	for (i = n, k = 0; i > 0 && k < 64; i--, k++) {
		he = vw_history_get(h, i - 1);
		if (he->ev.origin.msg_pid != pid || he->proc[0] != '\0')
			continue;
		memcpy(he->proc, rec->data + 4, len);
		he->proc[len] = '\0';
	}
}

/* Handle one record.  Returns 1 to go on, 0 at the end, -1 on error. */
static int
step(struct vw_replay *rp)
{
	struct vw_daemon *d = rp->d;
	struct vw_rec rec;
	struct vw_rec_probe p;
	struct vw_rec_clock c;
	struct vw_probe_res res;
	struct vw_perr pe;
	struct vw_ip ip;
	unsigned objs;
	int r, repaired;

	if ((r = vw_rec_next(rp->buf, rp->len, &rp->pos, &rec, &pe)) <= 0) {
		if (r < 0)
			fail(rp, &pe);
		return r < 0 ? -1 : 0;
	}
	rp->nrec++;
	if (rp->nrec == 1)
		rp->mono0 = rec.mono_us;
	vw_vclock_advance(rec.mono_us);
	switch (rec.type) {
	case VW_REC_CLOCK:
		if (vw_rec_decode_clock(&rec, &c, &pe) < 0) {
			fail(rp, &pe);
			return -1;
		}
		vw_vclock_set(c.wall_us, c.mono_us);
		if (!rp->initial)
			vw_watch_replay_clock(d, c.wall_us, c.mono_us,
			    c.sleep_us);
		break;
	case VW_REC_DUMP_BEGIN:
		objs = rec.len >= 4 ? (unsigned)rec.data[0] |
		    (unsigned)rec.data[1] << 8 | (unsigned)rec.data[2] << 16 |
		    (unsigned)rec.data[3] << 24 : 0;
		free(rp->dump_why);
		rp->dump_why = NULL;
		if (rec.len > 4 && (rp->dump_why = malloc(rec.len - 3)) !=
		    NULL) {
			memcpy(rp->dump_why, rec.data + 4, rec.len - 4);
			rp->dump_why[rec.len - 4] = '\0';
		}
		rp->dump_report = objs & (VW_KRAW_REPORT_ALWAYS |
		    VW_KRAW_REPORT_DRIFT);
		rp->drift = 0;
		vw_table_sync_begin(d->table, objs & VW_KRAW_OBJS_MASK);
		rp->in_dump = 1;
		break;
	case VW_REC_KMSG:
		kbytes(rp, &rec, !rp->initial);
		break;
	case VW_REC_DUMP_END:
		if (!rp->in_dump)
			break;
		rp->in_dump = 0;
		repaired = vw_table_sync_end(d->table, rp->initial ? NULL :
		    dump_diff_cb, rp);
		/*
		 * Report it as the live source did (the flags it recorded):
		 * always, only when messages were lost (the BSDs count the
		 * diffs of kinds the kernel announces), or not at all.
		 */
		if (rp->hdr.os != VW_OS_LINUX)
			repaired = rp->drift;
		if (!rp->initial && ((rp->dump_report & VW_KRAW_REPORT_ALWAYS) ||
		    ((rp->dump_report & VW_KRAW_REPORT_DRIFT) && repaired > 0)))
			vw_daemon_resync_cb(repaired, rp->dump_why != NULL ?
			    rp->dump_why : "resync", d);
		rp->initial = 0;
		break;
	case VW_REC_PROBE:
		if (vw_rec_decode_probe(&rec, &p, &pe) < 0) {
			fail(rp, &pe);
			return -1;
		}
		memset(&res, 0, sizeof(res));
		res.sent_us = p.sent_us;
		res.ok = p.ok;
		res.icmp_type = p.icmp_type;
		res.icmp_code = p.icmp_code;
		res.rtt_us = p.rtt_us;
		/* errno values differ between systems (EHOSTUNREACH is 65
		   on macOS, 113 on Linux): name them as this host does. */
		res.err = p.err;
		if (p.err != 0 && rp->hdr.os != rp->host_os &&
		    (res.err = vw_rec_errno_to_host(rp->hdr.os, p.err)) == 0)
			res.err = EIO;	/* a failed send, kind unknown here */
		vw_watch_replay_probe(d, &p.addr, &res, p.fast);
		break;
	case VW_REC_SETTLE:
		if (vw_rec_decode_addr(rec.data, rec.len, &ip) == 0)
			vw_watch_replay_settle(d, &ip);
		break;
	case VW_REC_CONFIG:
		if (rp->config_seen++ > 0 && !rp->initial)
			reload(rp, &rec);
		break;
	case VW_REC_RETIRE:
		if (vw_rec_decode_addr(rec.data, rec.len, &ip) == 0)
			vw_watch_replay_retire(d, &ip);
		break;
	case VW_REC_PROC:
		if (rec.len > 4)
			name_process(rp, &rec);
		break;
	case VW_REC_NOTE:
		vw_log_info("replay: note: %.*s", (int)(rec.len > 200 ? 200 :
		    rec.len), (const char *)rec.data);
		break;
	default:	/* CONFIG after the start, unknown types: skipped */
		break;
	}
	return 1;
}

int
vw_replay_preload(struct vw_replay *rp, struct vw_daemon *d,
    struct vw_config **cfg, char *err, size_t errlen)
{
	struct vw_config *c;
	struct vw_rec rec;
	struct vw_perr pe;
	size_t pos;
	int r;

	*cfg = NULL;
	rp->d = d;
	/* The config first: the targets must exist before anything else. */
	pos = rp->pos;
	while ((r = vw_rec_next(rp->buf, rp->len, &pos, &rec, &pe)) == 1) {
		if (rec.type == VW_REC_CONFIG) {
			if ((c = calloc(1, sizeof(*c))) == NULL)
				return VW_ENOMEM;
			if ((r = vw_config_parse((const char *)rec.data,
			    rec.len, "recorded config", c, err,
			    errlen)) < 0) {
				free(c);
				return r;
			}
			*cfg = c;
			break;
		}
		if (rec.type == VW_REC_DUMP_END)
			break;
	}
	/* Then everything up to the end of the first dump, without diffs. */
	while (rp->initial) {
		if ((r = step(rp)) <= 0) {
			snprintf(err, errlen, "%s", rp->error[0] ? rp->error :
			    "the recording holds no complete kernel dump");
			return r < 0 ? VW_EINVAL : VW_ENOENT;
		}
	}
	return 0;
}

static void
finish(struct vw_replay *rp)
{
	if (!rp->done) {
		rp->done = 1;
		vw_log_info("replay of %s finished: %llu records", rp->path,
		    (unsigned long long)rp->nrec);
	}
	uv_idle_stop(&rp->idle);
	uv_timer_stop(&rp->timer);
	vw_log_flush();
}

static void	idle_cb(uv_idle_t *h);

static void
resume_cb(uv_timer_t *t)
{
	struct vw_replay *rp = t->data;

	uv_idle_start(&rp->idle, idle_cb);
}

/* The JSON log's backlog above which a replay waits for the disk. */
#define LOG_BACKLOG_MAX	(VW_LOG_PENDING_MAX / 4)

static void
idle_cb(uv_idle_t *h)
{
	struct vw_replay *rp = h->data;
	int i;

	for (i = 0; i < BATCH; i++) {
		/* Let the writer drain on the thread pool; again in 1 ms.
		   (Checked per record: one can carry a thousand events.) */
		if (vw_log_backlog() > LOG_BACKLOG_MAX) {
			uv_idle_stop(&rp->idle);
			uv_timer_start(&rp->timer, resume_cb, 1, 0);
			return;
		}
		if (step(rp) <= 0) {
			finish(rp);
			return;
		}
	}
}

/* Paced: handle every record that is due, then sleep until the next. */
static void
timer_cb(uv_timer_t *t)
{
	struct vw_replay *rp = t->data;
	struct vw_rec rec;
	struct vw_perr pe;
	size_t pos;
	double due_ms, now_ms;
	int r, i;

	for (i = 0; ; i++) {
		if (i == BATCH) {
			/* Let the loop breathe (control socket), then go on. */
			uv_timer_start(&rp->timer, timer_cb, 0, 0);
			return;
		}
		pos = rp->pos;
		if ((r = vw_rec_next(rp->buf, rp->len, &pos, &rec, &pe)) <= 0) {
			if (r < 0)
				fail(rp, &pe);
			finish(rp);
			return;
		}
		due_ms = (double)(rec.mono_us - rp->mono0) / 1000.0 /
		    rp->speed;
		now_ms = (double)(uv_hrtime() - rp->real0) / 1e6;
		if (due_ms > now_ms) {
			/* At most a day between records, whatever the file says. */
			uv_timer_start(&rp->timer, timer_cb,
			    (uint64_t)(due_ms - now_ms < 86400e3 ?
			    due_ms - now_ms : 86400e3) + 1, 0);
			return;
		}
		if (step(rp) <= 0) {
			finish(rp);
			return;
		}
	}
}

void
vw_replay_start(struct vw_replay *rp)
{
	struct vw_daemon *d = rp->d;

	uv_idle_init(d->loop, &rp->idle);
	uv_timer_init(d->loop, &rp->timer);
	rp->idle.data = rp->timer.data = rp;
	rp->started = 1;
	/* The clock starts where the preload left the recording. */
	rp->real0 = uv_hrtime();
	rp->mono0 = vw_mono_us();
	if (rp->speed <= 0)
		uv_idle_start(&rp->idle, idle_cb);
	else
		uv_timer_start(&rp->timer, timer_cb, 0, 0);
}

void
vw_replay_dump_now(struct vw_replay *rp)
{
	struct vw_rec rec;
	struct vw_perr pe;
	size_t pos = rp->pos;

	/*
	 * Only a dump, and only its own records: anything else inside it
	 * could call back here (a probe's verdict re-reads again) and a
	 * crafted file would recurse without end.
	 */
	if (rp->done || rp->nested || vw_rec_next(rp->buf, rp->len, &pos,
	    &rec, &pe) != 1 || rec.type != VW_REC_DUMP_BEGIN)
		return;
	rp->nested = 1;
	do {
		pos = rp->pos;
		if (vw_rec_next(rp->buf, rp->len, &pos, &rec, &pe) == 1 &&
		    rec.type != VW_REC_KMSG && rec.type != VW_REC_DUMP_END &&
		    rec.type != VW_REC_DUMP_BEGIN) {
			vw_perr_set(&pe, rec.off, VW_EINVAL, "record %llu "
			    "(%s) inside a verdict's re-read",
			    (unsigned long long)rp->nrec + 1,
			    vw_rec_type_name(rec.type));
			fail(rp, &pe);
			break;
		}
		if (step(rp) <= 0)
			break;
	} while (rp->in_dump);
	rp->nested = 0;
}

cJSON *
vw_replay_status(const struct vw_replay *rp)
{
	cJSON *o;

	if ((o = cJSON_CreateObject()) == NULL)
		return NULL;
	cJSON_AddStringToObject(o, "file", rp->path);
	cJSON_AddStringToObject(o, "os", vw_os_name(rp->hdr.os));
	cJSON_AddNumberToObject(o, "records", (double)rp->nrec);
	cJSON_AddNumberToObject(o, "offset", (double)rp->pos);
	cJSON_AddNumberToObject(o, "size", (double)rp->len);
	cJSON_AddBoolToObject(o, "done", rp->done);
	if (rp->error[0])
		cJSON_AddStringToObject(o, "error", rp->error);
	else
		cJSON_AddNullToObject(o, "error");
	return o;
}

static void
free_cb(uv_handle_t *h)
{
	struct vw_replay *rp = h->data;

	if (++rp->nclosed < 2)
		return;
	free(rp->dump_why);
	free(rp->buf);
	free(rp->path);
	free(rp);
}

void
vw_replay_free(struct vw_replay *rp)
{
	if (rp == NULL)
		return;
	if (rp->started) {
		uv_close((uv_handle_t *)&rp->idle, free_cb);
		uv_close((uv_handle_t *)&rp->timer, free_cb);
		return;
	}
	free(rp->dump_why);
	free(rp->buf);
	free(rp->path);
	free(rp);
}
