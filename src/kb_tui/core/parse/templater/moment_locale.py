"""moment.js's English locale data that is not month or weekday names: the long date
formats (``L``, ``LL``, ``LT`` ...) and the eras (``N``, ``y`` tokens).

moment never formats ``LL`` directly: ``format()`` first runs ``expandFormat``, which
replaces every locale token outside ``[brackets]`` (and not escaped by a backslash) with
its definition - ``LL`` becomes ``MMMM D, YYYY`` - and only then splits the result into
ordinary tokens.  The expansion is textual, so it may join with its neighbours
(``hLT`` is ``hh:mm A``), and parsing (``moment(text, "L")``) expands the same way;
both directions therefore call :func:`expand_format` here.
"""

from __future__ import annotations

import re

# moment's ``defaultLongDateFormat`` (the "en" locale keeps it).  The lower-case forms
# are derived by moment from the upper-case ones (``MMMM`` -> ``MMM``, ``MM`` -> ``M``,
# ``DD`` -> ``D``, ``dddd`` -> ``ddd``); they are written out here and the golden table
# (tests/golden/moment) checks them against moment itself.
LONG_DATE_FORMATS: dict[str, str] = {
    "LTS": "h:mm:ss A",
    "LT": "h:mm A",
    "L": "MM/DD/YYYY",
    "LL": "MMMM D, YYYY",
    "LLL": "MMMM D, YYYY h:mm A",
    "LLLL": "dddd, MMMM D, YYYY h:mm A",
    "l": "M/D/YYYY",
    "ll": "MMM D, YYYY",
    "lll": "MMM D, YYYY h:mm A",
    "llll": "ddd, MMM D, YYYY h:mm A",
}

# moment's ``localFormattingTokens``: a bracketed literal (kept), or a locale token,
# optionally escaped (an escaped one is kept and later printed as its letters).
_LOCAL_TOKEN_RE = re.compile(r"\[[^\[]*\]|\\?(?:LTS|LT|LL?L?L?|l{1,4})")


def _replace(match: re.Match[str]) -> str:
    text = match.group(0)
    return LONG_DATE_FORMATS.get(text, text)


def expand_format(fmt: str) -> str:
    """moment's ``expandFormat``: the format with its locale tokens spelt out.

    moment repeats the substitution up to six times; once is enough here because no
    expansion contains an ``L``, an ``l``, a bracket or a backslash.
    """
    if "L" not in fmt and "l" not in fmt:
        return fmt
    return _LOCAL_TOKEN_RE.sub(_replace, fmt)


# The "en" eras: Anno Domini from 0001-01-01 on, Before Christ up to 0000-12-31
# (moment's year 0 is 1 BC).  Only AD dates fit in a :class:`datetime`, but the
# arithmetic is kept whole so the rule reads as moment's.
ERA_AD = ("AD", "Anno Domini", "AD")  # (abbr, name, narrow)
ERA_BC = ("BC", "Before Christ", "BC")


def era_names(year: int) -> tuple[str, str, str]:
    """``(abbr, name, narrow)`` of the era ``year`` (astronomical numbering) lies in."""
    return ERA_AD if year >= 1 else ERA_BC


def era_year(year: int) -> int:
    """The year counted within its era: 2024 AD is 2024, year 0 is 1 BC."""
    return year if year >= 1 else 1 - year
