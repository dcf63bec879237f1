"""A sparse character grid that draws boxes and box-drawing lines in any flow direction.

The layered layout works in abstract coordinates: ``p`` along the flow (layer after
layer) and ``c`` across it.  :class:`Orient` maps those onto screen rows and columns for
TD/BT/LR/RL, so the layout code is written once.  Lines are stored as direction bit
masks per owner and turned into glyphs at the end, which keeps joins (``┬``, ``┼``) right
and lets two unrelated lines cross without pretending to be a junction.
"""

from __future__ import annotations

from dataclasses import dataclass

from kb_tui.core.render.diagram.width import char_width, text_width

U, D, L, R = 1, 2, 4, 8
_GLYPHS = " │││─┘┐┤─└┌├─┴┬┼"  # indexed by a U/D/L/R bit mask
BOX_OWNER = -1


@dataclass(frozen=True)
class Orient:
    vertical: bool  # layers stacked top-to-bottom (TD/BT) rather than left-to-right
    flip: bool
    arrow: str
    fwd: int  # physical bit pointing along increasing layer index
    back: int
    plus: int  # physical bit pointing along increasing cross position
    minus: int


ORIENTS = {
    "TD": Orient(True, False, "▼", D, U, R, L),
    "BT": Orient(True, True, "▲", U, D, R, L),
    "LR": Orient(False, False, "▶", R, L, D, U),
    "RL": Orient(False, True, "◀", L, R, D, U),
}


class Canvas:
    """Sparse character grid; lines are bit masks per owner so crossings stay readable."""

    def __init__(self, orient: Orient, extent: int) -> None:
        self.o, self.extent = orient, extent
        self.cells: dict[tuple[int, int], dict[int, int]] = {}
        self.text: dict[tuple[int, int], str] = {}

    def phys(self, p: int, c: int) -> tuple[int, int]:
        """Screen (row, col) of the layout point ``p`` along and ``c`` across the flow."""
        p = self.extent - 1 - p if self.o.flip else p
        return (p, c) if self.o.vertical else (c, p)

    def bits(self, rc: tuple[int, int], bits: int, owner: int) -> None:
        cell = self.cells.setdefault(rc, {})
        cell[owner] = cell.get(owner, 0) | bits

    def run_p(self, c: int, p0: int, p1: int, owner: int) -> None:
        """Line along the layer direction at cross position ``c`` (``p0 <= p1``)."""
        for p in range(p0, p1 + 1):
            bits = (self.o.fwd if p < p1 else 0) | (self.o.back if p > p0 else 0)
            self.bits(self.phys(p, c), bits, owner)

    def run_c(self, p: int, c0: int, c1: int, owner: int) -> None:
        """Line across the layer direction at layer position ``p``."""
        c0, c1 = min(c0, c1), max(c0, c1)
        for c in range(c0, c1 + 1):
            bits = (self.o.plus if c < c1 else 0) | (self.o.minus if c > c0 else 0)
            self.bits(self.phys(p, c), bits, owner)

    def put(self, row: int, col: int, text: str) -> None:
        """Write ``text`` at a screen position; wide characters take two cells."""
        prev: tuple[int, int] | None = None
        for ch in text:
            w = char_width(ch)
            if w == 0:
                if prev is not None:
                    self.text[prev] += ch
                continue
            prev = (row, col)
            self.text[prev] = ch
            if w == 2:
                self.text[(row, col + 1)] = ""
            col += w

    def free(self, row: int, c0: int, c1: int) -> bool:
        return all((row, c) not in self.cells and (row, c) not in self.text for c in range(c0, c1))

    def box(self, top: int, left: int, bottom: int, right: int, lines: list[str]) -> None:
        """A bordered box (screen coordinates, inclusive) with ``lines`` centred inside."""
        for col in range(left, right + 1):
            edge = (R if col < right else 0) | (L if col > left else 0)
            corner = col in (left, right)
            self.bits((top, col), edge | (D if corner else 0), BOX_OWNER)
            self.bits((bottom, col), edge | (U if corner else 0), BOX_OWNER)
        for row in range(top + 1, bottom):
            self.bits((row, left), U | D, BOX_OWNER)
            self.bits((row, right), U | D, BOX_OWNER)
        y = top + 1 + (bottom - top - 1 - len(lines)) // 2
        for i, line in enumerate(lines):
            self.put(y + i, left + 1 + (right - left - 1 - text_width(line)) // 2, line)

    def glyph(self, cell: dict[int, int]) -> str:
        total = 0
        for bits in cell.values():
            total |= bits
        if total == U | D | L | R and U | D in cell.values() and L | R in cell.values():
            return "│" if self.o.vertical else "─"  # a crossing, not a junction
        return _GLYPHS[total]

    def lines(self) -> list[str]:
        keys = self.cells.keys() | self.text.keys()
        rows = max((r for r, _ in keys), default=-1) + 1
        cols = max((c for _, c in keys), default=-1) + 1
        out = []
        for r in range(rows):
            chars = []
            for c in range(cols):
                text, cell = self.text.get((r, c)), self.cells.get((r, c))
                chars.append(text if text is not None else self.glyph(cell) if cell else " ")
            out.append("".join(chars).rstrip())
        return out
