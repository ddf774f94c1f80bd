"""What a pruned model's outcome proves for every allowed arc, not only the arcs it saw.

When :mod:`mentorpair.scoring.candidates` leaves arcs out of the model, each
stage's optimum holds only for the arcs kept. This restates the outcome for the
whole cohort: a stage stays proven only when a check over every allowed arc
says so, and the total gets the LP bound priced over every allowed arc
(:mod:`mentorpair.solve.bounds`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import replace

import numpy as np

from ..model.programme import Programme
from ..model.vocab import KEPT_STAGE, KIND_GROUP, KIND_PEER, WISHES_STAGE
from ..scoring.candidates import entering_scan
from ..scoring.table import ScoreTable
from ..status import Status
from .bounds import fairness_upper_bound, price_total
from .problem import ArcProblem, Outcome, StageProof

__all__ = ["lp_total_bound", "price_pruned"]

log = logging.getLogger(__name__)


def price_pruned(table: ScoreTable, programme: Programme, problem: ArcProblem, allowed: np.ndarray,
                 arcs: np.ndarray, outcome: Outcome) -> Outcome:
    """Restate a pruned model's outcome for every allowed arc (see :mod:`mentorpair.solve.bounds`).

    OPTIMAL stays only when each stage is proven for the full arc set:
    coverage when everyone who has an allowed arc is matched; fairness when
    the weakest pair equals the weakest of everyone's best arc, or no arc
    left out scores above it; the total
    when it reaches the LP bound priced over every allowed arc. Otherwise
    the outcome is FEASIBLE. Either way, when the total is the last stage,
    ``bound`` is the LP bound: no matching of the full arc set that is at
    least as good on the earlier stages (so none of its pairs is weaker than
    this one's weakest, when fairness comes first) has a larger total.
    """
    # Every stage solved, "wishes" first under hard-if-possible: each stage's proof assumes the earlier ones.
    stages: tuple[str, ...] = tuple(programme.stages)
    values = outcome.stage_values
    # Fairness judges the score a pair shows, cohesion share included: bound it from above.
    shown = table.shown_score_bound()
    ends = np.concatenate([table.giver[allowed], table.receiver[allowed]])
    best = np.full(len(table.participants), np.iinfo(np.int64).min)
    np.maximum.at(best, ends, np.concatenate([shown[allowed], shown[allowed]]))
    if table.reachable is not None and table.best_score is not None:
        # Only each person's best pairs are in the table; the block pass saw every pair.
        reachable, best = np.flatnonzero(table.reachable), np.maximum(best, table.best_score)
    else:
        reachable = np.unique(ends)
    searched = {row.stage: row.proven for row in outcome.proof}
    proven: dict[str, bool] = {}
    if WISHES_STAGE in stages:
        proven[WISHES_STAGE] = WISHES_STAGE in values and _wishes_proven(
            table, programme, problem, allowed, values[WISHES_STAGE], searched.get(WISHES_STAGE, False))
    # Everyone who has an allowed pair is in one: no matching covers more, whatever the search proved.
    proven["coverage"] = values.get("coverage") == len(reachable)
    if KEPT_STAGE in stages:
        # Every arc of a kept pair is in the model; keeping every pair that has one is the most
        # possible, once the stage before (coverage, when there is one) is proven too.
        first = stages.index(KEPT_STAGE) == 0 or stages[stages.index(KEPT_STAGE) - 1] == WISHES_STAGE
        keepable = _keepable(table, programme, allowed)
        proven[KEPT_STAGE] = (values.get(KEPT_STAGE) == keepable
                              and (first or proven["coverage"]) and proven.get(WISHES_STAGE, True))
    weakest = values.get("fairness")
    before = stages[:stages.index("fairness")] if "fairness" in stages else ()
    # The first and third tests bound matchings that cover everyone: they speak for fairness only
    # after a coverage stage proven over every pair (the wishes stage before it only narrows the
    # matchings bounded). The second needs the model's own fairness optimum (a search the clock
    # stopped proves none) and every earlier stage proven.
    covering = tuple(s for s in before if s not in (WISHES_STAGE, KEPT_STAGE)) == ("coverage",) and proven["coverage"]
    proven["fairness"] = weakest is not None and (
        # Nobody's best pair is better than the weakest pair ...
        (covering and weakest == int(best[reachable].min()))
        # ... or every arc left out is no better than it, so none could have raised it ...
        or (table.complete and searched.get("fairness", False) and all(proven.get(s, False) for s in before)
            and _best_left_out(shown, allowed, arcs) <= weakest)
        # ... or no matching of the full arc set that covers everyone can be fairer.
        or (covering and table.complete
            and _fairness_bound(table, shown, problem, allowed, reachable, weakest) == weakest))
    if not proven.get(WISHES_STAGE, True) or not proven.get(KEPT_STAGE, True):
        # Coverage and fairness were proven for matchings that honour as many wishes as this one: if
        # the full arc set may honour more, its later stages are another question, proven by none of this.
        proven = {stage: False for stage in proven}
    log.debug("pruned model: stages %s proven for every arc: %s", stages, proven)
    earlier_proven = all(proven.get(s, False) for s in stages[:-1])
    if stages[-1] != "total" or "total" not in values:
        return replace(outcome, status=Status.FEASIBLE, bound=None, stopped_in=None, proof=_restated(outcome, proven))
    if not table.complete and not earlier_proven:
        # Pricing would score every pair of the cohort again (minutes at 20,000 people) for a
        # bound on a question the unproven earlier stages already changed: not worth it.
        log.debug("pruned model of a large cohort, earlier stages unproven: no bound priced")
        return replace(outcome, status=Status.FEASIBLE, bound=None, stopped_in=None, proof=_restated(outcome, proven))
    started = time.perf_counter()
    bound = lp_total_bound(table, programme, problem, allowed, arcs, outcome)
    total = values["total"]
    proven["total"] = earlier_proven and total >= bound - 1e-6 and outcome.status is Status.OPTIMAL
    proof = _restated(outcome, proven, total_bound=(int(np.floor(bound + 1e-6)), time.perf_counter() - started))
    if proven["total"]:
        return replace(outcome, proof=proof)
    return replace(outcome, status=Status.FEASIBLE, bound=int(np.floor(bound + 1e-6)), stopped_in="total", proof=proof)


def _keepable(table: ScoreTable, programme: Programme, allowed: np.ndarray) -> int:
    """How many of ``programme.keep_pairs`` an allowed arc can make: ``first`` giving to ``second``, or peers.

    One pass over the arcs for all the pairs (a rematch of a large cohort keeps thousands).
    """
    n = len(table.participants)
    ids = {p.id: i for i, p in enumerate(table.participants)}
    giver, receiver, kind = table.giver[allowed], table.receiver[allowed], table.kind[allowed]
    made = np.union1d(giver * n + receiver, (receiver * n + giver)[kind == KIND_PEER])
    wanted = np.array([ids[a] * n + ids[b] for a, b in dict.fromkeys(programme.keep_pairs) if a in ids and b in ids],
                      dtype=np.int64)
    return int(np.isin(wanted, made).sum())


def _wishes_proven(table: ScoreTable, programme: Programme, problem: ArcProblem, allowed: np.ndarray,
                   value: int, searched: bool) -> bool:
    """Whether no matching of every allowed arc honours more wishes than the pruned model's optimum.

    Every wished arc is kept in the model (:func:`~mentorpair.scoring.candidates.candidate_arcs`).
    Either every wisher with an allowed wished pair is honoured, or the model's optimum was
    proven and any matching's wished arcs (and fixed pairs, also kept) are a matching of the
    model: true without groups, whose least size other arcs may be needed for, and without
    ``require_all``, which other arcs may be needed for.
    """
    ids = [p.id for p in table.participants]
    ends = {frozenset((ids[int(table.giver[a])], ids[int(table.receiver[a])])) for a in allowed.tolist()}
    reachable = sum(1 for p in table.participants if p.wishes and any(frozenset((p.id, w)) in ends for w in p.wishes))
    if value >= reachable:
        return True
    no_group_arcs = problem.group is None or not bool(problem.group.any())
    return searched and table.complete and no_group_arcs and not programme.require_all


def _restated(outcome: Outcome, proven: dict[str, bool],
              total_bound: tuple[int, float] | None = None) -> tuple[StageProof, ...]:
    """The proof rows of a pruned model's outcome, restated for every allowed pair."""
    rows = []
    for row in outcome.proof:
        ok = proven.get(row.stage, False)
        if row.stage == "total" and total_bound is not None:
            bound, seconds = total_bound
            rows.append(replace(row, proven=ok, bound=float(max(bound, row.value)),
                                engine=f"{row.engine} on each person's best pairs; LP bound over every allowed pair",
                                seconds=(row.seconds or 0.0) + seconds))
        else:
            how = "checked over every allowed pair" if ok else "not proven over the pairs left out"
            rows.append(replace(row, proven=ok, bound=float(row.value) if ok else None,
                                engine=f"{row.engine} on each person's best pairs; {how}"))
    return tuple(rows)


def lp_total_bound(table: ScoreTable, programme: Programme, problem: ArcProblem, allowed: np.ndarray,
                   arcs: np.ndarray, outcome: Outcome) -> float:
    """An upper bound on the total of any matching of every allowed arc as good as ``outcome`` on the earlier stages.

    The linear relaxation priced over every allowed arc (:func:`~mentorpair.solve.bounds.price_total`):
    it drops coverage, group sizes and hard requirements, each of which can only
    lower the optimum, so the bound holds whatever the search proved.
    """
    values = outcome.stage_values
    lp = allowed
    if "fairness" in values:  # a matching at least as fair as this one has no pair shown below its weakest
        lp = allowed[table.shown_score_bound()[allowed] >= values["fairness"]]
    if not len(lp):
        return 0.0  # no pair can be in such a matching: its total is 0
    half_cohesion = np.zeros(len(table), dtype=np.float64)
    for a, b, units in table.cohesion:
        half_cohesion[a] += units / 2
        half_cohesion[b] += units / 2
    people = table.participants
    # Per person, as the model has them: individual capacity, largest group, one role only.
    capacity, group_max = problem.capacity.astype(np.float64), _group_max(problem).astype(np.float64)
    position = np.searchsorted(lp, arcs[np.isin(arcs, lp)])
    priced = price_total(
        n_people=len(people), giver=table.giver[lp], receiver=table.receiver[lp],
        value=table.score[lp] + half_cohesion[lp], mutual=table.kind[lp] == KIND_PEER,
        give_weight=np.where(table.kind[lp] == KIND_GROUP, 1.0 / np.maximum(group_max[table.giver[lp]], 1),
                             1.0 / capacity[table.giver[lp]]),
        exclusive=problem.exclusive,
        start=position,
        scan=None if table.scorer is None else entering_scan(table.scorer, table, values.get("fairness", -2**62)),
        capacity=capacity,
    )
    log.debug("priced %d arcs left out of the model: bound %.1f, %d arcs brought back in %d LP solves",
              len(lp) - len(position), priced.bound, priced.arcs_added, priced.rounds)
    return float(priced.bound)


def _best_left_out(shown: np.ndarray, allowed: np.ndarray, arcs: np.ndarray) -> int:
    left_out = np.setdiff1d(allowed, arcs, assume_unique=True)
    return int(shown[left_out].max()) if len(left_out) else np.iinfo(np.int64).min


def _fairness_bound(table: ScoreTable, shown: np.ndarray, problem: ArcProblem, allowed: np.ndarray,
                    reachable: np.ndarray, weakest: int) -> int:
    """An upper bound on the weakest pair of any matching of every allowed arc that covers everyone."""

    people = table.participants
    roles = np.array([p.role.value for p in people])
    can_reach = np.zeros(len(people), dtype=bool)
    can_reach[reachable] = True
    gives = np.array([p.role.can_give for p in people], dtype=bool)
    bound = fairness_upper_bound(
        n_people=len(people), giver=table.giver[allowed], receiver=table.receiver[allowed],
        score=shown[allowed], mutual=table.kind[allowed] == KIND_PEER,
        slots=np.where(gives, np.maximum(problem.capacity, _group_max(problem)), 0).astype(np.int64),
        must_receive=can_reach & (roles == "mentee"), must_give=can_reach & (roles == "mentor"), floor=weakest,
    )
    log.debug("fairness: weakest pair %d, bound over every allowed arc %d", weakest, bound)
    return bound


def _group_max(problem: ArcProblem) -> np.ndarray:
    """Each person's largest group; a problem stated without groups has none."""
    return problem.group_max if problem.group_max is not None else np.zeros(problem.n_people, dtype=np.int64)
