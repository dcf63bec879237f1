"""What a PATH argument names: a vault folder, or a single Markdown file and its folder."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kb_tui.core.errors import VaultError
from kb_tui.resources import sample_path


def resolve_root(path: Path) -> tuple[Path, list[Path] | None]:
    """Return the vault root and, for a single-file knowledge base, that file.

    Whatever the system says of the path (too long a name, no permission, a link loop)
    becomes a :class:`VaultError`: one line for the user, never a traceback.
    """
    try:
        info = os.stat(path)
        resolved = path.resolve()
    except FileNotFoundError:
        raise VaultError(f"no such file or folder: {path}") from None
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise VaultError(f"{path}: {reason}") from None
    if stat.S_ISDIR(info.st_mode):
        return resolved, None
    if stat.S_ISREG(info.st_mode):
        return resolved.parent, [resolved]
    raise VaultError(f"not a regular file or folder: {path}")


def default_path() -> Path:
    """``$KB_TUI_PATH`` if set, else the bundled sample."""
    env = os.environ.get("KB_TUI_PATH")
    return Path(env).expanduser() if env else sample_path()


def relative(root: Path, path: Path) -> str:
    """``path`` relative to ``root``, with ``/`` separators (``path`` must be below it).

    String slicing rather than :meth:`Path.relative_to`, which costs more than reading a
    small note when a vault of thousands of notes is listed and looked up.
    """
    base, full = os.fspath(root), os.fspath(path)
    prefix = base if base.endswith(os.sep) else base + os.sep
    if not full.startswith(prefix):
        return path.relative_to(root).as_posix()  # raises ValueError when not below
    rel = full[len(prefix) :]
    return rel.replace(os.sep, "/") if os.sep != "/" else rel
