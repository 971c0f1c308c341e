#!/bin/bash
# Lifecycle keys against a test-driver fixture: pause (P in the S column)
# and resume, the action menu lists only what the state allows, balloon to
# a new value (and refused above the maximum), destroy asks and n cancels,
# start, shutdown, reboot, undefine asking once: y keeps the storage, s
# deletes it too and names it.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

fixture 12
tui_start 120 32 "$HVTOP" -d 0.5 -c "$uri"
tui_wait_for 'vm-0009' 10
select_dom vm-0009
state_is vm-0009 R

# p pauses: P in the S column; p again resumes
tui_keys p
status_is "'vm-0009' paused"
state_is vm-0009 P
tui_keys p
status_is "'vm-0009' resumed"
state_is vm-0009 R
# the message log says what each was in virsh (the screen teaches the CLI)
tui_keys L
tui_wait_for "= virsh -c test://$tmp/f.xml suspend vm-0009" 3
tui_wait_for "= virsh -c test://$tmp/f.xml resume vm-0009" 3
tui_keys Escape

# the action menu: what a running domain allows, and nothing else
tui_keys a
tui_wait_for "Actions for 'vm-0009' \(running\)" 3
for act in shutdown reboot pause destroy balloon snapshot-create; do
	tui_screen | grep -qE " $act +" || fail "menu lacks $act"
done
for act in start resume undefine; do
	tui_screen | grep -qE " $act +" && fail "menu offers $act for a running domain"
done
tui_keys Escape
tui_wait_gone 'Actions for' 2
# for a paused one: resume, not pause; chosen from the menu it runs
tui_keys p
state_is vm-0009 P
tui_keys F2
tui_wait_for "Actions for 'vm-0009' \(paused\)" 3
tui_screen | grep -qE " resume +" || fail "menu lacks resume for a paused domain"
tui_screen | grep -qE " pause +" && fail "menu offers pause for a paused domain"
# resume comes first for a paused domain
tui_wait_for '^ +p +resume +resume a paused domain' 2
tui_keys Enter
status_is "'vm-0009' resumed"
state_is vm-0009 R

# balloon: the dialog shows current and maximum; a new value is set
tui_keys b
tui_wait_for "Memory of 'vm-0009' \(balloon\)" 3
form_field current '256 MiB'
form_field maximum '512 MiB'
form_field 'new size' '\[256_\]'
# above the maximum: refused with the reason, the dialog stays
tui_keys C-u 9 G Enter
form_field 'new size' 'above the maximum of 512 MiB'
# below the floor
tui_keys C-u 3 2 Enter
form_field 'new size' 'below the floor of 64 MiB'
# steps of 64 MiB
tui_keys C-u 2 5 6 - -
form_field 'new size' '\[128_\]'
tui_keys + Enter
status_is "memory of 'vm-0009' set to 192 MiB"
tui_wait_gone 'Memory of' 2
tui_keys b
tui_wait_for "Memory of 'vm-0009'" 3
form_field current '192 MiB'
tui_keys Escape
tui_wait_gone 'Memory of' 2

# destroy asks; n cancels and nothing happens
tui_keys X
status_is "Destroy 'vm-0009' .*\(y/n\)" 3
tui_keys n
status_is "destroy of 'vm-0009' cancelled"
sleep 1
state_is vm-0009 R
# any other key keeps asking; y destroys
tui_keys X
status_is "Destroy 'vm-0009'" 3
tui_keys q
status_is "Destroy 'vm-0009'" 2
tui_keys y
status_is "'vm-0009' destroyed"
state_is vm-0009 O

# start, then shutdown (the test driver powers off at once), reboot refused
tui_keys u
status_is "'vm-0009' started"
state_is vm-0009 R
tui_keys r
status_is "'vm-0009' rebooting"
tui_keys o
status_is "'vm-0009' shut down"
state_is vm-0009 O
tui_keys r
status_is "reboot: not possible while 'vm-0009' is shutoff"

# undefine: one question; n cancels, y keeps the storage
tui_keys D
status_is "Undefine 'vm-0009' \(y keeps its storage\)\? \(y/n, s: undefine and delete its storage\)"
tui_keys n
status_is "undefine of 'vm-0009' cancelled"
state_is vm-0009 O
tui_keys D
status_is "Undefine 'vm-0009'"
tui_keys y
status_is "undefined 'vm-0009' \(storage kept\)"
tui_wait_for "filter: 'vm-0009' \(0 shown|no domain matches" 5
# s deletes its storage too, and says which
select_dom vm-0011
state_is vm-0011 O
tui_keys D
status_is "Undefine 'vm-0011'"
tui_keys s
status_is "undefining 'vm-0011' and deleting its storage: /var/lib/images/disk-11.qcow2|undefined 'vm-0011' and removed 1 disk"
status_is "undefined 'vm-0011' and removed 1 disk"
tui_wait_for "filter: 'vm-0011' \(0 shown|no domain matches" 5

# every message is in the log (L)
tui_keys Escape L
tui_wait_for 'messages: [0-9]+' 3
tui_screen | grep -q "destroy of 'vm-0009' cancelled" || fail "log lacks the cancel"
tui_screen | grep -q "error: reboot: not possible" || fail "log lacks the refusal"
tui_keys q
tui_wait_exit 5
echo PASS
