"""The named parts of one pair's score and the one-pair rules they rest on.

These are the reference: :mod:`mentorpair.scoring.vectorised` gives the same
answers for arrays of pairs, and explanations read these to put a part into words.
Parts are kept as integers in units of 1/SCALE (:mod:`mentorpair.model.vocab`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model.availability import overlap_share
from ..model.participant import Participant
from ..model.programme import Programme
from ..model.vocab import COMPONENTS, SCALE
from ..text.calibration import TextScale
from ..text.taxonomy import canonical_area
from .organisation import organisation_key_of

__all__ = ["AVAILABILITY_NEUTRAL", "EXPERIENCE_NEUTRAL", "EXPERIENCE_SATURATION_YEARS", "MEETING_IN_PERSON_APART", "MEETING_NONE", "MEETING_REMOTE", "MEETING_SAME_PLACE", "area_key", "availability_fit", "cannot_meet", "co_mentees_clash", "cohesion_split", "common_languages", "goal_text_part", "has_words", "jaccard", "largest_cohesion_shares", "meeting_fit", "same_organisation", "same_place", "score_of_units", "shared_areas", "weighted_units", "wished"]

#: a mentor this many more years experienced than the mentee earns the full experience part
EXPERIENCE_SATURATION_YEARS = 5.0


#: experience part when it says nothing: unknown experience, or a reverse pair (whose point is not experience)
EXPERIENCE_NEUTRAL = 0.5


# Meeting fit, from best to worst. Remote always works once both accept it; meeting in
# person is best when the two are in the same place and poor when they are not.
MEETING_SAME_PLACE = 1.0


MEETING_REMOTE = 0.75


MEETING_IN_PERSON_APART = 0.25


MEETING_NONE = 0.0


#: availability part when either of the two gave none (or none readable): neutral, like unknown experience
AVAILABILITY_NEUTRAL = 0.5


def availability_fit(a: Participant, b: Participant) -> float:
    """The ``availability`` part under ``availability="soft"``: the share of time the two have in common
    (of the smaller one's time, :func:`mentorpair.model.availability.overlap_share`), neutral when unknown."""
    share = overlap_share(a.availability, b.availability)
    return AVAILABILITY_NEUTRAL if share is None else share


def has_words(text: str) -> bool:
    """Whether a goal or offer text says anything: a letter in it. "-", "?" and "2024" are as empty as
    an empty cell (forms make people type something), so their goal-text part is neutral, not poor."""
    return any(ch.isalpha() for ch in text)


def goal_text_part(similarity: np.ndarray, scale: TextScale, empty: np.ndarray | None = None) -> np.ndarray:
    """The goal-text component from the phrase similarity ``s`` in [-1, 1], read on the encoder's
    :class:`~mentorpair.text.calibration.TextScale` (a logistic through what an unrelated pair and the
    closest 1 % of the reference corpus's pairs score); 0.5 where ``empty`` (no goal or no offer text:
    none with a letter, :func:`has_words`).

    Not ``(1 + s) / 2`` any more: that moved between 0.5 and 0.6 for nearly every pair, so the goal
    areas decided the matching whatever the weights said (docs/scoring.md has the measurements).
    """
    return scale.part(similarity, empty)


def weighted_units(raw: dict[str, np.ndarray], programme: Programme) -> dict[str, np.ndarray]:
    weights = programme.score_weights.as_dict()
    return {c: np.rint(raw[c] * weights[c] * SCALE).astype(np.int64) for c in COMPONENTS}


def score_of_units(units: dict[str, np.ndarray]) -> np.ndarray:
    """A pair's score: the sum of its weighted parts, in units."""
    return np.asarray(np.sum([units[c] for c in COMPONENTS], axis=0, dtype=np.int64), dtype=np.int64)


def co_mentees_clash(a: Participant, b: Participant) -> bool:
    """Two people who may not share a group by their own sign-ups: an exclusion, or no language in common.

    (The programme's own exclusions are checked beside this, where the programme is known.)"""
    return b.id in a.exclusions or a.id in b.exclusions or common_languages(a, b) == []


def area_key(label: str) -> str:
    """The form in which goal areas are compared."""
    return canonical_area(label)


def shared_areas(giver: Participant, receiver: Participant) -> list[str]:
    """The receiver's goal areas the giver also lists, in the receiver's order."""
    offered = {area_key(a) for a in giver.goal_areas}
    return [a for a in receiver.goal_areas if area_key(a) in offered]


def jaccard(a: Sequence[str], b: Sequence[str]) -> float:
    sa, sb = {area_key(x) for x in a}, {area_key(x) for x in b}
    return len(sa & sb) / len(sa | sb) if sa | sb else 0.0


def same_place(a: Participant, b: Participant) -> bool:
    return bool(a.location.strip()) and a.location.strip().casefold() == b.location.strip().casefold()


def meeting_fit(a: Participant, b: Participant) -> tuple[float, str]:
    """How well two people can meet, and the reason code for explanations."""
    common = a.meeting_mode.modes & b.meeting_mode.modes
    if "in_person" in common and same_place(a, b):
        return MEETING_SAME_PLACE, "same_place"
    if "remote" in common:
        return MEETING_REMOTE, "remote"
    if "in_person" in common:
        if not a.location.strip() or not b.location.strip():
            return MEETING_REMOTE, "in_person_unknown_place"
        return MEETING_IN_PERSON_APART, "in_person_apart"
    return MEETING_NONE, "no_common_mode"


#: the meeting fits under which two people cannot meet as both asked (``Programme(meeting="hard")`` rules them out)
CANNOT_MEET = ("no_common_mode", "in_person_apart")


def cannot_meet(a: Participant, b: Participant) -> bool:
    """No meeting mode in common, or only in person while living apart (both locations given)."""
    return meeting_fit(a, b)[1] in CANNOT_MEET


def wished(giver: Participant, receiver: Participant) -> bool:
    """Either of the two named the other as a wish."""
    return receiver.id in giver.wishes or giver.id in receiver.wishes


def same_organisation(a: Participant, b: Participant, programme: Programme | None = None) -> bool:
    """Of one organisation as ``programme.organisation_key`` compares them (without a programme: ``"exact"``)."""
    if programme is None:
        return bool(a.same_org_key) and a.same_org_key == b.same_org_key
    key = organisation_key_of(a, programme)
    return bool(key) and key == organisation_key_of(b, programme)


def common_languages(a: Participant, b: Participant) -> list[str] | None:
    """Shared languages, or ``None`` when either did not say (then any is fine)."""
    if not a.languages or not b.languages:
        return None
    return [lang for lang in a.languages if lang in b.languages]


def cohesion_split(units: int, a_first: bool) -> tuple[int, int]:
    """A co-mentee pair's cohesion as the shares of its two members ``(a, b)``.

    The first in input order takes the odd unit, so the shares add up to the
    group's cohesion exactly and a pair's shown score is an integer of units.
    """
    first, second = units - units // 2, units // 2
    return (first, second) if a_first else (second, first)


def largest_cohesion_shares(receiver: np.ndarray, cohesion: Sequence[tuple[int, int, int]]) -> np.ndarray:
    """Per arc, the most its share of cohesion can add: every co-mentee term it has, each at its share."""
    shares = np.zeros(len(receiver), dtype=np.int64)
    for a, b, units in cohesion:
        share_a, share_b = cohesion_split(units, int(receiver[a]) < int(receiver[b]))
        shares[a] += share_a
        shares[b] += share_b
    return shares
