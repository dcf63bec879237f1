"""The tree filter's state: whether it narrows the tree, to what query, with what result,
and which of the queries typed so far is the newest (older results are dropped)."""

from __future__ import annotations

from kb_tui.core.query.kb_filter import MAX_SHOWN, KbFilter
from kb_tui.tui.tree_filter import FilterResult


class Generations:
    """Numbers each query as it is typed; only the newest one's result is drawn.

    Filtering runs off the event loop; a keystroke starts a new generation, so a result
    that arrives after the user typed on is stale and dropped, never queued to be drawn.
    """

    def __init__(self) -> None:
        self.current = 0

    def next(self) -> int:
        """A new query was typed: its generation (every older one is now stale)."""
        self.current += 1
        return self.current

    def is_current(self, generation: int) -> bool:
        return generation == self.current


class FilterState:
    """The query applied to the tree (``text``) and its matches; inactive: the whole tree."""

    def __init__(self) -> None:
        self.active = False
        self.text = ""
        self.result: FilterResult | None = None
        self.generations = Generations()

    def applied(self, text: str, result: FilterResult) -> None:
        """The tree now shows ``result``, the matches of ``text``."""
        self.active, self.text, self.result = True, text, result

    def counted(self, outcome: KbFilter) -> None:
        """The counts of the result drawn before counting (what is kept, for the export)."""
        if self.result is not None:
            self.result.outcome = outcome

    def clear(self) -> bool:
        """Back to the whole tree; True if the filter was narrowing it."""
        was_active = self.active
        self.active, self.text, self.result = False, "", None
        self.generations.next()  # a result still being computed is stale now
        return was_active

    @property
    def items(self) -> int | None:
        """How many items the applied filter keeps (None: no filter)."""
        result = self.result
        return result.outcome.items if result is not None and result.outcome.counted else None

    @property
    def best(self) -> str | None:
        """The key of the best match, if any."""
        return self.result.best if self.result is not None else None

    def count_text(self, typed: str) -> str:
        """``"  3 matches · 12 items"`` after what was typed (and how many are drawn when the
        tree draws fewer), or ""."""
        result = self.result
        if result is None or not typed:
            return ""
        outcome = result.outcome
        count, items = outcome.matches, outcome.items
        drawn = f" · first {MAX_SHOWN:,} drawn" if result.truncated else ""
        if not outcome.counted:
            return f"  counting matches…{drawn}"
        return (
            f"  {count:,} match{'es' if count != 1 else ''}"
            f" · {items:,} item{'s' if items != 1 else ''}{drawn}"
        )
