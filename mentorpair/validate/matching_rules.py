"""Matching rules: the whole matching as plain rows -> messages.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ..model.cohort import Cohort
from ..model.participant import Participant
from ..model.programme import Programme
from .balance import BALANCE_RULES
from .facts import (
    COMPONENT_COLUMNS,
    INDIVIDUAL_KINDS,
    REQUIRED_PAIR_COLUMNS,
    REQUIRED_UNMATCHED_COLUMNS,
    SCORE_TOLERANCE,
    WITH_PAIRS,
    _limits_in_words,
    co_mentees_clash,
    group_size_range,
    latest_round_counted,
    most_mentees,
)
from .pair_rules import _paired_before, pair_violations

# --- the matching as plain rows ---------------------------------------------------------


@dataclass(frozen=True)
class PairRow:
    position: int
    group_id: Any
    kind: Any
    mentor_id: Any
    mentee_id: Any
    score: Any
    components: dict[str, Any]
    cohesion: Any

    @property
    def label(self) -> str:
        return f"pair {self.position} ({self.mentor_id} -> {self.mentee_id}, {self.kind})"

    @property
    def is_peer(self) -> bool:
        return bool(self.kind == "peer")

    @property
    def receivers(self) -> tuple[Any, ...]:
        """Who this row takes in as a mentee or peer."""
        return (self.mentor_id, self.mentee_id) if self.is_peer else (self.mentee_id,)

    @property
    def people(self) -> tuple[Any, Any]:
        return (self.mentor_id, self.mentee_id)


@dataclass(frozen=True)
class Context:
    """What the matching rules read: the cohort, the rules and the matching's rows."""

    cohort: Cohort
    programme: Programme
    status: str
    pairs: tuple[PairRow, ...]
    unmatched: tuple[tuple[Any, Any], ...]  # (participant_id, reason)
    people: dict[str, Participant]

    @property
    def pairs_expected(self) -> bool:
        return self.status in WITH_PAIRS

    @property
    def mentoring(self) -> tuple[PairRow, ...]:
        """The rows in which a mentor gives (everything but peer rows)."""
        return tuple(row for row in self.pairs if not row.is_peer)

    def known_pairs(self) -> Iterator[tuple[PairRow, Participant, Participant]]:
        for row in self.pairs:
            mentor, mentee = self.people.get(row.mentor_id), self.people.get(row.mentee_id)
            if mentor is not None and mentee is not None:
                yield row, mentor, mentee

    def partners(self) -> dict[Any, set[Any]]:
        out: dict[Any, set[Any]] = defaultdict(set)
        for row in self.pairs:
            out[row.mentor_id].add(row.mentee_id)
            out[row.mentee_id].add(row.mentor_id)
        return out


def _status_text(status: Any) -> str:
    return str(getattr(status, "value", status))


def _records(frame: Any, columns: tuple[str, ...]) -> list[dict[str, Any]]:
    present = [c for c in columns if c in frame.columns]
    rows = zip(*(frame[c].tolist() for c in present)) if len(frame) else iter(())
    return [dict(zip(present, values)) for values in rows]


