#!/bin/bash
# The slices against the kernel's own count, on a real TCG guest (issue 9,
# point 5), in one TUI run with --trace (its slices at exit, timestamps on
# CLOCK_MONOTONIC as the tracer read them):
# - the run time of the slices hvtop reports for the cpu-hog's vCPU, over
#   a window of several seconds, is within 2 % of what the kernel's
#   /proc/PID/task/TID/schedstat counted for that thread over the same
#   window (both on CLOCK_MONOTONIC);
# - re-pinned from host CPU 0 to host CPU 1 with the e dialog, its slices
#   are all on host CPU 1 from one second after the Enter on, in the
#   trace file, and one second after the Enter the newest half second of
#   view 1 shows its letter on row CPU1 only (at least 5 cells); the e dialog then says it
#   runs on host CPU 1.
. "${top_srcdir:-.}/tests/guests/lib.sh"
. "$top_srcdir/tests/actions/lib.sh"
guests_enter "$@"

[ "$(nproc)" -ge 2 ] || fail "the guest is re-pinned to host CPU 1: this host has one CPU"
export HVTOP_DEMO_PROFILES=cpu-hog
export HOME=$T/home
mkdir -p "$HOME"
G=hvtop-demo-1
mono_ns() { python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_MONOTONIC))'; }

# pin PCPUS: the e dialog on the selected guest sets its vCPU pinning
pin() {
	tui_keys e
	tui_wait_for "Scheduling of '$G' \(running, 1 vCPU" 15
	tui_keys Tab Tab C-u
	tui_keys -l "$1"
	form_field "vCPU pin" "\\[$1_?\\]"
	pinned_at=$(mono_ns)
	tui_keys Enter
}

tui_start 140 40 "$HVTOP" --no-config --demo 1 --accel tcg -d 1 --trace "$T/run.json"
tui_wait_for "$G" "$HVTOP_DEMO_TIMEOUT"
tui_wait_for "^1 domains, 1 active, 1 running" 30

# the vCPU's thread, by the name libvirt's debug-threads gives it
pid=$(cat "$ROOT/run/qemu/$G.pid") || fail "no pid file for $G"
tid=
for ((i = 0; i < 50; i++)); do
	for d in /proc/"$pid"/task/*; do
		[ "$(cat "$d/comm" 2>/dev/null)" = "CPU 0/TCG" ] && tid=${d##*/}
	done
	[ -n "$tid" ] && break
	sleep 0.1
done
[ -n "$tid" ] || fail "QEMU $pid has no 'CPU 0/TCG' thread"

# the kernel's count beside the clock, four times a second
python3 - "$pid" "$tid" >"$T/schedstat" <<'PY' &
import sys, time
pid, tid = sys.argv[1], sys.argv[2]
while True:
    with open('/proc/%s/task/%s/schedstat' % (pid, tid)) as f:
        run = f.read().split()[0]
    print(time.clock_gettime_ns(time.CLOCK_MONOTONIC), run, flush=True)
    time.sleep(0.25)
PY
bg_track $!

pin 0
status_is "scheduling of '$G' changed" 10
t0=$pinned_at
tui_keys 1
tui_wait_for '^CPU1 ' 10
letter=$(tui_screen | grep -oE "(^| )[A-Z0-9] $G " | head -1 | tr -d ' ' | cut -c1)
[ -n "$letter" ] || fail "the legend has no letter for $G: $(tui_screen)"
sleep 6
tui_keys 2
tui_wait_for "$G" 5
pin 1
t1=$pinned_at
status_is "scheduling of '$G' changed" 10
tui_keys 1
tui_wait_for '^CPU1 ' 10
# one second after the Enter, the newest half second of the map (its
# right 50 cells of 10 ms) has the guest's letter on row CPU1 only
now=$(mono_ns)
[ "$now" -lt $((t1 + 1000000000)) ] &&
	sleep "$(python3 -c "print(($t1 + 1e9 - $now) / 1e9)")"
