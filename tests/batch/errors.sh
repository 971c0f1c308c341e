#!/bin/bash
# Refused input in batch modes: exit status 2, one line on stderr naming
# the problem, nothing on stdout, no output file left behind.
. "$(dirname "$0")/lib.sh"

# expect_refused WHAT ARGS...
expect_refused() {
	local what=$1
	shift
	hvtop "$@"
	[ "$rc" -eq 2 ] || fail "$what: hvtop $* exited $rc, expected 2"
	[ ! -s "$tmp/out" ] || fail "$what: hvtop $* wrote to stdout: $(head -c 300 "$tmp/out")"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] ||
		fail "$what: hvtop $* wrote $(wc -l <"$tmp/err") lines to stderr, expected one: $(head -c 600 "$tmp/err")"
	grep -q '^hvtop: ' "$tmp/err" || fail "$what: stderr line is not hvtop's: $(cat "$tmp/err")"
	if grep -q $'\e' "$tmp/err"; then
		fail "$what: escape sequence on stderr"
	fi
}

# an unknown URI scheme, in each batch mode
expect_refused "unknown URI" --json -n 1 -c 'nosuchdriver:///nothing'
expect_refused "unknown URI" -b -n 1 -c 'nosuchdriver:///nothing'
expect_refused "unknown URI" --csv "$tmp/never.csv" -n 1 -c 'nosuchdriver:///nothing'
[ ! -e "$tmp/never.csv" ] || fail "unknown URI: --csv created its file before connecting"
# one good host and one bad: refused as a whole, nothing printed
expect_refused "unknown second URI" --json -n 1 -c test:///default -c 'nosuchdriver:///x'

# bad numbers
expect_refused "-n 0" --json -n 0 -c test:///default
expect_refused "-n -1" -b -n -1 -c test:///default
expect_refused "-n abc" -b -n abc -c test:///default
expect_refused "-d abc" --json -n 1 -d abc -c test:///default
expect_refused "-d 0" -b -n 1 -d 0 -c test:///default
expect_refused "-d -1" -b -n 1 -d -1 -c test:///default

# an unwritable CSV file
expect_refused "--csv into a missing directory" --csv "$tmp/no/such/dir.csv" -n 1 -c test:///default

# and the good case next to them: exit 0, quiet stderr
expect_ok --json -n 1 -c test:///default
[ "$(wc -l <"$tmp/out")" -eq 1 ] || fail "--json -n 1 printed $(wc -l <"$tmp/out") lines"
# -b beside --json, as top -b users type it: the JSON lines, nothing else
expect_ok -b --json -n 2 -c test:///default
[ "$(wc -l <"$tmp/out")" -eq 2 ] || fail "-b --json -n 2 printed $(wc -l <"$tmp/out") lines"
python3 -c 'import json,sys
for l in open(sys.argv[1]): json.loads(l)' "$tmp/out" || fail "-b --json printed something that is not JSON lines"
echo "PASS: batch/errors"
