"""mentorpair: optimal, explainable pairing of mentors and mentees.

Importing this package loads neither OR-Tools nor torch; they are loaded when
a match is solved or a model encodes text.
"""

from __future__ import annotations

from .exceptions import (
    InfeasibleError,
    MentorPairError,
    MissingDependencyError,
    NoSolutionError,
    Problem,
    SolveError,
    ValidationError,
)
from .models import Cohort, MeetingMode, Participant, Programme, Role, Weights

__version__ = "0.1.0"

__all__ = [
    "Cohort",
    "InfeasibleError",
    "MeetingMode",
    "MentorPairError",
    "MissingDependencyError",
    "NoSolutionError",
    "Participant",
    "Problem",
    "Programme",
    "Role",
    "SolveError",
    "ValidationError",
    "Weights",
    "__version__",
]
