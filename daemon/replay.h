/* SPDX-License-Identifier: ISC */
/*
 * replay.h - `vmwatchd --replay FILE [--speed N|max]`: the whole daemon
 * (table, watchdog, diagnosis, logs, control socket) driven by a
 * recording instead of the kernel and the prober.  The recording's OS
 * picks the decoder, so a macOS incident replays on Linux.
 *
 * Kernel bytes go through lib/kapply.c exactly as live reads do, probe
 * outcomes and settled verdicts go to the watchdog in file order, and the
 * daemon's clocks follow the records (vw_vclock_*), so the replayed
 * events carry the incident's times and the same sequence numbers.
 *
 * Ownership: the replay belongs to the daemon context (d->replay) and owns
 * the file's bytes; vw_replay_free() releases it through the loop.
 */
#ifndef REPLAY_H
#define REPLAY_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct vw_daemon;
struct vw_config;
struct vw_replay;

/*
 * Read the file and check its header.  Returns 0, or a negative code with
 * one line in err (missing file, not a recording, unsupported version).
 * speed: 0 for "max", else the factor (1 = as recorded).
 */
int	vw_replay_open(const char *path, double speed, struct vw_replay **out,
	    char *err, size_t errlen);
/* The OS (VW_OS_*) whose table the recording needs. */
int	vw_replay_os(const struct vw_replay *rp);
/* The event seq the recording started after (0: from the daemon's start). */
uint64_t vw_replay_base_seq(const struct vw_replay *rp);
/* Did the recording daemon run as root (Local Network privacy)? */
int	vw_replay_privileged(const struct vw_replay *rp);
/*
 * Take the recorded targets, discovery and history settings into cfg
 * (sockets, logs and the rest stay this run's own); frees rec.
 */
void	vw_replay_adopt_config(struct vw_config *cfg, struct vw_config *rec);

/*
 * Handle the records up to the end of the first kernel dump: the config
 * (*cfg receives the recorded one, owned by the caller, or NULL when the
 * file has none), the clock anchor, and the initial dump applied without
 * diffs.  d->table must exist.  0 or a negative code with err.
 */
int	vw_replay_preload(struct vw_replay *rp, struct vw_daemon *d,
	    struct vw_config **cfg, char *err, size_t errlen);

/* Replay the rest on d's loop. */
void	vw_replay_start(struct vw_replay *rp);

/*
 * macOS diagnosis re-reads the tables before a verdict; in a replay the
 * re-read was recorded right after the probe that triggered it: apply the
 * next dump now if that is what comes next.
 */
void	vw_replay_dump_now(struct vw_replay *rp);

/* {"file","os","records","offset","size","done","error"} for status. */
cJSON	*vw_replay_status(const struct vw_replay *rp);

void	vw_replay_free(struct vw_replay *rp);

#endif /* REPLAY_H */
