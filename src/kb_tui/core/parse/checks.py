"""The checks that need one note's text only: made while a note is parsed (in the pool).

Closing fences with an info string (they swallow what follows), Templater expressions left
unrendered outside the template folder, and headings whose slug repeats (kept on the
document for the doctor's vault-wide heading check).
"""

from __future__ import annotations

from kb_tui.core.model import Document, Problem
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.parse.code_spans import split_code
from kb_tui.core.parse.fence_scan import FenceFinding, scan_fences
from kb_tui.core.parse.settings import in_folders
from kb_tui.core.parse.templater.rendering import find_placeholders
from kb_tui.core.text import slugify, strip_controls

FENCE_CODE = ProblemCode.FENCE_INFO_ON_CLOSE
TEMPLATER_CODE = ProblemCode.TEMPLATER_UNRENDERED


def fence_problem(path: str, finding: FenceFinding) -> Problem:
    how = "drop the info string" + (" and indent it like the opener" if finding.reindented else "")
    end = finding.swallowed_to
    effect = (
        f"lines {finding.line + 1}-{end} are swallowed into the code block"
        if end > finding.line
        else "the code block stays open to the end of the file"
    )
    message = (
        f"closing fence carries the info string {finding.info!r}, so it does not close the "
        f"{finding.opener} block opened at line {finding.opener_line}: {effect}; repair: {how}"
    )
    return Problem(
        path, finding.line, "error", FENCE_CODE, strip_controls(message), fix=finding.replacement
    )


FenceScan = tuple[list[FenceFinding], list[bool]]


def scan_text(text: str) -> FenceScan | None:
    """:func:`~kb_tui.core.parse.fence_scan.scan_fences` of a note's (LF) text; ``None``
    when it holds no fence at all (most notes: nothing is split or scanned)."""
    if "``" not in text and "~~" not in text:
        return None
    return scan_fences(text.split("\n"))


def text_findings(
    path: str,
    text: str,
    *,
    template_folders: tuple[str, ...] = (),
    scan: FenceScan | None = None,
) -> list[Problem]:
    """``fence-info-on-close`` and ``templater-unrendered`` for one note's (LF) text, as
    written on disk; ``scan``: its :func:`scan_text`, when the parse already made it."""
    lines = text.split("\n")
    scan = scan or scan_text(text)
    findings, code = scan if scan is not None else ([], [False] * len(lines))
    problems = [fence_problem(path, finding) for finding in findings]
    if "<%" in text and not in_folders(path, template_folders):
        for index, line in enumerate(lines):
            if "<%" not in line or code[index]:
                continue
            for _start, _end, expression in find_placeholders(_without_code(line)):
                problems.append(
                    Problem(
                        path,
                        index + 1,
                        "warning",
                        TEMPLATER_CODE,
                        strip_controls(
                            f"Templater expression <% {expression} %> left unrendered in a "
                            "note (outside the template folder): Obsidian shows it as written"
                        ),
                    )
                )
    return problems


def heading_repeats(doc: Document) -> list[tuple[int, str, int, str]]:
    """Headings of ``doc`` whose slug repeats an earlier one's: (line, title, line of the
    first, slug). Computed with the parse (see :attr:`Document.repeats`)."""
    first: dict[str, int] = {}
    repeats: list[tuple[int, str, int, str]] = []
    for section in doc.iter_sections():
        slug = slugify(section.title)
        if not slug:
            continue
        if slug not in first:
            first[slug] = section.line
        else:
            repeats.append((section.line, section.title, first[slug], slug))
    return repeats


def _without_code(line: str) -> str:
    """``line`` without its code spans: a placeholder written as code is an example."""
    return "".join(piece for piece, code in split_code(line) if not code)
