"""What each supported ``tp.*`` expression means, given a parsed expression tree.

This is the only place that knows Templater's API surface (``tp.date``, ``tp.file``,
``tp.frontmatter``) and its argument conventions.  Anything else - ``tp.system``,
``tp.user``, wrong argument counts or types, missing data - raises, and the renderer then
leaves the placeholder exactly as written.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta
from typing import TypeAlias

from kb_tui.core.parse.templater.calendar_math import LOCALE_DOW, js_weekday
from kb_tui.core.parse.templater.context import TemplaterContext
from kb_tui.core.parse.templater.expressions import Call, Lit, Node, Ref, Unsupported
from kb_tui.core.parse.templater.moment_formatting import format_datetime

_Path: TypeAlias = tuple[str | int, ...]


def is_frontmatter_ref(node: Ref | Call) -> bool:
    """True for ``tp.frontmatter...`` look-ups, whose values may hold placeholders."""
    return isinstance(node, Ref) and node.path[:2] == ("tp", "frontmatter")


def evaluate(node: Ref | Call, ctx: TemplaterContext, now: datetime) -> str:
    """The display text of a top-level expression; raises if it is not supported."""
    if is_frontmatter_ref(node):
        value = _frontmatter_value(node.path[2:], ctx)
        if isinstance(value, list | tuple):
            return ", ".join(str(item) for item in value)
        return str(value)
    value = _eval(node, ctx, now)
    if not isinstance(value, str):
        raise Unsupported
    return value


def _frontmatter_value(keys: Sequence[str | int], ctx: TemplaterContext) -> object:
    if not keys:
        raise Unsupported
    current: object = ctx.frontmatter
    for key in keys:
        if isinstance(current, Mapping):
            if key not in current:
                raise Unsupported
            current = current[key]
        elif isinstance(current, list | tuple) and isinstance(key, int):
            if not 0 <= key < len(current):
                raise Unsupported
            current = current[key]
        else:
            raise Unsupported
    return current


def _eval(node: Node, ctx: TemplaterContext, now: datetime) -> object:
    if isinstance(node, Lit):
        return node.value
    if isinstance(node, Ref):
        return _eval_ref(node.path, ctx)
    return _eval_call(node.path, [_eval(arg, ctx, now) for arg in node.args], ctx, now)


def _folder_name(folder: str) -> str:
    return folder.rstrip("/").rsplit("/", 1)[-1]


def _eval_ref(path: _Path, ctx: TemplaterContext) -> object:
    if path == ("tp", "file", "title"):
        return ctx.title
    if path == ("tp", "file", "folder"):
        return _folder_name(ctx.folder)
    if path[:2] == ("tp", "frontmatter"):
        return _frontmatter_value(path[2:], ctx)
    raise Unsupported


def _eval_call(path: _Path, args: list[object], ctx: TemplaterContext, now: datetime) -> str:
    match path:
        case ("tp", "date", "now"):
            return _date_now(args, now)
        case ("tp", "date", "weekday"):
            return _date_weekday(args, now)
        case ("tp", "date", "tomorrow" | "yesterday"):
            _check_arg_count(args, 1)
            days = 1 if path[2] == "tomorrow" else -1
            return format_datetime(now + timedelta(days=days), _format_arg(args, 0))
        case ("tp", "file", "folder"):
            _check_arg_count(args, 1)
            relative = _truthy(args[0]) if args else False
            return ctx.folder if relative else _folder_name(ctx.folder)
        case ("tp", "file", "creation_date" | "last_modified_date"):
            _check_arg_count(args, 1)
            stamp = ctx.created if path[2] == "creation_date" else ctx.modified
            if stamp is None:
                raise Unsupported
            return format_datetime(stamp, _format_arg(args, 0, "YYYY-MM-DD HH:mm"))
    raise Unsupported


def _check_arg_count(args: Sequence[object], maximum: int) -> None:
    if len(args) > maximum:
        raise Unsupported


def _truthy(value: object) -> bool:
    """JavaScript truthiness of a literal or looked-up value."""
    if value is None or isinstance(value, bool | str):
        return bool(value)
    if isinstance(value, int | float):
        return value != 0 and not math.isnan(value)
    return True


def _format_arg(args: Sequence[object], index: int, default: str = "YYYY-MM-DD") -> str:
    value = args[index] if index < len(args) else None
    if value is None:
        return default
    if not isinstance(value, str):
        raise Unsupported
    return value


def _date_now(args: Sequence[object], now: datetime) -> str:
    """``tp.date.now(format?, offset?, reference?, reference_format?)``."""
    _check_arg_count(args, 4)
    fmt = _format_arg(args, 0)
    offset = args[1] if len(args) > 1 else None
    base = _reference_base(args, 2, now)
    if offset is None:
        return format_datetime(base, fmt)
    # Offsets and reference dates are rare: their parsers load only when used.
    from kb_tui.core.parse.templater.durations import add_offset, parse_offset

    return format_datetime(add_offset(base, parse_offset(offset)), fmt)


def _date_weekday(args: Sequence[object], now: datetime) -> str:
    """``tp.date.weekday(format, weekday, reference?, reference_format?)``.

    Templater computes ``moment(reference, reference_format).weekday(weekday)``: the day
    ``weekday`` days after the first day of the base date's locale week (Sunday in the
    "en" locale), so ``0`` is this week's Sunday, ``7`` next Sunday and ``-7`` last
    Sunday.  moment adds ``weekday - current`` days rounded half away from zero.
    """
    _check_arg_count(args, 4)
    fmt = _format_arg(args, 0)
    weekday = args[1] if len(args) > 1 else None
    # Without a number moment's weekday() is the getter and Templater's call fails.
    if isinstance(weekday, bool) or not isinstance(weekday, int | float):
        raise Unsupported
    base = _reference_base(args, 2, now)
    # Week days are rare: the duration arithmetic loads only when used.
    from kb_tui.core.parse.templater.durations import add_offset, parse_offset

    current = (js_weekday(base) + 7 - LOCALE_DOW) % 7
    return format_datetime(add_offset(base, parse_offset(weekday - current)), fmt)


def _reference_base(args: Sequence[object], index: int, now: datetime) -> datetime:
    """The date ``reference`` (``args[index]``) and ``reference_format`` name, else ``now``.

    Templater refuses a reference moment cannot read ("Invalid reference date format"):
    the placeholder is then left as written.
    """
    reference = args[index] if len(args) > index else None
    reference_format = args[index + 1] if len(args) > index + 1 else None
    if reference_format is not None and not isinstance(reference_format, str):
        raise Unsupported
    if reference is None:
        return now
    parsed = _reference_datetime(reference, reference_format, now)
    if parsed is None:
        raise Unsupported
    return parsed


def _reference_datetime(reference: object, fmt: str | None, now: datetime) -> datetime | None:
    if isinstance(reference, datetime):
        return reference
    if isinstance(reference, date):
        return datetime.combine(reference, time())
    if not isinstance(reference, str):
        return None
    if fmt is None:
        try:
            parsed = datetime.fromisoformat(reference.strip())
        except ValueError:
            return None
        return parsed.astimezone() if parsed.tzinfo is not None else parsed
    # Only a reference date given with a format needs the moment.js parser: loaded then.
    from kb_tui.core.parse.templater.moment_parsing import parse_moment

    return parse_moment(reference, fmt, now)
