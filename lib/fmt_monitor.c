/* SPDX-License-Identifier: ISC */
/*
 * fmt_monitor.c - one greppable line per routing message (see the header
 * for the format).  Flag names follow route(8)'s routeflags/ifnetflags
 * strings (reference §6).
 */
#include <stdio.h>
#include <string.h>

#include "bsd_wire.h"
#include "fmt_ip.h"
#include "fmt_monitor.h"
#include "nl_wire.h"
#include "vw_error.h"

#define NITEMS(a)	(sizeof(a) / sizeof((a)[0]))

/* route(8) routeflags, by bit number; NULL: no name (DEAD, bit 31). */
static const char *const rtf_names[32] = {
	"UP", "GATEWAY", "HOST", "REJECT", "DYNAMIC", "MODIFIED", "DONE",
	"DELCLONE", "CLONING", "XRESOLVE", "LLINFO", "STATIC", "BLACKHOLE",
	"b016", "PROTO2", "PROTO1", "PRCLONING", "WASCLONED", "PROTO3",
	"b024", "PINNED", "LOCAL", "BROADCAST", "MULTICAST", "IFSCOPE",
	"CONDEMNED", "IFREF", "PROXY", "ROUTER", NULL, "GLOBAL", NULL
};

/* route(8) ifnetflags, by bit number. */
static const char *const iff_names[16] = {
	"UP", "BROADCAST", "DEBUG", "LOOPBACK", "PTP", "b6", "RUNNING",
	"NOARP", "PPROMISC", "ALLMULTI", "OACTIVE", "SIMPLEX", "LINK0",
	"LINK1", "LINK2", "MULTICAST"
};

static const char *const rtax_labels[VW_RTAX_MAX] = {
	"dst", "gateway", "netmask", "genmask", "ifp", "ifa", "author", "brd"
};

static const char *const rta_names[VW_RTAX_MAX] = {
	"DST", "GATEWAY", "NETMASK", "GENMASK", "IFP", "IFA", "AUTHOR", "BRD"
};

static void
put_bits(struct vw__sb *sb, uint32_t flags, const char *const *names,
    unsigned nnames, int os)
{
	unsigned b;
	int first = 1;

	vw__sb_puts(sb, "<");
	for (b = 0; b < 32; b++) {
		uint32_t bit = (uint32_t)1 << b;
		const char *name;

		if ((flags & bit) == 0)
			continue;
		name = b < nnames ? names[b] : NULL;
		/* The bits FreeBSD names otherwise (FBSD route.h). */
		if (os == VW_OS_FREEBSD && bit == VW_RTF_FIXEDMTU)
			name = "FIXEDMTU";
		else if (os == VW_OS_FREEBSD && bit == VW_RTF_STICKY)
			name = "STICKY";
		if (name != NULL)
			vw__sb_printf(sb, "%s%s", first ? "" : ",", name);
		else
			vw__sb_printf(sb, "%s0x%x", first ? "" : ",",
			    (unsigned)bit);
		first = 0;
	}
	vw__sb_puts(sb, ">");
}

int
vw_fmt_rtf_names(int os, uint32_t flags, char *buf, size_t len)
{
	struct vw__sb sb;

	vw__sb_init(&sb, buf, len);
	put_bits(&sb, flags, rtf_names, NITEMS(rtf_names), os);
	return vw__sb_done(&sb);
}

int
vw_fmt_iff_names(uint32_t flags, char *buf, size_t len)
{
	struct vw__sb sb;

	vw__sb_init(&sb, buf, len);
	put_bits(&sb, flags, iff_names, NITEMS(iff_names), VW_OS_DARWIN);
	return vw__sb_done(&sb);
}

static void
put_index(struct vw__sb *sb, unsigned index, const struct vw_names *n)
{
	const char *name = vw_names_get(n, index);

	vw__sb_printf(sb, " index %u", index);
	if (name != NULL)
		vw__sb_printf(sb, " ifname %s", name);
}

static void
put_hex(struct vw__sb *sb, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		vw__sb_printf(sb, "%02x", p[i]);
}

