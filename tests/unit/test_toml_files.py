"""kb-tui's config files may be hostile (a vault's arrives through git): a bad one is an
error to report or a setting ignored, never a crash, a hang or a read out of the vault."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb_tui.cli.headless import main as headless_main
from kb_tui.core.config import ConfigError, read_config, write_setting
from kb_tui.core.fs.tomlfile import TomlFileError, read_toml
from kb_tui.core.parse.settings import strict_commonmark

DEEP = "a = " + "[" * 5000 + "]" * 5000 + "\n"  # 10 kB, past the parser's recursion limit


def vault_with_config(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "v"
    (root / ".kb-tui").mkdir(parents=True)
    (root / ".kb-tui" / "config.toml").write_text(text, encoding="utf-8")
    (root / "a.md").write_text("# A\n- one\n", encoding="utf-8")
    return root


def test_a_deeply_nested_vault_config_is_ignored_not_a_crash(
    tmp_path: Path, isolated_state: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = vault_with_config(tmp_path, DEEP)
    assert strict_commonmark(root) is False
    assert headless_main(["check", str(root)]) == 0  # was a RecursionError traceback
    assert "1 document(s)" in capsys.readouterr().out


def test_a_vault_config_behind_a_linked_kb_tui_folder_is_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "config.toml").write_text("strict_commonmark = true\n", encoding="utf-8")
    root = tmp_path / "v"
    root.mkdir()
    (root / ".kb-tui").symlink_to(outside, target_is_directory=True)
    assert strict_commonmark(root) is False
    (root / ".kb-tui").unlink()
    (root / ".kb-tui").mkdir()
    (root / ".kb-tui" / "config.toml").write_text("strict_commonmark = true\n", "utf-8")
    assert strict_commonmark(root) is True


def test_the_user_config_reports_what_it_cannot_read(tmp_path: Path) -> None:
    deep = tmp_path / "deep.toml"
    deep.write_text(DEEP, encoding="utf-8")
    with pytest.raises(ConfigError, match="nested too deeply"):
        read_config(deep)
    fifo = tmp_path / "fifo.toml"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="not a regular file"):  # never blocks
        read_config(fifo)
    big = tmp_path / "big.toml"
    big.write_text("# " + "x" * (1 << 20) + "\n", encoding="utf-8")
    with pytest.raises(TomlFileError, match="larger than"):
        read_toml(big)


def test_a_linked_user_config_stays_a_link(tmp_path: Path) -> None:
    dotfiles = tmp_path / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "kb-tui.toml"
    real.write_text('"editor" = "vim"\n', encoding="utf-8")
    link = tmp_path / "config" / "config.toml"
    link.parent.mkdir()
    link.symlink_to(real)
    write_setting("theme", "nord", link)
    assert link.is_symlink()
    assert read_config(real) == {"editor": "vim", "theme": "nord"}
