"""Property tests: on random small cohorts, match() is valid and provably optimal.

Each generated cohort is solved with CP-SAT and also searched exhaustively
(tests/brute_force.py); the staged objective values must agree. Run with
HYPOTHESIS_PROFILE=deep for many more examples.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import combinations

from brute_force import (
    best_key,
    default_requirements,
    reported,
    requirement_of_label,
    units,
)
from claims import check_claims, shown_values
from conftest import explanation_parts
from hypothesis import given
from hypothesis import strategies as st
from strategies import cases

import mentorpair as mp
from mentorpair.testing import HashEncoder
from mentorpair.validate import validate

ENCODER = HashEncoder()


def _solver_key(matching: mp.Matching, cohort: mp.Cohort, stages: tuple[str, ...]) -> tuple[int, ...]:
    """The objective key of the solver's matching, recomputed from its pairs as shown (cohesion included)."""
    values = shown_values(matching, cohort)
    return tuple(values[s] for s in stages)


def _stage_key(matching: mp.Matching, stages: tuple[str, ...]) -> tuple[int, ...]:
    values = matching.stage_values
    return tuple(int(values[s]) if s in ("coverage", "wishes") else units(values[s]) for s in stages)


def _check_infeasible(matching: mp.Matching, cohort: mp.Cohort, programme: mp.Programme) -> None:
    listed = list(matching.unmatched["participant_id"])
    rules = default_requirements(cohort, programme)
    assert rules, "infeasible without any requirement"
    assert matching.conflicts
    assert matching.pairs.empty
    assert sorted(listed) == sorted(cohort.ids)
    assert best_key(cohort, programme, ENCODER) is None, "the solver says infeasible, but brute force found a matching"

    # The conflicting rules alone admit no matching, and dropping any one of them does.
    conflict = [requirement_of_label(label, cohort, programme) for label in matching.conflicts]
    assert len(conflict) == len(set(conflict))
    assert set(conflict) <= set(rules)
    assert best_key(cohort, programme, ENCODER, requirements=conflict) is None
    for dropped in conflict:
        rest = [r for r in conflict if r != dropped]
        assert best_key(cohort, programme, ENCODER, requirements=rest) is not None, (
            f"conflict set {matching.conflicts} is not minimal: it holds without {dropped}"
        )

    # The relaxation is a smallest set of rules whose removal leaves a matching.
    relaxation = [requirement_of_label(label, cohort, programme) for label in matching.relaxation]
    assert relaxation and set(relaxation) <= set(rules)
    assert best_key(cohort, programme, ENCODER, requirements=[r for r in rules if r not in relaxation]) is not None
    if len(relaxation) <= 2:
        for size in range(1, len(relaxation)):
            for dropped in combinations(rules, size):
                kept = [r for r in rules if r not in dropped]
                assert best_key(cohort, programme, ENCODER, requirements=kept) is None, (
                    f"dropping {dropped} suffices, but the relaxation drops {matching.relaxation}"
                )


@given(case=cases())
def test_match_is_valid_and_optimal(case: tuple[mp.Cohort, mp.Programme]) -> None:
    cohort, programme = case
    matching = mp.match(cohort, programme, encoder=ENCODER)
    assert matching.status in (mp.Status.OPTIMAL, mp.Status.INFEASIBLE), matching.status
    assert validate(matching, cohort, programme) == []
    check_claims(matching, cohort, programme, ENCODER)

    # Nobody is lost: every participant is in exactly one of pairs and unmatched.
    matched = set(matching.pairs["mentor_id"]) | set(matching.pairs["mentee_id"])
    listed = list(matching.unmatched["participant_id"])
    assert len(listed) == len(set(listed))
    assert matched.isdisjoint(listed)
    assert matched | set(listed) == set(cohort.ids)

    if matching.status is mp.Status.INFEASIBLE:
        _check_infeasible(matching, cohort, programme)
        return

    expected = best_key(cohort, programme, ENCODER)
    assert expected is not None
    stages = programme.stages  # "wishes" first under wishes="hard-if-possible"
    assert set(matching.stage_values) == set(stages)
    assert _stage_key(matching, stages) == reported(expected, stages)
    assert _solver_key(matching, cohort, stages) == reported(expected, stages)
    assert matching.objective is not None
    assert units(matching.objective) == sum(units(s) for s in matching.pairs["score"])


@given(case=cases(max_size=6, dual_max_size=5), seed=st.integers(0, 5))
def test_seed_changes_nothing_but_tie_breaks(case: tuple[mp.Cohort, mp.Programme], seed: int) -> None:
    """Any seed reaches the same optimal stage values."""
    cohort, programme = case
    a = mp.match(cohort, programme, encoder=ENCODER)
    b = mp.match(cohort, replace(programme, seed=seed), encoder=ENCODER)
    assert a.status == b.status
    assert a.stage_values == b.stage_values
    assert validate(b, cohort, programme) == []


@given(case=cases())
def test_every_explanation_adds_up(case: tuple[mp.Cohort, mp.Programme]) -> None:
    cohort, programme = case
    matching = mp.match(cohort, programme, encoder=ENCODER)
    rows = list(zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"], matching.pairs["kind"],
                    matching.pairs["score"]))
    for language in ("en", "fi"):
        for pid in cohort.ids:
            text = matching.explain(pid, language)
            found = explanation_parts(text)
            mine = sorted(units(score) for g, r, _, score in rows if pid in (g, r))
            assert len(found) == len(mine), text
            for parts, total in found:
                assert len(parts) in (6, 7) and sum(parts) == total, text
            # Each paragraph's total is its pair's score, to the hundredth shown.
            shown = sorted(total for _, total in found)
            assert all(abs(t * 100 - u) <= 50 for t, u in zip(shown, mine)), (text, mine)
        reasons = matching.unmatched_in(language)["reason"]
        assert all(isinstance(r, str) and r.strip() for r in reasons)
