"""Obsidian callouts (``> [!tip] Title``): the types, their aliases, icons and colours.

One table for every place that draws a callout: the viewer's panels, the quick preview.
Types are case-insensitive; a type Obsidian does not know is drawn like a note, titled with
the type as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CalloutKind:
    name: str  # the canonical type
    icon: str  # one cell wide
    colour: str  # Obsidian's colour for the type, as #rrggbb


_KINDS = (
    (CalloutKind("note", "✎", "#086ddd"), ()),
    (CalloutKind("abstract", "☰", "#00bfbc"), ("summary", "tldr")),
    (CalloutKind("info", "ℹ", "#086ddd"), ()),
    (CalloutKind("todo", "☐", "#086ddd"), ()),
    (CalloutKind("tip", "✦", "#00bfbc"), ("hint", "important")),
    (CalloutKind("success", "✔", "#08b94e"), ("check", "done")),
    (CalloutKind("question", "?", "#ec7500"), ("help", "faq")),
    (CalloutKind("warning", "⚠", "#ec7500"), ("caution", "attention")),
    (CalloutKind("failure", "✘", "#e93147"), ("fail", "missing")),
    (CalloutKind("danger", "‼", "#e93147"), ("error",)),
    (CalloutKind("bug", "✱", "#e93147"), ()),
    (CalloutKind("example", "≡", "#7852ee"), ()),
    (CalloutKind("quote", "❝", "#9e9e9e"), ("cite",)),
)
KINDS: dict[str, CalloutKind] = {}
for _kind, _aliases in _KINDS:
    for _name in (_kind.name, *_aliases):
        KINDS[_name] = _kind
NOTE = KINDS["note"]

# ``[!type]``, then ``+`` (foldable, open) or ``-`` (folded), then an optional title.
_CALLOUT_RE = re.compile(r"^[ \t]*\[!([^\]\s]{1,40})\]([+-]?)(?:[ \t]+(.*))?[ \t]*$")


@dataclass(frozen=True, slots=True)
class Callout:
    kind: CalloutKind
    title: str
    fold: str  # "" (not foldable), "+" (foldable, open) or "-" (folded)

    @property
    def folded(self) -> bool:
        return self.fold == "-"


def parse_callout(first_line: str) -> Callout | None:
    """The callout a quote's first line opens (``[!faq]- Title``), or None for a plain quote."""
    match = _CALLOUT_RE.match(first_line)
    if match is None:
        return None
    written, fold, title = match.group(1), match.group(2), (match.group(3) or "").strip()
    kind = KINDS.get(written.lower(), NOTE)
    return Callout(kind, title or written.capitalize(), fold)
