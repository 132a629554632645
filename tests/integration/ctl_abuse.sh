#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# ctl_abuse.sh BUILD_DIR SOURCE_DIR
#
# The control socket under abuse (tests/integration/ctl_abuse.py): garbage,
# oversized lines, half-open clients, 200 connections at once, clients past
# the limit, a follow stream that is never read while 20,000 kernel events
# happen — and a well-behaved client keeps getting answers throughout, and
# the daemon's memory stays bounded.  vmwatchd runs in a namespace made for
# the test.  Needs root; without it prints SKIP and succeeds.
set -eu
build=${1:?usage: ctl_abuse.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: ctl_abuse.sh BUILD_DIR SOURCE_DIR}
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: ctl_abuse needs root (it creates a network namespace)"
	exit 0
fi
ns=vwt-ab-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-ab.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() { echo "FAIL: $*" >&2; tail -5 "$work/daemon.err" >&2 || true; exit 1; }

ip netns add "$ns" || fail "cannot create network namespace $ns"
ip netns exec "$ns" ip link set lo up
ip netns exec "$ns" ip link add br100 type bridge
ip netns exec "$ns" ip link set br100 up
ip netns exec "$ns" ip addr add 198.18.64.1/24 dev br100
for i in $(seq 0 9999); do
	echo "route add 198.19.$((i >> 8)).$((i & 255))/32 via 198.18.64.2"
done >"$work/add"
sed 's/^route add \([^ ]*\) .*/route del \1/' "$work/add" >"$work/del"
cat "$work/del" >>"$work/add"

ip netns exec "$ns" "$build/vmwatchd" -s "$work/sock" --no-syslog \
    >"$work/daemon.out" 2>"$work/daemon.err" &
pid=$!
for _ in $(seq 50); do
	grep -q "ready:" "$work/daemon.err" 2>/dev/null && break
	sleep 0.1
done
grep -q "ready:" "$work/daemon.err" || fail "vmwatchd did not start"
python3 "$src/tests/integration/ctl_abuse.py" "$work/sock" "$pid" \
    ip netns exec "$ns" ip -batch "$work/add" || fail "control socket abuse"
kill -0 "$pid" || fail "vmwatchd died"
kill -TERM "$pid"; st=0; wait "$pid" || st=$?; pid=
[ "$st" -eq 0 ] || fail "vmwatchd exited $st after the abuse"
echo "PASS: ctl_abuse"
