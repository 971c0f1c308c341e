# batch/CSV/JSON integration tests against the test driver
BATCH_TESTS = \
	tests/batch/json.sh \
	tests/batch/csv.sh \
	tests/batch/text.sh \
	tests/batch/errors.sh \
	tests/batch/private.sh \
	tests/batch/stuck.sh \
	tests/batch/keys.sh
TESTS += $(BATCH_TESTS)
EXTRA_DIST += $(BATCH_TESTS) tests/batch/lib.sh tests/data/gen-fixture.sh
FAST_TESTS += $(BATCH_TESTS)
# 40 s (a daemon stopped until keepalive gives up on it): not a fast test
TESTS += tests/batch/keepalive.sh
EXTRA_DIST += tests/batch/keepalive.sh
