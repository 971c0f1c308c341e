#!/bin/bash
# bench-demo.sh [RUNS] — how long `hvtop --demo` takes to get guests up,
# under TCG, in a throw-away state directory and network namespace:
#   build cold      build-image.sh with nothing cached (apt-get download)
#   build           build-image.sh with the kernel package cached
#   demo, no image  hvtop --demo 4 when the image is not built yet
#   demo, image     hvtop --demo 4 with the image cached (guests boot)
#   demo, running   hvtop --demo 4 when the guests already run
#   one guest       hvtop --demo 1 (a single guest's boot)
# each "demo" line is start-up until the first JSON sample is printed
# (`--json -n 1`), and lists each guest's boot time as hvtop reports it.
# Not part of make check; needs root.  Run from the build tree:
#   sudo tests/guests/bench-demo.sh 3
set -euo pipefail
export LC_ALL=C
here=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)
top=$(cd "$here/../.." && pwd -P)
HVTOP=${HVTOP:-$top/hvtop}
runs=${1:-3}

if [ -z "${BENCH_INNER:-}" ]; then
	tmp=$(mktemp -d /tmp/hvtop-bench.XXXXXX)
	trap 'rm -rf "$tmp"' EXIT
	export HVTOP_GUEST_DIR=$top/kvm/guest
	ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
	for ((r = 1; r <= runs; r++)); do
		rm -rf "$tmp/cache" "$tmp/img"
		t0=$(ms)
		HVTOP_CACHE=$tmp/cache bash "$HVTOP_GUEST_DIR/build-image.sh" "$tmp/img" 2>/dev/null
		t1=$(ms)
		rm -rf "$tmp/img"
		HVTOP_CACHE=$tmp/cache bash "$HVTOP_GUEST_DIR/build-image.sh" "$tmp/img" 2>/dev/null
		t2=$(ms)
		echo "build cold: $((t1 - t0)) ms; build, kernel cached: $((t2 - t1)) ms"
	done
	BENCH_INNER=1 HVTOP_CACHE=$tmp/cache BENCH_TMP=$tmp unshare --net -- bash "$0" "$runs"
	exit
fi

tmp=$BENCH_TMP
ip link set lo up
# hvtop gets a HOME, settings and state of the run's own, as a test does
# (tests/lib/hermetic-env.sh; not tests/lib/common.sh, whose EXIT trap
# this script's own would replace): root's hvtop.conf (a delay, a theme)
# must not change the timings.  The guest builder's dir is kept.
guest_dir=$HVTOP_GUEST_DIR
. "$top/tests/lib/hermetic-env.sh"
hermetic_env_enter "$tmp/env"
export HVTOP_GUEST_DIR=$guest_dir LC_ALL=C
ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }
clean() { "$HVTOP" --demo-clean >/dev/null 2>&1 || true; }
trap clean EXIT
demo() { # LABEL N
	local t0 t1 ups
	t0=$(ms)
	"$HVTOP" --demo "$2" --accel tcg --json -n 1 >/dev/null 2>"$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
	t1=$(ms)
	ups=$(sed -n 's/^hvtop: hvtop-demo-\([0-9]*\) (\(.*\)) is up\( after\|, waited\) \(.*\) s$/\1:\2 \4/p' "$tmp/err" | tr '\n' ',' | sed 's/,$//; s/,/, /g')
	echo "$1: $((t1 - t0)) ms  [$ups]"
}
for ((r = 1; r <= runs; r++)); do
	rm -rf "$XDG_STATE_HOME"
	demo "demo 4, no image" 4
	demo "demo 4, running " 4
	clean
	demo "demo 4, image   " 4
	clean
	demo "one guest       " 1
	clean
done
