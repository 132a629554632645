#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""discovery.py BUILD SRC - guests found on bridges, retired when gone,
and the other probe kinds through the daemon.

The wdlib bench with no configured ICMP target and discovery on
("bridge*", retire_after 10s).  Checked:
  1. the guest's IPv4 and global IPv6 addresses become discovered targets
     as soon as they show up as neighbours on bridge100, and go up; an
     address on a non-bridge interface is not discovered;
  2. a TCP target (a closed port: the guest's RST counts as an answer) and
     a neighbour-state target go up through the daemon;
  3. after the guest is gone for retire_after, its discovered targets are
     retired (log line, `targets` no longer lists them), while configured
     targets stay.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wdlib  # noqa: E402

GUEST6 = "2001:db8:64::2"


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def targets(b):
    r = b.ctl("--json", "targets")
    check(r.returncode == 0, "targets: %s" % r.stderr)
    return {t["address"]: t for t in json.loads(r.stdout)["result"]}


def wait_targets(b, pred, timeout, what):
    deadline = time.time() + timeout
    while time.time() < deadline:
        t = targets(b)
        if pred(t):
            return t
        time.sleep(0.2)
    raise AssertionError("%s: not within %.0f s: %s" % (
        what, timeout, json.dumps(targets(b), indent=1)[:3000]))


def main():
    build = sys.argv[1]
    if os.geteuid() != 0:
        print("SKIP: discovery needs root")
        return 0
    b = wdlib.Bench(build, "dc")
    with open(b.cfg, "w") as f:
        json.dump({
            "log": {"syslog": False},
            "targets": [
                {"address": "198.18.64.3", "name": "tcp-closed",
                 "probe": "tcp:7", "interval": "500ms", "timeout": "400ms"},
                {"address": "198.18.64.4", "name": "l2",
                 "probe": "neighbor", "interval": "500ms",
                 "timeout": "400ms"}],
            "discovery": {"enabled": True, "interfaces": ["bridge*"],
                          "retire_after": "10s"}}, f)
    n = 0
    try:
        b.setup()
        b.host("ip", "-6", "addr", "add", "2001:db8:64::1/64", "dev",
               "bridge100", "nodad")
        b.vm("ip", "-6", "addr", "add", GUEST6 + "/64", "dev", "eth0",
             "nodad")
        for a in ("198.18.64.3", "198.18.64.4"):
            b.vm("ip", "addr", "add", a + "/24", "dev", "eth0")
        # A neighbour on a non-bridge interface: must not be discovered.
        b.host("ip", "link", "add", "vx0", "type", "veth", "peer", "name",
               "vx1")
        b.host("ip", "addr", "add", "198.18.66.1/24", "dev", "vx0")
        b.host("ip", "link", "set", "vx0", "up")
        b.host("ip", "link", "set", "vx1", "up")
        b.host("ip", "neigh", "replace", "198.18.66.2", "dev", "vx0",
               "lladdr", "52:54:00:00:66:02", "nud", "reachable")
        b.start()
        # The guest talks to the host: its addresses appear as neighbours.
        b.vm("python3", "-c", "import socket;"
             "[socket.socket(socket.AF_INET,socket.SOCK_DGRAM).sendto("
             "b'x',('198.18.64.1',9)) for _ in range(2)];"
             "socket.socket(socket.AF_INET6,socket.SOCK_DGRAM).sendto("
             "b'x',('2001:db8:64::1',9))")
        t = wait_targets(b, lambda t: t.get(wdlib.GUEST_IP, {}).get(
            "state") == "up" and t.get(GUEST6, {}).get("state") == "up",
            10, "discovered guest up")
        check(t[wdlib.GUEST_IP]["discovered"] and t[GUEST6]["discovered"],
              "not marked discovered: %s" % t)
        check("198.18.66.2" not in t, "a veth neighbour was discovered")
        n += 1
        print("ok %d - guest discovered on bridge100: %s and %s up; the "
              "veth neighbour ignored" % (n, wdlib.GUEST_IP, GUEST6))
        t = wait_targets(b, lambda t: t["198.18.64.3"]["state"] == "up" and
                         t["198.18.64.4"]["state"] == "up", 10,
                         "tcp and neighbor targets up")
        check(t["198.18.64.3"]["probe"] == "tcp:7" and
              t["198.18.64.4"]["probe"] == "neighbor", "probe kinds: %s" % t)
        n += 1
        print("ok %d - tcp:7 (refused = answered, rtt %.3f ms) and "
              "neighbor targets up" % (
                  n, t["198.18.64.3"]["stats"]["rtt_ms"]["avg"]))
        # `events -f`: the remembered target events first, then live ones.
        f = subprocess.Popen([os.path.join(build, "vmwatchctl"), "-s",
                              b.sock, "--json", "events", "-f", "--kind",
                              "target"], stdout=subprocess.PIPE, text=True)
        got = []
        try:
            while len(got) < 3:
                got.append(json.loads(f.stdout.readline()))
            check(all(e["kind"] == "target.up" for e in got),
                  "events -f replayed %s" % [e["kind"] for e in got])
            b.host("ip", "link", "set", "bridge100", "down")
            while True:
                e = json.loads(f.stdout.readline())
                if e["kind"] == "target.down":
                    break
            b.host("ip", "link", "set", "bridge100", "up")
        finally:
            f.kill()
            f.wait()
        check(e["seq"] > got[-1]["seq"] and e["cause"]["code"] ==
              "interface_down", "events -f live event: %s" % e)
        n += 1
        print("ok %d - events -f: %d remembered target events, then "
              "target.down live (seq %d, %s)" % (n, len(got), e["seq"],
                                                e["cause"]["code"]))
        wait_targets(b, lambda t: t.get(wdlib.GUEST_IP, {}).get(
            "state") == "up", 10, "guest up again")
        # The guest goes away: its link is deleted, the neighbours with it.
        t0 = time.time()
        b.host("ip", "link", "del", "vh0")
        b.host("ip", "neigh", "flush", "dev", "bridge100")
        t = wait_targets(b, lambda t: wdlib.GUEST_IP not in t and
                         GUEST6 not in t, 25, "guest retired")
        el = time.time() - t0
        check(el >= 9.5, "retired after %.1f s, before retire_after" % el)
        check("198.18.64.3" in t and "198.18.64.4" in t,
              "configured targets were retired too: %s" % list(t))
        check("retired guest 198.18.64.2" in b.stderr(),
              "no 'retired guest' log line")
        n += 1
        print("ok %d - discovered targets retired %.1f s after the guest "
              "left (retire_after 10s); configured targets kept" % (n, el))
    except AssertionError as e:
        print("FAIL: %s" % e)
        print(b.stderr()[-3000:])
        return 1
    finally:
        b.close()
    print("1..%d" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
