#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""wd_latency.py BUILD [REPS] - detection latency per fault type.

Runs each fault of the fault suite (tests/integration/watchdog_faults.py)
REPS times (default 10) against one vmwatchd (interval 200 ms, timeout
150 ms, down_after 3) and reports, per fault, the time from the command
that made the fault to the target.down event's timestamp in the JSON log:
p50, p99 and max, next to the named baseline of the same run: the
hysteresis-only bound a prober without kernel correlation needs
(down_after x interval = 600 ms plus the last probe's timeout, the
earliest fping-style loss detection can report).  A benchmark: it fails
only if a fault is not detected.
"""
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "integration"))
import watchdog_faults as wf  # noqa: E402
import wdlib  # noqa: E402


def pct(v, p):
    v = sorted(v)
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


def main():
    build = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    if os.geteuid() != 0:
        print("SKIP: wd_latency needs root")
        return 0
    faults = [
        ("route_hijacked", wf.hijack_break, wf.hijack_repair),
        ("route_removed", wf.route_removed_break, wf.route_removed_repair),
        ("interface_down", wf.ifdown_break, wf.ifdown_repair),
        ("interface_gone", wf.gone_break, wf.gone_repair),
        ("address_removed", wf.addr_break, wf.addr_repair),
        ("neighbor_unresolved", wf.unresolved_break, wf.unresolved_repair),
        ("neighbor_changed", wf.macchange_break, wf.macchange_repair),
        ("filtered", wf.filtered_break, wf.filtered_repair),
        ("guest link down", wf.guestdown_break, wf.guestdown_repair),
    ]
    b = wdlib.Bench(build, "wl")
    baseline = 3 * 0.200 + 0.150
    rows = []
    try:
        b.setup()
        b.host("ip", "-6", "addr", "add", "2001:db8:64::1/64", "dev",
               "bridge100", "nodad")
        b.start()
        b.wait("target.up", 0, timeout=10, pred=wf.is_guest)
        for name, brk, rep in faults:
            lat, codes = [], set()
            for i in range(reps):
                wf.results.clear()
                # Each MAC change needs a new MAC: go back first (the
                # guest answers throughout, so that is no outage).
                if name == "neighbor_changed" and i > 0:
                    b.vm("ip", "link", "set", "eth0", "address",
                         "52:54:00:00:64:02")
                    wf.time.sleep(1)
                wf.fault(b, name, tuple(wf_codes(name)), 30.0, brk, rep)
                _, code, l, _ = wf.results[-1]
                lat.append(l)
                codes.add(code)
            rows.append((name, "/".join(sorted(codes)), lat))
    finally:
        b.close()
    print("\nwd_latency: %d runs per fault; baseline (hysteresis only, no "
          "kernel correlation): %.0f ms" % (reps, baseline * 1000))
    print("%-22s %-22s %9s %9s %9s %9s" % ("fault", "cause", "p50_ms",
          "p99_ms", "max_ms", "p50/base"))
    for name, code, lat in rows:
        print("%-22s %-22s %9.1f %9.1f %9.1f %9.2f" % (
            name, code, pct(lat, 50) * 1000, pct(lat, 99) * 1000,
            max(lat) * 1000, pct(lat, 50) / baseline))
    return 0


def wf_codes(name):
    return {"filtered": ("filtered", "target_silent"),
            "guest link down": ("interface_down",)}.get(name, (name,))


if __name__ == "__main__":
    sys.exit(main())
