"""kb-tui's moment.js formatter and ``tp.date.weekday`` against real moment.js output.

``tests/golden/moment/moment-2.31.0.json`` was written once by ``generate.mjs`` beside it,
running moment 2.31.0 (the "en" locale Templater uses) in a fixed UTC-3 zone: dates x
format strings -> what ``moment(date).format(fmt)`` printed, and Templater's
``tp.date.weekday`` on several references.  No node is needed here.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from kb_tui.core.parse.templater import TemplaterContext, render
from kb_tui.core.parse.templater.moment_formatting import format_datetime

GOLDEN = Path(__file__).parents[1] / "golden" / "moment" / "moment-2.31.0.json"


@cache
def _table() -> dict[str, Any]:
    table: dict[str, Any] = json.loads(GOLDEN.read_text(encoding="utf-8"))
    return table


def _zone() -> timezone:
    return timezone(timedelta(minutes=_table()["utc_offset_minutes"]))


def _formats() -> list[str]:
    formats: list[str] = _table()["formats"]
    return formats


def test_golden_table_is_moment_2_31_en() -> None:
    table = _table()
    assert (table["moment"], table["locale"], table["utc_offset_minutes"]) == ("2.31.0", "en", -180)
    assert len(table["dates"]) * len(table["formats"]) >= 7000
    assert all(len(row) == len(table["formats"]) for row in table["outputs"])
    assert GOLDEN.stat().st_size < 1_000_000
    for token in ("L", "LL", "LLL", "LLLL", "l", "ll", "lll", "llll", "LT", "LTS", "N", "NNNN"):
        assert token in table["formats"]


@pytest.mark.parametrize("column", range(len(_formats())), ids=lambda i: repr(_formats()[i]))
def test_format_matches_moment(column: int) -> None:
    """One format string on every date of the table, compared with moment's output."""
    table = _table()
    fmt = table["formats"][column]
    mismatches = []
    for stamp, row in zip(table["dates"], table["outputs"], strict=True):
        dt = datetime.fromisoformat(stamp).replace(tzinfo=_zone())
        expected = row[column]
        if expected is None:  # moment throws on this format
            with pytest.raises(ValueError):
                format_datetime(dt, fmt)
            continue
        got = format_datetime(dt, fmt)
        if got != expected:
            mismatches.append((stamp, expected, got))
    assert mismatches == []


def _weekday_expression(case: dict[str, Any]) -> str:
    args = [json.dumps(case["format"]), json.dumps(case["weekday"])]
    if "reference" in case:
        args.append(json.dumps(case["reference"]))
        if case["reference_format"] is not None:
            args.append(json.dumps(case["reference_format"]))
    return f"<% tp.date.weekday({', '.join(args)}) %>"


def _weekday_cases() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = _table()["weekday_cases"]
    return cases


def _weekday_id(case: dict[str, Any]) -> str:
    expression = _weekday_expression(case)
    return expression if "reference" in case else f"{case['now']} {expression}"


@pytest.mark.parametrize("case", _weekday_cases(), ids=_weekday_id)
def test_weekday_matches_templater(case: dict[str, Any]) -> None:
    """``tp.date.weekday`` as Templater computes it; a reference moment refuses (Templater
    raises an error) leaves the placeholder as written."""
    placeholder = _weekday_expression(case)
    ctx = TemplaterContext(title="Note", folder="", now=datetime.fromisoformat(case["now"]))
    expected = case["expected"] if case["expected"] is not None else placeholder
    assert render(placeholder, ctx) == expected
