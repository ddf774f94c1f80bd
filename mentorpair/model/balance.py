"""Balance across the cohort: rules over the matching as a whole, not over one pair.

Three kinds, given in ``Programme(balance=...)`` (one rule or a sequence):

- :class:`Share`: the share of the matching's pair rows that have a property
  (``"cross_organisation"`` and so on, :data:`SHARE_OF`) is at least and/or at
  most a target. A group's members are a row each; a peer pair is one row.
  ``hard=True`` is a rule every matching keeps; ``hard=False`` (the default) a
  stage ``"balance"`` after coverage (and after ``"kept"``) that makes the
  shortfall, in pairs, below (or above) each target as small as it can.
- :class:`GroupMix`: in every group no more than ``at_most`` of its mentees share
  one organisation (or one first language). A hard rule.
- :class:`Floor`: for each organisation (or first language), the weakest pair that
  has someone of it is as good as possible: a stage ``"floor"`` after
  ``"fairness"`` maximising the sum over those subgroups of their weakest pair.

Why that order: coverage (and kept pairs) decide who is in a pair at all, which a
programme weighs above any share; the share then ranks above the scores, since it
is a rule the coordinator stated for the whole cohort, while the fairness and total
stages only rank matchings that already keep it as well as they can. A hard share
never makes the rules infeasible alone (the empty matching keeps it), but it can
leave people unmatched that a matching without it would pair: the coverage stage
is solved under it. The floor refines fairness: the weakest pair of all is fixed
first, then each subgroup's weakest is raised where that costs no one else.

The words used here, the properties of a pair row, are re-derived from the
participants' own fields by :mod:`mentorpair.validate.balance`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

from ..exceptions import Problem, ValidationError

__all__ = [
    "BALANCE_STAGE",
    "FLOOR_STAGE",
    "SHARE_OF",
    "SUBGROUPS",
    "Floor",
    "GroupMix",
    "Share",
    "balance_problems",
    "balance_stages",
    "coerce_balance",
    "fraction_of",
]

#: the stage that minimises the shortfall below soft shares (counted in pairs, negated)
BALANCE_STAGE = "balance"
#: the stage that maximises the sum of each subgroup's weakest pair (score units)
FLOOR_STAGE = "floor"

#: what a :class:`Share` counts: a property of one pair row, with what it means
SHARE_OF: dict[str, str] = {
    "cross_organisation": "the two are of different organisations (both have one, as organisation_key compares them)",
    "same_organisation": "the two are of the same organisation (as organisation_key compares them)",
    "peer": "a peer pair",
    "traditional": "a traditional pair (the mentor at least as experienced)",
    "reverse": "a reverse pair (the mentor less experienced)",
    "group": "a member of a mentor's group",
    "wished": "one of the two named the other in their wishes",
}
#: what a :class:`GroupMix` and a :class:`Floor` group people by: the organisation key or the first language
SUBGROUPS = ("organisation", "language")

ShareOf = Literal["cross_organisation", "same_organisation", "peer", "traditional", "reverse", "group", "wished"]
SubgroupBy = Literal["organisation", "language"]


def _share_problem(value: object, name: str) -> Problem | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or not 0 <= value <= 1:
        return Problem(f"must be a share between 0 and 1, got {value!r}", field=name)
    return None


def fraction_of(value: float) -> Fraction:
    """A share as the fraction the model states it with: exact for a target of up to six decimals (0.6 is 3/5)."""
    return Fraction(str(float(value))).limit_denominator(10**6)


@dataclass(frozen=True, slots=True)
class Share:
    """The share of pair rows with property ``what`` (:data:`SHARE_OF`) is ``at_least`` and/or ``at_most``.

    The bounds are shares from 0 to 1, stated exactly to six decimals (0.6 is 3/5 of the rows).

    >>> Share("cross_organisation", at_least=0.6)
    Share('cross_organisation', at_least=0.6)
    """

    what: ShareOf
    at_least: float | None = None
    at_most: float | None = None
    hard: bool = False

    def __post_init__(self) -> None:
        problems = [p for p in (_share_problem(self.at_least, "at_least"), _share_problem(self.at_most, "at_most"))
                    if p is not None]
        if not isinstance(self.what, str) or self.what not in SHARE_OF:
            problems.append(Problem(f"must be one of {list(SHARE_OF)}, got {self.what!r}", field="what"))
        if self.at_least is None and self.at_most is None:
            problems.append(Problem("needs at_least, at_most or both", field="at_least"))
        elif not problems and self.at_least is not None and self.at_most is not None and self.at_least > self.at_most:
            problems.append(Problem(f"at_least {self.at_least} is above at_most {self.at_most}", field="at_least"))
        if not isinstance(self.hard, bool):
            problems.append(Problem(f"must be True or False, got {self.hard!r}", field="hard"))
        if problems:
            raise ValidationError(problems, what="share")

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"share": self.what}
        out.update({k: v for k, v in (("at_least", self.at_least), ("at_most", self.at_most)) if v is not None})
        return {**out, "hard": self.hard}

    @property
    def label(self) -> str:
        bounds = [f">= {self.at_least:g}" if self.at_least is not None else "",
                  f"<= {self.at_most:g}" if self.at_most is not None else ""]
        return f"share {self.what} {' and '.join(b for b in bounds if b)}"

    def __repr__(self) -> str:
        extra = [f"{k}={v!r}" for k, v in (("at_least", self.at_least), ("at_most", self.at_most)) if v is not None]
        return f"Share({', '.join([repr(self.what), *extra, *(['hard=True'] if self.hard else [])])})"


@dataclass(frozen=True, slots=True)
class GroupMix:
    """In each group, at most ``at_most`` of its mentees share one organisation (or one first language).

    A hard rule. People with no organisation key (or no language) share it with no one.
    """

    by: SubgroupBy = "organisation"
    at_most: float = 0.5

    def __post_init__(self) -> None:
        problems = []
        if not isinstance(self.by, str) or self.by not in SUBGROUPS:
            problems.append(Problem(f"must be one of {list(SUBGROUPS)}, got {self.by!r}", field="by"))
        if (found := _share_problem(self.at_most, "at_most")) is not None:
            problems.append(found)
        elif self.at_most <= 0:
            problems.append(Problem("must be above 0: no group could have a mentee who has one", field="at_most"))
        if problems:
            raise ValidationError(problems, what="group mix")

    def as_dict(self) -> dict[str, Any]:
        return {"group_mix": self.by, "at_most": self.at_most}

    @property
    def label(self) -> str:
        return f"group mix by {self.by} <= {self.at_most:g}"


@dataclass(frozen=True, slots=True)
class Floor:
    """Each subgroup's (organisation's or first language's) weakest pair as good as possible.

    A pair belongs to the subgroups of both its people; a subgroup with no pair does not count.
    """

    by: SubgroupBy = "organisation"

    def __post_init__(self) -> None:
        if not isinstance(self.by, str) or self.by not in SUBGROUPS:
            raise ValidationError([Problem(f"must be one of {list(SUBGROUPS)}, got {self.by!r}", field="by")],
                                  what="floor")

    def as_dict(self) -> dict[str, Any]:
        return {"floor": self.by}

    @property
    def label(self) -> str:
        return f"floor per {self.by}"


BalanceRule = Share | GroupMix | Floor
#: each rule's table key, its class, the field the key gives, and the other keys it takes
_KINDS: dict[str, tuple[type[Share | GroupMix | Floor], str, tuple[str, ...]]] = {
    "share": (Share, "what", ("at_least", "at_most", "hard")),
    "group_mix": (GroupMix, "by", ("at_most",)),
    "floor": (Floor, "by", ()),
}


def _from_mapping(value: Mapping[str, Any], where: str) -> tuple[BalanceRule | None, list[Problem]]:
    """A rule from a rules-file table or a saved file: ``{"share": ..., "at_least": ...}`` and so on."""
    kinds = [k for k in _KINDS if k in value]
    if len(kinds) != 1:
        return None, [Problem(f"must name exactly one of {list(_KINDS)}, got {sorted(value)}", field=where)]
    kind = kinds[0]
    cls, first, others = _KINDS[kind]
    allowed = {kind, *others}
    unknown = sorted(set(value) - allowed)
    if unknown:
        return None, [Problem(f"unknown key {k!r} for a {kind} rule (known are {sorted(allowed)})", field=where)
                      for k in unknown]
    try:
        return cls(**{first: value[kind], **{k: v for k, v in value.items() if k != kind}}), []
    except ValidationError as exc:
        return None, [Problem(p.message, field=f"{where}.{p.field}" if p.field else where) for p in exc.problems]


def coerce_balance(value: object) -> tuple[tuple[BalanceRule, ...], list[Problem]]:
    """The rules of ``Programme.balance`` as a tuple, with every problem found."""
    if value is None:
        return (), []
    items: Iterable[object]
    if isinstance(value, (Share, GroupMix, Floor, Mapping)):
        items = (value,)
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        return (), [Problem(f"must be a Share, GroupMix or Floor, or a sequence of them, got {value!r}",
                            field="balance")]
    rules: list[BalanceRule] = []
    problems: list[Problem] = []
    for i, item in enumerate(items):
        if isinstance(item, (Share, GroupMix, Floor)):
            rules.append(item)
        elif isinstance(item, Mapping):
            rule, found = _from_mapping(item, f"balance[{i}]")
            problems += found
            if rule is not None:
                rules.append(rule)
        else:
            problems.append(Problem(f"must be a Share, GroupMix or Floor, got {item!r}", field=f"balance[{i}]"))
    return tuple(rules), problems


def balance_problems(programme: Any) -> list[Problem]:
    """Read ``programme.balance`` into a tuple of rules (set on the frozen programme) and say what is wrong."""
    rules, problems = coerce_balance(programme.balance)
    if not problems:
        object.__setattr__(programme, "balance", rules)
    return problems


def balance_stages(stages: Sequence[str], rules: Sequence[BalanceRule]) -> tuple[str, ...]:
    """``stages`` with ``"balance"`` (soft shares) and ``"floor"`` (subgroup floors) put in.

    ``"balance"`` comes right after ``"coverage"`` and ``"kept"`` (where the objective has no
    coverage: after ``"wishes"`` and ``"kept"``, first); ``"floor"`` right after ``"fairness"``,
    else right before ``"total"``, else last.
    """
    out = list(stages)
    if any(isinstance(r, Share) and not r.hard for r in rules):
        before = [i for i, s in enumerate(out) if s in ("wishes", "kept", "coverage")]
        if "coverage" in out:
            before = [i for i in before if i <= out.index("coverage") + 1]
        out.insert(before[-1] + 1 if before else 0, BALANCE_STAGE)
    if any(isinstance(r, Floor) for r in rules):
        if "fairness" in out:
            out.insert(out.index("fairness") + 1, FLOOR_STAGE)
        elif "total" in out:
            out.insert(out.index("total"), FLOOR_STAGE)
        else:
            out.append(FLOOR_STAGE)
    return tuple(out)
