#!/bin/bash
# --keys in batch mode: the script acts as on the screen with nothing
# drawn, played after each line.  On test:///default: p pauses 'test' (the
# job in --json jobs[], its outcome on stderr), q ends the output early,
# and a bad script is still refused before anything runs.
. "$(dirname "$0")/lib.sh"

timeout 60 "$HVTOP" --json -n 5 -d 0.2 -c test:///default --keys '<sync>p' >"$tmp/p.json" 2>"$tmp/p.err" ||
	fail "hvtop --json --keys failed: $(cat "$tmp/p.err")"
python3 - "$tmp/p.json" <<'PY' || fail "the paused domain or its job is not in --json (see above)"
import json, sys
S = [json.loads(l) for l in open(sys.argv[1])]
states = [s['domains'][0]['state'] for s in S]
jobs = [s.get('jobs') for s in S]
print('states', states)
print('jobs', [j and [(x['kind'], x['domain'], x['state']) for x in j] for j in jobs])
if len(S) != 5:
    sys.exit('%d lines, not 5' % len(S))
if states[0] != 'running' or states[-1] != 'paused':
    sys.exit('p did not pause test: %r' % states)
last = jobs[-1]
if not last or last[0]['domain'] != 'test' or last[0]['state'] != 'done':
    sys.exit('no finished job for test in jobs[]: %r' % last)
PY
grep -q "^hvtop: 'test' paused$" "$tmp/p.err" || fail "stderr does not say 'test' paused: $(cat "$tmp/p.err")"

# q: the output ends after the line it follows
timeout 60 "$HVTOP" --json -n 50 -d 0.1 -c test:///default --keys '<sync><sync>q' >"$tmp/q.json" 2>"$tmp/q.err" ||
	fail "hvtop --json --keys q failed: $(cat "$tmp/q.err")"
n=$(wc -l <"$tmp/q.json")
[ "$n" -eq 3 ] || fail "q after two <sync> left $n lines, not 3"

# a bad script is refused before any output, exit 2
rc=0
timeout 60 "$HVTOP" --json -n 3 -c test:///default --keys 'p<nope>' >"$tmp/bad.json" 2>"$tmp/bad.err" || rc=$?
[ "$rc" = 2 ] && [ ! -s "$tmp/bad.json" ] || fail "a bad script in batch mode: exit $rc, output $(head -c 200 "$tmp/bad.json")"
echo "ok"
