#!/usr/bin/env bash
# SPDX-License-Identifier: ISC
#
# install_dryrun.sh BUILD_DIR SOURCE_DIR
#
# `vmwatchctl install` / `uninstall`, macOS and Linux, agent/user and
# --system: the --dry-run script must list exactly the directories,
# files and commands (launchctl bootstrap gui/UID ..., systemctl --user
# ...) in order; the printed plists must be XML property lists (xmllint,
# python3 plistlib) with the expected keys and values; the units must hold
# the expected lines and pass `systemd-analyze verify` when it exists.
# Then real installs into a --root staging directory; on Linux a real
# user install and uninstall run against a stand-in systemctl (as nobody
# when run as root); and the refusals.  Nothing outside a temporary
# directory is touched, and no real launchctl or systemctl is run.
set -euo pipefail

build=$1
src=$2
ctl=$build/vmwatchctl
# Short: a macOS socket path under $HOME must fit in 103 bytes.
tmp=$(mktemp -d /tmp/vwinst.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "not ok - $*" >&2; exit 1; }
pass() { echo "ok - $*"; }
mode_of() {	# permission bits in octal, GNU and BSD alike
	python3 -c 'import os, sys; print("%o" % (os.stat(sys.argv[1]).st_mode & 0o7777))' "$1"
}

export HOME=$tmp/home
unset XDG_CONFIG_HOME VMWATCH_SOCKET
uid=$(id -u)
label=org.vmwatch.vmwatchd

