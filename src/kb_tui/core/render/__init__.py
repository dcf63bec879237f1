"""Text for the viewer: sections as shown, mermaid diagrams drawn as text."""
