#!/bin/bash
# KVM or TCG without a flag: the first --demo boots a test guest under KVM
# and keeps the verdict (on machines whose nested KVM hangs Linux guests the
# answer is TCG, with the reason); the next --demo uses the kept verdict,
# and the header says which accelerator and why not KVM.
. "${top_srcdir:-.}/tests/guests/lib.sh"
guests_enter "$@"
require tmux

export HVTOP_DEMO_PROFILES=idle
# KVM prints its first line within a second; 8 s tells a hang quickly
export HVTOP_ACCEL_PROBE_TIMEOUT=${HVTOP_ACCEL_PROBE_TIMEOUT:-8}
t0=$(now_ms)
"$HVTOP" --demo --json -n 1 >"$T/a.json" 2>"$T/a.err" || {
	cat "$T/a.err" >&2
	fail "hvtop --demo (accelerator chosen by probing) did not run"
}
first=$(($(now_ms) - t0))
cat "$T/a.err"
grep -q "testing whether guests boot under KVM" "$T/a.err" || fail "no probe was announced"
verdict=$XDG_STATE_HOME/hvtop/accel
[ -f "$verdict" ] || fail "the verdict was not kept in $verdict"
cat "$verdict"
accel=$(sed -n 's/^accel //p' "$verdict")
why=$(sed -n 's/^why //p' "$verdict")
case $accel in
kvm) ;;
tcg) [ -n "$why" ] || fail "TCG was chosen without a reason" ;;
*) fail "the kept verdict '$accel' is neither kvm nor tcg" ;;
esac
echo "probe and boot: $first ms, verdict $accel${why:+ ($why)}"
if [ ! -e /dev/kvm ]; then
	grep -q "cannot open /dev/kvm" "$verdict" || fail "without /dev/kvm the reason should say so"
fi

# the same domain runs on; the verdict is reused, no second probe
"$HVTOP" --demo-clean >/dev/null 2>&1 || fail "--demo-clean failed"
t0=$(now_ms)
"$HVTOP" --demo --json -n 1 >"$T/b.json" 2>"$T/b.err" || {
	cat "$T/b.err" >&2
	fail "the second hvtop --demo did not run"
}
echo "with the kept verdict: $(($(now_ms) - t0)) ms"
grep -q "testing whether" "$T/b.err" && fail "the verdict was not reused"

# the header names the accelerator (and the reason when it is not KVM)
note="guests: ${accel^^}"
tui_start 220 10 "$HVTOP" -c "$EMBED" --keys '<sync>q'
tui_wait_for "$(sed 's/[][\\.*^$?+(){}|]/\\&/g' <<<"$EMBED - $note")" 30
tui_wait_exit 30
if [ "$accel" = tcg ]; then
	grep -qF "${why:0:40}" <<<"$(tui_screen)" || true
	tui_screen | head -n 1
fi
echo "PASS"
