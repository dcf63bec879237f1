"""The problem totals have one home (:mod:`kb_tui.core.doctor.totals`): ``check``'s text
and JSON, the explorer's header and the problems view all count with it (issue 15, #1)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from helpers.paths import DOCTOR_FIXTURES, SAMPLE
from kb_tui.core.doctor.check_report import check_json, check_lines
from kb_tui.core.doctor.detect import diagnose
from kb_tui.core.doctor.totals import Totals, by_severity, diagnosis, totals
from kb_tui.core.model import Problem
from kb_tui.core.workspace.check import open_for_check
from kb_tui.core.workspace.load import load_kb

MakeVault = Callable[[dict[str, str | bytes]], Path]
MIXED: dict[str, str | bytes] = {
    "broken.md": (DOCTOR_FIXTURES / "broken.md").read_bytes(),
    "links.md": "# Links\n- [[nowhere]]\n- [[elsewhere]]\n",
    "repeats.md": "# Repeats\n## Notes\n- a\n## Notes\n- b\n",
}


def problem(severity: str, path: str = "a.md", line: int = 1) -> Problem:
    return Problem(path, line, severity, "mojibake", "m")  # type: ignore[arg-type]


def test_totals_count_each_severity() -> None:
    found = totals([problem("warning"), problem("error"), problem("info"), problem("warning")])
    assert found == Totals(errors=1, warnings=2, info=1)
    assert found.total == 4


def test_totals_text_long_short_and_zeros() -> None:
    many = Totals(errors=2572, warnings=2907, info=33)
    assert many.text() == "2,572 errors · 2,907 warnings · 33 info"
    assert many.text(short=True) == "2,572 err · 2,907 warn · 33 info"
    one = Totals(errors=1, warnings=0, info=0)
    assert one.text() == "1 error"
    assert one.text(zeros=True) == "1 error · 0 warnings · 0 info"
    assert Totals().text() == ""


def test_by_severity_puts_errors_first_then_warnings_then_info() -> None:
    found = by_severity(
        [
            problem("info", "a.md"),
            problem("warning", "b.md"),
            problem("error", "z.md", 9),
            problem("error", "c.md", 2),
            problem("warning", "a.md", 5),
        ]
    )
    assert [(p.severity, p.path) for p in found] == [
        ("error", "c.md"),
        ("error", "z.md"),
        ("warning", "a.md"),
        ("warning", "b.md"),
        ("info", "a.md"),
    ]


def test_diagnosis_is_what_check_reports_on_the_sample() -> None:
    """The explorer reads a vault in full, ``check`` as outlines: the same findings."""
    found = diagnosis(load_kb(SAMPLE))
    kb = open_for_check(SAMPLE).kb
    summary = json.loads(json.dumps(check_json(kb, diagnose(kb))))["summary"]
    expected = found.totals
    assert (summary["errors"], summary["warnings"], summary["info"]) == (
        expected.errors,
        expected.warnings,
        expected.info,
    )
    assert found.totals == Totals(errors=0, warnings=18, info=0)
    assert len(found.problems) == found.totals.total


def test_check_text_and_json_use_the_totals(make_vault: MakeVault, tmp_path: Path) -> None:
    root = make_vault(MIXED)
    found = diagnosis(load_kb(root))
    # info: the repeated heading, and broken.md read with its broken fence repaired in memory
    assert found.totals == Totals(errors=1, warnings=2, info=2)
    kb = open_for_check(root, tmp_path / "s.yaml").kb
    problems = diagnose(kb)
    summary = json.loads(json.dumps(check_json(kb, problems)))["summary"]
    assert (summary["errors"], summary["warnings"], summary["info"]) == (1, 2, 2)
    last = list(check_lines(problems, len(kb.documents)))[-1]
    assert last == "3 document(s), 1 error(s), 2 warning(s), 2 info"
