#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# man_lint.sh BUILD_DIR SOURCE_DIR - every manual page (mdoc, beside its
# sources) must be silent under `mandoc -Tlint -Wwarning`, and must render.
set -euo pipefail

src=$2
pages=("$src/daemon/vmwatchd.8" "$src/daemon/ctl/vmwatchctl.8"
    "$src/config/vmwatch.json.5")

command -v mandoc > /dev/null || { echo "ok - # SKIP mandoc not installed"; exit 0; }
status=0
for p in "${pages[@]}"; do
	name=${p#"$src"/}
	if [ ! -f "$p" ]; then
		echo "not ok - $name: missing"
		status=1
		continue
	fi
	# mandoc exits 0 on warnings: any output at all is a failure.
	out=$(mandoc -Tlint -Wwarning "$p" 2>&1) || true
	if [ -n "$out" ]; then
		echo "not ok - $name: mandoc -Tlint:"
		echo "$out" | sed 's/^/#   /'
		status=1
		continue
	fi
	if ! mandoc -Tutf8 "$p" > /dev/null 2>&1; then
		echo "not ok - $name: does not render"
		status=1
		continue
	fi
	echo "ok - $name"
done
exit $status
