#!/bin/bash
# View 4: the selected domain's snapshot tree.  n creates (name,
# description, memory or disks), Enter reverts (asks), x deletes (asks;
# with descendants: y keeps them, a deletes the subtree).
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

fixture 12
tui_start 120 32 "$HVTOP" -d 0.5 -c "$uri"
tui_wait_for 'vm-0008' 10
select_dom vm-0008
tui_keys 4
tui_wait_for "snapshots of 'vm-0008'" 3
tui_wait_for 'no snapshots \(n creates one\)' 3

# n: a form; a bad name is refused beside the field
tui_keys n
tui_wait_for "New snapshot of 'vm-0008'" 3
form_field keep 'with memory'
tui_keys C-u
tui_keys -l 'a<b'
tui_keys Enter
form_field name "'<' is not allowed"
tui_keys C-u
tui_keys -l 'first'
tui_keys Tab
tui_keys -l 'before the upgrade <&>'
tui_keys Enter
status_is "snapshot 'first' of 'vm-0008' created \(with memory"
tui_wait_for '^\* first +[0-9-]+ [0-9:]+ +running +memory +1 +before the upgrade <&>' 3
# a duplicate name is refused
tui_keys n
tui_wait_for "New snapshot" 3
tui_keys C-u
tui_keys -l 'first'
tui_keys Enter
form_field name "'first' already exists"
tui_keys C-u
tui_keys -l 'second'
tui_keys Enter
tui_wait_for '^\* +└─ second ' 3
tui_wait_for '^  first ' 3
tui_keys n
tui_wait_for "New snapshot" 3
tui_keys C-u
tui_keys -l 'third'
tui_keys Enter
tui_wait_for '^\* +└─ third ' 3

# Enter reverts, after asking; n cancels
tui_keys Up Up
tui_keys Enter
status_is "Revert 'vm-0008' to snapshot 'first' of .* \(y/n\)"
tui_keys n
status_is 'revert cancelled'
tui_wait_for '^\* +└─ third ' 2
tui_keys Enter
status_is "Revert 'vm-0008' to snapshot 'first'"
tui_keys y
status_is "'vm-0008' reverted to snapshot 'first'"
tui_wait_for '^\* first ' 3

# x on one with descendants: one question; y keeps them (they move up)
tui_keys x
status_is "Delete snapshot 'first' of 'vm-0008' \(2 below it\)\? y: its children move up \(y/n, a: delete it and the 2 below it\)" 3
# Enter is no answer: it keeps asking
tui_keys Enter
status_is "Delete snapshot 'first'" 2
tui_keys y
status_is "snapshot 'first' of 'vm-0008' deleted$"
tui_wait_for '^  second ' 3
tui_wait_for '^ +└─ third ' 3
tui_screen | grep -qE ' first ' && fail "first is still listed"

# and the subtree
tui_keys Home x
status_is "Delete snapshot 'second' of 'vm-0008' \(1 below it\)\?.*a: delete it and the 1 below it" 3
tui_keys a
status_is "snapshot 'second' of 'vm-0008' deleted with its descendants"
tui_wait_for 'no snapshots \(n creates one\)' 3

# one without children: y/n; n keeps it
tui_keys n
tui_wait_for "New snapshot" 3
tui_keys C-u
tui_keys -l 'lone'
tui_keys Enter
tui_wait_for '^\* lone ' 3
tui_keys x
status_is "Delete snapshot 'lone' of 'vm-0008'\? \(y/n\)"
tui_keys n
status_is 'delete cancelled'
tui_keys x
status_is "Delete snapshot 'lone'"
tui_keys y
tui_wait_for 'no snapshots' 3

# a chain: its length beside each snapshot, and a warning past 5
for i in 1 2 3 4 5 6; do
	tui_keys n
	tui_wait_for "New snapshot" 3
	tui_keys C-u
	tui_keys -l "c$i"
	tui_keys Enter
	tui_wait_for "c$i .* $i!? *\$" 3
done
tui_wait_for 'c5 .*running +memory +5 *$' 2
tui_wait_for 'c6 .*running +memory +6! *$' 2
tui_wait_for '^a chain of 6 snapshots: every disk read may walk 6 backing files' 2
tui_keys Home x
tui_keys a
tui_wait_for 'no snapshots' 3
tui_screen | grep -q 'a chain of' && fail "the chain warning stayed without snapshots"

# a stopped domain: disks only
tui_keys 0
select_dom vm-0011
tui_keys 4 n
tui_wait_for "New snapshot of 'vm-0011'" 3
form_field keep 'disks only \(the domain is off\)'
tui_keys Escape
tui_keys q
tui_wait_exit 5
echo PASS
