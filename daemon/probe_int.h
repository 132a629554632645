/* SPDX-License-Identifier: ISC */
/*
 * probe_int.h - the prober's internals, shared by probe.c (probe table,
 * ids, timeouts, deferred results), probe_icmp.c (ICMP sockets) and
 * probe_tcp.c (TCP connects).  Not for other daemon files: they use probe.h.
 *
 * Ownership: struct vw_prober owns every struct vw__probe (freed as soon as
 * the probe ends or is cancelled: never from a libuv close callback) and
 * its handles; a TCP probe's uv_tcp_t lives in a separate struct vw__tcp
 * that outlives the probe until its close callback.  The prober itself is
 * freed when its last handle has closed (nhandles reaches 0 after close).
 */
#ifndef PROBE_INT_H
#define PROBE_INT_H

#include <stddef.h>
#include <stdint.h>

#include <uv.h>

#include "probe.h"

#define VW__PROBE_BUCKETS	256	/* id and sequence hash chains */
#define VW__ICMP_PAYLOAD	16	/* token (8) + send time (8) */
#define VW__ICMP_HDR		8

enum vw__pstate {
	VW__PS_PENDING = 1,	/* on the wire, in the timeout heap */
	VW__PS_DEFERRED = 2	/* result known, waiting for the next iteration */
};

struct vw__tcp;

struct vw__probe {
	struct vw_prober	*p;
	uint64_t		 id;
	int			 kind;		/* VW_PROBE_ICMP / VW_PROBE_TCP */
	int			 state;		/* enum vw__pstate */
	struct vw_ip		 addr;
	int			 port;
	vw_probe_cb		 cb;
	void			*arg;
	uint64_t		 sent_ns;	/* uv_hrtime() at send */
	uint64_t		 deadline_ns;
	size_t			 heap_idx;	/* SIZE_MAX when not in the heap */
	struct vw__probe	*id_next, **id_pprev;
	struct vw__probe	*seq_next, **seq_pprev;	/* ICMP, while pending */
	struct vw__probe	*def_next, **def_pprev;	/* while deferred */
	uint64_t		 def_gen;
	struct vw_probe_res	 res;		/* the deferred result */
	/* ICMP */
	uint16_t		 seq;
	int			 in_seq;	/* linked in the sequence table */
	uint64_t		 token;
	/* TCP */
	struct vw__tcp		*tcp;
};

/* One ICMP socket per family. */
struct vw__icmp {
	struct vw_prober	*p;
	int			 family;	/* VW_AF_INET / VW_AF_INET6 */
	int			 fd;		/* -1 until opened */
	int			 mode;		/* enum vw_icmp_mode */
	uv_poll_t		 poll;
};

struct vw_prober {
	uv_loop_t		*loop;
	uv_timer_t		 timer;		/* earliest deadline in the heap */
	uv_idle_t		 idle;		/* delivers deferred results */
	struct vw__icmp		 icmp4, icmp6;
	uint64_t		 next_id;
	uint64_t		 rng;		/* splitmix64 state (tokens, ident) */
	uint16_t		 next_seq;
	uint16_t		 ident;		/* echo id on raw sockets */
	size_t			 nicmp;		/* ICMP probes in the seq table */
	struct vw__probe	**heap;
	size_t			 nheap, heapcap;
	uint64_t		 armed_ns;	/* deadline the timer runs for; 0 */
	struct vw__probe	*ids[VW__PROBE_BUCKETS];
	struct vw__probe	*seqs[VW__PROBE_BUCKETS];
	struct vw__probe	*def_head, **def_tail;
	uint64_t		 def_gen;
	unsigned		 nhandles;	/* open libuv handles, prober's and TCP's */
	int			 closing;
	int			 no_recverr;	/* test hook: Linux error queue off */
	struct vw_prober_stats	 st;
};

/* probe.c */
uint64_t	vw__prober_rand(struct vw_prober *p);
/* End a probe with this result: unlink, release, then call back. */
void	vw__probe_finish(struct vw__probe *pr, const struct vw_probe_res *res);
/* A result known now (err > 0): delivered on the next loop iteration. */
void	vw__probe_defer(struct vw__probe *pr, int err);
/* Pending ICMP probe with this sequence number and family, or NULL. */
/* Give an ICMP probe a sequence number no pending probe uses. */
int	vw__probe_seq_alloc(struct vw_prober *p, struct vw__probe *pr);
struct vw__probe *vw__probe_by_seq(struct vw_prober *p, int family,
	    uint16_t seq);
/* A handle of the prober finished closing; frees the prober after the last. */
void	vw__prober_handle_closed(struct vw_prober *p);

/* probe_icmp.c */
int	vw__icmp_start(struct vw_prober *p, struct vw__probe *pr);
void	vw__icmp_close(struct vw__icmp *ic);
/* Read everything queued on the open ICMP sockets (before timeouts fire). */
void	vw__icmp_drain_all(struct vw_prober *p);
int	vw__icmp_errno(int family, int type, int code);

/* probe_tcp.c */
int	vw__tcp_start(struct vw_prober *p, struct vw__probe *pr);
/* The probe ended or was cancelled: close its socket (no callback). */
void	vw__tcp_release(struct vw__probe *pr);

#endif /* PROBE_INT_H */
