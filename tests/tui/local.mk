# tmux-driven TUI tests
TESTS += tests/tui/basic.sh
EXTRA_DIST += tests/tui/basic.sh
FAST_TESTS += tests/tui/basic.sh
TESTS += tests/tui/keys.sh
EXTRA_DIST += tests/tui/keys.sh
FAST_TESTS += tests/tui/keys.sh
TESTS += tests/tui/reconnect.sh
EXTRA_DIST += tests/tui/reconnect.sh
FAST_TESTS += tests/tui/reconnect.sh
TESTS += tests/tui/viewkeys.sh
EXTRA_DIST += tests/tui/viewkeys.sh
FAST_TESTS += tests/tui/viewkeys.sh
TESTS += tests/tui/views.sh
EXTRA_DIST += tests/tui/views.sh
FAST_TESTS += tests/tui/views.sh
