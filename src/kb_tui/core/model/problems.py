"""Every problem code kb-tui reports: **the one home of the list.**

``kb-tui check --code`` accepts exactly these, the table in ``docs/doctor.md`` and the JSON
schema of ``kb-tui/check@1`` (``docs/check.schema.json``) are generated from them, and
every :class:`~kb_tui.core.model.Problem` is made with one of them (a test holds the code
to it). A ``StrEnum``: a code is still the plain string it always was, in JSON and the cache.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ProblemCode(StrEnum):
    BINARY = "binary"
    ENCODING = "encoding"
    FENCE_INFO_ON_CLOSE = "fence-info-on-close"
    FENCE_INVALID = "fence-invalid"
    FENCE_REPAIRED_IN_MEMORY = "fence-repaired-in-memory"
    FILE_TOO_LARGE = "file-too-large"
    FRONTMATTER_INVALID = "frontmatter-invalid"
    FRONTMATTER_TOO_LARGE = "frontmatter-too-large"
    FRONTMATTER_UNCLOSED = "frontmatter-unclosed"
    HEADING_DUPLICATE = "heading-duplicate"
    KB_TUI_REPORT = "kb-tui-report"
    LINE_TOO_LONG = "line-too-long"
    LINK_BLOCK_MISSING = "link-block-missing"
    LINK_HEADING_MISSING = "link-heading-missing"
    LINK_UNRESOLVED = "link-unresolved"
    LIST_TOO_DEEP = "list-too-deep"
    MOJIBAKE = "mojibake"
    ORPHAN_STATUS = "orphan-status"
    PARSE_FAILED = "parse-failed"
    STORE_UNREADABLE = "store-unreadable"
    TEMPLATER_UNRENDERED = "templater-unrendered"
    TOO_MANY_HEADINGS = "too-many-headings"
    TOO_MANY_ITEMS = "too-many-items"
    UNREADABLE = "unreadable"


@dataclass(frozen=True)
class CodeInfo:
    severity: str  # as reported ("warning or info": depends on the finding)
    what: str
    repair: str = "—"


_E, _W, _I = "error", "warning", "info"
INFO: dict[ProblemCode, CodeInfo] = {
    ProblemCode.BINARY: CodeInfo(_E, "a `.md` file holding binary data: skipped"),
    ProblemCode.ENCODING: CodeInfo(_W, "not valid UTF-8: undecodable bytes shown as �"),
    ProblemCode.FENCE_INFO_ON_CLOSE: CodeInfo(
        _E,
        "a closing fence with an info string (```` ```text ````): CommonMark keeps the block "
        "open and swallows what follows",
        "`kb-tui fix`: drop the info string",
    ),
    ProblemCode.FENCE_INVALID: CodeInfo(
        _W, "a fenced yaml, json or python block that does not parse (read with a safe loader)"
    ),
    ProblemCode.FENCE_REPAIRED_IN_MEMORY: CodeInfo(
        _I,
        "a note read with its `fence-info-on-close` fences closed in memory, as `kb-tui fix` "
        "writes them, so its items are the repaired file's (`--strict-commonmark`: read as "
        "written)",
        "`kb-tui fix` (the `fence-info-on-close` findings); `a` in the problems view repairs "
        "the whole note",
    ),
    ProblemCode.FILE_TOO_LARGE: CodeInfo(_W, "a note over the size cap: shown truncated"),
    ProblemCode.FRONTMATTER_INVALID: CodeInfo(_E, "frontmatter that is not YAML (or not a map)"),
    ProblemCode.FRONTMATTER_TOO_LARGE: CodeInfo(_W, "frontmatter over the size cap: not read"),
    ProblemCode.FRONTMATTER_UNCLOSED: CodeInfo(_W, "frontmatter that is never closed"),
    ProblemCode.HEADING_DUPLICATE: CodeInfo(
        "warning or info",
        "a repeated heading: `[[doc#heading]]` is ambiguous (a warning when a link targets it)",
    ),
    ProblemCode.KB_TUI_REPORT: CodeInfo(_I, "a kb-tui report saved in the vault: not read"),
    ProblemCode.LINE_TOO_LONG: CodeInfo(_W, "a line over the length cap: shown cut"),
    ProblemCode.LINK_BLOCK_MISSING: CodeInfo(
        _W, "`[[doc#^id]]` whose block is not in `doc` (the link opens the document)"
    ),
    ProblemCode.LINK_HEADING_MISSING: CodeInfo(
        _W, "`[[doc#Heading]]` whose heading is not in `doc` (the link opens the document)"
    ),
    ProblemCode.LINK_UNRESOLVED: CodeInfo(
        _W, "a link to no document; the closest names are suggested"
    ),
    ProblemCode.LIST_TOO_DEEP: CodeInfo(_W, "a list nested deeper than the cap: flattened"),
    ProblemCode.MOJIBAKE: CodeInfo(
        _W,
        "UTF-8 read as Mac Roman / Windows-1252 / Latin-1 (`\\uf8ffüéØ`)",
        "`kb-tui fix`: the re-decoded text, where the round trip is exact",
    ),
    ProblemCode.ORPHAN_STATUS: CodeInfo(
        _W,
        "a stored status whose item is gone; `check` names the likeliest new item",
        "`kb-tui mark --from OLD_ID ITEM`",
    ),
    ProblemCode.PARSE_FAILED: CodeInfo(_E, "a note the parser gave up on: skipped"),
    ProblemCode.STORE_UNREADABLE: CodeInfo(
        _E, "the status store cannot be read: statuses are read-only until it is repaired"
    ),
    ProblemCode.TEMPLATER_UNRENDERED: CodeInfo(
        _W,
        "`<% … %>` left in a note outside the template folder (`.obsidian/templates.json` "
        "or Templater's settings)",
    ),
    ProblemCode.TOO_MANY_HEADINGS: CodeInfo(_W, "more headings than the cap: the rest are text"),
    ProblemCode.TOO_MANY_ITEMS: CodeInfo(_W, "more items than the cap: the rest are not listed"),
    ProblemCode.UNREADABLE: CodeInfo(_E, "a file that cannot be read (permissions, a FIFO…)"),
}
REPAIRABLE = (ProblemCode.FENCE_INFO_ON_CLOSE, ProblemCode.MOJIBAKE)  # what `kb-tui fix` repairs


def codes_table() -> str:
    """The Markdown table of every code (``docs/doctor.md`` holds it; a test compares)."""
    rows = ["| code | severity | what | repair |", "|---|---|---|---|"]
    rows += [
        f"| `{code}` | {INFO[code].severity} | {INFO[code].what} | {INFO[code].repair} |"
        for code in ProblemCode
    ]
    return "\n".join(rows) + "\n"


def codes_summary() -> str:
    """Every code and its severity in a few lines (the README holds it; a test compares), so
    a reader of the README sees every code ``check`` can print without opening the doctor's
    page."""
    words = [f"`{code}` ({INFO[code].severity})" for code in ProblemCode]
    lines, line = [], ""
    for word in words:
        candidate = f"{line}, {word}" if line else word
        if len(candidate) > 94 and line:
            lines.append(line + ",")
            line = word
        else:
            line = candidate
    return "\n".join([*lines, line + "."]) + "\n"
