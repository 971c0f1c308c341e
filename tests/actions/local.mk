# Managing domains (issue 4): the action table, dialogs' checks, XML
# escaping, jobs and operations (unit tests against the test driver), and
# tmux tests driving the keys.
check_PROGRAMS += tests/check_actions
TESTS += tests/check_actions
FAST_TESTS += tests/check_actions
tests_check_actions_SOURCES = tests/check_actions.c
tests_check_actions_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_actions_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)

# Scheduling (issue 9): the measured split, CPU lists, the cap's quota,
# the virsh commands shown and the dialog's checks
check_PROGRAMS += tests/check_sched
TESTS += tests/check_sched
FAST_TESTS += tests/check_sched
tests_check_sched_SOURCES = tests/check_sched.c
tests_check_sched_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_sched_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)

ACTIONS_TUI_TESTS = tests/actions/lifecycle.sh tests/actions/form.sh \
	tests/actions/snapshots.sh tests/actions/jobs.sh \
	tests/actions/readonly.sh tests/actions/vanished.sh \
	tests/actions/shell.sh tests/actions/sched.sh tests/actions/migrate.sh
TESTS += $(ACTIONS_TUI_TESTS)
FAST_TESTS += $(ACTIONS_TUI_TESTS)
EXTRA_DIST += $(ACTIONS_TUI_TESTS) tests/actions/lib.sh

# against a real guest (TCG, the demo image; root): not a fast test
TESTS += tests/actions/guest.sh
EXTRA_DIST += tests/actions/guest.sh
