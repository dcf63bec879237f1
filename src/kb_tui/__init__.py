"""kb-tui: a terminal explorer and implementation checklist for operations knowledge bases."""

__version__ = "0.1.0"
