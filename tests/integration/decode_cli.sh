#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# decode_cli.sh BUILD_DIR SOURCE_DIR - `vmwatchctl decode` and the
# vmwatchctl front end, run as a user would: fixture files written by
# mkfixture (bsd_fix's named fixtures) and a few netlink messages written
# byte by byte here.  Prints TAP; exits non-zero if any check failed.
#
# Checked: exit codes (0 ok, 1 runtime, 2 usage/input) with one stderr line;
# every fixture decodes with the OS mkfixture lists (auto-detection and
# --os); malformed fixtures stop with "byte N:" after printing what came
# before; stream files print one line per message; --json lines parse;
# --table --json prints one table object; stdin "-" equals the file; the
# macOS dump prints netstat's framing and, when mkfixture offers
# --expected, exactly the expected text.
set -u

B=${1:?usage: decode_cli.sh BUILD_DIR SOURCE_DIR}
VC="$B/vmwatchctl"
MK="$B/tests/mkfixture"
NOW=1700000000		# BSD_FIX_NOW: the fixtures' expire values count from it

T=$(mktemp -d "${TMPDIR:-/tmp}/decode_cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -s "$T/out" ] && sed 's/^/#   out: /' "$T/out" | head -20
	[ -s "$T/err" ] && sed 's/^/#   err: /' "$T/err" | head -5
	return 0
}
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

# run ARGS...: stdout to $T/out, stderr to $T/err, status in $rc.
run() { "$VC" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
one_err_line() { [ "$(wc -l <"$T/err")" -eq 1 ]; }

have_py=0
command -v python3 >/dev/null 2>&1 && have_py=1
json_lines_ok() {
	[ $have_py -eq 0 ] && return 0
	python3 -c '
import json, sys
n = 0
for line in open(sys.argv[1]):
    json.loads(line)
    n += 1
sys.exit(0 if n > 0 else 1)' "$1"
}

for f in "$VC" "$MK"; do
	if [ ! -x "$f" ]; then
		echo "1..0 # SKIP $f not built"
		exit 0
	fi
done

# ---- the front end ---------------------------------------------------------

run --help
check "--help exits 0 with usage" '[ $rc -eq 0 ] && grep -q "^usage: vmwatchctl" "$T/out" && grep -q "decode" "$T/out"'
run help decode
check "help decode exits 0" '[ $rc -eq 0 ] && grep -q "^usage: vmwatchctl decode" "$T/out"'
run decode --help
check "decode --help exits 0" '[ $rc -eq 0 ] && grep -q -- "--os" "$T/out"'
run --version
check "--version" '[ $rc -eq 0 ] && grep -Eq "^vmwatchctl [0-9]+\.[0-9]+" "$T/out"'
run
check "no command: exit 2, one line" '[ $rc -eq 2 ] && one_err_line'
run --bogus
check "unknown global option: exit 2" '[ $rc -eq 2 ] && one_err_line && grep -q -- "--bogus" "$T/err"'
run frobnicate
check "unknown command: exit 2" '[ $rc -eq 2 ] && one_err_line && grep -q "frobnicate" "$T/err"'
run help frobnicate
check "help for an unknown command: exit 2" '[ $rc -eq 2 ] && one_err_line'
run dec --help
check "a unique prefix selects the command" '[ $rc -eq 0 ] && grep -q "^usage: vmwatchctl decode" "$T/out"'
run -s
check "a global option without its value: exit 2" '[ $rc -eq 2 ] && one_err_line'
run --json
check "global options without a command: exit 2" '[ $rc -eq 2 ] && one_err_line'

# ---- decode: usage and input errors -----------------------------------------

"$MK" macos-dump "$T/macos-dump.bin"
run decode --bogus "$T/macos-dump.bin"
check "decode: unknown option exits 2" '[ $rc -eq 2 ] && one_err_line && grep -q -- "--bogus" "$T/err" && [ ! -s "$T/out" ]'
run decode
check "decode: no file exits 2" '[ $rc -eq 2 ] && one_err_line'
run decode "$T/macos-dump.bin" "$T/macos-dump.bin"
check "decode: two files exit 2" '[ $rc -eq 2 ] && one_err_line'
run decode --os plan9 "$T/macos-dump.bin"
check "decode: unknown --os exits 2" '[ $rc -eq 2 ] && one_err_line && grep -q plan9 "$T/err"'
run decode --now soon "$T/macos-dump.bin"
check "decode: bad --now exits 2" '[ $rc -eq 2 ] && one_err_line && grep -q soon "$T/err"'
run decode --os
check "decode: --os without a value exits 2" '[ $rc -eq 2 ] && one_err_line'
run decode "$T/no-such-file"
check "decode: missing file exits 1 naming it" '[ $rc -eq 1 ] && one_err_line && grep -q "no-such-file" "$T/err"'
: >"$T/empty"
run decode "$T/empty"
check "decode: empty input exits 2" '[ $rc -eq 2 ] && one_err_line && grep -q "empty input" "$T/err"'
printf 'this is not a routing message, not at all\n' >"$T/text"
run decode "$T/text"
check "decode: unknown bytes: cannot tell the OS" '[ $rc -eq 2 ] && one_err_line && grep -q "cannot tell the OS of .*text; use --os" "$T/err"'
run decode - <"$T/empty"
check "decode: empty stdin names stdin" '[ $rc -eq 2 ] && grep -q "stdin: empty input" "$T/err"'
run decode "$T"
check "decode: a directory is a read error (exit 1)" '[ $rc -eq 1 ] && one_err_line'
# One byte over the 256 MiB bound, through a pipe (nothing lands on disk).
head -c $((256 * 1024 * 1024 + 1)) /dev/zero | "$VC" decode - >"$T/out" 2>"$T/err"
rc=$?
check "decode: input over 256 MiB exits 2" '[ $rc -eq 2 ] && one_err_line && grep -q "larger than 256 MiB" "$T/err"'

# ---- every named fixture --------------------------------------------------------

"$MK" --list -v >"$T/list" || not_ok "mkfixture --list -v"
nfix=0
while read -r name os _; do
	[ -n "$name" ] || continue
	nfix=$((nfix + 1))
	f="$T/$name.bin"
	if ! "$MK" "$name" "$f"; then
		not_ok "$name: mkfixture"
		continue
	fi
	case $name in
	*-bad-*)
		for args in "" "--os $os"; do
			# shellcheck disable=SC2086
			run decode --now $NOW $args "$f"
			off=$(sed -n 's/^vmwatchctl: .*: byte \([0-9][0-9]*\): .*/\1/p' "$T/err")
			check "$name ${args:-auto}: exit 2 with byte N" '[ $rc -eq 2 ] && one_err_line && [ -n "$off" ]'
			# Everything before the bad message is printed first.
			if [ -n "$off" ] && [ "$off" -gt 0 ]; then
				check "$name ${args:-auto}: output before byte $off" '[ -s "$T/out" ]'
			fi
		done
		;;
	*)
		run decode --now $NOW "$f"
		check "$name: decodes (exit 0, quiet stderr)" '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'
		cp "$T/out" "$T/$name.txt"
		run decode --now $NOW --json "$f"
		check "$name: --json lines parse" '[ $rc -eq 0 ] && json_lines_ok "$T/out"'
		# Auto-detection picked the OS mkfixture says wrote it.
		if grep -q '"origin"' "$T/out"; then
			check "$name: detected as $os" '! grep "\"origin\"" "$T/out" | grep -vq "\"os\":\"$os\""'
		fi
		run decode --now $NOW --os "$os" "$f"
		check "$name: --os $os gives the same text" '[ $rc -eq 0 ] && cmp -s "$T/out" "$T/$name.txt"'
		;;
	esac
