"""Parse limits, apart from the parser: reading a vault from the parse cache needs these,
not the parser, frontmatter and YAML modules behind :mod:`kb_tui.core.parse.document`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or huge file from hanging kb-tui (all configurable)."""

    max_file_bytes: int = 8 * 1024 * 1024
    max_headings: int = 100_000
    max_line_chars: int = 100_000
    max_items: int = 200_000

    ENV: ClassVar[dict[str, str]] = {
        "max_file_bytes": "KB_TUI_MAX_FILE_BYTES",
        "max_headings": "KB_TUI_MAX_HEADINGS",
        "max_line_chars": "KB_TUI_MAX_LINE_CHARS",
        "max_items": "KB_TUI_MAX_ITEMS",
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults, overridden by ``KB_TUI_MAX_*`` variables (positive integers; bad: ignored)."""
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name, variable in cls.ENV.items():
            raw = environ.get(variable, "").strip().replace("_", "")
            if raw.isdigit() and int(raw) > 0:
                values[name] = int(raw)
        return cls(**values)
