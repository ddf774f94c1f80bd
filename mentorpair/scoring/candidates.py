"""Which allowed arcs go into the CP-SAT model when the cohort is large.

Every allowed arc is kept while the model is small. Beyond that, each person
keeps the ``k`` best arcs on each side they can play (as receiver, as giver,
as peer), plus every arc a rule needs: fixed pairs, wishes (they may be hard),
kept pairs, and all group arcs (already limited to each mentor's ``group_candidates``).
What pruning may have cost is priced afterwards (:mod:`mentorpair.solve.bounds`).

On a cohort too large for a table of every pair, :func:`select_pairs` finds
the same best pairs block by block (:class:`~mentorpair.scoring.scorer.PairScorer`),
and :func:`entering_scan` goes through every pair again, block by block, when
the pricing asks which pairs left out could still raise the bound.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from ..model.programme import Programme
from ..model.vocab import KIND_GROUP, KIND_PEER
from .balance_flags import balance_candidates
from .blocks import DEFAULT_K, scan_pairs, top_k_per
from .scorer import PairScorer
from .table import ScoreTable

__all__ = ["AUTO_PRUNE_ABOVE", "candidate_arcs", "entering_scan"]

#: with at most this many allowed arcs the model takes them all (measured: a
#: 200-person cohort, ~40,000 arcs, solved to OPTIMAL in 56 s; beyond ~350 people
#: the full model neither fits the memory budget's spirit nor finishes)
AUTO_PRUNE_ABOVE = 60_000


def candidate_arcs(table: ScoreTable, programme: Programme, allowed: np.ndarray, k: int | None) -> np.ndarray:
    """The positions (into ``table``, a subset of ``allowed``) the model is built on.

    ``k=None`` decides by size: every allowed arc up to :data:`AUTO_PRUNE_ABOVE`,
    else :data:`DEFAULT_K` per person and side. ``k=0`` keeps every arc.
    """
    if k is None:
        k = 0 if len(allowed) <= AUTO_PRUNE_ABOVE else DEFAULT_K
    if k == 0 or programme.stability_delta is not None:
        # An arc left out could still block (stability_delta): its rule must see every allowed arc.
        return allowed
    giver, receiver = table.giver[allowed], table.receiver[allowed]
    score, kind = table.score[allowed], table.kind[allowed]
    individual = np.flatnonzero((kind != KIND_PEER) & (kind != KIND_GROUP))
    peer = np.flatnonzero(kind == KIND_PEER)
    keep = [
        individual[top_k_per(receiver[individual], score[individual], giver[individual], k)],
        individual[top_k_per(giver[individual], score[individual], receiver[individual], k)],
        # A peer arc is the best of either of its two people.
        peer[top_k_per(giver[peer], score[peer], receiver[peer], k)],
        peer[top_k_per(receiver[peer], score[peer], giver[peer], k)],
        np.flatnonzero(kind == KIND_GROUP),
        np.flatnonzero(table.raw["wish"][allowed] > 0),
        _fixed(table, programme, allowed),
        balance_candidates(table, programme, allowed, k),  # each share's kind of pair and the others
    ]
    return np.asarray(allowed[np.unique(np.concatenate(keep))], dtype=np.int64)


def _fixed(table: ScoreTable, programme: Programme, allowed: np.ndarray) -> np.ndarray:
    """Positions (into ``allowed``) of every arc between two people of a fixed or kept pair."""
    named = programme.named_pairs
    if not named:
        return np.zeros(0, np.int64)
    index = {p.id: i for i, p in enumerate(table.participants)}
    n = len(table.participants)
    wanted = {index[a] * n + index[b] for a, b in named if a in index and b in index}
    wanted |= {(key % n) * n + key // n for key in wanted}
    keys = table.giver[allowed] * n + table.receiver[allowed]
    return np.flatnonzero(np.isin(keys, np.array(sorted(wanted), dtype=np.int64)))


EnteringArcs = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]


def entering_scan(scorer: PairScorer, table: ScoreTable, min_score: int
                  ) -> Callable[[Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]], EnteringArcs]:
    """For the pricing LP: every allowed pair not in ``table`` scoring at least ``min_score``, priced.

    The returned function takes ``reduced(giver, receiver, value, mutual) -> reduced costs``
    and gives ``(giver, receiver, value, mutual)`` of the pairs whose reduced cost is positive.
    """
    n = scorer.n
    in_table = np.unique(np.concatenate([
        table.giver[table.kind != KIND_PEER] * n + table.receiver[table.kind != KIND_PEER],
        (n * n) + table.giver[table.kind == KIND_PEER] * n + table.receiver[table.kind == KIND_PEER],
    ]))

    def scan(reduced: Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]) -> EnteringArcs:
        found: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
        for first, second, score, allowed, peer in scan_pairs(scorer):
            keys = (n * n if peer else 0) + first * n + second
            keep = allowed & (score >= min_score) & ~np.isin(keys, in_table)
            first, second, value = first[keep], second[keep], score[keep].astype(np.float64)
            mutual = np.full(len(first), peer)
            positive = reduced(first, second, value, mutual) > 1e-6
            found.append((first[positive], second[positive], value[positive], mutual[positive]))
        if not found:
            empty = np.zeros(0, np.int64)
            return empty, empty, np.zeros(0), np.zeros(0, bool)
        return (np.concatenate([f[0] for f in found]), np.concatenate([f[1] for f in found]),
                np.concatenate([f[2] for f in found]), np.concatenate([f[3] for f in found]))

    return scan
