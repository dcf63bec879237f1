"""Allow ``python -m kb_tui``."""

from kb_tui.cli import main

raise SystemExit(main())
