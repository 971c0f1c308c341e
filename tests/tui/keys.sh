#!/bin/bash
# Key scripts: played after start-up (keys, <sync>, <wait:MS>, files), and a
# malformed one refused with its position before anything runs.
. "${top_srcdir:-.}/tests/lib/common.sh"

make_tmpdir tmp
bash "$top_srcdir/tests/data/gen-fixture.sh" 12 "$tmp/f.xml" || fail "fixture"
uri="test://$tmp/f.xml"

# refused before anything runs: exit 2, the position, nothing on stdout
for bad in 'ab<Ennter>:position 3' 'x<wait:abc>:position 2' 'q<Enter:position 2'; do
	script=${bad%:*} want=${bad##*:}
	out=$("$HVTOP" -c "$uri" --keys "$script" 2>"$tmp/err") && fail "'$script' was accepted"
	rc=$?
	[ "$rc" = 2 ] || fail "'$script': exit status $rc, want 2"
	[ -z "$out" ] || fail "'$script': printed on stdout: $out"
	grep -q "$want" "$tmp/err" || fail "'$script': no '$want' in: $(cat "$tmp/err")"
	[ "$(wc -l <"$tmp/err")" = 1 ] || fail "'$script': not one line: $(cat "$tmp/err")"
done
printf 'ab\n<F13>' >"$tmp/bad.keys"
"$HVTOP" -c "$uri" --keys-file "$tmp/bad.keys" 2>"$tmp/err" && fail "bad keys file accepted"
grep -q "bad.keys: key script: position 4" "$tmp/err" || fail "keys file error: $(cat "$tmp/err")"

# a script drives the screen, then quits by itself
tui_start 100 30 "$HVTOP" -d 0.3 -c "$uri" --keys 'N<sync>/vm-0010<Enter><sync><wait:1500>q'
tui_wait_for 'filter: .vm-0010. \(1 shown' 5
tui_screen | grep -qF 'café' && fail "the scripted filter was not applied"
tui_wait_exit 5
tui_stop

# the same from a file, split over lines, with named keys
printf 'P\n<sync>f<Down><Down><Enter><Esc>\n<sync><wait:1500>q\n' >"$tmp/s.keys"
tui_start 120 30 "$HVTOP" -d 0.3 -c "$uri" --keys-file "$tmp/s.keys"
tui_wait_for '%CPU +%STEAL +%MEM' 5
tui_wait_exit 5
echo PASS
