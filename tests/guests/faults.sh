#!/bin/bash
# Faults on real TCG guests on the embedded driver (issue 12, point 2; the
# test-driver faults are tests/faults/faults.sh), with the state dir on a
# small tmpfs of its own:
#  - the disk full during --demo: one sentence, no crash, and the guest
#    already running keeps running (libvirt would stop a guest whose state
#    it cannot record: hvtop does not open a root on a full disk);
#  - the disk full during a snapshot (n in view 4): one sentence in
#    the status line, the guest keeps running, the TUI goes on and quits
#    with the terminal restored;
#  - SIGHUP, SIGTERM and SIGINT at random points while --demo boots guests
#    in the TUI: it ends, the terminal restored, and the next --demo finds
#    every guest that had booted, none restarted.
# Prints "faults tried N, survived N, guests lost 0".
. "${top_srcdir:-.}/tests/guests/lib.sh"
. "$top_srcdir/tests/actions/lib.sh"
guests_enter "$@"
require tmux

seed=${FAULT_SEED:-$((RANDOM * 32768 + RANDOM))}
RANDOM=$seed
echo "faults: seed $seed (FAULT_SEED=$seed repeats these random points)"
tried=0 survived=0

S=$XDG_STATE_HOME/hvtop
cp -a "$S/guest" "$T/guest.keep" || fail "cannot keep the demo image"
mount -t tmpfs -o size=256m,mode=0700 hvtop-state "$S" || fail "cannot mount a tmpfs on $S"
# the guests go before their tmpfs does (guests_enter's own teardown would
# run after this one and find the root gone; running it twice is harmless)
on_exit "_guests_teardown; umount -l '$S'"
cp -a "$T/guest.keep" "$S/guest" || fail "cannot copy the demo image to the tmpfs"
export HVTOP_DEMO_PROFILES=idle,idle,idle,idle
export HOME=$T/home
mkdir -p "$HOME"

pid_of() { cat "$ROOT/run/qemu/$1.pid" 2>/dev/null; }
# running NAME PID: the guest runs with the QEMU it had
running() {
	[ "$(pid_of "$1")" = "$2" ] && kill -0 "$2" 2>/dev/null ||
		fail "$1 is lost or restarted (QEMU $2, now '$(pid_of "$1")')"
}
ok() { tried=$((tried + 1)) survived=$((survived + 1)); echo "survived: $*"; }

"$HVTOP" --demo 1 --accel tcg --json -n 1 >"$T/1.json" 2>"$T/1.err" || {
	cat "$T/1.err" >&2
	fail "hvtop --demo 1 did not run on the tmpfs"
}
p1=$(pid_of hvtop-demo-1)

# --- the disk full during --demo ----------------------------------------------
dd if=/dev/zero of="$S/fill" bs=1M 2>/dev/null
rc=0
"$HVTOP" --demo 2 --accel tcg --json -n 1 >"$T/2.json" 2>"$T/2.err" || rc=$?
cat "$T/2.err"
[ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] || fail "--demo 2 with the disk full exited $rc"
grep -Eq '^hvtop: .*(No space left on device|is full)' "$T/2.err" ||
	fail "--demo 2 with the disk full did not say so in a sentence"
[ "$(grep -c . "$T/2.err")" -le 3 ] || fail "--demo 2 with the disk full said too much"
running hvtop-demo-1 "$p1"
ok "the disk full during --demo"

# --- the disk full during a snapshot ------------------------------------------
# room for hvtop to open the root (its guests' state), not for a snapshot
# of the guest's memory
rm -f "$S/fill"
free_k=$(df -k --output=avail "$S" | tail -n 1)
dd if=/dev/zero of="$S/fill" bs=1K count=$((free_k - 6144)) 2>/dev/null
echo "free for the snapshot: $(df -k --output=avail "$S" | tail -n 1) KiB"
tui_start_held 160 30 "$HVTOP" -c "$EMBED" -d 1
tui_wait_for ' hvtop-demo-1' 30
tui_keys 4
tui_wait_for "snapshots of 'hvtop-demo-1'" 10
tui_keys n
tui_wait_for "New snapshot of 'hvtop-demo-1'" 10
tui_keys C-u
tui_keys -l 'full'
tui_keys Enter
status_is "snapshot 'full' of 'hvtop-demo-1'.*(No space left|space|failed)" 120
echo "status: $(tui_screen | tail -n 1)"
tui_keys 0
tui_wait_for ' hvtop-demo-1' 5
running hvtop-demo-1 "$p1"
tui_keys q
tui_wait_for '^\[exited 0\]' 10
tui_check_restored
tui_stop
# the failed snapshot took what was left: hvtop now refuses the root,
# and once there is room it finds the guest running
rc=0
"$HVTOP" -c "$EMBED" --json -n 1 >"$T/s.json" 2>"$T/s.err" || rc=$?
echo "with the disk full again: rc $rc, $(cat "$T/s.err")"
rm -f "$S/fill"
"$HVTOP" -c "$EMBED" --json -n 1 >"$T/s.json" 2>"$T/s.err" || fail "hvtop after the snapshot: $(cat "$T/s.err")"
check "hvtop-demo-1 still runs after the failed snapshot" \
	"dom(S[-1], 'hvtop-demo-1')['state'] == 'running'" "$T/s.json"
running hvtop-demo-1 "$p1"
ok "the disk full during a snapshot"

# --- signals at random points while --demo boots ----------------------------
n=1
for sig in HUP TERM INT; do
	n=$((n + 1))
	tui_start_held 160 30 "$HVTOP" --demo "$n" --accel tcg -d 1
	after=$((500 + RANDOM % 6000))
	sleep "$(printf '%d.%03d' $((after / 1000)) $((after % 1000)))"
	pid=$(tui_child_pid)
	[ -n "$pid" ] && kill -"$sig" "$pid"
	tui_wait_for '\[exited [0-9]+\]' 30
	tui_check_restored
	echo "SIG$sig after $after ms: $(tui_screen | grep -oE '\[exited [0-9]+\]')"
	tui_stop
	# every guest that had booted is found again, with its QEMU
	"$HVTOP" --demo "$n" --accel tcg --json -n 1 >"$T/sig.json" 2>"$T/sig.err" || {
		cat "$T/sig.err" >&2
		fail "--demo $n after SIG$sig did not run"
	}
	running hvtop-demo-1 "$p1"
	for ((i = 2; i < n; i++)); do
		running "hvtop-demo-$i" "${pids[i]}"
	done
	for ((i = 1; i <= n; i++)); do
		pids[i]=$(pid_of "hvtop-demo-$i")
	done
	check "--demo $n runs $n guests after SIG$sig" \
		"sum(1 for d in S[-1]['domains'] if d['state'] == 'running') == $n" "$T/sig.json"
	ok "SIG$sig at a random point while --demo boots"
done

echo "faults tried $tried, survived $survived, guests lost 0"
exit 0
