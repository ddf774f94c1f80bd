"""One sign-up, checked when built.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from ..exceptions import Problem, ValidationError, integer_problem
from .availability import Availability
from .vocab import MAX_CAPACITY, MeetingMode, Role


@dataclass(frozen=True, slots=True)
class Participant:
    """One sign-up.

    ``experience_years`` is ``None`` when not given; ``capacity`` is ``None``
    when the participant leaves it to the programme; ``row`` is the source row
    (for error messages) and ``extra`` keeps columns mentorpair does not use, so
    that nothing the coordinator supplied is lost on the way out. ``name`` and
    ``email`` are optional; wishes and exclusions may name a participant by
    them when read from a file. ``availability`` is when they can meet
    (:mod:`mentorpair.model.availability`), ``None`` when not given or not readable.
    """

    id: str
    role: Role
    organisation: str = ""
    experience_years: float | None = None
    goal_areas: tuple[str, ...] = ()
    goals: str = ""
    offers: str = ""
    languages: tuple[str, ...] = ()
    meeting_mode: MeetingMode = MeetingMode.EITHER
    location: str = ""
    capacity: int | None = None
    wishes: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    row: int | None = field(default=None, compare=False)
    extra: tuple[tuple[str, str], ...] = ()
    name: str = ""
    email: str = ""
    availability: Availability | None = None

    def __post_init__(self) -> None:
        problems = self.problems()
        if problems:
            raise ValidationError(problems, what="participant")

    def problems(self) -> list[Problem]:
        """Every problem with this participant's own fields (not with other participants)."""
        out: list[Problem] = []

        def bad(name: str, message: str) -> None:
            out.append(Problem(message, row=self.row, participant=self.id or None, field=name))

        if not isinstance(self.id, str) or not self.id.strip():
            bad("id", "must be a non-empty text")
        elif self.id != self.id.strip():
            bad("id", f"must not start or end with white space, got {self.id!r}")
        if not isinstance(self.role, Role):
            bad("role", f"must be one of {[r.value for r in Role]}, got {self.role!r}")
        if not isinstance(self.meeting_mode, MeetingMode):
            bad("meeting_mode", f"must be one of {[m.value for m in MeetingMode]}, got {self.meeting_mode!r}")
        exp = self.experience_years
        if exp is not None and (
            isinstance(exp, bool)
            or not isinstance(exp, (int, float))
            or not math.isfinite(exp)
            or not 0 <= exp <= 80
        ):
            bad("experience_years", f"must be a number of years from 0 to 80, got {exp!r}")
        cap = self.capacity
        if cap is not None and (message := integer_problem(cap, 1, most=MAX_CAPACITY)) is not None:
            bad("capacity", message)
        for name in ("goal_areas", "languages", "wishes", "exclusions", "extra"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                bad(name, f"must be a tuple, got {type(value).__name__}")
        for name in ("organisation", "goals", "offers", "location", "name", "email"):
            if not isinstance(getattr(self, name), str):
                bad(name, f"must be a text, got {getattr(self, name)!r}")
        if isinstance(self.email, str) and self.email and (
            self.email.count("@") != 1 or self.email.startswith("@") or self.email.endswith("@")
            or any(c.isspace() for c in self.email)
        ):
            bad("email", f"must be an e-mail address such as name@example.org, got {self.email!r}")
        if self.availability is not None and not isinstance(self.availability, Availability):
            bad("availability", f"must be an Availability or None, got {self.availability!r}")
        if isinstance(self.wishes, tuple) and self.id in self.wishes:
            bad("wishes", "names the participant themself")
        if isinstance(self.exclusions, tuple) and self.id in self.exclusions:
            bad("exclusions", "names the participant themself")
        if isinstance(self.wishes, tuple) and isinstance(self.exclusions, tuple):
            both = sorted(set(self.wishes) & set(self.exclusions))
            if both:
                bad("exclusions", f"names {', '.join(map(repr, both))}, who is also wished for")
        return out

    @property
    def same_org_key(self) -> str:
        """Organisation compared without case or surrounding space; empty when not given."""
        return " ".join(self.organisation.split()).casefold()


