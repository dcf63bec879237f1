"""Tests for the display-only Templater renderer (kb_tui.core.parse.templater)."""

from __future__ import annotations

import ast
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kb_tui.core.parse import templater
from kb_tui.core.parse.templater import (
    PLACEHOLDER_RE,
    TemplaterContext,
    find_placeholders,
    has_placeholder,
    moment_format,
    render,
)

# Friday 5 January 2024, 14:07:09.123 (naive local time).
NOW = datetime(2024, 1, 5, 14, 7, 9, 123000)


def make_ctx(**overrides: object) -> TemplaterContext:
    values: dict[str, object] = {
        "title": "My Note",
        "folder": "Projects/Alpha",
        "created": datetime(2023, 3, 4, 9, 5, 6),
        "modified": datetime(2023, 11, 20, 18, 30, 0),
        "frontmatter": {
            "status": "draft",
            "tags": ["ops", "runbook"],
            "priority": 3,
            "owner name": "Ana",
            "nested": {"inner": "deep"},
            "when": '<% tp.date.now("YYYY-MM-DD") %>',
            "day": date(2024, 2, 29),
        },
        "now": NOW,
    }
    values.update(overrides)
    return TemplaterContext(**values)  # type: ignore[arg-type]


CTX = make_ctx()


def r(expression: str, ctx: TemplaterContext = CTX) -> str:
    return render(f"<% {expression} %>", ctx)


# --------------------------------------------------------------------------- dataclass


def test_context_defaults_and_frozen() -> None:
    ctx = TemplaterContext(title="t", folder="")
    assert ctx.created is None and ctx.modified is None and ctx.now is None
    assert dict(ctx.frontmatter) == {}
    with pytest.raises(AttributeError):
        ctx.title = "other"  # type: ignore[misc]


# --------------------------------------------------------------------------- tp.date.now


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("tp.date.now()", "2024-01-05"),
        ('tp.date.now("YYYY-MM-DD")', "2024-01-05"),
        ("tp.date.now('DD/MM/YYYY')", "05/01/2024"),
        ('tp.date.now( "YYYY" ) ;', "2024"),
        ('tp.date.now("YYYY-MM-DD");', "2024-01-05"),
        ('tp.date.now("dddd, MMMM Do YYYY [at] h:mm A")', "Friday, January 5th 2024 at 2:07 PM"),
        ('tp.date.now("YYYY-MM-DD HH:mm:ss.SSS")', "2024-01-05 14:07:09.123"),
        ("tp.date.now(undefined, 1)", "2024-01-06"),
    ],
)
def test_date_now_formats(expression: str, expected: str) -> None:
    assert r(expression) == expected


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        ("7", "2024-01-12"),
        ("-5", "2023-12-31"),
        ("0", "2024-01-05"),
        ("+1", "2024-01-06"),
        ("366", "2025-01-05"),
        ("1.5", "2024-01-07"),  # moment rounds day offsets half away from zero
        ('"P1W"', "2024-01-12"),
        ('"P-1M"', "2023-12-05"),
        ('"-P1M"', "2023-12-05"),
        ('"P1Y2M3D"', "2025-03-08"),
        ('"P1Y"', "2025-01-05"),
        ("'P-1D'", "2024-01-04"),
        ('"P2W"', "2024-01-19"),
        ('"P"', "2024-01-05"),
        ('"1.00:00:00"', "2024-01-06"),  # ASP.NET style duration
    ],
)
def test_date_now_offsets(offset: str, expected: str) -> None:
    assert r(f'tp.date.now("YYYY-MM-DD", {offset})') == expected


def test_date_now_time_offsets() -> None:
    assert r('tp.date.now("HH:mm", "PT2H")') == "16:07"
    assert r('tp.date.now("YYYY-MM-DD HH:mm", "PT10H")') == "2024-01-06 00:07"
    assert r('tp.date.now("HH:mm:ss", "PT1M30S")') == "14:08:39"
    assert r('tp.date.now("YYYY-MM-DD HH:mm", "P1DT1H")') == "2024-01-06 15:07"


