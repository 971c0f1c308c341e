#!/bin/bash
# The management keys on a real guest (the demo guest, under TCG, on the
# embedded driver): pause stops its CPU time and resume restarts it; the
# balloon lowers the memory the guest itself reports available; reverting
# a memory snapshot brings back the tick counter the guest printed on its
# serial console before the snapshot; a shutdown that outlasts its timeout
# offers destroy.  Needs root, QEMU and the demo image (tests/guests/lib.sh).
. "${top_srcdir:-.}/tests/guests/lib.sh"
guests_enter "$@"
. "$top_srcdir/tests/actions/lib.sh"

g=hvtop-demo-1
serial=$XDG_STATE_HOME/hvtop/demo/$g.serial
export HVTOP_DEMO_PROFILES=cpu-hog
# the guest ignores the ACPI button, so a shutdown always outlasts its
# timeout and the destroy offer must appear
export HVTOP_DEMO_APPEND=hvtop.acpi=off
"$HVTOP" --demo 1 --accel tcg --json -n 1 >"$T/demo.json" 2>"$T/demo.err" || {
	cat "$T/demo.err" >&2
	fail "hvtop --demo did not bring the guest up"
}
grep -q HVTOP-READY "$serial" || fail "no HVTOP-READY in $serial"

# a shutdown waits 1 s at most here, so the destroy offer can be seen
tui_start 130 34 env HVTOP_SHUTDOWN_TIMEOUT=1 "$HVTOP" -d 1 -c "$EMBED"
tui_wait_for "$g" 60
select_dom "$g"
state_is "$g" R 10

# the TIME column of the guest's row, in centiseconds
cpu_cs() {
	tui_screen | grep -F -- " $g" | head -n 1 |
		awk '{ print $(NF - 1) }' | awk -F'[:.]' '
			NF == 3 { print ($1 * 60 + $2) * 100 + $3; exit }
			NF == 4 { print (($1 * 60 + $2) * 60 + $3) * 100; exit }
			{ print -1 }'
}
# the last tick the guest printed
last_tick() { grep -ao 'HVTOP-TICK n=[0-9]*' "$serial" | tail -n 1 | sed 's/.*n=//'; }

# --- pause stops the CPU time ------------------------------------------------
sleep 3
a=$(cpu_cs); sleep 4; b=$(cpu_cs)
run=$((b - a))
[ "$run" -gt 20 ] || fail "a cpu-hog guest's TIME does not grow ($a -> $b cs in 4 s)"
tui_keys p
status_is "'$g' paused" 30
state_is "$g" P
sleep 2
# the vCPUs stop; QEMU's own threads (TIME counts the whole process) may
# still use a sliver
a=$(cpu_cs); sleep 4; b=$(cpu_cs)
lim=$((run / 10 > 5 ? run / 10 : 5))
[ $((b - a)) -le "$lim" ] ||
	fail "TIME grew by $((b - a)) cs in 4 s while paused ($run cs running)"
t=$(last_tick); sleep 6
[ "$(last_tick)" = "$t" ] || fail "the guest ticked while paused"
echo "ok: paused: TIME +$((b - a)) cs in 4 s (running: +$run cs), no tick after n=$t"
tui_keys p
status_is "'$g' resumed" 30
state_is "$g" R
sleep 3
c=$(cpu_cs)
[ "$c" -gt "$b" ] || fail "TIME does not grow after resume ($b -> $c)"
echo "ok: resumed, TIME $b -> $c cs"

# --- the balloon lowers what the guest sees ---------------------------------
avail() { # the dialog's "available N MiB"
	tui_keys b
	tui_wait_for "Memory of '$g'" 30
	tui_screen | sed -n 's/.*guest sees *available \([0-9.]*\) MiB.*/\1/p' | head -n 1
}
deadline=$(($(now_ms) + 30000))
while a0=$(avail); [ -z "$a0" ] && [ "$(now_ms)" -lt "$deadline" ]; do
	tui_keys Escape
	sleep 2
done
[ -n "$a0" ] || fail "the guest reports no available memory: $(tui_screen | grep 'guest sees')"
form_field current '256 MiB'
# a step down from the current size, then one more typed
tui_keys -
form_field 'new size' '\[192_\]'
tui_keys + C-u 1 9 2 M Enter
status_is "memory of '$g' set to 192 MiB" 30
deadline=$(($(now_ms) + 40000))
while :; do
	sleep 2
	a1=$(avail)
	tui_keys Escape
	[ -n "$a1" ] && [ "${a1%.*}" -le $((${a0%.*} - 40)) ] && break
	[ "$(now_ms)" -lt "$deadline" ] ||
		fail "available memory did not drop after the balloon ($a0 -> ${a1:-?} MiB)"
done
echo "ok: balloon 256 -> 192 MiB, the guest's available memory $a0 -> $a1 MiB"
tui_keys b
tui_wait_for "Memory of '$g'" 30
form_field current '192 MiB'
# above the maximum: refused
tui_keys C-u 5 1 2 Enter
form_field 'new size' 'above the maximum of 256 MiB'
tui_keys Escape

