"""Errors the command line reports as one line (cheap to import: no parser behind them)."""

from __future__ import annotations


class VaultError(Exception):
    """The path given is not a readable file or folder."""


class StoreError(Exception):
    """The status store cannot be read or written; the message names the file and line."""
