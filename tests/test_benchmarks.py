"""The benchmark suite's plumbing on a tiny case list (the timings themselves are benchmarks, not tests)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # benchmarks/ is beside the package, not in it

# scipy and networkx are dependencies, `matching` comes with the bench extra that `make install`
# installs: a missing one is an install fault, to fail on, not to skip.
from benchmarks import run as bench

KEYS = {"name", "n_participants", "form", "method", "seconds", "peak_mb", "objective", "bound", "gap", "matched",
        "min_pair_score", "total_score"}


@pytest.fixture(scope="module")
def smoke_report() -> dict:  # type: ignore[type-arg]
    return bench.run_suite(bench.SUITES["smoke"], in_process=True)


def test_every_record_has_the_schema(smoke_report: dict) -> None:  # type: ignore[type-arg]
    records = smoke_report["records"]
    assert records
    for record in records:
        assert KEYS <= set(record), record
        assert record["status"] in ("OPTIMAL", "FEASIBLE", "HEURISTIC"), record
        assert record["seconds"] >= 0 and record["peak_mb"] > 0
    json.dumps(smoke_report)  # serialisable as written by --out


def test_exact_methods_agree_and_heuristics_do_not_beat_them(smoke_report: dict) -> None:  # type: ignore[type-arg]
    by_case: dict[str, list[dict]] = {}  # type: ignore[type-arg]
    for record in smoke_report["records"]:
        by_case.setdefault(record["name"], []).append(record)
    exact = {bench.LABELS[m] for m in bench.EXACT} | {"mentorpair"}
    for name, records in by_case.items():
        optimum = records[0]["optimal_total"]
        assert optimum is not None, name
        totals = {r["method"]: r["total_score"] for r in records if r["method"] in exact}
        assert len(totals) >= 2, name
        assert all(t == pytest.approx(optimum, abs=1e-6) for t in totals.values()), (name, totals)
        for r in records:
            assert r["total_score"] <= optimum + 1e-6, (name, r["method"])
            # everyone can be matched on a complete graph (and the 1:2 case leaves no seat short)
            if name.startswith("pure-"):
                assert r["matched"] == r["n_participants"], (name, r["method"])


def test_one_case_in_a_child_process_and_a_skip_with_its_reason(tmp_path: Path) -> None:
    suite = bench.Suite("t", sizes=(12,), score_kinds=("uniform",), forms=("1:1",), methods=("greedy", "stable"),
                        stable_max_n=0)
    report = bench.run_suite(suite)
    greedy, stable = report["records"]
    assert greedy["status"] == "HEURISTIC" and greedy["matched"] == 12 and greedy["peak_mb"] > 0
    assert stable["status"] == "skipped" and "n³" in stable["note"]
    out = tmp_path / "README.md"
    bench.write_markdown(report, out)
    bench.write_markdown(report, out)  # refreshes the block instead of adding a second one
    text = out.read_text(encoding="utf-8")
    assert text.count(bench.START) == 1 and "| pure-1:1-uniform-12 | greedy |" in text
