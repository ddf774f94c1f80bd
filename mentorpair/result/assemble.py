"""A :class:`~mentorpair.result.matching.Matching` from the score table, the chosen arcs and the solver's outcome.

Everything said about the matching later (pairs, parts, the unmatched and why,
conflicts) is gathered here once, so reading it never re-solves or re-scores.
"""

from __future__ import annotations

import logging
from collections import Counter

import numpy as np
import pandas as pd

from ..model.cohort import Cohort
from ..model.participant import Participant
from ..model.programme import Programme
from ..model.vocab import (
    COMPONENTS,
    COUNTED_STAGES,
    KEPT_STAGE,
    KIND_GROUP,
    KIND_PEER,
    SCALE,
    WISHES_STAGE,
)
from ..scoring.table import ScoreTable
from ..solve.balance_model import BALANCE_RULE
from ..solve.problem import ArcProblem, Outcome
from ..solve.requirements import Rule
from ..status import Status
from .explain import rule_text, unmatched_reason, unproven_text
from .facts import CohortCounts, PairFacts, RuleFacts, UnmatchedFacts, proof_frame
from .matching import PAIR_COLUMNS, UNMATCHED_COLUMNS, Matching, objective_bound_gap
from .notes import capacity_note, kept_note, wishes_note

__all__ = ["assemble_matching", "capacity_warnings"]

log = logging.getLogger(__name__)


def assemble_matching(cohort: Cohort, programme: Programme, table: ScoreTable, problem: ArcProblem,
                      arcs: np.ndarray, outcome: Outcome) -> Matching:
    """The Matching of ``outcome`` (solved over ``problem``, whose arc ``i`` is ``table``'s arc ``arcs[i]``)."""
    # pandas is imported where a table is built: importing mentorpair stays light.

    chosen = tuple(int(arcs[i]) for i in outcome.chosen)

    people = table.participants
    order = {p.id: i for i, p in enumerate(people)}
    chosen = tuple(sorted(chosen, key=lambda a: (int(table.giver[a]), int(table.receiver[a]))))
    # One group id per mentor (all their mentees) and per peer pair, in input order.
    leaders = sorted({(int(table.giver[a]), int(table.receiver[a]) if table.kind[a] == KIND_PEER else -1)
                      for a in chosen})
    width = len(str(max(len(leaders), 1)))
    group_of = {key: f"G{i + 1:0{width}d}" for i, key in enumerate(leaders)}
    shares = table.cohesion_shares(chosen)
    rows = []
    for a in chosen:
        g, r, kind = int(table.giver[a]), int(table.receiver[a]), str(table.kind[a])
        rows.append(
            [group_of[(g, r if kind == KIND_PEER else -1)], kind, people[g].id, people[r].id,
             people[g].name, people[g].email, people[r].name, people[r].email,
             (int(table.score[a]) + shares[a]) / SCALE]
            + [int(table.units[c][a]) / SCALE for c in COMPONENTS] + [shares[a] / SCALE]
        )
    pairs = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
    pairs = pairs.astype({c: float for c in ("score", *COMPONENTS, "cohesion")})
    facts = _unmatched_facts(table, programme, chosen, outcome.status,
                             pruned_infeasible="infeasible_when_pruned" in outcome.unproven)
    ids = sorted(facts, key=order.__getitem__)
    unmatched = pd.DataFrame(
        [[pid, cohort[pid].name, cohort[pid].email, str(cohort[pid].role), unmatched_reason(cohort[pid], facts[pid])]
         for pid in ids],
        columns=list(UNMATCHED_COLUMNS),
    )
    pair_facts = _pair_facts(table, chosen, shares)
    pairs_of: dict[str, list[int]] = {}
    for i, f in enumerate(pair_facts):
        for person in (f.giver, f.receiver):
            pairs_of.setdefault(people[person].id, []).append(i)
    rules = RuleFacts(
        conflicts=tuple(_rule(problem, i) for i in outcome.conflicts),
        relaxation=tuple(_rule(problem, i) for i in outcome.relaxation),
    )
    objective, bound, gap = objective_bound_gap(outcome, float(sum(int(table.score[a]) + shares[a] for a in chosen))
                                                / SCALE, SCALE)
    # Coverage counts people and the wishes stage wishers: neither is in score units.
    stage_values = {s: (v if s in COUNTED_STAGES else v / SCALE) for s, v in outcome.stage_values.items()}
    for row in outcome.proof:  # progress for a log: numbers and engines only, never a participant's text
        log.info("stage %s: %s, value %s, bound %s (%s)", row.stage, "proven" if row.proven else "not proven",
                 row.value, row.bound, row.engine)
    return Matching(
        pairs=pairs,
        unmatched=unmatched,
        status=outcome.status,
        objective=objective,
        bound=bound,
        gap=gap,
        # The rules in words after the solve; the solver names them by their position.
        conflicts=tuple(sorted(rule_text(r, "en") for r in rules.conflicts)),
        relaxation=tuple(rule_text(r, "en") for r in rules.relaxation),
        encoder_id=table.encoder_id,
        programme=programme,
        stage_values=stage_values,
        options=programme.options,
        warnings=(*cohort.warnings, *_score_warnings(table), *capacity_warnings(cohort, programme),
                  *_wish_warnings(cohort, programme, pairs, outcome), *_kept_warnings(programme, pairs, outcome),
                  *(unproven_text(code, stage=outcome.proof[-1].stage if outcome.proof else None,
                                  ended=bool(outcome.proof) and outcome.proof[-1].proven)
                    for code in sorted(outcome.unproven))),
        proof=proof_frame(outcome.proof, SCALE),
        seconds=outcome.seconds,
        _cohort=cohort,
        _table=table,
        _pair_facts=pair_facts,
        _pairs_of={pid: tuple(found) for pid, found in pairs_of.items()},
        _unmatched_facts=facts,
        _rules=rules,
    )