# The paths CMake baked in: prefix + GNUInstallDirs directories.
cache() { sed -n "s/^$1:[A-Z]*=//p" "$build/CMakeCache.txt"; }
prefix=$(cache CMAKE_INSTALL_PREFIX)
full() { case $1 in /*) echo "$1" ;; *) echo "$prefix/$1" ;; esac; }
vmwatchd=$(full "$(cache CMAKE_INSTALL_SBINDIR)")/vmwatchd
config=$(full "$(cache CMAKE_INSTALL_SYSCONFDIR)")/vmwatch/vmwatch.json
dgroup=$(cache VW_DARWIN_GROUP)
lgroup=$(cache VW_LINUX_GROUP)
[ -n "$dgroup" ] && [ -n "$lgroup" ] || fail "VW_*_GROUP not in the CMake cache"

# run NAME ARGS...: the dry-run script in $tmp/NAME.sh; it must be sh.
run() {
	local name=$1; shift
	"$ctl" "$@" > "$tmp/$name.sh" || fail "vmwatchctl $* exited $?"
	sh -n "$tmp/$name.sh" || fail "$name: the dry-run output is not sh"
}

# check NAME KIND: python3 checks the script (see below).
check() {
	python3 - "$tmp/$1.sh" "$2" "$HOME" "$uid" "$vmwatchd" "$config" \
	    "$dgroup" "$lgroup" "$tmp" <<'PY' || fail "$1"
import plistlib, shlex, subprocess, sys

script, kind, home, uid, vmwatchd, config, dgroup, lgroup, tmp = sys.argv[1:]
label = "org.vmwatch.vmwatchd"

# The script: command lines, and the here-documents by target path.
lines, files, mode = [], {}, None
for line in open(script).read().split("\n")[:-1]:
    if mode is not None:
        if line == "VMWATCH_EOF":
            mode = None
        else:
            files[cur] += line + "\n"
        continue
    if line.startswith("#"):
        continue
    words = shlex.split(line)
    if words[:1] == ["cat"]:
        assert words[1] == ">" and words[3:] == ["<<VMWATCH_EOF"], line
        cur = words[2]
        files[cur] = ""
        mode = "doc"
        lines.append(["cat", ">", cur])
    else:
        lines.append(words)

def expect_lines(want):
    want = [shlex.split(w) for w in want]
    if lines != want:
        print("commands differ:\n got  %s\n want %s" % (lines, want))
        sys.exit(1)

def plist(path):
    text = files[path]
    assert "${" not in text, "placeholder left in " + path
    p = subprocess.run(["xmllint", "--noout", "-"], input=text.encode(),
                       capture_output=True)
    assert p.returncode == 0 and not p.stderr, p.stderr.decode()
    d = plistlib.loads(text.encode())
    assert d["Label"] == label
    assert d["RunAtLoad"] is True
    assert d["KeepAlive"] == {"SuccessfulExit": False}, d["KeepAlive"]
    assert d["ThrottleInterval"] == 10
    assert d["ProcessType"] == "Standard"
    assert d["ProgramArguments"][0] == vmwatchd
    assert d["ProgramArguments"][1:3] == ["-c", config]
    assert d["StandardErrorPath"] == d["StandardOutPath"]
    return d

def unit_lines(path):
    return set(files[path].split("\n"))

q = shlex.quote
if kind == "darwin-agent":
    la = home + "/Library/LaunchAgents"
    pl = la + "/" + label + ".plist"
    sock = home + "/Library/Application Support/vmwatch/vmwatchd.sock"
    logs = home + "/Library/Logs/vmwatch"
    expect_lines([
        "mkdir -p -m 0755 " + q(la),
        "mkdir -p -m 0700 " + q(home + "/Library/Application Support/vmwatch"),
        "mkdir -p -m 0755 " + q(logs),
        "launchctl bootout gui/%s/%s 2>/dev/null || true" % (uid, label),
        "cat > " + q(pl),
        "chmod 0644 " + q(pl),
        "launchctl enable gui/%s/%s" % (uid, label),
        "launchctl bootstrap gui/%s %s" % (uid, q(pl))])
    d = plist(pl)
    assert d["ProgramArguments"] == [vmwatchd, "-c", config, "-s", sock,
        "--socket-mode", "0600", "--log-json", logs + "/vmwatchd.jsonl"], \
        d["ProgramArguments"]
    assert d["StandardErrorPath"] == logs + "/vmwatchd.log"
    assert "UserName" not in d
    open(tmp + "/agent.args", "w").write("\n".join(d["ProgramArguments"]))
elif kind == "darwin-system":
    pl = "/Library/LaunchDaemons/" + label + ".plist"
    ns = "/etc/newsyslog.d/vmwatch.conf"
    expect_lines([
        "mkdir -p -m 0755 /Library/LaunchDaemons",
        "mkdir -p -m 0755 /var/log/vmwatch",
        "launchctl bootout system/%s 2>/dev/null || true" % label,
        "cat > " + pl, "chmod 0644 " + pl,
        "mkdir -p -m 0755 /etc/newsyslog.d",
        "cat > " + ns, "chmod 0644 " + ns,
        "launchctl enable system/" + label,
        "launchctl bootstrap system " + pl])
    d = plist(pl)
    assert d["ProgramArguments"] == [vmwatchd, "-c", config, "-s",
        "/var/run/vmwatchd.sock", "--socket-mode", "0660",
        "--socket-group", dgroup, "--log-json",
        "/var/log/vmwatch/vmwatchd.jsonl"], d["ProgramArguments"]
    assert d["StandardErrorPath"] == "/var/log/vmwatch/vmwatchd.log"
    open(tmp + "/daemon.args", "w").write("\n".join(d["ProgramArguments"]))
    # newsyslog.conf(5): name owner:group mode count size(KB) when flags;
    # N: no signal (vmwatchd notices the rename), no compression.
    rules = [l.split() for l in files[ns].split("\n")
             if l.strip() and not l.startswith("#")]
    assert rules == [["/var/log/vmwatch/vmwatchd.jsonl", "root:" + dgroup,
                      "640", "7", "10240", "*", "N"]], rules
elif kind == "darwin-agent-uninstall":
    pl = home + "/Library/LaunchAgents/" + label + ".plist"
    expect_lines([
        "launchctl bootout gui/%s/%s 2>/dev/null || true" % (uid, label),
        "rm -f " + q(pl)])
elif kind == "darwin-system-uninstall":
    expect_lines([
        "launchctl bootout system/%s 2>/dev/null || true" % label,
        "rm -f /Library/LaunchDaemons/%s.plist" % label,
        "rm -f /etc/newsyslog.d/vmwatch.conf"])
elif kind == "linux-user":
    d = home + "/.config/systemd/user"
    u = d + "/vmwatchd.service"
    expect_lines([
        "mkdir -p -m 0755 " + q(d), "cat > " + q(u), "chmod 0644 " + q(u),
        "systemctl --user daemon-reload",
        "systemctl --user enable vmwatchd.service",
        "systemctl --user restart vmwatchd.service"])
    got = unit_lines(u)
    for want in ["[Service]", "Type=simple",
                 "ExecStart=%s -c %s -s %%t/vmwatchd-%%U.sock --socket-mode "
                 "0600 --log-json %%L/vmwatch/vmwatchd.jsonl --no-syslog"
                 % (vmwatchd, config),
                 "ExecReload=/bin/kill -HUP $MAINPID",
                 "Restart=on-failure", "RestartSec=10s",
                 "LogsDirectory=vmwatch", "NoNewPrivileges=yes",
                 "WantedBy=default.target"]:
        assert want in got, "missing: " + want
    assert "User=" not in files[u]
elif kind == "linux-system":
    u = "/etc/systemd/system/vmwatchd.service"
    expect_lines([
        "mkdir -p -m 0755 /etc/systemd/system", "cat > " + u,
        "chmod 0644 " + u, "systemctl daemon-reload",
        "systemctl enable vmwatchd.service",
        "systemctl restart vmwatchd.service"])
    got = unit_lines(u)
    for want in ["Type=simple",
                 "ExecStart=%s -c %s -s /run/vmwatchd.sock --socket-mode 0660 "
                 "--socket-group %s --log-json "
                 "/var/log/vmwatch/vmwatchd.jsonl --no-syslog"
                 % (vmwatchd, config, lgroup),
                 "Restart=on-failure", "RestartSec=10s",
                 "LogsDirectory=vmwatch",
                 "CapabilityBoundingSet=CAP_NET_RAW CAP_NET_ADMIN CAP_CHOWN",
                 "NoNewPrivileges=yes", "ProtectSystem=strict",
                 "ReadWritePaths=/run", "ProtectHome=yes",
                 "RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6",
                 "WantedBy=multi-user.target"]:
        assert want in got, "missing: " + want
    # No PrivateNetwork: it would hide the host's tables from vmwatchd.
    assert "PrivateNetwork" not in files[u]
elif kind == "linux-user-uninstall":
    u = home + "/.config/systemd/user/vmwatchd.service"
    expect_lines([
        "systemctl --user disable --now vmwatchd.service 2>/dev/null || true",
        "rm -f " + q(u), "systemctl --user daemon-reload"])
elif kind == "linux-system-uninstall":
    expect_lines([
        "systemctl disable --now vmwatchd.service 2>/dev/null || true",
        "rm -f /etc/systemd/system/vmwatchd.service",
        "systemctl daemon-reload"])
else:
    sys.exit("unknown kind " + kind)
PY
	pass "$1 ($2)"
}

# ---- the eight dry runs ----------------------------------------------------
run darwin-agent install --dry-run --os darwin
check darwin-agent darwin-agent
run darwin-system install --system --dry-run --os darwin
check darwin-system darwin-system
run darwin-agent-un uninstall --dry-run --os darwin
check darwin-agent-un darwin-agent-uninstall
run darwin-system-un uninstall -n --system --os darwin
check darwin-system-un darwin-system-uninstall
run linux-user install --dry-run --os linux
check linux-user linux-user
run linux-system install --dry-run --system --os linux
check linux-system linux-system
run linux-user-un uninstall --dry-run --os linux
check linux-user-un linux-user-uninstall
run linux-system-un uninstall --dry-run --system --os linux
check linux-system-un linux-system-uninstall
[ ! -e "$HOME" ] || fail "a dry run created $HOME"
pass "dry runs changed nothing"

# The dry run writes exactly what CMake generated (and installs to share/).
gen=$build/service
python3 - "$tmp/darwin-system.sh" "$gen" <<'PY' || fail "dry run differs from $gen"
import sys
script, gen = sys.argv[1:]
text = open(script).read()
for path, name in [("/Library/LaunchDaemons/org.vmwatch.vmwatchd.plist",
                    "launchd/org.vmwatch.vmwatchd.daemon.plist"),
                   ("/etc/newsyslog.d/vmwatch.conf",
                    "launchd/newsyslog.d/vmwatch.conf")]:
    head = "cat > %s <<'VMWATCH_EOF'\n" % path
    body = text.split(head, 1)[1].split("\nVMWATCH_EOF\n", 1)[0] + "\n"
    assert body == open(gen + "/" + name).read(), name
PY
pass "dry-run files equal the CMake-generated ones"

# ---- every option in the plists is one vmwatchd accepts ---------------------
# vmwatchd -n parses the whole command line, checks the config and exits.
if [ -x "$build/vmwatchd" ]; then
	for which in agent daemon; do
		args=()
		while IFS= read -r a || [ -n "$a" ]; do args+=("$a"); done < "$tmp/$which.args"
		args[0]=$build/vmwatchd
		args[2]=$src/config/vmwatch.json	# -c: the default config
		"${args[@]}" -n > "$tmp/n.out" 2>&1 ||
		    fail "vmwatchd rejects the $which plist's arguments: $(cat "$tmp/n.out")"
	done
	pass "vmwatchd accepts both plists' arguments"
	"$build/vmwatchd" -n --socket-mode 0644 > "$tmp/n.out" 2>&1 && fail "--socket-mode 0644 accepted"
	grep -q 'expected 0600 or 0660' "$tmp/n.out" || fail "--socket-mode message: $(cat "$tmp/n.out")"
	pass "vmwatchd --socket-mode refuses other modes"
else
	echo "ok - # SKIP vmwatchd not built"
fi

# ---- --prefix (a Homebrew-style prefix) and an XML-hostile HOME --------------
HOME="$tmp/R&D <x>" "$ctl" install -n --os darwin --prefix /opt/homebrew/ \
    > "$tmp/brew.sh"
python3 - "$tmp/brew.sh" "$tmp" "$(cache CMAKE_INSTALL_SBINDIR)" \
    "$(cache CMAKE_INSTALL_SYSCONFDIR)" <<'PY' || fail "--prefix / XML escaping"
import plistlib, sys
script, tmp, sbindir, etcdir = sys.argv[1:]
home = tmp + "/R&D <x>"
text = open(script).read()
body = text.split("<<'VMWATCH_EOF'\n", 1)[1].split("\nVMWATCH_EOF\n", 1)[0]
args = plistlib.loads(body.encode())["ProgramArguments"]
d = lambda rel: rel if rel.startswith("/") else "/opt/homebrew/" + rel
assert args[0] == d(sbindir) + "/vmwatchd", args
assert args[2] == d(etcdir) + "/vmwatch/vmwatch.json", args
assert args[4] == home + "/Library/Application Support/vmwatch/vmwatchd.sock"
PY
pass "--prefix /opt/homebrew and a HOME with & < > in it"

# ---- systemd-analyze verify -----------------------------------------------------
# A stand-in prefix, so ExecStart names an executable file.
stub=$tmp/prefix
mkdir -p "$stub/sbin" "$stub/etc/vmwatch"
printf '#!/bin/sh\n' > "$stub/sbin/vmwatchd"
chmod 0755 "$stub/sbin/vmwatchd"
if command -v systemd-analyze > /dev/null; then
	"$ctl" install --os linux --system --root "$tmp/sa" --prefix "$stub" > /dev/null
	"$ctl" install --os linux --root "$tmp/sa" --prefix "$stub" > /dev/null
	mkdir -m 0700 "$tmp/xdg"
	out=$(systemd-analyze verify --man=no \
	    "$tmp/sa/etc/systemd/system/vmwatchd.service" 2>&1) ||
	    fail "systemd-analyze verify (system): $out"
	[ -z "$out" ] || fail "systemd-analyze verify (system) warns: $out"
	out=$(XDG_RUNTIME_DIR=$tmp/xdg systemd-analyze --user verify --man=no \
	    "$tmp/sa$HOME/.config/systemd/user/vmwatchd.service" 2>&1) ||
	    fail "systemd-analyze verify (user): $out"
	[ -z "$out" ] || fail "systemd-analyze verify (user) warns: $out"
	pass "systemd-analyze verify: both units"
else
	echo "ok - # SKIP systemd-analyze not installed"
fi

# ---- real installs into a staging root ---------------------------------------------
stage=$tmp/stage
"$ctl" install --os linux --system --root "$stage" > "$tmp/out" || fail "install --root"
grep -qx "wrote $stage/etc/systemd/system/vmwatchd.service" "$tmp/out" ||
    fail "install --root output: $(cat "$tmp/out")"
unit=$stage/etc/systemd/system/vmwatchd.service
[ "$(mode_of "$unit")" = 644 ] || fail "unit mode $(mode_of "$unit")"
# Byte for byte what the dry run printed.
python3 - "$tmp/linux-system.sh" "$unit" <<'PY' || fail "staged unit differs from the dry run"
import sys
text = open(sys.argv[1]).read()
body = text.split("<<'VMWATCH_EOF'\n", 1)[1].split("\nVMWATCH_EOF\n", 1)[0] + "\n"
assert body == open(sys.argv[2]).read()
PY
ls "$stage"/etc/systemd/system/ | grep -v '^vmwatchd.service$' &&
    fail "a temporary file was left beside the unit"
"$ctl" install --os linux --system --root "$stage" > /dev/null || fail "reinstall --root"
"$ctl" uninstall --os linux --system --root "$stage" > "$tmp/out" || fail "uninstall --root"
[ ! -e "$unit" ] || fail "uninstall --root left $unit"
grep -qx "removed $unit" "$tmp/out" || fail "uninstall output: $(cat "$tmp/out")"
"$ctl" uninstall --os linux --system --root "$stage" > /dev/null ||
    fail "a second uninstall must succeed (nothing to remove)"
pass "real Linux install/uninstall under --root"

"$ctl" install --os darwin --root "$stage" > /dev/null || fail "darwin install --root"
[ "$(mode_of "$stage$HOME/Library/Application Support/vmwatch")" = 700 ] ||
    fail "socket directory is not 0700"
[ "$(mode_of "$stage$HOME/Library/Logs/vmwatch")" = 755 ] ||
    fail "log directory is not 0755"
python3 -c 'import plistlib,sys; plistlib.load(open(sys.argv[1],"rb"))' \
    "$stage$HOME/Library/LaunchAgents/$label.plist" || fail "staged plist"
pass "real macOS agent install under --root: directories and plist"

# ---- a real user install, with a stand-in systemctl --------------------------------
# Runs the commands for real (posix_spawnp, PATH search) against a fake
# systemctl that records its arguments; as root, the run drops to nobody,
# since a user service is refused as root.
if [ "$(uname -s)" = Linux ] &&
    { [ "$(id -u)" != 0 ] || command -v setpriv > /dev/null; }; then
	real=$tmp/real
	mkdir -p "$real/bin" "$real/home"
	cat > "$real/bin/systemctl" <<EOF
#!/bin/sh
echo "\$*" >> "$real/calls"
[ "\$*" != "\${FAIL_ON:-}" ] || { echo "systemctl: stand-in failure" >&2; exit 3; }
EOF
	chmod 0755 "$real/bin/systemctl"
	chmod 0777 "$real" "$real/home"
	as_user=()
	[ "$(id -u)" = 0 ] && as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
	realrun() {	# realrun [VAR=value...] -- vmwatchctl args
		local envs=()
		while [ "$1" != -- ]; do envs+=("$1"); shift; done
		shift
		env -i PATH="$real/bin:/usr/bin:/bin" HOME="$real/home" "${envs[@]}" \
		    "${as_user[@]}" "$ctl" "$@"
	}
	cp "$src/config/vmwatch.json" "$stub/etc/vmwatch/vmwatch.json"
	chmod -R a+rX "$stub" "$tmp"
	realrun -- install --os linux --prefix "$stub" > "$real/out" 2>&1 ||
	    fail "real user install: $(cat "$real/out")"
	printf '%s\n' "--user daemon-reload" "--user enable vmwatchd.service" \
	    "--user restart vmwatchd.service" > "$real/want"
	diff -u "$real/want" "$real/calls" > "$real/diff" ||
	    fail "systemctl calls: $(cat "$real/diff")"
	unit=$real/home/.config/systemd/user/vmwatchd.service
	grep -qx "ExecStart=$stub/sbin/vmwatchd -c $stub/etc/vmwatch/vmwatch.json -s %t/vmwatchd-%U.sock --socket-mode 0600 --log-json %L/vmwatch/vmwatchd.jsonl --no-syslog" "$unit" ||
	    fail "real install: ExecStart in $unit"
	grep -q "^+ systemctl --user restart vmwatchd.service$" "$real/out" ||
	    fail "real install does not show its commands: $(cat "$real/out")"
	grep -q "loginctl enable-linger" "$real/out" || fail "no note on lingering"
	pass "real user install runs systemctl --user daemon-reload, enable, restart"

	# A failing command stops the run with exit 1 and one line naming it.
	: > "$real/calls"
	rc=0
	realrun FAIL_ON="--user enable vmwatchd.service" -- install --os linux \
	    --prefix "$stub" > "$real/out" 2> "$real/err" || rc=$?
	[ "$rc" = 1 ] || fail "a failing systemctl: exit $rc, want 1"
	grep -qx "vmwatchctl: systemctl --user enable vmwatchd.service: failed (exit status 3)" "$real/err" ||
	    fail "failure line: $(cat "$real/err")"
	grep -q restart "$real/calls" && fail "ran restart after enable failed"
	pass "a failing command stops the install (exit 1, one line)"

	# uninstall: disable --now (its failure ignored), remove, daemon-reload.
	: > "$real/calls"
	realrun FAIL_ON="--user disable --now vmwatchd.service" -- uninstall --os linux \
	    > "$real/out" 2>&1 || fail "real uninstall: $(cat "$real/out")"
	[ ! -e "$unit" ] || fail "real uninstall left $unit"
	printf '%s\n' "--user disable --now vmwatchd.service" "--user daemon-reload" > "$real/want"
	diff -u "$real/want" "$real/calls" > "$real/diff" ||
	    fail "uninstall systemctl calls: $(cat "$real/diff")"
	grep -q "stand-in failure" "$real/out" && fail "an ignored failure printed its stderr"
	pass "real uninstall: disable --now (failure ignored, stderr silenced), rm, daemon-reload"

	# A missing vmwatchd is refused before anything is changed.
	: > "$real/calls"
	rc=0
	realrun -- install --os linux --prefix "$tmp/nowhere" > "$real/out" 2>&1 || rc=$?
	[ "$rc" = 1 ] || fail "install with no vmwatchd: exit $rc"
	grep -q "$tmp/nowhere/.*vmwatchd: No such file" "$real/out" || fail "message: $(cat "$real/out")"
	[ ! -s "$real/calls" ] || fail "commands ran although vmwatchd is missing"
	pass "install refuses a prefix without vmwatchd, changing nothing"
fi

# ---- refusals -----------------------------------------------------------------------
expect_fail() {	# STATUS PATTERN ARGS...
	local want=$1 pat=$2 rc=0; shift 2
	"$ctl" "$@" > "$tmp/o" 2> "$tmp/e" || rc=$?
	[ "$rc" = "$want" ] || fail "vmwatchctl $*: exit $rc, want $want"
	grep -q -- "$pat" "$tmp/e" || fail "vmwatchctl $*: stderr: $(cat "$tmp/e")"
	[ "$(wc -l < "$tmp/e")" = 1 ] || fail "vmwatchctl $*: more than one error line"
}
expect_fail 2 "expected darwin or linux, got 'hurd'" install -n --os hurd
expect_fail 2 "unknown option '--bogus'" install -n --bogus
expect_fail 2 "option --root needs a value" install -n --root
expect_fail 2 "unknown option '--prefix'" uninstall -n --prefix /usr
expect_fail 2 "expected an absolute path" install -n --os linux --root rel
expect_fail 2 "expected an absolute path of letters" install -n --prefix 'a b'
other=darwin; [ "$(uname -s)" = Darwin ] && other=linux
expect_fail 2 "is not this system" install --os $other
long=$tmp/$(printf 'x%.0s' $(seq 1 60))
HOME=$long expect_fail 2 "longer than the 103 bytes" install -n --os darwin
HOME=$long "$ctl" uninstall -n --os darwin > /dev/null || fail "uninstall with a long HOME"
# Real runs check privileges before changing anything (and are refused
# here either way, so no service manager is touched).
if [ "$(id -u)" = 0 ]; then
	expect_fail 2 "as root, use --system" install
else
	expect_fail 1 "needs root" install --system
fi
pass "bad usage exits 2 with one line; privileges are checked first"

"$ctl" help install | grep -q -- '--dry-run' || fail "help install"
"$ctl" help uninstall | grep -q -- 'bootout' || fail "help uninstall"
pass "help install / uninstall"
