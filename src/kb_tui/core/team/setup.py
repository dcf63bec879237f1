"""What ``kb-tui git-setup`` puts in place so that git merges the status store by item:
two lines of ``.gitattributes`` and one of ``.gitignore`` in the vault, and the driver in the
repository's config.

* ``.kb-tui/status.yaml merge=kb-tui``: the store is merged by ``kb-tui merge-driver``;
* ``.kb-tui/*.lock`` in ``.gitignore``: the store's lock is this clone's own;
* ``.kb-tui/history.jsonl merge=union``: the history, one JSON record a line, is merged by
  git's own union of lines — no conflict ever, no kb-tui needed where the merge is made;
  kb-tui drops a line seen twice and sorts the records by time when it reads them.

The ``.gitattributes`` is the vault's own (patterns relative to the vault folder), written
atomically and never through a link; the driver is set with ``git config`` (per clone:
git does not share configuration, so every clone runs ``git-setup`` once).
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

from kb_tui.core.fs.safefs import SafeDir
from kb_tui.core.team.git import GitError, git, work_tree

ATTRIBUTES = (".kb-tui/status.yaml merge=kb-tui", ".kb-tui/history.jsonl merge=union")
IGNORED = (".kb-tui/*.lock",)  # the store's lock: a file of this clone, never shared
DRIVER_KEY = "merge.kb-tui.driver"
NAME_KEY = "merge.kb-tui.name"
DRIVER_NAME = "kb-tui status store, merged by item and field"
MAX_ATTRIBUTES_BYTES = 1024 * 1024


class NotInGit(Exception):
    """The vault is not in a git work tree."""


@dataclass
class SetupState:
    """What is in place and what is missing."""

    top: Path
    missing_lines: list[str] = field(default_factory=list)  # of .gitattributes
    missing_ignores: list[str] = field(default_factory=list)  # of .gitignore
    driver: str = ""  # as configured now ("" when not)
    wanted_driver: str = ""

    @property
    def driver_ok(self) -> bool:
        return self.driver == self.wanted_driver

    @property
    def complete(self) -> bool:
        return not self.missing_lines and not self.missing_ignores and self.driver_ok


def driver_command(program: list[str]) -> str:
    """The ``merge.kb-tui.driver`` value running ``program`` (quoted for git's shell)."""
    return " ".join(shlex.quote(part) for part in program) + " merge-driver %O %A %B %P"


def inspect(vault: Path, program: list[str]) -> SetupState:
    """What ``vault`` (a folder) has of the set-up; :class:`NotInGit` when not in git."""
    top = work_tree(vault)
    if top is None:
        raise NotInGit(vault)
    state = SetupState(top, wanted_driver=driver_command(program))
    present = set(_lines(vault, ".gitattributes"))
    state.missing_lines = [line for line in ATTRIBUTES if line not in present]
    ignored = set(_lines(vault, ".gitignore"))
    state.missing_ignores = [line for line in IGNORED if line not in ignored]
    try:
        state.driver = git(["config", "--local", "--get", DRIVER_KEY], vault, check=False)
    except GitError:
        state.driver = ""
    return state


def apply(vault: Path, state: SetupState) -> list[str]:
    """Put in place what ``state`` says is missing; what was done, a line each."""
    done: list[str] = []
    for name, lines in (
        (".gitattributes", state.missing_lines),
        (".gitignore", state.missing_ignores),
    ):
        if lines:
            _add_lines(vault, name, lines)
            done += [f"added to {vault / name}: {line}" for line in lines]
    if not state.driver_ok:
        git(["config", "--local", NAME_KEY, DRIVER_NAME], vault)
        git(["config", "--local", DRIVER_KEY, state.wanted_driver], vault)
        done.append(f"set {DRIVER_KEY} = {state.wanted_driver}")
    return done


def needs_setup(vault: Path, store: Path) -> bool:
    """Whether ``store`` is tracked by git in ``vault``'s work tree while git would merge
    it line by line (the ``.gitattributes`` lines or the driver missing): the next pull of
    two people's marks would conflict."""
    if work_tree(vault) is None:
        return False
    try:
        git(["ls-files", "--error-unmatch", "--", str(store)], vault)
    except GitError:
        return False  # not tracked (or not in this work tree): nothing to merge yet
    try:
        driver = git(["config", "--get", DRIVER_KEY], vault, check=False)
        present = set(_lines(vault, ".gitattributes"))
    except (GitError, OSError):
        return False
    return not driver or any(line not in present for line in ATTRIBUTES)


def _lines(vault: Path, name: str) -> list[str]:
    """The lines of the vault's ``name`` (whitespace collapsed), never through a link."""
    with SafeDir.open(vault, (), create=False) as folder:
        data = folder.read_bytes(name, MAX_ATTRIBUTES_BYTES) or b""
    return [" ".join(line.split()) for line in data.decode("utf-8", "replace").splitlines()]


def _add_lines(vault: Path, name: str, lines: list[str]) -> None:
    """``lines`` appended to the vault's ``name``, atomically and never through a link."""
    with SafeDir.open(vault, (), create=False) as folder:
        data = folder.read_bytes(name, MAX_ATTRIBUTES_BYTES) or b""
        text = data.decode("utf-8", errors="replace")
        if text and not text.endswith("\n"):
            text += "\n"
        folder.replace(name, (text + "".join(line + "\n" for line in lines)).encode("utf-8"))
