#!/bin/bash
# No shell ever sees what users type: shell metacharacters go through every
# free-text field of the create form, the snapshot form, the balloon
# dialog, the filter and the delay prompt.  Nothing they would run runs;
# the text is refused with a sentence that quotes it as typed, or used as
# it is (a disk image whose file name is full of them).
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

make_tmpdir tmp
# each payload would create $tmp/PWNED-<n> if a shell ran it
pay() { printf '$(touch %s/PWNED-%s);`touch %s/PWNED-%s`|touch %s/PWNED-%s&' \
	"$tmp" "$1" "$tmp" "$1b" "$tmp" "$1c"; }
# a file name holds no '/': its payload touches a relative name, in the
# directory hvtop runs in ($PWD) if a shell ran it
fpay() { printf '$(touch PWNED-%s);`touch PWNED-%sb`|touch PWNED-%sc&' "$1" "$1" "$1"; }
pwned() {
	local f
	f=$(find "$tmp" "$PWD" -maxdepth 1 -name 'PWNED-*' | head -n 1)
	[ -z "$f" ] || fail "a shell ran typed text: $f exists"
}
img="$tmp/disk $(fpay img).img"
iso="$tmp/cd $(fpay iso).iso"
: >"$img" || fail "cannot make $img"
: >"$iso" || fail "cannot make $iso"

tui_start 200 34 "$HVTOP" -d 0.5 -c test:///default
tui_wait_for '^1 domains' 10

# the create form: every text field
tui_keys c
tui_wait_for 'Create a domain on test://' 3
tui_keys -l "a\$(touch $tmp/PWNED-n)"
tui_keys Enter
form_field name "'\\$' is not allowed in a name"
tui_keys C-u
tui_keys -l "a;touch $tmp/PWNED-s"
tui_keys Enter
form_field name "';' is not allowed in a name"
tui_keys C-u
tui_keys -l 'meta'
tui_keys Tab C-u
tui_keys -l "$(pay cpu)"
tui_keys Enter
form_field vCPUs " '\\\$\\(touch $tmp/PWNED-"
tui_keys C-u 1 Tab C-u
tui_keys -l "$(pay mem)"
tui_keys Enter
form_field memory " '\\\$\\(touch $tmp/PWNED-"
tui_keys C-u 2 0 0 M Tab
# the disk: an existing image whose name holds every metacharacter
tui_keys Right
form_field disk 'existing image'
tui_keys Tab C-u
tui_keys -l "$tmp/missing $(pay path).img"
tui_keys Enter
form_field 'image path' " $tmp/missing \\\$\\(touch $tmp/PWNED-"
tui_keys C-u
tui_keys -l "$img"
tui_keys Tab
# boot from the ISO, whose name holds them too
tui_keys Left
form_field boot 'ISO'
tui_keys Tab C-u
tui_keys -l "$iso"
tui_keys Tab
# a network name no shell may see
form_field network 'libvirt network'
tui_keys Tab C-u
tui_keys -l "$(pay net)"
tui_keys Enter
form_field 'network name' " no network '\\\$\\(touch $tmp/PWNED-"
pwned
tui_keys C-u
tui_keys -l 'default'
tui_keys Enter
tui_wait_gone 'Create a domain on' 5
status_is "created 'meta' and started it"
pwned
# the disk is the file as named, byte for byte: the detail view shows it
select_dom meta
tui_keys Enter
tui_wait_for "$(sed 's/[][\\.*^$?+(){}|]/\\&/g' <<<"$img")" 5
# (and the detail view's addresses: the test driver leases one to 'test')
tui_keys Escape
select_dom test
tui_keys Enter
tui_wait_for '^ Addresses +192\.168\.122\.3/24  testnet0, from the DHCP lease' 5
tui_keys Escape
select_dom meta

# the snapshot form: name refused, description kept as typed
tui_keys Escape
tui_keys 4
tui_wait_for "snapshots of 'meta'" 3
tui_keys n
tui_wait_for "New snapshot of 'meta'" 3
tui_keys C-u
tui_keys -l "s\`touch $tmp/PWNED-snap\`"
tui_keys Enter
form_field name "'\`' is not allowed"
tui_keys C-u
tui_keys -l 'snap1'
tui_keys Tab
tui_keys -l "$(pay desc)"
tui_keys Enter
status_is "snapshot 'snap1' of 'meta' created"
tui_wait_for "snap1 .*\\\$\(touch $tmp/PWNED-desc\)" 3
pwned
tui_keys Escape

# the balloon dialog, the delay prompt and the filter
tui_keys b
tui_wait_for 'Memory of' 3
tui_keys C-u
tui_keys -l "$(pay bal)"
tui_keys Enter
tui_wait_for 'is not a size' 3
tui_keys Escape
tui_keys d C-u
tui_keys -l "$(pay delay)"
tui_keys Enter
status_is 'delay'
tui_keys / C-u
tui_keys -l "$(pay filter)"
tui_keys Enter
tui_wait_for "filter: '\\\$\(touch" 3
sleep 1
pwned
tui_keys q
tui_wait_exit 5
pwned
echo PASS
