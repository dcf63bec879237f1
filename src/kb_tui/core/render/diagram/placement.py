"""Where the boxes of the layered layout go: layers, order within a layer, positions.

This is the graph-drawing half of the layered renderer, free of any drawing: nodes are
put on layers by longest path (only possible when the graph is acyclic), ordered by a
few barycenter sweeps to reduce crossings, and packed along each layer as close to their
neighbours as the gaps allow.  Everything is deterministic.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass
from typing import NamedTuple

from kb_tui.core.parse.mermaid import Flowchart

Edge4 = tuple[int, int, str, bool]  # (src index, dst index, label, has arrow head)


class Layering(NamedTuple):
    edges: list[Edge4]  # deduplicated, labels of parallel edges merged
    loops: list[tuple[int, str]]  # self-loops: (node index, label)
    layer: list[int]  # layer of each node


@dataclass
class Item:
    """A box, or a one-cell dummy that carries a long edge through an intermediate layer."""

    layer: int
    cross: int  # size across the layer direction
    prim: int  # size along the layer direction
    lines: list[str] | None  # None: a dummy item carrying a long edge through a layer
    left: int = 0

    @property
    def exit(self) -> int:
        return self.left + self.cross // 2


def assign_layers(chart: Flowchart) -> Layering | None:
    """Deduplicate edges and put each node on its longest-path layer; None if cyclic."""
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
    return Layering(edges, loops, layer) if done == n else None


def order_layers(layers: list[list[int]], preds: list[list[int]], succs: list[list[int]]) -> None:
    """Barycenter crossing reduction, a few deterministic down/up sweeps (in place)."""
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


def place_items(
    layers: list[list[int]],
    items: list[Item],
    preds: list[list[int]],
    succs: list[list[int]],
    gap: int,
    extent: int,
) -> None:
    """Set ``left`` of every item: centred layers, then pulled under their neighbours."""
    for lay in layers:
        x = (extent - sum(items[i].cross for i in lay) - gap * (len(lay) - 1)) // 2
        for i in lay:
            items[i].left, x = x, x + items[i].cross + gap
    for near, seq in ((preds, layers[1:]), (succs, layers[-2::-1])):
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
