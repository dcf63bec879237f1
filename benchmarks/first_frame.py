"""First frame of kb-tui on the sample vs a minimal Textual app, in the same terminal setup.

Each run starts a fresh process on a pseudo-terminal (so Textual drives a real terminal)
and measures wall time from spawn until the terminal output contains a marker that only
the finished first frame holds: for kb-tui, a word from the body of the first section
(so the tree and that section are drawn); for the floor — a minimal app with Header,
Tree, Static and Footer — the text of its Static. Then the process is killed, so shutdown
is not measured. Runs are interleaved and medians compared, so noise affects both alike.

    python benchmarks/first_frame.py [PATH] [--runs N]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import pty
import select
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def time_once(argv: list[str], env: dict[str, str], marker: bytes, timeout: float = 60.0) -> float:
    """Seconds from spawn until ``argv``, on a 160×48 pseudo-terminal, has drawn ``marker``."""
    master, slave = pty.openpty()
    os.set_blocking(master, False)
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 48, 160, 0, 0))
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    deadline = start + timeout
    seen = b""
    try:
        while marker not in seen:
            if time.perf_counter() > deadline or proc.poll() is not None:
                raise RuntimeError(f"{argv} never drew {marker!r}")
            ready, _, _ = select.select([master], [], [], 0.005)
            if ready:
                with contextlib.suppress(OSError):
                    seen = seen[-4096:] + os.read(master, 65536)
        return time.perf_counter() - start
    finally:
        proc.kill()
        proc.wait()
        os.close(master)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", help="vault or file (default: the bundled sample)")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument(
        "--marker",
        default="comprehensive",
        help="a word of the first section's body (default: the sample's)",
    )
    args = parser.parse_args()
    # An installed kb-tui has byte-code (pip compiles it); an editable checkout run with
    # PYTHONDONTWRITEBYTECODE would recompile every module on every start. Compile once.
    import compileall

    import kb_tui

    compileall.compile_dir(str(Path(kb_tui.__file__).parent), quiet=1)
    state = tempfile.mkdtemp(prefix="kb-tui-bench-")
    env = {**os.environ, "TERM": "xterm-256color", "XDG_STATE_HOME": state}
    kb_tui = [sys.executable, "-m", "kb_tui", *([args.path] if args.path else [])]
    floor = [sys.executable, str(HERE / "minimal_app.py")]
    ours_marker, floor_marker = args.marker.encode(), b"FIRST-SECTION"
    time_once(floor, env, floor_marker)  # warm the OS file cache and bytecode for both
    time_once(kb_tui, env, ours_marker)
    ours: list[float] = []
    base: list[float] = []
    for _ in range(args.runs):
        base.append(time_once(floor, env, floor_marker))
        ours.append(time_once(kb_tui, env, ours_marker))
    m_ours, m_base = statistics.median(ours), statistics.median(base)
    target = args.path or "bundled sample"
    print(f"first frame, {args.runs} interleaved runs each, medians (160x48 pty)")
    print(f"{'':28}{'median':>10}{'min':>10}{'max':>10}")
    print(
        f"{'minimal Textual app (floor)':28}{m_base * 1000:>8.0f}ms{min(base) * 1000:>8.0f}ms"
        f"{max(base) * 1000:>8.0f}ms"
    )
    print(
        f"{'kb-tui on ' + target:28.28}{m_ours * 1000:>8.0f}ms{min(ours) * 1000:>8.0f}ms"
        f"{max(ours) * 1000:>8.0f}ms"
    )
    ratio = m_ours / m_base
    print(f"ratio kb-tui / floor: {ratio:.2f} (target ≤ 1.30)")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    raise SystemExit(main())
