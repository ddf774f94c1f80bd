"""Pair rules: (mentor, mentee, kind, programme) -> a message, or None when the row is allowed.
"""

from __future__ import annotations

from collections.abc import Callable

from ..model.participant import Participant
from ..model.programme import Programme
from .availability import rule_availability
from .facts import (
    INDIVIDUAL_KINDS,
    KINDS,
    _cannot_meet,
    _excludes,
    _no_common_language,
    _org_key,
    _org_text,
    individual_kind,
    latest_round_counted,
    less_experienced,
)

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
    were paired, or None."""
    return latest_round_counted(a, b, programme) if programme.repeat == "forbid" else None


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
    rule_availability,
)


def pair_violations(mentor: Participant, mentee: Participant, programme: Programme,
                    kind: str | None = None) -> list[str]:
    """Every pair rule that rules out this row; empty when it is allowed.

    ``kind`` defaults to the individual kind the two people's experience gives.
    """
    kind = individual_kind(mentor, mentee) if kind is None else kind
    return [m for rule in PAIR_RULES if (m := rule(mentor, mentee, kind, programme)) is not None]
