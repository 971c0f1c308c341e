#!/bin/bash
# The tracer on real tracefs, on threads of a helper: two busy threads
# pinned to CPU 0 share it about half and half, as their schedstat says;
# a thread that sleeps has slices that end "halted"; nothing is lost; the
# instance goes after a normal exit and after SIGTERM, and one left by a
# dead hvtop is removed at start.
. "$(dirname "$0")/lib.sh"

start_threads busy
export HVTOP_TRACE_TIDS=$TIDS

# --- a batch run: the slices against schedstat ---------------------------
a0=$(schedstat "$TID_busy_a") b0=$(schedstat "$TID_busy_b")
"$HVTOP" -c test:///default -b -d 1 -n 5 --slices "$T/slices.csv" >"$T/frames" 2>"$T/err" &
pid=$!
on_exit "remove_instances $(instance_of $pid)"
wait $pid || fail "hvtop --slices failed: $(cat "$T/err")"
a1=$(schedstat "$TID_busy_a") b1=$(schedstat "$TID_busy_b")
[ ! -e "$(instance_of $pid)" ] || fail "the tracefs instance is left after a normal exit"

# the header names the source and the events lost
tail -n 20 "$T/frames" | grep -q 'slices: tracefs, 0 lost' ||
	fail "the header does not say 'slices: tracefs, 0 lost': $(grep -m1 'CPU:' "$T/frames" | tail -n1)"
head -n 1 "$T/slices.csv" | grep -qx 'pcpu,start_ns,end_ns,domain,vcpu,end' ||
	fail "the CSV header is not PRODUCT.md's: $(head -n 1 "$T/slices.csv")"

python3 - "$T/slices.csv" $((a1 - a0)) $((b1 - b0)) <<'PY' || fail "the slices do not match the kernel's schedstat (see above)"
import csv, sys
path, da, db = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
run, ends, cpus, n = {}, {}, {}, {}
last = {}
bad = []
for r in csv.DictReader(open(path)):
    s, e, who = int(r['start_ns']), int(r['end_ns']), r['domain']
    if e <= s:
        bad.append('a slice that ends before it starts: %r' % r)
    # one thread never runs twice at once
    if who in last and s < last[who]:
        bad.append('%s overlaps itself at %d' % (who, s))
    last[who] = e
    run[who] = run.get(who, 0) + e - s
    ends.setdefault(who, {}).setdefault(r['end'], 0)
    ends[who][r['end']] += 1
    cpus.setdefault(who, set()).add(r['pcpu'])
    n[who] = n.get(who, 0) + 1
print('run ns:', run, 'ends:', ends, 'schedstat ns:', da, db)
for who in ('busy-a', 'busy-b', 'sleeper'):
    if n.get(who, 0) < 10:
        bad.append('%s has %d slices' % (who, n.get(who, 0)))
if bad:
    sys.exit('\n'.join(bad))
ra, rb = run['busy-a'], run['busy-b']
# the two pinned threads split CPU 0 about evenly, in hvtop's slices and
# in the kernel's own count
share, kshare = ra / (ra + rb), da / (da + db)
if abs(share - 0.5) > 0.08 or abs(share - kshare) > 0.05:
    sys.exit('busy-a has %.1f %% of the pinned pair in the slices, %.1f %% by schedstat'
             % (100 * share, 100 * kshare))
# the slices cover the traced part of the run: not more than schedstat
# counted around it, and most of it (start-up and the end are untraced)
for who, k in (('busy-a', da), ('busy-b', db)):
    if run[who] > k * 1.01 + 2e6 or run[who] < k * 0.75:
        sys.exit('%s: %d ns in slices, %d ns by schedstat' % (who, run[who], k))
if cpus['busy-a'] != {'0'} or cpus['busy-b'] != {'0'}:
    sys.exit('the pinned threads ran on %r %r' % (cpus['busy-a'], cpus['busy-b']))
if ends['busy-a'].get('halted', 0) or ends['busy-b'].get('halted', 0):
    sys.exit('a busy thread halted: %r' % ends)
# the sleeper sleeps after each millisecond of work
h = ends['sleeper'].get('halted', 0)
if h < 0.8 * n['sleeper']:
    sys.exit('only %d of the sleeper\'s %d slices end halted' % (h, n['sleeper']))
PY

# --- SIGTERM: the instance goes too --------------------------------------
"$HVTOP" -c test:///default -d 0.5 --slices "$T/slices2.csv" 2>"$T/err2" &
pid=$!
on_exit "kill $pid 2>/dev/null; remove_instances $(instance_of $pid)"
for ((i = 0; i < 100; i++)); do
	[ -d "$(instance_of $pid)" ] && break
	sleep 0.05
done
[ -d "$(instance_of $pid)" ] || fail "hvtop --slices made no tracefs instance"
sleep 1
kill -TERM $pid
wait $pid
rc=$?
[ $rc = 0 ] || fail "hvtop --slices ended with $rc on SIGTERM: $(cat "$T/err2")"
[ ! -e "$(instance_of $pid)" ] || fail "the tracefs instance is left after SIGTERM"
[ "$(wc -l <"$T/slices2.csv")" -gt 10 ] || fail "no slices written before SIGTERM"

# --- a stale instance of a dead hvtop is removed at start ----------------
sleep 0 &
dead=$!
wait $dead
mkdir "$(instance_of $dead)" || fail "cannot make a stale instance"
on_exit "remove_instances $(instance_of $dead)"
"$HVTOP" -c test:///default -d 0.3 -n 2 --slices "$T/slices3.csv" 2>"$T/err3" ||
	fail "hvtop failed: $(cat "$T/err3")"
[ ! -e "$(instance_of $dead)" ] || fail "the stale instance of dead pid $dead is still there"
exit 0
