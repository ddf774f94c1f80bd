"""Bisection over score levels: the one search behind every bottleneck (weakest-pair) stage.

"Every chosen pair scores at least t" holds for every t up to the answer and for
none above it, so the answer is the highest of the distinct scores at which a
probe says yes. CP-SAT, the flows and the fairness bound each probe differently;
they share this search.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = ["highest_level"]


def highest_level(levels: np.ndarray, lo: int, probe: Callable[[int], bool | None], *,
                  out_of_time: Callable[[], bool] = lambda: False) -> tuple[int, bool]:
    """The position of the highest level at which ``probe`` says yes, and whether that is proven.

    ``levels`` are sorted ascending and ``levels[lo]`` is known to be achievable.
    ``probe(t)`` answers ``True`` (achievable), ``False`` (not) or ``None``
    (undecided, e.g. a solver stopped by its time limit): an undecided level is
    searched below, and the answer is then not proven best. When
    ``out_of_time()`` says so the search stops with the best level found so far.
    """
    hi = len(levels) - 1
    proven = True
    while lo < hi:
        if out_of_time():
            return lo, False
        mid = (lo + hi + 1) // 2
        answer = probe(int(levels[mid]))
        if answer:
            lo = mid
        else:
            proven = proven and answer is not None
            hi = mid - 1
    return lo, proven
