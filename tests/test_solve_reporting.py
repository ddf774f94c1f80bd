"""What a solve reports about itself (issue 17, first steps): the proof per stage, a work limit
that stops a solve the same way on every run, and progress at INFO without participant text."""

from __future__ import annotations

import logging
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import assume, given
from strategies import cases

import mentorpair as mp
from mentorpair.testing import HashEncoder

ENCODER = HashEncoder()


@pytest.mark.parametrize(("rules", "engines"), [
    # Everyone in at most one pair: the blossom proves every stage.
    (mp.Programme(), {"blossom (rustworkx)"}),
    # Mentors with two mentees and groups: CP-SAT.
    (mp.Programme(max_mentees_per_mentor=2, forms={"traditional", "group", "peer"}),
     {"CP-SAT", "CP-SAT, threshold search"}),
])
def test_an_optimal_match_proves_every_stage_and_names_the_engine(rules: mp.Programme, engines: set[str]) -> None:
    cohort = mp.synthetic_cohort(30, seed=1)
    matching = mp.match(cohort, rules, encoder=ENCODER)
    proof = matching.proof
    assert matching.status is mp.Status.OPTIMAL
    assert list(proof["stage"]) == list(rules.objective)
    assert proof["proven"].all() and (proof["value"] == proof["bound"]).all()
    assert proof.set_index("stage")["value"].to_dict() == pytest.approx(matching.stage_values)
    assert set(proof["engine"]) == engines
    assert (proof["seconds"].dropna() >= 0).all()


def test_a_pruned_match_says_what_pruning_left_unproven() -> None:
    cohort = mp.synthetic_cohort(80, seed=2)
    rules = mp.Programme(candidates_per_person=2, max_mentees_per_mentor=2)  # CP-SAT's path, pruned
    matching = mp.match(cohort, rules, encoder=ENCODER)
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


@given(case=cases(max_size=8))
def test_the_blossom_and_cp_sat_agree_where_the_blossom_applies(case: tuple[mp.Cohort, mp.Programme]) -> None:
    from mentorpair.scoring.table import build_score_table
    from mentorpair.solve.arcs import arc_problem
    from mentorpair.solve.blossom import ORDERS, blossom_fits, solve_blossom
    from mentorpair.solve.cpsat import solve_staged
    from mentorpair.solve.requirements import hard_requirements

    cohort, programme = case
    assume(programme.objective in ORDERS)
    programme = replace(programme, max_mentees_per_mentor=1, dual_roles=False, require_all=False, fixed_pairs=(),
                        wishes="bonus" if programme.wishes in ("hard", "hard-if-possible") else programme.wishes,
                        forms=frozenset(programme.forms) - {"group"} or frozenset({"traditional"}))
    cohort = mp.Cohort(tuple(replace(p, capacity=None) for p in cohort))
    table = build_score_table(cohort, programme, ENCODER)
    allowed = np.flatnonzero(table.feasible)
    problem = arc_problem(table, programme, allowed, hard_requirements(table, programme, allowed))
    assert blossom_fits(problem, programme.options)
    exact = solve_blossom(problem, programme.options)
    cp = solve_staged(problem, replace(programme.options, work_limit=None))
    assert exact.status is cp.status is mp.Status.OPTIMAL
    assert exact.stage_values == cp.stage_values
