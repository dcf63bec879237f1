"""The knowledge base as an indented text tree, for ``kb-tui tree``."""

from __future__ import annotations

from collections.abc import Iterator

from kb_tui.core.model import Group, Item, KnowledgeBase, Section, iter_items, section_items
from kb_tui.core.model.due import OVERDUE_GLYPH, count_overdue, due_text, is_overdue, today
from kb_tui.core.model.progress import GLYPHS, Summary, bar, summarize
from kb_tui.core.text import clean


def _progress(summary: Summary) -> str:
    return f"{bar(summary.done, summary.applicable, 8)} {summary.label()}"


def _nodes(nodes: list[Group | Item], depth: int) -> Iterator[str]:
    day = today()
    stack: list[tuple[list[Group | Item], int, int]] = [(nodes, depth, 0)]
    while stack:
        batch, level, index = stack.pop()
        while index < len(batch):
            node = batch[index]
            index += 1
            pad = "  " * level
            if isinstance(node, Item):
                owner = f"  @{node.owner}" if node.owner else ""
                note = "  ✎" if node.note else ""
                due = f"  {due_text(node.due, node.status, day)}" if node.due else ""
                late = f"{OVERDUE_GLYPH} " if is_overdue(node.status, node.due, day) else ""
                yield f"{pad}{GLYPHS[node.status]} {late}{node.text}{owner}{note}{due}"
            else:
                yield f"{pad}▸ {node.title}  {_progress(summarize(iter_items(node.children)))}"
                stack.append((batch, level, index))
                stack.append((node.children, level + 1, 0))
                break


def _section(section: Section, depth: int) -> Iterator[str]:
    marker = "#" * section.level
    summary = summarize(section_items(section))
    yield f"{'  ' * depth}{marker} {section.title}  {_progress(summary)}"
    yield from _nodes(section.children, depth + 1)
    for sub in section.sections:
        yield from _section(sub, depth + 1)


def render_tree(kb: KnowledgeBase) -> Iterator[str]:
    """Lines of the tree: documents, sections, groups and items with progress."""
    total = summarize(kb.iter_items())
    overdue = count_overdue(kb.iter_items())
    yield f"{kb.name}  {_progress(total)}" + (f"  {overdue:,} overdue" if overdue else "")
    for doc in kb.documents:
        yield f"📄 {clean(doc.path)} — {doc.title}  {_progress(summarize(doc.iter_items()))}"
        yield from _nodes(doc.preamble, 1)
        for section in doc.sections:
            yield from _section(section, 1)
    if kb.orphans:
        yield f"Orphaned statuses ({len(kb.orphans)})"
        for orphan in kb.orphans:
            yield f"  {GLYPHS.get(orphan.status, '?')} {orphan.id}"
