"""Who a change is by: the ``by`` of a status entry, of a history record and of a merge.

In order: ``--by NAME`` (the caller passes it), ``$KB_TUI_USER``, the git identity
(``user.name``, else ``user.email``) when the vault lies in a git work tree — what the
team sees in ``git log`` — else the login name. Looked up once per vault and process:
git runs in milliseconds, but a status key must not wait for it every time.
"""

from __future__ import annotations

import getpass
import os
from functools import lru_cache
from pathlib import Path

from kb_tui.core.team.git import GitError, git, work_tree


def login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


@lru_cache(maxsize=16)
def git_identity(root: Path) -> str | None:
    """``user.name`` (else ``user.email``) of the work tree holding ``root``, if any."""
    if work_tree(root) is None:
        return None
    for key in ("user.name", "user.email"):
        try:
            value = git(["config", "--get", key], root if root.is_dir() else root.parent)
        except GitError:
            continue
        if value:
            return value
    return None


def who(root: Path | None, by: str | None = None) -> str:
    """The name a change is recorded under (see the module)."""
    if by:
        return by
    if named := os.environ.get("KB_TUI_USER"):
        return named
    if root is not None:
        found = git_identity(root)
        if found:
            return found
    return login_name()
