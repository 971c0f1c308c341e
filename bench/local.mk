# benchmarks: built on demand with 'make bench', never part of make check
