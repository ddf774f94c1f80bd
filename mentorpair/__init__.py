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


def __getattr__(name: str) -> object:
    # Heavy parts load on first use, so that `import mentorpair` stays light.
    lazy = {
        "match": ("pipeline", "match"),
        "Matching": ("result", "Matching"),
        "Status": ("status", "Status"),
        "SentenceTransformerEncoder": ("embeddings", "SentenceTransformerEncoder"),
        "Encoder": ("embeddings", "Encoder"),
        "read_csv": ("io", "read_csv"),
        "read_excel": ("io", "read_excel"),
        "from_pandas": ("io", "from_pandas"),
        "validate": ("validate", "validate"),
        "synthetic_cohort": ("synthetic", "synthetic_cohort"),
        "demo_cohort": ("synthetic", "demo_cohort"),
    }
    if name in lazy:
        import importlib

        module, attr = lazy[name]
        return getattr(importlib.import_module(f".{module}", __name__), attr)
    raise AttributeError(f"module 'mentorpair' has no attribute {name!r}")
