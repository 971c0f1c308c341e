#!/bin/bash
# View 5 and jobs: operations run off the UI thread.  With each job held
# for a while (HVTOP_JOB_DELAY_MS, a test hook), keys sent meanwhile are
# handled at once and the screen keeps refreshing; the jobs view shows
# state, elapsed time and result; a shutdown shows on its row while it
# waits; a waiting job can be cancelled.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

fixture 12
tui_start 120 32 env HVTOP_JOB_DELAY_MS=10000 "$HVTOP" -d 0.5 -c "$uri"
tui_wait_for 'vm-0008' 10
select_dom vm-0008
state_is vm-0008 R

tui_keys p
status_is "pausing 'vm-0008'\.\.\."
t0=$(now_ms)
tui_keys 5
tui_wait_for "^ +[0-9]+ running .* pause 'vm-0008': held by HVTOP_JOB_DELAY_MS" 2
clock1=$(tui_screen | head -n 1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}')
# keys during the job: handled at once
tui_keys 0
tui_wait_for 'ID S +RDRQ' 2
tui_keys M
status_is 'sorted by %MEM' 2
tui_keys / C-u
tui_keys -l 'vm-00'
tui_wait_for 'Filter by name: vm-00' 2
tui_keys Enter
tui_wait_for "filter: 'vm-00' \(4 shown" 2
state_is vm-0008 R 2
[ "$(($(now_ms) - t0))" -lt 7000 ] || fail "the keys took until the job was over"
# the header's clock moves on while the job is held: the screen refreshes
# (it is redrawn at each sample, so it shows a time up to one refresh old;
# wait for the next second rather than sleeping a fixed time)
deadline=$(($(now_ms) + 2500))
while :; do
	clock2=$(tui_screen | head -n 1 | grep -oE '[0-9]{2}:[0-9]{2}:[0-9]{2}')
	[ "$clock1" != "$clock2" ] && break
	[ "$(now_ms)" -ge "$deadline" ] &&
		fail "the screen did not refresh during the job ($clock1)"
	sleep 0.1
done
[ "$(($(now_ms) - t0))" -lt 9800 ] || fail "the clock moved only after the job"
tui_keys 5
tui_wait_for "^ +[0-9]+ running .* pause 'vm-0008'" 2
# then the job ends and says so, here and in the list
tui_wait_for "^ +[0-9]+ done +[0-9.]+s .* pause 'vm-0008': 'vm-0008' paused" 12
tui_keys 0
state_is vm-0008 P
tui_keys p
state_is vm-0008 R 13

# a shutdown shows on the row while it is under way, and can be cancelled
tui_keys o
state_is 'vm-0008  \[shutting down\]' D 2
tui_keys 5
tui_wait_for "^ +[0-9]+ running .* shut down 'vm-0008'" 2
tui_keys Down Down Down Down
tui_keys x
status_is "cancelling job [0-9]+ \(shut down 'vm-0008'\)|shut down 'vm-0008': cancelled"
tui_wait_for "^ +[0-9]+ cancelled .* shut down 'vm-0008'" 3
tui_keys 0
state_is vm-0008 R 3
tui_screen | grep -q 'shutting down' && fail "the row still says shutting down"
# a job that has ended cannot be cancelled
tui_keys 5 Up x
status_is 'job [0-9]+ has ended'
tui_keys q
tui_wait_exit 5
echo PASS
