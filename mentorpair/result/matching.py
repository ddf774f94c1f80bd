"""A solved matching: pairs, the unmatched and why, solver status, explanations."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from ..exceptions import InfeasibleError, MentorPairError, NoSolutionError
from ..model.options import SolveOptions
from ..model.programme import Programme
from ..model.vocab import COMPONENTS
from ..scoring.parts import cannot_meet
from ..status import Status
from .balance import balance_frame, balance_lines
from .diff import matching_diff
from .explain import (
    Audience,
    Language,
    TextEvidence,
    check_audience,
    pair_sentence,
    participant_pair_text,
    rule_text,
    unmatched_reason,
)
from .export import write_csv, write_workbook
from .facts import PairFacts, RuleFacts, UnmatchedFacts, proof_frame
from .html import matching_html
from .notes import listed_ids
from .plot import plot_matching
from .stability import blocking_pairs as _blocking_pairs

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from ..model.cohort import Cohort
    from ..scoring.table import ScoreTable
    from ..text.encoders import Encoder

__all__ = ["DecisionLoop", "Matching", "MatchingRecord", "PAIR_COLUMNS", "PAIR_CONTACT_COLUMNS", "UNMATCHED_COLUMNS",
           "UNMATCHED_CONTACT_COLUMNS", "objective_bound_gap", "set_decision_loop"]

#: the names and e-mail addresses beside the ids in ``Matching.pairs`` (empty text where not given)
PAIR_CONTACT_COLUMNS = ("mentor_name", "mentor_email", "mentee_name", "mentee_email")
#: the name and e-mail address beside the id in ``Matching.unmatched``
UNMATCHED_CONTACT_COLUMNS = ("name", "email")
PAIR_COLUMNS = ("group_id", "kind", "mentor_id", "mentee_id", *PAIR_CONTACT_COLUMNS, "score", *COMPONENTS, "cohesion")
UNMATCHED_COLUMNS = ("participant_id", *UNMATCHED_CONTACT_COLUMNS, "role", "reason")


class DecisionLoop(Protocol):
    """What :meth:`Matching.why_not` and :meth:`Matching.alternatives` delegate to (:mod:`mentorpair.decide`)."""

    def why_not(self, matching: Matching, a: str, b: str, *, encoder: Encoder | None = None,
                language: Language = "en") -> str: ...

    def alternatives(self, matching: Matching, participant_id: str, k: int = 5, *, encoder: Encoder | None = None,
                     language: Language = "en") -> pd.DataFrame: ...


# Answering "why not?" solves again, which the result layer may not do (docs/architecture.md):
# mentorpair.decide, imported with the package, hands itself in here, and the methods delegate.
_decision_loop: list[DecisionLoop] = []


def set_decision_loop(loop: DecisionLoop) -> None:
    """Called once by :mod:`mentorpair.decide` when it is imported."""
    _decision_loop[:] = [loop]


@dataclass(frozen=True, eq=False)
class MatchingRecord:
    """What a matching says, as saved and reloaded (see :mod:`mentorpair.result.persist`).

    Attributes
    ----------
    pairs
        One row per pair: ``group_id`` (a mentor's mentees, or a peer pair,
        share it), ``kind``, ``mentor_id``, ``mentee_id`` (for peers, the two
        peers), ``mentor_name``, ``mentor_email``, ``mentee_name``,
        ``mentee_email`` (empty text where the sign-up gave none), ``score``
        and one column per score component; the components add up to ``score``.
        The low-level :func:`~mentorpair.assign` and :func:`~mentorpair.pair_peers`
        know only ids: their pairs have ``group_id``, ``kind``, ``mentor_id``,
        ``mentee_id`` and ``score``, without name or e-mail columns.
    unmatched
        ``participant_id``, ``name``, ``email``, ``role`` and ``reason`` for
        everyone not in a pair (``participant_id``, ``role`` and ``reason`` from
        the low-level entry points).
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

    @property
    def id_pairs(self) -> list[tuple[str, str]]:
        """``(mentor_id, mentee_id)`` of each pair (for peers, the two peers), in pair order."""
        return [(str(a), str(b)) for a, b in zip(self.pairs["mentor_id"], self.pairs["mentee_id"])]


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
            raise InfeasibleError(self.conflicts, self.relaxation)
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
    def balance(self) -> pd.DataFrame:
        """What the matching reached on each of ``Programme.balance``'s rules
        (:func:`mentorpair.result.balance.balance_frame`); empty without them."""
        return balance_frame(self.pairs, self.programme, self._cohort)

    def balance_in(self, language: Language = "en") -> tuple[str, ...]:
        """The summary's lines on balance, in English (``"en"``) or Finnish (``"fi"``)."""
        return balance_lines(self.balance, language, unmatched=len(self.unmatched),
                             held_out=sum(1 for f in self._unmatched_facts.values() if f.held_out_by_share))

    @property
    def weakest_score(self) -> float | None:
        return None if self.pairs.empty else float(self.pairs["score"].min())

    # --- words ------------------------------------------------------------
    def explain(self, participant_id: str, language: Language = "en", audience: Audience = "coordinator") -> str:
        """A paragraph on this participant's pair(s), or on why they are unmatched.

        ``audience="coordinator"`` (the default) gives every score part with its
        number and what it rests on, the encoder and the ids, and ends each pair
        with "Parts: a + b = t." ("Osat: …" in Finnish, with decimal commas).
        ``audience="participant"`` gives the text to forward to the participant:
        addressed to them, naming only their partner (by name, else by id; a
        group's other mentees are counted, not named), quoting what meets what
        in the two people's own words, with a common language and how they can
        meet, and with no number with a decimal, no encoder and no other participant.
        """
        if language not in ("en", "fi"):
            raise ValueError(f"language must be 'en' or 'fi', got {language!r}")
        check_audience(audience)
        cohort, _ = self._explainable()
        if participant_id not in cohort:
            raise KeyError(f"no participant {participant_id!r} in this matching's cohort")
        texts = self._pair_texts(participant_id, language, audience)
        if texts:
            return "\n".join(texts.values())
        reason = unmatched_reason(cohort[participant_id], self._unmatched_facts[participant_id], language=language,
                                  audience=audience)
        if audience == "participant":
            return (f"You have no pair this time: {reason}." if language == "en" else
                    f"Sinulle ei löytynyt paria tällä kertaa: {reason}.")
        return (f"{participant_id} is not matched: {reason}." if language == "en" else
                f"{participant_id} jäi ilman paria: {reason}.")

    def _pair_texts(self, participant_id: str, language: Language, audience: Audience) -> dict[int, str]:
        """This participant's paragraph on each of their pairs, by the pair's row in ``pairs``."""
        cohort, t = self._explainable()
        people = t.participants
        programme = self.programme
        wishes_ignored = programme is not None and programme.wishes == "ignore"
        is_domain = programme is not None and programme.organisation_key == "email_domain"
        mine = self._partners(participant_id)
        past = programme.past_pairs if programme is not None else {}
        timed = programme is not None and programme.availability == "soft"
        texts: dict[int, str] = {}
        # Only this person's own pairs are read (and, for the coordinator, each partner's): an explanation
        # costs the same at any cohort size.
        for i in self._pairs_of.get(participant_id, ()):
            f = self._pair_facts[i]
            organisation = t.organisations[f.giver] if t.organisations else ""
            if audience == "participant":
                # The sign-ups as written: goal areas the table inferred are not the participant's own words.
                giver, receiver = cohort[people[f.giver].id], cohort[people[f.receiver].id]
                evidence = TextEvidence(f.similarity, self.encoder_id, t.phrase_matches(f.arc), t.inferred_areas)
                texts[i] = participant_pair_text(
                    giver if giver.id == participant_id else receiver, giver, receiver, f.kind, f.raw, evidence,
                    language, co_mentees=len(f.co_mentees), organisation=organisation,
                    organisation_is_domain=is_domain, reader_partners=mine,
                    wishes_ignored=wishes_ignored, paired_in=past.get(frozenset((giver.id, receiver.id))),
                    availability_scored=timed)
                continue
            ends = (people[f.giver].id, people[f.receiver].id)
            texts[i] = (
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
                    shared_words=t.shared_words(f.arc),
                    inferred_areas=t.inferred_areas,
                    organisation=organisation,
                    organisation_is_domain=is_domain,
                    partners={pid: mine if pid == participant_id else self._partners(pid) for pid in ends},
                    wishes_ignored=wishes_ignored,
                    paired_in=past.get(frozenset(ends)),
                    availability_scored=timed,
                )
            )
        return texts

    def _partners(self, participant_id: str) -> frozenset[str]:
        """Everyone ``participant_id`` is paired with, from their own pairs only."""
        people = self._explainable()[1].participants
        ends = ((people[f.giver].id, people[f.receiver].id) for f in
                (self._pair_facts[i] for i in self._pairs_of.get(participant_id, ())))
        return frozenset(b if a == participant_id else a for a, b in ends)

    def unmatched_in(self, language: Language, audience: Audience = "coordinator") -> pd.DataFrame:
        """``unmatched`` with its reasons in the given language, for the coordinator or to send to each person.

        ``audience="participant"`` words each reason to the person themself and names nobody else.
        """
        check_audience(audience)
        if self._cohort is None or (language == "en" and audience == "coordinator"):
            return self.unmatched.copy()
        cohort = self._cohort
        frame = self.unmatched.copy()
        frame["reason"] = [
            unmatched_reason(cohort[pid], self._unmatched_facts[pid], language=language, audience=audience)
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
        lines += self.balance_in("en") if self.status.has_solution else ()  # no matching: nothing reached
        apart = self.pairs_that_cannot_meet()
        if apart:
            # Under meeting="soft" such pairs are allowed, only scored lower: the coordinator should know them.
            shown = listed_ids([f"{a}-{b}" for a, b in apart])
            lines.append(f"note: {len(apart)} pair{'s' if len(apart) != 1 else ''} cannot meet as both asked "
                         f"(no meeting mode in common, or in person only in different towns): {shown}")
        repeated = self.pairs_of_earlier_rounds()
        if repeated:
            # Under repeat="avoid" or "prefer" such pairs are allowed: the coordinator sees which ones continue.
            lines.append(f"note: {len(repeated)} pair{'s' if len(repeated) != 1 else ''} of an earlier round again "
                         f"(repeat={self.programme.repeat if self.programme else ''!r}): "
                         f"{listed_ids([f'{a}-{b}' for a, b in repeated])}")
        return "\n".join(lines)

    def pairs_of_earlier_rounds(self) -> list[tuple[str, str]]:
        """(mentor_id, mentee_id) of each pair whose two were paired in an earlier round that counts
        (``Programme.history`` and ``cooldown``), in pair order: none under ``repeat="forbid"``."""
        past = self.programme.past_pairs if self.programme is not None else {}
        if not past:
            return []
        return [pair for pair in self.id_pairs if frozenset(pair) in past]

    def pairs_that_cannot_meet(self) -> list[tuple[str, str]]:
        """(mentor_id, mentee_id) of each pair whose two cannot meet as both asked, in pair order.

        No meeting mode in common, or in person only while living in different towns;
        ``Programme(meeting="hard")`` rules such pairs out, the default only scores them lower.
        """
        if self._cohort is None:
            return []
        cohort = self._cohort
        return [(a, b) for a, b in self.id_pairs if cannot_meet(cohort[a], cohort[b])]

    def why_not(self, a: str, b: str, *, encoder: Encoder | None = None, language: Language = "en") -> str:
        """Why ``a`` and ``b`` are not a pair: the hard rule, or what forcing the pair costs (:func:`mentorpair.why_not`)."""
        return self._loop().why_not(self, a, b, encoder=encoder, language=language)

    def alternatives(self, participant_id: str, k: int = 5, *, encoder: Encoder | None = None,
                     language: Language = "en") -> pd.DataFrame:
        """The ``k`` best other counterparts and the price of switching (:func:`mentorpair.alternatives`)."""
        return self._loop().alternatives(self, participant_id, k, encoder=encoder, language=language)

    def blocking_pairs(self, delta: float = 0.05, language: Language = "en") -> pd.DataFrame:
        """Two people not paired together who would both gain more than ``delta`` from each other.

        One row per two people: ids, names and e-mail addresses as in ``pairs``, the ``kind``
        and ``score`` of the pair they would make, each one's ``*_current`` score (what they
        would leave for it; NaN for nothing: unmatched, or a mentor with a free place) and
        ``*_margin``, and a ``reason`` for the coordinator in ``language``; the smaller margin
        largest first. The definition is :mod:`mentorpair.result.stability`'s.
        """
        _, table = self._explainable()
        assert self.programme is not None  # a cohort matching always has its rules
        chosen = [(f.arc, int(table.score[f.arc]) + f.cohesion_units) for f in self._pair_facts]
        return _blocking_pairs(table, self.programme, chosen, delta=delta, language=language)

    @staticmethod
    def _loop() -> DecisionLoop:
        if not _decision_loop:
            raise MentorPairError("mentorpair.decide is not loaded; import mentorpair")
        return _decision_loop[0]

    def diff(self, other: MatchingRecord, language: Language = "en") -> pd.DataFrame:
        """This matching's pairs against ``other``'s (a later one): kept, new and broken, each with its reason.

        Columns ``change``, ``kind``, ``mentor_id``, ``mentee_id``, ``score_before``,
        ``score_after`` and ``reason`` ("mentee A1 now with M3", "mentor M2 left the cohort",
        "pair forced"; in Finnish with ``language="fi"``); see
        :func:`mentorpair.result.diff.matching_diff`. ``other`` may be a saved matching.
        """
        return matching_diff(self, other, language)

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

    def to_csv(self, path: str | os.PathLike[str], *, language: Language = "en", sep: str | None = None,
               decimal: str | None = None) -> None:
        """Write pairs then unmatched as one CSV, with a ``matched`` column, in UTF-8 with a byte-order mark.

        ``language="fi"`` gives Finnish headers, kinds, roles and reasons, and by
        default ``sep=";"`` and ``decimal=","`` for Finnish Excel; ``sep`` and
        ``decimal`` override either language's default (``","`` and ``"."`` in
        English). A text cell that a spreadsheet would take for a formula
        (starting with ``=``, ``+``, ``-`` or ``@``) gets a leading apostrophe:
        a CSV cannot mark a cell as text.
        """

        write_csv(self, path, language=language, sep=sep, decimal=decimal)

    def to_excel(self, path: str | os.PathLike[str], *, language: Language = "en") -> None:
        """Write a workbook with sheets Pairs, Unmatched, Announcement, Explanations and Rules.

        In Finnish (``language="fi"``) the sheets are Parit, Ilman paria, Ilmoitus,
        Perustelut and Säännöt, with Finnish headers and words. Announcement has
        one row per pair (a group: one per mentee) with both people's names,
        e-mail addresses and what each is sent about that pair alone, so that no
        cell holds another mentee's text. Scores are numbers; every text is a text cell,
        exactly as written, which Excel never runs as a formula.
        """

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
