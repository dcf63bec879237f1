"""Forgiving ``moment(string, format)`` parsing of reference dates.

``tp.date.now(format, offset, reference, reference_format)`` reads ``reference`` with
moment's non-strict parser, typically to step from a daily note's title to the previous
or next day.  That parser is deliberately lenient - each token is *searched for* in the
rest of the input and unmatched tokens are skipped - so notes written for Templater only
render the same here if that leniency is reproduced, not replaced by ``strptime``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone

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
    day_of_year_from_weeks,
    days_in_month,
    days_in_year,
    js_weekday,
    week_of_year,
    weeks_in_year,
)
from kb_tui.core.parse.templater.moment_formatting import FORMAT_TOKEN_RE, FORMATTERS
from kb_tui.core.parse.templater.moment_locale import expand_format

_MONTH_LOOKUP = {
    name.lower(): index for names in (MONTHS, MONTHS_SHORT) for index, name in enumerate(names)
}
_WEEKDAY_LOOKUP = {
    name.lower(): index
    for names in (WEEKDAYS, WEEKDAYS_SHORT, WEEKDAYS_MIN)
    for index, name in enumerate(names)
}


def _names_regex(lookup: Mapping[str, int]) -> str:
    return "|".join(sorted(lookup, key=len, reverse=True))  # longest name first


# What each token accepts: (tokens, regex, flags).  Tokens missing here but present in
# FORMATTERS (ordinals such as ``Mo``) are format-only and skipped while parsing.
_TOKEN_INPUTS: tuple[tuple[str, str, re.RegexFlag], ...] = (
    ("YY M MM D DD d e E w ww W WW gg GG H HH h hh k kk m mm s ss", r"\d{1,2}", re.ASCII),
    ("YYYY gggg GGGG", r"\d{1,4}", re.ASCII),
    ("YYYYY YYYYYY ggggg GGGGG", r"[+-]?\d{1,6}", re.ASCII),
    ("Y", r"[+-]?\d{1,9}", re.ASCII),
    ("Q", r"\d", re.ASCII),
    ("Do", r"\d{1,2}(?:st|nd|rd|th)?", re.ASCII),
    ("DDD DDDD S SS SSS", r"\d{1,3}", re.ASCII),
    ("SSSS SSSSS SSSSSS SSSSSSS SSSSSSSS SSSSSSSSS", r"\d{1,9}", re.ASCII),
    ("hmm Hmm", r"\d{3,4}", re.ASCII),
    ("hmmss Hmmss", r"\d{5,6}", re.ASCII),
    ("MMM MMMM", _names_regex(_MONTH_LOOKUP), re.IGNORECASE),
    ("dd ddd dddd", _names_regex(_WEEKDAY_LOOKUP), re.IGNORECASE),
    ("a A", r"[ap]\.?m?\.?", re.IGNORECASE),
    ("X", r"[+-]?\d{1,15}(?:\.\d{1,3})?", re.ASCII),
    ("x", r"[+-]?\d{1,18}", re.ASCII),
    ("Z ZZ", r"Z|[+-]\d\d(?::?\d\d)?", re.ASCII | re.IGNORECASE),
    ("y yy yyy yyyy yo", r"\d+", re.ASCII),
    ("eHHmm", r"\d{5,6}", re.ASCII),
    ("N NN NNN NNNN NNNNN", r"Anno Domini|AD|Before Christ|BC", re.IGNORECASE),
)
# moment anchors the era names at the rest of the input: they are not searched for.
_ANCHORED = frozenset(["N", "NN", "NNN", "NNNN", "NNNNN"])
# A year of more digits is out of range anyway (and int() refuses thousands of digits).
_MAX_YEAR_DIGITS = 12
_PARSE_PATTERNS: dict[str, re.Pattern[str]] = {
    token: re.compile(regex, flags)
    for tokens, regex, flags in _TOKEN_INPUTS
    for token in tokens.split()
}


@dataclass
class _ParseState:
    year: int | None = None
    month: int | None = None  # 0-based, as in moment
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int | None = None
    millisecond: int | None = None
    pm: bool | None = None
    big_hour: bool = False  # a 12-hour token (h, hh, hmm ...) was parsed
    day_of_year: int | None = None
    week: dict[str, int] = field(default_factory=dict)
    offset_minutes: int | None = None
    timestamp_ms: float | None = None
    parsed_any: bool = False
    before_christ: bool | None = None  # an era (N ... NNNNN) was parsed: BC or AD


def _two_digit_year(text: str) -> int:
    value = int(text)
    return value + (1900 if value > 68 else 2000)


def _apply_parsed(token: str, text: str, state: _ParseState) -> None:
    if token == "YYYY":
        state.year = _two_digit_year(text) if len(text) == 2 else int(text)
    elif token in ("YYYYY", "YYYYYY", "Y"):
        state.year = int(text)
    elif token in ("y", "yy", "yyy", "yyyy", "yo"):  # the year within its era
        state.year = int(text) if len(text) <= _MAX_YEAR_DIGITS else 10**_MAX_YEAR_DIGITS
    elif token.startswith("N"):
        state.before_christ = text.upper() in ("BC", "BEFORE CHRIST")
    elif token == "YY":
        state.year = _two_digit_year(text)
    elif token == "Q":
        state.month = (int(text) - 1) * 3
    elif token in ("M", "MM"):
        state.month = int(text) - 1
    elif token in ("MMM", "MMMM"):
        state.month = _MONTH_LOOKUP[text.lower()]
    elif token in ("D", "DD", "Do"):
        state.day = int(text.rstrip("stndrh"))
    elif token in ("DDD", "DDDD"):
        state.day_of_year = int(text)
    elif token in ("d", "e", "E"):
        state.week[token] = int(text)
    elif token == "eHHmm":
        state.week["e"] = int(text[:-4])
        state.hour, state.minute = int(text[-4:-2]), int(text[-2:])
    elif token in ("dd", "ddd", "dddd"):
        state.week["d"] = _WEEKDAY_LOOKUP[text.lower()]
    elif token in ("w", "ww", "W", "WW"):
        state.week[token[0]] = int(text)
    elif token in ("gg", "GG"):
        state.week[token] = _two_digit_year(text)
    elif token in ("gggg", "ggggg", "GGGG", "GGGGG"):
        state.week[token[:2]] = int(text)
    elif token in ("H", "HH", "h", "hh"):
        state.hour = int(text)
        state.big_hour = state.big_hour or token[0] == "h"
    elif token in ("k", "kk"):
        value = int(text)
        state.hour = 0 if value == 24 else value
    elif token in ("hmm", "Hmm", "hmmss", "Hmmss"):
        split = len(text) - (4 if token.endswith("ss") else 2)
        state.hour = int(text[:split])
        state.minute = int(text[split : split + 2])
        if token.endswith("ss"):
            state.second = int(text[split + 2 :])
        state.big_hour = state.big_hour or token[0] == "h"
    elif token in ("m", "mm"):
        state.minute = int(text)
    elif token in ("s", "ss"):
        state.second = int(text)
    elif token.startswith("S"):
        state.millisecond = int(float("0." + text) * 1000)
    elif token in ("a", "A"):
        state.pm = text[0].lower() == "p"
    elif token == "X":
        state.timestamp_ms = float(text) * 1000
    elif token == "x":
        state.timestamp_ms = float(int(text))
    elif token in ("Z", "ZZ"):
        if text.upper() == "Z":
            state.offset_minutes = 0
        else:
            digits = text[1:].replace(":", "")
            minutes = int(digits[:2]) * 60 + int(digits[2:] or 0)
            state.offset_minutes = -minutes if text[0] == "-" else minutes


def _skip_literal(text: str, pos: int, literal: str) -> int:
    """Move past the next occurrence of ``literal``, or stay put if there is none."""
    index = text.find(literal, pos) if literal else -1
    return index + len(literal) if index >= 0 else pos


def parse_moment(text: str, fmt: str, now: datetime) -> datetime | None:
    """Forgiving ``moment(text, fmt)``: each token is searched for in the rest of the
    input, unmatched tokens are skipped; ``None`` when the result would be invalid."""
    state = _ParseState()
    pos = 0
    for match in FORMAT_TOKEN_RE.finditer(expand_format(fmt)):
        plain = match.group("plain")
        if plain is not None:
            for char in plain:  # moment skips each literal character separately
                pos = _skip_literal(text, pos, char)
            continue
        literal = "e" if match.group("escaped_e") else match.group("lit")
        token = match.group("tok")
        if literal is None and not match.group("esc"):
            pattern = _PARSE_PATTERNS.get(token)
            if pattern is not None:
                search = pattern.match if token in _ANCHORED else pattern.search
                found = search(text, pos)
                if found is not None:
                    pos = found.end()
                    state.parsed_any = True
                    _apply_parsed(token, found.group(0), state)
                continue
            if token in FORMATTERS:  # format-only token (ordinals ...): ignored
                continue
            literal = "" if token == "\\" else token
        elif literal is None:
            literal = token
        pos = _skip_literal(text, pos, literal)
    return _build_parsed(state, now)


def _from_week_info(
    week: Mapping[str, int], year: int | None, now: datetime
) -> tuple[int, int] | None:
    """moment's ``dayOfYearFromWeekInfo``: ``(year, day_of_year)`` or ``None``."""
    if "GG" in week or "W" in week or "E" in week:
        dow, doy = ISO_DOW, ISO_DOY
        default_year = year if year is not None else week_of_year(now.date(), dow, doy)[1]
        week_year = week.get("GG", default_year)
        week_number = week.get("W", 1)
        weekday = week.get("E", 1)
        overflow = not 1 <= weekday <= 7
    else:
        dow, doy = LOCALE_DOW, LOCALE_DOY
        current_week, current_year = week_of_year(now.date(), dow, doy)
        week_year = week.get("gg", year if year is not None else current_year)
        week_number = week.get("w", current_week)
        if "d" in week:
            weekday = week["d"]
            overflow = not 0 <= weekday <= 6
        elif "e" in week:
            weekday = week["e"] + dow
            overflow = not 0 <= week["e"] <= 6
        else:
            weekday = dow
            overflow = False
    if overflow or not 1 <= week_number <= weeks_in_year(week_year, dow, doy):
        return None
    return day_of_year_from_weeks(week_year, week_number, weekday, dow, doy)


