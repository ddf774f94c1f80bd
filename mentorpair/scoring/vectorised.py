"""Participants' fields as arrays, and the pair rules of scoring.py computed for many pairs at once.

scoring.py keeps the one-pair functions (the reference, and what explanations
read); this module gives the same answers for arrays of pairs without a Python
call per pair, which is what makes cohorts of thousands quick to score. A
property test checks that both agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..model.participant import Participant
from ..model.programme import Programme
from ..model.vocab import (
    BLOCK_AVAILABILITY,
    BLOCK_EXCLUDED,
    BLOCK_LANGUAGE,
    BLOCK_MEETING,
    BLOCK_PROGRAMME_EXCLUDED,
    BLOCK_REPEAT,
    BLOCK_REVERSE,
    BLOCK_SAME_ORG,
    BLOCK_TRADITIONAL,
    KIND_PEER,
    KIND_REVERSE,
    KIND_TRADITIONAL,
)
from .availability import TimeArrays
from .organisation import organisation_keys
from .parts import (
    AVAILABILITY_NEUTRAL,
    EXPERIENCE_NEUTRAL,
    EXPERIENCE_SATURATION_YEARS,
    MEETING_IN_PERSON_APART,
    MEETING_NONE,
    MEETING_REMOTE,
    MEETING_SAME_PLACE,
    area_key,
)

__all__ = ["PeopleArrays", "individual_verdicts", "pair_parts"]

_IN_PERSON, _REMOTE = 1, 2


def _codes(values: Sequence[str]) -> np.ndarray:
    """Equal non-empty texts share a code; an empty text is -1 (unknown)."""
    table: dict[str, int] = {}
    return np.array([table.setdefault(v, len(table)) if v else -1 for v in values], dtype=np.int64)


def _membership(items: Sequence[Sequence[str]]) -> np.ndarray:
    """A person x item boolean matrix."""
    vocabulary = {v: i for i, v in enumerate(sorted({v for row in items for v in row}))}
    matrix = np.zeros((len(items), max(len(vocabulary), 1)), dtype=bool)
    for i, row in enumerate(items):
        for v in row:
            matrix[i, vocabulary[v]] = True
    return matrix


@dataclass(frozen=True, eq=False)
class PeopleArrays:
    """One row per participant, in cohort order."""

    n: int
    experience: np.ndarray  # float, NaN when not given
    modes: np.ndarray  # bit 1 in person, bit 2 remote
    place: np.ndarray  # location code, -1 when not given
    organisation: np.ndarray  # organisation code under programme.organisation_key, -1 when none
    languages: np.ndarray  # person x language
    areas: np.ndarray  # person x goal-area key
    wishes: np.ndarray  # sorted keys i*n+j: i named j as a wish
    exclusions: np.ndarray  # sorted keys i*n+j: i excluded j
    programme_exclusions: np.ndarray  # sorted keys, both orders
    past: np.ndarray  # sorted keys, both orders: paired in an earlier round that counts (Programme.past_pairs)
    times: TimeArrays  # availability: the time two people have in common

    @classmethod
    def of(cls, people: Sequence[Participant], programme: Programme) -> PeopleArrays:
        n = len(people)
        index = {p.id: i for i, p in enumerate(people)}
        mode_bits = {"in_person": _IN_PERSON, "remote": _REMOTE}

        def keys(pairs: list[tuple[int, int]]) -> np.ndarray:
            return np.unique(np.array([i * n + j for i, j in pairs], dtype=np.int64))

        return cls(
            n=n,
            experience=np.array([np.nan if p.experience_years is None else p.experience_years for p in people],
                                dtype=np.float64),
            modes=np.array([sum(mode_bits[m] for m in p.meeting_mode.modes) for p in people], dtype=np.int64),
            place=_codes([p.location.strip().casefold() for p in people]),
            organisation=_codes(organisation_keys(people, programme)),
            languages=_membership([p.languages for p in people]),
            areas=_membership([sorted({area_key(a) for a in p.goal_areas}) for p in people]),
            wishes=keys([(index[p.id], index[w]) for p in people for w in p.wishes if w in index]),
            exclusions=keys([(index[p.id], index[x]) for p in people for x in p.exclusions if x in index]),
            programme_exclusions=keys([pair for a, b in programme.exclusions if a in index and b in index
                                       for pair in ((index[a], index[b]), (index[b], index[a]))]),
            past=keys([pair for a, b in map(sorted, programme.past_pairs) if a in index and b in index
                       for pair in ((index[a], index[b]), (index[b], index[a]))]),
            times=TimeArrays.of(people),
        )

    # --- hard rules --------------------------------------------------------
    def named(self, keys: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether a named b, or b named a, in ``keys``."""
        return np.isin(a * self.n + b, keys) | np.isin(b * self.n + a, keys)

    def language_clash(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Both listed languages and share none (an empty list means any language is fine)."""
        la, lb = self.languages[a], self.languages[b]
        return np.asarray(la.any(axis=1) & lb.any(axis=1) & ~(la & lb).any(axis=1), dtype=bool)

    def same_organisation(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.asarray((self.organisation[a] >= 0) & (self.organisation[a] == self.organisation[b]), dtype=bool)

    def blocked(self, a: np.ndarray, b: np.ndarray, programme: Programme) -> np.ndarray:
        """The first hard rule that rules each pair out, in scoring._blocked's order, or ''."""
        out = np.full(len(a), "", dtype=object)
        rules = [
            (BLOCK_EXCLUDED, self.named(self.exclusions, a, b)),
            (BLOCK_PROGRAMME_EXCLUDED, np.isin(a * self.n + b, self.programme_exclusions)),
            (BLOCK_LANGUAGE, self.language_clash(a, b)),
        ]
        if programme.same_organisation == "forbidden":
            rules.append((BLOCK_SAME_ORG, self.same_organisation(a, b)))
        if programme.meeting == "hard":
            rules.append((BLOCK_MEETING, self.cannot_meet(a, b)))
        if programme.repeat == "forbid" and len(self.past):
            rules.append((BLOCK_REPEAT, np.isin(a * self.n + b, self.past)))
        if programme.availability == "hard":
            rules.append((BLOCK_AVAILABILITY, self.times.no_common_time(a, b)))
        for code, hit in reversed(rules):  # earlier rules win, so they are written last
            out[hit] = code
        return out

    def reverse(self, giver: np.ndarray, receiver: np.ndarray) -> np.ndarray:
        """The mentor has less experience than the mentee (both stated)."""
        eg, er = self.experience[giver], self.experience[receiver]
        with np.errstate(invalid="ignore"):
            return np.asarray(np.nan_to_num(eg, nan=np.inf) < np.nan_to_num(er, nan=-np.inf), dtype=bool)

    # --- components ----------------------------------------------------------
    def area_overlap(self, giver: np.ndarray, receiver: np.ndarray) -> np.ndarray:
        """Share of the receiver's areas the giver also lists (0 when the receiver lists none)."""
        wanted = self.areas[receiver]
        count = wanted.sum(axis=1)
        shared = (wanted & self.areas[giver]).sum(axis=1)
        return np.asarray(np.divide(shared, count, out=np.zeros(len(giver)), where=count > 0), dtype=np.float64)

    def experience_fit(self, giver: np.ndarray, receiver: np.ndarray, kinds: np.ndarray) -> np.ndarray:
        gap = self.experience[giver] - self.experience[receiver]
        years = EXPERIENCE_SATURATION_YEARS
        fit = np.where(kinds == KIND_PEER, 1.0 - np.minimum(np.abs(gap), years) / years,
                       np.clip(gap, 0.0, years) / years)
        neutral = np.isnan(gap) | (kinds == KIND_REVERSE)
        return np.where(neutral, EXPERIENCE_NEUTRAL, fit)

    def meeting_fit(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        common = self.modes[a] & self.modes[b]
        in_person = (common & _IN_PERSON) > 0
        remote = (common & _REMOTE) > 0
        known = (self.place[a] >= 0) & (self.place[b] >= 0)
        same = known & (self.place[a] == self.place[b])
        return np.select(
            [in_person & same, remote, in_person & ~known, in_person],
            [MEETING_SAME_PLACE, MEETING_REMOTE, MEETING_REMOTE, MEETING_IN_PERSON_APART],
            default=MEETING_NONE,
        )

    def cannot_meet(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """parts.cannot_meet for many pairs: no mode in common, or in person only and apart."""
        common = self.modes[a] & self.modes[b]
        known = (self.place[a] >= 0) & (self.place[b] >= 0)
        apart = known & (self.place[a] != self.place[b])
        return np.asarray((common == 0) | ((common == _IN_PERSON) & apart), dtype=bool)

    def wished(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return self.named(self.wishes, a, b)


def individual_verdicts(
    arrays: PeopleArrays, g: np.ndarray, r: np.ndarray, programme: Programme
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For mentor ``g[i]`` with mentee ``r[i]``: the kind, the hard rule that blocks it (''), and that
    rule or, when the rules allow it, the form the programme does not run (''). One place, so the
    table and the block pass of large cohorts can never disagree on what is allowed."""
    kinds = np.where(arrays.reverse(g, r), KIND_REVERSE, KIND_TRADITIONAL).astype(object)
    blocked = arrays.blocked(g, r, programme)
    form_block = np.where(kinds == KIND_REVERSE, BLOCK_REVERSE, BLOCK_TRADITIONAL)
    allowed_form = np.isin(kinds.astype(str), sorted(programme.forms))
    return kinds, blocked, np.where((blocked == "") & ~allowed_form, form_block, blocked).astype(object)


def pair_parts(
    arrays: PeopleArrays, g_idx: np.ndarray, r_idx: np.ndarray, kinds: np.ndarray, text_part: np.ndarray,
    programme: Programme,
) -> dict[str, np.ndarray]:
    """The raw parts of each pair; ``text_part`` is its goal-text part already read on the encoder's scale
    (:meth:`mentorpair.scoring.scorer.TextSimilarity.part`), the one part that needs the encoder."""
    peer = kinds == KIND_PEER
    areas = np.where(peer, (arrays.area_overlap(g_idx, r_idx) + arrays.area_overlap(r_idx, g_idx)) / 2,
                     arrays.area_overlap(g_idx, r_idx))
    same_org = arrays.same_organisation(g_idx, r_idx) & (programme.same_organisation == "discouraged")
    # A pair of an earlier round: -1 avoided, +1 preferred (forbidden ones are blocked, never scored).
    sign = {"avoid": -1.0, "prefer": 1.0}.get(str(programme.repeat), 0.0)
    repeated = np.isin(g_idx * arrays.n + r_idx, arrays.past) if len(arrays.past) and sign else None
    return {
        "goal_text": np.asarray(text_part, dtype=np.float64),
        "goal_areas": areas.astype(np.float64),
        "experience": arrays.experience_fit(g_idx, r_idx, kinds.astype(str)),
        "meeting": arrays.meeting_fit(g_idx, r_idx).astype(np.float64),
        "wish": (arrays.wished(g_idx, r_idx) & (programme.wishes != "ignore")).astype(np.float64),
        "same_organisation": np.where(same_org, -1.0, 0.0),
        "repeat": np.zeros(len(g_idx)) if repeated is None else np.where(repeated, sign, 0.0),
        # Only a soft rule scores time in common (a hard one blocks, "ignore" leaves every score as before).
        "availability": (np.nan_to_num(arrays.times.share(g_idx, r_idx), nan=AVAILABILITY_NEUTRAL)
                         if programme.availability == "soft" else np.zeros(len(g_idx))),
    }
