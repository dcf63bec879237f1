"""An import inside a function is there only to keep start-up fast, and says so (issue 14):
the line before it (or the import itself) carries a comment giving the reason.

Cycles are checked by ``lint-imports`` (pyproject.toml), which counts these imports too.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "kb_tui"


def _explained(lines: list[str], lineno: int) -> bool:
    if "#" in lines[lineno - 1]:
        return True
    k = lineno - 2
    while k >= 0:
        text = lines[k].strip()
        if text.startswith(("from ", "import ", ")")) or not text or text.endswith(","):
            k -= 1
            continue
        return text.startswith("#")
    return False


def unexplained_lazy_imports() -> list[str]:
    found = []
    for module in sorted(SRC.rglob("*.py")):
        lines = module.read_text(encoding="utf-8").split("\n")
        for fn in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(fn):
                if isinstance(node, ast.Import | ast.ImportFrom) and not _explained(
                    lines, node.lineno
                ):
                    found.append(f"{module.relative_to(SRC)}:{node.lineno}")
    return sorted(set(found))


def test_every_import_inside_a_function_says_why() -> None:
    assert unexplained_lazy_imports() == []
