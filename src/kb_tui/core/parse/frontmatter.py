"""YAML frontmatter: split it off the body and load it safely.

We split the block ourselves and load it with PyYAML's safe loader rather than through
python-frontmatter: its ``Post`` object takes keys such as ``content`` and ``handler`` as
constructor arguments (a note with such a key breaks it), and it raises on bad YAML where
kb-tui must report a problem and still read the body.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import yaml

from kb_tui.core.model.problems import ProblemCode

try:  # the C loader is much faster; both are "safe" (no object construction)
    from yaml import CSafeLoader as _SafeLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _SafeLoader  # type: ignore[assignment]


class _Loader(_SafeLoader):
    """The safe loader, except that an impossible date (2024-13-45) stays a string."""


def _timestamp(loader: _Loader, node: yaml.ScalarNode) -> object:
    try:
        return yaml.constructor.SafeConstructor.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

MAX_FRONTMATTER_CHARS = 64 * 1024
MAX_JSON_NODES = 10_000
MAX_JSON_DEPTH = 32
MAX_INT_BITS = 1_024  # about 300 digits: YAML reads 0x… numbers of any size, which no
# JSON writer or str() (Python's 4,300-digit limit) can then print


@dataclass
class Frontmatter:
    """The result of splitting a note: metadata, body and where the body starts."""

    data: dict[str, object] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    raw: str = ""
    error: str = ""
    error_line: int = 0
    code: str = ""


class _Budget:
    def __init__(self) -> None:
        self.nodes = 0


def to_jsonable(value: object, budget: _Budget | None = None, depth: int = 0) -> object:
    """Copy a loaded YAML value into JSON-safe types; anything else becomes a string.

    A node budget and a depth cap defuse alias bombs ("billion laughs") and recursive
    aliases, which the safe loader builds as shared or cyclic references.
    """
    budget = budget or _Budget()
    budget.nodes += 1
    if budget.nodes > MAX_JSON_NODES or depth > MAX_JSON_DEPTH:
        raise ValueError("frontmatter is too large or too deeply nested (alias expansion?)")
    if value is None or isinstance(value, bool | str):
        return value
    if isinstance(value, int):
        if value.bit_length() > MAX_INT_BITS:
            raise ValueError(f"a number of more than {MAX_INT_BITS} bits (about 300 digits)")
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, budget, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [to_jsonable(v, budget, depth + 1) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def split_frontmatter(text: str) -> Frontmatter:
    """Split ``---`` frontmatter from ``text`` and load it; never raises."""
    if not text.startswith("---"):
        return Frontmatter(body=text)
    first_nl = text.find("\n")
    if first_nl == -1 or text[:first_nl].rstrip() != "---":
        return Frontmatter(body=text)
    pos = first_nl + 1
    line_no = 2
    while pos <= len(text):
        nl = text.find("\n", pos)
        line = text[pos:] if nl == -1 else text[pos:nl]
        if line.rstrip() in ("---", "..."):
            raw = text[first_nl + 1 : pos]
            body = "" if nl == -1 else text[nl + 1 :]
            result = Frontmatter(body=body, body_line=line_no + 1, raw=raw)
            _load_into(result)
            return result
        if nl == -1:
            break
        pos = nl + 1
        line_no += 1
    return Frontmatter(
        body=text,
        error="frontmatter starts with '---' but is never closed; read as body text",
        error_line=1,
        code=ProblemCode.FRONTMATTER_UNCLOSED,
    )


def _load_into(result: Frontmatter) -> None:
    raw = result.raw
    if not raw.strip():
        return
    if len(raw) > MAX_FRONTMATTER_CHARS:
        result.error = f"frontmatter is larger than {MAX_FRONTMATTER_CHARS} characters; ignored"
        result.error_line, result.code = 1, ProblemCode.FRONTMATTER_TOO_LARGE
        return
    try:
        loaded = yaml.load(raw, Loader=_Loader)
        value = to_jsonable(loaded)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 1 + (mark.line + 1 if mark is not None else 0)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        result.error, result.error_line = f"invalid frontmatter YAML: {problem}", line
        result.code = ProblemCode.FRONTMATTER_INVALID
        return
    except (ValueError, RecursionError) as exc:
        result.error, result.error_line, result.code = str(exc), 1, ProblemCode.FRONTMATTER_INVALID
        return
    if isinstance(value, dict):
        result.data = value
    elif value is not None:
        result.error = f"frontmatter is a {type(loaded).__name__}, not a mapping; ignored"
        result.error_line, result.code = 1, ProblemCode.FRONTMATTER_INVALID
