"""A vault streamed in while it is read: the tree grows, a bar shows progress, state is kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import ProgressBar

from kb_tui.core.workspace.load import load_kb
from kb_tui.core.workspace.preload import Pending, start
from kb_tui.tui.app import KbApp

from .conftest import tree


def make_vault(root: Path, count: int) -> Path:
    for number in range(count):
        folder = root / f"area-{number // 4}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note-{number:02}.md").write_text(
            f"# Note {number}\n\n## Layer {number}\n\n- part {number} a\n- part {number} b\n",
            encoding="utf-8",
        )
    return root


async def test_the_tree_grows_batch_by_batch_and_the_bar_follows(
    tmp_path: Path, monkeypatch: object
) -> None:
    root = make_vault(tmp_path / "vault", 12)
    docs = load_kb(root).documents
    pending = Pending(root, None)
    pending.put(("batch", docs[:4], [], 4, 12))
    app = KbApp(root, None, pending)
    async with app.run_test(size=(140, 40)) as pilot:
        for _ in range(100):
            await pilot.pause(0.02)
            if app.session.partial_kb is not None and app.query("#indexing"):
                break
        assert app.session.workspace is None
        assert [node.data.key for node in tree(app).root.children if node.data] == ["folder:area-0"]
        bar = app.query_one("#indexing", ProgressBar)
        assert (bar.progress, bar.total) == (4, 12)
        assert "Indexing 4 / 12" in app.sub_title
        # The user opens the first folder while the rest is still being read.
        tree(app).root.children[0].expand()
        pending.put(("batch", docs[4:9], [], 9, 12))
        await pilot.pause(0.2)
        assert len(tree(app).root.children) == 3
        assert app.query_one("#indexing", ProgressBar).progress == 9
        pending.put(("batch", docs[9:], [], 12, 12))
        pending.put(("end", root, root.name))
        for _ in range(200):
            await pilot.pause(0.02)
            if app.session.workspace is not None:
                break
        await pilot.pause(0.1)
        assert app.session.workspace is not None
        assert len(app.session.workspace.kb.documents) == 12
        assert not app.query("#indexing")
        assert "0/24 done" in app.sub_title
        assert tree(app).nodes["folder:area-0"].is_expanded  # kept across the swap
        assert len(tree(app).root.children) == 3


async def test_a_failed_reader_falls_back_to_reading_in_the_app(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault", 3)
    pending = Pending(root, None)
    pending.put(("error", "OSError: the disk went away"))
    app = KbApp(root, None, pending)
    async with app.run_test(size=(140, 40)) as pilot:
        for _ in range(200):
            await pilot.pause(0.02)
            if app.session.workspace is not None:
                break
        assert app.session.workspace is not None
        assert len(app.session.workspace.kb.documents) == 3


def test_the_forked_reader_streams_every_document_then_the_end(tmp_path: Path) -> None:
    root = make_vault(tmp_path / "vault", 30)
    pending = start(root, None)
    messages = list(pending.messages())
    assert messages[-1][0] == "end"
    batches = [m for m in messages if m[0] == "batch"]
    assert batches and batches[-1][3:] == (30, 30)
    paths = [doc.path for m in batches for doc in m[1]]
    assert paths == sorted(paths) and len(paths) == 30
    workspace = Pending.workspace(_replay(root, messages))
    assert len(workspace.kb.documents) == 30
    assert workspace.kb.name == "vault"


def _replay(root: Path, messages: list[tuple[object, ...]]) -> Pending:
    pending = Pending(root, None)
    for message in messages:
        pending.put(message)
    return pending


def test_a_huge_note_crosses_as_lists_and_arrives_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb_tui.core.vault.codec import dump_parsed
    from kb_tui.core.workspace import preload

    root = make_vault(tmp_path / "vault", 6)
    monkeypatch.setattr(preload, "HUGE_TEXT", 40)  # every note counts as huge here
    assert isinstance(preload._portable(load_kb(root).documents[0]), tuple)
    messages = list(start(root, None).messages())
    streamed = [doc for m in messages if m[0] == "batch" for doc in m[1]]
    assert all(not isinstance(doc, tuple) for doc in streamed)
    expected = load_kb(root, resolve=False).documents
    assert [dump_parsed(d, []) for d in streamed] == [dump_parsed(d, []) for d in expected]
