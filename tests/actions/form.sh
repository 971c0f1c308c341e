#!/bin/bash
# The create form (c): each bad field keeps the form open with the reason
# beside it and nothing is created: empty and duplicate names, quotes and
# angle brackets, 0 vCPUs, 1 TiB of memory, negative sizes, missing files.
# Then a good form creates and starts the domain; Esc creates nothing.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

# test:///default: one domain 'test', a storage pool and a network
make_tmpdir tmp
tui_start 130 34 "$HVTOP" -d 0.5 -c test:///default
tui_wait_for '^1 domains' 10

open_form() {
	tui_keys c
	tui_wait_for 'Create a domain on test://' 3
}
# still open, and the domain count unchanged
still_open() {
	tui_screen | grep -q 'Create a domain on' || fail "the form closed on bad input"
	[ "$(domain_count)" = 1 ] || fail "something was created: $(domain_count) domains"
}

open_form
form_field name '\[_\]'
form_field vCPUs '\[1\] +1 to 16'
# empty name: the reason beside it and at the bottom
tui_keys Enter
form_field name 'a name is needed'
tui_wait_for '^ +name: a name is needed' 2
still_open
# a name that exists
tui_keys -l 'test'
tui_keys Tab
form_field name "'test' already exists"
tui_keys BTab C-u
tui_keys -l 'a<b>'
tui_keys Enter
form_field name "'<' is not allowed in a name"
still_open
tui_keys C-u
tui_keys -l 'say"hi"'
tui_keys Enter
form_field name "'\"' is not allowed in a name"
tui_keys C-u
tui_keys -l "it's"
tui_keys Enter
form_field name "''' is not allowed in a name"
tui_keys C-u
tui_keys -l 'x&y'
tui_keys Enter
form_field name "'&' is not allowed"
still_open
tui_keys C-u
tui_keys -l 'new-vm.1'
tui_keys Tab
form_field name '\[new-vm.1\] +letters'

# vCPUs: 0, and more than the host has
tui_keys C-u 0 Tab
form_field vCPUs "vCPUs must be 1 to 16 \(the host's CPUs\)"
tui_keys BTab C-u 1 7 Enter
form_field vCPUs 'vCPUs must be 1 to 16'
still_open
tui_keys C-u 2 Tab
form_field vCPUs '\[2\] +1 to 16'

# memory: 1 TiB, too little, negative
tui_keys C-u 1 T Tab
form_field memory '1.0 TiB is more than the host.s 3.0 GiB'
tui_keys BTab C-u 1 6 M Enter
form_field memory '16 MiB is less than the minimum of 64 MiB'
tui_keys C-u - 1 G Enter
form_field memory 'a size cannot be negative'
still_open
tui_keys C-u 3 0 0 M Tab

# disk: a new one of a negative size, of no size, then an existing image
form_field disk 'new qcow2'
tui_keys Tab
form_field 'disk size' "in pool 'default-pool'"
tui_keys C-u - 5 G Enter
form_field 'disk size' 'a size cannot be negative'
tui_keys C-u 0 Enter
form_field 'disk size' 'a disk has at least 1 MiB'
tui_keys C-u 2 x Enter
form_field 'disk size' "'2x' is not a size"
still_open
tui_keys C-u 2 G
tui_keys BTab Right
form_field disk 'existing image'
tui_screen | grep -qE '  disk size  ' && fail "disk size shown for an existing image"
tui_keys Tab
tui_keys -l "$tmp/no-such.img"
tui_keys Enter
form_field 'image path' 'no such file'
still_open
: >"$tmp/disk.img"
tui_keys C-u
tui_keys -l "$tmp/disk.img"
tui_keys Tab

# boot from an ISO that is not there, then from the disk
form_field boot 'disk'
tui_keys Left
form_field boot 'ISO'
tui_keys Tab
tui_keys -l "$tmp/none.iso"
tui_keys Enter
form_field ISO 'no such file'
still_open
tui_keys BTab Right
form_field boot 'disk'

# network: a libvirt network that does not exist
tui_keys Tab
form_field network 'libvirt network'
tui_keys Tab C-u
tui_keys -l 'nonet'
tui_keys Enter
form_field 'network name' "no network 'nonet' \(there is: default\)"
still_open
tui_keys C-u
tui_keys -l 'default'

# every field valid: created and started
tui_keys Enter
tui_wait_gone 'Create a domain on' 3
status_is "created 'new-vm.1' and started it"
tui_wait_for '^2 domains' 5
state_is new-vm.1 R

# Esc: nothing created
open_form
tui_keys -l 'never'
tui_keys Escape
tui_wait_gone 'Create a domain on' 2
sleep 1
[ "$(domain_count)" = 2 ] || fail "Esc created something"
tui_screen | grep -q never && fail "Esc created 'never'"

# a new disk in the pool, named after the domain
open_form
tui_keys -l 'vm2'
tui_keys Enter
status_is "created 'vm2' and started it with disk /default-pool/vm2.qcow2"
tui_keys q
tui_wait_exit 5
echo PASS
