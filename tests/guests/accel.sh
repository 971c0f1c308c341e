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
# A probe boots a test guest only where /dev/kvm opens, and its verdict is
# kept.  Without /dev/kvm (no KVM module, or no virtualisation) there is
# nothing to probe and nothing to keep (the device may appear later): the
# reason, checked below, says it cannot be opened.
verdict=$XDG_STATE_HOME/hvtop/accel
if python3 -c 'import os; os.close(os.open("/dev/kvm", os.O_RDWR))' 2>/dev/null; then
	grep -q "testing whether guests boot under KVM" "$T/a.err" || fail "no probe was announced"
	[ -f "$verdict" ] || fail "the verdict was not kept in $verdict"
	cat "$verdict"
	accel=$(sed -n 's/^accel //p' "$verdict")
	why=$(sed -n 's/^why //p' "$verdict")
else
	! grep -q "testing whether guests boot under KVM" "$T/a.err" ||
		fail "a probe was announced although /dev/kvm cannot be opened"
	[ ! -f "$verdict" ] || fail "a verdict was kept although nothing was probed"
	# the reason the header must give (checked at the end)
	accel=tcg
	why=$(python3 -c 'import os
try:
    os.close(os.open("/dev/kvm", os.O_RDWR))
except OSError as e:
    print("KVM: cannot open /dev/kvm: " + os.strerror(e.errno))')
fi
case $accel in
kvm) ;;
tcg) [ -n "$why" ] || fail "TCG was chosen without a reason" ;;
*) fail "the kept verdict '$accel' is neither kvm nor tcg" ;;
esac
echo "probe and boot: $first ms, verdict $accel${why:+ ($why)}"

# The reason is the one kvm/accel.c gives for what happened on this host,
# word for word.  Without /dev/kvm: "cannot open" and the errno's text.
# Otherwise the probe ran, and its files say what it saw: the guest's
# serial log (HVTOP-READY: KVM works; empty: it printed nothing, or QEMU
# died) and QEMU's output (its last line: why QEMU died).  The probe waits
# $HVTOP_ACCEL_PROBE_TIMEOUT s, and at most 8 s for a first line.
reasons=$(python3 - "$XDG_STATE_HOME/hvtop" "$HVTOP_ACCEL_PROBE_TIMEOUT" <<'PY'
import os, re, sys
state, env = sys.argv[1], sys.argv[2]
ready = int(env) if env.isdigit() and int(env) > 0 else 30  # atoi, else READY_S
first = min(ready, 8)
def clip(s):  # struct kvm_accel_verdict's why holds 199 bytes
    return s.encode()[:199].decode(errors="ignore")
try:
    os.close(os.open("/dev/kvm", os.O_RDWR))
except OSError as e:
    print("tcg KVM: cannot open /dev/kvm: " + os.strerror(e.errno))
    sys.exit(0)
def read(name):
    try:
        with open(os.path.join(state, name), "rb") as f:
            return f.read().decode(errors="replace")
    except FileNotFoundError:
        return ""
serial, out = read("accel-probe.serial"), read("accel-probe.out")
if "HVTOP-READY" in serial:
    print("kvm")
    sys.exit(0)
# kvm_file_tail: control characters as spaces, trailing blanks dropped
last = re.sub(r"[\x00-\x08\x0b-\x1f]", " ", out).rstrip("\n ").rsplit("\n", 1)[-1]
print(clip("tcg KVM: QEMU could not run a test guest" + (": " + last if last else "")))
if not serial:
    print("tcg KVM: a test guest printed nothing in %d s (nested KVM that hangs?)" % first)
else:
    print("tcg KVM: a test guest did not come up within %d s" % ready)
PY
) || fail "cannot work out the expected reason"
grep -qxF -- "$accel${why:+ $why}" <<<"$reasons" || {
	sed 's/^/  /' <<<"$reasons" >&2
	fail "the verdict '$accel${why:+ ($why)}' is not what kvm/accel.c says for what the probe saw (one of the above)"
}

# the same domain runs on; the verdict is reused, no second probe
"$HVTOP" --demo-clean >/dev/null 2>&1 || fail "--demo-clean failed"
t0=$(now_ms)
"$HVTOP" --demo --json -n 1 >"$T/b.json" 2>"$T/b.err" || {
	cat "$T/b.err" >&2
	fail "the second hvtop --demo did not run"
}
echo "with the kept verdict: $(($(now_ms) - t0)) ms"
grep -q "testing whether" "$T/b.err" && fail "the verdict was not reused"

# the header names the accelerator and, when it is not KVM, the reason in
# full (the pane is wide enough that nothing is cut: before the URI come
# the clock, the CPU model, its count and speed, the memory)
if [ "$accel" = tcg ]; then
	note="guests: TCG ($why)"
else
	note="guests: KVM"
fi
tui_start $((${#EMBED} + ${#note} + 150)) 10 "$HVTOP" -c "$EMBED"
tui_wait_for "$(sed 's/[][\\.*^$?+(){}|]/\\&/g' <<<"$EMBED - $note")" 30
header=$(tui_screen | grep -F -- "$EMBED - " | head -n 1)
echo "header: $header"
tui_keys q
tui_wait_exit 30
# the note ends the line: nothing after the reason
[ "$(sed 's/ *$//' <<<"${header#*"$EMBED - "}")" = "$note" ] ||
	fail "the header reads '$header', not '... $EMBED - $note'"
echo "PASS"
