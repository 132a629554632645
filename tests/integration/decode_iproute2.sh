#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# decode_iproute2.sh BUILD_DIR SOURCE_DIR - lib/fmt_ip.c against the real
# iproute2: in a network namespace made for the test, set up routes (several
# tables, multipath, blackhole, unreachable, onlink, mtu, IPv6) and
# neighbours, dump them raw with tests/vw_nldump, and compare
# `vmwatchctl decode --os linux` with what `ip` itself prints:
#   `ip -4 route show table all` and `ip -6 route show table all` byte for
#   byte, in order; `ip neigh` byte for byte as sets (the kernel dumps
#   neighbours in hash order).
# The neighbour comparison needs iproute2 >= 5.16, whose spacing fmt_ip
# prints by default (fmt_ip.h); with an older ip(8) it is skipped.
# KEEP=1 keeps the work directory for a look at the files.
#
# Needs root, ip(8) and the vw_nldump helper; otherwise prints SKIP.
# Addresses: 198.18.0.0/15 and 2001:db8::/32, inside the namespace only.
set -u

B=${1:?usage: decode_iproute2.sh BUILD_DIR SOURCE_DIR}
VC="$B/vmwatchctl"
DUMP="$B/tests/vw_nldump"

skip() {
	echo "1..0 # SKIP $*"
	exit 0
}
[ "$(id -u)" -eq 0 ] || skip "needs root (creates a network namespace)"
command -v ip >/dev/null 2>&1 || skip "iproute2 not installed"
[ -x "$VC" ] || skip "vmwatchctl not built"
[ -x "$DUMP" ] || skip "tests/vw_nldump not built"

ns=vwt-fmt-$$
T=$(mktemp -d "${TMPDIR:-/tmp}/decode_iproute2.XXXXXX") || exit 1
cleanup() {
	ip netns del "$ns" 2>/dev/null
	[ -n "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
ip netns add "$ns" || skip "cannot create a network namespace"

x() { ip netns exec "$ns" "$@"; }
setup_failed=0
step() {
	if ! x "$@"; then
		echo "# setup step failed: $*"
		setup_failed=1
	fi
}

# Only br100 and lo carry IPv6 (one ff00::/8 per interface is enough);
# no router solicitations or DAD, so the kernel adds nothing by itself.
for k in default/router_solicitations default/accept_dad all/accept_dad; do
	x sh -c "echo 0 > /proc/sys/net/ipv6/conf/$k"
done
step ip link set lo up
step ip link add br100 type bridge
step ip link set br100 up
step ip addr add 198.18.64.1/24 dev br100
step ip addr add 2001:db8:64::1/64 dev br100 nodad
step ip link add vwbr0 type veth peer name vwpeer0
x sh -c 'echo 1 > /proc/sys/net/ipv6/conf/vwbr0/disable_ipv6'
x sh -c 'echo 1 > /proc/sys/net/ipv6/conf/vwpeer0/disable_ipv6'
step ip link set vwbr0 master br100
step ip link set vwbr0 up
step ip link set vwpeer0 up
step ip tuntap add dev vwtun0 mode tun
x sh -c 'echo 1 > /proc/sys/net/ipv6/conf/vwtun0/disable_ipv6'
step ip link set vwtun0 up
step ip addr add 198.18.100.1 peer 198.18.100.2 dev vwtun0

step ip route add 198.19.0.0/16 via 198.18.64.2
step ip route add 198.19.0.0/25 via 198.18.64.3 metric 10 mtu 1400
step ip route add default via 198.18.64.2 table 100
step ip route add 198.19.8.0/24 via 198.18.64.2 proto dhcp metric 600
step ip route add 198.20.0.0/16 nexthop via 198.18.64.2 weight 1 \
    nexthop via 198.18.64.3 weight 2
step ip route add blackhole 198.21.0.0/16
step ip route add unreachable 198.22.0.0/16 table 52
step ip route add 198.23.0.0/16 via 198.18.99.1 dev br100 onlink
step ip route add 198.18.96.0/20 dev vwtun0 src 198.18.100.1 scope link
step ip -6 route add 2001:db8:99::/48 via 2001:db8:64::2
step ip -6 route add 2001:db8:98::/48 dev br100 proto static metric 5
step ip -6 route add default via 2001:db8:64::2 metric 1024
step ip -6 route add 2001:db8:97::/48 nexthop via 2001:db8:64::2 \
    nexthop via 2001:db8:64::3
step ip neigh add 198.18.64.2 lladdr 02:00:5e:00:00:02 dev br100 nud permanent
step ip neigh add 198.18.64.3 lladdr 02:00:5e:00:00:03 dev br100 nud stale
step ip neigh add 198.18.64.4 lladdr 02:00:5e:00:00:04 dev br100 nud reachable
step ip neigh add 2001:db8:64::2 lladdr 02:00:5e:00:00:12 dev br100 \
    nud reachable router

n=0
failed=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() { n=$((n + 1)); failed=$((failed + 1)); echo "not ok $n - $1"; }

if [ $setup_failed -ne 0 ]; then
	not_ok "namespace setup"
	echo "1..$n"
	exit 1
fi

# Two tries: a neighbour may change state between the dump and `ip`.
for try in 1 2; do
	x "$DUMP" "$T/dump.bin" || { not_ok "vw_nldump"; break; }
	x ip -4 route show table all >"$T/ip4"
	x ip -6 route show table all >"$T/ip6"
	x ip neigh >"$T/neigh"
	"$VC" decode --os linux "$T/dump.bin" >"$T/out" 2>"$T/err"
	rc=$?
	awk -v f="$T/vw" '/^# ip/ { i++; next } { print > (f i) }' "$T/out"
	touch "$T/vw1" "$T/vw2" "$T/vw3"
	sort "$T/neigh" >"$T/neigh.sorted"
	sort "$T/vw3" >"$T/vw3.sorted"
	cmp -s "$T/neigh.sorted" "$T/vw3.sorted" && break
done

if [ $rc -eq 0 ] && [ ! -s "$T/err" ] && [ "$(grep -c '^# ip' "$T/out")" -eq 3 ]; then
	ok "decode --os linux of a live dump"
else
	not_ok "decode --os linux of a live dump (exit $rc)"
	sed 's/^/#   /' "$T/err"
fi
compare() {
	if cmp -s "$1" "$2"; then
		ok "$3"
	else
		not_ok "$3"
		diff "$1" "$2" | sed 's/^/#   /' | cat -A | head -30
	fi
}
compare "$T/ip4" "$T/vw1" "ip -4 route show table all, byte for byte"
compare "$T/ip6" "$T/vw2" "ip -6 route show table all, byte for byte"
# iproute2 before 5.16 spaced neighbours differently (fmt_ip.h).
if grep -q '  [A-Z]\|[A-Z]$' "$T/neigh"; then
	echo "# iproute2 older than 5.16: neighbour spacing differs; skipped"
else
	compare "$T/neigh.sorted" "$T/vw3.sorted" "ip neigh, byte for byte (as sets)"
fi
echo "1..$n"
[ "$failed" -eq 0 ]
