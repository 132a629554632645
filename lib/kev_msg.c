/* SPDX-License-Identifier: ISC */
/*
 * kev_msg.c - macOS kernel events (kern_event_msg) decoded into what the
 * mirror must do: a link change it can apply at once, or a re-dump or ARP
 * poll the daemon schedules.  See kev_msg.h for the layouts' sources.
 */
#include <stdio.h>
#include <string.h>

#include "bsd_wire.h"
#include "kev_msg.h"

/*
 * The network events the mirror knows; every other one is VW_KEV_NONE.
 * DETACHING comes first, while the interface still has its routes and
 * addresses: act on DETACHED, when it is gone.  SIFFLAGS, SIFMTU and the
 * INET address events duplicate RTM_IFINFO / RTM_NEWADDR / RTM_DELADDR.
 */
static const struct kev_code {
	uint32_t	 sub, code;
	int		 action;
	const char	*name;
} codes[] = {
	{ VW_KEV_DL_SUBCLASS, VW_KEV_DL_SIFFLAGS, VW_KEV_NONE,
	    "KEV_DL_SIFFLAGS" },
	{ VW_KEV_DL_SUBCLASS, VW_KEV_DL_SIFMTU, VW_KEV_NONE, "KEV_DL_SIFMTU" },
	{ VW_KEV_DL_SUBCLASS, VW_KEV_DL_IF_ATTACHED, VW_KEV_ATTACH,
	    "KEV_DL_IF_ATTACHED" },
	{ VW_KEV_DL_SUBCLASS, VW_KEV_DL_IF_DETACHING, VW_KEV_NONE,
	    "KEV_DL_IF_DETACHING" },
	{ VW_KEV_DL_SUBCLASS, VW_KEV_DL_IF_DETACHED, VW_KEV_DETACH,
	    "KEV_DL_IF_DETACHED" },
	{ VW_KEV_DL_SUBCLASS, VW_KEV_DL_LINK_OFF, VW_KEV_CARRIER_OFF,
	    "KEV_DL_LINK_OFF" },
	{ VW_KEV_DL_SUBCLASS, VW_KEV_DL_LINK_ON, VW_KEV_CARRIER_ON,
	    "KEV_DL_LINK_ON" },
	{ VW_KEV_DL_SUBCLASS, VW_KEV_DL_LINK_ADDRESS_CHANGED, VW_KEV_LLADDR,
	    "KEV_DL_LINK_ADDRESS_CHANGED" },
	{ VW_KEV_INET_SUBCLASS, VW_KEV_INET_NEW_ADDR, VW_KEV_NONE,
	    "KEV_INET_NEW_ADDR" },
	{ VW_KEV_INET_SUBCLASS, VW_KEV_INET_CHANGED_ADDR, VW_KEV_NONE,
	    "KEV_INET_CHANGED_ADDR" },
	{ VW_KEV_INET_SUBCLASS, VW_KEV_INET_ADDR_DELETED, VW_KEV_NONE,
	    "KEV_INET_ADDR_DELETED" },
	{ VW_KEV_INET_SUBCLASS, VW_KEV_INET_ARPCOLLISION, VW_KEV_ARP_COLLISION,
	    "KEV_INET_ARPCOLLISION" },
	{ VW_KEV_INET_SUBCLASS, VW_KEV_INET_ARPRTRFAILURE, VW_KEV_ARP_ROUTER,
	    "KEV_INET_ARPRTRFAILURE" },
	{ VW_KEV_INET_SUBCLASS, VW_KEV_INET_ARPRTRALIVE, VW_KEV_ARP_ROUTER,
	    "KEV_INET_ARPRTRALIVE" },
};

static const struct kev_code *
kev_code(const struct vw_kev *k)
{
	size_t i;

	if (k->vendor != VW_KEV_VENDOR_APPLE ||
	    k->kclass != VW_KEV_NETWORK_CLASS)
		return NULL;
	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (codes[i].sub == k->subclass && codes[i].code == k->code)
			return &codes[i];
	return NULL;
}

/* net_event_data at d (n bytes): "bridge" + 100 -> "bridge100". */
static int
kev_ifname(const uint8_t *d, size_t n, unsigned long long off,
    struct vw_kev *k, struct vw_perr *e)
{
	char drv[VW_IFNAMSIZ + 1];
	size_t dlen;
	int w;

	if (n < VW_KEV_NED_LEN)
		return vw_perr_set(e, off, VW_ETRUNC,
		    "kernel event %u.%u carries %zu data bytes, need %d",
		    k->subclass, k->code, n, VW_KEV_NED_LEN);
	k->if_family = vw__le32(d + VW_KEV_NED_FAMILY_OFF);
	k->if_unit = vw__le32(d + VW_KEV_NED_UNIT_OFF);
	/* strlcpy'd by the kernel, but do not trust a NUL to be there. */
	memcpy(drv, d + VW_KEV_NED_NAME_OFF, VW_IFNAMSIZ);
	drv[VW_IFNAMSIZ] = '\0';
	dlen = strlen(drv);
	w = snprintf(k->ifname, sizeof(k->ifname), "%.*s%u", (int)dlen, drv,
	    k->if_unit);
	if (w < 0 || (size_t)w >= sizeof(k->ifname) || dlen == 0) {
		k->ifname[0] = '\0';
		return vw_perr_set(e, off, VW_ERANGE,
		    "kernel event %u.%u: interface \"%s\" unit %u is no "
		    "interface name", k->subclass, k->code, drv, k->if_unit);
	}
	k->has_if = 1;
	return 0;
}

