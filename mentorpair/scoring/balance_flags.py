"""Which pairs have a balance property, and who is in which subgroup (:mod:`mentorpair.model.balance`).

Read by the solver's balance rules (:mod:`mentorpair.solve.balance_problem`), by the choice of arcs
for a pruned model (:mod:`mentorpair.scoring.candidates`) and by ``Matching.balance``.
:mod:`mentorpair.validate.balance` derives the same on its own.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..model.balance import Share
from ..model.participant import Participant
from ..model.programme import Programme
from ..model.vocab import KIND_GROUP, KIND_PEER, KIND_REVERSE, KIND_TRADITIONAL
from .blocks import top_k_per
from .organisation import organisation_keys
from .table import ScoreTable

__all__ = ["balance_candidates", "pair_flags", "pair_has", "subgroup_labels"]


def subgroup_labels(people: Sequence[Participant], programme: Programme, by: str) -> list[str]:
    """Each person's subgroup: organisation key, or first language (no case); ``""`` is none."""
    if by == "organisation":
        return organisation_keys(people, programme)
    return [" ".join(p.languages[0].split()).casefold() if p.languages else "" for p in people]


def pair_has(what: str, kind: str, first: Participant, second: Participant, first_key: str, second_key: str) -> bool:
    """Whether one pair row (``kind``; ``first`` and ``second`` with their organisation keys, as
    :func:`~mentorpair.scoring.organisation.organisation_keys` gives them) has the property ``what``:
    the one-row form of :func:`pair_flags`, for the reports that read a matching's rows."""
    if what in ("peer", "group", "reverse", "traditional"):
        return kind == what
    if what == "wished":
        return second.id in first.wishes or first.id in second.wishes
    return bool(first_key) and bool(second_key) and ((first_key == second_key) == (what == "same_organisation"))


def pair_flags(table: ScoreTable, programme: Programme, arcs: np.ndarray, what: str) -> np.ndarray:
    """Which of ``arcs`` (positions into ``table``) have the property ``what`` (:data:`~mentorpair.model.balance.SHARE_OF`)."""
    giver, receiver, kind = table.giver[arcs], table.receiver[arcs], table.kind[arcs]
    if what in ("peer", "group", "reverse", "traditional"):
        return np.asarray(kind == {"peer": KIND_PEER, "group": KIND_GROUP, "reverse": KIND_REVERSE,
                                   "traditional": KIND_TRADITIONAL}[what], dtype=bool)
    people = table.participants
    if what == "wished":
        named = [set(p.wishes) for p in people]
        return np.array([people[r].id in named[g] or people[g].id in named[r]
                         for g, r in zip(giver.tolist(), receiver.tolist())], dtype=bool)
    keys = np.array(organisation_keys(people, programme), dtype=object)
    known = (keys[giver] != "") & (keys[receiver] != "")
    same = keys[giver] == keys[receiver]
    return np.asarray(known & (same if what == "same_organisation" else ~same), dtype=bool)


def balance_candidates(table: ScoreTable, programme: Programme, allowed: np.ndarray, k: int) -> np.ndarray:
    """Positions (into ``allowed``) a pruned model keeps for the shares: each person's ``k`` best arcs
    with each share's property and their ``k`` best without it, on each side.

    Without them a person's best arcs could all be of one kind (all within their organisation,
    say), and the pruned model could not reach a share the full one can. Group arcs are all kept
    anyway (:func:`~mentorpair.scoring.candidates.candidate_arcs`).
    """
    found = [np.zeros(0, np.int64)]
    giver, receiver, score = table.giver[allowed], table.receiver[allowed], table.score[allowed]
    for what in sorted({rule.what for rule in programme.balance if isinstance(rule, Share)}):
        flag = pair_flags(table, programme, allowed, what)
        for part in (np.flatnonzero(flag), np.flatnonzero(~flag)):
            found.append(part[top_k_per(receiver[part], score[part], giver[part], k)])
            found.append(part[top_k_per(giver[part], score[part], receiver[part], k)])
    return np.unique(np.concatenate(found))
