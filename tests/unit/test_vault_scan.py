"""Which files a vault scan reads, and how bad files become problems."""

from __future__ import annotations

import os
from pathlib import Path

from kb_tui.core.parse.document import Limits
from kb_tui.core.workspace.load import load_kb


def test_skips_hidden_and_tool_folders(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault(
        {
            "a.md": "# a",
            "sub/b.md": "# b",
            ".obsidian/x.md": "",
            ".git/y.md": "",
            ".trash/z.md": "",
            "node_modules/p.md": "",
            ".hidden/h.md": "",
            "notes.txt": "",
        }
    )
    assert [d.path for d in load_kb(root).documents] == ["a.md", "sub/b.md"]


def test_symlinks_out_of_root_and_loops_are_not_followed(make_vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.md").write_text("# secret")
    root = make_vault({"a.md": "# a"})
    os.symlink(outside, root / "escape")
    os.symlink(outside / "secret.md", root / "leak.md")
    os.symlink(root, root / "loop")
    kb = load_kb(root)
    assert [d.path for d in kb.documents] == ["a.md"]
    assert any(p.path == "leak.md" and p.code == "unreadable" for p in kb.problems)


def test_fifo_and_binary_are_problems_not_hangs(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"ok.md": "# ok", "bin.md": b"\x00\x01\x02" * 100})
    os.mkfifo(root / "pipe.md")
    kb = load_kb(root)
    assert [d.path for d in kb.documents] == ["ok.md"]
    codes = {p.path: p.code for p in kb.problems}
    assert codes == {"bin.md": "binary", "pipe.md": "unreadable"}


def test_oversized_file_is_truncated_with_a_warning(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"big.md": "# big\n" + "- item\n" * 5000})
    kb = load_kb(root, limits=Limits(max_file_bytes=1000))
    assert kb.documents[0].truncated
    assert any(p.code == "file-too-large" for p in kb.problems)


def test_single_file_knowledge_base(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"one.md": "# One\n- x\n", "two.md": "# Two\n"})
    kb = load_kb(root / "one.md")
    assert [d.path for d in kb.documents] == ["one.md"]
    assert kb.name == "One"


def test_a_report_saved_in_the_vault_is_not_read_as_a_note(make_vault) -> None:  # type: ignore[no-untyped-def]
    from kb_tui.core.report.export import render

    root = make_vault({"a.md": "# A\n- x\n"})
    report, _ = render(load_kb(root), "md")
    (root / "kb-report-2026-01-01.md").write_text(report, encoding="utf-8")
    kb = load_kb(root)
    assert [d.path for d in kb.documents] == ["a.md"]
    assert [(p.path, p.code) for p in kb.problems] == [("kb-report-2026-01-01.md", "kb-tui-report")]
