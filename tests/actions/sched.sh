#!/bin/bash
# The scheduling dialog (e) on the test driver: it shows the current
# pinning, refuses bad input with a sentence beside the field, pins vCPUs
# and the emulator (the virsh commands in the message log, the new values
# when it opens again), and reports the driver's refusal of cpu shares (the
# test driver has only "weight") as one sentence.  With -r, e is refused.
# Shares and a cap that take effect: tests/guests/sched.sh.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

# test:///default: one running domain 'test' (2 vCPUs) on 16 host CPUs
tui_start 150 36 "$HVTOP" -d 0.5 -c test:///default
tui_wait_for '^1 domains' 10

open_dialog() {
	tui_keys e
	tui_wait_for "Scheduling of 'test' \(running, 2 vCPUs, host CPUs 0-15\)" 5
}
still_open() {
	tui_screen | grep -q "Scheduling of 'test'" || fail "the dialog closed on bad input"
}

open_dialog
form_field 'cpu shares' '\[_\] +not offered by this host.s driver'
form_field 'vCPU pin' '\[0-15\] +host CPUs for every vCPU'
form_field 'emulator pin' '\[0-15\]'
# the measured split: alone on its host CPUs; the figures follow the
# refreshes (0.5 s) while the dialog is open, from "not measured yet" on
tui_wait_for 'measured +[0-9.]+ % \(no other VM on host CPU 0-15\)' 5
tui_wait_for 'measured +[0-9.]+ % of one core per vCPU \(the domain with QEMU.s own threads: [0-9.]+ %\)' 5
# beside the pinning, where each vCPU ran at the last sample
tui_wait_for 'running on +vCPU 0 on host CPU [0-9]+, vCPU 1 on [0-9]+( |$)' 5

# bad input: the reason beside the field, the dialog stays
tui_keys -l 'lots'
tui_keys Enter
form_field 'cpu shares' "cpu shares must be a whole number from 2 to 262144, not 'lots'"
still_open
tui_keys C-u Tab
tui_keys -l '150'
tui_keys Enter
form_field 'cap %' "the cap must be 1 to 100 \\(% of one core\\) or empty, not '150'"
still_open
tui_keys C-u Tab C-u
tui_keys -l '0-16'
tui_keys Enter
form_field 'vCPU pin' 'host CPU 16 does not exist \(this host has 16: 0-15\)'
tui_keys C-u
tui_keys -l '3,1-'
tui_keys Enter
form_field 'vCPU pin' "'3,1-' is not a list of host CPUs such as 0-1,3"
still_open
# good values: vCPUs on 2-3, the emulator on 0
tui_keys C-u
tui_keys -l '2-3'
tui_keys Tab C-u 0 Enter
status_is "scheduling of 'test' changed" 5
tui_keys L
tui_wait_for 'virsh -c test:///default vcpupin test 0 2-3 --live' 3
tui_wait_for 'virsh -c test:///default vcpupin test 1 2-3 --live' 3
tui_wait_for 'virsh -c test:///default emulatorpin test 0 --live' 3
tui_keys Escape
tui_wait_for '^ +1 R .* test$' 3
open_dialog
form_field 'vCPU pin' '\[2-3\]'
form_field 'emulator pin' '\[0\]'
# shares: the test driver refuses them, in one sentence
tui_keys C-u
tui_keys -l '2048'
tui_keys Enter
status_is "cannot set the cpu shares of 'test': .+" 5
tui_keys L
tui_wait_for 'virsh -c test:///default schedinfo test --set cpu_shares=2048 --live' 3
tui_keys Escape
# nothing changed: nothing sent
open_dialog
tui_keys Enter
status_is "scheduling of 'test' left as it was \(nothing changed\)" 3
# Esc cancels
open_dialog
tui_keys Escape
tui_wait_gone "Scheduling of 'test'" 3
tui_keys q
tui_wait_exit 5
tui_stop

# -r: refused, by key and by script, with no dialog
tui_start 150 36 "$HVTOP" -r -d 0.5 -c test:///default --keys '<sync>e'
tui_wait_for '^1 domains' 10
status_is 'scheduling: not allowed on a read-only connection \(-r\)'
tui_keys e
status_is 'scheduling: not allowed on a read-only connection \(-r\)'
tui_screen | grep -q 'Scheduling of' && fail "e opened the dialog with -r"
tui_keys q
tui_wait_exit 5
echo PASS
