#!/bin/bash
# Scheduler controls on real guests under TCG, measured by hvtop itself:
# - hvtop --demo-scenario shares: three cpu-hogs pinned to one host CPU
#   with cpu shares 2048/1024/1024; the split of hvtop's own --json cpu_pct
#   over 20 s is 50/25/25 within 2 points, and libvirt holds the values;
# - hvtop --demo-scenario cap: a cpu-hog capped at 20 % of a core; the
#   vCPU's run_pct in hvtop's --json shows 20 +- 2 % of one core, and
#   libvirt holds quota/period;
# - the e dialog shows the split it measured among the three (about 50 %
#   for the 2048 one) beside the 50 % its shares give;
# - the e dialog on that guest (tmux, keys): it shows the set cap beside
#   the measured one, sets shares and a new cap, the SHARES and CAP columns
#   and --json follow, and libvirt holds them.
. "${top_srcdir:-.}/tests/guests/lib.sh"
guests_enter "$@"

CTL=${top_builddir:-.}/tests/guests/embedctl
[ -x "$CTL" ] || fail "tests/guests/embedctl is not built"
[ "$(nproc)" -ge 2 ] || fail "the shares scenario pins to host CPU 1: this host has one CPU"

# split FILE FIRST NAMES...: each domain's part (%) of the summed cpu_pct
# of the NAMES over samples FIRST.. (hvtop's own numbers)
split() {
	local f=$1 first=$2
	shift 2
	python3 - "$f" "$first" "$@" <<'EOF'
import json, sys
S = [json.loads(l) for l in open(sys.argv[1]) if l.strip()][int(sys.argv[2]):]
names = sys.argv[3:]
tot = {n: 0.0 for n in names}
for s in S:
    for d in s["domains"]:
        if d["name"] in tot:
            if d["cpu_pct"] is None:
                raise SystemExit("%s has no cpu_pct in a sample" % d["name"])
            tot[d["name"]] += d["cpu_pct"]
all_ = sum(tot.values())
print(" ".join("%.1f" % (100 * tot[n] / all_) for n in names), "%.1f" % (all_ / len(S)))
EOF
}

# within VALUE WANT TOL: |VALUE - WANT| <= TOL
within() {
	python3 -c "import sys; sys.exit(0 if abs($1 - $2) <= $3 else 1)"
}

# --- shares 2:1:1 on one host CPU -----------------------------------------
t0=$(now_ms)
"$HVTOP" --demo-scenario shares --accel tcg --json -n 25 -d 1 >"$T/shares.json" 2>"$T/shares.err" || {
	cat "$T/shares.err" >&2
	fail "hvtop --demo-scenario shares did not run"
}
echo "shares scenario and 25 samples: $(($(now_ms) - t0)) ms"
cat "$T/shares.err"
for i in 1 2 3; do
	grep -q "hvtop-demo-shares-$i (cpu-hog) is up" "$T/shares.err" ||
		fail "no progress line for hvtop-demo-shares-$i"
done
# the settings went through hvtop's setters, which say what virsh would do
grep -q "^hvtop: virsh -c 'qemu:///embed?root=$ROOT' schedinfo hvtop-demo-shares-1 --set cpu_shares=2048 --live$" "$T/shares.err" ||
	fail "no virsh schedinfo line for hvtop-demo-shares-1"
grep -q "^hvtop: virsh -c 'qemu:///embed?root=$ROOT' vcpupin hvtop-demo-shares-3 0 1 --live$" "$T/shares.err" ||
	fail "no virsh vcpupin line for hvtop-demo-shares-3"
check "hvtop shows the shares it set" \
	"[dom(S[-1], 'hvtop-demo-shares-%d' % i)['cpu_shares'] for i in (1, 2, 3)] == [2048, 1024, 1024]" "$T/shares.json"
check "no cap on them" \
	"all(dom(S[-1], 'hvtop-demo-shares-%d' % i)['cpu_cap_pct'] is None for i in (1, 2, 3))" "$T/shares.json"
