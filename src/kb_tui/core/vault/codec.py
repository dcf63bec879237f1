"""A parsed document as plain lists and strings, and back: for the parse cache and workers.

The parse cache (:mod:`kb_tui.core.vault.cache`) stores documents as JSON, never pickle: a
cache file is data we read back, and data is never trusted. :func:`decode_document`
therefore checks every field's type and strips control characters from every display string
again, so an edited or damaged cache yields an error (and a fresh parse) or harmless text,
never a bad model or escape sequences.
The pool workers of :mod:`kb_tui.core.vault.index` send the same lists to the parent, because
plain lists cross a process boundary several times faster than pickled dataclasses.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from kb_tui.core.model import (
    Document,
    Group,
    Item,
    ItemKind,
    LinkRef,
    Problem,
    Section,
    Severity,
)
from kb_tui.core.text import strip_controls as clean

# The one string object of each value: a decoded vault has half a million items, and a
# separate "list" string for each would cost tens of megabytes.
ITEM_KINDS: dict[str, ItemKind] = {
    k: k for k in ("list", "task", "yaml", "json", "python", "mermaid")
}
LINK_KINDS = {k: k for k in ("wikilink", "markdown", "embed", "url")}
SEVERITIES = {k: k for k in ("error", "warning", "info")}
CHECKBOXES = {c: c for c in (" ", "x", "X")}
MAX_DEPTH = 200  # deeper than any parse produces (6 heading levels, capped list depth)


class CodecError(ValueError):
    """Encoded data that is not a document this version wrote."""


# -- encode ----------------------------------------------------------------------------------
def _segment(node_id: str, prefix: str) -> str:
    """``node_id`` without its parent's ``prefix`` (IDs repeat their parent's; see ids.py)."""
    if node_id.startswith(prefix) and len(node_id) > len(prefix):
        return node_id[len(prefix) :]
    return "\0" + node_id  # not derived from the parent (cannot happen): kept whole


def encode_nodes(nodes: list[Group | Item], prefix: str) -> list[Any]:
    out: list[Any] = []
    for node in nodes:
        if isinstance(node, Item):
            out.append([_segment(node.id, prefix), node.text, node.kind, node.line, node.checkbox])
        else:
            out.append(
                [
                    _segment(node.id, prefix),
                    node.title,
                    node.line,
                    encode_nodes(node.children, node.id + "/"),
                ]
            )
    return out


def encode_sections(sections: list[Section], prefix: str) -> list[Any]:
    return [
        [
            _segment(s.id, prefix),
            s.title,
            s.level,
            s.line,
            s.end_line,
            encode_nodes(s.children, s.id + "/"),
            encode_sections(s.sections, s.id + "/"),
        ]
        for s in sections
    ]


def _stamp(value: dt.datetime | None) -> float | None:
    return None if value is None else value.timestamp()


def encode_document(doc: Document) -> list[Any]:
    return [
        doc.path,
        doc.title,
        doc.frontmatter,
        doc.text,
        encode_sections(doc.sections, doc.path + "#"),
        encode_nodes(doc.preamble, doc.path + "#"),
        [[link.target, link.line, link.kind] for link in doc.links],
        doc.truncated,
        doc.body_line,
        _stamp(doc.created),
        _stamp(doc.modified),
        None if doc.findings is None else encode_problems(doc.findings),
        None if doc.repeats is None else [list(repeat) for repeat in doc.repeats],
        [list(repair) for repair in doc.fence_repairs],
    ]


def encode_problems(problems: list[Problem]) -> list[Any]:
    return [[p.path, p.line, p.severity, p.code, p.message, p.fix] for p in problems]


# -- decode ----------------------------------------------------------------------------------
def _str(value: Any) -> str:
    if value.__class__ is not str:
        raise CodecError("expected a string")
    return value


def _int(value: Any) -> int:
    if value.__class__ is not int:
        raise CodecError("expected an integer")
    return value


def _list(value: Any) -> list[Any]:
    if value.__class__ is not list:
        raise CodecError("expected a list")
    return value


def _full_id(segment: Any, prefix: str) -> str:
    if segment.__class__ is not str or not segment:
        raise CodecError("bad id")
    return segment[1:] if segment[0] == "\0" else prefix + segment


def decode_nodes(data: Any, prefix: str, depth: int = 0) -> list[Group | Item]:
    """Items and groups; type checks are inline because this runs for every cached item."""
    if depth > MAX_DEPTH or data.__class__ is not list:
        raise CodecError("bad node list")
    out: list[Group | Item] = []
    append = out.append
    kinds = ITEM_KINDS
    for entry in data:
        if entry.__class__ is not list:
            raise CodecError("bad node")
        if len(entry) == 5:
            segment, text, kind, line, checkbox = entry
            if (
                segment.__class__ is not str
                or text.__class__ is not str
                or line.__class__ is not int
                or kind not in kinds
            ):
                raise CodecError("bad item")
            item_id = _full_id(segment, prefix) if segment[:1] in ("", "\0") else prefix + segment
            if not text.isprintable():
                text = clean(text)
            if checkbox is not None:
                if checkbox.__class__ is not str:
                    raise CodecError("bad item")
                checkbox = CHECKBOXES.get(checkbox, checkbox)
            append(Item(item_id, text, kinds[kind], line, checkbox))
        elif len(entry) == 4:
            segment, title, line, children = entry
            node_id = _full_id(segment, prefix)
            append(
                Group(
                    node_id,
                    clean(_str(title)),
                    _int(line),
                    decode_nodes(children, node_id + "/", depth + 1),
                )
            )
        else:
            raise CodecError("bad node")
    return out


def decode_sections(data: Any, prefix: str, depth: int = 0) -> list[Section]:
    """Sections; type checks inline and empty lists taken as they are (an outline's
    sections, which ``check`` decodes by the hundred thousand, have no items)."""
    if depth > MAX_DEPTH:
        raise CodecError("sections nested too deeply")
    out: list[Section] = []
    append = out.append
    for entry in _list(data):
        if entry.__class__ is not list or len(entry) != 7:
            raise CodecError("bad section")
        segment, title, level, line, end_line, children, subs = entry
        if (
            title.__class__ is not str
            or level.__class__ is not int
            or line.__class__ is not int
            or end_line.__class__ is not int
            or children.__class__ is not list
            or subs.__class__ is not list
        ):
            raise CodecError("bad section")
        sid = _full_id(segment, prefix)
        append(
            Section(
                sid,
                title if title.isprintable() else clean(title),
                level,
                line,
                end_line,
                decode_nodes(children, sid + "/") if children else [],
                decode_sections(subs, sid + "/", depth + 1) if subs else [],
            )
        )
    return out


def _date(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if value.__class__ not in (float, int):
        raise CodecError("bad timestamp")
    return dt.datetime.fromtimestamp(value)


def _frontmatter(value: Any, depth: int = 0) -> Any:
    """A JSON value as the frontmatter loader makes it, with display strings cleaned."""
    if depth > MAX_DEPTH:
        raise CodecError("frontmatter nested too deeply")
    if value is None or value.__class__ in (bool, int, float):
        return value
    if value.__class__ is str:
        return clean(value)
    if value.__class__ is list:
        return [_frontmatter(v, depth + 1) for v in value]
    if value.__class__ is dict:
        return {clean(_str(k)): _frontmatter(v, depth + 1) for k, v in value.items()}
    raise CodecError("bad frontmatter value")


def decode_document(data: Any) -> Document:
    """The document ``data`` encodes; raises :class:`CodecError` on anything unexpected."""
    try:
        (
            path,
            title,
            frontmatter,
            text,
            sections,
            preamble,
            links,
            truncated,
            body_line,
            created,
            modified,
            findings,
            repeats,
            repairs,
        ) = _list(data)
        if frontmatter.__class__ is not dict or truncated.__class__ is not bool:
            raise CodecError("bad document header")
        path = _str(path)
        doc = Document(
            path=path,
            title=clean(_str(title)),
            frontmatter=_frontmatter(frontmatter),
            text=_str(text),
            sections=decode_sections(sections, path + "#"),
            preamble=decode_nodes(preamble, path + "#"),
            truncated=truncated,
            body_line=_int(body_line),
            created=_date(created),
            modified=_date(modified),
            findings=None if findings is None else decode_problems(findings),
            repeats=None if repeats is None else _repeats(repeats),
            fence_repairs=[_repair(entry) for entry in _list(repairs)],
        )
        for entry in _list(links):
            target, line, kind = _list(entry)
            if kind not in LINK_KINDS:
                raise CodecError("bad link kind")
            doc.links.append(LinkRef(path, clean(_str(target)), _int(line), kind))
        return doc
    except CodecError:
        raise
    except (TypeError, ValueError, OverflowError, OSError, RecursionError) as exc:
        raise CodecError(str(exc)) from exc


def _repeats(data: Any) -> list[tuple[int, str, int, str]]:
    out = []
    for entry in _list(data):
        line, title, first, slug = _list(entry)
        out.append((_int(line), clean(_str(title)), _int(first), clean(_str(slug))))
    return out


def _repair(data: Any) -> tuple[int, str]:
    line, text = _list(data)
    return _int(line), _str(text)


def decode_problems(data: Any) -> list[Problem]:
    out: list[Problem] = []
    try:
        for entry in _list(data):
            path, line, severity, code, message, fix = _list(entry)
            if severity not in SEVERITIES:
                raise CodecError("bad severity")
            level: Severity = severity
            out.append(
                Problem(
                    _str(path),
                    _int(line),
                    level,
                    clean(_str(code)),
                    clean(_str(message)),
                    _str(fix),
                )
            )
    except CodecError:
        raise
    except (TypeError, ValueError) as exc:
        raise CodecError(str(exc)) from exc
    return out


# -- one parsed note as a JSON string (cache entries, pool results) --------------------------
def dump_parsed(doc: Document, problems: list[Problem]) -> str:
    """``doc`` and its problems as one compact JSON string.

    A string, not nested lists: it is what the cache writes and what a pool worker sends,
    and a few thousand strings take a tenth of the memory of their lists.
    """
    payload = [encode_document(doc), encode_problems(problems)]
    # ASCII (non-ASCII as \\u escapes): one emoji would otherwise make Python hold the
    # whole string at four bytes a character.
    return json.dumps(payload, ensure_ascii=True, separators=(",", ":"))


def load_parsed(payload: Any) -> tuple[Document, list[Problem]]:
    """The note :func:`dump_parsed` wrote; raises :class:`CodecError` on anything else."""
    if payload.__class__ is not str:
        raise CodecError("expected a JSON string")
    try:
        data = json.loads(payload)
    except (ValueError, RecursionError) as exc:
        raise CodecError(str(exc)) from exc
    if data.__class__ is not list or len(data) != 2:
        raise CodecError("expected a document and its problems")
    return decode_document(data[0]), decode_problems(data[1])
