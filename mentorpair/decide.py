"""The coordinator's questions about a matching: why not this pair, who else for this person, which rules.

Every price here is the optimiser's own: the pair is added to the programme's
``fixed_pairs`` and the cohort solved again (:func:`mentorpair.pipeline.solve_scored`, by
the blossom where everyone is in at most one pair: see
:func:`mentorpair.solve.blossom.fixed_pair_arcs`), so
"what forcing it costs" is the best matching that has the pair, stage by stage, against
the matching in hand, with the forced solve's proof (optimal, or a bound on its total).
A pair the hard rules forbid is never solved for: the rule is named from the score
table. Nothing here changes the matching it is asked about.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

# The module, not its functions: tests and embedding apps replace pipeline.match and default_encoder.
from . import pipeline
from .exceptions import MentorPairError, MissingDependencyError, ValidationError
from .model.cohort import Cohort
from .model.programme import Programme
from .model.vocab import BLOCK_PROGRAMME_EXCLUDED, COMPONENTS, KIND_PEER, SCALE
from .result.diff import matching_diff, partners_of, people_of
from .result.matching import Matching, set_decision_loop
from .result.words.common import KIND_WORDS, ROLE_WORDS, Language, decimal, listed
from .result.words.rules import block_text
from .scoring.table import ScoreTable, build_score_table
from .solve.progress import solve_progress
from .status import Status
from .text.encoders import Encoder

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["ALTERNATIVE_COLUMNS", "COMPARE_COLUMNS", "StageValues", "WhyNot", "alternatives", "compare",
           "compare_matchings", "compare_plot", "why_not", "why_not_facts"]

#: the columns of :func:`alternatives`, in order
ALTERNATIVE_COLUMNS = ("participant_id", "counterpart_id", "counterpart_role", "kind", "score", *COMPONENTS,
                       "status", "proven", "coverage", "coverage_change", "weakest", "weakest_change", "total",
                       "total_change", "total_bound", "lose_partner", "moves", "words")
#: the columns of :func:`compare`, in order
COMPARE_COLUMNS = ("programme", "status", "matched", "unmatched", "pairs", "weakest", "total", "total_bound",
                   "pairs_in_common", "change_partner", "changed")


@dataclass(frozen=True)
class StageValues:
    """What a matching reaches: people in pairs, its weakest pair's score, its total (``None``: no pair)."""

    coverage: int
    weakest: float | None
    total: float | None

    @classmethod
    def of(cls, matching: Matching) -> StageValues:
        return cls(len(matching.matched_ids), matching.weakest_score, matching.objective)


@dataclass(frozen=True)
class WhyNot:
    """Why two people are not a pair of a matching, and what making them one costs (:func:`why_not_facts`).

    Attributes
    ----------
    first, second
        The two ids asked about, as the cohort spells them.
    paired
        They are a pair of the matching already.
    blocked
        The hard rules that forbid every pair of the two (``mentorpair.model.vocab`` ``BLOCK_*`` codes),
        or ``()``; with ``no_form``, no form the programme runs pairs their roles at all.
    mentor_id, mentee_id, kind, score
        The pair forced (for peers, the two peers): the orientation whose forced solve is best.
    before, after
        The matching's coverage, weakest pair and total, and the forced solve's (``None`` when
        forcing leaves no matching, or was not tried).
    status
        The forced solve's status; only OPTIMAL proves ``after`` the best with the pair.
    total_bound
        A proven upper bound on the forced solve's total, where it is not optimal.
    moves
        Everyone whose partners differ between the two matchings, the two asked about included.
    lose_partner
        Those of ``moves`` who are in a pair of the matching that forcing breaks.
    paired_in
        The latest earlier round (``Programme.history``) in which the two were paired, when that
        still counts and so rules them out (``"paired_before"`` in ``blocked``); else ``None``.
    changes
        The broken and new pairs (:meth:`Matching.diff` rows, kept pairs left out).
    matching
        The forced solve's matching itself (``None`` when not solved).
    original
        The matching asked about.
    """

    first: str
    second: str
    paired: bool
    blocked: tuple[str, ...]
    no_form: bool
    roles: tuple[str, str]
    mentor_id: str | None
    mentee_id: str | None
    kind: str | None
    score: float | None
    before: StageValues
    after: StageValues | None
    status: Status | None
    total_bound: float | None
    moves: tuple[str, ...] = ()
    lose_partner: tuple[str, ...] = ()
    conflicts: tuple[str, ...] = ()
    paired_in: int | None = None
    changes: pd.DataFrame | None = field(default=None, repr=False, compare=False)
    matching: Matching | None = field(default=None, repr=False, compare=False)
    original: Matching | None = field(default=None, repr=False, compare=False)

    @property
    def allowed(self) -> bool:
        """The hard rules allow the two as a pair (whether or not forcing it leaves a matching)."""
        return not self.blocked and not self.no_form

    @property
    def proven(self) -> bool:
        return self.status is Status.OPTIMAL

    def text(self, language: Language = "en") -> str:
        """The answer in words: the rule that forbids the pair, or what forcing it costs and who moves."""
        return _why_not_text(self, language)

    def __str__(self) -> str:
        return self.text("en")


