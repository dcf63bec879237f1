"""Hostile and broken vaults (tests/hostile/corpus.py): every file opens without a crash,
a hang or a traceback, with a clear problem recorded, and the rest of the vault unaffected.

Core guarantees, checked file by file in-process (``kb-tui check``/``export``/``tree`` over
the whole corpus: tests/cli/test_hostile_cli.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from helpers.cli import CONTROL
from hostile.corpus import MARKUP, SMALL, Case, build
from kb_tui.core.model import KnowledgeBase
from kb_tui.core.parse.document import Limits, build_document
from kb_tui.core.parse.frontmatter import split_frontmatter
from kb_tui.core.text import strip_controls
from kb_tui.core.vault.files import iter_markdown, read_file
from kb_tui.core.vault.ingest import parse_raw
from kb_tui.core.workspace.load import load_kb


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Case]]:
    root = tmp_path_factory.mktemp("hostile") / "vault"
    return root, build(root)


@pytest.fixture(scope="module")
def corpus_kb(corpus: tuple[Path, list[Case]]) -> KnowledgeBase:
    return load_kb(corpus[0])


def _all_display_text(kb: KnowledgeBase) -> list[str]:
    texts: list[str] = [kb.name]
    for doc in kb.documents:
        texts += [doc.path, doc.title, json.dumps(doc.frontmatter, ensure_ascii=False)]
        for section in doc.iter_sections():
            texts.append(section.title)
        texts += [item.text for item in doc.iter_items()]
    return texts


# -- one file at a time ------------------------------------------------------------------
@pytest.mark.parametrize("case", SMALL, ids=lambda c: c.name)
def test_each_small_case_parses_with_its_problem(case: Case, tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / case.name).write_bytes(case.data)
    (root / "good.md").write_text("# Good\n- good item\n")
    kb = load_kb(root)
    codes = {p.code for p in kb.problems if p.path == case.name}
    if case.problem is not None:
        assert case.problem in codes, [p.message for p in kb.problems]
    if case.item is not None:
        doc = next(d for d in kb.documents if d.path == case.name)
        assert case.item in [item.text for item in doc.iter_items()]
    good = next(d for d in kb.documents if d.path == "good.md")
    assert [item.text for item in good.iter_items()] == ["good item"]
    for text in _all_display_text(kb):
        assert not any(ch in text for ch in CONTROL), (case.name, text[:200])


def test_whole_corpus_in_process(corpus: tuple[Path, list[Case]], corpus_kb: KnowledgeBase) -> None:
    root, cases = corpus
    kb = corpus_kb
    paths = {doc.path for doc in kb.documents}
    problems = {(p.path, p.code) for p in kb.problems}
    for case in cases:
        if case.problem is not None:
            assert (case.name, case.problem) in problems, case.name
        if case.item is not None:
            doc = next(d for d in kb.documents if d.path == case.name)
            assert case.item in [i.text for i in doc.iter_items()], case.name
    good = next(d for d in kb.documents if d.path == "good.md")
    assert [i.text for i in good.iter_items()] == ["good item one", "good item two"]
    # file-system oddities: each one a problem naming the file, none read
    for name in ("fifo.md", "self-loop.md", "loop-a.md", "loop-b.md", "zero.md", "dangling.md"):
        assert name not in paths
        assert any(p.path == name and p.severity == "error" for p in kb.problems), name
    assert ("outside-link.md", "unreadable") in problems
    assert not any("outside" in p and p != "outside-link.md" for p in paths)
    assert not any(p.startswith(("dir-loop/", "outside-dir/")) for p in paths)
    # YAML never constructed an object, python never ran
    assert not (root / "PWNED-YAML").exists() and not Path("PWNED-YAML").exists()
    assert not Path("PWNED-PY").exists()


def test_big_files_are_capped_and_reported(corpus_kb: KnowledgeBase) -> None:
    kb = corpus_kb
    long_doc = next(d for d in kb.documents if d.path == "big-long-line.md")
    assert max(map(len, long_doc.text.split("\n"))) <= Limits().max_line_chars + 2
    headings = next(d for d in kb.documents if d.path == "big-headings.md")
    assert sum(1 for _ in headings.iter_sections()) == 100_000


def test_caps_are_configurable_and_truncate_with_a_warning(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "many.md").write_text(
        "".join(f"## h{n}\n- item {n}\n" for n in range(500)) + "x" * 5000 + "\n"
    )
    limits = Limits(max_file_bytes=4000, max_headings=50, max_line_chars=100, max_items=20)
    kb = load_kb(root, limits=limits)
    codes = {p.code for p in kb.problems}
    assert "file-too-large" in codes  # shown truncated, not refused
    doc = kb.documents[0]
    assert doc.truncated and len(doc.text.encode()) <= 4000
    limits = Limits(max_headings=50, max_line_chars=100, max_items=20)
    kb = load_kb(root, limits=limits)
    codes = {p.code for p in kb.problems}
    assert {"too-many-headings", "too-many-items", "line-too-long"} <= codes
    assert sum(1 for _ in kb.documents[0].iter_items()) == 20
    assert sum(1 for _ in kb.documents[0].iter_sections()) == 50


def test_caps_from_environment() -> None:
    env = {"KB_TUI_MAX_FILE_BYTES": "1_000", "KB_TUI_MAX_ITEMS": "7", "KB_TUI_MAX_HEADINGS": "x"}
    limits = Limits.from_env(env)
    assert (limits.max_file_bytes, limits.max_items) == (1000, 7)
    assert limits.max_headings == Limits().max_headings  # a bad value is ignored


def test_links_never_leave_the_vault(corpus_kb: KnowledgeBase) -> None:
    paths = {doc.path for doc in corpus_kb.documents}
    links = [link for link in corpus_kb.links if link.source == "links.md"]
    assert len(links) >= 10
    for link in links:
        assert link.resolved is None or link.resolved in paths
        assert link.resolved is None or not link.resolved.startswith(("/", ".."))
    # only relative .md links and wikilinks are vault links; schemes are never links to follow
    targets = {link.target for link in links}
    for scheme in ("javascript:", "file:", "data:", "smb:", "ssh:", "x-custom:", "vbscript:"):
        assert not any(t.startswith(scheme) for t in targets)


def test_yaml_never_constructs_objects() -> None:
    for text in (
        "---\nx: !!python/object/apply:os.system ['true']\n---\n",
        "---\nx: !!python/object/new:subprocess.Popen [['true']]\n---\n",
        "---\nx: !!python/name:os.system\n---\n",
        "---\nx: !!binary aGk=\n---\n",
        "---\nx: !!set {a, b}\n---\n",
    ):
        fm = split_frontmatter(text)
        for value in fm.data.values():
            assert isinstance(value, str | int | float | bool | list | dict | type(None))


def test_vanishing_and_changing_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "a.md").write_text("- a\n")
    (root / "gone.md").write_text("- gone\n")
    (root / "grows.md").write_text("- grows\n")
    listed = list(iter_markdown(root))
    (root / "gone.md").unlink()  # vanishes between listing and reading
    raw = read_file(root / "gone.md", root, Limits())
    doc, problems = parse_raw(raw, Limits())
    assert doc is None and problems[0].code == "unreadable"
    stop = threading.Event()

    def grow() -> None:
        with open(root / "grows.md", "a") as handle:
            while not stop.is_set() and handle.tell() < 2_000_000:
                handle.write("- more\n" * 100)
                handle.flush()

    writer = threading.Thread(target=grow)
    writer.start()
    try:
        monkeypatch.setattr("kb_tui.core.vault.load.iter_markdown", lambda _root: iter(listed))
        for _ in range(5):
            kb = load_kb(root, limits=Limits(max_file_bytes=100_000))
            assert "a.md" in {d.path for d in kb.documents}
            assert any(p.path == "gone.md" for p in kb.problems)
    finally:
        stop.set()
        writer.join()


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    root = tmp_path / "v"
    root.mkdir()
    (root / "secret.md").write_text("- hidden\n")
    (root / "ok.md").write_text("- visible\n")
    os.chmod(root / "secret.md", 0)
    if os.getuid() == 0:  # root reads anything: check as an unprivileged user instead
        if not hasattr(os, "setuid"):
            pytest.skip("cannot drop privileges")
        os.chmod(tmp_path, 0o755)
        os.chmod(root, 0o755)
        os.chmod(root / "ok.md", 0o644)
        warm = tmp_path / "warm"
        warm.mkdir()
        (warm / "w.md").write_text("---\na: 1\n---\n# W\n- w\n```yaml\nk: v\n```\n")
        code = (  # import (and warm lazy imports) first: the stdlib may be root-only
            "import os, sys, json; from pathlib import Path; "
            "from kb_tui.core.workspace.load import load_kb; load_kb(Path(sys.argv[2])); "
            "os.setgid(65534); os.setuid(65534); "
            "kb = load_kb(Path(sys.argv[1])); "
            "print(json.dumps([[p.path, p.code] for p in kb.problems] + "
            "[d.path for d in kb.documents]))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code, str(root), str(warm)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        if result.returncode != 0 and "Permission denied" in result.stderr:
            pytest.skip("the unprivileged user cannot run this Python")
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)
        assert ["secret.md", "unreadable"] in found and "ok.md" in found
        return
    kb = load_kb(root)
    assert ("secret.md", "unreadable") in {(p.path, p.code) for p in kb.problems}
    assert [d.path for d in kb.documents] == ["ok.md"]


def test_markup_is_kept_as_literal_text(corpus_kb: KnowledgeBase) -> None:
    doc = next(d for d in corpus_kb.documents if d.path == "markup.md")
    assert doc.title == MARKUP
    assert MARKUP in [item.text for item in doc.iter_items()]


def test_parser_is_iterative_for_deep_input() -> None:
    for text in ("- " * 10_000 + "x", "> " * 10_000 + "x", "1. " * 5_000 + "x", "[" * 100_000):
        doc, _ = build_document("deep.md", text)
        assert doc.path == "deep.md"


def test_strip_controls_removes_every_terminal_attack() -> None:
    from hostile.corpus import TERMINAL

    cleaned = strip_controls(TERMINAL)
    assert not any(ch in cleaned for ch in CONTROL)
