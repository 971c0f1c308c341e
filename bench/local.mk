# Benchmarks: run by hand (bench/refresh [DOMAINS]...) or with `make bench`;
# never part of `make check`.  Each run appends a dated section to
# bench/RESULTS.md in the source tree.
EXTRA_DIST += bench/refresh bench/bare.c bench/gen-domains.sh \
	bench/ptyrun.py bench/summarize.py bench/RESULTS.md

BENCH_DOMAINS = 100 1000

bench: hvtop$(EXEEXT)
	HVTOP='$(abs_top_builddir)/hvtop$(EXEEXT)' \
		'$(abs_top_srcdir)/bench/refresh' $(BENCH_DOMAINS)
.PHONY: bench
EXTRA_DIST += bench/host-cost bench/bare_all.c
EXTRA_DIST += bench/hosts-scale bench/keylat.py
