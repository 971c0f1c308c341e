#!/bin/bash
# Every fuzz target on its corpus (fuzz/corpus/TARGET): the seeds and every
# input that once crashed it, each kept as a test.  A target aborts on an
# input whose result breaks its property (see fuzz/fuzz_*.c).
. "${top_srcdir:-.}/tests/lib/common.sh"
for t in script validate domxml stats; do
	dir=$top_srcdir/fuzz/corpus/$t
	n=$(find "$dir" -type f | wc -l)
	[ "$n" -gt 0 ] || fail "fuzz/corpus/$t is empty"
	out=$("$top_builddir/fuzz/replay_$t" "$dir" 2>&1) ||
		fail "fuzz target $t failed on its corpus: $out"
	[ "$out" = "replay: $n inputs, no crash" ] ||
		fail "fuzz target $t: expected $n inputs replayed, got: $out"
	echo "fuzz/$t: $n inputs"
done
echo "PASS: fuzz corpus"
