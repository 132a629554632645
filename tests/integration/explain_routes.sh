#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# explain_routes.sh BUILD_DIR SOURCE_DIR - `vmwatchctl routes --explain`
# against a real vmwatchd in a network namespace of its own: a VM-style
# bridge (virbr7, a veth port, 198.18.64.1/24) and a tun device that takes
# 198.18.64.0/25, the way a VPN takes a VM subnet.  The explanation of the
# daemon's live table must call the bridge route connected, the tun route
# an interface route, and report vpn_covers_vm_subnet with both lines.
# Plain `routes` must keep working.  Needs root (SKIP otherwise); the
# namespace is deleted on exit, even on failure.
set -eu
build=${1:?usage: explain_routes.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: explain_routes.sh BUILD_DIR SOURCE_DIR}
: "$src"
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: explain_routes needs root (network namespace)"
	exit 0
fi
for f in "$build/vmwatchd" "$build/vmwatchctl"; do
	[ -x "$f" ] || { echo "SKIP: $f not built"; exit 0; }
done
command -v python3 >/dev/null 2>&1 || { echo "SKIP: no python3"; exit 0; }

ns=vwt-ex-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-ex.XXXXXX")
sock=$work/vmwatchd.sock
dpid=
cleanup() {
	[ -n "$dpid" ] && kill "$dpid" 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() {
	echo "FAIL: $*" >&2
	[ -s "$work/out" ] && sed 's/^/#   /' "$work/out" | head -40 >&2
	exit 1
}
in_ns() { ip netns exec "$ns" "$@"; }

ip netns add "$ns" || fail "cannot create network namespace $ns"
in_ns ip link set lo up
in_ns ip link add virbr7 type bridge
in_ns ip link add vwex0 type veth peer name vwex1
in_ns ip link set vwex0 master virbr7
in_ns ip link set vwex0 up
in_ns ip link set vwex1 up
in_ns ip link set virbr7 up
in_ns ip addr add 198.18.64.1/24 dev virbr7
in_ns ip tuntap add dev tun7 mode tun
in_ns ip link set tun7 up
in_ns ip route add 198.18.64.0/25 dev tun7

# Not through in_ns: `ip netns exec` execs the daemon, so $! is its pid
# (a shell function would leave a subshell in between, and the trap's
# kill would miss the daemon).
ip netns exec "$ns" "$build/vmwatchd" -s "$sock" --no-syslog \
    >/dev/null 2>"$work/d.err" &
dpid=$!
for _ in $(seq 50); do
	grep -q "ready:" "$work/d.err" 2>/dev/null && break
	kill -0 "$dpid" 2>/dev/null || fail "vmwatchd exited: $(cat "$work/d.err")"
	sleep 0.1
done
grep -q "ready:" "$work/d.err" || fail "vmwatchd did not get ready"

# Plain routes still goes to the daemon's own command.
"$build/vmwatchctl" -s "$sock" routes >"$work/out" 2>"$work/err" ||
    fail "routes failed: $(cat "$work/err")"
grep -q "198.18.64.0/24 dev virbr7" "$work/out" || fail "routes lacks the bridge"
echo "ok: plain routes unchanged"

"$build/vmwatchctl" -s "$sock" routes --explain >"$work/out" 2>"$work/err" ||
    fail "routes --explain failed: $(cat "$work/err")"
grep -q "read as Linux" "$work/out" || fail "not read as Linux"
grep -q "^ *[0-9]*  198.18.64.0/24 dev virbr7" "$work/out" ||
    fail "the bridge's route line is not shown"
grep -q "\[connected\] directly connected network 198.18.64.0/24 on virbr7" \
    "$work/out" || fail "the bridge route is not explained as connected"
grep -q "warning  vpn_covers_vm_subnet" "$work/out" ||
    fail "no vpn_covers_vm_subnet warning"
echo "ok: routes --explain (text)"

"$build/vmwatchctl" -s "$sock" --json routes --explain >"$work/out" \
    2>"$work/err" || fail "routes --explain --json failed: $(cat "$work/err")"
python3 - "$work/out" <<'EOF' || fail "JSON checks"
import json, sys
d = json.load(open(sys.argv[1]))
assert d['os'] == 'linux', d['os']
br = [e for e in d['entries'] if e['prefix'] == '198.18.64.0/24']
tun = [e for e in d['entries'] if e['prefix'] == '198.18.64.0/25']
assert len(br) == 1 and br[0]['kind'] == 'connected', br
assert br[0]['interface'] == 'virbr7' and br[0]['src'] == '198.18.64.1', br
assert len(tun) == 1 and tun[0]['kind'] == 'interface_route', tun
f = [x for x in d['findings'] if x['code'] == 'vpn_covers_vm_subnet']
assert len(f) == 1 and f[0]['severity'] == 'warning', f
assert br[0]['line'] in f[0]['lines'] and tun[0]['line'] in f[0]['lines'], f
assert not [e for e in d['entries'] if e['kind'] == 'unrecognised'], d
EOF
echo "ok: routes --explain --json"

"$build/vmwatchctl" -s "$sock" routes --explain -4 198.18.64.0/24 \
    >"$work/out" 2>"$work/err" || fail "prefix filter: $(cat "$work/err")"
grep -q "198.18.64.0/25 dev tun7" "$work/out" || fail "prefix filter lost tun7"
! grep -q "^ *[0-9]*  127.0.0.0/8" "$work/out" || fail "prefix filter ignored"
echo "ok: routes --explain -4 PREFIX"

st=0
"$build/vmwatchctl" -s "$sock" routes --explain --bogus >/dev/null \
    2>"$work/err" || st=$?
[ "$st" -eq 2 ] || fail "bad argument exited $st, want 2"
echo "ok: routes --explain usage error"
echo "PASS"
