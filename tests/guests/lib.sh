# Shared by the real-guest tests (bash).  Source it, then call
#   guests_enter "$@"
# first thing: it builds the demo image (the one step that needs the
# network, for apt-get download of the kernel), then re-runs the test inside
# a network namespace of its own, so the bridge and tap devices and all
# guest traffic live and die there.  Each test has its own state directory
# (XDG_STATE_HOME in a temp dir): the user's is never touched.
#
# Never skipped: a missing tool or a guest that does not boot fails.
#
# Knobs: HVTOP_CACHE (kernel package cache shared by the tests; default
# $top_builddir/tests/guests/kernel-cache), HVTOP_DEMO_TIMEOUT.

. "${top_srcdir:-.}/tests/lib/common.sh"
export LC_ALL=C
export HVTOP_GUEST_DIR=${HVTOP_GUEST_DIR:-$top_srcdir/kvm/guest}
: "${HVTOP_CACHE:=${top_builddir:-.}/tests/guests/kernel-cache}"
export HVTOP_CACHE
export HVTOP_DEMO_TIMEOUT=${HVTOP_DEMO_TIMEOUT:-150}
unset LIBVIRT_DEFAULT_URI LIBVIRT_LOG_OUTPUTS LIBVIRT_DEBUG

# require CMD...: fail (not skip) unless every CMD is available.
require() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			fail "$c is not installed; the real-guest tests need it (see install-and-run.sh)"
	done
}

# kill_root_guests ROOT: end every QEMU that ROOT's libvirt started, by the
# pids in its pid files (and only those), TERM first, then KILL.
kill_root_guests() {
	local root=$1 f pid i
	for f in "$root"/run/qemu/*.pid; do
		[ -f "$f" ] || continue
		case $f in */driver.pid) continue ;; esac
		pid=$(cat "$f" 2>/dev/null) || continue
		[ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || continue
		tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "qemu-system.*$root" || continue
		echo "teardown: killing QEMU $pid left by $(basename "$f" .pid)" >&2
		kill -TERM "$pid" 2>/dev/null
		for ((i = 0; i < 50; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
	done
}

_bg_pids=()
# bg_track PID: a background hvtop of this test, killed at teardown.
bg_track() { _bg_pids+=("$1"); }

_guests_teardown() {
	local p
	for p in "${_bg_pids[@]}"; do
		kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null
	done
	"$HVTOP" --demo-clean >"$T/clean.out" 2>&1 ||
		{ echo "teardown: hvtop --demo-clean failed:" >&2; cat "$T/clean.out" >&2; }
	kill_root_guests "$ROOT"
}

# guests_enter "$@": see the top of this file.  Sets T (temp dir), ROOT
# (the embedded root), EMBED (its URI).
guests_enter() {
	if [ -z "${HVTOP_TEST_INNER:-}" ]; then
		local rc
		[ "$(id -u)" = 0 ] ||
			fail "the real-guest tests need root (a network namespace, a bridge, tap devices)"
		require unshare ip qemu-system-x86_64 qemu-img python3
		make_tmpdir T
		export XDG_STATE_HOME=$T/state
		ROOT=$XDG_STATE_HOME/hvtop/embed
		mkdir -p "$HVTOP_CACHE" "$XDG_STATE_HOME/hvtop"
		local t0
		t0=$(now_ms)
		bash "$HVTOP_GUEST_DIR/build-image.sh" "$XDG_STATE_HOME/hvtop/guest" >"$T/build.log" 2>&1 || {
			tail -n 20 "$T/build.log" >&2
			fail "the demo guest image did not build"
		}
		echo "image built in $(($(now_ms) - t0)) ms"
		# whatever happens inside, no QEMU of this test outlives it
		on_exit "kill_root_guests '$ROOT'"
		HVTOP_TEST_INNER=1 HVTOP_TEST_TMP=$T unshare --net -- bash "$0" "$@"
		rc=$?
		exit "$rc"
	fi
	T=$HVTOP_TEST_TMP
	ROOT=$XDG_STATE_HOME/hvtop/embed
	EMBED="qemu:///embed?root=$ROOT"
	ip link set lo up
	on_exit _guests_teardown
}

# json_field FILE EXPR: evaluate a Python expression over the samples
# (S: the list of parsed lines; dom(s, name): a domain of sample s).
json_eval() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
S = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
def dom(s, name):
    for d in s["domains"]:
        if d["name"] == name:
            return d
    raise SystemExit("no domain %s in the sample of %s (host %s, waiting %s s)" %
                     (name, s.get("time_iso"), s["host"].get("state"), s["host"].get("waiting_s")))
print(eval(sys.argv[2]))
EOF
}

# check DESCRIPTION PYTHON-EXPR FILE: fail unless the expression is true.
check() {
	local r
	r=$(json_eval "$3" "$2") || fail "$1: cannot evaluate over $3"
	[ "$r" = True ] || {
		head -c 3000 "$3" >&2
		fail "$1 ($2 is $r)"
	}
	echo "ok: $1"
}
