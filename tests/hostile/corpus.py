"""A corpus of hostile and broken vault files, each exercising one attack or defect.

Small files are listed in :data:`SMALL` (name → bytes, expected problem code or ``None``);
big ones (10,000-deep lists, 100,000 headings, a 5 MB line) and file-system oddities (FIFOs,
symlink loops, a link to ``/dev/zero``) are made by :func:`build` at test time in a temp
folder, so nothing large or unportable is committed. ``python -m tests.hostile.corpus DIR``
writes the whole corpus to DIR for manual runs (``kb-tui DIR``, ``kb-tui check DIR``).
"""

from __future__ import annotations

import codecs
import os
import sys
from dataclasses import dataclass
from pathlib import Path

# Unique markers: if any of these bytes reach a terminal, a document's escape got through.
OSC52 = "\x1b]52;c;aGk=\x07"  # clipboard write of "hi"
OSC0 = "\x1b]0;PWNED-TITLE\x07"  # window title
OSC8 = "\x1b]8;;https://evil.example/PWNED\x1b\\click\x1b]8;;\x1b\\"  # hyperlink
CLEAR = "\x1b[2J\x1b[3J\x1b[HPWNED-CLEAR"
C1 = "\x9b2J\x9d0;PWNED-C1\x9c"  # 8-bit CSI / OSC / ST
BIDI = "\u202eevil\u202c\u2066x\u2069"
TERMINAL = OSC52 + OSC0 + OSC8 + CLEAR + C1 + BIDI
# Byte strings that must never appear in anything kb-tui writes: each is a document's
# escape sequence with its unique payload (Textual emits CSI sequences of its own).
FORBIDDEN_BYTES = (
    b"\x1b]52;c;aGk=",
    b"\x1b]0;PWNED",
    b"\x1b]8;;https://evil.example",
    b"\x1b[2J\x1b[3J\x1b[HPWNED",
    b"\xc2\x9b2J",
    b"\xc2\x9d0;PWNED",
    "\u202eevil".encode(),
)
# A YAML double-quoted title that decodes to the same escapes (\e is ESC in YAML).
YAML_TERMINAL = "\\e]52;c;aGk=\\a \\e]0;PWNED-TITLE\\a \\e[2J\\e[3J\\e[HPWNED-CLEAR \\u202eevil"
MARKUP = "[bold red]Boom[/] [/] [link=file:///etc/passwd]pw[/link] [@click=app.quit]quit[/]"

BILLION_LAUGHS = (
    "---\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
    "---\n# Laughs\n- still read\n"
)


# An ELF-like header and random-looking bytes: a binary file named .md.
BINARY = b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + bytes((n * 7919) % 256 for n in range(8192))


@dataclass(frozen=True)
class Case:
    name: str
    data: bytes
    problem: str | None = None  # a problem code the file must produce, if any
    item: str | None = None  # an item text that must still be read


def _u(text: str) -> bytes:
    return text.encode("utf-8")


