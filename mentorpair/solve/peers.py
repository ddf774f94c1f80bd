"""Peer pairing at scale: solve on a few candidates per person, then prove nothing was lost.

Every person keeps their ``k`` best partners. The fractional matching LP over those
candidates (HiGHS) gives duals ``y``; a pruned pair ``i, j`` could only improve the
optimum if its reduced cost ``s_ij - y_i - y_j`` is positive, so every pruned pair is
scanned (in row blocks, never the whole n × n at once) and the violators are added back
until there are none. The final duals are feasible for the *full* graph, so the LP value
is a proven upper bound on every matching of the full graph.

The LP may be fractional (half-integral on odd cycles); the odd-set inequalities
``x(E(C)) <= (|C| - 1) / 2`` of the fractional odd components are added as cuts. When
an integral solution meets the bound it is optimal. Otherwise an exact solver (Edmonds'
algorithm from networkx on small residuals, CP-SAT on large ones) finishes on the pairs
whose reduced cost is small enough to be in a better matching than the best one known
(reduced-cost fixing, checked against the full graph), which again proves optimality for
the full graph — or the bound and gap are reported.

CP-SAT is not run on the whole candidate graph: measured on 5,000 people with 10
candidates each, it had not proved the coverage stage in 300 s; the LP did both stages in 3 s.

Stages are solved in order; each stage's optimum becomes a constraint of the next
one's LP (its dual enters the reduced cost). Coverage counts pairs here and is turned
into people (two per pair) by the caller.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ..model.options import SolveOptions
from ..status import Status
from .cpsat import solve_staged
from .problem import ArcProblem, Outcome, StageProof

__all__ = ["DenseScores", "EdgeScores", "PeerScores", "solve_peers"]

log = logging.getLogger(__name__)

_BLOCK_CELLS = 1 << 22  # cells of the n × n scores looked at at once (rows × n)
_MAX_ROUNDS = 30  # LP → price → cut rounds per stage
_EPS = 1e-6


class PeerScores(Protocol):
    """Every allowed pair of the full graph, in integer units to maximise."""

    n: int

    def top_k(self, k: int) -> np.ndarray:
        """Keys ``i * n + j`` (``i < j``) of each person's ``k`` best pairs."""
        ...

    def units(self, keys: np.ndarray) -> np.ndarray: ...

    def scan(self, y: np.ndarray, a_cov: float, a_tot: float, threshold: float,
             exclude: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
        """Keys not in ``exclude`` (sorted) with ``a_cov + a_tot * u_ij - y_i - y_j > threshold``,
        at most ``limit`` of them (the largest first), and their values."""
        ...

    def matchable(self) -> int:
        """How many people have at least one allowed pair."""
        ...


@dataclass
class DenseScores:
    """Pairs ``i < j`` of a square matrix's upper triangle; NaN = not allowed."""

    matrix: np.ndarray
    maximize: bool
    scale: int
    n: int = field(init=False)

    def __post_init__(self) -> None:
        self.n = self.matrix.shape[0]

    def _rows(self) -> int:
        return max(1, _BLOCK_CELLS // max(self.n, 1))

    def _units(self, values: np.ndarray) -> np.ndarray:
        signed = values if self.maximize else -values
        return np.asarray(np.rint(signed * self.scale))

    def top_k(self, k: int) -> np.ndarray:
        n, m = self.n, self.matrix
        keys = []
        for r0 in range(0, n, self._rows()):
            r1 = min(n, r0 + self._rows())
            # A person's row of the symmetric scores: the upper triangle to their right,
            # their column above the diagonal to their left.
            j = np.arange(n)
            i = np.arange(r0, r1)[:, None]
            sym = np.where(j > i, m[r0:r1, :], m[:, r0:r1].T)
            units = self._units(sym.astype(np.float64, copy=False))
            units[(j == i) | np.isnan(units)] = -np.inf
            kk = min(k, n - 1)
            if kk <= 0:
                break
            best = np.argpartition(-units, kk - 1, axis=1)[:, :kk]
            ok = np.isfinite(np.take_along_axis(units, best, axis=1))
            rows = np.broadcast_to(i, best.shape)[ok]
            cols = best[ok]
            keys.append(np.minimum(rows, cols) * n + np.maximum(rows, cols))
        return np.unique(np.concatenate(keys)) if keys else np.zeros(0, np.int64)

    def units(self, keys: np.ndarray) -> np.ndarray:
        return np.asarray(self._units(self.matrix[keys // self.n, keys % self.n].astype(np.float64)), dtype=np.int64)

    def scan(self, y: np.ndarray, a_cov: float, a_tot: float, threshold: float,
             exclude: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
        n, found, values = self.n, [], []
        for r0 in range(0, n - 1, self._rows()):
            r1 = min(n - 1, r0 + self._rows())
            # Only columns right of the block's first row can hold pairs i < j.
            block = self._units(self.matrix[r0:r1, r0:].astype(np.float64, copy=False))
            reduced = a_cov + a_tot * block - y[r0:r1, None] - y[None, r0:]
            reduced[np.arange(r0, r1)[:, None] >= np.arange(r0, n)[None, :]] = -np.inf
            rows, cols = np.nonzero(reduced > threshold)  # NaN compares False
            if len(rows):
                keys = (rows + r0) * n + (cols + r0)
                keep = ~_member(keys, exclude)
                found.append(keys[keep])
                values.append(reduced[rows[keep], cols[keep]])
        return _largest(found, values, limit)

    def matchable(self) -> int:
        n, touched = self.n, np.zeros(self.n, dtype=bool)
        for r0 in range(0, n - 1, self._rows()):
            r1 = min(n - 1, r0 + self._rows())
            ok = ~np.isnan(self.matrix[r0:r1, r0:])
            ok &= np.arange(r0, r1)[:, None] < np.arange(r0, n)[None, :]
            touched[r0:r1] |= ok.any(axis=1)
            touched[r0:] |= ok.any(axis=0)
        return int(touched.sum())


@dataclass
class EdgeScores:
    """An explicit list of allowed pairs, with distinct keys ``i * n + j`` (``i < j``)."""

    n: int
    keys: np.ndarray  # sorted
    unit_values: np.ndarray  # aligned with keys

    def top_k(self, k: int) -> np.ndarray:
        i, j = self.keys // self.n, self.keys % self.n
        node = np.concatenate([i, j])
        units = np.concatenate([self.unit_values, self.unit_values])
        edge = np.concatenate([np.arange(len(i)), np.arange(len(i))])
        order = np.lexsort((-units, node))
        node, edge = node[order], edge[order]
        start = np.searchsorted(node, node, side="left")
        rank = np.arange(len(node)) - start
        return np.unique(self.keys[edge[rank < k]])

    def units(self, keys: np.ndarray) -> np.ndarray:
        return self.unit_values[np.searchsorted(self.keys, keys)]

    def scan(self, y: np.ndarray, a_cov: float, a_tot: float, threshold: float,
             exclude: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
        found, values, step = [], [], _BLOCK_CELLS
        for lo in range(0, len(self.keys), step):
            keys = self.keys[lo : lo + step]
            reduced = a_cov + a_tot * self.unit_values[lo : lo + step] - y[keys // self.n] - y[keys % self.n]
            hit = (reduced > threshold) & ~_member(keys, exclude)
            found.append(keys[hit])
            values.append(reduced[hit])
        return _largest(found, values, limit)

    def matchable(self) -> int:
        return len(np.unique(np.concatenate([self.keys // self.n, self.keys % self.n])))


def _member(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return np.asarray(sorted_keys[at] == keys)


def _largest(found: list[np.ndarray], values: list[np.ndarray], limit: int) -> tuple[np.ndarray, np.ndarray]:
    keys = np.concatenate(found) if found else np.zeros(0, np.int64)
    vals = np.concatenate(values) if values else np.zeros(0)
    if len(keys) > limit:
        top = np.argpartition(-vals, limit - 1)[:limit]
        keys, vals = keys[top], vals[top]
    return keys.astype(np.int64), vals


@dataclass
class _LP:
    x: np.ndarray
    y: np.ndarray
    z: np.ndarray
    lam: np.ndarray
    value: float


class _Stage:
    """One stage's LP over the candidate pairs, with the earlier stages' optima as constraints."""

    def __init__(self, scores: PeerScores, stage: str, fixed: Sequence[tuple[str, int]]) -> None:
        self.scores, self.stage, self.fixed = scores, stage, list(fixed)
        self.cuts: list[np.ndarray] = []

    def weights(self, stage: str, keys: np.ndarray, units: np.ndarray) -> np.ndarray:
        return np.ones(len(keys)) if stage == "coverage" else units.astype(np.float64)

    def solve(self, keys: np.ndarray, units: np.ndarray) -> _LP | None:
        # scipy loads only when this engine runs
        from scipy.optimize import linprog

        # scipy loads only when this engine runs
        from scipy.sparse import coo_matrix, vstack

        n, e = self.scores.n, len(keys)
        if e == 0:  # nothing to choose: the empty matching, with zero duals for pricing to start from
            if any(value > 0 for _, value in self.fixed):
                return None
            return _LP(np.zeros(0), np.zeros(n), np.zeros(len(self.cuts)), np.zeros(len(self.fixed)), 0.0)
        i, j = keys // n, keys % n
        cols = np.arange(e)
        blocks = [coo_matrix((np.ones(2 * e), (np.concatenate([i, j]), np.concatenate([cols, cols]))), shape=(n, e))]
        rhs = [np.ones(n)]
        for members in self.cuts:
            inside = np.flatnonzero(_inside(members, n, i, j))
            blocks.append(coo_matrix((np.ones(len(inside)), (np.zeros(len(inside)), inside)), shape=(1, e)))
            rhs.append(np.array([(len(members) - 1) / 2]))
        for stage, value in self.fixed:
            blocks.append(coo_matrix(-self.weights(stage, keys, units)[None, :]))
            rhs.append(np.array([-float(value)]))
        res = linprog(-self.weights(self.stage, keys, units), A_ub=vstack(blocks).tocsr(), b_ub=np.concatenate(rhs),
                      bounds=(0, None), method="highs-ipm")
        if res.status != 0:
            return None
        duals = np.maximum(-np.asarray(res.ineqlin.marginals), 0.0)
        k = len(self.cuts)
        return _LP(np.asarray(res.x), duals[:n], duals[n : n + k], duals[n + k :], -float(res.fun))

    def pricing(self, lp: _LP) -> tuple[float, float]:
        """(a_cov, a_tot): a pair's reduced gain is ``a_cov + a_tot * units - y_i - y_j``."""
        a = {"coverage": 0.0, "total": 0.0}
        a[self.stage] += 1.0
        for (stage, _), lam in zip(self.fixed, lp.lam):
            a[stage] += float(lam)
        return a["coverage"], a["total"]

    def reduced(self, lp: _LP, keys: np.ndarray, units: np.ndarray) -> np.ndarray:
        """Exact reduced gain of candidate pairs, cuts included (<= 0 at an LP optimum)."""
        n = self.scores.n
        i, j = keys // n, keys % n
        a_cov, a_tot = self.pricing(lp)
        gain = a_cov + a_tot * units - lp.y[i] - lp.y[j]
        for members, z in zip(self.cuts, lp.z):
            if z > 0:
                gain -= z * _inside(members, n, i, j)
        return np.asarray(gain)

    def bound(self, lp: _LP, slack: float) -> float:
        """The dual objective after raising every y by ``slack / 2``: feasible for the full graph."""
        value = float(lp.y.sum()) + sum(float(z) * (len(c) - 1) / 2 for c, z in zip(self.cuts, lp.z))
        value -= sum(float(lam) * v for (_, v), lam in zip(self.fixed, lp.lam))
        return value + self.scores.n * max(slack, 0.0) / 2


def _inside(members: np.ndarray, n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    mark = np.zeros(n, dtype=bool)
    mark[members] = True
    return np.asarray(mark[i] & mark[j])


def _odd_cuts(n: int, keys: np.ndarray, x: np.ndarray) -> list[np.ndarray]:
    """Node sets of the fractional odd components whose odd-set inequality ``x`` violates."""
    # scipy loads only when this engine runs
    from scipy.sparse import coo_matrix

    # scipy loads only when this engine runs
    from scipy.sparse.csgraph import connected_components

    frac = (x > _EPS) & (x < 1 - _EPS)
    if not frac.any():
        return []
    i, j = keys[frac] // n, keys[frac] % n
    graph = coo_matrix((np.ones(len(i)), (i, j)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    nodes = np.unique(np.concatenate([i, j]))
    size = np.bincount(label[nodes], minlength=label.max() + 1)
    ai, aj = keys // n, keys % n
    same = label[ai] == label[aj]
    inside_x = np.bincount(label[ai[same]], weights=x[same], minlength=len(size))
    cuts = []
    for comp in np.flatnonzero((size >= 3) & (size % 2 == 1)):
        if inside_x[comp] > (size[comp] - 1) / 2 + 1e-6:
            cuts.append(nodes[label[nodes] == comp])
    return cuts


def _round(n: int, keys: np.ndarray, x: np.ndarray, units: np.ndarray, stage: str,
           fixed: Sequence[tuple[str, int]]) -> np.ndarray:
    """A matching from a fractional one: its whole pairs, then the best matching of the rest.

    The rest (people the LP splits or leaves out) is small when the LP is nearly integral;
    Edmonds' algorithm (networkx, which torch already brings) matches it exactly, over the
    candidate pairs among them. Without networkx, the rest is matched greedily.
    """
    whole = keys[x > 1 - _EPS]
    used = np.zeros(n, dtype=bool)
    used[whole // n] = used[whole % n] = True
    rest = ~used[keys // n] & ~used[keys % n]
    if not rest.any():
        return np.sort(whole)
    coverage_first = (fixed and fixed[0][0] == "coverage") or stage == "coverage"
    try:
        # networkx loads only for the exact finish on small leftovers
        import networkx as nx
    except ImportError:  # pragma: no cover - torch depends on networkx
        order = np.flatnonzero(rest)[np.lexsort((-units[rest], -np.round(x[rest], 6)))]
        out = []
        for e in order.tolist():
            a, b = divmod(int(keys[e]), n)
            if not used[a] and not used[b]:
                used[a] = used[b] = True
                out.append(int(keys[e]))
        return np.sort(np.concatenate([whole, np.array(out, dtype=np.int64)]))
    graph = nx.Graph()
    weight = units if stage == "total" or any(s == "total" for s, _ in fixed) else np.ones(len(units), np.int64)
    for key, w in zip(keys[rest].tolist(), weight[rest].tolist()):
        a, b = divmod(key, n)
        if coverage_first or w > 0:
            graph.add_edge(a, b, weight=int(w))
    pairs = nx.max_weight_matching(graph, maxcardinality=bool(coverage_first))
    extra = np.array([min(a, b) * n + max(a, b) for a, b in pairs], dtype=np.int64)
    return np.sort(np.concatenate([whole, extra]))


def _stage_value(stage: str, chosen: np.ndarray, scores: PeerScores) -> int:
    return len(chosen) if stage == "coverage" else int(scores.units(chosen).sum())


def solve_peers(scores: PeerScores, options: SolveOptions, *, k: int = 10) -> Outcome:
    """Lexicographic optimum over the stages (coverage and/or total), proven for the full graph."""
    stages, time_limit, seed, num_workers = options.objective, options.time_limit, options.seed, options.num_workers
    started = time.perf_counter()
    deadline = None if time_limit is None else started + time_limit
    info = {"candidates": 0, "priced_in": 0, "lp_solves": 0, "cuts": 0, "exact_pairs": 0}
    candidates = scores.top_k(k)
    info["candidates"] = len(candidates)
    fixed: list[tuple[str, int]] = []
    chosen = np.zeros(0, np.int64)
    stages = tuple(stages)
    if stages[0] == "coverage" and len(stages) > 1:
        # Nobody pairs twice, so floor(matchable / 2) pairs is the most there can be: when
        # the next stage's LP reaches an integral matching of that size, coverage is proven
        # without solving it on its own (the common case: complete or nearly complete scores).
        most = scores.matchable() // 2
        shortcut = _solve_stage(scores, stages[1], [("coverage", most)], candidates, stages[:2], chosen,
                                deadline, seed, num_workers, info, need_incumbent=True)
        if shortcut is not None and shortcut.chosen is not None:
            # Its matching has ``most`` pairs, so coverage is proven even if the next stage is not.
            proven = shortcut.status is Status.OPTIMAL
            reached: dict[str, int] = {"coverage": most, stages[1]: shortcut.value}
            return Outcome(shortcut.status, shortcut.chosen, reached,
                           bound=shortcut.bound, stopped_in=None if proven else stages[1],
                           seconds=time.perf_counter() - started, info=info,
                           proof=_proof(reached, None if proven else stages[1], shortcut.bound))
    values: dict[str, int] = {}
    for s in stages:
        result = _solve_stage(scores, s, fixed, candidates, stages[: len(fixed) + 1], chosen, deadline, seed,
                              num_workers, info, need_incumbent=False)
        assert result is not None
        candidates = result.candidates
        if result.chosen is not None and (not fixed or _keeps(scores, result.chosen, fixed)):
            chosen = result.chosen
            values[s] = result.value
        if result.status is not Status.OPTIMAL:
            return Outcome(Status.FEASIBLE, chosen, values, bound=result.bound, stopped_in=s,
                           seconds=time.perf_counter() - started, info=info, proof=_proof(values, s, result.bound))
        fixed.append((s, result.value))
    return Outcome(Status.OPTIMAL, chosen, values, seconds=time.perf_counter() - started, info=info,
                   proof=_proof(values, None, None))


def _proof(values: dict[str, int], stopped_in: str | None, bound: float | None) -> tuple[StageProof, ...]:
    """Stages before ``stopped_in`` are proven; the one it names has ``bound`` (on its own value)."""
    rows, stopped = [], False
    for stage, value in values.items():
        stopped = stopped or stage == stopped_in
        rows.append(StageProof(stage, value, (None if bound is None else max(bound, value)) if stopped else float(value),
                               not stopped, "LP with odd-set cuts (HiGHS) over the candidates, priced over every pair",
                               None))
    return tuple(rows)


def _keeps(scores: PeerScores, chosen: np.ndarray, fixed: Sequence[tuple[str, int]]) -> bool:
    return all(_stage_value(s, chosen, scores) >= v for s, v in fixed)


@dataclass
class _Result:
    status: Status
    chosen: np.ndarray | None
    value: int
    bound: float | None
    candidates: np.ndarray


def _solve_stage(
    scores: PeerScores, stage: str, fixed: Sequence[tuple[str, int]], candidates: np.ndarray,
    cp_stages: Sequence[str], previous: np.ndarray, deadline: float | None, seed: int, num_workers: int,
    info: dict[str, int], *, need_incumbent: bool,
) -> _Result | None:
    """LP with pricing and odd-set cuts, then an exact solve of what reduced costs cannot rule out.

    Returns None when ``need_incumbent`` and the candidates admit no solution of the
    fixed values (the caller then takes the long way).
    """
    n = scores.n
    lp_stage = _Stage(scores, stage, fixed)
    candidates = np.union1d(candidates, previous)

    def out_of_time() -> bool:
        return deadline is not None and time.perf_counter() > deadline

    lp: _LP | None = None
    units = scores.units(candidates)
    for _ in range(_MAX_ROUNDS):
        while True:
            lp = lp_stage.solve(candidates, units)
            info["lp_solves"] += 1
            if lp is None:
                if need_incumbent:
                    return None
                raise RuntimeError("the matching LP over the candidates failed")  # pragma: no cover
            a_cov, a_tot = lp_stage.pricing(lp)
            # Add at most a few per person per round: the duals move once they are in.
            add, _ = scores.scan(lp.y, a_cov, a_tot, _EPS * (1 + a_cov + a_tot), candidates, limit=4 * n)
            if len(add) == 0 or out_of_time():
                break
            info["priced_in"] += len(add)
            candidates = np.union1d(candidates, add)
            units = scores.units(candidates)
        if out_of_time():
            break
        integral = bool(np.all((lp.x < _EPS) | (lp.x > 1 - _EPS)))
        if integral:
            break
        cuts = _odd_cuts(n, candidates, lp.x)
        if not cuts:
            break
        lp_stage.cuts += cuts
        info["cuts"] += len(cuts)
    assert lp is not None
    # Make the duals feasible for every pair: the candidates are checked exactly, the
    # pruned ones were checked by the last scan (nothing above its threshold).
    a_cov, a_tot = lp_stage.pricing(lp)
    gains = lp_stage.reduced(lp, candidates, units)
    _, top = scores.scan(lp.y, a_cov, a_tot, _EPS * (1 + a_cov + a_tot), candidates, limit=1)
    slack = max(float(gains.max(initial=0.0)), float(top.max(initial=0.0)), _EPS * (1 + a_cov + a_tot))
    bound = lp_stage.bound(lp, slack)
    integral = bool(np.all((lp.x < _EPS) | (lp.x > 1 - _EPS)))
    incumbent: np.ndarray | None = candidates[lp.x > 0.5] if integral else _round(n, candidates, lp.x, units, stage, fixed)
    if incumbent is not None and not _keeps(scores, incumbent, fixed):
        incumbent = previous if len(previous) and _keeps(scores, previous, fixed) else None
    if incumbent is None and need_incumbent:
        return None
    best = None if incumbent is None else _stage_value(stage, incumbent, scores)
    log.debug("stage %s: LP bound %.3f, incumbent %s, %d candidates", stage, bound, best, len(candidates))
    if best is not None and math.floor(bound + 1e-9) <= best:
        return _Result(Status.OPTIMAL, incumbent, best, float(best), candidates)
    if out_of_time():
        return _Result(Status.FEASIBLE, incumbent, best or 0, bound, candidates)
    return _finish_exactly(scores, stage, lp, lp_stage, bound, incumbent, best, candidates, cp_stages,
                               deadline, seed, num_workers, info)


def _finish_exactly(
    scores: PeerScores, stage: str, lp: _LP, lp_stage: _Stage, bound: float, incumbent: np.ndarray | None,
    best: int | None, candidates: np.ndarray, cp_stages: Sequence[str], deadline: float | None, seed: int,
    num_workers: int, info: dict[str, int],
) -> _Result:
    """An exact solve over the pairs that could still be in a better matching; proven when none is left out.

    A matching that uses a pair of reduced cost ``r`` scores at most ``bound - r``, and
    scores are integers, so to beat ``best`` a pair needs ``r <= bound - best - 1``.
    """
    n = scores.n
    a_cov, a_tot = lp_stage.pricing(lp)
    limit = 50 * n + 1000
    if incumbent is None:
        residual = candidates
    else:
        near, _ = scores.scan(lp.y, a_cov, a_tot, -(bound - best - 1) - 1e-6, np.zeros(0, np.int64), limit)  # type: ignore[operator]
        residual = np.union1d(near, incumbent)
    for _ in range(4):
        remaining = None if deadline is None else max(deadline - time.perf_counter(), 0.01)
        info["exact_pairs"] = max(info["exact_pairs"], len(residual))
        status, found = _exact(scores, residual, cp_stages, remaining, seed, num_workers)
        value = _stage_value(stage, found, scores) if status.has_solution else None
        if value is not None and (best is None or value > best) and _keeps(scores, found, lp_stage.fixed):
            incumbent, best = found, value
        if status is not Status.OPTIMAL or best is None:
            return _Result(Status.FEASIBLE, incumbent, best or 0, bound, np.union1d(candidates, residual))
        # Proven for the residual; is every pair left out ruled out by its reduced cost?
        missing, _ = scores.scan(lp.y, a_cov, a_tot, -(bound - best - 1) - 1e-6, residual, limit)
        if len(missing) == 0 or math.floor(bound + 1e-9) <= best:
            return _Result(Status.OPTIMAL, incumbent, best, float(best), np.union1d(candidates, residual))
        residual = np.union1d(residual, missing)
    return _Result(Status.FEASIBLE, incumbent, best or 0, bound, np.union1d(candidates, residual))


# Edmonds' algorithm (networkx, pure Python) is exact and, on the few hundred pairs a
# residual usually has, far faster than CP-SAT, whose LP is the fractional matching
# polytope (measured: 6-35 s on 40-person graphs with half the pairs missing, against
# milliseconds). Past this size CP-SAT, which honours the time limit, takes over.
_EDMONDS_UP_TO = 20_000


def _exact(scores: PeerScores, residual: np.ndarray, stages: Sequence[str], seconds: float | None, seed: int,
           num_workers: int) -> tuple[Status, np.ndarray]:
    """The lexicographic optimum over the residual pairs, and whether it is proven."""
    n = scores.n
    units = scores.units(residual)
    if len(residual) <= _EDMONDS_UP_TO:
        try:
            # networkx loads only for the exact finish on small leftovers
            import networkx as nx
        except ImportError:  # pragma: no cover - torch depends on networkx
            nx = None
        if nx is not None:
            stages = tuple(stages)
            coverage_first = stages[0] == "coverage"
            keep = np.ones(len(residual), dtype=bool) if coverage_first else units >= (1 if stages == ("total",) else 0)
            if stages in (("coverage",),):
                weights = np.ones(len(residual), dtype=np.int64)
            elif stages == ("total", "coverage"):
                # Lexicographic as one integer weight: a unit of total outweighs any coverage.
                weights = (2 * n + 1) * units + 1
            else:
                weights = units
            graph = nx.Graph()
            graph.add_weighted_edges_from((k // n, k % n, w) for k, w in zip(residual[keep].tolist(),
                                                                              weights[keep].tolist()))
            pairs = nx.max_weight_matching(graph, maxcardinality=coverage_first)
            chosen = np.array(sorted(min(a, b) * n + max(a, b) for a, b in pairs), dtype=np.int64)
            return Status.OPTIMAL, chosen
    problem = ArcProblem(n_people=n, giver=residual // n, receiver=residual % n, score=units,
                         capacity=np.ones(n, np.int64), exclusive=np.ones(n, dtype=bool),
                         mutual=np.ones(len(residual), dtype=bool))
    # A deadline already past stops the search at once, as a tiny limit does.
    limit = None if seconds is None else max(seconds, 1e-9)
    outcome = solve_staged(problem, SolveOptions(objective=tuple(stages), time_limit=limit, seed=seed,  # type: ignore[arg-type]
                                                 num_workers=num_workers))
    return outcome.status, residual[outcome.chosen]
