#!/bin/bash
# A host that does not answer freezes nothing else (issue 10, issue 12):
# two private libvirtd daemons (test driver) as two hosts, and one of them
# stopped (SIGSTOP) (a) before hvtop starts and (b) while it runs.  In
# both, the other host keeps refreshing (its sample count in view 6 moves
# at the delay, its domain is listed), the stopped one shows as
# connecting / not answering without its domain, and after SIGCONT it is
# back without a restart.  Then q, SIGTERM and SIGINT each end hvtop within
# 1 s while a host does not answer, and leave the terminal restored.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/hosts.sh"

need_cmd tmux libvirtd virsh
[ -x "$HVTOP" ] || fail "no hvtop binary at $HVTOP"

COLS=200
ROWS=30
# a row of the "test" domain with a live %CPU (ID S RDRQ WRRQ RXBY TXBY %CPU)
LIVE_ROW='^ *[^ ]+ +[0-9]+ +[A-Z?] +[^ ]+ +[^ ]+ +[^ ]+ +[^ ]+ +[0-9]+(\.[0-9]+)? +.* test *$'
ANY_ROW='[[:space:]]test *$'

start_hosts 2
A=${HOST_DIRS[0]} B=${HOST_DIRS[1]}

# samples ID: host ID's sample count in view 6 (the column before the URI)
samples() {
	tui_screen | grep -E "^ *$1 " | grep -oE '[0-9]+ +test\+unix' | awk '{ print $1 }'
}

# live_rate WHAT: host 0's sample count moves at the delay (0.5 s) in view 6
live_rate() {
	local n1 n2
	n1=$(samples 0)
	sleep 2
	n2=$(samples 0)
	[ -n "$n1" ] && [ -n "$n2" ] || { tui_screen >&2; fail "$1: no sample count for host 0 in view 6"; }
	echo "$1: host 0 took $((n2 - n1)) samples in 2 s"
	# 4 at the delay; 3 leaves room for a loaded machine, a frozen host
	# would show 0
	[ $((n2 - n1)) -ge 3 ] || { tui_screen >&2; fail "$1: host 0 took $((n2 - n1)) samples in 2 s at a 0.5 s delay"; }
}

# rows N WHAT: the domain list shows N "test" rows (one per answering host)
rows() {
	local deadline=$(($(now_ms) + 5000)) n
	while :; do
		n=$(tui_screen | grep -Ec -- "$ANY_ROW")
		[ "$n" = "$1" ] && return 0
		[ "$(now_ms)" -ge "$deadline" ] && break
		sleep 0.1
	done
	tui_screen >&2
	fail "$2: $n 'test' rows listed, want $1"
}

# --- (a) stopped before hvtop starts ---------------------------------------
freeze_host "$B"
t0=$(now_ms)
tui_start_held "$COLS" "$ROWS" "$HVTOP" -d 0.5 -c "${HOST_URIS[0]}" -c "${HOST_URIS[1]}"
tui_wait_for "$LIVE_ROW" 10
echo "(a) host 0's domain listed $(($(now_ms) - t0)) ms after start, host 1 stopped"
pid=$(tui_child_pid)
[ -n "$pid" ] || fail "no hvtop process in the pane"
rows 1 "(a) host 1 stopped"
tui_keys 6
tui_wait_for '^ *1 .*connecting' 5
tui_wait_for '^ *0 .* connected ' 2
live_rate "(a) host 1 stopped before start"
tui_screen | grep -E '^ *1 ' | grep -qE ' [0-9.]+ms ' &&
	fail "(a) the stopped host shows a sample latency"

thaw_host "$B"
t0=$(now_ms)
tui_wait_for '^ *1 .* connected ' 15
echo "(a) host 1 connected $(($(now_ms) - t0)) ms after SIGCONT"
tui_keys 0
rows 2 "(a) after SIGCONT"

# --- (b) stopped while hvtop runs ------------------------------------------
freeze_host "$B"
t0=$(now_ms)
tui_keys 6
tui_wait_for '^ *1 .*not answering for [0-9]+ s' 5
echo "(b) host 1 'not answering' $(($(now_ms) - t0)) ms after SIGSTOP"
live_rate "(b) host 1 stopped mid-run"
tui_wait_for '^ *1 .*not answering for [2-9] s' 5 # the age counts up
tui_keys 0
rows 1 "(b) host 1 stopped"
tui_wait_for "$LIVE_ROW" 2
tui_screen | head -n 1 | grep -q '1 not answering' ||
	{ tui_screen >&2; fail "(b) the header does not count the host that does not answer"; }

thaw_host "$B"
t0=$(now_ms)
rows 2 "(b) after SIGCONT"
echo "(b) host 1's domain back $(($(now_ms) - t0)) ms after SIGCONT"
[ "$(tui_child_pid)" = "$pid" ] || fail "hvtop was restarted"

# --- exits while a host does not answer ------------------------------------
# exit_within WHAT: hvtop ($pid) ended within 1 s of t0, status 0, terminal
# restored
exit_within() {
	local deadline=$((t0 + 1000))
	while kill -0 "$pid" 2>/dev/null; do
		if [ "$(now_ms)" -ge "$deadline" ]; then
			tui_screen >&2
			fail "$1: hvtop still runs 1 s later, with a host that does not answer"
		fi
		sleep 0.02
	done
	echo "$1: hvtop ended $(($(now_ms) - t0)) ms later"
	tui_wait_for '^\[exited [0-9]+\]' 5
	tui_screen | grep -q '^\[exited 0\]' || fail "$1: exit status $(tui_screen | grep '^\[exited')"
	tui_check_restored
}

# restart: hvtop again, host 1 stopped, host 0 live
restart() {
	tui_stop
	tui_start_held "$COLS" "$ROWS" "$HVTOP" -d 0.5 -c "${HOST_URIS[0]}" -c "${HOST_URIS[1]}"
	tui_wait_for "$LIVE_ROW" 10
	pid=$(tui_child_pid)
	[ -n "$pid" ] || fail "no hvtop process in the pane"
}

freeze_host "$B"
tui_keys 6
tui_wait_for '^ *1 .*not answering' 5
t0=$(now_ms)
tui_keys q
exit_within "q"

restart
t0=$(now_ms)
kill -TERM "$pid"
exit_within "SIGTERM"

restart
t0=$(now_ms)
kill -INT "$pid"
exit_within "SIGINT"
thaw_host "$B"
echo "PASS: stuck"
