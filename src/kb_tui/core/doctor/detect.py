"""The doctor's findings, added to what the core reports while reading a vault.

The core reports what parsing sees (frontmatter, mojibake, unresolved links, bad fenced
data). The doctor adds what needs a look at the lines themselves or at the whole vault:
closing fences with an info string, Templater leftovers, duplicate headings that make
``[[doc#heading]]`` ambiguous, and the closest names for an unresolved link. Everything is
one linear pass over text the core already holds, so checking costs little beyond loading.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import chain

from kb_tui.core.links.resolve import LinkIndex
from kb_tui.core.model import Document, KnowledgeBase, Problem, Severity
from kb_tui.core.model.problems import ProblemCode
from kb_tui.core.parse.checks import TEMPLATER_CODE, heading_repeats, text_findings
from kb_tui.core.parse.settings import in_folders, template_folders
from kb_tui.core.parse.wikilink import split_target
from kb_tui.core.text import slugify

HEADING_CODE = ProblemCode.HEADING_DUPLICATE
LINK_CODE = ProblemCode.LINK_UNRESOLVED
MOJIBAKE_CODE = ProblemCode.MOJIBAKE
MAX_SUGGESTIONS = 3
MIN_SIMILARITY = 0.5


def heading_findings(doc: Document, linked: set[str]) -> list[Problem]:
    """Headings whose text repeats in ``doc``; ``linked`` holds slugs some link targets."""
    repeats = doc.repeats if doc.repeats is not None else heading_repeats(doc)
    problems: list[Problem] = []
    for line, title, first, slug in repeats:
        targeted = slug in linked
        message = (
            f"heading {title!r} repeats the one at line {first}: "
            f"[[{doc.path.rsplit('/', 1)[-1][:-3]}#{title}]] is ambiguous"
            + (" and a link targets it" if targeted else "")
        )
        severity: Severity = "warning" if targeted else "info"
        problems.append(Problem(doc.path, line, severity, HEADING_CODE, message))
    return problems


class _Suggester:
    """Closest names by the Dice coefficient of their character trigrams.

    ``difflib.get_close_matches`` over every name costs seconds on a vault with thousands
    of broken links; an inverted trigram index touches only names that share a trigram.
    """

    def __init__(self, names: Iterable[str]) -> None:
        self.names = sorted(names)
        self.sizes = [len(_trigrams(name)) for name in self.names]
        self.index: dict[str, list[int]] = defaultdict(list)
        for number, name in enumerate(self.names):
            for gram in _trigrams(name):
                self.index[gram].append(number)

    def closest(self, wanted: str) -> list[str]:
        grams = _trigrams(wanted)
        index, sizes, need = self.index, self.sizes, len(grams)
        # Shared trigrams per name, counted in C: a vault of a thousand broken links asks
        # this a thousand times, over every name that shares a trigram.
        shared = Counter(chain.from_iterable(index.get(gram, ()) for gram in grams))

        def score(entry: tuple[int, int]) -> tuple[float, int]:
            number, count = entry
            return 2 * count / (need + sizes[number]), -number

        best = heapq.nlargest(MAX_SUGGESTIONS, shared.items(), key=score)
        return [self.names[n] for n, c in best if score((n, c))[0] >= MIN_SIMILARITY]


def _trigrams(text: str) -> set[str]:
    padded = f"  {text} "
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def link_findings(kb: KnowledgeBase) -> list[Problem]:
    """Unresolved links, each with the closest document names as suggestions (the name
    tables are built at the first unresolved link: most vaults have few or none)."""
    index: LinkIndex | None = None
    suggester: _Suggester | None = None
    cache: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for doc in kb.documents:
        for link in doc.links:
            if link.resolved is not None:
                continue
            wanted = _link_name(link.target)
            if wanted not in cache:
                index = index or LinkIndex(kb.documents)
                suggester = suggester or _Suggester(index.by_name)
                close = suggester.closest(wanted)
                cache[wanted] = [index.by_name[name][0] for name in close]
            message = f"link target {link.target!r} matches no document in the vault"
            if cache[wanted]:
                message += "; closest: " + ", ".join(p.removesuffix(".md") for p in cache[wanted])
            problems.append(Problem(doc.path, link.line, "warning", LINK_CODE, message))
    return problems


def _link_name(target: str) -> str:
    name = split_target(target)[0].replace("\\", "/")
    name = name.rsplit("/", 1)[-1]
    return (name[:-3] if name.lower().endswith(".md") else name).lower()


def diagnose(kb: KnowledgeBase) -> list[Problem]:
    """Every finding for ``kb``: the core's problems (unresolved links with suggestions)
    and the doctor's, sorted by file and line."""
    folders = template_folders(kb.root)
    linked: dict[str, set[str]] = defaultdict(set)
    for link in kb.links:
        if link.resolved and link.heading:
            linked[link.resolved].add(slugify(link.heading.split("#")[-1]))
    problems = [p for p in kb.problems if p.code != LINK_CODE]
    problems += link_findings(kb)
    for doc in kb.documents:
        if doc.findings is None:
            problems += text_findings(doc.path, doc.text, template_folders=folders)
        elif folders and in_folders(doc.path, folders):  # templates may hold placeholders
            problems += [p for p in doc.findings if p.code != TEMPLATER_CODE]
        else:
            problems += doc.findings
        problems += heading_findings(doc, linked[doc.path])
    return sort_problems(problems)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """By file, then line; the order found is kept for equal places."""
    return sorted(problems, key=lambda p: (p.path, p.line))
