"""A cohort's score table as the solver's :class:`~mentorpair.solve.problem.ArcProblem`.

The engines see arrays only; this is the one place that reads the programme's
capacities, group sizes and role rules into them.
"""

from __future__ import annotations

import numpy as np

from ..model.programme import Programme
from ..model.vocab import KIND_GROUP, KIND_PEER
from ..scoring.table import ScoreTable
from .balance_problem import balance_arcs
from .problem import ArcProblem, HardRequirement
from .requirements import pairs_to_keep, wishes_to_honour
from .stability_rule import stability_of

__all__ = ["arc_problem"]


def arc_problem(table: ScoreTable, programme: Programme, arcs: np.ndarray,
                requirements: tuple[HardRequirement, ...]) -> ArcProblem:
    """The problem over ``arcs`` (positions of allowed arcs in ``table``) with these hard requirements.

    Under ``wishes="hard-if-possible"`` the problem also has the wishes to honour as often as possible;
    with ``keep_pairs``, the announced pairs to keep as often as possible.
    """
    people = table.participants
    limits = [programme.group_limits_of(p) or (0, 0) for p in people]
    kinds = table.kind[arcs]
    position = {int(a): i for i, a in enumerate(arcs.tolist())}
    return ArcProblem(
        n_people=len(people),
        giver=table.giver[arcs],
        receiver=table.receiver[arcs],
        score=table.score[arcs],
        capacity=np.array([programme.capacity_of(p) for p in people], dtype=np.int64),
        # Dual roles free only those who signed up as "any": a mentor never becomes a mentee.
        exclusive=np.array([not (programme.dual_roles and p.role.value == "any") for p in people], dtype=bool),
        requirements=requirements,
        mutual=kinds == KIND_PEER,
        group=kinds == KIND_GROUP,
        group_min=np.array([lo for lo, _ in limits], dtype=np.int64),
        group_max=np.array([hi for _, hi in limits], dtype=np.int64),
        cohesion=tuple((position[a], position[b], u) for a, b, u in table.cohesion if a in position and b in position),
        clashes=tuple((position[a], position[b]) for a, b in table.clashes if a in position and b in position),
        honour=wishes_to_honour(table, programme, arcs),
        keep=pairs_to_keep(table, programme, arcs),
        stability=stability_of(table, programme, arcs),
        balance=balance_arcs(table, programme, arcs),
    )
