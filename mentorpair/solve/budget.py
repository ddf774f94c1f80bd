"""Estimate a match's memory before building it, and refuse what would not fit.

The per-item costs were measured on this project's machine (Python 3.11,
OR-Tools 9.15): a staged solve of a 10,000-arc cohort peaked at about 6.3 KB
per arc (model, presolve copies, LP), the score table holds about 0.6 KB per
arc, and a group-cohesion term costs about as much as an arc.
"""

from __future__ import annotations

from ..exceptions import ModelTooLargeError
from ..model.cohort import Cohort
from ..model.programme import Programme
from ..scoring.blocks import BLOCK_PAIRS, DEFAULT_K
from ..scoring.candidates import AUTO_PRUNE_ABOVE
from ..scoring.table import DENSE_PAIR_LIMIT

__all__ = ["check_memory", "estimate_arcs", "estimate_memory_mb", "estimate_model_arcs"]

BYTES_PER_MODEL_ARC = 6_300
BYTES_PER_SCORED_ARC = 600
BYTES_PER_COHESION_TERM = 6_300
BASELINE_MB = 300.0  # interpreter, numpy, pandas, OR-Tools and the encoder's model


def estimate_arcs(cohort: Cohort, programme: Programme) -> tuple[int, int]:
    """Upper bounds on candidate arcs and group-cohesion terms."""
    givers = sum(p.role.can_give for p in cohort)
    receivers = sum(p.role.can_receive for p in cohort)
    both = sum(p.role.can_give and p.role.can_receive for p in cohort)
    peers = sum(p.role.value in ("peer", "any") for p in cohort)
    arcs = 0
    if not {"traditional", "reverse", "group"}.isdisjoint(programme.forms):
        arcs += givers * receivers - both
    cohesion = 0
    if "group" in programme.forms:
        k = min(programme.group_candidates, receivers)
        leaders = sum(p.role.can_give and programme.group_limits_of(p) is not None for p in cohort)
        arcs += leaders * k
        cohesion = leaders * k * (k - 1) // 2
    if "peer" in programme.forms:
        arcs += peers * (peers - 1) // 2
    return arcs, cohesion


def estimate_model_arcs(cohort: Cohort, programme: Programme) -> int:
    """Upper bound on the arcs CP-SAT gets after :mod:`mentorpair.scoring.candidates` prunes."""

    arcs, _ = estimate_arcs(cohort, programme)
    k = programme.candidates_per_person
    if k is None:
        k = 0 if arcs <= AUTO_PRUNE_ABOVE else DEFAULT_K
    if k == 0:
        return arcs
    # k per person and side, but most pairs are among the best of both their people: measured
    # 11.3 arcs a person for k = 10 on 1,000- and 12.2 on 20,000-person all-forms cohorts,
    # group arcs included; 1.25 k a person plus the group arcs is above both.
    _, cohesion = estimate_arcs(cohort, programme)
    k_group = min(programme.group_candidates, len(cohort))
    group = 2 * cohesion // max(k_group - 1, 1) if "group" in programme.forms else 0
    return min(arcs, 5 * k * len(cohort) // 4 + group)


def estimate_memory_mb(cohort: Cohort, programme: Programme) -> float:
    arcs, cohesion = estimate_arcs(cohort, programme)
    model = estimate_model_arcs(cohort, programme)
    scored = arcs
    if arcs > DENSE_PAIR_LIMIT and programme.candidates_per_person != 0:
        # Only the best pairs are kept, found in blocks of BLOCK_PAIRS (about 1 KB each while scored).
        scored = model + BLOCK_PAIRS * 1_000 // BYTES_PER_SCORED_ARC
    return BASELINE_MB + (scored * BYTES_PER_SCORED_ARC + model * BYTES_PER_MODEL_ARC
                          + cohesion * BYTES_PER_COHESION_TERM) / 2**20


def check_memory(cohort: Cohort, programme: Programme) -> None:
    """Raise :class:`ModelTooLargeError` when the estimate exceeds ``programme.memory_budget_mb``."""
    budget = programme.memory_budget_mb
    if budget is None:
        return
    need = estimate_memory_mb(cohort, programme)
    if need > budget:
        arcs, cohesion = estimate_arcs(cohort, programme)
        raise ModelTooLargeError(
            f"matching {len(cohort)} participants needs an estimated {need:,.0f} MB "
            f"({arcs:,} candidate pairs, {cohesion:,} group-cohesion terms), over the memory budget of "
            f"{budget:,.0f} MB. Lower group_candidates, leave out forms you do not need, split the cohort "
            "(e.g. by region or language), or raise Programme(memory_budget_mb=...) if the machine has the memory."
        )
