"""Render a parsed Mermaid flowchart as plain monospace text lines.

Small acyclic charts get a layered drawing (boxes, one layer per longest-path depth, routed
connectors); anything too wide, cyclic or big falls back to an indented tree that wraps
labels instead of cutting them.  Output is deterministic; only the stdlib is used.
"""

from __future__ import annotations

import math
import unicodedata
from collections import deque
from dataclasses import dataclass, field

from kb_tui.core.mermaid import Flowchart, Subgraph

MAX_LAYERED_NODES = 40
MAX_ITEMS = 240
MAX_INLINE_LABEL = 20
U, D, L, R = 1, 2, 4, 8
_GLYPHS = " │││─┘┐┤─└┌├─┴┬┼"  # indexed by a U/D/L/R bit mask
_TEE, _ELL, _BAR, _GAP = "├─▶ ", "└─▶ ", "│   ", "    "

Edge4 = tuple[int, int, str, bool]  # (src index, dst index, label, has arrow head)
_Prepared = tuple[list[Edge4], list[tuple[int, str]], list[int]]  # edges, self-loops, layers


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


def render_flowchart(chart: Flowchart, width: int = 80) -> list[str]:
    """Render ``chart`` into lines no wider than ``width`` cells (where possible)."""
    width = max(8, width)
    if not chart.nodes:
        return ["(empty flowchart)"]
    out: list[str] | None = None
    prepared = _prepare(chart) if len(chart.nodes) <= MAX_LAYERED_NODES else None
    if prepared is not None:
        orient = _ORIENTS.get(chart.direction, _ORIENTS["TD"])  # TB and unknown: TD
        for cap in (width - 4, 24, 14) if orient.vertical else (30, 20, 12):
            out = _layered(chart, prepared, width, cap, orient)
            if out is not None:
                break
    out = out if out is not None else _render_tree(chart, width)
    if chart.truncated:
        out += wrap_text("(diagram truncated: source too large)", width)
    return out


@dataclass(frozen=True)
class _Orient:
    vertical: bool  # layers stacked top-to-bottom (TD/BT) rather than left-to-right
    flip: bool
    arrow: str
    fwd: int  # physical bit pointing along increasing layer index
    back: int
    plus: int  # physical bit pointing along increasing cross position
    minus: int


_ORIENTS = {
    "TD": _Orient(True, False, "▼", D, U, R, L),
    "BT": _Orient(True, True, "▲", U, D, R, L),
    "LR": _Orient(False, False, "▶", R, L, D, U),
    "RL": _Orient(False, True, "◀", L, R, D, U),
}


class _Canvas:
    """Sparse character grid; lines are bit masks per owner so crossings stay readable."""

    def __init__(self, orient: _Orient, extent: int) -> None:
        self.o, self.extent = orient, extent
        self.cells: dict[tuple[int, int], dict[int, int]] = {}
        self.text: dict[tuple[int, int], str] = {}

    def phys(self, p: int, c: int) -> tuple[int, int]:
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
        for col in range(left, right + 1):
            edge = (R if col < right else 0) | (L if col > left else 0)
            corner = col in (left, right)
            self.bits((top, col), edge | (D if corner else 0), -1)
            self.bits((bottom, col), edge | (U if corner else 0), -1)
        for row in range(top + 1, bottom):
            self.bits((row, left), U | D, -1)
            self.bits((row, right), U | D, -1)
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


@dataclass
class _Item:
    layer: int
    cross: int  # size across the layer direction
    prim: int  # size along the layer direction
    lines: list[str] | None  # None: a dummy item carrying a long edge through a layer
    left: int = 0

    @property
    def exit(self) -> int:
        return self.left + self.cross // 2


@dataclass
class _Seg:
    src: int
    dst: int
    label: str
    head: bool
    edge: int


@dataclass
class _Zone:
    segs: list[int]
    entry: dict[int, int] = field(default_factory=dict)
    track: dict[int, int] = field(default_factory=dict)
    ntracks: int = 0
    label_size: int = 0


