"""The methods compared, each as ``fn(instance, options) -> Outcome`` with its own clock.

A method's ``seconds`` run from the score matrix in memory to the chosen pairs,
including the conversion into the method's own input format (a DataFrame, a
graph, preference lists); ``prep_seconds`` says how much of it that conversion
took. Imports and one-off probes happen before the clock starts.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .instances import Instance


@dataclass
class Outcome:
    pairs: list[tuple[int, int]]  # (row, col); peers: the two people
    seconds: float
    status: str
    objective: float | None = None  # the method's own figure, original units
    bound: float | None = None
    gap: float | None = None
    prep_seconds: float | None = None
    rss_before_mb: float | None = None
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def rss_mb() -> float:
    """Current resident memory of this process (Linux; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as f:
            import os

            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    except OSError:
        return 0.0


class Clock:
    def __init__(self) -> None:
        self.rss_before = rss_mb()
        self.start = time.perf_counter()
        self.prep_end: float | None = None

    def prepared(self) -> None:
        self.prep_end = time.perf_counter()

    def done(self, pairs: list[tuple[int, int]], status: str, **kw: Any) -> Outcome:
        end = time.perf_counter()
        prep = None if self.prep_end is None else self.prep_end - self.start
        return Outcome(pairs=pairs, seconds=end - self.start, status=status, prep_seconds=prep,
                       rss_before_mb=self.rss_before, **kw)


def _integral(w: np.ndarray) -> bool:
    return bool(np.all(np.mod(w, 1) == 0))


def _positive_costs(inst: Instance, w: np.ndarray) -> np.ndarray:
    """Costs >= 1 whose minimum-cost full matching is the instance's best full matching."""
    low, high = float(w.min()), float(w.max())
    return np.asarray(w - low + 1.0 if inst.minimize else high - w + 1.0, dtype=np.float64)


# --- mentorpair ------------------------------------------------------------------------------


def _matrix_supported(peer: bool) -> bool:
    """Does this mentorpair accept a 2-D numpy array (the form being added)? Probed on a tiny case."""
    import mentorpair as mp

    fn = mp.pair_peers if peer else mp.assign
    probe = np.array([[np.nan, 1.0], [1.0, np.nan]]) if peer else np.array([[1.0, 2.0], [3.0, 4.0]])
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            matching = fn(probe)
        return len(matching.pairs) in (1, 2)
    except Exception:  # noqa: BLE001 - any refusal means: use the DataFrame form
        return False


def mentorpair(inst: Instance, opts: dict[str, Any]) -> Outcome:
    import pandas as pd

    import mentorpair as mp

    use_matrix = inst.dense is not None and _matrix_supported(inst.peer)
    kwargs: dict[str, Any] = {"time_limit": opts.get("time_limit"), "minimize": inst.minimize}
    if opts.get("objective"):
        kwargs["objective"] = tuple(opts["objective"])
    clock = Clock()
    if use_matrix:
        data: Any = inst.dense
    else:
        r, c, w = inst.arcs()
        if inst.peer:
            data = pd.DataFrame({"a": np.char.add("P", r.astype(str)), "b": np.char.add("P", c.astype(str)),
                                 "score": w})
        else:
            data = pd.DataFrame({"mentor_id": np.char.add("M", r.astype(str)),
                                 "mentee_id": np.char.add("E", c.astype(str)), "score": w})
    clock.prepared()
    if inst.peer:
        matching = mp.pair_peers(data, **kwargs)
    else:
        matching = mp.assign(data, capacity=inst.capacity, **kwargs)
    a = [int(x[1:]) for x in matching.pairs["mentor_id"]]
    b = [int(x[1:]) for x in matching.pairs["mentee_id"]]
    pairs = [(min(i, j), max(i, j)) for i, j in zip(a, b)] if inst.peer else list(zip(a, b))
    out = clock.done(pairs, str(matching.status), objective=matching.objective, bound=matching.bound,
                     gap=matching.gap)
    out.notes.append("input: numpy matrix" if use_matrix else "input: edges DataFrame")
    out.extra["solver_seconds"] = round(matching.seconds, 3)
    return out


# --- scipy -----------------------------------------------------------------------------------


def scipy_lsa(inst: Instance, opts: dict[str, Any]) -> Outcome:
    from scipy.optimize import linear_sum_assignment

    clock = Clock()
    if inst.dense is not None:
        matrix = inst.dense
    else:
        matrix = np.full((inst.n_rows, inst.n_cols), np.nan)
        matrix[inst.rows, inst.cols] = inst.weights
    if np.isnan(matrix).any():
        matrix = np.where(np.isnan(matrix), np.inf if inst.minimize else -np.inf, matrix)
    if inst.capacity > 1:  # one row per mentor seat
        matrix = np.repeat(matrix, inst.capacity, axis=0)
    clock.prepared()
    rows, cols = linear_sum_assignment(matrix, maximize=not inst.minimize)
    pairs = list(zip((rows // inst.capacity).tolist(), cols.tolist()))
    total = float(matrix[rows, cols].sum())
    return clock.done(pairs, "OPTIMAL", objective=total, bound=total, gap=0.0)


def scipy_sparse(inst: Instance, opts: dict[str, Any]) -> Outcome:
    """min_weight_full_bipartite_matching needs a matching that covers the smaller side.

    Scores become positive costs (max - score + 1, or cost - min + 1) because the
    sparse format drops explicit zeros; with every full matching of the same size,
    the cheapest one under these costs is the best one under the scores.
    """
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    clock = Clock()
    r, c, w = inst.arcs()
    cost = _positive_costs(inst, w)
    if inst.capacity > 1:
        k = inst.capacity
        r = (r[:, None] * k + np.arange(k)[None, :]).ravel()
        c = np.repeat(c, k)
        cost = np.repeat(cost, k)
    graph = csr_matrix((cost, (r, c)), shape=(inst.n_rows * inst.capacity, inst.n_cols))
    clock.prepared()
    rows, cols = min_weight_full_bipartite_matching(graph)
    pairs = list(zip((rows // inst.capacity).tolist(), cols.tolist()))
    return clock.done(pairs, "OPTIMAL")


# --- OR-Tools min-cost flow -------------------------------------------------------------------


def ortools_mcf(inst: Instance, opts: dict[str, Any]) -> Outcome:
    """source -> mentor (capacity) -> mentee (1) -> sink; costs -round(score * 10^4) (ORLib: the costs)."""
    from ortools.graph.python import min_cost_flow

    clock = Clock()
    r, c, w = inst.arcs()
    if inst.minimize:
        unit = w.astype(np.int64) if _integral(w) else np.rint(w * 1e4).astype(np.int64)
    else:
        unit = -np.rint(w * 1e4).astype(np.int64)
    n_r, n_c = inst.n_rows, inst.n_cols
    source, sink = n_r + n_c, n_r + n_c + 1
    flow = min_cost_flow.SimpleMinCostFlow()
    flow.add_arcs_with_capacity_and_unit_cost(np.full(n_r, source), np.arange(n_r), np.full(n_r, inst.capacity),
                                              np.zeros(n_r, dtype=np.int64))
    middle = flow.add_arcs_with_capacity_and_unit_cost(r, n_r + c, np.ones(len(r), dtype=np.int64), unit)
    flow.add_arcs_with_capacity_and_unit_cost(n_r + np.arange(n_c), np.full(n_c, sink), np.ones(n_c, dtype=np.int64),
                                              np.zeros(n_c, dtype=np.int64))
    supply = min(n_r * inst.capacity, n_c)
    flow.set_node_supply(source, supply)
    flow.set_node_supply(sink, -supply)
    clock.prepared()
    status = flow.solve_max_flow_with_min_cost()
    used = np.flatnonzero(flow.flows(middle) > 0)
    pairs = list(zip(r[used].tolist(), c[used].tolist()))
    name = getattr(status, "name", str(status))
    return clock.done(pairs, "OPTIMAL" if name == "OPTIMAL" else name)


# --- networkx --------------------------------------------------------------------------------


def networkx_matching(inst: Instance, opts: dict[str, Any]) -> Outcome:
    """max_weight_matching on a general graph (bipartite: mentors, one node per seat, and mentees).

    ``maxcardinality`` follows the comparison: True where the methods first match as
    many as possible (synthetic, OR-Library: costs become max - cost + 1), False for the
    weighted-matching instances, whose published answers are maximum-weight matchings.
    """
    import networkx as nx

    maxcard = bool(opts.get("maxcardinality", True))
    clock = Clock()
    r, c, w = inst.arcs()
    weight = (w.max() - w + 1.0) if inst.minimize else w  # costs become positive weights
    graph = nx.Graph()
    if inst.peer:
        graph.add_nodes_from(range(inst.n_rows))
        graph.add_weighted_edges_from(zip(r.tolist(), c.tolist(), weight.tolist()))
    else:
        k = inst.capacity
        for seat in range(k):
            graph.add_weighted_edges_from(zip((("m", seat, i) for i in r.tolist()), (("e", j) for j in c.tolist()),
                                              weight.tolist()))
    clock.prepared()
    matched = nx.max_weight_matching(graph, maxcardinality=maxcard)
    pairs = []
    for u, v in matched:
        if inst.peer:
            pairs.append((min(u, v), max(u, v)))
        else:
            mentor, mentee = (u, v) if u[0] == "m" else (v, u)
            pairs.append((mentor[2], mentee[1]))
    return clock.done(pairs, "OPTIMAL")


# --- greedy ----------------------------------------------------------------------------------


def greedy(inst: Instance, opts: dict[str, Any]) -> Outcome:
    """Best pair first (ties by position), taken when both sides have room."""
    clock = Clock()
    if inst.dense is not None and not inst.peer and not np.isnan(inst.dense).any():
        # Sort the flat matrix directly: no index arrays for all pairs.
        flat = inst.dense.ravel()
        order = np.argsort(flat if inst.minimize else -flat, kind="stable")
        width = inst.n_cols
        rows_of: Callable[[np.ndarray], np.ndarray] = lambda idx: idx // width
        cols_of: Callable[[np.ndarray], np.ndarray] = lambda idx: idx % width
    else:
        r, c, w = inst.arcs()
        order = np.argsort(w if inst.minimize else -w, kind="stable")
        rows_of = lambda idx: r[idx]
        cols_of = lambda idx: c[idx]
    clock.prepared()
    pairs: list[tuple[int, int]] = []
    if inst.peer:
        free = np.ones(inst.n_rows, dtype=bool)
        room_r, room_c = free, free
    else:
        room_r = np.full(inst.n_rows, inst.capacity, dtype=np.int64)
        room_c = np.ones(inst.n_cols, dtype=bool)
    left = inst.n_rows if inst.peer else min(inst.n_rows * inst.capacity, inst.n_cols)
    start, chunk = 0, max(1024, 4 * max(inst.n_rows, inst.n_cols))
    while start < len(order) and left > (1 if inst.peer else 0):
        idx = order[start : start + chunk]
        start += len(idx)
        rr, cc = rows_of(idx), cols_of(idx)
        # Most pairs are ruled out once their people are taken; filter them in bulk first.
        keep = (room_r[rr] > 0) & (room_c[cc] > 0)
        for i, j in zip(rr[keep].tolist(), cc[keep].tolist()):
            if inst.peer:
                if free[i] and free[j]:
                    free[i] = free[j] = False
                    pairs.append((i, j))
                    left -= 2
            elif room_r[i] > 0 and room_c[j]:
                room_r[i] -= 1
                room_c[j] = False
                pairs.append((i, j))
                left -= 1
        chunk *= 2
    return clock.done(pairs, "HEURISTIC")


# --- stable matching (the `matching` package) -------------------------------------------------


def _preferences(inst: Instance) -> tuple[list[list[int]], list[list[int]]]:
    """Each row's and each column's acceptable partners, best first (ties by position)."""
    sign = 1.0 if inst.minimize else -1.0
    if inst.dense is not None:
        m = inst.dense
        row_prefs = []
        for i in range(m.shape[0]):
            order = np.argsort(sign * m[i], kind="stable")
            order = order[~np.isnan(m[i, order])]
            row_prefs.append(order.tolist())
        col_prefs = []
        if not inst.peer:
            for j in range(m.shape[1]):
                order = np.argsort(sign * m[:, j], kind="stable")
                order = order[~np.isnan(m[order, j])]
                col_prefs.append(order.tolist())
        return row_prefs, col_prefs
    r, c, w = inst.arcs()
    row_prefs = [[] for _ in range(inst.n_rows)]
    col_prefs = [[] for _ in range(inst.n_cols)]
    for k in np.argsort(sign * w, kind="stable").tolist():
        row_prefs[r[k]].append(int(c[k]))
        col_prefs[c[k]].append(int(r[k]))
    return row_prefs, col_prefs


def stable(inst: Instance, opts: dict[str, Any]) -> Outcome:
    """Mentee-proposing Gale-Shapley (1:1: StableMarriage; 1:2 or incomplete lists: HospitalResident),
    Irving's StableRoommates for peers; preferences are the score order.

    The game classes of ``matching`` deep-copy their players recursively, which overflows
    the stack near 1,000 players, so this builds the players and calls the package's
    algorithm functions (``matching.algorithms``) directly.
    """
    from matching import Player
    from matching.algorithms import hospital_resident, stable_marriage, stable_roommates
    from matching.players import Hospital

    clock = Clock()
    row_prefs, col_prefs = _preferences(inst)
    notes: list[str] = []
    if inst.peer:
        people = [Player(f"P{i}") for i in range(inst.n_rows)]
        for i, prefs in enumerate(row_prefs):
            people[i].set_prefs([people[j] for j in prefs])
        clock.prepared()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            result = stable_roommates(people)
        if caught:
            notes.append("no stable matching exists; partial result")
        pairs = sorted({(min(int(p.name[1:]), int(q.name[1:])), max(int(p.name[1:]), int(q.name[1:])))
                        for p, q in result.items() if q is not None})
        algorithm = "matching.StableRoommates"
    else:
        complete = inst.dense is not None and not np.isnan(inst.dense).any()
        if inst.capacity == 1 and complete:
            mentors = [Player(f"M{i}") for i in range(inst.n_rows)]
            mentees = [Player(f"E{j}") for j in range(inst.n_cols)]
            algorithm = "matching.StableMarriage"
        else:
            mentors = [Hospital(f"M{i}", inst.capacity) for i in range(inst.n_rows)]
            mentees = [Player(f"E{j}") for j in range(inst.n_cols)]
            algorithm = "matching.HospitalResident"
        for i, prefs in enumerate(row_prefs):
            mentors[i].set_prefs([mentees[j] for j in prefs])
        for j, prefs in enumerate(col_prefs):
            mentees[j].set_prefs([mentors[i] for i in prefs])
        clock.prepared()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if algorithm == "matching.StableMarriage":
                result = stable_marriage(mentees, mentors)  # mentee-proposing; keys are mentees
                pairs = [(int(m.name[1:]), int(e.name[1:])) for e, m in result.items() if m is not None]
            else:
                result = hospital_resident(mentees, mentors)  # resident (mentee) optimal
                pairs = [(int(m.name[1:]), int(e.name[1:])) for m, es in result.items() for e in es]
    out = clock.done(sorted(pairs), "HEURISTIC", notes=notes)
    out.extra["algorithm"] = algorithm
    return out


METHODS: dict[str, Callable[[Instance, dict[str, Any]], Outcome]] = {
    "mentorpair": mentorpair,
    "scipy.lsa": scipy_lsa,
    "scipy.sparse": scipy_sparse,
    "ortools.mcf": ortools_mcf,
    "networkx": networkx_matching,
    "greedy": greedy,
    "stable": stable,
}

LABELS = {
    "mentorpair": "mentorpair",
    "scipy.lsa": "scipy linear_sum_assignment",
    "scipy.sparse": "scipy min_weight_full_bipartite_matching",
    "ortools.mcf": "OR-Tools SimpleMinCostFlow",
    "networkx": "networkx max_weight_matching",
    "greedy": "greedy",
    "stable": "stable matching (matching)",
}

EXACT = ("scipy.lsa", "scipy.sparse", "ortools.mcf", "networkx")
BIPARTITE_ONLY = ("scipy.lsa", "scipy.sparse", "ortools.mcf")