rows=$(tui_screen | grep -E '^CPU[01] ')
echo "view 1, 1 s after the re-pin:"
echo "$rows"
# count LETTER ROW: the letter's cells among the row's newest 50
count() { python3 -c 'import sys; r = sys.argv[2].encode().decode("utf-8")[5:]; print(r[-50:].lower().count(sys.argv[1].lower()))' "$1" "$2"; }
on0=$(count "$letter" "$(grep '^CPU0 ' <<<"$rows")")
on1=$(count "$letter" "$(grep '^CPU1 ' <<<"$rows")")
echo "in the newest 50 cells: $on0 of $letter on CPU0, $on1 on CPU1"
# (how much of that half second it ran is not the point here: a TCG vCPU
# can be off every CPU for a few hundred ms, as in a CI run where it ran
# 280 ms on CPU1 and then waited 380 ms; its run time is held against the
# kernel's count over seconds below)
[ "$on0" -eq 0 ] && [ "$on1" -ge 5 ] ||
	fail "1 s after the re-pin to host CPU 1, the newest half second of view 1 shows $letter on CPU0 $on0 times and on CPU1 $on1 times"
# the dialog shows where it runs beside the pinning set
tui_keys 2
tui_wait_for "$G" 5
tui_keys e
tui_wait_for "Scheduling of '$G' \(running, 1 vCPU" 15
form_field "vCPU pin" "\\[1_?\\]"
tui_wait_for 'running on +vCPU 0 on host CPU 1 *$' 5
tui_keys Escape
sleep 1
t2=$(mono_ns)
tui_keys q
tui_wait_exit 30

python3 - "$T/run.json" "$T/schedstat" "$G" "$t0" "$t1" "$t2" <<'PY' || fail "hvtop's slices disagree with the kernel (see above)"
import json, sys
path, sched, g = sys.argv[1], sys.argv[2], sys.argv[3]
t0, t1, t2 = (int(x) for x in sys.argv[4:7])
ev = json.load(open(path))
ev = ev['traceEvents'] if isinstance(ev, dict) else ev
# ts and dur in microseconds, to the nanosecond
sl = sorted((round(e['ts'] * 1000), round((e['ts'] + e['dur']) * 1000), str(e['tid']))
            for e in ev if e.get('ph') == 'X' and e.get('args', {}).get('domain') == g)
if len(sl) < 100:
    sys.exit('only %d slices of %s' % (len(sl), g))
first, last = sl[0][0], max(e for _, e, _ in sl)
# the kernel's count at each point of the window: the schedstat samples
# taken while the tracer was running, a second in from either end
pts = [tuple(int(x) for x in l.split()) for l in open(sched) if l.strip()]
pts = [p for p in pts if first + 1e9 <= p[0] <= last - 1e9]
if len(pts) < 2 or pts[-1][0] - pts[0][0] < 4e9:
    sys.exit('no 4 s window of schedstat inside the traced run (%d points)' % len(pts))
(a, ra), (b, rb) = pts[0], pts[-1]
ran = sum(max(0, min(e, b) - max(s, a)) for s, e, _ in sl)
k = rb - ra
print('over %.2f s: slices %.3f s, schedstat %.3f s (%+.2f %%)'
      % ((b - a) / 1e9, ran / 1e9, k / 1e9, 100.0 * (ran - k) / k))
if abs(ran - k) > 0.02 * k:
    sys.exit('the slices hold %d ns, the thread ran %d ns by schedstat' % (ran, k))
# pinned to host CPU 0 (from a second after that Enter to the re-pin),
# then to host CPU 1 (from a second after that Enter)
on = lambda lo, hi: sorted({p for s, e, p in sl if s >= lo and e <= hi})
before, after = on(t0 + 1e9, t1), on(t1 + 1e9, t2)
print('host CPUs of its slices: pinned to 0: %s; re-pinned to 1: %s' % (before, after))
if before != ['0'] or after != ['1']:
    sys.exit('its slices ran on %s while pinned to 0 and %s a second after the re-pin to 1'
             % (before, after))
# and when the move took effect: its first slice on host CPU 1
moved = min(s for s, e, p in sl if s >= t1 and p == '1')
print('first slice on host CPU 1: %.3f s after the Enter' % ((moved - t1) / 1e9))
if moved - t1 > 1e9:
    sys.exit('its first slice on host CPU 1 came %.3f s after the re-pin' % ((moved - t1) / 1e9))
PY
exit 0
