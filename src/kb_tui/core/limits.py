"""Parse limits and the read mode, apart from the parser: reading a vault from the parse
cache needs these (they are part of its key), not the parser, frontmatter and YAML modules
behind :mod:`kb_tui.core.parse.document`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

STRICT_ENV = "KB_TUI_STRICT_COMMONMARK"


@dataclass(frozen=True)
class Limits:
    """Caps that keep a hostile or huge file from hanging kb-tui (all configurable), and how
    fences are read."""

    max_file_bytes: int = 8 * 1024 * 1024
    max_headings: int = 100_000
    max_line_chars: int = 100_000
    max_items: int = 200_000
    # Read notes strictly as CommonMark: a closing fence with an info string then keeps its
    # block open, as CommonMark says. By default such a fence is read as closed wherever
    # the doctor is certain it was meant to close (kb_tui.core.parse.fence_scan), which is
    # how the note reads once `kb-tui fix` repairs it. The flag --strict-commonmark, the
    # variable KB_TUI_STRICT_COMMONMARK=1 or the vault's .kb-tui/config.toml turn it on.
    strict_commonmark: bool = False

    ENV: ClassVar[dict[str, str]] = {
        "max_file_bytes": "KB_TUI_MAX_FILE_BYTES",
        "max_headings": "KB_TUI_MAX_HEADINGS",
        "max_line_chars": "KB_TUI_MAX_LINE_CHARS",
        "max_items": "KB_TUI_MAX_ITEMS",
    }

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Defaults, overridden by ``KB_TUI_MAX_*`` variables (positive integers; bad: ignored)
        and ``KB_TUI_STRICT_COMMONMARK`` (``1``: read strictly)."""
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for name, variable in cls.ENV.items():
            raw = environ.get(variable, "").strip().replace("_", "")
            if raw.isdigit() and int(raw) > 0:
                values[name] = int(raw)
        strict = environ.get(STRICT_ENV, "").strip().lower() in ("1", "true", "yes")
        return cls(**values, strict_commonmark=strict)
