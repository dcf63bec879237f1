"""The vault's template folder, from Obsidian's own settings.

Templater expressions belong in templates; in a note they are a leftover. Which folder holds
the templates is the vault's choice: the core Templates plugin names it in
``.obsidian/templates.json`` (``folder``), the Templater plugin in
``.obsidian/plugins/templater-obsidian/data.json`` (``templates_folder``). Both files are
untrusted: read small, parsed as JSON only, and any oddity just means "no folder".
"""

from __future__ import annotations

import json
from pathlib import Path

MAX_SETTINGS_BYTES = 1 << 20
_SOURCES = (
    (".obsidian/templates.json", "folder"),
    (".obsidian/plugins/templater-obsidian/data.json", "templates_folder"),
)


def template_folders(root: Path) -> tuple[str, ...]:
    """Template folders (vault-relative, ``/``-separated, no trailing slash) named in settings."""
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
    return tuple(folders)


def in_folders(rel_path: str, folders: tuple[str, ...]) -> bool:
    """True when ``rel_path`` lies inside one of ``folders`` (case-insensitively, like Obsidian)."""
    lowered = rel_path.lower()
    return any(lowered.startswith(folder.lower() + "/") for folder in folders)
