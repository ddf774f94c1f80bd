"""Exhaustive search for the best matching of a small cohort, independent of the solver.

Enumerates every matching the hard rules allow and keeps the lexicographically
best key over the programme's objective stages. Which rows are allowed comes
from :mod:`mentorpair.validate`'s pair rules; only the scores (and the group
cohesion units and candidate lists) come from the score table. The rules:

- everyone receives at most once: as a mentee (individual or group) or in a peer pair;
- a mentor takes at most :func:`~mentorpair.validate.most_mentees` individual mentees,
  or runs one group of :func:`~mentorpair.validate.group_size_range` size, not both
  (the validator's limits, not the programme's own ``capacity_of``: the two are checked against each other);
- co-mentees of one group must not clash, nor be a pair the coordinator excluded;
- nobody both gives and receives, except role ``any`` under ``dual_roles``,
  and then never both ways with the same person;
- requirements: fixed pairs, hard wishes, require_all.

Balance rules (``Programme.balance``) are counted by :mod:`tests.brute_balance`: a matching breaking a
hard share or group mix is not valid, and the ``balance`` and ``floor`` stages are its values.

Under ``wishes="hard-if-possible"`` the key starts with a ``wishes`` stage: how
many who named wishes have a pair with someone they named. With ``keep_pairs`` a
``kept`` stage follows coverage: how many of those pairs the matching holds.

The key's stages:

- coverage: distinct people in pairs;
- fairness: the weakest pair's score as the matching shows it, in units: a group
  member's score includes its share of the group's cohesion (of each two
  co-mentees, the one earlier in input order takes the odd unit). The empty
  matching has no weakest pair: it loses this stage to any matching with a pair
  (``EMPTY``), and its value is reported as 0;
- total: arc scores plus the cohesion units of every two co-mentees of a group.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from brute_balance import balance_values

import mentorpair as mp
from mentorpair.model.cohort import Cohort
from mentorpair.model.participant import Participant
from mentorpair.model.programme import Programme
from mentorpair.model.vocab import SCALE
from mentorpair.scoring.table import build_score_table
from mentorpair.validate import (
    co_mentees_clash,
    group_size_range,
    individual_kind,
    most_mentees,
    pair_violations,
    validate,
)

MAX_PEOPLE = 8

Key = tuple[int, ...]
#: a requirement: ("fixed", first, second), ("wish", id) or ("all", id)
Requirement = tuple[str, ...]

IND, GRP, PEER = "individual", "group", "peer"


@dataclass(frozen=True)
class Arcs:
    """Allowed arcs by index of person, with score units."""

    individual: dict[tuple[int, int], int]  # (mentor, mentee) -> units
    group: dict[tuple[int, int], int]  # (mentor, member) -> units
    peer: dict[tuple[int, int], int]  # (first, second), first < second -> units
    cohesion: dict[tuple[int, int, int], int]  # (mentor, member, member), members ascending -> units


def allowed_arcs(cohort: Cohort, programme: Programme, encoder) -> Arcs:  # type: ignore[no-untyped-def]
    """Every arc the rules allow, scored by the score table; checks the table agrees on which are allowed."""
    table = build_score_table(cohort, programme, encoder)
    people = cohort.participants
    n = len(people)
    individual, group, peer = {}, {}, {}
    for g, giver in enumerate(people):
        for r, receiver in enumerate(people):
            if g == r:
                continue
            kind = individual_kind(giver, receiver)
            ok = not pair_violations(giver, receiver, programme, kind)
            index = table.index_of(giver.id, receiver.id, kind)
            if ok:
                assert index is not None, f"score table lacks allowed {kind} arc {giver.id} -> {receiver.id}"
                assert not table.blocked[index], (giver.id, receiver.id, kind, table.blocked[index])
                individual[(g, r)] = int(table.score[index])
            elif index is not None:
                assert table.blocked[index], f"{kind} arc {giver.id} -> {receiver.id} is allowed by scoring only"
            ok = (not pair_violations(giver, receiver, programme, "group")
                  and _group_limits(giver, programme) is not None)
            index = table.index_of(giver.id, receiver.id, "group")
            if index is not None and not table.blocked[index]:
                assert ok, f"group arc {giver.id} -> {receiver.id} is allowed by scoring only"
                group[(g, r)] = int(table.score[index])
            elif ok and programme.group_candidates >= n - 1:
                raise AssertionError(f"score table lacks allowed group arc {giver.id} -> {receiver.id}")
            if g < r:
                ok = not pair_violations(giver, receiver, programme, "peer")
                index = table.index_of(giver.id, receiver.id, "peer")
                if ok:
                    assert index is not None and not table.blocked[index], (giver.id, receiver.id)
                    peer[(g, r)] = int(table.score[index])
                elif index is not None:
                    assert table.blocked[index], f"peer arc {giver.id} - {receiver.id} is allowed by scoring only"
    cohesion = {}
    for a, b, units in table.cohesion:
        g, i, j = int(table.giver[a]), int(table.receiver[a]), int(table.receiver[b])
        assert int(table.giver[b]) == g and table.kind[a] == table.kind[b] == "group"
        cohesion[(g, min(i, j), max(i, j))] = int(units)
    return Arcs(individual, group, peer, cohesion)


def _group_limits(person: Participant, programme: Programme) -> tuple[int, int] | None:
    """The least and most members of this person's group, or None when no group fits them."""
    least, most = group_size_range(person, programme)
    return (least, most) if "group" in programme.forms and least <= most else None