def test_month_offsets_clamp_to_month_end() -> None:
    expression = 'tp.date.now("YYYY-MM-DD", "P1M", "2024-01-31", "YYYY-MM-DD")'
    assert r(expression) == "2024-02-29"
    expression = 'tp.date.now("YYYY-MM-DD", "P-1M", "2023-03-31", "YYYY-MM-DD")'
    assert r(expression) == "2023-02-28"


def test_bad_offsets_leave_placeholder() -> None:
    for offset in ('"soon"', '"P1X"', "[1]", "tp.frontmatter.tags"):
        text = f'<% tp.date.now("YYYY-MM-DD", {offset}) %>'
        assert render(text, CTX) == text


def test_date_now_reference_dates() -> None:
    assert r('tp.date.now("dddd", 1, "2024-03-10", "YYYY-MM-DD")') == "Monday"
    assert r('tp.date.now("YYYY-MM-DD", -1, "10.03.2024", "DD.MM.YYYY")') == "2024-03-09"
    assert r('tp.date.now("YYYY-MM-DD", 0, "March 3rd, 2024", "MMMM Do, YYYY")') == "2024-03-03"
    assert r('tp.date.now("YYYY-MM-DD", 0, "2024-03-10 My day", "YYYY-MM-DD")') == "2024-03-10"
    assert r('tp.date.now("HH:mm", 0, "2024-03-10 3:30 pm", "YYYY-MM-DD h:mm a")') == "15:30"
    # No reference_format: ISO 8601.
    assert r('tp.date.now("YYYY-MM-DD", 2, "2024-03-10")') == "2024-03-12"
    # ISO weeks and locale (Sunday-first) weeks.
    assert r('tp.date.now("YYYY-MM-DD", 0, "2024-W10", "GGGG-[W]WW")') == "2024-03-04"
    assert r('tp.date.now("YYYY-MM-DD", 0, "2024-W10", "gggg-[W]ww")') == "2024-03-03"
    # A frontmatter date object is accepted as a reference too.
    assert r('tp.date.now("YYYY-MM-DD", 1, tp.frontmatter.day)') == "2024-03-01"


def test_daily_note_reference_from_title() -> None:
    ctx = make_ctx(title="2024-02-29")
    expression = 'tp.date.now("YYYY-MM-DD", 1, tp.file.title, "YYYY-MM-DD")'
    assert r(expression, ctx) == "2024-03-01"
    expression = 'tp.date.now("YYYY-MM-DD", -1, tp.file.title, "YYYY-MM-DD")'
    assert r(expression, ctx) == "2024-02-28"


@pytest.mark.parametrize(
    ("reference", "reference_format"),
    [
        ('"not a date"', '"YYYY-MM-DD"'),
        ('"2024-13-01"', '"YYYY-MM-DD"'),
        ('"2024-02-30"', '"YYYY-MM-DD"'),
        ('"2024-01-05 Monday"', '"YYYY-MM-DD dddd"'),  # weekday mismatch
        ('"yesterday"', "undefined"),
        ('""', '"YYYY-MM-DD"'),
        ("tp.file.title", '"YYYY-MM-DD"'),  # title "My Note" is not a date
    ],
)
def test_unparseable_reference_leaves_placeholder(reference: str, reference_format: str) -> None:
    text = f'<% tp.date.now("YYYY-MM-DD", 0, {reference}, {reference_format}) %>'
    assert render(text, CTX) == text


def test_tomorrow_and_yesterday() -> None:
    assert r("tp.date.tomorrow()") == "2024-01-06"
    assert r("tp.date.yesterday()") == "2024-01-04"
    assert r('tp.date.tomorrow("Do MMM")') == "6th Jan"
    assert r("tp.date.yesterday('dddd')") == "Thursday"


def test_now_defaults_to_current_time() -> None:
    ctx = make_ctx(now=None)
    before = datetime.now().date()
    result = r('tp.date.now("YYYY-MM-DD")', ctx)
    after = datetime.now().date()
    assert result in {before.isoformat(), after.isoformat()}


# --------------------------------------------------------------------------- tp.file


