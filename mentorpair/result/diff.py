"""Two matchings side by side: which pairs are kept, which are new, which are broken, and why.

Read from the two results alone (their pairs, their unmatched and their rules), so a
saved matching compares with a new one as well as two solved ones do; nothing is solved.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import pandas as pd

from ..model.vocab import KIND_PEER
from .words.common import ROLE_WORDS, Language

if TYPE_CHECKING:  # pragma: no cover
    from .matching import MatchingRecord

__all__ = ["DIFF_COLUMNS", "matching_diff", "partners_of", "people_of"]

#: the columns of :func:`matching_diff`, in order
DIFF_COLUMNS = ("change", "kind", "mentor_id", "mentee_id", "score_before", "score_after", "reason")

#: a pair's key: a peer pair is one pair in either order, a mentor's pair has a direction
Key = tuple[str, str, bool]


def _key(mentor: str, mentee: str, kind: str) -> Key:
    peer = kind == KIND_PEER
    first, second = sorted((mentor, mentee)) if peer else (mentor, mentee)
    return first, second, peer


def _rows(record: MatchingRecord) -> dict[Key, tuple[str, str, str, float]]:
    """Each pair by its key: (kind, mentor_id, mentee_id, score), in the record's pair order."""
    frame = record.pairs
    return {_key(str(a), str(b), str(k)): (str(k), str(a), str(b), float(s))
            for k, a, b, s in zip(frame["kind"], frame["mentor_id"], frame["mentee_id"], frame["score"])}


def partners_of(record: MatchingRecord) -> dict[str, frozenset[str]]:
    """Everyone in a pair of ``record`` and whom they are paired with."""
    found: dict[str, set[str]] = {}
    for a, b in zip(record.pairs["mentor_id"].tolist(), record.pairs["mentee_id"].tolist()):
        found.setdefault(str(a), set()).add(str(b))
        found.setdefault(str(b), set()).add(str(a))
    return {pid: frozenset(others) for pid, others in found.items()}


def people_of(record: MatchingRecord) -> frozenset[str]:
    """Everyone the record speaks of: in a pair or unmatched (its cohort)."""
    return frozenset(partners_of(record)) | frozenset(str(p) for p in record.unmatched["participant_id"])


def _fixed(record: MatchingRecord) -> set[Key]:
    if record.programme is None:
        return set()
    # A fixed pair of peers is one in either order; of a mentor, (mentor, mentee).
    return {key for a, b in record.programme.fixed_pairs for key in (_key(a, b, "traditional"), _key(a, b, KIND_PEER))}


def _banned(record: MatchingRecord) -> set[frozenset[str]]:
    return set() if record.programme is None else {frozenset(p) for p in record.programme.exclusions}


