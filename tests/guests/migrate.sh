#!/bin/bash
# Live migration through hvtop's own keys, between two libvirt hosts on this
# machine (tests/lib/twohosts.sh), with real TCG guests on shared storage:
#  - m moves a running guest from A to B: the job's progress in view 5 never
#    decreases, its final statistics stay in its row, the guest's serial
#    counter goes on across the move, it then runs on B and not on A, and
#    the selection follows it to B;
#  - a key script in --json moves it back (m from the script): jobs[]
#    shows the job to the end, with its final figures;
#  - while a (bandwidth-capped) migration runs, the guest is marked on both
#    hosts, the other domains on both hosts keep refreshing (in the TUI and
#    in a second hvtop's --json), and x in view 5 aborts it: the guest
#    keeps running on A;
#  - the destination's daemon killed mid-migration: the job fails in one
#    sentence saying so, and the guest keeps running on A.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/twohosts.sh"
need_cmd tmux python3

twohosts_start
twohosts_guest A g0 idle
twohosts_guest A g1 idle
twohosts_guest A g2 idle
twohosts_guest B g3 idle
twohosts_wait_serial g0 'HVTOP-TICK n=1 ' 120
twohosts_wait_serial g3 'HVTOP-TICK n=1 ' 120
twohosts_wait_serial g1 'HVTOP-TICK n=1 ' 120
twohosts_wait_serial g2 'HVTOP-TICK n=1 ' 120
echo "ok: guests g0, g1 and g2 run on host A, g3 on host B"

tui_start 320 45 "$HVTOP" -c "$TH_URI_A" -c "$TH_URI_B" -d 0.5
# both hosts answer before a migration is asked of them: a libvirtd's
# first answer (its QEMU probe) can take seconds, and a host that has not
# answered yet is no destination
tui_wait_for '^hvtop .* - 2 hosts, 2 connected' 60
tui_wait_for ' g1( |$)' 30
tui_wait_for ' g2( |$)' 30

# select a guest by name with the filter, then clear it (the selection stays)
select_guest() {
	tui_keys / "$1" Enter
	tui_wait_for "filter: '$1' \(1 shown" 10
	tui_keys Escape
}

# open m on the selected guest, destination B (the first other host), data
# over a UNIX socket both hosts' QEMUs see, options after
m_dialog() {
	tui_keys m
	tui_wait_for "Migrate '$1' from " 10
	tui_wait_for "to +< *qemu\+unix:///system\?socket=$TH_DIR/B/" 5
	tui_keys Tab
	tui_keys -l "$(th_data_uri "$1")"
}

# --- 1: A -> B, watched in view 5 -------------------------------------------
select_guest g1
tick_before=$(th_last_tick g1)
m_dialog g1
tui_keys Enter
tui_wait_gone "Migrate 'g1' from" 5
tui_keys 5
pcts=()
deadline=$(($(now_ms) + 120000))
while :; do
	screen=$(tui_screen)
	row=$(grep -E "^ +[0-9]+ (running|done|failed|cancelled) .*migrate 'g1'" <<<"$screen" | head -n 1)
	p=$(sed -nE 's/.* ([0-9]+)% migrate .*/\1/p' <<<"$row")
	[ -n "$p" ] && pcts+=("$p")
	case $row in
	*" done "*) break ;;
	*" failed "* | *" cancelled "*)
		printf '%s\n' "$screen" >&2
		fail "the migration of g1 did not succeed"
		;;
	esac
	[ "$(now_ms)" -ge "$deadline" ] && { printf '%s\n' "$screen" >&2; fail "g1 did not migrate within 120 s"; }
	sleep 0.2
done
echo "progress seen: ${pcts[*]}"
[ "${#pcts[@]}" -ge 2 ] || fail "view 5 showed the job's progress fewer than 2 times"
prev=0
for p in "${pcts[@]}"; do
	[ "$p" -ge "$prev" ] || fail "progress ran backwards: ${pcts[*]}"
	prev=$p
