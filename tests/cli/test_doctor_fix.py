"""``kb-tui fix``: previews, backups, undo, refusals; the ops-kb vault end to end (the repairs
themselves: tests/unit/test_repair.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.paths import DOCTOR_FIXTURES, OPS_KB, SAMPLE
from kb_tui.cli.headless import main
from kb_tui.core.doctor.repair import plan_bytes, plan_repairs
from kb_tui.core.limits import Limits
from kb_tui.core.workspace.load import load_kb

BROKEN = (DOCTOR_FIXTURES / "broken.md").read_bytes()


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The headless commands in a subprocess (``kb-tui fix`` without the cli.py dispatch)."""
    code = "import sys\nfrom kb_tui.cli.headless import main\nsys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_sample_mojibake_fix_turns_headings_into_emoji(sample_copy: Path) -> None:
    before = sample_copy.read_bytes()
    assert main(["fix", str(sample_copy.parent), "--code", "mojibake", "--write"]) == 0
    after = sample_copy.read_bytes()
    changed = [
        (a, b) for a, b in zip(before.split(b"\n"), after.split(b"\n"), strict=True) if a != b
    ]
    assert len(changed) == 11
    assert all(a.startswith(b"## ") and b.startswith(b"## ") for a, b in changed)
    assert "## 🎯 Architecture Framework".encode() in after
    titles = [s.title for s in load_kb(sample_copy).documents[0].iter_sections()]
    assert "🎯 Architecture Framework" in titles


def test_preview_prints_a_diff_and_changes_nothing(make_vault, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"broken.md": BROKEN})
    assert main(["fix", str(root)]) == 0
    captured = capsys.readouterr()
    assert "--- a/broken.md\n+++ b/broken.md\n" in captured.out
    assert "\n-```text\n+```\n" in captured.out and "\x1b[" not in captured.out
    assert "1 repair(s) in 1 file" in captured.err and "--write" in captured.err
    assert (root / "broken.md").read_bytes() == BROKEN
    assert not (root / ".kb-tui").exists()


def test_write_backs_up_and_undo_restores(make_vault, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"broken.md": BROKEN, "sub/t.md": b"~~~yaml\na: 1\n~~~text\n\n# H\n"})
    assert main(["fix", str(root), "--write"]) == 0
    out = capsys.readouterr().out
    assert "fixed broken.md: 1 line(s)" in out and "undo with: kb-tui fix --undo" in out
    (backup,) = (root / ".kb-tui" / "backup").iterdir()
    assert (backup / "sub" / "t.md").read_bytes() == b"~~~yaml\na: 1\n~~~text\n\n# H\n"
    manifest = json.loads((backup / "manifest.json").read_text())
    assert [(f["path"], f["status"], f["lines"]) for f in manifest["files"]] == [
        ("broken.md", "written", [7]),
        ("sub/t.md", "written", [3]),
    ]
    assert b"```text" not in (root / "broken.md").read_bytes()
    assert main(["check", str(root), "--code", "fence-info-on-close"]) == 0
    capsys.readouterr()
    assert main(["fix", str(root), "--undo"]) == 0
    assert (root / "broken.md").read_bytes() == BROKEN
    assert json.loads((backup / "manifest.json").read_text())["undone"]
    assert main(["fix", str(root), "--undo"]) == 1
    assert "already undone" in capsys.readouterr().err


def test_undo_refuses_a_file_edited_after_the_fix(make_vault, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"broken.md": BROKEN})
    assert main(["fix", str(root), "--write"]) == 0
    (root / "broken.md").write_bytes(b"edited by hand\n")
    assert main(["fix", str(root), "--undo"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "broken.md changed since the repair" in err
    assert (root / "broken.md").read_bytes() == b"edited by hand\n"


def test_nothing_to_fix_and_usage_errors(make_vault, capsys) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"ok.md": "# fine\n"})
    assert main(["fix", str(root), "--write"]) == 0
    assert "nothing to fix" in capsys.readouterr().out
    assert main(["fix", str(root), "--code", "link-unresolved"]) == 2
    assert "unknown code 'link-unresolved'" in capsys.readouterr().err
    assert main(["fix", str(root), "--write", "--undo"]) == 2  # argparse's exit, returned
    assert "not allowed with" in capsys.readouterr().err
    assert main(["fix", str(root), "--undo"]) == 1


