"""For the few Textual APIs that read markup (palette help, notifications): escape text.

Prefer ``Text``/``Content`` objects everywhere; use :func:`escape_markup` only where an API
takes a markup string. Every ``[`` is escaped (Textual's own ``escape`` leaves ``[$var]``).
"""

from __future__ import annotations

import re

from kb_tui.core.text import clean

_BRACKET_RE = re.compile(r"(\\*)\[")


def escape_markup(text: str) -> str:
    """Make ``text`` display literally when parsed as Textual markup."""
    return _BRACKET_RE.sub(lambda m: m.group(1) * 2 + "\\[", clean(text))
