"""The balance rules in the CP-SAT model: hard shares and group mixes as constraints, soft shares and
subgroup floors as stage expressions.

Only :mod:`mentorpair.solve.cpsat` imports CP-SAT; the model and the arc variables are handed in
(duck-typed), so this module states the rules without loading OR-Tools itself. Each expression
counts what :mod:`mentorpair.solve.balance_problem` evaluates for a matching.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model.balance import BALANCE_STAGE, FLOOR_STAGE
from ..scoring.parts import cohesion_split, largest_cohesion_shares
from .problem import ArcProblem
from .requirements import Rule

#: the programme's rule the hard shares and group mixes stand for together: in ``Outcome.conflicts`` and
#: ``relaxation`` it has the position after the hard requirements (and after stability_delta's rule)
BALANCE_RULE = Rule("balance", ())

__all__ = ["BALANCE_RULE", "add_balance"]


def add_balance(model: Any, x: list[Any], problem: ArcProblem,
                cohesion_literals: list[Any]) -> tuple[dict[str, Any], list[Any]]:
    """Add the hard balance rules to ``model``; return the ``"balance"`` and ``"floor"`` stage expressions,
    and the literal the hard rules hang on (as a list to append to the requirements' literals: empty
    when there are none, or no hard requirement beside them, which is when they are enforced outright).

    With hard requirements the hard shares and group mixes are one more rule the conflicts may name and
    the relaxation may drop (:data:`BALANCE_RULE`), as ``stability_delta`` is: else a set of fixed pairs
    that holds without them would be named as not holding together.

    A share bound ``count(flag) >= num/den * count(all)`` is stated ``den * count(flag) >= num * count(all)``,
    linear and exact. A soft one gets a shortfall ``s >= 0`` with ``den * s >= num * rows - den * count``:
    at the optimum ``s`` is the pairs short, rounded up. A group mix bounds each label's members of each
    mentor's group by ``num/den`` of the group. A floor subgroup's ``f`` is at most every chosen pair's
    shown score (its score plus its share of group cohesion) and 0 when none of its arcs is chosen.
    """
    balance = problem.balance
    if balance is None:
        return {}, []
    # As stability_delta's: on a literal wherever another hard rule could clash (result.assemble reads the
    # positions after the requirements as the stability rule's, then this one's).
    others = bool(problem.requirements) or problem.stability is not None
    lit = model.new_bool_var("balance") if others and balance.hard else None

    def must(constraint: Any) -> None:
        if lit is not None:
            constraint.only_enforce_if(lit)

    n_arcs = len(x)
    rows = sum(x) if x else 0
    short = []
    for i, term in enumerate(balance.shares):
        count = sum(x[a] for a in np.flatnonzero(term.flag).tolist())
        gap = (term.num * rows - term.den * count) if term.at_least else (term.den * count - term.num * rows)
        if term.hard:
            must(model.add(gap <= 0))
        else:
            s = model.new_int_var(0, n_arcs, f"short{i}")
            model.add(term.den * s >= gap)
            short.append(s)
    for label, in_group, num, den in balance.mixes:
        groups: dict[int, list[int]] = {}
        for a in np.flatnonzero(in_group).tolist():
            groups.setdefault(int(problem.giver[a]), []).append(a)
        for mentor, arcs in groups.items():
            size = sum(x[a] for a in arcs)
            least = int(problem.group_min[mentor]) if problem.group_min is not None else 1
            for value in sorted({int(label[a]) for a in arcs} - {-1}):
                same = [a for a in arcs if int(label[a]) == value]
                # Else even the smallest group that takes all of them keeps the mix: no group can break it.
                if den * len(same) > num * max(least, len(same)):
                    must(model.add(den * sum(x[a] for a in same) <= num * size))
    # A floor whose subgroups have no arc at all (nobody stated a language, say) is 0 on every matching.
    return ({BALANCE_STAGE: -sum(short) if short else 0,
             FLOOR_STAGE: _floors(model, x, problem, cohesion_literals) if balance.subgroups else 0},
            [lit] if lit is not None else [])


def _floors(model: Any, x: list[Any], problem: ArcProblem, cohesion_literals: list[Any]) -> Any:
    """The sum over floor subgroups of each one's weakest chosen pair (0 for a subgroup with none)."""
    assert problem.balance is not None
    lifted: dict[int, list[tuple[int, Any]]] = {}
    for (a, b, units), both in zip(problem.cohesion, cohesion_literals):
        share_a, share_b = cohesion_split(units, int(problem.receiver[a]) < int(problem.receiver[b]))
        lifted.setdefault(a, []).append((share_a, both))
        lifted.setdefault(b, []).append((share_b, both))
    top = problem.score + (largest_cohesion_shares(problem.receiver, problem.cohesion) if problem.cohesion else 0)
    low, high = min(0, int(problem.score.min())), max(0, int(np.max(top)))
    floors = []
    for i, members in enumerate(problem.balance.subgroups):
        arcs = members.tolist()
        used = model.new_bool_var(f"used{i}")
        model.add_max_equality(used, [x[a] for a in arcs])
        f = model.new_int_var(low, high, f"floor{i}")
        model.add(f == 0).only_enforce_if(~used)
        for a in arcs:
            shown = int(problem.score[a]) + sum(share * lit for share, lit in lifted.get(a, ()))
            model.add(f <= shown).only_enforce_if(x[a])
        floors.append(f)
    return sum(floors)
