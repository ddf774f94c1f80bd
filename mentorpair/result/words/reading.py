"""What a pair's score parts rest on, read from the two sign-ups: the facts both audiences' words are built from.

Nothing here is worded; :mod:`.pair` (the coordinator's paragraph) and
:mod:`.pair_participant` (the text a participant is sent) say these facts
each in their own way, so the two can never disagree on what is true.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from ...model.participant import Participant
from ...scoring.parts import shared_areas
from ...text.similarity import Match
from .common import MEETS_SIMILARITY

__all__ = ["TextEvidence", "Wishes", "best_match", "meets", "strength", "wishes_of"]


class TextEvidence(NamedTuple):
    """What the goal-text and goal-area parts rest on."""

    similarity: float
    encoder_id: str
    matches: Sequence[tuple[str, str, Match]]  # (goal owner id, offer owner id, best phrase match)
    inferred: frozenset[str]  # ids whose goal areas were inferred from their text
    #: (goal owner id, offer owner id, [(goal word, offer word), ...]): rare words both texts name
    shared: Sequence[tuple[str, str, Sequence[tuple[str, str]]]] = ()


def best_match(evidence: TextEvidence, wants: Participant, offers: Participant) -> Match | None:
    """The best-meeting goal and offer phrases of ``wants``'s goals against ``offers``'s offer, if both wrote."""
    for goal_owner, offer_owner, match in evidence.matches:
        if goal_owner == wants.id and offer_owner == offers.id:
            return match
    return None


def shared_words(evidence: TextEvidence, wants: Participant, offers: Participant) -> Sequence[tuple[str, str]]:
    """The rare words ``wants``'s goals and ``offers``'s offer both name (:mod:`mentorpair.text.terms`)."""
    for goal_owner, offer_owner, words in evidence.shared:
        if goal_owner == wants.id and offer_owner == offers.id:
            return words
    return ()


def meets(match: Match | None) -> bool:
    """Whether the two phrases may be said to meet (:data:`~.common.MEETS_SIMILARITY`)."""
    return match is not None and match[2] >= MEETS_SIMILARITY


def strength(giver: Participant, receiver: Participant) -> list[str]:
    """The receiver's goal areas the giver also lists: what a reverse mentor brings, in the receiver's words."""
    return shared_areas(giver, receiver)


class Wishes(NamedTuple):
    """Who of two people wished for whom, read against each one's every pair, not this pair alone.

    A mentor of several mentees, a group's mentor and a person in two roles have
    more than one partner: a wish is unmet only when none of them is among the wishes.
    """

    first_for_second: bool
    second_for_first: bool
    first_elsewhere: tuple[str, ...]  # whom the first wished for, when none of their partners is among them
    second_elsewhere: tuple[str, ...]
    first_met_elsewhere: tuple[str, ...] = ()  # the first's wished partners in their other pairs
    second_met_elsewhere: tuple[str, ...] = ()

    @property
    def any_made(self) -> bool:
        return bool(self.first_for_second or self.second_for_first or self.first_elsewhere or self.second_elsewhere
                    or self.first_met_elsewhere or self.second_met_elsewhere)


def _one_side(person: Participant, other: Participant, partners: Collection[str]) -> tuple[bool, tuple[str, ...],
                                                                                        tuple[str, ...]]:
    """Whether ``person`` wished for ``other``, their unmet wishes, and their wishes met in another pair."""
    if other.id in person.wishes:
        return True, (), ()
    everyone = {*partners, other.id}
    met = tuple(w for w in person.wishes if w in everyone)
    return False, (() if met else tuple(person.wishes)), met


def wishes_of(first: Participant, second: Participant, first_partners: Collection[str] = (),
              second_partners: Collection[str] = ()) -> Wishes:
    """The wishes of the pair ``first``-``second``; ``*_partners`` each one's partners in all their pairs.

    Without the partners, this pair is taken to be each one's only pair.
    """
    a_b, a_else, a_met = _one_side(first, second, first_partners)
    b_a, b_else, b_met = _one_side(second, first, second_partners)
    return Wishes(a_b, b_a, a_else, b_else, a_met, b_met)
