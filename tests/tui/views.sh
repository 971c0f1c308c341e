#!/bin/bash
# Changing view never blanks a number: the header's CPU and guest memory
# stay in views that show neither, and the rates of view 0 are there at
# once on coming back from views 2 and 3 (whose samples fetch other stat
# groups), not a refresh or two of dashes later.
. "${top_srcdir:-.}/tests/lib/common.sh"

make_tmpdir tmp
bash "$top_srcdir/tests/data/gen-fixture.sh" 12 "$tmp/f.xml" || fail "fixture"
export HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" XDG_STATE_HOME="$tmp/state" \
	XDG_CACHE_HOME="$tmp/cache" XDG_DATA_HOME="$tmp/data"
mkdir -p "$HOME"

DELAY=2 # seconds between refreshes: longer than the checks' window below

# header_ok VIEW: the header's CPU figure and "MB by guests" are not zero
header_ok() {
	local line
	line=$(tui_screen | grep -E '^CPU: ')
	[[ $line =~ ^CPU:\ ([0-9.]+)%.*\(([0-9]+)\ MB\ by\ guests\) ]] ||
		fail "view $1: no CPU and guest memory in the header: '$line'"
	[ "${BASH_REMATCH[1]}" != 0.0 ] || fail "view $1: the header's CPU reads 0.0%: '$line'"
	[ "${BASH_REMATCH[2]}" != 0 ] || fail "view $1: the header's guest memory reads 0 MB: '$line'"
}

# dashed_rows: the running or paused domains' rows with a '-' among their
# RDRQ WRRQ RXBY TXBY %CPU %MEM TIME cells (printed; none: nothing)
dashed_rows() {
	tui_screen | awk '$1 ~ /^[0-9]+$/ && $2 ~ /^[RP]$/ {
		for (i = 3; i <= 9; i++) if ($i == "-") { print; break } }'
}

# rates_within SECS: every active row shows numbers within SECS
rates_within() {
	local deadline
	deadline=$(($(now_ms) + $(secs_to_ms "$1")))
	while [ -n "$(dashed_rows)" ]; do
		if [ "$(now_ms)" -ge "$deadline" ]; then
			tui_screen >&2
			fail "$2: rate columns still show '-' $1 s after returning to view 0"
		fi
		sleep 0.05
	done
}

tui_start 100 30 "$HVTOP" -d "$DELAY" -c "test://$tmp/f.xml"
tui_wait_for 'ID S +RDRQ +WRRQ +RXBY +TXBY +%CPU +%MEM +TIME NAME' 10
# the first rates need two samples
rates_within $((2 * DELAY + 2)) "start"
header_ok 0

for v in 2 3; do
	tui_keys "$v"
	case $v in
	2) tui_wait_for 'DOMAIN +IFACE +RXBY' 2 ;;
	3) tui_wait_for 'DOMAIN +DISK +RDBY' 2 ;;
	esac
	# a refresh of this view's own needs, so its samples lack view 0's
	sleep $((DELAY + 1))
	header_ok "$v"
	# back: numbers within a second, well before the next refresh
	tui_keys 0
	tui_wait_for 'ID S +RDRQ' 2
	rates_within 1 "from view $v"
	# and they stay: the next refresh has them too
	sleep $((DELAY + 1))
	[ -z "$(dashed_rows)" ] || fail "from view $v: '-' a refresh after returning: $(dashed_rows)"
	header_ok 0
done

tui_keys q
tui_wait_exit 3
echo "PASS"
