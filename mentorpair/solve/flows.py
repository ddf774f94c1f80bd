"""Exact network-flow engines for the bipartite (mentor–mentee) assignment.

Two paths, both exact for every stage order that :class:`~mentorpair.model.programme.Programme`
allows:

- **dense 1:1** (``solve_dense``): one mentee per mentor, stages ``("total",)`` or
  ``("coverage", "total")``: scipy's ``linear_sum_assignment`` on the caller's float
  matrix, so the optimum is exact for the scores as given (no rounding).
- **arcs** (``solve_arcs``): any capacities, any stage order, scores as the integer
  units CP-SAT uses. Coverage and total are OR-Tools min-cost flows; fairness is a
  binary search over the distinct scores, each probe a flow that checks the earlier
  stages keep their optimum when the weaker pairs are switched off.

Coverage counts *people*, as the CP-SAT model does: every matched mentee, and every
mentor with at least one mentee once. A mentor's first unit of capacity is therefore
its own arc out of the source, worth one more person than the others.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model.options import SolveOptions
from ..status import Status
from .levels import highest_level
from .problem import Outcome, StageProof

__all__ = ["Arcs", "Outcome", "FlowUnavailable", "dense_fits", "solve_arcs", "solve_dense"]

_CHUNK = 1 << 22  # arcs handed to OR-Tools per call: bounds the temporary arrays


class FlowUnavailable(Exception):
    """The flow engine cannot solve this instance exactly (cost range too wide for int64)."""


@dataclass(frozen=True)
class Arcs:
    """Allowed mentor→mentee arcs; ``units`` are integer scores to maximise."""

    n_givers: int
    n_receivers: int
    giver: np.ndarray
    receiver: np.ndarray
    units: np.ndarray
    capacity: np.ndarray  # per giver


def dense_fits(stages: Sequence[str], capacity: np.ndarray) -> bool:
    """Whether ``solve_dense`` applies: 1:1 and no stage that needs thresholds or coverage-last."""
    return tuple(stages) in (("total",), ("coverage", "total")) and bool(np.all(capacity == 1))


def solve_dense(matrix: np.ndarray, *, maximize: bool, stages: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns of the lexicographic optimum; NaN marks a pair that is not allowed.

    For ``("total",)`` pairs that lose score are never worth taking, so they (and the
    holes) become 0 and are dropped afterwards. For coverage first, holes are forbidden
    (-inf); when they leave no matching of the smaller side, that side gets as many
    free dummy partners as it must go without, which makes the matching of maximum
    cardinality the only feasible kind and leaves the choice among them to the scores.
    """
    # scipy loads only when this engine runs
    from scipy.optimize import linear_sum_assignment

    holes = np.isnan(matrix)
    any_hole = bool(holes.any())
    if tuple(stages) == ("total",):
        gain = matrix > 0 if maximize else matrix < 0  # NaN compares False
        rows, cols = linear_sum_assignment(np.where(gain, matrix, 0.0), maximize=maximize)
        keep = gain[rows, cols]
        return rows[keep], cols[keep]
    if not any_hole:
        rows, cols = linear_sum_assignment(matrix, maximize=maximize)
        return rows, cols
    forbidden = -np.inf if maximize else np.inf
    filled = np.where(holes, forbidden, matrix)
    del holes
    try:
        rows, cols = linear_sum_assignment(filled, maximize=maximize)
        return rows, cols
    except ValueError:  # scipy: "cost matrix is infeasible" — no matching of the smaller side
        pass
    transposed = filled.shape[0] > filled.shape[1]
    if transposed:
        filled = filled.T
    short = filled.shape[0] - _max_cardinality(np.isfinite(filled))
    padded = np.hstack([filled, np.zeros((filled.shape[0], short))])
    del filled
    rows, cols = linear_sum_assignment(padded, maximize=maximize)
    keep = cols < padded.shape[1] - short
    rows, cols = rows[keep], cols[keep]
    if transposed:
        rows, cols = cols, rows
        order = np.argsort(rows, kind="stable")
        rows, cols = rows[order], cols[order]
    return rows, cols


def _max_cardinality(allowed: np.ndarray) -> int:
    """Size of a maximum matching in the bipartite graph of ``allowed`` (Hopcroft–Karp)."""
    # scipy loads only when this engine runs
    from scipy.sparse import csr_matrix

    # scipy loads only when this engine runs
    from scipy.sparse.csgraph import maximum_bipartite_matching

    match = maximum_bipartite_matching(csr_matrix(allowed), perm_type="column")
    return int(np.count_nonzero(match >= 0))


