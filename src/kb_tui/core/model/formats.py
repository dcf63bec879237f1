"""The report formats and their file suffixes (a module of its own, cheap to import)."""

from __future__ import annotations

SUFFIXES: dict[str, str] = {"md": ".md", "html": ".html", "csv": ".csv", "json": ".json"}
FORMATS = tuple(SUFFIXES)
DEFAULT_FORMAT = "md"

# The first line of every Markdown report: reports saved inside a vault are not read back
# as documents of the knowledge base.
REPORT_MARKER = "<!-- kb-tui checklist report: generated, not part of the knowledge base -->"
