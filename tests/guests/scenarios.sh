#!/bin/bash
# The other demo scenarios on real guests under TCG, measured by hvtop's
# own --json (shares and cap: tests/guests/sched.sh):
# - pinning: the cpu-hog starts on host CPU 0 and is moved to host CPU 1
#   10 s later by a job; libvirt holds the move, the guest keeps its CPU;
# - halt: an idle guest beside a cpu-hog on one host CPU uses under 5 %,
#   the hog nearly all of it;
# - overcommit: one cpu-hog more than host CPUs: together they fill the
#   host, each gets its part, and they wait for a CPU (steal).
. "${top_srcdir:-.}/tests/guests/lib.sh"
guests_enter "$@"

CTL=${top_builddir:-.}/tests/guests/embedctl
[ -x "$CTL" ] || fail "tests/guests/embedctl is not built"
NCPU=$(nproc)
[ "$NCPU" -ge 2 ] || fail "the scenarios pin to host CPU 1: this host has one CPU"

# mean NAME FIELD FIRST FILE: the mean of a domain's field over samples FIRST..
mean() {
	json_eval "$4" "'%.1f' % (sum(dom(s, '$1')['$2'] for s in S[$3:]) / len(S[$3:]))"
}
within() {
	python3 -c "import sys; sys.exit(0 if abs($1 - $2) <= $3 else 1)"
}
above() {
	python3 -c "import sys; sys.exit(0 if $1 > $2 else 1)"
}
scenario() {
	local name=$1 n=$2
	"$HVTOP" --demo-scenario "$name" --accel tcg --json -n "$n" -d 1 >"$T/$name.json" 2>"$T/$name.err" || {
		cat "$T/$name.err" >&2
		fail "hvtop --demo-scenario $name did not run"
	}
	cat "$T/$name.err"
}
clean() {
	"$HVTOP" --demo-clean >"$T/clean.out" 2>&1 || { cat "$T/clean.out" >&2; fail "--demo-clean failed"; }
}

# --- pinning ------------------------------------------------------------------
scenario pinning 16
grep -q "^hvtop: virsh -c 'qemu:///embed?root=$ROOT' vcpupin hvtop-demo-pinning-1 0 0 --live$" "$T/pinning.err" ||
	fail "no vcpupin to host CPU 0 at start"
grep -q "^hvtop: in 10 s: virsh -c 'qemu:///embed?root=$ROOT' vcpupin hvtop-demo-pinning-1 0 1 --live$" "$T/pinning.err" ||
	fail "no vcpupin to host CPU 1 announced for 10 s later"
out=$("$CTL" "$ROOT" hvtop-demo-pinning-1 sched) || fail "embedctl cannot read hvtop-demo-pinning-1"
echo "libvirt after the move: $out"
grep -q " vcpupin=1 " <<<"$out" || fail "the guest was not moved to host CPU 1: $out"
busy=$(mean hvtop-demo-pinning-1 cpu_pct 3 "$T/pinning.json")
echo "the pinned cpu-hog: $busy % of one CPU"
above "$busy" 80 || fail "the pinned cpu-hog got $busy % of one CPU, not most of it"
clean

# --- halt -----------------------------------------------------------------------
scenario halt 15
idle=$(mean hvtop-demo-halt-1 cpu_pct 5 "$T/halt.json")
hog=$(mean hvtop-demo-halt-2 cpu_pct 5 "$T/halt.json")
echo "halt: idle $idle %, cpu-hog $hog % of host CPU 1"
python3 -c "import sys; sys.exit(0 if $idle < 5 else 1)" || fail "the idle guest used $idle % of one CPU, not under 5"
above "$hog" 85 || fail "the cpu-hog beside the idle guest got $hog %, not nearly all of the CPU"
for i in 1 2; do
	out=$("$CTL" "$ROOT" "hvtop-demo-halt-$i" sched) || fail "embedctl cannot read hvtop-demo-halt-$i"
	grep -q " vcpupin=1 " <<<"$out" || fail "hvtop-demo-halt-$i is not on host CPU 1: $out"
done
clean

# --- overcommit -------------------------------------------------------------
n=$((NCPU + 1))
scenario overcommit 15
names=$(seq -f 'hvtop-demo-overcommit-%g' 1 "$n")
total=0
for g in $names; do
	c=$(mean "$g" cpu_pct 5 "$T/overcommit.json")
	s=$(mean "$g" steal_pct 5 "$T/overcommit.json")
	echo "overcommit: $g $c % CPU, $s % steal"
	total=$(python3 -c "print($total + $c)")
	# a fair part of the host is NCPU/n of one CPU each; busy neighbours
	# on this shared machine take some, so a generous floor
	above "$c" "$(python3 -c "print(100 * $NCPU / $n * 0.6)")" || fail "$g got only $c % of one CPU"
	above "$s" 10 || fail "$g waited only $s % for a CPU ($n busy vCPUs on $NCPU CPUs)"
done
echo "overcommit: $total % of one CPU in all on $NCPU CPUs"
# busy guests answer slowly, yet they answer: never "not answering", never
# a line without them (a monitor is stuck only after 1 s busy)
check "the loaded guests are never marked not answering" \
	"all(d['not_answering_s'] is None for s in S for d in s['domains'])" "$T/overcommit.json"
check "every line holds the $n guests" \
	"all(len(s['domains']) == $n for s in S)" "$T/overcommit.json"
python3 -c "import sys; sys.exit(0 if $total <= 100 * $NCPU + 10 else 1)" ||
	fail "the guests used $total %, more than $NCPU CPUs"
echo PASS
