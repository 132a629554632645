#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# report_cli.sh BUILD_DIR SOURCE_DIR
#
# `vmwatchctl report` and `vmwatchctl record` against the real daemon, in
# network namespaces made for the test: a host namespace with a bridge
# named bridge100 (198.18.64.1/24), a guest namespace behind a veth on it
# (198.18.64.2, MAC 52:54:00:12:34:56), vmwatchd watching the guest as
# "alice-vm".  After an incident (bridge100 down, target.down, up again):
#   1. report -o R.json: valid JSON with every section, last_incident is
#      that target.down, the recording decodes (vmwatchctl decode, exit 0,
#      a linux recording) and --extract-recording gives the same bytes;
#   2. report --anonymize -o A.json: the guest's MAC, the bridge's MAC and
#      "alice-vm" appear nowhere, nor the MACs' raw bytes in its recording,
#      which still decodes; the IP addresses are kept;
#   3. record start (relative FILE) / stop: a file decode accepts; record
#      start and record window refuse an existing file;
#   4. record window, then vmwatchd --replay of it in another namespace
#      runs to its end (status result.replay.done).
#
# Needs root, iproute2 and python3; without root it prints SKIP.
# Addresses: 198.18.0.0/15 only, inside the namespaces.
set -eu

build=${1:?usage: report_cli.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: report_cli.sh BUILD_DIR SOURCE_DIR}

fail() {
	echo "FAIL: $*" >&2
	[ -f "${work:-/nonexistent}/daemon.err" ] && sed 's/^/daemon: /' "$work/daemon.err" >&2
	[ -f "${work:-/nonexistent}/replay.err" ] && sed 's/^/replay: /' "$work/replay.err" >&2
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: report_cli needs root (it creates network namespaces)"
	exit 0
fi
vmwatchd=$build/vmwatchd
ctl=$build/vmwatchctl
[ -x "$vmwatchd" ] || fail "vmwatchd not built: $vmwatchd"
[ -x "$ctl" ] || fail "vmwatchctl not built: $ctl"
[ -f "$src/lib/anon.h" ] || fail "not the source tree: $src"
export LC_ALL=C

ns=vwt-rp-$$
gns=vwt-rpg-$$
rns=vwt-rpr-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-rp.XXXXXX")
sock=$work/vmwatchd.sock
sock2=$work/replay.sock
guest_mac=52:54:00:12:34:56
pid=
rpid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null || true
	[ -n "$rpid" ] && kill "$rpid" 2>/dev/null || true
	ip netns del "$ns" 2>/dev/null || true
	ip netns del "$gns" 2>/dev/null || true
	ip netns del "$rns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add "$ns" || fail "cannot create network namespace $ns"
ip netns add "$gns" || fail "cannot create network namespace $gns"
ip netns add "$rns" || fail "cannot create network namespace $rns"
step() { "$@" || fail "step failed: $*"; }
step ip -n "$ns" link set lo up
step ip -n "$ns" link add bridge100 type bridge
step ip -n "$ns" link set bridge100 up
step ip -n "$ns" addr add 198.18.64.1/24 dev bridge100
step ip -n "$ns" link add vnet0 type veth peer name eth0 netns "$gns"
step ip -n "$ns" link set vnet0 master bridge100
step ip -n "$ns" link set vnet0 up
step ip -n "$gns" link set lo up
step ip -n "$gns" link set eth0 address "$guest_mac"
step ip -n "$gns" link set eth0 up
step ip -n "$gns" addr add 198.18.64.2/24 dev eth0
step ip -n "$rns" link set lo up

# Not through a shell function: `ip netns exec` execs the daemon, so $! is
# its pid.
ip netns exec "$ns" "$vmwatchd" -s "$sock" --no-syslog \
    --target 198.18.64.2=alice-vm >"$work/daemon.out" 2>"$work/daemon.err" &
pid=$!

for _ in $(seq 100); do
	grep -q "ready:" "$work/daemon.err" 2>/dev/null && break
	kill -0 "$pid" 2>/dev/null || fail "vmwatchd died at start"
	sleep 0.05
done
grep -q "ready:" "$work/daemon.err" || fail "vmwatchd did not log its ready line"
c() { "$ctl" -s "$sock" "$@"; }

# Wait (up to 10 s) until python3 expression $2 holds for the JSON reply
# of `vmwatchctl $1 --json` (bound as r).
wait_json() {
	local cmd=$1 expr=$2 what=$3
	for _ in $(seq 100); do
		if c "$cmd" --json 2>/dev/null | python3 -c "
import json, sys
r = json.load(sys.stdin)
sys.exit(0 if ($expr) else 1)" 2>/dev/null; then
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || fail "vmwatchd died waiting for $what"
		sleep 0.1
	done
	fail "timed out waiting for $what"
}

up_expr='any(t["address"] == "198.18.64.2" and t["state"] == "up" for t in r["result"])'
wait_json targets "$up_expr" "198.18.64.2 up"
echo "ok: alice-vm is up"

bridge_mac=$(ip -n "$ns" -j link show bridge100 | python3 -c \
    'import json, sys; print(json.load(sys.stdin)[0]["address"])')
case $bridge_mac in
??:??:??:??:??:??) ;;
*) fail "cannot read bridge100's MAC: '$bridge_mac'" ;;
esac