# --------------------------------------------------------------------------- forcing a pair


def _ready(matching: Matching, encoder: Encoder | None) -> tuple[Cohort, Programme, ScoreTable, Encoder]:
    """The matching's cohort, rules and table, and the encoder to solve again with (the one it was made with)."""
    if not isinstance(matching, Matching):
        raise TypeError(f"matching must be a Matching (mentorpair.match or mentorpair.reopen), got "
                        f"{type(matching).__name__}")
    cohort, table, programme = matching._cohort, matching._table, matching.programme
    if cohort is None or table is None or programme is None:
        raise MentorPairError("this matching was made from caller-given scores (assign / pair_peers); "
                              "there are no rules to solve again under")
    # The built-in default it was scored with, where it was one (a matching reopened from an older file of
    # an English cohort was scored by e5 alone), else the cohort's default.
    encoder = encoder if encoder is not None else pipeline.default_encoder_of(
        matching.encoder_id, [p.goals for p in cohort] + [p.offers for p in cohort])
    if encoder.id != matching.encoder_id:
        # Another encoder scores every pair otherwise: its prices would not be this matching's.
        raise MentorPairError(f"this matching was scored with encoder {matching.encoder_id!r}, and forcing a pair "
                              f"solves again with {encoder.id!r}; pass encoder= the one it was made with")
    return cohort, programme, table, encoder


def _arcs_between(table: ScoreTable, a: str, b: str) -> list[int]:
    kinds = sorted(set(table.kind.tolist())) if len(table) else []
    found = {arc for g, r in ((a, b), (b, a)) for k in kinds
             if (arc := table.index_of(g, r, k)) is not None}
    return sorted(found)


def _lookup_table(cohort: Cohort, programme: Programme, table: ScoreTable, encoder: Encoder,
                  a: str, b: str) -> tuple[ScoreTable, list[int], bool]:
    """The arcs between two people, from a table that has them; True where the programme excludes the pair."""
    arcs = _arcs_between(table, a, b)
    if arcs or table.complete:
        return table, arcs, False
    # A large cohort's table keeps each person's best pairs only, but every arc of a fixed pair.
    try:
        wider = replace(programme, fixed_pairs=(*programme.fixed_pairs, (a, b)))
    except ValidationError:  # a pair both fixed and excluded: the programme's exclusion forbids it
        return table, [], True
    found = build_score_table(cohort, wider, encoder)
    return found, _arcs_between(found, a, b), False


def _stage_key(matching: Matching, programme: Programme) -> tuple[float, ...]:
    if not matching.status.has_solution:
        return (-math.inf,)
    return tuple(float(matching.stage_values.get(s, -math.inf)) for s in programme.stages)


def _forced(cohort: Cohort, programme: Programme, table: ScoreTable, encoder: Encoder,
            pair: tuple[str, str]) -> Matching:
    """The matching solved with ``pair`` fixed on top of the programme's own fixed pairs.

    A table of every allowed pair serves the forced rules as it is (it does not depend on the
    fixed pairs); one of each person's best pairs is built again, since it keeps fixed pairs' arcs.
    """
    forced = replace(programme, fixed_pairs=(*programme.fixed_pairs, pair))
    if table.complete:
        return pipeline.solve_scored(cohort, forced, table)
    return pipeline.match(cohort, forced, encoder=encoder)