SMALL: tuple[Case, ...] = (
    # -- frontmatter --------------------------------------------------------------------
    Case(
        "fm-unclosed.md",
        _u("---\ntitle: x\n# Unclosed\n- fm item\n"),
        "frontmatter-unclosed",
        "fm item",
    ),
    Case(
        "fm-invalid.md",
        _u("---\ntitle: [unclosed\n---\n- after bad yaml\n"),
        "frontmatter-invalid",
        "after bad yaml",
    ),
    Case(
        "fm-list.md", _u("---\n- a\n- b\n---\n- after list\n"), "frontmatter-invalid", "after list"
    ),
    Case(
        "fm-scalar.md",
        _u("---\njust a string\n---\n- after scalar\n"),
        "frontmatter-invalid",
        "after scalar",
    ),
    Case(
        "fm-python-object.md",
        _u("---\nx: !!python/object/apply:os.system ['touch PWNED-YAML']\n---\n- py tag\n"),
        "frontmatter-invalid",
        "py tag",
    ),
    Case(
        "fm-python-name.md",
        _u("---\nx: !!python/name:os.system\n---\n- py name\n"),
        "frontmatter-invalid",
        "py name",
    ),
    Case("fm-billion-laughs.md", _u(BILLION_LAUGHS), "frontmatter-invalid", "still read"),
    Case(
        "fm-recursive-alias.md",
        _u("---\na: &a [*a, *a]\nb: &b {k: *b}\n---\n- recursive\n"),
        "frontmatter-invalid",
        "recursive",
    ),
    Case(
        "fm-bad-date.md",
        _u("---\ndate: 2024-13-45\ncreated: 2024-02-30T25:61:00\n---\n- bad date\n"),
        None,
        "bad date",
    ),
    Case(
        "fm-nonstring-keys.md",
        _u("---\n1: one\nnull: nothing\ntrue: yes\n2024-01-01: day\n3.5: float\n---\n- odd keys\n"),
        None,
        "odd keys",
    ),
    Case(
        "fm-unhashable-key.md",
        _u("---\n? [x, y]\n: list key\n---\n- list key\n"),
        "frontmatter-invalid",
        "list key",
    ),
    Case(
        "fm-library-keys.md",
        _u("---\ncontent: c\nhandler: h\nmetadata: m\nfd: 3\ntext: t\n---\n- library keys\n"),
        None,
        "library keys",
    ),
    Case(
        "fm-templater.md",
        _u(
            '---\ncreated: <% tp.date.now("YYYY-MM-DD: HH:mm") %>\n'
            'title: "<% tp.file.title %>"\nquote: \'<% "it\'s" %>\'\n'
            '---\n- templater: <% tp.system.prompt("x") %>\n'
            '<%* await app.vault.delete(tp.file.find_tfile("x")) %>\n'
        ),
        None,
        None,
    ),
    Case(
        "fm-core-template.md",
        _u(
            "---\ndate: {{date}}\ntitle: {{title}}\ntime: '{{time}}'\n"
            "---\n# {{title}}\n- made {{date:YYYY-MM-DD}}\n"
        ),
        None,
        None,
    ),
    # -- encodings ----------------------------------------------------------------------
    Case(
        "enc-latin1.md",
        "# Caf\xe9 cr\xe8me\n- cr\xe8me br\xfbl\xe9e\n".encode("latin-1"),
        "encoding",
        None,
    ),
    Case(
        "enc-utf16.md",
        codecs.BOM_UTF16_LE
        + "---\ntitle: Sixteen\n---\n# Sixteen\n- utf16 item\n".encode("utf-16-le"),
        None,
        "utf16 item",
    ),
    Case(
        "enc-utf8-bom.md",
        codecs.BOM_UTF8 + _u("---\ntitle: Bom title\n---\n- bom item\n"),
        None,
        "bom item",
    ),
    Case(
        "enc-crlf.md",
        _u("---\r\ntitle: Crlf\r\n---\r\n# H\r\n- crlf item\r\n  - sub\r\n"),
        None,
        "sub",
    ),
    Case(
        "enc-nul.md",
        _u("# N\x00ul heading\n" + "- item with a N\x00UL\n" + "text " * 100),
        None,
        None,
    ),
    Case("enc-binary.md", BINARY, "binary", None),
    # -- structure (small) --------------------------------------------------------------
    Case(
        "struct-unclosed-fence.md",
        _u("# Fence\n```python\nimport os\nos.system('touch PWNED-PY')\n- not an item\n"),
        None,
        None,
    ),
    Case(
        "struct-bad-python.md",
        _u("```python\ndef broken(:\n    pass\n```\n- after\n"),
        "fence-invalid",
        "after",
    ),
    Case(
        "struct-huge-number.md",
        _u("---\nn: 0x" + "f" * 4000 + "\n---\n# Huge\n\n- after the number\n"),
        "frontmatter-invalid",
        "after the number",
    ),
    Case(
        "struct-mermaid-garbage.md",
        _u(
            "```mermaid\ngraph TD\n A-->>>[[[((( \n subgraph\n end end\n click A call "
            "alert(1)\n %%{init: {'securityLevel':'loose'}}%%\n B[\"\x1b]0;PWNED-TITLE\x07\"]\n"
            "```\n- after mermaid\n"
        ),
        None,
        "after mermaid",
    ),
    Case(
        "struct-headings.md",
        _u(
            "# Dup\n# Dup\n## 🎯🎯\n## \u200b\u200b\n## \u200d\nSetext\n======\nSub\n---\n"
            "####### seven\n#nospace\n#    #\n### closing ###\n# \\# escaped\n"
            "- under headings\n"
        ),
        None,
        "under headings",
    ),
    # -- terminal and markup attacks ----------------------------------------------------
    Case(
        "term-everywhere.md",
        _u(
            f'---\ntitle: "T {YAML_TERMINAL}"\ntags: ["{YAML_TERMINAL}"]\n'
            f"---\n# Heading {TERMINAL}\n\nBody {TERMINAL}\n\n- item {TERMINAL}\n"
            f'- `code {TERMINAL}`\n\n```yaml\nkey: "{TERMINAL}"\n```\n\n    indented {OSC52}\n'
        ),
        None,
        None,
    ),
    Case(
        "term-frontmatter-raw.md",
        _u(f"---\ntitle: T {TERMINAL}\n---\n- raw fm item\n"),
        "frontmatter-invalid",
        "raw fm item",
    ),
    Case(
        "markup.md",
        _u(
            f'---\ntitle: "{MARKUP}"\n---\n# {MARKUP}\n\n{MARKUP}\n\n- {MARKUP}\n'
            f"- [/]\n- [link=file:///etc/passwd]x[/link]\n- [@click=app.quit]q[/]\n"
        ),
        None,
        None,
    ),
    # -- links --------------------------------------------------------------------------
    Case(
        "links.md",
        _u(
            "# Links\n[[../../outside-secret]] [[../outside-secret.md]] [[/etc/passwd]]\n"
            "[[C:\\Windows\\win.ini]] [[%2e%2e/outside-secret]]\n"
            "[a](../outside-secret.md) [b](/etc/passwd.md) [c](%2e%2e/outside-secret.md)\n"
            "[d](..%2Foutside-secret.md) [e](C:\\Windows\\x.md) [f](\\\\server\\share\\x.md)\n"
            "[js](javascript:alert(1)) [file](file:///etc/passwd) "
            "[data](data:text/html,<script>alert(1)</script>)\n"
            "[smb](smb://host/share) [ssh](ssh://host) [custom](x-custom:payload) "
            "[vb](vbscript:msgbox) [ok](https://example.com)\n\n- link item\n"
        ),
        None,
        "link item",
    ),
)


