"""Seeded benchmark inputs: synthetic score matrices and public instances with published optima.

The instances the tests use are copied into the repository (tests/data/public, with their
sources and licence); the larger OR-Library files are read from ../shared/data when it is
beside the project, and a case that needs a missing file says which file and where it looked.

Every instance is rebuilt from its spec (name, size, seed) inside the process that
solves it, so each case's peak memory is its own and no large array crosses a pipe.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

#: Where public instances are looked for, in order: the repository's own copies first.
DATA_DIRS = (Path(__file__).resolve().parents[1] / "tests" / "data" / "public",
             Path(__file__).resolve().parents[2] / "shared" / "data")


def data_file(relative: str) -> Path:
    """The first copy of a public instance file; a clear error naming every place looked in."""
    for folder in DATA_DIRS:
        if (folder / relative).is_file():
            return folder / relative
    raise FileNotFoundError(f"public instance {relative!r} is in none of: {', '.join(map(str, DATA_DIRS))} "
                            "(the large OR-Library files come with ../shared/data)")


ORLIB_DENSE = tuple(f"assign{n}" for n in range(100, 900, 100))
ORLIB_SPARSE = ("assignp800", "assignp1500", "assignp3000", "assignp5000")

FORMS = ("1:1", "1:2", "peer")
SCORE_KINDS = ("uniform", "embedding")
EMBEDDING_DIMS = 32


@dataclass
class Instance:
    """A matching problem over scores.

    ``form`` is "1:1" or "1:2" (bipartite: rows are mentors with ``capacity``
    mentees each, columns mentees with one mentor each) or "peer" (general
    graph: each person in at most one pair). The scores are either ``dense``
    (rows x columns; for peers square and symmetric; NaN = pair not allowed)
    or the parallel arrays ``rows, cols, weights`` (peers: rows < cols).
    ``minimize`` marks costs (OR-Library) rather than scores.
    """

    name: str
    form: str
    n_rows: int
    n_cols: int
    capacity: int = 1
    dense: np.ndarray | None = None
    rows: np.ndarray | None = None
    cols: np.ndarray | None = None
    weights: np.ndarray | None = None
    minimize: bool = False
    optimum: float | None = None  # published optimum, when there is one

    @property
    def peer(self) -> bool:
        return self.form == "peer"

    @property
    def n_participants(self) -> int:
        return self.n_rows if self.peer else self.n_rows + self.n_cols

    @property
    def n_arcs(self) -> int:
        if self.weights is not None:
            return int(self.weights.shape[0])
        assert self.dense is not None
        if self.peer:
            return self.n_rows * (self.n_rows - 1) // 2
        return int(self.dense.size)

    def arcs(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The allowed pairs as parallel arrays (peers: each unordered pair once, row < col)."""
        if self.weights is not None:
            assert self.rows is not None and self.cols is not None
            return self.rows, self.cols, self.weights
        assert self.dense is not None
        if self.peer:
            r, c = np.triu_indices(self.n_rows, 1)
        else:
            r, c = np.indices(self.dense.shape).reshape(2, -1)
        w = self.dense[r, c]
        keep = ~np.isnan(w)
        if not keep.all():
            r, c, w = r[keep], c[keep], w[keep]
        return r.astype(np.int64), c.astype(np.int64), w

    def score(self, i: int, j: int) -> float:
        if self.dense is not None:
            return float(self.dense[i, j])
        return float(self._lookup()[(i, j) if not self.peer or i < j else (j, i)])

    def _lookup(self) -> dict[tuple[int, int], float]:
        if not hasattr(self, "_pair_scores"):
            r, c, w = self.arcs()
            self._pair_scores = dict(zip(zip(r.tolist(), c.tolist()), w.tolist()))
        return self._pair_scores


def seed_of(*parts: object) -> int:
    """A stable seed from the case's name (``hash`` differs between processes)."""
    return zlib.crc32("/".join(map(str, parts)).encode())


def synthetic_shape(form: str, n: int) -> tuple[int, int, int]:
    """Rows (mentors), columns (mentees) and capacity for ``n`` participants."""
    if form == "1:1":
        return n // 2, n - n // 2, 1
    if form == "1:2":  # capacity 2, half as many mentors as mentees
        return n // 3, n - n // 3, 2
    if form == "peer":
        return n, n, 1
    raise ValueError(f"unknown form {form!r}")


