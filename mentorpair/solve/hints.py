"""The matchings in hand before CP-SAT searches: best-first greedy, and a min-cost flow.

Each is a valid matching of an :class:`~mentorpair.solve.problem.ArcProblem`
without hard requirements (groups, which need a least size, are left out), so
the staged solve always has one to keep and a first hint to start from.
"""

from __future__ import annotations

import numpy as np

from .flows import mentor_mentee_flow
from .problem import ArcProblem

__all__ = ["flow_matching", "greedy_matching"]


def greedy_matching(problem: ArcProblem) -> np.ndarray:
    """Best arcs first, each taken when the people's places allow: individual and peer arcs only.

    A valid matching of the problem (groups, which need a least size, are left
    out; so are arcs of a person who already plays the other role, and a clash
    cannot arise without group arcs). Used as the solver's first hint.
    """
    mutual = problem.mutual if problem.mutual is not None else np.zeros(len(problem.giver), dtype=bool)
    group = problem.group if problem.group is not None else np.zeros(len(problem.giver), dtype=bool)
    received = np.zeros(problem.n_people, dtype=bool)
    given = np.zeros(problem.n_people, dtype=np.int64)
    pairs: set[tuple[int, int]] = set()
    chosen = []
    for a in np.lexsort((np.arange(len(problem.score)), -problem.score)).tolist():
        if group[a]:
            continue
        g, r = int(problem.giver[a]), int(problem.receiver[a])
        if mutual[a]:
            if received[g] or received[r] or given[g] or given[r]:
                continue
            received[g] = received[r] = True
        else:
            if received[r] or given[g] >= problem.capacity[g] or (r, g) in pairs:
                continue
            if (problem.exclusive[g] and received[g]) or (problem.exclusive[r] and given[r]):
                continue
            received[r] = True
            given[g] += 1
            pairs.add((g, r))
        chosen.append(a)
    return np.array(sorted(chosen), dtype=np.int64)


def flow_matching(problem: ArcProblem) -> np.ndarray:
    """Most people matched, then the best total, over individual arcs by min-cost flow; then peers greedily.

    A valid matching of the problem, built in about a second on a
    20,000-person cohort, where CP-SAT may not produce one in its share of
    the time limit: source -> mentor (first place, then the rest of its
    capacity) -> mentee (score as negative cost) -> sink, with each mentee
    reached and each mentor's first place earning more than any total of
    scores, so coverage counts people as the model does. Someone who may play
    one role only and came out on both sides keeps the mentor role; groups
    (which need a least size) are left out. Peers not placed by the flow are
    paired best first.
    """
    n = problem.n_people
    mutual = problem.mutual if problem.mutual is not None else np.zeros(len(problem.giver), dtype=bool)
    group = problem.group if problem.group is not None else np.zeros(len(problem.giver), dtype=bool)
    individual = np.flatnonzero(~mutual & ~group)
    chosen: list[int] = []
    if len(individual):
        receivers = np.unique(problem.receiver[individual])
        # Coverage counts people: a mentee once, a mentor once however many mentees. So a mentee
        # reached and a mentor's first place each earn PERSON, worth more than any total of scores.
        person = int(np.abs(problem.score).sum()) + 1
        # A mentor without individual arcs gets no place, so the flow counts no one who is not matched.
        places = np.zeros(n, dtype=np.int64)
        places[problem.giver[individual]] = problem.capacity[problem.giver[individual]]
        used = mentor_mentee_flow(n, n, problem.giver[individual], problem.receiver[individual], places,
                                  first_place=person, pair=problem.score[individual], supply=len(receivers),
                                  mentee=person)
        if used is not None:
            chosen = individual[used].tolist()
    gives = {int(problem.giver[a]) for a in chosen}
    pairs = {(int(problem.giver[a]), int(problem.receiver[a])) for a in chosen}
    kept = []
    for a in chosen:
        g, r = int(problem.giver[a]), int(problem.receiver[a])
        if (problem.exclusive[r] and r in gives) or ((r, g) in pairs and g > r):
            continue  # one role only, or both ways between two people: keep one side
        kept.append(a)
    busy = np.zeros(n, dtype=bool)
    for a in kept:
        busy[problem.giver[a]] = busy[problem.receiver[a]] = True
    for a in np.flatnonzero(mutual)[np.lexsort((np.flatnonzero(mutual), -problem.score[mutual]))].tolist():
        g, r = int(problem.giver[a]), int(problem.receiver[a])
        if not busy[g] and not busy[r]:
            busy[g] = busy[r] = True
            kept.append(a)
    return np.array(sorted(kept), dtype=np.int64)
