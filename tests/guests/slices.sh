#!/bin/bash
# An idle demo guest under TCG, seen through hvtop's own --json vcpu_stats
# and --slices: hvtop finds its vCPU thread (the "CPU 0/TCG" thread of its
# QEMU), the thread's slices end "halted" whenever it idles (the guest
# halts), and its run % stays under 5 (issue 9, point 5); after a restart
# (a new QEMU) its new vCPU thread is the one followed.
. "${top_srcdir:-.}/tests/guests/lib.sh"
guests_enter "$@"

export HVTOP_DEMO_PROFILES=idle
"$HVTOP" --demo 1 --accel tcg --json -n 8 -d 1 --slices "$T/s.csv" >"$T/a.json" 2>"$T/a.err" || {
	cat "$T/a.err" >&2
	fail "hvtop --demo --json --slices did not run"
}
ls /sys/kernel/tracing/instances | grep -q '^hvtop-' &&
	fail "a tracefs instance is left: $(ls /sys/kernel/tracing/instances)"
G=hvtop-demo-1
echo "vcpu_stats: $(json_eval "$T/a.json" "[dom(s, '$G')['vcpu_stats'] for s in S[1:]]")"
check "vcpu_stats has the guest's one vCPU with a host thread" \
	"all(len(dom(s, '$G')['vcpu_stats']) == 1 and dom(s, '$G')['vcpu_stats'][0]['tid'] for s in S[2:])" "$T/a.json"
tid=$(json_eval "$T/a.json" "dom(S[-1], '$G')['vcpu_stats'][0]['tid']")
[ "$(cat "/proc/$tid/comm")" = "CPU 0/TCG" ] ||
	fail "vCPU 0's tid $tid is '$(cat "/proc/$tid/comm" 2>&1)', not QEMU's 'CPU 0/TCG' thread"
pid=$(cat "$ROOT/run/qemu/$G.pid")
[ -d "/proc/$pid/task/$tid" ] || fail "thread $tid is not one of QEMU's ($pid)"
# the guest booted before the first sample; the samples after the second
# have an interval of tracing behind them
check "the idle guest's run % stays under 5" \
	"all(0 <= dom(s, '$G')['vcpu_stats'][0]['run_pct'] < 5 for s in S[2:])" "$T/a.json"
check "its halts and slices are counted" \
	"all(dom(s, '$G')['vcpu_stats'][0]['halts'] > 0 and dom(s, '$G')['vcpu_stats'][0]['slices'] >= dom(s, '$G')['vcpu_stats'][0]['halts'] for s in S[2:])" "$T/a.json"
check "its affinity is a pCPU list" \
	"dom(S[-1], '$G')['vcpu_stats'][0]['affinity'] in ('0-%d' % (S[-1]['host']['cpus'] - 1), '0')" "$T/a.json"

python3 - "$T/s.csv" "$G" <<'PY' || fail "the idle guest's vCPU does not idle by halting (see above)"
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r['domain'] == sys.argv[2]]
ends = {}
for r in rows:
    ends[r['end']] = ends.get(r['end'], 0) + 1
print('slices of %s: %d, by end: %r' % (sys.argv[2], len(rows), ends))
if len(rows) < 20:
    sys.exit('too few slices: %d' % len(rows))
if any(r['vcpu'] != '0' for r in rows):
    sys.exit('a slice of a vCPU the guest does not have')
# Under TCG an idle vCPU's bursts of work are cut by QEMU's own threads
# (wake-up preemption: those slices end "preempted" and it runs again once
# the CPU is free); what leaves it off the CPU for long is the guest's
# halt.  So the time between its slices follows halts, nearly all of it.
off = {'halted': 0, 'preempted': 0, 'migrated': 0}
for a, b in zip(rows, rows[1:]):
    off[a['end']] += max(0, int(b['start_ns']) - int(a['end_ns']))
total = sum(off.values())
print('ns off the CPU after each kind of end: %r' % off)
if off['halted'] < 0.9 * total:
    sys.exit('only %.1f %% of its time off the CPU follows a halt' % (100.0 * off['halted'] / total))
PY

# a restarted guest is a new QEMU: its new vCPU thread is followed
kill -KILL "$pid"
for ((i = 0; i < 50; i++)); do
	kill -0 "$pid" 2>/dev/null || break
	sleep 0.1
done
# an hvtop opening the root waits for libvirt's reconnect, which finds
# that QEMU gone and records the guest shut off; then virsh's own
# embedded driver (no hvtop holds the root) starts it again
"$HVTOP" -c "$EMBED" --json -n 1 >"$T/gone.json" 2>&1 ||
	fail "hvtop did not open the root after the kill: $(cat "$T/gone.json")"
check "the killed guest is seen shut off" \
	"dom(S[-1], '$G')['state'] != 'running'" "$T/gone.json"
virsh -c "$EMBED" start "$G" >"$T/start.out" 2>&1 || {
	cat "$T/start.out" >&2
	fail "virsh could not start the guest again"
}
"$HVTOP" -c "$EMBED" --json -n 4 -d 1 >"$T/b.json" 2>"$T/b.err" || {
	cat "$T/b.err" >&2
	fail "hvtop --json did not run after the restart"
}
pid2=$(cat "$ROOT/run/qemu/$G.pid")
[ "$pid2" != "$pid" ] || fail "the guest did not get a new QEMU"
tid2=$(json_eval "$T/b.json" "dom(S[-1], '$G')['vcpu_stats'][0]['tid']")
[ -d "/proc/$pid2/task/$tid2" ] && [ "$(cat "/proc/$tid2/comm")" = "CPU 0/TCG" ] ||
	fail "after the restart vCPU 0's tid is $tid2, not the new QEMU's ($pid2) CPU 0/TCG thread"
check "the restarted guest's vCPU is traced again" \
	"dom(S[-1], '$G')['vcpu_stats'][0]['slices'] > 0" "$T/b.json"
exit 0