#: the fairness of a matching with no pair: below every real one
EMPTY = -(10**18)


def key_of(shown: Sequence[int], coverage: int, total: int, stages: Sequence[str]) -> Key:
    """The objective key of a matching: its pairs' shown scores in units, people covered, total with cohesion."""
    values = {"coverage": coverage, "fairness": min(shown) if shown else EMPTY, "total": total}
    return tuple(values[s] for s in stages)


def reported(key: Key, stages: Sequence[str]) -> Key:
    """A key as the solver reports its stage values: an empty matching's fairness is 0."""
    return tuple(0 if s == "fairness" and v == EMPTY else v for s, v in zip(stages, key))


def default_requirements(cohort: Cohort, programme: Programme) -> list[Requirement]:
    out: list[Requirement] = [("fixed", a, b) for a, b in programme.fixed_pairs]
    if programme.wishes == "hard":
        out += [("wish", p.id) for p in cohort if p.wishes]
    if programme.require_all:
        out += [("all", p.id) for p in cohort]
    return out


def requirement_of_label(label: str, cohort: Cohort, programme: Programme) -> Requirement:
    """The requirement a conflict label (from Matching.conflicts / relaxation) names."""
    found: list[Requirement] = [("fixed", a, b) for a, b in programme.fixed_pairs
                                if label.startswith(f"fixed pair {a}-{b}")]
    found += [("wish", pid) for pid in cohort.ids if label.startswith(f"{pid}'s hard wish")]
    found += [("all", pid) for pid in cohort.ids if label.startswith(f"require_all: {pid} (")]
    assert len(set(found)) == 1, (label, found)
    return found[0]


def best_key(
    cohort: Cohort,
    programme: Programme,
    encoder,  # type: ignore[no-untyped-def]
    *,
    requirements: Sequence[Requirement] | None = None,
    accept: Callable[[list], bool] | None = None,  # type: ignore[type-arg]
) -> Key | None:
    """The best objective key over all valid matchings, or ``None`` when there is none.

    ``requirements`` replaces the programme's own (fixed pairs, hard wishes, require_all);
    ``accept``, when given, keeps only the matchings (as ``incoming`` links) it accepts.
    """
    stages = programme.stages
    keys = [tuple(v[s] for s in stages)
            for v in all_values(cohort, programme, encoder, requirements=requirements, accept=accept)]
    return max(keys) if keys else None


