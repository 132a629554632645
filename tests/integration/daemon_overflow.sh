#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# daemon_overflow.sh BUILD_DIR SOURCE_DIR
#
# Netlink overflow and resync: vmwatchd runs with its receive buffer shrunk
# to 4 KiB (--rcvbuf, the test-only knob), while `ip -batch` adds 100,000
# routes (65,536 IPv4 /32s in 198.19.0.0/16 and 34,464 IPv6 /64s in
# 2001:db8:1000::/36) and then deletes them.  The kernel must drop
# notifications (ENOBUFS); the daemon must notice, re-dump, and log
# daemon.resync with the number of differences repaired; and after each
# phase its mirror must equal the kernel's tables exactly.
#
# Needs root and iproute2; without root it prints SKIP and succeeds.
set -eu

build=${1:?usage: daemon_overflow.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: daemon_overflow.sh BUILD_DIR SOURCE_DIR}

fail() {
	echo "FAIL: $*" >&2
	[ -f "${work:-/nonexistent}/daemon.err" ] && tail -20 "$work/daemon.err" | sed 's/^/daemon: /' >&2
	exit 1
}
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: daemon_overflow needs root (it creates a network namespace)"
	exit 0
fi
vmwatchd=$build/vmwatchd
ctl=$build/vmwatchctl
compare=$src/tests/integration/nl_compare.py

ns=vwt-of-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-of.XXXXXX")
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
for knob in default/router_solicitations default/accept_dad all/accept_dad; do
	in_ns sh -c "echo 0 > /proc/sys/net/ipv6/conf/$knob"
done
in_ns ip link set lo up
in_ns ip link add br100 type bridge
in_ns ip link set br100 up
in_ns ip addr add 198.18.64.1/24 dev br100
in_ns ip -6 addr add 2001:db8:64::1/64 dev br100 nodad

python3 - "$work" <<'PY'
import sys
w = sys.argv[1]
with open(f"{w}/add", "w") as a, open(f"{w}/del", "w") as d:
    for i in range(65536):
        r = f"198.19.{i >> 8}.{i & 255}/32"
        a.write(f"route add {r} via 198.18.64.2\n")
        d.write(f"route del {r}\n")
    for i in range(100000 - 65536):
        r = f"2001:db8:{0x1000 + (i >> 16):x}:{i & 0xffff:x}::/64"
        a.write(f"route add {r} via 2001:db8:64::2\n")
        d.write(f"route del {r}\n")
PY

ip netns exec "$ns" "$vmwatchd" -s "$sock" --no-syslog --rcvbuf 4096 \
    --log-json "$work/events.json" >"$work/daemon.out" 2>"$work/daemon.err" &
pid=$!
for _ in $(seq 50); do
	grep -q "ready:" "$work/daemon.err" 2>/dev/null && break
	sleep 0.1
done
grep -q "ready:" "$work/daemon.err" || fail "vmwatchd did not start"

# Poll until the mirror equals the kernel (or give up after $2 seconds).
n=0
settle() {
	local label=$1 limit=$2 start d
	start=$(date +%s)
	while :; do
		n=$((n + 1))
		d=$work/s$n
		mkdir -p "$d"
		ok=1
		for v in routes neighbors interfaces addresses; do
			"$ctl" -s "$sock" --json --timeout 60000 "$v" >"$d/$v.reply" || ok=0
		done
		if [ $ok -eq 1 ]; then
			python3 - "$d" <<'PY'
import json, sys
d = sys.argv[1]
out = {"os": "linux"}
for key, view in (("routes", "routes"), ("neighbors", "neighbors"),
                  ("links", "interfaces"), ("addresses", "addresses")):
    with open(f"{d}/{view}.reply") as f:
        out[key] = json.load(f)["result"]
with open(f"{d}/table.json", "w") as f:
    json.dump(out, f)
PY
			in_ns ip -j link show >"$d/links.json"
			in_ns ip -j addr show >"$d/addrs.json"
			in_ns ip -4 -j route show table all >"$d/routes4.json"
			in_ns ip -6 -j route show table all >"$d/routes6.json"
			in_ns ip -j neigh show nud all >"$d/neigh.json"
			if python3 "$compare" --live --label "$label" \
			    --table "$d/table.json" --links "$d/links.json" \
			    --addrs "$d/addrs.json" --routes4 "$d/routes4.json" \
			    --routes6 "$d/routes6.json" --neigh "$d/neigh.json" \
			    "${@:3}" >"$d/diff" 2>&1; then
				cat "$d/diff"
				rm -rf "$d"
				return 0
			fi
		fi
		if [ $(( $(date +%s) - start )) -ge "$limit" ]; then
			head -20 "$d/diff" >&2
			fail "$label: mirror still differs from the kernel after ${limit}s"
		fi
		rm -rf "$d"
		sleep 1
	done
}

in_ns ip -batch "$work/add" || fail "ip -batch add failed"
settle "after adding 100,000 routes" 60 --expect routes=100000
in_ns ip -batch "$work/del" || fail "ip -batch del failed"
settle "after deleting them" 60

grep -q '"kind":"daemon.resync"' "$work/events.json" ||
    fail "no daemon.resync logged: the socket never overflowed?"
python3 - "$work/events.json" <<'PY' || fail "daemon.resync repaired nothing"
import json, sys
rs = [json.loads(l) for l in open(sys.argv[1]) if '"daemon.resync"' in l]
total = sum(r.get("repaired", 0) for r in rs)
print(f"{len(rs)} resyncs repaired {total} differences")
sys.exit(0 if total > 0 else 1)
PY
grep -q "overflowed" "$work/daemon.err" || fail "the overflow was not logged"
kill -TERM "$pid"; st=0; wait "$pid" || st=$?; pid=
[ "$st" -eq 0 ] || fail "vmwatchd exited $st"
echo "PASS: daemon_overflow"
