/* SPDX-License-Identifier: ISC */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "vw_error.h"
#include "vw_event.h"

static const char *const kind_names[VW_EV__MAX] = {
	[VW_EV_NONE] = "none",
#define VW__KIND_STR(name, str) [VW_EV_##name] = str,
	VW_KIND_MAP(VW__KIND_STR)
#undef VW__KIND_STR
};

const char *
vw_kind_name(int kind)
{
	if (kind <= 0 || kind >= VW_EV__MAX)
		return "?";
	return kind_names[kind];
}

int
vw_kind_parse(const char *s)
{
	int k;

	for (k = 1; k < VW_EV__MAX; k++)
		if (strcmp(s, kind_names[k]) == 0)
			return k;
	return VW_EINVAL;
}

int
vw_kind_obj(int kind)
{
	switch (kind) {
	case VW_EV_ROUTE_ADD: case VW_EV_ROUTE_DELETE: case VW_EV_ROUTE_CHANGE:
		return VW_OBJ_ROUTE;
	case VW_EV_NEIGH_ADD: case VW_EV_NEIGH_DELETE: case VW_EV_NEIGH_CHANGE:
		return VW_OBJ_NEIGH;
	case VW_EV_LINK_ADD: case VW_EV_LINK_DELETE: case VW_EV_LINK_UP:
	case VW_EV_LINK_DOWN: case VW_EV_LINK_CHANGE:
		return VW_OBJ_LINK;
	case VW_EV_ADDR_ADD: case VW_EV_ADDR_DELETE:
		return VW_OBJ_ADDR;
	case VW_EV_NONE:
		return VW_OBJ_NONE;
	default:
		return VW_OBJ_OTHER;
	}
}

const char *
vw_os_name(int os)
{
	switch (os) {
	case VW_OS_DARWIN:	return "darwin";
	case VW_OS_FREEBSD:	return "freebsd";
	case VW_OS_LINUX:	return "linux";
	default:		return "none";
	}
}

int
vw_os_parse(const char *s)
{
	if (strcmp(s, "darwin") == 0 || strcmp(s, "macos") == 0)
		return VW_OS_DARWIN;
	if (strcmp(s, "freebsd") == 0)
		return VW_OS_FREEBSD;
	if (strcmp(s, "linux") == 0)
		return VW_OS_LINUX;
	return VW_EINVAL;
}

const char *
vw_rtype_name(int type)
{
	static const char *const names[] = {
		"unicast", "local", "broadcast", "anycast", "multicast",
		"blackhole", "unreachable", "prohibit", "throw", "other"
	};

	if (type < 0 || type > VW_RT_OTHER)
		return "other";
	return names[type];
}

const char *
vw_link_type_name(int type)
{
	static const char *const names[] = {
		"other", "ether", "loopback", "bridge", "tunnel", "ppp", "vlan"
	};

	if (type < 0 || type > VW_LT_VLAN)
		return "other";
	return names[type];
}

int
vw_nud_str(unsigned state, char *buf, unsigned long len)
{
	static const struct { unsigned bit; const char *name; } nud[] = {
		{ VW_NUD_INCOMPLETE, "INCOMPLETE" }, { VW_NUD_REACHABLE, "REACHABLE" },
		{ VW_NUD_STALE, "STALE" }, { VW_NUD_DELAY, "DELAY" },
		{ VW_NUD_PROBE, "PROBE" }, { VW_NUD_FAILED, "FAILED" },
		{ VW_NUD_NOARP, "NOARP" }, { VW_NUD_PERMANENT, "PERMANENT" },
	};
	size_t i, off = 0;
	int n;

	if (len == 0)
		return VW_ENOSPC;
	buf[0] = '\0';
	if (state == 0)
		return snprintf(buf, len, "NONE");
	for (i = 0; i < sizeof(nud) / sizeof(nud[0]); i++) {
		if ((state & nud[i].bit) == 0)
			continue;
		n = snprintf(buf + off, len - off, "%s%s", off ? "," : "",
		    nud[i].name);
		if (n < 0 || (size_t)n >= len - off)
			return VW_ENOSPC;
		off += (size_t)n;
	}
	return (int)off;
}

void
vw_event_init(struct vw_event *ev, int kind)
{
	/* The union and the origin only; nh_store is filled on demand. */
	memset(ev, 0, offsetof(struct vw_event, old));
	ev->kind = (uint16_t)kind;
}
