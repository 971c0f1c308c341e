#!/bin/bash
# common/test_hooks.h is the one list of the HVTOP_ environment variables:
#  - the C sources read none by its literal name (getenv(TEST_HOOK_...) instead);
#  - every HVTOP_ variable the tests and the guest builder use is listed;
#  - every macro has its line saying what it does and who sets it;
#  - the ones hvtop(1) documents for users are the ones marked hvtop(1).
# Fails naming each offending file and line, or variable.
. "${top_srcdir:-.}/tests/lib/common.sh"

src=$top_srcdir
make_tmpdir tmp
tmp_out=$tmp/macros
hdr=$src/common/test_hooks.h
[ -f "$hdr" ] || fail "no $hdr"
bad=0
problem() {
	printf 'FAIL: %s\n' "$*" >&2
	bad=1
}

# the variables the header lists (its include guard is not one)
listed=$(grep -oE 'HVTOP_[A-Z0-9_]+' "$hdr" | grep -vx HVTOP_TEST_HOOKS_H | sort -u)
is_listed() { grep -qx -- "$1" <<<"$listed"; }

# 1. no getenv("HVTOP_...") in the C sources: the macros name them
while IFS= read -r hit; do
	problem "$hit): an HVTOP_ variable read by its literal name; add it to common/test_hooks.h and use the macro"
done < <(cd "$src" && find . -path ./.git -prune -o -path ./autom4te.cache -prune -o \
	\( -name '*.c' -o -name '*.h' \) -type f ! -path ./common/test_hooks.h -print |
	LC_ALL=C sort | xargs grep -noE 'getenv[[:space:]]*\([[:space:]]*"HVTOP_[A-Z0-9_]*"' | sed 's|^\./||')

# 2. every HVTOP_ variable used by the tests (shell and C) and by the guest
# image builder is listed
while IFS=: read -r file var; do
	is_listed "$var" ||
		problem "$file uses $var, which common/test_hooks.h does not list"
done < <(cd "$src" && find tests kvm/guest -type f \( -name '*.sh' -o -name '*.c' \) ! -path tests/test-hooks.sh |
	LC_ALL=C sort | xargs grep -oE 'HVTOP_[A-Z0-9_]+' | sort -u)

# 3. each macro: TEST_HOOK_X names HVTOP_X, with a comment on the line above
awk '
	/^#define TEST_HOOK_/ {
		if ($3 != "\"HVTOP_" substr($2, 11) "\"")
			printf "FAIL: common/test_hooks.h:%d: %s should name \"HVTOP_%s\"\n", NR, $2, substr($2, 11)
		if (prev !~ /^\/\* .+ \*\/$/)
			printf "FAIL: common/test_hooks.h:%d: %s has no one-line comment above it (what it does, who sets it)\n", NR, $2
	}
	{ prev = $0 }
' "$hdr" >"$tmp_out" 2>&1 || true
[ ! -s "$tmp_out" ] || { cat "$tmp_out" >&2; bad=1; }

# 4. the man page's HVTOP_ variables are the ones marked hvtop(1)
documented=$(grep -oE 'HVTOP_[A-Z0-9_]+' "$src/hvtop.1" | sort -u)
marked=$(awk '
	/^#define TEST_HOOK_/ { if (prev ~ /hvtop\(1\)/) { gsub(/"/, "", $3); print $3 } }
	/^ \*   HVTOP_[A-Z0-9_]+ / && /hvtop\(1\)/ { print $2 }
	{ prev = $0 }
' "$hdr" | sort -u)
for v in $documented; do
	if ! is_listed "$v"; then
		problem "hvtop.1 documents $v, which common/test_hooks.h does not list"
	elif ! grep -qx -- "$v" <<<"$marked"; then
		problem "hvtop.1 documents $v, but common/test_hooks.h does not mark it hvtop(1)"
	fi
done
for v in $marked; do
	grep -qx -- "$v" <<<"$documented" ||
		problem "common/test_hooks.h marks $v hvtop(1), but hvtop.1 does not document it"
done

[ "$bad" = 0 ] || fail "common/test_hooks.h and the sources disagree (see above)"
echo "PASS: $(wc -l <<<"$listed") HVTOP_ variables, all in common/test_hooks.h"
