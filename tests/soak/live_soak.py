#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""live_soak.py BUILD [MINUTES] [--out FILE] [--seed N] - vmwatchd live in
network namespaces for MINUTES (default 30) with a random fault every few
seconds.

The bench is tests/integration/wdlib.py's (bridge100 198.18.64.1/24 in a
"host" namespace, the guest 198.18.64.2 in a "vm" namespace; namespace
names carry "soak" and this process's pid) with a target robust under
load: interval 1s, timeout 500ms, down_after 3 (up_after 2).  The faults
are tests/integration/watchdog_faults.py's: route hijacked by a tun
device, route removed, bridge down, bridge deleted and re-created, host
address removed, neighbour unresolved, guest MAC changed (a new MAC each
time), ICMP filtered in the guest, guest link down.

Loop until MINUTES have passed: wait 3-8 s (random), pick a fault at
random, break, wait for target.down (at most 10 s), repair, wait for
target.up (at most 20 s).  Every 10 s the daemon's VmRSS and open
descriptors are sampled from /proc.

At the end (the daemon stopped with SIGTERM, its JSON log read whole):
  - per fault type: how many, the expected cause, the causes got; every
    mismatch and every fault without a target.down listed;
  - the log's seq numbers contiguous from 1;
  - RSS at the start, once warm, and at the end (flat: end <= warm +
    --rss-slack MiB; "warm" is the first sample after the event history
    ring, history.size --history, default 256, has wrapped twice: a
    bounded history legitimately grows RSS until it is full, and at
    the default 4096 it would not be full within 30 minutes, which would
    hide a leak behind it); also, when the flight recorder (1 MiB of
    records, daemon/record.h) has rolled over once, end <= the RSS after
    that rollover + slack: from there on every bounded buffer has been
    taken; descriptors the same at the end as at the start;
  - no target.down or target.degraded outside a fault's window (from
    the break to its target.up).
