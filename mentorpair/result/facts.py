"""What is known about each pair and each unmatched person, gathered once when a matching is made.

Frozen records, read by the explanations, ``unmatched_in`` and the exports in
either language. Gathering them once (:mod:`mentorpair.result.assemble`) is
what keeps an explanation's cost the same at 60 people or 20,000: nothing is
re-derived from the whole matching on each call.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from ..model.vocab import COUNTED_STAGES
from ..solve.problem import StageProof
from ..solve.requirements import Rule
from ..status import Status

__all__ = ["PROOF_COLUMNS", "CohortCounts", "PairFacts", "RuleFacts", "UnmatchedFacts", "proof_frame"]


@dataclass(frozen=True)
class PairFacts:
    """One chosen arc: mentor ``giver`` with ``receiver`` (for peers, the two peers), and its score parts.

    ``units`` and ``raw`` hold each score part in units and before weighting;
    ``cohesion_units`` is this member's share of the group's cohesion;
    ``co_mentees`` the other members of a group, in input order.
    """

    arc: int
    kind: str
    giver: int
    receiver: int
    units: dict[str, int]
    raw: dict[str, float]
    similarity: float
    cohesion_units: int
    co_mentees: tuple[str, ...]


@dataclass(frozen=True)
class CohortCounts:
    """Who signed up, counted once for the whole cohort: the supply and demand an unmatched reason may state.

    ``mentees``, ``mentors``, ``either`` and ``peers`` count the roles signed up for;
    ``places`` is how many mentees the mentors (role ``mentor``) could take
    together, each at the most any form the programme runs lets them take.
    """

    mentees: int = 0
    mentors: int = 0
    either: int = 0
    peers: int = 0
    places: int = 0

    @property
    def too_few_places(self) -> bool:
        """More mentees signed up than the mentors have places, even before any other rule."""
        return self.mentees > self.places + self.either

    @property
    def too_few_mentees(self) -> bool:
        """More mentors signed up than there are mentees (and people who could be either) for them."""
        return self.mentors > self.mentees + self.either


@dataclass(frozen=True)
class UnmatchedFacts:
    """Why a person is left out, as facts: the words come from :func:`~mentorpair.result.explain.unmatched_reason`.

    ``side`` is ``"mentee"``, ``"mentor"``, ``"peer"`` or ``"either"``;
    ``feasible`` each allowed counterpart with what keeps them busy
    (``"full"``, ``"paired"``, ``"free"`` …), the best-scoring pair first;
    ``blocked`` each hard-rule code with the counterparts it rules out;
    ``group_min`` the least size of a group when all they could do is lead
    one (0 otherwise); ``pruned_infeasible`` that no matching was made because
    the rules failed among the pairs kept; ``counts`` the cohort's roles and
    places, one record shared by every unmatched person; ``wishes_first`` that
    the first objective stage honoured as many wishes as it could
    (``wishes="hard-if-possible"``, and someone made a wish); ``paired_without_stability`` whom the
    same rules without ``stability_delta`` pair them with (:mod:`mentorpair.result.stability_cost`).
    """

    side: str
    feasible: tuple[tuple[str, str], ...]
    blocked: tuple[tuple[str, tuple[str, ...]], ...]
    coverage_first: bool
    status: Status
    peers_enabled: bool
    group_min: int = 0
    pruned_infeasible: bool = False
    counts: CohortCounts = CohortCounts()
    wishes_first: bool = False
    paired_without_stability: tuple[str, ...] = ()
    held_out_by_share: tuple[tuple[str, str], ...] = ()  # (free counterpart, hard share their pair would break)
    #: under ``repeat="avoid"``, the allowed counterparts they were paired with in a round that counts, with
    #: the latest such round: the part that made those pairs score lower may be what left them out
    avoided: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class RuleFacts:
    """The hard rules behind ``Matching.conflicts`` and ``Matching.relaxation``, to be worded in any language."""

    conflicts: tuple[Rule, ...] = ()
    relaxation: tuple[Rule, ...] = ()


PROOF_COLUMNS = ("stage", "value", "bound", "proven", "engine", "seconds")


def proof_frame(rows: Sequence[StageProof], scale: int) -> pd.DataFrame:
    """``Matching.proof``: one row per stage, values as the matching shows them (coverage in people)."""
    def shown(stage: str, units: float | None) -> float | None:
        return None if units is None else (float(units) if stage in COUNTED_STAGES else units / scale)

    return pd.DataFrame([[r.stage, shown(r.stage, r.value), shown(r.stage, r.bound), r.proven, r.engine, r.seconds]
                         for r in rows], columns=list(PROOF_COLUMNS))
