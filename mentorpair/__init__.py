"""mentorpair: optimal, explainable pairing of mentors and mentees.

Importing this package loads neither OR-Tools nor torch; they are loaded when
a match is solved or a model encodes text.

>>> import mentorpair as mp
>>> cohort = mp.demo_cohort()
>>> len(cohort)
60
"""

from __future__ import annotations

from .cache import CachedEncoder
from .embeddings import CharNgramEncoder, E5Encoder, Encoder, HybridEncoder, SentenceTransformerEncoder
from .exceptions import (
    InfeasibleError,
    MentorPairError,
    MissingDependencyError,
    ModelTooLargeError,
    NoSolutionError,
    Problem,
    SolveError,
    ValidationError,
)
from .io import from_pandas, read_csv, read_excel, write_csv
from .lowlevel import assign, pair_peers
from .models import Cohort, MeetingMode, Participant, Programme, Role, Weights
from .pipeline import match
from .result import Matching
from .status import Status
from .synthetic import demo_cohort, synthetic_cohort
from .validate import validate

__version__ = "0.1.0"

__all__ = [
    "CachedEncoder",
    "CharNgramEncoder",
    "Cohort",
    "E5Encoder",
    "Encoder",
    "HybridEncoder",
    "InfeasibleError",
    "Matching",
    "MeetingMode",
    "MentorPairError",
    "MissingDependencyError",
    "ModelTooLargeError",
    "NoSolutionError",
    "Participant",
    "Problem",
    "Programme",
    "Role",
    "SentenceTransformerEncoder",
    "SolveError",
    "Status",
    "ValidationError",
    "Weights",
    "__version__",
    "assign",
    "demo_cohort",
    "from_pandas",
    "match",
    "pair_peers",
    "read_csv",
    "read_excel",
    "synthetic_cohort",
    "validate",
    "write_csv",
]
