"""Which of the main screen's panes are shown: the ``f2`` ``f3`` ``f4`` toggles.

The screen draws from :meth:`PaneVisibility.classes` (one style class per hidden pane,
``-hide-tree`` …; ``styles/app.tcss`` gives the space of a hidden pane to the others) and
from :meth:`PaneVisibility.shown`. The last pane shown is never hidden: a blank screen would
leave no way to see where the keys act, so the toggle is refused with a reason to show.
"""

from __future__ import annotations

from dataclasses import dataclass

PANE_NAMES = ("tree", "viewer", "checklist")


@dataclass(frozen=True)
class Toggle:
    """What a toggle did: ``pane`` is now ``shown`` (or not); ``refused`` says why not."""

    pane: str
    shown: bool
    refused: str = ""


class PaneVisibility:
    """The set of panes shown (all of them at first)."""

    def __init__(self) -> None:
        self._hidden: set[str] = set()

    def shown(self, pane: str) -> bool:
        return pane not in self._hidden

    def visible(self) -> tuple[str, ...]:
        """The panes shown, in screen order."""
        return tuple(pane for pane in PANE_NAMES if pane not in self._hidden)

    def toggle(self, pane: str) -> Toggle:
        """Hide ``pane`` if shown, show it if hidden; the last pane shown stays."""
        if pane not in PANE_NAMES:
            raise ValueError(f"no pane named {pane!r}")
        if pane in self._hidden:
            self._hidden.discard(pane)
            return Toggle(pane, shown=True)
        if self.visible() == (pane,):
            reason = f"The {pane} is the last pane shown; it cannot be hidden."
            return Toggle(pane, shown=True, refused=reason)
        self._hidden.add(pane)
        return Toggle(pane, shown=False)

    def classes(self) -> dict[str, bool]:
        """The screen's style classes: ``-hide-<pane>`` set for each hidden pane."""
        return {f"-hide-{pane}": pane in self._hidden for pane in PANE_NAMES}
