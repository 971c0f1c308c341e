#!/bin/bash
# Quitting hvtop leaves the guests running, and the next hvtop finds them
# with their counters and can act on them: 20 quit/restart cycles on the
# embedded root, with guests that are ballooned, paused and resumed,
# snapshotted and given scheduler settings in between.  Every process that
# opens the root (hvtop, tests/guests/embedctl) does so through kvm/embed.c,
# which waits for libvirt's reconnect to the running guests: without that
# wait the scheduler call right after opening fails ("cgroup CPU controller
# is not mounted") and a guest can be killed ("shutting down,
# reason=daemon" in its log).  No guest may be lost or restarted.
. "${top_srcdir:-.}/tests/guests/lib.sh"
guests_enter "$@"
require tmux
CTL=${top_builddir:-.}/tests/guests/embedctl
[ -x "$CTL" ] || fail "$CTL is not built (make check builds it)"
CYCLES=${HVTOP_RESTART_CYCLES:-20}

export HVTOP_DEMO_PROFILES=cpu-hog,net-chatty,net-chatty
"$HVTOP" --demo --accel tcg --json -n 1 >"$T/0.json" 2>"$T/0.err" || {
	cat "$T/0.err" >&2
	fail "hvtop --demo did not run"
}
guests="hvtop-demo-1 hvtop-demo-2 hvtop-demo-3"

ctl() { # GUEST ACTION...: run embedctl, fail with its output
	"$CTL" "$ROOT" "$@" >"$T/ctl.out" 2>&1 || {
		cat "$T/ctl.out" >&2
		fail "cycle $cycle: embedctl $* failed"
	}
	cat "$T/ctl.out" >>"$T/ctl.log"
}

shares=1024
t_start=$(now_ms)
for ((cycle = 1; cycle <= CYCLES; cycle++)); do
	case $((cycle % 4)) in
	1) ctl hvtop-demo-2 setmem $(((200 - cycle) * 1024)) ;;
	2) ctl hvtop-demo-3 suspend resume ;;
	3) shares=$((512 + cycle))
	   ctl hvtop-demo-1 shares "$shares" ;;
	0) ctl "hvtop-demo-$((cycle / 4 % 3 + 1))" snapshot "c$cycle" ;;
	esac
	# a fresh process reads each guest right after opening the root
	for g in $guests; do
		ctl "$g" show
		grep -q "^state=running " "$T/ctl.out" ||
			fail "cycle $cycle: $g is not running: $(cat "$T/ctl.out")"
	done
	# (not through <(...): bash does not wait for a process substitution,
	# and hvtop, started next, would find embedctl still holding the root)
	ctl hvtop-demo-1 show
	grep -q " shares=$shares " "$T/ctl.out" ||
		fail "cycle $cycle: hvtop-demo-1 lost its cpu_shares $shares"
	# quit and restart hvtop itself
	"$HVTOP" -c "$EMBED" --json -n 1 >"$T/$cycle.json" 2>"$T/$cycle.err" || {
		cat "$T/$cycle.err" >&2
		fail "cycle $cycle: hvtop did not start on the embedded root"
	}
	python3 - "$T/$((cycle - 1)).json" "$T/$cycle.json" "$cycle" <<'EOF' || fail "cycle $cycle: a guest was lost or restarted"
import json, sys
a = {d["name"]: d for d in json.loads(open(sys.argv[1]).readline())["domains"]}
b = {d["name"]: d for d in json.loads(open(sys.argv[2]).readline())["domains"]}
assert sorted(a) == sorted(b), (sorted(a), sorted(b))
for n, d in b.items():
    assert d["state"] in ("running", "paused"), (n, d["state"])
    assert d["id"] == a[n]["id"], (n, "id", a[n]["id"], d["id"])
    assert d["cpu_time_ns"] >= a[n]["cpu_time_ns"], (n, a[n]["cpu_time_ns"], d["cpu_time_ns"])
EOF
done
echo "$CYCLES cycles in $(($(now_ms) - t_start)) ms"
tail -n 3 "$T/ctl.log"

# the TUI: q quits, the header shows the URI and the accelerator
tui_start 200 20 "$HVTOP" -c "$EMBED" --keys '<sync><sync>q'
tui_wait_for "$(sed 's/[][\\.*^$?+(){}|]/\\&/g' <<<"$EMBED - guests: TCG")" 30
tui_wait_exit 30
cycle=tui
"$HVTOP" -c "$EMBED" --json -n 1 >"$T/tui.json" 2>"$T/tui.err" || fail "hvtop did not start after the TUI quit"
python3 - "$T/0.json" "$T/tui.json" <<'EOF' || fail "the guests did not survive the TUI's q"
import json, sys
a, b = ({d["name"]: d for d in json.loads(open(p).readline())["domains"]} for p in sys.argv[1:])
assert all(b[n]["id"] == a[n]["id"] and b[n]["state"] == "running" for n in a), (a, b)
print("ok: after q the guests run on, same ids, counters", {n: b[n]["cpu_time_ns"] // 10**6 for n in b}, "ms")
EOF

# nothing was killed or rebooted behind our back
if grep -h "shutting down" "$ROOT"/log/qemu/*.log; then
	fail "a guest was shut down during the cycles"
fi
for g in $guests; do
	log=$XDG_STATE_HOME/hvtop/demo/$g.serial
	[ "$(grep -a -c HVTOP-READY "$log")" = 1 ] || fail "$g booted more than once"
	echo "$g: $(grep -a -o 'HVTOP-TICK n=[0-9]*' "$log" | tail -n 1), never restarted"
done
echo "PASS"
