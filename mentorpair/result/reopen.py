"""A saved matching made explainable again from its own pairs, without solving.

Solving a second time may give other pairs than the ones announced (an equally
good optimum, other rules, a time limit), so explaining a saved result never
solves: the cohort is scored again under the saved rules, each saved pair is
found in the score table, and the Matching is assembled with exactly those
arcs chosen, the same way :func:`mentorpair.match` assembles its own.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np

from ..exceptions import Problem, ValidationError
from ..model.cohort import Cohort
from ..scoring.table import ScoreTable, build_score_table
from ..solve.arcs import arc_problem
from ..solve.problem import Outcome
from ..solve.requirements import hard_requirements
from ..text.encoders import Encoder
from .assemble import assemble_matching
from .explain import rule_text
from .matching import Matching
from .persist import SavedMatching, verify_saved

__all__ = ["reopen_saved"]

#: Saved scores are JSON floats written from the same computation; anything further apart was scored otherwise.
_SCORE_TOLERANCE = 1e-9


def reopen_saved(saved: SavedMatching, cohort: Cohort, encoder: Encoder, *, verify: bool = True) -> Matching:
    """The explainable Matching of ``saved``'s pairs over ``cohort``, under the saved rules.

    The parameters are those of :func:`mentorpair.reopen`, the encoder given.
    ``verify`` is on by default because explaining another cohort's pairs would
    quietly mislead.

    Raises
    ------
    ValidationError
        The findings of ``verify_saved`` (when ``verify``), or the saved pairs
        that are not an allowed pair of this cohort under the saved rules.
    """
    if not isinstance(saved, SavedMatching):
        raise TypeError(f"saved must be a SavedMatching (mentorpair.result.persist.load_matching), "
                        f"got {type(saved).__name__}")
    if not isinstance(cohort, Cohort):
        raise TypeError(f"cohort must be a Cohort (see mentorpair.read_csv), got {type(cohort).__name__}")
    programme = saved.programme
    findings = verify_saved(saved, cohort, programme)
    if findings and verify:
        raise ValidationError([Problem(f) for f in findings], what="saved matching (it is not this cohort's)")
    wanted = _saved_pairs(saved)
    table = build_score_table(cohort, programme, encoder)
    arcs, missing = _find_arcs(table, wanted)
    if missing and not table.complete:
        # A large cohort's table keeps each person's best pairs only, but always the fixed ones.
        extended = replace(programme, fixed_pairs=tuple(dict.fromkeys([*programme.fixed_pairs,
                                                                        *((g, r) for _, g, r in missing)])))
        table = build_score_table(cohort, extended, encoder)
        arcs, missing = _find_arcs(table, wanted)
    if missing:
        # A group's candidates are each mentor's best-fitting mentees, which another encoder ranks otherwise.
        hint = (f" (it was scored with encoder {saved.encoder_id!r}, this cohort now with {table.encoder_id!r}; "
                "reopen it with the encoder it was made with)" if table.encoder_id != saved.encoder_id else "")
        raise ValidationError(
            [Problem(f"saved {kind} pair {g!r}-{r!r} is not an allowed pair of this cohort under the saved "
                     f"rules{hint}", field="pairs") for kind, g, r in missing],
            what="saved matching",
        )
    allowed = np.flatnonzero(table.feasible)
    requirements = hard_requirements(table, programme, allowed)
    problem = arc_problem(table, programme, allowed, requirements)
    position = {int(a): i for i, a in enumerate(allowed.tolist())}
    # The saved conflicts are English rule texts; found among this programme's rules, they can be
    # worded in any language again (conflicts_in, relaxation_in). Otherwise the saved words stay.
    texts = {rule_text(req.rule, "en"): i for i, req in enumerate(requirements)}  # type: ignore[arg-type]
    outcome = Outcome(
        status=saved.status,
        chosen=np.array(sorted(position[a] for a in arcs), dtype=np.int64),
        conflicts=_positions(saved.conflicts, texts),
        relaxation=_positions(saved.relaxation, texts),
    )
    matching = assemble_matching(cohort, programme, table, problem, allowed, outcome)
    return _as_saved(matching, saved, table, findings)


def _saved_pairs(saved: SavedMatching) -> list[tuple[str, str, str]]:
    columns = [c for c in ("kind", "mentor_id", "mentee_id") if c not in saved.pairs.columns]
    if columns:
        raise ValidationError([Problem(f"has no column {c!r}", field="pairs") for c in columns], what="saved matching")
    return [(str(k), str(g), str(r)) for k, g, r in saved.pairs[["kind", "mentor_id", "mentee_id"]].itertuples(index=False)]


def _find_arcs(table: ScoreTable, wanted: list[tuple[str, str, str]]) -> tuple[list[int], list[tuple[str, str, str]]]:
    """Each saved pair's allowed arc in the table, and the pairs that have none."""
    found: list[int] = []
    missing: list[tuple[str, str, str]] = []
    for kind, giver, receiver in wanted:
        arc = table.index_of(giver, receiver, kind)
        if arc is None or table.blocked[arc]:
            missing.append((kind, giver, receiver))
        else:
            found.append(arc)
    return found, missing


def _positions(saved_texts: tuple[str, ...], texts: dict[str, int]) -> tuple[int, ...]:
    """The requirements worded as the saved texts, or none unless every text is found."""
    if not all(t in texts for t in saved_texts):
        return ()
    return tuple(texts[t] for t in saved_texts)


def _as_saved(matching: Matching, saved: SavedMatching, table: ScoreTable, findings: list[str]) -> Matching:
    """The assembled matching with what the saved file says of it: status, conflicts, how good it was."""
    warnings = list(matching.warnings)
    if table.encoder_id != saved.encoder_id:
        warnings.append(f"the saved matching was scored with encoder {saved.encoder_id!r}, this one with "
                        f"{table.encoder_id!r}: the pairs are the saved ones, but their scores and explanations "
                        "may differ from those announced")
    same_scores = _same_scores(matching, saved)
    if not same_scores:
        warnings.append("the pairs score otherwise than when they were saved: the totals shown are "
                        "this cohort's scores of the saved pairs, not the saved ones")
    warnings += [f"saved matching: {f}" for f in findings]
    return replace(
        matching,
        objective=saved.objective if same_scores else matching.objective,
        bound=saved.bound if same_scores else None,
        gap=saved.gap if same_scores else None,
        conflicts=saved.conflicts,
        relaxation=saved.relaxation,
        # Nothing was solved: no stage reached, no proof, no time.
        stage_values={},
        seconds=0.0,
        warnings=tuple(warnings),
    )


def _same_scores(matching: Matching, saved: SavedMatching) -> bool:
    def key(frame: object) -> dict[tuple[str, str, str], float]:
        return {(str(k), str(g), str(r)): float(s) for k, g, r, s in
                frame[["kind", "mentor_id", "mentee_id", "score"]].itertuples(index=False)}  # type: ignore[index]

    if "score" not in saved.pairs.columns:
        return False
    now, was = key(matching.pairs), key(saved.pairs)
    return now.keys() == was.keys() and all(math.isclose(now[k], was[k], rel_tol=0, abs_tol=_SCORE_TOLERANCE)
                                            for k in now)
