"""Unit tests: the core (and the explorer's plain modules) in-process, no subprocess of kb-tui."""
