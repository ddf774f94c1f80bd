"""What ``Programme(stability_delta=...)`` costs in solve time and in the matching (issue 20).

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.stability                # 1,000 people
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.stability --sizes 200,1000 --delta 0.05

For each size (``mp.synthetic_cohort(n, seed=3)``, the stand-in ``HashEncoder``, default rules
otherwise) the score table is built once, then solved without the rule, and with it: the solve with
the rule alone (CP-SAT over every allowed pair) and the whole ``solve_scored``, which solves once
more without the rule to report its cost. One process, one run: on a shared machine the times are
upper bounds.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace

import mentorpair as mp
from mentorpair.pipeline import _solve_scored, solve_scored
from mentorpair.scoring.table import build_score_table
from mentorpair.testing import HashEncoder


def _timed(run):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def _cells(matching: mp.Matching, delta: float) -> str:
    weakest = "-" if matching.weakest_score is None else f"{matching.weakest_score:.4f}"
    total = "-" if matching.objective is None else f"{matching.objective:.4f}"
    return (f"{matching.status}, {len(matching.matched_ids)} matched, weakest {weakest}, total {total}, "
            f"{len(matching.blocking_pairs(delta))} blocking")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000")
    parser.add_argument("--delta", type=float, default=0.05)
    parser.add_argument("--time-limit", type=float, default=None)
    args = parser.parse_args()
    encoder = HashEncoder()
    print("| people | allowed pairs | without: s, result | with stability_delta: s, result | solve_scored with it (both solves) |")
    print("|---:|---:|---|---|---:|")
    for n in (int(s) for s in args.sizes.split(",")):
        cohort = mp.synthetic_cohort(n, seed=3)
        free_rules = mp.Programme(time_limit=args.time_limit)
        rules = replace(free_rules, stability_delta=args.delta)
        table = build_score_table(cohort, rules, encoder)
        free, free_s = _timed(lambda: _solve_scored(cohort, free_rules, table))
        stable, stable_s = _timed(lambda: _solve_scored(cohort, rules, table))
        _, both_s = _timed(lambda: solve_scored(cohort, rules, table))
        print(f"| {n:,} | {int(table.feasible.sum()):,} | {free_s:.1f} s, {_cells(free, args.delta)} | "
              f"{stable_s:.1f} s, {_cells(stable, args.delta)} | {both_s:.1f} s |", flush=True)
        print(stable.proof.to_string(), flush=True)


if __name__ == "__main__":
    main()