static void
put_link(struct vw__sb *sb, const struct vw_linkgw *g)
{
	char dots[VW_LL_STRLEN], canon[VW_LL_STRLEN];
	size_t nlen = strnlen(g->name, sizeof(g->name));

	if (nlen == 0 && g->ll.len == 0 && g->sdl_slen == 0) {
		vw__sb_printf(sb, "link#%u", (unsigned)g->sdl_index);
		return;
	}
	if (nlen == 0 && g->ll.len == 0) {
		/* Only a selector: nothing link_ntoa would show. */
		vw__sb_printf(sb, "link#%u", (unsigned)g->sdl_index);
		return;
	}
	vw__sb_printf(sb, "%.*s", (int)nlen, g->name);
	if (g->ll.len == 0)
		return;
	if (vw_ll_dots(&g->ll, dots, sizeof(dots)) < 0 ||
	    vw_ll_canon(&g->ll, canon, sizeof(canon)) < 0)
		return;
	vw__sb_printf(sb, "%s%s [%s]", nlen > 0 ? ":" : "", dots, canon);
}

/* A mask that cannot be folded: "/N" or "&0x" and its bytes. */
static void
put_mask(struct vw__sb *sb, const struct vw_bsd_sa *s)
{
	int nb = vw_ip_bytes(s->ip.family);

	if (s->kind == VW_SA_EMPTY) {
		vw__sb_puts(sb, "default");
		return;
	}
	if (s->mask_contig) {
		vw__sb_printf(sb, "/%u", (unsigned)s->mask_plen);
		return;
	}
	vw__sb_puts(sb, "&0x");
	put_hex(sb, s->ip.a, nb > 0 ? (size_t)nb : 4);
}

static void
put_sa(struct vw__sb *sb, const struct vw_bsd_sa *s, const struct vw_names *n)
{
	char tmp[VW_IP_STRLEN + VW_IFNAMSIZ];

	switch (s->kind) {
	case VW_SA_EMPTY:
		vw__sb_puts(sb, "default");
		break;
	case VW_SA_INET:
	case VW_SA_INET6:
		if (vw_fmt_ip_scoped(&s->ip, n, tmp, sizeof(tmp)) < 0)
			vw__sb_puts(sb, "?");
		else
			vw__sb_puts(sb, tmp);
		break;
	case VW_SA_LINK:
		put_link(sb, &s->link);
		break;
	case VW_SA_MASK:
		put_mask(sb, s);
		break;
	default:
		vw__sb_printf(sb, "(%u) ", (unsigned)s->sa_family);
		if (s->raw != NULL && s->raw_len > 2)
			put_hex(sb, s->raw + 2, s->raw_len - 2);
		break;
	}
}

/*
 * Can the mask be folded into address a as "/N"?  Only a contiguous mask
 * (or an empty one, /0) read with a's family.
 */
static int
foldable(const struct vw_bsd_sa *a, const struct vw_bsd_sa *mask)
{
	if (a->kind != VW_SA_INET && a->kind != VW_SA_INET6)
		return 0;
	if (mask->kind == VW_SA_EMPTY)
		return 1;
	return mask->kind == VW_SA_MASK && mask->mask_contig &&
	    mask->ip.family == a->ip.family;
}

/* "192.168.64.0/24"; "default" for a zero address with a /0 mask. */
static void
put_folded(struct vw__sb *sb, const struct vw_bsd_sa *a,
    const struct vw_bsd_sa *mask, const struct vw_names *n)
{
	unsigned plen = mask->kind == VW_SA_EMPTY ? 0 : mask->mask_plen;

	if (plen == 0 && vw_ip_is_zero(&a->ip)) {
		vw__sb_puts(sb, "default");
		return;
	}
	put_sa(sb, a, n);
	vw__sb_printf(sb, "/%u", plen);
}

static void
put_addrs(struct vw__sb *sb, const struct vw_bsd_msg *m,
    const struct vw_names *n)
{
	const struct vw_bsd_sa *mask = &m->sa[VW_RTAX_NETMASK];
	int fold, fold_ok, i, first = 1;

	/* Address messages have no DST: their mask belongs to the IFA. */
	fold = m->hdr == VW_BH_IFA ? VW_RTAX_IFA : VW_RTAX_DST;
	fold_ok = foldable(&m->sa[fold], mask);
	for (i = 0; i < VW_RTAX_MAX; i++) {
		const struct vw_bsd_sa *s = &m->sa[i];

		if (s->kind == VW_SA_ABSENT ||
		    (i == VW_RTAX_NETMASK && fold_ok))
			continue;
		vw__sb_printf(sb, " %s ", rtax_labels[i]);
		if (i == fold && fold_ok)
			put_folded(sb, s, mask, n);
		else
			put_sa(sb, s, n);
	}
	if (!m->sa_short)
		return;
	for (i = 0; i < VW_RTAX_MAX; i++) {
		if ((m->addrs & (1 << i)) == 0 ||
		    m->sa[i].kind != VW_SA_ABSENT)
			continue;
		vw__sb_printf(sb, "%s%s", first ? " missing <" : ",",
		    rta_names[i]);
		first = 0;
	}
	if (!first)
		vw__sb_puts(sb, ">");
}

