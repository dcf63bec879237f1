"""Checklist reports: built once, then written as Markdown, HTML, CSV or JSON (and tree text)."""
