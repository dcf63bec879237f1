"""``kb-tui [PATH] [--store FILE] [--no-watch] [--strict-commonmark] [--read-only]``: open the
explorer (``--read-only``: no status changes, the export a download; see kb_tui.tui.read_only).

Starting the explorer is on the clock (its first frame is benchmarked), so imports are made
as late as they can be: the path is checked, the vault is read by a second process, and
only then is Textual imported.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from kb_tui.cli.output import error
from kb_tui.core.errors import VaultError
from kb_tui.core.fs.paths import default_path, resolve_root
from kb_tui.core.limits import STRICT_ENV


def _explorer_args(args: list[str]) -> tuple[str | None, str | None] | None:
    """``[PATH] [--store FILE]``, or ``None`` for anything else."""
    path: str | None = None
    store: str | None = None
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        if arg == "--store" and rest:
            store = rest.pop(0)
        elif arg.startswith("--store="):
            store = arg.split("=", 1)[1]
        elif arg == "--" and len(rest) <= 1:
            path = rest.pop(0) if rest else path
        elif arg.startswith("-") or path is not None:
            return None
        else:
            path = arg
    return path, store


def _take_flag(args: list[str], flag: str) -> tuple[list[str], bool]:
    """``args`` without ``flag`` (before a ``--``), and whether it was there."""
    cut = args.index("--") if "--" in args else len(args)
    if flag not in args[:cut]:
        return args, False
    return [arg for arg in args[:cut] if arg != flag] + args[cut:], True


def served() -> bool:
    """Whether a Textual driver was named (``kb-tui serve`` names its web driver): the app's
    input and output are then the driver's pipes, not a terminal."""
    return "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


def run_explorer(args: list[str]) -> int:
    """Open the Textual explorer on PATH (default: ``$KB_TUI_PATH``, else the sample)."""
    args, no_watch = _take_flag(args, "--no-watch")
    if no_watch:  # no live reload (read by kb_tui.tui.live_reload)
        os.environ["KB_TUI_NO_WATCH"] = "1"
    args, strict = _take_flag(args, "--strict-commonmark")
    if strict:  # read by Limits.from_env, in every reader
        os.environ[STRICT_ENV] = "1"
    args, read_only = _take_flag(args, "--read-only")  # the session's (kb_tui.tui.read_only)
    parsed = _explorer_args(args)
    if parsed is None:
        # Imported only for a usage error: argparse is not needed to start the explorer.
        from kb_tui.cli.headless import explorer_usage_error

        return explorer_usage_error(args)
    path = Path(parsed[0]) if parsed[0] else None
    store = Path(parsed[1]) if parsed[1] else None
    try:
        resolve_root(path or default_path())
    except VaultError as exc:
        error(str(exc))
        return 1
    if not (sys.stdin.isatty() and sys.stdout.isatty()) and not served():
        error("the explorer needs a terminal; use 'kb-tui tree' or 'kb-tui export' in scripts")
        return 1
    # Start-up allocates hundreds of thousands of objects (Textual's import, the styles,
    # the first frame) and the cyclic collector re-scans them again and again meanwhile:
    # about a tenth of the time to the first frame. The app turns it back on right after
    # the first frame (KbApp.on_mount); reference counting frees memory as usual meanwhile.
    gc.disable()
    # Imported after gc.disable(): the reader process is forked from a quiet heap.
    from kb_tui.core.workspace.preload import start

    preload = start(path, store)  # a second process reads the vault meanwhile
    from kb_tui.tui.app import run  # Textual is imported only now

    return run(path, store, preload, read_only)
