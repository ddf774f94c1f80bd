"""Solver outcome, shared by the solver and the result without tying either to OR-Tools."""

from __future__ import annotations

import enum

__all__ = ["Status"]


class Status(enum.StrEnum):
    """How good the returned matching is known to be.

    OPTIMAL: every objective stage was proved optimal. FEASIBLE: the matching
    satisfies every hard rule, but a time limit stopped the proof. INFEASIBLE:
    the hard rules admit no matching (see ``Matching.conflicts``). UNKNOWN: the
    solver stopped before finding any matching. MODEL_INVALID: a bug; please report it.
    """

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"
    MODEL_INVALID = "MODEL_INVALID"


    @property
    def has_solution(self) -> bool:
        return self in (Status.OPTIMAL, Status.FEASIBLE)
