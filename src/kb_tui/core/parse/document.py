"""Build a :class:`Document` from a file's text: frontmatter, sections, items, links."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import PurePosixPath

from kb_tui.core.limits import Limits
from kb_tui.core.model import Document, LinkRef, Problem, Section, Severity
from kb_tui.core.model.ids import Namer, build_nodes
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.parse.checks import FenceScan, scan_text, text_findings
from kb_tui.core.parse.display import NoteInfo, make_display
from kb_tui.core.parse.frontmatter import split_frontmatter
from kb_tui.core.parse.obsidian_marks import hide_comments
from kb_tui.core.parse.outline import parse_outline
from kb_tui.core.parse.parser import ProtoSection, parse_body
from kb_tui.core.text import clean, repair_mojibake, replace_lines


def _display_value(value: object, display: Callable[[str], str]) -> object:
    if isinstance(value, str):
        return display(value)
    if isinstance(value, list):
        return [_display_value(v, display) for v in value]
    if isinstance(value, dict):
        return {display(str(k)): _display_value(v, display) for k, v in value.items()}
    return value


def _display_mapping(data: dict[str, object], display: Callable[[str], str]) -> dict[str, object]:
    return {display(str(key)): _display_value(value, display) for key, value in data.items()}


def build_document(
    rel_path: str,
    text: str,
    *,
    created: dt.datetime | None = None,
    modified: dt.datetime | None = None,
    limits: Limits | None = None,
    now: dt.datetime | None = None,
    outline: bool = False,
) -> tuple[Document, list[Problem]]:
    """Parse one note. Never raises for any text; problems are returned, not thrown.

    ``outline``: without checklist items (see :mod:`kb_tui.core.parse.outline`), for ``check``.
    """
    limits = limits or Limits()
    problems: list[Problem] = []
    text = _cap_lines(rel_path, text, limits.max_line_chars, problems)
    scan = scan_text(text)
    repairs = fence_repairs(rel_path, scan, limits.strict_commonmark, problems)
    fm = split_frontmatter(replace_lines(text, repairs))
    if fm.error:
        severity: Severity = "error" if fm.code == ProblemCode.FRONTMATTER_INVALID else "warning"
        problems.append(Problem(rel_path, fm.error_line, severity, fm.code, fm.error))
    posix = PurePosixPath(rel_path)
    folder = "" if str(posix.parent) == "." else str(posix.parent)
    info = NoteInfo(
        title=posix.stem,
        folder=folder,
        created=created,
        modified=modified,
        frontmatter=fm.data,
        now=now,
    )
    display = make_display(info)
    parse = parse_outline if outline else parse_body
    # Obsidian comments are no part of the note: items inside them are none, labels lose them.
    parsed = parse(hide_comments(fm.body), fm.body_line, limits.max_headings, limits.max_items)
    for line, code, message in parsed.warnings:
        problems.append(Problem(rel_path, line, "warning", code, message))
    raw_title = fm.data.get("title")
    title_source = raw_title if isinstance(raw_title, str) and raw_title.strip() else ""
    title = display(title_source or parsed.h1 or posix.stem)
    doc = Document(
        path=rel_path,
        title=title,
        frontmatter=_display_mapping(fm.data, display),
        text=text,
        body_line=fm.body_line,
        created=created,
        modified=modified,
        findings=text_findings(rel_path, text, scan=scan),  # on the text as written
        fence_repairs=repairs,
    )
    doc_namer = Namer(f"{rel_path}#")

    doc.preamble = build_nodes(parsed.preamble, doc_namer, display)
    doc.sections = _build_sections(parsed.sections, doc_namer, display)
    doc.links = [
        LinkRef(source=rel_path, target=clean(link.target), line=link.line, kind=link.kind)  # type: ignore[arg-type]
        for link in parsed.links
    ]
    _report_mojibake(rel_path, text, problems)
    return doc, problems


def fence_repairs(
    rel_path: str, scan: FenceScan | None, strict: bool, problems: list[Problem]
) -> list[tuple[int, str]]:
    """The closing fences to read as closed: every line the doctor is certain was meant to
    close its fence (``fence-info-on-close``, the lines ``kb-tui fix`` repairs), as (line,
    repaired line) — none when reading ``strict``ly as CommonMark. One info problem says
    so, since the note is then read otherwise than CommonMark reads the file."""
    if strict or scan is None or not scan[0]:
        return []
    findings = scan[0]
    count = len(findings)
    fences = "fence" if count == 1 else "fences"
    problems.append(
        Problem(
            rel_path,
            findings[0].line,
            "info",
            ProblemCode.FENCE_REPAIRED_IN_MEMORY,
            f"read with {count} broken {fences} repaired in memory, as kb-tui fix repairs "
            "the file (fence-info-on-close): its items are the repaired file's; "
            "--strict-commonmark reads it as written",
            fix=f"drop the info string of the note's {count} broken closing {fences} (kb-tui fix)",
        )
    )
    return [(finding.line, finding.replacement) for finding in findings]


def _build_sections(
    protos: list[ProtoSection], namer: Namer, display: Callable[[str], str]
) -> list[Section]:
    out: list[Section] = []
    work: list[tuple[list[ProtoSection], Namer, list[Section]]] = [(protos, namer, out)]
    while work:
        batch, batch_namer, target = work.pop()
        for proto in batch:
            section_id = batch_namer.child(proto.title, "section")
            section = Section(
                id=section_id,
                title=display(proto.title),
                level=proto.level,
                line=proto.line,
                end_line=proto.end_line,
            )
            child_namer = Namer(section_id)
            section.children = build_nodes(proto.children, child_namer, display)
            target.append(section)
            work.append((proto.sections, child_namer, section.sections))
    return out


def _cap_lines(rel_path: str, text: str, max_chars: int, problems: list[Problem]) -> str:
    if len(text) <= max_chars or max(map(len, text.split("\n"))) <= max_chars:
        return text
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if len(line) > max_chars:
            lines[number - 1] = line[:max_chars] + " …"
            problems.append(
                Problem(
                    rel_path,
                    number,
                    "warning",
                    ProblemCode.LINE_TOO_LONG,
                    f"line of {len(line):,} characters shown truncated to {max_chars:,}",
                )
            )
    return "\n".join(lines)


def _report_mojibake(rel_path: str, text: str, problems: list[Problem]) -> None:
    if text.isascii():
        return
    for number, line in enumerate(text.split("\n"), 1):
        if line.isascii():
            continue
        repaired = repair_mojibake(line)
        if repaired != line:
            problems.append(
                Problem(
                    rel_path,
                    number,
                    "warning",
                    ProblemCode.MOJIBAKE,
                    "text looks like UTF-8 read as Mac Roman/Windows-1252; shown repaired",
                    fix=repaired,
                )
            )
