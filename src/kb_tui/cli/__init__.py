"""The ``kb-tui`` command line: run the explorer (:mod:`kb_tui.cli.explorer`), or hand a
headless command to :mod:`kb_tui.cli.headless`.

Starting the explorer is on the clock (its first frame is benchmarked), so this module
imports almost nothing: it checks the path, starts reading the vault in a second process,
and only then imports Textual. Headless commands never import Textual at all.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

HEADLESS = (
    *("tree", "export", "mark", "check", "fix", "history", "stats", "merge-driver"),
    *("git-setup", "serve"),
    *("-h", "--help", "--version"),
)


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in HEADLESS:
        # Imported here: starting the explorer must not pay for the headless commands.
        from kb_tui.cli.headless import main as headless_main
        from kb_tui.core.vault.index import gc_paused

        # A headless command builds one large heap with no reference cycles and exits; the
        # cyclic collector would only re-scan it (a fifth of a warm `check`).
        with gc_paused():
            return headless_main(args)
    # Imported here: a headless command must not pay for the explorer's start-up code.
    from kb_tui.cli.explorer import run_explorer

    return run_explorer(args)
