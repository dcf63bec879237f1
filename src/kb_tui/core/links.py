"""Resolve wikilinks and relative Markdown links to documents, never outside the vault.

Obsidian's rules: ``[[name]]`` matches a note of that file name anywhere in the vault,
case-insensitively; when several match, the one nearest the linking note wins.
``[[folder/name]]`` matches by path suffix; frontmatter ``aliases`` count as names.
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from urllib.parse import unquote

from kb_tui.core.model import Document, KnowledgeBase, LinkRef, Problem


def _stem(path: str) -> str:
    base = path.rsplit("/", 1)[-1]
    return base[:-3] if base.lower().endswith(".md") else base


class LinkIndex:
    """Lookup tables over a set of documents."""

    def __init__(self, documents: list[Document]) -> None:
        self.by_name: dict[str, list[str]] = defaultdict(list)
        self.by_path: dict[str, str] = {}
        for doc in documents:
            self.by_name[_stem(doc.path).lower()].append(doc.path)
            self.by_path[doc.path.lower()] = doc.path
            aliases = doc.frontmatter.get("aliases") or doc.frontmatter.get("alias")
            if isinstance(aliases, str):
                aliases = [aliases]
            if isinstance(aliases, list):
                for alias in aliases:
                    if isinstance(alias, str) and alias.strip():
                        self.by_name[alias.strip().lower()].append(doc.path)

    def resolve(self, link: LinkRef) -> tuple[str | None, str]:
        """Return (document path or None, heading) for ``link``."""
        if link.kind == "markdown":
            return self._resolve_markdown(link)
        target = link.target.split("|", 1)[0].strip()
        name, _, heading = target.partition("#")
        name = name.strip()
        if not name:
            return link.source, heading
        return self.resolve_name(name, link.source), heading

    def resolve_name(self, name: str, source: str) -> str | None:
        key = name.replace("\\", "/").lower()
        if key.endswith(".md"):
            key = key[:-3]
        if key.startswith("/") or ".." in key.split("/"):
            return None  # absolute or traversing: never leaves the vault
        if "/" in key:
            exact = self.by_path.get(key + ".md")
            if exact:
                return exact
            suffix = "/" + key + ".md"
            matches = [p for lower, p in self.by_path.items() if lower.endswith(suffix)]
        else:
            matches = self.by_name.get(key, [])
        return _nearest(matches, source)

    def _resolve_markdown(self, link: LinkRef) -> tuple[str | None, str]:
        raw, _, heading = link.target.partition("#")
        path = unquote(raw.split("?", 1)[0]).replace("\\", "/")
        if not path or path.startswith("/") or (len(path) > 1 and path[1] == ":"):
            return None, heading
        base = posixpath.dirname(link.source)
        joined = posixpath.normpath(posixpath.join(base, path))
        if joined.startswith("../") or joined == "..":
            return None, heading
        return self.by_path.get(joined.lower()), unquote(heading)


def _nearest(matches: list[str], source: str) -> str | None:
    if not matches:
        return None
    if len(matches) == 1:
        return matches[0]
    source_dirs = source.split("/")[:-1]

    def distance(path: str) -> tuple[int, int, str]:
        dirs = path.split("/")[:-1]
        common = 0
        for a, b in zip(source_dirs, dirs, strict=False):
            if a != b:
                break
            common += 1
        return (-common, len(dirs), path)

    return min(dict.fromkeys(matches), key=distance)


def resolve_links(kb: KnowledgeBase) -> None:
    """Fill in ``resolved`` on every link and report the unresolved ones."""
    index = LinkIndex(kb.documents)
    for doc in kb.documents:
        for link in doc.links:
            link.resolved, link.heading = index.resolve(link)
            if link.resolved is None:
                kb.problems.append(
                    Problem(
                        doc.path,
                        link.line,
                        "warning",
                        "link-unresolved",
                        f"link target {link.target!r} matches no document in the vault",
                    )
                )