def _build_parsed(state: _ParseState, now: datetime) -> datetime | None:
    if not state.parsed_any:
        return None
    if state.timestamp_ms is not None:
        try:
            return datetime.fromtimestamp(state.timestamp_ms / 1000)
        except (OverflowError, OSError, ValueError):
            return None
    hour = state.hour
    if state.big_hour and not (hour is not None and 0 < hour <= 12):
        return None
    if state.pm is not None and hour is not None:
        if state.pm and hour < 12:
            hour += 12
        elif not state.pm and hour == 12:
            hour = 0
    year, month, day = state.year, state.month, state.day
    if state.before_christ is not None:
        # moment's erasConvertYear: the era's first year (1 AD, or year 0 = 1 BC) when no
        # year was read; BC years count backwards (and never fit in a datetime).
        if state.before_christ:
            year = 1 - year if year is not None else 0
        elif year is None:
            year = 1
    day_of_year = state.day_of_year
    if state.week and month is None and day is None:
        from_week = _from_week_info(state.week, year, now)
        if from_week is None:
            return None
        year, day_of_year = from_week
    if day_of_year is not None:
        year_to_use = year if year is not None else now.year
        if not 1 <= day_of_year <= days_in_year(year_to_use) or not 1 <= year_to_use <= 9999:
            return None
        resolved = date(year_to_use, 1, 1) + timedelta(days=day_of_year - 1)
        month, day = resolved.month - 1, resolved.day
    # Leading missing parts default to today; later missing parts to their minimum.
    if year is None:
        year = now.year
        if month is None:
            month = now.month - 1
            if day is None:
                day = now.day
    month = month if month is not None else 0
    day = day if day is not None else 1
    hour = hour if hour is not None else 0
    minute = state.minute if state.minute is not None else 0
    second = state.second if state.second is not None else 0
    millisecond = state.millisecond if state.millisecond is not None else 0
    if not (1 <= year <= 9999 and 0 <= month <= 11):
        return None
    if not 1 <= day <= days_in_month(year, month + 1):
        return None
    next_day = hour == 24 and minute == 0 and second == 0 and millisecond == 0
    if not (0 <= hour <= 23 or next_day):
        return None
    if not (0 <= minute <= 59 and 0 <= second <= 59 and 0 <= millisecond <= 999):
        return None
    try:
        result = datetime(year, month + 1, day, hour % 24, minute, second, millisecond * 1000)
        if next_day:
            result += timedelta(days=1)
        if "d" in state.week and state.week["d"] != js_weekday(result):
            return None  # weekday mismatch, e.g. "2024-01-05 Monday"
        if state.offset_minutes is not None:
            zone = timezone(timedelta(minutes=state.offset_minutes))
            result = result.replace(tzinfo=zone).astimezone()
    except (OverflowError, OSError, ValueError):
        return None
    return result