# --- a snapshot revert brings back what the guest had ----------------------
tui_keys 4
tui_wait_for "snapshots of '$g'" 10
tui_wait_for 'no snapshots' 30
tui_keys n
tui_wait_for "New snapshot of '$g'" 10
form_field keep 'with memory'
tui_keys C-u
tui_keys -l 'marker'
tui_keys Tab
tui_keys -l 'the tick counter before'
n0=$(last_tick)
tui_keys Enter
# the memory is saved by a job: the jobs view shows it meanwhile
tui_keys 5
tui_wait_for "snapshot 'marker' of '$g'" 10
status_is "snapshot 'marker' of '$g' created \(with memory\)" 180
n1=$(last_tick)
echo "ok: snapshot taken between ticks n=$n0 and n=$n1"
tui_keys 4
tui_wait_for '^\* marker ' 30
# let the guest count on past the snapshot
deadline=$(($(now_ms) + 60000))
until [ "$(last_tick)" -ge $((n1 + 3)) ]; do
	[ "$(now_ms)" -lt "$deadline" ] || fail "the guest stopped ticking (n=$(last_tick))"
	sleep 1
done
before=$(last_tick)
size0=$(stat -c %s "$serial")
ready0=$(grep -ac HVTOP-READY "$serial")
tui_keys Enter
status_is "Revert '$g' to snapshot 'marker'" 10
tui_keys y
status_is "'$g' reverted to snapshot 'marker'" 180
# libvirt may restart QEMU to load the snapshot (the console file then
# starts afresh) or load it in place: either way the count goes back
deadline=$(($(now_ms) + 60000))
while :; do
	after=$(last_tick)
	[ -n "$after" ] && [ "$after" -lt "$before" ] && break
	[ "$(now_ms)" -lt "$deadline" ] ||
		fail "the tick counter did not go back after the revert (n=${after:-none}, n=$before before)"
	sleep 1
done
[ "$after" -le $((n1 + 2)) ] ||
	fail "after the revert the guest counts from n=$after (snapshot at n<=$n1)"
# restored, not rebooted: no second HVTOP-READY
if [ "$(stat -c %s "$serial")" -lt "$size0" ]; then
	[ "$(grep -ac HVTOP-READY "$serial")" = 0 ] || fail "the guest booted again instead of reverting"
else
	[ "$(grep -ac HVTOP-READY "$serial")" = "$ready0" ] || fail "the guest booted again instead of reverting"
fi
echo "ok: reverted: the guest counted to n=$before, then went on from n=$after"
tui_keys x
status_is "Delete snapshot 'marker' of '$g'\? \(y/n\)" 10
tui_keys y
tui_wait_for 'no snapshots' 60

# --- create through the form: a real guest boots ------------------------------
tui_keys 0 c
tui_wait_for 'Create a domain on qemu:///embed' 30
form_field boot 'demo kernel'
form_field 'image dir' "\\[$XDG_STATE_HOME/hvtop/guest\\]"
form_field network 'user-mode'
form_field 'disk size' "in $ROOT/images"
tui_keys -l 'made-1'
tui_keys Tab Tab C-u
tui_keys -l '128M'
tui_keys Tab Tab C-u
tui_keys -l '64M'
tui_keys Enter
status_is "created 'made-1' and started it" 120
made_serial=$ROOT/images/made-1.serial.log
deadline=$(($(now_ms) + 180000))
until grep -qa HVTOP-READY "$made_serial" 2>/dev/null; do
	[ "$(now_ms)" -lt "$deadline" ] || {
		tail -n 20 "$made_serial" >&2
		fail "the created guest did not come up"
	}
	sleep 1
done
grep -qa 'HVTOP-DEVICES net=eth0 disk=vda balloon=yes' "$made_serial" ||
	fail "the created guest lacks a device: $(grep -a HVTOP-DEVICES "$made_serial")"
echo "ok: created made-1 through the form; it booted: $(grep -a HVTOP-DEVICES "$made_serial")"
select_dom made-1
tui_keys X
status_is "Destroy 'made-1'" 10
tui_keys y
state_is made-1 O 30
tui_keys D
status_is "Undefine 'made-1' \\(y keeps its storage\\)\\?.*s: undefine and delete its storage" 30
tui_keys s
status_is "undefining 'made-1' and deleting its storage: $ROOT/images/made-1.qcow2|undefined 'made-1' and removed 1 disk" 30
status_is "undefined 'made-1' and removed 1 disk" 30
[ -e "$ROOT/images/made-1.qcow2" ] && fail "the disk was not removed"
tui_keys / C-u Enter
select_dom "$g"

# --- shutdown: offers destroy when the guest takes too long -----------------
tui_keys 0 o
state_is "$g  \[shutting down\]" D 5
status_is "did not power off in 1 s. Destroy it" 30
tui_keys y
status_is "'$g' destroyed" 30
state_is "$g" O 15
tui_keys q
tui_wait_exit 30
echo PASS