def solve_arcs(arcs: Arcs, options: SolveOptions) -> Outcome:
    """Solve the stages in order, each optimum kept by the stages after it.

    Raises :class:`FlowUnavailable` when a flow's cost range overflows OR-Tools' int64.
    """
    started = time.perf_counter()
    deadline = None if options.time_limit is None else started + options.time_limit
    stages = tuple(options.objective)
    everything = np.ones(len(arcs.units), dtype=bool)
    if "fairness" not in stages:
        chosen = _lexicographic(arcs, everything, stages)
        return _outcome(Status.OPTIMAL, chosen, _values(arcs, chosen, stages), started)
    k = stages.index("fairness")
    prior, rest = stages[:k], tuple(s for s in stages if s != "fairness")
    status = Status.OPTIMAL
    levels = np.unique(arcs.units)
    base = _lexicographic(arcs, everything, prior) if prior else np.zeros(0, np.int64)
    wanted = _values(arcs, base, prior)
    if len(levels) == 0:
        threshold = 0  # CP-SAT's value for a stage with no arc at all
    else:
        # "The weakest pair scores at least t" keeps the earlier optima for every t up to
        # the answer and for none above it, so a binary search over the distinct scores
        # finds it. With no earlier stage nothing is lost, and the best score is the answer.
        lo = int(np.searchsorted(levels, arcs.units[base].min())) if len(base) else 0
        if not prior:
            lo = len(levels) - 1
        lo, proven = highest_level(levels, lo, lambda t: _probe(arcs, arcs.units >= t, prior) == wanted,
                                   out_of_time=lambda: deadline is not None and time.perf_counter() > deadline)
        if not proven:
            status = Status.FEASIBLE
        threshold = int(levels[lo])
    # Stopped by the time limit, the threshold proved so far still holds (as with CP-SAT):
    # the later stages optimise given it, and the status says it is not proven best.
    allowed = arcs.units >= threshold
    # A fairness stage is won by a matching with a pair; with nothing after it, the most pairs.
    chosen = _lexicographic(arcs, allowed, rest or ("coverage",))
    if not len(chosen) and allowed.any():
        # Every pair left would lower the total: the best nonempty matching is the single best pair.
        chosen = np.array([int(np.flatnonzero(allowed)[np.argmax(arcs.units[allowed])])], dtype=np.int64)
    final = _values(arcs, chosen, rest)
    # The weakest pair of the matching returned: the threshold, or above it when the clock stopped the search.
    weakest = int(arcs.units[chosen].min()) if len(chosen) else 0
    values: dict[str, int] = {s: (weakest if s == "fairness" else final[s]) for s in stages}
    return _outcome(status, chosen, values, started)


def _values(arcs: Arcs, chosen: np.ndarray, stages: Sequence[str]) -> dict[str, int]:
    out = {}
    for s in stages:
        if s == "coverage":
            out[s] = len(chosen) + len(np.unique(arcs.giver[chosen]))
        elif s == "total":
            out[s] = int(arcs.units[chosen].sum())
    return out


def _probe(arcs: Arcs, allowed: np.ndarray, prior: Sequence[str]) -> dict[str, int]:
    """The earlier stages' optimum values over the allowed arcs only."""
    if tuple(prior) == ("coverage",) and np.all(arcs.capacity == 1):
        # 1:1 coverage is twice the maximum cardinality: Hopcroft–Karp, no costs needed.
        from scipy.sparse import csr_matrix

        # scipy loads only when this engine runs
        from scipy.sparse.csgraph import maximum_bipartite_matching

        idx = np.flatnonzero(allowed)
        graph = csr_matrix((np.ones(len(idx), dtype=np.int8), (arcs.giver[idx], arcs.receiver[idx])),
                           shape=(arcs.n_givers, arcs.n_receivers))
        match = maximum_bipartite_matching(graph, perm_type="column")
        return {"coverage": 2 * int(np.count_nonzero(match >= 0))}
    return _values(arcs, _lexicographic(arcs, allowed, prior), prior)


def _lexicographic(arcs: Arcs, allowed: np.ndarray, stages: Sequence[str]) -> np.ndarray:
    """Arc indices of a matching optimal for ``stages`` (coverage and total only), in order.

    Both orders become one min-cost flow whose arc costs weigh the first stage so
    heavily that no amount of the second can make up for one unit of it.
    """
    stages = tuple(stages)
    if not stages:
        return np.zeros(0, np.int64)
    units = arcs.units
    several = bool(np.any(arcs.capacity > 1))
    if stages[0] == "coverage":
        idx = np.flatnonzero(allowed)
        reach = _reach(arcs, idx)
        if stages == ("coverage",):
            first, pair = (1 if several else 0), np.zeros(len(idx), np.int64)
        else:
            # Among maximum flows, coverage differs only in how many mentors are used
            # (an augmenting path never empties a mentor), so a first-unit bonus larger
            # than any difference in total ranks mentors used first, then total.
            spread = 2 * reach * int(np.abs(units[idx]).max(initial=0)) + 1
            first, pair = (spread if several else 0), units[idx]
        return _flow(arcs, idx, first, pair, reach, max_flow_first=True)
    # Total first: a pair that loses score is in no optimum, so it is left out.
    keep = allowed & (units > 0 if stages == ("total",) else units >= 0)
    idx = np.flatnonzero(keep)
    reach = _reach(arcs, idx)
    if stages == ("total",):
        return _flow(arcs, idx, 0, units[idx], reach, max_flow_first=False)
    weight = 2 * reach + 1  # more than any difference in coverage (at most 2 per pair)
    return _flow(arcs, idx, 1, weight * units[idx] + 1, reach, max_flow_first=False)


