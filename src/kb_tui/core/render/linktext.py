"""Wikilinks as the viewer's Markdown: ``[label](kb:target)``, unresolved ones marked.

The reading of a link (name, fragment, alias, size) is :mod:`kb_tui.core.parse.wikilink`'s;
this module only writes it as Markdown the viewer can follow: ``kb:`` links go to a note,
``kb-missing:`` links say the target is not in the vault.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import quote

from kb_tui.core.parse.wikilink import WikiLink, replace_wikilinks

KB_SCHEME = "kb:"
MISSING_SCHEME = "kb-missing:"
_INLINE_RE = re.compile(r"([\\`*_\[\]<>#|&])")


def escape_inline(text: str) -> str:
    """Backslash-escape what Markdown would read as markup in running text (``&`` too: an
    entity such as ``&#x202e;`` would otherwise become the character it names)."""
    return _INLINE_RE.sub(r"\\\1", text)


def escape_link_text(text: str) -> str:
    """``text`` safe between ``[`` and ``]``."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def link_markdown(link: WikiLink, resolved: bool, href_target: str | None = None) -> str:
    """``link`` as a Markdown link: to ``kb:`` + its target (or ``href_target``) when
    ``resolved``, else marked unresolved."""
    label = escape_link_text(link.label)
    encoded = quote(href_target if href_target is not None else link.target, safe="")
    if resolved:
        return f"[{label}]({KB_SCHEME}{encoded})"
    return f"[⚠ {label} (unresolved)]({MISSING_SCHEME}{quote(link.target, safe='')})"


def convert_links(line: str, is_resolved: Callable[[str], bool]) -> str:
    """Every wikilink and embed of ``line`` as a Markdown link (an embed not expanded by
    :mod:`kb_tui.core.render.embeds` is shown as a link to what it embeds)."""
    return replace_wikilinks(line, lambda link: link_markdown(link, is_resolved(link.target)))
