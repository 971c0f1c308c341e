#!/bin/bash
# Views' own keys are rows of key tables in the keymap: a view-4 key
# rebound in a private hvtop.conf works there (and the key keeps its
# global meaning elsewhere), an action only view 5 has is bound there, and
# help lists the keys of the view it was opened from first, rebound keys
# included.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

fixture 12
# the test's own home: no user config, theme or state can leak in
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/config XDG_STATE_HOME=$tmp/state \
	XDG_CACHE_HOME=$tmp/cache XDG_DATA_HOME=$tmp/data
mkdir -p "$HOME" "$XDG_CONFIG_HOME/hvtop"
conf=$XDG_CONFIG_HOME/hvtop/hvtop.conf
printf 'keys = { d = "snapshot-delete"; };\nbind = ( [ "<F6>", "job-cancel" ] );\n' >"$conf"

tui_start 120 40 "$HVTOP" -d 0.5 -c "$uri"
tui_wait_for 'vm-0008' 10
select_dom vm-0008
tui_keys 4
tui_wait_for "snapshots of 'vm-0008'" 3
tui_wait_for 'no snapshots \(n creates one\)' 3
tui_keys n
tui_wait_for "New snapshot of 'vm-0008'" 3
tui_keys C-u
tui_keys -l 'one'
tui_keys Enter
tui_wait_for '^\* one ' 5

# help from view 4: its keys first, d beside x for delete
tui_keys h
tui_wait_for 'hvtop help' 3
screen=$(tui_screen)
top=$(grep -nE '^hvtop help' <<<"$screen" | cut -d: -f1)
first=$(grep -nE '^in view snapshots:' <<<"$screen" | cut -d: -f1)
views=$(grep -nE 'view: domains' <<<"$screen" | cut -d: -f1)
[ -n "$first" ] || fail "help does not list view 4's keys: $screen"
[ "$first" -eq $((top + 1)) ] || fail "view 4's keys are not first (line $first): $screen"
[ -n "$views" ] && [ "$views" -gt "$first" ] ||
	fail "view 4's keys come after the views: $screen"
grep -qE '^  x d +snapshot-delete +delete the selected snapshot \(asks\)' <<<"$screen" ||
	fail "help does not list x and d for snapshot-delete: $screen"
grep -qE '^  <Enter> +snapshot-revert ' <<<"$screen" ||
	fail "help does not list Enter for snapshot-revert: $screen"
# and the global list has d as the delay still
tui_keys j j j j j j j j j j j j j j j j j j j j
tui_wait_for '^  d s +delay +set the refresh delay' 3
tui_keys Escape
tui_wait_for "snapshots of 'vm-0008'" 3

# the rebound key deletes in view 4, after the one question
tui_keys d
status_is "Delete snapshot 'one' of 'vm-0008'\? \(y/n\)" 3
tui_keys n
status_is 'delete cancelled'
tui_wait_for '^\* one ' 2
tui_keys d
status_is "Delete snapshot 'one'" 3
tui_keys y
status_is "snapshot 'one' of 'vm-0008' deleted"
tui_wait_for 'no snapshots \(n creates one\)' 3
# with nothing to delete, d says so rather than asking
tui_keys d
status_is "snapshot-delete: no snapshot selected here \(view 4 lists them\)"

# elsewhere d is still the delay
tui_keys 0
tui_wait_for 'ID S +RDRQ' 3
tui_keys d
tui_wait_for 'Delay \(seconds\): ' 3
tui_keys Escape
tui_wait_gone 'Delay \(seconds\)' 2

# view 5: its help shows the key bound to its action in the config
tui_keys 5 h
tui_wait_for '^in view jobs:' 3
tui_wait_for '^  x <F6> +job-cancel +cancel the selected job' 2
tui_keys Escape
tui_wait_for 'ID +STATE +ELAPSED' 3
# the snapshot jobs above are listed, and over: F6 runs job-cancel on them
tui_wait_for "^ +[0-9]+ done .*snapshot 'one'" 3
tui_keys F6
status_is 'job [0-9]+ has ended'
# outside view 5, F6 is nothing
tui_keys 0
tui_wait_for 'ID S +RDRQ' 3
tui_keys F6
status_is 'key <F6> does nothing here'

tui_keys q
tui_wait_exit 5
echo PASS
