#!/bin/bash
# -r: no action that changes anything is offered (menu, help) or run (keys
# typed or scripted get a message); looking around still works.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

fixture 12
# a key script that tries to pause: refused with a message
tui_start 120 32 "$HVTOP" -r -d 0.5 -c "$uri" --keys '<sync>/vm-0008<Enter>p'
tui_wait_for 'vm-0008' 10
status_is 'pause-resume: not allowed on a read-only connection \(-r\)'
state_is vm-0008 R
for k in u o r X D b n c; do
	tui_keys "$k"
	status_is 'not allowed on a read-only connection \(-r\)' 2
	tui_screen | grep -qE 'Create a domain|\(y/n\)|Memory of|New snapshot' &&
		fail "$k opened a dialog with -r"
done
# the menu offers nothing
tui_keys a
status_is "no action possible on 'vm-0008' while it is running \(read-only: -r\)"
# help lists no changing action
tui_keys h
tui_wait_for 'read-only \(-r\): no action that changes anything' 3
for act in destroy undefine create balloon pause-resume snapshot-create; do
	tui_screen | grep -qE " $act +" && fail "help lists $act with -r"
done
tui_keys j j j j j j j j j j j j j j j j j j j j j j j j j j j j j j
tui_screen | grep -qE ' (start|shutdown|destroy|undefine) +' && fail "help lists lifecycle actions with -r"
tui_wait_for ' messages +the message log' 2
tui_keys Escape
# views and the log still work
tui_keys 4
tui_wait_for "snapshots of 'vm-0008'" 3
tui_keys 5
tui_wait_for 'no jobs yet' 3
tui_keys L
tui_wait_for 'pause-resume: not allowed' 3
tui_keys q
tui_wait_exit 5
echo PASS