def all_values(
    cohort: Cohort,
    programme: Programme,
    encoder,  # type: ignore[no-untyped-def]
    *,
    requirements: Sequence[Requirement] | None = None,
    accept: Callable[[list], bool] | None = None,  # type: ignore[type-arg]
) -> list[dict[str, int]]:
    """Every valid matching's coverage, fairness (``EMPTY`` for no pair), total (in units) and hard wishes honoured.

    ``accept`` (e.g. "no blocking pairs", tests/test_stability_rule.py) sees each valid matching's
    ``incoming`` links: per person ``(IND | GRP | PEER, the other)`` or None; only those it accepts count.
    """
    people = cohort.participants
    n = len(people)
    assert n <= MAX_PEOPLE, "brute force is for tiny cohorts"
    arcs = allowed_arcs(cohort, programme, encoder)
    if requirements is None:
        requirements = default_requirements(cohort, programme)
    checks = [_check(req, people) for req in requirements]
    # An announced pair to keep is held as a fixed pair would be; the stage counts how many are.
    keep_checks = [_check(("fixed", a, b), people) for a, b in dict.fromkeys(programme.keep_pairs)]
    capacity = [most_mentees(p, programme) for p in people]
    limits = [_group_limits(p, programme) or (0, 0) for p in people]
    exclusive = [not (programme.dual_roles and p.role.value == "any") for p in people]
    index = {p.id: i for i, p in enumerate(people)}
    wishers = [(i, {index[w] for w in p.wishes if w in index}) for i, p in enumerate(people) if p.wishes]

    # Co-mentees may not be a pair the coordinator excluded, nor one of an earlier round that counts.
    banned = {frozenset(pair) for pair in programme.exclusions} | (
        set(programme.past_pairs) if programme.repeat == "forbid" else set())
    mentors_of = [[g for (g, rr) in arcs.individual if rr == r] for r in range(n)]
    leaders_of = [[g for (g, rr) in arcs.group if rr == r] for r in range(n)]
    peers_of = [[s for (a, s) in arcs.peer if a == r] for r in range(n)]

    # incoming[r]: (IND, g) / (GRP, g) / (PEER, other) / None
    incoming: list[tuple[str, int] | None] = [None] * n
    individual = [0] * n  # individual mentees per mentor
    members: list[list[int]] = [[] for _ in range(n)]  # group members per mentor
    found: list[dict[str, int]] = []

    def gives(p: int) -> bool:
        return individual[p] > 0 or bool(members[p])

    def may_receive(p: int) -> bool:
        return incoming[p] is None and not (exclusive[p] and gives(p))

    def may_give_to(g: int, r: int) -> bool:
        # g takes r in: g must not be receiving (unless dual), and r must not already mentor g.
        if exclusive[g] and incoming[g] is not None:
            return False
        return incoming[g] is None or incoming[g] != (IND, r) and incoming[g] != (GRP, r)

    def leaf() -> None:
        for g in range(n):
            if members[g] and len(members[g]) < limits[g][0]:
                return
        if not all(check(incoming) for check in checks):
            return
        if accept is not None and not accept(list(incoming)):
            return
        shown: dict[int, int] = {}  # receiver (or first peer) -> the pair's score as shown
        covered: set[int] = set()
        for r, link in enumerate(incoming):
            if link is None:
                continue
            how, other = link
            covered |= {r, other}
            if how == IND:
                shown[r] = arcs.individual[(other, r)]
            elif how == GRP:
                shown[r] = arcs.group[(other, r)]
            elif r < other:
                shown[r] = arcs.peer[(r, other)]
        bonus = 0
        for g in range(n):
            group = sorted(members[g])
            for k, i in enumerate(group):
                for j in group[k + 1:]:
                    units = arcs.cohesion.get((g, i, j), 0)
                    bonus += units
                    shown[i] += units - units // 2  # the earlier member takes the odd unit
                    shown[j] += units // 2
        values = list(shown.values())
        honoured = sum(1 for p, wished in wishers if _partners(incoming, p) & wished)
        balance = balance_values(cohort, programme, _rows(incoming, shown, people))
        if balance is None:  # a hard share or group mix broken
            return
        found.append({"coverage": len(covered), "fairness": min(values) if values else EMPTY, "total": sum(values),
                      "wishes": honoured, "kept": sum(1 for check in keep_checks if check(incoming)), **balance})

    def visit(r: int) -> None:
        if r == n:
            leaf()
            return
        if incoming[r] is not None:  # taken in as a peer by someone earlier
            visit(r + 1)
            return
        visit(r + 1)  # r receives nothing
        if exclusive[r] and gives(r):
            return
        for g in mentors_of[r]:
            if members[g] or individual[g] >= capacity[g] or not may_give_to(g, r):
                continue
            incoming[r] = (IND, g)
            individual[g] += 1
            visit(r + 1)
            individual[g] -= 1
            incoming[r] = None
        for g in leaders_of[r]:
            if individual[g] or len(members[g]) >= limits[g][1] or not may_give_to(g, r):
                continue
            # Co-mentees of one group must not clash by their own sign-ups nor by the coordinator's bans.
            if any(co_mentees_clash(people[r], people[m]) or frozenset((people[r].id, people[m].id)) in banned
                   for m in members[g]):
                continue
            incoming[r] = (GRP, g)
            members[g].append(r)
            visit(r + 1)
            members[g].pop()
            incoming[r] = None
        for s in peers_of[r]:
            if not may_receive(s):
                continue
            incoming[r], incoming[s] = (PEER, s), (PEER, r)
            visit(r + 1)
            incoming[r] = incoming[s] = None

    visit(0)
    return found


