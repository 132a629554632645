#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# netlink_roundtrip.sh BUILD_DIR SOURCE_DIR
#
# The rtnetlink path end to end against the real kernel: in a network
# namespace made for the test, build a vmnet-like setup (bridge br100 playing
# macOS bridge100, a veth in it, a tun playing a VPN's utun; routes in
# several tables, multipath, blackhole/unreachable, neighbours in several
# NUD states), dump it raw with tests/vw_nldump (the daemon's socket shim),
# decode it with `vmwatchctl decode --os linux --table --json`, and compare
# with what iproute2 reports (tests/integration/nl_compare.py).  Then delete,
# replace and add some of everything and compare again.
#
# Needs root and iproute2; without root it prints SKIP and succeeds.
# Addresses: 198.18.0.0/15 and 2001:db8::/32 only, inside the namespace.
set -eu

build=${1:?usage: netlink_roundtrip.sh BUILD_DIR SOURCE_DIR}
src=${2:?usage: netlink_roundtrip.sh BUILD_DIR SOURCE_DIR}

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP: netlink_roundtrip needs root (it creates a network namespace)"
	exit 0
fi
command -v ip >/dev/null || fail "iproute2 (ip) not found"
command -v python3 >/dev/null || fail "python3 not found"
nldump=$build/tests/vw_nldump
ctl=$build/vmwatchctl
compare=$src/tests/integration/nl_compare.py
[ -x "$nldump" ] || fail "helper not built: $nldump"
[ -x "$ctl" ] || fail "vmwatchctl not built: $ctl"

ns=vwt-rt-$$
work=$(mktemp -d "${TMPDIR:-/tmp}/vwt-rt.XXXXXX")
cleanup() {
	ip netns del "$ns" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

ip netns add "$ns" || fail "cannot create network namespace $ns"
in_ns() {
	ip netns exec "$ns" "$@"
}
# Run a setup step, naming it when it fails.
step() {
	in_ns "$@" || fail "step failed: $*"
}

# Fewer packets the kernel sends by itself (router solicitations, DAD) means
# fewer neighbour entries appearing between two dumps.
for knob in default/router_solicitations default/accept_dad all/accept_dad; do
	in_ns sh -c "echo 0 > /proc/sys/net/ipv6/conf/$knob" ||
	    fail "cannot set net.ipv6.conf.$knob"
done

# ---- the setup -------------------------------------------------------------
step ip link set lo up
step ip link add br100 type bridge
step ip link set br100 up
step ip addr add 198.18.64.1/24 dev br100
step ip addr add 198.18.64.10/24 dev br100
step ip addr add 2001:db8:64::1/64 dev br100 nodad
step ip link add vwbr0 type veth peer name vwpeer0
step ip link set vwbr0 master br100
step ip link set vwbr0 up
step ip link set vwpeer0 up
step ip tuntap add dev vwtun0 mode tun
step ip link set vwtun0 up
step ip addr add 198.18.100.1 peer 198.18.100.2 dev vwtun0

step ip route add 198.19.0.0/16 via 198.18.64.2
step ip route add 198.19.0.0/25 via 198.18.64.3 metric 10
step ip route add default via 198.18.64.2 table 100
step ip route add 198.20.0.0/16 nexthop via 198.18.64.2 nexthop via 198.18.64.3 weight 2
step ip route add blackhole 198.21.0.0/16
step ip route add unreachable 198.22.0.0/16
step ip route add 198.23.0.0/16 via inet6 fe80::2 dev br100
step ip -6 route add 2001:db8:99::/48 via 2001:db8:64::2
step ip -6 route add 2001:db8:98::/48 via fe80::2 dev br100 metric 512
step ip -6 route add blackhole 2001:db8:dead::/48

step ip neigh add 198.18.64.2 lladdr 02:00:5e:00:00:02 dev br100 nud permanent
step ip neigh add 198.18.64.3 lladdr 02:00:5e:00:00:03 dev br100 nud stale
step ip -6 neigh add 2001:db8:64::2 lladdr 02:00:5e:00:00:12 dev br100 router nud stale
step ip -6 neigh add fe80::2 lladdr 02:00:5e:00:00:02 dev br100 nud permanent

# ---- one comparison ----------------------------------------------------------
# Dump with our shim, decode with vmwatchctl, ask iproute2, compare.  The
# kernel may add a multicast neighbour entry (MLD/IGMP reports) between two
# dumps, so a mismatch is retried twice with fresh dumps before it counts.
snapshot() {
	local phase=$1 d try
	shift
	for try in 1 2 3; do
		d=$work/$phase.$try
		mkdir -p "$d"
		in_ns "$nldump" "$d/dump.bin" || fail "$phase: vw_nldump failed"
		in_ns ip -j link show >"$d/links.json"
		in_ns ip -j addr show >"$d/addrs.json"
		in_ns ip -4 -j route show table all >"$d/routes4.json"
		in_ns ip -6 -j route show table all >"$d/routes6.json"
		in_ns ip -j neigh show nud all >"$d/neigh.json"
		"$ctl" decode --os linux --table --json "$d/dump.bin" \
		    >"$d/table.json" ||
		    fail "$phase: vmwatchctl decode failed on $d/dump.bin"
		if python3 "$compare" --label "$phase" --table "$d/table.json" \
		    --links "$d/links.json" --addrs "$d/addrs.json" \
		    --routes4 "$d/routes4.json" --routes6 "$d/routes6.json" \
		    --neigh "$d/neigh.json" "$@"; then
			return 0
		fi
		echo "$phase: mismatch on try $try"
		sleep 1
	done
	fail "$phase: vmwatch's table differs from iproute2's"
}

snapshot initial --expect links=5 --expect addresses=6 --expect routes=20 \
    --expect neighbours=4

# ---- delete, replace, add ----------------------------------------------------
step ip route del 198.19.0.0/25 via 198.18.64.3 metric 10
step ip route replace 198.19.0.0/16 via 198.18.64.3
step ip route replace 198.20.0.0/16 nexthop via 198.18.64.2 nexthop via 198.18.64.3 nexthop via 198.18.64.4 weight 3
step ip route del default table 100
step ip route add 198.25.0.0/16 via 198.18.64.2 table 100 metric 5
step ip route add throw 198.27.0.0/16 table 100
step ip route add prohibit 198.26.0.0/16
step ip route del blackhole 198.21.0.0/16
step ip -6 route del 2001:db8:99::/48
step ip -6 route add 2001:db8:97::/48 nexthop via fe80::2 dev br100 nexthop via fe80::3 dev br100
step ip -6 route replace 2001:db8:98::/48 via 2001:db8:64::3 metric 512

step ip neigh del 198.18.64.3 dev br100
step ip neigh replace 198.18.64.2 lladdr 02:00:5e:00:00:22 dev br100 nud permanent
step ip neigh add 198.18.64.5 lladdr 02:00:5e:00:00:05 dev br100 nud noarp
step ip -6 neigh del 2001:db8:64::2 dev br100

step ip addr del 198.18.64.10/24 dev br100
step ip addr add 198.18.65.1/24 dev br100
step ip -6 addr add 2001:db8:65::1/64 dev vwpeer0 nodad
step ip link del vwtun0
step ip tuntap add dev vwtap0 mode tap
step ip link set vwtap0 up
step ip link set vwpeer0 mtu 1400

snapshot changed --expect links=5 --expect addresses=6 --expect routes=20 \
    --expect neighbours=3

echo "PASS: netlink_roundtrip"
