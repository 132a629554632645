/* SPDX-License-Identifier: ISC */
/*
 * explain_tools.c - the lines around and beside routing tables: `route
 * get` fields, `route monitor` / `route -nv` messages (reference §6), and
 * the shell prompts and command lines people paste with them.
 *
 * route get (macOS network_cmds route.c, FreeBSD sbin/route):
 *      route to: 192.0.43.10          destination: default
 *          mask: default                 gateway: 192.168.1.1
 *     interface: en1                       flags: <UP,GATEWAY,...>
 *   recvpipe sendpipe ssthresh rtt,msec rttvar hopcount mtu expire   (macOS)
 *   recvpipe sendpipe ssthresh rtt,msec mtu weight expire            (FreeBSD)
 * route monitor: "got message of size N on DATE", "RTM_X: text: len N,
 * pid: P, seq S, errno E, flags:<...>", "locks: ... inits: ...",
 * "sockaddrs: <DST,...>", then one line of addresses in that order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_int.h"
#include "vw_event.h"

/* ---- RTF / IFF names -------------------------------------------------------- */

struct rtf_name {
	const char	*name;
	char		 letter;	/* 0: netstat has no letter for it */
	const char	*note;		/* for names without a letter */
};

/* Reference §6 (macOS names, bit order) and FreeBSD's extra ones. */
static const struct rtf_name rtf_names[] = {
	{ "UP", 'U', NULL }, { "GATEWAY", 'G', NULL }, { "HOST", 'H', NULL },
	{ "REJECT", 'R', NULL }, { "DYNAMIC", 'D', NULL },
	{ "MODIFIED", 'M', NULL }, { "DONE", 'd', NULL },
	{ "DELCLONE", 0, "DELCLONE: delete the cloned entries with this one" },
	{ "CLONING", 'C', NULL }, { "XRESOLVE", 'X', NULL },
	{ "LLINFO", 'L', NULL }, { "LLDATA", 'L', NULL },
	{ "STATIC", 'S', NULL }, { "BLACKHOLE", 'B', NULL },
	{ "PROTO2", '2', NULL }, { "PROTO1", '1', NULL },
	{ "PRCLONING", 'c', NULL }, { "WASCLONED", 'W', NULL },
	{ "PROTO3", '3', NULL },
	{ "PINNED", 0, "PINNED: a route the kernel will not let be replaced" },
	{ "LOCAL", 0, "LOCAL: the route of one of this host's own addresses" },
	{ "BROADCAST", 'b', NULL }, { "MULTICAST", 'm', NULL },
	{ "IFSCOPE", 'I', NULL },
	{ "CONDEMNED", 0, "CONDEMNED: the route is being deleted and can no "
	  "longer be used" },
	{ "IFREF", 'i', NULL }, { "PROXY", 'Y', NULL }, { "ROUTER", 'r', NULL },
	{ "GLOBAL", 'g', NULL },
	{ "DEAD", 0, "DEAD: the route was deleted while still referenced" },
	{ "NOIFREF", 0, "NOIFREF: holds no reference on the interface" },
	{ "FIXEDMTU", 0, "FIXEDMTU: MTU set by hand (FreeBSD)" },
	{ "STICKY", 0, "STICKY: always uses the same next hop (FreeBSD)" },
};

/* netstat's letter order (reference §5.2), for route get flags. */
#define LETTER_ORDER	"UGHRDMmdCXLS12Wc3BbIiYrg"

static const struct {
	const char	*name;
	const char	*meaning;
} iff_names[] = {
	{ "UP", "up (configured up)" }, { "BROADCAST", "broadcast-capable" },
	{ "DEBUG", "debugging" }, { "LOOPBACK", "loopback" },
	{ "PTP", "point-to-point" }, { "POINTOPOINT", "point-to-point" },
	{ "b6", "bit 6 (NOTRAILERS)" }, { "RUNNING", "running (driver ready)" },
	{ "NOARP", "no ARP" }, { "PPROMISC", "promiscuous" },
	{ "PROMISC", "promiscuous" }, { "ALLMULTI", "all multicast" },
	{ "OACTIVE", "output busy" }, { "SIMPLEX", "cannot hear its own "
	  "sends" }, { "LINK0", "link0" }, { "LINK1", "link1" },
	{ "LINK2", "link2" }, { "MULTICAST", "multicast-capable" },
};