def _prepare(chart: Flowchart) -> _Prepared | None:
    """Deduplicate edges; return (edges, self_loops, layer per node) or None if cyclic."""
    index = {node.id: i for i, node in enumerate(chart.nodes)}
    merged: dict[tuple[int, int], Edge4] = {}
    loops: list[tuple[int, str]] = []
    for e in chart.edges:
        a, b = index.get(e.src), index.get(e.dst)
        if a is None or b is None:
            continue
        if a == b:
            loops.append((a, e.label))
            continue
        _, _, label, head = merged.get((a, b), (a, b, "", False))
        label = e.label if not label else f"{label}, {e.label}" if e.label else label
        merged[(a, b)] = (a, b, label, head or e.style[-1] in ">xo")
    edges = list(merged.values())
    n = len(chart.nodes)
    succ: list[list[int]] = [[] for _ in range(n)]
    indeg = [0] * n
    for a, b, _, _ in edges:
        succ[a].append(b)
        indeg[b] += 1
    layer, queue, done = [0] * n, deque(i for i in range(n) if indeg[i] == 0), 0
    while queue:
        u = queue.popleft()
        done += 1
        for v in succ[u]:
            layer[v] = max(layer[v], layer[u] + 1)
            indeg[v] -= 1
            if indeg[v] == 0:
                queue.append(v)
    return (edges, loops, layer) if done == n else None


def _order(layers: list[list[int]], preds: list[list[int]], succs: list[list[int]]) -> None:
    """Barycenter crossing reduction, a few deterministic down/up sweeps."""
    pos = {i: n for lay in layers for n, i in enumerate(lay)}
    for _ in range(4):
        for lay, nbrs in [(x, preds) for x in layers[1:]] + [(x, succs) for x in layers[-2::-1]]:
            keyed = sorted(
                (sum(pos[j] for j in nbrs[i]) / len(nbrs[i]) if nbrs[i] else float(n), n, i)
                for n, i in enumerate(lay)
            )
            lay[:] = [i for _, _, i in keyed]
            pos.update({i: n for n, i in enumerate(lay)})


def _pack(sizes: list[int], desired: list[float], gap: int, extent: int) -> list[int]:
    """Place items in order as close to their desired left edges as gaps allow."""
    blocks: list[tuple[int, int, float, int]] = []  # (first, end, sum of lefts, width)
    for i, (size, want) in enumerate(zip(sizes, desired, strict=True)):
        first, end, total, width = i, i + 1, want, size
        while blocks:
            pf, pe, pt, pw = blocks[-1]
            if pt / (pe - pf) + pw + gap <= total / (end - first):
                break
            blocks.pop()
            first, total, width = pf, pt + total - (pw + gap) * (end - first), pw + gap + width
        blocks.append((first, end, total, width))
    lefts: list[int] = []
    for first, end, total, _ in blocks:
        x = math.floor(total / (end - first) + 0.5)
        for i in range(first, end):
            lefts.append(x)
            x += sizes[i] + gap
    cur, limit = 0, extent
    for i, size in enumerate(sizes):
        lefts[i] = max(lefts[i], cur)
        cur = lefts[i] + size + gap
    for i in range(len(sizes) - 1, -1, -1):
        lefts[i] = min(lefts[i], limit - sizes[i])
        limit = lefts[i] - gap
    return lefts


def _place(
    layers: list[list[int]], items: list[_Item], nbrs: list[list[list[int]]], gap: int, extent: int
) -> None:
    for lay in layers:
        x = (extent - sum(items[i].cross for i in lay) - gap * (len(lay) - 1)) // 2
        for i in lay:
            items[i].left, x = x, x + items[i].cross + gap
    for near, seq in zip(nbrs, (layers[1:], layers[-2::-1]), strict=True):
        for lay in seq:
            desired = [
                sum(items[j].exit for j in near[i]) / len(near[i]) - items[i].cross // 2
                if near[i]
                else float(items[i].left)
                for i in lay
            ]
            lefts = _pack([items[i].cross for i in lay], desired, gap, extent)
            for i, left in zip(lay, lefts, strict=True):
                items[i].left = left


def _route(zone: _Zone, lower: list[int], items: list[_Item], segs: list[_Seg]) -> None:
    """Choose arrival points on target boxes and a horizontal track per fanning source."""
    sources = sorted({segs[s].src for s in zone.segs}, key=lambda s: items[s].exit)
    avoid = {items[s].exit for s in sources}
    for t in lower:
        inc = sorted(
            (s for s in zone.segs if segs[s].dst == t), key=lambda s: (items[segs[s].src].exit, s)
        )
        it, used = items[t], set()
        lo, hi = it.left + 1, max(it.left + 1, it.left + it.cross - 2)
        for s in inc:  # a source right above the box drops straight in
            ex = items[segs[s].src].exit
            if it.lines is None or (lo <= ex <= hi and ex not in used):
                zone.entry[s] = it.left if it.lines is None else ex
                used.add(ex)
        for n, s in enumerate(inc):
            if s in zone.entry:
                continue
            ideal = lo + (n + 1) * (hi - lo + 1) // (len(inc) + 1)
            near = {u + d for u in used for d in (-1, 1)}  # keep arrows apart if possible
            free = [c for c in range(lo, hi + 1) if c not in avoid and c not in used]
            free = [c for c in free if c not in near] or free
            zone.entry[s] = min(free, key=lambda c: (abs(c - ideal), c), default=ideal)
            used.add(zone.entry[s])
    spans = []
    for src in sources:
        mine = [zone.entry[s] for s in zone.segs if segs[s].src == src]
        if mine != [items[src].exit]:
            xs = [items[src].exit, *mine]
            spans.append((min(xs), max(xs), src))
    ends: list[int] = []  # rightmost cell used on each track so far
    for lo, hi, src in sorted(spans):
        track = next((t for t, end in enumerate(ends) if end + 1 < lo), len(ends))
        if track == len(ends):
            ends.append(hi)
        zone.track[src], ends[track] = track, hi
    zone.ntracks = len(ends)


