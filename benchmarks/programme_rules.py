"""What each rule of issue 20 costs in solve time on one cohort, against the same cohort without it.

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.programme_rules                 # 1,000 people
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.programme_rules --size 200 --limit 60

``mp.synthetic_cohort(n, seed=3)`` scored once with the stand-in ``HashEncoder`` (so the
times are the solver's, not a model's), then one ``mp.match`` per rule with the same score
inputs: no rule; last year's matching as history under each ``repeat``; availability read
from a column of form-style writings drawn at random (seeded) under ``"hard"`` and
``"soft"``; ``stability_delta=0.05``; a cross-organisation share, hard and soft; a floor per
organisation; and, on the all-forms rules (groups), a group mix. Each row: status, seconds,
people matched, the weakest pair and the total, and what the rule reports. ``--limit`` is a
wall-clock limit per solve (default: none, each rule's own default work limit). One process,
one run, on a shared machine: the times are upper bounds.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Any

import mentorpair as mp
from mentorpair.synthetic.generator import synthetic_frame
from mentorpair.testing import HashEncoder

#: availability as forms write it (Finnish and English), drawn for each participant
WRITINGS = ("ma–pe aamupäivisin", "ti ja to iltaisin", "arkisin klo 16 jälkeen", "viikonloppuisin",
            "Tue/Thu evenings", "Mon-Fri mornings", "weekends", "milloin vain", "Maanantai aamupäivä;Tiistai ilta",
            "ke iltapäivisin", "")


def _cohort(n: int) -> mp.Cohort:
    frame = synthetic_frame(n, seed=3)
    draw = random.Random(3)
    frame["availability"] = [draw.choice(WRITINGS) for _ in range(len(frame))]
    return mp.from_pandas(frame)


def _row(name: str, matching: mp.Matching, seconds: float, extra: str = "") -> str:
    values = matching.stage_values
    weakest = values.get("fairness")
    return (f"| {name} | {matching.status.value} | {seconds:.1f} s | {values.get('coverage', 0):.0f} | "
            f"{'' if weakest is None else f'{weakest:.4f}'} | {values.get('total', 0):.2f} | {extra} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--limit", type=float, default=None, help="wall-clock seconds per solve")
    args = parser.parse_args()
    encoder = HashEncoder()
    cohort = _cohort(args.size)
    base: dict[str, Any] = {} if args.limit is None else {"time_limit": args.limit}
    all_forms = {**base, "forms": ("traditional", "reverse", "group", "peer"), "max_mentees_per_mentor": 2}

    def run(name: str, extra_of: Any = None, **rules: Any) -> mp.Matching:
        programme = mp.Programme(**{**base, **rules})
        started = time.perf_counter()
        matching = mp.match(cohort, programme, encoder=encoder, progress=False)
        seconds = time.perf_counter() - started
        print(_row(name, matching, seconds, extra_of(matching) if extra_of else ""), flush=True)
        return matching

    print(f"{len(cohort):,} people, {'no limit' if args.limit is None else f'{args.limit:g} s a solve'}")
    print("| rule | status | time | matched | weakest | total | reported |")
    print("|---|---|---:|---:|---:|---:|---|")
    plain = run("none (defaults)")
    for repeat in ("forbid", "avoid", "prefer"):
        run(f"history {{2025: last}}, repeat={repeat!r}",
            lambda m: f"{len(m.pairs_of_earlier_rounds())} pairs of 2025 again", history={2025: plain}, repeat=repeat)
    for mode in ("hard", "soft"):
        run(f"availability={mode!r}", availability=mode)
    run("stability_delta=0.05", lambda m: f"{len(m.blocking_pairs(0.05))} blocking pairs at 0.05",
        stability_delta=0.05)
    print(f"(no rule: {len(plain.blocking_pairs(0.05))} blocking pairs at 0.05)")

    def balance(m: mp.Matching) -> str:
        return "; ".join(m.balance_in("en"))

    for hard in (True, False):
        run(f"Share('cross_organisation', at_least=0.9, hard={hard})", balance,
            balance=mp.Share("cross_organisation", at_least=0.9, hard=hard))
    run("Floor('organisation')", balance, balance=mp.Floor("organisation"))
    groups = run("all forms, 2 mentees (groups)", **{k: v for k, v in all_forms.items() if k not in base})
    del groups
    run("all forms + GroupMix('organisation', at_most=0.5)", balance,
        **{k: v for k, v in all_forms.items() if k not in base}, balance=mp.GroupMix("organisation", at_most=0.5))


if __name__ == "__main__":
    main()
