#!/bin/bash
# Builds the libFuzzer targets for the config and theme loaders with clang
# (libFuzzer + ASan + UBSan) and runs each for a bounded time, seeded with
# the test corpus and the shipped themes.  CI calls it after ./configure.
#
#   fuzz/run.sh [SECONDS]      (default $FUZZ_TIME, else 30 per target)
#
# Environment: top_builddir (the configured tree holding config.h and the
# Makefile; default: the source tree), FUZZ_BUILD (objects, binaries, the
# grown corpora and crash artifacts; default $top_builddir/fuzz/build),
# CLANG (default clang).  Exits non-zero if a target crashes, leaks or
# times out; the input that did it is saved as $FUZZ_BUILD/crash-*.
#
# The same targets build under ./configure --enable-fuzzing CC=clang
# CFLAGS='-g -O1 -fsanitize=fuzzer-no-link,address' (make fuzz/fuzz_config
# fuzz/fuzz_theme); this script needs no reconfiguring of the tree.
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
bld=$(cd "${top_builddir:-$src}" && pwd)
secs=${1:-${FUZZ_TIME:-30}}
out=${FUZZ_BUILD:-$bld/fuzz/build}
cc=${CLANG:-clang}

if [ ! -f "$bld/config.h" ] || [ ! -f "$bld/Makefile" ]; then
	echo "fuzz/run.sh: $bld is not configured: run ./configure first" >&2
	exit 2
fi
command -v "$cc" >/dev/null || { echo "fuzz/run.sh: no $cc" >&2; exit 2; }

# the library's sources, as the build lists them
sources=$(printf 'print-libhvtop-sources:\n\t@echo $(libhvtop_a_SOURCES)\n' |
	make -s --no-print-directory -C "$bld" -f Makefile -f - print-libhvtop-sources |
	tr ' ' '\n' | sort -u)

flags=(-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
	-fno-sanitize-recover=undefined -I"$src" -I"$bld"
	-DHVTOP_DATADIR='"/nonexistent/hvtop"' -pthread
	$(pkg-config --cflags libvirt ncursesw libconfig))
libs=($(pkg-config --libs libvirt ncursesw libconfig) -pthread -lm)

mkdir -p "$out/obj"
objs=()
for s in $sources; do
	case $s in *.c) ;; *) continue ;; esac
	o=$out/obj/${s//\//_}.o
	if [ ! -f "$o" ] || [ "$src/$s" -nt "$o" ]; then
		"$cc" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$src/$s" -o "$o"
	fi
	objs+=("$o")
done
for t in config theme; do
	"$cc" "${flags[@]}" -fsanitize=fuzzer "$src/fuzz/fuzz_$t.c" "${objs[@]}" \
		"${libs[@]}" -o "$out/fuzz_$t"
done

# shipped themes from the source tree; no user settings or themes
export HVTOP_THEME_DIR=$src/themes
export XDG_CONFIG_HOME=$out/xdg
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
mkdir -p "$XDG_CONFIG_HOME"
# the targets' input files (fuzz/input_file.h): ours, and gone afterwards
export TMPDIR=$out/tmp
rm -rf "$TMPDIR" && mkdir -p "$TMPDIR"
trap 'rm -rf "$TMPDIR"' EXIT

status=0
run() {
	local t=$1; shift
	mkdir -p "$out/corpus-$t"
	echo "fuzz/run.sh: fuzz_$t for ${secs}s"
	if ! "$out/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-dict="$src/fuzz/hvtop.dict" -artifact_prefix="$out/crash-$t-" \
		-print_final_stats=1 "$out/corpus-$t" "$@" 2>"$out/fuzz_$t.log"; then
		tail -n 60 "$out/fuzz_$t.log" >&2
		echo "fuzz/run.sh: fuzz_$t FAILED; input saved as $out/crash-$t-*" >&2
		status=1
	else
		grep -E '^stat::(number_of_executed_units|new_units_added)' "$out/fuzz_$t.log" || true
	fi
}
run config "$src/tests/config/good" "$src/tests/config/bad"
run theme "$src/themes" "$src/tests/config/bad-theme"
exit $status
