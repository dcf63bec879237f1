"""Resolve wikilinks and relative Markdown links to documents, never outside the vault.

Every lookup is in a table of the vault's own documents, so no link can reach a file
outside the root. The rules, as Obsidian applies them (names compare case-insensitively,
Unicode-normalised; a trailing ``.md`` is ignored; ``[[a|alias]]`` and ``[[a\\|alias]]`` in
a table link to ``a``; ``![[a]]`` embeds resolve like ``[[a]]``):

1. ``[[#Heading]]`` (empty name) is the linking document itself.
2. ``[[./x]]``, ``[[../x]]``: relative to the linking document's folder only.
3. ``[[/x/y]]``: the path from the vault root only.
4. ``[[x/y]]``: the path from the vault root if it exists, else any document whose path
   ends in ``/x/y``, the nearest one winning (below).
5. ``[[name]]``: any document whose file name is ``name``, the nearest one winning; only
   when no file has that name, a document listing it in its frontmatter ``aliases`` (or
   ``alias``; a list or a string), again the nearest.
6. ``[text](path.md#Heading)`` (URL-encoded, ``%20`` etc.): relative to the linking
   document's folder, as on GitHub; ``/path.md`` is from the vault root. When that file does
   not exist and the path does not start with ``./`` or ``../``, the link is resolved like
   the wikilink ``[[path]]`` (Obsidian writes "shortest path" Markdown links that way).

**Nearest**, for several candidates: the one sharing the most leading folders with the
linking document (so the same folder beats everything), then the one fewest folders below
that shared part, then the lowest path in case-folded code-point order. The same link from
the same document therefore always resolves to the same target.

The part after the first ``#`` picks a heading, a heading path or a block id in the target
(see :mod:`kb_tui.core.links.anchors`); when the target lacks it, the link still opens the
document (as Obsidian does) and a ``link-heading-missing`` / ``link-block-missing`` warning
is reported. A link that matches no document is a ``link-unresolved`` warning.
"""

from __future__ import annotations

import posixpath
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from kb_tui.core.links.anchors import Anchor, DocAnchors
from kb_tui.core.links.attachments import Attachments, looks_like_attachment
from kb_tui.core.model import Document, KnowledgeBase, LinkRef, Problem
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.parse.wikilink import split_target

UNRESOLVED = ProblemCode.LINK_UNRESOLVED
HEADING_MISSING = ProblemCode.LINK_HEADING_MISSING
BLOCK_MISSING = ProblemCode.LINK_BLOCK_MISSING
MAX_MEMO = 200_000  # remembered (name, folder) answers


def _key(text: str) -> str:
    """How names and paths compare: NFC-normalised and case-folded."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFC", text).casefold()


def _stem(path: str) -> str:
    base = path.rsplit("/", 1)[-1]
    return base[:-3] if base.lower().endswith(".md") else base


def _strip_md(path: str) -> str:
    return path[:-3] if path.lower().endswith(".md") else path


@dataclass(frozen=True)
class LinkTarget:
    """What a link points to: a document ``path`` (``None``: unresolved), the raw
    ``fragment`` after ``#``, and the ``anchor`` inside the document."""

    path: str | None
    fragment: str
    anchor: Anchor | None = None


def split_wikilink(target: str) -> tuple[str, str]:
    """(name, fragment) of a wikilink target: alias dropped, ``\\|`` (tables) honoured
    (the one rule: :mod:`kb_tui.core.parse.wikilink`)."""
    return split_target(target)


