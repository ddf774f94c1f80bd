"""Every claim a Matching makes, checked against its own pairs and, on small cohorts, brute force.

Hard rules are :func:`mentorpair.validate`'s job; this checks what the result *says*:

- nobody is lost, and the stage values are those of the matching returned
  (coverage: people in pairs; fairness: the weakest pair's score as shown, 0 for
  no pair; total: the sum of the shown scores);
- OPTIMAL: every stage value is the brute-force optimum, and the bound is the total;
- FEASIBLE: a bound, when given, is at least the total of every valid matching
  that is as good on each earlier stage (what a bound on the last stage means);
- INFEASIBLE: brute force finds no valid matching; the conflicting rules cannot
  hold together and each is needed, the relaxation leaves a matching and no
  smaller one does — each unless ``warnings`` says the time limit left it unproven;
- UNKNOWN: no pairs, everyone unmatched, and a reason.

It shares no code with the solver: brute force enumerates matchings from the
validator's pair rules (tests/brute_force.py).
"""

from __future__ import annotations

from itertools import combinations

from brute_force import (
    EMPTY,
    MAX_PEOPLE,
    all_values,
    default_requirements,
    requirement_of_label,
    units,
)

import mentorpair as mp
from mentorpair.validate import validate


def shown_values(matching: mp.Matching, cohort: mp.Cohort | None = None) -> dict[str, int]:
    """The stage values of the matching returned, recomputed from its pairs, in units; with the
    cohort, also ``wishes``: how many who named wishes are paired with someone they named."""
    pairs = matching.pairs
    shown = [units(s) for s in pairs["score"]]
    values = {"coverage": len(set(pairs["mentor_id"]) | set(pairs["mentee_id"])),
              "fairness": min(shown) if shown else 0, "total": sum(shown)}
    if cohort is not None:
        partners: dict[str, set[str]] = {}
        for a, b in zip(pairs["mentor_id"], pairs["mentee_id"]):
            partners.setdefault(a, set()).add(b)
            partners.setdefault(b, set()).add(a)
        values["wishes"] = sum(1 for p in cohort if p.wishes and partners.get(p.id, set()) & set(p.wishes))
    return values


def check_claims(matching: mp.Matching, cohort: mp.Cohort, programme: mp.Programme, encoder,  # type: ignore[no-untyped-def]
                 *, exhaustive: bool | None = None) -> None:
    """Assert that ``matching`` claims nothing it does not have; brute force where the cohort is small."""
    exhaustive = len(cohort) <= MAX_PEOPLE if exhaustive is None else exhaustive
    assert validate(matching, cohort, programme) == []
    matched = set(matching.pairs["mentor_id"]) | set(matching.pairs["mentee_id"])
    listed = list(matching.unmatched["participant_id"])
    assert len(listed) == len(set(listed)) and matched.isdisjoint(listed)
    assert matched | set(listed) == set(cohort.ids), "someone in the input is in neither pairs nor unmatched"
    assert all(isinstance(r, str) and r.strip() for r in matching.unmatched["reason"])
    status = matching.status
    if not status.has_solution:
        assert matching.pairs.empty and matching.objective is None and matching.bound is None
        if status is mp.Status.INFEASIBLE:
            _check_infeasible(matching, cohort, programme, encoder, exhaustive)
        else:
            assert status is mp.Status.UNKNOWN, status
        return

    stages = programme.stages
    attained = shown_values(matching, cohort)
    values = {s: int(v) if s in ("coverage", "wishes") else units(v) for s, v in matching.stage_values.items()}
    for stage, value in values.items():
        assert attained[stage] == value, f"{stage} is reported as {value} but the matching has {attained[stage]}"
    assert matching.objective is not None and units(matching.objective) == attained["total"]
    if matching.bound is not None:
        assert units(matching.bound) >= attained["total"]
    if status is mp.Status.OPTIMAL:
        assert set(values) == set(stages)
        assert matching.bound is not None and matching.gap == 0 and units(matching.bound) == attained["total"]
    if not exhaustive:
        return
    everything = all_values(cohort, programme, encoder)
    assert everything, "the solver returned a matching, but brute force finds none"
    if status is mp.Status.OPTIMAL:
        best = max(tuple(v[s] for s in stages) for v in everything)
        assert tuple(values[s] for s in stages) == tuple(0 if b == EMPTY else b for b in best), (values, best)
    if matching.bound is not None and stages[-1] == "total":
        earlier = [s for s in stages[:-1]]

        def as_good(v: dict[str, int]) -> bool:
            return all(v[s] >= (attained[s] if s != "fairness" or attained["coverage"] else EMPTY) for s in earlier)

        best_total = max((v["total"] for v in everything if as_good(v)), default=None)
        assert best_total is not None and units(matching.bound) >= best_total, (
            f"bound {matching.bound} is below a matching as good on {earlier} with total {best_total}")


def _check_infeasible(matching: mp.Matching, cohort: mp.Cohort, programme: mp.Programme, encoder,  # type: ignore[no-untyped-def]
                      exhaustive: bool) -> None:
    rules = default_requirements(cohort, programme)
    assert rules, "infeasible without any hard requirement"
    warned = " ".join(matching.warnings)
    assert matching.conflicts or "before the conflicting rules were found" in warned, "INFEASIBLE without conflicts"
    if not exhaustive:
        return
    assert not all_values(cohort, programme, encoder), "the solver says infeasible, but brute force found a matching"
    conflict = [requirement_of_label(label, cohort, programme) for label in matching.conflicts]
    assert len(conflict) == len(set(conflict)) and set(conflict) <= set(rules)
    if conflict:
        assert not all_values(cohort, programme, encoder, requirements=conflict)
    if conflict and "every one of them is needed" not in warned:
        for dropped in conflict:
            rest = [r for r in conflict if r != dropped]
            assert all_values(cohort, programme, encoder, requirements=rest), (
                f"conflict set {matching.conflicts} is not minimal: it holds without {dropped}")
    relaxation = [requirement_of_label(label, cohort, programme) for label in matching.relaxation]
    assert set(relaxation) <= set(rules)
    if relaxation:
        assert all_values(cohort, programme, encoder, requirements=[r for r in rules if r not in relaxation])
    if "no fewer would do" not in warned:
        assert relaxation, "no relaxation, and no warning that it is missing"
        distinct = list(dict.fromkeys(rules))
        for size in range(1, min(len(relaxation), 3)):
            for dropped in combinations(distinct, size):
                kept = [r for r in distinct if r not in dropped]
                assert not all_values(cohort, programme, encoder, requirements=kept), (
                    f"dropping {dropped} suffices, but the relaxation drops {matching.relaxation}")
