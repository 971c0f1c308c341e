# Helpers for the management tests (bash; sourced after tests/lib/common.sh).

# fixture N: a test-driver fixture of N domains in $tmp; sets $uri.
fixture() {
	make_tmpdir tmp
	bash "$top_srcdir/tests/data/gen-fixture.sh" "${1:-12}" "$tmp/f.xml" ||
		fail "cannot write the fixture"
	uri="test://$tmp/f.xml"
}

# select_dom NAME: filter the list down to NAME (its row is then selected).
select_dom() {
	tui_keys / C-u
	tui_keys -l "$1"
	tui_keys Enter
	tui_wait_for "filter: '$1' \(1 shown" 5
}

# state_is NAME LETTER [TIMEOUT]: NAME's row shows LETTER in the S column.
state_is() {
	tui_wait_for "^ +[0-9-]+ $2 .* \(?$1\)?( |$)" "${3:-5}"
}

# status_is REGEX [TIMEOUT]: the status line (the last row) matches.
status_is() {
	local re=$1 deadline line
	deadline=$(($(now_ms) + $(secs_to_ms "${2:-5}")))
	while :; do
		line=$(tui_screen | tail -n 1)
		grep -Eq -- "$re" <<<"$line" && return 0
		[ "$(now_ms)" -ge "$deadline" ] && break
		sleep 0.1
	done
	tui_screen >&2
	fail "status line did not show /$re/ (it shows: $line)"
}

# form_field LABEL REGEX [TIMEOUT]: the form row of LABEL matches (value
# and reason) within TIMEOUT seconds (default 3).
form_field() {
	local row deadline
	deadline=$(($(now_ms) + $(secs_to_ms "${3:-3}")))
	while :; do
		# the form is drawn over the list: its rows start mid-line
		row=$(tui_screen | grep -E -- "(^|  )$1  +" | head -n 1)
		grep -Eq -- "$2" <<<"$row" && return 0
		[ "$(now_ms)" -ge "$deadline" ] && break
		sleep 0.1
	done
	tui_screen >&2
	fail "form field '$1' does not show /$2/ (row: $row)"
}

# domain_count: the number in the header's "N domains".
domain_count() {
	tui_screen | sed -n 's/^\([0-9][0-9]*\) domains,.*/\1/p' | head -n 1
}