def test_file_expressions() -> None:
    assert r("tp.file.title") == "My Note"
    assert r("tp.file.title;") == "My Note"
    assert r("tp.file.folder") == "Alpha"
    assert r("tp.file.folder()") == "Alpha"
    assert r("tp.file.folder(false)") == "Alpha"
    assert r("tp.file.folder(true)") == "Projects/Alpha"
    root = make_ctx(folder="")
    assert r("tp.file.folder", root) == ""
    assert r("tp.file.folder(true)", root) == ""


def test_file_dates() -> None:
    assert r("tp.file.creation_date()") == "2023-03-04 09:05"
    assert r('tp.file.creation_date("YYYY")') == "2023"
    assert r("tp.file.last_modified_date()") == "2023-11-20 18:30"
    assert r("tp.file.last_modified_date('dddd h A')") == "Monday 6 PM"
    missing = make_ctx(created=None, modified=None)
    for expression in ("tp.file.creation_date()", "tp.file.last_modified_date('YYYY')"):
        assert r(expression, missing) == f"<% {expression} %>"


# --------------------------------------------------------------------------- tp.frontmatter


def test_frontmatter_values() -> None:
    assert r("tp.frontmatter.status") == "draft"
    assert r('tp.frontmatter["status"]') == "draft"
    assert r("tp.frontmatter['owner name']") == "Ana"
    assert r("tp.frontmatter.tags") == "ops, runbook"
    assert r("tp.frontmatter.tags[1]") == "runbook"
    assert r("tp.frontmatter.priority") == "3"
    assert r("tp.frontmatter.nested.inner") == "deep"
    assert r("tp.frontmatter.day") == "2024-02-29"


def test_missing_frontmatter_key_left_intact() -> None:
    for expression in ("tp.frontmatter.missing", 'tp.frontmatter["nope"]', "tp.frontmatter"):
        assert r(expression) == f"<% {expression} %>"
    assert r("tp.frontmatter.tags[5]") == "<% tp.frontmatter.tags[5] %>"


def test_frontmatter_value_with_placeholder_renders_to_date() -> None:
    # Value looked up through tp.frontmatter is itself rendered (one level deep).
    assert r("tp.frontmatter.when") == "2024-01-05"
    # A placeholder written directly in a note's YAML frontmatter block.
    note = '---\ncreated: <% tp.date.now("YYYY-MM-DD") %>\n---\n# <% tp.file.title %>\n'
    assert render(note, CTX) == "---\ncreated: 2024-01-05\n---\n# My Note\n"


def test_self_referencing_frontmatter_terminates() -> None:
    ctx = make_ctx(frontmatter={"loop": "x <% tp.frontmatter.loop %>"})
    assert r("tp.frontmatter.loop", ctx) == "x x <% tp.frontmatter.loop %>"


# --------------------------------------------------------------------------- left intact


@pytest.mark.parametrize(
    "text",
    [
        '<%* tR += "hello" %>',
        "<%* const x = await tp.system.prompt('Name') %>",
        "<%*\nlet title = tp.file.title;\nawait tp.file.rename(title + '!');\n%>",
        '<% tp.system.prompt("Title") %>',
        "<% tp.system.clipboard() %>",
        "<% tp.user.my_script(tp) %>",
        "<% tp.web.daily_quote() %>",
        '<% tp.file.include("[[Other]]") %>',
        "<% tp.file.cursor(1) %>",
        "<% new Date().toISOString() %>",
        "<% 1 + 1 %>",
        '<% "literal" %>',
        "<% tp.file.title.toUpperCase() %>",
        "<% tp.file.title() %>",
        '<% tp.date.now("YYYY") + "x" %>',
        "<% tp.date.now %>",
        "<% tp.date.now('YYYY', 1, 2, 3, 4) %>",
        "<% tp.date.now(42) %>",
        "<% tp.file.title; tp.file.title %>",
        '<% tp.date.now("YYYY" %>',
        '<% tp.date.now("unterminated) %>',
        "<% tp['constructor'] %>",
        "<% tp.frontmatter.__class__ %>",
        "<% tp.frontmatter.status() %>",
        "<%  %>",
        "<%%>",
        "<%-%>",
    ],
)
def test_unsupported_left_exactly(text: str) -> None:
    wrapped = f"before\n{text}\nafter"
    assert render(wrapped, CTX) == wrapped


