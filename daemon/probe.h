/* SPDX-License-Identifier: ISC */
/*
 * probe.h - the prober: ICMP echo (IPv4 and IPv6) and TCP connect probes on
 * the daemon's loop.  ICMP uses an unprivileged datagram ICMP socket where
 * the OS allows it (macOS always; Linux when net.ipv4.ping_group_range
 * holds our group), else a raw socket when root.  One socket per family is
 * shared by all targets; replies are matched by sequence number and
 * source address.
 *
 * Every probe started ends in exactly one callback (answered, timed out,
 * send failed, ICMP error) unless it is cancelled first.  The callback is
 * never called from inside vw_probe_start(): a failure known at once is
 * delivered on the next loop iteration, so callers need no re-entrancy.
 *
 * Ownership: the prober borrows the loop; vw_prober_close() cancels every
 * pending probe (no callbacks) and frees it through the loop.
 */
#ifndef PROBE_H
#define PROBE_H

#include <stdint.h>

#include <uv.h>

#include "vw_addr.h"
#include "vw_target.h"

struct vw_prober;

typedef void (*vw_probe_cb)(const struct vw_probe_res *res, void *arg);

/* ICMP socket kinds, per family. */
enum vw_icmp_mode { VW_ICMP_NONE = 0, VW_ICMP_DGRAM = 1, VW_ICMP_RAW = 2 };

struct vw_prober_stats {
	uint64_t	sent, received, timeouts, send_errors, icmp_errors;
	uint64_t	stray;		/* replies that matched no pending probe */
};

/*
 * Create the prober.  ICMP sockets open lazily on the first probe of each
 * family; a family whose socket cannot be opened fails its probes with the
 * errno (EPERM / EACCES), which the diagnosis reports.
 */
int	vw_prober_new(uv_loop_t *loop, struct vw_prober **out);
void	vw_prober_close(struct vw_prober *p);
int	vw_prober_icmp_mode(const struct vw_prober *p, int family);
void	vw_prober_stats(const struct vw_prober *p, struct vw_prober_stats *st);

/*
 * Start one probe of `addr`: kind VW_PROBE_ICMP (port ignored) or
 * VW_PROBE_TCP (connect to port; a refused connection counts as answered,
 * since the guest's stack sent the RST).  *id receives a handle for
 * vw_probe_cancel().  Returns 0 or a negative VW_E* code (bad arguments,
 * out of memory); socket errors are results, not return codes.
 */
int	vw_probe_start(struct vw_prober *p, const struct vw_ip *addr, int kind,
	    int port, uint32_t timeout_ms, vw_probe_cb cb, void *arg,
	    uint64_t *id);
void	vw_probe_cancel(struct vw_prober *p, uint64_t id);

#endif /* PROBE_H */
