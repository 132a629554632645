#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""wd_idle.py BUILD [SECONDS] - what watching costs when nothing happens.

16 guest addresses (198.18.64.10-25 on one "vm" namespace behind
bridge100), each probed with ICMP echo once a second for SECONDS (default
60), by vmwatchd and, in the same run and side by side, by the named
baseline `fping -l -p 1000 -q` (fping 5.1, loop mode, one probe per
target per second).  Reported per program: CPU seconds (run time of all its
threads from /proc/PID/task/*/schedstat), CPU per probe, peak and final RSS (VmHWM/VmRSS), and the
ratio vmwatchd / fping.  vmwatchd also keeps the kernel mirror and the
control socket; fping only probes.  Targets: <= 20 us CPU per probe and
RSS <= 4 MiB.  A benchmark: it fails only if it cannot measure.
"""
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "integration"))
import wdlib  # noqa: E402

N = 16


def cpu_s(pid):
    """CPU seconds of every thread, from schedstat (ns): /proc/PID/stat
    counts 10 ms ticks, too coarse for a daemon that is mostly asleep."""
    total = 0
    for tid in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, tid)) as f:
                total += int(f.read().split()[0])
        except OSError:
            pass
    return total / 1e9


def user_sys_s(pid):
    """utime and stime (10 ms ticks: coarse, but they split the total)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / tick, int(fields[12]) / tick


def mem_kib(pid):
    out = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("VmRSS", "VmHWM"):
                out[k] = int(v.split()[0])
    return out


def main():
    build = sys.argv[1]
    secs = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    if os.geteuid() != 0:
        print("SKIP: wd_idle needs root")
        return 0
    addrs = ["198.18.64.%d" % (10 + i) for i in range(N)]
    targets = [{"address": a, "interval": "1s", "timeout": "500ms"}
               for a in addrs]
    b = wdlib.Bench(build, "wi")
    with open(b.cfg, "w") as f:
        json.dump({"log": {"syslog": False}, "targets": targets,
                   "discovery": {"enabled": False}}, f)
    fp = None
    try:
        b.setup()
        for a in addrs:
            b.vm("ip", "addr", "add", a + "/24", "dev", "eth0")
        b.start()
        fp = subprocess.Popen(["ip", "netns", "exec", b.h, "fping", "-l",
                               "-p", "1000", "-q"] + addrs,
                              stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
        # Let both settle (first probes, ARP), then measure.
        time.sleep(3)
        d0, f0 = cpu_s(b.proc.pid), cpu_s(fp.pid)
        du0, fu0 = user_sys_s(b.proc.pid), user_sys_s(fp.pid)
        r = b.ctl("--json", "targets")
        sent0 = sum(t["stats"]["sent"] for t in
                    json.loads(r.stdout)["result"])
        t0 = time.time()
        time.sleep(secs)
        el = time.time() - t0
        d1, f1 = cpu_s(b.proc.pid), cpu_s(fp.pid)
        du1, fu1 = user_sys_s(b.proc.pid), user_sys_s(fp.pid)
        r = b.ctl("--json", "targets")
        tl = json.loads(r.stdout)["result"]
        sent = sum(t["stats"]["sent"] for t in tl) - sent0
        up = sum(1 for t in tl if t["state"] == "up")
        dm, fm = mem_kib(b.proc.pid), mem_kib(fp.pid)
        fprobes = N * el      # fping -p 1000: one per target per second
        dcpu, fcpu = d1 - d0, f1 - f0
        print("wd_idle: %d targets, ICMP every 1 s, %.1f s measured" %
              (N, el))
        print("%-10s %10s %8s %14s %10s %10s" % ("program", "cpu_s",
              "probes", "cpu/probe_us", "rss_kib", "hwm_kib"))
        print("%-10s %10.3f %8d %14.2f %10d %10d" % (
            "vmwatchd", dcpu, sent, dcpu / max(sent, 1) * 1e6,
            dm["VmRSS"], dm["VmHWM"]))
        print("%-10s %10.3f %8d %14.2f %10d %10d" % (
            "fping", fcpu, fprobes, fcpu / fprobes * 1e6, fm["VmRSS"],
            fm["VmHWM"]))
        ratio = (dcpu / max(sent, 1)) / (fcpu / fprobes) if fcpu > 0 \
            else float("inf")
        for name, a, z, n in (("vmwatchd", du0, du1, sent),
                              ("fping", fu0, fu1, fprobes)):
            u, k = z[0] - a[0], z[1] - a[1]
            print("%-10s user %.2f s, system %.2f s (ticks): user %.1f us "
                  "per probe; the system part includes the kernel "
                  "delivering the echo through the veth to the guest "
                  "namespace and its reply, on the prober's CPU" % (
                      name, u, k, u / max(n, 1) * 1e6))
        print("ratio vmwatchd/fping cpu per probe: %.2f; rss: %.2f" % (
            ratio, dm["VmRSS"] / fm["VmRSS"]))
        print("targets up: %d/%d; cpu per probe <= 20 us: %s; "
              "rss <= 4096 KiB: %s" % (
                  up, N, "met" if dcpu / max(sent, 1) * 1e6 <= 20 else
                  "MISSED", "met" if dm["VmRSS"] <= 4096 else "MISSED"))
        if up != N or sent < N * (secs - 2):
            print("FAIL: the daemon did not probe all targets: up %d, "
                  "sent %d" % (up, sent))
            return 1
    finally:
        if fp is not None:
            fp.kill()
            fp.wait()
        b.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
