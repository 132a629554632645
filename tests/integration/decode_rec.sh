#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# decode_rec.sh BUILD_DIR SOURCE_DIR - `vmwatchctl decode` of vmwatchd
# recordings (lib/vw_rec.h, docs/recording-format.md), on the recordings
# mkfixture writes (tests/fixtures/rec_fix.c).  Prints TAP; exits non-zero
# if any check failed.
#
# The records are walked here with od(1), independently of the library,
# to find offsets and to cut KMSG payloads out of the file.  Checked: the
# header line and record lines; that a KMSG record's lines equal `decode`
# of its bytes, and the startup dump's table equals `decode` of the dump
# buffers; --json lines; a file cut at many offsets and a damaged byte:
# exit 2, one stderr line naming the byte offset of the bad record (0 for
# the header), and stdout a prefix of the full output.
set -u

B=${1:?usage: decode_rec.sh BUILD_DIR SOURCE_DIR}
VC="$B/vmwatchctl"
MK="$B/tests/mkfixture"
NOW=1700000000		# BSD_FIX_NOW: the recordings start then

T=$(mktemp -d "${TMPDIR:-/tmp}/decode_rec.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
	n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"
	[ -s "$T/out" ] && sed 's/^/#   out: /' "$T/out" | tail -5
	[ -s "$T/err" ] && sed 's/^/#   err: /' "$T/err" | head -5
	return 0
}
check() { if eval "$2"; then ok "$1"; else not_ok "$1"; fi; }

run() { "$VC" "$@" >"$T/out" 2>"$T/err"; rc=$?; }
one_err_line() { [ "$(wc -l <"$T/err")" -eq 1 ]; }

for f in "$VC" "$MK"; do
	if [ ! -x "$f" ]; then
		echo "1..0 # SKIP $f not built"
		exit 0
	fi
done

# ---- an independent record walker ------------------------------------------

u8() { od -An -tu1 -j "$2" -N1 "$1" | tr -d ' '; }
u32() { od -An -tu4 -j "$2" -N4 --endian=little "$1" | tr -d ' '; }

# records FILE: one line per record: "OFFSET TYPE FLAGS LEN".
records() {
	local f=$1 size off len
	size=$(stat -c %s "$f")
	off=32
	while [ $((off + 20)) -le "$size" ]; do
		len=$(u32 "$f" $((off + 4)))
		echo "$off $(u8 "$f" "$off") $(u8 "$f" $((off + 1))) $len"
		off=$((off + 20 + len))
	done
}

# payload FILE OFFSET LEN > out: a record's payload bytes.
payload() { tail -c +$(($2 + 21)) "$1" | head -c "$3"; }

# record_at LIST BYTE: the offset of the record holding BYTE.
record_at() {
	local list=$1 byte=$2 o t f l at=32
	while read -r o t f l; do
		[ "$o" -le "$byte" ] && at=$o
	done <"$list"
	echo "$at"
}

# flip FILE OFFSET: invert one byte in place.
flip() {
	local v
	v=$(u8 "$1" "$2")
	printf "\\$(printf '%03o' $((v ^ 255)))" |
	    dd of="$1" bs=1 seek="$2" conv=notrunc status=none
}

# ---- the recordings ---------------------------------------------------------

for r in rec-darwin-hijack rec-darwin-arp; do
	"$MK" "$r" "$T/$r.rec"
	check "mkfixture writes $r" '[ $? -eq 0 ] && [ -s "$T/$r.rec" ]'
	"$MK" --list | grep -qx "$r"
	check "mkfixture --list names $r" '[ $? -eq 0 ]'
done
H=$T/rec-darwin-hijack.rec
A=$T/rec-darwin-arp.rec
records "$H" >"$T/h.list"
records "$A" >"$T/a.list"
check "the walker reads the hijack recording to its end" \
    '[ $(tail -1 "$T/h.list" | awk "{print \$1 + 20 + \$4}") -eq $(stat -c %s "$H") ]'

run decode "$H"
cp "$T/out" "$T/h.full"
check "decode of a recording exits 0" '[ $rc -eq 0 ] && [ ! -s "$T/err" ]'
check "header line" '[ "$(head -1 "$T/out")" = "recording: darwin (xnu layout), started 2023-11-14T22:13:20.000000Z, base seq 41" ]'
nrec=$(wc -l <"$T/h.list")
check "one line per record ($nrec)" '[ $(grep -c "^[+-][0-9]*\.[0-9]\{6\} " "$T/out") -eq $nrec ]'
check "NOTE, CONFIG, CLOCK, DUMP_BEGIN lines" 'grep -qx "+0.000000 note recording started" "$T/out" &&
    grep -q "^+0.000000 config { ([0-9]* bytes)$" "$T/out" &&
    grep -qx "+0.000000 clock wall 2023-11-14T22:13:20.000000Z sleep 0.000000 s" "$T/out" &&
    grep -qx "+0.000000 dump begin route,neigh,link,addr: startup" "$T/out"'
