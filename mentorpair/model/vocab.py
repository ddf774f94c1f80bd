"""The words the rules and the data share: roles, meeting modes, forms, stages.

No numpy and no other mentorpair module: everything else may import this.
"""

from __future__ import annotations

import enum
from typing import Literal


class Role(str, enum.Enum):
    """The role a participant signed up for."""

    MENTOR = "mentor"
    MENTEE = "mentee"
    PEER = "peer"
    ANY = "any"

    def __str__(self) -> str:
        return self.value

    @property
    def can_give(self) -> bool:
        """May act as the mentor of a pair."""
        return self in (Role.MENTOR, Role.ANY)

    @property
    def can_receive(self) -> bool:
        """May act as the mentee of a pair."""
        return self in (Role.MENTEE, Role.ANY)


class MeetingMode(str, enum.Enum):
    """How a participant is able to meet."""

    IN_PERSON = "in_person"
    REMOTE = "remote"
    EITHER = "either"

    def __str__(self) -> str:
        return self.value

    @property
    def modes(self) -> frozenset[str]:
        """The concrete modes this preference allows."""
        if self is MeetingMode.EITHER:
            return frozenset({"in_person", "remote"})
        return frozenset({self.value})




SameOrganisation = Literal["allowed", "discouraged", "forbidden"]
WishMode = Literal["bonus", "hard", "ignore"]
Stage = Literal["coverage", "fairness", "total"]
Form = Literal["traditional", "reverse", "group", "peer"]
FORMS: tuple[Form, ...] = ("traditional", "reverse", "group", "peer")
