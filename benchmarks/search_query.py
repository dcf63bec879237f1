"""Search a vault from the shell and time it: ``python benchmarks/search_query.py PATH QUERY…``.

Prints each hit (path:line, where, snippet) and how long indexing and the query took.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from kb_tui.core.query.search import SearchIndex
from kb_tui.core.text import clean


def main(argv: list[str] | None = None, out: Callable[[str], object] = print) -> int:
    """``python benchmarks/search_query.py PATH QUERY…``: print the hits, one per line."""
    from pathlib import Path

    from kb_tui.core.workspace.load import load_kb

    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2:
        out("usage: python benchmarks/search_query.py PATH QUERY…")
        return 2
    kb = load_kb(Path(args[0]))
    started = time.perf_counter()
    index = SearchIndex.build(kb)
    built = time.perf_counter() - started
    result = index.search(" ".join(args[1:]))
    for hit in result.hits:
        where = " › ".join((clean(hit.document.title), *map(clean, hit.path)))
        out(f"{clean(hit.document.path)}:{hit.line}  {where}  | {hit.snippet}")
    out(
        f"{result.summary()} · {len(index)} sections indexed in {built * 1000:.0f} ms · "
        f"query {result.seconds * 1000:.1f} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
