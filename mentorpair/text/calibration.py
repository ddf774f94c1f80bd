"""The goal-text part of a pair's score: its similarity read against what unrelated texts score.

A cosine means different things with different encoders, and with none of
them does it spread over its range: centred e5 gives two unrelated texts about
0 and a goal with its own mentor's offer about 0.2, so the old part
``(1 + s) / 2`` moved between 0.5 and 0.6 while the goal areas swung from 0 to
1, and the weight table's 0.40 against 0.25 did not mean what it said (on the
benchmarks the goal areas decided nearly every pair: docs/scoring.md).

So each encoder's similarity is calibrated on the bundled reference corpus
(:mod:`mentorpair.text.reference`), whose texts are sign-up goals and offers
on every topic: ``low`` is what two of its texts score at the median (an
unrelated pair), ``high`` what the closest 1 % of its pairs score. The part is
a logistic curve through them::

    part = 1 / (1 + exp(-(s - (low + high) / 2) / ((high - low) / 6)))

about 0.05 for a typical unrelated pair, 0.5 half way, 0.95 at the corpus's
top 1 %. It is monotone, so every mentee's order of mentors is the
similarity's own; it is never flat, so pairs below ``low`` keep their order
(a linear scale clipped at 0 tied them); and it depends on the encoder and the
corpus only, never on the rest of the cohort. A pair with an empty goal or
offer text gets 0.5: nothing is known, as with unknown experience.

The scale is computed the first time an encoder scores (the corpus's phrases
encoded once, cached like any text where the encoder is a ``CachedEncoder``),
and kept per encoder id (and corpus, and the words' weight) for the process.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from . import similarity
from .encoders import Encoder
from .reference import reference_corpus
from .similarity import PhraseIndex

__all__ = ["NEUTRAL_PART", "TextScale", "text_scale"]

#: the part of a pair whose goal or offer text is empty: nothing is known either way
NEUTRAL_PART = 0.5
#: the quantiles of the reference corpus's pair similarities that ``low`` and ``high`` are
_LOW_QUANTILE, _HIGH_QUANTILE = 0.5, 0.99
#: the logistic's steepness: ``low`` and ``high`` are this many scale units from the middle
_HALF_WIDTH = 3.0


@dataclass(frozen=True)
class TextScale:
    """An encoder's reference points: the similarity of a median and of a top-1 % pair of unrelated texts."""

    low: float
    high: float

    def part(self, similarity: np.ndarray, empty: np.ndarray | None = None) -> np.ndarray:
        """The goal-text part for ``similarity`` in [-1, 1]; :data:`NEUTRAL_PART` where ``empty``."""
        s = np.asarray(similarity, dtype=np.float64)
        middle, unit = (self.low + self.high) / 2, (self.high - self.low) / (2 * _HALF_WIDTH)
        # An encoder whose reference pairs all score alike (a degenerate one) has no scale to read: the
        # plain mapping of [-1, 1] onto [0, 1] then, rather than a division by nothing.
        part = (np.clip((1.0 + s) / 2.0, 0.0, 1.0) if unit <= 1e-6
                else 1.0 / (1.0 + np.exp(-np.clip((s - middle) / unit, -50.0, 50.0))))
        if empty is not None:
            part = np.where(np.asarray(empty, dtype=bool), NEUTRAL_PART, part)
        return np.asarray(part, dtype=np.float64)


_SCALES: dict[tuple[str, str, float], TextScale] = {}
_LOCK = threading.Lock()


def text_scale(encoder: Encoder) -> TextScale:
    """The encoder's :class:`TextScale`, from the reference corpus's pairs (computed once per encoder id)."""
    # Everything the scale is computed from: the encoder, the corpus, and the words' share in a pair's
    # similarity (a benchmark that changes LEXICAL_WEIGHT must not leave a stale scale behind).
    # GOAL_WEIGHT is not read at call time (PhraseIndex binds it as a default), so it is not a key.
    key = (encoder.id, reference_corpus().digest, similarity.LEXICAL_WEIGHT)
    with _LOCK:
        if key in _SCALES:
            return _SCALES[key]
    texts = list(reference_corpus().texts)
    table = PhraseIndex(encoder, texts).matrix(texts, texts).astype(np.float64)
    pairs = table[~np.eye(len(texts), dtype=bool)]
    low, high = (round(float(q), 6) for q in np.quantile(pairs, [_LOW_QUANTILE, _HIGH_QUANTILE]))
    scale = TextScale(low, high)
    with _LOCK:
        return _SCALES.setdefault(key, scale)
