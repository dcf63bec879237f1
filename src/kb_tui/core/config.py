"""The user's settings, kept between runs: ``config.toml`` in the user's config folder.

Where: ``platformdirs.user_config_dir("kb-tui")`` (``$XDG_CONFIG_HOME/kb-tui`` on Linux,
so tests point it at a temporary folder). Written atomically (:mod:`kb_tui.core.fs.atomic`)
and only with flat ``key = value`` lines (strings, booleans, integers), which keeps it
readable and editable by hand. A file that does not parse is reported, never fatal and
never overwritten: a setting changed meanwhile is kept for this run only.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from kb_tui.core.fs.atomic import write_text_atomic
from kb_tui.core.fs.tomlfile import TomlFileError, read_toml

Value = str | bool | int
HEADER = "# kb-tui settings (kept between runs; edit freely: flat key = value lines)\n"


class ConfigError(Exception):
    """The config file cannot be read or written; the message names it."""


def config_path() -> Path:
    """The user's config file (it may not exist yet)."""
    import platformdirs  # first use only: start-up stays fast

    return Path(platformdirs.user_config_dir("kb-tui")) / "config.toml"


def read_config(path: Path | None = None) -> dict[str, Value]:
    """The settings in ``path`` (default :func:`config_path`); none when it does not exist.

    Raises :class:`ConfigError` naming the file when it cannot be read or parsed; values
    of another type than :data:`Value` are left out.
    """
    path = path or config_path()
    try:
        data = read_toml(path)
    except FileNotFoundError:
        return {}
    except TomlFileError as error:
        raise ConfigError(f"{path}: {error}") from error
    return {key: value for key, value in data.items() if isinstance(value, str | bool | int)}


def _toml(value: Value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string: same escapes


def write_setting(key: str, value: Value, path: Path | None = None) -> Path:
    """Set ``key`` to ``value``, keeping the other settings; returns the file written.

    Raises :class:`ConfigError` when the file exists but does not parse (it is left as
    the user wrote it) or cannot be written.
    """
    path = path or config_path()
    settings = read_config(path)
    settings[key] = value
    lines = [f"{json.dumps(name)} = {_toml(settings[name])}\n" for name in sorted(settings)]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # A config a dotfile manager linked stays a link: its target is the file replaced.
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        write_text_atomic(target, HEADER + "".join(lines))
    except OSError as error:
        raise ConfigError(f"{path}: cannot write: {error}") from error
    return path
