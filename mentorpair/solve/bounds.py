"""What pruning may have cost: an upper bound on the total over every allowed arc, by LP pricing.

When :mod:`mentorpair.scoring.candidates` leaves arcs out of the CP-SAT model, the
model's optimum is only optimal for the arcs it saw. This module bounds the
best total over *all* allowed arcs with the linear relaxation of the
matching constraints (each person receives at most once; a mentor has one
mentoring role, which an individual pair fills by ``1 / capacity`` and a group
arc by ``1 / largest group``; someone who may play one role only does
``receives + role <= 1``; a peer arc uses both people's place). Group cohesion is bounded by half of each cohesion term on each of
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

from .levels import highest_level

_Triples = tuple[np.ndarray, np.ndarray, np.ndarray]

__all__ = ["PairScan", "TotalBound", "fairness_upper_bound", "price_total"]

# Reduced costs are in score units (1/10,000); anything below this is float noise.
_TOLERANCE = 1e-6
_MAX_ROUNDS = 50
# Passes over every pair of a large cohort (each scores all of them again, block by block).
_MAX_SCANS = 2


@dataclass(frozen=True)
class TotalBound:
    """The proven bound, how many arcs pricing brought back, and in how many LP solves."""

    bound: float
    arcs_added: int
    rounds: int
    lp_arcs: int


PairScan = Callable[[Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], np.ndarray]],
                   tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]


def price_total(
    *,
    n_people: int,
    giver: np.ndarray,
    receiver: np.ndarray,
    value: np.ndarray,
    mutual: np.ndarray,
    give_weight: np.ndarray,
    exclusive: np.ndarray,
    start: np.ndarray,
    scan: PairScan | None = None,
    capacity: np.ndarray | None = None,
) -> TotalBound:
    """Upper bound on ``sum(value)`` over any matching of the arcs, starting the LP from ``start``.

    ``value`` is each arc's score plus its cohesion bound; ``give_weight`` the
    share of its giver's one mentoring role an arc takes (``1 / capacity`` for
    an individual pair, ``1 / largest group`` for a group arc: a mentor runs
    pairs or a group, not both); ``exclusive`` whether a person may play one
    role only; ``start`` the positions of the arcs to begin with.

    ``scan``, for cohorts whose arcs are not all in the arrays: given a
    function that prices ``(giver, receiver, value, mutual)``, it returns the
    pairs outside the arrays whose reduced cost is positive
    (:func:`mentorpair.scoring.candidates.entering_scan`); they enter with
    ``give_weight = 1 / capacity[giver]``.
    """
    # scipy loads only when this engine runs
    from scipy.optimize import linprog

    # scipy loads only when this engine runs
    from scipy.sparse import csr_matrix

    arcs = _Arcs(giver, receiver, value.astype(np.float64), mutual, give_weight.astype(np.float64))
    in_lp = np.zeros(len(giver), dtype=bool)
    in_lp[start] = True
    added = scans = 0
    cap = None if capacity is None else np.maximum(capacity, 1).astype(np.float64)
    for rounds in range(1, _MAX_ROUNDS + 1):
        cols = np.flatnonzero(in_lp)
        r, c, v = _rows(n_people, arcs.giver, arcs.receiver, arcs.mutual, arcs.give_weight, exclusive)(cols)
        matrix = csr_matrix((v, (r, c)), shape=(3 * n_people, len(cols)))
        result = linprog(-arcs.value[cols], A_ub=matrix, b_ub=np.ones(3 * n_people), bounds=(0.0, 1.0),
                         method="highs")
        if result.status != 0:
            raise RuntimeError(f"the pricing LP did not solve: {result.message}")
        duals = -np.asarray(result.ineqlin.marginals, dtype=np.float64)
        reduced = _reduced_costs(arcs.value, duals, arcs.giver, arcs.receiver, arcs.mutual, arcs.give_weight,
                                 exclusive, n_people)
        reduced[in_lp] = 0.0
        entering = np.flatnonzero(reduced > _TOLERANCE)
        # By LP duality every dual vector bounds the total: the LP's value plus the positive
        # reduced costs of the arcs outside it (each arc contributes at most once, x <= 1).
        outside = float(reduced[entering].sum())
        if not len(entering) and scan is not None and cap is not None:
            def price(g: np.ndarray, rc: np.ndarray, val: np.ndarray, mut: np.ndarray,
                      duals: np.ndarray = duals, cap: np.ndarray = cap) -> np.ndarray:
                return _reduced_costs(val, duals, g, rc, mut, 1.0 / cap[g], exclusive, n_people)

            g_new, r_new, v_new, m_new = scan(price)
            scans += 1
            if len(g_new):
                gains = price(g_new, r_new, v_new, m_new)
                outside = float(gains.sum())
                if scans >= _MAX_SCANS:
                    return TotalBound(bound=float(-result.fun) + outside, arcs_added=added, rounds=rounds,
                                      lp_arcs=int(in_lp.sum()))
                # The best n_people of them join (the rest are found again if still wanted).
                top = np.argsort(-gains, kind="stable")[: max(n_people, 1)]
                first = len(arcs.giver)
                arcs = arcs.extended(g_new[top], r_new[top], v_new[top], m_new[top], 1.0 / cap[g_new[top]])
                in_lp = np.concatenate([in_lp, np.zeros(len(top), dtype=bool)])
                entering = np.arange(first, first + len(top))
                reduced = np.concatenate([reduced, gains[top]])
        if not len(entering):
            return TotalBound(bound=float(-result.fun), arcs_added=added, rounds=rounds, lp_arcs=int(in_lp.sum()))
        if rounds == _MAX_ROUNDS:
            return TotalBound(bound=float(-result.fun) + outside, arcs_added=added, rounds=rounds,
                              lp_arcs=int(in_lp.sum()))
        # The most promising first, a bounded batch per round: LPs stay small.
        batch = entering[np.argsort(-reduced[entering], kind="stable")][: max(n_people, 1)]
        in_lp[batch] = True
        added += len(batch)
    raise AssertionError("unreachable: the last round returns")


@dataclass(frozen=True)
class _Arcs:
    giver: np.ndarray
    receiver: np.ndarray
    value: np.ndarray
    mutual: np.ndarray
    give_weight: np.ndarray

    def extended(self, giver: np.ndarray, receiver: np.ndarray, value: np.ndarray, mutual: np.ndarray,
                 give_weight: np.ndarray) -> _Arcs:
        return _Arcs(np.concatenate([self.giver, giver]), np.concatenate([self.receiver, receiver]),
                     np.concatenate([self.value, value]), np.concatenate([self.mutual, mutual]),
                     np.concatenate([self.give_weight, give_weight]))


def _rows(n: int, giver: np.ndarray, receiver: np.ndarray, mutual: np.ndarray, give_weight: np.ndarray,
          exclusive: np.ndarray) -> Callable[[np.ndarray], _Triples]:
    """Builds the (row, column, coefficient) triples of the constraint matrix for some arcs.

    Rows, each ``<= 1``: ``[0, n)`` p receives (a peer arc at both ends);
    ``[n, 2n)`` p's mentoring role (``give_weight`` per arc given);
    ``[2n, 3n)`` both together, for people who may play one role only.
    """

    def triples(cols: np.ndarray) -> _Triples:
        g, rcv, peer, w = giver[cols], receiver[cols], mutual[cols], give_weight[cols]
        local = np.arange(len(cols))
        giver_row = np.where(peer, g, n + g)
        giver_coef = np.where(peer, 1.0, w)
        ex_r, ex_g = exclusive[rcv], exclusive[g]
        rows = [rcv, giver_row, 2 * n + rcv[ex_r], 2 * n + g[ex_g]]
        columns = [local, local, local[ex_r], local[ex_g]]
        coefs = [np.ones(len(cols)), giver_coef, np.ones(int(ex_r.sum())), giver_coef[ex_g]]
        return np.concatenate(rows), np.concatenate(columns), np.concatenate(coefs)

    return triples


def _reduced_costs(value: np.ndarray, duals: np.ndarray, giver: np.ndarray, receiver: np.ndarray,
                   mutual: np.ndarray, give_weight: np.ndarray, exclusive: np.ndarray, n: int) -> np.ndarray:
    receive, role, single = duals[:n], duals[n:2 * n], duals[2 * n:]
    g, r = giver, receiver
    price = receive[r] + np.where(exclusive[r], single[r], 0.0)
    giver_price = np.where(mutual, receive[g] + np.where(exclusive[g], single[g], 0.0),
                           give_weight * (role[g] + np.where(exclusive[g], single[g], 0.0)))
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
    # scipy loads only when this engine runs
    from scipy.sparse import csr_matrix

    # scipy loads only when this engine runs
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
    if not len(levels):
        return floor
    lo, _ = highest_level(levels, 0, possible)  # levels[0] is achievable
    return int(levels[lo])


def _ranges(width: np.ndarray) -> np.ndarray:
    """``[0..w0), [0..w1), ...`` concatenated."""
    starts = np.repeat(np.cumsum(width) - width, width)
    return np.asarray(np.arange(int(width.sum())) - starts, dtype=np.int64)
