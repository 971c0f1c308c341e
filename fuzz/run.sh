#!/bin/bash
# Builds the libFuzzer targets (the config and theme loaders, the key-script
# parser, the create-form validators, the domain-XML builder and the
# bulk-stats parser) with clang
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

# make_var VAR: a variable of the configured Makefile
make_var() {
	printf 'print-var:\n\t@echo $(%s)\n' "$1" |
		make -s --no-print-directory -C "$bld" -f Makefile -f - print-var |
		tr ' ' '\n' | sort -u
}
# the library's sources, as the build lists them; the theme target links
# only the parser's (no curses, no libvirt)
sources=$(make_var libhvtop_a_SOURCES)
theme_sources=$(make_var fuzz_theme_lib_sources)
[ -n "$theme_sources" ] || { echo "fuzz/run.sh: no fuzz_theme_lib_sources in $bld/Makefile" >&2; exit 2; }

flags=(-g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined
	-fno-sanitize-recover=undefined -I"$src" -I"$bld"
	-DHVTOP_DATADIR='"/nonexistent/hvtop"' -pthread
	$(pkg-config --cflags libvirt ncursesw libconfig))
libs=($(pkg-config --libs libvirt ncursesw libconfig) -pthread -lm)
theme_libs=($(pkg-config --libs libconfig))

mkdir -p "$out/obj"
# obj FILE.c: its object, rebuilt when the source is newer
obj() {
	local o=$out/obj/${1//\//_}.o
	if [ ! -f "$o" ] || [ "$src/$1" -nt "$o" ]; then
		"$cc" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$src/$1" -o "$o"
	fi
	echo "$o"
}
objs=() theme_objs=()
for s in $sources; do
	case $s in *.c) objs+=("$(obj "$s")") ;; esac
done
for s in $theme_sources; do
	theme_objs+=("$(obj "$s")")
done
# every target but the theme one links the whole library; the XML
# builder's also libxml2, which checks its output
for t in config script validate domxml stats; do
	extra=()
	[ "$t" = domxml ] && extra=($(pkg-config --cflags --libs libxml-2.0))
	"$cc" "${flags[@]}" -fsanitize=fuzzer "$src/fuzz/fuzz_$t.c" "${objs[@]}" \
		"${libs[@]}" "${extra[@]}" -o "$out/fuzz_$t"
done
"$cc" "${flags[@]}" -fsanitize=fuzzer "$src/fuzz/fuzz_theme.c" "${theme_objs[@]}" \
	"${theme_libs[@]}" -o "$out/fuzz_theme"

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
# seeded with fuzz/corpus/TARGET, which also holds every input that once
# crashed a target (make check replays them: tests/fuzz-corpus.sh)
for t in script validate domxml stats; do
	run "$t" "$src/fuzz/corpus/$t"
done
exit $status
