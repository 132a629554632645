/* SPDX-License-Identifier: ISC */
/*
 * probe_tcp.c - TCP connect probes.  A connection that opens, or one that
 * is refused (the guest's stack sent an RST), proves the guest answers;
 * any other connect error is the probe's errno; a timeout is a loss.
 *
 * The uv_tcp_t lives in a struct vw__tcp apart from the probe: a probe
 * ends at once (result, cancel, prober close) while its handle closes
 * through the loop and is freed in the close callback.
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <stdlib.h>
#include <string.h>

#include "probe_int.h"
#include "vw_error.h"

struct vw__tcp {
	uv_tcp_t		 h;
	uv_connect_t		 req;
	struct vw_prober	*p;
	struct vw__probe	*pr;		/* NULL once the probe ended */
	int			 connected;
};

static void
tcp_closed_cb(uv_handle_t *h)
{
	struct vw__tcp *t = h->data;
	struct vw_prober *p = t->p;

	free(t);
	vw__prober_handle_closed(p);
}

static void
tcp_connect_cb(uv_connect_t *req, int status)
{
	struct vw__tcp *t = req->data;
	struct vw__probe *pr = t->pr;
	struct vw_probe_res res;
	uint64_t now, rtt;

	/* Closed before the connect finished (timeout, cancel): UV_ECANCELED. */
	if (pr == NULL)
		return;
	now = uv_hrtime();
	memset(&res, 0, sizeof(res));
	res.sent_us = (int64_t)(pr->sent_ns / 1000);
	if (status == 0 || status == UV_ECONNREFUSED) {
		res.ok = 1;
		rtt = now > pr->sent_ns ? (now - pr->sent_ns + 999) / 1000 : 1;
		res.rtt_us = rtt > UINT32_MAX ? UINT32_MAX : (uint32_t)rtt;
		t->connected = status == 0;
	} else
		res.err = -status;	/* libuv's codes are -errno on Unix */
	vw__probe_finish(pr, &res);
}

int
vw__tcp_start(struct vw_prober *p, struct vw__probe *pr)
{
	struct vw__tcp *t;
	struct sockaddr_storage ss;
	struct sockaddr_in sin;
	struct sockaddr_in6 sin6;
	int r;

	if ((t = calloc(1, sizeof(*t))) == NULL)
		return VW_ENOMEM;
	if ((r = uv_tcp_init(p->loop, &t->h)) < 0) {
		free(t);
		vw__probe_defer(pr, -r);
		return 0;
	}
	t->h.data = t;
	t->req.data = t;
	t->p = p;
	t->pr = pr;
	pr->tcp = t;
	p->nhandles++;
	memset(&ss, 0, sizeof(ss));
	if (pr->addr.family == VW_AF_INET) {
		memset(&sin, 0, sizeof(sin));
		sin.sin_family = AF_INET;
		sin.sin_port = htons((uint16_t)pr->port);
		memcpy(&sin.sin_addr, pr->addr.a, 4);
		memcpy(&ss, &sin, sizeof(sin));
	} else {
		memset(&sin6, 0, sizeof(sin6));
		sin6.sin6_family = AF_INET6;
		sin6.sin6_port = htons((uint16_t)pr->port);
		memcpy(&sin6.sin6_addr, pr->addr.a, 16);
		sin6.sin6_scope_id = pr->addr.scope;
		memcpy(&ss, &sin6, sizeof(sin6));
	}
	pr->sent_ns = uv_hrtime();
	r = uv_tcp_connect(&t->req, &t->h, (const struct sockaddr *)&ss,
	    tcp_connect_cb);
	if (r < 0) {
		/* Known now (no route, no socket): no connect callback will
		   come; the handle closes and the result waits a loop turn. */
		vw__tcp_release(pr);
		vw__probe_defer(pr, -r);
		return 0;
	}
	p->st.sent++;
	return 0;
}

void
vw__tcp_release(struct vw__probe *pr)
{
	struct vw__tcp *t = pr->tcp;

	if (t == NULL)
		return;
	pr->tcp = NULL;
	t->pr = NULL;
	/*
	 * An open connection is reset rather than closed: the prober would
	 * otherwise keep one TIME_WAIT socket per probe for a minute (Linux
	 * 60 s; macOS 2 MSL = 30 s).  A pending connect is cancelled by
	 * uv_close (its callback then sees UV_ECANCELED and t->pr NULL).
	 */
	if (t->connected && uv_tcp_close_reset(&t->h, tcp_closed_cb) == 0)
		return;
	uv_close((uv_handle_t *)&t->h, tcp_closed_cb);
}
