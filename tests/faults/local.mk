# The fault-injection suite: faults at random points on the test driver
# over a private libvirtd and on the embedded driver (tests/faults/faults.sh)
TESTS += tests/faults/faults.sh
EXTRA_DIST += tests/faults/faults.sh
