"""Terminal cell widths and width-aware word wrapping.

Every layout decision in the renderer is made in terminal cells, not characters: East
Asian wide characters take two cells and combining marks none, so box borders stay
aligned whatever script a label is written in.
"""

from __future__ import annotations

import unicodedata


def char_width(ch: str) -> int:
    """Terminal cell width: 2 for East Asian wide/fullwidth, 0 for combining marks."""
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def text_width(text: str) -> int:
    return sum(char_width(ch) for ch in text)


def wrap_text(text: str, width: int) -> list[str]:
    """Greedy word wrap by cell width; over-long words are split, never dropped."""
    width = max(1, width)
    lines: list[str] = []
    cur, cur_w = "", 0
    for word in text.split():
        word_w = text_width(word)
        if cur and cur_w + 1 + word_w <= width:
            cur, cur_w = f"{cur} {word}", cur_w + 1 + word_w
            continue
        if cur:
            lines.append(cur)
        cur, cur_w = "", 0
        for ch in word:
            w = char_width(ch)
            if cur and cur_w + w > width:
                lines.append(cur)
                cur, cur_w = "", 0
            cur, cur_w = cur + ch, cur_w + w
    return [*lines, cur] if cur or not lines else lines


def wrap_prefixed(first: str, cont: str, text: str, width: int) -> list[str]:
    """Wrap ``text`` after a ``first``-line prefix and a ``cont``-inuation prefix."""
    pieces = wrap_text(text, width - max(text_width(first), text_width(cont)))
    return [((first if i == 0 else cont) + piece).rstrip() for i, piece in enumerate(pieces)]
