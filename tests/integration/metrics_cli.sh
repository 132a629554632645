#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# metrics_cli.sh BUILD_DIR SOURCE_DIR - the Prometheus metrics, through
# vmwatchctl and the HTTP listener, checked by promtool
# (tests/integration/metrics_cli.py).
set -eu
exec python3 "$(dirname "$0")/metrics_cli.py" "$@"