done
[ "$prev" = 100 ] || fail "the finished job shows $prev%, not 100%"
echo "ok: the job's progress never decreased and ended at 100%"
tui_wait_for "final: downtime [0-9]+ ms, total time [0-9.]+ s, .*B sent" 5
tui_wait_for "'g1' migrated to .* in [0-9.]+ s \(downtime [0-9]+ ms" 5
echo "ok: the final statistics stay in the job's record"

[ "$(th_state B g1)" = running ] || fail "g1 is not running on B (state '$(th_state B g1)')"
th_virsh A dominfo g1 >/dev/null 2>&1 && fail "g1 is still defined on A"
echo "ok: g1 runs on B and is gone from A"
# the counter the guest prints goes on across the move (5 s a tick)
deadline=$(($(now_ms) + 30000))
while [ "$(th_last_tick g1)" -le $((tick_before + 1)) ]; do
	[ "$(now_ms)" -ge "$deadline" ] && fail "g1's serial counter stopped at $(th_last_tick g1) (was $tick_before before the move)"
	sleep 0.5
done
echo "ok: g1's serial counter went on ($tick_before -> $(th_last_tick g1))"

# the selection followed it: the detail view (Enter) shows g1 on host B
tui_keys 0
tui_keys Enter
tui_wait_for "hvtop-host-B" 10
tui_screen | grep -q "g1" || fail "the detail view does not show g1"
echo "ok: the selection followed g1 to host B"
tui_keys Escape

# --- 1b: back B -> A from a key script in --json: the job in jobs[] -----------
J=$TH_DIR/back.json
"$HVTOP" -c "$TH_URI_A" -c "$TH_URI_B" --json -d 0.5 -n 60 \
	--keys "<wait:3000>/g1<Enter><Esc>m<Tab>$(th_data_uri g1)<Enter>" >"$J" 2>"$TH_DIR/back.err" ||
	fail "hvtop --json --keys (migrate g1 back) failed: $(cat "$TH_DIR/back.err")"
cat "$TH_DIR/back.err"
python3 - "$J" <<'PY' || fail "--json jobs[] does not show g1's migration back and its final figures (see above)"
import json, sys
S = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
mig = [j for s in S for j in (s.get('jobs') or []) if j['kind'] == 'migration' and j['domain'] == 'g1']
if not mig:
    sys.exit('no migration job of g1 in jobs[]')
last = mig[-1]
print('the job at the end:', last)
if last['state'] != 'done':
    sys.exit('the job ended %s' % last['state'])
for k in ('downtime_ms', 'data_total', 'data_processed'):
    if last[k] is None:
        sys.exit('its final %s is null' % k)
pcts = [j['pct'] for j in mig if j['pct'] is not None]
if pcts != sorted(pcts):
    sys.exit('its pct ran backwards: %r' % pcts)
on = [(d['name'], d['host']) for d in S[-1]['domains'] if d['name'] == 'g1']
print('g1 at the end:', on)
if on != [('g1', 'hvtop-host-A')]:
    sys.exit('g1 is not (only) on host A at the end: %r' % on)
PY
[ "$(th_state A g1)" = running ] || fail "g1 is not running on A after the move back"
echo "ok: a key script in --json moved g1 back to A; jobs[] kept its final figures"
tui_wait_for ' g1( |$)' 10

# --- 2: abort a capped migration of g2 ---------------------------------------
tui_keys 0
select_guest g2
m_dialog g2
# the cap: 1 MiB/s keeps it running long enough to look at and abort
tui_keys Tab Tab
tui_keys BSpace
tui_keys -l 1
tui_keys Enter
tui_wait_gone "Migrate 'g2' from" 5
tui_wait_for "g2  \[migrating out\]" 20
tui_wait_for "g2  \[migrating in\]" 20
echo "ok: g2 is marked as migrating on both hosts"
tui_keys 5
tui_wait_for "running .*migrate 'g2'" 10
tui_wait_for "iter [0-9]+ \(.*this pass\)  data .*dirty .* vs xfer " 30

