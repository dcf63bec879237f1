"""The floor for the first-frame benchmark: a minimal Textual app (Header, Tree, Static, Footer).

The benchmark stops the clock when the text of its Static (``FIRST-SECTION``) appears
in the terminal output, as it does for a word of kb-tui's first section.
"""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static, Tree


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        tree: Tree[None] = Tree("Knowledge base")
        for name in ("Overview", "Architecture Framework", "Compute Infrastructure"):
            tree.root.add_leaf(name)
        tree.root.expand()
        yield tree
        yield Static("FIRST-SECTION of the knowledge base")
        yield Footer()


if __name__ == "__main__":
    MinimalApp().run()