Figures go to stdout and to --out; the JSON log, the daemon's stderr and
the RSS samples are kept in --keep (default OUT.d).  Exit 0 when everything holds, 1 on a
violation, 2 on a setup error.  Needs root (ip netns, nft).
"""
import argparse
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
import soaklib  # noqa: E402
import wdlib  # noqa: E402
import watchdog_faults as wf  # noqa: E402

DOWN_BOUND = 10.0
UP_BOUND = 20.0


# ---- faults (watchdog_faults.py's, adapted where a repeat needs it) ------

def mac_break(b):
    """A re-created VM: a MAC it never had before, not answering yet."""
    mac_break.n = getattr(mac_break, "n", 0x10) + 1
    if mac_break.n > 0xfe:
        mac_break.n = 0x11
    mac = "52:54:00:00:65:%02x" % mac_break.n
    wf.nft(b, wf.DROP_ICMP)
    b.vm("sysctl", "-qw", "net.ipv4.conf.eth0.arp_notify=1")
    b.vm("ip", "link", "set", "eth0", "address", mac)
    return mac


def mac_repair(b, ctx):
    wf.macchange_repair(b, ctx)


# name, expected cause codes, break, repair
FAULTS = [
    ("route hijacked", ("route_hijacked",), wf.hijack_break,
     wf.hijack_repair),
    ("route removed", ("route_removed",), wf.route_removed_break,
     wf.route_removed_repair),
    ("bridge down", ("interface_down",), wf.ifdown_break, wf.ifdown_repair),
    ("bridge re-created", ("interface_gone",), wf.gone_break,
     wf.gone_repair),
    ("address removed", ("address_removed",), wf.addr_break,
     wf.addr_repair),
    ("neighbour unresolved", ("neighbor_unresolved",),
     wf.unresolved_break, wf.unresolved_repair),
    ("MAC changed", ("neighbor_changed",), mac_break, mac_repair),
    ("ICMP filtered", ("filtered", "target_silent"), wf.filtered_break,
     wf.filtered_repair),
    ("guest link down", ("interface_down",), wf.guestdown_break,
     wf.guestdown_repair),
]


def heal(b):
    """Put the bench back as set up, whatever state a failed step left."""
    h = lambda *a: b.host(*a, check=False)      # noqa: E731
    v = lambda *a: b.vm(*a, check=False)        # noqa: E731
    subprocess.run(["ip", "netns", "exec", b.v, "nft", "delete", "table",
                    "inet", "vwt"], stderr=subprocess.DEVNULL)
    h("ip", "link", "del", "utun4")
    if subprocess.run(["ip", "netns", "exec", b.h, "ip", "link", "show",
                       "bridge100"], stdout=subprocess.DEVNULL,
                      stderr=subprocess.DEVNULL).returncode != 0:
        h("ip", "link", "add", "bridge100", "type", "bridge",
          "forward_delay", "0")
    h("ip", "addr", "replace", wdlib.HOST_IP + "/24", "dev", "bridge100")
    h("ip", "link", "set", "bridge100", "up")
    h("ip", "link", "set", "vh0", "master", "bridge100")
    h("ip", "link", "set", "vh0", "up")
    h("ip", "route", "replace", wdlib.PREFIX, "dev", "bridge100", "proto",
      "kernel", "scope", "link", "src", wdlib.HOST_IP)
    v("ip", "link", "set", "eth0", "arp", "on")
    v("ip", "link", "set", "eth0", "up")


class Sampler(threading.Thread):
    """VmRSS and descriptors of pid every `every` seconds."""

    def __init__(self, pid, every=10.0):
        super().__init__(daemon=True)
        self.pid = pid
        self.every = every
        self.samples = []       # (time, rss KiB, {fd: target})
        self.stop = threading.Event()

    def sample(self):
        r, f = soaklib.rss_kib(self.pid), soaklib.fds(self.pid)
        if r is not None and f is not None:
            self.samples.append((time.time(), r, f))

    def run(self):
        while not self.stop.is_set():
            self.sample()
            self.stop.wait(self.every)


def wait_event(b, kind, after, timeout):
    """The first `kind` event for the guest after seq `after`, or None."""
    try:
        return b.wait(kind, after, timeout=timeout, pred=wf.is_guest)
    except AssertionError as e:
        if "vmwatchd exited" in str(e):
            raise
        return None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("minutes", nargs="?", type=float, default=30.0)
    ap.add_argument("--out", default=None, help="write the figures here too")
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", default=None, help="directory to keep the "
                    "JSON log, the daemon's stderr and the RSS samples in "
                    "(default: OUT.d when --out is given)")
    ap.add_argument("--rss-slack", type=float, default=2.0,
                    help="MiB the end RSS may exceed the warm RSS")
    ap.add_argument("--history", type=int, default=256,
                    help="history.size (default 256: the ring is full "
                    "after a few minutes, so later growth is not it)")
    a = ap.parse_args()
    if os.geteuid() != 0:
        print("SKIP: live_soak needs root")
        return 2
    seed = a.seed if a.seed is not None else int(time.time())
    rnd = random.Random(seed)
    build = os.path.abspath(a.build)
    lines = []

    def say(s=""):
        print(s)
        sys.stdout.flush()
        lines.append(s)

    b = wdlib.Bench(build, "soak", cfg_extra={
        "history": {"size": a.history}}, target_cfg={
        "interval": "1s", "timeout": "500ms", "down_after": 3})
    progress = []       # (time, last seq) after each fault
    runs = []           # one dict per fault
    fails = []
    sampler = None
    t_begin = time.time()
    try:
        b.setup()
        b.start()
        if wait_event(b, "target.up", 0, 15) is None:
            say("FAIL: the target never came up")
            return 2
        pid = b.proc.pid
        time.sleep(2)
        sampler = Sampler(pid)
        sampler.start()
        say("live soak: %.1f min, seed %d, daemon pid %d, namespaces %s "
            "%s" % (a.minutes, seed, pid, b.h, b.v))
        end = time.time() + a.minutes * 60
        while time.time() < end:
            time.sleep(rnd.uniform(3.0, 8.0))
            if time.time() >= end:
                break
            name, codes, brk, rep = rnd.choice(FAULTS)
            r = {"name": name, "want": codes, "got": None, "down_seq": None,
                 "up_seq": None, "lat": None, "uplat": None, "err": None}
            r["after"] = b.last_seq()
            t0 = time.time()
            ctx = None
            try:
                ctx = brk(b)
            except AssertionError as e:
                r["err"] = "break failed: %s" % e
            if r["err"] is None:
                down = wait_event(b, "target.down", r["after"], DOWN_BOUND)
                if down is not None:
                    c = down.get("cause") or {}
                    r["got"] = c.get("code")
                    r["summary"] = c.get("summary")
                    r["down_seq"] = down["seq"]
                    r["lat"] = wdlib.rfc3339(down["time"]) - t0
            t1 = time.time()
            try:
                if r["err"] is None:
                    rep(b, ctx)
            except AssertionError as e:
                r["err"] = "repair failed: %s" % e
            if r["err"] is not None:
                heal(b)
            up = wait_event(b, "target.up", r["down_seq"] or r["after"],
                            UP_BOUND)
            if up is None:
                heal(b)
                up = wait_event(b, "target.up", r["down_seq"] or
                                r["after"], UP_BOUND)
                r["err"] = (r["err"] or "") + " no target.up within " \
                    "%.0f s of the repair%s" % (
                        UP_BOUND, "" if up is None else " (up after heal)")
            if up is not None:
                r["up_seq"] = up["seq"]
                r["uplat"] = wdlib.rfc3339(up["time"]) - t1
            r["end_seq"] = b.last_seq()
            progress.append((time.time(), r["end_seq"]))
            runs.append(r)
            ok = r["got"] in codes and r["err"] is None
            print("%s %4d %-22s %-20s down %s up %s%s" % (
                "ok  " if ok else "FAIL", len(runs), name, r["got"],
                "%.2f s" % r["lat"] if r["lat"] is not None else "-",
                "%.2f s" % r["uplat"] if r["uplat"] is not None else "-",
                "" if r["err"] is None else "  [%s]" % r["err"].strip()))
            sys.stdout.flush()
        time.sleep(3)
        sampler.sample()
        sampler.stop.set()
        sampler.join()
    except AssertionError as e:
        fails.append("bench: %s" % e)
    finally:
        if sampler is not None:
            sampler.stop.set()
        # Stop the daemon here so its log (daemon.stop included) and
        # stderr can be kept before close() removes the bench.
        if b.proc is not None and b.proc.poll() is None:
            b.proc.send_signal(signal.SIGTERM)
            try:
                b.proc.wait(10)
            except subprocess.TimeoutExpired:
                b.proc.kill()
        stderr_all = b.stderr()
        stderr_tail = stderr_all.splitlines()[-20:]
        keep = a.keep or (a.out + ".d" if a.out else None)
        if keep:
            os.makedirs(keep, exist_ok=True)
            for src, dst in ((b.log, "events.jsonl"),
                             (b.err, "daemon.err"), (b.cfg, "vmwatch.json")):
                if os.path.exists(src):
                    with open(src, "rb") as fi, \
                            open(os.path.join(keep, dst), "wb") as fo:
                        fo.write(fi.read())
            with open(os.path.join(keep, "rss.csv"), "w") as f:
                f.write("time,rss_kib,nfd\n")
                for t, r, fd in (sampler.samples if sampler else []):
                    f.write("%.3f,%d,%d\n" % (t, r, len(fd)))
        b.close()           # reads the log, deletes namespaces

    # ---- the verdict ----------------------------------------------------
    chk = soaklib.LogCheck(keep_kernel=False)
    for e in b.events:
        chk.feed(json.dumps(e).encode())
    say()
    say("duration: %.1f min, %d faults, %d events logged" % (
        (time.time() - t_begin) / 60, len(runs), len(b.events)))
    say()
    say("%-22s %5s %-30s %-34s %6s %6s %8s %8s" % (
        "fault", "n", "expected", "got", "wrong", "missed", "down max",
        "up max"))
    mism = []
    for name, codes, _, _ in FAULTS:
        rs = [r for r in runs if r["name"] == name]
        got = {}
        for r in rs:
            got[r["got"]] = got.get(r["got"], 0) + 1
        wrong = [r for r in rs if r["got"] is not None and
                 r["got"] not in codes]
        missed = [r for r in rs if r["got"] is None]
        lat = [r["lat"] for r in rs if r["lat"] is not None]
        ulat = [r["uplat"] for r in rs if r["uplat"] is not None]
        say("%-22s %5d %-30s %-34s %6d %6d %8s %8s" % (
            name, len(rs), "/".join(codes), ", ".join(
                "%s:%d" % (k, v) for k, v in sorted(
                    got.items(), key=lambda x: str(x[0]))),
            len(wrong), len(missed),
            "%.2f s" % max(lat) if lat else "-",
            "%.2f s" % max(ulat) if ulat else "-"))
        mism += wrong + missed
    errs = [r for r in runs if r["err"] is not None]
    say()
    if mism or errs:
        say("mismatches and errors:")
        for r in runs:
            if r in mism or r in errs:
                say("  %s after seq %d: got %s (down seq %s): %s%s" % (
                    r["name"], r["after"], r["got"], r["down_seq"],
                    r.get("summary"), "" if r["err"] is None else
                    " [%s]" % r["err"].strip()))
                fails.append("%s: got %s%s" % (r["name"], r["got"],
                             "" if r["err"] is None else
                             " [%s]" % r["err"].strip()))
    else:
        say("every fault diagnosed with its expected cause")

    # Sequence numbers.
    say("log: %d lines, seq %s..%s, %s" % (
        chk.n, chk.first, chk.last, "contiguous" if chk.contiguous() and
        chk.last == chk.n else "NOT contiguous: %d breaks %s" % (
            chk.ngaps, chk.gaps[:5])))
    if not (chk.contiguous() and chk.last == chk.n):
        fails.append("seq not contiguous")

    # False alarms: target.down/degraded outside every fault's window.
    windows = [(r["after"], r["up_seq"] or r["end_seq"]) for r in runs]
    false = [e for e in b.events if e["kind"] in ("target.down",
                                                  "target.degraded") and
             not any(lo < e["seq"] <= hi for lo, hi in windows)]
    extra = []
    for r in runs:
        n = [e for e in b.events if e["kind"] == "target.down" and
             r["after"] < e["seq"] <= (r["up_seq"] or r["end_seq"])]
        if len(n) > 1:
            extra.append((r["name"], [e["seq"] for e in n]))
    say("target.down/degraded outside fault windows: %d%s" % (
        len(false), "" if not false else " " + json.dumps(
            [(e["seq"], e["kind"], (e.get("cause") or {}).get("code"))
             for e in false][:10])))
    if false:
        fails.append("%d false target.down/degraded" % len(false))
    if extra:
        say("faults with more than one target.down: %s" % extra)
    say("events by kind: %s" % json.dumps(dict(sorted(chk.kinds.items()))))
    for e in b.events:
        if e["kind"].startswith(("daemon.", "host.")) and \
                e["kind"] not in ("daemon.start", "daemon.stop"):
            say("  %s seq %d at %s: %s" % (e["kind"], e["seq"], e["time"],
                json.dumps({k: v for k, v in e.items()
                            if k not in ("seq", "time", "kind")})))
    if stderr_all.count("\n") > 0:
        warn = [ln for ln in stderr_all.splitlines()
                if "overflow" in ln or "resync" in ln or
                "netlink" in ln or "event line" in ln]
        for ln in warn[:10]:
            say("  daemon: " + ln)

    # Memory and descriptors.
    s = sampler.samples if sampler is not None else []
    if len(s) >= 2:
        # "warm": the first sample after the history ring has wrapped
        # twice, the memory a bounded history may take is then taken.
        tw = next((t for t, q in progress if q >= 2 * a.history), None)
        w = next((x for x in s if tw is not None and x[0] >= tw), None)
        r0, r1 = s[0][1], s[-1][1]
        rw = w[1] if w is not None else None
        peak = max(x[1] for x in s)
        f0, f1 = s[0][2], s[-1][2]
        say("RSS start %s, warm %s (history of %d wrapped twice, at %s "
            "min), end %s (%+.2f MiB from warm, %+.2f from start), peak "
            "%s; %d samples" % (
                soaklib.mib(r0), soaklib.mib(rw), a.history,
                "%.1f" % ((w[0] - s[0][0]) / 60) if w else "-",
                soaklib.mib(r1), (r1 - rw) / 1024.0 if rw else 0,
                (r1 - r0) / 1024.0, soaklib.mib(peak), len(s)))
        q = [s[int(i * (len(s) - 1) / 9)] for i in range(10)]
        say("RSS along the run (MiB @ min): %s" % ", ".join(
            "%.2f@%.0f" % (x[1] / 1024.0, (x[0] - s[0][0]) / 60) for x in q))
        steps = sorted(((s[i][1] - s[i - 1][1], s[i - 1][0], s[i][0])
                        for i in range(1, len(s))), reverse=True)[:3]
        for d, ta, tb in steps:
            if d <= 0:
                break
            kinds = {}
            for e in b.events:
                if ta <= wdlib.rfc3339(e["time"]) <= tb:
                    kinds[e["kind"]] = kinds.get(e["kind"], 0) + 1
            say("RSS step %+.2f MiB between %.1f and %.1f min; events "
                "then: %s" % (d / 1024.0, (ta - s[0][0]) / 60,
                              (tb - s[0][0]) / 60, json.dumps(kinds)))
        say("descriptors start %d, end %d, max %d" % (
            len(f0), len(f1), max(len(x[2]) for x in s)))
        if rw is None:
            say("(the history never wrapped twice: RSS flatness judged "
                "from the start)")
            rw = r0
        # The flight recorder keeps up to 1 MiB of records and starts a
        # new window (a re-dump, daemon.resync "flight recorder window")
        # when full: after its first rollover every bounded buffer has
        # been taken once; from there on RSS must not move.
        roll = next((wdlib.rfc3339(e["time"]) for e in b.events
                     if e["kind"] == "daemon.resync" and
                     e.get("why") == "flight recorder window"), None)
        wr = next((x for x in s if roll is not None and
                   x[0] >= roll + 20), None)
        if wr is not None and wr is not s[-1]:
            say("RSS after the first flight-recorder rollover (%.1f min): "
                "%s, end %s (%+.2f MiB over the last %.1f min)" % (
                    (roll - s[0][0]) / 60, soaklib.mib(wr[1]),
                    soaklib.mib(r1), (r1 - wr[1]) / 1024.0,
                    (s[-1][0] - wr[0]) / 60))
            if r1 > wr[1] + a.rss_slack * 1024:
                fails.append("RSS grew %.2f MiB after the flight recorder's "
                             "rollover (slack %.0f)" % (
                                 (r1 - wr[1]) / 1024.0, a.rss_slack))
        if r1 > rw + a.rss_slack * 1024:
            fails.append("RSS grew %.2f MiB after warm-up (slack %.0f)" % (
                (r1 - rw) / 1024.0, a.rss_slack))
        if sorted(f0) != sorted(f1):
            fails.append("descriptors differ: start %s end %s" % (
                sorted(f0.items()), sorted(f1.items())))
    else:
        fails.append("too few RSS samples")
    if fails:
        say()
        say("FAIL: %d violation%s" % (len(fails), "" if len(fails) == 1
                                       else "s"))
        for f in fails:
            say("  - " + f)
        say("daemon stderr (tail):")
        for ln in stderr_tail:
            say("    " + ln)
    else:
        say("PASS")
    if a.out:
        with open(a.out, "w") as f:
            f.write("\n".join(lines) + "\n")
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
