# Benchmarks: run by hand (bench/refresh [DOMAINS]...) or with `make bench`
# (and, as root, `make bench-vs-virt-top`: every figure beside virt-top);
# never part of `make check`.  Each run appends a dated section to
# bench/RESULTS.md in the source tree.
EXTRA_DIST += bench/refresh bench/bare.c bench/gen-domains.sh \
	bench/ptyrun.py bench/summarize.py bench/RESULTS.md

BENCH_DOMAINS = 100 1000

bench: hvtop$(EXEEXT)
	HVTOP='$(abs_top_builddir)/hvtop$(EXEEXT)' \
		'$(abs_top_srcdir)/bench/refresh' $(BENCH_DOMAINS)
	HVTOP='$(abs_top_builddir)/hvtop$(EXEEXT)' '$(abs_top_srcdir)/bench/vs-virt-top'
.PHONY: bench
EXTRA_DIST += bench/host-cost bench/bare_all.c bench/vs-virt-top
# the time-slice tracer's cost at 20,000 switches/s (issue 9): run by hand,
# as root, after make check has built tests/tracer/threads
EXTRA_DIST += bench/slices
EXTRA_DIST += bench/hosts-scale bench/keylat.py
# hvtop beside virt-top on a libvirtd with real TCG guests: the whole
# host's CPU and the QMP commands per refresh (issue 11): by hand, as root
EXTRA_DIST += bench/vs-virt-top-host bench/hostcost.py
# keys (to the finished frame) and peak RSS beside virt-top at 1000 domains
EXTRA_DIST += bench/vs-virt-top-keys bench/keyframe.py
# all of hvtop beside virt-top with one command (issue 11), under 15 min:
# bytes and CPU per refresh, keys and memory, the whole host's cost and
# the QMP commands per refresh.  As root; appends to bench/RESULTS.md.
EXTRA_DIST += bench/vs-virt-top-all
bench-vs-virt-top: hvtop$(EXEEXT)
	HVTOP='$(abs_top_builddir)/hvtop$(EXEEXT)' '$(abs_top_srcdir)/bench/vs-virt-top-all'
.PHONY: bench-vs-virt-top
