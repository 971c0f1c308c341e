# Shared by the tracer's tests (bash): the named-threads helper and the
# checks on what hvtop wrote.  Source it after nothing else.
. "${top_srcdir:-.}/tests/lib/common.sh"
export LC_ALL=C
THREADS=${top_builddir:-.}/tests/tracer/threads
TRACEFS=/sys/kernel/tracing

[ "$(id -u)" = 0 ] || fail "the tracer tests need root (tracefs)"
need_cmd python3
[ -x "$THREADS" ] || fail "$THREADS is not built (make check builds it)"
make_tmpdir T

# start_threads MODE [ARG]: runs the helper; sets TIDS ("a,b,c") and
# TID_<name> for each of its threads.  Ended at exit.
start_threads() {
	local name tid i
	mkfifo "$T/threads.in"
	"$THREADS" "$@" <"$T/threads.in" >"$T/threads.out" &
	_threads_pid=$!
	# holding the fifo open keeps the helper alive; closing it ends it
	exec 7>"$T/threads.in"
	on_exit "exec 7>&-; kill $_threads_pid 2>/dev/null; wait $_threads_pid 2>/dev/null"
	for ((i = 0; i < 100; i++)); do
		grep -q '^ready$' "$T/threads.out" 2>/dev/null && break
		sleep 0.05
	done
	grep -q '^ready$' "$T/threads.out" || fail "the threads helper did not start"
	TIDS=
	while read -r name tid; do
		[ "$name" = ready ] && continue
		printf -v "TID_${name//-/_}" '%s' "$tid"
		TIDS=${TIDS:+$TIDS,}$tid
	done <"$T/threads.out"
}

# schedstat TID: the thread's run time so far, in ns
schedstat() {
	local run rest
	read -r run rest <"/proc/$1/schedstat" || fail "no schedstat for thread $1"
	echo "$run"
}

# instance_of PID: hvtop PID's tracefs instance
instance_of() {
	echo "$TRACEFS/instances/hvtop-$1"
}

# every test removes an instance its hvtop left, even when it fails
remove_instances() {
	local d
	for d in "$@"; do
		[ -d "$d" ] && rmdir "$d" 2>/dev/null
	done
	return 0
}
