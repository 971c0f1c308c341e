#!/bin/bash
# Faults injected at random points, each of which hvtop must survive: no
# crash, the terminal restored, a one-sentence message where something
# failed, and nothing lost.  On libvirt's test driver served by a private
# libvirtd (so it can be killed and restarted), and on hvtop's embedded
# driver without guests (the real-guest faults are in tests/guests/).
#
# Prints "faults tried N, survived N, guests lost 0" and fails unless every
# fault was survived.  FAULT_SEED picks the random points again (it is
# printed); FAULT_ROUNDS repeats the random-point faults (default 3).
. "${top_srcdir:-.}/tests/lib/common.sh"
need_cmd tmux libvirtd virsh python3 unshare mount
[ -x "$HVTOP" ] || fail "no hvtop binary at $HVTOP"

seed=${FAULT_SEED:-$((RANDOM * 32768 + RANDOM))}
RANDOM=$seed
rounds=${FAULT_ROUNDS:-3}
echo "faults: seed $seed (FAULT_SEED=$seed repeats these random points)"

make_tmpdir T
tried=0
survived=0
lost=0
failed=()

# rand_ms MAX: a random number of milliseconds below MAX
rand_ms() { echo $((RANDOM % $1)); }
sleep_ms() { sleep "$(printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)))"; }

# why MSG: the reason the current fault was not survived (returns 1)
why() {
	printf '  not survived: %s\n' "$*" >&2
	tui_screen 2>/dev/null | sed 's/^/  | /' >&2
	return 1
}

# try NAME CMD...: one fault: CMD returns 0 when hvtop survived it
try() {
	local name=$1
	shift
	tried=$((tried + 1))
	if "$@"; then
		survived=$((survived + 1))
		echo "survived: $name"
	else
		failed+=("$name")
		echo "NOT SURVIVED: $name" >&2
	fi
	tui_stop
}

# restored: the pane is back on the normal screen, cursor on, keypad off
restored() {
	local modes
	modes=$(tui_tmux display-message -p -t test '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag} #{mouse_any_flag}')
	[ "$modes" = "0 1 0 0 0" ] || why "terminal not restored ($modes)"
}

# exited_within S: the held pane's command exited within S seconds
exited_within() {
	local deadline=$(($(now_ms) + $1 * 1000))
	until tui_screen | grep -q '^\[exited '; do
		[ "$(now_ms)" -lt "$deadline" ] || { why "hvtop still runs $1 s later"; return 1; }
		sleep 0.05
	done
}

# shows REGEX S: the screen matches within S seconds (non-fatal)
shows() {
	local deadline=$(($(now_ms) + $2 * 1000))
	until tui_screen | grep -Eq -- "$1"; do
		[ "$(now_ms)" -lt "$deadline" ] || { why "screen did not show /$1/ within $2 s"; return 1; }
		sleep 0.1
	done
}

# status_shows REGEX S: the status line (last row) matches within S seconds
status_shows() {
	local deadline=$(($(now_ms) + $2 * 1000)) line
	while :; do
		line=$(tui_screen | tail -n 1)
		grep -Eq -- "$1" <<<"$line" && { echo "  status: $line"; return 0; }
		[ "$(now_ms)" -lt "$deadline" ] || { why "status line did not show /$1/ (it shows: $line)"; return 1; }
		sleep 0.1
	done
}

alive() { [ -n "$(tui_child_pid)" ] || why "hvtop is gone (crashed?)"; }

# --- the test driver over a private libvirtd --------------------------------
make_tmpdir D # its own: the daemon runs as nobody, who cannot enter $T
start_private_libvirtd "$D"
URI=$(libvirtd_uri "$D")
restart_daemon() {
	kill_private_libvirtd "$D" KILL
	start_private_libvirtd "$D"
}
# the test driver's state is the daemon's: a restart brings back 'test'
domains() { virsh -q -c "$URI" list --all --name 2>/dev/null | grep -c .; }

fault_signal() {
	local sig=$1 at
	at=$(rand_ms 1500)
	tui_start_held 100 30 "$HVTOP" -d 0.3 -c "$URI"
	sleep_ms "$at"
	local pid
	pid=$(tui_child_pid)
	[ -n "$pid" ] || { why "hvtop did not start"; return 1; }
	kill -s "$sig" "$pid"
	exited_within 2 || return 1
	tui_screen | grep -Eq '^\[exited (0|1|129|130|143)\]' ||
		why "SIG$sig after $at ms: $(tui_screen | grep '^\[exited')" || return 1
	restored
}

fault_resize_storm() {
	local i
	tui_start_held 100 30 "$HVTOP" -d 0.3 -c "$URI"
	shows ' test *$' 10 || return 1
	# 100 a second for 3 s, sizes from 1x1 up
	for ((i = 0; i < 300; i++)); do
		tui_tmux resize-window -t test -x $((1 + RANDOM % 200)) -y $((1 + RANDOM % 60)) 2>/dev/null
		sleep 0.01
	done
	tui_tmux resize-window -t test -x 100 -y 30
	alive || return 1
	shows ' test *$' 5 || return 1
	tui_keys q
	exited_within 2 && restored
}

