"""Hard requirements a matching must meet, each as "at least one of these arcs", with the rule it stands for.

Each requirement carries a :class:`Rule`: a typed fact saying whose rule it is
and, where it can be told in advance, what stands in its way. The solver
returns the rules that conflict; :mod:`mentorpair.result.explain` puts them
into words in either language, after the solve.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model.participant import Participant
from ..model.programme import Programme
from ..model.vocab import KIND_PEER
from ..scoring.table import ScoreTable
from .problem import HardRequirement

__all__ = ["Obstacle", "Rule", "hard_requirements", "pairs_to_keep", "wishes_to_honour"]


@dataclass(frozen=True)
class Obstacle:
    """What stands between people, as known before solving.

    ``kind`` is ``"no_form"`` (no form the programme runs pairs ``first`` and
    ``second``; ``roles`` are theirs), ``"blocked"`` (hard rule ``code`` rules
    ``second`` out for ``first``), ``"capacity"`` (``first`` takes at most
    ``capacity`` mentees) or ``"no_counterpart"`` (nobody can be paired with
    ``first``; ``blocked`` maps each hard-rule code to the counterparts it rules out).
    """

    kind: str
    first: str
    second: str = ""
    roles: tuple[str, str] = ("", "")
    code: str = ""
    capacity: int = 0
    blocked: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Rule:
    """One hard rule of the programme: ``kind`` is ``"fixed_pair"``, ``"hard_wish"`` or ``"require_all"``.

    ``people`` are the ids the rule names: the fixed pair's two, the wisher
    then the wished-for, or the one who must be matched; ``role`` is the
    latter's role; ``obstacles`` what stands in the rule's way.
    """

    kind: str
    people: tuple[str, ...]
    role: str = ""
    obstacles: tuple[Obstacle, ...] = ()


def hard_requirements(table: ScoreTable, programme: Programme, arcs: np.ndarray) -> tuple[HardRequirement, ...]:
    """Requirements over ``arcs`` (positions of the allowed arcs in ``table``)."""
    people = table.participants
    if not (programme.fixed_pairs or programme.wishes == "hard" or programme.require_all):
        # Indexing every arc by its two people took 1.5 s at 1,000 people: not for a programme without these rules.
        return ()
    ids = [p.id for p in people]
    by_id = {p.id: p for p in people}
    position, between = _arcs_between(table, arcs)
    out: list[HardRequirement] = []
    # A pair listed twice is one rule: it must not count twice when the fewest rules to drop are sought.
    for pair in dict.fromkeys(programme.fixed_pairs):
        first, second = pair
        rule = Rule("fixed_pair", (first, second),
                    obstacles=_obstacles(table, programme, by_id, first, second, as_mentor=False))
        out.append(HardRequirement(rule, _pair_arcs(table, ids, position, between, first, second)))
    if programme.wishes == "hard":
        out += _wish_requirements(table, programme, by_id, position, between)
    if programme.require_all:
        touching: list[list[int]] = [[] for _ in people]
        for a, i in position.items():
            touching[int(table.giver[a])].append(i)
            touching[int(table.receiver[a])].append(i)
        for i, person in enumerate(people):
            obstacles = () if touching[i] else (_no_counterpart(table, i),)
            out.append(HardRequirement(Rule("require_all", (person.id,), str(person.role), obstacles),
                                       tuple(sorted(set(touching[i])))))
    return tuple(out)


def wishes_to_honour(table: ScoreTable, programme: Programme, arcs: np.ndarray) -> tuple[HardRequirement, ...] | None:
    """Under ``wishes="hard-if-possible"``, each wisher's hard wish over ``arcs``, to be honoured as often as
    possible (:attr:`~mentorpair.solve.problem.ArcProblem.honour`); None under any other wish rule."""
    if programme.wishes != "hard-if-possible":
        return None
    by_id = {p.id: p for p in table.participants}
    position, between = _arcs_between(table, arcs)
    return tuple(_wish_requirements(table, programme, by_id, position, between))


def pairs_to_keep(table: ScoreTable, programme: Programme, arcs: np.ndarray) -> tuple[HardRequirement, ...] | None:
    """Each of ``programme.keep_pairs`` over ``arcs``, to be kept as often as possible
    (:attr:`~mentorpair.solve.problem.ArcProblem.keep`); None without kept pairs.

    A pair is kept by any arc of the same two people in the announced direction (a peer arc in
    either): a mentor's pair that becomes a group of the same mentor is still the same pair.
    """
    if not programme.keep_pairs:
        return None
    ids = [p.id for p in table.participants]
    position, between = _arcs_between(table, arcs)
    return tuple(HardRequirement(Rule("kept_pair", pair), _pair_arcs(table, ids, position, between, *pair))
                 for pair in dict.fromkeys(programme.keep_pairs))


def _pair_arcs(table: ScoreTable, ids: list[str], position: dict[int, int],
               between: dict[frozenset[str], list[int]], first: str, second: str) -> tuple[int, ...]:
    """Positions of the arcs that make ``first`` and ``second`` the pair named: ``first`` giving, or peers."""
    return tuple(sorted(position[a] for a in between.get(frozenset((first, second)), [])
                        if table.kind[a] == KIND_PEER or ids[int(table.giver[a])] == first))


def _arcs_between(table: ScoreTable, arcs: np.ndarray) -> tuple[dict[int, int], dict[frozenset[str], list[int]]]:
    """Each arc's position among ``arcs``, and the arcs between each two people (by their ids)."""
    ids = [p.id for p in table.participants]
    position = {int(a): i for i, a in enumerate(arcs.tolist())}
    between: dict[frozenset[str], list[int]] = {}
    for a in arcs.tolist():
        between.setdefault(frozenset((ids[int(table.giver[a])], ids[int(table.receiver[a])])), []).append(a)
    return position, between


