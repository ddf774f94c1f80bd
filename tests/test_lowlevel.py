"""assign / pair_peers: published optima no one here wrote (tests/data/public), engines against each other."""

from __future__ import annotations

import itertools
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mentorpair as mp
from mentorpair import lowlevel
from mentorpair.model.options import SolveOptions
from mentorpair.solve.peers import DenseScores, solve_peers

# Copies of the public instances, with their sources and licence (tests/data/public/README.md).
DATA = Path(__file__).resolve().parent / "data" / "public"


def _weighted_matching_instances() -> list[tuple[int, pd.DataFrame]]:
    out = []
    for line in (DATA / "weighted_matching" / "weighted_matching_small.dat").read_text().splitlines():
        values = list(map(int, line.split()))
        if not values:
            continue
        answer, _, n_edges = values[:3]
        triples = np.array(values[3 : 3 + 3 * n_edges]).reshape(-1, 3)
        out.append((answer, pd.DataFrame({"a": triples[:, 0], "b": triples[:, 1], "score": triples[:, 2]})))
    return out


def _orlib_optimum(name: str) -> int:
    table = (DATA / "orlib_assign" / "assignopt.txt").read_text()
    for line in table.splitlines():
        parts = line.split()
        if parts and parts[0] == name:
            return int(parts[-1])
    raise KeyError(name)


def test_pair_peers_reaches_all_200_published_weighted_matching_optima() -> None:
    instances = _weighted_matching_instances()
    assert len(instances) == 200
    wrong = []
    for k, (answer, edges) in enumerate(instances):
        matching = mp.pair_peers(edges, objective=("total",))
        people = list(matching.pairs["mentor_id"]) + list(matching.pairs["mentee_id"])
        assert len(people) == len(set(people)), f"instance {k}: someone is in two pairs"
        if matching.status is not mp.Status.OPTIMAL or matching.objective != answer:
            wrong.append((k, answer, matching.objective, matching.status))
    assert wrong == []


def test_assign_reaches_orlib_assign100_optimum() -> None:
    values = list(map(int, (DATA / "orlib_assign" / "assign100.txt").read_text().split()))
    n = values[0]
    costs = np.array(values[1 : 1 + n * n]).reshape(n, n)
    rows, cols = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    edges = pd.DataFrame({"mentor_id": [f"r{i}" for i in rows.ravel()], "mentee_id": [f"c{j}" for j in cols.ravel()],
                          "score": costs.ravel()})
    matching = mp.assign(edges, minimize=True)
    assert matching.status is mp.Status.OPTIMAL
    assert len(matching.pairs) == n
    assert matching.objective == _orlib_optimum("assign100") == 305


