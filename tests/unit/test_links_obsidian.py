"""Obsidian's link forms, each resolved as Obsidian does (issue 6, vault semantics)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb_tui.core.links.resolve import LinkIndex, nearest
from kb_tui.core.model import KnowledgeBase, LinkRef
from kb_tui.core.workspace.load import load_kb

MakeVault = Callable[[dict[str, str | bytes]], Path]


def links_of(kb: KnowledgeBase, source: str) -> dict[str, LinkRef]:
    doc = next(d for d in kb.documents if d.path == source)
    return {link.target: link for link in doc.links}


def targets(root: Path, source: str) -> dict[str, str | None]:
    return {t: link.resolved for t, link in links_of(load_kb(root), source).items()}


def landing(kb: KnowledgeBase, source: str, target: str) -> str:
    """The title of the section a link lands on ("" for the document's top)."""
    link = links_of(kb, source)[target]
    assert link.resolved is not None
    anchor = LinkIndex(kb.documents).anchor(link.resolved, link.heading)
    return anchor.section.title if anchor.section is not None else ""


def codes(kb: KnowledgeBase) -> list[tuple[str, str, int]]:
    return sorted((p.code, p.path, p.line) for p in kb.problems if p.code.startswith("link-"))


# -- names ---------------------------------------------------------------------------------
def test_name_anywhere_case_insensitive(make_vault: MakeVault) -> None:
    root = make_vault({"notes/x.md": "[[deep note]] [[DEEP NOTE]]", "a/b/c/Deep Note.md": ""})
    assert targets(root, "notes/x.md") == {
        "deep note": "a/b/c/Deep Note.md",
        "DEEP NOTE": "a/b/c/Deep Note.md",
    }


def test_nearest_rule_is_deterministic(make_vault: MakeVault) -> None:
    files = {
        "a/b/src.md": "[[n]]",
        "a/b/n.md": "",
        "a/b/sub/n.md": "",
        "a/n.md": "",
        "n.md": "",
        "z/n.md": "",
    }
    root = make_vault(files)
    assert targets(root, "a/b/src.md")["n"] == "a/b/n.md"  # same folder first
    (root / "a/b/n.md").unlink()
    assert targets(root, "a/b/src.md")["n"] == "a/b/sub/n.md"  # most shared folders
    (root / "a/b/sub/n.md").unlink()
    assert targets(root, "a/b/src.md")["n"] == "a/n.md"
    # from elsewhere: no shared folder, so the shallowest; ties by path
    assert nearest(["z/n.md", "y/n.md", "n.md"], "q/src.md") == "n.md"
    assert nearest(["z/n.md", "Y/n.md"], "q/src.md") == "Y/n.md"
    assert nearest(["z/n.md", "Y/n.md"], "q/src.md") == nearest(["Y/n.md", "z/n.md"], "q/src.md")


def test_folder_paths_md_suffix_and_relative_forms(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "top/src.md": "[[b/n]] [[x/b/n]] [[n.md]] [[N.MD]] [[../b/n]] [[./local]] "
            "[[../../out]] [[/b/n]] [[ab/n]] [[b/n.md#Head]]",
            "top/local.md": "",
            "b/n.md": "# Head\n",
            "x/b/n.md": "",
            "top/ab/n.md": "",
        }
    )
    got = targets(root, "top/src.md")
    assert got["b/n"] == "b/n.md"  # the path from the root first
    assert got["x/b/n"] == "x/b/n.md"
    assert got["n.md"] == got["N.MD"] == "top/ab/n.md"  # nearest of three n.md
    assert got["../b/n"] == "b/n.md"
    assert got["./local"] == "top/local.md"
    assert got["../../out"] is None  # would leave the vault
    assert got["/b/n"] == "b/n.md"
    assert got["ab/n"] == "top/ab/n.md"  # by path suffix at a folder boundary
    assert got["b/n.md#Head"] == "b/n.md"


def test_suffix_matches_only_whole_folder_names(make_vault: MakeVault) -> None:
    root = make_vault({"s.md": "[[b/n]]", "ab/n.md": ""})
    assert targets(root, "s.md") == {"b/n": None}