def synthetic_name(form: str, kind: str, n: int) -> str:
    return f"pure-{form}-{kind}-{n}"


def synthetic(form: str, kind: str, n: int) -> Instance:
    """Dense seeded scores in [0, 1], rounded to 4 decimals.

    ``uniform``: independent uniform scores. ``embedding``: unit random vectors
    of 32 dimensions, score = dot product clipped to [0, 1] (peers: one vector
    per person, so the matrix is symmetric).
    """
    rows, cols, capacity = synthetic_shape(form, n)
    rng = np.random.default_rng(seed_of("synthetic", form, kind, n))
    # In-place steps where possible: at 20,000 participants each copy is 0.8-3.2 GB.
    if kind == "uniform":
        scores = rng.random((rows, cols))
        if form == "peer":
            scores = np.triu(scores, 1)
            scores += scores.T
    elif kind == "embedding":
        def unit(k: int) -> np.ndarray:
            v = rng.standard_normal((k, EMBEDDING_DIMS))
            return np.asarray(v / np.linalg.norm(v, axis=1, keepdims=True))

        a = unit(rows)
        b = a if form == "peer" else unit(cols)
        scores = a @ b.T
        if form == "peer":  # exact symmetry despite float rounding
            scores = np.triu(scores, 1)
            scores += scores.T
        np.clip(scores, 0.0, 1.0, out=scores)
    else:
        raise ValueError(f"unknown score kind {kind!r}")
    np.round(scores, 4, out=scores)
    if form == "peer":
        np.fill_diagonal(scores, np.nan)
    return Instance(name=synthetic_name(form, kind, n), form=form, n_rows=rows, n_cols=cols, capacity=capacity,
                    dense=scores)


def synthetic_input_mb(form: str, n: int) -> float:
    rows, cols, _ = synthetic_shape(form, n)
    return rows * cols * 8 / 2**20


# --- OR-Library linear assignment ----------------------------------------------------------


@lru_cache(maxsize=1)
def orlib_optima() -> dict[str, int]:
    out = {}
    for line in data_file("orlib_assign/assignopt.txt").read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            out[parts[0]] = int(parts[1])
    return out


def orlib(name: str) -> Instance:
    """Dense ``assignN`` (n, then n x n costs) or sparse ``assignpN`` (n, then ``i j c`` per arc, 1-based)."""
    values = np.array(data_file(f"orlib_assign/{name}.txt").read_text().split(), dtype=np.int64)
    n = int(values[0])
    optimum = float(orlib_optima()[name])
    if name.startswith("assignp"):
        triples = values[1:].reshape(-1, 3)
        return Instance(name=f"orlib-{name}", form="1:1", n_rows=n, n_cols=n, rows=triples[:, 0] - 1,
                        cols=triples[:, 1] - 1, weights=triples[:, 2].astype(float), minimize=True, optimum=optimum)
    costs = values[1 : 1 + n * n].reshape(n, n).astype(float)
    return Instance(name=f"orlib-{name}", form="1:1", n_rows=n, n_cols=n, dense=costs, minimize=True,
                    optimum=optimum)


# --- maximum-weight matching in general graphs ---------------------------------------------


@lru_cache(maxsize=1)
def _wm_lines() -> tuple[str, ...]:
    return tuple(line for line in data_file("weighted_matching/weighted_matching_small.dat").read_text().splitlines() if line.split())


def wm_count() -> int:
    return len(_wm_lines())


def weighted_matching(k: int) -> Instance:
    """Graph ``k`` (0-based) of weighted_matching_small.dat: ``ANSWER NV NE`` then ``u v w`` per edge."""
    values = np.array(_wm_lines()[k].split(), dtype=np.int64)
    answer, n_vertices, n_edges = (int(x) for x in values[:3])
    triples = values[3 : 3 + 3 * n_edges].reshape(-1, 3)
    a, b = np.minimum(triples[:, 0], triples[:, 1]), np.maximum(triples[:, 0], triples[:, 1])
    return Instance(name=f"wm-{k:03d}", form="peer", n_rows=n_vertices, n_cols=n_vertices, rows=a, cols=b,
                    weights=triples[:, 2].astype(float), optimum=float(answer))