def why_not_facts(matching: Matching, a: str, b: str, *, encoder: Encoder | None = None) -> WhyNot:
    """Why ``a`` and ``b`` are not a pair of ``matching``, and what forcing them costs, as fields.

    The structured twin of :func:`why_not`. Where the rules allow the two in both
    directions (two people of role ``any``, or a peer pair besides), each direction is
    solved and the better forced matching kept.

    Parameters
    ----------
    matching
        A matching of :func:`mentorpair.match` or :func:`mentorpair.reopen`.
    a, b
        Two participants' ids.
    encoder
        The encoder the matching was scored with; the default encoder when ``None``.
        Another encoder (another ``id``) is refused: its prices would not be this matching's.
    """
    cohort, programme, table, encoder = _ready(matching, encoder)
    for pid in (a, b):
        if pid not in cohort:
            raise KeyError(f"no participant {pid!r} in this matching's cohort")
    if a == b:
        raise ValueError(f"a pair is two people; {a!r} was given twice")
    roles = (str(cohort[a].role), str(cohort[b].role))
    before = StageValues.of(matching)
    partners = partners_of(matching)
    row = _pair_row(matching, a, b)
    if row is not None:
        return WhyNot(first=a, second=b, roles=roles, before=before, paired=True, blocked=(), no_form=False,
                      mentor_id=str(row["mentor_id"]),
                      mentee_id=str(row["mentee_id"]), kind=str(row["kind"]), score=float(row["score"]),
                      after=before, status=matching.status, total_bound=matching.bound, matching=matching)
    lookup, arcs, excluded = _lookup_table(cohort, programme, table, encoder, a, b)
    allowed = [arc for arc in arcs if not lookup.blocked[arc]]
    if not allowed:
        codes = (BLOCK_PROGRAMME_EXCLUDED,) if excluded else tuple(sorted({str(lookup.blocked[arc]) for arc in arcs}))
        return WhyNot(first=a, second=b, roles=roles, before=before, paired=False, blocked=codes, no_form=not codes,
                      paired_in=programme.past_pairs.get(frozenset((a, b))), mentor_id=None, mentee_id=None,
                      kind=None, score=None, after=None, status=None, total_bound=None)
    ids = [p.id for p in lookup.participants]
    # Best-scoring arc first: its direction is tried first, and names the pair when both are as good.
    allowed.sort(key=lambda arc: (-int(lookup.score[arc]), arc))
    ends = {arc: (ids[int(lookup.giver[arc])], ids[int(lookup.receiver[arc])]) for arc in allowed}
    # A fixed pair (x, y) allows x's arcs to y and a peer arc in either order: one solve per mentor's side.
    directions = (list(dict.fromkeys(ends[arc] for arc in allowed if lookup.kind[arc] != KIND_PEER))
                  or [ends[allowed[0]]])
    solved = [(_forced(cohort, programme, lookup, encoder, d), d) for d in directions]
    forced, direction = max(solved, key=lambda s: _stage_key(s[0], programme))
    arc = next(arc for arc in allowed if ends[arc] == direction or lookup.kind[arc] == KIND_PEER)
    kind, score = str(lookup.kind[arc]), int(lookup.score[arc]) / SCALE
    shown = _pair_row(forced, *direction)
    if shown is not None:  # the pair as the forced matching has it: its kind, and a group's cohesion share
        kind, score = str(shown["kind"]), float(shown["score"])
    changes = matching_diff(matching, forced)
    changes = changes[changes["change"] != "kept"].reset_index(drop=True)
    after_partners = partners_of(forced)
    moved = {pid for pid in set(partners) | set(after_partners)
             if partners.get(pid, frozenset()) != after_partners.get(pid, frozenset())}
    broken = changes[changes["change"] == "broken"]
    losing = {str(p) for p in (*broken["mentor_id"], *broken["mentee_id"])}
    order = {pid: i for i, pid in enumerate(cohort.ids)}
    return WhyNot(
        first=a, second=b, roles=roles, before=before, paired=False, blocked=(), no_form=False,
        mentor_id=direction[0], mentee_id=direction[1],
        kind=kind, score=score, after=StageValues.of(forced) if forced.status.has_solution else None,
        status=forced.status, total_bound=None if forced.status is Status.OPTIMAL else forced.bound,
        moves=tuple(sorted(moved, key=order.__getitem__)), lose_partner=tuple(sorted(losing, key=order.__getitem__)),
        conflicts=forced.conflicts, changes=changes, matching=forced, original=matching,
    )


