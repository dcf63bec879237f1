"""Issue 13: the store's readers, in-process: a repeated key is refused, and the fast line
reader agrees with the YAML reader on any store (the commands: tests/cli/test_trust_store.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from kb_tui.core.errors import StoreError
from kb_tui.core.model import STATUSES
from kb_tui.core.status.store import Entry, StatusStore, serialize
from kb_tui.core.text import valid_unicode


@pytest.mark.parametrize(
    "text",
    [
        # Hand-written YAML (plain keys): the YAML reader, not the line reader.
        "items:\n  note.md#a:\n    status: done\n  note.md#a:\n    status: todo\n",
        # A field twice in one entry.
        'items:\n  "note.md#a":\n    status: done\n    status: todo\n',
    ],
)
def test_any_repeated_key_is_refused(tmp_path: Path, text: str) -> None:
    path = tmp_path / "status.yaml"
    path.write_text(text)
    with pytest.raises(StoreError, match="written twice"):
        StatusStore(path).set("x.md#b", "done")
    assert path.read_text() == text


def test_line_reader_and_yaml_reader_agree(tmp_path: Path) -> None:
    entries = {
        "a.md#x": Entry("done", note='q"uote\\ / \u2028 tab\there', owner="ana", checkbox="x"),
        "b.md#y": Entry("na", note="\u0085nel and é and 😀", updated="2026-01-01T00:00:00Z"),
        "c.md#z": Entry("blocked"),
    }
    text = serialize(entries)
    from kb_tui.core.status.read import _parse_yaml, parse_store

    fast = parse_store(text, tmp_path / "s.yaml")
    assert fast[:2] == _parse_yaml(text, tmp_path / "s.yaml")[:2]
    assert fast.entries == entries
    assert serialize(fast.entries, fast.blocks) == text


_TEXT = st.text(st.characters(codec="utf-8") | st.sampled_from('"\\\n\t\u2028\x85\udcff'))


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        _TEXT,
        st.builds(Entry, st.sampled_from(STATUSES), _TEXT, _TEXT, _TEXT, _TEXT),
        max_size=5,
    )
)
def test_fast_reader_agrees_with_yaml_on_any_store(entries: dict[str, Entry]) -> None:
    from kb_tui.core.status.read import _parse_yaml, parse_store

    assume(len({valid_unicode(k) for k in entries}) == len(entries))  # the store cleans IDs
    text = serialize(entries)
    path = Path("status.yaml")
    fast = parse_store(text, path)
    assert fast[:2] == _parse_yaml(text, path)[:2]
    assert fast.entries == {valid_unicode(k): v.cleaned() for k, v in entries.items()}
    # Blocks reused by a write are byte for byte what serialize() writes for them.
    assert serialize(fast.entries, fast.blocks) == serialize(fast.entries)
