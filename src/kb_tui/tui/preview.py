"""A plain-text preview of Markdown, drawn while the Markdown widget is still loading.

The first frame must not wait for Textual's Markdown widget (and markdown-it behind it),
so the first section is shown at once in this light form and replaced moments later.
"""

from __future__ import annotations

from rich.text import Text


def preview(markdown: str, max_lines: int = 200) -> Text:
    """Headings bold, code dim, everything else as written (built as ``Text``, never markup)."""
    out = Text()
    in_code = False
    for number, line in enumerate(markdown.split("\n")):
        if number >= max_lines:
            out.append("…\n", style="dim")
            break
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code:
            out.append("    " + line + "\n", style="dim")
        elif stripped.startswith("#"):
            out.append(stripped.lstrip("#").strip() + "\n\n", style="bold")
        else:
            out.append(line.replace("**", "") + "\n")
    return out
