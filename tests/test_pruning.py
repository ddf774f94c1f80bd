"""Candidate pruning on large cohorts, and the LP pricing that says what it may have cost."""

from __future__ import annotations

from dataclasses import replace as dataclasses_replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mentorpair as mp
from mentorpair.scoring.blocks import top_k_per
from mentorpair.scoring.candidates import candidate_arcs
from mentorpair.scoring.table import build_score_table
from mentorpair.solve.bounds import price_total
from mentorpair.status import Status
from mentorpair.testing import HashEncoder
from mentorpair.validate import validate


def test_top_k_per_owner_matches_a_plain_sort() -> None:
    rng = np.random.default_rng(3)
    owner = rng.integers(0, 7, 200)
    score = rng.integers(0, 5, 200)  # many ties
    tiebreak = rng.permutation(200)
    got = set(top_k_per(owner, score, tiebreak, 3).tolist())
    want = set()
    for o in range(7):
        mine = sorted(np.flatnonzero(owner == o).tolist(), key=lambda i: (-score[i], tiebreak[i]))
        want |= set(mine[:3])
    assert got == want


@pytest.mark.parametrize("k", [1, 3])
def test_pricing_reaches_the_assignment_optimum_from_a_pruned_start(k: int) -> None:
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(k)
    m = 12
    scores = rng.integers(0, 1000, (m, m))
    giver = np.repeat(np.arange(m), m)
    receiver = m + np.tile(np.arange(m), m)  # mentors 0..m-1, mentees m..2m-1
    value = scores.ravel().astype(float)
    start = top_k_per(giver, value, receiver, k)
    bound = price_total(n_people=2 * m, giver=giver, receiver=receiver, value=value,
                        mutual=np.zeros(m * m, bool), give_weight=np.ones(m * m),
                        exclusive=np.ones(2 * m, bool), start=start)
    rows, cols = linear_sum_assignment(scores, maximize=True)
    # The bipartite LP is integral: the priced bound is the optimum, not just above it.
    assert bound.bound == pytest.approx(scores[rows, cols].sum())
    assert bound.lp_arcs >= len(start)


def test_pricing_bounds_peer_matchings_from_above() -> None:
    import networkx as nx

    rng = np.random.default_rng(7)
    n = 15
    a, b = np.triu_indices(n, 1)
    w = rng.integers(1, 100, len(a)).astype(float)
    bound = price_total(n_people=n, giver=a, receiver=b, value=w, mutual=np.ones(len(a), bool),
                        give_weight=np.ones(len(a)), exclusive=np.ones(n, bool), start=np.arange(5))
    graph = nx.Graph()
    graph.add_weighted_edges_from(zip(a.tolist(), b.tolist(), w.tolist()))
    best = sum(graph[u][v]["weight"] for u, v in nx.max_weight_matching(graph))
    assert bound.bound >= best - 1e-6


def test_candidate_arcs_keep_what_rules_need(fake_encoder) -> None:  # type: ignore[no-untyped-def]
    cohort = mp.synthetic_cohort(40, seed=2)
    mentors = [p.id for p in cohort if p.role is mp.Role.MENTOR]
    mentees = [p.id for p in cohort if p.role is mp.Role.MENTEE]
    programme = mp.Programme(fixed_pairs=((mentors[0], mentees[0]),), candidates_per_person=1)
    table = build_score_table(cohort, programme, fake_encoder)
    allowed = np.flatnonzero(table.feasible)
    kept = candidate_arcs(table, programme, allowed, 1)
    assert set(kept.tolist()) <= set(allowed.tolist()) and len(kept) < len(allowed)
    fixed = table.index_of(mentors[0], mentees[0])
    if fixed in set(allowed.tolist()):
        assert fixed in set(kept.tolist())
    wished = allowed[table.raw["wish"][allowed] > 0]
    assert set(wished.tolist()) <= set(kept.tolist())
    assert candidate_arcs(table, programme, allowed, 0).tolist() == allowed.tolist()


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(8, 20), k=st.sampled_from([1, 2]),
       objective=st.sampled_from([("coverage", "fairness", "total"), ("coverage", "total"), ("total",)]))
def test_a_pruned_result_claims_no_more_than_the_full_model_proves(seed, n, k, objective) -> None:  # type: ignore[no-untyped-def]
    fake_encoder = HashEncoder()
    cohort = mp.synthetic_cohort(n, seed=seed)
    forms = ("traditional", "reverse", "group", "peer")
    full = mp.match(cohort, mp.Programme(forms=forms, objective=objective, candidates_per_person=0,
                                         max_mentees_per_mentor=None), encoder=fake_encoder)
    pruned_rules = mp.Programme(forms=forms, objective=objective, candidates_per_person=k, max_mentees_per_mentor=None)
    pruned = mp.match(cohort, pruned_rules, encoder=fake_encoder)
    assert validate(pruned, cohort, pruned_rules) == []
    assert full.status is Status.OPTIMAL
    if pruned.status is Status.OPTIMAL:
        assert pruned.stage_values == pytest.approx(full.stage_values)
    if pruned.bound is not None:
        # The bound holds for every matching at least as good on the earlier stages: the
        # full optimum is one of them when the earlier stages came out the same.
        assert pruned.objective is not None and pruned.bound >= pruned.objective - 1e-9
        earlier = [s for s in objective if s != "total"]
        if all(pruned.stage_values[s] == pytest.approx(full.stage_values[s]) for s in earlier):
            assert pruned.bound >= full.stage_values["total"] - 1e-9
            assert pruned.objective <= full.stage_values["total"] + 1e-9