void
vw__x_flag_names(struct vw_xentry *e, const char *list, int iff)
{
	char buf[256], letters[32], words[VW_X_NOTELEN], *p, *name;
	size_t i, nl = 0, off = 0;
	int seen_up = 0;

	vw__x_copy(buf, sizeof(buf), list);
	letters[0] = '\0';
	words[0] = '\0';
	for (p = buf; (name = strsep(&p, ",<> ")) != NULL;) {
		if (*name == '\0')
			continue;
		if (iff) {
			const char *m = NULL;
			int w;

			for (i = 0; i < sizeof(iff_names) / sizeof(iff_names[0]); i++)
				if (strcmp(name, iff_names[i].name) == 0)
					m = iff_names[i].meaning;
			seen_up |= strcmp(name, "UP") == 0;
			w = snprintf(words + off, sizeof(words) - off, "%s%s = %s",
			    off > 0 ? ", " : "", name, m != NULL ? m : "unknown");
			if (w > 0 && (size_t)w < sizeof(words) - off)
				off += (size_t)w;
			continue;
		}
		for (i = 0; i < sizeof(rtf_names) / sizeof(rtf_names[0]); i++)
			if (strcmp(name, rtf_names[i].name) == 0)
				break;
		if (i == sizeof(rtf_names) / sizeof(rtf_names[0]))
			vw__x_note(e, "%.40s: a flag name route(8) prints for a "
			    "bit it has no name for", name);
		else if (rtf_names[i].letter == 0)
			vw__x_note(e, "%s", rtf_names[i].note);
		else if (nl < sizeof(letters) - 1 &&
		    strchr(letters, rtf_names[i].letter) == NULL) {
			letters[nl++] = rtf_names[i].letter;
			letters[nl] = '\0';
		}
	}
	if (iff) {
		vw__x_note(e, "interface flags: %s", words[0] ? words : "none");
		if (!seen_up)
			vw__x_note(e, "UP is missing: the interface is "
			    "configured down");
		return;
	}
	/* Store the letters in netstat's order, so they read as a Flags column. */
	nl = 0;
	for (p = (char *)LETTER_ORDER; *p != '\0'; p++)
		if (strchr(letters, *p) != NULL && nl < sizeof(e->flags) - 1)
			e->flags[nl++] = *p;
	e->flags[nl] = '\0';
}

/* ---- route get ---------------------------------------------------------------- */

/* "route get" keys, as the normalised line starts. */
static const char *
rg_key(const char *s, const char **val)
{
	static const char *const keys[] = {
		"route to:", "destination:", "mask:", "gateway:", "interface:",
		"if address:", "flags:", "fib:", "local addr:",
	};
	size_t i, n;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		n = strlen(keys[i]);
		if (strncmp(s, keys[i], n) == 0) {
			s += n;
			while (*s == ' ')
				s++;
			*val = s;
			return keys[i];
		}
	}
	return NULL;
}

