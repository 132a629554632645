#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# install_layout.sh BUILD_DIR SOURCE_DIR - `cmake --install` into a staging
# directory (DESTDIR) with a Homebrew-style prefix lays out the programs,
# man pages, default config and service files; a second install keeps an
# edited config; the installed vmwatchctl, pointed at that prefix, names
# the installed vmwatchd and config.
set -euo pipefail

build=$1
tmp=$(mktemp -d /tmp/vwlayout.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "not ok - $*" >&2; exit 1; }

if [ ! -x "$build/vmwatchd" ]; then
	echo "ok - # SKIP vmwatchd not built on this system"
	exit 0
fi
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
rel() { case $1 in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac; }

prefix=/opt/homebrew
stage=$tmp/stage
DESTDIR=$stage cmake --install "$build" --prefix "$prefix" > "$tmp/log" 2>&1 ||
    fail "cmake --install: $(cat "$tmp/log")"

sbin=$(rel "$(cache CMAKE_INSTALL_SBINDIR)")
bin=$(rel "$(cache CMAKE_INSTALL_BINDIR)")
etc=$(rel "$(cache CMAKE_INSTALL_SYSCONFDIR)")
# GNUInstallDirs caches these two empty when they take their defaults.
dataroot=$(cache CMAKE_INSTALL_DATAROOTDIR)
d=$(cache CMAKE_INSTALL_DATADIR); share=$(rel "${d:-$dataroot}")
d=$(cache CMAKE_INSTALL_MANDIR); man=$(rel "${d:-$dataroot/man}")
for f in "$sbin/vmwatchd" "$bin/vmwatchctl"; do
	[ -x "$stage$f" ] || fail "not installed or not executable: $f"
done
for f in "$man/man8/vmwatchd.8" "$man/man8/vmwatchctl.8" \
    "$man/man5/vmwatch.json.5" "$etc/vmwatch/vmwatch.json" \
    "$share/vmwatch/vmwatch.json" \
    "$share/vmwatch/launchd/org.vmwatch.vmwatchd.agent.plist" \
    "$share/vmwatch/launchd/org.vmwatch.vmwatchd.daemon.plist" \
    "$share/vmwatch/launchd/newsyslog.d/vmwatch.conf" \
    "$share/vmwatch/launchd/README.md" \
    "$share/vmwatch/systemd/vmwatchd.service" \
    "$share/vmwatch/systemd/vmwatchd.user.service"; do
	[ -f "$stage$f" ] || fail "not installed: $f"
done
# Everything under the prefix: nothing escaped into / through DESTDIR.
other=$(cd "$stage" && find . -type f | grep -v "^\.$prefix/" || true)
[ -z "$other" ] || fail "installed outside $prefix: $other"
cmp -s "$stage$etc/vmwatch/vmwatch.json" "$2/config/vmwatch.json" ||
    fail "installed config differs from config/vmwatch.json"
echo "ok - layout under DESTDIR$prefix"

# An upgrade keeps the user's edits; the pristine copy is refreshed.
echo '{ "history": { "size": 100 } }' > "$stage$etc/vmwatch/vmwatch.json"
DESTDIR=$stage cmake --install "$build" --prefix "$prefix" > "$tmp/log" 2>&1 ||
    fail "second cmake --install: $(cat "$tmp/log")"
grep -q '"size": 100' "$stage$etc/vmwatch/vmwatch.json" ||
    fail "the second install overwrote the edited config"
grep -q "Keeping: $stage$etc/vmwatch/vmwatch.json" "$tmp/log" ||
    fail "no 'Keeping' line: $(cat "$tmp/log")"
echo "ok - a second install keeps the edited config"

# The installed vmwatchctl, told where the prefix is, names those files.
HOME=$tmp/home "$stage$bin/vmwatchctl" install --dry-run --os darwin \
    --prefix "$prefix" > "$tmp/agent.sh"
python3 - "$tmp/agent.sh" "$sbin/vmwatchd" "$etc/vmwatch/vmwatch.json" <<'PY' ||
import plistlib, sys
script, vmwatchd, config = sys.argv[1:]
text = open(script).read()
body = text.split("<<'VMWATCH_EOF'\n", 1)[1].split("\nVMWATCH_EOF\n", 1)[0]
args = plistlib.loads(body.encode())["ProgramArguments"]
assert args[:3] == [vmwatchd, "-c", config], args
PY
    fail "vmwatchctl --prefix $prefix does not name the installed files"
[ -x "$stage$sbin/vmwatchd" ] && [ -f "$stage$etc/vmwatch/vmwatch.json" ] ||
    fail "the paths vmwatchctl names were not installed"
echo "ok - installed vmwatchctl --prefix $prefix names the installed vmwatchd and config"

# The man pages render from where they were installed.
if command -v mandoc > /dev/null; then
	for p in "$man/man8/vmwatchd.8" "$man/man8/vmwatchctl.8" \
	    "$man/man5/vmwatch.json.5"; do
		mandoc -Tascii "$stage$p" > /dev/null || fail "mandoc $p"
	done
	echo "ok - installed man pages render"
fi
