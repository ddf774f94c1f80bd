"""What pruning may have cost: an upper bound on the total over every allowed arc, by LP pricing.

When :mod:`mentorpair.candidates` leaves arcs out of the CP-SAT model, the
model's optimum is only optimal for the arcs it saw. This module bounds the
best total over *all* allowed arcs with the linear relaxation of the
matching constraints (each person receives at most once; a mentor gives at
most ``capacity`` (or the largest group) times; someone who may play one role
only does ``receives + gives / capacity <= 1``; a peer arc uses both people's
place). Group cohesion is bounded by half of each cohesion term on each of
its two arcs (``x_a x_b <= (x_a + x_b) / 2`` for 0/1 values).

Only the arcs of the model start in the LP; the duals then price every other
allowed arc (reduced cost ``score - duals of its rows``), the ones that could
raise the bound are added, and the LP is solved again, until none can. The
final duals are feasible for the full arc set, so the LP value is a proven
upper bound on the full problem's total (and on its total given the earlier
stages, which only add constraints).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

_Triples = tuple[np.ndarray, np.ndarray, np.ndarray]

__all__ = ["TotalBound", "fairness_upper_bound", "price_total"]

# Reduced costs are in score units (1/10,000); anything below this is float noise.
_TOLERANCE = 1e-6
_MAX_ROUNDS = 50


@dataclass(frozen=True)
class TotalBound:
    """The proven bound, how many arcs pricing brought back, and in how many LP solves."""

    bound: float
    arcs_added: int
    rounds: int
    lp_arcs: int


def price_total(
    *,
    n_people: int,
    giver: np.ndarray,
    receiver: np.ndarray,
    value: np.ndarray,
    mutual: np.ndarray,
    capacity: np.ndarray,
    exclusive: np.ndarray,
    start: np.ndarray,
) -> TotalBound:
    """Upper bound on ``sum(value)`` over any matching of the arcs, starting the LP from ``start``.

    ``value`` is each arc's score plus its cohesion bound; ``capacity`` the
    most arcs a person can give; ``exclusive`` whether they may play only
    one role; ``start`` the positions of the arcs to begin with.
    """
    from scipy.optimize import linprog
    from scipy.sparse import csr_matrix

    rows_of = _rows(n_people, giver, receiver, mutual, capacity, exclusive)
    in_lp = np.zeros(len(giver), dtype=bool)
    in_lp[start] = True
    added = 0
    for rounds in range(1, _MAX_ROUNDS + 1):
        cols = np.flatnonzero(in_lp)
        r, c, v = rows_of(cols)
        matrix = csr_matrix((v, (r, c)), shape=(3 * n_people, len(cols)))
        bounds_b = np.concatenate([np.ones(n_people), capacity.astype(np.float64), np.ones(n_people)])
        result = linprog(-value[cols].astype(np.float64), A_ub=matrix, b_ub=bounds_b, bounds=(0.0, 1.0),
                         method="highs")
        if result.status != 0:
            raise RuntimeError(f"the pricing LP did not solve: {result.message}")
        duals = -np.asarray(result.ineqlin.marginals, dtype=np.float64)
        reduced = _reduced_costs(value, duals, giver, receiver, mutual, capacity, exclusive, n_people)
        reduced[in_lp] = 0.0
        entering = np.flatnonzero(reduced > _TOLERANCE)
        if not len(entering):
            return TotalBound(bound=float(-result.fun), arcs_added=added, rounds=rounds, lp_arcs=int(in_lp.sum()))
        # The most promising first, a bounded batch per round: LPs stay small.
        batch = entering[np.argsort(-reduced[entering], kind="stable")][: max(n_people, 1)]
        in_lp[batch] = True
        added += len(batch)
    raise RuntimeError(f"pricing did not converge in {_MAX_ROUNDS} rounds")


def _rows(n: int, giver: np.ndarray, receiver: np.ndarray, mutual: np.ndarray, capacity: np.ndarray,
          exclusive: np.ndarray) -> Callable[[np.ndarray], _Triples]:
    """Builds the (row, column, coefficient) triples of the constraint matrix for some arcs.

    Rows: ``[0, n)`` receives of p <= 1; ``[n, 2n)`` gives of p <= capacity;
    ``[2n, 3n)`` receives + gives / capacity <= 1, for exclusive people.
    """
    cap = np.maximum(capacity, 1).astype(np.float64)

    def triples(cols: np.ndarray) -> _Triples:
        g, rcv, peer = giver[cols], receiver[cols], mutual[cols]
        local = np.arange(len(cols))
        parts_r = [rcv, g[peer], n + g[~peer]]
        parts_c = [local, local[peer], local[~peer]]
        parts_v = [np.ones(len(cols)), np.ones(int(peer.sum())), np.ones(int((~peer).sum()))]
        ex_r = exclusive[rcv]
        parts_r.append(2 * n + rcv[ex_r])
        parts_c.append(local[ex_r])
        parts_v.append(np.ones(int(ex_r.sum())))
        ex_g = exclusive[g]
        parts_r.append(2 * n + g[ex_g])
        parts_c.append(local[ex_g])
        parts_v.append(np.where(peer[ex_g], 1.0, 1.0 / cap[g[ex_g]]))
        return np.concatenate(parts_r), np.concatenate(parts_c), np.concatenate(parts_v)

    return triples


def _reduced_costs(value: np.ndarray, duals: np.ndarray, giver: np.ndarray, receiver: np.ndarray,
                   mutual: np.ndarray, capacity: np.ndarray, exclusive: np.ndarray, n: int) -> np.ndarray:
    receive, give, single = duals[:n], duals[n:2 * n], duals[2 * n:]
    cap = np.maximum(capacity, 1).astype(np.float64)
    g, r = giver, receiver
    price = receive[r] + np.where(exclusive[r], single[r], 0.0)
    giver_price = np.where(mutual, receive[g] + np.where(exclusive[g], single[g], 0.0),
                           give[g] + np.where(exclusive[g], single[g] / cap[g], 0.0))
    return np.asarray(value - price - giver_price, dtype=np.float64)


def fairness_upper_bound(
    *,
    n_people: int,
    giver: np.ndarray,
    receiver: np.ndarray,
    score: np.ndarray,
    mutual: np.ndarray,
    slots: np.ndarray,
    must_receive: np.ndarray,
    must_give: np.ndarray,
    floor: int,
) -> int:
    """Largest weakest-pair score any matching covering everyone could have, by necessary conditions.

    A matching that covers everyone with pairs scoring at least ``t`` must
    (1) give every person a pair scoring ``>= t``; (2) place every person who
    can only be a mentee (``must_receive``) in a distinct mentor slot
    (``slots[p]``: capacity or largest group) over such pairs; (3) give every
    person who can only be a mentor (``must_give``) a distinct mentee over
    them. Each is a bipartite matching (Hopcroft-Karp); the thresholds are
    searched by bisection from ``floor``, a value known to be achievable.
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import maximum_bipartite_matching

    individual = ~mutual
    slot_start = np.concatenate([[0], np.cumsum(slots)])
    need_in, need_out = np.flatnonzero(must_receive), np.flatnonzero(must_give)
    ends = np.concatenate([giver, receiver])

    def possible(t: int) -> bool:
        keep = score >= t
        covered = np.zeros(n_people, dtype=bool)
        covered[ends[np.concatenate([keep, keep])]] = True
        if not covered[need_in].all() or not covered[need_out].all():
            return False
        arcs = np.flatnonzero(keep & individual & must_receive[receiver])
        if len(need_in):
            # Rows: the mentee-only people; columns: every mentor slot.
            row = np.searchsorted(need_in, receiver[arcs])
            width = slots[giver[arcs]]
            rows = np.repeat(row, width)
            cols = np.repeat(slot_start[giver[arcs]], width) + _ranges(width)
            graph = csr_matrix((np.ones(len(rows), np.int8), (rows, cols)), shape=(len(need_in), int(slot_start[-1])))
            if int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum()) < len(need_in):
                return False
        if len(need_out):
            arcs = np.flatnonzero(keep & individual & must_give[giver])
            row = np.searchsorted(need_out, giver[arcs])
            graph = csr_matrix((np.ones(len(arcs), np.int8), (row, receiver[arcs])), shape=(len(need_out), n_people))
            if int((maximum_bipartite_matching(graph, perm_type="column") >= 0).sum()) < len(need_out):
                return False
        return True

    levels = np.unique(score[score >= floor])
    lo, hi = 0, len(levels) - 1  # levels[lo] is achievable
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if possible(int(levels[mid])):
            lo = mid
        else:
            hi = mid - 1
    return int(levels[lo]) if len(levels) else floor


def _ranges(width: np.ndarray) -> np.ndarray:
    """``[0..w0), [0..w1), ...`` concatenated."""
    starts = np.repeat(np.cumsum(width) - width, width)
    return np.asarray(np.arange(int(width.sum())) - starts, dtype=np.int64)
