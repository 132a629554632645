#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
# setup.sh - the two set-up commands of the README.
#
#   ./setup.sh run    install dependencies, build, run vmwatchd in the foreground
#                     on its embedded default config (Ctrl-C stops it)
#   ./setup.sh test   install dependencies, build, run the whole test suite
#
# Dependencies come from apt-get on Debian/Ubuntu and from Homebrew on macOS;
# only what is missing is installed, so running it twice is cheap.
set -euo pipefail
cd "$(dirname "$0")"
top=$PWD
jobs=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 2)

deps_debian() {
	local want=(build-essential cmake pkg-config libuv1-dev libcjson-dev
	    iproute2 python3 clang valgrind mandoc procps fping nftables
	    libxml2-utils)
	local missing=()
	for p in "${want[@]}"; do
		dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	local sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	echo "setup: installing ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
}

# promtool (Prometheus's strict text-format checker) for the metrics test,
# taken from Debian's prometheus package without installing it: the
# package would start a Prometheus server.  Kept in .tools/ (ignored).
tools_debian() {
	[ -x "$top/.tools/promtool" ] && return 0
	command -v promtool >/dev/null && return 0
	local tmp
	tmp=$(mktemp -d)
	if (cd "$tmp" && apt-get download -qq prometheus >/dev/null 2>&1 &&
	    dpkg-deb -x prometheus_*.deb x); then
		mkdir -p "$top/.tools"
		cp "$tmp/x/usr/bin/promtool" "$top/.tools/promtool"
	else
		echo "setup: could not fetch promtool; the metrics test will say so" >&2
	fi
	rm -rf "$tmp"
}

deps_macos() {
	command -v brew >/dev/null || { echo "setup: Homebrew is needed (https://brew.sh)" >&2; exit 1; }
	for p in cmake pkg-config libuv cjson; do
		brew list --formula "$p" >/dev/null 2>&1 || brew install "$p"
	done
}

deps() {
	case "$(uname -s)" in
	Linux)	command -v dpkg >/dev/null && deps_debian && tools_debian ;;
	Darwin)	deps_macos ;;
	*)	echo "setup: install cmake, pkg-config, libuv and cJSON yourself" >&2 ;;
	esac
}

build() {	# build DIR [cmake args...]
	local dir=$1; shift
	cmake -S "$top" -B "$dir" "$@" >/dev/null
	cmake --build "$dir" -j "$jobs"
}

case "${1:-}" in
run)
	deps
	build "$top/build"
	shift
	exec "$top/build/vmwatchd" -s "${VMWATCH_SOCKET:-/tmp/vmwatchd.sock}" "$@"
	;;
test)
	deps
	# 1. The normal build runs every test: unit, integration (namespaces), CLI.
	build "$top/build"
	(cd "$top/build" && ctest --output-on-failure -j "$jobs")
	# 2. The whole suite again under ASan + UBSan: unit tests and every
	#    integration test run the sanitized vmwatchd and vmwatchctl.  Any
	#    report stops the program (halt_on_error), so the test fails.  A
	#    small quarantine keeps RSS bounds meaningful; the steady-state
	#    phase of the fault suite is shortened (the normal build ran it in
	#    full); valgrind cannot run an ASan binary and skips itself.
	build "$top/build-asan" -DVW_ASAN=ON -DVW_UBSAN=ON -DVW_BENCH=OFF
	(cd "$top/build-asan" &&
	    ASAN_OPTIONS=quarantine_size_mb=16:detect_leaks=1:halt_on_error=1 \
	    UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 VWT_STEADY_S=10 \
	    ctest --output-on-failure -j "$jobs" -E '^(build|fuzz)/')
	# 3. A short libFuzzer smoke run of every fuzz target (clang).
	if command -v clang >/dev/null; then
		CC=clang build "$top/build-fuzz" -DVW_FUZZ=ON -DVW_BENCH=OFF
		(cd "$top/build-fuzz" && ctest --output-on-failure -R '^fuzz/')
	fi
	;;
*)
	echo "usage: $0 run|test" >&2
	exit 2
	;;
esac
