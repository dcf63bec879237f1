"""The headless command line, run as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import env_for, run_cli
from helpers.paths import OPS_KB


def test_version_and_help() -> None:
    assert run_cli("--version").stdout.strip() == "kb-tui 0.1.0"
    out = run_cli("--help").stdout
    for word in ("tree", "export", "mark", "check"):
        assert word in out


def test_usage_error_is_one_line_exit_2(tmp_path: Path) -> None:
    result = run_cli("export", "--format", "pdf", env=env_for(tmp_path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_missing_path_is_exit_1(tmp_path: Path) -> None:
    result = run_cli("tree", str(tmp_path / "nope"), env=env_for(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("kb-tui: no such file or folder")


def test_export_default_is_the_bundled_sample(tmp_path: Path) -> None:
    result = run_cli("export", "--format", "json", env=env_for(tmp_path))
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["schema"] == "kb-tui/report@1"
    assert report["summary"]["items"] == 135
    doc = report["documents"][0]

    def count(sections: list[dict]) -> int:  # type: ignore[type-arg]
        return sum(1 + count(s["sections"]) for s in sections)

    assert count(doc["sections"]) == 28
    titles = [s["title"] for s in doc["sections"][0]["sections"]]
    assert titles[1] == "🎯 Architecture Framework"
    assert doc["frontmatter"]["created"] != '<% tp.date.now("YYYY-MM-DD") %>'
    assert len(report["links"]) == 4 and report["links"][0]["resolved"] is None


def test_kb_tui_path_environment_variable(tmp_path: Path, sample_copy: Path) -> None:
    result = run_cli(
        "export", "--format", "json", env=env_for(tmp_path, KB_TUI_PATH=str(sample_copy.parent))
    )
    assert json.loads(result.stdout)["root"] == str(sample_copy.parent.resolve())


def test_mark_in_one_process_seen_by_export_in_another(tmp_path: Path, sample_copy: Path) -> None:
    env = env_for(tmp_path)
    vault = str(sample_copy.parent)
    marked = run_cli(
        "mark", vault, "Capacity planning", "done", "--note", "sized", "--owner", "ana", env=env
    )
    assert marked.returncode == 0, marked.stderr
    report = json.loads(run_cli("export", vault, "--format", "json", env=env).stdout)
    assert report["summary"]["done"] == 1
    store = (sample_copy.parent / ".kb-tui" / "status.yaml").read_text()
    assert "capacity-planning" in store and "status: done" in store and 'owner: "ana"' in store


def test_mark_on_bundled_sample_uses_state_dir(tmp_path: Path) -> None:
    env = env_for(tmp_path)
    assert run_cli("mark", "Capacity planning", "in-progress", env=env).returncode == 0
    stores = list((tmp_path / "state").rglob("status.yaml"))
    assert len(stores) == 1
    report = json.loads(run_cli("export", "--format", "json", env=env).stdout)
    assert report["summary"]["in_progress"] == 1


def test_mark_ambiguous_or_unknown_lists_candidates(tmp_path: Path, sample_copy: Path) -> None:
    env = env_for(tmp_path)
    result = run_cli("mark", str(sample_copy.parent), "Monitoring", "done", env=env)
    assert result.returncode == 1
    assert "2 items match" in result.stderr
    result = run_cli("mark", str(sample_copy.parent), "planning", "done", env=env)
    assert result.returncode == 1
    assert "capacity-planning" in result.stderr
    result = run_cli("mark", str(sample_copy.parent), "Capacity planning", "finished", env=env)
    assert result.returncode == 1 and "unknown status" in result.stderr


def test_mark_refuses_broken_store(tmp_path: Path, sample_copy: Path) -> None:
    store = sample_copy.parent / ".kb-tui" / "status.yaml"
    store.parent.mkdir()
    store.write_text("items: [broken\n")
    result = run_cli(
        "mark", str(sample_copy.parent), "Capacity planning", "done", env=env_for(tmp_path)
    )
    assert result.returncode == 1
    assert str(store) in result.stderr
    assert store.read_text() == "items: [broken\n"


def test_tree_shows_progress_and_glyphs(tmp_path: Path, sample_copy: Path) -> None:
    env = env_for(tmp_path)
    run_cli("mark", str(sample_copy), "Capacity planning", "done", env=env)
    out = run_cli("tree", str(sample_copy), env=env).stdout
    assert "## 💻 Compute Infrastructure" in out
    assert "1/22 4%" in out
    assert "● Capacity planning" in out


def test_check_reports_and_exit_status(tmp_path: Path, make_vault) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"ok.md": "# A\n- [[gone]]\n", "bad.md": "---\n: [\n---\n# B\n"})
    result = run_cli("check", str(root), env=env_for(tmp_path))
    assert result.returncode == 1
    assert "bad.md:2: error: [frontmatter-invalid]" in result.stdout
    assert "ok.md:2: warning: [link-unresolved]" in result.stdout
    clean = make_vault({"ok.md": "# fine\n"})
    (root / "bad.md").unlink()
    assert run_cli("check", str(clean), env=env_for(tmp_path)).returncode == 0


def test_headless_commands_never_import_textual(tmp_path: Path) -> None:
    code = (
        "import sys\nfrom kb_tui.cli import main\nimport kb_tui.core, kb_tui.core.report.build\n"
        "main(['export', '--format', 'json', '-o', {!r}])\n"
        "main(['check'])\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print('LOADED:' + ','.join(bad))\n"
    ).format(str(tmp_path / "r.json"))
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env_for(tmp_path),
        check=False,
    )
    assert "LOADED:\n" in result.stdout, result.stdout + result.stderr


@pytest.mark.skipif(not OPS_KB.is_dir(), reason="../shared/vaults/ops-kb not present")
def test_ops_kb_vault_exports_every_document(tmp_path: Path) -> None:
    out = tmp_path / "ops.json"
    result = run_cli(
        "export",
        "--format",
        "json",
        str(OPS_KB),
        "-o",
        str(out),
        "--store",
        str(tmp_path / "s.yaml"),
        env=env_for(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(out.read_text())
    assert len(report["documents"]) == 723
    assert report["problems"]
    links = {(x["source"], x["target"]): x["resolved"] for x in report["links"]}
    assert links[("infrastructure/infrastructure-architecture.md", "network-design")] == (
        "infrastructure/network-design.md"
    )


# -- in-process -----------------------------------------------------------------------------
def test_no_watch_option(monkeypatch, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from kb_tui.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("KB_TUI_NO_WATCH", "")
    assert main(["--", "--no-watch"]) == 1  # after "--" it is a path
    assert "no such file or folder: --no-watch" in capsys.readouterr().err
    assert os.environ["KB_TUI_NO_WATCH"] == ""
    assert main(["--no-watch", str(tmp_path / "missing")]) == 1
    assert "no such file or folder" in capsys.readouterr().err
    assert os.environ["KB_TUI_NO_WATCH"] == "1"  # read by the app
