#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# explain_cli.sh BUILD_DIR SOURCE_DIR - `vmwatchctl explain` over every
# real paste in tests/data/real-outputs/ (netstat -rn from macOS, FreeBSD
# and OpenBSD, arp -an, ip route / ip neigh / route -n, route get, route
# monitor; see INDEX.md there), as a user runs it.  Prints TAP; exits
# non-zero if any check failed.
#
# Checked for every file: exit 0 with nothing on stderr, in text and in
# --json; every non-blank input line printed verbatim in the text; the
# JSON parses and has exactly one entry per non-blank line, with its line
# number and its text.  For chosen files: specific interpretations and
# findings (with their line numbers).  Then the usage errors (exit 2 and
# one stderr line), stdin, and binary garbage.
set -u

B=${1:?usage: explain_cli.sh BUILD_DIR SOURCE_DIR}
S=${2:?usage: explain_cli.sh BUILD_DIR SOURCE_DIR}
VC="$B/vmwatchctl"
D="$S/tests/data/real-outputs"

T=$(mktemp -d "${TMPDIR:-/tmp}/explain_cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -s "$T/err" ] && sed 's/^/#   err: /' "$T/err" | head -5
	[ -s "$T/why" ] && sed 's/^/#   /' "$T/why" | head -20
	return 0
}
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }
run() { "$VC" "$@" >"$T/out" 2>"$T/err"; rc=$?; }

if [ ! -x "$VC" ]; then
	echo "1..0 # SKIP $VC not built"
	exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 is needed to check the JSON"
	exit 0
