"""Each person's best pairs of a cohort too large for a table of every pair, found block by block.

No pair-by-pair array of the whole cohort is ever built: pairs are scored a
block at a time (:data:`BLOCK_PAIRS`) by a :class:`~mentorpair.scoring.scorer.PairScorer`,
and only each person's ``k`` best pairs on each side are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .scorer import PairScorer

__all__ = ["BLOCK_PAIRS", "DEFAULT_K", "SelectedPairs", "scan_pairs", "select_pairs", "top_k_per"]

#: pairs scored at once by the block passes: bounds their memory (~1 KB a pair while scoring)
BLOCK_PAIRS = 250_000


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


@dataclass(frozen=True)
class SelectedPairs:
    """Each person's best pairs, and what the block pass learnt about every pair."""

    individual: tuple[np.ndarray, np.ndarray]  # (giver, receiver)
    peer: tuple[np.ndarray, np.ndarray]  # (a, b), a < b
    reachable: np.ndarray  # person has at least one allowed pair
    best: np.ndarray  # person's best allowed score (int64 min when none)


def _blocks(rows: np.ndarray, columns: int) -> Iterator[np.ndarray]:
    step = max(1, BLOCK_PAIRS // max(columns, 1))
    for start in range(0, len(rows), step):
        yield rows[start:start + step]


def scan_pairs(scorer: PairScorer) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool]]:
    """Every candidate pair of the cohort, block by block: ``(giver, receiver, score, allowed, peer)``."""
    if scorer.individual_forms and len(scorer.receivers):
        for block in _blocks(scorer.givers, len(scorer.receivers)):
            g = np.repeat(block, len(scorer.receivers))
            r = np.tile(scorer.receivers, len(block))
            keep = g != r
            g, r = g[keep], r[keep]
            score, allowed = scorer.individual(g, r)
            yield g, r, score, allowed, False
    if "peer" in scorer.programme.forms and len(scorer.peers) > 1:
        for block in _blocks(scorer.peers, len(scorer.peers)):
            a = np.repeat(block, len(scorer.peers))
            b = np.tile(scorer.peers, len(block))
            keep = a < b  # each unordered pair once, in the block of its first person
            a, b = a[keep], b[keep]
            score, allowed = scorer.peer(a, b)
            yield a, b, score, allowed, True


def select_pairs(scorer: PairScorer, k: int) -> SelectedPairs:
    """Each person's ``k`` best allowed pairs per side, plus wished and fixed pairs, in one block pass."""
    n = scorer.n
    reachable = np.zeros(n, dtype=bool)
    best = np.full(n, np.iinfo(np.int64).min, dtype=np.int64)
    kept: dict[bool, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {False: [], True: []}
    for first, second, score, allowed, peer in scan_pairs(scorer):
        first, second, score = first[allowed], second[allowed], score[allowed]
        reachable[first] = reachable[second] = True
        np.maximum.at(best, first, score)
        np.maximum.at(best, second, score)
        # Best k of each person of the block on either end; merged with the earlier blocks below.
        picks = np.union1d(top_k_per(first, score, second, k), top_k_per(second, score, first, k))
        wished = np.flatnonzero(scorer.arrays.wished(first, second))
        picks = np.union1d(picks, wished)
        kept[peer].append((first[picks], second[picks], score[picks]))
        kept[peer] = [_best_per_person(kept[peer], k, scorer)]
    individual = _pairs_of(kept[False]) + _fixed_pairs(scorer, peer=False)
    peer_pairs = _pairs_of(kept[True]) + _fixed_pairs(scorer, peer=True)
    return SelectedPairs(individual=_unique_pairs(individual), peer=_unique_pairs(peer_pairs),
                         reachable=reachable, best=best)


def _best_per_person(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]], k: int,
                     scorer: PairScorer) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Of the pairs kept so far, those among the k best of either person, and wished ones."""
    first = np.concatenate([p[0] for p in parts])
    second = np.concatenate([p[1] for p in parts])
    score = np.concatenate([p[2] for p in parts])
    _, unique = np.unique(first * scorer.n + second, return_index=True)
    first, second, score = first[unique], second[unique], score[unique]
    picks = np.union1d(top_k_per(first, score, second, k), top_k_per(second, score, first, k))
    picks = np.union1d(picks, np.flatnonzero(scorer.arrays.wished(first, second)))
    return first[picks], second[picks], score[picks]


def _pairs_of(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> list[tuple[np.ndarray, np.ndarray]]:
    return [(p[0], p[1]) for p in parts]


def _fixed_pairs(scorer: PairScorer, *, peer: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """Both orders of every fixed and kept pair (the table decides which exist and what blocks them)."""
    index = {p.id: i for i, p in enumerate(scorer.people)}
    pairs = [(index[a], index[b]) for a, b in scorer.programme.named_pairs if a in index and b in index]
    if not pairs:
        return []
    arr = np.array(pairs, dtype=np.int64)
    if peer:
        lo, hi = arr.min(axis=1), arr.max(axis=1)
        ok = np.isin(lo, scorer.peers) & np.isin(hi, scorer.peers)
        return [(lo[ok], hi[ok])]
    both = np.concatenate([arr, arr[:, ::-1]])
    ok = np.isin(both[:, 0], scorer.givers) & np.isin(both[:, 1], scorer.receivers) & (both[:, 0] != both[:, 1])
    return [(both[ok, 0], both[ok, 1])]


def _unique_pairs(parts: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    first = np.concatenate([p[0] for p in parts]).astype(np.int64)
    second = np.concatenate([p[1] for p in parts]).astype(np.int64)
    order = np.unique(np.stack([first, second], axis=1), axis=0)
    return order[:, 0].copy(), order[:, 1].copy()
