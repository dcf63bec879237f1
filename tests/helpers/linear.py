"""Linear time, asserted without an absolute threshold: the time for an input ``factor``
times larger must stay within ``slack`` × ``factor`` of the time for the small one (each
timed over enough repetitions to be measurable, the small one at its best of three). A
quadratic rule on an 8× input takes 64× the time, a cubic one 512×."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def _timed(function: Callable[[T], object], value: T, repeats: int) -> float:
    started = time.perf_counter()
    for _ in range(repeats):
        function(value)
    return time.perf_counter() - started


def assert_linear(
    function: Callable[[T], object],
    make: Callable[[int], T],
    n: int,
    factor: int = 8,
    slack: float = 3.0,
) -> None:
    """``function(make(factor * n))`` costs at most ``slack * factor`` × ``function(make(n))``."""
    small_input, big_input = make(n), make(factor * n)
    repeats = 1
    while (small := _timed(function, small_input, repeats)) < 0.02:
        repeats *= 4
    small = min(small, *(_timed(function, small_input, repeats) for _ in range(2)))
    budget = slack * factor * small
    big = _timed(function, big_input, repeats)
    if budget < big < 4 * budget:  # perhaps noise on a busy machine: once more
        big = min(big, _timed(function, big_input, repeats))
    assert big < budget, (
        f"{factor}x the input took {big / small:.0f}x the time ({small:.3f}s -> {big:.3f}s "
        f"for {repeats} runs): not linear"
    )
