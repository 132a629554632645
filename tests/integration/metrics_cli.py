#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""metrics_cli.py BUILD SRC - `vmwatchctl metrics` and the HTTP listener.

The wdlib bench (bridge100 + a guest namespace) with metrics.listen on
the namespace's loopback.  Checked: the text passes `promtool check
metrics` (Prometheus's strict checker, fetched by setup.sh), the HTTP
listener serves the same families, refuses other paths and methods, and
the values follow the target: up 1, then 0 with a target.down counted
under its cause after the bridge goes down.
"""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wdlib  # noqa: E402
import watchdog_faults as wf  # noqa: E402

PORT = 19469


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def promtool(src):
    for p in (os.path.join(src, ".tools", "promtool"), "promtool"):
        try:
            subprocess.run([p, "--version"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=True)
            return p
        except (OSError, subprocess.CalledProcessError):
            continue
    return None


def sample(text, metric, **labels):
    for line in text.splitlines():
        if not line.startswith(metric + "{") and \
                not line.startswith(metric + " "):
            continue
        if all('%s="%s"' % (k, v) in line for k, v in labels.items()):
            return float(line.rsplit(" ", 1)[1])
    return None


def http(b, path, method="GET"):
    code = ("import urllib.request,sys\n"
            "r=urllib.request.Request('http://127.0.0.1:%d%s',method='%s')\n"
            "try:\n"
            "  x=urllib.request.urlopen(r,timeout=5)\n"
            "  print(x.status);print(x.headers['Content-Type']);"
            "sys.stdout.write(x.read().decode())\n"
            "except urllib.error.HTTPError as e:\n"
            "  print(e.code)\n" % (PORT, path, method))
    return b.host("python3", "-c", code)


def main():
    build, src = sys.argv[1], sys.argv[2]
    if os.geteuid() != 0:
        print("SKIP: metrics_cli needs root")
        return 0
    pt = promtool(src)
    b = wdlib.Bench(build, "mx", cfg_extra={
        "metrics": {"listen": "127.0.0.1:%d" % PORT}})
    n = 0
    try:
        b.setup()
        b.start()
        b.wait("target.up", 0, timeout=10, pred=wf.is_guest)
        r = b.ctl("metrics")
        check(r.returncode == 0, "vmwatchctl metrics failed: %s" % r.stderr)
        text = r.stdout
        check(sample(text, "vmwatch_target_up", target=wdlib.GUEST_IP,
                     name="vm1") == 1, "target up not 1:\n" + text)
        check(sample(text, "vmwatch_mirror_entries", kind="routes") >= 1,
              "no routes in mirror metrics")
        n += 1
        print("ok %d - vmwatchctl metrics: %d lines, target up" % (
            n, len(text.splitlines())))
        check(pt is not None, "promtool not found (setup.sh fetches it "
              "into .tools/; run ./setup.sh test)")
        p = subprocess.run([pt, "check", "metrics"], input=text, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        check(p.returncode == 0 and not p.stdout.strip(),
              "promtool check metrics: %s" % p.stdout)
        n += 1
        print("ok %d - promtool check metrics: clean" % n)

        out = http(b, "/metrics")
        status, ctype, body = out.split("\n", 2)
        check(status == "200" and ctype.startswith("text/plain; "
              "version=0.0.4"), "HTTP: %s %s" % (status, ctype))
        fam = set(re.findall(r"^# TYPE (\S+)", body, re.M))
        check(fam == set(re.findall(r"^# TYPE (\S+)", text, re.M)),
              "HTTP families differ from vmwatchctl metrics")
        check(http(b, "/").split("\n")[0] == "404", "GET / not 404")
        check(http(b, "/metrics", "POST").split("\n")[0] == "405",
              "POST not 405")
        n += 1
        print("ok %d - HTTP listener: %d families, 404 and 405 for the "
              "rest" % (n, len(fam)))

        after = b.last_seq()
        wf.ifdown_break(b)
        b.wait("target.down", after, timeout=5, pred=wf.is_guest)
        text = b.ctl("metrics").stdout
        check(sample(text, "vmwatch_target_up", target=wdlib.GUEST_IP) == 0,
              "target up not 0 after the bridge went down")
        check(sample(text, "vmwatch_target_down_total",
                     target=wdlib.GUEST_IP, cause="interface_down") == 1,
              "down_total{cause=interface_down} not 1:\n" + text)
        check(sample(text, "vmwatch_target_state", target=wdlib.GUEST_IP,
                     state="down") == 1, "state down not 1")
        p = subprocess.run([pt, "check", "metrics"], input=text, text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        check(p.returncode == 0 and not p.stdout.strip(),
              "promtool after the fault: %s" % p.stdout)
        n += 1
        print("ok %d - after bridge down: up 0, down_total{cause="
              "\"interface_down\"} 1, promtool clean" % n)
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
