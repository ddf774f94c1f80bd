"""The balance rules for :mod:`tests.brute_force`, counted from a matching's rows, independent of the solver.

Each row is ``(giver, receiver, kind, shown)``: indices into the cohort, the row's kind and its score as
the matching shows it, in units. The organisation key and the first language come from the participants'
own fields (the validator's organisation key), the targets are exact fractions of the decimals given.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction

from mentorpair.model.balance import Floor, GroupMix, Share
from mentorpair.model.cohort import Cohort
from mentorpair.model.participant import Participant
from mentorpair.model.programme import Programme
from mentorpair.validate.facts import _org_key

Row = tuple[int, int, str, int]


def _label(person: Participant, by: str, programme: Programme) -> str:
    if by == "organisation":
        return _org_key(person, programme)
    return person.languages[0].strip().casefold() if person.languages else ""


def _has(what: str, giver: Participant, receiver: Participant, kind: str, programme: Programme) -> bool:
    if what in ("peer", "group", "reverse", "traditional"):
        return kind == what
    if what == "wished":
        return receiver.id in giver.wishes or giver.id in receiver.wishes
    a, b = _org_key(giver, programme), _org_key(receiver, programme)
    return bool(a and b) and (a == b) == (what == "same_organisation")


def balance_values(cohort: Cohort, programme: Programme, rows: Sequence[Row]) -> dict[str, int] | None:
    """``{"balance": -pairs short of the soft shares, "floor": sum of each subgroup's weakest}``, or None
    when the rows break a hard share or a group mix."""
    people = cohort.participants
    short = 0
    floor = 0
    for rule in programme.balance:
        if isinstance(rule, Share):
            count = sum(1 for g, r, kind, _ in rows if _has(rule.what, people[g], people[r], kind, programme))
            for bound, low in ((rule.at_least, True), (rule.at_most, False)):
                if bound is None:
                    continue
                gap = Fraction(str(bound)) * len(rows) - count if low else count - Fraction(str(bound)) * len(rows)
                if gap > 0 and rule.hard:
                    return None
                short += max(0, math.ceil(gap))
        elif isinstance(rule, GroupMix):
            groups: dict[int, list[str]] = {}
            for g, r, kind, _ in rows:
                if kind == "group":
                    groups.setdefault(g, []).append(_label(people[r], rule.by, programme))
            for labels in groups.values():
                for value in set(labels) - {""}:
                    if labels.count(value) > Fraction(str(rule.at_most)) * len(labels):
                        return None
        elif isinstance(rule, Floor):
            weakest: dict[str, int] = {}
            for g, r, _, shown in rows:
                for value in {_label(people[g], rule.by, programme), _label(people[r], rule.by, programme)} - {""}:
                    weakest[value] = min(weakest.get(value, shown), shown)
            floor += sum(weakest.values())
    return {"balance": -short, "floor": floor}
