"""Character n-grams with fixed TF-IDF weights: no model, no language."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..exceptions import MissingDependencyError
from .batching import encode_texts
from .reference import corpus_digest, reference_corpus

__all__ = ["CharNgramEncoder"]


class CharNgramEncoder:
    """Character n-grams with fixed TF-IDF weights, hashed into a dense vector.

    A text becomes the counts of its character 3- to 5-grams taken inside
    word boundaries (scikit-learn's ``analyzer="char_wb"``), so that
    *johtaminen*, *johtajana* and *johtamaan* share most of their n-grams and
    a compound such as *lähiesihenkilötyö* shares them with *esihenkilö*.
    The counts are weighted by inverse document frequency and scaled to
    unit length, as ``TfidfVectorizer`` does.

    Why hashed and why a fixed IDF: ``TfidfVectorizer`` fitted on the texts of
    each call would give a text a different vector in every cohort, so vectors
    could not be cached per text, and two calls could not be compared. Here
    scikit-learn's ``HashingVectorizer`` (the vocabulary-free twin of
    ``CountVectorizer``) maps n-grams to ``n_features`` columns, and a
    ``TfidfTransformer`` fitted once on a fixed reference corpus supplies the
    IDF: n-grams common in Finnish and English working-life text (*" ja "*,
    *"ing "*, *"minen"*) count little, and n-grams unseen in the corpus get the
    largest weight. The result depends only on the text. Signed hashing
    (``alternate_sign=True``) makes colliding n-grams cancel on average
    instead of adding spurious similarity.

    Parameters
    ----------
    ngram_range
        Smallest and largest n-gram length.
    n_features
        Dimensions of the dense output; 2**14 keeps collisions rare for
        sentence-length texts at 64 KiB per vector.
    reference
        Texts whose document frequencies give the IDF; ``None`` uses the
        package's bilingual reference corpus (:mod:`mentorpair.text.reference`).
        The first 12 digits of their digest are part of :attr:`id`.
    """

    def __init__(
        self,
        *,
        ngram_range: tuple[int, int] = (3, 5),
        n_features: int = 2**14,
        reference: Sequence[str] | None = None,
    ) -> None:
        lo, hi = ngram_range
        if not 1 <= lo <= hi:
            raise ValueError(f"ngram_range must be (lo, hi) with 1 <= lo <= hi, got {ngram_range!r}")
        if n_features < 16:
            raise ValueError(f"n_features must be >= 16, got {n_features!r}")
        self._range = (int(lo), int(hi))
        self._n_features = int(n_features)
        self._reference = tuple(reference) if reference is not None else None
        self._fitted: tuple[Any, np.ndarray] | None = None
        self._digest: str | None = None

    @property
    def id(self) -> str:
        lo, hi = self._range
        return f"char-ngram:char_wb{lo}-{hi} hashed={self._n_features} idf={self._reference_digest()}"

    def _reference_texts(self) -> tuple[str, ...]:
        return self._reference if self._reference is not None else reference_corpus().texts

    def _reference_digest(self) -> str:
        if self._digest is None:
            self._digest = corpus_digest(self._reference_texts())[:12]
        return self._digest

    def _fit(self) -> tuple[Any, np.ndarray]:
        if self._fitted is None:
            try:
                # Heavy (scikit-learn and scipy): imported on first use, not with mentorpair.
                from sklearn.feature_extraction.text import (
                    HashingVectorizer,
                    TfidfTransformer,
                )
            except ImportError as exc:  # pragma: no cover - a runtime dependency
                raise MissingDependencyError("scikit-learn", "default", "CharNgramEncoder") from exc
            hasher = HashingVectorizer(
                analyzer="char_wb", ngram_range=self._range, n_features=self._n_features,
                alternate_sign=True, norm=None, lowercase=True, dtype=np.float32,
            )
            counts = hasher.transform(list(self._reference_texts()))
            # IDF is defined on presence, so signed counts are fitted by their magnitude.
            idf = TfidfTransformer(smooth_idf=True).fit(abs(counts)).idf_.astype(np.float32)
            self._fitted = (hasher, idf)
        return self._fitted

    def _encode_batch(self, batch: list[str]) -> np.ndarray:
        hasher, idf = self._fit()
        counts = hasher.transform(batch)
        # Two n-grams hashed to one column with opposite signs can cancel to an explicit 0.
        counts.eliminate_zeros()
        # Sub-linear term frequency (1 + log tf, keeping the hash sign): a word repeated
        # in a long text should not drown the others.
        counts.data = np.sign(counts.data) * (1.0 + np.log(np.abs(counts.data)))
        weighted = counts.multiply(idf[None, :]).tocsr()
        return np.asarray(weighted.toarray(), dtype=np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (``n_features`` dimensions) for ``texts``; empty texts get zero rows."""
        # Chunks bound the dense intermediate; the vectors do not depend on the chunking.
        return encode_texts(texts, lambda: self._n_features, self._encode_batch, chunk=512,
                            progress=False, desc="encoding (n-grams)")

    def __repr__(self) -> str:
        return f"CharNgramEncoder(ngram_range={self._range}, n_features={self._n_features})"
