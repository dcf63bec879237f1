"""Where a report goes: the format a name implies, the default folder, what a path means."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from kb_tui.core.report.export import ExportError, check_target, export
from kb_tui.core.report.target import (
    ReportFolder,
    default_name,
    format_for,
    report_folder,
    resolve_target,
    suffix_format,
    with_format_suffix,
)
from kb_tui.core.workspace.load import load_kb
from kb_tui.core.workspace.open import open_workspace
from kb_tui.tui.screens.export_dialog import replace_question

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "infrastructure-architecture.md"


def test_suffix_names_the_format_whatever_the_case() -> None:
    assert suffix_format("r.HTML") == "html" and suffix_format("a/b.htm") == "html"
    assert suffix_format("r.markdown") == "md" and suffix_format("r.json") == "json"
    assert suffix_format("r.txt") is None and suffix_format("r") is None
    assert suffix_format("-") is None and suffix_format("") is None
    assert format_for("r.txt", None) == "md" and format_for("r.csv", "json") == "json"


def test_choosing_a_format_rewrites_only_a_report_suffix() -> None:
    assert with_format_suffix("out/r.html", "csv") == "out/r.csv"
    assert with_format_suffix("r.v2.md", "json") == "r.v2.json"
    assert with_format_suffix("r.markdown", "md") == "r.markdown"  # already Markdown
    assert with_format_suffix("r.txt", "csv") == "r.txt"  # the user's own suffix
    assert with_format_suffix("report", "csv") == "report"
    assert default_name("html", dt.date(2026, 12, 5)) == "kb-report-2026-12-05.html"


@pytest.fixture
def places(tmp_path: Path) -> dict[str, Path]:
    names = ("vault", "home", "elsewhere", "repo/docs/kb", "repo/other")
    found = {name: tmp_path / name for name in names}
    for folder in found.values():
        folder.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    return found


def test_default_folder_is_the_current_one_outside_the_vault(places: dict[str, Path]) -> None:
    chosen = report_folder(places["vault"], places["elsewhere"], places["home"])
    assert chosen.path == places["elsewhere"] and chosen.reason == "the current folder"


def test_default_folder_is_never_inside_the_vault(places: dict[str, Path]) -> None:
    inside = places["vault"] / "sub"
    inside.mkdir()
    for cwd in (places["vault"], inside):
        chosen = report_folder(places["vault"], cwd, places["home"])
        assert chosen.path == places["home"]
        assert "the current folder is inside the vault" in chosen.reason


def test_default_folder_is_never_inside_the_vaults_git_repository(
    places: dict[str, Path],
) -> None:
    chosen = report_folder(places["repo/docs/kb"], places["repo/other"], places["home"])
    assert chosen.path == places["home"]
    assert "inside the vault's git repository" in chosen.reason


def test_root_or_a_read_only_folder_is_passed_over(places: dict[str, Path]) -> None:
    assert report_folder(places["vault"], Path("/"), places["home"]).path == places["home"]
    if os.geteuid() != 0:  # root writes anywhere
        places["elsewhere"].chmod(0o555)
        try:
            chosen = report_folder(places["vault"], places["elsewhere"], places["home"])
        finally:
            places["elsewhere"].chmod(0o755)
        assert chosen.path == places["home"]


def test_home_inside_the_vault_leaves_a_reports_folder_of_ones_own(
    places: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    chosen = report_folder(places["vault"], places["vault"], places["vault"])
    assert chosen.reason == "kb-tui's reports folder"  # never the shared /tmp
    assert chosen.path == tmp_path / "data" / "kb-tui" / "reports" and chosen.path.is_dir()


def test_a_home_kept_in_git_is_not_the_vaults_repository(tmp_path: Path) -> None:
    """Dotfiles in git at ``~``: a vault below it with no repository of its own does not
    push every report out of the home folder."""
    home = tmp_path / "home"
    (home / ".git").mkdir(parents=True)
    (home / "notes").mkdir()
    (home / "work").mkdir()
    chosen = report_folder(home / "notes", home / "work", home)
    assert chosen == ReportFolder(home / "work", "the current folder")


def test_a_link_planted_in_a_shared_folder_is_refused(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("needs to own a link as another user (chown)")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: sticky, anyone may write
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = shared / "kb-report.md"
    link.symlink_to(victim)
    os.chown(link, 12345, 12345, follow_symlinks=False)  # someone else's link
    kb = load_kb(SAMPLE)
    with pytest.raises(ExportError, match="a link another user made"):
        check_target(kb, link)
    with pytest.raises(ExportError, match="a link another user made"):
        export(kb, "md", str(link))
    assert victim.read_text(encoding="utf-8") == "keep me"
    os.chown(link, os.geteuid(), os.getegid(), follow_symlinks=False)  # the user's own link
    check_target(kb, link)


def test_relative_paths_start_in_the_folder_shown(tmp_path: Path) -> None:
    assert resolve_target(tmp_path, "r.md") == tmp_path / "r.md"
    assert resolve_target(tmp_path, " out/../r.md ") == tmp_path / "r.md"
    assert resolve_target(tmp_path, "/abs/r.md") == Path("/abs/r.md")
    assert resolve_target(tmp_path, "~/r.md") == Path(os.path.expanduser("~/r.md"))


def test_check_target_says_what_export_says(tmp_path: Path) -> None:
    """A link in the vault, the .kb-tui folder, a note: refused before anything is asked,
    with the message the write itself (and so ``kb-tui export``) gives."""
    root = tmp_path / "vault"
    root.mkdir()
    shutil.copyfile(SAMPLE, root / SAMPLE.name)
    (tmp_path / "outside.md").write_text("mine\n")
    (root / "link.md").symlink_to(tmp_path / "outside.md")
    kb = open_workspace(root, None).kb
    for target in (root / "link.md", root / ".kb-tui" / "r.md", root / SAMPLE.name):
        with pytest.raises(ExportError) as asked:
            check_target(kb, target)
        with pytest.raises(ExportError) as written:
            export(kb, "md", str(target))
        assert str(asked.value) == str(written.value)
        assert str(target) in str(asked.value)
    assert (tmp_path / "outside.md").read_text() == "mine\n"
    assert check_target(kb, tmp_path / "new.md") is None
    info = check_target(kb, tmp_path / "outside.md")
    assert info is not None and info.st_size == 5
    assert check_target(kb, Path(os.devnull)) is None  # written to, never replaced


def test_the_replace_question_names_a_links_target(tmp_path: Path) -> None:

    real = tmp_path / "real.md"
    real.write_text("x", encoding="utf-8")
    link = tmp_path / "report.md"
    link.symlink_to(real)
    question = replace_question(link, link.stat()).plain
    assert question.startswith(f"Replace {link}, a link to {real}?")
    assert replace_question(real, real.stat()).plain.startswith(f"Replace {real}?")
