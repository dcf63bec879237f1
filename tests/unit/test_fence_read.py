"""Notes read as their authors meant them (issue 15 #10): a closing fence with an info string
is read as closed wherever the doctor is certain it was meant to close — the rule
``kb-tui fix`` applies — so items and IDs are the repaired file's; ``strict_commonmark``
reads the file as CommonMark does."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from helpers.paths import DOCTOR_FIXTURES, OPS_KB
from kb_tui.core.doctor.backup import apply_plan
from kb_tui.core.doctor.repair import plan_one, plan_repairs
from kb_tui.core.limits import Limits
from kb_tui.core.model import KnowledgeBase
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.parse.document import build_document
from kb_tui.core.parse.fences import extract_fence
from kb_tui.core.vault.cache import ParseCache
from kb_tui.core.vault.codec import dump_parsed, load_parsed
from kb_tui.core.vault.load import read_kb

SWALLOWED = (DOCTOR_FIXTURES / "swallowed.md").read_text(encoding="utf-8")
LENIENT, STRICT = Limits(), Limits(strict_commonmark=True)
REPAIRED = ProblemCode.FENCE_REPAIRED_IN_MEMORY


def texts(text: str, limits: Limits = LENIENT) -> list[str]:
    doc, _ = build_document("note.md", text, limits=limits)
    return [item.text for item in doc.iter_items()]


def ids_by_note(kb: KnowledgeBase) -> dict[str, list[str]]:
    return {doc.path: [item.id for item in doc.iter_items()] for doc in kb.documents}


def test_a_closing_fence_with_an_info_string_is_read_as_closed() -> None:
    text = "# N\n\n```yaml\nkey: 1\n```text\n\n## Next\n\n- an item\n"
    doc, problems = build_document("note.md", text)
    assert [item.text for item in doc.iter_items()] == ["key: 1", "an item"]
    assert [s.title for s in doc.iter_sections()] == ["N", "Next"]
    assert doc.fence_repairs == [(5, "```")]
    assert doc.text == text  # the file's text is kept as it is…
    assert doc.read_text() == text.replace("```text", "```")  # …and read repaired
    [info] = [p for p in problems if p.code == REPAIRED]
    assert (info.severity, info.line) == ("info", 5)
    assert "read with 1 broken fence repaired in memory" in info.message
    # the doctor still reports the line itself, on the file as written
    assert [(p.code, p.line) for p in doc.findings or []] == [("fence-info-on-close", 5)]


@pytest.mark.parametrize(
    "text",
    [
        "```python\nx = 1\n```text\nmore = 2\n```\n",  # code follows: maybe an example
        "```markdown\n- a\n```yaml\nb: 1\n```\n- c\n",  # an example inside a markdown fence
        "```yaml\n```text\n## h\n",  # an empty fence
        "````yaml\na: 1\n```text\n## h\n````\n",  # shorter than the opener
    ],
)
def test_nothing_is_repaired_where_the_doctor_is_not_certain(text: str) -> None:
    doc, problems = build_document("note.md", text)
    assert doc.fence_repairs == []
    assert REPAIRED not in {p.code for p in problems}
    assert texts(text) == texts(text, STRICT)


def test_strict_mode_reads_commonmark() -> None:
    doc, problems = build_document("note.md", SWALLOWED, limits=STRICT)
    assert doc.fence_repairs == [] and REPAIRED not in {p.code for p in problems}
    swallowed = [item.text for item in doc.iter_items()]
    assert {"gitGraph", "quadrant-1", "1", "response_layers"} <= set(swallowed)
    assert texts(SWALLOWED) == [
        "Collect",
        "Analyse",
        "Publish",
        "detect",
        "contain",
        "verify",
        "Write the summary",
        "Review with the team",
    ]


def test_non_flowchart_diagrams_are_never_itemised() -> None:
    for diagram in (
        "gitGraph\n    commit\n    branch feature\n",
        "xychart-beta\n    x-axis [a, b]\n    bar [1, 2]\n",
        "quadrantChart\n    quadrant-1 Do\n",
        "sequenceDiagram\n    Alice->>Bob: hi\n",
        'pie\n    "a" : 1\n',
        "gantt\n    section A\n    task :a1, 2024-01-01, 3d\n",
        "classDiagram\n    A <|-- B\n",
        "stateDiagram-v2\n    [*] --> S\n",
        "erDiagram\n    A ||--o{ B : has\n",
        "journey\n    section Go\n",
        "mindmap\n  root\n    child\n",
        "timeline\n    2024 : event\n",
        "%%{init: {}}%%\ngitGraph\n    commit\n",
    ):
        assert extract_fence("mermaid", diagram, 2).nodes == [], diagram
    assert [n.text for n in extract_fence("mermaid", "graph TD\nA-->B\n", 2).nodes] == ["A", "B"]  # type: ignore[union-attr]
    assert not {"gitGraph", "commit", "xychart-beta", "quadrant-1"} & set(texts(SWALLOWED))


def test_ids_read_leniently_are_the_repaired_files(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    (vault / "ops").mkdir(parents=True)
    (vault / "ops" / "swallowed.md").write_text(SWALLOWED, encoding="utf-8")
    for name in ("broken.md", "list_close.md", "never_closed.md", "tildes.md", "guards.md"):
        shutil.copyfile(DOCTOR_FIXTURES / name, vault / name)
    lenient = read_kb(vault, LENIENT)
    assert sum(bool(doc.fence_repairs) for doc in lenient.documents) == 5
    apply_plan(plan_repairs(vault, [ProblemCode.FENCE_INFO_ON_CLOSE]))
    repaired = read_kb(vault, STRICT)
    assert ids_by_note(lenient) == ids_by_note(repaired)
    assert {d.path: d.read_text() for d in lenient.documents} == {
        d.path: d.text for d in repaired.documents
    }
    assert all(not doc.fence_repairs for doc in read_kb(vault, LENIENT).documents)


def test_the_info_lines_repair_is_the_whole_notes(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text(SWALLOWED, encoding="utf-8")
    doc, problems = build_document("note.md", SWALLOWED)
    [info] = [p for p in problems if p.code == REPAIRED]
    plan = plan_one(tmp_path, "note.md", info.code, info.line)
    assert plan is not None
    assert [(c.line, c.new.decode()) for c in plan.changes] == doc.fence_repairs
    assert info.fix == "drop the info string of the note's 6 broken closing fences (kb-tui fix)"


def test_the_repairs_survive_the_cache_codec() -> None:
    doc, problems = build_document("note.md", SWALLOWED)
    back, back_problems = load_parsed(dump_parsed(doc, problems))
    assert back.fence_repairs == doc.fence_repairs and back.read_text() == doc.read_text()
    assert back_problems == problems


def test_the_parse_cache_keeps_each_mode_apart(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "note.md").write_text(SWALLOWED, encoding="utf-8")
    assert ParseCache.open(vault, LENIENT).folder != ParseCache.open(vault, STRICT).folder
    for _ in range(2):  # cold, then from each mode's own cache
        assert len(ids_by_note(read_kb(vault, LENIENT))["note.md"]) == 8
        assert len(ids_by_note(read_kb(vault, STRICT))["note.md"]) == 18


def test_the_vault_config_and_the_environment_ask_for_a_strict_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = tmp_path / "vault"
    (vault / ".kb-tui").mkdir(parents=True)
    (vault / "note.md").write_text(SWALLOWED, encoding="utf-8")
    count = lambda: len(ids_by_note(read_kb(vault))["note.md"])  # noqa: E731
    assert count() == 8
    config = vault / ".kb-tui" / "config.toml"
    config.write_text("strict_commonmark = true\n")
    assert count() == 18
    for odd in ("strict_commonmark = 'yes'\n", "strict_commonmark = [\n", "\xff"):
        config.write_text(odd, encoding="latin-1")
        assert count() == 8  # anything but true: the default
    config.unlink()
    monkeypatch.setenv("KB_TUI_STRICT_COMMONMARK", "1")
    assert Limits.from_env().strict_commonmark and count() == 18


@pytest.mark.slow
@pytest.mark.skipif(not OPS_KB.is_dir(), reason="the ops-kb vault is not beside the checkout")
def test_ops_kb_read_leniently_has_the_ids_of_its_repaired_copy(tmp_path: Path) -> None:
    copy = tmp_path / "ops-kb"
    shutil.copytree(OPS_KB, copy)
    lenient = read_kb(OPS_KB, LENIENT)
    assert sum(bool(doc.fence_repairs) for doc in lenient.documents) == 340
    apply_plan(plan_repairs(copy, [ProblemCode.FENCE_INFO_ON_CLOSE]))
    repaired = read_kb(copy, STRICT)
    before, after = ids_by_note(lenient), ids_by_note(repaired)
    assert before.keys() == after.keys()
    assert [path for path in before if before[path] != after[path]] == []
    assert (
        sum(map(len, before.values()))
        > 50_000
        > sum(1 for _ in read_kb(OPS_KB, STRICT).iter_items())
    )
