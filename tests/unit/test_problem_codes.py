"""Problem codes have one home (issue 14): ``ProblemCode``. ``check --code`` accepts every
code ``check`` prints, and no code is written as a loose string in the source."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from kb_tui.core.doctor.check_report import KNOWN_CODES, check_schema
from kb_tui.core.model.problems import INFO, ProblemCode, codes_summary, codes_table

SRC = Path(__file__).resolve().parents[2] / "src" / "kb_tui"


def test_every_code_is_described_and_accepted() -> None:
    assert set(INFO) == set(ProblemCode)
    assert set(KNOWN_CODES) == {str(code) for code in ProblemCode}
    table = codes_table()
    assert all(f"`{code}`" in table for code in ProblemCode)


def _loose_codes() -> list[str]:
    """``Problem(path, line, severity, "some-code", …)`` with the code as a string literal."""
    found = []
    for module in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Problem"):
                continue
            code = node.args[3] if len(node.args) > 3 else None
            code = code or next((k.value for k in node.keywords if k.arg == "code"), None)
            if isinstance(code, ast.Constant) and isinstance(code.value, str):
                found.append(f"{module.relative_to(SRC)}:{node.lineno} {code.value}")
    return found


def test_no_problem_code_is_a_loose_string() -> None:
    assert _loose_codes() == []


@pytest.mark.parametrize("code", ["orphan-status", "too-many-items", "store-unreadable"])
def test_check_accepts_the_codes_it_prints(code: str, tmp_path: Path) -> None:
    note = tmp_path / "note.md"
    note.write_text("# Note\n\n- one\n", encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "kb_tui", "check", str(tmp_path), "--code", code],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert "unknown code" not in run.stderr


def test_the_published_check_schema_is_generated_from_the_codes() -> None:
    schema_file = SRC.parents[1] / "docs" / "check.schema.json"
    assert json.loads(schema_file.read_text(encoding="utf-8")) == check_schema(), (
        "regenerate docs/check.schema.json from kb_tui.core.doctor.check_report.check_schema"
    )


def test_check_json_keeps_to_its_schema(tmp_path: Path) -> None:
    (tmp_path / "note.md").write_text("# N\n\n[[nowhere]]\n\n```json\n{bad\n```\n")
    run = subprocess.run(
        [sys.executable, "-m", "kb_tui", "check", str(tmp_path), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(run.stdout)
    schema = check_schema()
    assert set(report) == set(schema["required"])  # type: ignore[arg-type]
    codes = set(schema["properties"]["problems"]["items"]["properties"]["code"]["enum"])  # type: ignore[index]
    assert report["problems"] and {p["code"] for p in report["problems"]} <= codes


def test_the_doctor_page_lists_every_code_as_generated() -> None:
    page = (SRC.parents[1] / "docs" / "doctor.md").read_text(encoding="utf-8")
    start, end = "<!-- problem-codes:start -->\n", "<!-- problem-codes:end -->"
    block = page.split(start, 1)[1].split(end, 1)[0]
    assert block.split("\n", 1)[1] == codes_table(), (
        "regenerate docs/doctor.md's table from kb_tui.core.model.problems.codes_table"
    )


def test_the_readme_names_every_code_as_generated() -> None:
    page = (SRC.parents[1] / "README.md").read_text(encoding="utf-8")
    start, end = "<!-- problem-codes:start -->\n", "<!-- problem-codes:end -->"
    assert page.split(start, 1)[1].split(end, 1)[0] == codes_summary(), (
        "regenerate the README's list from kb_tui.core.model.problems.codes_summary"
    )
