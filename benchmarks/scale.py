"""The scale targets of issue 17: each stage's value, bound, proof, engine and seconds.

    HF_HUB_OFFLINE=1 .venv/bin/python -m benchmarks.scale [--sizes 1000,5000] [--rules defaults,all]

Cohorts are ``mp.synthetic_cohort(n, seed=3)`` scored by ``HashEncoder`` (the
solve is measured, not the encoder). Each case runs in its own process, so one
case's memory and time are its own. Targets (2 cores), printed beside the results:

| cohort | rules | target |
|---|---|---|
| 1,000 | defaults | OPTIMAL, every stage proven over every allowed pair, <= 5 s |
| 5,000 | defaults | OPTIMAL <= 30 s |
| 20,000 | defaults | every stage proven or total gap <= 0.1 %, <= 120 s, peak <= 4 GB |
| 300 | all forms, 2 mentees | OPTIMAL <= 30 s |
| 1,000 | all forms | OPTIMAL <= 60 s, or gap <= 0.5 % with coverage and fairness proven |
| 5,000 | all forms | gap <= 1 % in <= 120 s |
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

RULES = {
    "defaults": {},
    "all": {"forms": ("traditional", "reverse", "group", "peer"), "max_mentees_per_mentor": 2,
            "same_organisation": "discouraged"},
}


def run_case(n: int, rules: str) -> dict[str, object]:
    import mentorpair as mp
    from mentorpair.testing import HashEncoder

    forms = RULES[rules].get("forms", ("traditional", "peer"))
    cohort = mp.synthetic_cohort(n, seed=3, forms=forms)
    started = time.perf_counter()
    matching = mp.match(cohort, mp.Programme(**RULES[rules]), encoder=HashEncoder())  # type: ignore[arg-type]
    return {
        "n": n, "rules": rules, "status": str(matching.status), "seconds": round(time.perf_counter() - started, 2),
        "solve_seconds": round(matching.seconds, 2), "gap": matching.gap,
        "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        "proof": json.loads(matching.proof.to_json(orient="records")),
    }


def _stage(row: dict[str, object]) -> str:
    bound = row["bound"]
    shown = f"{row['stage']} {row['value']:g}" + (" proven" if row["proven"] else "")
    return shown + ("" if bound is None else f" (bound {bound:g})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000")
    parser.add_argument("--rules", default="defaults,all")
    parser.add_argument("--child", nargs=2, metavar=("N", "RULES"), help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(run_case(int(args.child[0]), args.child[1])))
        return
    for rules in args.rules.split(","):
        for n in map(int, args.sizes.split(",")):
            try:
                out = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--child", str(n), rules],
                                     capture_output=True, text=True, timeout=args.timeout, check=True)
                record = json.loads(out.stdout.strip().splitlines()[-1])
            except subprocess.TimeoutExpired:
                print(f"| {n:,} | {rules} | timeout after {args.timeout:g} s |")
                continue
            stages = "; ".join(_stage(p) for p in record["proof"])
            engines = sorted({p["engine"] for p in record["proof"]})
            gap = "" if record["gap"] is None else f", gap {record['gap']:.2%}"
            print(f"| {n:,} | {rules} | {record['status']} in {record['seconds']} s (solve {record['solve_seconds']} s)"
                  f"{gap}, peak {record['peak_mb']} MB | {stages} | {'; '.join(engines)} |")


if __name__ == "__main__":
    main()
