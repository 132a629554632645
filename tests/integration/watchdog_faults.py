#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""watchdog_faults.py BUILD SRC - the fault suite.

A "host" namespace with bridge100 (198.18.64.1/24, 2001:db8:64::1/64), a
"vm" namespace behind a veth on it (198.18.64.2, 2001:db8:64::2), and
vmwatchd in the host namespace watching both guest addresses.  Each fault
is made on purpose; the daemon must log target.down for 198.18.64.2 with
the right cause code, evidence and timing, then target.up after the
repair.  Finally 60 s of steady state must log no target.down.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wdlib  # noqa: E402

GUEST = wdlib.GUEST_IP
GUEST6 = "2001:db8:64::2"
results = []


def is_guest(e):
    return e["target"]["address"] == GUEST


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def fault(b, name, code, bound, brk, repair, extra=None):
    """Break, expect target.down(code) within bound s, repair, expect up."""
    after = b.last_seq()
    t0 = time.time()
    ctx = brk(b)
    down = b.wait("target.down", after, timeout=max(bound * 3, 8),
                  pred=is_guest)
    lat = wdlib.rfc3339(down["time"]) - t0
    cause = down.get("cause") or {}
    got = cause.get("code")
    ok_codes = code if isinstance(code, tuple) else (code,)
    check(got in ok_codes, "%s: cause %s, expected %s: %s" %
          (name, got, "/".join(ok_codes), json.dumps(down)))
    check(lat <= bound, "%s: target.down %.3f s after the fault "
          "(bound %.1f s)" % (name, lat, bound))
    check(isinstance(cause.get("summary"), str) and cause["summary"],
          "%s: no summary" % name)
    # Evidence: sequence numbers of logged events between the fault and
    # the verdict (kernel-only causes; inferred ones may have none).
    ev = cause.get("evidence", [])
    window = {e["seq"]: e for e in b.between(after, down["seq"])}
    for s in ev:
        check(s in window, "%s: evidence seq %s is not an event between "
              "the fault and the verdict" % (name, s))
    if extra:
        extra(b, down, window, ctx)
    t1 = time.time()
    repair(b, ctx)
    up = b.wait("target.up", down["seq"], timeout=15, pred=is_guest)
    check(up.get("outage_s", 0) > 0, "%s: target.up without outage_s: %s"
          % (name, json.dumps(up)))
    results.append((name, got, lat, wdlib.rfc3339(up["time"]) - t1))
    print("ok - %s: %s in %.3f s (%s); up %.3f s after the repair" %
          (name, got, lat, cause.get("summary", ""), results[-1][3]))
    sys.stdout.flush()
    time.sleep(0.5)
    return down, up


def evidence_kinds(down, window):
    return [window[s]["kind"] for s in down["cause"].get("evidence", [])
            if s in window]


# ---- the faults ---------------------------------------------------------

def hijack_break(b):
    b.host("ip", "tuntap", "add", "dev", "utun4", "mode", "tun")
    b.host("ip", "link", "set", "utun4", "up")
    # A long-lived ip(8) makes the change, so its pid can be named.
    p = subprocess.Popen(["ip", "netns", "exec", b.h, "ip", "-batch", "-"],
                         stdin=subprocess.PIPE, text=True)
    p.stdin.write("route add 198.18.64.0/25 dev utun4\n")
    p.stdin.flush()
    return p


def hijack_check(b, down, window, p):
    kinds = evidence_kinds(down, window)
    check("route.add" in kinds, "hijack: no route.add in evidence: %s" %
          json.dumps(down["cause"]))
    adds = [window[s] for s in down["cause"]["evidence"]
            if window.get(s, {}).get("kind") == "route.add"]
    check(any(e["route"]["dst"].startswith("198.18.64.0") and
              e["route"].get("plen", e["route"].get("dst_len")) in (25, None)
              or "/25" in json.dumps(e["route"]) for e in adds),
          "hijack: evidence does not show 198.18.64.0/25: %s" % adds)
    check(down["cause"].get("pid") == p.pid,
          "hijack: pid %s, expected %d" % (down["cause"].get("pid"), p.pid))
    check(down["cause"].get("process") == "ip",
          "hijack: process %r, expected 'ip'" %
          down["cause"].get("process"))
    now = down["cause"].get("path_now") or {}
    check(now.get("dev") == "utun4", "hijack: path_now %s" % now)
    before = down["cause"].get("path_before") or {}
    check(before.get("dev") == "bridge100", "hijack: path_before %s" %
          before)


