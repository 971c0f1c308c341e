# The private environment every test runs in (POSIX sh, sourced).
#
# A test must not see the invoking user's files or settings: their
# ~/.local/state/hvtop/guest (the demo image `hvtop --demo` builds) changes
# the create form's defaults, their hvtop.conf the columns and keys, their
# LIBVIRT_DEFAULT_URI the connection.  So each test gets a HOME and XDG
# dirs of its own in a temp dir, removed when it ends, and the user's
# environment that could change a result is dropped.
#
# Two callers, one list of what is set:
#  - the test harness (AM_TESTS_ENVIRONMENT in tests/local.mk) calls
#    hermetic_env_harness for every test, Check programs included;
#  - tests/lib/common.sh calls hermetic_env_enter when a shell test is run
#    by hand (bash tests/tui/basic.sh), or from a shell whose HOME is not a
#    test's (tests/hermetic.sh runs the TUI tests from a user's HOME).
# A test re-run inside itself (tests/guests/lib.sh's network namespace)
# keeps the environment it was given: hermetic_env_active.

# hermetic_env_enter DIR: make DIR/home HOME and DIR/{config,state,cache,
# data,run} the XDG dirs; drop the user's environment that could change a
# result.  DIR is created if needed; removing it is the caller's job.
hermetic_env_enter() {
	_he_dir=$1
	mkdir -p "$_he_dir/home" "$_he_dir/config" "$_he_dir/state" \
		"$_he_dir/cache" "$_he_dir/data" "$_he_dir/run" || return 1
	chmod 700 "$_he_dir/run" || return 1
	HOME=$_he_dir/home
	XDG_CONFIG_HOME=$_he_dir/config
	XDG_STATE_HOME=$_he_dir/state
	XDG_CACHE_HOME=$_he_dir/cache
	XDG_DATA_HOME=$_he_dir/data
	XDG_RUNTIME_DIR=$_he_dir/run
	export HOME XDG_CONFIG_HOME XDG_STATE_HOME XDG_CACHE_HOME XDG_DATA_HOME \
		XDG_RUNTIME_DIR
	# libvirt's: the default connection and its logging
	unset LIBVIRT_DEFAULT_URI VIRSH_DEFAULT_CONNECT_URI \
		LIBVIRT_ADMIN_DEFAULT_URI LIBVIRT_AUTH_FILE LIBVIRT_DEBUG \
		LIBVIRT_LOG_FILTERS LIBVIRT_LOG_OUTPUTS LIBVIRT_DRIVER_DIR
	# the terminal's: colours, a fixed size ncurses would believe over the
	# pane's, the Esc delay the key tests time against
	unset NO_COLOR LINES COLUMNS ESCDELAY
	# one locale (a user's LC_NUMERIC would change decimal points); tests
	# of other locales set LC_ALL for the one command
	unset LANGUAGE LC_ALL LC_CTYPE LC_NUMERIC LC_TIME LC_COLLATE \
		LC_MONETARY LC_MESSAGES LC_PAPER LC_NAME LC_ADDRESS \
		LC_TELEPHONE LC_MEASUREMENT LC_IDENTIFICATION
	LANG=C.UTF-8
	export LANG
	# hvtop's own variables (common/test_hooks.h lists them) are the
	# test's to set; a user's HVTOP_IMAGE_DIR or HVTOP_JOB_DELAY_MS would
	# change what it sees.  Kept: HVTOP (the binary under test) and the
	# knobs that tune the test run, not hvtop (where the kernel package
	# cache is, how long to wait, how many cycles).
	for _he_var in $(env | sed -n 's/^\(HVTOP_[A-Za-z0-9_]*\)=.*/\1/p'); do
		case $_he_var in
		HVTOP_CACHE | HVTOP_DEMO_TIMEOUT | HVTOP_ACCEL_PROBE_TIMEOUT | \
			HVTOP_BOOT_TIMEOUT | HVTOP_RESTART_CYCLES | \
			HVTOP_GUEST_CACHE | HVTOP_GUEST_ACCEL) ;;
		*) unset "$_he_var" ;;
		esac
	done
	HVTOP_TEST_ENV=$_he_dir
	export HVTOP_TEST_ENV
	unset _he_dir _he_var
}

# hermetic_env_active: true when HOME is the one hermetic_env_enter set up.
hermetic_env_active() {
	[ -n "${HVTOP_TEST_ENV:-}" ] && [ "${HOME:-}" = "$HVTOP_TEST_ENV/home" ] &&
		[ -d "$HOME" ]
}

# hermetic_env_harness: hermetic_env_enter in a new temp dir that this shell
# removes when it exits, also on SIGINT/TERM/HUP.  For the harness's shell,
# which runs one test and exits: it takes that shell's EXIT trap.
hermetic_env_harness() {
	hermetic_env_dir=$(mktemp -d "${TMPDIR:-/tmp}/hvtop-env.XXXXXX") || return 1
	trap 'rm -rf "$hermetic_env_dir"' EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	hermetic_env_enter "$hermetic_env_dir"
}
