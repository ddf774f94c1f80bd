"""The words a goal and an offer share: the lexical channel beside the embeddings.

Embeddings place "paikkatieto" near "kartat" and far from nothing in
particular; a specific term that both texts name (Python, GIS, Horizon
Europe, sytostaatit, a Finnish compound such as "paikkatietojärjestelmä") is
strong evidence of its own, and the one an explanation can quote: "both
mention 'paikkatieto'". So each text's content words are reduced to stems,
weighted by how rare they are, and a pair's lexical similarity is the weighted
share of the goal's words the offer names (and, with the goal side's weight,
of the offer's words the goal names), in [0, 1]:

    lexical = GOAL_WEIGHT * goal_covered + (1 - GOAL_WEIGHT) * offer_covered

Words
    Runs of letters (a hyphen or digit splits "GIS-analyysi" into "gis" and
    "analyysi"), of at least two letters, less the stop words of Finnish,
    English and Swedish (``stopwordsiso``: a Finnish text quotes English
    often), each stemmed by Snowball (``PyStemmer``) in the text's language
    (:func:`~mentorpair.text.language.detect_language`; another language is
    only case-folded).
Two stems name the same thing
    when equal, or when they agree on their first :data:`MIN_SHARED` letters
    and on at least :data:`MIN_SHARE` of the shorter one: Snowball leaves
    Finnish consonant gradation ("paikkatiedo-" and "paikkatieto") and
    compounds ("kirjasto" in "kirjastopalvelu") apart, and the shared start
    joins them without joining "tietoturva" and "tietojohtaminen".
Rarity
    ``1 + ln((N + 1) / (df + 1))`` over the bundled reference corpus's
    ``N`` texts (:mod:`mentorpair.text.reference`), fixed, so that a pair's
    value depends on its two texts only, never on the rest of the cohort:
    "haluan", "oppia" and "kehittää" weigh little, "sytostaatti" the most.

Why PyStemmer: on 40 inflected word pairs that should or should not meet
(Finnish, English, Swedish; docs/encoders.md) the shared-start rule over its
stems was right on 38, over simplemma's lemmas on 39, over the bare words on
33; simplemma reads its Finnish dictionary for 3–5 s in every process, the
compiled Snowball stemmers load at once.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence

import numpy as np
import Stemmer
import stopwordsiso
from scipy import sparse

from .language import detect_language
from .reference import reference_corpus

__all__ = ["MIN_SHARE", "MIN_SHARED", "QUOTED_MOST_TEXTS", "TermIndex", "text_terms"]

#: letters two different stems must share at their start to name the same thing
MIN_SHARED = 6
#: ... and the share of the shorter stem those letters must be
MIN_SHARE = 0.75
#: a word the explanations quote is in at most this many reference-corpus texts: common words ("tiedän",
#: "år", "team") meet by accident between texts on different topics, specific terms do not
QUOTED_MOST_TEXTS = 1
_STEMMERS = {"fi": "finnish", "en": "english", "sv": "swedish"}
_WORD = re.compile(r"[^\W\d_]{2,}")


@functools.cache
def _stop_words() -> frozenset[str]:
    return frozenset(w.casefold() for lang in _STEMMERS for w in stopwordsiso.stopwords(lang))


@functools.cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(_STEMMERS[language])


def text_terms(text: str) -> list[tuple[str, str]]:
    """``(stem, word as written)`` of each content word of ``text``, in order (repeats included)."""
    language = detect_language(text) if text.strip() else None
    stemmer = _stemmer(language) if language in _STEMMERS else None
    stop = _stop_words()
    out = []
    for match in _WORD.finditer(text):
        word = match.group()
        folded = word.casefold()
        if folded in stop:
            continue
        out.append((stemmer.stemWord(folded) if stemmer is not None else folded, word))
    return out


@functools.cache
def _reference_idf() -> tuple[int, dict[str, int]]:
    """The reference corpus's size and, per stem, how many of its texts have it."""
    texts = reference_corpus().texts
    df: dict[str, int] = {}
    for text in texts:
        for stem in {s for s, _ in text_terms(text)}:
            df[stem] = df.get(stem, 0) + 1
    return len(texts), df


