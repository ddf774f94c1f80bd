"""The exact engine for programmes where everyone is in at most one pair: Edmonds' blossom.

With every capacity 1, one role each, no groups, no hard requirements and no
cohesion, a matching of people is a matching of a general graph (a mentor–mentee
arc and a peer arc are both an edge), and every stage order that starts with
coverage or total is polynomial:

- coverage: a maximum-cardinality matching (two people per pair);
- fairness: the largest score level at which the edges scoring at least that
  much still hold a matching as large (bisection over the levels, each probe a
  cardinality matching);
- total: a maximum-weight matching among the maximum-cardinality ones on those
  edges (or, total alone, a maximum-weight matching).

rustworkx's compiled blossom (integer weights) matches 1,000 people with 20,000
allowed pairs in 0.26 s here, so the answer is proven over every allowed pair
and CP-SAT is not needed. Parallel arcs between two people (a traditional and
a peer arc, say) become one edge carrying the better score.
"""

from __future__ import annotations

import time

import numpy as np

from ..model.options import SolveOptions
from ..model.programme import Programme, solve_stages
from ..model.vocab import KEPT_STAGE, KIND_PEER
from ..scoring.table import ScoreTable
from ..status import Status
from .levels import highest_level
from .problem import ArcProblem, Outcome, StageProof
from .stage_values import stage_value

__all__ = ["ORDERS", "blossom_fits", "blossom_may_fit", "solve_blossom"]

#: the stage orders the blossom answers exactly
ORDERS = (("coverage", "fairness", "total"), ("coverage", "total"), ("coverage", "fairness"), ("coverage",),
          ("total",))
_ENGINE = "blossom (rustworkx)"


def blossom_may_fit(programme: Programme) -> bool:
    """Whether the rules alone leave the blossom possible: checked before a problem over every
    allowed pair is built, so the other rules do not pay for building it. Fixed pairs may: they
    are kept by the arcs (:func:`fixed_pair_arcs`), not by the solver."""
    # With max_mentees_per_mentor=None capacities are as stated: blossom_fits sees whether all are 1.
    return (tuple(programme.objective) in ORDERS and "group" not in programme.forms
            and not programme.require_all and programme.max_mentees_per_mentor in (1, None)
            and not programme.balance  # balance rules couple the pairs: CP-SAT states them
            and programme.stability_delta is None  # no blocking pairs: a rule over the arcs left unchosen
            and programme.wishes != "hard-if-possible")


def fixed_pair_arcs(table: ScoreTable, programme: Programme, allowed: np.ndarray) -> np.ndarray | None:
    """``allowed`` less every other arc of the fixed pairs' people, or None where that does not hold them.

    Where everyone is in at most one pair, with every other arc of the fixed pairs'
    people taken out each fixed pair is in every maximum matching (a matching without
    it can add it), so each stage the blossom solves from coverage is solved among
    matchings that hold every fixed pair. ``total`` alone keeps only pairs that add
    score, so a fixed pair that adds none is left to CP-SAT; so are fixed pairs that
    share a person, one the rules block, and a table of each person's best pairs only.
    """
    if not table.complete:
        return allowed if not programme.fixed_pairs else None
    if not programme.fixed_pairs:
        return allowed
    ids = {p.id: i for i, p in enumerate(table.participants)}
    fixed = list(dict.fromkeys(programme.fixed_pairs))
    people = [pid for pair in fixed for pid in pair]
    if any(pid not in ids for pid in people) or len(set(people)) != len(people):
        return None
    giver, receiver, kind = table.giver[allowed], table.receiver[allowed], table.kind[allowed]
    held = np.array([ids[pid] for pid in people], dtype=np.int64)
    keep = ~(np.isin(giver, held) | np.isin(receiver, held))
    only_total = tuple(programme.objective) == ("total",)
    for a, b in fixed:
        first, second = ids[a], ids[b]
        # What a fixed pair allows: the first's arcs to the second, and a peer arc in either order.
        own = (((giver == first) & (receiver == second))
               | ((kind == KIND_PEER) & (giver == second) & (receiver == first)))
        if not own.any() or (only_total and int(table.score[allowed[own]].max()) <= 0):
            return None
        keep |= own
    return allowed[keep]


