"""Reading a small TOML file that may be hostile: the one reader of kb-tui's config files.

A vault's ``.kb-tui/config.toml`` arrives through git, and the user's own config may be a
link a dotfile manager made. Either can be a FIFO, a device, huge, or nested deep enough to
exhaust the parser's recursion: each of those is an error to report, never a hang or a crash.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

MAX_TOML_BYTES = 1 << 20


class TomlFileError(ValueError):
    """The file could not be read as a TOML table (the message says why)."""


def read_toml(path: Path, max_bytes: int = MAX_TOML_BYTES, follow: bool = True) -> dict[str, Any]:
    """The table in ``path``: a regular file of at most ``max_bytes`` (``follow``: a link
    at the last component is read through; without it, refused).

    Raises :class:`FileNotFoundError` when there is no file, :class:`TomlFileError`
    otherwise when it cannot be read or parsed.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO must not block the open
    if not follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise TomlFileError(f"cannot open: {error.strerror or error}") from error
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise TomlFileError("not a regular file")
            raw = handle.read(max_bytes + 1)
    except OSError as error:
        raise TomlFileError(f"cannot read: {error.strerror or error}") from error
    if len(raw) > max_bytes:
        raise TomlFileError(f"larger than {max_bytes:,} bytes")
    # Imported here: only a vault or a user with a config file pays for the TOML parser.
    import tomllib

    try:
        return tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as error:
        raise TomlFileError("not UTF-8") from error
    except tomllib.TOMLDecodeError as error:
        raise TomlFileError(str(error)) from error
    except RecursionError as error:  # nested past the parser's recursion limit
        raise TomlFileError("nested too deeply") from error
