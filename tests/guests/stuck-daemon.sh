#!/bin/bash
# One guest's QEMU that does not answer (SIGSTOP) freezes nothing, on a
# libvirtd (tests/lib/twohosts.sh, host A, QEMU run by the daemon), as
# tests/guests/stuck.sh checks on the embedded driver: mid-run and from the
# start, the other guest keeps its numbers at the refresh rate while the
# stopped one is listed "not answering" with its age and no numbers; q,
# SIGTERM and SIGINT end the TUI within 1 s; after SIGCONT both run, with
# numbers, and the daemon still answers.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/twohosts.sh"
. "$top_srcdir/tests/guests/stuck-lib.sh"
need_cmd tmux python3

twohosts_start
twohosts_guest A g1 idle
twohosts_guest A g2 idle
twohosts_wait_serial g1 'HVTOP-TICK n=1 ' 120
twohosts_wait_serial g2 'HVTOP-TICK n=1 ' 120
p1=$(cat "$TH_DIR/A/run/qemu/g1.pid") || fail "no pid file for g1"
on_exit "kill -CONT $p1 2>/dev/null"
J=$TH_DIR

stuck_json "$J" "$TH_URI_A" "$p1" g1 g2

stuck_ends_fast g1 g2 "$HVTOP" -c "$TH_URI_A" -d 1

# --- after SIGCONT: nothing lost ------------------------------------------
kill -CONT "$p1"
sleep 4
"$HVTOP" -c "$TH_URI_A" --json -d 1 -n 3 >"$J/end.json" 2>"$J/end.err" ||
	fail "hvtop --json failed after SIGCONT: $(cat "$J/end.err")"
python3 - "$J/end.json" <<'PY' || fail "after SIGCONT, the guests are not both back (see above)"
import json, sys
s = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][-1]
d = {x['name']: x for x in s['domains']}
for n in ('g1', 'g2'):
    x = d.get(n)
    print(n, x and (x['state'], x['cpu_pct'], x['not_answering_s']))
    if not x or x['state'] != 'running' or x['cpu_pct'] is None or x['not_answering_s'] is not None:
        sys.exit('%s is not running with numbers' % n)
PY
[ "$(cat "$TH_DIR/A/run/qemu/g1.pid")" = "$p1" ] || fail "g1 has a new QEMU: it was restarted"
[ "$(th_state A g1)" = running ] || fail "libvirt says g1 is '$(th_state A g1)'"
echo "ok: after SIGCONT both guests run, with numbers"
exit 0
