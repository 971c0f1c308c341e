#!/bin/bash
# A lost connection is shown as such and resumed without a restart: hvtop
# watches a private libvirtd (test driver) that is killed (crash), restarted,
# stopped cleanly (SIGTERM) and restarted again.  While it is down the
# header must say "disconnected — retrying" and no domain may be shown with
# numbers; once it is back, the "test" domain's row must come back by itself.
. "${top_srcdir:-.}/tests/lib/common.sh"

need_cmd tmux libvirtd virsh
[ -x "$HVTOP" ] || fail "no hvtop binary at $HVTOP"

COLS=100
ROWS=30
DOWN_S=2        # "disconnected" must show within this (refresh is 0.5 s)
RESUME_S=15     # and the view must resume within this after a restart

# the "test" domain's row with a live %CPU: ID S RDRQ WRRQ RXBY TXBY %CPU ...
LIVE_ROW='^ *[0-9]+ +[A-Z?] +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[0-9]+(\.[0-9]+)? +.* test *$'
# any row naming the domain, whatever its numbers
ANY_ROW='[[:space:]]test *$'

make_tmpdir DIR
start_private_libvirtd "$DIR"
URI=$(libvirtd_uri "$DIR")

# header: first screen line
header() { tui_screen | head -n 1; }

# check_down WHAT: the screen now says disconnected/retrying, shows no live data.
check_down() {
	local s
	s=$(tui_screen)
	local h=${s%%$'\n'*}
	if ! grep -q 'disconnected' <<<"$h" || ! grep -q 'retrying' <<<"$h"; then
		printf '%s\n' "--- screen ---" "$s" "--------------" >&2
		grep -q 'disconnected' <<<"$h" &&
			fail "$1: the header's 'retrying' is cut off at $COLS columns (the URI comes first?)"
		fail "$1: the header does not say 'disconnected' and 'retrying'"
	fi
	if grep -Eq -- "$ANY_ROW" <<<"$s" || grep -Eq 'CPU: *[0-9]' <<<"$s"; then
		printf '%s\n' "--- screen ---" "$s" "--------------" >&2
		fail "$1: numbers still shown while disconnected"
	fi
}

# wait_down WHAT T0: wait for the disconnected screen, then watch it stay honest.
wait_down() {
	local what=$1 t0=$2 i
	tui_wait_for '^hvtop .*disconnected' "$DOWN_S"
	echo "$what: 'disconnected' shown after $(($(now_ms) - t0)) ms"
	# every frame while down (several failed retries) must show no numbers
	for ((i = 0; i < 15; i++)); do
		check_down "$what"
		sleep 0.1
	done
}

# wait_up WHAT T0: wait until the live "test" row is back and the header is up.
wait_up() {
	local what=$1 t0=$2
	tui_wait_for "$LIVE_ROW" "$RESUME_S"
	if header | grep -q 'disconnected'; then
		tui_screen >&2
		fail "$what: the row is back but the header still says disconnected"
	fi
	kill -0 "$pid" 2>/dev/null || fail "$what: hvtop is no longer running"
	echo "$what: resumed $(($(now_ms) - t0)) ms after the daemon's restart"
}

t0=$(now_ms)
# held: the pane stays after hvtop quits, to check the terminal it leaves
tui_start_held "$COLS" "$ROWS" "$HVTOP" -d 0.5 -c "$URI"
tui_wait_for "$LIVE_ROW" 15
echo "start: live 'test' row after $(($(now_ms) - t0)) ms"
pid=$(tui_child_pid)
[ -n "$pid" ] || fail "no hvtop process in the pane"

# 1. a crash: SIGKILL
t0=$(now_ms)
kill_private_libvirtd "$DIR" KILL
wait_down "crash (SIGKILL)" "$t0"
t0=$(now_ms)
start_private_libvirtd "$DIR"
wait_up "crash (SIGKILL)" "$t0"

# 2. a clean stop: SIGTERM
t0=$(now_ms)
stop_private_libvirtd "$DIR"
wait_down "clean stop (SIGTERM)" "$t0"
t0=$(now_ms)
start_private_libvirtd "$DIR"
wait_up "clean stop (SIGTERM)" "$t0"

[ "$(tui_child_pid)" = "$pid" ] || fail "hvtop was restarted (pid $pid is now $(tui_child_pid))"

# quit: the process ends, cleanly, and leaves the terminal as it found it
tui_keys q
tui_wait_for '^\[exited [0-9]+\]' 5
! kill -0 "$pid" 2>/dev/null || fail "hvtop (pid $pid) still runs after q"
tui_screen | grep -q '^\[exited 0\]' || fail "hvtop's exit status: $(tui_screen | grep '^\[exited')"
if tui_screen | grep -q 'q quit'; then
	tui_screen >&2
	fail "hvtop's screen is still shown after q"
fi
tui_check_restored
echo "PASS: reconnect"
