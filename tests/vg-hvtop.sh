#!/bin/bash
# hvtop under valgrind memcheck (tests/valgrind.sh): the TESTED_HVTOP of
# make check-valgrind, so the batch tests run the binary through it.
exec "$(dirname "$0")/valgrind.sh" "${top_builddir:?}/hvtop" "$@"
