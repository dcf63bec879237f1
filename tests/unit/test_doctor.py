"""The vault doctor's detection: fences, Templater leftovers, headings, link suggestions
(printed by ``kb-tui check``: tests/cli/test_check.py)."""

from __future__ import annotations

import json

import pytest

from helpers.paths import DOCTOR_FIXTURES, SAMPLE
from kb_tui.core.doctor.detect import diagnose
from kb_tui.core.parse.checks import text_findings
from kb_tui.core.parse.fence_scan import find_fence_info_on_close
from kb_tui.core.workspace.load import load_kb


def fence_lines(name: str) -> list[tuple[int, str]]:
    text = (DOCTOR_FIXTURES / name).read_text(encoding="utf-8")
    return [(f.line, f.replacement) for f in find_fence_info_on_close(text.split("\n"))]


def test_closing_fence_with_info_string_before_a_heading() -> None:
    assert fence_lines("broken.md") == [(7, "```")]


def test_tilde_fence_with_info_on_close() -> None:
    assert fence_lines("tildes.md") == [(5, "~~~")]


def test_fence_in_a_list_closed_at_the_margin_is_reindented() -> None:
    assert fence_lines("list_close.md") == [(7, "   ```")]


def test_a_fence_never_closed_otherwise() -> None:
    assert fence_lines("never_closed.md") == [(5, "```"), (11, "```")]


def test_false_positive_guards() -> None:
    """Four-backtick and tilde fences holding fenced examples, an empty fence, a nested
    example closed by a bare fence: nothing to report."""
    assert fence_lines("guards.md") == []


@pytest.mark.parametrize(
    "text",
    [
        "```python\nx = 1\n```text\nmore = 2\n```\n",  # code follows: an example, maybe
        "```python\nx = 1\n```\n",  # a healthy fence
        "    ```python\n    x\n    ```text\n## heading\n",  # indented code, not a fence
        "```js`\nx\n```text\n## h\n",  # an info string with a backtick opens nothing
        "````python\nx\n```text\n## h\n````\n",  # shorter than the opener
    ],
)
def test_not_reported(text: str) -> None:
    assert find_fence_info_on_close(text.split("\n")) == []


def test_blockquote_fence_keeps_its_markers() -> None:
    text = "> ```yaml\n> a: 1\n> ```text\n>\n> ## After\n"
    assert [(f.line, f.replacement) for f in find_fence_info_on_close(text.split("\n"))] == [
        (3, "> ```")
    ]


def test_fence_problem_explains_and_names_the_repair() -> None:
    problems = text_findings("broken.md", (DOCTOR_FIXTURES / "broken.md").read_text())
    (problem,) = problems
    assert (problem.code, problem.severity, problem.line, problem.fix) == (
        "fence-info-on-close",
        "error",
        7,
        "```",
    )
    assert "```mermaid block opened at line 4" in problem.message
    assert "lines 8-14 are swallowed" in problem.message


def test_templater_leftovers_outside_the_template_folder(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault(
        {
            "note.md": '# N\nMade <% tp.date.now("YYYY") %>.\n`<% inline %>` and\n'
            "```\n<% in code %>\n```\n",
            "tpl/daily.md": "# <% tp.file.title %>\n",
            ".obsidian/templates.json": json.dumps({"folder": "tpl"}),
        }
    )
    found = [p for p in diagnose(load_kb(root)) if p.code == "templater-unrendered"]
    assert [(p.path, p.line, p.severity) for p in found] == [("note.md", 2, "warning")]
    assert not found[0].fix


def test_templater_plugin_settings_name_the_folder(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault(
        {
            "Templates/t.md": "<% tp.file.title %>\n",
            ".obsidian/plugins/templater-obsidian/data.json": json.dumps(
                {"templates_folder": "Templates/"}
            ),
        }
    )
    assert not [p for p in diagnose(load_kb(root)) if p.code == "templater-unrendered"]


def test_duplicate_headings_and_link_suggestions(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault(
        {
            "a.md": "# A\n## Setup\n## Usage\n## Setup\n[[network-design#Setup]]\n",
            "network-design.md": "# N\n## Setup\n## Setup\n",
            "b.md": "# B\n[[netwrk-design]]\n",
        }
    )
    problems = diagnose(load_kb(root))
    dups = [(p.path, p.line, p.severity) for p in problems if p.code == "heading-duplicate"]
    assert dups == [("a.md", 4, "info"), ("network-design.md", 3, "warning")]
    (link,) = [p for p in problems if p.code == "link-unresolved"]
    assert link.path == "b.md" and "closest: network-design" in link.message


def test_core_findings_are_kept(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"bad.md": "---\n: [\n---\n# B\n", "open.md": "---\ntitle: x\n# B\n"})
    codes = {p.code for p in diagnose(load_kb(root))}
    assert {"frontmatter-invalid", "frontmatter-unclosed"} <= codes


def test_sample_has_mojibake_and_templater_but_no_broken_fence() -> None:
    codes = [p.code for p in diagnose(load_kb(SAMPLE))]
    assert codes.count("mojibake") == 11
    assert codes.count("templater-unrendered") == 3
    assert "fence-info-on-close" not in codes
