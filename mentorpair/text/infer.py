"""Inferring goal areas from free text, for sign-ups that named none.

Two sources of evidence, both bilingual:

* **keywords**: the Finnish and English word stems of
  :data:`mentorpair.text.taxonomy.GOAL_AREAS`. A stem matches a word that starts
  with it (*johta* → *johtaminen*, *johtajana*), since Finnish inflects
  heavily. Finnish stems of five or more letters also match inside a word,
  because Finnish writes compounds as one word (*lähi**esihen**kilö*,
  *kirjasto**pedagog**iikka*). Several-word stems (*line manag*, *tiimin
  veto*) match word by word.
* **an encoder** (optional): the cosine of each phrase of the text with each
  area's Finnish and English labels. It finds areas worded without any
  keyword, at the cost of an encoding call.

The areas are ranked by evidence (see :func:`infer_goal_areas`) and come back
as taxonomy keys, so :func:`mentorpair.text.taxonomy.area_label` prints them in
either language. Inference is a suggestion: callers should mark inferred
areas as such wherever they show them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .encoders import Encoder
from .taxonomy import GOAL_AREAS

__all__ = [
    "ENCODER_MARGIN",
    "ENCODER_MIN_Z",
    "KEYWORD_BONUS",
    "AreaEvidence",
    "area_evidence",
    "infer_goal_areas",
    "infer_many",
]

#: with an encoder: score added per distinct word that matches an area's keywords
KEYWORD_BONUS = 0.05
#: with an encoder: areas scoring within this much of the best one are returned too
ENCODER_MARGIN = 0.05
#: with an encoder: an area without keyword evidence must stand out from the text's cosines
#: with all areas by this many standard deviations (texts about no area at all stay empty)
ENCODER_MIN_Z = 2.2
# Shortest Finnish stem that may also match inside a compound word: shorter ones
# ("digi", "nuor", "levy") would hit unrelated compounds.
_COMPOUND_MIN = 5
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(frozen=True, slots=True)
class AreaEvidence:
    """Why an area was inferred: the words of the text that matched its keywords."""

    key: str
    words: tuple[str, ...]
    first: int  # index of the first matching word, for ordering by mention


def _words(text: str) -> list[str]:
    return [w.replace("’", "'") for w in _WORD.findall(text.casefold())]


def _stem_matches(stem: str, words: list[str], inner: bool) -> list[int]:
    """Positions of the words where ``stem`` (one or several words) matches."""
    parts = stem.split()
    # A one-word Finnish stem long enough to be unambiguous may sit inside a compound.
    compound = inner and len(parts) == 1 and len(parts[0]) >= _COMPOUND_MIN

    def matches(word: str, part: str, last: bool) -> bool:
        # Inner words of a several-word stem must match whole; the last one is a prefix.
        return (word.startswith(part) if last else word == part) or (compound and part in word)

    return [
        i for i in range(len(words) - len(parts) + 1)
        if all(matches(words[i + k], part, k == len(parts) - 1) for k, part in enumerate(parts))
    ]


def area_evidence(text: str) -> list[AreaEvidence]:
    """Every taxonomy area whose keywords occur in ``text``, best supported first.

    Parameters
    ----------
    text
        Free text in Finnish or English (or both).

    Returns
    -------
    list of AreaEvidence
        Ordered by the number of distinct matching words (more first), then
        by where the area is first mentioned (earlier first).
    """
    words = _words(text)
    found = []
    for area in GOAL_AREAS:
        positions: dict[int, str] = {}
        for stems, inner in ((area.keywords_fi, True), (area.keywords_en, False)):
            for stem in stems:
                for i in _stem_matches(stem.casefold(), words, inner):
                    positions.setdefault(i, words[i])
        if positions:
            order = sorted(positions)
            found.append(AreaEvidence(area.key, tuple(dict.fromkeys(positions[i] for i in order)), order[0]))
    found.sort(key=lambda e: (-len(e.words), e.first))
    return found


def infer_goal_areas(text: str, *, encoder: Encoder | None = None, max_areas: int = 3) -> tuple[str, ...]:
    """Taxonomy keys of the goal areas a free text is about.

    Parameters
    ----------
    text
        A participant's goals or offer, Finnish or English.
    encoder
        Optional. Without it only keywords count: fast, no model, but silent
        on texts that use none of the taxonomy's stems. With it, every area
        is scored by meaning too::

            score(area) = cos(text, area description) + KEYWORD_BONUS * (keyword words found)

        where an area's description is its label and keyword stems (one in
        Finnish, one in English; the better cosine counts). Areas scoring
        within :data:`ENCODER_MARGIN` of the best are returned, provided they
        have keyword evidence or their cosine stands :data:`ENCODER_MIN_Z`
        standard deviations above the text's mean cosine over all areas (so
        "I live in Oulu" gets no area). The constants were set on the
        benchmark with the centred e5 encoder (docs/encoders.md); other
        encoders have other cosine scales.
    max_areas
        At most this many keys.

    Returns
    -------
    tuple of str
        Area keys, best supported first; empty when nothing points to any
        area. Without an encoder: ordered by how many distinct words support
        an area, then by first mention.

    Examples
    --------
    >>> infer_goal_areas("Haluan kehittyä lähiesihenkilönä ja oppia pitämään kehityskeskusteluja.")
    ('supervisory_work',)
    >>> infer_goal_areas("Tavoitteeni on julkaista väitöskirjan artikkeleita ja verkostoitua kansainvälisesti.")
    ('research_career', 'networking', 'internationality')
    >>> infer_goal_areas("I want to get better at public speaking.")
    ('communication',)
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, got {type(text).__name__}")
    return infer_many([text], encoder=encoder, max_areas=max_areas)[0]


