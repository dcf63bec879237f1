"""Text hygiene: decoding, control-character stripping, mojibake repair and slugs.

Every piece of document text that reaches a screen or a report passes through
:func:`clean`, so no file can send a control sequence to the user's terminal.
"""

from __future__ import annotations

import codecs
import functools
import re
import unicodedata

# C0 except tab and newline, DEL, C1, and the bidi embedding/override/isolate controls.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]"
)
# A run of non-ASCII characters: mojibake of a UTF-8 sequence never contains ASCII.
_NON_ASCII_RUN_RE = re.compile(r"[^\x00-\x7f]{2,}")
_MOJIBAKE_CODECS = ("cp1252", "mac_roman", "latin-1")
_SLUG_SPACE_RE = re.compile(r"[\s\-]+")


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode file bytes BOM-aware; fall back to UTF-8 with replacement.

    Returns the text (CRLF and lone CR normalised to LF) and the encoding used.
    """
    if data.startswith(codecs.BOM_UTF8):
        text, encoding = data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16", errors="replace"), "utf-16"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("utf-8", errors="replace"), "utf-8 (with replacements)"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def valid_unicode(text: str) -> str:
    """``text`` with surrogate code points made real: a pair joined, a lone one U+FFFD.

    A lone surrogate (an undecodable byte of a command-line argument, ``"\\udcff"`` written
    in a YAML or JSON file) cannot be encoded as UTF-8: kept, it would make every later
    write of the text fail. Stored text is cleaned with this on the way in.
    """
    if text.isascii() or not _SURROGATE_RE.search(text):
        return text
    return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def strip_controls(text: str) -> str:
    """Remove C0 (except tab and newline), C1 and bidi control characters."""
    if text.isprintable():  # every character stripped here is a non-printable one
        return text
    return _CONTROL_RE.sub("", text)


def _plausible(text: str) -> bool:
    """Reject decodings that start with a combining mark or hold controls/unassigned points."""
    if unicodedata.category(text[0]).startswith("M"):
        return False
    return not any(unicodedata.category(ch) in ("Cc", "Cn", "Co", "Cs") for ch in text)


def _repair_run(run: str) -> str:
    for codec in _MOJIBAKE_CODECS:
        try:
            repaired = run.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if (
            repaired != run
            and _plausible(repaired)
            and repaired.encode("utf-8").decode(codec) == run
        ):
            return repaired
    return run


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 that was decoded as Mac Roman, Windows-1252 or Latin-1.

    Only runs of non-ASCII characters whose round trip is exact are changed, so real
    accented text (``café``) is left alone.
    """
    if text.isascii():
        return text
    return _NON_ASCII_RUN_RE.sub(lambda m: _repair_run(m.group(0)), text)


# VS16 (emoji presentation) after a character that is narrow by itself: ``🛠️``, ``⚙️``, ``⚠️``.
_NARROW_VS16_RE = re.compile("([^\x00-\x7f])\ufe0f")


def _narrow_vs16(match: re.Match[str]) -> str:
    char = match.group(1)
    return match.group(0) if unicodedata.east_asian_width(char) in ("W", "F") else char


def single_width_emoji(text: str) -> str:
    """Drop VS16 after a character that is one cell wide by itself (``🛠️`` → ``🛠``).

    Terminals disagree on such a pair: Rich (and so Textual) measures it two cells, glibc's
    ``wcwidth``, tmux and many terminals one, so every line holding one came out a cell off
    and pushed the pane's border. The character alone is one cell wide everywhere it is
    measured by the Unicode width tables; wide emoji (``🔒️``) keep their selector.
    """
    if "\ufe0f" not in text:
        return text
    return _NARROW_VS16_RE.sub(_narrow_vs16, text)


def clean(text: str) -> str:
    """Display form of raw document text: mojibake repaired, controls stripped, emoji of an
    ambiguous width made single-width (:func:`single_width_emoji`)."""
    if text.isascii() and text.isprintable():
        return text
    return single_width_emoji(strip_controls(repair_mojibake(text)))


def _ascii_slug_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {}
    for code in range(128):
        char = chr(code)
        if not (char.isalnum() or char == "_"):
            table[code] = "-" if char.isspace() or char == "-" else None
    return table


_ASCII_SLUG = str.maketrans(_ascii_slug_table())
_SLUG_DROP_RE = re.compile(r"[^\w\s-]+")
_DASHES_RE = re.compile(r"--+")


def slugify(text: str) -> str:
    """ID slug: lower-case letters, digits, ``_``; spaces to ``-``; emoji, punctuation dropped.

    Letters and digits are Unicode ones (``str.isalnum``, which is what ``\\w`` matches);
    ASCII text, by far the most common, takes a translate table instead of a regex.
    """
    if text.isascii():
        slug = text.lower().translate(_ASCII_SLUG)
        if "--" in slug:
            slug = _DASHES_RE.sub("-", slug)
        return slug.strip("-")
    return _short_unicode_slug(text) if len(text) <= 120 else _unicode_slug(text)


def _unicode_slug(text: str) -> str:
    return _SLUG_SPACE_RE.sub("-", _SLUG_DROP_RE.sub("", text.lower())).strip("-")


# Remembered: headings such as "📝 Related Documentation" recur across a vault, and the
# regular expressions cost ten times the lookup.
_short_unicode_slug = functools.lru_cache(maxsize=8192)(_unicode_slug)


def replace_lines(text: str, lines: list[tuple[int, str]]) -> str:
    """``text`` with each of ``lines`` — (1-based line number, new line) — put in its place
    (numbers past the end are ignored; the line count never changes)."""
    if not lines:
        return text
    split = text.split("\n")
    for number, new in lines:
        if 0 < number <= len(split):
            split[number - 1] = new
    return "\n".join(split)
