"""Checklist items from fenced code blocks: yaml, json, python and mermaid.

Nothing here runs document content: YAML goes through the safe loader, JSON through
``json``, Python through ``ast`` (parsed, never compiled or executed) and mermaid through
our own interpreter of the flowchart syntax.
"""

from __future__ import annotations

import ast
import json
from dataclasses import dataclass, field

import yaml

from kb_tui.core.model import ItemKind
from kb_tui.core.model.proto import Proto, ProtoGroup, ProtoItem
from kb_tui.core.parse.frontmatter import _Budget, _Loader, to_jsonable

MAX_FENCE_CHARS = 256 * 1024
MAX_FENCE_ITEMS = 5_000
MAX_PYTHON_DEPTH = 50
MAX_YAML_DOCUMENTS = 100


@dataclass
class FenceResult:
    """Items of one fence, or the reason it gave none."""

    nodes: list[Proto] = field(default_factory=list)
    error: str = ""


class _LineFinder:
    """Finds the line of a text in the fence, searching forward from the last hit."""

    def __init__(self, code: str, first_line: int) -> None:
        self.lines = code.split("\n")
        self.first_line = first_line
        self.cursor = 0

    def line_of(self, text: str) -> int:
        for offset in range(self.cursor, len(self.lines)):
            if text in self.lines[offset]:
                self.cursor = offset
                return self.first_line + offset
        return self.first_line + self.cursor


def extract_fence(lang: str, code: str, line: int) -> FenceResult:
    """Items of a fence whose info string starts with ``lang``; ``line`` is its first code line."""
    lang = _fence_lang(lang)
    if lang not in ("yaml", "yml", "json", "python", "py", "mermaid"):
        return FenceResult()
    if len(code) > MAX_FENCE_CHARS:
        return FenceResult(error=f"{lang} block larger than {MAX_FENCE_CHARS} characters: skipped")
    finder = _LineFinder(code, line)
    try:
        if lang in ("yaml", "yml", "json"):
            kind: ItemKind = "json" if lang == "json" else "yaml"
            return FenceResult(_data_nodes(to_jsonable(_load_data(lang, code)), kind, finder))
        if lang in ("python", "py"):
            return FenceResult(_python_nodes(code, finder))
        return FenceResult(_mermaid_nodes(code, finder))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {line + mark.line})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return FenceResult(error=f"yaml block does not parse{where}: {problem}")
    except json.JSONDecodeError as exc:
        return FenceResult(
            error=f"json block does not parse (line {line + exc.lineno - 1}): {exc.msg}"
        )
    except SyntaxError as exc:
        return FenceResult(error=f"python block does not parse: {exc.msg}")
    except (ValueError, RecursionError, MemoryError, TypeError) as exc:
        return FenceResult(error=f"{lang} block could not be read: {exc}")


def check_fence(lang: str, code: str, line: int) -> tuple[int, str]:
    """What :func:`extract_fence` would report, without the items: at most how many nodes
    it gives, and its error (``""``: none). For ``check``, which needs only the errors.

    A mermaid block is not read at all: the interpreter never fails (it reads what it can
    and drops the rest), and it gives at most its node and subgraph caps.
    """
    name = _fence_lang(lang)
    if len(code) <= MAX_FENCE_CHARS:
        if name == "mermaid":
            # The mermaid parser is loaded only by notes that hold a diagram.
            from kb_tui.core.parse.mermaid.parser import MAX_NODES, MAX_SUBGRAPHS

            return MAX_NODES + MAX_SUBGRAPHS, ""
        if name in ("yaml", "yml", "json"):  # loaded and copied, as extract_fence does…
            budget = _Budget()  # …which makes at most one item of each value copied
            try:
                to_jsonable(_load_data(name, code), budget)
            except (yaml.YAMLError, ValueError, RecursionError, MemoryError, TypeError):
                pass  # extract_fence words the error
            else:
                return budget.nodes, ""
    result = extract_fence(lang, code, line)
    return len(result.nodes), result.error


def _fence_lang(info: str) -> str:
    """The language a fence's info string names: its first word, lower-cased."""
    return info.strip().split(maxsplit=1)[0].lower() if info.strip() else ""