def _pair_row(matching: Matching, a: str, b: str) -> pd.Series | None:
    """The row of ``matching.pairs`` that pairs ``a`` and ``b`` (either way round), or None."""
    pairs = matching.pairs
    found = pairs[((pairs["mentor_id"] == a) & (pairs["mentee_id"] == b))
                  | ((pairs["mentor_id"] == b) & (pairs["mentee_id"] == a))]
    return None if found.empty else found.iloc[0]


def why_not(matching: Matching, a: str, b: str, *, encoder: Encoder | None = None, language: Language = "en") -> str:
    """Why ``a`` and ``b`` are not a pair of ``matching``, in words (English, or Finnish with ``language="fi"``).

    A pair the hard rules forbid: the rule, named ("a personal exclusion", "no common
    language"). An allowed pair: what forcing it costs stage by stage ("coverage −1;
    weakest pair 0.41 -> 0.38; total −0.12"), whether that price is proven, and the
    pairs that would break and form. The fields are :func:`why_not_facts`'s.
    """
    _check_language(language)
    return why_not_facts(matching, a, b, encoder=encoder).text(language)


def _check_language(language: str) -> None:
    if language not in ("en", "fi"):
        raise ValueError(f"language must be 'en' or 'fi', got {language!r}")


# --------------------------------------------------------------------------- alternatives


def alternatives(matching: Matching, participant_id: str, k: int = 5, *, encoder: Encoder | None = None,
                 language: Language = "en") -> pd.DataFrame:
    """The ``k`` best other allowed counterparts of one participant, each with the price of switching.

    One row per counterpart (not a current partner), best pair score first (ties in input
    order): the pair's ``kind``, ``score`` and its parts, then the matching with that pair
    forced, solved again (as :func:`why_not_facts`): ``status`` and ``proven``, its
    ``coverage``, ``weakest`` and ``total`` with their change from the matching in hand,
    ``total_bound`` where not proven, ``lose_partner`` (who would lose their current
    partner, comma-separated), ``moves`` (how many change partner) and ``words``, the
    price in words in ``language``. One solve per row.
    """
    _check_language(language)
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"k must be a whole number of at least 0, got {k!r}")
    cohort, _, table, encoder = _ready(matching, encoder)
    if participant_id not in cohort:
        raise KeyError(f"no participant {participant_id!r} in this matching's cohort")
    people = table.participants
    me = next(i for i, p in enumerate(people) if p.id == participant_id)
    mine = np.flatnonzero(((table.giver == me) | (table.receiver == me)) & table.feasible)
    partners = partners_of(matching).get(participant_id, frozenset())
    best: dict[int, int] = {}  # counterpart -> their best arc with me
    for arc in mine.tolist():
        other = int(table.receiver[arc]) if int(table.giver[arc]) == me else int(table.giver[arc])
        if people[other].id in partners:
            continue
        if other not in best or int(table.score[arc]) > int(table.score[best[other]]):
            best[other] = arc
    chosen = sorted(best, key=lambda o: (-int(table.score[best[o]]), o))[:k]
    rows = []
    # One watch over every forced solve: after a Ctrl-C the rest stop at once (their rows not proven).
    with solve_progress(None, scale=SCALE):
        for other in chosen:
            arc = best[other]
            facts = why_not_facts(matching, participant_id, people[other].id, encoder=encoder)
            after, before = facts.after, facts.before
            role = ("peer" if table.kind[arc] == KIND_PEER else
                    "mentor" if int(table.giver[arc]) == other else "mentee")
            rows.append([
                participant_id, people[other].id, role, str(table.kind[arc]), int(table.score[arc]) / SCALE,
                *(int(table.units[c][arc]) / SCALE for c in COMPONENTS),
                str(facts.status), facts.proven,
                after.coverage if after else None, after.coverage - before.coverage if after else None,
                after.weakest if after else None, _change(before.weakest, after.weakest if after else None),
                after.total if after else None, _change(before.total, after.total if after else None),
                facts.total_bound, ", ".join(facts.lose_partner), len(facts.moves), facts.text(language),
            ])
    frame = pd.DataFrame(rows, columns=list(ALTERNATIVE_COLUMNS))
    return frame.astype({c: float for c in ("score", *COMPONENTS, "weakest", "weakest_change", "total",
                                            "total_change", "total_bound")})


def _change(before: float | None, after: float | None) -> float | None:
    return None if before is None or after is None else round(after - before, 6)