fi
nfiles=$(ls "$D"/*.txt 2>/dev/null | wc -l)
check "the corpus is there (67 files)" '[ "$nfiles" -eq 67 ]'

# lines_in_text INPUT OUTPUT: every non-blank input line appears in the text.
lines_in_text() {
	python3 - "$1" "$2" >"$T/why" 2>&1 <<'EOF'
import sys
raw = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')
out = open(sys.argv[2], 'rb').read().decode('utf-8', 'replace')
bad = 0
for i, line in enumerate(raw.split('\n'), 1):
    line = line.rstrip('\r')
    if line.strip() == '':
        continue
    if ('%5d  %s\n' % (i, line)) not in out:
        print('line %d missing: %r' % (i, line))
        bad += 1
sys.exit(1 if bad else 0)
EOF
}

# json_entries INPUT JSON: one entry per non-blank line, in order, verbatim.
json_entries() {
	python3 - "$1" "$2" >"$T/why" 2>&1 <<'EOF'
import json, sys
raw = open(sys.argv[1], 'rb').read().decode('utf-8', 'replace')
doc = json.load(open(sys.argv[2]))
want = [(i, l.rstrip('\r')) for i, l in enumerate(raw.split('\n'), 1)
        if l.strip() != '']
got = [(e['line'], e['text']) for e in doc['entries']]
if got != want:
    for w, g in zip(want, got):
        if w != g:
            print('want %r got %r' % (w, g))
            break
    print('%d entries, %d non-blank lines' % (len(got), len(want)))
    sys.exit(1)
for e in doc['entries']:
    assert isinstance(e['kind'], str) and e['what'], e
    for f in e['flags']:
        assert len(f['letter']) == 1
for f in doc['findings']:
    assert f['severity'] in ('warning', 'info') and f['lines'], f
    assert all(l in {e['line'] for e in doc['entries']} for l in f['lines'])
EOF
}

for f in "$D"/*.txt; do
	b=$(basename "$f")
	run explain "$f"
	if [ "$rc" -ne 0 ] || [ -s "$T/err" ]; then
		not_ok "$b: text exits 0 and quiet (rc $rc)"
		continue
	fi
	cp "$T/out" "$T/text"
	if ! lines_in_text "$f" "$T/text"; then
		not_ok "$b: every non-blank line is in the text"
		continue
	fi
	run explain --json "$f"
	if [ "$rc" -ne 0 ] || [ -s "$T/err" ]; then
		not_ok "$b: --json exits 0 and quiet (rc $rc)"
		continue
	fi
	if ! json_entries "$f" "$T/out"; then
		not_ok "$b: --json has one entry per non-blank line"
		continue
	fi
	ok "$b: explained, every line accounted for"
done

# expect NAME FILE PYTHON-EXPR...: a check that each expression is true
# of the JSON document.
# In them: d = the document, e(N) = the entry of line N, fnd(CODE) = the
# first finding with that code (or None), fl(CODE) = its lines.
expect() {
	local name=$1 file=$2
	shift 2
	"$VC" explain --json "$D/$file" >"$T/j.json" 2>/dev/null
	if python3 - "$T/j.json" "$@" >"$T/why" 2>&1 <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
E = {x['line']: x for x in d['entries']}
def e(n): return E[n]
def fnd(c): return next((f for f in d['findings'] if f['code'] == c), None)
def fl(c): return fnd(c)['lines'] if fnd(c) else None
bad = 0
for expr in sys.argv[2:]:
    try:
        ok = eval(expr)
    except Exception as x:
        ok = False
        print('%s: %r' % (expr, x))
    if not ok:
        print('false: ' + expr)
        bad += 1
sys.exit(1 if bad else 0)
EOF
	then ok "$name"; else not_ok "$name"; fi
}

# The Tailscale paste (tailscale/tailscale#18653): vmnet's subnet via en0.
expect "macos-021: 192.168.64/24 routed off bridge100 (vm_subnet_off_bridge)" \
    macos-021.txt "d['os'] == 'darwin'" \
    "e(1)['kind'] == 'command'" \
    "e(2)['kind'] == 'gateway_route'" "e(2)['prefix'] == '192.168.64.0/24'" \
    "fl('vm_subnet_off_bridge') == [2]" \
    "fnd('vm_subnet_off_bridge')['severity'] == 'warning'" \
    "fnd('bridge_without_connected_route') is None"

expect "macos-019: connected VM network on bridge100, '!' is normal" macos-019.txt "e(2)['kind'] == 'connected'" \
    "e(2)['interface'] == 'bridge100'" "e(2)['expires'] == 'expired'" \
    "'normal' in e(2)['expires_text']" "fl('vm_network') == [2]"

# Split default through utun2 (tun2socks), a QEMU guest's ARP entry.
expect "macos-031: split default via utun2, QEMU MAC, broadcast" macos-031.txt "e(5)['kind'] == 'split_default'" \
    "e(10)['prefix'] == '128.0.0.0/1'" "fl('vpn_full_tunnel') == [5, 10]" \
    "e(16)['kind'] == 'arp_entry'" "e(16)['mac'] == '52:54:00:c9:18:27'" \
    "e(16)['mac_form'] == 'colons'" "'QEMU' in e(16)['gateway_meaning']" \
    "e(15)['kind'] == 'host_route'" "e(19)['kind'] == 'broadcast'" \
    "e(7)['kind'] == 'host_route'" "'both ends' in e(7)['what']"

# Parallels bridges: dot-form MACs of own addresses moved to lo0.
expect "macos-040: dotted MACs, four scoped defaults on bridges" macos-040.txt "e(2)['kind'] == 'markup'" \
    "e(10)['kind'] == 'local_address'" "e(10)['mac_form'] == 'dots'" \
    "e(10)['mac'] == '3e:22:fb:ec:f8:65'" "e(11)['kind'] == 'broadcast'" \
    "e(9)['prefix'] == '10.37.129.0/24'" \
    "fl('default_on_bridge') == [5, 6, 7, 8]" \
    "fnd('default_on_bridge')['severity'] == 'info'" \
    "'bridge103 (line 8)' in fnd('default_on_bridge')['text']"

expect "macos-037: ppp0 interface routes, scoped defaults on two bridges" macos-037.txt "e(7)['kind'] == 'scoped_default'" \
    "e(10)['kind'] == 'interface_route'" "e(10)['prefix'] == '10.0.0.0/8'" \
    "e(10)['gateway_kind'] == 'interface'" "e(11)['kind'] == 'host_route'" \
    "'far end of ppp0' in e(11)['what']" "e(15)['kind'] == 'elision'" \
    "sorted(sum([f['lines'] for f in d['findings'] if f['code'] == 'default_on_bridge'], [])) == [8, 9]"

expect "macos-004: a VPN takes the LAN's 10/24 (vpn_overlaps_connected)" macos-004.txt "e(7)['prefix'] == '10.0.0.0/24'" \
    "e(9)['kind'] == 'connected'" \
    "fnd('vpn_overlaps_connected')['lines'][:2] == [7, 9]" \
    "fl('vpn_full_tunnel') == [5]" "e(12)['kind'] == 'arp_entry'" \
    "'static' in e(12)['what']"

expect "macos-027: default route to 127.0.0.1 on feth4868" macos-027.txt "fl('default_via_loopback') == [4]" \
    "e(5)['kind'] == 'elision'" "fnd('vpn_full_tunnel') is None"

expect "macos-041: indented paste, MAC redacted in dot form" macos-041.txt "e(1)['kind'] == 'command'" "e(2)['kind'] == 'header'" \
    "e(4)['kind'] == 'connected'" "e(4)['prefix'] == '192.168.2.0/24'" \
    "e(5)['kind'] == 'arp_entry'" "e(5)['mac_form'] == 'redacted'" \
    "e(5)['mac'] is None" "e(5)['expires'] == 1195" \
    "not any('-a also' in x for x in e(1)['notes'])"

expect "macos-046: collapsed redacted row, truncated vboxnet name" macos-046.txt "e(8)['gateway_kind'] == 'redacted'" \
    "e(8)['interface'] == 'vboxnet'" "e(8)['kind'] == 'arp_entry'" \
    "any('vboxnet0' in x for x in e(8)['notes'])" "e(9)['kind'] == 'broadcast'"

expect "macos-016: unanswered ARP (link#14 instead of a MAC)" macos-016.txt "fl('incomplete_arp') == [17, 20]" \
    "e(17)['gateway_kind'] == 'link'" "e(11)['mac'] == '7c:10:c9:00:00:90'"

expect "macos-011: IPv6 scoped defaults and own link-local addresses" macos-011.txt "e(14)['kind'] == 'local_address'" \
    "e(13)['prefix'] == 'fe80::%anpi1/64'" "e(3)['kind'] == 'scoped_default'"

expect "macos-032: HTML table cells read as columns" macos-032.txt "e(2)['kind'] == 'markup'" "e(4)['kind'] == 'header'" \
    "e(7)['kind'] == 'default_route'" "e(25)['prefix'] == '::1/128'"

expect "freebsd-008: FreeBSD detected, zebra blackholes, own address on lo0" freebsd-008.txt "d['os'] == 'freebsd'" "e(7)['kind'] == 'reject'" \
    "'blackhole' in e(7)['what']" "e(17)['kind'] == 'reject'" \
    "e(10)['kind'] == 'local_address'" "e(9)['prefix'] == '192.168.122.0/24'"

expect "freebsd-004: overflowing gateway column, trailing prompt" freebsd-004.txt "d['os'] == 'freebsd'" "e(3)['kind'] == 'default_route'" \
    "e(3)['interface'] == 'ngeth0'" "e(17)['kind'] == 'command'"

expect "linux-001: two defaults, the lower metric wins" linux-001.txt "d['os'] == 'linux'" "fl('multiple_defaults') == [1, 2]" \
    "'col0 (line 1, metric 100)' in fnd('multiple_defaults')['text']" \
    "fl('linkdown') == [4]" "e(6)['kind'] == 'host_route'"

expect "linux-005: ip neigh FAILED and IPv6 neighbours" linux-005.txt "e(3)['state'] == 'FAILED'" "fl('incomplete_arp') == [3]" \
    "e(20)['kind'] == 'ndp_entry'"

expect "linux-007: Tailscale's table 52" linux-007.txt "len(fl('policy_table')) == 19" "e(20)['kind'] == 'default_route'"

expect "linux-008: net-tools route -n" linux-008.txt "e(3)['kind'] == 'default_route'" "e(5)['prefix'] == '192.168.5.0/24'"

expect "arp-001: bridge100 collides with the LAN" arp-001.txt "fl('address_conflict') == [2, 3]" \
    "fl('ip_on_two_interfaces') == [4, 5]" "e(5)['mac'] == '52:54:00:55:1a:c8'"

expect "routeget-002: route get of a split default" routeget-002.txt "'0.0.0.0/1' in e(4)['what']" "e(7)['kind'] == 'route_get'" \
    "[f['letter'] for f in e(7)['flags']] == list('UGdScg')"

expect "routemonitor-001: message and its addresses" routemonitor-001.txt "e(3)['kind'] == 'monitor'" "e(6)['gateway'] == '192.168.66.1'"

# ---- stdin, garbage, usage -------------------------------------------------

run explain "$D/macos-001.txt"
cp "$T/out" "$T/file.out"
"$VC" explain - <"$D/macos-001.txt" >"$T/stdin.out" 2>"$T/err"
sed -i '1d' "$T/file.out" "$T/stdin.out"	# the title names the input
check "stdin gives the same explanation as the file" 'cmp -s "$T/file.out" "$T/stdin.out"'
"$VC" explain <"$D/linux-001.txt" >"$T/out" 2>"$T/err"
check "no FILE reads stdin" '[ $? -eq 0 ] && grep -q "read as Linux" "$T/out"'

head -c 20000 "$VC" >"$T/garbage"
run explain --json "$T/garbage"
check "binary garbage: exit 0, valid JSON" '[ "$rc" -eq 0 ] && python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$T/out"'
run explain --os freebsd --json "$D/macos-001.txt"
check "--os forces the OS" '[ "$rc" -eq 0 ] && grep -q "\"os\":\"freebsd\",\"os_detected\":false" "$T/out"'

run explain "$T/no-such-file"
check "missing file: exit 2, one line" '[ "$rc" -eq 2 ] && [ "$(wc -l <"$T/err")" -eq 1 ]'
run explain --os plan9 "$D/macos-001.txt"
check "bad --os: exit 2" '[ "$rc" -eq 2 ] && grep -q "unknown OS" "$T/err"'
run explain --frobnicate
check "unknown option: exit 2" '[ "$rc" -eq 2 ]'
run explain "$D/macos-001.txt" "$D/macos-002.txt"
check "two files: exit 2" '[ "$rc" -eq 2 ]'
run explain --os
check "--os without a value: exit 2" '[ "$rc" -eq 2 ]'
run explain --help
check "--help: exit 0, usage" '[ "$rc" -eq 0 ] && grep -q "usage: vmwatchctl explain" "$T/out"'
run help explain
check "help explain" '[ "$rc" -eq 0 ] && grep -q "FILE|-" "$T/out"'
run help
check "explain is listed" 'grep -q "^  explain" "$T/out"'
run routes --explain -s "$T/no.sock"
check "routes --explain without a daemon: exit 1" '[ "$rc" -eq 1 ] && grep -q "not running" "$T/err"'

echo "1..$n"
[ "$failed" -eq 0 ]
