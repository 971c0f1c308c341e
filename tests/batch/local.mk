# batch/CSV/JSON integration tests against the test driver
