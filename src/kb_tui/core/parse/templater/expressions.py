"""Tokenizer and parser for the tiny JavaScript subset used inside ``<% ... %>``.

Templater evaluates placeholders as JavaScript; kb-tui must never execute anything.
Instead each expression is parsed into a small syntax tree - a ``tp.*`` path such as
``tp.frontmatter["key"][0]`` optionally ending in one call with literal or path
arguments - and anything outside that grammar raises :class:`Unsupported`, so the caller
leaves the placeholder as written.  Parsing is linear and nesting depth is capped.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeAlias

MAX_EXPRESSION_LENGTH = 4096
_MAX_NESTING = 16


class Unsupported(ValueError):
    """The expression is outside the interpreted subset; leave the placeholder alone."""


@dataclass(frozen=True)
class Lit:
    """A string, number, boolean, ``null`` or ``undefined`` literal."""

    value: str | int | float | bool | None


@dataclass(frozen=True)
class Ref:
    """A property path such as ``tp.frontmatter.tags[0]``."""

    path: tuple[str | int, ...]


@dataclass(frozen=True)
class Call:
    """A path followed by one call, such as ``tp.date.now("YYYY", 1)``."""

    path: tuple[str | int, ...]
    args: tuple[Node, ...]


Node: TypeAlias = Lit | Ref | Call

_TOKEN_RE = re.compile(
    r"""
      (?P<str>"(?:[^"\\\r\n]|\\.)*+"|'(?:[^'\\\r\n]|\\.)*+')
    | (?P<num>[0-9]+(?:\.[0-9]+)?)
    | (?P<ident>[^\W\d][\w$]*|\$[\w$]*)
    | (?P<punct>[.()\[\],;+-])
    """,
    re.VERBOSE | re.DOTALL,
)
_WHITESPACE_RE = re.compile(r"\s*+")
_ESCAPE_RE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|u\{[0-9A-Fa-f]{1,6}\}|\r\n|.)", re.S)
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    "b": "\b",
    "f": "\f",
    "v": "\v",
    "0": "\0",
    # Line continuations.
    "\n": "",
    "\r": "",
    "\r\n": "",
    "\u2028": "",
    "\u2029": "",
}
_KEYWORDS: dict[str, str | bool | None] = {
    "true": True,
    "false": False,
    "null": None,
    "undefined": None,
}

_Token: TypeAlias = tuple[str, str | int | float]  # (kind, value); kinds: str num ident punct


def _unescape(match: re.Match[str]) -> str:
    escape = match.group(1)
    if escape[0] in "xu" and len(escape) > 1:
        return chr(int(escape[1:].strip("{}"), 16))
    return _SIMPLE_ESCAPES.get(escape, escape)


def _tokenize(expression: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while True:
        whitespace = _WHITESPACE_RE.match(expression, pos)
        pos = whitespace.end() if whitespace else pos
        if pos >= len(expression):
            return tokens
        match = _TOKEN_RE.match(expression, pos)
        if match is None:
            raise Unsupported
        kind = match.lastgroup or ""
        raw = match.group(0)
        if kind == "str":
            tokens.append(("str", _ESCAPE_RE.sub(_unescape, raw[1:-1])))
        elif kind == "num":
            tokens.append(("num", float(raw) if "." in raw else int(raw)))
        else:
            tokens.append((kind, raw))
        pos = match.end()


class _Parser:
    """Recursive-descent parser for: literal | path (``.name`` / ``["key"]`` / ``[0]``)
    optionally ending in one call ``(arg, ...)``.  An optional trailing ``;`` is allowed.
    """

    def __init__(self, tokens: Sequence[_Token]) -> None:
        self._tokens = tokens
        self._pos = 0

    def _peek(self) -> _Token | None:
        return self._tokens[self._pos] if self._pos < len(self._tokens) else None

    def _next(self) -> _Token:
        token = self._peek()
        if token is None:
            raise Unsupported
        self._pos += 1
        return token

    def _accept(self, punct: str) -> bool:
        if self._peek() == ("punct", punct):
            self._pos += 1
            return True
        return False

    def _expect(self, punct: str) -> None:
        if not self._accept(punct):
            raise Unsupported

    def parse_program(self) -> Node:
        node = self._parse_expression(0)
        self._accept(";")
        if self._peek() is not None:
            raise Unsupported
        return node

    def _parse_expression(self, depth: int) -> Node:
        if depth > _MAX_NESTING:
            raise Unsupported
        kind, value = self._next()
        if kind in ("str", "num"):
            return Lit(value)
        if kind == "punct" and value in ("-", "+"):
            sign_kind, number = self._next()
            if sign_kind != "num" or not isinstance(number, int | float):
                raise Unsupported
            return Lit(-number if value == "-" else number)
        if kind != "ident" or not isinstance(value, str):
            raise Unsupported
        if value in _KEYWORDS:
            return Lit(_KEYWORDS[value])
        path: list[str | int] = [value]
        while True:
            if self._accept("."):
                name_kind, name = self._next()
                if name_kind != "ident" or not isinstance(name, str):
                    raise Unsupported
                path.append(name)
            elif self._accept("["):
                key_kind, key = self._next()
                if key_kind not in ("str", "num") or isinstance(key, float):
                    raise Unsupported
                path.append(key)
                self._expect("]")
            elif self._accept("("):
                args: list[Node] = []
                while not self._accept(")"):
                    args.append(self._parse_expression(depth + 1))
                    if not self._accept(","):
                        self._expect(")")
                        break
                return Call(tuple(path), tuple(args))
            else:
                return Ref(tuple(path))


def parse(expression: str) -> Ref | Call:
    """Parse a placeholder expression rooted at ``tp``; raise :class:`Unsupported` otherwise."""
    if not expression.startswith("tp") or len(expression) > MAX_EXPRESSION_LENGTH:
        raise Unsupported
    node = _Parser(_tokenize(expression)).parse_program()
    if not isinstance(node, Ref | Call) or node.path[:1] != ("tp",):
        raise Unsupported
    return node
