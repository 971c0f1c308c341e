# View 1, the time slices (issue 9): the view drawn from synthetic slices
# into a curses pad, its keys, and the trace file w and --trace write.
check_PROGRAMS += tests/check_slices
TESTS += tests/check_slices
FAST_TESTS += tests/check_slices
tests_check_slices_SOURCES = tests/view1/check_slices.c
tests_check_slices_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS) -I$(srcdir)/tests
tests_check_slices_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)
EXTRA_DIST += tests/view1/check-trace.py

# the view on the screen without a local tracer (a local and a remote
# test-driver host): what it says, its keys' answers, help, --trace
TESTS += tests/view1/tui.sh
EXTRA_DIST += tests/view1/tui.sh
FAST_TESTS += tests/view1/tui.sh

# on real TCG guests, with the tracer: letters, the table, -, z, Left, w,
# and --trace with an idle guest's slices ending halted
TESTS += tests/view1/guests.sh
EXTRA_DIST += tests/view1/guests.sh
