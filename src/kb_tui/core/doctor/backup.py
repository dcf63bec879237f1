"""Write planned repairs safely, and undo them.

Before a file is replaced its original bytes are copied to
``<root>/.kb-tui/backup/<UTC timestamp>/<relative path>``, and a ``manifest.json`` there
records each file's SHA-256 before and after. A file whose bytes differ from the ones the
plan was made from (someone saved it in between) is refused, never overwritten. Each file
is replaced atomically, so a reader (Obsidian, sync) sees the old file or the new one.
``undo`` restores the newest backup not yet undone, but only when every file still holds
exactly what was written: a later edit is never silently thrown away.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb_tui.core.doctor.repair import Plan, sha256
from kb_tui.core.errors import VaultError
from kb_tui.core.fs.safefs import LinkRefused, safe_dir_for

BACKUP_DIR = Path(".kb-tui") / "backup"
MANIFEST = "manifest.json"
SCHEMA = "kb-tui/backup@1"


class DoctorError(VaultError):
    """A repair or an undo that cannot go ahead; the message says why (one line)."""


@dataclass
class Applied:
    """What a write did: the backup folder, files written and files refused (with why)."""

    backup: Path | None
    written: list[str] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Undone:
    backup: Path
    restored: list[str] = field(default_factory=list)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _inside(path: Path, root: Path) -> Path:
    """``path`` resolved (symlinks followed), which must stay inside ``root``."""
    real = Path(os.path.realpath(path))
    if not real.is_relative_to(Path(os.path.realpath(root))):
        raise DoctorError(f"{path}: outside the vault, not written")
    return real


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _new_backup_dir(root: Path, now: dt.datetime) -> Path:
    """A new ``.kb-tui/backup/<stamp>`` folder, made without following any link."""
    base = root / BACKUP_DIR
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    with safe_dir_for(base / "x", root) as parent:
        for n in range(1, 1000):
            name = stamp if n == 1 else f"{stamp}-{n}"
            try:
                parent.mkdir(name)
            except FileExistsError:
                continue
            return base / name
    raise DoctorError(f"cannot create a backup folder in {base}")


def _write_in_vault(path: Path, root: Path, data: bytes, create: bool = False) -> None:
    """Replace ``path`` atomically, never through a link (:mod:`kb_tui.core.fs.safefs`)."""
    with safe_dir_for(path, root, create=create) as folder:
        folder.replace(path.name, data)


def _write_manifest(folder: Path, root: Path, manifest: dict[str, Any]) -> None:
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    _write_in_vault(folder / MANIFEST, root, text.encode("utf-8", "surrogateescape"))


def _remove_backup(folder: Path, root: Path) -> None:
    """Remove a backup folder this run made and used for nothing (never through a link)."""
    with suppress(OSError), safe_dir_for(folder, root, create=False) as parent:
        shutil.rmtree(folder.name, dir_fd=parent.fd)


def apply_plan(plan: Plan, now: dt.datetime | None = None) -> Applied:
    """Back up and write every file of ``plan``; files changed since planning are refused.

    Each file's backup copy and manifest entry are on disk before the file is replaced,
    its entry already saying "written": if kb-tui stops (or the disk fills) after that,
    ``undo`` still finds the copy and, comparing checksums, restores only what changed. A
    backup folder that ends up holding no written file is removed.
    """
    result = Applied(backup=None)
    if not plan.files:
        return result
    now = now or _now()
    try:
        folder = _new_backup_dir(plan.root, now)
    except OSError as exc:
        raise DoctorError(f"cannot create a backup folder: {_reason(exc)}") from None
    manifest: dict[str, Any] = {
        "schema": SCHEMA,
        "created": now.isoformat(timespec="microseconds"),
        "root": str(plan.root),
        "undone": None,
        "files": [],
    }
    for file_plan in plan.files:
        entry: dict[str, Any] = {
            "path": file_plan.rel_path,
            "original_sha256": file_plan.original_sha256,
            "written_sha256": file_plan.repaired_sha256,
            "lines": [c.line for c in file_plan.changes],
            "codes": sorted({c.problem.code for c in file_plan.changes}),
            "status": "written",  # the intent, on record before the write
        }
        try:
            target = _inside(file_plan.path, plan.root)
            if _read(target) != file_plan.original:
                result.refused.append((file_plan.rel_path, "changed since it was read"))
                continue
            _write_in_vault(folder / file_plan.rel_path, plan.root, file_plan.original, True)
            manifest["files"].append(entry)
            _write_manifest(folder, plan.root, manifest)  # the backup is on record first
            if _read(target) != file_plan.original:  # last look, just before replacing
                entry["status"] = "refused"
                result.refused.append((file_plan.rel_path, "changed since it was read"))
                continue
            _write_in_vault(target, plan.root, file_plan.repaired)
        except (OSError, DoctorError) as exc:
            entry["status"] = "refused"
            reason = _reason(exc) if isinstance(exc, OSError) else str(exc)
            result.refused.append((file_plan.rel_path, f"not written: {reason}"))
            continue
        result.written.append(file_plan.rel_path)
    if not result.written:
        _remove_backup(folder, plan.root)
        return result
    result.backup = folder
    # Only refused entries change here, and undo skips a file still holding its original
    # bytes: a manifest that cannot be rewritten now (a full disk) is still a correct one.
    with suppress(OSError):
        _write_manifest(folder, plan.root, manifest)
    return result


def _reason(exc: OSError) -> str:
    return str(exc) if isinstance(exc, LinkRefused) else exc.strerror or str(exc)


def _backups(root: Path) -> list[tuple[str, Path, dict[str, Any]]]:
    found = []
    base = root / BACKUP_DIR
    try:
        folders = list(base.iterdir())
    except OSError:
        return []
    for folder in folders:
        try:
            manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict) and manifest.get("schema") == SCHEMA:
            found.append((str(manifest.get("created", "")), folder, manifest))
    return sorted(found, key=lambda x: (x[0], x[1].name))


def undo_last(root: Path, now: dt.datetime | None = None) -> Undone:
    """Restore the newest backup not yet undone; refuse if any file changed since."""
    backups = _backups(root)
    pending = [b for b in backups if not b[2].get("undone")]
    if not pending:
        state = "every backup there is already undone" if backups else "no backup there"
        raise DoctorError(f"no repair to undo in {root / BACKUP_DIR}: {state}")
    _created, folder, manifest = pending[-1]
    entries = [e for e in manifest.get("files", []) if e.get("status") == "written"]
    changed, todo = [], []
    for entry in entries:
        rel = str(entry["path"])
        target = _inside(root / rel, root)
        current = _read(target)
        saved = _read(folder / rel)
        if saved is None or sha256(saved) != entry["original_sha256"]:
            raise DoctorError(f"backup copy of {rel} in {folder} is missing or damaged")
        if current is not None and sha256(current) == entry["original_sha256"]:
            continue  # never written (interrupted), or already restored
        if current is None or sha256(current) != entry["written_sha256"]:
            changed.append(rel)
            continue
        todo.append((rel, target, saved))
    if changed:
        more = f" and {len(changed) - 3} more" if len(changed) > 3 else ""
        raise DoctorError(
            f"not undone: {', '.join(changed[:3])}{more} changed since the repair "
            f"(backup kept in {folder})"
        )
    result = Undone(folder)
    try:
        for rel, target, saved in todo:
            _write_in_vault(target, root, saved)
            result.restored.append(rel)
        manifest["undone"] = (now or _now()).isoformat(timespec="microseconds")
        _write_manifest(folder, root, manifest)
    except OSError as exc:
        done = f" ({len(result.restored)} of {len(todo)} restored)" if result.restored else ""
        raise DoctorError(f"undo stopped{done}: {_reason(exc)}; run it again") from None
    return result
