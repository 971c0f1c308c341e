# Unit tests (Check), integration tests against libvirt's test driver,
# tmux-driven TUI tests, real-guest tests: all run by `make check`.
TEST_EXTENSIONS = .sh
SH_LOG_COMPILER = bash
# Every test, shell or Check, gets a HOME and XDG dirs of its own, removed
# when it ends, and none of the user's settings (tests/lib/hermetic-env.sh).
# TESTED_HVTOP: the hvtop the tests run (make check-valgrind wraps it)
TESTED_HVTOP = $(abs_top_builddir)/hvtop
AM_TESTS_ENVIRONMENT = \
	HVTOP='$(TESTED_HVTOP)'; export HVTOP; \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	. '$(abs_top_srcdir)/tests/lib/hermetic-env.sh'; \
	hermetic_env_harness || exit 1;

CHECK_UNIT = tests/check_rates tests/check_format tests/check_stats \
	tests/check_script tests/check_embed tests/check_hosts \
	tests/check_tracer tests/check_qmp
check_PROGRAMS += $(CHECK_UNIT)
TESTS += $(CHECK_UNIT)
tests_check_rates_SOURCES = tests/check_rates.c
tests_check_rates_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_rates_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)
tests_check_format_SOURCES = tests/check_format.c
tests_check_format_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_format_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)
tests_check_stats_SOURCES = tests/check_stats.c
tests_check_stats_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_stats_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)

tests_check_script_SOURCES = tests/check_script.c
tests_check_script_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_script_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)
tests_check_hosts_SOURCES = tests/check_hosts.c
tests_check_hosts_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_hosts_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)
tests_check_tracer_SOURCES = tests/check_tracer.c
tests_check_tracer_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_tracer_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)
tests_check_qmp_SOURCES = tests/check_qmp.c
tests_check_qmp_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_qmp_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)
tests_check_embed_SOURCES = tests/check_embed.c
tests_check_embed_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_check_embed_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)

EXTRA_DIST += tests/lib/common.sh tests/lib/hermetic-env.sh tests/lsan.supp

# The tests that need neither real guests nor long runs: CI repeats these
# under distcheck and under ASan/UBSan.
FAST_TESTS = $(CHECK_UNIT)

# the TUI tests pass from a user's shell with a demo image in their HOME,
# and leave that HOME as it was
TESTS += tests/hermetic.sh
EXTRA_DIST += tests/hermetic.sh
FAST_TESTS += tests/hermetic.sh

# common/test_hooks.h lists every HVTOP_ variable, and the C code reads
# them through its macros
TESTS += tests/test-hooks.sh
EXTRA_DIST += tests/test-hooks.sh
FAST_TESTS += tests/test-hooks.sh
print-fast-tests:
	@echo $(FAST_TESTS)
print-version:
	@echo $(PACKAGE_VERSION)
.PHONY: print-fast-tests print-version
EXTRA_DIST += tests/check_run.h

# the layers (scripts/layers.sh): no #include from a lower layer to a
# higher one, libvirt and curses where they belong, and the docs' graph
TESTS += tests/layers.sh
FAST_TESTS += tests/layers.sh
EXTRA_DIST += tests/layers.sh scripts/layers.sh scripts/update-docs-graph.sh docs/ARCHITECTURE.md

# bash completion: installed by make install, tried by tests/completion.sh
bashcompdir = $(datadir)/bash-completion/completions
dist_bashcomp_DATA = completion/hvtop
TESTS += tests/completion.sh
FAST_TESTS += tests/completion.sh
EXTRA_DIST += tests/completion.sh

# valgrind memcheck over the unit and test-driver integration tests: the
# Check programs run under tests/valgrind.sh, the batch tests run hvtop
# through it.  CI runs it (.ci/run); Check's time limits are stretched for
# valgrind's pace.
VALGRIND_TESTS = $(CHECK_UNIT) tests/check_actions tests/config/check_config \
	$(BATCH_TESTS)
check-valgrind: $(check_PROGRAMS) hvtop
	$(MAKE) $(AM_MAKEFLAGS) check TESTS="$(VALGRIND_TESTS)" \
		LOG_COMPILER='$(abs_top_srcdir)/tests/valgrind.sh' \
		TESTED_HVTOP='$(abs_top_srcdir)/tests/vg-hvtop.sh' \
		CK_TIMEOUT_MULTIPLIER=30
.PHONY: check-valgrind
EXTRA_DIST += tests/valgrind.sh tests/valgrind.supp tests/vg-hvtop.sh