/*
 * Names for one message: the caller's resolver first, then the message's
 * own RTA_IFP sockaddr_dl, which names its interface (a route being
 * deleted may belong to an interface the table never saw).
 */
struct msg_names {
	const struct vw_names	*up;
	const struct vw_bsd_sa	*ifp;
	char			 name[VW_IFNAMSIZ];
};

static const char *
msg_name_cb(uint32_t index, void *arg)
{
	struct msg_names *mn = arg;
	const char *s;

	if ((s = vw_names_get(mn->up, index)) != NULL)
		return s;
	if (mn->ifp->kind == VW_SA_LINK && mn->ifp->link.sdl_index == index &&
	    mn->name[0] != '\0')
		return mn->name;
	return NULL;
}

int
vw_fmt_monitor_bsd(const struct vw_bsd_msg *m, const struct vw_names *up,
    char *buf, size_t len)
{
	struct msg_names mn;
	struct vw_names nn, *n = &nn;
	struct vw_bsd_msg dm;
	char flags[400];
	struct vw__sb sb;

	/* Every sockaddr is printed: decode them unless the caller has. */
	if (!m->decoded) {
		dm = *m;
		vw_bsd_msg_decode(&dm);
		m = &dm;
	}
	mn.up = up;
	mn.ifp = &m->sa[VW_RTAX_IFP];
	mn.name[0] = '\0';
	if (mn.ifp->kind == VW_SA_LINK)
		snprintf(mn.name, sizeof(mn.name), "%.*s",
		    (int)sizeof(mn.ifp->link.name) - 1, mn.ifp->link.name);
	nn.name_cb = msg_name_cb;
	nn.arg = &mn;
	vw__sb_init(&sb, buf, len);
	vw__sb_printf(&sb, "%s len %u", vw_bsd_type_name(m->os, m->type),
	    (unsigned)m->msglen);
	switch (m->hdr) {
	case VW_BH_RT:
	case VW_BH_RT2:
		if (m->hdr == VW_BH_RT)
			vw__sb_printf(&sb, " pid %d seq %d errno %d",
			    (int)m->pid, (int)m->seq, (int)m->err);
		else {
			vw_fmt_rtf_names(m->os, (uint32_t)m->parentflags,
			    flags, sizeof(flags));
			vw__sb_printf(&sb, " refcnt %d parentflags %s",
			    (int)m->refcnt, flags);
		}
		vw_fmt_rtf_names(m->os, (uint32_t)m->flags, flags,
		    sizeof(flags));
		vw__sb_printf(&sb, " flags %s", flags);
		put_index(&sb, m->index, n);
		/* route(8) prints "ifscope <rtm_index>" for RTF_IFSCOPE. */
		if (m->os == VW_OS_DARWIN && (m->flags & VW_RTF_IFSCOPE))
			vw__sb_printf(&sb, " ifscope %u", (unsigned)m->index);
		if (m->expire != 0)
			vw__sb_printf(&sb, " expire %lld",
			    (long long)m->expire);
		if (m->mtu != 0)
			vw__sb_printf(&sb, " mtu %u", (unsigned)m->mtu);
		break;
	case VW_BH_IF:
	case VW_BH_IF2:
		put_index(&sb, m->index, n);
		vw_fmt_iff_names((uint32_t)m->flags, flags, sizeof(flags));
		vw__sb_printf(&sb, " flags %s iftype 0x%02x mtu %u", flags,
		    (unsigned)m->ifi_type, (unsigned)m->ifi_mtu);
		if (m->os == VW_OS_FREEBSD)
			vw__sb_printf(&sb, " link_state %u",
			    (unsigned)m->ifi_link_state);
		break;
	case VW_BH_IFA:
		put_index(&sb, m->index, n);
		vw_fmt_rtf_names(m->os, (uint32_t)m->flags, flags,
		    sizeof(flags));
		vw__sb_printf(&sb, " metric %d flags %s", (int)m->metric,
		    flags);
		break;
	case VW_BH_IFMA:
	case VW_BH_IFMA2:
		put_index(&sb, m->index, n);
		break;
	case VW_BH_ANNOUNCE:
		vw__sb_printf(&sb, " index %u name %.*s what ",
		    (unsigned)m->index, (int)strnlen(m->ifan_name,
		    sizeof(m->ifan_name)), m->ifan_name);
		if (m->ifan_what == VW_IFAN_ARRIVAL)
			vw__sb_puts(&sb, "arrival");
		else if (m->ifan_what == VW_IFAN_DEPARTURE)
			vw__sb_puts(&sb, "departure");
		else
			vw__sb_printf(&sb, "%u", (unsigned)m->ifan_what);
		break;
	default:
		break;
	}
	put_addrs(&sb, m, n);
	return vw__sb_done(&sb);
}

