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
from typing import Any

from kb_tui.core.errors import StoreError
from kb_tui.core.model import STATUSES
from kb_tui.core.store_format import FIELDS, Entry
from kb_tui.core.text import valid_unicode

# Characters the line reader leaves to YAML: controls (tab included), C1/NEL and the Unicode
# line separators YAML folds inside quoted text, BOMs and non-characters YAML refuses.
_YAML_ONLY_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]|\t")
_STATUS_SET = frozenset(STATUSES)


class _Unusual(Exception):
    """The text is not in kb-tui's own layout: let YAML read it."""


def parse_store(text: str, path: Path) -> tuple[dict[str, Entry], dict[str, int]]:
    """Entries and the line of each entry's key; :class:`StoreError` (file:line) on any doubt."""
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith(("<<<<<<<", ">>>>>>>", "=======")):
            raise StoreError(f"{path}:{number}: merge conflict markers; resolve them first")
    if not _YAML_ONLY_RE.search(text):
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


def _parse_lines(text: str, path: Path) -> tuple[dict[str, Entry], dict[str, int]]:
    """The fast reader: exactly kb-tui's layout, else :class:`_Unusual`."""
    entries: dict[str, Entry] = {}
    lines: dict[str, int] = {}
    key: str | None = None
    fields: dict[str, str] = {}
    seen_items = False
    loads = json.loads
    for number, line in enumerate(text.split("\n"), 1):
        if not line or line[0] == "#":
            continue
        if line.startswith('  "') and line.endswith('":'):
            if not seen_items:
                raise _Unusual
            if key is not None:
                entries[key] = _entry(fields)
            key = valid_unicode(_quoted(line[2:-1], loads))
            if key in lines:
                raise _duplicate(path, f"the ID {key!r}", lines[key], number)
            lines[key] = number
            fields = {}
        elif line.startswith("    ") and key is not None:
            name, sep, value = line[4:].partition(": ")
            if not sep or name not in FIELDS or name in fields:
                raise _Unusual
            if name == "status" and value in _STATUS_SET:
                fields[name] = value
            else:
                fields[name] = valid_unicode(_quoted(value, loads))
        elif line == "items:" and not seen_items:
            seen_items = True
        elif line == "items: {}" and not seen_items:
            seen_items = True
            key = None
        else:
            raise _Unusual
    if not seen_items:
        raise _Unusual
    if key is not None:
        entries[key] = _entry(fields)
    return entries, lines


def _quoted(text: str, loads: Any) -> str:
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise _Unusual
    try:
        value = loads(text)
    except ValueError:
        raise _Unusual from None
    if not isinstance(value, str):
        raise _Unusual
    return value


def _entry(fields: dict[str, str]) -> Entry:
    if fields.get("status") not in _STATUS_SET:
        raise _Unusual  # YAML's reader names the entry and its line
    return Entry(
        status=fields["status"],
        note=fields.get("note", ""),
        owner=fields.get("owner", ""),
        updated=fields.get("updated", ""),
        by=fields.get("by", ""),
        checkbox=fields.get("checkbox"),
    )


def _parse_yaml(text: str, path: Path) -> tuple[dict[str, Entry], dict[str, int]]:
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
    finally:
        loader.dispose()
    lines: dict[str, int] = loader.item_lines
    if data is None:
        return {}, {}
    items = data.get("items") if isinstance(data, dict) else None
    if items is None and isinstance(data, dict) and "items" in data:
        return {}, {}
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
    return entries, {valid_unicode(str(k)): v for k, v in lines.items()}


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
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class StoreLoader(base):  # type: ignore[misc,valid-type]
        def __init__(self, stream: str) -> None:
            super().__init__(stream)
            self.item_lines: dict[str, int] = {}
            self._items_node: object = None

        def construct_mapping(self, node: Any, deep: bool = False) -> Any:
            seen: dict[Any, int] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                    continue
                key = key_node.value
                line = key_node.start_mark.line + 1
                if key in seen:
                    raise _DuplicateKey(key, seen[key], line)
                seen[key] = line
                if key == "items" and isinstance(value_node, yaml.MappingNode):
                    self._items_node = value_node
            if node is self._items_node:
                self.item_lines = {str(k): v for k, v in seen.items()}
            return super().construct_mapping(node, deep=deep)

    _LOADER = StoreLoader
    return StoreLoader
