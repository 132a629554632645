#!/usr/bin/env bash
# smoke.sh FUZZER CORPUSDIR MKFIXTURE SECONDS
# Seeds the corpus from the project's fixtures (mkfixture --list) and runs
# the fuzzer for SECONDS; any crash, leak or sanitizer report fails the test.
set -euo pipefail
fuzzer=$1 corpus=$2 mkfixture=$3 secs=$4
mkdir -p "$corpus"
name=$(basename "$fuzzer")
for fx in $("$mkfixture" --list); do
	case "$name:$fx" in
	fuzz_bsd:darwin-*|fuzz_bsd:macos-*)	pfx='\x00' ;;
	fuzz_bsd:freebsd-*)			pfx='\x01' ;;
	fuzz_netlink:linux-*|fuzz_netlink:nl-*)	pfx='' ;;
	fuzz_decode:*)				pfx='\x00' ;;	# selector byte: auto, text
	fuzz_rec:rec-*)				pfx='' ;;	# whole recordings
	*)					continue ;;
	esac
	tmp=$(mktemp)
	"$mkfixture" "$fx" "$tmp" >/dev/null 2>&1 || { rm -f "$tmp"; continue; }
	{ printf "$pfx"; cat "$tmp"; } > "$corpus/seed-$fx"
	rm -f "$tmp"
done
# fuzz_rec: each recording again with the header flags "ZZUF", which makes
# the target recompute every CRC, so mutations reach the payloads.
if [ "$name" = fuzz_rec ]; then
	for f in "$corpus"/seed-rec-*; do
		[ -f "$f" ] || continue
		{ head -c 12 "$f"; printf 'ZZUF'; tail -c +17 "$f"; } \
		    > "$corpus/zzuf-$(basename "$f")"
	done
fi
# fuzz_explain reads text: the real pastes are its seeds (selector 0: detect).
if [ "$name" = fuzz_explain ]; then
	for f in "$(dirname "$0")"/../data/real-outputs/*.txt; do
		{ printf '\x00'; cat "$f"; } > "$corpus/seed-$(basename "$f")"
	done
fi
# fuzz_config: the golden config files, valid and invalid.
if [ "$name" = fuzz_config ]; then
	for f in "$(dirname "$0")"/../config/*.json; do
		cp "$f" "$corpus/seed-$(basename "$f")"
	done
fi
# fuzz_ctlproto: a chunk-size byte, then request lines as clients send them.
if [ "$name" = fuzz_ctlproto ]; then
	printf '\x07{"v":1,"id":1,"cmd":"status"}\n{"v":1,"id":2,"cmd":"events","args":{"since":"10m","kind":"target","limit":5}}\n' \
	    > "$corpus/seed-requests"
	printf '\x00{"v":2,"cmd":"x"}\n{"id":"a"}\n[]\n{"v":1,"id":9,"cmd":"follow","args":{"replay":true,"target":"vm1"}}\n' \
	    > "$corpus/seed-bad"
fi
# Inputs that once found a bug (tests/fuzz/regress/<target>-*) run first.
for f in "$(dirname "$0")"/regress/"${name#fuzz_}"-*; do
	[ -f "$f" ] && cp "$f" "$corpus/regress-$(basename "$f")"
done
echo "$name: $(ls "$corpus" | wc -l) corpus files, running ${secs}s"
"$fuzzer" -max_total_time="$secs" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 "$corpus" 2>&1 | tail -n 25
