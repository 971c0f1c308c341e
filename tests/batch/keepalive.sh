#!/bin/bash
# Keepalive marks a host that stopped answering lost, and it comes back by
# itself (issue 10): two private libvirtd daemons (test driver), one
# stopped (SIGSTOP) for 30 s while `hvtop --json -d 1` runs.  The stopped
# host is "not answering" at once, then keepalive (a probe every 5 s, 3
# unanswered) closes its connection: "disconnected", with libvirt's
# keepalive sentence, and its reconnect waits, "not answering" again;
# after SIGCONT it is connected in the same run.  The other host's lines
# keep coming a second apart all along.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/hosts.sh"

need_cmd libvirtd virsh python3 timeout
[ -x "$HVTOP" ] || fail "no hvtop binary at $HVTOP"

make_tmpdir T
start_hosts 2
timeout 90 "$HVTOP" --json -d 1 -n 42 -c "${HOST_URIS[0]}" -c "${HOST_URIS[1]}" \
	>"$T/o.json" 2>"$T/o.err" &
hv=$!
on_exit "kill $hv 2>/dev/null"
sleep 3
freeze_host "${HOST_DIRS[1]}"
sleep 30
thaw_host "${HOST_DIRS[1]}"
wait "$hv" || fail "hvtop --json failed: $(cat "$T/o.err")"
python3 - "$T/o.json" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
def fail(msg):
    print('FAIL: keepalive: %s' % msg, file=sys.stderr)
    for l in lines:
        h = l['hosts'][1]
        print('  %.1f %s %s %s' % (l['time'] % 1000, h['state'], h['waiting_s'], h['error']), file=sys.stderr)
    sys.exit(1)
states = [l['hosts'][1]['state'] for l in lines]
# runs of the same state, in order
runs = [s for i, s in enumerate(states) if i == 0 or states[i - 1] != s]
print('host 1: %s' % ' -> '.join(runs))
if runs[0] != 'connected' or runs[-1] != 'connected':
    fail('host 1 does not start and end connected')
lost = [l['hosts'][1] for l in lines if l['hosts'][1]['state'] == 'disconnected']
if not lost or not any('keepalive' in (h['error'] or '') for h in lost):
    fail('keepalive never marked host 1 lost')
if 'not answering' not in runs[:runs.index('disconnected')]:
    fail('host 1 was not "not answering" before keepalive gave up')
for i, l in enumerate(lines):
    if l['hosts'][0]['state'] != 'connected':
        fail('line %d: host 0 is %s' % (i + 1, l['hosts'][0]['state']))
gaps = [b['time'] - a['time'] for a, b in zip(lines, lines[1:])]
if max(gaps) > 1.6:
    fail('host 0 missed its rate: a gap of %.2f s' % max(gaps))
PY
echo "PASS: keepalive"
