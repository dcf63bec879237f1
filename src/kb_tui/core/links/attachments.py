"""Attachments: the vault's non-Markdown files, so ``[[spec.pdf]]`` is not a broken link.

Obsidian finds an attachment by file name anywhere in the vault, wherever its settings
(``.obsidian/app.json``'s attachment folder) put it, so the settings need no reading: the
vault is listed once, on the first link that names a file with an extension other than
``.md``. The listing skips what the note scan skips (hidden folders such as ``.obsidian``
and ``.trash``, ``node_modules``, ``.kb-tui``), never follows a symbolic link (nor counts
one as a file) and stops after :data:`MAX_ENTRIES` entries, so a huge folder (a single file
opened from the home directory) costs little. An attachment is a target of a link but not a
document: kb-tui does not open it.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from collections import defaultdict
from pathlib import Path

MAX_ENTRIES = 100_000
_EXT_RE = re.compile(r"\.[A-Za-z0-9]{1,8}$")
_SKIP = frozenset({"node_modules"})


def looks_like_attachment(name: str) -> bool:
    """True for a link name ending in a file extension other than ``.md``."""
    base = name.rstrip("/").rsplit("/", 1)[-1]
    return bool(_EXT_RE.search(base)) and not base.lower().endswith(".md")


def _is_markdown(name: str) -> bool:
    return name.lower().endswith(".md")


def _key(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


class Attachments:
    """The vault's non-Markdown files by name and by path (listed on first use)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._by_name: dict[str, list[str]] | None = None
        self._by_path: dict[str, str] = {}

    def by_name(self) -> dict[str, list[str]]:
        if self._by_name is None:
            self._by_name = defaultdict(list)
            for rel in list_files(self.root):
                self._by_name[_key(rel.rsplit("/", 1)[-1])].append(rel)
                self._by_path[_key(rel)] = rel
        return self._by_name

    def exact(self, rel: str) -> str | None:
        """The attachment at vault path ``rel`` (case-insensitively), if any."""
        self.by_name()
        return self._by_path.get(_key(rel))

    def named(self, name: str) -> list[str]:
        """Attachments whose path is ``name`` or ends in ``/name``."""
        key = _key(name)
        base = key.rsplit("/", 1)[-1]
        candidates = self.by_name().get(base, [])
        if "/" not in key:
            return list(candidates)
        return [p for p in candidates if _key(p) == key or _key(p).endswith("/" + key)]


def list_files(root: Path) -> list[str]:
    """Vault-relative paths of the non-``.md`` files below ``root``, in sorted order."""
    from kb_tui.core.vault.files import SKIP_DIRS  # vault imports the link resolver: import late

    found: list[str] = []
    entries = 0
    stack = [(str(root), "")]
    while stack and entries < MAX_ENTRIES:
        folder, prefix = stack.pop()
        try:
            with os.scandir(folder) as it:
                listing = sorted(it, key=lambda e: e.name)
        except OSError:
            continue
        for entry in listing:
            entries += 1
            if entry.name.startswith(".") or entry.name in SKIP_DIRS or entry.name in _SKIP:
                continue
            rel = prefix + entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, rel + "/"))
                elif entry.is_file(follow_symlinks=False) and not _is_markdown(entry.name):
                    found.append(rel)
            except OSError:
                continue
    return sorted(found)


def attachment_size(root: Path, rel: str) -> int | None:
    """The size in bytes of the attachment at vault path ``rel``: None unless it is a
    regular file inside ``root`` reached without following a symbolic link (an attachment
    found by :func:`list_files` always is; the check stays for a path from elsewhere)."""
    parts = rel.split("/")
    if not rel or rel.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return None
    path = root
    try:
        for part in parts[:-1]:
            path = path / part
            if not stat.S_ISDIR(os.lstat(path).st_mode):
                return None  # a symbolic link (or a file) where a folder should be
        info = os.lstat(path / parts[-1])
    except (OSError, ValueError):
        return None
    return info.st_size if stat.S_ISREG(info.st_mode) else None
