#!/bin/bash
# The migrate dialog (m) against the test driver, which cannot migrate:
# bad input keeps the form open with the reason beside the field; the
# destinations offered are the other hosts; a migration the driver refuses
# fails in one sentence that says where the guest is (still on its host);
# -r refuses m.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

make_tmpdir tmp
# two connections to the test driver: two hosts as far as hvtop knows
tui_start 200 40 "$HVTOP" -d 0.5 -c test:///default -c test:///default
tui_wait_for '^2 domains' 10

open_form() {
	tui_keys m
	tui_wait_for "Migrate 'test' from test:///default" 3
}
still_open() {
	tui_screen | grep -q "Migrate 'test' from" || fail "the form closed on bad input"
}

open_form
# the other host first, then a typed URI
form_field to '< test:///default >'
tui_keys Right
form_field to '< a URI typed below >'
form_field URI '\[_?\]'
# empty URI
tui_keys Enter
form_field URI "type the destination's libvirt URI"
still_open
tui_keys -l nonsense
tui_keys Enter
form_field URI "'nonsense' is not a libvirt URI"
still_open
# the guest's own host
tui_keys C-u
tui_keys -l test:///default
tui_keys Enter
form_field URI "that is the guest's own host"
still_open
tui_keys C-u
tui_keys -l qemu+ssh://elsewhere/system
# data URI, cap and downtime checked too
tui_keys Tab
tui_keys -l ftp://x
tui_keys Enter
form_field 'data URI' 'empty \(libvirt picks\), or tcp://HOST'
still_open
tui_keys C-u Tab Tab C-u
tui_keys -l abc
tui_keys Enter
form_field 'MiB/s cap' "MiB/s from 0 \(no cap\) to 1000000, not 'abc'"
tui_keys C-u
tui_keys -l 5
tui_keys Tab C-u
tui_keys -l 12x
tui_keys Enter
tui_wait_for "max downtime ms \[12x_?\] +ms from 0 \(libvirt's default\) to 600000, not '12x'" 3
tui_keys Escape
tui_wait_gone "Migrate 'test' from" 3
echo "ok: bad input keeps the form open with the reason beside the field"

# to the other host: the test driver refuses, the guest stays where it was
open_form
tui_keys Enter
tui_wait_gone "Migrate 'test' from" 3
status_is "migration of 'test' failed: .*; 'test' is still running on test:///default" 10
tui_keys L
tui_wait_for "migrating 'test' \(view 5\): virsh migrate --live --persistent --undefinesource --postcopy test test:///default" 5
tui_keys Escape
tui_keys 5
tui_wait_for "^ +1 failed .*migrate 'test': migration of 'test' failed" 5
echo "ok: a refused migration fails in one sentence that says where the guest is"
# the levers need a running migration
tui_keys D
status_is "job 1 \(migrate 'test'\) has ended" 5
tui_keys A
tui_wait_for "Restart the migration of 'test' \(job 1\) with auto-converge\?" 5
tui_keys y
status_is "job 1 \(migrate 'test'\) has ended" 5
echo "ok: the levers refuse an ended migration"
tui_keys q
tui_wait_exit 10

# -r: m is refused
tui_stop
tui_start 200 40 "$HVTOP" -r -d 0.5 -c test:///default
tui_wait_for '^1 domains' 10
tui_keys m
status_is "migrate: not allowed on a read-only connection \(-r\)" 5
tui_screen | grep -q "Migrate 'test'" && fail "m opened the dialog under -r"
echo "ok: -r refuses m"
