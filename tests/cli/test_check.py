"""``kb-tui check`` (in-process, ``kb_tui.cli.headless.main``): findings grouped by file with a
summary, JSON and ``--code``, usage errors; every broken link with its file and line.

What the doctor detects: tests/unit/test_doctor.py; backlinks: tests/unit/test_backlinks.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.paths import DOCTOR_FIXTURES
from kb_tui.cli.headless import main

MakeVault = Callable[[dict[str, str | bytes]], Path]
BROKEN_FENCE = (DOCTOR_FIXTURES / "broken.md").read_text()


def test_check_groups_by_file_with_summary(make_vault, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"broken.md": BROKEN_FENCE, "ok.md": "# ok\n"})
    assert main(["check", str(root), "--store", str(tmp_path / "s.yaml")]) == 1
    out = capsys.readouterr().out
    assert "== broken.md (2 problems)" in out
    assert "broken.md:7: error: [fence-info-on-close]" in out
    assert "    repair: ```" in out
    assert "fence-info-on-close            1 error  (kb-tui fix --code fence-info-on-close)" in out
    # the note is read as the repaired file will be, and check says so (issue 15 #10)
    assert (
        "broken.md:7: info: [fence-repaired-in-memory] read with 1 broken fence repaired in "
        "memory, as kb-tui fix repairs the file (fence-info-on-close): its items are the "
        "repaired file's; --strict-commonmark reads it as written"
    ) in out
    assert "  fence-repaired-in-memory       1 info\n" in out
    assert out.rstrip().endswith("2 document(s), 1 error(s), 0 warning(s), 1 info")
    assert main(["check", str(root), "--strict-commonmark", "--store", str(tmp_path / "s")]) == 1
    strict = capsys.readouterr().out
    assert "== broken.md (1 problem)" in strict and "fence-repaired-in-memory" not in strict


def test_check_json_and_code_filter(make_vault, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"broken.md": BROKEN_FENCE, "l.md": "[[gone]]\n"})
    store = str(tmp_path / "s.yaml")
    assert main(["check", str(root), "--format", "json", "--store", store]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["schema"] == "kb-tui/check@1"
    assert report["summary"]["by_code"] == {
        "fence-info-on-close": 1,
        "fence-repaired-in-memory": 1,
        "link-unresolved": 1,
    }
    fence = next(p for p in report["problems"] if p["code"] == "fence-info-on-close")
    assert fence["repair"] == "```"
    assert main(["check", str(root), "--code", "link-unresolved", "--store", store]) == 0
    out = capsys.readouterr().out
    assert "fence-info-on-close" not in out and "[link-unresolved]" in out


def test_check_unknown_code_is_a_usage_error(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["check", "--code", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("kb-tui: error: check: unknown code 'nope'") and err.count("\n") == 1


# -- broken links ----------------------------------------------------------------------------
BROKEN = """# Broken

- [[gone]] and [[Gone Too|shown]]
- ![[vanished]]

> [[quoted missing]]

| a | b |
|---|---|
| [[in table]] | [x](nowhere.md) |

[[t#Nope]] [[t#^nope]] [[t#Here]]
"""


def test_check_lists_every_broken_link_with_file_and_line(
    make_vault: MakeVault, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = make_vault({"notes/broken.md": BROKEN, "t.md": "## Here\n"})
    store = str(tmp_path / "s.yaml")
    assert main(["check", str(root), "--store", store]) == 0  # warnings only
    out = capsys.readouterr().out
    for line, target in (
        (3, "'gone'"),
        (3, "'Gone Too'"),
        (4, "'vanished'"),
        (6, "'quoted missing'"),
        (10, "'in table'"),
        (10, "'nowhere.md'"),
    ):
        expected = f"notes/broken.md:{line}: warning: [link-unresolved] link target {target}"
        assert expected in out
    assert "notes/broken.md:12: warning: [link-heading-missing] link [[t#Nope]]" in out
    assert "notes/broken.md:12: warning: [link-block-missing] link [[t#^nope]]" in out
    assert re.search(r"\n  link-unresolved +6 warning\n", out)

    assert main(["check", str(root), "--format", "json", "--store", store]) == 0
    report = json.loads(capsys.readouterr().out)
    broken = [(p["line"], p["code"]) for p in report["problems"] if p["code"].startswith("link")]
    assert sorted(broken) == [
        (3, "link-unresolved"),
        (3, "link-unresolved"),
        (4, "link-unresolved"),
        (6, "link-unresolved"),
        (10, "link-unresolved"),
        (10, "link-unresolved"),
        (12, "link-block-missing"),
        (12, "link-heading-missing"),
    ]
    assert main(["check", str(root), "--code", "link-heading-missing", "--store", store]) == 0
    out = capsys.readouterr().out
    assert "[link-heading-missing]" in out and "[link-unresolved]" not in out
