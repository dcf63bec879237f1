"""``kb-tui history`` (in-process, ``kb_tui.cli.headless.main``): a vault's or an item's
history, by text or ID, of removed items, with the default path (the history itself:
tests/unit/test_history.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.status_vaults import DEPLOY, HISTORY_DOC, MakeVault
from kb_tui.cli.headless import main as headless_main


@pytest.fixture
def vault(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("KB_TUI_USER", "tester")
    return make_vault({"d.md": HISTORY_DOC})


def test_cli_history_for_vault_and_item(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["mark", str(vault), "Backup", "done", "--note", "ok"]) == 0
    assert headless_main(["mark", str(vault), DEPLOY, "blocked"]) == 0
    capsys.readouterr()
    assert headless_main(["history", str(vault)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].endswith("tester  d.md#ops/backup  — → done · note added “ok”")
    assert "\x1b" not in "".join(lines)
    assert headless_main(["history", str(vault), "Backup"]) == 0  # exact text
    assert capsys.readouterr().out.splitlines() == lines[:1]
    assert headless_main(["history", str(vault), DEPLOY]) == 0  # ID
    assert capsys.readouterr().out.splitlines() == lines[1:]


def test_cli_history_unknown_item_fails(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["history", str(vault), "nothing like it"]) == 1
    assert capsys.readouterr().err.startswith("kb-tui: no item and no history matches")


def test_cli_history_of_removed_item_by_id(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert headless_main(["mark", str(vault), "Backup", "done"]) == 0
    (vault / "d.md").write_text("# Ops\n- Other\n", encoding="utf-8")
    capsys.readouterr()
    assert headless_main(["history", str(vault), "d.md#ops/backup"]) == 0
    assert "d.md#ops/backup  — → done" in capsys.readouterr().out


def test_cli_history_item_only_uses_default_path(
    vault: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("KB_TUI_PATH", str(vault))
    assert headless_main(["mark", "Backup", "na"]) == 0
    capsys.readouterr()
    assert headless_main(["history", "Backup"]) == 0
    assert "— → na" in capsys.readouterr().out


def test_cli_history_says_what_changed(vault: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 15 #15: owner and note edits are named, the status only when it changed."""
    assert headless_main(["mark", str(vault), "Backup", "in-progress", "--owner", "ana"]) == 0
    assert headless_main(["mark", str(vault), "Backup", "in-progress", "--note", "nightly"]) == 0
    assert headless_main(["mark", str(vault), "Backup", "done", "--owner", "bob"]) == 0
    capsys.readouterr()
    assert headless_main(["history", str(vault), "Backup"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ", 3)[3] for line in lines] == [
        "— → in_progress · owner — → ana",
        "note added “nightly”",
        "in_progress → done · owner ana → bob",
    ]
    assert all(line.split("  ")[1:3] == ["tester", "d.md#ops/backup"] for line in lines)


def test_cli_history_filters_by_who_when_and_owner(
    vault: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 16: --by (who made the change), --since (a date, a time or 7d/2w/12h) and
    --owner (items owned by NAME now)."""
    assert headless_main(["mark", str(vault), "Backup", "done", "--by", "ana"]) == 0
    assert headless_main(["mark", str(vault), DEPLOY, "blocked", "--by", "Bo"]) == 0
    assert headless_main(["mark", str(vault), DEPLOY, "blocked", "--owner", "cy"]) == 0
    capsys.readouterr()
    assert headless_main(["history", str(vault), "--by", "bo"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and "  Bo  " in lines[0] and "— → blocked" in lines[0]
    assert headless_main(["history", str(vault), "--owner", "cy"]) == 0
    assert [line.split()[1] for line in capsys.readouterr().out.splitlines()] == ["Bo", "tester"]
    assert headless_main(["history", str(vault), "--since", "1h"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3
    assert headless_main(["history", str(vault), "--since", "2999-01-01"]) == 0
    assert capsys.readouterr().out == ""
    assert headless_main(["history", str(vault), "Backup", "--by", "ana"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 1
    assert headless_main(["history", str(vault), "--since", "last tuesday"]) == 2
    assert "--since: not a date" in capsys.readouterr().err


def test_since_time_reads_dates_times_and_spans() -> None:
    import datetime as dt

    from kb_tui.core.status.history import since_time

    now = dt.datetime(2026, 12, 6, 12, 0, tzinfo=dt.UTC)
    assert since_time("7d", now) == "2026-11-29T12:00:00Z"
    assert since_time("2w", now) == "2026-11-22T12:00:00Z"
    assert since_time("12h", now) == "2026-12-06T00:00:00Z"
    assert since_time("2026-12-01") == "2026-12-01T00:00:00Z"
    assert since_time("2026-12-01T10:00:00+02:00") == "2026-12-01T08:00:00Z"
    with pytest.raises(ValueError):
        since_time("soon")


def test_since_too_far_back_is_a_usage_error_not_a_traceback(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from kb_tui.cli.headless import main as headless_main
    from kb_tui.core.status.history import since_time

    with pytest.raises(ValueError, match="too far back"):
        since_time("99999999999w")
    with pytest.raises(ValueError, match="too far back"):
        since_time("999999d")
    assert headless_main(["history", str(tmp_path), "--since", "99999999999w"]) == 2
    assert "--since: too far back (before year 1): '99999999999w'" in capsys.readouterr().err


@pytest.mark.parametrize("edge", ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00"])
def test_since_at_the_calendars_edge_is_refused(edge: str) -> None:
    from kb_tui.core.status.history import since_time

    with pytest.raises(ValueError, match="outside the calendar"):
        since_time(edge)