def _load_data(name: str, code: str) -> object:
    """The value of a json or yaml block. A yaml block may hold several documents (a
    frontmatter example, ``---`` … ``---``, is two): valid YAML, read as the list of its
    non-empty documents, or as the one document when there is one (so a plain block reads
    as it always did). Safe loader only; documents capped like the size."""
    if name == "json":
        return json.loads(code)
    documents: list[object] = []
    for document in yaml.load_all(code, Loader=_Loader):
        if document is None:
            continue
        if len(documents) == MAX_YAML_DOCUMENTS:
            raise ValueError(f"more than {MAX_YAML_DOCUMENTS} YAML documents in one block")
        documents.append(document)
    if not documents:
        return None
    return documents[0] if len(documents) == 1 else documents


def _scalar(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _data_nodes(value: object, kind: ItemKind, finder: _LineFinder) -> list[Proto]:
    """Mapping keys are groups; list scalars are items; ``key: scalar`` is an item.

    Recursion is bounded: :func:`to_jsonable` already capped depth and node count.
    """
    out: list[Proto] = []
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, dict | list):
                group = ProtoGroup(str(key), finder.line_of(str(key)))
                group.children = _data_nodes(child, kind, finder)
                out.append(group)
            else:
                text = f"{key}: {_scalar(child)}" if child is not None else str(key)
                out.append(ProtoItem(text, kind, finder.line_of(str(key))))
    elif isinstance(value, list):
        for child in value:
            if isinstance(child, dict | list):
                out.extend(_data_nodes(child, kind, finder))
            else:
                text = _scalar(child)
                out.append(ProtoItem(text, kind, finder.line_of(text)))
    return out


def _call_name(node: ast.expr) -> str:
    if isinstance(node, ast.Await):
        node = node.value
    if not isinstance(node, ast.Call):
        return ""
    func = node.func
    parts: list[str] = []
    while isinstance(func, ast.Attribute):
        parts.append(func.attr)
        func = func.value
    if isinstance(func, ast.Name):
        parts.append(func.id)
    return ".".join(reversed(parts))


def _python_nodes(code: str, finder: _LineFinder) -> list[Proto]:
    """Definitions are groups; call statements in their bodies are items."""
    tree = ast.parse(code, mode="exec")  # parsed only: never compiled or run
    return _python_body(tree.body, finder, 0)


def _python_body(body: list[ast.stmt], finder: _LineFinder, depth: int) -> list[Proto]:
    out: list[Proto] = []
    if depth > MAX_PYTHON_DEPTH:
        return out
    for stmt in body:
        line = finder.first_line + stmt.lineno - 1
        if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            out.append(ProtoGroup(stmt.name, line, _python_body(stmt.body, finder, depth + 1)))
        elif isinstance(stmt, ast.Expr):
            if name := _call_name(stmt.value):
                out.append(ProtoItem(name, "python", line))
        else:  # compound statements: if/for/while/with/try/match bodies
            for child in _nested_bodies(stmt):
                out.extend(_python_body(child, finder, depth + 1))
    return out


def _nested_bodies(stmt: ast.stmt) -> list[list[ast.stmt]]:
    bodies: list[list[ast.stmt]] = []
    for attr in ("body", "orelse", "finalbody"):
        value = getattr(stmt, attr, None)
        if isinstance(value, list):
            bodies.append([s for s in value if isinstance(s, ast.stmt)])
    for holder in getattr(stmt, "handlers", []) + getattr(stmt, "cases", []):
        bodies.append(list(holder.body))
    return bodies


def _mermaid_nodes(code: str, finder: _LineFinder) -> list[Proto]:
    """Flowchart nodes are items in order of first appearance; subgraphs are groups."""
    from kb_tui.core.parse.mermaid import parse_flowchart  # imported only by vaults with diagrams

    chart = parse_flowchart(code)
    if chart is None:
        return []
    membership: dict[str, str] = {}
    for sub in chart.subgraphs:
        for node_id in sub.node_ids:
            membership[node_id] = sub.id
    groups: dict[str, ProtoGroup] = {}
    out: list[Proto] = []

    def container(sub_id: str | None) -> list[Proto]:
        if sub_id is None:
            return out
        if sub_id not in groups:
            sub = next(s for s in chart.subgraphs if s.id == sub_id)
            groups[sub_id] = ProtoGroup(sub.title, finder.line_of(sub.title))
            container(sub.parent).append(groups[sub_id])
        return groups[sub_id].children

    for sub in chart.subgraphs:
        if not sub.node_ids:
            container(sub.id)
    for node in chart.nodes[:MAX_FENCE_ITEMS]:
        item = ProtoItem(node.label, "mermaid", finder.line_of(node.label))
        container(membership.get(node.id)).append(item)
    return out
