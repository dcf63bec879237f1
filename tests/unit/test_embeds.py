"""Embeds in the viewer (issue 18): attachments resolved as Obsidian resolves them and shown
as a line (name, type, size); note embeds expanded one level deep, cycles refused."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.helpers.paths import FIXTURES

from kb_tui.core.links.attachments import attachment_size
from kb_tui.core.links.resolve import LinkIndex
from kb_tui.core.model import Document, KnowledgeBase, LinkRef
from kb_tui.core.render import embeds as embeds_module
from kb_tui.core.render.embeds import Embeds, human_size
from kb_tui.core.render.viewtext import prepare_markdown, section_source
from kb_tui.core.workspace.load import load_kb

OBSIDIAN = FIXTURES / "obsidian"
MakeVault = Callable[[dict[str, str | bytes]], Path]


def view(kb: KnowledgeBase, path: str, title: str | None = None) -> str:
    """The viewer's Markdown of the section titled ``title`` (None: the whole note)."""
    index = LinkIndex(kb.documents, root=kb.root)
    doc = next(d for d in kb.documents if d.path == path)
    if title is None:
        text, shown = doc.read_text(), (1, 1 << 30)
    else:
        section = next(s for s in doc.iter_sections() if title in s.title)
        text, shown = section_source(doc, section), (section.line, section.end_line)

    def resolved(target: str) -> bool:
        return index.resolve(LinkRef(doc.path, target, 0, "wikilink"))[0] is not None

    return prepare_markdown(text, doc, is_resolved=resolved, embeds=Embeds(index, doc, shown))


@pytest.fixture(scope="module")
def fixture_kb() -> KnowledgeBase:
    return load_kb(OBSIDIAN)


def test_human_size() -> None:
    assert [human_size(n) for n in (0, 134, 999, 2_100, 12_345, 3_400_000)] == [
        "0 B",
        "134 B",
        "999 B",
        "2.1 kB",
        "12.3 kB",
        "3.4 MB",
    ]


def test_attachment_lines(fixture_kb: KnowledgeBase) -> None:
    shown = view(fixture_kb, "Platform Architecture.md", "Embeds")
    assert "Topology diagram ▣ **Engelbart.jpg** (image, 134 B, 100×145 px)" in shown
    assert "Runbook PDF ▣ **Document.pdf** (PDF, 193 B, page 3)" in shown
    assert "▣ **Excerpt from Mother of All Demos (1968).ogg** (audio, 64 B)" in shown
    assert "▣ **diagram.png** (image, 70 B, 600 px wide, \\#interface)" in shown
    assert "| ▣ **Engelbart.jpg** (image, 134 B, 100 px wide) |" in shown  # the table's \|
    assert "[⚠ missing-file.png (unresolved)](kb-missing:missing-file.png)" in shown
    assert "(unresolved)" not in shown.replace("missing-file.png (unresolved)", "")


def test_note_embeds_show_their_text_one_level_deep(fixture_kb: KnowledgeBase) -> None:
    shown = view(fixture_kb, "Platform Architecture.md", "Embeds")
    heading = "     > ⧉ embedded from [Internal links › Link to a heading]"
    assert heading in shown
    assert "     > This text is what an embed of this heading shows." not in shown  # one line:
    assert "an embed of this heading shows." in shown
    assert "Not part of the heading embed above." not in shown  # the next heading's
    assert "     > Blocks are paragraphs, lists and quotes." in shown  # ^b15695, id dropped
    assert "^b15695" not in shown.split("Block embed", 1)[1].split("\n", 2)[2]
    # the whole note, whose own embed is a link (one level deep)
    assert "     > # Embed files" in shown
    assert "shown as a link: [Internal links#Another heading](kb:" in shown
    assert "Not part of the heading embed above." not in shown


def test_cycles_are_refused(fixture_kb: KnowledgeBase) -> None:
    loop = view(fixture_kb, "notes/Cycle A.md", "Loop")
    assert "> Cycle B embeds Cycle A back: ↻ Cycle A\\#Loop (embed loop: not expanded)" in loop
    b_back = view(fixture_kb, "notes/Cycle B.md", "Back")  # the other way round
    assert "> Cycle A's loop embeds Cycle B: ↻ Cycle B\\#Back (embed loop: not expanded)" in b_back
    whole = view(fixture_kb, "Platform Architecture.md", "Cycles")  # from elsewhere: one level
    assert "> Cycle A's loop embeds Cycle B: [Cycle B#Back](kb:" in whole


def test_embed_of_own_section_is_refused(make_vault: MakeVault) -> None:
    text = "# A\n\n## Part\n\nSee ![[a#Part]] and ![[#Part]].\n\n## Other\n\n![[a#Part]]\n"
    kb = load_kb(make_vault({"a.md": text}))
    part = view(kb, "a.md", "Part")
    assert part.count("⊘ a › Part (not embedded: it is the text shown here)") == 2
    other = view(kb, "a.md", "Other")
    assert "> ⧉ embedded from [a › Part]" in other


def test_embedded_text_is_capped(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embeds_module, "MAX_EMBED_CHARS", 50)
    root = make_vault({"a.md": "![[b]]\n", "b.md": "word " * 100})
    shown = view(load_kb(root), "a.md")
    assert "*… embed truncated at 50 characters*" in shown
    assert shown.count("word") < 20


