"""A matching's value on each objective stage, as the CP-SAT model counts it.

Coverage in people, ``"wishes"`` in honoured requirements, ``"kept"`` in announced pairs kept, ``"balance"`` in
pairs short of the soft shares (negated), fairness (the weakest pair as the matching shows it), ``"floor"``
(each subgroup's weakest pair, summed) and total in score units.
"""

from __future__ import annotations

import numpy as np

from ..model.balance import BALANCE_STAGE, FLOOR_STAGE
from ..model.vocab import KEPT_STAGE, WISHES_STAGE
from ..scoring.parts import cohesion_split
from .balance_problem import floor_value, shortfall
from .problem import ArcProblem, HardRequirement

__all__ = ["honoured", "pair_scores", "stage_value", "total_of"]


def stage_value(problem: ArcProblem, stage: str, chosen: np.ndarray) -> int:
    """A matching's value on one stage, as the model counts it."""
    if stage == "coverage":
        return len(set(problem.giver[chosen].tolist()) | set(problem.receiver[chosen].tolist()))
    if stage == WISHES_STAGE:
        return len(honoured(problem, chosen))
    if stage == KEPT_STAGE:
        return len(honoured(problem, chosen, problem.keep or ()))
    if stage == "fairness":
        return int(pair_scores(problem, chosen).min()) if len(chosen) else 0
    if stage == BALANCE_STAGE:
        return shortfall(problem.balance, chosen)
    if stage == FLOOR_STAGE:
        return floor_value(problem.balance, chosen, pair_scores(problem, chosen))
    return total_of(problem, chosen)


def honoured(problem: ArcProblem, chosen: np.ndarray,
             counted: tuple[HardRequirement, ...] | None = None) -> list[int]:
    """Positions (into ``counted``, by default ``problem.honour``) of the requirements ``chosen`` meets."""
    picked = set(chosen.tolist())
    return [i for i, req in enumerate((problem.honour or ()) if counted is None else counted)
            if picked.intersection(req.arcs)]


def total_of(problem: ArcProblem, chosen: np.ndarray) -> int:
    """The total stage's value of a matching: its arcs' scores plus the cohesion of co-chosen arcs."""
    picked = set(chosen.tolist())
    cohesion = sum(int(u) for a, b, u in problem.cohesion if a in picked and b in picked)
    return int(problem.score[chosen].sum()) + cohesion


def pair_scores(problem: ArcProblem, chosen: np.ndarray) -> np.ndarray:
    """The chosen arcs' scores as the matching shows them: each group member's share of cohesion added.

    A co-mentee pair's cohesion is split between the two (the first in input
    order takes the odd unit), as :meth:`~mentorpair.scoring.table.ScoreTable.cohesion_shares` does.
    """
    out = problem.score[chosen].astype(np.int64)
    position = {int(a): i for i, a in enumerate(chosen.tolist())}
    for a, b, units in problem.cohesion:
        if a in position and b in position:
            share_a, share_b = cohesion_split(units, int(problem.receiver[a]) < int(problem.receiver[b]))
            out[position[a]] += share_a
            out[position[b]] += share_b
    return np.asarray(out, dtype=np.int64)
