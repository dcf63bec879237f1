"""The vault doctor's detection: fences, Templater leftovers, headings, link suggestions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import SAMPLE
from kb_tui.cli.headless import main
from kb_tui.core.doctor.detect import diagnose
from kb_tui.core.parse.checks import text_findings
from kb_tui.core.parse.fence_scan import find_fence_info_on_close
from kb_tui.core.workspace.load import load_kb

FIXTURES = Path(__file__).parent / "fixtures" / "doctor"


def fence_lines(name: str) -> list[tuple[int, str]]:
    text = (FIXTURES / name).read_text(encoding="utf-8")
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
    problems = text_findings("broken.md", (FIXTURES / "broken.md").read_text())
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


# -- kb-tui check ---------------------------------------------------------------------------
def test_check_groups_by_file_with_summary(make_vault, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"broken.md": (FIXTURES / "broken.md").read_text(), "ok.md": "# ok\n"})
    assert main(["check", str(root), "--store", str(tmp_path / "s.yaml")]) == 1
    out = capsys.readouterr().out
    assert "== broken.md (1 problem)" in out
    assert "broken.md:7: error: [fence-info-on-close]" in out
    assert "    repair: ```" in out
    assert "fence-info-on-close       1 error  (kb-tui fix --code fence-info-on-close)" in out
    assert out.rstrip().endswith("2 document(s), 1 error(s), 0 warning(s)")


def test_check_json_and_code_filter(make_vault, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"broken.md": (FIXTURES / "broken.md").read_text(), "l.md": "[[gone]]\n"})
    store = str(tmp_path / "s.yaml")
    assert main(["check", str(root), "--format", "json", "--store", store]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == "kb-tui/check@1"
    assert report["summary"]["by_code"] == {"fence-info-on-close": 1, "link-unresolved": 1}
    assert report["problems"][0]["repair"] == "```"
    assert main(["check", str(root), "--code", "link-unresolved", "--store", store]) == 0
    out = capsys.readouterr().out
    assert "fence-info-on-close" not in out and "[link-unresolved]" in out


def test_check_unknown_code_is_a_usage_error(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--code", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kb-tui: error: check: unknown code 'nope'") and err.count("\n") == 1
