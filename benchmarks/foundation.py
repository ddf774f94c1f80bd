"""Time and quality of `mp.match` on seeded synthetic cohorts, and of the low-level
entry points on the public instances in ../shared/data.

    .venv/bin/python -m benchmarks.foundation [--sizes 60 200 500] [--out results.json]

Speed targets live here, never in the unit tests.
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import time
from pathlib import Path

import numpy as np
import pandas as pd

import mentorpair as mp

from .instances import data_file


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cohort_case(n: int, encoder: mp.Encoder) -> dict[str, object]:
    cohort = mp.synthetic_cohort(n, seed=1)
    programme = mp.Programme(same_organisation="discouraged", max_mentees_per_mentor=2)
    started = time.perf_counter()
    matching = mp.match(cohort, programme, encoder=encoder)
    seconds = time.perf_counter() - started
    assert not mp.validate(matching, cohort, programme)
    return {
        "name": f"synthetic-{n}", "n_participants": n, "method": "mentorpair.match", "seconds": round(seconds, 3),
        "solve_seconds": round(matching.seconds, 3), "status": str(matching.status), "peak_mb": round(peak_mb()),
        "matched": len(matching.matched_ids), "min_pair_score": matching.weakest_score,
        "total_score": matching.objective,
    }


def orlib_case(name: str) -> dict[str, object]:
    values = list(map(int, data_file(f"orlib_assign/{name}.txt").read_text().split()))
    n = values[0]
    costs = np.array(values[1 : 1 + n * n]).reshape(n, n)
    rows, cols = np.meshgrid(np.arange(n), np.arange(n), indexing="ij")
    edges = pd.DataFrame({"mentor_id": [f"r{i}" for i in rows.ravel()], "mentee_id": [f"c{j}" for j in cols.ravel()],
                          "score": costs.ravel()})
    started = time.perf_counter()
    matching = mp.assign(edges, minimize=True)
    return {"name": name, "n_participants": 2 * n, "method": "mentorpair.assign", "status": str(matching.status),
            "seconds": round(time.perf_counter() - started, 3), "objective": matching.objective,
            "peak_mb": round(peak_mb())}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="*", default=[60, 200, 500])
    parser.add_argument("--orlib", nargs="*", default=["assign100"])
    parser.add_argument("--out")
    args = parser.parse_args()
    encoder = mp.SentenceTransformerEncoder()
    records = [cohort_case(n, encoder) for n in args.sizes] + [orlib_case(name) for name in args.orlib]
    report = {"machine": f"{platform.processor() or platform.machine()}, {platform.python_version()}",
              "records": records}
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