def build(root: Path, *, big: bool = True, fs: bool = True, headings: int = 100_000) -> list[Case]:
    """Write the corpus under ``root`` (created); returns the cases written as files."""
    root.mkdir(parents=True, exist_ok=True)
    (root.parent / "outside-secret.md").write_text("# Secret\n- outside item\n")
    cases = list(SMALL)
    if big:
        cases += [
            Case(
                "big-deep-list.md",
                _u("- " * 10_000 + "deep\n- shallow\n"),
                "list-too-deep",
                "shallow",
            ),
            Case(
                "big-deep-quote.md",
                _u("> " * 10_000 + "deep\n\n- after quote\n"),
                None,
                "after quote",
            ),
            Case(
                "big-deep-mixed.md",
                _u("> - " * 5_000 + "x\n\n- after mixed\n"),
                None,
                "after mixed",
            ),
            Case("big-headings.md", _u("".join(f"## h{n}\n" for n in range(headings))), None, None),
            Case(
                "big-long-line.md",
                _u("a" * 5_000_000 + "\n- after long line\n"),
                "line-too-long",
                "after long line",
            ),
            Case(
                "big-brackets.md",
                _u(
                    "[" * 30_000
                    + "](" * 30_000
                    + "\n\n"
                    + "[[" * 20_000
                    + "\n\n"
                    + "![" * 20_000
                    + "\n\n"
                    + "*_" * 20_000
                    + "\n\n- after brackets\n"
                ),
                None,
                "after brackets",
            ),
        ]
    for case in cases:
        (root / case.name).write_bytes(case.data)
    # File names carrying terminal escapes, markup and a newline (every command prints names).
    (root / f"name {OSC0} {MARKUP.replace('/', '∕')}.md").write_text("- named item\n")
    (root / f"evil{OSC0}{CLEAR}.md").write_text("# Evil\n## T\n- Rotate keys\n- shared item\n")
    (root / "new\nline PWNED-NL.md").write_text("- shared item\n- newline item\n")
    (root / "good.md").write_text("# Good\n## Layer\n- good item one\n- good item two\n")
    if fs and hasattr(os, "mkfifo"):
        os.mkfifo(root / "fifo.md")
        os.symlink("self-loop.md", root / "self-loop.md")
        os.symlink("loop-b.md", root / "loop-a.md")
        os.symlink("loop-a.md", root / "loop-b.md")
        os.symlink(".", root / "dir-loop")
        os.symlink("/dev/zero", root / "zero.md")
        os.symlink("../outside-secret.md", root / "outside-link.md")
        os.symlink(str(root.parent), root / "outside-dir")
        os.symlink("missing-target.md", root / "dangling.md")
    return cases


# -- links under .kb-tui: each case makes a vault whose store area points out of it -----------
STORE_LINKS = ("history", "dangling-history", "store", "lock", "kb-tui-folder", "backup-folder")


def build_store_link(case: str, vault: Path, victim: Path) -> Path:
    """A small vault whose ``.kb-tui`` holds the link ``case`` into ``victim`` (a folder).

    Returns the path of what the link points at: nothing kb-tui does may change it.
    """
    vault.mkdir(parents=True)
    victim.mkdir(parents=True, exist_ok=True)
    (vault / f"evil{OSC0}.md").write_text(
        "# P\n\n## T\n\n- Rotate keys\n\n```text\nx\n```text\n\n- after\n"
    )
    store = vault / ".kb-tui"
    target = victim / "fake_bashrc"
    target.write_text("# a shell start-up file\n")
    if case == "kb-tui-folder":
        store.symlink_to(victim, target_is_directory=True)
        return target
    store.mkdir()
    if case == "history":
        (store / "history.jsonl").symlink_to(target)
    elif case == "dangling-history":
        target = victim / "created-by-kb-tui"
        (store / "history.jsonl").symlink_to(target)
    elif case == "store":
        (store / "status.yaml").symlink_to(target)
    elif case == "lock":
        (store / "status.yaml.lock").symlink_to(target)
    elif case == "backup-folder":
        (store / "backup").symlink_to(victim, target_is_directory=True)
    else:
        raise ValueError(case)
    return target


if __name__ == "__main__":  # pragma: no cover - manual use
    build(Path(sys.argv[1]))
