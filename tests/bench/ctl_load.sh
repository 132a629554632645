#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# ctl_load.sh BUILD_DIR [ctl_load options...]
#
# Control-socket throughput and latency (issue 3 (b)): vmwatchd runs in a
# network namespace made for the benchmark (a bridge with one IPv4 and one
# IPv6 address); ctl_load sends `status` requests from 8 clients back to
# back, first to its own echo server (the baseline), then to the daemon,
# and prints requests/s, p50/p99/max latency and the ratios.  Extra
# arguments go to ctl_load (-c clients, -d seconds, -C command).
#
#   VW_CALLGRIND=1  run vmwatchd under valgrind --tool=callgrind instead
#                   (slow: for where the time goes, not for the figures);
#                   the profile is copied to ./callgrind.vmwatchd.out and
#                   the top functions are printed.
#
# Needs root (namespaces); without it prints SKIP.  Not a test.
set -eu
build=${1:?usage: ctl_load.sh BUILD_DIR [ctl_load options...]}
shift
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: ctl_load needs root (it creates a network namespace)"
	exit 0
fi
ns=vwb-cl-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwb-cl.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() { echo "ctl_load.sh: $*" >&2; tail -5 "$work/daemon.err" >&2 || true; exit 1; }

ip netns add "$ns" || fail "cannot create network namespace $ns"
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip link add br100 type bridge
in_ns ip link set br100 up
in_ns ip addr add 198.18.64.1/24 dev br100
in_ns ip -6 addr add 2001:db8:64::1/64 dev br100 nodad

wrap=()
if [ -n "${VW_CALLGRIND:-}" ]; then
	wrap=(valgrind --tool=callgrind --callgrind-out-file="$work/cg.out")
fi
ip netns exec "$ns" "${wrap[@]}" "$build/vmwatchd" -s "$work/sock" \
    --no-syslog >"$work/daemon.out" 2>"$work/daemon.err" &
pid=$!
for _ in $(seq 300); do
	grep -q "ready:" "$work/daemon.err" 2>/dev/null && break
	sleep 0.1
done
grep -q "ready:" "$work/daemon.err" || fail "vmwatchd did not start"

# The daemon's own CPU time per request answered: what the figures above
# cannot separate from the clients' share of the two cores.
cpu() {	# "utime stime" of the daemon, in clock ticks
	sed 's/.*) //' "/proc/$pid/stat" | awk '{ print $12, $13 }'
}
c0=$(cpu)
st=0
"$build/tests/ctl_load" -s "$work/sock" "$@" | tee "$work/load.out" || st=$?
c1=$(cpu)
nreq=$(awk '/answered/ { print $3 }' "$work/load.out")
secs=$(awk '/answered/ { print $6 }' "$work/load.out")
echo "$c0 $c1" | awk -v hz="$(getconf CLK_TCK)" -v n="${nreq:-0}" \
    -v w="${secs:-0}" 'n > 0 && w > 0 {
	u = ($3 - $1) / hz; s = ($4 - $2) / hz
	printf "  vmwatchd CPU: %.2f s (user %.2f, sys %.2f), %.0f%% of one core while loaded (%.1f s), %.1f us per request\n",
	    u + s, u, s, 100 * (u + s) / w, w, 1e6 * (u + s) / n }'
kill -TERM "$pid"
wait "$pid" || fail "vmwatchd exited with an error"
pid=
if [ -n "${VW_CALLGRIND:-}" ]; then
	cp "$work/cg.out" callgrind.vmwatchd.out
	# Everything the loop ran (uv_run: the initial dump happens before
	# it) and the request path alone (read_cb), per request answered.
	callgrind_annotate --inclusive=yes callgrind.vmwatchd.out \
	    >"$work/annotate" 2>/dev/null
	echo
	echo "== vmwatchd under callgrind: instructions per request ($nreq requests) =="
	for fn in uv_run read_cb vw_ctl_req_parse cmd_status vw_ctl_reply_ok \
	    cJSON_PrintUnformatted vw_ctl_send; do
		awk -v fn="$fn" -v n="$nreq" '
		    $0 ~ ":" fn " " { gsub(",", "", $1);
			printf "  %-24s %10.0f\n", fn, $1 / n; exit }' \
		    "$work/annotate"
	done
	echo
	echo "== top functions (inclusive); profile in ./callgrind.vmwatchd.out =="
	sed -n '/^ *Ir/,$p' "$work/annotate" | head -40
fi
exit "$st"
