#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# log_file.sh BUILD_DIR SOURCE_DIR
#
# The --log-json file and the human log under stress, with the real
# daemon inside a network namespace made for the test (veth links give
# events: link.add is always logged, and kernel_events "all" logs the
# rest).  log.rate_limit_per_min is 10.
#   1. moved (mv FILE FILE.1, as newsyslog/logrotate do): new events land
#      in a new FILE within 2 s, without a signal;
#   2. moved again, then SIGUSR1: reopened at once;
#   3. its directory removed: the daemon goes on (control socket answers,
#      one warning, not one per event), and when the directory is back the
#      file reappears with the events of the outage;
#   4. a link flapping 200 times: the JSON file has every event with
#      contiguous sequence numbers, while stderr shows at most 10 (+ one
#      refill) lines per template, then "suppressed N similar lines" whose
#      counts make up exactly the rest;
#   5. the file replaced by a FIFO nobody reads (a stuck disk): opening it
#      blocks a pool thread, never the loop: the daemon answers and queues
#      the events; past 8 MiB queued it drops lines, counts them and warns
#      once; when a reader comes the queue arrives, in order, its only
#      gaps the counted drops;
#   6. SIGTERM: exit 0, daemon.stop the last line.
#
# Needs root and iproute2; without root it prints SKIP and succeeds.
# No addresses are used (links only).
set -eu

build=${1:?usage: log_file.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: log_file.sh BUILD_DIR SOURCE_DIR}

fail() {
	echo "FAIL: $*" >&2
	[ -f "${work:-/nonexistent}/daemon.err" ] &&
	    tail -n 60 "$work/daemon.err" | sed 's/^/daemon: /' >&2
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: log_file needs root (it creates a network namespace)"
	exit 0
fi
vmwatchd=$build/vmwatchd
ctl=$build/vmwatchctl
[ -x "$vmwatchd" ] || fail "vmwatchd not built: $vmwatchd"
[ -x "$ctl" ] || fail "vmwatchctl not built: $ctl"
[ -d "$src/tests/integration" ] || fail "no source tree at $src"
export LC_ALL=C

ns=vwt-lf-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-lf.XXXXXX")
sock=$work/vmwatchd.sock
cfg=$work/vmwatch.json
logdir=$work/logs
events=$logdir/events.json
pid=
reader=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	[ -n "$reader" ] && kill "$reader" 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add "$ns" || fail "cannot create network namespace $ns"
in_ns() { ip netns exec "$ns" "$@"; }
step() { in_ns "$@" || fail "step failed: $*"; }
step ip link set lo up
mkdir -p "$logdir"

# No periodic resync: its events would land at random moments.
cat >"$cfg" <<'JSON'
{
  "log": {"syslog": false, "kernel_events": "all", "rate_limit_per_min": 10},
  "kernel": {"resync_interval": "1h"}
}
JSON

# Not through in_ns: `ip netns exec` execs the daemon, so $! is its pid.
ip netns exec "$ns" "$vmwatchd" -c "$cfg" -s "$sock" --no-syslog \
    --log-json "$events" >"$work/daemon.out" 2>"$work/daemon.err" &
pid=$!

# wait_until SECONDS WHAT COMMAND...: poll every 0.1 s.
wait_until() {
	local secs=$1 what=$2 i
	shift 2
	for i in $(seq $((secs * 10))); do
		"$@" && return 0
		kill -0 "$pid" 2>/dev/null || fail "vmwatchd died waiting for $what"
		sleep 0.1
	done
	fail "timed out ($secs s) waiting for $what"
}
has() { grep -q -- "$1" "$2" 2>/dev/null; }
count() { grep -c -- "$1" "$2" 2>/dev/null || true; }
alive() {
	kill -0 "$pid" 2>/dev/null || fail "vmwatchd is gone after $1"
	timeout 5 "$ctl" -s "$sock" status >"$work/status.out" 2>&1 ||
	    fail "vmwatchctl status failed after $1: $(cat "$work/status.out")"
}
metric() {
	timeout 5 "$ctl" -s "$sock" metrics | awk -v m="$1" '$1 == m { print $2 }'
}
# The JSON events of all the files given, checked: contiguous seq.
contiguous() {
	python3 - "$@" <<'PY'
import json, sys
seqs = []
for path in sys.argv[1:]:
    seqs += [json.loads(l)["seq"] for l in open(path)]
assert seqs, "no events"
assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), \
    "gaps or disorder: %r" % [s for i, s in enumerate(seqs) if i and s != seqs[i-1] + 1][:10]
print(seqs[0], seqs[-1])
PY
}

wait_until 10 "the ready line" has "ready:" "$work/daemon.err"
alive "start"
step ip link add vwtA type veth peer name vwtB
wait_until 5 "link.add vwtA in the JSON log" has '"kind":"link.add".*"vwtA"' "$events"
echo "ok: started, events in $events"

