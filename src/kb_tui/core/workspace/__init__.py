"""Assembling a vault, its links and its store for a caller (CLI or TUI): the top of the core."""
