"""Locate files shipped with kb-tui: the bundled sample knowledge base and the styles.

In a wheel they live inside the package (``kb_tui/data``, ``kb_tui/styles``); in a source
checkout or an editable install they are the top-level ``data/`` and ``styles/`` folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
SAMPLE_NAME = "infrastructure-architecture.md"


def _find(name: str) -> Path:
    inside = _PACKAGE / name
    if inside.is_dir():
        return inside
    checkout = _PACKAGE.parent.parent / name
    if checkout.is_dir():
        return checkout
    return inside


def data_dir() -> Path:
    return _find("data")


def styles_dir() -> Path:
    return _find("styles")


def sample_path() -> Path:
    return data_dir() / SAMPLE_NAME


def is_bundled(path: Path) -> bool:
    try:
        return path.resolve().is_relative_to(data_dir().resolve())
    except OSError:
        return False
