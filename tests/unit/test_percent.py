"""One rule for percent done (issue 14): every view shows the same figure, and 100% only
when everything applicable is done."""

from __future__ import annotations

import pytest

from kb_tui.core.model.progress import Summary, percent_done, percent_text
from kb_tui.core.report.view import percent_text as report_percent_text


@pytest.mark.parametrize(
    ("done", "applicable", "text", "number"),
    [
        (0, 0, "—", None),
        (0, 10, "0%", 0.0),
        (1, 27076, "<1%", 0.1),
        (2, 134, "1%", 1.4),  # the header said 2%, the tree 1%, the report 1.5%
        (3, 22, "13%", 13.6),  # the tree said 13%, the checklist 14%
        (249, 250, "99%", 99.6),  # the header said 100%
        (250, 250, "100%", 100.0),
    ],
)
def test_one_figure(done: int, applicable: int, text: str, number: float | None) -> None:
    assert percent_text(done, applicable) == text
    assert percent_done(done, applicable) == number
    summary = Summary(items=applicable + 1, done=done, todo=applicable - done, na=1)
    assert summary.percent_text == text and summary.label() == f"{done}/{applicable} {text}"
    assert report_percent_text(summary.as_dict()) == text  # the reports' records agree
