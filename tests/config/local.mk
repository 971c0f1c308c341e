# Configuration and themes (issue 5): the settings table and the theme
# loader through their C API, with a corpus of bad files; the fuzz targets.
check_PROGRAMS += tests/config/check_config
TESTS += tests/config/check_config
tests_config_check_config_SOURCES = tests/config/check_config.c
tests_config_check_config_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_config_check_config_LDADD = $(HVTOP_LIBS) $(CHECK_LIBS)

EXTRA_DIST += tests/config/bad tests/config/bad-theme tests/config/good \
	fuzz/run.sh fuzz/hvtop.dict fuzz/input_file.h

# ./configure --enable-fuzzing CC=clang: libFuzzer targets (fuzz/run.sh
# builds and runs them without configure too).  The theme parser needs
# neither curses nor libvirt: its target links only these.
fuzz_theme_lib_sources = ui/theme_file.c ui/config.c common/util.c
if ENABLE_FUZZING
noinst_PROGRAMS += fuzz/fuzz_config fuzz/fuzz_theme
fuzz_fuzz_config_SOURCES = fuzz/fuzz_config.c
fuzz_fuzz_config_CFLAGS = $(AM_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_config_LDADD = $(HVTOP_LIBS)
fuzz_fuzz_theme_SOURCES = fuzz/fuzz_theme.c $(fuzz_theme_lib_sources)
fuzz_fuzz_theme_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS) -fsanitize=fuzzer
fuzz_fuzz_theme_LDADD = $(LIBCONFIG_LIBS)
endif

TESTS += tests/config/tui.sh
EXTRA_DIST += tests/config/tui.sh
FAST_TESTS += tests/config/check_config tests/config/tui.sh
