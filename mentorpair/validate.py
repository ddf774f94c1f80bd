"""An independent check that a matching obeys the programme's hard rules.

:func:`validate` re-derives every hard rule from the participants' own fields
and the programme. It reads only the cohort, the programme and a matching's
public ``pairs``, ``unmatched`` and ``status``; it shares no code with scoring
or the solver, so that a bug there cannot hide itself here.

Each rule is one small function. A *pair rule* looks at the two people of one
row and its kind and returns a message or ``None``; a *matching rule* looks at
the whole matching and yields messages. Adding a rule means writing one
function and listing it in :data:`PAIR_RULES` or :data:`MATCHING_RULES`.

Vocabulary: in a ``traditional``, ``reverse`` or ``group`` row the mentor
*gives* and the mentee *receives*; in a ``peer`` row both receive (each
mentors the other). Everyone receives at most once.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .model.cohort import Cohort
from .model.participant import Participant
from .model.programme import Programme

__all__ = [
    "INDIVIDUAL_KINDS",
    "KINDS",
    "MATCHING_RULES",
    "PAIR_RULES",
    "co_mentees_clash",
    "individual_kind",
    "pair_violations",
    "validate",
]

#: the score component columns of ``Matching.pairs``; with ``cohesion`` they add up to ``score``
COMPONENT_COLUMNS = ("goal_text", "goal_areas", "experience", "meeting", "wish", "same_organisation", "repeat")
REQUIRED_PAIR_COLUMNS = ("group_id", "kind", "mentor_id", "mentee_id", "score", *COMPONENT_COLUMNS)
REQUIRED_UNMATCHED_COLUMNS = ("participant_id", "reason")
SCORE_TOLERANCE = 1e-9
#: statuses whose matching may contain pairs
WITH_PAIRS = ("OPTIMAL", "FEASIBLE")
INDIVIDUAL_KINDS = ("traditional", "reverse")
KINDS = ("traditional", "reverse", "group", "peer")


# --- facts about two people -------------------------------------------------------------


#: where organisation_key="prefix" cuts an organisation (stated here again, not imported from scoring)
_PREFIX_CUT = re.compile(r"\s+/\s+|,|\s+[-–—]\s+")


def _org_text(p: Participant, programme: Programme) -> str:
    """The organisation as ``programme.organisation_key`` compares it, as written."""
    key = programme.organisation_key
    if callable(key):
        return str(key(p)).strip()
    if key == "prefix":
        return _PREFIX_CUT.split(p.organisation, maxsplit=1)[0].strip()
    if key == "email_domain":
        return p.email.rsplit("@", 1)[1].strip() if "@" in p.email else ""
    return p.organisation.strip()


def _org_key(p: Participant, programme: Programme) -> str:
    """What is compared: no case, no repeated space; empty means no organisation (never the same)."""
    return " ".join(_org_text(p, programme).split()).casefold()


def _modes(p: Participant) -> set[str]:
    value = p.meeting_mode.value
    return {"in_person", "remote"} if value == "either" else {value}


def _cannot_meet(a: Participant, b: Participant) -> str | None:
    """Why two people cannot meet as both asked, or ``None``."""
    common = _modes(a) & _modes(b)
    if not common:
        return f"no meeting mode in common ({a.id}: {a.meeting_mode.value}, {b.id}: {b.meeting_mode.value})"
    here, there = a.location.strip(), b.location.strip()
    if common == {"in_person"} and here and there and here.casefold() != there.casefold():
        return f"they can meet only in person but live apart ({a.id} in {here}, {b.id} in {there})"
    return None


def most_mentees(person: Participant, programme: Programme) -> int:
    """How many individual mentees a mentor may have: the programme's maximum and their own
    stated capacity, whichever is smaller; with no maximum (None), as stated (1 when not stated)."""
    limits = [x for x in (programme.max_mentees_per_mentor, person.capacity) if x is not None]
    return min(limits) if limits else 1


def group_size_range(person: Participant, programme: Programme) -> tuple[int, int]:
    """The least and most members of this mentor's group: ``group_size``, capped by
    :func:`most_mentees` (as stated, 1 for one who stated no capacity: a group's mentees are
    mentees like any others). Most below least: no group fits them."""
    return programme.group_size[0], min(programme.group_size[1], most_mentees(person, programme))


def _limits_in_words(person: Participant, programme: Programme) -> str:
    """The two limits on a mentor as a coordinator reads them, not as Python values."""
    most = programme.max_mentees_per_mentor
    stated = "no capacity stated" if person.capacity is None else f"stated capacity {person.capacity}"
    return f"programme maximum {'as stated' if most is None else most}, {stated}"


def _languages(p: Participant) -> set[str]:
    return {x.strip().casefold() for x in p.languages}


def _no_common_language(a: Participant, b: Participant) -> bool:
    return bool(a.languages) and bool(b.languages) and not _languages(a) & _languages(b)


def _excludes(a: Participant, b: Participant) -> str | None:
    """Which of the two lists the other in their exclusions, or ``None``."""
    for x, y in ((a, b), (b, a)):
        if y.id in x.exclusions:
            return f"{x.id} lists {y.id} in their exclusions"
    return None


def less_experienced(mentor: Participant, mentee: Participant) -> bool:
    """The mentor has fewer stated years than the mentee (a reverse pair)."""
    return (mentor.experience_years is not None and mentee.experience_years is not None
            and mentor.experience_years < mentee.experience_years)


def individual_kind(mentor: Participant, mentee: Participant) -> str:
    """The kind an individual pair of these two has: reverse when the mentor is less experienced."""
    return "reverse" if less_experienced(mentor, mentee) else "traditional"


def co_mentees_clash(a: Participant, b: Participant) -> str | None:
    """Why two people may not be in one group, or ``None``."""
    excluded = _excludes(a, b)
    if excluded:
        return f"excluded: {excluded}"
    if _no_common_language(a, b):
        return "no common language"
    return None


# --- pair rules: (mentor, mentee, kind, programme) -> message or None --------------------
# For a peer row, "mentor" and "mentee" are simply the first and the second peer.

PairRule = Callable[[Participant, Participant, str, Programme], "str | None"]


def rule_known_kind(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    if kind not in KINDS:
        return f"unknown kind {kind!r}; kinds are {', '.join(KINDS)}"
    return None


def rule_not_self(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    if mentor.id == mentee.id:
        return f"{mentor.id} is paired with themself"
    return None


def rule_roles(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    if kind == "peer":
        for p in (mentor, mentee):
            if p.role.value not in ("peer", "any"):
                return f"peer pair: {p.id} signed up as {p.role.value}, who cannot be a peer"
        return None
    if mentor.role.value not in ("mentor", "any"):
        return f"mentor {mentor.id} signed up as {mentor.role.value}, who cannot be a mentor"
    if mentee.role.value not in ("mentee", "any"):
        return f"mentee {mentee.id} signed up as {mentee.role.value}, who cannot be a mentee"
    return None


def rule_form_enabled(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    forms = set(programme.forms)
    if kind in KINDS and kind not in forms:
        return f"kind {kind!r} is not among the programme's forms ({', '.join(sorted(forms))})"
    if kind == "group" and less_experienced(mentor, mentee) and "reverse" not in forms:
        return (f"group mentor {mentor.id} is less experienced than {mentee.id}, "
                "and reverse mentoring is not among the programme's forms")
    return None


def rule_kind_matches_experience(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    if kind in INDIVIDUAL_KINDS and kind != individual_kind(mentor, mentee):
        return (f"labelled {kind}, but {mentor.id} has {mentor.experience_years} years and "
                f"{mentee.id} {mentee.experience_years}, which makes it {individual_kind(mentor, mentee)}")
    return None


def rule_exclusions(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    excluded = _excludes(mentor, mentee)
    return f"excluded: {excluded}" if excluded else None


def rule_programme_exclusions(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    if {mentor.id, mentee.id} in [set(p) for p in programme.exclusions]:
        return f"excluded by the programme: {mentor.id}-{mentee.id}"
    return None


def rule_common_language(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    if _no_common_language(mentor, mentee):
        return (f"no common language: {mentor.id} speaks {', '.join(mentor.languages)}, "
                f"{mentee.id} speaks {', '.join(mentee.languages)}")
    return None


def rule_same_organisation(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    if programme.same_organisation != "forbidden":
        return None
    a, b = _org_key(mentor, programme), _org_key(mentee, programme)
    if a and a == b:
        compared = "" if programme.organisation_key == "exact" else f", compared as {_org_text(mentor, programme)!r}"
        return (f"same organisation ({mentor.organisation or mentor.email!r} and {mentee.organisation or mentee.email!r}"
                f"{compared}), which the programme forbids")
    return None


def _paired_before(a: str, b: str, programme: Programme) -> int | None:
    """Under ``repeat="forbid"``, the latest earlier round that still counts in which ``a`` and ``b``
    were paired, or None.

    Read from the history triples here, not from ``Programme.past_pairs``: the check must not
    share the code it checks. A round counts when it is among the last ``cooldown`` rounds.
    """
    rounds = [r for _, _, r in programme.history]
    if not rounds or programme.repeat != "forbid":
        return None
    oldest = None if programme.cooldown is None else max(rounds) - programme.cooldown + 1
    met = [r for x, y, r in programme.history if {x, y} == {a, b} and (oldest is None or r >= oldest)]
    return max(met) if met else None


def rule_history(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    met = _paired_before(mentor.id, mentee.id, programme)
    return None if met is None else f"paired in round {met}, which repeat='forbid' rules out"


def rule_meeting(mentor: Participant, mentee: Participant, kind: str, programme: Programme) -> str | None:
    if programme.meeting != "hard":
        return None
    why = _cannot_meet(mentor, mentee)
    return f"cannot meet, which meeting='hard' forbids: {why}" if why else None


PAIR_RULES: tuple[PairRule, ...] = (
    rule_known_kind,
    rule_not_self,
    rule_roles,
    rule_form_enabled,
    rule_kind_matches_experience,
    rule_exclusions,
    rule_programme_exclusions,
    rule_common_language,
    rule_same_organisation,
    rule_meeting,
    rule_history,
)


def pair_violations(mentor: Participant, mentee: Participant, programme: Programme,
                    kind: str | None = None) -> list[str]:
    """Every pair rule that rules out this row; empty when it is allowed.

    ``kind`` defaults to the individual kind the two people's experience gives.
    """
    kind = individual_kind(mentor, mentee) if kind is None else kind
    return [m for rule in PAIR_RULES if (m := rule(mentor, mentee, kind, programme)) is not None]


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
    rule_group_ids,
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
