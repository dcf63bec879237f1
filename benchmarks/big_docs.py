"""Deterministic large single documents for benchmarks/responsiveness.py.

    python benchmarks/big_docs.py DIR [--bytes 1000000] [--headings 100000]

``sized_document`` is shaped like data/infrastructure-architecture.md — frontmatter with
Templater placeholders, H2 layers whose emoji are stored as mojibake like the sample's,
H3/H4 subsections, numbered **bold** groups of bullets, yaml/json/python/mermaid blocks,
wikilinks — repeated with varied names until it reaches a size. ``headings_document`` has
exactly N headings of mixed levels (H1 included), a bullet under every third. Every heading
carries a zero-padded number, so no two headings share text. The same arguments always give
the same bytes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

# The sample's H2 prefixes: UTF-8 emoji read as Mac Roman, as the sample stores them.
EMOJI = ["\uf8ffüéØ", "\uf8ffüíª", "\uf8ffüåê", "\uf8ffüíæ", "\uf8ffüîí", "\uf8ffüîÑ", "\uf8ffüìà"]
LAYERS = ["Architecture Framework", "Compute Infrastructure", "Network Architecture"]
LAYERS += ["Storage Architecture", "Security Architecture", "Infrastructure Operations"]
SUBS = ["Core Components", "Compute Resources", "Virtualization Layer", "Connectivity"]
SUBS += ["Data Management", "Security Operations", "Automation", "High Availability"]
WORDS = ["capacity", "resource", "network", "storage", "security", "service", "platform"]
WORDS += ["cluster", "backup", "policy", "routing", "monitoring", "scaling", "registry"]


def _phrase(rng: random.Random, n: int = 2) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def _code(kind: int, rng: random.Random) -> list[str]:
    """One of the sample's fenced blocks (indented under a numbered group), varied."""
    a, b, c = (rng.choice(WORDS) for _ in range(3))
    blocks = [
        ["```yaml", f"{a}_layers:", f"  {b}_layer:", f"    - {c}_systems", "```"],
        ["```json", "{", f'  "{a}": {{"platforms": ["{b}", "{c}"], "level": {kind}}}', "}", "```"],
        ["```python", f"def define_{a}():", f"    allocate_{b}()", f"    manage_{c}()", "```"],
        ["```mermaid", "graph TD", f"    A[{a}] --> B[{b}]", f"    A --> C[{c}]", "```"],
    ]
    return ["   " + line for line in blocks[kind % len(blocks)]]


def _groups(rng: random.Random, with_code: int | None) -> list[str]:
    lines: list[str] = []
    for number in (1, 2):
        lines.append(f"{number}. **{_phrase(rng)} {rng.choice(WORDS)}**")
        if number == 1 and with_code is not None:
            lines += _code(with_code, rng)
        else:
            lines += [f"   - {_phrase(rng)}" for _ in range(4)]
        lines.append("")
    return lines


def sized_document(size: int = 1_000_000, seed: int = 6) -> str:
    """A sample-shaped document of at least ``size`` UTF-8 bytes (whole layers)."""
    rng = random.Random(seed)
    title = "Infrastructure Architecture"
    out = ["---", f"title: {title}", 'created: <% tp.date.now("YYYY-MM-DD") %>']
    out += ["tags: [infrastructure, architecture]", "---", "", f"# {title}", ""]
    out += ["## \uf8ffüìã Overview 00000", f"{_phrase(rng, 14)}.", ""]
    total, n = sum(len(line.encode()) + 1 for line in out), 0
    while total < size:
        n += 1
        layer = [f"## {EMOJI[n % len(EMOJI)]} {LAYERS[n % len(LAYERS)]} {n:05d}", ""]
        layer += [f"{_phrase(rng, 10)}.", ""]
        for sub in range(3):
            layer += [f"### {SUBS[(n + sub) % len(SUBS)]} {n:05d}.{sub}"]
            layer += _groups(rng, n + sub if (n + sub) % 3 == 0 else None)
            if sub == 1:
                layer += [f"#### {_phrase(rng)} details {n:05d}.{sub}", *_groups(rng, None)]
        if n % 10 == 0:
            targets = [f"note-{rng.randrange(1000):04d}" for _ in range(3)]
            layer += [f"## \uf8ffüìù Related Documentation {n:05d}"]
            layer += [*[f"- [[{name}]]" for name in targets], ""]
        out += layer
        total += sum(len(line.encode()) + 1 for line in layer)
    out += ["---", "", '*Last updated: <% tp.date.now("YYYY-MM-DD") %>*']
    return "\n".join(out) + "\n"


def headings_document(headings: int = 100_000, seed: int = 6) -> str:
    """A document with exactly ``headings`` headings (H1 included) of levels 2–5."""
    rng = random.Random(seed)
    out = ["---", "title: Many Headings", "---", "", "# Many Headings", ""]
    level = 1
    for n in range(1, headings):
        # mostly one level deeper, the same or one up; an H2 about every tenth heading
        if level == 1 or rng.random() < 0.1:
            level = 2
        else:
            level = max(2, min(5, level + rng.choice((-1, 0, 1, 1))))
        out.append(f"{'#' * level} {_phrase(rng)} {n:06d}")
        if n % 3 == 0:
            out.append(f"- {_phrase(rng, 3)}")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--bytes", type=int, default=1_000_000)
    parser.add_argument("--headings", type=int, default=100_000)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    (args.dir / "big.md").write_text(sized_document(args.bytes), encoding="utf-8")
    (args.dir / "headings.md").write_text(headings_document(args.headings), encoding="utf-8")


if __name__ == "__main__":
    main()