def test_mixed_supported_and_unsupported() -> None:
    text = (
        "A <% tp.file.title %> B <%* tR += 1 %> C <% tp.system.prompt() %> D <% tp.file.folder %>"
    )
    assert render(text, CTX) == "A My Note B <%* tR += 1 %> C <% tp.system.prompt() %> D Alpha"


@pytest.mark.parametrize(
    "text",
    [
        "<% tp.file.title",
        "tp.file.title %>",
        "<%",
        "%>",
        "<",
        "%>  <%",
        "a <% b",
        "<% <% <%",
        "x %> y <% z",
        "",
    ],
)
def test_unbalanced_delimiters(text: str) -> None:
    assert render(text, CTX) == text


def test_unbalanced_opener_before_valid_placeholder() -> None:
    assert render("<% <% tp.file.title %>", CTX) == "<% My Note"
    assert render("<% tp.file.title %> %>", CTX) == "My Note %>"


# --------------------------------------------------------------------------- whitespace control


def test_whitespace_control_modifiers() -> None:
    assert render("a\n<%- tp.file.title -%>\nb", CTX) == "aMy Noteb"
    assert render("a\n\n<%- tp.file.title %>\n\nb", CTX) == "a\nMy Note\n\nb"
    assert render("a \n <%_ tp.file.title _%> \n b", CTX) == "aMy Noteb"
    assert render("a\r\n<% tp.file.title -%>\r\nb", CTX) == "a\r\nMy Noteb"
    # Unrendered placeholders never trim anything.
    text = "a\n<%- tp.system.prompt() -%>\nb"
    assert render(text, CTX) == text


def test_multiline_placeholder() -> None:
    assert render("<%\n  tp.file.title\n%>", CTX) == "My Note"
    assert render('<% tp.date.now(\n  "YYYY",\n  1\n) %>', CTX) == "2024"


def test_string_escapes() -> None:
    assert r(r'tp.date.now("[It\'s] YYYY")') == "It's 2024"
    assert r(r"tp.date.now('[a\u0042c] YYYY')") == "aBc 2024"
    assert r('tp.frontmatter["owner\\x20name"]') == "Ana"


# --------------------------------------------------------------------------- helpers


def test_placeholder_regex_variants() -> None:
    for text in ("<% a %>", "<%* a %>", "<%- a -%>", "<%_ a _%>", "<%\na\n%>", "<%%>"):
        match = PLACEHOLDER_RE.search(text)
        assert match is not None and match.group(0) == text
    assert [m.group(0) for m in PLACEHOLDER_RE.finditer("<% a %><% b %>")] == ["<% a %>", "<% b %>"]
    assert PLACEHOLDER_RE.search("<% a") is None


def test_has_placeholder() -> None:
    assert has_placeholder("x <% tp.file.title %> y")
    assert has_placeholder("<%* anything %>")
    assert not has_placeholder("no placeholders")
    assert not has_placeholder("<% unterminated")
    assert not has_placeholder("")


def test_find_placeholders() -> None:
    text = 'a <% tp.file.title %> b <%* tR += "x" -%> c <%_ tp.date.now( "YYYY" ) _%>'
    found = find_placeholders(text)
    assert [item[2] for item in found] == ["tp.file.title", 'tR += "x"', 'tp.date.now( "YYYY" )']
    for start, end, _ in found:
        assert text[start : start + 2] == "<%" and text[end - 2 : end] == "%>"
    assert text[found[0][0] : found[0][1]] == "<% tp.file.title %>"
    assert find_placeholders("nothing") == []
    assert find_placeholders("<% open only") == []


