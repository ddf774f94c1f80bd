"""The values mentorpair works on: participants, a cohort of them, and a programme's rules.

The bottom layer: it imports nothing of mentorpair but the exceptions, so every
other layer may use it (``docs/architecture.md``).
"""

from .cohort import Cohort, cohort_problems
from .participant import Participant
from .programme import Programme, Weights
from .vocab import FORMS, MeetingMode, Role

__all__ = ["FORMS", "Cohort", "MeetingMode", "Participant", "Programme", "Role", "Weights", "cohort_problems"]
