#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# replay_faults.sh BUILD_DIR SOURCE_DIR - an incident recorded live in
# network namespaces and replayed (tests/integration/replay_faults.py):
# same target.down cause and evidence; a macOS-shaped recording replayed
# on Linux; truncated and corrupted recordings stop with a byte offset.
set -eu
exec python3 "$(dirname "$0")/replay_faults.py" "$@"