# libvirt, asked directly, holds what hvtop says
for i in 1 2 3; do
	want=$([ "$i" = 1 ] && echo 2048 || echo 1024)
	out=$("$CTL" "$ROOT" "hvtop-demo-shares-$i" sched) || fail "embedctl cannot read hvtop-demo-shares-$i"
	echo "libvirt: hvtop-demo-shares-$i $out"
	grep -q "^shares=$want .* vcpupin=1 " <<<"$out" ||
		fail "libvirt does not hold shares $want and vCPU pinning to host CPU 1 for hvtop-demo-shares-$i: $out"
done
# samples 5..25: 20 intervals of 1 s after the settings took hold
read -r p1 p2 p3 total < <(split "$T/shares.json" 5 hvtop-demo-shares-1 hvtop-demo-shares-2 hvtop-demo-shares-3) ||
	fail "cannot compute the split"
echo "split over 20 s: $p1 / $p2 / $p3 % (they used $total % of one CPU in all)"
within "$p1" 50 2 || fail "hvtop-demo-shares-1 (2048) got $p1 %, not 50 +- 2"
within "$p2" 25 2 || fail "hvtop-demo-shares-2 (1024) got $p2 %, not 25 +- 2"
within "$p3" 25 2 || fail "hvtop-demo-shares-3 (1024) got $p3 %, not 25 +- 2"
# three hogs on one CPU: together about one CPU, not two
within "$total" 100 15 || fail "the three used $total % of one CPU in all, not about 100"
# the e dialog of the 2048 one: its shares beside the split measured
# among the three on host CPU 1 (over the last five refreshes)
printf 'columns = [ "shares", "cap" ];\n' >"$T/hvtop.conf"
tui_start 160 40 "$HVTOP" --config "$T/hvtop.conf" -c "$EMBED" -d 1
tui_wait_for ' 2048 +none .* hvtop-demo-shares-1' 30
tui_keys /
tui_keys -l hvtop-demo-shares-1
tui_keys Enter
tui_wait_for "filter: 'hvtop-demo-shares-1' \(1 shown" 5
# the dialog measures over the last five refreshes (each weighted by the
# time it covers: the sample the dialog asks for as it opens covers
# milliseconds, and counted as a whole refresh it read 56.9 and 46.4 %)
sleep 5
tui_keys e
tui_wait_for "Scheduling of 'hvtop-demo-shares-1'" 15
tui_wait_for 'cpu shares +\[2048' 3
tui_wait_for 'vCPU pin +\[1\]' 3
line=$(tui_screen | grep -oE 'measured +[0-9.]+ % of the CPU time of the 3 VMs on host CPU 1 \(shares give 50.0 %\)' | head -n 1)
[ -n "$line" ] || { tui_screen >&2; fail "the dialog does not show the split among the 3 VMs on host CPU 1 beside shares' 50 %"; }
m=$(sed -E 's/measured +([0-9.]+) %.*/\1/' <<<"$line")
echo "the dialog: shares 2048 (50 %), $line"
within "$m" 50 4 || fail "the dialog's measured split is $m %, not about 50"
tui_keys Escape
tui_keys q
tui_wait_exit 10
tui_stop
"$HVTOP" --demo-clean >"$T/clean1.out" 2>&1 || { cat "$T/clean1.out" >&2; fail "--demo-clean failed"; }

# --- a cap of 20 % of one core --------------------------------------------
t0=$(now_ms)
"$HVTOP" --demo-scenario cap --accel tcg --json -n 25 -d 1 >"$T/cap.json" 2>"$T/cap.err" || {
	cat "$T/cap.err" >&2
	fail "hvtop --demo-scenario cap did not run"
}
echo "cap scenario and 25 samples: $(($(now_ms) - t0)) ms"
cat "$T/cap.err"
grep -q "^hvtop: virsh -c 'qemu:///embed?root=$ROOT' schedinfo hvtop-demo-cap-1 --set vcpu_quota=20000 --live$" "$T/cap.err" ||
	fail "no virsh schedinfo line for the cap"
check "hvtop shows the cap it set" \
	"dom(S[-1], 'hvtop-demo-cap-1')['cpu_cap_pct'] == 20.0" "$T/cap.json"
