#!/bin/bash
# --json keeps its rate for the hosts that answer (issue 10, issue 12): two
# private libvirtd daemons (test driver), one stopped (SIGSTOP) (a) before
# hvtop starts and (b) while it runs.  The live host's samples keep coming
# at the delay; the stopped one is in hosts[] with its state (connecting,
# not answering) and none of its domains; after SIGCONT it is back in the
# same run.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/hosts.sh"

need_cmd libvirtd virsh python3 timeout
[ -x "$HVTOP" ] || fail "no hvtop binary at $HVTOP"

make_tmpdir T
start_hosts 2
A=${HOST_DIRS[0]} B=${HOST_DIRS[1]}
UA=${HOST_URIS[0]} UB=${HOST_URIS[1]}

# check FILE WANT...: python asserts over the lines of FILE (see below)
check() {
	python3 - "$@" <<'PY'
import json, sys, statistics
path, phase = sys.argv[1:3]
lines = [json.loads(l) for l in open(path)]
def fail(msg):
    print('FAIL: stuck (%s): %s' % (phase, msg), file=sys.stderr)
    sys.exit(1)
if len(lines) < 6:
    fail('%d lines' % len(lines))
states = [l['hosts'][1]['state'] for l in lines]
for i, l in enumerate(lines):
    h0, h1 = l['hosts']
    if h0['state'] != 'connected':
        fail('line %d: the live host is %r' % (i + 1, h0['state']))
    up = h1['state'] == 'connected'
    if len(l['domains']) != (2 if up else 1):
        fail('line %d: host 1 %r, %d domains listed' % (i + 1, h1['state'], len(l['domains'])))
    if not up and (h1['cpus'] is not None or h1['latency_ms'] is not None):
        fail('line %d: host 1 %r shows numbers' % (i + 1, h1['state']))
    if h1['state'] in ('not answering', 'connecting') and h1['waiting_s'] is None:
        fail('line %d: host 1 %r without waiting_s' % (i + 1, h1['state']))
# the live host's rate: each line one sample of it, the delay (0.5 s) apart
times = [l['time'] for l in lines]
gaps = [b - a for a, b in zip(times, times[1:])]
print('%s: host 1 %s; gaps between lines %.2f..%.2f s, median %.2f' %
      (phase, ' '.join(sorted(set(states))), min(gaps), max(gaps), statistics.median(gaps)))
if statistics.median(gaps) > 0.7 or max(gaps) > 1.3:
    fail('the live host did not keep its rate: gaps %s' % ['%.2f' % g for g in gaps])
if phase == 'before-start':
    if set(states) != {'connecting'}:
        fail('host 1 states %s, want connecting throughout' % states)
else:
    if states[0] != 'connected' or states[-1] != 'connected':
        fail('host 1 states %s: want connected first and last' % states)
    if states.count('not answering') < 3:
        fail('host 1 states %s: want several lines of not answering' % states)
PY
}

# --- (a) stopped before start ----------------------------------------------
freeze_host "$B"
t0=$(now_ms)
timeout 30 "$HVTOP" --json -d 0.5 -n 8 -c "$UA" -c "$UB" >"$T/a.json" 2>"$T/a.err" ||
	fail "(a) hvtop --json failed or hung with a host stopped: $(cat "$T/a.err")"
echo "(a) 8 lines in $(($(now_ms) - t0)) ms"
check "$T/a.json" before-start || exit 1
thaw_host "$B"

# --- (b) stopped mid-run ----------------------------------------------------
# lines LIKE: how many lines of b.json match
lines() { grep -c -- "$1" "$T/b.json" 2>/dev/null || true; }
wait_lines() { # N REGEX TIMEOUT_S
	local deadline=$(($(now_ms) + $3 * 1000))
	until [ "$(lines "$2")" -ge "$1" ]; do
		[ "$(now_ms)" -ge "$deadline" ] && fail "(b) no $1 lines matching $2 within $3 s"
		sleep 0.1
	done
}
timeout 60 "$HVTOP" --json -d 0.5 -n 30 -c "$UA" -c "$UB" >"$T/b.json" 2>"$T/b.err" &
hv=$!
on_exit "kill $hv 2>/dev/null"
wait_lines 4 . 10
freeze_host "$B"
wait_lines 6 '"state":"not answering"' 10
thaw_host "$B"
wait "$hv" || fail "(b) hvtop --json failed: $(cat "$T/b.err")"
check "$T/b.json" mid-run || exit 1

# --- (c) the only host stopped mid-run -----------------------------------
# the lines keep coming, say so, and their times never go back: a line
# with no answer has the time the sample it waits for began, and that
# sample, when it comes in late, was taken after
timeout 60 "$HVTOP" --json -d 0.5 -n 16 -c "$UB" >"$T/c.json" 2>"$T/c.err" &
hv=$!
on_exit "kill $hv 2>/dev/null"
cjson=$T/c.json
wait_c() { # N REGEX TIMEOUT_S
	local deadline=$(($(now_ms) + $3 * 1000))
	until [ "$(grep -c -- "$2" "$cjson" 2>/dev/null || true)" -ge "$1" ]; do
		[ "$(now_ms)" -ge "$deadline" ] && fail "(c) no $1 lines matching $2 within $3 s"
		sleep 0.1
	done
}
wait_c 3 . 10
freeze_host "$B"
wait_c 3 '"state":"not answering"' 10
thaw_host "$B"
wait "$hv" || fail "(c) hvtop --json failed: $(cat "$T/c.err")"
python3 - "$T/c.json" <<'PY' || fail "(c) the lines of a host that stopped answering"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
states = [l['host']['state'] for l in lines]
times = [l['time'] for l in lines]
print('(c) %d lines, host %s' % (len(lines), ' '.join(states)))
# lines that wait for the same sample share its time; any other goes on
back = [(i + 2, b, a) for i, (a, b) in enumerate(zip(times, times[1:]))
        if b < a or (b == a and states[i + 1] == 'connected')]
if back:
    for l in lines:
        print('  %.3f %s waiting %s latency %s' % (l['time'], l['host']['state'],
              l['host']['waiting_s'], l['host']['latency_ms']))
    sys.exit('(c) times went back: line %d at %r after %r' % back[0])
if 'not answering' not in states or states[-1] != 'connected':
    sys.exit('(c) want not answering, then connected again: %s' % states)
PY
echo "PASS: stuck"