def _reach(arcs: Arcs, idx: np.ndarray) -> int:
    """An upper bound on the number of pairs: neither more mentees nor more mentor places."""
    degree = np.bincount(arcs.giver[idx], minlength=arcs.n_givers)
    places = int(np.minimum(degree, arcs.capacity).sum())
    return min(places, int(np.count_nonzero(np.bincount(arcs.receiver[idx], minlength=arcs.n_receivers))))


def _flow(arcs: Arcs, idx: np.ndarray, first: int, pair: np.ndarray, reach: int, *, max_flow_first: bool) -> np.ndarray:
    """The allowed arcs ``idx`` that carry flow in the lexicographic network of :func:`_lexicographic`."""
    if len(idx) == 0 or reach == 0:
        return np.zeros(0, np.int64)
    used = mentor_mentee_flow(arcs.n_givers, arcs.n_receivers, arcs.giver[idx], arcs.receiver[idx], arcs.capacity,
                              first_place=first, pair=pair, supply=reach, bypass=not max_flow_first,
                              max_flow_first=max_flow_first)
    if used is None:
        raise FlowUnavailable("min-cost flow found no optimum")
    return np.sort(idx[used])


def mentor_mentee_flow(n_givers: int, n_receivers: int, giver: np.ndarray, receiver: np.ndarray,
                       capacity: np.ndarray, *, first_place: int, pair: np.ndarray, supply: int,
                       mentee: int = 0, bypass: bool = True, max_flow_first: bool = False) -> np.ndarray | None:
    """Which pairs carry flow in source → mentor → mentee → sink, gains as negative costs; ``None`` if unsolved.

    Mentor ``g``'s first place earns ``first_place`` and its other
    ``capacity[g] - 1`` places nothing; pair ``i`` (``giver[i]`` to
    ``receiver[i]``) earns ``pair[i]``; a mentee reached earns ``mentee``.
    ``supply`` units leave the source; with ``bypass`` they may go straight to
    the sink, so nobody has to be matched. The one network behind the exact
    flow engine and CP-SAT's first hint.
    """
    # OR-Tools loads only when a model is solved, so importing mentorpair stays light
    from ortools.graph.python import min_cost_flow

    m, n = n_givers, n_receivers
    source, sink = m + n, m + n + 1
    f = min_cost_flow.SimpleMinCostFlow()
    givers = np.arange(m, dtype=np.int64)
    # A first place only where there is a place at all (capacity 0 gives none).
    f.add_arcs_with_capacity_and_unit_cost(np.full(m, source), givers, np.minimum(capacity, 1).astype(np.int64),
                                           np.full(m, -first_place))
    extra = np.flatnonzero(capacity > 1)
    if len(extra):
        f.add_arcs_with_capacity_and_unit_cost(np.full(len(extra), source), extra, capacity[extra] - 1,
                                               np.zeros(len(extra), np.int64))
    start = f.num_arcs()
    for lo in range(0, len(giver), _CHUNK):
        part = slice(lo, lo + _CHUNK)
        count = len(giver[part])
        f.add_arcs_with_capacity_and_unit_cost(giver[part].astype(np.int64), m + receiver[part].astype(np.int64),
                                               np.ones(count, np.int64), -pair[part].astype(np.int64))
    f.add_arcs_with_capacity_and_unit_cost(m + np.arange(n, dtype=np.int64), np.full(n, sink),
                                           np.ones(n, np.int64), np.full(n, -mentee, dtype=np.int64))
    if bypass:
        # A free way round lets every unit of supply skip the pairs that would lose.
        f.add_arc_with_capacity_and_unit_cost(source, sink, supply, 0)
    f.set_nodes_supplies(np.array([source, sink]), np.array([supply, -supply]))
    status = f.solve_max_flow_with_min_cost() if max_flow_first else f.solve()
    if status != f.OPTIMAL:
        return None
    return np.asarray(f.flows(np.arange(start, start + len(giver)))) > 0


def _outcome(status: Status, chosen: np.ndarray, values: dict[str, int], started: float) -> Outcome:
    """The flows' outcome; every stage is exact unless the clock stopped the threshold search."""
    seconds = time.perf_counter() - started
    proof = tuple(StageProof(s, v, float(v) if status is Status.OPTIMAL else None, status is Status.OPTIMAL,
                             "min-cost flow (OR-Tools), threshold search" if s == "fairness" else
                             "min-cost flow (OR-Tools)", seconds if i == len(values) - 1 else None)
                  for i, (s, v) in enumerate(values.items()))
    return Outcome(status, chosen, values, seconds=seconds, proof=proof)
