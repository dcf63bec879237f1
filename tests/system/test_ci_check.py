"""``examples/ci-check.sh``, the CI gate docs/team.md shows, run as a CI job runs it: with
bash, on a vault whose statuses were set with the real ``kb-tui mark``, through the real
``kb-tui`` (found by the script via ``KB_TUI``).

Skips only when bash is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.paths import REPO, SAMPLE
from helpers.tmux import binary

BASH = shutil.which("bash")
SCRIPT = REPO / "examples" / "ci-check.sh"
WORKFLOW = REPO / "examples" / "github-actions.yml"
pytestmark = pytest.mark.skipif(BASH is None, reason="bash is not installed")

# The sample's items marked done before the gate runs (the first ones in document order).
MARKED = 5


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment of a CI job: the venv's kb-tui, a private state folder, none of the
    script's own variables unless given."""
    env = dict(os.environ)
    for name in ("KB_TUI_PATH", "KB_TUI_VAULT", "KB_TUI_FAIL_UNDER", "KB_TUI_REPORT_DIR"):
        env.pop(name, None)
    env.update(KB_TUI=binary(), XDG_STATE_HOME=str(tmp_path / "state"), KB_TUI_USER="ci", **extra)
    return env


def _kb_tui(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [binary(), *args], capture_output=True, text=True, env=env, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return result


def _check(
    env: dict[str, str], *args: str, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    assert BASH is not None
    return subprocess.run(
        [BASH, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def _item_ids(part: dict[str, Any]) -> Iterator[str]:
    """The IDs of a report's document or section's items, in document order."""
    for item in part["items"]:
        yield item["id"]
    for child in part["sections"]:
        yield from _item_ids(child)


def _summary(env: dict[str, str], vault: Path) -> dict[str, Any]:
    """The summary ``kb-tui export --format json`` gives, run on its own."""
    report = json.loads(_kb_tui(env, "export", str(vault), "--format", "json").stdout)
    summary: dict[str, Any] = report["summary"]
    return summary


def _shown(summary: dict[str, Any]) -> str:
    """The one-line summary the script prints: JSON's percent done and the counts."""
    applicable = summary["items"] - summary["na"]
    return f"{summary['percent_done']:g}% done ({summary['done']} of {applicable} items)"


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A copy of the sample in a vault folder whose name has a space, with MARKED items done."""
    root = tmp_path / "team vault"
    root.mkdir()
    shutil.copyfile(SAMPLE, root / SAMPLE.name)
    env = _env(tmp_path)
    report = json.loads(_kb_tui(env, "export", str(root), "--format", "json").stdout)
    ids = [item_id for doc in report["documents"] for item_id in _item_ids(doc)]
    for item_id in ids[:MARKED]:
        _kb_tui(env, "mark", str(root), item_id, "done")
    return root


@pytest.mark.parametrize(("threshold", "expected"), [("0", 0), ("100", 1)])
def test_gate_exit_status_and_reports(
    vault: Path, tmp_path: Path, threshold: str, expected: int
) -> None:
    env = _env(tmp_path)
    summary = _summary(env, vault)
    assert summary["done"] == MARKED
    out = tmp_path / "kb tui report"

    result = _check(env, str(vault), threshold, str(out))

    assert result.returncode == expected, result.stderr
    # The HTML report is kept whether the gate passed or not, and shows the same progress as
    # the JSON summary: the counts, and percent done rounded down to a whole percent.
    html = (out / "report.html").read_text(encoding="utf-8")
    applicable = summary["items"] - summary["na"]
    assert f"{summary['done']} of {applicable} done" in html
    whole = int(summary["percent_done"])
    assert re.search(rf"(?<![\d.]){whole}% done", html)
    # The JSON report for machines says what kb-tui export --format json says.
    written = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert written["summary"] == summary
    # One line on stdout: percent done, the counts, the verdict and where the report is.
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    assert _shown(summary) in lines[0]
    assert ("passed" if expected == 0 else "FAILED") in lines[0]
    assert str(out / "report.html") in lines[0]
    if expected == 1:
        assert "below --fail-under 100" in result.stderr
        assert "ci-check:" not in result.stderr
    else:
        assert result.stderr == ""


def test_defaults_run_in_the_vault_without_running_anything_from_it(
    vault: Path, tmp_path: Path
) -> None:
    """No arguments, as a job in the vault's repository runs it: VAULT is ., the threshold
    comes from KB_TUI_FAIL_UNDER, the reports go to ./kb-tui-report. A ``json.py`` planted
    in the vault is not imported by the summary's python3."""
    planted = tmp_path / "planted"
    (vault / "json.py").write_text(
        f"open({str(planted)!r}, 'w').write('ran')\nraise SystemExit(3)\n", encoding="utf-8"
    )
    env = _env(tmp_path, KB_TUI_FAIL_UNDER="100")

    result = _check(env, cwd=vault)

    assert result.returncode == 1, result.stderr
    assert not planted.exists()
    assert (vault / "kb-tui-report" / "report.html").is_file()
    assert (vault / "kb-tui-report" / "report.json").is_file()
    assert _shown(_summary(env, vault)) in result.stdout


@pytest.mark.parametrize(("threshold", "expected"), [("25", 0), ("25.1", 1)])
def test_at_the_threshold_passes(tmp_path: Path, threshold: str, expected: int) -> None:
    """1 of 4 items done is exactly 25%: a threshold of 25 passes, 25.1 does not."""
    root = tmp_path / "v"
    root.mkdir()
    (root / "d.md").write_text("# Four\n- one\n- two\n- three\n- four\n", encoding="utf-8")
    env = _env(tmp_path)
    _kb_tui(env, "mark", str(root), "two", "done")

    result = _check(env, str(root), threshold, str(tmp_path / "out"))

    assert result.returncode == expected, result.stderr
    assert "25% done (1 of 4 items)" in result.stdout
    assert (tmp_path / "out" / "report.html").is_file()


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("missing vault", "no such file or folder"),
        ("store with merge conflict markers", "merge conflict markers"),
        ("bad threshold", "not a percentage"),
        ("no kb-tui", "kb-tui not found"),
    ],
)
def test_kb_tui_failing_exits_2_and_leaves_no_stale_report(
    vault: Path, tmp_path: Path, case: str, message: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "report.html").write_text("an earlier run's report", encoding="utf-8")
    (out / "report.json").write_text("{}", encoding="utf-8")
    env = _env(tmp_path)
    target, threshold = str(vault), "0"
    if case == "missing vault":
        target = str(tmp_path / "no such vault")
    elif case.startswith("store"):
        # What a careless merge leaves: kb-tui exits 1 as the gate does, but it is no gate result.
        with (vault / ".kb-tui" / "status.yaml").open("a", encoding="utf-8") as store:
            store.write("<<<<<<< HEAD\n")
    elif case == "bad threshold":
        threshold = "abc"
    else:
        env["KB_TUI"] = str(tmp_path / "no-kb-tui")

    result = _check(env, target, threshold, str(out))

    assert result.returncode == 2
    assert message in result.stderr
    assert "ci-check:" in result.stderr
    assert result.stdout == ""
    assert not (out / "report.html").exists()
    assert not (out / "report.json").exists()


def _workflow() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """examples/github-actions.yml: the workflow, its one step running ci-check.sh and its
    one upload step."""
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    steps = job["steps"]
    gates = [s for s in steps if "ci-check.sh" in s.get("run", "")]
    uploads = [s for s in steps if str(s.get("uses", "")).startswith("actions/upload-artifact")]
    assert len(gates) == 1 and len(uploads) == 1
    assert steps.index(uploads[0]) > steps.index(gates[0])
    return workflow, gates[0], uploads[0]


def test_the_workflow_runs_on_push_and_keeps_the_report_always() -> None:
    workflow, _, upload = _workflow()
    # YAML 1.1 reads the key ``on`` as True.
    assert "push" in workflow.get("on", workflow.get(True))
    # Kept when the gate step failed too.
    assert upload["if"] == "always()"


def test_the_workflow_gate_step_writes_what_the_upload_step_keeps(
    vault: Path, tmp_path: Path
) -> None:
    """The gate step's command, run by bash at the root of the vault's repository with the
    script copied where the workflow's comment says: it fails the job (the sample is far below
    the workflow's threshold) and leaves both reports in the folder the upload step keeps."""
    _, gate, upload = _workflow()
    (vault / "ci").mkdir()
    shutil.copyfile(SCRIPT, vault / "ci" / "ci-check.sh")
    env = _env(tmp_path, **gate.get("env", {}))
    assert BASH is not None

    result = subprocess.run(
        [BASH, "-c", gate["run"]],
        capture_output=True,
        text=True,
        env=env,
        cwd=vault,
        timeout=300,
        check=False,
    )

    assert result.returncode == 1, result.stderr
    kept = vault / upload["with"]["path"]
    assert {p.name for p in kept.iterdir()} == {"report.html", "report.json"}
