#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# tests/bench/run.sh [BUILD_DIR] - build (release) and run every benchmark,
# printing figures next to the baselines they are compared with.  Not a test:
# nothing here passes or fails on a number.
#
#   bench_parse   messages/s of the BSD and netlink decoders, alone and with
#                 the table, against the "floor" loop (step by length only);
#                 instructions per message counted by callgrind (exact and
#                 repeatable, unlike time on a shared machine).
#   bench_table   bytes per route (RSS delta / routes), LPM ns per lookup
#                 against an address-generation-only loop and a naive
#                 baseline, apply throughput.
#   daemon_cpu    (root) vmwatchd's CPU seconds while 100,000 routes are
#                 added and deleted, next to `ip monitor route` and the
#                 nl_count floor, as ratios to the floor; run 3 times.
#   ctl_load      (root) status requests/s and p50/p99 latency from 8
#                 clients, against an echo server in the same run.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
bld=${1:-$top/build-bench}
n=${BENCH_N:-1000000}
cmake -S "$top" -B "$bld" -DCMAKE_BUILD_TYPE=Release -DVW_BENCH=ON >/dev/null
cmake --build "$bld" -j2 --target bench_parse bench_table >/dev/null

echo "== bench_parse (wall clock) =="
"$bld/tests/bench_parse" "$n"

if command -v valgrind >/dev/null; then
	echo
	echo "== instructions per message (callgrind, $n messages) =="
	# Each loop is counted alone (--toggle-collect), minus nothing: the
	# build of the input buffers happens outside the counted function.
	for loop in bsd_floor bsd_parse bsd_apply nl_floor nl_parse nl_apply; do
		out=$(mktemp)
		valgrind --tool=callgrind --callgrind-out-file="$out" \
		    --toggle-collect="bench__$loop" \
		    "$bld/tests/bench_parse" --loop "$loop" "$n" >/dev/null 2>&1
		ir=$(awk '/^(summary|totals):/ {print $2; exit}' "$out")
		rm -f "$out"
		awk -v l="$loop" -v ir="$ir" -v n="$n" \
		    'BEGIN { printf "  %-10s %14d instructions  %8.1f per message\n", l, ir, ir / n }'
	done
fi

echo
echo "== bench_table =="
"$bld/tests/bench_table" "$n"

# ---- daemon benchmarks (issue 3): need root for network namespaces ----
cmake --build "$bld" -j2 --target vmwatchd vmwatchctl nl_count ctl_load \
    >/dev/null
echo
echo "== daemon_cpu: keeping the mirror, CPU seconds against the floor =="
if [ "$(id -u)" -ne 0 ]; then
	echo "  skipped: needs root (network namespaces)"
else
	# Three runs: the machine's noise shows in their spread.
	for run in 1 2 3; do
		echo "-- run $run"
		bash "$top/tests/bench/daemon_cpu.sh" "$bld" "${BENCH_ROUTES:-100000}"
	done
fi
echo
echo "== ctl_load: control socket, 8 clients, status =="
if [ "$(id -u)" -ne 0 ]; then
	echo "  skipped: needs root (network namespaces)"
else
	bash "$top/tests/bench/ctl_load.sh" "$bld"
fi
