"""Reading the status store's text: entries, the line each starts on, and every doubt an error.

Two readers give the same answer. The store kb-tui writes (quoted keys and values, fixed
indentation) is read line by line with :func:`json.loads` for the quoted text: a store of
27,000 entries in a tenth of a second, where YAML takes seconds. Anything else — a hand
edit, an unusual escape, a character YAML treats as a line break — is read by PyYAML's safe
loader. Both refuse what a careless merge leaves behind: conflict markers, and an ID (or a
field) written twice, which YAML would otherwise silently resolve and the next write delete.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, NamedTuple

from kb_tui.core.errors import StoreError
from kb_tui.core.model import STATUSES
from kb_tui.core.status.format import FIELDS, Entry, MergeEvent
from kb_tui.core.text import valid_unicode

# Characters the line reader leaves to YAML: controls (tab included), C1/NEL and the Unicode
# line separators YAML folds inside quoted text, BOMs and non-characters YAML refuses.
_YAML_ONLY_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\t")


_CONFLICT_MARKERS = ("<<<<<<<", ">>>>>>>", "=======")


def _conflict_marker(text: str) -> int | None:
    """Where the first line starting with a merge conflict marker starts, if any."""
    found = [
        at + 1 if at >= 0 else at
        for at in (text.find("\n" + marker) for marker in _CONFLICT_MARKERS)
    ]
    found += [0 for marker in _CONFLICT_MARKERS if text.startswith(marker)]
    hits = [at for at in found if at >= 0]
    return min(hits) if hits else None


class _Unusual(Exception):
    """The text is not in kb-tui's own layout: let YAML read it."""


class StoreText(NamedTuple):
    """What a store's text holds: entries, the line each starts on, and the exact text of
    each block that :func:`~kb_tui.core.status.format.serialize` would write again as it is
    (a write reuses those instead of quoting 100,000 unchanged entries anew)."""

    entries: dict[str, Entry]
    lines: dict[str, int]
    blocks: dict[str, str]
    merges: tuple[MergeEvent, ...] = ()  # the merge log (see kb_tui.core.status.merge)


def parse_store(text: str, path: Path) -> StoreText:
    """Entries and the line of each entry's key; :class:`StoreError` (file:line) on any doubt."""
    conflict = _conflict_marker(text)
    if conflict is not None:
        number = text.count("\n", 0, conflict) + 1
        raise StoreError(f"{path}:{number}: merge conflict markers; resolve them first")
    if text.replace("\n", "").isprintable() or not _YAML_ONLY_RE.search(text):
        try:
            return _parse_lines(text, path)
        except _Unusual:
            pass
    return _parse_yaml(text, path)


def _duplicate(path: Path, what: str, first: int, second: int) -> StoreError:
    return StoreError(
        f"{path}:{first} and {path}:{second}: {what} is written twice (a merge of two "
        "branches?); keep one of the two blocks by hand — kb-tui writes nothing until then"
    )


# One entry as kb-tui writes it: the quoted ID, then its fields in a fixed order. ``_Q`` is
# exactly a JSON string token (no raw control character reaches here: see parse_store).
_Q = r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'  # unrolled: a tight loop between escapes
_BLOCK_RE = re.compile(
    rf"  ({_Q}):\n    status: ({'|'.join(STATUSES)})\n"
    rf"(?:    note: ({_Q})\n)?(?:    owner: ({_Q})\n)?(?:    due: ({_Q})\n)?"
    rf"(?:    updated: ({_Q})\n)?"
    rf"(?:    by: ({_Q})\n)?(?:    checkbox: ({_Q})\n)?(\n*)"
)
_TOP_RE = re.compile(r"(?:#[^\n]*\n|\n)*items:( \{\})?\n")


def _parse_lines(text: str, path: Path) -> StoreText:
    """The fast reader: exactly kb-tui's layout, block after block, else :class:`_Unusual`."""
    top = _TOP_RE.match(text)
    if top is None:
        raise _Unusual
    pos, size = top.end(), len(text)
    if top.group(1):  # "items: {}"
        if text[pos:].strip():
            raise _Unusual
        return StoreText({}, {}, {})
    entries: dict[str, Entry] = {}
    lines: dict[str, int] = {}
    blocks: dict[str, str] = {}
    line = text.count("\n", 0, pos) + 1
    match = _BLOCK_RE.match
    # Text decoded from UTF-8 holds no surrogate; only a \u escape can make one.
    fix = valid_unicode if "\\u" in text else str

    def value(quoted: str | None) -> str:
        if not quoted:
            return ""
        if "\\" not in quoted:  # no escape: the text between the quotes, exactly
            return quoted[1:-1]
        try:
            return fix(json.loads(quoted))
        except ValueError:
            raise _Unusual from None

    count = text.count
    merges: tuple[MergeEvent, ...] = ()
    while pos < size:
        if text.startswith("merges:\n", pos):
            merges = _merge_lines(text[pos + len("merges:\n") :])
            break
        block = match(text, pos)
        if block is None:
            raise _Unusual
        raw_id, status, note, owner, due, updated, by, checkbox, _ = block.groups()
        key = raw_id[1:-1] if "\\" not in raw_id else value(raw_id)
        if key in lines:
            raise _duplicate(path, f"the ID {key!r}", lines[key], line)
        lines[key] = line
        entries[key] = Entry(
            status,
            value(note) if note else "",
            value(owner) if owner else "",
            (updated[1:-1] if "\\" not in updated else value(updated)) if updated else "",
            (by[1:-1] if "\\" not in by else value(by)) if by else "",
            None if checkbox is None else value(checkbox),
            value(due) if due else "",
        )
        end = block.end()
        line += count("\n", pos, end)
        body = text[pos : block.start(9)]
        if "\\" not in body:  # quoted exactly as serialize() quotes (no escapes at all)
            blocks[key] = body
        pos = end
    return StoreText(entries, lines, blocks, merges)


