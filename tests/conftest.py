"""Fixtures every kind of test uses (the bundled sample, temporary vaults, a private state
folder), and the ``system`` marker on everything under tests/system."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.paths import SAMPLE, TESTS

SYSTEM = TESTS / "system"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Everything under tests/system is a system test (``-m "not system"`` leaves it out)."""
    for item in items:
        if item.path.is_relative_to(SYSTEM):
            item.add_marker(pytest.mark.system)


# The parse cache goes to a private folder, never the user's (subprocesses inherit it).
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="kb-tui-test-cache-")
# Nor are the user's settings read or written (a theme saved there would change snapshots).
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kb-tui-test-config-")


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """A writable copy of the sample in its own vault folder."""
    vault = tmp_path / "vault"
    vault.mkdir()
    target = vault / SAMPLE.name
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture
def make_vault(tmp_path: Path) -> Callable[[dict[str, str | bytes]], Path]:
    """Create a vault from {relative path: text or bytes}."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "v"
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return make


@pytest.fixture
def isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point platformdirs' state dir (used for the bundled sample's store) at a temp dir."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.setenv("KB_TUI_USER", "tester")
    monkeypatch.delenv("KB_TUI_PATH", raising=False)
    return state


@pytest.fixture
def count_parses(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """``count_parses()`` starts recording the notes parsed in this process from then on
    (the parse cache's misses); it returns the list they are recorded in."""
    import kb_tui.core.vault.ingest as vault_module

    def start() -> list[str]:
        parsed: list[str] = []
        real = vault_module.parse_raw

        def counting(raw, limits, outline=False):  # type: ignore[no-untyped-def]
            parsed.append(raw.rel_path)
            return real(raw, limits, outline)

        monkeypatch.setattr(vault_module, "parse_raw", counting)
        return parsed

    return start
