"""Small vaults with statuses, shared by the core tests (tests/unit) and the command-line tests
(tests/cli) of the history and of orphaned statuses."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kb_tui.core.status.store import StatusStore

MakeVault = Callable[[dict[str, str | bytes]], Path]

# -- the history: one note, an item whose text holds an escape sequence ---------------------
HISTORY_DOC = "# Ops\n- Deploy \x1b]0;PWNED\x07now\n- Backup\n"
DEPLOY = "d.md#ops/deploy-0pwnednow"

# -- orphans: a status kept for an item whose text was then edited ---------------------------
ORPHAN_DOC = (
    "# Ops\n## Compute\n- Capacity planning\n- Server racks\n## Network\n- Firewall rules\n"
)
RENAMED = "# Ops\n## Compute\n- Capacity plannings\n- Server racks\n## Network\n- Firewall rules\n"
OLD = "d.md#ops/compute/capacity-planning"
NEW = "d.md#ops/compute/capacity-plannings"


def orphaned_vault(make_vault: MakeVault) -> Path:
    """A vault whose store holds ``OLD`` (done, noted, owned) after its item became ``NEW``."""
    root = make_vault({"d.md": ORPHAN_DOC})
    store = StatusStore(root / ".kb-tui" / "status.yaml")
    store.set(OLD, "done", note="sized for 2027", owner="ana")
    (root / "d.md").write_text(RENAMED, encoding="utf-8")
    return root
