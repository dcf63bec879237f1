"""A one-note vault with a ``.kb-tui`` folder, and ``kb-tui mark`` on its first item."""

from __future__ import annotations

from pathlib import Path

from helpers.cli import env_for, run_cli

NOTE = "# P\n\n## T\n\n- Rotate keys\n- Renew certs\n"
ITEM = "note.md#p/t/rotate-keys"


def note_vault(tmp_path: Path) -> Path:
    """``<tmp_path>/v`` holding ``note.md`` (two items) and an empty ``.kb-tui`` folder."""
    vault = tmp_path / "v"
    (vault / ".kb-tui").mkdir(parents=True)
    (vault / "note.md").write_text(NOTE)
    return vault


def mark_rotate_keys(tmp_path: Path, vault: Path, *more: str) -> tuple[int, str, str]:
    """``kb-tui mark VAULT "Rotate keys" done [MORE]``: exit status, stdout, stderr."""
    result = run_cli("mark", str(vault), "Rotate keys", "done", *more, env=env_for(tmp_path))
    return result.returncode, result.stdout, result.stderr
