#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""replay_soak.py BUILD [N] [options] - ten million kernel changes through
vmwatchd at replay speed "max" (see replay_soak.sh).

1. tests/soak/mkrec_soak writes a Linux recording of N table changes
   (default 10,000,000; route add/delete pairs of unrelated /32s, 64
   messages per KMSG record, a neighbour change every 1000), a probe and
   a clock sample every simulated second, and route-removed incidents; it
   prints exactly which events a replay must log.
2. vmwatchd --replay FILE --speed max --log-json LOG, with log
   kernel_events "none" (no human line per change; the JSON log still
   gets every event).  Every second: VmRSS and open descriptors from
   /proc, progress from `vmwatchctl --json status`.
3. At the end: the replay done without error; the JSON log's seq numbers
   contiguous from 1; route/neigh events by kind equal to what the
   generator counted; one target.down per incident, each route_removed
   naming the pid that deleted the route; no JSON line dropped
   (vmwatch_log_json_dropped_total 0); RSS flat (end within --rss-slack
   MiB of the value at 10 % of the replay, once the history and the mirror
   are full); the same descriptors at the end as at the start.

The log of 10 M events is some 7 GB: the free space of --work is checked
first.  With room, the log is a file, stream-checked after the daemon
exits (so daemon.stop is in it) and deleted; without, a FIFO read by the
checker as the daemon writes (a reader that keeps up: any line the
daemon's writer had to drop shows in the drop counter and as a seq gap).

Exit 0 when every check passes, 1 on a violation, 2 on a setup error.
"""
import argparse
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import soaklib  # noqa: E402

LINE_BYTES = 800      # a route event's JSON line is about 700 bytes


def parse_kv(text):
    out = {}
    for ln in text.splitlines():
        k, sep, v = ln.partition("=")
        if sep:
            out[k] = int(v) if v.isdigit() else v
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("build")
    ap.add_argument("n", nargs="?", type=int, default=10000000)
    ap.add_argument("--batch", type=int, default=64,
                    help="messages per KMSG record (default 64)")
    ap.add_argument("--rate", type=int, default=1000,
                    help="changes per simulated second (default 1000)")
    ap.add_argument("--incidents", type=int, default=10)
    ap.add_argument("--work", default=None,
                    help="directory for the recording and the log")
    ap.add_argument("--fifo", action="store_true",
                    help="log to a FIFO even when the disk has room")
    ap.add_argument("--keep", action="store_true",
                    help="keep the recording and the log")
    ap.add_argument("--rss-slack", type=float, default=32.0,
                    help="MiB the end RSS may exceed the 10%% RSS")
    ap.add_argument("--timeout", type=float, default=3600.0)
    a = ap.parse_args()

    build = os.path.abspath(a.build)
    gen = os.path.join(build, "tests", "soak", "mkrec_soak")
    daemon = os.path.join(build, "vmwatchd")
    for p in (gen, daemon, os.path.join(build, "vmwatchctl")):
        if not os.access(p, os.X_OK):
            print("replay_soak: %s missing (build the tree first)" % p)
            return 2
    work = tempfile.mkdtemp(prefix="vw-soak-replay.", dir=a.work)
    rec = os.path.join(work, "soak.vwrec")
    log = os.path.join(work, "events.jsonl")
    sock = os.path.join(work, "vmwatchd.sock")
    cfg = os.path.join(work, "vmwatch.json")
    errp = os.path.join(work, "daemon.err")
    fails = []
    figures = []

    def fig(k, v):
        figures.append((k, v))
        print("%-34s %s" % (k, v))
        sys.stdout.flush()

    proc = None
    try:
        # ---- 1. the recording -------------------------------------------
        st = shutil.disk_usage(work)
        fig("work directory", work)
        fig("disk free before", "%.1f GiB" % (st.free / 2**30))
        t = time.time()
        g = subprocess.run([gen, "-n", str(a.n), "-b", str(a.batch), "-r",
                            str(a.rate), "-i", str(a.incidents), rec],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           text=True)
        if g.returncode != 0:
            print("replay_soak: mkrec_soak failed: %s" % g.stderr.strip())
            return 2
        if g.stderr.strip():
            print(g.stderr.strip())
        exp = parse_kv(g.stdout)
        fig("generator time", "%.1f s" % (time.time() - t))
        fig("recording", "%d bytes, %d records (%d KMSG, %d PROBE), "
            "%d simulated s" % (exp["bytes"], exp["records"],
                                exp["kmsg_records"], exp["probe_records"],
                                exp["sim_seconds"]))
        fig("table changes generated", "%d (%d per KMSG record)" %
            (exp["changes"], exp["per_kmsg"]))
        fig("expected kernel events", "%d = route.add %d + route.delete %d"
            " + neigh.add %d + neigh.change %d + neigh.delete %d" % (
                exp["kernel_events"], exp["route_add"], exp["route_delete"],
                exp["neigh_add"], exp["neigh_change"], exp["neigh_delete"]))
        fig("expected target events", "down %d (route_removed), up %d" %
            (exp["target_down"], exp["target_up"]))

        # ---- 2. where the log goes --------------------------------------
        need = (exp["kernel_events"] + 64) * LINE_BYTES
        free = shutil.disk_usage(work).free
        use_fifo = a.fifo or free < need * 1.2 + (1 << 30)
        fig("JSON log estimate", "%.2f GiB; free %.1f GiB: %s" % (
            need / 2**30, free / 2**30,
            "FIFO read by the checker" if use_fifo else
            "a file, stream-checked after the daemon exits, then deleted"))
        chk = soaklib.LogCheck()
        reader = None
        if use_fifo:
            os.mkfifo(log, 0o600)

            def read_fifo():
                with open(log, "rb") as f:
                    chk.feed_file(f, chunk=1 << 20)
            reader = threading.Thread(target=read_fifo, daemon=True)
            reader.start()

        with open(cfg, "w") as f:
            json.dump({"log": {"syslog": False, "kernel_events": "none"}},
                      f)

        # ---- 3. the replay ----------------------------------------------
        t_start = time.time()
        with open(errp, "w") as ef:
            proc = subprocess.Popen([daemon, "-c", cfg, "--replay", rec,
                                     "--speed", "max", "-s", sock,
                                     "--no-syslog", "--log-json", log],
                                    stdout=subprocess.DEVNULL, stderr=ef)
        pid = proc.pid
        while not os.path.exists(sock):
            if proc.poll() is not None or time.time() - t_start > 120:
                print("replay_soak: vmwatchd did not start:\n" +
                      open(errp).read()[-3000:])
                return 2
            time.sleep(0.01)
        # The socket opens after the recording is read and the first
        # dump applied: the "start" of the memory figures.
        t0 = time.time()
        rss0, fd0 = soaklib.rss_kib(pid), soaklib.fds(pid)
        fig("daemon load time", "%.2f s (read %d bytes, initial dump)" %
            (t0 - t_start, exp["bytes"]))
        samples = []        # (s since t0, rss KiB, nfd, records, offset)
        status = None
        peak = rss0
        while True:
            time.sleep(1.0)
            r = soaklib.rss_kib(pid)
            fd = soaklib.fds(pid)
            if r is None or proc.poll() is not None:
                fails.append("vmwatchd exited during the replay (rc %s)" %
                             proc.poll())
                break
            rc, out = soaklib.ctl(build, sock, "--json", "status")
            if rc == 0:
                status = json.loads(out)["result"]
            rp = (status or {}).get("replay") or {}
            peak = max(peak, r)
            samples.append((time.time() - t0, r, len(fd),
                            rp.get("records", 0), rp.get("offset", 0)))
            if rp.get("done"):
                break
            if time.time() - t0 > a.timeout:
                fails.append("replay not done after %.0f s" % a.timeout)
                break
        t_done = time.time()
        wall = t_done - t0
        rp = (status or {}).get("replay") or {}
        if rp.get("error") is not None:
            fails.append("replay error: %s" % rp.get("error"))
        if not rp.get("done"):
            fails.append("replay not done: %s" % rp)

        # Let the log writer finish: lines written + dropped = events.
        m = {}
        deadline = time.time() + 300
        while proc.poll() is None and time.time() < deadline:
            m = soaklib.metrics(build, sock)
            ev = m.get("vmwatch_events_total", -1)
            wr = m.get("vmwatch_log_json_lines_total", 0)
            dr = m.get("vmwatch_log_json_dropped_total", 0)
            if ev >= 0 and wr + dr >= ev:
                break
            time.sleep(0.5)
        # The end sample: a control client of ours (the metrics just
        # read) may not be closed by the daemon yet; a leaked descriptor
        # stays, a closing one is gone within a few loop turns.
        for _ in range(10):
            time.sleep(0.5)
            rss1, fd1 = soaklib.rss_kib(pid), soaklib.fds(pid)
            if fd0 is None or fd1 is None or sorted(fd1) == sorted(fd0):
                break
        peak = max(peak, rss1 or 0)
        # The daemon's own count of verdicts, whatever the log kept.
        rc, out = soaklib.ctl(build, sock, "--json", "targets")
        tdowns = json.loads(out)["result"][0].get("downs", {}) \
            if rc == 0 else None
        t_flushed = time.time()
        proc.send_signal(signal.SIGTERM)
        try:
            rc = proc.wait(120)
        except subprocess.TimeoutExpired:
            proc.kill()
            rc = proc.wait()
            fails.append("vmwatchd did not exit within 120 s of SIGTERM")
        if rc != 0:
            fails.append("vmwatchd exited with %s" % rc)
        if reader is not None:
            reader.join(600)

        # ---- 4. the figures ---------------------------------------------
        kev = exp["kernel_events"]
        fig("replay wall time", "%.1f s (log flushed %.1f s later)" % (
            wall, t_flushed - t_done))
        fig("kernel events per second", "%.0f" % (kev / wall if wall else 0))
        fig("records replayed", "%s of %d" % (rp.get("records"),
                                              exp["records"]))
        steady = None
        for s in samples:
            if s[4] >= 0.1 * exp["bytes"]:
                steady = s[1]
                break
        fig("RSS start (after the load)", soaklib.mib(rss0))
        fig("RSS at 10% of the replay", soaklib.mib(steady))
        fig("RSS peak", soaklib.mib(peak))
        fig("RSS end (replay done, log flushed)", soaklib.mib(rss1))
        # Ten points along the way, for the report.
        if samples:
            pts = [samples[int(i * (len(samples) - 1) / 9)]
                   for i in range(10)] if len(samples) >= 10 else samples
            fig("RSS along the replay (MiB @ % of file)", ", ".join(
                "%.0f@%d%%" % (s[1] / 1024.0, 100 * s[4] / exp["bytes"])
                for s in pts))
        fig("open descriptors start / end", "%d / %d" % (
            len(fd0 or {}), len(fd1 or {})))
        fig("descriptors max during the replay", max(
            (s[2] for s in samples), default=0))
        fig("metrics events / json lines / dropped", "%d / %d / %d" % (
            m.get("vmwatch_events_total", -1),
            m.get("vmwatch_log_json_lines_total", -1),
            m.get("vmwatch_log_json_dropped_total", -1)))
        dropped = m.get("vmwatch_log_json_dropped_total", -1)
        if dropped != 0:
            fails.append("JSON log lines dropped: %s" % dropped)
        if steady is not None and rss1 is not None and \
                rss1 > steady + a.rss_slack * 1024:
            fails.append("RSS grew: %s at 10%%, %s at the end (slack %.0f "
                         "MiB)" % (soaklib.mib(steady), soaklib.mib(rss1),
                                   a.rss_slack))
        if fd0 is not None and fd1 is not None and \
                sorted(fd0) != sorted(fd1):
            fails.append("descriptors differ: start %s, end %s" % (
                sorted(fd0.items()), sorted(fd1.items())))

        # ---- 5. the log -------------------------------------------------
        t = time.time()
        if not use_fifo:
            fig("JSON log size", "%.2f GiB" % (os.path.getsize(log) / 2**30))
            with open(log, "rb") as f:
                chk.feed_file(f)
        fig("log check time", "%.1f s" % (time.time() - t))
        fig("log lines / first seq / last seq", "%d / %s / %s" % (
            chk.n, chk.first, chk.last))
        if not chk.contiguous():
            fails.append("seq not contiguous from 1: %d breaks, first %s; "
                         "%d unparsable lines" % (chk.ngaps, chk.gaps[:5],
                                                  chk.bad))
        if chk.last != chk.n:
            fails.append("last seq %s but %d lines" % (chk.last, chk.n))
        for kind, key in (("route.add", "route_add"),
                          ("route.delete", "route_delete"),
                          ("neigh.add", "neigh_add"),
                          ("neigh.change", "neigh_change"),
                          ("neigh.delete", "neigh_delete")):
            got = chk.kinds.get(kind, 0)
            if got != exp[key]:
                fails.append("%s: %d logged, %d generated" % (
                    kind, got, exp[key]))
        got_k = chk.count("route.", "neigh.", "link.", "addr.")
        fig("kernel events logged / generated", "%d / %d" % (got_k, kev))
        if got_k != kev:
            fails.append("kernel events: %d logged, %d generated" % (
                got_k, kev))
        fig("events by kind", json.dumps(dict(sorted(chk.kinds.items()))))
        downs = chk.events("target.down")
        ups = chk.events("target.up")
        causes = {}
        pids = []
        for d in downs:
            c = d.get("cause") or {}
            causes[c.get("code")] = causes.get(c.get("code"), 0) + 1
            pids.append(c.get("pid"))
            if c.get("code") != "route_removed":
                fails.append("target.down seq %d: cause %s: %s" % (
                    d["seq"], c.get("code"), c.get("summary")))
            elif c.get("process") != "ip":
                fails.append("target.down seq %d: process %r, expected "
                             "'ip'" % (d["seq"], c.get("process")))
        # Incident k's route was deleted by pid 4000 + k.
        want = list(range(4000, 4000 + exp["target_down"]))
        if pids != want:
            fails.append("target.down pids %s, expected %s (missing: %s)" %
                         (pids, want, sorted(set(want) - set(pids))))
        fig("target.down causes (log)", json.dumps(causes))
        fig("target.down causes (daemon)", json.dumps(tdowns))
        if tdowns != {"route_removed": exp["target_down"]}:
            fails.append("the daemon counted target.down %s, expected "
                         "route_removed %d" % (tdowns, exp["target_down"]))
        if downs:
            fig("first target.down summary", downs[0]["cause"]["summary"])
        fig("target.down / target.up", "%d / %d (expected %d / %d)" % (
            len(downs), len(ups), exp["target_down"], exp["target_up"]))
        if len(downs) != exp["target_down"]:
            fails.append("target.down: %d, expected %d" % (
                len(downs), exp["target_down"]))
        if len(ups) != exp["target_up"]:
            fails.append("target.up: %d, expected %d" % (
                len(ups), exp["target_up"]))
        for k in ("daemon.start", "daemon.stop"):
            if chk.kinds.get(k, 0) != 1:
                fails.append("%s logged %d times" % (k, chk.kinds.get(k, 0)))
        with open(errp) as f:
            warn = [ln for ln in f if "warn" in ln.lower() or
                    "lost" in ln or "dropped" in ln]
        if warn:
            fig("daemon stderr warnings", len(warn))
            for ln in warn[:10]:
                print("    " + ln.rstrip())
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if a.keep:
            print("kept: %s" % work)
        else:
            shutil.rmtree(work, ignore_errors=True)

    if fails:
        print("FAIL: %d violation%s" % (len(fails), "" if len(fails) == 1
                                         else "s"))
        for f in fails:
            print("  - " + f)
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
