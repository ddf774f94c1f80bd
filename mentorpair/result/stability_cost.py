"""What ``Programme.stability_delta`` cost: the matching with the rule against the one without it.

The issue asks that the cost of forbidding blocking pairs be reported. The one
honest measure is a second solve of the same programme without the rule, over
the same score table (:func:`mentorpair.pipeline.solve_scored` runs it): the
difference in people matched, in the weakest pair and in the total is then what
the rule cost, and the blocking pairs that matching has are what it bought.
It is said in ``Matching.warnings`` (so in the summary), and each person left
out with the rule but paired without it says so in their reason and explanation.
"""

from __future__ import annotations

from dataclasses import replace

from ..status import Status
from .explain import unmatched_reason
from .matching import Matching

__all__ = ["stability_cost_note", "with_stability_cost"]


def _facts(matching: Matching) -> tuple[int, float | None, float]:
    pairs = matching.pairs
    matched = len(set(pairs["mentor_id"]) | set(pairs["mentee_id"]))
    return matched, (None if pairs.empty else float(pairs["score"].min())), float(pairs["score"].sum())


def stability_cost_note(stable: Matching, free: Matching) -> str:
    """The warning line: what the matching with the rule has, and what the same programme has without it."""
    assert stable.programme is not None and stable.programme.stability_delta is not None
    delta = float(stable.programme.stability_delta)
    n = len(stable.matched_ids) + len(stable.unmatched)
    matched, weakest, total = _facts(stable)
    if not free.status.has_solution:
        return (f"stability_delta {delta:g}: no two people who are not paired together would both gain more than "
                f"{delta:g} from each other; without the rule the solver found no matching ({free.status}) to "
                "compare with")
    f_matched, f_weakest, f_total = _facts(free)
    blocking = len(free.blocking_pairs(delta))

    def score(value: float | None) -> str:
        return "-" if value is None else f"{value:.4f}"

    unproven = "" if free.status is Status.OPTIMAL else f" (that solve {free.status}, not proven best)"
    return (f"stability_delta {delta:g}: no two people who are not paired together would both gain more than "
            f"{delta:g} from each other; the same rules without it (solved again{unproven}) match {f_matched} of "
            f"{n} (here {matched}), weakest pair {score(f_weakest)} (here {score(weakest)}), total "
            f"{f_total:.4f} (here {total:.4f}), with {blocking} blocking "
            f"pair{'s' if blocking != 1 else ''} at {delta:g}")


def with_stability_cost(stable: Matching, free: Matching) -> Matching:
    """``stable`` with the cost note in its warnings, and the people it leaves out whom ``free`` pairs said so."""
    note = stability_cost_note(stable, free)
    cohort = stable._cohort
    if cohort is None or not free.status.has_solution or stable.unmatched.empty:
        return replace(stable, warnings=(*stable.warnings, note))
    partners: dict[str, list[str]] = {}
    for a, b in free.id_pairs:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    facts = dict(stable._unmatched_facts)
    for pid in stable.unmatched["participant_id"]:
        if pid in partners and pid in facts:
            facts[pid] = replace(facts[pid], paired_without_stability=tuple(partners[pid]))
    unmatched = stable.unmatched.copy()
    unmatched["reason"] = [unmatched_reason(cohort[pid], facts[pid]) for pid in unmatched["participant_id"]]
    return replace(stable, warnings=(*stable.warnings, note), unmatched=unmatched, _unmatched_facts=facts)
