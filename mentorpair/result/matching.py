"""A solved matching: pairs, the unmatched and why, solver status, explanations."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..exceptions import InfeasibleError, MentorPairError, NoSolutionError
from ..model.options import SolveOptions
from ..model.programme import Programme
from ..model.vocab import COMPONENTS
from ..status import Status
from .explain import Language, pair_sentence, rule_text, unmatched_reason
from .export import neutralise_formulas, write_workbook
from .facts import PairFacts, RuleFacts, UnmatchedFacts, proof_frame
from .html import matching_html
from .plot import plot_matching

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from ..model.cohort import Cohort
    from ..scoring.table import ScoreTable

__all__ = ["Matching", "MatchingRecord", "PAIR_COLUMNS", "UNMATCHED_COLUMNS", "objective_bound_gap"]

PAIR_COLUMNS = ("group_id", "kind", "mentor_id", "mentee_id", "score", *COMPONENTS, "cohesion")
UNMATCHED_COLUMNS = ("participant_id", "role", "reason")


@dataclass(frozen=True, eq=False)
class MatchingRecord:
    """What a matching says, as saved and reloaded (see :mod:`mentorpair.result.persist`).

    Attributes
    ----------
    pairs
        One row per pair: ``group_id`` (a mentor's mentees, or a peer pair,
        share it), ``kind``, ``mentor_id``, ``mentee_id`` (for peers, the two
        peers), ``score`` and one column per score component; the components
        add up to ``score``.
    unmatched
        ``participant_id``, ``role`` and ``reason`` for everyone not in a pair.
    status
        A :class:`Status`; only OPTIMAL means proved best.
    objective, bound, gap
        Total score of the matching, a proven upper bound on it where known,
        and the relative gap between the two.
    conflicts
        When INFEASIBLE, a minimal set of hard rules that cannot all hold.
    relaxation
        When INFEASIBLE, the fewest hard rules whose removal makes a matching possible.
    encoder_id
        Which encoder produced the goal-text similarities.
    programme
        The rules the matching was made under; ``None`` for :func:`~mentorpair.assign` and
        :func:`~mentorpair.pair_peers`, whose callers give scores, not rules.
    """

    pairs: pd.DataFrame
    unmatched: pd.DataFrame
    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    conflicts: tuple[str, ...]
    relaxation: tuple[str, ...]
    encoder_id: str
    programme: Programme | None


@dataclass(frozen=True, eq=False)
class Matching(MatchingRecord):
    """The result of :func:`mentorpair.match`: a :class:`MatchingRecord` that can also explain itself.

    Attributes
    ----------
    stage_values
        The optimum (or best found) of each objective stage, in order.
    seconds
        Time the solver took.
    options
        How the solve ran: objective, time limit, seed, workers.
    warnings
        What the status would claim but the search left unproven, in words
        (e.g. infeasible, but no conflicting rules found within the time limit).
    proof
        One row per stage: the value reached, the bound proven (None when
        nothing above the value is), whether it is proven optimal, the engine
        that reached and proved it, and its seconds.
    """

    stage_values: dict[str, float]
    seconds: float
    options: SolveOptions = SolveOptions()
    warnings: tuple[str, ...] = ()
    proof: pd.DataFrame = field(default_factory=lambda: proof_frame((), 1))
    # Present for cohort matchings; None for the low-level entry points, whose
    # scores come from the caller and so cannot be explained part by part.
    _cohort: Cohort | None = field(default=None, repr=False)
    _table: ScoreTable | None = field(default=None, repr=False)
    # What is known of each pair and each unmatched person, gathered once (mentorpair.result.facts).
    _pair_facts: tuple[PairFacts, ...] = field(default=(), repr=False)
    _pairs_of: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _unmatched_facts: dict[str, UnmatchedFacts] = field(default_factory=dict, repr=False)
    _rules: RuleFacts = field(default_factory=RuleFacts, repr=False)

    # --- status -----------------------------------------------------------
    def raise_for_status(self) -> Matching:
        """Raise if there is no usable matching; return self otherwise (for chaining)."""
        if self.status is Status.INFEASIBLE:
            raise InfeasibleError(self.conflicts)
        if not self.status.has_solution:
            raise NoSolutionError(f"no matching found (status {self.status})")
        return self

    @property
    def matched_ids(self) -> tuple[str, ...]:
        """Everyone in a pair, in input order where the input is a cohort."""
        ids = set(self.pairs["mentor_id"]) | set(self.pairs["mentee_id"])
        if self._cohort is None:
            return tuple(sorted(ids))
        return tuple(p.id for p in self._cohort if p.id in ids)

    def _explainable(self) -> tuple[Cohort, ScoreTable]:
        if self._cohort is None or self._table is None:
            raise MentorPairError("this matching was made from caller-given scores (assign / pair_peers); "
                                  "there are no score components to explain")
        return self._cohort, self._table

    @property
    def weakest_score(self) -> float | None:
        return None if self.pairs.empty else float(self.pairs["score"].min())

    # --- words ------------------------------------------------------------
    def explain(self, participant_id: str, language: Language = "en") -> str:
        """A paragraph on this participant's pair(s), or on why they are unmatched."""
        if language not in ("en", "fi"):
            raise ValueError(f"language must be 'en' or 'fi', got {language!r}")
        cohort, t = self._explainable()
        if participant_id not in cohort:
            raise KeyError(f"no participant {participant_id!r} in this matching's cohort")
        people = t.participants
        texts = []
        # Only this person's own pairs are read: an explanation costs the same at any cohort size.
        for f in (self._pair_facts[i] for i in self._pairs_of.get(participant_id, ())):
            texts.append(
                pair_sentence(
                    people[f.giver], people[f.receiver], f.kind,
                    units=f.units,
                    raw=f.raw,
                    similarity=f.similarity,
                    encoder_id=self.encoder_id,
                    language=language,
                    cohesion_units=f.cohesion_units,
                    co_mentees=f.co_mentees,
                    phrase_matches=t.phrase_matches(f.arc),
                    inferred_areas=t.inferred_areas,
                )
            )
        if texts:
            return "\n".join(texts)
        reason = unmatched_reason(cohort[participant_id], self._unmatched_facts[participant_id], language=language)
        return (f"{participant_id} is not matched: {reason}." if language == "en" else
                f"{participant_id} jäi ilman paria: {reason}.")

    def unmatched_in(self, language: Language) -> pd.DataFrame:
        """``unmatched`` with its reasons in the given language."""
        if self._cohort is None or language == "en":
            return self.unmatched.copy()
        cohort = self._cohort
        frame = self.unmatched.copy()
        frame["reason"] = [
            unmatched_reason(cohort[pid], self._unmatched_facts[pid], language=language)
            for pid in frame["participant_id"]
        ]
        return frame

    def conflicts_in(self, language: Language) -> tuple[str, ...]:
        """``conflicts`` worded in the given language (``"en"`` gives ``conflicts`` itself)."""
        if language == "en" or not self._rules.conflicts:
            return self.conflicts
        return tuple(sorted(rule_text(r, language) for r in self._rules.conflicts))

    def relaxation_in(self, language: Language) -> tuple[str, ...]:
        """``relaxation`` worded in the given language."""
        if language == "en" or not self._rules.relaxation:
            return self.relaxation
        return tuple(rule_text(r, language) for r in self._rules.relaxation)

    def summary(self) -> str:
        n = len(self._cohort) if self._cohort is not None else len(self.matched_ids) + len(self.unmatched)
        lines = [
            f"status: {self.status}",
            f"matched: {len(self.matched_ids)} of {n} participants in {len(self.pairs)} pairs",
            f"weakest pair: {self.weakest_score:.4f}" if self.weakest_score is not None else "weakest pair: -",
            _total_line(self.objective, self.bound, self.gap),
            f"encoder: {self.encoder_id}",
        ]
        if self.conflicts:
            lines.append("conflicting rules:")
            lines += [f"  - {c}" for c in self.conflicts]
        lines += [f"warning: {w}" for w in self.warnings]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"Matching(status={self.status}, pairs={len(self.pairs)}, unmatched={len(self.unmatched)}, "
                f"objective={self.objective})")

    def _repr_html_(self) -> str:
        return matching_html(self)

    def plot(self, path: str | os.PathLike[str] | None = None) -> Figure:
        """Score distribution, score parts per pair and who is unmatched; saved to ``path`` if given.

        Needs ``mentorpair[plot]`` (matplotlib).
        """

        return plot_matching(self, path)

    # --- export -----------------------------------------------------------
    def to_pandas(self) -> pd.DataFrame:
        """Pairs and unmatched in one table, one row per participant-role."""

        # Unmatched people keep their own participant_id column: they are neither mentor nor mentee.
        return pd.concat([self.pairs.assign(matched=True), self.unmatched.assign(matched=False)], ignore_index=True)

    def to_csv(self, path: str | os.PathLike[str], *, sep: str = ",", decimal: str = ".") -> None:
        """Write pairs then unmatched as one CSV (``sep=";", decimal=","`` for Finnish Excel)."""

        # utf-8-sig: with the byte-order mark Excel shows ä and ö correctly.
        neutralise_formulas(self.to_pandas()).to_csv(path, sep=sep, decimal=decimal, index=False, encoding="utf-8-sig")

    def to_excel(self, path: str | os.PathLike[str], *, language: Language = "en") -> None:
        """Write a workbook with sheets Pairs, Unmatched, Explanations and Rules."""

        write_workbook(self, path, language=language)



def objective_bound_gap(outcome: Any, total: float, scale: int) -> tuple[float | None, float | None, float | None]:
    """The matching's total score, a proven upper bound on it, and the relative gap.

    The bound is the solver's when the total stage ran: no matching at least
    as good on the earlier stages has a larger total. A proved optimum is its
    own bound; otherwise no bound is known.
    """
    if not outcome.status.has_solution:
        return None, None, None
    if outcome.status.value == "OPTIMAL":
        return total, total, 0.0
    # The total stage ran (perhaps after an earlier stage stopped unproven): CP-SAT's bound holds
    # among matchings at least as good as this one on the earlier stages.
    if "total" in outcome.stage_values and outcome.bound is not None:
        bound = max(outcome.bound / scale, total)
        return total, bound, (bound - total) / max(abs(total), 1e-9)
    return total, None, None


def _total_line(objective: float | None, bound: float | None, gap: float | None) -> str:
    if objective is None:
        return "total score: -"
    if bound is None or gap is None:
        return f"total score: {objective:.4f} (no proven bound)"
    return f"total score: {objective:.4f} (bound {bound:.4f}, gap {gap:.2%})"
