"""Hostile and broken vaults (tests/hostile/corpus.py) through the real command line:
``kb-tui check``/``export``/``tree`` run as subprocesses over the whole corpus, and their output
is searched for any of the documents' escape sequences (in-process: tests/unit/test_hostile.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import assert_clean_output, env_for
from hostile.corpus import build


@pytest.fixture(scope="module")
def cli_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus with 2,000 headings instead of 100,000 (exporting those is slow, not unsafe)."""
    root = tmp_path_factory.mktemp("hostile-cli") / "vault"
    build(root, headings=2_000)
    return root


@pytest.mark.parametrize(
    "args",
    [
        ("check",),
        ("export", "--format", "json"),
        ("export", "--format", "md"),
        ("export", "--format", "html"),
        ("tree",),
    ],
    ids=lambda a: "-".join(a),
)
def test_cli_over_corpus(cli_corpus: Path, tmp_path: Path, args: tuple[str, ...]) -> None:
    root = cli_corpus
    command = [sys.executable, "-m", "kb_tui", args[0], str(root), *args[1:]]
    result = subprocess.run(
        command, capture_output=True, timeout=120, env=env_for(tmp_path), check=False
    )
    assert result.returncode in (0, 1), result.stderr.decode(errors="replace")
    assert_clean_output(result.stdout)
    assert_clean_output(result.stderr)
    if args[0] == "check":
        out = result.stdout.decode()
        assert result.returncode == 1  # the corpus holds errors
        for name in ("fifo.md", "zero.md", "self-loop.md", "enc-binary.md", "fm-list.md"):
            assert f"{name}" in out
        assert ", 0 error(s)," not in out
    if args[:3] == ("export", "--format", "json"):
        report = json.loads(result.stdout)
        docs = {d["path"]: d for d in report["documents"]}
        assert "good.md" in docs
        assert not any("\x1b" in json.dumps(d, ensure_ascii=False) for d in docs.values())
