"""Files kb-tui writes, and the vault's root: never through a link, atomically, inside the vault."""
