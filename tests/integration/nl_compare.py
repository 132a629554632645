#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Compare vmwatch's view of the kernel tables with iproute2's.

Input: the JSON of `vmwatchctl decode --os linux --table --json` (the table
built from a raw rtnetlink dump) and the JSON of `ip -j link show`,
`ip -j addr show`, `ip -4 -j route show table all`, `ip -6 -j route show
table all` and `ip -j neigh show nud all`, all taken at the same moment.

Both sides are reduced to comparable tuples:
  links      (index, name, mtu, lladdr, up)
  addresses  (ifindex, family, addr, plen)
  routes     (family, table, dst, plen, gateway, ifindex, metric, type,
              prefsrc, nexthops)   nexthops: sorted (gateway, ifindex, weight)
  neighbours (ifindex, family, addr, lladdr, states, router)
and compared as multisets.  Differences are printed one per line with the
side that has the extra tuple; the exit status is 1 if there are any.

iproute2's JSON needs care (iproute2 6.x):
  - dst "default" is 0/0; a host route has no "/plen"; table "main" and
    metric 0 are omitted, as is type "unicast";
  - tables are printed by name ("local", "main", "default") or number;
  - devices are names, mapped to indexes through `ip -j link show`;
  - an IPv4 route via an IPv6 next hop prints "via": {"family", "host"};
  - a multipath route prints "nexthops" and no top-level "dev"/"gateway";
  - a NOARP/PERMANENT-less state list, "router": null as a flag.
vmwatch prints IPv6 link-local addresses with "%<ifname>"; the scope is
dropped here since iproute2 shows it as the "dev".
"""

import argparse
import collections
import ipaddress
import json
import sys

TABLES = {"unspec": 0, "default": 253, "main": 254, "local": 255}


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if not text.strip():
        return []
    return json.loads(text)


def bare(addr):
    """An address without its "%scope", in canonical text; None stays."""
    if addr is None:
        return None
    addr = str(addr).split("%", 1)[0]
    return str(ipaddress.ip_address(addr))


def mac(text):
    return text.lower() if text else None


def family_of(addr):
    return "inet6" if ":" in addr else "inet"


def table_id(value):
    if value is None:
        return 254
    if isinstance(value, int):
        return value
    return TABLES.get(value, None) if not value.isdigit() else int(value)


class IpSide:
    """iproute2's JSON, normalized."""

    def __init__(self, links, addrs, routes4, routes6, neigh):
        self.index = {l["ifname"]: l["ifindex"] for l in links}
        self.links = [self.link(l) for l in links]
        self.addrs = [a for l in addrs for a in self.addr(l)]
        self.routes = ([self.route(r, "inet") for r in routes4] +
                       [self.route(r, "inet6") for r in routes6])
        self.neigh = [self.neighbour(n) for n in neigh]

    def dev(self, name):
        if name is None:
            return 0
        if name not in self.index:
            raise SystemExit("nl_compare: unknown device %r in ip output"
                             % name)
        return self.index[name]

    @staticmethod
    def link(l):
        return (l["ifindex"], l["ifname"], l.get("mtu", 0),
                mac(l.get("address")), "UP" in l.get("flags", []))

    @staticmethod
    def addr(l):
        for a in l.get("addr_info", []):
            yield (l["ifindex"], a["family"], bare(a["local"]),
                   a["prefixlen"])

    def gateway(self, r):
        if "gateway" in r:
            return bare(r["gateway"])
        if "via" in r:
            return bare(r["via"]["host"])
        return None

    def route(self, r, family):
        dst = r["dst"]
        if dst == "default":
            dst = "0.0.0.0/0" if family == "inet" else "::/0"
        net = ipaddress.ip_network(dst, strict=False)
        hops = tuple(sorted(
            (self.gateway(n), self.dev(n.get("dev")), n.get("weight", 1))
            for n in r.get("nexthops", [])))
        return (family, table_id(r.get("table")), str(net.network_address),
                net.prefixlen, self.gateway(r), self.dev(r.get("dev")),
                r.get("metric", 0), r.get("type", "unicast"),
                bare(r.get("prefsrc")), hops)

    def neighbour(self, n):
        return (self.dev(n["dev"]), family_of(n["dst"]), bare(n["dst"]),
                mac(n.get("lladdr")), tuple(sorted(n.get("state", []))),
                "router" in n)