def test_alias_text_and_table_pipes(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "s.md": "[[t|shown]] [[t#H|shown]]\n\n| a | b |\n|---|---|\n| [[t\\|in table]] | x |\n",
            "t.md": "# H\n",
        }
    )
    kb = load_kb(root)
    assert {(link.target, link.resolved) for link in links_of(kb, "s.md").values()} == {
        ("t", "t.md"),
        ("t#H", "t.md"),
        ("t\\", "t.md"),
    }
    assert codes(kb) == []


def test_frontmatter_aliases_list_string_and_file_names_first(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "s.md": "[[K8s]] [[kube]] [[Legacy]] [[Other]] [[Shared]]",
            "kubernetes.md": "---\naliases:\n  - K8s\n  - kube\n---\n",
            "old.md": "---\naliases: Legacy\n---\n",
            "one.md": "---\nalias: Other\n---\n",
            "sub/shared.md": "",
            "claims.md": "---\naliases: [Shared]\n---\n",
        }
    )
    assert targets(root, "s.md") == {
        "K8s": "kubernetes.md",
        "kube": "kubernetes.md",
        "Legacy": "old.md",
        "Other": "one.md",
        "Shared": "sub/shared.md",  # a file of that name beats an alias
    }


def test_embeds_resolve_like_links_and_attachments_are_not_notes(make_vault: MakeVault) -> None:
    root = make_vault({"s.md": "![[t]] ![[t#H]] ![[pic.png]]\n", "t.md": "# H\n"})
    kb = load_kb(root)
    links = links_of(kb, "s.md")
    assert {t: (link.kind, link.resolved) for t, link in links.items()} == {
        "t": ("embed", "t.md"),
        "t#H": ("embed", "t.md"),
    }
    assert codes(kb) == []


# -- headings and blocks -------------------------------------------------------------------
DOC = """# Guide

Intro ^intro-para

## Setup
- step one ^step-1

### Linux
text

## Usage

### Linux
usage text
- item ^Usage-Linux

```text
not a block ^in-code
```

## 🎯 Related Documentation
"""


def test_heading_forms(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "s.md": "[[guide#Setup]] [[guide#usage#linux]] [[guide#Setup#Linux]] "
            "[[guide#Guide#Usage#Linux]] [[guide#Related Documentation]] "
            "[[guide#related-documentation]] [[guide#🎯 Related Documentation]]",
            "guide.md": DOC,
        }
    )
    kb = load_kb(root)
    assert landing(kb, "s.md", "guide#Setup") == "Setup"
    linux = [s for s in kb.documents[0].iter_sections() if s.title == "Linux"]
    usage_linux = LinkIndex(kb.documents).anchor("guide.md", "usage#linux").section
    assert usage_linux is linux[1]
    assert LinkIndex(kb.documents).anchor("guide.md", "Setup#Linux").section is linux[0]
    assert LinkIndex(kb.documents).anchor("guide.md", "Guide#Usage#Linux").section is linux[1]
    for target in (
        "guide#Related Documentation",
        "guide#related-documentation",
        "guide#🎯 Related Documentation",
    ):
        assert landing(kb, "s.md", target) == "🎯 Related Documentation"
    assert codes(kb) == []


def test_block_ids(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "s.md": "[[guide#^step-1]] [[guide#^usage-linux]] [[guide#^intro-para]]\n"
            "[[guide#^in-code]]\n",
            "guide.md": DOC,
        }
    )
    kb = load_kb(root)
    assert landing(kb, "s.md", "guide#^step-1") == "Setup"
    assert landing(kb, "s.md", "guide#^usage-linux") == "Linux"  # ids are case-insensitive
    assert landing(kb, "s.md", "guide#^intro-para") == "Guide"
    assert codes(kb) == [("link-block-missing", "s.md", 2)]  # ids inside code do not count
    (problem,) = [p for p in kb.problems if p.code == "link-block-missing"]
    assert "'^in-code'" in problem.message and "opens the document" in problem.message


def test_same_document_headings(make_vault: MakeVault) -> None:
    root = make_vault({"guide.md": DOC + "\n[[#Usage]] [[#Nowhere]] [[#^step-1]]\n"})
    kb = load_kb(root)
    assert targets(root, "guide.md") == {
        "#Usage": "guide.md",
        "#Nowhere": "guide.md",
        "#^step-1": "guide.md",
    }
    assert landing(kb, "guide.md", "#Usage") == "Usage"
    assert landing(kb, "guide.md", "#^step-1") == "Setup"
    assert [c for c, _, _ in codes(kb)] == ["link-heading-missing"]


