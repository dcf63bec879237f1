"""Issue 16: ``kb-tui merge-driver BASE OURS THEIRS [PATHNAME]`` on fixture cases, a folder
each under tests/fixtures/merge (base, ours, theirs and the expected result; a case
without ``expected.yaml`` must leave OURS untouched and exit 1, so git reports a conflict)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb_tui.cli.headless import main as headless_main
from kb_tui.core.status.merge import merge_stores, read_side

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "merge"
AT = "2026-12-05T12:00:00Z"


def run_driver(case: Path, tmp_path: Path, swap: bool = False) -> tuple[int, Path]:
    ours, theirs = ("theirs", "ours") if swap else ("ours", "theirs")
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    a = work / ".merge_file_A"  # git's temporary copy of our side: the result goes there
    shutil.copyfile(case / f"{ours}.yaml", a)
    code = headless_main(
        [
            *("merge-driver", str(case / "base.yaml"), str(a), str(case / f"{theirs}.yaml")),
            *(".kb-tui/status.yaml", "--by", "cy", "--at", AT),
        ]
    )
    return code, a


@pytest.mark.parametrize("name", sorted(p.name for p in CASES.iterdir()))
def test_case(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = CASES / name
    code, result = run_driver(case, tmp_path)
    expected = case / "expected.yaml"
    if not expected.exists():
        assert code == 1
        assert result.read_bytes() == (case / "ours.yaml").read_bytes()  # untouched
        assert "left to you" in capsys.readouterr().err
        return
    assert code == 0
    assert result.read_text(encoding="utf-8") == expected.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["clash", "tie", "fields", "disjoint", "removed", "logs"])
def test_either_side_merged_into_the_other_gives_the_same_store(name: str, tmp_path: Path) -> None:
    case = CASES / name
    first = run_driver(case, tmp_path)[1].read_bytes()
    second = run_driver(case, tmp_path, swap=True)[1].read_bytes()
    assert first == second


def test_a_clash_is_said_on_stderr_once_per_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_driver(CASES / "clash", tmp_path)[0] == 0
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "kb-tui: .kb-tui/status.yaml: a status: kept done, lost blocked "
        "(ana, 2026-12-02T00:00:00Z); kept in the store's merge log"
    ]


def test_the_merge_log_is_read_back_and_shown_as_history(tmp_path: Path) -> None:
    case = CASES / "clash"
    merged = merge_stores(
        *(read_side((case / f"{n}.yaml").read_text(), case) for n in ("base", "ours", "theirs")),
        by="cy",
        at=AT,
    )
    assert [(e.item, e.field, e.kept, e.lost, e.lost_by) for e in merged.clashes] == [
        ("a", "status", "done", "blocked", "ana")
    ]
    from kb_tui.core.status.history import parse_history
    from kb_tui.core.status.history_text import describe

    history = parse_history(b"", merged.merges)
    assert [describe(r) for r in history.records] == [
        "merge: status kept done, lost blocked (ana, 2026-12-02 00:00)"
    ]
    assert history.records[0].user == "cy"
