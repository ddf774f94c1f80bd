"""Why a person is left out, where a hard share (:class:`~mentorpair.Share` with ``hard=True``) is the reason.

Known without another solve when it holds pair by pair: the person has an allowed counterpart who
is free, and their pair would take the matching's share of that kind past its bound (a pair of
another kind, when the share is at its least; of that kind, when at its most). Only the shares whose
kind two people decide whatever form the pair takes (the organisations, the wishes) are said so: a
form (peer, reverse, group) depends on the pair the solver would have made. The words come with the
rest of the reason (:func:`~mentorpair.result.explain.unmatched_reason`), in English and Finnish
(:func:`mentorpair.result.balance.held_out_text`).
"""

from __future__ import annotations

from dataclasses import replace

from ..model.balance import Share, fraction_of
from ..scoring.balance_flags import pair_has
from ..scoring.organisation import organisation_key_of
from .explain import unmatched_reason
from .matching import Matching

__all__ = ["with_balance_reasons"]

_PAIR_DECIDES = ("cross_organisation", "same_organisation", "wished")


def with_balance_reasons(matching: Matching) -> Matching:
    """``matching`` with each person a hard share keeps out saying so in their reason."""
    programme, cohort = matching.programme, matching._cohort
    if programme is None or cohort is None or matching.unmatched.empty or not matching.status.has_solution:
        return matching
    shares = [r for r in programme.balance if isinstance(r, Share) and r.hard and r.what in _PAIR_DECIDES]
    if not shares:
        return matching
    keys = {p.id: organisation_key_of(p, programme) for p in cohort}

    def has(what: str, a: str, b: str) -> bool:
        # The kind does not matter for the shares read here (_PAIR_DECIDES): the two people decide.
        return pair_has(what, "", cohort[a], cohort[b], keys[a], keys[b])

    rows = matching.id_pairs
    # The rows of each share's kind, counted once (the matching does not change below).
    counts = {rule.what: sum(1 for a, b in rows if has(rule.what, a, b)) for rule in shares}
    facts = dict(matching._unmatched_facts)
    changed = False
    for pid in matching.unmatched["participant_id"]:
        if pid not in facts:
            continue
        held: list[tuple[str, str]] = []
        for other in (o for o, busy in facts[pid].feasible if busy == "free"):
            for rule in shares:
                count = counts[rule.what]
                added = has(rule.what, pid, other)
                # The targets the model holds (fraction_of), exactly.
                low = (rule.at_least is not None and not added
                       and count < fraction_of(rule.at_least) * (len(rows) + 1))
                high = (rule.at_most is not None and added
                        and count + 1 > fraction_of(rule.at_most) * (len(rows) + 1))
                if low or high:
                    held.append((other, rule.label))
                    break
        if held:
            facts[pid] = replace(facts[pid], held_out_by_share=tuple(held))
            changed = True
    if not changed:
        return matching
    unmatched = matching.unmatched.copy()
    unmatched["reason"] = [unmatched_reason(cohort[pid], facts[pid]) for pid in unmatched["participant_id"]]
    return replace(matching, unmatched=unmatched, _unmatched_facts=facts)
