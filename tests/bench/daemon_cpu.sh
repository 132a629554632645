#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# daemon_cpu.sh BUILD_DIR [ROUTES]
#
# What keeping the mirror costs (issue 3 (a)): the CPU seconds vmwatchd
# spends while ROUTES routes (default 100,000: 65,536 IPv4 /32s in
# 198.19.0.0/16, the rest IPv6 /64s in 2001:db8:1000::/36) are added with
# `ip -batch` and then deleted in a network namespace, side by side in the
# same run with
#   nl_count      the floor: joins the daemon's groups with its receive
#                 buffer, counts messages, decodes nothing (tests/bench)
#   nl_count -p   the same through the daemon's receive call
#                 (vw_nlsock_recv: MSG_PEEK to size, then recvmsg)
#   ip monitor route   iproute2 printing every change (stdout /dev/null)
# Each process's utime+stime comes from /proc/PID/stat (clock ticks); the
# "sched" column is the same time from /proc/PID/task/*/schedstat
# (nanoseconds: a cross-check on the tick sampling).
#
# After each phase the script waits until the daemon's mirror holds as many
# routes as the kernel lists and every reader's socket queue is empty; the
# exact comparison of the mirror with the kernel (nl_compare.py, as
# tests/integration/daemon_overflow.sh does) runs between the CPU
# snapshots, so its cost (a 100,000-route reply) is not counted.
# vmwatchd runs with its default receive buffer; if it overflowed anyway
# the table says how many resyncs that caused: a finding, not a failure.
#
#   VW_CALLGRIND=1  run vmwatchd under valgrind --tool=callgrind (with a
#                   128 MiB receive buffer, so the slowed daemon does not
#                   overflow) and print its instructions per kernel message
#                   by function; its CPU figures are then meaningless.
#                   E.g. VW_CALLGRIND=1 daemon_cpu.sh BUILD 10000.
#
# Needs root; without it prints SKIP.  A benchmark, not a test: it fails
# only if it cannot measure (or the mirror ends up wrong).
set -eu
build=${1:?usage: daemon_cpu.sh BUILD_DIR [ROUTES]}
nroutes=${2:-100000}
src=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: daemon_cpu needs root (it creates a network namespace)"
	exit 0
fi
vmwatchd=$build/vmwatchd
ctl=$build/vmwatchctl
nlcount=$build/tests/nl_count
compare=$src/tests/integration/nl_compare.py
for f in "$vmwatchd" "$ctl" "$nlcount"; do
	[ -x "$f" ] || { echo "daemon_cpu: $f not built" >&2; exit 1; }
done