def infer_many(
    texts: Sequence[str], *, encoder: Encoder | None = None, max_areas: int = 3
) -> list[tuple[str, ...]]:
    """:func:`infer_goal_areas` for many texts, with one encoder call for all of them."""
    if max_areas < 1:
        raise ValueError(f"max_areas must be >= 1, got {max_areas!r}")
    texts = list(texts)
    evidence = [area_evidence(t) for t in texts]
    if encoder is None:
        return [tuple(e.key for e in ev[:max_areas]) for ev in evidence]
    keys = [area.key for area in GOAL_AREAS]
    column = {k: j for j, k in enumerate(keys)}
    cos = _area_cosines(texts, encoder)
    out: list[tuple[str, ...]] = []
    for i, text in enumerate(texts):
        if not text.strip():
            out.append(())
            continue
        counts = np.zeros(len(keys))
        for ev in evidence[i]:
            counts[column[ev.key]] = len(ev.words)
        score = cos[i] + KEYWORD_BONUS * counts
        spread = float(cos[i].std()) or 1.0
        stands_out = (cos[i] - cos[i].mean()) / spread >= ENCODER_MIN_Z
        keep = (score >= score.max() - ENCODER_MARGIN) & ((counts > 0) | stands_out)
        ranked = [keys[j] for j in np.argsort(-score, kind="stable") if keep[j]]
        out.append(tuple(ranked[:max_areas]))
    return out


def _descriptions() -> tuple[list[str], np.ndarray]:
    """Each area as two short texts, label plus keyword stems, in Finnish and in English."""
    texts, owner = [], []
    for j, area in enumerate(GOAL_AREAS):
        texts.append(f"{area.fi}: {', '.join(area.keywords_fi)}")
        texts.append(f"{area.en}: {', '.join(area.keywords_en)}")
        owner += [j, j]
    return texts, np.array(owner, dtype=np.int64)


_AREA_VECTORS: dict[str, np.ndarray] = {}


def _area_cosines(texts: list[str], encoder: Encoder) -> np.ndarray:
    """Cosine of each text with each area: the better of its two descriptions."""
    descriptions, owner = _descriptions()
    vectors = _AREA_VECTORS.get(encoder.id)
    wanted = texts if vectors is not None else texts + descriptions
    encoded = np.asarray(encoder.encode(wanted), dtype=np.float32) if wanted else np.zeros((0, 1), np.float32)
    if vectors is None:
        vectors = encoded[len(texts):]
        # Descriptions are fixed: keep their vectors per encoder for the life of the process.
        _AREA_VECTORS[encoder.id] = vectors
    cos = encoded[: len(texts)] @ vectors.T
    per_area = np.full((len(texts), len(GOAL_AREAS)), -np.inf)
    for col, j in enumerate(owner):
        per_area[:, j] = np.maximum(per_area[:, j], cos[:, col])
    return per_area