def test_fairness_bound_is_exact_for_one_to_one_and_above_the_optimum_otherwise() -> None:
    from itertools import permutations

    from mentorpair.solve.bounds import fairness_upper_bound

    rng = np.random.default_rng(11)
    for trial in range(20):
        m = 5
        scores = rng.integers(0, 30, (m, m))
        giver = np.repeat(np.arange(m), m)
        receiver = m + np.tile(np.arange(m), m)
        roles = np.array([True] * m + [False] * m)
        best = max(min(scores[i, p[i]] for i in range(m)) for p in permutations(range(m)))
        bound = fairness_upper_bound(n_people=2 * m, giver=giver, receiver=receiver, score=scores.ravel(),
                                     mutual=np.zeros(m * m, bool), slots=np.where(roles, 1, 0),
                                     must_receive=~roles, must_give=roles, floor=int(scores.min()))
        assert bound == best, trial
        # With room for two mentees per mentor the conditions are necessary, not sufficient: never below.
        loose = fairness_upper_bound(n_people=2 * m, giver=giver, receiver=receiver, score=scores.ravel(),
                                     mutual=np.zeros(m * m, bool), slots=np.where(roles, 2, 0),
                                     must_receive=~roles, must_give=roles, floor=int(scores.min()))
        assert loose >= best


@pytest.mark.parametrize("seed", [1, 2])
def test_block_pass_keeps_the_same_best_pairs_as_the_full_table(monkeypatch, seed) -> None:  # type: ignore[no-untyped-def]
    from mentorpair.model.vocab import KIND_GROUP
    from mentorpair.scoring import blocks
    from mentorpair.scoring import table as scoring

    cohort = mp.synthetic_cohort(60, seed=seed)
    programme = mp.Programme(forms=("traditional", "reverse", "group", "peer"), candidates_per_person=3,
                             max_mentees_per_mentor=2)
    encoder = HashEncoder()
    full = build_score_table(cohort, programme, encoder)
    allowed = np.flatnonzero(full.feasible)
    kept = candidate_arcs(full, programme, allowed, 3)
    monkeypatch.setattr(scoring, "DENSE_PAIR_LIMIT", 10)
    monkeypatch.setattr(blocks, "BLOCK_PAIRS", 97)  # many small blocks, so merging across them is tested
    sparse = build_score_table(cohort, programme, encoder)
    assert not sparse.complete and full.complete
    ids = [p.id for p in full.participants]

    def arcs(table, positions):  # type: ignore[no-untyped-def]
        return {(ids[table.giver[a]], ids[table.receiver[a]], str(table.kind[a])): int(table.score[a])
                for a in positions if table.kind[a] != KIND_GROUP}

    sparse_arcs = arcs(sparse, np.flatnonzero(sparse.feasible))
    assert sparse_arcs == arcs(full, kept)  # the same pairs, with the same scores
    assert sparse.reachable is not None and sparse.best_score is not None
    ends = np.concatenate([full.giver[allowed], full.receiver[allowed]])
    assert set(np.flatnonzero(sparse.reachable).tolist()) == set(ends.tolist())


def test_a_match_on_the_block_pass_is_valid_and_claims_no_more_than_it_proves(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from mentorpair.scoring import table as scoring

    cohort = mp.synthetic_cohort(40, seed=5)
    # As stated: max_mentees_per_mentor=1 would leave no room for a group (issue 15).
    programme = mp.Programme(forms=("traditional", "reverse", "group", "peer"), candidates_per_person=2,
                             max_mentees_per_mentor=None)
    full = mp.match(cohort, dataclasses_replace(programme, candidates_per_person=0), encoder=HashEncoder())
    monkeypatch.setattr(scoring, "DENSE_PAIR_LIMIT", 10)
    sparse = mp.match(cohort, programme, encoder=HashEncoder())
    assert validate(sparse, cohort, programme) == []
    assert len(sparse.matched_ids) + len(sparse.unmatched) == len(cohort)
    if sparse.status is Status.OPTIMAL:
        assert sparse.stage_values == pytest.approx(full.stage_values)
    assert sparse.bound is not None and sparse.objective is not None
    assert sparse.bound >= sparse.objective - 1e-9
    if all(sparse.stage_values[s] == pytest.approx(full.stage_values[s]) for s in ("coverage", "fairness")):
        assert sparse.bound >= full.stage_values["total"] - 1e-9


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("method", ["greedy_matching", "flow_matching"])
def test_the_first_hints_are_valid_matchings(seed: int, method: str) -> None:
    from ortools.sat.python import cp_model

    from mentorpair.solve import cpsat as solver
    from mentorpair.solve.arcs import arc_problem
    from mentorpair.solve.cpsat import _Model

    cohort = mp.synthetic_cohort(50, seed=seed)
    programme = mp.Programme(forms=("traditional", "reverse", "group", "peer"), max_mentees_per_mentor=2,
                             dual_roles=seed % 2 == 1)
    table = build_score_table(cohort, programme, HashEncoder())
    arcs = np.flatnonzero(table.feasible)
    problem = arc_problem(table, programme, arcs, ())
    chosen = getattr(solver, method)(problem)
    assert (problem.mutual[chosen] == 0).sum() > 0  # individual pairs, not only peers
    built = _Model(problem)
    picked = set(chosen.tolist())
    for a, x in enumerate(built.x):
        built.model.add(x == (a in picked))
    assert cp_model.CpSolver().solve(built.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)
