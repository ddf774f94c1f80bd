"""What each balance rule (issue 20) costs to solve on a synthetic cohort.

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.balance                       # 1,000 people, 60 s a solve
    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.balance --size 200 --time-limit 30

``mp.synthetic_cohort(n, seed=3)`` with the stand-in ``HashEncoder`` (the times are the solver's and
the scoring's, not a model's). One solve without balance rules (the blossom), then one per rule, each
under ``time_limit``: a share every matching keeps (what CP-SAT in place of the blossom costs), a
soft and a hard cross-organisation share of 0.99 (the plain matching of 1,000 reaches 0.956), a group
mix (groups on, so the rule has groups to mix), and a floor per organisation. One process, one run:
on a shared machine the times are upper bounds.
"""

from __future__ import annotations

import argparse
import time

import mentorpair as mp
from mentorpair.testing import HashEncoder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args()
    encoder = HashEncoder()
    cohort = mp.synthetic_cohort(args.size, seed=3)
    started = time.perf_counter()
    plain = mp.match(cohort, mp.Programme(), encoder=encoder)
    seconds = time.perf_counter() - started
    print("| rule | seconds | status | coverage | value reached | weakest | total |")
    print("|---|---:|---|---:|---|---:|---:|")
    print(f"| none (blossom) | {seconds:.1f} | {plain.status} | {plain.stage_values['coverage']:.0f} | - | "
          f"{plain.weakest_score:.4f} | {plain.objective:.2f} |", flush=True)
    groups = mp.Programme(forms=("traditional", "group", "peer"), max_mentees_per_mentor=3)
    cases = [
        # A share every matching keeps: what CP-SAT in place of the blossom costs by itself.
        ("Share cross_organisation >= 0 (CP-SAT, no effect)",
         mp.Programme(balance=mp.Share("cross_organisation", at_least=0.0))),
        ("Share cross_organisation >= 0.99, soft", mp.Programme(balance=mp.Share("cross_organisation", at_least=0.99))),
        ("Share cross_organisation >= 0.99, hard",
         mp.Programme(balance=mp.Share("cross_organisation", at_least=0.99, hard=True))),
        ("groups, no balance", groups),
        ("groups, GroupMix organisation <= 0.5", mp.Programme(**{**groups.changed_fields(),
                                                                 "balance": mp.GroupMix("organisation", 0.5)})),
        ("Floor per organisation", mp.Programme(balance=mp.Floor("organisation"))),
    ]
    for name, rules in cases:
        rules = mp.Programme(**{**rules.changed_fields(), "time_limit": args.time_limit})
        started = time.perf_counter()
        matching = mp.match(cohort, rules, encoder=encoder)
        took = time.perf_counter() - started
        reached = "; ".join(f"{r['rule']} = {r['value']:.3f}" for r in matching.balance.to_dict("records")
                            if r["subgroup"] == "")
        if "floor" in matching.stage_values:
            reached = f"floor sum {matching.stage_values['floor']:.3f} over {len(matching.balance)} subgroups"
        print(f"| {name} | {took:.1f} | {matching.status} | {matching.stage_values.get('coverage', 0):.0f} | "
              f"{reached or '-'} | {matching.weakest_score or 0:.4f} | {matching.objective or 0:.2f} |", flush=True)


if __name__ == "__main__":
    main()
