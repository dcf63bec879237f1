"""Fuzzy matching for the tree filter and the palette: which characters matched, and how well."""

from __future__ import annotations


def fuzzy_match(query: str, text: str) -> tuple[int, list[int]] | None:
    """Match ``query`` against ``text`` case-insensitively.

    Returns ``(score, positions)`` (higher scores are better) or ``None``. A contiguous
    substring scores best, earlier and at a word start better; otherwise the characters of
    the query must appear in order, and tighter runs score higher.
    """
    if not query:
        return 0, []
    needle = query.casefold()
    hay = text.casefold()
    if len(hay) != len(text):  # case folding changed lengths (ß → ss): fall back to lower()
        needle, hay = query.lower(), text.lower()
    start = hay.find(needle)
    if start != -1:
        word_start = start == 0 or not hay[start - 1].isalnum()
        score = 1000 - start + (200 if word_start else 0) + (100 if len(needle) == len(hay) else 0)
        return score, list(range(start, start + len(needle)))
    positions: list[int] = []
    cursor = 0
    for ch in needle:
        if ch.isspace():
            continue
        found = hay.find(ch, cursor)
        if found == -1:
            return None
        positions.append(found)
        cursor = found + 1
    if not positions:
        return None
    spread = positions[-1] - positions[0] + 1
    return max(1, 500 - spread - positions[0]), positions
