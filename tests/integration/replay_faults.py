#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""replay_faults.py BUILD SRC - record an incident live, replay it.

1. The fault-suite bench (wdlib) with vmwatchd --record FILE: a route
   hijacked through a tun device, then the bridge set down, each repaired.
2. vmwatchd --replay FILE --speed max (no kernel, no probes): the replayed
   JSON log must hold the same target.down events, with the same sequence
   numbers, cause codes, evidence and summaries, as the live one.
3. A macOS-shaped recording built from BSD fixtures (mkfixture
   rec-darwin-hijack) replayed on Linux: route_hijacked naming utun4 and
   pid 812.
4. The live recording truncated mid-record and with one byte corrupted:
   the replay stops with an error naming the byte offset, and every event
   before it is still logged.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wdlib  # noqa: E402
import watchdog_faults as wf  # noqa: E402


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def replay(build, rec, work, tag, speed="max", wait_done=True):
    """Run vmwatchd --replay; return (events, status, stderr)."""
    sock = os.path.join(work, tag + ".sock")
    log = os.path.join(work, tag + ".jsonl")
    err = os.path.join(work, tag + ".err")
    cfg = os.path.join(work, tag + ".json")
    with open(cfg, "w") as f:
        json.dump({"log": {"syslog": False}}, f)
    with open(err, "w") as ef:
        p = subprocess.Popen([os.path.join(build, "vmwatchd"), "-c", cfg,
                              "--replay", rec, "--speed", speed, "-s", sock,
                              "--no-syslog", "--log-json", log],
                             stdout=subprocess.DEVNULL, stderr=ef)
    status = None
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            if p.poll() is not None:
                break
            if os.path.exists(sock):
                r = subprocess.run([os.path.join(build, "vmwatchctl"), "-s",
                                    sock, "--json", "status"],
                                   stdout=subprocess.PIPE, text=True)
                if r.returncode == 0:
                    status = json.loads(r.stdout)["result"]
                    if not wait_done or status["replay"]["done"]:
                        break
            time.sleep(0.05)
    finally:
        if p.poll() is None:
            p.terminate()
            p.wait(10)
    events = []
    if os.path.exists(log):
        with open(log) as f:
            events = [json.loads(l) for l in f if l.strip()]
    with open(err) as f:
        stderr = f.read()
    return p.returncode, events, status, stderr


def downs(events):
    return [e for e in events if e["kind"] == "target.down"]


