"""The report formats and their file suffixes (a module of its own, cheap to import)."""

from __future__ import annotations

SUFFIXES: dict[str, str] = {"md": ".md", "html": ".html", "csv": ".csv", "json": ".json"}
FORMATS = tuple(SUFFIXES)
DEFAULT_FORMAT = "md"
