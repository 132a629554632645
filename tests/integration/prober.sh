#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# prober.sh BUILD_DIR SOURCE_DIR
#
# The daemon's prober against a real kernel: two network namespaces (a
# "host" and a "vm") joined by a veth pair, and tests/integration/vw_probe
# (the prober on a libuv loop, one JSON line per result) run in the host
# one.  Each case asserts the JSON lines and the prober's counters:
#
#   ICMP echo answered, IPv4 and IPv6, on raw sockets (ping_group_range
#   "1 0": root falls back to SOCK_RAW) and on datagram ICMP sockets
#   (ping_group_range covering gid 0); cancelled probes report nothing;
#   ENETUNREACH for an address with no route (send error, next iteration);
#   EHOSTUNREACH with the kernel's own ICMP unreachable (3/1, ICMPv6 1/3)
#   when ARP/NDP fails, for ICMP and TCP; a timeout when the vm drops ICMP;
#   admin-prohibited (ICMP 3/13 -> EHOSTUNREACH, ICMPv6 1/1 -> EACCES)
#   through the Linux error queue (both socket kinds) and through the raw
#   socket's own copy of the ICMP error (error queue off); TCP to a
#   listening port and to a closed one (refused = answered), TCP with the
#   vm dropping TCP (timeout), and closing the prober with probes pending.
#
# Needs root, iproute2, nft and python3; without root it prints SKIP.
# Addresses: 198.18.0.0/15 and 2001:db8::/32 only, inside the namespaces.
set -eu

build=${1:?usage: prober.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: prober.sh BUILD_DIR SOURCE_DIR}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: prober needs root (it creates network namespaces)"
	exit 0
fi
probe=$build/tests/vw_probe
[ -x "$probe" ] || fail "vw_probe not built: $probe"
command -v nft >/dev/null || fail "nft not installed (setup.sh installs nftables)"
[ -f "$src/daemon/probe.h" ] || fail "not a source tree: $src"