def test_attachments_only_inside_the_vault(make_vault: MakeVault, tmp_path: Path) -> None:
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"x" * 10)
    root = make_vault({"a.md": "![[../secret.png]] ![[link.png]] ![[dir/in.png]]\n"})
    os.symlink(outside, root / "link.png")
    (root / "real").mkdir()
    (root / "real" / "in.png").write_bytes(b"y")
    os.symlink(root / "real", root / "dir")
    shown = view(load_kb(root), "a.md")
    assert shown.count("(unresolved)") == 3, shown
    assert attachment_size(root, "link.png") is None
    assert attachment_size(root, "dir/in.png") is None
    assert attachment_size(root, "real/in.png") == 1
    assert attachment_size(root, "../secret.png") is None


def test_attachment_found_like_obsidian(make_vault: MakeVault) -> None:
    """The exact path first, else the file of that name nearest the note."""
    root = make_vault(
        {
            "notes/n.md": "![[p.png]] ![[assets/p.png]]\n",
            "notes/p.png": b"12",
            "assets/p.png": b"1234",
        }
    )
    shown = view(load_kb(root), "notes/n.md")
    assert "▣ **p.png** (image, 2 B)" in shown  # the one beside the note
    assert "▣ **p.png** (image, 4 B)" in shown  # the exact path


def test_embedded_text_is_cleaned_and_escaped(make_vault: MakeVault) -> None:
    root = make_vault(
        {
            "a.md": "![[b]]\n\n## <b>*x*\n\n![[#<b>*x*]]\n",
            "b.md": "red \x1b[31mtext\x07 and \u202eflipped\n",
        }
    )
    shown = view(load_kb(root), "a.md")
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
    assert "> red [31mtext and flipped" in shown
    assert "⊘ a › \\<b\\>\\*x\\* (not embedded" in shown


def test_embed_of_a_missing_heading_says_so(make_vault: MakeVault) -> None:
    root = make_vault({"a.md": "![[b#Nowhere]] ![[b#^nope]]\n", "b.md": "# B\n\ntext\n"})
    shown = view(load_kb(root), "a.md")
    assert "[⚠ b › Nowhere (not found in the note)](kb:%2Fb)" in shown
    assert "[⚠ b › ^nope (not found in the note)](kb:%2Fb)" in shown
    assert "text" not in shown


def test_embedded_text_is_read_as_obsidian_reads_the_section(make_vault: MakeVault) -> None:
    """An embedded note's comments stay hidden and its footnotes are numbered, as in the
    note itself (the merge of the embeds and the Obsidian forms once showed them raw)."""
    root = make_vault(
        {
            "A.md": "# A\n\n## Here\n\nBefore ![[B#Part]]\n",
            "B.md": "# B\n\n## Part\n\nShown %%secret plan%% text[^1].\n\n[^1]: The note.\n",
        }
    )
    shown = view(load_kb(root), "A.md", "Here")
    assert "Shown" in shown and "text" in shown
    assert "secret plan" not in shown and "%%" not in shown
    assert "[^1]" not in shown and "The note." in shown


def test_a_view_reads_each_note_once_and_looks_up_a_bounded_number_of_embeds(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hostile note of thousands of embeds costs a bounded amount of work: the embedded
    note is split once, and at most MAX_EMBED_LOOKUPS embeds are looked up (missing headings
    included); the rest are links (34 s for 200 embeds of a 4 MB block before)."""
    embeds = " ".join(f"![[b#n{i}]]" for i in range(3_000)) + " " + "![[b#^blk]]" * 50
    root = make_vault({"a.md": f"# A\n\n{embeds}\n", "b.md": "# B\n\nsome text\nend ^blk\n"})
    kb = load_kb(root)
    reads: list[str] = []
    anchors: list[str] = []
    real_read, real_anchor = Document.read_text, LinkIndex.anchor

    def counted_read(doc: Document) -> str:
        reads.append(doc.path)
        return real_read(doc)

    def counted_anchor(index: LinkIndex, path: str, fragment: str) -> object:
        anchors.append(fragment)
        return real_anchor(index, path, fragment)

    monkeypatch.setattr(Document, "read_text", counted_read)
    monkeypatch.setattr(LinkIndex, "anchor", counted_anchor)
    shown = view(kb, "a.md")
    assert reads.count("b.md") == 1
    assert len(anchors) == embeds_module.MAX_EMBED_LOOKUPS
    assert "not found in the note" in shown and "[b#n2999](kb:" in shown


def test_a_block_embed_looks_back_a_bounded_number_of_lines(make_vault: MakeVault) -> None:
    """A ``^block`` at the end of a paragraph of 100,000 lines shows its last lines only."""
    paragraph = "line of text\n" * 100_000 + "end ^blk\n"
    root = make_vault({"a.md": "# A\n\n![[b#^blk]]\n", "b.md": "# B\n\n" + paragraph})
    shown = view(load_kb(root), "a.md")
    assert "end" in shown
    assert shown.count("line of text") <= embeds_module.MAX_BLOCK_LINES
