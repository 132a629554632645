/* SPDX-License-Identifier: ISC */
/*
 * config.h - vmwatchd's configuration: a JSON object whose keys, types,
 * defaults, bounds and validators come from one descriptor table in
 * config.c (Redis static_configs style).  That table drives parsing,
 * defaults, validation, comparison and the normalized printout.
 *
 * The documented default is config/vmwatch.json; the build compiles it in
 * as vw_default_config[] (see the end of the top-level CMakeLists.txt), and
 * a unit test checks that it parses to exactly vw_config_defaults().
 *
 * Errors are one line, naming the file and either line:column (syntax) or
 * the JSON pointer of the value (RFC 6901), what was expected and what was
 * found:
 *   vmwatch.json:3:14: syntax error: expected ',' or '}'
 *   vmwatch.json: /kernel/rcvbuf: expected an integer between 65536 and
 *       268435456, got 12
 *
 * Pure: no I/O except vw_config_print(), which writes to a caller's FILE.
 *
 * Ownership: a struct vw_config owns its strings and arrays; release them
 * with vw_config_free(), which leaves a zeroed struct (freeing a zeroed
 * struct is a no-op).  Functions that fail leave their output zeroed.
 */
#ifndef VW_CONFIG_H
#define VW_CONFIG_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "vw_addr.h"

/* Largest config text accepted (the daemon refuses bigger files). */
#define VW_CONFIG_MAX_TEXT	(1024 * 1024)
#define VW_CONFIG_MAX_TARGETS	4096
#define VW_CONFIG_MAX_IFGLOBS	64
#define VW_CONFIG_NAME_MAX	64	/* target name, bytes */
#define VW_CONFIG_ERRLEN	512	/* an err buffer this big never cuts */

/* log.kernel_events */
enum vw_kevlog {
	VW_KEVLOG_NONE = 0,	/* no human line for kernel changes */
	VW_KEVLOG_PATH = 1,	/* those on the path to a target */
	VW_KEVLOG_ALL = 2	/* every kernel change */
};

/* targets[].probe */
enum vw_probe_kind {
	VW_PROBE_ICMP = 1,
	VW_PROBE_TCP = 2,	/* connect() to vw_config_target.port */
	VW_PROBE_NEIGHBOR = 3	/* ARP / NDP resolution only */
};

struct vw_config_log {
	char		*json;		/* JSON-lines event file; NULL: none */
	int		 to_syslog;
	int		 to_stderr;
	int		 kernel_events;	/* enum vw_kevlog */
	int		 rate_limit_per_min;
};

struct vw_config_kernel {
	int		 rcvbuf;	/* bytes */
	uint32_t	 resync_interval_ms;
	uint32_t	 arp_poll_ms;
};

struct vw_config_probe {
	int		 kind;		/* enum vw_probe_kind */
	int		 port;		/* VW_PROBE_TCP: 1..65535, else 0 */
};

/* An "ADDRESS:PORT" listener; IPv6 as "[2001:db8::1]:9469". */
struct vw_config_listen {
	int		 enabled;	/* 0: null (off) */
	struct vw_ip	 ip;
	int		 port;
};

struct vw_config_target {
	struct vw_ip	 address;
	char		*name;		/* NULL: none */
	struct vw_config_probe probe;
	uint32_t	 interval_ms;
	uint32_t	 timeout_ms;	/* <= interval_ms */
	int		 down_after;	/* failed probes before target.down */
	int		 up_after;	/* good probes before target.up */
	int		 degraded_loss_pct;	/* window loss % -> degraded; 0 off */
	uint32_t	 degraded_rtt_ms;	/* window average RTT -> degraded */
};

struct vw_config_discovery {
	int		 enabled;
	char		**interfaces;	/* fnmatch(3) patterns */
	size_t		 ninterfaces;
	uint32_t	 retire_after_ms;
};

struct vw_config_history {
	int		 size;		/* events kept */
};

struct vw_config_metrics {
	struct vw_config_listen listen;
};

struct vw_config {
	char		*socket;	/* NULL: the daemon's default path */
	int		 socket_mode;	/* 0660, 0600, or 0: by euid */
	char		*socket_group;	/* NULL: none */
	struct vw_config_log		log;
	struct vw_config_kernel		kernel;
	struct vw_config_target		*targets;
	size_t				 ntargets;
	struct vw_config_discovery	discovery;
	struct vw_config_history	history;
	struct vw_config_metrics	metrics;
};

/*
 * The compiled-in config/vmwatch.json, NUL-terminated.  Defined by the
 * generated vw_default_config.c, which is linked into vmwatchd and
 * test_config only (libvmwatch does not carry it).
 */
extern const char	vw_default_config[];
extern const size_t	vw_default_config_len;	/* without the NUL */

/* Every key at its default.  0, or VW_ENOMEM. */
int	vw_config_defaults(struct vw_config *cfg);

/*
 * Parse and validate `len` bytes of JSON (no NUL needed).  `filename`
 * prefixes every message (NULL: "config").  Returns 0 and fills *out, or a
 * negative VW_E* code (VW_ESYNTAX: not JSON; VW_EINVAL: a key or value is
 * wrong; VW_ENOMEM) with one line in err, and *out zeroed.
 */
int	vw_config_parse(const char *text, size_t len, const char *filename,
	    struct vw_config *out, char *err, size_t errlen);

/*
 * Append a target given as "ADDRESS[=NAME]" (the --target option), with
 * every other target key at its default.  Returns 0, VW_EINVAL with a
 * message (bad address, empty or bad name, address already a target), or
 * VW_ENOMEM.  cfg is unchanged on failure.
 */
int	vw_config_add_target(struct vw_config *cfg, const char *spec,
	    char *err, size_t errlen);

/* A target with every key at its default (address unset, name NULL):
   what discovered guests are probed with.  0 or VW_ENOMEM. */
int	vw_config_target_defaults(struct vw_config_target *t);

/*
 * The normalized form: pretty JSON, two-space indent, keys in table order,
 * every key present (unset values as null), durations in their largest
 * exact unit.  It parses back to an equal config.  vw_config_to_json()
 * returns a malloc'ed NUL-terminated string (NULL: out of memory).
 */
char	*vw_config_to_json(const struct vw_config *cfg);
int	 vw_config_print(const struct vw_config *cfg, FILE *fp);

/*
 * Report each key whose value differs between a and b, by JSON pointer
 * ("/log/json"; a changed target list is "/targets"), in table order.
 * `restart` is 1 for keys that a running daemon applies only at start
 * (socket, log sinks, kernel socket).  Returns the number of differences;
 * cb may be NULL.
 */
typedef void	(*vw_config_diff_cb)(const char *pointer, int restart,
		    void *arg);
size_t	vw_config_diff(const struct vw_config *a, const struct vw_config *b,
	    vw_config_diff_cb cb, void *arg);
int	vw_config_equal(const struct vw_config *a, const struct vw_config *b);

void	vw_config_free(struct vw_config *cfg);

/* "500ms", "30s", "10m", "1h": the largest unit that divides ms exactly. */
int	vw_config_fmt_duration(uint32_t ms, char *buf, size_t len);
/* Parse "<digits><ms|s|m|h>"; 0, VW_EINVAL (form) or VW_ERANGE (> 2^32-1 ms). */
int	vw_config_parse_duration(const char *s, uint32_t *ms);

#endif /* VW_CONFIG_H */
