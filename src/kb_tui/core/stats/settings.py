"""The dashboard's settings in the user's config (``config.toml``, see
:mod:`kb_tui.core.config`): ``stale_days``, after how many days without a change an item in
progress needs attention. One reader, so the explorer and ``kb-tui stats`` agree."""

from __future__ import annotations

from collections.abc import Mapping

from kb_tui.core.stats.model import DEFAULT_STALE_DAYS

STALE_DAYS_KEY = "stale_days"
MAX_STALE_DAYS = 36500  # a hundred years: more is a typo, not a setting


def valid_stale_days(value: object) -> bool:
    """Whether ``value`` is a number of days the dashboard can use (1 to a hundred years)."""
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_STALE_DAYS


def stale_days(config: Mapping[str, object]) -> int:
    """``stale_days`` from the config, or :data:`DEFAULT_STALE_DAYS` when it is not set or
    not a valid number of days (see :func:`stale_days_problem` to say so)."""
    value = config.get(STALE_DAYS_KEY)
    return value if valid_stale_days(value) else DEFAULT_STALE_DAYS  # type: ignore[return-value]


def stale_days_problem(config: Mapping[str, object]) -> str:
    """What is wrong with a ``stale_days`` the config holds ("" when nothing is)."""
    value = config.get(STALE_DAYS_KEY)
    if value is None or valid_stale_days(value):
        return ""
    return (
        f"{STALE_DAYS_KEY} = {value!r} in the config is not a number of days "
        f"(1 to {MAX_STALE_DAYS}); using {DEFAULT_STALE_DAYS}"
    )
