"""The ``offset`` argument of ``tp.date.now``, with ``moment.duration`` semantics.

Templater passes the offset straight to moment: a number means days, a numeric string
means *milliseconds*, and ``"P1W"`` / ``"-P1M"`` / ``"1.00:00:00"`` are ISO 8601 and
ASP.NET durations.  Calendar months are added before days and clock time, and month
arithmetic clamps to the month's end (31 January + 1 month = 29 February), as moment does.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from typing import TypeAlias

from kb_tui.core.parse.templater.calendar_math import days_in_month

_JS_NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_JS_FLOAT_PREFIX_RE = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)")
_ASPNET_DURATION_RE = re.compile(r"(-|\+)?(?:(\d*)[. ])?(\d+):(\d+)(?::(\d+)(\.\d*)?)?", re.ASCII)
_ISO_DURATION_RE = re.compile(
    r"(-|\+)?P(?:([-+]?[0-9,.]*)Y)?(?:([-+]?[0-9,.]*)M)?(?:([-+]?[0-9,.]*)W)?"
    r"(?:([-+]?[0-9,.]*)D)?(?:T(?:([-+]?[0-9,.]*)H)?(?:([-+]?[0-9,.]*)M)?"
    r"(?:([-+]?[0-9,.]*)S)?)?"
)

Offset: TypeAlias = tuple[int, int, float]
"""``(months, days, milliseconds)`` to add."""


def _abs_round(number: float) -> int:
    """JavaScript ``absRound``: round half away from zero."""
    if not math.isfinite(number):
        raise ValueError("duration is not finite")
    rounded = math.floor(abs(number) + 0.5)
    return -rounded if number < 0 else rounded


def _iso_component(text: str | None, sign: int) -> float:
    if not text:
        return 0.0
    match = _JS_FLOAT_PREFIX_RE.match(text.replace(",", ".", 1))
    return float(match.group(0)) * sign if match else 0.0


def parse_offset(offset: object) -> Offset:
    """Return ``(months, days, milliseconds)`` like ``moment.duration(offset)``.

    Raises :class:`ValueError` for anything moment would not understand.
    """
    if offset is None or isinstance(offset, bool):
        return 0, 0, 0.0
    if isinstance(offset, int | float):
        return 0, _abs_round(offset), 0.0
    if not isinstance(offset, str):
        raise ValueError("unsupported offset type")
    stripped = offset.strip()
    if not stripped:
        return 0, 0, 0.0
    if _JS_NUMBER_RE.fullmatch(stripped):  # moment treats numeric strings as milliseconds
        return 0, 0, float(stripped)
    match = _ASPNET_DURATION_RE.fullmatch(offset)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        whole_days = int(match.group(2) or 0)
        clock = int(match.group(3)) * 3600 + int(match.group(4)) * 60 + int(match.group(5) or 0)
        fraction = match.group(6)
        millis = _abs_round(float("0" + fraction) * 1000) if fraction and fraction != "." else 0
        return 0, sign * whole_days, float(sign * (clock * 1000 + millis))
    match = _ISO_DURATION_RE.fullmatch(offset)
    if match:
        sign = -1 if match.group(1) == "-" else 1
        years, months, weeks, days, hours, minutes, seconds = (
            _iso_component(match.group(index), sign) for index in range(2, 9)
        )
        return (
            _abs_round(years * 12 + months),
            _abs_round(weeks * 7 + days),
            hours * 3_600_000 + minutes * 60_000 + seconds * 1000,
        )
    raise ValueError("unrecognised duration")


def _add_months(dt: datetime, months: int) -> datetime:
    total = dt.year * 12 + dt.month - 1 + months
    year, month0 = divmod(total, 12)
    day = min(dt.day, days_in_month(year, month0 + 1))
    return dt.replace(year=year, month=month0 + 1, day=day)


def add_offset(dt: datetime, offset: Offset) -> datetime:
    """Add an offset in moment's ``addSubtract`` order: months, then days, then time."""
    months, days, milliseconds = offset
    if months:
        dt = _add_months(dt, months)
    if days:
        dt = dt + timedelta(days=days)
    if milliseconds:
        dt = dt + timedelta(milliseconds=milliseconds)
    return dt