def _rows(links: list, shown: dict[int, int], people: Sequence[Participant]) -> list[tuple[int, int, str, int]]:  # type: ignore[type-arg]
    """The matching's rows for the balance rules: (giver, receiver, kind, shown score)."""
    rows = []
    for r, link in enumerate(links):
        if link is None:
            continue
        how, other = link
        if how == PEER:
            if r < other:
                rows.append((r, other, "peer", shown[r]))
        else:
            rows.append((other, r, individual_kind(people[other], people[r]) if how == IND else "group", shown[r]))
    return rows


def _partners(links: list, p: int) -> set[int]:  # type: ignore[type-arg]
    """Everyone ``p`` is in a pair with: who takes them in, and whom they take in."""
    out = {links[p][1]} if links[p] is not None else set()
    return out | {r for r, link in enumerate(links) if link is not None and link[1] == p}


def _check(req: Requirement, people: Sequence[Participant]) -> Callable[[list], bool]:  # type: ignore[type-arg]
    index = {p.id: i for i, p in enumerate(people)}
    partners = _partners

    if req[0] == "fixed":
        first, second = index[req[1]], index[req[2]]
        return lambda links: links[second] in ((IND, first), (GRP, first)) or links[first] == (PEER, second)
    if req[0] == "wish":
        p = index[req[1]]
        wished = {index[w] for w in people[p].wishes}
        return lambda links: bool(partners(links, p) & wished)
    if req[0] == "all":
        p = index[req[1]]
        return lambda links: bool(partners(links, p))
    raise ValueError(req)


def units(value: float) -> int:
    """A score shown as a float back in integer units."""
    return int(round(value * SCALE))


#: stages whose values are counts (people, requirements, pairs), not score units
_COUNTED = ("coverage", "wishes", "kept")


def solved_as_brute_force_says(cohort: Cohort, programme: Programme, encoder):  # type: ignore[no-untyped-def]
    """``mp.match`` of the cohort, checked against the brute force: INFEASIBLE exactly when no valid
    matching exists, else valid (:func:`mentorpair.validate.validate`), and where OPTIMAL its stage
    values are the best key's. Returns the matching for the caller's own checks."""
    matching = mp.match(cohort, programme, encoder=encoder)
    best = best_key(cohort, programme, encoder)
    if matching.status is mp.Status.INFEASIBLE:
        assert best is None
        return matching
    assert validate(matching, cohort, programme) == []
    if matching.status is mp.Status.OPTIMAL:
        assert best is not None
        shown = {s: int(v) if s in _COUNTED else units(v) for s, v in matching.stage_values.items()}
        assert shown == dict(zip(programme.stages, reported(best, programme.stages)))
    return matching
