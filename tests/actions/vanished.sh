#!/bin/bash
# A domain removed behind hvtop's back (by virsh, on a shared daemon)
# between its selection and an action: "domain 'x' no longer exists" in the
# status line and the log, never a crash; hvtop goes on working.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "$top_srcdir/tests/actions/lib.sh"

need_cmd virsh libvirtd
make_tmpdir tmp
make_tmpdir daemon
start_private_libvirtd "$daemon"
uri=$(libvirtd_uri "$daemon")
cat >"$tmp/ghost.xml" <<'XML'
<domain type='test'>
  <name>ghost</name>
  <memory unit='MiB'>128</memory>
  <vcpu>1</vcpu>
  <os><type>hvm</type></os>
</domain>
XML
# the test driver's state lives while a connection holds it: hvtop first
# a long delay: the row stays on screen after the domain is gone
tui_start 120 32 "$HVTOP" -d 60 -c "$uri"
tui_wait_for ' test$' 10
virsh -q -c "$uri" define "$tmp/ghost.xml" >/dev/null || fail "cannot define ghost"
virsh -q -c "$uri" start ghost >/dev/null || fail "cannot start ghost"
tui_keys Space
tui_wait_for 'ghost' 5
select_dom ghost
state_is ghost R
virsh -q -c "$uri" destroy ghost >/dev/null || fail "cannot destroy ghost"
virsh -q -c "$uri" undefine ghost >/dev/null || fail "cannot undefine ghost"
tui_screen | grep -q ghost || fail "the row went before the key"
tui_keys p
status_is "domain 'ghost' no longer exists"
tui_wait_for "filter: 'ghost' \(0 shown|no domain matches the filter" 5
# the other dialogs too: their queries find it gone
tui_keys Escape
tui_wait_for ' test$' 5
virsh -q -c "$uri" define "$tmp/ghost.xml" >/dev/null || fail "cannot define ghost again"
tui_keys Space
tui_wait_for '\(ghost\)' 5
select_dom ghost
virsh -q -c "$uri" undefine ghost >/dev/null || fail "cannot undefine ghost"
tui_keys b
status_is "domain 'ghost' no longer exists"
tui_screen | grep -q 'Memory of' && fail "the balloon dialog opened for a vanished domain"
# still alive and working
tui_keys L
tui_wait_for "error: domain 'ghost' no longer exists" 3
tui_keys q
tui_wait_exit 5
echo PASS
