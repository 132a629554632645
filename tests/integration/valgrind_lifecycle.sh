#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# valgrind_lifecycle.sh BUILD_DIR SOURCE_DIR - a whole daemon lifecycle
# under valgrind memcheck, zero errors and zero leaks
# (tests/integration/valgrind_lifecycle.py).
set -eu
exec python3 "$(dirname "$0")/valgrind_lifecycle.py" "$@"
