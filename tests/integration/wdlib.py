# SPDX-License-Identifier: ISC
"""wdlib.py - the watchdog test bench: a "host" network namespace with a
bridge playing bridge100, a "vm" namespace behind a veth on it, vmwatchd
in the host namespace, and helpers to break things and read the JSON log.

Used by watchdog_faults.py (the fault suite) and tests/bench/wd_latency.py.
Addresses: 198.18.64.0/24 and 2001:db8:64::/64 only, inside namespaces
this module creates; close() deletes them (call it from finally/atexit).
"""
import json
import os
import signal
import subprocess
import tempfile
import time

HOST_IP = "198.18.64.1"
GUEST_IP = "198.18.64.2"
PREFIX = "198.18.64.0/24"


class Bench:
    def __init__(self, build, tag, cfg_extra=None, target_cfg=None):
        self.build = build
        self.tag = "%s%d" % (tag, os.getpid())
        self.h = "vwt-%s-h" % self.tag
        self.v = "vwt-%s-v" % self.tag
        self.work = tempfile.mkdtemp(prefix="vwt-wd.")
        self.sock = os.path.join(self.work, "vmwatchd.sock")
        self.log = os.path.join(self.work, "events.jsonl")
        self.err = os.path.join(self.work, "daemon.err")
        self.cfg = os.path.join(self.work, "vmwatch.json")
        self.proc = None
        self.pos = 0          # bytes of the JSON log already read
        self.events = []      # every event read so far
        t = {"address": GUEST_IP, "name": "vm1", "interval": "200ms",
             "timeout": "150ms", "down_after": 3, "up_after": 2}
        if target_cfg:
            t.update(target_cfg)
        cfg = {"log": {"syslog": False}, "targets": [t],
               "discovery": {"enabled": False}}
        if cfg_extra:
            cfg.update(cfg_extra)
        with open(self.cfg, "w") as f:
            json.dump(cfg, f)

    # ---- shell -----------------------------------------------------------
    def sh(self, ns, *args, check=True):
        cmd = ["ip", "netns", "exec", ns] + list(args)
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True)
        if check and r.returncode != 0:
            raise AssertionError("command failed: %s: %s" %
                                 (" ".join(cmd), r.stderr.strip()))
        return r.stdout

    def host(self, *args, check=True):
        return self.sh(self.h, *args, check=check)

    def vm(self, *args, check=True):
        return self.sh(self.v, *args, check=check)

    # ---- set-up -----------------------------------------------------------
    def setup(self):
        subprocess.run(["ip", "netns", "add", self.h], check=True)
        subprocess.run(["ip", "netns", "add", self.v], check=True)
        self.host("ip", "link", "set", "lo", "up")
        self.vm("ip", "link", "set", "lo", "up")
        self.make_bridge()
        self.host("ip", "link", "add", "vh0", "type", "veth", "peer",
                  "name", "eth0", "netns", self.v)
        self.host("ip", "link", "set", "vh0", "master", "bridge100")
        self.host("ip", "link", "set", "vh0", "up")
        self.vm("ip", "link", "set", "eth0", "address", "52:54:00:00:64:02")
        self.vm("ip", "addr", "add", GUEST_IP + "/24", "dev", "eth0")
        self.vm("ip", "link", "set", "eth0", "up")
        # Both veth ends up (carrier) before the daemon starts.
        deadline = time.time() + 5
        while time.time() < deadline:
            a = json.loads(self.host("ip", "-j", "link", "show", "vh0"))
            v = json.loads(self.vm("ip", "-j", "link", "show", "eth0"))
            if a[0].get("operstate") == "UP" and \
                    v[0].get("operstate") == "UP":
                return
            time.sleep(0.05)
        raise AssertionError("veth pair did not come up")

    def make_bridge(self):
        self.host("ip", "link", "add", "bridge100", "type", "bridge",
                  "forward_delay", "0")
        self.host("ip", "addr", "add", HOST_IP + "/24", "dev", "bridge100")
        self.host("ip", "link", "set", "bridge100", "up")

    def start(self, *extra, wrapper=(), timeout=10):
        errf = open(self.err, "w")
        # Not through a shell: `ip netns exec` execs the daemon (or the
        # wrapper, e.g. valgrind), so the pid we hold is the daemon's.
        self.proc = subprocess.Popen(
            ["ip", "netns", "exec", self.h] + list(wrapper) +
            [os.path.join(self.build, "vmwatchd"), "-c", self.cfg,
             "-s", self.sock, "--no-syslog", "--log-json", self.log] +
            list(extra), stdout=subprocess.DEVNULL, stderr=errf)
        errf.close()
        deadline = time.time() + timeout
        while time.time() < deadline:
            if os.path.exists(self.sock):
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError("vmwatchd did not start:\n" + self.stderr())

    def ctl(self, *args):
        r = subprocess.run([os.path.join(self.build, "vmwatchctl"), "-s",
                            self.sock] + list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, timeout=20)
        return r

    def stderr(self):
        try:
            with open(self.err) as f:
                return f.read()
        except OSError:
            return ""

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        self.read_log()
        for ns in (self.h, self.v):
            subprocess.run(["ip", "netns", "del", ns],
                           stderr=subprocess.DEVNULL)
        subprocess.run(["rm", "-rf", self.work])

    # ---- the JSON log -----------------------------------------------------
    def read_log(self):
        try:
            with open(self.log) as f:
                f.seek(self.pos)
                data = f.read()
        except OSError:
            return
        # Only whole lines: the writer may be mid-line.
        end = data.rfind("\n") + 1
        self.pos += len(data[:end].encode())
        for line in data[:end].splitlines():
            if line.strip():
                self.events.append(json.loads(line))

    def last_seq(self):
        self.read_log()
        return self.events[-1]["seq"] if self.events else 0

    def wait(self, kind, after=0, timeout=10.0, pred=None):
        """The first event of `kind` with seq > after (and pred true)."""
        deadline = time.time() + timeout
        while True:
            self.read_log()
            for e in self.events:
                if e["seq"] > after and e["kind"] == kind and \
                        (pred is None or pred(e)):
                    return e
            if time.time() > deadline:
                raise AssertionError(
                    "no %s after seq %d within %.1f s; last events:\n%s" %
                    (kind, after, timeout, "\n".join(
                        json.dumps(e) for e in self.events[-15:])))
            if self.proc.poll() is not None:
                raise AssertionError("vmwatchd exited:\n" + self.stderr())
            time.sleep(0.02)

    def between(self, after, upto):
        self.read_log()
        return [e for e in self.events if after < e["seq"] <= upto]


def rfc3339(s):
    """Seconds since the epoch from '2026-11-26T19:50:01.123456Z'."""
    import datetime
    return datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=datetime.timezone.utc).timestamp()