class LinkIndex:
    """Lookup tables over a set of documents: names, paths, aliases and anchors."""

    def __init__(self, documents: list[Document], root: Path | None = None) -> None:
        self._root = root
        self._attachments: Attachments | None = None
        self.documents: dict[str, Document] = {doc.path: doc for doc in documents}
        self.by_path: dict[str, str] = {}  # key of the path → path
        self.by_stem: dict[str, list[str]] = defaultdict(list)
        self.by_alias: dict[str, list[str]] = defaultdict(list)
        self.by_name: dict[str, list[str]] = defaultdict(list)  # stems and aliases
        self._anchors: dict[str, DocAnchors] = {}
        self._memo: dict[tuple[str, str], str | None] = {}
        for doc in documents:
            self.by_path[_key(doc.path)] = doc.path
            stem = _key(_stem(doc.path))
            self.by_stem[stem].append(doc.path)
            self.by_name[stem].append(doc.path)
            for alias in doc_aliases(doc):
                self.by_alias[_key(alias)].append(doc.path)
                self.by_name[_key(alias)].append(doc.path)

    @property
    def root(self) -> Path | None:
        """The vault root; with one, links to attachments (``[[x.pdf]]``) resolve too."""
        return self._root

    @root.setter
    def root(self, root: Path | None) -> None:
        self._root, self._attachments = root, None
        self._memo.clear()

    # -- resolving -------------------------------------------------------------------------
    def resolve(self, link: LinkRef) -> tuple[str | None, str]:
        """Return (document path or None, fragment) for ``link``."""
        found = self.locate(link, anchor=False)
        return found.path, found.fragment

    def locate(self, link: LinkRef, anchor: bool = True) -> LinkTarget:
        """The document ``link`` points to and, with ``anchor``, the place inside it."""
        if link.kind == "markdown":
            path, fragment = self._resolve_markdown(link)
        else:
            name, fragment = split_wikilink(link.target)
            path = self.resolve_name(name, link.source) if name else link.source
            if path is not None and path not in self.documents and not name:
                path = None  # a source that is not one of our documents
        if path is None or not anchor:
            return LinkTarget(path, fragment)
        return LinkTarget(path, fragment, self.anchor(path, fragment))

    def resolve_name(self, name: str, source: str) -> str | None:
        """The document (or, with a root, attachment) a wikilink name (``x``, ``a/x``,
        ``../a/x``, ``/a/x``) points to."""
        name = name.replace("\\", "/").strip()
        memo_key = (name, posixpath.dirname(source))  # the answer depends on the folder only
        if memo_key in self._memo:
            return self._memo[memo_key]
        found = self._document(name, source)
        if found is None and self.root is not None and looks_like_attachment(name):
            found = self._attachment(name, source)
        if len(self._memo) < MAX_MEMO:
            self._memo[memo_key] = found
        return found

    def _document(self, name: str, source: str) -> str | None:
        if name.startswith(("./", "../")) or name in (".", ".."):
            folder = posixpath.dirname(source)
            joined = posixpath.normpath(posixpath.join(folder, name))
            if joined == ".." or joined.startswith("../"):
                return None  # outside the vault
            return self._exact(joined)
        if name.startswith("/"):
            return self._exact(posixpath.normpath(name.lstrip("/")))
        key = _key(_strip_md(name))
        if "/" not in key:
            matches = self.by_stem.get(key) or self.by_alias.get(key, [])
            return nearest(matches, source)
        name = posixpath.normpath(name)
        if name == ".." or name.startswith("../"):
            return None
        key = _key(_strip_md(name))
        exact = self._exact(name)
        if exact is not None:
            return exact
        stem = key.rsplit("/", 1)[-1]
        suffix = "/" + key + ".md"
        matches = [p for p in self.by_stem.get(stem, []) if _key(p).endswith(suffix)]
        return nearest(matches, source)

    def _attachment(self, name: str, source: str) -> str | None:
        if self._attachments is None:
            assert self.root is not None
            self._attachments = Attachments(self.root)
        files = self._attachments
        if name.startswith(("./", "../", "/")):
            base = "" if name.startswith("/") else posixpath.dirname(source)
            joined = posixpath.normpath(posixpath.join(base, name.lstrip("/")))
            if joined == ".." or joined.startswith("../"):
                return None
            return files.exact(joined)
        name = posixpath.normpath(name)
        if name == ".." or name.startswith("../"):
            return None
        return files.exact(name) or nearest(files.named(name), source)

    def _exact(self, path: str) -> str | None:
        if path in ("", ".") or path.startswith("../"):
            return None
        return self.by_path.get(_key(_strip_md(path) + ".md"))

    def _resolve_markdown(self, link: LinkRef) -> tuple[str | None, str]:
        raw, _, fragment = link.target.partition("#")
        path = unquote(raw.split("?", 1)[0]).replace("\\", "/").strip()
        fragment = unquote(fragment)
        if not path:
            return link.source, fragment
        if len(path) > 1 and path[1] == ":":
            return None, fragment  # a Windows drive path
        if path.startswith("/"):
            return self._exact(posixpath.normpath(path.lstrip("/"))), fragment
        folder = posixpath.dirname(link.source)
        joined = posixpath.normpath(posixpath.join(folder, path))
        if joined == ".." or joined.startswith("../"):
            return None, fragment  # outside the vault
        found = self._exact(joined)
        if found is None and not path.startswith(("./", "../")):
            found = self.resolve_name(path, link.source)
        return found, fragment

    # -- anchors ---------------------------------------------------------------------------
    def anchors(self, path: str) -> DocAnchors:
        """The heading and block tables of the document at ``path`` (built once)."""
        tables = self._anchors.get(path)
        if tables is None:
            tables = self._anchors[path] = DocAnchors(self.documents[path])
        return tables

    def anchor(self, path: str, fragment: str) -> Anchor:
        """Where ``fragment`` points in the document at ``path``."""
        if not fragment.strip() or path not in self.documents:
            return Anchor("document", True, None, 1)
        return self.anchors(path).resolve(fragment)


