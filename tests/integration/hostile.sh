#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# hostile.sh BUILD_DIR SOURCE_DIR - vmwatchd in hostile surroundings
# (tests/integration/hostile.py): the JSON log unwritable or its disk
# full, syslog missing or stalled, the socket directory missing or
# read-only, the wall clock stepped and a sleep faked, 300 interfaces
# with 15-character names, an IPv6-only host, 100 targets.  Network and
# mount namespaces are the test's own and go on every exit path.
set -eu
exec python3 "$(dirname "$0")/hostile.py" "$@"
