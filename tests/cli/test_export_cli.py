"""``kb-tui export``: formats, filters, the ``--fail-under`` gate and the progress bar."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.cli import run_cli
from kb_tui import cli
from kb_tui.core.report.export import format_for


def env_for(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("KB_TUI_PATH", None)
    env.update(XDG_STATE_HOME=str(tmp_path / "state"), KB_TUI_USER="tester")
    return env


@pytest.fixture
def marked(tmp_path: Path, sample_copy: Path) -> tuple[Path, dict[str, str]]:
    """The issue's acceptance vault: the sample plus a ``<script>`` item, one done, one blocked."""
    with sample_copy.open("a", encoding="utf-8") as handle:
        handle.write("\n## Hostile\n\n- `<script>alert(1)</script>`\n")
    env = env_for(tmp_path)
    vault = sample_copy.parent
    done = run_cli(
        "mark", str(vault), "Capacity planning", "done", "--note", "sized for 2027", env=env
    )
    blocked = run_cli(
        "mark", str(vault), "Firewalls", "blocked", "--note", "vendor late", "--owner", "bob",
        env=env,
    )  # fmt: skip
    assert done.returncode == 0 and blocked.returncode == 0, done.stderr + blocked.stderr
    return vault, env


def test_all_formats_with_output_files(marked: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    vault, env = marked
    out = tmp_path / "out"
    out.mkdir()
    for suffix in ("md", "html", "csv", "json"):
        result = run_cli("export", str(vault), "-o", str(out / f"r.{suffix}"), env=env)
        assert result.returncode == 0 and result.stdout == "" and result.stderr == ""
    assert sorted(p.name for p in out.iterdir()) == ["r.csv", "r.html", "r.json", "r.md"]
    md = (out / "r.md").read_text()
    assert "- [x] Capacity planning — note: sized for 2027" in md
    assert "**Firewalls**" in md and "vendor late" in md
    html = (out / "r.html").read_text()
    assert '<svg class="chart"' in html and "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    rows = list(csv.reader(io.StringIO((out / "r.csv").read_text(), newline="")))
    assert len(rows) == 1 + 136
    assert all(not cell or cell[0] not in "=+-@\t\r" for row in rows for cell in row)
    assert json.loads((out / "r.json").read_text())["summary"]["done"] == 1


def test_status_filter_gives_just_the_blocked_row(marked: tuple[Path, dict[str, str]]) -> None:
    vault, env = marked
    result = run_cli("export", str(vault), "--status", "blocked", "-f", "csv", "-o", "-", env=env)
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
    assert len(rows) == 2 and rows[1][2] == "Firewalls" and rows[1][4] == "blocked"
    md = run_cli("export", str(vault), "--status", "blocked", "-o", "-", env=env).stdout
    assert "**Filtered:** status blocked" in md
    assert [line for line in md.splitlines() if line.startswith("- [")] == [
        "- [h] Firewalls — owner: bob — note: vendor late"
    ]


def test_status_aliases_and_usage_errors(marked: tuple[Path, dict[str, str]]) -> None:
    vault, env = marked
    result = run_cli("export", str(vault), "--status", "in-progress,done", "-f", "json", env=env)
    report = json.loads(result.stdout)
    assert report["summary"]["items"] == 1 and report["summary"]["filtered"] is True
    assert report["filter"] == "status in progress, done"
    for bad in (["--status", "finished"], ["--fail-under", "101"], ["--fail-under", "x"]):
        result = run_cli("export", str(vault), *bad, env=env)
        assert result.returncode == 2, bad
        assert len(result.stderr.strip().splitlines()) == 1 and "kb-tui: error:" in result.stderr


def test_fail_under_gate(marked: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    vault, env = marked
    report = tmp_path / "gate.md"
    result = run_cli("export", str(vault), "-o", str(report), "--fail-under", "50", env=env)
    assert result.returncode == 1
    assert report.is_file(), "the report is written before the gate fails"
    assert result.stderr.splitlines() == [
        "kb-tui: <1% done (1 of 136 items), below --fail-under 50"
    ]
    result = run_cli("export", str(vault), "-o", str(report), "--fail-under", "0.5", env=env)
    assert result.returncode == 0 and result.stderr == ""
    filtered = run_cli(
        "export", str(vault), "--status", "done", "-o", "-", "--fail-under", "100", env=env
    )
    assert filtered.returncode == 0, filtered.stderr
    filtered = run_cli(
        "export", str(vault), "--status", "blocked", "-o", "-", "--fail-under", "1", env=env
    )
    assert filtered.returncode == 1 and "(0 of 1 items, filtered)" in filtered.stderr


def test_doc_and_owner_filters(make_vault, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({"a.md": "# A\n\n- one\n- two\n", "sub/b.md": "# B\n\n- three\n"})
    env = env_for(tmp_path)
    assert run_cli("mark", str(root), "two", "done", "--owner", "Ana", env=env).returncode == 0

    def items(*args: str) -> list[str]:
        out = run_cli("export", str(root), "-f", "csv", *args, env=env)
        assert out.returncode == 0, out.stderr
        return [row[2] for row in list(csv.reader(io.StringIO(out.stdout, newline="")))[1:]]

    assert items() == ["one", "two", "three"]
    assert items("--doc", "sub/*") == ["three"]
    assert items("--doc", "b.md") == ["three"]
    assert items("--doc", "*.md") == ["one", "two", "three"]
    assert items("--owner", "ana") == ["two"]
    assert items("--owner", "@ana", "--status", "todo") == []


def test_default_format_is_markdown_to_stdout(tmp_path: Path) -> None:
    result = run_cli("export", "--title", "Weekly | status", env=env_for(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "# Weekly \\| status"  # after the report marker
    assert format_for("-", None) == "md" and format_for(None, None) == "md"
    assert format_for("x.HTML", None) == "html" and format_for("x.htm", None) == "html"
    assert format_for("x.markdown", None) == "md" and format_for("x.txt", None) == "md"
    assert format_for("x.csv", "json") == "json"


def test_write_errors_are_one_line(tmp_path: Path) -> None:
    result = run_cli("export", "-o", str(tmp_path / "missing" / "r.md"), env=env_for(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("kb-tui: cannot write ") and result.stderr.count("\n") == 1


def test_output_replaced_atomically(tmp_path: Path) -> None:
    target = tmp_path / "r.csv"
    target.write_text("old")
    target.chmod(0o640)
    assert run_cli("export", "-o", str(target), env=env_for(tmp_path)).returncode == 0
    assert target.read_text().startswith("document,section path,")
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(("files", "tty", "shown"), [(201, True, True), (201, False, False),
                                                      (20, True, False)])  # fmt: skip
def test_progress_bar_on_a_terminal_for_large_vaults(
    make_vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: int, tty: bool, shown: bool
) -> None:  # type: ignore[no-untyped-def]
    root = make_vault({f"n{i:03}.md": f"# N{i}\n\n- item {i}\n" for i in range(files)})
    stderr = _Tty() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    out = tmp_path / "r.json"
    code = cli.main(["export", str(root), "-o", str(out), "--store", str(tmp_path / "s.yaml")])
    assert code == 0
    assert json.loads(out.read_text())["summary"]["items"] == files
    text = stderr.getvalue()
    if shown:
        assert f"\rkb-tui: reading {files}/{files} files " in text and "100%" in text
        assert text.endswith("\r") and "\n" not in text
    else:
        assert text == ""


def test_output_to_a_fifo_or_a_symlink_keeps_it(tmp_path: Path) -> None:
    """``-o /dev/null`` in CI must not replace the device: non-regular files are streamed."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # never blocks, even if broken
    try:
        result = run_cli("export", "-f", "csv", "-o", str(fifo), env=env_for(tmp_path))
        assert result.returncode == 0, result.stderr
        data = os.read(reader, 1 << 20).decode()
    finally:
        os.close(reader)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert data.startswith("document,section path,") and data.count("\r\n") == 136
    target = tmp_path / "reports" / "latest.md"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert run_cli("export", "-o", str(link), env=env_for(tmp_path)).returncode == 0
    assert link.is_symlink() and "\n# Checklist report" in target.read_text()
    folder = run_cli("export", "-o", str(tmp_path), env=env_for(tmp_path))
    assert folder.returncode == 1 and "is a folder" in folder.stderr


def test_every_format_stays_headless(tmp_path: Path) -> None:
    """Core exporters import neither textual nor rich, so ``kb-tui export`` starts fast."""
    code = (
        "import sys\nfrom kb_tui.cli import main\n"
        "for fmt in ('md', 'html', 'csv', 'json'):\n"
        f"    assert main(['export', '-o', {str(tmp_path)!r} + '/r.' + fmt]) == 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env_for(tmp_path),
        check=False,
    )
    assert result.stdout == "[]\n", result.stdout + result.stderr
    assert len(list(tmp_path.glob("r.*"))) == 4


def test_refused_target_is_named_by_its_absolute_path(sample_copy: Path, tmp_path: Path) -> None:
    """The message the explorer's export dialog shows for the same file (it resolves paths)."""
    vault = sample_copy.parent
    result = run_cli("export", ".", "-o", ".kb-tui/r.md", cwd=vault, env=env_for(tmp_path))
    assert result.returncode == 1
    assert result.stderr == (
        f"kb-tui: {vault / '.kb-tui' / 'r.md'} is inside the vault's .kb-tui folder; "
        "choose another file\n"
    )
