"""The vault's settings: its template folder (Obsidian's) and how kb-tui reads it (its own).

Templater expressions belong in templates; in a note they are a leftover. Which folder holds
the templates is the vault's choice: the core Templates plugin names it in
``.obsidian/templates.json`` (``folder``), the Templater plugin in
``.obsidian/plugins/templater-obsidian/data.json`` (``templates_folder``). When neither
names one, a top-level ``templates`` (or ``Templates``) folder is taken as the template
folder: that is where vaults keep them, and their placeholders are no leftovers.

kb-tui's own settings for a vault are in ``.kb-tui/config.toml`` (TOML, read with the
standard library's data-only parser): ``strict_commonmark = true`` reads the vault's
notes as CommonMark says, closing fences with an info string left open.

Every such file is untrusted: read small, parsed as data only, and any oddity just means
"not set".
"""

from __future__ import annotations

import json
from pathlib import Path

from kb_tui.core.fs.tomlfile import read_toml

MAX_SETTINGS_BYTES = 1 << 20
CONFIG = Path(".kb-tui") / "config.toml"
DEFAULT_TEMPLATE_FOLDERS = ("templates", "Templates")
_SOURCES = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)


def template_folders(root: Path) -> tuple[str, ...]:
    """Template folders (vault-relative, ``/``-separated, no trailing slash) named in settings;
    when none is, a top-level ``templates``/``Templates`` folder (the first that exists)."""
    folders: list[str] = []
    for rel, key in _SOURCES:
        path = root / rel
        try:
            if not path.is_file() or path.stat().st_size > MAX_SETTINGS_BYTES:
                continue
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, str):
            folder = value.replace("\\", "/").strip().strip("/")
            if folder and folder not in folders:
                folders.append(folder)
    if not folders:
        folders += [name for name in DEFAULT_TEMPLATE_FOLDERS if _is_dir(root / name)][:1]
    return tuple(folders)


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir() and not path.is_symlink()
    except OSError:
        return False


def strict_commonmark(root: Path) -> bool:
    """Whether the vault's ``.kb-tui/config.toml`` asks for a strict CommonMark read
    (``strict_commonmark = true``); anything else, a missing or odd file included: no.

    The ``.kb-tui`` folder must be the vault's own: one that is a link out of it is not read.
    """
    if (root / CONFIG.parent).is_symlink():
        return False
    try:
        data = read_toml(root / CONFIG, MAX_SETTINGS_BYTES, follow=False)
    except (OSError, ValueError):  # missing, unreadable, too large, not TOML: TomlFileError
        return False
    return data.get("strict_commonmark") is True


def in_folders(rel_path: str, folders: tuple[str, ...]) -> bool:
    """True when ``rel_path`` lies inside one of ``folders`` (case-insensitively, like Obsidian)."""
    lowered = rel_path.lower()
    return any(lowered.startswith(folder.lower() + "/") for folder in folders)