ns=vwb-cpu-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwb-cpu.XXXXXX")
sock=$work/vmwatchd.sock
dpid= mpid= fpid= ppid_=
cleanup() {
	for p in $dpid $mpid $fpid $ppid_; do
		kill "$p" 2>/dev/null || true
	done
	wait 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() {
	echo "daemon_cpu: $*" >&2
	[ -f "$work/daemon.err" ] && tail -5 "$work/daemon.err" | sed 's/^/daemon: /' >&2
	exit 1
}

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

python3 - "$work" "$nroutes" <<'PY'
import sys
w, n = sys.argv[1], int(sys.argv[2])
n4 = min(n, 65536)
with open(f"{w}/add", "w") as a, open(f"{w}/del", "w") as d:
    for i in range(n4):
        r = f"198.19.{i >> 8}.{i & 255}/32"
        a.write(f"route add {r} via 198.18.64.2\n")
        d.write(f"route del {r}\n")
    for i in range(n - n4):
        r = f"2001:db8:{0x1000 + (i >> 16):x}:{i & 0xffff:x}::/64"
        a.write(f"route add {r} via 2001:db8:64::2\n")
        d.write(f"route del {r}\n")
PY

wrap=() extra=()
if [ -n "${VW_CALLGRIND:-}" ]; then
	wrap=(valgrind --tool=callgrind --callgrind-out-file="$work/cg.out")
	extra=(--rcvbuf 134217728)
fi
# `ip netns exec` execs the command in place: $! is the process itself.
ip netns exec "$ns" "${wrap[@]}" "$vmwatchd" -s "$sock" --no-syslog \
    "${extra[@]}" >"$work/daemon.out" 2>"$work/daemon.err" &
dpid=$!
ip netns exec "$ns" ip monitor route >/dev/null 2>"$work/monitor.err" &
mpid=$!
ip netns exec "$ns" "$nlcount" >"$work/floor.out" 2>"$work/floor.err" &
fpid=$!
ip netns exec "$ns" "$nlcount" -p >"$work/peek.out" 2>"$work/peek.err" &
ppid_=$!
for _ in $(seq 300); do
	grep -q "ready:" "$work/daemon.err" 2>/dev/null &&
	    grep -q "ready" "$work/floor.err" 2>/dev/null &&
	    grep -q "ready" "$work/peek.err" 2>/dev/null &&
	    ls -l "/proc/$mpid/fd" 2>/dev/null | grep -q socket && break
	sleep 0.1
done
grep -q "ready:" "$work/daemon.err" || fail "vmwatchd did not start"
grep -q "ready" "$work/floor.err" || fail "nl_count did not start"
grep -q "ready" "$work/peek.err" || fail "nl_count -p did not start"
[ "$(cat "/proc/$mpid/comm")" = ip ] || fail "ip monitor did not start"

names=(vmwatchd "ip monitor route" "nl_count -p" "nl_count (floor)")
pids=("$dpid" "$mpid" "$ppid_" "$fpid")

# "utime stime ns" of one process: /proc/PID/stat fields 14 and 15 (clock
# ticks, counted after the ")" that ends the command name) and the sum of
# its threads' run time in ns (schedstat field 1).
cpu_of() {
	local t ns=0 f
	t=$(sed 's/.*) //' "/proc/$1/stat" | awk '{ print $12, $13 }')
	for f in /proc/"$1"/task/*/schedstat; do
		ns=$((ns + $(cut -d' ' -f1 "$f")))
	done
	echo "$t $ns"
}
snap() {	# snap FILE: one "utime stime ns" line per process, in pids order
	local p
	for p in "${pids[@]}"; do
		cpu_of "$p"
	done >"$1"
}

# Socket inodes of our readers, and their queue (Rmem) and Drops columns
# in the namespace's /proc/net/netlink.
inodes=$(for p in "${pids[@]}"; do
	ls -l "/proc/$p/fd" | sed -n 's/.*socket:\[\([0-9]*\)\]/\1/p' |
	    sed "s/^/$p /"
done)
queued() {	# total bytes waiting in our readers' netlink sockets
	awk -v list="$inodes" 'BEGIN { n = split(list, a, "\n");
		for (i = 1; i <= n; i++) { split(a[i], f, " "); mine[f[2]] = 1 } }
	    NR > 1 && ($10 in mine) { q += $5 } END { print q + 0 }' \
	    "/proc/$dpid/net/netlink"
}
drops_of() {	# drops_of PID: the kernel's drop count over its sockets
	awk -v list="$inodes" -v pid="$1" 'BEGIN { n = split(list, a, "\n");
		for (i = 1; i <= n; i++) { split(a[i], f, " ");
		    if (f[1] == pid) mine[f[2]] = 1 } }
	    NR > 1 && ($10 in mine) { d += $9 } END { print d + 0 }' \
	    "/proc/$dpid/net/netlink"
}

kernel_routes() {	# lines that start a route (a multipath hop is indented)
	{ in_ns ip -4 route show table all; in_ns ip -6 route show table all; } |
	    grep -c '^[^[:space:]]'
}
mirror_routes() {
	"$ctl" -s "$sock" --json status |
	    python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["mirror"]["routes"])'
}

# Wait until the mirror counts the kernel's routes and every reader has
# drained its socket (twice in a row, 0.2 s apart).
settle() {
	local label=$1 limit=$2 start k m calm=0
	start=$(date +%s)
	k=$(kernel_routes)
	while :; do
		m=$(mirror_routes) || fail "$label: status failed"
		if [ "$m" = "$k" ] && [ "$(queued)" = 0 ]; then
			calm=$((calm + 1))
			[ $calm -ge 2 ] && break
		else
			calm=0
		fi
		[ $(( $(date +%s) - start )) -lt "$limit" ] ||
		    fail "$label: mirror has $m routes, kernel $k, after ${limit}s"
		sleep 0.2
	done
	echo "$k"
}

# The mirror against the kernel, every object (not counted: between snaps).
n=0
exact() {
	local label=$1 d v
	n=$((n + 1))
	d=$work/cmp$n
	mkdir -p "$d"
	for v in routes neighbors interfaces addresses; do
		"$ctl" -s "$sock" --json --timeout 120000 "$v" >"$d/$v.reply" ||
		    fail "$label: vmwatchctl $v failed"
	done
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
	python3 "$compare" --live --label "$label" --table "$d/table.json" \
	    --links "$d/links.json" --addrs "$d/addrs.json" \
	    --routes4 "$d/routes4.json" --routes6 "$d/routes6.json" \
	    --neigh "$d/neigh.json" "${@:2}" >"$d/diff" 2>&1 || {
		head -20 "$d/diff" >&2
		fail "$label: the mirror differs from the kernel"
	}
	grep ' routes match' "$d/diff" | sed 's/^/  mirror exact: /' >>"$work/exact"
	rm -rf "$d"
}

snap "$work/t0"
s=$(date +%s.%N)
in_ns ip -batch "$work/add" || fail "ip -batch add failed"
e=$(date +%s.%N)
k_add=$(settle "after adding $nroutes routes" 120)
snap "$work/t1"
exact "after adding $nroutes routes" --expect routes="$nroutes"
snap "$work/t2"
s2=$(date +%s.%N)
in_ns ip -batch "$work/del" || fail "ip -batch del failed"
e2=$(date +%s.%N)
k_del=$(settle "after deleting them" 120)
snap "$work/t3"
exact "after deleting them"

resyncs=$("$ctl" -s "$sock" --json status |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print(r["resyncs"], r["repaired"])')
drops=()
for p in "${pids[@]}"; do
	drops+=("$(drops_of "$p")")
done
for p in "$fpid" "$ppid_"; do
	kill -TERM "$p"
done
wait "$fpid" "$ppid_" || fail "nl_count failed"
fmsgs=$(awk '{ print $2 }' "$work/floor.out")
pmsgs=$(awk '{ print $2 }' "$work/peek.out")
fpid= ppid_=

hz=$(getconf CLK_TCK)
echo "daemon_cpu: $nroutes routes added, then deleted, with ip -batch in a namespace"
awk -v a="$s" -v b="$e" -v c="$s2" -v d="$e2" -v k1="$k_add" -v k2="$k_del" \
    'BEGIN { printf "  ip -batch: add %.1f s, delete %.1f s (wall); kernel routes after add %d, after delete %d\n", b - a, d - c, k1, k2 }'
paste "$work/t0" "$work/t1" "$work/t2" "$work/t3" |
    awk -v hz="$hz" -v names="$(printf '%s\n' "${names[@]}")" \
	-v drops="${drops[*]}" -v msgs="- - $pmsgs $fmsgs" '
	BEGIN { split(names, nm, "\n"); split(drops, dr, " "); split(msgs, ms, " ") }
	{	# counted: t0..t1 (add) plus t2..t3 (delete)
		ut[NR] = ($4 - $1) + ($10 - $7)
		st[NR] = ($5 - $2) + ($11 - $8)
		tk[NR] = ut[NR] + st[NR]
		sn[NR] = ($6 - $3) + ($12 - $9)
	}
	END {
		floor = tk[NR]; sfloor = sn[NR]
		printf "  %-18s %7s %7s %7s %9s %15s %10s %6s\n", "process",
		    "CPU s", "user", "sys", "sched s", "ratio to floor",
		    "messages", "drops"
		for (i = 1; i <= NR; i++)
			printf "  %-18s %7.2f %7.2f %7.2f %9.3f %14.2fx %10s %6s\n",
			    nm[i], tk[i] / hz, ut[i] / hz, st[i] / hz, sn[i] / 1e9,
			    (floor > 0 ? tk[i] / floor : 0), ms[i], dr[i]
		printf "  (ratio from utime+stime ticks; by schedstat: vmwatchd %.2fx, ip monitor %.2fx)\n",
		    (sfloor > 0 ? sn[1] / sfloor : 0), (sfloor > 0 ? sn[2] / sfloor : 0)
	}'
set -- $resyncs
if [ "$1" = 0 ]; then
	echo "  vmwatchd: 0 resyncs: its receive buffer never overflowed"
else
	echo "  vmwatchd: $1 daemon.resync ($2 differences repaired): its default receive buffer OVERFLOWED"
fi
[ "${drops[1]}" = 0 ] ||
    echo "  ip monitor lost ${drops[1]} messages to overflow (less work than the others)"
grep -m1 "receive error" "$work/monitor.err" | sed 's/^/  ip monitor: /' || true
cat "$work/exact"

if [ -n "${VW_CALLGRIND:-}" ]; then
	kill -TERM "$dpid"
	wait "$dpid" || fail "vmwatchd exited with an error"
	dpid=
	echo "  (vmwatchd ran under callgrind: the CPU figures above are not comparable)"
	echo "  vmwatchd instructions per kernel message ($fmsgs messages), inclusive"
	echo "  (poll_cb: everything done for the netlink socket):"
	callgrind_annotate --inclusive=yes "$work/cg.out" 2>/dev/null |
	    awk -v n="$fmsgs" '{ k = split($3, f, ":"); fn = f[k] }
		fn ~ /^(poll_cb|vw_nlsock_recv|apply_buf|vw_nl_parse|vw_table_apply|vw_daemon_emit|vw_json_event|vw_fmt_ip_route)$/ &&
		!(fn in seen) { seen[fn] = 1; gsub(",", "", $1);
		    printf "    %-16s %9.0f\n", fn, $1 / n }'
fi