# --------------------------------------------------------------------------- programmes compared


def compare(programmes: Mapping[str, Programme], cohort: Cohort, *, encoder: Encoder | None = None) -> pd.DataFrame:
    """One cohort matched under each of several programmes, one row each, against the first.

    ``programmes`` maps a name to rules, e.g. ``{"forbidden": Programme(same_organisation="forbidden"),
    "discouraged": Programme(same_organisation="discouraged")}``. The columns are
    :func:`compare_matchings`'s; to keep the matchings themselves, solve them with
    :func:`mentorpair.match` and compare them with that. Draw the table with :func:`compare_plot`.
    """
    if not programmes:
        raise ValueError("give at least one programme, e.g. {'default': Programme()}")
    if not isinstance(cohort, Cohort):
        raise TypeError(f"cohort must be a Cohort (see mentorpair.read_csv), got {type(cohort).__name__}")
    encoder = encoder if encoder is not None else pipeline.default_encoder_for(
        [p.goals for p in cohort] + [p.offers for p in cohort])
    # One watch over every match: after a Ctrl-C the rest stop at once, each row saying it is not proven.
    with solve_progress(None, scale=SCALE):
        return compare_matchings({str(name): pipeline.match(cohort, programme, encoder=encoder)
                                  for name, programme in programmes.items()})


def compare_matchings(matchings: Mapping[str, Matching]) -> pd.DataFrame:
    """Matchings of one cohort side by side, one row each, against the first.

    Columns: ``programme`` (the name), ``status``, ``matched`` and ``unmatched`` (people),
    ``pairs``, ``weakest``, ``total``, ``total_bound`` (where the total is not proven),
    ``pairs_in_common`` with the first matching, ``change_partner`` (how many people's
    partners differ from it) and ``changed`` (their ids, comma-separated, in input order).
    """
    if not matchings:
        raise ValueError("give at least one matching, e.g. {'default': matching}")
    first = next(iter(matchings.values()))
    ids = [p.id for p in first._cohort] if first._cohort is not None else sorted(people_of(first))
    order = {pid: i for i, pid in enumerate(ids)}
    rows = []
    for name, m in matchings.items():
        diff = matching_diff(first, m)
        was, now = partners_of(first), partners_of(m)
        changed = sorted((pid for pid in set(was) | set(now) if was.get(pid, frozenset()) != now.get(pid, frozenset())),
                         key=lambda pid: (order.get(pid, len(order)), pid))
        rows.append([str(name), str(m.status), len(m.matched_ids), len(m.unmatched), len(m.pairs), m.weakest_score,
                     m.objective, None if m.status is Status.OPTIMAL else m.bound,
                     int((diff["change"] == "kept").sum()), len(changed), ", ".join(changed)])
    frame = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    return frame.astype({"weakest": float, "total": float, "total_bound": float})


def compare_plot(frame: pd.DataFrame, path: str | os.PathLike[str] | None = None) -> Figure:
    """:func:`compare`'s table as bars: people matched, the weakest pair and the total, per programme.

    Needs ``mentorpair[plot]`` (matplotlib); saved to ``path`` when given.
    """
    try:
        # matplotlib is the optional [plot] extra
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise MissingDependencyError("matplotlib", "plot", "compare_plot()") from exc
    fig = Figure(figsize=(10.0, 3.2), layout="constrained")
    names = [str(n) for n in frame["programme"]]
    for i, (column, title) in enumerate((("matched", "people matched"), ("weakest", "weakest pair"),
                                         ("total", "total score"))):
        ax = fig.add_subplot(1, 3, i + 1)
        values = [0.0 if pd.isna(v) else float(v) for v in frame[column]]
        ax.bar(names, values, color="#0072B2")
        ax.set_title(title)
        ax.tick_params(axis="x", labelrotation=30)
    if path is not None:
        fig.savefig(path)
    return fig


# --------------------------------------------------------------------------- words


def _signed(value: float, language: Language, decimals: int = 2) -> str:
    text = decimal(abs(value), language, decimals) if decimals else str(int(abs(value)))
    return ("+" if value > 0 else "−" if value < 0 and text.strip("0.,") else "±") + text


