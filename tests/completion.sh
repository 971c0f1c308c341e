#!/bin/bash
# The bash completion (completion/hvtop): options from --help, URIs from the
# settings file after -c, and domain names of the given host after --keys /.
. "${top_srcdir:-.}/tests/lib/common.sh"
make_tmpdir tmp
mkdir -p "$XDG_CONFIG_HOME/hvtop"
printf 'connections = [ "test:///default", "qemu+ssh://far/system" ];\n' \
	>"$XDG_CONFIG_HOME/hvtop/hvtop.conf"
# complete WORD...: COMPREPLY for the command line "hvtop WORD...", the
# last word being completed, one per line
complete_line() {
	bash -c '
		. "$1/completion/hvtop"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
		_hvtop
		printf "%s\n" "${COMPREPLY[@]}"
	' bash "$top_srcdir" "$HVTOP" "$@"
}
got=$(complete_line --js)
[ "$got" = --json ] || fail "--js completed to '$got', not --json"
got=$(complete_line --help-)
[ "$got" = --help-config ] || fail "--help- completed to '$got'"
complete_line -- - | grep -qx -- --readonly || fail "the options lack --readonly"
got=$(complete_line -c '')
grep -qx 'test:///default' <<<"$got" || fail "-c offers no URI of the settings file: $got"
grep -qx 'qemu+ssh://far/system' <<<"$got" || fail "-c offers not every URI of the settings file: $got"
grep -qx 'qemu:///system' <<<"$got" || fail "-c does not offer qemu:///system: $got"
got=$(complete_line -c qemu+s)
[ "$got" = 'qemu+ssh://far/system' ] || fail "-c qemu+s completed to '$got'"
got=$(complete_line --accel '')
[ "$(echo $got)" = "kvm tcg" ] || fail "--accel offers '$got'"
# domain names of the host given with -c, after --keys /
bash "$top_srcdir/tests/data/gen-fixture.sh" 12 "$tmp/f.xml" || fail "no fixture"
got=$(complete_line -c "test://$tmp/f.xml" --keys /vm-001)
[ "$(echo $got)" = "/vm-0010 /vm-0011" ] || fail "--keys /vm-001 completed to '$got'"
# names that need quoting come back quoted for the command line
got=$(complete_line -c "test://$tmp/f.xml" --keys /quote)
[ "$got" = "/quote\\\"s\\'vm" ] || fail "--keys /quote completed to '$got'"
got=$(complete_line -c "test://$tmp/f.xml" --keys /space)
[ "$got" = '/space\ name' ] || fail "--keys /space completed to '$got'"
# and --complete-domains itself: every domain, active and inactive
n=$("$HVTOP" -c "test://$tmp/f.xml" --complete-domains | wc -l)
[ "$n" = 12 ] || fail "--complete-domains printed $n names, not 12"
echo "PASS: completion"