# 1. Moved away: a new file within 2 s, no signal.
mv "$events" "$events.1"
wait_until 3 "a new $events after mv" test -e "$events"
step ip link add vwtC type veth peer name vwtD
wait_until 2 "link.add vwtC in the new file" has '"vwtC"' "$events"
has '"vwtC"' "$events.1" && fail "vwtC's event went to the moved file"
contiguous "$events.1" "$events" >/dev/null || fail "events lost across the move"
echo "ok: moved file noticed, new events in a new file"

# 2. SIGUSR1 reopens at once (and says so).
mv "$events" "$events.2"
kill -USR1 "$pid"
wait_until 2 "the SIGUSR1 line" has "SIGUSR1" "$work/daemon.err"
wait_until 2 "$events reopened on SIGUSR1" test -e "$events"
step ip link add vwtE type veth peer name vwtF
wait_until 2 "link.add vwtE after SIGUSR1" has '"vwtE"' "$events"
contiguous "$events.1" "$events.2" "$events" >/dev/null ||
    fail "events lost across SIGUSR1"
echo "ok: SIGUSR1 reopened the file"

# 3. The directory removed: the daemon goes on, one warning; back when
# the directory is.  (chmod would not do: root ignores permissions.)
rm -rf "$logdir"
wait_until 3 "the open warning" has "JSON log $events: open: No such file" \
    "$work/daemon.err"
for l in G H I; do
	step ip link add vwt$l type veth peer name vwt${l}p
done
wait_until 3 "link.add vwtI on stderr" has "link.add .*vwtI[:@]" "$work/daemon.err"
sleep 1.5	# more failed opens: still one warning
alive "the log directory was removed"
[ "$(count "JSON log $events: open:" "$work/daemon.err")" -eq 1 ] ||
    fail "expected one warning about the missing file"
fails=$(metric vmwatch_log_json_failures_total)
[ "${fails:-0}" -ge 2 ] || fail "json failures not counted: ${fails:-none}"
mkdir -p "$logdir"
wait_until 3 "$events back with the outage's events" has '"vwtI"' "$events"
for l in G H I; do
	has "\"vwt$l\"" "$events" || fail "vwt$l's event lost during the outage"
done
wait_until 2 "the recovery note" has "JSON log $events: open again" \
    "$work/daemon.err"
contiguous "$events" >/dev/null || fail "the outage's events are not contiguous"
echo "ok: directory removed and recreated, nothing lost, daemon answered"

# 4. Flapping: 200 up/down toggles of vwtA.
idx=$(in_ns ip -o link show vwtA | awk -F': ' '{ print $1; exit }')
[ -n "$idx" ] || fail "no ifindex for vwtA"
first=$(tail -n 1 "$events" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["seq"] + 1)')
for _ in $(seq 200); do
	echo "link set vwtA up"
	echo "link set vwtA down"
done >"$work/flap.batch"
in_ns ip -batch "$work/flap.batch" || fail "ip -batch failed"
t0=$(date +%s)
# All 400 in the file (each toggle changes the flags: one event each).
nflap() {
	python3 - "$events" "$idx" "$first" <<'PY'
import json, sys
n = 0
for l in open(sys.argv[1]):
    e = json.loads(l)
    if e["seq"] >= int(sys.argv[3]) and e["kind"] in ("link.up", "link.down") \
            and e["link"]["index"] == int(sys.argv[2]):
        n += 1
print(n)
PY
}
flapped() { [ "$(nflap)" -ge 400 ]; }
wait_until 10 "400 flap events in the JSON log" flapped
alive "the flapping"
range=$(contiguous "$events") || fail "flap events: sequence gaps"
echo "ok: JSON log complete (seq $range, $(nflap) flap events)"

# The human side: per template ("link.up ifN", "link.down ifN"), lines
# shown plus the "suppressed" counts reported must equal the events.
account() {
	python3 - "$events" "$work/daemon.err" "$idx" <<'PY'
import json, re, sys
events, err, idx = sys.argv[1], sys.argv[2], sys.argv[3]
ok = True
for kind in ("link.up", "link.down"):
    key = "%s if%s" % (kind, idx)
    j = sum(1 for l in open(events)
            if json.loads(l)["kind"] == kind
            and json.loads(l)["link"]["index"] == int(idx))
    shown = sup = 0
    for l in open(err):
        if re.match(r"vmwatchd: #\d+ %s %s: vwtA[:@]" % (kind, idx), l):
            shown += 1
        m = re.match(r"vmwatchd: suppressed (\d+) similar lines? \((.*)\) "
                     r"in the last ", l)
        if m and m.group(2) == key:
            sup += int(m.group(1))
    print("%s: %d events, %d shown, %d suppressed" % (key, j, shown, sup))
    ok = ok and shown + sup == j
sys.exit(0 if ok else 1)
PY
}
# The counts come with the next allowed line or from the 1 s timer once
# a token is back (6 s at 10 a minute).
for _ in $(seq 150); do
	account >"$work/account.out" && break
	sleep 0.1
