"""What re-solving costs after a change, and what an earlier round's history costs (issues 19 and 20).

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.rounds                  # 200 and 1,000 people
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.rounds --sizes 200 --all-forms

For each size (``mp.synthetic_cohort(n, seed=3)``, the stand-in ``HashEncoder``, so the times are
the solver's and the scoring's, not a model's): ``mp.rematch`` after the first three mentors of the
announced matching drop out, with ``disruption="min"`` against ``"ignore"`` (announced pairs kept,
time, coverage); then one solve under each ``repeat`` rule with the announced matching as last
year's history (time, pairs of last year made again). One process, one run: on a shared machine
the times are upper bounds.
"""

from __future__ import annotations

import argparse
import time

import mentorpair as mp
from mentorpair.testing import HashEncoder

ALL_FORMS = mp.Programme(forms=("traditional", "reverse", "group", "peer"), max_mentees_per_mentor=2)


def _pairs(matching: mp.Matching) -> set[frozenset[str]]:
    return {frozenset((str(a), str(b))) for a, b in zip(matching.pairs["mentor_id"], matching.pairs["mentee_id"])}


def _timed(run):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = run()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="200,1000")
    parser.add_argument("--all-forms", action="store_true", help="every form, two mentees per mentor (CP-SAT)")
    args = parser.parse_args()
    encoder = HashEncoder()
    rules = ALL_FORMS if args.all_forms else mp.Programme()
    print("| people | rules | match | rematch min: s, kept, coverage | rematch ignore: s, kept, coverage |")
    print("|---:|---|---:|---|---|")
    history_rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        cohort = mp.synthetic_cohort(n, seed=3)
        announced, seconds = _timed(lambda: mp.match(cohort, rules, encoder=encoder))
        gone = [str(m) for m in announced.pairs["mentor_id"].iloc[:3]]
        cells = []
        for disruption in ("min", "ignore"):
            after, took = _timed(lambda: mp.rematch(announced, drop=gone, disruption=disruption, encoder=encoder))
            kept = int((announced.diff(after)["change"] == "kept").sum())
            cells.append(f"{took:.1f} s, {kept} of {len(announced.pairs)}, {after.stage_values['coverage']:.0f}")
        name = "all forms" if args.all_forms else "defaults"
        print(f"| {n:,} | {name} | {seconds:.1f} s | {cells[0]} | {cells[1]} |", flush=True)
        for repeat in ("forbid", "avoid", "prefer"):
            history = mp.Programme(**{**rules.changed_fields(), "history": {2025: announced}, "repeat": repeat})
            again, took = _timed(lambda: mp.match(cohort, history, encoder=encoder))
            history_rows.append(f"| {n:,} | {name} | {repeat} | {took:.1f} s (no history {seconds:.1f} s) | "
                                f"{again.status} | {len(_pairs(again) & _pairs(announced))} |")
    print("\n| people | rules | repeat | match | status | last year's pairs made again |")
    print("|---:|---|---|---:|---|---:|")
    print("\n".join(history_rows))


if __name__ == "__main__":
    main()