def _rarity(stem: str) -> float:
    n, df = _reference_idf()
    return 1.0 + math.log((n + 1) / (df.get(stem, 0) + 1))


def _same_term(a: str, b: str) -> bool:
    if a == b:
        return True
    shared = 0
    for x, y in zip(a, b):
        if x != y:
            break
        shared += 1
    return shared >= MIN_SHARED and shared >= MIN_SHARE * min(len(a), len(b))


class TermIndex:
    """The content words of a set of texts, for the lexical similarity of any two of them.

    Build it once per cohort with every goal and offer text (as
    :class:`~mentorpair.text.similarity.PhraseIndex` is built).
    """

    def __init__(self, texts: Sequence[str]) -> None:
        distinct = sorted(set(texts))
        self._terms = {t: text_terms(t) for t in distinct}
        vocabulary = sorted({s for terms in self._terms.values() for s, _ in terms})
        self._column = {s: i for i, s in enumerate(vocabulary)}
        self._weight = np.array([_rarity(s) for s in vocabulary], dtype=np.float64)
        # Which stems name the same thing: only stems that agree on their first MIN_SHARED letters
        # can (or are equal), so each is compared within its bucket, never with the whole vocabulary.
        buckets: dict[str, list[int]] = {}
        for i, s in enumerate(vocabulary):
            buckets.setdefault(s[:MIN_SHARED] if len(s) >= MIN_SHARED else "\x00" + s, []).append(i)
        rows, cols = [], []
        for members in buckets.values():
            for i in members:
                for j in members:
                    if i == j or _same_term(vocabulary[i], vocabulary[j]):
                        rows.append(i)
                        cols.append(j)
        n = len(vocabulary)
        self._same = sparse.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))

    def _incidence(self, texts: Sequence[str], weighted: bool) -> sparse.csr_matrix:
        """Texts × stems: each text's distinct stems, by rarity and summing to 1 per row (``weighted``) or 0/1."""
        rows, cols, values = [], [], []
        for r, text in enumerate(texts):
            stems = sorted({self._column[s] for s, _ in self._terms[text]})
            if not stems:
                continue
            w = self._weight[stems] if weighted else np.ones(len(stems))
            rows += [r] * len(stems)
            cols += stems
            values += (w / w.sum()).tolist() if weighted else w.tolist()
        return sparse.csr_matrix((values, (rows, cols)), shape=(len(texts), len(self._column)))

    def matrix(self, goals: Sequence[str], offers: Sequence[str], goal_weight: float) -> np.ndarray:
        """The lexical similarity of every goal text (rows) against every offer text (columns), float64."""
        if not len(goals) or not len(offers):
            return np.zeros((len(goals), len(offers)))
        goal_w, offer_w = self._incidence(goals, True), self._incidence(offers, True)
        # A stem is covered by a text that has it or a stem naming the same thing.
        covered_by_offer = ((self._same @ self._incidence(offers, False).T) > 0).astype(np.float64)
        covered_by_goal = ((self._same @ self._incidence(goals, False).T) > 0).astype(np.float64)
        goal_side = (goal_w @ covered_by_offer).toarray()
        offer_side = (offer_w @ covered_by_goal).toarray().T
        return np.asarray(goal_weight * goal_side + (1.0 - goal_weight) * offer_side, dtype=np.float64)

    def shared_words(self, goal: str, offer: str, *, rare: bool = True) -> list[tuple[str, str]]:
        """The goal's words the offer also names, rarest first (ties in the goal's order), each with the
        offer's word for it: ``[(goal word, offer word), ...]``, one per stem; with ``rare`` only words in
        at most :data:`QUOTED_MOST_TEXTS` texts of the reference corpus (what explanations quote)."""
        offer_terms = self._terms[offer]
        found: dict[str, tuple[str, str]] = {}
        n, df = _reference_idf()
        for stem, word in self._terms[goal]:
            if stem in found or (rare and (df.get(stem, 0) > QUOTED_MOST_TEXTS or len(word) < 3)):
                continue
            other = next((w for s, w in offer_terms if _same_term(stem, s)), None)
            if other is not None:
                found[stem] = (word, other)
        order = sorted(found, key=lambda s: -_rarity(s))  # sorted() is stable: equal rarity keeps the goal's order
        return [found[s] for s in order]
