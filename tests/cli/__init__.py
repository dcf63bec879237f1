"""Command-line tests: ``kb-tui`` commands as subprocesses or ``kb_tui.cli.headless.main``."""
