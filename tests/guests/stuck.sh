#!/bin/bash
# One guest's QEMU that does not answer (SIGSTOP) freezes nothing, on the
# embedded driver (issue 12, point 1), seen in hvtop's own --json and TUI:
#  - mid-run: the other guest keeps its numbers at the refresh rate; the
#    stopped one is listed "not answering" with its age and no numbers (no
#    stale ones); after SIGCONT it has numbers again;
#  - with the guest stopped before hvtop starts (libvirt's reconnect to it
#    never ends): hvtop starts, shows the other guest, marks this one;
#  - q, SIGTERM and SIGINT end the TUI within 1 s, the terminal restored;
#  - after SIGCONT, nothing is lost: both guests run, with numbers.
# The same on a libvirtd: tests/guests/stuck-daemon.sh.
. "${top_srcdir:-.}/tests/guests/lib.sh"
. "$top_srcdir/tests/guests/stuck-lib.sh"
guests_enter "$@"
require tmux

export HVTOP_DEMO_PROFILES=idle,idle
"$HVTOP" --demo 2 --accel tcg --json -n 1 >"$T/0.json" 2>"$T/0.err" || {
	cat "$T/0.err" >&2
	fail "hvtop --demo 2 did not run"
}
p1=$(cat "$ROOT/run/qemu/hvtop-demo-1.pid") || fail "no pid file for hvtop-demo-1"
on_exit "kill -CONT $p1 2>/dev/null"
stuck_json "$T" "$EMBED" "$p1" hvtop-demo-1 hvtop-demo-2

stuck_ends_fast hvtop-demo-1 hvtop-demo-2 "$HVTOP" -c "$EMBED" -d 1

# --- after SIGCONT: nothing lost ------------------------------------------
kill -CONT "$p1"
sleep 4
"$HVTOP" -c "$EMBED" --json -d 1 -n 3 >"$T/end.json" 2>"$T/end.err" ||
	fail "hvtop --json failed after SIGCONT: $(cat "$T/end.err")"
check "both guests run with numbers after SIGCONT" \
	"all(dom(S[-1], n)['state'] == 'running' and dom(S[-1], n)['cpu_pct'] is not None and dom(S[-1], n)['not_answering_s'] is None for n in ('hvtop-demo-1', 'hvtop-demo-2'))" "$T/end.json"
[ "$(cat "$ROOT/run/qemu/hvtop-demo-1.pid")" = "$p1" ] || fail "hvtop-demo-1 has a new QEMU: it was restarted"
exit 0