def hijack_repair(b, p):
    p.stdin.write("route del 198.18.64.0/25 dev utun4\n")
    p.stdin.flush()
    p.stdin.close()
    p.wait(10)
    b.host("ip", "link", "del", "utun4")


def route_removed_break(b):
    b.host("ip", "route", "del", "198.18.64.0/24", "dev", "bridge100")


def route_removed_check(b, down, window, ctx):
    check("route.delete" in evidence_kinds(down, window),
          "route_removed: no route.delete in evidence")


def route_removed_repair(b, ctx):
    b.host("ip", "route", "add", "198.18.64.0/24", "dev", "bridge100",
           "proto", "kernel", "scope", "link", "src", wdlib.HOST_IP)


def ifdown_break(b):
    b.host("ip", "link", "set", "bridge100", "down")


def ifdown_check(b, down, window, ctx):
    kinds = evidence_kinds(down, window)
    check(any(k.startswith("link.") for k in kinds),
          "interface_down: no link event in evidence: %s" % kinds)


def ifdown_repair(b, ctx):
    b.host("ip", "link", "set", "bridge100", "up")


def gone_break(b):
    idx = json.loads(b.host("ip", "-j", "link", "show", "bridge100"))[0]
    b.host("ip", "link", "del", "bridge100")
    return idx["ifindex"]


def gone_check(b, down, window, old):
    check("link.delete" in evidence_kinds(down, window),
          "interface_gone: no link.delete in evidence")


def gone_repair(b, old):
    b.make_bridge()
    b.host("ip", "-6", "addr", "add", "2001:db8:64::1/64", "dev",
           "bridge100", "nodad")
    b.host("ip", "link", "set", "vh0", "master", "bridge100")
    new = json.loads(b.host("ip", "-j", "link", "show", "bridge100"))[0]
    check(new["ifindex"] != old, "bridge100 kept its index %d" % old)
    gone_repair.new_index = new["ifindex"]


def addr_break(b):
    b.host("ip", "addr", "del", wdlib.HOST_IP + "/24", "dev", "bridge100")


def addr_check(b, down, window, ctx):
    check("addr.delete" in evidence_kinds(down, window),
          "address_removed: no addr.delete in evidence")


def addr_repair(b, ctx):
    b.host("ip", "addr", "add", wdlib.HOST_IP + "/24", "dev", "bridge100")


def unresolved_break(b):
    b.vm("ip", "link", "set", "eth0", "arp", "off")
    b.host("ip", "neigh", "flush", "dev", "bridge100")


def unresolved_repair(b, ctx):
    b.vm("ip", "link", "set", "eth0", "arp", "on")


NFT_DROP = ["nft", "-f", "-"]


def nft(b, rules):
    p = subprocess.run(["ip", "netns", "exec", b.v, "nft", "-f", "-"],
                       input=rules, text=True, stderr=subprocess.PIPE)
    check(p.returncode == 0, "nft failed: %s" % p.stderr)


DROP_ICMP = """table inet vwt {
  chain in { type filter hook input priority 0; meta l4proto icmp drop; }
}
"""


def macchange_break(b):
    # A re-created VM: same address, new MAC, and (still booting) not
    # answering yet.  It announces itself (arp_notify), so the host's
    # neighbour entry moves to the new MAC.
    nft(b, DROP_ICMP)
    b.vm("sysctl", "-qw", "net.ipv4.conf.eth0.arp_notify=1")
    b.vm("sysctl", "-qw", "net.ipv6.conf.eth0.ndisc_notify=1")
    b.vm("ip", "link", "set", "eth0", "address", "52:54:00:00:64:99")


def macchange_check(b, down, window, ctx):
    s = json.dumps(down["cause"])
    check("52:54:00:00:64:99" in s, "neighbor_changed: new MAC not named: "
          "%s" % s)


def macchange_repair(b, ctx):
    b.vm("nft", "delete", "table", "inet", "vwt")


def filtered_break(b):
    nft(b, DROP_ICMP)


def filtered_check(b, down, window, ctx):
    check(not down["cause"]["code"].startswith("route") and
          down["cause"]["code"] not in ("interface_down", "interface_gone",
                                        "address_removed"),
          "filter in the guest blamed on the host: %s" % down["cause"])


def filtered_repair(b, ctx):
    b.vm("nft", "delete", "table", "inet", "vwt")


def guestdown_break(b):
    b.vm("ip", "link", "set", "eth0", "down")


def guestdown_check(b, down, window, ctx):
    check("carrier" in down["cause"]["summary"],
          "guest link down: summary does not say carrier: %s" %
          down["cause"]["summary"])


def guestdown_repair(b, ctx):
    b.vm("ip", "link", "set", "eth0", "up")


