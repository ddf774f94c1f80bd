"""Starting matchings for a problem with balance rules (:mod:`mentorpair.solve.balance_problem`).

Balance rules keep the blossom from answering (they tie the pairs together), but where everyone is in
at most one pair it still finds the most people matched, and the best total among those, in a
fraction of a second: a far better start for CP-SAT's search than the flow and greedy hints (on
1,000 synthetic people the search started 64 people short of the 950 the blossom matches and had
closed half of that in 15 s). With shares, the blossom also finds the most pairs of a share's kind
among those; hard shares and group mixes are then kept by dropping pairs
(:func:`~mentorpair.solve.balance_problem.repair`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from ..model.options import SolveOptions
from .balance_problem import pairs_short
from .blossom import ORDERS, blossom_fits, solve_blossom
from .problem import ArcProblem
from .stage_values import stage_value

__all__ = ["balance_hints"]

_ORDER = SolveOptions(objective=("coverage", "total"))


def balance_hints(problem: ArcProblem, objective: Sequence[str]) -> tuple[np.ndarray, ...]:
    """The blossom's most-people matching of ``problem`` less its balance rules, where it fits: with shares,
    the one with the most pairs of each at-least share's kind and the fewest of each at-most share's
    (then the best total); without, the optimum of ``objective`` where the blossom answers it (else of
    coverage, then total).

    Where everyone is in at most one pair, the pairs of a most-people matching are as many as its people
    allow, so a share's shortfall falls as its count of pairs of that kind rises: a score that ranks
    each arc's kinds above any score difference a matching's total can make finds the best such
    count exactly for one share, and a good start for several.
    """
    if problem.balance is None:
        return ()
    plain = replace(problem, balance=None, keep=None)
    if not blossom_fits(plain, _ORDER):
        return ()
    tilt = np.zeros(len(problem.giver), dtype=np.int64)
    for term in problem.balance.shares:
        if term.num != (0 if term.at_least else term.den):  # at least 0 or at most all: no pair is short
            tilt += np.where(term.flag, 1 if term.at_least else -1, 0)
    if not tilt.any() and tuple(objective) in ORDERS:
        order = SolveOptions(objective=tuple(objective))  # type: ignore[arg-type]
        return (np.asarray(solve_blossom(plain, order).chosen, dtype=np.int64),)
    if not tilt.any():
        return (np.asarray(solve_blossom(plain, _ORDER).chosen, dtype=np.int64),)
    best = _tilted(plain, tilt, np.ones(len(tilt), dtype=bool))
    # The same among the pairs no weaker than the blossom's fairest most-people matching: where that
    # loses nothing on the shares, fairness starts at its optimum (a bound for it) rather than anywhere.
    fairest = solve_blossom(plain, SolveOptions(objective=("coverage", "fairness"))).stage_values.get("fairness")
    if fairest is None:
        return (best,)
    fair = _tilted(plain, tilt, problem.score >= fairest)
    same = (stage_value(problem, "coverage", fair) == stage_value(problem, "coverage", best)
            and pairs_short(problem.balance, fair) == pairs_short(problem.balance, best))
    return (fair if same else best,)


def _tilted(plain: ArcProblem, tilt: np.ndarray, keep: np.ndarray) -> np.ndarray:
    """The blossom's most-people matching among the ``keep`` arcs with the most tilt, then the best total
    (positions into ``plain``'s arcs)."""
    arcs = np.flatnonzero(keep)
    score = plain.score[arcs]
    spread = int(score.max() - score.min()) + 1 if len(arcs) else 1
    # Above what any matching's scores can add up to: the kinds decide, the scores only break ties.
    weight = spread * (plain.n_people // 2 + 1)
    no = np.zeros(len(plain.giver), dtype=bool)
    sub = replace(plain, giver=plain.giver[arcs], receiver=plain.receiver[arcs],
                  score=(tilt[arcs] - (tilt[arcs].min() if len(arcs) else 0)) * weight
                  + (score - (score.min() if len(arcs) else 0)),
                  mutual=(plain.mutual if plain.mutual is not None else no)[arcs],
                  group=(plain.group if plain.group is not None else no)[arcs])
    return np.asarray(arcs[solve_blossom(sub, _ORDER).chosen], dtype=np.int64)
