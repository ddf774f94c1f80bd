"""Hard requirements a matching must meet, each as "at least one of these arcs", with a label in words.

Labels are what `Matching.conflicts` shows when requirements cannot all hold,
so each one says whose rule it is and, where it can be told in advance, what
stands in its way.
"""

from __future__ import annotations

import numpy as np

from ..model.participant import Participant
from ..model.programme import Programme
from ..result.explain import block_text
from ..scoring.table import KIND_PEER, ScoreTable
from .cpsat import HardRequirement

__all__ = ["hard_requirements"]


def hard_requirements(table: ScoreTable, programme: Programme, arcs: np.ndarray) -> tuple[HardRequirement, ...]:
    """Requirements over ``arcs`` (positions of the allowed arcs in ``table``)."""
    people = table.participants
    ids = [p.id for p in people]
    position = {int(a): i for i, a in enumerate(arcs.tolist())}
    touching: list[list[int]] = [[] for _ in people]
    between: dict[frozenset[str], list[int]] = {}
    for a in arcs.tolist():
        g, r = int(table.giver[a]), int(table.receiver[a])
        touching[g].append(position[a])
        touching[r].append(position[a])
        between.setdefault(frozenset((ids[g], ids[r])), []).append(a)
    out: list[HardRequirement] = []
    for pair in programme.fixed_pairs:
        first, second = pair
        allowed = [a for a in between.get(frozenset(pair), [])
                   if table.kind[a] == KIND_PEER or ids[int(table.giver[a])] == first]
        out.append(HardRequirement(_fixed_label(table, programme, first, second),
                                   tuple(sorted(position[a] for a in allowed))))
    if programme.wishes == "hard":
        for person in people:
            if person.wishes:
                allowed = [position[a] for other in person.wishes for a in between.get(frozenset((person.id, other)), [])]
                out.append(HardRequirement(_wish_label(person, table, programme), tuple(sorted(set(allowed)))))
    if programme.require_all:
        for i, person in enumerate(people):
            label = f"require_all: {person.id} ({person.role}) must be matched"
            if not touching[i]:
                label += f" ({_no_counterpart(table, i)})"
            out.append(HardRequirement(label, tuple(sorted(set(touching[i])))))
    return tuple(out)


def _obstacles(table: ScoreTable, programme: Programme, a_id: str, b_id: str, *, as_mentor: bool) -> list[str]:
    """What stands between two people, as far as it is known before solving."""
    index = table.index_of(a_id, b_id)
    if index is None:
        index = table.index_of(b_id, a_id)
    if index is None:
        roles = f"{_person(table, a_id).role} and {_person(table, b_id).role}"
        return [f"{a_id} and {b_id} cannot be paired in any form the programme runs ({roles})"]
    if table.blocked[index]:
        return [f"{b_id}: {block_text(str(table.blocked[index]), 'en')}"]
    if as_mentor:
        cap = programme.capacity_of(_person(table, a_id))
        return [f"{a_id} takes at most {cap} mentee{'s' if cap != 1 else ''}"]
    return []


def _fixed_label(table: ScoreTable, programme: Programme, first: str, second: str) -> str:
    notes = _obstacles(table, programme, first, second, as_mentor=False)
    return f"fixed pair {first}-{second}" + (f" ({'; '.join(notes)})" if notes else "")


def _wish_label(person: Participant, table: ScoreTable, programme: Programme) -> str:
    notes = []
    for other in person.wishes:
        as_mentee = table.index_of(other, person.id)
        if as_mentee is not None and not table.blocked[as_mentee]:
            notes += _obstacles(table, programme, other, person.id, as_mentor=True)
        else:
            notes += _obstacles(table, programme, person.id, other, as_mentor=False)
    wished = " or ".join(person.wishes)
    return f"{person.id}'s hard wish to be paired with {wished}" + (f" ({'; '.join(notes)})" if notes else "")


def _no_counterpart(table: ScoreTable, index: int) -> str:
    """Why nobody at all can be paired with this person."""
    mine = np.flatnonzero((table.giver == index) | (table.receiver == index))
    if len(mine) == 0:
        return "nobody in the cohort can be paired with them in the forms the programme runs"
    reasons: dict[str, set[str]] = {}
    for a in mine.tolist():
        other = int(table.receiver[a]) if int(table.giver[a]) == index else int(table.giver[a])
        reasons.setdefault(block_text(str(table.blocked[a]), "en"), set()).add(table.participants[other].id)
    return "every counterpart is ruled out: " + "; ".join(
        f"{why}: {', '.join(sorted(ids))}" for why, ids in sorted(reasons.items()))


def _person(table: ScoreTable, pid: str) -> Participant:
    return next(p for p in table.participants if p.id == pid)