def _unmatched_facts(
    table: ScoreTable, programme: Programme, chosen: tuple[int, ...], status: Status, *, pruned_infeasible: bool
) -> dict[str, UnmatchedFacts]:
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
    facts: dict[str, UnmatchedFacts] = {}
    counts = _cohort_counts(people, programme)
    # The wishes stage came before the programme's own only where someone made a wish.
    wishes_first = programme.stages[0] == WISHES_STAGE and any(p.wishes for p in people)
    # Each person's arcs, found once by sorting rather than by a scan of the table per person.
    ends = np.concatenate([table.giver, table.receiver])
    arc_of_end = np.concatenate([np.arange(len(table)), np.arange(len(table))])
    order = np.argsort(ends, kind="stable")
    bounds = np.searchsorted(ends[order], np.arange(len(people) + 1))
    for p_index, person in enumerate(people):
        if p_index in state:
            continue
        feasible: dict[tuple[str, str], int] = {}  # (counterpart, what keeps them busy) -> best score with them
        blocked: dict[str, list[str]] = {}
        for a in np.unique(arc_of_end[order[bounds[p_index]:bounds[p_index + 1]]]).tolist():
            other = int(table.receiver[a]) if int(table.giver[a]) == p_index else int(table.giver[a])
            if table.blocked[a]:
                blocked.setdefault(str(table.blocked[a]), []).append(people[other].id)
                continue
            busy = state.get(other, "free")
            if busy == "free" and table.kind[a] == KIND_GROUP and int(table.giver[a]) == other:
                busy = "group_short" if not _can_run_group(table, programme, other, state) else busy
            if busy == "mentor" and int(table.giver[a]) == other:
                if mentees_of.get(other, 0) >= programme.capacity_of(people[other]):
                    busy = "full"
            elif busy == "group" and int(table.giver[a]) == other:
                limits = programme.group_limits_of(people[other])
                busy = "group_full" if limits and mentees_of.get(other, 0) >= limits[1] else "group"
            key = (people[other].id, busy)
            feasible[key] = max(feasible.get(key, int(table.score[a])), int(table.score[a]))
        side = {"mentor": "mentor", "mentee": "mentee", "peer": "peer"}.get(person.role.value, "either")
        mine = [a for a in arc_of_end[order[bounds[p_index]:bounds[p_index + 1]]].tolist() if not table.blocked[a]]
        leads_only = bool(mine) and all(table.kind[a] == KIND_GROUP and int(table.giver[a]) == p_index for a in mine)
        limits = programme.group_limits_of(person) if leads_only else None
        past = programme.past_pairs if programme.repeat == "avoid" else {}
        avoided = tuple(sorted({(other, past[frozenset((person.id, other))]) for other, _ in feasible
                                if frozenset((person.id, other)) in past}))
        facts[person.id] = UnmatchedFacts(
            side=side,
            # Best pair first: the reasons name only the few counterparts who matter most.
            feasible=tuple(sorted(feasible, key=lambda f: (-feasible[f], f[0], f[1]))),
            blocked=tuple((code, tuple(sorted(set(ids)))) for code, ids in sorted(blocked.items())),
            coverage_first=programme.stages[0] == "coverage",
            status=status,
            peers_enabled="peer" in programme.forms,
            group_min=limits[0] if limits else 0,
            pruned_infeasible=pruned_infeasible,
            counts=counts,
            wishes_first=wishes_first,
            avoided=avoided,
        )
    return facts


def _cohort_counts(people: tuple[Participant, ...], programme: Programme) -> CohortCounts:
    """The cohort's roles and the mentors' places, counted once for every unmatched person's reason."""
    roles = Counter(p.role.value for p in people)
    individual = bool({"traditional", "reverse"} & set(programme.forms))

    def places(p: Participant) -> int:
        limits = programme.group_limits_of(p)
        return max(programme.capacity_of(p) if individual else 0, limits[1] if limits else 0)

    return CohortCounts(mentees=roles["mentee"], mentors=roles["mentor"], either=roles["any"], peers=roles["peer"],
                        places=sum(places(p) for p in people if p.role.value == "mentor"))


