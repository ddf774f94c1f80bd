"""The words the rules and the data share: roles, meeting modes, forms, stages.

No numpy and no other mentorpair module: everything else may import this.
"""

from __future__ import annotations

import enum
from typing import Literal


class Role(enum.StrEnum):
    """The role a participant signed up for."""

    MENTOR = "mentor"
    MENTEE = "mentee"
    PEER = "peer"
    ANY = "any"


    @property
    def can_give(self) -> bool:
        """May act as the mentor of a pair."""
        return self in (Role.MENTOR, Role.ANY)

    @property
    def can_receive(self) -> bool:
        """May act as the mentee of a pair."""
        return self in (Role.MENTEE, Role.ANY)


class MeetingMode(enum.StrEnum):
    """How a participant is able to meet."""

    IN_PERSON = "in_person"
    REMOTE = "remote"
    EITHER = "either"


    @property
    def modes(self) -> frozenset[str]:
        """The concrete modes this preference allows."""
        if self is MeetingMode.EITHER:
            return frozenset({"in_person", "remote"})
        return frozenset({self.value})




SameOrganisation = Literal["allowed", "discouraged", "forbidden"]
#: what a pair of an earlier round is (``Programme.repeat``)
RepeatRule = Literal["forbid", "avoid", "prefer"]
REPEAT_RULES: tuple[RepeatRule, ...] = ("forbid", "avoid", "prefer")
WishMode = Literal["bonus", "hard", "hard-if-possible", "ignore"]
WISH_MODES: tuple[WishMode, ...] = ("bonus", "hard", "hard-if-possible", "ignore")
MeetingRule = Literal["soft", "hard"]
#: the built-in ways of telling whether two people are of one organisation (``Programme.organisation_key``)
OrganisationKeyName = Literal["exact", "prefix", "email_domain"]
ORGANISATION_KEYS: tuple[OrganisationKeyName, ...] = ("exact", "prefix", "email_domain")
Stage = Literal["coverage", "fairness", "total"]
Form = Literal["traditional", "reverse", "group", "peer"]
FORMS: tuple[Form, ...] = ("traditional", "reverse", "group", "peer")
#: the forms in which someone mentors others (peers mentor each other: nobody is a mentor)
MENTORING_FORMS: frozenset[str] = frozenset({"traditional", "reverse", "group"})

#: the stage ``wishes="hard-if-possible"`` solves before the programme's own: hard wishes honoured
WISHES_STAGE = "wishes"
#: the stage a programme with ``keep_pairs`` solves right after coverage: announced pairs kept
KEPT_STAGE = "kept"
#: the stages whose value is a count (people, wishes, pairs), not a score
COUNTED_STAGES = frozenset({"coverage", WISHES_STAGE, KEPT_STAGE, "balance"})  # balance: pairs short, negated

# --- the score and the kinds of pair, shared by scoring, the solver and the words --------------

#: the most mentees any one mentor may take: capacities are model coefficients, and a larger one is
#: a typing slip, not a programme (2**62 once ran forever; 2**63 overflowed)
MAX_CAPACITY = 1_000_000

#: score parts are integers in units of 1/SCALE, so that the float score a person reads, the
#: parts an explanation lists and the integer objective CP-SAT maximises are the same numbers
SCALE = 10_000
#: the named parts of an individual pair's score, in the order tables and sentences list them
COMPONENTS = ("goal_text", "goal_areas", "experience", "meeting", "wish", "same_organisation", "repeat",
              "availability")
#: each part's name in words (the group's cohesion share is the one part outside COMPONENTS)
PART_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "goal_text": "goal text",
        "goal_areas": "goal areas",
        "experience": "experience",
        "meeting": "meeting",
        "wish": "wish",
        "same_organisation": "same organisation",
        "repeat": "paired before",
        "availability": "time in common",
        "cohesion": "group cohesion",
    },
    "fi": {
        "goal_text": "tavoitteiden teksti",
        "goal_areas": "tavoitealueet",
        "experience": "kokemus",
        "meeting": "tapaaminen",
        "wish": "toive",
        "same_organisation": "sama organisaatio",
        "repeat": "aiempi pari",
        "availability": "yhteinen aika",
        "cohesion": "ryhmän yhteensopivuus",
    },
}

KIND_TRADITIONAL, KIND_REVERSE, KIND_GROUP, KIND_PEER = "traditional", "reverse", "group", "peer"

# Why the hard rules rule a pair out; the empty string means the pair is allowed.
BLOCK_EXCLUDED = "excluded"
BLOCK_PROGRAMME_EXCLUDED = "excluded_by_programme"
BLOCK_LANGUAGE = "no_common_language"
BLOCK_SAME_ORG = "same_organisation"
#: meeting="hard": the two have no meeting mode in common, or can meet only in person and live apart
BLOCK_MEETING = "cannot_meet"
#: history with repeat="forbid": the two were paired in an earlier round that still counts
BLOCK_REPEAT = "paired_before"
#: availability="hard": both gave their availability and share no time (mentorpair.model.availability)
BLOCK_AVAILABILITY = "no_common_time"
BLOCK_REVERSE = "reverse_not_enabled"
BLOCK_TRADITIONAL = "traditional_not_enabled"

