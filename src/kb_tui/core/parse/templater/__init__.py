"""Display-only interpretation of Obsidian Templater placeholders.

The Templater plugin lets notes contain ``<% ... %>`` tags that it evaluates as
JavaScript.  kb-tui never runs any code: this package recognises a small, fixed set of
side-effect-free expressions (dates, file metadata and frontmatter look-ups) with a tiny
hand-written tokenizer and parser, and substitutes their values purely for display.
Everything else - ``<%* ... %>`` execution blocks, ``tp.system``/``tp.user``/``tp.web``
calls, arbitrary JavaScript - is left in the text exactly as written.

Supported expressions::

    tp.date.now(format?, offset?, reference?, reference_format?)
    tp.date.tomorrow(format?)            tp.date.yesterday(format?)
    tp.date.weekday(format, weekday, reference?, reference_format?)
    tp.file.title                        tp.file.folder   tp.file.folder(relative?)
    tp.file.creation_date(format?)       tp.file.last_modified_date(format?)
    tp.frontmatter.key                   tp.frontmatter["key"]   (also .a.b / [0])

Date formats use moment.js 2.31 tokens (English locale, weeks starting on Sunday for the
locale-aware ``w``/``gggg`` tokens and ``tp.date.weekday``, ISO weeks for ``W``/``GGGG``,
the locale formats ``L`` ... ``LTS`` and the eras ``N``/``y``), see :func:`moment_format`;
``tests/golden/moment/`` holds the table from real moment.js they are tested against.
Reference dates are parsed with the same forgiving algorithm as ``moment(string, format)``.

Modules, from the entry point down:

* :mod:`.rendering` - finds placeholders and substitutes the interpretable ones;
* :mod:`.expressions` - tokenizes and parses one expression (nothing is executed);
* :mod:`.evaluation` - the meaning of each supported ``tp.*`` call;
* :mod:`.durations` - ``tp.date.now`` offsets with ``moment.duration`` semantics;
* :mod:`.moment_formatting` / :mod:`.moment_parsing` - moment.js format and parse;
* :mod:`.moment_locale` - moment's long date formats (``LL`` ...) and eras;
* :mod:`.calendar_math` - English names and moment's week numbering;
* :mod:`.context` - :class:`TemplaterContext`.

Only the standard library is used.  Public functions never raise and run in time linear
in the size of their input.
"""

from __future__ import annotations

from kb_tui.core.parse.templater.context import TemplaterContext
from kb_tui.core.parse.templater.moment_formatting import moment_format
from kb_tui.core.parse.templater.rendering import (
    PLACEHOLDER_RE,
    find_placeholders,
    has_placeholder,
    render,
)

__all__ = [
    "PLACEHOLDER_RE",
    "TemplaterContext",
    "find_placeholders",
    "has_placeholder",
    "moment_format",
    "render",
]