def _rule(problem: ArcProblem, position: int) -> Rule:
    # stability_delta's rule, then the hard balance rules, stand after the hard requirements, in the order
    # solve.cpsat adds their literals (mentorpair.solve.problem.StabilityRule, solve.balance_problem.BalanceArcs).
    after = ([problem.stability.rule] if problem.stability is not None else []) + (
        [BALANCE_RULE] if problem.balance is not None and problem.balance.hard else [])
    rule = (problem.requirements[position].rule if position < len(problem.requirements)
            else after[position - len(problem.requirements)])
    assert isinstance(rule, Rule), "a cohort's requirements are built by solve.requirements"
    return rule


def _pair_facts(table: ScoreTable, chosen: tuple[int, ...], shares: dict[int, int]) -> tuple[PairFacts, ...]:
    """Each chosen arc's facts; a group's members are found once, not per explanation."""
    people = table.participants
    members: dict[int, list[int]] = {}
    for a in chosen:
        if table.kind[a] == KIND_GROUP:
            members.setdefault(int(table.giver[a]), []).append(a)
    out = []
    for a in chosen:
        giver, kind = int(table.giver[a]), str(table.kind[a])
        co = tuple(people[int(table.receiver[b])].id for b in members.get(giver, ()) if b != a) if kind == KIND_GROUP else ()
        out.append(PairFacts(
            arc=a, kind=kind, giver=giver, receiver=int(table.receiver[a]),
            units={c: int(table.units[c][a]) for c in COMPONENTS}, raw={c: float(table.raw[c][a]) for c in COMPONENTS},
            similarity=float(table.similarity[a]), cohesion_units=shares[a], co_mentees=co,
        ))
    return tuple(out)


def _can_run_group(table: ScoreTable, programme: Programme, mentor: int, state: dict[int, str]) -> bool:
    """Whether enough mentees who are still free may join this free mentor's group."""
    limits = programme.group_limits_of(table.participants[mentor])
    if limits is None:
        return False
    free = {int(table.receiver[a]) for a in np.flatnonzero((table.giver == mentor) & (table.kind == KIND_GROUP)
                                                           & (table.blocked == "")).tolist()
            if state.get(int(table.receiver[a]), "free") == "free"}
    return len(free) >= limits[0]


def capacity_warnings(cohort: Cohort, programme: Programme) -> tuple[str, ...]:
    """Mentors whose stated capacity the programme's maximum cut (only those who can mentor under its forms)."""
    cut = [p.id for p in cohort if programme.capacity_cut(p)]
    return (capacity_note(cut, programme.max_mentees_per_mentor),) if cut else ()


def _wish_warnings(cohort: Cohort, programme: Programme, pairs: pd.DataFrame, outcome: Outcome) -> tuple[str, ...]:
    """Under wishes="hard-if-possible": the wishers the matching does not give anyone they named,
    and whether the wishes stage proved that no matching gives more of them theirs."""
    if programme.wishes != "hard-if-possible" or not outcome.status.has_solution:
        return ()
    partners: dict[str, set[str]] = {}
    for a, b in zip(pairs["mentor_id"].tolist(), pairs["mentee_id"].tolist()):
        partners.setdefault(a, set()).add(b)
        partners.setdefault(b, set()).add(a)
    missed = [p.id for p in cohort if p.wishes and not partners.get(p.id, set()) & set(p.wishes)]
    if not missed:
        return ()
    rows = [row.proven for row in outcome.proof if row.stage == WISHES_STAGE]
    # A matching without a proof (reopened from a file) proves its stages only when it was OPTIMAL.
    proven = rows[0] if rows else outcome.status is Status.OPTIMAL
    return (wishes_note(missed, proven=proven),)


def _kept_warnings(programme: Programme, pairs: pd.DataFrame, outcome: Outcome) -> tuple[str, ...]:
    """Which announced pairs (``keep_pairs``) the matching breaks, and whether keeping more was proven impossible."""
    if not programme.keep_pairs or not outcome.status.has_solution:
        return ()
    held = {(a, b) for a, b in zip(pairs["mentor_id"].tolist(), pairs["mentee_id"].tolist())}
    peers = {frozenset((a, b)) for a, b, k in zip(pairs["mentor_id"].tolist(), pairs["mentee_id"].tolist(),
                                                   pairs["kind"].tolist()) if k == KIND_PEER}
    announced = list(dict.fromkeys(programme.keep_pairs))
    broken = [f"{a}-{b}" for a, b in announced if (a, b) not in held and frozenset((a, b)) not in peers]
    if not broken:
        return ()
    rows = [row.proven for row in outcome.proof if row.stage == KEPT_STAGE]
    return (kept_note(broken, len(announced), proven=rows[0] if rows else outcome.status is Status.OPTIMAL),)


def _score_warnings(table: ScoreTable) -> tuple[str, ...]:
    """A run whose scores cannot tell pairs apart was given the wrong columns, most likely: say so."""
    allowed = table.score[table.feasible]
    if len(allowed) > 1 and int(allowed.min()) == int(allowed.max()):
        return (f"every allowed pair scores the same ({int(allowed[0]) / SCALE:.4f}): nothing in the sign-ups "
                "told the pairs apart, so the pairs are arbitrary; check that the goal, offer and other columns "
                "were read (cohort.warnings, mp.suggest_columns)",)
    return ()