def main():
    build = sys.argv[1]
    if os.geteuid() != 0:
        print("SKIP: watchdog_faults needs root")
        return 0
    b = wdlib.Bench(build, "wf", target_cfg=None)
    # A second, IPv6 target: probed all along, must never false-alarm.
    with open(b.cfg) as f:
        cfg = json.load(f)
    cfg["targets"].append({"address": GUEST6, "name": "vm1-v6",
                           "interval": "200ms", "timeout": "150ms"})
    with open(b.cfg, "w") as f:
        json.dump(cfg, f)
    try:
        b.setup()
        b.host("ip", "-6", "addr", "add", "2001:db8:64::1/64", "dev",
               "bridge100", "nodad")
        # Keep the guest's IPv6 address across its link going down
        # (Linux drops IPv6 addresses on link down by default).
        b.vm("sysctl", "-qw", "net.ipv6.conf.eth0.keep_addr_on_down=1")
        b.vm("ip", "-6", "addr", "add", GUEST6 + "/64", "dev", "eth0",
             "nodad")
        b.start()
        b.wait("target.up", 0, timeout=10, pred=is_guest)
        b.wait("target.up", 0, timeout=10,
               pred=lambda e: e["target"]["address"] == GUEST6)

        fault(b, "route hijacked by a tun device", "route_hijacked", 1.0,
              hijack_break, hijack_repair, hijack_check)
        fault(b, "route deleted", "route_removed", 1.0,
              route_removed_break, route_removed_repair, route_removed_check)
        fault(b, "bridge down", "interface_down", 1.0, ifdown_break,
              ifdown_repair, ifdown_check)
        down, up = fault(b, "bridge deleted and re-created",
                         "interface_gone", 1.0, gone_break, gone_repair,
                         gone_check)
        path = up.get("path") or {}
        check(path.get("ifindex") == gone_repair.new_index,
              "target.up after re-creation is not on the new index %s: %s"
              % (gone_repair.new_index, json.dumps(up)))
        fault(b, "host address removed", "address_removed", 1.0,
              addr_break, addr_repair, addr_check)
        fault(b, "neighbour unresolved", "neighbor_unresolved", 6.0,
              unresolved_break, unresolved_repair)
        fault(b, "guest MAC changed", "neighbor_changed", 1.0,
              macchange_break, macchange_repair, macchange_check)
        fault(b, "guest drops ICMP", ("filtered", "target_silent"), 2.0,
              filtered_break, filtered_repair, filtered_check)
        fault(b, "guest link down", "interface_down", 1.0,
              guestdown_break, guestdown_repair, guestdown_check)

        # Steady state: 60 s, no false alarm on either target.
        quiet = int(os.environ.get("VWT_STEADY_S", "60"))
        after = b.last_seq()
        time.sleep(quiet)
        bad = [e for e in b.between(after, 1 << 62)
               if e["kind"] in ("target.down", "target.degraded")]
        check(not bad, "false alarms in %d s of steady state: %s" %
              (quiet, bad))
        r = b.ctl("--json", "targets")
        t = json.loads(r.stdout)["result"]
        check(all(x["state"] == "up" for x in t), "targets not up: %s" % t)
        check(t[0]["stats"]["sent"] >= quiet * 4,
              "too few probes in steady state: %s" % t[0]["stats"])
        print("ok - steady state: %d s, no false alarm, %d probes to %s" %
              (quiet, t[0]["stats"]["sent"], GUEST))
        # History over the control socket matches the log.
        r = b.ctl("--json", "events", "--kind", "target.down",
                  "--target", "vm1")
        got = [json.loads(l) for l in r.stdout.splitlines() if l.strip()]
        b.read_log()
        want = [e for e in b.events if e["kind"] == "target.down" and
                e["target"]["address"] == GUEST]
        check([e["seq"] for e in got] == [e["seq"] for e in want],
              "events --kind target.down --target vm1 != the log: %s vs %s"
              % ([e["seq"] for e in got], [e["seq"] for e in want]))
        check(got == want, "events --json objects differ from the log")
        print("ok - events --target vm1 --kind target.down: %d events, "
              "identical to the JSON log" % len(got))
    except AssertionError as e:
        print("FAIL: %s" % e)
        print("daemon stderr (tail):\n" + "\n".join(
            b.stderr().splitlines()[-40:]))
        return 1
    finally:
        b.close()
    print("1..%d" % (len(results) + 2))
    for name, code, lat, uplat in results:
        print("# %-32s %-20s down %.3f s, up %.3f s" % (name, code, lat,
                                                         uplat))
    return 0


if __name__ == "__main__":
    sys.exit(main())
