#!/bin/bash
# A migration that cannot converge: a guest that rewrites 16 MiB of random
# data in a loop ("dirtier", tests/lib/twohosts.sh), migrated with a 2 MiB/s
# cap and a 1 ms max downtime.  View 5 shows its iterations and dirty rate,
# says STALLED with the levers, and the levers (D raises the max downtime,
# S lifts the cap) let it finish: the guest then runs on B only.  A second
# such guest is finished by switching to post-copy (P).
# (The demo profiles all converge here, mem-grower too: they dirty zero
# pages, which QEMU sends almost free, and mem-grower rests 6 s in 14.)
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/twohosts.sh"
need_cmd tmux

twohosts_start
twohosts_guest A g3 dirtier
twohosts_wait_serial g3 'HVTOP-READY profile=dirtier' 120
echo "ok: g3 (dirtier) runs on host A"

tui_start 220 45 "$HVTOP" -c "$TH_URI_A" -c "$TH_URI_B" -d 0.5
# both hosts answer before a migration is asked of them: a libvirtd's
# first answer (its QEMU probe) can take seconds, and a host that has not
# answered yet is no destination
tui_wait_for '^hvtop .* - 2 hosts, 2 connected' 60
tui_wait_for ' g3( |$)' 30
tui_keys m
tui_wait_for "Migrate 'g3' from " 10
tui_keys Tab
tui_keys -l "$(th_data_uri g3)"
# live, then the cap (MiB/s) and the max downtime (ms)
tui_keys Tab Tab C-u
tui_keys -l 2
tui_keys Tab C-u
tui_keys -l 1
tui_keys Enter
tui_wait_gone "Migrate 'g3' from" 5
tui_keys 5
tui_wait_for "running .*migrate 'g3'" 10
tui_wait_for "STALLED: remaining data has not shrunk for [0-9]+ iterations\.  D raise max downtime  S set speed  P post-copy  A restart with auto-converge  x abort" 240
screen=$(tui_screen)
iter=$(sed -nE 's/^ +iter ([0-9]+) .*/\1/p' <<<"$screen" | head -n 1)
[ -n "$iter" ] && [ "$iter" -ge 4 ] || { printf '%s\n' "$screen" >&2; fail "stalled after ${iter:-no} iterations"; }
grep -Eq "dirty [0-9.]+[KMG]?B/s .* vs xfer [0-9.]+[KMG]?B/s" <<<"$screen" ||
	{ printf '%s\n' "$screen" >&2; fail "no dirty rate against transfer rate"; }
grep -Eq "dirty 0B/s" <<<"$screen" && { printf '%s\n' "$screen" >&2; fail "the dirty rate shows 0"; }
echo "ok: view 5 says STALLED after $iter iterations, with the dirty rate and the levers"
# the levers: max downtime up, then the cap lifted
tui_keys D
tui_wait_for "Max downtime \(ms\): " 5
tui_keys C-u
tui_keys -l 5000
tui_keys Enter
tui_wait_for "max downtime of 'g3' now 5000 ms" 20
tui_keys S
tui_wait_for "Speed \(MiB/s, 0: unlimited\): " 5
tui_keys C-u
tui_keys -l 0
tui_keys Enter
tui_wait_for "done .*'g3' migrated to " 180
tui_wait_for "final: downtime [0-9]+ ms, total time [0-9.]+ s, .*B sent" 5
echo "ok: the levers let the stalled migration finish"
[ "$(th_state B g3)" = running ] || fail "g3 is not running on B (state '$(th_state B g3)')"
th_virsh A dominfo g3 >/dev/null 2>&1 && fail "g3 is still defined on A"
echo "ok: g3 runs on B and is gone from A"

# --- the same stall, ended by switching to post-copy (P, asks) -------------
twohosts_guest A g5 dirtier
twohosts_wait_serial g5 'HVTOP-READY profile=dirtier' 120
tui_keys 0
tui_wait_for ' g5( |$)' 30
tui_keys / C-u
tui_keys -l g5
tui_keys Enter
tui_wait_for "filter: 'g5' \(1 shown" 10
tui_keys Escape
tui_keys m
tui_wait_for "Migrate 'g5' from " 10
tui_keys Tab
tui_keys -l "$(th_data_uri g5)"
tui_keys Tab Tab C-u
tui_keys -l 2
tui_keys Tab C-u
tui_keys -l 1
tui_keys Enter
tui_wait_gone "Migrate 'g5' from" 5
tui_keys 5
tui_keys Down Down
tui_wait_for "running .*migrate 'g5'" 10
tui_wait_for "STALLED: remaining data" 240
tui_keys P
tui_wait_for "Switch the migration of 'g5' \(job [0-9]+\) to post-copy\?" 5
tui_keys y
tui_wait_for "done .*'g5' migrated to " 120
echo "ok: switching to post-copy finished the stalled migration"
[ "$(th_state B g5)" = running ] || fail "g5 is not running on B (state '$(th_state B g5)')"
th_virsh A dominfo g5 >/dev/null 2>&1 && fail "g5 is still defined on A"
echo "ok: g5 runs on B and is gone from A"
tui_keys q
tui_wait_exit 20
