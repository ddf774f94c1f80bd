"""Which allowed arcs go into the CP-SAT model when the cohort is large.

Every allowed arc is kept while the model is small. Beyond that, each person
keeps the ``k`` best arcs on each side they can play (as receiver, as giver,
as peer), plus every arc a rule needs: fixed pairs, wishes (they may be hard),
and all group arcs (already limited to each mentor's ``group_candidates``).
What pruning may have cost is priced afterwards (:mod:`mentorpair.pricing`).
"""

from __future__ import annotations

import numpy as np

from .models import Programme
from .scoring import KIND_GROUP, KIND_PEER, ScoreTable

__all__ = ["AUTO_PRUNE_ABOVE", "DEFAULT_K", "candidate_arcs", "top_k_per"]

#: with at most this many allowed arcs the model takes them all (measured: a
#: 200-person cohort, ~40,000 arcs, solved to OPTIMAL in 56 s; beyond ~350 people
#: the full model neither fits the memory budget's spirit nor finishes)
AUTO_PRUNE_ABOVE = 60_000
#: arcs kept per person and side when pruning; chosen on the scale benchmark
DEFAULT_K = 10


def top_k_per(owner: np.ndarray, score: np.ndarray, tiebreak: np.ndarray, k: int) -> np.ndarray:
    """Positions of the ``k`` best-scoring entries of each owner (ties: lower ``tiebreak`` first)."""
    if not len(owner):
        return np.zeros(0, np.int64)
    order = np.lexsort((tiebreak, -score, owner))
    sorted_owner = owner[order]
    starts = np.flatnonzero(np.r_[True, sorted_owner[1:] != sorted_owner[:-1]])
    rank = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    return np.sort(order[rank < k]).astype(np.int64)


def candidate_arcs(table: ScoreTable, programme: Programme, allowed: np.ndarray, k: int | None) -> np.ndarray:
    """The positions (into ``table``, a subset of ``allowed``) the model is built on.

    ``k=None`` decides by size: every allowed arc up to :data:`AUTO_PRUNE_ABOVE`,
    else :data:`DEFAULT_K` per person and side. ``k=0`` keeps every arc.
    """
    if k is None:
        k = 0 if len(allowed) <= AUTO_PRUNE_ABOVE else DEFAULT_K
    if k == 0:
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
    ]
    return np.asarray(allowed[np.unique(np.concatenate(keep))], dtype=np.int64)


def _fixed(table: ScoreTable, programme: Programme, allowed: np.ndarray) -> np.ndarray:
    """Positions (into ``allowed``) of every arc between two people of a fixed pair."""
    if not programme.fixed_pairs:
        return np.zeros(0, np.int64)
    index = {p.id: i for i, p in enumerate(table.participants)}
    n = len(table.participants)
    wanted = {index[a] * n + index[b] for a, b in programme.fixed_pairs if a in index and b in index}
    wanted |= {(key % n) * n + key // n for key in wanted}
    keys = table.giver[allowed] * n + table.receiver[allowed]
    return np.flatnonzero(np.isin(keys, np.array(sorted(wanted), dtype=np.int64)))