# meanwhile the other domains on both hosts keep refreshing: g0 and g1
# (back on A) and g3 (on B), in a second hvtop's --json at its rate, and
# in this one's domains view
obs=$TH_DIR/during.json
t0=$(now_ms)
"$HVTOP" -c "$TH_URI_A" -c "$TH_URI_B" --json -d 0.5 -n 12 >"$obs" 2>"$TH_DIR/during.err" &
obs_pid=$!
tui_keys 0
row0=$(tui_screen | grep -E ' g0$')
sleep 3
row1=$(tui_screen | grep -E ' g0$')
[ -n "$row0" ] && [ "$row0" != "$row1" ] ||
	fail "g0's row did not change in 3 s while g2 migrated: '$row0' / '$row1'"
wait "$obs_pid" || fail "hvtop --json during the migration failed: $(cat "$TH_DIR/during.err")"
took=$(($(now_ms) - t0))
python3 - "$obs" "$took" <<'PY' || fail "the other domains did not keep refreshing during the migration (see above)"
import json, sys
S = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
took = int(sys.argv[2]) / 1000.0
def dom(s, name):
    return next((d for d in s['domains'] if d['name'] == name and d['state'] == 'running'), None)
print('%d samples in %.1f s; hosts: %s' % (len(S), took,
      [(h['hostname'], h['state'], h['waiting_s']) for h in S[-1]['hosts']]))
if len(S) != 12 or took > 12:
    sys.exit('12 samples at 0.5 s took %.1f s' % took)
for s in S:
    if any(h['state'] != 'connected' or h['waiting_s'] for h in s['hosts']):
        sys.exit('a host waited: %r' % s['hosts'])
for name, host in (('g0', 'hvtop-host-A'), ('g1', 'hvtop-host-A'), ('g3', 'hvtop-host-B')):
    ds = [dom(s, name) for s in S]
    if any(d is None or d['host'] != host for d in ds):
        sys.exit('%s is not running on %s in every sample' % (name, host))
    t = [d['cpu_time_ns'] for d in ds]
    if any(d['cpu_pct'] is None for d in ds[1:]) or t[-1] <= t[0]:
        sys.exit('%s did not refresh: cpu_time_ns %r' % (name, t))
    print('%s on %s: cpu_time_ns %d -> %d, cpu_pct known in every sample' % (name, host, t[0], t[-1]))
PY
echo "ok: g0 and g1 on A and g3 on B kept refreshing while g2 migrated"
tui_keys 5
tui_wait_for "running .*migrate 'g2'" 10
tui_keys Down Down Down
tui_keys x
tui_wait_for "cancelled .*migration of 'g2' aborted: 'g2' is still running on " 60
echo "ok: x aborted the migration"
[ "$(th_state A g2)" = running ] || fail "g2 is not running on A after the abort (state '$(th_state A g2)')"
[ "$(th_state B g2)" != running ] || fail "g2 runs on B after the abort"
tick=$(th_last_tick g2)
deadline=$(($(now_ms) + 30000))
while [ "$(th_last_tick g2)" -le "$tick" ]; do
	[ "$(now_ms)" -ge "$deadline" ] && fail "g2's serial counter stopped at $tick after the abort"
	sleep 0.5
done
echo "ok: g2 keeps running on A after the abort"

# --- 3: the destination's daemon killed mid-migration ------------------------
tui_keys 0
select_guest g2
m_dialog g2
tui_keys Tab Tab C-u
tui_keys -l 1
tui_keys Enter
tui_wait_gone "Migrate 'g2' from" 5
tui_keys 5
tui_wait_for "running .*migrate 'g2'.*copying memory" 20
th_kill B
tui_wait_for "failed .*migration of 'g2' failed: the connection to .* was lost; 'g2' is still running on " 60
echo "ok: the job says in one sentence that the destination was lost and where g2 is"
[ "$(th_state A g2)" = running ] || fail "g2 is not running on A after losing B (state '$(th_state A g2)')"
tick=$(th_last_tick g2)
deadline=$(($(now_ms) + 30000))
while [ "$(th_last_tick g2)" -le "$tick" ]; do
	[ "$(now_ms)" -ge "$deadline" ] && fail "g2's serial counter stopped at $tick after B was lost"
	sleep 0.5
done
echo "ok: g2 keeps running on A after its destination died"
tui_keys q
tui_wait_exit 20
