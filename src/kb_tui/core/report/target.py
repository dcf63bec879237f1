"""Where a report goes: the format a file name implies, the default name and folder.

``kb-tui export`` and the explorer's export dialog both ask these functions, so a path
means the same thing typed in either: ``x.html`` is HTML whatever the dialog's selector
said, and a relative path is resolved against a folder the dialog shows before writing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from kb_tui.core.model.formats import DEFAULT_FORMAT, SUFFIXES

# Other suffixes that imply a format when the output file is named that way.
_MORE_SUFFIXES = {".markdown": "md", ".htm": "html"}


def suffix_format(path: str | None) -> str | None:
    """The format ``path``'s suffix names (``.md`` ``.markdown`` ``.html`` ``.htm`` ``.csv``
    ``.json``, any case), or ``None`` when it names none (``-``, no suffix, ``.txt``)."""
    if not path or path == "-":
        return None
    suffix = Path(path).suffix.lower()
    for name, ext in SUFFIXES.items():
        if suffix == ext:
            return name
    return _MORE_SUFFIXES.get(suffix)


def format_for(path: str | None, explicit: str | None) -> str:
    """The format asked for, else the one the output file's suffix implies, else Markdown."""
    return explicit or suffix_format(path) or DEFAULT_FORMAT


def with_format_suffix(path: str, fmt: str) -> str:
    """``path`` with its report suffix replaced by ``fmt``'s (``r.html`` -> ``r.csv``).

    A path whose suffix already names ``fmt`` (``r.markdown`` for Markdown) or names no
    report format (``r.txt``, ``r``) is the user's choice and comes back unchanged.
    """
    current = suffix_format(path)
    if current is None or current == fmt:
        return path
    stem = path[: len(path) - len(Path(path).suffix)]
    return stem + SUFFIXES[fmt]


def default_name(fmt: str, today: dt.date | None = None) -> str:
    """``kb-report-YYYY-MM-DD`` with ``fmt``'s suffix."""
    day = (today or dt.date.today()).isoformat()
    return f"kb-report-{day}{SUFFIXES.get(fmt, '.' + fmt)}"


@dataclass(frozen=True)
class ReportFolder:
    """The folder a report goes to when no folder is typed, and why that one."""

    path: Path
    reason: str


def git_top(path: Path) -> Path | None:
    """The work tree of the git repository holding ``path`` (the folder with ``.git``)."""
    for folder in (path, *path.parents):
        if os.path.lexists(folder / ".git"):
            return folder
    return None


def _usable(folder: Path) -> bool:
    return (
        folder != Path(folder.anchor) and folder.is_dir() and os.access(folder, os.W_OK | os.X_OK)
    )


def report_folder(root: Path, cwd: Path | None, home: Path | None) -> ReportFolder:
    """Where a report goes by default: never into the vault's folder or its git work tree.

    The current folder, as for ``kb-tui export -o``, when it is writable, not ``/`` and not
    inside the vault (or the git repository holding it); else the home folder under the same
    conditions; else a reports folder of the user's own (never the shared temporary folder,
    where anyone can plant a link). A report saved by surprise inside the vault would show
    up in ``git status`` and in the next scan.
    """
    vault = Path(os.path.realpath(root))
    fences = [vault]
    top = git_top(vault)
    if top is not None and (home is None or not Path(os.path.realpath(home)).is_relative_to(top)):
        fences.append(top)  # a repository holding the home folder (dotfiles) is not the vault's

    def outside(folder: Path) -> bool:
        real = Path(os.path.realpath(folder))
        return not any(real.is_relative_to(fence) for fence in fences)

    if cwd is not None and _usable(cwd) and outside(cwd):
        return ReportFolder(cwd, "the current folder")
    inside = "the vault's git repository" if top is not None and top != vault else "the vault"
    if home is not None and _usable(home) and outside(home):
        if cwd is None:
            why = "the current folder is gone"
        elif cwd == Path(cwd.anchor):
            why = f"the current folder is {cwd}"
        elif not _usable(cwd):
            why = "the current folder is not writable"
        else:
            why = f"the current folder is inside {inside}"
        return ReportFolder(home, f"your home folder: {why}")
    return ReportFolder(own_reports_folder(), "kb-tui's reports folder")


def own_reports_folder() -> Path:
    """``reports`` in the user's kb-tui data folder (created on first use)."""
    # Imported here: only a report with nowhere else to go pays for platformdirs.
    import platformdirs

    folder = Path(platformdirs.user_data_dir("kb-tui")) / "reports"
    with contextlib.suppress(OSError):  # the write then says why
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def resolve_target(base: Path, typed: str) -> Path:
    """The absolute path ``typed`` names: ``~`` expanded, relative paths against ``base``.

    ``..`` is folded but links are not followed, so the path shown is the one written
    (a link's target is then written, see :func:`kb_tui.core.report.export.write_output`).
    """
    path = Path(os.path.expanduser(typed.strip()))
    if not path.is_absolute():
        path = base / path
    return Path(os.path.normpath(path))


def default_report_folder(root: Path) -> ReportFolder:
    """:func:`report_folder` for this process: its current folder and the user's home."""
    try:
        cwd: Path | None = Path(os.getcwd())
    except OSError:  # the current folder was deleted
        cwd = None
    home = Path(os.path.expanduser("~"))
    return report_folder(root, cwd, home if home.is_absolute() else None)