class VwSide:
    """vmwatchctl's table JSON (notes/json.md shapes), normalized."""

    def __init__(self, table):
        if table.get("os") != "linux":
            raise SystemExit("nl_compare: table os is %r, want \"linux\""
                             % table.get("os"))
        self.links = [(l["index"], l["name"], l["mtu"], mac(l["lladdr"]),
                       "UP" in l["flags"]) for l in table["links"]]
        self.addrs = [(a["ifindex"], a["family"], bare(a["addr"]),
                       a["plen"]) for a in table["addresses"]]
        self.routes = [self.route(r) for r in table["routes"]]
        self.neigh = [(n["ifindex"], n["family"], bare(n["addr"]),
                       mac(n["lladdr"]), tuple(sorted(n["state"])),
                       bool(n["router"])) for n in table["neighbors"]]

    @staticmethod
    def route(r):
        hops = tuple(sorted((bare(n["gateway"]), n["ifindex"], n["weight"])
                            for n in r.get("nexthops", [])))
        return (r["family"], r["table"], bare(r["dst"]), r["plen"],
                bare(r["gateway"]), r["ifindex"], r["metric"], r["type"],
                bare(r["prefsrc"]), hops)


def compare(label, what, ours, theirs):
    a, b = collections.Counter(ours), collections.Counter(theirs)
    bad = 0
    for t in sorted(a - b, key=repr):
        print("%s: %s only in vmwatch: %r" % (label, what, t))
        bad += 1
    for t in sorted(b - a, key=repr):
        print("%s: %s only in ip: %r" % (label, what, t))
        bad += 1
    if not bad:
        print("%s: %d %s match" % (label, len(ours), what))
    return bad


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--label", default="compare")
    p.add_argument("--table", required=True, help="vmwatchctl table JSON")
    p.add_argument("--links", required=True, help="ip -j link show")
    p.add_argument("--addrs", required=True, help="ip -j addr show")
    p.add_argument("--routes4", required=True,
                   help="ip -4 -j route show table all")
    p.add_argument("--routes6", required=True,
                   help="ip -6 -j route show table all")
    p.add_argument("--neigh", required=True, help="ip -j neigh show nud all")
    p.add_argument("--live", action="store_true",
                   help="compare a live mirror: leave out neighbours whose "
                   "only state is NOARP (Linux creates multicast/broadcast "
                   "entries in net/core/neighbour.c without a netlink "
                   "notification, so only a re-dump can know them)")
    p.add_argument("--expect", action="append", default=[],
                   help="KIND=N: at least N tuples of links|addresses|"
                   "routes|neighbours must be present (guards against "
                   "two empty sides agreeing)")
    args = p.parse_args()

    ip = IpSide(load(args.links), load(args.addrs), load(args.routes4),
                load(args.routes6), load(args.neigh))
    vw = VwSide(load(args.table))
    if args.live:
        def silent(t):
            return t[4] == ("NOARP",)
        ip.neigh = [t for t in ip.neigh if not silent(t)]
        vw.neigh = [t for t in vw.neigh if not silent(t)]
    bad = 0
    bad += compare(args.label, "links", vw.links, ip.links)
    bad += compare(args.label, "addresses", vw.addrs, ip.addrs)
    bad += compare(args.label, "routes", vw.routes, ip.routes)
    bad += compare(args.label, "neighbours", vw.neigh, ip.neigh)
    have = {"links": len(ip.links), "addresses": len(ip.addrs),
            "routes": len(ip.routes), "neighbours": len(ip.neigh)}
    for e in args.expect:
        kind, _, n = e.partition("=")
        if have.get(kind, 0) < int(n):
            print("%s: only %d %s, expected at least %s"
                  % (args.label, have.get(kind, 0), kind, n))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
