"""Matching rules for balance across the cohort: each hard :class:`~mentorpair.Share` and every
:class:`~mentorpair.GroupMix` re-counted from the pair rows and the participants' own fields.

What a pair row has (cross-organisation, wished, ...) is derived here again, not read from the
solver: the organisation key as :mod:`mentorpair.validate.facts` compares it, the first language
without case, the kinds of the rows. A :class:`~mentorpair.Floor` is an objective, not a rule: there
is nothing for a matching to break.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from ..model.balance import GroupMix, Share
from ..model.participant import Participant
from .facts import _org_key


def fraction_of(bound: float) -> Fraction:
    """A share's target as the rule defines it (docs/rules.md): the nearest fraction with a denominator of
    at most 10^6, so 0.6 is 3/5 and 1/3 is 1/3. Restated here, not imported from the model's code."""
    return Fraction(str(float(bound))).limit_denominator(10**6)

__all__ = ["BALANCE_RULES", "rule_group_mix", "rule_hard_shares"]


def _has(what: str, kind: Any, mentor: Participant, mentee: Participant, ctx: Any) -> bool:
    """Whether a row of these two people and this kind has the property ``what``."""
    if what in ("peer", "group", "reverse", "traditional"):
        return bool(kind == what)
    if what == "wished":
        return mentee.id in mentor.wishes or mentor.id in mentee.wishes
    first, second = _org_key(mentor, ctx.programme), _org_key(mentee, ctx.programme)
    if not first or not second:
        return False
    return (first == second) if what == "same_organisation" else (first != second)


def _subgroup(person: Participant, by: str, ctx: Any) -> str:
    if by == "organisation":
        return _org_key(person, ctx.programme)
    return " ".join(person.languages[0].split()).casefold() if person.languages else ""


def rule_hard_shares(ctx: Any) -> Iterator[str]:
    """Every hard share holds among the pair rows: a group's members a row each, a peer pair one."""
    rules = [r for r in ctx.programme.balance if isinstance(r, Share) and r.hard]
    if not rules or not ctx.pairs_expected:
        return
    rows = [(row, ctx.people.get(row.mentor_id), ctx.people.get(row.mentee_id)) for row in ctx.pairs]
    for rule in rules:
        count = sum(1 for row, a, b in rows if a is not None and b is not None and _has(rule.what, row.kind, a, b, ctx))
        n = len(rows)
        for bound, low in ((rule.at_least, True), (rule.at_most, False)):
            if bound is None:
                continue
            target = fraction_of(bound)
            if (count < target * n) if low else (count > target * n):
                yield (f"hard share broken: {count} of {n} pairs are {rule.what} ({count / n if n else 0:.3f}), "
                       f"{'below' if low else 'above'} {'at_least' if low else 'at_most'} {bound:g}")


def rule_group_mix(ctx: Any) -> Iterator[str]:
    """In every group at most ``at_most`` of the mentees share one organisation (or first language)."""
    rules = [r for r in ctx.programme.balance if isinstance(r, GroupMix)]
    if not rules or not ctx.pairs_expected:
        return
    groups: dict[Any, list[Participant]] = defaultdict(list)
    for row in ctx.pairs:
        mentee = ctx.people.get(row.mentee_id)
        if row.kind == "group" and mentee is not None:
            groups[row.mentor_id].append(mentee)
    for rule in rules:
        target = fraction_of(rule.at_most)
        for mentor, mentees in sorted(groups.items(), key=lambda item: str(item[0])):
            counts: dict[str, int] = defaultdict(int)
            for person in mentees:
                label = _subgroup(person, rule.by, ctx)
                if label:
                    counts[label] += 1
            for label, n in sorted(counts.items()):
                if n > target * len(mentees):
                    yield (f"group mix broken: {n} of the {len(mentees)} mentees in {mentor}'s group share one "
                           f"{rule.by}, more than at_most {rule.at_most:g}")


#: the balance rules of :data:`~mentorpair.validate.matching_rules.MATCHING_RULES`
BALANCE_RULES = (rule_hard_shares, rule_group_mix)
