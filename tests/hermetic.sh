#!/bin/bash
# The tests do not depend on who runs them: from the shell of a user who
# has run `hvtop --demo` (a demo image in ~/.local/state/hvtop/guest), has
# settings of their own and LIBVIRT_DEFAULT_URI and NO_COLOR set, the TUI
# tests pass as they do on a clean machine, and that user's HOME is left
# as it was.  (With the demo image visible the create form defaulted to
# the demo kernel and tests/actions/form.sh failed.)
. "${top_srcdir:-.}/tests/lib/common.sh"

make_tmpdir user

# the invoking user's HOME: what `hvtop --demo` leaves (ui/act_create.c
# takes the image as present when vmlinuz and initrd.img are files; the
# builder's stamp says it is complete) ...
img=$user/.local/state/hvtop/guest
mkdir -p "$img" "$user/.config/hvtop" || fail "cannot populate $user"
for f in vmlinuz initrd.img stamp; do
	echo "a user's $f" >"$img/$f"
done
# ... and settings that change what the screen shows
cat >"$user/.config/hvtop/hvtop.conf" <<'EOF'
start_view = "network";
sort = "mem";
sort_reverse = true;
columns = [ "host", "steal", "balloon" ];
theme = "light";
delay = 5.0;
EOF

# what the user's HOME holds: every path with its type, mode, size, mtime
# and, for files, a checksum of the content
home_state() {
	(cd "$user" && find . -printf '%p %y %m %s %T@\n' | LC_ALL=C sort &&
		find . -type f -exec md5sum {} + | LC_ALL=C sort)
}
before=$(home_state)

# run_as_user TEST: run TEST the way the user would, by hand from their
# shell: their HOME, no XDG dirs set, their environment; fail if it fails.
run_as_user() {
	local t=$1 log
	log=$user.${t//\//_}.log
	on_exit "rm -f '$log'"
	env -u HVTOP_TEST_ENV -u XDG_CONFIG_HOME -u XDG_STATE_HOME \
		-u XDG_CACHE_HOME -u XDG_DATA_HOME -u XDG_RUNTIME_DIR \
		HOME="$user" NO_COLOR=1 LIBVIRT_DEFAULT_URI=test:///default \
		HVTOP_IMAGE_DIR="$img" \
		bash "$top_srcdir/tests/$t" >"$log" 2>&1 || {
		tail -n 30 "$log" >&2
		fail "tests/$t fails when run from the shell of a user with a demo image and settings in their HOME"
	}
	echo "tests/$t: passes from the user's shell"
}

# Every TUI test on the test driver (the tmux ones; the real-guest TUI
# tests set their own dirs in tests/guests/lib.sh), found by what it
# sources, so that a new one is covered without a line here.  Among them:
# the create form's boot field defaults to a disk, not the user's image
# (actions/form.sh); columns, sort and view are as shipped, not the user's
# settings (tui/basic.sh); NO_COLOR and the user's theme do not reach the
# theme tests (config/tui.sh).
n=0
for t in "$top_srcdir"/tests/tui/*.sh "$top_srcdir"/tests/actions/*.sh \
	"$top_srcdir"/tests/config/tui.sh "$top_srcdir"/tests/view1/tui.sh; do
	t=${t#"$top_srcdir"/tests/}
	[ "$t" = actions/lib.sh ] && continue
	grep -q 'tui_start' "$top_srcdir/tests/$t" || continue
	run_as_user "$t"
	n=$((n + 1))
done
[ "$n" -ge 15 ] || fail "only $n TUI tests were found to run from the user's shell"

after=$(home_state)
[ "$before" = "$after" ] || {
	diff <(echo "$before") <(echo "$after") >&2
	fail "the tests changed the user's HOME (diff above: < before, > after)"
}
echo "PASS: the user's HOME is unchanged"
