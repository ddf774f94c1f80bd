"""What every encoder shares: input checks, length-sorted batches, a progress bar, unit rows.

:func:`encode_texts` is the driver the model-backed encoders hand their
batch function to: it gives empty texts zero rows without asking the model,
sends the rest in chunks sorted by length and scales every row to unit
length, so an encoder only has to turn a list of texts into raw vectors.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

__all__ = ["PROGRESS_MIN_TEXTS", "check_texts", "encode_texts", "normalise_rows", "progress_bar"]

#: lists at least this long show a progress bar when stderr is a terminal (``progress=None``)
PROGRESS_MIN_TEXTS = 256


def normalise_rows(vectors: np.ndarray) -> np.ndarray:
    """Scale each row to unit length; an all-zero row (no text) stays zero."""
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim != 2:
        raise ValueError(f"an encoder must return a 2-D array, got shape {vectors.shape}")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = np.zeros_like(vectors)
    np.divide(vectors, norms, out=unit, where=norms > 0)
    return unit


def _has_text(texts: Sequence[str]) -> np.ndarray:
    """Which texts carry any characters other than white space."""
    return np.array([bool(t.strip()) for t in texts], dtype=bool)


def check_texts(texts: Sequence[str]) -> list[str]:
    """``texts`` as a list, or a ``TypeError`` for a bare string or a non-string item."""
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
        # Optional (it comes with sentence-transformers) and only needed when a bar is shown.
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


def encode_texts(
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
    texts = check_texts(texts)
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