static void
first_word(char *dst, size_t len, const char *s)
{
	size_t n = strcspn(s, " ");

	if (n >= len)
		n = len - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

static int
rg_metrics(struct vw__xctx *c, const struct vw__xline *l, struct vw_xentry *e)
{
	int i, mtu, exp;

	if (l->ntok >= 7 && strcmp(l->tok[0], "recvpipe") == 0) {
		c->rg_metrics = l->ntok;
		c->metrics_next = 1;
		e->kind = VW_XK_ROUTE_GET;
		e->format = VW_XF_ROUTEGET;
		snprintf(e->what, sizeof(e->what), "route get: header of the "
		    "route's metrics (%s layout); the values follow",
		    l->ntok == 8 ? "macOS: ... rttvar hopcount mtu expire" :
		    "FreeBSD: ... mtu weight expire");
		return 1;
	}
	if (!c->metrics_next || l->ntok != c->rg_metrics)
		return 0;
	for (i = 0; i < l->ntok; i++) {
		const char *t = l->tok[i][0] == '-' ? l->tok[i] + 1 : l->tok[i];

		if (!vw__x_is_number(t))
			return 0;
	}
	/* macOS: mtu is column 7 of 8; FreeBSD: column 5 of 7.  expire last. */
	mtu = l->ntok == 8 ? 6 : 4;
	exp = l->ntok - 1;
	e->kind = VW_XK_ROUTE_GET;
	e->format = VW_XF_ROUTEGET;
	vw__x_copy(e->expire, sizeof(e->expire), l->tok[exp]);
	snprintf(e->what, sizeof(e->what), "route get: the metrics; mtu %s "
	    "(0 = the interface's), expire %s", l->tok[mtu], l->tok[exp]);
	return 1;
}

int
vw__x_route_get(struct vw__xctx *c, const struct vw__xline *l,
    struct vw_xentry *e)
{
	const char *key, *val;
	char w[72];

	if (l->ntok == 0)
		return 0;
	if (rg_metrics(c, l, e))
		return 1;
	if ((key = rg_key(l->norm, &val)) == NULL)
		return 0;
	/* "flags:<...>" belongs to route monitor lines, not route get. */
	if (strcmp(key, "flags:") == 0 && val[0] != '<')
		return 0;
	e->kind = VW_XK_ROUTE_GET;
	e->format = VW_XF_ROUTEGET;
	first_word(w, sizeof(w), val);
	if (val[strlen(w)] != '\0')
		vw__x_note(e, "text after the value, not route's: \"%.80s\"",
		    val + strlen(w) + 1);
	if (strcmp(key, "route to:") == 0) {
		c->rg_default = 0;
		vw__x_copy(e->dest, sizeof(e->dest), w);
		snprintf(e->what, sizeof(e->what), "route get: the address "
		    "asked about, %s", w);
	} else if (strcmp(key, "destination:") == 0) {
		c->rg_default = strcmp(w, "default") == 0;
		vw__x_copy(e->dest, sizeof(e->dest), w);
		snprintf(e->what, sizeof(e->what), "route get: the route that "
		    "matched has destination %s%s", w, c->rg_default ?
		    " (the default route, unless the mask below says "
		    "otherwise)" : "");
	} else if (strcmp(key, "mask:") == 0) {
		if (c->rg_default && strcmp(w, "128.0.0.0") == 0)
			snprintf(e->what, sizeof(e->what), "route get: mask "
			    "128.0.0.0 with destination \"default\" is "
			    "0.0.0.0/1, half of a VPN's split default (0/1 + "
			    "128.0/1), not the real default route");
		else
			snprintf(e->what, sizeof(e->what), "route get: the "
			    "matched route's netmask, %s%s", w,
			    strcmp(w, "default") == 0 ? " (= /0)" : "");
	} else if (strcmp(key, "gateway:") == 0) {
		vw__x_copy(e->gateway, sizeof(e->gateway), w);
		snprintf(e->what, sizeof(e->what), "route get: packets go to "
		    "the next hop %s", w);
	} else if (strcmp(key, "interface:") == 0) {
		vw__x_copy(e->netif, sizeof(e->netif), w);
		snprintf(e->what, sizeof(e->what), "route get: packets leave "
		    "by interface %s", w);
	} else if (strcmp(key, "if address:") == 0 ||
	    strcmp(key, "local addr:") == 0) {
		snprintf(e->what, sizeof(e->what), "route get: the source "
		    "address used, %s", w);
	} else if (strcmp(key, "fib:") == 0) {
		snprintf(e->what, sizeof(e->what), "route get: FreeBSD routing "
		    "table (FIB) number %s", w);
	} else {
		vw__x_flag_names(e, val, 0);
		snprintf(e->what, sizeof(e->what), "route get: the matched "
		    "route's flags (netstat letters %s)", e->flags);
	}
	return 1;
}

/* ---- route monitor ------------------------------------------------------------- */

static const struct {
	const char	*type;
	const char	*meaning;
} rtm_types[] = {
	{ "RTM_ADD", "a route was added" },
	{ "RTM_DELETE", "a route was deleted" },
	{ "RTM_CHANGE", "a route's gateway, interface or metrics changed" },
	{ "RTM_GET", "the answer to a route lookup (route get)" },
	{ "RTM_LOSING", "the kernel suspects the route is failing" },
	{ "RTM_REDIRECT", "an ICMP redirect told to use another router" },
	{ "RTM_MISS", "a lookup found no route" },
	{ "RTM_LOCK", "metrics were locked" },
	{ "RTM_RESOLVE", "a route was cloned (a new host entry)" },
	{ "RTM_NEWADDR", "an address was added to an interface" },
	{ "RTM_DELADDR", "an address was removed from an interface" },
	{ "RTM_IFINFO", "an interface changed state" },
	{ "RTM_NEWMADDR", "the interface joined a multicast group" },
	{ "RTM_DELMADDR", "the interface left a multicast group" },
	{ "RTM_IFANNOUNCE", "an interface arrived or departed (FreeBSD)" },
};

static int
monitor_message(const struct vw__xline *l, struct vw_xentry *e)
{
	const char *type = NULL, *meaning = "a routing message", *f;
	char tname[32];
	size_t i;
	int k;

	for (k = 0; k < l->ntok; k++)
		if (strncmp(l->tok[k], "RTM_", 4) == 0) {
			type = l->tok[k];
			break;
		}
	if (type == NULL)
		return 0;
	first_word(tname, sizeof(tname), type);
	tname[strcspn(tname, ":,")] = '\0';
	for (i = 0; i < sizeof(rtm_types) / sizeof(rtm_types[0]); i++)
		if (strcmp(tname, rtm_types[i].type) == 0)
			meaning = rtm_types[i].meaning;
	for (; k + 1 < l->ntok; k++) {
		if (strcmp(l->tok[k], "pid:") == 0)
			vw__x_note(e, "sent by process %.*s%s",
			    (int)strcspn(l->tok[k + 1], ","), l->tok[k + 1],
			    strncmp(l->tok[k + 1], "0,", 2) == 0 ?
			    " (0: the kernel itself)" : "");
		else if (strcmp(l->tok[k], "errno") == 0 &&
		    strncmp(l->tok[k + 1], "0,", 2) != 0 &&
		    strcmp(l->tok[k + 1], "0") != 0)
			vw__x_note(e, "errno %.*s: the request failed (3 = "
			    "ESRCH no such route, 17 = EEXIST already there)",
			    (int)strcspn(l->tok[k + 1], ","), l->tok[k + 1]);
		else if (strcmp(l->tok[k], "ifscope") == 0)
			vw__x_note(e, "ifscope %.*s: the route is scoped to "
			    "that interface index", (int)strcspn(l->tok[k + 1],
			    ","), l->tok[k + 1]);
	}
	if ((f = strstr(l->norm, "flags:<")) != NULL)
		vw__x_flag_names(e, f + 6, strcmp(tname, "RTM_IFINFO") == 0);
	if (strncmp(l->norm, "u: ", 3) == 0)
		vw__x_note(e, "route -v: the \"u:\" parts are the addresses "
		    "route(8) put into its request");
	e->kind = VW_XK_MONITOR;
	e->format = VW_XF_MONITOR;
	snprintf(e->what, sizeof(e->what), "routing message %s: %s%s", tname,
	    meaning, e->flags[0] ? " (flags as netstat letters: " : "");
	if (e->flags[0])
		snprintf(e->what + strlen(e->what), sizeof(e->what) -
		    strlen(e->what), "%s)", e->flags);
	return 1;
}

static const char *
sa_name(const char *s)
{
	if (strcmp(s, "DST") == 0) return "destination";
	if (strcmp(s, "GATEWAY") == 0) return "gateway";
	if (strcmp(s, "NETMASK") == 0) return "netmask";
	if (strcmp(s, "GENMASK") == 0) return "cloning mask";
	if (strcmp(s, "IFP") == 0) return "interface";
	if (strcmp(s, "IFA") == 0) return "interface address";
	if (strcmp(s, "AUTHOR") == 0) return "redirect author";
	if (strcmp(s, "BRD") == 0) return "broadcast/peer";
	return "?";
}

/* The address line under "sockaddrs: <...>", value by value. */
static void
monitor_addrs(struct vw__xctx *c, const struct vw__xline *l,
    struct vw_xentry *e)
{
	char out[VW_X_NOTELEN * 2];
	size_t off = 0;
	int k = 0, a;

	out[0] = '\0';
	for (a = 0; a < c->nsockaddrs && k < l->ntok; a++) {
		char val[64];
		int w;

		vw__x_copy(val, sizeof(val), l->tok[k++]);
		/* "index: 25" (an interface without a name) is one value. */
		if (strcmp(val, "index:") == 0 && k < l->ntok) {
			snprintf(val, sizeof(val), "interface #%.12s", l->tok[k]);
			k++;
		} else if (val[0] == '(') {
			/* "(255) ffff ffff ...": a raw sockaddr of family 255. */
			while (k < l->ntok && strlen(l->tok[k]) <= 4 &&
			    strspn(l->tok[k], "0123456789abcdef") ==
			    strlen(l->tok[k]))
				k++;
			snprintf(val, sizeof(val), "raw bytes (a kernel netmask)");
		}
		if (a == 0)
			vw__x_copy(e->dest, sizeof(e->dest), val);
		else if (strcmp(c->sockaddrs[a], "GATEWAY") == 0)
			vw__x_copy(e->gateway, sizeof(e->gateway), val);
		else if (strcmp(c->sockaddrs[a], "IFP") == 0)
			vw__x_copy(e->netif, sizeof(e->netif), val);
		w = snprintf(out + off, sizeof(out) - off, "%s%s = %s",
		    off > 0 ? "; " : "", sa_name(c->sockaddrs[a]), val);
		if (w > 0 && (size_t)w < sizeof(out) - off)
			off += (size_t)w;
	}
	snprintf(e->what, sizeof(e->what), "the addresses of the message "
	    "above: %.280s", out);
	if (k < l->ntok)
		vw__x_note(e, "more values than sockaddrs announced");
}

int
vw__x_monitor(struct vw__xctx *c, const struct vw__xline *l,
    struct vw_xentry *e)
{
	const char *s = l->norm, *lt;
	int k = 0;

	if (l->ntok == 0)
		return 0;
	/* OpenBSD nsh prefixes the header lines with "% ". */
	if (strcmp(l->tok[0], "%") == 0)
		k = 1;
	if (k < l->ntok && strcmp(l->tok[k], "sockaddrs:") == 0) {
		char buf[128], *p, *n;

		vw__x_copy(buf, sizeof(buf), k + 1 < l->ntok ? l->tok[k + 1] :
		    "");
		c->nsockaddrs = 0;
		for (p = buf; (n = strsep(&p, "<>,")) != NULL;)
			if (*n != '\0' && c->nsockaddrs < 8)
				vw__x_copy(c->sockaddrs[c->nsockaddrs++],
				    sizeof(c->sockaddrs[0]), n);
		c->addrs_next = c->nsockaddrs > 0;
		e->kind = VW_XK_MONITOR;
		e->format = VW_XF_MONITOR;
		snprintf(e->what, sizeof(e->what), "which addresses follow on "
		    "the next line (%d of them), in this order", c->nsockaddrs);
		return 1;
	}
	if (c->addrs_next) {
		e->kind = VW_XK_MONITOR;
		e->format = VW_XF_MONITOR;
		monitor_addrs(c, l, e);
		c->addrs_next = 0;
		return 1;
	}
	if (k < l->ntok && strcmp(l->tok[k], "locks:") == 0) {
		e->kind = VW_XK_MONITOR;
		e->format = VW_XF_MONITOR;
		lt = l->ntok > k + 2 ? "some metrics are locked or set" :
		    "no metric is locked or initialised";
		snprintf(e->what, sizeof(e->what), "metrics locks and inits of "
		    "the message above: %s", lt);
		return 1;
	}
	if (strstr(s, "got message of size ") != NULL ||
	    strstr(s, "Message of size ") != NULL) {
		e->kind = VW_XK_MONITOR;
		e->format = VW_XF_MONITOR;
		snprintf(e->what, sizeof(e->what), "route monitor: one routing "
		    "message was read%s", strstr(s, "RTM_") != NULL ?
		    " (its header is run together with the next one)" : "");
		return 1;
	}
	if ((strcmp(l->tok[0], "add") == 0 || strcmp(l->tok[0], "delete") == 0 ||
	    strcmp(l->tok[0], "change") == 0) && l->ntok >= 3 &&
	    (strcmp(l->tok[1], "net") == 0 || strcmp(l->tok[1], "host") == 0)) {
		e->kind = VW_XK_MONITOR;
		e->format = VW_XF_MONITOR;
		snprintf(e->what, sizeof(e->what), "route(8)'s confirmation: "
		    "it did \"%.200s\"", s);
		return 1;
	}
	return monitor_message(l, e);
}

/* ---- prompts and command lines ------------------------------------------------- */

static const char *const commands[] = {
	"netstat", "ip", "arp", "route", "ndp", "ifconfig", "colima", "ssh",
	"sudo", "grep", "ipconfig", "host", "curl", "ping", "traceroute",
	"scutil", "networksetup", "limactl", "multipass", "tailscale", "wg",
	"ifstated", "dig", "nslookup", "sysctl", "doas",
};

static int
is_command_word(const char *t)
{
	const char *base = strrchr(t, '/');
	size_t i;

	base = base != NULL ? base + 1 : t;
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (strcmp(base, commands[i]) == 0)
			return 1;
	return 0;
}

/* Does token t end like a prompt ("$", "#", "%", ">", "~", zsh arrows)? */
static int
prompt_end(const char *t)
{
	size_t n = strlen(t);

	if (n == 0)
		return 0;
	if (strchr("$#%>~:", t[n - 1]) != NULL)
		return 1;
	/* ❯ U+276F, ➜ U+279C */
	return strstr(t, "\xe2\x9d\xaf") != NULL || strstr(t, "\xe2\x9e\x9c") != NULL;
}

static int
command_format(const struct vw__xline *l, int k)
{
	const char *base = strrchr(l->tok[k], '/');
	int i;

	base = base != NULL ? base + 1 : l->tok[k];
	if (strcmp(base, "sudo") == 0 || strcmp(base, "doas") == 0)
		return k + 1 < l->ntok ? command_format(l, k + 1) : VW_XF_NONE;
	if (strcmp(base, "netstat") == 0)
		return VW_XF_NETSTAT;
	if (strcmp(base, "arp") == 0)
		return VW_XF_ARP;
	if (strcmp(base, "ip") == 0) {
		for (i = k + 1; i < l->ntok; i++) {
			if (l->tok[i][0] == '-')
				continue;
			if (l->tok[i][0] == 'n')
				return VW_XF_IPNEIGH;
			if (l->tok[i][0] == 'r')
				return VW_XF_IPROUTE;
			break;
		}
		return VW_XF_NONE;
	}
	if (strcmp(base, "route") == 0) {
		for (i = k + 1; i < l->ntok; i++) {
			if (strcmp(l->tok[i], "get") == 0)
				return VW_XF_ROUTEGET;
			if (strcmp(l->tok[i], "monitor") == 0)
				return VW_XF_MONITOR;
		}
	}
	return VW_XF_NONE;
}

/* The option letters of the command at token k, up to a pipe. */
static void
option_letters(const struct vw__xline *l, int k, char *buf, size_t len)
{
	size_t n = 0;
	int i;
	const char *p;

	for (i = k + 1; i < l->ntok && l->tok[i][0] != '|'; i++) {
		if (l->tok[i][0] != '-' || l->tok[i][1] == '-')
			continue;
		for (p = l->tok[i] + 1; *p != '\0' && n + 1 < len; p++)
			buf[n++] = *p;
	}
	buf[n] = '\0';
}

int
vw__x_command(struct vw__xctx *c, const struct vw__xline *l,
    struct vw_xentry *e)
{
	const char *cmd;
	int k;

	for (k = 0; k < l->ntok; k++) {
		if (!is_command_word(l->tok[k]))
			continue;
		if (k == 0 || prompt_end(l->tok[k - 1]))
			break;
	}
	if (k == l->ntok)
		return 0;
	cmd = l->norm + (l->tok[k] - l->buf);
	e->kind = VW_XK_COMMAND;
	c->cmd_format = command_format(l, k);
	snprintf(e->what, sizeof(e->what), "%s: %.200s", k > 0 ?
	    "shell prompt and the command that was run" :
	    "the command that was run", cmd);
	if (strstr(cmd, "grep") != NULL) {
		c->filtered = 1;
		vw__x_note(e, "the output was filtered with grep: rows are "
		    "missing, so nothing can be concluded from a row's absence");
	}
	if (c->cmd_format == VW_XF_NETSTAT) {
		char opts[32];

		option_letters(l, k, opts, sizeof(opts));
		if (strchr(opts, 'r') != NULL && strchr(opts, 'n') == NULL)
			vw__x_note(e, "netstat -r without -n prints names "
			    "instead of numbers and cuts them to the column "
			    "width");
		if (strchr(opts, 'a') != NULL)
			vw__x_note(e, "-a also lists the protocol-cloned host "
			    "routes (flag W without L) that netstat normally "
			    "hides");
	}
	return 1;
}
