#!/bin/bash
# The auto-converge lever: a guest that rewrites random data in a loop
# ("dirtier", tests/lib/twohosts.sh) migrated with a 2 MiB/s cap stalls;
# A (asks) restarts the migration with auto-converge, as libvirt takes it
# only at the start: the guest stays on A in between, the bar does not run
# backwards across the restart, QEMU throttles the guest's vCPU, and the
# restarted migration finishes (with the cap lifted: under TCG the throttle
# alone did not bring this guest's dirty rate below 2 MiB/s in 3 minutes):
# the guest runs on B only.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/twohosts.sh"
need_cmd tmux

twohosts_start
twohosts_guest A g6 dirtier
twohosts_wait_serial g6 'HVTOP-READY profile=dirtier' 120
echo "ok: g6 (dirtier) runs on host A"

tui_start 240 45 "$HVTOP" -c "$TH_URI_A" -c "$TH_URI_B" -d 0.5
# both hosts answer before a migration is asked of them: a libvirtd's
# first answer (its QEMU probe) can take seconds, and a host that has not
# answered yet is no destination
tui_wait_for '^hvtop .* - 2 hosts, 2 connected' 60
tui_wait_for ' g6( |$)' 30
tui_keys m
tui_wait_for "Migrate 'g6' from " 10
tui_keys Tab
tui_keys -l "$(th_data_uri g6)"
tui_keys Tab Tab C-u
tui_keys -l 2
tui_keys Enter
tui_wait_gone "Migrate 'g6' from" 5
tui_keys 5
tui_wait_for "running .*migrate 'g6'" 10
tui_wait_for "STALLED: remaining data .*A restart with auto-converge" 240
tui_screen | grep -E "^ +iter " >&2
before=$(tui_screen | sed -nE "s/.* ([0-9]+)% migrate 'g6'.*/\1/p" | head -n 1)
tui_keys A
tui_wait_for "Restart the migration of 'g6' \(job [0-9]+\) with auto-converge\?" 5
tui_keys y
tui_wait_for "restarting the migration of 'g6' with auto-converge" 5
tui_wait_for "\[auto-converge, vCPU throttle [0-9]+%\]" 60
[ "$(th_state A g6)" = running ] || fail "g6 is not running on A while the migration restarts"
echo "ok: the migration restarted with auto-converge, g6 still on A"
# QEMU slows the guest's vCPU down (auto-converge's throttle), the bar
# holds its place across the restart
deadline=$(($(now_ms) + 120000))
while :; do
	screen=$(tui_screen)
	p=$(sed -nE "s/.* ([0-9]+)% migrate 'g6'.*/\1/p" <<<"$screen" | head -n 1)
	[ -n "$p" ] && [ -n "$before" ] && [ "$p" -lt "$before" ] &&
		{ printf '%s\n' "$screen" >&2; fail "the bar ran backwards across the restart ($before% -> $p%)"; }
	grep -Eq "done .*'g6' migrated to " <<<"$screen" && break
	grep -Eq "vCPU throttle [1-9][0-9]*%" <<<"$screen" && break
	[ "$(now_ms)" -ge "$deadline" ] && { printf '%s\n' "$screen" >&2; fail "no vCPU throttle within 120 s of auto-converge"; }
	sleep 0.5
done
echo "ok: auto-converge throttles g6's vCPU; the bar never ran backwards"
# Under TCG the throttle alone may not bring this guest below the cap: the
# speed lever ends it here, on the restarted (auto-converge) attempt
tui_keys S
tui_wait_for "Speed \(MiB/s, 0: unlimited\): " 5
tui_keys C-u
tui_keys -l 0
tui_keys Enter
tui_wait_for "done .*'g6' migrated to " 180
echo "ok: the restarted migration finished"
[ "$(th_state B g6)" = running ] || fail "g6 is not running on B (state '$(th_state B g6)')"
th_virsh A dominfo g6 >/dev/null 2>&1 && fail "g6 is still defined on A"
echo "ok: g6 runs on B and is gone from A"
tui_keys q
tui_wait_exit 20
