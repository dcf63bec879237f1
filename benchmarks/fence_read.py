"""What reading broken fences as meant costs (issue 15 #10), beside its floor in the same run.

    python benchmarks/fence_read.py [VAULT] [--runs 7]

VAULT (default: ops-kb beside the checkout) is copied and the copy repaired with
``kb-tui fix --write``. Three cold reads (no parse cache, a fresh process each, in turn,
``--runs`` rounds), each as the explorer's reader does it (``load_kb``, every note in full)
and as ``kb-tui check`` does it:

- strict: VAULT read strictly as CommonMark (what kb-tui did before; the fewest items);
- lenient: VAULT read with its broken fences repaired in memory (the default);
- floor: the repaired copy read strictly: the same text and items as the lenient read, with
  nothing to repair.

Figures are medians of CPU seconds (user + system, the reader's pool workers included), which
other work on a shared machine disturbs far less than wall time; wall medians are printed
too. Target: lenient ≤ 1.05 × floor (repairing in memory costs a few percent at most). The
lenient read is slower than the strict one by what the extra items cost: on ops-kb the
swallowed lines hid half of the vault's items. Exit status 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OPS_KB = HERE.parent.parent / "shared" / "vaults" / "ops-kb"
LOAD = """
import sys
from pathlib import Path
from kb_tui.core.workspace.load import load_kb
kb = load_kb(Path(sys.argv[1]))
print(sum(1 for _ in kb.iter_items()))
"""
TARGET = 1.05


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """CPU seconds (the child and its waited-for workers), wall seconds and its output."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = proc.stdout.read().decode() if proc.stdout else ""
    _, _status, usage = os.wait4(proc.pid, 0)
    return usage.ru_utime + usage.ru_stime, time.perf_counter() - start, out.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault", nargs="?", type=Path, default=OPS_KB)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.vault.is_dir():
        print(f"no vault at {args.vault}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="kb-tui-fence-read-") as tmp:
        repaired = Path(tmp) / "repaired"
        shutil.copytree(args.vault, repaired)
        kb_tui = [sys.executable, "-m", "kb_tui"]
        env = dict(os.environ, KB_TUI_NO_CACHE="1", XDG_STATE_HOME=str(Path(tmp) / "state"))
        env.pop("KB_TUI_STRICT_COMMONMARK", None)
        subprocess.run(
            [*kb_tui, "fix", str(repaired), "--write"],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
        strict_env = dict(env, KB_TUI_STRICT_COMMONMARK="1")
        cases = {
            "strict": (args.vault, strict_env),
            "lenient": (args.vault, env),
            "floor": (repaired, strict_env),
        }
        cpu: dict[tuple[str, str], list[float]] = {}
        wall: dict[tuple[str, str], list[float]] = {}
        items: dict[str, str] = {}
        for run in range(args.runs):
            order = list(cases) if run % 2 == 0 else list(reversed(cases))
            for name in order:
                path, case_env = cases[name]
                for how, argv in (
                    ("load", [sys.executable, "-c", LOAD, str(path)]),
                    ("check", [*kb_tui, "check", str(path), "--code", "fence-invalid"]),
                ):
                    c, w, out = timed(argv, case_env)
                    cpu.setdefault((name, how), []).append(c)
                    wall.setdefault((name, how), []).append(w)
                    if how == "load":
                        items[name] = out
    print(f"{args.vault} — medians of {args.runs} cold runs (CPU s / wall s)")
    print(f"{'read':<9}{'items':>8}{'load cpu':>10}{'wall':>7}{'check cpu':>11}{'wall':>7}")
    med = {key: statistics.median(values) for key, values in cpu.items()}
    for name in cases:
        print(
            f"{name:<9}{items[name]:>8}{med[(name, 'load')]:>10.2f}"
            f"{statistics.median(wall[(name, 'load')]):>7.2f}{med[(name, 'check')]:>11.2f}"
            f"{statistics.median(wall[(name, 'check')]):>7.2f}"
        )
    ok = True
    for how in ("load", "check"):
        ratio = med[("lenient", how)] / med[("floor", how)]
        versus = med[("lenient", how)] / med[("strict", how)]
        ok = ok and ratio <= TARGET
        print(f"{how}: lenient/floor {ratio:.3f} (≤ {TARGET}); lenient/strict {versus:.3f}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
