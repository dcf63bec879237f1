"""Property tests: the parser never raises and always terminates; IDs are stable under edits
elsewhere in a document."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kb_tui.core.model import Document
from kb_tui.core.parse.document import Limits, build_document
from kb_tui.core.text import decode_bytes
from kb_tui.core.vault.files import RawFile

# Markdown-ish building blocks, so generated text reaches the interesting parser states.
from kb_tui.core.vault.ingest import parse_raw

# Markdown-ish building blocks, so generated text reaches the interesting parser states.
_PIECES = st.sampled_from(
    [
        "---\n", "# ", "## ", "### ", "- ", "  - ", "* ", "1. ", "> ", "- [ ] ", "- [x] ",
        "```", "```yaml\n", "```python\n", "```mermaid\n", "~~~", "**", "__", "[[", "]]", "[",
        "](", ")", "![", "<% ", " %>", "{{date}}", ": ", "\n", "\n\n", "\t", "|", "&a ", "*a",
        "\x1b]52;c;aGk=\x07", "\u202e", "\x00", "\r\n", "=====\n", "\\", "`", "<div>", "</div>",
        "graph TD\n", "A-->B\n", "subgraph x\n", "end\n", "def f():\n", "key: value\n",
    ]
)  # fmt: skip
_MARKDOWNISH = st.lists(st.one_of(_PIECES, st.text(max_size=12)), max_size=60).map("".join)
_LIMITS = Limits(max_headings=200, max_line_chars=2_000, max_items=500)


def _ids(doc: Document) -> list[str]:
    return [section.id for section in doc.iter_sections()] + [i.id for i in doc.iter_items()]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_MARKDOWNISH)
def test_build_document_never_raises_on_markdownish_text(text: str) -> None:
    doc, problems = build_document("p.md", text, limits=_LIMITS)
    assert doc.path == "p.md"
    for item in doc.iter_items():
        assert "\x1b" not in item.text and "\u202e" not in item.text
    assert all(p.path == "p.md" for p in problems)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_build_document_never_raises_on_any_text(text: str) -> None:
    build_document("t.md", text, limits=_LIMITS)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_become_a_document_or_a_problem(data: bytes) -> None:
    text, _ = decode_bytes(data)
    assert isinstance(text, str)
    doc, problems = parse_raw(RawFile("b.md", data=data, size=len(data)), _LIMITS)
    assert doc is not None or problems


BASE = (
    "# Ops\n## Compute\n- Capacity planning\n- **Servers**\n  - rack one\n  - rack two\n"
    "## Network\n- Firewall rules\n- [ ] Deploy VPN\n"
)
_SAFE_EDIT = st.text(
    alphabet=st.characters(
        blacklist_categories=["Cs"], blacklist_characters="#-*+>`~[]<\\|=_0123456789"
    ),
    max_size=40,
).map(lambda s: " ".join(s.split()))


@settings(max_examples=150, deadline=None)
@given(before=_SAFE_EDIT, after=_SAFE_EDIT, extra=_SAFE_EDIT)
def test_ids_survive_edits_elsewhere(before: str, after: str, extra: str) -> None:
    original, _ = build_document("s.md", BASE)
    # prose added before the first heading, inside a section, and at the end
    edited_text = (
        (before + "\n\n" if before else "")
        + BASE.replace("## Network\n", f"\n{extra}\n\n## Network\n" if extra else "## Network\n")
        + ("\n" + after + "\n" if after else "")
    )
    edited, _ = build_document("s.md", edited_text)
    assert set(_ids(original)) <= set(_ids(edited))
