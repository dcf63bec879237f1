"""Wikilinks and Markdown links resolved the way Obsidian resolves them, inside the vault."""
