"""What every engine solves and what every engine returns.

:class:`ArcProblem` states a matching over plain arrays; :class:`Outcome` is
the one result type of every engine (CP-SAT, the flows, the peer LP), so the
pipeline and the low-level entry points read one shape, and a status is a
:class:`~mentorpair.Status`, never a string.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

import numpy as np

from ..status import Status
from .balance_problem import BalanceArcs

__all__ = ["ArcProblem", "HardRequirement", "Outcome", "StabilityRule", "StageProof"]


@dataclass(frozen=True)
class HardRequirement:
    """At least one of ``arcs`` must be chosen; ``rule`` is the programme's rule it stands for.

    The engines never read ``rule``: they report conflicts as positions in
    ``ArcProblem.requirements``, and the words come from the rule after the solve.
    """

    rule: Hashable
    arcs: tuple[int, ...]


@dataclass(frozen=True)
class StabilityRule:
    """No blocking pair (``Programme.stability_delta``; the definition is :mod:`mentorpair.result.stability`'s).

    A side of an unchosen arc blocks when it gains more than ``margin`` units
    (the arc's score minus what that person would leave, nothing counting 0);
    the arc blocks when both sides do. ``never_left[a]``: arc ``a`` joins the two
    of a fixed pair, whom neither leaves. ``rule`` is the programme's rule it
    stands for: in ``Outcome.conflicts`` and ``relaxation`` it has the position
    ``len(requirements)``, after the hard requirements.
    """

    margin: int
    never_left: np.ndarray
    rule: Hashable


@dataclass(frozen=True)
class ArcProblem:
    """A matching problem over arcs.

    An individual arc: ``giver[a]`` may mentor ``receiver[a]`` with integer
    ``score[a]``; a person gives at most ``capacity[p]`` individual arcs. A
    ``mutual`` arc is a peer pair: it uses up both people. A ``group`` arc puts
    ``receiver[a]`` in ``giver[a]``'s group, which, if it runs, has between
    ``group_min[p]`` and ``group_max[p]`` members; a mentor runs a group or
    individual pairs, not both. Everyone is in at most one arc as a receiver
    (or peer). A person with ``exclusive[p]`` may not both give and receive;
    otherwise (dual roles) they may, but never both ways with the same person.
    ``cohesion`` adds ``units`` when both group arcs ``a`` and ``b`` are chosen;
    ``clashes`` are group arcs that may not both be chosen. ``honour``, when
    not None, are requirements counted rather than required: a first stage,
    ``"wishes"``, maximises how many of them hold (each holds when one of its
    arcs is chosen), and the ``objective``'s stages follow with that count fixed.
    ``keep``, when not None, are counted the same way by a stage ``"kept"``
    right after coverage (:func:`mentorpair.model.programme.solve_stages`).
    ``stability``, when not None, forbids blocking pairs (:class:`StabilityRule`).
    """

    n_people: int
    giver: np.ndarray
    receiver: np.ndarray
    score: np.ndarray
    capacity: np.ndarray
    exclusive: np.ndarray
    requirements: tuple[HardRequirement, ...] = ()
    mutual: np.ndarray | None = None
    group: np.ndarray | None = None
    group_min: np.ndarray | None = None
    group_max: np.ndarray | None = None
    cohesion: tuple[tuple[int, int, int], ...] = ()
    clashes: tuple[tuple[int, int], ...] = ()
    honour: tuple[HardRequirement, ...] | None = None
    keep: tuple[HardRequirement, ...] | None = None
    balance: BalanceArcs | None = None
    stability: StabilityRule | None = None


@dataclass(frozen=True)
class StageProof:
    """What one stage reached and how it is known: the row of ``Matching.proof``.

    ``value`` and ``bound`` are in the stage's units (people; score units);
    ``bound`` is None when nothing above the value is proven; ``engine`` says
    which engine reached the value and what proved (or bounded) it.
    """

    stage: str
    value: int
    bound: float | None
    proven: bool
    engine: str
    seconds: float | None


@dataclass(frozen=True)
class Outcome:
    """What an engine found, and how much of it is proven.

    ``chosen`` are the chosen arcs (positions, ascending; the peer engine gives
    keys ``i * n + j``); ``stage_values`` each stage's value reached, coverage
    in people (pairs for the peer engine), ``"wishes"`` and ``"kept"`` (where
    the problem has them) in requirements honoured and pairs kept, and fairness and total in integer
    score units; ``bound`` a proven upper bound on the last stage reached,
    where one is known; ``stopped_in`` the first stage not proven optimal.
    ``conflicts`` and ``relaxation`` are positions in the problem's
    ``requirements``: a minimal set that cannot hold together, and the fewest
    whose removal makes a matching possible. ``info`` holds an engine's counters.
    ``unproven`` names what the status would claim but a time limit left
    unproven: ``"conflicts_missing"`` (infeasible, no conflicting set found in
    time), ``"conflicts_not_minimal"``, ``"relaxation_not_fewest"``,
    ``"infeasible_when_pruned"`` (the rules failed only among the arcs kept),
    ``"interrupted"`` (a Ctrl-C stopped the search, :mod:`mentorpair.solve.progress`).
    ``proof`` holds one :class:`StageProof` per stage reached.
    """

    status: Status
    chosen: np.ndarray
    stage_values: dict[str, int] = field(default_factory=dict)
    objective: int | None = None
    bound: float | None = None
    conflicts: tuple[int, ...] = ()
    relaxation: tuple[int, ...] = ()
    seconds: float = 0.0
    stopped_in: str | None = None
    info: dict[str, int] = field(default_factory=dict)
    unproven: frozenset[str] = frozenset()
    proof: tuple[StageProof, ...] = ()