def doc_aliases(doc: Document) -> list[str]:
    """The document's frontmatter ``aliases`` (or ``alias``): a list or a single string."""
    raw = doc.frontmatter.get("aliases")
    if raw is None:
        raw = doc.frontmatter.get("alias")
    if isinstance(raw, str):
        raw = raw.split(",")  # Obsidian's older "a, b" form
    if not isinstance(raw, list):
        return []
    return [alias.strip() for alias in raw if isinstance(alias, str) and alias.strip()]


def nearest(matches: list[str], source: str) -> str | None:
    """The candidate nearest ``source`` (see the module docstring); deterministic."""
    if not matches:
        return None
    if len(matches) == 1:
        return matches[0]
    source_dirs = source.split("/")[:-1]

    def distance(path: str) -> tuple[int, int, str, str]:
        dirs = path.split("/")[:-1]
        common = 0
        for a, b in zip(source_dirs, dirs, strict=False):
            if a != b:
                break
            common += 1
        return (-common, len(dirs) - common, _key(path), path)

    return min(dict.fromkeys(matches), key=distance)


def describe_link(link: LinkRef) -> str:
    """The link as the user wrote it, for messages."""
    if link.kind == "markdown":
        return f"({link.target})"
    return f"{'!' if link.kind == 'embed' else ''}[[{link.target}]]"


def resolve_links(kb: KnowledgeBase) -> LinkIndex:
    """Fill in ``resolved`` and ``heading`` on every link; report unresolved links and
    fragments naming a heading or block the target lacks. Returns the index it used."""
    index = LinkIndex(kb.documents, root=kb.root)
    for doc in kb.documents:
        for link in doc.links:
            found = index.locate(link)
            link.resolved, link.heading = found.path, found.fragment
            problem = link_problem(link, found)
            if problem is not None:
                kb.problems.append(problem)
    return index


def link_problem(link: LinkRef, found: LinkTarget) -> Problem | None:
    """The problem with one located link, if any."""
    if found.path is None:
        return Problem(
            link.source,
            link.line,
            "warning",
            UNRESOLVED,
            f"link target {link.target!r} matches no document in the vault",
        )
    anchor = found.anchor
    if anchor is None or anchor.found:
        return None
    what = "block" if anchor.kind == "block" else "heading"
    shown = found.fragment.strip()
    return Problem(
        link.source,
        link.line,
        "warning",
        BLOCK_MISSING if what == "block" else HEADING_MISSING,
        f"link {describe_link(link)}: {found.path} has no {what} {shown!r}; "
        "the link opens the document at its top",
    )