done
account >"$work/account.out" ||
    fail "human lines + suppressed counts != events: $(cat "$work/account.out")"
elapsed=$(($(date +%s) - t0))
for kind in link.up link.down; do
	shown=$(grep -cE "^vmwatchd: #[0-9]+ $kind $idx: vwtA" "$work/daemon.err" || true)
	# 10 at once, then one more per 6 s the test ran.
	max=$((10 + elapsed / 6 + 1))
	[ "$shown" -le "$max" ] ||
	    fail "$kind: $shown human lines in ${elapsed}s (at most $max)"
	[ "$shown" -ge 10 ] || fail "$kind: only $shown human lines"
done
has "suppressed .* similar lines (link.up if$idx) in the last " "$work/daemon.err" ||
    fail "no suppressed line for link.up if$idx"
sup=$(metric vmwatch_log_suppressed_total)
[ "${sup:-0}" -ge 370 ] || fail "suppressed metric: ${sup:-none}"
echo "ok: human lines rate-limited: $(tr '\n' ';' <"$work/account.out")"

# 5. A stuck "disk": the path becomes a FIFO nobody reads.  The daemon's
# check opens it on a pool thread, which blocks there until a reader
# comes; events queue in memory and the loop keeps answering.  The old
# file keeps a name (hard link), so nothing written to it is lost.
ln "$events" "$events.old"
mkfifo "$work/fifo"
mv "$work/fifo" "$events"
sleep 1.5	# the 1 s check is now blocked in open(2)
for _ in $(seq 20); do
	echo "link set vwtC up"
	echo "link set vwtC down"
done >"$work/flap2.batch"
in_ns ip -batch "$work/flap2.batch" || fail "ip -batch failed"
wait_until 5 "vwtC flap lines on stderr" has "link.down .*vwtC" "$work/daemon.err"
start=$(date +%s%N)
alive "the JSON file became a FIFO without a reader"
ms=$((($(date +%s%N) - start) / 1000000))
[ "$ms" -lt 2000 ] || fail "status took $ms ms with the log stuck"
# Past VW_LOG_PENDING_MAX (8 MiB) queued, lines are dropped and counted,
# with one warning: 20,000 events of about 550 bytes.
for _ in $(seq 10000); do
	echo "link set vwtC up"
	echo "link set vwtC down"
done >"$work/flap3.batch"
in_ns ip -batch "$work/flap3.batch" || fail "ip -batch failed"
dropping() { local v; v=$(metric vmwatch_log_json_dropped_total); [ "${v:-0}" -gt 0 ]; }
wait_until 20 "dropped JSON lines counted" dropping
wait_until 3 "the lines-lost warning" has "JSON log $events: .* event lines lost" \
    "$work/daemon.err"
alive "8 MiB of events queued for a stuck file"
cat "$events" >"$work/fifo.out" &
reader=$!
# Every event is written or counted dropped (the metrics are the
# daemon's own view; the file is checked after the exit).
queued_out() {
	timeout 5 "$ctl" -s "$sock" metrics >"$work/metrics.out" || return 1
	awk '$1 == "vmwatch_events_total" { e = $2 }
	    $1 == "vmwatch_log_json_lines_total" { w = $2 }
	    $1 == "vmwatch_log_json_dropped_total" { d = $2 }
	    END { exit !(w + d >= e) }' "$work/metrics.out"
}
for _ in $(seq 100); do
	queued_out && break
	sleep 0.1
done
queued_out || fail "queue not written through the FIFO: $(grep -E \
    '^vmwatch_(events|log_json)' "$work/metrics.out" | tr '\n' ' ')"
dropped=$(metric vmwatch_log_json_dropped_total)
echo "ok: stuck log did not stall the daemon (status in $ms ms); queue delivered, $dropped lines over 8 MiB dropped"

# 6. Clean shutdown: the reader is still there, so daemon.stop gets out.
kill -TERM "$pid"
st=0
wait "$pid" || st=$?
pid=
[ "$st" -eq 0 ] || fail "vmwatchd exited $st on SIGTERM"
wait "$reader" 2>/dev/null || true
reader=
tail -n 1 "$work/fifo.out" | grep -q '"kind":"daemon.stop"' ||
    fail "daemon.stop is not the last line"
# In order, and the only gaps are the counted drops.
python3 - "$events.old" "$work/fifo.out" "$dropped" <<'PY' ||
import json, sys
seqs = [json.loads(l)["seq"] for p in sys.argv[1:3] for l in open(p)]
assert all(b > a for a, b in zip(seqs, seqs[1:])), "disorder"
missing = seqs[-1] - seqs[0] + 1 - len(seqs)
assert missing == int(sys.argv[3]), (missing, sys.argv[3])
PY
    fail "events reordered across the FIFO swap, or gaps != drops"
echo "PASS: log_file"
