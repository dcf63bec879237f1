"""Where the user has been: back and forward through visited tree keys, like a browser."""

from __future__ import annotations

MAX_HISTORY = 100


class History:
    """Visited keys and the position in them; going somewhere new drops what was ahead."""

    def __init__(self, limit: int = MAX_HISTORY) -> None:
        self.limit = limit
        self.keys: list[str] = []
        self.pos = -1

    def remember(self, before: str | None, key: str) -> None:
        """A move from ``before`` (if known) to ``key``."""
        del self.keys[self.pos + 1 :]
        if before and (not self.keys or self.keys[-1] != before):
            self.keys.append(before)
        if not self.keys or self.keys[-1] != key:
            self.keys.append(key)
        del self.keys[: -self.limit]
        self.pos = len(self.keys) - 1

    def back(self) -> str | None:
        """The key before the current one (and step there), or None at the start."""
        if self.pos <= 0:
            return None
        self.pos -= 1
        return self.keys[self.pos]

    def forward(self) -> str | None:
        """The key after the current one (and step there), or None at the end."""
        if self.pos >= len(self.keys) - 1:
            return None
        self.pos += 1
        return self.keys[self.pos]