hns=vwt-probe-host-$$
vns=vwt-probe-vm-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-probe.XXXXXX")
lpid=
tpid=
cleanup() {
	[ -n "$lpid" ] && kill "$lpid" 2>/dev/null || true
	[ -n "$tpid" ] && kill "$tpid" 2>/dev/null || true
	[ -n "${rpid:-}" ] && kill "$rpid" 2>/dev/null || true
	ip netns del "$hns" 2>/dev/null || true
	ip netns del "$vns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

H() { ip netns exec "$hns" "$@"; }
V() { ip netns exec "$vns" "$@"; }
step() { "$@" || fail "step failed: $*"; }

A4=198.18.70.2
A6=2001:db8:70::2
step ip netns add "$hns"
step ip netns add "$vns"
step ip -n "$hns" link set lo up
step ip -n "$vns" link set lo up
step ip link add vh netns "$hns" type veth peer name vv netns "$vns"
step ip -n "$hns" addr add 198.18.70.1/24 dev vh
step ip -n "$hns" addr add 2001:db8:70::1/64 dev vh nodad
step ip -n "$vns" addr add $A4/24 dev vv
step ip -n "$vns" addr add $A6/64 dev vv nodad
step ip -n "$hns" link set vh up
step ip -n "$vns" link set vv up
# Packets sent before both ends are operationally up wait for a neighbour
# retry (about 1 s for IPv6): wait for carrier on both sides first.
for _ in $(seq 50); do
	[ "$(H cat /sys/class/net/vh/operstate)" = up ] &&
	    [ "$(V cat /sys/class/net/vv/operstate)" = up ] && break
	sleep 0.1
done
[ "$(V cat /sys/class/net/vv/operstate)" = up ] || fail "veth did not come up"

raw() { step H sysctl -qw net.ipv4.ping_group_range="1 0"; }
dgram() { step H sysctl -qw net.ipv4.ping_group_range="0 2147483647"; }

# run LABEL ARGS...: vw_probe in the host namespace, output kept by label.
run() {
	local label=$1 st=0
	shift
	H "$probe" "$@" >"$work/$label.out" 2>"$work/$label.err" || st=$?
	[ "$st" -eq 0 ] || { cat "$work/$label.err" >&2; fail "$label: vw_probe exited $st"; }
}

# check LABEL COUNT EXPR [STATS_EXPR]: exactly COUNT result lines, each
# with EXPR true (python, the line is r); the counters line (s) on stderr
# with STATS_EXPR true.
check() {
	python3 - "$work/$1.out" "$work/$1.err" "$2" "$3" "${4:-True}" <<'PY' ||
import json, sys
out, err, count, expr, sexpr = sys.argv[1:]
lines = [json.loads(l) for l in open(out) if l.strip()]
stats = [json.loads(l) for l in open(err) if l.startswith("{")]
bad = [r for r in lines if not eval(expr, {}, {"r": r})]
if len(lines) != int(count) or bad:
    print("\n".join(json.dumps(r) for r in lines), file=sys.stderr)
    sys.exit(f"expected {count} lines with {expr}; got {len(lines)}, "
             f"{len(bad)} not matching")
if len(stats) != 1 or not eval(sexpr, {}, {"s": stats[0]}):
    sys.exit(f"counters {stats} do not satisfy {sexpr}")
PY
	fail "$1"
	echo "ok: $1"
}

ECHO_OK='r["ok"] == 1 and r["rtt_us"] > 0 and r["err"] is None and r["icmp_type"] == 0'

# ---- echo answered ---------------------------------------------------------
raw
run echo-raw -c 2 -i 100 -t 2000 $A4 $A6
check echo-raw 4 "$ECHO_OK and r['mode'] == 'raw'" \
    's["sent"] == 4 and s["received"] == 4 and s["stray"] == 0'
dgram
run echo-dgram -c 2 -i 100 -t 2000 $A4 $A6
check echo-dgram 4 "$ECHO_OK and r['mode'] == 'dgram'" \
    's["sent"] == 4 and s["received"] == 4 and s["stray"] == 0'
# Every second probe is cancelled at once: no line, no counter.
run echo-cancel --cancel -c 4 -i 20 -t 2000 $A4 $A6
check echo-cancel 4 "$ECHO_OK" 's["sent"] == 8 and s["received"] == 4'

# ---- no route: the send fails, reported on the next loop iteration ---------
for m in raw dgram; do
	$m
	run enet-$m -c 2 -i 20 198.19.99.1 2001:db8:99::1
	check enet-$m 4 "r['ok'] == 0 and r['err'] == 'ENETUNREACH' and r['icmp_type'] == 0 and r['mode'] == '$m'" \
	    's["sent"] == 0 and s["send_errors"] == 4'
done
# A result waiting for the next iteration can still be cancelled.
run enet-cancel --cancel -c 4 -i 20 198.19.99.1 2001:db8:99::1
check enet-cancel 4 "r['err'] == 'ENETUNREACH'" 's["send_errors"] == 4'
run enet-tcp --tcp 22 198.19.99.1 2001:db8:99::1
check enet-tcp 2 "r['ok'] == 0 and r['err'] == 'ENETUNREACH' and r['mode'] == 'tcp'"

# ---- no neighbour: ARP/NDP fail (~3 s), the kernel answers itself ----------
# Linux sends an ICMP unreachable from its own address (3/1; ICMPv6 1/3),
# which reaches the probe through the error queue.  TCP runs alongside.
H ip neigh flush dev vh
for m in raw dgram; do
	$m
	if [ $m = raw ]; then
		ip netns exec "$hns" "$probe" --tcp 22 -t 5000 198.18.70.9 \
		    2001:db8:70::9 >"$work/ehost-tcp.out" \
		    2>"$work/ehost-tcp.err" &
		tpid=$!
	fi
	run ehost-$m -t 5000 198.18.70.9 2001:db8:70::9
	check ehost-$m 2 "r['ok'] == 0 and r['err'] == 'EHOSTUNREACH' and r['mode'] == '$m' and (r['icmp_type'], r['icmp_code']) == ((3, 1) if '.' in r['addr'] else (1, 3))" \
	    's["icmp_errors"] == 2'
	if [ $m = raw ]; then
		wait "$tpid" || fail "ehost-tcp: vw_probe failed"
		tpid=
		check ehost-tcp 2 "r['ok'] == 0 and r['err'] == 'EHOSTUNREACH' and r['icmp_type'] == 0" \
		    's["send_errors"] == 2'
	fi
	H ip neigh flush dev vh
done

# ---- TCP: open port, closed port (refused = answered) ----------------------
# Started without the V wrapper: `ip netns exec` execs python3, so $! is
# python itself and the trap's kill reaches it.
ip netns exec "$vns" python3 -c '
import socket, sys, time
ls = []
for fam, a in ((socket.AF_INET, sys.argv[1]), (socket.AF_INET6, sys.argv[2])):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((a, 8080))
    s.listen(128)
    ls.append(s)
open(sys.argv[3], "w").close()
time.sleep(60)
' $A4 $A6 "$work/listening" >"$work/listener.log" 2>&1 &
lpid=$!
for _ in $(seq 50); do
	[ -e "$work/listening" ] && break
	sleep 0.1
done
[ -e "$work/listening" ] || fail "the TCP listener did not start"
TCP_OK='r["ok"] == 1 and r["rtt_us"] > 0 and r["err"] is None and r["mode"] == "tcp"'
run tcp-open --tcp 8080 -c 2 -i 50 $A4 $A6
check tcp-open 4 "$TCP_OK" 's["sent"] == 4 and s["received"] == 4'
run tcp-refused --tcp 8081 -c 2 -i 50 $A4 $A6
check tcp-refused 4 "$TCP_OK" 's["received"] == 4'
run tcp-cancel --tcp 8080 --cancel -c 4 -i 20 $A4 $A6
check tcp-cancel 4 "$TCP_OK" 's["sent"] == 8 and s["received"] == 4'

# ---- replies the prober must not take: late, wrong token, duplicated ------
# The vm's kernel stops answering echo; a python raw-socket responder
# answers instead, late (after the probe timed out), with the payload's
# token changed, or twice.  Each such reply is counted as stray.
step V sysctl -qw net.ipv4.icmp_echo_ignore_all=1
responder() {
	rm -f "$work/responder.$1"
	ip netns exec "$vns" python3 -c '
import socket, struct, sys, threading
mode, ready = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
open(ready, "w").close()
def cksum(b):
    if len(b) % 2:
        b += b"\0"
    t = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while t >> 16:
        t = (t & 0xffff) + (t >> 16)
    return ~t & 0xffff
while True:
    pkt, (src, _) = s.recvfrom(2048)
    icmp = bytearray(pkt[(pkt[0] & 15) * 4:])
    if len(icmp) < 8 or icmp[0] != 8:
        continue
    icmp[0] = 0
    icmp[2:4] = b"\0\0"
    if mode == "badtoken" and len(icmp) > 8:
        icmp[8] ^= 0xff
    icmp[2:4] = struct.pack("!H", cksum(bytes(icmp)))
    reply = bytes(icmp)
    if mode == "late":
        threading.Timer(0.25, s.sendto, (reply, (src, 0))).start()
        continue
    s.sendto(reply, (src, 0))
    if mode == "twice":
        s.sendto(reply, (src, 0))
' "$1" "$work/responder.$1" >"$work/responder.log" 2>&1 &
	rpid=$!
	for _ in $(seq 50); do
		[ -e "$work/responder.$1" ] && return 0
		sleep 0.1
	done
	fail "the ICMP responder did not start"
}
rpid=
for m in raw dgram; do
	$m
	responder late
	# Replies come 250 ms after the send, 150 ms after the timeout; the
	# last one comes after vw_probe has exited.
	run late-$m -c 3 -i 400 -t 100 $A4
	check late-$m 3 "r['ok'] == 0 and r['err'] is None and r['mode'] == '$m'" \
	    's["timeouts"] == 3 and s["received"] == 0 and s["stray"] == 2'
	kill "$rpid"; wait "$rpid" 2>/dev/null || true
	responder badtoken
	run badtoken-$m -c 2 -i 50 -t 300 $A4
	check badtoken-$m 2 "r['ok'] == 0 and r['err'] is None" \
	    's["timeouts"] == 2 and s["stray"] == 2'
	kill "$rpid"; wait "$rpid" 2>/dev/null || true
	responder twice
	# The last duplicate is not read: vw_probe closes on the first.
	run twice-$m -c 3 -i 100 -t 1000 $A4
	check twice-$m 3 "$ECHO_OK" 's["received"] == 3 and s["stray"] == 2'
	kill "$rpid"; wait "$rpid" 2>/dev/null || true
	rpid=
done
step V sysctl -qw net.ipv4.icmp_echo_ignore_all=0

# ---- the vm drops ICMP echo and TCP: timeouts ------------------------------
step V nft add table inet f
step V nft add chain inet f in '{ type filter hook input priority 0; }'
step V nft add rule inet f in meta l4proto icmp drop
step V nft add rule inet f in icmpv6 type echo-request drop
step V nft add rule inet f in meta l4proto tcp drop
LOST='r["ok"] == 0 and r["err"] is None and r["errno"] == 0 and r["icmp_type"] == 0 and r["rtt_us"] == 0'
for m in raw dgram; do
	$m
	run drop-$m -c 2 -i 50 -t 300 $A4 $A6
	check drop-$m 4 "$LOST and r['mode'] == '$m'" \
	    's["sent"] == 4 and s["timeouts"] == 4'
done
run drop-tcp --tcp 8080 -c 2 -i 50 -t 300 $A4 $A6
check drop-tcp 4 "$LOST and r['mode'] == 'tcp'" 's["timeouts"] == 4'
# Closing the prober with probes in flight: no callbacks, clean exit.
run close-icmp -c 3 -i 20 -t 5000 --close-after 150 $A4 $A6
check close-icmp 0 'False' 's["sent"] == 6 and s["timeouts"] == 0'
run close-tcp --tcp 8080 -c 3 -i 20 -t 5000 --close-after 150 $A4 $A6
check close-tcp 0 'False' 's["sent"] == 6 and s["timeouts"] == 0'

# ---- the vm rejects echo with admin-prohibited -----------------------------
step V nft flush chain inet f in
step V nft add rule inet f in meta l4proto icmp reject with icmp type admin-prohibited
step V nft add rule inet f in icmpv6 type echo-request reject with icmpv6 type admin-prohibited
ADMIN='r["ok"] == 0 and ((r["err"], r["icmp_type"], r["icmp_code"]) == (("EHOSTUNREACH", 3, 13) if "." in r["addr"] else ("EACCES", 1, 1)))'
for m in raw dgram; do
	$m
	run admin-$m -c 2 -i 50 -t 2000 $A4 $A6
	check admin-$m 4 "$ADMIN and r['mode'] == '$m'" 's["icmp_errors"] == 4'
done
# Raw sockets without the error queue: the ICMP error read off the socket.
raw
run admin-rawpkt --no-recverr -c 2 -i 50 -t 2000 $A4 $A6
check admin-rawpkt 4 "$ADMIN and r['mode'] == 'raw'" 's["icmp_errors"] == 4'

echo "PASS: prober"
