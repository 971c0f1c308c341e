# Shared by tests/guests/stuck.sh and stuck-daemon.sh (bash, after
# tests/lib/common.sh): a guest whose QEMU is stopped, seen by hvtop.

# mono: CLOCK_MONOTONIC in ms
mono() { python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_MONOTONIC) // 1000000)'; }

# judge FILE STUCK OTHER STOP_MS CONT_MS: tests/guests/stuck-judge.py
judge() {
	python3 "$top_srcdir/tests/guests/stuck-judge.py" "$@" "$(mono)" "$(date +%s%3N)"
}

# stuck_ends_fast STUCK OTHER CMD...: the TUI (CMD) marks STUCK "not
# answering" and shows OTHER; q, SIGTERM and SIGINT each end it within
# 1 s with the terminal restored
stuck_ends_fast() {
	local stuck=$1 other=$2 how pid t0 took
	shift 2
	for how in q TERM INT; do
		tui_start_held 160 30 "$@"
		tui_wait_for "$stuck  \[not answering [0-9]+ s\]" 20
		tui_wait_for " $other\$" 5
		pid=$(tui_child_pid)
		t0=$(now_ms)
		if [ "$how" = q ]; then tui_keys q; else kill -"$how" "$pid"; fi
		while kill -0 "$pid" 2>/dev/null; do
			[ $(($(now_ms) - t0)) -gt 5000 ] && fail "$how: hvtop still runs after 5 s"
			sleep 0.02
		done
		took=$(($(now_ms) - t0))
		echo "$how: hvtop ended in $took ms"
		[ "$took" -le 1000 ] || fail "$how took $took ms to end hvtop, not under 1 s"
		tui_wait_for '^\[exited ' 5
		tui_check_restored
		tui_stop
	done
	echo "ok: q, SIGTERM and SIGINT end it within 1 s"
}

# stuck_json DIR URI QEMU_PID STUCK OTHER: hvtop --json on URI while the
# QEMU of STUCK is stopped 4 s into the run and continued 10 s later, then
# from a start with it stopped (left stopped: the caller continues it)
stuck_json() {
	local dir=$1 uri=$2 qpid=$3 stuck=$4 other=$5 hv stop cont t0
	"$HVTOP" -c "$uri" --json -d 1 -n 19 >"$dir/mid.json" 2>"$dir/mid.err" &
	hv=$!
	on_exit "kill $hv 2>/dev/null"
	sleep 4
	kill -STOP "$qpid"
	stop=$(mono)
	sleep 10
	kill -CONT "$qpid"
	cont=$(mono)
	wait $hv || fail "hvtop --json failed: $(cat "$dir/mid.err")"
	judge "$dir/mid.json" "$stuck" "$other" "$stop" "$cont" ||
		fail "mid-run, one stopped QEMU held up hvtop (see above)"
	echo "ok: mid-run, the stopped guest was marked and the other refreshed"

	kill -STOP "$qpid"
	stop=$(mono)
	t0=$(now_ms)
	timeout -s KILL 60 "$HVTOP" -c "$uri" --json -d 1 -n 8 >"$dir/start.json" 2>"$dir/start.err" ||
		fail "hvtop --json did not run with $stuck stopped: $(cat "$dir/start.err")"
	echo "8 samples in $(($(now_ms) - t0)) ms"
	judge "$dir/start.json" "$stuck" "$other" $((stop - 3000)) 0 ||
		fail "at start, one stopped QEMU held up hvtop (see above)"
	echo "ok: started with a stopped guest, the other refreshed"
}
