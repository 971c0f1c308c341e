#!/bin/bash
# The /proc fallback (as without tracefs access): the header says so and
# why, the busy threads' slices add up to their schedstat run time, the
# sleeper's end "halted", and no tracefs instance is made.
. "$(dirname "$0")/lib.sh"

start_threads busy
export HVTOP_TRACE_TIDS=$TIDS HVTOP_TRACER_PROC=1

a0=$(schedstat "$TID_busy_a")
"$HVTOP" -c test:///default -b -d 1 -n 4 --slices "$T/slices.csv" >"$T/frames" 2>"$T/err" &
pid=$!
on_exit "remove_instances $(instance_of $pid)"
seen=
for ((i = 0; i < 60; i++)); do
	[ -d "$(instance_of $pid)" ] && seen=1
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
done
wait $pid || fail "hvtop failed: $(cat "$T/err")"
a1=$(schedstat "$TID_busy_a")
[ -z "$seen" ] || fail "the /proc fallback made a tracefs instance"
grep -q 'slices: sampled /proc (tracefs not used' "$T/frames" ||
	fail "the header does not name the /proc source: $(grep -m1 'CPU:' "$T/frames")"

python3 - "$T/slices.csv" $((a1 - a0)) <<'PY' || fail "the /proc slices do not match schedstat (see above)"
import csv, sys
path, da = sys.argv[1], int(sys.argv[2])
run, ends, n = {}, {}, {}
for r in csv.DictReader(open(path)):
    who = r['domain']
    run[who] = run.get(who, 0) + int(r['end_ns']) - int(r['start_ns'])
    ends.setdefault(who, {}).setdefault(r['end'], 0)
    ends[who][r['end']] += 1
    n[who] = n.get(who, 0) + 1
print('run ns:', run, 'ends:', ends, 'schedstat busy-a ns:', da)
# sampled at 100 Hz over the traced part of the run
if not (da * 0.6 <= run.get('busy-a', 0) <= da * 1.01 + 2e7):
    sys.exit('busy-a: %d ns in slices, %d ns by schedstat' % (run.get('busy-a', 0), da))
h = ends.get('sleeper', {}).get('halted', 0)
if n.get('sleeper', 0) < 10 or h < 0.8 * n['sleeper']:
    sys.exit('the sleeper: %d slices, %d halted' % (n.get('sleeper', 0), h))
PY
exit 0
