#!/bin/bash
# View 1 on real guests: two cpu-hog TCG guests and an idle one on the
# embedded driver, seen through the tracer (kvm/tracer.c).  The view names
# its source, gives each guest a letter in the legend, fills the map with
# the hogs' letters, lists the three vCPUs with their host threads (the
# idle one under 5 % run); - zooms out, z freezes the map while the data
# keeps coming, Left scrolls back, w writes a trace file with one track
# per host CPU, and --trace writes the run's slices at exit, where the
# idle guest's slices end halted.
. "${top_srcdir:-.}/tests/guests/lib.sh"
. "$top_srcdir/tests/actions/lib.sh"
guests_enter "$@"

export HVTOP_DEMO_PROFILES=cpu-hog,cpu-hog,idle
export HOME=$T/home
mkdir -p "$HOME"
COLS=140
W=$((COLS - 5)) # map cells beside "CPU0 "

tui_start "$COLS" 40 "$HVTOP" --no-config --demo 3 --accel tcg -d 1 --trace "$T/run.json"
tui_wait_for 'hvtop-demo-3' "$HVTOP_DEMO_TIMEOUT"
tui_keys 1
tui_wait_for '^source (tracefs|proc)[^,]*, [0-9]+ events lost, 10 ms/cell, live' 10
tui_wait_for '^CPU1 ' 10

# every guest has a letter in the legend
letter() { tui_screen | grep -oE "(^| )[A-Z0-9] $1 " | head -1 | tr -d ' ' | cut -c1; }
tui_wait_for ' hvtop-demo-3 ' 10
a=$(letter hvtop-demo-1) b=$(letter hvtop-demo-2) c=$(letter hvtop-demo-3)
[ -n "$a" ] && [ -n "$b" ] && [ -n "$c" ] || fail "the legend lacks a guest: $(tui_screen)"
[ "$a" != "$b" ] && [ "$a" != "$c" ] && [ "$b" != "$c" ] ||
	fail "two guests share a letter: $a $b $c"
# the hogs fill most of the map once a screen's width of slices is in
sleep 3
map=$(tui_screen | grep -E '^CPU[01] ' | cut -c6-)
hog=$(tr -cd "$a$b${a,,}${b,,}" <<<"$map" | wc -c)
[ "$hog" -gt $((W * 2 / 2)) ] ||
	fail "the hogs' letters $a $b fill $hog of $((W * 2)) cells: $map"

# the table: each vCPU with its thread; the idle guest barely runs
for g in 1 2 3; do
	tui_wait_for "^hvtop-demo-$g +0 +[0-9]+ +[0-9]+ " 5
done
run=$(tui_screen | awk '$1 == "hvtop-demo-3" { print $6 }')
python3 -c "import sys; sys.exit(0 if float('$run') < 5 else 1)" ||
	fail "the idle guest's RUN% is $run"

# - : 50 ms per cell, the axis says how far back the left edge is
tui_keys -
status_is '^zoom: 50 ms per cell' 3
span=$(python3 -c "print('-%.2fs' % ($W * 0.05))")
tui_wait_for "^ +$span +now\$" 3

# z: the map stays put while the data keeps coming (with 12 s of slices
# kept, so that Left has somewhere to go)
sleep 5
tui_keys z
status_is '^frozen: the map stops, the data keeps coming \(z resumes\)' 3
tui_wait_for 'FROZEN \(z resumes\)' 2
before=$(tui_screen | grep -E '^CPU[01] ')
sleep 2.5
after=$(tui_screen | grep -E '^CPU[01] ')
[ "$before" = "$after" ] || fail "the frozen map moved: $before / $after"
# Left: back half a screen, and the picture moves with it
tui_keys Left
step=$(python3 -c "print('-%.2fs' % ($W // 2 * 0.05))")
status_is "^right edge at $step" 3
tui_wait_for "scrolled $step" 2
[ "$(tui_screen | grep -E '^CPU[01] ')" != "$before" ] || fail "Left did not scroll the map"

# w: the frozen slices as a trace file in the state directory
tui_keys w
status_is "^[0-9.]+ s of slices \([0-9]+\) written to $T/state/hvtop/hvtop-trace-[0-9.-]+\.json" 10
f=$(ls "$T"/state/hvtop/hvtop-trace-*.json) || fail "no trace file in $T/state/hvtop"
python3 "$top_srcdir/tests/view1/check-trace.py" "$f" \
	"tracks=0,1 has=hvtop-demo-1/0,hvtop-demo-2/0" || fail "w's trace file"
tui_keys z
status_is '^live again' 3

# --trace: the run's slices, written at exit
tui_keys q
tui_wait_exit 30
python3 "$top_srcdir/tests/view1/check-trace.py" "$T/run.json" \
	"tracks=0,1 has=hvtop-demo-1/0,hvtop-demo-2/0,hvtop-demo-3/0 halted=hvtop-demo-3/0" ||
	fail "--trace's file"
exit 0
