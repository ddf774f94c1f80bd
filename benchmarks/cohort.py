"""Full synthetic cohorts through ``mp.match``: all forms, all rules, real or hashed text vectors.

The embedding time is the time spent inside the encoder's ``encode`` (model
loading included on a cold cache); the solve time is ``Matching.seconds``.
"""

from __future__ import annotations

import inspect
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

# The test suite's fake encoder: solve time measured apart from a real model's encoding time.
from mentorpair.testing import HashEncoder

COHORT_SEED = 1
FORMS: tuple[Any, ...] = ("traditional", "reverse", "group", "peer")


class TimedEncoder:
    """Passes ``encode`` through and adds up the seconds spent in it."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.seconds = 0.0
        self.texts = 0

    @property
    def id(self) -> str:
        return str(self.inner.id)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        started = time.perf_counter()
        try:
            return np.asarray(self.inner.encode(texts))
        finally:
            self.seconds += time.perf_counter() - started
            self.texts += len(texts)


def cohort_and_programme(n: int, time_limit: float | None) -> tuple[Any, Any, list[str]]:
    import mentorpair as mp

    notes = []
    kwargs: dict[str, Any] = {"seed": COHORT_SEED}
    if "forms" in inspect.signature(mp.synthetic_cohort).parameters:
        kwargs["forms"] = FORMS
    else:
        notes.append("synthetic_cohort has no forms= yet (default role mix)")
    cohort = mp.synthetic_cohort(n, **kwargs)
    programme = mp.Programme(forms=FORMS, max_mentees_per_mentor=2, same_organisation="discouraged",
                             time_limit=time_limit)
    return cohort, programme, notes


def run_cohort_case(spec: dict[str, Any], make_record: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    if spec["type"] == "cohort-greedy":
        return _greedy_case(spec, make_record)
    import mentorpair as mp

    from .methods import rss_mb
    from .run import peak_mb

    cohort, programme, notes = cohort_and_programme(spec["n"], spec["time_limit"])
    if spec["encoder"] == "e5":
        from mentorpair.pipeline import default_encoder

        encoder = TimedEncoder(default_encoder())
    else:
        encoder = TimedEncoder(HashEncoder())
    rss_before = rss_mb()
    started = time.perf_counter()
    try:
        matching = mp.match(cohort, programme, encoder=encoder)
    except mp.ModelTooLargeError as exc:
        return make_record(spec, status="refused", note=str(exc), seconds=round(time.perf_counter() - started, 3),
                           peak_mb=round(peak_mb(), 1), embed_seconds=round(encoder.seconds, 3))
    seconds = time.perf_counter() - started
    record = make_record(
        spec, status=str(matching.status), seconds=round(seconds, 3), peak_mb=round(peak_mb(), 1),
        objective=matching.objective, bound=matching.bound, gap=matching.gap, matched=len(matching.matched_ids),
        min_pair_score=matching.weakest_score, total_score=round(float(matching.pairs["score"].sum()), 6),
        embed_seconds=round(encoder.seconds, 3), solve_seconds=round(matching.seconds, 3),
        texts_encoded=encoder.texts, rss_before_mb=round(rss_before, 1),
        pairs=len(matching.pairs), stage_values=matching.stage_values,
    )
    record["other_seconds"] = round(seconds - encoder.seconds - matching.seconds, 3)
    hits = getattr(encoder.inner, "hits", None)
    if hits is not None:
        record["cache_hits"], record["cache_misses"] = hits, getattr(encoder.inner, "misses", None)
    if matching.status.has_solution:
        try:
            problems = mp.validate(matching, cohort, programme)
            record["valid"] = not problems
            if problems:
                notes.append(f"validate: {len(problems)} problems, e.g. {problems[0]}")
        except Exception as exc:  # noqa: BLE001 - a validator failure is a finding, not a crash
            notes.append(f"validate raised {type(exc).__name__}: {exc}"[:300])
    if notes:
        record["note"] = "; ".join(notes)
    return record


def _greedy_case(spec: dict[str, Any], make_record: Callable[..., dict[str, Any]]) -> dict[str, Any]:
    """Greedy over the library's own score table (hash encoder), pair forms only.

    Arcs of kind traditional, reverse and peer that no hard rule blocks, best score
    first; a mentor takes up to their capacity of mentees, everyone else one pair,
    and nobody is both mentor and mentee. Group arcs are left out (a greedy has no
    good way to honour group sizes), so this is a baseline for coverage and the
    weakest pair, not a full solution of the programme.
    """
    import mentorpair as mp
    from mentorpair.model.vocab import SCALE
    from mentorpair.scoring.table import build_score_table

    from .run import peak_mb

    cohort, programme, notes = cohort_and_programme(spec["n"], None)
    try:
        from mentorpair.solve.budget import check_memory

        check_memory(cohort, programme)
    except mp.ModelTooLargeError as exc:
        return make_record(spec, status="refused", note=f"score table refused: {exc}")
    table = build_score_table(cohort, programme, HashEncoder())
    started = time.perf_counter()
    people = table.participants
    capacity = np.array([programme.capacity_of(p) for p in people], dtype=np.int64)
    keep = table.feasible & np.isin(table.kind, ("traditional", "reverse", "peer"))
    arcs = np.flatnonzero(keep)
    order = arcs[np.argsort(-table.score[arcs], kind="stable")]
    giving = np.zeros(len(people), dtype=np.int64)  # mentees taken as a mentor
    taken = np.zeros(len(people), dtype=bool)  # in a pair as mentee or peer
    chosen = []
    for a in order.tolist():
        g, r, kind = int(table.giver[a]), int(table.receiver[a]), table.kind[a]
        if kind == "peer":
            if giving[g] == 0 and giving[r] == 0 and not taken[g] and not taken[r]:
                taken[g] = taken[r] = True
                chosen.append(a)
        elif not taken[g] and giving[r] == 0 and not taken[r] and giving[g] < capacity[g]:
            giving[g] += 1
            taken[r] = True
            chosen.append(a)
    seconds = time.perf_counter() - started
    scores = table.score[chosen] / SCALE if chosen else np.array([])
    matched = int(((giving > 0) | taken).sum())
    notes.append("pair forms only, no groups; scores from the hash encoder, as in the (hash) run")
    return make_record(spec, status="HEURISTIC", seconds=round(seconds, 4), peak_mb=round(peak_mb(), 1),
                       objective=round(float(scores.sum()), 6), matched=matched,
                       min_pair_score=round(float(scores.min()), 6) if len(scores) else None,
                       total_score=round(float(scores.sum()), 6), pairs=len(chosen), note="; ".join(notes))
