"""moment.js ``format()`` tokens (English locale) for :class:`datetime` values.

Templater formats every date with moment.js, so notes say ``YYYY-MM-DD`` or
``dddd, MMMM Do`` rather than ``strftime`` codes.  This module maps each moment token to a
small formatter; :data:`FORMAT_TOKEN_RE` is shared with :mod:`.moment_parsing`, which
must split format strings exactly the same way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from kb_tui.core.parse.templater.calendar_math import (
    ISO_DOW,
    ISO_DOY,
    LOCALE_DOW,
    LOCALE_DOY,
    MONTHS,
    MONTHS_SHORT,
    WEEKDAYS,
    WEEKDAYS_MIN,
    WEEKDAYS_SHORT,
    js_weekday,
    week_of_year,
)
from kb_tui.core.parse.templater.moment_locale import era_names, era_year, expand_format

DEFAULT_FORMAT = "YYYY-MM-DDTHH:mm:ssZ"

# One match per piece of a format string, as moment's ``formattingTokens`` splits it: a
# run of characters that can never start a token (``plain``), a ``[bracketed literal]``
# (``lit``), ``\\e`` (``escaped_e``: moment matches it before ``eHHmm``, so ``\\eHHmm`` is
# a literal ``e`` and then ``HH`` and ``mm``), or a token - longest first - optionally
# escaped by a backslash (``esc``).  Any other single character is ``tok``.  Like
# JavaScript's ``.``, nothing matches a line terminator, so moment drops those (outside
# brackets).  ``w|`` and ``W|`` are tokens in moment's pattern (``w[o|w]?``) without a
# formatter: they print as written.
_LINE_TERMINATORS = "\n\r\u2028\u2029"
FORMAT_TOKEN_RE = re.compile(
    rf"(?P<plain>[^A-Za-z\[\\{_LINE_TERMINATORS}]+)"
    r"|\[(?P<lit>[^\[]*)\]"
    r"|(?P<escaped_e>\\e)"
    r"|(?P<esc>\\)?(?P<tok>eHHmm|[Hh]mm(?:ss)?|Mo|MM?M?M?|Do|DDDo|DD?D?D?|ddd?d?|do?"
    r"|w[o|w]?|W[o|W]?|Qo?|N{1,5}|YYYYYY|YYYYY|YYYY|YY|y{2,4}|yo?|gg(?:ggg?)?|GG(?:GGG?)?"
    rf"|S{{1,9}}|hh?|HH?|kk?|mm?|ss?|zz?|ZZ?|[eEaAxXY]|[^{_LINE_TERMINATORS}])"
)


def _pad(number: int, width: int) -> str:
    sign = "-" if number < 0 else ""
    return sign + str(abs(number)).zfill(width)


def _ordinal(number: int) -> str:
    suffix = "th" if number % 100 // 10 == 1 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _hour12(dt: datetime) -> int:
    return dt.hour % 12 or 12


def _locale_weekday(dt: datetime) -> int:
    """moment's ``weekday()``: 0 is the locale's first day of the week (Sunday in "en")."""
    return (js_weekday(dt) + 7 - LOCALE_DOW) % 7


def _day_of_year(dt: datetime) -> int:
    return dt.timetuple().tm_yday


def _locale_week(dt: datetime) -> tuple[int, int]:
    return week_of_year(dt.date(), LOCALE_DOW, LOCALE_DOY)


def _iso_week(dt: datetime) -> tuple[int, int]:
    return week_of_year(dt.date(), ISO_DOW, ISO_DOY)


def _epoch_milliseconds(dt: datetime) -> int:
    if dt.tzinfo is not None and dt.utcoffset() is not None:
        return (dt - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)
    try:
        aware = dt.astimezone()  # naive datetimes are local time
    except (OverflowError, OSError, ValueError):
        return (dt - datetime(1970, 1, 1)) // timedelta(milliseconds=1)
    return (aware - datetime(1970, 1, 1, tzinfo=UTC)) // timedelta(milliseconds=1)


def _utc_offset_text(dt: datetime, separator: str) -> str:
    offset: timedelta | None
    try:
        offset = dt.utcoffset() if dt.tzinfo is not None else dt.astimezone().utcoffset()
    except (OverflowError, OSError, ValueError):
        offset = None
    minutes = round(offset.total_seconds() / 60) if offset is not None else 0
    sign = "-" if minutes < 0 else "+"
    hours, minutes = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}{separator}{minutes:02d}"


def _fraction_formatter(width: int) -> Callable[[datetime], str]:
    """``SSSS`` ... ``SSSSSSSSS``: milliseconds padded with zeros, like moment."""

    def format_fraction(dt: datetime) -> str:
        return _pad(dt.microsecond // 1000 * 10 ** (width - 3), width)

    return format_fraction


FORMATTERS: dict[str, Callable[[datetime], str]] = {
    "M": lambda dt: str(dt.month),
    "Mo": lambda dt: _ordinal(dt.month),
    "MM": lambda dt: _pad(dt.month, 2),
    "MMM": lambda dt: MONTHS_SHORT[dt.month - 1],
    "MMMM": lambda dt: MONTHS[dt.month - 1],
    "Q": lambda dt: str((dt.month - 1) // 3 + 1),
    "Qo": lambda dt: _ordinal((dt.month - 1) // 3 + 1),
    "D": lambda dt: str(dt.day),
    "Do": lambda dt: _ordinal(dt.day),
    "DD": lambda dt: _pad(dt.day, 2),
    "DDD": lambda dt: str(_day_of_year(dt)),
    "DDDo": lambda dt: _ordinal(_day_of_year(dt)),
    "DDDD": lambda dt: _pad(_day_of_year(dt), 3),
    "d": lambda dt: str(js_weekday(dt)),
    "do": lambda dt: _ordinal(js_weekday(dt)),
    "dd": lambda dt: WEEKDAYS_MIN[js_weekday(dt)],
    "ddd": lambda dt: WEEKDAYS_SHORT[js_weekday(dt)],
    "dddd": lambda dt: WEEKDAYS[js_weekday(dt)],
    "e": lambda dt: str(_locale_weekday(dt)),
    "eHHmm": lambda dt: f"{_locale_weekday(dt)}{dt.hour:02d}{dt.minute:02d}",
    "E": lambda dt: str(dt.isoweekday()),
    "w": lambda dt: str(_locale_week(dt)[0]),
    "wo": lambda dt: _ordinal(_locale_week(dt)[0]),
    "ww": lambda dt: _pad(_locale_week(dt)[0], 2),
    "W": lambda dt: str(_iso_week(dt)[0]),
    "Wo": lambda dt: _ordinal(_iso_week(dt)[0]),
    "WW": lambda dt: _pad(_iso_week(dt)[0], 2),
    "gg": lambda dt: _pad(_locale_week(dt)[1] % 100, 2),
    "gggg": lambda dt: _pad(_locale_week(dt)[1], 4),
    "ggggg": lambda dt: _pad(_locale_week(dt)[1], 5),
    "GG": lambda dt: _pad(_iso_week(dt)[1] % 100, 2),
    "GGGG": lambda dt: _pad(_iso_week(dt)[1], 4),
    "GGGGG": lambda dt: _pad(_iso_week(dt)[1], 5),
    "Y": lambda dt: _pad(dt.year, 4),
    "YY": lambda dt: _pad(dt.year % 100, 2),
    "YYYY": lambda dt: _pad(dt.year, 4),
    "YYYYY": lambda dt: _pad(dt.year, 5),
    "YYYYYY": lambda dt: "+" + _pad(dt.year, 6),
    "N": lambda dt: era_names(dt.year)[0],
    "NN": lambda dt: era_names(dt.year)[0],
    "NNN": lambda dt: era_names(dt.year)[0],
    "NNNN": lambda dt: era_names(dt.year)[1],
    "NNNNN": lambda dt: era_names(dt.year)[2],
    "y": lambda dt: str(era_year(dt.year)),
    "yo": lambda dt: _ordinal(era_year(dt.year)),
    "yy": lambda dt: _pad(era_year(dt.year), 2),
    "yyy": lambda dt: _pad(era_year(dt.year), 3),
    "yyyy": lambda dt: _pad(era_year(dt.year), 4),
    "H": lambda dt: str(dt.hour),
    "HH": lambda dt: _pad(dt.hour, 2),
    "h": lambda dt: str(_hour12(dt)),
    "hh": lambda dt: _pad(_hour12(dt), 2),
    "k": lambda dt: str(dt.hour or 24),
    "kk": lambda dt: _pad(dt.hour or 24, 2),
    "hmm": lambda dt: f"{_hour12(dt)}{dt.minute:02d}",
    "hmmss": lambda dt: f"{_hour12(dt)}{dt.minute:02d}{dt.second:02d}",
    "Hmm": lambda dt: f"{dt.hour}{dt.minute:02d}",
    "Hmmss": lambda dt: f"{dt.hour}{dt.minute:02d}{dt.second:02d}",
    "m": lambda dt: str(dt.minute),
    "mm": lambda dt: _pad(dt.minute, 2),
    "s": lambda dt: str(dt.second),
    "ss": lambda dt: _pad(dt.second, 2),
    "S": lambda dt: str(dt.microsecond // 100_000),
    "SS": lambda dt: _pad(dt.microsecond // 10_000, 2),
    "SSS": lambda dt: _pad(dt.microsecond // 1000, 3),
    "a": lambda dt: "pm" if dt.hour > 11 else "am",
    "A": lambda dt: "PM" if dt.hour > 11 else "AM",
    "X": lambda dt: str(_epoch_milliseconds(dt) // 1000),
    "x": lambda dt: str(_epoch_milliseconds(dt)),
    # Time zone abbreviation and name: empty for a local-time moment, which is what
    # Templater formats (moment-timezone would fill them in; Templater does not load it).
    "z": lambda dt: "",
    "zz": lambda dt: "",
    "Z": lambda dt: _utc_offset_text(dt, ":"),
    "ZZ": lambda dt: _utc_offset_text(dt, ""),
}
FORMATTERS.update({"S" * width: _fraction_formatter(width) for width in range(4, 10)})


def format_datetime(dt: datetime, fmt: str) -> str:
    """Like :func:`moment_format` but lets unexpected errors propagate.

    Raises :class:`ValueError` for a format made only of line breaks, which moment's
    ``format()`` fails on (its token list is ``null``); Templater reports that as an error.
    """
    out: list[str] = []
    matched = False
    for match in FORMAT_TOKEN_RE.finditer(expand_format(fmt or DEFAULT_FORMAT)):
        matched = True
        literal = match.group("plain") or match.group("lit")
        if literal is not None:
            out.append(literal)
            continue
        if match.group("escaped_e"):
            out.append("e")
            continue
        token = match.group("tok")
        formatter = None if match.group("esc") else FORMATTERS.get(token)
        if formatter is not None:
            out.append(formatter(dt))
        elif token != "\\":  # moment drops stray backslashes
            out.append(token)
    if not matched:
        raise ValueError("moment cannot format a format made of line breaks only")
    return "".join(out)


def moment_format(dt: datetime, fmt: str) -> str:
    """Format ``dt`` using moment.js format tokens (English names).

    Locale tokens (``LL``, ``LT`` ...) are first spelt out as moment's ``expandFormat``
    does.  Text inside ``[brackets]`` is literal, a backslash escapes the following token,
    characters that are not tokens are copied unchanged and line breaks outside brackets
    are dropped.  The longest token wins (``MMMM`` before ``MMM`` ...).  An empty format
    gives moment's default ``YYYY-MM-DDTHH:mm:ssZ``.  Never raises; on an unexpected
    error ``fmt`` is returned.
    """
    try:
        return format_datetime(dt, fmt)
    except Exception:
        return fmt
