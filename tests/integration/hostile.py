#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""hostile.py BUILD SRC [N ...] - vmwatchd in hostile surroundings.

One check per surrounding, each with the real daemon in network
namespaces made here (and, where a file system must misbehave, a private
mount namespace of the daemon's own, which disappears with it):
  1. the JSON log unwritable at start (no such directory; an immutable or
     read-only file): the daemon runs, warns once, counts the failures,
     retries every second and writes the queued events once it can;
  2. the JSON log's file system full (a 64 KiB tmpfs): the daemon goes
     on answering, counts the failures and lost lines, keeps its human
     lines on stderr, and writes again once space is freed;
  3. syslog unavailable: /dev/log missing, then a /dev/log whose reader
     stops reading (glibc's syslog(3) would block the loop there);
  4. the control socket's directory missing, a file, or unwritable:
     exit 1 with one line naming the path and the reason, nothing left;
  5. the wall clock stepped back and forth, and a faked sleep (through
     the test-only VMWATCH_TEST_CLOCK_FILE hook; the machine's clock is
     never touched);
  6. 300 interfaces with 15-character names, added and deleted while a
     target is watched;
  7. an IPv6-only host: a target up, a route deleted and put back;
  8. 100 targets: all up, quiet, one fault takes them all down with the
     right cause, all back up.
Each check prints "ok N - ..." with its figures.  Addresses: 198.18.64.0/24
and 2001:db8:64::/64 only.  Namespaces are deleted on every exit path.
With N arguments only those checks run.  Needs root.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import wdlib  # noqa: E402

BUILD = None
passed = []


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


def ok(n, msg):
    passed.append(n)
    print("ok %d - %s" % (n, msg))
    sys.stdout.flush()


def run(*cmd, check_rc=True, **kw):
    r = subprocess.run(list(cmd), stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, text=True, **kw)
    if check_rc and r.returncode != 0:
        raise AssertionError("command failed: %s: %s" %
                             (" ".join(cmd), r.stderr.strip()))
    return r


def wait_for(what, pred, timeout, proc=None, errf=None, step=0.05):
    deadline = time.time() + timeout
    while True:
        v = pred()
        if v:
            return v
        if proc is not None and proc.poll() is not None:
            raise AssertionError("vmwatchd exited (%s) waiting for %s:\n%s"
                                 % (proc.returncode, what, tail(errf)))
        if time.time() > deadline:
            raise AssertionError("timed out (%.1f s) waiting for %s%s" %
                                 (timeout, what, "\n" + tail(errf)
                                  if errf else ""))
        time.sleep(step)


def tail(path, n=30):
    try:
        with open(path) as f:
            return "\n".join("daemon: " + l for l in
                             f.read().splitlines()[-n:])
    except (OSError, TypeError):
        return ""


def read_text(path):
    try:
        with open(path, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def parse_lines(text):
    """JSON objects of the complete lines (blank lines skipped)."""
    end = text.rfind("\n") + 1
    return [json.loads(l) for l in text[:end].splitlines() if l.strip()]


def contiguous(seqs):
    return seqs == list(range(seqs[0], seqs[0] + len(seqs))) if seqs \
        else False


class Daemon:
    """vmwatchd in namespace ns, optionally behind a shell prelude run in
    a private mount namespace (unshare -m) that ends by exec'ing the
    daemon: `ip netns exec`, `unshare` and the shell all exec, so the pid
    held is the daemon's, and /proc/PID/root shows its mounts."""

    def __init__(self, ns, work, name, cfg, log=None, prelude=None,
                 env=None, syslog=False, sock=None):
        self.ns = ns
        self.work = work
        self.name = name
        self.sock = sock or os.path.join(work, name + ".sock")
        self.err = os.path.join(work, name + ".err")
        self.cfgp = os.path.join(work, name + ".json")
        self.log = log
        with open(self.cfgp, "w") as f:
            json.dump(cfg, f)
        argv = [os.path.join(BUILD, "vmwatchd"), "-c", self.cfgp,
                "-s", self.sock]
        if not syslog:
            argv.append("--no-syslog")
        if log:
            argv += ["--log-json", log]
        cmd = ["ip", "netns", "exec", ns]
        if prelude:
            cmd += ["unshare", "-m", "sh", "-ec",
                    prelude + '\nexec "$0" "$@"']
        e = dict(os.environ)
        e.update(env or {})
        errf = open(self.err, "w")
        self.proc = subprocess.Popen(cmd + argv, stdin=subprocess.DEVNULL,
                                     stdout=subprocess.DEVNULL, stderr=errf,
                                     env=e)
        errf.close()

    def wait_ready(self, timeout=15):
        wait_for("%s's socket" % self.name,
                 lambda: os.path.exists(self.sock), timeout, self.proc,
                 self.err)

    def inside(self, path):
        """path as the daemon sees it (its own mount namespace)."""
        return "/proc/%d/root%s" % (self.proc.pid, path)

    def ctl(self, *args, timeout=20):
        return subprocess.run([os.path.join(BUILD, "vmwatchctl"), "-s",
                               self.sock] + list(args),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, timeout=timeout)

    def alive(self, when):
        check(self.proc.poll() is None, "%s exited %s:\n%s" %
              (self.name, when, tail(self.err)))
        r = self.ctl("--json", "status", timeout=5)
        check(r.returncode == 0, "%s: status failed %s: %s" %
              (self.name, when, r.stderr))
        return json.loads(r.stdout)["result"]

    def stderr(self):
        return read_text(self.err)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode


SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|runtime error:")


def finish(d):
    """Stop a Daemon or a wdlib.Bench's daemon with SIGTERM: exit 0, and
    no sanitizer report (the suite also runs against ASan+UBSan)."""
    p = d.proc
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            raise AssertionError("vmwatchd ignored SIGTERM for 15 s")
    err = read_text(d.err)
    m = SANITIZER.search(err)
    check(m is None, "sanitizer report:\n%s" % err[m.start() - 200:][:3000]
          if m else "")
    check(p.returncode == 0, "vmwatchd exited %s after SIGTERM:\n%s" %
          (p.returncode, tail(d.err)))


def metrics(d):
    """{name: value} of `vmwatchctl metrics`, labelled samples summed,
    and the label sets per name in counts['#' + name]."""
    r = d.ctl("metrics")
    check(r.returncode == 0, "metrics failed: %s" % r.stderr)
    m = {}
    for l in r.stdout.splitlines():
        if not l or l.startswith("#"):
            continue
        key, val = l.rsplit(" ", 1)
        name = key.split("{", 1)[0]
        m[name] = m.get(name, 0.0) + float(val)
        m["#" + name] = m.get("#" + name, 0) + 1
    return m


class Netns:
    """A bare network namespace (lo up), deleted by close()."""

    def __init__(self, tag):
        self.name = "vwt-hs%s-%d" % (tag, os.getpid())
        run("ip", "netns", "add", self.name)
        self.sh("ip", "link", "set", "lo", "up")

    def sh(self, *args, check_rc=True, inp=None):
        return run("ip", "netns", "exec", self.name, *args,
                   check_rc=check_rc, input=inp)

    def batch(self, lines):
        self.sh("ip", "-batch", "-", inp="\n".join(lines) + "\n")

    def close(self):
        subprocess.run(["ip", "netns", "del", self.name],
                       stderr=subprocess.DEVNULL)


LINKCFG = {"log": {"syslog": False, "kernel_events": "all"},
           "kernel": {"resync_interval": "1h"},
           "discovery": {"enabled": False}}


# ---- 1. the JSON log unwritable at start ----------------------------------

def check_log_unwritable(work):
    ns = Netns("lu")
    daemons = []
    immutable = None
    try:
        # (a) a directory that does not exist yet.
        ddir = os.path.join(work, "later")
        a = Daemon(ns.name, work, "nodir", LINKCFG,
                   log=os.path.join(ddir, "events.jsonl"))
        daemons.append(a)
        # (b) a file that cannot be written: immutable where chattr works
        # (root ignores mode bits), else on a read-only bind mount in the
        # daemon's own mount namespace.
        rodir = os.path.join(work, "ro")
        os.mkdir(rodir)
        rofile = os.path.join(rodir, "events.jsonl")
        open(rofile, "w").close()
        prelude = None
        # (VWT_HOSTILE_NO_CHATTR=1 takes the other way, as on a tmpfs.)
        if not os.environ.get("VWT_HOSTILE_NO_CHATTR") and subprocess.run(
                ["chattr", "+i", rofile],
                stderr=subprocess.DEVNULL).returncode == 0:
            immutable = rofile
            how = "immutable file"
        else:
            prelude = ("mount --bind %s %s\nmount -o remount,bind,ro %s" %
                       (rodir, rodir, rodir))
            how = "file on a read-only mount"
        b = Daemon(ns.name, work, "rofile", LINKCFG, log=rofile,
                   prelude=prelude)
        daemons.append(b)
        a.wait_ready()
        b.wait_ready()
        t0 = time.time()
        ns.batch(["link add vwtlu%d type bridge" % i for i in range(3)])
        for d in daemons:
            wait_for("link.add vwtlu2 on %s's stderr" % d.name,
                     lambda: re.search(r"link\.add .*vwtlu2\b", d.stderr()),
                     5, d.proc, d.err)
        f0 = {d.name: metrics(d)["vmwatch_log_json_failures_total"]
              for d in daemons}
        time.sleep(max(0, t0 + 2.2 - time.time()))
        fails = {}
        for d in daemons:
            d.alive("with an unwritable JSON log")
            m = metrics(d)
            fails[d.name] = m["vmwatch_log_json_failures_total"]
            check(fails[d.name] >= f0[d.name] + 1, "%s: open not retried "
                  "(failures %d then %d)" % (d.name, f0[d.name],
                                             fails[d.name]))
            warn = [l for l in d.stderr().splitlines()
                    if "JSON log" in l and ": open:" in l]
            check(len(warn) == 1, "%s: expected one open warning, got %s"
                  % (d.name, warn))
        check("No such file or directory" in a.stderr(),
              "nodir: the warning does not give the reason")
        check(re.search(r"Operation not permitted|Read-only file system",
                        b.stderr()), "rofile: the warning gives no reason")
        # Repair both; the queued events land, in order, from seq 1.
        os.mkdir(ddir)
        if immutable:
            run("chattr", "-i", immutable)
            immutable = None
        else:
            run("nsenter", "-m", "-t", str(b.proc.pid), "mount", "-o",
                "remount,bind,rw", rodir)
        tr = time.time()
        ns.batch(["link add vwtlu9 type bridge"])
        for d in daemons:
            path = d.inside(d.log) if d is b and prelude else d.log
            ev = wait_for("%s: the JSON file written" % d.name,
                          lambda: (lambda e: e if any(
                              x.get("link", {}).get("name") == "vwtlu9"
                              for x in e) else None)(
                              parse_lines(read_text(path))),
                          4, d.proc, d.err)
            seqs = [e["seq"] for e in ev]
            check(seqs[0] == 1 and contiguous(seqs),
                  "%s: events not contiguous from 1: %s" % (d.name, seqs))
            check(ev[0]["kind"] == "daemon.start",
                  "%s: the first line is %s" % (d.name, ev[0]["kind"]))
            names = {e.get("link", {}).get("name") for e in ev}
            check({"vwtlu0", "vwtlu1", "vwtlu2"} <= names,
                  "%s: the outage's events are missing" % d.name)
            wait_for("%s's recovery note" % d.name,
                     lambda: "open again after" in d.stderr(), 3, d.proc,
                     d.err)
        lat = time.time() - tr
        for d in daemons:
            finish(d)
        ok(1, "JSON log unwritable at start (missing directory; %s): "
           "running, one warning each, %d and %d failed opens in 2 s, "
           "queued events written from seq 1 within %.1f s of the repair"
           % (how, fails["nodir"], fails["rofile"], lat))
    finally:
        for d in daemons:
            d.stop()
        if immutable:
            subprocess.run(["chattr", "-i", immutable])
        ns.close()


# ---- 2. the JSON log's file system full ------------------------------------

def check_disk_full(work):
    ns = Netns("df")
    d = None
    try:
        full = os.path.join(work, "full")
        os.mkdir(full)
        log = os.path.join(full, "events.jsonl")
        d = Daemon(ns.name, work, "full", LINKCFG, log=log,
                   prelude="mount -t tmpfs -o size=64k vwt-full %s" % full)
        d.wait_ready()
        inlog = d.inside(log)
        check(os.path.exists(inlog) and not os.path.exists(log),
              "the tmpfs is not private to the daemon")
        # Bridges added and deleted until writes fail (64 KiB).
        rounds = 0
        while True:
            rounds += 1
            ns.batch(["link add vwtdf%d type bridge" % i for i in range(50)]
                     + ["link del vwtdf%d" % i for i in range(50)])
            # All 100 logged, or (a netlink overflow) a resync instead.
            m = wait_for("the events of round %d" % rounds,
                         lambda: (lambda m: m if m["vmwatch_events_total"]
                                  >= 1 + rounds * 100 or
                                  m["vmwatch_kernel_resyncs_total"] > 0
                                  else None)(metrics(d)),
                         10, d.proc, d.err)
            time.sleep(0.3)
            m = metrics(d)
            if m["vmwatch_log_json_failures_total"] > 0 or rounds >= 10:
                break
        check(m["vmwatch_log_json_failures_total"] > 0,
              "no write failure after %d rounds" % rounds)
        size = os.path.getsize(inlog)
        # Still full: more events, answered, counted, human lines go on.
        ns.batch(["link add vwtdfmark1 type bridge"])
        wait_for("vwtdfmark1 on stderr", lambda: re.search(
            r"link\.add .*vwtdfmark1\b", d.stderr()), 5, d.proc, d.err)
        time.sleep(0.3)
        st = d.alive("with its log's file system full")
        m = metrics(d)
        dropped = m["vmwatch_log_json_dropped_total"]
        check(dropped > 0, "no dropped lines counted: %s" % m)
        check("vwtdfmark1" not in read_text(inlog),
              "an event was written to a full file system?")
        warn = [l for l in d.stderr().splitlines()
                if "JSON log" in l and "No space left on device" in l]
        check(len(warn) == 1, "expected one ENOSPC warning: %s" % warn)
        # Free the space (from inside the daemon's mount namespace).
        run("nsenter", "-m", "-t", str(d.proc.pid), "truncate", "-s", "0",
            log)
        ns.batch(["link add vwtdfmark2 type bridge"])
        ev = wait_for("vwtdfmark2 in the JSON file", lambda: (
            lambda e: e if any(x.get("link", {}).get("name") ==
                               "vwtdfmark2" for x in e) else None)(
            parse_lines(read_text(inlog))), 5, d.proc, d.err)
        mark = [e for e in ev if e.get("link", {}).get("name") ==
                "vwtdfmark2"][0]
        check(mark["seq"] == st["last_seq"] + 1 or
              mark["seq"] > st["last_seq"],
              "seq went back: %d after %d" % (mark["seq"], st["last_seq"]))
        wait_for("the recovery note", lambda: "writing again after" in
                 d.stderr(), 3, d.proc, d.err)
        m2 = metrics(d)
        check(m2["vmwatch_log_json_lines_total"] >
              m["vmwatch_log_json_lines_total"], "json_lines did not grow")
        finish(d)
        ok(2, "file system full (64 KiB tmpfs, %d bytes written, %d "
           "rounds of 100 events): running, %d failed writes, %d lines "
           "lost and counted, stderr went on; writing again after the "
           "truncate (seq %d)" % (size, rounds,
                                  m["vmwatch_log_json_failures_total"],
                                  dropped, mark["seq"]))
    finally:
        if d:
            d.stop()
        ns.close()


# ---- 3. syslog unavailable ---------------------------------------------------

def check_syslog(work):
    ns = Netns("sl")
    daemons = []
    reader = None
    try:
        cfg = dict(LINKCFG)
        cfg["log"] = {"syslog": True, "stderr": True,
                      "kernel_events": "all", "rate_limit_per_min": 1000}
        # (a) no /dev/log at all: an empty tmpfs over /dev (with /dev/null).
        devs = os.path.join(work, "devs")
        os.mkdir(devs)
        hide = ("mkdir -p {w}/olddev\nmount --rbind /dev {w}/olddev\n"
                "mount -t tmpfs vwt-dev /dev\ntouch /dev/null /dev/urandom\n"
                "mount --bind {w}/olddev/null /dev/null\n"
                "mount --bind {w}/olddev/urandom /dev/urandom\n"
                "umount -l {w}/olddev\n")
        a = Daemon(ns.name, work, "nolog", cfg,
                   log=os.path.join(work, "nolog.jsonl"),
                   prelude=hide.format(w=os.path.join(work, "a")),
                   syslog=True)
        daemons.append(a)
        # (b) a /dev/log that reads 5 lines, then stops reading: a stalled
        # journald.  The socket is made here and bound in over /dev/log.
        sockp = os.path.join(devs, "log")
        reader = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        reader.bind(sockp)
        b = Daemon(ns.name, work, "stuck", cfg,
                   log=os.path.join(work, "stuck.jsonl"),
                   prelude=hide.format(w=os.path.join(work, "b")) +
                   "touch /dev/log\nmount --bind %s /dev/log" % sockp,
                   syslog=True)
        daemons.append(b)
        a.wait_ready()
        b.wait_ready()
        # 300 events, each a human line, while nobody reads /dev/log: far
        # past its queue (net.unix.max_dgram_qlen, 10 by default).
        ns.batch(["link add vwtsl%d type bridge" % i for i in range(150)] +
                 ["link del vwtsl%d" % i for i in range(150)])
        for d in daemons:
            wait_for("%s: 300 link events in the JSON log" % d.name,
                     lambda: sum(1 for e in parse_lines(read_text(d.log))
                                 if e.get("link", {}).get("name", "")
                                 .startswith("vwtsl")) >= 300,
                     20, d.proc, d.err)
            wait_for("%s: the last one on stderr" % d.name,
                     lambda: re.search(r"link\.delete .*vwtsl149\b",
                                       d.stderr()), 5, d.proc, d.err)
            d.alive("with syslog unavailable")
        wa = [l for l in a.stderr().splitlines() if "syslog /dev/log" in l]
        wb = [l for l in b.stderr().splitlines() if "syslog /dev/log" in l]
        check(len(wa) == 1 and "No such file or directory" in wa[0],
              "nolog: expected one warning: %s" % wa)
        check(len(wb) == 1 and "temporarily unavailable" in wb[0],
              "stuck: expected one warning: %s" % wb)
        # The stalled reader reads again: what its queue held, then new
        # lines, and the recovery is said.
        reader.settimeout(0.2)
        got = []
        try:
            while True:
                got.append(reader.recv(4096).decode(errors="replace"))
        except socket.timeout:
            pass
        check(got, "nothing was queued at /dev/log")
        ns.batch(["link add vwtslmark type bridge"])
        reader.settimeout(5)
        seen = False
        t_end = time.time() + 5
        while not seen and time.time() < t_end:
            seen = "vwtslmark" in reader.recv(4096).decode(errors="replace")
        check(seen, "no syslog line after the reader came back")
        # The format journald and rsyslogd parse: <PRI>Mmm dd hh:mm:ss
        # vmwatchd[PID]: text; LOG_DAEMON|LOG_INFO = 30.
        pat = re.compile(r"^<(\d+)>[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d "
                         r"vmwatchd\[%d\]: \S" % b.proc.pid)
        check(all(pat.match(g) for g in got), "syslog lines: %s" % got[:3])
        check(any(g.startswith("<30>") and "daemon.start" in g
                  for g in got), "no daemon.start at daemon.info: %s" %
              got[:3])
        wait_for("the syslog recovery note", lambda: "taking lines again"
                 in b.stderr(), 3, b.proc, b.err)
        n = int(re.search(r"taking lines again after (\d+) dropped",
                          b.stderr()).group(1))
        check(n >= 250, "only %d syslog lines counted dropped" % n)
        for d in daemons:
            finish(d)
        ok(3, "syslog unavailable: /dev/log missing (one warning) and "
           "stalled (%d lines queued): 300 events each to "
           "stderr and the JSON log, status answered; %d lines dropped "
           "and counted, syslog resumed after the reader did" %
           (len(got), n))
    finally:
        for d in daemons:
            d.stop()
        if reader:
            reader.close()
        ns.close()


# ---- 4. the control socket's directory --------------------------------------

def check_socket_dir(work):
    ns = Netns("sd")
    immutable = None
    try:
        base = os.path.join(work, "sockdir")
        os.mkdir(base)
        afile = os.path.join(base, "afile")
        open(afile, "w").close()
        imm = os.path.join(base, "imm")
        os.mkdir(imm)
        rodir = os.path.join(base, "ro")
        os.mkdir(rodir)
        cases = [("missing directory", os.path.join(base, "no/such"),
                  None, r"directory %s: No such file or directory" %
                  re.escape(os.path.join(base, "no/such"))),
                 ("a file as directory", afile, None,
                  r"%s is not a directory" % re.escape(afile)),
                 ("read-only file system", rodir,
                  "mount --bind {d} {d}\nmount -o remount,bind,ro {d}"
                  .format(d=rodir), r"in directory %s: Read-only file "
                  "system" % re.escape(rodir))]
        if subprocess.run(["chattr", "+i", imm],
                          stderr=subprocess.DEVNULL).returncode == 0:
            immutable = imm
            cases.append(("immutable directory", imm, None,
                          r"in directory %s: Operation not permitted" %
                          re.escape(imm)))
        before = sorted(os.listdir(base))
        for what, sdir, prelude, reason in cases:
            sock = os.path.join(sdir, "vmwatchd.sock")
            d = Daemon(ns.name, work, "sd", LINKCFG, prelude=prelude,
                       sock=sock)
            try:
                rc = d.proc.wait(15)
            except subprocess.TimeoutExpired:
                d.stop()
                raise AssertionError("%s: vmwatchd still running" % what)
            lines = d.stderr().splitlines()
            check(not SANITIZER.search(d.stderr()), "%s: sanitizer "
                  "report:\n%s" % (what, d.stderr()))
            check(rc == 1, "%s: exit %s, expected 1: %s" % (what, rc, lines))
            check(len(lines) == 1, "%s: expected one line: %s" %
                  (what, lines))
            check(sock in lines[0] and re.search(reason, lines[0]),
                  "%s: unclear: %s (want /%s/)" % (what, lines[0], reason))
            print("#   %-22s %s" % (what, lines[0]))
        check(sorted(os.listdir(base)) == before and not os.listdir(imm)
              and not os.listdir(rodir), "stray files: %s" %
              sorted(os.listdir(base)))
        ok(4, "socket directory missing/a file/read-only/%s: exit 1, one "
           "line naming the path and the reason, no stray files (%d cases)"
           % ("immutable" if immutable else "(no chattr)", len(cases)))
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", immutable])
        ns.close()


# ---- 5. the wall clock stepped, a sleep faked --------------------------------

def set_clock(path, wall_s, sleep_s):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d %d\n" % (wall_s * 1000000, sleep_s * 1000000))
    os.rename(tmp, path)


def check_clock(work):
    b = wdlib.Bench(BUILD, "hc", target_cfg={
        "interval": "3s", "timeout": "500ms", "up_after": 1,
        "down_after": 3})
    clk = os.path.join(work, "clock")
    try:
        b.setup()
        os.environ["VMWATCH_TEST_CLOCK_FILE"] = clk
        try:
            b.start()
        finally:
            del os.environ["VMWATCH_TEST_CLOCK_FILE"]
        b.wait("target.up", 0, timeout=10)
        first = b.last_seq()

        def steps():
            return re.findall(r"wall clock stepped by ([-+]\d+\.\d) s",
                              b.stderr())

        def mark(name, offset):
            """A kernel event; its time must read the shifted clock."""
            after = b.last_seq()
            t = time.time()
            b.host("ip", "link", "add", name, "type", "bridge")
            e = b.wait("link.add", after, timeout=5,
                       pred=lambda e: e["link"]["name"] == name)
            skew = wdlib.rfc3339(e["time"]) - (t + offset)
            check(-1 <= skew <= 3, "%s: event time %s is %.1f s off the "
                  "daemon's wall clock (offset %d s)" % (name, e["time"],
                                                        skew, offset))
            return e

        # Back one hour: a step, no wake, the target untouched.
        set_clock(clk, -3600, 0)
        wait_for("the -3600 s step", lambda: "-3600.0" in steps(), 4,
                 b.proc, b.err)
        mark("vwtclk1", -3600)
        # Forward two hours of wall time, all of it slept: a wake.
        m0 = metrics(b)
        seq = b.last_seq()
        sent0 = json.loads(b.ctl("--json", "targets").stdout)["result"][
            0]["stats"]["sent"]
        set_clock(clk, 3600, 7200)
        wake = b.wait("host.wake", seq, timeout=4)
        tw = time.time()
        check(abs(wake["slept_s"] - 7200) <= 2, "slept_s %s, expected 7200"
              % wake["slept_s"])
        skew = wdlib.rfc3339(wake["time"]) - (tw + 3600)
        check(-3 <= skew <= 1, "host.wake time %s off by %.1f s" %
              (wake["time"], skew))
        # The re-probe: sent grows long before the 3 s interval ends.
        wait_for("the re-probe after the wake", lambda: json.loads(
            b.ctl("--json", "targets").stdout)["result"][0]["stats"][
            "sent"] > sent0, 1.5, b.proc, b.err, step=0.02)
        relat = time.time() - wdlib.rfc3339(wake["time"]) + 3600
        m1 = metrics(b)
        check(m1["vmwatch_reprobes_total"] >= m0["vmwatch_reprobes_total"]
              + 1, "no re-probe counted")
        check(m1["vmwatch_host_wakes_total"] ==
              m0["vmwatch_host_wakes_total"] + 1, "wakes not counted once")
        # Ten seconds forward, no sleep: a step, no wake.
        set_clock(clk, 3610, 7200)
        wait_for("the +10 s step", lambda: "+10.0" in steps(), 4, b.proc,
                 b.err)
        mark("vwtclk2", 3610)
        time.sleep(1.5)
        last = b.last_seq()
        evs = b.between(first, last)
        check(steps() == ["-3600.0", "+10.0"], "steps logged: %s" % steps())
        wakes = [e for e in evs if e["kind"] == "host.wake"]
        check(len(wakes) == 1, "host.wake events: %s" % wakes)
        bad = [e for e in evs if e["kind"] in ("target.down",
                                               "target.degraded")]
        check(not bad, "false alarms: %s" % bad)
        seqs = [e["seq"] for e in b.events]
        check(contiguous(seqs) and seqs[0] == 1, "sequence gaps: %s" % seqs)
        t = json.loads(b.ctl("--json", "targets").stdout)["result"][0]
        check(t["state"] == "up", "target %s" % t["state"])
        finish(b)
        ok(5, "wall clock -3600 s and +10 s: stepped lines, no wake; "
           "+7200 s slept: one host.wake slept_s=%d, target re-probed "
           "within %.2f s of it, still up; %d events contiguous, times on "
           "the shifted clock" % (wake["slept_s"], relat, len(seqs)))
    except AssertionError:
        print("# daemon stderr (tail):\n" + tail(b.err))
        raise
    finally:
        b.close()


# ---- 6. 300 interfaces with 15-character names ------------------------------

def check_many_links(work):
    b = wdlib.Bench(BUILD, "hl")
    names = ["vwt%04dabcdefgh" % i for i in range(300)]
    check(all(len(n) == 15 for n in names), "names are not 15 chars")
    try:
        b.setup()
        b.start()
        b.wait("target.up", 0, timeout=10)
        after = b.last_seq()

        def kernel_names():
            return {l["ifname"] for l in
                    json.loads(b.host("ip", "-j", "link", "show"))}

        def mirror_names():
            r = b.ctl("--json", "interfaces")
            check(r.returncode == 0, "interfaces failed: %s" % r.stderr)
            return [l["name"] for l in json.loads(r.stdout)["result"]]

        subprocess.run(["ip", "netns", "exec", b.h, "ip", "-batch", "-"],
                       input="".join("link add %s type bridge\n" % n
                                     for n in names), text=True,
                       check=True)
        t0 = time.time()
        want = kernel_names()
        check(len(want) >= 303, "kernel has %d links" % len(want))
        got = wait_for("300 links mirrored", lambda: (
            lambda m: m if sorted(m) == sorted(want) else None)(
            mirror_names()), 15)
        tadd = time.time() - t0
        check(len(got) == len(set(got)), "duplicate names in the mirror")
        st = json.loads(b.ctl("--json", "status").stdout)["result"]
        check(st["mirror"]["links"] == len(want), "status: %s links" %
              st["mirror"]["links"])
        # Deleting is slow in the kernel (an RCU grace period each): the
        # figure is the mirror's lag behind the last deletion.
        subprocess.run(["ip", "netns", "exec", b.h, "ip", "-batch", "-"],
                       input="".join("link del %s\n" % n for n in names),
                       text=True, check=True)
        t1 = time.time()
        want2 = kernel_names()
        wait_for("300 deletions mirrored", lambda: sorted(mirror_names())
                 == sorted(want2), 15)
        tdel = time.time() - t1
        time.sleep(1)
        evs = b.between(after, b.last_seq())
        adds = {e["link"]["name"] for e in evs if e["kind"] == "link.add"}
        dels = {e["link"]["name"] for e in evs if e["kind"] == "link.delete"}
        resyncs = metrics(b)["vmwatch_kernel_resyncs_total"]
        # Every name exact in the events too (unless a resync stood in).
        if resyncs == 0:
            check(adds >= set(names) and dels >= set(names),
                  "events lack names: %d adds, %d deletes" %
                  (len(adds & set(names)), len(dels & set(names))))
        bad = [e for e in evs if e["kind"] in ("target.down",
                                               "target.degraded")]
        check(not bad, "false alarms: %s" % bad)
        t = json.loads(b.ctl("--json", "targets").stdout)["result"][0]
        check(t["state"] == "up", "target %s" % t["state"])
        finish(b)
        ok(6, "300 links with 15-char names: mirrored exactly (%d links) "
           "%.2f s after the kernel, deletions %.2f s after, %d resyncs, %d link events, no "
           "false target.down" % (len(want), tadd, tdel, resyncs,
                                   len(adds) + len(dels)))
    except AssertionError:
        print("# daemon stderr (tail):\n" + tail(b.err))
        raise
    finally:
        b.close()


# ---- 7. IPv6 only --------------------------------------------------------------

class Bench6(wdlib.Bench):
    """The bench with no IPv4 at all: 2001:db8:64::1/64 on bridge100,
    ::2 in the guest."""

    def make_bridge(self):
        self.host("ip", "link", "add", "bridge100", "type", "bridge",
                  "forward_delay", "0")
        self.host("ip", "-6", "addr", "add", "2001:db8:64::1/64", "dev",
                  "bridge100", "nodad")
        self.host("ip", "link", "set", "bridge100", "up")

    def vm(self, *args, check=True):
        # setup() gives the guest 198.18.64.2: give it ::2 instead.
        if args[:3] == ("ip", "addr", "add"):
            args = ("ip", "-6", "addr", "add", "2001:db8:64::2/64", "dev",
                    "eth0", "nodad")
        return super().vm(*args, check=check)


def check_ipv6_only(work):
    g6 = "2001:db8:64::2"
    b = Bench6(BUILD, "h6", target_cfg={"address": g6})
    try:
        b.setup()
        v4 = json.loads(b.host("ip", "-j", "-4", "addr", "show"))
        check(all(not a.get("addr_info") or all(
            i["local"].startswith("127.") for i in a["addr_info"])
            for a in v4), "the host has IPv4: %s" % v4)
        b.start()
        up = b.wait("target.up", 0, timeout=10)
        check(up["target"]["address"] == g6, "target %s" % up["target"])
        after = b.last_seq()
        t0 = time.time()
        b.host("ip", "-6", "route", "del", "2001:db8:64::/64", "dev",
               "bridge100")
        down = b.wait("target.down", after, timeout=8)
        lat = wdlib.rfc3339(down["time"]) - t0
        code = (down.get("cause") or {}).get("code")
        check(code == "route_removed", "cause %s: %s" % (code,
                                                         json.dumps(down)))
        check(lat <= 2.0, "target.down %.2f s after the fault" % lat)
        t1 = time.time()
        b.host("ip", "-6", "route", "add", "2001:db8:64::/64", "dev",
               "bridge100")
        up2 = b.wait("target.up", down["seq"], timeout=10)
        ulat = wdlib.rfc3339(up2["time"]) - t1
        finish(b)
        ok(7, "IPv6-only host: %s up, route deleted -> %s in %.2f s "
           "(%s), up %.2f s after the repair" %
           (g6, code, lat, down["cause"].get("summary", ""), ulat))
    except AssertionError:
        print("# daemon stderr (tail):\n" + tail(b.err))
        raise
    finally:
        b.close()


# ---- 8. 100 targets ------------------------------------------------------------

def check_100_targets(work):
    addrs = ["198.18.64.%d" % i for i in range(10, 110)]
    b = wdlib.Bench(BUILD, "ht")
    with open(b.cfg) as f:
        cfg = json.load(f)
    cfg["targets"] = [{"address": a, "name": "g%d" % i, "interval": "1s",
                       "timeout": "500ms", "down_after": 3, "up_after": 1}
                      for i, a in enumerate(addrs)]
    with open(b.cfg, "w") as f:
        json.dump(cfg, f)
    try:
        b.setup()
        subprocess.run(["ip", "netns", "exec", b.v, "ip", "-batch", "-"],
                       input="".join("addr add %s/24 dev eth0\n" % a
                                     for a in addrs), text=True, check=True)
        t0 = time.time()
        b.start()

        def states():
            r = b.ctl("--json", "targets")
            check(r.returncode == 0, "targets failed: %s" % r.stderr)
            return {t["address"]: t["state"] for t in
                    json.loads(r.stdout)["result"]}

        def ups(after):
            b.read_log()
            return {e["target"]["address"] for e in b.events
                    if e["seq"] > after and e["kind"] == "target.up"}

        wait_for("100 targets up", lambda: len(ups(0)) == 100, 10, b.proc,
                 b.err, step=0.2)
        tup = time.time() - t0
        s = states()
        check(len(s) == 100 and set(s) == set(addrs), "targets --json "
              "lists %d" % len(s))
        m = metrics(b)
        check(m.get("#vmwatch_target_up") == 100 and
              m["vmwatch_target_up"] == 100, "vmwatch_target_up: %s "
              "samples, sum %s" % (m.get("#vmwatch_target_up"),
                                    m.get("vmwatch_target_up")))
        quiet = float(os.environ.get("VWT_HOSTILE_QUIET_S", "20"))
        after = b.last_seq()
        time.sleep(quiet)
        bad = [e for e in b.between(after, b.last_seq())
               if e["kind"] in ("target.down", "target.degraded")]
        check(not bad, "false alarms in %.0f s: %d, e.g. %s" %
              (quiet, len(bad), bad[:2]))
        probes = metrics(b)["vmwatch_probes_total"]
        # One fault for all: the bridge down.
        after = b.last_seq()
        t1 = time.time()
        b.host("ip", "link", "set", "bridge100", "down")

        def downs():
            b.read_log()
            return [e for e in b.events if e["seq"] > after and
                    e["kind"] == "target.down"]

        dn = wait_for("100 target.down", lambda: len(
            {e["target"]["address"] for e in downs()}) == 100 and downs(),
            10, b.proc, b.err, step=0.05)
        codes = {}
        for e in dn:
            c = (e.get("cause") or {}).get("code")
            codes[c] = codes.get(c, 0) + 1
        check(codes == {"interface_down": 100}, "causes: %s" % codes)
        lat = max(wdlib.rfc3339(e["time"]) for e in dn) - t1
        check(lat <= 2.0, "the last target.down %.2f s after the fault"
              % lat)
        t2 = time.time()
        last_down = max(e["seq"] for e in dn)
        b.host("ip", "link", "set", "bridge100", "up")
        wait_for("100 target.up after the repair",
                 lambda: len(ups(last_down)) == 100, 15, b.proc, b.err,
                 step=0.2)
        ulat = time.time() - t2
        s = states()
        check(all(v == "up" for v in s.values()), "not all up: %s" %
              {k: v for k, v in s.items() if v != "up"})
        finish(b)
        ok(8, "100 targets at 1 s: all up in %.1f s, %.0f s quiet (%d "
           "probes), bridge down -> 100 x interface_down within %.2f s, "
           "all up %.1f s after the repair" % (tup, quiet, probes, lat,
                                               ulat))
    except AssertionError:
        print("# daemon stderr (tail):\n" + tail(b.err))
        raise
    finally:
        b.close()


CHECKS = [check_log_unwritable, check_disk_full, check_syslog,
          check_socket_dir, check_clock, check_many_links, check_ipv6_only,
          check_100_targets]


def main():
    global BUILD
    if len(sys.argv) < 2:
        print("usage: hostile.py BUILD_DIR [SOURCE_DIR] [N ...]")
        return 2
    BUILD = os.path.abspath(sys.argv[1])
    only = [int(a) for a in sys.argv[3:]]
    if os.geteuid() != 0:
        print("SKIP: hostile needs root (namespaces and mounts)")
        return 0
    for tool in ("ip", "unshare", "nsenter", "mount"):
        if shutil.which(tool) is None:
            print("SKIP: hostile needs %s" % tool)
            return 0
    # A timeout's SIGTERM unwinds through the finally blocks (daemons
    # stopped, namespaces deleted, immutable flags cleared).
    signal.signal(signal.SIGTERM, lambda *a: sys.exit("killed"))
    todo = [(i + 1, fn) for i, fn in enumerate(CHECKS)
            if not only or i + 1 in only]
    print("1..%d" % len(todo))
    failed = 0
    for n, fn in todo:
        work = tempfile.mkdtemp(prefix="vwt-hostile%d." % n)
        t = time.time()
        try:
            fn(work)
            print("#   (%.1f s)" % (time.time() - t))
        except AssertionError as e:
            failed += 1
            print("not ok %d - %s: %s" % (n, fn.__name__, e))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        sys.stdout.flush()
    print("%d passed, %d failed" % (len(todo) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