check "KMSG line of the hijack" 'grep -qx "+5.200000 KMSG 136 bytes" "$T/out"'
check "probe lines" 'grep -qx "+0.000298 probe 192.168.64.2 icmp ok rtt 0.298 ms" "$T/out" &&
    grep -qx "+5.210000 probe 192.168.64.2 icmp lost (re-probe)" "$T/out" &&
    [ $(grep -c "icmp lost$" "$T/out") -eq 3 ]'
check "--now does not move a recording's clock" '"$VC" decode --now 1 "$H" | cmp -s - "$T/h.full"'
"$VC" decode - <"$H" >"$T/out" 2>"$T/err"
check "stdin equals the file" 'cmp -s "$T/out" "$T/h.full"'
run decode --os darwin "$H"
check "--os darwin agrees" '[ $rc -eq 0 ] && cmp -s "$T/out" "$T/h.full"'
run decode --os linux "$H"
check "--os linux on a darwin recording: exit 2" '[ $rc -eq 2 ] && one_err_line && grep -q "darwin" "$T/err"'

# ---- KMSG records read as decode reads their bytes --------------------------

# The hijack: the only KMSG record without the dump flag.
read -r ho ht hf hl < <(awk '$2 == 3 && $3 == 0' "$T/h.list")
payload "$H" "$ho" "$hl" >"$T/hijack.raw"
awk '/^\+5\.200000 KMSG /{on=1; next} /^[+-][0-9]/{on=0} on' "$T/h.full" >"$T/rec.out"
# The startup dump's four buffers, as the sysctls returned them.
: >"$T/dump.raw"
awk '$2 == 3 && $3 == 1' "$T/h.list" | head -4 | while read -r o t f l; do
	payload "$H" "$o" "$l" >>"$T/dump.raw"
done
# A KMSG record prints what decode prints for its bytes after the bytes
# before it: the interface names come from the table they built.
cat "$T/dump.raw" "$T/hijack.raw" >"$T/ctx.raw"
"$VC" decode --os darwin --now $NOW "$T/ctx.raw" 2>&1 | sed '/^Routing tables$/,$d' >"$T/raw.out"
check "the hijack KMSG lines equal decode of the dump and its bytes" '[ -s "$T/rec.out" ] && cmp -s "$T/rec.out" "$T/raw.out"'
# Alone, the bytes decode the same but for the names the table supplied.
"$VC" decode --os darwin --now $NOW "$T/hijack.raw" >"$T/raw.out" 2>&1
check "... and decode of its bytes alone, but for table names" 'cmp -s <(sed "s/ ifname [^ ]*//" "$T/rec.out") "$T/raw.out"'
check "... which is the RTM_ADD by pid 812 via utun4" 'grep -q "^RTM_ADD len 136 pid 812 .* ifname utun4 dst 192.168.64.0/25 gateway utun4$" "$T/rec.out"'

# The startup dump: its buffers decoded together print the same table.
"$VC" decode --os darwin --now $NOW "$T/dump.raw" >"$T/raw.out" 2>&1
awk '/^\+0\.000000 dump end: /{on=1; next} /^[+-][0-9]/{on=0} on' "$T/h.full" >"$T/rec.out"
check "the startup dump's table equals decode of the dump buffers" '[ -s "$T/rec.out" ] && cmp -s "$T/rec.out" "$T/raw.out"'
check "... and is the reference host's netstat -rn" '"$MK" --expected macos-dump | cmp -s - "$T/rec.out"'

# The ARP re-read reports what changed, with the recorded clock.
run decode "$A"
check "ARP recording decodes" '[ $rc -eq 0 ]'
check "the re-read names the guest's entry going incomplete" 'grep -qx "+6.010000 dump begin neigh: lost probe" "$T/out" &&
    grep -qx "  neigh.change ? (192.168.64.2) at (incomplete) on bridge100 ifscope \[bridge\]" "$T/out" &&
    grep -qx "+6.010000 dump end: 2 changes" "$T/out"'
check "probes fail with EHOSTDOWN after it" '[ $(grep -c "icmp lost EHOSTDOWN$" "$T/out") -eq 2 ]'

