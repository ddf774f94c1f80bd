"""Entry points for apps that bring their own pair scores.

``assign`` solves a capacitated bipartite assignment (mentors to mentees),
``pair_peers`` a general-graph matching (anyone with anyone, each at most once).
Both run the same staged CP-SAT engine as :func:`mentorpair.match`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .exceptions import Problem, ValidationError
from .models import Programme
from .result import PAIR_COLUMNS, UNMATCHED_COLUMNS, Matching, objective_bound_gap

__all__ = ["assign", "pair_peers"]

_LOWLEVEL_COLUMNS = PAIR_COLUMNS[:5]  # group_id, kind, mentor_id, mentee_id, score


def assign(
    edges: Any,
    *,
    capacity: int | Mapping[str, int] = 1,
    minimize: bool = False,
    objective: Sequence[str] = ("coverage", "total"),
    time_limit: float | None = None,
    seed: int = 0,
    num_workers: int = 1,
) -> Matching:
    """Assign mentees to mentors over the allowed pairs in ``edges``.

    Parameters
    ----------
    edges
        DataFrame with columns ``mentor_id, mentee_id, score``; a pair not listed is not allowed.
    capacity
        Mentees per mentor: one number for all, or a mapping ``mentor_id -> int`` (others get 1).
    minimize
        Treat ``score`` as a cost to minimise (the weakest pair is then the costliest).
    objective
        Stages, in order, from ``"coverage"``, ``"fairness"``, ``"total"``.

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
    """
    frame = _edges(edges, ("mentor_id", "mentee_id", "score"))
    mentors = _ordered(frame["mentor_id"])
    mentees = _ordered(frame["mentee_id"])
    overlap = sorted(set(mentors) & set(mentees))
    if overlap:
        raise ValidationError([Problem("appears both as mentor_id and mentee_id; use distinct ids", participant=i,
                                       field="edges") for i in overlap], what="edges")
    people = mentors + mentees
    index = {p: i for i, p in enumerate(people)}
    caps = _capacities(capacity, mentors)
    cap_array = np.ones(len(people), dtype=np.int64)
    for m in mentors:
        cap_array[index[m]] = caps[m]
    giver = np.array([index[m] for m in frame["mentor_id"]], dtype=np.int64)
    receiver = np.array([index[m] for m in frame["mentee_id"]], dtype=np.int64)
    return _solve(people, giver, receiver, frame["score"].to_numpy(), cap_array, None, minimize,
                  objective, time_limit, seed, num_workers, kind="traditional",
                  roles={**{m: "mentor" for m in mentors}, **{m: "mentee" for m in mentees}})


def pair_peers(
    edges: Any,
    *,
    minimize: bool = False,
    objective: Sequence[str] = ("coverage", "total"),
    time_limit: float | None = None,
    seed: int = 0,
    num_workers: int = 1,
) -> Matching:
    """Pair people with each other over the allowed undirected pairs in ``edges``.

    ``edges`` has columns ``a, b, score``; each person is in at most one pair.
    In ``.pairs`` the two people of a pair are under ``mentor_id`` and ``mentee_id``
    in input order; ``kind`` is "peer".

    Examples
    --------
    >>> import pandas as pd
    >>> edges = pd.DataFrame({"a": [0, 1, 2], "b": [1, 2, 3], "score": [5, 9, 5]})
    >>> pair_peers(edges, objective=("total",)).objective
    10.0
    """
    frame = _edges(edges, ("a", "b", "score"))
    loops = frame.index[frame["a"] == frame["b"]].tolist()
    if loops:
        raise ValidationError([Problem("pairs a person with themself", row=i + 2, participant=str(frame["a"][i]),
                                       field="b") for i in loops], what="edges")
    people = _ordered(list(frame["a"]) + list(frame["b"]))
    index = {p: i for i, p in enumerate(people)}
    giver = np.array([index[p] for p in frame["a"]], dtype=np.int64)
    receiver = np.array([index[p] for p in frame["b"]], dtype=np.int64)
    return _solve(people, giver, receiver, frame["score"].to_numpy(), np.ones(len(people), np.int64),
                  np.ones(len(frame), dtype=bool), minimize, objective, time_limit, seed, num_workers,
                  kind="peer", roles={p: "peer" for p in people})


def _edges(edges: Any, columns: tuple[str, str, str]) -> Any:
    import pandas as pd

    if not isinstance(edges, pd.DataFrame):
        raise TypeError(f"edges must be a pandas DataFrame with columns {list(columns)}, got {type(edges).__name__}")
    missing = [c for c in columns if c not in edges.columns]
    if missing:
        raise ValidationError([Problem("missing column", field=c) for c in missing], what="edges")
    frame = edges[list(columns)].reset_index(drop=True).copy()
    problems = []
    for c in columns[:2]:
        frame[c] = frame[c].map(str)
    scores = pd.to_numeric(frame[columns[2]], errors="coerce")
    for i in np.flatnonzero(~np.isfinite(scores.to_numpy(dtype=float))).tolist():
        problems.append(Problem(f"must be a finite number, got {edges[columns[2]].iloc[i]!r}", row=i + 2,
                                field=columns[2]))
    frame[columns[2]] = scores.astype(float)
    key = frame[list(columns[:2])].apply(lambda r: tuple(sorted(r)) if columns[0] == "a" else tuple(r), axis=1)
    for i in np.flatnonzero(key.duplicated().to_numpy()).tolist():
        problems.append(Problem("the same pair is listed twice", row=i + 2, participant=frame[columns[0]][i],
                                field=columns[1]))
    if problems:
        raise ValidationError(problems, what="edges")
    return frame


def _ordered(values: Sequence[str] | Any) -> list[str]:
    return list(dict.fromkeys(values))


def _capacities(capacity: int | Mapping[str, int], mentors: list[str]) -> dict[str, int]:
    if isinstance(capacity, Mapping):
        caps = {m: capacity.get(m, 1) for m in mentors}
        unknown = sorted(set(capacity) - set(mentors))
        problems = [Problem("capacity given for an id that is no mentor_id in edges", participant=str(u),
                            field="capacity") for u in unknown]
    else:
        caps = {m: capacity for m in mentors}
        problems = []
    problems += [Problem(f"must be an integer >= 1, got {c!r}", participant=m, field="capacity")
                 for m, c in caps.items() if isinstance(c, bool) or not isinstance(c, int) or c < 1]
    if problems:
        raise ValidationError(problems, what="capacity")
    return caps


def _integer_scores(scores: np.ndarray, minimize: bool) -> tuple[np.ndarray, int]:
    """Scores as integers for CP-SAT: exact when they already are, else scaled by 10^4."""
    signed = -scores if minimize else scores
    if np.all(np.equal(np.mod(signed, 1), 0)) and (len(signed) == 0 or np.max(np.abs(signed)) < 2**40):
        return signed.astype(np.int64), 1
    from .scoring import SCALE

    return np.rint(signed * SCALE).astype(np.int64), SCALE


def _solve(
    people: list[str], giver: np.ndarray, receiver: np.ndarray, scores: np.ndarray, capacity: np.ndarray,
    mutual: np.ndarray | None, minimize: bool, objective: Sequence[str], time_limit: float | None, seed: int,
    num_workers: int, *, kind: str, roles: dict[str, str],
) -> Matching:
    import pandas as pd

    from .solver import ArcProblem, solve_staged

    # Programme validates the shared solver settings with the usual error messages.
    rules = Programme(objective=tuple(objective), time_limit=time_limit, seed=seed, num_workers=num_workers)
    units, scale = _integer_scores(scores, minimize)
    problem = ArcProblem(n_people=len(people), giver=giver, receiver=receiver, score=units, capacity=capacity,
                         exclusive=np.ones(len(people), dtype=bool), mutual=mutual)
    outcome = solve_staged(problem, stages=rules.objective, time_limit=time_limit, seed=seed, num_workers=num_workers)
    chosen = sorted(outcome.chosen.tolist(), key=lambda a: (int(giver[a]), int(receiver[a])))
    group = {g: i for i, g in enumerate(dict.fromkeys(int(giver[a]) for a in chosen))}
    width = len(str(max(len(group), 1)))
    pairs = pd.DataFrame(
        [[f"G{group[int(giver[a])] + 1:0{width}d}", kind, people[giver[a]], people[receiver[a]], float(scores[a])]
         for a in chosen],
        columns=list(_LOWLEVEL_COLUMNS),
    ).astype({"score": float})
    matched = set(pairs["mentor_id"]) | set(pairs["mentee_id"])
    unmatched = pd.DataFrame(
        [[p, roles[p], _lowlevel_reason(str(outcome.status))] for p in people if p not in matched],
        columns=list(UNMATCHED_COLUMNS),
    )
    total = float(pairs["score"].sum())
    sign = -1 if minimize else 1
    value, bound, gap = objective_bound_gap(outcome, sign * total, scale)
    if value is not None:
        value = sign * value
        bound = None if bound is None else sign * bound
    return Matching(
        pairs=pairs, unmatched=unmatched, status=outcome.status, objective=value, bound=bound, gap=gap,
        conflicts=outcome.conflicts, relaxation=outcome.relaxation, encoder_id="(scores given by the caller)", programme=rules,
        stage_values={s: float(v) / (1 if s == "coverage" else scale) for s, v in outcome.stage_values.items()},
        seconds=outcome.seconds,
    )


def _lowlevel_reason(status: str) -> str:
    if status in ("OPTIMAL", "FEASIBLE"):
        return "every listed pair for them would displace a pair the objective ranks higher" if status == "OPTIMAL" \
            else "the time limit ended the search before they were placed"
    return "no matching was found (status " + status + ")"
