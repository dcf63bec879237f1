"""Notifications whose text is never read as markup (it is often document text)."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.notifications import SeverityLevel


def say(node: DOMNode, message: str, severity: SeverityLevel = "information") -> None:
    """Notify through ``node``'s app; errors stay longer."""
    node.app.notify(
        message, severity=severity, markup=False, timeout=8 if severity == "error" else 4
    )
