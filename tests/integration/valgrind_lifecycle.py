#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""valgrind_lifecycle.py BUILD SRC - a whole daemon lifecycle under
valgrind memcheck: start, mirror, probes, a fault and its repair, control
traffic (every command, a follow stream, a recording), SIGHUP with a
changed config, SIGTERM.  Zero errors and zero leaks (definite, indirect
and possible) are required; valgrind's exit code says so.
"""
import json
import os
import re
import socket
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


def main():
    build = sys.argv[1]
    if os.geteuid() != 0:
        print("SKIP: valgrind_lifecycle needs root")
        return 0
    if subprocess.run(["which", "valgrind"],
                      stdout=subprocess.DEVNULL).returncode != 0:
        print("FAIL: valgrind not installed (setup.sh installs it)")
        return 1
    with open(os.path.join(build, "CMakeCache.txt")) as f:
        asan = "VW_ASAN:BOOL=ON" in f.read()
    if asan:
        print("SKIP: an ASan build cannot run under valgrind")
        return 0
    b = wdlib.Bench(build, "vg", target_cfg={"interval": "500ms",
                                             "timeout": "400ms"})
    vlog = os.path.join(b.work, "valgrind.log")
    n = 0
    try:
        b.setup()
        b.start(wrapper=["valgrind", "--leak-check=full",
                         "--show-leak-kinds=definite,indirect,possible",
                         "--errors-for-leak-kinds=definite,indirect,possible",
                         "--error-exitcode=99", "--track-fds=no",
                         "--log-file=" + vlog], timeout=60)
        b.wait("target.up", 0, timeout=30, pred=wf.is_guest)
        n += 1
        print("ok %d - started under valgrind, target up" % n)
        # A fault and its repair: probes, diagnosis, history.
        after = b.last_seq()
        wf.ifdown_break(b)
        b.wait("target.down", after, timeout=30, pred=wf.is_guest)
        wf.ifdown_repair(b, None)
        b.wait("target.up", after, timeout=30, pred=wf.is_guest)
        # Kernel changes: routes added and removed.
        for i in range(20):
            b.host("ip", "route", "add", "198.19.%d.0/24" % i, "dev",
                   "bridge100")
        for i in range(20):
            b.host("ip", "route", "del", "198.19.%d.0/24" % i, "dev",
                   "bridge100")
        n += 1
        print("ok %d - a fault diagnosed and repaired, 40 route changes" % n)
        # Every command, plus errors.
        for args in (["status"], ["ping"], ["targets"], ["events"],
                     ["events", "--kind", "target", "--target", "vm1"],
                     ["routes"], ["neighbors"], ["interfaces"],
                     ["addresses"], ["lookup", wdlib.GUEST_IP], ["metrics"],
                     ["events", "--since", "bogus"],
                     ["lookup", "not-an-address"]):
            r = b.ctl("--json", *args)
            check(r.stdout.strip() or r.stderr.strip(),
                  "no answer to %s" % args)
        rec = os.path.join(b.work, "lifecycle.vwrec")
        check(b.ctl("record", "start", rec).returncode == 0, "record start")
        check(b.ctl("record", "stop").returncode == 0, "record stop")
        check(b.ctl("record", "window",
                    os.path.join(b.work, "w.vwrec")).returncode == 0,
              "record window")
        # A follow stream cut by the client, and garbage on the socket.
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(b.sock)
        s.sendall(b'{"v":1,"id":5,"cmd":"follow","args":{"replay":true}}\n')
        s.recv(4096)
        s.close()
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(b.sock)
        s.sendall(b'\x00\xffnot json\n{"v":1}\n' + b"x" * 70000 + b"\n")
        time.sleep(0.5)
        s.close()
        n += 1
        print("ok %d - every command, a recording, a follow stream, "
              "garbage" % n)
        # SIGHUP with a changed config, then an invalid one.
        with open(b.cfg) as f:
            cfg = json.load(f)
        cfg["targets"][0]["interval"] = "1s"
        cfg["history"] = {"size": 64}
        with open(b.cfg, "w") as f:
            json.dump(cfg, f)
        b.proc.send_signal(1)
        b.wait("daemon.reload", 0, timeout=30)
        with open(b.cfg, "w") as f:
            f.write("{ nope")
        b.proc.send_signal(1)
        time.sleep(2)
        check(b.ctl("status").returncode == 0, "status after a bad reload")
        n += 1
        print("ok %d - SIGHUP valid and invalid" % n)
        b.proc.send_signal(15)
        rc = b.proc.wait(120)
        with open(vlog) as f:
            vl = f.read()
        summ = re.findall(r"ERROR SUMMARY: (\d+) errors", vl)
        leaks = re.findall(r"(definitely|indirectly|possibly) lost: "
                           r"([\d,]+) bytes", vl)
        check(rc == 0, "valgrind/vmwatchd exit %d:\n%s" % (rc, vl[-4000:]))
        check(summ and summ[-1] == "0", "valgrind errors:\n" + vl[-4000:])
        check(all(v == "0" for _, v in leaks), "leaks: %s" % leaks)
        n += 1
        print("ok %d - SIGTERM: exit 0, ERROR SUMMARY 0, leaks %s" % (
            n, ", ".join("%s %s" % kv for kv in leaks) or "none reported "
            "(all heap blocks freed)"))
    except AssertionError as e:
        print("FAIL: %s" % e)
        try:
            print(open(vlog).read()[:6000])
        except OSError:
            pass
        print(b.stderr()[-500:])
        return 1
    finally:
        b.close()
    print("1..%d" % n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
