"""Tree labels at every width: counts whole, bars = progress, orphans readable, sort order,
folders (issue 15 #8, #16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tui.core.status.store import StatusStore
from kb_tui.core.workspace.load import load_kb
from kb_tui.core.workspace.preload import Pending
from kb_tui.tui.app import KbApp
from kb_tui.tui.refs import ref_summary
from kb_tui.tui.tree import KbTree

from .conftest import checklist, running, settle, status_of, tree, viewer


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


def _sort_vault(root: Path) -> Path:
    notes = {
        "a.md": "# Zeta\n\n- one\n",
        "z.md": "# alpha\n\n- one\n",
        "n1.md": "# Note 10\n\n- one\n",
        "n2.md": "# Note 2\n\n- one\n",
        "b/x.md": "# In b\n\n- one\n",
        "A/y.md": "# In A\n\n- one\n",
        "folder 10/q.md": "# Q\n\n- one\n",
        "folder 9/q.md": "# Q\n\n- one\n",
    }
    for name, text in notes.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


ORPHAN = "d.md#ops/compute/capacity-planning"
SHOWN_ORDER = ["A", "b", "folder 9", "folder 10", "alpha", "Note 2", "Note 10", "Zeta"]


async def test_the_tree_sorts_by_what_it_shows(tmp_path: Path) -> None:
    root = _sort_vault(tmp_path / "vault")
    async with running(KbApp(root), (120, 40)) as (app, _pilot):
        titles = [node.data.title for node in tree(app).root.children if node.data]
        assert titles == SHOWN_ORDER


async def test_a_streamed_tree_sorts_the_same(tmp_path: Path) -> None:
    root = _sort_vault(tmp_path / "vault")
    docs = load_kb(root).documents  # path order, as the reader streams them
    pending = Pending(root, None)
    pending.put(("batch", docs[:3], [], 3, len(docs)))
    pending.put(("batch", docs[3:], [], len(docs), len(docs)))
    app = KbApp(root, None, pending)
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            for _ in range(100):
                await pilot.pause(0.02)
                if len(tree(app).root.children) == len(SHOWN_ORDER):
                    break
            titles = [node.data.title for node in tree(app).root.children if node.data]
            assert app.session.workspace is None  # still streaming
            assert titles == SHOWN_ORDER
        finally:
            pending.put(("end", root, root.name))  # else the app waits for it at exit
        for _ in range(200):
            await pilot.pause(0.02)
            if app.session.workspace is not None:
                break
        await pilot.pause(0.1)
        titles = [node.data.title for node in tree(app).root.children if node.data]
        assert titles == SHOWN_ORDER


async def test_an_orphan_shows_its_text_and_document_not_its_id(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    root = tmp_path / "vault"
    root.mkdir()
    doc = "# Ops\n## Compute\n- Capacity planning\n- Server racks\n"
    (root / "d.md").write_text(doc, encoding="utf-8")
    StatusStore(root / ".kb-tui" / "status.yaml").set(ORPHAN, "done")
    (root / "d.md").write_text(doc.replace("planning", "plannings"), encoding="utf-8")
    async with running(KbApp(root), (80, 24)) as (app, pilot):
        t = tree(app)
        t.focus()
        assert t.select_key("orphans:")
        await pilot.press("l")  # one node per orphan
        await settle(pilot)
        label = t.nodes[f"orphan:{ORPHAN}"].label.plain
        assert label == "● Capacity planning  Compute · d.md"
        assert ORPHAN not in label


def bases_vault(tmp_path: Path, alpha: str) -> Path:
    """A vault with a folder ``Bases`` of two notes ("Zulu base" 1/2 done, "alpha base"
    holding ``alpha``) beside a note at the top."""
    root = tmp_path / "vault"
    (root / "Bases").mkdir(parents=True)
    (root / "Bases" / "a.md").write_text("# Zulu base\n\n- [x] one\n- [ ] two\n", "utf-8")
    (root / "Bases" / "b.md").write_text(alpha, "utf-8")
    (root / "top.md").write_text("# Top\n\n- one\n", "utf-8")
    return root


async def test_a_folder_lists_its_notes_with_progress_and_opens_one(tmp_path: Path) -> None:
    from textual.widgets import Markdown

    root = bases_vault(tmp_path, "# alpha base\n\n- [ ] one\n")
    async with running(KbApp(root), (100, 30)) as (app, pilot):
        t = tree(app)
        t.focus()
        assert t.select_key("folder:Bases")
        await pilot.press("enter")
        await settle(pilot)
        shown = viewer(app).source_text
        assert "1/3 done · 33%** in 2 notes" in shown
        rows = [line for line in shown.splitlines() if "kb-doc:" in line]
        assert rows == [  # in the tree's order, each with its own progress
            "| [alpha base](kb-doc:Bases/b.md) | 0/1 | 0% |",
            "| [Zulu base](kb-doc:Bases/a.md) | 1/2 | 50% |",
        ]
        for _ in range(100):
            if viewer(app).ready:
                break
            await pilot.pause(0.05)
        markdown = app.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "kb-doc:Bases/b.md"))
        await settle(pilot)
        assert t.current is not None and t.current.key == "Bases/b.md"


async def test_an_empty_vault_says_so_with_a_hint(tmp_path: Path) -> None:
    root = tmp_path / "empty"
    root.mkdir()
    app = KbApp(root)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(250):
            await pilot.pause(0.02)
            if app.session.workspace is not None:
                break
        await settle(pilot)
        shown = viewer(app).source_text
        assert f"No notes found in {root}" in shown
        assert "Markdown file (*.md)" in shown and "kb-tui --help" in shown
        assert not viewer(app).max_scroll_y  # the hint fits 80×24 without scrolling


async def test_a_folder_checklist_lists_its_notes_and_their_items(tmp_path: Path) -> None:
    """The folder's count (``1/3 done``) is what its checklist lists: each note, in the
    tree's order, with the items under it, which take status keys as anywhere else."""
    root = bases_vault(tmp_path, "# alpha base\n\n## Part\n- [ ] three\n")
    async with running(KbApp(root), (120, 30)) as (app, pilot):
        t = tree(app)
        t.focus()
        assert t.select_key("folder:Bases")
        await pilot.press("enter")
        await settle(pilot)
        pane = checklist(app)
        rows = [str(o.prompt) for o in pane.option_list.options]
        assert [r.strip() for r in rows] == [
            "📄 alpha base 0/1 0%",
            "§ Part 0/1 0%",
            "○ three",
            "📄 Zulu base 1/2 50%",
            "● one",
            "○ two",
        ]
        assert "No checklist items here." not in "".join(rows)
        await pilot.press("tab", "tab")  # to the checklist
        assert app.focused is pane.option_list
        assert pane.current is not None and pane.current.text == "three"
        await pilot.press("d")
        await settle(pilot)
        assert status_of(app, pane.current.id) == "done"
