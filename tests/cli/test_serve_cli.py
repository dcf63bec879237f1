"""``kb-tui serve``: its help, its errors (a bad path, a port taken, a bad port) as one plain
line and a non-zero exit, and the warning when it listens beyond this machine."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

from helpers.cli import assert_clean_output, env_for, run_cli
from helpers.paths import FIXTURES
from helpers.served import free_port

VAULT = FIXTURES / "obsidian"


def test_help_lists_serve_and_says_there_is_no_authentication() -> None:
    assert "serve" in run_cli("--help").stdout
    out = run_cli("serve", "--help").stdout
    for words in ("--host", "--port", "--read-only", "127.0.0.1", "authentication"):
        assert words in out


def test_a_bad_path_is_one_line_and_exit_1(tmp_path: Path) -> None:
    result = run_cli("serve", str(tmp_path / "nope"), "--port", "1", env=env_for(tmp_path))
    assert result.returncode == 1
    assert result.stderr.startswith("kb-tui: no such file or folder")
    assert len(result.stderr.splitlines()) == 1


def test_a_port_taken_is_one_line_and_exit_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", str(VAULT), "--port", str(port), env=env_for(tmp_path))
    assert result.returncode == 1
    assert result.stderr == f"kb-tui: cannot serve on 127.0.0.1:{port}: address already in use\n"
    assert result.stdout == ""  # never "serving on" a port it does not have
    assert_clean_output(result.stderr.encode())


def test_a_bad_port_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cli("serve", str(VAULT), "--port", "70000", env=env_for(tmp_path))
    assert result.returncode == 2
    assert "not a port number" in result.stderr


def test_serving_beyond_this_machine_warns_and_prints_the_url(tmp_path: Path) -> None:
    port = free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "kb_tui", "serve", str(VAULT), "--host", "0.0.0.0"]
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "--port", str(port)], stdout=out, stderr=out, env=env_for(tmp_path)
        )
    try:
        deadline = time.monotonic() + 60
        while "serving the explorer" not in log.read_text():
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.1)
    finally:
        process.terminate()
        assert process.wait(timeout=20) == 0  # Ctrl+C or a TERM: a clean stop
    said = log.read_text()
    assert "warning: serving on 0.0.0.0" in said
    assert "no authentication" in said and "proxy that authenticates" in said
    assert "--public-url" in said  # 0.0.0.0 is no address a browser can use
    assert f"serving the explorer on http://0.0.0.0:{port}" in said
    assert_clean_output(said.encode())


def test_the_explorer_takes_read_only(tmp_path: Path) -> None:
    """``kb-tui --read-only PATH`` is the explorer's (here without a terminal: it says so)."""
    result = run_cli("--read-only", str(VAULT), env=env_for(tmp_path))
    assert result.returncode == 1
    assert "needs a terminal" in result.stderr
    assert run_cli("--read-only", "--bogus", env=env_for(tmp_path)).returncode == 2
