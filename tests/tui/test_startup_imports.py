"""What the explorer's module imports before the first frame: nothing that comes later.

Textual's Markdown widget (markdown-it, linkify, Pygments) costs about 25 ms to import; the
viewer imports it in a thread once the first frame is out. A module-level reference to it
(e.g. ``@on(Markdown.LinkClicked)``) put that cost back in front of the first frame.
"""

from __future__ import annotations

import subprocess
import sys

LATE = (
    "markdown_it",
    "pygments",
    "textual.widgets._markdown",
    "textual.widgets._progress_bar",
    "watchfiles",
    "kb_tui.core.workspace.open",
    "kb_tui.core.report.export",
    "kb_tui.tui.screens.help",
    "kb_tui.tui.screens.export_dialog",
    "kb_tui.tui.screens.dashboard",
    "kb_tui.core.stats.dashboard",
)


def test_the_app_module_leaves_late_imports_for_later() -> None:
    code = f"import sys, kb_tui.tui.app\nprint(' '.join(m for m in {LATE!r} if m in sys.modules))\n"
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split() == []