def test_assign_sparse_instance_respects_unlisted_pairs() -> None:
    lines = (DATA / "orlib_assign" / "assignp800.txt").read_text().split("\n")
    n = int(lines[0])
    arcs = np.array([list(map(int, ln.split())) for ln in lines[1:] if ln.strip()])
    # A slice keeps the test quick: the first 60 rows with their allowed columns.
    keep = arcs[arcs[:, 0] <= 60]
    edges = pd.DataFrame({"mentor_id": [f"r{i}" for i in keep[:, 0]], "mentee_id": [f"c{j}" for j in keep[:, 1]],
                          "score": keep[:, 2]})
    matching = mp.assign(edges, minimize=True)
    allowed = set(zip(edges["mentor_id"], edges["mentee_id"]))
    assert all(pair in allowed for pair in zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"]))
    assert n == 800


def test_assign_capacity_mapping_and_minimize() -> None:
    edges = pd.DataFrame({"mentor_id": ["M1", "M1", "M1", "M2"], "mentee_id": ["A", "B", "C", "C"],
                          "score": [1.5, 2.0, 9.0, 1.0]})
    matching = mp.assign(edges, capacity={"M1": 2}, minimize=True)
    assert sorted(map(tuple, matching.pairs[["mentor_id", "mentee_id"]].values.tolist())) == [
        ("M1", "A"), ("M1", "B"), ("M2", "C")]
    assert matching.objective == pytest.approx(4.5)


def test_assign_reports_bad_edges_all_at_once() -> None:
    edges = pd.DataFrame({"mentor_id": ["M1", "M1", "M2"], "mentee_id": ["A", "A", "B"], "score": [1, 2, "x"]})
    with pytest.raises(mp.ValidationError) as info:
        mp.assign(edges, capacity={"M1": 0, "Z": 2})
    text = str(info.value)
    assert "listed twice" in text and "finite number" in text
    with pytest.raises(mp.ValidationError):
        mp.assign(edges.iloc[:2], capacity={"M1": 0, "Z": 2})


def test_lowlevel_matching_refuses_to_explain() -> None:
    matching = mp.pair_peers(pd.DataFrame({"a": ["x"], "b": ["y"], "score": [1.0]}))
    assert matching.objective == 1.0
    with pytest.raises(mp.MentorPairError):
        matching.explain("x")


# --- matrix input, engines and the pricing proof (issue #6) ----------------------------------

STAGE_ORDERS = [p for r in (1, 2, 3) for p in itertools.permutations(("coverage", "fairness", "total"), r)]
SMALL = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def score_matrices(draw: st.DrawFn, *, square: bool = False, max_side: int = 5) -> np.ndarray:
    """Scores on a half-unit grid (so that rounding never decides), negatives and NaN holes included."""
    rows = draw(st.integers(1, max_side))
    cols = rows if square else draw(st.integers(1, max_side))
    cells = st.one_of(st.integers(-4, 8).map(lambda v: v / 2), st.just(np.nan))
    return np.array(draw(st.lists(cells, min_size=rows * cols, max_size=rows * cols)), dtype=float).reshape(rows, cols)


def _same_result(a: mp.Matching, b: mp.Matching, stages: tuple[str, ...]) -> None:
    assert a.status is b.status is mp.Status.OPTIMAL
    assert a.stage_values.keys() == b.stage_values.keys()
    for s in a.stage_values:
        assert a.stage_values[s] == pytest.approx(b.stage_values[s], abs=1e-9), s
    if "total" in stages:
        assert a.objective == pytest.approx(b.objective, abs=1e-9)


def _valid_assignment(matching: mp.Matching, matrix: np.ndarray, caps: dict[str, int]) -> None:
    pairs = matching.pairs
    assert pairs["mentee_id"].is_unique
    for mentor, count in pairs["mentor_id"].value_counts().items():
        assert count <= caps.get(str(mentor), 1)
    for mentor, mentee, score in zip(pairs["mentor_id"], pairs["mentee_id"], pairs["score"]):
        value = matrix[int(mentor[1:]), int(mentee[1:])]
        assert not np.isnan(value) and value == score


@SMALL
@given(matrix=score_matrices(), stages=st.sampled_from(STAGE_ORDERS), minimize=st.booleans(),
       capacity=st.one_of(st.integers(1, 3), st.dictionaries(st.sampled_from(["M0", "M1", "M2"]), st.integers(1, 3))))
def test_flow_engine_agrees_with_cp_sat(matrix: np.ndarray, stages: tuple[str, ...], minimize: bool,
                                        capacity: int | dict[str, int]) -> None:
    if isinstance(capacity, dict):
        capacity = {m: c for m, c in capacity.items() if int(m[1:]) < matrix.shape[0]}
    flow = mp.assign(matrix, capacity=capacity, objective=stages, minimize=minimize, engine="flow")
    cp = mp.assign(matrix, capacity=capacity, objective=stages, minimize=minimize, engine="cp-sat")
    _same_result(flow, cp, stages)
    _valid_assignment(flow, matrix, capacity if isinstance(capacity, dict) else dict.fromkeys(
        [f"M{i}" for i in range(matrix.shape[0])], capacity))


@SMALL
@given(matrix=score_matrices(max_side=6), stages=st.sampled_from([("total",), ("coverage", "total")]),
       minimize=st.booleans())
def test_dense_and_sparse_flow_paths_agree(matrix: np.ndarray, stages: tuple[str, ...], minimize: bool) -> None:
    # The matrix goes to linear_sum_assignment; the same pairs as a sparse list go to min-cost flow.
    rows, cols = np.nonzero(~np.isnan(matrix))
    edges = pd.DataFrame({"mentor_id": [f"M{i}" for i in rows], "mentee_id": [f"E{j}" for j in cols],
                          "score": matrix[rows, cols]})
    dense = mp.assign(matrix, objective=stages, minimize=minimize)
    listed = mp.assign(edges, objective=stages, minimize=minimize, engine="cp-sat")
    _same_result(dense, listed, stages)
    _valid_assignment(dense, matrix, {})


@SMALL
@given(matrix=score_matrices(square=True, max_side=9),
       stages=st.sampled_from([("coverage",), ("total",), ("coverage", "total"), ("total", "coverage")]),
       minimize=st.booleans())
def test_pricing_engine_agrees_with_cp_sat(matrix: np.ndarray, stages: tuple[str, ...], minimize: bool) -> None:
    priced = mp.pair_peers(matrix, objective=stages, minimize=minimize, engine="pricing")
    full = mp.pair_peers(matrix, objective=stages, minimize=minimize, engine="cp-sat")
    _same_result(priced, full, stages)


def _random_graph(n: int, density: float, seed: int) -> tuple[np.ndarray, nx.Graph]:
    rng = np.random.default_rng(seed)
    matrix = rng.integers(-20, 100, size=(n, n)).astype(float)
    matrix[rng.random((n, n)) > density] = np.nan
    graph = nx.Graph()
    for i, j in zip(*np.triu_indices(n, 1)):
        if not np.isnan(matrix[i, j]):
            graph.add_edge(int(i), int(j), weight=int(matrix[i, j]))
    return matrix, graph


@pytest.mark.parametrize(("n", "density", "seed"), [(40, 1.0, 0), (90, 0.5, 1), (150, 1.0, 2), (200, 0.3, 3)])
def test_pricing_with_three_candidates_reaches_the_full_graph_optimum(n: int, density: float, seed: int) -> None:
    matrix, graph = _random_graph(n, density, seed)
    for stages, cardinality in ((("coverage", "total"), True), (("total",), False)):
        expected = sum(graph[a][b]["weight"] for a, b in nx.max_weight_matching(graph, maxcardinality=cardinality))
        outcome = solve_peers(DenseScores(matrix, maximize=True, scale=1), SolveOptions(objective=stages), k=3)
        assert outcome.status is mp.Status.OPTIMAL
        assert outcome.stage_values["total"] == expected
        pairs = outcome.chosen
        people = np.concatenate([pairs // n, pairs % n])
        assert len(people) == len(set(people.tolist()))


def test_pricing_adds_pruned_pairs_back_when_they_matter() -> None:
    # Everyone's best partner is person 0, so with one candidate each almost everyone shares
    # one partner; the optimum needs pairs that only the duals can point to.
    n = 30
    rng = np.random.default_rng(7)
    matrix = rng.integers(1, 50, size=(n, n)).astype(float)
    matrix[0, :] = 1000
    outcome = solve_peers(DenseScores(matrix, maximize=True, scale=1), SolveOptions(objective=("coverage", "total")), k=1)
    graph = nx.Graph()
    for i, j in zip(*np.triu_indices(n, 1)):
        graph.add_edge(int(i), int(j), weight=int(matrix[i, j]))
    expected = sum(graph[a][b]["weight"] for a, b in nx.max_weight_matching(graph, maxcardinality=True))
    assert outcome.status is mp.Status.OPTIMAL
    assert outcome.stage_values == {"coverage": n // 2, "total": expected}
    assert outcome.info["priced_in"] > 0


def test_pricing_engine_reaches_the_published_weighted_matching_optima() -> None:
    wrong = []
    for k, (answer, edges) in enumerate(_weighted_matching_instances()):
        matching = mp.pair_peers(edges, objective=("total",), engine="pricing")
        if matching.status is not mp.Status.OPTIMAL or matching.objective != answer:
            wrong.append((k, answer, matching.objective, matching.status))
    assert wrong == []


def test_edge_list_and_matrix_give_the_same_peer_optimum(monkeypatch: pytest.MonkeyPatch) -> None:
    matrix, _ = _random_graph(60, 0.6, 5)
    i, j = np.nonzero(np.triu(~np.isnan(matrix), 1))
    edges = pd.DataFrame({"a": [f"P{v}" for v in i], "b": [f"P{v}" for v in j], "score": matrix[i, j] / 7})
    monkeypatch.setattr(lowlevel, "_CANDIDATES", 3)
    by_matrix = mp.pair_peers(matrix / 7, engine="pricing")
    by_edges = mp.pair_peers(edges, engine="pricing")
    assert by_matrix.status is by_edges.status is mp.Status.OPTIMAL
    assert by_matrix.stage_values == by_edges.stage_values
    assert outcome_scores_match(by_edges, edges)


def outcome_scores_match(matching: mp.Matching, edges: pd.DataFrame) -> bool:
    listed = {(a, b): s for a, b, s in zip(edges["a"], edges["b"], edges["score"])}
    return all(listed[(a, b)] == s for a, b, s in zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"],
                                                      matching.pairs["score"]))


def test_assign_matrix_ids_holes_and_capacity() -> None:
    matrix = np.array([[5.0, 4.0, np.nan], [np.nan, 1.0, 2.0]])
    matching = mp.assign(matrix, capacity={"M0": 2})
    assert matching.pairs[["mentor_id", "mentee_id"]].values.tolist() == [["M0", "E0"], ["M0", "E1"], ["M1", "E2"]]
    assert matching.status is mp.Status.OPTIMAL and matching.objective == 11.0 == matching.bound
    single = mp.assign(matrix)  # 1:1 on the matrix: linear_sum_assignment with the holes forbidden
    assert single.pairs[["mentor_id", "mentee_id"]].values.tolist() == [["M0", "E0"], ["M1", "E2"]]
    assert single.unmatched["participant_id"].tolist() == ["E1"]


def test_assign_matrix_with_no_full_matching_keeps_maximum_coverage() -> None:
    # E0 and E1 can only go to M0: one of them must stay out, and coverage still wins over score.
    matrix = np.array([[1.0, 9.0, 100.0], [np.nan, np.nan, 3.0], [np.nan, np.nan, np.nan]])
    matching = mp.assign(matrix)
    assert matching.pairs[["mentor_id", "mentee_id"]].values.tolist() == [["M0", "E1"], ["M1", "E2"]]
    assert matching.stage_values == {"coverage": 4.0, "total": 12.0}


def test_pair_peers_matrix_uses_the_upper_triangle() -> None:
    matrix = np.array([[0.0, 1.0, 5.0], [99.0, 0.0, 2.0], [99.0, 99.0, 0.0]])
    matching = mp.pair_peers(matrix, objective=("total",))
    assert matching.pairs[["mentor_id", "mentee_id"]].values.tolist() == [["P0", "P2"]]
    assert matching.unmatched["participant_id"].tolist() == ["P1"]


@pytest.mark.parametrize("bad", [np.ones(3), np.ones((2, 3)), np.array([[0.0, np.inf], [0.0, 0.0]]),
                                 np.array([["a", "b"], ["c", "d"]])])
def test_pair_peers_rejects_bad_matrices(bad: np.ndarray) -> None:
    with pytest.raises(mp.ValidationError):
        mp.pair_peers(bad)


def test_assign_rejects_infinite_scores_and_unknown_engine() -> None:
    with pytest.raises(mp.ValidationError, match="M1"):
        mp.assign(np.array([[1.0, 2.0], [-np.inf, 1.0]]))
    with pytest.raises(mp.ValidationError, match="engine"):
        mp.assign(np.ones((2, 2)), engine="magic")  # type: ignore[arg-type]


def test_pair_peers_reports_reversed_duplicates_and_loops() -> None:
    with pytest.raises(mp.ValidationError, match="listed twice"):
        mp.pair_peers(pd.DataFrame({"a": ["x", "y"], "b": ["y", "x"], "score": [1, 2]}))
    with pytest.raises(mp.ValidationError, match="themself"):
        mp.pair_peers(pd.DataFrame({"a": ["x"], "b": ["x"], "score": [1]}))


def test_pricing_under_a_time_limit_returns_a_valid_matching_with_its_bound() -> None:
    matrix, _ = _random_graph(120, 1.0, 9)
    matching = mp.pair_peers(matrix, engine="pricing", time_limit=0.001)
    assert matching.status in (mp.Status.OPTIMAL, mp.Status.FEASIBLE)
    people = list(matching.pairs["mentor_id"]) + list(matching.pairs["mentee_id"])
    assert len(people) == len(set(people))
    assert matching.objective is not None
    if matching.bound is not None:
        assert matching.bound >= matching.objective - 1e-9


def test_flow_fairness_search_stopped_by_the_time_limit_still_returns_every_stage() -> None:
    matrix = np.random.default_rng(4).integers(0, 1000, size=(30, 30)).astype(float)
    stages = ("coverage", "fairness", "total")
    stopped = mp.assign(matrix, objective=stages, time_limit=1e-9)
    full = mp.assign(matrix, objective=stages)
    assert full.status is mp.Status.OPTIMAL
    assert stopped.status in (mp.Status.FEASIBLE, mp.Status.OPTIMAL)
    assert set(stopped.stage_values) == set(stages)
    assert stopped.stage_values["coverage"] == full.stage_values["coverage"] == 60
    assert stopped.stage_values["fairness"] <= full.stage_values["fairness"]
    assert stopped.pairs["score"].min() >= stopped.stage_values["fairness"]


def test_low_level_results_carry_their_options_and_no_made_up_programme() -> None:
    edges = pd.DataFrame({"mentor_id": ["m1", "m1", "m2"], "mentee_id": ["a1", "a2", "a1"], "score": [3, 1, 2]})
    matching = mp.assign(edges, objective=("coverage", "total"), seed=7)
    assert matching.programme is None
    assert matching.options == mp.SolveOptions(objective=("coverage", "total"), seed=7)
    peers = mp.pair_peers(pd.DataFrame({"a": ["p", "q"], "b": ["q", "r"], "score": [1, 2]}), objective=("total",))
    assert peers.programme is None and peers.options.objective == ("total",)
    assert mp.Programme(seed=3, time_limit=5).options == mp.SolveOptions(seed=3, time_limit=5)


def test_assign_treats_the_two_columns_as_two_sides() -> None:
    # Before: ids on both sides (e.g. a matrix's row and column numbers) were refused, one line per id.
    n = 40
    rng = np.random.default_rng(5)
    rows, cols = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    edges = pd.DataFrame({"mentor_id": rows.ravel(), "mentee_id": cols.ravel(), "score": rng.random(n * n)})
    by_ids = mp.assign(edges)
    by_matrix = mp.assign(edges["score"].to_numpy().reshape(n, n))
    assert by_ids.status is mp.Status.OPTIMAL and len(by_ids.pairs) == n
    assert by_ids.objective == pytest.approx(by_matrix.objective)
    few = edges[(edges.mentor_id < 3) & (edges.mentee_id < 2)]
    matching = mp.assign(few)
    assert len(matching.pairs) == 2
    left = matching.unmatched
    assert list(left["role"]) == ["mentor"] and left["participant_id"].iloc[0] in {"0", "1", "2"}