out=$("$CTL" "$ROOT" hvtop-demo-cap-1 sched) || fail "embedctl cannot read hvtop-demo-cap-1"
echo "libvirt: hvtop-demo-cap-1 $out"
grep -q "^shares=[0-9]* quota=20000 period=100000 " <<<"$out" ||
	fail "libvirt does not hold vcpu_quota 20000 per 100000 for hvtop-demo-cap-1: $out"
# a cap (vcpu_quota) limits the vCPU thread: what it delivered is the
# vCPU's run %; the domain's cpu_pct adds QEMU's own threads, uncapped
cap=$(json_eval "$T/cap.json" "'%.1f' % (sum(dom(s, 'hvtop-demo-cap-1')['vcpu_stats'][0]['run_pct'] for s in S[5:]) / len(S[5:]))")
dcpu=$(json_eval "$T/cap.json" "'%.1f' % (sum(dom(s, 'hvtop-demo-cap-1')['cpu_pct'] for s in S[5:]) / len(S[5:]))")
echo "capped cpu-hog over 20 s: its vCPU ran $cap % of one core (the domain with QEMU's threads: $dcpu %)"
within "$cap" 20 2 || fail "the capped cpu-hog's vCPU got $cap % of one core, not 20 +- 2"

# --- the e dialog on the capped guest --------------------------------------
# the SHARES and CAP columns shown (the settings file's columns)
tui_start 160 40 "$HVTOP" --config "$T/hvtop.conf" -c "$EMBED" -d 1
tui_wait_for 'hvtop-demo-cap-1' 30
tui_wait_for '%CPU +SHARES +CAP ' 3
tui_wait_for ' 1024 +20\.0 .* hvtop-demo-cap-1' 5
# the measured cap is the dialog's own: its first sample covers a few
# milliseconds, in which a vCPU capped at 20 % may have run 0 ms or 18 of
# 50 (0.0 and 36.3 % were shown, when such a sample counted as a whole
# refresh); it is shown once its samples cover 0.9 s
sleep 5
tui_keys e
tui_wait_for "Scheduling of 'hvtop-demo-cap-1' \(running, 1 vCPU" 15
tui_wait_for 'cap % +\[20' 3
# beside the set cap, the one delivered: about 20 % of one core
tui_wait_for 'measured +[0-9.]+ % of one core per vCPU' 10
line=$(tui_screen | grep -oE 'measured +[0-9.]+ % of one core' | head -n 1)
m=$(sed -E 's/measured +([0-9.]+) % of one core.*/\1/' <<<"$line")
[ -n "$m" ] || { tui_screen >&2; fail "the dialog shows no measured cap"; }
echo "the dialog: cap 20, measured $m % of one core"
within "$m" 20 4 || fail "the dialog's measured cap is $m, not about 20"
# a bad value is refused with a sentence and nothing changes
tui_keys C-u 3 0 0 0 0 0 0 Enter
tui_wait_for 'cpu shares must be a whole number from 2 to 262144' 3
tui_keys C-u 5 1 2 Tab C-u 3 0 Enter
tui_wait_for "scheduling of 'hvtop-demo-cap-1' changed" 15
tui_keys L
tui_wait_for "virsh -c 'qemu:///embed\?root=.*' schedinfo hvtop-demo-cap-1 --set cpu_shares=512 --set vcpu_quota=30000 --live" 3
tui_keys Escape
# the list follows at once (the connection reads them again after a set)
tui_wait_for ' 512 +30\.0 .* hvtop-demo-cap-1' 5
tui_keys q
tui_wait_exit 10
"$HVTOP" -c "$EMBED" --json -n 1 >"$T/after.json" 2>"$T/after.err" || {
	cat "$T/after.err" >&2
	fail "hvtop --json after the dialog did not run"
}
check "--json shows what the dialog set" \
	"(dom(S[0], 'hvtop-demo-cap-1')['cpu_shares'], dom(S[0], 'hvtop-demo-cap-1')['cpu_cap_pct']) == (512, 30.0)" "$T/after.json"
out=$("$CTL" "$ROOT" hvtop-demo-cap-1 sched) || fail "embedctl cannot read hvtop-demo-cap-1"
echo "libvirt after the dialog: $out"
grep -q "^shares=512 quota=30000 " <<<"$out" || fail "libvirt does not hold what the dialog set: $out"
echo PASS