def main():
    build, src = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        print("SKIP: replay_faults needs root")
        return 0
    work = tempfile.mkdtemp(prefix="vwt-rp.")
    rec = os.path.join(work, "incident.vwrec")
    b = wdlib.Bench(build, "rp")
    n = 0
    try:
        # ---- 1. live, recorded -----------------------------------------
        b.setup()
        b.start("--record", rec)
        b.wait("target.up", 0, timeout=10, pred=wf.is_guest)
        wf.fault(b, "route hijacked", "route_hijacked", 1.0,
                 wf.hijack_break, wf.hijack_repair, wf.hijack_check)
        wf.fault(b, "bridge down", "interface_down", 1.0, wf.ifdown_break,
                 wf.ifdown_repair, wf.ifdown_check)
        time.sleep(0.5)
        b.close()          # SIGTERM: the recording is flushed and closed
        b.read_log()
        live = b.events
        check(os.path.getsize(rec) > 1000, "recording too small")
        n += 1
        print("ok %d - live incident recorded: %d events, %d bytes" %
              (n, len(live), os.path.getsize(rec)))

        # ---- 2. replayed at max speed ---------------------------------
        rc, ev, st, err = replay(build, rec, work, "r1")
        check(st is not None and st["replay"]["done"] and
              st["replay"]["error"] is None,
              "replay did not finish cleanly: %s\n%s" % (st, err))
        ld, rd = downs(live), downs(ev)
        check(len(ld) == 2 and len(rd) == len(ld),
              "live target.down %d, replayed %d:\n%s" % (
                  len(ld), len(rd), json.dumps(rd, indent=1)))
        for a, r in zip(ld, rd):
            check(a["seq"] == r["seq"], "seq differs: live %s, replay %s"
                  % (a["seq"], r["seq"]))
            # Replayed times come from the record's monotonic stamp and
            # the nearest clock sample: microseconds from the live ones.
            check(abs(wdlib.rfc3339(a["time"]) - wdlib.rfc3339(r["time"]))
                  < 0.05, "time differs: live %s, replay %s" %
                  (a["time"], r["time"]))
            for k in ("code", "summary", "evidence", "path_before",
                      "path_now", "pid", "process"):
                check(a["cause"].get(k) == r["cause"].get(k),
                      "cause.%s differs:\nlive   %s\nreplay %s" % (
                          k, a["cause"].get(k), r["cause"].get(k)))
        # Every live kernel/target event is in the replay, same seq.
        lk = {e["seq"]: e["kind"] for e in live
              if not e["kind"].startswith("daemon.")}
        rk = {e["seq"]: e["kind"] for e in ev
              if not e["kind"].startswith("daemon.")}
        check(lk == rk, "event kinds by seq differ: %s" % sorted(
            set(lk.items()) ^ set(rk.items()))[:10])
        n += 1
        print("ok %d - replay at max speed: same %d events, target.down "
              "%s with identical cause and evidence" % (
                  n, len(rk), [e["cause"]["code"] for e in rd]))

        # ---- 2b. paced: --speed 4 keeps the recording's rhythm ----------
        span = (wdlib.rfc3339(live[-1]["time"]) -
                wdlib.rfc3339(live[0]["time"]))
        t0 = time.time()
        rc, ev4, st4, err = replay(build, rec, work, "r1p", speed="4")
        took = time.time() - t0
        check(st4 is not None and st4["replay"]["done"],
              "paced replay did not finish: %s" % err)
        check([(e["seq"], e["cause"]["code"]) for e in downs(ev4)] ==
              [(e["seq"], e["cause"]["code"]) for e in rd],
              "paced replay gives other verdicts")
        # Paced means it cannot finish faster than the recording allows.
        check(took >= span / 4 * 0.9, "speed 4 took %.2f s for a %.2f s "
              "recording" % (took, span))
        n += 1
        print("ok %d - replay at --speed 4: %.2f s for %.2f s of incident, "
              "same verdicts" % (n, took, span))

        # ---- 3. a macOS recording, replayed on Linux -------------------
        mac = os.path.join(work, "darwin.vwrec")
        subprocess.run([os.path.join(build, "tests", "mkfixture"),
                        "rec-darwin-hijack", mac], check=True)
        rc, ev, st, err = replay(build, mac, work, "r2")
        d = downs(ev)
        check(st is not None and st["replay"]["done"],
              "darwin replay not done: %s\n%s" % (st, err))
        check(len(d) == 1 and d[0]["cause"]["code"] == "route_hijacked",
              "darwin replay: %s\n%s" % (json.dumps(d), err))
        c = d[0]["cause"]
        check(c.get("pid") == 812 and "utun4" in c["summary"] and
              "bridge100" in c["summary"], "darwin cause: %s" % c)
        check(st["os"] == "darwin" if "os" in st else True, "status os")
        n += 1
        print("ok %d - macOS recording replayed on Linux: %s" % (
            n, c["summary"]))

        # ---- 4. truncated and corrupted --------------------------------
        with open(rec, "rb") as f:
            data = f.read()
        # Cut inside the record holding the first target.down's evidence.
        cut = len(data) * 2 // 3 + 7
        trunc = os.path.join(work, "trunc.vwrec")
        with open(trunc, "wb") as f:
            f.write(data[:cut])
        rc, ev, st, err = replay(build, trunc, work, "r3")
        e = (st or {}).get("replay", {}).get("error") or ""
        check("byte " in e, "truncated: no byte offset in %r\n%s" % (e, err))
        off = int(e.split("byte ")[1].split(":")[0])
        check(0 < off <= cut, "offset %d outside the file (%d)" % (off, cut))
        check(ev and ev[-1]["seq"] > 3, "nothing replayed before the cut")
        check([x["seq"] for x in ev] == list(range(1, len(ev) + 1)),
              "replayed seqs not contiguous")
        n += 1
        print("ok %d - truncated at byte %d: stopped at byte %d (%s), %d "
              "events replayed before it" % (n, cut, off, e.split(": ", 1)
                                             [-1], len(ev)))
        bad = bytearray(data)
        pos = len(data) // 2
        bad[pos] ^= 0x5a
        corrupt = os.path.join(work, "corrupt.vwrec")
        with open(corrupt, "wb") as f:
            f.write(bad)
        rc, ev, st, err = replay(build, corrupt, work, "r4")
        e = (st or {}).get("replay", {}).get("error") or ""
        check("byte " in e, "corrupted: no error: %r\n%s" % (e, err))
        off = int(e.split("byte ")[1].split(":")[0])
        check(off <= pos, "corruption at %d reported at %d" % (pos, off))
        check(ev, "nothing replayed before the corruption")
        n += 1
        print("ok %d - one byte flipped at %d: stopped at byte %d (%s)" % (
            n, pos, off, e.split(": ", 1)[-1]))
    except AssertionError as e:
        print("FAIL: %s" % e)
        print("daemon stderr (tail):\n" + "\n".join(
            b.stderr().splitlines()[-30:]))
        return 1
    finally:
        b.close()
        shutil.rmtree(work, ignore_errors=True)
    print("1..%d" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
