#!/bin/bash
# Settings and themes as a user meets them: every shipped theme renders
# (each differently; mono and NO_COLOR without colours), t cycles themes
# live, a rebound key works, W then quit and restart restores sort, view
# and theme, and a bad file is refused before the screen is taken.
. "${top_srcdir:-.}/tests/lib/common.sh"

make_tmpdir tmp
export XDG_CONFIG_HOME=$tmp/config HVTOP_THEME_DIR=$top_srcdir/themes
mkdir -p "$XDG_CONFIG_HOME/hvtop"
conf=$XDG_CONFIG_HOME/hvtop/hvtop.conf
uri=test:///default

# colour escape sequences in the pane (SGR 30-37, 40-47, 90-97, 38;/48;)
colours() { tui_tmux capture-pane -p -e -t test | grep -oE $'\e\\[[0-9;]*m' |
	grep -E '\[(([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;|48;))' | sort -u; }

declare -A seen
for theme in default light mono high-contrast solarized-dark; do
	printf 'theme = "%s";\n' "$theme" >"$conf"
	tui_start 100 30 "$HVTOP" -c "$uri"
	tui_wait_for ' R +.* test$' 10
	c=$(colours)
	if [ "$theme" = mono ]; then
		[ -z "$c" ] || fail "theme mono shows colours: $c"
	else
		[ -n "$c" ] || fail "theme $theme shows no colours"
	fi
	seen[$theme]=$(tui_tmux capture-pane -p -e -t test | sed -n '1p;4p;5p' | sed 's/[0-9][0-9]:[0-9][0-9]:[0-9][0-9]//')
	tui_keys q
	tui_wait_exit 3
	tui_stop
done
for x in default light mono high-contrast solarized-dark; do
	for y in default light mono high-contrast solarized-dark; do
		[ "$x" \< "$y" ] || continue
		[ "${seen[$x]}" != "${seen[$y]}" ] || fail "themes $x and $y render the same"
	done
done

# NO_COLOR: no colours whatever the theme
printf 'theme = "solarized-dark";\n' >"$conf"
tui_start 100 30 env NO_COLOR=1 "$HVTOP" -c "$uri"
tui_wait_for ' R +.* test$' 10
[ -z "$(colours)" ] || fail "NO_COLOR still shows colours"
tui_stop

# an 8-colour terminal: the fallback maps every colour to the basic eight
printf 'theme = "high-contrast";\n' >"$conf"
tui_start 100 30 env TERM=xterm "$HVTOP" -c "$uri"
tui_wait_for ' R +.* test$' 10
c=$(colours)
[ -n "$c" ] || fail "8 colours: no colours at all"
grep -qE '\[(([0-9;]*;)?(9[0-7]|10[0-7]|38;|48;))' <<<"$c" &&
	fail "8 colours: bright or 256-colour codes sent: $c"
tui_stop

# a rebound key; t cycles the theme live; W writes; restart restores
printf 'keys = { x = "quit"; };\nbind = ( [ "<F5>", "help" ] );\n' >"$conf"
tui_start 100 30 "$HVTOP" -c "$uri"
tui_wait_for ' R +.* test$' 10
tui_keys F5
tui_wait_for 'hvtop help' 3
tui_keys Escape
tui_wait_for 'ID S +RDRQ' 3
tui_keys t
tui_wait_for 'theme [a-z-]+' 3
theme=$(tui_screen | grep -oE 'theme [a-z-]+' | head -1 | cut -d' ' -f2)
[ -n "$theme" ] && [ "$theme" != default ] || fail "t did not switch the theme"
tui_keys M I 2
tui_wait_for 'DOMAIN +IFACE' 3
tui_keys W
tui_wait_for "settings written to $conf" 3
grep -q 'sort *= *"mem"' "$conf" || fail "W did not write the sort: $(cat "$conf")"
grep -q "theme *= *\"$theme\"" "$conf" || fail "W did not write the theme: $(cat "$conf")"
grep -q 'x *= *"quit"\|"x", *"quit"' "$conf" || fail "W lost the key bindings: $(cat "$conf")"
tui_keys x
tui_wait_exit 3
tui_stop
tui_start 100 30 "$HVTOP" -c "$uri"
tui_wait_for 'DOMAIN +IFACE' 10
tui_wait_for 'sort %MEM \(inv\)' 8
tui_keys F5
tui_wait_for 'hvtop help' 3
tui_keys q
tui_wait_exit 3
tui_stop

# bad files: exit 2 before the screen, FILE:LINE and the allowed values
printf 'delay = 0.5;\nsort = "bogus";\n' >"$tmp/bad.conf"
out=$("$HVTOP" --config "$tmp/bad.conf" -c "$uri" 2>&1) && fail "a bad sort was accepted"
grep -q "bad.conf:2: .*allowed: cpu, mem" <<<"$out" || fail "bad sort: $out"
printf 'keys = { x = "nosuchaction"; };\n' >"$tmp/bad2.conf"
out=$("$HVTOP" --config "$tmp/bad2.conf" -c "$uri" 2>&1) && fail "an unknown action was accepted"
grep -q "bad2.conf:1: .*nosuchaction" <<<"$out" || fail "unknown action: $out"
printf 'theme = "nosuchtheme";\n' >"$tmp/bad3.conf"
out=$("$HVTOP" --config "$tmp/bad3.conf" -c "$uri" 2>&1) && fail "an unknown theme was accepted"
grep -q "nosuchtheme" <<<"$out" || fail "unknown theme: $out"
"$HVTOP" --help-config | grep -q '^  theme' || fail "--help-config does not list theme"
echo PASS