# ---- JSON ---------------------------------------------------------------------

run decode --json "$H"
check "--json: one line per record and the header" '[ $rc -eq 0 ] && [ $(wc -l <"$T/out") -eq $((nrec + 1)) ]'
if command -v python3 >/dev/null 2>&1; then
	python3 - "$T/out" <<'EOF'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
h = lines[0]["recording"]
assert h["os"] == "darwin" and h["layout"] == "xnu" and h["base_seq"] == 41
assert h["start_wall_us"] == 1700000000 * 1000000
kinds = [l["type"] for l in lines[1:]]
assert kinds.count("PROBE") == 10, kinds
k = [l for l in lines[1:] if l["type"] == "KMSG" and l["flags"] == 0][0]
assert k["events"][0]["kind"] == "route.add", k
assert k["events"][0]["origin"]["pid"] == 812
assert k["events"][0]["origin"]["off"] == k["off"] + 20
p = [l for l in lines[1:] if l["type"] == "PROBE"][-1]["probe"]
assert p["ok"] is False and p["addr"] == "192.168.64.2" and p["kind"] == "icmp"
c = [l for l in lines[1:] if l["type"] == "CONFIG"][0]["config"]
assert c["targets"][0]["name"] == "vm1"
EOF
	check "--json objects carry the records" '[ $? -eq 0 ]'
else
	ok "--json objects carry the records # SKIP no python3"
fi

# ---- damage ----------------------------------------------------------------------

size=$(stat -c %s "$H")
cuts="1 5 10 31 32 33 51 52 100 $((size / 2)) $((size - 1))"
# Inside the record header and the payload of the hijack KMSG, and at its start.
cuts="$cuts $ho $((ho + 7)) $((ho + 20)) $((ho + 60))"
for c in $cuts; do
	head -c "$c" "$H" >"$T/cut.rec"
	run decode "$T/cut.rec"
	if [ "$c" -lt 5 ]; then
		check "cut at $c: too short to be told a recording, exit 2" '[ $rc -eq 2 ] && one_err_line'
		continue
	fi
	if [ "$c" -lt 32 ]; then
		want=0
	elif grep -q "^$c " "$T/h.list"; then
		check "cut at $c (a record boundary): exit 0, a prefix" '[ $rc -eq 0 ] && cmp -s "$T/out" <(head -c $(stat -c %s "$T/out") "$T/h.full")'
		continue
	else
		want=$(record_at "$T/h.list" "$c")
	fi
	check "cut at $c: exit 2, byte $want named, output a prefix" '[ $rc -eq 2 ] && one_err_line &&
	    grep -q "^vmwatchctl: $T/cut.rec: byte $want: .*truncated" "$T/err" &&
	    cmp -s "$T/out" <(head -c $(stat -c %s "$T/out") "$T/h.full")'
done

cp "$H" "$T/bad.rec"
flip "$T/bad.rec" $((ho + 20 + 40))
run decode "$T/bad.rec"
check "a damaged KMSG byte: exit 2, crc32 mismatch at the record" '[ $rc -eq 2 ] && one_err_line &&
    grep -q "^vmwatchctl: $T/bad.rec: byte $ho: record [0-9]* (KMSG): crc32 mismatch (stored 0x[0-9a-f]*, computed 0x[0-9a-f]*)$" "$T/err"'
check "... everything before it printed, nothing after" 'grep -qx "+5.000302 probe 192.168.64.2 icmp ok rtt 0.302 ms" "$T/out" &&
    ! grep -q "RTM_ADD" "$T/out" && cmp -s "$T/out" <(head -c $(stat -c %s "$T/out") "$T/h.full")'

cp "$H" "$T/bad.rec"
flip "$T/bad.rec" $((ho + 9))	# the record's time
run decode "$T/bad.rec"
check "a damaged record time is caught by the CRC too" '[ $rc -eq 2 ] && grep -q "byte $ho: .*crc32 mismatch" "$T/err"'

cp "$H" "$T/bad.rec"
flip "$T/bad.rec" 8
run decode "$T/bad.rec"
check "a damaged version: exit 2 at byte 0, nothing printed" '[ $rc -eq 2 ] && one_err_line &&
    grep -q "byte 0: recording version" "$T/err" && [ ! -s "$T/out" ]'

cp "$H" "$T/bad.rec"
flip "$T/bad.rec" 3
run decode "$T/bad.rec"
check "a damaged magic is not a recording: exit 2" '[ $rc -eq 2 ] && one_err_line'

echo "1..$n"
[ "$failed" -eq 0 ]
