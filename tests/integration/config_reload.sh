#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# config_reload.sh BUILD_DIR SOURCE_DIR
#
# SIGHUP reloads with the real daemon, inside a network namespace made for
# the test.  vmwatchd starts with -c FILE and --log-json; then:
#   1. FILE made invalid three ways (a bad value, a syntax error, removed):
#      each SIGHUP logs "reload of FILE failed: REASON; keeping the running
#      config" with the exact reason, no daemon.reload is logged, and the
#      daemon keeps answering `vmwatchctl status`;
#   2. FILE valid and changed: "reloaded FILE", a daemon.reload event naming
#      FILE, the resync SIGHUP always did, and a note for a key that needs a
#      restart;
#   3. nothing lost: a kernel change after the reloads is still reported,
#      and event sequence numbers have no gaps;
#   4. SIGTERM: exit 0, daemon.stop logged.
#
# Needs root and iproute2; without root it prints SKIP and succeeds.
# Addresses: 198.18.0.0/15 only, inside the namespace.
set -eu

build=${1:?usage: config_reload.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: config_reload.sh BUILD_DIR SOURCE_DIR}

fail() {
	echo "FAIL: $*" >&2
	[ -f "${work:-/nonexistent}/daemon.err" ] && sed 's/^/daemon: /' "$work/daemon.err" >&2
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: config_reload needs root (it creates a network namespace)"
	exit 0
fi
vmwatchd=$build/vmwatchd
ctl=$build/vmwatchctl
[ -x "$vmwatchd" ] || fail "vmwatchd not built: $vmwatchd"
[ -x "$ctl" ] || fail "vmwatchctl not built: $ctl"
export LC_ALL=C

ns=vwt-cr-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-cr.XXXXXX")
sock=$work/vmwatchd.sock
cfg=$work/vmwatch.json
events=$work/events.json
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
step ip link set lo up
step ip link add br100 type bridge
step ip link set br100 up
step ip addr add 198.18.64.1/24 dev br100

cat >"$cfg" <<'JSON'
{
  "log": {"syslog": false},
  "targets": [{"address": "198.18.64.2", "name": "vm1"}]
}
JSON

# Not through in_ns: `ip netns exec` execs the daemon, so $! is its pid
# (a shell function would leave a subshell in between to take the signals).
ip netns exec "$ns" "$vmwatchd" -c "$cfg" -s "$sock" --no-syslog \
    --log-json "$events" >"$work/daemon.out" 2>"$work/daemon.err" &
pid=$!

# Wait (up to 5 s) for a fixed line in the daemon's stderr.
wait_line() {
	for _ in $(seq 100); do
		grep -qxF -- "$1" "$work/daemon.err" 2>/dev/null && return 0
		kill -0 "$pid" 2>/dev/null || fail "vmwatchd died waiting for: $1"
		sleep 0.05
	done
	fail "no log line: $1"
}
count() { grep -c -- "$1" "$2" 2>/dev/null || true; }
alive() {
	kill -0 "$pid" 2>/dev/null || fail "vmwatchd is gone after $1"
	"$ctl" -s "$sock" status >"$work/status.out" 2>&1 ||
	    fail "vmwatchctl status failed after $1: $(cat "$work/status.out")"
}

for _ in $(seq 100); do
	grep -q "ready:" "$work/daemon.err" 2>/dev/null && break
	sleep 0.05
done
grep -q "ready:" "$work/daemon.err" || fail "vmwatchd did not log its ready line"
wait_line "vmwatchd: configuration: $cfg, 1 target"
alive "start"
echo "ok: started with $cfg"

# 1. Invalid configs: the reason is logged, the running config kept.
hup_invalid() {
	local label=$1 reason=$2 before
	before=$(count "reload of" "$work/daemon.err")
	kill -HUP "$pid"
	wait_line "vmwatchd: reload of $cfg failed: $reason; keeping the running config"
	[ "$(count "reload of" "$work/daemon.err")" -eq $((before + 1)) ] ||
	    fail "$label: expected exactly one more failure line"
	alive "$label"
	grep -q '"kind":"daemon.reload"' "$events" &&
	    fail "$label: a failed reload logged daemon.reload"
	echo "ok: $label rejected, daemon running"
}

cat >"$cfg" <<'JSON'
{
  "kernel": {"rcvbuf": 12}
}
JSON
hup_invalid "out-of-range value" \
    "$cfg: /kernel/rcvbuf: expected an integer between 65536 and 268435456, got 12"

printf '{\n  "history": {"size": 100}\n  "log": {}\n}\n' >"$cfg"
hup_invalid "syntax error" "$cfg:3:3: syntax error: expected ',' or '}'"

rm -f "$cfg"
hup_invalid "missing file" "$cfg: No such file or directory"

# 2. A valid, changed config is taken.
cat >"$cfg" <<'JSON'
{
  "log": {"syslog": false, "kernel_events": "all"},
  "kernel": {"arp_poll": "1s"},
  "targets": [
    {"address": "198.18.64.2", "name": "vm1"},
    {"address": "198.18.64.3", "name": "vm2", "probe": "tcp:22"}
  ]
}
JSON
resyncs=$(count '"kind":"daemon.resync"' "$events")
kill -HUP "$pid"
wait_line "vmwatchd: reloaded $cfg"
wait_line "vmwatchd: $cfg: /kernel/arp_poll changed; it takes effect when vmwatchd restarts"
for _ in $(seq 100); do
	[ "$(count '"kind":"daemon.resync"' "$events")" -gt "$resyncs" ] && break
	sleep 0.05
done
alive "valid reload"
python3 - "$events" "$cfg" <<'PY' || fail "daemon.reload event missing or wrong"
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
rel = [e for e in evs if e["kind"] == "daemon.reload"]
assert len(rel) == 1, rel
assert rel[0].get("detail") == sys.argv[2], rel[0]
after = [e for e in evs if e["seq"] > rel[0]["seq"] and e["kind"] == "daemon.resync"]
assert after and after[0].get("why") == "SIGHUP", after
PY
echo "ok: valid config reloaded (daemon.reload, resync, restart note)"
# The --log-json option still overrides the file (no "json" key there).
[ -s "$events" ] || fail "the --log-json file is empty"

# 3. Nothing lost: the mirror still follows the kernel, and no sequence
# number is missing.  With kernel_events "all" the change is logged too.
step ip addr add 198.18.65.1/24 dev br100
for _ in $(seq 100); do
	grep -q '"kind":"addr.add".*198\.18\.65\.1' "$events" && break
	sleep 0.05
done
grep -q '"kind":"addr.add".*198\.18\.65\.1' "$events" ||
    fail "no addr.add for 198.18.65.1 after the reloads"
grep -q "addr.add .*198\.18\.65\.1" "$work/daemon.err" ||
    fail "kernel_events \"all\" did not take effect: no human addr.add line"
"$ctl" -s "$sock" --json addresses | grep -q '198\.18\.65\.1' ||
    fail "the mirror lacks 198.18.65.1"
echo "ok: kernel changes still mirrored and logged after the reloads"

# 4. Clean shutdown.
kill -TERM "$pid"
st=0
wait "$pid" || st=$?
pid=
[ "$st" -eq 0 ] || fail "vmwatchd exited $st on SIGTERM"
grep -q '"kind":"daemon.stop"' "$events" || fail "no daemon.stop in the JSON log"
python3 - "$events" <<'PY' || fail "event sequence numbers have gaps"
import json, sys
seqs = [json.loads(l)["seq"] for l in open(sys.argv[1])]
assert seqs == list(range(seqs[0], seqs[0] + len(seqs))), seqs
PY
echo "PASS: config_reload"