static void
put_nlflags(struct vw__sb *sb, unsigned type, unsigned flags)
{
	static const char *const common[] = {
		"REQUEST", "MULTI", "ACK", "ECHO", "DUMP_INTR", "DUMP_FILTERED"
	};
	static const char *const newf[] = {
		"REPLACE", "EXCL", "CREATE", "APPEND"
	};
	static const char *const delf[] = { "NONREC", "BULK" };
	static const char *const getf[] = { "ROOT", "MATCH", "ATOMIC" };
	static const char *const errf[] = { "CAPPED", "ACK_TLVS" };
	const char *const *hi = NULL;
	unsigned b, nhi = 0;
	int first = 1;

	/* Bits 8..11 mean different things per request kind (netlink.h). */
	if (type == VW_NL_NLMSG_ERROR) {
		hi = errf;
		nhi = NITEMS(errf);
	} else if (type >= VW_NL_NLMSG_MIN_TYPE) {
		switch (type % 4) {
		case 0:
			hi = newf;
			nhi = NITEMS(newf);
			break;
		case 1:
			hi = delf;
			nhi = NITEMS(delf);
			break;
		case 2:
			hi = getf;
			nhi = NITEMS(getf);
			break;
		default:
			break;
		}
	}
	vw__sb_puts(sb, "<");
	for (b = 0; b < 16; b++) {
		const char *name = NULL;

		if ((flags & (1u << b)) == 0)
			continue;
		if (b < NITEMS(common))
			name = common[b];
		else if (b >= 8 && b - 8 < nhi)
			name = hi[b - 8];
		if (name != NULL)
			vw__sb_printf(sb, "%s%s", first ? "" : ",", name);
		else
			vw__sb_printf(sb, "%s0x%x", first ? "" : ",", 1u << b);
		first = 0;
	}
	vw__sb_puts(sb, ">");
}

int
vw_fmt_monitor_nl(const struct vw_nl_hdr *h, const struct vw_event *ev,
    const struct vw_names *n, char *buf, size_t len)
{
	char obj[VW_IP_LINEMAX];
	struct vw__sb sb;
	int rc = -1;

	vw__sb_init(&sb, buf, len);
	vw__sb_printf(&sb, "%s len %u flags ", vw_nl_type_name(h->type),
	    (unsigned)h->len);
	put_nlflags(&sb, h->type, h->flags);
	vw__sb_printf(&sb, " seq %u pid %u", (unsigned)h->seq,
	    (unsigned)h->pid);
	if (h->type == VW_NL_NLMSG_ERROR || h->type == VW_NL_NLMSG_DONE)
		vw__sb_printf(&sb, " error %d (%s)", (int)h->error,
		    h->error == 0 ? "ok" : vw_strerror(h->error));
	if (ev == NULL)
		return vw__sb_done(&sb);
	switch (vw_kind_obj(ev->kind)) {
	case VW_OBJ_ROUTE:
		rc = vw_fmt_ip_route(&ev->u.route, n, VW_IPF_ONELINE, obj,
		    sizeof(obj));
		break;
	case VW_OBJ_NEIGH:
		rc = vw_fmt_ip_neigh(&ev->u.neigh, n, VW_IPF_ONELINE, obj,
		    sizeof(obj));
		break;
	case VW_OBJ_LINK:
		rc = vw_fmt_ip_link(&ev->u.link, VW_OS_LINUX, n,
		    VW_IPF_ONELINE, obj, sizeof(obj));
		break;
	case VW_OBJ_ADDR:
		rc = vw_fmt_ip_addr(&ev->u.addr, n, VW_IPF_ONELINE, obj,
		    sizeof(obj));
		break;
	default:
		break;
	}
	if (rc == -1)
		return vw__sb_done(&sb);
	vw__sb_puts(&sb, " | ");
	/* ip monitor marks removals; RTM_DEL* are the odd types >= 16. */
	if (h->type >= VW_NL_NLMSG_MIN_TYPE && h->type % 4 == 1)
		vw__sb_puts(&sb, "Deleted ");
	vw__sb_puts(&sb, obj);
	vw__sb_rtrim(&sb);
	return vw__sb_done(&sb);
}