done <"$T/list"
check "mkfixture lists fixtures" '[ $nfix -gt 0 ]'

# ---- the macOS dump: netstat text ----------------------------------------------

run decode --now $NOW "$T/macos-dump.bin"
cp "$T/out" "$T/dump.txt"
check "macos-dump: netstat framing" '[ "$(sed -n 1p "$T/out")" = "Routing tables" ] && [ "$(sed -n 2p "$T/out")" = "" ] && [ "$(sed -n 3p "$T/out")" = "Internet:" ] && grep -qx "Internet6:" "$T/out"'
check "macos-dump: macOS 14/15 header" 'grep -qx "Destination        Gateway            Flags               Netif Expire" "$T/out"'
# Every IPv4 row is at least the 70 columns of the layout (trailing blanks kept).
check "macos-dump: rows keep their trailing blanks" '! sed -n "/^Internet:/,/^$/p" "$T/out" | sed "1,2d;/^$/d" | awk "length(\$0) < 70 { bad = 1 } END { exit !bad }"'
if "$MK" --expected macos-dump >"$T/expected" 2>/dev/null; then
	check "macos-dump: exactly netstat -rn (mkfixture --expected)" 'cmp -s "$T/expected" "$T/dump.txt"'
else
	echo "# mkfixture has no --expected mode; byte-exact text is checked by unit/test_fmt_netstat"
