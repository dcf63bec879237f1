"""The user's settings file (kb_tui.core.config)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb_tui.core.config import ConfigError, read_config, write_setting


def test_settings_round_trip_and_keep_each_other(tmp_path: Path) -> None:
    path = tmp_path / "kb-tui" / "config.toml"
    assert read_config(path) == {}  # no file yet: no settings
    write_setting("theme", 'nörd "quoted"\\', path)
    write_setting("strict", True, path)
    write_setting("width", 3, path)
    assert read_config(path) == {"theme": 'nörd "quoted"\\', "strict": True, "width": 3}


def test_a_broken_file_is_an_error_naming_it_and_is_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text("theme = \n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.toml"):
        read_config(path)
    with pytest.raises(ConfigError):
        write_setting("theme", "nord", path)
    assert path.read_text(encoding="utf-8") == "theme = \n"


def test_values_of_other_kinds_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text('theme = "nord"\nlist = [1]\n[table]\nx = 1\n', encoding="utf-8")
    assert read_config(path) == {"theme": "nord"}