def _merge_lines(text: str) -> tuple[MergeEvent, ...]:
    """The merge log as kb-tui writes it: ``  - {json}`` a line; else :class:`_Unusual`."""
    events = []
    for line in text.splitlines():
        if not line.startswith("  - {"):
            raise _Unusual
        try:
            event = MergeEvent.from_mapping(json.loads(line[4:]))
        except ValueError:
            raise _Unusual from None
        if event is None:
            raise _Unusual
        events.append(event)
    return tuple(events)


def _parse_yaml(text: str, path: Path) -> StoreText:
    import yaml  # loaded on first read: the explorer can start without it

    loader = _loader_class()(text)
    try:
        data = loader.get_single_data()
    except _DuplicateKey as dup:
        raise _duplicate(path, f"the key {dup.key!r}", dup.first, dup.second) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = mark.line + 1 if mark is not None else 0
        problem = getattr(exc, "problem", exc)
        raise StoreError(f"{path}:{where}: not valid YAML: {problem}") from None
    except (ValueError, TypeError) as exc:  # a value PyYAML cannot build
        raise StoreError(f"{path}: not a status store: {exc}") from None
    finally:
        loader.dispose()
    lines: dict[str, int] = loader.item_lines
    if data is None:
        return StoreText({}, {}, {})
    merges = _merge_log(data.get("merges") if isinstance(data, dict) else None, path)
    items = data.get("items") if isinstance(data, dict) else None
    if items is None and isinstance(data, dict) and "items" in data:
        return StoreText({}, {}, {}, merges)
    if not isinstance(items, dict):
        raise StoreError(f"{path}:1: expected a mapping with an 'items' mapping")
    entries: dict[str, Entry] = {}
    for item_id, fields in items.items():
        key = valid_unicode(str(item_id))
        if not isinstance(fields, dict) or fields.get("status") not in STATUSES:
            raise StoreError(f"{path}:{lines.get(key, 0)}: entry {key!r} has no valid status")
        values = {
            name: ("" if fields.get(name) is None else valid_unicode(str(fields.get(name))))
            for name in FIELDS[:-1]
        }
        checkbox = fields.get("checkbox")
        if key in entries:  # two IDs equal once cleaned
            raise _duplicate(path, f"the ID {key!r}", lines.get(key, 0), 0)
        entries[key] = Entry(
            **values, checkbox=None if checkbox is None else valid_unicode(str(checkbox))
        )
    return StoreText(entries, {valid_unicode(str(k)): v for k, v in lines.items()}, {}, merges)


def _merge_log(data: object, path: Path) -> tuple[MergeEvent, ...]:
    if data is None:
        return ()
    events = [MergeEvent.from_mapping(entry) for entry in data] if isinstance(data, list) else []
    if not isinstance(data, list) or None in events:
        raise StoreError(f"{path}: the merge log ('merges') is not a list of merge events")
    return tuple(event for event in events if event is not None)


class _DuplicateKey(Exception):
    def __init__(self, key: object, first: int, second: int) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


_LOADER: type | None = None


def _loader_class() -> type:
    """PyYAML's safe loader (C when built) that refuses repeated keys and notes ID lines."""
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml  # only a store not in kb-tui's own layout needs the YAML reader

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StoreLoader(base):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.item_lines: dict[str, int] = {}
            self._items_node: object = None

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if (
                    not isinstance(key_node, yaml.ScalarNode)
                    or key_node.tag == "tag:yaml.org,2002:merge"  # a plain <<, not "<<"
                ):
                    continue
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise _DuplicateKey(key, seen[key], line)
                seen[key] = line
                if (
                    key == "items"
                    and self._items_node is None  # the document's own key, met first
                    and isinstance(value_node, yaml.MappingNode)
                ):
                    self._items_node = value_node
            if node is self._items_node:
                self.item_lines = {str(k): v for k, v in seen.items()}
            return super().construct_mapping(node, deep=deep)

    # A timestamp is kept as written: an unquoted ``due: 2027-02-30`` (a hand edit) is
    # text to show, not a date PyYAML fails to build (and `updated:` stays ISO text).
    StoreLoader.add_constructor(
        "tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node)
    )
    _LOADER = StoreLoader
    return StoreLoader
