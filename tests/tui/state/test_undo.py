"""The undo stack, without an app."""

from __future__ import annotations

from kb_tui.core.status.store import Entry
from kb_tui.tui.state.undo import UndoBatch, UndoStack


def test_pop_returns_newest_first_then_none() -> None:
    stack = UndoStack()
    first: UndoBatch = {"a": None}
    second: UndoBatch = {"b": Entry(status="done")}
    stack.push(first)
    stack.push(second)
    assert len(stack) == 2
    assert stack.pop() is second
    assert stack.pop() is first
    assert stack.pop() is None
    assert not stack


def test_limit_drops_the_oldest() -> None:
    stack = UndoStack(limit=3)
    batches: list[UndoBatch] = [{str(i): None} for i in range(5)]
    for batch in batches:
        stack.push(batch)
    assert list(stack) == batches[2:]


def test_discard_removes_that_batch_only() -> None:
    stack = UndoStack()
    one: UndoBatch = {"a": None}
    equal: UndoBatch = {"a": None}
    stack.push(one)
    stack.push(equal)
    stack.discard(one)
    assert list(stack) == [equal] and next(iter(stack)) is equal


def test_clear() -> None:
    stack = UndoStack()
    stack.push({"a": None})
    stack.clear()
    assert len(stack) == 0
