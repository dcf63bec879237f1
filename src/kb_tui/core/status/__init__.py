"""The status store beside the vault: read, written, applied to items; history, orphans, tallies."""
