# tmux-driven TUI tests