def blossom_fits(problem: ArcProblem, options: SolveOptions) -> bool:
    """Whether every person is in at most one arc and the stage order is one the blossom answers."""
    no = np.zeros(len(problem.giver), dtype=bool)
    return (tuple(options.objective) in ORDERS and not problem.requirements and problem.honour is None
            and not problem.cohesion
            and not problem.clashes and bool(np.all(problem.capacity == 1)) and bool(np.all(problem.exclusive))
            and not bool((problem.group if problem.group is not None else no).any()))


def solve_blossom(problem: ArcProblem, options: SolveOptions) -> Outcome:
    """The lexicographic optimum of ``options.objective``, proven (see the module docstring)."""
    # rustworkx loads only when this engine runs
    import rustworkx as rx

    started = time.perf_counter()
    stages = tuple(options.objective)
    best = _best_arc_per_pair(problem)
    ends_a, ends_b = problem.giver[best], problem.receiver[best]
    scores = problem.score[best].astype(np.int64)
    pair_keys = np.minimum(ends_a, ends_b).astype(np.int64) * problem.n_people + np.maximum(ends_a, ends_b)
    key_order = np.argsort(pair_keys, kind="stable")
    sorted_keys = pair_keys[key_order]

    def size(keep: np.ndarray) -> int:
        """How many pairs a maximum-cardinality matching of the kept edges has."""
        graph = rx.PyGraph(multigraph=False)
        graph.add_nodes_from(range(problem.n_people))
        kept = np.flatnonzero(keep)
        # Edges without payloads and one default weight: no Python call per edge.
        graph.add_edges_from_no_data(list(zip(ends_a[kept].tolist(), ends_b[kept].tolist())))
        return len(rx.max_weight_matching(graph, max_cardinality=True, default_weight=1, verify_optimum=False))

    def matching(keep: np.ndarray, weights: np.ndarray | None, *, most_pairs: bool) -> np.ndarray:
        """Positions (into ``best``) of a maximum-(weight) matching on the kept edges."""
        graph = rx.PyGraph(multigraph=False)
        graph.add_nodes_from(range(problem.n_people))
        kept = np.flatnonzero(keep)
        if weights is None:
            # Cardinality only: edges without payloads and one default weight, no Python call per edge.
            graph.add_edges_from_no_data(list(zip(ends_a[kept].tolist(), ends_b[kept].tolist())))
            pairs = rx.max_weight_matching(graph, max_cardinality=most_pairs, default_weight=1, verify_optimum=False)
        else:
            graph.add_edges_from(list(zip(ends_a[kept].tolist(), ends_b[kept].tolist(), weights[kept].tolist())))
            pairs = rx.max_weight_matching(graph, max_cardinality=most_pairs, weight_fn=int, verify_optimum=False)
        if not pairs:
            return np.zeros(0, dtype=np.int64)
        # Each two people have one edge (``best``): find the matched ones by their sorted pair keys.
        ends = np.array(sorted(pairs), dtype=np.int64)
        found = np.searchsorted(sorted_keys, ends.min(axis=1) * problem.n_people + ends.max(axis=1))
        return np.sort(key_order[found])

    def heaviest(keep: np.ndarray, *, most_pairs: bool) -> np.ndarray:
        """Positions of a maximum-weight (among maximum-cardinality, if ``most_pairs``) matching on the kept edges.

        The weighted blossom, not the peer engine's LP: the LP was faster on 1,000 people
        (1.7 s against 3.9 s) but took 147 s on 5,000, where its exact finish fell back to
        networkx on 4,800 pairs; the blossom's time grows smoothly with the edges.
        """
        # Every candidate has the same number of pairs, so shifting the weights positive changes no choice.
        shifted = scores - int(scores[keep].min(initial=0)) + 1
        # Kept pairs first (``kept`` is all 0 without them): a kept edge outweighs any sum of scores.
        return matching(keep, big * kept + (shifted if most_pairs else scores), most_pairs=most_pairs)

    everything = np.ones(len(best), dtype=bool)
    values: dict[str, int] = {}
    # An edge counts in the kept stage once per announced pair (problem.keep) its arc keeps: a peer
    # arc keeps both (A, B) and (B, A) when both are listed, as CP-SAT counts them.
    kept = _keeps(problem)[best]
    big = 2 * (problem.n_people // 2 + 1) * (int(np.abs(scores).max(initial=0)) + 1)
    # Most pairs, then most kept pairs; None: most pairs alone (a plain cardinality matching, the fast path).
    by_kept = None if problem.keep is None else 1 + kept
    if stages == ("total",):
        # Edges that keep nothing and lose score are in no optimum.
        chosen = heaviest((scores > 0) | (kept > 0), most_pairs=False)
    else:
        first = matching(everything, by_kept, most_pairs=True)
        pairs, most_kept = len(first), int(kept[first].sum())
        keep = everything

        def holds(level: int) -> bool:
            """Whether the edges scoring at least ``level`` still hold as many pairs (and kept pairs)."""
            if problem.keep is None:
                return size(scores >= level) == pairs
            found = matching(scores >= level, by_kept, most_pairs=True)
            return len(found) == pairs and int(kept[found].sum()) == most_kept

        if "fairness" in stages and pairs:
            levels = np.unique(scores)
            # The first matching found is as large as any (and keeps as many), so its weakest pair is a
            # level known to hold.
            start = int(np.searchsorted(levels, scores[first].min()))
            lo, _ = highest_level(levels, start, holds)
            keep = scores >= levels[lo]
        chosen = heaviest(keep, most_pairs=True) if "total" in stages else matching(keep, by_kept, most_pairs=True)
    arcs = np.sort(best[chosen])
    shown = problem.score[arcs]
    for stage in solve_stages(stages, wishes=False, kept=problem.keep is not None):
        values[stage] = {"coverage": 2 * len(arcs), "fairness": int(shown.min()) if len(arcs) else 0,
                         "total": int(shown.sum()), KEPT_STAGE: stage_value(problem, KEPT_STAGE, arcs)}[stage]
    seconds = time.perf_counter() - started
    rows = [StageProof(s, v, float(v), True, _ENGINE, seconds if i == len(values) - 1 else None)
            for i, (s, v) in enumerate(values.items())]
    return Outcome(Status.OPTIMAL, arcs, values, objective=values.get("total"),
                   bound=None if "total" not in values else float(values["total"]), seconds=seconds,
                   proof=tuple(rows))


def _keeps(problem: ArcProblem) -> np.ndarray:
    """For each arc, how many announced pairs (``problem.keep``) it keeps."""
    found = [a for req in problem.keep or () for a in req.arcs]
    return np.bincount(np.array(found, dtype=np.int64), minlength=len(problem.giver)).astype(np.int64)


def _best_arc_per_pair(problem: ArcProblem) -> np.ndarray:
    """For each two people with an arc, the arc (position) with the best score, after the arc that keeps
    the most announced pairs: the kept stage comes before every score stage (the reverse arc of a
    mentor's pair keeps nothing; a peer arc keeps the pair in either order)."""
    a = np.minimum(problem.giver, problem.receiver)
    b = np.maximum(problem.giver, problem.receiver)
    order = np.lexsort((-problem.score, -_keeps(problem), b, a))  # by pair, most kept first, then best score
    keys = a[order] * problem.n_people + b[order]
    first = np.ones(len(order), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return np.asarray(np.sort(order[first]), dtype=np.int64)