# The incident.
step ip -n "$ns" link set bridge100 down
# `events --json` prints one event object per line.
for _ in $(seq 100); do
	c events --json --kind target.down 2>/dev/null |
	    grep -q '"kind":"target.down"' && break
	kill -0 "$pid" 2>/dev/null || fail "vmwatchd died waiting for target.down"
	sleep 0.1
done
c events --json --kind target.down | grep -q '"kind":"target.down"' ||
    fail "no target.down in vmwatchctl events --json"
step ip -n "$ns" link set bridge100 up
wait_json targets "$up_expr" "198.18.64.2 up again"
echo "ok: incident recorded (target.down, then up)"

cd "$work"

# 1. The plain report.
c report -o R.json >report.out || fail "report -o R.json failed"
grep -q "wrote R.json" report.out || fail "report did not say what it wrote"
python3 - R.json R.rec <<'PY' || fail "R.json is not the report it should be"
import base64, json, re, sys
r = json.load(open(sys.argv[1]))
for k in ("vmwatch_report", "generated", "vmwatchctl_version", "anonymized",
          "status", "targets", "events", "last_incident", "tables",
          "metrics", "recording"):
    assert k in r, "missing " + k
assert r["vmwatch_report"] == 1
assert r["anonymized"] is False
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["generated"]), r["generated"]
assert r["status"]["os"] == "linux", r["status"]
assert any(t["name"] == "alice-vm" for t in r["targets"]), r["targets"]
assert isinstance(r["events"], list) and r["events"]
downs = [e for e in r["events"] if e["kind"] in ("target.down", "target.degraded")]
assert downs and downs[-1]["kind"] == "target.down", downs
assert r["last_incident"] == downs[-1], r["last_incident"]
assert r["last_incident"]["target"]["name"] == "alice-vm"
for t in ("routes", "neighbors", "interfaces", "addresses"):
    assert isinstance(r["tables"][t], list), (t, r["tables"][t])
assert any(i["name"] == "bridge100" for i in r["tables"]["interfaces"])
assert "vmwatch_" in r["metrics"]
rec = r["recording"]
assert isinstance(rec, dict), "no recording in the report: %r" % (rec,)
data = base64.b64decode(rec["base64"], validate=True)
assert len(data) == rec["bytes"], (len(data), rec["bytes"])
assert data[:8] == b"VWREC\r\n\x1a", data[:8]
assert "--extract-recording" in rec["note"]
open(sys.argv[2], "wb").write(data)
PY
"$ctl" decode R.rec >R.decode 2>&1 ||
    fail "vmwatchctl decode rejects the report's recording: $(tail -3 R.decode)"
head -1 R.decode | grep -q '^recording: linux' ||
    fail "the recording's header does not say linux: $(head -1 R.decode)"
c report --extract-recording R.json R2.rec >/dev/null ||
    fail "report --extract-recording failed"
cmp -s R.rec R2.rec || fail "--extract-recording wrote other bytes than the base64"
c report --extract-recording R.json R2.rec 2>x.err &&
    fail "--extract-recording overwrote an existing file"
grep -q "already exists" x.err || fail "no clear message for an existing file: $(cat x.err)"
echo "ok: report has every section, the incident and a decodable recording"

