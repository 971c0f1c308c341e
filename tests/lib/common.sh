# Shared helpers for hvtop's shell tests (bash).  Source it:
#   . "${top_srcdir:-.}/tests/lib/common.sh"
# Tests are run by automake with HVTOP, top_srcdir, top_builddir exported,
# and HOME and XDG dirs of their own (see "a HOME and XDG dirs" below).
# It sets the EXIT trap: register cleanups with on_exit, never with trap.

: "${HVTOP:=${top_builddir:-.}/hvtop}"

# --- failure and cleanup ---------------------------------------------------

# fail MSG: print "FAIL: MSG" on stderr and exit 1 (cleanups still run).
fail() {
	printf 'FAIL: %s\n' "$*" >&2
	exit 1
}

# need_cmd CMD...: fail unless every CMD is on PATH.  A missing tool is a
# broken test machine, never a skip: a skipped test would pass CI unseen.
need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || fail "$c is not installed (install-and-run.sh installs it)"
	done
}

# Commands run at exit, newest first, whatever the exit reason.
_cleanups=()

# Runs the registered cleanups once, last registered first; keeps the status.
_run_cleanups() {
	local rc=$? i
	trap - EXIT
	set +e
	for ((i = ${#_cleanups[@]} - 1; i >= 0; i--)); do
		eval "${_cleanups[i]}"
	done
	_cleanups=()
	exit "$rc"
}

# on_exit CMD: run CMD (a shell string) when the test exits, even on failure.
on_exit() {
	_cleanups+=("$*")
}

trap _run_cleanups EXIT
# a signal must end the test through the EXIT trap, so it cleans up too
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# now_ms: the wall clock in milliseconds, for deadlines and timings.
now_ms() {
	local t=${EPOCHREALTIME/./}
	echo $((t / 1000))
}

# secs_to_ms SECS: "2", "0.5" or "1.25" seconds as whole milliseconds.
secs_to_ms() {
	local i=${1%%.*} f=000
	[[ $1 == *.* ]] && f=${1#*.}000
	echo $((10#${i:-0} * 1000 + 10#${f:0:3}))
}

# make_tmpdir VAR: create a private temp dir, store its path in VAR, remove it at exit.
make_tmpdir() {
	local d
	d=$(mktemp -d "${TMPDIR:-/tmp}/hvtop-test.XXXXXX") || fail "cannot create a temp dir"
	on_exit "rm -rf '$d'"
	printf -v "$1" '%s' "$d"
}

# --- a HOME and XDG dirs of the test's own ---------------------------------

# The harness (AM_TESTS_ENVIRONMENT) gives each test its own; a test run by
# hand, or from a user's shell as tests/hermetic.sh does, makes one here,
# removed at exit.  Either way the user's HOME, state, settings and
# LIBVIRT_DEFAULT_URI never reach the test (tests/lib/hermetic-env.sh).
. "${top_srcdir:-.}/tests/lib/hermetic-env.sh"
if ! hermetic_env_active; then
	make_tmpdir _hermetic_dir
	hermetic_env_enter "$_hermetic_dir" || fail "cannot set up the test's HOME in $_hermetic_dir"
fi

# --- the terminal: hvtop in a private tmux server --------------------------

_tui_sock="hvtop-test-$$-${0##*/}"
_tui_sock=${_tui_sock%.sh}
_tui_started=

# tui_tmux ARGS...: run tmux on this test's private server (socket -L).
tui_tmux() {
	tmux -L "$_tui_sock" "$@"
}

# tui_start COLS LINES CMD...: run CMD in a detached COLSxLINES tmux pane.
tui_start() {
	local cols=$1 lines=$2 cmd
	shift 2
	need_cmd tmux
	printf -v cmd '%q ' "$@"
	if [ -z "$_tui_started" ]; then
		on_exit tui_stop
		_tui_started=1
	fi
	# TERM=tmux-256color: the key sequences tmux sends (Home is \e[1~) are
	# the ones that terminfo entry lists; with xterm's, Home would arrive
	# as Esc and three characters.
	# -f /dev/null: the user's ~/.tmux.conf must not change the test;
	# options set before the session exists: remain-on-exit keeps the pane
	# so the program's end can be observed, no status line takes a row
	tui_tmux -f /dev/null set-option -g remain-on-exit on \; \
		set-option -g status off \; \
		new-session -d -s test -x "$cols" -y "$lines" \
		"exec env TERM=tmux-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 $cmd" ||
		fail "cannot start tmux"
}

# tui_start_held COLS LINES CMD...: as tui_start, but the pane outlives CMD:
# "[exited STATUS]" is printed when it ends and the pane stays open, so the
# terminal modes CMD left behind can be checked (tui_check_restored).
tui_start_held() {
	local cols=$1 lines=$2
	shift 2
	tui_start "$cols" "$lines" sh -c \
		'"$@"; echo "[exited $?]"; exec sleep 86400' sh "$@"
}

# tui_child_pid: the pid of CMD started by tui_start_held (while it runs).
tui_child_pid() {
	pgrep -P "$(tui_pid)" | head -n 1
}

# tui_check_restored: fail unless the pane is back on the normal screen with
# a visible cursor and keypad/mouse modes off (only a live pane knows them).
tui_check_restored() {
	local modes
	modes=$(tui_tmux display-message -p -t test '#{alternate_on} #{cursor_flag} #{keypad_cursor_flag} #{keypad_flag} #{mouse_any_flag}')
	[ "$modes" = "0 1 0 0 0" ] && return 0
	tui_screen >&2
	fail "terminal not restored: alternate_on cursor_flag keypad_cursor_flag keypad_flag mouse_any_flag = $modes, want 0 1 0 0 0"
}

# tui_screen: print the pane as text (one line per row).
tui_screen() {
	tui_tmux capture-pane -p -t test 2>/dev/null
}

# tui_keys KEYS...: send keys to the pane (tmux send-keys syntax: q Enter C-l).
tui_keys() {
	tui_tmux send-keys -t test "$@"
}

# tui_alive: true while the program in the pane has not exited.
tui_alive() {
	[ "$(tui_tmux display-message -p -t test '#{pane_dead}' 2>/dev/null)" = 0 ]
}

# tui_pid: the pid of the program in the pane.
tui_pid() {
	tui_tmux display-message -p -t test '#{pane_pid}' 2>/dev/null
}

# tui_wait_for REGEX TIMEOUT_S: wait until the screen matches the ERE; fail with it shown.
tui_wait_for() {
	local re=$1 deadline screen
	deadline=$(($(now_ms) + $(secs_to_ms "$2")))
	while :; do
		screen=$(tui_screen)
		grep -Eq -- "$re" <<<"$screen" && return 0
		[ "$(now_ms)" -ge "$deadline" ] && break
		sleep 0.1
	done
	printf '%s\n' "--- screen ---" "$screen" "--------------" >&2
	fail "screen did not show /$re/ within $2 s"
}

# tui_wait_gone REGEX TIMEOUT_S: wait until the screen no longer matches the ERE.
tui_wait_gone() {
	local re=$1 deadline screen
	deadline=$(($(now_ms) + $(secs_to_ms "$2")))
	while :; do
		screen=$(tui_screen)
		grep -Eq -- "$re" <<<"$screen" || return 0
		[ "$(now_ms)" -ge "$deadline" ] && break
		sleep 0.1
	done
	printf '%s\n' "--- screen ---" "$screen" "--------------" >&2
	fail "screen still shows /$re/ after $2 s"
}

# tui_wait_exit TIMEOUT_S: wait until the program in the pane has exited.
tui_wait_exit() {
	local deadline
	deadline=$(($(now_ms) + $(secs_to_ms "$1")))
	while tui_alive; do
		[ "$(now_ms)" -ge "$deadline" ] && {
			tui_screen >&2
			fail "the program did not exit within $1 s"
		}
		sleep 0.1
	done
}

# tui_stop: kill this test's tmux server and whatever still runs in it.
tui_stop() {
	tui_tmux kill-server >/dev/null 2>&1 || true
	# tmux leaves its socket file behind
	rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/$_tui_sock"
}

# --- a private libvirtd serving the test driver ----------------------------
#
# It runs with every path in DIR: config, sockets, pid file, log, and its
# XDG runtime/config/cache dirs.  LIBVIRT_DRIVER_DIR is an empty dir, so no
# hypervisor driver module loads: only libvirt's built-in test driver
# answers.  As root it is run as "nobody": a privileged libvirtd would write
# /run/libvirt/common/system.token, an unprivileged one keeps it in DIR.
# It is run in the foreground as a child of the test (not -d): a daemonised
# one is reparented to PID 1, which in containers may never reap it, and a
# zombie looks alive to kill -0.

# DIR/libvirtd.child holds the daemon's pid, the same as DIR/libvirtd.pid
# (the subshell execs env, setpriv and libvirtd in turn), but it outlives
# libvirtd's removal of its own pid file and marks a child the test can reap.
declare -gA _libvirtd_registered

# libvirtd_uri DIR [DRIVER_URI]: the URI reaching DIR's daemon ("test:///default").
libvirtd_uri() {
	local u=${2:-test:///default}
	echo "${u%%:*}+unix:${u#*:}?socket=$1/libvirt-sock"
}

# start_private_libvirtd DIR [TIMEOUT_S]: start (or restart) DIR's daemon; wait until it answers.
start_private_libvirtd() {
	local dir=$1 timeout=${2:-20} deadline pid as=() uri
	need_cmd libvirtd virsh
	mkdir -p "$dir/drivers" "$dir/run" || fail "cannot create $dir"
	if [ ! -f "$dir/libvirtd.conf" ]; then
		cat >"$dir/libvirtd.conf" <<-EOF
			# private libvirtd for hvtop's tests: nothing outside $dir
			unix_sock_dir = "$dir"
			unix_sock_ro_perms = "0777"
			unix_sock_rw_perms = "0777"
			unix_sock_admin_perms = "0700"
			auth_unix_ro = "none"
			auth_unix_rw = "none"
			log_outputs = "1:file:$dir/libvirtd.log"
		EOF
	fi
	if [ "$(id -u)" = 0 ]; then
		need_cmd setpriv
		chmod 755 "$dir" && chmod 700 "$dir/run" &&
			chown -R nobody: "$dir" || fail "cannot hand $dir to nobody"
		as=(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups --)
	fi
	if [ -z "${_libvirtd_registered[$dir]:-}" ]; then
		_libvirtd_registered[$dir]=1
		on_exit "stop_private_libvirtd '$dir'"
	fi
	rm -f "$dir/libvirtd.pid"
	(cd "$dir" && exec env -i PATH="$PATH" HOME="$dir" LANG=C \
		XDG_RUNTIME_DIR="$dir/run" XDG_CONFIG_HOME="$dir/config" \
		XDG_CACHE_HOME="$dir/cache" LIBVIRT_DRIVER_DIR="$dir/drivers" \
		"${as[@]}" libvirtd -f "$dir/libvirtd.conf" -p "$dir/libvirtd.pid" \
		</dev/null >>"$dir/libvirtd.out" 2>&1) &
	pid=$!
	echo "$pid" >"$dir/libvirtd.child"
	uri=$(libvirtd_uri "$dir")
	deadline=$(($(now_ms) + timeout * 1000))
	until virsh -q -c "$uri" list >/dev/null 2>&1; do
		if ! kill -0 "$pid" 2>/dev/null || [ "$(now_ms)" -ge "$deadline" ]; then
			tail -n 20 "$dir/libvirtd.out" "$dir/libvirtd.log" >&2 2>/dev/null
			fail "private libvirtd in $dir did not answer within $timeout s"
		fi
		sleep 0.1
	done
	[ "$(cat "$dir/libvirtd.pid" 2>/dev/null)" = "$pid" ] ||
		fail "libvirtd.pid in $dir does not name the daemon started ($pid)"
}

# private_libvirtd_pid DIR: the pid of DIR's daemon, if it runs.
private_libvirtd_pid() {
	local pid
	pid=$(cat "$1/libvirtd.child" 2>/dev/null) || return 1
	kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# kill_private_libvirtd DIR [SIGNAL]: send SIGNAL (default KILL) to DIR's daemon and reap it.
kill_private_libvirtd() {
	local pid
	pid=$(private_libvirtd_pid "$1") || return 0
	kill -"${2:-KILL}" "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	rm -f "$1/libvirtd.child"
}

# _pid_running PID: true while PID runs (a zombie or a reaped pid does not).
_pid_running() {
	local st
	st=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# stop_private_libvirtd DIR: SIGTERM DIR's daemon, wait for its exit, SIGKILL after 5 s.
stop_private_libvirtd() {
	local dir=$1 pid i
	pid=$(private_libvirtd_pid "$dir") || return 0
	kill -TERM "$pid" 2>/dev/null
	# our child stays a zombie until reaped, which kill -0 cannot tell
	for ((i = 0; i < 50; i++)); do
		_pid_running "$pid" || break
		sleep 0.1
	done
	if _pid_running "$pid"; then
		echo "private libvirtd $pid still runs 5 s after SIGTERM: killing it" >&2
		tail -n 5 "$dir/libvirtd.log" >&2 2>/dev/null
		for i in /proc/"$pid"/task/*; do # where its threads wait
			echo "  thread $(cat "$i/comm") $(cut -d' ' -f3 "$i/stat") $(cat "$i/wchan")"
		done >&2 2>/dev/null
		kill -KILL "$pid" 2>/dev/null
	fi
	wait "$pid" 2>/dev/null
	rm -f "$dir/libvirtd.child"
}
