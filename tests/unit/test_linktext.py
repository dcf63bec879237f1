"""The wikilink and ID ``y`` / ``Y`` copy (core.links.linktext), and the real path ``ctrl+e``
gives the editor (core.fs.vault_file)."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from kb_tui.core.errors import VaultError
from kb_tui.core.fs.vault_file import real_document_path
from kb_tui.core.links.linktext import (
    clipboard_safe,
    copied_id,
    link_heading,
    note_name,
    wikilink,
)
from kb_tui.core.links.resolve import LinkIndex, resolve_links
from kb_tui.core.model import Document, KnowledgeBase, LinkRef, Section
from kb_tui.core.workspace.load import load_kb

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "obsidian"

MakeVault = Callable[[dict[str, str | bytes]], Path]


def read(root: Path) -> tuple[KnowledgeBase, LinkIndex]:
    kb = load_kb(root)
    return kb, resolve_links(kb)


def doc(kb: KnowledgeBase, path: str) -> Document:
    return next(d for d in kb.documents if d.path == path)


def section(document: Document, title: str) -> Section:
    return next(s for s in document.iter_sections() if s.title == title)


def finds(index: LinkIndex, source: str, link: str) -> tuple[str | None, Section | None]:
    """Where kb-tui's resolver (Obsidian's rules) takes ``link`` written in ``source``."""
    target = index.locate(LinkRef(source, link[2:-2], 1, "wikilink"))
    return target.path, target.anchor.section if target.anchor else None


def test_a_unique_name_is_linked_by_name_and_a_section_by_its_heading(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"deep/folder/Runbook.md": "# Runbook\n\n## Restart the API\n\n- step\n"})
    kb, index = read(root)
    runbook = doc(kb, "deep/folder/Runbook.md")
    copied = wikilink(index, runbook, section(runbook, "Restart the API"))
    assert copied.text == "[[Runbook#Restart the API]]" and copied.warning == ""
    assert wikilink(index, runbook, None).text == "[[Runbook]]"


def test_a_name_two_notes_share_is_linked_by_its_path(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"a/Setup.md": "# Setup\n", "b/setup.md": "# Other\n", "c.md": "# C\n"})
    kb, index = read(root)
    assert note_name(index, "a/Setup.md") == "a/Setup"  # case-insensitive: b/setup.md too
    assert note_name(index, "b/setup.md") == "b/setup"
    assert note_name(index, "c.md") == "c"
    path, _ = finds(index, "c.md", wikilink(index, doc(kb, "a/Setup.md"), None).text)
    assert path == "a/Setup.md"


@pytest.mark.parametrize(
    ("heading", "link"),
    [
        ("A | B", "[[n#A B]]"),
        ("C# and F#", "[[n#C and F]]"),
        ("Array [index] ^x", "[[n#Array index x]]"),
        ("Ratio 50% : 50%", "[[n#Ratio 50% 50%]]"),
        ("Hidden %%comment%% text", "[[n#Hidden text]]"),  # a comment is no part of a heading
        ("Trailing [bracket]", "[[n#Trailing bracket]]"),
        ("Path \\ escaped", "[[n#Path escaped]]"),
        ("[[Wiki]] heading", "[[n#Wiki heading]]"),
        ("Closing hashes ##", "[[n#Closing hashes]]"),
    ],
)
def test_characters_a_wikilink_cannot_hold_become_spaces_and_the_link_still_finds_the_section(
    make_vault, heading: str, link: str
) -> None:  # type: ignore[no-untyped-def]
    """What Obsidian's ``stripHeadingForLink`` writes as spaces (``: # | ^ \\ %% [[ ]]``, and
    single brackets, which could end the link early) become spaces; Obsidian and kb-tui's
    resolver ignore them when comparing, so the link still finds the section."""
    root = make_vault({"n.md": f"# Top\n\n## {heading}\n\n- item\n", "other.md": "# Other\n"})
    kb, index = read(root)
    note = doc(kb, "n.md")
    target = note.sections[0].sections[0]
    copied = wikilink(index, note, target)
    assert copied.text == link and copied.warning == ""
    assert finds(index, "other.md", copied.text) == ("n.md", target)


def test_link_heading_matches_obsidians_own_example() -> None:
    """obsidian.d.ts documents ``stripHeadingForLink('foo:#|^\\\r\n%%[[]]bar')`` as
    ``foo bar``; single ``%`` stays (harmless), single brackets go (see the module)."""
    assert link_heading("foo:#|^\\\r\n%%[[]]bar") == "foo bar"
    assert link_heading("  50%  done ") == "50% done"


def test_a_repeated_heading_gets_its_heading_path(make_vault) -> None:  # type: ignore[no-untyped-def]
    text = "# Top\n\n## Linux\n\n### Install\n\n## Windows\n\n### Install\n\n- x\n"
    root = make_vault({"guide.md": text})
    kb, index = read(root)
    guide = doc(kb, "guide.md")
    linux, windows = guide.sections[0].sections
    assert wikilink(index, guide, linux.sections[0]).text == "[[guide#Install]]"
    second = wikilink(index, guide, windows.sections[0])
    assert second.text == "[[guide#Windows#Install]]"
    assert finds(index, "guide.md", second.text) == ("guide.md", windows.sections[0])


def test_the_heading_as_written_is_linked_emoji_included(make_vault) -> None:  # type: ignore[no-untyped-def]
    """The title shown drops an emoji's VS16 (single width); the link keeps the file's."""
    kb, index = read(FIXTURE)
    platform = doc(kb, "Platform Architecture.md")
    embeds = next(s for s in platform.iter_sections() if s.title.endswith("Embeds"))
    copied = wikilink(index, platform, embeds)
    assert copied.text == "[[Platform Architecture#🖼️ Embeds]]"
    assert finds(index, "notes/Embed files.md", copied.text) == (platform.path, embeds)


def test_control_characters_never_reach_the_clipboard(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"x\x1b]0;pwn\x07.md": "# T\n\n## Bad \x1b[31mred\x1b[0m\u202e\n"})
    kb, index = read(root)
    note = kb.documents[0]
    copied = wikilink(index, note, note.sections[0].sections[0])
    assert copied.text.isprintable() and "\x1b" not in copied.text
    assert clipboard_safe("a\nb\tc\x9bd\x07") == "a b cd"
    assert copied_id("doc\x1b.md#x").text == "doc.md#x"
    assert copied_id("doc\x1b.md#x").warning
    assert copied_id("doc.md#x") == copied_id("doc.md#x") and not copied_id("doc.md#x").warning


def test_a_heading_with_nothing_linkable_links_the_note(make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"n.md": "# Top\n\n## ### | ^\n"})
    kb, index = read(root)
    note = kb.documents[0]
    copied = wikilink(index, note, note.sections[0].sections[-1])
    assert copied.text == "[[n]]" and copied.warning


def test_the_real_path_of_a_note_inside_the_vault(tmp_path: Path) -> None:
    root = tmp_path / "vault"
    (root / "a").mkdir(parents=True)
    (root / "a" / "n.md").write_text("# N\n")
    (root / "inside.md").symlink_to(root / "a" / "n.md")
    outside = tmp_path / "secret.md"
    outside.write_text("secret\n")
    (root / "escape.md").symlink_to(outside)
    (root / "folder.md").mkdir()
    link_root = tmp_path / "link-to-vault"
    link_root.symlink_to(root)
    assert real_document_path(root, "a/n.md") == root / "a" / "n.md"
    assert real_document_path(root, "inside.md") == root / "a" / "n.md"  # its real path
    assert real_document_path(link_root, "a/n.md") == root / "a" / "n.md"
    for bad, reason in [
        ("escape.md", "outside the vault"),
        ("../secret.md", "not a path inside"),
        ("gone.md", "gone"),
        ("folder.md", "not a regular file"),
    ]:
        with pytest.raises(VaultError, match=reason):
            real_document_path(root, bad)
    assert os.path.exists(outside)
