"""A solved matching: pairs, the unmatched and why, solver status, explanations."""

from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .exceptions import InfeasibleError, NoSolutionError
from .explain import Language, pair_sentence, unmatched_reason
from .models import Programme
from .scoring import COMPONENTS, SCALE
from .status import Status

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .models import Cohort
    from .scoring import ScoreTable

__all__ = ["Matching", "PAIR_COLUMNS", "UNMATCHED_COLUMNS"]

PAIR_COLUMNS = ("group_id", "kind", "mentor_id", "mentee_id", "score", *COMPONENTS)
UNMATCHED_COLUMNS = ("participant_id", "role", "reason")


@dataclass(frozen=True, eq=False)
class Matching:
    """The result of :func:`mentorpair.match`.

    Attributes
    ----------
    pairs
        One row per mentor–mentee pair: ``group_id`` (a mentor's mentees share
        it), ``kind``, ``mentor_id``, ``mentee_id``, ``score`` and one column per
        score component; the components add up to ``score``.
    unmatched
        ``participant_id``, ``role`` and ``reason`` for everyone not in a pair.
    status
        A :class:`Status`; only OPTIMAL means proved best.
    objective, bound, gap
        Total score of the last objective stage solved, the solver's proven
        upper bound for it, and the relative gap between the two.
    conflicts
        When INFEASIBLE, a small set of hard rules that cannot all hold.
    encoder_id
        Which encoder produced the goal-text similarities.
    """

    pairs: pd.DataFrame
    unmatched: pd.DataFrame
    status: Status
    objective: float | None
    bound: float | None
    gap: float | None
    conflicts: tuple[str, ...]
    encoder_id: str
    programme: Programme
    stage_values: dict[str, float]
    seconds: float
    _cohort: Cohort = field(repr=False)
    _table: ScoreTable = field(repr=False)
    _chosen: tuple[int, ...] = field(repr=False)
    _unmatched_facts: dict[str, dict[str, Any]] = field(repr=False)

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
        ids = set(self.pairs["mentor_id"]) | set(self.pairs["mentee_id"])
        return tuple(p.id for p in self._cohort if p.id in ids)

    @property
    def weakest_score(self) -> float | None:
        return None if self.pairs.empty else float(self.pairs["score"].min())

    # --- words ------------------------------------------------------------
    def explain(self, participant_id: str, language: Language = "en") -> str:
        """A paragraph on this participant's pair(s), or on why they are unmatched."""
        if language not in ("en", "fi"):
            raise ValueError(f"language must be 'en' or 'fi', got {language!r}")
        if participant_id not in self._cohort:
            raise KeyError(f"no participant {participant_id!r} in this matching's cohort")
        t = self._table
        people = t.participants
        texts = []
        for a in self._chosen:
            giver, receiver = people[int(t.giver[a])], people[int(t.receiver[a])]
            if participant_id in (giver.id, receiver.id):
                texts.append(
                    pair_sentence(
                        giver, receiver, "traditional",
                        units={c: int(t.units[c][a]) for c in COMPONENTS},
                        raw={c: float(t.raw[c][a]) for c in COMPONENTS},
                        similarity=float(t.similarity[a]),
                        encoder_id=self.encoder_id,
                        language=language,
                    )
                )
        if texts:
            return "\n".join(texts)
        reason = unmatched_reason(self._cohort[participant_id], language=language,
                                  **self._unmatched_facts[participant_id])
        return (f"{participant_id} is not matched: {reason}." if language == "en" else
                f"{participant_id} jäi ilman paria: {reason}.")

    def unmatched_in(self, language: Language) -> pd.DataFrame:
        """``unmatched`` with its reasons in the given language."""
        frame = self.unmatched.copy()
        frame["reason"] = [
            unmatched_reason(self._cohort[pid], language=language, **self._unmatched_facts[pid])
            for pid in frame["participant_id"]
        ]
        return frame

    def summary(self) -> str:
        n = len(self._cohort)
        lines = [
            f"status: {self.status}",
            f"matched: {len(self.matched_ids)} of {n} participants in {len(self.pairs)} pairs",
            f"weakest pair: {self.weakest_score:.4f}" if self.weakest_score is not None else "weakest pair: -",
            f"total score: {self.objective:.4f} (bound {self.bound:.4f}, gap {self.gap:.2%})"
            if self.objective is not None and self.bound is not None and self.gap is not None else "total score: -",
            f"encoder: {self.encoder_id}",
        ]
        if self.conflicts:
            lines.append("conflicting rules:")
            lines += [f"  - {c}" for c in self.conflicts]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (f"Matching(status={self.status}, pairs={len(self.pairs)}, unmatched={len(self.unmatched)}, "
                f"objective={self.objective})")

    def _repr_html_(self) -> str:
        head = "".join(f"<li>{html.escape(line)}</li>" for line in self.summary().splitlines())
        return f"<div><ul>{head}</ul>{self.pairs.to_html(index=False, escape=True)}</div>"

    # --- export -----------------------------------------------------------
    def to_pandas(self) -> pd.DataFrame:
        """Pairs and unmatched in one table, one row per participant-role."""
        import pandas as pd

        unmatched = self.unmatched.rename(columns={"participant_id": "mentee_id"})
        return pd.concat([self.pairs.assign(matched=True), unmatched.assign(matched=False)], ignore_index=True)

    def to_csv(self, path: str | os.PathLike[str], *, sep: str = ",", decimal: str = ".") -> None:
        """Write pairs then unmatched as one CSV (``sep=";", decimal=","`` for Finnish Excel)."""
        from .export import neutralise_formulas

        neutralise_formulas(self.to_pandas()).to_csv(path, sep=sep, decimal=decimal, index=False, encoding="utf-8")

    def to_excel(self, path: str | os.PathLike[str], *, language: Language = "en") -> None:
        """Write a workbook with sheets Pairs, Unmatched, Explanations and Rules."""
        from .export import write_workbook

        write_workbook(self, path, language=language)


def score_float(units: int) -> float:
    return units / SCALE
