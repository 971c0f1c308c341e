# The fuzz targets without libFuzzer (fuzz/replay.c): make check runs each
# on its corpus in fuzz/corpus/, which keeps every input that once crashed
# a target (tests/fuzz-corpus.sh).  fuzz/run.sh builds the same targets
# with libFuzzer and runs them for a bounded time in CI.
FUZZ_REPLAY = fuzz/replay_script fuzz/replay_validate fuzz/replay_domxml \
	fuzz/replay_stats
check_PROGRAMS += $(FUZZ_REPLAY)
fuzz_replay_script_SOURCES = fuzz/fuzz_script.c fuzz/replay.c
fuzz_replay_script_LDADD = $(HVTOP_LIBS)
fuzz_replay_validate_SOURCES = fuzz/fuzz_validate.c fuzz/replay.c
fuzz_replay_validate_LDADD = $(HVTOP_LIBS)
fuzz_replay_domxml_SOURCES = fuzz/fuzz_domxml.c fuzz/replay.c
fuzz_replay_domxml_CFLAGS = $(AM_CFLAGS) $(XML_CFLAGS)
fuzz_replay_domxml_LDADD = $(HVTOP_LIBS) $(XML_LIBS)
fuzz_replay_stats_SOURCES = fuzz/fuzz_stats.c fuzz/replay.c
fuzz_replay_stats_LDADD = $(HVTOP_LIBS)

TESTS += tests/fuzz-corpus.sh
FAST_TESTS += tests/fuzz-corpus.sh
EXTRA_DIST += tests/fuzz-corpus.sh fuzz/corpus
