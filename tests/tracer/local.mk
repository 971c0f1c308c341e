# the time-slice tracer on real tracefs and its /proc fallback, on the
# named threads of tests/tracer/threads (issue 9)
TRACER_TESTS = tests/tracer/slices.sh tests/tracer/proc.sh
TESTS += $(TRACER_TESTS)
EXTRA_DIST += $(TRACER_TESTS) tests/tracer/lib.sh
check_PROGRAMS += tests/tracer/threads
tests_tracer_threads_SOURCES = tests/tracer/threads.c
tests_tracer_threads_CFLAGS = $(AM_CFLAGS) -pthread
tests_tracer_threads_LDADD = -lpthread
