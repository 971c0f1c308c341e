#!/bin/bash
# The screen as a user sees it: start, sort, filter, change view, help,
# resize, names shown verbatim and aligned, quit and signals restore the
# terminal.  hvtop runs in a private tmux server against a test-driver
# fixture.
. "${top_srcdir:-.}/tests/lib/common.sh"

make_tmpdir tmp
bash "$top_srcdir/tests/data/gen-fixture.sh" 12 "$tmp/f.xml" || fail "fixture"
uri="test://$tmp/f.xml"

# the row of a domain: its line on the screen
row_of() { tui_screen | grep -F -- "$1" | head -1; }
# the screen line number of a domain's row
line_of() { tui_screen | grep -nF -- "$1" | head -1 | cut -d: -f1; }

tui_start 100 30 "$HVTOP" -d 0.5 -c "$uri"
tui_wait_for 'vm-0008' 10
tui_wait_for '12 domains, 9 active, 6 running, 0 sleeping, 3 paused, 3 inactive' 5
tui_wait_for 'ID S +RDRQ +WRRQ +RXBY +TXBY +%CPU +%MEM +TIME NAME' 2
# numbers appear once two samples exist
tui_wait_for ' R +[0-9.]+[KMG]? +[0-9.]+[KMG]? .* vm-0008' 5

# names verbatim, inactive ones in parentheses
for n in 'a<b>&c' "quote\"s'vm" '100%-cpu %s %n' '日本語-vm' 'café' '(space name)' '(Ωmega-💾)'; do
	tui_screen | grep -qF -- "$n" || fail "name '$n' not shown verbatim"
done
# the NAME column starts at the same display cell on every row, whatever
# the width of the characters before or in the names
tui_screen | python3 -c '
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
cols = set()
seen = set()
for line in sys.stdin.read().splitlines():
    for n in ("vm-0008", "日本語-vm", "café", "a<b>&c", "(space name)"):
        i = line.find(n)
        if i >= 0:
            seen.add(n)
            cols.add(width(line[:i]))
sys.exit(0 if len(cols) == 1 and len(seen) == 5 else "NAME column not aligned: %s" % sorted(cols))
' || fail "names are not aligned"

# sort by ID, then invert: the order on screen follows
tui_keys N
tui_wait_for 'sorted by ID' 2
[ "$(line_of 'a<b>&c')" -lt "$(line_of 'vm-0010')" ] || fail "N did not sort by ID"
tui_keys I
tui_wait_for 'sorted by ID \(inverted\)' 2
[ "$(line_of 'a<b>&c')" -gt "$(line_of 'vm-0010')" ] || fail "I did not invert"
# inactive domains stay after the active ones
[ "$(line_of '(vm-0011)')" -gt "$(line_of 'a<b>&c')" ] || fail "inactive not last"
tui_keys I

# %CPU scale: the header says which
tui_wait_for '100% = whole host' 2
tui_keys C
tui_wait_for '100% = one CPU' 2
tui_keys C

# filter by name as typed; Esc clears
tui_keys / v m - 0 0
tui_wait_for 'Filter by name: vm-00' 2
tui_wait_gone 'café' 2
tui_keys Enter
tui_wait_for 'vm-0010' 2
tui_screen | grep -qF 'a<b>&c' && fail "filter kept a non-matching row"
tui_keys Escape
tui_wait_for 'café' 2

# views: network, block, back to domains
tui_keys 2
tui_wait_for 'DOMAIN +IFACE +RXBY +TXBY +RXPK +TXPK' 2
tui_keys 3
tui_wait_for 'DOMAIN +DISK +RDBY +WRBY' 2
tui_keys Escape
tui_wait_for 'ID S +RDRQ' 2
tui_keys 2
tui_wait_for 'DOMAIN +IFACE' 2
tui_keys 0
tui_wait_for 'ID S +RDRQ' 2

# help lists the keys from the key table; Esc returns
tui_keys h
tui_wait_for 'hvtop help' 2
tui_wait_for 'P +sort-cpu +sort by %CPU' 2
tui_keys Escape
tui_wait_for 'ID S +RDRQ' 2

# $: the header says what watching costs, and $ again hides it
tui_keys '$'
tui_wait_for '^CPU: .*  cost: [0-9]+\.[0-9] ms CPU/refresh' 5
tui_keys '$'
tui_wait_gone 'cost: ' 3

# detail of the selected domain, with history; Esc returns
tui_keys Home Enter
tui_wait_for '^Domain ' 2
tui_wait_for 'History: ' 2
tui_wait_for 'CPU +[0-9.]+% max .*[▁▂▃▄▅▆▇█]' 3
# its addresses: the fixture's domains have none anywhere, and it says so
tui_wait_for '^ Addresses +none known \(no DHCP lease, no guest agent, no ARP entry\)' 3
tui_keys Escape
tui_wait_for 'ID S +RDRQ' 2

# resize: small terminals still work; tiny ones say so; back again
tui_tmux resize-window -t test -x 40 -y 10
# the least needed columns make way, so the rows still name their domains
tui_wait_for '^ +ID S +%CPU +TIME NAME' 3
tui_wait_for '^ +[0-9]+ R .* a<b>&c *$' 3
tui_tmux resize-window -t test -x 60 -y 12
tui_wait_for '^ +ID S +RDRQ +WRRQ +%CPU +%MEM +TIME NAME' 3
tui_tmux resize-window -t test -x 30 -y 8
tui_wait_for 'terminal too small' 3
tui_tmux resize-window -t test -x 100 -y 30
tui_wait_for 'ID S +RDRQ +WRRQ +RXBY +TXBY +%CPU +%MEM +TIME NAME' 3

# q quits and restores the terminal (the alternate screen is left)
tui_keys q
tui_wait_exit 3
tui_screen | grep -q 'RDRQ' && fail "the screen was not restored after q"
tui_stop

# SIGTERM and SIGHUP restore the terminal too
for sig in TERM HUP; do
	tui_start 100 30 "$HVTOP" -c "$uri"
	tui_wait_for 'vm-0008' 10
	kill -s "$sig" "$(tui_pid)"
	tui_wait_exit 3
	tui_screen | grep -q 'RDRQ' && fail "the screen was not restored after SIG$sig"
	tui_stop
done
# a non-UTF-8 locale gets ASCII: names with '?' for what it cannot show
tui_start 100 30 env LC_ALL=C LANG=C "$HVTOP" -d 0.5 -c "$uri"
tui_wait_for 'caf\?$' 10
tui_wait_for '\?\?\?-vm' 2
tui_screen | LC_ALL=C grep -q $'[\x80-\xff]' && fail "non-ASCII output in the C locale"
tui_keys Home Enter
tui_wait_for 'History: ' 3
tui_screen | LC_ALL=C grep -q $'[\x80-\xff]' && fail "non-ASCII sparklines in the C locale"
tui_keys q
tui_wait_exit 3
tui_stop
echo "PASS"
