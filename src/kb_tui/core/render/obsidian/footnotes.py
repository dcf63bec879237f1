"""Obsidian footnotes: ``[^1]`` and ``[^name]`` references with ``[^name]: text``
definitions, and inline ``^[text]`` notes, drawn as numbers with a "Footnotes" list after
the text (Textual's Markdown has no footnotes; a section is shown alone, so its notes go at
its end).
"""

from __future__ import annotations

import re

from kb_tui.core.parse.code_spans import replace_outside_code

_DEF_RE = re.compile(r"^\[\^([^\]\s]{1,100})\]:[ \t]?(.*)$")
# A reference ``[^label]``, or an inline note ``^[text]`` (one level of brackets inside).
_NOTE_RE = re.compile(r"\[\^([^\]\s]{1,100})\](?!:)|\^\[((?:[^\[\]\n]|\[[^\[\]\n]*\]){1,2000})\]")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def superscript(number: int) -> str:
    return str(number).translate(_SUPERSCRIPT)


class Footnotes:
    """A section's footnotes: definitions are taken out first (:meth:`take_definition` on
    every line), then references numbered (:meth:`references`), then listed."""

    def __init__(self) -> None:
        self.definitions: dict[str, list[str]] = {}
        self.numbers: dict[str, int] = {}  # label -> number, in order of first reference
        self.texts: list[str] = []  # footnote text by number - 1
        self._last: str | None = None  # the definition indented lines continue

    def take_definition(self, line: str) -> bool:
        """True when ``line`` is (part of) a definition, which is then kept for the end."""
        match = _DEF_RE.match(line)
        if match:
            self._last = match.group(1)
            self.definitions.setdefault(self._last, []).append(match.group(2).strip())
            return True
        if self._last is not None and line.startswith(("    ", "\t")) and line.strip():
            self.definitions[self._last].append(line.strip())
            return True
        self._last = None
        return False

    def references(self, line: str) -> str:
        """``line`` with its references and inline notes as superscript numbers (code spans
        untouched)."""
        if "[^" not in line and "^[" not in line:
            return line
        return replace_outside_code(line, self._refs)

    def _refs(self, text: str) -> str:
        return _NOTE_RE.sub(self._note, text)

    def _note(self, match: re.Match[str]) -> str:
        label = match.group(1)
        if label is None:
            return self._number(None, match.group(2).strip())
        if label not in self.definitions:
            return match.group()  # no definition: shown as written, as Obsidian does
        return self._number(label, None)

    def _number(self, label: str | None, text: str | None) -> str:
        if label is None:
            self.texts.append(text or "")
            return superscript(len(self.texts))
        if label not in self.numbers:
            self.texts.append("")
            self.numbers[label] = len(self.texts)
        return superscript(self.numbers[label])

    def listing(self) -> list[str]:
        """The "Footnotes" list that ends the section (nothing without footnotes)."""
        for label, number in self.numbers.items():
            self.texts[number - 1] = " ".join(self.definitions[label])
        for label, parts in self.definitions.items():  # defined, never referenced
            if label not in self.numbers:
                self.texts.append(" ".join(parts))
        if not self.texts:
            return []
        out = ["", "---", "", "**Footnotes**", ""]
        out += [f"{number}. {text}" for number, text in enumerate(self.texts, 1)]
        return out
