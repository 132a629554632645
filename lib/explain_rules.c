/* SPDX-License-Identifier: ISC */
/*
 * explain_rules.c - what one parsed line means: its kind, the destination
 * as a real prefix, what the Gateway column says, each flag letter, the
 * MAC in canonical form and why netstat wrote it as it did, and when the
 * entry expires.
 *
 * Facts: ../shared/reference/bsd-route-socket.md §2.3 (RTF_* and letters),
 * §4 (what the macOS dump holds: local addresses moved to lo0, clones),
 * §5.2-§5.5 (macOS netstat columns: classful destinations, link#N, dots
 * vs colons, "!"), §5.6 (FreeBSD netstat), and iproute2's output.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain_int.h"
#include "vw_error.h"
#include "vw_event.h"

/* ---- helpers ----------------------------------------------------------------- */

static void
setf(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
setf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, len, fmt, ap);
	va_end(ap);
}

static void
addf(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
addf(char *buf, size_t len, const char *fmt, ...)
{
	size_t n = strlen(buf);
	va_list ap;

	if (n + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + n, len - n, fmt, ap);
	va_end(ap);
}

void
vw__x_note(struct vw_xentry *e, const char *fmt, ...)
{
	va_list ap;

	if (e->nnotes >= VW_X_NOTES)
		return;
	va_start(ap, fmt);
	vsnprintf(e->notes[e->nnotes], VW_X_NOTELEN, fmt, ap);
	va_end(ap);
	e->nnotes++;
}

void
vw__x_copy(char *dst, size_t len, const char *src)
{
	size_t n = strlen(src);

	if (len == 0)
		return;
	if (n >= len)
		n = len - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

int
vw__x_is_number(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s != '\0'; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

static int
has_prefix(const char *s, const char *p)
{
	return strncmp(s, p, strlen(p)) == 0;
}

/* Tunnels: macOS utun/ipsec/ppp, WireGuard, Tailscale, ZeroTier, tun/tap. */
int
vw__x_is_tunnel(const char *n)
{
	static const char *const p[] = {
		"utun", "ipsec", "ppp", "tun", "wg", "tailscale", "zt", "feth",
		"gpd", "nordlynx", "gif", "stf",
	};
	size_t i;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		if (has_prefix(n, p[i]))
			return 1;
	return 0;
}

/* VM networks: vmnet's bridge100.., VMware vmnet, VirtualBox, libvirt, Parallels. */
int
vw__x_is_bridge(const char *n)
{
	static const char *const p[] = {
		"bridge", "vmnet", "vboxnet", "virbr", "vnic",
	};
	size_t i;

	for (i = 0; i < sizeof(p) / sizeof(p[0]); i++)
		if (has_prefix(n, p[i]))
			return 1;
	return 0;
}

/* An interface name: a letter, then letters, digits, '-', '_', '.'. */
int
vw__x_is_ifname(const char *s)
{
	size_t n = strlen(s), i;

	if (n == 0 || n >= 24 || !((s[0] >= 'a' && s[0] <= 'z') ||
	    (s[0] >= 'A' && s[0] <= 'Z')))
		return 0;
	for (i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' &&
		    s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		    s[i] == '-' || s[i] == '_' || s[i] == '.'))
			return 0;
	return 1;
}

/* Letters followed by a unit number: "utun4", "ppp0", "bridge100". */
static int
unit_ifname(const char *s)
{
	size_t i = 0;

	while ((s[i] >= 'a' && s[i] <= 'z'))
		i++;
	if (i == 0 || s[i] < '0' || s[i] > '9')
		return 0;
	while (s[i] >= '0' && s[i] <= '9')
		i++;
	return s[i] == '\0';
}

/* "xx", "<redacted>", "***", "88:1f:a1:xx:xx:xx": hidden by the author. */
static int
is_redacted(const char *s)
{
	size_t n = strlen(s), i, x = 0, other = 0;

	if (strcmp(s, "<redacted>") == 0 || strcmp(s, "[redacted]") == 0 ||
	    strcmp(s, "redacted") == 0 || strcmp(s, "REDACTED") == 0 ||
	    (n >= 2 && strspn(s, "*") == n))
		return 1;
	/* "xx", "xx:xx:xx:xx:xx:xx", "88:1f:a1:xx:xx:xx", "0:c:XX:X:XX:XX" */
	for (i = 0; i < n; i++) {
		if (s[i] == 'x' || s[i] == 'X')
			x++;
		else if (!(s[i] == ':' || s[i] == '.' || s[i] == '-' ||
		    (s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f') ||
		    (s[i] >= 'A' && s[i] <= 'F')))
			other++;
	}
	return x > 0 && other == 0 && (n == 2 || strchr(s, ':') != NULL ||
	    strchr(s, '.') != NULL);
}

int
vw__x_parse_ip(const char *s, struct vw_ip *ip, char *scope, size_t scopelen,
    int *plen)
{
	char buf[80], *slash, *pct;
	char *end;
	long v;

	memset(ip, 0, sizeof(*ip));
	*plen = -1;
	if (scopelen > 0)
		scope[0] = '\0';
	if (strlen(s) >= sizeof(buf))
		return VW_EINVAL;
	vw__x_copy(buf, sizeof(buf), s);
	if ((slash = strchr(buf, '/')) != NULL) {
		*slash++ = '\0';
		if (!vw__x_is_number(slash) || strlen(slash) > 3)
			return VW_EINVAL;
		v = strtol(slash, &end, 10);
		*plen = (int)v;
	}
	if ((pct = strchr(buf, '%')) != NULL) {
		*pct++ = '\0';
		if (*pct == '\0')
			return VW_EINVAL;
		vw__x_copy(scope, scopelen, pct);
	}
	if (vw_ip_parse(buf, ip) < 0)
		return VW_EINVAL;
	if (pct != NULL && ip->family != VW_AF_INET6)
		return VW_EINVAL;
	if (*plen > vw_ip_bytes(ip->family) * 8)
		return VW_EINVAL;
	return 0;
}

/* ---- MACs ---------------------------------------------------------------- */

static int
count_groups(const char *s, char sep)
{
	int n = 1;

	for (; *s != '\0'; s++)
		n += *s == sep;
	return n;
}

/* A MAC in any printed form into e (mac, mac_form, mac_canon). */
static int
set_mac(struct vw_xentry *e, const char *s)
{
	struct vw_lladdr ll;
	char sep;

	if (is_redacted(s)) {
		e->mac_form = VW_XM_REDACTED;
		return 0;
	}
	if (strchr(s, ':') != NULL && strchr(s, '.') == NULL)
		sep = ':';
	else if (strchr(s, '.') != NULL && strchr(s, ':') == NULL)
		sep = '.';
	else
		return VW_EINVAL;
	/*
	 * Six bytes: what Ethernet, Wi-Fi and bridges carry.  Eight groups
	 * of 1-2 hex digits is more likely an IPv6 address than FireWire.
	 */
	if (count_groups(s, sep) != 6 || vw_ll_parse(s, &ll) < 0 ||
	    ll.len != 6)
		return VW_EINVAL;
	e->mac = ll;
	e->mac_form = sep == '.' ? VW_XM_DOTS : VW_XM_COLONS;
	vw_ll_canon(&ll, e->mac_canon, sizeof(e->mac_canon));
	return 0;
}

static int
mac_padded(const char *s)
{
	const char *p = s;
	size_t n;

	for (;;) {
		n = strcspn(p, ":.");
		if (n != 2)
			return 0;
		if (p[n] == '\0')
			return 1;
		p += n + 1;
	}
}

/* A few OUIs that say "this is a VM" (or a VM host adapter). */
static const char *
mac_vendor(const struct vw_lladdr *m)
{
	static const struct {
		uint8_t		 oui[3];
		const char	*who;
	} v[] = {
		{ { 0x52, 0x54, 0x00 }, "QEMU/KVM guest NIC (UTM, Lima, colima, "
		  "libvirt)" },
		{ { 0x08, 0x00, 0x27 }, "VirtualBox guest NIC" },
		{ { 0x0a, 0x00, 0x27 }, "VirtualBox host-only adapter (the host "
		  "side)" },
		{ { 0x00, 0x50, 0x56 }, "VMware" },
		{ { 0x00, 0x0c, 0x29 }, "VMware guest NIC" },
		{ { 0x00, 0x05, 0x69 }, "VMware" },
		{ { 0x00, 0x1c, 0x14 }, "VMware" },
		{ { 0x00, 0x1c, 0x42 }, "Parallels guest NIC" },
		{ { 0x00, 0x15, 0x5d }, "Hyper-V guest NIC" },
	};
	size_t i;

	if (m->len < 6)
		return NULL;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (memcmp(m->a, v[i].oui, 3) == 0)
			return v[i].who;
	return NULL;
}

static int
mac_all(const struct vw_lladdr *m, uint8_t b)
{
	unsigned i;

	for (i = 0; i < m->len; i++)
		if (m->a[i] != b)
			return 0;
	return m->len > 0;
}

/* Why netstat/arp/ip wrote the MAC the way it did; appended to gw_meaning. */
static void
mac_words(const struct vw_explain *x, struct vw_xentry *e, char *buf, size_t len)
{
	const char *who;

	if (e->mac_form == VW_XM_REDACTED) {
		addf(buf, len, " The MAC was hidden by the author of the paste.");
		return;
	}
	if (e->mac.len == 0)
		return;
	addf(buf, len, " Canonical form %s.", e->mac_canon);
	if (e->format == VW_XF_NETSTAT && x->os == VW_OS_DARWIN) {
		if (e->mac_form == VW_XM_DOTS)
			addf(buf, len, " Written with dots: macOS netstat uses "
			    "link_ntoa() when the link address is not of "
			    "Ethernet type - a bridge (vmnet's bridge100, "
			    "Parallels' bridges); an own bridge address moved "
			    "to lo0 keeps the bridge's type.");
		else if (!mac_padded(e->gateway))
			addf(buf, len, " Written with colons and without zero "
			    "padding: macOS netstat prints Ethernet-type link "
			    "addresses byte by byte with %%x.");
		else
			addf(buf, len, " Written with colons: an Ethernet-type "
			    "link address (macOS drops leading zeros; none "
			    "here).");
	} else if (e->format == VW_XF_NETSTAT && x->os == VW_OS_FREEBSD)
		addf(buf, len, " FreeBSD prints every link address as two-digit "
		    "bytes joined by colons.");
	else if (e->format == VW_XF_ARP && x->os == VW_OS_DARWIN &&
	    !mac_padded(e->gateway))
		addf(buf, len, " macOS arp prints bytes without zero padding.");
	if (mac_all(&e->mac, 0xff))
		addf(buf, len, " ff:ff:ff:ff:ff:ff is the broadcast MAC.");
	else if (e->mac.len >= 3 && e->mac.a[0] == 0x01 && e->mac.a[1] == 0x00 &&
	    e->mac.a[2] == 0x5e)
		addf(buf, len, " 01:00:5e:... is an IPv4 multicast MAC (the "
		    "group's low 23 bits); macOS stamps multicast entries as "
		    "Ethernet even on a bridge, hence colons.");
	else if (e->mac.len >= 2 && e->mac.a[0] == 0x33 && e->mac.a[1] == 0x33)
		addf(buf, len, " 33:33:... is an IPv6 multicast MAC.");
	else if (e->mac.len == 6 && e->mac.a[0] == 0x02 && e->mac.a[1] == 0 &&
	    e->mac.a[2] == 0 && e->mac.a[3] == 0 && e->mac.a[4] == 0 &&
	    e->mac.a[5] == 0)
		addf(buf, len, " 02:00:00:00:00:00 is the placeholder macOS "
		    "shows sandboxed programs instead of the real MAC.");
	else if ((who = mac_vendor(&e->mac)) != NULL)
		addf(buf, len, " Vendor prefix: %s.", who);
	else if (e->mac.a[0] & 0x02)
		addf(buf, len, " Locally administered (set by software: a VM, "
		    "a bridge, or a private Wi-Fi address).");
}

/* ---- flag letters ---------------------------------------------------------- */

struct letter {
	char		 c;
	const char	*meaning;
};

static const struct letter darwin_letters[] = {
	{ 'U', "up: the route can be used" },
	{ 'G', "gateway: packets go to the router in the Gateway column, "
	  "not straight to the destination" },
	{ 'H', "host: the destination is one address, not a network" },
	{ 'R', "reject: packets are refused with an unreachable error (on "
	  "an ARP entry: ARP failed, sends are refused for 20 s)" },
	{ 'D', "dynamic: created by an ICMP redirect" },
	{ 'M', "modified: changed by an ICMP redirect" },
	{ 'm', "multicast: a multicast route or group entry" },
	{ 'd', "done: the kernel finished the request that made it (a "
	  "leftover of how it was added)" },
	{ 'C', "cloning: each destination used inside gets its own entry "
	  "(an ARP/NDP entry) cloned from this route" },
	{ 'X', "xresolve: an outside program resolves link addresses" },
	{ 'L', "link-layer info: an ARP/NDP entry, resolved or waiting for "
	  "an answer" },
	{ 'S', "static: added by a program or by hand (route add), not "
	  "learned" },
	{ '1', "proto1: a flag for routing software (FRR's zebra sets it)" },
	{ '2', "proto2 (RTF_ANNOUNCE): published, the host answers ARP for "
	  "it" },
	{ 'W', "was cloned: a per-destination copy made from a cloning "
	  "route" },
	{ 'c', "protocol cloning: each destination used gets a cloned host "
	  "route (netstat -a shows them)" },
	{ '3', "proto3: a protocol flag, seen on host routes cloned "
	  "through VPN tunnels" },
	{ 'B', "blackhole: packets are dropped without an error" },
	{ 'b', "broadcast: a broadcast address" },
	{ 'I', "interface-scoped (IFSCOPE): only for traffic bound to this "
	  "interface; ordinary lookups skip it" },
	{ 'i', "ifref: holds a reference on the interface" },
	{ 'Y', "proxy: an entry published for another host (proxy ARP)" },
	{ 'r', "router: the neighbour is a router (set on the default "
	  "gateway's ARP entry)" },
	{ 'g', "global: the route leads to the Internet at large, not to a "
	  "local network" },
};

/* FreeBSD netstat's letters (reference §5.6); no C W c I i Y r g m. */
static const struct letter freebsd_letters[] = {
	{ 'U', "up: the route can be used" },
	{ 'G', "gateway: packets go to the router in the Gateway column" },
	{ 'H', "host: the destination is one address, not a network" },
	{ 'R', "reject: packets are refused with an unreachable error" },
	{ 'D', "dynamic: created by an ICMP redirect" },
	{ 'M', "modified: changed by an ICMP redirect" },
	{ 'd', "done: the kernel finished the request that made it" },
	{ 'X', "xresolve: an outside program resolves link addresses" },
	{ 'S', "static: added by a program or by hand, not learned" },
	{ '1', "proto1: a flag for routing software (FRR's zebra sets it)" },
	{ '2', "proto2: a flag for routing software" },
	{ '3', "proto3: a flag for routing software" },
	{ 'B', "blackhole: packets are dropped without an error" },
	{ 'b', "broadcast: a broadcast address" },
	{ 'L', "link-layer data: an ARP/NDP (lltable) entry" },
};

/* Linux net-tools route(8). */
static const struct letter linux_letters[] = {
	{ 'U', "up: the route can be used" },
	{ 'G', "gateway: packets go to the router in the Gateway column" },
	{ 'H', "host: the destination is one address" },
	{ 'R', "reinstate: restored by a dynamic routing daemon" },
	{ 'D', "dynamic: installed by a daemon or an ICMP redirect" },
	{ 'M', "modified: changed by a daemon or an ICMP redirect" },
	{ 'A', "addrconf: installed by IPv6 address autoconfiguration" },
	{ 'C', "cache entry" },
	{ '!', "reject: packets are refused" },
};

const char *
vw_explain_flag(int os, int format, char letter)
{
	const struct letter *t;
	size_t n, i;

	if (format == VW_XF_ROUTE_N) {
		t = linux_letters;
		n = sizeof(linux_letters) / sizeof(linux_letters[0]);
	} else if (os == VW_OS_FREEBSD) {
		t = freebsd_letters;
		n = sizeof(freebsd_letters) / sizeof(freebsd_letters[0]);
	} else {
		t = darwin_letters;
		n = sizeof(darwin_letters) / sizeof(darwin_letters[0]);
	}
	for (i = 0; i < n; i++)
		if (t[i].c == letter)
			return t[i].meaning;
	return NULL;
}

const char *
vw_explain_entry_flag(const struct vw_explain *x, const struct vw_xentry *e,
    char letter)
{
	const char *m = vw_explain_flag(x->os, e->format, letter);

	if (m == NULL || letter != 'I' || e->format != VW_XF_NETSTAT)
		return m;
	switch (e->kind) {
	case VW_XK_ARP:
	case VW_XK_NDP:
	case VW_XK_MULTICAST:
	case VW_XK_BROADCAST:
	case VW_XK_CLONED_ROUTE:
	case VW_XK_LOCAL:
		if (strchr(e->flags, 'W') != NULL || strchr(e->flags, 'L'))
			return "interface-scoped (IFSCOPE): the entry belongs "
			    "to its interface - macOS scopes what it clones "
			    "from an interface's route";
		return m;
	case VW_XK_CONNECTED:
		return "interface-scoped (IFSCOPE): a per-interface copy, used "
		    "only by traffic bound to this interface - macOS scopes a "
		    "network that another interface also routes";
	default:
		return m;
	}
}

static int
flag(const struct vw_xentry *e, char c)
{
	return strchr(e->flags, c) != NULL;
}

/* ---- destinations ---------------------------------------------------------- */

static void
prefix_text(struct vw_xentry *e, const char *scope)
{
	char a[VW_IP_STRLEN];

	if (vw_ip_str(&e->prefix, a, sizeof(a)) < 0)
		vw__x_copy(a, sizeof(a), "?");
	setf(e->prefix_text, sizeof(e->prefix_text), "%s%s%s/%u", a,
	    scope[0] ? "%" : "", scope, e->plen);
}

static void
set_prefix(struct vw_xentry *e, const struct vw_ip *ip, unsigned plen,
    const char *scope)
{
	struct vw_ip m = *ip;

	vw_ip_mask(&m, plen);
	if (vw_ip_cmp(&m, ip) != 0)
		vw__x_note(e, "the address has bits set past /%u; the prefix "
		    "is read as its network", plen);
	m.scope = 0;
	e->prefix = m;
	e->plen = plen;
	e->have_prefix = 1;
	prefix_text(e, scope);
}

static void
set_default(struct vw_xentry *e)
{
	struct vw_ip z;

	memset(&z, 0, sizeof(z));
	z.family = e->family == VW_AF_INET6 ? VW_AF_INET6 : VW_AF_INET;
	if (e->family == 0)
		e->family = z.family;
	set_prefix(e, &z, 0, "");
}

static void
set_localhost(struct vw_xentry *e)
{
	struct vw_ip ip;

	if (e->family == VW_AF_INET6) {
		vw_ip_parse("::1", &ip);
		set_prefix(e, &ip, 128, "");
	} else {
		vw_ip_parse("127.0.0.1", &ip);
		set_prefix(e, &ip, 32, "");
	}
}

/*
 * "192.168.64", "10/24", "224.0.0/4", "127", "192.168.1.1/32",
 * "10.0.2.0/24", "a.b.c.d&0xffff00": macOS netstat's netname() drops
 * trailing zero octets by the address's class and omits the mask when it
 * is that class's mask (reference §5.3); FreeBSD always prints "/len".
 */
static int
dest4_bsd(const struct vw_explain *x, struct vw_xentry *e, int host)
{
	char buf[72], *suffix;
	unsigned oct[4] = { 0, 0, 0, 0 }, n = 0, plen;
	struct vw_ip ip;
	const char *p;
	char *end;

	vw__x_copy(buf, sizeof(buf), e->dest);
	suffix = buf + strcspn(buf, "/&");
	for (p = buf; p < suffix;) {
		unsigned long v;

		if (*p < '0' || *p > '9' || n == 4)
			return 0;
		v = strtoul(p, &end, 10);
		if (v > 255 || end - p > 3)
			return 0;
		oct[n++] = (unsigned)v;
		p = end;
		if (p < suffix && *p++ != '.')
			return 0;
		if (p == suffix && p[-1] == '.')
			return 0;
	}
	if (n == 0)
		return 0;
	memset(&ip, 0, sizeof(ip));
	ip.family = VW_AF_INET;
	ip.a[0] = (uint8_t)oct[0];
	ip.a[1] = (uint8_t)oct[1];
	ip.a[2] = (uint8_t)oct[2];
	ip.a[3] = (uint8_t)oct[3];
	if (*suffix == '/') {
		if (!vw__x_is_number(suffix + 1) || strlen(suffix + 1) > 2 ||
		    (plen = (unsigned)atoi(suffix + 1)) > 32)
			return 0;
	} else if (*suffix == '&') {
		/*
		 * A non-contiguous mask "&0x...".  macOS domask() writes it
		 * into sizeof(char *) bytes, so only "&0x" and 4 hex digits
		 * survive (reference §5.3): the digits are the mask's top.
		 */
		unsigned long m = strtoul(suffix + 1, &end, 16);
		size_t nd = (size_t)(end - suffix) > 3 ?
		    (size_t)(end - suffix) - 3 : 0;
		unsigned b = 0;

		if (nd > 0 && nd < 8)
			m <<= 4 * (8 - nd);
		while (b < 32 && (m & (0x80000000ul >> b)))
			b++;
		plen = b;
		vw__x_note(e, "\"%s\" is a non-contiguous netmask%s; the "
		    "explanation uses its leading /%u", suffix, nd > 0 &&
		    nd < 8 ? " cut short by netstat" : "", plen);
	} else if (host) {
		plen = 32;
	} else if (x->os == VW_OS_FREEBSD) {
		/* FreeBSD leaves the suffix out only for masks it has none of. */
		plen = 32;
	} else {
		plen = oct[0] < 128 ? 8 : oct[0] < 192 ? 16 : 24;
		if (n < 4)
			vw__x_note(e, "\"%s\" is netstat's short form of %u.%u."
			    "%u.%u/%u: trailing zero octets dropped, and no "
			    "/len because /%u is the classful mask of a class "
			    "%c address", e->dest, oct[0], oct[1], oct[2],
			    oct[3], plen, plen, plen == 8 ? 'A' : plen == 16 ?
			    'B' : 'C');
	}
	if (n < 4 && *suffix != '\0')
		vw__x_note(e, "\"%s\" is netstat's short form of %u.%u.%u.%u/%u "
		    "(trailing zero octets dropped)", e->dest, oct[0], oct[1],
		    oct[2], oct[3], plen);
	set_prefix(e, &ip, plen, "");
	return 1;
}

static void
dest_bsd(const struct vw_explain *x, struct vw_xentry *e, int host)
{
	char scope[24];
	struct vw_ip ip;
	int plen;

	if (strcmp(e->dest, "default") == 0) {
		set_default(e);
		return;
	}
	if (strcmp(e->dest, "localhost") == 0) {
		set_localhost(e);
		vw__x_note(e, "\"localhost\" is a name: netstat was run "
		    "without -n");
		return;
	}
	if (e->family != VW_AF_INET6 && dest4_bsd(x, e, host))
		return;
	if (vw__x_parse_ip(e->dest, &ip, scope, sizeof(scope), &plen) == 0 &&
	    (ip.family == VW_AF_INET6 || plen >= 0)) {
		if (ip.family == VW_AF_INET6 && e->family == 0)
			e->family = VW_AF_INET6;
		set_prefix(e, &ip, plen >= 0 ? (unsigned)plen :
		    (unsigned)vw_ip_bytes(ip.family) * 8, scope);
		return;
	}
	if (is_redacted(e->dest) || strstr(e->dest, "xxxx") != NULL ||
	    strstr(e->dest, "XXXX") != NULL)
		vw__x_note(e, "the destination was partly hidden by the author, "
		    "so its prefix is unknown");
	else if (strlen(e->dest) == 18)
		vw__x_note(e, "\"%s\" is a host name cut to the 18-character "
		    "column (netstat without -n)", e->dest);
	else
		vw__x_note(e, "\"%s\" is a name, not a number (netstat without "
		    "-n): its address is not in the text", e->dest);
}

/* 127/8, ::1, or an IPv6 address scoped to a loopback ("fe80::1%lo0"). */
static int
is_loopback_prefix(const struct vw_xentry *e)
{
	static const uint8_t one[16] = { [15] = 1 };

	if (!e->have_prefix)
		return 0;
	if (e->prefix.family == VW_AF_INET)
		return e->prefix.a[0] == 127;
	if (strstr(e->prefix_text, "%lo") != NULL)
		return 1;
	return e->plen == 128 && memcmp(e->prefix.a, one, 16) == 0;
}

static int
is_multicast_prefix(const struct vw_xentry *e)
{
	if (!e->have_prefix || e->plen == 0)
		return 0;
	if (e->prefix.family == VW_AF_INET)
		return (e->prefix.a[0] & 0xf0) == 0xe0 && e->plen >= 4;
	return e->prefix.a[0] == 0xff && e->plen >= 8;
}

static int
is_linklocal_prefix(const struct vw_xentry *e)
{
	if (!e->have_prefix)
		return 0;
	if (e->prefix.family == VW_AF_INET)
		return e->prefix.a[0] == 169 && e->prefix.a[1] == 254;
	return e->prefix.a[0] == 0xfe && (e->prefix.a[1] & 0xc0) == 0x80;
}

static int
is_bcast4(const struct vw_xentry *e)
{
	return e->have_prefix && e->prefix.family == VW_AF_INET &&
	    e->plen == 32 && e->prefix.a[0] == 255 && e->prefix.a[1] == 255 &&
	    e->prefix.a[2] == 255 && e->prefix.a[3] == 255;
}

/* ---- gateways ------------------------------------------------------------ */

static void
gw_parse(const struct vw_explain *x, struct vw_xentry *e)
{
	const char *g = e->gateway;
	char scope[24];
	int plen;

	(void)x;
	if (g[0] == '\0') {
		e->gwkind = VW_XG_NONE;
	} else if (strncmp(g, "link#", 5) == 0 && vw__x_is_number(g + 5)) {
		e->gwkind = VW_XG_LINK;
		e->link_index = (unsigned)strtoul(g + 5, NULL, 10);
	} else if (is_redacted(g)) {
		e->gwkind = VW_XG_REDACTED;
		if (strchr(g, ':') != NULL || strchr(g, '.') != NULL)
			e->mac_form = VW_XM_REDACTED;
	} else if (set_mac(e, g) == 0) {
		e->gwkind = VW_XG_MAC;
	} else if (vw__x_parse_ip(g, &e->gw, scope, sizeof(scope), &plen) == 0 &&
	    plen < 0) {
		e->gwkind = VW_XG_IP;
	} else if (strcmp(g, "localhost") == 0) {
		e->gwkind = VW_XG_IP;
		vw_ip_parse(e->family == VW_AF_INET6 ? "::1" : "127.0.0.1",
		    &e->gw);
	} else if (strcmp(g, e->netif) == 0 || unit_ifname(g)) {
		e->gwkind = VW_XG_IFNAME;
	} else if (vw__x_is_ifname(g)) {
		e->gwkind = VW_XG_NAME;
	} else
		e->gwkind = VW_XG_UNREADABLE;
}

static int
gw_is_loopback(const struct vw_xentry *e)
{
	static const uint8_t one[16] = { [15] = 1 };

	if (e->gwkind != VW_XG_IP)
		return 0;
	if (e->gw.family == VW_AF_INET)
		return e->gw.a[0] == 127;
	return memcmp(e->gw.a, one, 16) == 0;
}

static int
gw_is_zero(const struct vw_xentry *e)
{
	return e->gwkind == VW_XG_IP && vw_ip_is_zero(&e->gw);
}

/* The interface words: "en0", "interface 24 (bridge100)". */
static const char *
ifwords(const struct vw_xentry *e, char *buf, size_t len)
{
	if (e->netif[0] == '#')
		setf(buf, len, "interface index %s (no name known)", e->netif + 1);
	else if (e->netif[0] != '\0')
		setf(buf, len, "%s", e->netif);
	else if (e->gwkind == VW_XG_LINK)
		setf(buf, len, "interface %u", e->link_index);
	else
		setf(buf, len, "an interface not shown");
	return buf;
}

static void
gw_words(const struct vw_explain *x, struct vw_xentry *e)
{
	char ifb[64], *m = e->gw_meaning;
	size_t len = sizeof(e->gw_meaning);
	const char *ifn = ifwords(e, ifb, sizeof(ifb));
	const char *g = e->gateway;
	int nd = e->family == VW_AF_INET6;

	switch (e->gwkind) {
	case VW_XG_NONE:
		if ((e->format != VW_XF_IPROUTE && e->format != VW_XF_ROUTE_N) ||
		    e->kind == VW_XK_LOCAL || e->kind == VW_XK_BROADCAST ||
		    e->kind == VW_XK_MULTICAST || e->kind == VW_XK_LOOPBACK ||
		    e->kind == VW_XK_REJECT)
			break;
		if (vw__x_is_tunnel(e->netif))
			setf(m, len, "no gateway: packets are handed to %s - a "
			    "tunnel has no link-layer addresses, so there is "
			    "nothing to resolve", ifn);
		else
			setf(m, len, "no gateway: on-link. The kernel %s for "
			    "the destination itself on %s", nd ?
			    "sends a neighbour solicitation" : "ARPs", ifn);
		break;
	case VW_XG_LINK:
		if (e->kind == VW_XK_LOCAL)
			setf(m, len, "link#%u = interface number %u: the "
			    "interface this own address belongs to", e->link_index,
			    e->link_index);
		else if (e->kind == VW_XK_ARP || e->kind == VW_XK_NDP)
			setf(m, len, "link#%u instead of a MAC: the %s request "
			    "for %s on interface %u has had no answer (yet), "
			    "so no link address is known", e->link_index,
			    nd ? "NDP" : "ARP", e->dest, e->link_index);
		else if (e->kind == VW_XK_MULTICAST || e->kind ==
		    VW_XK_BROADCAST)
			setf(m, len, "link#%u = interface number %u (%s): no "
			    "router, and nothing to ARP - the MAC of a %s "
			    "address is computed from it", e->link_index,
			    e->link_index, ifn, e->kind == VW_XK_MULTICAST ?
			    "multicast" : "broadcast");
		else
			setf(m, len, "link#%u = interface number %u (%s): no "
			    "router. To send, the kernel %s for the destination "
			    "address itself on interface %u", e->link_index,
			    e->link_index, ifn, nd ? "sends a neighbour "
			    "solicitation (NDP)" : "ARPs", e->link_index);
		break;
	case VW_XG_IP:
		if (gw_is_loopback(e) && (flag(e, 'G') ||
		    e->format == VW_XF_IPROUTE))
			setf(m, len, "%s is the loopback address: packets stay "
			    "inside this host and go nowhere", g);
		else if (flag(e, 'G') || e->format == VW_XF_IPROUTE) {
			if (nd && has_prefix(g, "fe80::%"))
				setf(m, len, "%s: the link-local side of %s with "
				    "no host part - on a point-to-point tunnel "
				    "there is nothing to resolve, packets simply "
				    "enter %s", g, ifn, ifn);
			else
				setf(m, len, "%s is a router (next hop): the "
				    "kernel %s %s - not for the destination - and "
				    "sends the frames to %s's MAC on %s", g,
				    nd ? "resolves (NDP)" : "ARPs for", g, g, ifn);
		} else if (e->format == VW_XF_ROUTE_N && gw_is_zero(e)) {
			setf(m, len, "0.0.0.0: no gateway, on-link on %s", ifn);
		} else if (strcmp(g, e->dest) == 0 || e->kind == VW_XK_LOOPBACK)
			setf(m, len, "%s names the interface by its own address: "
			    "no router, nothing to ARP", g);
		else
			setf(m, len, "%s is this host's own address on %s (netstat "
			    "shows the interface address as the gateway of "
			    "interface and point-to-point routes); no router, "
			    "no ARP for it", g, ifn);
		break;
	case VW_XG_MAC:
		setf(m, len, "%s is a resolved link-layer address: frames for "
		    "%s go to this MAC on %s.", g, e->dest, ifn);
		if (e->kind == VW_XK_LOCAL)
			setf(m, len, "%s is the MAC of the interface that owns "
			    "%s.", g, e->dest);
		mac_words(x, e, m, len);
		break;
	case VW_XG_IFNAME:
		setf(m, len, "%s is an interface name, not an address: the "
		    "route was added with -interface. No next hop and nothing "
		    "to ARP: packets are handed to %s%s", g, g,
		    vw__x_is_tunnel(g) ? " (a tunnel)" : "");
		break;
	case VW_XG_NAME:
		setf(m, len, "\"%s\" is a host name (netstat without -n); the "
		    "address behind it is not in the text", g);
		break;
	case VW_XG_REDACTED:
		setf(m, len, "hidden by the author of the paste (\"%s\")", g);
		mac_words(x, e, m, len);
		break;
	default:
		setf(m, len, "\"%s\" cannot be read as an address, MAC, link#N "
		    "or interface name", g);
		break;
	}
}

/* ---- expiry --------------------------------------------------------------- */

static void
expire_parse(struct vw_xentry *e)
{
	const char *s = e->expire;

	if (strcmp(s, "!") == 0) {
		e->expire_state = VW_XE_EXPIRED;
	} else if (s[0] != '\0') {
		char buf[24];
		size_t n;

		/* ip route prints "expires 1798sec". */
		vw__x_copy(buf, sizeof(buf), s);
		n = strlen(buf);
		if (n > 3 && strcmp(buf + n - 3, "sec") == 0)
			buf[n - 3] = '\0';
		if (buf[0] == '-' && vw__x_is_number(buf + 1)) {
			e->expire_state = VW_XE_EXPIRED;
			e->expire_secs = strtoll(buf, NULL, 10);
		} else if (vw__x_is_number(buf) && strlen(buf) < 15) {
			e->expire_secs = strtoll(buf, NULL, 10);
			e->expire_state = e->expire_secs > 0 ? VW_XE_SECONDS :
			    VW_XE_NONE;
		}
	}
}

static void
expire_words(const struct vw_explain *x, struct vw_xentry *e)
{
	char *t = e->expire_text;
	size_t len = sizeof(e->expire_text);
	int arp = e->kind == VW_XK_ARP || e->kind == VW_XK_NDP;

	switch (e->expire_state) {
	case VW_XE_EXPIRED:
		if (flag(e, 'C') || e->kind == VW_XK_BROADCAST)
			setf(t, len, "\"!\" = an expiry time in the past. macOS "
			    "stamps every cloning route on an ARP interface "
			    "(and its broadcast entry) with a past expiry when "
			    "it is made, so this is normal: the route is not "
			    "removed for it");
		else if (arp && e->gwkind == VW_XG_LINK)
			setf(t, len, "\"!\" = expired while still unresolved: "
			    "the ARP request got no answer; the entry waits to "
			    "be retried or removed");
		else if (arp)
			setf(t, len, "\"!\" = expired: the MAC is no longer "
			    "trusted. The entry lingers until it is reused or "
			    "cleaned up; the next packet to %s starts a new "
			    "%s request, and if nobody answers sends fail "
			    "(\"host is down\")", e->dest, e->family ==
			    VW_AF_INET6 ? "NDP" : "ARP");
		else if (e->expire_secs < 0)
			setf(t, len, "expired %lld s ago", -e->expire_secs);
		else
			setf(t, len, "\"!\" = expired: the entry is kept until it "
			    "is cleaned up");
		break;
	case VW_XE_SECONDS:
		if (arp && x->os == VW_OS_DARWIN)
			setf(t, len, "expires in %lld s (%lld min): macOS keeps "
			    "a confirmed ARP entry 20 minutes (1200 s), then "
			    "asks again", e->expire_secs, (e->expire_secs + 59) /
			    60);
		else if (flag(e, 'W'))
			setf(t, len, "this cloned entry is dropped in %lld s and "
			    "cloned again on the next use", e->expire_secs);
		else
			setf(t, len, "expires in %lld s", e->expire_secs);
		break;
	default:
		if (e->format == VW_XF_IPNEIGH)
			setf(t, len, "ip neigh prints no timer; the state (%s) "
			    "says how fresh the entry is", e->state[0] ?
			    e->state : "none");
		else if (e->kind == VW_XK_LOCAL || strcmp(e->state,
		    "permanent") == 0)
			setf(t, len, "never: an own address (or a static entry) "
			    "is permanent");
		else if (e->kind == VW_XK_MULTICAST && flag(e, 'L'))
			setf(t, len, "no timer: a multicast entry lives as long "
			    "as the group is joined");
		else if (arp && e->format == VW_XF_ARP)
			setf(t, len, "arp -an on macOS prints no timer (netstat "
			    "-rn shows it in Expire)");
		else if (e->format == VW_XF_NETSTAT || e->format == VW_XF_IPROUTE ||
		    e->format == VW_XF_ROUTE_N)
			setf(t, len, "never: no timer on this entry");
		break;
	}
}

/* ---- kinds: BSD netstat rows ------------------------------------------------- */

static void
netstat_kind(struct vw_xentry *e)
{
	int lo = strcmp(e->netif, "lo0") == 0;
	int host = flag(e, 'H') || (e->have_prefix && e->plen ==
	    (unsigned)vw_ip_bytes(e->prefix.family) * 8 && flag(e, 'W'));

	if (flag(e, 'B') || (flag(e, 'R') && !flag(e, 'L')))
		e->kind = VW_XK_REJECT;
	else if (strcmp(e->dest, "default") == 0 || (e->have_prefix &&
	    e->plen == 0))
		e->kind = flag(e, 'I') ? VW_XK_SCOPED_DEFAULT : VW_XK_DEFAULT;
	else if (e->have_prefix && e->plen == 1)
		e->kind = VW_XK_SPLIT_DEFAULT;
	else if (flag(e, 'm') || is_multicast_prefix(e))
		e->kind = VW_XK_MULTICAST;
	else if (flag(e, 'b') || is_bcast4(e) ||
	    (e->mac.len > 0 && mac_all(&e->mac, 0xff)))
		e->kind = VW_XK_BROADCAST;
	else if (is_loopback_prefix(e) ||
	    (lo && strcmp(e->dest, "localhost") == 0))
		e->kind = VW_XK_LOOPBACK;
	else if (lo && !flag(e, 'G') && (host || flag(e, 'L')))
		e->kind = VW_XK_LOCAL;
	else if (flag(e, 'L') && !flag(e, 'G'))
		e->kind = e->family == VW_AF_INET6 ? VW_XK_NDP : VW_XK_ARP;
	else if (flag(e, 'W'))
		e->kind = VW_XK_CLONED_ROUTE;
	else if (flag(e, 'H'))
		e->kind = VW_XK_HOST_ROUTE;
	else if (flag(e, 'G'))
		e->kind = VW_XK_GATEWAY_ROUTE;
	else if (e->gwkind == VW_XG_IFNAME)
		e->kind = VW_XK_IFACE_ROUTE;
	else
		e->kind = VW_XK_CONNECTED;
}

/* ---- what: one sentence per kind ------------------------------------------------ */

static void
what_words(const struct vw_explain *x, struct vw_xentry *e)
{
	char ifb[64], *w = e->what;
	size_t len = sizeof(e->what);
	const char *ifn = ifwords(e, ifb, sizeof(ifb));
	const char *p = e->have_prefix ? e->prefix_text : e->dest;
	const char *nd = e->family == VW_AF_INET6 ? "NDP" : "ARP";
	int tun = vw__x_is_tunnel(e->netif), br = vw__x_is_bridge(e->netif);

	switch (e->kind) {
	case VW_XK_REJECT:
		if (flag(e, 'B') || strcmp(e->rtype, "blackhole") == 0)
			setf(w, len, "blackhole route for %s: packets to it are "
			    "dropped without an error", p);
		else
			setf(w, len, "reject route for %s: packets to it are "
			    "refused with \"unreachable\"", p);
		if (x->os == VW_OS_FREEBSD && flag(e, 'R') && (has_prefix(e->dest,
		    "::") || has_prefix(e->dest, "fe80::/10") ||
		    has_prefix(e->dest, "ff02::/16")))
			vw__x_note(e, "FreeBSD installs this at boot so that "
			    "the range is never routed (IPv4-compatible, "
			    "IPv4-mapped, or scope-less link-local/multicast)");
		break;
	case VW_XK_DEFAULT:
		if (gw_is_loopback(e))
			setf(w, len, "default route to the loopback address via "
			    "%s: nothing leaves the host through it (a VPN or "
			    "ZeroTier leftover)", ifn);
		else if (e->gwkind == VW_XG_IP || ((e->gwkind == VW_XG_NAME ||
		    e->gwkind == VW_XG_REDACTED || e->gwkind ==
		    VW_XG_UNREADABLE) && flag(e, 'G')))
			setf(w, len, "default route: traffic to any address "
			    "without a more specific route goes to router %s on "
			    "%s", e->gateway, ifn);
		else
			setf(w, len, "default route straight into %s (no next "
			    "hop): all traffic without a more specific route "
			    "enters %s%s", ifn, ifn, tun ? " - a VPN's full "
			    "tunnel" : "");
		if (e->metric >= 0)
			addf(w, len, "; metric %lld (among several defaults the "
			    "lowest metric wins)", e->metric);
		break;
	case VW_XK_SCOPED_DEFAULT:
		setf(w, len, "interface-scoped default for %s (flag I): used "
		    "only by traffic bound to %s; the host's ordinary traffic "
		    "ignores it. macOS keeps one for each interface that has "
		    "a router or address%s", ifn, ifn, br ? "; on a VM bridge "
		    "it is harmless - host-to-VM traffic uses the connected "
		    "route" : "");
		break;
	case VW_XK_SPLIT_DEFAULT:
		setf(w, len, "half of the address space (%s)%s%s: with its "
		    "other half (0/1 + 128.0/1, ::/1 + 8000::/1) it beats the "
		    "default route by being more specific, without replacing "
		    "it - how VPN clients send everything into the tunnel", p,
		    tun ? " via the tunnel " : " via ", ifn);
		break;
	case VW_XK_MULTICAST:
		if (flag(e, 'L') || (flag(e, 'H') && e->gwkind == VW_XG_MAC))
			setf(w, len, "multicast group entry %s on %s: frames "
			    "for the group go to the multicast MAC shown", e->dest,
			    ifn);
		else
			setf(w, len, "multicast route %s: multicast traffic for "
			    "it is sent out of %s", p, ifn);
		break;
	case VW_XK_BROADCAST:
		if (is_bcast4(e))
			setf(w, len, "the limited-broadcast route "
			    "(255.255.255.255) on %s: macOS keeps one per "
			    "interface", ifn);
		else
			setf(w, len, "broadcast address %s on %s: frames go to "
			    "ff:ff:ff:ff:ff:ff", e->dest, ifn);
		break;
	case VW_XK_LOOPBACK:
		setf(w, len, "loopback: %s stays inside this host (lo0)", p);
		break;
	case VW_XK_LOCAL:
		if (e->format == VW_XF_IPROUTE)
			setf(w, len, "this host's own address %s on %s (table "
			    "local): packets to it are delivered locally", p,
			    ifn);
		else
			setf(w, len, "this host's own address %s%s: macOS and "
			    "FreeBSD route packets to their own addresses "
			    "through lo0, so they never leave the machine", e->dest,
			    e->gwkind == VW_XG_MAC ? " (the MAC shown is the "
			    "owning interface's)" : "");
		break;
	case VW_XK_ARP:
	case VW_XK_NDP:
		if (strcmp(e->state, "permanent") == 0)
			setf(w, len, "%s entry for %s on %s, permanent: this "
			    "host's own address on %s (or a static entry made "
			    "with arp -s)", nd, e->dest, ifn, ifn);
		else if (e->mac.len > 0)
			setf(w, len, "%s%s entry: %s is at %s on %s%s", flag(e,
			    'S') ? "static " : e->format == VW_XF_NETSTAT ?
			    "cloned " : "", nd, e->dest, e->mac_canon, ifn,
			    flag(e, 'r') ? " - it is a router (the default "
			    "gateway)" : "");
		else if (e->mac_form == VW_XM_REDACTED ||
		    e->gwkind == VW_XG_REDACTED)
			setf(w, len, "%s entry: %s on %s (the MAC was hidden by "
			    "the author)", nd, e->dest, ifn);
		else
			setf(w, len, "%s entry without a MAC: a request for %s "
			    "was sent on %s and no reply has come (yet)", nd,
			    e->dest, ifn);
		if (br)
			addf(w, len, "; %s is a VM network, so %s is probably "
			    "a VM", ifn, e->dest);
		break;
	case VW_XK_CLONED_ROUTE:
		setf(w, len, "host route cloned for %s from a route through %s "
		    "(netstat -a shows these): a per-destination cache that "
		    "expires and is cloned again on use", e->dest, ifn);
		break;
	case VW_XK_HOST_ROUTE:
		if ((e->gwkind == VW_XG_IP && (flag(e, 'G') ||
		    e->format == VW_XF_IPROUTE) && !gw_is_zero(e)) ||
		    ((e->gwkind == VW_XG_NAME || e->gwkind == VW_XG_REDACTED) &&
		    flag(e, 'G')))
			setf(w, len, "host route: %s is reached through router "
			    "%s on %s", e->dest, e->gateway, ifn);
		else if (e->gwkind == VW_XG_IP && strcmp(e->gateway, e->dest) == 0)
			setf(w, len, "point-to-point address: %s is both ends "
			    "of %s (VPN tunnels often set it up this way); "
			    "packets for it go into %s", e->dest, ifn, ifn);
		else if (e->gwkind == VW_XG_IP && !gw_is_zero(e))
			setf(w, len, "point-to-point peer: %s is the far end of "
			    "%s; %s is this host's own address on that link (no "
			    "ARP on point-to-point links)", e->dest, ifn,
			    e->gateway);
		else
			setf(w, len, "host route straight on %s: %s is reached "
			    "without a router%s", ifn, e->dest, tun ?
			    " (into the tunnel)" : "");
		break;
	case VW_XK_IFACE_ROUTE:
		setf(w, len, "route bound to interface %s: everything in %s is "
		    "sent into %s without a next hop%s", ifn, p, ifn, tun ?
		    " (a tunnel)" : "");
		break;
	case VW_XK_GATEWAY_ROUTE:
		if (gw_is_loopback(e))
			setf(w, len, "%s is routed to the loopback address: "
			    "traffic for it stays on this host (a way to drop or "
			    "catch it)", p);
		else if (e->gwkind == VW_XG_IFNAME || e->gwkind == VW_XG_LINK)
			setf(w, len, "%s is sent into %s (no next-hop address)", p,
			    ifn);
		else
			setf(w, len, "%s is reached through router %s on %s", p,
			    e->gateway, ifn);
		if (tun)
			addf(w, len, " - into a tunnel");
		break;
	case VW_XK_CONNECTED:
		if (e->have_prefix && e->prefix.family == VW_AF_INET &&
		    e->plen == 32)
			setf(w, len, "a one-address cloning route for %s on %s: "
			    "macOS adds one for the router and for the "
			    "interface's own address, so their ARP entries "
			    "clone from it", e->dest, ifn);
		else
			setf(w, len, "directly connected network %s on %s: hosts "
			    "in it are reached by %s on %s, each one used gets "
			    "its own %s entry", p, ifn, nd, ifn, nd);
		if (is_linklocal_prefix(e))
			addf(w, len, "; link-local (self-assigned %s)",
			    e->family == VW_AF_INET6 ? "fe80::/64" :
			    "169.254/16");
		if (flag(e, 'I'))
			addf(w, len, "; scoped to %s (flag I): another interface "
			    "has the same or an overlapping network, so macOS "
			    "keeps this copy only for traffic bound to %s", ifn,
			    ifn);
		if (br)
			addf(w, len, "; %s is a VM network: this is the route "
			    "host-to-VM traffic needs", ifn);
		break;
	case VW_XK_NEXTHOP:
		setf(w, len, "one path of the multipath route above: via %s on "
		    "%s", e->gateway[0] ? e->gateway : "(on-link)", ifn);
		break;
	default:
		break;
	}
}

/* ---- per format ------------------------------------------------------------------ */

static void
interp_netstat(const struct vw_explain *x, struct vw_xentry *e)
{
	const char *f;
	int host;

	for (f = e->flags; *f != '\0'; f++)
		if (vw_explain_flag(x->os, e->format, *f) == NULL) {
			e->bad_flags++;
			vw__x_note(e, "flag '%c' is not one %s netstat prints "
			    "(another BSD's output?)", *f, x->os ==
			    VW_OS_FREEBSD ? "FreeBSD" : "macOS");
		}
	host = flag(e, 'H') || (flag(e, 'W') && !flag(e, 'C'));
	dest_bsd(x, e, host);
	gw_parse(x, e);
	expire_parse(e);
	netstat_kind(e);
	if (e->netif[0] != '\0' && e->netif[0] != '#' && x->os != VW_OS_LINUX &&
	    (e->netif[strlen(e->netif) - 1] < '0' ||
	    e->netif[strlen(e->netif) - 1] > '9'))
		vw__x_note(e, "interface \"%s\" has no unit number: netstat cut "
		    "the name to its column (%s0, %s1, ...)", e->netif,
		    e->netif, e->netif);
}

static void
interp_arp(const struct vw_explain *x, struct vw_xentry *e)
{
	struct vw_ip ip;
	char scope[8];
	int plen;

	(void)x;
	if (vw__x_parse_ip(e->dest, &ip, scope, sizeof(scope), &plen) == 0)
		set_prefix(e, &ip, (unsigned)vw_ip_bytes(ip.family) * 8, "");
	if (e->gateway[0] != '\0') {
		if (set_mac(e, e->gateway) == 0)
			e->gwkind = VW_XG_MAC;
		else if (e->mac_form == VW_XM_REDACTED)
			e->gwkind = VW_XG_REDACTED;
		else
			e->gwkind = VW_XG_UNREADABLE;
	}
	expire_parse(e);
	e->kind = e->family == VW_AF_INET6 ? VW_XK_NDP : VW_XK_ARP;
	if (e->mac.len > 0 && mac_all(&e->mac, 0xff))
		vw__x_note(e, "a broadcast MAC for %s: the network's broadcast "
		    "address answered (or a ping to it was sent)", e->dest);
}

static const char *
nud_meaning(const char *s)
{
	if (strstr(s, "REACHABLE")) return "confirmed reachable recently";
	if (strstr(s, "STALE")) return "MAC known but not confirmed lately; "
	    "the next packet uses it and asks for confirmation";
	if (strstr(s, "DELAY")) return "waiting a moment for confirmation "
	    "before probing";
	if (strstr(s, "PROBE")) return "probing the neighbour to confirm it";
	if (strstr(s, "FAILED")) return "no answer to the probes: packets to "
	    "it fail with \"host unreachable\"";
	if (strstr(s, "INCOMPLETE")) return "request sent, no answer yet";
	if (strstr(s, "PERMANENT")) return "a static entry, never expires";
	if (strstr(s, "NOARP")) return "the device needs no address "
	    "resolution";
	return "no state";
}

static void
interp_ipneigh(const struct vw_explain *x, struct vw_xentry *e)
{
	interp_arp(x, e);
	if (e->state[0] != '\0')
		vw__x_note(e, "%s: %s", e->state, nud_meaning(e->state));
}

static void
proto_note(struct vw_xentry *e)
{
	static const struct {
		const char	*p;
		const char	*m;
	} t[] = {
		{ "kernel", "added by the kernel when the interface got its "
		  "address" },
		{ "dhcp", "installed by the DHCP client" },
		{ "ra", "learned from an IPv6 router advertisement" },
		{ "static", "added by hand or by a network configuration" },
		{ "boot", "added by ip route add (no protocol given)" },
		{ "bird", "installed by BIRD" }, { "zebra", "installed by FRR" },
	};
	size_t i;

	if (e->proto[0] == '\0')
		return;
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(e->proto, t[i].p) == 0) {
			vw__x_note(e, "proto %s: %s", e->proto, t[i].m);
			return;
		}
	vw__x_note(e, "proto %s: the program that installed it", e->proto);
}

static void
interp_iproute(const struct vw_explain *x, struct vw_xentry *e)
{
	struct vw_ip ip;
	char scope[8];
	int plen, has_slash = strchr(e->dest, '/') != NULL;

	(void)x;
	if (e->family == 0)
		e->family = strchr(e->gateway, ':') != NULL ||
		    strchr(e->dest, ':') != NULL ? VW_AF_INET6 : VW_AF_INET;
	if (strcmp(e->dest, "default") == 0)
		set_default(e);
	else if (e->kind != VW_XK_NEXTHOP &&
	    vw__x_parse_ip(e->dest, &ip, scope, sizeof(scope), &plen) == 0)
		set_prefix(e, &ip, plen >= 0 ? (unsigned)plen :
		    (unsigned)vw_ip_bytes(ip.family) * 8, "");
	if (e->gateway[0] != '\0' && vw__x_parse_ip(e->gateway, &e->gw, scope,
	    sizeof(scope), &plen) == 0)
		e->gwkind = VW_XG_IP;
	else if (e->gateway[0] != '\0')
		e->gwkind = VW_XG_UNREADABLE;
	expire_parse(e);
	if (e->kind == VW_XK_NEXTHOP)
		;
	else if (strcmp(e->rtype, "local") == 0 || strcmp(e->rtype,
	    "anycast") == 0)
		e->kind = VW_XK_LOCAL;
	else if (strcmp(e->rtype, "broadcast") == 0)
		e->kind = VW_XK_BROADCAST;
	else if (strcmp(e->rtype, "multicast") == 0 || is_multicast_prefix(e))
		e->kind = VW_XK_MULTICAST;
	else if (strcmp(e->rtype, "unreachable") == 0 || strcmp(e->rtype,
	    "blackhole") == 0 || strcmp(e->rtype, "prohibit") == 0 ||
	    strcmp(e->rtype, "throw") == 0)
		e->kind = VW_XK_REJECT;
	else if (e->have_prefix && e->plen == 0)
		e->kind = VW_XK_DEFAULT;
	else if (is_loopback_prefix(e))
		e->kind = VW_XK_LOOPBACK;
	else if (e->have_prefix && e->plen == 1 && e->gwkind == VW_XG_NONE &&
	    vw__x_is_tunnel(e->netif))
		e->kind = VW_XK_SPLIT_DEFAULT;
	else if (e->have_prefix && e->plen == 1)
		e->kind = VW_XK_SPLIT_DEFAULT;
	else if (e->gwkind == VW_XG_IP)
		e->kind = has_slash ? VW_XK_GATEWAY_ROUTE : VW_XK_HOST_ROUTE;
	/*
	 * The kernel's own prefix routes say "proto kernel" (IPv6 from an
	 * RA: "proto ra"); a route added by hand without a gateway prints
	 * no proto (RTPROT_BOOT) and is an interface route, even with
	 * "scope link".
	 */
	else if (has_slash && (strcmp(e->proto, "kernel") == 0 ||
	    strcmp(e->proto, "ra") == 0))
		e->kind = VW_XK_CONNECTED;
	else if (has_slash)
		e->kind = VW_XK_IFACE_ROUTE;
	else if (e->have_prefix)
		e->kind = VW_XK_HOST_ROUTE;
	proto_note(e);
	if (strcmp(e->rtype, "anycast") == 0)
		vw__x_note(e, "anycast: an address any router of the subnet "
		    "answers (IPv6 subnet-router anycast)");
	if (e->src[0] != '\0')
		vw__x_note(e, "src %s: the source address used for packets on "
		    "this route", e->src);
	if (e->table[0] != '\0' && strcmp(e->table, "main") != 0 &&
	    strcmp(e->table, "local") != 0)
		vw__x_note(e, "table %s: consulted only when an ip rule selects "
		    "it%s", e->table, strcmp(e->table, "52") == 0 ?
		    " (52 is Tailscale's table)" : "");
	if (strcmp(e->state, "linkdown") == 0)
		vw__x_note(e, "linkdown: %s has no carrier; the route stays but "
		    "cannot carry traffic", e->netif);
}

static void
interp_route_n(const struct vw_explain *x, struct vw_xentry *e)
{
	struct vw_ip ip, mask;
	int plen;

	(void)x;
	/* The Genmask was parked in e->scope by the row parser. */
	if (vw_ip_parse(e->dest, &ip) == 0 && vw_ip_parse(e->scope, &mask) == 0 &&
	    (plen = vw_mask_plen(mask.a, 4, 32)) >= 0)
		set_prefix(e, &ip, (unsigned)plen, "");
	else if (strcmp(e->dest, "default") == 0)
		set_default(e);
	vw__x_note(e, "Genmask %s = /%u", e->scope, e->plen);
	e->scope[0] = '\0';
	if (strcmp(e->gateway, "0.0.0.0") == 0 || strcmp(e->gateway, "*") == 0)
		e->gwkind = VW_XG_NONE;
	else if (vw_ip_parse(e->gateway, &e->gw) == 0)
		e->gwkind = VW_XG_IP;
	else
		e->gwkind = VW_XG_NAME;
	if (flag(e, '!'))
		e->kind = VW_XK_REJECT;
	else if (e->have_prefix && e->plen == 0)
		e->kind = VW_XK_DEFAULT;
	else if (is_loopback_prefix(e))
		e->kind = VW_XK_LOOPBACK;
	else if (flag(e, 'H'))
		e->kind = VW_XK_HOST_ROUTE;
	else if (flag(e, 'G'))
		e->kind = VW_XK_GATEWAY_ROUTE;
	else
		e->kind = VW_XK_CONNECTED;
}

void
vw__x_interpret(const struct vw_explain *x, struct vw_xentry *e)
{
	switch (e->format) {
	case VW_XF_NETSTAT:
		if (e->kind != VW_XK_UNRECOGNISED)
			return;		/* titles, headers */
		interp_netstat(x, e);
		break;
	case VW_XF_ARP:
		interp_arp(x, e);
		break;
	case VW_XF_IPNEIGH:
		interp_ipneigh(x, e);
		break;
	case VW_XF_IPROUTE:
		interp_iproute(x, e);
		break;
	case VW_XF_ROUTE_N:
		if (e->kind != VW_XK_UNRECOGNISED)
			return;
		interp_route_n(x, e);
		break;
	default:
		if (e->kind == VW_XK_UNRECOGNISED && e->what[0] == '\0')
			setf(e->what, sizeof(e->what), "not understood: kept "
			    "as it was pasted");
		return;
	}
	gw_words(x, e);
	what_words(x, e);
	expire_words(x, e);
}
