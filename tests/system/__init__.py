"""System tests: real terminals (tmux, pty), killed processes, browsers, mounts, many processes."""