fi
run decode --now $NOW --all "$T/macos-dump.bin"
check "macos-dump: --all shows exactly one more (cloned) row" '[ $rc -eq 0 ] && [ $(($(wc -l <"$T/out") - $(wc -l <"$T/dump.txt"))) -eq 1 ] && grep -q "W" <(diff "$T/dump.txt" "$T/out" | grep "^>")'
run decode --now 4000000000 "$T/macos-dump.bin"
check "macos-dump: --now moves Expire (no countdown left)" '[ $rc -eq 0 ] && ! grep -Eq " [0-9]+$" "$T/out" && grep -q " *!$" "$T/out"'
run decode --now $NOW - <"$T/macos-dump.bin"
check "macos-dump: stdin equals the file" '[ $rc -eq 0 ] && cmp -s "$T/out" "$T/dump.txt"'
run decode --now $NOW --table --json "$T/macos-dump.bin"
check "macos-dump: --table --json is one table object" '[ $rc -eq 0 ] && [ "$(wc -l <"$T/out")" -eq 1 ] && json_lines_ok "$T/out" && grep -q "^{\"os\":\"darwin\",\"routes\":\[" "$T/out" && grep -q "\"lladdr\":\"8a:c3:94:0a:86:e2\",\"lladdr_os\":\"8a.c3.94.a.86.e2\"" "$T/out"'
"$VC" --json decode --now $NOW "$T/macos-dump.bin" >"$T/json-first" 2>&1
run decode --now $NOW --json "$T/macos-dump.bin"
check "--json before the command is passed to it" 'cmp -s "$T/out" "$T/json-first"'
check "macos-dump: --json events are dump events" '[ $rc -eq 0 ] && grep -q "\"dump\":true" "$T/out" && ! grep -q "\"dump\":false" "$T/out"'

# ---- streams: one line per message --------------------------------------------------

for pair in macos-addr-gone:2 macos-hijack:1 macos-miss:1 freebsd-ifannounce:2; do
	name=${pair%:*}
	want=${pair#*:}
	[ -f "$T/$name.bin" ] || "$MK" "$name" "$T/$name.bin"
	run decode "$T/$name.bin"
	check "$name: $want line(s), one per message" '[ $rc -eq 0 ] && [ "$(wc -l <"$T/out")" -eq "$want" ] && ! grep -vq "^RTM_" "$T/out"'
done
run decode "$T/macos-hijack.bin"
check "macos-hijack: the line names pid, prefix and interface" 'grep -q "^RTM_ADD .*pid 812 .*dst 192.168.64.0/24 gateway utun4" "$T/out"'
run decode --table "$T/macos-hijack.bin"
check "--table prints the table after a stream" '[ $rc -eq 0 ] && grep -q "^RTM_ADD" "$T/out" && grep -qx "Routing tables" "$T/out"'
run decode --json "$T/macos-miss.bin"
check "a message without a table change: ignored object" '[ $rc -eq 0 ] && json_lines_ok "$T/out" && grep -q "\"msg\":\"RTM_MISS\",\"ignored\"" "$T/out"'
"$MK" macos-skip-version "$T/skip.bin"
run decode "$T/skip.bin"
check "skipped message: a # skipped line" '[ $rc -eq 0 ] && grep -q "^# skipped byte [0-9]*: " "$T/out"'
run decode --json "$T/skip.bin"
check "skipped message: a skipped object" '[ $rc -eq 0 ] && json_lines_ok "$T/out" && grep -q "\"skipped\":" "$T/out"'

# ---- netlink, written byte by byte (nlmsghdr + rtmsg + attributes, LE) ---------------

# RTM_NEWROUTE 198.18.64.0/24 table main proto static, oif 3, NLM_F_CREATE|EXCL, pid 812.
route='\054\000\000\000\030\000\000\006\001\000\000\000\054\003\000\000'
route+='\002\030\000\000\376\004\000\001\000\000\000\000'
route+='\010\000\001\000\306\022\100\000\010\000\004\000\003\000\000\000'
printf "$route" >"$T/nl-route.bin"
run decode "$T/nl-route.bin"
check "netlink: detected, one ip-style line" '[ $rc -eq 0 ] && [ "$(cat "$T/out")" = "RTM_NEWROUTE len 44 flags <EXCL,CREATE> seq 1 pid 812 | 198.18.64.0/24 dev if3 proto static" ]'
run decode --os linux --json "$T/nl-route.bin"
check "netlink: --json event" '[ $rc -eq 0 ] && json_lines_ok "$T/out" && grep -q "\"kind\":\"route.add\"" "$T/out" && grep -q "\"os\":\"linux\"" "$T/out"'
# The same message twice, the second cut short: the first line, then byte 44.
{ printf "$route"; printf "$route" | head -c 30; } >"$T/nl-cut.bin"
run decode "$T/nl-cut.bin"
check "netlink: truncated second message: line 1, then byte 44" '[ $rc -eq 2 ] && [ "$(wc -l <"$T/out")" -eq 1 ] && one_err_line && grep -q ": byte 44: " "$T/err"'
# NLMSG_DONE with NLM_F_MULTI: a dump, so the (empty) ip tables print.
printf '\024\000\000\000\003\000\002\000\001\000\000\000\000\000\000\000\000\000\000\000' >"$T/nl-done.bin"
run decode "$T/nl-done.bin"
check "netlink: a dump prints the ip blocks" '[ $rc -eq 0 ] && [ "$(grep -c "^# ip" "$T/out")" -eq 3 ]'

echo "1..$n"
[ "$failed" -eq 0 ]
