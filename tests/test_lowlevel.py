"""assign / pair_peers against published optima no one here wrote (../shared/data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import mentorpair as mp

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
needs_data = pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not beside the project")


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


@needs_data
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


@needs_data
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


@needs_data
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
