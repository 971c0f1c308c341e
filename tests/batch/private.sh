#!/bin/bash
# hvtop's state dir and its embedded root are for their owner only (0700),
# even where they were made looser before (an older hvtop, a umask of 022);
# the embedded driver opens there without any guest.
. "${top_srcdir:-.}/tests/batch/lib.sh"
command -v qemu-system-x86_64 >/dev/null || fail "qemu-system-x86_64 is needed for the embedded driver"
unset LIBVIRT_DEFAULT_URI
export XDG_STATE_HOME=$tmp/state
mkdir -p "$XDG_STATE_HOME/hvtop/embed"
chmod 0755 "$XDG_STATE_HOME/hvtop" "$XDG_STATE_HOME/hvtop/embed"
expect_ok --json -n 1 -c "qemu:///embed?root=$XDG_STATE_HOME/hvtop/embed"
grep -q '"domains":\[\]' "$tmp/out" || fail "the empty embedded root did not print its (empty) domain list: $(head -c 300 "$tmp/out")"
for d in "$XDG_STATE_HOME/hvtop" "$XDG_STATE_HOME/hvtop/embed"; do
	m=$(stat -c %a "$d")
	[ "$m" = 700 ] || fail "$d is mode $m after hvtop opened it, not 700"
done
# a root elsewhere is made private, and nothing outside it is touched
mkdir -m 0755 "$tmp/other"
expect_ok --json -n 1 -c "qemu:///embed?root=$tmp/other/root"
[ "$(stat -c %a "$tmp/other/root")" = 700 ] || fail "a new embedded root is not 700"
[ "$(stat -c %a "$tmp/other")" = 755 ] || fail "hvtop changed the mode of $tmp/other, the root's parent"
echo "PASS: batch/private"
