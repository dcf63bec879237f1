"""The Textual explorer. Imported only when the app runs (never by headless commands)."""