def matching_diff(before: MatchingRecord, after: MatchingRecord, language: Language = "en") -> pd.DataFrame:
    """``before``'s pairs against ``after``'s: one row per pair in either, with what changed and why.

    ``change`` is ``"kept"`` (the same two people, a mentor's pair in the same direction),
    ``"broken"`` (in ``before`` only) or ``"new"`` (in ``after`` only). Broken pairs come first
    in ``before``'s pair order, then new and kept pairs in ``after``'s. ``reason`` says, for a
    broken pair, that it was ruled out (an exclusion ``after`` has and ``before`` had not), who
    left the cohort or whom they are with now; for a new pair, that it was
    forced (a fixed pair ``after`` has and ``before`` had not), who joined, or whom they were
    with before; for a kept pair, a change of kind, if any.
    """
    if language not in ("en", "fi"):
        raise ValueError(f"language must be 'en' or 'fi', got {language!r}")
    old, new = _rows(before), _rows(after)
    was, now = partners_of(before), partners_of(after)
    cohort_before, cohort_after = people_of(before), people_of(after)
    forced = _fixed(after) - _fixed(before)
    banned = _banned(after) - _banned(before)
    # The same two people as a mentor's pair and as peers are one pair whose kind changed, as the
    # solver's kept stage counts them (a peer arc keeps an announced pair of the two).
    same_two: dict[Key, Key] = {}
    for key in old:
        if key not in new:
            # Peers (P1, P2) as announced stay kept as P1 mentoring P2, not the other way round: the
            # kept stage keeps an announced pair by a peer arc or its first person giving.
            now_key = next((k for k in new if k not in old and k not in same_two.values() and k[2] != key[2]
                            and frozenset(k[:2]) == frozenset(key[:2])
                            and (not key[2] or new[k][1] == old[key][1])), None)
            if now_key is not None:
                same_two[key] = now_key
    was_key = {v: k for k, v in same_two.items()}
    rows: list[list[object]] = []
    for key, (kind, mentor, mentee, score) in old.items():
        if key not in new and key not in same_two:
            reason = _change_reason(kind, mentor, mentee, now, cohort_after, language, broken=True)
            if frozenset((mentor, mentee)) in banned:
                # Ruled out by the coordinator since: that, not where the two are now, is why it broke.
                ruled = "pair ruled out (exclusions)" if language == "en" else "pari suljettu pois (poissulkemiset)"
                reason = f"{ruled}; {reason}"
            rows.append(["broken", kind, mentor, mentee, score, math.nan, reason])
    for key, (kind, mentor, mentee, score) in new.items():
        if key in old or key in was_key:
            old_kind = old[was_key.get(key, key)][0]
            reason = "" if old_kind == kind else (f"kind {old_kind} -> {kind}" if language == "en"
                                                 else f"muoto {old_kind} -> {kind}")
            rows.append(["kept", kind, mentor, mentee, old[was_key.get(key, key)][3], score, reason])
        elif key in forced:
            rows.append(["new", kind, mentor, mentee, math.nan, score,
                         "pair forced" if language == "en" else "pari kiinnitetty"])
        else:
            rows.append(["new", kind, mentor, mentee, math.nan, score,
                         _change_reason(kind, mentor, mentee, was, cohort_before, language, broken=False)])
    order = {"broken": 0, "new": 1, "kept": 2}
    rows.sort(key=lambda r: order[str(r[0])])  # stable: each part keeps its matching's pair order
    frame = pd.DataFrame(rows, columns=list(DIFF_COLUMNS))
    return frame.astype({"score_before": float, "score_after": float})


def _ends(kind: str, mentor: str, mentee: str, language: Language) -> list[tuple[str, str]]:
    """(role in words, id) of a pair's two people."""
    words = ROLE_WORDS[language]
    if kind == KIND_PEER:
        return [(words["peer"], mentor), (words["peer"], mentee)]
    return [(words["mentee"], mentee), (words["mentor"], mentor)]


# How a broken pair (what its people have now) and a new pair (what they had) are worded, en and fi.
_CHANGE_WORDS = {
    True: {"en": ("left the cohort", "now with", "both now unmatched"),
           "fi": ("lähti kohortista", "on nyt parina:", "kumpikin on nyt ilman paria")},
    False: {"en": ("joined the cohort", "was with", "both were unmatched"),
            "fi": ("tuli kohorttiin", "oli parina:", "kumpikin oli ilman paria")},
}


def _change_reason(kind: str, mentor: str, mentee: str, partners: dict[str, frozenset[str]],
                   cohort: frozenset[str], language: Language, *, broken: bool) -> str:
    """Why a pair broke (``partners``: who each has now; ``cohort``: the later one) or is new
    (``partners``: who each had before; ``cohort``: the earlier one)."""
    gone, with_, nobody = _CHANGE_WORDS[broken][language]
    ends = _ends(kind, mentor, mentee, language)
    said = [f"{role} {pid} {gone}" for role, pid in ends if pid not in cohort]
    said += [f"{role} {pid} {with_} {', '.join(sorted(partners[pid]))}"
             for role, pid in ends if pid in cohort and partners.get(pid)]
    return "; ".join(said) if said else nobody
