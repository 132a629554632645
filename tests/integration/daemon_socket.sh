#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# daemon_socket.sh BUILD_DIR SOURCE_DIR
#
# The control socket's guard rails, with the real daemon and CLI:
#   - bound 0660 for root (0600 for a user), owned by the daemon's user;
#   - a second vmwatchd on a live socket refuses to start, saying why, and
#     leaves the first one serving;
#   - a stale socket file (its daemon killed with SIGKILL) is replaced;
#   - a peer that is neither root, the daemon's user nor the configured group
#     is refused even when the file mode would let it in;
#   - vmwatchctl says clearly when no daemon listens, and exits 1.
# Needs root; without it prints SKIP and succeeds.
set -eu
build=${1:?usage: daemon_socket.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: daemon_socket.sh BUILD_DIR SOURCE_DIR}
: "$src"
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: daemon_socket needs root (network namespace, other users)"
	exit 0
fi
ns=vwt-so-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-so.XXXXXX")
chmod 0755 "$work"
sock=$work/vmwatchd.sock
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
fail() { echo "FAIL: $*" >&2; exit 1; }
ip netns add "$ns" || fail "cannot create network namespace $ns"
ip netns exec "$ns" ip link set lo up

start() {	# start LOGFILE -> pid in $started
	ip netns exec "$ns" "$build/vmwatchd" -s "$sock" --no-syslog \
	    >/dev/null 2>"$1" &
	started=$!
	pids+=("$started")
	for _ in $(seq 50); do
		grep -q "ready:" "$1" 2>/dev/null && return 0
		kill -0 "$started" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# No daemon yet: a clear message and exit 1.
st=0
"$build/vmwatchctl" -s "$sock" status 2>"$work/ctl.err" || st=$?
[ "$st" -eq 1 ] || fail "vmwatchctl without a daemon exited $st, want 1"
grep -q "vmwatchd is not running on $sock" "$work/ctl.err" ||
    fail "unclear message without a daemon: $(cat "$work/ctl.err")"
echo "ok: no daemon: $(cat "$work/ctl.err")"

start "$work/d1.err" || fail "first vmwatchd did not start"
first=$started
mode=$(stat -c %a "$sock")
[ "$mode" = 660 ] || fail "socket mode $mode, want 660 for a root daemon"
echo "ok: socket mode 0660"

# A second daemon on the live socket refuses and the first keeps serving.
st=0
ip netns exec "$ns" "$build/vmwatchd" -s "$sock" --no-syslog \
    >/dev/null 2>"$work/d2.err" || st=$?
[ "$st" -eq 1 ] || fail "second vmwatchd exited $st, want 1"
grep -q "another vmwatchd is already listening" "$work/d2.err" ||
    fail "second vmwatchd did not say why: $(cat "$work/d2.err")"
"$build/vmwatchctl" -s "$sock" ping >/dev/null || fail "first daemon stopped serving"
echo "ok: second daemon refused: $(grep -o 'another vmwatchd.*' "$work/d2.err")"

# A peer that the credentials check must refuse, even with the file open.
chmod 0666 "$sock"
st=0
setpriv --reuid=65534 --regid=65534 --clear-groups \
    "$build/vmwatchctl" -s "$sock" status >/dev/null 2>"$work/nobody.err" || st=$?
[ "$st" -eq 1 ] || fail "an unprivileged peer got status (exit $st)"
grep -q "denied" "$work/nobody.err" ||
    fail "the refusal did not say denied: $(cat "$work/nobody.err")"
"$build/vmwatchctl" -s "$sock" ping >/dev/null || fail "daemon stopped after a refusal"
echo "ok: unprivileged peer refused: $(cat "$work/nobody.err")"

# A stale socket (daemon killed hard) is replaced by the next daemon.
kill -9 "$first"
wait "$first" 2>/dev/null || true
[ -S "$sock" ] || fail "SIGKILL removed the socket? (the test needs it stale)"
start "$work/d3.err" || fail "vmwatchd did not replace a stale socket: $(cat "$work/d3.err")"
"$build/vmwatchctl" -s "$sock" ping >/dev/null || fail "new daemon does not answer"
echo "ok: stale socket replaced"
kill -TERM "$started"; st=0; wait "$started" || st=$?
[ "$st" -eq 0 ] || fail "vmwatchd exited $st on SIGTERM"
[ ! -e "$sock" ] || fail "socket left behind after SIGTERM"
echo "PASS: daemon_socket"
