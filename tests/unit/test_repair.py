"""The repairs ``kb-tui fix`` makes, in the core: byte-exact, line endings kept, mojibake only
where it is, a file changed meanwhile refused (the command: tests/cli/test_doctor_fix.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.paths import DOCTOR_FIXTURES
from kb_tui.core.doctor.backup import apply_plan, undo_last
from kb_tui.core.doctor.repair import plan_bytes, plan_repairs

BROKEN = (DOCTOR_FIXTURES / "broken.md").read_bytes()


def test_repair_changes_only_the_named_line_byte_for_byte(tmp_path: Path) -> None:
    crlf = b"\xef\xbb\xbf" + BROKEN.replace(b"\n", b"\r\n").replace(b"A --> B", b"A --> B  \t")
    plan = plan_bytes("x.md", tmp_path / "x.md", crlf)
    assert [(c.line, c.old, c.new) for c in plan.changes] == [(7, b"```text", b"```")]
    assert plan.repaired == crlf.replace(b"```text\r\n", b"```\r\n")


def test_lone_cr_and_missing_final_newline_are_kept(tmp_path: Path) -> None:
    data = b"```yaml\ra: 1\r```text\r\r## After\r- x"
    plan = plan_bytes("x.md", tmp_path / "x.md", data)
    assert plan.repaired == b"```yaml\ra: 1\r```\r\r## After\r- x"


def test_mojibake_repair_is_exact_and_leaves_real_accents(tmp_path: Path) -> None:
    broken = "🎯".encode().decode("mac_roman")
    data = f"## {broken} Goals\r\ncafé and naïve\r\n".encode()
    plan = plan_bytes("x.md", tmp_path / "x.md", data, ["mojibake"])
    assert plan.repaired == "## 🎯 Goals\r\ncafé and naïve\r\n".encode()


def test_not_utf8_is_not_repaired(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="UTF-8"):
        plan_bytes("x.md", tmp_path / "x.md", b"\xff```yaml\n")


def test_a_file_changed_between_preview_and_write_is_refused(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"broken.md": BROKEN, "other.md": BROKEN})
    plan = plan_repairs(root)
    (root / "broken.md").write_bytes(BROKEN + b"\nsaved in Obsidian meanwhile\n")
    applied = apply_plan(plan)
    assert applied.refused == [("broken.md", "changed since it was read")]
    assert applied.written == ["other.md"]
    assert (root / "broken.md").read_bytes().endswith(b"meanwhile\n")
    undo_last(root)
    assert (root / "other.md").read_bytes() == BROKEN
