#!/bin/bash
# valgrind memcheck around one program, for CI (.ci/run): as LOG_COMPILER
# for the Check programs, and as the hvtop the batch tests run (TESTED_HVTOP).
# Errors, and memory definitely or indirectly lost, make it exit 97; what
# libvirt's and libconfig's own threads and caches keep for the process is
# suppressed in tests/valgrind.supp, each with its reason.
# A wrapper, not a test: it runs inside a test's environment (HOME and XDG
# dirs of its own), so it does not source tests/lib/common.sh.
here=$(cd "$(dirname "$0")" && pwd)
exec valgrind -q --error-exitcode=97 --leak-check=full \
	--show-leak-kinds=definite,indirect --errors-for-leak-kinds=definite,indirect \
	--suppressions="$here/valgrind.supp" --gen-suppressions=all \
	"$@"
