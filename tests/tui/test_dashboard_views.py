"""What the dashboard draws, from hand-made records (no app): layer lines fitted to a width,
owners with the unassigned last, the needs-attention lines, the chart and the pace."""

from __future__ import annotations

import dataclasses

from rich.console import Console
from rich.text import Text

from helpers.dashboards import sample_dashboard
from kb_tui.core.stats.chart import burn_up
from kb_tui.core.stats.text import pace_sentence
from kb_tui.tui.commands import APP_COMMANDS, COMMANDS, ITEM_COMMANDS, ShowDashboard
from kb_tui.tui.screens.dashboard_views import (
    attention_heading,
    attention_prompt,
    chart_text,
    layer_lines,
    layer_rows,
    owner_table,
    pace_line,
)
from kb_tui.tui.screens.help import bindings_table


def rendered(renderable: object, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_every_layer_line_fits_its_width_with_the_total_first() -> None:
    rows = layer_rows(sample_dashboard())
    assert [title for title, _, _ in rows] == ["All", "Compute", "Network", "Security [bold]"]
    for width in (40, 60, 76, 120):
        lines = layer_lines(rows, width).plain.split("\n")
        assert len(lines) == 4
        assert all(len(line) <= width for line in lines), width
    wide = layer_lines(rows, 100).plain.split("\n")
    assert "17/38  44%" in wide[0] and "◐4 ✖2 ○15 !1" in wide[0]
    assert "9/19  47%" in wide[1]


def test_a_narrow_width_gives_up_the_counts_before_the_bar() -> None:
    lines = layer_lines(layer_rows(sample_dashboard()), 40).plain.split("\n")
    assert "◐" not in lines[0]
    assert "█" in lines[0]


def test_titles_and_names_are_text_never_markup() -> None:
    dashboard = sample_dashboard()
    rows = layer_rows(dashboard)
    assert "Security [bold]" in layer_lines(rows, 100).plain
    fact = dataclasses.replace(dashboard.attention[0].item, text="[red]x\x1b[2J", owner="[b]o")
    prompt = attention_prompt(dataclasses.replace(dashboard.attention[0], item=fact))
    assert isinstance(prompt, Text)
    assert "[red]x" in prompt.plain and "\x1b" not in prompt.plain
    assert "@[b]o" in prompt.plain


def test_owners_with_the_unassigned_last() -> None:
    dashboard = sample_dashboard()
    owners = [dashboard.owners[2], *dashboard.owners[:2]]  # unassigned first in the input
    lines = rendered(owner_table(owners)).splitlines()
    assert lines[0].split() == ["Owner", "Assigned", "Done", "In", "progress", "Blocked", "Overdue"]
    assert [line.split()[0] for line in lines[1:4]] == ["ana", "bo", "(unassigned)"]
    assert lines[1].split()[1:] == ["10", "4", "2", "1", "1"]
    narrow = rendered(owner_table(owners), width=56).splitlines()
    assert narrow[0].split() == ["Owner", "Items", "Done", "◐", "✖", "!"]  # nothing cut
    assert narrow[1].split()[1:] == ["10", "4", "2", "1", "1"]
    assert narrow[-1].strip() == "◐ in progress  ✖ blocked  ! overdue"


def test_the_reasons_say_why_and_how_long() -> None:
    dashboard = sample_dashboard()
    plain = [attention_prompt(row).plain for row in dashboard.attention]
    assert plain[0].startswith("✖ blocked       Server racks")
    assert plain[1].startswith("! 12 days late  Capacity planning  @ana  due 2026-02-20")
    assert plain[2].startswith("◐ 30 days idle  Firewall rules")
    heading = attention_heading(dashboard.attention, 14).plain
    assert heading == "Needs attention  1 blocked · 1 overdue · 1 idle ≥14 days"


def test_the_chart_has_its_axes_and_the_pace_the_core_words() -> None:
    dashboard = sample_dashboard()
    chart = burn_up(dashboard.trend.weekly, 48, 6)
    lines = chart_text(chart, 6, 3).plain.split("\n")
    assert len(lines) == 8
    assert lines[0].startswith("38 │") and lines[5].startswith(" 0 │")
    assert lines[6].startswith("   └")
    assert lines[7].strip().startswith("2026-01-14") and lines[7].endswith("2026-03-04")
    pace = pace_line(dashboard).plain
    assert pace.startswith(pace_sentence(dashboard.trend.pace))
    assert pace.endswith("from 120 changes in the history")


def test_s_is_the_dashboard_key_bound_once_and_listed_in_the_help() -> None:
    keys = [key for command in COMMANDS.values() for key in command.key.split(",")]
    assert keys.count("s") == 1
    assert ShowDashboard in APP_COMMANDS and ShowDashboard not in ITEM_COMMANDS
    help_text = rendered(bindings_table(), width=120)
    assert any(line.split()[:2] == ["s", "Dashboard:"] for line in help_text.splitlines())
