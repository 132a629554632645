#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# config_cli.sh BUILD_DIR SOURCE_DIR
#
# `vmwatchd -n -c FILE` against golden files (OpenBSD regress style):
#   tests/config/ok-NAME.json   must exit 0 and print exactly ok-NAME.out
#                               (the normalized config), and that output,
#                               read back, must print itself (round trip);
#   tests/config/bad-NAME.json  must exit 2, print nothing on stdout and
#                               exactly the one line of bad-NAME.out on stderr.
# NAME.args, when present, holds extra options (e.g. --target).  Run from
# tests/config so messages name the file as written there.  Also: the
# built-in default equals config/vmwatch.json byte for byte, the shipped
# files under config/ are valid and round-trip, and file errors exit 2.
set -u

build=${1:?usage: config_cli.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: config_cli.sh BUILD_DIR SOURCE_DIR}
vmwatchd=$build/vmwatchd
[ -x "$vmwatchd" ] || { echo "FAIL: vmwatchd not built: $vmwatchd" >&2; exit 1; }
export LC_ALL=C

work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-cfg.XXXXXX")
trap 'rm -rf "$work"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() {
	n=$((n + 1)); failed=$((failed + 1))
	echo "not ok $n - $1"
	shift
	for f in "$@"; do [ -s "$f" ] && sed 's/^/#   /' "$f"; done
}

# A normalized config must read back to itself.
roundtrip() {
	local label=$1 text=$2
	cp "$text" "$work/rt.json"
	if "$vmwatchd" -n -c "$work/rt.json" >"$work/rt.out" 2>"$work/rt.err" &&
	    cmp -s "$text" "$work/rt.out"; then
		ok "$label: normalized output parses to itself"
	else
		diff "$text" "$work/rt.out" >"$work/rt.diff" 2>&1
		notok "$label: normalized output does not round-trip" \
		    "$work/rt.err" "$work/rt.diff"
	fi
}

cd "$src/tests/config" || exit 1
for f in *.json; do
	name=${f%.json}
	args=()
	[ -f "$name.args" ] && read -r -a args <"$name.args"
	if [ ! -f "$name.out" ]; then
		notok "$name: no $name.out"
		continue
	fi
	"$vmwatchd" -n -c "$f" ${args[@]+"${args[@]}"} >"$work/out" 2>"$work/err"
	rc=$?
	case $name in
	ok-*)
		if [ $rc -eq 0 ] && [ ! -s "$work/err" ] &&
		    cmp -s "$work/out" "$name.out"; then
			ok "$name: exit 0, normalized output as expected"
		else
			diff "$name.out" "$work/out" >"$work/diff" 2>&1
			notok "$name: exit $rc (want 0) or output differs" \
			    "$work/err" "$work/diff"
			continue
		fi
		roundtrip "$name" "$work/out"
		;;
	bad-*)
		if [ $rc -eq 2 ] && [ ! -s "$work/out" ] &&
		    cmp -s "$work/err" "$name.out"; then
			ok "$name: exit 2, $(cut -c1-60 "$name.out")..."
		else
			diff "$name.out" "$work/err" >"$work/diff" 2>&1
			notok "$name: exit $rc (want 2) or message differs" \
			    "$work/diff"
		fi
		;;
	*)
		notok "$name: name must start with ok- or bad-"
		;;
	esac
done

# The compiled-in default is the shipped file, byte for byte.
if "$vmwatchd" -n >"$work/default.out" 2>"$work/err" &&
    cmp -s "$work/default.out" "$src/config/vmwatch.json"; then
	ok "built-in default equals config/vmwatch.json"
else
	diff "$src/config/vmwatch.json" "$work/default.out" >"$work/diff" 2>&1
	notok "built-in default differs from config/vmwatch.json" \
	    "$work/err" "$work/diff"
fi
for f in "$src"/config/vmwatch.json "$src"/config/examples/*.json; do
	[ -f "$f" ] || continue
	label=config/${f#"$src"/config/}
	if "$vmwatchd" -n -c "$f" >"$work/out" 2>"$work/err"; then
		ok "$label: valid"
		roundtrip "$label" "$work/out"
	else
		notok "$label: invalid" "$work/err"
	fi
done

# File errors: one line naming the file, exit 2.
check_err() {
	local label=$1 want=$2
	shift 2
	"$vmwatchd" "$@" >"$work/out" 2>"$work/err"
	rc=$?
	if [ $rc -eq 2 ] && [ "$(cat "$work/err")" = "$want" ]; then
		ok "$label"
	else
		echo "want: $want" >"$work/want"
		notok "$label (exit $rc)" "$work/want" "$work/err"
	fi
}
check_err "missing file" "vmwatchd: $work/none.json: No such file or directory" \
    -n -c "$work/none.json"
check_err "a directory" "vmwatchd: $work: not a regular file" -n -c "$work"
head -c 1048577 /dev/zero | tr '\0' ' ' >"$work/big.json"
check_err "a file over 1 MiB" \
    "vmwatchd: $work/big.json: too large (1048577 bytes; at most 1048576)" \
    -n -c "$work/big.json"
check_err "a bad --target without -c" \
    'vmwatchd: --target: expected ADDRESS[=NAME] with an IPv4 or IPv6 address, got "300.1.1.1"' \
    -n --target 300.1.1.1

echo "1..$n"
[ $failed -eq 0 ] || { echo "FAIL: $failed of $n checks" >&2; exit 1; }
