"""Modal screens: help, note editor, confirmation, export, problems and links."""
