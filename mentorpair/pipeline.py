"""`match`: cohort and rules in, a solved and explained Matching out.

Data flows one way: cohort -> score table -> CP-SAT -> Matching.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from .embeddings import Encoder, SentenceTransformerEncoder
from .models import Cohort, Participant, Programme
from .result import PAIR_COLUMNS, UNMATCHED_COLUMNS, Matching, objective_bound_gap
from .scoring import COMPONENTS, SCALE, ScoreTable, build_score_table
from .status import Status

__all__ = ["default_encoder", "match"]


@functools.lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """The bundled offline all-MiniLM-L6-v2 model, loaded once per process."""
    return SentenceTransformerEncoder()


def match(cohort: Cohort, programme: Programme | None = None, *, encoder: Encoder | None = None) -> Matching:
    """Pair the cohort's mentors and mentees optimally under the programme's rules.

    Parameters
    ----------
    cohort
        The sign-ups, e.g. from :func:`mentorpair.read_csv`.
    programme
        The rules; ``Programme()`` (all defaults) when ``None``.
    encoder
        Turns goal and offer texts into vectors; the bundled all-MiniLM-L6-v2
        sentence-transformers model when ``None``.

    Returns
    -------
    Matching
        Check ``status`` (or call ``raise_for_status()``) before using the pairs.
    """
    if not isinstance(cohort, Cohort):
        raise TypeError(f"cohort must be a Cohort (see mentorpair.read_csv), got {type(cohort).__name__}")
    programme = programme if programme is not None else Programme()
    encoder = encoder if encoder is not None else default_encoder()
    table = build_score_table(cohort, programme, encoder)
    arcs = np.flatnonzero(table.feasible)
    problem = _arc_problem(table, programme, arcs)
    from .solver import solve_staged

    outcome = solve_staged(
        problem,
        stages=programme.objective,
        time_limit=programme.time_limit,
        seed=programme.seed,
        num_workers=programme.num_workers,
    )
    chosen = tuple(int(arcs[i]) for i in outcome.chosen)
    return _matching(cohort, programme, table, chosen, outcome)


def _arc_problem(table: ScoreTable, programme: Programme, arcs: np.ndarray):  # type: ignore[no-untyped-def]
    from .solver import ArcProblem, HardRequirement

    people = table.participants
    requirements = []
    if programme.wishes == "hard":
        position = {int(a): i for i, a in enumerate(arcs)}
        for p_index, person in enumerate(people):
            if not person.wishes:
                continue
            wished = set(person.wishes)
            allowed = tuple(
                position[a] for a in arcs.tolist()
                if (table.giver[a] == p_index and people[table.receiver[a]].id in wished)
                or (table.receiver[a] == p_index and people[table.giver[a]].id in wished)
            )
            requirements.append(HardRequirement(_wish_label(person, table, programme), allowed))
    return ArcProblem(
        n_people=len(people),
        giver=table.giver[arcs],
        receiver=table.receiver[arcs],
        score=table.score[arcs],
        capacity=np.array([programme.capacity_of(p) for p in people], dtype=np.int64),
        exclusive=np.ones(len(people), dtype=bool),
        requirements=tuple(requirements),
    )


def _wish_label(person: Participant, table: ScoreTable, programme: Programme) -> str:
    """Name a hard wish, and say what limits each wished pair: a hard rule, the roles, or capacity."""
    from .explain import block_text

    notes = []
    for other in person.wishes:
        as_mentee = table.index_of(other, person.id)
        pair = table.index_of(person.id, other) if as_mentee is None else as_mentee
        if pair is None:
            notes.append(f"{other} cannot be paired with them in any role ({person.role} and "
                         f"{_role_of(table, other)})")
        elif table.blocked[pair]:
            notes.append(f"{other}: {block_text(str(table.blocked[pair]), 'en')}")
        elif as_mentee is not None:
            mentor = next(p for p in table.participants if p.id == other)
            cap = programme.capacity_of(mentor)
            notes.append(f"{other} takes at most {cap} mentee{'s' if cap != 1 else ''}")
    wished = " or ".join(person.wishes)
    return f"{person.id}'s hard wish to be paired with {wished}" + (f" ({'; '.join(notes)})" if notes else "")


def _role_of(table: ScoreTable, pid: str) -> str:
    return next(str(p.role) for p in table.participants if p.id == pid)


def _matching(
    cohort: Cohort, programme: Programme, table: ScoreTable, chosen: tuple[int, ...], outcome: Any
) -> Matching:
    import pandas as pd

    people = table.participants
    order = {p.id: i for i, p in enumerate(people)}
    chosen = tuple(sorted(chosen, key=lambda a: (int(table.giver[a]), int(table.receiver[a]))))
    mentors = sorted({int(table.giver[a]) for a in chosen})
    width = len(str(len(mentors)))
    group_of = {g: f"G{i + 1:0{width}d}" for i, g in enumerate(mentors)}
    rows = []
    for a in chosen:
        g, r = int(table.giver[a]), int(table.receiver[a])
        rows.append(
            [group_of[g], "traditional", people[g].id, people[r].id, int(table.score[a]) / SCALE]
            + [int(table.units[c][a]) / SCALE for c in COMPONENTS]
        )
    pairs = pd.DataFrame(rows, columns=list(PAIR_COLUMNS))
    if pairs.empty:
        pairs = pairs.astype({"score": float, **{c: float for c in COMPONENTS}})
    facts = _unmatched_facts(table, programme, chosen, outcome.status)
    unmatched = pd.DataFrame(
        [[pid, str(cohort[pid].role), ""] for pid in sorted(facts, key=order.__getitem__)],
        columns=list(UNMATCHED_COLUMNS),
    )
    from .explain import unmatched_reason

    unmatched["reason"] = [unmatched_reason(cohort[pid], **facts[pid]) for pid in unmatched["participant_id"]]
    objective, bound, gap = objective_bound_gap(outcome, float(pairs["score"].sum()), SCALE)
    stage_values = {s: (v if s == "coverage" else v / SCALE) for s, v in outcome.stage_values.items()}
    return Matching(
        pairs=pairs,
        unmatched=unmatched,
        status=outcome.status,
        objective=objective,
        bound=bound,
        gap=gap,
        conflicts=outcome.conflicts,
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
    is_mentee: set[int] = set()
    for a in chosen:
        g, r = int(table.giver[a]), int(table.receiver[a])
        mentees_of[g] = mentees_of.get(g, 0) + 1
        is_mentee.add(r)
    matched = set(mentees_of) | is_mentee

    def busy(i: int, as_giver: bool) -> str:
        if as_giver:
            if i in is_mentee:
                return "mentee"
            return "full" if mentees_of.get(i, 0) >= programme.capacity_of(people[i]) else "free"
        if i in mentees_of:
            return "mentor"
        return "paired" if i in is_mentee else "free"

    facts: dict[str, dict[str, Any]] = {}
    for p_index, person in enumerate(people):
        if p_index in matched:
            continue
        feasible: list[tuple[str, str]] = []
        blocked: dict[str, list[str]] = {}
        for side, mine, theirs in (("mentee", table.receiver, table.giver), ("mentor", table.giver, table.receiver)):
            for a in np.flatnonzero(mine == p_index).tolist():
                other = int(theirs[a])
                if table.blocked[a]:
                    blocked.setdefault(str(table.blocked[a]), []).append(people[other].id)
                else:
                    feasible.append((people[other].id, busy(other, as_giver=(side == "mentee"))))
        side = {"mentor": "mentor", "mentee": "mentee"}.get(person.role.value, "either")
        facts[person.id] = {
            "side": side,
            "feasible": sorted(set(feasible), key=lambda f: f[0]),
            "blocked": {k: sorted(set(v)) for k, v in blocked.items()},
            "coverage_first": programme.objective[0] == "coverage",
            "status": str(status),
            "peers_enabled": False,
        }
    return facts
