"""Which link a pyromark link or image event is, as the parser records it (or none).

A wikilink is a ``wikilink``, an embed of a note an ``embed``; an embedded attachment
(``![[x.png]]``) is not a link to a document, nor is a web, mail or in-page link; a Markdown
link counts when it names a ``.md`` file.
"""

from __future__ import annotations

from typing import Any

from kb_tui.core.parse.wikilink import parse_wikilink


def link_kind(link_type: Any, dest: str, image: bool) -> str | None:
    wiki = isinstance(link_type, dict) and "WikiLink" in link_type
    if wiki:
        if image and parse_wikilink(dest, embed=True).is_attachment:
            return None  # an embedded attachment, not a document
        return "embed" if image else "wikilink"
    if image or link_type not in ("Inline", "Reference", "Collapsed", "Shortcut"):
        return None
    if "://" in dest or dest.startswith(("mailto:", "#")) or ":" in dest.split("/", 1)[0]:
        return None
    path = dest.split("#", 1)[0].split("?", 1)[0]
    return "markdown" if path.lower().endswith(".md") else None
