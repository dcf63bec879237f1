"""A layer's stacked bar (done / in progress / blocked / todo) fills its cells by one rule,
:func:`kb_tui.core.model.progress.stacked_cells`, whose done part is every bar's."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kb_tui.core.model.progress import filled_cells, stacked_cells


def test_the_parts_fill_their_share_of_the_bar() -> None:
    assert stacked_cells([10, 10, 10, 10], 20) == [5, 5, 5, 5]
    assert stacked_cells([0, 0, 0, 5], 10) == [0, 0, 0, 10]
    assert stacked_cells([5, 0, 0, 0], 10) == [10, 0, 0, 0]


def test_a_single_blocked_item_shows_beside_many_todo() -> None:
    assert stacked_cells([0, 0, 1, 200], 10) == [0, 0, 1, 9]
    assert stacked_cells([1, 2, 3, 100], 20) == [1, 1, 1, 17]


def test_nothing_to_show_fills_nothing() -> None:
    assert stacked_cells([0, 0, 0, 0], 10) == [0, 0, 0, 0]
    assert stacked_cells([3, 1], 0) == [0, 0]
    assert stacked_cells([], 5) == []


@given(st.lists(st.integers(0, 500), min_size=1, max_size=5), st.integers(1, 80))
def test_every_cell_is_filled_once_and_done_as_every_bar(counts: list[int], cells: int) -> None:
    shares = stacked_cells(counts, cells)
    total = sum(counts)
    assert len(shares) == len(counts)
    assert sum(shares) == (cells if total else 0)
    assert shares[0] == filled_cells(counts[0], total, cells)
    assert all(share >= 0 for share in shares)
    rest = [(count, share) for count, share in zip(counts[1:], shares[1:], strict=True) if count]
    if len(rest) <= cells - shares[0]:  # room for every other part that is not zero
        assert all(share > 0 for _, share in rest)
