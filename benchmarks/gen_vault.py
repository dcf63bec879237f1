"""A deterministic synthetic vault shaped like the sample, for scale benchmarks.

    python benchmarks/gen_vault.py DIR [--docs N] [--seed S]

Each note has frontmatter with Templater placeholders, H2 layers with emoji, numbered bold
groups of bullets, a yaml, json, python and mermaid block, and wikilinks to other notes, in
folders of up to 50 notes. The same arguments always write the same bytes.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

EMOJI = ["🎯", "💻", "🌐", "💾", "🔒", "🔄", "📈", "🛠"]
WORDS = [
    "capacity",
    "resource",
    "network",
    "storage",
    "security",
    "service",
    "platform",
    "cluster",
    "backup",
    "policy",
    "routing",
    "monitoring",
    "scaling",
    "deployment",
    "registry",
    "gateway",
    "identity",
    "audit",
    "cache",
    "queue",
]


def _phrase(rng: random.Random, n: int = 2) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def note(index: int, total: int, rng: random.Random) -> str:
    title = f"{_phrase(rng, 3)} {index}"
    lines = [
        "---",
        f"title: {title}",
        'created: <% tp.date.now("YYYY-MM-DD") %>',
        f"tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]",
        "---",
        "",
        f"# {title}",
        "",
        "## 📋 Overview",
        f"{_phrase(rng, 12)}.",
        "",
    ]
    for layer in range(6):
        lines += [f"## {EMOJI[layer % len(EMOJI)]} {_phrase(rng)} layer {layer}", ""]
        for sub in range(2):
            lines += [f"### {_phrase(rng)} {sub}"]
            for group in (1, 2):
                lines.append(f"{group}. **{_phrase(rng)}**")
                lines += [f"   - {_phrase(rng)}" for _ in range(4)]
            lines.append("")
        if layer == 0:
            lines += ["```yaml", "layers:", "  physical:", "    - servers", "    - racks", "```"]
            lines += ["```json", '{"platform": ["vm", "containers"]}', "```"]
            lines += ["```python", "def build():", "    provision()", "    verify()", "```"]
            lines += ["```mermaid", "graph TD", "  A[Core] --> B[Edge]", "  A --> C[Store]", "```"]
    links = [f"note-{rng.randrange(total):05d}" for _ in range(4)]
    lines += ["## 📝 Related Documentation", *[f"- [[{name}]]" for name in links], ""]
    return "\n".join(lines) + "\n"


def generate(root: Path, docs: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    for index in range(docs):
        folder = root / f"area-{index // 50:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"note-{index:05d}.md").write_text(note(index, docs, rng), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path)
    parser.add_argument("--docs", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.dir, args.docs, args.seed)


if __name__ == "__main__":
    main()
