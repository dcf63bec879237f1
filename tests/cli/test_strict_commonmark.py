"""Reading broken fences (issue 15 #10) from the command line: every command that reads a
vault takes ``--strict-commonmark``; reports say how many notes were read with fences
repaired in memory; the explorer passes the flag to its readers."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from helpers.paths import DOCTOR_FIXTURES
from kb_tui.cli.explorer import run_explorer
from kb_tui.cli.headless import main
from kb_tui.core.limits import STRICT_ENV

SWALLOWED = (DOCTOR_FIXTURES / "swallowed.md").read_text(encoding="utf-8")
LINE = (
    "2 notes read with broken fences repaired in memory, as kb-tui fix would write them "
    "(kb-tui check lists them; --strict-commonmark reads the files as written)."
)


@pytest.fixture
def vault(make_vault, isolated_state: Path) -> Path:  # type: ignore[no-untyped-def]
    return make_vault(  # type: ignore[no-any-return]
        {
            "swallowed.md": SWALLOWED,
            "broken.md": (DOCTOR_FIXTURES / "broken.md").read_text(encoding="utf-8"),
            "ok.md": "# OK\n\n- fine\n",
        }
    )


def run(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    main(list(args))
    return capsys.readouterr().out


def test_tree_mark_and_history_read_strictly_on_request(vault: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    lenient = run(capsys, "tree", str(vault))
    strict = run(capsys, "tree", str(vault), "--strict-commonmark")
    assert "gitGraph" not in lenient and "Write the summary" in lenient
    assert "gitGraph" in strict and "quadrant-1" in strict
    assert main(["mark", str(vault), "quadrant-1", "done"]) == 1  # no such item, as read
    assert main(["mark", str(vault), "quadrant-1", "done", "--strict-commonmark"]) == 0
    capsys.readouterr()
    assert main(["history", str(vault), "--strict-commonmark"]) == 0


def test_reports_say_how_many_notes_were_read_repaired(vault: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    markdown = run(capsys, "export", str(vault), "--format", "md")
    assert f"> {LINE}" in markdown
    html = run(capsys, "export", str(vault), "--format", "html")
    assert LINE in html
    report = json.loads(run(capsys, "export", str(vault), "--format", "json"))
    repaired = [p for p in report["problems"] if p["code"] == "fence-repaired-in-memory"]
    assert sorted(p["path"] for p in repaired) == ["broken.md", "swallowed.md"]
    for fmt in ("md", "html"):
        strict = run(capsys, "export", str(vault), "--format", fmt, "--strict-commonmark")
        assert "repaired in memory" not in strict


def test_the_explorer_passes_the_flag_to_its_readers(
    vault: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(STRICT_ENV, "")  # restored after the test
    assert run_explorer([str(vault), "--strict-commonmark"]) == 1  # not a terminal…
    assert "needs a terminal" in capsys.readouterr().err  # …but no usage error
    assert os.environ[STRICT_ENV] == "1"
    assert run_explorer([str(vault), "--strict"]) == 2
