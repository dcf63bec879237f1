"""Tree labels at every width: counts whole, bars = progress, orphans readable, sort order,
folders (issue 15 #8, #16)."""

from __future__ import annotations

from kb_tui.tui.app import KbApp
from kb_tui.tui.refs import ref_summary
from kb_tui.tui.tree import KbTree

from .conftest import running, settle, tree


def _counts_cut(t: KbTree) -> list[str]:
    """Visible container lines whose ``done/applicable pct%`` is not wholly on screen."""
    bad = []
    for y in range(min(t.size.height, len(t._tree_lines))):
        node = t._tree_lines[y].node
        ref = node.data
        if ref is None or ref.kind not in ("folder", "document", "section", "group"):
            continue
        summary = ref_summary(ref, t.tallies)
        if not summary.items:
            continue
        line = t.render_line(y).text.rstrip()
        if not line.endswith(summary.label()) or ("…" not in line and ref.title not in line):
            bad.append(line)
    return bad


async def _expand_some(app: KbApp, t: KbTree) -> None:
    for node in list(t.root.children[0].children)[1:4]:  # a few sections, two levels
        t.populate(node)
        node.expand()
        for child in node.children[:2]:
            t.populate(child)
            child.expand()


async def test_every_count_is_whole_at_80_and_100_columns(make_app) -> None:  # type: ignore[no-untyped-def]
    for size in ((80, 24), (100, 30)):
        async with running(make_app(), size) as (app, pilot):
            t = tree(app)
            await _expand_some(app, t)
            await settle(pilot)
            lines = [t.render_line(y).text for y in range(t.size.height)]
            assert any("…" in line for line in lines)  # titles were shortened…
            assert not _counts_cut(t), size  # …and never a count


async def test_labels_refit_after_a_resize(make_app) -> None:  # type: ignore[no-untyped-def]
    async with running(make_app(), (160, 48)) as (app, pilot):
        t = tree(app)
        await _expand_some(app, t)
        await settle(pilot)
        assert not _counts_cut(t)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not _counts_cut(t)
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert not _counts_cut(t)
