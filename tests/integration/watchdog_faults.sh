#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# watchdog_faults.sh BUILD_DIR SOURCE_DIR - the watchdog's fault suite
# (tests/integration/watchdog_faults.py): nine faults made on purpose in
# network namespaces, each diagnosed with its cause code, evidence and
# timing, then 60 s of steady state without a false alarm.
# The namespaces are deleted on every exit path (the script's finally).
set -eu
exec python3 "$(dirname "$0")/watchdog_faults.py" "$@"