def test_missing_heading_opens_the_document_with_a_warning(make_vault: MakeVault) -> None:
    root = make_vault({"s.md": "x\n\n- [[t#No Such Heading]]\n", "t.md": "# T\n## Real\n"})
    kb = load_kb(root)
    assert targets(root, "s.md") == {"t#No Such Heading": "t.md"}
    assert landing(kb, "s.md", "t#No Such Heading") == ""
    (problem,) = [p for p in kb.problems if p.code.startswith("link-")]
    assert (problem.code, problem.path, problem.line, problem.severity) == (
        "link-heading-missing",
        "s.md",
        3,
        "warning",
    )
    assert "t.md has no heading 'No Such Heading'" in problem.message


def test_heading_containing_a_hash(make_vault: MakeVault) -> None:
    root = make_vault({"s.md": "[[t#C# tips]]", "t.md": "## C# tips\n"})
    kb = load_kb(root)
    assert landing(kb, "s.md", "t#C# tips") == "C# tips"
    assert codes(kb) == []


# -- Markdown links ------------------------------------------------------------------------
def test_markdown_links(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "a/src.md": "[1](My%20Note.md) [2](../b/c.md#Second%20Part) [3](<My Note.md>) "
            "[4](c.md) [5](./c.md) [6](/b/c.md#second-part) [7](../../x.md) "
            "[8](../b/c.md#Absent)",
            "a/My Note.md": "",
            "b/c.md": "# C\n## Second Part\n",
        }
    )
    kb = load_kb(root)
    assert targets(root, "a/src.md") == {
        "My%20Note.md": "a/My Note.md",
        "../b/c.md#Second%20Part": "b/c.md",
        "My Note.md": "a/My Note.md",
        "c.md": "b/c.md",  # not beside the note: found by name, as Obsidian does
        "./c.md": None,  # explicitly relative: no search
        "/b/c.md#second-part": "b/c.md",  # from the vault root
        "../../x.md": None,
        "../b/c.md#Absent": "b/c.md",
    }
    assert landing(kb, "a/src.md", "../b/c.md#Second%20Part") == "Second Part"
    assert landing(kb, "a/src.md", "/b/c.md#second-part") == "Second Part"
    assert codes(kb) == [
        ("link-heading-missing", "a/src.md", 1),
        ("link-unresolved", "a/src.md", 1),
        ("link-unresolved", "a/src.md", 1),
    ]


# -- the scan: settings folders and attachments --------------------------------------------
def test_dot_folders_and_attachment_settings_do_not_confuse_links(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            ".obsidian/app.json": '{"attachmentFolderPath": "assets", "newLinkFormat": "relative"}',
            ".obsidian/plugins/p/README.md": "# plugin readme",
            ".obsidian/templates.json": '{"folder": "templates"}',
            ".trash/net.md": "",
            ".hidden/guide.md": "",
            "assets/Spec Sheet.pdf": b"%PDF-1.4",
            "assets/diagram.png": b"\x89PNG",
            "notes/src.md": "[[net]] [[README]] [[guide]] [[Spec Sheet.pdf]] "
            "[[assets/diagram.png]] ![[diagram.png]] [[missing.pdf]] [[app.json]] [[templates/t]]",
            "infra/net.md": "",
            "templates/t.md": "<% tp.file.title %>",
        }
    )
    kb = load_kb(root)
    assert sorted(d.path for d in kb.documents) == [
        "infra/net.md",
        "notes/src.md",
        "templates/t.md",
    ]
    assert targets(root, "notes/src.md") == {
        "net": "infra/net.md",
        "README": None,
        "guide": None,
        "Spec Sheet.pdf": "assets/Spec Sheet.pdf",
        "assets/diagram.png": "assets/diagram.png",
        "missing.pdf": None,
        "app.json": None,  # settings are not attachments
        "templates/t": "templates/t.md",
    }
    unresolved = [p.message for p in kb.problems if p.code == "link-unresolved"]
    assert len(unresolved) == 4 and not any("diagram" in m or "Spec" in m for m in unresolved)