# --------------------------------------------------------------------------- moment_format


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("YYYY YY Q", "2024 24 1"),
        ("M MM MMM MMMM", "1 01 Jan January"),
        ("D DD Do DDD DDDD", "5 05 5th 5 005"),
        ("d dd ddd dddd E e", "5 Fr Fri Friday 5 5"),
        ("w ww W WW gggg GGGG", "1 01 1 01 2024 2024"),
        ("H HH h hh k kk", "14 14 2 02 14 14"),
        ("m mm s ss", "7 07 9 09"),
        ("S SS SSS SSSS", "1 12 123 1230"),
        ("A a", "PM pm"),
        ("Mo Qo DDDo do Wo wo", "1st 1st 5th 5th 1st 1st"),
        ("[Week] W [of] YYYY", "Week 1 of 2024"),
        ("[YYYY-MM-DD]", "YYYY-MM-DD"),
        ("[]YYYY", "2024"),
        ("\\YYYY YYYY", "YYYY 2024"),
        ("YYYY/MM/DD T", "2024/01/05 T"),
        ("tbuv", "tbuv"),
        ("MMMMM", "January1"),
        ("DDDDD", "0055"),
        ("YYY", "242024"),
        # "[" is literal; "l" is the locale format M/D/YYYY; then s, e, d are tokens.
        ("[unclosed", "[unc1/5/2024o955"),
        ("", "2024-01-05T14:07:09" + moment_format(NOW, "Z")),
    ],
)
def test_moment_format_tokens(fmt: str, expected: str) -> None:
    assert moment_format(NOW, fmt) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (30, "30th"),
        (31, "31st"),
        (101, "101st"),
        (111, "111th"),
    ],
)
def test_ordinals(day: int, expected: str) -> None:
    # DDDo is the ordinal day of the year, so it covers values above 31 as well.
    assert moment_format(datetime(2024, 1, 1) + timedelta(days=day - 1), "DDDo") == expected
    if day <= 31:
        assert moment_format(datetime(2024, 1, day), "Do") == expected


def test_twelve_and_twenty_four_hour_clocks() -> None:
    midnight = datetime(2024, 1, 5, 0, 5)
    noon = datetime(2024, 1, 5, 12, 0)
    assert moment_format(midnight, "h hh k kk H A a") == "12 12 24 24 0 AM am"
    assert moment_format(noon, "h k H A") == "12 12 12 PM"
    assert moment_format(midnight, "hmm Hmm") == "1205 005"


@pytest.mark.parametrize(
    "day",
    [
        date(2021, 1, 1),
        date(2023, 1, 1),
        date(2024, 12, 29),
        date(2024, 12, 31),
        date(2026, 1, 1),
        date(2020, 12, 31),
        date(2015, 6, 15),
    ],
)
def test_iso_weeks_match_isocalendar(day: date) -> None:
    iso = day.isocalendar()
    dt = datetime.combine(day, datetime.min.time())
    assert moment_format(dt, "GGGG WW E") == f"{iso.year:04d} {iso.week:02d} {iso.weekday}"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2021, 1, 1), "1 2021"),  # week of Sun 27 Dec 2020 contains 1 Jan 2021
        (date(2020, 12, 27), "1 2021"),
        (date(2020, 12, 26), "52 2020"),
        (date(2023, 1, 1), "1 2023"),
        (date(2024, 12, 29), "1 2025"),
        (date(2024, 12, 28), "52 2024"),
    ],
)
def test_locale_weeks(day: date, expected: str) -> None:
    assert moment_format(datetime.combine(day, datetime.min.time()), "w gggg") == expected