/* kev_in_collision: our address, claimed by another node's hardware. */
static int
kev_collision(const uint8_t *d, size_t n, unsigned long long off,
    struct vw_kev *k, struct vw_perr *e)
{
	unsigned hwlen;

	if (n < VW_KEV_COLL_HW_OFF)
		return vw_perr_set(e, off, VW_ETRUNC,
		    "KEV_INET_ARPCOLLISION carries %zu data bytes, need %d",
		    n, VW_KEV_COLL_HW_OFF);
	k->ip.family = VW_AF_INET;
	memcpy(k->ip.a, d + VW_KEV_COLL_IP_OFF, 4);
	hwlen = d[VW_KEV_COLL_HWLEN_OFF];
	if (hwlen > n - VW_KEV_COLL_HW_OFF)
		return vw_perr_set(e, off, VW_ETRUNC,
		    "KEV_INET_ARPCOLLISION: hw_len %u, %zu bytes left",
		    hwlen, n - VW_KEV_COLL_HW_OFF);
	if (hwlen > VW_LLADDR_MAX)
		return vw_perr_set(e, off, VW_ERANGE,
		    "KEV_INET_ARPCOLLISION: hw_len %u exceeds %d", hwlen,
		    VW_LLADDR_MAX);
	k->ll.len = (uint8_t)hwlen;
	memcpy(k->ll.a, d + VW_KEV_COLL_HW_OFF, hwlen);
	return 0;
}

int
vw_kev_parse(const uint8_t *buf, size_t len, unsigned long long base_off,
    struct vw_kev *k, struct vw_perr *e)
{
	const struct kev_code *c;
	const uint8_t *d;
	size_t n;
	int r;

	memset(k, 0, sizeof(*k));
	if (len < VW_KEV_HDRLEN)
		return vw_perr_set(e, base_off, VW_ETRUNC,
		    "truncated kernel event: %zu bytes left, need %d", len,
		    VW_KEV_HDRLEN);
	k->total_size = vw__le32(buf + VW_KEV_TOTAL_SIZE_OFF);
	k->vendor = vw__le32(buf + VW_KEV_VENDOR_OFF);
	k->kclass = vw__le32(buf + VW_KEV_CLASS_OFF);
	k->subclass = vw__le32(buf + VW_KEV_SUBCLASS_OFF);
	k->id = vw__le32(buf + VW_KEV_ID_OFF);
	k->code = vw__le32(buf + VW_KEV_CODE_OFF);
	if (k->total_size < VW_KEV_HDRLEN)
		return vw_perr_set(e, base_off, VW_EBADLEN,
		    "kernel event total_size %u is shorter than its %d-byte "
		    "header", k->total_size, VW_KEV_HDRLEN);
	if (k->total_size > len)
		return vw_perr_set(e, base_off, VW_ETRUNC,
		    "kernel event claims %u bytes, %zu left", k->total_size,
		    len);
	if (k->total_size > INT32_MAX)
		return vw_perr_set(e, base_off, VW_EBADLEN,
		    "kernel event total_size %u is too large", k->total_size);
	if ((c = kev_code(k)) == NULL || c->action == VW_KEV_NONE)
		return (int)k->total_size;
	d = buf + VW_KEV_HDRLEN;
	n = k->total_size - VW_KEV_HDRLEN;
	k->action = (uint8_t)c->action;
	if ((r = kev_ifname(d, n, base_off, k, e)) < 0 ||
	    (k->action == VW_KEV_ARP_COLLISION &&
	    (r = kev_collision(d, n, base_off, k, e)) < 0)) {
		k->action = VW_KEV_NONE;
		return r;
	}
	return (int)k->total_size;
}

int
vw_kev_name(const struct vw_kev *k, char *buf, size_t len)
{
	const struct kev_code *c;

	if ((c = kev_code(k)) != NULL)
		return snprintf(buf, len, "%s", c->name);
	return snprintf(buf, len, "KEV_%u.%u.%u", k->kclass, k->subclass,
	    k->code);
}

int
vw_kev_to_event(const struct vw_kev *k, const struct vw_link *cur,
    struct vw_event *ev)
{
	uint32_t lflags;
	int kind;

	if (cur == NULL || cur->index == 0)
		return 0;
	switch (k->action) {
	case VW_KEV_DETACH:
		kind = VW_EV_LINK_DELETE;
		lflags = cur->lflags;
		break;
	case VW_KEV_CARRIER_ON:
		if (cur->lflags & VW_LF_LOWER_UP)
			return 0;
		kind = VW_EV_LINK_CHANGE;
		lflags = cur->lflags | VW_LF_LOWER_UP;
		break;
	case VW_KEV_CARRIER_OFF:
		if (!(cur->lflags & VW_LF_LOWER_UP))
			return 0;
		kind = VW_EV_LINK_CHANGE;
		lflags = cur->lflags & ~(uint32_t)VW_LF_LOWER_UP;
		break;
	default:
		return 0;
	}
	vw_event_init(ev, kind);
	ev->origin.os = VW_OS_DARWIN;
	ev->origin.msg_seq = k->id;
	ev->u.link = *cur;
	ev->u.link.lflags = lflags;
	return 1;
}

void
vw_kev_keep_carrier(struct vw_event *ev, const struct vw_link *cur)
{
	struct vw_link *l = &ev->u.link;

	if (ev->kind != VW_EV_LINK_ADD && ev->kind != VW_EV_LINK_CHANGE)
		return;
	l->lflags &= ~(uint32_t)VW_LF_LOWER_UP;
	if (cur != NULL) {
		l->lflags |= cur->lflags & VW_LF_LOWER_UP;
		return;
	}
	if (l->lflags & VW_LF_RUNNING)
		l->lflags |= VW_LF_LOWER_UP;
}
