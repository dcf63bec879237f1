"""One note's text to a document.

Markdown events, frontmatter, fenced data, Templater, mermaid, and the checks that need
only the note itself.
"""