def _layered(
    chart: Flowchart, prep: _Prepared, width: int, cap: int, o: _Orient
) -> list[str] | None:
    """Draw the layered layout, or None when it does not fit ``width``."""
    edges, loops, layer_of = prep
    items: list[_Item] = []
    indeg = [sum(1 for e in edges if e[1] == i) for i in range(len(chart.nodes))]
    for i, node in enumerate(chart.nodes):
        lines = wrap_text(node.label, cap)
        w, h = max(1, *map(text_width, lines)) + 4, len(lines) + 2
        w = max(w, 2 * indeg[i] + 3) if o.vertical else w  # room for separate arrows
        items.append(_Item(layer_of[i], *((w, h) if o.vertical else (h, w)), lines))
    segs: list[_Seg] = []
    for ei, (a, b, label, head) in enumerate(edges):
        prev = a
        for depth in range(layer_of[a] + 1, layer_of[b]):
            items.append(_Item(depth, 1, 0, None))
            segs.append(_Seg(prev, len(items) - 1, "", False, ei))
            prev = len(items) - 1
        segs.append(_Seg(prev, b, label, head, ei))
        if len(items) > MAX_ITEMS:
            return None
    layers: list[list[int]] = [[] for _ in range(max(layer_of) + 1)]
    preds: list[list[int]] = [[] for _ in items]
    succs: list[list[int]] = [[] for _ in items]
    for i, it in enumerate(items):
        layers[it.layer].append(i)
    for seg in segs:
        preds[seg.dst].append(seg.src)
        succs[seg.src].append(seg.dst)
    _order(layers, preds, succs)
    gap = 2 if o.vertical else 1
    extent_c = max(sum(items[i].cross + gap for i in lay) - gap for lay in layers)
    _place(layers, items, [preds, succs], gap, extent_c)
    zones = [
        _Zone([s for s, seg in enumerate(segs) if items[seg.src].layer == k])
        for k in range(len(layers) - 1)
    ]
    starts: list[int] = []
    ends: list[int] = []
    p = 0
    for k, lay in enumerate(layers):
        starts.append(p)
        p += max(1, *(items[i].prim for i in lay))
        ends.append(p)
        if k < len(zones):
            _route(zones[k], layers[k + 1], items, segs)
            widths = [text_width(segs[s].label) for s in zones[k].segs if segs[s].label]
            fits = [w + 2 for w in widths if w <= MAX_INLINE_LABEL]
            zones[k].label_size = (1 if widths else 0) if o.vertical else max(fits, default=0)
            p += 2 + zones[k].ntracks + zones[k].label_size + (0 if o.vertical else 1)
    if (extent_c if o.vertical else p) > width:
        return None
    cv = _Canvas(o, p)
    for i, it in enumerate(items):
        ls, le = starts[it.layer], ends[it.layer]
        if it.lines is None:
            cv.run_p(it.left, ls, le - 1, i)
            continue
        (r0, c0), (r1, c1) = cv.phys(ls, it.left), cv.phys(le - 1, it.left + it.cross - 1)
        cv.box(min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1), it.lines)
    legend: list[Edge4] = [(a, a, label, True) for a, label in loops]
    for k, zone in enumerate(zones):
        zs, ze = ends[k], starts[k + 1]
        for s in zone.segs:
            seg, en = segs[s], zone.entry[s]
            ex, track = items[seg.src].exit, zone.track.get(seg.src)
            arrow = seg.head and items[seg.dst].lines is not None
            end = ze - 1 if arrow else ze
            if track is None:
                cv.run_p(ex, zs - 1, end, seg.src)
            else:
                cv.run_p(ex, zs - 1, zs + 1 + track, seg.src)
                cv.run_c(zs + 1 + track, ex, en, seg.src)
                cv.run_p(en, zs + 1 + track, end, seg.src)
            if arrow:
                cv.put(*cv.phys(ze - 1, en), o.arrow)
        label_p = zs + 1 + zone.ntracks
        for s in zone.segs:
            seg, en = segs[s], zone.entry[s]
            if not seg.label:
                continue
            lw = text_width(seg.label)
            row, col = cv.phys(label_p, en)
            x = col - lw // 2  # first choice: the label interrupts its own line
            if (
                o.vertical
                and cv.free(row, max(0, x - 1), col)
                and cv.free(row, col + 1, x + lw + 1)
            ):
                cv.put(row, max(0, x), seg.label)
            elif o.vertical and col + 2 + lw <= width and cv.free(row, col + 1, col + 3 + lw):
                cv.put(row, col + 2, seg.label)
            elif not o.vertical and lw + 2 <= zone.label_size:
                lo = min(col, cv.phys(label_p + zone.label_size - 1, en)[1])
                cv.put(row, lo + (zone.label_size - lw - 2) // 2, f" {seg.label} ")
            else:
                legend.append(edges[seg.edge])
    return cv.lines() + _notes(chart, legend, width, set())


def _subgraph_path(chart: Flowchart, index: int) -> str:
    by_id = {sub.id: sub for sub in chart.subgraphs}
    titles: list[str] = []
    sub: Subgraph | None = chart.subgraphs[index]
    while sub is not None and len(titles) < 8:
        titles.append(sub.title)
        sub = by_id.get(sub.parent or "")
    return "▣ " + " › ".join(reversed(titles))


def _notes(chart: Flowchart, edges: list[Edge4], width: int, skip: set[int]) -> list[str]:
    """Edge labels that found no room (and self-loops), then subgraph membership."""
    out = ["Edge notes:"] if edges else []
    for a, b, label in ((a, b, label) for a, b, label, _ in edges):
        text = f"{chart.nodes[a].label} → {chart.nodes[b].label}" + (f": {label}" if label else "")
        out += _wrap_prefixed("  ", "    ", text, width)
    labels = {node.id: node.label for node in chart.nodes}
    for gi, sub in enumerate(chart.subgraphs):
        if sub.node_ids and gi not in skip:
            names = ", ".join(labels.get(nid, nid) for nid in sub.node_ids)
            out += _wrap_prefixed("", "    ", f"{_subgraph_path(chart, gi)}: {names}", width)
    return out


def _wrap_prefixed(first: str, cont: str, text: str, width: int) -> list[str]:
    pieces = wrap_text(text, width - max(text_width(first), text_width(cont)))
    return [((first if i == 0 else cont) + piece).rstrip() for i, piece in enumerate(pieces)]


def _render_tree(chart: Flowchart, width: int) -> list[str]:
    """Indented tree fallback: roots first, children as ``├─▶``/``└─▶`` branches."""
    labels = {node.id: node.label for node in chart.nodes}
    kids: dict[str, list[tuple[str, str]]] = {nid: [] for nid in labels}
    has_parent: set[str] = set()
    for e in chart.edges:
        if e.src in kids and e.dst in kids:
            kids[e.src].append((e.dst, e.label))
            if e.src != e.dst:
                has_parent.add(e.dst)
    group: dict[str, int] = {}
    for gi, sub in enumerate(chart.subgraphs):
        for nid in sub.node_ids:
            group.setdefault(nid, gi)
    order = list(labels)
    roots = sorted((nid for nid in order if nid not in has_parent), key=lambda n: group.get(n, -1))
    out: list[str] = []
    seen: set[str] = set()
    headed: set[int] = set()
    current, max_prefix = -1, max(4, width // 2)
    for root in roots + order:
        if root in seen:
            continue
        gi = group.get(root, -1)
        if gi != current:
            header = _subgraph_path(chart, gi) if gi >= 0 else "▣ (outside subgraphs)"
            out += wrap_text(header, width)
            current = gi
            headed.add(gi)
        stack = [(root, "", "", "")]
        while stack:
            nid, prefix, branch, edge_label = stack.pop()
            text = ("↺ " if nid in seen else "") + labels[nid]
            text = f"({edge_label}) {text}" if edge_label else text
            inner = prefix + (_BAR if branch == _TEE else _GAP if branch else "")
            out += _wrap_prefixed(prefix + branch, inner, text, width)
            if nid in seen:
                continue
            seen.add(nid)
            if text_width(inner) > max_prefix:
                inner = "…" + inner[len(inner) - max_prefix + 1 :]
            children = kids[nid]
            for n in range(len(children) - 1, -1, -1):
                child, label = children[n]
                stack.append((child, inner, _ELL if n == len(children) - 1 else _TEE, label))
    return out + _notes(chart, [], width, headed)
