"""What the doctor no longer flags (issue 15 #11): a yaml fence holding several documents
(a frontmatter example) is valid YAML, and a top-level ``templates`` folder is the template
folder when the vault's settings name none."""

from __future__ import annotations

import json

import pytest

from kb_tui.core.doctor.detect import diagnose
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.model.proto import Proto, ProtoItem
from kb_tui.core.parse.fences import MAX_YAML_DOCUMENTS, check_fence, extract_fence
from kb_tui.core.parse.settings import template_folders
from kb_tui.core.workspace.load import load_kb

FRONTMATTER_EXAMPLE = "---\nname: value\ntags: [a, b]\n---\n"
PLACEHOLDER = "# Daily\n\nCreated <% tp.date.now() %>\n"


def label(node: Proto) -> str:
    return node.text if isinstance(node, ProtoItem) else node.title


def codes(root) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p.path, p.code) for p in diagnose(load_kb(root))]


@pytest.mark.parametrize(
    "code",
    [FRONTMATTER_EXAMPLE, "a: 1\n---\nb: 2\n", "---\na: 1\n...\n---\nb: 2\n", "---\n---\n"],
)
def test_multi_document_yaml_is_valid(code: str) -> None:
    assert extract_fence("yaml", code, 2).error == ""
    assert check_fence("yaml", code, 2)[1] == ""


def test_a_frontmatter_example_reads_as_its_keys() -> None:
    nodes = extract_fence("yaml", FRONTMATTER_EXAMPLE, 2).nodes
    assert [label(n) for n in nodes] == ["name: value", "tags"]
    one = extract_fence("yaml", "a: 1\nb: [x]\n", 2).nodes  # one document: read as before
    assert [label(n) for n in one] == ["a: 1", "b"]


def test_documents_are_capped_and_bad_yaml_still_reported(make_vault) -> None:  # type: ignore[no-untyped-def]
    many = "---\na: 1\n" * (MAX_YAML_DOCUMENTS + 1)
    assert "more than 100 YAML documents" in extract_fence("yaml", many, 2).error
    assert "does not parse" in extract_fence("yaml", "---\na: [1\n---\n", 2).error
    root = make_vault({"n.md": f"# N\n\n```yaml\n{FRONTMATTER_EXAMPLE}```\n\n```yaml\na: [\n```\n"})
    invalid = [p for p in diagnose(load_kb(root)) if p.code == ProblemCode.FENCE_INVALID]
    assert [p.line for p in invalid] == [10]  # the broken block only


@pytest.mark.parametrize("folder", ["templates", "Templates"])
def test_a_top_level_templates_folder_is_the_template_folder(make_vault, folder: str) -> None:  # type: ignore[no-untyped-def]
    root = make_vault(
        {
            f"{folder}/daily.md": PLACEHOLDER,
            "notes/templates/leftover.md": PLACEHOLDER,  # not top-level: a note
            "note.md": PLACEHOLDER,
        }
    )
    assert template_folders(root) == (folder,)
    flagged = {path for path, code in codes(root) if code == ProblemCode.TEMPLATER_UNRENDERED}
    assert flagged == {"note.md", "notes/templates/leftover.md"}


def test_a_configured_template_folder_wins_over_the_default(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault(
        {
            ".obsidian/templates.json": json.dumps({"folder": "tpl"}),
            "templates/daily.md": PLACEHOLDER,
            "tpl/daily.md": PLACEHOLDER,
        }
    )
    assert template_folders(root) == ("tpl",)
    flagged = {path for path, code in codes(root) if code == ProblemCode.TEMPLATER_UNRENDERED}
    assert flagged == {"templates/daily.md"}


def test_no_templates_folder_no_template_folder(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"note.md": PLACEHOLDER, "templates.md": PLACEHOLDER})
    assert template_folders(root) == ()