def _number(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        return math.nan


# --- matching rules: Context -> messages ------------------------------------------------

MatchingRule = Callable[[Context], Iterator[str]]


def rule_pairs_only_with_solution(ctx: Context) -> Iterator[str]:
    if not ctx.pairs_expected and ctx.pairs:
        yield (f"status is {ctx.status} but pairs has {len(ctx.pairs)} rows; "
               f"pairs are only expected when status is {' or '.join(WITH_PAIRS)}")


def rule_known_ids(ctx: Context) -> Iterator[str]:
    for row in ctx.pairs:
        for side, pid in (("mentor", row.mentor_id), ("mentee", row.mentee_id)):
            if pid not in ctx.people:
                yield f"{row.label}: unknown {side} id {pid!r}"


def rule_pair_rules(ctx: Context) -> Iterator[str]:
    for row, mentor, mentee in ctx.known_pairs():
        for message in pair_violations(mentor, mentee, ctx.programme, str(row.kind)):
            yield f"{row.label}: {message}"


def rule_receive_once(ctx: Context) -> Iterator[str]:
    rows: dict[Any, list[int]] = defaultdict(list)
    for row in ctx.pairs:
        for pid in row.receivers:
            rows[pid].append(row.position)
    for pid, positions in rows.items():
        if len(positions) > 1:
            yield (f"{pid} is a mentee or peer in {len(positions)} pairs "
                   f"(pairs {', '.join(map(str, positions))}); at most one is allowed")


def rule_individual_capacity(ctx: Context) -> Iterator[str]:
    mentees = Counter(row.mentor_id for row in ctx.mentoring if row.kind in INDIVIDUAL_KINDS)
    for pid, count in mentees.items():
        person = ctx.people.get(pid)
        if person is not None and count > (limit := most_mentees(person, ctx.programme)):
            yield (f"{pid} mentors {count} mentees but may take at most {limit} "
                   f"({_limits_in_words(person, ctx.programme)})")


def rule_group_size(ctx: Context) -> Iterator[str]:
    members = Counter(row.mentor_id for row in ctx.mentoring if row.kind == "group")
    for pid, count in members.items():
        person = ctx.people.get(pid)
        if person is None:
            continue
        if "group" not in ctx.programme.forms:
            continue  # rule_form_enabled says so, row by row
        least, most = group_size_range(person, ctx.programme)
        if most < least:
            yield (f"{pid} runs a group but no group size fits them (they may take at most {most}: "
                   f"{_limits_in_words(person, ctx.programme)}; the smallest group is {least})")
        elif not least <= count <= most:
            yield f"{pid}'s group has {count} mentees but must have {least} to {most}"


def rule_group_or_individual(ctx: Context) -> Iterator[str]:
    kinds: dict[Any, set[str]] = defaultdict(set)
    for row in ctx.mentoring:
        kinds[row.mentor_id].add("group" if row.kind == "group" else "individual")
    for pid, found in kinds.items():
        if len(found) > 1:
            yield f"{pid} runs a group and also individual pairs; a mentor does one or the other"


def rule_co_mentees(ctx: Context) -> Iterator[str]:
    groups: dict[Any, list[Participant]] = defaultdict(list)
    for row, mentor, mentee in ctx.known_pairs():
        if row.kind == "group":
            groups[mentor.id].append(mentee)
    for mentor_id, members in groups.items():
        for k, a in enumerate(members):
            for b in members[k + 1:]:
                why = co_mentees_clash(a, b)
                if not why and {a.id, b.id} in [set(p) for p in ctx.programme.exclusions]:
                    why = "excluded by the programme"
                if not why and (met := _paired_before(a.id, b.id, ctx.programme)) is not None:
                    why = f"paired in round {met}, which repeat='forbid' rules out"
                if why:
                    yield f"{a.id} and {b.id} share {mentor_id}'s group: {why}"


def rule_one_side(ctx: Context) -> Iterator[str]:
    givers = {row.mentor_id for row in ctx.mentoring}
    receivers = {pid for row in ctx.pairs for pid in row.receivers}
    for person in ctx.cohort:
        if person.id in givers and person.id in receivers:
            if not (ctx.programme.dual_roles and person.role.value == "any"):
                yield f"{person.id} is both a mentor and a mentee (or peer)"
    edges = {(row.mentor_id, row.mentee_id) for row in ctx.mentoring}
    for a, b in sorted(edges, key=lambda e: (str(e[0]), str(e[1]))):
        if (b, a) in edges and str(a) < str(b):
            yield f"{a} and {b} mentor each other"


def rule_hard_wishes(ctx: Context) -> Iterator[str]:
    if ctx.programme.wishes != "hard" or not ctx.pairs_expected:
        return
    partners = ctx.partners()
    for person in ctx.cohort:
        if person.wishes and not partners[person.id] & set(person.wishes):
            yield (f"hard wish broken: {person.id} named {', '.join(person.wishes)} "
                   "but is paired with none of them")


def rule_fixed_pairs(ctx: Context) -> Iterator[str]:
    if not ctx.pairs_expected:
        return
    mentoring = {(row.mentor_id, row.mentee_id) for row in ctx.mentoring}
    peers = {frozenset(row.people) for row in ctx.pairs if row.is_peer}
    for first, second in ctx.programme.fixed_pairs:
        if (first, second) not in mentoring and frozenset((first, second)) not in peers:
            yield f"fixed pair {first}-{second} is missing ({first} mentoring {second}, or the two as peers)"


def rule_require_all(ctx: Context) -> Iterator[str]:
    if not ctx.programme.require_all or not ctx.pairs_expected:
        return
    matched = {pid for row in ctx.pairs for pid in row.people}
    for pid in ctx.cohort.ids:
        if pid not in matched:
            yield f"require_all: {pid} is not matched"


def rule_everyone_accounted_for(ctx: Context) -> Iterator[str]:
    matched = {pid for row in ctx.pairs for pid in row.people}
    listed = Counter(pid for pid, _ in ctx.unmatched)
    for pid in ctx.cohort.ids:
        if pid not in matched and pid not in listed:
            yield f"{pid} is neither in a pair nor in unmatched"
    for pid, count in listed.items():
        if pid not in ctx.people:
            yield f"unmatched lists unknown participant {pid!r}"
        elif pid in matched:
            yield f"{pid} is in a pair but also listed in unmatched"
        if count > 1:
            yield f"{pid} is listed {count} times in unmatched"


def rule_unmatched_reasons(ctx: Context) -> Iterator[str]:
    for pid, reason in ctx.unmatched:
        if not isinstance(reason, str) or not reason.strip():
            yield f"unmatched row for {pid} has an empty reason"


def rule_components_add_up(ctx: Context) -> Iterator[str]:
    for row in ctx.pairs:
        cohesion = _number(row.cohesion)
        parts = sum(_number(v) for v in row.components.values()) + cohesion
        score = _number(row.score)
        if not abs(parts - score) <= SCORE_TOLERANCE:  # also catches NaN
            yield f"{row.label}: score components add up to {parts!r} but score is {score!r}"
        if row.kind != "group" and cohesion != 0:
            yield f"{row.label}: only group pairs have a cohesion part, got {cohesion!r}"
        elif not cohesion >= 0:
            yield f"{row.label}: cohesion must not be negative, got {cohesion!r}"


#: the ``repeat`` part of a pair of an earlier round that counts, per rule, in units of its weight
_REPEAT_SIGN = {"avoid": -1.0, "prefer": 1.0}
#: a shown part is rounded to the score's units (1/10,000)
_SHOWN_UNIT = 1e-4


def rule_repeat_part(ctx: Context) -> Iterator[str]:
    # The repeat part is the one score part the history alone decides, so it is re-derived here:
    # Weights.repeat times -1 (avoid) or +1 (prefer) for two people paired in a round that counts,
    # else 0 (under "forbid" such a pair is not allowed at all, so its part is 0 too).
    weight = ctx.programme.score_weights.repeat
    for row, mentor, mentee in ctx.known_pairs():
        met = latest_round_counted(mentor.id, mentee.id, ctx.programme)
        expected = weight * _REPEAT_SIGN.get(str(ctx.programme.repeat), 0.0) if met is not None else 0.0
        shown = _number(row.components.get("repeat", 0.0))
        if not abs(shown - expected) <= _SHOWN_UNIT / 2 + SCORE_TOLERANCE:
            why = (f"paired in round {met}, repeat={ctx.programme.repeat!r}" if met is not None
                   else "not paired in a round that counts")
            yield f"{row.label}: repeat part is {shown!r} but should be {expected:g} ({why})"


def rule_group_ids(ctx: Context) -> Iterator[str]:
    # A mentor's mentees share one group id; each peer pair has its own.
    owners: dict[Any, set[Any]] = defaultdict(set)
    ids_of: dict[Any, set[Any]] = defaultdict(set)
    for row in ctx.pairs:
        owner = ("peer", frozenset(row.people)) if row.is_peer else ("mentor", row.mentor_id)
        owners[row.group_id].add(owner)
        ids_of[owner].add(row.group_id)
    for group, found in owners.items():
        if len(found) > 1:
            names = sorted("+".join(sorted(map(str, o[1]))) if o[0] == "peer" else str(o[1]) for o in found)
            yield f"group {group} mixes several mentors or peer pairs: {', '.join(names)}"
    for owner, groups in ids_of.items():
        if len(groups) > 1:
            who = "+".join(sorted(map(str, owner[1]))) if owner[0] == "peer" else str(owner[1])
            yield f"{owner[0]} {who} is in several groups: {', '.join(sorted(map(str, groups)))}"


MATCHING_RULES: tuple[MatchingRule, ...] = (
    rule_pairs_only_with_solution,
    rule_known_ids,
    rule_pair_rules,
    rule_receive_once,
    rule_individual_capacity,
    rule_group_size,
    rule_group_or_individual,
    rule_co_mentees,
    rule_one_side,
    rule_hard_wishes,
    rule_fixed_pairs,
    rule_require_all,
    rule_everyone_accounted_for,
    rule_unmatched_reasons,
    rule_components_add_up,
    rule_repeat_part,
    rule_group_ids,
    *BALANCE_RULES,
)


def validate(matching: Any, cohort: Cohort, programme: Programme) -> list[str]:
    """Every hard rule the matching breaks, in words; an empty list when it is valid.

    Reads ``matching.pairs``, ``matching.unmatched`` and ``matching.status``
    only, and re-derives each rule from the participants' own fields and the
    programme.

    Examples
    --------
    >>> problems = validate(matching, cohort, programme)  # doctest: +SKIP
    >>> assert not problems, "\\n".join(problems)  # doctest: +SKIP
    """
    pairs, unmatched = matching.pairs, matching.unmatched
    missing = [f"pairs has no column {c!r}" for c in REQUIRED_PAIR_COLUMNS if c not in pairs.columns]
    missing += [f"unmatched has no column {c!r}" for c in REQUIRED_UNMATCHED_COLUMNS if c not in unmatched.columns]
    if missing:
        return missing
    rows = tuple(
        PairRow(
            position=i,
            group_id=r["group_id"],
            kind=r["kind"],
            mentor_id=r["mentor_id"],
            mentee_id=r["mentee_id"],
            score=r["score"],
            components={c: r[c] for c in COMPONENT_COLUMNS},
            cohesion=r.get("cohesion", 0.0),  # absent from matchings that have no groups
        )
        for i, r in enumerate(_records(pairs, (*REQUIRED_PAIR_COLUMNS, "cohesion")))
    )
    ctx = Context(
        cohort=cohort,
        programme=programme,
        status=_status_text(matching.status),
        pairs=rows,
        unmatched=tuple((r["participant_id"], r["reason"]) for r in _records(unmatched, REQUIRED_UNMATCHED_COLUMNS)),
        people={p.id: p for p in cohort},
    )
    return [message for rule in MATCHING_RULES for message in rule(ctx)]
