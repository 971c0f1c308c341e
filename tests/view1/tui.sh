#!/bin/bash
# View 1 on the screen without a local tracer: a local test-driver host
# and a "remote" one (a private libvirtd on 127.0.0.1 over TCP, which
# libvirt and hvtop treat as another machine).  The view says there is
# no local tracer data and that exact slices are local-only, lists the
# vCPUs with libvirt's numbers, and its keys (+ - z Left Right w) answer in
# the status line; help lists them; --trace writes a trace file that
# parses even with no slices.  Slices on real data are the tracer's tests.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

need_cmd tmux libvirtd virsh python3
[ -x "$HVTOP" ] || fail "no hvtop binary at $HVTOP"

fixture 3
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state \
	XDG_CACHE_HOME=$tmp/cache XDG_DATA_HOME=$tmp/data
mkdir -p "$HOME"

# the remote host: libvirt's test driver served on a TCP port of its own
make_tmpdir D
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])') ||
	fail "no free TCP port"
cat >"$D/libvirtd.conf" <<EOF
# private libvirtd for hvtop's view-1 test: nothing outside $D
unix_sock_dir = "$D"
unix_sock_ro_perms = "0777"
unix_sock_rw_perms = "0777"
unix_sock_admin_perms = "0700"
auth_unix_ro = "none"
auth_unix_rw = "none"
listen_tls = 0
listen_tcp = 1
listen_addr = "127.0.0.1"
tcp_port = "$port"
auth_tcp = "none"
log_outputs = "1:file:$D/libvirtd.log"
EOF
mkdir -p "$D/drivers" "$D/run" || fail "cannot create $D"
as=()
if [ "$(id -u)" = 0 ]; then
	# as the other tests' daemons: root's libvirtd would probe the host
	need_cmd setpriv
	chmod 755 "$D" && chmod 700 "$D/run" && chown -R nobody: "$D" ||
		fail "cannot hand $D to nobody"
	as=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups --)
fi
(cd "$D" && exec env -i PATH="$PATH" HOME="$D" LANG=C \
	XDG_RUNTIME_DIR="$D/run" XDG_CONFIG_HOME="$D/config" \
	XDG_CACHE_HOME="$D/cache" LIBVIRT_DRIVER_DIR="$D/drivers" \
	"${as[@]}" libvirtd --listen -f "$D/libvirtd.conf" -p "$D/libvirtd.pid" \
	</dev/null >>"$D/libvirtd.out" 2>&1) &
daemon=$!
on_exit "kill $daemon 2>/dev/null; wait $daemon 2>/dev/null"
remote="test+tcp://127.0.0.1:$port/default"
deadline=$(($(now_ms) + 20000))
until virsh -q -c "$remote" list >/dev/null 2>&1; do
	if ! kill -0 "$daemon" 2>/dev/null || [ "$(now_ms)" -ge "$deadline" ]; then
		tail -n 20 "$D/libvirtd.out" "$D/libvirtd.log" >&2 2>/dev/null
		fail "the private libvirtd on port $port did not answer within 20 s"
	fi
	sleep 0.1
done

# what view 1 says with no local QEMU guest: as root, with tracefs, the
# tracer runs and follows nothing; without either, no tracer runs at all
if [ "$(id -u)" = 0 ] && { [ -d /sys/kernel/tracing/instances ] ||
	mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null; }; then
	no_slices='no local QEMU guest to trace \(exact slices need a local QEMU host\)'
else
	no_slices='no local tracer data \(the tracer is not running: exact slices need a local QEMU host\)'
fi
tui_start 140 40 "$HVTOP" --no-config -d 0.5 -c "$uri" -c "$remote"
tui_wait_for ' a<b>&c$' 10
# the test driver gives vCPUs only for the selected domain (the focus)
select_dom 'a<b>&c'
tui_keys 1
tui_wait_for "^time slices: $no_slices" 5
tui_wait_for ": remote host: exact slices are local-only; libvirt's per-vCPU time and delay below" 5
tui_wait_for ': not traced: libvirt.s per-vCPU time and delay below' 5
tui_wait_for '^DOMAIN +VCPU +TID +PCPU +AFFIN +RUN% +WAIT% +STEAL% +SLC/s +MEANSL +HALT/s +WAITED BEHIND' 3
# the selected domain's vCPUs, with libvirt's numbers and no slices
tui_wait_for '^a<b>&c +0 +- +[0-9]+ +[0-9-]+ +[0-9.]+ +[-0-9.]+ +[-0-9.]+ +- +- +- +-$' 5
# no map is drawn from nothing
tui_screen | grep -q '^CPU0' && fail "a map is drawn without slices: $(tui_screen)"

# the view's keys answer in the status line
tui_keys +
status_is '^zoom: 5 ms per cell' 3
tui_keys +
status_is '^zoom: 1 ms per cell' 3
tui_keys +
status_is '^already at 1 ms per cell, the finest zoom' 3
tui_keys - - - -
status_is '^zoom: 100 ms per cell' 3
tui_keys -
status_is '^already at 100 ms per cell, the coarsest zoom' 3
tui_keys z
status_is '^nothing to freeze: no time slices yet' 3
tui_keys Left
status_is '^nothing to scroll: no time slices yet' 3
tui_keys Right
status_is '^nothing to scroll: no time slices yet' 3
tui_keys w
status_is '^no time slices to write: the tracer has sent none yet' 3
[ -d "$XDG_STATE_HOME/hvtop" ] && ls "$XDG_STATE_HOME/hvtop" | grep -q trace &&
	fail "w wrote a trace without slices"

# help from view 1: its keys first
tui_keys h
tui_wait_for '^in view slices:' 3
screen=$(tui_screen)
for re in '^  \+ = +zoom-in ' '^  - +zoom-out ' '^  z +freeze ' '^  <Left> +scroll-left ' \
	'^  <Right> +scroll-right ' '^  w +write-trace +write the 60 s shown as a trace file'; do
	grep -qE -- "$re" <<<"$screen" || fail "help does not list /$re/: $screen"
done
tui_keys Escape
tui_wait_for "^time slices: $no_slices" 3
# and elsewhere those keys are not view 1's: + in the domain list says nothing of zoom
tui_keys Escape
tui_wait_for 'ID S +RDRQ' 3
tui_keys z
sleep 0.3
tui_screen | tail -n 1 | grep -q 'freeze' && fail "z froze something in view 0"
tui_keys q
tui_wait_exit 5

# --trace: a file Perfetto opens, even when no tracer ran
"$HVTOP" --no-config -c "$uri" -b -n 1 --trace "$tmp/run.json" >/dev/null 2>"$tmp/err" ||
	fail "hvtop --trace failed: $(cat "$tmp/err")"
grep -qxF "hvtop: 0 time slices written to $tmp/run.json (no local tracer data came)" "$tmp/err" ||
	fail "--trace did not say what it wrote: $(cat "$tmp/err")"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
assert isinstance(d["traceEvents"], list), d
assert not [e for e in d["traceEvents"] if e.get("ph") == "X"], d
' "$tmp/run.json" || fail "--trace wrote no valid trace file: $(cat "$tmp/run.json")"
# an unwritable path is refused before anything runs
"$HVTOP" --no-config -c "$uri" -b -n 1 --trace "$tmp/no/such/dir/t.json" >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] || fail "--trace to a missing directory exited $rc"
grep -qxF "hvtop: cannot write the trace file $tmp/no/such/dir/t.json: No such file or directory" "$tmp/err" ||
	fail "--trace to a missing directory: $(cat "$tmp/err")"
exit 0
