"""What ``kb-tui serve`` runs for each browser, and which addresses it calls local."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from kb_tui.cli.serve import explorer_command, is_local, url_of


def test_the_explorer_command_quotes_every_path(tmp_path: Path) -> None:
    hostile = tmp_path / "a b" / "$(touch pwned)`id`;'\"|.md"
    store = tmp_path / "s t" / "status.yaml"
    command = explorer_command(hostile, store, read_only=True, python="/py thon/python3")
    assert shlex.split(command) == [
        "/py thon/python3", "-m", "kb_tui", "--read-only",
        "--store", str(store), "--", str(hostile),
    ]  # fmt: skip


def test_the_explorer_command_without_a_path_takes_the_explorer_default() -> None:
    assert shlex.split(explorer_command(None, None, read_only=False, python="py")) == [
        "py", "-m", "kb_tui",
    ]  # fmt: skip


def test_a_relative_path_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(explorer_command(Path("vault"), None, read_only=False, python="py"))
    assert argv[-1] == str(tmp_path / "vault")


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("127.1.2.3", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("192.168.1.5", False),
        ("example.org", False),
    ],
)
def test_which_hosts_are_local(host: str, local: bool) -> None:
    assert is_local(host) is local


def test_an_ipv6_url_is_bracketed() -> None:
    assert url_of("::1", 8000) == "http://[::1]:8000"
    assert url_of("127.0.0.1", 80) == "http://127.0.0.1:80"
