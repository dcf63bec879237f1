"""How the tree's nodes are labelled, and fitted to the pane's width.

A container's label ends with its count (``0/12 0%``); :meth:`LabelledTree.render_label`
fits it to the width each time a line is drawn, so the count stays whole in a narrow pane
and a resize (or a pane hidden beside the tree) re-fits every label.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from kb_tui.core.model import KnowledgeBase
from kb_tui.core.status.orphans import describe
from kb_tui.core.status.tallies import Tallies
from kb_tui.tui.labels import container_label, fit_label, item_label, label_ends, orphan_label
from kb_tui.tui.refs import NodeRef, ref_summary


class LabelledTree(Tree[NodeRef]):
    """The labels of :class:`~kb_tui.tui.tree.KbTree` (its base)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(Text("Loading…"), id=id)
        self.guide_depth = 3
        self.kb: KnowledgeBase | None = None
        self.tallies = Tallies()  # the app's, set when a vault is loaded
        self.nodes: dict[str, TreeNode[NodeRef]] = {}
        self.filter_positions: dict[str, list[int]] = {}
        self._ends: dict[str, tuple[int, int]] = {}  # node key -> (bar, count) cells to fit

    def get_label_width(self, node: TreeNode[NodeRef]) -> int:
        """A label's width without rendering it (Textual renders every label to measure it,
        on every rebuild: seconds on a tree of tens of thousands of lines)."""
        icon = cell_len(self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE)
        label = node.label
        width = label.cell_len if isinstance(label, Text) else cell_len(label)
        width += icon if node.allow_expand else 0
        if node.data is not None and node.data.key in self._ends:
            width = min(width, self._room(node))  # fitted: see render_label
        return width

    def render_label(self, node: TreeNode[NodeRef], base_style: Style, style: Style) -> Text:
        """A container's label fitted to the pane, its count kept whole (``… 0/12 0%``).

        Fitted when drawn, so a resize or a hidden pane re-fits it (Textual's line cache is
        keyed by the width and cleared on resize).
        """
        text = super().render_label(node, base_style, style)
        ends = self._ends.get(node.data.key) if node.data is not None else None
        if ends is None:
            return text
        label = node.label
        prefix = len(text.plain) - len(label.plain if isinstance(label, Text) else label)
        toggle, rest = text[:prefix], text[prefix:]  # the ▶/▼ toggle stays
        fitted = fit_label(rest, self._room(node) - toggle.cell_len, ends)
        return text if fitted is rest else toggle + fitted

    def _room(self, node: TreeNode[NodeRef]) -> int:
        """Cells for ``node``'s label: the pane less its guides and a scrollbar's width
        (reserved, so the fit does not depend on whether one is shown)."""
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        scrollbar = self.styles.scrollbar_size_vertical
        return max(1, self.size.width - scrollbar - depth * self.guide_depth)

    # -- labels --------------------------------------------------------------------------
    def label_for(self, ref: NodeRef) -> Text:
        if ref.kind == "item" and ref.item is not None:
            label = item_label(ref.item, with_meta=True)
        elif ref.kind == "orphan" and ref.orphan is not None:
            label = orphan_label(ref.orphan, describe(ref.orphan.id, self.kb))
        elif ref.kind == "orphans":
            count = len(self.kb.orphans) if self.kb else 0
            label = Text(f"⚠ Orphaned statuses ({count})", style="bold #d9a400")
        else:
            icon = {"folder": "📁", "document": "📄"}.get(ref.kind, "")
            summary = ref_summary(ref, self.tallies)
            label = container_label(ref.title, summary, icon)
            self._ends[ref.key] = label_ends(summary)
        positions = self.filter_positions.get(ref.key)
        if positions:
            offset = label.plain.find(ref.title)
            for pos in positions:
                if offset >= 0:
                    label.stylize("bold underline", offset + pos, offset + pos + 1)
        return label

    def refresh_item(self, item_id: str) -> None:
        """Relabel an item's node and every ancestor (their progress changed)."""
        node = self.nodes.get(item_id)
        if node is None:
            node = self._nearest_existing(item_id)
        while node is not None and node.data is not None:
            node.set_label(self.label_for(node.data))
            node = node.parent

    def refresh_all(self) -> None:
        for node in self.nodes.values():
            if node.data is not None:
                node.set_label(self.label_for(node.data))

    def _nearest_existing(self, key: str) -> TreeNode[NodeRef] | None:
        probe = key
        while "/" in probe:
            probe = probe.rsplit("/", 1)[0]
            if probe in self.nodes:
                return self.nodes[probe]
        doc_path = key.split("#", 1)[0]
        return self.nodes.get(doc_path)