def test_unix_timestamps_and_offsets() -> None:
    aware = datetime(2024, 1, 5, 14, 7, 9, 123000, tzinfo=UTC)
    assert moment_format(aware, "X") == str(int(aware.timestamp()))
    assert moment_format(aware, "x") == "1704463629123"
    assert moment_format(aware, "Z ZZ") == "+00:00 +0000"
    india = datetime(2024, 1, 5, 14, 0, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    assert moment_format(india, "Z ZZ") == "+05:30 +0530"
    west = datetime(2024, 1, 5, 14, 0, tzinfo=timezone(timedelta(hours=-3)))
    assert moment_format(west, "Z") == "-03:00"
    assert moment_format(NOW, "X") == str(int(NOW.timestamp()))


def test_moment_format_extreme_dates_do_not_raise() -> None:
    for dt in (datetime.min, datetime.max, datetime(9999, 12, 31, tzinfo=UTC)):
        result = moment_format(dt, "YYYY-MM-DD w gggg W GGGG X x Z")
        assert isinstance(result, str) and result


# --------------------------------------------------------------------------- robustness


def test_large_input_with_many_unbalanced_openers() -> None:
    chunk = "x" * 48 + "<%"
    text = chunk * 100_000
    assert len(text) == 5_000_000
    assert render(text, CTX) == text
    assert not has_placeholder(text)
    assert find_placeholders(text) == []


def test_large_input_other_pathological_shapes() -> None:
    for text in ("<%" * 1_000_000, "<% " + "%" * 2_000_000, "<%" + "a" * 3_000_000):
        assert render(text, CTX) == text


def test_many_placeholders_render() -> None:
    text = "<% tp.file.title %>, " * 50_000
    assert render(text, CTX) == "My Note, " * 50_000


def test_huge_expression_left_intact() -> None:
    text = '<% tp.date.now("' + "Y" * 100_000 + '") %>'
    assert render(text, CTX) == text
    deep = "<% tp.date.now(" * 100 + ")" * 100 + " %>"
    assert render(deep, CTX) == deep


@pytest.mark.parametrize(
    "text",
    [
        '<% tp.date.now("YYYY", 1e400) %>',
        '<% tp.date.now("YYYY", 99999999999999999999) %>',
        '<% tp.date.now("YYYY", "P99999999Y") %>',
        '<% tp.date.now("YYYY", 0, "99999999999", "x") %>',
        '<% tp.date.now("YYYY", 0, "2024", "Z") %>',
        '<% tp.date.now("YYYY", 0, "+99:99", "Z") %>',
        '<% tp.date.now("YYYY", "PT1e999H") %>',
        '<% tp.frontmatter["\\u{110000}"] %>',
        "<% tp.date.now('\\",
        "<% \x00 %>",
    ],
)
def test_weird_arguments_never_raise(text: str) -> None:
    assert isinstance(render(text, CTX), str)


FUZZ_PIECES = [
    "<%",
    "<%*",
    "<%_",
    "<%-",
    "%>",
    "-%>",
    "_%>",
    "tp",
    ".",
    "date",
    "now",
    "file",
    "title",
    "folder",
    "frontmatter",
    "(",
    ")",
    "[",
    "]",
    '"',
    "'",
    ",",
    ";",
    "-1",
    '"P1W"',
    "YYYY",
    "x",
    " ",
    "\n",
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(FUZZ_PIECES),
        max_size=40,
    )
)
def test_fuzz_render_never_raises(parts: list[str]) -> None:
    text = "".join(parts)
    result = render(text, CTX)
    assert isinstance(result, str)
    if not has_placeholder(text):
        assert result == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.datetimes())
def test_fuzz_moment_format_never_raises(fmt: str, dt: datetime) -> None:
    assert isinstance(moment_format(dt, fmt), str)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40), st.text(max_size=30))
def test_fuzz_reference_parsing_never_raises(reference: str, fmt: str) -> None:
    ctx = make_ctx(frontmatter={"ref": reference, "fmt": fmt})
    text = '<% tp.date.now("YYYY-MM-DD", 0, tp.frontmatter.ref, tp.frontmatter.fmt) %>'
    assert isinstance(render(text, ctx), str)


# --------------------------------------------------------------------------- safety


def test_module_never_executes_code_and_is_pure_stdlib() -> None:
    source = Path(templater.__file__).read_text(encoding="utf-8")
    tree = ast.parse(source)
    forbidden_calls = {"eval", "exec", "compile", "__import__"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in forbidden_calls
        if isinstance(node, ast.Import):
            roots = {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            roots = {(node.module or "").split(".")[0]}
        else:
            continue
        assert not roots & {"textual", "rich", "subprocess", "os", "importlib"}
