"""The reference corpus: fixed text that the encoders' corpus statistics come from.

:class:`~mentorpair.text.ngrams.CharNgramEncoder` fits its IDF weights on it
and :class:`~mentorpair.text.e5.E5Encoder` subtracts its mean e5 vector, so
both depend on every text and on their order. The texts are versioned data
(``data/reference_corpus.json``, described in ``data/README.md``), not drawn
from code, so that editing a phrase bank elsewhere cannot change a vector.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

__all__ = ["ReferenceCorpus", "corpus_digest", "reference_corpus"]

_CORPUS_FILE = "reference_corpus.json"


@dataclass(frozen=True)
class ReferenceCorpus:
    """The texts of the bundled corpus, its version and digest."""

    version: int
    texts: tuple[str, ...]

    @property
    def digest(self) -> str:
        """:func:`corpus_digest` of :attr:`texts`."""
        return corpus_digest(self.texts)


def corpus_digest(texts: Iterable[str]) -> str:
    """SHA-256 (hex) of a corpus: each text's UTF-8 bytes followed by a NUL byte, in order.

    ``CharNgramEncoder.id`` shows its first 12 digits, so this must not change.
    """
    h = hashlib.sha256()
    for text in texts:
        h.update(text.encode("utf-8", "surrogatepass") + b"\x00")
    return h.hexdigest()


@functools.cache
def reference_corpus() -> ReferenceCorpus:
    """The bundled corpus, read once per process."""
    raw = (resources.files("mentorpair.text") / "data" / _CORPUS_FILE).read_text(encoding="utf-8")
    doc = json.loads(raw)
    texts = doc.get("texts") if isinstance(doc, dict) else None
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(texts, list) or not texts or not all(isinstance(t, str) for t in texts):
        raise ValueError(f"{_CORPUS_FILE}: 'texts' must be a non-empty list of strings")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(f"{_CORPUS_FILE}: 'version' must be an integer")
    return ReferenceCorpus(version=version, texts=tuple(texts))
