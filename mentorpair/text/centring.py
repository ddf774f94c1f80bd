"""Centring by language for any encoder: each text minus its language's mean over the reference corpus.

:class:`~mentorpair.text.e5.E5Encoder` ships its centres as data
(``data/e5_centres.json``); a model chosen by the user
(:class:`~mentorpair.text.encoders.SentenceTransformerEncoder`, any name or
local path) gets the same treatment by computing them once, from the same
bundled reference corpus (:mod:`mentorpair.text.reference`) read by the same
model, the first time it encodes. Why centre at all: embeddings carry the
language they were written in, so two texts in one language look alike for
that reason alone and a Finnish goal loses to an English offer on another
topic; subtracting each language's own mean takes most of that pull out
(docs/encoders.md).

The centres depend on the model, the corpus and the language detector only,
so an encoder's id names the corpus digest and the detector's release instead
of the vectors (which would need the model loaded to know).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from .batching import normalise_rows
from .language import CENTRED_LANGUAGES, LANGID_VERSION, detect_language
from .reference import reference_corpus

__all__ = ["LanguageCentres", "centres_id", "corpus_centres"]


@dataclass(frozen=True)
class LanguageCentres:
    """The mean unit vector of the reference corpus, and of its texts in each centred language."""

    shared: np.ndarray
    languages: Mapping[str, np.ndarray]
    counts: Mapping[str, int]

    def subtract(self, vectors: np.ndarray, texts: Sequence[str], *, by_language: bool = True) -> np.ndarray:
        """``vectors`` (unit rows for ``texts``) less each text's centre: its language's, else the shared one."""
        if not by_language:
            return np.asarray(vectors - self.shared, dtype=np.float32)
        centres = np.stack([self.languages.get(detect_language(t) or "", self.shared) for t in texts])
        return np.asarray(vectors - centres, dtype=np.float32)


def corpus_centres(encode_unit: Callable[[list[str]], np.ndarray]) -> LanguageCentres:
    """The centres of a model, from its unit vectors of the reference corpus (``encode_unit(texts)``).

    A centred language without a corpus text (never, with the bundled corpus) would get the shared mean.
    """
    texts = list(reference_corpus().texts)
    vectors = normalise_rows(encode_unit(texts)).astype(np.float64)
    languages = np.array([detect_language(t) or "" for t in texts])
    shared = vectors.mean(axis=0)
    means = {lang: (vectors[languages == lang].mean(axis=0) if (languages == lang).any() else shared)
             for lang in CENTRED_LANGUAGES}
    return LanguageCentres(
        shared=shared.astype(np.float32),
        languages={lang: v.astype(np.float32) for lang, v in means.items()},
        counts={lang: int((languages == lang).sum()) for lang in CENTRED_LANGUAGES},
    )


def centres_id(centre: bool | str) -> str:
    """What an encoder's id adds for its centring: the corpus and, by language, the detector."""
    if centre is False:
        return ""
    corpus = reference_corpus()
    text = f" centred={'by-language' if centre is True else 'shared'} corpus=v{corpus.version}:{corpus.digest[:12]}"
    return text + (f" {LANGID_VERSION}" if centre is True else "")
