"""The tree filter's state: whether it narrows the tree, to what query, with what result."""

from __future__ import annotations

from kb_tui.tui.tree_filter import FilterResult


class FilterState:
    """The query applied to the tree (``text``) and its matches; inactive: the whole tree."""

    def __init__(self) -> None:
        self.active = False
        self.text = ""
        self.result: FilterResult | None = None

    def applied(self, text: str, result: FilterResult) -> None:
        """The tree now shows ``result``, the matches of ``text``."""
        self.active, self.text, self.result = True, text, result

    def clear(self) -> bool:
        """Back to the whole tree; True if the filter was narrowing it."""
        was_active = self.active
        self.active, self.text, self.result = False, "", None
        return was_active

    @property
    def best(self) -> str | None:
        """The key of the best match, if any."""
        return self.result.best if self.result is not None else None

    def count_text(self, typed: str) -> str:
        """``"  3 matches"`` after what was typed (``+`` when there were more), or ""."""
        result = self.result
        if result is None or not typed:
            return ""
        count = len(result.matches)
        more = "+" if result.truncated else ""
        return f"  {count}{more} match{'es' if count != 1 else ''}"
