#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# discovery.sh BUILD_DIR SOURCE_DIR - guests discovered on bridges and
# retired when gone; TCP and neighbour probes through the daemon
# (tests/integration/discovery.py).
set -eu
exec python3 "$(dirname "$0")/discovery.py" "$@"
