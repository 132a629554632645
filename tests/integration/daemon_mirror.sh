#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# daemon_mirror.sh BUILD_DIR SOURCE_DIR
#
# The live mirror end to end: start the real vmwatchd inside a network
# namespace made for the test, change the kernel's tables with `ip` (route
# add/replace/del, neighbour add/change/del, link up/down, a link deleted and
# recreated with a new index, address add/del), and after each change require
# the daemon's --json views (vmwatchctl routes/neighbors/interfaces/addresses)
# to equal iproute2's `ip -j` views within 1 second.  Then SIGTERM: the
# daemon must exit 0, remove its socket and log daemon.stop.
#
# Needs root and iproute2; without root it prints SKIP and succeeds.
# Addresses: 198.18.0.0/15 and 2001:db8::/32 only, inside the namespace.
set -eu

build=${1:?usage: daemon_mirror.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: daemon_mirror.sh BUILD_DIR SOURCE_DIR}

fail() {
	echo "FAIL: $*" >&2
	[ -f "${work:-/nonexistent}/daemon.err" ] && sed 's/^/daemon: /' "$work/daemon.err" >&2
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: daemon_mirror needs root (it creates a network namespace)"
	exit 0
fi
vmwatchd=$build/vmwatchd
ctl=$build/vmwatchctl
compare=$src/tests/integration/nl_compare.py
[ -x "$vmwatchd" ] || fail "vmwatchd not built: $vmwatchd"

ns=vwt-dm-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-dm.XXXXXX")
sock=$work/vmwatchd.sock
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add "$ns" || fail "cannot create network namespace $ns"
in_ns() { ip netns exec "$ns" "$@"; }
step() { in_ns "$@" || fail "step failed: $*"; }

for knob in default/router_solicitations default/accept_dad all/accept_dad; do
	in_ns sh -c "echo 0 > /proc/sys/net/ipv6/conf/$knob"
done
step ip link set lo up
step ip link add br100 type bridge
step ip link set br100 up
step ip addr add 198.18.64.1/24 dev br100
step ip -6 addr add 2001:db8:64::1/64 dev br100 nodad
step ip link add vwbr0 type veth peer name vwpeer0
step ip link set vwbr0 master br100
step ip link set vwbr0 up
step ip link set vwpeer0 up

ip netns exec "$ns" "$vmwatchd" -s "$sock" --no-syslog --log-json "$work/events.json" \
    >"$work/daemon.out" 2>"$work/daemon.err" &
pid=$!
for _ in $(seq 50); do
	grep -q "ready:" "$work/daemon.err" 2>/dev/null && break
	sleep 0.1
done
grep -q "ready:" "$work/daemon.err" || fail "vmwatchd did not log its ready line"

# One comparison of the daemon's views with iproute2's.
compare_once() {
	local d=$1
	mkdir -p "$d"
	for v in routes neighbors interfaces addresses; do
		"$ctl" -s "$sock" --json "$v" >"$d/$v.reply" || return 1
	done
	python3 - "$d" <<'PY' || return 1
import json, sys
d = sys.argv[1]
out = {"os": "linux"}
for key, view in (("routes", "routes"), ("neighbors", "neighbors"),
                  ("links", "interfaces"), ("addresses", "addresses")):
    with open(f"{d}/{view}.reply") as f:
        reply = json.load(f)
    assert reply["ok"], reply
    out[key] = reply["result"]
with open(f"{d}/table.json", "w") as f:
    json.dump(out, f)
PY
	in_ns ip -j link show >"$d/links.json"
	in_ns ip -j addr show >"$d/addrs.json"
	in_ns ip -4 -j route show table all >"$d/routes4.json"
	in_ns ip -6 -j route show table all >"$d/routes6.json"
	in_ns ip -j neigh show nud all >"$d/neigh.json"
	python3 "$compare" --label "$2" --table "$d/table.json" \
	    --links "$d/links.json" --addrs "$d/addrs.json" \
	    --routes4 "$d/routes4.json" --routes6 "$d/routes6.json" \
	    --neigh "$d/neigh.json" --live >"$d/diff" 2>&1
}

# After a change: the views must agree within 1 s (polled, not slept) of
# the kernel's last change.  The kernel keeps changing things by itself for
# a moment after some commands (IPv6 addrconf adds fe80:: addresses and
# routes when a link comes up), so the 1 s clock restarts whenever iproute2's
# own view changes; 10 s in all is the hard limit.
n=0
converge() {
	local label=$1 start first end sig prev=
	n=$((n + 1))
	first=$(date +%s%N)
	start=$first
	while :; do
		if compare_once "$work/c$n" "$label"; then
			end=$(date +%s%N)
			echo "ok: $label (equal after $(( (end - first) / 1000000 )) ms)"
			return 0
		fi
		end=$(date +%s%N)
		sig=$(cat "$work/c$n"/links.json "$work/c$n"/addrs.json \
		    "$work/c$n"/routes4.json "$work/c$n"/routes6.json | md5sum)
		# The 1 s clock starts when a view was first seen (a compare
		# can take most of a second on a loaded machine, and the kernel
		# may change while it runs), and again whenever it changes.
		if [ -z "$prev" ] || [ "$sig" != "$prev" ]; then
			start=$end
		fi
		prev=$sig
		if [ $(( (end - start) / 1000000 )) -ge 1000 ] ||
		    [ $(( (end - first) / 1000000 )) -ge 10000 ]; then
			cat "$work/c$n/diff" >&2
			fail "$label: the daemon's mirror differs from the kernel 1 s after the kernel's last change"
		fi
		sleep 0.05
	done
}

converge "initial load"
step ip route add 198.19.0.0/16 via 198.18.64.2;	converge "route add"
step ip route replace 198.19.0.0/16 via 198.18.64.3;	converge "route replace"
step ip route add 198.20.0.0/16 nexthop via 198.18.64.2 nexthop via 198.18.64.3
converge "multipath route add"
step ip -6 route add 2001:db8:99::/48 via 2001:db8:64::2; converge "IPv6 route add"
step ip route del 198.19.0.0/16;			converge "route del"
step ip neigh add 198.18.64.2 lladdr 02:00:5e:00:00:02 dev br100 nud permanent
converge "neighbour add"
step ip neigh change 198.18.64.2 lladdr 02:00:5e:00:00:22 dev br100 nud permanent
converge "neighbour change (new MAC)"
step ip neigh del 198.18.64.2 dev br100;		converge "neighbour del"
step ip link set br100 down;				converge "link down"
step ip link set br100 up;				converge "link up"
old=$(in_ns cat /sys/class/net/vwbr0/ifindex)
step ip link del vwbr0
converge "link deleted"
step ip link add vwbr0 type veth peer name vwpeer0
step ip link set vwbr0 master br100
step ip link set vwbr0 up
new=$(in_ns cat /sys/class/net/vwbr0/ifindex)
[ "$old" != "$new" ] || fail "the recreated link kept index $old"
converge "link recreated with a new index ($old -> $new)"
step ip addr add 198.18.65.1/24 dev br100;		converge "address add"
step ip addr del 198.18.65.1/24 dev br100;		converge "address del"

# The JSON log names the recreated link as a new one.
grep -q "\"kind\":\"link.add\"" "$work/events.json" || fail "no link.add in the JSON log"

# Clean shutdown: exit 0, socket gone, daemon.stop logged.
kill -TERM "$pid"
st=0
wait "$pid" || st=$?
pid=
[ "$st" -eq 0 ] || fail "vmwatchd exited $st on SIGTERM"
[ ! -e "$sock" ] || fail "the control socket was left behind"
grep -q '"kind":"daemon.stop"' "$work/events.json" || fail "no daemon.stop in the JSON log"
echo "PASS: daemon_mirror"