fault_tiny() {
	tui_start_held 1 1 "$HVTOP" -d 0.3 -c "$URI"
	sleep 1.5
	alive || return 1
	tui_tmux resize-window -t test -x 100 -y 30
	shows ' test *$' 5 || return 1
	tui_keys q
	exited_within 2 && restored
}

# the controlling terminal closed under it: the pty goes away (hangup)
fault_tty_closed() {
	python3 - "$HVTOP" "$URI" <<'PY'
import os, pty, sys, time, select
pid, fd = pty.fork()
if pid == 0:
    os.environ["TERM"] = "xterm-256color"
    os.execv(sys.argv[1], [sys.argv[1], "-d", "0.3", "-c", sys.argv[2]])
end = time.time() + 3
while time.time() < end:
    if select.select([fd], [], [], 0.1)[0]:
        try:
            os.read(fd, 65536)
        except OSError:
            break
os.close(fd)  # the terminal is gone
t0 = time.time()
while time.time() - t0 < 3:
    p, st = os.waitpid(pid, os.WNOHANG)
    if p:
        print("hvtop exited %.2f s after its terminal closed (status %d)" % (time.time() - t0, st))
        sys.exit(0)
    time.sleep(0.05)
os.kill(pid, 9)
os.waitpid(pid, 0)
print("hvtop still ran 3 s after its terminal closed", file=sys.stderr)
sys.exit(1)
PY
}

fault_daemon_refresh() {
	local at
	at=$(rand_ms 1000)
	tui_start_held 100 30 "$HVTOP" -d 0.3 -c "$URI"
	shows ' test *$' 10 || return 1
	sleep_ms "$at"
	restart_daemon
	alive || return 1
	shows '^ *[0-9]+ +R .* test *$' 15 || return 1
	tui_keys q
	exited_within 2 && restored
}

# the daemon dies while an action's job is held: one sentence, no crash
fault_daemon_action() {
	tui_start_held 100 30 env HVTOP_JOB_DELAY_MS=1500 "$HVTOP" -d 0.3 -c "$URI"
	shows ' test *$' 10 || return 1
	tui_keys p
	sleep_ms $((200 + $(rand_ms 1000)))
	kill_private_libvirtd "$D" KILL
	status_shows "cannot|lost|no longer|not connected|error" 10 || return 1
	start_private_libvirtd "$D"
	alive || return 1
	shows '^ *[0-9]+ +R .* test *$' 15 || return 1
	tui_keys q
	exited_within 2 && restored
}

fault_daemon_job() {
	tui_start_held 120 30 env HVTOP_JOB_DELAY_MS=1500 "$HVTOP" -d 0.3 -c "$URI"
	shows ' test *$' 10 || return 1
	tui_keys 4
	shows "snapshots of 'test'" 5 || return 1
	tui_keys n
	shows 'New snapshot' 5 || return 1
	tui_keys Enter
	sleep_ms $((200 + $(rand_ms 1000)))
	kill_private_libvirtd "$D" KILL
	tui_keys 5
	shows 'failed' 15 || return 1
	start_private_libvirtd "$D"
	alive || return 1
	tui_keys q
	exited_within 2 && restored
}

# the selected domain destroyed and undefined behind hvtop's back
vanish() {
	virsh -q -c "$URI" destroy test >/dev/null 2>&1
	virsh -q -c "$URI" undefine test >/dev/null 2>&1 ||
		why "virsh could not undefine 'test'"
}
fault_vanish_selected() {
	tui_start_held 100 30 "$HVTOP" -d 0.3 -c "$URI"
	shows ' test *$' 10 || return 1
	sleep_ms "$(rand_ms 800)"
	vanish || return 1
	shows '^0 domains' 5 || return 1
	tui_keys p
	status_shows 'no domain|nothing selected|select' 3 || return 1
	alive || return 1
	tui_keys q
	exited_within 2 && restored
}
fault_vanish_dialog() {
	tui_start_held 100 30 "$HVTOP" -d 0.3 -c "$URI"
	shows ' test *$' 10 || return 1
	tui_keys b
	shows 'Memory of' 5 || return 1
	vanish || return 1
	tui_keys Enter
	status_shows "'test' no longer exists" 5 || return 1
	alive || return 1
	tui_keys Escape q
	exited_within 2 && restored
}
fault_vanish_job() {
	tui_start_held 120 30 env HVTOP_JOB_DELAY_MS=1500 "$HVTOP" -d 0.3 -c "$URI"
	shows ' test *$' 10 || return 1
	tui_keys 4
	shows "snapshots of 'test'" 5 || return 1
	tui_keys n
	shows 'New snapshot' 5 || return 1
	tui_keys Enter
	sleep_ms "$(rand_ms 1000)"
	vanish || return 1
	status_shows "'test' no longer exists" 10 || return 1
	alive || return 1
	tui_keys q
	exited_within 2 && restored
}

