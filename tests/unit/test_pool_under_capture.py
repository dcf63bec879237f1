"""A cold read of many notes from a thread while ``sys.stderr`` is Textual's print capture
(``fileno()`` is -1), as the explorer's reload does: the worker processes still start.

Run in a fresh interpreter: a resource tracker already started by another test would hide
the failure ("bad value(s) in fds_to_keep")."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from kb_tui.core.vault.index import POOL_MIN, pool_jobs

SCRIPT = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from kb_tui.core.workspace.load import load_kb

    class Capture:  # what Textual puts in sys.stderr while an app runs
        def write(self, text): return len(text)
        def flush(self): pass
        def fileno(self): return -1

    def read(out):
        sys.stderr = Capture()
        try:
            out.append(len(load_kb(Path(sys.argv[1])).documents))
        except Exception as exc:
            out.append(repr(exc))
        finally:
            sys.stderr = sys.__stderr__

    if __name__ == "__main__":
        out = []
        worker = threading.Thread(target=read, args=(out,))
        worker.start()
        worker.join()
        print(out[0])
    """
)


@pytest.mark.skipif(pool_jobs(POOL_MIN + 10) == 0, reason="one core: notes are parsed in-process")
def test_a_cold_read_from_a_thread_under_textuals_capture(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    vault.mkdir()
    count = POOL_MIN + 10
    for n in range(count):
        (vault / f"note-{n}.md").write_text(f"# Note {n}\n- item {n}\n", encoding="utf-8")
    script = tmp_path / "read.py"
    script.write_text(SCRIPT, encoding="utf-8")
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, str(script), str(vault)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.stdout.strip() == str(count), done.stdout + done.stderr
