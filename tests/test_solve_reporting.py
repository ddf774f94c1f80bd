"""What a solve reports about itself (issue 17, first steps): the proof per stage, a work limit
that stops a solve the same way on every run, and progress at INFO without participant text."""

from __future__ import annotations

import logging

import numpy as np
import pytest

import mentorpair as mp
from mentorpair.testing import HashEncoder

ENCODER = HashEncoder()


def test_an_optimal_match_proves_every_stage_and_names_the_engine() -> None:
    cohort = mp.synthetic_cohort(30, seed=1)
    matching = mp.match(cohort, mp.Programme(), encoder=ENCODER)
    proof = matching.proof
    assert matching.status is mp.Status.OPTIMAL
    assert list(proof["stage"]) == list(matching.programme.objective)
    assert proof["proven"].all() and (proof["value"] == proof["bound"]).all()
    assert proof.set_index("stage")["value"].to_dict() == pytest.approx(matching.stage_values)
    assert set(proof["engine"]) == {"CP-SAT", "CP-SAT, threshold search"}
    assert (proof["seconds"] >= 0).all()


def test_a_pruned_match_says_what_pruning_left_unproven() -> None:
    cohort = mp.synthetic_cohort(80, seed=2)
    matching = mp.match(cohort, mp.Programme(candidates_per_person=2), encoder=ENCODER)
    proof = matching.proof.set_index("stage")
    assert all("best pairs" in engine for engine in proof["engine"])
    if matching.status is not mp.Status.OPTIMAL:
        assert not proof["proven"].all()
        assert proof.loc["total", "bound"] == pytest.approx(matching.bound)


def test_low_level_results_name_their_engine() -> None:
    matrix = np.random.default_rng(3).random((12, 12))
    assert set(mp.assign(matrix).proof["engine"]) == {"scipy linear_sum_assignment"}
    assert mp.assign(matrix, engine="flow").proof["proven"].all()
    assert mp.pair_peers(matrix).proof["proven"].all()


def test_a_solve_stopped_by_its_work_limit_gives_identical_bytes_twice() -> None:
    cohort = mp.synthetic_cohort(150, seed=3, forms=("traditional", "reverse", "group", "peer"))
    rules = mp.Programme(work_limit=0.2, max_mentees_per_mentor=2)
    first, second = (mp.match(cohort, rules, encoder=ENCODER) for _ in range(2))
    assert first.status is mp.Status.FEASIBLE, "the limit was meant to stop the search"
    assert first.pairs.to_csv() == second.pairs.to_csv()
    assert first.unmatched.to_csv() == second.unmatched.to_csv()
    assert first.stage_values == second.stage_values and first.bound == second.bound


def test_the_default_work_limit_scales_with_the_cohort_and_is_stated() -> None:
    from mentorpair.model.options import auto_work_limit

    assert mp.Programme().work_limit == "auto" and mp.Programme().options.work_limit == "auto"
    assert auto_work_limit(60, 2_000) < auto_work_limit(1_000, 40_000) <= 300
    with pytest.raises(mp.ValidationError, match="work_limit"):
        mp.Programme(work_limit=0)


def test_progress_is_logged_at_info_with_numbers_only(caplog: pytest.LogCaptureFixture) -> None:
    cohort = mp.synthetic_cohort(20, seed=4)
    with caplog.at_level(logging.INFO, logger="mentorpair"):
        mp.match(cohort, mp.Programme(), encoder=ENCODER)
    stages = [r.getMessage() for r in caplog.records if r.getMessage().startswith("stage ")]
    assert [m.split(":")[0] for m in stages] == ["stage coverage", "stage fairness", "stage total"]
    texts = {p.goals for p in cohort} | {p.offers for p in cohort} | {p.organisation for p in cohort}
    assert not any(t and t in m for t in texts for m in stages)