def _stage_words(before: StageValues, after: StageValues, language: Language) -> str:
    en = language == "en"
    parts = []
    if after.coverage == before.coverage:
        parts.append(f"coverage unchanged ({after.coverage})" if en else f"paritettuja yhtä monta ({after.coverage})")
    else:
        parts.append(f"{'coverage' if en else 'paritettuja'} {_signed(after.coverage - before.coverage, language, 0)}")
    show = [decimal(v, language) if v is not None else "-" for v in (before.weakest, after.weakest)]
    parts.append(f"{'weakest pair' if en else 'heikoin pari'} {show[0]} -> {show[1]}")
    if before.total is not None and after.total is not None:
        parts.append(f"{'total' if en else 'yhteispisteet'} {_signed(after.total - before.total, language)}")
    return "; ".join(parts)


def _why_not_text(facts: WhyNot, language: Language) -> str:
    _check_language(language)
    en = language == "en"
    a, b = facts.first, facts.second
    if facts.no_form:
        roles = listed([ROLE_WORDS[language].get(r, r) for r in facts.roles], language)
        return (f"{a} and {b} cannot be paired in any form the programme runs ({roles})." if en else
                f"{a} ja {b} eivät voi olla pari missään ohjelman mentorointimuodossa ({roles}).")
    if facts.blocked:
        rules = "; ".join(block_text(code, language, paired_in=facts.paired_in) for code in facts.blocked)
        return f"{a} and {b} cannot be paired: {rules}." if en else f"{a} ja {b} eivät voi olla pari: {rules}."
    kind = KIND_WORDS[language].get(facts.kind or "", facts.kind or "")
    score = decimal(facts.score or 0.0, language)
    pair = f"{facts.mentor_id}-{facts.mentee_id}"
    if facts.paired:
        return (f"{a} and {b} are already a pair ({kind}, score {score})." if en else
                f"{a} ja {b} ovat jo pari ({kind}, pisteet {score}).")
    head = f"{pair} ({kind}, score {score})" if en else f"{pair} ({kind}, pisteet {score})"
    if facts.after is None:
        if facts.status is Status.INFEASIBLE:
            conflicts = facts.matching.conflicts_in(language) if facts.matching is not None else facts.conflicts
            tail = f": {'; '.join(conflicts)}" if conflicts else ""
            return (f"{head} is allowed, but with it the hard rules cannot all hold{tail}." if en else
                    f"{head} on sallittu, mutta sen kanssa kovat säännöt eivät voi toteutua yhtä aikaa{tail}.")
        return (f"{head} is allowed, but the solve with it found no matching (status {facts.status})." if en else
                f"{head} on sallittu, mutta ratkaisu sen kanssa ei löytänyt paritusta (tila {facts.status}).")
    lines = [(f"Forcing {head} costs: " if en else f"Parin {head} kiinnittäminen maksaa: ")
             + _stage_words(facts.before, facts.after, language) + "."]
    if facts.proven:
        lines.append("Proven: no matching with this pair does better." if en else
                     "Todistettu: mikään tämän parin sisältävä paritus ei ole parempi.")
    elif facts.total_bound is not None:
        bound = decimal(facts.total_bound, language)
        lines.append(f"Not proven optimal: a matching with this pair totals at most {bound}." if en else
                     f"Ei todistettu parhaaksi: tämän parin kanssa yhteispisteet ovat enintään {bound}.")
    else:
        lines.append("Not proven optimal, and no bound is known." if en else
                     "Ei todistettu parhaaksi, eikä ylärajaa tunneta.")
    if facts.matching is not None and facts.original is not None:
        changes = matching_diff(facts.original, facts.matching, language)
        verbs = {"broken": "broken", "new": "new"} if en else {"broken": "purkautuu", "new": "uusi"}
        for change, mentor, mentee, reason in changes[changes["change"] != "kept"][
                ["change", "mentor_id", "mentee_id", "reason"]].itertuples(index=False):
            lines.append(f"  {verbs[str(change)]}: {mentor}-{mentee}" + (f" ({reason})" if reason else ""))
    if facts.lose_partner:
        who = ", ".join(facts.lose_partner)
        lines.append(f"Would lose their current partner: {who}." if en else f"Nykyisen parinsa menettäisivät: {who}.")
    return "\n".join(lines)



class _Loop:
    """This module's answers, handed to :class:`~mentorpair.result.matching.Matching` for its methods."""

    why_not = staticmethod(why_not)
    alternatives = staticmethod(alternatives)


set_decision_loop(_Loop())
