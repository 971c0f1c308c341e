#!/bin/bash
# The daemon killed on real guests (issue 12, point 2): a libvirtd host
# (tests/lib/twohosts.sh, host A) running two TCG guests, watched by the
# TUI, is killed with SIGKILL and started again at a random point of a
# refresh, of an action (pause) and of a job (a snapshot with memory).
# Each time: no crash, one sentence, hvtop finds the host again by itself,
# the guests keep running with the QEMU they had (none lost or restarted),
# and q ends hvtop with the terminal restored.
# Prints "faults tried N, survived N, guests lost 0".
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/twohosts.sh"
. "$top_srcdir/tests/actions/lib.sh"
need_cmd tmux python3

seed=${FAULT_SEED:-$((RANDOM * 32768 + RANDOM))}
RANDOM=$seed
echo "faults: seed $seed (FAULT_SEED=$seed repeats these random points)"
tried=0 survived=0

twohosts_start
twohosts_guest A g1 idle local
twohosts_guest A g2 idle
twohosts_wait_serial g1 'HVTOP-TICK n=1 ' 120
twohosts_wait_serial g2 'HVTOP-TICK n=1 ' 120
q1=$(cat "$TH_DIR/A/run/qemu/g1.pid") q2=$(cat "$TH_DIR/A/run/qemu/g2.pid")

sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }
# guests_kept: both guests run on A with the QEMU they had
guests_kept() {
	local g q
	for g in g1 g2; do
		q=$q1
		[ $g = g2 ] && q=$q2
		kill -0 "$q" 2>/dev/null || fail "$g's QEMU $q is gone"
		[ "$(cat "$TH_DIR/A/run/qemu/$g.pid")" = "$q" ] || fail "$g was restarted"
		[ "$(th_state A $g)" = running ] || fail "libvirt says $g is '$(th_state A $g)'"
	done
}
# kill_restart: host A's daemon killed, then started again; hvtop finds it
kill_restart() {
	th_kill A
	# the header says so, with libvirt's reason
	tui_wait_for "disconnected|lost|cannot connect" 15
	echo "  said: $(tui_screen | grep -m1 -E 'disconnected|lost|cannot connect')"
	tui_alive || fail "hvtop died with the daemon"
	_th_start A
	tui_wait_for '^ +[0-9]+ +[RP] .* g1$' 30
	tui_wait_for '^ +[0-9]+ +[RP] .* g2$' 10
}
survive() { tried=$((tried + 1)) survived=$((survived + 1)); echo "survived: $*"; }

tui_start_held 160 30 "$HVTOP" -c "$TH_URI_A" -d 0.5
tui_wait_for ' g1$' 30
tui_wait_for ' g2$' 10

# --- during a refresh -------------------------------------------------------
sleep_ms $((RANDOM % 1000))
kill_restart
guests_kept
survive "the daemon killed during a refresh"

# --- during an action: pause g2 ----------------------------------------------
tui_keys / g2 Enter
tui_wait_for "filter: 'g2' \(1 shown" 10
tui_keys Escape
tui_keys p
sleep_ms $((RANDOM % 300))
kill_restart
# the pause went through or not; either way g2 is there: resumed if paused
if [ "$(th_state A g2)" = paused ]; then
	echo "  (the pause went through: resumed)"
	th_virsh A resume g2 >/dev/null || fail "cannot resume g2"
fi
guests_kept
survive "the daemon killed during an action"

# --- during a job: a snapshot of g1 with its memory --------------------------
tui_keys / g1 Enter
tui_wait_for "filter: 'g1' \(1 shown" 10
tui_keys Escape
tui_keys 4
tui_wait_for "snapshots of 'g1'" 10
tui_keys n
tui_wait_for "New snapshot of 'g1'" 10
tui_keys C-u
tui_keys -l 'mid'
tui_keys Enter
# the memory is saved in well under a second here: the kill comes soon
sleep_ms $((50 + RANDOM % 300))
th_kill A
tui_keys 5
tui_wait_for "(failed|done) .*snapshot 'mid' of 'g1'" 60
# cut by the kill, it says the connection was lost (or it had finished)
tui_wait_for "(connection to the host was lost|snapshot 'mid' of 'g1' created)" 5
echo "  the job: $(tui_screen | grep -E "snapshot 'mid' of 'g1'" | head -n 1 | sed 's/  */ /g')"
tui_alive || fail "hvtop died with the daemon"
_th_start A
tui_keys 0
tui_wait_for '^ +[0-9]+ +[RP] .* g1$' 30
# a snapshot QEMU was saving when the daemon died may have left it paused
if [ "$(th_state A g1)" = paused ]; then
	echo "  (g1 was left paused by the cut snapshot: resumed)"
	th_virsh A resume g1 >/dev/null || fail "cannot resume g1"
fi
guests_kept
survive "the daemon killed during a job"

tui_keys q
tui_wait_for '\[exited 0\]' 10
tui_check_restored
echo "faults tried $tried, survived $survived, guests lost 0"
exit 0