# 2. The anonymized report.
c report --anonymize -o A.json >/dev/null || fail "report --anonymize failed"
for s in "$guest_mac" "alice-vm" "$bridge_mac"; do
	if grep -qiF -- "$s" A.json; then
		fail "A.json still contains '$s'"
	fi
done
c report --extract-recording A.json A.rec >/dev/null ||
    fail "--extract-recording of the anonymized report failed"
python3 - A.json A.rec R.rec "$guest_mac" "$bridge_mac" <<'PY' || fail "A.json is not anonymized as it should be"
import json, sys
a = json.load(open(sys.argv[1]))
text = open(sys.argv[1]).read()
arec, rrec = open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()
guest = bytes.fromhex(sys.argv[4].replace(":", ""))
bridge = bytes.fromhex(sys.argv[5].replace(":", ""))
assert a["anonymized"] is True
assert "198.18.64.2" in text and "198.18.64.1" in text
names = [t["name"] for t in a["targets"]]
assert names == ["target-1"], names
assert a["last_incident"]["target"]["name"] == "target-1"
assert a["last_incident"]["kind"] == "target.down"
# The plain window holds the MACs, so their absence below means something.
assert bridge in rrec, "bridge100's MAC is not in the plain recording"
assert guest in rrec, "the guest's MAC is not in the plain recording"
assert guest not in arec, "the guest's MAC bytes are in the anonymized recording"
assert bridge not in arec, "bridge100's MAC bytes are in the anonymized recording"
assert b"alice-vm" not in arec, "the target's name is in the anonymized recording"
PY
"$ctl" decode A.rec >A.decode 2>&1 ||
    fail "vmwatchctl decode rejects the anonymized recording: $(tail -3 A.decode)"
head -1 A.decode | grep -q '^recording: linux' ||
    fail "the anonymized recording's header does not say linux"
echo "ok: anonymized report: no MAC, no name; addresses kept; recording decodes"

# 3. record start / stop.
c record start rec1.vwrec >start.out || fail "record start failed"
grep -qF "$work/rec1.vwrec" start.out ||
    fail "record start did not make the path absolute: $(cat start.out)"
step ip -n "$ns" addr add 198.18.65.1/24 dev bridge100
sleep 0.5
c record stop >stop.out || fail "record stop failed"
[ -s rec1.vwrec ] || fail "record start/stop left no file"
"$ctl" decode rec1.vwrec >rec1.decode 2>&1 ||
    fail "vmwatchctl decode rejects the recording: $(tail -3 rec1.decode)"
grep -q "198.18.65.1" rec1.decode || fail "the recording misses the address added while recording"
c record start rec1.vwrec 2>x.err && fail "record start overwrote an existing file"
grep -q "already exists" x.err || fail "no clear message for an existing file: $(cat x.err)"
c record stop 2>/dev/null && fail "record stop without a recording succeeded"
echo "ok: record start/stop writes a decodable file and never overwrites"

# 4. The flight window, replayed elsewhere.
c record window W.rec >/dev/null || fail "record window failed"
c record window W.rec 2>x.err && fail "record window overwrote an existing file"
grep -q "already exists" x.err || fail "no clear message for an existing file: $(cat x.err)"
"$ctl" decode W.rec >/dev/null 2>&1 || fail "vmwatchctl decode rejects the window"
ip netns exec "$rns" "$vmwatchd" --replay "$work/W.rec" --speed max \
    -s "$sock2" --no-syslog >"$work/replay.out" 2>"$work/replay.err" &
rpid=$!
done_ok=
for _ in $(seq 100); do
	if "$ctl" -s "$sock2" status --json 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
sys.exit(0 if r["result"]["replay"]["done"] is True else 1)' 2>/dev/null; then
		done_ok=1
		break
	fi
	sleep 0.1
done
[ -n "$done_ok" ] || fail "vmwatchd --replay of the flight window did not finish within 10 s (status result.replay.done)"
kill "$rpid" 2>/dev/null || true
wait "$rpid" 2>/dev/null || true
rpid=
echo "ok: the flight window replays to its end"

kill -TERM "$pid"
st=0
wait "$pid" || st=$?
pid=
[ "$st" -eq 0 ] || fail "vmwatchd exited $st on SIGTERM"
echo "PASS: report_cli"
