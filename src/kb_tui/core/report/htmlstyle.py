"""The HTML report's stylesheet, inlined so the file stands alone (no external assets).

Status colours come from :mod:`svgchart` so badges, legend and charts agree. Printing keeps
the colours (``print-color-adjust``), hides the disclosure markers of the always-open
``<details>`` and avoids breaking an item across pages.
"""

from __future__ import annotations

from kb_tui.core.report.svgchart import COLOURS

_BADGE_TEXT = {
    "done": "#ffffff",
    "in_progress": "#1a202c",
    "blocked": "#ffffff",
    "todo": "#1a202c",
    "na": "#4a5568",
}

_BASE = """
:root { --ink: #1a202c; --muted: #4a5568; --line: #e2e8f0; --paper: #ffffff; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 32px 48px; color: var(--ink);
  background: var(--paper); line-height: 1.45;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }
h1 { font-size: 1.9em; margin: 0 0 4px; }
h2 { font-size: 1.35em; margin: 32px 0 8px; padding-bottom: 4px;
  border-bottom: 2px solid var(--line); }
h3 { font-size: 1.05em; margin: 18px 0 6px; }
.meta, .stats, .path, .empty { color: var(--muted); margin: 4px 0; }
.path { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  font-size: .85em; }
.filter { background: #fffbea; border: 1px solid #f6e05e; border-radius: 6px;
  padding: 8px 12px; margin: 12px 0; }
.summary { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 28px;
  margin: 16px 0; padding: 16px 20px; border: 1px solid var(--line); border-radius: 10px; }
.big { font-size: 2.6em; font-weight: 700; line-height: 1; }
.big small { display: block; font-size: .32em; font-weight: 400; color: var(--muted); }
.headline { flex: 1 1 420px; }
.headline svg.bar { width: 100%; height: auto; max-width: 600px; display: block; }
.legend { list-style: none; padding: 0; margin: 10px 0 0; display: flex; flex-wrap: wrap;
  gap: 6px 18px; }
.badge { display: inline-block; min-width: 6.2em; padding: 1px 8px; border-radius: 999px;
  font-size: .78em; font-weight: 600; text-align: center; white-space: nowrap;
  border: 1px solid rgba(0, 0, 0, .12); }
figure { margin: 8px 0 12px; }
figcaption { color: var(--muted); font-size: .85em; }
svg.chart { max-width: 100%; height: auto; font-size: 13px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: #1a202c; }
svg text.value { fill: #4a5568; }
details.layer { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0;
  padding: 0 14px 6px; }
details.layer > summary { cursor: pointer; padding: 10px 0; font-weight: 600;
  display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: baseline; }
details.layer > summary .stats { font-weight: 400; font-size: .9em; margin: 0; }
.group { font-weight: 600; color: var(--muted); margin: 12px 0 4px; font-size: .92em; }
ul.items { list-style: none; margin: 0 0 8px; padding: 0; }
li.item { display: grid; grid-template-columns: 7.2em 1fr auto; gap: 2px 10px;
  padding: 3px 0; border-bottom: 1px solid #f1f5f9; break-inside: avoid; }
li.item.st-todo { grid-template-columns: 1.4em 1fr auto; padding: 1px 0; font-size: .95em; }
li.item .mark { color: var(--muted); text-align: center; }
.attention { margin: 8px 0 24px; }
.attention h3 { display: flex; gap: 10px; align-items: center; }
.attention h3 .hint { color: var(--muted); font-weight: 400; font-size: .9em; }
.r-blocked { background: #c53030; color: #ffffff; }
.r-overdue { background: #fff5f5; color: #9b2c2c; border-color: #c53030; }
.r-stale { background: #fefcbf; color: #744210; }
.attention a { color: inherit; }
li.item:target { background: #fffbea; }
li.item .note { grid-column: 2 / 4; color: var(--muted); font-style: italic;
  font-size: .92em; }
.note { white-space: pre-line; overflow-wrap: anywhere; }
li.item .item-text { overflow-wrap: anywhere; }
.owner { color: var(--muted); font-size: .9em; white-space: nowrap; }
.meta { display: flex; flex-wrap: wrap; justify-content: flex-end; gap: 0 10px; }
.due { color: var(--muted); font-size: .9em; white-space: nowrap; }
.due.overdue { color: #c53030; }
li.item.overdue { box-shadow: inset 3px 0 0 #c53030; padding-left: 4px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: .92em; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; overflow-wrap: anywhere; }
th { background: #f7fafc; white-space: nowrap; overflow-wrap: normal; }
td.when { white-space: nowrap; overflow-wrap: normal; }
td.who { white-space: nowrap; }
td.name { overflow-wrap: break-word; min-width: 8em; }
td.note { min-width: 10em; overflow-wrap: break-word; }
details.more > summary { cursor: pointer; color: var(--muted); margin: 4px 0 12px; }
td.num, th.num { text-align: right; white-space: nowrap; }
footer { margin-top: 40px; color: var(--muted); font-size: .85em;
  border-top: 1px solid var(--line); padding-top: 8px; }
@media print {
  body { max-width: none; padding: 0; font-size: 11pt; }
  details.layer { border: none; padding: 0; }
  details.layer > summary { list-style: none; font-size: 1.1em;
    border-bottom: 1px solid var(--line); }
  details.layer > summary::-webkit-details-marker { display: none; }
  h2 { break-after: avoid; }
  .summary, figure, tr { break-inside: avoid; }
}
"""


def stylesheet() -> str:
    """The full CSS: base rules plus one badge colour pair per status."""
    badges = "".join(
        f".s-{status} {{ background: {colour}; color: {_BADGE_TEXT[status]}; }}\n"
        for status, colour in COLOURS.items()
    )
    return _BASE.lstrip("\n") + badges
