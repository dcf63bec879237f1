"""Plan repairs on a file's raw bytes: which lines change, and to what, byte for byte.

A plan is computed from the bytes read at one moment and carries their SHA-256, so a write
can refuse a file that changed since (see :mod:`kb_tui.core.doctor.backup`). Only the named
lines are replaced; their line endings and every other byte stay as they were. Detection is
re-run on those same bytes, so what is written is exactly what was shown.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from kb_tui.core.doctor.detect import MOJIBAKE_CODE
from kb_tui.core.doctor.rawlines import RawLines, not_repairable
from kb_tui.core.fs.paths import resolve_root
from kb_tui.core.limits import Limits
from kb_tui.core.model import Problem
from kb_tui.core.model.problems import REPAIRABLE, ProblemCode
from kb_tui.core.parse.checks import FENCE_CODE, fence_problem
from kb_tui.core.parse.fence_scan import scan_fences
from kb_tui.core.text import repair_mojibake
from kb_tui.core.vault.files import iter_markdown, read_file


@dataclass(frozen=True)
class LineChange:
    """One line's repair: its number, the finding, and its old and new bytes (no ending)."""

    line: int
    problem: Problem
    old: bytes
    new: bytes


@dataclass
class FilePlan:
    """The repairs of one file, and the bytes before and after them."""

    rel_path: str
    path: Path
    original: bytes
    repaired: bytes
    changes: list[LineChange] = field(default_factory=list)

    @property
    def original_sha256(self) -> str:
        return sha256(self.original)

    @property
    def repaired_sha256(self) -> str:
        return sha256(self.repaired)


@dataclass
class Plan:
    """Repairs for a vault (or one file), and the files left alone with the reason."""

    root: Path
    files: list[FilePlan] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return sum(len(f.changes) for f in self.files)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _mojibake(path: str, index: int, text: str) -> tuple[Problem, str] | None:
    if text.isascii():
        return None
    repaired = repair_mojibake(text)
    if repaired == text:
        return None
    message = "text looks like UTF-8 read as Mac Roman/Windows-1252; repair: re-decode it"
    return Problem(path, index + 1, "warning", MOJIBAKE_CODE, message, fix=repaired), repaired


def plan_bytes(
    rel_path: str,
    path: Path,
    data: bytes,
    codes: Collection[str] = REPAIRABLE,
    lines: Collection[int] | None = None,
) -> FilePlan:
    """The repairs of ``codes`` (only on ``lines`` when given) for a file holding ``data``.

    Raises ``ValueError`` (with the reason) when the bytes cannot be repaired exactly.
    """
    reason = not_repairable(data)
    if reason:
        raise ValueError(reason)
    raw = RawLines.from_bytes(data)
    texts = raw.texts()
    current = list(texts)
    plan = FilePlan(rel_path, path, data, data)

    def change(index: int, problem: Problem, new_text: str) -> None:
        if lines is not None and index + 1 not in lines:
            return
        old = raw.content(index)
        new = new_text.encode("utf-8")
        if new != old:
            raw.replace(index, new)
            current[index] = new_text
            plan.changes.append(LineChange(index + 1, problem, old, new))

    if FENCE_CODE in codes and ("``" in "".join(texts) or "~~" in "".join(texts)):
        for finding in scan_fences(texts)[0]:
            change(finding.line - 1, fence_problem(rel_path, finding), finding.replacement)
    if MOJIBAKE_CODE in codes:
        for index, text in enumerate(current):
            found = _mojibake(rel_path, index, text)
            if found is not None:
                change(index, found[0], found[1])
    plan.changes.sort(key=lambda c: c.line)
    plan.repaired = raw.to_bytes()
    return plan


def plan_repairs(
    path: Path,
    codes: Collection[str] = REPAIRABLE,
    limits: Limits | None = None,
    only: dict[str, set[int]] | None = None,
) -> Plan:
    """Plan repairs for every Markdown file of ``path`` (a vault folder or one file).

    ``only`` limits the plan to some files and lines ({relative path: line numbers}).
    """
    limits = limits or Limits()
    root, files = resolve_root(path)
    plan = Plan(root)
    paths = files if files is not None else list(iter_markdown(root))
    for file_path in paths:
        rel = file_path.relative_to(root).as_posix()
        if only is not None and rel not in only:
            continue
        raw = read_file(file_path, root, limits)
        if raw.error or raw.truncated:
            plan.skipped.append((rel, raw.error or "file too large: not repaired"))
            continue
        wanted = None if only is None else only[rel]
        try:
            file_plan = plan_bytes(rel, file_path, raw.data, codes, wanted)
        except ValueError as exc:
            plan.skipped.append((rel, str(exc)))
            continue
        if file_plan.changes:
            plan.files.append(file_plan)
    return plan


def plan_one(root: Path, rel_path: str, code: str, line: int) -> FilePlan | None:
    """The repair of one finding (``code`` at ``line`` of ``rel_path``), or None if none.
    A ``fence-repaired-in-memory`` note's repair is that of every broken fence in it.

    Raises ``ValueError`` with the reason when the file cannot be read or repaired.
    """
    lines: set[int] | None = {line}
    if code == ProblemCode.FENCE_REPAIRED_IN_MEMORY:  # the whole note, as it was read
        code, lines = FENCE_CODE, None
    if code not in REPAIRABLE:
        return None
    limits = Limits()
    raw = read_file(root / rel_path, root, limits)
    if raw.error or raw.truncated:
        raise ValueError(raw.error or "file too large: not repaired")
    plan = plan_bytes(rel_path, root / rel_path, raw.data, [code], lines)
    return plan if plan.changes else None
