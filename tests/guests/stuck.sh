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
guests_enter "$@"
require tmux

export HVTOP_DEMO_PROFILES=idle,idle
"$HVTOP" --demo 2 --accel tcg --json -n 1 >"$T/0.json" 2>"$T/0.err" || {
	cat "$T/0.err" >&2
	fail "hvtop --demo 2 did not run"
}
p1=$(cat "$ROOT/run/qemu/hvtop-demo-1.pid") || fail "no pid file for hvtop-demo-1"
on_exit "kill -CONT $p1 2>/dev/null"
mono() { python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000000)'; }

# judge FILE STOP_MS CONT_MS: the samples against the stop and the CONT
# (CLOCK_MONOTONIC ms; 0: none), by their wall time mapped to it
judge() {
	python3 - "$@" "$(mono)" "$(date +%s%3N)" <<'PY'
import json, sys
path, stop, cont, mono_now, wall_now = sys.argv[1], *map(int, sys.argv[2:])
S = [json.loads(l) for l in open(path) if l.strip()]
def at(s):  # the sample's time on the monotonic clock, ms
    return s['time'] * 1000 - (wall_now - mono_now)
def dom(s, n):
    return next((d for d in s['domains'] if d['name'] == n),
                {'name': n, 'missing': True, 'state': None, 'not_answering_s': None,
                 'cpu_pct': None, 'cpu_time_ns': None, 'mem_kib': None})
bad = []
for s in S:
    if len(s['domains']) != 2:
        bad.append('%d domains at %s: %s' % (len(s['domains']), s['time_iso'],
                   [h['state'] for h in s['hosts']]))
gaps = [at(b) - at(a) for a, b in zip(S, S[1:])]
print('%d samples, intervals %s s' % (len(S), ' '.join('%.1f' % (g / 1000) for g in gaps)))
# the other guest: numbers in every sample after the first, at the rate
# (one interval may hold the deadline after which the stuck call is left)
for s in S[1:]:
    if dom(s, 'hvtop-demo-2')['cpu_pct'] is None:
        bad.append('hvtop-demo-2 has no cpu_pct at %s' % s['time_iso'])
if sum(1 for g in gaps if g > 2600) > 1 or any(g > 4000 for g in gaps):
    bad.append('the samples did not keep the 1 s rate')
# (a sample's time is when its step began: the one under way at the CONT
# may already have the answer)
stuck = [s for s in S if at(s) > stop + 3000 and (not cont or at(s) < cont - 1500)]
after = [s for s in S if cont and at(s) > cont + 3000]
if len(stuck) < 3:
    bad.append('only %d samples while it was stopped' % len(stuck))
for s in stuck:
    d = dom(s, 'hvtop-demo-1')
    if not d['not_answering_s'] or d['cpu_pct'] is not None or d['cpu_time_ns'] is not None \
            or d['mem_kib'] is not None:
        bad.append('stopped, hvtop-demo-1 is %r at %s' % ({k: d[k] for k in (
            'state', 'not_answering_s', 'cpu_pct', 'cpu_time_ns', 'mem_kib')}, s['time_iso']))
if stuck:
    ages = [dom(s, 'hvtop-demo-1')['not_answering_s'] for s in stuck]
    print('hvtop-demo-1 not answering for %s s' % ages)
    if None in ages or ages != sorted(ages):
        bad.append('its age does not grow: %r' % ages)
for s in after:
    d = dom(s, 'hvtop-demo-1')
    if d['not_answering_s'] is not None or d['cpu_pct'] is None:
        bad.append('after SIGCONT, hvtop-demo-1 is %r at %s' % (d, s['time_iso']))
if cont and not after:
    bad.append('no sample after SIGCONT')
if bad:
    sys.exit('\n'.join(bad[:8]))
PY
}

# --- mid-run ------------------------------------------------------------------
"$HVTOP" -c "$EMBED" --json -d 1 -n 16 >"$T/mid.json" 2>"$T/mid.err" &
hv=$!
bg_track $hv
sleep 4
kill -STOP "$p1"
stop=$(mono)
sleep 7
kill -CONT "$p1"
cont=$(mono)
wait $hv || fail "hvtop --json failed: $(cat "$T/mid.err")"
judge "$T/mid.json" "$stop" "$cont" || fail "mid-run, one stopped QEMU held up hvtop (see above)"
echo "ok: mid-run, the stopped guest was marked and the other refreshed"

# --- stopped before the start -------------------------------------------------
kill -STOP "$p1"
stop=$(mono)
t0=$(now_ms)
timeout -s KILL 60 "$HVTOP" -c "$EMBED" --json -d 1 -n 8 >"$T/start.json" 2>"$T/start.err" ||
	fail "hvtop --json did not run with hvtop-demo-1 stopped: $(cat "$T/start.err")"
echo "8 samples in $(($(now_ms) - t0)) ms"
judge "$T/start.json" $((stop - 3000)) 0 || fail "at start, one stopped QEMU held up hvtop (see above)"
echo "ok: started with a stopped guest, the other refreshed"

# q, SIGTERM, SIGINT within 1 s, the terminal restored
for how in q TERM INT; do
	tui_start_held 160 30 "$HVTOP" -c "$EMBED" -d 1
	tui_wait_for 'hvtop-demo-1  \[not answering [0-9]+ s\]' 20
	tui_wait_for ' hvtop-demo-2$' 5
	pid=$(tui_child_pid)
	t0=$(now_ms)
	if [ "$how" = q ]; then tui_keys q; else kill -"$how" "$pid"; fi
	while kill -0 "$pid" 2>/dev/null; do
		[ $(($(now_ms) - t0)) -gt 5000 ] && fail "$how: hvtop still runs after 5 s"
		sleep 0.02
	done
	took=$(($(now_ms) - t0))
	echo "$how: hvtop ended in $took ms"
	[ "$took" -le 1000 ] || fail "$how took $took ms to end hvtop, not under 1 s"
	tui_wait_for '^\[exited ' 5
	tui_check_restored
	tui_stop
done
echo "ok: q, SIGTERM and SIGINT end it within 1 s"

# --- after SIGCONT: nothing lost ------------------------------------------
kill -CONT "$p1"
cont=$(mono)
sleep 4
"$HVTOP" -c "$EMBED" --json -d 1 -n 3 >"$T/end.json" 2>"$T/end.err" ||
	fail "hvtop --json failed after SIGCONT: $(cat "$T/end.err")"
check "both guests run with numbers after SIGCONT" \
	"all(dom(S[-1], n)['state'] == 'running' and dom(S[-1], n)['cpu_pct'] is not None and dom(S[-1], n)['not_answering_s'] is None for n in ('hvtop-demo-1', 'hvtop-demo-2'))" "$T/end.json"
[ "$(cat "$ROOT/run/qemu/hvtop-demo-1.pid")" = "$p1" ] || fail "hvtop-demo-1 has a new QEMU: it was restarted"
exit 0
