"""mentorpair: optimal, explainable pairing of mentors and mentees.

Importing this package loads neither OR-Tools nor torch; they are loaded when
a match is solved or a model encodes text.

>>> import mentorpair as mp
>>> cohort = mp.demo_cohort()
>>> len(cohort)
60
"""

from __future__ import annotations

from .decide import WhyNot, alternatives, compare, compare_plot, why_not, why_not_facts
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
from .io import from_pandas, read_csv, read_excel, suggest_columns, write_csv
from .lowlevel import assign, pair_peers
from .model.balance import Floor, GroupMix, Share
from .model.cohort import Cohort
from .model.options import SolveOptions
from .model.participant import Participant
from .model.programme import Programme, Weights
from .model.vocab import MeetingMode, Role
from .pipeline import goal_text_similarity, match, reopen
from .rematch import rematch
from .result.matching import Matching
from .result.persist import load_matching, save_matching
from .status import Status
from .synthetic import demo_cohort, synthetic_cohort
from .text.cache import CachedEncoder
from .text.e5 import E5Encoder
from .text.encoders import Encoder, HybridEncoder, SentenceTransformerEncoder
from .text.ngrams import CharNgramEncoder
from .validate import validate
from .version import __version__

__all__ = [
    "CachedEncoder",
    "CharNgramEncoder",
    "Cohort",
    "E5Encoder",
    "Encoder",
    "Floor",
    "GroupMix",
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
    "Share",
    "SolveError",
    "SolveOptions",
    "Status",
    "ValidationError",
    "Weights",
    "WhyNot",
    "__version__",
    "alternatives",
    "assign",
    "compare",
    "compare_plot",
    "demo_cohort",
    "from_pandas",
    "goal_text_similarity",
    "load_matching",
    "match",
    "pair_peers",
    "read_csv",
    "read_excel",
    "rematch",
    "reopen",
    "save_matching",
    "suggest_columns",
    "synthetic_cohort",
    "validate",
    "why_not",
    "why_not_facts",
    "write_csv",
]
