# Sourced by the tests/batch/*.sh tests: tests/lib/common.sh (a HOME and
# XDG dirs of the test's own when run by hand, cleanups at exit), a
# temporary directory removed on exit, a fixture generator and a failure
# helper.  Run by `make check` (HVTOP, top_srcdir set by tests/local.mk) or
# by hand:
#   HVTOP=$PWD/hvtop top_srcdir=$PWD bash tests/batch/json.sh
# Run by hand, the user's HOME, settings and LIBVIRT_DEFAULT_URI do not
# reach hvtop: common.sh gives the test its own, as the harness does.
# common.sh owns the EXIT trap: clean up with on_exit, never with trap.
set -u -o pipefail

me=$(basename "$0" .sh)

: "${HVTOP:?set HVTOP to the hvtop binary}"
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
. "$top_srcdir/tests/lib/common.sh"

# common.sh's, with the test's name
fail() {
	echo "FAIL: batch/$me: $*" >&2
	exit 1
}

[ -x "$HVTOP" ] || fail "HVTOP='$HVTOP' is not an executable"
command -v python3 >/dev/null || fail "python3 is needed"
command -v timeout >/dev/null || fail "timeout(1) is needed"

make_tmpdir tmp
tmp=$(cd "$tmp" && pwd -P)

# fixture N: writes $tmp/fixture.xml and sets $uri to its test:/// URI
fixture() {
	bash "$top_srcdir/tests/data/gen-fixture.sh" "$1" "$tmp/fixture.xml" ||
		fail "tests/data/gen-fixture.sh $1 failed"
	# shellcheck disable=SC2034 # read by the tests that source this file
	uri="test://$tmp/fixture.xml"
}

# hvtop ARGS...: runs hvtop with a time limit, stdout to $tmp/out, stderr
# to $tmp/err; sets $rc
hvtop() {
	rc=0
	timeout 120 "$HVTOP" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
	[ "$rc" -ne 124 ] || fail "hvtop $* did not finish within 120 s"
	# under make check-valgrind: valgrind's own note on an ioctl it cannot
	# model (libvirt's embedded driver probes /dev/kvm in-process, where
	# the host has one) is not hvtop's output; valgrind's errors and leaks
	# still show, and make it exit 97
	sed -i -E '/^==[0-9]+== +(Warning: noted but unhandled ioctl |This could cause spurious value errors|See README_MISSING_SYSCALL_OR_IOCTL)/d' "$tmp/err"
}

# expect_ok ARGS...: hvtop must exit 0 with nothing on stderr
expect_ok() {
	hvtop "$@"
	[ "$rc" -eq 0 ] || fail "hvtop $* exited $rc: $(head -c 500 "$tmp/err")"
	[ ! -s "$tmp/err" ] || fail "hvtop $* wrote to stderr: $(head -c 500 "$tmp/err")"
}

# a UTF-8 locale for the text tests, or empty
utf8_locale() {
	local l
	for l in C.UTF-8 C.utf8 en_US.UTF-8 en_US.utf8; do
		if LC_ALL=$l locale charmap 2>/dev/null | grep -qi '^utf-\?8$'; then
			echo "$l"
			return
		fi
	done
}