def _wish_requirements(table: ScoreTable, programme: Programme, by_id: dict[str, Participant],
                       position: dict[int, int], between: dict[frozenset[str], list[int]]) -> list[HardRequirement]:
    """One per participant who named wishes: at least one pair with someone they named."""
    out = []
    for person in table.participants:
        if person.wishes:
            allowed = [position[a] for other in person.wishes for a in between.get(frozenset((person.id, other)), [])]
            out.append(HardRequirement(_wish_rule(person, table, programme, by_id), tuple(sorted(set(allowed)))))
    return out


def _obstacles(table: ScoreTable, programme: Programme, by_id: dict[str, Participant], a_id: str, b_id: str, *,
               as_mentor: bool) -> tuple[Obstacle, ...]:
    """What stands between two people, as far as it is known before solving."""
    index = table.index_of(a_id, b_id)
    if index is None:
        index = table.index_of(b_id, a_id)
    if index is None:
        return (Obstacle("no_form", a_id, b_id, roles=(str(by_id[a_id].role), str(by_id[b_id].role))),)
    if table.blocked[index]:
        return (Obstacle("blocked", b_id, code=str(table.blocked[index])),)
    if as_mentor:
        return (Obstacle("capacity", a_id, capacity=programme.capacity_of(by_id[a_id])),)
    return ()


def _wish_rule(person: Participant, table: ScoreTable, programme: Programme, by_id: dict[str, Participant]) -> Rule:
    notes: list[Obstacle] = []
    for other in person.wishes:
        as_mentee = table.index_of(other, person.id)
        if as_mentee is not None and not table.blocked[as_mentee]:
            notes += _obstacles(table, programme, by_id, other, person.id, as_mentor=True)
        else:
            notes += _obstacles(table, programme, by_id, person.id, other, as_mentor=False)
    return Rule("hard_wish", (person.id, *person.wishes), obstacles=tuple(notes))


def _no_counterpart(table: ScoreTable, index: int) -> Obstacle:
    """Why nobody at all can be paired with this person."""
    mine = np.flatnonzero((table.giver == index) | (table.receiver == index))
    reasons: dict[str, set[str]] = {}
    for a in mine.tolist():
        other = int(table.receiver[a]) if int(table.giver[a]) == index else int(table.giver[a])
        reasons.setdefault(str(table.blocked[a]), set()).add(table.participants[other].id)
    return Obstacle("no_counterpart", table.participants[index].id,
                    blocked=tuple((code, tuple(sorted(ids))) for code, ids in sorted(reasons.items())))
