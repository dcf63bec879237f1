"""Where the tests find the checkout, the bundled sample, test data and the ops-kb vault."""

from __future__ import annotations

import os
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]
REPO = TESTS.parent
SRC = REPO / "src" / "kb_tui"
SAMPLE = REPO / "data" / "infrastructure-architecture.md"
FIXTURES = TESTS / "fixtures"
DOCTOR_FIXTURES = FIXTURES / "doctor"
GOLDEN = TESTS / "golden"
# A real vault of 723 notes beside the checkout (``../shared/vaults/ops-kb``, or where
# ``KB_TUI_OPS_KB`` says: a worktree is not beside it); tests that need it skip when absent.
OPS_KB = Path(os.environ.get("KB_TUI_OPS_KB") or REPO.parent / "shared" / "vaults" / "ops-kb")

# The ID of the sample's "Capacity planning" item.
CAPACITY = (
    "infrastructure-architecture.md#infrastructure-architecture/compute-infrastructure/"
    "compute-resources/resource-management/capacity-planning"
)
