"""Entry points for apps that bring their own pair scores.

``assign`` solves a capacitated bipartite assignment (mentors to mentees),
``pair_peers`` a general-graph matching (anyone with anyone, each at most once).

Each picks the fastest exact engine for the structure it is given, with CP-SAT
(the engine of :func:`mentorpair.match`) as the general one:

- ``assign``: network flows (:mod:`mentorpair.solve.flows`) for every stage order and
  capacity; CP-SAT only when asked for, or when a flow's costs would overflow.
- ``pair_peers``: CP-SAT on every listed pair while the graph is small; past
  that, a few candidates per person with an LP-dual proof that the pruned pairs
  could not have helped (:mod:`mentorpair.solve.peers`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any, Literal

import numpy as np
import pandas as pd

from .exceptions import Problem, SolveError, ValidationError, integer_problem
from .model.options import SolveOptions
from .model.vocab import MAX_CAPACITY, SCALE
from .result.explain import unproven_text
from .result.facts import PROOF_COLUMNS
from .result.matching import (
    PAIR_COLUMNS,
    PAIR_CONTACT_COLUMNS,
    UNMATCHED_COLUMNS,
    UNMATCHED_CONTACT_COLUMNS,
    Matching,
    objective_bound_gap,
)
from .solve.cpsat import solve_staged
from .solve.flows import Arcs, FlowUnavailable, dense_fits, solve_arcs, solve_dense
from .solve.peers import DenseScores, EdgeScores, PeerScores, solve_peers
from .solve.problem import ArcProblem, Outcome
from .status import Status

__all__ = ["assign", "pair_peers"]

# Caller-given scores come with ids only: no names or e-mail addresses, no score parts.
_LOWLEVEL_COLUMNS = tuple(c for c in PAIR_COLUMNS if c not in PAIR_CONTACT_COLUMNS)[:5]  # group_id .. score
_LOWLEVEL_UNMATCHED = tuple(c for c in UNMATCHED_COLUMNS if c not in UNMATCHED_CONTACT_COLUMNS)
_BLOCK_CELLS = 1 << 22  # matrix cells looked at at once when scanning a caller's matrix
#: the largest score magnitude taken: CP-SAT counts scores in integer units (1/10,000 of a
#: fractional score), and a whole matching's total in those units must fit in 64 bits
MAX_SCORE = 1e9
_TOO_LARGE = "must be at most 1e9 in absolute value (scores are counted in integer units), got {!r}"
_MAX_LISTED = 50  # problems listed one by one in an error about a matrix
# pair_peers: CP-SAT on the whole graph up to this many allowed pairs, candidates + pricing past it.
# Measured: CP-SAT proves a 1,000-person, 6,000-pair graph in about 5 s but had not proved
# coverage on a 5,000-person, 29,000-pair one in 300 s; the 200 published instances are far below.
_PRICING_FROM = 5_000
_CANDIDATES = 10  # partners kept per person before pricing (measured, see docs/solver.md)

FlowEngine = Literal["auto", "flow", "cp-sat"]
PeerEngine = Literal["auto", "pricing", "cp-sat"]


def assign(
    edges: Any,
    *,
    capacity: int | Mapping[str, int] = 1,
    minimize: bool = False,
    objective: Sequence[str] = ("coverage", "total"),
    time_limit: float | None = None,
    seed: int = 0,
    num_workers: int = 1,
    engine: FlowEngine = "auto",
) -> Matching:
    """Assign mentees to mentors over the allowed pairs in ``edges``.

    Parameters
    ----------
    edges
        DataFrame with columns ``mentor_id, mentee_id, score`` (a pair not listed is not
        allowed; the columns are two sides, so mentor ``7`` and mentee ``7`` are two people),
        or a 2-D numpy array of scores with one row per mentor and one column per
        mentee, NaN where the pair is not allowed; the ids are then ``"M0", "M1", …`` for the
        rows and ``"E0", "E1", …`` for the columns.
    capacity
        Mentees per mentor: one number for all, or a mapping ``mentor_id -> int`` (others get 1).
    minimize
        Treat ``score`` as a cost to minimise (the weakest pair is then the costliest).
    objective
        Stages, in order, from ``"coverage"`` (people matched: each mentee, and each mentor
        with at least one mentee), ``"fairness"`` (the weakest pair), ``"total"``.
    time_limit
        Seconds. CP-SAT stops at it; the flow engines are polynomial and run to the end,
        except the fairness search, which stops between probes with the best threshold proved.
    engine
        ``"auto"`` (default) and ``"flow"``: exact network flows — scipy's
        ``linear_sum_assignment`` on the floats as given for one mentee per mentor with
        stages ``("total",)`` or ``("coverage", "total")`` and a matrix (or a DataFrame that
        lists at least a quarter of all pairs), OR-Tools min-cost flow otherwise.
        ``"cp-sat"``: the CP-SAT model of :func:`mentorpair.match`. Min-cost flow and CP-SAT
        optimise scores rounded to 4 decimals (exact for integers), as everywhere else here.

    Returns
    -------
    Matching
        ``objective`` is the total score (or cost) of the chosen pairs.

    Examples
    --------
    >>> import pandas as pd
    >>> edges = pd.DataFrame({"mentor_id": ["M1", "M1", "M2"], "mentee_id": ["A", "B", "A"],
    ...                       "score": [3, 2, 1]})
    >>> assign(edges).pairs[["mentor_id", "mentee_id"]].values.tolist()
    [['M1', 'B'], ['M2', 'A']]
    >>> import numpy as np
    >>> assign(np.array([[3.0, 2.0], [1.0, np.nan]])).pairs["mentor_id"].tolist()
    ['M0', 'M1']
    """
    started = time.perf_counter()
    _check_engine(engine, ("auto", "flow", "cp-sat"))
    matrix: np.ndarray | None = None
    if isinstance(edges, np.ndarray):
        matrix = _matrix(edges, square=False)
        mentors = [f"M{i}" for i in range(matrix.shape[0])]
        mentees = [f"E{j}" for j in range(matrix.shape[1])]
    else:
        frame = _frame(edges, ("mentor_id", "mentee_id", "score"))
        giver, mentors = _ids(frame["mentor_id"])
        receiver, mentees = _ids(frame["mentee_id"])
        _check_rows(frame, giver, receiver, len(mentees), symmetric=False)
        scores = _scores(frame)
    # The two columns are two sides, as in an assignment problem: mentor 7 and mentee 7 are two
    # people (a frame built from a matrix's row and column numbers has every id on both sides).
    people = mentors + mentees
    caps = _capacities(capacity, mentors)
    options = _options(objective, time_limit, seed, num_workers)
    stages = options.objective
    roles = ["mentor"] * len(mentors) + ["mentee"] * len(mentees)
    m = len(mentors)
    if engine != "cp-sat" and dense_fits(stages, caps):
        dense = matrix if matrix is not None else _densify(giver, receiver, scores, m, len(mentees))
        if dense is not None:
            rows, cols = solve_dense(dense, maximize=not minimize, stages=stages)
            chosen_scores = np.asarray(dense[rows, cols], dtype=np.float64)
            signed = float((-chosen_scores if minimize else chosen_scores).sum())
            values: dict[str, float] = {s: (2.0 * len(rows) if s == "coverage" else signed) for s in stages}
            total = float(chosen_scores.sum())
            seconds = time.perf_counter() - started
            proof = pd.DataFrame([[st, v, v, True, "scipy linear_sum_assignment", seconds] for st, v in values.items()],
                                 columns=list(PROOF_COLUMNS))
            return _matching(people, roles, rows, m + cols, chosen_scores, "traditional", Status.OPTIMAL, total,
                             total, 0.0, values, options, seconds, proof=proof)
    if matrix is not None:
        giver, receiver, scores = _matrix_arcs(matrix, upper=False)
    units, scale = _integer_scores(scores, minimize)
    if engine != "cp-sat":
        try:
            outcome = solve_arcs(Arcs(m, len(mentees), giver, receiver, units, caps), options)
        except FlowUnavailable as exc:
            if engine == "flow":
                raise SolveError(f"the flow engine cannot solve this exactly ({exc}); use engine='cp-sat'") from exc
        else:
            chosen = outcome.chosen
            total = float(scores[chosen].sum())
            bound, gap = (total, 0.0) if outcome.status is Status.OPTIMAL else (None, None)
            values = {str(s): float(v) / (1 if s == "coverage" else scale) for s, v in outcome.stage_values.items()}
            return _matching(people, roles, giver[chosen], m + receiver[chosen], scores[chosen], "traditional",
                             outcome.status, total, bound, gap, values, options, time.perf_counter() - started,
                             proof=_proof(outcome, scale))
    cap_array = np.concatenate([caps, np.ones(len(mentees), np.int64)])
    return _solve(people, roles, giver, m + receiver, scores, units, scale, cap_array, None, minimize, options,
                  kind="traditional", started=started)


def pair_peers(
    edges: Any,
    *,
    minimize: bool = False,
    objective: Sequence[str] = ("coverage", "total"),
    time_limit: float | None = None,
    seed: int = 0,
    num_workers: int = 1,
    engine: PeerEngine = "auto",
) -> Matching:
    """Pair people with each other over the allowed undirected pairs in ``edges``.

    ``edges`` is a DataFrame with columns ``a, b, score``, or a square 2-D numpy array whose
    upper triangle (``i < j``) holds the score of pair ``i, j`` (NaN: not allowed; the
    diagonal and the lower triangle are ignored), with ids ``"P0", "P1", …``. Each person
    is in at most one pair. In ``.pairs`` the two people of a pair are under ``mentor_id``
    and ``mentee_id`` in input order (for a matrix, the lower index first); ``kind`` is "peer".

    ``engine="auto"`` runs CP-SAT on every pair up to 5,000 allowed pairs or when the
    objective has ``"fairness"``; past that ``"pricing"``: each person's 10 best partners,
    the fractional matching LP with pruned pairs priced back in against its duals and odd-set
    cuts, and an exact solve of the pairs whose reduced cost still leaves them a chance. The result is
    proven optimal for the full graph, or FEASIBLE with ``bound`` (the LP's) and ``gap``.
    CP-SAT optimises scores rounded to 4 decimals, the pricing engine to 9 significant
    digits or finer (both exact for integers).

    Examples
    --------
    >>> import pandas as pd
    >>> edges = pd.DataFrame({"a": [0, 1, 2], "b": [1, 2, 3], "score": [5, 9, 5]})
    >>> pair_peers(edges, objective=("total",)).objective
    10.0
    """
    started = time.perf_counter()
    _check_engine(engine, ("auto", "pricing", "cp-sat"))
    matrix: np.ndarray | None = None
    if isinstance(edges, np.ndarray):
        matrix = _matrix(edges, square=True)
        people = [f"P{i}" for i in range(matrix.shape[0])]
        size = len(people) * (len(people) - 1) // 2
    else:
        frame = _frame(edges, ("a", "b", "score"))
        codes, people = _ids(_concat(frame["a"], frame["b"]))
        giver, receiver = codes[: len(frame)], codes[len(frame) :]
        _check_rows(frame, giver, receiver, len(people), symmetric=True)
        loops = np.flatnonzero(giver == receiver)
        if len(loops):
            raise ValidationError([Problem("pairs a person with themself", row=int(i) + 2,
                                           participant=people[giver[i]], field="b") for i in loops], what="edges")
        scores = _scores(frame)
        size = len(frame)
    options = _options(objective, time_limit, seed, num_workers)
    stages = options.objective
    roles = ["peer"] * len(people)
    if engine == "pricing" or (engine == "auto" and size > _PRICING_FROM):
        if "fairness" in stages:
            if engine == "pricing":
                raise ValidationError([Problem("the pricing engine solves the stages coverage and total only",
                                               field="objective")], what="options")
        else:
            return _pair_by_pricing(matrix, None if matrix is not None else (giver, receiver, scores), people, roles,
                                    minimize, options, started)
    if matrix is not None:
        giver, receiver, scores = _matrix_arcs(matrix, upper=True)
    units, scale = _integer_scores(scores, minimize)
    return _solve(people, roles, giver, receiver, scores, units, scale, np.ones(len(people), np.int64),
                  np.ones(len(giver), dtype=bool), minimize, options, kind="peer", started=started)


def _pair_by_pricing(
    matrix: np.ndarray | None, arcs: tuple[np.ndarray, np.ndarray, np.ndarray] | None, people: list[str],
    roles: list[str], minimize: bool, options: SolveOptions, started: float,
) -> Matching:
    n = len(people)
    graph: PeerScores
    if matrix is not None:
        scale = _fine_scale(*_matrix_stats(matrix), n)
        graph = DenseScores(matrix, maximize=not minimize, scale=scale)
    else:
        assert arcs is not None
        giver, receiver, scores = arcs
        integral = bool(np.all(np.mod(scores, 1) == 0))
        scale = _fine_scale(integral, float(np.abs(scores).max(initial=0.0)), n)
        units = np.rint((-scores if minimize else scores) * scale).astype(np.int64)
        keys = np.minimum(giver, receiver) * n + np.maximum(giver, receiver)
        order = np.argsort(keys, kind="stable")
        graph = EdgeScores(n, keys[order], units[order])
    time_limit = options.time_limit
    if time_limit is not None:
        time_limit = max(time_limit - (time.perf_counter() - started), 0.01)
    outcome = solve_peers(graph, replace(options, time_limit=time_limit), k=_CANDIDATES)
    first, second = outcome.chosen // n, outcome.chosen % n
    if matrix is not None:
        chosen_scores = matrix[first, second].astype(np.float64)
    else:
        at = order[np.searchsorted(keys[order], outcome.chosen)]
        first, second, chosen_scores = giver[at], receiver[at], scores[at]
    total = float(chosen_scores.sum())
    values = {s: (2.0 * v if s == "coverage" else v / scale) for s, v in outcome.stage_values.items()}
    bound: float | None
    gap: float | None
    if outcome.status is Status.OPTIMAL:
        bound, gap = total, 0.0
    elif outcome.stopped_in == "total" and outcome.bound is not None:
        # The LP bound is on the signed units; the caller reads costs when minimising.
        best = max(outcome.bound / scale, -total if minimize else total)
        bound, gap = (-best if minimize else best), (best - (-total if minimize else total)) / max(abs(total), 1e-9)
    else:
        bound, gap = None, None
    return _matching(people, roles, first, second, chosen_scores, "peer", outcome.status, total, bound, gap, values,
                     options, time.perf_counter() - started, proof=_proof(outcome, scale, people_per_unit=2))


# --- input ----------------------------------------------------------------------------

def _check_engine(engine: str, allowed: tuple[str, ...]) -> None:
    if engine not in allowed:
        raise ValidationError([Problem(f"must be one of {list(allowed)}, got {engine!r}", field="engine")],
                              what="arguments")


def _options(objective: Sequence[str], time_limit: float | None, seed: int, num_workers: int) -> SolveOptions:
    # SolveOptions validates the shared solver settings with the usual error messages.
    return SolveOptions(objective=tuple(objective), time_limit=time_limit, seed=seed,  # type: ignore[arg-type]
                        num_workers=num_workers)


def _frame(edges: Any, columns: tuple[str, str, str]) -> Any:
    if not isinstance(edges, pd.DataFrame):
        raise TypeError(f"edges must be a pandas DataFrame with columns {list(columns)} or a 2-D numpy array, "
                        f"got {type(edges).__name__}")
    missing = [c for c in columns if c not in edges.columns]
    if missing:
        raise ValidationError([Problem("missing column", field=c) for c in missing], what="edges")
    return edges[list(columns)].reset_index(drop=True)


def _concat(first: Any, second: Any) -> Any:
    return pd.concat([first, second], ignore_index=True)


def _ids(values: Any) -> tuple[np.ndarray, list[str]]:
    """Integer codes in order of first appearance, and the ids as strings."""

    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    names = [str(u) for u in uniques]
    if len(set(names)) < len(names):  # e.g. 1 and "1": one id once written as text
        merged, distinct = pd.factorize(pd.Index(names))
        codes, names = merged[codes], [str(u) for u in distinct]
    return np.asarray(codes, dtype=np.int64), names


def _check_rows(frame: Any, giver: np.ndarray, receiver: np.ndarray, width: int, *, symmetric: bool) -> None:
    """Every problem in the rows at once: scores that are no finite number, pairs listed twice."""

    columns = list(frame.columns)
    problems = []
    score = pd.to_numeric(frame[columns[2]], errors="coerce").to_numpy(dtype=float)
    for i in np.flatnonzero(~np.isfinite(score)).tolist():
        problems.append(Problem(f"must be a finite number, got {frame[columns[2]].iloc[i]!r}", row=i + 2,
                                field=columns[2]))
    with np.errstate(invalid="ignore"):
        huge = np.flatnonzero(np.abs(score) > MAX_SCORE)
    problems += [Problem(_TOO_LARGE.format(float(score[i])), row=i + 2, field=columns[2]) for i in huge.tolist()]
    first, second = (np.minimum(giver, receiver), np.maximum(giver, receiver)) if symmetric else (giver, receiver)
    duplicated = pd.Series(first * max(width, 1) + second).duplicated().to_numpy()
    for i in np.flatnonzero(duplicated).tolist():
        problems.append(Problem("the same pair is listed twice", row=i + 2, participant=str(frame[columns[0]].iloc[i]),
                                field=columns[1]))
    if problems:
        raise ValidationError(problems, what="edges")


def _scores(frame: Any) -> np.ndarray:
    return np.asarray(pd.to_numeric(frame[frame.columns[2]], errors="coerce").to_numpy(dtype=np.float64))


def _matrix(edges: np.ndarray, *, square: bool) -> np.ndarray:
    """The caller's matrix as it is (no copy when it is already floats), checked in row blocks."""
    what = "score matrix"
    if edges.ndim != 2:
        raise ValidationError([Problem(f"must be 2-D, got {edges.ndim} dimension(s)", field="edges")], what=what)
    if edges.dtype.kind not in "fiub":
        raise ValidationError([Problem(f"must hold numbers, got dtype {edges.dtype}", field="edges")], what=what)
    if square and edges.shape[0] != edges.shape[1]:
        raise ValidationError([Problem(f"must be square, got shape {edges.shape}", field="edges")], what=what)
    matrix = edges if edges.dtype.kind == "f" else edges.astype(np.float64)
    prefix = ("P", "P") if square else ("M", "E")
    problems: list[Problem] = []
    count = 0
    rows = max(1, _BLOCK_CELLS // max(matrix.shape[1], 1))
    for r0 in range(0, matrix.shape[0], rows):
        with np.errstate(invalid="ignore"):
            bad = np.abs(matrix[r0 : r0 + rows]) > MAX_SCORE  # infinite too; NaN (not allowed) is not
        if square:
            bad &= np.arange(r0, r0 + len(bad))[:, None] < np.arange(matrix.shape[1])[None, :]
        for r, c in zip(*np.nonzero(bad)):
            count += 1
            if len(problems) < _MAX_LISTED:
                value = matrix[r0 + r, c]
                message = (f"must be a finite number (NaN: pair not allowed), got {value!r}" if np.isinf(value)
                           else _TOO_LARGE.format(float(value)))
                problems.append(Problem(message, participant=f"{prefix[0]}{r0 + r}", field=f"{prefix[1]}{c}"))
    if count > len(problems):
        problems.append(Problem(f"and {count - len(problems)} more scores that are infinite or too large",
                                field="edges"))
    if problems:
        raise ValidationError(problems, what=what)
    return matrix


def _matrix_arcs(matrix: np.ndarray, *, upper: bool) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The allowed cells as arcs (row, column, score), gathered in row blocks."""
    rows = max(1, _BLOCK_CELLS // max(matrix.shape[1], 1))
    parts = []
    for r0 in range(0, matrix.shape[0], rows):
        ok = ~np.isnan(matrix[r0 : r0 + rows])
        if upper:
            ok &= np.arange(r0, r0 + len(ok))[:, None] < np.arange(matrix.shape[1])[None, :]
        r, c = np.nonzero(ok)
        parts.append((r + r0, c, matrix[r + r0, c].astype(np.float64)))
    if not parts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return (np.concatenate([p[0] for p in parts]).astype(np.int64), np.concatenate([p[1] for p in parts]).astype(np.int64),
            np.concatenate([p[2] for p in parts]))


def _matrix_stats(matrix: np.ndarray) -> tuple[bool, float]:
    """Whether the allowed upper-triangle scores are all integers, and their largest magnitude."""
    rows = max(1, _BLOCK_CELLS // max(matrix.shape[1], 1))
    integral, largest = True, 0.0
    for r0 in range(0, matrix.shape[0], rows):
        block = matrix[r0 : r0 + rows]
        upper = np.arange(r0, r0 + len(block))[:, None] < np.arange(matrix.shape[1])[None, :]
        values = block[upper & ~np.isnan(block)]
        if len(values):
            integral = integral and not np.any(np.mod(values, 1) != 0)
            largest = max(largest, float(np.abs(values).max()))
    return integral, largest


def _fine_scale(integral: bool, largest: float, n: int) -> int:
    """Integer units for the pricing engine: exact for integers, else as fine as is safe.

    Its proof is an LP in floats over integer units, so it can afford far finer units than
    the 10^4 of CP-SAT: 10^4 to 10^9, as long as a whole matching's value stays below 2^50
    (float64 then still counts every unit). At 10^4 the rounding alone cost 0.1 on a
    20,000-person uniform instance — the solver picks the pairs that round up.
    """
    if integral and largest < 2**40:
        return 1
    room = 2.0**50 / max(largest * max(n, 1), 1e-300)
    return int(10 ** max(4, min(9, math.floor(math.log10(room)))))


def _densify(giver: np.ndarray, receiver: np.ndarray, scores: np.ndarray, m: int, n: int) -> np.ndarray | None:
    """A matrix of the listed pairs when they cover at least a quarter of it (NaN elsewhere)."""
    if m * n > 4 * max(len(scores), 1) or m * n > 1 << 26:
        return None
    dense = np.full((m, n), np.nan)
    dense[giver, receiver] = scores
    return dense


def _capacities(capacity: int | Mapping[str, int], mentors: list[str]) -> np.ndarray:
    if isinstance(capacity, Mapping):
        caps = {m: capacity.get(m, 1) for m in mentors}
        unknown = sorted(set(capacity) - set(mentors))
        problems = [Problem("capacity given for an id that is no mentor_id in edges", participant=str(u),
                            field="capacity") for u in unknown]
    else:
        caps = dict.fromkeys(mentors, capacity)
        problems = []
    problems += [Problem(message, participant=m, field="capacity")
                 for m, c in caps.items() if (message := integer_problem(c, 1, most=MAX_CAPACITY)) is not None]
    if problems:
        raise ValidationError(problems, what="capacity")
    return np.array(list(caps.values()), dtype=np.int64)


def _integer_scores(scores: np.ndarray, minimize: bool) -> tuple[np.ndarray, int]:
    """Scores as integers for CP-SAT: exact when they already are, else scaled by 10^4."""
    signed = -scores if minimize else scores
    if np.all(np.equal(np.mod(signed, 1), 0)) and (len(signed) == 0 or np.max(np.abs(signed)) < 2**40):
        return signed.astype(np.int64), 1

    return np.rint(signed * SCALE).astype(np.int64), SCALE


# --- output -----------------------------------------------------------------------------

def _matching(
    people: list[str], roles: list[str], giver: np.ndarray, receiver: np.ndarray, scores: np.ndarray, kind: str,
    status: Status, objective: float | None, bound: float | None, gap: float | None, stage_values: dict[str, float],
    options: SolveOptions, seconds: float, *, proof: pd.DataFrame, warnings: tuple[str, ...] = (),
) -> Matching:
    """Pairs sorted by mentor then mentee (in input order), one group per mentor."""

    order = np.lexsort((receiver, giver))
    giver, receiver, scores = np.asarray(giver)[order], np.asarray(receiver)[order], np.asarray(scores)[order]
    _, group = np.unique(giver, return_inverse=True)
    width = len(str(max(int(group.max(initial=-1)) + 1, 1)))
    names = np.asarray(people, dtype=object)
    pairs = pd.DataFrame({
        "group_id": [f"G{g + 1:0{width}d}" for g in group.tolist()],
        "kind": kind,
        "mentor_id": names[giver],
        "mentee_id": names[receiver],
        "score": scores.astype(float),
    }, columns=list(_LOWLEVEL_COLUMNS))
    if pairs.empty:
        pairs = pd.DataFrame(columns=list(_LOWLEVEL_COLUMNS)).astype({"score": float})
    matched = np.zeros(len(people), dtype=bool)
    matched[giver] = True
    matched[receiver] = True
    free = np.flatnonzero(~matched)
    unmatched = pd.DataFrame({"participant_id": names[free], "role": np.asarray(roles, dtype=object)[free],
                              "reason": _lowlevel_reason(str(status))}, columns=list(_LOWLEVEL_UNMATCHED))
    if unmatched.empty:
        unmatched = pd.DataFrame(columns=list(_LOWLEVEL_UNMATCHED))
    return Matching(
        pairs=pairs, unmatched=unmatched, status=status, objective=objective, bound=bound, gap=gap,
        proof=proof,
        # Caller-given scores carry no hard requirements, so there are never conflicting rules.
        conflicts=(), relaxation=(), encoder_id="(scores given by the caller)", programme=None, options=options,
        stage_values=stage_values, seconds=seconds, warnings=warnings,
    )


def _solve(
    people: list[str], roles: list[str], giver: np.ndarray, receiver: np.ndarray, scores: np.ndarray,
    units: np.ndarray, scale: int, capacity: np.ndarray, mutual: np.ndarray | None, minimize: bool, options: SolveOptions,
    *, kind: str, started: float,
) -> Matching:
    """CP-SAT over every listed pair."""
    problem = ArcProblem(n_people=len(people), giver=giver, receiver=receiver, score=units, capacity=capacity,
                         exclusive=np.ones(len(people), dtype=bool), mutual=mutual)
    time_limit = options.time_limit
    if time_limit is not None:
        time_limit = max(time_limit - (time.perf_counter() - started), 0.01)
    outcome = solve_staged(problem, replace(options, time_limit=time_limit))
    chosen = outcome.chosen
    total = float(scores[chosen].sum())
    sign = -1 if minimize else 1
    value, bound, gap = objective_bound_gap(outcome, sign * total, scale)
    if value is not None:
        value = sign * value
        bound = None if bound is None else sign * bound
    return _matching(
        people, roles, giver[chosen], receiver[chosen], scores[chosen], kind, outcome.status, value, bound, gap,
        {s: float(v) / (1 if s == "coverage" else scale) for s, v in outcome.stage_values.items()},
        options, time.perf_counter() - started, proof=_proof(outcome, scale),
        # What the search left unproven: here only a Ctrl-C ("interrupted"), in the stage it stopped.
        warnings=tuple(unproven_text(code, stage=outcome.proof[-1].stage if outcome.proof else None,
                                     ended=bool(outcome.proof) and outcome.proof[-1].proven)
                       for code in sorted(outcome.unproven)),
    )


def _proof(outcome: Outcome, scale: int, *, people_per_unit: int = 1) -> pd.DataFrame:
    """``Matching.proof`` of an engine's outcome, in the units the caller's scores are in (signed as maximised)."""
    def shown(stage: str, value: float | None) -> float | None:
        return None if value is None else (value * people_per_unit if stage == "coverage" else value / scale)

    return pd.DataFrame([[r.stage, shown(r.stage, r.value), shown(r.stage, r.bound), r.proven, r.engine, r.seconds]
                         for r in outcome.proof], columns=list(PROOF_COLUMNS))


def _lowlevel_reason(status: str) -> str:
    if status in ("OPTIMAL", "FEASIBLE"):
        return "every listed pair for them would displace a pair the objective ranks higher" if status == "OPTIMAL" \
            else "the time limit ended the search before they were placed"
    return "no matching was found (status " + status + ")"
