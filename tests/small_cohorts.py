"""Hand-made cohorts several test files share, each small enough to read at a glance."""

from __future__ import annotations

from mentorpair import Cohort, Role
from mentorpair import Participant as P


def three_and_three() -> Cohort:
    """Three mentors and three mentees; each mentee fits one mentor best (M1-A1, M2-A2, M3-A3)."""
    return Cohort((
        P("M1", Role.MENTOR, offers="python data"), P("M2", Role.MENTOR, offers="leadership teams"),
        P("M3", Role.MENTOR, offers="writing research"),
        P("A1", Role.MENTEE, goals="python data"), P("A2", Role.MENTEE, goals="leadership teams"),
        P("A3", Role.MENTEE, goals="writing research"),
    ))
