"""Tags as Obsidian reads them: ``#tag`` and ``#nested/tag`` in text, ``tags:`` in frontmatter.

In text, a tag is ``#`` at the start of a line or after whitespace, followed by letters,
digits, ``_``, ``-`` and ``/``, with at least one character that is not a digit (``#123``
is no tag). A heading's ``# `` (a space after it) is no tag; neither is anything in a code
span or a fenced code block, nor a ``#`` inside a word, a URL (``page#anchor``) or a link
(``[[note#Heading]]``, ``[x](#anchor)``).

In frontmatter, ``tags:`` (or ``tag:``) is a list or a string of names separated by commas
or spaces, each with or without its ``#``.

Tags compare case-insensitively; ``inbox`` matches ``inbox`` and every tag nested below it
(``inbox/to-read``), as Obsidian's tag search does (:func:`tag_matches`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from kb_tui.core.parse.code_spans import split_code

_TAG_RE = re.compile(r"(?:^|(?<=\s))#([^\W_][\w/-]*|_[\w/-]+)")
_FENCE_RE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
MAX_TAG = 200  # a longer run is not read as a tag (hostile text)
FRONTMATTER_KEYS = ("tags", "tag", "Tags", "Tag")


def _valid(tag: str) -> str | None:
    tag = tag.strip("/")
    if not tag or len(tag) > MAX_TAG or tag.replace("/", "").replace("-", "").isdigit():
        return None
    return tag


def tags_in_line(line: str) -> list[str]:
    """The tags of one line of text outside fenced code (code spans skipped)."""
    if "#" not in line:
        return []
    if "`" in line:
        line = "".join(" " if code else piece for piece, code in split_code(line))
    found = (_valid(match.group(1)) for match in _TAG_RE.finditer(line))
    return [tag for tag in found if tag is not None]


def tags_in_text(text: str) -> list[str]:
    """The tags of Markdown ``text`` (fenced code skipped), each once, in order."""
    if "#" not in text:
        return []
    found: dict[str, None] = {}
    fence: str | None = None
    for line in text.split("\n"):
        opener = _FENCE_RE.match(line)
        if opener is not None:
            mark = opener.group(1)
            if fence is None:
                fence = mark
            elif mark[0] == fence[0] and len(mark) >= len(fence):
                fence = None
            continue
        if fence is None:
            found.update(dict.fromkeys(tags_in_line(line)))
    return list(found)


def frontmatter_tags(frontmatter: Mapping[str, object]) -> list[str]:
    """The tags a note's frontmatter gives (``tags:`` / ``tag:``, a list or a string)."""
    found: dict[str, None] = {}
    for key in FRONTMATTER_KEYS:
        raw = frontmatter.get(key)
        values: Iterable[object]
        if isinstance(raw, str):
            values = raw.replace(",", " ").split()
        elif isinstance(raw, list):
            values = raw
        else:
            continue
        for value in values:
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                tag = _valid(str(value).strip().removeprefix("#"))
                if tag is not None and " " not in tag:
                    found[tag] = None
    return list(found)


def tag_matches(tag: str, wanted: str) -> bool:
    """Whether ``tag`` is ``wanted`` or nested below it, ignoring case (``wanted`` folded)."""
    folded = tag.casefold()
    return folded == wanted or folded.startswith(wanted + "/")
