"""The parse cache: valid entries are used, anything stale, damaged or foreign is ignored."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.paths import OPS_KB, SAMPLE
from kb_tui.core.parse.document import Limits
from kb_tui.core.vault import cache as parsecache
from kb_tui.core.vault import index
from kb_tui.core.vault.codec import (
    CodecError,
    decode_document,
    decode_problems,
    encode_document,
    encode_problems,
)
from kb_tui.core.vault.files import iter_markdown, read_file
from kb_tui.core.vault.ingest import parse_raw
from kb_tui.core.workspace.load import load_kb

NOTE = """---
created: <% tp.date.now("YYYY-MM-DD") %>
aliases: [net]
---
# Network

## 🌐 Layer

**1. Routing**
- BGP peering
- [ ] OSPF areas

```yaml
vpc:
  cidr: 10.0.0.0/16
```

See [[other]].
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("KB_TUI_NO_CACHE", raising=False)
    return home


@pytest.fixture
def vault(make_vault: Callable[[dict[str, str | bytes]], Path]) -> Path:
    return make_vault({"a/note.md": NOTE, "other.md": "# Other\n\n- one\n- two\n"})


def counting(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record every note that is really parsed (cache misses)."""
    parsed: list[str] = []
    real = index.parse_one

    def spy(root: Path, path: Path, limits: Limits, *args: object) -> object:
        parsed.append(path.name)
        return real(root, path, limits, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(index, "parse_one", spy)
    return parsed


def test_codec_round_trip_is_exact_on_the_sample() -> None:
    root, limits = SAMPLE.parent, Limits()
    doc, problems = parse_raw(read_file(SAMPLE, root, limits), limits)
    assert doc is not None
    wire = json.loads(json.dumps(encode_document(doc)))
    assert decode_document(wire) == doc
    assert decode_problems(json.loads(json.dumps(encode_problems(problems)))) == problems


@pytest.mark.skipif(not OPS_KB.is_dir(), reason="the ops-kb vault is not beside the checkout")
def test_codec_round_trip_is_exact_on_ops_kb() -> None:
    limits = Limits()
    for path in list(iter_markdown(OPS_KB))[::7]:
        doc, _ = parse_raw(read_file(path, OPS_KB, limits), limits)
        if doc is not None:
            assert decode_document(json.loads(json.dumps(encode_document(doc)))) == doc


@pytest.mark.parametrize(
    "mangle",
    [
        lambda d: d.__setitem__(1, 42),  # title not a string
        lambda d: d[4].append(["x", "t", "bad-level", 1, 2, [], []]),  # level not an int
        lambda d: d[5].append(["x", "text", "shell", 1, None]),  # unknown item kind
        lambda d: d[6].append(["t", 1, "gopher"]),  # unknown link kind
        lambda d: d.pop(),  # too short
        lambda d: d[4].append([["deep"] * 3] * 7),  # wrong shapes
    ],
)
def test_decode_rejects_what_this_version_did_not_write(
    mangle: Callable[[list[object]], None],
) -> None:
    root, limits = SAMPLE.parent, Limits()
    doc, _ = parse_raw(read_file(SAMPLE, root, limits), limits)
    assert doc is not None
    wire = json.loads(json.dumps(encode_document(doc)))
    mangle(wire)
    with pytest.raises(CodecError):
        decode_document(wire)


def test_decoded_text_never_carries_control_characters() -> None:
    doc = json.loads(json.dumps(encode_document(load_kb(SAMPLE).documents[0])))
    doc[1] = "Title \x1b[31mred\x1b]0;owned\x07"
    doc[5] = [["evil", "item \x1b[2J\u202e", "list", 3, None]]
    decoded = decode_document(doc)
    assert "\x1b" not in decoded.title and "\x07" not in decoded.title
    assert decoded.preamble[0].text == "item [2J"  # type: ignore[union-attr]


def test_second_read_parses_nothing_and_gives_the_same_model(
    vault: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = counting(monkeypatch)
    first = load_kb(vault)
    assert sorted(parsed) == ["note.md", "other.md"]
    assert len(list((cache_home / "kb-tui" / "parse").rglob("*.json"))) == 2  # two folders
    parsed.clear()
    second = load_kb(vault)
    assert parsed == []
    assert second.documents == first.documents
    assert second.problems == first.problems
    assert [link.resolved for link in second.links] == [link.resolved for link in first.links]


def test_a_changed_file_is_parsed_again(
    vault: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_kb(vault)
    parsed = counting(monkeypatch)
    note = vault / "other.md"
    note.write_text("# Other\n\n- one\n- two\n- three\n", encoding="utf-8")
    kb = load_kb(vault)
    assert parsed == ["other.md"]
    other = next(doc for doc in kb.documents if doc.path == "other.md")
    assert [item.text for item in other.iter_items()] == ["one", "two", "three"]


def test_same_size_and_restored_mtime_is_still_noticed_by_ctime(
    vault: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_kb(vault)
    note = vault / "other.md"
    before = note.stat()
    note.write_text("# Other\n\n- uno\n- two\n", encoding="utf-8")  # same size
    os.utime(note, ns=(before.st_atime_ns, before.st_mtime_ns))
    parsed = counting(monkeypatch)
    kb = load_kb(vault)
    assert parsed == ["other.md"]
    assert "uno" in [item.text for item in kb.iter_items()]


def test_templated_notes_expire_the_next_day(
    vault: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_kb(vault)
    monkeypatch.setattr(parsecache, "today", lambda: "2999-01-01")
    parsed = counting(monkeypatch)
    load_kb(vault)
    assert parsed == ["note.md"]  # the note renders tp.date.now; other.md has no placeholder


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"[1, 2, 3]",
        b'{"header": {"format": 999}, "entries": {}}',
        b"\xff\xfe\x00garbage",
    ],
)
def test_a_damaged_cache_is_ignored_and_replaced(
    vault: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, damage: bytes
) -> None:
    expected = load_kb(vault).documents
    for cache_file in (cache_home / "kb-tui" / "parse").rglob("*.json"):
        cache_file.write_bytes(damage)
    parsed = counting(monkeypatch)
    assert load_kb(vault).documents == expected
    assert sorted(parsed) == ["note.md", "other.md"]
    parsed.clear()
    load_kb(vault)  # rewritten: valid again
    assert parsed == []


def test_an_edited_entry_is_reparsed_not_trusted(
    vault: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = load_kb(vault).documents
    for cache_file in (cache_home / "kb-tui" / "parse").rglob("*.json"):
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        if "other.md" in data["entries"]:
            data["entries"]["other.md"][2] = data["entries"]["other.md"][2].replace(
                "Other", "\\u0000", 1
            )[:-9]
            cache_file.write_text(json.dumps(data), encoding="utf-8")
    parsed = counting(monkeypatch)
    assert load_kb(vault).documents == expected
    assert parsed == ["other.md"]


def test_a_cache_of_another_version_is_ignored(
    vault: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_kb(vault)
    monkeypatch.setattr(parsecache, "__version__", "999.0")
    parsed = counting(monkeypatch)
    load_kb(vault)
    assert sorted(parsed) == ["note.md", "other.md"]


def cached_paths(cache_home: Path) -> set[str]:
    paths: set[str] = set()
    for shard in (cache_home / "kb-tui" / "parse").rglob("*.json"):
        paths |= set(json.loads(shard.read_text(encoding="utf-8"))["entries"])
    return paths


def test_deleted_notes_and_folders_leave_the_cache(vault: Path, cache_home: Path) -> None:
    (vault / "b").mkdir()
    (vault / "b" / "gone.md").write_text("# Gone\n\n- x\n", encoding="utf-8")
    load_kb(vault)
    assert cached_paths(cache_home) == {"a/note.md", "other.md", "b/gone.md"}
    (vault / "other.md").unlink()
    shutil.rmtree(vault / "b")
    load_kb(vault)
    assert cached_paths(cache_home) == {"a/note.md"}
    assert len(list((cache_home / "kb-tui" / "parse").rglob("*.json"))) == 1


def test_a_single_note_read_keeps_the_vault_cache(vault: Path, cache_home: Path) -> None:
    load_kb(vault)
    load_kb(vault / "other.md")
    assert {"a/note.md", "other.md"} <= cached_paths(cache_home)


def test_symlinked_notes_are_always_read_again(
    vault: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (vault / "link.md").symlink_to(vault / "other.md")
    load_kb(vault)
    parsed = counting(monkeypatch)
    load_kb(vault)
    assert parsed == ["link.md"]


def test_no_cache_setting_writes_nothing(
    vault: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_TUI_NO_CACHE", "1")
    load_kb(vault)
    assert not cache_home.exists()


def test_the_pool_gives_the_same_model_as_one_process(
    tmp_path: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "many"
    for number in range(40):
        folder = root / f"f{number % 3}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"n{number}.md").write_text(NOTE.replace("Routing", f"Routing {number}"))
    shutil.copyfile(SAMPLE, root / SAMPLE.name)
    monkeypatch.setenv("KB_TUI_NO_CACHE", "1")
    serial = load_kb(root)
    monkeypatch.setattr(index, "POOL_MIN", 1)
    monkeypatch.setattr(index, "CHUNK", 7)
    monkeypatch.setattr(index, "pool_jobs", lambda count: 2)
    pooled = load_kb(root)
    assert pooled.documents == serial.documents
    assert pooled.problems == serial.problems
    assert len(pooled.documents) == 41


def test_reading_pauses_the_collector_and_restores_it() -> None:
    import gc

    assert gc.isenabled()
    with index.gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_changed_note_keeps_its_unchanged_neighbours_cached(
    make_vault: Callable[[dict[str, str | bytes]], Path],
    cache_home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    root = make_vault({f"f/n{i}.md": f"# N{i}\n\n- item {i}\n" for i in range(5)})
    load_kb(root)
    (root / "f" / "n2.md").write_text("# N2\n\n- changed\n", encoding="utf-8")
    parsed = counting(monkeypatch)
    load_kb(root)
    assert parsed == ["n2.md"]
    parsed.clear()
    kb = load_kb(root)  # the shard was rewritten with all five notes
    assert parsed == []
    assert cached_paths(cache_home) == {f"f/n{i}.md" for i in range(5)}
    assert "changed" in [item.text for item in kb.iter_items()]


def test_an_entry_that_does_not_decode_is_replaced(
    vault: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_kb(vault)
    for shard in (cache_home / "kb-tui" / "parse").rglob("*.json"):
        data = json.loads(shard.read_text(encoding="utf-8"))
        if "other.md" in data["entries"]:
            data["entries"]["other.md"][2] = '[["other.md"], []]'
            shard.write_text(json.dumps(data), encoding="utf-8")
    load_kb(vault)  # re-parsed, and the entry written anew
    parsed = counting(monkeypatch)
    load_kb(vault)
    assert parsed == []
