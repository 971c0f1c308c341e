#!/bin/bash
# hvtop under valgrind memcheck (tests/valgrind.sh): the TESTED_HVTOP of
# make check-valgrind, so the batch tests run the binary through it.
# A wrapper run inside a test's environment: no tests/lib/common.sh.
exec "$(dirname "$0")/valgrind.sh" "${top_builddir:?}/hvtop" "$@"
