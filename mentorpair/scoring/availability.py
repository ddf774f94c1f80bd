"""Participants' availability as arrays: the share of time two people have in common, for many pairs at once.

Each distinct availability is its quarter hours of the reference week in UTC
(:func:`mentorpair.model.availability.quarter_hours`), packed into bits; a pair's time in
common is a bitwise AND and a count, so large cohorts score without a Python call per pair.
:func:`mentorpair.scoring.parts.availability_fit` is the one-pair reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model.availability import Availability, quarter_hours
from ..model.participant import Participant

__all__ = ["TimeArrays"]

_WEEK_QUARTERS = 7 * 24 * 4
# Set bits of each byte; uint8 keeps a block of pairs at 84 bytes a pair (numpy 1.26 has no bitwise_count).
_POPCOUNT = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


@dataclass(frozen=True, eq=False)
class TimeArrays:
    """One code per participant (-1: unknown availability) and each code's packed quarter hours."""

    code: np.ndarray
    bits: np.ndarray  # code x packed quarter hours (uint8)
    size: np.ndarray  # code -> quarter hours covered

    @classmethod
    def of(cls, people: Sequence[Participant]) -> TimeArrays:
        distinct: dict[Availability, int] = {}
        for p in people:
            if p.availability is not None:
                distinct.setdefault(p.availability, len(distinct))
        covered = np.zeros((max(len(distinct), 1), _WEEK_QUARTERS), dtype=bool)
        for availability, index in distinct.items():
            covered[index, sorted(quarter_hours(availability))] = True
        code = np.array([-1 if p.availability is None else distinct[p.availability] for p in people], dtype=np.int64)
        return cls(code=code, bits=np.packbits(covered, axis=1), size=covered.sum(axis=1).astype(np.int64))

    def share(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Time in common as a share of the smaller of the two's time, in [0, 1]; NaN when either is unknown."""
        ca, cb = self.code[a], self.code[b]
        known = (ca >= 0) & (cb >= 0)
        out = np.full(len(a), np.nan, dtype=np.float64)
        if known.any():
            x, y = ca[known], cb[known]
            common = _POPCOUNT[self.bits[x] & self.bits[y]].sum(axis=1, dtype=np.int64)
            out[known] = common / np.minimum(self.size[x], self.size[y])
        return out

    def no_common_time(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Both gave their availability and share none of it."""
        return np.asarray(self.share(a, b) == 0.0, dtype=bool)  # NaN (unknown) is never 0
