#!/usr/bin/env python3
# SPDX-License-Identifier: ISC
"""Abuse vmwatchd's control socket while a well-behaved client keeps asking.

Usage: ctl_abuse.py SOCKET DAEMON_PID EVENT_CMD...

EVENT_CMD is run (once) while a follower that never reads is subscribed; it
must make the kernel produce many events (the shell wrapper passes an
`ip -batch` in the test's namespace).  Checks, each failing the run:
  - garbage lines get a bad_json error and the connection keeps working;
  - a 100 KiB line gets too_large, and the same connection answers next;
  - 8 MiB without a newline is discarded without growing the daemon;
  - 50 half-open clients (a partial request, never finished) hold nothing up;
  - 200 connections at once each get their pong;
  - connections past the limit are told "busy" and closed;
  - a follower that never reads is dropped (status.clients_dropped grows);
  - throughout, a separate client's ping round trips keep succeeding,
    none slower than 2 s; the daemon's RSS grows by less than 64 MiB.
"""
import json
import os
import socket
import subprocess
import sys
import threading
import time

SOCK = sys.argv[1]
PID = int(sys.argv[2])
EVENT_CMD = sys.argv[3:]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg, flush=True)


def rss_kib():
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def connect():
    # A full listen backlog makes connect() fail with EAGAIN on a Unix
    # socket; a real client retries, and so do we (briefly).
    for _ in range(100):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        try:
            s.connect(SOCK)
            return s
        except BlockingIOError:
            s.close()
            time.sleep(0.01)
    raise OSError("connect: backlog stayed full")


class Client:
    def __init__(self):
        self.s = connect()
        self.buf = b""
        self.id = 0

    def line(self):
        while b"\n" not in self.buf:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError("daemon closed the connection")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return json.loads(line)

    def call(self, cmd, args=None):
        self.id += 1
        req = {"v": 1, "id": self.id, "cmd": cmd}
        if args is not None:
            req["args"] = args
        self.s.sendall(json.dumps(req).encode() + b"\n")
        while True:
            r = self.line()
            if r.get("id") == self.id:
                return r

    def raw(self, data):
        self.s.sendall(data)

    def close(self):
        self.s.close()


# ---- the well-behaved client, pinging throughout --------------------------
stop = threading.Event()
lat = []


def pinger():
    try:
        c = Client()
        while not stop.is_set():
            t0 = time.monotonic()
            r = c.call("ping")
            dt = time.monotonic() - t0
            lat.append(dt)
            if not r.get("ok") or r.get("result") != "pong":
                fail(f"pinger got {r}")
                return
            if dt > 2.0:
                fail(f"a ping took {dt:.2f} s")
            time.sleep(0.01)
    except Exception as e:  # noqa: BLE001 - any failure here is the finding
        fail(f"pinger: {e!r}")


rss0 = rss_kib()
# A daemon thread: an unexpected exception in the main flow must end the
# test, not leave it waiting for the pinger.
t = threading.Thread(target=pinger, daemon=True)
t.start()

# ---- garbage and oversized lines -------------------------------------------
c = Client()
for junk in (b"garbage\n", b"\x00\xff\xfe{{{\n", b"[1,2,3]\n",
             b'{"v":1,"id":1}\n', b'{"v":9,"id":2,"cmd":"ping"}\n'):
    c.raw(junk)
    r = c.line()
    if r.get("ok") is not False or "error" not in r:
        fail(f"junk {junk!r} got {r}")
r = c.call("nosuchcommand")
if r["error"]["code"] != "unknown_command":
    fail(f"unknown command got {r}")
c.raw(b'{"v":1,"id":7,"cmd":"ping","pad":"' + b"x" * 100000 + b'"}\n')
r = c.line()
if r.get("error", {}).get("code") != "too_large":
    fail(f"100 KiB line got {r}")
if c.call("ping").get("result") != "pong":
    fail("connection unusable after an oversized line")
print("ok: garbage and oversized lines answered with errors", flush=True)

big = connect()
for _ in range(128):
    big.sendall(b"y" * 65536)            # 8 MiB, never a newline
big.sendall(b"\n")
print(f"ok: 8 MiB without a newline sent (RSS {rss0} -> {rss_kib()} KiB)",
      flush=True)

# ---- half-open and many clients --------------------------------------------
half = []
for _ in range(50):
    h = connect()
    h.sendall(b'{"v":1,"id":1,"cmd":"pi')
    half.append(h)
many = [Client() for _ in range(200)]
for m in many:
    m.raw(b'{"v":1,"id":5,"cmd":"ping"}\n')
bad = 0
for m in many:
    try:
        if m.line().get("result") != "pong":
            bad += 1
    except Exception:  # noqa: BLE001
        bad += 1
if bad:
    fail(f"{bad} of 200 concurrent clients got no pong")
else:
    print("ok: 200 concurrent clients answered", flush=True)
extra, busy = [], 0
for _ in range(20):
    try:
        e = Client()
        extra.append(e)
        e.s.settimeout(2)
        r = e.line()
        if r.get("error", {}).get("code") == "busy":
            busy += 1
    except (EOFError, OSError, socket.timeout):
        pass
if busy == 0:
    fail("no connection past the limit was told busy")
else:
    print(f"ok: {busy} connections past the limit told busy", flush=True)
for x in half + many + extra:
    x.close()
big.close()

# ---- a follower that never reads ------------------------------------------
# The daemon frees the ~270 slots just closed as it reads their EOFs: until
# then a new client can still be told "busy" (and reset).  Ask again.
st0 = None
for _ in range(100):
    try:
        st0 = Client().call("status")["result"]
        break
    except (EOFError, OSError, KeyError):
        time.sleep(0.05)
if st0 is None:
    fail("status refused 5 s after the abusive clients closed")
    sys.exit(1)
f = Client()
f.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
f.raw(b'{"v":1,"id":1,"cmd":"follow"}\n')
subprocess.run(EVENT_CMD, check=True)
deadline = time.monotonic() + 30
while time.monotonic() < deadline:
    st = Client().call("status")["result"]
    if st["clients_dropped"] > st0["clients_dropped"]:
        break
    time.sleep(0.5)
else:
    fail("the follower that never reads was not dropped")
print(f"ok: stuck follower dropped ({st['clients_dropped']} dropped so far)",
      flush=True)
f.close()

stop.set()
t.join()
rss1 = rss_kib()
print(f"RSS {rss0} KiB -> {rss1} KiB; {len(lat)} pings, slowest "
      f"{max(lat) * 1000:.1f} ms", flush=True)
if rss1 - rss0 > 64 * 1024:
    fail(f"daemon RSS grew by {(rss1 - rss0) // 1024} MiB")
if not lat:
    fail("the pinger never got an answer")
os.kill(PID, 0)   # still alive
sys.exit(1 if failures else 0)
