"""The layered drawing: boxes layer by layer, with routed connectors between layers.

Used for small acyclic charts in any direction (TD/BT/LR/RL).  :mod:`.placement` decides
where boxes go; this module wraps labels into boxes, splits long edges into per-layer
segments, routes each gap between two layers (the "zone") onto tracks, paints it all
on a :class:`~.canvas.Canvas` and gives up (``None``) when the result is too wide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb_tui.core.parse.mermaid import Flowchart
from kb_tui.core.render.diagram.canvas import ORIENTS, Canvas, Orient
from kb_tui.core.render.diagram.notes import notes
from kb_tui.core.render.diagram.placement import (
    Edge4,
    Item,
    Layering,
    assign_layers,
    order_layers,
    place_items,
)
from kb_tui.core.render.diagram.width import text_width, wrap_text

MAX_LAYERED_NODES = 40
MAX_ITEMS = 240
MAX_INLINE_LABEL = 20


@dataclass
class _Seg:
    """One layer-to-layer piece of an edge (long edges pass through dummy items)."""

    src: int
    dst: int
    label: str
    head: bool
    edge: int


@dataclass
class _Zone:
    """The gap between two adjacent layers and the segments routed through it."""

    segs: list[int]
    entry: dict[int, int] = field(default_factory=dict)  # segment -> arrival cross position
    track: dict[int, int] = field(default_factory=dict)  # fanning source item -> track
    ntracks: int = 0
    label_size: int = 0


def render_layered(chart: Flowchart, width: int) -> list[str] | None:
    """The layered drawing within ``width`` cells, or None (too big, cyclic or too wide)."""
    if len(chart.nodes) > MAX_LAYERED_NODES:
        return None
    layering = assign_layers(chart)
    if layering is None:
        return None
    orient = ORIENTS.get(chart.direction, ORIENTS["TD"])  # TB and unknown: TD
    for cap in (width - 4, 24, 14) if orient.vertical else (30, 20, 12):
        out = _draw(chart, layering, width, cap, orient)
        if out is not None:
            return out
    return None


def _items(
    chart: Flowchart, lay: Layering, cap: int, o: Orient
) -> tuple[list[Item], list[_Seg]] | None:
    """Boxes with labels wrapped at ``cap`` cells, plus dummies and segments for edges."""
    edges, _, layer_of = lay
    items: list[Item] = []
    indeg = [sum(1 for e in edges if e[1] == i) for i in range(len(chart.nodes))]
    for i, node in enumerate(chart.nodes):
        lines = wrap_text(node.label, cap)
        w, h = max(1, *map(text_width, lines)) + 4, len(lines) + 2
        w = max(w, 2 * indeg[i] + 3) if o.vertical else w  # room for separate arrows
        items.append(Item(layer_of[i], *((w, h) if o.vertical else (h, w)), lines))
    segs: list[_Seg] = []
    for ei, (a, b, label, head) in enumerate(edges):
        prev = a
        for depth in range(layer_of[a] + 1, layer_of[b]):
            items.append(Item(depth, 1, 0, None))
            segs.append(_Seg(prev, len(items) - 1, "", False, ei))
            prev = len(items) - 1
        segs.append(_Seg(prev, b, label, head, ei))
        if len(items) > MAX_ITEMS:
            return None
    return items, segs


def _route(zone: _Zone, lower: list[int], items: list[Item], segs: list[_Seg]) -> None:
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


def _draw(chart: Flowchart, lay: Layering, width: int, cap: int, o: Orient) -> list[str] | None:
    """Lay out, route and paint with labels wrapped at ``cap``; None if wider than ``width``."""
    built = _items(chart, lay, cap, o)
    if built is None:
        return None
    items, segs = built
    layers: list[list[int]] = [[] for _ in range(max(lay.layer) + 1)]
    preds: list[list[int]] = [[] for _ in items]
    succs: list[list[int]] = [[] for _ in items]
    for i, it in enumerate(items):
        layers[it.layer].append(i)
    for seg in segs:
        preds[seg.dst].append(seg.src)
        succs[seg.src].append(seg.dst)
    order_layers(layers, preds, succs)
    gap = 2 if o.vertical else 1
    extent_c = max(sum(items[i].cross + gap for i in layer) - gap for layer in layers)
    place_items(layers, items, preds, succs, gap, extent_c)
    zones = [
        _Zone([s for s, seg in enumerate(segs) if items[seg.src].layer == k])
        for k in range(len(layers) - 1)
    ]
    starts: list[int] = []  # first and one-past-last position of each layer along the flow
    ends: list[int] = []
    p = 0
    for k, layer in enumerate(layers):
        starts.append(p)
        p += max(1, *(items[i].prim for i in layer))
        ends.append(p)
        if k < len(zones):
            _route(zones[k], layers[k + 1], items, segs)
            widths = [text_width(segs[s].label) for s in zones[k].segs if segs[s].label]
            fits = [w + 2 for w in widths if w <= MAX_INLINE_LABEL]
            zones[k].label_size = (1 if widths else 0) if o.vertical else max(fits, default=0)
            p += 2 + zones[k].ntracks + zones[k].label_size + (0 if o.vertical else 1)
    if (extent_c if o.vertical else p) > width:
        return None
    cv = Canvas(o, p)
    for i, it in enumerate(items):
        ls, le = starts[it.layer], ends[it.layer]
        if it.lines is None:
            cv.run_p(it.left, ls, le - 1, i)
            continue
        (r0, c0), (r1, c1) = cv.phys(ls, it.left), cv.phys(le - 1, it.left + it.cross - 1)
        cv.box(min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1), it.lines)
    legend: list[Edge4] = [(a, a, label, True) for a, label in lay.loops]
    for k, zone in enumerate(zones):
        _draw_connectors(cv, zone, ends[k], starts[k + 1], items, segs)
        unplaced = _draw_labels(cv, zone, ends[k], segs, width)
        legend += [lay.edges[segs[s].edge] for s in unplaced]
    return cv.lines() + notes(chart, legend, width, set())


def _draw_connectors(
    cv: Canvas, zone: _Zone, zs: int, ze: int, items: list[Item], segs: list[_Seg]
) -> None:
    """Paint the zone between flow positions ``zs`` and ``ze``: drop, track, drop, arrow."""
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
            cv.put(*cv.phys(ze - 1, en), cv.o.arrow)


def _draw_labels(cv: Canvas, zone: _Zone, zs: int, segs: list[_Seg], width: int) -> list[int]:
    """Put edge labels on their connectors; return the segments whose label did not fit."""
    o, unplaced = cv.o, []
    label_p = zs + 1 + zone.ntracks
    for s in zone.segs:
        seg, en = segs[s], zone.entry[s]
        if not seg.label:
            continue
        lw = text_width(seg.label)
        row, col = cv.phys(label_p, en)
        x = col - lw // 2  # first choice: the label interrupts its own line
        if o.vertical and cv.free(row, max(0, x - 1), col) and cv.free(row, col + 1, x + lw + 1):
            cv.put(row, max(0, x), seg.label)
        elif o.vertical and col + 2 + lw <= width and cv.free(row, col + 1, col + 3 + lw):
            cv.put(row, col + 2, seg.label)
        elif not o.vertical and lw + 2 <= zone.label_size:
            lo = min(col, cv.phys(label_p + zone.label_size - 1, en)[1])
            cv.put(row, lo + (zone.label_size - lw - 2) // 2, f" {seg.label} ")
        else:
            unplaced.append(s)
    return unplaced
