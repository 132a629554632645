# SPDX-License-Identifier: ISC
"""soaklib.py - what both soaks share: a streaming check of vmwatchd's
JSON-lines log (sequence numbers contiguous, events counted by kind,
target events kept) that never holds the file in memory, and samples of a
process's resident memory and open descriptors from /proc.

Used by tests/soak/replay_soak.py and tests/soak/live_soak.py.
"""
import json
import os
import subprocess


# ---- the JSON log ---------------------------------------------------------

class LogCheck:
    """Feed lines (bytes) in order; counts and contiguity accumulate.

    Kernel events are counted from the line's prefix alone (vmwatchd
    writes "seq", "time", "kind" first; cJSON keeps insertion order), so
    ten million lines check in a minute; every other line is parsed whole
    and kept (target.*, daemon.*, host.*), they are few.
    """
    PREFIX = b'{"seq":'

    def __init__(self, keep_kernel=False):
        self.n = 0
        self.first = None
        self.last = None
        self.gaps = []        # (expected, got) for the first few breaks
        self.ngaps = 0
        self.kinds = {}
        self.other = []       # parsed non-kernel events
        self.kernel = [] if keep_kernel else None
        self.bad = 0          # lines that are not JSON objects
        self.bytes = 0

    def _kernel_kind(self, k):
        return k.startswith(("route.", "neigh.", "link.", "addr."))

    def feed(self, line):
        self.bytes += len(line)
        line = line.rstrip(b"\n")
        if not line.strip():
            return
        seq = kind = None
        ev = None
        if line.startswith(self.PREFIX):
            c = line.find(b",", 7)
            k = line.find(b'"kind":"', c)
            if c > 7 and k > 0:
                try:
                    seq = int(line[7:c])
                    e = line.index(b'"', k + 8)
                    kind = line[k + 8:e].decode()
                except ValueError:
                    seq = kind = None
        if seq is None or not self._kernel_kind(kind) or \
                self.kernel is not None:
            try:
                ev = json.loads(line)
                seq, kind = ev["seq"], ev["kind"]
            except (ValueError, KeyError, TypeError):
                self.bad += 1
                return
        if self.first is None:
            self.first = seq
        elif seq != self.last + 1:
            self.ngaps += 1
            if len(self.gaps) < 20:
                self.gaps.append((self.last + 1, seq))
        self.last = seq
        self.n += 1
        self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if ev is not None:
            if self._kernel_kind(kind):
                if self.kernel is not None:
                    self.kernel.append(ev)
            else:
                self.other.append(ev)

    def feed_file(self, f, chunk=1 << 22):
        """Read a binary stream to its end, line by line."""
        rest = b""
        while True:
            b = f.read(chunk)
            if not b:
                break
            b = rest + b
            lines = b.split(b"\n")
            rest = lines.pop()
            for ln in lines:
                self.feed(ln)
        if rest:
            self.feed(rest)

    def contiguous(self):
        return self.ngaps == 0 and self.bad == 0 and \
            (self.first in (None, 1))

    def count(self, *prefixes):
        return sum(v for k, v in self.kinds.items()
                   if k.startswith(prefixes))

    def events(self, kind):
        return [e for e in self.other if e["kind"] == kind]


# ---- a process ------------------------------------------------------------

def rss_kib(pid):
    """VmRSS in KiB, or None when the process is gone."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for ln in f:
                if ln.startswith("VmRSS:"):
                    return int(ln.split()[1])
    except OSError:
        return None
    return None


def fds(pid):
    """{fd: target} of the process's open descriptors, or None."""
    try:
        d = "/proc/%d/fd" % pid
        out = {}
        for n in os.listdir(d):
            try:
                out[int(n)] = os.readlink(os.path.join(d, n))
            except OSError:
                pass
        return out
    except OSError:
        return None


def ctl(build, sock, *args, timeout=20):
    """vmwatchctl -s SOCK ARGS; (returncode, stdout)."""
    try:
        r = subprocess.run([os.path.join(build, "vmwatchctl"), "-s", sock] +
                           list(args), stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True,
                           timeout=timeout)
    except subprocess.TimeoutExpired:
        return -1, ""
    return r.returncode, r.stdout


def metrics(build, sock):
    """The Prometheus text as {name_with_labels: value}."""
    rc, out = ctl(build, sock, "metrics")
    m = {}
    if rc != 0:
        return m
    for ln in out.splitlines():
        if not ln or ln.startswith("#"):
            continue
        k, _, v = ln.rpartition(" ")
        try:
            m[k] = float(v)
        except ValueError:
            pass
    return m


def mib(kib):
    return "%.1f MiB" % (kib / 1024.0) if kib is not None else "?"
