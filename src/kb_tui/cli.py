"""The ``kb-tui`` command line: run the explorer, or hand a headless command to
:mod:`kb_tui.headless`.

Starting the explorer is on the clock (its first frame is benchmarked), so this module
imports almost nothing: it checks the path, starts reading the vault in a second process,
and only then imports Textual. Headless commands never import Textual at all.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

HEADLESS = ("tree", "export", "mark", "check", "fix", "history", "-h", "--help", "--version")


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in HEADLESS:
        from kb_tui.core.vault.index import gc_paused
        from kb_tui.headless import main as headless_main

        # A headless command builds one large heap with no reference cycles and exits; the
        # cyclic collector would only re-scan it (a fifth of a warm `check`).
        with gc_paused():
            return headless_main(args)
    return run_explorer(args)


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


def run_explorer(args: list[str]) -> int:
    """Open the Textual explorer on PATH (default: ``$KB_TUI_PATH``, else the sample)."""
    cut = args.index("--") if "--" in args else len(args)
    if "--no-watch" in args[:cut]:  # no live reload (read by kb_tui.tui.live_reload)
        import os

        os.environ["KB_TUI_NO_WATCH"] = "1"
        args = [arg for arg in args[:cut] if arg != "--no-watch"] + args[cut:]
    parsed = _explorer_args(args)
    if parsed is None:
        from kb_tui.headless import explorer_usage_error

        return explorer_usage_error(args)
    from pathlib import Path

    from kb_tui.core.errors import VaultError
    from kb_tui.core.fs.paths import default_path, resolve_root
    from kb_tui.output import error

    path = Path(parsed[0]) if parsed[0] else None
    store = Path(parsed[1]) if parsed[1] else None
    try:
        resolve_root(path or default_path())
    except VaultError as exc:
        error(str(exc))
        return 1
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        error("the explorer needs a terminal; use 'kb-tui tree' or 'kb-tui export' in scripts")
        return 1
    import gc

    # Start-up allocates hundreds of thousands of objects (Textual's import, the styles,
    # the first frame) and the cyclic collector re-scans them again and again meanwhile:
    # about a tenth of the time to the first frame. The app turns it back on right after
    # the first frame (KbApp.on_mount); reference counting frees memory as usual meanwhile.
    gc.disable()
    from kb_tui.core.workspace.preload import start

    preload = start(path, store)  # a second process reads the vault meanwhile
    from kb_tui.tui.app import run  # Textual is imported only now

    return run(path, store, preload)
