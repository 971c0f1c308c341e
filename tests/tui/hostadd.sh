#!/bin/bash
# Hosts added and removed while hvtop runs (view 6): + opens a form (URI,
# read-only), the host connects on its own, and a host that does not
# answer (its daemon stopped) can be added without freezing the screen and
# removed at once.  x asks first; n keeps the host.  Enter on a host shows
# its domains only, and Esc shows every host's again.
. "${top_srcdir:-.}/tests/lib/common.sh"
. "${top_srcdir:-.}/tests/lib/hosts.sh"

need_cmd tmux libvirtd virsh
[ -x "$HVTOP" ] || fail "no hvtop binary at $HVTOP"

ANY_ROW='[[:space:]]test *$'
start_hosts 3
A=${HOST_DIRS[0]} C=${HOST_DIRS[2]}

samples() {
	tui_screen | grep -E "^ *$1 " | grep -oE '[0-9]+ +test\+unix' | awk '{ print $1 }'
}
nrows() { tui_screen | grep -Ec -- "$ANY_ROW"; }

tui_start 200 30 "$HVTOP" -d 0.5 -c "${HOST_URIS[0]}"
tui_wait_for "$ANY_ROW" 10
tui_keys 6
tui_wait_for '^ *0 .* connected ' 5

# + opens the form; a URI that is not one is refused in the form
tui_keys +
tui_wait_for 'Add a host' 3
tui_keys -l 'nonsense'
tui_keys Enter
tui_wait_for 'a libvirt URI such as' 3
tui_keys C-u
tui_keys -l "${HOST_URIS[1]}"
tui_keys Tab Space Enter
tui_wait_for '^ *1 .* connected .*\(read-only\)' 10
tui_screen | tail -n 1 | grep -q 'host 1 added' ||
	{ tui_screen >&2; fail "no message says host 1 was added"; }
tui_keys 0
tui_wait_for "HOST" 3
[ "$(nrows)" = 2 ] || { tui_screen >&2; fail "the domain list does not show both hosts' domains"; }

# Enter on a host: its domains only; Esc: every host's
tui_keys 6
tui_wait_for '^ *1 .* connected ' 3
tui_keys Down Enter
tui_wait_for 'host 1 only' 3
[ "$(nrows)" = 1 ] || { tui_screen >&2; fail "Enter on host 1 does not show its domains only"; }
tui_keys Escape
tui_wait_for 'filter cleared' 3
[ "$(nrows)" = 2 ] || { tui_screen >&2; fail "Esc does not show every host's domains again"; }

# a host whose daemon does not answer: added, the screen keeps refreshing
freeze_host "$C"
tui_keys 6 +
tui_wait_for 'Add a host' 3
tui_keys -l "${HOST_URIS[2]}"
tui_keys Enter
tui_wait_for '^ *2 .*connecting' 5
n1=$(samples 0)
sleep 2
n2=$(samples 0)
[ -n "$n1" ] && [ -n "$n2" ] && [ $((n2 - n1)) -ge 3 ] ||
	{ tui_screen >&2; fail "host 0 stopped refreshing while host 2 connects ($n1 -> $n2)"; }
tui_wait_for '^ *2 .*connecting \([0-9]+ s\)' 5

# x asks; n keeps it, y removes it at once although it does not answer
tui_keys End x
tui_wait_for "Stop watching host 2 .*\? .*\(y/n\)" 3
tui_keys n
tui_wait_for 'host 2 kept' 3
tui_wait_for '^ *2 ' 1
tui_keys x
tui_wait_for "Stop watching host 2" 3
tui_keys y
tui_wait_for 'host 2 removed' 3
tui_wait_gone '^ *2 .*connecting' 2
n1=$(samples 0)
sleep 1.5
n2=$(samples 0)
[ $((n2 - n1)) -ge 2 ] || { tui_screen >&2; fail "host 0 stopped refreshing after host 2 was removed"; }
thaw_host "$C"

# and host 1 too: the domain list keeps host 0's
tui_keys End x
tui_wait_for "Stop watching host 1" 3
tui_keys y
tui_wait_for 'host 1 removed' 3
tui_keys 0
tui_wait_for "$ANY_ROW" 3
[ "$(nrows)" = 1 ] || { tui_screen >&2; fail "host 1's domain is still listed after it was removed"; }
tui_keys q
tui_wait_exit 3
echo "PASS: hostadd"