def test_bundled_sample_is_never_written(capsys) -> None:  # type: ignore[no-untyped-def]
    # The sample as installed (inside the package, or data/ in an editable install), not
    # the checkout's data/ folder, which is an ordinary folder in a regular install.
    from kb_tui.resources import sample_path

    bundled = sample_path()
    before = bundled.read_bytes()
    assert main(["fix", str(bundled), "--write"]) == 1
    assert "read-only" in capsys.readouterr().err
    assert bundled.read_bytes() == before


def test_statuses_survive_a_repair(make_vault, capsys) -> None:  # type: ignore[no-untyped-def]
    broken = "🎯".encode().decode("mac_roman")
    text = BROKEN.decode() + f"\n## {broken} Later\n- Keep me\n"
    root = make_vault({"broken.md": text})
    assert main(["mark", str(root), "Keep me", "done"]) == 0
    items_before = {i.id for i in load_kb(root).iter_items()}
    strict = {i.id for i in load_kb(root, limits=Limits(strict_commonmark=True)).iter_items()}
    assert main(["fix", str(root), "--write"]) == 0
    items_after = {i.id for i in load_kb(root).iter_items()}
    assert "🎯 Later".encode() in (root / "broken.md").read_bytes()
    assert "broken.md#broken/later/keep-me" in items_before & items_after
    # the swallowed section reappears; read as the repaired file, it was there all along
    assert any("architecture-layers" in i for i in items_after - strict)
    assert items_before == items_after
    capsys.readouterr()
    assert main(["export", str(root), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["done"] == 1


def test_fix_runs_as_a_subprocess_with_one_line_errors(tmp_path: Path) -> None:
    result = cli("fix", str(tmp_path / "missing"))
    assert result.returncode == 1 and result.stderr.startswith("kb-tui: no such file")


@pytest.mark.slow
@pytest.mark.skipif(not OPS_KB.is_dir(), reason="../shared/vaults/ops-kb not present")
def test_ops_kb_repaired_on_a_copy(tmp_path: Path) -> None:
    copy = tmp_path / "ops-kb"
    original = tmp_path / "orig"
    shutil.copytree(OPS_KB, copy)
    shutil.copytree(OPS_KB, original)
    plan = plan_repairs(copy)
    assert len(plan.files) == 340 and plan.changes >= 2500
    assert {c.problem.code for f in plan.files for c in f.changes} == {"fence-info-on-close"}
    result = cli("fix", str(copy), "--write")
    assert result.returncode == 0, result.stderr
    assert not plan_repairs(copy, ["fence-info-on-close"]).files
    doc = next(
        d
        for d in load_kb(copy / "infrastructure").documents
        if d.path == "infrastructure-architecture.md"
    )
    assert sum(1 for _ in doc.iter_sections()) == 28
    sample = load_kb(SAMPLE).documents[0]
    assert [i.id for i in doc.iter_items()] == [i.id for i in sample.iter_items()]
    assert len(list(doc.iter_items())) == 135
    for file_plan in plan.files:  # only fence lines changed
        old = (original / file_plan.rel_path).read_bytes().splitlines(keepends=True)
        new = (copy / file_plan.rel_path).read_bytes().splitlines(keepends=True)
        assert len(old) == len(new)
        diff = [(a, b) for a, b in zip(old, new, strict=True) if a != b]
        assert diff and all(b.strip().strip(b"`~") == b"" for _a, b in diff)
    assert cli("fix", str(copy), "--undo").returncode == 0
    for path in original.rglob("*"):
        if path.is_file():
            assert (copy / path.relative_to(original)).read_bytes() == path.read_bytes()


def test_diff_is_coloured_only_when_asked(tmp_path: Path) -> None:
    from kb_tui.core.doctor.diff import render_diff

    plan = plan_bytes("x.md", tmp_path / "x.md", BROKEN)
    assert "\x1b[" not in render_diff(plan)
    coloured = render_diff(plan, color=True)
    assert "\x1b[31m-```text\x1b[0m" in coloured and "\x1b[32m+```\x1b[0m" in coloured
