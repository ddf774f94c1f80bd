"""Every candidate pair, its named score components, and whether the hard rules allow it.

A pair's score is the sum of its weighted components. Components are kept as
integers in units of 1/SCALE, so that the float score a person reads, the
parts an explanation lists, and the integer objective CP-SAT optimises are the
same numbers and add up exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .embeddings import Encoder
from .models import Cohort, Participant, Programme

__all__ = [
    "COMPONENTS",
    "EXPERIENCE_SATURATION_YEARS",
    "SCALE",
    "ScoreTable",
    "build_score_table",
    "common_languages",
    "meeting_fit",
    "same_organisation",
    "same_place",
    "shared_areas",
    "wished",
]

SCALE = 10_000
COMPONENTS = ("goal_text", "goal_areas", "experience", "meeting", "wish", "same_organisation")
#: a mentor this many more years experienced than the mentee earns the full experience part
EXPERIENCE_SATURATION_YEARS = 5.0
#: experience part when either side did not state their experience: neutral, neither rewarded nor punished
EXPERIENCE_UNKNOWN = 0.5

# Meeting fit, from best to worst. Remote always works once both accept it; meeting in
# person is best when the two are in the same place and poor when they are not.
MEETING_SAME_PLACE = 1.0
MEETING_REMOTE = 0.75
MEETING_IN_PERSON_APART = 0.25
MEETING_NONE = 0.0

# Why the hard rules rule a pair out; the empty string means the pair is allowed.
BLOCK_EXCLUDED = "excluded"
BLOCK_LANGUAGE = "no_common_language"
BLOCK_SAME_ORG = "same_organisation"


@dataclass(frozen=True, eq=False)
class ScoreTable:
    """Parallel arrays over every role-compatible ordered pair (giver, receiver).

    ``giver``/``receiver`` index ``participants``; ``raw[c]`` is component ``c``
    before weighting (for explanations); ``units[c]`` after weighting, in units
    of ``1/SCALE``; ``score`` is the sum of ``units``; ``blocked`` names the hard
    rule that rules the pair out, or is empty.
    """

    participants: tuple[Participant, ...]
    giver: np.ndarray
    receiver: np.ndarray
    similarity: np.ndarray
    raw: dict[str, np.ndarray]
    units: dict[str, np.ndarray]
    score: np.ndarray
    blocked: np.ndarray
    encoder_id: str

    @property
    def feasible(self) -> np.ndarray:
        return self.blocked == ""

    def __len__(self) -> int:
        return int(self.giver.shape[0])

    def index_of(self, giver_id: str, receiver_id: str) -> int | None:
        """Position of a pair in the arrays, or ``None`` if roles rule it out."""
        lookup = self._lookup()
        return lookup.get((giver_id, receiver_id))

    def _lookup(self) -> dict[tuple[str, str], int]:
        cached = self.__dict__.get("_lookup_cache")
        if cached is None:
            ids = [p.id for p in self.participants]
            cached = {(ids[g], ids[r]): i for i, (g, r) in enumerate(zip(self.giver.tolist(), self.receiver.tolist()))}
            self.__dict__["_lookup_cache"] = cached
        return cached


def build_score_table(cohort: Cohort, programme: Programme, encoder: Encoder) -> ScoreTable:
    """Score every pair a giver (mentor/any) and a receiver (mentee/any) could form."""
    people = cohort.participants
    givers = [i for i, p in enumerate(people) if p.role.can_give]
    receivers = [i for i, p in enumerate(people) if p.role.can_receive]
    g_idx, r_idx = _role_compatible_pairs(givers, receivers)
    similarity = _similarity(people, givers, receivers, g_idx, r_idx, encoder)
    raw = {
        "goal_text": np.clip(similarity.astype(np.float64), 0.0, 1.0),
        "goal_areas": _column(people, g_idx, r_idx, _area_overlap),
        "experience": _column(people, g_idx, r_idx, _experience_fit),
        "meeting": _column(people, g_idx, r_idx, _meeting_fit),
        "wish": _column(people, g_idx, r_idx, lambda g, r: _wish(g, r, programme)),
        "same_organisation": _column(people, g_idx, r_idx, lambda g, r: _same_org_penalty(g, r, programme)),
    }
    weights = programme.score_weights.as_dict()
    units = {c: np.rint(raw[c] * weights[c] * SCALE).astype(np.int64) for c in COMPONENTS}
    score = np.sum([units[c] for c in COMPONENTS], axis=0, dtype=np.int64) if len(g_idx) else np.zeros(0, np.int64)
    blocked = np.array([_blocked(people[g], people[r], programme) for g, r in zip(g_idx, r_idx)], dtype=object)
    return ScoreTable(
        participants=people,
        giver=g_idx,
        receiver=r_idx,
        similarity=similarity,
        raw=raw,
        units=units,
        score=score,
        blocked=blocked.astype(str) if len(blocked) else np.zeros(0, dtype=str),
        encoder_id=encoder.id,
    )


def _role_compatible_pairs(givers: list[int], receivers: list[int]) -> tuple[np.ndarray, np.ndarray]:
    if not givers or not receivers:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    g = np.repeat(np.array(givers, np.int64), len(receivers))
    r = np.tile(np.array(receivers, np.int64), len(givers))
    keep = g != r  # nobody mentors themself
    return g[keep], r[keep]


def _similarity(
    people: Sequence[Participant],
    givers: list[int],
    receivers: list[int],
    g_idx: np.ndarray,
    r_idx: np.ndarray,
    encoder: Encoder,
) -> np.ndarray:
    """Cosine of the receiver's goals against the giver's offer, for every pair."""
    if len(g_idx) == 0:
        return np.zeros(0, np.float32)
    # Encode each distinct text once, whoever wrote it.
    texts = sorted({people[i].offers for i in givers} | {people[i].goals for i in receivers})
    vectors = np.asarray(encoder.encode(texts), dtype=np.float32)
    if vectors.ndim != 2 or vectors.shape[0] != len(texts):
        raise ValueError(f"encoder {encoder.id!r} returned shape {vectors.shape} for {len(texts)} texts")
    row = {t: i for i, t in enumerate(texts)}
    offer = vectors[[row[people[g].offers] for g in g_idx.tolist()]]
    goal = vectors[[row[people[r].goals] for r in r_idx.tolist()]]
    # Rounded so that tiny float noise between BLAS builds cannot change a score.
    return np.round(np.einsum("ij,ij->i", offer, goal), 6).astype(np.float32)


def _column(people: Sequence[Participant], g_idx: np.ndarray, r_idx: np.ndarray, fn) -> np.ndarray:  # type: ignore[no-untyped-def]
    return np.array([fn(people[g], people[r]) for g, r in zip(g_idx.tolist(), r_idx.tolist())], dtype=np.float64)


def area_key(label: str) -> str:
    """The form in which goal areas are compared."""
    try:
        from .taxonomy import canonical_area
    except ImportError:  # pragma: no cover - taxonomy is part of the package
        return " ".join(label.split()).casefold()
    return canonical_area(label)


def shared_areas(giver: Participant, receiver: Participant) -> list[str]:
    """The receiver's goal areas the giver also lists, in the receiver's order."""
    offered = {area_key(a) for a in giver.goal_areas}
    return [a for a in receiver.goal_areas if area_key(a) in offered]


def _area_overlap(giver: Participant, receiver: Participant) -> float:
    # The mentee's wishes come first: the share of *their* areas the mentor covers.
    if not receiver.goal_areas:
        return 0.0
    wanted = {area_key(a) for a in receiver.goal_areas}
    return len({area_key(a) for a in shared_areas(giver, receiver)}) / len(wanted)


def _experience_fit(giver: Participant, receiver: Participant) -> float:
    if giver.experience_years is None or receiver.experience_years is None:
        return EXPERIENCE_UNKNOWN
    gap = giver.experience_years - receiver.experience_years
    return float(min(max(gap, 0.0), EXPERIENCE_SATURATION_YEARS) / EXPERIENCE_SATURATION_YEARS)


def same_place(a: Participant, b: Participant) -> bool:
    return bool(a.location.strip()) and a.location.strip().casefold() == b.location.strip().casefold()


def meeting_fit(a: Participant, b: Participant) -> tuple[float, str]:
    """How well two people can meet, and the reason code for explanations."""
    common = a.meeting_mode.modes & b.meeting_mode.modes
    if "in_person" in common and same_place(a, b):
        return MEETING_SAME_PLACE, "same_place"
    if "remote" in common:
        return MEETING_REMOTE, "remote"
    if "in_person" in common:
        if not a.location.strip() or not b.location.strip():
            return MEETING_REMOTE, "in_person_unknown_place"
        return MEETING_IN_PERSON_APART, "in_person_apart"
    return MEETING_NONE, "no_common_mode"


def _meeting_fit(giver: Participant, receiver: Participant) -> float:
    return meeting_fit(giver, receiver)[0]


def wished(giver: Participant, receiver: Participant) -> bool:
    """Either of the two named the other as a wish."""
    return receiver.id in giver.wishes or giver.id in receiver.wishes


def _wish(giver: Participant, receiver: Participant, programme: Programme) -> float:
    if programme.wishes == "ignore":
        return 0.0
    return 1.0 if wished(giver, receiver) else 0.0


def same_organisation(a: Participant, b: Participant) -> bool:
    return bool(a.same_org_key) and a.same_org_key == b.same_org_key


def _same_org_penalty(giver: Participant, receiver: Participant, programme: Programme) -> float:
    return -1.0 if programme.same_organisation == "discouraged" and same_organisation(giver, receiver) else 0.0


def common_languages(a: Participant, b: Participant) -> list[str] | None:
    """Shared languages, or ``None`` when either did not say (then any is fine)."""
    if not a.languages or not b.languages:
        return None
    return [lang for lang in a.languages if lang in b.languages]


def _blocked(giver: Participant, receiver: Participant, programme: Programme) -> str:
    if receiver.id in giver.exclusions or giver.id in receiver.exclusions:
        return BLOCK_EXCLUDED
    if common_languages(giver, receiver) == []:
        return BLOCK_LANGUAGE
    if programme.same_organisation == "forbidden" and same_organisation(giver, receiver):
        return BLOCK_SAME_ORG
    return ""

