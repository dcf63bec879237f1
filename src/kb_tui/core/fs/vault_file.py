"""A document's file as an outside program may be given it: its real path, in the vault.

The explorer hands a note to the user's editor by path. Everything under a vault may be
hostile, so the path given is the file's real one (symbolic links resolved) and only when
that is a regular file inside the vault's real root: a note that is a link to a file
elsewhere (``notes/x.md -> ~/.ssh/config``) is refused, not opened.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from kb_tui.core.errors import VaultError


def real_document_path(root: Path, relative: str) -> Path:
    """The real path of the document ``relative`` (``/`` separators) below ``root``.

    Raises :class:`VaultError` with a one-line reason when the file is gone, is not a
    regular file, or lies outside the vault once links are followed.
    """
    parts = relative.split("/")
    if not relative or relative.startswith("/") or ".." in parts:
        raise VaultError(f"{relative}: not a path inside the vault")
    try:
        real_root = Path(os.path.realpath(root, strict=True))
        real = Path(os.path.realpath(root.joinpath(*parts), strict=True))
        info = os.stat(real)
    except FileNotFoundError:
        raise VaultError(f"{relative}: the file is gone") from None
    except (OSError, RuntimeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise VaultError(f"{relative}: {reason}") from None
    if not real.is_relative_to(real_root) or real == real_root:
        raise VaultError(f"{relative} links to a file outside the vault: not opened")
    if not stat.S_ISREG(info.st_mode):
        raise VaultError(f"{relative}: not a regular file")
    return real