# W with the settings file's disk full: a sentence, nothing else breaks
fault_disk_full() {
	local cfg=$T/cfg-full
	mkdir -p "$cfg"
	tui_start_held 100 30 unshare --mount sh -c '
		mount -t tmpfs -o size=16k hvtop-full "$1" || exit 90
		dd if=/dev/zero of="$1/fill" bs=1k count=64 2>/dev/null
		shift
		exec env XDG_CONFIG_HOME="$0" "$@"' "$cfg" "$cfg" "$HVTOP" -d 0.3 -c "$URI"
	shows ' test *$' 10 || return 1
	tui_keys W
	status_shows 'cannot write .*(No space left|space)' 5 || return 1
	alive || return 1
	tui_keys q
	exited_within 2 && restored
}

# the tracer's tracefs instance tampered with under it.  The kernel refuses
# to remove an instance whose buffers are open (EBUSY), so the fault is
# what can be done to it: its events switched off and its buffer cleared.
# hvtop goes on, exits cleanly, and the instance goes with it.
fault_tracefs() {
	local sp hp inst rc=0
	[ -d /sys/kernel/tracing/instances ] ||
		mount -t tracefs nodev /sys/kernel/tracing 2>/dev/null
	[ -d /sys/kernel/tracing/instances ] || { why "no tracefs"; return 1; }
	sleep 60 &
	sp=$!
	HVTOP_TRACE_TIDS=$sp "$HVTOP" --slices "$T/slices.csv" -n 12 -d 0.3 \
		-c "$URI" >"$T/tr.out" 2>"$T/tr.err" &
	hp=$!
	inst=/sys/kernel/tracing/instances/hvtop-$hp
	sleep_ms $((500 + $(rand_ms 1500)))
	[ -d "$inst" ] || { kill $sp; why "no instance $inst while hvtop --slices ran"; return 1; }
	rmdir "$inst" 2>/dev/null && echo "  (the kernel let the instance go)"
	echo 0 >"$inst/events/enable" 2>/dev/null
	: >"$inst/trace" 2>/dev/null
	wait "$hp" || rc=$?
	kill "$sp" 2>/dev/null
	wait "$sp" 2>/dev/null
	[ "$rc" = 0 ] || { why "hvtop --slices exited $rc: $(head -c 300 "$T/tr.err")"; return 1; }
	[ "$(wc -l <"$T/tr.out")" -ge 12 ] 2>/dev/null || [ -s "$T/slices.csv" ] ||
		{ why "hvtop --slices wrote nothing"; return 1; }
	[ ! -d "$inst" ] || { rmdir "$inst"; why "the instance $inst was left behind"; return 1; }
}

for ((r = 0; r < rounds; r++)); do
	for sig in HUP TERM INT; do
		try "SIG$sig at a random point (round $((r + 1)))" fault_signal "$sig"
	done
	try "daemon killed during a refresh (round $((r + 1)))" fault_daemon_refresh
	try "selected domain destroyed and undefined (round $((r + 1)))" fault_vanish_selected
	restart_daemon
done
try "terminal resized 100 times a second" fault_resize_storm
try "a 1x1 terminal" fault_tiny
try "the controlling terminal closed" fault_tty_closed
try "daemon killed during an action" fault_daemon_action
try "daemon killed during a snapshot job" fault_daemon_job
restart_daemon
try "domain undefined while its dialog is open" fault_vanish_dialog
restart_daemon
try "domain undefined while a snapshot job runs on it" fault_vanish_job
restart_daemon
try "settings file's disk full during W" fault_disk_full
try "the tracer's tracefs instance tampered with" fault_tracefs

# 20 hvtop processes at once on one embedded root: each either holds it
# or says who does; none crashes or hangs
ROOT=$T/embed
pids=()
for ((i = 0; i < 20; i++)); do
	timeout 120 "$HVTOP" --json -n 1 -c "qemu:///embed?root=$ROOT" >"$T/p$i.out" 2>"$T/p$i.err" &
	pids+=($!)
done
held=0
for ((i = 0; i < 20; i++)); do
	tried=$((tried + 1))
	rc=0
	wait "${pids[i]}" || rc=$?
	if [ "$rc" = 0 ] && grep -q '"domains"' "$T/p$i.out"; then
		held=$((held + 1))
		survived=$((survived + 1))
	elif [ "$rc" = 2 ] && grep -Eq 'in use( by|:) .*pid [0-9]+' "$T/p$i.err"; then
		survived=$((survived + 1))
	else
		failed+=("hvtop $i of 20 on one embedded root: exit $rc: $(head -c 300 "$T/p$i.err")")
	fi
done
echo "20 at once on one embedded root: $held held it in turn, $((20 - held)) named the holder"
[ "$held" -ge 1 ] || failed+=("none of the 20 got the embedded root")

echo "faults tried $tried, survived $survived, guests lost $lost"
if [ ${#failed[@]} -gt 0 ]; then
	printf 'not survived: %s\n' "${failed[@]}" >&2
	fail "$((tried - survived)) of $tried faults not survived (FAULT_SEED=$seed)"
fi
echo PASS
